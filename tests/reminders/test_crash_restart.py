"""Kill the dispatcher with SIGKILL in the middle of a fan-out, start it again:
every recipient gets exactly one copy. The only exception allowed is a message
whose request was in flight at the kill — recorded as uncertain, never resent,
so at most one copy even then."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from storage import Database
from storage.outbox import Outgoing, enqueue
from tests.reminders.support import CHANNEL
from tests.support.fake_bot_server import FakeBotApi

RECIPIENTS = 120
RATE = 40.0
MAX_IN_FLIGHT = 4


async def fill(path: Path) -> None:
    db = await Database.open(path)
    due = datetime.now() - timedelta(minutes=1)
    async with db.transaction() as conn:
        await enqueue(conn, [
            Outgoing(f"rem:meeting:1:2026-12-17@2026-12-17T14:00:2h:{CHANNEL}:{9000 + i}",
                     CHANNEL, str(9000 + i), "reminder", f"Nhắc họp ({i})", due,
                     event_key="meeting:1:2026-12-17")
            for i in range(RECIPIENTS)], now=due)
    await db.close()


def worker(path: Path, api: FakeBotApi) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reminders.outbox_worker", str(path), api.base_url,
         str(RATE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


async def test_killed_mid_fan_out_and_restarted_each_recipient_gets_one_copy(tmp_path: Path):
    path = tmp_path / "outbox.db"
    await fill(path)
    with FakeBotApi() as api:
        first = worker(path, api)
        deadline = time.monotonic() + 30
        while len(api.sent) < RECIPIENTS // 3 and time.monotonic() < deadline:
            time.sleep(0.005)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_after = len(api.sent)
        assert 0 < killed_after < RECIPIENTS, "the kill must land in the middle of the fan-out"

        second = worker(path, api)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        tally = json.loads(out.strip().splitlines()[-1])
        delivered = api.delivered()

    with sqlite3.connect(path) as conn:
        states = dict(conn.execute("SELECT CAST(account_id AS INTEGER), state FROM outbox"))
    assert set(states.values()) <= {"sent", "uncertain"}
    assert max(delivered.values()) == 1                       # never two copies
    for chat, state in states.items():
        if state == "sent":
            assert delivered[chat] == 1                       # exactly one
    uncertain = [c for c, s in states.items() if s == "uncertain"]
    # Only what was in flight at the kill can be uncertain.
    assert len(uncertain) == tally["recovered"] <= MAX_IN_FLIGHT
    # Nobody was skipped: everyone got their copy, or is one of those few.
    assert all(delivered[c] == 1 or c in uncertain for c in states)
    assert len(states) == RECIPIENTS and tally["sent"] > 0
