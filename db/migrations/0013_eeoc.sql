-- EEOC self-identification (Harvest GET /v3/eeoc, /v1/eeoc): the answers a
-- candidate gave, voluntarily, with an application. One row per application,
-- keyed by it (v1 rows have no id of their own; v3's is kept as gh_id).
--
-- Sensitive: only the bias audit reads this table (db.EEOCForAudit). It is
-- never joined into a candidate's profile, the search index, the API or a
-- model's features, and no trigger wakes the indexer when it changes. Only
-- the two questions the audit reports on are kept (sex, race/ethnicity):
-- veteran and disability answers are not stored. A question left blank is
-- '' with a NULL id. Deleting or anonymizing a candidate deletes their rows
-- (db.DeleteCandidate, Tx.AnonymizeCandidate).
CREATE TABLE eeoc (
    application_id INTEGER PRIMARY KEY,
    gh_id          INTEGER,
    candidate_id   INTEGER NOT NULL,
    gender_id      INTEGER,
    gender         TEXT NOT NULL DEFAULT '',
    race_id        INTEGER,
    race           TEXT NOT NULL DEFAULT '',
    submitted_at   TEXT,
    created_at     TEXT,
    updated_at     TEXT
);
CREATE INDEX eeoc_candidate ON eeoc (candidate_id);
