"""``ishc-bot check``: one ✅/❌ line per item, exit 0 only when all pass."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from storage import Database
from storage.importer import import_workbook
from tests.channels.fake_zalo import TOKEN, FakeZalo
from tests.conftest import AS_OF, SAMPLE
from tests.support.fake_bot_server import FakeBotApi
from tests.test_runtime import free_port


class FakeZaloWithWebhookInfo(FakeZalo):
    """The fake Zalo API, also answering getWebhookInfo with what setWebhook stored."""

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[Any, float]:
        if method == "getWebhookInfo":
            with self._lock:
                self.calls.append((method, params))
                return {"url": (self.webhook or {}).get("url", "")}, 0.0
        return super()._answer(method, params)


def _lines(capsys: pytest.CaptureFixture) -> list[str]:
    return capsys.readouterr().out.strip().splitlines()


def _imported(tmp_path: Path) -> None:
    async def load() -> None:
        db = await Database.open(tmp_path / "club.db")
        await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
        await db.close()

    asyncio.run(load())


def test_a_ready_zalo_and_web_club_passes_every_item(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture):
    _imported(tmp_path)
    with FakeZalo() as api:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n[zalo]\nmode = "polling"\ntoken = "{TOKEN}"\n'
            f'base_url = "{api.base_url}"\n[web]\nenabled = true\nport = {free_port()}\n',
            encoding="utf-8")
        assert cli.main(["--config", str(config), "check"]) == 0
    lines = _lines(capsys)
    assert len(lines) == 4 and all(line.startswith("✅") for line in lines), lines
    assert "đủ" in lines[1] and "1 CLB" in lines[1]
    assert "Zalo: token được nhận (tài khoản bot bot.clbdongho)" in lines[2]
    assert "còn trống" in lines[3]
    assert api.methods() == ["getMe"]  # nothing set, nothing polled


def test_a_telegram_club_passes_with_its_token(tmp_path: Path, capsys: pytest.CaptureFixture):
    _imported(tmp_path)
    with FakeBotApi() as api:
        config = tmp_path / "config.toml"
        config.write_text(f'[database]\npath = "club.db"\n[telegram]\ntoken = "1:fake"\n'
                          f'base_url = "{api.base_url}"\n', encoding="utf-8")
        assert cli.main(["--config", str(config), "check"]) == 0
    lines = _lines(capsys)
    assert lines[-1] == "✅ Telegram: token được nhận (tài khoản bot @ishc_fake_bot)."


def test_every_failing_item_gets_its_line(tmp_path: Path, capsys: pytest.CaptureFixture):
    with FakeZalo() as api, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n[zalo]\ntoken = "9:refused-token"\n'
            f'base_url = "{api.base_url}"\n[web]\nenabled = true\nport = {port}\n',
            encoding="utf-8")
        assert cli.main(["--config", str(config), "check"]) == 1
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[0].startswith("✅ Cấu hình")
    assert lines[1].startswith("❌ Chưa có cơ sở dữ liệu") and "import" in lines[1]
    assert lines[2].startswith("❌ Zalo không nhận token")
    assert lines[3].startswith(f"❌ Không mở được cổng web 127.0.0.1:{port}")
    assert "refused-token" not in out
    assert not (tmp_path / "club.db").exists()  # check creates nothing


def test_an_invalid_config_is_one_failed_item(tmp_path: Path, capsys: pytest.CaptureFixture):
    config = tmp_path / "config.toml"
    config.write_text('[web]\nenable = true\n', encoding="utf-8")
    assert cli.main(["--config", str(config), "check"]) == 1
    lines = _lines(capsys)
    assert lines[0].startswith("❌ Cấu hình") and "«enable»" in lines[1] and "«enabled»" in lines[1]
    assert not any(line.startswith("✅") for line in lines)


def test_a_database_behind_its_migrations_fails(tmp_path: Path, capsys: pytest.CaptureFixture):
    _imported(tmp_path)
    with sqlite3.connect(tmp_path / "club.db") as conn:
        conn.execute("DELETE FROM schema_migrations WHERE version = "
                     "(SELECT max(version) FROM schema_migrations)")
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n[web]\nenabled = true\nport = 0\n',
                      encoding="utf-8")
    assert cli.main(["--config", str(config), "check"]) == 1
    line = _lines(capsys)[1]
    assert line.startswith("❌ Cơ sở dữ liệu") and "còn 1 bản nâng cấp chưa áp dụng" in line


def test_the_zalo_webhook_must_be_registered_at_the_public_url(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture):
    _imported(tmp_path)
    with FakeZaloWithWebhookInfo() as api:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n[zalo]\nmode = "webhook"\ntoken = "{TOKEN}"\n'
            f'base_url = "{api.base_url}"\nwebhook_secret = "a-long-secret"\n'
            f'[web]\nport = 0\npublic_url = "https://clb.example.vn"\n', encoding="utf-8")
        assert cli.main(["--config", str(config), "check"]) == 1
        missing = _lines(capsys)
        api.webhook = {"url": "https://clb.example.vn/webhook/zalo"}
        assert cli.main(["--config", str(config), "check"]) == 0
        registered = _lines(capsys)
    assert missing[3].startswith("❌ Zalo: webhook chưa đăng ký ở "
                                 "https://clb.example.vn/webhook/zalo (đang là: chưa có)")
    assert registered[3] == "✅ Zalo: webhook đã đăng ký ở https://clb.example.vn/webhook/zalo."
    assert "a-long-secret" not in "\n".join(missing + registered)


class FakeBotApiWithWebhookInfo(FakeBotApi):
    def __init__(self, url: str, last_error: str = "") -> None:
        super().__init__()
        self.info = {"url": url, "has_custom_certificate": False, "pending_update_count": 0}
        if last_error:
            self.info |= {"last_error_date": 1767225600, "last_error_message": last_error}

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getWebhookInfo":
            return self.info
        return super()._answer(method, params)


@pytest.mark.parametrize(("registered", "last_error", "passed"), [
    ("https://clb.example.vn/webhook/telegram", "", True),
    ("https://clb.example.vn/webhook/telegram", "SSL error {certificate verify failed}", False),
    ("", "", False),
])
def test_the_telegram_webhook_is_read_with_getwebhookinfo(
        tmp_path: Path, capsys: pytest.CaptureFixture, registered: str, last_error: str,
        passed: bool):
    _imported(tmp_path)
    with FakeBotApiWithWebhookInfo(registered, last_error) as api:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n[telegram]\ntoken = "1:fake"\nmode = "webhook"\n'
            f'base_url = "{api.base_url}"\nwebhook_secret = "s3cret"\n'
            f'[web]\nport = 0\npublic_url = "https://clb.example.vn"\n', encoding="utf-8")
        assert cli.main(["--config", str(config), "check"]) == (0 if passed else 1)
    line = _lines(capsys)[3]
    assert line.startswith("✅" if passed else "❌"), line
    if last_error:
        assert "certificate verify failed" in line
    if not registered:
        assert "chưa đăng ký" in line and "đang là: chưa có" in line
    assert "setWebhook" not in api.methods  # check changes nothing
