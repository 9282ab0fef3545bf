"""Linking over the Bot API: proven by one's own contact, never by a claim."""

from __future__ import annotations

from club.phone import format_phone
from storage import Database
from tests.conftest import AS_OF, member
from tests.support import updates
from tests.support.harness import BotHarness

MENU_WORDS = ["💰 Tiết kiệm", "📄 Khoản vay", "📅 Lịch họp", "❤️ Sức khỏe", "☎️ Liên hệ",
              "❓ Hướng dẫn"]
LAN = 5001


async def links_of(db: Database, user_id: int) -> list[str]:
    rows = await db.fetchall(
        "SELECT m.code FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = 'telegram' AND l.account_id = ? ORDER BY m.code", (str(user_id),))
    return [r[0] for r in rows]


async def test_start_greets_and_asks_for_the_phone(bot: BotHarness):
    [reply] = await bot.say(LAN, "/start")
    assert "Xin chào" in reply.text
    assert reply.asks_for_contact
    assert reply.keyboard_labels == ["📱 Gửi số điện thoại"]


async def test_own_contact_links_and_shows_the_menu(bot: BotHarness):
    chair = member("TV001")
    [reply] = await bot.share_own_contact(LAN, "+84" + chair["phone"][1:])
    assert chair["name"] in reply.text
    for word in MENU_WORDS:
        assert any(word in label for label in reply.keyboard_labels), word
    assert await links_of(bot.db, LAN) == ["TV001"]


async def test_someone_elses_contact_links_nothing(bot: BotHarness):
    other = member("TV002")
    [reply] = await bot.feed(updates.contact(LAN, other["phone"], owner_id=LAN + 1))
    assert reply.asks_for_contact
    assert other["name"] not in reply.text
    assert await links_of(bot.db, LAN) == []


async def test_forwarded_card_without_owner_links_nothing(bot: BotHarness):
    other = member("TV002")
    [reply] = await bot.feed(updates.contact(LAN, other["phone"], owner_id=None))
    assert reply.asks_for_contact
    assert await links_of(bot.db, LAN) == []


async def test_typed_phone_number_proves_nothing(bot: BotHarness):
    [hint] = await bot.say(LAN, member("TV002")["phone"])
    assert "Gửi số điện thoại" in hint.text and hint.asks_for_contact
    [reply] = await bot.say(LAN, "tiết kiệm")
    assert reply.asks_for_contact
    assert await links_of(bot.db, LAN) == []


async def test_phone_not_on_roster_names_the_chair_and_shows_no_data(bot: BotHarness):
    chair = member("TV001")
    [reply] = await bot.share_own_contact(LAN, "0909 000 111")
    assert "chưa có trong danh sách" in reply.text
    # The chair's number grouped as people read it aloud ("0971 706 690").
    assert chair["name"] in reply.text and format_phone(chair["phone"]) in reply.text
    assert "đ" not in reply.text.replace("đến", "")  # no amounts of anyone
    assert await links_of(bot.db, LAN) == []


async def test_shared_phone_offers_both_and_either_can_be_seen(bot: BotHarness, consented):
    mai, hang = member("TV011"), member("TV012")
    replies = await bot.share_own_contact(LAN, mai["phone"])
    assert await links_of(bot.db, LAN) == ["TV011", "TV012"]
    offered = [label for r in replies for label, _ in r.choices]
    assert offered == [mai["name"], hang["name"]]

    pick_hang = next(data for r in replies for label, data in r.choices if label == hang["name"])
    [picked] = await bot.tap(LAN, pick_hang)
    assert hang["name"] in picked.text
    [health] = await bot.say(LAN, "❤️ Sức khỏe")
    assert hang["last_health"]["bp"] in health.text

    [switch] = await bot.say(LAN, "👥 Đổi người xem")
    pick_mai = next(data for label, data in switch.choices if label == mai["name"])
    await bot.tap(LAN, pick_mai)
    [savings] = await bot.say(LAN, "tiet kiem")
    assert mai["name"] in savings.text


async def test_forged_pick_of_another_member_changes_nothing(bot: BotHarness):
    await bot.share_own_contact(LAN, member("TV001")["phone"])
    row = await bot.db.fetchone("SELECT id FROM members WHERE code = 'TV002'")
    [reply] = await bot.tap(LAN, f"pick:{row[0]}")
    assert "cũ" in reply.text
    [savings] = await bot.say(LAN, "so du")
    assert member("TV001")["name"] in savings.text
    assert member("TV002")["name"] not in savings.text
    assert await links_of(bot.db, LAN) == ["TV001"]


async def test_forged_callback_from_a_stranger_shows_nothing(bot: BotHarness):
    [reply] = await bot.tap(LAN, "pick:1")
    assert reply.asks_for_contact
    assert await links_of(bot.db, LAN) == []


async def test_member_can_undo_the_link(bot: BotHarness):
    await bot.share_own_contact(LAN, member("TV002")["phone"])
    [ask] = await bot.say(LAN, "huy lien ket")
    yes = next(data for label, data in ask.choices if "Có" in label)
    [done] = await bot.tap(LAN, yes)
    assert done.asks_for_contact
    assert await links_of(bot.db, LAN) == []
    [after] = await bot.say(LAN, "tiết kiệm")
    assert after.asks_for_contact and "800.000" not in after.text


async def test_saying_no_keeps_the_link(bot: BotHarness):
    await bot.share_own_contact(LAN, member("TV002")["phone"])
    [ask] = await bot.say(LAN, "Hủy liên kết")
    no = next(data for label, data in ask.choices if "Không" in label)
    await bot.tap(LAN, no)
    assert await links_of(bot.db, LAN) == ["TV002"]


async def test_links_survive_a_restart(sample_db: Database, tmp_path):
    first = await BotHarness.start(sample_db, now=lambda: AS_OF)
    await first.share_own_contact(LAN, member("TV002")["phone"])
    await first.stop()
    path = (await sample_db.fetchone("PRAGMA database_list"))[2]

    reopened = await Database.open(path)
    second = await BotHarness.start(reopened, now=lambda: AS_OF)
    [reply] = await second.say(LAN, "/start")
    assert member("TV002")["name"] in reply.text
    [savings] = await second.say(LAN, "so du")
    assert "800.000 đ" in savings.text
    await second.stop()
    await reopened.close()


async def test_linking_is_audited(bot: BotHarness):
    await bot.share_own_contact(LAN, member("TV002")["phone"])
    rows = await bot.db.fetchall("SELECT actor, action FROM audit_log WHERE action = 'link'")
    assert [tuple(r) for r in rows] == [(f"telegram:{LAN}", "link")]


async def test_writing_to_the_bot_again_lifts_a_block(bot: BotHarness):
    await bot.share_own_contact(LAN, member("TV002")["phone"])
    await bot.db.conn.execute(
        "INSERT INTO blocked_accounts VALUES ('telegram', ?, '2026-11-19T10:00:00')", (str(LAN),))
    await bot.say(LAN, "/start")
    assert await bot.db.fetchall("SELECT * FROM blocked_accounts") == []
