"""What the officers' dashboard and its command say, in Vietnamese.

Apart from club/texts.py (the members' and the board's words) because an
officer of the Association is addressed as a colleague at a PC, not as a
member in chat; the same rules hold (tests/test_texts.py reads this file
too): no peer word for "you", the bot never names itself, correct diacritics.
"""

from __future__ import annotations

# ---------------------------------------------------------------- the command line

CLI_OFFICER_ADDED = "Đã thêm cán bộ {name} (số {id}), xem: {scope}."
CLI_OFFICER_CODE = (
    "🔑 Mã đăng nhập cho {name}: {code}. Dùng được một lần, đến {expires}. "
    "Mở {url} rồi nhập mã.")
CLI_OFFICER_BAD_SCOPE = (
    "Phạm vi chưa đúng: «{scope}». Viết một trong: "
    "\"commune:Xã Tân Lập\" (có thể thêm tỉnh: \"commune:Xã Tân Lập, Hưng Yên\"), "
    "\"province:Hưng Yên\" hoặc all.")
CLI_OFFICER_NO_CLUBS = "Lưu ý: hiện chưa có CLB nào trong phạm vi «{scope}»."
CLI_OFFICER_NONE = "Chưa có cán bộ nào."
CLI_OFFICER_LINE = "  {id}: {name} — {scope} ({clubs} CLB){removed}"
CLI_OFFICER_REMOVED_MARK = " — đã xóa"
CLI_OFFICER_NOT_FOUND = "Không có cán bộ số {id}. Xem danh sách: officer list."
CLI_OFFICER_REMOVED = (
    "Đã xóa cán bộ {name} (số {id}); các phiên đăng nhập của cán bộ này đã kết thúc.")

SCOPE_ALL = "tất cả các CLB"
SCOPE_COMMUNE = "{name}"
SCOPE_COMMUNE_IN = "{name}, {province}"
SCOPE_PROVINCE = "tỉnh {name}"

# ---------------------------------------------------------------- signing in

OFFICER_TITLE = "Theo dõi CLB Liên thế hệ tự giúp nhau"
OFFICER_SIGNIN_HEAD = "Đăng nhập dành cho cán bộ"
OFFICER_SIGNIN_HELP = (
    "Nhập mã đăng nhập 8 số do quản trị hệ thống cấp. Mỗi mã dùng được một lần.")
OFFICER_SIGNIN_CODE = "Mã đăng nhập"
OFFICER_SIGNIN_BUTTON = "Đăng nhập"
OFFICER_SIGNIN_WRONG = "Mã không đúng, đã dùng hoặc đã hết hạn. Xin xem lại, hoặc xin mã mới."
OFFICER_SIGNIN_NEEDS_JS = "Trang đăng nhập cần bật JavaScript."
OFFICER_SIGN_OUT = "Đăng xuất"
OFFICER_SIGNED_OUT = "Đã đăng xuất."

# ---------------------------------------------------------------- the dashboard

OFFICER_HELLO = "Cán bộ: {name} — phạm vi: {scope}"
OFFICER_PRIVACY = (
    "Trang này chỉ có số liệu tổng hợp của từng CLB. Không có chỉ số sức khỏe, số điện "
    "thoại hay số dư của thành viên nào (dữ liệu sức khỏe là dữ liệu nhạy cảm theo "
    "Nghị định 13/2023/NĐ-CP).")
OFFICER_PERIOD = "Kỳ báo cáo: {period}"
OFFICER_PERIOD_HALF = "6 tháng {year}"
OFFICER_PERIOD_YEAR = "Cả năm {year}"
OFFICER_PERIOD_CUSTOM = "Khoảng khác"
OFFICER_PERIOD_FROM = "Từ ngày"
OFFICER_PERIOD_TO = "Đến ngày"
OFFICER_PERIOD_SHOW = "Xem"
OFFICER_PERIOD_BAD = "Khoảng thời gian chưa đúng; đang xem kỳ {period}."
OFFICER_AS_OF = "Số liệu đến ngày {day}."
OFFICER_COUNT = "{shown}/{total} CLB"
OFFICER_FILTER_ALL = "Tất cả CLB"
OFFICER_FILTER_ATTENTION = "⚠️ CLB cần chú ý"
OFFICER_NO_CLUBS = "Không có CLB nào trong phạm vi này."
OFFICER_NO_ATTENTION = "Không có CLB nào cần chú ý trong kỳ này."
OFFICER_LEGEND = (
    "✅ đạt chỉ tiêu · ⚠️ gần đạt, cần theo dõi · ❌ chưa đạt, cần hỗ trợ. "
    "CLB cần chú ý: có ít nhất một ô ❌.")
OFFICER_SORT_HINT = "Bấm vào tên cột để sắp xếp."
OFFICER_DOWNLOADS = "Tải về"
OFFICER_DOWNLOAD_XLSX = "📗 Báo cáo tổng hợp (Excel)"
OFFICER_DOWNLOAD_PDF = "📕 Báo cáo tổng hợp (PDF)"
OFFICER_DOWNLOAD_ATTENTION = "📋 Danh sách CLB cần chú ý (Excel)"
OFFICER_BACK = "← Về danh sách CLB"

# Columns: (heading, what it means, for the title attribute).
OFFICER_COLUMNS = {
    "club": ("CLB", "Tên CLB"),
    "commune": ("Xã/phường", "Xã, phường của CLB"),
    "members": ("Thành viên", "Số thành viên đến cuối kỳ"),
    "women": ("Nữ", "Tỷ lệ thành viên nữ, mục tiêu 60–70%"),
    "older": ("Từ 60 tuổi", "Tỷ lệ người cao tuổi, mục tiêu 60–70%"),
    "meetings": ("Họp 3 tháng", "Số buổi họp trong 3 tháng gần nhất; buổi cuối đã điểm danh chưa"),
    "areas": ("Mảng", "Số mảng hoạt động đã sinh hoạt trong kỳ, mục tiêu 8/8"),
    "fund": ("Vốn quỹ", "Vốn quỹ tăng thu nhập cuối kỳ, mục tiêu từ 50 triệu đồng"),
    "borrowing": ("Được vay", "Tỷ lệ thành viên được vay vốn trong kỳ, mục tiêu từ 50%"),
    "par30": ("Nợ rủi ro (PAR30)",
              "Dư nợ gốc của các khoản có kỳ trả chậm quá 30 ngày, trên tổng dư nợ gốc"),
    "visits": ("Thăm đúng hẹn",
               "Lượt thăm tại nhà đúng hẹn trên tổng số lượt trong kỳ; lượt cần báo y tế"),
    "checkup": ("Khám gần nhất", "Ngày khám sức khỏe định kỳ gần nhất"),
}
LIGHT_WORDS = {"green": "đạt", "amber": "cần theo dõi", "red": "chưa đạt", "none": ""}
LIGHT_MARKS = {"green": "✅", "amber": "⚠️", "red": "❌", "none": ""}

CELL_MEETINGS = "{held} buổi"
CELL_NO_ROLLCALL = "buổi cuối chưa điểm danh"
CELL_AREAS = "{covered}/8"
CELL_NO_LOANS = "không có dư nợ"
CELL_VISITS = "{on_time}/{visits} lượt đúng hẹn"
CELL_NO_VISITS = "chưa có lượt thăm"
CELL_FLAGGED = "{flagged} cần báo y tế"
CELL_NEVER = "chưa có"

# ---------------------------------------------------------------- a club's page

OFFICER_CLUB_PLACE = "{commune}, {province}"
OFFICER_CLUB_FIGURES = "Các chỉ số trong kỳ"
OFFICER_CLUB_CHARTS = "Biểu đồ"
OFFICER_CLUB_MEETINGS = "Các buổi sinh hoạt trong kỳ"
OFFICER_CLUB_NO_MEETINGS = "Chưa có buổi sinh hoạt nào trong kỳ."
OFFICER_CLUB_MEETING_HEAD = ("Ngày", "Chủ đề", "Mảng hoạt động", "Có mặt")
OFFICER_CLUB_NO_TOPIC = "(chưa ghi chủ đề)"
OFFICER_CLUB_BOARD = "Ban chủ nhiệm và tập huấn"
OFFICER_CLUB_BOARD_HEAD = ("Họ và tên", "Chức vụ", "Tập huấn gần nhất")
OFFICER_CLUB_NOT_TRAINED = "chưa tập huấn"
OFFICER_CLUB_NO_BOARD = "Sổ chưa ghi ban chủ nhiệm."
OFFICER_CLUB_INDICATORS = "Chỉ tiêu của kế hoạch"
OFFICER_CLUB_INDICATOR_HEAD = ("Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá")
OFFICER_CLUB_ATTENDANCE = "Tỷ lệ có mặt: {rate}"

CHART_BORROWING_BY_MONTH = "Tỷ lệ thành viên được vay vốn cuối mỗi tháng"
CHART_PAR30_BY_MONTH = "Nợ rủi ro PAR30 cuối mỗi tháng"
CHART_PAR30_LINE = "Ngưỡng 5%"
CHART_SHARE_ALT = "{title}: {values}"
OFFICER_CHART_ALT = {
    "fund": "Biểu đồ vốn quỹ, tiền mặt và tiền cho vay cuối mỗi tháng",
    "attendance": "Biểu đồ tỷ lệ có mặt ở từng buổi họp",
    "areas": "Biểu đồ số buổi sinh hoạt theo từng mảng hoạt động",
    "borrowing": "Biểu đồ tỷ lệ thành viên được vay vốn cuối mỗi tháng",
    "par30": "Biểu đồ nợ rủi ro PAR30 cuối mỗi tháng",
}

# ---------------------------------------------------------------- the attention list

ATTENTION_SHEET = "CLB cần chú ý"
ATTENTION_TITLE = "DANH SÁCH CLB CẦN CHÚ Ý"
ATTENTION_SCOPE = "Phạm vi: {scope}. Kỳ: {period}."
ATTENTION_HEAD = ("CLB", "Xã/phường", "Tỉnh/thành phố", "Chưa đạt", "Cần theo dõi")
ATTENTION_NONE = "Không có CLB nào cần chú ý."
