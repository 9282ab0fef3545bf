"""``ishc-bot check``: is this installation ready to run? One line per item.

✅ or ❌ for: the configuration, the database (opens, its migrations current),
each enabled channel's token (getMe), the webhook where one is configured
(getWebhookInfo), the web server's port. Exit 0 only if every item passed.
Nothing is changed: the database is opened read-only (no migration applied),
no webhook is set, the port is bound and released at once.
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from bot.config import Settings
from bot.errors import (
    OperatorError,
    load_config,
    port_reason,
    redact,
    redact_logs,
    secrets_of,
)
from bot.runtime import channels_of
from club import texts
from storage.database import _migration_scripts as bundled_migrations


class _Report:
    def __init__(self, secrets: list[str] | None = None) -> None:
        self.failed = 0
        self.secrets = secrets or []

    def ok(self, what: str) -> None:
        print(texts.CHECK_OK.format(what=what), flush=True)

    def bad(self, what: str) -> None:
        self.failed += 1
        first, *rest = redact(what, self.secrets).splitlines() or [""]
        print("\n".join([texts.CHECK_FAILED.format(what=first), *("   " + r for r in rest)]),
              flush=True)


async def check(config: Path | None) -> int:
    report = _Report()
    named = config if config is not None else texts.CHECK_NO_CONFIG_FILE
    try:
        settings = load_config(config)
    except OperatorError as problem:
        report.bad(texts.CHECK_CONFIG_BAD.format(path=named) + "\n" + problem.message)
        print(texts.CHECK_SKIPPED)
        return 1
    report.secrets = secrets_of(settings)
    redact_logs(report.secrets)
    report.ok(texts.CHECK_CONFIG_OK.format(path=named))

    passed, line = database(settings.database.path)
    (report.ok if passed else report.bad)(line)

    channels = channels_of(settings)
    if not channels:
        report.bad(texts.CLI_NO_CHANNEL.format(path=named))
    if "telegram" in channels:
        await _telegram(settings, report)
    if "zalo" in channels:
        await _zalo(settings, report)
    webhooks = (("telegram" in channels and settings.telegram.mode == "webhook")
                or settings.zalo.mode == "webhook")
    if settings.web.enabled or webhooks:
        problem = port_problem(settings.web.host, settings.web.port)
        where = {"host": settings.web.host, "port": settings.web.port}
        if problem is None:
            report.ok(texts.CHECK_PORT_OK.format(**where))
        else:
            report.bad(texts.CHECK_PORT_BUSY.format(reason=problem, **where))
    return 0 if report.failed == 0 else 1


async def _telegram(settings: Settings, report: _Report) -> None:
    from bot import app
    from bot.channels.telegram import WEBHOOK_PATH

    try:
        name = await app.identity(settings.telegram)
    except OperatorError as problem:
        report.bad(problem.message)
        return
    report.ok(texts.CHECK_TOKEN_OK.format(service=app.SERVICE, name=name))
    if settings.telegram.mode != "webhook":
        return
    wanted = settings.web.public_url + WEBHOOK_PATH
    try:
        current, last_error = await app.webhook_info(settings.telegram)
    except OperatorError as problem:
        report.bad(texts.CHECK_WEBHOOK_UNKNOWN.format(service=app.SERVICE,
                                                      reason=problem.message))
        return
    _webhook(report, app.SERVICE, wanted, current, last_error)


async def _zalo(settings: Settings, report: _Report) -> None:
    from bot import zalo_adapter
    from bot.channels.zalo import WEBHOOK_PATH

    service = zalo_adapter.SERVICE
    problem = zalo_adapter.missing(settings.zalo)
    if problem is not None:
        report.bad(problem)
        return
    try:
        name = await zalo_adapter.identity(settings.zalo)
    except OperatorError as refused:
        report.bad(refused.message)
        return
    report.ok(texts.CHECK_TOKEN_OK.format(service=service, name=name))
    if settings.zalo.mode != "webhook":
        return
    try:
        current = await zalo_adapter.webhook_url(settings.zalo)
    except OperatorError as unknown:
        report.bad(texts.CHECK_WEBHOOK_UNKNOWN.format(service=service, reason=unknown.message))
        return
    # Without [web] public_url, the webhook is the one set in Zalo's dashboard.
    wanted = settings.web.public_url + WEBHOOK_PATH if settings.web.public_url else current
    _webhook(report, service, wanted, current, "")


def _webhook(report: _Report, service: str, wanted: str, current: str,
             last_error: str) -> None:
    if current and current == wanted:
        line = texts.CHECK_WEBHOOK_OK.format(service=service, url=current)
        if last_error:
            report.bad(line + texts.CHECK_WEBHOOK_LAST_ERROR.format(service=service,
                                                                    error=last_error))
        else:
            report.ok(line)
        return
    report.bad(texts.CHECK_WEBHOOK_MISSING.format(
        service=service, url=wanted or "?", current=current or texts.CHECK_WEBHOOK_NONE))


def database(path: Path) -> tuple[bool, str]:
    """Whether the database opens (read-only) with every bundled migration applied."""
    if not path.is_file():
        return False, texts.CHECK_DB_MISSING.format(path=path)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as failure:
        return False, texts.CHECK_DB_BROKEN.format(path=path, reason=failure)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied: dict[int, str] = {}
        if "schema_migrations" in tables:
            applied = dict(conn.execute("SELECT version, name FROM schema_migrations"))
        clubs = conn.execute("SELECT count(*) FROM clubs").fetchone()[0] \
            if "clubs" in tables else 0
    except sqlite3.Error as failure:
        return False, texts.CHECK_DB_BROKEN.format(path=path, reason=failure)
    finally:
        conn.close()
    bundled = {version: name for version, name, _ in bundled_migrations()}
    behind = [name for version, name in sorted(bundled.items()) if version not in applied]
    ahead = [name for version, name in sorted(applied.items()) if version not in bundled]
    if ahead:
        return False, texts.CHECK_DB_AHEAD.format(path=path, names=", ".join(ahead))
    if behind:
        return False, texts.CHECK_DB_BEHIND.format(path=path, count=len(behind),
                                                   names=", ".join(behind))
    return True, texts.CHECK_DB_OK.format(path=path, count=len(applied), clubs=clubs)


def port_problem(host: str, port: int) -> str | None:
    """Why the web server could not listen on host:port now, or None if it could.
    Bound as aiohttp binds (SO_REUSEADDR), then released."""
    if port == 0:
        return None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as failure:
        return port_reason(failure)
    return None
