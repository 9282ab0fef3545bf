"""A real Application over the offline Bot API, and a way to talk to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.channels.telegram import build_application
from handlers.context import Services
from storage import Database
from tests.support import updates
from tests.support.offline_bot_api import ApiCall, OfflineBotApi

TOKEN = "123456:TEST-token-not-real"


@dataclass
class Sent:
    text: str
    markup: dict[str, Any] | None
    picture: bytes | None = None  # a photo's PNG, as uploaded (a photo's text is its caption)

    @property
    def keyboard_labels(self) -> list[str]:
        if not self.markup or "keyboard" not in self.markup:
            return []
        return [b["text"] for row in self.markup["keyboard"] for b in row]

    @property
    def choices(self) -> list[tuple[str, str]]:
        if not self.markup or "inline_keyboard" not in self.markup:
            return []
        return [(b["text"], b["callback_data"]) for row in self.markup["inline_keyboard"]
                for b in row]

    @property
    def asks_for_contact(self) -> bool:
        return any(b.get("request_contact") for row in (self.markup or {}).get("keyboard", [])
                   for b in row)


def sent_of(calls: list[ApiCall], methods: tuple[str, ...] = ("sendMessage", "sendPhoto"),
            ) -> list[Sent]:
    """The messages among ``calls``. A reply with a picture is a photo whose
    caption is the reply's text; a photo sent again by its file_id has no bytes."""
    sent = []
    for c in calls:
        if c.method not in methods:
            continue
        picture = None
        if c.method == "sendPhoto":
            uploaded = [f for f in c.files.values() if isinstance(f, tuple)]
            picture = uploaded[0][1] if uploaded else b""
        sent.append(Sent(c.params.get("text", c.params.get("caption", "")),
                         c.params.get("reply_markup"), picture))
    return sent


class BotHarness:
    def __init__(self, app: Application, api: OfflineBotApi, db: Database) -> None:
        self.app, self.api, self.db = app, api, db

    @classmethod
    async def start(cls, db: Database, now: Callable[[], datetime]) -> BotHarness:
        api = OfflineBotApi()
        app = build_application(TOKEN, Services.over(db, now=now), request=api,
                                rate_limited=False)
        await app.initialize()
        return cls(app, api, db)

    async def stop(self) -> None:
        await self.app.shutdown()

    async def feed(self, update_json: dict[str, Any]) -> list[Sent]:
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json(update_json, self.app.bot))
        return sent_of(self.api.calls[before:])

    async def say(self, user_id: int, words: str) -> list[Sent]:
        return await self.feed(updates.text(user_id, words))

    async def share_own_contact(self, user_id: int, phone: str) -> list[Sent]:
        return await self.feed(updates.contact(user_id, phone, owner_id=user_id))

    async def tap(self, user_id: int, data: str) -> list[Sent]:
        return await self.feed(updates.callback(user_id, data))
