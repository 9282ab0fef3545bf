"""The fuzz suite's world: two imported clubs, their people, and the promises.

Two clubs share one database, as in a district office: the sample club
(Đông Hòa, 60 members, a year of books) and "xóm Bãi" (tests/test_unseen_club.py).
Accounts of every kind talk to the bot: board posts, plain members, relatives
who help a member (proxy links, never board rights), a couple sharing one
phone, and a stranger. A template database holds all that once; every fuzz
case works on its own copy.

The promises each case checks after every turn:

* **club isolation** — a turn changes rows only of the clubs its speaker is
  linked to (before or after the turn). A row belongs to every club it
  names: its ``club_id``, and the club of every member, loan, meeting, cash
  entry or outbox row it points to. Triggers note each committed change with
  its clubs (``fuzz_changes``, in the test's copy only); a snapshot of every
  row per club, before and after each case, checks the triggers missed none.
* **one club per row** — no row names two clubs (a cash entry of club A for a
  member of club B).
* **valid for the channel** — every reply has text; Telegram's HTML (only
  ``<b>``, everything else escaped) is well formed and at most 4,096
  characters; button data at most 64 bytes; Zalo's rendering fits 2,000
  characters a message; the web's JSON carries every button.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.channels import web, zalo
from bot.channels.zalo import rendering as zalo_rendering
from handlers.context import Services
from handlers.conversation import Reply, SharedContact, Turn, TurnKind, plain_text
from handlers.router import respond
from storage import Database, link_codes
from storage.importer import import_workbook
from tests.conftest import AS_OF, SAMPLE, member
from tests.test_unseen_club import AS_OF as XOM_BAI_AS_OF
from tests.test_unseen_club import write_book

# The sample club meets on the 17th: on this day roll-call and sweeps are open.
NOW = datetime(2026, 12, 17, 15, 0)
CHANNEL = "telegram"


@dataclass(frozen=True)
class Person:
    account: int
    role: str      # what the account is, for reading a failing case
    club: str      # "A", "B", "AB" or "" (linked to nobody)


A_CHAIR = Person(9101, "chair of A (TV001)", "A")
A_SECRETARY = Person(9102, "secretary of A (TV003)", "A")
A_TREASURER = Person(9103, "treasurer of A (TV004)", "A")
A_MEMBER = Person(9104, "member of A (TV010)", "A")
A_RELATIVE = Person(9105, "relative helping A's vice-chair (TV002)", "A")
B_CHAIR = Person(9201, "chair of B (A01)", "B")
B_TREASURER = Person(9202, "treasurer of B (A03)", "B")
B_MEMBER = Person(9203, "member of B with a late loan (A02)", "B")
B_RELATIVE = Person(9204, "relative helping B's chair (A01)", "B")
B_COUPLE = Person(9205, "couple of B sharing a phone (A04, A05)", "B")
STRANGER = Person(9300, "linked to nobody", "")
# One phone on the board of both clubs (issue 8 §3): A's treasurer and B's chair.
BOTH_BOARDS = Person(9400, "treasurer of A and chair of B on one phone", "AB")

BOARD = [A_CHAIR, A_SECRETARY, A_TREASURER, B_CHAIR, B_TREASURER, BOTH_BOARDS]
ONE_CLUB_PEOPLE = [A_CHAIR, A_SECRETARY, A_TREASURER, A_MEMBER, A_RELATIVE, B_CHAIR,
                   B_TREASURER, B_MEMBER, B_RELATIVE, B_COUPLE, STRANGER]
XOM_BAI_PHONES = {"A01": "0912345678", "A02": "0983111222", "A03": "0912000111",
                  "A04": "0977000333"}


# ---------------------------------------------------------------- the template


def build_template(folder: Path) -> Path:
    """A database with both clubs imported and every person linked; closed."""
    path = folder / "two-clubs.db"
    book = folder / "xom-bai.xlsx"
    write_book(book)

    async def build() -> None:
        db = await Database.open(path)
        try:
            await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
            await import_workbook(db, book, actor="test", now=XOM_BAI_AS_OF)
            services = Services.over(db, now=lambda: NOW)
            for person, phone in [
                    (A_CHAIR, member("TV001")["phone"]), (A_SECRETARY, member("TV003")["phone"]),
                    (A_TREASURER, member("TV004")["phone"]),
                    (A_MEMBER, member("TV010")["phone"]),
                    (B_CHAIR, XOM_BAI_PHONES["A01"]), (B_TREASURER, XOM_BAI_PHONES["A03"]),
                    (B_MEMBER, XOM_BAI_PHONES["A02"]), (B_COUPLE, XOM_BAI_PHONES["A04"]),
                    (BOTH_BOARDS, member("TV004")["phone"]),
                    (BOTH_BOARDS, XOM_BAI_PHONES["A01"])]:
                await share_contact(services, person, phone)
            for person, code in [(A_RELATIVE, "TV002"), (B_RELATIVE, "A01")]:
                row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?",
                                        (code,))
                assert row is not None
                issued = await link_codes.issue(db, club_id=row[1], member_id=row[0],
                                                proxy=True, actor="test", now=NOW)
                await say(services, person, link_codes.format_code(issued.code))
        finally:
            await db.close()

    asyncio.run(build())
    with closing(sqlite3.connect(path)) as check:
        linked = dict(check.execute(
            "SELECT account_id, count(*) FROM chat_links GROUP BY account_id").fetchall())
    expected = {p.account: 2 if p in (B_COUPLE, BOTH_BOARDS) else 1
                for p in ONE_CLUB_PEOPLE + [BOTH_BOARDS] if p is not STRANGER}
    assert {int(k): v for k, v in linked.items()} == expected, linked
    install_change_log(path)
    return path


def copy_of(template: Path, folder: Path) -> Path:
    target = folder / "case.db"
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


async def share_contact(services: Services, person: Person, phone: str) -> list[Reply]:
    contact = SharedContact(phone=phone, owner_id=str(person.account))
    return await respond(Turn(CHANNEL, str(person.account), TurnKind.CONTACT,
                              contact=contact), services)


async def say(services: Services, person: Person, words: str) -> list[Reply]:
    return await respond(Turn(CHANNEL, str(person.account), TurnKind.TEXT, text=words),
                         services)


# ---------------------------------------------------------------- club isolation

# Columns that name a row of a table that has a club, and how to find that club.
_CLUB_OF = {
    "club_id": "{col}",
    "member_id": "(SELECT club_id FROM members WHERE id = {col})",
    "active_member_id": "(SELECT club_id FROM members WHERE id = {col})",
    "sender_member_id": "(SELECT club_id FROM members WHERE id = {col})",
    "loan_id": "(SELECT club_id FROM loans WHERE id = {col})",
    "meeting_id": "(SELECT club_id FROM meetings WHERE id = {col})",
    "reverses_id": "(SELECT club_id FROM cash_entries WHERE id = {col})",
    "outbox_id": "(SELECT club_id FROM outbox WHERE id = {col})",
}


def _club_refs(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table with a club, and the SQL (over ``{row}.``) of each club it names."""
    found = {}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'fuzz%' "
        "ORDER BY name")]
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        refs = [_CLUB_OF[c].format(col=f'{{row}}."{c}"') for c in columns if c in _CLUB_OF]
        if table == "clubs":
            refs = ["{row}.id"]
        if refs:  # else per-account bookkeeping: no club to keep apart
            found[table] = refs
    return found


def _clubs_sql(refs: list[str], row: str) -> str:
    """The clubs a row names, as text: "1,,1" (empty where a column is NULL)."""
    return "'' || " + " || ',' || ".join(f"coalesce({r.format(row=row)}, '')" for r in refs)


def _clubs(text: str | None) -> set[int]:
    return {int(c) for c in (text or "").split(",") if c}


def install_change_log(path: Path) -> None:
    """Triggers that note, for every committed row change, the clubs it touched.

    Exact and cheap where comparing the whole database after every turn is
    not; a rolled-back change rolls its note back too. An update that
    changes nothing is not a change.
    """
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE fuzz_changes (tbl TEXT, op TEXT, clubs TEXT)")
        for table, refs in _club_refs(conn).items():
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            differs = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
            old, new = _clubs_sql(refs, "OLD"), _clubs_sql(refs, "NEW")
            conn.executescript(f"""
                CREATE TRIGGER fuzz_{table}_i AFTER INSERT ON {table} BEGIN
                  INSERT INTO fuzz_changes VALUES ('{table}', 'insert', {new}); END;
                CREATE TRIGGER fuzz_{table}_u AFTER UPDATE ON {table} WHEN {differs} BEGIN
                  INSERT INTO fuzz_changes VALUES ('{table}', 'update from', {old});
                  INSERT INTO fuzz_changes VALUES ('{table}', 'update to', {new}); END;
                CREATE TRIGGER fuzz_{table}_d AFTER DELETE ON {table} BEGIN
                  INSERT INTO fuzz_changes VALUES ('{table}', 'delete', {old}); END;
            """)


@dataclass(frozen=True)
class Change:
    table: str
    op: str
    clubs: frozenset[int]


class ChangeLog:
    """Reads the notes the triggers left since the last look (never writes:
    the bot's read cache must see no commit of ours)."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._last = 0

    def close(self) -> None:
        self._conn.close()

    def since_last(self) -> list[Change]:
        rows = self._conn.execute("SELECT rowid, tbl, op, clubs FROM fuzz_changes "
                                  "WHERE rowid > ? ORDER BY rowid", (self._last,)).fetchall()
        if rows:
            self._last = rows[-1][0]
        return [Change(t, op, frozenset(_clubs(c))) for _, t, op, c in rows]


class Snapshot:
    """Every row of every table with a club, filed under each club it names:
    taken at the start and end of a case, it checks the change log's triggers."""

    def __init__(self, path: Path) -> None:
        self.by_club: dict[int, set[tuple[object, ...]]] = defaultdict(set)
        self.two_clubs: list[tuple[object, ...]] = []
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            for table, refs in _club_refs(conn).items():
                query = f"SELECT t.*, {_clubs_sql(refs, 't')} FROM {table} t"
                for *values, clubs in conn.execute(query):
                    found = _clubs(clubs)
                    if len(found) > 1:
                        self.two_clubs.append((table, *values))
                    for club in found:
                        self.by_club[club].add((table, *values))

    def changed_clubs(self, before: Snapshot) -> set[int]:
        clubs = set(self.by_club) | set(before.by_club)
        return {c for c in clubs if self.by_club.get(c, set()) != before.by_club.get(c, set())}


class Isolation:
    """The club-isolation promises over one case: after each turn, and at its end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changes = ChangeLog(path)
        self.touched: set[int] = set()
        self.before = Snapshot(path)
        assert self.before.two_clubs == []

    def after_turn(self, where: str, allowed: set[int]) -> None:
        for change in self.changes.since_last():
            assert len(change.clubs) <= 1, f"{where} wrote a row of two clubs: {change}"
            assert change.clubs <= allowed, f"{where} changed {change}"
            self.touched |= change.clubs

    def at_end(self) -> None:
        after = Snapshot(self.path)
        assert after.two_clubs == []
        assert after.changed_clubs(self.before) <= self.touched  # the triggers saw all

    def close(self) -> None:
        self.changes.close()


async def clubs_of(db: Database, person: Person) -> set[int]:
    rows = await db.fetchall(
        "SELECT DISTINCT m.club_id FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = ? AND l.account_id = ?", (CHANNEL, str(person.account)))
    return {int(r[0]) for r in rows}


async def links_of(db: Database, person: Person) -> list[int]:
    rows = await db.fetchall("SELECT member_id FROM chat_links WHERE channel = ? AND "
                             "account_id = ? ORDER BY member_id", (CHANNEL, str(person.account)))
    return [int(r[0]) for r in rows]


async def step_of(db: Database, person: Person) -> str:
    """The step of the board flow this person is in (what the bot asked them)."""
    row = await db.fetchone("SELECT data FROM conversation_state WHERE channel = ? AND "
                            "account_id = ?", (CHANNEL, str(person.account)))
    return str(json.loads(row[0]).get("step", "")) if row is not None else ""


# ---------------------------------------------------------------- valid for the channel

TELEGRAM_TEXT = 4096      # UTF-16 units, after entities are parsed
TELEGRAM_DATA = 64        # bytes of callback data
_TAG = re.compile(r"<[^>]*>|[<>]")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def telegram_html_problem(text: str) -> str | None:
    """Why Telegram would refuse this text with parse_mode HTML, or None."""
    depth = 0
    for tag in _TAG.findall(text):
        if tag == "<b>" and depth == 0:
            depth = 1
        elif tag == "</b>" and depth == 1:
            depth = 0
        else:
            return f"tag or bracket {tag!r}"
    if depth:
        return "<b> left open"
    for amp in re.finditer("&", text):
        if not _ENTITY.match(text, amp.start()):
            return f"bare & at {amp.start()}"
    return None


def reply_problems(replies: list[Reply]) -> list[str]:
    """What would make these replies fail or mislead on Telegram, Zalo or the web."""
    problems = []
    if not replies:
        problems.append("no reply at all")
    for reply in replies:
        shown = plain_text(reply.text)
        if not shown.strip():
            problems.append("empty text")
        if units(shown) > TELEGRAM_TEXT:
            problems.append(f"text of {units(shown)} units")
        if (why := telegram_html_problem(reply.text)) is not None:
            problems.append(f"bad HTML: {why} in {reply.text[:80]!r}")
        for row in reply.choices:
            for b in row:
                data = b.choice or b.label  # what Telegram's adapter sends
                if not b.label.strip():
                    problems.append(f"button without a label: {data!r}")
                if not 0 < len(data.encode()) <= TELEGRAM_DATA:
                    problems.append(f"callback data of {len(data.encode())} bytes: {data!r}")
                if len(data) > web.MAX_CHOICE:
                    problems.append(f"web cannot send back {data!r}")
        for row in reply.keyboard:
            for b in row:
                if not b.label.strip():
                    problems.append("menu key without a label")
        json.dumps(web.reply_json(reply), ensure_ascii=False)
    messages, _ = zalo.render_turn(replies)
    for text in messages:
        if not text.strip() or zalo_rendering._units(text) > zalo.MAX_TEXT:
            problems.append(f"zalo message of {zalo_rendering._units(text)} units")
    return problems


def choices_in(replies: list[Reply]) -> list[str]:
    return [b.choice for r in replies for row in r.choices for b in row if b.choice]


def labels_in(replies: list[Reply]) -> list[str]:
    return [b.label for r in replies for row in (*r.choices, *r.keyboard) for b in row
            if not b.request_contact]


# ---------------------------------------------------------------- "never raises"


class Failures(logging.Handler):
    """Collects what the router and the adapters log as a failed turn or update."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> list[str]:
        out = []
        for r in self.records:
            if r.exc_info and r.exc_info[1] is not None:
                out.append(f"{r.getMessage()}: {r.exc_info[0].__name__}: {r.exc_info[1]}")
            else:
                out.append(r.getMessage())
        return out


@contextmanager
def failures_logged() -> Iterator[Failures]:
    handler = Failures()
    loggers = [logging.getLogger(n) for n in ("handlers", "bot", "storage")]
    for one in loggers:
        one.addHandler(handler)
    try:
        yield handler
    finally:
        for one in loggers:
            one.removeHandler(handler)
