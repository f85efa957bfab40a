-- 0004: invitations. An administrator invites an e-mail address; the invitee
-- gets a single-use link that expires (7 days by default) to set a password.
-- Only a BLAKE2b hash of the link's 256-bit token is stored, like sessions.
-- A row is pending while accepted_at and revoked_at are both NULL.
CREATE TABLE invitations (
	id          INTEGER PRIMARY KEY,
	email       TEXT NOT NULL COLLATE NOCASE,
	token_hash  BLOB NOT NULL UNIQUE,
	role        TEXT NOT NULL DEFAULT 'member',
	invited_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	accepted_at INTEGER,
	revoked_at  INTEGER
);
CREATE INDEX invitations_email ON invitations(email);
CREATE INDEX invitations_pending ON invitations(id DESC) WHERE accepted_at IS NULL AND revoked_at IS NULL;
