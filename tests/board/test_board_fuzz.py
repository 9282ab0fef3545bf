"""Random board turns from accounts of two clubs (hypothesis, bounded).

Three accounts talk: the phone shared by the treasurers of clubs A and B,
club A's secretary, and a plain member of club A. An example runs a few board
tools, each along its usual path (open, a member typed, a kind tapped, an
amount typed, confirm…), by a random account; between any two steps it may
slip in a random turn: the shared phone switching to its other member, a shown
button with one of its numbers replaced by an id of the other club (a member,
a loan, an entry, the club itself), another account's turn, a tool opened by
hand, or stray words. After every turn:

- no turn raised (the router's inner function is called, not its apology);
- every reply is one a channel can carry (text, Telegram's 4,096 characters,
  button data within 64 bytes);
- the database holds no row mixing two clubs;
- a turn changed only the rows of clubs it may act for: the clubs of the
  account's own members (so never club B for club A's secretary), and for the
  shared phone the club of the flow in progress, of the member it shows now,
  or named by a roll-call button.

(On the code before the fix, it finds the cash entry written under club B.)
"""

from __future__ import annotations

import shutil
import tempfile
from itertools import count
from pathlib import Path
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.context import Services
from handlers.conversation import Reply
from storage import Database
from tests.board.conftest import MEETING_DAY, Clock
from tests.board.two_clubs import (
    ONLY_IN_B,
    SECRETARY_A,
    SHARED,
    Chat,
    club_ids,
    cross_club_rows,
)
from tests.conftest import member

PLAIN_A = "9010"
ACCOUNTS = (SHARED, SHARED, SECRETARY_A, PLAIN_A)  # the shared phone twice as often
OPENERS = ("cb:open", "sw:open", "ln:open", "hr:open", "rv:open", "lc:open", "rc:open",
           "nt:open", "mt:open", "ck:open", "rp:open", "cp:open", "pb:open")
CODES = ("TV002", "TV005", "TV010", ONLY_IN_B[0])
TYPED = (*CODES, ONLY_IN_B[1], "tuyet", "100k", "1tr2", "999999999999", "0,5", "12",
         "135/85 52", "300/20", "thôi", "🗂 Ban chủ nhiệm", "💰 Tiết kiệm", "báo sai",
         "20/12/2026 8:00", "ghi nhầm")

# What slips in between two steps (a switch and a forgery twice as often).
STRAYS = ("switch", "switch", "forged", "forged", "button", "open", "text")

# Each tool's usual path: ("tap", label part) taps the first such button of the
# last replies; ("say", text) types; ("code",) types a member's code; ("first",)
# taps the first button shown.
TOOLS: dict[str, tuple[tuple[str, ...], ...]] = {
    "cb": (("open", "cb:open"), ("code",), ("tap", "Gửi tiết kiệm"), ("say", "100k"),
           ("tap", "Ghi vào sổ")),
    "cb-loan": (("open", "cb:open"), ("say", "TV005"), ("tap", "Trả gốc"), ("first",),
                ("tap", "Ghi vào sổ")),
    "ln": (("open", "ln:open"), ("code",), ("say", "3tr"), ("tap", "6 tháng"), ("say", "0,5"),
           ("tap", "Gốc lãi"), ("tap", "Ghi khoản vay")),
    "hr": (("open", "hr:open"), ("code",), ("say", "135/85 52")),
    "cp": (("open", "cp:open"), ("code",), ("say", "15/12/2026"), ("say", "Đỗ Thị Liên"),
           ("tap", "Ghi giấy đồng ý")),
    "rv": (("open", "rv:open"), ("code",), ("first",), ("say", "ghi nhầm"),
           ("tap", "Đảo lại")),
    "lc": (("open", "lc:open"), ("code",), ("tap", "Chính thành viên")),
    "nt": (("open", "nt:open"), ("say", "Họp sớm 30 phút."), ("tap", "Gửi")),
    "mt": (("open", "mt:open"), ("first",), ("tap", "Hủy"), ("tap", "Đồng ý")),
    "ck": (("open", "ck:open"), ("say", "20/12/2026 8:00"), ("first",), ("first",),
           ("tap", "Đồng ý")),
    "sw": (("open", "sw:open"), ("first",), ("tap", "Ghi đóng góp"), ("tap", "Ghi vào sổ")),
    "rc": (("open", "rc:open"), ("tap", "Tất cả có mặt"), ("first",), ("tap", "Lưu")),
}

# What each club "owns", for "only the clubs it may act for".
_CLUB_ROWS = {
    # Append-only (the database refuses UPDATE and DELETE): its count and last id say it all.
    "cash_entries": "SELECT count(*), max(id) FROM cash_entries WHERE club_id = :c",
    "sweep_charges": "SELECT * FROM sweep_charges WHERE club_id = :c",
    "loans": "SELECT * FROM loans WHERE club_id = :c",
    "rollcall_marks": "SELECT * FROM rollcall_marks WHERE club_id = :c",
    "meetings": "SELECT * FROM meetings WHERE club_id = :c",
    # The two big ones folded into one string by SQLite itself (exact, and quick).
    "attendance": "SELECT group_concat(r, ',') FROM (SELECT a.meeting_id || ':' || a.member_id "
                  "|| ':' || a.status AS r FROM attendance a JOIN meetings mt "
                  "ON mt.id = a.meeting_id WHERE mt.club_id = :c ORDER BY 1)",
    "meeting_changes": "SELECT * FROM meeting_changes WHERE club_id = :c",
    "checkups": "SELECT * FROM checkups WHERE club_id = :c",
    "notices": "SELECT * FROM notices WHERE club_id = :c",
    "health_readings": "SELECT group_concat(r, ',') FROM (SELECT quote(h.id) || quote(h.member_id) "
                       "|| quote(h.taken_on) || quote(h.systolic) || quote(h.diastolic) "
                       "|| quote(h.weight_dg) || quote(h.note) AS r FROM health_readings h "
                       "JOIN members m ON m.id = h.member_id WHERE m.club_id = :c ORDER BY 1)",
    "link_codes": "SELECT k.* FROM link_codes k JOIN members m ON m.id = k.member_id "
                  "WHERE m.club_id = :c",
    "error_reports": "SELECT r.* FROM error_reports r JOIN members m ON m.id = r.member_id "
                     "WHERE m.club_id = :c",
    "members": "SELECT * FROM members WHERE club_id = :c",
    "clubs": "SELECT * FROM clubs WHERE id = :c",
    "audit_log": "SELECT * FROM audit_log WHERE club_id = :c OR member_id IN "
                 "(SELECT id FROM members WHERE club_id = :c)",
    "outbox": "SELECT * FROM outbox WHERE club_id = :c",
    "health_consents": "SELECT count(*), max(id) FROM health_consents WHERE club_id = :c",
    "health_access_log": "SELECT * FROM health_access_log WHERE club_id = :c",
    "privacy_requests": "SELECT * FROM privacy_requests WHERE club_id = :c",
}


async def _club_rows(db: Database, club: int) -> dict[str, list[tuple]]:
    return {t: sorted((tuple(r) for r in await db.fetchall(sql, {"c": club})), key=repr)
            for t, sql in _CLUB_ROWS.items()}


def _valid(reply: Reply) -> None:
    assert reply.text.strip() and len(reply.text) <= 4096, reply.text[:200]
    for row in (*reply.choices, *reply.keyboard):
        for b in row:
            assert b.label.strip()
            assert b.choice is None or 0 < len(b.choice.encode()) <= 64, b.choice


async def _may_change(db: Database, account: str, data: str) -> set[int]:
    """The clubs a turn by this account may change rows of."""
    mine = {r[0] for r in await db.fetchall(
        "SELECT m.club_id FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = 'telegram' AND l.account_id = ?", (account,))}
    if account != SHARED:
        return mine
    flow = await db.fetchone(
        "SELECT json_extract(data, '$.club_id') FROM conversation_state "
        "WHERE channel = 'telegram' AND account_id = ?", (account,))
    shown = await db.fetchone(
        "SELECT m.club_id FROM chat_accounts a JOIN members m ON m.id = a.active_member_id "
        "WHERE a.channel = 'telegram' AND a.account_id = ?", (account,))
    allowed = {row[0] for row in (flow, shown) if row is not None and row[0] is not None}
    parts = data.split(":")
    if parts[0] == "rc" and len(parts) > 2 and parts[2].isdigit():
        allowed.add(int(parts[2]))
    return allowed & mine


async def _pools(db: Database, club: int) -> list[int]:
    """Ids of the club's members, loans and entries, and the club's own id."""
    rows = await db.fetchall(
        "SELECT id FROM members WHERE club_id = :c UNION ALL "
        "SELECT id FROM loans WHERE club_id = :c UNION ALL "
        "SELECT id FROM (SELECT id FROM cash_entries WHERE club_id = :c ORDER BY id DESC "
        "LIMIT 50)", {"c": club})
    return [club, *(r[0] for r in rows)]


def _buttons(replies: list[Reply]) -> list[tuple[str, str]]:
    return [(b.label, b.choice) for r in replies for row in r.choices for b in row if b.choice]


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
async def test_random_board_turns_never_cross_clubs(two_clubs_file: Path, data: st.DataObject):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clubs.db"
        shutil.copyfile(two_clubs_file, path)
        db = await Database.open(path)
        sweep_ids = (f"a{n:03x}" for n in count())  # a sweep's id, made repeatable
        try:
            with patch("handlers.sweep.secrets.token_hex", lambda _: next(sweep_ids)):
                await Fuzz(db, data).play()
        finally:
            await db.close()


class Fuzz:
    def __init__(self, db: Database, data: st.DataObject) -> None:
        self.db, self.data = db, data
        self.chat = Chat(Services.over(db, now=Clock(MEETING_DAY)), strict=True)
        self.shown: dict[str, list[tuple[str, str]]] = {account: [] for account in ACCOUNTS}

    def draw(self, strategy: st.SearchStrategy, label: str):  # noqa: ANN201
        return self.data.draw(strategy, label=label)

    async def play(self) -> None:
        for account, code in ((SHARED, "TV004"), (SECRETARY_A, "TV003"), (PLAIN_A, "TV010")):
            await self.chat.link(account, member(code)["phone"])
        self.a, self.b = await club_ids(self.db)
        self.other = {self.a: await _pools(self.db, self.b),
                      self.b: await _pools(self.db, self.a)}
        self.links = {r[1]: r[0] for r in await self.db.fetchall(
            "SELECT l.member_id, m.club_id FROM chat_links l JOIN members m "
            "ON m.id = l.member_id WHERE l.account_id = ?", (SHARED,))}
        for _ in range(self.draw(st.integers(1, 3), "tools")):
            tool = self.draw(st.sampled_from(sorted(TOOLS)), "tool")
            account = self.draw(st.sampled_from(ACCOUNTS), "by")
            for step in TOOLS[tool]:
                for _ in range(self.draw(st.sampled_from((0, 1, 1, 2)), "slipped in")):
                    await self.stray()
                await self.step(account, step)

    async def step(self, account: str, step: tuple[str, ...]) -> None:
        kind = step[0]
        if kind == "open":
            await self.turn(account, choice=step[1])
        elif kind == "say":
            await self.turn(account, text=step[1])
        elif kind == "code":
            await self.turn(account, text=self.draw(st.sampled_from(CODES), "code"))
        else:
            shown = self.shown[account]
            found = [c for label, c in shown if kind == "first" or step[1] in label]
            if found:
                await self.turn(account, choice=found[0])

    async def stray(self) -> None:
        account = self.draw(st.sampled_from(ACCOUNTS), "stray by")
        how = self.draw(st.sampled_from(STRAYS), "how")
        shown = [c for _, c in self.shown[account]]
        if how == "switch":
            club = self.draw(st.sampled_from((self.a, self.b)), "to club")
            await self.turn(SHARED, choice=f"pick:{self.links[club]}")
        elif how in ("forged", "button") and shown:
            parts = self.draw(st.sampled_from(shown), "button").split(":")
            numeric = [i for i, p in enumerate(parts) if i > 0 and p.isdigit()]
            if how == "forged" and numeric:
                flow = await self.db.fetchone(
                    "SELECT json_extract(data, '$.club_id') FROM conversation_state "
                    "WHERE account_id = ?", (account,))
                club = flow[0] if flow and flow[0] in self.other else self.a
                parts[self.draw(st.sampled_from(numeric), "field")] = str(
                    self.draw(st.sampled_from(self.other[club]), "forged id"))
            await self.turn(account, choice=":".join(parts))
        elif how == "open" or how != "text":
            await self.turn(account, choice=self.draw(st.sampled_from(OPENERS), "opener"))
        else:
            await self.turn(account, text=self.draw(
                st.one_of(st.sampled_from(TYPED), st.text(max_size=30)), "text"))

    async def turn(self, account: str, *, choice: str = "", text: str = "") -> None:
        db = self.db
        allowed = await _may_change(db, account, choice)
        guarded = [club for club in (self.a, self.b) if club not in allowed]
        before = {club: await _club_rows(db, club) for club in guarded}
        if choice:
            replies = await self.chat.tap(account, choice)
        else:
            replies = await self.chat.say(account, text)
        what = (account, choice or text)
        assert replies, what
        for reply in replies:
            _valid(reply)
        assert await cross_club_rows(db) == {}, what
        changed = [club for club in guarded if await _club_rows(db, club) != before[club]]
        assert not changed, (*what, changed, allowed)
        if any(r.choices for r in replies):
            self.shown[account] = _buttons(replies)
