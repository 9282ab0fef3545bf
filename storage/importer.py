"""Bringing a club's workbook into the database: all or nothing, and twice is once.

A book is imported again and again as a club keeps typing its paper books, so
an import is a merge, never a replacement: rows are matched by what identifies
them in the book (a member's code, a meeting's code, a member and a date for a
health reading) and changed only when a value differs; nothing is deleted.
The cash book cannot be merged that way, as it is append-only and its rows have
no code: it is compared as a multiset and only what the book has in excess of
the database is appended.

Text is compared in the books' one normal form (``tidy``): what was typed in
chat (a check-up's title in decomposed Unicode, a note with a line break) and
the same text read back from an exported book are the same text, so importing
an export never adds a second cash entry or check-up, nor rewrites a row.

A member whose phone the book changes no longer owns the old one: chat links
proven by that old phone end in the same transaction, and the person is told
(``accounts.end_links_of_old_phones``).

Everything happens in one transaction, so a failure half-way leaves the
database as it was; the one audit row says what the import changed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import aiosqlite

from club import texts
from storage.accounts import end_links_of_old_phones
from storage.database import Database, audit
from storage.workbook import ClubBook, ClubFacts, read_workbook, tidy

__all__ = ["TABLES", "ImportResult", "import_book", "import_workbook"]

# What an import may change, in the order it changes them.
TABLES = ("clubs", "members", "loans", "cash_entries", "meetings", "attendance",
          "health_readings", "checkups", "home_visits", "checkup_exams", "trainings")


@dataclass(frozen=True, slots=True)
class ImportResult:
    club_id: int
    club_name: str
    created: bool  # the book was the first of its club
    added: dict[str, int] = field(default_factory=dict)  # table -> rows inserted
    updated: dict[str, int] = field(default_factory=dict)  # table -> rows changed
    links_ended: int = 0  # chat links proven by a phone the book no longer gives

    @property
    def changed(self) -> bool:
        return (any(self.added.values()) or any(self.updated.values())
                or self.links_ended > 0)

    def summary(self) -> str:
        """What the import did, in a few lines for whoever sent the book."""
        if not self.changed:
            return texts.WB_IMPORTED_NOTHING.format(club=self.club_name)
        head = texts.WB_IMPORTED_NEW if self.created else texts.WB_IMPORTED
        lines = [head.format(club=self.club_name)]
        for template, counts in ((texts.WB_ADDED, self.added), (texts.WB_UPDATED, self.updated)):
            # A club is one row: "1 thông tin CLB" would read oddly, and a new
            # club is already said in the first line.
            items = [texts.WB_WHAT[table] if table == "clubs"
                     else texts.WB_COUNT.format(count=count, what=texts.WB_WHAT[table])
                     for table, count in counts.items()
                     if count and not (table == "clubs" and counts is self.added)]
            if items:
                lines.append(template.format(items=", ".join(items)))
        if self.links_ended:
            lines.append(texts.WB_LINKS_ENDED.format(count=self.links_ended))
        return "\n".join(lines)


async def import_workbook(db: Database, source: str | Path | BinaryIO, *, actor: str,
                          now: datetime) -> ImportResult:
    """Read a book (raising WorkbookError if it has mistakes) and import it."""
    # Reading a full book takes a tenth of a second of CPU: off the event
    # loop, so the bot keeps answering while it runs.
    book = await asyncio.to_thread(read_workbook, source, today=now.date())
    return await import_book(db, book, actor=actor, now=now)


async def import_book(db: Database, book: ClubBook, *, actor: str,
                      now: datetime) -> ImportResult:
    """Merge a checked book into the database in one transaction."""
    added = dict.fromkeys(TABLES, 0)
    updated = dict.fromkeys(TABLES, 0)
    async with db.transaction() as conn:
        club_id, created = await _club(conn, book.club, added, updated)
        phones = await _phones(conn, club_id)
        members = await _members(conn, club_id, book, added, updated)
        changed = {member for member, phone in (await _phones(conn, club_id)).items()
                   if member in phones and phones[member] != phone}
        loans = await _loans(conn, club_id, book, members, added, updated)
        await _cash(conn, club_id, book, members, loans, actor, now, added)
        meetings = await _meetings(conn, club_id, book, added, updated)
        await _attendance(conn, club_id, book, meetings, members, added, updated)
        await _health(conn, club_id, book, members, added, updated)
        await _checkups(conn, club_id, book, added, updated)
        await _visits(conn, club_id, book, members, added, updated)
        await _exams(conn, club_id, book, members, added, updated)
        await _trainings(conn, club_id, book, members, added, updated)
        ended = await end_links_of_old_phones(conn, club_id, changed, actor=actor, now=now)
        result = ImportResult(club_id=club_id, club_name=book.club.name, created=created,
                              added=added, updated=updated, links_ended=ended)
        if result.changed:
            detail: dict[str, Any] = {
                "created": created,
                "added": {t: n for t, n in added.items() if n},
                "updated": {t: n for t, n in updated.items() if n},
            }
            if ended:
                detail["links_ended"] = ended
            await audit(conn, at=now, actor=actor, action="import", club_id=club_id,
                        detail=detail)
    return result


# ---------------------------------------------------------------- helpers

async def _rows(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    return list(await conn.execute_fetchall(sql, params))


async def _codes(conn: aiosqlite.Connection, table: str, club_id: int) -> dict[str, int]:
    """code -> id of a club's members, loans or meetings."""
    rows = await _rows(conn, f"SELECT code, id FROM {table} WHERE club_id = ?", (club_id,))
    return {code: row_id for code, row_id in rows}


async def _upsert(conn: aiosqlite.Connection, table: str, keys: Sequence[str],
                  fields: Sequence[str], existing_sql: str, scope: Sequence[Any],
                  wanted: Iterable[tuple[tuple[Any, ...], tuple[Any, ...]]], *,
                  also_where: str = "") -> tuple[int, int]:
    """Insert the rows not there, update those that differ; (inserted, updated).

    `existing_sql` selects the key columns then the field columns of the rows
    already stored for this club; ``also_where`` narrows the update the same
    way (a key shared by rows that no longer count: reversed visits). Table
    and column names are this module's constants, never input, so composing
    them into SQL is safe.
    """
    # Stored rows by their key in normal form: the book's key finds the row
    # whatever form its text was stored in, and the update names the row by
    # its key as stored.
    existing = {_normal(row[:len(keys)]): (tuple(row[:len(keys)]), _normal(row[len(keys):]))
                for row in await _rows(conn, existing_sql, scope)}
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for key, values in wanted:
        stored = existing.get(_normal(key))
        if stored is None:
            inserts.append((*key, *values))
        elif stored[1] != _normal(values):
            updates.append((*values, *stored[0]))
    columns = [*keys, *fields]
    if inserts:
        await conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})", inserts)
    if updates:
        await conn.executemany(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in fields)} "
            f"WHERE {' AND '.join(f'{k} = ?' for k in keys)}{also_where}", updates)
    return len(inserts), len(updates)


async def _phones(conn: aiosqlite.Connection, club_id: int) -> dict[int, str | None]:
    """member id -> phone of a club's members."""
    rows = await _rows(conn, "SELECT id, phone FROM members WHERE club_id = ?", (club_id,))
    return {member_id: phone for member_id, phone in rows}


def _normal(values: Sequence[Any]) -> tuple[Any, ...]:
    """Values as compared with a book: text in the books' one form, the rest as it is."""
    return tuple(tidy(v) if isinstance(v, str) else v for v in values)


def _count(table: str, counts: tuple[int, int], added: dict[str, int],
           updated: dict[str, int]) -> None:
    added[table] += counts[0]
    updated[table] += counts[1]


# ---------------------------------------------------------------- tables

async def _club(conn: aiosqlite.Connection, facts: ClubFacts, added: dict[str, int],
                updated: dict[str, int]) -> tuple[int, bool]:
    """The club's id, and whether it is new.

    A club is its name and place: a book from another club adds a club, the
    same club's book updates it. Matched exactly: two villages of one commune
    may have names that differ only by a diacritic (Đông Hòa, Đồng Hòa).
    """
    settings = (facts.meeting_day, int(facts.meeting_lunar), facts.meeting_time,
                facts.meeting_place, facts.contribution, facts.opening_fund)
    identity = (facts.name, facts.commune, facts.province)
    found = [row[3:] for row in await _rows(
        conn, "SELECT name, commune, province, id, meeting_day, meeting_lunar, meeting_time, "
              "meeting_place, contribution, opening_fund FROM clubs", ())
        if _normal(row[:3]) == identity]
    if not found:
        cursor = await conn.execute(
            "INSERT INTO clubs (name, commune, province, meeting_day, meeting_lunar, "
            "meeting_time, meeting_place, contribution, opening_fund) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (facts.name, facts.commune, facts.province, *settings))
        added["clubs"] += 1
        assert cursor.lastrowid is not None
        return cursor.lastrowid, True
    club_id, *stored = found[0]
    if _normal(stored) != settings:
        await conn.execute(
            "UPDATE clubs SET meeting_day = ?, meeting_lunar = ?, meeting_time = ?, "
            "meeting_place = ?, contribution = ?, opening_fund = ? WHERE id = ?",
            (*settings, club_id))
        updated["clubs"] += 1
    return club_id, False


_MEMBER_FIELDS = ("name", "gender", "birth_year", "phone", "team", "role", "volunteer",
                  "joined_on", "circumstances")


async def _members(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                   added: dict[str, int], updated: dict[str, int]) -> dict[str, int]:
    wanted = [((club_id, m.code),
               (m.name, m.gender, m.birth_year, m.phone, m.team, m.role, int(m.volunteer),
                m.joined_on.isoformat() if m.joined_on else None, m.circumstances))
              for m in book.members]
    counts = await _upsert(
        conn, "members", ("club_id", "code"), _MEMBER_FIELDS,
        f"SELECT club_id, code, {', '.join(_MEMBER_FIELDS)} FROM members WHERE club_id = ?",
        (club_id,), wanted)
    _count("members", counts, added, updated)
    return await _codes(conn, "members", club_id)


_LOAN_FIELDS = ("member_id", "disbursed_on", "amount", "term_months", "rate_ppm", "method",
                "purpose")


async def _loans(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                 members: dict[str, int], added: dict[str, int],
                 updated: dict[str, int]) -> dict[str, int]:
    wanted = [((club_id, loan.code),
               (members[loan.member_code], loan.disbursed_on.isoformat(), loan.amount,
                loan.term_months, loan.rate_ppm, loan.method, loan.purpose))
              for loan in book.loans]
    counts = await _upsert(
        conn, "loans", ("club_id", "code"), _LOAN_FIELDS,
        f"SELECT club_id, code, {', '.join(_LOAN_FIELDS)} FROM loans WHERE club_id = ?",
        (club_id,), wanted)
    _count("loans", counts, added, updated)
    return await _codes(conn, "loans", club_id)


async def _cash(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                members: dict[str, int], loans: dict[str, int], actor: str, now: datetime,
                added: dict[str, int]) -> None:
    """Append the entries the book has in excess of the database.

    The book may rightly hold the same entry twice (two equal deposits on one
    day), so entries are counted, not merely looked up. Every original entry
    counts, reversed or not: a mistake corrected in chat (reversed) must not
    come back when the old paper book is imported again. Reversing entries do
    not count; they are the database's own, never a line of the book. The
    club's own rows (grants, spending) have no member: None on both sides.
    """
    stored = Counter(_normal(row) for row in await _rows(
        conn, "SELECT entry_date, member_id, kind, amount, loan_id, note FROM cash_entries "
              "WHERE club_id = ? AND reverses_id IS NULL", (club_id,)))
    recorded_at = now.isoformat(timespec="seconds")
    inserts = []
    for entry in book.cash:
        member = members[entry.member_code] if entry.member_code is not None else None
        key = (entry.entry_date.isoformat(), member, entry.kind,
               entry.amount, loans[entry.loan_code] if entry.loan_code else None, entry.note)
        if stored[key] > 0:
            stored[key] -= 1
        else:
            inserts.append((club_id, *key, actor, recorded_at))
    if inserts:
        await conn.executemany(
            "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, loan_id, "
            "note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
    added["cash_entries"] += len(inserts)


_MEETING_FIELDS = ("held_on", "time", "place", "topic", "activities")


async def _meetings(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                    added: dict[str, int], updated: dict[str, int]) -> dict[str, int]:
    wanted = [((club_id, m.code), (m.held_on.isoformat(), m.time, m.place, m.topic,
                                   m.activities))
              for m in book.meetings]
    counts = await _upsert(
        conn, "meetings", ("club_id", "code"), _MEETING_FIELDS,
        f"SELECT club_id, code, {', '.join(_MEETING_FIELDS)} FROM meetings WHERE club_id = ?",
        (club_id,), wanted)
    _count("meetings", counts, added, updated)
    return await _codes(conn, "meetings", club_id)


async def _attendance(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                      meetings: dict[str, int], members: dict[str, int],
                      added: dict[str, int], updated: dict[str, int]) -> None:
    wanted = [((meetings[a.meeting_code], members[a.member_code]), (a.status,))
              for a in book.attendance]
    counts = await _upsert(
        conn, "attendance", ("meeting_id", "member_id"), ("status",),
        "SELECT a.meeting_id, a.member_id, a.status FROM attendance a "
        "JOIN meetings m ON m.id = a.meeting_id WHERE m.club_id = ?",
        (club_id,), wanted)
    _count("attendance", counts, added, updated)


_HEALTH_FIELDS = ("systolic", "diastolic", "weight_dg", "note")


async def _health(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                  members: dict[str, int], added: dict[str, int],
                  updated: dict[str, int]) -> None:
    wanted = [((members[h.member_code], h.taken_on.isoformat()),
               (h.systolic, h.diastolic, h.weight_dg, h.note))
              for h in book.health]
    counts = await _upsert(
        conn, "health_readings", ("member_id", "taken_on"), _HEALTH_FIELDS,
        "SELECT h.member_id, h.taken_on, h.systolic, h.diastolic, h.weight_dg, h.note "
        "FROM health_readings h JOIN members m ON m.id = h.member_id WHERE m.club_id = ?",
        (club_id,), wanted)
    _count("health_readings", counts, added, updated)


async def _checkups(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                    added: dict[str, int], updated: dict[str, int]) -> None:
    wanted = [((club_id, c.held_on.isoformat(), c.time, c.what), (c.place,))
              for c in book.checkups]
    counts = await _upsert(
        conn, "checkups", ("club_id", "held_on", "time", "what"), ("place",),
        "SELECT club_id, held_on, time, what, place FROM checkups WHERE club_id = ?",
        (club_id,), wanted)
    _count("checkups", counts, added, updated)


# ---------------------------------------------------------------- the programme's books

_VISIT_FIELDS = ("volunteer_id", "status", "note")
# A reversed visit (corrected in chat) keeps its day: the book's row is the one standing.
_STANDING_VISIT = (" AND NOT EXISTS (SELECT 1 FROM home_visit_reversals r "
                   "WHERE r.visit_id = home_visits.id)")


async def _visits(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                  members: dict[str, int], added: dict[str, int],
                  updated: dict[str, int]) -> None:
    wanted = [((club_id, members[v.member_code], v.visited_on.isoformat()),
               (members[v.volunteer_code] if v.volunteer_code else None, v.status, v.note))
              for v in book.visits]
    counts = await _upsert(
        conn, "home_visits", ("club_id", "member_id", "visited_on"), _VISIT_FIELDS,
        f"SELECT club_id, member_id, visited_on, {', '.join(_VISIT_FIELDS)} FROM home_visits "
        f"WHERE club_id = ?{_STANDING_VISIT}", (club_id,), wanted, also_where=_STANDING_VISIT)
    _count("home_visits", counts, added, updated)


async def _exams(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                 members: dict[str, int], added: dict[str, int],
                 updated: dict[str, int]) -> None:
    wanted = [((club_id, e.held_on.isoformat(), members[e.member_code]), ())
              for e in book.exams]
    counts = await _upsert(
        conn, "checkup_exams", ("club_id", "held_on", "member_id"), (),
        "SELECT club_id, held_on, member_id FROM checkup_exams WHERE club_id = ?",
        (club_id,), wanted)
    _count("checkup_exams", counts, added, updated)


async def _trainings(conn: aiosqlite.Connection, club_id: int, book: ClubBook,
                     members: dict[str, int], added: dict[str, int],
                     updated: dict[str, int]) -> None:
    wanted = [((club_id, t.trained_on.isoformat(), members[t.member_code], t.topic), ())
              for t in book.trainings]
    counts = await _upsert(
        conn, "trainings", ("club_id", "trained_on", "member_id", "topic"), (),
        "SELECT club_id, trained_on, member_id, topic FROM trainings WHERE club_id = ?",
        (club_id,), wanted)
    _count("trainings", counts, added, updated)
