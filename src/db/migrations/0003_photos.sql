-- Profile photos: the content key of a person's photo (hex BLAKE2b of the
-- 512 px file under <data>/photos/), '' for none. The files are shared by
-- content: the index answers "does anyone still use this photo?" before
-- its files are removed.
ALTER TABLE people ADD COLUMN photo TEXT NOT NULL DEFAULT '';
CREATE INDEX people_photo ON people(photo) WHERE photo <> '';
