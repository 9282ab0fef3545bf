-- Each channel's lane of the dispatcher reads its own due rows (oldest first),
-- so a fan-out on one channel never hides another channel's messages behind it.
CREATE INDEX outbox_channel_due ON outbox(channel, state, due_at, id);
