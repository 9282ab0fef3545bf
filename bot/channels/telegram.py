"""Telegram: the only module that knows python-telegram-bot's types.

Every update becomes one channel-neutral :class:`Turn`; every :class:`Reply`
becomes one ``sendMessage`` — or, with a picture, one ``sendPhoto`` whose
caption is the text, shown above the picture. Choices become inline buttons,
the menu a persistent reply keyboard, a contact request Telegram's own
contact button.
"""

from __future__ import annotations

import hmac
import json
import logging
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import lru_cache
from html import escape
from typing import Any

import httpx
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest
from telegram.warnings import PTBDeprecationWarning

from bot.dispatcher import (
    DeliveryUncertain,
    NotDelivered,
    RecipientBlocked,
    Rejected,
    RetryLater,
)
from handlers.context import Services
from handlers.conversation import Image, Reply, Rows, SharedContact, Turn, TurnKind, plain_text
from handlers.router import respond
from storage.outbox import Claimed

CHANNEL = "telegram"
log = logging.getLogger(__name__)

_SERVICES_KEY = "services"


def to_turn(update: Update) -> Turn | None:
    """The neutral turn for an update, or None for updates that are not a person talking."""
    if update.callback_query is not None:
        query = update.callback_query
        return Turn(CHANNEL, str(query.from_user.id), TurnKind.CHOICE, choice=query.data or "")
    message = update.message
    if message is None or message.from_user is None or message.chat.type != "private":
        return None  # channel posts, edits, group chatter: not for this bot
    account = str(message.from_user.id)
    if message.contact is not None:
        owner = message.contact.user_id
        return Turn(CHANNEL, account, TurnKind.CONTACT, contact=SharedContact(
            phone=message.contact.phone_number, owner_id=str(owner) if owner else None))
    text = message.text
    if text is None:
        return Turn(CHANNEL, account, TurnKind.OTHER)
    if text.startswith("/"):
        command, _, rest = text[1:].partition(" ")
        command = command.split("@", 1)[0].lower()
        if command == "start":
            return Turn(CHANNEL, account, TurnKind.START, text=rest.strip())
        # Other commands are read as words: "/help" means "help".
        return Turn(CHANNEL, account, TurnKind.TEXT, text=command + " " + rest)
    return Turn(CHANNEL, account, TurnKind.TEXT, text=text)


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


class _SerialisedOnce:
    """A markup whose JSON is computed once.

    The same few menus go out with almost every message; building and
    serialising them again each time cost more than everything else the bot
    does for a tap (see ``make bench``). Markup objects are frozen after
    construction, so the cached JSON cannot drift from the object.
    """

    __slots__ = ()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        cached = getattr(self, "_json", None)
        if cached is None:
            cached = self._json = super().to_dict(recursive)  # type: ignore[misc]
        return dict(cached)


class _MenuKeyboard(_SerialisedOnce, ReplyKeyboardMarkup):
    __slots__ = ("_json",)


class _Choices(_SerialisedOnce, InlineKeyboardMarkup):
    __slots__ = ("_json",)


@lru_cache(maxsize=256)
def _choices(rows: Rows) -> _Choices:
    return _Choices([
        [InlineKeyboardButton(b.label, callback_data=b.choice or b.label) for b in row]
        for row in rows])


@lru_cache(maxsize=64)
def _keyboard(rows: Rows) -> _MenuKeyboard:
    return _MenuKeyboard(
        [[KeyboardButton(b.label, request_contact=b.request_contact or None) for b in row]
         for row in rows],
        resize_keyboard=True, is_persistent=True)


def markup_for(reply: Reply) -> Markup | None:
    """The one markup Telegram allows per message.

    Inline choices win: the persistent menu stays on screen from an earlier
    message anyway.
    """
    if reply.choices:
        return _choices(reply.choices)
    if reply.keyboard:
        return _keyboard(reply.keyboard)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


async def _on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = to_turn(update)
    if turn is None:
        return
    services: Services = context.application.bot_data[_SERVICES_KEY]
    query = update.callback_query
    if query is not None:
        await query.answer()  # stop the spinner on the tapped button
    replies = await respond(turn, services)
    tapped = query.message if query is not None else None
    if tapped is not None and not any(r.edit for r in replies):
        # Take the old buttons away so a second tap cannot repeat the choice
        # (the server re-checks it anyway).
        await query.edit_message_reply_markup(None)
    chat_id = update.effective_chat.id if update.effective_chat else int(turn.account_id)
    for reply in replies:
        if reply.edit and query is not None and tapped is not None:
            markup = markup_for(reply)
            try:
                await query.edit_message_text(
                    reply.text, parse_mode=ParseMode.HTML,
                    reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None)
            except BadRequest as refusal:
                # A double tap that changed nothing redraws the same checklist;
                # Telegram refuses an identical edit, and the screen is right.
                if "message is not modified" not in str(refusal).lower():
                    raise
            continue
        if reply.image is not None:
            await send_with_image(context.bot, chat_id, reply, context.application.bot_data
                                  .setdefault(_PHOTO_IDS_KEY, OrderedDict()))
            continue
        await context.bot.send_message(
            chat_id, reply.text, parse_mode=ParseMode.HTML, reply_markup=markup_for(reply))


# What Telegram calls each picture this bot uploaded: picture key -> file_id.
_PHOTO_IDS_KEY = "photo_ids"
_MAX_PHOTO_IDS = 4096
CAPTION_LIMIT = 1024  # characters of a photo's caption, after its markup is read


async def send_with_image(bot: Bot, chat_id: int, reply: Reply,
                          uploaded: OrderedDict[str, str]) -> None:
    """A reply with a picture, as one message: the picture with the reply's
    text as its caption, shown above it — the answer is read first, the
    picture under it, the menu with them.

    A text too long for a caption (1024 characters) goes first as a message
    of its own, the picture after it with its words as the caption; a picture
    that could not be drawn leaves the text alone.
    """
    assert reply.image is not None
    markup = markup_for(reply)
    if len(plain_text(reply.text)) <= CAPTION_LIMIT:
        if await _send_photo(bot, chat_id, reply.image, uploaded, caption=reply.text,
                             above=True, markup=markup):
            return
        await bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML,
                               reply_markup=markup)
        return
    await bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML, reply_markup=markup)
    await _send_photo(bot, chat_id, reply.image, uploaded, caption=escape(reply.image.alt))


async def _send_photo(bot: Bot, chat_id: int, image: Image, uploaded: OrderedDict[str, str],
                      *, caption: str, above: bool = False, markup: Markup | None = None,
                      ) -> bool:
    """Send the picture; False if it could not be drawn (logged where it failed).

    Telegram keeps what was uploaded: the same picture again — the member
    tapping "❤️ Sức khỏe" once more — goes by its file_id, neither drawn nor
    sent as bytes again.
    """
    options: dict[str, Any] = {"caption": caption, "parse_mode": ParseMode.HTML,
                               "reply_markup": markup}
    if above:
        options["show_caption_above_media"] = True
    known = uploaded.get(image.key)
    if known is not None:
        try:
            await bot.send_photo(chat_id, known, **options)
            uploaded.move_to_end(image.key)
            return True
        except BadRequest:
            uploaded.pop(image.key, None)  # Telegram no longer knows it: upload again
    png = await image.draw()
    if png is None:
        return False
    sent = await bot.send_photo(chat_id, InputFile(png, filename="chart.png"), **options)
    if sent.photo:
        uploaded[image.key] = sent.photo[-1].file_id
        while len(uploaded) > _MAX_PHOTO_IDS:
            uploaded.popitem(last=False)
    return True


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("update failed", exc_info=context.error)


def install_services(app: Application, services: Services) -> None:
    app.bot_data[_SERVICES_KEY] = services


def build_application(
    token: str,
    services: Services | None,
    *,
    base_url: str = "https://api.telegram.org/bot",
    request: BaseRequest | None = None,
    rate_limited: bool = True,
) -> Application:
    """The bot's Application with every handler registered, here and only here."""
    # No JobQueue: the planner runs on the runtime's own scheduler (bot/runtime.py).
    builder = ApplicationBuilder().token(token).base_url(base_url).job_queue(None)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limited:
        from telegram.ext import AIORateLimiter

        builder = builder.rate_limiter(AIORateLimiter())
    app = builder.build()
    if services is not None:
        install_services(app, services)
    app.add_handler(TypeHandler(Update, _on_update))
    app.add_error_handler(_on_error)
    return app


# ---------------------------------------------------------------- webhook mode

WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/webhook/telegram"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def webhook_handler(app: Application, secret: str) -> Callable[[bytes, str | None],
                                                                 Awaitable[int]]:
    """What the web server calls with each POST to the Telegram webhook.

    Returns the HTTP status. Anything without the secret given to setWebhook
    gets 403 and is not even parsed: the URL alone is no proof that Telegram
    sent it. A good update goes to the Application's queue, as
    ``run_polling`` would put it, and Telegram gets its 200 at once.
    """
    expected = secret.encode()

    async def handle(body: bytes, secret_header: str | None) -> int:
        if not expected or not hmac.compare_digest((secret_header or "").encode(), expected):
            return 403
        try:
            update = Update.de_json(json.loads(body), app.bot)
        except Exception:  # malformed JSON, or not an Update: Telegram never sends those
            update = None
        if not isinstance(update, Update):
            log.warning("webhook: a body that is not an update was refused")
            return 400
        await app.update_queue.put(update)
        return 200

    return handle


async def set_webhook(app: Application, public_url: str, secret: str) -> None:
    """Tell Telegram where to post updates, and the secret to send with them."""
    await app.bot.set_webhook(public_url.rstrip("/") + WEBHOOK_PATH, secret_token=secret,
                              allowed_updates=ALLOWED_UPDATES)


# ---------------------------------------------------------------- the outbox's Telegram sender


class TelegramSender:
    """Sends one outbox message through the Bot; Telegram's errors become the
    dispatcher's channel-neutral ones.

    What matters is whether Telegram may have delivered the message: a flood
    limit, a refusal or a connection never made prove it did not; a timeout
    or a connection broken after the request left prove nothing, so those are
    "uncertain" and the message is never sent again.
    """

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, message: Claimed) -> None:
        try:
            await self._bot.send_message(int(message.account_id), message.text,
                                         parse_mode=ParseMode.HTML)
        except RetryAfter as flood:
            raise RetryLater(_seconds(flood), str(flood)) from flood
        except Forbidden as blocked:
            raise RecipientBlocked(str(blocked)) from blocked
        except BadRequest as refusal:
            raise Rejected(str(refusal)) from refusal
        except InvalidToken as refusal:
            raise NotDelivered(str(refusal)) from refusal  # the operator must fix the token
        except NetworkError as failure:  # TimedOut included
            if isinstance(failure.__cause__, _NEVER_SENT):
                raise NotDelivered(str(failure)) from failure
            raise DeliveryUncertain(str(failure) or type(failure).__name__) from failure
        except TelegramError as refusal:  # any other answer from Telegram is a refusal
            raise Rejected(str(refusal)) from refusal


# httpx failures raised before a request left this machine.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _seconds(flood: RetryAfter) -> float:
    with warnings.catch_warnings():
        # PTB 22 is moving retry_after from int to timedelta; either is fine here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = flood.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
