-- 0008: groups and communities — groups (open, closed, secret), members
-- with a role, requests and invitations, pinned posts, group pages (wiki
-- pages and meeting minutes, every version kept), group files, and sign-ups
-- on posts. Who may see any of it is core/visibility.c's answer; a group's
-- kind is read at every check, so changing it takes effect at once.

-- kind: 'open' (anyone joins; content for the organisation), 'closed'
-- (findable, ask to join; content for members), 'secret' (members only, by
-- invitation). special: 'alumni' for the group created here for former
-- employees (people with the alumni role are its members without a row).
CREATE TABLE groups (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	name_key     TEXT NOT NULL,            -- folded name: sorting and unique check
	kind         TEXT NOT NULL CHECK (kind IN ('open', 'closed', 'secret')),
	category     TEXT NOT NULL DEFAULT '',
	about        TEXT NOT NULL DEFAULT '', -- Markdown as written
	about_html   TEXT NOT NULL DEFAULT '',
	special      TEXT,
	member_count INTEGER NOT NULL DEFAULT 0,  -- rows in group_members, kept in the writer's transaction
	created_by   INTEGER REFERENCES people(id),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	deleted_at   INTEGER
);
CREATE UNIQUE INDEX groups_name_key ON groups(name_key) WHERE deleted_at IS NULL;
CREATE INDEX groups_kind ON groups(kind, id) WHERE deleted_at IS NULL;
CREATE INDEX groups_category ON groups(category, name_key) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX groups_special ON groups(special) WHERE special IS NOT NULL;

CREATE VIRTUAL TABLE groups_fts USING fts5(
	name, category, about,
	content='groups', content_rowid='id',
	tokenize="unicode61 remove_diacritics 2"
);
CREATE TRIGGER groups_fts_insert AFTER INSERT ON groups BEGIN
	INSERT INTO groups_fts(rowid, name, category, about) VALUES (new.id, new.name, new.category, new.about);
END;
CREATE TRIGGER groups_fts_delete AFTER DELETE ON groups BEGIN
	INSERT INTO groups_fts(groups_fts, rowid, name, category, about)
	VALUES ('delete', old.id, old.name, old.category, old.about);
END;
CREATE TRIGGER groups_fts_update AFTER UPDATE OF name, category, about ON groups BEGIN
	INSERT INTO groups_fts(groups_fts, rowid, name, category, about)
	VALUES ('delete', old.id, old.name, old.category, old.about);
	INSERT INTO groups_fts(rowid, name, category, about) VALUES (new.id, new.name, new.category, new.about);
END;

-- role: 'owner' | 'moderator' | 'member'. A group always keeps an owner.
CREATE TABLE group_members (
	group_id  INTEGER NOT NULL REFERENCES groups(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	role      TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'moderator', 'member')),
	joined_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;
CREATE INDEX group_members_person ON group_members(person_id, group_id);

-- Waiting for an answer: kind 'request' (someone asked to join a closed
-- group; owners and moderators approve or decline) or 'invite' (an owner
-- or moderator invited someone, who accepts or declines). One per person.
CREATE TABLE group_requests (
	group_id   INTEGER NOT NULL REFERENCES groups(id),
	person_id  INTEGER NOT NULL REFERENCES people(id),
	kind       TEXT NOT NULL CHECK (kind IN ('request', 'invite')),
	actor_id   INTEGER NOT NULL REFERENCES people(id),  -- who asked or invited
	message    TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;
CREATE INDEX group_requests_person ON group_requests(person_id);

CREATE TABLE group_pins (
	group_id  INTEGER NOT NULL REFERENCES groups(id),
	post_id   INTEGER NOT NULL REFERENCES posts(id),
	pinned_by INTEGER NOT NULL REFERENCES people(id),
	pinned_at INTEGER NOT NULL,
	PRIMARY KEY (group_id, post_id)
) WITHOUT ROWID;

-- A group's posts, newest first (posts.group_id was reserved in 0007).
CREATE INDEX posts_group ON posts(group_id, id) WHERE group_id IS NOT NULL;

-- Group pages: Markdown pages with every version kept in
-- group_page_revisions (the current one included, numbered from 1);
-- meeting minutes are pages with a meeting date (YYYY-MM-DD).
CREATE TABLE group_pages (
	id           INTEGER PRIMARY KEY,
	group_id     INTEGER NOT NULL REFERENCES groups(id),
	title        TEXT NOT NULL,
	meeting_date TEXT,
	body         TEXT NOT NULL,
	body_html    TEXT NOT NULL,
	revision     INTEGER NOT NULL DEFAULT 1,  -- the current version's number
	created_by   INTEGER NOT NULL REFERENCES people(id),
	created_at   INTEGER NOT NULL,
	updated_by   INTEGER NOT NULL REFERENCES people(id),
	updated_at   INTEGER NOT NULL,
	deleted_at   INTEGER
);
CREATE INDEX group_pages_group ON group_pages(group_id, title) WHERE deleted_at IS NULL;
CREATE TABLE group_page_revisions (
	page_id      INTEGER NOT NULL REFERENCES group_pages(id),
	number       INTEGER NOT NULL,
	title        TEXT NOT NULL,
	meeting_date TEXT,
	body         TEXT NOT NULL,
	editor_id    INTEGER NOT NULL REFERENCES people(id),
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (page_id, number)
) WITHOUT ROWID;

-- Group files are attachments claimed by a group (the upload rules, the
-- store and /files/ serving are shared with posts).
ALTER TABLE attachments ADD COLUMN group_id INTEGER REFERENCES groups(id);
CREATE INDEX attachments_group ON attachments(group_id, id) WHERE group_id IS NOT NULL;

-- Sign-ups on a post: an optional cap (NULL: no limit) and deadline.
CREATE TABLE signups (
	post_id    INTEGER PRIMARY KEY REFERENCES posts(id),
	cap        INTEGER,
	deadline   INTEGER,
	created_at INTEGER NOT NULL
);
CREATE TABLE signup_entries (
	post_id    INTEGER NOT NULL REFERENCES signups(post_id),
	person_id  INTEGER NOT NULL REFERENCES people(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (post_id, person_id)
) WITHOUT ROWID;
CREATE INDEX signup_entries_person ON signup_entries(person_id);

-- Notifications about a group (an invitation, a request to join, an
-- answer): kind 'group_invite' | 'group_request' | 'group_joined'.
ALTER TABLE notifications ADD COLUMN group_id INTEGER REFERENCES groups(id);

-- The alumni community, there from the start: closed, so colleagues can
-- find it and ask to join; administrators manage it until it has an owner.
INSERT INTO groups (name, name_key, kind, category, about, about_html, special, created_at, updated_at)
VALUES ('Alumni', 'alumni', 'closed', 'Community',
        'Former colleagues stay in touch here.', '<p>Former colleagues stay in touch here.</p>' || char(10),
        'alumni', CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER));
