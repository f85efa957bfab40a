-- 0007: conversations — posts, comments, reactions, praise, topics,
-- following, announcements, attachments, notifications, and the event log
-- that live streams replay. Post ids grow with time, so "newest first" is
-- "highest id first" and a cursor is an id.

CREATE TABLE topics (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,              -- as first written: "Subsidies"
	key        TEXT NOT NULL UNIQUE,       -- folded (case, diacritics) for matching
	created_at INTEGER NOT NULL
);

-- kind: 'update' | 'praise' | 'announcement'; visibility: 'organisation' |
-- 'public' ('group' comes with groups). body is the Markdown as written,
-- body_html its safe rendering (core/markdown.c), made once at write time so
-- streams never run the renderer. A deleted post keeps its row (audit,
-- links) with body and html emptied. reactions caches "kind:n,kind:n",
-- recomputed from the reactions table in the transaction that changes them.
CREATE TABLE posts (
	id            INTEGER PRIMARY KEY,
	author_id     INTEGER NOT NULL REFERENCES people(id),
	kind          TEXT NOT NULL DEFAULT 'update',
	visibility    TEXT NOT NULL DEFAULT 'organisation',
	group_id      INTEGER,
	body          TEXT NOT NULL,
	body_html     TEXT NOT NULL,
	badge         TEXT,                    -- praise: the badge given
	expires_at    INTEGER,                 -- announcements: stays on top until
	created_at    INTEGER NOT NULL,
	edited_at     INTEGER,                 -- NULL: never edited
	deleted_at    INTEGER,
	comment_count INTEGER NOT NULL DEFAULT 0,
	reactions     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX posts_author ON posts(author_id, id);
CREATE INDEX posts_special ON posts(kind, id) WHERE kind <> 'update';

-- Earlier versions of an edited post, oldest first.
CREATE TABLE post_revisions (
	id         INTEGER PRIMARY KEY,
	post_id    INTEGER NOT NULL REFERENCES posts(id),
	body       TEXT NOT NULL,
	created_at INTEGER NOT NULL,           -- when this version was written
	editor_id  INTEGER NOT NULL REFERENCES people(id)
);
CREATE INDEX post_revisions_post ON post_revisions(post_id, id);

CREATE TABLE post_topics (
	topic_id INTEGER NOT NULL REFERENCES topics(id),
	post_id  INTEGER NOT NULL REFERENCES posts(id),
	PRIMARY KEY (topic_id, post_id)
) WITHOUT ROWID;
CREATE INDEX post_topics_post ON post_topics(post_id);

-- Comments on a post; parent_id is the top-level comment a reply answers
-- (threads are one level deep: a reply to a reply joins its parent).
CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	post_id    INTEGER NOT NULL REFERENCES posts(id),
	parent_id  INTEGER REFERENCES comments(id),
	author_id  INTEGER NOT NULL REFERENCES people(id),
	body       TEXT NOT NULL,
	body_html  TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	deleted_at INTEGER
);
CREATE INDEX comments_post ON comments(post_id, id);
CREATE INDEX comments_author ON comments(author_id, id);

-- Who was mentioned where (comment_id 0: in the post itself): notifications
-- go to the newly mentioned only, also after an edit.
CREATE TABLE mentions (
	post_id    INTEGER NOT NULL REFERENCES posts(id),
	comment_id INTEGER NOT NULL DEFAULT 0,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (post_id, comment_id, person_id)
) WITHOUT ROWID;
CREATE INDEX mentions_person ON mentions(person_id);

-- kind: 'like' | 'thumbsup' | 'heart' | 'tada' | 'bulb' | 'laugh'. No down-votes.
CREATE TABLE reactions (
	post_id    INTEGER NOT NULL REFERENCES posts(id),
	kind       TEXT NOT NULL,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (post_id, kind, person_id)
) WITHOUT ROWID;
CREATE INDEX reactions_person ON reactions(person_id, post_id);

-- The colleagues a praise post thanks (the badge is on the post).
CREATE TABLE praise (
	post_id    INTEGER NOT NULL REFERENCES posts(id),
	person_id  INTEGER NOT NULL REFERENCES people(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (post_id, person_id)
) WITHOUT ROWID;
CREATE INDEX praise_person ON praise(person_id, created_at);
CREATE INDEX praise_recent ON praise(created_at);

CREATE TABLE follows (
	follower_id INTEGER NOT NULL REFERENCES people(id),
	followee_id INTEGER NOT NULL REFERENCES people(id),
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
CREATE INDEX follows_followee ON follows(followee_id, follower_id);

CREATE TABLE topic_follows (
	person_id  INTEGER NOT NULL REFERENCES people(id),
	topic_id   INTEGER NOT NULL REFERENCES topics(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (person_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX topic_follows_topic ON topic_follows(topic_id, person_id);

-- Announcements a person has seen (counted for the author) or dismissed.
CREATE TABLE announcement_views (
	post_id      INTEGER NOT NULL REFERENCES posts(id),
	person_id    INTEGER NOT NULL REFERENCES people(id),
	seen_at      INTEGER NOT NULL,
	dismissed_at INTEGER,
	PRIMARY KEY (post_id, person_id)
) WITHOUT ROWID;
CREATE INDEX announcement_views_person ON announcement_views(person_id, post_id);

-- Files attached to a post or a comment. Uploaded first (owner, no post),
-- claimed by the post or comment that uses them; unclaimed ones are swept.
-- key names the stored file (content-addressed); name is the sanitised
-- original name; mime is from the content, never from the client.
CREATE TABLE attachments (
	id         INTEGER PRIMARY KEY,
	owner_id   INTEGER NOT NULL REFERENCES people(id),
	post_id    INTEGER REFERENCES posts(id),
	comment_id INTEGER REFERENCES comments(id),
	key        TEXT NOT NULL,
	name       TEXT NOT NULL,
	mime       TEXT NOT NULL,
	size       INTEGER NOT NULL,
	width      INTEGER NOT NULL DEFAULT 0,
	height     INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX attachments_post ON attachments(post_id) WHERE post_id IS NOT NULL;
CREATE INDEX attachments_comment ON attachments(comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX attachments_owner ON attachments(owner_id, id);
CREATE INDEX attachments_key ON attachments(key);

-- kind: 'mention' | 'reply' | 'reaction' | 'praise' | 'follow'.
CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),   -- the recipient
	kind       TEXT NOT NULL,
	actor_id   INTEGER NOT NULL REFERENCES people(id),
	post_id    INTEGER,
	comment_id INTEGER,
	created_at INTEGER NOT NULL,
	read_at    INTEGER
);
CREATE INDEX notifications_person ON notifications(person_id, id);
CREATE INDEX notifications_unread ON notifications(person_id) WHERE read_at IS NULL;

-- Per-kind opt-outs: a row with enabled 0 turns a kind off (default on).
CREATE TABLE notification_settings (
	person_id INTEGER NOT NULL REFERENCES people(id),
	kind      TEXT NOT NULL,
	enabled   INTEGER NOT NULL,
	PRIMARY KEY (person_id, kind)
) WITHOUT ROWID;

-- The event log behind live streams: written in the transaction of the
-- change it reports, so a client that reconnects with Last-Event-ID (also
-- after a restart, also on another node) replays exactly what it missed.
-- kind: 'post' | 'post_edited' | 'post_deleted' | 'comment' | 'reaction' |
-- 'notification'. Notification events carry the recipient in person_id and
-- reach no one else; the others are filtered by the post's visibility when
-- delivered. Old rows are pruned.
CREATE TABLE events (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	post_id    INTEGER,
	comment_id INTEGER,
	person_id  INTEGER,
	created_at INTEGER NOT NULL
);
