-- Members' data as the law requires (Law 91/2025/QH15 on personal data
-- protection): consent for health data, a record of who looked at it, and
-- members who asked to be forgotten.

-- The exact words a member was shown when asked, under the version recorded
-- with her answer. Kept as shown: a wording is never edited, a new one gets a
-- new version (club/texts.py), so every answer can be read with its words.
CREATE TABLE consent_wordings (
    version         TEXT PRIMARY KEY,
    text            TEXT NOT NULL,
    first_shown_at  TEXT NOT NULL
);
CREATE TRIGGER consent_wordings_no_update BEFORE UPDATE ON consent_wordings
BEGIN SELECT RAISE(ABORT, 'consent wordings are kept as they were shown'); END;
CREATE TRIGGER consent_wordings_no_delete BEFORE DELETE ON consent_wordings
BEGIN SELECT RAISE(ABORT, 'consent wordings are kept as they were shown'); END;

-- Every answer to "may the club keep your health readings?", append-only:
-- the latest row of a member is her choice now. ``how``: 'chat' (she tapped
-- it herself), 'relative' (a relative linked with her agreement tapped it for
-- her), 'in_person' (she answered a board member at a meeting, who tapped it),
-- 'paper' (a signed form: ``signed_on`` and ``witness``), 'forget' (her data
-- was deleted at her request), 'cli'.
CREATE TABLE health_consents (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    club_id      INTEGER NOT NULL REFERENCES clubs(id),
    decision     TEXT NOT NULL CHECK (decision IN ('agree', 'decline', 'withdraw')),
    wording      TEXT NOT NULL REFERENCES consent_wordings(version),
    how          TEXT NOT NULL
                 CHECK (how IN ('chat', 'relative', 'in_person', 'paper', 'forget', 'cli')),
    recorded_by  TEXT NOT NULL,
    signed_on    TEXT,                                  -- ISO date on the paper form
    witness      TEXT,                                  -- who witnessed it
    at           TEXT NOT NULL,
    CHECK (how != 'paper' OR (signed_on IS NOT NULL AND witness IS NOT NULL))
);
CREATE INDEX health_consents_member ON health_consents(member_id, id);
CREATE TRIGGER health_consents_no_update BEFORE UPDATE ON health_consents
BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
CREATE TRIGGER health_consents_no_delete BEFORE DELETE ON health_consents
BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;

-- Who read another member's health data: whose, when, by whom — never the
-- values. ``viewer_kind``: 'board' (through a board tool), 'volunteer',
-- 'relative' (an account linked as a relative helping her). ``what``: which
-- screen ('health', 'my_data', 'last_reading'). Rows are never changed; they
-- are deleted only by the retention sweep, after [retention] access_log.
CREATE TABLE health_access_log (
    id                INTEGER PRIMARY KEY,
    at                TEXT NOT NULL,
    club_id           INTEGER NOT NULL REFERENCES clubs(id),
    member_id         INTEGER NOT NULL REFERENCES members(id),
    viewer_kind       TEXT NOT NULL CHECK (viewer_kind IN ('board', 'volunteer', 'relative')),
    viewer_member_id  INTEGER REFERENCES members(id),
    viewer            TEXT NOT NULL,                    -- channel:account
    what              TEXT NOT NULL
);
CREATE INDEX health_access_log_member ON health_access_log(member_id, at);
CREATE INDEX health_access_log_club ON health_access_log(club_id, at);
CREATE INDEX health_access_log_at ON health_access_log(at);
CREATE TRIGGER health_access_log_no_update BEFORE UPDATE ON health_access_log
BEGIN SELECT RAISE(ABORT, 'the access log is not edited'); END;

-- A member whose data was deleted at her request: her cash book lines and
-- loans stay (the club must keep its books) and are marked by this date.
ALTER TABLE members ADD COLUMN left_on TEXT;

-- Nothing brings a forgotten member's contact or health back: importing an
-- old paper book again skips her phone and readings, and no chat account
-- links to her or gets a code for her.
CREATE TRIGGER members_left_no_phone BEFORE UPDATE OF phone ON members
WHEN OLD.left_on IS NOT NULL AND NEW.phone IS NOT NULL
BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER health_readings_not_of_left BEFORE INSERT ON health_readings
WHEN (SELECT left_on FROM members WHERE id = NEW.member_id) IS NOT NULL
BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER chat_links_not_to_left BEFORE INSERT ON chat_links
WHEN (SELECT left_on FROM members WHERE id = NEW.member_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'this member has left the club'); END;
CREATE TRIGGER link_codes_not_for_left BEFORE INSERT ON link_codes
WHEN (SELECT left_on FROM members WHERE id = NEW.member_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'this member has left the club'); END;
