"""The Zalo adapter: people's messages in, answers out, by long polling or by
webhook, and the channel's start-up.

* ``getUpdates`` has no offset and webhooks are retried, so every message is
  claimed by its id in the database before it is answered; a second arrival,
  even after a restart, is dropped.
* A webhook is acknowledged at once (200) and answered after, in the
  background: a slow send (a flood pause, a slow network) must never make
  Zalo time out and post the message again — and if it does, the claim above
  makes the replay harmless.
* The numbering last shown in a chat is kept in the database, so "2" means
  that list's second option, even after a restart.
* A reply's picture (a chart) follows its own text through ``sendPhoto``,
  which takes a URL: the web server keeps it a few minutes at ``[web]
  public_url`` (bot/channels/web_images.py). Without a public_url the text
  stands alone. A reply whose words only name its picture (the report's
  charts) is the picture alone, with those words as its caption.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from bot.channels.zalo.api import ZaloApi, ZaloApiError, describe, updates_in
from bot.channels.zalo.parsing import Incoming, Option, typed_number
from bot.channels.zalo.rendering import render_parts
from bot.channels.zalo.sending import ZaloSender, deliver_photo, deliver_reply
from bot.config import ZaloSettings
from bot.pacing import Pacer
from club import texts
from handlers.context import Services
from handlers.conversation import Image, Reply, Turn
from handlers.router import respond
from storage.database import Database

SECRET_HEADER = "X-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/webhook/zalo"  # where the web server takes Zalo's posts
log = logging.getLogger(__name__)

_SEEN_FOR = timedelta(days=7)
_PRUNE_EVERY = 500          # messages claimed between two prunings of old ids


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

class ZaloChannel:
    """Answers people on Zalo: by long polling, or by webhook through the web server.

    ``pacer`` is the Zalo channel's send budget, shared with the outbox's
    :class:`ZaloSender` (:meth:`sender`); answers go first.
    """

    def __init__(self, api: ZaloApi, services: Services, *, webhook_secret: str = "",
                 pacer: Pacer | None = None,
                 publish_image: Callable[[Image], str] | None = None) -> None:
        self.api = api
        self.services = services
        self.pacer = pacer or Pacer(None, name="zalo")
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
        self._answering: set[asyncio.Task[None]] = set()   # webhook updates being answered

    @property
    def db(self) -> Database:
        return self.services.db

    # ------------------------------------------------------------ one update

    async def process_update(self, update: dict[str, Any]) -> bool:
        """Answer one update; False when it was not for the bot or was a replay."""
        incoming = Incoming.of(update)
        if incoming is None or not incoming.for_the_bot:
            return False  # not a person writing, or an event this bot does not know
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
        number = typed_number(incoming.text) if incoming.text else None
        if number is not None:
            option = await numbered_option(self.db, incoming.chat_id, number)
            if option is not None:
                return option.turn(incoming.account_id)
        return incoming.turn()

    async def _send(self, chat_id: str, replies: list[Reply]) -> None:
        parts, options = render_parts(replies)
        if options:
            # Before sending: an answer to this list may come back at once.
            await save_menu(self.db, chat_id, options, self.services.now())
        for reply, messages in zip(replies, parts, strict=True):
            if reply.is_caption:
                # Words that only name a picture (a report's chart) are its caption.
                assert reply.image is not None
                await self._send_photo(chat_id, reply.image)
                continue
            for text in messages:
                if not await deliver_reply(self.api, self.pacer, chat_id, text):
                    return  # the rest would read wrong without this part
            if reply.image is not None:
                await self._send_photo(chat_id, reply.image)

    async def _send_photo(self, chat_id: str, image: Image) -> None:
        """A reply's picture, right after its words, from the web server's public
        address (drawn first, so Zalo's fetch is answered at once)."""
        if self._publish_image is None or await image.draw() is None:
            return
        await deliver_photo(self.api, self.pacer, chat_id, self._publish_image(image), image.alt)

    # ------------------------------------------------------------ webhook

    async def handle_webhook(self, body: bytes, secret_header: str | None) -> int:
        """One webhook request, for the web server: the HTTP status to answer.

        403 unless the ``X-Bot-Api-Secret-Token`` header carries ``[zalo]
        webhook_secret`` (and nothing is read); 400 for a body that is not
        JSON; otherwise 200 at once — also for replays and updates not for the
        bot, so Zalo does not send them again — and the answer follows in the
        background.
        """
        given = (secret_header or "").encode()
        if not self._secret or not hmac.compare_digest(given, self._secret):
            return 403
        try:
            payload = json.loads(body)
        except ValueError:
            return 400
        for update in updates_in(payload):
            task = asyncio.create_task(self._answer_in_background(update),
                                       name="zalo-webhook-update")
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)
        return 200

    async def _answer_in_background(self, update: dict[str, Any]) -> None:
        try:
            await self.process_update(update)
        except Exception:
            log.exception("zalo: webhook update failed")

    async def settled(self, timeout: float | None = None) -> None:
        """Wait until the webhook updates received so far are answered."""
        if self._answering:
            await asyncio.wait(set(self._answering), timeout=timeout)

    async def set_webhook(self, public_url: str) -> None:
        """Tell Zalo to post updates to the web server, with the secret to send back.

        Raises :class:`ZaloSetupError` unless Zalo confirms it: updates would
        otherwise never arrive, and nobody would know why.
        """
        url = public_url.rstrip("/") + WEBHOOK_PATH
        try:
            result = await self.api.set_webhook(url, self._secret.decode())
        except ZaloApiError as refusal:
            raise ZaloSetupError(texts.ZALO_WEBHOOK_REFUSED.format(
                url=url, reason=refusal.description or refusal.code)) from refusal
        except httpx.HTTPError as failure:
            raise ZaloSetupError(texts.ZALO_WEBHOOK_UNREACHABLE.format(
                url=url, reason=type(failure).__name__)) from failure
        registered = result.get("url") if isinstance(result, dict) else None
        if not result or (isinstance(registered, str)
                          and registered.rstrip("/") != url.rstrip("/")):
            raise ZaloSetupError(texts.ZALO_WEBHOOK_REFUSED.format(
                url=url, reason=f"setWebhook → {result!r}"))

    # ------------------------------------------------------------ long polling

    async def start_polling(self, *, poll_timeout: int = 30) -> None:
        """Poll in the background until :meth:`stop`. A webhook left set would
        take the updates instead, so it is removed first (as python-telegram-bot does)."""
        try:
            await self.api.delete_webhook()
        except (ZaloApiError, httpx.HTTPError) as failure:
            log.warning("zalo: deleteWebhook failed: %s", describe(failure))
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
                            describe(failure), pause)
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
        """Stop polling: the poll in flight is cancelled, answers being sent finish."""
        self._stopping = True
        if self._fetch is not None:
            self._fetch.cancel()
        if self._poller is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._poller, grace)
            self._poller = None
        await self.settled(grace)

    async def close(self) -> None:
        await self.stop()
        await self.api.aclose()

    def sender(self) -> ZaloSender:
        return ZaloSender(self.api, self.pacer)


def _next_pause(pause: float) -> float:
    return min(max(1.0, pause * 2), 60.0)


# ---------------------------------------------------------------- start-up

class ZaloSetupError(RuntimeError):
    """Zalo refused the bot's set-up (the webhook); the message is for the operator."""


async def start(settings: ZaloSettings, services: Services, *, public_url: str = "",
                pacer: Pacer | None = None,
                publish_image: Callable[[Image], str] | None = None,
                proven: bool = False) -> ZaloChannel | None:
    """The Zalo channel as configured (None when ``mode = "off"``): polling, or in
    webhook mode registered at ``public_url`` (the web server's address), if given;
    without one the webhook is the one set in Zalo's own dashboard. Pictures go
    out only with ``publish_image`` (the web server's public pictures).
    ``proven``: the token was already accepted (getMe), so it is not asked again.

    Raises :class:`ZaloSetupError` when Zalo refuses the webhook.
    """
    if settings.mode == "off":
        return None
    problem = settings.missing()
    if problem is not None:
        raise ValueError(problem)
    api = ZaloApi(settings.token.get_secret_value(), settings.base_url)
    channel = ZaloChannel(api, services, pacer=pacer, publish_image=publish_image,
                          webhook_secret=settings.webhook_secret.get_secret_value())
    if not proven:
        try:
            me = await api.get_me()
            log.info("zalo: connected as %s", me.get("account_name") or me.get("name") or "?")
        except (ZaloApiError, httpx.HTTPError) as failure:
            log.warning("zalo: getMe failed (%s); carrying on", describe(failure))
    if settings.mode == "polling":
        await channel.start_polling()
    elif public_url:
        try:
            await channel.set_webhook(public_url)
        except ZaloSetupError:
            await api.aclose()
            raise
        log.info("zalo: posts updates to %s%s", public_url.rstrip("/"), WEBHOOK_PATH)
    return channel
