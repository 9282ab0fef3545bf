"""Money a member can act on: an overdue borrower is told what to bring to the
next meeting and whom to call; contacts show numbers as people read them."""

from __future__ import annotations

from datetime import time

from club import texts
from storage import Database
from storage.meetings import move
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness

USER = 6201
TREASURER_LINE = "Thủ quỹ: Trần Thị Kim Tuyết — 0786 834 497"


async def loans_screen(bot: BotHarness, code: str) -> list[str]:
    await bot.share_own_contact(USER, member(code)["phone"])
    [reply] = await bot.say(USER, texts.BTN_LOANS)
    return reply.text.splitlines()


async def test_an_overdue_borrower_sees_what_to_bring_and_whom_to_call(bot: BotHarness):
    lines = await loans_screen(bot, "TV056")
    # Right under what is owed: the late interest and the next installment, one sum.
    assert lines[0].startswith("📄") and "10.000.000 đ" in lines[0]
    assert lines[1] == ("👉 Buổi họp tới, Thứ Năm, 17/12/2026: xin mang <b>160.000 đ</b> "
                        "(80.000 đ quá hạn + 80.000 đ của kỳ 17/12).")
    assert lines[2] == TREASURER_LINE
    assert member("TV004")["phone"] == "0786834497"  # the treasurer, grouped 4-3-3 above


async def test_a_long_overdue_loan_adds_the_next_installment_to_what_is_late(bot: BotHarness):
    lines = await loans_screen(bot, "TV058")
    assert lines[1] == ("👉 Buổi họp tới, Thứ Năm, 17/12/2026: xin mang <b>3.004.162 đ</b> "
                        "(2.581.246 đ quá hạn + 422.916 đ của kỳ 17/12).")
    assert "cộng <b>422.916 đ</b>" in "\n".join(lines)  # the installment, as listed below
    assert lines[2] == TREASURER_LINE


async def test_a_borrower_on_time_is_not_told_to_bring_anything(bot: BotHarness):
    text = "\n".join(await loans_screen(bot, "TV005"))
    assert "👉" not in text and "Thủ quỹ:" not in text and "quá hạn" not in text


async def test_a_moved_meeting_is_the_date_to_bring_it(bot: BotHarness, sample_db: Database):
    await move(sample_db, 1, AS_OF.date().replace(month=12, day=17),
               AS_OF.date().replace(month=12, day=12), time(8, 0), actor="test", now=AS_OF)
    lines = await loans_screen(bot, "TV056")
    assert lines[1].startswith("👉 Buổi họp tới, Thứ Bảy, 12/12/2026: xin mang <b>160.000 đ</b>")


async def test_without_a_treasurer_in_the_books_the_member_is_told_to_ask(
        bot: BotHarness, sample_db: Database):
    await sample_db.conn.execute("UPDATE members SET role = '' WHERE role = 'Thủ quỹ'")
    await sample_db.conn.commit()
    lines = await loans_screen(bot, "TV056")
    assert lines[1].startswith("👉") and lines[2] == texts.LOAN_ASK_TREASURER


async def test_contacts_one_person_a_line_with_numbers_grouped(bot: BotHarness):
    await bot.share_own_contact(USER, member("TV010")["phone"])
    [reply] = await bot.say(USER, texts.BTN_CONTACTS)
    people = reply.text.splitlines()[1:]
    assert people == [
        "• Chủ nhiệm: Bùi Thị Kim Nhung — 0971 706 690",
        f"• Phó chủ nhiệm: {member('TV002')['name']} — 0910 080 636",
        f"• Thư ký: {member('TV003')['name']} — 0963 740 681",
        "• Thủ quỹ: Trần Thị Kim Tuyết — 0786 834 497",
    ]
