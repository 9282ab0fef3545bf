-- The first schema: one database holds many clubs. Codes (member, loan,
-- meeting) are unique within their club only. Money is integer đồng.

CREATE TABLE clubs (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    commune         TEXT NOT NULL DEFAULT '',
    province        TEXT NOT NULL DEFAULT '',
    meeting_day     INTEGER NOT NULL CHECK (meeting_day BETWEEN 1 AND 31),
    meeting_lunar   INTEGER NOT NULL DEFAULT 0 CHECK (meeting_lunar IN (0, 1)),
    meeting_time    TEXT NOT NULL DEFAULT '',          -- 'HH:MM'
    meeting_place   TEXT NOT NULL DEFAULT '',
    contribution    INTEGER NOT NULL DEFAULT 0 CHECK (contribution >= 0),
    UNIQUE (name, commune, province)
);

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    gender      TEXT NOT NULL DEFAULT '',              -- 'Nam' | 'Nữ' | ''
    birth_year  INTEGER,
    phone       TEXT,                                   -- '0xxxxxxxxx' or NULL
    team        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',              -- '' | Chủ nhiệm | Phó chủ nhiệm | Thư ký | Thủ quỹ
    volunteer   INTEGER NOT NULL DEFAULT 0,
    joined_on   TEXT,                                   -- ISO date
    UNIQUE (club_id, code)
);
CREATE INDEX members_phone ON members(phone);

CREATE TABLE loans (
    id            INTEGER PRIMARY KEY,
    club_id       INTEGER NOT NULL REFERENCES clubs(id),
    code          TEXT NOT NULL,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    disbursed_on  TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    term_months   INTEGER NOT NULL CHECK (term_months > 0),
    rate_ppm      INTEGER NOT NULL CHECK (rate_ppm >= 0),  -- monthly rate, parts per million (0.5 % = 5000)
    method        TEXT NOT NULL CHECK (method IN ('declining', 'bullet')),
    purpose       TEXT NOT NULL DEFAULT '',
    UNIQUE (club_id, code)
);
CREATE INDEX loans_member ON loans(member_id);

-- The cash book is append-only: a mistake is corrected by a new row that
-- names the one it reverses. The triggers below make that a rule of the
-- database, not only of the code.
CREATE TABLE cash_entries (
    id           INTEGER PRIMARY KEY,
    club_id      INTEGER NOT NULL REFERENCES clubs(id),
    entry_date   TEXT NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    kind         TEXT NOT NULL CHECK (kind IN
                   ('contribution', 'deposit', 'withdrawal', 'principal', 'interest')),
    amount       INTEGER NOT NULL,
    loan_id      INTEGER REFERENCES loans(id),
    note         TEXT NOT NULL DEFAULT '',
    reverses_id  INTEGER REFERENCES cash_entries(id),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX cash_entries_member ON cash_entries(member_id, entry_date);
CREATE INDEX cash_entries_club ON cash_entries(club_id, entry_date);

CREATE TRIGGER cash_entries_no_update BEFORE UPDATE ON cash_entries
BEGIN SELECT RAISE(ABORT, 'cash book is append-only'); END;
CREATE TRIGGER cash_entries_no_delete BEFORE DELETE ON cash_entries
BEGIN SELECT RAISE(ABORT, 'cash book is append-only'); END;

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    code        TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    time        TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    topic       TEXT NOT NULL DEFAULT '',
    activities  TEXT NOT NULL DEFAULT '',              -- '1, 2, 6'
    UNIQUE (club_id, code)
);
CREATE INDEX meetings_club_date ON meetings(club_id, held_on);

CREATE TABLE attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE health_readings (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    taken_on    TEXT NOT NULL,
    systolic    INTEGER,
    diastolic   INTEGER,
    weight_dg   INTEGER,                                -- weight in tenths of a kilogram
    note        TEXT NOT NULL DEFAULT '',
    UNIQUE (member_id, taken_on)
);

CREATE TABLE checkups (
    id          INTEGER PRIMARY KEY,
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    held_on     TEXT NOT NULL,
    time        TEXT NOT NULL DEFAULT '',
    what        TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    UNIQUE (club_id, held_on, time, what)
);

-- A chat account (one per channel and account id) and the members it may see.
CREATE TABLE chat_accounts (
    channel           TEXT NOT NULL,
    account_id        TEXT NOT NULL,
    active_member_id  INTEGER REFERENCES members(id),
    created_at        TEXT NOT NULL,
    PRIMARY KEY (channel, account_id)
);

CREATE TABLE chat_links (
    channel     TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    how         TEXT NOT NULL,                          -- 'contact' | 'code'
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (channel, account_id, member_id),
    FOREIGN KEY (channel, account_id) REFERENCES chat_accounts(channel, account_id)
);
CREATE INDEX chat_links_member ON chat_links(member_id);

-- Who changed what, when. Written in the same transaction as the change.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    club_id    INTEGER REFERENCES clubs(id),
    member_id  INTEGER REFERENCES members(id),
    detail     TEXT NOT NULL DEFAULT '{}'              -- JSON
);
CREATE INDEX audit_log_member ON audit_log(member_id);
