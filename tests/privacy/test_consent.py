"""Consent to health readings: nothing of a member's health is recorded or
shown without it; every answer is an append-only record carrying the version
of the words she was shown; withdrawal is one tap under "❓ Hướng dẫn"."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from club import address, texts
from storage import consent
from storage.consent import Decision, How
from storage.member_file import load_member_file
from tests.conftest import AS_OF, member
from tests.privacy.support import (
    GRANDSON,
    MEMBER,
    SECRETARY,
    choice,
    link,
    link_relative,
    member_id,
    rows,
)
from tests.support.consent import agree_on_paper
from tests.support.harness import BotHarness

# The words each version stands for (sha256). Changing HEALTH_CONSENT_WORDS
# without a new HEALTH_CONSENT_VERSION fails here: answers carry the version.
WORDING_DIGESTS = {
    "suc-khoe-1": "ed00cfd06111fb5fde2cf963ed40104aab5a88e22dc4c46ba064090f874b17a3",
    "suc-khoe-2": "21927d027da776cb58b6d27d244cfcca1bd442bb7163e0ace9a2fd1ac10fcbc2",
}
VERSION = texts.HEALTH_CONSENT_VERSION


def _called(code: str) -> dict[str, str]:
    """How the bot calls the member of the roster (club/address.py)."""
    who = member(code)
    return address.fields(address.address_for(who["born"], "Nữ" if who["woman"] else "Nam",
                                              AS_OF.date()))


def words_to(code: str) -> str:
    """The consent words as the member is asked them: called as the bot calls her."""
    return texts.HEALTH_CONSENT_WORDS.format(**_called(code))


def question_to(code: str) -> str:
    return texts.HEALTH_CONSENT_QUESTION.format(**_called(code))
LOAN = member("TV010")  # Đinh Thị Loan, last reading 148/108 (from the paper book)


async def consents(bot: BotHarness, code: str) -> list[tuple]:
    return await rows(bot.db, "SELECT decision, how, wording, signed_on, witness "
                              "FROM health_consents WHERE member_id = ? ORDER BY id",
                      (await member_id(bot.db, code),))


async def readings(bot: BotHarness, code: str) -> list[tuple]:
    return await rows(bot.db, "SELECT taken_on, systolic, diastolic FROM health_readings "
                              "WHERE member_id = ? ORDER BY taken_on",
                      (await member_id(bot.db, code),))


def test_the_words_are_held_to_their_version():
    digest = hashlib.sha256(texts.HEALTH_CONSENT_WORDS.encode()).hexdigest()
    assert texts.HEALTH_CONSENT_VERSION in WORDING_DIGESTS, "a new version: add its digest"
    assert digest == WORDING_DIGESTS[texts.HEALTH_CONSENT_VERSION], (
        "the consent words changed: give HEALTH_CONSENT_VERSION a new value", digest)


def test_the_words_say_what_why_who_and_that_she_can_change_her_mind():
    words = texts.HEALTH_CONSENT_WORDS
    assert len(words.splitlines()) == 3
    assert "huyết áp" in words and "cân nặng" in words           # what
    assert "theo dõi sức khỏe" in words and "nhắc lịch khám" in words  # why
    assert "người nhà" in words and "ban chủ nhiệm" in words and "tình nguyện viên" in words
    assert "cán bộ Hội không được xem" in words                 # never an officer
    assert "đổi ý" in words                                     # she can change her mind
    assert "bạn" not in words.lower().split() and "tôi" not in words.lower().split()


async def test_no_reading_is_shown_before_she_agrees(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [asked] = await bot.say(MEMBER, "❤️ Sức khỏe")
    assert "148/108" not in asked.text and "kg" not in asked.text
    assert words_to("TV010") in asked.text
    assert [label for label, _ in asked.choices] == [texts.BTN_CONSENT_YES, texts.BTN_CONSENT_NO]
    # The readings kept from the paper book are counted, never shown.
    held = len(await readings(bot, "TV010"))
    assert held >= 2 and f"CLB đang cất kín {held} lần đo" in asked.text
    # Not even the member's file carries them out of the database.
    file = await load_member_file(bot.db, await member_id(bot.db, "TV010"), AS_OF.date())
    assert file is not None and file.health == () and file.health_held == held


async def test_agreeing_records_the_version_and_shows_the_readings(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [asked] = await bot.say(MEMBER, "sức khỏe")
    [shown] = await bot.tap(MEMBER, choice(asked, "Đồng ý"))
    assert "148/108" in shown.text and shown.text.startswith("✅ Đã ghi: Đinh Thị Loan đồng ý.")
    assert await consents(bot, "TV010") == [("agree", "chat", VERSION, None, None)]
    [(kept,)] = await rows(bot.db, "SELECT text FROM consent_wordings WHERE version = ?",
                           (texts.HEALTH_CONSENT_VERSION,))
    assert kept == texts.HEALTH_CONSENT_WORDS
    [again] = await bot.say(MEMBER, "huyet ap")  # asked once: now the readings come straight
    assert "148/108" in again.text and question_to("TV010") not in again.text


async def test_declining_shows_nothing_and_asks_again_next_time(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [asked] = await bot.say(MEMBER, "sức khỏe")
    [declined] = await bot.tap(MEMBER, choice(asked, "Không đồng ý"))
    assert "không đồng ý" in declined.text and "148/108" not in declined.text
    [again] = await bot.say(MEMBER, "sức khỏe")
    assert "148/108" not in again.text and "chưa đồng ý" in again.text
    assert await consents(bot, "TV010") == [("decline", "chat", VERSION, None, None)]


async def test_withdrawal_is_one_tap_under_help_and_hides_the_readings(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [asked] = await bot.say(MEMBER, "sức khỏe")
    await bot.tap(MEMBER, choice(asked, "Đồng ý"))
    [help_screen] = await bot.say(MEMBER, "❓ Hướng dẫn")
    [withdrawn] = await bot.tap(MEMBER, choice(help_screen, texts.BTN_WITHDRAW_CONSENT))
    assert "rút lại đồng ý" in withdrawn.text
    [after] = await bot.say(MEMBER, "sức khỏe")
    assert "148/108" not in after.text
    assert [c[:3] for c in await consents(bot, "TV010")] == [
        ("agree", "chat", VERSION), ("withdraw", "chat", VERSION)]
    [nothing] = await bot.tap(MEMBER, choice(help_screen, texts.BTN_WITHDRAW_CONSENT))
    assert "không có gì để rút lại" in nothing.text
    assert len(await consents(bot, "TV010")) == 2


async def test_consent_records_cannot_be_changed_or_deleted(bot: BotHarness):
    await agree_on_paper(bot.db, "TV010")
    for sql in ("UPDATE health_consents SET decision = 'decline'",
                "DELETE FROM health_consents",
                "UPDATE consent_wordings SET text = 'other words'",
                "DELETE FROM consent_wordings"):
        with pytest.raises(sqlite3.DatabaseError):
            await bot.db.conn.execute(sql)
    assert len(await consents(bot, "TV010")) == 1


async def test_words_changed_without_a_new_version_are_refused(bot: BotHarness, monkeypatch):
    await agree_on_paper(bot.db, "TV010")
    monkeypatch.setattr(consent, "WORDS", texts.HEALTH_CONSENT_WORDS + " (sửa)")
    with pytest.raises(RuntimeError, match="version"):
        await consent.record(bot.db, member_id=await member_id(bot.db, "TV010"),
                             decision=Decision.WITHDRAW, how=How.CHAT, actor="t", now=AS_OF)
    assert len(await consents(bot, "TV010")) == 1


# ---------------------------------------------------------------- a relative

async def test_a_relative_is_asked_for_her_and_the_answer_says_so(bot: BotHarness):
    await link_relative(bot, GRANDSON, "TV010")
    [asked] = await bot.say(GRANDSON, "sức khỏe")
    assert "148/108" not in asked.text
    assert "Câu hỏi này dành cho <b>Đinh Thị Loan</b>" in asked.text
    [shown] = await bot.tap(GRANDSON, choice(asked, "Đồng ý"))
    assert "148/108" in shown.text
    assert [c[:2] for c in await consents(bot, "TV010")] == [("agree", "relative")]


# ---------------------------------------------------------------- the board

async def open_readings(bot: BotHarness, who: str):
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    await bot.tap(SECRETARY, choice(menu, "Ghi huyết áp"))
    return await bot.say(SECRETARY, who)


async def test_the_board_records_nothing_without_consent_and_is_told_why(bot: BotHarness):
    before = await readings(bot, "TV010")
    [asked] = await open_readings(bot, "TV010")
    assert "chưa đồng ý cho CLB giữ số đo sức khỏe" in asked.text
    assert words_to("TV010") in asked.text and "148/108" not in asked.text
    [again] = await bot.say(SECRETARY, "135/85 52")  # typed anyway: not a reading
    assert "bấm một nút" in again.text
    assert await readings(bot, "TV010") == before


async def test_she_answers_the_board_in_person_and_is_told(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    [asked] = await open_readings(bot, "TV010")
    [ask_reading] = await bot.tap(SECRETARY, choice(asked, "Đồng ý"))
    assert "Đã ghi: Đinh Thị Loan đồng ý" in ask_reading.text and "135/85" in ask_reading.text
    assert "Lần đo trước: 148/108" in ask_reading.text
    [saved] = await bot.say(SECRETARY, "135/85 52")
    assert "Đã ghi cho Đinh Thị Loan" in saved.text
    assert (AS_OF.date().isoformat(), 135, 85) in await readings(bot, "TV010")
    assert await consents(bot, "TV010") == [
        ("agree", "in_person", VERSION, None, member("TV003")["name"])]
    [(told,)] = await rows(bot.db, "SELECT text FROM outbox WHERE dedup_key LIKE 'consent:%' "
                                   "AND account_id = ?", (str(MEMBER),))
    assert "Đinh Thị Loan đồng ý" in told and "Rút đồng ý sức khỏe" in told


async def test_she_declines_in_person_and_nothing_is_recorded(bot: BotHarness):
    before = await readings(bot, "TV010")
    [asked] = await open_readings(bot, "TV010")
    [told] = await bot.tap(SECRETARY, choice(asked, "Không đồng ý"))
    assert "Không ghi số đo sức khỏe" in told.text
    [retry] = await bot.say(SECRETARY, "TV010")  # the next name: her again
    assert "đã không đồng ý" in retry.text
    assert await readings(bot, "TV010") == before


async def test_a_withdrawal_meanwhile_stops_the_board_recording(bot: BotHarness):
    await agree_on_paper(bot.db, "TV010")
    await link(bot, MEMBER, "TV010")
    await open_readings(bot, "TV010")  # asked for her reading…
    [help_screen] = await bot.say(MEMBER, "❓ Hướng dẫn")
    await bot.tap(MEMBER, choice(help_screen, texts.BTN_WITHDRAW_CONSENT))  # …she withdraws
    before = await readings(bot, "TV010")
    [refused] = await bot.say(SECRETARY, "135/85 52")
    assert "chưa đồng ý" in refused.text
    assert await readings(bot, "TV010") == before


async def test_the_board_records_a_signed_paper_form(bot: BotHarness):
    await link(bot, MEMBER, "TV010")
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [who] = await bot.tap(SECRETARY, choice(menu, "Giấy đồng ý"))
    assert "Gõ tên" in who.text
    [when] = await bot.say(SECRETARY, "dinh thi loan")
    assert "ký ngày nào" in when.text
    [future] = await bot.say(SECRETARY, "21/11/2026")
    assert "sau hôm nay" in future.text
    [witness] = await bot.say(SECRETARY, "17/11/2026")
    assert "làm chứng" in witness.text
    [confirm] = await bot.say(SECRETARY, "Bùi Thị Kim Nhung")
    assert "17/11/2026" in confirm.text and "Bùi Thị Kim Nhung" in confirm.text
    save = choice(confirm, "Ghi giấy đồng ý")
    [done] = await bot.tap(SECRETARY, save)
    assert "Đã ghi giấy đồng ý của Đinh Thị Loan" in done.text
    [twice] = await bot.tap(SECRETARY, save)  # a second tap records nothing
    assert "Đã ghi giấy" not in twice.text
    assert await consents(bot, "TV010") == [
        ("agree", "paper", VERSION, "2026-11-17", "Bùi Thị Kim Nhung")]
    [(told,)] = await rows(bot.db, "SELECT text FROM outbox WHERE dedup_key LIKE 'consent:%' "
                                   "AND account_id = ?", (str(MEMBER),))
    assert "ký giấy đồng ý" in told
    [seen] = await bot.say(MEMBER, "sức khỏe")
    assert "148/108" in seen.text


async def test_the_words_call_her_as_the_bot_does_not_ong_ba_to_everyone(bot: BotHarness):
    await link(bot, MEMBER, "TV002")  # a woman under 60: "chị"
    [asked] = await bot.say(MEMBER, "sức khỏe")
    assert "của chị để theo dõi" in asked.text and "Chị có đồng ý không?" in asked.text
    assert "ông/bà" not in asked.text.lower()
