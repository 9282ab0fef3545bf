-- Sums of the cash book kept up to date on each write, so that a province's
-- dashboard (1,000 clubs, a million entries) need not add up every entry on
-- every request (issue 13: under a second).
--
-- Both tables hold only entries that *stand*, exactly as the report counts
-- them (storage/programme/figures.py): an original entry adds its amount; a
-- reversal takes its original's amount back out of the original's own day,
-- whatever day the reversal is dated, so an entry reversed and its reversal
-- count for nothing. The cash book is append-only (no UPDATE, no DELETE:
-- migration 0015's triggers), so inserts are the only writes to follow.
--
-- cash_day_sums: a club's standing entries by kind and day. Entries cluster
-- on meeting days, so a year of a club's book is a few dozen rows here
-- against about a thousand there.
CREATE TABLE cash_day_sums (
    club_id   INTEGER NOT NULL REFERENCES clubs(id),
    kind      TEXT NOT NULL,
    day       TEXT NOT NULL,
    amount    INTEGER NOT NULL,
    PRIMARY KEY (club_id, kind, day)
);
-- The report's read, from the index alone.
CREATE INDEX cash_day_sums_read ON cash_day_sums(club_id, kind, day, amount);

-- loan_repaid: what stands repaid on each loan, principal and interest, all
-- days together (a read for an earlier day takes off the few entries after it).
CREATE TABLE loan_repaid (
    loan_id    INTEGER PRIMARY KEY REFERENCES loans(id),
    principal  INTEGER NOT NULL DEFAULT 0,
    interest   INTEGER NOT NULL DEFAULT 0
);

INSERT INTO cash_day_sums (club_id, kind, day, amount)
SELECT o.club_id, o.kind, o.entry_date, sum(o.amount) FROM cash_entries o
WHERE o.reverses_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = o.id)
GROUP BY o.club_id, o.kind, o.entry_date;

INSERT INTO loan_repaid (loan_id, principal, interest)
SELECT o.loan_id, sum(CASE WHEN o.kind = 'principal' THEN o.amount ELSE 0 END),
       sum(CASE WHEN o.kind = 'interest' THEN o.amount ELSE 0 END)
FROM cash_entries o
WHERE o.reverses_id IS NULL AND o.loan_id IS NOT NULL AND o.kind IN ('principal', 'interest')
  AND NOT EXISTS (SELECT 1 FROM cash_entries r WHERE r.reverses_id = o.id)
GROUP BY o.loan_id;

CREATE TRIGGER cash_rollup_original AFTER INSERT ON cash_entries
WHEN NEW.reverses_id IS NULL
BEGIN
    INSERT INTO cash_day_sums (club_id, kind, day, amount)
    VALUES (NEW.club_id, NEW.kind, NEW.entry_date, NEW.amount)
    ON CONFLICT (club_id, kind, day) DO UPDATE SET amount = amount + excluded.amount;
    INSERT INTO loan_repaid (loan_id, principal, interest)
    SELECT NEW.loan_id, CASE WHEN NEW.kind = 'principal' THEN NEW.amount ELSE 0 END,
           CASE WHEN NEW.kind = 'interest' THEN NEW.amount ELSE 0 END
    WHERE NEW.loan_id IS NOT NULL AND NEW.kind IN ('principal', 'interest')
    ON CONFLICT (loan_id) DO UPDATE SET principal = principal + excluded.principal,
                                        interest = interest + excluded.interest;
END;

CREATE TRIGGER cash_rollup_reversal AFTER INSERT ON cash_entries
WHEN NEW.reverses_id IS NOT NULL
BEGIN
    UPDATE cash_day_sums SET amount = amount - (
        SELECT o.amount FROM cash_entries o WHERE o.id = NEW.reverses_id)
    WHERE (club_id, kind, day) = (
        SELECT o.club_id, o.kind, o.entry_date FROM cash_entries o WHERE o.id = NEW.reverses_id);
    UPDATE loan_repaid SET
        principal = principal - coalesce((SELECT o.amount FROM cash_entries o
                                          WHERE o.id = NEW.reverses_id AND o.kind = 'principal'), 0),
        interest = interest - coalesce((SELECT o.amount FROM cash_entries o
                                        WHERE o.id = NEW.reverses_id AND o.kind = 'interest'), 0)
    WHERE loan_id = (SELECT o.loan_id FROM cash_entries o WHERE o.id = NEW.reverses_id);
END;
