"""The officers' dashboard on the one web server, under ``/officer/``.

Commune and province officers of the Association (and the Health and Labour
departments) read the figures of the clubs in their scope: a row per club lit
against the plans' targets, a club's page with its charts, and the
consolidated report to download. Aggregates only: no member's health reading,
phone or balance is on any of these pages.

Who is reading. An officer signs in with a one-time code from ``ishc-bot
officer add`` (storage/officers.py: the link codes' rules), tried under the
web chat's limits on failed sign-ins per address and overall
(:mod:`bot.channels.web_signin`, the same reservation before the code is
looked at). The browser then holds a random token in its own HTTP-only
cookie, ``SameSite=Lax``, ``Secure`` (with the ``__Host-`` prefix) wherever
the chat's is; the database keeps only its hash, in the officers' own table,
so a member's session opens nothing here. The officer and their scope are
read again with the session on every request, and a club outside the scope
is a 404, the same answer as a club that does not exist.

Cross-site requests. Pages and downloads are reads (GET). The two writes —
signing in and out — take JSON only, from a page of this host (``Origin``),
and signing out needs ``X-CSRF-Token``, an HMAC of the session token the
page carries in a ``<meta>``. The pages have no inline script or style, so
the server's CSP (``script-src 'self'``, ``form-action 'none'``) holds here
as everywhere: ``officer.js`` sends the sign-in and the custom period.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import logging
import re
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from importlib import resources
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels import web_signin
from bot.channels.officer_html import (
    cell_text,
    club_page_html,
    dashboard_page,
    signin_page,
)
from bot.channels.web_http import Refused, error, read_json
from club import texts
from club import texts_officer as otexts
from club.dashboard import COLUMNS, LIT, arrange, dashboard_day
from club.programme import Period, current_period, custom, full_year, half_year, parse_period
from club.text import fold
from handlers.context import Services
from storage import link_codes, officers
from storage import web_signin as attempts
from storage.officers import Officer
from storage.programme.dashboard import DashboardCache, ReadPool, club_page, club_trends
from storage.programme.report import club_reports, club_series
from storage.web_signin import Limits

log = logging.getLogger(__name__)

PREFIX = "/officer"
CSRF_HEADER = "X-CSRF-Token"
_STATIC = {"officer.js": "text/javascript", "officer.css": "text/css"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PAGE_HEADERS = {"Cache-Control": "private, no-store"}
_MAX_CUSTOM_DAYS = 3 * 366


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"ishc-officer-csrf", hashlib.sha256).hexdigest()


def period_choices(today: date) -> list[Period]:
    """The periods offered as links: this report year's two, and last year's."""
    year = current_period(today).end.year
    return [half_year(year), full_year(year), full_year(year - 1)]


def period_of(query: Any, today: date) -> tuple[Period, str]:
    """The period a query names (``period=2026-H1|2026`` or ``from``/``to``), and
    a notice when it named none that could be read (the current one is used)."""
    try:
        if query.get("from") or query.get("to"):
            start = date.fromisoformat(str(query.get("from", "")))
            end = date.fromisoformat(str(query.get("to", "")))
            if (end - start).days > _MAX_CUSTOM_DAYS:
                raise ValueError("too long")
            return custom(start, end), ""
        if query.get("period"):
            return parse_period(str(query["period"])[:20]), ""
        return current_period(today), ""
    except ValueError:
        fallback = current_period(today)
        return fallback, otexts.OFFICER_PERIOD_BAD.format(period=fallback.title)


class OfficerSite:
    """The routes under ``/officer/``; see the module's doc."""

    def __init__(self, services: Services, *, secure: bool, behind_proxy: bool = False,
                 public_host: str | None = None, limits: Limits | None = None,
                 readers: int = 2) -> None:
        self.services = services
        self.secure = secure
        self.behind_proxy = behind_proxy
        self.public_host = public_host
        self.limits = limits or Limits()
        self.cookie = "__Host-ishc-officer" if secure else "ishc_officer"
        self.readers = readers
        self.cache: DashboardCache | None = None
        self.pool: ReadPool | None = None
        self.static = {name: (resources.files("bot") / "web" / name).read_bytes()
                       for name in _STATIC}

    def add_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_get(PREFIX, self._to_dashboard)
        router.add_get(PREFIX + "/", self._dashboard)
        router.add_get(PREFIX + "/static/{name}", self._asset)
        router.add_post(PREFIX + "/signin", self._sign_in)
        router.add_post(PREFIX + "/signout", self._sign_out)
        router.add_get(PREFIX + r"/club/{club:\d{1,12}}", self._club)
        router.add_get(PREFIX + r"/club/{club:\d{1,12}}/chart/{name:[a-z0-9]+}.png",
                       self._chart)
        router.add_get(PREFIX + "/report.{fmt:xlsx|pdf}", self._report)
        router.add_get(PREFIX + "/attention.xlsx", self._attention)
        app.cleanup_ctx.append(self._readers)

    async def _readers(self, app: web.Application) -> AsyncIterator[None]:
        self.pool = await ReadPool.open(self.services.db, self.readers)
        self.cache = DashboardCache(self.services.db, self.pool)
        try:
            yield
        finally:
            await self.pool.close()

    # ------------------------------------------------------------ who is reading

    def _token(self, request: web.Request) -> str | None:
        token = request.cookies.get(self.cookie)
        return token if token and len(token) < 200 else None

    async def _officer(self, request: web.Request) -> tuple[str, Officer] | None:
        token = self._token(request)
        if token is None:
            return None
        found = await officers.session_officer(self.services.db, token,
                                               now=self.services.now())
        return (token, found) if found is not None else None

    async def _reader(self, request: web.Request) -> tuple[str, Officer]:
        """The signed-in officer, or 404 for anything but the dashboard itself
        (which shows the sign-in): nothing under /officer/ says what exists."""
        found = await self._officer(request)
        if found is None:
            raise web.HTTPNotFound()
        return found

    async def _club_in_scope(self, request: web.Request, officer: Officer) -> int:
        club_id = int(request.match_info["club"])
        if club_id not in await officers.club_ids_in(self.services.db, officer.scope):
            raise web.HTTPNotFound()  # never 403: that would say the club exists
        return club_id

    def _from_this_page(self, request: web.Request) -> None:
        if request.content_type != "application/json":
            raise Refused(415, texts.WEB_BAD_REQUEST)
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc not in (request.host,
                                                                self.public_host):
            raise Refused(403, texts.WEB_BAD_REQUEST)

    def _set_cookie(self, response: web.StreamResponse, token: str, max_age: int) -> None:
        response.set_cookie(self.cookie, token, max_age=max_age, path="/", httponly=True,
                            secure=self.secure, samesite="Lax")

    # ------------------------------------------------------------ signing in and out

    async def _sign_in(self, request: web.Request) -> web.Response:
        self._from_this_page(request)
        body = await read_json(request)
        code = link_codes.normalize_code(str(body.get("code", ""))[:40])
        if code is None:
            return error(400, texts.LC_MALFORMED)
        db, now = self.services.db, self.services.now()
        address = web_signin.client_address(request, behind_proxy=self.behind_proxy)
        place = await web_signin.reserve(db, address, code, now=now, limits=self.limits)
        found = await officers.redeem(db, code, now=now)
        await attempts.settle(db, place, ok=found is not None)
        if found is None:
            return error(401, otexts.OFFICER_SIGNIN_WRONG + "\n"
                         + texts.LC_TRIES_LEFT.format(tries=place.tries_left))
        token, _ = found
        old = self._token(request)
        if old is not None:  # a browser holds one officer session
            await officers.end_session(db, old, now=now)
        response = web.json_response({"signed_in": True})
        self._set_cookie(response, token, int(officers.SESSION_TTL.total_seconds()))
        return response

    async def _sign_out(self, request: web.Request) -> web.Response:
        self._from_this_page(request)
        found = await self._officer(request)
        if found is None:
            raise Refused(401, texts.WEB_SESSION_GONE)
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token(found[0]).encode()):
            raise Refused(403, texts.WEB_BAD_REQUEST)
        await officers.end_session(self.services.db, found[0], now=self.services.now())
        response = web.json_response({"signed_in": False, "text": otexts.OFFICER_SIGNED_OUT})
        self._set_cookie(response, "", 0)
        return response

    # ------------------------------------------------------------ pages

    async def _to_dashboard(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(PREFIX + "/")

    async def _asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in self.static:
            raise web.HTTPNotFound()
        return web.Response(body=self.static[name], content_type=_STATIC[name],
                            charset="utf-8", headers={"Cache-Control": "no-cache"})

    async def _rows(self, officer: Officer, period: Period, today: date) -> tuple[list, int]:
        assert self.cache is not None
        ids = await officers.club_ids_in(self.services.db, officer.scope)
        rows = await self.cache.rows(ids, period, today)
        return rows, len(ids)

    async def _dashboard(self, request: web.Request) -> web.Response:
        found = await self._officer(request)
        if found is None:
            return _html(signin_page())
        token, officer = found
        today = self.services.now().date()
        period, notice = period_of(request.query, today)
        sort = request.query.get("sort", "commune")
        sort = sort if sort in COLUMNS else "commune"
        order = request.query.get("order")
        descending = None if order not in ("asc", "desc") else order == "desc"
        attention = request.query.get("attention") == "1"
        rows, total = await self._rows(officer, period, today)
        shown = arrange(rows, sort=sort, descending=descending, attention_only=attention)
        if descending is None:
            descending = sort == "par30"
        return _html(dashboard_page(
            officer=officer, csrf=csrf_token(token), rows=shown, total=total, period=period,
            choices=period_choices(today), on=dashboard_day(period.end, today), sort=sort,
            descending=descending, attention=attention, notice=notice))

    async def _club(self, request: web.Request) -> web.Response:
        token, officer = await self._reader(request)
        club_id = await self._club_in_scope(request, officer)
        today = self.services.now().date()
        period, _ = period_of(request.query, today)
        page = await club_page(self.services.db.fetchall, club_id, period, today)
        if page is None:
            raise web.HTTPNotFound()
        return _html(club_page_html(officer=officer, csrf=csrf_token(token), page=page,
                                    period=period, choices=period_choices(today),
                                    on=dashboard_day(period.end, today)))

    async def _chart(self, request: web.Request) -> web.Response:
        _, officer = await self._reader(request)
        club_id = await self._club_in_scope(request, officer)
        name = request.match_info["name"]
        today = self.services.now().date()
        period, _ = period_of(request.query, today)
        fetch = self.services.db.fetchall
        draw: Callable[[], bytes]
        from storage.programme.documents import charts
        from storage.programme.documents import officer as officer_charts

        if name in ("fund", "attendance"):
            series = await club_series(fetch, period, club_id)
            draw = ((lambda: charts.fund_chart(series["fund_by_month"])) if name == "fund"
                    else (lambda: charts.attendance_chart(series["attendance_by_meeting"])))
        elif name == "areas":
            report = (await club_reports(fetch, period, [club_id]))[0]
            draw = lambda: charts.areas_chart(report["meetings"]["areas"])  # noqa: E731
        elif name in ("borrowing", "par30"):
            trends = await club_trends(fetch, club_id, period, today)
            draw = ((lambda: officer_charts.borrowing_trend(trends["borrowing_by_month"]))
                    if name == "borrowing"
                    else (lambda: officer_charts.par30_trend(trends["par30_by_month"])))
        else:
            raise web.HTTPNotFound()
        png = await asyncio.to_thread(draw)
        return web.Response(body=png, content_type="image/png", headers=_PAGE_HEADERS)

    # ------------------------------------------------------------ downloads

    async def _report(self, request: web.Request) -> web.Response:
        _, officer = await self._reader(request)
        today = self.services.now().date()
        period, _ = period_of(request.query, today)
        ids = await officers.club_ids_in(self.services.db, officer.scope)
        from club.programme import summary_report
        from storage.programme.documents import write_pdf, write_xlsx

        reports = await club_reports(self.services.db.fetchall, period, ids)
        report = summary_report(reports, period, officer.scope.label)
        fmt = request.match_info["fmt"]
        writer = write_xlsx if fmt == "xlsx" else write_pdf
        buffer = io.BytesIO()
        await asyncio.to_thread(writer, report, buffer, made_by=officer.name, made_on=today)
        name = f"bao-cao-{_slug(officer.scope.label)}-{period.key}.{fmt}"
        return _download(buffer.getvalue(), name, XLSX if fmt == "xlsx" else "application/pdf")

    async def _attention(self, request: web.Request) -> web.Response:
        _, officer = await self._reader(request)
        today = self.services.now().date()
        period, _ = period_of(request.query, today)
        rows, _ = await self._rows(officer, period, today)
        from storage.programme.documents.officer import write_attention

        shown = arrange(rows, sort="commune", attention_only=True)
        words = {f"{r.club_id}:{c}": cell_text(r, c) for r in shown for c in LIT}
        buffer = io.BytesIO()
        await asyncio.to_thread(write_attention, shown, buffer, scope=officer.scope.label,
                                period=period.title, words=words)
        name = f"clb-can-chu-y-{_slug(officer.scope.label)}-{period.key}.xlsx"
        return _download(buffer.getvalue(), name, XLSX)

    async def prune(self, now: datetime) -> int:
        """End the officers' sessions past their expiry (with the chat's hourly sweep)."""
        return await officers.prune_sessions(self.services.db, now=now)


def _html(body: bytes) -> web.Response:
    return web.Response(body=body, content_type="text/html", charset="utf-8",
                        headers=_PAGE_HEADERS)


def _download(content: bytes, filename: str, media_type: str) -> web.Response:
    return web.Response(body=content, content_type=media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{url_quote(filename)}",
        **_PAGE_HEADERS})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "clb"


__all__ = ["CSRF_HEADER", "OfficerSite", "csrf_token", "period_of"]
