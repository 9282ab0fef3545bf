"""Keep only what is needed: the retention sweep deletes what outlived its
purpose and keeps what is recent, what is still needed, and the books."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import RetentionSettings, Settings, load_settings
from bot.errors import OperatorError, load_config
from bot.runtime import Runtime
from storage import Database
from storage.retention import Retention, prune
from tests.support.consent import agree_on_paper

NOW = datetime(2027, 6, 1, 3, 0)
OLD = (NOW - timedelta(days=800)).isoformat(timespec="seconds")   # beyond every period
RECENT = (NOW - timedelta(hours=1)).isoformat(timespec="seconds")


async def count(db: Database, table: str, where: str = "1") -> int:
    row = await db.fetchone(f"SELECT count(*) FROM {table} WHERE {where}")
    return int(row[0])


async def fill(db: Database) -> None:
    """One old and one recent row of everything the sweep looks at."""
    run = db.conn.execute
    for stamp, tag in ((OLD, "old"), (RECENT, "new")):
        await run("INSERT INTO conversation_state (channel, account_id, flow, updated_at) "
                  "VALUES ('telegram', ?, 'cb', ?)", (tag, stamp))
        await run("INSERT INTO zalo_menus (chat_id, options, shown_at) VALUES (?, '[]', ?)",
                  (tag, stamp))
        await run("INSERT INTO zalo_seen (chat_id, message_id, seen_at) VALUES ('c', ?, ?)",
                  (tag, stamp))
        await run("INSERT INTO link_attempts (channel, account_id, at, ok) VALUES "
                  "('telegram', ?, ?, 0)", (tag, stamp))
        await run("INSERT INTO web_signin_attempts (bucket, at, state) VALUES (?, ?, 'failed')",
                  (tag, stamp))
        for state in ("sent", "cancelled", "failed", "pending"):
            await run("INSERT INTO outbox (dedup_key, channel, account_id, kind, text, due_at, "
                      "state, created_at) VALUES (?, 'telegram', '1', 'receipt', 't', ?, ?, ?)",
                      (f"{tag}:{state}", stamp, state, stamp))
        await run("INSERT INTO web_inbox (account_id, text, created_at, seen_at) "
                  "VALUES (?, 'seen', ?, ?)", (tag, stamp, stamp))
        await run("INSERT INTO health_access_log (at, club_id, member_id, viewer_kind, viewer, "
                  "what) VALUES (?, 1, 1, 'relative', 'telegram:9', 'health')", (stamp,))
        await run("INSERT INTO link_codes (code_hash, member_id, issued_by, issued_at, "
                  "expires_at, used_at) VALUES (?, 1, 't', ?, ?, ?)",
                  (f"used-{tag}", stamp, stamp, stamp))
    # An old code that is still good (issued long ago, expiring later) stays.
    await run("INSERT INTO link_codes (code_hash, member_id, issued_by, issued_at, expires_at) "
              "VALUES ('valid', 1, 't', ?, ?)", (OLD, (NOW + timedelta(days=1)).isoformat()))


async def test_old_rows_go_recent_ones_stay(sample_db: Database):
    await fill(sample_db)
    await agree_on_paper(sample_db, "TV001")
    books = await count(sample_db, "cash_entries")
    deleted = await prune(sample_db, NOW)
    assert deleted == {"web_inbox": 1, "flows": 1, "zalo_menus": 1, "link_codes": 1,
                       "link_attempts": 1, "web_signin_attempts": 1, "zalo_seen": 1,
                       "outbox": 3, "access_log": 1}
    for table, where in [("conversation_state", "1"), ("zalo_menus", "1"), ("zalo_seen", "1"),
                         ("link_attempts", "1"), ("web_signin_attempts", "1"),
                         ("web_inbox", "1"), ("health_access_log", "1")]:
        assert await count(sample_db, table, where) == 1, table
    assert await count(sample_db, "link_codes") == 2  # the recent one, the valid one
    # Settled old messages go; the recent ones and anything still pending stay.
    kept = [r[0] for r in await sample_db.fetchall("SELECT dedup_key FROM outbox ORDER BY 1")]
    assert kept == ["new:cancelled", "new:failed", "new:pending", "new:sent", "old:pending"]
    # The books and the proof of consent are never swept.
    assert await count(sample_db, "cash_entries") == books
    assert await count(sample_db, "health_consents") == 1
    assert await prune(sample_db, NOW) == dict.fromkeys(deleted, 0)  # nothing twice


async def test_what_is_still_needed_stays_however_old(sample_db: Database):
    run = sample_db.conn.execute
    await run("INSERT INTO outbox (id, dedup_key, channel, account_id, kind, text, due_at, state, "
              "created_at) VALUES (1, 'inbox', 'web', 'w', 'receipt', 't', ?, 'sent', ?)",
              (OLD, OLD))
    await run("INSERT INTO web_inbox (account_id, outbox_id, text, created_at) "
              "VALUES ('w', 1, 't', ?)", (RECENT,))  # a browser has yet to show it
    await run("INSERT INTO notices (id, club_id, sender_channel, sender_account, "
              "sender_member_id, text, members_total, members_unlinked, created_at) "
              "VALUES (7, 1, 'telegram', '1', 1, 'n', 60, 0, ?)", (OLD,))
    await run("INSERT INTO outbox (dedup_key, channel, account_id, kind, text, due_at, state, "
              "created_at, event_key) VALUES ('notice', 'telegram', '2', 'notice', 't', ?, "
              "'sent', ?, 'notice:7')", (OLD, OLD))  # its delivery report is still to come
    await prune(sample_db, NOW)
    assert await count(sample_db, "outbox") == 2
    await run("UPDATE notices SET reported_at = ? WHERE id = 7", (RECENT,))
    await prune(sample_db, NOW)
    assert await count(sample_db, "outbox") == 1  # only the one an inbox holds


async def test_periods_come_from_the_config_and_have_floors(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[retention]\nweb_inbox_seen = "2d"\noutbox = "45d"\n', encoding="utf-8")
    retention = load_settings(config).retention.retention()
    assert retention.web_inbox_seen == timedelta(days=2)
    assert retention.outbox == timedelta(days=45)
    assert retention.zalo_seen == Retention().zalo_seen
    for key, value in [("zalo_seen", "1d"), ("access_log", "90d"), ("outbox", "1d"),
                       ("flows", "soon")]:
        with pytest.raises(ValidationError, match=key):
            RetentionSettings(**{key: value})


async def test_the_running_bot_sweeps_every_hour_with_the_configured_periods(tmp_path: Path):
    settings = Settings(database={"path": tmp_path / "club.db"},  # type: ignore[arg-type]
                        web={"enabled": True, "port": 0},  # type: ignore[arg-type]
                        retention={"flows": "2d"})  # type: ignore[arg-type]
    runtime = Runtime(settings, announce=lambda line: None)
    await runtime.start()
    try:
        assert runtime.scheduler is not None and runtime.db and runtime.services
        runtime.services.now = lambda: NOW
        job = runtime.scheduler.get_job("hourly-retention")
        assert job is not None and job.trigger.interval == timedelta(hours=1)
        for tag, age in (("three-days", timedelta(days=3)), ("one-day", timedelta(days=1))):
            await runtime.db.conn.execute(
                "INSERT INTO conversation_state (channel, account_id, flow, updated_at) "
                "VALUES ('web', ?, 'cb', ?)", (tag, (NOW - age).isoformat(timespec="seconds")))
        await runtime.db.conn.commit()
        await job.func()
        left = await runtime.db.fetchall("SELECT account_id FROM conversation_state")
        assert [row[0] for row in left] == ["one-day"]  # 2d configured, not the 7d default
    finally:
        await runtime.stop()


def test_a_period_below_its_floor_is_named_to_the_operator(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    for key in [k for k in os.environ if k.startswith("ISHC_")]:
        monkeypatch.delenv(key)
    config = tmp_path / "config.toml"
    config.write_text('[retention]\naccess_log = "90d"\n', encoding="utf-8")
    with pytest.raises(OperatorError) as refused:
        load_config(config)
    first = refused.value.message.splitlines()[0]
    assert "[retention] access_log" in first and '"366d"' in first and '"90d"' in first
