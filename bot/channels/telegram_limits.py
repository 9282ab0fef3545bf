"""Telegram's flood limits, as python-telegram-bot's rate limiter hook.

Every request python-telegram-bot makes for a chat (``sendMessage``, the
edits) passes through :class:`PacedRateLimiter`, which takes a slot of the
Telegram channel's :class:`~bot.pacing.Pacer` — the budget the outbox's
dispatcher shares — at answer priority. A 429 pauses the whole channel for
its ``retry_after`` and the answer is sent again after it; so is one whose
connection was never made. A person who asked gets the answer late, never
not at all — within the patience's total time, after which it is logged and
given up. A timeout is not retried: the message may have arrived.

A request the dispatcher already paid for (:func:`bot.pacing.prepaid`) is
not charged again; its 429 pauses the channel and goes back to the
dispatcher, which puts the row back to 'pending' and sends it after.
Requests for no chat (``getMe``, ``answerCallbackQuery``, ``setWebhook``) are
not paced, as python-telegram-bot's own limiter does; ``getUpdates`` never
reaches a rate limiter.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

import httpx
from telegram.error import NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot import pacing
from bot.pacing import DEFAULT_PATIENCE, Pacer, Patience, Priority

log = logging.getLogger(__name__)

# httpx failures raised before a request left this machine: certainly not delivered.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

Result = bool | dict[str, Any] | list[dict[str, Any]]


class PacedRateLimiter(BaseRateLimiter[None]):
    """python-telegram-bot's rate limiter hook over the channel's shared pacer."""

    __slots__ = ("pacer", "patience", "_clock", "_sleep")

    def __init__(self, pacer: Pacer, patience: Patience = DEFAULT_PATIENCE, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.pacer = pacer
        self.patience = patience
        self._clock, self._sleep = clock, sleep

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None  # the pacer is shared with the dispatcher; its owner closes it

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        if data.get("chat_id") is None and data.get("inline_message_id") is None:
            return await callback(*args, **kwargs)
        if pacing.holds_prepaid(self.pacer):
            await pacing.take(self.pacer, Priority.OUTBOX)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                self.pacer.pause(retry_after_seconds(flood))
                raise
        return await self._answer(callback, args, kwargs, endpoint, data.get("chat_id"))

    async def _answer(self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any,
                      kwargs: dict[str, Any], endpoint: str, chat_id: object) -> Result:
        started = self._clock()
        attempt = 0
        while True:
            if not self.pacer.try_acquire():
                await self.pacer.acquire(Priority.REPLY)
            if chat_id is not None:
                self.pacer.answered(str(chat_id))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                wait = retry_after_seconds(flood)
                self.pacer.pause(wait)  # the next acquire waits it out, with every send
                flooded, error = True, flood
            except NetworkError as failure:
                if not isinstance(failure.__cause__, _NEVER_SENT):
                    raise  # it may have arrived: never twice
                attempt += 1
                wait = self.patience.backoff(attempt)
                flooded, error = False, failure
            if self._clock() - started + wait > self.patience.total:
                log.error("telegram: %s given up after %.0f s of flood limits and failed "
                          "connections", endpoint, self._clock() - started)
                raise error
            log.info("telegram: %s goes again in %.1f s (%s)", endpoint, wait,
                     "flood limit" if flooded else "no connection")
            if not flooded:
                await self._sleep(wait)


def retry_after_seconds(flood: RetryAfter) -> float:
    with warnings.catch_warnings():
        # PTB 22 is moving retry_after from int to timedelta; either is fine here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = flood.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
