"""💵 Ghi sổ quỹ over the Bot API: the treasurer's way, the refusals, the receipts."""

from __future__ import annotations

import openpyxl

from storage import Database
from storage.exporter import export_club
from tests.conftest import member
from tests.support.harness import BotHarness, Sent

SECRETARY, TREASURER, MEMBER, PLAIN = 7003, 7004, 7002, 7010


def choice(replies: list[Sent], label_part: str) -> str:
    for reply in replies:
        for label, data in reply.choices:
            if label_part in label:
                return data
    raise AssertionError(f"no button with {label_part!r} in {[r.choices for r in replies]}")


async def cash_rows(db: Database) -> list[tuple]:
    return [tuple(r) for r in await db.fetchall("SELECT * FROM cash_entries ORDER BY id")]


async def link(bot: BotHarness, user: int, code: str) -> None:
    await bot.share_own_contact(user, member(code)["phone"])


async def start_entry(bot: BotHarness, user: int, who: str, kind: str) -> list[Sent]:
    [menu] = await bot.say(user, "🗂 Ban chủ nhiệm")
    await bot.tap(user, choice([menu], "Ghi sổ quỹ"))
    found = await bot.say(user, who)
    if not any("Ghi gì cho" in r.text for r in found):
        found = await bot.tap(user, choice(found, member("TV002")["name"]))
    return await bot.tap(user, choice(found, kind))


async def test_board_member_sees_the_board_button(bot: BotHarness):
    [welcome] = await bot.share_own_contact(SECRETARY, member("TV003")["phone"])
    assert "🗂 Ban chủ nhiệm" in welcome.keyboard_labels
    [plain] = await bot.share_own_contact(PLAIN, member("TV010")["phone"])
    assert "🗂 Ban chủ nhiệm" not in plain.keyboard_labels


async def test_deposit_end_to_end_with_receipt(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    await link(bot, MEMBER, "TV002")
    ask_amount = await start_entry(bot, SECRETARY, "tuyet", "Gửi tiết kiệm")
    assert "bao nhiêu tiền" in ask_amount[0].text
    [confirm] = await bot.say(SECRETARY, "100k")
    # Who and how much, last, right above the confirm button.
    assert confirm.text.endswith("Số tiền: <b>100.000 đ</b>")
    assert confirm.text.splitlines()[-2] == f"Thành viên: <b>{member('TV002')['name']}</b>"
    assert "Bằng chữ: một trăm nghìn đồng." in confirm.text
    assert "Tiết kiệm sau khi ghi: 900.000 đ" in confirm.text
    before = await cash_rows(bot.db)
    [done] = await bot.tap(SECRETARY, choice([confirm], "Ghi vào sổ"))
    assert "Đã ghi gửi tiết kiệm" in done.text
    after = await cash_rows(bot.db)
    assert len(after) == len(before) + 1
    entry = after[-1]
    assert entry[4:6] == ("deposit", 100000) and entry[3] == (
        await bot.db.fetchone("SELECT id FROM members WHERE code = 'TV002'"))[0]
    assert entry[9].startswith(f"telegram:{SECRETARY}:")

    [outbox] = await bot.db.fetchall("SELECT account_id, kind, text FROM outbox")
    assert outbox[0] == str(MEMBER) and outbox[1] == "receipt"
    assert "100.000 đ" in outbox[2] and "900.000 đ" in outbox[2]

    [seen] = await bot.say(MEMBER, "💰 Tiết kiệm")
    assert "<b>900.000 đ</b>" in seen.text

    # A second tap on the same confirm button records nothing more.
    [again] = await bot.tap(SECRETARY, choice([confirm], "Ghi vào sổ"))
    assert len(await cash_rows(bot.db)) == len(after)
    assert "Không có gì thay đổi" in again.text or "đã ghi rồi" in again.text


async def test_amounts_people_type(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    await start_entry(bot, SECRETARY, "TV002", "Gửi tiết kiệm")
    [unclear] = await bot.say(SECRETARY, "1,5")
    assert "Chưa rõ số tiền" in unclear.text
    [confirm] = await bot.say(SECRETARY, "1tr2")
    assert "<b>1.200.000 đ</b>" in confirm.text
    assert "Bằng chữ: một triệu hai trăm nghìn đồng." in confirm.text


async def test_withdrawal_larger_than_savings_is_refused(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    await start_entry(bot, SECRETARY, "TV002", "Rút tiết kiệm")
    before = await cash_rows(bot.db)
    [refusal] = await bot.say(SECRETARY, "2 triệu")
    assert "không đủ để rút 2.000.000 đ" in refusal.text and "800.000 đ" in refusal.text
    assert await cash_rows(bot.db) == before


async def test_loan_repayment_suggests_the_installment(bot: BotHarness):
    await link(bot, TREASURER, "TV004")
    [menu] = await bot.say(TREASURER, "🗂 Ban chủ nhiệm")
    await bot.tap(TREASURER, choice([menu], "Ghi sổ quỹ"))
    kinds = await bot.say(TREASURER, "TV005")
    amount = await bot.tap(TREASURER, choice(kinds, "Trả gốc khoản vay VAY001"))
    [confirm] = await bot.tap(TREASURER, choice(amount, "416.666 đ"))
    assert "Còn nợ gốc sau khi ghi: 1.666.672 đ" in confirm.text
    await bot.tap(TREASURER, choice([confirm], "Ghi vào sổ"))
    row = await bot.db.fetchone(
        "SELECT e.kind, e.amount, l.code FROM cash_entries e JOIN loans l ON l.id = e.loan_id "
        "ORDER BY e.id DESC LIMIT 1")
    assert tuple(row) == ("principal", 416666, "VAY001")


async def test_plain_member_forging_board_buttons_changes_nothing(bot: BotHarness):
    await link(bot, PLAIN, "TV010")
    before = await cash_rows(bot.db)
    for forged in ("cb:open", "cb:1:ok", "cb:2:m:2", "cb:1:k:deposit"):
        [reply] = await bot.tap(PLAIN, forged)
        assert "chỉ dành cho ban chủ nhiệm" in reply.text
    [typed] = await bot.say(PLAIN, "🗂 Ban chủ nhiệm")
    assert "chỉ dành cho ban chủ nhiệm" in typed.text
    assert await cash_rows(bot.db) == before


async def test_member_of_another_club_cannot_be_chosen(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    [who] = await bot.tap(SECRETARY, choice([menu], "Ghi sổ quỹ"))
    version = who.choices[0][1].split(":")[1]
    before = await cash_rows(bot.db)
    [reply] = await bot.tap(SECRETARY, f"cb:{version}:m:999999")
    assert "Không có gì thay đổi" in reply.text and "999999" not in reply.text
    assert await cash_rows(bot.db) == before


async def test_cancel_records_nothing(bot: BotHarness):
    await link(bot, SECRETARY, "TV003")
    await start_entry(bot, SECRETARY, "TV002", "Gửi tiết kiệm")
    [confirm] = await bot.say(SECRETARY, "50.000")
    before = await cash_rows(bot.db)
    [cancelled] = await bot.tap(SECRETARY, choice([confirm], "Thôi"))
    assert "không ghi gì" in cancelled.text
    [stale] = await bot.tap(SECRETARY, choice([confirm], "Ghi vào sổ"))
    assert "Không có gì thay đổi" in stale.text
    assert await cash_rows(bot.db) == before


async def test_flow_survives_a_restart(bot: BotHarness, sample_db: Database):
    await link(bot, SECRETARY, "TV003")
    await start_entry(bot, SECRETARY, "TV002", "Gửi tiết kiệm")
    restarted = await BotHarness.start(sample_db, now=lambda: bot.app.bot_data[
        "services"].now())
    [confirm] = await restarted.say(SECRETARY, "200.000")
    assert "<b>200.000 đ</b>" in confirm.text
    await restarted.tap(SECRETARY, choice([confirm], "Ghi vào sổ"))
    await restarted.stop()
    assert (await cash_rows(sample_db))[-1][5] == 200000


async def test_export_carries_what_was_recorded_in_chat(bot: BotHarness, tmp_path):
    await link(bot, SECRETARY, "TV003")
    await start_entry(bot, SECRETARY, "TV002", "Gửi tiết kiệm")
    [confirm] = await bot.say(SECRETARY, "100k")
    await bot.tap(SECRETARY, choice([confirm], "Ghi vào sổ"))
    out = tmp_path / "out.xlsx"
    await export_club(bot.db, 1, out)
    rows = list(openpyxl.load_workbook(out)["SoQuy"].iter_rows(values_only=True))
    assert any(r[1] == "TV002" and r[2] == "gửi tiết kiệm" and r[3] == 100000
               and r[0].strftime("%d/%m/%Y") == "20/11/2026" for r in rows[1:])
