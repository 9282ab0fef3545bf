"""The running bot, whatever its channels: ``ishc-bot run``.

A club may be on Telegram, on Zalo, on the web chat, or any mix — in Vietnam
most will be on Zalo and the web alone. So what every channel shares belongs
to this runtime, not to any channel's library: the database, the reminder
planner on its own APScheduler, the outbox dispatcher, and the one web server
(the web chat and the channels' webhooks). Each chat platform is an
:class:`Adapter` (:class:`bot.app.TelegramAdapter` over python-telegram-bot,
:class:`bot.zalo_adapter.ZaloAdapter`), started and stopped in the order below.

Start: the database opens (and migrates); the web server binds; every
adapter proves its token (getMe) — a port in use, a refused token or no
network stops the start there, before any update is taken, with one
Vietnamese line; the adapters start taking updates; the dispatcher and the
planner start, and on the planner's scheduler the nightly jobs (the backup)
and the hourly ones (the retention sweep, storage/retention.py).

Stop (SIGINT, SIGTERM): no new turns (polling stops) → the web server stops
(a turn or webhook in progress finishes) → updates already taken are answered
→ the planner → the dispatcher lets the sends in flight finish → the
channels' HTTP clients close → the database closes. What is still pending in
the outbox stays there for the next start; what was in flight at a crash is
recorded as uncertain and never resent (:mod:`bot.dispatcher`).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import time, timedelta
from pathlib import Path
from typing import Protocol

from aiohttp.web import AppRunner
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.backup import scheduled_backup
from bot.channels import web
from bot.channels.web_images import PUBLIC_TTL, ImageStore
from bot.config import Settings
from bot.dispatcher import Dispatcher, Pace, Sender
from bot.errors import OperatorError, port_reason
from bot.pacing import Pacer, channel_pacers
from bot.scheduler import ReminderScheduler
from club import texts
from handlers import charts, notices
from handlers.context import VIETNAM, Services
from storage import Database, retention, run_lock

log = logging.getLogger(__name__)

NIGHTLY_AT = time(2, 30)  # Vietnam time: nobody is chatting, no reminder is due
HOURLY = timedelta(hours=1)


class Adapter(Protocol):
    """A chat platform as the runtime drives it."""

    name: str                          # the channel's name in the database

    @property
    def description(self) -> str: ...  # "Zalo (polling)", for the operator

    async def connect(self) -> None:
        """Prove the token (getMe); raise OperatorError if the platform refuses it."""

    def webhook(self) -> web.Webhook | None:
        """The web server's handler for the platform's posts, in webhook mode."""

    async def start(self) -> None:
        """Begin taking updates (polling, or registering the webhook)."""

    def sender(self) -> Sender:
        """How the outbox reaches this platform (after :meth:`start`)."""

    async def stop_receiving(self) -> None:
        """Take no new update."""

    async def finish(self) -> None:
        """Answer what was already taken."""

    async def close(self) -> None:
        """Close the HTTP clients (after the dispatcher: its sends use them)."""


def channels_of(settings: Settings) -> list[str]:
    """The channels the configuration turns on, in the order they are started."""
    found = []
    if settings.telegram.token.get_secret_value():
        found.append("telegram")
    if settings.zalo.mode != "off":
        found.append("zalo")
    if settings.web.enabled:
        found.append("web")
    return found


def run(settings: Settings, *, config_path: Path | None = None) -> None:
    """Run the bot until SIGINT or SIGTERM; OperatorError if it cannot start.

    The run lock is held for the whole life, so ``restore`` can never swap the
    database file under a running bot (storage/run_lock.py)."""
    try:
        lock = run_lock.acquire(settings.database.path)
    except run_lock.AlreadyRunning as running:
        raise OperatorError(texts.CLI_ALREADY_RUNNING.format(
            pid=running.pid or "?")) from running
    try:
        asyncio.run(Runtime(settings, config_path=config_path).run_until_stopped())
    finally:
        lock.release()


class Runtime:
    def __init__(self, settings: Settings, *, config_path: Path | None = None,
                 announce: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.config_path = config_path
        self._announce = announce or (lambda line: print(line, flush=True))
        self.db: Database | None = None
        self.services: Services | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.planner: ReminderScheduler | None = None
        self.dispatcher: Dispatcher | None = None
        self.web_runner: AppRunner | None = None
        # Pictures the web server shows another platform (Zalo's sendPhoto takes a
        # URL): only with a public_url for that platform to reach.
        self.public_images = (ImageStore(PUBLIC_TTL) if settings.web.public_url
                              and "zalo" in channels_of(settings) else None)
        # One send budget per chat platform, shared by its answers to people and
        # the outbox's dispatcher, answers first (bot/pacing.py).
        self.pacers: dict[str, Pacer] = channel_pacers(settings)
        self._connected: list[Adapter] = []   # their clients are open
        self._started: list[Adapter] = []     # they take updates
        self._configured: list[Adapter] = []  # what the config asks for (/healthz)

    # ------------------------------------------------------------ the whole life

    async def run_until_stopped(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await self.start()
            self._announce(texts.CLI_RUNNING.format(channels=", ".join(self._described())))
            log.info("running: database %s, channels %s, web server %s",
                     self.settings.database.path, ", ".join(channels_of(self.settings)),
                     self._web_url() if self.web_runner is not None else "off")
            await stop.wait()
            log.info("stopping")
        finally:
            await self.stop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
        self._announce(texts.CLI_STOPPED)

    async def start(self) -> None:
        settings = self.settings
        if not channels_of(settings):
            raise OperatorError(texts.CLI_NO_CHANNEL.format(
                path=self.config_path or texts.CHECK_NO_CONFIG_FILE))
        self.db = await Database.open(settings.database.path)
        self.services = services = Services.over(self.db)
        services.reminder_rules = settings.reminders.rules()
        services.public_url = settings.web.public_url
        log.debug("database ready at %s", settings.database.path)

        # What the operator may have got wrong (a port in use, a refused token, no
        # network) fails here, before anything takes an update, and says only that.
        adapters = self._configured = self._adapters(services)
        if ("telegram" in channels_of(settings) or settings.web.enabled
                or self.public_images is not None):
            charts.prepare()  # pictures will be shown: ready matplotlib meanwhile
        await self._start_web(services, [w for a in adapters if (w := a.webhook()) is not None])
        for adapter in adapters:
            self._connected.append(adapter)   # closed on the way out, even half-open
            await adapter.connect()
        for adapter in adapters:
            self._started.append(adapter)
            await adapter.start()
        await self._start_outbox(services, {a.name: a.sender() for a in adapters})

    async def stop(self) -> None:
        """Everything started, stopped in order; one step failing does not skip the next."""
        for adapter in reversed(self._started):
            await _step(f"{adapter.name}: stop receiving", adapter.stop_receiving())
        if self.web_runner is not None:
            await _step("web server", self.web_runner.cleanup())
            self.web_runner = None
        for adapter in reversed(self._started):
            await _step(f"{adapter.name}: finish", adapter.finish())
        self._started.clear()
        if self.planner is not None:
            self.planner.stop()
            await _step("planner", self.planner.idle())
            self.planner = None
        if self.scheduler is not None:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            self.scheduler = None
        if self.dispatcher is not None:
            await _step("dispatcher", self.dispatcher.stop())
            self.dispatcher = None
        for adapter in reversed(self._connected):
            await _step(f"{adapter.name}: close", adapter.close())
        self._connected.clear()
        for name, pacer in self.pacers.items():
            await _step(f"{name}: pacer", pacer.close())
        if self.db is not None:
            await _step("database", self.db.close())
            self.db = None

    # ------------------------------------------------------------ the parts

    def _adapters(self, services: Services) -> list[Adapter]:
        settings, found = self.settings, channels_of(self.settings)
        adapters: list[Adapter] = []
        if "telegram" in found:
            from bot.app import TelegramAdapter  # python-telegram-bot only when used

            adapters.append(TelegramAdapter(settings.telegram, services,
                                            public_url=settings.web.public_url,
                                            pacer=self.pacers["telegram"]))
        if "zalo" in found:
            from bot.zalo_adapter import ZaloAdapter

            adapters.append(ZaloAdapter(settings.zalo, services,
                                        public_url=settings.web.public_url,
                                        pacer=self.pacers["zalo"],
                                        images=self.public_images))
        return adapters

    async def _channel_health(self) -> dict[str, str]:
        """/healthz's channels: each configured platform "ok" once it takes updates
        (and until it stops), the web chat "ok" while the server runs."""
        started = {adapter.name for adapter in self._started}
        report = {adapter.name: "ok" if adapter.name in started else "not_running"
                  for adapter in self._configured}
        if self.settings.web.enabled:
            report["web"] = "ok"
        return report

    async def _start_web(self, services: Services, webhooks: list[web.Webhook]) -> None:
        """The web server, when the web chat is on, a channel takes webhooks, or
        Zalo's pictures are to be fetched from it."""
        settings = self.settings.web
        if not (settings.enabled or webhooks or self.public_images is not None):
            return
        chat = web.WebChat(services, chat=settings.enabled, webhooks=webhooks,
                           options=web.options_for(settings), health=self._channel_health,
                           public_images=self.public_images)
        try:
            self.web_runner = await web.start_server(chat.application(), settings.host,
                                                     settings.port)
        except OSError as failure:
            raise OperatorError(texts.CLI_PORT_BUSY.format(
                port=settings.port, host=settings.host,
                reason=port_reason(failure))) from failure
        log.debug("web server listening on %s (chat page %s; webhooks: %s)",
                 self._web_url(), "on" if settings.enabled else "off",
                 ", ".join(w.name for w in webhooks) or "none")

    async def _start_outbox(self, services: Services, senders: dict[str, Sender]) -> None:
        """The dispatcher sends what the outbox holds; the planner fills it from the books,
        on the runtime's scheduler (which also runs the nightly jobs)."""
        db, settings = services.db, self.settings
        out = settings.outbox
        if settings.web.enabled:
            senders[web.CHANNEL] = web.WebSender(services)

        async def report_notices() -> None:
            if await notices.report_finished(db, services.now()):
                dispatcher.wake()

        self.dispatcher = dispatcher = Dispatcher(
            db, senders,
            Pace(rate=out.rate, per_chat_interval=out.per_chat_interval,
                 max_in_flight=out.max_in_flight, poll_interval=out.poll_interval),
            pacers=self.pacers, on_idle=report_notices)
        self.planner = planner = ReminderScheduler(
            db, services.reminder_rules, every=settings.reminders.every,
            ahead=settings.reminders.ahead, planned=dispatcher.wake)
        services.outbox_ready = dispatcher.wake
        services.replan_club = planner.replan_club
        await dispatcher.start()
        self.scheduler = AsyncIOScheduler(timezone=VIETNAM)
        self.scheduler.start()
        planner.start(self.scheduler)
        self._nightly_jobs()
        self._hourly_jobs()
        log.debug("reminders: planning every %s, sending at %g/s to %s",
                 settings.reminders.plan_every, out.rate, ", ".join(senders))

    # ------------------------------------------------------------ nightly jobs

    def _nightly_jobs(self) -> None:
        """The hook for jobs run once a night on the runtime's scheduler, next to
        the planner. The nightly backup (``[backup] dir``) is added here, e.g.
        ``self.every_night("backup", lambda: nightly_backup(self.settings, self.db))``."""
        if self.settings.backup.dir:
            self.every_night("backup", lambda: scheduled_backup(self.settings))

    def every_night(self, name: str, job: Callable[[], Awaitable[object]], *,
                    at: time = NIGHTLY_AT) -> None:
        """Run ``job`` every night at ``at`` (Vietnam time). A night missed while the
        bot was down is not made up; one missed while the loop was busy runs once,
        late. A failure is logged and the next night tries again."""
        assert self.scheduler is not None, "the scheduler starts with the outbox"

        async def guarded() -> None:
            try:
                await job()
            except Exception:
                log.exception("nightly job %s failed; it runs again tomorrow night", name)

        self.scheduler.add_job(
            guarded, CronTrigger(hour=at.hour, minute=at.minute, timezone=VIETNAM),
            id=f"nightly-{name}", name=name, replace_existing=True,
            coalesce=True, max_instances=1, misfire_grace_time=3600)

    # ------------------------------------------------------------ hourly jobs

    def _hourly_jobs(self) -> None:
        """Jobs run every hour: the retention sweep deletes what outlived its
        purpose ([retention], storage/retention.py; Law 91/2025/QH15)."""
        self.every_hour("retention", self.prune)

    async def prune(self) -> dict[str, int]:
        """One retention sweep now; logs only how many rows of each kind went."""
        assert self.db is not None and self.services is not None
        deleted = await retention.prune(self.db, self.services.now(),
                                        self.settings.retention.retention())
        if any(deleted.values()):
            log.info("retention: deleted %s",
                     ", ".join(f"{n} {kind}" for kind, n in deleted.items() if n))
        return deleted

    def every_hour(self, name: str, job: Callable[[], Awaitable[object]], *,
                   every: timedelta = HOURLY) -> None:
        """Run ``job`` every ``every``, the first time one period after the start
        (the start is busy enough). Runs missed while the loop was busy are made
        up once; a failure is logged and the next hour tries again."""
        assert self.scheduler is not None, "the scheduler starts with the outbox"

        async def guarded() -> None:
            try:
                await job()
            except Exception:
                log.exception("hourly job %s failed; it runs again in an hour", name)

        self.scheduler.add_job(
            guarded, IntervalTrigger(seconds=every.total_seconds(), timezone=VIETNAM),
            id=f"hourly-{name}", name=name, replace_existing=True,
            coalesce=True, max_instances=1, misfire_grace_time=int(every.total_seconds()))

    # ------------------------------------------------------------ for the operator

    def _web_url(self) -> str:
        settings = self.settings.web
        if settings.public_url:
            return settings.public_url + "/"
        port = web.bound_port(self.web_runner) if self.web_runner else settings.port
        return web.local_url(settings.host, port)

    def _described(self) -> list[str]:
        said = [a.description for a in self._started]
        if self.settings.web.enabled:
            said.append(texts.CLI_RUNNING_WEB.format(url=self._web_url()))
        return said


async def _step(what: str, step: Awaitable[object]) -> None:
    try:
        await step
    except Exception:
        log.exception("shutting down: %s failed; carrying on", what)
