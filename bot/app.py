"""Lifecycle of the running bot: open the database before the first update,
close it after the last one; start the reminder planner and the outbox
dispatcher with it, and stop them (letting sends in flight finish) with it."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from bot.channels.telegram import CHANNEL, TelegramSender, build_application, install_services
from bot.config import Settings
from bot.dispatcher import Dispatcher, Pace
from bot.scheduler import ReminderScheduler
from handlers import notices
from handlers.context import Services, vietnam_now
from storage import Database

log = logging.getLogger(__name__)


def run_polling(settings: Settings) -> None:
    app = build_application(settings.telegram.token.get_secret_value(), None,
                            base_url=settings.telegram.base_url)

    async def post_init(application: Application) -> None:
        db = await Database.open(settings.database.path)
        services = Services.over(db)
        services.reminder_rules = settings.reminders.rules()
        install_services(application, services)
        log.info("database ready at %s", settings.database.path)
        await _start_reminders(application, services, settings)

    async def post_stop(application: Application) -> None:
        # After the updates stop, before the Bot shuts down: sends in flight finish.
        planner, dispatcher = application.bot_data.pop(_REMINDERS_KEY, (None, None))
        if planner is not None:
            planner.stop()
        if dispatcher is not None:
            await dispatcher.stop()

    async def post_shutdown(application: Application) -> None:
        services = application.bot_data.get("services")
        if services is not None:
            await services.db.close()

    app.post_init = post_init
    app.post_stop = post_stop
    app.post_shutdown = post_shutdown
    app.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])


_REMINDERS_KEY = "reminders"


async def _start_reminders(application: Application, services: Services,
                           settings: Settings) -> None:
    """The dispatcher sends what the outbox holds; the planner fills it from the books."""
    db = services.db
    out = settings.outbox

    async def report_notices() -> None:
        if await notices.report_finished(db, vietnam_now()):
            dispatcher.wake()

    dispatcher = Dispatcher(
        db, {CHANNEL: TelegramSender(application.bot)},
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
