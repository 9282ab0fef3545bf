"""A club the rest of the suite has never seen, written the way a real
secretary might type it: headers without diacritics and in another order, text
dates, amounts with "đ", phones in every form, a lunar meeting day. It is
imported through the CLI path and played over the Bot API."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from storage import Database
from storage.importer import import_workbook
from tests.support.consent import agree_on_paper
from tests.support.harness import BotHarness

AS_OF = datetime(2026, 11, 20, 9, 0)


def write_book(path: Path) -> None:
    wb = openpyxl.Workbook()
    clb = wb.active
    clb.title = "clb"
    for row in [("Thong tin", "Gia tri"), ("Ten CLB", "CLB Liên thế hệ xóm Bãi"),
                ("Xã/phường, Tỉnh/thành phố", "Xã Hòa Bình, Thái Bình"),
                ("Ngay hop hang thang", "15"), ("Theo lich", "âm lịch"), ("Gio hop", "8h"),
                ("Dia diem hop", "Nhà bà Tư"), ("Dong gop quy hang thang", "10.000 đ")]:
        clb.append(row)
    tv = wb.create_sheet("thanhvien")
    tv.append(["Ho va ten", "Ma TV", "Dien thoai", "Gioi tinh", "Nam sinh", "To", "Chuc vu",
               "Tinh nguyen vien", "Ngay vao CLB", "Ghi chú riêng"])
    tv.append(["Nguyễn Thị Hoa", "A01", "0912.345.678", "Nữ", 1950, "1", "Chủ nhiệm", "x",
               "01/02/2024", "extra column"])
    tv.append(["Trần Văn Bình", "A02", "+84 983 111 222", "Nam", 1948, "1", "", "",
               "1/2/2024", None])
    tv.append(["Lê Thị Cúc", "A03", 912000111, "Nữ", 1955, "2", "thu quy", "", "01-02-2024",
               None])
    tv.append(["Phạm Văn Đức", "A04", "84 977 000 333", "Nam", 1952, "2", "", "", None, None])
    tv.append(["Phạm Thị Én", "A05", "0977000333", "Nữ", 1956, "2", "", "", None, None])
    kv = wb.create_sheet("KhoanVay")
    kv.append(["Ma vay", "Ma TV", "Ngay giai ngan", "So tien", "Ky han (thang)",
               "Lai suat (%/thang)", "Cach tra", "Muc dich"])
    kv.append(["V1", "A02", "10/05/2026", "4.000.000", 8, "0,5", "goc lai hang thang", "Nuôi lợn"])
    kv.append(["V2", "A03", "10/09/2026", "2,000,000", 6, 1, "lãi hằng tháng, gốc cuối kỳ", ""])
    sq = wb.create_sheet("SoQuy")
    sq.append(["Ngay", "Ma TV", "Loai", "So tien", "Ma vay", "Ghi chu"])
    sq.append(["10/06/2026", "A01", "gui tiet kiem", "300.000 đ", None, None])
    sq.append(["10/07/2026", "A01", "rut tiet kiem", "50000", None, None])
    sq.append(["10/08/2026", "A01", "đóng góp quỹ", 10000, None, None])
    for month in range(6, 12):  # V1: six installments paid in full
        sq.append([f"10/{month:02d}/2026", "A02", "trả gốc", 500000, "V1", f"Kỳ {month - 5}"])
    interest = [20000, 17500, 15000, 12500, 10000, 7500]
    for month, amount in zip(range(6, 12), interest, strict=True):
        sq.append([f"10/{month:02d}/2026", "A02", "trả lãi", amount, "V1", ""])
    sq.append(["10/10/2026", "A03", "trả lãi", 20000, "V2", ""])  # then nothing: late
    bh = wb.create_sheet("BuoiHop")
    bh.append(["Ma buoi", "Ngay", "Gio", "Dia diem", "Noi dung", "Hoat dong"])
    bh.append(["B1", "26/10/2026", "08:00", "Nhà bà Tư", "Họp tháng", "1, 2"])
    dd = wb.create_sheet("DiemDanh")
    dd.append(["Ma buoi", "Ma TV", "Trang thai"])
    for code, status in [("A01", "có mặt"), ("A02", "vắng"), ("A03", "có phép"),
                         ("A04", "co mat"), ("A05", "có mặt")]:
        dd.append(["B1", code, status])
    sk = wb.create_sheet("SucKhoe")
    sk.append(["Ngay", "Ma TV", "Huyet ap", "Can nang (kg)", "Ghi chu"])
    sk.append(["26/10/2026", "A02", "185/112", "58,5", ""])
    lk = wb.create_sheet("LichKham")
    lk.append(["Ngay", "Gio", "Noi dung", "Dia diem"])
    lk.append(["05/12/2026", "7:30", "Khám mắt", "Trạm y tế xã Hòa Bình"])
    wb.save(path)


@pytest.fixture
async def unseen_bot(tmp_path: Path):
    book = tmp_path / "xom-bai.xlsx"
    write_book(book)
    db = await Database.open(tmp_path / "club.db")
    await import_workbook(db, book, actor="test", now=AS_OF)
    harness = await BotHarness.start(db, now=lambda: AS_OF)
    yield harness
    await harness.stop()
    await db.close()


async def test_savings_and_contributions(unseen_bot: BotHarness):
    await unseen_bot.share_own_contact(1, "84912345678")
    [reply] = await unseen_bot.say(1, "so du")
    assert "Nguyễn Thị Hoa" in reply.text and "<b>250.000 đ</b>" in reply.text
    assert "<b>10.000 đ</b>" in reply.text


async def test_declining_loan_next_installment(unseen_bot: BotHarness):
    await unseen_bot.share_own_contact(2, "0983111222")
    [reply] = await unseen_bot.say(2, "vay")
    # 4.000.000 over 8 months: 500.000 a month; after 6 paid, 1.000.000 left;
    # installment 7 on 10/12/2026: interest 0.5 % of 1.000.000 = 5.000.
    assert "<b>1.000.000 đ</b>" in reply.text
    assert "Kỳ tới: Thứ Năm, 10/12/2026 — gốc 500.000 đ, lãi 5.000 đ" in reply.text
    assert "quá hạn" not in reply.text


async def test_late_interest_only_loan(unseen_bot: BotHarness):
    await unseen_bot.share_own_contact(3, "0912000111")
    [reply] = await unseen_bot.say(3, "khoan vay")
    # 2.000.000 at 1 %/month: 20.000 due 10/10 (paid) and 10/11 (not paid).
    assert "quá hạn <b>20.000 đ</b>, đã 10 ngày (từ 10/11/2026)" in reply.text


async def test_lunar_meeting_day(unseen_bot: BotHarness):
    await unseen_bot.share_own_contact(1, "0912345678")
    [reply] = await unseen_bot.say(1, "lich hop")
    # Lunar 15/10 of 2026 is Monday 23/11/2026.
    assert "<b>Thứ Hai, 23/11/2026</b>" in reply.text
    assert "15 tháng 10 âm lịch" in reply.text and "lúc 08:00" in reply.text
    assert "Nhà bà Tư" in reply.text and "Khám mắt" in reply.text and "05/12/2026" in reply.text


async def test_very_high_reading(unseen_bot: BotHarness):
    await agree_on_paper(unseen_bot.db, "A02")
    await unseen_bot.share_own_contact(2, "0983111222")
    [reply] = await unseen_bot.say(2, "huyết áp")
    assert "<b>185/112</b>" in reply.text and "rất cao, cần đi khám ngay" in reply.text
    assert "58,5 kg" in reply.text


async def test_couple_on_one_phone(unseen_bot: BotHarness):
    replies = await unseen_bot.share_own_contact(4, "0977000333")
    names = [label for r in replies for label, _ in r.choices]
    assert names == ["Phạm Văn Đức", "Phạm Thị Én"]


async def test_unknown_phone_names_this_clubs_chair(unseen_bot: BotHarness):
    [reply] = await unseen_bot.share_own_contact(9, "0900000000")
    assert "Nguyễn Thị Hoa" in reply.text and "0912 345 678" in reply.text  # grouped
