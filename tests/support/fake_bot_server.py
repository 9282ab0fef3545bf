"""A fake Bot API server on 127.0.0.1, for running the real ``ishc-bot run``
process against it: it queues updates for ``getUpdates`` and records every
``sendMessage`` — and every ``sendPhoto``, among them with its caption as the
text (a reply with a picture is a photo captioned with the reply). Stdlib
only; bounded waits; nothing leaves the machine.

Optionally it behaves like Telegram under load, for the outbox's tests and
benchmark: it enforces a flood limit overall and per chat (answering 429 with
``retry_after``), answers 403 for chats that blocked the bot, and delays or
holds answers (so the client times out although the message was delivered).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT = {"id": 7000000002, "is_bot": True, "first_name": "CLB", "username": "ishc_fake_bot",
       "can_join_groups": False, "can_read_all_group_messages": False,
       "supports_inline_queries": False}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # The bot hangs up mid-poll when it stops; that is not a failure here.
        return None


class _ApiError(Exception):
    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class FakeBotApi:
    def __init__(self, *, max_per_second: float | None = None,
                 per_chat_interval: float | None = None, retry_after: int = 1,
                 forbidden: Iterable[int] = (), delay: float = 0.0,
                 hold: dict[int, float] | None = None, flood_first: Iterable[int] = ()) -> None:
        """All options default to a server that accepts everything at once.

        ``max_per_second``: sendMessage calls accepted in any sliding second;
        beyond, 429 with ``retry_after``. ``per_chat_interval``: the shortest
        gap between two accepted messages to one chat. ``forbidden``: chats
        that blocked the bot (403). ``delay``: seconds before answering each
        sendMessage. ``hold``: chat → seconds the answer is held *after* the
        message was delivered (a client with a shorter timeout sees a timeout).
        ``flood_first``: chats whose first sendMessage gets a 429.
        """
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.methods: list[str] = []
        self.paths: list[str] = []
        self._lock = threading.Condition()
        self._next_message = 1
        self.max_per_second = max_per_second
        self.per_chat_interval = per_chat_interval
        self.retry_after = retry_after
        self.forbidden = set(forbidden)
        self.delay = delay
        self.hold = dict(hold or {})
        self._flood_first = set(flood_first)
        self.flooded = 0                      # 429 answers given
        self.flooded_at: list[float] = []     # monotonic time of each
        self.flood_reasons: list[str] = []    # "first", "overall" or "chat", for each
        self.refused = 0                      # 403 answers given
        self.accepted_at: list[float] = []    # monotonic time of each accepted sendMessage
        self._window: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self._confirmed = 0
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def __enter__(self) -> FakeBotApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def push(self, update: dict[str, Any]) -> None:
        with self._lock:
            self.updates.append(update)
            self._lock.notify_all()

    def delivered(self) -> Counter[int]:
        """How many messages each chat received."""
        with self._lock:
            return Counter(int(p["chat_id"]) for p in self.sent)

    def wait_for_sent(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.sent) < count and time.monotonic() < deadline:
                self._lock.wait(0.1)
            return list(self.sent)

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        with self._lock:
            self.methods.append(method)
            if method == "getMe":
                return BOT
            if method == "getUpdates":
                # As Telegram does, forget updates once an offset has confirmed them,
                # so a bot restarted mid-test does not see them again.
                self._confirmed = max(self._confirmed, int(params.get("offset") or 0))
                offset = self._confirmed
                deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
                while True:
                    ready = [u for u in self.updates if u["update_id"] >= offset]
                    if ready or time.monotonic() >= deadline:
                        return ready
                    self._lock.wait(0.05)
            if method in ("sendMessage", "sendPhoto"):
                chat = int(params["chat_id"])
                self._admit(chat)
                if method == "sendPhoto":
                    params = {**params, "text": params.get("caption", "")}
                self.sent.append(params)
                self.accepted_at.append(time.monotonic())
                self._next_message += 1
                self._lock.notify_all()
                answer = {"message_id": self._next_message, "date": int(time.time()),
                          "chat": {"id": chat, "type": "private"},
                          "text": params.get("text", "")}
                if method == "sendPhoto":
                    photo = params["photo"]
                    file_id = photo if isinstance(photo, str) else f"photo-{self._next_message}"
                    answer["photo"] = [{"file_id": file_id, "file_unique_id": "u" + file_id,
                                        "width": 720, "height": 540}]
                held = self.hold.get(chat, 0.0)
            else:
                return True
        if held:
            time.sleep(held)  # delivered, but the answer comes too late
        return answer

    def _admit(self, chat: int) -> None:
        """Telegram's refusals, decided before a message counts as delivered (lock held)."""
        if chat in self.forbidden:
            self.refused += 1
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        now = time.monotonic()
        if chat in self._flood_first:
            self._flood_first.discard(chat)
            self._flood(now, "first")
            raise _ApiError(429, f"Too Many Requests: retry after {self.retry_after}",
                            retry_after=self.retry_after)
        if self.max_per_second is not None:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.max_per_second:
                self._flood(now, "overall")
                raise _ApiError(429, f"Too Many Requests: retry after {self.retry_after}",
                                retry_after=self.retry_after)
        if self.per_chat_interval is not None:
            last = self._chat_last.get(chat)
            if last is not None and now - last < self.per_chat_interval:
                self._flood(now, "chat")
                raise _ApiError(429, f"Too Many Requests: retry after {self.retry_after}",
                                retry_after=self.retry_after)
        self._window.append(now)
        self._chat_last[chat] = now

    def _flood(self, now: float, reason: str) -> None:
        self.flooded += 1
        self.flooded_at.append(now)
        self.flood_reasons.append(reason)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                method = self.path.rsplit("/", 1)[-1]
                api.paths.append(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params: dict[str, Any] = {}
                content_type = self.headers.get("Content-Type", "")
                fields = (_multipart(content_type, body)
                          if content_type.startswith("multipart/form-data")
                          else parse_qsl(body.decode("utf-8")))
                for key, value in fields:
                    try:
                        params[key] = json.loads(value) if isinstance(value, str) else value
                    except ValueError:
                        params[key] = value
                if method == "sendMessage" and api.delay:
                    time.sleep(api.delay)
                status = 200
                try:
                    payload = json.dumps({"ok": True, "result": api._answer(method, params)})
                except _ApiError as error:
                    status = error.status
                    answer: dict[str, Any] = {"ok": False, "error_code": error.status,
                                              "description": error.description}
                    if error.parameters:
                        answer["parameters"] = error.parameters
                    payload = json.dumps(answer)
                data = payload.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: object) -> None:
                return None

        return Handler


def _multipart(content_type: str, body: bytes) -> list[tuple[str, str | bytes]]:
    """The fields of an upload (sendPhoto): text as str, files as bytes."""
    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: list[tuple[str, str | bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        fields.append((str(name), payload if part.get_filename() else payload.decode("utf-8")))
    return fields
