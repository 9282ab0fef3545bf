"""Zalo: the Zalo Bot Platform, over httpx.

Zalo's Bot API looks like Telegram's but is smaller: text only, at most 2000
characters a message, no buttons, no keyboards, no contact sharing. So:

* A reply's buttons become a numbered list under its text, with a hint line
  ("👉 Trả lời 1, 2 hoặc 3 để chọn."). Inline choices are listed when there
  are any, otherwise the menu keyboard — the same rule as Telegram, which
  shows the choices and leaves the menu on screen. The numbering last shown
  in a chat is kept in the database; "2" then means its second option: a
  choice becomes a CHOICE turn with its data, a menu button the text of its
  label. A number with no numbering behind it is just text, and typing the
  words works as on every channel.
* A "📱 Gửi số điện thoại" button cannot exist: the sentences naming it are
  replaced by a line saying to type the link code from the board.
* ``getUpdates`` has no offset and webhooks are retried, so every message is
  claimed by its id in the database before it is answered; a second arrival,
  even after a restart, is dropped.
* ``<b>`` is dropped (plain text), and longer texts are split on line
  boundaries.
* A reply's picture (a chart) follows its text through ``sendPhoto``, which
  takes a URL: the web server keeps it a few minutes at ``[web] public_url``
  (bot/channels/web_images.py). Without a public_url the text stands alone.

:class:`ZaloChannel` answers people (long polling, or :meth:`handle_webhook`
for the web server); :class:`ZaloSender` delivers the outbox's messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from bot.config import ZaloSettings
from bot.dispatcher import (
    DeliveryUncertain,
    NotDelivered,
    RecipientBlocked,
    Rejected,
    RetryLater,
)
from club import texts
from handlers.context import Services
from handlers.conversation import Image, Reply, Turn, TurnKind, plain_text
from handlers.router import respond
from storage.database import Database
from storage.outbox import Claimed

CHANNEL = "zalo"
MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/webhook/zalo"  # where the web server takes Zalo's posts
log = logging.getLogger(__name__)

TEXT_EVENT = "message.text.received"
# Things a person sent that are not words: answered with "I read only words".
OTHER_EVENTS = frozenset({"message.image.received", "message.sticker.received",
                          "message.unsupported.received"})
_POLL_TIMEOUT = 30          # seconds Zalo holds a getUpdates open
_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
_DEFAULT_RETRY_AFTER = 5.0  # when a 429 does not say how long
_SEEN_FOR = timedelta(days=7)
_PRUNE_EVERY = 500          # messages claimed between two prunings of old ids


# ---------------------------------------------------------------- the Bot API

class ZaloApiError(Exception):
    """Zalo answered, and not with ``ok``."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.retry_after = code, description, retry_after


class ZaloApi:
    """The few methods the bot uses. ``<base_url><token>/<method>``, JSON in and out.

    The token is part of every URL: nothing here logs a URL (and the CLI keeps
    httpx's own request log quiet).
    """

    def __init__(self, token: str, base_url: str = "https://bot-api.zaloplatforms.com/bot",
                 *, timeout: httpx.Timeout = _TIMEOUT,
                 client: httpx.AsyncClient | None = None) -> None:
        self._prefix = f"{base_url}{token}/"
        self._timeout = timeout
        self._client = client or httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def call(self, method: str, params: dict[str, Any] | None = None, *,
                   timeout: httpx.Timeout | None = None) -> Any:
        response = await self._client.post(self._prefix + method, json=params or {},
                                           timeout=timeout or self._timeout)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ZaloApiError(response.status_code, response.reason_phrase or "no JSON answer",
                               _retry_after(response, {}))
        if not answer.get("ok"):
            code = answer.get("error_code") or response.status_code
            raise ZaloApiError(int(code), str(answer.get("description") or ""),
                               _retry_after(response, answer))
        return answer.get("result")

    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe") or {}

    async def get_updates(self, timeout: int = _POLL_TIMEOUT) -> list[dict[str, Any]]:
        """What arrived, waiting up to ``timeout`` s; [] when nothing did (Zalo's 408)."""
        try:
            result = await self.call("getUpdates", {"timeout": str(timeout)},
                                     timeout=httpx.Timeout(timeout + 10.0, connect=5.0))
        except ZaloApiError as error:
            if error.code == 408:
                return []
            raise
        return list(_updates_in(result))

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> Any:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> Any:
        return await self.call("sendPhoto", {"chat_id": chat_id, "photo": photo_url,
                                             "caption": caption})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})


def _retry_after(response: httpx.Response, answer: dict[str, Any]) -> float | None:
    parameters = answer.get("parameters")
    value = parameters.get("retry_after") if isinstance(parameters, dict) else None
    if value is None:
        value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _updates_in(payload: Any) -> Iterable[dict[str, Any]]:
    """Updates in a getUpdates result or a webhook body: one update or a list,
    with or without the ``{ok, result}`` wrapper."""
    if isinstance(payload, dict) and "result" in payload and "event_name" not in payload:
        payload = payload["result"]
    if isinstance(payload, dict):
        payload = [payload]
    if isinstance(payload, list):
        yield from (u for u in payload if isinstance(u, dict))


# ---------------------------------------------------------------- text

def _units(text: str) -> int:
    """Length as Zalo may count it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(line: str, limit: int) -> int:
    """Index of the longest prefix of ``line`` within ``limit`` units, cut at a space if any."""
    used, end = 0, 0
    for i, char in enumerate(line):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        end = i + 1
    space = line.rfind(" ", 0, end + 1)
    return space if space > 0 and end < len(line) else max(end, 1)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` in messages of at most ``limit`` units, cut between lines.

    A single line longer than a message is cut at its last space that fits
    (or mid-word if it has none).
    """
    text = text.strip("\n")
    if _units(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current.strip("\n"):
            parts.append(current.strip("\n"))
        current = ""

    for line in text.split("\n"):
        while _units(line) > limit:
            flush()
            cut = _fit(line, limit)
            parts.append(line[:cut].rstrip())
            line = line[cut:].lstrip(" ")
        joined = f"{current}\n{line}" if current else line
        if _units(joined) <= limit:
            current = joined
        else:
            flush()
            current = line
    flush()
    return parts


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _link_by_code(text: str) -> str:
    """The sentences that say to tap "📱 Gửi số điện thoại", replaced by the
    link-code line: on Zalo there is no such button."""
    lines = []
    for line in text.split("\n"):
        if texts.BTN_SHARE_PHONE in line:
            line = " ".join(s for s in _SENTENCE_END.split(line)
                            if texts.BTN_SHARE_PHONE not in s)
            if not line.strip():
                continue
        lines.append(line)
    lines.append(texts.ZALO_LINK_BY_CODE)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Option:
    """One numbered line: what "N" stands for."""

    label: str
    choice: str | None  # None: the label is sent as text (a menu button)

    def turn(self, account_id: str) -> Turn:
        if self.choice is not None:
            return Turn(CHANNEL, account_id, TurnKind.CHOICE, choice=self.choice)
        return Turn(CHANNEL, account_id, TurnKind.TEXT, text=self.label)


def options_of(reply: Reply) -> list[Option]:
    """The buttons Zalo lists for a reply: its choices if any, else its menu.

    A contact button is left out: Zalo cannot share a contact.
    """
    rows = reply.choices or reply.keyboard
    return [Option(b.label, b.choice) for row in rows for b in row if not b.request_contact]


def _asks_for_contact(reply: Reply) -> bool:
    return any(b.request_contact for rows in (reply.choices, reply.keyboard)
               for row in rows for b in row)


def answer_hint(count: int) -> str:
    if count > 3:
        return texts.ZALO_ANSWER_MANY.format(last=count)
    numbers = [str(n) for n in range(1, count + 1)]
    said = numbers[0] if count == 1 else ", ".join(numbers[:-1]) + texts.ZALO_OR + numbers[-1]
    return texts.ZALO_ANSWER_FEW.format(numbers=said)


def render(reply: Reply, *, numbered: bool = True) -> tuple[str, list[Option]]:
    """The plain text of a reply as Zalo shows it, and its numbered options.

    ``numbered`` False: the text alone (a later reply of the same turn
    carries the list, and two lists both starting at 1 would be ambiguous).
    """
    text = reply.text
    if _asks_for_contact(reply) or texts.BTN_SHARE_PHONE in text:
        text = _link_by_code(text)
    text = plain_text(text)
    options = options_of(reply) if numbered else []
    if options:
        lines = [texts.ZALO_OPTION.format(number=n, label=o.label)
                 for n, o in enumerate(options, start=1)]
        text = "\n".join([text, "", *lines, answer_hint(len(options))])
    return text, options


def render_turn(replies: list[Reply]) -> tuple[list[str], list[Option]]:
    """Every message for one turn's replies, and the options now numbered.

    Only the last reply that has buttons gets the numbered list: it is the
    one on screen, and "1" must mean one thing.
    """
    last = max((i for i, r in enumerate(replies) if options_of(r)), default=-1)
    messages: list[str] = []
    shown: list[Option] = []
    for i, reply in enumerate(replies):
        text, options = render(reply, numbered=i == last)
        shown = options or shown
        messages.extend(split_text(text))
    return messages, shown


_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")


# ---------------------------------------------------------------- what the adapter remembers

async def claim_message(db: Database, chat_id: str, message_id: str, now: datetime) -> bool:
    """True the first time this message is seen; False for a replay."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO zalo_seen (chat_id, message_id, seen_at) VALUES (?, ?, ?)",
            (chat_id, message_id, now.isoformat(timespec="seconds")))
        return cur.rowcount == 1


async def prune_seen(db: Database, now: datetime, keep: timedelta = _SEEN_FOR) -> int:
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM zalo_seen WHERE seen_at < ?",
                                 ((now - keep).isoformat(timespec="seconds"),))
        return cur.rowcount


async def save_menu(db: Database, chat_id: str, options: list[Option], now: datetime) -> None:
    data = json.dumps([[o.label, o.choice] for o in options], ensure_ascii=False)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO zalo_menus (chat_id, options, shown_at) VALUES (?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET options = excluded.options, "
            "shown_at = excluded.shown_at",
            (chat_id, data, now.isoformat(timespec="seconds")))


async def numbered_option(db: Database, chat_id: str, number: int) -> Option | None:
    row = await db.fetchone("SELECT options FROM zalo_menus WHERE chat_id = ?", (chat_id,))
    if row is None:
        return None
    options = json.loads(row[0])
    if not 1 <= number <= len(options):
        return None
    label, choice = options[number - 1]
    return Option(label, choice)


# ---------------------------------------------------------------- people talking

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


class ZaloChannel:
    """Answers people on Zalo: by long polling, or by webhook through the web server."""

    def __init__(self, api: ZaloApi, services: Services, *, webhook_secret: str = "",
                 publish_image: Callable[[Image], str] | None = None) -> None:
        self.api = api
        self.services = services
        # Where Zalo can fetch a picture from (None: no [web] public_url, no pictures).
        self._publish_image = publish_image
        self._secret = webhook_secret.encode()
        # One turn at a time per chat: "2" must be read against the list the
        # previous answer showed.
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary())
        self._claimed = 0
        self._stopping = False
        self._poller: asyncio.Task[None] | None = None
        self._fetch: asyncio.Task[list[dict[str, Any]]] | None = None

    @property
    def db(self) -> Database:
        return self.services.db

    # ------------------------------------------------------------ one update

    async def process_update(self, update: dict[str, Any]) -> bool:
        """Answer one update; False when it was not for the bot or was a replay."""
        incoming = Incoming.of(update)
        if incoming is None:
            return False
        if incoming.event != TEXT_EVENT and incoming.event not in OTHER_EVENTS:
            return False  # an event this bot does not know: not a person to answer
        lock = self._chat_locks.get(incoming.chat_id)
        if lock is None:
            lock = self._chat_locks[incoming.chat_id] = asyncio.Lock()
        async with lock:
            # Claimed before it is answered: a replay arriving meanwhile, or after
            # a restart, finds the claim. A crash mid-answer loses that answer
            # (the person asks again) rather than giving it twice.
            if incoming.message_id is not None and not await self._first_time(incoming):
                log.info("zalo: message %s seen before; not answered again",
                         incoming.message_id)
                return False
            turn = await self._turn(incoming)
            replies = await respond(turn, self.services)
            await self._send(incoming.chat_id, replies)
        return True

    async def _first_time(self, incoming: Incoming) -> bool:
        assert incoming.message_id is not None
        now = self.services.now()
        first = await claim_message(self.db, incoming.chat_id, incoming.message_id, now)
        self._claimed += 1
        if self._claimed % _PRUNE_EVERY == 1:
            await prune_seen(self.db, now)
        return first

    async def _turn(self, incoming: Incoming) -> Turn:
        account = incoming.account_id
        if incoming.event != TEXT_EVENT:
            return Turn(CHANNEL, account, TurnKind.OTHER)
        text = incoming.text
        number = _NUMBER.fullmatch(text)
        if number:
            option = await numbered_option(self.db, incoming.chat_id, int(number.group(1)))
            if option is not None:
                return option.turn(account)
        if text.startswith("/"):
            command, _, rest = text[1:].partition(" ")
            if command.lower() == "start":
                return Turn(CHANNEL, account, TurnKind.START, text=rest.strip())
        return Turn(CHANNEL, account, TurnKind.TEXT, text=text)

    async def _send(self, chat_id: str, replies: list[Reply]) -> None:
        messages, options = render_turn(replies)
        if options:
            # Before sending: an answer to this list may come back at once.
            await save_menu(self.db, chat_id, options, self.services.now())
        for text in messages:
            try:
                await self.api.send_message(chat_id, text)
            except (ZaloApiError, httpx.HTTPError) as failure:
                log.warning("zalo: could not answer a chat: %s", _describe(failure))
                return
        for image in (r.image for r in replies if r.image is not None):
            await self._send_photo(chat_id, image)

    async def _send_photo(self, chat_id: str, image: Image) -> None:
        """A reply's picture, after the text, from the web server's public address
        (drawn first, so Zalo's fetch is answered at once)."""
        if self._publish_image is None or await image.draw() is None:
            return
        try:
            await self.api.send_photo(chat_id, self._publish_image(image), image.alt)
        except (ZaloApiError, httpx.HTTPError) as failure:
            log.warning("zalo: could not send a picture: %s", _describe(failure))

    # ------------------------------------------------------------ webhook

    async def handle_webhook(self, body: bytes, secret_header: str | None) -> int:
        """One webhook request, for the web server: the HTTP status to answer.

        403 unless the ``X-Bot-Api-Secret-Token`` header carries ``[zalo]
        webhook_secret`` (and nothing is read); 400 for a body that is not
        JSON; otherwise 200, also for replays and updates not for the bot, so
        Zalo does not send them again.
        """
        given = (secret_header or "").encode()
        if not self._secret or not hmac.compare_digest(given, self._secret):
            return 403
        try:
            payload = json.loads(body)
        except ValueError:
            return 400
        for update in _updates_in(payload):
            try:
                await self.process_update(update)
            except Exception:
                log.exception("zalo: webhook update failed")
        return 200

    async def set_webhook(self, public_url: str) -> None:
        """Tell Zalo to post updates to the web server, with the secret to send back."""
        await self.api.set_webhook(public_url.rstrip("/") + WEBHOOK_PATH,
                                   self._secret.decode())

    # ------------------------------------------------------------ long polling

    async def start_polling(self, *, poll_timeout: int = _POLL_TIMEOUT) -> None:
        """Poll in the background until :meth:`stop`. A webhook left set would
        take the updates instead, so it is removed first (as python-telegram-bot does)."""
        try:
            await self.api.delete_webhook()
        except (ZaloApiError, httpx.HTTPError) as failure:
            log.warning("zalo: deleteWebhook failed: %s", _describe(failure))
        self._stopping = False
        self._poller = asyncio.create_task(self._poll(poll_timeout), name="zalo-polling")

    async def _poll(self, poll_timeout: int) -> None:
        pause = 0.0
        while not self._stopping:
            self._fetch = asyncio.create_task(self.api.get_updates(poll_timeout))
            try:
                updates = await self._fetch
            except asyncio.CancelledError:
                if self._stopping:
                    return
                raise
            except httpx.TimeoutException:
                continue  # the long poll outlived the client's patience: ask again
            except ZaloApiError as error:
                if error.code == 401:
                    log.error("zalo: the token was refused; polling stops. Check [zalo] token.")
                    return
                pause = _next_pause(pause)
                log.warning("zalo: getUpdates failed (%s); again in %.0f s", error, pause)
                await asyncio.sleep(pause)
                continue
            except httpx.HTTPError as failure:
                pause = _next_pause(pause)
                log.warning("zalo: getUpdates failed (%s); again in %.0f s",
                            _describe(failure), pause)
                await asyncio.sleep(pause)
                continue
            finally:
                self._fetch = None
            pause = 0.0
            for update in updates:
                try:
                    await self.process_update(update)
                except Exception:
                    log.exception("zalo: update failed")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop polling: the poll in flight is cancelled, an answer being sent finishes."""
        self._stopping = True
        if self._fetch is not None:
            self._fetch.cancel()
        if self._poller is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._poller, grace)
            self._poller = None

    async def close(self) -> None:
        await self.stop()
        await self.api.aclose()

    def sender(self) -> ZaloSender:
        return ZaloSender(self.api)


def _next_pause(pause: float) -> float:
    return min(max(1.0, pause * 2), 60.0)


def _describe(failure: Exception) -> str:
    return str(failure) or type(failure).__name__


# ---------------------------------------------------------------- the outbox's Zalo sender

class ZaloSender:
    """Sends one outbox message through Zalo; its errors become the dispatcher's.

    As for Telegram, what matters is whether Zalo may have delivered it: a
    flood limit, a refusal, or a connection never made prove it did not; a
    timeout, a broken connection or a server error prove nothing, so those are
    "uncertain" and the message is never sent again. A text split in several
    messages is uncertain as soon as its first part went.
    """

    def __init__(self, api: ZaloApi) -> None:
        self._api = api

    async def send(self, message: Claimed) -> None:
        for i, part in enumerate(split_text(plain_text(message.text))):
            try:
                await self._api.send_message(message.account_id, part)
            except Exception as failure:
                error = outcome_of(failure)
                if i > 0 and not isinstance(error, RecipientBlocked):
                    error = DeliveryUncertain(f"part {i + 1} not sent: {error}")
                raise error from failure


def outcome_of(failure: Exception) -> Exception:
    """The dispatcher's exception for a failed ``sendMessage``."""
    if isinstance(failure, ZaloApiError):
        code, detail = failure.code, str(failure)
        if code == 429:
            return RetryLater(failure.retry_after or _DEFAULT_RETRY_AFTER, detail)
        if code == 403 or "block" in failure.description.lower():
            return RecipientBlocked(detail)
        if code == 401:
            return NotDelivered(detail)  # the operator must fix the token
        if code == 408 or code >= 500:
            return DeliveryUncertain(detail)
        return Rejected(detail)
    if isinstance(failure, _NEVER_SENT):
        return NotDelivered(_describe(failure))
    if isinstance(failure, httpx.HTTPError):  # read or write timeout, connection broken
        return DeliveryUncertain(_describe(failure))
    return DeliveryUncertain(f"{type(failure).__name__}: {failure}")


# httpx failures raised before a request left this machine.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


# ---------------------------------------------------------------- start-up

async def start(settings: ZaloSettings, services: Services, *, public_url: str = "",
                publish_image: Callable[[Image], str] | None = None) -> ZaloChannel | None:
    """The Zalo channel as configured (None when ``mode = "off"``): polling, or in
    webhook mode registered at ``public_url`` (the web server's address), if given;
    without one the webhook is the one set in Zalo's own dashboard. Pictures go
    out only with ``publish_image`` (the web server's public pictures)."""
    if settings.mode == "off":
        return None
    problem = settings.missing()
    if problem is not None:
        raise ValueError(problem)
    api = ZaloApi(settings.token.get_secret_value(), settings.base_url)
    channel = ZaloChannel(api, services,
                          webhook_secret=settings.webhook_secret.get_secret_value(),
                          publish_image=publish_image)
    try:
        me = await api.get_me()
        log.info("zalo: connected as %s", me.get("account_name") or me.get("name") or "?")
    except (ZaloApiError, httpx.HTTPError) as failure:
        log.warning("zalo: getMe failed (%s); carrying on", _describe(failure))
    if settings.mode == "polling":
        await channel.start_polling()
    elif public_url:
        try:
            await channel.set_webhook(public_url)
            log.info("zalo: posts updates to %s%s", public_url.rstrip("/"), WEBHOOK_PATH)
        except (ZaloApiError, httpx.HTTPError) as failure:
            log.error("zalo: setWebhook failed (%s); Zalo's updates will not arrive",
                      _describe(failure))
    return channel
