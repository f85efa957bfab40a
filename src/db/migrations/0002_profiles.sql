-- 0002: rich profiles — pronouns, phone, start date; skills, interests and
-- languages with a level. Roles widen to admin, moderator, member, guest and
-- alumni; statuses are active and deactivated (both checked in people.c).
ALTER TABLE people ADD COLUMN pronouns   TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN phone      TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN start_date TEXT NOT NULL DEFAULT '';  -- YYYY-MM-DD or ''

CREATE INDEX people_location ON people(location);
CREATE INDEX people_department_name ON people(department, name COLLATE NOCASE, id);

-- Skills and interests are free tags, shared so that suggestions and
-- filters see one "Subsidies" however people typed it (case-insensitive).
CREATE TABLE skills (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE person_skills (
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	skill_id  INTEGER NOT NULL REFERENCES skills(id),
	position  INTEGER NOT NULL,
	PRIMARY KEY (person_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX person_skills_skill ON person_skills(skill_id, person_id);

CREATE TABLE interests (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE person_interests (
	person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	interest_id INTEGER NOT NULL REFERENCES interests(id),
	position    INTEGER NOT NULL,
	PRIMARY KEY (person_id, interest_id)
) WITHOUT ROWID;
CREATE INDEX person_interests_interest ON person_interests(interest_id, person_id);

-- language: ISO 639-1 code (languages.c lists the known ones);
-- level: 1 basic, 2 working, 3 fluent, 4 native.
CREATE TABLE person_languages (
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	language  TEXT NOT NULL,
	level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
	PRIMARY KEY (person_id, language)
) WITHOUT ROWID;
CREATE INDEX person_languages_language ON person_languages(language, level, person_id);
