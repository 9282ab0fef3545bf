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
    PhotoSize,
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

from bot.channels.telegram_limits import PacedRateLimiter
from bot.dispatcher import (
    DeliveryUncertain,
    NotDelivered,
    RecipientBlocked,
    Rejected,
    RetryLater,
)
from bot.pacing import Pacer
from handlers.context import Services
from handlers.conversation import Image, Reply, Rows, SharedContact, Turn, TurnKind, plain_text
from handlers.router import respond
from storage.outbox import Claimed

CHANNEL = "telegram"
DEFAULT_RATE = 28.0   # messages a second, answers and outbox together; Telegram allows ≈30
log = logging.getLogger(__name__)

_SERVICES_KEY = "services"
# chat_data: the id of the latest message this chat got with inline buttons.
# In memory only: after a restart an old message keeps its buttons, which the
# server refuses as stale anyway.
_LAST_CHOICES = "last_choices"


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


# ---------------------------------------------------------------- answered once

_SEEN_FOR = timedelta(days=3)  # Telegram retries for 24 h; ids restart after a quiet week
_PRUNE_EVERY = 500
_CLAIMS_KEY = "telegram_claims"


def _bot_id(bot: Bot) -> int:
    """The bot's id, from its token (``<id>:<secret>``): known before getMe."""
    head = bot.token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


async def claim_update(services: Services, bot_id: int, update_id: int) -> bool:
    """True the first time this update is seen; False for a replay.

    Claimed before it is answered, in the database, so a replay arriving
    meanwhile or after a restart finds the claim; a crash mid-answer loses
    that answer (the person asks again) rather than giving it twice. The
    claim is bookkeeping no screen shows: it leaves the read cache warm.
    """
    now = services.now().isoformat(timespec="seconds")
    return await services.db.record_quietly(
        "INSERT OR IGNORE INTO telegram_seen (bot_id, update_id, seen_at) VALUES (?, ?, ?)",
        (bot_id, update_id, now)) == 1


async def prune_seen(services: Services, keep: timedelta = _SEEN_FOR) -> int:
    """Forget claims older than ``keep``. A scan of the table (claims are keyed
    by update alone, migration 0025), so on the database's thread, not the
    event loop's; its commit empties the read cache, once every few hundred
    updates."""
    cutoff = (services.now() - keep).isoformat(timespec="seconds")
    async with services.db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM telegram_seen WHERE seen_at < ?", (cutoff,))
        return cursor.rowcount


async def _first_time(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      services: Services) -> bool:
    first = await claim_update(services, _bot_id(context.bot), update.update_id)
    claims = context.application.bot_data[_CLAIMS_KEY] = (
        context.application.bot_data.get(_CLAIMS_KEY, 0) + 1)
    if claims % _PRUNE_EVERY == 1:
        await prune_seen(services)
    return first


async def _on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = to_turn(update)
    if turn is None:
        return
    services: Services = context.application.bot_data[_SERVICES_KEY]
    if not await _first_time(update, context, services):
        log.info("update %s seen before; not answered again", update.update_id)
        return
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
    if any(not (r.edit and tapped is not None) for r in replies):
        await _retire_choices(context, chat_id, keep=tapped.message_id if tapped else None)
    for reply in replies:
        markup = markup_for(reply)
        if reply.edit and query is not None and tapped is not None:
            try:
                await query.edit_message_text(
                    reply.text, parse_mode=ParseMode.HTML,
                    reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None)
            except BadRequest as refusal:
                # A double tap that changed nothing redraws the same checklist;
                # Telegram refuses an identical edit, and the screen is right.
                if "message is not modified" not in str(refusal).lower():
                    raise
            shown = tapped.message_id
        elif reply.document is not None:
            # A document carries no buttons; the last question's stay as they are.
            await context.bot.send_document(
                chat_id, InputFile(reply.document.content, filename=reply.document.filename),
                caption=reply.text or None, parse_mode=ParseMode.HTML)
            continue
        elif reply.image is not None:
            shown = await send_with_image(context.bot, chat_id, reply, context.application
                                          .bot_data.setdefault(_PHOTO_IDS_KEY, OrderedDict()),
                                          markup=markup)
        else:
            sent = await context.bot.send_message(
                chat_id, reply.text, parse_mode=ParseMode.HTML, reply_markup=markup)
            shown = sent.message_id
        if reply.attachment is not None and not (reply.edit and tapped is not None):
            await context.bot.send_document(chat_id, InputFile(
                reply.attachment.content, filename=reply.attachment.filename))
        if (isinstance(markup, InlineKeyboardMarkup) and context.chat_data is not None
                and not reply.standing):  # switches stay; only a question's buttons go
            context.chat_data[_LAST_CHOICES] = shown


async def _retire_choices(context: ContextTypes.DEFAULT_TYPE, chat_id: int,
                          keep: int | None) -> None:
    """The conversation moves on: the buttons of its last question go, as the
    tapped message's do, so an old question cannot be answered by mistake."""
    last = context.chat_data.pop(_LAST_CHOICES, None) if context.chat_data is not None else None
    if last is None or last == keep:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, last, reply_markup=None)
    except BadRequest:  # deleted, too old to edit, or already without buttons
        log.debug("telegram: could not take the buttons off message %s", last)


# What Telegram calls each picture this bot uploaded: picture key -> its PhotoSize
# (sent again as such, python-telegram-bot takes its file_id as it is; a bare
# string would first be looked for on the local disk as a file to upload).
_PHOTO_IDS_KEY = "photo_ids"
_MAX_PHOTO_IDS = 4096
CAPTION_LIMIT = 1024  # characters of a photo's caption, after its markup is read


async def send_with_image(bot: Bot, chat_id: int, reply: Reply,
                          uploaded: OrderedDict[str, PhotoSize],
                          markup: Markup | None = None) -> int:
    """A reply with a picture, as one message: the picture with the reply's
    text as its caption, shown above it — the answer is read first, the
    picture under it, the menu with them.

    A text too long for a caption (1024 characters) goes first as a message
    of its own, the picture after it with its words as the caption; a picture
    that could not be drawn leaves the text alone. Gives the id of the
    message that carries the reply's buttons.
    """
    assert reply.image is not None
    markup = markup if markup is not None else markup_for(reply)
    if len(plain_text(reply.text)) <= CAPTION_LIMIT:
        photo = await _send_photo(bot, chat_id, reply.image, uploaded, caption=reply.text,
                                  above=True, markup=markup)
        if photo is not None:
            return photo
        sent = await bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML,
                                      reply_markup=markup)
        return sent.message_id
    sent = await bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML,
                                  reply_markup=markup)
    await _send_photo(bot, chat_id, reply.image, uploaded, caption=escape(reply.image.alt))
    return sent.message_id


async def _send_photo(bot: Bot, chat_id: int, image: Image,
                      uploaded: OrderedDict[str, PhotoSize],
                      *, caption: str, above: bool = False, markup: Markup | None = None,
                      ) -> int | None:
    """Send the picture and give its message id; None if it could not be
    drawn (logged where it failed).

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
            sent = await bot.send_photo(chat_id, known, **options)
            uploaded.move_to_end(image.key)
            return sent.message_id
        except BadRequest:
            uploaded.pop(image.key, None)  # Telegram no longer knows it: upload again
    png = await image.draw()
    if png is None:
        return None
    sent = await bot.send_photo(chat_id, InputFile(png, filename="chart.png"), **options)
    if sent.photo:
        uploaded[image.key] = sent.photo[-1]
        while len(uploaded) > _MAX_PHOTO_IDS:
            uploaded.popitem(last=False)
    return sent.message_id


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
    pacer: Pacer | None = None,
) -> Application:
    """The bot's Application with every handler registered, here and only here.

    Its answers take slots of ``pacer``, the Telegram channel's send budget
    that the outbox shares (a private one at the default rate when none is
    given), and are sent again after a flood limit (``telegram_limits``).
    """
    # No JobQueue: the planner runs on the runtime's own scheduler (bot/runtime.py).
    builder = ApplicationBuilder().token(token).base_url(base_url).job_queue(None)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limited:
        builder = builder.rate_limiter(
            PacedRateLimiter(pacer or Pacer(DEFAULT_RATE, name=CHANNEL)))
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
