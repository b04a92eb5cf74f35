-- Greenhouse webhook deliveries, stored raw (exactly the signed bytes) before
-- they are applied, so that a crash loses none and the whole log can be
-- replayed. Greenhouse retries a delivery up to seven times over fifteen
-- hours; event_id (the Greenhouse-Event-ID header) makes retries harmless.
CREATE TABLE webhook_events (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL UNIQUE,
    action      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    body        BLOB NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending', -- pending | applied | ignored | failed
    error       TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    applied_at  TEXT
);
CREATE INDEX webhook_events_status ON webhook_events (status, id);

-- Records deleted by a webhook, and when. An upsert of an older copy (a
-- late webhook, or a sync page read before the delete) must not bring the
-- record back.
CREATE TABLE tombstones (
    resource   TEXT NOT NULL,
    key        TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (resource, key)
) WITHOUT ROWID;
