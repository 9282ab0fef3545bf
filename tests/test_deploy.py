"""deploy/: the systemd unit, the Caddyfile, the Litestream example and the
server config agree with each other and with what deploy/README.md says."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.config import load_settings

ROOT = Path(__file__).parents[1]
DEPLOY = ROOT / "deploy"


def unit() -> dict[str, list[str]]:
    """The unit's settings: key -> every value given (keys may repeat)."""
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / "ishc-bot.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_unit_runs_the_bot_as_its_own_user_restarting_on_failure():
    service = unit()
    assert service["User"] == ["ishc"] and service["Group"] == ["ishc"]
    [command] = service["ExecStart"]
    assert command.endswith(" --config /etc/ishc-bot/config.toml run")
    assert service["Restart"] == ["on-failure"]
    for key, value in (("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                       ("PrivateTmp", "yes"), ("UMask", "0077"), ("ProtectHome", "yes")):
        assert service[key] == [value], key


def test_the_server_config_writes_only_where_the_unit_allows():
    settings = load_settings(DEPLOY / "config.toml")
    writable = {p.lstrip("-") for v in unit()["ReadWritePaths"] for p in v.split()}
    assert str(settings.database.path.parent) in writable
    assert settings.backup.dir in writable
    assert settings.web.behind_proxy and settings.web.host == "127.0.0.1"


def test_caddy_serves_the_bots_public_address_and_proxies_to_its_port():
    settings = load_settings(DEPLOY / "config.toml")
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    sites = re.findall(r"^(\S+) \{$", caddyfile, flags=re.MULTILINE)
    assert sites == [urlsplit(settings.web.public_url).hostname]
    assert re.search(rf"^\s*reverse_proxy {settings.web.host}:{settings.web.port}$",
                     caddyfile, flags=re.MULTILINE)


def test_litestream_streams_the_database_the_bot_uses():
    settings = load_settings(DEPLOY / "config.toml")
    litestream = (DEPLOY / "litestream.yml").read_text(encoding="utf-8")
    assert re.search(rf"^  - path: {re.escape(str(settings.database.path))}$", litestream,
                     flags=re.MULTILINE)
    assert "SECRET_ACCESS_KEY:" not in litestream and "secret-access-key" not in litestream


def test_the_readmes_name_the_same_paths():
    service = unit()
    guide = (DEPLOY / "README.md").read_text(encoding="utf-8")
    settings = load_settings(DEPLOY / "config.toml")
    binary = service["ExecStart"][0].split()[0]
    for path in (binary, "/etc/ishc-bot/config.toml", str(settings.database.path),
                 settings.backup.dir, *(e.lstrip("-") for e in service["EnvironmentFile"])):
        assert path in guide, path
    for name in ("ishc-bot.service", "Caddyfile", "litestream.yml", "config.toml",
                 "litestream-ishc.conf"):
        assert (DEPLOY / name).is_file() and f"`{name}`" in guide, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    backups = readme[readme.index("## Backups"):]
    assert "Litestream" in backups and "deploy/litestream.yml" in backups
    assert f"path: {settings.database.path}" in backups


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit():
    result = subprocess.run(["systemd-analyze", "verify", str(DEPLOY / "ishc-bot.service")],
                            capture_output=True, text=True, timeout=60)
    # The one complaint expected here: the bot is not installed in /opt on this machine.
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if line.strip() and "/opt/ishc-bot/.venv/bin/ishc-bot" not in line]
    assert complaints == []
