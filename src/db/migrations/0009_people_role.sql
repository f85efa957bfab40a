-- 0009: people by role — the alumni group's members are the active people
-- with the alumni role (no membership rows), counted whenever the group is
-- read: an index makes that a short range instead of a table scan.
CREATE INDEX people_role ON people(role, status);
