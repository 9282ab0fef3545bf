"""What an operator sees when they got something wrong: one or two Vietnamese
lines saying what to do, a non-zero exit, no traceback, and never a token or
a secret — on the terminal or in the log."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot import cli
from bot.errors import redact
from tests.channels.fake_zalo import FakeZalo
from tests.test_runtime import cli as run_cli

TELEGRAM_TOKEN = "123456789:AAH-very-secret-telegram-token"
ZALO_TOKEN = "4455667788:very-secret-zalo-token"


def _config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n' + text, encoding="utf-8")
    return config


def _short_and_clean(stderr: str, *secrets: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, stderr
    assert "Traceback" not in stderr
    for secret in secrets:
        assert secret not in stderr and secret.split(":")[-1] not in stderr
    return lines


def test_a_mistyped_key_is_named_with_the_nearest_valid_one(tmp_path: Path):
    config = _config(tmp_path, f'[telegram]\ntokn = "{TELEGRAM_TOKEN}"\n')
    result = run_cli(config, "run")
    assert result.returncode != 0
    first, _ = _short_and_clean(result.stderr, TELEGRAM_TOKEN)
    assert "[telegram]" in first and "«tokn»" in first and "«token»" in first
    assert result.stdout == ""


def test_a_mistyped_section_is_named_too(tmp_path: Path):
    config = _config(tmp_path, '[zaloo]\nmode = "polling"\n')
    result = run_cli(config, "import", "book.xlsx")
    assert result.returncode != 0
    first, _ = _short_and_clean(result.stderr)
    assert "[zaloo]" in first and "[zalo]" in first


def test_a_wrong_type_says_what_is_wanted(tmp_path: Path):
    config = _config(tmp_path, '[web]\nenabled = true\nport = "tám nghìn"\n')
    result = run_cli(config, "run")
    assert result.returncode != 0
    first, fix = _short_and_clean(result.stderr)
    assert "[web] port phải là số nguyên" in first and "tám nghìn" in first
    assert "config.toml" in fix


def test_a_secret_given_a_wrong_value_is_not_echoed(tmp_path: Path, capsys: pytest.CaptureFixture):
    secret = "sec ret with spaces!"
    config = _config(tmp_path, f'[telegram]\nwebhook_secret = "{secret}"\n')
    assert cli.main(["--config", str(config), "audit"]) != 0
    err = capsys.readouterr().err
    assert "[telegram] webhook_secret" in err and secret not in err


def test_zalo_webhook_settings_zalo_would_refuse_read_as_one_plain_line(
        tmp_path: Path, capsys: pytest.CaptureFixture):
    secret = "short7!"
    config = _config(tmp_path, f'[zalo]\nmode = "webhook"\ntoken = "{ZALO_TOKEN}"\n'
                               f'webhook_secret = "{secret}"\n'
                               '[web]\npublic_url = "https://clb.example.vn"\n')
    assert cli.main(["--config", str(config), "run"]) == 2
    first, fix = _short_and_clean(capsys.readouterr().err, ZALO_TOKEN, secret)
    assert first == ("Cấu hình: [zalo] webhook_secret phải dài từ 8 đến 256 ký tự, không có "
                     "dấu cách (Zalo yêu cầu như vậy); hiện có 7 ký tự.")
    assert "config.toml" in fix

    config = _config(tmp_path, f'[zalo]\nmode = "webhook"\ntoken = "{ZALO_TOKEN}"\n'
                               'webhook_secret = "long-enough-secret"\n'
                               '[web]\npublic_url = "http://clb.example.vn"\n')
    assert cli.main(["--config", str(config), "run"]) == 2
    first, _ = _short_and_clean(capsys.readouterr().err, ZALO_TOKEN, "long-enough-secret")
    assert first.startswith('Cấu hình: [zalo] mode = "webhook" cần [web] public_url = "https://')


@contextmanager
def refusing_bot_api() -> Iterator[str]:
    """A Bot API that refuses every token, as Telegram does a revoked one."""

    class Refuse(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = json.dumps({"ok": False, "error_code": 401,
                               "description": "Unauthorized"}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        server.shutdown()
        server.server_close()


def test_a_token_telegram_rejects_is_said_without_the_token(tmp_path: Path):
    with refusing_bot_api() as base_url:
        config = _config(tmp_path, f'[telegram]\ntoken = "{TELEGRAM_TOKEN}"\n'
                                   f'base_url = "{base_url}"\n')
        result = run_cli(config, "run")
    assert result.returncode != 0
    (line,) = _short_and_clean(result.stderr, TELEGRAM_TOKEN)
    assert "Telegram không nhận token" in line and "@BotFather" in line
    assert TELEGRAM_TOKEN.split(":")[1] not in result.stdout


def test_a_token_zalo_rejects_is_said_without_the_token(tmp_path: Path):
    with FakeZalo() as api:  # it knows only its own token
        config = _config(tmp_path, f'[zalo]\ntoken = "{ZALO_TOKEN}"\n'
                                   f'base_url = "{api.base_url}"\n')
        result = run_cli(config, "run")
    assert result.returncode != 0
    (line,) = _short_and_clean(result.stderr, ZALO_TOKEN)
    assert "Zalo không nhận token" in line and "Zalo Bot Manager" in line
    assert ZALO_TOKEN.split(":")[1] not in result.stdout


def test_no_network_says_to_check_it(tmp_path: Path, capsys: pytest.CaptureFixture):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    config = _config(tmp_path, f'[zalo]\ntoken = "{ZALO_TOKEN}"\n'
                               f'base_url = "http://127.0.0.1:{port}/bot"\n')
    assert cli.main(["--config", str(config), "run"]) == 2
    err = capsys.readouterr().err
    assert f"Không kết nối được tới Zalo (127.0.0.1:{port})" in err.splitlines()[-1]
    assert ZALO_TOKEN.split(":")[1] not in err


def test_a_port_in_use_is_said(tmp_path: Path, capsys: pytest.CaptureFixture):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = _config(tmp_path, f"[web]\nenabled = true\nport = {port}\n")
        assert cli.main(["--config", str(config), "run"]) == 2
    line = capsys.readouterr().err.splitlines()[-1]
    assert f"Không mở được cổng {port}" in line and "chương trình khác" in line


def test_missing_files_are_named(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert cli.main(["--config", str(tmp_path / "nope.toml"), "run"]) == 2
    assert "nope.toml" in capsys.readouterr().err
    config = _config(tmp_path, "")
    assert cli.main(["--config", str(config), "import", str(tmp_path / "so.xlsx")]) == 2
    assert "so.xlsx" in capsys.readouterr().err


def test_debug_shows_the_traceback_still_without_the_token(tmp_path: Path):
    with refusing_bot_api() as base_url:
        config = _config(tmp_path, f'[telegram]\ntoken = "{TELEGRAM_TOKEN}"\n'
                                   f'base_url = "{base_url}"\n')
        result = run_cli(config, "--debug", "run")
    assert "Traceback" in result.stderr and "InvalidToken" in result.stderr
    assert TELEGRAM_TOKEN.split(":")[1] not in result.stdout + result.stderr


def test_redact_blanks_a_token_and_its_secret_half():
    text = f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/getMe and AAH-very-secret-telegram-token"
    assert redact(text, [TELEGRAM_TOKEN]) == "https://api.telegram.org/bot***/getMe and ***"


def test_a_mistyped_environment_variable_is_named(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch):
    config = _config(tmp_path, "")
    monkeypatch.setenv("ISHC_ZALLO__TOKEN", ZALO_TOKEN)
    monkeypatch.setenv("ISHC_REQUIRE_BROWSER", "1")  # not a setting: left alone
    assert cli.main(["--config", str(config), "run"]) == 2
    (line,) = _short_and_clean(capsys.readouterr().err, ZALO_TOKEN)
    assert "ISHC_ZALLO__TOKEN" in line and "ISHC_ZALO__" in line
    monkeypatch.delenv("ISHC_ZALLO__TOKEN")
    monkeypatch.setenv("ISHC_ZALO__TOKNE", ZALO_TOKEN)
    assert cli.main(["--config", str(config), "run"]) == 2
    first, _ = _short_and_clean(capsys.readouterr().err, ZALO_TOKEN)
    assert "«tokne»" in first and "«token»" in first and "ISHC_ZALO__TOKNE" in first
