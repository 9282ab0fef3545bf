"""Zalo: the Zalo Bot Platform, over httpx.

Zalo's Bot API looks like Telegram's but is smaller: text (pictures only by
URL), at most 2000 characters a message, no buttons, no keyboards, no contact
sharing. So a reply's buttons become a numbered list answered by number (``rendering``),
linking is by the board's one-time code, and each message is claimed by its
id before it is answered (``adapter``). Answers and the outbox share the
channel's one send budget, answers first, and a 429 is waited out and sent
again (``sending``).

    api        the HTTP API (ZaloApi)
    parsing    what an update says; what a typed number means
    rendering  replies as plain text with numbered lists, cut to Zalo's size
    sending    answers through flood limits; the outbox's ZaloSender
    adapter    ZaloChannel (polling, webhook), its memory, start-up

The names below are the package's surface; the rest of the code imports them
from ``bot.channels.zalo``.
"""

from bot.channels.zalo.adapter import (
    SECRET_HEADER,
    WEBHOOK_PATH,
    ZaloChannel,
    ZaloSetupError,
    claim_message,
    numbered_option,
    prune_seen,
    save_menu,
    start,
)
from bot.channels.zalo.api import ZaloApi, ZaloApiError
from bot.channels.zalo.parsing import CHANNEL, TEXT_EVENT, Incoming, Option, is_not_words
from bot.channels.zalo.rendering import (
    MAX_TEXT,
    answer_hint,
    options_of,
    render,
    render_turn,
    split_text,
)
from bot.channels.zalo.sending import (
    FORBIDDEN_IN_A_ROW,
    ZaloSender,
    deliver_photo,
    deliver_reply,
    outcome_of,
)

__all__ = [
    "CHANNEL", "FORBIDDEN_IN_A_ROW", "MAX_TEXT", "SECRET_HEADER", "TEXT_EVENT", "WEBHOOK_PATH",
    "Incoming", "Option", "ZaloApi", "ZaloApiError", "ZaloChannel", "ZaloSender",
    "ZaloSetupError", "answer_hint", "claim_message", "deliver_photo", "deliver_reply",
    "is_not_words", "numbered_option", "options_of", "outcome_of", "prune_seen", "render",
    "render_turn", "save_menu", "split_text", "start",
]
