-- Every sweep a full sync made: after a complete walk of a Greenhouse list,
-- the rows that walk did not see are removed, unless that would shrink the
-- table past the guard (see db.SweepAllowed). A refused sweep removes
-- nothing and fails the sync; it is recorded here all the same.
CREATE TABLE sweeps (
    id       INTEGER PRIMARY KEY,
    resource TEXT NOT NULL,    -- the table swept
    swept_at TEXT NOT NULL,
    stored   INTEGER NOT NULL, -- rows in the table when the walk ended
    seen     INTEGER NOT NULL, -- rows the walk listed
    removed  INTEGER NOT NULL, -- rows deleted (0 when refused)
    outcome  TEXT NOT NULL     -- done | refused | forced (allowed past the guard by hand)
);
CREATE INDEX sweeps_swept_at ON sweeps (swept_at);
