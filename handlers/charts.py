"""The pictures under "❤️ Sức khỏe" and "💰 Tiết kiệm" (and the report's
charts under "📊 Báo cáo"), drawn once per change.

A chart is drawn (club/charts.py, ~0.1–0.3 s of CPU) only when the figures it
shows change; a member tapping the same button again gets the picture already
drawn. The cache is in this process, one picture per member and kind, keyed
by the figures themselves — the :class:`~club.charts.Chart` (dates and
numbers, at most twelve of each) is compared whole, so a new reading, a
corrected one or a new cash entry all draw a new picture, and nothing else
does. The report's charts (handlers/programme_report.py) are kept the same
way, per club and chart, keyed by the figures they draw. Not a table: the
picture is derived from the books, a restart costs one drawing per member
who taps, and a write on a read would end the read
cache (storage/reads.py) for everyone at every tap and grow the database
that is backed up and streamed.

A picture is drawn only when a channel shows it (:class:`Image` ``draw``):
the terminal, or Zalo without a public address, never pays for one, and the
others send the text first. Drawing runs on one worker thread of its own:
matplotlib is not thread-safe, and the event loop goes on answering others
meanwhile. A picture that cannot be drawn is logged and left out; the text
has gone already.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial

from club import charts, texts
from club.calendar import format_date
from club.charts import Chart
from club.money import format_vnd
from handlers.conversation import Image
from handlers.savings import SAVINGS_KINDS
from storage.member_file import MemberFile

log = logging.getLogger(__name__)

MAX_CACHED = 512  # members' pictures kept (≈ 50 KiB each): a province's busy hour
MIN_POINTS = 2    # one reading, or one month, is no trend: the text says it all

# One thread for the whole process: matplotlib keeps global state.
_DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")

Drawer = Callable[[Chart], bytes]
Shown = tuple[Chart, str]  # the chart and its alt text: equal ones need no new drawing


def prepare() -> None:
    """Ready the drawing thread in the background (matplotlib's import and fonts)."""
    _DRAWER.submit(charts.prepare)


class _Entry:
    """One picture: what it shows, how it is drawn, and once drawn, its PNG."""

    __slots__ = ("drawing", "image", "png", "render", "shown")

    def __init__(self, shown: tuple[object, str], render: Callable[[], bytes]) -> None:
        self.shown = shown
        self.render = render
        self.png: bytes | None = None
        self.drawing: asyncio.Future[bytes | None] | None = None
        self.image: Image | None = None


class ChartCache:
    """The last picture of each (member, kind), while what it shows stays the same."""

    def __init__(self, draw: Drawer | None = None, size: int = MAX_CACHED) -> None:
        self._draw = draw or charts.draw
        self._size = size
        self._entries: OrderedDict[tuple[int, str], _Entry] = OrderedDict()
        # The member file each picture was last made from, and the picture (or None).
        self._made_from: OrderedDict[tuple[int, str], tuple[MemberFile, Image | None]] = (
            OrderedDict())
        self.renders = 0  # pictures drawn, for tests and the curious

    def for_file(self, file: MemberFile, kind: str,
                 build: Callable[[], Shown | None]) -> Image | None:
        """The member's picture of ``kind``, ``build`` giving its chart and words.

        The read cache (storage/reads.py) hands out the very same file until
        anything at all is committed; while it does, the chart is not even
        built again to be compared. After a commit it is, and an unchanged
        chart still finds its picture drawn.
        """
        key = (file.member.id, kind)
        made = self._made_from.get(key)
        if made is not None and made[0] is file:
            return made[1]
        shown = build()
        image = None if shown is None else self.image(file.member.id, *shown)
        self._made_from[key] = (file, image)
        self._made_from.move_to_end(key)
        while len(self._made_from) > self._size:
            self._made_from.popitem(last=False)
        return image

    def image(self, member_id: int, chart: Chart, alt: str) -> Image:
        """The picture of ``chart`` for the member: the one already made if it
        shows the same, otherwise a new one, drawn when first shown."""
        return self.picture((member_id, chart.kind), chart, alt, partial(self._draw, chart))

    def picture(self, key: tuple[int, str], shown: object, alt: str,
                render: Callable[[], bytes]) -> Image:
        """The picture kept under ``key`` (an owner's id and a kind) if it shows
        the same ``shown`` with the same words, otherwise a new one that
        ``render`` draws, on the drawing thread, when it is first shown.
        ``shown`` is the data drawn, compared whole and named by its repr."""
        entry = self._entries.get(key)
        if entry is not None and entry.shown == (shown, alt):
            self._entries.move_to_end(key)
        else:
            entry = self._entries[key] = _Entry((shown, alt), render)
            # Equal data draw equal pictures, so the data name the picture.
            digest = hashlib.sha256(repr((key[1], shown, alt)).encode()).hexdigest()[:32]
            entry.image = Image(alt=alt, key=digest, draw=partial(self._png, entry))
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        assert entry.image is not None
        return entry.image

    async def _png(self, entry: _Entry) -> bytes | None:
        if entry.png is not None:
            return entry.png
        if entry.drawing is None:  # two taps at once draw once
            entry.drawing = asyncio.ensure_future(self._render(entry))
        # Shielded: a person who stops waiting does not waste the drawing.
        return await asyncio.shield(entry.drawing)

    async def _render(self, entry: _Entry) -> bytes | None:
        self.renders += 1
        try:
            entry.png = await asyncio.get_running_loop().run_in_executor(_DRAWER, entry.render)
        except Exception:
            log.exception("charts: the picture «%s» could not be drawn", entry.shown[1])
        finally:
            entry.drawing = None  # a failure is tried again at the next tap
        return entry.png


# ---------------------------------------------------------------- what each screen shows


def bp_points(file: MemberFile) -> list[tuple[date, int, int]]:
    """The member's blood-pressure readings in the file, oldest first."""
    return [(date.fromisoformat(h.taken_on), h.systolic, h.diastolic)  # type: ignore[misc]
            for h in reversed(file.health)
            if h.systolic is not None and h.diastolic is not None][-charts.MAX_POINTS:]


def health_chart(file: MemberFile, cache: ChartCache) -> Image | None:
    return cache.for_file(file, "bp", lambda: _health_shown(file))


def _health_shown(file: MemberFile) -> Shown | None:
    points = bp_points(file)
    if len(points) < MIN_POINTS:
        return None
    last = points[-1]
    alt = texts.CHART_BP_ALT.format(count=len(points), first=format_date(points[0][0]),
                                    last=format_date(last[0]), bp=f"{last[1]}/{last[2]}")
    return charts.blood_pressure(points), alt


def monthly_balances(file: MemberFile, today: date) -> list[tuple[date, int]]:
    """The savings balance at the end of each month (the 1st stands for its
    month), from the month of the first deposit to this one; [] without any."""
    entries = [e for e in file.cash
               if e.kind in SAVINGS_KINDS and e.entry_date <= today.isoformat()]
    if not entries:
        return []
    per_month: dict[tuple[int, int], int] = {}
    for e in entries:  # reversals carry the negated amount: plain sums net them out
        month = (int(e.entry_date[:4]), int(e.entry_date[5:7]))
        per_month[month] = per_month.get(month, 0) + (
            e.amount if e.kind == "deposit" else -e.amount)
    year, month = min(per_month)
    balances, running = [], 0
    while (year, month) <= (today.year, today.month):
        running += per_month.get((year, month), 0)
        balances.append((date(year, month, 1), running))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return balances


def savings_chart(file: MemberFile, today: date, cache: ChartCache) -> Image | None:
    # The read cache keeps a file per member and day, so the same file means the same day.
    return cache.for_file(file, "balance", lambda: _savings_shown(file, today))


def _savings_shown(file: MemberFile, today: date) -> Shown | None:
    months = monthly_balances(file, today)[-charts.MAX_POINTS:]
    if len(months) < MIN_POINTS:
        return None
    alt = texts.CHART_SAVINGS_ALT.format(
        first=f"{months[0][0].month}/{months[0][0].year}",
        last=f"{months[-1][0].month}/{months[-1][0].year}",
        amount=format_vnd(months[-1][1]))
    return charts.balance(months), alt

