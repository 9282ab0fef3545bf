"""❤️ Sức khỏe: the last reading with its date, a short trend, and a gentle
flag when high. The bot shows numbers and who to see; it never diagnoses.

Health readings are shown only while the member agrees to the club keeping
them (storage/consent.py). The first time she — or a relative she linked —
opens this screen, she is asked in three short lines, with "✅ Đồng ý" /
"Không đồng ý"; "🚫 Rút đồng ý sức khỏe" under "❓ Hướng dẫn" withdraws in one
tap. A relative's look at her readings is written to the access log.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape

from club import address, texts
from club.calendar import format_date
from club.health import BloodPressure, BpLevel, Trend, bp_trend, classify
from club.phone import format_phone
from handlers.charts import health_chart
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.menu import ask_to_link, with_menu
from storage import access_log, consent
from storage.accounts import Account, LinkedMember
from storage.consent import Decision, How, MemberLeft
from storage.member_file import MemberFile

PREFIX = "cs"
YES, NO, WITHDRAW = "yes", "no", "withdraw"
WITHDRAW_CHOICE = f"{PREFIX}:{WITHDRAW}"

# How the latest reading is said, by its category: never softer than it is.
LEVEL_TEXT = {
    BpLevel.NORMAL: texts.HEALTH_NORMAL,
    BpLevel.HIGH_NORMAL: texts.HEALTH_HIGH_NORMAL,
    BpLevel.GRADE_1: texts.HEALTH_GRADE_1,
    BpLevel.GRADE_2: texts.HEALTH_GRADE_2,
    BpLevel.GRADE_3: texts.HEALTH_GRADE_3,
}
_TREND_TEXT = {
    Trend.UP: texts.HEALTH_TREND_UP,
    Trend.DOWN: texts.HEALTH_TREND_DOWN,
    Trend.STEADY: texts.HEALTH_TREND_STEADY,
}


def _kg(weight_dg: int) -> str:
    return f"{weight_dg / 10:g}".replace(".", ",")


def render(file: MemberFile, you: str | None = None) -> str:
    """The readings (the file holds them only when she agreed); ``you`` is how
    its reader calls the member (default: her own title)."""
    with_bp = [h for h in file.health if h.systolic is not None and h.diastolic is not None]
    if not file.health:
        return texts.HEALTH_NONE.format(name=escape(file.member.name),
                                        you=escape(you or file.address))
    latest = file.health[0]
    lines = []
    if with_bp and with_bp[0] is latest:
        bp = BloodPressure(latest.systolic, latest.diastolic)  # type: ignore[arg-type]
        lines.append(texts.HEALTH_BP.format(
            bp=str(bp), date=format_date(date.fromisoformat(latest.taken_on))))
    if latest.weight_dg is not None:
        lines.append(texts.HEALTH_WEIGHT.format(kg=_kg(latest.weight_dg)))
    if with_bp and with_bp[0] is latest:
        readings = [BloodPressure(h.systolic, h.diastolic)  # type: ignore[arg-type]
                    for h in reversed(with_bp)]
        trend = bp_trend(readings)
        if trend is not None:
            lines.append(_TREND_TEXT[trend])
        lines.append(LEVEL_TEXT[classify(readings[-1])])
    lines.append(texts.HEALTH_NOTE)
    return "\n".join(lines)


def consent_choices(member_id: int) -> Rows:
    return ((Button(texts.BTN_CONSENT_YES, f"{PREFIX}:{YES}:{member_id}"),
             Button(texts.BTN_CONSENT_NO, f"{PREFIX}:{NO}:{member_id}")),)


def ask_consent(file: MemberFile, link: LinkedMember, account: Account) -> Reply:
    """The three lines and the question, for her or for a relative to read to her."""
    name = escape(file.member.name)
    lines = []
    if file.health_consent in (Decision.DECLINE, Decision.WITHDRAW):
        lines.append(texts.HEALTH_NOT_AGREED.format(name=name))
    if file.health_held:
        lines.append(texts.HEALTH_HELD_HIDDEN.format(count=file.health_held, name=name))
    if link.proxy:
        lines.append(texts.HEALTH_CONSENT_FOR.format(name=name))
    # The words are addressed to her, whoever reads them out.
    called = address.fields(file.address)
    lines += [texts.HEALTH_CONSENT_WORDS.format(**called),
              texts.HEALTH_CONSENT_QUESTION.format(**called)]
    return with_menu("\n".join(lines), account, choices=consent_choices(file.member.id))


async def screen(file: MemberFile, account: Account, turn: Turn, services: Services,
                 you: str | None = None) -> Reply:
    """❤️ Sức khỏe for the member the account is looking at."""
    link = account.active
    assert link is not None
    if file.health_consent != Decision.AGREE:
        return ask_consent(file, link, account)
    if link.proxy and file.health:
        await access_log.record(
            services.db, club_id=file.club.id, member_id=file.member.id,
            viewer_kind=access_log.RELATIVE, viewer=f"{turn.channel}:{turn.account_id}",
            what=access_log.HEALTH_SCREEN, now=services.now())
    called = you or account.you(services.now().date())
    text = services.screens.text(file, ("health", called), lambda: _with_care(file, called))
    # The readings' picture too (handlers/charts.py); it is reached only past
    # the consent check above, so none is ever drawn or sent without it.
    return with_menu(text, account, image=health_chart(file, services.charts))


def _with_care(file: MemberFile, you: str) -> str:
    """The readings, then who visits her at home and when they last came."""
    text = render(file, you)
    visits = care_lines(file, you)
    return f"{text}\n\n{visits}" if visits else text


def care_lines(file: MemberFile, you: str) -> str:
    """Who visits the member at home and when they last came, for her and her family."""
    plan = file.care
    if plan is None:
        return ""
    lines = [texts.HEALTH_CARE.format(
        you=you, volunteer=escape(plan.volunteer_name), weeks=plan.rhythm_weeks,
        phone=format_phone(plan.volunteer_phone) if plan.volunteer_phone else "—")]
    lines.append(texts.HEALTH_CARE_LAST.format(
        date=format_date(date.fromisoformat(plan.last_visit)))
                 if plan.last_visit else texts.HEALTH_CARE_NEVER)
    return "\n".join(lines)


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    """"✅ Đồng ý" / "Không đồng ý" under the question, and the withdrawal under help."""
    if not account.links:
        return [ask_to_link()]
    parts = turn.choice.split(":")
    if parts[1:] == [WITHDRAW]:
        return [await withdraw(turn, account, services)]
    if len(parts) != 3 or parts[1] not in (YES, NO) or not parts[2].isdigit():
        return [with_menu(texts.STALE_CHOICE, account)]
    member_id = int(parts[2])
    link = next((li for li in account.links if li.member_id == member_id), None)
    if link is None:  # button data proves nothing: only a linked member's question counts
        return [with_menu(texts.STALE_CHOICE, account)]
    decision = Decision.AGREE if parts[1] == YES else Decision.DECLINE
    name = escape(link.name)
    try:
        await consent.record(services.db, member_id=member_id, decision=decision,
                             how=How.RELATIVE if link.proxy else How.CHAT,
                             actor=f"{turn.channel}:{turn.account_id}", now=services.now())
    except MemberLeft:
        return [with_menu(texts.CONSENT_MEMBER_LEFT.format(name=name), account)]
    if decision is Decision.DECLINE:
        return [with_menu(texts.CONSENT_DECLINED.format(name=name), account)]
    thanks = texts.CONSENT_AGREED.format(name=name)
    if account.active is not None and account.active.member_id == member_id:
        file = await services.reader.member_file(member_id, services.now().date())
        if file is not None:  # one message: the thanks, then what she asked to see
            you = address.you(file.address, file.member.name, named=not account.reader_is_member)
            shown = await screen(file, account, turn, services, you)
            return [replace(shown, text=thanks + "\n\n" + shown.text)]
    return [with_menu(thanks, account)]


async def withdraw(turn: Turn, account: Account, services: Services) -> Reply:
    """One tap: the member (or a relative for her) no longer agrees."""
    link = account.active
    assert link is not None
    name = escape(link.name)
    current = await consent.latest(services.db, link.member_id)
    if current is None or not current.given:
        return with_menu(texts.CONSENT_NOTHING_TO_WITHDRAW.format(name=name), account)
    try:
        await consent.record(services.db, member_id=link.member_id, decision=Decision.WITHDRAW,
                             how=How.RELATIVE if link.proxy else How.CHAT,
                             actor=f"{turn.channel}:{turn.account_id}", now=services.now())
    except MemberLeft:
        return with_menu(texts.CONSENT_MEMBER_LEFT.format(name=name), account)
    return with_menu(texts.CONSENT_WITHDRAWN.format(name=name), account)
