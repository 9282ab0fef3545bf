"""The web chat, and the one HTTP server of the process.

A small page (``bot/web/``) where a person with neither Telegram nor Zalo — or
an Association officer at a PC — chats with the same conversations in a
phone-sized layout with big buttons. The same aiohttp server also receives
the webhooks of the other channels, each checking its own secret.

Who is speaking. Sign-in is by the one-time link code the board gives (the
same 8 digits typed on Telegram or Zalo, or 12 for a shared machine). A good
code creates a chat account on the ``web`` channel with a random id, linked
through the ordinary link-code path (:func:`storage.link_codes.redeem`), so
the browser sees exactly what that code allowed. The browser then holds a random session token
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
address as well, and across all addresses: each try reserves its place
before its code is checked (:mod:`bot.channels.web_signin`).

A second sign-in in the same browser ends the session it replaces.

What the bot says on its own. A page cannot be pushed to: the outbox hands
a web account's messages (receipts, reminders, notices) to :class:`WebSender`,
which stores them in the account's inbox; the page fetches them with
``GET /api/messages`` and acknowledges what it showed.

Replies go out as data, never as HTML: a reply's ``<b>`` markup becomes a list
of plain and bold pieces that the page puts in the DOM as text (a phone
number is a piece with its ``tel:`` number, shown as a link). A reply's
picture travels as a URL only its own session can fetch
(:mod:`bot.channels.web_images`), with its words as the ``alt``.

The server's hygiene — hosts answered, security headers, bodies, errors — is
:mod:`bot.channels.web_http`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import html
import inspect
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiohttp import web

from bot import downloads
from bot.channels import web_signin
from bot.channels.web_http import (
    LOOPBACK_NAMES,
    MAX_BODY,
    SECURITY_HEADERS,
    Refused,
    allowed_hosts,
    bound_port,
    error,
    guard,
    local_url,
    pieces,
    read_json,
    start_server,
)
from bot.channels.web_images import CHAT_TTL, MEDIA_PATH, ImageStore
from bot.channels.web_officer import OfficerSite
from bot.channels.web_privacy import privacy_page
from club import texts
from club.reminders import parse_duration
from handlers import link_codes as link_codes_chat
from handlers.context import Services
from handlers.conversation import Button, Reply, Rows, Turn, TurnKind
from handlers.menu import with_menu
from handlers.router import respond
from storage import link_codes, web_sessions
from storage import web_signin as attempts
from storage.link_codes import Outcome
from storage.outbox import Claimed
from storage.web_sessions import CHANNEL, SESSION_TTL, Session
from storage.web_signin import Limits

if TYPE_CHECKING:
    from bot.config import WebSettings

log = logging.getLogger(__name__)

# What the rest of the code (the app, the demo, the tests) takes from here.
__all__ = ["CHANNEL", "CSRF_HEADER", "MAX_BODY", "SECURITY_HEADERS", "Limits", "Persona",
           "WebChat", "WebOptions", "WebSender", "Webhook", "bound_port", "cookie_secure",
           "csrf_token", "local_url", "options_for", "pieces", "reply_json", "start_server"]

MAX_TEXT = 1000       # characters of one typed message
MAX_CHOICE = 200      # characters of a button's data (Telegram allows 64 bytes)
CSRF_HEADER = "X-CSRF-Token"
_PRUNE_EVERY = 3600.0  # seconds between sweeps of expired sessions and old tries

WebhookHandler = Callable[[bytes, str | None], Awaitable[int] | int]


# ---------------------------------------------------------------- replies as data


def _rows(rows: Rows) -> list[list[dict[str, Any]]]:
    # Sharing a phone's contact is a Telegram button; on the web a code links.
    shown = [[_button(b) for b in row if not b.request_contact] for row in rows]
    return [row for row in shown if row]


def _button(button: Button) -> dict[str, Any]:
    return {"label": button.label, "choice": button.choice, "primary": button.primary,
            "with_answer": button.with_answer}


def reply_json(reply: Reply, image_url: str | None = None) -> dict[str, Any]:
    """A reply as the page draws it; its picture, if any, at ``image_url``."""
    answer = {"text": pieces(reply.text), "keyboard": _rows(reply.keyboard),
              "choices": _rows(reply.choices), "remove_keyboard": reply.remove_keyboard,
              "edit": reply.edit}
    if reply.image is not None and image_url is not None:
        answer["image"] = {"url": image_url, "alt": reply.image.alt}
    if reply.attachment is not None:  # the page offers it as a download
        answer["file"] = {"name": reply.attachment.filename, "mime": reply.attachment.mime,
                          "data": base64.b64encode(reply.attachment.content).decode()}
    return answer


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
    # Plain http on loopback only may go without it (see cookie_secure); behind
    # a proxy the cookie is Secure whatever this says.
    cookie_secure: bool = True
    # Behind a reverse proxy on this machine, the client's address is the last
    # X-Forwarded-For entry (the one the proxy added), not the proxy's.
    behind_proxy: bool = False
    # https://… as browsers reach the server (a proxy may pass another Host on).
    public_url: str = ""
    session_ttl: timedelta = SESSION_TTL
    # The names answered besides public_url's and loopback's (see web_http).
    bind_host: str = ""
    allowed_hosts: tuple[str, ...] = ()
    limits: Limits = Limits()


def options_for(settings: WebSettings) -> WebOptions:
    """The server's options from the ``[web]`` settings."""
    return WebOptions(
        cookie_secure=cookie_secure(settings.host, settings.public_url, settings.behind_proxy),
        behind_proxy=settings.behind_proxy, public_url=settings.public_url,
        bind_host=settings.host, allowed_hosts=tuple(settings.allowed_hosts),
        limits=Limits(per_address=settings.signin_failures_per_hour,
                      per_minute=settings.signin_failures_per_minute,
                      pause=parse_duration(settings.signin_pause)))


def cookie_secure(host: str, public_url: str = "", behind_proxy: bool = False) -> bool:
    """Whether the session cookie gets the ``Secure`` flag.

    Always, except when the page is served over plain http on this machine's
    loopback (the demo, a developer, the tests): browsers keep a Secure cookie
    only from https, and http://127.0.0.1 is the one place where no https is
    needed because nothing crosses a network. Behind a proxy the browser is
    elsewhere, so the cookie crosses a network even when the server listens on
    127.0.0.1 and no ``public_url`` is set.
    """
    url = urlsplit(public_url) if public_url else None
    if behind_proxy or (url is not None and url.scheme == "https"):
        return True
    served_locally = host in LOOPBACK_NAMES and (url is None or url.hostname in LOOPBACK_NAMES)
    return not served_locally


def _page(name: str) -> bytes:
    return (resources.files("bot") / "web" / name).read_bytes()


_PLACEHOLDER = re.compile(r"\{\{([A-Z0-9_]+)\}\}")


def render_index() -> bytes:
    """index.html with its ``{{WEB_…}}`` placeholders filled from club.texts, escaped."""
    source = _page("index.html").decode("utf-8")
    return _PLACEHOLDER.sub(lambda m: html.escape(getattr(texts, m.group(1))),
                            source).encode("utf-8")


_STATIC = {"app.js": "text/javascript", "style.css": "text/css"}


class WebChat:
    """The page, its JSON API, the webhooks and (in the demo) the persona picker."""

    def __init__(self, services: Services, *, chat: bool = True,
                 webhooks: Sequence[Webhook] = (), personas: Sequence[Persona] | None = None,
                 options: WebOptions | None = None,
                 health: Callable[[], Awaitable[dict[str, Any]]] | None = None,
                 public_images: ImageStore | None = None) -> None:
        self.services = services
        # The runtime's report for /healthz: the database, then each channel.
        self.health = health
        # The chat's pictures, each for its own session's account only.
        self.images = ImageStore(CHAT_TTL)
        # Pictures for another platform's servers to fetch (Zalo's sendPhoto).
        self.public_images = public_images
        self.chat = chat
        self.webhooks = {w.name: w for w in webhooks}
        self.personas = {p.key: p for p in personas} if personas is not None else None
        self.options = options or WebOptions()
        # The "__Host-" prefix makes browsers refuse the cookie unless it is
        # Secure, host-only and for the whole site; plain http on loopback
        # cannot have it. Behind a proxy the browser is never on loopback.
        self.secure = self.options.cookie_secure or self.options.behind_proxy
        self.cookie = "__Host-ishc" if self.secure else "ishc_session"
        self._public_host = urlsplit(self.options.public_url).netloc or None
        self.officer = OfficerSite(services, secure=self.secure,
                                   behind_proxy=self.options.behind_proxy,
                                   public_host=self._public_host, limits=self.options.limits)
        self.hosts = allowed_hosts(public_url=self.options.public_url,
                                   bind_host=self.options.bind_host,
                                   extra=self.options.allowed_hosts)

    async def _healthz(self, request: web.Request) -> web.Response:
        """For a supervisor or an uptime check: 200 when the database answers and
        every configured channel takes updates, 503 otherwise. Names and states
        only: nothing about members, tokens or addresses."""
        try:
            await self.services.db.fetchone("SELECT 1")
            database = "ok"
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            log.exception("health check: the database did not answer")
            database = "error"
        channels = (await self.health()) if self.health is not None else {}
        healthy = database == "ok" and all(state == "ok" for state in channels.values())
        return web.json_response({"database": database, "channels": channels},
                                 status=200 if healthy else 503,
                                 headers={"Cache-Control": "no-store"})

    # ------------------------------------------------------------ assembly

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY,
                              middlewares=[guard(self.hosts), self._same_origin])
        for name in self.webhooks:
            app.router.add_post(f"/webhook/{name}", self._webhook)
        if self.public_images is not None:
            app.router.add_get(MEDIA_PATH + "{name}.png", self._public_image)
        app.router.add_get("/privacy", privacy_page)
        app.router.add_get("/healthz", self._healthz)
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
            app.router.add_get("/api/image/{name}", self._image)
            app.router.add_post("/api/messages/seen", self._seen)
            self.officer.add_routes(app)  # the officers' dashboard: bot/channels/web_officer.py
            if self.personas is not None:  # ``ishc-bot demo`` only, never ``run``
                app.router.add_get("/api/demo", self._demo_list)
                app.router.add_post("/api/demo/signin", self._demo_sign_in)
        app.cleanup_ctx.append(self._pruning)
        return app

    async def _pruning(self, app: web.Application) -> AsyncIterator[None]:
        """At start-up and then hourly: expired sessions are ended, and sign-in
        tries past their window forgotten."""

        async def loop() -> None:
            while True:
                try:
                    await self.prune()
                except Exception:
                    log.exception("web: pruning sessions failed")
                await asyncio.sleep(_PRUNE_EVERY)

        task = asyncio.create_task(loop(), name="web-session-pruning") if self.chat else None
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def prune(self) -> None:
        db, now = self.services.db, self.services.now()
        ended = await web_sessions.prune_expired(db, now=now)
        if ended:
            log.info("web: %d expired session(s) ended", ended)
        await attempts.prune(db, now=now, limits=self.options.limits)
        await link_codes.prune_attempts(db, now=now)
        await self.officer.prune(now)

    @web.middleware
    async def _same_origin(self, request: web.Request,
                           handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                           ) -> web.StreamResponse:
        """Writes to the API come as JSON from a page of this very host."""
        if request.method == "POST" and request.path.startswith("/api/"):
            if request.content_type != "application/json":
                return error(415, texts.WEB_BAD_REQUEST)
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc not in (request.host,
                                                                    self._public_host):
                return error(403, texts.WEB_BAD_REQUEST)
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
            raise Refused(401, texts.WEB_SESSION_GONE, signed_in=False)
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token(found[0]).encode()):
            raise Refused(403, texts.WEB_BAD_REQUEST)
        return found

    def _set_cookie(self, response: web.Response, token: str, max_age: int) -> None:
        response.set_cookie(self.cookie, token, max_age=max_age, path="/", httponly=True,
                            secure=self.secure, samesite="Lax")

    async def _session_info(self, request: web.Request) -> web.Response:
        found = await self._session(request)
        if found is None:
            return web.json_response({"signed_in": False})
        token, session = found
        account = await self.services.reader.account(CHANNEL, session.account_id)
        return web.json_response({"signed_in": True, "csrf": csrf_token(token),
                                  "linked": bool(account.links)})

    async def _sign_in(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        code = link_codes.normalize_code(str(body.get("code", ""))[:40])
        if code is None:
            return error(400, texts.LC_MALFORMED)
        return await self._redeem(request, code, limited=True)

    async def _redeem(self, request: web.Request, code: str, *, limited: bool) -> web.Response:
        db, now = self.services.db, self.services.now()
        place = None
        if limited:  # raises Refused (429) when this try may not be checked
            place = await web_signin.reserve(
                db, web_signin.client_address(request, behind_proxy=self.options.behind_proxy),
                code, now=now, limits=self.options.limits)
        account_id = web_sessions.new_account_id()
        # Should this fail half-way, the reservation stays pending: a failure.
        result = await link_codes.redeem(db, CHANNEL, account_id, code, now=now)
        if place is not None:
            await attempts.settle(db, place, ok=result.ok)
        if not result.ok:
            text = _FAILED.get(result.outcome, texts.LC_WRONG)
            if place is not None:
                text += "\n" + texts.LC_TRIES_LEFT.format(tries=place.tries_left)
            return error(401, text)
        # A browser holds one session: the one this cookie named ends now.
        token, _ = await web_sessions.create(db, account_id, now=now,
                                             ttl=self.options.session_ttl,
                                             replacing=self._token(request))
        account = await self.services.reader.account(CHANNEL, account_id)
        greeting = link_codes_chat.greeting(result, account, now.date())
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
        body = await read_json(request)
        turn = _turn_of(session.account_id, body)
        if turn is None:
            return error(400, texts.WEB_BAD_REQUEST)
        replies = await respond(turn, self.services)
        account = await self.services.reader.account(CHANNEL, session.account_id)
        answer: dict[str, Any] = {
            "replies": [reply_json(r, self._image_url(r, session.account_id)) for r in replies],
            "linked": bool(account.links)}
        if not account.links:
            answer["hint"] = pieces(texts.WEB_NEED_CODE)
        return web.json_response(answer)

    def _image_url(self, reply: Reply, account_id: str) -> str | None:
        if reply.image is None:
            return None
        return "/api/image/" + self.images.put(reply.image, owner=account_id)

    async def _image(self, request: web.Request) -> web.Response:
        """A picture of this session's own replies; 404 for any other name."""
        found = await self._session(request)
        if found is None:
            raise web.HTTPNotFound()
        png = await self.images.png(request.match_info["name"], owner=found[1].account_id)
        if png is None:
            raise web.HTTPNotFound()
        return _png(png)

    async def _public_image(self, request: web.Request) -> web.Response:
        assert self.public_images is not None
        png = await self.public_images.png(request.match_info["name"])
        if png is None:
            raise web.HTTPNotFound()
        return _png(png)

    async def _messages(self, request: web.Request) -> web.Response:
        found = await self._session(request)
        if found is None:
            raise Refused(401, texts.WEB_SESSION_GONE, signed_in=False)
        messages = await web_sessions.unseen(self.services.db, found[1].account_id)
        return web.json_response({"messages": [
            {"id": m.id, "text": pieces(m.text), "at": m.created_at} for m in messages]})

    async def _seen(self, request: web.Request) -> web.Response:
        _, session = await self._writer(request)
        body = await read_json(request)
        up_to = body.get("up_to")
        if not isinstance(up_to, int) or isinstance(up_to, bool) or not 0 <= up_to < 2 ** 63:
            return error(400, texts.WEB_BAD_REQUEST)
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
        body = await read_json(request)
        persona = self.personas.get(str(body.get("key", "")))
        if persona is None:
            return error(404, texts.WEB_BAD_REQUEST)
        # What the board would do: issue a one-time code for the member; then
        # what the person would do: type it.
        issued = await link_codes.issue(self.services.db, club_id=persona.club_id,
                                        member_id=persona.member_id, proxy=False,
                                        actor="demo", now=self.services.now())
        return await self._redeem(request, issued.code, limited=False)


def _png(png: bytes) -> web.Response:
    # Health figures: kept by no cache on the way, nor by the browser.
    return web.Response(body=png, content_type="image/png",
                        headers={"Cache-Control": "private, no-store"})


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
