-- 0014: search entries get ids that follow time within a range of ids per
-- kind, so FTS5 can walk a kind's newest matches of a word first and rank
-- only a bounded window of them (a common word in millions of posts then
-- costs what a rare one does; docs/design-search.md "Speed"). Content has
-- id = class * 2^58 + created_at * 2^20 + a sequence within that second
-- (class: post 0, comment 1, question 2, answer 3, article 4, group page 5,
-- group file 6); people, groups and topics 2^61 + k * 2^56 + their own id
-- (k: 1, 2, 3). search_titles indexes names and titles alone. The tables
-- are made again without 0010's triggers (core/search_index.c tells FTS5
-- the old text itself), and search_state is emptied so that the next
-- `plein serve` rebuilds the index.
DROP TRIGGER IF EXISTS search_docs_insert;
DROP TRIGGER IF EXISTS search_docs_delete;
DROP TRIGGER IF EXISTS search_docs_update;
DROP TABLE IF EXISTS search_vocab;
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_docs;

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

CREATE VIRTUAL TABLE search_fts USING fts5(
	title, body,
	content='search_docs', content_rowid='id',
	tokenize='plein',
	prefix='2 3'
);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');

-- Names and titles alone (people, groups, topics, questions, articles,
-- pages, files), for suggestions as you type and similar questions: in
-- search_fts a title's words are a few among every text holding them, so
-- "titles only" there would read all of those. Prefixes of 1–3 characters
-- have their own index (it is small).
CREATE VIEW search_titled AS SELECT id, title FROM search_docs WHERE title <> '';
CREATE VIRTUAL TABLE search_titles USING fts5(
	title,
	content='search_titled', content_rowid='id',
	tokenize='plein',
	prefix='1 2 3'
);

DELETE FROM search_state;
DELETE FROM search_words;
DELETE FROM search_trigrams;
