"""A fake Bot API server on 127.0.0.1, for running the real ``ishc-bot run``
process against it: it queues updates for ``getUpdates`` and records every
``sendMessage``. Stdlib only; bounded waits; nothing leaves the machine."""

from __future__ import annotations

import json
import threading
import time
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


class FakeBotApi:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.methods: list[str] = []
        self.paths: list[str] = []
        self._lock = threading.Condition()
        self._next_message = 1
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
                offset = int(params.get("offset") or 0)
                deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
                while True:
                    ready = [u for u in self.updates if u["update_id"] >= offset]
                    if ready or time.monotonic() >= deadline:
                        return ready
                    self._lock.wait(0.05)
            if method == "sendMessage":
                self.sent.append(params)
                self._next_message += 1
                self._lock.notify_all()
                return {"message_id": self._next_message, "date": int(time.time()),
                        "chat": {"id": int(params["chat_id"]), "type": "private"},
                        "text": params.get("text", "")}
            return True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                method = self.path.rsplit("/", 1)[-1]
                api.paths.append(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params: dict[str, Any] = {}
                for key, value in parse_qsl(body.decode("utf-8")):
                    try:
                        params[key] = json.loads(value)
                    except ValueError:
                        params[key] = value
                payload = json.dumps({"ok": True, "result": api._answer(method, params)})
                data = payload.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: object) -> None:
                return None

        return Handler
