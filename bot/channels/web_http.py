"""HTTP hygiene for the one web server: which hosts it answers, what every
response carries, how request bodies are read, and how errors are said.

Hosts. A page on another site can make a browser's name resolve to this
machine (DNS rebinding: ``evil.example`` first points at the attacker, then at
127.0.0.1), and the browser then treats this server as that site's own. The
``Host`` header still names the attacker's site, so only the names this
server is known by are answered (:func:`allowed_hosts`); anything else gets
421 and no page.

Every response — pages, API answers, 404s, 500s — carries the same security
headers, and no error ever shows a traceback: a client sees a short
Vietnamese sentence in JSON, the log gets the details.

Bodies are JSON of a known, flat shape: deeply nested documents and integers
beyond what SQLite stores are refused as a bad request (400) before any
handler sees them.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from club import texts
from club.phone import find_phones

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # bytes of any request body (a Telegram update is a few KiB)
MAX_DEPTH = 8          # nesting of a JSON body (the page sends flat objects)
_MAX_INT_DIGITS = 18   # every integer the API takes fits SQLite's 64 bits
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


_BOLD = re.compile(r"(</?b>)")


def pieces(text: str) -> list[dict[str, Any]]:
    """A reply's text as plain and bold pieces: ``[{"t": "…", "b": true}, …]``.

    The handlers' markup is ``<b>`` only, with every value HTML-escaped; the
    page renders the pieces as text nodes, so nothing here can become markup.
    A Vietnamese phone number is a piece of its own with ``"tel": "+84…"``,
    which the page makes a link to call.
    """
    out: list[dict[str, Any]] = []
    bold = False
    for part in _BOLD.split(text):
        if part in ("<b>", "</b>"):
            bold = part == "<b>"
        elif part:
            out.extend(_phones(html.unescape(part), bold))
    return out


def _phones(text: str, bold: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    at = 0
    for start, end, dial in find_phones(text):
        if start > at:
            out.append({"t": text[at:start], "b": bold})
        out.append({"t": text[start:end], "b": bold, "tel": dial})
        at = end
    if at < len(text):
        out.append({"t": text[at:], "b": bold})
    return out


class Refused(Exception):
    """Raised deep in a handler; answered as :func:`error` by the middleware."""

    def __init__(self, status: int, text: str, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(text)
        self.status, self.text, self.headers, self.extra = status, text, headers, extra


def error(status: int, text: str, headers: dict[str, str] | None = None,
          **extra: Any) -> web.Response:
    return web.json_response({"error": pieces(text), **extra}, status=status,
                             headers=headers)


# ---------------------------------------------------------------- hosts


def host_name(header: str | None) -> str | None:
    """The name in a ``Host`` header, lower-case, without port or brackets."""
    if not header or len(header) > 300:
        return None
    try:
        name = urlsplit("//" + header.strip()).hostname
    except ValueError:
        return None
    return name.rstrip(".") if name else None


def allowed_hosts(*, public_url: str = "", bind_host: str = "",
                  extra: Iterable[str] = ()) -> frozenset[str]:
    """The names this server answers to: ``public_url``'s, the address it listens
    on (unless a wildcard), this machine's loopback, and the configured others."""
    names = set(LOOPBACK_NAMES)
    public = urlsplit(public_url).hostname if public_url else None
    if public:
        names.add(public.rstrip("."))
    if bind_host and bind_host not in ("0.0.0.0", "::", ""):
        names.add(bind_host.strip("[]").lower())
    for name in extra:
        named = _bare(name)
        if named:
            names.add(named)
    return frozenset(names)


def _bare(name: str) -> str | None:
    """A configured name as :func:`host_name` reads a Host header: "::1",
    "[::1]:8080", "clb.example.vn:443" and "CLB.example.vn." all count."""
    name = name.strip()
    try:
        return str(ip_address(name))
    except ValueError:
        return host_name(name)


# ---------------------------------------------------------------- the middleware


def guard(hosts: frozenset[str]) -> Callable[[web.Request, Handler],
                                              Awaitable[web.StreamResponse]]:
    """The outermost middleware: the host check, errors as short sentences,
    and the security headers on everything."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        response: web.StreamResponse
        if host_name(request.headers.get("Host")) not in hosts:
            response = error(421, texts.WEB_WRONG_HOST)
        else:
            try:
                response = await handler(request)
            except Refused as refusal:
                response = error(refusal.status, refusal.text, refusal.headers,
                                 **refusal.extra)
            except web.HTTPException as failure:
                if failure.status < 400:
                    failure.headers.update(SECURITY_HEADERS)
                    raise
                response = _http_error(failure)
            except Exception:
                log.exception("web: %s %s failed", request.method, request.path)
                response = error(500, texts.WEB_SERVER_ERROR)
        response.headers.update(SECURITY_HEADERS)
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    return middleware


def _http_error(failure: web.HTTPException) -> web.Response:
    text = {404: texts.WEB_NOT_FOUND, 405: texts.WEB_NOT_FOUND,
            413: texts.WEB_TOO_LARGE}.get(failure.status, texts.WEB_BAD_REQUEST)
    if failure.status >= 500:
        text = texts.WEB_SERVER_ERROR
    kept = {k: v for k, v in failure.headers.items() if k.lower() == "allow"}
    return error(failure.status, text, kept)


# ---------------------------------------------------------------- bodies


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        raise ValueError("integer out of range")
    return int(digits)


def parse_json(raw: bytes) -> Any:
    """A JSON body, or ValueError: not JSON, nested too deep, or a number out of range."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_int=_bounded_int)
    except (UnicodeDecodeError, RecursionError) as failure:
        raise ValueError(str(failure)) from None
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise ValueError("nested too deep")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return value


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or :class:`Refused` (400) — never a 500."""
    try:
        body = parse_json(await request.read())
    except ValueError:
        raise Refused(400, texts.WEB_BAD_REQUEST) from None
    if not isinstance(body, dict):
        raise Refused(400, texts.WEB_BAD_REQUEST)
    return body


# ---------------------------------------------------------------- running it


async def start_server(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Serve ``app`` on host:port inside the running loop; ``runner.cleanup()`` stops it."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port actually listened on (the configured one, or the one picked for 0)."""
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    raise RuntimeError("the web server is not listening")


def local_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
