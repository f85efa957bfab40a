-- 0005: "who knows X" — colleagues endorse each other's skills, and a
-- derived index of expertise that the ranking reads.
CREATE TABLE endorsements (
	person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	skill_id    INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
	endorser_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (person_id, skill_id, endorser_id)
) WITHOUT ROWID;
CREATE INDEX endorsements_endorser ON endorsements(endorser_id);

-- One row per (term, person, signal): a term is a folded word or one of its
-- Dutch/English stems (core/textnorm.c); kind says where it came from
-- ('skill', 'language', 'interest', 'title', 'department', 'bio'; later
-- issues add 'post', 'answer', 'article'); label is what a reason shows
-- (the skill, a language code, the bio's word); detail is a number that goes
-- with it (endorsements, language level). Rebuilt per person by
-- core/expertise.c whenever a signal changes; only active people have rows.
-- The key reads "the strongest people for a term" in order, ties by name
-- (kept here so ranking needs no lookup per candidate).
CREATE TABLE expertise (
	term      TEXT NOT NULL,
	weight    INTEGER NOT NULL,  -- hundredths, so that sums and ties are exact
	name      TEXT NOT NULL COLLATE NOCASE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	kind      TEXT NOT NULL,
	label     TEXT NOT NULL,
	detail    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (term, weight DESC, name, person_id, kind, label)
) WITHOUT ROWID;
-- by person: rebuilding a person, and checking candidates for the other words
-- of a query (detail included, so the index answers alone)
CREATE INDEX expertise_person ON expertise(person_id, term, detail);
