"""A Bot API that answers inside the process, in the manner of
python-telegram-bot's own test suite: the real ``Application`` and ``Bot`` run
unchanged, only the HTTP request object is replaced. Every call is recorded
so tests can assert on what the bot actually sent."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    files: dict[str, Any] = field(default_factory=dict)  # name -> (filename, bytes, type)


@dataclass
class OfflineBotApi(BaseRequest):
    calls: list[ApiCall] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None,
                         ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            # An uploaded file arrives as a multipart part: keep (filename, bytes).
            for name, part in request_data.multipart_data.items():
                params[name] = (part[0], part[1])
        for key in ("reply_markup",):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        files = dict(request_data.multipart_data or {}) if request_data else {}
        self.calls.append(ApiCall(api_method, params, files))
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "CLB", "username": "ishc_test_bot",
                    "can_join_groups": False, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        if method == "sendDocument":
            return {"message_id": next(self._ids), "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "CLB"},
                    "document": {"file_id": "f", "file_unique_id": "u"}}
        if method == "sendMessage":
            return {"message_id": next(self._ids), "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "CLB"},
                    "text": params.get("text", "")}
        if method == "sendDocument":
            return {"message_id": next(self._ids), "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "CLB"},
                    "caption": params.get("caption", ""),
                    "document": {"file_id": f"doc{next(self._ids)}", "file_unique_id": "doc"}}
        if method == "sendPhoto":
            # An upload becomes a file_id; a file_id sent again stays what it was.
            known = params.get("photo")
            file_id = known if isinstance(known, str) else f"photo-{next(self._ids)}"
            return {"message_id": next(self._ids), "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "CLB"},
                    "photo": [{"file_id": file_id, "file_unique_id": f"u-{file_id}",
                               "width": 720, "height": 540}],
                    "caption": params.get("caption", "")}
        if method == "getUpdates":
            return []
        return True

    def sent(self) -> list[ApiCall]:
        return [c for c in self.calls if c.method == "sendMessage"]

    def photos(self) -> list[ApiCall]:
        return [c for c in self.calls if c.method == "sendPhoto"]
