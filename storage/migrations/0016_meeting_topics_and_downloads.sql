-- What the board plans for a coming meeting, and files handed out by link.

-- The topic of one meeting occurrence, set ahead by the board (named by the
-- date the club's rule gives it, as meeting_changes names it), so members'
-- "📅 Lịch họp" and the reminders can say what the meeting is about. Saving
-- the roll-call copies it into the meeting's row unless one was typed there.
CREATE TABLE meeting_topics (
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    regular_on  TEXT NOT NULL,
    topic       TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    PRIMARY KEY (club_id, regular_on)
);

-- A report's files for channels that cannot carry a document (Zalo, the web
-- chat): served once asked for at /files/<token> until they expire (a day).
-- Only the token's sha256 is kept: a leaked database gives no working link.
CREATE TABLE download_files (
    token_hash  TEXT PRIMARY KEY,
    club_id     INTEGER NOT NULL REFERENCES clubs(id),
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX download_files_expiry ON download_files(expires_at);
