"""🔑 Mã kết nối over the Bot API: the board issues, a person types it, the rules hold."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import pytest

from storage import Database
from storage.link_codes import digits_of, format_code, normalize_code
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness, Sent

SECRETARY, PLAIN, NGA, NGA_GRANDSON, SEN_DAUGHTER, STRANGER = 7003, 7010, 8021, 8121, 8124, 8999
CODE = re.compile(r"<b>(\d{4} \d{4})</b>")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(AS_OF)


@pytest.fixture
async def bot(sample_db: Database, clock: Clock):
    harness = await BotHarness.start(sample_db, now=clock)
    yield harness
    await harness.stop()


def choice(replies: list[Sent], label_part: str) -> str:
    for reply in replies:
        for label, data in reply.choices:
            if label_part in label:
                return data
    raise AssertionError(f"no button with {label_part!r} in {[r.choices for r in replies]}")


async def member_id(db: Database, code: str) -> int:
    return (await db.fetchone("SELECT id FROM members WHERE code = ?", (code,)))[0]


async def links_of(db: Database, user: int) -> list[tuple[str, str, int]]:
    rows = await db.fetchall(
        "SELECT m.code, l.how, l.proxy FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = 'telegram' AND l.account_id = ? ORDER BY m.code", (str(user),))
    return [tuple(r) for r in rows]


async def actions(db: Database) -> list[tuple[str, str, str | None]]:
    rows = await db.fetchall(
        "SELECT a.actor, a.action, m.code FROM audit_log a LEFT JOIN members m "
        "ON m.id = a.member_id WHERE a.action != 'import' ORDER BY a.id")
    return [tuple(r) for r in rows]


async def snapshot(db: Database) -> dict[str, list[tuple]]:
    tables = ("link_codes", "link_attempts", "chat_links", "audit_log", "conversation_state")
    return {t: [tuple(r) for r in await db.fetchall(f"SELECT * FROM {t}")] for t in tables}


async def open_tool(bot: BotHarness, user: int = SECRETARY) -> list[Sent]:
    [menu] = await bot.say(user, "🗂 Ban chủ nhiệm")
    return await bot.tap(user, choice([menu], "Mã kết nối"))


async def issue(bot: BotHarness, who: str, *, proxy: bool = False,
                user: int = SECRETARY) -> tuple[str, Sent]:
    """The code the board gets for ``who`` (a member code), and the message it came in."""
    await open_tool(bot, user)
    purpose = await bot.say(user, who)
    [issued] = await bot.tap(user, choice(purpose, "Người nhà" if proxy else "Chính thành viên"))
    found = CODE.search(issued.text)
    assert found, issued.text
    return found.group(1), issued


@pytest.fixture
async def secretary(bot: BotHarness) -> BotHarness:
    await bot.share_own_contact(SECRETARY, member("TV003")["phone"])
    return bot


# ---------------------------------------------------------------- the code itself

def test_code_as_people_type_it():
    for typed in ("1234 5678", "12345678", " 1234-5678 ", "1234.5678", "Mã 1234 5678",
                  "ma ket noi: 1234 5678", "/start 12345678", "12 34 56 78"):
        assert normalize_code(typed) == "12345678", typed
    for typed in ("1234 567", "123456789", "50k", "so du", "1tr2", "", "mã",
                  "1234 5678 901", "1234 5678 90123"):
        assert normalize_code(typed) is None, typed
    assert normalize_code("1234 5678 9012") == "123456789012"  # a shared machine's
    assert format_code("123456789012") == "1234 5678 9012"
    assert digits_of("1234 567") == "1234567"
    assert format_code("01234567") == "0123 4567"


# ---------------------------------------------------------------- issuing

async def test_board_menu_offers_the_tool_only_to_the_board(secretary: BotHarness):
    [menu] = await secretary.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert any("🔑 Mã kết nối" in label for label, _ in menu.choices)


async def test_secretary_issues_a_code_that_is_stored_only_as_a_hash(secretary: BotHarness):
    [who] = await open_tool(secretary)
    assert "Cấp mã kết nối cho ai" in who.text
    [purpose] = await secretary.say(SECRETARY, "ngo thi minh nga")
    assert "Ngô Thị Minh Nga" in purpose.text and "TV021" in purpose.text
    assert "đã đồng ý" in purpose.text
    [issued] = await secretary.tap(SECRETARY, choice([purpose], "Chính thành viên"))
    code = CODE.search(issued.text).group(1)
    assert "Ngô Thị Minh Nga" in issued.text and "một lần" in issued.text
    assert "22/11/2026" in issued.text  # 48 hours after 20/11/2026 09:00
    assert "gõ mã này vào tin nhắn cho bot" in issued.text
    assert "t.me/" not in issued.text  # the bot's username is not known to handlers

    rows = await secretary.db.fetchall("SELECT * FROM link_codes")
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0])
    digits = code.replace(" ", "")
    assert digits not in stored and code not in stored
    assert hashlib.sha256(digits.encode()).hexdigest() not in stored  # keyed, not bare
    assert rows[0]["member_id"] == await member_id(secretary.db, "TV021")
    assert rows[0]["proxy"] == 0
    assert rows[0]["issued_by"] == f"telegram:{SECRETARY}:{await member_id(secretary.db, 'TV003')}"
    assert rows[0]["expires_at"] == "2026-11-22T09:00:00"
    # The flow has ended: nothing half-done is left behind.
    assert await secretary.db.fetchall("SELECT * FROM conversation_state") == []


async def test_a_double_tap_issues_one_code(secretary: BotHarness):
    await open_tool(secretary)
    purpose = await secretary.say(SECRETARY, "TV021")
    await secretary.tap(SECRETARY, choice(purpose, "Chính thành viên"))
    [again] = await secretary.tap(SECRETARY, choice(purpose, "Chính thành viên"))
    assert "Không có gì thay đổi" in again.text
    assert len(await secretary.db.fetchall("SELECT * FROM link_codes")) == 1


async def test_cancel_issues_nothing(secretary: BotHarness):
    await open_tool(secretary)
    purpose = await secretary.say(SECRETARY, "TV021")
    [cancelled] = await secretary.tap(SECRETARY, choice(purpose, "Thôi"))
    assert "Đã thôi" in cancelled.text
    [stale] = await secretary.tap(SECRETARY, choice(purpose, "Người nhà"))
    assert "Không có gì thay đổi" in stale.text
    assert await secretary.db.fetchall("SELECT * FROM link_codes") == []


async def test_deep_link_is_shown_when_the_bot_username_is_known(secretary: BotHarness):
    secretary.app.bot_data["services"].bot_username = "clb_dong_hoa_bot"
    code, issued = await issue(secretary, "TV021")
    assert f"https://t.me/clb_dong_hoa_bot?start={code.replace(' ', '')}" in issued.text


async def test_the_board_issues_a_code_for_a_shared_machine(secretary: BotHarness):
    """12 digits, flagged: the web counts its tries apart from a shared address's."""
    secretary.app.bot_data["services"].bot_username = "clb_dong_hoa_bot"
    await open_tool(secretary)
    purpose = await secretary.say(SECRETARY, "TV021")
    [issued] = await secretary.tap(SECRETARY, choice(purpose, "máy dùng chung"))
    found = re.search(r"<b>(\d{4} \d{4} \d{4})</b>", issued.text)
    assert found and "Ngô Thị Minh Nga" in issued.text and "12 số" in issued.text
    assert "trang web" in issued.text and "t.me/" not in issued.text
    [row] = await secretary.db.fetchall("SELECT proxy, shared FROM link_codes")
    assert tuple(row) == (0, 1)
    # It is a link code like any other, once.
    [hello] = await secretary.say(NGA, found.group(1))
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text
    assert await links_of(secretary.db, NGA) == [("TV021", "code", 0)]
    [again] = await secretary.say(NGA_GRANDSON, found.group(1))
    assert "đã được dùng" in again.text


# ---------------------------------------------------------------- redeeming

async def test_typed_code_links_the_member_and_greets_by_name(secretary: BotHarness):
    code, _ = await issue(secretary, "TV021")
    [hello] = await secretary.say(NGA, code)
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text
    assert "💰 Tiết kiệm" in hello.keyboard_labels and not hello.asks_for_contact
    assert await links_of(secretary.db, NGA) == [("TV021", "code", 0)]
    [savings] = await secretary.say(NGA, "so du")
    assert "Ngô Thị Minh Nga" in savings.text

    row = await secretary.db.fetchone("SELECT used_by, used_at FROM link_codes")
    assert tuple(row) == (f"telegram:{NGA}", "2026-11-20T09:00:00")
    assert (f"telegram:{NGA}", "link_code_redeem", "TV021") in await actions(secretary.db)
    assert (f"telegram:{NGA}", "link", "TV021") in await actions(secretary.db)


async def test_start_with_the_code_links_too(secretary: BotHarness):
    code, _ = await issue(secretary, "TV021")
    [hello] = await secretary.say(NGA, f"/start {code.replace(' ', '')}")
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text
    assert await links_of(secretary.db, NGA) == [("TV021", "code", 0)]


async def test_start_without_a_code_is_still_a_plain_start(secretary: BotHarness):
    [hello] = await secretary.say(NGA, "/start")
    assert hello.asks_for_contact
    assert await secretary.db.fetchall("SELECT * FROM link_attempts") == []


async def test_a_used_code_does_not_work_a_second_time(secretary: BotHarness):
    code, _ = await issue(secretary, "TV021")
    await secretary.say(NGA, code)
    [refused] = await secretary.say(STRANGER, code)
    assert "đã được dùng rồi" in refused.text
    assert "Ngô Thị Minh Nga" not in refused.text  # a dead code tells nobody whose it was
    assert refused.asks_for_contact
    assert await links_of(secretary.db, STRANGER) == []
    assert (f"telegram:{STRANGER}", "link_code_failed", "TV021") in await actions(secretary.db)


async def test_an_expired_code_is_refused(secretary: BotHarness, clock: Clock):
    code, _ = await issue(secretary, "TV021")
    clock.advance(hours=48)
    [refused] = await secretary.say(NGA, code)
    assert "đã hết hạn" in refused.text and "cấp mã mới" in refused.text
    assert await links_of(secretary.db, NGA) == []


async def test_a_code_works_until_it_expires(secretary: BotHarness, clock: Clock):
    code, _ = await issue(secretary, "TV021")
    clock.advance(hours=47, minutes=59)
    [hello] = await secretary.say(NGA, code)
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text


async def test_a_new_code_revokes_the_unused_one(secretary: BotHarness):
    first, _ = await issue(secretary, "TV021")
    proxy, _ = await issue(secretary, "TV021", proxy=True)   # another purpose: kept
    second, issued = await issue(secretary, "TV021")
    assert "Mã cũ chưa dùng" in issued.text and first != second
    [refused] = await secretary.say(NGA, first)
    assert "thay bằng mã mới" in refused.text
    assert await links_of(secretary.db, NGA) == []
    [hello] = await secretary.say(NGA, second)
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text
    [helper] = await secretary.say(NGA_GRANDSON, proxy)
    assert "để giúp <b>Ngô Thị Minh Nga</b>" in helper.text


async def test_wrong_codes_are_limited_per_account(secretary: BotHarness, clock: Clock):
    code, _ = await issue(secretary, "TV021")
    right = int(code.replace(" ", ""))
    wrong = [f"{(right + i) % 10 ** 8:08d}" for i in range(1, 6)]
    for i, guess in enumerate(wrong[:4]):
        [reply] = await secretary.say(STRANGER, guess)
        assert "không đúng" in reply.text
        assert f"Còn được thử {4 - i} lần nữa" in reply.text
    [last] = await secretary.say(STRANGER, wrong[4])
    assert "không đúng" in last.text and "tạm dừng" in last.text
    assert "09:00, Thứ Bảy, 21/11/2026" in last.text  # 24 h after the first failure

    clock.advance(hours=1)
    [locked] = await secretary.say(STRANGER, code)   # even the right code
    assert "tạm dừng" in locked.text and "hỏi ban chủ nhiệm" in locked.text
    assert await links_of(secretary.db, STRANGER) == []
    assert (await secretary.db.fetchone("SELECT used_at FROM link_codes"))[0] is None
    # Another account is not held back by this one's failures.
    clock.advance(hours=23)
    [hello] = await secretary.say(STRANGER, code)
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text
    failed = [a for a in await actions(secretary.db) if a[1] == "link_code_failed"]
    assert len(failed) == 6 and all(a[0] == f"telegram:{STRANGER}" for a in failed)


async def test_the_limit_is_per_account(secretary: BotHarness):
    code, _ = await issue(secretary, "TV021")
    for i in range(5):
        await secretary.say(STRANGER, f"{i:08d}")
    [hello] = await secretary.say(NGA, code)
    assert "Xin chào chị Ngô Thị Minh Nga" in hello.text


async def test_a_slip_of_the_finger_costs_no_try(secretary: BotHarness):
    [hint] = await secretary.say(NGA, "1234 567")
    assert "8 chữ số" in hint.text
    assert await secretary.db.fetchall("SELECT * FROM link_attempts") == []
    [phone] = await secretary.say(NGA, "0912 345 678")   # a phone is still a phone
    assert "Gửi số điện thoại" in phone.text


async def test_a_relative_linked_as_proxy_sees_the_members_books(secretary: BotHarness):
    code, issued = await issue(secretary, "TV024", proxy=True)
    assert "người nhà giúp <b>Nguyễn Thị Sen</b>" in issued.text
    [hello] = await secretary.say(SEN_DAUGHTER, code)
    assert "để giúp <b>Nguyễn Thị Sen</b>" in hello.text
    assert await links_of(secretary.db, SEN_DAUGHTER) == [("TV024", "code", 1)]
    [savings] = await secretary.say(SEN_DAUGHTER, "💰 Tiết kiệm")
    assert "Nguyễn Thị Sen" in savings.text and "<b>1.850.000 đ</b>" in savings.text
    detail = await secretary.db.fetchone(
        "SELECT detail FROM audit_log WHERE action = 'link' ORDER BY id DESC LIMIT 1")
    assert '"proxy": true' in detail[0]


async def test_a_proxy_of_a_board_member_does_not_hold_the_post(secretary: BotHarness):
    code, _ = await issue(secretary, "TV001", proxy=True)   # the chair
    [hello] = await secretary.say(SEN_DAUGHTER, code)
    assert "🗂 Ban chủ nhiệm" not in hello.keyboard_labels
    [refused] = await secretary.tap(SEN_DAUGHTER, "lc:open")
    assert "chỉ dành cho ban chủ nhiệm" in refused.text


async def test_a_linked_account_adds_a_member_with_a_code(secretary: BotHarness):
    await secretary.share_own_contact(PLAIN, member("TV010")["phone"])
    code, _ = await issue(secretary, "TV021", proxy=True)
    [hello] = await secretary.say(PLAIN, code)
    assert "để giúp <b>Ngô Thị Minh Nga</b>" in hello.text
    assert "👥 Đổi người xem" in hello.keyboard_labels
    assert await links_of(secretary.db, PLAIN) == [("TV010", "contact", 0),
                                                   ("TV021", "code", 1)]
    [savings] = await secretary.say(PLAIN, "tiet kiem")
    assert "Ngô Thị Minh Nga" in savings.text   # now looking at the member the code was for


# ---------------------------------------------------------------- refusals

async def test_plain_member_forging_link_code_buttons_changes_nothing(secretary: BotHarness):
    await secretary.share_own_contact(PLAIN, member("TV010")["phone"])
    nga = await member_id(secretary.db, "TV021")
    before = await snapshot(secretary.db)
    for forged in ("lc:open", "lc:1:p:0", "lc:1:p:1", f"lc:1:m:{nga}", "lc:2:x", "lc:junk"):
        [reply] = await secretary.tap(PLAIN, forged)
        assert "chỉ dành cho ban chủ nhiệm" in reply.text, forged
    assert await snapshot(secretary.db) == before


async def test_forging_the_secretarys_own_buttons_changes_nothing(secretary: BotHarness):
    await secretary.share_own_contact(PLAIN, member("TV010")["phone"])
    await open_tool(secretary)
    purpose = await secretary.say(SECRETARY, "TV021")
    before = await snapshot(secretary.db)
    [reply] = await secretary.tap(PLAIN, choice(purpose, "Người nhà"))
    assert "chỉ dành cho ban chủ nhiệm" in reply.text
    assert await snapshot(secretary.db) == before


async def test_a_member_of_another_club_cannot_be_chosen(secretary: BotHarness):
    [who] = await open_tool(secretary)
    version = who.choices[0][1].split(":")[1]
    [reply] = await secretary.tap(SECRETARY, f"lc:{version}:m:999999")
    assert "Không có gì thay đổi" in reply.text and "999999" not in reply.text
    assert await secretary.db.fetchall("SELECT * FROM link_codes") == []


async def test_every_step_is_audited(secretary: BotHarness):
    code, _ = await issue(secretary, "TV021")
    await secretary.say(STRANGER, "0000 0000" if code != "0000 0000" else "1111 1111")
    await secretary.say(NGA, code)
    secretary_actor = f"telegram:{SECRETARY}:{await member_id(secretary.db, 'TV003')}"
    assert [a for a in await actions(secretary.db) if a[1] != "link" or a[2] == "TV021"] == [
        (secretary_actor, "link_code_issue", "TV021"),
        (f"telegram:{STRANGER}", "link_code_failed", None),
        (f"telegram:{NGA}", "link", "TV021"),
        (f"telegram:{NGA}", "link_code_redeem", "TV021"),
    ]
