-- Logged-in browser sessions, kept here so they can be ended from the server:
-- logging out, changing a password, or an owner disabling an account or
-- changing its role deletes rows, and a copied cookie stops working. The
-- cookie carries a random token; only its SHA-256 is stored, so a copy of the
-- database does not let anyone log in.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '', -- client address last seen
    user_agent   TEXT NOT NULL DEFAULT ''  -- browser last seen, shortened
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
