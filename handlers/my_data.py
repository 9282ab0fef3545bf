"""📄 Dữ liệu cá nhân: everything the club holds about the member, in plain
Vietnamese, and as an Excel file she or her relative can keep.

The chat answer is short — a line per kind of record, and who looked at her
health data in the last twelve months; the file holds every row
(storage/my_data.py). A relative's look is written to the access log when it
shows her health readings.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from club import texts
from club.calendar import format_date
from club.money import format_vnd
from club.text import fold
from handlers.context import Services
from handlers.conversation import Attachment, Button, Reply, Rows, Turn
from handlers.menu import ask_to_link, main_menu, with_menu
from storage import access_log, my_data
from storage.accounts import Account, LinkedMember
from storage.my_data import MyData

SHOWN_VIEWS = 8  # lines of "who looked" in chat; the file has them all


def _day(stamp: str) -> str:
    return format_date(date.fromisoformat(stamp[:10]))


def _when(stamp: str) -> str:
    return datetime.fromisoformat(stamp).strftime("%H:%M %d/%m/%Y")


def summary(data: MyData) -> str:
    p = data.person
    name = escape(data.name)
    facts = [escape(str(p["gender"])) if p["gender"] else ""]
    if p["birth_year"]:
        facts.append(texts.MY_DATA_BORN.format(year=p["birth_year"]))
    if p["phone"]:
        facts.append(texts.MY_DATA_PHONE.format(phone=p["phone"]))
    if p["team"]:  # books write "1" or "Tổ 1"
        team = escape(str(p["team"]))
        facts.append(team if fold(team).startswith("to ") else
                     texts.MY_DATA_TEAM.format(team=team))
    if p["role"]:
        facts.append(texts.MY_DATA_ROLE.format(role=escape(str(p["role"]))))
    if p["joined_on"]:
        facts.append(texts.MY_DATA_JOINED.format(date=_day(p["joined_on"])))
    if p["left_on"]:
        facts.append(texts.MY_DATA_LEFT.format(date=_day(p["left_on"])))
    lines = [texts.MY_DATA_HEAD.format(name=name, code=escape(data.code),
                                       club=escape(data.club_name)),
             texts.MY_DATA_PERSON.format(facts=", ".join(f for f in facts if f)),
             texts.MY_DATA_CASH.format(count=len(data.cash), savings=format_vnd(data.savings)),
             texts.MY_DATA_LOANS.format(count=len(data.loans)),
             texts.MY_DATA_ATTENDANCE.format(count=len(data.attendance))]
    if data.consent_since is not None:
        lines.append(texts.MY_DATA_HEALTH.format(count=len(data.health),
                                                 date=_day(data.consent_since)))
    elif data.health_held:
        lines.append(texts.MY_DATA_HEALTH_HIDDEN.format(count=data.health_held))
    else:
        lines.append(texts.MY_DATA_HEALTH_NONE)
    lines.append(texts.MY_DATA_ACCOUNTS.format(
        count=len(data.accounts), relatives=sum(proxy for _, proxy, _, _ in data.accounts)))
    if data.reports:
        lines.append(texts.MY_DATA_REPORTS.format(count=len(data.reports)))
    if data.messages:
        lines.append(texts.MY_DATA_MESSAGES.format(count=len(data.messages)))
    if data.requests:
        lines.append(texts.MY_DATA_REQUESTS.format(count=len(data.requests)))
    lines.append(texts.MY_DATA_WHY.format(name=name))
    if data.views:
        lines.append(texts.MY_DATA_VIEWS_HEAD)
        for view in data.views[:SHOWN_VIEWS]:
            lines.append(texts.MY_DATA_VIEW_LINE.format(
                when=_when(view.at), who=escape(my_data.viewer_words(view))))
        if len(data.views) > SHOWN_VIEWS:
            lines.append(texts.MY_DATA_VIEWS_MORE.format(count=len(data.views) - SHOWN_VIEWS))
    else:
        lines.append(texts.MY_DATA_VIEWS_NONE.format(name=name))
    return "\n".join(lines)


def choices(member_id: int, prefix: str) -> Rows:
    return ((Button(texts.BTN_MY_DATA_FILE, f"{prefix}:file:{member_id}"),),)


async def _load(turn: Turn, account: Account, services: Services,
                link: LinkedMember) -> MyData | None:
    data = await my_data.gather(services.db, link.member_id, now=services.now())
    if data is not None and link.proxy and data.health:
        # A relative was shown her health readings (in the file, or their count).
        await access_log.record(
            services.db, club_id=link.club_id, member_id=link.member_id,
            viewer_kind=access_log.RELATIVE, viewer=f"{turn.channel}:{turn.account_id}",
            what=access_log.MY_DATA, now=services.now())
    return data


async def screen(turn: Turn, account: Account, services: Services, *,
                 prefix: str, extra: Rows = ()) -> list[Reply]:
    """The summary of what is held about the member the account looks at."""
    link = account.active
    if link is None:
        return [ask_to_link()]
    data = await _load(turn, account, services, link)
    if data is None:
        return [ask_to_link()]
    return [with_menu(summary(data), account, choices=choices(link.member_id, prefix) + extra)]


async def file(turn: Turn, account: Account, services: Services, member_id: int) -> list[Reply]:
    """The whole of it as a workbook; only for an account linked to her."""
    link = next((li for li in account.links if li.member_id == member_id), None)
    if link is None:
        return [with_menu(texts.STALE_CHOICE, account)]
    data = await _load(turn, account, services, link)
    if data is None:
        return [ask_to_link()]
    today = services.now().date()
    filename = texts.MY_DATA_FILENAME.format(code=data.code, date=today.strftime("%Y%m%d"))
    content = my_data.workbook(data, today=today)
    return [Reply(text=texts.MY_DATA_FILE_SENT.format(filename=filename),
                  keyboard=main_menu(account),
                  attachment=Attachment(filename, content))]
