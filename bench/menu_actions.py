"""What each menu action costs per update, against an echo handler.

Run from the project root: ``python -m bench.menu_actions`` (``make bench``).

Applications are built the same way, by ``build_application`` over the
in-process ``OfflineBotApi``: the real one, and one whose only handler sends
the text back with one ``send_message``. Both have production's rate limiter
(``PacedRateLimiter`` over a channel ``Pacer``) with a budget no benchmark
reaches — no pressure, so it never waits, but every send pays its
bookkeeping; "where the time goes" prints that cost on its own. Whatever
python-telegram-bot, the Bot, the limiter and the fake request object cost is
therefore in both figures, and the ratio is what the bot's own work adds. A
third, for information only, echoes in HTML with the bot's menu keyboard: the
cost of the reply's format alone.
Each update is timed with ``perf_counter_ns`` around
``await app.process_update(update)``; parsing the JSON (``Update.de_json``)
is excluded for all of them and reported on its own, since in production it
happens in the updater before ``process_update``.

Rounds interleave the echoes and every action (in an order rotated each
round), so drift in the machine's speed falls on all of them alike. Three
access patterns are measured:

* warm — 50 accounts take turns, one account per round tapping every button:
  after the first pass the read cache holds their account and member file;
* cold — every update comes from the next of the ~2,000 linked accounts and
  the read cache is emptied before it (a new ``Reader``, outside the timing):
  one round trip for the account, one for the member file;
* after a write — as warm, but every 10th update of the real bot is preceded
  (outside the timing) by a cash-entry INSERT through the app's own aiosqlite
  connection, for members all over the database; each commit invalidates the
  whole cache.

A round trip to aiosqlite's worker thread costs ~20 µs when the scheduler
keeps it on the event loop's CPU and ~100 µs more when it must wake the other
one; which happens varies from run to run on a small VM, so each pattern
prints the hop's cost, and ``--one-cpu`` pins the process for steady figures.

Before any timing every action is checked on a sample of accounts, and every
timed reply is checked too (outside the timing): it must be the screen that
was asked for, never the router's apology, so no error path is measured.

💰 and ❤️ send a picture too (one ``sendPhoto`` captioned with the text,
instead of the ``sendMessage``). Drawing one
with matplotlib takes about a thousand times longer than a whole tap, and
happens only when a member's figures change (handlers/charts.py), so it is
timed on its own ("where the time goes"); in the patterns a picture not yet
drawn is a copy of one drawn at start-up, and everything else about it —
the cache, the upload, Telegram's file_id sent again — is the bot's own.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import os
import pstats
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from time import perf_counter_ns
from typing import Any

from telegram import PhotoSize, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, TypeHandler

from bench import synthetic
from bot.channels import telegram as telegram_channel
from bot.channels.telegram import build_application
from bot.pacing import Pacer
from club import charts, texts
from handlers import contacts, health, loans, savings, schedule
from handlers.charts import ChartCache, bp_points
from handlers.context import Services
from handlers.menu import with_menu
from storage import Database
from storage.accounts import Account, LinkedMember, load_account
from storage.member_file import MemberFile, load_member_file
from storage.reads import Reader
from tests.support import updates
from tests.support.offline_bot_api import OfflineBotApi

TOKEN = "123456:BENCH-token-not-real"
TARGET = 2.0  # every action at most this many times the echo handler, at the median
WARM_ACCOUNTS = 50
WRITE_EVERY = 10
WARMUP_ROUNDS = 40  # x 9 updates x 2 patterns: a few hundred updates before timing
CHECK_ACCOUNTS = 200


@dataclass(frozen=True)
class Action:
    key: str
    text: str  # what the member sends: a button label, or typed words
    label: str  # how the tables name it
    # The reply must start with one of these, or the wrong screen was measured.
    starts: tuple[str, ...]

    @property
    def baseline(self) -> bool:
        """An echo, answered by its own Application rather than by the bot."""
        return not self.starts

    @property
    def pictured(self) -> bool:
        """A screen that may send its text with a chart (or the photo echo)."""
        return self.key in ("savings", "health", "typed", "echo_photo")


def _head(template: str) -> str:
    """The fixed text before a template's first field."""
    return template.split("{", 1)[0]


def _middle(template: str) -> str:
    """The fixed text between a template's first and second fields."""
    return template.split("}", 1)[1].split("{", 1)[0]


ECHO = Action("echo", texts.BTN_SAVINGS, "echo handler (baseline)", ())
# For information only: the echo sent as the bot sends every screen, in HTML and
# with the persistent menu keyboard. The gap between it and the plain echo is
# what the reply's format costs, before the bot has done any work of its own.
ECHO_MENU = Action("echo_menu", texts.BTN_SAVINGS, "echo + menu keyboard (info)", ())
# For information only: the same, as a captioned photo sent again by its file_id,
# as 💰 and ❤️ answer: what python-telegram-bot spends on a photo over a text.
ECHO_PHOTO = Action("echo_photo", texts.BTN_SAVINGS, "echo as a captioned photo (info)", ())
ACTIONS = (
    Action("savings", texts.BTN_SAVINGS, texts.BTN_SAVINGS, (_head(texts.SAVINGS_BALANCE),)),
    Action("loans", texts.BTN_LOANS, texts.BTN_LOANS,
           (_head(texts.LOANS_TOTAL), _head(texts.LOANS_NONE))),
    Action("meeting", texts.BTN_MEETING, texts.BTN_MEETING, (_head(texts.MEETING_NEXT),)),
    Action("health", texts.BTN_HEALTH, texts.BTN_HEALTH,
           (_head(texts.HEALTH_BP), _head(texts.HEALTH_NONE), _head(texts.HEALTH_WEIGHT))),
    Action("contacts", texts.BTN_CONTACTS, texts.BTN_CONTACTS,
           (_head(texts.CONTACTS_HEAD), texts.CONTACTS_NONE)),
    Action("help", texts.BTN_HELP, texts.BTN_HELP, (texts.HELP,)),
    Action("typed", "so du", '"so du" (typed)', (_head(texts.SAVINGS_BALANCE),)),
)
ALL = (ECHO, ECHO_MENU, ECHO_PHOTO, *ACTIONS)

PATTERNS = {
    "warm": f"warm: {WARM_ACCOUNTS} accounts take turns, the read cache holds",
    "cold": "cold: a different account every update, read cache emptied before each",
    "write": f"after a write: as warm, a cash-entry INSERT before every {WRITE_EVERY}th update",
}

_AMOUNT = re.compile(r"<b>([\d.]+ đ)</b>")
# Twelve readings, for the one real drawing and for timing matplotlib.
_SAMPLE_READINGS = [(synthetic.TODAY.replace(month=m), 118 + 3 * m, 72 + 2 * m)
                    for m in range(1, 12)] + [(synthetic.TODAY, 151, 96)]


class BenchError(AssertionError):
    """The bot did not answer as it should: the figures would be meaningless."""


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text is not None:
        await context.bot.send_message(message.chat.id, message.text)


# A plain member's account, for drawing the same menu the bot draws.
_ONE_MEMBER = Account("telegram", "0", (LinkedMember(1, "", "", 1, "", False),), 1)


async def _echo_with_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text is not None:
        reply = with_menu(escape(message.text), _ONE_MEMBER)
        # The adapter's own markup builder, so the keyboard costs what it costs the bot.
        await context.bot.send_message(message.chat.id, reply.text, parse_mode=ParseMode.HTML,
                                       reply_markup=telegram_channel.markup_for(reply))


# Sent again as the bot sends an uploaded picture again: by its PhotoSize.
_ECHO_PHOTO = PhotoSize("photo-echo", "u-photo-echo", 720, 540)


async def _echo_as_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text is not None:
        reply = with_menu(escape(message.text), _ONE_MEMBER)
        await context.bot.send_photo(message.chat.id, _ECHO_PHOTO, caption=reply.text,
                                     parse_mode=ParseMode.HTML, show_caption_above_media=True,
                                     reply_markup=telegram_channel.markup_for(reply))


def _unpressed() -> Pacer:
    """Production's pacer with a budget (a million a second) that no update here
    reaches: its code runs on every send, its waiting never does."""
    return Pacer(1_000_000.0, name="bench")


def _echo_application(
    handler: Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]],
) -> tuple[Application, OfflineBotApi]:
    """``build_application`` as the bot uses it, with its handler swapped for an echo."""
    api = OfflineBotApi()
    app = build_application(TOKEN, None, request=api, pacer=_unpressed())
    for group, handlers in list(app.handlers.items()):
        for registered in list(handlers):
            app.remove_handler(registered, group)
    app.add_handler(TypeHandler(Update, handler))
    return app, api


@dataclass
class Sample:
    parse_ns: list[int]
    process_ns: list[int]


class Bench:
    def __init__(self, db: Database, db_path: Path) -> None:
        self.db, self.db_path = db, db_path
        self.services = Services.over(db, now=lambda: synthetic.AS_OF)
        # Pictures not drawn yet are a copy of one real drawing (see the docstring).
        self.picture = charts.draw(charts.blood_pressure(_SAMPLE_READINGS))
        self.services.charts = ChartCache(draw=lambda chart: self.picture, size=100_000)
        self.api = OfflineBotApi()
        self.app = build_application(TOKEN, self.services, request=self.api,
                                     pacer=_unpressed())
        self.apps = {ECHO.key: _echo_application(_echo),
                     ECHO_MENU.key: _echo_application(_echo_with_menu),
                     ECHO_PHOTO.key: _echo_application(_echo_as_photo)}
        self.users: list[int] = []  # every linked account, spread over all clubs
        self.member_of: dict[int, int] = {}  # user id -> the member its account looks at
        self.members = 0
        self.writes = 0

    async def start(self) -> None:
        for app, api in (*self.apps.values(), (self.app, self.api)):
            await app.initialize()
            api.calls.clear()  # getMe, from initialize
        rows = await self.db.fetchall(
            "SELECT account_id, active_member_id FROM chat_accounts WHERE channel = ? "
            "ORDER BY CAST(account_id AS INTEGER)", (synthetic.CHANNEL,))
        self.users = [int(r[0]) for r in rows]
        self.member_of = {int(r[0]): r[1] for r in rows}
        row = await self.db.fetchone("SELECT max(id) FROM members")
        self.members = row[0] if row else 0
        if len(self.users) < WARM_ACCOUNTS:
            raise BenchError(f"only {len(self.users)} linked accounts in the database")

    async def stop(self) -> None:
        for app, _ in (*self.apps.values(), (self.app, self.api)):
            await app.shutdown()

    @property
    def warm_users(self) -> list[int]:
        step = len(self.users) // WARM_ACCOUNTS
        return self.users[::step][:WARM_ACCOUNTS]

    # ------------------------------------------------------------ one update

    async def feed(self, action: Action, user_id: int) -> tuple[int, int, str]:
        """Process one update; (de_json ns, process_update ns, reply text). Checks the reply."""
        app, api = self.apps.get(action.key, (self.app, self.api))
        data = updates.text(user_id, action.text)
        t0 = perf_counter_ns()
        update = Update.de_json(data, app.bot)
        t1 = perf_counter_ns()
        await app.process_update(update)
        t2 = perf_counter_ns()
        calls = api.calls
        # The bot also takes the previous question's inline buttons away
        # (editMessageReplyMarkup) when the conversation moves on: part of its
        # cost, not of its answer.
        sent = [c for c in calls if c.method != "editMessageReplyMarkup"]
        methods = [c.method for c in sent]
        if methods != ["sendMessage"] and not (methods == ["sendPhoto"] and action.pictured):
            raise BenchError(f"{action.key} for {user_id}: expected one sendMessage "
                             f"(or for 💰 and ❤️ one captioned sendPhoto), got "
                             f"{[c.method for c in calls]}")
        reply = sent[0].params.get("text", sent[0].params.get("caption", ""))
        calls.clear()  # keeps memory flat over tens of thousands of updates
        _check_reply(action, user_id, reply)
        return t1 - t0, t2 - t1, reply

    async def write(self, member_id: int | None = None) -> None:
        """A cash entry, committed through the app's own connection, as a treasurer's would be.

        Without a member, the entries go round every member of every club: the
        commit empties the whole cache all the same, and the members being
        timed do not pile up hundreds of entries no real book would have.
        """
        if member_id is None:
            member_id = 1 + self.writes * 7919 % self.members
        self.writes += 1
        stamp = synthetic.AS_OF.isoformat(timespec="seconds")
        await self.db.conn.execute(
            "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, note, "
            "recorded_by, recorded_at) SELECT club_id, ?, id, 'deposit', 10000, 'bench write', "
            "'bench', ? FROM members WHERE id = ?",
            (synthetic.TODAY.isoformat(), stamp, member_id))

    # ------------------------------------------------------------ patterns

    async def run(self, pattern: str, rounds: int,
                  only: tuple[Action, ...] = ALL) -> dict[str, Sample]:
        """``rounds`` updates per action, interleaved, in the given access pattern."""
        samples = {a.key: Sample([], []) for a in only}
        warm = self.warm_users
        count = real = 0
        gc.collect()
        for i in range(rounds):
            shift = i % len(only)
            for action in only[shift:] + only[:shift]:
                if pattern == "cold":
                    user = self.users[count % len(self.users)]
                    if not action.baseline:
                        self.services.reader = Reader(self.db)
                else:
                    user = warm[i % len(warm)]
                    if pattern == "write" and not action.baseline and real % WRITE_EVERY == 0:
                        await self.write()
                count += 1
                real += not action.baseline
                parse_ns, process_ns, _ = await self.feed(action, user)
                samples[action.key].parse_ns.append(parse_ns)
                samples[action.key].process_ns.append(process_ns)
        return samples

    # ------------------------------------------------------------ correctness first

    async def check(self) -> str:
        """Every action answers properly on a sample of accounts, and the cache is never stale.

        Returns what the sample covered, to show the data reaches every branch
        worth timing (open, late and no loans; no readings; lunar clubs).
        """
        step = max(1, len(self.users) // CHECK_ACCOUNTS)
        sample = sorted(set(self.users[::step]) | set(self.warm_users))
        seen = dict.fromkeys(("open loans", "late", "no loan", "no readings", "lunar"), 0)
        late = _head(texts.LOAN_OVERDUE)
        for user in sample:
            for action in ALL:
                _, _, reply = await self.feed(action, user)
                if action.key == "loans":
                    seen["open loans"] += _middle(texts.LOANS_TOTAL) in reply
                    seen["late"] += late in reply
                    seen["no loan"] += _middle(texts.LOANS_NONE) in reply
                elif action.key == "health":
                    seen["no readings"] += reply.startswith(_head(texts.HEALTH_NONE))
                elif action.key == "meeting":
                    file = await self.services.reader.member_file(self.member_of[user],
                                                                  synthetic.TODAY)
                    seen["lunar"] += file is not None and file.club.meeting_lunar

        user = self.warm_users[0]
        member_id = self.member_of[user]
        _, _, reply = await self.feed(ACTIONS[0], user)
        shown = await self._shown_balance(reply)
        stored = await self._stored_balance(member_id)
        if shown != stored:
            raise BenchError(f"savings of member {member_id}: shown {shown}, stored {stored}")

        # A write through the app's connection, then one from elsewhere (as an
        # import run from the CLI would be): both must show at once.
        await self.write(member_id)
        other = sqlite3.connect(self.db_path, isolation_level=None)
        try:
            other.execute(
                "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, note, "
                "recorded_by, recorded_at) SELECT club_id, ?, id, 'deposit', 5000, "
                "'bench other connection', 'bench', ? FROM members WHERE id = ?",
                (synthetic.TODAY.isoformat(), synthetic.AS_OF.isoformat(), member_id))
        finally:
            other.close()
        _, _, reply = await self.feed(ACTIONS[0], user)
        shown = await self._shown_balance(reply)
        if shown != stored + 15_000:
            raise BenchError(f"stale savings after two writes: shown {shown}, "
                             f"expected {stored + 15_000}")
        return f"{len(sample)} accounts: " + ", ".join(f"{n} {what}" for what, n in seen.items())

    async def _shown_balance(self, reply: str) -> int:
        found = _AMOUNT.search(reply.splitlines()[0])
        if found is None:
            raise BenchError(f"no bold amount in the savings screen: {reply!r}")
        return int(found.group(1).removesuffix(" đ").replace(".", ""))

    async def _stored_balance(self, member_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT COALESCE(SUM(CASE kind WHEN 'deposit' THEN amount ELSE -amount END), 0) "
            "FROM cash_entries WHERE member_id = ? AND kind IN ('deposit', 'withdrawal')",
            (member_id,))
        assert row is not None
        return row[0]

    # ------------------------------------------------------------ where the time goes

    async def round_trip(self, repeat: int = 300) -> float:
        """Median µs of one aiosqlite round trip that reads nothing: the thread hop alone."""
        spent = []
        for _ in range(repeat):
            t0 = perf_counter_ns()
            await self.db.fetchone("SELECT 1")
            spent.append(perf_counter_ns() - t0)
        return statistics.median(spent) / 1000

    async def components(self, repeat: int) -> list[tuple[str, float]]:
        """Medians (µs) of the pieces an action is made of, outside python-telegram-bot."""
        users = self.users[:: max(1, len(self.users) // repeat)][:repeat]
        today = synthetic.TODAY
        files: list[MemberFile] = []
        rows: list[tuple[str, float]] = []

        async def timed(label: str, make: Callable[[int], Any]) -> None:
            spent = []
            for user in users:
                t0 = perf_counter_ns()
                result = make(user)
                if asyncio.iscoroutine(result):
                    result = await result
                spent.append(perf_counter_ns() - t0)
                if isinstance(result, MemberFile):
                    files.append(result)
            rows.append((label, statistics.median(spent) / 1000))

        await timed("aiosqlite round trip (SELECT 1)", lambda _: self.db.fetchone("SELECT 1"))
        # The rate limiter when nothing waits: a slot of a 28/s budget whose clock
        # has moved on since the last one, and a whole send with and without it.
        ticks = iter(range(10**9))
        free = Pacer(28.0, name="bench", clock=lambda: float(next(ticks)))
        await timed("Pacer.acquire, slot free (28/s budget)", lambda _: free.acquire())
        plain = build_application(TOKEN, None, request=OfflineBotApi(), rate_limited=False)
        await plain.initialize()
        for label, bot in (("send_message, no rate limiter", plain.bot),
                           ("send_message through PacedRateLimiter", self.app.bot)):
            await timed(label, lambda u, bot=bot: bot.send_message(u, "…"))
        await plain.shutdown()
        await timed("data_version probe (sync PRAGMA)", lambda _: self.db.data_version())
        await timed("load_account (1 round trip)",
                    lambda u: load_account(self.db, synthetic.CHANNEL, str(u)))
        await timed("load_member_file (1 round trip)",
                    lambda u: load_member_file(self.db, self.member_of[u], today))
        reader = Reader(self.db)
        for user in users:  # fill the cache, then time hits only
            await reader.account(synthetic.CHANNEL, str(user))
        await timed("Reader.account, cache hit",
                    lambda u: reader.account(synthetic.CHANNEL, str(u)))
        for user in users:
            await reader.member_file(self.member_of[user], today)
        await timed("Reader.member_file, cache hit",
                    lambda u: reader.member_file(self.member_of[u], today))
        menu = with_menu(texts.HELP, _ONE_MEMBER)
        markup = telegram_channel.markup_for(menu)
        await timed("menu keyboard: build the ReplyKeyboardMarkup",
                    lambda _: telegram_channel.markup_for(menu))
        await timed("menu keyboard: to_dict, as every send does", lambda _: markup.to_dict())
        # Savings and meeting walk the calendar, which costs more for lunar clubs.
        renders: list[tuple[str, Callable[[MemberFile], str], bool]] = [
            ("render savings", lambda f: savings.render(f, today), True),
            ("render loans", lambda f: loans.render(f, today), False),
            ("render meeting", lambda f: schedule.render(f, synthetic.AS_OF), True),
            ("render health", health.render, False),
            ("render contacts", contacts.render, False),
        ]
        # The pictures: a cache hit (what a tap costs while the figures stand), and
        # matplotlib drawing one (what it costs once after they change).
        cache = ChartCache()
        with_bp = [f for f in files if len(bp_points(f)) >= 2]
        for file in with_bp:
            cache.image(file.member.id, charts.blood_pressure(bp_points(file)), "")
        if with_bp:
            spent = []
            for file in with_bp:
                t0 = perf_counter_ns()
                cache.image(file.member.id, charts.blood_pressure(bp_points(file)), "")
                spent.append(perf_counter_ns() - t0)
            rows.append(("health chart: build it and find it drawn (cache hit)",
                         statistics.median(spent) / 1000))
            chart = charts.blood_pressure(_SAMPLE_READINGS)
            charts.draw(chart)  # matplotlib's import and font cache, once
            spent = []
            for _ in range(10):
                t0 = perf_counter_ns()
                charts.draw(chart)
                spent.append(perf_counter_ns() - t0)
            rows.append(("health chart: draw it with matplotlib (a cache miss)",
                         statistics.median(spent) / 1000))
        lunar = [f for f in files if f.club.meeting_lunar]
        solar = [f for f in files if not f.club.meeting_lunar]
        for label, render, split in renders:
            groups = [("", files)]
            if split:
                groups += [(", lunar clubs", lunar), (", solar clubs", solar)]
            for suffix, group in groups:
                if group:
                    spent = []
                    for file in group:
                        t0 = perf_counter_ns()
                        render(file)
                        spent.append(perf_counter_ns() - t0)
                    rows.append((label + suffix, statistics.median(spent) / 1000))
        return rows


def _check_reply(action: Action, user_id: int, reply: str) -> None:
    if action.baseline:
        if reply != action.text:
            raise BenchError(f"echo answered {reply!r}")
        return
    if texts.SOMETHING_WRONG in reply:
        raise BenchError(f"{action.key} for account {user_id}: the router apologised "
                         "(a handler raised; see the log above)")
    if not reply.startswith(action.starts):
        raise BenchError(f"{action.key} for account {user_id}: unexpected screen {reply[:80]!r}")


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Row:
    action: Action
    median_us: float
    p90_us: float
    ratio: float

    @property
    def verdict(self) -> str:
        if self.action is ECHO:
            return "—"
        if self.action.baseline:
            return "info"
        return "PASS" if self.ratio <= TARGET else "FAIL"


def _rows(samples: dict[str, Sample]) -> list[Row]:
    echo_median = statistics.median(samples[ECHO.key].process_ns)
    rows = []
    for action in ALL:
        values = sorted(samples[action.key].process_ns)
        median = statistics.median(values)
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        rows.append(Row(action, median / 1000, p90 / 1000, median / echo_median))
    return rows


def _print_table(pattern: str, samples: dict[str, Sample]) -> list[Row]:
    rows = _rows(samples)
    n = len(samples[ECHO.key].process_ns)
    parse = statistics.median(v for s in samples.values() for v in s.parse_ns) / 1000
    print(f"\n{PATTERNS[pattern]}  ({n} updates per action)")
    print(f"  {'median µs':>10} {'p90 µs':>9} {'× echo':>7}  {'≤ 2×':<5} action")
    for row in rows:
        print(f"  {row.median_us:>10.1f} {row.p90_us:>9.1f} {row.ratio:>7.2f}  "
              f"{row.verdict:<5} {row.action.label}")
    print(f"  (Update.de_json, not included above: median {parse:.1f} µs for either bot)")
    return rows


def _markdown(results: dict[str, list[Row]], note: str) -> str:
    patterns = list(results)
    head = "| action | " + " | ".join(
        f"{p} median µs | {p} × echo" for p in patterns) + " |"
    lines = [note, "", head, "|---" * (1 + 2 * len(patterns)) + "|"]
    for index, action in enumerate(ALL):
        cells = []
        for p in patterns:
            row = results[p][index]
            mark = "" if action.baseline else (" ✅" if row.ratio <= TARGET else " ❌")
            cells.append(f"{row.median_us:.0f} | {row.ratio:.2f}{mark}")
        lines.append(f"| {action.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- main


async def _bench(args: argparse.Namespace, source: Path) -> int:
    # Timed writes change the database: work on a copy so the cached build stays pristine.
    work = synthetic.OUT / f"run-{os.getpid()}.db"
    shutil.copyfile(source, work)
    db = await Database.open(work)
    bench = Bench(db, work)
    try:
        await bench.start()
        started = time.perf_counter()
        covered = await bench.check()
        print(f"checked every action on {covered}; and that the cache is never stale "
              f"({time.perf_counter() - started:.1f} s)")

        await bench.run("warm", WARMUP_ROUNDS)
        await bench.run("cold", WARMUP_ROUNDS)

        results: dict[str, list[Row]] = {}
        for pattern in PATTERNS:
            started = time.perf_counter()
            writes = bench.writes
            hop = await bench.round_trip()
            samples = await bench.run(pattern, args.updates)
            results[pattern] = _print_table(pattern, samples)
            print(f"  (one aiosqlite round trip: {hop:.0f} µs before, "
                  f"{await bench.round_trip():.0f} µs after this pattern)")
            if bench.writes > writes:
                print(f"  ({bench.writes - writes} cash entries committed between updates)")
            print(f"  ({time.perf_counter() - started:.1f} s)")

        print("\nwhere the time goes (medians over accounts in every club, µs):")
        for label, micros in await bench.components(min(500, len(bench.users))):
            print(f"  {micros:>8.1f}  {label}")

        if args.profile:
            await _profile(bench, args.profile, args.profile_pattern)

        note = (f"Per update, in-process, median of {args.updates} updates per action; "
                f"synthetic database of {args.clubs:,} clubs × {args.members} members, "
                f"{args.months} months of books; `Update.de_json` excluded; "
                f"target ≤ {TARGET:g}× the echo handler. Python {sys.version.split()[0]}, "
                f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs"
                f"{', pinned to one CPU' if args.one_cpu else ''}.")
        print("\n--- for README " + "-" * 50)
        print(_markdown(results, note))
        print("-" * 65)
        for pattern, rows in results.items():
            over = [r.action.label for r in rows if r.verdict == "FAIL"]
            print(f"{pattern}: {len(ACTIONS) - len(over)}/{len(ACTIONS)} actions within "
                  f"{TARGET:g}× the echo" + (f"; over: {', '.join(over)}" if over else ""))
        return 0
    finally:
        await bench.stop()
        await db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)


async def _profile(bench: Bench, key: str, pattern: str) -> None:
    action = next(a for a in ALL if a.key == key)
    bench.api.calls.clear()  # "where the time goes" sent through the same fake API
    profiler = cProfile.Profile()
    profiler.enable()
    await bench.run(pattern, 500, only=(action,))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    print(f"\ncProfile of 500 '{action.label}' updates, {pattern} pattern "
          "(profiling inflates every call; compare shares, not absolute times):")
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cost per update of each menu action.")
    parser.add_argument("--clubs", type=int, default=None, help="clubs (default 1000)")
    parser.add_argument("--members", type=int, default=60, help="members per club")
    parser.add_argument("--months", type=int, default=12, help="months of books")
    parser.add_argument("--updates", type=int, default=None,
                        help="timed updates per action and pattern (default 2000)")
    parser.add_argument("--quick", action="store_true",
                        help="a small database (30 clubs) and 300 updates: a smoke run")
    parser.add_argument("--profile", choices=[a.key for a in ALL],
                        help="also cProfile 500 updates of this action")
    parser.add_argument("--profile-pattern", choices=list(PATTERNS), default="warm")
    parser.add_argument("--one-cpu", action="store_true",
                        help="pin the process (and aiosqlite's thread) to one CPU; see below")
    args = parser.parse_args(argv)
    if args.one_cpu:
        # On a small VM, waking aiosqlite's worker on the other CPU costs ~100 µs per
        # round trip instead of ~20 µs on the same one, and which one the scheduler
        # picks changes from run to run. Pinning removes that variance; the default
        # run leaves placement to the scheduler, as production does.
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.clubs is None:
        args.clubs = 30 if args.quick else 1000
    if args.updates is None:
        args.updates = 300 if args.quick else 2000
    accounts = min(synthetic.DEFAULT_ACCOUNTS, args.clubs * args.members // 3)

    started = time.perf_counter()
    source = synthetic.cached(args.clubs, args.members, args.months, seed=1, accounts=accounts)
    print(f"database ready in {time.perf_counter() - started:.1f} s; "
          f"clock fixed at {synthetic.AS_OF:%Y-%m-%d %H:%M}")
    started = time.perf_counter()
    code = asyncio.run(_bench(args, source))
    print(f"benchmark took {time.perf_counter() - started:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
