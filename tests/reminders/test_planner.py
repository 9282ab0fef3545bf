"""Planning from the books into the outbox: who gets what, once, and nothing
stale after the board changes a meeting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.dispatcher import Dispatcher, Pace
from club.reminders import ReminderRules
from storage import Database, meetings
from storage.accounts import unlink_all
from storage.outbox import claim, mark_blocked
from storage.reminders import pause, plan, resume
from tests.reminders.support import (
    CHANNEL,
    ScriptedSender,
    VirtualClock,
    accounts_of,
    link,
    member_id,
    outbox_rows,
)

RULES = ReminderRules()
AHEAD = timedelta(minutes=10)
# Two days before the sample club's meeting of Thursday 17/12/2026 at 14:00.
BEFORE_2D = datetime(2026, 12, 15, 13, 55)


async def setup_accounts(db: Database) -> None:
    await link(db, 101, "TV001")                 # the chair
    await link(db, 105, "TV005")                 # a borrower
    await link(db, 205, "TV005", proxy=True)     # her grandson, with her consent
    await link(db, 111, "TV011", "TV012")        # a couple sharing one phone
    await link(db, 106, "TV006")                 # will pause reminders
    await link(db, 107, "TV007")                 # has blocked the bot
    await pause(db, CHANNEL, "106", None, now=BEFORE_2D)
    await _block(db, "107")


async def _block(db: Database, account: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO blocked_accounts VALUES (?, ?, ?)",
                           (CHANNEL, account, "2026-11-01T00:00:00"))


async def meeting_rows(db: Database, state: str = "pending") -> list[dict]:
    return [r for r in await outbox_rows(db, state=state)
            if r["event_key"] and r["event_key"].startswith("meeting:")]


async def test_a_meeting_reminder_reaches_every_linked_account_once(sample_db):
    await setup_accounts(sample_db)
    outcome = await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    rows = await meeting_rows(sample_db)
    # Proxies included, the couple's phone once, paused and blocked accounts not at all.
    assert sorted(r["account_id"] for r in rows) == ["101", "105", "111", "205"]
    assert outcome.written == outcome.wanted >= 4
    row = rows[0]
    assert row["dedup_key"] == \
        f"rem:meeting:1:2026-12-17@2026-12-17T14:00:2d:{CHANNEL}:{row['account_id']}"
    assert row["due_at"] == "2026-12-15T14:00:00"
    assert row["expires_at"] == "2026-12-17T14:00:00"
    lines = row["text"].split("\n")
    assert lines == ["📅 Nhắc họp CLB: <b>Thứ Năm, 17/12/2026</b> (mùng 9 tháng 11 âm lịch), "
                     "lúc <b>14:00</b>.", "Địa điểm: Nhà văn hóa thôn Đông Hòa."]


async def test_planning_again_writes_nothing_and_a_sent_reminder_is_not_rewritten(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    again = await plan(sample_db, RULES, BEFORE_2D + timedelta(minutes=1), ahead=AHEAD)
    assert again.written == 0 and again.cancelled == 0
    first = (await meeting_rows(sample_db))[0]
    assert await claim(sample_db, first["id"], BEFORE_2D) is not None
    async with sample_db.transaction() as conn:
        await conn.execute("UPDATE outbox SET state = 'sent' WHERE id = ?", (first["id"],))
    # Later, with the 2-day reminder due and sent, nothing is added for it.
    later = await plan(sample_db, RULES, datetime(2026, 12, 15, 14, 30), ahead=AHEAD)
    assert later.written == 0
    assert [r["state"] for r in await outbox_rows(sample_db, id=first["id"])] == ["sent"]


async def test_moving_a_meeting_cancels_the_old_reminder_and_plans_the_new_one(sample_db):
    await setup_accounts(sample_db)
    club = 1
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    old = await meeting_rows(sample_db)
    moved_at = BEFORE_2D + timedelta(minutes=2)
    await meetings.move(sample_db, club, date(2026, 12, 17), date(2026, 12, 19), time(8, 30),
                        actor="test", now=moved_at)
    assert await meeting_rows(sample_db) == []
    cancelled = await meeting_rows(sample_db, "cancelled")
    assert {r["id"] for r in cancelled} == {r["id"] for r in old}
    assert {r["last_error"] for r in cancelled} == {"meeting moved"}

    await plan(sample_db, RULES, moved_at, ahead=AHEAD)
    assert await meeting_rows(sample_db) == []   # 2 days before 19/12 08:30 is still ahead
    due = datetime(2026, 12, 17, 8, 25)
    await plan(sample_db, RULES, due, ahead=AHEAD)
    new = await meeting_rows(sample_db)
    assert accounts_of(new) == {"101", "105", "111", "205"}
    assert all("@2026-12-19T08:30:2d:" in r["dedup_key"] for r in new)
    assert all(r["event_key"] == "meeting:1:2026-12-17" for r in new)
    assert "đã dời sang <b>Thứ Bảy, 19/12/2026</b> (11 tháng 11 âm lịch)" in new[0]["text"]
    assert "lúc <b>08:30</b>" in new[0]["text"]

    # Moved back to its regular day: the reminders of the 19th are cancelled, and
    # the first ones, never sent, come back rather than being lost to their keys.
    await meetings.restore(sample_db, club, date(2026, 12, 17), actor="test", now=due)
    assert await meeting_rows(sample_db) == []
    await plan(sample_db, RULES, due, ahead=AHEAD)
    back = await meeting_rows(sample_db)
    assert {r["id"] for r in back} == {r["id"] for r in old}


async def test_a_cancelled_meeting_sends_nothing(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    await meetings.cancel(sample_db, 1, date(2026, 12, 17), actor="test", now=BEFORE_2D)
    for now in (BEFORE_2D, datetime(2026, 12, 17, 12, 0)):
        await plan(sample_db, RULES, now, ahead=AHEAD)
        assert await meeting_rows(sample_db) == []


async def test_an_installment_reminder_goes_to_the_borrower_and_her_helper(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, datetime(2026, 12, 14, 7, 55), ahead=AHEAD)
    rows = [r for r in await outbox_rows(sample_db, state="pending")
            if r["event_key"].startswith("installment:")]
    # Of the linked accounts only TV005 has a loan (VAY001): she and her grandson.
    assert accounts_of(rows) == {"105", "205"}
    assert rows[0]["due_at"] == "2026-12-14T08:00:00"
    assert rows[0]["text"].startswith(
        "📄 Phạm Thị Kim Nhung sắp đến kỳ trả khoản vay VAY001: <b>427.083 đ</b>")
    assert "Hạn trả: <b>Thứ Năm, 17/12/2026</b>" in rows[0]["text"]


async def test_an_installment_paid_ahead_is_not_reminded(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, datetime(2026, 12, 14, 7, 55), ahead=AHEAD)
    tv005 = await member_id(sample_db, "TV005")
    async with sample_db.transaction() as conn:
        for kind, amount in (("principal", 416_666), ("interest", 10_417)):
            await conn.execute(
                "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, loan_id, "
                "recorded_by, recorded_at) VALUES (1, '2026-12-14', ?, ?, ?, 1, 'test', "
                "'2026-12-14T07:56:00')", (tv005, kind, amount))
    outcome = await plan(sample_db, RULES, datetime(2026, 12, 14, 7, 57), ahead=AHEAD)
    assert outcome.cancelled == 2
    assert not [r for r in await outbox_rows(sample_db, state="pending")
                if r["event_key"].startswith("installment:")]


async def test_the_board_is_reminded_of_a_missing_rollcall_until_it_is_taken(sample_db):
    await setup_accounts(sample_db)
    await link(sample_db, 201, "TV001", proxy=True)   # a relative helping the chair
    after = datetime(2026, 12, 17, 17, 5)             # the meeting began at 14:00
    await plan(sample_db, RULES, after, ahead=AHEAD)
    rows = [r for r in await outbox_rows(sample_db, state="pending")
            if r["event_key"].startswith("rollcall:")]
    assert accounts_of(rows) == {"101"}   # the post holder, never through a proxy link
    assert rows[0]["text"].startswith("✅ Buổi họp Thứ Năm, 17/12/2026 chưa có điểm danh.")
    tv005 = await member_id(sample_db, "TV005")
    async with sample_db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO meetings (club_id, code, held_on) VALUES (1, 'BH13', '2026-12-17')")
        await conn.execute("INSERT INTO attendance VALUES (?, ?, 'present')",
                           (cur.lastrowid, tv005))
    outcome = await plan(sample_db, RULES, after + timedelta(minutes=1), ahead=AHEAD)
    assert outcome.cancelled == 1


async def test_report_deadlines_go_to_the_board(sample_db):
    await setup_accounts(sample_db)
    # The club's report is due a week before the commune's 15/12: on 08/12,
    # and its first reminder comes a week before that.
    await plan(sample_db, RULES, datetime(2026, 12, 1, 7, 55), ahead=AHEAD)
    rows = [r for r in await outbox_rows(sample_db, state="pending")
            if r["event_key"].startswith("deadline:")]
    assert accounts_of(rows) == {"101"}
    assert rows[0]["event_key"] == "deadline:1:annual:2026"
    assert rows[0]["text"].startswith("🗂 Sắp đến hạn nộp báo cáo năm 2026: "
                                      "<b>Thứ Ba, 08/12/2026</b>")
    assert "nộp lên trên ngày 15/12/2026" in rows[0]["text"]
    # With the report's figures against the targets.
    assert "📊 <b>Báo cáo năm 2026 (15/12/2025 – 14/12/2026)</b>" in rows[0]["text"]
    assert "chỉ tiêu" in rows[0]["text"]


async def test_a_province_sets_how_early_clubs_report(sample_db):
    await setup_accounts(sample_db)
    rules = ReminderRules(club_report_before=timedelta(days=3))
    await plan(sample_db, rules, datetime(2026, 12, 5, 7, 55), ahead=AHEAD)
    [row] = [r for r in await outbox_rows(sample_db, state="pending")
             if r["event_key"].startswith("deadline:")]
    assert "<b>Thứ Bảy, 12/12/2026</b>" in row["text"]


async def test_pausing_cancels_what_waits_and_resuming_brings_it_back(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    assert await pause(sample_db, CHANNEL, "105", None, now=BEFORE_2D)
    assert not await pause(sample_db, CHANNEL, "105", None, now=BEFORE_2D)
    assert "105" not in accounts_of(await meeting_rows(sample_db))
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    assert "105" not in accounts_of(await meeting_rows(sample_db))
    assert await resume(sample_db, CHANNEL, "105", None, now=BEFORE_2D)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    assert "105" in accounts_of(await meeting_rows(sample_db))


async def test_unlinked_and_newly_blocked_accounts_get_nothing_more(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    await unlink_all(sample_db, CHANNEL, "111", now=BEFORE_2D)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    assert accounts_of(await meeting_rows(sample_db)) == {"101", "105", "205"}
    # The chair blocks the bot: the send that finds out settles the rest too.
    row = next(r for r in await meeting_rows(sample_db) if r["account_id"] == "101")
    claimed = await claim(sample_db, row["id"], BEFORE_2D + timedelta(minutes=5))
    assert claimed is not None
    await mark_blocked(sample_db, claimed, BEFORE_2D, "Forbidden")
    await plan(sample_db, RULES, BEFORE_2D + timedelta(minutes=6), ahead=AHEAD)
    assert "101" not in accounts_of(await meeting_rows(sample_db))
    assert await sample_db.fetchone(
        "SELECT 1 FROM audit_log WHERE action = 'account_blocked'") is not None


async def test_one_club_is_planned_on_its_own(sample_db):
    await setup_accounts(sample_db)
    outcome = await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD, club_id=1)
    assert outcome.written >= 4
    assert (await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD, club_id=2)).wanted == 0


async def test_what_waits_for_an_account_unlinked_since_is_not_sent(sample_db):
    await setup_accounts(sample_db)
    await plan(sample_db, RULES, BEFORE_2D, ahead=AHEAD)
    # Unlinked after the reminder was written, before it was due.
    await unlink_all(sample_db, CHANNEL, "105", now=BEFORE_2D)
    clock = VirtualClock(datetime(2026, 12, 15, 14, 0))
    sender = ScriptedSender(clock)
    await Dispatcher(sample_db, {CHANNEL: sender}, Pace(), now=clock.now,
                     clock=clock.monotonic, sleep=clock.sleep).drain()
    assert "105" not in sender.received() and "205" in sender.received()
    (row,) = [r for r in await outbox_rows(sample_db, account_id="105")
              if r["event_key"].startswith("meeting:")]
    assert (row["state"], row["last_error"]) == ("cancelled", "no longer wanted")
