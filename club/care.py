"""Home care by volunteers: when a visit falls due, when it is late, what a
visit found — the rules, pure, so the volunteer's list, the reminders and the
report all count the same way.

A member who needs home visits (the roster's "Hoàn cảnh" holds "cần chăm
sóc tại nhà") has a visit plan: a volunteer and a rhythm of 1, 2 or 4 weeks.
Her next visit falls due one rhythm after her last visit, or after the day
the plan started if nobody has visited yet. A visit more than half a rhythm
late is the chair's to know about (a volunteer may be ill, or away).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from html import escape

from club import texts
from club.calendar import format_date
from club.phone import format_phone
from club.reminders import Audience, Due, ReminderRules, Window

NEEDS_CARE = "cần chăm sóc tại nhà"   # the roster's "Hoàn cảnh" word for it
RHYTHMS = (1, 2, 4)                   # weeks between visits the board may choose
DEFAULT_RHYTHM_WEEKS = 2


class VisitStatus(StrEnum):
    """How the volunteer found the member (``home_visits.status``)."""

    OK = "ok"                      # 🙂 Ổn
    NEEDS_HELP = "needs_help"      # 🤝 Cần hỗ trợ: for the board's next meeting
    ALERT = "alert_health"         # 🚑 Cần báo y tế: the chair and vice-chair at once


def needs_care(circumstances: str) -> bool:
    """Whether the roster's "Hoàn cảnh" asks for home visits."""
    return NEEDS_CARE in (part.strip() for part in circumstances.split(","))


def with_needs_care(circumstances: str, wanted: bool) -> str:
    """The "Hoàn cảnh" list with the home-care mark set or cleared, the rest kept
    (it is the last of the format's words, so appending keeps their order)."""
    parts = [p.strip() for p in circumstances.split(",") if p.strip() and p.strip() != NEEDS_CARE]
    if wanted:
        parts.append(NEEDS_CARE)
    return ", ".join(parts)


def due_on(last_visit: date | None, started_on: date, rhythm_weeks: int) -> date:
    """The day the next visit falls due: a rhythm after the last visit, or after
    the plan's start if there has been none since (a visit before the plan
    started still counts: it is the last time someone came)."""
    return (last_visit or started_on) + timedelta(weeks=rhythm_weeks)


def late_on(due: date, rhythm_weeks: int) -> date:
    """The first day a visit counts as overdue by more than half its rhythm
    (2 weeks: due + 8 days; 1 week: due + 4 days; 4 weeks: due + 15 days)."""
    return due + timedelta(days=rhythm_weeks * 7 // 2 + 1)


def is_on_time(visited_on: date, due: date) -> bool:
    """A visit is on time when made no later than its due day (an early one too)."""
    return visited_on <= due


def days_left(due: date, today: date) -> int:
    """Days until the visit falls due; negative once it is overdue."""
    return (due - today).days


def when_due(due: date, today: date) -> str:
    """"đến hạn 01/12/2026 (còn 3 ngày)", "đến hạn hôm nay", "⚠️ quá hạn 5 ngày"."""
    left = days_left(due, today)
    if left > 0:
        return texts.CARE_DUE_IN.format(date=format_date(due), days=left)
    if left == 0:
        return texts.CARE_DUE_TODAY
    return texts.CARE_OVERDUE.format(date=format_date(due), days=-left)


# ---------------------------------------------------------------- reminders


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """One visit plan as the reminder planner reads it."""

    club_id: int
    member_id: int
    member_name: str
    team: str
    phone: str | None
    volunteer_id: int
    volunteer_name: str
    volunteer_phone: str | None
    rhythm_weeks: int
    last_visit: date | None
    started_on: date

    @property
    def due(self) -> date:
        return due_on(self.last_visit, self.started_on, self.rhythm_weeks)


def _stem(kind: str, plan: PlanFacts, due: date) -> tuple[str, str]:
    event_key = f"{kind}:{plan.club_id}:{plan.member_id}"
    # The due day names the occurrence: a visit made moves it, a new key follows.
    return event_key, f"{event_key}@{due.isoformat()}"


def _one(window: Window, send_at: datetime, expires_at: datetime) -> bool:
    return bool(window.pick([("", send_at)])) and window.now < expires_at


def care_dues(plans: Iterable[PlanFacts], rules: ReminderRules, window: Window) -> list[Due]:
    """The volunteer's reminder on the day a visit falls due, and the chair's when
    it is more than half a rhythm late; quiet hours respected, once per due day."""
    found: list[Due] = []
    for plan in plans:
        due = plan.due
        last = format_date(plan.last_visit) if plan.last_visit else texts.CARE_NEVER_VISITED
        who = texts.CARE_WHO.format(name=escape(plan.member_name), team=escape(plan.team or "—"),
                                    phone=format_phone(plan.phone) if plan.phone else "—")
        # The volunteer: in the morning of the due day, good for that day.
        send_at = rules.adjust_after(datetime.combine(due, rules.day_events_at))
        expires_at = datetime.combine(due + timedelta(days=1), time(0))
        if _one(window, send_at, expires_at):
            event_key, stem = _stem("care", plan, due)
            found.append(Due("care", event_key, stem, "due", send_at, expires_at,
                             Audience.PERSON, plan.club_id, plan.volunteer_id, due,
                             texts.REMINDER_CARE_DUE.format(who=who) + "\n"
                             + texts.REMINDER_CARE_LAST.format(date=last)))
        # The chair: the visit is more than half a rhythm late. Still worth
        # saying until the next visit would have fallen due.
        late = late_on(due, plan.rhythm_weeks)
        send_at = rules.adjust_after(datetime.combine(late, rules.day_events_at))
        expires_at = datetime.combine(due + timedelta(weeks=plan.rhythm_weeks), time(0))
        if _one(window, send_at, expires_at):
            event_key, stem = _stem("care-late", plan, due)
            volunteer = texts.CARE_VOLUNTEER.format(
                name=escape(plan.volunteer_name),
                phone=format_phone(plan.volunteer_phone) if plan.volunteer_phone else "—")
            found.append(Due("care-late", event_key, stem, "late", send_at, expires_at,
                             Audience.CHAIR, plan.club_id, None, late,
                             texts.REMINDER_CARE_LATE.format(who=who, date=format_date(due),
                                                             weeks=plan.rhythm_weeks)
                             + "\n" + texts.REMINDER_CARE_LAST.format(date=last)
                             + "\n" + volunteer))
    return found
