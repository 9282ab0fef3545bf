"""The club workbook's format: sheet names, headers, the words inside cells, and limits.

The sheet names, column headers and the words inside cells ("gửi tiết kiệm",
"có mặt") are the file format, not wording to be polished: they live here,
next to the code that reads them, and the exporter writes them from here, so a
book it writes always reads back. Messages about problems are wording and live
in ``club.texts``.

The limits at the end bound what one import may cost the server. A real club's
book is a few hundred kilobytes; each limit is far above that and far below
what would hurt a small machine. They are module constants so an operator (or
a test) can change them in one place.
"""

from __future__ import annotations

# ---------------------------------------------------------------- sheets and headers

CLUB_SHEET = "CLB"
MEMBERS_SHEET = "ThanhVien"
LOANS_SHEET = "KhoanVay"
CASH_SHEET = "SoQuy"
MEETINGS_SHEET = "BuoiHop"
ATTENDANCE_SHEET = "DiemDanh"
HEALTH_SHEET = "SucKhoe"
CHECKUPS_SHEET = "LichKham"

# Headers as the sample book writes them; a header matches with or without
# its trailing "(…)" ("Giới tính (Nam/Nữ)" is "Giới tính").
CLUB_COLUMNS = ("Thông tin", "Giá trị")
MEMBERS_COLUMNS = (
    "Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Tổ", "Chức vụ",
    "Tình nguyện viên", "Ngày vào CLB",
)
LOANS_COLUMNS = (
    "Mã vay", "Mã TV", "Ngày giải ngân", "Số tiền", "Kỳ hạn (tháng)", "Lãi suất (%/tháng)",
    "Cách trả", "Mục đích",
)
CASH_COLUMNS = ("Ngày", "Mã TV", "Loại", "Số tiền", "Mã vay", "Ghi chú")
MEETINGS_COLUMNS = ("Mã buổi", "Ngày", "Giờ", "Địa điểm", "Nội dung", "Hoạt động")
ATTENDANCE_COLUMNS = ("Mã buổi", "Mã TV", "Trạng thái")
HEALTH_COLUMNS = ("Ngày", "Mã TV", "Huyết áp", "Cân nặng (kg)", "Ghi chú")
CHECKUPS_COLUMNS = ("Ngày", "Giờ", "Nội dung", "Địa điểm")

# Every sheet the format names, with its columns: only these are ever read.
SHEETS: dict[str, tuple[str, ...]] = {
    CLUB_SHEET: CLUB_COLUMNS,
    MEMBERS_SHEET: MEMBERS_COLUMNS,
    LOANS_SHEET: LOANS_COLUMNS,
    CASH_SHEET: CASH_COLUMNS,
    MEETINGS_SHEET: MEETINGS_COLUMNS,
    ATTENDANCE_SHEET: ATTENDANCE_COLUMNS,
    HEALTH_SHEET: HEALTH_COLUMNS,
    CHECKUPS_SHEET: CHECKUPS_COLUMNS,
}

# The rows of the CLB sheet ("Thông tin" column).
CLUB_NAME = "Tên CLB"
CLUB_COMMUNE = "Xã/phường"
CLUB_PROVINCE = "Tỉnh/thành phố"
CLUB_COMMUNE_PROVINCE = "Xã/phường, Tỉnh/thành phố"
CLUB_DAY = "Ngày họp hằng tháng"
CLUB_CALENDAR = "Theo lịch"
CLUB_TIME = "Giờ họp"
CLUB_PLACE = "Địa điểm họp"
CLUB_CONTRIBUTION = "Đóng góp quỹ hằng tháng"

# ---------------------------------------------------------------- words inside cells

CALENDAR_LABELS: dict[bool, str] = {False: "dương lịch", True: "âm lịch"}
# Cash-book kinds and attendance statuses: schema value -> word in the book.
KIND_LABELS: dict[str, str] = {
    "contribution": "đóng góp quỹ",
    "deposit": "gửi tiết kiệm",
    "withdrawal": "rút tiết kiệm",
    "principal": "trả gốc",
    "interest": "trả lãi",
}
STATUS_LABELS: dict[str, str] = {"present": "có mặt", "absent": "vắng", "excused": "có phép"}
# Longer forms people write for the same statuses.
STATUS_ALIASES = {"vắng mặt": "absent", "vắng có phép": "excused"}
ROLES = ("Chủ nhiệm", "Phó chủ nhiệm", "Thư ký", "Thủ quỹ")
GENDERS = ("Nam", "Nữ")
VOLUNTEER_MARK = "x"
ACTIVITY_AREAS = range(1, 9)

# The cash-book kinds that must name the loan they repay.
REPAYMENT_KINDS = frozenset({"principal", "interest"})

# ---------------------------------------------------------------- plausible values

# No club moves ten billion đồng in one entry: a larger figure is a slip
# (a date pasted into the amount column, digits typed twice).
MAX_BOOK_AMOUNT = 10_000_000_000
MAX_TERM_MONTHS = 120
FIRST_BIRTH_YEAR = 1900
# Dates outside these years are typing slips ("17/03/206"): "not a date".
DATE_YEARS = range(1900, 2101)
# Nothing a club records (joining, a loan, money, a meeting, a reading)
# happened before this year; members may well be born before it.
EARLIEST_EVENT_YEAR = 1940
# Excel day numbers of 1927…2119: a number in a date column in this range is a
# date cell that lost its format; anything else is not a date.
SERIAL_DAYS = range(10_000, 80_000)
# A title row or two may sit above the headers.
HEADER_SEARCH = 10
# Longest text in a cell: below Excel's own limit (32,767), with room for the
# exporter's quote, so whatever is read can be written back whole.
MAX_CELL_CHARS = 32_000
# Longest member, loan or meeting code ("TV001", "BH20251217").
MAX_CODE_CHARS = 64

# ---------------------------------------------------------------- what a book may cost

# The file as uploaded. A club's book of ten years is well under 2 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
# An .xlsx is a zip: the sum of its parts unpacked, and each part's unpacked
# size against its packed size. Sheet XML packs about 10:1; a part that
# unpacks a hundred times larger than it is packed is a zip bomb, not a book.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 500
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # parts smaller than this are harmless at any ratio
# Data rows (rows with something in the format's columns) per sheet, and the
# columns looked at: only the first MAX_COLUMNS, where headers are searched,
# and of a data row only the cells under the format's headers.
MAX_ROWS = 20_000
MAX_COLUMNS = 64
# Excel's last row. A row numbered beyond it is not from a spreadsheet program.
MAX_ROW_NUMBER = 1_048_576
# Problems listed in one message; the count says how many there are in all.
MAX_PROBLEMS_SHOWN = 100
