-- The database's own locks on what the board writes from chat.
--
-- The code decides every board write inside one transaction and checks there
-- that every id it names belongs to the club the step acts for (see
-- storage/club_scope.py). The rules below make the database refuse the same
-- rows, so that a bug, a forgotten check or another writer cannot put one
-- club's ids under another club, nor charge one sweep twice.

-- ------------------------------------------------------------ one club per row

-- A member never changes club: every other rule below relies on it.
CREATE TRIGGER members_stay_in_their_club BEFORE UPDATE OF club_id ON members
WHEN NEW.club_id IS NOT OLD.club_id
BEGIN SELECT RAISE(ABORT, 'a member cannot move to another club'); END;

CREATE TRIGGER meetings_stay_in_their_club BEFORE UPDATE OF club_id ON meetings
WHEN NEW.club_id IS NOT OLD.club_id
BEGIN SELECT RAISE(ABORT, 'a meeting cannot move to another club'); END;

-- A cash entry's member, loan and reversed entry are all of the entry's club;
-- a reversal names an original entry (not another reversal) of the same
-- member, kind and loan, and carries its amount negated.
CREATE TRIGGER cash_entries_one_club BEFORE INSERT ON cash_entries
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
  OR (NEW.loan_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM loans WHERE id = NEW.loan_id AND club_id = NEW.club_id))
  OR (NEW.reverses_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM cash_entries o WHERE o.id = NEW.reverses_id
           AND o.club_id = NEW.club_id AND o.member_id = NEW.member_id
           AND o.kind = NEW.kind AND o.amount = -NEW.amount
           AND o.loan_id IS NEW.loan_id AND o.reverses_id IS NULL))
BEGIN SELECT RAISE(ABORT, 'cash entry names a member, loan or entry of another club'); END;

-- An entry is reversed at most once.
CREATE UNIQUE INDEX cash_entries_reversed_once ON cash_entries(reverses_id)
    WHERE reverses_id IS NOT NULL;

CREATE TRIGGER loans_one_club BEFORE INSERT ON loans
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'loan to a member of another club'); END;

CREATE TRIGGER loans_one_club_update BEFORE UPDATE OF club_id, member_id ON loans
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'loan to a member of another club'); END;

CREATE TRIGGER rollcall_marks_one_club BEFORE INSERT ON rollcall_marks
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'roll-call mark for a member of another club'); END;

CREATE TRIGGER rollcall_marks_one_club_update BEFORE UPDATE OF club_id, member_id
ON rollcall_marks
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'roll-call mark for a member of another club'); END;

CREATE TRIGGER attendance_one_club BEFORE INSERT ON attendance
WHEN NOT EXISTS (SELECT 1 FROM meetings mt JOIN members m ON m.club_id = mt.club_id
                 WHERE mt.id = NEW.meeting_id AND m.id = NEW.member_id)
BEGIN SELECT RAISE(ABORT, 'attendance of a member at another club''s meeting'); END;

CREATE TRIGGER attendance_one_club_update BEFORE UPDATE OF meeting_id, member_id ON attendance
WHEN NOT EXISTS (SELECT 1 FROM meetings mt JOIN members m ON m.club_id = mt.club_id
                 WHERE mt.id = NEW.meeting_id AND m.id = NEW.member_id)
BEGIN SELECT RAISE(ABORT, 'attendance of a member at another club''s meeting'); END;

CREATE TRIGGER notices_one_club BEFORE INSERT ON notices
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.sender_member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'notice sent by a member of another club'); END;

-- ------------------------------------------------------------ one sweep charge

-- 🧺 Thu đóng góp charges a member at most once per club and day. The cash
-- book itself cannot say so with a unique index: it is append-only, and
-- whether an entry still stands is decided by another row (its reversal). So
-- each contribution a sweep records takes a row here, keyed by club, member
-- and day; a second charge for the same day collides with it. Reversing the
-- entry releases the row (trigger below), so the member can be charged again;
-- a reversal never takes a row, so it cannot collide.
CREATE TABLE sweep_charges (
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    charged_on  TEXT NOT NULL,                          -- the entry's date, ISO
    entry_id    INTEGER NOT NULL UNIQUE REFERENCES cash_entries(id),
    PRIMARY KEY (club_id, member_id, charged_on)
);

-- The row describes its entry exactly: a standing contribution of that member,
-- club and day.
CREATE TRIGGER sweep_charges_match_their_entry BEFORE INSERT ON sweep_charges
WHEN NOT EXISTS (
    SELECT 1 FROM cash_entries e
    WHERE e.id = NEW.entry_id AND e.club_id = NEW.club_id AND e.member_id = NEW.member_id
      AND e.entry_date = NEW.charged_on AND e.kind = 'contribution'
      AND e.reverses_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = e.id))
BEGIN SELECT RAISE(ABORT, 'sweep charge does not match a standing contribution'); END;

CREATE TRIGGER sweep_charges_no_update BEFORE UPDATE ON sweep_charges
BEGIN SELECT RAISE(ABORT, 'sweep charges are not edited'); END;

-- Only a reversal of its entry lets a charge go.
CREATE TRIGGER sweep_charges_kept_while_standing BEFORE DELETE ON sweep_charges
WHEN NOT EXISTS (SELECT 1 FROM cash_entries WHERE reverses_id = OLD.entry_id)
BEGIN SELECT RAISE(ABORT, 'a sweep charge stands until its entry is reversed'); END;

CREATE TRIGGER cash_entries_reversal_releases_sweep AFTER INSERT ON cash_entries
WHEN NEW.reverses_id IS NOT NULL
BEGIN DELETE FROM sweep_charges WHERE entry_id = NEW.reverses_id; END;
