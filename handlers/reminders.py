"""🔕 Tắt nhắc nhở / 🔔 Bật nhắc nhở: a person stops or restarts the reminders.

The choice is per chat account: a relative helping a member decides for their
own phone, the member for theirs. It is stored in the database, so it holds
across restarts, and it takes effect at once (reminders already waiting are
cancelled). Notices from the board still arrive: they are not reminders.

Both buttons sit under the "❓ Hướng dẫn" answer, so the main menu keeps its
six big buttons and the help screen needs no database read to draw them;
typed words work too ("tat nhac nho", "bat nhac").
"""

from __future__ import annotations

from dataclasses import replace

from club import texts
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

_CHOICES = ((Button(texts.BTN_PAUSE_REMINDERS, PAUSE), Button(texts.BTN_RESUME_REMINDERS, RESUME)),)


def with_choices(reply: Reply, account: Account) -> Reply:
    """The help answer, with the two buttons under it for a linked account."""
    return replace(reply, choices=_CHOICES) if account.links else reply


async def on_choice(turn: Turn, account: Account, services: Services) -> list[Reply]:
    if turn.choice == PAUSE:
        return await _set(turn, account, services, paused=True)
    if turn.choice == RESUME:
        return await _set(turn, account, services, paused=False)
    return [with_menu(texts.STALE_CHOICE, account) if account.links else ask_to_link()]


async def on_intent(intent: Intent, turn: Turn, account: Account,
                    services: Services) -> list[Reply]:
    return await _set(turn, account, services, paused=intent is Intent.PAUSE_REMINDERS)


async def _set(turn: Turn, account: Account, services: Services, *, paused: bool) -> list[Reply]:
    if not account.links:
        return [ask_to_link()]
    member = account.active.member_id if account.active else None
    if paused:
        await reminders.pause(services.db, turn.channel, turn.account_id, member,
                              now=services.now())
        return [with_menu(texts.REMINDERS_PAUSED, account)]
    await reminders.resume(services.db, turn.channel, turn.account_id, member,
                           now=services.now())
    # What is due soon (a meeting in two hours) should reach them now, not next cycle.
    if services.replan_club is not None:
        for club_id in sorted({link.club_id for link in account.links}):
            await services.replan_club(club_id)
    return [with_menu(texts.REMINDERS_RESUMED, account)]
