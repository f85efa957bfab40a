-- 0001: people, sessions and the audit log.
CREATE TABLE people (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name          TEXT NOT NULL,
	title         TEXT NOT NULL DEFAULT '',
	department    TEXT NOT NULL DEFAULT '',
	location      TEXT NOT NULL DEFAULT '',
	bio           TEXT NOT NULL DEFAULT '',
	manager_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
	role          TEXT NOT NULL DEFAULT 'member',
	status        TEXT NOT NULL DEFAULT 'active',
	language      TEXT,
	password_hash TEXT,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE INDEX people_name ON people(name COLLATE NOCASE, id);
CREATE INDEX people_manager ON people(manager_id);
CREATE INDEX people_department ON people(department);
CREATE INDEX people_created ON people(created_at DESC, id DESC);

-- Search over names, e-mail, title and department: word prefixes, ignoring
-- case and diacritics. Kept in step with people by triggers.
CREATE VIRTUAL TABLE people_fts USING fts5(
	name, email, title, department,
	content='people', content_rowid='id',
	tokenize="unicode61 remove_diacritics 2 tokenchars '@.'",
	prefix='1 2 3'
);
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
	INSERT INTO people_fts(rowid, name, email, title, department)
	VALUES (new.id, new.name, new.email, new.title, new.department);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
	INSERT INTO people_fts(people_fts, rowid, name, email, title, department)
	VALUES ('delete', old.id, old.name, old.email, old.title, old.department);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF name, email, title, department ON people BEGIN
	INSERT INTO people_fts(people_fts, rowid, name, email, title, department)
	VALUES ('delete', old.id, old.name, old.email, old.title, old.department);
	INSERT INTO people_fts(rowid, name, email, title, department)
	VALUES (new.id, new.name, new.email, new.title, new.department);
END;

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	token_hash   BLOB NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	user_agent   TEXT NOT NULL DEFAULT '',
	address      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	actor_id  INTEGER,
	action    TEXT NOT NULL,
	subject   TEXT NOT NULL DEFAULT '',
	address   TEXT NOT NULL DEFAULT ''
);

-- Instance-wide secrets and settings (shared by every plein node).
CREATE TABLE instance (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);
