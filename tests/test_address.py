"""Members are addressed by the roster's age and gender, as their club prefers.

Over the Bot API, against the sample club (the conversation stands on
20/11/2026): Đinh Thị Loan (TV010, born 1941) is "bà", Lê Văn Toàn (TV015,
1944) "ông", Phạm Thị Kim Nhung (TV005, 1990) "chị", Dương Quang Hùng (TV014,
1996) "anh"; a relative helping Nguyễn Thị Sen (TV024, 1936) reads about
"bà Sen".
"""

from __future__ import annotations

from datetime import date

from club.address import AddressStyle
from handlers.receipts import receipt
from storage import Database, link_codes
from storage.cashbook import NewEntry, record
from storage.clubs import set_address_style
from tests.conftest import AS_OF, member
from tests.support.harness import BotHarness, Sent

USER, RELATIVE = 6101, 6102


async def link(bot: BotHarness, code: str, user: int = USER) -> Sent:
    [hello] = await bot.share_own_contact(user, member(code)["phone"])
    return hello


async def attendance_line(bot: BotHarness, user: int = USER) -> str:
    """The meetings screen's last line: how many meetings the member came to."""
    [reply] = await bot.say(user, "lich hop")
    return reply.text.splitlines()[-1]


async def ids(db: Database, code: str) -> tuple[int, int]:
    row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0]), int(row[1])


async def forget(db: Database, code: str, *, gender: str) -> None:
    """The roster without this member's birth year (and with this gender)."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE members SET birth_year = NULL, gender = ? WHERE code = ?",
                           (gender, code))


async def test_an_older_woman_is_ba(bot: BotHarness):
    hello = await link(bot, "TV010")
    assert hello.text.startswith("Xin chào bà Đinh Thị Loan! Đã kết nối với sổ của bà ở ")
    line = await attendance_line(bot)
    assert line.startswith("Bà đã dự <b>") or line == "Chưa có điểm danh của bà."
    [again] = await bot.say(USER, "/start")
    assert again.text.startswith("Xin chào bà Đinh Thị Loan!")


async def test_an_older_man_is_ong(bot: BotHarness):
    hello = await link(bot, "TV015")
    assert hello.text.startswith("Xin chào ông Lê Văn Toàn! Đã kết nối với sổ của ông ở ")
    line = await attendance_line(bot)
    assert line.startswith("Ông đã dự <b>") or line == "Chưa có điểm danh của ông."


async def test_younger_members_are_chi_and_anh(bot: BotHarness):
    hello = await link(bot, "TV005")
    assert hello.text.startswith("Xin chào chị Phạm Thị Kim Nhung! Đã kết nối với sổ của chị")
    assert (await attendance_line(bot)).startswith(("Chị đã dự", "Chưa có điểm danh của chị."))

    hello = await link(bot, "TV014", user=USER + 1)
    assert hello.text.startswith("Xin chào anh Dương Quang Hùng! Đã kết nối với sổ của anh")
    assert (await attendance_line(bot, USER + 1)).startswith(
        ("Anh đã dự", "Chưa có điểm danh của anh."))


async def test_a_club_preferring_bac_is_followed_at_once(bot: BotHarness):
    await link(bot, "TV015")
    assert (await attendance_line(bot)).startswith(("Ông đã dự", "Chưa có điểm danh của ông"))
    _, club_id = await ids(bot.db, "TV015")
    assert await set_address_style(bot.db, club_id, AddressStyle.BAC, actor="test", now=AS_OF)

    # The cached member file is dropped with the change: the next answer says "bác".
    assert (await attendance_line(bot)).startswith(("Bác đã dự", "Chưa có điểm danh của bác"))
    [again] = await bot.say(USER, "/start")
    assert again.text.startswith("Xin chào bác Lê Văn Toàn!")
    # Younger members stay "anh"/"chị".
    hello = await link(bot, "TV005", user=USER + 1)
    assert hello.text.startswith("Xin chào chị Phạm Thị Kim Nhung!")


async def test_unknown_birth_year_and_gender_are_addressed_as_an_elder(bot: BotHarness):
    await forget(bot.db, "TV015", gender="")
    hello = await link(bot, "TV015")
    assert hello.text.startswith("Xin chào bác Lê Văn Toàn! Đã kết nối với sổ của bác")
    await forget(bot.db, "TV010", gender="Nữ")
    hello = await link(bot, "TV010", user=USER + 1)
    assert hello.text.startswith("Xin chào bà Đinh Thị Loan!")


async def test_board_members_are_addressed_by_their_own_age_and_gender(bot: BotHarness):
    secretary = await link(bot, "TV003")            # Đỗ Thị Liên, born 1951
    assert secretary.text.startswith("Xin chào bà Đỗ Thị Liên!")
    vice_chair = await link(bot, "TV002", user=USER + 1)   # Ngô Thị Tuyết, born 1982
    assert vice_chair.text.startswith("Xin chào chị Ngô Thị Tuyết!")


async def test_a_relative_reads_about_the_member_and_is_not_given_her_title(bot: BotHarness):
    member_id, club_id = await ids(bot.db, "TV024")
    issued = await link_codes.issue(bot.db, club_id=club_id, member_id=member_id, proxy=True,
                                    actor="test", now=AS_OF)
    [hello] = await bot.say(RELATIVE, issued.code)
    assert hello.text.startswith("Xin chào! Đã kết nối để giúp <b>Nguyễn Thị Sen</b>")
    [again] = await bot.say(RELATIVE, "/start")
    assert again.text.startswith("Xin chào! Đang xem sổ của bà Sen.")
    line = await attendance_line(bot, RELATIVE)
    assert line.startswith("Bà Sen đã dự <b>") or line == "Chưa có điểm danh của bà Sen."


async def test_a_receipt_is_worded_for_each_reader(bot: BotHarness):
    """The member's own phone reads "bà"; her daughter's reads "bà Sen"."""
    member_id, club_id = await ids(bot.db, "TV024")
    await link(bot, "TV024")
    issued = await link_codes.issue(bot.db, club_id=club_id, member_id=member_id, proxy=True,
                                    actor="test", now=AS_OF)
    await bot.say(RELATIVE, issued.code)

    day = date(2026, 11, 20)
    await record(bot.db, NewEntry(club_id=club_id, member_id=member_id, kind="deposit",
                                  amount=50_000, entry_date=day),
                 actor="test", now=AS_OF, receipt=receipt("deposit", 50_000, day))
    rows = dict(await bot.db.fetchall(
        "SELECT account_id, text FROM outbox WHERE kind = 'receipt' AND member_id = ?",
        (member_id,)))
    own, relative = rows[str(USER)], rows[str(RELATIVE)]
    assert own.startswith("🧾 CLB đã ghi cho bà: gửi tiết kiệm <b>50.000 đ</b>")
    assert "\nTiết kiệm của bà bây giờ: <b>" in own
    assert relative.startswith("🧾 CLB đã ghi cho bà Sen: gửi tiết kiệm <b>50.000 đ</b>")
    assert "\nTiết kiệm của bà Sen bây giờ: <b>" in relative


async def test_a_phone_shared_by_two_members_names_whose_book_it_is(bot: BotHarness):
    """Vũ Thị Mai (TV011, born 1980) and Vũ Thị Thu Hằng (TV012, born 1948) share a
    phone: either may be holding it, so the member is named, never guessed."""
    mai, _ = await ids(bot.db, "TV011")
    hang, club_id = await ids(bot.db, "TV012")
    await bot.share_own_contact(USER, member("TV011")["phone"])
    await bot.tap(USER, f"pick:{hang}")
    line = await attendance_line(bot)
    assert line.startswith("Bà Hằng đã dự <b>") or line == "Chưa có điểm danh của bà Hằng."
    [again] = await bot.say(USER, "/start")
    assert again.text.startswith("Xin chào! Đang xem sổ của bà Hằng.")
    await bot.tap(USER, f"pick:{mai}")
    assert (await attendance_line(bot)).startswith(
        ("Chị Mai đã dự", "Chưa có điểm danh của chị Mai"))

    day = date(2026, 11, 20)
    await record(bot.db, NewEntry(club_id=club_id, member_id=hang, kind="contribution",
                                  amount=20_000, entry_date=day),
                 actor="test", now=AS_OF, receipt=receipt("contribution", 20_000, day))
    [(text,)] = await bot.db.fetchall("SELECT text FROM outbox WHERE member_id = ?", (hang,))
    assert text.startswith("🧾 CLB đã ghi cho bà Hằng: đóng góp quỹ <b>20.000 đ</b>")
