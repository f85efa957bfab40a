-- 0012: articles (blogs, issue 6 point 3). A published article is a post
-- of kind 'article' with posts.title, so visibility (organisation, public,
-- group), comments, reactions, search and live events are those of posts.
-- Drafts and scheduled articles are NOT posts: they live only in
-- article_drafts and are read by their author only, so no stream, search,
-- feed or count can show one.

CREATE TABLE article_drafts (
	id                  INTEGER PRIMARY KEY,
	author_id           INTEGER NOT NULL REFERENCES people(id),
	title               TEXT NOT NULL DEFAULT '',
	body                TEXT NOT NULL DEFAULT '',
	-- an unclaimed upload of the author; the sweep keeps it while a draft names it
	cover_attachment_id INTEGER REFERENCES attachments(id),
	visibility          TEXT NOT NULL DEFAULT 'organisation',
	group_id            INTEGER REFERENCES groups(id),
	-- scheduled: published by the sweeper's tick once publish_at <= now
	publish_at          INTEGER,
	-- why a scheduled publication failed (it stays a draft, unscheduled)
	publish_error       TEXT,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL
);
CREATE INDEX article_drafts_author ON article_drafts(author_id, updated_at);
CREATE INDEX article_drafts_due ON article_drafts(publish_at) WHERE publish_at IS NOT NULL;
CREATE INDEX article_drafts_cover ON article_drafts(cover_attachment_id) WHERE cover_attachment_id IS NOT NULL;

-- One row per published article, written with its post.
CREATE TABLE articles (
	post_id             INTEGER PRIMARY KEY REFERENCES posts(id),
	cover_attachment_id INTEGER REFERENCES attachments(id),
	published_at        INTEGER NOT NULL
);

-- The blogs walk articles newest first (post ids grow with time): the
-- organisation blog, and the public ones per author.
CREATE INDEX posts_articles ON posts(id) WHERE kind = 'article';
CREATE INDEX posts_articles_public ON posts(author_id, id)
	WHERE kind = 'article' AND visibility = 'public' AND deleted_at IS NULL;
