"""Done when: over the Bot API, the board moves a meeting to a few minutes
ahead with ``meeting_before = ["2m"]``; every linked member of the club gets
exactly one reminder naming the new time — also when the bot is killed
(SIGKILL) in the middle of the fan-out and started again.

The real ``ishc-bot run`` process long-polls a fake Bot API on 127.0.0.1. A
subprocess has no controllable clock, so the meeting is moved to the first
whole minute at least two minutes ahead and the test waits for the reminder
(under a minute). Other reminders are switched off in the config and quiet
hours too, so the test does not depend on the day it runs.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from handlers.context import vietnam_now
from tests.conftest import EXPECTED, SAMPLE
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi

CHAIR = 8001
PAUSED = 8006
GRANDSON = 9105           # linked by the secretary's code, as a proxy of TV005
MOVED = "Buổi họp CLB đã dời sang"


def _config(tmp_path: Path, base_url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f"""
[database]
path = "club.db"

[telegram]
token = "1:fake"
base_url = "{base_url}"

[reminders]
meeting_before = ["2m"]
checkup_before = []
installment_before = []
report_before = []
rollcall_after = []
quiet_hours = ""

[outbox]
rate = 8.0
per_chat_interval = 1.0
max_in_flight = 2
poll_interval = 0.5
""", encoding="utf-8")
    return config


def _cli(config: Path, *args: str, **kw: Any) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ISHC_")}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "--config", str(config), *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _last_choices(api: FakeBotApi, chat: int) -> dict[str, str]:
    for params in reversed(api.sent):
        markup = params.get("reply_markup")
        if int(params["chat_id"]) == chat and isinstance(markup, dict) \
                and "inline_keyboard" in markup:
            return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"]
                    for b in row}
    raise AssertionError("no inline buttons sent")


def _say(api: FakeBotApi, update: dict[str, Any], replies: int = 1) -> None:
    before = len(api.sent)
    api.push(update)
    _wait(lambda: len(api.sent) >= before + replies, 15, "the bot's answer")


def _reminders(api: FakeBotApi) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for params in list(api.sent):
        if MOVED in params.get("text", ""):
            found.setdefault(int(params["chat_id"]), []).append(params["text"])
    return found


def test_a_meeting_moved_minutes_ahead_reaches_everyone_once_across_a_kill(tmp_path: Path):
    with FakeBotApi() as api:
        config = _config(tmp_path, api.base_url)
        assert _cli(config, "import", str(SAMPLE)).wait(60) == 0
        db = tmp_path / "club.db"
        # A relative helping TV005, linked with her consent (by a one-time code).
        with sqlite3.connect(db) as conn:
            tv005 = conn.execute("SELECT id FROM members WHERE code = 'TV005'").fetchone()[0]
            conn.execute("INSERT INTO chat_accounts VALUES ('telegram', ?, ?, '2026-11-01')",
                         (str(GRANDSON), tv005))
            conn.execute("INSERT INTO chat_links VALUES ('telegram', ?, ?, 'code', "
                         "'2026-11-01', 1)", (str(GRANDSON), tv005))

        bot = _cli(config, "run")
        try:
            # Members link their accounts by sharing their own contact.
            phones: dict[str, int] = {}
            sharing: Counter[str] = Counter()
            for m in EXPECTED["members"]:
                if m["phone"] and m["phone"] not in phones:
                    phones[m["phone"]] = 8000 + int(m["code"][2:])
                sharing[m["phone"]] += 1
            for phone, user in phones.items():
                # A phone two members share is answered in two messages (who shares
                # it, then whose book to see): wait for both, or the next step
                # would take the second for its own answer.
                _say(api, updates.contact(user, phone, owner_id=user),
                     replies=2 if sharing[phone] > 1 else 1)
            _say(api, updates.text(PAUSED, "tat nhac nho"))
            expected = (set(phones.values()) | {GRANDSON}) - {PAUSED}

            # The chair moves the next meeting to a few minutes from now.
            _say(api, updates.text(CHAIR, "🗂 Ban chủ nhiệm"))
            _say(api, updates.callback(CHAIR, "mt:open"))
            first = next(iter(_last_choices(api, CHAIR).values()))
            _say(api, updates.callback(CHAIR, first))
            _say(api, updates.callback(CHAIR, _last_choices(api, CHAIR)["📆 Dời sang ngày khác"]))
            # The first whole minute at least 2 min 2 s ahead, on the bot's (Vietnam's) clock.
            meeting = (vietnam_now() + timedelta(minutes=2, seconds=62)).replace(
                second=0, microsecond=0)
            _say(api, updates.text(CHAIR, f"{meeting:%d/%m/%Y %H:%M}"))
            _say(api, updates.callback(CHAIR, _last_choices(api, CHAIR)["✅ Đồng ý"]))
            assert "Đã dời buổi họp" in api.sent[-1]["text"]

            # The reminder falls due two minutes before; kill the bot mid fan-out.
            _wait(lambda: len(_reminders(api)) >= 6, 90, "the fan-out to start")
            bot.send_signal(signal.SIGKILL)
            bot.wait(10)
            killed_at = len(_reminders(api))
            assert killed_at < len(expected), "the kill must land in the middle of the fan-out"
            bot = _cli(config, "run")

            def settled() -> bool:
                with sqlite3.connect(db) as conn:
                    waiting = conn.execute(
                        "SELECT count(*) FROM outbox WHERE kind = 'reminder' "
                        "AND state IN ('pending', 'sending')").fetchone()[0]
                return waiting == 0 and len(_reminders(api)) > killed_at
            _wait(settled, 30, "the fan-out to finish after the restart")
        finally:
            bot.send_signal(signal.SIGINT)
            output = bot.communicate(timeout=30)[0].decode()

    got = _reminders(api)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT CAST(account_id AS INTEGER), state, dedup_key FROM outbox "
                            "WHERE kind = 'reminder'").fetchall()
    states = {account: state for account, state, _ in rows}
    assert set(states) == expected, output           # everyone linked, the paused one not
    assert all(len(texts) == 1 for texts in got.values())        # never a second copy
    assert all(len(got.get(a, [])) == 1 for a, s in states.items() if s == "sent")
    assert set(states.values()) <= {"sent", "uncertain"}
    assert sum(1 for s in states.values() if s == "uncertain") <= 2   # in flight at the kill
    assert PAUSED not in got
    wanted = f"lúc <b>{meeting:%H:%M}</b>"
    assert all(wanted in texts[0] and f"{meeting:%d/%m/%Y}" in texts[0] for texts in got.values())
    assert all(f"@{meeting:%Y-%m-%dT%H:%M}:2m:" in key for _, _, key in rows)
    assert "Traceback" not in output, output
    print(json.dumps({"recipients": len(expected), "killed_after": killed_at}))
