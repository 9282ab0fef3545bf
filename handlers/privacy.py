"""What the member controls about her data, under "❓ Hướng dẫn".

The help answer carries, besides the reminders' two buttons, the member's
privacy choices: her data ("📄 Dữ liệu cá nhân", with asking for a correction
or for deletion under it), the relatives who see her books ("👪 Người nhà xem
sổ", each of which she can end herself), and withdrawing her consent to
health readings in one tap. Drawing them needs no database read (help is the
cheapest screen); every tap is checked against the account's links again,
since button data proves nothing. Corrections and deletion are asked here and
met by the chair (handlers/privacy_board.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from html import escape

from club import texts
from club.calendar import format_date
from handlers import flows, health, my_data
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn
from handlers.intents import Intent
from handlers.menu import ask_to_link, with_menu
from storage import forget, relatives
from storage.accounts import Account, LinkedMember
from storage.conversation import FlowState, clear_state

PREFIX = "pv"
RELATIVES = f"{PREFIX}:relatives"
MY_DATA = f"{PREFIX}:data"
INTENTS = (Intent.RELATIVES, Intent.MY_DATA)
CORRECTION_WAITS = timedelta(hours=1)  # a question left longer than this is dropped
MIN_CORRECTION, MAX_CORRECTION = 5, 300

_ROWS: Rows = (
    (Button(texts.BTN_MY_DATA, MY_DATA), Button(texts.BTN_RELATIVES, RELATIVES)),
    (Button(texts.BTN_WITHDRAW_CONSENT, health.WITHDRAW_CHOICE),),
)


def with_choices(reply: Reply, account: Account) -> Reply:
    """The help answer, with a word on privacy and its choices, for a linked account."""
    if not account.links:
        return reply
    return replace(reply, text=reply.text + "\n\n" + texts.HELP_PRIVACY,
                   choices=reply.choices + _ROWS)


async def on_intent(intent: Intent, turn: Turn, account: Account,
                    services: Services) -> list[Reply]:
    if intent is Intent.MY_DATA:
        return await _my_data(turn, account, services)
    return await _relatives(account, services)


async def _my_data(turn: Turn, account: Account, services: Services) -> list[Reply]:
    link = account.active
    extra: Rows = ()
    if link is not None and not link.proxy:
        extra = ((Button(texts.BTN_CORRECT, f"{PREFIX}:correct:{link.member_id}"),
                  Button(texts.BTN_DELETE, f"{PREFIX}:delete:{link.member_id}")),)
    return await my_data.screen(turn, account, services, prefix=PREFIX, extra=extra)


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if not account.links:
        return [ask_to_link()]
    parts = turn.choice.split(":")
    if turn.choice == RELATIVES:
        return await _relatives(account, services)
    if turn.choice == MY_DATA:
        return await _my_data(turn, account, services)
    if len(parts) == 3 and parts[2].isdigit():
        member_id = int(parts[2])
        if parts[1] == "file":
            return await my_data.file(turn, account, services, member_id)
        if parts[1] == "correct":
            return await _ask_correction(turn, account, services, member_id)
        if parts[1] in ("delete", "deleteok"):
            return await _deletion(turn, account, services, member_id,
                                   confirmed=parts[1] == "deleteok")
    if len(parts) == 3 and parts[1].isdigit() and parts[2] == "x":  # ✖️ Thôi under a question
        await clear_state(services.db, turn.channel, turn.account_id, int(parts[1]))
        return [with_menu(texts.REQUEST_NOT_SENT, account)]
    if len(parts) == 5 and parts[1] in ("end", "endok") and parts[2].isdigit():
        return await _end(turn, account, services, int(parts[2]), parts[3], parts[4],
                          confirmed=parts[1] == "endok")
    if parts[1:] == ["keep"]:
        return [with_menu(texts.RELATIVE_KEPT, account)]
    if parts[1:] == ["notsent"]:
        return [with_menu(texts.REQUEST_NOT_SENT, account)]
    return [with_menu(texts.STALE_CHOICE, account)]


def _as_member(account: Account, member_id: int | None = None) -> LinkedMember | None:
    """The link through which the account speaks as the member herself (not as a relative)."""
    wanted = member_id if member_id is not None else (
        account.active.member_id if account.active else None)
    return next((li for li in account.links if li.member_id == wanted and not li.proxy), None)


def _channel(name: str) -> str:
    return texts.CHANNEL_NAMES.get(name, name)


def _day(stamp: str) -> str:
    return format_date(date.fromisoformat(stamp[:10]))


async def _relatives(account: Account, services: Services) -> list[Reply]:
    if not account.links:
        return [ask_to_link()]
    active = account.active
    assert active is not None
    own = _as_member(account)
    if own is None:  # a relative may not see or change who else helps her
        return [with_menu(texts.RELATIVES_ONLY_MEMBER.format(name=escape(active.name)),
                          account)]
    found = await relatives.of_member(services.db, own.member_id)
    name = escape(own.name)
    if not found:
        return [with_menu(texts.RELATIVES_NONE.format(name=name), account)]
    lines = [texts.RELATIVES_HEAD.format(name=name)]
    buttons = []
    for number, relative in enumerate(found, 1):
        lines.append(texts.RELATIVE_LINE.format(number=number, channel=_channel(
            relative.channel), date=_day(relative.linked_at)))
        buttons.append((Button(texts.BTN_END_RELATIVE.format(number=number),
                               f"{PREFIX}:end:{own.member_id}:{relative.key}:{number}"),))
    lines.append(texts.RELATIVES_HOW_END)
    return [with_menu("\n".join(lines), account, choices=tuple(buttons))]


async def _end(turn: Turn, account: Account, services: Services, member_id: int, key: str,
               number: str, *, confirmed: bool) -> list[Reply]:
    own = _as_member(account, member_id)
    if own is None or not number.isdigit():
        return [with_menu(texts.STALE_CHOICE, account)]
    name = escape(own.name)
    current = next((r for r in await relatives.of_member(services.db, member_id)
                    if r.key == key), None)
    if current is None:
        return [with_menu(texts.RELATIVE_ALREADY_ENDED.format(name=name), account)]
    if not confirmed:
        return [with_menu(
            texts.RELATIVE_END_CONFIRM.format(number=number, channel=_channel(current.channel),
                                              date=_day(current.linked_at), name=name),
            account, choices=((Button(texts.BTN_YES_END_RELATIVE,
                                      f"{PREFIX}:endok:{member_id}:{key}:{number}",
                                      primary=True),
                               Button(texts.BTN_NO, f"{PREFIX}:keep")),))]
    ended = await relatives.end_link(services.db, member_id=member_id, key=key,
                                     actor=f"{turn.channel}:{turn.account_id}",
                                     now=services.now())
    if ended is None:
        return [with_menu(texts.RELATIVE_ALREADY_ENDED.format(name=name), account)]
    return [with_menu(texts.RELATIVE_ENDED.format(number=number, name=name), account)]


# ---------------------------------------------------------------- correction and deletion

def _when(now: datetime) -> str:
    return now.strftime("%H:%M %d/%m/%Y")


async def _ask_correction(turn: Turn, account: Account, services: Services,
                          member_id: int) -> list[Reply]:
    own = _as_member(account, member_id)
    if own is None:
        return [_only_member(account)]
    state = await flows.begin_own(services, turn, PREFIX,
                                  {"step": "correct", "member_id": member_id})
    return [with_menu(texts.CORRECT_ASK.format(name=escape(own.name)), account, choices=(
        (Button(texts.BTN_CANCEL, f"{PREFIX}:{state.version}:x"),),))]


async def on_text(turn: Turn, account: Account, state: FlowState,
                  services: Services) -> list[Reply]:
    """What she typed after "✏️ Báo thông tin sai": sent to the chair as her request."""
    now = services.now()
    own = _as_member(account, state.data.get("member_id"))
    stale = state.updated_at and datetime.fromisoformat(state.updated_at) < now - CORRECTION_WAITS
    if own is None or state.data.get("step") != "correct" or stale:
        await clear_state(services.db, turn.channel, turn.account_id, state.version)
        return [with_menu(texts.STALE_CHOICE, account) if account.links else ask_to_link()]
    detail = " ".join(turn.text.split())[:MAX_CORRECTION]
    if len(detail) < MIN_CORRECTION:
        return [with_menu(texts.CORRECT_TOO_SHORT, account, choices=(
            (Button(texts.BTN_CANCEL, f"{PREFIX}:{state.version}:x"),),))]
    file = await services.reader.member_file(own.member_id, now.date())
    code = file.member.code if file is not None else ""
    request, new = await forget.ask(
        services.db, member_id=own.member_id, kind=forget.CORRECT, detail=detail,
        requested_by=f"{turn.channel}:{turn.account_id}", now=now,
        notice=texts.PRIVACY_NOTICE_CORRECT.format(name=escape(own.name), code=escape(code),
                                                   when=_when(now), detail=escape(detail)))
    await clear_state(services.db, turn.channel, turn.account_id, state.version)
    _wake(services)
    day = _day(request.requested_at)
    return [with_menu((texts.CORRECT_SENT if new else texts.CORRECT_ALREADY).format(date=day),
                      account)]


async def _deletion(turn: Turn, account: Account, services: Services, member_id: int, *,
                    confirmed: bool) -> list[Reply]:
    own = _as_member(account, member_id)
    if own is None:
        return [_only_member(account)]
    name = escape(own.name)
    if not confirmed:
        return [with_menu(texts.DELETE_EXPLAIN.format(name=name), account, choices=(
            (Button(texts.BTN_DELETE_SEND, f"{PREFIX}:deleteok:{member_id}", primary=True),
             Button(texts.BTN_NO, f"{PREFIX}:notsent")),))]
    now = services.now()
    file = await services.reader.member_file(member_id, now.date())
    code = file.member.code if file is not None else ""
    request, new = await forget.ask(
        services.db, member_id=member_id, kind=forget.DELETE, detail="",
        requested_by=f"{turn.channel}:{turn.account_id}", now=now,
        notice=texts.PRIVACY_NOTICE_DELETE.format(name=name, code=escape(code),
                                                  when=_when(now)))
    _wake(services)
    day = _day(request.requested_at)
    return [with_menu((texts.DELETE_SENT if new else texts.DELETE_ALREADY).format(date=day),
                      account)]


def _only_member(account: Account) -> Reply:
    active = account.active
    name = escape(active.name) if active else ""
    return with_menu(texts.REQUEST_ONLY_MEMBER.format(name=name), account)


def _wake(services: Services) -> None:
    if services.outbox_ready is not None:
        services.outbox_ready()
