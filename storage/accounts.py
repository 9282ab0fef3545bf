"""Chat accounts and the members each may see.

Linking is proven before it reaches this module (a contact shared by its own
owner, or a one-time code); here it is only recorded, audited, and read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from club.address import AddressStyle, address_for, you
from storage.database import Database, audit


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

    def title(self, today: date) -> str:
        """The member's word for "you" (club.address): "bà", "ông", "bác", "chị", "anh"."""
        return address_for(self.birth_year, self.gender, today, self.address_style)


@dataclass(frozen=True, slots=True)
class Account:
    channel: str
    account_id: str
    links: tuple[LinkedMember, ...]
    active_member_id: int | None

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
       a.active_member_id
FROM chat_accounts a
JOIN chat_links l ON l.channel = a.channel AND l.account_id = a.account_id
JOIN members m ON m.id = l.member_id
JOIN clubs c ON c.id = m.club_id
WHERE a.channel = ? AND a.account_id = ?
ORDER BY m.club_id, m.code
"""


async def load_account(db: Database, channel: str, account_id: str) -> Account:
    rows = await db.fetchall(_ACCOUNT_SQL, (channel, account_id))
    links = tuple(LinkedMember(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])
                  for r in rows)
    active = rows[0][8] if rows else None
    return Account(channel, account_id, links, active)


async def members_with_phone(db: Database, phone: str) -> list[RosterMatch]:
    rows = await db.fetchall(
        "SELECT m.id, m.name, m.gender, m.club_id, c.name FROM members m "
        "JOIN clubs c ON c.id = m.club_id WHERE m.phone = ? ORDER BY m.club_id, m.code",
        (phone,),
    )
    return [RosterMatch(*r) for r in rows]


async def link_members(
    db: Database, channel: str, account_id: str, member_ids: list[int], *,
    how: str, now: datetime, proxy: bool = False,
) -> None:
    """Link the account to these members (already-linked ones are left as they are)."""
    async with db.transaction() as conn:
        await add_links(conn, channel, account_id, member_ids, how=how, now=now, proxy=proxy)


async def add_links(
    conn: aiosqlite.Connection, channel: str, account_id: str, member_ids: list[int], *,
    how: str, now: datetime, proxy: bool = False,
) -> list[int]:
    """:func:`link_members` inside the caller's transaction (a link code is spent in
    the same one); returns the members newly linked."""
    stamp = now.isoformat(timespec="seconds")
    await conn.execute(
        "INSERT OR IGNORE INTO chat_accounts (channel, account_id, created_at) "
        "VALUES (?, ?, ?)", (channel, account_id, stamp))
    added = []
    for member_id in member_ids:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO chat_links (channel, account_id, member_id, how, linked_at, "
            "proxy) VALUES (?, ?, ?, ?, ?, ?)",
            (channel, account_id, member_id, how, stamp, int(proxy)))
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


async def club_chairs(db: Database) -> list[tuple[str, str, str | None]]:
    """(club name, chair's name, chair's phone) for every club, for people not on a roster."""
    rows = await db.fetchall(
        "SELECT c.name, m.name, m.phone FROM clubs c "
        "LEFT JOIN members m ON m.club_id = c.id AND m.role = 'Chủ nhiệm' ORDER BY c.id")
    return [(r[0], r[1] or "", r[2]) for r in rows]
