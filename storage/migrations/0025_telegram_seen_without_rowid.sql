-- Telegram's answered updates (0011), kept in their primary key alone.
--
-- Every update a member sends is claimed here before it is answered, on the
-- event loop's thread (storage/database.py record_quietly): with a rowid and
-- an index on seen_at, each claim wrote three B-trees; keyed by
-- (bot_id, update_id) alone it writes one, and costs half as much. The
-- pruning that the seen_at index served runs every few hundred claims on
-- the database's own thread, where scanning a few days of updates blocks
-- no one.
CREATE TABLE telegram_seen_keyed (
    bot_id     INTEGER NOT NULL,
    update_id  INTEGER NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (bot_id, update_id)
) WITHOUT ROWID;
INSERT INTO telegram_seen_keyed (bot_id, update_id, seen_at)
    SELECT bot_id, update_id, seen_at FROM telegram_seen;
DROP TABLE telegram_seen;
ALTER TABLE telegram_seen_keyed RENAME TO telegram_seen;
