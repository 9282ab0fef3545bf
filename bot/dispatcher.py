"""The dispatcher: the one path from the outbox to the channels, at a pace.

Everything the bot says on its own — receipts, reminders, notices, delivery
reports — is first a row in the outbox; this sends the rows that are due.

Exactly once, as far as a network allows:

* A row is claimed (state 'sending', committed) on its own, just before its
  request goes out — after the pace and a free slot allow it, never in a
  batch ahead of time — so a crash can leave only the few requests in flight
  at that instant unconfirmed. On start-up those become 'uncertain' and are
  never resent: the channel may have delivered them. Everything still
  'pending' was certainly not sent, and goes out after the restart.
* A send that timed out or broke mid-way is 'uncertain' too, for the same
  reason. Only an answer that proves the message was not delivered (a flood
  limit, a connection never made) puts the row back to 'pending'.
* The person blocked the bot: the row and everything else waiting for that
  account are settled as 'blocked', and the account is remembered so nothing
  more is sent to it.

Pace: each channel is a lane of its own, so one channel's trouble (Zalo's
flood limit, a connection down) never holds up another's messages. In a
lane: at most ``rate`` requests a second, evenly spaced (bursts are what earn
flood limits), at least ``per_chat_interval`` seconds between two messages to
one chat, and then a slot of the channel's :class:`~bot.pacing.Pacer` — the
send budget the channel's answers to people share, and take first — which a
flood limit (RetryAfter) pauses for as long as the channel asks. The clock,
the sleep and the wall-clock time are injected, so tests drive the pace
without waiting.

Channels raise the exceptions below; only the channel adapters know their
own library's errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot import pacing
from bot.pacing import Pacer, Priority
from handlers.context import vietnam_now
from storage import outbox
from storage.database import Database
from storage.outbox import Claimed

log = logging.getLogger(__name__)


class RetryLater(Exception):
    """The channel refused for now (flood limit) and says when to try again; not delivered."""

    def __init__(self, seconds: float, detail: str = "") -> None:
        super().__init__(detail or f"retry after {seconds:g} s")
        self.seconds = seconds


class RecipientBlocked(Exception):
    """The person blocked the bot (or deleted their account): stop sending to them."""


class DeliveryUncertain(Exception):
    """The request may have been delivered (timed out, connection broke): never resend it."""


class NotDelivered(Exception):
    """Certainly not delivered, for a passing reason (no connection): try again later."""


class Rejected(Exception):
    """Certainly not delivered, and never will be as it is (no such chat, malformed text)."""


class Sender(Protocol):
    async def send(self, message: Claimed) -> None:
        """Deliver one message, or raise one of this module's exceptions."""


@dataclass(frozen=True, slots=True)
class Pace:
    rate: float = 25.0               # requests a second, on each channel
    per_chat_interval: float = 1.0   # seconds between two messages to one chat
    max_in_flight: int = 8           # requests awaiting their answer at once, per channel
    poll_interval: float = 5.0       # seconds between looks at the outbox when idle
    batch: int = 200                 # rows read per look
    max_backoff: float = 60.0        # longest pause after connection failures


@dataclass
class Tally:
    """What this dispatcher did since it started (for logs and the benchmark)."""

    sent: int = 0
    uncertain: int = 0
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    expired: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


class _Lane:
    """One channel's part of the dispatcher: its sender, its pacer, its own
    pace and back-off, so that nothing one channel waits for holds up another."""

    def __init__(self, channel: str, sender: Sender, pacer: Pacer, max_in_flight: int) -> None:
        self.channel, self.sender, self.pacer = channel, sender, pacer
        self.slots = asyncio.Semaphore(max_in_flight)
        self.in_flight: set[asyncio.Task[None]] = set()
        self.wake = asyncio.Event()
        self.next_slot = 0.0
        self.held_until = 0.0      # after connection failures (the channel's own, not its pacer's)
        self.backoff = 0.0
        self.task: asyncio.Task[None] | None = None


class Dispatcher:
    def __init__(
        self,
        db: Database,
        senders: Mapping[str, Sender],
        pace: Pace = Pace(),
        *,
        pacers: Mapping[str, Pacer] | None = None,
        now: Callable[[], datetime] = vietnam_now,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_idle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """``pacers``: the channels' send budgets, shared with their answers to
        people. A channel without one gets a private pacer with no budget of its
        own (the pace above still applies), which only flood limits pause."""
        if pace.rate <= 0 or pace.max_in_flight < 1:
            raise ValueError("the pace needs a positive rate and at least one request in flight")
        self._db = db
        self.pace = pace
        self._now, self._clock, self._sleep = now, clock, sleep
        self._on_idle = on_idle
        self.tally = Tally()
        pacers = pacers or {}
        self._lanes = {
            channel: _Lane(channel, sender,
                           pacers.get(channel) or Pacer(None, name=channel, clock=clock,
                                                        sleep=sleep),
                           pace.max_in_flight)
            for channel, sender in senders.items()}
        self._in_flight: set[asyncio.Task[None]] = set()
        self._busy: set[tuple[str, str]] = set()
        self._chat_ready: dict[tuple[str, str], float] = {}
        self._idle_lock = asyncio.Lock()
        self._settled = False       # something finished since on_idle last ran
        self._stopping = False

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Recover from a crash, then send in the background until :meth:`stop`."""
        await self.recover()
        for lane in self._lanes.values():
            lane.task = asyncio.create_task(self._run(lane), name=f"outbox-{lane.channel}")

    async def recover(self) -> int:
        """Rows a previous run left 'sending' may have gone out: they become uncertain."""
        interrupted = await outbox.recover_interrupted(self._db, self._now())
        if interrupted:
            log.warning("%d message(s) were being sent when the bot stopped; "
                        "recorded as uncertain, not resent", interrupted)
        self._settled = True
        return interrupted

    def wake(self) -> None:
        """Something was enqueued: look at the outbox now rather than at the next poll."""
        for lane in self._lanes.values():
            lane.wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming; let the requests in flight finish (and be recorded)."""
        self._stopping = True
        self.wake()
        for lane in self._lanes.values():
            if lane.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await lane.task
                lane.task = None
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=grace)

    async def drain(self, max_passes: int = 1_000_000) -> Tally:
        """Send everything due now, wait for the answers, and return (tests, benchmark).

        The channels drain side by side, each at its own pace.
        """
        await asyncio.gather(*(self._drain(lane, max_passes) for lane in self._lanes.values()))
        await self._idle_hook()
        return self.tally

    async def _drain(self, lane: _Lane, max_passes: int) -> None:
        for _ in range(max_passes):
            wait = await self._pass(lane)
            if lane.in_flight:
                await asyncio.wait(set(lane.in_flight))
                continue
            if wait is None:
                break
            if wait > 0:
                if not await outbox.due(self._db, self._now(), 1, channel=lane.channel):
                    break  # what is left falls due later
                await self._sleep(wait)

    async def _run(self, lane: _Lane) -> None:
        while not self._stopping:
            try:
                wait = await self._pass(lane)
            except Exception:
                log.exception("outbox pass (%s) failed; trying again shortly", lane.channel)
                wait = self.pace.poll_interval
            if self._stopping:
                break
            if wait is None or wait > 0:
                await self._idle_hook()
                await self._idle(lane, self.pace.poll_interval if wait is None
                                 else min(wait, self.pace.poll_interval))

    async def _idle(self, lane: _Lane, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(lane.wake.wait(), timeout)
        lane.wake.clear()

    async def _idle_hook(self) -> None:
        async with self._idle_lock:
            if self._settled and self._on_idle is not None and not self._in_flight:
                self._settled = False
                try:
                    await self._on_idle()
                except Exception:
                    log.exception("outbox idle hook failed")

    # ------------------------------------------------------------ one look at the outbox

    async def run_pass(self) -> float | None:
        """One look at the outbox for every channel (see :meth:`_pass`): the
        soonest wait of them all, or None when nothing is pending anywhere."""
        waits = await asyncio.gather(*(self._pass(lane) for lane in self._lanes.values()))
        known = [w for w in waits if w is not None]
        return min(known) if known else None

    async def _pass(self, lane: _Lane) -> float | None:
        """Start sending what is due now on one channel.

        Returns 0 to look again at once, the seconds until something may be
        sendable (a chat's interval, a future row), or None when nothing is
        pending at all.
        """
        now = self._now()
        candidates = await outbox.due(self._db, now, self.pace.batch, channel=lane.channel)
        if not candidates:
            upcoming = await outbox.next_due_at(self._db, channel=lane.channel)
            if upcoming is None:
                return None if not lane.in_flight else self.pace.per_chat_interval
            return max((upcoming - now).total_seconds(), 0.05)

        expired = [c.id for c in candidates if c.expired]
        unwanted = [c.id for c in candidates if c.unwanted and not c.expired]
        blocked = [c.id for c in candidates if c.blocked and not (c.expired or c.unwanted)]
        if blocked or expired or unwanted:
            await outbox.settle_unsendable(self._db, blocked, expired, now, unwanted)
            self.tally.blocked += len(blocked)
            self.tally.expired += len(expired) + len(unwanted)
            self._settled = True

        started = 0
        soonest: float | None = None
        for candidate in candidates:
            if self._stopping:
                break
            if candidate.blocked or candidate.expired or candidate.unwanted:
                continue
            chat = (candidate.channel, candidate.account_id)
            wait = self._chat_wait(lane, chat)
            if wait > 0:
                soonest = wait if soonest is None else min(soonest, wait)
                continue
            granted_at = await self._take_slot(lane)
            if granted_at is None:
                break
            claimed = await outbox.claim(self._db, candidate.id, self._now())
            if claimed is None:  # cancelled (or claimed elsewhere) since it was read
                lane.slots.release()
                continue
            self._busy.add(chat)
            self._chat_ready[chat] = self._clock() + self.pace.per_chat_interval
            task = asyncio.create_task(self._deliver(lane, claimed, granted_at))
            for tasks in (self._in_flight, lane.in_flight):
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            started += 1
        self._forget_old_chats()
        if started or blocked or expired or unwanted:
            return 0.0
        return soonest if soonest is not None else self.pace.poll_interval

    def _chat_wait(self, lane: _Lane, chat: tuple[str, str]) -> float:
        if chat in self._busy:
            return max(self.pace.per_chat_interval, 0.01)
        ready = self._chat_ready.get(chat, 0.0)
        answered = lane.pacer.last_answered(chat[1])   # an answer just went there
        if answered is not None:
            ready = max(ready, answered + self.pace.per_chat_interval)
        return ready - self._clock()

    def _forget_old_chats(self) -> None:
        if len(self._chat_ready) > 10_000:
            now = self._clock()
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}

    async def _take_slot(self, lane: _Lane) -> float | None:
        """A free request slot, the next tick of the lane's pace, then a slot of
        the channel's budget — after the answers waiting for one. Returns when
        that slot was granted (None: stopping).

        Ticks are evenly spaced. After idling, or a pause, the schedule starts
        afresh instead of sending the missed ticks in a burst.
        """
        await lane.slots.acquire()
        interval = 1.0 / self.pace.rate
        while True:
            if self._stopping:
                lane.slots.release()
                return None
            wait = max(lane.next_slot, lane.held_until) - self._clock()
            if wait <= 0:
                break
            await self._sleep(min(wait, 0.5))
        lane.next_slot = max(lane.next_slot, self._clock() - interval) + interval
        while True:
            granted_at = await lane.pacer.acquire_at(Priority.OUTBOX, timeout=0.5)
            if granted_at is not None:
                return granted_at
            if self._stopping:
                lane.slots.release()
                return None

    async def _deliver(self, lane: _Lane, message: Claimed, granted_at: float) -> None:
        chat = (message.channel, message.account_id)
        try:
            # The slot was taken before the claim: the channel's own limiter
            # must not charge this request a second one.
            with pacing.prepaid(lane.pacer, granted_at):
                await self._send_and_record(lane, message)
        except Exception:
            # Recording failed: the row stays 'sending' and becomes uncertain at
            # the next start, which is the safe reading.
            log.exception("could not record the outcome of outbox row %s", message.id)
        finally:
            self._busy.discard(chat)
            lane.slots.release()
            self._settled = True

    async def _send_and_record(self, lane: _Lane, message: Claimed) -> None:
        try:
            await lane.sender.send(message)
        except RetryLater as flood:
            self.tally.retried += 1
            lane.pacer.pause(flood.seconds)   # this channel only, answers included
            log.warning("%s: flood limit: pausing %.1f s", lane.channel, flood.seconds)
            await outbox.release(self._db, message.id, str(flood))
        except RecipientBlocked as blocked:
            settled = await outbox.mark_blocked(self._db, message, self._now(), str(blocked))
            self.tally.blocked += settled
        except DeliveryUncertain as unsure:
            self.tally.uncertain += 1
            log.warning("outbox row %s: delivery uncertain (%s); not resending",
                        message.id, unsure)
            await outbox.mark_uncertain(self._db, message.id, self._now(), str(unsure))
        except NotDelivered as failure:
            self.tally.retried += 1
            lane.backoff = min(max(1.0, lane.backoff * 2), self.pace.max_backoff)
            lane.held_until = max(lane.held_until, self._clock() + lane.backoff)
            log.warning("%s: not delivered (%s); pausing %.0f s", lane.channel, failure,
                        lane.backoff)
            await outbox.release(self._db, message.id, str(failure))
        except Rejected as refusal:
            self.tally.failed += 1
            log.error("outbox row %s refused by the channel: %s", message.id, refusal)
            await outbox.mark_failed(self._db, message.id, self._now(), str(refusal))
        except Exception as unknown:  # a bug, or a failure nobody classified: it may have gone
            self.tally.uncertain += 1
            log.exception("outbox row %s: unexpected failure; recorded as uncertain", message.id)
            await outbox.mark_uncertain(self._db, message.id, self._now(),
                                        f"{type(unknown).__name__}: {unknown}")
        else:
            lane.backoff = 0.0
            self.tally.sent += 1
            self.tally.by_kind[message.kind] = self.tally.by_kind.get(message.kind, 0) + 1
            await outbox.mark_sent(self._db, message.id, self._now())
