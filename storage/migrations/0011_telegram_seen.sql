-- Telegram: the updates already answered (bot/channels/telegram.py).
--
-- Telegram posts a webhook update again when it got no 200 in time, and long
-- polling hands out again whatever was not yet confirmed when the bot stopped.
-- Each update is claimed here, by the bot and its update_id, before it is
-- answered: a second arrival finds the row and is dropped, also after a
-- restart. update_id restarts at random after a week without updates, so rows
-- older than a few days are pruned (Telegram keeps an update 24 hours).
CREATE TABLE telegram_seen (
    bot_id     INTEGER NOT NULL,
    update_id  INTEGER NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX telegram_seen_at ON telegram_seen(seen_at);
