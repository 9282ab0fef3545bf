-- Zalo: what the adapter must remember across a restart (bot/channels/zalo.py).
--
-- Zalo's getUpdates has no offset and its webhooks are retried, so the same
-- message can arrive twice, also after the bot restarted. Each message is
-- claimed here, by its chat and message id, before it is answered: a second
-- arrival finds the row and is dropped. Rows older than a week are pruned.
CREATE TABLE zalo_seen (
    chat_id     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX zalo_seen_at ON zalo_seen(seen_at);

-- Zalo has no buttons: the options under the last reply are numbered, and
-- "2" means the second of them. The numbering shown in each chat is kept
-- here so that a restart (or another instance) reads "2" the same way.
-- options: JSON [[label, choice data or null], ...].
CREATE TABLE zalo_menus (
    chat_id   TEXT PRIMARY KEY,
    options   TEXT NOT NULL,
    shown_at  TEXT NOT NULL
);
