-- Greenhouse Assessment Partner API: the keys Shortlist issues for
-- Greenhouse to call it with (HTTP Basic user name). Only a key's SHA-256 is
-- stored, so a copy of the database does not let anyone call the API; the
-- prefix (its first characters) tells keys apart on My Company.
CREATE TABLE assessment_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL DEFAULT '',
    key_hash     TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- One test Greenhouse sent (send_test) and its result (test_status). The id
-- is the partner_interview_id Shortlist answered with: random, so that one
-- cannot be guessed from another. job_id is the partner_test_id.
CREATE TABLE assessment_requests (
    id             TEXT PRIMARY KEY,
    key_id         INTEGER REFERENCES assessment_keys (id) ON DELETE SET NULL,
    job_id         INTEGER NOT NULL,
    candidate_id   INTEGER,          -- from greenhouse_profile_url, else the email
    application_id INTEGER,
    email          TEXT NOT NULL DEFAULT '',
    sent_by        TEXT NOT NULL DEFAULT '',
    callback_url   TEXT NOT NULL DEFAULT '', -- send_test's url: PATCHed once complete
    base_url       TEXT NOT NULL DEFAULT '', -- Shortlist's address the Match link starts with
    status         TEXT NOT NULL DEFAULT 'pending', -- pending | complete
    score          REAL,             -- 0-100 on the job's curve
    raw_score      REAL,
    metadata       TEXT NOT NULL DEFAULT '{}',
    error          TEXT NOT NULL DEFAULT '', -- why it is still pending
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_try_at    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    completed_at   TEXT,
    notified_at    TEXT,             -- when the callback was PATCHed
    notify_error   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_requests_pending ON assessment_requests (status, next_try_at);
CREATE INDEX assessment_requests_candidate ON assessment_requests (candidate_id);

-- A person Greenhouse deleted leaves nothing behind: their tests go too.
CREATE TRIGGER assessment_requests_candidate_deleted AFTER DELETE ON candidates BEGIN
    DELETE FROM assessment_requests WHERE candidate_id = OLD.id;
END;

-- What Greenhouse reported wrong with Shortlist's answers (response_error).
CREATE TABLE assessment_errors (
    id                   INTEGER PRIMARY KEY,
    received_at          TEXT NOT NULL,
    api_call             TEXT NOT NULL DEFAULT '',
    errors               TEXT NOT NULL DEFAULT '[]',
    partner_interview_id TEXT NOT NULL DEFAULT '',
    partner_test_id      TEXT NOT NULL DEFAULT ''
);

-- The match score written back to each application's custom field. value
-- and inputs are what Greenhouse holds and what it was computed from
-- (a fingerprint of the job text, the candidate's document, the ranker and
-- the settings): a score is computed again only when its inputs change,
-- and sent only when its value does. pending_value is set, and committed,
-- before a write is sent and cleared after its answer: one still set after
-- a crash or a lost answer is read back from Greenhouse before anything is
-- sent again, so no value is sent twice.
CREATE TABLE score_writes (
    application_id INTEGER PRIMARY KEY,
    job_id         INTEGER NOT NULL,
    field_key      TEXT NOT NULL,
    value          TEXT NOT NULL DEFAULT '',
    inputs         TEXT NOT NULL DEFAULT '',
    pending_value  TEXT,
    pending_inputs TEXT,
    pending_field  TEXT,
    written_at     TEXT,
    attempted_at   TEXT,
    error          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX score_writes_pending ON score_writes (pending_value) WHERE pending_value IS NOT NULL;

-- An application Greenhouse deleted needs no score.
CREATE TRIGGER score_writes_application_deleted AFTER DELETE ON applications BEGIN
    DELETE FROM score_writes WHERE application_id = OLD.id;
END;
