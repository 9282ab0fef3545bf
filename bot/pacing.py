"""One send budget per channel, shared by the replies and the outbox.

Telegram answers 429 ("retry after N s") past about 30 messages a second per
bot, and Zalo has limits of its own. Two senders pacing themselves apart —
python-telegram-bot's rate limiter for replies, the dispatcher for reminders —
add up to more than the channel allows, and what meets a 429 is lost or late.
So each channel has one :class:`Pacer`, and everything sent on it asks the
pacer first:

* **A sliding window.** At most ``rate × window`` grants in any ``window``
  seconds (28 in any second by default on Telegram, under its 30), and the
  grants are spread evenly, ``1/rate`` apart: a burst is what the far end sees
  squeezed by network jitter into more than its limit.
* **Priority.** A reply to a person who is waiting takes the next free slot;
  reminders and notices (the outbox) get the slots replies leave. A fan-out
  of 20,000 reminders holds at most one waiter here at a time (the dispatcher
  asks for one slot, then claims one row), so an answer waits one slot at most.
* **Pauses.** A 429's ``retry_after`` stops this channel's sends, replies and
  outbox alike, for that long — and only this channel's: a Zalo flood limit
  never holds up Telegram or the web.
* **No cost without pressure.** When nothing waits and the slot is free, a
  grant is a few comparisons and no ``await``.

The outbox asks for its slot *before* it claims a row (a claimed row must go
out at once: a crash leaves it "uncertain", never resent). The request made
with that slot must then not be charged a second time by the channel's own
limiter: :func:`prepaid` marks the task as holding one paid slot, which
:func:`take` spends instead of asking again.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)


class Priority(IntEnum):
    """Lower goes first."""

    REPLY = 0    # a person is waiting for this answer
    OUTBOX = 1   # receipts, reminders, notices: they can wait a slot


@dataclass
class PacerStats:
    """What a pacer did (for logs, tests and the benchmark)."""

    granted: int = 0
    waited: int = 0       # grants that had to wait (not the free fast path)
    pauses: int = 0


class Pacer:
    """One channel's send budget: ``rate`` messages a second over a sliding
    ``window``, replies first, paused by the channel's flood limits.

    ``rate`` None: no budget (every grant is immediate) but pauses and their
    order still apply — the outbox's private pacer for a channel with no
    limit of its own (the web inbox), and tests.
    """

    def __init__(self, rate: float | None, *, name: str = "", window: float = 1.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("a pacer's rate must be positive (or None for no limit)")
        self.rate, self.name, self.window = rate, name, window
        self._clock, self._sleep = clock, sleep
        self._interval = 1.0 / rate if rate else 0.0
        self._capacity = max(1, int(rate * window)) if rate else 0
        self._recent: deque[float] = deque()   # grant times within the last window
        self._next_slot = float("-inf")
        self._paused_until = float("-inf")
        self._waiters: list[tuple[int, int, asyncio.Future[float]]] = []
        self._order = itertools.count()
        self._granter: asyncio.Task[None] | None = None
        self._answered: dict[str, float] = {}   # chat → when an answer last went there
        self.stats = PacerStats()

    def __repr__(self) -> str:
        return f"Pacer({self.name or '?'}, rate={self.rate})"

    # ------------------------------------------------------------ asking for a slot

    async def acquire(self, priority: Priority = Priority.REPLY, *,
                      timeout: float | None = None) -> bool:
        """Wait for a slot; False if ``timeout`` (real seconds) passed first.

        A waiter cancelled (or timed out) leaves nothing behind: its turn
        passes to the next one.
        """
        return await self.acquire_at(priority, timeout=timeout) is not None

    async def acquire_at(self, priority: Priority = Priority.REPLY, *,
                         timeout: float | None = None) -> float | None:
        """:meth:`acquire`, returning when the slot was granted (None: timed out).

        The outbox hands that time to :func:`prepaid`, so that its request is
        counted in the window when it actually leaves (after the row's claim),
        not when its slot was granted.
        """
        granted = self._grant_now()
        if granted is not None:
            return granted
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (int(priority), next(self._order), future))
        if self._granter is None or self._granter.done():
            self._granter = asyncio.create_task(self._grant_in_turn(),
                                                name=f"pacer-{self.name}")
        try:
            if timeout is None:
                return await future
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except (TimeoutError, asyncio.CancelledError) as stopped:
            if future.done() and not future.cancelled():
                if isinstance(stopped, TimeoutError):
                    return future.result()  # granted at the very moment the wait ran out
                raise
            future.cancel()
            self._stop_granter_if_idle()
            if isinstance(stopped, asyncio.CancelledError):
                raise
            return None

    def try_acquire(self) -> bool:
        """A slot now if one is free and nobody waits for it (no await: the
        path every send takes when there is no pressure)."""
        return self._grant_now() is not None

    def _grant_now(self) -> float | None:
        if not self._waiters and self.ready_in() <= 0:
            return self._grant(self._clock())
        return None

    def ready_in(self) -> float:
        """Seconds until a slot is free (≤ 0: free now), waiters aside."""
        now = self._clock()
        free_at = max(self._next_slot, self._paused_until)
        if self._capacity:
            while self._recent and self._recent[0] <= now - self.window:
                self._recent.popleft()
            if len(self._recent) >= self._capacity:
                free_at = max(free_at, self._recent[0] + self.window)
        return free_at - now

    def paused_for(self) -> float:
        """Seconds left of a flood pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    @property
    def waiting(self) -> int:
        return sum(1 for _, _, f in self._waiters if not f.done())

    def _grant(self, now: float) -> float:
        if self._interval:
            # The schedule moves one interval per grant, so a wake-up a little late
            # does not slow the rate down; after idling it starts afresh (no burst
            # of the slots nobody used), and the window above caps what is left.
            late = now - self._next_slot
            self._next_slot = (now if late > self._interval else self._next_slot) + self._interval
            self._recent.append(now)
        self.stats.granted += 1
        return now

    def departed(self, granted_at: float) -> None:
        """The request of the slot granted at ``granted_at`` leaves now: count it
        in the window from now. (The outbox claims its row between the two; a
        window counted at grant time would let those requests bunch up with
        answers sent at once, and the far end counts arrivals.)"""
        if not self._capacity:
            return
        try:
            self._recent.remove(granted_at)
        except ValueError:
            return  # already out of the window
        now = self._clock()
        index = len(self._recent)
        while index and self._recent[index - 1] > now:
            index -= 1
        self._recent.insert(index, now)

    async def _grant_in_turn(self) -> None:
        """Hand out slots to the waiters, best priority first, as they free up."""
        while True:
            while self._waiters and self._waiters[0][2].done():
                heapq.heappop(self._waiters)  # cancelled, or gave up
            if not self._waiters:
                return
            wait = self.ready_in()
            if wait > 0:
                await self._sleep(wait)
                continue
            _, _, future = heapq.heappop(self._waiters)
            self.stats.waited += 1
            future.set_result(self._grant(self._clock()))

    def _stop_granter_if_idle(self) -> None:
        if self._granter is not None and not any(not f.done() for _, _, f in self._waiters):
            self._granter.cancel()
            self._granter = None
            self._waiters.clear()

    # ------------------------------------------------------------ one chat

    def answered(self, chat: str) -> None:
        """An answer is going to ``chat`` now: the outbox then keeps its
        per-chat interval from it too, so a reminder does not land on its heels."""
        now = self._clock()
        self._answered[chat] = now
        if len(self._answered) > 10_000:
            self._answered = {c: t for c, t in self._answered.items() if t > now - 60.0}

    def last_answered(self, chat: str) -> float | None:
        return self._answered.get(chat)

    # ------------------------------------------------------------ the channel said "slow down"

    def pause(self, seconds: float) -> None:
        """Nothing goes out on this channel for ``seconds`` (a 429's retry_after)."""
        now = self._clock()
        until = now + max(seconds, 0.0)
        if until > self._paused_until:
            if self._paused_until <= now:  # a new pause, not the same one told twice
                self.stats.pauses += 1
                log.warning("%s: flood limit, sends paused for %.1f s", self.name or "channel",
                            seconds)
            self._paused_until = until

    async def close(self) -> None:
        """Stop handing out slots (shut-down); waiters are cancelled."""
        for _, _, future in self._waiters:
            future.cancel()
        self._waiters.clear()
        if self._granter is not None:
            self._granter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._granter
            self._granter = None


# ---------------------------------------------------------------- a slot paid in advance

@dataclass
class _Ticket:
    pacer: Pacer
    granted_at: float | None
    spent: bool = False


_prepaid: ContextVar[_Ticket | None] = ContextVar("ishc_prepaid_slot", default=None)


@contextlib.contextmanager
def prepaid(pacer: Pacer, granted_at: float | None = None) -> Iterator[None]:
    """The code inside holds one slot of ``pacer`` already granted (at
    ``granted_at``): the first :func:`take` on that pacer spends it instead of
    waiting again."""
    token = _prepaid.set(_Ticket(pacer, granted_at))
    try:
        yield
    finally:
        _prepaid.reset(token)


def spend_prepaid(pacer: Pacer) -> bool:
    """True (and the ticket is spent) if this task holds an unspent slot of
    ``pacer``; its request is counted as leaving now."""
    ticket = _prepaid.get()
    if ticket is None or ticket.spent or ticket.pacer is not pacer:
        return False
    ticket.spent = True
    if ticket.granted_at is not None:
        pacer.departed(ticket.granted_at)
    return True


def holds_prepaid(pacer: Pacer) -> bool:
    """Whether this task runs under :func:`prepaid` for ``pacer`` (spent or not)."""
    ticket = _prepaid.get()
    return ticket is not None and ticket.pacer is pacer


async def take(pacer: Pacer, priority: Priority) -> None:
    """One slot of ``pacer``: the prepaid one if this task holds it, else a new one."""
    if not spend_prepaid(pacer):
        await pacer.acquire(priority)


# ---------------------------------------------------------------- sending again later

@dataclass(frozen=True, slots=True)
class Patience:
    """How long a reply is retried after flood limits or a connection never made.

    A person asked and waits: the answer goes late rather than never, within
    ``total`` seconds; after that it is given up and logged.
    """

    total: float = 300.0          # seconds from the first try to the last
    first_backoff: float = 1.0    # after a connection never made, doubling
    max_backoff: float = 30.0

    def backoff(self, attempt: int) -> float:
        return min(self.first_backoff * 2 ** max(attempt - 1, 0), self.max_backoff)


DEFAULT_PATIENCE = Patience()


def channel_pacers(settings: Settings) -> dict[str, Pacer]:
    """One pacer per rate-limited channel, as configured: handed to the
    channel's reply path and to the dispatcher alike."""
    return {"telegram": Pacer(settings.telegram.rate, name="telegram"),
            "zalo": Pacer(settings.zalo.rate, name="zalo")}
