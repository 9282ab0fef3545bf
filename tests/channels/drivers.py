"""One person's side of a conversation, on any channel.

A driver links an account to sample members the way that channel allows,
says words, taps the Nth option shown (or one by its label), and returns what
the person saw: the plain text of each message and the options offered
under it. The conversation tests (test_same_conversations.py) run unchanged
over every driver in :data:`DRIVERS`; a new channel is one more class here
and one more entry in that list.

"Options" are what a channel offers under its last message: Telegram's inline
choices, or else its menu keyboard (a contact button is left out: it is how
Telegram links, not something to tap in a conversation); Zalo's numbered list.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

import aiohttp
from aiohttp.test_utils import TestServer

from bot.channels.web import CSRF_HEADER, WebChat, WebOptions
from bot.channels.web_images import MEDIA_PATH, PUBLIC_TTL, ImageStore, publisher
from bot.channels.zalo import ZaloApi, ZaloChannel, answer_hint
from handlers.context import Services
from handlers.conversation import plain_text
from storage import Database, link_codes
from tests.channels.fake_zalo import TOKEN, FakeZalo, update
from tests.conftest import member
from tests.support.harness import BotHarness, Sent, sent_of

Clock = Callable[[], datetime]
PUBLIC_URL = "https://clb.example.vn"  # where Zalo fetches pictures from (never fetched here)


@dataclass(frozen=True)
class Seen:
    text: str                  # plain text, as the person reads it (no markup, no numbered list)
    options: tuple[str, ...]   # the buttons offered with it, in order
    # The picture shown with it, as the person's phone got it (PNG bytes); the
    # text of a picture is its caption.
    picture: bytes | None = field(default=None, repr=False, compare=False)


class Driver(Protocol):
    name: ClassVar[str]
    last_options: tuple[str, ...]  # the options of the last message that offered any

    @classmethod
    async def start(cls, db: Database, now: Clock, *, pictures: bool = False) -> Driver:
        """A fresh account on this channel, over ``db``, standing on ``now``.
        ``pictures``: the channel sends pictures where that takes a setting
        (Zalo: a public_url to fetch them from); Telegram and the web always do."""

    async def stop(self) -> None: ...

    async def link(self, *codes: str) -> list[Seen]:
        """Link to these roster members (by their member codes) as this channel allows."""

    async def say(self, words: str) -> list[Seen]: ...

    async def tap(self, number: int) -> list[Seen]:
        """Tap the ``number``-th (from 1) option of the last message that offered any."""

    async def tap_label(self, label: str) -> list[Seen]: ...


async def member_row(db: Database, code: str) -> tuple[int, int]:
    """(member id, club id) of a sample member."""
    row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?", (code,))
    assert row is not None, code
    return int(row[0]), int(row[1])


class _Tapping(ABC):
    """What every driver shares: remembering the last options, tapping by label."""

    def __init__(self) -> None:
        self.last_options: tuple[str, ...] = ()

    def _remember(self, seen: list[Seen]) -> list[Seen]:
        for one in seen:
            if one.options:
                self.last_options = one.options
        return seen

    @abstractmethod
    async def tap(self, number: int) -> list[Seen]:
        """Choose the ``number``-th option last offered, the channel's own way."""

    async def tap_label(self, label: str) -> list[Seen]:
        assert label in self.last_options, f"{label!r} not offered: {self.last_options}"
        return await self.tap(self.last_options.index(label) + 1)


class TelegramDriver(_Tapping):
    """The real Application over the offline Bot API; links by sharing one's own contact."""

    name: ClassVar[str] = "telegram"
    _users = iter(range(6_500_000, 6_600_000))

    def __init__(self, harness: BotHarness) -> None:
        super().__init__()
        self.bot = harness
        self.db = harness.db
        self.user = next(self._users)
        self._buttons: list[tuple[str, str | None]] = []  # label, callback data (None: a key)

    @classmethod
    async def start(cls, db: Database, now: Clock, *, pictures: bool = False) -> TelegramDriver:
        return cls(await BotHarness.start(db, now=now))

    async def stop(self) -> None:
        await self.bot.stop()

    def _seen(self, sent: list[Sent]) -> list[Seen]:
        seen = []
        for message in sent:
            if message.choices:
                buttons = [(label, data) for label, data in message.choices]
            else:
                buttons = [(b["text"], None)
                           for row in (message.markup or {}).get("keyboard", []) for b in row
                           if not b.get("request_contact")]
            if buttons:
                self._buttons = buttons
            seen.append(Seen(plain_text(message.text), tuple(label for label, _ in buttons),
                             message.picture))
        return self._remember(seen)

    async def link(self, *codes: str) -> list[Seen]:
        phones = dict.fromkeys(member(code)["phone"] for code in codes)  # a couple shares one
        seen = []
        for phone in phones:
            seen += self._seen(await self.bot.share_own_contact(self.user, phone))
        return seen

    async def say(self, words: str) -> list[Seen]:
        return self._seen(await self.bot.say(self.user, words))

    async def tap(self, number: int) -> list[Seen]:
        label, data = self._buttons[number - 1]
        if data is None:  # a menu key sends its label
            return await self.say(label)
        # A tap may redraw its message in place (editMessageText) rather than send
        # one; a reply with a picture is a photo whose caption is the reply's text.
        before = len(self.bot.api.calls)
        await self.bot.tap(self.user, data)
        return self._seen(sent_of(self.bot.api.calls[before:],
                                  ("sendMessage", "editMessageText", "sendPhoto")))


_OPTION = re.compile(r"(\d+)\. (.+)")


class ZaloDriver(_Tapping):
    """The Zalo adapter over the fake Zalo API on 127.0.0.1; links by typing a
    one-time code the board issued, taps by answering the option's number."""

    name: ClassVar[str] = "zalo"
    _users = iter(range(6_600_000, 6_700_000))

    def __init__(self, fake: FakeZalo, channel: ZaloChannel, db: Database, now: Clock,
                 images: ImageStore | None = None) -> None:
        super().__init__()
        self.fake, self.channel, self.db, self.now = fake, channel, db, now
        self.images = images
        self.user = f"zu{next(self._users):x}"

    @classmethod
    async def start(cls, db: Database, now: Clock, *, pictures: bool = False) -> ZaloDriver:
        fake = FakeZalo().__enter__()
        # Pictures go out only with a public_url for Zalo to fetch them from:
        # the web server's store, read back here as Zalo's servers would.
        images = ImageStore(PUBLIC_TTL) if pictures else None
        publish = publisher(images, PUBLIC_URL) if images is not None else None
        channel = ZaloChannel(ZaloApi(TOKEN, fake.base_url), Services.over(db, now=now),
                              publish_image=publish)
        return cls(fake, channel, db, now, images)

    async def stop(self) -> None:
        await self.channel.close()
        self.fake.__exit__(None, None, None)

    async def link(self, *codes: str) -> list[Seen]:
        seen = []
        for code in codes:
            member_id, club_id = await member_row(self.db, code)
            issued = await link_codes.issue(self.db, club_id=club_id, member_id=member_id,
                                            proxy=False, actor="test", now=self.now())
            seen += await self.say(link_codes.format_code(issued.code))
        return seen

    async def say(self, words: str) -> list[Seen]:
        before = len(self.fake.delivered_to(self.user))
        await self.channel.process_update(update(self.user, words))
        seen = []
        for message in self.fake.delivered_to(self.user)[before:]:
            if "text" in message:
                seen.append(parse_zalo(message["text"]))
            else:  # a photo, with its caption
                seen.append(Seen(message["caption"], (), await self._fetch(message["photo"])))
        return self._remember(seen)

    async def _fetch(self, url: str) -> bytes | None:
        assert self.images is not None and url.startswith(PUBLIC_URL + MEDIA_PATH), url
        return await self.images.png(url.removeprefix(PUBLIC_URL + MEDIA_PATH)
                                     .removesuffix(".png"))

    async def tap(self, number: int) -> list[Seen]:
        assert 1 <= number <= len(self.last_options)
        return await self.say(str(number))


def parse_zalo(text: str) -> Seen:
    """A Zalo message as text and numbered options; checks the list is well formed."""
    lines = text.split("\n")
    start = len(lines) - 1
    while start > 0 and _OPTION.fullmatch(lines[start - 1]):
        start -= 1
    options = [_OPTION.fullmatch(line) for line in lines[start:-1]]
    if not options or lines[-1] != answer_hint(len(options)):
        return Seen(text, ())
    assert [int(m.group(1)) for m in options if m] == list(range(1, len(options) + 1)), text
    assert start >= 1 and lines[start - 1] == "", text
    return Seen("\n".join(lines[:start - 1]), tuple(m.group(2) for m in options if m))


class WebDriver(_Tapping):
    """The web chat's JSON API on a real aiohttp server on 127.0.0.1, as the page
    talks to it. Signs in with a one-time code the board issued (a second member's
    code is typed in the chat, as a person would); taps send the button's data."""

    name: ClassVar[str] = "web"

    def __init__(self, server: TestServer, db: Database, now: Clock) -> None:
        super().__init__()
        self.server, self.db, self.now = server, db, now
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf: str | None = None
        self._buttons: list[tuple[str, str | None]] = []  # label, choice (None: sends the label)

    @classmethod
    async def start(cls, db: Database, now: Clock, *, pictures: bool = False) -> WebDriver:
        chat = WebChat(Services.over(db, now=now), options=WebOptions(cookie_secure=False))
        server = TestServer(chat.application(), host="127.0.0.1")
        await server.start_server()
        return cls(server, db, now)

    async def stop(self) -> None:
        await self.http.close()
        await self.server.close()

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {CSRF_HEADER: self.csrf} if self.csrf else {}
        async with self.http.post(self.server.make_url(path), json=body,
                                  headers=headers) as response:
            data = await response.json()
            assert response.status == 200, data
            return data

    async def _seen(self, replies: list[dict[str, Any]]) -> list[Seen]:
        seen = []
        for reply in replies:
            rows = reply["choices"] or reply["keyboard"]
            buttons = [(b["label"], b["choice"]) for row in rows for b in row]
            if buttons:
                self._buttons = buttons
            picture = None
            if "image" in reply:  # fetched by the page, with the session's cookie
                async with self.http.get(self.server.make_url(reply["image"]["url"])) as got:
                    assert got.status == 200, reply["image"]
                    picture = await got.read()
            seen.append(Seen("".join(p["t"] for p in reply["text"]),
                             tuple(label for label, _ in buttons), picture))
        return self._remember(seen)

    async def link(self, *codes: str) -> list[Seen]:
        seen = []
        for code in codes:
            member_id, club_id = await member_row(self.db, code)
            issued = await link_codes.issue(self.db, club_id=club_id, member_id=member_id,
                                            proxy=False, actor="test", now=self.now())
            typed = link_codes.format_code(issued.code)
            if self.csrf is None:
                signed_in = await self._post("/api/signin", {"code": typed})
                self.csrf = signed_in["csrf"]
                seen += await self._seen(signed_in["replies"])
            else:
                seen += await self.say(typed)
        return seen

    async def say(self, words: str) -> list[Seen]:
        return await self._seen((await self._post("/api/turn", {"text": words}))["replies"])

    async def tap(self, number: int) -> list[Seen]:
        label, choice = self._buttons[number - 1]
        if choice is None:  # a menu key sends its label
            return await self.say(label)
        return await self._seen((await self._post("/api/turn", {"choice": choice}))["replies"])


# Every channel the conversation tests run on.
DRIVERS: list[type[Driver]] = [TelegramDriver, ZaloDriver, WebDriver]
