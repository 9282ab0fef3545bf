"""A fake Zalo Bot Platform API on 127.0.0.1: stdlib only, bounded waits,
nothing leaves the machine.

It behaves as the Bot API does as far as the bot can tell: ``/bot<TOKEN>/<method>``
with a JSON body; ``getUpdates`` hands out one queued update per call and,
when none comes within the poll's timeout (capped here at ``max_wait``),
answers error 408; ``sendMessage`` refuses more than 2000 characters (UTF-16
units, as Zalo's JavaScript counts them) and records the rest. It can also
refuse like Zalo under trouble: 429 for a chat's first message, 403 for a
chat that blocked the bot, an answer held past the client's timeout after
the message was delivered, or a given status for every sendMessage.
``sendPhoto`` takes a photo URL (as Zalo's does) and records it in ``photos``;
Zalo would fetch it, which the test does itself.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any

TOKEN = "1234567890:fake-zalo-token"
BOT_INFO = {"id": "9000000001", "account_name": "bot.clbdongho", "account_type": "BASIC",
            "can_join_groups": False}
_message_ids = count(1)


def update(user: str, text: str | None = None, *, event: str = "message.text.received",
           message_id: str | None = None, name: str = "Lan") -> dict[str, Any]:
    """An update as Zalo sends it (without the ``{ok, result}`` wrapper)."""
    message: dict[str, Any] = {
        "from": {"id": user, "display_name": name, "is_bot": False},
        "chat": {"id": user, "chat_type": "PRIVATE"},
        "message_id": message_id or f"m{next(_message_ids):08x}",
        "date": int(time.time() * 1000),
    }
    if text is not None:
        message["text"] = text
    if event == "message.image.received":
        message["photo"] = "https://example.invalid/photo.jpg"
    if event == "message.sticker.received":
        message["sticker"] = "d063f44dc80821567819"
    return {"event_name": event, "message": message}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return None  # the bot hangs up mid-poll when it stops


class _ApiError(Exception):
    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class FakeZalo:
    def __init__(self, *, token: str = TOKEN, max_wait: float = 0.3,
                 timeout_status: int = 408, forbidden: Iterable[str] = (),
                 flood_first: Iterable[str] = (), retry_after: int | None = 3,
                 hold: dict[str, float] | None = None, fail_status: int | None = None,
                 webhook_refusal: str | None = None) -> None:
        """``timeout_status``: the HTTP status of the 408 answer (Zalo's body says
        408 either way; 200 and 408 are both seen in the wild). ``webhook_refusal``:
        setWebhook answers 400 with this description."""
        self.token = token
        self.max_wait = max_wait
        self.timeout_status = timeout_status
        self.forbidden = set(forbidden)
        self._flood_first = set(flood_first)
        self.retry_after = retry_after
        self.hold = dict(hold or {})
        self.fail_status = fail_status
        self.webhook_refusal = webhook_refusal
        self.queue: deque[dict[str, Any]] = deque()
        self.sent: list[dict[str, Any]] = []      # accepted sendMessage bodies
        self.photos: list[dict[str, Any]] = []    # accepted sendPhoto bodies
        self.delivered: list[dict[str, Any]] = []  # both, in the order they were accepted
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.timeouts = 0                        # getUpdates answered 408
        self.webhook: dict[str, Any] | None = None
        self._lock = threading.Condition()
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        # A short poll interval: shutting down waits for it, once per test.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                       daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def __enter__(self) -> FakeZalo:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------ the test's side

    def push(self, *updates: dict[str, Any]) -> None:
        with self._lock:
            self.queue.extend(updates)
            self._lock.notify_all()

    def texts_to(self, chat: str) -> list[str]:
        with self._lock:
            return [m["text"] for m in self.sent if m["chat_id"] == chat]

    def delivered_to(self, chat: str) -> list[dict[str, Any]]:
        """Messages and photos to ``chat``, as the person saw them arrive."""
        with self._lock:
            return [m for m in self.delivered if m["chat_id"] == chat]

    def wait_for_sent(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.sent) < count and time.monotonic() < deadline:
                self._lock.wait(0.05)
            return list(self.sent)

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate() and time.monotonic() < deadline:
                self._lock.wait(0.05)
            return bool(predicate())

    def methods(self) -> list[str]:
        with self._lock:
            return [m for m, _ in self.calls]

    # ------------------------------------------------------------ the API

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[Any, float]:
        """The result, and seconds to hold the answer after it was decided."""
        with self._lock:
            self.calls.append((method, params))
            self._lock.notify_all()
            if method == "getMe":
                return BOT_INFO, 0.0
            if method == "getUpdates":
                wait = min(float(params.get("timeout") or 0), self.max_wait)
                deadline = time.monotonic() + wait
                while not self.queue and time.monotonic() < deadline:
                    self._lock.wait(0.02)
                if not self.queue:
                    self.timeouts += 1
                    raise _ApiError(408, "Request timeout")
                return self.queue.popleft(), 0.0
            if method == "sendMessage":
                chat, text = str(params.get("chat_id") or ""), params.get("text")
                if not chat or not isinstance(text, str) or not text:
                    raise _ApiError(400, "Bad Request: chat_id and text are required")
                if len(text.encode("utf-16-le")) // 2 > 2000:
                    raise _ApiError(400, "Bad Request: text is too long")
                if self.fail_status is not None:
                    raise _ApiError(self.fail_status, "Something went wrong")
                if chat in self.forbidden:
                    raise _ApiError(403, "Forbidden: the user has blocked the bot")
                if chat in self._flood_first:
                    self._flood_first.discard(chat)
                    extra = {} if self.retry_after is None else {"retry_after": self.retry_after}
                    raise _ApiError(429, "Too Many Requests", **extra)
                self.sent.append({"chat_id": chat, "text": text})
                self.delivered.append(self.sent[-1])
                self._lock.notify_all()
                return ({"message_id": f"s{len(self.sent):08x}", "date": int(time.time() * 1000)},
                        self.hold.get(chat, 0.0))
            if method == "sendPhoto":
                chat, photo = str(params.get("chat_id") or ""), params.get("photo")
                if not chat or not isinstance(photo, str) or not photo.startswith("http"):
                    raise _ApiError(400, "Bad Request: chat_id and a photo URL are required")
                if chat in self.forbidden:
                    raise _ApiError(403, "Forbidden: the user has blocked the bot")
                self.photos.append({"chat_id": chat, "photo": photo,
                                    "caption": params.get("caption", "")})
                self.delivered.append(self.photos[-1])
                self._lock.notify_all()
                return ({"message_id": f"p{len(self.photos):08x}",
                         "date": int(time.time() * 1000)}, 0.0)
            if method == "setWebhook":
                if self.webhook_refusal is not None:
                    raise _ApiError(400, self.webhook_refusal)
                self.webhook = dict(params)
                return {"url": params.get("url"), "updated_at": int(time.time() * 1000)}, 0.0
            if method == "deleteWebhook":
                self.webhook = None
                return {"url": "", "updated_at": int(time.time() * 1000)}, 0.0
            if method == "sendChatAction":
                return {}, 0.0
            raise _ApiError(404, f"Not Found: method {method}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                prefix, _, method = self.path.rpartition("/")
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, held = 200, 0.0
                try:
                    if prefix != f"/bot{api.token}":
                        raise _ApiError(401, "Unauthorized")
                    params = json.loads(body) if body else {}
                    result, held = api._answer(method, params)
                    answer: dict[str, Any] = {"ok": True, "result": result}
                except _ApiError as error:
                    status = error.status
                    if status == 408:
                        status = api.timeout_status
                    answer = {"ok": False, "error_code": error.status,
                              "description": error.description}
                    if error.parameters:
                        answer["parameters"] = error.parameters
                if held:
                    time.sleep(held)  # delivered, but the answer comes too late
                data = json.dumps(answer).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: object) -> None:
                return None

        return Handler
