"""Signing in on the web: who is asking, and whether their try may be checked.

The link-code store limits failures per chat account, but every web sign-in
try is a fresh account, so the web limits them per client address too, and
across all addresses together (:mod:`storage.web_signin`: a try reserves its
place, atomically, before its code is looked at).

The client's address. Directly, it is the peer's. Behind a reverse proxy on
this machine (``[web] behind_proxy``) it is the right-most ``X-Forwarded-For``
entry, over every such header line: the one the proxy itself appended.
Everything left of it came from the client, who can write anything there.

A person at a shared address (a commune hall's PC, a mobile network that puts
many behind one address) where others have used up its tries gets in with a
shared machine's code (12 digits, from the board): its tries are counted
apart from the address's ordinary ones.
"""

from __future__ import annotations

import logging
from datetime import datetime
from ipaddress import ip_address

from aiohttp import web

from bot.channels.web_http import Refused, host_name
from club import texts
from club.calendar import format_weekday_date
from storage import link_codes
from storage import web_signin as attempts
from storage.database import Database
from storage.web_signin import Limits, Refusal, Reservation

log = logging.getLogger(__name__)

FORWARDED_FOR = "X-Forwarded-For"


def client_address(request: web.Request, *, behind_proxy: bool) -> str:
    """The address a sign-in try is counted against (see the module's doc)."""
    peer = request.remote or "?"
    if not (behind_proxy and _is_loopback(peer)):
        return peer
    entries = [entry.strip() for line in request.headers.getall(FORWARDED_FOR, ())
               for entry in line.split(",")]
    entries = [entry for entry in entries if entry]
    if not entries:
        return peer
    last = entries[-1]
    if _is_address(last):
        return last
    # Some proxies write "1.2.3.4:5678" or "[2001:db8::1]:443".
    named = host_name(last)
    return named if named is not None and _is_address(named) else peer


async def reserve(db: Database, address: str, code: str, *, now: datetime,
                  limits: Limits) -> Reservation:
    """A place to check ``code`` from ``address``, or :class:`Refused` (429)."""
    bucket = attempts.bucket_of(address)
    if link_codes.is_shared(code):
        bucket = attempts.shared_bucket(bucket)
    reservation = await attempts.reserve(db, bucket, now=now, limits=limits)
    if reservation.refused is None:
        return reservation
    if reservation.paused_now:
        log.warning("web: %d wrong sign-in codes within a minute; every sign-in waits until %s",
                    limits.per_minute, reservation.until)
    until = reservation.until or now
    when = texts.LC_WHEN.format(time=until.strftime("%H:%M"),
                                date=format_weekday_date(until.date()))
    if reservation.refused is Refusal.PAUSED:
        text = texts.WEB_SIGNIN_PAUSED.format(when=when)
    else:
        text = texts.WEB_TOO_MANY.format(when=when) + "\n" + texts.WEB_SHARED_HINT
    wait = max(1, int((until - now).total_seconds()) + 1)
    raise Refused(429, text, {"Retry-After": str(wait)})


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _is_loopback(address: str) -> bool:
    try:
        return ip_address(address).is_loopback
    except ValueError:
        return False
