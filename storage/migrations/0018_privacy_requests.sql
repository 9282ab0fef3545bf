-- A member's requests about her data, and what keeping only what is needed
-- looks up.

-- "Xóa dữ liệu" (delete) or "sửa thông tin" (correct), asked by the member in
-- chat or by the board on her behalf, met when the chair confirms. The
-- request, its date and the date it was met are kept: that is the proof the
-- club answered (Law 91/2025/QH15). A request is never deleted; only its
-- meeting is written, once.
CREATE TABLE privacy_requests (
    id            INTEGER PRIMARY KEY,
    club_id       INTEGER NOT NULL REFERENCES clubs(id),
    member_id     INTEGER NOT NULL REFERENCES members(id),
    kind          TEXT NOT NULL CHECK (kind IN ('delete', 'correct')),
    detail        TEXT NOT NULL DEFAULT '',            -- what she says is wrong
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    met_by        TEXT,
    met_at        TEXT,
    CHECK ((met_by IS NULL) = (met_at IS NULL))
);
-- One open request of each kind per member: asking twice finds the first.
CREATE UNIQUE INDEX privacy_requests_open ON privacy_requests(member_id, kind)
    WHERE met_at IS NULL;
CREATE INDEX privacy_requests_club ON privacy_requests(club_id, met_at);
CREATE TRIGGER privacy_requests_no_delete BEFORE DELETE ON privacy_requests
BEGIN SELECT RAISE(ABORT, 'privacy requests are kept'); END;
CREATE TRIGGER privacy_requests_met_once BEFORE UPDATE ON privacy_requests
WHEN OLD.met_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.club_id IS NOT OLD.club_id
  OR NEW.member_id IS NOT OLD.member_id OR NEW.kind IS NOT OLD.kind
  OR NEW.detail IS NOT OLD.detail OR NEW.requested_by IS NOT OLD.requested_by
  OR NEW.requested_at IS NOT OLD.requested_at
BEGIN SELECT RAISE(ABORT, 'a privacy request is met once, and otherwise kept as asked'); END;

-- The retention sweep (storage/retention.py) deletes by age; these keep it
-- from reading whole tables every hour.
CREATE INDEX conversation_state_updated ON conversation_state(updated_at);
CREATE INDEX outbox_created ON outbox(created_at);
CREATE INDEX link_codes_expiry ON link_codes(expires_at);
CREATE INDEX web_inbox_created ON web_inbox(created_at);
CREATE INDEX link_attempts_at ON link_attempts(at);

-- One club per row, as migration 0009 asks of the board's other writes: a
-- consent, a look at her readings and a request are of the member's own club,
-- and a board member who looked is of that club too.
CREATE TRIGGER health_consents_one_club BEFORE INSERT ON health_consents
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'consent recorded under another club'); END;

CREATE TRIGGER health_access_log_one_club BEFORE INSERT ON health_access_log
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
  OR (NEW.viewer_member_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM members WHERE id = NEW.viewer_member_id AND club_id = NEW.club_id))
BEGIN SELECT RAISE(ABORT, 'health data looked at from another club'); END;

CREATE TRIGGER privacy_requests_one_club BEFORE INSERT ON privacy_requests
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND club_id = NEW.club_id)
BEGIN SELECT RAISE(ABORT, 'privacy request under another club'); END;
