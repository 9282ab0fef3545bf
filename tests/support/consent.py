"""Members' consent to health readings, recorded the way the board records a
signed paper form: tests that show or record readings stand on it, so they
say so instead of the bot showing readings nobody agreed to."""

from __future__ import annotations

from datetime import datetime

from storage import Database
from storage.consent import Decision, How, record

SIGNED = datetime(2026, 10, 17, 15, 0)  # the sample club's October meeting
WITNESS = "Đỗ Thị Liên"


async def agree_on_paper(db: Database, *codes: str) -> None:
    """These members (every member when none is named) signed the consent form."""
    rows = await db.fetchall("SELECT id, code FROM members ORDER BY id")
    for member_id, code in rows:
        if codes and code not in codes:
            continue
        await record(db, member_id=member_id, decision=Decision.AGREE, how=How.PAPER,
                     actor="test:paper-forms", now=SIGNED, signed_on=SIGNED.date(),
                     witness=WITNESS)
