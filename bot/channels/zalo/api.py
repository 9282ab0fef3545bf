"""The Zalo Bot Platform's HTTP API: the few methods the bot uses.

``<base_url><token>/<method>``, JSON in and out, ``{"ok": true, "result": …}``
or ``{"ok": false, "error_code": …, "description": …}``. The token is part of
every URL: nothing here logs a URL (and the CLI keeps httpx's own request log
quiet).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx

POLL_TIMEOUT = 30           # seconds Zalo holds a getUpdates open
TIMEOUT = httpx.Timeout(10.0, connect=5.0)

# httpx failures raised before a request left this machine: certainly not delivered.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class ZaloApiError(Exception):
    """Zalo answered, and not with ``ok``."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.retry_after = code, description, retry_after


class ZaloApi:
    """The methods the bot calls, each one HTTP POST."""

    def __init__(self, token: str, base_url: str = "https://bot-api.zaloplatforms.com/bot",
                 *, timeout: httpx.Timeout = TIMEOUT,
                 client: httpx.AsyncClient | None = None) -> None:
        self._prefix = f"{base_url}{token}/"
        self._timeout = timeout
        self._client = client or httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def call(self, method: str, params: dict[str, Any] | None = None, *,
                   timeout: httpx.Timeout | None = None) -> Any:
        response = await self._client.post(self._prefix + method, json=params or {},
                                           timeout=timeout or self._timeout)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ZaloApiError(response.status_code, response.reason_phrase or "no JSON answer",
                               _retry_after(response, {}))
        if not answer.get("ok"):
            code = answer.get("error_code") or response.status_code
            raise ZaloApiError(int(code), str(answer.get("description") or ""),
                               _retry_after(response, answer))
        return answer.get("result")

    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe") or {}

    async def get_updates(self, timeout: int = POLL_TIMEOUT) -> list[dict[str, Any]]:
        """What arrived, waiting up to ``timeout`` s; [] when nothing did (Zalo's 408)."""
        try:
            result = await self.call("getUpdates", {"timeout": str(timeout)},
                                     timeout=httpx.Timeout(timeout + 10.0, connect=5.0))
        except ZaloApiError as error:
            if error.code == 408:
                return []
            raise
        return list(updates_in(result))

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> Any:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> Any:
        return await self.call("sendPhoto", {"chat_id": chat_id, "photo": photo_url,
                                             "caption": caption})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})


def _retry_after(response: httpx.Response, answer: dict[str, Any]) -> float | None:
    parameters = answer.get("parameters")
    value = parameters.get("retry_after") if isinstance(parameters, dict) else None
    if value is None:
        value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def updates_in(payload: Any) -> Iterable[dict[str, Any]]:
    """Updates in a getUpdates result or a webhook body: one update or a list,
    with or without the ``{ok, result}`` wrapper."""
    if isinstance(payload, dict) and "result" in payload and "event_name" not in payload:
        payload = payload["result"]
    if isinstance(payload, dict):
        payload = [payload]
    if isinstance(payload, list):
        yield from (u for u in payload if isinstance(u, dict))


def describe(failure: Exception) -> str:
    """A failure in a log line: its message, or its type when it has none."""
    return str(failure) or type(failure).__name__
