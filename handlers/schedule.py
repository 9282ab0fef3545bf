"""📅 Lịch họp: the next meeting from the club's rule, the next check-up, and
how many of the last meetings the member came to."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from html import escape

from club import address, texts
from club.calendar import MeetingRule, format_date, format_lunar, format_weekday_date, parse_time
from club.reminders import Occurrence, occurrences
from storage.meetings import change_from_row
from storage.member_file import ClubInfo, MemberFile

LOOKAHEAD = timedelta(days=120)  # a few meetings, even if some are cancelled


# Every screen that names a meeting asks for it; a club's rule changes only
# with its ClubInfo (a frozen value, so a changed club is a new key).
@lru_cache(maxsize=4096)
def club_rule(club: ClubInfo) -> MeetingRule:
    try:
        at = parse_time(club.meeting_time) if club.meeting_time else None
    except ValueError:
        at = None
    return MeetingRule(day=club.meeting_day, lunar=club.meeting_lunar, time=at,
                       place=club.meeting_place)


def next_occurrences(file: MemberFile, now: datetime) -> list[Occurrence]:
    """Meetings not yet begun, with the board's moves and cancellations applied."""
    rule = club_rule(file.club)
    changes = {c.regular_on: c for c in map(change_from_row, file.meeting_changes)}
    found = occurrences(rule, changes, now.date(), now.date() + LOOKAHEAD,
                        include_cancelled=True)
    return [o for o in found if o.starts(time(23, 59)) > now]


def render(file: MemberFile, now: datetime, you: str | None = None) -> str:
    """The meetings screen; ``you`` is how its reader calls the member (default: her own title)."""
    called = address.fields(escape(you or file.address))
    ahead = next_occurrences(file, now)
    lines = []
    if ahead and ahead[0].cancelled:  # say so, or members would come on the old day
        lines.append(texts.MEETING_NOTE_CANCELLED.format(date=format_weekday_date(ahead[0].on)))
    held = next((o for o in ahead if not o.cancelled), None)
    if held is not None:
        time_part = (texts.MEETING_TIME.format(time=held.at.strftime("%H:%M"))
                     if held.at else "")
        lines.append(texts.MEETING_NEXT.format(
            date=format_weekday_date(held.on), lunar=format_lunar(held.on), time=time_part))
        if held.moved:
            lines.append(texts.MEETING_NOTE_MOVED.format(regular=format_date(held.regular_on)))
        if held.place:
            lines.append(texts.MEETING_PLACE.format(place=escape(held.place)))
        topic = dict(file.meeting_topics).get(held.regular_on.isoformat())
        if topic:
            lines.append(texts.MEETING_TOPIC.format(topic=escape(topic)))

    upcoming = [c for c in file.checkups if date.fromisoformat(c.held_on) >= now.date()]
    if upcoming:
        c = upcoming[0]
        lines.append(texts.CHECKUP_NEXT.format(
            what=escape(c.what), date=format_weekday_date(date.fromisoformat(c.held_on)),
            time=texts.MEETING_TIME.format(time=c.time) if c.time else "",
            place=texts.CHECKUP_PLACE.format(place=escape(c.place)) if c.place else ""))
    else:
        lines.append(texts.CHECKUP_NONE)

    marked = [status for _, status in file.attendance if status is not None]
    if marked:
        lines.append(texts.ATTENDANCE.format(
            **called, present=sum(1 for s in marked if s == "present"), total=len(marked)))
    else:
        lines.append(texts.ATTENDANCE_NONE.format(**called))
    return "\n".join(lines)
