"""One club's board never writes another club's rows.

The account of a phone shared by the treasurers of two clubs (see two_clubs.py)
opens each board tool in club A, and then (1) switches the phone to its member
in club B before confirming — the flow must finish in club A, the club it was
opened in — and (2) forges club B's member, loan and entry ids into button
data and typed words — nothing at all may change, and the answer says so.
Under both, the database holds no row mixing the two clubs.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from storage import cashbook, consent, forget, rollcall
from storage.club_scope import NotInClub
from storage.conversation import AlreadyDone, FlowTicket
from storage.health import record_reading
from storage.link_codes import issue
from storage.loans import create_loan
from storage.notices import create
from tests.board.two_clubs import (
    CLUB_B_NAME,
    ONLY_IN_B,
    SECRETARY_A,
    SHARED,
    Chat,
    club_ids,
    cross_club_rows,
    data_of,
    member_of,
    snapshot,
    version_of,
    view,
)
from tests.conftest import member

DAY = "20261217"
NOTHING_CHANGED = "Không có gì thay đổi"


async def test_the_shared_phone_sees_two_clubs(chat: Chat):
    a, b = await club_ids(chat.db)
    [menu] = await chat.say(SHARED, "🗂 Ban chủ nhiệm")
    assert "Thủ quỹ" in menu.text
    assert (await chat.db.fetchone("SELECT name FROM clubs WHERE id = ?", (b,)))[0] == CLUB_B_NAME
    linked = await chat.db.fetchall(
        "SELECT m.club_id FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.account_id = ? ORDER BY m.club_id", (SHARED,))
    assert [r[0] for r in linked] == [a, b]


# ------------------------------------------------------------ switched mid-flow

async def test_a_cash_entry_is_written_in_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.tap(SHARED, "cb:open")
    kinds = await chat.say(SHARED, "TV002")
    await chat.tap(SHARED, data_of(kinds, "Gửi tiết kiệm"))
    confirm = await chat.say(SHARED, "100k")
    await view(chat, SHARED, b)  # the phone now shows its member in club B
    [done] = await chat.tap(SHARED, data_of(confirm, "Ghi vào sổ"))
    assert "Đã ghi gửi tiết kiệm" in done.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id, amount FROM cash_entries ORDER BY id DESC LIMIT 1")
    assert tuple(row) == (a, await member_of(chat.db, a, "TV002"), 100_000)
    assert await cross_club_rows(chat.db) == {}


async def test_a_new_loan_is_numbered_and_written_in_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.db.conn.execute("UPDATE loans SET code = 'B' || code WHERE club_id = ?", (b,))
    await chat.tap(SHARED, "ln:open")
    await chat.say(SHARED, "TV002")
    term = await chat.say(SHARED, "3tr")
    await chat.tap(SHARED, data_of(term, "6 tháng"))
    method = await chat.say(SHARED, "0,5")
    confirm = await chat.tap(SHARED, data_of(method, "Gốc lãi hằng tháng"))
    await view(chat, SHARED, b)
    [done] = await chat.tap(SHARED, data_of(confirm, "Ghi khoản vay"))
    assert "VAY025" in done.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id, code FROM loans ORDER BY id DESC LIMIT 1")
    assert tuple(row) == (a, await member_of(chat.db, a, "TV002"), "VAY025")
    assert await cross_club_rows(chat.db) == {}


async def test_a_reading_is_recorded_for_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.tap(SHARED, "hr:open")
    await chat.say(SHARED, "TV002")
    await view(chat, SHARED, b)
    [saved] = await chat.say(SHARED, "135/85 52")
    assert "135/85" in saved.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id FROM audit_log WHERE action = 'health_reading'")
    assert tuple(row) == (a, await member_of(chat.db, a, "TV002"))
    assert await cross_club_rows(chat.db) == {}


async def test_a_paper_consent_is_recorded_for_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.tap(SHARED, "cp:open")
    await chat.say(SHARED, "TV002")
    await chat.say(SHARED, "15/12/2026")
    confirm = await chat.say(SHARED, "Đỗ Thị Liên")
    await view(chat, SHARED, b)
    [done] = await chat.tap(SHARED, data_of(confirm, "Ghi giấy đồng ý"))
    assert "Đã ghi giấy đồng ý" in done.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id, how, signed_on FROM health_consents ORDER BY id DESC")
    assert tuple(row) == (a, await member_of(chat.db, a, "TV002"), "paper", "2026-12-15")
    assert await cross_club_rows(chat.db) == {}


async def test_an_answer_given_in_person_is_recorded_for_the_club_it_was_asked_in(chat: Chat):
    a, b = await club_ids(chat.db)
    a_tv002 = await member_of(chat.db, a, "TV002")
    await consent.record(chat.db, member_id=a_tv002, decision=consent.Decision.WITHDRAW,
                         how=consent.How.CHAT, actor="t", now=chat.services.now())
    await chat.tap(SHARED, "hr:open")
    asked = await chat.say(SHARED, "TV002")
    await view(chat, SHARED, b)
    [reading] = await chat.tap(SHARED, data_of(asked, "Đồng ý"))
    assert "Ngô Thị Tuyết" in reading.text and NOTHING_CHANGED not in reading.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id, decision, how FROM health_consents ORDER BY id DESC")
    assert tuple(row) == (a, a_tv002, "agree", "in_person")
    [saved] = await chat.say(SHARED, "135/85 52")
    assert "135/85" in saved.text
    assert await cross_club_rows(chat.db) == {}


async def test_a_reversal_is_written_in_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.tap(SHARED, "rv:open")
    entries = await chat.say(SHARED, "TV002")
    await chat.tap(SHARED, entries[0].choices[0][0].choice)
    confirm = await chat.say(SHARED, "ghi nhầm")
    await view(chat, SHARED, b)
    [done] = await chat.tap(SHARED, data_of(confirm, "Đảo lại"))
    assert "Đã đảo lại" in done.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id FROM cash_entries WHERE reverses_id IS NOT NULL")
    assert tuple(row) == (a, await member_of(chat.db, a, "TV002"))
    assert await cross_club_rows(chat.db) == {}


async def test_a_link_code_is_issued_for_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.tap(SHARED, "lc:open")
    purpose = await chat.say(SHARED, "TV002")
    await view(chat, SHARED, b)
    [issued] = await chat.tap(SHARED, data_of(purpose, "Chính thành viên"))
    assert "<b>" in issued.text and NOTHING_CHANGED not in issued.text
    row = await chat.db.fetchone(
        "SELECT club_id, member_id FROM audit_log WHERE action = 'link_code_issue'")
    assert tuple(row) == (a, await member_of(chat.db, a, "TV002"))


async def test_a_notice_goes_to_the_club_it_was_written_for(chat: Chat):
    a, b = await club_ids(chat.db)
    await chat.link("9010", member("TV010")["phone"])  # someone in club A to reach
    await chat.tap(SHARED, "nt:open")
    preview = await chat.say(SHARED, "Họp sớm 30 phút.")
    await view(chat, SHARED, b)
    [sent] = await chat.tap(SHARED, data_of(preview, "Gửi"))
    assert "Đã xếp" in sent.text
    row = await chat.db.fetchone("SELECT club_id FROM notices")
    assert row[0] == a
    receivers = await chat.db.fetchall(
        "SELECT DISTINCT m.club_id FROM outbox o JOIN chat_links l "
        "ON l.channel = o.channel AND l.account_id = o.account_id "
        "JOIN members m ON m.id = l.member_id WHERE o.kind = 'notice' AND o.account_id <> ?",
        (SHARED,))
    assert [r[0] for r in receivers] == [a]
    assert await cross_club_rows(chat.db) == {}


async def test_a_roll_call_sheet_marks_only_its_own_club(chat: Chat):
    a, b = await club_ids(chat.db)
    [sheet] = await chat.tap(SHARED, "rc:open")
    await view(chat, SHARED, b)
    await chat.tap(SHARED, data_of([sheet], "Tất cả có mặt"))
    marked = await chat.db.fetchall("SELECT club_id, count(*) FROM rollcall_marks GROUP BY 1")
    assert [tuple(r) for r in marked] == [(a, 60)]
    assert await cross_club_rows(chat.db) == {}


async def test_a_sweep_charges_only_the_club_it_was_opened_in(chat: Chat):
    a, b = await club_ids(chat.db)
    [sheet] = await chat.tap(SHARED, "sw:open")
    [ticked] = await chat.tap(SHARED, data_of([sheet], member("TV002")["name"]))
    [ask] = await chat.tap(SHARED, data_of([ticked], "Ghi đóng góp"))
    await view(chat, SHARED, b)
    [done] = await chat.tap(SHARED, data_of([ask], "Ghi vào sổ"))
    assert "Đã ghi đóng góp" in done.text
    rows = await chat.db.fetchall(
        "SELECT club_id, member_id FROM cash_entries WHERE entry_date = '2026-12-17'")
    assert [tuple(r) for r in rows] == [(a, await member_of(chat.db, a, "TV002"))]
    assert await cross_club_rows(chat.db) == {}


async def test_a_meeting_moved_in_one_club_leaves_the_other_as_it_was(chat: Chat):
    a, b = await club_ids(chat.db)
    pick = await chat.tap(SHARED, "mt:open")
    actions = await chat.tap(SHARED, pick[0].choices[0][0].choice)
    confirm = await chat.tap(SHARED, data_of(actions, "Hủy"))
    await view(chat, SHARED, b)
    await chat.tap(SHARED, data_of(confirm, "Đồng ý"))
    changed = await chat.db.fetchall("SELECT club_id, cancelled FROM meeting_changes")
    assert [tuple(r) for r in changed] == [(a, 1)]


# ------------------------------------------------------------ forged ids

async def _flow_at(chat: Chat, opening: str, typed: str | None = None) -> list:
    replies = await chat.tap(SHARED, opening)
    if typed is not None:
        replies = await chat.say(SHARED, typed)
    return replies


async def _forgeries(chat: Chat, flow: str) -> tuple[list, list[str]]:
    """Club A's flow brought to a step, and taps naming club B's ids in it."""
    a, b = await club_ids(chat.db)
    b_tv002 = await member_of(chat.db, b, "TV002")
    b_only = await member_of(chat.db, b, ONLY_IN_B[0])
    if flow == "rc":
        return [], [f"rc:t:{a}:{DAY}:{b_tv002}:n", f"rc:t:{a}:{DAY}:{b_only}:p"]
    if flow == "sw":
        [sheet] = await chat.tap(SHARED, "sw:open")
        tick = data_of([sheet], member("TV002")["name"]).split(":")
        return [sheet], [":".join([*tick[:3], str(b_tv002), "0", tick[-1]]),
                         ":".join([*tick[:3], str(b_only), "0", tick[-1]])]
    if flow == "cb-kind":
        replies = await _flow_at(chat, "cb:open", "TV005")
        v = version_of(replies)
        b_loan = (await chat.db.fetchone(
            "SELECT id FROM loans WHERE club_id = ? AND member_id = ?",
            (b, await member_of(chat.db, b, "TV005"))))[0]
        return replies, [f"cb:{v}:k:principal:{b_loan}", f"cb:{v}:k:interest:{b_loan}"]
    if flow == "rv-entry":
        replies = await _flow_at(chat, "rv:open", "TV002")
        v = data_of(replies, "Thôi").split(":")[1]
        b_entry = (await chat.db.fetchone(
            "SELECT id FROM cash_entries WHERE member_id = ? ORDER BY id DESC", (b_tv002,)))[0]
        return replies, [f"rv:{v}:e:{b_entry}"]
    replies = await _flow_at(chat, f"{flow}:open")
    v = version_of(replies)
    return replies, [f"{flow}:{v}:m:{b_tv002}", f"{flow}:{v}:m:{b_only}"]


@pytest.mark.parametrize("flow", ["cb", "cb-kind", "ln", "hr", "rv", "rv-entry", "lc", "sw",
                                  "rc", "cp"])
async def test_forged_ids_of_the_other_club_change_nothing(chat: Chat, flow: str):
    await _forgeries(chat, flow)  # a flow in progress in club A
    _, forged = await _forgeries(chat, flow)
    before = await snapshot(chat.db)
    for data in forged:
        [reply] = await chat.tap(SHARED, data)
        assert NOTHING_CHANGED in reply.text, (data, reply.text)
        assert reply.choices == (), data
    assert await snapshot(chat.db) == before


@pytest.mark.parametrize("opening", ["cb:open", "ln:open", "hr:open", "rv:open", "lc:open",
                                     "cp:open"])
async def test_a_name_typed_from_the_other_club_is_not_found(chat: Chat, opening: str):
    await chat.tap(SHARED, opening)
    before = await snapshot(chat.db)
    [reply] = await chat.say(SHARED, ONLY_IN_B[1])
    assert "Không thấy thành viên nào" in reply.text
    assert await snapshot(chat.db) == before


async def test_a_one_club_board_member_cannot_reach_the_other_club(chat: Chat):
    a, b = await club_ids(chat.db)
    b_tv002 = await member_of(chat.db, b, "TV002")
    regular = "2026-12-17"
    forged = [f"rc:d:{b}:{DAY}", f"rc:a:{b}:{DAY}:0", f"rc:s:{b}:{DAY}:0",
              f"rc:t:{b}:{DAY}:{b_tv002}:n", f"rc:p:{b}:{DAY}:0", f"mt:0:tell:{regular}:{b}"]
    before = await snapshot(chat.db)
    for data in forged:
        [reply] = await chat.tap(SECRETARY_A, data)
        assert NOTHING_CHANGED in reply.text, (data, reply.text)
    assert await snapshot(chat.db) == before


async def test_a_flow_without_its_club_is_stale(chat: Chat):
    """A flow saved before flows named their club (an upgrade mid-entry) is not
    guessed into the club the phone shows now."""
    await chat.tap(SHARED, "cb:open")
    kinds = await chat.say(SHARED, "TV002")
    await chat.tap(SHARED, data_of(kinds, "Gửi tiết kiệm"))
    confirm = await chat.say(SHARED, "100k")
    await chat.db.conn.execute(
        "UPDATE conversation_state SET data = json_remove(data, '$.club_id')")
    before = await snapshot(chat.db)
    [reply] = await chat.tap(SHARED, data_of(confirm, "Ghi vào sổ"))
    assert NOTHING_CHANGED in reply.text
    assert await snapshot(chat.db) == before
    [typed] = await chat.say(SHARED, "200k")  # typed words end such a flow, and say so
    assert NOTHING_CHANGED in typed.text and "Ban chủ nhiệm" in typed.text
    assert await chat.db.fetchall("SELECT * FROM conversation_state") == []
    assert (await snapshot(chat.db))["cash_entries"] == before["cash_entries"]


# ------------------------------------------------------------ storage and database locks

async def test_storage_refuses_ids_of_another_club_inside_the_write(chat: Chat):
    a, b = await club_ids(chat.db)
    b_tv002 = await member_of(chat.db, b, "TV002")
    a_tv005 = await member_of(chat.db, a, "TV005")
    b_loan = (await chat.db.fetchone("SELECT id FROM loans WHERE club_id = ?", (b,)))[0]
    b_entry = (await chat.db.fetchone(
        "SELECT id, kind, amount FROM cash_entries WHERE club_id = ? AND kind = 'deposit'",
        (b,)))
    now, day = chat.services.now(), date(2026, 12, 17)
    before = await snapshot(chat.db)
    attempts = [
        cashbook.record(chat.db, cashbook.NewEntry(a, b_tv002, "deposit", 1000, day),
                        actor="t", now=now),
        cashbook.record(chat.db, cashbook.NewEntry(a, a_tv005, "principal", 1000, day,
                                                   loan_id=b_loan), actor="t", now=now),
        cashbook.record(chat.db, cashbook.NewEntry(
            a, b_tv002, b_entry[1], -b_entry[2], day, reverses_id=b_entry[0]),
            actor="t", now=now),
        cashbook.record_sweep(chat.db, club_id=a, member_ids=[b_tv002], day=day, amount=1,
                              actor="t", now=now),
        create_loan(chat.db, club_id=a, member_id=b_tv002, amount=1, disbursed=day,
                    term_months=1, rate_ppm=0, method="bullet", purpose="", actor="t",
                    now=now, notice=str),
        record_reading(chat.db, club_id=a, member_id=b_tv002, day=day, systolic=120,
                       diastolic=80, weight_dg=None, actor="t", now=now),
        issue(chat.db, club_id=a, member_id=b_tv002, proxy=False, actor="t", now=now),
        create(chat.db, club_id=a, sender_channel="telegram", sender_account=SHARED,
               sender_member_id=b_tv002, text="x", message="x", due_at=now, actor="t",
               now=now),
    ]
    for attempt in attempts:
        if attempt.cr_code.co_name == "record_sweep":
            swept = await attempt
            assert swept.recorded == () and swept.not_in_club == (b_tv002,)
            continue
        with pytest.raises(NotInClub):
            await attempt
    assert await snapshot(chat.db) == before


@pytest.mark.parametrize("sql", [
    "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, recorded_by, "
    "recorded_at) VALUES (:a, '2026-12-17', :b_member, 'deposit', 1000, 't', 't')",
    "INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, loan_id, "
    "recorded_by, recorded_at) VALUES (:a, '2026-12-17', :a_member, 'interest', 1000, "
    ":b_loan, 't', 't')",
    "INSERT INTO loans (club_id, code, member_id, disbursed_on, amount, term_months, rate_ppm, "
    "method) VALUES (:a, 'X1', :b_member, '2026-12-17', 1, 1, 0, 'bullet')",
    "UPDATE loans SET member_id = :b_member WHERE id = :a_loan",
    "UPDATE members SET club_id = :a WHERE id = :b_only",
    "INSERT INTO rollcall_marks VALUES (:a, '2026-12-17', :b_member, 'present', 't', 't')",
    "INSERT INTO attendance VALUES (:a_meeting, :b_member, 'present')",
    "INSERT INTO notices (club_id, sender_channel, sender_account, sender_member_id, text, "
    "members_total, members_unlinked, created_at) VALUES (:a, 't', 't', :b_member, 'x', 0, 0, "
    "'t')",
    "INSERT INTO health_consents (member_id, club_id, decision, wording, how, recorded_by, at) "
    "SELECT :b_member, :a, 'agree', version, 'chat', 't', 't' FROM consent_wordings",
    "INSERT INTO health_access_log (at, club_id, member_id, viewer_kind, viewer, what) "
    "VALUES ('t', :a, :b_member, 'relative', 't', 'health')",
    "INSERT INTO health_access_log (at, club_id, member_id, viewer_kind, viewer_member_id, "
    "viewer, what) VALUES ('t', :a, :a_member, 'board', :b_member, 't', 'health')",
    "INSERT INTO privacy_requests (club_id, member_id, kind, requested_by, requested_at) "
    "VALUES (:a, :b_member, 'delete', 't', 't')",
])
async def test_the_database_refuses_rows_that_mix_two_clubs(chat: Chat, sql: str):
    a, b = await club_ids(chat.db)
    params = {
        "a": a, "a_member": await member_of(chat.db, a, "TV005"),
        "b_member": await member_of(chat.db, b, "TV002"),
        "b_only": await member_of(chat.db, b, ONLY_IN_B[0]),
        "a_loan": (await chat.db.fetchone("SELECT id FROM loans WHERE club_id = ?", (a,)))[0],
        "b_loan": (await chat.db.fetchone("SELECT id FROM loans WHERE club_id = ?", (b,)))[0],
        "a_meeting": (await chat.db.fetchone(
            "SELECT id FROM meetings WHERE club_id = ?", (a,)))[0]}
    before = await snapshot(chat.db)
    with pytest.raises(sqlite3.IntegrityError, match="club"):
        async with chat.db.transaction() as conn:
            await conn.execute(sql, params)
    assert await snapshot(chat.db) == before


async def test_the_database_refuses_a_reversal_that_does_not_mirror_its_entry(chat: Chat):
    a, _ = await club_ids(chat.db)
    entry = await chat.db.fetchone(
        "SELECT id, member_id, kind, amount FROM cash_entries WHERE club_id = ? "
        "AND kind = 'deposit' AND reverses_id IS NULL", (a,))
    other = await member_of(chat.db, a, "TV001")
    insert = ("INSERT INTO cash_entries (club_id, entry_date, member_id, kind, amount, "
              "reverses_id, recorded_by, recorded_at) VALUES (?, '2026-12-17', ?, ?, ?, ?, "
              "'t', 't')")
    for member_id, kind, amount in ((other, entry[2], -entry[3]),
                                    (entry[1], "withdrawal", -entry[3]),
                                    (entry[1], entry[2], entry[3])):
        with pytest.raises(sqlite3.IntegrityError):
            async with chat.db.transaction() as conn:
                await conn.execute(insert, (a, member_id, kind, amount, entry[0]))
    async with chat.db.transaction() as conn:
        await conn.execute(insert, (a, entry[1], entry[2], -entry[3], entry[0]))
    with pytest.raises(sqlite3.IntegrityError):  # a second reversal of the same entry
        async with chat.db.transaction() as conn:
            await conn.execute(insert, (a, entry[1], entry[2], -entry[3], entry[0]))


async def test_a_flow_ticket_of_another_club_writes_nothing(chat: Chat):
    """The step's club and post are checked again inside the write's transaction."""
    a, b = await club_ids(chat.db)
    await chat.tap(SHARED, "cb:open")
    kinds = await chat.say(SHARED, "TV002")
    await chat.tap(SHARED, data_of(kinds, "Gửi tiết kiệm"))
    confirm = await chat.say(SHARED, "100k")
    version = int(data_of(confirm, "Ghi vào sổ").split(":")[1])
    a_tv002 = await member_of(chat.db, a, "TV002")
    shared_b = await member_of(chat.db, b, "TV004")
    shared_a = await member_of(chat.db, a, "TV004")
    before = await snapshot(chat.db)
    entry = cashbook.NewEntry(a, a_tv002, "deposit", 100_000, date(2026, 12, 17))
    for ticket in (FlowTicket("telegram", SHARED, version, b, shared_b),
                   FlowTicket("telegram", SHARED, version, a, shared_b),
                   FlowTicket("telegram", SECRETARY_A, version, a, shared_a)):
        with pytest.raises((NotInClub, AlreadyDone)):
            await cashbook.record(chat.db, entry, actor="t", now=chat.services.now(),
                                  ticket=ticket)
    assert await snapshot(chat.db) == before


async def test_consent_and_deletion_refuse_a_member_of_another_club_inside_the_write(
        chat: Chat):
    """The paper form's and the chair's steps name club A: a club B member
    reaching the write (a forged or stale id) changes nothing, the flow included."""
    a, b = await club_ids(chat.db)
    b_tv002 = await member_of(chat.db, b, "TV002")
    shared_a = await member_of(chat.db, a, "TV004")
    version = int(version_of(await chat.tap(SHARED, "cp:open")))
    ticket = FlowTicket("telegram", SHARED, version, a, shared_a)
    now = chat.services.now()
    before = await snapshot(chat.db)
    with pytest.raises(NotInClub):
        await consent.record(chat.db, member_id=b_tv002, decision=consent.Decision.AGREE,
                             how=consent.How.PAPER, actor="t", now=now,
                             signed_on=date(2026, 12, 15), witness="x", ticket=ticket)
    with pytest.raises(NotInClub):
        await forget.forget(chat.db, member_id=b_tv002, actor="t", now=now, ticket=ticket)
    assert await snapshot(chat.db) == before


async def test_every_flow_state_names_its_club(chat: Chat):
    a, _ = await club_ids(chat.db)
    for opening in ("cb:open", "ln:open", "hr:open", "rv:open", "lc:open", "nt:open",
                    "mt:open", "ck:open", "sw:open", "cp:open"):
        await chat.tap(SHARED, opening)
        row = await chat.db.fetchone(
            "SELECT json_extract(data, '$.club_id') FROM conversation_state "
            "WHERE account_id = ?", (SHARED,))
        assert row is not None and row[0] == a, opening


async def test_the_rollcall_save_after_a_switch_saves_the_sheet_shown(chat: Chat):
    a, b = await club_ids(chat.db)
    [sheet] = await chat.tap(SHARED, "rc:open")
    [all_present] = await chat.tap(SHARED, data_of([sheet], "Tất cả có mặt"))
    await view(chat, SHARED, b)
    await chat.tap(SHARED, data_of([all_present], "Lưu"))
    assert await rollcall.meeting_on(chat.db, b, date(2026, 12, 17)) is None
    assert await rollcall.meeting_on(chat.db, a, date(2026, 12, 17)) is not None
