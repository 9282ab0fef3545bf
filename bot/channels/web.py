"""The web chat, and the one HTTP server of the process.

A small page (``bot/web/``) where a person with neither Telegram nor Zalo — or
an Association officer at a PC — chats with the same conversations in a
phone-sized layout with big buttons. The same aiohttp server also receives
the webhooks of the other channels, each checking its own secret.

Who is speaking. Sign-in is by the one-time link code the board gives (the
same 8 digits typed on Telegram or Zalo). A good code creates a chat account
on the ``web`` channel with a random id, linked through the ordinary
link-code path (:func:`storage.link_codes.redeem`), so the browser sees
exactly what that code allowed. The browser then holds a random session token
in an HTTP-only cookie; the database keeps only its hash.

Cross-site requests. The cookie is ``SameSite=Lax``, so other sites' POSTs
do not carry it; on top of that every request that changes something must
send JSON with the header ``X-CSRF-Token``, an HMAC of the session token that
only a page of this origin could have read (from ``GET /api/session``). A
form on another site can send neither; a script there would need CORS, which
this server never grants. Sign-in itself (no session yet) needs the JSON
content type and, when the browser sends one, an ``Origin`` of this host.

Guessing codes. The link-code store limits failures per account, but every
sign-in try is a fresh account, so the web limits failed tries per client
address as well (:class:`SignInLimiter`).

What the bot says on its own. A page cannot be pushed to: the outbox hands
a web account's messages (receipts, reminders, notices) to :class:`WebSender`,
which stores them in the account's inbox; the page fetches them with
``GET /api/messages`` and acknowledges what it showed.

Replies go out as data, never as HTML: a reply's ``<b>`` markup becomes a list
of plain and bold pieces that the page puts in the DOM as text.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import inspect
import logging
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot import downloads
from club import texts
from club.calendar import format_weekday_date
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn, TurnKind
from handlers.menu import with_menu
from handlers.router import respond
from storage import link_codes, web_sessions
from storage.link_codes import Outcome
from storage.outbox import Claimed
from storage.web_sessions import CHANNEL, SESSION_TTL, Session

log = logging.getLogger(__name__)

MAX_TEXT = 1000       # characters of one typed message
MAX_CHOICE = 200      # characters of a button's data (Telegram allows 64 bytes)
MAX_BODY = 256 * 1024  # bytes of any request body (a Telegram update is a few KiB)
CSRF_HEADER = "X-CSRF-Token"
_PRUNE_EVERY = 3600.0  # seconds between sweeps of expired sessions
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}

WebhookHandler = Callable[[bytes, str | None], Awaitable[int] | int]


# ---------------------------------------------------------------- replies as data


_BOLD = re.compile(r"(</?b>)")


def pieces(text: str) -> list[dict[str, Any]]:
    """A reply's text as plain and bold pieces: ``[{"t": "…", "b": true}, …]``.

    The handlers' markup is ``<b>`` only, with every value HTML-escaped; the
    page renders the pieces as text nodes, so nothing here can become markup.
    """
    out: list[dict[str, Any]] = []
    bold = False
    for part in _BOLD.split(text):
        if part in ("<b>", "</b>"):
            bold = part == "<b>"
        elif part:
            out.append({"t": html.unescape(part), "b": bold})
    return out


def _rows(rows: Rows) -> list[list[dict[str, Any]]]:
    # Sharing a phone's contact is a Telegram button; on the web a code links.
    shown = [[_button(b) for b in row if not b.request_contact] for row in rows]
    return [row for row in shown if row]


def _button(button: Button) -> dict[str, Any]:
    return {"label": button.label, "choice": button.choice}


def reply_json(reply: Reply) -> dict[str, Any]:
    return {"text": pieces(reply.text), "keyboard": _rows(reply.keyboard),
            "choices": _rows(reply.choices), "remove_keyboard": reply.remove_keyboard,
            "edit": reply.edit}


# ---------------------------------------------------------------- the outbox's web sender


class WebSender:
    """"Sends" an outbox message to a web account by putting it in its inbox.

    Storing it is delivering it, as far as the outbox is concerned; the
    inbox's unique outbox id makes a second hand-over store nothing.
    """

    def __init__(self, services: Services) -> None:
        self._services = services

    async def send(self, message: Claimed) -> None:
        await web_sessions.deliver(self._services.db, message.account_id, message.id,
                                   message.text, now=self._services.now())


# ---------------------------------------------------------------- guessing codes


class SignInLimiter:
    """Failed sign-ins per client address in a sliding window.

    In memory: one process serves the page, and a restart forgiving the
    failures of the last hour is acceptable. Ten failures an hour from one
    address leave 10^8 codes, of which a few hundred are alive at any time,
    out of practical reach; a person mistyping gets many more tries than
    they need (a code one digit short or long costs no try at all).
    """

    def __init__(self, max_failures: int = 10, window: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic,
                 max_addresses: int = 50_000) -> None:
        self.max_failures, self.window, self._clock = max_failures, window, clock
        self._max_addresses = max_addresses
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, address: str) -> deque[float]:
        now = self._clock()
        found = self._failures.get(address)
        if found is None:
            return deque()
        while found and found[0] <= now - self.window:
            found.popleft()
        if not found:
            del self._failures[address]
        return found

    def wait(self, address: str) -> float:
        """Seconds until this address may try again (0: now)."""
        recent = self._recent(address)
        if len(recent) < self.max_failures:
            return 0.0
        return recent[len(recent) - self.max_failures] + self.window - self._clock()

    def tries_left(self, address: str) -> int:
        return max(0, self.max_failures - len(self._recent(address)))

    def failed(self, address: str) -> None:
        if len(self._failures) >= self._max_addresses:
            # Forget the addresses whose failures have all aged out; if that is
            # not enough, start afresh rather than grow without bound.
            for stale in [a for a in self._failures if not self._recent(a)]:
                self._failures.pop(stale, None)
            if len(self._failures) >= self._max_addresses:
                self._failures.clear()
        self._failures.setdefault(address, deque()).append(self._clock())


# ---------------------------------------------------------------- the server's parts


@dataclass(frozen=True, slots=True)
class Webhook:
    """Another channel's webhook, served at ``/webhook/<name>``.

    ``handle(body, secret_header)`` checks the secret itself (only the
    channel's adapter knows it) and returns the HTTP status: 403 for a wrong
    secret, having processed nothing.
    """

    name: str
    secret_header: str
    handle: WebhookHandler


@dataclass(frozen=True, slots=True)
class Persona:
    """Someone the demo can sign in as (``ishc-bot demo`` only)."""

    key: str
    label: str
    club_id: int
    member_id: int


@dataclass(frozen=True, slots=True)
class WebOptions:
    cookie_secure: bool = True
    # Behind a reverse proxy on this machine, the client's address is the last
    # X-Forwarded-For entry (the one the proxy added), not the proxy's.
    behind_proxy: bool = False
    # https://… as browsers reach the server (a proxy may pass another Host on).
    public_url: str = ""
    session_ttl: timedelta = SESSION_TTL


def cookie_secure(host: str, public_url: str = "") -> bool:
    """Whether the session cookie gets the ``Secure`` flag.

    Always, except when the page is served over plain http on this machine's
    loopback (the demo, a developer, the tests): browsers keep a Secure cookie
    only from https, and http://127.0.0.1 is the one place where no https is
    needed because nothing crosses a network.
    """
    url = urlsplit(public_url) if public_url else None
    if url is not None and url.scheme == "https":
        return True
    served_locally = host in _LOOPBACK_NAMES and (url is None or url.hostname in _LOOPBACK_NAMES)
    return not served_locally


def _page(name: str) -> bytes:
    return (resources.files("bot") / "web" / name).read_bytes()


_PLACEHOLDER = re.compile(r"\{\{([A-Z0-9_]+)\}\}")


def render_index() -> bytes:
    """index.html with its ``{{WEB_…}}`` placeholders filled from club.texts, escaped."""
    source = _page("index.html").decode("utf-8")
    return _PLACEHOLDER.sub(lambda m: html.escape(getattr(texts, m.group(1))),
                            source).encode("utf-8")


_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_STATIC = {"app.js": "text/javascript", "style.css": "text/css"}


class WebChat:
    """The page, its JSON API, the webhooks and (in the demo) the persona picker."""

    def __init__(self, services: Services, *, chat: bool = True,
                 webhooks: Sequence[Webhook] = (), personas: Sequence[Persona] | None = None,
                 options: WebOptions | None = None, limiter: SignInLimiter | None = None,
                 ) -> None:
        self.services = services
        self.chat = chat
        self.webhooks = {w.name: w for w in webhooks}
        self.personas = {p.key: p for p in personas} if personas is not None else None
        self.options = options or WebOptions()
        self.limiter = limiter or SignInLimiter()
        # The "__Host-" prefix makes browsers refuse the cookie unless it is
        # Secure, host-only and for the whole site; plain http on loopback
        # cannot have it.
        self.cookie = "__Host-ishc" if self.options.cookie_secure else "ishc_session"
        self._public_host = urlsplit(self.options.public_url).netloc or None

    # ------------------------------------------------------------ assembly

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY,
                              middlewares=[self._headers, self._same_origin])
        for name in self.webhooks:
            app.router.add_post(f"/webhook/{name}", self._webhook)
        downloads.add_routes(app, self.services)  # reports' files, by link (Zalo, web)
        if self.chat:
            index = render_index()
            static = {name: _page(name) for name in _STATIC}

            async def page(request: web.Request) -> web.Response:
                return web.Response(body=index, content_type="text/html", charset="utf-8",
                                    headers={"Cache-Control": "no-store"})

            async def asset(request: web.Request) -> web.Response:
                name = request.match_info["name"]
                if name not in static:
                    raise web.HTTPNotFound()
                return web.Response(body=static[name], content_type=_STATIC[name],
                                    charset="utf-8", headers={"Cache-Control": "no-cache"})

            app.router.add_get("/", page)
            app.router.add_get("/static/{name}", asset)
            app.router.add_get("/api/session", self._session_info)
            app.router.add_post("/api/signin", self._sign_in)
            app.router.add_post("/api/signout", self._sign_out)
            app.router.add_post("/api/turn", self._turn)
            app.router.add_get("/api/messages", self._messages)
            app.router.add_post("/api/messages/seen", self._seen)
            if self.personas is not None:  # ``ishc-bot demo`` only, never ``run``
                app.router.add_get("/api/demo", self._demo_list)
                app.router.add_post("/api/demo/signin", self._demo_sign_in)
        app.cleanup_ctx.append(self._pruning)
        return app

    async def _pruning(self, app: web.Application) -> AsyncIterator[None]:
        """Expired sessions are ended at start-up and then hourly."""

        async def loop() -> None:
            while True:
                try:
                    ended = await web_sessions.prune_expired(self.services.db,
                                                             now=self.services.now())
                    if ended:
                        log.info("web: %d expired session(s) ended", ended)
                except Exception:
                    log.exception("web: pruning sessions failed")
                await asyncio.sleep(_PRUNE_EVERY)

        task = asyncio.create_task(loop(), name="web-session-pruning") if self.chat else None
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @web.middleware
    async def _headers(self, request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                       ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except _Refused as refusal:
            response = _error(refusal.status, refusal.text, **refusal.extra)
        response.headers.update(_SECURITY_HEADERS)
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @web.middleware
    async def _same_origin(self, request: web.Request,
                           handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                           ) -> web.StreamResponse:
        """Writes to the API come as JSON from a page of this very host."""
        if request.method == "POST" and request.path.startswith("/api/"):
            if request.content_type != "application/json":
                return _error(415, texts.WEB_BAD_REQUEST)
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc not in (request.host,
                                                                    self._public_host):
                return _error(403, texts.WEB_BAD_REQUEST)
        return await handler(request)

    # ------------------------------------------------------------ sessions

    def _token(self, request: web.Request) -> str | None:
        token = request.cookies.get(self.cookie)
        return token if token and len(token) < 200 else None

    async def _session(self, request: web.Request) -> tuple[str, Session] | None:
        token = self._token(request)
        if token is None:
            return None
        found = await web_sessions.find(self.services.db, token, now=self.services.now())
        return (token, found) if found is not None else None

    async def _writer(self, request: web.Request) -> tuple[str, Session]:
        """The session of a request that changes something, its CSRF token checked."""
        found = await self._session(request)
        if found is None:
            raise _Refused(401, texts.WEB_SESSION_GONE, signed_in=False)
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token(found[0]).encode()):
            raise _Refused(403, texts.WEB_BAD_REQUEST)
        return found

    def _set_cookie(self, response: web.Response, token: str, max_age: int) -> None:
        response.set_cookie(self.cookie, token, max_age=max_age, path="/", httponly=True,
                            secure=self.options.cookie_secure, samesite="Lax")

    async def _session_info(self, request: web.Request) -> web.Response:
        found = await self._session(request)
        if found is None:
            return web.json_response({"signed_in": False})
        token, session = found
        account = await self.services.reader.account(CHANNEL, session.account_id)
        return web.json_response({"signed_in": True, "csrf": csrf_token(token),
                                  "linked": bool(account.links)})

    def _client(self, request: web.Request) -> str:
        address = request.remote or "?"
        forwarded = request.headers.get("X-Forwarded-For")
        if self.options.behind_proxy and forwarded and _is_loopback(address):
            address = forwarded.split(",")[-1].strip() or address
        return address

    async def _sign_in(self, request: web.Request) -> web.Response:
        body = await _json(request)
        code = link_codes.normalize_code(str(body.get("code", ""))[:40])
        if code is None:
            return _error(400, texts.LC_MALFORMED)
        return await self._redeem(request, code, limited=True)

    async def _redeem(self, request: web.Request, code: str, *, limited: bool) -> web.Response:
        client = self._client(request)
        wait = self.limiter.wait(client) if limited else 0.0
        if wait > 0:
            until = self.services.now() + timedelta(seconds=wait)
            when = texts.LC_WHEN.format(time=until.strftime("%H:%M"),
                                        date=format_weekday_date(until.date()))
            return _error(429, texts.WEB_TOO_MANY.format(when=when))
        account_id = web_sessions.new_account_id()
        now = self.services.now()
        result = await link_codes.redeem(self.services.db, CHANNEL, account_id, code, now=now)
        if not result.ok:
            if limited:
                self.limiter.failed(client)
            text = _FAILED.get(result.outcome, texts.LC_WRONG)
            if limited:
                left = self.limiter.tries_left(client)
                text += "\n" + texts.LC_TRIES_LEFT.format(tries=left)
            return _error(401, text)
        token, _ = await web_sessions.create(self.services.db, account_id, now=now,
                                             ttl=self.options.session_ttl)
        account = await self.services.reader.account(CHANNEL, account_id)
        name, club = html.escape(result.name), html.escape(result.club)
        greeting = (texts.LC_LINKED_PROXY if result.proxy else texts.LC_LINKED_SELF).format(
            name=name, club=club)
        response = web.json_response({
            "signed_in": True, "csrf": csrf_token(token), "linked": True,
            "replies": [reply_json(with_menu(greeting, account))]})
        self._set_cookie(response, token, int(self.options.session_ttl.total_seconds()))
        return response

    async def _sign_out(self, request: web.Request) -> web.Response:
        token, _ = await self._writer(request)
        await web_sessions.end(self.services.db, token, now=self.services.now())
        response = web.json_response({"signed_in": False,
                                      "text": pieces(texts.WEB_SIGNED_OUT)})
        self._set_cookie(response, "", 0)
        return response

    # ------------------------------------------------------------ conversation

    async def _turn(self, request: web.Request) -> web.Response:
        _, session = await self._writer(request)
        body = await _json(request)
        turn = _turn_of(session.account_id, body)
        if turn is None:
            return _error(400, texts.WEB_BAD_REQUEST)
        replies = await respond(turn, self.services)
        account = await self.services.reader.account(CHANNEL, session.account_id)
        answer: dict[str, Any] = {"replies": [reply_json(r) for r in replies],
                                  "linked": bool(account.links)}
        if not account.links:
            answer["hint"] = pieces(texts.WEB_NEED_CODE)
        return web.json_response(answer)

    async def _messages(self, request: web.Request) -> web.Response:
        found = await self._session(request)
        if found is None:
            raise _Refused(401, texts.WEB_SESSION_GONE, signed_in=False)
        messages = await web_sessions.unseen(self.services.db, found[1].account_id)
        return web.json_response({"messages": [
            {"id": m.id, "text": pieces(m.text), "at": m.created_at} for m in messages]})

    async def _seen(self, request: web.Request) -> web.Response:
        _, session = await self._writer(request)
        body = await _json(request)
        up_to = body.get("up_to")
        if not isinstance(up_to, int) or isinstance(up_to, bool):
            return _error(400, texts.WEB_BAD_REQUEST)
        marked = await web_sessions.mark_seen(self.services.db, session.account_id, up_to,
                                              now=self.services.now())
        return web.json_response({"marked": marked})

    # ------------------------------------------------------------ webhooks

    async def _webhook(self, request: web.Request) -> web.Response:
        hook = self.webhooks[request.path.rsplit("/", 1)[-1]]
        body = await request.read()
        status = hook.handle(body, request.headers.get(hook.secret_header))
        if inspect.isawaitable(status):
            status = await status
        return web.Response(status=int(status))

    # ------------------------------------------------------------ the demo's picker

    async def _demo_list(self, request: web.Request) -> web.Response:
        assert self.personas is not None
        return web.json_response({"personas": [
            {"key": p.key, "label": p.label} for p in self.personas.values()]})

    async def _demo_sign_in(self, request: web.Request) -> web.Response:
        assert self.personas is not None
        body = await _json(request)
        persona = self.personas.get(str(body.get("key", "")))
        if persona is None:
            return _error(404, texts.WEB_BAD_REQUEST)
        # What the board would do: issue a one-time code for the member; then
        # what the person would do: type it.
        issued = await link_codes.issue(self.services.db, club_id=persona.club_id,
                                        member_id=persona.member_id, proxy=False,
                                        actor="demo", now=self.services.now())
        return await self._redeem(request, issued.code, limited=False)


_FAILED = {
    Outcome.WRONG: texts.LC_WRONG,
    Outcome.EXPIRED: texts.LC_EXPIRED,
    Outcome.USED: texts.LC_USED,
    Outcome.REVOKED: texts.LC_REVOKED,
}


def csrf_token(session_token: str) -> str:
    """The per-session token a page must echo in ``X-CSRF-Token``.

    Derived from the session token, so nothing more is stored, and readable
    only by a page of this origin (cross-origin reads of ``/api/session``
    are refused by the browser).
    """
    return hmac.new(session_token.encode(), b"ishc-web-csrf", hashlib.sha256).hexdigest()


def _turn_of(account_id: str, body: dict[str, Any]) -> Turn | None:
    if body.get("start") is True:
        return Turn(CHANNEL, account_id, TurnKind.START)
    choice = body.get("choice")
    if isinstance(choice, str) and choice and len(choice) <= MAX_CHOICE:
        return Turn(CHANNEL, account_id, TurnKind.CHOICE, choice=choice)
    text = body.get("text")
    if isinstance(text, str) and len(text) <= MAX_TEXT:
        return Turn(CHANNEL, account_id, TurnKind.TEXT, text=text)
    return None


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise _Refused(400, texts.WEB_BAD_REQUEST) from None
    if not isinstance(body, dict):
        raise _Refused(400, texts.WEB_BAD_REQUEST)
    return body


def _error(status: int, text: str, **extra: Any) -> web.Response:
    return web.json_response({"error": pieces(text), **extra}, status=status)


class _Refused(Exception):
    """Raised deep in a handler; answered as :func:`_error` by the middleware."""

    def __init__(self, status: int, text: str, **extra: Any) -> None:
        super().__init__(text)
        self.status, self.text, self.extra = status, text, extra




def _is_loopback(address: str) -> bool:
    try:
        return ip_address(address).is_loopback
    except ValueError:
        return False


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
