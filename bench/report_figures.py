"""What the programme's figures cost for a province: every club's report at once.

Run from the project root: ``python -m bench.report_figures`` (``make bench``).
On the synthetic database of ``bench.synthetic`` (1,000 clubs × 60 members, a
year of books, ~1 M cash entries), times ``count_clubs`` for all clubs — the
eight grouped statements an officers' dashboard runs for a period — and for
one club, then the club reports built from the counts. Prints median of
``--runs`` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from bench.synthetic import cached
from club.programme import club_report, parse_period
from storage import Database
from storage.programme.figures import all_club_ids, count_clubs


async def _measure(path: Path, runs: int) -> None:
    db = await Database.open(path)
    try:
        period = parse_period("2026")
        ids = await all_club_ids(db.fetchall)
        for label, chosen in (("all clubs", ids), ("one club", ids[:1])):
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                counts = await count_clubs(db.fetchall, chosen, period)
                reports = [club_report(c, period) for c in counts.values()]
                times.append(time.perf_counter() - started)
            print(f"{label:>10} ({len(reports):>5} reports): median "
                  f"{statistics.median(times) * 1000:8.1f} ms over {runs} runs")
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clubs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(_measure(cached(args.clubs), args.runs))


if __name__ == "__main__":
    main()
