-- 0010: search — one full-text index over people, posts, comments, groups,
-- topics, group pages and group file names (docs/design-search.md). Who may
-- see an entry is never stored here: core/visibility.c decides at search
-- time. Filled by core/search_index.c from the writers' transactions, and
-- from scratch by `plein reindex --search` (or at the first start).

-- kind: 'person' | 'post' | 'comment' | 'group' | 'topic' | 'group_page' |
-- 'group_file'. post_id: the post deciding who may see a post or comment;
-- group_id: the group itself, or a page's or file's group (a post's group
-- is read from posts, so a moved post needs no change here).
CREATE TABLE search_docs (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	ref_id     INTEGER NOT NULL,
	post_id    INTEGER,
	group_id   INTEGER,
	author_id  INTEGER,
	created_at INTEGER NOT NULL DEFAULT 0,  -- 0: no age (people, groups, topics)
	title      TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX search_docs_ref ON search_docs(kind, ref_id);
CREATE INDEX search_docs_post ON search_docs(post_id) WHERE post_id IS NOT NULL;
CREATE INDEX search_docs_group ON search_docs(group_id) WHERE group_id IS NOT NULL;

-- The tokenizer `plein` is registered by db_open (src/db/sqlite_tokenizer.c):
-- folded words with their Dutch and English stems at the same position.
CREATE VIRTUAL TABLE search_fts USING fts5(
	title, body,
	content='search_docs', content_rowid='id',
	tokenize='plein',
	prefix='2 3'
);
-- The index's terms with how many entries hold them (typo candidates are
-- preferred when common).
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');

-- When the index was last built from scratch (one row once it has been):
-- without it `plein serve` builds it at start (an upgraded database, or a
-- new one, whose alumni group migration 0008 made past the writers).
CREATE TABLE search_state (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	built_at INTEGER NOT NULL
);

-- Words seen by the index (4–30 characters, folded) and their character
-- trigrams ('^' and '$' mark the ends; len in characters), for the typo
-- fallback: "subsidei" shares five trigrams with "subsidie".
CREATE TABLE search_words (
	word TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE search_trigrams (
	tri  TEXT NOT NULL,
	len  INTEGER NOT NULL,
	word TEXT NOT NULL,
	PRIMARY KEY (tri, len, word)
) WITHOUT ROWID;
