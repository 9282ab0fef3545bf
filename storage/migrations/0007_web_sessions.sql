-- The web chat: sessions of signed-in browsers, and the inbox that stands in
-- for "sending" to them.

-- A browser signed in with a one-time link code. The cookie carries a random
-- token; only its sha256 is stored, so a leaked database (or a backup) opens
-- no session. Each sign-in is its own chat account (channel 'web',
-- ``account_id`` a random id made at sign-in), linked through the ordinary
-- link-code path: it sees exactly what that code allowed. Signing out, or the
-- session expiring, deletes the row and unlinks the account.
CREATE TABLE web_sessions (
    token_hash    TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);

-- A page cannot be pushed to: what the outbox "sends" to a web account
-- (receipts, reminders, notices) is put here, and the page fetches it.
-- ``outbox_id`` is unique, so a message handed over twice is stored once.
CREATE TABLE web_inbox (
    id          INTEGER PRIMARY KEY,
    account_id  TEXT NOT NULL,
    outbox_id   INTEGER UNIQUE REFERENCES outbox(id),
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    seen_at     TEXT
);
CREATE INDEX web_inbox_unseen ON web_inbox(account_id, seen_at, id);
