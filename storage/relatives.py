"""Relatives who see a member's books: her choice, shown to her and ended by her.

A relative's account is linked to the member as a proxy, with the board's
code, which the board gives only when she agreed (handlers/link_codes.py).
She sees which accounts are linked that way and can end any of them herself;
the relative's next turn then finds nothing linked, and what was still
waiting to be sent to that account about her is cancelled in the same
transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from storage.database import Database, audit


@dataclass(frozen=True, slots=True)
class Relative:
    channel: str
    account_id: str
    linked_at: str

    @property
    def key(self) -> str:
        """A short stable name for the link in button data (the account id stays
        on the server): the first 8 hex digits of its hash."""
        return link_key(self.channel, self.account_id)


def link_key(channel: str, account_id: str) -> str:
    return hashlib.sha256(f"{channel}:{account_id}".encode()).hexdigest()[:8]


async def of_member(db: Database, member_id: int) -> list[Relative]:
    """The accounts linked to the member as relatives, oldest link first."""
    rows = await db.fetchall(
        "SELECT channel, account_id, linked_at FROM chat_links "
        "WHERE member_id = ? AND proxy = 1 ORDER BY linked_at, channel, account_id",
        (member_id,))
    return [Relative(*r) for r in rows]


async def end_link(db: Database, *, member_id: int, key: str, actor: str,
                   now: datetime) -> Relative | None:
    """End the relative link named by ``key``; None if there is no such link (any more)."""
    async with db.transaction() as conn:
        rows = await conn.execute_fetchall(
            "SELECT channel, account_id, linked_at FROM chat_links "
            "WHERE member_id = ? AND proxy = 1", (member_id,))
        found = next((Relative(*r) for r in rows if link_key(r[0], r[1]) == key), None)
        if found is None:
            return None
        account = (found.channel, found.account_id)
        await conn.execute(
            "DELETE FROM chat_links WHERE channel = ? AND account_id = ? AND member_id = ?",
            (*account, member_id))
        # The account looks at someone else it may still see, or at nobody.
        await conn.execute(
            "UPDATE chat_accounts SET active_member_id = (SELECT member_id FROM chat_links "
            "  WHERE channel = ? AND account_id = ? ORDER BY member_id LIMIT 1) "
            "WHERE channel = ? AND account_id = ? AND active_member_id = ?",
            (*account, *account, member_id))
        await conn.execute(
            "UPDATE outbox SET state = 'cancelled', last_error = 'relative link ended' "
            "WHERE channel = ? AND account_id = ? AND member_id = ? AND state = 'pending'",
            (*account, member_id))
        await audit(conn, at=now, actor=actor, action="relative_link_end", member_id=member_id,
                    detail={"channel": found.channel, "account": found.account_id})
        return found
