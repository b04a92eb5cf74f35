-- The learned ranking model (app/learner): every training run, whether its
-- model was adopted or not, and what the feature cache needs to know when a
-- candidate's data changed.
--
-- model is the learn.Model JSON (weights over the named features of
-- feature_set); backtest is the time-split comparison with the lexical
-- ranker the decision to adopt was based on (JSON). outcome: adopted (the
-- model ranks from now on), kept (it did worse than the model in use,
-- which stays) or lexical (it did not beat the lexical ranker, or there
-- was too little to learn from: reason says which). decisions counts the
-- team's decisions the run saw, so the next run can wait for enough new
-- ones.
CREATE TABLE ranking_models (
    id          INTEGER PRIMARY KEY,
    trained_at  TEXT NOT NULL,
    feature_set INTEGER NOT NULL,
    model       TEXT NOT NULL DEFAULT '',
    examples    INTEGER NOT NULL DEFAULT 0,
    jobs        INTEGER NOT NULL DEFAULT 0,
    decisions   INTEGER NOT NULL DEFAULT 0,
    backtest    TEXT NOT NULL DEFAULT '{}',
    outcome     TEXT NOT NULL CHECK (outcome IN ('adopted', 'kept', 'lexical')),
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ranking_models_adopted ON ranking_models (feature_set, id) WHERE outcome = 'adopted';

-- A candidate's document version: the index outbox's sequence number of the
-- last change to anything the candidate's search document (and so the
-- model's features) is built from. Every such change queues the candidate
-- in index_outbox (see 0001), so one trigger there keeps this table; a
-- candidate without a row has not changed since this migration (version 0).
-- The outbox forgets a candidate once indexed; this table does not.
CREATE TABLE candidate_doc_versions (
    candidate_id INTEGER PRIMARY KEY,
    seq          INTEGER NOT NULL
);
CREATE INDEX candidate_doc_versions_seq ON candidate_doc_versions (seq);

CREATE TRIGGER index_outbox_doc_version AFTER INSERT ON index_outbox BEGIN
    DELETE FROM candidate_doc_versions WHERE candidate_id = NEW.candidate_id;
    INSERT INTO candidate_doc_versions (candidate_id, seq) VALUES (NEW.candidate_id, NEW.seq);
END;
