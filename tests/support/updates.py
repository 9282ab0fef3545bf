"""Updates built as Bot API JSON, the way Telegram sends them."""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(1000)
_message_ids = itertools.count(1)


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Lan", "language_code": "vi"}


def message(user_id: int, **content: Any) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "message": {
        "message_id": next(_message_ids), "date": int(time.time()),
        "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
        "from": _user(user_id), **content}}


def text(user_id: int, words: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if words.startswith("/"):
        extra["entities"] = [{"type": "bot_command", "offset": 0,
                              "length": len(words.split()[0])}]
    return message(user_id, text=words, **extra)


def contact(user_id: int, phone: str, owner_id: int | None) -> dict[str, Any]:
    card: dict[str, Any] = {"phone_number": phone, "first_name": "Lan"}
    if owner_id is not None:
        card["user_id"] = owner_id
    return message(user_id, contact=card)


def callback(user_id: int, data: str) -> dict[str, Any]:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": str(next(_update_ids)), "from": _user(user_id), "chat_instance": "1",
        "data": data,
        "message": {"message_id": next(_message_ids), "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "from": {"id": 1, "is_bot": True, "first_name": "CLB"}, "text": "…"}}}


def sticker(user_id: int) -> dict[str, Any]:
    return message(user_id, sticker={"file_id": "s1", "file_unique_id": "s1", "width": 512,
                                     "height": 512, "is_animated": False, "is_video": False,
                                     "type": "regular"})


def photo(user_id: int) -> dict[str, Any]:
    return message(user_id, photo=[{"file_id": "p1", "file_unique_id": "p1", "width": 90,
                                    "height": 90}])


def voice(user_id: int) -> dict[str, Any]:
    return message(user_id, voice={"file_id": "v1", "file_unique_id": "v1", "duration": 3})


def location(user_id: int) -> dict[str, Any]:
    return message(user_id, location={"latitude": 20.9, "longitude": 106.0})
