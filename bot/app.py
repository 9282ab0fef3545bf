"""Lifecycle of the running bot: open the database before the first update,
close it after the last one."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from bot.channels.telegram import build_application, install_services
from bot.config import Settings
from handlers.context import Services
from storage import Database

log = logging.getLogger(__name__)


def run_polling(settings: Settings) -> None:
    app = build_application(settings.telegram.token.get_secret_value(), None,
                            base_url=settings.telegram.base_url)

    async def post_init(application: Application) -> None:
        db = await Database.open(settings.database.path)
        install_services(application, Services.over(db))
        log.info("database ready at %s", settings.database.path)

    async def post_shutdown(application: Application) -> None:
        services = application.bot_data.get("services")
        if services is not None:
            await services.db.close()

    app.post_init = post_init
    app.post_shutdown = post_shutdown
    app.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])
