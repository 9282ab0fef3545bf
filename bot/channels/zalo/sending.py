"""Sending on Zalo: answers to people (retried through flood limits), and the
outbox's messages (whose failures become the dispatcher's exceptions).

Both draw on the Zalo channel's one :class:`~bot.pacing.Pacer`, answers
first. A 429 pauses that pacer — Zalo's sends only — for its ``retry_after``.

What counts as "the person blocked the bot" needs evidence: Zalo's
description saying so, or the same account refusing with 403 several times
in a row. One unexplained 403 fails that message and is logged with Zalo's
description; it does not silence the member for good.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bot import pacing
from bot.channels.zalo.api import NEVER_SENT, ZaloApi, ZaloApiError, describe
from bot.channels.zalo.rendering import split_text
from bot.dispatcher import (
    DeliveryUncertain,
    NotDelivered,
    RecipientBlocked,
    Rejected,
    RetryLater,
)
from bot.pacing import DEFAULT_PATIENCE, Pacer, Patience, Priority
from handlers.conversation import plain_text
from storage.outbox import Claimed

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 5.0    # when a 429 does not say how long
# Words in Zalo's description of a refusal that say the person blocked the bot.
_BLOCKED_WORDS = ("block", "chặn")
# Unexplained 403s in a row, for one account, that count as blocked.
FORBIDDEN_IN_A_ROW = 3


def says_blocked(error: ZaloApiError) -> bool:
    description = error.description.lower()
    return any(word in description for word in _BLOCKED_WORDS)


# ---------------------------------------------------------------- answers to people

async def deliver_reply(api: ZaloApi, pacer: Pacer, chat_id: str, text: str, *,
                        patience: Patience = DEFAULT_PATIENCE,
                        clock: Callable[[], float] = time.monotonic,
                        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> bool:
    """Send one message of an answer; False if it could not be delivered."""
    return await _deliver(lambda: api.send_message(chat_id, text), pacer, chat_id,
                          patience=patience, clock=clock, sleep=sleep)


async def deliver_photo(api: ZaloApi, pacer: Pacer, chat_id: str, photo_url: str,
                        caption: str, *, patience: Patience = DEFAULT_PATIENCE,
                        clock: Callable[[], float] = time.monotonic,
                        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> bool:
    """Send an answer's picture (Zalo fetches it from ``photo_url``), within the
    same send budget and on the same terms as its text; False if not delivered."""
    return await _deliver(lambda: api.send_photo(chat_id, photo_url, caption), pacer,
                          chat_id, patience=patience, clock=clock, sleep=sleep)


async def _deliver(send: Callable[[], Awaitable[Any]], pacer: Pacer, chat_id: str, *,
                   patience: Patience, clock: Callable[[], float],
                   sleep: Callable[[float], Awaitable[None]]) -> bool:
    """One send of an answer, through the channel's pacer.

    A flood limit or a connection never made is certainly "not delivered":
    the message goes again when allowed, for up to ``patience.total`` seconds
    — a person who asked gets the answer late rather than never. A timeout
    may have delivered it, so it is not sent twice.
    """
    started = clock()
    attempt = 0
    while True:
        if not pacer.try_acquire():
            await pacer.acquire(Priority.REPLY)
        pacer.answered(chat_id)
        try:
            await send()
            return True
        except ZaloApiError as error:
            if error.code != 429:
                log.warning("zalo: an answer was refused (%s)", describe(error))
                return False
            wait = error.retry_after or DEFAULT_RETRY_AFTER
            pacer.pause(wait)   # the next acquire waits it out, with every other Zalo send
            flooded = True
        except NEVER_SENT:
            attempt += 1
            wait = patience.backoff(attempt)
            flooded = False
        except httpx.HTTPError as failure:
            log.warning("zalo: an answer may not have arrived (%s); not sent again",
                        describe(failure))
            return False
        if clock() - started + wait > patience.total:
            log.error("zalo: an answer was given up after %.0f s of flood limits and "
                      "failed connections", clock() - started)
            return False
        log.info("zalo: an answer goes again in %.1f s (%s)", wait,
                 "flood limit" if flooded else "no connection")
        if not flooded:
            await sleep(wait)


# ---------------------------------------------------------------- the outbox's Zalo sender

class ZaloSender:
    """Sends one outbox message through Zalo; its errors become the dispatcher's.

    As for Telegram, what matters is whether Zalo may have delivered it: a
    flood limit, a refusal, or a connection never made prove it did not; a
    timeout, a broken connection or a server error prove nothing, so those are
    "uncertain" and the message is never sent again. A text split in several
    messages is uncertain as soon as its first part went; each part takes its
    own slot of the channel's pacer (the first one the dispatcher paid).
    """

    def __init__(self, api: ZaloApi, pacer: Pacer | None = None) -> None:
        self._api = api
        self._pacer = pacer
        self._forbidden: dict[str, int] = {}   # account → unexplained 403s in a row

    async def send(self, message: Claimed) -> None:
        for i, part in enumerate(split_text(plain_text(message.text))):
            if self._pacer is not None:
                await pacing.take(self._pacer, Priority.OUTBOX)
            try:
                await self._api.send_message(message.account_id, part)
            except Exception as failure:
                error = self._judge(message.account_id, failure)
                if isinstance(error, RetryLater) and self._pacer is not None:
                    self._pacer.pause(error.seconds)
                if i > 0 and not isinstance(error, RecipientBlocked):
                    error = DeliveryUncertain(f"part {i + 1} not sent: {error}")
                raise error from failure
        self._forbidden.pop(message.account_id, None)

    def _judge(self, account: str, failure: Exception) -> Exception:
        error = outcome_of(failure)
        if not (isinstance(failure, ZaloApiError) and failure.code == 403):
            return error
        if isinstance(error, RecipientBlocked):
            self._forbidden.pop(account, None)
            return error
        count = self._forbidden[account] = self._forbidden.get(account, 0) + 1
        log.warning("zalo: 403 for an account without saying why (%r), %d time(s) in a row",
                    failure.description, count)
        if count >= FORBIDDEN_IN_A_ROW:
            self._forbidden.pop(account, None)
            return RecipientBlocked(f"{failure} ({count} times in a row)")
        return error


def outcome_of(failure: Exception) -> Exception:
    """The dispatcher's exception for a failed ``sendMessage``."""
    if isinstance(failure, ZaloApiError):
        code, detail = failure.code, str(failure)
        if code == 429:
            return RetryLater(failure.retry_after or DEFAULT_RETRY_AFTER, detail)
        if says_blocked(failure):
            return RecipientBlocked(detail)
        if code == 401:
            return NotDelivered(detail)  # the operator must fix the token
        if code == 408 or code >= 500:
            return DeliveryUncertain(detail)
        return Rejected(detail)  # an unexplained 403 included: this message only
    if isinstance(failure, NEVER_SENT):
        return NotDelivered(describe(failure))
    if isinstance(failure, httpx.HTTPError):  # read or write timeout, connection broken
        return DeliveryUncertain(describe(failure))
    return DeliveryUncertain(f"{type(failure).__name__}: {failure}")
