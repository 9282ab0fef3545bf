-- The programme's books (IMPORT-FORMAT.md, "extended format"): the club's own
-- money in the cash book, the fund's opening balance, members' circumstances,
-- home-care visits, who was examined at a check-up, board training. And the
-- indexes the programme's report reads by (storage/programme/figures.py).

-- ------------------------------------------------------------ the cash book

-- Club-level rows have no member: a grant or donation into the fund
-- ('grant', "nhận hỗ trợ") and spending from it ('spending', "chi hoạt
-- động"). SQLite cannot loosen a NOT NULL or a CHECK in place, so the table
-- is rebuilt with its rows, ids and every rule on it.
--
-- Foreign keys stay on (they cannot be switched off inside the migration's
-- transaction): deferred, the rows dropped with the old table count as
-- violations (sweep_charges and reversals point at them) and the same rows
-- put back with the same ids settle them again before COMMIT, which would
-- fail otherwise. The triggers of sweep_charges name the table and work on
-- the new one unchanged.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE cash_entries_before_0015 AS SELECT * FROM cash_entries;
DROP TABLE cash_entries;

CREATE TABLE cash_entries (
    id           INTEGER PRIMARY KEY,
    club_id      INTEGER NOT NULL REFERENCES clubs(id),
    entry_date   TEXT NOT NULL,
    member_id    INTEGER REFERENCES members(id),     -- NULL: the club's own money
    kind         TEXT NOT NULL CHECK (kind IN
                   ('contribution', 'deposit', 'withdrawal', 'principal', 'interest',
                    'grant', 'spending')),
    amount       INTEGER NOT NULL,
    loan_id      INTEGER REFERENCES loans(id),
    note         TEXT NOT NULL DEFAULT '',
    reverses_id  INTEGER REFERENCES cash_entries(id),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    -- A member's kinds name a member; the club's kinds name none, and no loan.
    CHECK ((member_id IS NULL) = (kind IN ('grant', 'spending'))),
    CHECK (member_id IS NOT NULL OR loan_id IS NULL)
);

INSERT INTO cash_entries (id, club_id, entry_date, member_id, kind, amount, loan_id, note,
                          reverses_id, recorded_by, recorded_at)
SELECT id, club_id, entry_date, member_id, kind, amount, loan_id, note, reverses_id,
       recorded_by, recorded_at
FROM temp.cash_entries_before_0015 ORDER BY id;
DROP TABLE temp.cash_entries_before_0015;

-- Every index the table had (0001, 0003, 0009) …
CREATE INDEX cash_entries_member ON cash_entries(member_id, entry_date);
CREATE INDEX cash_entries_club ON cash_entries(club_id, entry_date);
CREATE INDEX cash_entries_repaid ON cash_entries(loan_id, kind, amount)
    WHERE loan_id IS NOT NULL;
CREATE UNIQUE INDEX cash_entries_reversed_once ON cash_entries(reverses_id)
    WHERE reverses_id IS NOT NULL;
-- … and the report's: a club's sums by kind (and by loan) up to a day, read
-- from the index alone, over original rows (reversals are few and read
-- apart). A dashboard's 1,000 clubs are a million rows of cash book.
-- (reverses_id, always NULL here, is in it so that SQLite reads nothing else.)
-- In (club, kind) order, so the sums stream out of it grouped, unsorted.
CREATE INDEX cash_entries_originals
    ON cash_entries(club_id, kind, entry_date, amount, loan_id, reverses_id)
    WHERE reverses_id IS NULL;
CREATE INDEX cash_entries_reversals ON cash_entries(club_id, reverses_id)
    WHERE reverses_id IS NOT NULL;

-- Every trigger it had (0001, 0009), the one-club rule now for club rows too.
CREATE TRIGGER cash_entries_no_update BEFORE UPDATE ON cash_entries
BEGIN SELECT RAISE(ABORT, 'cash book is append-only'); END;
CREATE TRIGGER cash_entries_no_delete BEFORE DELETE ON cash_entries
BEGIN SELECT RAISE(ABORT, 'cash book is append-only'); END;

-- A cash entry's member, loan and reversed entry are all of the entry's club;
-- a reversal names an original entry (not another reversal) of the same
-- member (or the club itself), kind and loan, and carries its amount negated.
CREATE TRIGGER cash_entries_one_club BEFORE INSERT ON cash_entries
WHEN (NEW.member_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id))
  OR (NEW.loan_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM loans WHERE id = NEW.loan_id AND club_id = NEW.club_id))
  OR (NEW.reverses_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM cash_entries o WHERE o.id = NEW.reverses_id
           AND o.club_id = NEW.club_id AND o.member_id IS NEW.member_id
           AND o.kind = NEW.kind AND o.amount = -NEW.amount
           AND o.loan_id IS NEW.loan_id AND o.reverses_id IS NULL))
BEGIN SELECT RAISE(ABORT, 'cash entry names a member, loan or entry of another club'); END;

CREATE TRIGGER cash_entries_reversal_releases_sweep AFTER INSERT ON cash_entries
WHEN NEW.reverses_id IS NOT NULL
BEGIN DELETE FROM sweep_charges WHERE entry_id = NEW.reverses_id; END;

-- ------------------------------------------------------------ club and members

-- The fund's cash on the first day of these books (CLB "Số dư quỹ đầu kỳ").
ALTER TABLE clubs ADD COLUMN opening_fund INTEGER NOT NULL DEFAULT 0
    CHECK (opening_fund >= 0);

-- "Hoàn cảnh": a comma list from club.programme.CIRCUMSTANCES, in its order.
ALTER TABLE members ADD COLUMN circumstances TEXT NOT NULL DEFAULT '';

-- ------------------------------------------------------------ home-care visits (ThamHoi)

CREATE TABLE home_visits (
    id            INTEGER PRIMARY KEY,
    club_id       INTEGER NOT NULL REFERENCES clubs(id),
    visited_on    TEXT NOT NULL,
    member_id     INTEGER NOT NULL REFERENCES members(id),   -- the member visited
    volunteer_id  INTEGER REFERENCES members(id),            -- who visited, if written
    status        TEXT NOT NULL CHECK (status IN ('ok', 'needs_help', 'alert_health')),
    note          TEXT NOT NULL DEFAULT '',
    UNIQUE (club_id, member_id, visited_on)
);
CREATE INDEX home_visits_club_date ON home_visits(club_id, visited_on, status);

CREATE TRIGGER home_visits_one_club BEFORE INSERT ON home_visits
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
  OR (NEW.volunteer_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM members WHERE id = NEW.volunteer_id AND club_id = NEW.club_id))
BEGIN SELECT RAISE(ABORT, 'home visit of or by a member of another club'); END;

CREATE TRIGGER home_visits_one_club_update BEFORE UPDATE ON home_visits
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
  OR (NEW.volunteer_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM members WHERE id = NEW.volunteer_id AND club_id = NEW.club_id))
BEGIN SELECT RAISE(ABORT, 'home visit of or by a member of another club'); END;

-- ------------------------------------------------------------ examined at a check-up (DuKham)

-- One row per member examined at the club's check-up of that day (a LichKham
-- row). Ticked by the board after the day, or imported.
CREATE TABLE checkup_exams (
    club_id      INTEGER NOT NULL REFERENCES clubs(id),
    held_on      TEXT NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (club_id, held_on, member_id)
);

CREATE TRIGGER checkup_exams_one_club BEFORE INSERT ON checkup_exams
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'check-up exam of a member of another club'); END;

CREATE TRIGGER checkup_exams_one_club_update BEFORE UPDATE ON checkup_exams
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'check-up exam of a member of another club'); END;

-- ------------------------------------------------------------ board training (TapHuan)

CREATE TABLE trainings (
    club_id      INTEGER NOT NULL REFERENCES clubs(id),
    trained_on   TEXT NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    topic        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (club_id, trained_on, member_id, topic)
);

CREATE TRIGGER trainings_one_club BEFORE INSERT ON trainings
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'training of a member of another club'); END;

CREATE TRIGGER trainings_one_club_update BEFORE UPDATE ON trainings
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'training of a member of another club'); END;

-- ------------------------------------------------------------ the report's other reads

-- Loans disbursed and outstanding in a period, per club.
CREATE INDEX loans_club_disbursed ON loans(club_id, disbursed_on);
-- A meeting's present marks and all its marks, from the index alone.
CREATE INDEX attendance_meeting_status ON attendance(meeting_id, status);
