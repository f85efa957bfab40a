#!/usr/bin/env bash
# bench/seed-expertise.sh DATA_DIR — give the people of a demo organisation
# skills, interests, spoken languages and endorsements, deterministically
# from their ids, and rebuild the "who knows X" index. For benchmarks while
# `plein demo` itself makes no skills or languages; run.sh calls it only
# when the demo left person_skills empty.
set -euo pipefail
data=$1
BIN=${PLEIN_BIN:-./plein}
db="$data/plein.db"

sqlite3 -bail "$db" <<'SQL'
BEGIN;
CREATE TEMP TABLE names(k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO names(k, name) VALUES
 (0,'Subsidies'),(1,'Grant writing'),(2,'Translation'),(3,'Vertalen'),(4,'Budgeting'),(5,'Excel'),
 (6,'Python'),(7,'SQL'),(8,'Project management'),(9,'Negotiation'),(10,'Public speaking'),(11,'Copywriting'),
 (12,'SEO'),(13,'Recruitment'),(14,'Payroll'),(15,'Privacy law'),(16,'Contract law'),(17,'GDPR'),
 (18,'Data analysis'),(19,'Statistics'),(20,'Machine learning'),(21,'Logistics'),(22,'Lean'),
 (23,'Customer service'),(24,'Coaching'),(25,'Facilitation'),(26,'Design'),(27,'Photography'),
 (28,'Video editing'),(29,'Accessibility'),(30,'Security'),(31,'Linux'),(32,'Networking'),(33,'Procurement'),
 (34,'Tendering'),(35,'Fundraising'),(36,'Event planning'),(37,'Policy writing'),(38,'Subsidieaanvragen'),
 (39,'Crisis communication');
INSERT INTO skills(name) SELECT name FROM names ORDER BY k;
INSERT INTO interests(name) SELECT name FROM names WHERE k < 20 ORDER BY k;
-- three skills each: (id + 13k) mod 40 are distinct for k = 0, 1, 2
INSERT INTO person_skills(person_id, skill_id, position)
 SELECT p.id, s.id, k.k FROM people p, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) k
 JOIN names n ON n.k = (p.id + 13 * k.k) % 40 JOIN skills s ON s.name = n.name;
INSERT INTO person_interests(person_id, interest_id, position)
 SELECT p.id, i.id, k.k FROM people p, (SELECT 0 AS k UNION ALL SELECT 1) k
 JOIN names n ON n.k = (p.id * 7 + 3 * k.k) % 20 JOIN interests i ON i.name = n.name;
-- everyone speaks Dutch; English at every level; three in ten French, one in ten German
INSERT INTO person_languages(person_id, language, level) SELECT id, 'nl', CASE WHEN id % 5 = 0 THEN 3 ELSE 4 END FROM people;
INSERT INTO person_languages(person_id, language, level) SELECT id, 'en', 1 + id % 4 FROM people;
INSERT INTO person_languages(person_id, language, level) SELECT id, 'fr', 1 + (id / 3) % 4 FROM people WHERE id % 10 < 3;
INSERT INTO person_languages(person_id, language, level) SELECT id, 'de', 1 + (id / 7) % 4 FROM people WHERE id % 10 = 5;
-- one in five has 1-5 colleagues endorsing their first skill
INSERT OR IGNORE INTO endorsements(person_id, skill_id, endorser_id, created_at)
 SELECT p.id, ps.skill_id, 1 + (p.id + 37 * j.j) % (SELECT max(id) FROM people), 1700000000
 FROM people p JOIN person_skills ps ON ps.person_id = p.id AND ps.position = 0,
 (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) j
 WHERE p.id % 5 = 0 AND j.j <= 1 + (p.id / 5) % 5 AND 1 + (p.id + 37 * j.j) % (SELECT max(id) FROM people) <> p.id;
COMMIT;
SQL
"$BIN" reindex --data "$data"
