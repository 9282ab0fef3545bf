"""Lifecycle of the running bot: open the database before the first update,
close it after the last one; start the reminder planner, the outbox
dispatcher and the web server (the web chat, the channels' webhooks) with
it, and stop them (letting sends in flight finish) with it.

Telegram's updates come by long polling, or in webhook mode through the web
server; the same start-up and shut-down hooks run around either."""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram.ext import Application

from bot.channels import web, zalo
from bot.channels.telegram import (
    ALLOWED_UPDATES,
    CHANNEL,
    WEBHOOK_PATH,
    WEBHOOK_SECRET_HEADER,
    TelegramSender,
    build_application,
    install_services,
    set_webhook,
    webhook_handler,
)
from bot.config import Settings
from bot.dispatcher import Dispatcher, Pace, Sender
from bot.scheduler import ReminderScheduler
from handlers import notices
from handlers.context import Services, vietnam_now
from storage import Database

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Run the bot until SIGINT or SIGTERM."""
    app = build_application(settings.telegram.token.get_secret_value(), None,
                            base_url=settings.telegram.base_url)

    async def post_init(application: Application) -> None:
        db = await Database.open(settings.database.path)
        services = Services.over(db)
        services.reminder_rules = settings.reminders.rules()
        services.public_url = settings.web.public_url
        install_services(application, services)
        log.info("database ready at %s", settings.database.path)
        # Zalo answers from the same database; polling starts here when configured,
        # and in webhook mode the web server hands it the requests.
        application.bot_data[_ZALO_KEY] = await zalo.start(
            settings.zalo, services, public_url=settings.web.public_url)
        await _start_reminders(application, services, settings)
        await _start_web(application, services, settings)

    async def post_stop(application: Application) -> None:
        # After the updates stop, before the Bot shuts down: sends in flight finish.
        await _stop_web(application)  # first: no web turn or webhook after this
        planner, dispatcher = application.bot_data.pop(_REMINDERS_KEY, (None, None))
        if planner is not None:
            planner.stop()
        if dispatcher is not None:
            await dispatcher.stop()
        zalo_channel = application.bot_data.pop(_ZALO_KEY, None)
        if zalo_channel is not None:  # after the dispatcher: its sends use the same client
            await zalo_channel.close()

    async def post_shutdown(application: Application) -> None:
        services = application.bot_data.get("services")
        if services is not None:
            await services.db.close()

    app.post_init = post_init
    app.post_stop = post_stop
    app.post_shutdown = post_shutdown
    if settings.telegram.mode == "webhook":
        asyncio.run(_run_webhook(app, settings))
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)


async def _run_webhook(app: Application, settings: Settings) -> None:
    """``run_polling``'s lifecycle, with Telegram posting updates to the web server."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        await set_webhook(app, settings.web.public_url,
                          settings.telegram.webhook_secret.get_secret_value())
        log.info("Telegram posts updates to %s%s", settings.web.public_url, WEBHOOK_PATH)
        await stop.wait()
    finally:
        # The server first: an update accepted (200) must be one still processed.
        await _stop_web(app)
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


_WEB_KEY = "web_server"


async def _start_web(application: Application, services: Services,
                     settings: Settings) -> None:
    """The web server, when the web chat is enabled or a channel is in webhook mode."""
    webhooks = []
    if settings.telegram.mode == "webhook":
        webhooks.append(web.Webhook("telegram", WEBHOOK_SECRET_HEADER, webhook_handler(
            application, settings.telegram.webhook_secret.get_secret_value())))
    zalo_channel = application.bot_data.get(_ZALO_KEY)
    if settings.zalo.mode == "webhook" and zalo_channel is not None:
        webhooks.append(web.Webhook("zalo", zalo.SECRET_HEADER, zalo_channel.handle_webhook))
    if not (settings.web.enabled or webhooks):
        return
    options = web.WebOptions(
        cookie_secure=web.cookie_secure(settings.web.host, settings.web.public_url),
        behind_proxy=settings.web.behind_proxy, public_url=settings.web.public_url)
    chat = web.WebChat(services, chat=settings.web.enabled, webhooks=webhooks, options=options)
    runner = await web.start_server(chat.application(), settings.web.host, settings.web.port)
    application.bot_data[_WEB_KEY] = runner
    log.info("web server listening on %s (chat page %s; webhooks: %s)",
             web.local_url(settings.web.host, web.bound_port(runner)),
             "on" if settings.web.enabled else "off",
             ", ".join(w.name for w in webhooks) or "none")


async def _stop_web(application: Application) -> None:
    runner = application.bot_data.pop(_WEB_KEY, None)
    if runner is not None:
        await runner.cleanup()


_REMINDERS_KEY = "reminders"
_ZALO_KEY = "zalo"


async def _start_reminders(application: Application, services: Services,
                           settings: Settings) -> None:
    """The dispatcher sends what the outbox holds; the planner fills it from the books."""
    db = services.db
    out = settings.outbox

    async def report_notices() -> None:
        if await notices.report_finished(db, vietnam_now()):
            dispatcher.wake()

    senders: dict[str, Sender] = {CHANNEL: TelegramSender(application.bot)}
    zalo_channel = application.bot_data.get(_ZALO_KEY)
    if zalo_channel is not None:
        senders[zalo.CHANNEL] = zalo_channel.sender()
    if settings.web.enabled:
        senders[web.CHANNEL] = web.WebSender(services)
    dispatcher = Dispatcher(
        db, senders,
        Pace(rate=out.rate, per_chat_interval=out.per_chat_interval,
             max_in_flight=out.max_in_flight, poll_interval=out.poll_interval),
        on_idle=report_notices)
    planner = ReminderScheduler(db, services.reminder_rules, every=settings.reminders.every,
                                ahead=settings.reminders.ahead, planned=dispatcher.wake)
    services.outbox_ready = dispatcher.wake
    services.replan_club = planner.replan_club
    await dispatcher.start()
    # Through python-telegram-bot's JobQueue scheduler when there is one (started
    # with the Application); otherwise the planner runs a scheduler of its own.
    queue = application.job_queue
    planner.start(queue.scheduler if queue is not None else None)
    application.bot_data[_REMINDERS_KEY] = (planner, dispatcher)
    log.info("reminders: planning every %s, sending at %g/s", settings.reminders.plan_every,
             out.rate)
