"""Two clubs in one database, and a phone shared between them.

Club A is the sample (Đông Hòa). Club B (Tây Hòa) is a copy of its book under
another name, with one member more (TV061, who is in no other club) and
every phone removed but its treasurer's: TV004 of both clubs has the same
number, so sharing it links one account to two treasurers — the shared phone
of the issue. Every member of both clubs signed the consent form for health
readings (tests/support/consent.py), so readings can be recorded. Turns go
through ``handlers.router.respond``, the one entry point of every channel.
The fixtures are in conftest.py (``chat``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from handlers.context import Services
from handlers.conversation import Reply, SharedContact, Turn, TurnKind
from handlers.router import _respond, respond
from storage import Database
from storage.importer import import_workbook
from tests.conftest import AS_OF, SAMPLE
from tests.support.consent import agree_on_paper

CLUB_B_NAME = "CLB Liên thế hệ tự giúp nhau thôn Tây Hòa"
ONLY_IN_B = ("TV061", "Lò Văn Bê")
SHARED = "9004"      # linked to TV004 of club A and TV004 of club B (both treasurers)
SECRETARY_A = "9003"  # linked to TV003 of club A only


def _club_b_book(path: Path) -> None:
    book = openpyxl.load_workbook(SAMPLE)
    book["CLB"]["B2"] = CLUB_B_NAME
    roster = book["ThanhVien"]
    for row in roster.iter_rows(min_row=2):
        if row[0].value != "TV004":
            row[4].value = None
    roster.append([ONLY_IN_B[0], ONLY_IN_B[1], "Nam", 1955, None, "Tổ 1", None, None, None])
    book.save(path)


async def build_two_clubs(folder: Path) -> Path:
    """A database file holding both clubs."""
    book_b, path = folder / "tay-hoa.xlsx", folder / "clubs.db"
    _club_b_book(book_b)
    db = await Database.open(path)
    await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
    await import_workbook(db, book_b, actor="test", now=AS_OF)
    await agree_on_paper(db)
    await db.close()
    return path


@dataclass
class Chat:
    """Turns from chat accounts on one channel, straight into the router.

    ``strict``: through the router's inner function, so that an exception a
    turn raised reaches the test instead of becoming the kind apology.
    """

    services: Services
    channel: str = "telegram"
    strict: bool = False

    @property
    def db(self) -> Database:
        return self.services.db

    async def turn(self, account: str, kind: TurnKind, **content: Any) -> list[Reply]:
        answer = _respond if self.strict else respond
        return await answer(Turn(self.channel, account, kind, **content), self.services)

    async def say(self, account: str, text: str) -> list[Reply]:
        return await self.turn(account, TurnKind.TEXT, text=text)

    async def tap(self, account: str, data: str) -> list[Reply]:
        return await self.turn(account, TurnKind.CHOICE, choice=data)

    async def link(self, account: str, phone: str) -> list[Reply]:
        return await self.turn(account, TurnKind.CONTACT,
                               contact=SharedContact(phone, owner_id=account))


def data_of(replies: list[Reply], label_part: str) -> str:
    """The choice data of the first button whose label contains ``label_part``."""
    for reply in replies:
        for row in reply.choices:
            for b in row:
                if label_part in b.label and b.choice is not None:
                    return b.choice
    raise AssertionError(f"no button {label_part!r} in {[r.choices for r in replies]}")


def version_of(replies: list[Reply]) -> str:
    """The flow version the last message's buttons carry."""
    return data_of(replies, "Thôi").split(":")[1]


async def club_ids(db: Database) -> tuple[int, int]:
    rows = await db.fetchall("SELECT id FROM clubs ORDER BY id")
    return rows[0][0], rows[1][0]


async def member_of(db: Database, club_id: int, code: str) -> int:
    row = await db.fetchone("SELECT id FROM members WHERE club_id = ? AND code = ?",
                            (club_id, code))
    assert row is not None
    return int(row[0])


async def view(chat: Chat, account: str, club_id: int) -> None:
    """Switch the shared phone to its member in that club (👥 the names button)."""
    [link] = await chat.db.fetchall(
        "SELECT l.member_id FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = ? AND l.account_id = ? AND m.club_id = ?",
        (chat.channel, account, club_id))
    [reply] = await chat.tap(account, f"pick:{link[0]}")
    assert "Không có gì thay đổi" not in reply.text


async def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table: "nothing changed" means exactly this is equal."""
    tables = [r[0] for r in await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {t: sorted((tuple(r) for r in await db.fetchall(f"SELECT * FROM {t}")), key=repr)
            for t in tables}


# Rows that put one club's ids under another club: every query must return nothing.
CROSS_CLUB = {
    "cash entry's member": "SELECT e.id FROM cash_entries e JOIN members m ON m.id = e.member_id "
                           "WHERE m.club_id <> e.club_id",
    "cash entry's loan": "SELECT e.id FROM cash_entries e JOIN loans l ON l.id = e.loan_id "
                         "WHERE l.club_id <> e.club_id OR l.member_id <> e.member_id",
    "reversal": "SELECT r.id FROM cash_entries r JOIN cash_entries o ON o.id = r.reverses_id "
                "WHERE o.club_id <> r.club_id OR o.member_id <> r.member_id",
    "loan": "SELECT l.id FROM loans l JOIN members m ON m.id = l.member_id "
            "WHERE m.club_id <> l.club_id",
    "roll-call mark": "SELECT r.member_id FROM rollcall_marks r JOIN members m "
                      "ON m.id = r.member_id WHERE m.club_id <> r.club_id",
    "attendance": "SELECT a.member_id FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id "
                  "JOIN members m ON m.id = a.member_id WHERE m.club_id <> mt.club_id",
    "notice": "SELECT n.id FROM notices n JOIN members m ON m.id = n.sender_member_id "
              "WHERE m.club_id <> n.club_id",
    "outbox": "SELECT o.id FROM outbox o JOIN members m ON m.id = o.member_id "
              "WHERE m.club_id <> o.club_id",
    "audit": "SELECT a.id FROM audit_log a JOIN members m ON m.id = a.member_id "
             "WHERE m.club_id <> a.club_id",
    "sweep charge": "SELECT s.entry_id FROM sweep_charges s JOIN members m ON m.id = s.member_id "
                    "WHERE m.club_id <> s.club_id",
    "health consent": "SELECT c.id FROM health_consents c JOIN members m ON m.id = c.member_id "
                      "WHERE m.club_id <> c.club_id",
    "access log": "SELECT a.id FROM health_access_log a JOIN members m ON m.id = a.member_id "
                  "LEFT JOIN members v ON v.id = a.viewer_member_id "
                  "WHERE m.club_id <> a.club_id OR v.club_id <> a.club_id",
    "privacy request": "SELECT r.id FROM privacy_requests r JOIN members m "
                       "ON m.id = r.member_id WHERE m.club_id <> r.club_id",
}


async def cross_club_rows(db: Database) -> dict[str, list[tuple]]:
    found = {what: [tuple(r) for r in await db.fetchall(sql)] for what, sql in CROSS_CLUB.items()}
    return {what: rows for what, rows in found.items() if rows}
