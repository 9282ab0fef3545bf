"""Reminders at scale: a fan-out against a rate-limited Bot API, and planning a
day for a province.

Run from the project root: ``python -m bench.reminders_fanout`` (``make bench``).

Fan-out. A synthetic database (``bench.synthetic``) with ``--accounts``
linked Telegram accounts, about fifty per club; every club's next meeting is
moved, through ``storage.meetings.move`` as the board would, to an hour from
now; the planner (``storage.reminders.plan``, ``meeting_before = ["1h"]``)
writes one reminder per account, due at once; then the production path sends
them — ``Dispatcher`` with ``TelegramSender`` over the Application's own
``ExtBot`` (its ``PacedRateLimiter`` and the channel's ``Pacer`` shared with
the dispatcher, as ``run`` wires them), to a fake Bot API on 127.0.0.1 that
enforces Telegram's limits: 30 messages in any second overall and one per
second per chat, answering 429 with ``retry_after`` beyond. Printed: the
achieved rate (accepted messages over the time from the first to the last) as
a fraction of the configured one, duplicates (chats that got more than one),
losses (accounts that got none) and the 429 answers.

The full 20,000 accounts at 25/s take about 13½ minutes
(``--accounts 20000``); the default sends 2,000 (about 80 s).

Planning. A synthetic database of 8,334 clubs × 60 members (500,040 members,
every phone linked to an account, a year of books) is planned for one whole
day (``ahead`` = 24 h from midnight), then once more the way the scheduler
does every minute (``ahead`` = 10 min). Both are timed; the outbox is emptied
afterwards so the cached database stays as built. The first build takes a few
minutes and about 1.5 GB under ``bench/out/``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from bench import synthetic
from bot.channels.telegram import CHANNEL, TelegramSender, build_application
from bot.dispatcher import Dispatcher, Pace
from bot.pacing import Pacer
from club.reminders import ReminderRules
from handlers.context import vietnam_now
from storage import Database, meetings
from storage.reminders import plan
from tests.support.fake_bot_server import FakeBotApi

TOKEN = "123456:BENCH-token-not-real"
ACCOUNTS_PER_CLUB = 50
PROVINCE_CLUBS = 8_334          # × 60 members = 500,040
TELEGRAM_LIMIT = 30
BUDGET = 28.0                   # [telegram] rate's default


def _ok(good: bool) -> str:
    return "✅" if good else "❌"


# ---------------------------------------------------------------- fan-out


async def fan_out(source: Path, clubs: int, rate: float) -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "fanout.db"
        shutil.copyfile(source, path)
        db = await Database.open(path)
        try:
            now = vietnam_now()
            linked = await one_meeting_an_hour_ahead(db, clubs, now)
            rules = ReminderRules(meeting_before=(timedelta(hours=1),), checkup_before=(),
                                  installment_before=(), report_before=(), rollcall_after=(),
                                  quiet=None)
            planned = await plan(db, rules, now, ahead=timedelta(minutes=10))
            print(f"fan-out: {planned.written:,} reminders planned for {linked:,} linked "
                  f"accounts in {clubs} clubs; configured {rate:g}/s, the fake Bot API allows "
                  f"{TELEGRAM_LIMIT}/s and 1/s per chat")
            return await _send(db, rate, linked)
        finally:
            await db.close()


async def one_meeting_an_hour_ahead(db: Database, clubs: int, now: datetime) -> int:
    """Move every club's next meeting to an hour from now, as a board would."""
    target = now.replace(second=0, microsecond=0) + timedelta(hours=1)
    for club_id in range(1, clubs + 1):
        upcoming = await meetings.upcoming(db, club_id, now, 1, include_cancelled=False)
        await meetings.move(db, club_id, upcoming[0].regular_on, target.date(), target.time(),
                            actor="bench", now=now)
    row = await db.fetchone("SELECT count(*) FROM chat_accounts")
    assert row is not None
    return row[0]


async def _send(db: Database, rate: float, linked: int) -> bool:
    with FakeBotApi(max_per_second=TELEGRAM_LIMIT, per_chat_interval=1.0) as api:
        pacer = Pacer(max(BUDGET, rate), name=CHANNEL)   # [telegram] rate, shared
        app = build_application(TOKEN, None, base_url=api.base_url, pacer=pacer)
        await app.initialize()
        try:
            dispatcher = Dispatcher(db, {CHANNEL: TelegramSender(app.bot)}, Pace(rate=rate),
                                    pacers={CHANNEL: pacer})
            started = time.perf_counter()
            tally = await dispatcher.drain()
            elapsed = time.perf_counter() - started
        finally:
            await app.shutdown()
        accepted = list(api.accepted_at)
        delivered = api.delivered()
        flooded = api.flooded
    rows = await db.fetchall("SELECT account_id, state FROM outbox")
    states = Counter(state for _, state in rows)
    sent_to = {int(account) for account, _ in rows}
    achieved = (len(accepted) - 1) / (accepted[-1] - accepted[0]) if len(accepted) > 1 else 0.0
    fraction = achieved / rate
    duplicates = sum(1 for n in delivered.values() if n > 1)
    losses = sum(1 for chat in sent_to if delivered[chat] == 0)
    print(f"  sent {tally.sent:,} in {elapsed:.1f} s: {achieved:.2f} messages/s "
          f"= {fraction:.3f} of the configured {rate:g}/s {_ok(fraction >= 0.95)} "
          f"(target ≥ 0.95)")
    print(f"  duplicates {duplicates} {_ok(duplicates == 0)}, losses {losses} "
          f"{_ok(losses == 0)} (targets 0 and 0); 429 answers {flooded}, "
          f"outbox states {dict(states)}")
    return fraction >= 0.95 and duplicates == 0 and losses == 0 and len(sent_to) == linked


# ---------------------------------------------------------------- planning a province


async def plan_province(path: Path, clubs: int) -> None:
    db = await Database.open(path)
    try:
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM outbox")
            await conn.execute("DELETE FROM meeting_changes")
        members = (await db.fetchone("SELECT count(*) FROM members"))[0]
        accounts = (await db.fetchone("SELECT count(*) FROM chat_accounts"))[0]
        rules = ReminderRules()
        ten = timedelta(minutes=10)
        midnight = synthetic.AS_OF.replace(hour=0, minute=0)
        started = time.perf_counter()
        day = await plan(db, rules, midnight, ahead=timedelta(days=1))
        day_s = time.perf_counter() - started
        kinds = Counter(r[0].split(":")[1] for r in await db.fetchall(
            "SELECT dedup_key FROM outbox"))
        print(f"plan: {members:,} members in {clubs:,} clubs, {accounts:,} linked accounts")
        print(f"  one day's reminders ({midnight:%d/%m/%Y} 00:00, 24 h ahead): "
              f"{day.written:,} messages ({', '.join(f'{k} {n:,}' for k, n in kinds.items())}) "
              f"planned and written in {day_s:.2f} s")
        # By 09:00 the dispatcher has sent what was due; then the scheduler's runs.
        async with db.transaction() as conn:
            await conn.execute("UPDATE outbox SET state = 'sent' WHERE due_at <= ?",
                               (synthetic.AS_OF.isoformat(),))
        started = time.perf_counter()
        full = await plan(db, rules, synthetic.AS_OF, ahead=ten)
        full_s = time.perf_counter() - started
        tick_at = synthetic.AS_OF + timedelta(minutes=1)
        started = time.perf_counter()
        tick = await plan(db, rules, tick_at, ahead=ten, since=synthetic.AS_OF + ten)
        tick_s = time.perf_counter() - started
        print(f"  a full run at 09:00 (start-up, then hourly; 10 min ahead): {full_s:.2f} s, "
              f"{full.wanted:,} wanted, {full.written} written, {full.cancelled} cancelled")
        print(f"  the scheduler's minute tick after it (only what fell due since): "
              f"{tick_s * 1000:.0f} ms, {tick.written} written")
    finally:
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM outbox")
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2_000,
                        help="accounts to fan out to (the full run: 20000, ~13.5 min)")
    parser.add_argument("--rate", type=float, default=25.0, help="configured messages/s")
    parser.add_argument("--plan-clubs", type=int, default=PROVINCE_CLUBS,
                        help="clubs of 60 members for the planning benchmark (0: skip)")
    parser.add_argument("--skip-fan-out", action="store_true")
    args = parser.parse_args()
    ok = True
    # The synthetic databases are built (or found in bench/out/) before any event loop runs.
    if not args.skip_fan_out:
        clubs = math.ceil(args.accounts / ACCOUNTS_PER_CLUB)
        source = synthetic.cached(clubs=clubs, members=60, months=2, accounts=args.accounts)
        ok = asyncio.run(fan_out(source, clubs, args.rate))
    if args.plan_clubs:
        province = synthetic.cached(clubs=args.plan_clubs, members=60, months=12,
                                    accounts=args.plan_clubs * 60)
        asyncio.run(plan_province(province, args.plan_clubs))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
