"""📅 Lịch họp: the next meeting from the club's rule, the next check-up, and
how many of the last meetings the member came to."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from club import texts
from club.calendar import MeetingRule, format_lunar, format_weekday_date, next_meeting, parse_time
from storage.member_file import ClubInfo, MemberFile


def club_rule(club: ClubInfo) -> MeetingRule:
    try:
        at = parse_time(club.meeting_time) if club.meeting_time else None
    except ValueError:
        at = None
    return MeetingRule(day=club.meeting_day, lunar=club.meeting_lunar, time=at,
                       place=club.meeting_place)


def render(file: MemberFile, now: datetime) -> str:
    rule = club_rule(file.club)
    day = next_meeting(rule, now)
    time_part = texts.MEETING_TIME.format(time=rule.time.strftime("%H:%M")) if rule.time else ""
    lines = [texts.MEETING_NEXT.format(
        date=format_weekday_date(day), lunar=format_lunar(day), time=time_part)]
    if rule.place:
        lines.append(texts.MEETING_PLACE.format(place=escape(rule.place)))

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
            present=sum(1 for s in marked if s == "present"), total=len(marked)))
    else:
        lines.append(texts.ATTENDANCE_NONE)
    return "\n".join(lines)
