"""Home care in chat: the board's plan, the volunteer's list, a visit in two
taps, the urgent alert, reversal, readings under consent, and forged buttons."""

from __future__ import annotations

import re
from datetime import datetime

from club import texts
from storage.consent import Decision, How, record
from tests.board.two_clubs import data_of, snapshot
from tests.conftest import member

from .conftest import CARED, CHAIR, OTHER_VOLUNTEER, PLAIN, VICE, VOLUNTEER, assign, member_id


async def test_a_volunteer_sees_only_the_members_assigned_to_her(chat):
    saved = await assign(chat, "TV007", "TV005")
    assert "2 tuần một lần" in saved and "04/12/2026" in saved
    await assign(chat, "TV010", "TV027", weeks=4)
    # Both now need care in the roster's "Hoàn cảnh".
    rows = await chat.db.fetchall(
        "SELECT code, circumstances FROM members WHERE code IN ('TV007', 'TV010') ORDER BY code")
    assert [tuple(r) for r in rows] == [("TV007", "cần chăm sóc tại nhà"),
                                        ("TV010", "cần chăm sóc tại nhà")]
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    assert member("TV007")["name"] in listed.text
    assert member("TV010")["name"] not in listed.text
    assert "Tổ 2" in listed.text and "đến hạn 04/12/2026 (còn 14 ngày)" in listed.text
    assert [b.label for row in listed.choices for b in row] == [member("TV007")["name"]]
    # Nothing of money, on any of her screens.
    assert not re.search(r"\d đ\b", listed.text) and "quỹ" not in listed.text.lower()
    [other] = await chat.say(OTHER_VOLUNTEER, texts.BTN_VISITS)
    assert member("TV010")["name"] in other.text and member("TV007")["name"] not in other.text
    # The menu offers 🏠 Thăm hỏi to volunteers only.
    keys = [b.label for row in listed.keyboard for b in row]
    assert texts.BTN_VISITS in keys
    [plain] = await chat.say(PLAIN, "chao")
    assert texts.BTN_VISITS not in [b.label for row in plain.keyboard for b in row]
    [refused] = await chat.say(PLAIN, "tham hoi")
    assert refused.text.startswith("«🏠 Thăm hỏi» dành cho tình nguyện viên")


async def test_a_visit_in_two_taps_and_the_urgent_alert_at_night(chat, clock):
    await assign(chat, "TV007", "TV005")
    clock.now = datetime(2026, 11, 20, 22, 40)  # inside quiet hours (21:00-06:00)
    [listed] = await chat.say(VOLUNTEER, "thăm hỏi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))   # tap 1
    alert = data_of(asked, texts.BTN_CARE_ALERT)
    [saved] = await chat.tap(VOLUNTEER, alert)                                       # tap 2
    assert saved.text.startswith(f"✅ Đã ghi lần thăm <b>{member('TV007')['name']}</b> hôm nay")
    assert texts.CARE_SAVED_ALERT in saved.text
    visits = await chat.db.fetchall(
        "SELECT visited_on, status, recorded_by FROM home_visits WHERE recorded_by IS NOT NULL")
    assert [tuple(v)[:2] for v in visits] == [("2026-11-20", "alert_health")]
    urgent = [tuple(r) for r in await chat.db.fetchall(
        "SELECT account_id, kind, due_at, text FROM outbox WHERE dedup_key LIKE 'care-alert:%' "
        "ORDER BY account_id")]
    # Exactly one per board recipient (the chair and the vice-chair), due at once at night.
    assert [(r[0], r[1], r[2]) for r in urgent] == [
        (CHAIR, "urgent", "2026-11-20T22:40:00"), (VICE, "urgent", "2026-11-20T22:40:00")]
    assert member("TV007")["name"] in urgent[0][3] and "Tổ 2" in urgent[0][3]
    assert "0378 595 748" in urgent[0][3]
    # A second tap on the same button records nothing and sends nothing more.
    before = await snapshot(chat.db)
    [again] = await chat.tap(VOLUNTEER, alert)
    assert again.text == texts.FLOW_STALE
    assert await snapshot(chat.db) == before
    # The note follows to the same two people.
    noted = await chat.tap(VOLUNTEER, data_of([saved], texts.BTN_CARE_NOTE))
    assert noted[0].text == texts.CARE_ASK_NOTE
    [sent] = await chat.say(VOLUNTEER, "Ngã trong bếp, đau hông")
    assert sent.text.startswith(texts.CARE_NOTE_SENT)
    notes = await chat.db.fetchall(
        "SELECT account_id, text FROM outbox WHERE dedup_key LIKE 'care-alert-note:%'")
    assert sorted(r[0] for r in notes) == [CHAIR, VICE]
    assert "Ngã trong bếp, đau hông" in notes[0][1]
    # The pending rows go out whatever the hour: the dispatcher sends what is due.
    due = await chat.db.fetchall("SELECT count(*) FROM outbox WHERE kind = 'urgent' "
                                 "AND state = 'pending' AND due_at <= ?",
                                 (clock.now.isoformat(timespec="seconds"),))
    assert due[0][0] == 4


async def test_needs_help_goes_on_the_boards_list_and_a_slip_is_reversed(chat):
    await assign(chat, "TV007", "TV005")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    [saved] = await chat.tap(VOLUNTEER, data_of(asked, texts.BTN_CARE_OK))
    # Meant "needs help": undo, then record again, the same day.
    [ask_undo] = await chat.tap(VOLUNTEER, data_of([saved], texts.BTN_CARE_UNDO))
    [again] = await chat.tap(VOLUNTEER, data_of([ask_undo], texts.BTN_CARE_UNDO_YES))
    assert again.text.startswith(texts.CARE_UNDONE)
    [saved] = await chat.tap(VOLUNTEER, data_of([again], texts.BTN_CARE_HELP))
    assert texts.CARE_SAVED_HELP in saved.text
    await chat.tap(VOLUNTEER, data_of([saved], texts.BTN_CARE_NOTE))
    await chat.say(VOLUNTEER, "Cần người sửa mái nhà")
    rows = [tuple(r) for r in await chat.db.fetchall(
        "SELECT v.status, v.note, r.reason IS NOT NULL FROM home_visits v "
        "LEFT JOIN home_visit_reversals r ON r.visit_id = v.id ORDER BY v.id")]
    assert rows[-2:] == [("ok", "", 1), ("needs_help", "Cần người sửa mái nhà", 0)]
    # Both stay: the database refuses to delete a visit.
    audits = [r[0] for r in await chat.db.fetchall(
        "SELECT action FROM audit_log WHERE action LIKE 'home_visit%' ORDER BY id")]
    assert audits == ["home_visit", "home_visit_reversal", "home_visit", "home_visit_note"]
    [board] = await chat.tap(CHAIR, "cc:open")
    assert texts.CC_HELP_HEAD in board.text and "Cần người sửa mái nhà" in board.text


async def test_forged_buttons_change_nothing(chat):
    await assign(chat, "TV007", "TV005")
    await assign(chat, "TV010", "TV027")
    cared = await member_id(chat.db, "TV007")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    pick = data_of([listed], member("TV007")["name"])
    version = pick.split(":")[1]
    await chat.say(OTHER_VOLUNTEER, "tham hoi")  # a volunteer with a list of her own
    before = await snapshot(chat.db)
    forged = [pick, f"vs:{version}:s:alert_health", f"vs:1:m:{cared}", "vs:1:s:ok",
              f"vs:{version}:uy", "vs:99999999999999999999:m:1", "vs:open:x"]
    for account in (PLAIN, "7003", CARED, OTHER_VOLUNTEER, CHAIR):
        for data in forged:
            replies = await chat.tap(account, data)
            assert all("Đã ghi" not in r.text for r in replies), (account, data)
    # The other volunteer's own flow, with her own version, naming a member not hers.
    [own] = await chat.say(OTHER_VOLUNTEER, "tham hoi")
    mine = await snapshot(chat.db)
    other_version = own.choices[0][0].choice.split(":")[1]
    [refused] = await chat.tap(OTHER_VOLUNTEER, f"vs:{other_version}:m:{cared}")
    assert "không ở trong danh sách" in refused.text
    assert await snapshot(chat.db) == mine
    assert {k: v for k, v in before.items() if k != "conversation_state"} == \
        {k: v for k, v in mine.items() if k != "conversation_state"}
    # A volunteer whose member was taken off her list cannot record on an old button.
    asked = await chat.tap(VOLUNTEER, pick)
    opened = await chat.tap(CHAIR, "cc:open")
    plan = await chat.tap(CHAIR, data_of(opened, member("TV007")["name"]))
    confirm = await chat.tap(CHAIR, data_of(plan, texts.BTN_CC_STOP))
    [stopped] = await chat.tap(CHAIR, data_of(confirm, texts.BTN_CC_STOP_YES))
    assert stopped.text.startswith("✅ Đã ghi")
    [late] = await chat.tap(VOLUNTEER, data_of(asked, texts.BTN_CARE_OK))
    assert "không ở trong danh sách" in late.text
    assert not await chat.db.fetchall("SELECT 1 FROM home_visits WHERE recorded_by IS NOT NULL")


async def test_a_volunteer_records_a_reading_only_with_consent(chat):
    await assign(chat, "TV007", "TV005")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    [saved] = await chat.tap(VOLUNTEER, data_of(asked, texts.BTN_CARE_OK))
    [refused] = await chat.tap(VOLUNTEER, data_of([saved], texts.BTN_CARE_READING))
    assert "chưa đồng ý" in refused.text
    cared = await member_id(chat.db, "TV007")
    before = (await chat.db.fetchone("SELECT count(*) FROM health_readings WHERE member_id = ?",
                                     (cared,)))[0]
    await record(chat.db, member_id=cared, decision=Decision.AGREE, how=How.CHAT, actor="test",
                 now=chat.services.now())
    asking = await chat.tap(VOLUNTEER, data_of([refused], texts.BTN_CARE_READING))
    assert "Ví dụ: 135/85 52" in asking[0].text
    [bad] = await chat.say(VOLUNTEER, "300/20")
    assert "Không ghi" in bad.text
    [done] = await chat.say(VOLUNTEER, "150/95 48")
    assert "150/95" in done.text
    after = await chat.db.fetchone(
        "SELECT count(*), max(systolic) FROM health_readings WHERE member_id = ? "
        "AND taken_on = '2026-11-20'", (cared,))
    assert tuple(after) == (1, 150) and before >= 0
    # Her volunteer's look at her previous reading is in the access log, as a volunteer's.
    kinds = await chat.db.fetchall("SELECT viewer_kind FROM health_access_log "
                                   "WHERE member_id = ?", (cared,))
    assert {k[0] for k in kinds} <= {"volunteer"}


async def test_the_member_and_her_family_see_who_visits(chat):
    await assign(chat, "TV007", "TV005")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    await chat.tap(VOLUNTEER, data_of(asked, texts.BTN_CARE_OK))
    [question] = await chat.say(CARED, "suc khoe")
    [shown] = await chat.tap(CARED, data_of([question], texts.BTN_CONSENT_YES))
    assert f"Tình nguyện viên thăm bà: <b>{member('TV005')['name']}</b>" in shown.text
    assert "Lần thăm gần nhất: 20/11/2026." in shown.text


async def test_forgetting_a_member_takes_her_visit_notes_and_alerts(chat):
    from storage.forget import forget

    await assign(chat, "TV007", "TV005")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    [saved] = await chat.tap(VOLUNTEER, data_of(asked, texts.BTN_CARE_ALERT))
    await chat.tap(VOLUNTEER, data_of([saved], texts.BTN_CARE_NOTE))
    await chat.say(VOLUNTEER, "Sốt cao")
    assert await chat.db.fetchall("SELECT 1 FROM outbox WHERE dedup_key LIKE 'care-alert%'")
    await forget(chat.db, member_id=await member_id(chat.db, "TV007"), actor="test",
                 now=chat.services.now())
    assert not await chat.db.fetchall("SELECT 1 FROM outbox WHERE dedup_key LIKE 'care-alert%'")
    assert [tuple(r) for r in await chat.db.fetchall("SELECT status, note FROM home_visits "
                                                     "WHERE recorded_by IS NOT NULL")] == [
        ("alert_health", "")]
    assert not await chat.db.fetchall("SELECT 1 FROM care_plans")


async def test_the_volunteer_is_told_of_her_new_neighbour(chat):
    await assign(chat, "TV007", "TV005")
    told = [tuple(r) for r in await chat.db.fetchall(
        "SELECT account_id, kind, text FROM outbox WHERE dedup_key LIKE 'care-plan:%'")]
    assert [(t[0], t[1]) for t in told] == [(VOLUNTEER, "notice")]
    assert told[0][2].startswith(
        f"🏠 Ban chủ nhiệm nhờ chị thăm <b>{member('TV007')['name']}</b> (Tổ 2, ☎️ 0378 595 748)")
    # Choosing the same again tells her nothing new.
    await assign(chat, "TV007", "TV005")
    assert len(await chat.db.fetchall(
        "SELECT 1 FROM outbox WHERE dedup_key LIKE 'care-plan:%'")) == 1


async def test_whoever_visited_last_is_offered_first(chat):
    async with chat.db.transaction() as conn:  # the history an imported ThamHoi gives
        await conn.execute(
            "INSERT INTO home_visits (club_id, visited_on, member_id, volunteer_id, status) "
            "SELECT m.club_id, '2026-11-01', m.id, w.id, 'ok' FROM members m "
            "JOIN members w ON w.code = 'TV027' WHERE m.code = 'TV007'")
    opened = await chat.tap(CHAIR, "cc:open")
    await chat.tap(CHAIR, data_of(opened, texts.BTN_CC_ADD))
    [volunteers] = await chat.say(CHAIR, "TV007")
    assert volunteers.choices[0][0].label == member("TV027")["name"]


async def test_needs_help_is_shown_when_the_board_plans_the_next_meeting(chat):
    await assign(chat, "TV007", "TV005")
    [listed] = await chat.say(VOLUNTEER, "tham hoi")
    asked = await chat.tap(VOLUNTEER, data_of([listed], member("TV007")["name"]))
    [saved] = await chat.tap(VOLUNTEER, data_of(asked, texts.BTN_CARE_HELP))
    await chat.tap(VOLUNTEER, data_of([saved], texts.BTN_CARE_NOTE))
    await chat.say(VOLUNTEER, "Hết gạo")
    [topic] = await chat.tap(CHAIR, "tp:open")
    assert texts.CC_HELP_HEAD in topic.text
    assert f"20/11 {member('TV007')['name']}: Hết gạo" in topic.text


async def test_two_phones_recording_the_same_visit_at_once_keep_one(chat):
    import asyncio

    await assign(chat, "TV007", "TV005")
    second = "7105"  # the volunteer's second phone (her own contact on another account)
    await chat.link(second, member("TV005")["phone"])
    taps = []
    for account in (VOLUNTEER, second):
        [listed] = await chat.say(account, "tham hoi")
        asked = await chat.tap(account, data_of([listed], member("TV007")["name"]))
        taps.append((account, data_of(asked, texts.BTN_CARE_ALERT)))
    answers = await asyncio.gather(*(chat.tap(account, data) for account, data in taps))
    said = sorted(a[0].text.split("\n")[0] for a in answers)
    assert sum(s.startswith("✅ Đã ghi lần thăm") for s in said) == 1
    assert sum("đã có người ghi lần thăm" in s for s in said) == 1
    assert len(await chat.db.fetchall(
        "SELECT 1 FROM home_visits WHERE recorded_by IS NOT NULL")) == 1
    # One alert per board account, not two.
    assert len(await chat.db.fetchall(
        "SELECT 1 FROM outbox WHERE dedup_key LIKE 'care-alert:%'")) == 2
