"""Chat accounts and the members each may see.

Linking is proven before it reaches this module (a contact shared by its own
owner, or a one-time code); here it is recorded with its proof, audited, and
read back. A link proven by a phone (``how = 'contact'``) keeps the phone that
proved it (``chat_link_proofs``): when the roster gives the member another
phone, the old phone proves nothing any more and the link ends
(:func:`end_links_of_old_phones`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

import aiosqlite

from club import texts
from club.address import AddressStyle, address_for, you
from storage.database import Database, audit
from storage.outbox import Outgoing, enqueue


@dataclass(frozen=True, slots=True)
class LinkedMember:
    member_id: int
    name: str
    gender: str
    club_id: int
    role: str       # the member's board post ('' for none), read with the links every time
    proxy: bool     # linked as a relative helping the member, not as the member
    birth_year: int | None = None
    address_style: str = AddressStyle.ONG_BA  # the member's club's choice (club.address)
    volunteer: bool = False  # marked "Tình nguyện viên" in the roster (home-care visits)

    def title(self, today: date) -> str:
        """The member's word for "you" (club.address): "bà", "ông", "bác", "chị", "anh"."""
        return address_for(self.birth_year, self.gender, today, self.address_style)


@dataclass(frozen=True, slots=True)
class Account:
    channel: str
    account_id: str
    links: tuple[LinkedMember, ...]
    active_member_id: int | None
    # "🔕 Tắt nhắc nhở" chosen on this account (storage/reminders.py): read with
    # the links, so the help answer that shows the switch costs no read of its own.
    reminders_paused: bool = False

    @property
    def active(self) -> LinkedMember | None:
        """The member whose books this account is looking at now."""
        for link in self.links:
            if link.member_id == self.active_member_id:
                return link
        return self.links[0] if self.links else None

    def may_see(self, member_id: int) -> bool:
        return any(link.member_id == member_id for link in self.links)

    @property
    def reader_is_member(self) -> bool:
        """Whoever reads here is the member whose book is shown: her own link, and
        no one else's book on this account (a relative's or a spouse's phone)."""
        active = self.active
        return active is not None and not active.proxy and len(self.links) == 1

    def you(self, today: date) -> str:
        """How the reader calls the member being looked at: "bà" if it is surely her,
        else "bà Lan" (club.address). Only for an account with links."""
        active = self.active
        assert active is not None
        return you(active.title(today), active.name, named=not self.reader_is_member)


@dataclass(frozen=True, slots=True)
class RosterMatch:
    member_id: int
    name: str
    gender: str
    club_id: int
    club_name: str


_ACCOUNT_SQL = """
SELECT m.id, m.name, m.gender, m.club_id, m.role, l.proxy, m.birth_year, c.address_style,
       a.active_member_id,
       EXISTS (SELECT 1 FROM reminder_pauses p
               WHERE p.channel = a.channel AND p.account_id = a.account_id),
       m.volunteer
FROM chat_accounts a
JOIN chat_links l ON l.channel = a.channel AND l.account_id = a.account_id
JOIN members m ON m.id = l.member_id
JOIN clubs c ON c.id = m.club_id
WHERE a.channel = ? AND a.account_id = ?
ORDER BY m.club_id, m.code
"""


async def load_account(db: Database, channel: str, account_id: str) -> Account:
    rows = await db.fetchall(_ACCOUNT_SQL, (channel, account_id))
    links = tuple(LinkedMember(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7],
                               bool(r[10])) for r in rows)
    active = rows[0][8] if rows else None
    return Account(channel, account_id, links, active, bool(rows and rows[0][9]))


async def members_with_phone(db: Database, phone: str) -> list[RosterMatch]:
    rows = await db.fetchall(
        "SELECT m.id, m.name, m.gender, m.club_id, c.name FROM members m "
        "JOIN clubs c ON c.id = m.club_id WHERE m.phone = ? ORDER BY m.club_id, m.code",
        (phone,),
    )
    return [RosterMatch(*r) for r in rows]


async def link_members(
    db: Database, channel: str, account_id: str, member_ids: list[int], *,
    how: str, now: datetime, proxy: bool = False, phone: str | None = None,
) -> None:
    """Link the account to these members (already-linked ones are left as they are).

    For a link by contact, `phone` is the phone the contact proved; only
    members who still have that phone are linked. Without it, the phone is
    the member's phone in this transaction.
    """
    async with db.transaction() as conn:
        await add_links(conn, channel, account_id, member_ids, how=how, now=now, proxy=proxy,
                        phone=phone)


async def add_links(
    conn: aiosqlite.Connection, channel: str, account_id: str, member_ids: list[int], *,
    how: str, now: datetime, proxy: bool = False, phone: str | None = None,
) -> list[int]:
    """:func:`link_members` inside the caller's transaction (a link code is spent in
    the same one); returns the members newly linked."""
    stamp = now.isoformat(timespec="seconds")
    if not member_ids:
        return []
    if how == "contact":
        # The phone is read here, in the write's transaction: a member whose
        # phone an import has just changed is not linked by the old one.
        rows = await conn.execute_fetchall(
            f"SELECT id, phone FROM members WHERE id IN ({', '.join('?' * len(member_ids))}) "
            "AND phone IS NOT NULL", member_ids)
        proven = {r[0]: r[1] for r in rows if phone is None or r[1] == phone}
        member_ids = [m for m in member_ids if m in proven]
        if not member_ids:
            return []
    await conn.execute(
        "INSERT OR IGNORE INTO chat_accounts (channel, account_id, created_at) "
        "VALUES (?, ?, ?)", (channel, account_id, stamp))
    added = []
    for member_id in member_ids:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO chat_links (channel, account_id, member_id, how, linked_at, "
            "proxy) VALUES (?, ?, ?, ?, ?, ?)",
            (channel, account_id, member_id, how, stamp, int(proxy)))
        if how == "contact":
            # Shared again, the contact proves the phone anew (a link made
            # before proofs were kept gets one now).
            await conn.execute(
                "INSERT INTO chat_link_proofs (channel, account_id, member_id, phone) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (channel, account_id, member_id) "
                "DO UPDATE SET phone = excluded.phone",
                (channel, account_id, member_id, proven[member_id]))
        if cur.rowcount:
            added.append(member_id)
            await audit(conn, at=now, actor=f"{channel}:{account_id}", action="link",
                        member_id=member_id,
                        detail={"how": how, "proxy": True} if proxy else {"how": how})
    await conn.execute(
        "UPDATE chat_accounts SET active_member_id = ? WHERE channel = ? AND account_id = ? "
        "AND (active_member_id IS NULL OR active_member_id NOT IN "
        "     (SELECT member_id FROM chat_links WHERE channel = ? AND account_id = ?))",
        (member_ids[0], channel, account_id, channel, account_id))
    return added


async def set_active_member(
    db: Database, channel: str, account_id: str, member_id: int,
) -> bool:
    """Switch whose books the account sees; False if it is not linked to that member."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE chat_accounts SET active_member_id = ? WHERE channel = ? AND account_id = ? "
            "AND EXISTS (SELECT 1 FROM chat_links WHERE channel = ? AND account_id = ? "
            "            AND member_id = ?)",
            (member_id, channel, account_id, channel, account_id, member_id))
        return cur.rowcount == 1


async def unlink_all(db: Database, channel: str, account_id: str, *, now: datetime) -> int:
    """Remove every link of the account; returns how many there were."""
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(
            "SELECT member_id FROM chat_links WHERE channel = ? AND account_id = ?",
            (channel, account_id)))
        await conn.execute(
            "DELETE FROM chat_links WHERE channel = ? AND account_id = ?", (channel, account_id))
        await conn.execute(
            "UPDATE chat_accounts SET active_member_id = NULL WHERE channel = ? AND account_id = ?",
            (channel, account_id))
        for (member_id,) in rows:
            await audit(conn, at=now, actor=f"{channel}:{account_id}", action="unlink",
                        member_id=member_id)
        return len(rows)


async def end_links_of_old_phones(conn: aiosqlite.Connection, club_id: int,
                                  changed: set[int], *, actor: str, now: datetime) -> int:
    """End the links of this club's members proven by a phone that is no longer theirs.

    Inside the caller's transaction (an import's, right after it wrote the
    roster). A link by contact whose proving phone differs from the member's
    phone now ends; so does one with no phone on record (made before proofs
    were kept) whose member's phone changed now (`changed`: member ids).
    Links by a board's code are not about a phone and stay.

    Each person learns it through the outbox: whoever proved the member's new
    phone (they may look again with it), else the account that lost the link.
    Returns how many links ended.
    """
    rows = list(await conn.execute_fetchall(
        "SELECT l.channel, l.account_id, l.member_id, l.linked_at, m.name, m.phone, p.phone "
        "FROM chat_links l JOIN members m ON m.id = l.member_id "
        "LEFT JOIN chat_link_proofs p ON p.channel = l.channel "
        "     AND p.account_id = l.account_id AND p.member_id = l.member_id "
        "WHERE m.club_id = ? AND l.how = 'contact' "
        "ORDER BY l.member_id, l.channel, l.account_id", (club_id,)))
    ended = [r for r in rows
             if (r[6] is not None and r[6] != r[5]) or (r[6] is None and r[2] in changed)]
    if not ended:
        return 0
    by_member: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    names: dict[int, tuple[str, str | None]] = {}
    for channel, account_id, member_id, linked_at, name, phone, proof in ended:
        await conn.execute(
            "DELETE FROM chat_links WHERE channel = ? AND account_id = ? AND member_id = ?",
            (channel, account_id, member_id))
        await conn.execute(
            "UPDATE chat_accounts SET active_member_id = NULL "
            "WHERE channel = ? AND account_id = ? AND active_member_id = ?",
            (channel, account_id, member_id))
        await audit(conn, at=now, actor=actor, action="unlink", club_id=club_id,
                    member_id=member_id,
                    detail={"channel": channel, "account": account_id,
                            "why": "phone_changed", "proven_by": proof})
        by_member[member_id].append((channel, account_id, linked_at))
        names[member_id] = (name, phone)
    stamp = now.isoformat(timespec="seconds")
    messages = []
    for member_id, lost in by_member.items():
        name, phone = names[member_id]
        shown = escape(name)
        owners = [] if phone is None else list(await conn.execute_fetchall(
            "SELECT DISTINCT p.channel, p.account_id FROM chat_link_proofs p "
            "JOIN chat_links l ON l.channel = p.channel AND l.account_id = p.account_id "
            "     AND l.member_id = p.member_id AND l.how = 'contact' "
            "WHERE p.phone = ? AND NOT EXISTS (SELECT 1 FROM chat_links o "
            "  WHERE o.channel = p.channel AND o.account_id = p.account_id "
            "    AND o.member_id = ?) ORDER BY p.channel, p.account_id", (phone, member_id)))
        # Not about the member (member_id empty): the outbox would cancel a
        # message about a member the account no longer sees, and this one
        # must reach it.
        if owners:
            messages += [Outgoing(
                dedup_key=f"phone-now-yours:{member_id}:{phone}:{channel}:{account_id}:{stamp}",
                channel=channel, account_id=account_id, kind="notice",
                text=texts.PHONE_NOW_ON_ROSTER.format(name=shown), due_at=now,
                club_id=club_id) for channel, account_id in owners]
        else:
            messages += [Outgoing(
                dedup_key=f"link-ended:{member_id}:{channel}:{account_id}:{linked_at}:{stamp}",
                channel=channel, account_id=account_id, kind="notice",
                text=texts.LINK_ENDED_PHONE_CHANGED.format(name=shown), due_at=now,
                club_id=club_id) for channel, account_id, linked_at in lost]
    await enqueue(conn, messages, now=now)
    return len(ended)


async def club_chairs(db: Database) -> list[tuple[str, str, str | None]]:
    """(club name, chair's name, chair's phone) for every club, for people not on a roster."""
    rows = await db.fetchall(
        "SELECT c.name, m.name, m.phone FROM clubs c "
        "LEFT JOIN members m ON m.club_id = c.id AND m.role = 'Chủ nhiệm' ORDER BY c.id")
    return [(r[0], r[1] or "", r[2]) for r in rows]
