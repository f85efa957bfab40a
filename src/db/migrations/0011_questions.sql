-- 0011: questions and answers (docs/design-questions.md). Both are posts,
-- kind 'question' and kind 'answer', so visibility, groups, topics,
-- mentions, attachments, comments, reactions, notifications and live
-- events apply to them unchanged. What only a question has lives in the
-- side table `questions`; what every reader of a post row must see at once
-- (the title a list shows, whose answer it is, whether its author is
-- hidden) is on the row itself.

-- title: a question's (articles will use it too). parent_id: an answer's
-- question. anonymous: the author is shown to no one (core/posts.c masks
-- it when it reads the row; the real author_id stays for the rules, the
-- audit log and moderation). On a comment: the asker commenting in the
-- thread of their own anonymous question.
ALTER TABLE posts ADD COLUMN title TEXT;
ALTER TABLE posts ADD COLUMN parent_id INTEGER REFERENCES posts(id);
ALTER TABLE posts ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_parent ON posts(parent_id, id) WHERE parent_id IS NOT NULL;
-- The home stream's "people you follow" source (core/stream.c) without
-- anonymous posts, from the index alone: following an asker must never
-- bring their anonymous question (that would tell who asked it).
CREATE INDEX posts_author_shown ON posts(author_id, id) WHERE anonymous = 0;

-- One row per question, written with it. answer_count and last_answer_id
-- count undeleted answers (recomputed in the transaction of every answer
-- written or deleted); answer ids grow with time, so last_answer_id orders
-- "recently answered" and is its cursor. first_answer_at stays when that
-- answer is deleted: time to first answer is history, not state.
CREATE TABLE questions (
	post_id         INTEGER PRIMARY KEY REFERENCES posts(id),
	accepted_id     INTEGER REFERENCES posts(id),
	accepted_at     INTEGER,
	answer_count    INTEGER NOT NULL DEFAULT 0,
	last_answer_id  INTEGER,
	first_answer_at INTEGER
);
CREATE INDEX questions_unanswered ON questions(post_id) WHERE answer_count = 0;
CREATE INDEX questions_answered ON questions(last_answer_id) WHERE last_answer_id IS NOT NULL;

-- "Helpful" marks on answers: one per person, never on your own, no
-- down-votes. Reputation (issue 6, point 2) counts these.
CREATE TABLE answer_helpful (
	answer_id  INTEGER NOT NULL REFERENCES posts(id),
	person_id  INTEGER NOT NULL REFERENCES people(id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (answer_id, person_id)
) WITHOUT ROWID;
CREATE INDEX answer_helpful_person ON answer_helpful(person_id, answer_id);

-- Colleagues the asker asked by name (notified "question_asked").
CREATE TABLE question_asks (
	question_id INTEGER NOT NULL REFERENCES posts(id),
	person_id   INTEGER NOT NULL REFERENCES people(id),
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (question_id, person_id)
) WITHOUT ROWID;
CREATE INDEX question_asks_person ON question_asks(person_id, question_id);
