"""Telegram as one channel of the runtime: python-telegram-bot's Application,
started and stopped by :mod:`bot.runtime` like the other adapters.

The Application only carries Telegram's updates to the handlers (long
polling through its Updater, or in webhook mode through the web server into
its update queue). The database, the reminder planner, the outbox dispatcher
and the web server are the runtime's, so a club without Telegram runs the
same bot. Outside ``bot/channels/telegram.py``, this is the one module that
touches python-telegram-bot.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.channels import web
from bot.channels.telegram import (
    ALLOWED_UPDATES,
    CHANNEL,
    WEBHOOK_PATH,
    WEBHOOK_SECRET_HEADER,
    TelegramSender,
    build_application,
    set_webhook,
    webhook_handler,
)
from bot.config import TelegramSettings
from bot.dispatcher import Sender
from bot.errors import OperatorError
from bot.pacing import Pacer
from club import texts
from handlers.context import Services

log = logging.getLogger(__name__)
SERVICE = "Telegram"


class TelegramAdapter:
    """The Application's lifecycle, in the runtime's order (see :class:`bot.runtime.Runtime`)."""

    name = CHANNEL

    def __init__(self, settings: TelegramSettings, services: Services, *,
                 public_url: str = "", pacer: Pacer | None = None) -> None:
        self._settings = settings
        self._services = services
        self._public_url = public_url
        # Answers take slots of the channel's send budget, which the outbox shares.
        self.application = build_application(settings.token.get_secret_value(), services,
                                             base_url=settings.base_url, pacer=pacer)
        self._connected = False

    @property
    def description(self) -> str:
        return texts.CLI_RUNNING_TELEGRAM.format(mode=self._settings.mode)

    async def connect(self) -> None:
        """``async with application`` by halves: initialise (getMe) now, shut down in
        :meth:`close`. A refused token or no network stops the start here."""
        if self._settings.mode == "webhook":
            # Checked here, not when the file is read: the secret may live only in
            # the service's environment, and `import` or `audit` need none of it.
            if not self._settings.webhook_secret.get_secret_value():
                raise OperatorError(texts.CLI_NEED_WEBHOOK_SECRET)
            if not self._public_url.startswith("https://"):
                raise OperatorError(texts.CLI_NEED_PUBLIC_URL)
        try:
            await self.application.initialize()
        except BaseException as failure:
            # The Bot opened its HTTP clients before getMe failed; Application.shutdown
            # would skip them (it was never initialised).
            await self.application.bot.shutdown()
            if isinstance(failure, TelegramError):
                raise explain(failure, self._settings) from failure
            raise
        self._connected = True
        # 🔑 Mã kết nối then also offers the t.me deep link.
        self._services.bot_username = self.application.bot.username  # type: ignore[attr-defined]
        log.debug("telegram: connected as @%s", self.application.bot.username)

    def webhook(self) -> web.Webhook | None:
        if self._settings.mode != "webhook":
            return None
        return web.Webhook("telegram", WEBHOOK_SECRET_HEADER, webhook_handler(
            self.application, self._settings.webhook_secret.get_secret_value()))

    async def start(self) -> None:
        """Begin taking updates: the Application's processing, then polling, or the
        webhook registered at ``[web] public_url`` (the web server is already up)."""
        await self.application.start()
        if self._settings.mode == "webhook":
            try:
                await set_webhook(self.application, self._public_url,
                                  self._settings.webhook_secret.get_secret_value())
            except TelegramError as failure:
                raise explain(failure, self._settings,
                              webhook=self._public_url + WEBHOOK_PATH) from failure
            log.info("telegram: posts updates to %s%s", self._public_url, WEBHOOK_PATH)
        else:
            updater = self.application.updater
            assert updater is not None
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)

    def sender(self) -> Sender:
        return TelegramSender(self.application.bot)

    async def stop_receiving(self) -> None:
        """No new update from Telegram (polling mode; in webhook mode the web server
        stops taking them)."""
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()

    async def finish(self) -> None:
        """Answer every update already taken, then stop processing."""
        if self.application.running:
            await self.application.stop()

    async def close(self) -> None:
        """Close the Bot's HTTP clients: after the dispatcher, whose sends use them."""
        if self._connected:
            await self.application.shutdown()
            self._connected = False


def explain(failure: TelegramError, settings: TelegramSettings, *,
            webhook: str | None = None) -> OperatorError:
    """Telegram's refusal as the operator should read it (never with the token:
    python-telegram-bot's own InvalidToken message quotes it)."""
    if isinstance(failure, InvalidToken):
        return OperatorError(texts.CLI_TOKEN_REFUSED.format(
            service=SERVICE, key="[telegram] token", where=texts.CLI_WHERE_TELEGRAM,
            env="ISHC_TELEGRAM__TOKEN"))
    if isinstance(failure, NetworkError):
        return OperatorError(texts.CLI_NO_NETWORK.format(
            service=SERVICE, host=urlsplit(settings.base_url).netloc or settings.base_url,
            key="[telegram] base_url"))
    if webhook is not None:
        return OperatorError(texts.CLI_WEBHOOK_REFUSED.format(
            service=SERVICE, url=webhook, reason=failure.message))
    return OperatorError(texts.CLI_SERVICE_ERROR.format(service=SERVICE,
                                                        reason=failure.message))


# ---------------------------------------------------------------- for ``ishc-bot check``

async def identity(settings: TelegramSettings) -> str:
    """The bot's @username if Telegram accepts the token (getMe), else OperatorError."""
    bot = Bot(settings.token.get_secret_value(), base_url=settings.base_url)
    try:
        await bot.initialize()
        return "@" + (bot.username or "?")
    except TelegramError as failure:
        raise explain(failure, settings) from failure
    finally:
        await bot.shutdown()


async def webhook_info(settings: TelegramSettings) -> tuple[str, str]:
    """The webhook URL Telegram posts to ("" for none) and its last error, if any."""
    bot = Bot(settings.token.get_secret_value(), base_url=settings.base_url)
    try:
        await bot.initialize()
        info = await bot.get_webhook_info()
        return info.url or "", info.last_error_message or ""
    except TelegramError as failure:
        raise explain(failure, settings) from failure
    finally:
        await bot.shutdown()
