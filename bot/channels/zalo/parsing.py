"""What comes in from Zalo: the parts of an update the bot reads, and what a
typed number means against the list the previous answer showed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from handlers.conversation import Turn, TurnKind

CHANNEL = "zalo"

TEXT_EVENT = "message.text.received"
# A person sent something that is not words: a picture, a sticker, a voice
# message, a file, a location… Zalo names each ``message.<what>.received``
# (and ``message.unsupported.received`` for what its API does not describe);
# all of them get the same friendly answer pointing at the numbered menu.
_NOT_WORDS = re.compile(r"message\.[a-z_]+\.received")

_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")


def is_text(event: str) -> bool:
    return event == TEXT_EVENT


def is_not_words(event: str) -> bool:
    """A person's message the bot cannot read (voice, sticker, image, file…)."""
    return event != TEXT_EVENT and _NOT_WORDS.fullmatch(event) is not None


def typed_number(text: str) -> int | None:
    """"2", " 3. ", "4)": the number of a line in a numbered list; else None."""
    number = _NUMBER.fullmatch(text)
    return int(number.group(1)) if number else None


@dataclass(frozen=True, slots=True)
class Option:
    """One numbered line: what "N" stands for."""

    label: str
    choice: str | None  # None: the label is sent as text (a menu button)

    def turn(self, account_id: str) -> Turn:
        if self.choice is not None:
            return Turn(CHANNEL, account_id, TurnKind.CHOICE, choice=self.choice)
        return Turn(CHANNEL, account_id, TurnKind.TEXT, text=self.label)


@dataclass(frozen=True, slots=True)
class Incoming:
    """The parts of a Zalo update the bot reads."""

    event: str
    chat_id: str
    account_id: str
    message_id: str | None
    text: str

    @classmethod
    def of(cls, update: dict[str, Any]) -> Incoming | None:
        """None for what is not a person writing to the bot in private."""
        message = update.get("message")
        if not isinstance(message, dict):
            return None
        sender, chat = message.get("from"), message.get("chat")
        if not isinstance(sender, dict) or not isinstance(chat, dict):
            return None
        if sender.get("id") in (None, "") or sender.get("is_bot"):
            return None
        if str(chat.get("chat_type") or "PRIVATE").upper() != "PRIVATE":
            return None  # group chatter is not for this bot
        chat_id = chat.get("id")
        message_id = message.get("message_id")
        text = message.get("text")
        return cls(
            event=str(update.get("event_name") or ""),
            chat_id=str(chat_id if chat_id not in (None, "") else sender["id"]),
            account_id=str(sender["id"]),
            message_id=str(message_id) if message_id not in (None, "") else None,
            text=text if isinstance(text, str) else "")

    @property
    def for_the_bot(self) -> bool:
        """Words, or something else a person sent; not reactions, follows, or unknown events."""
        return is_text(self.event) or is_not_words(self.event)

    def turn(self) -> Turn:
        """The neutral turn, before numbers are read against the list shown."""
        if not is_text(self.event):
            return Turn(CHANNEL, self.account_id, TurnKind.OTHER)
        text = self.text
        if text.startswith("/"):
            command, _, rest = text[1:].partition(" ")
            if command.lower() == "start":
                return Turn(CHANNEL, self.account_id, TurnKind.START, text=rest.strip())
        return Turn(CHANNEL, self.account_id, TurnKind.TEXT, text=text)
