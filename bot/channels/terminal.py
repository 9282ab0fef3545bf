"""The terminal: a second, tiny channel that proves conversations are neutral.

``ishc-bot chat`` lets a newcomer talk to the bot as a sample member through
exactly the handlers Telegram uses. Buttons are printed as a numbered list;
typing the number or the words works. Piped in, every line is one turn (the
line after choosing "📱 Gửi số điện thoại" is the phone), so a session can be
scripted. The terminal belongs to whoever runs
it on their own machine, so "share my phone" asks for the number and treats
it as proven — this channel is a local tool, never exposed to strangers.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from club import texts
from handlers.context import Services
from handlers.conversation import Button, Reply, SharedContact, Turn, TurnKind, plain_text
from handlers.router import respond

CHANNEL = "terminal"
_QUIT = ("/quit", "quit", "thoat", "thoát")
BOLD, RESET = "\033[1m", "\033[0m"


@dataclass
class TerminalChat:
    services: Services
    account_id: str = "local"
    out: Callable[[str], None] = print
    color: bool = False
    buttons: list[Button] = field(default_factory=list)

    def show(self, reply: Reply) -> None:
        text = reply.text
        if self.color:
            text = text.replace("<b>", BOLD).replace("</b>", RESET)
        if not reply.is_caption:  # else the picture's line below says it
            self.out(plain_text(text))
        if reply.image is not None:
            self.out(texts.TERMINAL_IMAGE.format(alt=reply.image.alt))
        rows = reply.choices or reply.keyboard
        if rows:
            self.buttons = [b for row in rows for b in row]
            self.out("   " + "   ".join(f"[{i}] {b.label}" for i, b in
                                        enumerate(self.buttons, start=1)))

    def turn_for(self, typed: str, phone: str | None = None) -> Turn:
        """A typed line as a turn: a button number, a command, or words."""
        typed = typed.strip()
        if typed.isdigit() and 1 <= int(typed) <= len(self.buttons):
            button = self.buttons[int(typed) - 1]
            if button.request_contact:
                return Turn(CHANNEL, self.account_id, TurnKind.CONTACT,
                            contact=SharedContact(phone or "", self.account_id))
            if button.choice is not None:
                return Turn(CHANNEL, self.account_id, TurnKind.CHOICE, choice=button.choice)
            typed = button.label
        if typed.lower() in ("/start", "start"):
            return Turn(CHANNEL, self.account_id, TurnKind.START)
        return Turn(CHANNEL, self.account_id, TurnKind.TEXT, text=typed)

    def wants_phone(self, typed: str) -> bool:
        typed = typed.strip()
        return (typed.isdigit() and 1 <= int(typed) <= len(self.buttons)
                and self.buttons[int(typed) - 1].request_contact)

    async def say(self, typed: str, phone: str | None = None) -> None:
        self.out(f"\n> {typed}" + (f" ({phone})" if phone else ""))
        for reply in await respond(self.turn_for(typed, phone), self.services):
            self.show(reply)

    async def scripted(self, lines: TextIO) -> None:
        """One turn per line of ``lines`` until they end (or "thoát"), each echoed
        before its answer, as :meth:`say` does; blank lines are skipped."""
        for reply in await respond(Turn(CHANNEL, self.account_id, TurnKind.START),
                                   self.services):
            self.show(reply)
        while line := await asyncio.to_thread(lines.readline):
            typed = line.strip()
            if not typed:
                continue
            if typed.lower() in _QUIT:
                return
            phone = None
            if self.wants_phone(typed):
                phone = (await asyncio.to_thread(lines.readline)).strip()
            await self.say(typed, phone=phone)

    async def interactive(self) -> None:
        self.color = sys.stdout.isatty()
        for reply in await respond(Turn(CHANNEL, self.account_id, TurnKind.START),
                                   self.services):
            self.show(reply)
        while True:
            try:
                typed = await asyncio.to_thread(input, "\n> ")
            except (EOFError, KeyboardInterrupt):
                self.out("")
                return
            if typed.strip().lower() in _QUIT:
                return
            phone = None
            if self.wants_phone(typed):
                phone = await asyncio.to_thread(input, texts.TERMINAL_PHONE_PROMPT)
            for reply in await respond(self.turn_for(typed, phone), self.services):
                self.show(reply)
