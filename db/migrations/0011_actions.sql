-- Actions a Shortlist user takes in Greenhouse (add a candidate to a job,
-- write a note), kept as a durable outbox: an action is recorded before it
-- is sent, so a crash or an outage cannot lose it, and the sender
-- (app/act) resumes whatever is not finished when Shortlist starts again.
-- The rows stay as the audit log: who asked, as which Greenhouse user,
-- what, when, and what Greenhouse answered.
CREATE TABLE actions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    kind               TEXT NOT NULL,            -- add_prospect | add_candidate | add_note
    account_id         INTEGER NOT NULL,         -- the Shortlist account that asked
    account_email      TEXT NOT NULL DEFAULT '', -- kept for the log should the account go
    greenhouse_user_id INTEGER NOT NULL,         -- the Greenhouse user it acts as
    candidate_id       INTEGER NOT NULL,
    job_id             INTEGER,                  -- add_prospect, add_candidate
    body               TEXT NOT NULL DEFAULT '', -- add_note
    visibility         TEXT NOT NULL DEFAULT '', -- add_note: public | private | admin_only
    state              TEXT NOT NULL DEFAULT 'pending', -- pending | sending | done | failed
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT NOT NULL,            -- when a pending action is due
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    finished_at        TEXT,
    result_id          INTEGER,                  -- the application or note in Greenhouse
    outcome            TEXT NOT NULL DEFAULT '', -- what happened, in words for the user
    response_status    INTEGER,                  -- Greenhouse's last HTTP status
    response           TEXT NOT NULL DEFAULT ''  -- Greenhouse's last answer, shortened
);
-- The sender looks for due work; pages look for a candidate's actions.
CREATE INDEX actions_due ON actions (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX actions_candidate ON actions (candidate_id);

-- Every step of an action, for the audit log: queued, each attempt and its
-- answer, a duplicate found instead of sending, done or failed.
CREATE TABLE action_events (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    event     TEXT NOT NULL,            -- queued | attempt | found | retry | done | failed
    status    INTEGER,                  -- Greenhouse's HTTP status, when it answered
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_events_action ON action_events (action_id);

-- A candidate Greenhouse deleted takes their note texts with them, and
-- what was still waiting to be sent is given up.
CREATE TRIGGER candidates_del_actions AFTER DELETE ON candidates BEGIN
    UPDATE actions SET body = '', response = '' WHERE candidate_id = OLD.id;
    UPDATE actions SET state = 'failed', outcome = 'The candidate was deleted in Greenhouse.', finished_at = updated_at
        WHERE candidate_id = OLD.id AND state IN ('pending', 'sending');
END;
