"""What the member controls about her data, under "❓ Hướng dẫn".

The help answer carries, besides the reminders' two buttons, the member's
privacy choices: withdrawing her consent to health readings in one tap.
Drawing them needs no database read (help is the cheapest screen).
"""

from __future__ import annotations

from dataclasses import replace

from club import texts
from handlers import health
from handlers.conversation import Button, Reply, Rows
from storage.accounts import Account

_ROWS: Rows = (
    (Button(texts.BTN_WITHDRAW_CONSENT, health.WITHDRAW_CHOICE),),
)


def with_choices(reply: Reply, account: Account) -> Reply:
    """The help answer, with the privacy choices under it for a linked account."""
    return replace(reply, choices=reply.choices + _ROWS) if account.links else reply
