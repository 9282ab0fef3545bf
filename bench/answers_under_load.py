"""Answers under Telegram's flood limit: how many a second, and how long a
member waits while a fan-out of reminders is being sent.

Run from the project root: ``python -m bench.answers_under_load`` (``make bench``).

Both parts run the production path over real HTTP on 127.0.0.1: the bot's
``Application`` (``build_application``, its ``PacedRateLimiter``) polling a
fake Bot API (``tests.support.fake_bot_server``) that enforces Telegram's 30
messages in any second, answering 429 with ``retry_after`` beyond; the
``Dispatcher`` with ``TelegramSender`` over the same ``ExtBot``; one
``Pacer`` for the channel (``[telegram] rate``, 28/s), shared by both.

1. **Answers per second.** ``--members`` linked members of the synthetic
   database each ask three questions at once (savings, loan, meeting): every
   question must be answered once, and the answers counted over the time from
   the first to the last. Target: ≥ 80 % of 30/s, no 429 once the limiter
   settled (after the first second).
2. **Waiting during a fan-out.** The planner writes a reminder for each of
   ``--accounts`` linked accounts (every club's next meeting moved to an hour
   ahead, as ``bench.reminders_fanout`` does), and the dispatcher sends them
   at ``[outbox] rate`` (25/s) — the Bot API now also enforcing one message a
   second per chat. Meanwhile members linked after the planning (so they get
   no reminder of their own) ask a question every ``--every`` seconds; the
   time from the question reaching the Bot API's queue to its answer being
   accepted by the Bot API is measured. Target: p95 ≤ 2 s. The fan-out must
   still deliver every reminder exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from telegram.ext import Application

from bench import synthetic
from bench.reminders_fanout import ACCOUNTS_PER_CLUB, one_meeting_an_hour_ahead
from bot.channels.telegram import CHANNEL, TelegramSender, build_application
from bot.dispatcher import Dispatcher, Pace
from bot.pacing import Pacer
from club.reminders import ReminderRules
from handlers.context import Services, vietnam_now
from storage import Database
from storage.accounts import link_members
from storage.reminders import plan
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi

TOKEN = "123456:BENCH-token-not-real"
TELEGRAM_LIMIT = 30
BUDGET = 28.0        # [telegram] rate's default
OUTBOX_RATE = 25.0   # [outbox] rate's default
QUESTIONS = ("tiet kiem", "vay", "lich hop")
REMINDER_PREFIX = "📅"


def _ok(good: bool) -> str:
    return "✅" if good else "❌"


@asynccontextmanager
async def _bot(db: Database, api: FakeBotApi, pacer: Pacer) -> AsyncIterator[Application]:
    app = build_application(TOKEN, Services.over(db), base_url=api.base_url, pacer=pacer)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await pacer.close()


async def _linked_accounts(db: Database, count: int) -> list[int]:
    rows = await db.fetchall("SELECT account_id FROM chat_accounts WHERE channel = ? "
                             "AND active_member_id IS NOT NULL "
                             "ORDER BY CAST(account_id AS INTEGER) LIMIT ?", (CHANNEL, count))
    return [int(r[0]) for r in rows]


# ---------------------------------------------------------------- 1. answers per second


async def answers_per_second(db: Database, members: int) -> bool:
    askers = await _linked_accounts(db, members)
    expected = len(askers) * len(QUESTIONS)
    with FakeBotApi(max_per_second=TELEGRAM_LIMIT) as api:
        for words in QUESTIONS:
            for user in askers:
                api.push(updates.text(user, words))
        started = time.perf_counter()
        async with _bot(db, api, Pacer(BUDGET, name=CHANNEL)):
            sent = await asyncio.to_thread(api.wait_for_sent, expected, expected / 10 + 60)
            elapsed = time.perf_counter() - started
            await asyncio.sleep(0.5)  # nothing more may come
        accepted = list(api.accepted_at)
        late_floods = [t for t in api.flooded_at if t > accepted[0] + 1.0]
        floods = api.flooded
        delivered = api.delivered()
    rate = (len(accepted) - 1) / (accepted[-1] - accepted[0]) if len(accepted) > 1 else 0.0
    fraction = rate / TELEGRAM_LIMIT
    answered_once = all(delivered[u] == len(QUESTIONS) for u in askers)
    print(f"answers: {len(askers)} members × {len(QUESTIONS)} questions at once = {expected} "
          f"questions; the fake Bot API allows {TELEGRAM_LIMIT}/s, the bot's budget "
          f"{BUDGET:g}/s")
    print(f"  answered {len(sent)} in {elapsed:.1f} s, each question once "
          f"{_ok(answered_once and len(sent) == expected)}: {rate:.1f} answers/s = "
          f"{fraction:.2f} of {TELEGRAM_LIMIT}/s {_ok(fraction >= 0.8)} (target ≥ 0.80); "
          f"429 answers {floods}, after the first second {len(late_floods)} "
          f"{_ok(not late_floods)}")
    return answered_once and len(sent) == expected and fraction >= 0.8 and not late_floods


# ---------------------------------------------------------------- 2. waiting during a fan-out


async def wait_during_fan_out(db: Database, clubs: int, askers: int, every: float) -> bool:
    now = vietnam_now()
    linked = await one_meeting_an_hour_ahead(db, clubs, now)
    rules = ReminderRules(meeting_before=(timedelta(hours=1),), checkup_before=(),
                          installment_before=(), report_before=(), rollcall_after=(),
                          quiet=None)
    planned = await plan(db, rules, now, ahead=timedelta(minutes=10))
    # Members who link after the planning: their questions are the only
    # messages their chats get, so each answer is told apart from reminders.
    members = [r[0] for r in await db.fetchall(
        "SELECT id FROM members ORDER BY id DESC LIMIT ?", (askers,))]
    people = [9_800_000 + i for i in range(len(members))]
    for person, member in zip(people, members, strict=True):
        await link_members(db, CHANNEL, str(person), [member], how="contact", now=now)
    print(f"waiting: {planned.written:,} reminders planned for {linked:,} accounts; "
          f"{len(people)} other members ask a question every {every:g} s while they go "
          f"(outbox {OUTBOX_RATE:g}/s; the fake Bot API allows {TELEGRAM_LIMIT}/s and 1/s "
          f"per chat)")

    asked: dict[int, list[float]] = defaultdict(list)
    pacer = Pacer(BUDGET, name=CHANNEL)
    with FakeBotApi(max_per_second=TELEGRAM_LIMIT, per_chat_interval=1.0) as api:
        async with _bot(db, api, pacer) as app:
            dispatcher = Dispatcher(db, {CHANNEL: TelegramSender(app.bot)},
                                    Pace(rate=OUTBOX_RATE), pacers={CHANNEL: pacer})
            started = time.perf_counter()
            await dispatcher.start()
            try:
                await asyncio.to_thread(api.wait_for_sent, 50, 30)   # under way
                turn = 0
                while len(api.sent) < planned.written * 0.9:
                    person = people[turn % len(people)]
                    asked[person].append(time.monotonic())
                    api.push(updates.text(person, QUESTIONS[turn % len(QUESTIONS)]))
                    turn += 1
                    await asyncio.sleep(every)
                total = planned.written + turn
                await asyncio.to_thread(api.wait_for_sent, total, 120)
                elapsed = time.perf_counter() - started
                await asyncio.sleep(0.5)
            finally:
                await dispatcher.stop()
        sent = list(zip(api.accepted_at, api.sent, strict=True))
        floods = api.flooded
        reasons = Counter(api.flood_reasons)
        delivered = api.delivered()
    answers: dict[int, list[float]] = defaultdict(list)
    reminders = 0
    for accepted, params in sent:
        chat = int(params["chat_id"])
        if chat in asked:
            answers[chat].append(accepted)
        elif str(params.get("text", "")).startswith(REMINDER_PREFIX):
            reminders += 1
    waits = [answer - question for chat, questions in asked.items()
             for question, answer in zip(questions, answers[chat], strict=False)]
    unanswered = sum(len(q) for q in asked.values()) - len(waits)
    waits.sort()
    p50 = statistics.median(waits)
    p95 = waits[min(len(waits) - 1, math.ceil(0.95 * len(waits)) - 1)]
    duplicates = sum(1 for chat, n in delivered.items() if chat not in asked and n > 1)
    states = Counter(r[0] for r in await db.fetchall("SELECT state FROM outbox"))
    reminder_rate = reminders / elapsed
    print(f"  {len(waits)} questions answered during the fan-out "
          f"(unanswered {unanswered} {_ok(unanswered == 0)}): p50 {p50:.2f} s, "
          f"p95 {p95:.2f} s {_ok(p95 <= 2.0)} (target ≤ 2 s), max {waits[-1]:.2f} s")
    print(f"  the fan-out meanwhile: {reminders:,} reminders in {elapsed:.1f} s "
          f"({reminder_rate:.1f}/s), duplicates {duplicates} {_ok(duplicates == 0)}, "
          f"429 answers {floods}{' ' + str(dict(reasons)) if reasons else ''}, "
          f"outbox states {dict(states)}")
    return (p95 <= 2.0 and unanswered == 0 and duplicates == 0
            and states.get("sent", 0) == planned.written)


async def run(source: Path, clubs: int, members: int, askers: int, every: float) -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "answers.db"
        shutil.copyfile(source, path)
        db = await Database.open(path)
        try:
            first = await answers_per_second(db, members)
            second = await wait_during_fan_out(db, clubs, askers, every)
        finally:
            await db.close()
    return first and second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100,
                        help="members asking three questions at once (part 1)")
    parser.add_argument("--accounts", type=int, default=2_000,
                        help="accounts the fan-out reminds (part 2)")
    parser.add_argument("--askers", type=int, default=60,
                        help="members asking during the fan-out (part 2)")
    parser.add_argument("--every", type=float, default=0.25,
                        help="seconds between two questions during the fan-out")
    args = parser.parse_args()
    clubs = math.ceil(args.accounts / ACCOUNTS_PER_CLUB)
    source = synthetic.cached(clubs=clubs, members=60, months=2, accounts=args.accounts)
    ok = asyncio.run(run(source, clubs, args.members, args.askers, args.every))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
