-- 0013: saved searches and the board (TweetDeck-like columns that update
-- live). Both belong to one person and are seen by that person only
-- (core/saved_searches.c, core/board.c). What a column shows is decided
-- when it is shown, through the same visibility-filtered calls as the
-- pages (search_run, the stream functions), so nothing about who may see
-- what is stored here.

-- A search as typed on /search, with its filters. kinds: the API's
-- comma-separated kind names ('' for every kind), kept as text so kinds
-- added later need no migration. since/until: unix seconds, 0 for open.
CREATE TABLE saved_searches (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	name       TEXT NOT NULL,
	q          TEXT NOT NULL,
	kinds      TEXT NOT NULL DEFAULT '',
	group_id   INTEGER NOT NULL DEFAULT 0,
	author_id  INTEGER NOT NULL DEFAULT 0,
	topic      TEXT NOT NULL DEFAULT '',
	since      INTEGER NOT NULL DEFAULT 0,
	until      INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX saved_searches_person ON saved_searches(person_id, id);

-- One column of a person's board. ref: the saved search's, topic's,
-- group's or person's id. position: 0, 1, … left to right, rewritten in
-- one transaction on every move or removal (no UNIQUE on it, so a
-- rewrite need not dodge collisions row by row).
CREATE TABLE board_columns (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	position   INTEGER NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('search', 'topic', 'group', 'person')),
	ref        INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (person_id, kind, ref)
);
CREATE INDEX board_columns_person ON board_columns(person_id, position);
