"""When the bot speaks first: which reminders are due, when, and what they say.

Pure and I/O-free. Reminders are never typed in: they are derived from the
books (the club's meeting rule and the board's changes to one occurrence,
check-ups, loan schedules and repayments, attendance, report deadlines) each
time the planner looks, so a change to the data changes the reminders.

Every reminder has

* an *event key* naming the thing it is about ("meeting:5:2026-12-15" — the
  club's December meeting, by the date its rule gives), so that a change to
  that thing can cancel what is still waiting to be sent, and
* a *stem* naming the occurrence at its current date and time
  ("meeting:5:2026-12-15@2026-12-17T14:00"), which, with the offset and the
  recipient, makes the outbox's dedup key: a moved meeting is a new
  occurrence with new keys, so its reminders go out again, once, with the new
  time.

All times are naive local time in Asia/Ho_Chi_Minh (no daylight saving).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from html import escape

from club import texts
from club.calendar import MeetingRule, format_date, format_lunar, format_weekday_date, meeting_dates
from club.loans import Installment, Loan, schedule
from club.money import format_vnd
from club.text import fold

__all__ = [
    "MAX_SHIFT",
    "Audience",
    "CheckupFacts",
    "ClubFacts",
    "Due",
    "LoanFacts",
    "MeetingChange",
    "Occurrence",
    "QuietHours",
    "ReminderRules",
    "Window",
    "checkup_dues",
    "deadline_dues",
    "format_duration",
    "installment_dues",
    "meeting_dues",
    "occurrences",
    "parse_duration",
    "parse_quiet_hours",
    "parse_when",
    "plan",
    "rollcall_dues",
    "say_durations",
    "send_times",
]

# ---------------------------------------------------------------- durations

_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_DURATION = re.compile(r"(?:\d+[dhm])+")


def parse_duration(text: str) -> timedelta:
    """"2d", "2h", "30m", "1d12h" — how configuration says "this long before"."""
    compact = "".join(text.split()).lower()
    if not _DURATION.fullmatch(compact):
        raise ValueError(f"not a duration (use d, h or m, e.g. 2d, 2h, 30m): {text!r}")
    total = sum((int(n) * _UNITS[unit] for n, unit in re.findall(r"(\d+)([dhm])", compact)),
                timedelta())
    if total <= timedelta():
        raise ValueError(f"a duration must be longer than zero: {text!r}")
    return total


def format_duration(delta: timedelta) -> str:
    """The canonical label of a duration ("2d", "1d12h", "30m"), used in dedup keys."""
    minutes = int(delta.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n]
    return "".join(parts) or "0m"


def say_durations(deltas: Iterable[timedelta]) -> str:
    """How a person says a list of offsets: "3 ngày và 1 ngày", "2 giờ"."""
    said = []
    for delta in sorted(deltas, reverse=True):
        minutes = int(delta.total_seconds()) // 60
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        words = [texts.DURATION_WORDS[unit].format(n=n)
                 for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n]
        said.append(" ".join(words))
    if len(said) <= 1:
        return "".join(said)
    return ", ".join(said[:-1]) + texts.DURATION_AND + said[-1]


# ---------------------------------------------------------------- quiet hours


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly span with no reminders, e.g. 21:00-06:00 (it may wrap midnight).

    A reminder that would fall inside goes at the end of the span if that is
    still before its event; otherwise at the start of the span (earlier than
    planned, but before the event rather than after it).
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours must not start and end at the same time")

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, moment: datetime) -> bool:
        at = moment.time()
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end

    def span(self, moment: datetime) -> tuple[datetime, datetime]:
        """Start and end of the quiet span that contains ``moment``."""
        day = moment.date()
        if self.start < self.end:
            return datetime.combine(day, self.start), datetime.combine(day, self.end)
        if moment.time() >= self.start:
            return (datetime.combine(day, self.start),
                    datetime.combine(day + timedelta(days=1), self.end))
        return (datetime.combine(day - timedelta(days=1), self.start),
                datetime.combine(day, self.end))

    def before_event(self, send_at: datetime, event_at: datetime) -> datetime:
        if not self.contains(send_at):
            return send_at
        start, end = self.span(send_at)
        return end if end < event_at else start

    def after_event(self, send_at: datetime) -> datetime:
        """For reminders about something that has happened: wait for the morning."""
        return self.span(send_at)[1] if self.contains(send_at) else send_at


@lru_cache(maxsize=16)
def _slack(quiet: QuietHours | None) -> timedelta:
    if quiet is None:
        return timedelta()
    start = datetime.combine(date.min, quiet.start)
    end = datetime.combine(date.min, quiet.end)
    return (end - start) % timedelta(days=1) + timedelta(minutes=1)


def parse_quiet_hours(text: str) -> QuietHours | None:
    """"21:00-06:00"; an empty string (or "off") means no quiet hours."""
    compact = "".join(text.split())
    if compact.lower() in ("", "off", "none"):
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", compact)
    if not match:
        raise ValueError(f"quiet hours must look like 21:00-06:00: {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return QuietHours(time(h1, m1), time(h2, m2))


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True, slots=True)
class ReminderRules:
    """The ``[reminders]`` settings, parsed."""

    meeting_before: tuple[timedelta, ...] = (timedelta(days=2), timedelta(hours=2))
    checkup_before: tuple[timedelta, ...] = (timedelta(days=3), timedelta(days=1))
    installment_before: tuple[timedelta, ...] = (timedelta(days=3),)
    report_before: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=1))
    rollcall_after: tuple[timedelta, ...] = (timedelta(hours=3),)
    six_month_report_due: tuple[int, int] = (15, 6)    # (day, month): the commune's
    annual_report_due: tuple[int, int] = (15, 12)
    # The club reports this long before the commune must (a province's rule).
    club_report_before: timedelta = timedelta(days=7)
    quiet: QuietHours | None = QuietHours(time(21), time(6))
    # Installments and deadlines have a date but no hour; they count from this one.
    day_events_at: time = time(8)

    @property
    def quiet_slack(self) -> timedelta:
        """How far quiet hours can move a reminder, either way."""
        return _slack(self.quiet)

    def adjust_before(self, send_at: datetime, event_at: datetime) -> datetime:
        return self.quiet.before_event(send_at, event_at) if self.quiet else send_at

    def adjust_after(self, send_at: datetime) -> datetime:
        return self.quiet.after_event(send_at) if self.quiet else send_at


@dataclass(frozen=True, slots=True)
class Window:
    """What one planning run covers.

    A full run (``since`` None) wants every reminder due by ``horizon``, and
    of those whose time has already passed (the bot was down, the event was
    just moved or added) the latest one per event: missed runs are caught up
    once, not with a burst. A run after another one (``since`` = the earlier
    run's horizon) wants only what falls due in (since, horizon]: the
    scheduler's minute-by-minute tick, whose cost follows the reminders due,
    not the size of the books.
    """

    now: datetime
    horizon: datetime
    since: datetime | None = None

    def pick(self, times: Sequence[tuple[str, datetime]]) -> list[tuple[str, datetime]]:
        if self.since is None:
            past = [t for t in times if t[1] <= self.now]
            return past[-1:] + [t for t in times if self.now < t[1] <= self.horizon]
        return [t for t in times if self.since < t[1] <= self.horizon]

    def events(self, offsets: tuple[timedelta, ...],
               rules: ReminderRules) -> tuple[datetime, datetime] | None:
        """When the events must take place for a reminder ``offsets`` before them
        to be picked (None: no such reminders are configured)."""
        return _events_span(self, offsets, rules)

    def held(self, offsets: tuple[timedelta, ...],
             rules: ReminderRules) -> tuple[datetime, datetime] | None:
        """When a meeting must have begun for a reminder ``offsets`` after it to be
        picked (reminders after an event are due ones only, never ahead)."""
        return _held_span(self, offsets, rules)


# Asked once per club and per loan in a run, with the same arguments.
@lru_cache(maxsize=64)
def _events_span(window: Window, offsets: tuple[timedelta, ...],
                 rules: ReminderRules) -> tuple[datetime, datetime] | None:
    if not offsets:
        return None
    slack = rules.quiet_slack
    start = window.now
    if window.since is not None:
        start = max(start, window.since + min(offsets) - slack)
    return start, window.horizon + max(offsets) + slack


@lru_cache(maxsize=64)
def _held_span(window: Window, offsets: tuple[timedelta, ...],
               rules: ReminderRules) -> tuple[datetime, datetime] | None:
    if not offsets:
        return None
    slack = rules.quiet_slack
    earliest = window.now - _AFTER_VALID if window.since is None else window.since
    return earliest - max(offsets) - slack, window.now - min(offsets)


# A reminder after an event (a roll-call still missing) is worth sending this long.
_AFTER_VALID = timedelta(days=1)


def send_times(event_at: datetime, offsets: Iterable[timedelta],
               adjust: ReminderRules) -> list[tuple[str, datetime]]:
    """(offset label, send time) for an event, earliest first.

    Quiet hours can bring two reminders to the same moment (2h and 1h before a
    06:30 check-up both land at 06:00); only the one nearer the event is kept.
    """
    by_time: dict[datetime, tuple[timedelta, str]] = {}
    for offset in offsets:
        at = adjust.adjust_before(event_at - offset, event_at)
        kept = by_time.get(at)
        if kept is None or offset < kept[0]:
            by_time[at] = (offset, format_duration(offset))
    return [(label, at) for at, (_, label) in sorted(by_time.items())]


# ---------------------------------------------------------------- meeting occurrences

# How far the board may move one meeting from the date its rule gives.
MAX_SHIFT = timedelta(days=45)


@dataclass(frozen=True, slots=True)
class MeetingChange:
    """The board's change to one occurrence, named by the date the rule gives."""

    regular_on: date
    cancelled: bool = False
    on: date | None = None
    at: time | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    regular_on: date      # its identity: the date the club's rule gives
    on: date              # when it is held
    at: time | None
    place: str
    cancelled: bool = False
    moved: bool = False

    def starts(self, default: time) -> datetime:
        return datetime.combine(self.on, self.at or default)


def occurrences(rule: MeetingRule, changes: Mapping[date, MeetingChange], start: date,
                end: date, *, include_cancelled: bool = False) -> list[Occurrence]:
    """The club's meetings held in [start, end], with the board's changes applied."""
    # A moved meeting can come from up to MAX_SHIFT away; without changes (most
    # clubs, most of the time) only the window itself needs reading.
    widen = MAX_SHIFT if changes else timedelta()
    found = []
    for regular in meeting_dates(rule, start - widen, end + widen):
        change = changes.get(regular)
        if change is None:
            occurrence = Occurrence(regular, regular, rule.time, rule.place)
        elif change.cancelled:
            occurrence = Occurrence(regular, regular, rule.time, rule.place, cancelled=True)
        else:
            on = change.on or regular
            at = change.at or rule.time
            place = change.place or rule.place
            occurrence = Occurrence(regular, on, at, place,
                                    moved=(on, at) != (regular, rule.time))
        if start <= occurrence.on <= end and (include_cancelled or not occurrence.cancelled):
            found.append(occurrence)
    return sorted(found, key=lambda o: (o.on, o.at or time(0), o.regular_on))


# ---------------------------------------------------------------- what the planner reads


@dataclass(frozen=True, slots=True)
class ClubFacts:
    id: int
    name: str
    rule: MeetingRule
    changes: Mapping[date, MeetingChange] = field(default_factory=dict)
    topics: Mapping[date, str] = field(default_factory=dict)  # by the rule's date


@dataclass(frozen=True, slots=True)
class CheckupFacts:
    id: int
    club_id: int
    on: date
    at: time | None
    what: str
    place: str


@dataclass(frozen=True, slots=True)
class LoanFacts:
    id: int
    club_id: int
    member_id: int
    member_name: str
    loan: Loan
    principal_paid: int
    interest_paid: int


class Audience(StrEnum):
    CLUB = "club"       # every linked account of every member of the club
    BOARD = "board"     # the board's own accounts (not proxies)
    MEMBER = "member"   # the member's accounts, proxies included
    PERSON = "person"   # the member's own accounts only (a volunteer's task names others)
    CHAIR = "chair"     # the chair's own accounts (club.care: a visit long overdue)


@dataclass(frozen=True, slots=True)
class Due:
    """One reminder to hold in the outbox, before it is addressed to accounts."""

    kind: str
    event_key: str
    stem: str
    label: str
    send_at: datetime
    expires_at: datetime   # not sent from this moment on: the event has begun (or is long past)
    audience: Audience
    club_id: int
    member_id: int | None
    event_on: date
    text: str

    def dedup_key(self, channel: str, account_id: str) -> str:
        return f"rem:{self.stem}:{self.label}:{channel}:{account_id}"


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _relative(day: date, sent_on: date) -> str:
    if day == sent_on:
        return texts.REMINDER_TODAY
    if day == sent_on + timedelta(days=1):
        return texts.REMINDER_TOMORROW
    return ""


def _when(day: date, at: time | None, send_at: datetime, now: datetime) -> dict[str, str]:
    # "hôm nay" and "ngày mai" are said from when the message will go out.
    sent_on = max(send_at, now).date()
    return {"relative": _relative(day, sent_on), "date": format_weekday_date(day),
            "lunar": format_lunar(day),
            "time": texts.REMINDER_AT.format(time=f"{at:%H:%M}") if at else ""}


def _place_line(place: str) -> str:
    return "\n" + texts.REMINDER_PLACE.format(place=escape(place)) if place.strip() else ""


def meeting_dues(club: ClubFacts, rules: ReminderRules, window: Window) -> list[Due]:
    span = window.events(rules.meeting_before, rules)
    if span is None:
        return []
    found = []
    for occ in occurrences(club.rule, club.changes, span[0].date(), span[1].date()):
        event_at = occ.starts(rules.day_events_at)
        if not window.now < event_at <= span[1]:
            continue
        event_key = f"meeting:{club.id}:{occ.regular_on.isoformat()}"
        stem = f"{event_key}@{_stamp(event_at)}"
        template = texts.REMINDER_MEETING_MOVED if occ.moved else texts.REMINDER_MEETING
        for label, send_at in window.pick(send_times(event_at, rules.meeting_before, rules)):
            text = (template.format(**_when(occ.on, occ.at, send_at, window.now))
                    + _place_line(occ.place))
            if topic := club.topics.get(occ.regular_on):
                text += "\n" + texts.REMINDER_TOPIC.format(topic=escape(topic))
            found.append(Due("meeting", event_key, stem, label, send_at, event_at,
                             Audience.CLUB, club.id, None, occ.on, text))
    return found


def rollcall_dues(club: ClubFacts, rules: ReminderRules, window: Window) -> list[Due]:
    """Reminders to the board to take the roll-call of a meeting that has been held.

    Whether it was taken is for the caller to check (``event_on`` is the
    meeting's date). Only due ones are returned, never ahead of time, because
    the roll-call may be taken at any moment before.
    """
    span = window.held(rules.rollcall_after, rules)
    if span is None:
        return []
    found = []
    for occ in occurrences(club.rule, club.changes, span[0].date(), span[1].date()):
        event_at = occ.starts(rules.day_events_at)
        event_key = f"rollcall:{club.id}:{occ.regular_on.isoformat()}"
        stem = f"{event_key}@{_stamp(event_at)}"
        times = sorted((rules.adjust_after(event_at + offset), format_duration(offset))
                       for offset in rules.rollcall_after)
        due = [(label, at) for at, label in times if at <= window.now]
        picked = window.pick(due)
        if not picked:
            continue
        label, send_at = picked[-1]
        expires_at = send_at + _AFTER_VALID
        if window.now >= expires_at:
            continue
        text = (texts.REMINDER_ROLLCALL.format(date=format_weekday_date(occ.on))
                + "\n" + texts.REMINDER_ROLLCALL_HOW)
        found.append(Due("rollcall", event_key, stem, label, send_at, expires_at,
                         Audience.BOARD, club.id, None, occ.on, text))
    return found


def checkup_dues(checkup: CheckupFacts, rules: ReminderRules, window: Window) -> list[Due]:
    event_at = datetime.combine(checkup.on, checkup.at or rules.day_events_at)
    if event_at <= window.now:
        return []
    event_key = f"checkup:{checkup.id}"
    stem = f"{event_key}@{_stamp(event_at)}"
    found = []
    for label, send_at in window.pick(send_times(event_at, rules.checkup_before, rules)):
        text = (texts.REMINDER_CHECKUP.format(
            what=escape(checkup.what or texts.CHECKUP_DEFAULT_WHAT),
            **_when(checkup.on, checkup.at, send_at, window.now)) + _place_line(checkup.place))
        found.append(Due("checkup", event_key, stem, label, send_at, event_at,
                         Audience.CLUB, checkup.club_id, None, checkup.on, text))
    return found


@lru_cache(maxsize=65_536)
def _installments(loan: Loan) -> tuple[Installment, ...]:
    # The planner looks at the same loans minute after minute.
    return tuple(schedule(loan))


def installment_dues(facts: LoanFacts, rules: ReminderRules, window: Window) -> list[Due]:
    """Reminders of the borrower's coming installments, unless already paid ahead
    (or the whole loan repaid)."""
    span = window.events(rules.installment_before, rules)
    if span is None or facts.principal_paid >= facts.loan.amount:
        return []
    first, last = span[0].date(), span[1].date()
    found = []
    principal_due = interest_due = 0
    for inst in _installments(facts.loan):
        principal_due += inst.principal
        interest_due += inst.interest
        if inst.due < first:
            continue
        if inst.due > last:
            break
        if principal_due <= facts.principal_paid and interest_due <= facts.interest_paid:
            continue  # paid ahead: nothing to remind
        event_at = datetime.combine(inst.due, rules.day_events_at)
        if not window.now < event_at <= span[1]:
            continue
        event_key = f"installment:{facts.id}:{inst.number}"
        stem = f"{event_key}@{_stamp(event_at)}"
        detail = (texts.REMINDER_INSTALLMENT_DETAIL.format(
            principal=format_vnd(inst.principal), interest=format_vnd(inst.interest))
            if inst.principal else texts.REMINDER_INSTALLMENT_INTEREST_ONLY)
        for label, send_at in window.pick(send_times(event_at, rules.installment_before,
                                                     rules)):
            when = _when(inst.due, None, send_at, window.now)
            text = (texts.REMINDER_INSTALLMENT.format(
                name=escape(facts.member_name), code=escape(facts.loan.code),
                total=format_vnd(inst.total), detail=detail)
                + "\n" + texts.REMINDER_INSTALLMENT_WHEN.format(
                    relative=when["relative"], date=when["date"], lunar=when["lunar"]))
            found.append(Due("installment", event_key, stem, label, send_at, event_at,
                             Audience.MEMBER, facts.club_id, facts.member_id, inst.due, text))
    return found


def deadline_dues(club_id: int, rules: ReminderRules, window: Window) -> list[Due]:
    """The six-month and annual reports the club owes the commune Association,
    due ``club_report_before`` ahead of the commune's own deadline. (storage
    adds the report's figures to the text: they are not the planner's to read.)"""
    span = window.events(rules.report_before, rules)
    if span is None:
        return []
    found = []
    for year in range(span[0].year, span[1].year + 1):
        for report, (day, month), name in (
            ("six_month", rules.six_month_report_due, texts.REPORT_SIX_MONTH),
            ("annual", rules.annual_report_due, texts.REPORT_ANNUAL),
        ):
            commune_due = date(year, month, day)
            due_on = commune_due - rules.club_report_before
            event_at = datetime.combine(due_on, rules.day_events_at)
            if not window.now < event_at <= span[1]:
                continue
            event_key = f"deadline:{club_id}:{report}:{year}"
            stem = f"{event_key}@{_stamp(event_at)}"
            for label, send_at in window.pick(send_times(event_at, rules.report_before, rules)):
                when = _when(due_on, None, send_at, window.now)
                text = (texts.REMINDER_DEADLINE.format(
                    report=name.format(year=year), relative=when["relative"],
                    date=when["date"], lunar=when["lunar"])
                    + "\n" + texts.REMINDER_DEADLINE_WHERE.format(
                        commune_date=format_date(commune_due)))
                found.append(Due("deadline", event_key, stem, label, send_at, event_at,
                                 Audience.BOARD, club_id, None, due_on, text))
    return found


def plan(clubs: Iterable[ClubFacts], checkups: Iterable[CheckupFacts],
         loans: Iterable[LoanFacts], rules: ReminderRules, window: Window) -> list[Due]:
    """Every reminder the window wants, roll-calls not yet checked against attendance."""
    found: list[Due] = []
    for club in clubs:
        found += meeting_dues(club, rules, window)
        found += rollcall_dues(club, rules, window)
        found += deadline_dues(club.id, rules, window)
    for checkup in checkups:
        found += checkup_dues(checkup, rules, window)
    for facts in loans:
        found += installment_dues(facts, rules, window)
    return found


# ---------------------------------------------------------------- a date and time as typed

_TYPED_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?")
_TYPED_TIME = re.compile(r"(\d{1,2})\s*(?::|h|g|gio)\s*(\d{2})?(?!\d)")


def parse_when(text: str, today: date) -> tuple[date, time | None]:
    """A new date and time as a board member types it.

    "20/12/2026 14:00", "20/12 14h", "ngày 20-12 lúc 7h30": day first; a year
    left out means the next such date from ``today`` on; the time may be
    left out (None).
    """
    folded = fold(text)
    match = _TYPED_DATE.search(folded)
    if match is None:
        raise ValueError(f"no date in {text!r}")
    day, month = int(match[1]), int(match[2])
    rest = folded[:match.start()] + " " + folded[match.end():]
    if match[3]:
        year = int(match[3])
        year += 2000 if year < 100 else 0
        on = date(year, month, day)
    else:
        on = date(today.year, month, day)
        if on < today:
            on = date(today.year + 1, month, day)
    at = None
    found = _TYPED_TIME.search(rest)
    if found:
        hour, minute = int(found[1]), int(found[2] or 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"no such time in {text!r}")
        at = time(hour, minute)
    return on, at
