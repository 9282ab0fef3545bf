-- Home-care volunteers (issue 12): who visits whom and how often, and visits
-- recorded in chat — append-only, corrected by a reversal that names the visit.

-- ------------------------------------------------------------ visit plans

-- A member who needs home visits (the roster's "Hoàn cảnh" holds
-- "cần chăm sóc tại nhà") is given a volunteer and a rhythm by the board. The
-- plan says nothing about need: a plan whose member no longer needs care, or
-- whose volunteer is no longer one, is simply not shown to anyone.
CREATE TABLE care_plans (
    member_id     INTEGER PRIMARY KEY REFERENCES members(id),
    club_id       INTEGER NOT NULL REFERENCES clubs(id),
    volunteer_id  INTEGER NOT NULL REFERENCES members(id),
    rhythm_weeks  INTEGER NOT NULL DEFAULT 2 CHECK (rhythm_weeks IN (1, 2, 4)),
    started_on    TEXT NOT NULL,   -- the first visit falls due a rhythm after this day
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (volunteer_id <> member_id)
);
CREATE INDEX care_plans_volunteer ON care_plans(volunteer_id);
CREATE INDEX care_plans_club ON care_plans(club_id);

CREATE TRIGGER care_plans_one_club BEFORE INSERT ON care_plans
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
  OR NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.volunteer_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'care plan of or by a member of another club'); END;

CREATE TRIGGER care_plans_one_club_update BEFORE UPDATE ON care_plans
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
  OR NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.volunteer_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'care plan of or by a member of another club'); END;

-- ------------------------------------------------------------ visits

-- 0015's table allowed one row per member and day, ever; a visit recorded in
-- chat by mistake must be reversed and recorded again, so the rule becomes
-- "one standing visit per member and day" (a trigger: whether a visit stands
-- is decided by another row, its reversal). Rebuilt with its rows and ids;
-- nothing references home_visits yet.
CREATE TEMP TABLE home_visits_before_0021 AS SELECT * FROM home_visits;
DROP TABLE home_visits;

CREATE TABLE home_visits (
    id            INTEGER PRIMARY KEY,
    club_id       INTEGER NOT NULL REFERENCES clubs(id),
    visited_on    TEXT NOT NULL,
    member_id     INTEGER NOT NULL REFERENCES members(id),   -- the member visited
    volunteer_id  INTEGER REFERENCES members(id),            -- who visited, if written
    status        TEXT NOT NULL CHECK (status IN ('ok', 'needs_help', 'alert_health')),
    note          TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT,            -- the chat account that recorded it; NULL: imported
    recorded_at   TEXT
);
INSERT INTO home_visits (id, club_id, visited_on, member_id, volunteer_id, status, note)
SELECT id, club_id, visited_on, member_id, volunteer_id, status, note
FROM home_visits_before_0021;
DROP TABLE home_visits_before_0021;

CREATE INDEX home_visits_club_date ON home_visits(club_id, visited_on, status);
CREATE INDEX home_visits_member ON home_visits(member_id, visited_on);

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

-- A reversal cancels one visit, once, with the reason; neither is ever deleted.
CREATE TABLE home_visit_reversals (
    visit_id      INTEGER PRIMARY KEY REFERENCES home_visits(id),
    club_id       INTEGER NOT NULL REFERENCES clubs(id),
    reason        TEXT NOT NULL,
    reversed_by   TEXT NOT NULL,
    reversed_at   TEXT NOT NULL
);

CREATE TRIGGER home_visit_reversals_one_club BEFORE INSERT ON home_visit_reversals
WHEN NOT EXISTS (SELECT 1 FROM home_visits WHERE id = NEW.visit_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'reversal of a visit of another club'); END;

CREATE TRIGGER home_visits_one_standing_a_day BEFORE INSERT ON home_visits
WHEN EXISTS (SELECT 1 FROM home_visits v
             WHERE v.club_id = NEW.club_id AND v.member_id = NEW.member_id
               AND v.visited_on = NEW.visited_on
               AND NOT EXISTS (SELECT 1 FROM home_visit_reversals r WHERE r.visit_id = v.id))
BEGIN SELECT RAISE(ABORT, 'one standing visit per member and day'); END;

CREATE TRIGGER home_visits_never_deleted BEFORE DELETE ON home_visits
BEGIN SELECT RAISE(ABORT, 'a visit is reversed, never deleted'); END;

CREATE TRIGGER home_visit_reversals_never_deleted BEFORE DELETE ON home_visit_reversals
BEGIN SELECT RAISE(ABORT, 'a reversal stands'); END;

CREATE TRIGGER home_visit_reversals_never_updated BEFORE UPDATE ON home_visit_reversals
BEGIN SELECT RAISE(ABORT, 'a reversal stands'); END;
