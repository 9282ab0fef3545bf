"""The real ``ishc-bot run`` process, long-polling a fake Bot API on 127.0.0.1
through the configured ``[telegram] base_url``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE, member
from tests.support import updates
from tests.support.fake_bot_server import FakeBotApi

USER = 8001


def _config(tmp_path: Path, base_url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\npath = "club.db"\n\n[telegram]\ntoken = "1:fake"\n'
        f'base_url = "{base_url}"\n', encoding="utf-8")
    return config


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]


def test_run_answers_members_over_the_bot_api(tmp_path: Path):
    with FakeBotApi() as api:
        config = _config(tmp_path, api.base_url)
        subprocess.run(_cli("--config", str(config), "import", str(SAMPLE)), check=True,
                       capture_output=True, timeout=60)
        env = {**os.environ, "ISHC_TELEGRAM__TOKEN": "2:from-env"}
        bot = subprocess.Popen(_cli("--config", str(config), "run"), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            api.push(updates.text(USER, "/start"))
            api.push(updates.contact(USER, member("TV002")["phone"], owner_id=USER))
            api.push(updates.text(USER, "tiet kiem"))
            sent = api.wait_for_sent(3)
        finally:
            bot.send_signal(signal.SIGINT)
            output = bot.communicate(timeout=30)[0].decode()
        assert len(sent) == 3, output
        assert "Xin chào" in sent[0]["text"]
        assert member("TV002")["name"] in sent[1]["text"]
        assert "<b>800.000 đ</b>" in sent[2]["text"]
        assert sent[2]["parse_mode"] == "HTML"
        assert bot.returncode == 0, output
        assert "2:from-env" not in output  # the token never reaches the log
        assert api.paths and all("/bot2:from-env/" in p for p in api.paths)  # env beat the file


def test_run_without_a_token_says_what_to_do(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "club.db"\n', encoding="utf-8")
    result = subprocess.run(_cli("--config", str(config), "run"), capture_output=True,
                            timeout=60, env={k: v for k, v in os.environ.items()
                                             if not k.startswith("ISHC_")})
    assert result.returncode == 2
    assert "token" in result.stderr.decode()
