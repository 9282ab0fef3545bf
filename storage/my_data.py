"""Everything the club holds about one member, for her to see and keep.

"📄 Dữ liệu cá nhân" answers the member's right to know what is held about
her (Law 91/2025/QH15): gathered here from every table that holds a row about
her — and nothing about anyone else — then shown briefly in chat and in full
as an Excel file. Health readings appear only while she agrees to the club
keeping them; otherwise only their number. Who looked at her health data in
the last twelve months comes from the access log.

Rows that mention her but concern others are left out on purpose: cash lines
she recorded for other members as a board member, the board's messages about
other members sent to her accounts (only their date, kind and state are
listed, never their text).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from club import texts
from storage import access_log
from storage.access_log import Access
from storage.consent import CONSENTED_SQL
from storage.database import Database
from storage.workbook import KIND_LABELS, STATUS_LABELS


@dataclass
class MyData:
    member_id: int
    club_name: str
    person: dict[str, Any]
    accounts: list[tuple[str, bool, str, str]] = field(default_factory=list)
    cash: list[tuple[str, str, int, str | None, str, str]] = field(default_factory=list)
    savings: int = 0
    loans: list[tuple[str, str, int, int, int, str]] = field(default_factory=list)
    attendance: list[tuple[str, str]] = field(default_factory=list)
    # Home visits to her (issue 12), the reversed ones too, marked: what the
    # volunteers wrote about her is hers to see.
    visits: list[tuple[str, str, str, str, bool]] = field(default_factory=list)
    consent: str | None = None            # her latest answer
    consent_since: str | None = None      # when she agreed, if she does
    health: list[tuple[str, int | None, int | None, int | None, str]] = field(
        default_factory=list)
    health_held: int = 0                  # readings kept, shown only with consent
    consents: list[tuple[str, str, str, str, str | None, str | None]] = field(
        default_factory=list)
    views: list[Access] = field(default_factory=list)
    reports: list[tuple[str, str, str]] = field(default_factory=list)
    messages: list[tuple[str, str, str]] = field(default_factory=list)
    codes: list[tuple[str, bool, str, str | None, str | None]] = field(default_factory=list)
    requests: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.person["name"])

    @property
    def code(self) -> str:
        return str(self.person["code"])


async def gather(db: Database, member_id: int, *, now: datetime) -> MyData | None:
    """What is held about the member now, or None if there is no such member."""
    row = await db.fetchone(
        "SELECT m.name, m.code, m.gender, m.birth_year, m.phone, m.team, m.role, m.volunteer, "
        "m.joined_on, m.left_on, c.name FROM members m JOIN clubs c ON c.id = m.club_id "
        "WHERE m.id = ?", (member_id,))
    if row is None:
        return None
    keys = ("name", "code", "gender", "birth_year", "phone", "team", "role", "volunteer",
            "joined_on", "left_on")
    data = MyData(member_id, row[10], dict(zip(keys, row[:10], strict=True)))

    async def rows(sql: str, params: Any = (member_id,)) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in await db.fetchall(sql, params)]

    data.accounts = [(ch, bool(proxy), at, how) for ch, proxy, at, how in await rows(
        "SELECT channel, proxy, linked_at, how FROM chat_links WHERE member_id = ? "
        "ORDER BY linked_at, channel")]
    data.cash = await rows(
        "SELECT e.entry_date, e.kind, e.amount, l.code, e.note, e.recorded_at "
        "FROM cash_entries e LEFT JOIN loans l ON l.id = e.loan_id "
        "WHERE e.member_id = ? ORDER BY e.entry_date, e.id")
    # A withdrawal is stored as a positive amount taken out; reversals carry −amount.
    data.savings = sum(amount if kind == "deposit" else -amount
                       for _, kind, amount, *_ in data.cash if kind in ("deposit", "withdrawal"))
    data.loans = await rows(
        "SELECT code, disbursed_on, amount, term_months, rate_ppm, purpose FROM loans "
        "WHERE member_id = ? ORDER BY disbursed_on, id")
    data.attendance = await rows(
        "SELECT m.held_on, a.status FROM attendance a JOIN meetings m ON m.id = a.meeting_id "
        "WHERE a.member_id = ? ORDER BY m.held_on")
    data.visits = [(day, status, by, note, bool(reversed_)) for day, status, by, note, reversed_
                   in await rows(
        "SELECT v.visited_on, v.status, coalesce(w.name, ''), v.note, "
        "EXISTS (SELECT 1 FROM home_visit_reversals r WHERE r.visit_id = v.id) "
        "FROM home_visits v LEFT JOIN members w ON w.id = v.volunteer_id "
        "WHERE v.member_id = ? ORDER BY v.visited_on, v.id")]
    data.consents = await rows(
        "SELECT at, decision, how, wording, signed_on, witness FROM health_consents "
        "WHERE member_id = ? ORDER BY id")
    if data.consents:
        data.consent = data.consents[-1][1]
        if data.consent == "agree":
            data.consent_since = data.consents[-1][0]
    data.health = await rows(
        "SELECT taken_on, systolic, diastolic, weight_dg, note FROM health_readings "
        f"WHERE member_id = :mid AND {CONSENTED_SQL} ORDER BY taken_on", {"mid": member_id})
    [(data.health_held,)] = await rows(
        "SELECT count(*) FROM health_readings WHERE member_id = ?")
    data.views = await access_log.of_member(db, member_id, now=now)
    data.reports = await rows(
        "SELECT created_at, screen, context FROM error_reports WHERE member_id = ? ORDER BY id")
    data.messages = await rows(
        "SELECT created_at, kind, state FROM outbox WHERE member_id = ? ORDER BY id")
    data.codes = [(at, bool(proxy), exp, used, revoked) for at, proxy, exp, used, revoked
                  in await rows("SELECT issued_at, proxy, expires_at, used_at, revoked_at "
                                "FROM link_codes WHERE member_id = ? ORDER BY issued_at")]
    data.requests = await rows(
        "SELECT requested_at, kind, detail, met_at FROM privacy_requests WHERE member_id = ? "
        "ORDER BY id")
    data.log = await rows("SELECT at, action FROM audit_log WHERE member_id = ? ORDER BY id")
    return data


# ---------------------------------------------------------------- the file

_DATE_FORMAT = "DD/MM/YYYY"
_WHEN_FORMAT = "DD/MM/YYYY HH:MM"
_AMOUNT_FORMAT = "#,##0"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def viewer_words(view: Access) -> str:
    """Who looked, as the member reads it."""
    if view.viewer_kind == access_log.RELATIVE:
        channel = view.viewer.split(":", 1)[0]
        return texts.MY_DATA_VIEWER_RELATIVE.format(
            channel=texts.CHANNEL_NAMES.get(channel, channel))
    template = (texts.MY_DATA_VIEWER_VOLUNTEER if view.viewer_kind == access_log.VOLUNTEER
                else texts.MY_DATA_VIEWER_BOARD)
    return template.format(name=view.viewer_name or "")


def workbook(data: MyData, *, today: date) -> bytes:
    """The member's data as an .xlsx file she (or her relative) can keep."""
    book = Workbook()
    about = book.active
    about.title = texts.MD_SHEET_ABOUT
    values = {"name": data.name, "code": data.code, "club": data.club_name,
              "date": today.strftime("%d/%m/%Y")}
    for label, value in texts.MD_ABOUT:
        about.append([label, value.format(**values)])
    _bold_column(about)

    person = []
    for key, label in texts.MD_PERSON_ROWS.items():
        value = data.person.get(key)
        if key == "volunteer":
            value = texts.MD_YES if value else ""
        elif key in ("joined_on", "left_on"):
            value = _day(value)
        person.append((label, value if value not in (None, "") else ""))
    _sheet(book, "person", person)
    _sheet(book, "accounts", [
        (texts.CHANNEL_NAMES.get(ch, ch), texts.MD_RELATIVE if proxy else texts.MD_SELF,
         _when(at), texts.MD_HOW.get(how, how)) for ch, proxy, at, how in data.accounts])
    _sheet(book, "cash", [
        (_day(day), KIND_LABELS.get(kind, kind), amount, loan or "", note,
         _when(at)) for day, kind, amount, loan, note, at in data.cash], amounts=(2,))
    _sheet(book, "loans", [
        (code, _day(day), amount, term, rate / 10_000, purpose)
        for code, day, amount, term, rate, purpose in data.loans], amounts=(2,))
    _sheet(book, "attendance", [(_day(day), STATUS_LABELS.get(status, status))
                                for day, status in data.attendance])
    _sheet(book, "visits", [
        (_day(day), texts.CARE_STATUS.get(status, status), by, note,
         texts.MD_YES if reversed_ else "") for day, status, by, note, reversed_ in data.visits])
    _sheet(book, "health", [
        (_day(day), f"{sys}/{dia}" if sys is not None and dia is not None else "",
         weight / 10 if weight is not None else "", note)
        for day, sys, dia, weight, note in data.health])
    _sheet(book, "consents", [
        (_when(at), texts.MD_CONSENT.get(decision, decision),
         texts.MD_CONSENT_HOW.get(how, how), version, _day(signed), witness or "")
        for at, decision, how, version, signed, witness in data.consents])
    _sheet(book, "views", [(_when(v.at), viewer_words(v), texts.MD_WHAT_SEEN.get(v.what, v.what))
                           for v in data.views])
    _sheet(book, "reports", [(_when(at), screen, context)
                             for at, screen, context in data.reports])
    _sheet(book, "messages", [
        (_when(at), texts.MD_MESSAGE_KIND.get(kind, kind),
         texts.MD_MESSAGE_STATE.get(state, state)) for at, kind, state in data.messages])
    _sheet(book, "codes", [
        (_when(at), texts.MD_RELATIVE if proxy else texts.MD_SELF, _when(exp), _when(used),
         _when(revoked)) for at, proxy, exp, used, revoked in data.codes])
    _sheet(book, "requests", [
        (_when(at), texts.MD_REQUEST_KIND.get(kind, kind), detail, _when(met))
        for at, kind, detail, met in data.requests])
    _sheet(book, "log", [(_when(at), texts.AUDIT_ACTIONS.get(action, action))
                         for at, action in data.log])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, key: str, rows: list[tuple[Any, ...]],
           amounts: tuple[int, ...] = ()) -> None:
    title, headers = texts.MD_SHEETS[key]
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append([value if value is not None else "" for value in row])
    for column in range(1, len(headers) + 1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = 18 if column > 1 else 20
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = _WHEN_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = _DATE_FORMAT
            elif column - 1 in amounts:
                cell.number_format = _AMOUNT_FORMAT
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _bold_column(sheet: Any) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
