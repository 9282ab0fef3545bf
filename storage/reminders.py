"""Planning reminders from the books into the outbox, and pausing them.

:func:`plan` reads what the pure planner (:mod:`club.reminders`) needs, asks it
which reminders are due, addresses them to accounts and writes them, all in
one transaction, then reconciles: a reminder still pending that is no longer
wanted (its meeting was moved, its loan repaid ahead, its account paused
reminders or unlinked) is cancelled. Planning the same moment twice writes
nothing new, because every row's key is unique per recipient and occurrence;
that is what lets the scheduler run it as often as it likes and catch up
after a restart without doubling anything.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import aiosqlite

from club.care import PlanFacts, care_dues
from club.loans import Loan, RepaymentMethod
from club.programme import full_year, half_year, headline
from club.reminders import (
    MAX_SHIFT,
    Audience,
    CheckupFacts,
    ClubFacts,
    Due,
    LoanFacts,
    MeetingChange,
    ReminderRules,
    Window,
)
from club.reminders import plan as plan_dues
from club.roles import Role, role_of
from storage.care import NEEDED as CARE_NEEDED
from storage.care import STANDING as CARE_STANDING
from storage.database import Database, audit
from storage.meetings import change_from_row, rule_of
from storage.outbox import (
    Outgoing,
    cancel_account_reminders,
    cancel_keys,
    pending_reminder_keys,
    unblock,
    upsert_planned,
)
from storage.programme.report import club_report_of


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    wanted: int      # reminders that should be in the outbox now
    written: int     # rows added, revived or reworded
    cancelled: int   # pending rows no longer wanted


@dataclass(frozen=True, slots=True)
class _Link:
    member_id: int
    channel: str
    account_id: str
    proxy: bool
    board: bool
    chair: bool = False


async def plan(db: Database, rules: ReminderRules, now: datetime, *,
               ahead: timedelta = timedelta(minutes=10), club_id: int | None = None,
               since: datetime | None = None) -> PlanOutcome:
    """Write the reminders due by ``now + ahead`` (of one club, or of all).

    With ``since`` (the previous run's horizon), only those falling due after
    it: see :class:`club.reminders.Window`. Without, a full run that also
    catches up missed reminders and cancels pending ones no longer wanted.

    The books are read and the outbox written in one transaction, so the plan
    comes from one consistent state: a meeting moved while the planner reads
    cannot have its old reminders written back after the move cancelled them.
    """
    window = Window(now, now + ahead, since)
    async with db.transaction() as conn:
        fetch = conn.execute_fetchall
        clubs = await _clubs(fetch, rules, window, club_id)
        checkups = await _checkups(fetch, rules, window, club_id)
        loans = await _loans(fetch, rules, window, club_id)
        # Pure work, in a thread so the event loop keeps answering members.
        care = await _care_plans(fetch, club_id)
        dues = await asyncio.to_thread(plan_dues, clubs, checkups, loans, rules, window)
        dues += care_dues(care, rules, window)
        dues = await _without_taken_rollcalls(fetch, dues)
        dues = await _with_report_figures(fetch, dues, now)
        messages = await _address(fetch, dues)
        keys = {m.dedup_key for m in messages}
        pending = await pending_reminder_keys(conn, window.horizon, club_id,
                                              after=window.since)
        cancelled = await cancel_keys(conn, [k for k in pending if k not in keys],
                                      "no longer due")
        written = await upsert_planned(conn, messages, now=now)
    return PlanOutcome(len(messages), written, cancelled)


# ---------------------------------------------------------------- reading the facts

Fetch = Callable[..., Awaitable[Iterable[aiosqlite.Row]]]


def _in(column: str, club_id: int | None) -> tuple[str, tuple[int, ...]]:
    return (f" AND {column} = ?", (club_id,)) if club_id is not None else ("", ())


async def _clubs(fetch: Fetch, rules: ReminderRules, window: Window,
                 club_id: int | None) -> list[ClubFacts]:
    where, params = _in("id", club_id)
    clubs = await fetch(
        "SELECT id, name, meeting_day, meeting_lunar, meeting_time, meeting_place FROM clubs "
        "WHERE 1" + where, params)
    spans = [s for s in (window.events(rules.meeting_before, rules),
                         window.held(rules.rollcall_after, rules)) if s is not None]
    changes: dict[int, dict[date, MeetingChange]] = defaultdict(dict)
    topics: dict[int, dict[date, str]] = defaultdict(dict)
    if spans:
        # Changes to occurrences whose rule date is near enough to matter now.
        first = min(s[0] for s in spans).date() - MAX_SHIFT
        last = max(s[1] for s in spans).date() + MAX_SHIFT
        where, params = _in("club_id", club_id)
        for row in await fetch(
                "SELECT club_id, regular_on, cancelled, held_on, time, place "
                "FROM meeting_changes WHERE regular_on BETWEEN ? AND ?" + where,
                (first.isoformat(), last.isoformat(), *params)):
            change = change_from_row(tuple(row[1:]))
            changes[row[0]][change.regular_on] = change
        # And what the board says those meetings are about (✍️ Nội dung buổi tới).
        for row in await fetch(
                "SELECT club_id, regular_on, topic FROM meeting_topics "
                "WHERE regular_on BETWEEN ? AND ?" + where,
                (first.isoformat(), last.isoformat(), *params)):
            topics[row[0]][date.fromisoformat(row[1])] = row[2]
    return [ClubFacts(c[0], c[1], rule_of(*c[2:]), changes.get(c[0], {}), topics.get(c[0], {}))
            for c in clubs]


async def _checkups(fetch: Fetch, rules: ReminderRules, window: Window,
                    club_id: int | None) -> list[CheckupFacts]:
    span = window.events(rules.checkup_before, rules)
    if span is None:
        return []
    where, params = _in("club_id", club_id)
    rows = await fetch(
        "SELECT id, club_id, held_on, time, what, place FROM checkups "
        "WHERE held_on BETWEEN ? AND ?" + where,
        (span[0].date().isoformat(), span[1].date().isoformat(), *params))
    found = []
    for r in rows:
        try:
            at = time.fromisoformat(r[3]) if r[3] else None
        except ValueError:
            at = None
        found.append(CheckupFacts(r[0], r[1], date.fromisoformat(r[2]), at, r[4], r[5]))
    return found


def _due_days(first: date, last: date) -> list[int]:
    """Days of the month on which an installment due in [first, last] can fall.

    Installments fall on the disbursement day, or on the last day of a month
    too short for it; so on a month's last day every later day is possible.
    """
    days: set[int] = set()
    day = first
    while day <= last and len(days) < 31:
        days.add(day.day)
        if (day + timedelta(days=1)).day == 1:
            days.update(range(day.day + 1, 32))
        day += timedelta(days=1)
    return sorted(days)


async def _loans(fetch: Fetch, rules: ReminderRules, window: Window,
                 club_id: int | None) -> list[LoanFacts]:
    """Loans that may have an installment in the window, with what was repaid."""
    span = window.events(rules.installment_before, rules)
    if span is None:
        return []
    first, last = span[0].date(), span[1].date()
    days = _due_days(first, last)
    where, params = _in("l.club_id", club_id)
    rows = list(await fetch(
        "SELECT l.id, l.club_id, l.member_id, m.name, l.code, l.amount, l.disbursed_on, "
        "       l.term_months, l.rate_ppm, l.method "
        "FROM loans l JOIN members m ON m.id = l.member_id "
        f"WHERE CAST(substr(l.disbursed_on, 9, 2) AS INTEGER) IN ({','.join('?' * len(days))}) "
        "  AND l.disbursed_on < ? "
        "  AND date(l.disbursed_on, '+' || (l.term_months + 1) || ' months') >= ?" + where,
        (*days, last.isoformat(), first.isoformat(), *params)))
    paid: dict[tuple[int, str], int] = {}
    for start in range(0, len(rows), 500):
        chunk = [r[0] for r in rows[start:start + 500]]
        for loan_id, kind, total in await fetch(
                "SELECT loan_id, kind, sum(amount) FROM cash_entries "
                f"WHERE loan_id IN ({','.join('?' * len(chunk))}) AND loan_id IS NOT NULL "
                "AND kind IN ('principal', 'interest') GROUP BY loan_id, kind", chunk):
            paid[(loan_id, kind)] = total
    found = []
    for r in rows:
        loan = Loan(code=r[4], amount=r[5], disbursed=date.fromisoformat(r[6]),
                    term_months=r[7], rate_ppm=r[8], method=RepaymentMethod(r[9]))
        found.append(LoanFacts(r[0], r[1], r[2], r[3], loan,
                               max(0, paid.get((r[0], "principal"), 0)),
                               max(0, paid.get((r[0], "interest"), 0))))
    return found


async def _care_plans(fetch: Fetch, club_id: int | None) -> list[PlanFacts]:
    """Every visit plan that stands: a member who needs care, a volunteer who is one."""
    where, params = _in("m.club_id", club_id)
    rows = await fetch(
        f"SELECT m.club_id, m.id, m.name, m.team, m.phone, w.id, w.name, w.phone, "
        f"p.rhythm_weeks, p.started_on, (SELECT max(v.visited_on) FROM home_visits v "
        f"  WHERE v.member_id = m.id AND {CARE_STANDING}) "
        "FROM care_plans p JOIN members m ON m.id = p.member_id "
        "JOIN members w ON w.id = p.volunteer_id AND w.volunteer = 1 AND w.left_on IS NULL "
        f"WHERE {CARE_NEEDED}" + where, params)
    return [PlanFacts(r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7], int(r[8]),
                      date.fromisoformat(r[10]) if r[10] else None, date.fromisoformat(r[9]))
            for r in rows]


async def _with_report_figures(fetch: Fetch, dues: list[Due], now: datetime) -> list[Due]:
    """A report deadline's reminder carries the report's figures as they stand."""
    found = []
    for due in dues:
        if due.kind == "deadline":
            _, club_id, report, year = due.event_key.split(":")
            period = half_year(int(year)) if report == "six_month" else full_year(int(year))
            figures = await club_report_of(fetch, period, int(club_id))
            due = replace(due, text=due.text + "\n\n" + headline(figures, period, now.date()))
        found.append(due)
    return found


async def _without_taken_rollcalls(fetch: Fetch, dues: list[Due]) -> list[Due]:
    """Drop roll-call reminders for meetings whose attendance has been recorded."""
    asked = {(d.club_id, d.event_on.isoformat()) for d in dues if d.kind == "rollcall"}
    taken = set()
    for club_id, held_on in asked:
        rows = list(await fetch(
            "SELECT 1 FROM meetings mt WHERE mt.club_id = ? AND mt.held_on = ? "
            "AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = mt.id)",
            (club_id, held_on)))
        if rows:
            taken.add((club_id, held_on))
    return [d for d in dues
            if d.kind != "rollcall" or (d.club_id, d.event_on.isoformat()) not in taken]


# ---------------------------------------------------------------- addressing


async def _address(fetch: Fetch, dues: list[Due]) -> list[Outgoing]:
    """One message per due reminder and account: club-wide ones to every linked
    account of the club (a couple's phone once), a member's to that member's
    accounts (proxies too), the board's to board members' own accounts.
    Accounts that paused reminders or blocked the bot get none."""
    if not dues:
        return []
    personal = (Audience.MEMBER, Audience.PERSON)
    clubs = sorted({d.club_id for d in dues if d.audience not in personal})
    members = sorted({d.member_id for d in dues
                      if d.audience in personal and d.member_id is not None})
    by_club: dict[int, list[_Link]] = defaultdict(list)
    by_member: dict[int, list[_Link]] = defaultdict(list)
    for link_club, link in await _links(fetch, clubs, "m.club_id"):
        by_club[link_club].append(link)
    for _, link in await _links(fetch, members, "l.member_id"):
        by_member[link.member_id].append(link)

    messages: list[Outgoing] = []
    for due in dues:
        if due.audience is Audience.MEMBER:
            links: Iterable[_Link] = by_member.get(due.member_id or 0, ())
        elif due.audience is Audience.PERSON:
            links = (link for link in by_member.get(due.member_id or 0, ()) if not link.proxy)
        elif due.audience is Audience.CHAIR:
            links = (link for link in by_club.get(due.club_id, ()) if link.chair)
        elif due.audience is Audience.BOARD:
            links = (link for link in by_club.get(due.club_id, ()) if link.board)
        else:
            links = by_club.get(due.club_id, ())
        seen: set[tuple[str, str]] = set()
        for link in links:
            account = (link.channel, link.account_id)
            if account in seen:
                continue
            seen.add(account)
            messages.append(Outgoing(
                dedup_key=due.dedup_key(*account), channel=link.channel,
                account_id=link.account_id, kind="reminder", text=due.text, due_at=due.send_at,
                club_id=due.club_id, member_id=due.member_id or link.member_id,
                event_key=due.event_key, expires_at=due.expires_at))
    return messages


async def _links(fetch: Fetch, ids: list[int], column: str) -> list[tuple[int, _Link]]:
    found = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = await fetch(
            "SELECT m.club_id, l.member_id, l.channel, l.account_id, l.proxy, m.role "
            "FROM chat_links l JOIN members m ON m.id = l.member_id "
            f"WHERE {column} IN ({','.join('?' * len(chunk))}) "
            "AND NOT EXISTS (SELECT 1 FROM reminder_pauses p "
            "                WHERE p.channel = l.channel AND p.account_id = l.account_id) "
            "AND NOT EXISTS (SELECT 1 FROM blocked_accounts b "
            "                WHERE b.channel = l.channel AND b.account_id = l.account_id) "
            "ORDER BY l.channel, l.account_id, l.member_id", chunk)
        # Board reminders go to the post holder, never through a relative's proxy link.
        found += [(r[0], _Link(r[1], r[2], r[3], bool(r[4]),
                               role_of(r[5]) is not None and not r[4],
                               role_of(r[5]) is Role.CHAIR and not r[4])) for r in rows]
    return found


# ---------------------------------------------------------------- pausing


async def pause(db: Database, channel: str, account_id: str, member_id: int | None, *,
                now: datetime) -> bool:
    """No more reminders to this account; what is already waiting is cancelled too.
    Returns False if it was paused already."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO reminder_pauses (channel, account_id, paused_at) "
            "VALUES (?, ?, ?)", (channel, account_id, now.isoformat(timespec="seconds")))
        if not cur.rowcount:
            return False
        cancelled = await cancel_account_reminders(conn, channel, account_id, "paused")
        await audit(conn, at=now, actor=f"{channel}:{account_id}", action="reminders_pause",
                    member_id=member_id, detail={"cancelled": cancelled})
    return True


async def resume(db: Database, channel: str, account_id: str, member_id: int | None, *,
                 now: datetime) -> bool:
    """Reminders again. Asking for them is also taken as having unblocked the bot.
    Returns False if nothing changed."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "DELETE FROM reminder_pauses WHERE channel = ? AND account_id = ?",
            (channel, account_id))
        resumed = cur.rowcount == 1
        unblocked = await unblock(conn, channel, account_id)
        if resumed or unblocked:
            await audit(conn, at=now, actor=f"{channel}:{account_id}", action="reminders_resume",
                        member_id=member_id, detail={"unblocked": unblocked})
    return resumed or unblocked
