"""`ishc-bot role`, `ishc-bot audit` and `ishc-bot code` as an operator types them."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

import openpyxl

from handlers.context import vietnam_now
from storage import Database, link_codes
from tests.conftest import SAMPLE, member
from tests.support.harness import BotHarness
from tests.test_cli import make_config, run

SECRETARY, NGA = 7003, 8021


def role_of(tmp_path: Path, code: str) -> str:
    with sqlite3.connect(tmp_path / "club.db") as conn:
        return conn.execute("SELECT role FROM members WHERE code = ?", (code,)).fetchone()[0]


def imported(tmp_path: Path) -> Path:
    config = make_config(tmp_path)
    assert run(config, "import", str(SAMPLE)).returncode == 0
    return config


def test_role_set_replace_and_remove(tmp_path: Path):
    config = imported(tmp_path)
    loan = member("TV010")["name"]

    done = run(config, "role", "TV010", "thu ky")   # unquoted, without diacritics
    assert done.returncode == 0, done.stderr
    assert f"Đã đặt {loan} (TV010) làm Thư ký" in done.stdout
    assert "Lưu ý: Thư ký hiện còn có Đỗ Thị Liên (TV003)" in done.stdout
    assert role_of(tmp_path, "TV010") == "Thư ký"

    same = run(config, "role", "tv010", "Thư ký")
    assert same.returncode == 0 and "đã là Thư ký rồi" in same.stdout

    replaced = run(config, "role", "TV010", "THỦ QUỸ")
    assert replaced.returncode == 0 and "Trước đây: Thư ký" in replaced.stdout
    assert role_of(tmp_path, "TV010") == "Thủ quỹ"

    wrong = run(config, "role", "TV010", "--remove", "thu ky")
    assert wrong.returncode == 1
    assert "không giữ chức Thư ký (đang là Thủ quỹ)" in wrong.stderr
    assert role_of(tmp_path, "TV010") == "Thủ quỹ"

    removed = run(config, "role", "TV010", "--remove", "Thủ quỹ")
    assert removed.returncode == 0, removed.stderr
    assert f"Đã bỏ chức Thủ quỹ của {loan} (TV010)" in removed.stdout
    assert role_of(tmp_path, "TV010") == ""

    again = run(config, "role", "TV010", "--remove", "Thủ quỹ")
    assert again.returncode == 1 and "chưa có chức vụ" in again.stderr

    with sqlite3.connect(tmp_path / "club.db") as conn:
        rows = conn.execute(
            "SELECT a.actor, a.action, a.detail FROM audit_log a JOIN members m "
            "ON m.id = a.member_id WHERE m.code = 'TV010' ORDER BY a.id").fetchall()
    assert [r[:2] for r in rows] == [("cli", "role_set"), ("cli", "role_set"),
                                     ("cli", "role_remove")]
    assert '"before": "Thư ký"' in rows[1][2] and '"after": "Thủ quỹ"' in rows[1][2]


def test_role_refusals_change_nothing(tmp_path: Path):
    config = imported(tmp_path)
    unknown = run(config, "role", "TV010", "giam doc")
    assert unknown.returncode == 2 and "Không hiểu chức vụ «giam doc»" in unknown.stderr
    assert "Phó chủ nhiệm" in unknown.stderr
    missing = run(config, "role", "TV999", "thu ky")
    assert missing.returncode == 1 and "TV999" in missing.stderr
    nothing = run(config, "role", "TV010")
    assert nothing.returncode == 2 and "--remove" in nothing.stderr
    both = run(config, "role", "TV010", "thu ky", "--remove", "thu ky")
    assert both.returncode == 2
    assert role_of(tmp_path, "TV010") == ""
    with sqlite3.connect(tmp_path / "club.db") as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE actor = 'cli'").fetchone() == (0,)


async def test_role_takes_effect_in_chat_at_once(bot: BotHarness, tmp_path: Path):
    config = make_config(tmp_path)   # the ``bot`` fixture's database is tmp_path/club.db
    await bot.share_own_contact(SECRETARY, member("TV003")["phone"])
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert menu.choices
    assert run(config, "role", "TV003", "--remove", "thư ký").returncode == 0
    [refused] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert "chỉ dành cho ban chủ nhiệm" in refused.text
    assert "🗂 Ban chủ nhiệm" not in refused.keyboard_labels
    assert run(config, "role", "TV003", "Thu ky").returncode == 0
    [back] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    assert any("Mã kết nối" in label for label, _ in back.choices)


def test_role_needs_club_when_there_are_several(tmp_path: Path):
    config = imported(tmp_path)
    book = openpyxl.load_workbook(SAMPLE)
    for row in book["CLB"].iter_rows(min_row=2):
        if row[0].value == "Tên CLB":
            row[1].value = "CLB Liên thế hệ thôn Bình An"
    second = tmp_path / "binh-an.xlsx"
    book.save(second)
    assert run(config, "import", str(second)).returncode == 0

    ambiguous = run(config, "role", "TV010", "thu ky")
    assert ambiguous.returncode == 2 and "--club" in ambiguous.stderr
    chosen = run(config, "role", "TV010", "thu ky", "--club", "binh an")
    assert chosen.returncode == 0 and "Bình An" in chosen.stdout
    with sqlite3.connect(tmp_path / "club.db") as conn:
        roles = conn.execute(
            "SELECT c.name, m.role FROM members m JOIN clubs c ON c.id = m.club_id "
            "WHERE m.code = 'TV010' ORDER BY c.id").fetchall()
    assert [role for _, role in roles] == ["", "Thư ký"] and "Bình An" in roles[1][0]
    audit = run(config, "audit", "--club", "binh an")
    assert audit.returncode == 0 and "đặt chức vụ" in audit.stdout
    other = run(config, "audit", "--club", "dong hoa")
    assert "đặt chức vụ" not in other.stdout


def test_audit_prints_the_log_oldest_first(tmp_path: Path):
    config = imported(tmp_path)
    assert run(config, "role", "TV010", "thu ky").returncode == 0
    assert run(config, "role", "TV011", "pho chu nhiem").returncode == 0
    result = run(config, "audit")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "3 dòng" in lines[0]
    assert "nhập sổ" in lines[1] and "cli:import:clb-dong-hoa.xlsx" in lines[1]
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d  cli ", lines[2])
    assert "đặt chức vụ" in lines[2] and f"TV010 {member('TV010')['name']}" in lines[2]
    assert "after=Thư ký" in lines[2]
    assert f"TV011 {member('TV011')['name']}" in lines[3]     # newest last
    # Columns line up: the action starts at the same place on every line.
    assert lines[1].index("nhập sổ") == lines[2].index("đặt chức vụ") == lines[3].index("đặt")

    only = run(config, "audit", "--member", "tv010")
    assert only.returncode == 0
    assert "1 dòng" in only.stdout and "TV011" not in only.stdout
    missing = run(config, "audit", "--member", "TV999")
    assert missing.returncode == 1 and "TV999" in missing.stderr


async def test_audit_names_the_board_member_acting_in_chat(bot: BotHarness, tmp_path: Path):
    config = make_config(tmp_path)   # the ``bot`` fixture's database is tmp_path/club.db
    await bot.share_own_contact(SECRETARY, member("TV003")["phone"])
    [menu] = await bot.say(SECRETARY, "🗂 Ban chủ nhiệm")
    tool = next(data for label, data in menu.choices if "Mã kết nối" in label)
    await bot.tap(SECRETARY, tool)
    purpose = await bot.say(SECRETARY, "TV021")
    proxy = next(data for label, data in purpose[0].choices if "Người nhà" in label)
    [issued] = await bot.tap(SECRETARY, proxy)
    code = re.search(r"<b>(\d{4} \d{4})</b>", issued.text).group(1)
    await bot.say(NGA, "9999 9999" if code != "9999 9999" else "8888 8888")
    await bot.say(NGA, code)

    result = run(config, "audit", "--member", "TV021")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "thành viên TV021 Ngô Thị Minh Nga" in lines[0]
    issue, link, redeem = lines[1:]
    assert "Đỗ Thị Liên (TV003) qua telegram:7003" in issue and "cấp mã kết nối" in issue
    assert "proxy=true" in issue
    assert f"telegram:{NGA}" in link and "kết nối tài khoản" in link
    assert "dùng mã kết nối" in redeem
    everything = run(config, "audit").stdout
    assert "gõ mã không được" in everything and "reason=wrong" in everything



def test_code_prints_a_one_time_code_the_store_redeems_once(tmp_path: Path):
    config = imported(tmp_path)
    name = member("TV005")["name"]
    first = run(config, "code", "tv005", "--relative")
    assert first.returncode == 0, first.stderr
    line = first.stdout.splitlines()[0]
    assert line.startswith(f"🔑 Mã kết nối cho người nhà giúp {name} (TV005): ")
    assert re.search(r": \d{4} \d{4}\. Dùng được một lần, đến \d\d:\d\d, ", line), line
    again = run(config, "code", "TV005", "--relative")
    assert "Mã cũ chưa dùng cho việc này đã bị hủy." in again.stdout
    code = re.search(r"(\d{4} \d{4})", again.stdout.splitlines()[0]).group(1)

    with sqlite3.connect(tmp_path / "club.db") as conn:
        rows = conn.execute("SELECT proxy, issued_by, revoked_at IS NOT NULL FROM link_codes "
                            "ORDER BY issued_at, rowid").fetchall()
        audited = conn.execute("SELECT actor FROM audit_log WHERE action = "
                               "'link_code_issue'").fetchall()
    assert rows == [(1, "cli", 1), (1, "cli", 0)]  # the first revoked by the second
    assert audited == [("cli",), ("cli",)]

    async def redeem_twice() -> tuple[link_codes.Redeemed, link_codes.Redeemed]:
        db = await Database.open(tmp_path / "club.db")
        try:
            digits = link_codes.normalize_code(code)
            assert digits is not None
            now = vietnam_now()
            return (await link_codes.redeem(db, "zalo", "z1", digits, now=now),
                    await link_codes.redeem(db, "zalo", "z2", digits, now=now))
        finally:
            await db.close()

    linked, used = asyncio.run(redeem_twice())
    assert linked.ok and linked.proxy and linked.name == name
    assert used.outcome is link_codes.Outcome.USED


def test_code_for_an_unknown_member_is_refused(tmp_path: Path):
    config = imported(tmp_path)
    refused = run(config, "code", "TV999")
    assert refused.returncode == 1 and "TV999" in refused.stderr and refused.stdout == ""


def test_address_shows_and_sets_the_clubs_choice(tmp_path: Path):
    config = imported(tmp_path)
    shown = run(config, "address")
    assert shown.returncode == 0, shown.stderr
    assert "thành viên từ 60 tuổi được gọi là «ông, bà»" in shown.stdout

    done = run(config, "address", "bác")
    assert done.returncode == 0, done.stderr
    assert "từ nay gọi thành viên từ 60 tuổi là «bác»" in done.stdout
    same = run(config, "address", "bac")
    assert same.returncode == 0 and "đã gọi thành viên từ 60 tuổi là «bác» rồi" in same.stdout
    with sqlite3.connect(tmp_path / "club.db") as conn:
        assert conn.execute("SELECT address_style FROM clubs").fetchone()[0] == "bac"
        assert conn.execute("SELECT actor, detail FROM audit_log "
                            "WHERE action = 'address_style'").fetchall() == [
            ("cli", '{"style": "bac"}')]
    assert "đổi cách xưng hô" in run(config, "audit").stdout

    back = run(config, "address", "ong", "ba")
    assert back.returncode == 0 and "«ông, bà»" in back.stdout

    wrong = run(config, "address", "bạn")
    assert wrong.returncode == 2 and "Không hiểu «bạn»" in wrong.stderr
