"""``ishc-bot demo``: the web chat on this machine, to try everything with a club's books.

The page offers three people of the club to be — an elderly member with
savings, a member whose loan is overdue, the secretary — found in the books,
not written down here, so the demo stays true to whatever club is loaded.
Choosing one does what the board and the person would do: a one-time link
code is issued for the member and redeemed by a fresh web session. Receipts
and notices reach the other personas' pages through the outbox, as in
``run``. Only this command adds the picker; ``run`` never does. Nothing is
imported here (``make demo`` imports the sample first).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import webbrowser
from datetime import date

from bot.channels import web
from bot.config import Settings
from bot.dispatcher import Dispatcher, Pace
from club import texts
from club.roles import Role
from handlers import loans, notices, savings
from handlers.context import Services
from storage import Database, roster
from storage.clubs import resolve_club
from storage.member_file import MemberFile, load_member_file

HOST = "127.0.0.1"  # the demo is for whoever sits at this machine, never for the network


async def choose_personas(db: Database, club_id: int, today: date) -> list[web.Persona]:
    """The elderly saver, the member most behind on a loan, and the secretary."""
    files: list[MemberFile] = []
    for entry in await roster.club_members(db, club_id):
        file = await load_member_file(db, entry.id, today)
        if file is not None:
            files.append(file)
    chosen: list[web.Persona] = []

    def take(key: str, label: str, file: MemberFile) -> None:
        chosen.append(web.Persona(key, label, club_id, file.member.id))

    savers = [f for f in files if f.member.birth_year and savings.savings_balance(f.cash) > 0]
    if savers:
        elder = min(savers, key=lambda f: (f.member.birth_year, f.member.code))
        take("elder", texts.WEB_DEMO_ELDER.format(
            name=elder.member.name, age=today.year - (elder.member.birth_year or today.year)),
             elder)
    taken = {p.member_id for p in chosen}
    behind = [(max(s.days_overdue for _, s in loans.statuses(f, today)), f) for f in files
              if f.loans and f.member.id not in taken]
    behind = [(days, f) for days, f in behind if days > 0]
    if behind:
        _, late = max(behind, key=lambda pair: (pair[0], pair[1].member.code))
        take("overdue", texts.WEB_DEMO_OVERDUE.format(name=late.member.name), late)
    taken = {p.member_id for p in chosen}
    secretaries = [f for f in files if f.member.role == Role.SECRETARY.value
                   and f.member.id not in taken]
    if secretaries:
        take("secretary", texts.WEB_DEMO_SECRETARY.format(name=secretaries[0].member.name),
             secretaries[0])
    return chosen


async def run_demo(db: Database, settings: Settings, club_selector: str | None, *,
                   port: int | None = None, open_browser: bool = True) -> int:
    """Serve the demo page until Ctrl-C (SIGINT) or SIGTERM."""
    club = await resolve_club(db, club_selector)
    services = Services.over(db)
    services.reminder_rules = settings.reminders.rules()
    people = await choose_personas(db, club.id, services.now().date())
    if not people:
        print(texts.WEB_DEMO_NOBODY, file=sys.stderr)
        return 1

    async def report_notices() -> None:
        if await notices.report_finished(db, services.now()):
            dispatcher.wake()

    out = settings.outbox
    dispatcher = Dispatcher(
        db, {web.CHANNEL: web.WebSender(services)},
        Pace(rate=out.rate, per_chat_interval=out.per_chat_interval,
             max_in_flight=out.max_in_flight, poll_interval=out.poll_interval),
        now=services.now, on_idle=report_notices)
    services.outbox_ready = dispatcher.wake
    await dispatcher.start()
    try:
        # Plain http on the loopback: the one place a session cookie may go without
        # the Secure flag (see web.cookie_secure).
        chat = web.WebChat(services, personas=people,
                           options=web.WebOptions(cookie_secure=web.cookie_secure(HOST)))
        wanted = settings.web.port if port is None else port
        try:
            runner = await web.start_server(chat.application(), HOST, wanted)
        except OSError as failure:
            print(texts.WEB_PORT_BUSY.format(port=wanted, reason=failure.strerror or failure),
                  file=sys.stderr)
            return 2
        try:
            url = web.local_url(HOST, web.bound_port(runner))
            print(texts.WEB_DEMO_STARTED.format(url=url), flush=True)
            if open_browser and _has_display():
                with contextlib.suppress(Exception):
                    webbrowser.open(url)
            await _until_stopped()
        finally:
            await runner.cleanup()
    finally:
        await dispatcher.stop()
    return 0


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def _has_display() -> bool:
    # Without a desktop, Python's webbrowser may start a text browser inside
    # this terminal; printing the address is better there.
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
