"""Zalo as one channel of the runtime: :mod:`bot.channels.zalo` started and
stopped in the runtime's order, its token proven (getMe) before anything
starts, and its failures said to the operator in Vietnamese."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from bot.channels import web, zalo
from bot.channels.web_images import ImageStore, publisher
from bot.config import ZaloSettings
from bot.dispatcher import Sender
from bot.errors import OperatorError
from bot.pacing import Pacer
from club import texts
from handlers.context import Services

log = logging.getLogger(__name__)
SERVICE = "Zalo"
_CHECK_TIMEOUT = httpx.Timeout(15.0, connect=10.0)
_T = TypeVar("_T")


class ZaloAdapter:
    name = zalo.CHANNEL

    def __init__(self, settings: ZaloSettings, services: Services, *,
                 public_url: str = "", pacer: Pacer | None = None,
                 images: ImageStore | None = None) -> None:
        self._settings = settings
        self._services = services
        self._public_url = public_url
        self._pacer = pacer   # Zalo's send budget, shared with the outbox
        # Pictures for Zalo to fetch, served by the web server at public_url.
        self._publish_image = (publisher(images, public_url)
                               if images is not None and public_url else None)
        self.channel: zalo.ZaloChannel | None = None

    @property
    def description(self) -> str:
        return texts.CLI_RUNNING_ZALO.format(mode=self._settings.mode)

    async def connect(self) -> None:
        """The token proven with getMe before anything starts."""
        problem = missing(self._settings)
        if problem is not None:
            raise OperatorError(problem)
        log.info("zalo: connected as %s", await identity(self._settings))

    def webhook(self) -> web.Webhook | None:
        if self._settings.mode != "webhook":
            return None

        async def handle(body: bytes, secret_header: str | None) -> int:
            # The server is up before the channel: until then, Zalo is asked to retry.
            if self.channel is None:
                return 503
            return await self.channel.handle_webhook(body, secret_header)

        return web.Webhook("zalo", zalo.SECRET_HEADER, handle)

    async def start(self) -> None:
        try:
            self.channel = await zalo.start(self._settings, self._services,
                                            public_url=self._public_url, pacer=self._pacer,
                                            publish_image=self._publish_image,
                                            proven=True)
        except zalo.ZaloSetupError as refusal:
            # Zalo refused (or could not be asked to take) the webhook: updates would
            # never arrive. Its message is already the operator's Vietnamese line.
            raise OperatorError(str(refusal), exit_code=1) from refusal

    def sender(self) -> Sender:
        assert self.channel is not None
        return self.channel.sender()

    async def stop_receiving(self) -> None:
        """No more polling; an answer being sent finishes."""
        if self.channel is not None:
            await self.channel.stop()

    async def finish(self) -> None:
        return None  # a webhook's answer finishes inside its request: the web server waits

    async def close(self) -> None:
        if self.channel is not None:
            await self.channel.close()
            self.channel = None


def missing(settings: ZaloSettings) -> str | None:
    """What the chosen mode lacks, in Vietnamese (secrets may live only in the
    service's environment, so this is asked when the bot starts, not when the
    file is read)."""
    if settings.mode != "off" and not settings.token.get_secret_value():
        return texts.CLI_ZALO_NEEDS_TOKEN.format(mode=settings.mode)
    if settings.mode == "webhook" and not settings.webhook_secret.get_secret_value():
        return texts.CLI_ZALO_NEEDS_SECRET
    return None


async def identity(settings: ZaloSettings) -> str:
    """The bot's account name if Zalo accepts the token (getMe), else OperatorError."""
    me = await _ask(settings, lambda api: api.get_me(), not_found_is_refusal=True)
    return str(me.get("account_name") or me.get("display_name") or me.get("name") or "?")


async def webhook_url(settings: ZaloSettings) -> str:
    """The URL Zalo posts updates to now ("" for none), from getWebhookInfo."""
    info = await _ask(settings, lambda api: api.call("getWebhookInfo"))
    return str(info.get("url") or "") if isinstance(info, dict) else ""


async def _ask(settings: ZaloSettings, call: Callable[[zalo.ZaloApi], Awaitable[_T]], *,
               not_found_is_refusal: bool = False) -> _T:
    """``call`` on a short-lived client; its failure as an OperatorError. A 404 for
    getMe means the token's path does not exist (python-telegram-bot reads it so too);
    for another method it may just be a method this Zalo does not have."""
    api = zalo.ZaloApi(settings.token.get_secret_value(), settings.base_url,
                       timeout=_CHECK_TIMEOUT)
    try:
        return await call(api)
    except zalo.ZaloApiError as failure:
        if failure.code in (401, 403) or (failure.code == 404 and not_found_is_refusal):
            raise OperatorError(texts.CLI_TOKEN_REFUSED.format(
                service=SERVICE, key="[zalo] token", where=texts.CLI_WHERE_ZALO,
                env="ISHC_ZALO__TOKEN")) from failure
        raise OperatorError(texts.CLI_SERVICE_ERROR.format(
            service=SERVICE, reason=_reason(failure))) from failure
    except httpx.HTTPError as failure:
        raise OperatorError(texts.CLI_NO_NETWORK.format(
            service=SERVICE, host=urlsplit(settings.base_url).netloc or settings.base_url,
            key="[zalo] base_url")) from failure
    finally:
        await api.aclose()


def _reason(failure: Exception) -> str:
    if isinstance(failure, zalo.ZaloApiError):
        return f"{failure.code} {failure.description}".strip()
    return type(failure).__name__  # an httpx error's text may hold the URL, and so the token
