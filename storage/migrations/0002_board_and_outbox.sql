-- The board's tools and the one path for messages the bot sends on its own.

-- A multi-step conversation's state, one per chat account, so that a restart
-- or a phone going to sleep in the middle loses nothing. ``version`` lets a
-- stale button (from a flow since replaced) be recognised and refused kindly.
CREATE TABLE conversation_state (
    channel     TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    flow        TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',            -- JSON
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (channel, account_id)
);

-- Roll-call being taken: one row per member and meeting date, written tap by
-- tap, so two board members marking at once each change only their own taps.
CREATE TABLE rollcall_marks (
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    held_on     TEXT NOT NULL,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    marked_by   TEXT NOT NULL,
    marked_at   TEXT NOT NULL,
    PRIMARY KEY (club_id, held_on, member_id)
);

-- One-time link codes. Only a hash is stored: a leaked database does not leak
-- usable codes.
CREATE TABLE link_codes (
    code_hash   TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    proxy       INTEGER NOT NULL DEFAULT 0,            -- 1: for a relative helping the member
    issued_by   TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    used_by     TEXT
);

CREATE TABLE link_attempts (
    channel     TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    at          TEXT NOT NULL,
    ok          INTEGER NOT NULL
);
CREATE INDEX link_attempts_account ON link_attempts(channel, account_id, at);

ALTER TABLE chat_links ADD COLUMN proxy INTEGER NOT NULL DEFAULT 0;

-- "⚠️ Báo sai": a member thinks a figure is wrong.
CREATE TABLE error_reports (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    reported_by TEXT NOT NULL,
    screen      TEXT NOT NULL,
    context     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Every message the bot sends on its own initiative (receipts, reminders,
-- notices) is first written here, with a key unique per recipient and
-- occurrence, then sent by one dispatcher at a pace within the channel's
-- limits. ``state``: pending → sent | uncertain (timed out: never resent) |
-- blocked (the person blocked the bot) | cancelled (event changed) | failed.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    dedup_key    TEXT NOT NULL UNIQUE,
    channel      TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    club_id      INTEGER REFERENCES clubs(id),
    member_id    INTEGER REFERENCES members(id),
    kind         TEXT NOT NULL,                         -- receipt | reminder | notice | report
    text         TEXT NOT NULL,
    due_at       TEXT NOT NULL,                         -- local time, ISO
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sending', 'sent', 'uncertain', 'blocked',
                                  'cancelled', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    sent_at      TEXT
);
CREATE INDEX outbox_due ON outbox(state, due_at);
