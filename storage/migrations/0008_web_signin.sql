-- Web sign-in: tries counted before the code is looked at, and link codes for
-- a shared machine.

-- Every web sign-in try takes a row here *before* its code is checked, in the
-- same write transaction that counts the rows already there: so a burst of
-- concurrent tries can never all be checked while the count still reads
-- "under the limit". ``bucket`` is the client's address (IPv6 by its /64,
-- since one home or phone holds a whole /64), with "|shared" appended for
-- tries of a shared-machine code; "*" marks a pause of every sign-in after
-- too many failures everywhere. ``state``: 'pending' while its code is
-- checked, 'failed' after a wrong one (a right one deletes its row), 'pause'.
-- A try whose process died mid-check stays 'pending' and counts as failed.
-- Rows are deleted only once their window has passed, never to make room.
CREATE TABLE web_signin_attempts (
    id      INTEGER PRIMARY KEY,
    bucket  TEXT NOT NULL,
    at      TEXT NOT NULL,
    state   TEXT NOT NULL CHECK (state IN ('pending', 'failed', 'pause'))
);
CREATE INDEX web_signin_attempts_bucket ON web_signin_attempts(bucket, at);
CREATE INDEX web_signin_attempts_at ON web_signin_attempts(at);

-- A code "for a shared machine" (a commune hall's PC, a mobile network that
-- puts many people behind one address): 12 digits instead of 8, and counted
-- apart from the address's ordinary tries, so it gets in even where others
-- have used up that address's tries. Its length is what keeps it out of
-- guessing's reach while it skips that limit; it still works once.
ALTER TABLE link_codes ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
