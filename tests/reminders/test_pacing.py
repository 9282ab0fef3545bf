"""The per-channel send budget on a virtual clock: the sliding window, answers
before the outbox, flood pauses, and no cost when nothing waits."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot import pacing
from bot.pacing import Pacer, Priority
from tests.reminders.support import VirtualClock


def pacer_on(clock: VirtualClock, rate: float | None = 10.0) -> Pacer:
    return Pacer(rate, name="test", clock=clock.monotonic, sleep=clock.sleep)


def most_in_any_window(times: list[float], window: float = 1.0) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


async def test_no_more_than_the_rate_in_any_second_evenly_spread():
    clock = VirtualClock(datetime(2026, 12, 15))
    pacer = pacer_on(clock, rate=10.0)
    granted: list[float] = []

    async def one() -> None:
        await pacer.acquire(Priority.OUTBOX)
        granted.append(clock.t)

    await asyncio.gather(*(one() for _ in range(50)))
    assert len(granted) == 50
    assert most_in_any_window(granted) <= 10
    gaps = [b - a for a, b in zip(granted, granted[1:], strict=False)]
    assert min(gaps) >= 0.1 - 1e-9          # no burst
    assert granted[-1] == pytest.approx(4.9)  # and no slower than the rate


async def test_an_answer_takes_the_next_slot_before_queued_reminders():
    clock = VirtualClock(datetime(2026, 12, 15))
    pacer = pacer_on(clock, rate=10.0)
    order: list[str] = []

    async def ask(name: str, priority: Priority) -> None:
        await pacer.acquire(priority)
        order.append(name)

    await pacer.acquire()  # the slot just went: everything below must wait
    reminders = [asyncio.create_task(ask(f"r{i}", Priority.OUTBOX)) for i in range(20)]
    await asyncio.sleep(0)
    answer = asyncio.create_task(ask("answer", Priority.REPLY))
    await asyncio.gather(answer, *reminders)
    assert order[0] == "answer"
    assert order[1:] == [f"r{i}" for i in range(20)]  # the rest in their own order


async def test_a_flood_pause_holds_every_send_of_the_channel():
    clock = VirtualClock(datetime(2026, 12, 15))
    pacer = pacer_on(clock, rate=None)   # no budget of its own: pauses still hold
    await pacer.acquire()
    pacer.pause(3.0)
    assert pacer.paused_for() == pytest.approx(3.0)
    await pacer.acquire(Priority.REPLY)
    assert clock.t >= 3.0
    assert pacer.stats.pauses == 1


async def test_without_pressure_a_slot_costs_no_wait_at_all():
    clock = VirtualClock(datetime(2026, 12, 15))
    pacer = pacer_on(clock, rate=28.0)
    # The coroutine finishes on its first step: it never yields to the loop.
    step = pacer.acquire(Priority.REPLY)
    with pytest.raises(StopIteration):
        step.send(None)
    assert pacer.stats.waited == 0 and pacer.stats.granted == 1


async def test_a_waiter_that_gives_up_leaves_nothing_behind():
    clock = VirtualClock(datetime(2026, 12, 15))
    pacer = pacer_on(clock, rate=None)
    pacer.pause(1000.0)

    async def slow_sleep(seconds: float) -> None:
        await asyncio.sleep(3600)  # the granter never wakes during this test

    pacer._sleep = slow_sleep  # type: ignore[method-assign]
    assert not await pacer.acquire(Priority.OUTBOX, timeout=0.05)
    waiter = asyncio.create_task(pacer.acquire(Priority.OUTBOX))
    await asyncio.sleep(0.01)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert pacer.waiting == 0
    await pacer.close()


async def test_a_prepaid_slot_is_spent_once_and_only_on_its_pacer():
    clock = VirtualClock(datetime(2026, 12, 15))
    mine, other = pacer_on(clock, rate=1.0), pacer_on(clock, rate=1.0)
    await mine.acquire(Priority.OUTBOX)        # what the dispatcher takes before a claim
    with pacing.prepaid(mine):
        assert pacing.holds_prepaid(mine) and not pacing.holds_prepaid(other)
        await pacing.take(mine, Priority.OUTBOX)     # spends the ticket: no wait
        assert clock.t == 0.0
        await pacing.take(mine, Priority.OUTBOX)     # a second request pays its own
        assert clock.t == pytest.approx(1.0)
    assert not pacing.holds_prepaid(mine)
    assert mine.stats.granted == 2
