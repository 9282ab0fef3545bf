"""🔕 Tắt nhắc nhở / 🔔 Bật nhắc nhở: a person stops or restarts the reminders.

The choice is per chat account: a relative helping a member decides for their
own phone, the member for theirs. It is stored in the database, so it holds
across restarts, and it takes effect at once (reminders already waiting are
cancelled). Notices from the board still arrive: they are not reminders.

The "❓ Hướng dẫn" answer ends with the current state and one button that
changes it (after the member's privacy word; her privacy choices follow the
button), so the main menu keeps its six big buttons; a tap redraws that
answer in place with the new state and the opposite button. Typed words work
too ("tat nhac nho", "bat nhac").
"""

from __future__ import annotations

from dataclasses import replace

from club import texts
from handlers import privacy
from handlers.context import Services
from handlers.conversation import Button, Reply, Turn
from handlers.intents import Intent
from handlers.menu import ask_to_link, with_menu
from storage import reminders
from storage.accounts import Account

PREFIX = "rm"
PAUSE = f"{PREFIX}:pause"
RESUME = f"{PREFIX}:resume"
INTENTS = (Intent.PAUSE_REMINDERS, Intent.RESUME_REMINDERS)

_PAUSE_ROW = ((Button(texts.BTN_PAUSE_REMINDERS, PAUSE),),)
_RESUME_ROW = ((Button(texts.BTN_RESUME_REMINDERS, RESUME),),)


def help_answer(text: str, account: Account) -> Reply:
    """The help answer; for a linked account, with the reminders' state and its switch."""
    return _with_state(text, account, paused=account.reminders_paused)


def _with_state(text: str, account: Account, *, paused: bool, edit: bool = False) -> Reply:
    state = texts.REMINDERS_STATE_OFF if paused else texts.REMINDERS_STATE_ON
    # The help answer also carries the member's privacy word and choices
    # (handlers/privacy.py), redrawn with it; the state line stays last, just
    # above its switch.
    reply = privacy.with_choices(
        with_menu(text, account, choices=_RESUME_ROW if paused else _PAUSE_ROW), account)
    # Its switches stay valid whenever tapped (each is checked again on the
    # server): a standing menu, not a question to take away afterwards.
    return replace(reply, text=reply.text + "\n\n" + state, edit=edit, standing=True)


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if turn.choice not in (PAUSE, RESUME):
        return [with_menu(texts.STALE_CHOICE, account) if account.links else ask_to_link()]
    if not account.links:
        return [ask_to_link()]
    paused = turn.choice == PAUSE
    await _set(turn, account, services, paused=paused)
    # The help answer whose switch was tapped, redrawn with the new state.
    return [_with_state(texts.HELP, account, paused=paused, edit=True)]


async def on_intent(intent: Intent, turn: Turn, account: Account,
                    services: Services) -> list[Reply]:
    if not account.links:
        return [ask_to_link()]
    paused = intent is Intent.PAUSE_REMINDERS
    await _set(turn, account, services, paused=paused)
    return [with_menu(texts.REMINDERS_PAUSED if paused else texts.REMINDERS_RESUMED, account)]


async def _set(turn: Turn, account: Account, services: Services, *, paused: bool) -> None:
    member = account.active.member_id if account.active else None
    if paused:
        await reminders.pause(services.db, turn.channel, turn.account_id, member,
                              now=services.now())
        return
    await reminders.resume(services.db, turn.channel, turn.account_id, member,
                           now=services.now())
    # What is due soon (a meeting in two hours) should reach them now, not next cycle.
    if services.replan_club is not None:
        for club_id in sorted({link.club_id for link in account.links}):
            await services.replan_club(club_id)
