-- 0016: insight (issue 7): adoption and the shape of the network.
--
-- activity_days: the days on which a person used plein (a page or the API
-- while signed in). With posts, comments, reactions and answers this is what
-- "active" means; it is the only source of "readers" (active without
-- writing). One row per person and day, written at most once per person and
-- day by each process (core/activity.c keeps what it wrote in memory).
-- day = UTC days since 1970-01-01.
CREATE TABLE activity_days (
	day       INTEGER NOT NULL,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	PRIMARY KEY (day, person_id)
) WITHOUT ROWID;
CREATE INDEX activity_days_person ON activity_days(person_id, day);

-- When a person first could sign in (set a password through an invitation,
-- or was created with one): "activated". NULL: invited or imported, never
-- activated. Existing people with a password count from their creation.
ALTER TABLE people ADD COLUMN activated_at INTEGER;
UPDATE people SET activated_at = created_at WHERE password_hash IS NOT NULL;

-- One computation of the figures (core/insight_store.c): queued by an
-- administrator or the nightly timer, claimed by the insight thread
-- (jobs/insight_job.c) or the console (`plein insight`), with its progress
-- while it runs, and its results as JSON when done. Aggregates are kept as
-- dated snapshots so trends can be drawn; they never name anyone.
-- status: 'queued' | 'running' | 'done' | 'failed'.
CREATE TABLE insight_snapshots (
	id           INTEGER PRIMARY KEY,
	day          INTEGER NOT NULL,          -- the last full UTC day the figures cover
	trigger      TEXT NOT NULL,             -- 'nightly' | 'manual' | 'console'
	requested_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
	status       TEXT NOT NULL DEFAULT 'queued'
	             CHECK (status IN ('queued', 'running', 'done', 'failed')),
	phase        TEXT NOT NULL DEFAULT '',  -- what it is doing now (an English msgid)
	progress     INTEGER NOT NULL DEFAULT 0, -- 0..100
	error        TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	started_at   INTEGER,
	finished_at  INTEGER,
	adoption     TEXT,                      -- JSON, docs/design-insight.md
	network      TEXT,                      -- JSON: department-level aggregates only
	summary      TEXT,                      -- JSON: headline figures, for trends
	people_graph TEXT                       -- JSON: the people picture (individual: admins only)
);
CREATE INDEX insight_snapshots_status ON insight_snapshots(status, id);

-- Individual-level figures of one snapshot (admins only, and each person
-- their own; every read of someone else's is audited). Kept for the newest
-- few snapshots only: older ones keep their aggregates and lose these rows.
-- flags: 1 isolated (no ties), 2 newcomer (joined within 90 days),
-- 4 bridge-builder.
CREATE TABLE insight_people (
	snapshot_id      INTEGER NOT NULL REFERENCES insight_snapshots(id) ON DELETE CASCADE,
	person_id        INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	pagerank         REAL NOT NULL,
	pagerank_rank    INTEGER NOT NULL,      -- 1 = most influential
	betweenness      REAL NOT NULL,         -- estimated (sampled) betweenness
	betweenness_rank INTEGER NOT NULL,
	ties             INTEGER NOT NULL,      -- colleagues tied to
	departments      INTEGER NOT NULL,      -- distinct departments among those ties (own excluded)
	community        INTEGER NOT NULL,      -- community id within the snapshot (-1 none)
	activity         INTEGER NOT NULL,      -- posts, comments, answers, reactions in the last 90 days
	helpful          INTEGER NOT NULL,      -- accepted answers + helpful marks received
	ambassador       REAL NOT NULL,         -- ambassador score 0..1
	ambassador_rank  INTEGER NOT NULL,
	flags            INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (snapshot_id, person_id)
) WITHOUT ROWID;
CREATE INDEX insight_people_pagerank ON insight_people(snapshot_id, pagerank_rank);
CREATE INDEX insight_people_betweenness ON insight_people(snapshot_id, betweenness_rank);
CREATE INDEX insight_people_ambassador ON insight_people(snapshot_id, ambassador_rank);
