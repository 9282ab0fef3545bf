"""A synthetic database the size of a province: many clubs, a year of books.

The schema comes from ``storage.Database.open`` (so the migrations are the
real ones); the rows are then written with the stdlib ``sqlite3`` module,
``executemany`` and a single transaction with the journal off, because going
row by row through aiosqlite would take many minutes for ~2 million rows.

Every figure is drawn from one seeded ``random.Random``, so a given set of
parameters always yields the same database; :func:`cached` keeps the file under
``bench/out/`` and rebuilds it only when the parameters, this generator or the
migrations change.

The data is shaped like the real books: clubs meeting on a solar or lunar day,
a board of four per club, couples sharing a phone, about a third of members
with a loan (some repaid, some late), monthly contributions, savings
movements with the odd reversed entry, attendance at every meeting, blood
pressure for some members at each meeting, and check-ups before and after
the benchmark's fixed day. A sample of members has a linked Telegram account.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

from club.calendar import MeetingRule, meeting_dates
from club.loans import Loan, RepaymentMethod, schedule
from storage import Database, consent

# The benchmark's clock stands on this day; the books end on it.
AS_OF = datetime(2026, 11, 20, 9, 0)
TODAY = AS_OF.date()

CHANNEL = "telegram"
# Telegram user ids of the synthetic accounts are FIRST_USER_ID, FIRST_USER_ID + 1, ...
FIRST_USER_ID = 810_000_000
DEFAULT_ACCOUNTS = 2_000

OUT = Path(__file__).parent / "out"
RECORDED_BY = "bench"
CONTRIBUTION = 20_000
BOARD = ("Chủ nhiệm", "Phó chủ nhiệm", "Thư ký", "Thủ quỹ")
# Rows are written a batch of clubs at a time so memory stays flat at any size.
CLUBS_PER_BATCH = 50

_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_MIDDLE = {"Nữ": ("Thị", "Thu", "Ngọc", "Kim"), "Nam": ("Văn", "Đức", "Hữu", "Quang")}
_GIVEN = {
    "Nữ": ("Lan", "Hoa", "Mai", "Hằng", "Nga", "Tuyết", "Liên", "Hương", "Cúc", "Đào"),
    "Nam": ("Hùng", "Dũng", "Minh", "Thắng", "Bình", "Sơn", "Tâm", "Phúc", "Lộc", "Hải"),
}
_PROVINCES = ("Thái Bình", "Hưng Yên", "Nam Định", "Hà Nam", "Ninh Bình", "Hải Dương")
_TOPICS = ("Chăm sóc sức khỏe mùa lạnh", "Phòng chống té ngã", "Vay vốn tăng thu nhập",
           "Dinh dưỡng người cao tuổi", "Tập thể dục buổi sáng", "Sinh hoạt văn nghệ")
_TIMES = ("07:30", "08:00", "14:00", "15:30")


def _migrations_text() -> bytes:
    root = resources.files("storage.migrations")
    return b"".join(entry.read_bytes() for entry in sorted(root.iterdir(), key=lambda e: e.name)
                    if entry.name.endswith(".sql"))


def cache_path(clubs: int, members: int, months: int, seed: int, accounts: int) -> Path:
    """Where :func:`cached` keeps the database built from these parameters.

    The name carries a digest of this file and of the migrations, so changing
    the generator or the schema never reuses a stale build.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes() + _migrations_text()).hexdigest()[:10]
    return OUT / f"synthetic-c{clubs}-m{members}-mo{months}-a{accounts}-s{seed}-{digest}.db"


def cached(clubs: int = 1000, members: int = 60, months: int = 12, seed: int = 1,
           accounts: int = DEFAULT_ACCOUNTS) -> Path:
    """The database for these parameters, built now only if no earlier build exists."""
    path = cache_path(clubs, members, months, seed, accounts)
    if path.exists():
        print(f"synthetic database: reusing {os.path.relpath(path)}")
        return path
    started = time.perf_counter()
    build(path, clubs=clubs, members=members, months=months, seed=seed, accounts=accounts)
    size = path.stat().st_size / 2**20
    print(f"synthetic database: built {os.path.relpath(path)} ({size:.0f} MiB) "
          f"in {time.perf_counter() - started:.1f} s")
    return path


def build(path: str | Path, clubs: int = 1000, members: int = 60, months: int = 12,
          seed: int = 1, accounts: int = DEFAULT_ACCOUNTS) -> None:
    """Create the database at ``path`` (replacing any file there) and fill it.

    The file appears only when complete: it is built under a temporary name
    and renamed, so an interrupted build is never mistaken for a cached one.
    """
    path = Path(path)
    building = path.with_name(path.name + ".building")
    for leftover in (building, *(building.with_name(building.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    asyncio.run(_create_schema(building))

    conn = sqlite3.connect(building, isolation_level=None)
    try:
        # Nothing here needs to survive a crash: a failed build is started again.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MiB: the indexes stay in memory
        conn.execute("BEGIN")
        _fill(conn, _Plan(clubs, members, months, accounts, random.Random(seed)))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")  # as Database.open leaves it
    finally:
        conn.close()
    os.replace(building, path)


async def _create_schema(path: Path) -> None:
    db = await Database.open(path)
    await db.close()


class _Plan:
    """The parameters and the running ids of one build."""

    def __init__(self, clubs: int, members: int, months: int, accounts: int,
                 rng: random.Random) -> None:
        self.clubs, self.members, self.months, self.accounts = clubs, members, months, accounts
        self.rng = rng
        self.member_id = 0
        self.loan_id = 0
        self.meeting_id = 0
        self.entry_id = 0
        # Phone of every member (None if none), by member id, to link accounts at the end.
        self.phones: list[str | None] = [None]


@cache
def _meeting_days(day: int, lunar: bool, months: int) -> tuple[date, ...]:
    # Only 56 distinct rules exist (day 1-28, solar or lunar), so each is computed once.
    rule = MeetingRule(day=day, lunar=lunar, time=None, place="")
    found = meeting_dates(rule, TODAY - timedelta(days=31 * (months + 1)), TODAY)
    return tuple(found[-months:])


def _phone(index: int) -> str:
    # Multiplying by a number prime to 10**8 permutes 0..10**8-1: unique phones, scattered.
    return "09" + f"{(index * 7919 + 12_345_678) % 100_000_000:08d}"


def _fill(conn: sqlite3.Connection, plan: _Plan) -> None:
    for first in range(1, plan.clubs + 1, CLUBS_PER_BATCH):
        rows: dict[str, list[tuple]] = {table: [] for table in _INSERTS}
        for club_id in range(first, min(first + CLUBS_PER_BATCH, plan.clubs + 1)):
            _club(plan, club_id, rows)
        for table, sql in _INSERTS.items():
            conn.executemany(sql, rows[table])
    accounts, links = _accounts(plan)
    conn.executemany(_INSERTS_ACCOUNTS, accounts)
    conn.executemany(_INSERTS_LINKS, links)
    # Every member signed the club's consent form for health readings, so
    # ❤️ Sức khỏe is timed showing readings, as in a club that uses it.
    signed = TODAY.isoformat()
    conn.execute("INSERT INTO consent_wordings (version, text, first_shown_at) VALUES (?, ?, ?)",
                 (consent.VERSION, consent.WORDS, signed))
    conn.execute(
        "INSERT INTO health_consents (member_id, club_id, decision, wording, how, recorded_by, "
        "signed_on, witness, at) SELECT id, club_id, 'agree', ?, 'paper', 'bench', ?, "
        "'bench', ? FROM members", (consent.VERSION, signed, signed))


_INSERTS = {
    "clubs": "INSERT INTO clubs (id, name, commune, province, meeting_day, meeting_lunar, "
             "meeting_time, meeting_place, contribution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "members": "INSERT INTO members (id, club_id, code, name, gender, birth_year, phone, team, "
               "role, volunteer, joined_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "loans": "INSERT INTO loans (id, club_id, code, member_id, disbursed_on, amount, "
             "term_months, rate_ppm, method, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "meetings": "INSERT INTO meetings (id, club_id, code, held_on, time, place, topic, "
                "activities) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "cash_entries": "INSERT INTO cash_entries (id, club_id, entry_date, member_id, kind, amount, "
                    "loan_id, note, reverses_id, recorded_by, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "attendance": "INSERT INTO attendance (meeting_id, member_id, status) VALUES (?, ?, ?)",
    "health_readings": "INSERT INTO health_readings (member_id, taken_on, systolic, diastolic, "
                       "weight_dg) VALUES (?, ?, ?, ?, ?)",
    "checkups": "INSERT INTO checkups (club_id, held_on, time, what, place) "
                "VALUES (?, ?, ?, ?, ?)",
}
_INSERTS_ACCOUNTS = ("INSERT INTO chat_accounts (channel, account_id, active_member_id, "
                     "created_at) VALUES (?, ?, ?, ?)")
_INSERTS_LINKS = ("INSERT INTO chat_links (channel, account_id, member_id, how, linked_at) "
                  "VALUES (?, ?, ?, ?, ?)")


def _club(plan: _Plan, club_id: int, rows: dict[str, list[tuple]]) -> None:
    rng = plan.rng
    province = _PROVINCES[club_id % len(_PROVINCES)]
    commune = f"Xã {_SURNAMES[club_id % 10]} {club_id}"
    day = rng.randint(1, 28)
    lunar = rng.random() < 0.3
    at = rng.choice(_TIMES)
    place = f"Nhà văn hóa thôn {rng.randint(1, 9)}"
    rows["clubs"].append((club_id, f"CLB Liên thế hệ {commune}", commune, province, day,
                          int(lunar), at, place, CONTRIBUTION))

    held = _meeting_days(day, lunar, plan.months)
    meeting_ids = []
    for number, held_on in enumerate(held, 1):
        plan.meeting_id += 1
        meeting_ids.append(plan.meeting_id)
        rows["meetings"].append((plan.meeting_id, club_id, f"BH{number:02d}", held_on.isoformat(),
                                 at, place, rng.choice(_TOPICS), "1, 2, 6"))

    past = TODAY - timedelta(days=rng.randint(20, 150))
    ahead = TODAY + timedelta(days=rng.randint(5, 60))
    for when in (past, ahead):
        rows["checkups"].append((club_id, when.isoformat(), "07:00", "Khám sức khỏe định kỳ",
                                 "Trạm y tế xã"))

    loan_number = 0
    for number in range(1, plan.members + 1):
        plan.member_id += 1
        member_id = plan.member_id
        joined = _member(plan, club_id, number, held, rows)
        attended = [(mid, d) for mid, d in zip(meeting_ids, held, strict=True) if d >= joined]
        for meeting_id, _ in attended:
            roll = rng.random()
            status = "present" if roll < 0.8 else "absent" if roll < 0.95 else "excused"
            rows["attendance"].append((meeting_id, member_id, status))
        _health(plan, member_id, [d for _, d in attended], rows)
        _savings(plan, club_id, member_id, [d for _, d in attended], rows)
        if rng.random() < 1 / 3 and len(held) >= 2:
            loan_number += 1
            _loan(plan, club_id, member_id, loan_number, held, rows)


def _member(plan: _Plan, club_id: int, number: int, held: tuple[date, ...],
            rows: dict[str, list[tuple]]) -> date:
    """Add one member; returns the day they joined."""
    rng = plan.rng
    gender = rng.choice(("Nữ", "Nữ", "Nam"))
    name = " ".join((rng.choice(_SURNAMES), rng.choice(_MIDDLE[gender]),
                     rng.choice(_GIVEN[gender])))
    role = BOARD[number - 1] if number <= len(BOARD) else ""
    previous = plan.phones[-1] if number > 1 else None
    if role == "" and previous is not None and number % 29 == 0:
        phone = previous  # a couple sharing one phone
    elif role == "" and rng.random() < 0.03:
        phone = None
    else:
        phone = _phone(plan.member_id)
    plan.phones.append(phone)
    if rng.random() < 0.1 and len(held) > 2:
        joined = held[rng.randrange(1, len(held))]  # joined during the year's books
    else:
        joined = date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
    rows["members"].append((plan.member_id, club_id, f"TV{number:03d}", name, gender,
                            rng.randint(1940, 1995), phone, f"Tổ {number % 4 + 1}", role,
                            int(rng.random() < 0.1), joined.isoformat()))
    return joined


def _health(plan: _Plan, member_id: int, days: list[date], rows: dict[str, list[tuple]]) -> None:
    rng = plan.rng
    systolic0 = rng.choice((115, 125, 135, 145, 160))
    weight0 = rng.randint(420, 720)
    for day in days:
        if rng.random() >= 0.4:
            continue
        systolic = systolic0 + rng.randint(-12, 15)
        diastolic = systolic * 2 // 3 + rng.randint(-6, 6)
        weight = weight0 + rng.randint(-15, 15) if rng.random() < 0.9 else None
        rows["health_readings"].append((member_id, day.isoformat(), systolic, diastolic, weight))


def _entry(plan: _Plan, rows: dict[str, list[tuple]], club_id: int, day: date, member_id: int,
           kind: str, amount: int, loan_id: int | None = None, note: str = "",
           reverses_id: int | None = None) -> int:
    plan.entry_id += 1
    iso = day.isoformat()
    rows["cash_entries"].append((plan.entry_id, club_id, iso, member_id, kind, amount, loan_id,
                                 note, reverses_id, RECORDED_BY, iso + "T18:00:00"))
    return plan.entry_id


def _savings(plan: _Plan, club_id: int, member_id: int, days: list[date],
             rows: dict[str, list[tuple]]) -> None:
    rng = plan.rng
    roll = rng.random()
    skips = 0.0 if roll < 0.85 else 0.3 if roll < 0.95 else 1.0  # most pay every month
    saver = rng.random() < 0.5
    balance = 0
    for day in days:
        if rng.random() >= skips:
            _entry(plan, rows, club_id, day, member_id, "contribution", CONTRIBUTION)
        if not saver:
            continue
        if rng.random() < 0.7:
            amount = rng.choice((50_000, 100_000, 200_000))
            entry = _entry(plan, rows, club_id, day, member_id, "deposit", amount)
            if rng.random() < 0.01:  # a slip corrected by a reversal, as the book requires
                _entry(plan, rows, club_id, day, member_id, "deposit", -amount,
                       note="Ghi nhầm", reverses_id=entry)
            else:
                balance += amount
        if balance >= 100_000 and rng.random() < 0.05:
            amount = rng.randrange(50_000, balance + 1, 50_000)
            _entry(plan, rows, club_id, day, member_id, "withdrawal", amount)
            balance -= amount


def _loan(plan: _Plan, club_id: int, member_id: int, number: int, held: tuple[date, ...],
          rows: dict[str, list[tuple]]) -> None:
    rng = plan.rng
    plan.loan_id += 1
    loan = Loan(code=f"KV{number:03d}", amount=rng.randrange(30, 101) * 100_000,
                disbursed=held[rng.randrange(0, len(held) - 1)],
                term_months=rng.choice((6, 12)), rate_ppm=rng.randrange(5_000, 8_001, 500),
                method=RepaymentMethod.DECLINING if rng.random() < 0.6 else RepaymentMethod.BULLET)
    rows["loans"].append((plan.loan_id, club_id, loan.code, member_id, loan.disbursed.isoformat(),
                          loan.amount, loan.term_months, loan.rate_ppm, loan.method.value,
                          "Chăn nuôi"))
    due = [i for i in schedule(loan) if i.due < TODAY]
    roll = rng.random()
    if roll < 0.75 or not due:
        paid_until, interest_only = len(due), False      # on schedule
    elif roll < 0.9:
        paid_until, interest_only = rng.randrange(len(due)), False  # stopped paying
    else:
        paid_until, interest_only = rng.randrange(len(due)), True   # principal behind
    for index, installment in enumerate(due):
        if index >= paid_until and not interest_only:
            break
        if installment.principal and index < paid_until:
            _entry(plan, rows, club_id, installment.due, member_id, "principal",
                   installment.principal, loan_id=plan.loan_id)
        _entry(plan, rows, club_id, installment.due, member_id, "interest",
               installment.interest, loan_id=plan.loan_id)


def _accounts(plan: _Plan) -> tuple[list[tuple], list[tuple]]:
    """One Telegram account per sampled phone, spread evenly over all clubs.

    An account is linked to every member with its phone, as linking by a
    shared contact does, so a couple's phone sees both of them.
    """
    total = len(plan.phones) - 1
    by_phone: dict[str, list[int]] = {}
    for member_id, phone in enumerate(plan.phones):
        if phone is not None:
            by_phone.setdefault(phone, []).append(member_id)
    stamp = AS_OF.replace(month=1, day=5).isoformat(timespec="seconds")
    accounts: list[tuple] = []
    links: list[tuple] = []
    used: set[str] = set()
    for index in range(min(plan.accounts, len(by_phone))):
        candidate = 1 + index * total // min(plan.accounts, len(by_phone))
        member_id = next(_phones_from(plan.phones, candidate, used))
        phone = plan.phones[member_id]
        assert phone is not None
        used.add(phone)
        account_id = str(FIRST_USER_ID + len(accounts))
        accounts.append((CHANNEL, account_id, member_id, stamp))
        links.extend((CHANNEL, account_id, linked, "contact", stamp)
                     for linked in by_phone[phone])
    return accounts, links


def _phones_from(phones: list[str | None], start: int, used: set[str]) -> Iterator[int]:
    # The first member from ``start`` on (wrapping round) whose phone has no account yet.
    for offset in range(len(phones) - 1):
        member_id = 1 + (start - 1 + offset) % (len(phones) - 1)
        phone = phones[member_id]
        if phone is not None and phone not in used:
            yield member_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clubs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--accounts", type=int, default=DEFAULT_ACCOUNTS)
    args = parser.parse_args()
    cached(args.clubs, args.members, args.months, args.seed, args.accounts)


if __name__ == "__main__":
    main()
