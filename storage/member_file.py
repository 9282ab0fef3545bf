"""Everything a member's own screens show, read in one round trip.

Each aiosqlite call is a hop to its worker thread (~120 µs here) while SQLite
answers these small queries in microseconds, so the member's file is gathered
by a single statement that assembles JSON in SQLite. ``MemberFile`` is plain
data; the screens are computed from it in ``handlers``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from club.address import AddressStyle, address_for
from club.reminders import MAX_SHIFT
from storage.care import NEEDED, STANDING
from storage.consent import CONSENTED_SQL
from storage.database import Database

# How many recent rows the screens need; the file carries no more than that.
# The health chart shows the last 12 blood-pressure readings.
RECENT_HEALTH = 12
RECENT_MEETINGS = 6
# A meeting can be moved this far from its regular date (club.reminders.MAX_SHIFT).
CHANGES_BEFORE_DAYS = MAX_SHIFT.days


@dataclass(frozen=True, slots=True)
class ClubInfo:
    id: int
    name: str
    commune: str
    province: str
    meeting_day: int
    meeting_lunar: bool
    meeting_time: str
    meeting_place: str
    contribution: int
    address_style: str = AddressStyle.ONG_BA  # how its elders are addressed (club.address)


@dataclass(frozen=True, slots=True)
class MemberInfo:
    id: int
    club_id: int
    code: str
    name: str
    gender: str
    birth_year: int | None
    phone: str | None
    role: str
    joined_on: str | None
    left_on: str | None = None   # her data was deleted at her request


@dataclass(frozen=True, slots=True)
class CashEntry:
    id: int
    entry_date: str
    kind: str
    amount: int
    loan_id: int | None
    note: str
    reverses_id: int | None


@dataclass(frozen=True, slots=True)
class LoanRecord:
    id: int
    code: str
    amount: int
    disbursed_on: str
    term_months: int
    rate_ppm: int
    method: str
    purpose: str


@dataclass(frozen=True, slots=True)
class HealthRecord:
    taken_on: str
    systolic: int | None
    diastolic: int | None
    weight_dg: int | None


@dataclass(frozen=True, slots=True)
class Checkup:
    held_on: str
    time: str
    what: str
    place: str


@dataclass(frozen=True, slots=True)
class BoardMember:
    name: str
    role: str
    phone: str | None


@dataclass(frozen=True, slots=True)
class CareVisits:
    volunteer_name: str
    volunteer_phone: str | None
    rhythm_weeks: int
    last_visit: str | None  # ISO date of the last standing visit


@dataclass(frozen=True, slots=True)
class MemberFile:
    club: ClubInfo
    member: MemberInfo
    cash: tuple[CashEntry, ...]          # oldest first; reversals included (they carry −amount)
    loans: tuple[LoanRecord, ...]
    # Newest first: the newest reading whatever it holds, and the last
    # RECENT_HEALTH with blood pressure (a weight alone is no point of the chart).
    health: tuple[HealthRecord, ...]
    attendance: tuple[tuple[str, str | None], ...]  # (meeting date, status or None), newest first
    checkups: tuple[Checkup, ...]         # upcoming, soonest first
    board: tuple[BoardMember, ...]
    # The board's changes to meetings near or after today, as stored:
    # (regular_on, cancelled, held_on, time, place).
    meeting_changes: tuple[tuple[str, int, str | None, str | None, str | None], ...] = ()
    # Topics the board set for meetings to come: (regular_on, topic).
    meeting_topics: tuple[tuple[str, str], ...] = ()
    # The member's word for "you" as of the file's day (club.address): "bà", "ông",
    # "bác", "chị" or "anh". Read with the rest, so addressing costs no query.
    address: str = "bác"
    # Her latest answer about keeping health readings ('agree', 'decline',
    # 'withdraw'; None: never asked). ``health`` is empty unless she agreed;
    # ``health_held`` counts the readings kept all the same (from the paper book).
    health_consent: str | None = None
    health_held: int = 0
    # Who visits her at home (issue 12's plan), when she needs care and has a
    # volunteer: shown under ❤️ Sức khỏe to her and her family.
    care: CareVisits | None = None


_MEMBER_FILE_SQL = f"""
WITH me AS (SELECT * FROM members WHERE id = :mid)
SELECT json_object(
  'member', (SELECT json_array(id, club_id, code, name, gender, birth_year, phone, role,
                               joined_on, left_on) FROM me),
  'club', (SELECT json_array(c.id, c.name, c.commune, c.province, c.meeting_day,
                             c.meeting_lunar, c.meeting_time, c.meeting_place, c.contribution,
                             c.address_style)
           FROM clubs c JOIN me ON me.club_id = c.id),
  'cash', (SELECT json_group_array(json_array(id, entry_date, kind, amount, loan_id, note,
                                              reverses_id))
           FROM (SELECT * FROM cash_entries WHERE member_id = :mid ORDER BY entry_date, id)),
  'loans', (SELECT json_group_array(json_array(id, code, amount, disbursed_on, term_months,
                                               rate_ppm, method, purpose))
            FROM (SELECT * FROM loans WHERE member_id = :mid ORDER BY disbursed_on, id)),
  'health', (SELECT json_group_array(json_array(taken_on, systolic, diastolic, weight_dg))
             FROM (SELECT * FROM health_readings WHERE member_id = :mid AND {CONSENTED_SQL}
                   AND ((systolic IS NOT NULL AND diastolic IS NOT NULL)
                        OR taken_on = (SELECT max(taken_on) FROM health_readings
                                       WHERE member_id = :mid))
                   ORDER BY taken_on DESC LIMIT {RECENT_HEALTH + 1})),
  'consent', (SELECT decision FROM health_consents WHERE member_id = :mid
              ORDER BY id DESC LIMIT 1),
  'held', (SELECT count(*) FROM health_readings WHERE member_id = :mid),
  'attendance', (SELECT json_group_array(json_array(mt.held_on, a.status))
                 FROM (SELECT id, held_on FROM meetings
                       WHERE club_id = (SELECT club_id FROM me) AND held_on <= :today
                       ORDER BY held_on DESC LIMIT {RECENT_MEETINGS}) mt
                 LEFT JOIN attendance a ON a.meeting_id = mt.id AND a.member_id = :mid),
  'checkups', (SELECT json_group_array(json_array(held_on, time, what, place))
               FROM (SELECT * FROM checkups
                     WHERE club_id = (SELECT club_id FROM me) AND held_on >= :today
                     ORDER BY held_on, time)),
  'board', (SELECT json_group_array(json_array(name, role, phone))
            FROM (SELECT * FROM members
                  WHERE club_id = (SELECT club_id FROM me) AND role != ''
                  ORDER BY CASE role WHEN 'Chủ nhiệm' THEN 1 WHEN 'Phó chủ nhiệm' THEN 2
                                     WHEN 'Thư ký' THEN 3 WHEN 'Thủ quỹ' THEN 4 ELSE 5 END,
                           code)),
  'changes', (SELECT json_group_array(json_array(regular_on, cancelled, held_on, time, place))
              FROM meeting_changes WHERE club_id = (SELECT club_id FROM me)
              AND regular_on >= date(:today, '-{CHANGES_BEFORE_DAYS} days')),
  'topics', (SELECT json_group_array(json_array(regular_on, topic))
             FROM meeting_topics WHERE club_id = (SELECT club_id FROM me)
             AND regular_on >= date(:today, '-{CHANGES_BEFORE_DAYS} days')),
  'care', (SELECT json_array(w.name, w.phone, p.rhythm_weeks,
                             (SELECT max(v.visited_on) FROM home_visits v
                              WHERE v.member_id = m.id AND {STANDING}))
           FROM me m JOIN care_plans p ON p.member_id = m.id
           JOIN members w ON w.id = p.volunteer_id AND w.volunteer = 1 AND w.left_on IS NULL
           WHERE {NEEDED})
)
"""


async def load_member_file(db: Database, member_id: int, today: date) -> MemberFile | None:
    """The member's file as of ``today``, or None if there is no such member."""
    row = await db.fetchone(_MEMBER_FILE_SQL, {"mid": member_id, "today": today.isoformat()})
    data = json.loads(row[0])
    if data["member"] is None:
        return None
    m = data["member"]
    club = ClubInfo(*data["club"][:5], bool(data["club"][5]), *data["club"][6:])
    member = MemberInfo(*m)
    return MemberFile(
        club=club,
        member=member,
        cash=tuple(CashEntry(*e) for e in data["cash"]),
        loans=tuple(LoanRecord(*loan) for loan in data["loans"]),
        health=tuple(HealthRecord(*h) for h in data["health"]),
        # json_group_array over a sorted subquery keeps its order in SQLite.
        attendance=tuple((d, s) for d, s in data["attendance"]),
        checkups=tuple(Checkup(*c) for c in data["checkups"]),
        board=tuple(BoardMember(*b) for b in data["board"]),
        meeting_changes=tuple(tuple(c) for c in data["changes"]),  # type: ignore[misc]
        meeting_topics=tuple((t[0], t[1]) for t in data["topics"]),
        address=address_for(member.birth_year, member.gender, today, club.address_style),
        health_consent=data["consent"],
        health_held=data["held"],
        care=CareVisits(*data["care"]) if data["care"] else None,
    )
