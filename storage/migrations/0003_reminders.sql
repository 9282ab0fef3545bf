-- Reminders, board notices and the outbox's delivery states.

-- The board's change to one occurrence of the club's regular meeting, named by
-- the date the club's rule gives (``regular_on``), which stays its identity
-- however often it is moved. No row: the meeting is held as the rule says.
CREATE TABLE meeting_changes (
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    regular_on  TEXT NOT NULL,                          -- ISO date, by the club's rule
    cancelled   INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    held_on     TEXT,                                   -- ISO date it is moved to
    time        TEXT,                                   -- 'HH:MM'; NULL: the rule's time
    place       TEXT,                                   -- NULL: the rule's place
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (club_id, regular_on),
    CHECK (cancelled = 1 OR held_on IS NOT NULL)
);

-- Accounts that asked for no reminders ("🔕 Tắt nhắc nhở"). Per account, not
-- per member: a grandson helping his grandmother decides for his own phone.
CREATE TABLE reminder_pauses (
    channel     TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    paused_at   TEXT NOT NULL,
    PRIMARY KEY (channel, account_id)
);

-- Accounts that blocked the bot (the channel said so when we sent): nothing
-- more is sent to them until they turn reminders on again.
CREATE TABLE blocked_accounts (
    channel     TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    blocked_at  TEXT NOT NULL,
    PRIMARY KEY (channel, account_id)
);

-- A board notice to the whole club. Its messages are outbox rows with
-- event_key 'notice:<id>'; once none is left to send, the sender gets a
-- delivery report and ``reported_at`` is set.
CREATE TABLE notices (
    id                INTEGER PRIMARY KEY,
    club_id           INTEGER NOT NULL REFERENCES clubs(id),
    sender_channel    TEXT NOT NULL,
    sender_account    TEXT NOT NULL,
    sender_member_id  INTEGER NOT NULL REFERENCES members(id),
    text              TEXT NOT NULL,
    members_total     INTEGER NOT NULL,
    members_unlinked  INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    reported_at       TEXT
);
CREATE INDEX notices_unreported ON notices(reported_at);

-- What a message is about ('meeting:5:2026-12-15', 'notice:12'), so that a
-- change to that thing cancels what is still pending; after when it must not
-- go out any more (the event has begun); when it was claimed for sending.
ALTER TABLE outbox ADD COLUMN event_key TEXT;
ALTER TABLE outbox ADD COLUMN expires_at TEXT;
ALTER TABLE outbox ADD COLUMN claimed_at TEXT;
CREATE INDEX outbox_event ON outbox(event_key, state);
CREATE INDEX outbox_account ON outbox(channel, account_id, state);

-- The planner sums what was repaid on the loans falling due, minute by minute:
-- a covering index over repayments only (rows with a loan) keeps that cheap.
CREATE INDEX cash_entries_repaid ON cash_entries(loan_id, kind, amount)
    WHERE loan_id IS NOT NULL;
