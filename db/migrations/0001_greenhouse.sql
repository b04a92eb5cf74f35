-- Greenhouse records, one table per Harvest v3 resource, joined by ids.
-- Each keeps the columns the app queries plus the record's raw JSON, so a
-- field we start using later needs no resync. Times are UTC text in the fixed
-- width form 2006-01-02T15:04:05.000Z, so text order is time order.
--
-- There are deliberately no foreign keys between synced tables: Greenhouse
-- hands us children before parents (an application for a candidate created
-- after the candidates page was read), and a webhook may name a record we have
-- not pulled yet. Deletes cascade in code (db.DeleteCandidate and friends).

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER,
    external_id TEXT,
    created_at  TEXT,
    updated_at  TEXT,
    raw         TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE offices (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER,
    external_id TEXT,
    created_at  TEXT,
    updated_at  TEXT,
    raw         TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    type_name  TEXT NOT NULL DEFAULT '',
    created_at TEXT,
    updated_at TEXT,
    raw        TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE rejection_reasons (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    type_name  TEXT NOT NULL DEFAULT '',
    created_at TEXT,
    updated_at TEXT,
    raw        TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE close_reasons (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    created_at TEXT,
    updated_at TEXT,
    raw        TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    primary_email TEXT NOT NULL DEFAULT '',
    employee_id   TEXT,
    deactivated   INTEGER NOT NULL DEFAULT 0,
    site_admin    INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT,
    updated_at    TEXT,
    raw           TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL DEFAULT '',
    requisition_id TEXT,
    status         TEXT NOT NULL DEFAULT '',   -- open | closed | draft
    confidential   INTEGER NOT NULL DEFAULT 0,
    is_template    INTEGER NOT NULL DEFAULT 0,
    department_id  INTEGER,
    office_ids     TEXT NOT NULL DEFAULT '[]', -- JSON array of ids
    notes          TEXT NOT NULL DEFAULT '',
    opened_at      TEXT,
    closed_at      TEXT,
    created_at     TEXT,
    updated_at     TEXT,
    raw            TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX jobs_department ON jobs (department_id);

CREATE TABLE job_posts (
    id                 INTEGER PRIMARY KEY,
    job_id             INTEGER,
    title              TEXT NOT NULL DEFAULT '',
    location           TEXT NOT NULL DEFAULT '',
    internal           INTEGER NOT NULL DEFAULT 0,
    live               INTEGER NOT NULL DEFAULT 0,
    active             INTEGER NOT NULL DEFAULT 0,
    content            TEXT NOT NULL DEFAULT '',  -- HTML
    internal_content   TEXT NOT NULL DEFAULT '',  -- HTML
    first_published_at TEXT,
    created_at         TEXT,
    updated_at         TEXT,
    raw                TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX job_posts_job ON job_posts (job_id);

CREATE TABLE job_interview_stages (
    id         INTEGER PRIMARY KEY,
    job_id     INTEGER,
    name       TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT,
    updated_at TEXT,
    raw        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX job_interview_stages_job ON job_interview_stages (job_id);

-- Hiring managers and owners are keyed by what they relate, because Harvest v1
-- embeds them in the job without an id of their own.
CREATE TABLE job_hiring_managers (
    job_id      INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    gh_id       INTEGER,
    responsible INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT,
    updated_at  TEXT,
    raw         TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (job_id, user_id)
);

CREATE TABLE job_owners (
    job_id     INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    type       TEXT NOT NULL,                 -- recruiter | coordinator | sourcer
    gh_id      INTEGER,
    created_at TEXT,
    updated_at TEXT,
    raw        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (job_id, user_id, type)
);

CREATE TABLE openings (
    id              INTEGER PRIMARY KEY,
    job_id          INTEGER,
    opening_id      TEXT,
    open            INTEGER NOT NULL DEFAULT 1,
    application_id  INTEGER,
    close_reason_id INTEGER,
    opened_at       TEXT,
    closed_at       TEXT,
    created_at      TEXT,
    updated_at      TEXT,
    raw             TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX openings_job ON openings (job_id);

CREATE TABLE candidates (
    id               INTEGER PRIMARY KEY,
    first_name       TEXT NOT NULL DEFAULT '',
    last_name        TEXT NOT NULL DEFAULT '',
    company          TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    private          INTEGER NOT NULL DEFAULT 0,
    can_email        INTEGER NOT NULL DEFAULT 0,
    tags             TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    email_addresses  TEXT NOT NULL DEFAULT '[]', -- JSON [{value,type}]
    phone_numbers    TEXT NOT NULL DEFAULT '[]', -- JSON [{value,type}]
    last_activity_at TEXT,
    created_at       TEXT,
    updated_at       TEXT,
    raw              TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE candidate_educations (
    id          INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL,
    school_name TEXT NOT NULL DEFAULT '',
    degree      TEXT NOT NULL DEFAULT '',
    discipline  TEXT NOT NULL DEFAULT '',
    start_date  TEXT,
    end_date    TEXT,
    created_at  TEXT,
    updated_at  TEXT,
    raw         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX candidate_educations_candidate ON candidate_educations (candidate_id);

CREATE TABLE candidate_employments (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL,
    company_name TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    start_date   TEXT,
    end_date     TEXT,
    created_at   TEXT,
    updated_at   TEXT,
    raw          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX candidate_employments_candidate ON candidate_employments (candidate_id);

CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY,
    candidate_id        INTEGER NOT NULL,
    job_id              INTEGER,                -- null for a jobless prospect
    job_post_id         INTEGER,
    prospect            INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT '', -- active | rejected | hired | converted
    stage_id            INTEGER,
    stage_name          TEXT NOT NULL DEFAULT '',
    source_id           INTEGER,
    referrer_id         INTEGER,
    recruiter_id        INTEGER,
    coordinator_id      INTEGER,
    rejection_reason_id INTEGER,
    rejected_at         TEXT,
    last_activity_at    TEXT,
    created_at          TEXT,                   -- applied_at in v1
    updated_at          TEXT,
    raw                 TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX applications_candidate ON applications (candidate_id);
CREATE INDEX applications_job ON applications (job_id, status);

CREATE TABLE application_stages (
    id                     INTEGER PRIMARY KEY,
    application_id         INTEGER NOT NULL,
    job_interview_stage_id INTEGER,
    entered_at             TEXT,
    exited_at              TEXT,
    current                INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT,
    updated_at             TEXT,
    raw                    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX application_stages_application ON application_stages (application_id);

-- Harvest v1 and webhooks give attachments no id, so an attachment is known by
-- what identifies the file: its candidate, type, name and upload time. gh_id
-- keeps v3's id when we have it.
CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    candidate_id   INTEGER NOT NULL,
    application_id INTEGER,
    gh_id          INTEGER UNIQUE,
    type           TEXT NOT NULL DEFAULT '',
    filename       TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',  -- signed, expires: download promptly
    created_at     TEXT NOT NULL DEFAULT '',
    updated_at     TEXT,
    raw            TEXT NOT NULL DEFAULT '{}',
    UNIQUE (candidate_id, type, filename, created_at)
);

-- The text of an attachment, once downloaded. A failed file keeps its reason
-- and is retried by a later sync only when its URL changes.
CREATE TABLE attachment_texts (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
    status        TEXT NOT NULL,               -- ok | failed
    sha256        TEXT NOT NULL DEFAULT '',
    extractor     TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    error         TEXT NOT NULL DEFAULT '',
    bytes         INTEGER NOT NULL DEFAULT 0,
    source_url    TEXT NOT NULL DEFAULT '',
    extracted_at  TEXT NOT NULL
);

CREATE TABLE interviews (
    id               INTEGER PRIMARY KEY,
    application_id   INTEGER,
    job_id           INTEGER,
    job_interview_id INTEGER,
    status           TEXT NOT NULL DEFAULT '',
    location         TEXT NOT NULL DEFAULT '',
    organizer_id     INTEGER,
    starts_at        TEXT,
    ends_at          TEXT,
    created_at       TEXT,
    updated_at       TEXT,
    raw              TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX interviews_application ON interviews (application_id);

CREATE TABLE scorecards (
    id               INTEGER PRIMARY KEY,
    application_id   INTEGER,
    interviewer_id   INTEGER,
    submitter_id     INTEGER,
    candidate_rating TEXT NOT NULL DEFAULT '', -- strong_no | no | yes | strong_yes | no_decision
    status           TEXT NOT NULL DEFAULT '',
    interviewed_at   TEXT,
    submitted_at     TEXT,
    created_at       TEXT,
    updated_at       TEXT,
    raw              TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX scorecards_application ON scorecards (application_id);

CREATE TABLE offers (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER,
    job_id         INTEGER,
    candidate_id   INTEGER,
    version        INTEGER NOT NULL DEFAULT 1,
    status         TEXT NOT NULL DEFAULT '',
    starts_on      TEXT,
    sent_on        TEXT,
    resolved_at    TEXT,
    created_at     TEXT,
    updated_at     TEXT,
    raw            TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX offers_application ON offers (application_id);

CREATE TABLE notes (
    id             INTEGER PRIMARY KEY,
    candidate_id   INTEGER,
    application_id INTEGER,
    user_id        INTEGER,
    type           TEXT NOT NULL DEFAULT '',
    visibility     TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    created_at     TEXT,
    updated_at     TEXT,
    raw            TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX notes_candidate ON notes (candidate_id);

-- Per-resource sync progress. high_water advances only in the transaction
-- that commits the last page of a pass; cursor holds the next page of a pass
-- in flight, so an interrupted pass resumes instead of starting over.
CREATE TABLE sync_state (
    resource        TEXT PRIMARY KEY,
    high_water      TEXT,          -- records updated at or after this are fetched next time
    pass_started_at TEXT,          -- when the pass in flight began (becomes high_water)
    pass_full       INTEGER NOT NULL DEFAULT 0,
    cursor          TEXT NOT NULL DEFAULT '',
    fetched         INTEGER NOT NULL DEFAULT 0,
    last_pass_at    TEXT,
    updated_at      TEXT
);

-- During a full pass, the ids seen so far; rows not seen are removed when the
-- pass completes, so a full sync also catches deletions.
CREATE TABLE sync_seen (
    resource TEXT NOT NULL,
    key      TEXT NOT NULL,
    PRIMARY KEY (resource, key)
) WITHOUT ROWID;

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,          -- full | incremental
    api_version TEXT NOT NULL DEFAULT '',
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT NOT NULL,          -- running | ok | failed | cancelled
    error       TEXT NOT NULL DEFAULT '',
    records     INTEGER NOT NULL DEFAULT 0,
    files       INTEGER NOT NULL DEFAULT 0
);

-- Candidates whose search document must be rebuilt. Triggers fill it in the
-- same transaction as the change, so the index can never miss a committed
-- write: a crash before the index catches up leaves the row here. Re-queueing
-- a candidate replaces its row with a higher seq, which tells the drainer that
-- a change arrived while it was indexing the older one. (Triggers delete and
-- insert rather than INSERT OR REPLACE because an upsert that fires a trigger
-- imposes its own conflict policy on the trigger's statements.)
CREATE TABLE index_outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL UNIQUE
);

CREATE TRIGGER candidates_ins_outbox AFTER INSERT ON candidates BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.id);
END;
CREATE TRIGGER candidates_upd_outbox AFTER UPDATE ON candidates BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.id);
END;
CREATE TRIGGER candidates_del_outbox AFTER DELETE ON candidates BEGIN
    DELETE FROM index_outbox WHERE candidate_id = OLD.id;
    INSERT INTO index_outbox (candidate_id) VALUES (OLD.id);
END;
CREATE TRIGGER applications_ins_outbox AFTER INSERT ON applications BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.candidate_id);
END;
CREATE TRIGGER applications_upd_outbox AFTER UPDATE ON applications BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.candidate_id);
END;
CREATE TRIGGER applications_del_outbox AFTER DELETE ON applications BEGIN
    DELETE FROM index_outbox WHERE candidate_id = OLD.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (OLD.candidate_id);
END;
CREATE TRIGGER candidate_educations_ins_outbox AFTER INSERT ON candidate_educations BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.candidate_id);
END;
CREATE TRIGGER candidate_educations_upd_outbox AFTER UPDATE ON candidate_educations BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.candidate_id);
END;
CREATE TRIGGER candidate_educations_del_outbox AFTER DELETE ON candidate_educations BEGIN
    DELETE FROM index_outbox WHERE candidate_id = OLD.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (OLD.candidate_id);
END;
CREATE TRIGGER candidate_employments_ins_outbox AFTER INSERT ON candidate_employments BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.candidate_id);
END;
CREATE TRIGGER candidate_employments_upd_outbox AFTER UPDATE ON candidate_employments BEGIN
    DELETE FROM index_outbox WHERE candidate_id = NEW.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (NEW.candidate_id);
END;
CREATE TRIGGER candidate_employments_del_outbox AFTER DELETE ON candidate_employments BEGIN
    DELETE FROM index_outbox WHERE candidate_id = OLD.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (OLD.candidate_id);
END;
CREATE TRIGGER attachments_del_outbox AFTER DELETE ON attachments BEGIN
    DELETE FROM index_outbox WHERE candidate_id = OLD.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (OLD.candidate_id);
END;
-- An application moved to another candidate (a merge) changes both documents.
CREATE TRIGGER applications_move_outbox AFTER UPDATE OF candidate_id ON applications
WHEN OLD.candidate_id <> NEW.candidate_id BEGIN
    DELETE FROM index_outbox WHERE candidate_id = OLD.candidate_id;
    INSERT INTO index_outbox (candidate_id) VALUES (OLD.candidate_id);
END;
CREATE TRIGGER attachment_texts_ins_outbox AFTER INSERT ON attachment_texts BEGIN
    DELETE FROM index_outbox WHERE candidate_id = (SELECT candidate_id FROM attachments WHERE id = NEW.attachment_id);
    INSERT INTO index_outbox (candidate_id) SELECT candidate_id FROM attachments WHERE id = NEW.attachment_id;
END;
CREATE TRIGGER attachment_texts_upd_outbox AFTER UPDATE ON attachment_texts BEGIN
    DELETE FROM index_outbox WHERE candidate_id = (SELECT candidate_id FROM attachments WHERE id = NEW.attachment_id);
    INSERT INTO index_outbox (candidate_id) SELECT candidate_id FROM attachments WHERE id = NEW.attachment_id;
END;
