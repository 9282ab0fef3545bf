"""The dispatcher on a virtual clock: pace, per-chat spacing, flood limits,
blocked accounts, uncertain sends, and recovery after a crash."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.dispatcher import Dispatcher, Pace
from bot.pacing import Pacer, Priority
from storage import Database
from storage.outbox import Outgoing, claim, enqueue
from tests.reminders.support import CHANNEL, ScriptedSender, VirtualClock, outbox_rows

START = datetime(2026, 12, 15, 14, 0)


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "outbox.db")
    yield database
    await database.close()


async def put(db: Database, *accounts: str, due: datetime = START, kind: str = "reminder",
              expires: datetime | None = None, tag: str = "m") -> None:
    async with db.transaction() as conn:
        await enqueue(conn, [Outgoing(f"{tag}:{i}:{a}", CHANNEL, a, kind, f"{tag} {i} {a}", due,
                                      expires_at=expires)
                             for i, a in enumerate(accounts)], now=START)


def dispatcher(db: Database, clock: VirtualClock, sender: ScriptedSender, **pace: float):
    return Dispatcher(db, {CHANNEL: sender}, Pace(**pace), now=clock.now,
                      clock=clock.monotonic, sleep=clock.sleep)


async def states(db: Database) -> dict[str, str]:
    return {r["dedup_key"]: r["state"] for r in await outbox_rows(db)}


async def test_sends_at_the_configured_pace_each_message_once(db):
    await put(db, *(str(1000 + i) for i in range(100)))
    clock = VirtualClock(START)
    sender = ScriptedSender(clock)
    tally = await dispatcher(db, clock, sender, rate=25.0).drain()
    assert tally.sent == 100
    assert set(sender.received().values()) == {1} and len(sender.received()) == 100
    times = [t for t, _, _ in sender.log]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 1 / 25 - 1e-9
    assert times[-1] - times[0] == pytest.approx(99 / 25)
    assert set((await states(db)).values()) == {"sent"}


async def test_one_chat_gets_at_most_one_message_a_second_in_order(db):
    await put(db, "7", "7", "7", "8", "9", tag="a")
    await put(db, "7", tag="b")
    clock = VirtualClock(START)
    sender = ScriptedSender(clock)
    await dispatcher(db, clock, sender, rate=25.0, per_chat_interval=1.0).drain()
    to_seven = [(t, text) for t, account, text in sender.log if account == "7"]
    assert [text for _, text in to_seven] == ["a 0 7", "a 1 7", "a 2 7", "b 0 7"]
    assert all(b[0] - a[0] >= 1.0 for a, b in zip(to_seven, to_seven[1:], strict=False))
    # The other chats did not wait behind chat 7.
    assert [a for _, a, _ in sender.log[:3]] == ["7", "8", "9"]


async def test_a_flood_limit_pauses_everything_and_the_message_goes_once(db):
    await put(db, "1", "2", "3")
    clock = VirtualClock(START)
    sender = ScriptedSender(clock, script={"1": ["flood:3"]})
    d = dispatcher(db, clock, sender, rate=25.0, max_in_flight=1)
    tally = await d.drain()
    assert tally.retried == 1 and tally.sent == 3
    assert sender.received() == {"1": 1, "2": 1, "3": 1}
    # Nothing went out during the 3 seconds Telegram asked for.
    assert min(t for t, _, _ in sender.log) >= 3.0
    assert set((await states(db)).values()) == {"sent"}


async def test_a_blocked_account_is_marked_and_nothing_more_is_sent_to_it(db):
    await put(db, "5", "5", "5", "6", tag="a")
    clock = VirtualClock(START)
    sender = ScriptedSender(clock, script={"5": ["blocked"]})
    await dispatcher(db, clock, sender).drain()
    assert sender.attempts["5"] == 1 and sender.received() == {"6": 1}
    assert [s for k, s in (await states(db)).items() if k.endswith(":5")] == ["blocked"] * 3
    assert await db.fetchone("SELECT 1 FROM blocked_accounts WHERE account_id = '5'")
    # A notice written later for that account is settled without a request.
    await put(db, "5", kind="notice", tag="later")
    await dispatcher(db, clock, sender).drain()
    assert sender.attempts["5"] == 1
    assert (await states(db))["later:0:5"] == "blocked"


async def test_a_timed_out_send_is_uncertain_and_never_repeated(db):
    await put(db, "1", "2")
    clock = VirtualClock(START)
    sender = ScriptedSender(clock, script={"1": ["timeout"]})
    d = dispatcher(db, clock, sender)
    tally = await d.drain()
    assert tally.uncertain == 1
    clock.advance(hours=1)
    await d.drain()
    await dispatcher(db, clock, sender).drain()    # nor after a restart
    assert sender.attempts["1"] == 1
    assert (await states(db)) == {"m:0:1": "uncertain", "m:1:2": "sent"}


async def test_no_connection_means_not_sent_so_it_is_tried_again(db):
    await put(db, "1")
    clock = VirtualClock(START)
    sender = ScriptedSender(clock, script={"1": ["offline", "offline"]})
    tally = await dispatcher(db, clock, sender).drain()
    assert sender.attempts["1"] == 3 and sender.received() == {"1": 1}
    assert tally.retried == 2
    # It backed off: 1 s, then 2 s.
    assert sender.log[0][0] >= 3.0


async def test_a_refused_message_fails_and_an_unexpected_error_is_uncertain(db):
    await put(db, "1", "2", "3")
    clock = VirtualClock(START)
    sender = ScriptedSender(clock, script={"1": ["bad"], "2": ["boom"]})
    tally = await dispatcher(db, clock, sender).drain()
    assert (tally.failed, tally.uncertain, tally.sent) == (1, 1, 1)
    assert await states(db) == {"m:0:1": "failed", "m:1:2": "uncertain", "m:2:3": "sent"}


async def test_after_a_crash_what_was_being_sent_is_uncertain_and_not_resent(db):
    await put(db, "1", "2", "3")
    rows = await outbox_rows(db)
    # A dispatcher claimed the first row and died before hearing back.
    assert await claim(db, rows[0]["id"], START) is not None
    clock = VirtualClock(START)
    sender = ScriptedSender(clock)
    restarted = dispatcher(db, clock, sender)
    assert await restarted.recover() == 1
    await restarted.drain()
    assert sender.received() == {"2": 1, "3": 1}
    assert await states(db) == {"m:0:1": "uncertain", "m:1:2": "sent", "m:2:3": "sent"}


async def test_a_reminder_whose_event_has_begun_is_not_sent(db):
    await put(db, "1", expires=START + timedelta(seconds=30), tag="soon")
    await put(db, "2", due=START + timedelta(minutes=5), tag="later")
    clock = VirtualClock(START)
    clock.advance(minutes=1)
    sender = ScriptedSender(clock)
    tally = await dispatcher(db, clock, sender).drain()
    assert tally.expired == 1 and sender.log == []
    assert await states(db) == {"soon:0:1": "cancelled", "later:0:2": "pending"}
    clock.advance(minutes=5)
    await dispatcher(db, clock, sender).drain()
    assert sender.received() == {"2": 1}


async def test_a_cancelled_row_is_never_claimed(db):
    await put(db, "1")
    (row,) = await outbox_rows(db)
    async with db.transaction() as conn:
        await conn.execute("UPDATE outbox SET state = 'cancelled' WHERE id = ?", (row["id"],))
    assert await claim(db, row["id"], START) is None


async def test_running_in_the_background_it_wakes_on_enqueue(db):
    sent = asyncio.Event()

    class Sender:
        async def send(self, message):
            sent.set()

    d = Dispatcher(db, {CHANNEL: Sender()}, Pace(rate=100.0, poll_interval=30.0))
    await d.start()
    try:
        await asyncio.sleep(0.05)          # idle, waiting up to 30 s for work
        await put(db, "1", due=datetime(2000, 1, 1))
        d.wake()
        await asyncio.wait_for(sent.wait(), 2.0)
    finally:
        await d.stop()
    assert (await outbox_rows(db))[0]["state"] == "sent"


async def test_a_reminder_keeps_its_distance_from_an_answer_just_sent_to_that_chat(db):
    """Answers and the outbox share the channel's pacer; an answer that just
    went to a chat counts for the outbox's one-message-a-second per chat."""
    await put(db, "7", "8")
    clock = VirtualClock(START)
    pacer = Pacer(25.0, name=CHANNEL, clock=clock.monotonic, sleep=clock.sleep)
    await pacer.acquire(Priority.REPLY)
    pacer.answered("7")                    # the bot has just answered chat 7
    sender = ScriptedSender(clock)
    await Dispatcher(db, {CHANNEL: sender}, Pace(rate=25.0, per_chat_interval=1.0),
                     pacers={CHANNEL: pacer}, now=clock.now, clock=clock.monotonic,
                     sleep=clock.sleep).drain()
    sent = {account: t for t, account, _ in sender.log}
    assert sent["8"] < 0.5 and sent["7"] >= 1.0


async def test_rows_of_a_channel_this_process_does_not_run_never_hold_up_the_others(db):
    """A club that dropped Telegram but still has more than a batch of due
    Telegram rows: the Zalo and web messages due after them still go."""
    async with db.transaction() as conn:
        await enqueue(conn, [Outgoing(f"old:{i}", "telegram", str(5000 + i), "reminder",
                                      f"cũ {i}", START) for i in range(250)]
                      + [Outgoing("z:1", "zalo", "zu-1", "notice", "📢 Zalo",
                                  START + timedelta(minutes=1)),
                         Outgoing("w:1", "web", "wu-1", "notice", "📢 Web",
                                  START + timedelta(minutes=1))], now=START)
    clock = VirtualClock(START + timedelta(minutes=2))
    zalo, web = ScriptedSender(clock), ScriptedSender(clock)
    d = Dispatcher(db, {"zalo": zalo, "web": web}, Pace(rate=25.0, batch=200),
                   now=clock.now, clock=clock.monotonic, sleep=clock.sleep)
    tally = await d.drain()
    assert [text for _, _, text in zalo.log] == ["📢 Zalo"]
    assert [text for _, _, text in web.log] == ["📢 Web"]
    assert tally.sent == 2
    left = await states(db)
    assert left["z:1"] == left["w:1"] == "sent"
    assert {s for k, s in left.items() if k.startswith("old:")} == {"pending"}
