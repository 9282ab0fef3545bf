"""Cached reads that are never stale.

Members tap the same few buttons over and over; the answers change only when
the database does. Every lookup first asks the database's ``data_version``
(a synchronous PRAGMA on a second connection: microseconds, no thread hop).
If anything at all was committed since the cache was filled — by this
process or another one, such as an import from the CLI — the whole cache is
dropped. A balance shown is therefore always the stored one.
"""

from __future__ import annotations

import json
from datetime import date

from storage.accounts import Account, LinkedMember
from storage.conversation import FlowState
from storage.database import Database
from storage.member_file import MemberFile, load_member_file

MAX_ENTRIES = 20_000  # a province's active users fit; past that, start again

# What every turn needs about who is speaking — their links and any
# conversation in progress — in one statement, so one round trip.
_SESSION_SQL = """
SELECT
  (SELECT json_group_array(json_array(id, name, gender, club_id, role, proxy, birth_year,
                                      address_style, volunteer))
   FROM (SELECT m.id, m.name, m.gender, m.club_id, m.role, l.proxy, m.birth_year,
                c.address_style, m.volunteer
         FROM chat_links l JOIN members m ON m.id = l.member_id
         JOIN clubs c ON c.id = m.club_id
         WHERE l.channel = :channel AND l.account_id = :account
         ORDER BY m.club_id, m.code)),
  (SELECT active_member_id FROM chat_accounts
   WHERE channel = :channel AND account_id = :account),
  (SELECT json_array(flow, version, data, updated_at) FROM conversation_state
   WHERE channel = :channel AND account_id = :account),
  EXISTS (SELECT 1 FROM reminder_pauses
          WHERE channel = :channel AND account_id = :account)
"""


async def load_session(db: Database, channel: str,
                       account_id: str) -> tuple[Account, FlowState | None]:
    row = await db.fetchone(_SESSION_SQL, {"channel": channel, "account": account_id})
    assert row is not None
    links = tuple(LinkedMember(i, name, gender, club, role, bool(proxy), born, style,
                               bool(volunteer))
                  for i, name, gender, club, role, proxy, born, style, volunteer
                  in json.loads(row[0]))
    account = Account(channel, account_id, links, row[1], bool(row[3]))
    flow = None
    if row[2] is not None:
        name, version, data, updated_at = json.loads(row[2])
        flow = FlowState(name, version, json.loads(data), updated_at)
    return account, flow


class Reader:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._version: int | None = None
        self._accounts: dict[tuple[str, str], Account] = {}
        self._files: dict[tuple[int, date], MemberFile | None] = {}
        self._flows: dict[tuple[str, str], FlowState | None] = {}

    def _fresh(self) -> None:
        version = self.db.data_version()
        if version != self._version or version < 0 or (
            len(self._accounts) + len(self._files) + len(self._flows) > MAX_ENTRIES
        ):
            self._accounts.clear()
            self._files.clear()
            self._flows.clear()
            self._version = version

    def _cacheable(self) -> bool:
        return self._version is not None and self._version >= 0

    async def account(self, channel: str, account_id: str) -> Account:
        self._fresh()
        key = (channel, account_id)
        found = self._accounts.get(key)
        if found is None:
            found, flow = await load_session(self.db, channel, account_id)
            if self._cacheable():
                self._accounts[key] = found
                self._flows[key] = flow
        return found

    async def member_file(self, member_id: int, today: date) -> MemberFile | None:
        self._fresh()
        key = (member_id, today)
        if key in self._files:
            return self._files[key]
        found = await load_member_file(self.db, member_id, today)
        if self._cacheable():
            self._files[key] = found
        return found

    async def flow(self, channel: str, account_id: str) -> FlowState | None:
        """The account's conversation in progress, if any (read with the account)."""
        self._fresh()
        key = (channel, account_id)
        if key in self._flows:
            return self._flows[key]
        _, found = await load_session(self.db, channel, account_id)
        return found
