"""A member's phone changes on the roster: links proven by the old phone end, and people are told.

The old phone's owner may be anyone now (numbers are recycled), so a link it
proved must not keep reading the member's savings once the book is imported
with the new number.
"""

from __future__ import annotations

from club import texts
from storage.importer import import_workbook
from storage.link_codes import issue, redeem
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness

TUYET = member("TV002")  # 800.000 đ saved; her phone is ThanhVien!E3
TUYET_ROW = 3
OLD_PHONE = TUYET["phone"]
NEW_PHONE = "0987 654 321"
HER_OLD_PHONE, HER_GRANDSON, NEW_PHONE_OWNER, BYSTANDER = 6101, 6102, 6103, 6104


def new_phone_for_tuyet(phone):
    def change(book):
        book["ThanhVien"][f"E{TUYET_ROW}"] = phone
    return change


async def notices(db):
    return [tuple(r) for r in await db.fetchall(
        "SELECT channel, account_id, kind, member_id, text FROM outbox ORDER BY id")]


async def links(db, account):
    return [r[0] for r in await db.fetchall(
        "SELECT m.code FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = 'telegram' AND l.account_id = ? ORDER BY m.code", (str(account),))]


async def savings_shown(bot: BotHarness, account: int) -> bool:
    [reply] = await bot.say(account, "tiết kiệm")
    return "800.000 đ" in reply.text


async def test_the_old_phone_no_longer_reads_her_savings(bot: BotHarness, edit_sample):
    await bot.share_own_contact(HER_OLD_PHONE, OLD_PHONE)
    assert await savings_shown(bot, HER_OLD_PHONE)

    result = await import_workbook(bot.db, edit_sample(new_phone_for_tuyet(NEW_PHONE)),
                                   actor="test", now=AS_OF)

    [reply] = await bot.say(HER_OLD_PHONE, "tiết kiệm")
    assert "800.000 đ" not in reply.text and reply.asks_for_contact
    assert await links(bot.db, HER_OLD_PHONE) == []
    assert result.links_ended == 1
    assert "Kết thúc 1 kết nối chat" in result.summary()
    # Nobody has proven the new phone yet: the account that lost the link is told, plainly.
    [(channel, account, kind, member_id, text)] = await notices(bot.db)
    assert (channel, account, kind, member_id) == ("telegram", str(HER_OLD_PHONE), "notice", None)
    assert text == texts.LINK_ENDED_PHONE_CHANGED.format(name=TUYET["name"])
    audit = await bot.db.fetchone(
        "SELECT actor, detail FROM audit_log WHERE action = 'unlink' ORDER BY id DESC")
    assert audit["actor"] == "test" and '"why": "phone_changed"' in audit["detail"]

    # The old phone proves nothing any more; the new one links as any phone does.
    [refused] = await bot.share_own_contact(HER_OLD_PHONE, OLD_PHONE)
    assert refused.asks_for_contact and TUYET["name"] not in refused.text
    await bot.share_own_contact(NEW_PHONE_OWNER, "0987654321")
    assert await savings_shown(bot, NEW_PHONE_OWNER)

    # Importing the same book again ends nothing more and tells nobody again.
    again = await import_workbook(bot.db, edit_sample(new_phone_for_tuyet(NEW_PHONE)),
                                  actor="test", now=AS_OF)
    assert again.links_ended == 0 and not again.changed
    assert len(await notices(bot.db)) == 1


async def test_whoever_proved_the_new_phone_is_told(bot: BotHarness, edit_sample):
    # The new phone is one the bot already knows: TV001's, proven by NEW_PHONE_OWNER.
    chair = member("TV001")
    await bot.share_own_contact(HER_OLD_PHONE, OLD_PHONE)
    await bot.share_own_contact(NEW_PHONE_OWNER, chair["phone"])

    result = await import_workbook(bot.db, edit_sample(new_phone_for_tuyet(chair["phone"])),
                                   actor="test", now=AS_OF)

    assert await links(bot.db, HER_OLD_PHONE) == []
    assert await links(bot.db, NEW_PHONE_OWNER) == ["TV001"]  # not linked by the import
    assert result.links_ended == 1
    [(channel, account, kind, member_id, text)] = await notices(bot.db)
    assert (channel, account, member_id) == ("telegram", str(NEW_PHONE_OWNER), None)
    assert text == texts.PHONE_NOW_ON_ROSTER.format(name=TUYET["name"])
    # Shared again, the phone links to both people it now belongs to.
    await bot.share_own_contact(NEW_PHONE_OWNER, chair["phone"])
    assert await links(bot.db, NEW_PHONE_OWNER) == ["TV001", "TV002"]


async def test_a_removed_phone_ends_the_link_and_a_code_link_stays(bot: BotHarness, edit_sample):
    db = bot.db
    await bot.share_own_contact(HER_OLD_PHONE, OLD_PHONE)
    # Her grandson was given a code by the board: that link is not about a phone.
    tuyet = await db.fetchone("SELECT id, club_id FROM members WHERE code = 'TV002'")
    issued = await issue(db, club_id=tuyet["club_id"], member_id=tuyet["id"], proxy=True,
                         actor="test", now=AS_OF)
    await redeem(db, "telegram", str(HER_GRANDSON), issued.code, now=AS_OF)
    # Someone else's link is untouched.
    await bot.share_own_contact(BYSTANDER, member("TV008")["phone"])

    result = await import_workbook(db, edit_sample(new_phone_for_tuyet(None)), actor="test",
                                   now=AS_OF)

    assert await links(db, HER_OLD_PHONE) == []
    assert result.links_ended == 1
    assert await links(db, HER_GRANDSON) == ["TV002"]
    assert await savings_shown(bot, HER_GRANDSON)
    assert await links(db, BYSTANDER) == ["TV008"]
    assert [n[1] for n in await notices(db)] == [str(HER_OLD_PHONE)]


async def test_a_refused_book_ends_no_link(bot: BotHarness, edit_sample):
    from storage.workbook import WorkbookError

    await bot.share_own_contact(HER_OLD_PHONE, OLD_PHONE)

    def change(book):
        new_phone_for_tuyet(NEW_PHONE)(book)
        book["SoQuy"]["D20"] = "năm chục"

    try:
        await import_workbook(bot.db, edit_sample(change), actor="test", now=AS_OF)
    except WorkbookError:
        pass
    else:
        raise AssertionError("the book should have been refused")
    assert await savings_shown(bot, HER_OLD_PHONE)
    assert await notices(bot.db) == []


async def test_a_link_made_before_proofs_were_kept_ends_too(bot: BotHarness, edit_sample):
    # As a link made before migration 0010 whose member had no phone then:
    # no proof on record. The member's phone changing still ends it.
    await bot.share_own_contact(HER_OLD_PHONE, OLD_PHONE)
    async with bot.db.transaction() as conn:
        await conn.execute("DELETE FROM chat_link_proofs")
    assert await savings_shown(bot, HER_OLD_PHONE)

    result = await import_workbook(bot.db, edit_sample(new_phone_for_tuyet(NEW_PHONE)),
                                   actor="test", now=AS_OF)
    assert await links(bot.db, HER_OLD_PHONE) == []
    assert result.links_ended == 1
