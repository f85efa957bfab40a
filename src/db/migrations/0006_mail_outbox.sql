-- 0006: the mail outbox. One row per message plein means to send (today:
-- invitation e-mails), written in the same transaction as what it is about,
-- so an invitation is never created without its delivery being recorded.
-- The message itself is NOT stored: an invitation's link holds a token and
-- the database keeps only token hashes. The sender holds the link in memory;
-- a row still pending when plein starts is marked failed (its link is gone).
-- States: queued (sent_at and failed_at NULL), sent (sent_at), failed
-- (failed_at, with last_error). last_error on a queued row: a retry is due
-- at next_attempt_at.
CREATE TABLE mail_outbox (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,           -- 'invitation'
	ref_id          INTEGER NOT NULL,        -- invitations.id for kind 'invitation'
	to_addr         TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	sent_at         INTEGER,
	failed_at       INTEGER,
	last_error      TEXT
);
CREATE INDEX mail_outbox_ref ON mail_outbox(kind, ref_id);
CREATE INDEX mail_outbox_pending ON mail_outbox(id) WHERE sent_at IS NULL AND failed_at IS NULL;
