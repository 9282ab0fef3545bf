"""Every sentence a person reads, in one place.

Plain, short Vietnamese with correct diacritics; the answer first. Keeping the
wording together lets it be reviewed as a whole (by someone who talks with
older people every day) and changed without touching logic. Placeholders are
``str.format`` fields; markup is the small HTML subset every channel adapter
understands (``<b>`` only), so values must be escaped by the caller.
"""

# ---------------------------------------------------------------- chat: menu
BTN_SAVINGS = "💰 Tiết kiệm"
BTN_LOANS = "📄 Khoản vay"
BTN_MEETING = "📅 Lịch họp"
BTN_HEALTH = "❤️ Sức khỏe"
BTN_CONTACTS = "☎️ Liên hệ"
BTN_HELP = "❓ Hướng dẫn"
BTN_SWITCH = "👥 Đổi người xem"
BTN_SHARE_PHONE = "📱 Gửi số điện thoại"
BTN_UNLINK = "Hủy liên kết"
BTN_YES_UNLINK = "✅ Có, hủy liên kết"
BTN_NO = "↩️ Không"

# ---------------------------------------------------------------- chat: linking
WELCOME_NEW = (
    "Xin chào! Đây là trợ lý của Câu lạc bộ Liên thế hệ tự giúp nhau.\n"
    "Để xem sổ của mình, xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới."
)
WELCOME_BACK = "Xin chào {you} {name}! Mời bấm một nút ở dưới."
WELCOME_BACK_PROXY = "Xin chào! Đang xem sổ của {you}. Mời bấm một nút ở dưới."
NOT_OWN_CONTACT = (
    "Số vừa gửi là số của người khác nên chưa kết nối được.\n"
    "Xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới để gửi số của mình."
)
PHONE_UNREADABLE = "Chưa đọc được số điện thoại này. Xin bấm nút <b>📱 Gửi số điện thoại</b>."
PHONE_NOT_ON_ROSTER = "Số {phone} chưa có trong danh sách thành viên CLB."
ASK_CHAIR = "Xin nhờ chủ nhiệm {club} là {chair}{chair_phone} thêm số này vào danh sách."
CHAIR_PHONE = " (số {phone})"
ASK_ANY_CHAIR = "Xin nhờ chủ nhiệm CLB thêm số này vào danh sách."
LINKED_ONE = "Xin chào {you} {name}! Đã kết nối với sổ của {you} ở {club}.\nMời bấm một nút ở dưới."
LINKED_MANY = "Số này dùng chung cho {count} người: {names}. Xem được sổ của từng người."
NOW_VIEWING = "Đang xem sổ của <b>{name}</b>. Mời bấm một nút ở dưới."
PICK_WHO = "Xem sổ của ai? Mời chọn một người:"
NEED_LINK = (
    "Tài khoản này chưa kết nối với sổ CLB.\n"
    "Xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới."
)
UNLINK_CONFIRM = "Hủy kết nối tài khoản này với sổ của {names}?"
UNLINK_DONE = "Đã hủy kết nối. Khi cần, bấm <b>📱 Gửi số điện thoại</b> để kết nối lại."
UNLINK_KEPT = "Vẫn giữ kết nối. Mời bấm một nút ở dưới."
TYPED_PHONE = (
    "Số điện thoại gõ tay thì chưa biết chắc có phải số của chính người gõ.\n"
    "Xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới để gửi số của chính mình."
)
STALE_CHOICE = "Nút này đã cũ. Mời bấm một nút ở dưới."
# The roster gave a member a new phone: links proven by the old one end (on an
# import). Told to whoever proved the new phone, else to the account that lost
# the link. Sent through the outbox, so {name} is HTML-escaped.
LINK_ENDED_PHONE_CHANGED = (
    "🔗 Sổ CLB đã ghi số điện thoại mới cho {name}, nên tài khoản này không còn xem "
    "sổ của {name}.\n"
    "Nếu số mới là của mình, xin bấm <b>📱 Gửi số điện thoại</b> để kết nối lại; "
    "nếu không, xin hỏi ban chủ nhiệm CLB."
)
PHONE_NOW_ON_ROSTER = (
    "📱 Sổ CLB vừa ghi số điện thoại này cho {name}.\n"
    "Muốn xem sổ của {name} ở đây, xin bấm <b>📱 Gửi số điện thoại</b>; "
    "nếu số này không phải của {name}, xin báo ban chủ nhiệm CLB."
)

# ---------------------------------------------------------------- chat: savings
SAVINGS_BALANCE = "💰 Tiết kiệm của {name}: <b>{amount}</b>"
SAVINGS_RECENT = "Gần đây:"
SAVINGS_NONE = "Chưa có lần gửi hay rút nào."
MOVEMENT_LINE = "• {date}: {what} {amount}"
MOVEMENT_DEPOSIT = "gửi"
MOVEMENT_WITHDRAWAL = "rút"
CONTRIB_LINE = "Đóng góp quỹ năm {year}: <b>{paid}</b> / {expected} ({months} tháng × {monthly})."
CONTRIB_SHORT = "Còn thiếu {missing}."
CONTRIB_OK = "Đã đóng đủ. Cảm ơn {you}!"
CONTRIB_NONE_SET = "Đóng góp quỹ năm {year}: <b>{paid}</b>."
# The savings picture (club/charts.py) and what it says to someone who cannot see it.
CHART_SAVINGS_TITLE = "Tiền tiết kiệm cuối mỗi tháng"
CHART_SAVINGS_LINE = "Tiết kiệm"
CHART_SAVINGS_ALT = (
    "Biểu đồ tiền tiết kiệm cuối mỗi tháng, từ tháng {first} đến tháng {last}: "
    "nay là {amount}.")

# ---------------------------------------------------------------- chat: loans
LOANS_NONE = "📄 {name} hiện không có khoản vay nào. Khi cần vay, xin hỏi thủ quỹ CLB."
LOANS_TOTAL = "📄 {name} còn nợ gốc: <b>{amount}</b>"
LOAN_HEAD = "<b>Khoản vay {code}</b>: {amount}, vay ngày {date}, {term} tháng, lãi {rate}%/tháng."
LOAN_OUTSTANDING = "Còn nợ gốc: <b>{amount}</b>"
LOAN_NEXT = "Kỳ tới: {date} — gốc {principal}, lãi {interest}, cộng <b>{total}</b>."
LOAN_NEXT_INTEREST = "Kỳ tới: {date} — trả lãi <b>{interest}</b>. Gốc trả vào kỳ cuối."
LOAN_OVERDUE = "⚠️ Đang quá hạn <b>{amount}</b>, đã {days} ngày (từ {since})."
# What to bring when a loan is late: the late amount and the next installment,
# then who takes it and how to call them.
LOAN_BRING = "👉 Buổi họp tới, {date}: xin mang <b>{total}</b> ({parts})."
LOAN_BRING_NO_MEETING = "👉 Cần trả <b>{total}</b> ({parts})."
LOAN_BRING_OVERDUE = "{amount} quá hạn"
LOAN_BRING_NEXT = "{amount} của kỳ {date}"
LOAN_BRING_AND = " + "
LOAN_TREASURER = "Thủ quỹ: {name} — {phone}"
LOAN_TREASURER_NO_PHONE = "Thủ quỹ: {name}."
LOAN_ASK_TREASURER = "Xin liên hệ thủ quỹ CLB."
LOAN_DONE_SOON = "Đã hết các kỳ trả theo lịch."
LOANS_CLOSED = "Đã trả xong {count} khoản vay trước đây."

# ---------------------------------------------------------------- chat: meetings
MEETING_NEXT = "📅 Họp CLB lần tới: <b>{date}</b>\n({lunar}){time}"
MEETING_TIME = ", lúc {time}"
MEETING_NOTE_MOVED = "(Ban chủ nhiệm đã dời buổi họp này từ ngày {regular}.)"
MEETING_NOTE_CANCELLED = "Buổi họp {date} đã hoãn."
MEETING_TOPIC = "Nội dung: <b>{topic}</b>"
MEETING_PLACE = "Tại: {place}"
CHECKUP_NEXT = "🩺 {what}: {date}{time}{place}."
CHECKUP_PLACE = ", tại {place}"
CHECKUP_NONE = "🩺 Chưa có lịch khám sức khỏe mới."
ATTENDANCE = "{You} đã dự <b>{present}/{total}</b> buổi họp gần đây."
ATTENDANCE_NONE = "Chưa có điểm danh của {you}."

# ---------------------------------------------------------------- chat: health
HEALTH_NONE = "❤️ Chưa có lần đo huyết áp nào của {name}. Lần họp tới, mời {you} đo cùng CLB."
HEALTH_BP = "❤️ Huyết áp lần gần nhất: <b>{bp}</b> (ngày {date})"
HEALTH_WEIGHT = "Cân nặng: {kg} kg"
HEALTH_TREND_UP = "So với các lần trước: huyết áp <b>cao lên</b>."
HEALTH_TREND_DOWN = "So với các lần trước: huyết áp giảm xuống."
HEALTH_TREND_STEADY = "So với các lần trước: huyết áp ổn định."
# The level of the latest reading, by the higher category of its two numbers
# (Vietnamese Heart Association / Ministry of Health 3192/QĐ-BYT).
HEALTH_NORMAL = "✅ Huyết áp này ở mức bình thường (dưới 130/85)."
HEALTH_HIGH_NORMAL = (
    "Huyết áp này ở mức bình thường cao (số trên từ 130 hoặc số dưới từ 85). "
    "Nên đo đều ở các buổi họp."
)
HEALTH_GRADE_1 = (
    "⚠️ Huyết áp này <b>cao</b> (số trên từ 140 hoặc số dưới từ 90). "
    "Nên đo lại và hỏi nhân viên y tế."
)
HEALTH_GRADE_2 = (
    "⚠️ Huyết áp này <b>cao, nên đi khám ở trạm y tế</b> "
    "(số trên từ 160 hoặc số dưới từ 100)."
)
HEALTH_GRADE_3 = (
    "❗ Huyết áp này <b>rất cao, cần đi khám ngay</b> (số trên từ 180 hoặc số dưới từ 110)."
)
HEALTH_NOTE = "Đây là số đo, không phải chẩn đoán. Hỏi trạm y tế khi cần."
# The blood-pressure picture (club/charts.py) and what it says to someone who cannot see it.
CHART_BP_TITLE = "Huyết áp {count} lần đo gần nhất"
CHART_BP_SYSTOLIC = "Số trên"
CHART_BP_DIASTOLIC = "Số dưới"
CHART_BP_ALT = (
    "Biểu đồ huyết áp {count} lần đo, từ {first} đến {last}. "
    "Lần gần nhất: {bp}. Đường gạch là mức 140/90.")

# Asked before any health reading is kept or shown (Law 91/2025/QH15: health
# data is sensitive). Three short lines: what and why, who sees it, changing
# one's mind. Changing these words needs a new HEALTH_CONSENT_VERSION: every
# answer is stored with the version of the words the member was shown, and
# the words of each version are kept in the database as they were.
# Version 2 calls her as the bot does everywhere ({you}: "bà", "ông", "bác",
# "chị" or "anh", club/address.py) where version 1 said "ông/bà" to everyone;
# the words are stored as written here, {you} included.
HEALTH_CONSENT_VERSION = "suc-khoe-2"
HEALTH_CONSENT_WORDS = (
    "❤️ CLB xin giữ số đo huyết áp, cân nặng của {you} để theo dõi sức khỏe "
    "và nhắc lịch khám.\n"
    "Chỉ {you}, người nhà được {you} cho phép, ban chủ nhiệm CLB và tình nguyện viên "
    "chăm sóc {you} được xem; cán bộ Hội không được xem.\n"
    "{You} đổi ý lúc nào cũng được, ở nút «❓ Hướng dẫn»."
)
HEALTH_CONSENT_QUESTION = "{You} có đồng ý không?"
# Before the words, when the one reading them is not the member herself.
HEALTH_CONSENT_FOR = (
    "Câu hỏi này dành cho <b>{name}</b>. Xin đọc cho {name} nghe, "
    "rồi bấm đúng theo ý của {name}:"
)
HEALTH_NOT_AGREED = "❤️ {name} chưa đồng ý cho CLB giữ số đo sức khỏe, nên ở đây chưa có số nào."
HEALTH_HELD_HIDDEN = (
    "CLB đang cất kín {count} lần đo ghi từ sổ giấy; chỉ hiện khi {name} đồng ý."
)
BTN_CONSENT_YES = "✅ Đồng ý"
BTN_CONSENT_NO = "Không đồng ý"
CONSENT_AGREED = "✅ Đã ghi: {name} đồng ý. Cảm ơn! Từ nay CLB ghi và hiện số đo sức khỏe."
CONSENT_DECLINED = (
    "Đã ghi: {name} không đồng ý. CLB sẽ không ghi, không hiện số đo sức khỏe của {name}.\n"
    "Khi đổi ý, bấm «❤️ Sức khỏe»."
)
BTN_WITHDRAW_CONSENT = "🚫 Rút đồng ý sức khỏe"
CONSENT_WITHDRAWN = (
    "🚫 Đã ghi: {name} rút lại đồng ý. Từ nay CLB không ghi, không hiện số đo sức khỏe "
    "của {name}.\n"
    "Các số đã ghi được cất kín. Muốn xóa hẳn, bấm «📄 Dữ liệu cá nhân» rồi "
    "«🗑 Yêu cầu xóa dữ liệu»."
)
CONSENT_NOTHING_TO_WITHDRAW = (
    "{name} chưa đồng ý cho CLB giữ số đo sức khỏe, nên không có gì để rút lại."
)
CONSENT_MEMBER_LEFT = "Dữ liệu của {name} đã được xóa theo yêu cầu; CLB không ghi gì thêm."
# Sent to the member's own accounts when the board records her answer, so she
# always knows what was recorded in her name.
CONSENT_NOTICE_PAPER = (
    "❤️ CLB đã ghi: {name} ký giấy đồng ý cho CLB giữ số đo huyết áp, cân nặng "
    "(ngày {date}).\nMuốn đổi ý, bấm «❓ Hướng dẫn» rồi «🚫 Rút đồng ý sức khỏe»."
)
CONSENT_NOTICE_IN_PERSON = (
    "❤️ CLB đã ghi: {name} đồng ý cho CLB giữ số đo huyết áp, cân nặng "
    "(trả lời {actor} ngày {date}).\nMuốn đổi ý, bấm «❓ Hướng dẫn» rồi «🚫 Rút đồng ý sức khỏe»."
)

# ---------------------------------------------------------------- chat: the member's data
# Under "❓ Hướng dẫn": what the club holds about her, who sees it, and her say.
BTN_MY_DATA = "📄 Dữ liệu cá nhân"
BTN_RELATIVES = "👪 Người nhà xem sổ"
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "web": "trang web"}
RELATIVES_HEAD = "👪 Người nhà đang xem sổ của {name} (và nhận nhắc nhở):"
RELATIVE_LINE = "{number}. Qua {channel}, kết nối ngày {date}"
RELATIVES_HOW_END = "Muốn thôi cho ai xem, bấm nút của người đó."
RELATIVES_NONE = (
    "👪 Chưa có người nhà nào xem sổ của {name}. Muốn nhờ người nhà giúp, "
    "xin hỏi ban chủ nhiệm CLB mã kết nối cho người nhà."
)
BTN_END_RELATIVE = "✖️ Thôi cho người nhà {number} xem"
RELATIVE_END_CONFIRM = (
    "Thôi cho người nhà {number} (qua {channel}, kết nối ngày {date}) xem sổ của {name}?"
)
BTN_YES_END_RELATIVE = "✅ Có, thôi cho xem"
RELATIVE_ENDED = (
    "✅ Từ nay người nhà {number} không còn xem được sổ của {name}, "
    "cũng không nhận nhắc nhở nữa."
)
RELATIVE_ALREADY_ENDED = "Người nhà này đã không còn xem sổ của {name}."
RELATIVE_KEPT = "Vẫn giữ nguyên. Mời bấm một nút ở dưới."
RELATIVES_ONLY_MEMBER = "Chỉ chính {name} xem và đổi được danh sách người nhà."

# "📄 Dữ liệu cá nhân": everything held about her, in chat and as a file.
MY_DATA_HEAD = "📄 CLB đang giữ về <b>{name}</b> ({code}), {club}:"
MY_DATA_PERSON = "• Thông tin: {facts}."
MY_DATA_BORN = "sinh năm {year}"
MY_DATA_PHONE = "điện thoại {phone}"
MY_DATA_TEAM = "tổ {team}"
MY_DATA_ROLE = "chức vụ {role}"
MY_DATA_JOINED = "vào CLB ngày {date}"
MY_DATA_LEFT = "đã xóa dữ liệu theo yêu cầu ngày {date}"
MY_DATA_CASH = "• Sổ quỹ: {count} dòng; tiết kiệm hiện có <b>{savings}</b>."
MY_DATA_LOANS = "• Khoản vay: {count}."
MY_DATA_ATTENDANCE = "• Điểm danh: {count} buổi họp."
MY_DATA_HEALTH = "• Sức khỏe: {count} lần đo (đồng ý từ ngày {date})."
MY_DATA_HEALTH_HIDDEN = "• Sức khỏe: {count} lần đo cất kín, không hiện vì chưa đồng ý."
MY_DATA_HEALTH_NONE = "• Sức khỏe: chưa có số đo nào."
MY_DATA_ACCOUNTS = "• Tài khoản trò chuyện: {count} (người nhà: {relatives})."
MY_DATA_REPORTS = "• Báo sai đã gửi: {count}."
MY_DATA_MESSAGES = "• Tin CLB đã nhắn: {count}."
MY_DATA_REQUESTS = "• Yêu cầu về dữ liệu: {count}."
MY_DATA_WHY = (
    "Sổ quỹ, khoản vay, điểm danh là sổ sách CLB phải giữ; số đo sức khỏe chỉ giữ khi "
    "đồng ý. Chỉ {name}, người nhà được cho phép và ban chủ nhiệm CLB xem được."
)
MY_DATA_VIEWS_HEAD = "👁 Ai đã xem số đo sức khỏe trong 12 tháng qua:"
MY_DATA_VIEWS_NONE = "👁 Trong 12 tháng qua, ngoài {name}, chưa ai xem số đo sức khỏe."
MY_DATA_VIEW_LINE = "• {when} — {who}"
MY_DATA_VIEWS_MORE = "… và {count} lần nữa (xem trong tệp)."
MY_DATA_VIEWER_BOARD = "{name} (ban chủ nhiệm)"
MY_DATA_VIEWER_VOLUNTEER = "{name} (tình nguyện viên)"
MY_DATA_VIEWER_RELATIVE = "người nhà (qua {channel})"
BTN_MY_DATA_FILE = "📥 Nhận tệp Excel"
MY_DATA_FILE_SENT = (
    "📥 Tệp «{filename}» gửi kèm tin này: giữ lại hoặc in ra được.\n"
    "(Zalo chưa nhận được tệp: xin mở trang web của CLB để tải.)"
)
MY_DATA_FILENAME = "du-lieu-{code}-{date}.xlsx"
# The file: one sheet a kind of record, headers in the members' words.
MD_SHEET_ABOUT = "Giới thiệu"
MD_ABOUT = (
    ("Dữ liệu CLB đang giữ về", "{name} ({code})"),
    ("CLB", "{club}"),
    ("Ngày lấy dữ liệu", "{date}"),
    ("Giữ để làm gì", "Sổ quỹ, khoản vay, điểm danh: sổ sách CLB phải giữ khi là thành viên. "
                      "Số đo sức khỏe: theo dõi sức khỏe, nhắc lịch khám — chỉ khi đồng ý."),
    ("Ai được xem", "Thành viên, người nhà được thành viên cho phép, ban chủ nhiệm CLB, "
                    "tình nguyện viên chăm sóc. Cán bộ Hội không được xem."),
    ("Quyền của thành viên", "Xem, nhận tệp này, báo sửa thông tin sai, rút đồng ý sức khỏe, "
                             "yêu cầu xóa dữ liệu — bấm «❓ Hướng dẫn»."),
    ("Căn cứ", "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15."),
)
MD_SHEETS = {
    "person": ("Thông tin", ("Mục", "Nội dung")),
    "accounts": ("Tài khoản", ("Kênh", "Ai dùng", "Kết nối ngày", "Cách kết nối")),
    "cash": ("Sổ quỹ", ("Ngày", "Loại", "Số tiền (đ)", "Khoản vay", "Ghi chú", "Ghi lúc")),
    "loans": ("Khoản vay", ("Mã vay", "Ngày vay", "Số tiền (đ)", "Số tháng",
                            "Lãi %/tháng", "Mục đích")),
    "attendance": ("Điểm danh", ("Ngày họp", "Trạng thái")),
    "visits": ("Thăm tại nhà", ("Ngày thăm", "Tình hình", "Người thăm", "Ghi chú",
                                "Đã ghi nhầm")),
    "health": ("Sức khỏe", ("Ngày đo", "Huyết áp", "Cân nặng (kg)", "Ghi chú")),
    "consents": ("Đồng ý sức khỏe", ("Lúc", "Ý kiến", "Cách ghi", "Phiên bản lời hỏi",
                                     "Ngày ký giấy", "Người làm chứng")),
    "views": ("Ai đã xem", ("Lúc", "Ai xem", "Xem gì")),
    "reports": ("Báo sai", ("Lúc", "Màn hình", "Nội dung đã thấy")),
    "messages": ("Tin đã nhắn", ("Lúc", "Loại tin", "Tình trạng")),
    "codes": ("Mã kết nối", ("Cấp lúc", "Cho ai", "Hết hạn", "Đã dùng lúc", "Đã hủy lúc")),
    "requests": ("Yêu cầu", ("Lúc", "Yêu cầu", "Nội dung", "Đã xong lúc")),
    "log": ("Nhật ký", ("Lúc", "Việc")),
}
MD_PERSON_ROWS = {
    "name": "Họ và tên", "code": "Mã thành viên", "gender": "Giới tính",
    "birth_year": "Năm sinh", "phone": "Điện thoại", "team": "Tổ", "role": "Chức vụ",
    "volunteer": "Tình nguyện viên", "joined_on": "Vào CLB ngày", "left_on": "Đã xóa dữ liệu ngày",
}
MD_YES = "có"
MD_SELF = "thành viên"
MD_RELATIVE = "người nhà"
MD_HOW = {"contact": "gửi số điện thoại", "code": "mã kết nối"}
MD_CONSENT = {"agree": "đồng ý", "decline": "không đồng ý", "withdraw": "rút lại đồng ý"}
MD_CONSENT_HOW = {
    "chat": "tự bấm", "relative": "người nhà bấm giúp", "in_person": "trả lời ban chủ nhiệm",
    "paper": "ký giấy", "forget": "xóa dữ liệu theo yêu cầu", "cli": "người quản trị ghi",
}
MD_WHAT_SEEN = {"health": "màn hình sức khỏe", "my_data": "dữ liệu cá nhân",
                "last_reading": "lần đo trước (khi ghi số đo)"}
MD_MESSAGE_KIND = {"receipt": "biên nhận", "reminder": "nhắc nhở", "notice": "thông báo",
                   "report": "báo cho ban chủ nhiệm"}
MD_MESSAGE_STATE = {
    "pending": "chờ gửi", "sending": "đang gửi", "sent": "đã gửi", "uncertain": "không chắc",
    "blocked": "bị chặn", "cancelled": "đã hủy", "failed": "không gửi được",
}
MD_REQUEST_KIND = {"delete": "xóa dữ liệu", "correct": "sửa thông tin"}

# Asking the club to correct or delete her data (the chair confirms).
BTN_CORRECT = "✏️ Báo thông tin sai"
BTN_DELETE = "🗑 Yêu cầu xóa dữ liệu"
CORRECT_ASK = (
    "✏️ Thông tin nào của {name} bị sai? Xin gõ ngắn gọn, ví dụ: «năm sinh đúng là 1950»."
)
CORRECT_TOO_SHORT = "Xin gõ rõ hơn một chút: thông tin nào sai, đúng là gì."
CORRECT_SENT = (
    "✅ Đã gửi ban chủ nhiệm CLB yêu cầu sửa thông tin (ngày {date}). Sửa xong, CLB sẽ nhắn lại."
)
CORRECT_ALREADY = "Yêu cầu sửa thông tin gửi ngày {date} đang chờ ban chủ nhiệm CLB sửa."
DELETE_EXPLAIN = (
    "🗑 Nếu xóa dữ liệu của {name}, CLB sẽ xóa: số đo sức khỏe, số điện thoại, các tài khoản "
    "trò chuyện và người nhà đang xem sổ.\n"
    "CLB vẫn giữ sổ quỹ và khoản vay (sổ sách CLB phải giữ), ghi là của thành viên đã rời CLB.\n"
    "Xóa xong, trợ lý không nhắn gì nữa. Ban chủ nhiệm xác nhận rồi mới xóa. Gửi yêu cầu?"
)
BTN_DELETE_SEND = "✅ Gửi yêu cầu xóa"
DELETE_SENT = (
    "✅ Đã gửi yêu cầu xóa dữ liệu (ngày {date}). Ban chủ nhiệm sẽ xác nhận rồi xóa; "
    "xóa xong, tài khoản này không còn kết nối với sổ nữa."
)
DELETE_ALREADY = "Yêu cầu xóa dữ liệu gửi ngày {date} đang chờ ban chủ nhiệm xác nhận."
REQUEST_NOT_SENT = "Đã thôi, chưa gửi gì. Mời bấm một nút ở dưới."
REQUEST_ONLY_MEMBER = "Chỉ chính {name}, hoặc ban chủ nhiệm CLB giúp, gửi được yêu cầu này."
# To the chair (the whole board when no chair is linked).
PRIVACY_NOTICE_DELETE = (
    "🔒 {name} ({code}) yêu cầu xóa dữ liệu, lúc {when}.\n"
    "Xin vào «🗂 Ban chủ nhiệm» → «🔒 Dữ liệu thành viên» để xác nhận."
)
PRIVACY_NOTICE_CORRECT = (
    "🔒 {name} ({code}) báo thông tin sai, lúc {when}: «{detail}».\n"
    "Sửa xong, vào «🗂 Ban chủ nhiệm» → «🔒 Dữ liệu thành viên» để báo đã sửa."
)
CORRECTION_MET_NOTICE = (
    "✏️ CLB đã sửa thông tin theo yêu cầu của {name} (ngày {date}). "
    "Bấm «❓ Hướng dẫn» rồi «📄 Dữ liệu cá nhân» để xem lại."
)

# ---------------------------------------------------------------- chat: contacts, help
CONTACTS_HEAD = "☎️ Ban chủ nhiệm {club}:"
CONTACT_LINE = "• {role}: {name}{phone}"
CONTACT_PHONE = " — {phone}"
CONTACTS_NONE = "☎️ Chưa có tên ban chủ nhiệm trong sổ."
HELP = (
    "❓ Bấm các nút ở dưới để xem:\n"
    "💰 <b>Tiết kiệm</b>: tiền đã gửi và đóng góp quỹ\n"
    "📄 <b>Khoản vay</b>: còn nợ bao nhiêu, kỳ tới trả khi nào\n"
    "📅 <b>Lịch họp</b>: buổi họp và lịch khám tới\n"
    "❤️ <b>Sức khỏe</b>: huyết áp, cân nặng lần đo gần nhất\n"
    "☎️ <b>Liên hệ</b>: số điện thoại ban chủ nhiệm\n"
    "Có thể gõ chữ, có dấu hay không dấu đều được: «so du», «vay», «lich hop»."
)

# Under the help text, for a linked account, above the privacy buttons.
HELP_PRIVACY = (
    "🔒 Sổ của ông/bà chỉ ông/bà, người nhà được cho phép và ban chủ nhiệm CLB xem; "
    "số đo sức khỏe chỉ giữ khi ông/bà đồng ý.\n"
    "Các nút dưới: CLB giữ gì và ai đã xem, người nhà xem sổ, rút đồng ý sức khỏe."
)

# ---------------------------------------------------------------- chat: misunderstandings
NOT_UNDERSTOOD = "Chưa hiểu «{text}». Muốn xem gì, xin bấm một nút ở dưới."
EMPTY_MESSAGE = (
    "Tin nhắn trống, chưa có chữ nào. Mời bấm một nút ở dưới, "
    "hoặc gõ vài chữ như «so du», «lich hop»."
)
TOO_LONG = (
    "Tin nhắn dài {length} chữ, dài quá nên chưa đọc được. Xin gõ ngắn lại (dưới {limit} chữ), "
    "ví dụ «so du», «lich hop», hoặc bấm một nút ở dưới."
)
TOO_LONG_BOARD = "Muốn gửi thông báo cho cả CLB: bấm «🗂 Ban chủ nhiệm» rồi «📢 Gửi thông báo»."
ONLY_TEXT = "Trợ lý chỉ đọc được chữ và nút bấm. Mời bấm một nút ở dưới."
SOMETHING_WRONG = "Xin lỗi, có trục trặc. Dữ liệu không bị mất. Xin thử lại sau ít phút."

# ---------------------------------------------------------------- board
BTN_BOARD = "🗂 Ban chủ nhiệm"
BTN_ROLL_CALL = "✅ Điểm danh"
BTN_CASH_ENTRY = "💵 Ghi sổ quỹ"
BTN_CONTRIB_SWEEP = "🧺 Thu đóng góp"
BTN_HEALTH_READING = "🩺 Ghi huyết áp"
BTN_NEW_LOAN = "🤝 Cho vay mới"
BTN_REVERSAL = "↩️ Sửa sai"
BTN_LINK_CODE = "🔑 Mã kết nối"
BTN_REPORTS = "⚠️ Báo sai"
BTN_FUND = "🏦 Quỹ CLB"
BTN_PROGRAMME_REPORT = "📊 Báo cáo"
BTN_CANCEL = "✖️ Thôi"
BOARD_MENU = "🗂 Công việc của {role}. Chọn một việc:"
BOARD_REFUSED = "Việc này chỉ dành cho ban chủ nhiệm CLB. Không có gì thay đổi."
BOARD_NOT_YOUR_JOB = "Việc này do chủ nhiệm hoặc thủ quỹ làm. Không có gì thay đổi."
FLOW_CANCELLED = "Đã thôi, không ghi gì."
FLOW_STALE = "Nút này thuộc việc đã xong hoặc đã thôi. Không có gì thay đổi."
# Typed words for a flow this account may no longer carry on (its post in that club is gone).
FLOW_ENDED = (
    "Việc đang làm dở không làm tiếp được nữa nên đã dừng. Không có gì thay đổi. "
    "Mời mở lại từ «🗂 Ban chủ nhiệm»."
)

# ---------------------------------------------------------------- board: how members are addressed
# The chair's choice for the club (club/address.py); shown with one button that changes it.
BTN_ADDRESS_STYLE = "🗣 Cách xưng hô"
ADDRESS_STYLE_HEAD = "🗣 Trợ lý gọi thành viên theo tuổi và giới tính trong sổ:"
ADDRESS_STYLE_ONG_BA = "• Từ 60 tuổi: <b>ông</b>, <b>bà</b> (ví dụ: «Tiết kiệm của bà bây giờ…»)."
ADDRESS_STYLE_BAC = "• Từ 60 tuổi: <b>bác</b> (ví dụ: «Tiết kiệm của bác bây giờ…»)."
ADDRESS_STYLE_YOUNGER = "• Dưới 60 tuổi: anh, chị."
ADDRESS_STYLE_SAVED = "✅ Đã đổi. Từ tin nhắn sau, trợ lý gọi như trên."
BTN_ADDRESS_TO_BAC = "Đổi sang gọi «bác»"
BTN_ADDRESS_TO_ONG_BA = "Đổi sang gọi «ông, bà»"

# ---------------------------------------------------------------- cash book and receipts
KIND_CONTRIBUTION = "đóng góp quỹ"
KIND_DEPOSIT = "gửi tiết kiệm"
KIND_WITHDRAWAL = "rút tiết kiệm"
KIND_PRINCIPAL = "trả gốc"
KIND_INTEREST = "trả lãi"
KIND_FOR_LOAN = "{kind} khoản vay {loan}"
KIND_GRANT = "nhận hỗ trợ"
KIND_SPENDING = "chi hoạt động"
RECEIPT = "🧾 CLB đã ghi cho {you}: {what} <b>{amount}</b>, ngày {date}."
RECEIPT_REVERSED = "🧾 CLB đã sửa một dòng ghi nhầm: {what} {amount} ngày {date} không còn tính."
RECEIPT_SAVINGS = "Tiết kiệm của {you} bây giờ: <b>{amount}</b>."

# ---------------------------------------------------------------- board: cash book entry
FLOW_TAP_A_BUTTON = "Xin bấm một nút ở trên để chọn, hoặc bấm «✖️ Thôi»."
CB_WHO = "💵 Ghi sổ quỹ cho ai? Gõ tên (có dấu hay không dấu đều được) hoặc mã thành viên."
CB_NOT_FOUND = "Không thấy thành viên nào hợp với «{query}». Xin gõ lại tên hoặc mã."
CB_MANY = "Có {count} người hợp với «{query}». Chọn một người:"
CB_TOO_MANY = "Có {count} người hợp với «{query}». Xin gõ thêm họ tên cho rõ."
CB_KIND = "Ghi gì cho <b>{name}</b> ({code})?"
CB_AMOUNT = "{what} cho <b>{name}</b>: bao nhiêu tiền?\nVí dụ: 50k, 50.000, 1tr2, 1,2 triệu."
CB_AMOUNT_UNCLEAR = (
    "Chưa rõ số tiền «{text}». Xin gõ lại, ví dụ: 50k, 50.000, 1tr2, 1,2 triệu."
)
CB_AMOUNT_TOO_BIG = "Số tiền {amount} lớn quá mức thường có. Xin kiểm tra rồi gõ lại."
CB_NOT_ENOUGH = (
    "Không ghi được: tiết kiệm của {name} chỉ còn {balance}, không đủ để rút {amount}."
)
CB_TOO_MUCH_PRINCIPAL = "Không ghi được: khoản vay {loan} chỉ còn nợ gốc {outstanding}."
# Who and how much are the last two lines, right above the confirm button.
CB_CONFIRM = (
    "💵 Ghi {what}, ngày {date}.{after}\n"
    "Bằng chữ: {words}.\n"
    "Thành viên: <b>{name}</b>\n"
    "Số tiền: <b>{amount}</b>"
)
CB_AFTER_SAVINGS = "\nTiết kiệm sau khi ghi: {amount}."
CB_AFTER_LOAN = "\nCòn nợ gốc sau khi ghi: {amount}."
BTN_CONFIRM = "✅ Ghi vào sổ"
CB_DONE = "✅ Đã ghi {what} cho {name}: {amount}."
CB_DONE_RECEIPT = " Thành viên sẽ nhận biên nhận."
CB_DONE_NO_LINK = " Thành viên chưa kết nối nên chưa nhận được biên nhận."
CB_ALREADY = "Việc này đã ghi rồi, không ghi thêm lần nữa."
# The club's own money in the same flow: no member, a source or a purpose.
BTN_CLUB_GRANT = "🏦 Nhận hỗ trợ"
BTN_CLUB_SPENDING = "🏦 Chi hoạt động"
CB_WHO_OR_CLUB = CB_WHO + "\nTiền của CLB (nhận hỗ trợ, chi hoạt động): bấm nút dưới đây."
CB_CLUB_NOTE = {
    "grant": "🏦 Nhận hỗ trợ từ đâu? Gõ nguồn, ví dụ: Hội NCT huyện, nhà hảo tâm ông A.",
    "spending": "🏦 Chi cho việc gì? Gõ nội dung, ví dụ: văn nghệ, mua máy đo huyết áp.",
}
CB_CLUB_NOTE_EMPTY = "Xin gõ vài chữ cho rõ nguồn tiền hoặc việc chi."
CB_CLUB_AMOUNT = "{what} ({note}): bao nhiêu tiền?\nVí dụ: 500k, 2tr, 2.000.000."
CB_CLUB_CONFIRM = (
    "Ghi vào quỹ CLB: {what} <b>{amount}</b> ({words}), ngày {date}.\n{label}: {note}.{after}"
)
CB_CLUB_SOURCE = "Nguồn"
CB_CLUB_PURPOSE = "Nội dung chi"
CB_AFTER_FUND = "\nSau khi ghi: vốn quỹ {capital}, tiền mặt {cash}."
CB_NOT_ENOUGH_CASH = (
    "Không ghi được: tiền mặt trong quỹ chỉ còn <b>{cash}</b>, không đủ để chi {amount}."
)
CB_CLUB_DONE = "✅ Đã ghi vào quỹ CLB: {what} {amount} ({note})."

# ---------------------------------------------------------------- board: health readings
HR_WHO = "🩺 Ghi huyết áp cho ai? Gõ tên hoặc mã thành viên."
HR_ASK = "Huyết áp và cân nặng của <b>{name}</b>? Ví dụ: 135/85 52"
HR_BAD_FORMAT = "Chưa đọc được «{text}». Xin gõ như: 135/85 52 (huyết áp, rồi cân nặng)."
HR_BAD_SYSTOLIC = "Không ghi: số trên của huyết áp phải từ 60 đến 260. Xin đo lại hoặc gõ lại."
HR_BAD_DIASTOLIC = "Không ghi: số dưới của huyết áp phải từ 30 đến 160. Xin đo lại hoặc gõ lại."
HR_BAD_ORDER = "Không ghi: số dưới phải nhỏ hơn số trên (ví dụ 135/85). Xin gõ lại."
HR_BAD_WEIGHT = "Không ghi: cân nặng phải từ 20 đến 200 kg. Xin gõ lại."
HR_SAVED = "✅ Đã ghi cho {name}: huyết áp <b>{bp}</b>{weight}."
HR_SAVED_WEIGHT = ", cân nặng {kg} kg"
HR_REPLACED = "(Thay cho số đã ghi hôm nay.)"
HR_FLAG_GRADE_1 = (
    "⚠️ Cao (số trên từ 140 hoặc số dưới từ 90): nên nhắc thành viên đo lại, "
    "hỏi nhân viên y tế."
)
HR_FLAG_GRADE_2 = (
    "⚠️ Cao (số trên từ 160 hoặc số dưới từ 100): nên khuyên thành viên đi khám ở trạm y tế."
)
HR_FLAG_GRADE_3 = (
    "❗ Rất cao (số trên từ 180 hoặc số dưới từ 110): cần khuyên thành viên đi khám ngay."
)
HR_NEXT = "Gõ tên người tiếp theo, hoặc bấm một nút ở dưới."
HR_LAST = "Lần đo trước: {bp}{weight}, ngày {date}."
# The member has not agreed to the club keeping her readings: nothing is recorded.
HR_NO_CONSENT = "Chưa ghi được: <b>{name}</b> chưa đồng ý cho CLB giữ số đo sức khỏe."
HR_REFUSED_CONSENT = (
    "Không ghi: <b>{name}</b> đã không đồng ý cho CLB giữ số đo sức khỏe (ngày {date})."
)
HR_ASK_CONSENT = "Nếu {name} đang ở đây, xin đọc cho {name} nghe rồi bấm theo câu trả lời:"
BTN_HR_PAPER = "📝 Đã ký giấy đồng ý"
HR_CONSENT_NOT_GIVEN = "Đã ghi: {name} không đồng ý. Không ghi số đo sức khỏe của {name}."
HR_CONSENT_GIVEN = "✅ Đã ghi: {name} đồng ý."

# ---------------------------------------------------------------- home care: the volunteer
# A volunteer (roster "Tình nguyện viên") sees the members she visits, logs a
# visit in two taps, may add a note and a reading; never anything of money.
BTN_VISITS = "🏠 Thăm hỏi"
CARE_NOT_VOLUNTEER = (
    "«🏠 Thăm hỏi» dành cho tình nguyện viên chăm sóc tại nhà của CLB. Không có gì thay đổi.\n"
    "Muốn làm tình nguyện viên, xin báo Ban chủ nhiệm."
)
CARE_NOBODY = (
    "🏠 Ban chủ nhiệm chưa giao người nào cho {you} thăm. "
    "Khi được giao, danh sách sẽ hiện ở đây."
)
CARE_LIST_HEAD = "🏠 Những người {you} thăm ({count}):"
CARE_LIST_ITEM = "{number}. <b>{name}</b> — {team} — ☎️ {phone}\n    Lần trước: {last} · {due}"
CARE_LIST_HOW = "Thăm xong, bấm tên người vừa thăm để ghi."
CARE_NEVER_VISITED = "chưa có"
CARE_DUE_IN = "đến hạn {date} (còn {days} ngày)"
CARE_DUE_TODAY = "<b>đến hạn hôm nay</b>"
CARE_OVERDUE = "⚠️ <b>quá hạn {days} ngày</b> (hạn {date})"
CARE_HOW_IS = "Thăm <b>{name}</b> hôm nay. {name} thế nào? Bấm một nút:"
BTN_CARE_OK = "🙂 Ổn"
BTN_CARE_HELP = "🤝 Cần hỗ trợ"
BTN_CARE_ALERT = "🚑 Cần báo y tế"
CARE_STATUS = {"ok": BTN_CARE_OK, "needs_help": BTN_CARE_HELP, "alert_health": BTN_CARE_ALERT}
CARE_SAVED = "✅ Đã ghi lần thăm <b>{name}</b> hôm nay: {status}."
CARE_SAVED_ALERT = "🚑 Đã báo ngay cho chủ nhiệm và phó chủ nhiệm."
CARE_SAVED_HELP = "🤝 Ban chủ nhiệm sẽ bàn việc hỗ trợ ở buổi họp tới."
CARE_MORE = "Có thể ghi thêm (không bắt buộc):"
BTN_CARE_NOTE = "✍️ Ghi chú"
BTN_CARE_READING = "🩺 Ghi huyết áp"
BTN_CARE_UNDO = "↩️ Ghi nhầm"
BTN_CARE_DONE = "✅ Xong"
CARE_ASK_NOTE = "Gõ vài chữ về lần thăm (ví dụ: ho nhiều, cần người đưa đi khám)."
CARE_NOTE_SAVED = "✅ Đã ghi chú."
CARE_NOTE_SENT = "✅ Đã ghi chú và gửi cho chủ nhiệm, phó chủ nhiệm."
CARE_NOTE_EMPTY = "Xin gõ vài chữ, hoặc bấm «✅ Xong»."
CARE_ASK_UNDO = (
    "Hủy lần thăm <b>{name}</b> hôm nay ({status})? Lần này sẽ được ghi là nhầm, "
    "sổ vẫn giữ cả hai dòng. Sau đó có thể ghi lại."
)
BTN_CARE_UNDO_YES = "↩️ Hủy lần này"
CARE_UNDO_REASON = "tình nguyện viên ghi nhầm"
CARE_UNDONE = "↩️ Đã hủy lần thăm ghi nhầm."
CARE_UNDONE_ALERT = (
    "↩️ Tình nguyện viên {volunteer} báo: lần «🚑 Cần báo y tế» về {name} hôm nay là ghi nhầm."
)
CARE_ALREADY_VISITED = "Hôm nay đã có người ghi lần thăm <b>{name}</b>. Không ghi thêm."
CARE_NO_CONSENT = (
    "Chưa ghi được huyết áp: <b>{name}</b> chưa đồng ý cho CLB giữ số đo sức khỏe. "
    "{name} có thể bấm «❤️ Sức khỏe» để đồng ý, hoặc ký giấy đồng ý với Ban chủ nhiệm."
)
CARE_THANKS = "Cảm ơn {you}! Lần thăm đã được ghi."
CARE_NOT_YOURS = "Người này hiện không ở trong danh sách {you} thăm. Không có gì thay đổi."
# The board, told at once of a visit that found "cần báo y tế" (day or night).
CARE_ALERT = "🚑 <b>Cần báo y tế</b>: {name} ({team}, ☎️ {phone})."
CARE_ALERT_NOTE = "Ghi chú: {note}"
CARE_VOLUNTEER = "Tình nguyện viên: {name} (☎️ {phone})"
CARE_WHO = "<b>{name}</b> ({team}, ☎️ {phone})"
# Reminders: the volunteer on the due day; the chair when a visit is long late.
REMINDER_CARE_DUE = "🏠 Nhắc thăm hỏi: hôm nay đến hạn thăm {who}."
REMINDER_CARE_LAST = "Lần thăm trước: {date}."
REMINDER_CARE_LATE = (
    "🏠 Chưa ai thăm {who}: lẽ ra thăm ngày {date} ({weeks} tuần một lần)."
)

# ---------------------------------------------------------------- home care: the board
BTN_CARE_BOARD = "🏠 Chăm sóc tại nhà"
CC_HEAD = "🏠 Chăm sóc tại nhà: {count} người cần thăm."
CC_NONE = "🏠 Chưa ai được ghi là cần chăm sóc tại nhà."
CC_ITEM = "• <b>{name}</b> ({team}): {plan}"
CC_PLAN = "{volunteer} thăm, {weeks} tuần một lần; lần trước: {last}; {due}"
CC_NO_VOLUNTEER = "⚠️ chưa có tình nguyện viên"
CC_HELP_HEAD = "🤝 Cần hỗ trợ — bàn ở buổi họp tới:"
CC_HELP_ITEM = "• {date} {name}{note} (tình nguyện viên {volunteer})"
CC_HOW = "Bấm tên một người để đổi người thăm, nhịp thăm, hoặc thôi thăm."
BTN_CC_ADD = "➕ Thêm người cần thăm"
CC_WHO = "Ai cần được thăm tại nhà? Gõ tên hoặc mã thành viên."
CC_PICK_VOLUNTEER = "Ai sẽ thăm <b>{name}</b>? Chọn một tình nguyện viên:"
CC_NO_VOLUNTEERS = (
    "CLB chưa có tình nguyện viên nào. Đánh dấu «Tình nguyện viên» trong danh sách "
    "thành viên (cột «Tình nguyện viên») rồi nhập lại sổ."
)
BTN_CC_STOP = "🚫 Không cần thăm nữa"
CC_PICK_RHYTHM = "<b>{volunteer}</b> thăm <b>{name}</b> bao lâu một lần?"
BTN_CC_RHYTHM = "{weeks} tuần một lần"
CC_SAVED = (
    "✅ Đã giao: <b>{volunteer}</b> thăm <b>{name}</b>, {weeks} tuần một lần. "
    "Lần tới đến hạn {date}."
)
# To the volunteer, when the board asks her to visit someone.
CC_TOLD_VOLUNTEER = (
    "🏠 Ban chủ nhiệm nhờ {you} thăm <b>{name}</b> ({team}, ☎️ {phone}), {weeks} tuần một lần.\n"
    "Bấm «🏠 Thăm hỏi» để xem danh sách và ghi lần thăm."
)
CC_ASK_STOP = "<b>{name}</b> không cần thăm tại nhà nữa? Các lần thăm đã ghi vẫn được giữ."
BTN_CC_STOP_YES = "✅ Thôi thăm"
CC_STOPPED = "✅ Đã ghi: <b>{name}</b> không cần thăm tại nhà nữa."
CC_NOT_VOLUNTEER = "Người này không phải tình nguyện viên của CLB. Không có gì thay đổi."
# Under ❤️ Sức khỏe: who visits the member, for her and her family.
HEALTH_CARE = (
    "🏠 Tình nguyện viên thăm {you}: <b>{volunteer}</b> (☎️ {phone}), {weeks} tuần một lần."
)
HEALTH_CARE_LAST = "Lần thăm gần nhất: {date}."
HEALTH_CARE_NEVER = "Chưa có lần thăm nào được ghi."

# ---------------------------------------------------------------- board: paper consent forms
# Many members agree at a meeting, on a form they sign in front of a witness.
BTN_PAPER_CONSENT = "📝 Giấy đồng ý"
CP_WHO = "📝 Ghi giấy đồng ý giữ số đo sức khỏe của ai? Gõ tên hoặc mã thành viên."
CP_DATE = "Giấy của <b>{name}</b> ký ngày nào? Gõ ngày/tháng/năm, ví dụ: {example}"
CP_BAD_DATE = "Chưa đọc được ngày «{text}». Xin gõ như: {example}"
CP_FUTURE_DATE = "Ngày ký không thể sau hôm nay. Xin gõ lại."
CP_WITNESS = "Ai làm chứng khi {name} ký? Gõ họ tên người làm chứng."
CP_WITNESS_EMPTY = "Xin gõ họ tên người làm chứng (ít nhất 2 chữ cái)."
CP_CONFIRM = (
    "Ghi: <b>{name}</b> ký giấy đồng ý cho CLB giữ số đo sức khỏe ngày {date}, "
    "người làm chứng: {witness}.\nXin cất tờ giấy vào hồ sơ CLB."
)
BTN_CP_SAVE = "✅ Ghi giấy đồng ý"
CP_DONE = "✅ Đã ghi giấy đồng ý của {name}. Từ nay ghi được số đo sức khỏe cho {name}."

# ---------------------------------------------------------------- board: members' data (the chair)
BTN_PRIVACY_BOARD = "🔒 Dữ liệu thành viên"
PB_MENU = "🔒 Dữ liệu thành viên. Chọn một việc:"
BTN_PB_REQUESTS = "📋 Yêu cầu đang chờ ({count})"
BTN_PB_FORGET = "🗑 Xóa dữ liệu giúp thành viên"
BTN_PB_LOG = "👁 Ai đã xem sức khỏe"
PB_NO_REQUESTS = "Không có yêu cầu nào đang chờ."
PB_REQUESTS_HEAD = "📋 Yêu cầu đang chờ:"
PB_REQUEST_LINE = "• {when} — {name} ({code}): {kind}{detail}"
PB_REQUEST_DETAIL = " «{detail}»"
BTN_PB_DO_DELETE = "🗑 Xóa: {name}"
BTN_PB_CORRECTED = "✅ Đã sửa: {name}"
PB_FORGET_WHO = "🗑 Xóa dữ liệu của ai? Gõ tên hoặc mã thành viên."
PB_FORGET_CONFIRM = (
    "Xóa dữ liệu của <b>{name}</b> ({code})?\n"
    "Sẽ xóa: {readings} lần đo sức khỏe, {phone}, {links} kết nối trò chuyện, "
    "{messages} tin nhắn.\n"
    "Vẫn giữ: sổ quỹ ({cash} dòng), khoản vay ({loans}), điểm danh — ghi là của thành viên "
    "đã rời CLB.\nKhông lấy lại được."
)
PB_PHONE = "số điện thoại"
PB_NO_PHONE = "không có số điện thoại"
BTN_PB_FORGET_YES = "🗑 Xóa dữ liệu"
PB_FORGOTTEN = (
    "✅ Đã xóa dữ liệu của {name} ({code}) theo yêu cầu ngày {date}. "
    "Sổ quỹ và khoản vay vẫn giữ."
)
PB_ALREADY_FORGOTTEN = "Dữ liệu của {name} đã được xóa từ ngày {date}."
PB_CORRECTED = "✅ Đã ghi: thông tin của {name} đã sửa; {name} sẽ được báo."
PB_REQUEST_GONE = "Yêu cầu này đã được xử lý rồi."
PB_LOG_HEAD = "👁 Ai đã xem số đo sức khỏe của thành viên khác, mới nhất trước:"
PB_LOG_LINE = "• {when} — {viewer} xem {what} của {member}"
PB_LOG_NONE = "Chưa ai xem số đo sức khỏe của thành viên khác."

# ---------------------------------------------------------------- board: corrections
RV_WHO = "↩️ Sửa dòng ghi nhầm của ai? Gõ tên hoặc mã thành viên."
RV_WHICH = "Dòng nào của <b>{name}</b> bị ghi nhầm?"
RV_NOTHING = "{name} chưa có dòng nào trong sổ quỹ để sửa."
RV_ENTRY = "{date} {what} {amount}"
RV_REASON = "Sửa dòng: {entry}.\nVì sao? Xin gõ lý do ngắn (ví dụ: ghi nhầm người)."
RV_CONFIRM = (
    "Đảo lại dòng «{entry}» của <b>{name}</b>.\nLý do: {reason}\n"
    "Sổ vẫn giữ dòng cũ và ghi thêm một dòng đảo lại; thành viên sẽ được báo."
)
BTN_REVERSE = "✅ Đảo lại dòng này"
RV_NOTE = "Sửa sai: {reason}"
RV_DONE = "✅ Đã đảo lại dòng «{entry}» của {name}. Thành viên sẽ được báo."
# 🏦 Quỹ CLB: the fund at a glance, for the chair and the treasurer.
FUND_SCREEN = (
    "🏦 <b>Quỹ CLB</b> đến hết ngày {date}:\n"
    "• Vốn quỹ: <b>{capital}</b>\n"
    "• Tiền mặt trong quỹ: <b>{cash}</b>\n"
    "• Đang cho vay (dư nợ gốc): {on_loan}\n"
    "• Tiết kiệm thành viên đang gửi: {savings}\n"
    "Từ {start} đến nay:\n"
    "• Thu: đóng góp {contributions}, nhận hỗ trợ {grants}, tiền lãi {interest}\n"
    "• Chi: chi hoạt động {spending}; cho vay mới {disbursed}"
)
FUND_CASH_UNKNOWN = (
    "⚠️ Tiền mặt tính ra bị âm, nghĩa là sổ còn thiếu «Số dư quỹ đầu kỳ» (tiền quỹ có "
    "trước khi ghi sổ). Xin ghi số này vào sheet CLB của sổ rồi nhập lại."
)
# Reversing the club's own money (no member to tell).
BTN_RV_CLUB = "🏦 Dòng tiền của CLB"
RV_WHO_OR_CLUB = RV_WHO + "\nDòng tiền của CLB (nhận hỗ trợ, chi hoạt động): bấm nút dưới đây."
RV_CLUB = "quỹ CLB"
RV_CONFIRM_CLUB = (
    "Đảo lại dòng «{entry}» của quỹ CLB.\nLý do: {reason}\n"
    "Sổ vẫn giữ dòng cũ và ghi thêm một dòng đảo lại."
)
RV_DONE_CLUB = "✅ Đã đảo lại dòng «{entry}» của quỹ CLB."
RV_NOTHING_CLUB = "Quỹ CLB chưa có dòng nhận hỗ trợ hay chi hoạt động nào để sửa."
RV_NOT_ENOUGH = (
    "Không đảo được: tiết kiệm chỉ còn {balance}, đảo dòng này sẽ làm số dư bị âm. "
    "Xin kiểm tra các dòng rút tiết kiệm trước."
)

# ---------------------------------------------------------------- reports of wrong figures
BTN_REPORT_SAVINGS = "⚠️ Báo sai tiết kiệm"
BTN_REPORT_LOANS = "⚠️ Báo sai khoản vay"
REPORT_SCREEN_SAVINGS = "tiết kiệm"
REPORT_SCREEN_LOANS = "khoản vay"
REPORT_WHICH = "Số nào có vẻ sai?"
REPORT_ASK = (
    "⚠️ Báo ban chủ nhiệm: số {screen} có vẻ sai.\n"
    "Chỗ nào có vẻ sai? Xin gõ vài chữ, ví dụ: «thiếu lần gửi tháng 10». "
    "Không cần ghi thì bấm «⏭ Bỏ qua»."
)
BTN_REPORT_SKIP = "⏭ Bỏ qua"
REPORT_NOTE_TOO_LONG = (
    "Ghi chú dài {length} chữ, quá {limit} chữ. Xin viết gọn lại, hoặc bấm «⏭ Bỏ qua»."
)
REPORT_CONFIRM = "Sẽ báo ban chủ nhiệm: số {screen} có vẻ sai.\n{note}\nGửi đi?"
REPORT_NOTE = "Ghi chú: «{note}»"
REPORT_NO_NOTE = "Không có ghi chú."
BTN_REPORT_SEND = "✅ Gửi báo sai"
REPORT_CANCELLED = "Đã thôi, không báo gì."
REPORT_NO_FIGURE = "Chưa có số {screen} nào trong sổ để báo sai."
REPORT_SENT = "Đã báo ban chủ nhiệm. Ban chủ nhiệm sẽ xem lại sổ rồi trả lời."
REPORT_ALREADY = "Việc này vừa báo rồi. Ban chủ nhiệm sẽ xem lại sổ."
REPORT_NOTICE = (
    "⚠️ <b>{name}</b> ({code}) báo số {screen} có vẻ sai, lúc {when}.{note}\n"
    "Thành viên đã thấy:\n{context}"
)
REPORTS_HEAD = "⚠️ Các lần thành viên báo sai gần đây:"
REPORT_LINE = "• {when} — {name} ({code}), {screen}: {context}"
REPORTS_NONE = "Chưa có thành viên nào báo sai."

# ---------------------------------------------------------------- board: new loan
LN_WHO = "🤝 Cho ai vay? Gõ tên hoặc mã thành viên."
LN_AMOUNT = "<b>{name}</b> vay bao nhiêu? Ví dụ: 5 triệu, 5tr, 5.000.000."
# Under the amount question: what the cash box holds (club/programme.py's identities).
LN_CASH = "\n🏦 Tiền mặt trong quỹ hiện có: <b>{cash}</b>."
LN_CASH_UNKNOWN = (
    "\n🏦 Sổ chưa tính được tiền mặt trong quỹ: còn thiếu «Số dư quỹ đầu kỳ» "
    "(tiền quỹ có trước khi ghi sổ). Xin kiểm tra quỹ trước khi cho vay."
)
LN_NOT_ENOUGH_CASH = (
    "Không cho vay được {amount}: tiền mặt trong quỹ chỉ còn <b>{cash}</b>. "
    "Xin gõ số tiền nhỏ hơn, hoặc bấm «✖️ Thôi»."
)
LN_TERM = "Vay trong bao nhiêu tháng?"
LN_MONTHS = "{n} tháng"
LN_TERM_UNCLEAR = "Xin bấm một nút, hoặc gõ số tháng (từ 1 đến 60)."
LN_RATE = "Lãi suất bao nhiêu phần trăm một tháng? Ví dụ: 0,5"
LN_RATE_UNCLEAR = "Chưa hiểu lãi suất này. Xin gõ số phần trăm một tháng, ví dụ: 0,5"
LN_METHOD = "Trả theo cách nào?"
LN_CONFIRM = (
    "Cho <b>{name}</b> vay <b>{amount}</b> ({words}),\n"
    "{term} tháng, lãi {rate}%/tháng, {method}.\n"
    "Kỳ đầu: {first_date} — gốc {principal}, lãi {interest}."
)
BTN_CONFIRM_LOAN = "✅ Ghi khoản vay"
LN_DONE = "✅ Đã ghi khoản vay {code} cho {name}: {amount}."
LN_NOTICE = (
    "📄 CLB đã ghi khoản vay {code} của {you}: <b>{amount}</b>, ngày {date}, "
    "{term} tháng, lãi {rate}%/tháng. Bấm «📄 Khoản vay» để xem lịch trả."
)

# ---------------------------------------------------------------- board: link codes
LC_WHO = "🔑 Cấp mã kết nối cho ai? Gõ tên (có dấu hay không dấu đều được) hoặc mã thành viên."
LC_PURPOSE = (
    "Mã kết nối cho sổ của <b>{name}</b> ({code}). Ai sẽ dùng mã này?\n"
    "Người nhà dùng mã sẽ xem được sổ và nhận nhắc nhở của thành viên: "
    "chỉ chọn khi {name} đã đồng ý."
)
BTN_LC_SELF = "👤 Chính thành viên"
BTN_LC_PROXY = "👪 Người nhà giúp (đã đồng ý)"
BTN_LC_SHARED = "🖥 Chính thành viên, vào trang web ở máy dùng chung"
LC_ISSUED_SELF = "🔑 Mã kết nối cho <b>{name}</b> ({code}):"
LC_ISSUED_PROXY = "🔑 Mã kết nối cho người nhà giúp <b>{name}</b> ({code}):"
LC_ISSUED_SHARED = "🔑 Mã cho máy dùng chung (12 số) cho <b>{name}</b> ({code}):"
LC_HOW_TO_USE_SHARED = (
    "Cách dùng: mở trang web của CLB, gõ cả 12 số vào ô «Nhập mã kết nối». "
    "Mã này vào được cả ở máy hay mạng dùng chung mà người khác đã gõ sai nhiều lần."
)
LC_ISSUED_EXPIRES = "Dùng được một lần, đến {when}."
LC_HOW_TO_USE = (
    "Cách dùng: mở trò chuyện với bot của CLB, gõ mã này vào tin nhắn cho bot "
    "(có dấu cách hay không đều được)."
)
LC_DEEP_LINK = "Hoặc bấm đường dẫn: {link}"
LC_OLD_REVOKED = "Mã cũ chưa dùng cho việc này đã bị hủy."
LC_WHEN = "{time}, {date}"

# Said to the person who types a code.
LC_LINKED_SELF = (
    "Xin chào {you} {name}! Đã kết nối với sổ của {you} ở {club}.\nMời bấm một nút ở dưới."
)
LC_LINKED_PROXY = (
    "Xin chào! Đã kết nối để giúp <b>{name}</b> ({club}) xem sổ và nhận nhắc nhở.\n"
    "Mời bấm một nút ở dưới để xem sổ."
)
LC_ALREADY_LINKED = "Tài khoản này đã kết nối với sổ của <b>{name}</b> từ trước. Mời bấm một nút."
LC_MALFORMED = (
    "Mã kết nối có 8 chữ số, ví dụ 1234 5678 (mã cho máy dùng chung có 12 số). "
    "Xin xem lại mã rồi gõ lại."
)
LC_WRONG = "Mã này không đúng. Xin xem lại từng số rồi gõ lại."
LC_EXPIRED = "Mã này đã hết hạn. Xin nhờ ban chủ nhiệm CLB cấp mã mới."
LC_USED = (
    "Mã này đã được dùng rồi; mỗi mã chỉ dùng một lần. "
    "Nếu cần, xin nhờ ban chủ nhiệm CLB cấp mã mới."
)
LC_REVOKED = "Mã này đã được thay bằng mã mới hơn. Xin dùng mã mới nhất ban chủ nhiệm đưa."
LC_TRIES_LEFT = "Còn được thử {tries} lần nữa."
LC_LOCKED = (
    "Đã gõ sai mã {tries} lần nên tạm dừng để giữ an toàn cho sổ. "
    "Xin đợi đến {when} rồi gõ lại, hoặc hỏi ban chủ nhiệm CLB."
)

# ---------------------------------------------------------------- CLI: roles and the audit log
CLI_MEMBER_NOT_FOUND = "Không có thành viên mã «{code}» trong {club}."
CLI_ROLE_UNKNOWN = "Không hiểu chức vụ «{role}». Chức vụ có thể đặt: {roles}."
CLI_ROLE_USAGE = (
    "Cần ghi một chức vụ, ví dụ: role TV003 \"Thư ký\" "
    "hoặc role TV003 --remove \"Thư ký\"."
)
CLI_ROLE_SET = "Đã đặt {name} ({code}) làm {role} của {club}."
CLI_ROLE_WAS = " Trước đây: {role}."
CLI_ROLE_SAME = "{name} ({code}) đã là {role} rồi; không thay đổi gì."
CLI_ROLE_ALSO_HELD = "Lưu ý: {role} hiện còn có {others}."
CLI_ROLE_REMOVED = "Đã bỏ chức {role} của {name} ({code}); từ nay là thành viên."
CLI_ROLE_NOT_HELD = "{name} ({code}) không giữ chức {role} ({current}); không thay đổi gì."
CLI_ROLE_CURRENT = "đang là {role}"
CLI_ROLE_NONE = "chưa có chức vụ"
CLI_ADDRESS_NOW = "{club}: thành viên từ 60 tuổi được gọi là {style}; dưới 60 tuổi: anh, chị."
CLI_ADDRESS_SET = "Đã đổi: {club} từ nay gọi thành viên từ 60 tuổi là {style}."
CLI_ADDRESS_SAME = "{club} đã gọi thành viên từ 60 tuổi là {style} rồi; không thay đổi gì."
CLI_ADDRESS_UNKNOWN = "Không hiểu «{style}». Ghi ong-ba (gọi «ông, bà») hoặc bac (gọi «bác»)."
ADDRESS_STYLE_WORDS = {"ong_ba": "«ông, bà»", "bac": "«bác»"}
CLI_FORGET_DONE = (
    "Đã xóa dữ liệu của {name} ({code}) ở {club}: {readings} lần đo sức khỏe, {phone}, "
    "{links} kết nối trò chuyện ({accounts} tài khoản), {messages} tin nhắn."
)
CLI_FORGET_KEPT = (
    "Vẫn giữ: {cash} dòng sổ quỹ, {loans} khoản vay (ghi là của thành viên đã rời CLB). "
    "Yêu cầu xóa đã ghi là xong."
)
CLI_FORGET_ALREADY = "Dữ liệu của {name} ({code}) đã được xóa từ ngày {date}; không còn gì để xóa."
CLI_AUDIT_HEAD = "Nhật ký thay đổi — {club}{member}: {count} dòng, cũ trước, mới sau."
CLI_AUDIT_OF_MEMBER = ", thành viên {code} {name}"
CLI_AUDIT_EMPTY = "Chưa có thay đổi nào được ghi."
CLI_AUDIT_VIA = "{name} ({code}) qua {account}"
AUDIT_ACTIONS = {
    "import": "nhập sổ",
    "restore": "khôi phục từ bản sao lưu",
    "link": "kết nối tài khoản",
    "unlink": "hủy kết nối",
    "relative_link_end": "thôi cho người nhà xem sổ",
    "privacy_request": "yêu cầu về dữ liệu",
    "privacy_request_met": "xử lý xong yêu cầu về dữ liệu",
    "forget": "xóa dữ liệu theo yêu cầu",
    "cash_entry": "ghi sổ quỹ",
    "reverse_entry": "đảo dòng ghi nhầm",
    "health_reading": "ghi huyết áp",
    "health_consent": "ghi ý kiến về giữ số đo sức khỏe",
    "error_report": "báo sai",
    "link_code_issue": "cấp mã kết nối",
    "link_code_redeem": "dùng mã kết nối",
    "link_code_failed": "gõ mã không được",
    "role_set": "đặt chức vụ",
    "role_remove": "bỏ chức vụ",
    "rollcall_save": "lưu điểm danh",
    "attendance_correct": "sửa điểm danh",
    "new_loan": "ghi khoản vay mới",
    "meeting_move": "dời buổi họp",
    "meeting_cancel": "hủy buổi họp",
    "meeting_restore": "khôi phục buổi họp",
    "checkup_add": "thêm lịch khám",
    "address_style": "đổi cách xưng hô",
    "notice": "gửi thông báo",
    "reminders_pause": "tắt nhắc nhở",
    "reminders_resume": "bật nhắc nhở",
    "account_blocked": "tài khoản chặn bot",
    "web_sign_in": "vào trang web bằng mã",
    "web_sign_out": "thoát trang web",
    "web_session_expired": "hết phiên trang web",
    "web_orphan_unlinked": "bỏ kết nối web không còn phiên",
}

# ---------------------------------------------------------------- board: roll-call
RC_PICK_DAY = "✅ Điểm danh cho buổi họp nào?"
RC_BTN_DAY = "📅 Buổi họp {date}"
RC_BTN_TODAY = "📅 Hôm nay, {date}"
RC_DAY_GONE = "Bảng này đã cũ, không thay đổi gì. Mời mở lại «✅ Điểm danh» hoặc «🧺 Thu đóng góp»."
RC_ICON_NONE = "⬜"
RC_ICON_PRESENT = "✅"
RC_ICON_ABSENT = "❌"
RC_ICON_EXCUSED = "📝"
RC_HEAD = "✅ Điểm danh buổi họp {date}\n<b>{present}/{total} có mặt</b>"
RC_COUNTS = "❌ {absent} vắng · 📝 {excused} có phép"
RC_COUNT_UNMARKED = " · ⬜ {count} chưa điểm danh"
RC_HOW = "Bấm tên để đổi: ✅ có mặt → ❌ vắng → 📝 có phép."
RC_HOW_UNMARKED = " Ai chưa điểm danh (⬜) sẽ được ghi là vắng khi lưu."
RC_UNSAVED = "⚠️ Chưa lưu. Điểm danh xong, bấm «💾 Lưu»."
RC_IS_SAVED = "💾 Đã lưu. Có sửa thì bấm «💾 Lưu» lại."
RC_PAGE = "Trang {page}/{pages}."
RC_BTN_ALL_PRESENT = "✅ Tất cả có mặt"
RC_BTN_SAVE = "💾 Lưu"
RC_BTN_PREV = "◀️ Trang trước"
RC_BTN_NEXT = "Trang sau ▶️"
RC_SAVED = (
    "💾 Đã lưu điểm danh buổi họp {date}: <b>{present}/{total} có mặt</b>, "
    "{absent} vắng, {excused} có phép."
)
RC_SAVED_UNMARKED = (
    "{count} người chưa điểm danh đã được ghi là vắng. "
    "Nếu sai, bấm tên trên bảng rồi lưu lại."
)
RC_SAVED_CORRECTED = "Đã sửa {count} người so với lần lưu trước."

# After the roll-call is saved: which of the 8 activity areas the meeting
# covered (club/texts.AREA_NAMES), and its topic.
RC_AREAS = (
    "Buổi họp {date} có những mảng hoạt động nào? Bấm để đánh dấu ☑️, bấm lại để bỏ.\n"
    "Nội dung: {topic}"
)
RC_TOPIC_NONE = "(chưa ghi)"
RC_AREA_ON = "☑️ {number} {name}"
RC_AREA_OFF = "⬜ {number} {name}"
BTN_RC_TOPIC = "✍️ Ghi nội dung buổi họp"
BTN_RC_AREAS_DONE = "✔️ Xong"
RC_TOPIC_ASK = "Buổi họp {date} nói về gì? Gõ nội dung ngắn (ví dụ: Phòng chống tăng huyết áp)."
RC_TOPIC_SAVED = "✅ Đã ghi nội dung buổi họp {date}: {topic}."
RC_AREAS_DONE = "✅ Đã ghi buổi họp {date}: {count}/8 mảng hoạt động."
RC_NO_MEETING = "Buổi họp {date} chưa được lưu điểm danh. Xin lưu điểm danh trước."

# ✍️ Nội dung buổi tới: the board writes what the next meeting is about.
BTN_PLAN_TOPIC = "✍️ Nội dung buổi tới"
TP_ASK = (
    "Buổi họp tới: <b>{date}</b>.\nNội dung hiện ghi: {topic}\n"
    "Gõ nội dung mới (ví dụ: Dinh dưỡng cho người cao tuổi); thành viên sẽ thấy ở "
    "«📅 Lịch họp» và trong tin nhắc họp."
)
TP_NONE = "Chưa có buổi họp nào sắp tới trong lịch."
TP_SAVED = "✅ Đã ghi nội dung buổi họp {date}: {topic}."
BTN_TP_CLEAR = "🗑 Xóa nội dung"
TP_CLEARED = "✅ Đã xóa nội dung buổi họp {date}."

# 🩺 Ghi người đi khám: after a check-up's day, who was examined.
BTN_EXAMS = "🩺 Ghi người đi khám"
EX_NONE = "Chưa có đợt khám sức khỏe nào đã diễn ra. Thêm lịch khám bằng «🏥 Thêm lịch khám»."
EX_PICK_DAY = "Ghi người đi khám của đợt nào?"
EX_DAY = "{date} — {what}"
EX_HEAD = (
    "🩺 Đi khám ngày {date}: <b>{count}</b>/{total} người.\n"
    "Bấm tên người đã được khám để đánh dấu ☑️; bấm lại để bỏ. Mỗi lần bấm được lưu ngay."
)
EX_ON = "☑️ {name}"
EX_OFF = "⬜ {name}"

# ---------------------------------------------------------------- board: contributions sweep
SW_PICK_DAY = "🧺 Thu đóng góp cho buổi họp nào?"
SW_NO_AMOUNT = (
    "CLB chưa đặt mức đóng góp hằng tháng nên chưa thu theo danh sách được. "
    "Có thể ghi từng người ở «💵 Ghi sổ quỹ»."
)
SW_HEAD = "🧺 Thu đóng góp buổi họp {date}: {amount} mỗi người."
SW_CHOSEN = "Đã chọn <b>{count} người</b>, tổng <b>{total}</b>."
SW_PAID_BEFORE = "💰 {count} người đã đóng ngày này, không ghi lại."
SW_FROM_SAVED = "Đã chọn sẵn người có mặt theo điểm danh. Bấm tên để chọn hoặc bỏ."
SW_FROM_MARKS = (
    "Đã chọn sẵn người có mặt theo điểm danh đang làm (chưa lưu). "
    "Bấm tên để chọn hoặc bỏ."
)
SW_NO_ROLLCALL = "Buổi này chưa điểm danh. Bấm tên từng người đã đóng."
SW_NONE_CHOSEN = "⚠️ Chưa chọn ai. Bấm tên những người đã đóng."
SW_ICON_TICKED = "☑️"
SW_ICON_UNTICKED = "⬜"
SW_PAID_LABEL = "💰 {name} (đã đóng)"
SW_BTN_NEXT = "🧺 Ghi đóng góp ({count} người)"
SW_CONFIRM = (
    "Ghi đóng góp {amount} cho {count} người, tổng <b>{total}</b> ({words})?\n"
    "Ngày ghi sổ: {date}."
)
SW_BTN_RECORD = "✅ Ghi vào sổ"
SW_BTN_BACK = "↩️ Sửa danh sách"
SW_DONE = "✅ Đã ghi đóng góp {amount} cho <b>{count} người</b>, tổng {total}, ngày {date}."
SW_DONE_RECEIPTS = "Biên nhận sẽ gửi đến {count} tài khoản đã kết nối."
SW_DONE_NO_RECEIPTS = "Chưa ai trong số này kết nối với trợ lý nên chưa có biên nhận."
SW_DONE_SKIPPED = (
    "{count} người vừa được ghi đóng góp ngày này từ chỗ khác nên không ghi lại: {names}."
)
SW_DONE_LEFT = "{count} người không còn trong danh sách CLB nên không ghi."
# Another board member confirmed the same day's sweep first (or at the same moment).
SW_ALREADY_RECORDED = (
    "⚠️ Không ghi thêm gì. Đóng góp ngày {date} của những người đã chọn vừa được ghi "
    "từ chỗ khác (có thể một người khác trong ban chủ nhiệm vừa ghi), mỗi người một lần: "
    "{names}."
)
SW_NOTHING = "Không còn ai trong số đã chọn cần ghi đóng góp ngày này. Không ghi thêm gì."
SW_ALREADY = "Việc này đã ghi rồi, không ghi thêm lần nữa."


# ---------------------------------------------------------------- web chat
# The page (bot/web/index.html takes these by name) and what the web server says.
WEB_TITLE = "Trợ lý CLB Liên thế hệ"
WEB_SIGNIN_HEAD = "Nhập mã kết nối"
WEB_SIGNIN_HELP = (
    "Mã có 8 chữ số, do ban chủ nhiệm CLB đưa. "
    "Gõ mã vào ô dưới rồi bấm nút «Vào xem sổ»."
)
WEB_SIGNIN_BUTTON = "Vào xem sổ"
WEB_SIGNIN_WAIT = "Đang kiểm tra mã…"
WEB_CODE_EXAMPLE = "Ví dụ: 1234 5678"
WEB_SEND = "Gửi"
WEB_TYPE_HERE = "Gõ chữ…"
WEB_MENU = "☰ Menu"
WEB_MENU_CLOSE = "✖ Đóng"
WEB_READ = "🔊 Đọc"
WEB_READ_STOP = "⏹ Dừng đọc"
WEB_SIGN_OUT = "🚪 Thoát"
WEB_SIGN_OUT_ASK = (
    "Thoát khỏi máy này?\n"
    "Sau khi thoát, muốn xem sổ lại phải xin ban chủ nhiệm một mã kết nối mới."
)
WEB_SIGN_OUT_YES = "🚪 Thoát, lần sau dùng mã mới"
WEB_SIGN_OUT_NO = "Ở lại"
WEB_SIGNED_OUT = "Đã thoát. Máy này không còn xem được sổ nữa."
WEB_SESSION_GONE = "Đã hết phiên làm việc. Xin nhập mã kết nối mới để vào lại."
WEB_OFFLINE = "Chưa gửi được vì mất kết nối mạng. Xin thử lại."
WEB_NEED_CODE = (
    "Trên trang này, kết nối bằng mã 8 số do ban chủ nhiệm CLB đưa: gõ mã vào ô dưới."
)
WEB_BAD_REQUEST = "Trang chưa gửi đúng yêu cầu. Xin tải lại trang rồi thử lại."
WEB_TOO_MANY = "Đã gõ sai mã nhiều lần từ máy này. Xin đợi đến {when} rồi thử lại."
WEB_SHARED_HINT = (
    "Nếu nhiều người dùng chung máy hay chung mạng này, xin nhờ ban chủ nhiệm CLB "
    "cấp «mã cho máy dùng chung» (12 số): mã đó vào được ngay."
)
WEB_SIGNIN_PAUSED = (
    "Trang tạm ngừng nhận mã vì vừa có quá nhiều lần gõ sai mã. "
    "Xin đợi đến {when} rồi thử lại."
)
# The privacy page (/privacy): what is kept, why, who sees it, for how long,
# and what a member can do — in the members' words. (heading, paragraphs)
PRIVACY_TITLE = "Dữ liệu của thành viên — Trợ lý CLB Liên thế hệ tự giúp nhau"
PRIVACY_SECTIONS = (
    ("CLB giữ những gì", (
        "Họ tên, mã thành viên, giới tính, năm sinh, số điện thoại, tổ, chức vụ.",
        "Sổ quỹ (tiết kiệm, đóng góp, trả nợ), khoản vay, điểm danh các buổi họp.",
        "Số đo huyết áp và cân nặng — chỉ khi thành viên đồng ý.",
        "Các tài khoản Telegram, Zalo, trang web đã kết nối với sổ, và tin trợ lý đã nhắn.",
    )),
    ("Để làm gì", (
        "Sổ quỹ, khoản vay, điểm danh là sổ sách CLB phải giữ khi là thành viên.",
        "Nhắc lịch họp, lịch khám, kỳ trả nợ; theo dõi sức khỏe khi thành viên đồng ý.",
        "Không dùng vào việc nào khác, không bán, không đưa cho ai ngoài những người dưới đây.",
    )),
    ("Ai được xem", (
        "Thành viên; người nhà được thành viên cho phép (bằng mã do ban chủ nhiệm cấp); "
        "ban chủ nhiệm CLB; tình nguyện viên chăm sóc thành viên.",
        "Cán bộ Hội không được xem số đo sức khỏe của thành viên.",
        "Mỗi lần ban chủ nhiệm, tình nguyện viên hay người nhà xem số đo sức khỏe của "
        "thành viên đều được ghi lại: ai xem, lúc nào. Thành viên xem được danh sách này.",
    )),
    ("Số đo sức khỏe cần đồng ý", (
        "Số đo sức khỏe là dữ liệu cá nhân nhạy cảm. Trợ lý chỉ ghi và chỉ hiện khi thành "
        "viên đồng ý: bấm «✅ Đồng ý» khi được hỏi, hoặc ký giấy đồng ý ở buổi họp.",
        "Mỗi lần đồng ý, không đồng ý hay rút lại đều được ghi, kèm lời hỏi lúc đó.",
        "Rút lại lúc nào cũng được: bấm «❓ Hướng dẫn» rồi «🚫 Rút đồng ý sức khỏe».",
    )),
    ("Thành viên có quyền", (
        "Xem CLB giữ gì về mình và nhận tệp Excel: «❓ Hướng dẫn» → «📄 Dữ liệu cá nhân».",
        "Báo sửa thông tin sai, yêu cầu xóa dữ liệu: cũng ở «📄 Dữ liệu cá nhân», hoặc nhờ "
        "ban chủ nhiệm. Chủ nhiệm CLB xác nhận rồi thực hiện.",
        "Khi xóa: số đo sức khỏe, số điện thoại, các tài khoản và người nhà kết nối bị xóa; "
        "sổ quỹ và khoản vay vẫn giữ vì CLB phải giữ sổ sách, ghi là của thành viên đã rời CLB.",
        "Thôi cho người nhà xem sổ: «❓ Hướng dẫn» → «👪 Người nhà xem sổ».",
    )),
    ("Giữ bao lâu", (
        "Sổ sách CLB giữ như sổ giấy. Những thứ chỉ cần trong ít lâu được tự xóa (mặc định): "
        "tin trên trang web 30 ngày sau khi xem, mã kết nối đã dùng 30 ngày, lần gõ mã sai "
        "7 ngày, tin đã gửi 90 ngày, danh sách ai đã xem số đo sức khỏe 2 năm.",
        "Nhật ký của máy chủ không ghi số điện thoại, số đo hay lời nhắn. Bản sao lưu chỉ "
        "người quản trị máy chủ đọc được.",
    )),
    ("Căn cứ và liên hệ", (
        "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, hiệu lực từ 01/01/2026.",
        "Có câu hỏi, xin hỏi chủ nhiệm CLB.",
    )),
)

WEB_WRONG_HOST = "Địa chỉ này không phải của trang CLB. Xin mở đúng địa chỉ ban chủ nhiệm đưa."
WEB_NOT_FOUND = "Không có trang này. Xin mở lại trang chính của CLB."
WEB_TOO_LARGE = "Nội dung gửi lên quá dài. Xin gửi ngắn hơn."
WEB_SERVER_ERROR = "Máy chủ đang gặp trục trặc. Xin đợi ít phút rồi thử lại."
WEB_DEMO_HEAD = "Chạy thử với CLB mẫu: chọn một người để xem như chính họ"
WEB_DEMO_NOTE = "Trang chạy thử trên máy này, dữ liệu mẫu. Cũng có thể nhập mã kết nối ở dưới."
WEB_DEMO_ELDER = "👵 {name}, {age} tuổi: thành viên lớn tuổi có tiết kiệm"
WEB_DEMO_OVERDUE = "📄 {name}: có khoản vay trễ hạn"
WEB_DEMO_SECRETARY = "🗂 {name}: thư ký CLB"
WEB_DEMO_STARTED = (
    "Trang chạy thử đang mở ở {url}\n"
    "Mở địa chỉ này trong trình duyệt và chọn một người. Bấm Ctrl-C để dừng."
)
WEB_DEMO_NOBODY = "CLB này chưa có ai để chạy thử (cần danh sách thành viên)."
WEB_PORT_BUSY = "Không mở được cổng {port} ({reason}). Chọn cổng khác bằng --port."
CLI_NEED_WEBHOOK_SECRET = (
    '[telegram] mode = "webhook" cần [telegram] webhook_secret (hoặc biến môi trường '
    "ISHC_TELEGRAM__WEBHOOK_SECRET): chữ, số, _ và -."
)
CLI_NEED_PUBLIC_URL = (
    '[telegram] mode = "webhook" cần [web] public_url = "https://…": '
    "Telegram chỉ gửi tới địa chỉ https."
)

# ---------------------------------------------------------------- Zalo
# Zalo shows no buttons: a reply's buttons become a numbered list under its
# text, and the person answers with the number (the words work too).
ZALO_OPTION = "{number}. {label}"
ZALO_ANSWER_FEW = "👉 Trả lời {numbers} để chọn."
ZALO_ANSWER_MANY = "👉 Trả lời một số từ 1 đến {last} để chọn."
ZALO_OR = " hoặc "
# A voice message, a sticker, a picture, a file: Zalo passes them on, the bot
# reads only words.
ZALO_ONLY_TEXT = (
    "🙏 Xin lỗi, ở đây chỉ đọc được chữ: tin nhắn thoại, hình ảnh, nhãn dán "
    "thì chưa xem được."
)
ZALO_ONLY_TEXT_PICK = "Xin trả lời bằng một số trong danh sách dưới đây, hoặc gõ chữ."
# For the operator: what Zalo's documentation requires of a webhook, checked
# when the configuration is read, and Zalo's own refusal at start-up.
ZALO_SECRET_LENGTH = (
    "[zalo] webhook_secret phải dài từ 8 đến 256 ký tự, không có dấu cách "
    "(Zalo yêu cầu như vậy); hiện có {length} ký tự."
)
ZALO_NEED_HTTPS = (
    '[zalo] mode = "webhook" cần [web] public_url = "https://…": '
    "Zalo chỉ gửi tin tới địa chỉ https."
)
ZALO_WEBHOOK_REFUSED = (
    "Zalo không nhận đăng ký webhook {url} ({reason}). Xin kiểm tra [zalo] token, "
    "[zalo] webhook_secret và [web] public_url rồi chạy lại."
)
ZALO_WEBHOOK_UNREACHABLE = (
    "Không gọi được Zalo để đăng ký webhook {url} ({reason}). Xin kiểm tra mạng rồi chạy lại."
)
# Zalo cannot share a contact card, so a person links there with the board's
# one-time code; this line replaces every "📱 Gửi số điện thoại" sentence.
ZALO_LINK_BY_CODE = (
    "🔑 Để xem sổ của mình, xin gõ <b>mã kết nối</b> 8 số do ban chủ nhiệm CLB đưa "
    "(ví dụ: 1234 5678). Chưa có mã, xin hỏi ban chủ nhiệm CLB."
)

# ---------------------------------------------------------------- terminal and CLI
TERMINAL_PHONE_PROMPT = "Số điện thoại: "
TERMINAL_IMAGE = "[ảnh: {alt}]"  # a reply's picture, which a terminal cannot show
TERMINAL_INTRO = (
    "Trò chuyện thử với trợ lý CLB ngay trong cửa sổ này.\n"
    "Gõ số của nút để bấm, hoặc gõ chữ. Gõ «thoát» để dừng.\n"
    "Thử kết nối bằng số của một thành viên mẫu: {examples}"
)
TERMINAL_TOUR = "Chạy thử tự động: kết nối, tiết kiệm, khoản vay, lịch họp."
CLI_NO_CLUB = (
    "Cơ sở dữ liệu chưa có CLB nào. Hãy nhập sổ trước: "
    "ishc-bot --config FILE import SO.xlsx"
)
CLI_WHICH_CLUB = "Cơ sở dữ liệu có nhiều CLB. Hãy chọn bằng --club (số hoặc tên):"
CLI_CLUB_NOT_FOUND = "Không tìm thấy đúng một CLB theo «{selector}». Các CLB:"
CLI_IMPORT_FAILED = "Không nhập được sổ, chưa có gì thay đổi. Các lỗi:"
CLI_EXPORTED = "Đã xuất sổ «{club}» ra {path}."
CLI_REPORT_PERIOD = (
    "Xin chọn kỳ báo cáo: --period 2026-H1 (6 tháng: 15/12/2025 – 14/06/2026), "
    "--period 2026 (cả năm: 15/12/2025 – 14/12/2026), hoặc --from và --to (ngày/tháng/năm)."
)
CLI_REPORT_NO_CLUBS = "Không có CLB nào thuộc «{commune}»."
CLI_REPORT_WRITTEN = "Đã lập báo cáo {period}: {path}."
CLI_FILE_MISSING = "Không thấy tệp {path}. Xin kiểm tra lại đường dẫn và tên tệp."
CLI_WORKBOOK_MISSING = "Không thấy tệp sổ {path}. Xin kiểm tra lại đường dẫn và tên tệp."
CLI_CONFIG_MISSING = (
    "Không thấy tệp cấu hình {path}. "
    "Chép config.example.toml thành tệp đó rồi điền token, hoặc chỉ đúng tệp bằng --config."
)
CLI_CONFIG_UNREADABLE = "Không đọc được tệp cấu hình {path}: {reason}."
CLI_CONFIG_NOT_UTF8 = "tệp không phải văn bản UTF-8; lưu lại tệp với bảng mã UTF-8"
CLI_CONFIG_SYNTAX = (
    "Tệp cấu hình {path} sai cú pháp TOML ở dòng {line}. "
    'Mỗi dòng có dạng khóa = giá trị, chữ đặt trong ngoặc kép, ví dụ: token = "123:abc".'
)
# One line per problem in the configuration, then CLI_CONFIG_FIX.
CLI_CONFIG_UNKNOWN_SECTION = "Cấu hình: không có mục [{key}]."
CLI_CONFIG_UNKNOWN_KEY = "Cấu hình: mục [{section}] không có khóa «{key}»."
CLI_CONFIG_UNKNOWN_ENV = "Biến môi trường {env}: không có mục [{section}]."
CLI_CONFIG_DID_YOU_MEAN = " Có phải ý là «{suggestion}»?"
CLI_CONFIG_VALID_KEYS = " Các khóa dùng được: {keys}."
CLI_CONFIG_VALID_SECTIONS = " Các mục dùng được: {keys}."
CLI_CONFIG_BAD_VALUE = "Cấu hình: {key} {problem}"
CLI_CONFIG_GOT = " (đang ghi: {value})"
CLI_CONFIG_SAID = "Cấu hình: {problem}"
CLI_CONFIG_FROM_ENV = " Giá trị này lấy từ biến môi trường {env}."
CLI_CONFIG_FIX_ENV = "Sửa biến môi trường ISHC_… tương ứng rồi chạy lại."
CLI_CONFIG_FIX = (
    "Sửa tệp {path} rồi chạy lại; mọi khóa đều có giải thích trong config.example.toml."
)
CFG_WANT_INT = "phải là số nguyên"
CFG_WANT_NUMBER = "phải là một số, ví dụ 25 hoặc 2.5"
CFG_WANT_BOOL = "phải là true hoặc false (không có ngoặc kép)"
CFG_WANT_TEXT = 'phải là chữ trong ngoặc kép, ví dụ "…"'
CFG_WANT_LIST = 'phải là danh sách trong ngoặc vuông, ví dụ ["2d", "2h"]'
CFG_WANT_SECTION = "phải là một mục riêng, viết [tên mục] trên một dòng"
CFG_WANT_ONE_OF = "phải là một trong: {choices}"
CFG_WANT_MIN = "phải từ {limit} trở lên"
CFG_WANT_ABOVE = "phải lớn hơn {limit}"
CFG_WANT_MAX = "phải từ {limit} trở xuống"
CFG_WANT_BELOW = "phải nhỏ hơn {limit}"
CFG_WANT_DURATION = 'phải là khoảng thời gian như "2d", "2h", "30m" hoặc "1d12h"'
# [retention]: a period no shorter than the floor the bot needs to work right.
CFG_WANT_KEEP = 'phải là khoảng thời gian như "30d" hoặc "12h", không ngắn hơn "{floor}"'
CFG_WANT_DAY_MONTH = 'phải là ngày/tháng như "15/06"'
CFG_WANT_QUIET = 'phải là khoảng giờ như "21:00-06:00", hoặc "" để tắt'
CFG_WANT_TIME = 'phải là giờ:phút như "08:00"'
CFG_WANT_URL = 'phải là địa chỉ như "https://clb.example.vn"'
CFG_WANT_SECRET = "không dùng được: chỉ gồm chữ không dấu, số, _ và -"
CFG_WANT_VALID = "không dùng được"
CFG_OR = " hoặc "

# ``run``, ``check``, ``code`` and failures an operator can fix.
CLI_NO_CHANNEL = (
    "Chưa bật kênh nào trong {path}: điền [zalo] token, hoặc [telegram] token, "
    "hoặc đặt [web] enabled = true."
)
CLI_ZALO_NEEDS_TOKEN = (
    '[zalo] mode = "{mode}" cần [zalo] token (hoặc biến môi trường ISHC_ZALO__TOKEN): '
    "lấy token trong Zalo Bot Manager."
)
CLI_ZALO_NEEDS_SECRET = (
    '[zalo] mode = "webhook" cần [zalo] webhook_secret (hoặc biến môi trường '
    "ISHC_ZALO__WEBHOOK_SECRET): từ 8 đến 256 ký tự, không có dấu cách."
)
CLI_TOKEN_REFUSED = (
    "{service} không nhận token đã cho ({key}). Lấy lại token ở {where}, "
    "sửa tệp cấu hình (hoặc biến môi trường {env}) rồi chạy lại."
)
CLI_WHERE_TELEGRAM = "@BotFather"
CLI_WHERE_ZALO = "Zalo Bot Manager"
CLI_NO_NETWORK = (
    "Không kết nối được tới {service} ({host}). "
    "Kiểm tra mạng Internet của máy này (và {key}), rồi chạy lại."
)
CLI_SERVICE_ERROR = "{service} báo lỗi khi kiểm tra token: {reason}. Đợi một lát rồi chạy lại."
CLI_PORT_BUSY = (
    "Không mở được cổng {port} trên {host}: {reason}. "
    "Có thể bot đang chạy rồi; nếu không, đổi [web] port trong tệp cấu hình."
)
PORT_IN_USE = "một chương trình khác đang dùng cổng này"
PORT_NO_PERMISSION = "không có quyền mở cổng này (cổng dưới 1024 cần quyền quản trị)"
PORT_NO_ADDRESS = "máy này không có địa chỉ đó"
CLI_WEBHOOK_REFUSED = (
    "{service} không nhận địa chỉ webhook {url}: {reason}. "
    "Kiểm tra [web] public_url (phải là https và mở được từ Internet)."
)
CLI_UNEXPECTED = (
    "Lỗi ngoài dự kiến ({kind}). Chạy lại lệnh với --debug để xem chi tiết "
    "và gửi cho người cài đặt bot."
)
CLI_RUNNING = "Bot đang chạy: {channels}. Bấm Ctrl-C để dừng."
CLI_RUNNING_TELEGRAM = "Telegram ({mode})"
CLI_RUNNING_ZALO = "Zalo ({mode})"
CLI_RUNNING_WEB = "trang web {url}"
CLI_STOPPED = "Bot đã dừng."
CLI_CODE_ISSUED = "{head} {code}. {expires}"
CHECK_OK = "✅ {what}"
CHECK_FAILED = "❌ {what}"
CHECK_CONFIG_OK = "Cấu hình {path} đọc được."
CHECK_NO_CONFIG_FILE = "(không có tệp, chỉ biến môi trường)"
CHECK_CONFIG_BAD = "Cấu hình {path} có lỗi:"
CHECK_DB_OK = "Cơ sở dữ liệu {path} mở được, đủ {count} bản nâng cấp, {clubs} CLB."
CHECK_DB_MISSING = "Chưa có cơ sở dữ liệu {path}: nhập sổ CLB trước bằng lệnh import."
CHECK_DB_BROKEN = "Cơ sở dữ liệu {path} không mở được ({reason}): khôi phục từ bản sao lưu."
CHECK_DB_BEHIND = (
    "Cơ sở dữ liệu {path} còn {count} bản nâng cấp chưa áp dụng ({names}): "
    "lệnh run hoặc import sẽ áp dụng."
)
CHECK_DB_AHEAD = (
    "Cơ sở dữ liệu {path} do phiên bản bot mới hơn tạo ({names}): cập nhật chương trình bot."
)
CHECK_TOKEN_OK = "{service}: token được nhận (tài khoản bot {name})."
CHECK_WEBHOOK_OK = "{service}: webhook đã đăng ký ở {url}."
CHECK_WEBHOOK_MISSING = (
    "{service}: webhook chưa đăng ký ở {url} (đang là: {current}). "
    "Lệnh run đăng ký khi khởi động; nếu bot đang chạy, kiểm tra [web] public_url."
)
CHECK_WEBHOOK_NONE = "chưa có"
CHECK_WEBHOOK_LAST_ERROR = " Lỗi gần nhất {service} báo: {error}."
CHECK_WEBHOOK_UNKNOWN = "{service}: không đọc được webhook đang đăng ký ({reason})."
CHECK_PORT_OK = "Cổng web {host}:{port} còn trống."
CHECK_PORT_BUSY = (
    "Không mở được cổng web {host}:{port}: {reason}. "
    "Có thể bot đang chạy rồi; nếu không, đổi [web] port."
)
CHECK_SKIPPED = "Các mục còn lại chưa kiểm tra được vì cấu hình có lỗi."
# A database file the bot cannot use: one line, then the process exits
# non-zero so that a supervisor notices. {path} is the file as configured.
CLI_DB_NOT_SQLITE = (
    "Tệp cơ sở dữ liệu {path} không phải cơ sở dữ liệu của bot (không phải tệp SQLite). "
    "Hãy kiểm tra [database] path trong tệp cấu hình, hoặc chép lại tệp từ bản sao lưu "
    "gần nhất, rồi chạy lại."
)
CLI_DB_TRUNCATED = (
    "Tệp cơ sở dữ liệu {path} bị thiếu phần cuối (chép dở, hoặc đĩa đầy khi ghi). "
    "Hãy chép lại tệp từ bản sao lưu gần nhất, rồi chạy lại; đừng dùng tệp này."
)
CLI_DB_DAMAGED = (
    "Tệp cơ sở dữ liệu {path} bị hỏng. "
    "Hãy chép lại tệp từ bản sao lưu gần nhất, rồi chạy lại; đừng dùng tệp này."
)
CLI_DB_UNREACHABLE = (
    "Không mở được tệp cơ sở dữ liệu {path}. "
    "Hãy kiểm tra [database] path trong tệp cấu hình và quyền đọc, ghi thư mục chứa tệp."
)
CLI_DB_DETAIL = "Chi tiết kỹ thuật: {detail}"

# ---------------------------------------------------------------- workbook import
# Problems found in a club workbook. A problem reads "Sheet SoQuy, dòng 15: …";
# the reasons start in lower case because they follow that colon.
WB_PROBLEM_AT_ROW = "Sheet {sheet}, dòng {row}: {reason}"
WB_PROBLEM_IN_SHEET = "Sheet {sheet}: {reason}"
WB_REJECTED = (
    "Chưa nhập được sổ sách: tệp có {count} lỗi. "
    "Chưa có gì bị thay đổi. Xin sửa các chỗ dưới đây rồi gửi lại tệp."
)
WB_UNREADABLE = (
    "Không mở được tệp này. Cần tệp Excel dạng .xlsx; "
    "nếu là tệp .xls cũ, xin mở bằng Excel rồi lưu lại dạng .xlsx."
)
# A book too large, or packed to unpack far larger than it is (a zip bomb):
# refused before it is read, in words a secretary can act on.
WB_FILE_TOO_BIG = (
    "Tệp quá lớn (hơn {limit}), không phải cỡ của một sổ sách CLB. "
    "Xin kiểm tra lại xem đã gửi đúng tệp chưa."
)
WB_UNPACKED_TOO_BIG = (
    "Tệp quá lớn để đọc: khi mở ra hơn {limit}, trong khi sổ sách một CLB nhỏ hơn nhiều. "
    "Xin xóa các sheet, hình ảnh không thuộc sổ sách, lưu lại rồi gửi lại."
)
WB_PACKED_ODDLY = (
    "Tệp được nén bất thường (mở ra lớn gấp hàng trăm lần) nên không đọc, để giữ an toàn "
    "cho máy chủ. Xin mở tệp bằng Excel, lưu lại rồi gửi lại."
)
WB_TOO_MANY_ROWS = (
    "sheet có hơn {limit} dòng ghi, quá lớn để nhập một lần. "
    "Xin xem có dòng thừa ở cuối sheet không, xóa đi rồi gửi lại."
)
WB_MORE_PROBLEMS = "… và {count} lỗi nữa. Xin sửa các lỗi trên rồi gửi lại để xem tiếp."
WB_SHEET_MISSING = "tệp không có sheet này."
WB_SHEET_TWICE = "tệp có hai sheet cùng là «{name}»: «{first}» và «{second}»."
WB_COLUMN_MISSING = "thiếu cột «{column}»."
WB_COLUMN_TWICE = "cột «{column}» có hai lần."
WB_CLUB_ROW_MISSING = "thiếu dòng «{label}»."
WB_CLUB_ROW_TWICE = "dòng «{label}» đã có ở dòng {first}."
WB_EMPTY = "{column} đang để trống."
WB_BAD_DATE = "{column} «{value}» không phải là ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 17/03/2026)."
# Dates that exist but cannot be true. "{column} {date}" reads "Ngày 17/03/1926".
WB_DATE_TOO_EARLY = "{column} {date} là trước năm {year}, không thể đúng; xin kiểm tra lại năm."
WB_DATE_IN_FUTURE = (
    "{column} {date} là ngày chưa tới (hôm nay là {today}); sổ chỉ ghi việc đã làm."
)
WB_BEFORE_JOINED = "{column} {date} là trước ngày thành viên «{member}» vào CLB ({joined})."
WB_BEFORE_BORN = "{column} {date} là trước năm sinh của thành viên «{member}» ({born})."
WB_JOINED_BEFORE_BORN = "Ngày vào CLB {date} là trước năm sinh ({born})."
WB_BEFORE_CLUB = (
    "{column} {date} là trước khi CLB có thành viên đầu tiên "
    "(ngày vào CLB sớm nhất trong sheet ThanhVien là {founded})."
)
WB_TEXT_TOO_LONG = "{column} dài quá {limit} ký tự."
WB_BAD_TIME = "{column} «{value}» không phải là giờ hợp lệ (ví dụ 14:00)."
WB_BAD_AMOUNT = "{column} «{value}» không phải là số tiền hợp lệ (ví dụ 50000 hoặc 50.000)."
WB_AMOUNT_ZERO = "{column} phải lớn hơn 0."
WB_AMOUNT_TOO_BIG = "{column} «{value}» quá lớn, xin kiểm tra lại."
WB_BAD_WHOLE = "{column} «{value}» phải là số nguyên từ {low} đến {high}."
WB_BAD_PHONE = "{column} «{value}» không phải là số điện thoại Việt Nam hợp lệ."
WB_BAD_RATE = "{column} «{value}» không phải là lãi suất hợp lệ (ví dụ 0,5 nghĩa là 0,5%/tháng)."
WB_BAD_CHOICE = "{column} «{value}» không hợp lệ; chỉ được ghi: {choices}."
WB_CHOICE = "«{label}»"
WB_CHOICE_OR_EMPTY = "để trống"
WB_BAD_BP = "{column} «{value}» không phải là huyết áp hợp lệ (ví dụ 135/85)."
WB_BAD_WEIGHT = "{column} «{value}» không phải là cân nặng hợp lệ (từ 20 đến 200 kg)."
WB_NO_READING = "chưa ghi huyết áp cũng chưa ghi cân nặng."
WB_BAD_ACTIVITIES = (
    "{column} «{value}» không hợp lệ; ghi số các hoạt động từ 1 đến 8, "
    "cách nhau bởi dấu phẩy (ví dụ 1, 2, 6)."
)
WB_BAD_PLACE = "«{value}» cần ghi dạng xã/phường, tỉnh/thành phố (ví dụ «Xã Tân Lập, Hưng Yên»)."
WB_CODE_TWICE = "{column} «{code}» đã có ở dòng {first}."
WB_ROW_TWICE = "trùng với dòng {first}."
WB_UNKNOWN_MEMBER = "mã thành viên «{code}» không có trong sheet ThanhVien."
WB_UNKNOWN_LOAN = "mã vay «{code}» không có trong sheet KhoanVay."
WB_UNKNOWN_MEETING = "mã buổi «{code}» không có trong sheet BuoiHop."
WB_LOAN_NEEDED = "dòng «{kind}» phải ghi Mã vay."
WB_LOAN_NOT_ALLOWED = "dòng «{kind}» không ghi Mã vay; chỉ dòng «trả gốc», «trả lãi» mới ghi."
# The club's own money (no member) and a member's money do not share kinds.
WB_CLUB_KIND_WITH_MEMBER = (
    "dòng «{kind}» là tiền của CLB, không ghi Mã TV; xin để trống cột Mã TV."
)
WB_MEMBER_KIND_WITHOUT_MEMBER = (
    "dòng «{kind}» phải ghi Mã TV; dòng để trống Mã TV chỉ dùng cho {club}."
)
WB_BAD_CIRCUMSTANCE = "{column} «{value}» không hợp lệ; chỉ được ghi: {choices}."
WB_NO_SUCH_CHECKUP = "ngày {date} không có buổi khám nào trong sheet LichKham."
WB_LOAN_OF_OTHER = "khoản vay «{loan}» là của thành viên «{owner}», không phải của «{member}»."
WB_PAID_BEFORE_LOAN = "ngày trả {paid_on} trước ngày giải ngân khoản vay «{loan}» ({disbursed_on})."
WB_OVERPAID = (
    "tiền trả gốc khoản vay «{loan}» tính đến dòng này là {paid}, "
    "nhiều hơn số tiền vay {amount}."
)
WB_OVERDRAWN = (
    "rút {amount} nhưng đến ngày {date} tiết kiệm của «{member}» chỉ có {balance}; "
    "sổ quỹ sẽ bị âm."
)

# What an import changed, for the person who sent the workbook.
WB_IMPORTED_NEW = "Đã nhập sổ sách của {club} (CLB mới)."
WB_IMPORTED = "Đã nhập sổ sách của {club}."
WB_IMPORTED_NOTHING = "Sổ sách của {club} không có gì mới; dữ liệu giữ nguyên."
WB_LINKS_ENDED = (
    "Kết thúc {count} kết nối chat làm bằng số điện thoại cũ (số trong danh sách đã đổi); "
    "người dùng đã được báo."
)
WB_ADDED = "Thêm mới: {items}."
WB_UPDATED = "Cập nhật: {items}."
WB_COUNT = "{count} {what}"
WB_WHAT = {
    "clubs": "thông tin CLB",
    "members": "thành viên",
    "loans": "khoản vay",
    "cash_entries": "dòng sổ quỹ",
    "meetings": "buổi họp",
    "attendance": "lượt điểm danh",
    "health_readings": "lần đo sức khỏe",
    "checkups": "lịch khám",
    "home_visits": "lần thăm hỏi",
    "checkup_exams": "lượt đi khám",
    "trainings": "lượt tập huấn",
}

# ---------------------------------------------------------- reminders, notices, meeting changes
# Everything the bot sends on its own initiative: two short lines, what and
# when first, where second. "{relative}" is "hôm nay, ", "ngày mai, " or "".
REMINDER_TODAY = "hôm nay, "
REMINDER_TOMORROW = "ngày mai, "
REMINDER_AT = ", lúc <b>{time}</b>"
REMINDER_PLACE = "Địa điểm: {place}."
REMINDER_TOPIC = "Nội dung: {topic}."
REMINDER_MEETING = "📅 Nhắc họp CLB: {relative}<b>{date}</b> ({lunar}){time}."
REMINDER_MEETING_MOVED = "📅 Buổi họp CLB đã dời sang {relative}<b>{date}</b> ({lunar}){time}."
REMINDER_CHECKUP = "🩺 {what}: {relative}<b>{date}</b> ({lunar}){time}."
REMINDER_INSTALLMENT = "📄 {name} sắp đến kỳ trả khoản vay {code}: <b>{total}</b>{detail}."
REMINDER_INSTALLMENT_DETAIL = " (gốc {principal}, lãi {interest})"
REMINDER_INSTALLMENT_INTEREST_ONLY = " (tiền lãi)"
REMINDER_INSTALLMENT_WHEN = "Hạn trả: {relative}<b>{date}</b> ({lunar}). Xin nộp cho thủ quỹ CLB."
REMINDER_ROLLCALL = "✅ Buổi họp {date} chưa có điểm danh."
REMINDER_ROLLCALL_HOW = "Xin vào «🗂 Ban chủ nhiệm», chọn «✅ Điểm danh» để ghi."
REMINDER_DEADLINE = "🗂 Sắp đến hạn nộp {report}: {relative}<b>{date}</b> ({lunar})."
REMINDER_DEADLINE_WHERE = (
    "Nộp cho Hội Người cao tuổi xã (xã tổng hợp, nộp lên trên ngày {commune_date}). "
    "Lập báo cáo: «🗂 Ban chủ nhiệm» → «📊 Báo cáo»."
)
REPORT_SIX_MONTH = "báo cáo 6 tháng đầu năm {year}"
REPORT_ANNUAL = "báo cáo năm {year}"

# ---------------------------------------------------------- the programme's report
# The figures the plans ask for twice a year (club/programme.py): the period,
# the 8 activity areas by their short names, the targets.
PERIOD_DATES = "{start} – {end}"
PERIOD_HALF = "6 tháng đầu năm {year} ({dates})"
PERIOD_YEAR = "năm {year} ({dates})"
PERIOD_CUSTOM = "từ {start} đến {end}"
AREA_NAMES = {
    1: "Tăng thu nhập",
    2: "Chăm sóc sức khỏe",
    3: "Chăm sóc tại nhà",
    4: "Tự giúp nhau",
    5: "Quyền và lợi ích",
    6: "Truyền thông",
    7: "Văn hóa, thể thao",
    8: "Vận động nguồn lực",
}
INDICATOR_LABELS = {
    "fund": "Quỹ tăng thu nhập từ 50 triệu đồng trở lên",
    "share_borrowing": "Từ 50% thành viên được vay vốn",
    "meetings_monthly": "Sinh hoạt hằng tháng",
    "all_8_areas": "Sinh hoạt đủ 8 mảng hoạt động",
    "women_share": "Thành viên nữ chiếm 60–70%",
    "older_share": "Người cao tuổi chiếm 60–70%",
    "checkups": "Khám sức khỏe định kỳ",
    "board_trained": "Ban chủ nhiệm được tập huấn",
}
# An indicator's target and value as the report and the chat write them.
INDICATOR_TARGETS = {
    "fund": "từ {amount}",
    "share_borrowing": "từ {percent}",
    "meetings_monthly": "{count} buổi (mỗi tháng 1 buổi)",
    "all_8_areas": "đủ 8/8 mảng",
    "women_share": "{low} – {high}",
    "older_share": "{low} – {high}",
    "checkups": "ít nhất 1 đợt",
    "board_trained": "ít nhất 1 người",
}
INDICATOR_VALUES = {
    "fund": "{amount}",
    "share_borrowing": "{percent}",
    "meetings_monthly": "{count} buổi",
    "all_8_areas": "{count}/8 mảng",
    "women_share": "{percent}",
    "older_share": "{percent}",
    "checkups": "{count} đợt",
    "board_trained": "{count} người",
}
INDICATOR_MET = "✅ Đạt"
INDICATOR_NOT_MET = "❌ Chưa đạt"
# The PDF's font has no coloured emoji: plain ticks there.
INDICATOR_MET_PLAIN = "✔ Đạt"
INDICATOR_NOT_MET_PLAIN = "✘ Chưa đạt"

# 📊 Báo cáo in chat, and in the deadline reminders: the period's headline
# figures against the targets, ten lines at most.
REPORT_HEADLINE = "📊 <b>Báo cáo {period}</b>, số liệu đến {today}:"
REPORT_LINE_MEMBERS = "👥 Thành viên: <b>{total}</b> (nữ {women}, từ 60 tuổi {older})"
REPORT_LINE_MEETINGS = "📅 Sinh hoạt: <b>{held}</b>/{months} buổi, {areas}/8 mảng, có mặt {rate}"
REPORT_LINE_FUND = "🏦 Vốn quỹ: <b>{capital}</b> (mục tiêu từ {target}), tiền mặt {cash}"
REPORT_LINE_LOANS = "🤝 Được vay vốn: <b>{borrowing}</b> người = {share} (mục tiêu từ {target})"
REPORT_LINE_CARE = "🩺 Khám định kỳ: {examined} người; thăm hỏi tại nhà: {visits} lượt"
REPORT_LINE_MET = "✅ Đạt <b>{met}/{total}</b> chỉ tiêu."
REPORT_LINE_NOT_MET = "❌ Chưa đạt: {labels}."
# Under the headline, the report's charts as pictures, one line of words each
# (the photo's caption on Telegram and Zalo, above the picture on the web).
REPORT_CHART_FUND_CAPTION = "📈 Quỹ từng tháng: vốn quỹ, tiền mặt, đang cho vay"
REPORT_CHART_ATTENDANCE_CAPTION = "📊 Tỷ lệ có mặt ở từng buổi sinh hoạt trong kỳ"
REPORT_CHART_AREAS_CAPTION = "📊 Số buổi sinh hoạt có từng mảng trong 8 mảng hoạt động"
REPORT_CHART_BORROWING_CAPTION = "📊 Tỷ lệ thành viên được vay vốn, so với mục tiêu 50%"
REPORT_FILES_SENT = "📎 Báo cáo gửi kèm: tệp Excel để nộp, tệp PDF có biểu đồ."
REPORT_FILES_LINKS = (
    "📎 Tải báo cáo (đường dẫn dùng được trong 1 ngày):\nExcel: {xlsx}\nPDF: {pdf}"
)
REPORT_FILE_XLSX = "📗 Báo cáo {period} (Excel)"
REPORT_FILE_PDF = "📕 Báo cáo {period} (PDF, có biểu đồ)"
DOWNLOAD_GONE = "Đường dẫn này đã hết hạn hoặc không đúng. Xin lập lại báo cáo trong chat."

# The report's workbook and PDF (storage/programme/documents).
REPORT_DOC_TITLE = "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU"
REPORT_DOC_TITLE_MANY = "BÁO CÁO TỔNG HỢP CÁC CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU"
REPORT_DOC_CLUB = "Câu lạc bộ"
REPORT_DOC_COMMUNE = "Xã/phường"
REPORT_DOC_PROVINCE = "Tỉnh/thành phố"
REPORT_DOC_SCOPE = "Phạm vi"
REPORT_DOC_SCOPE_ALL = "Tất cả các CLB"
REPORT_DOC_CLUBS = "Số CLB"
REPORT_DOC_PERIOD = "Kỳ báo cáo"
REPORT_DOC_MADE_BY = "Người lập"
REPORT_DOC_MADE_ON = "Ngày lập"
REPORT_DOC_SOURCE = "Số liệu tính tự động từ sổ sách của CLB; quỹ và tiền mặt theo số dư đầu kỳ."
REPORT_DOC_SHEET_COVER = "Bìa"
REPORT_DOC_SHEET_FIGURES = "Số liệu"
REPORT_DOC_SHEET_INDICATORS = "Chỉ tiêu"
REPORT_DOC_SHEET_CLUBS = "Các CLB"
REPORT_DOC_FIGURE = "Nội dung"
REPORT_DOC_VALUE = "Số liệu"
REPORT_DOC_INDICATOR = "Chỉ tiêu"
REPORT_DOC_TARGET = "Mục tiêu"
REPORT_DOC_RESULT = "Kết quả"
REPORT_DOC_MET = "Đánh giá"
REPORT_DOC_CLUBS_MET = "Số CLB đạt"
REPORT_DOC_SHARE_MET = "Tỷ lệ CLB đạt"
REPORT_DOC_TOTAL = "Cộng"
REPORT_DOC_AREA = "Số buổi có mảng {number}. {name}"
REPORT_DOC_CHARTS = "Biểu đồ"
# The report's figures, section by section: (section, key, label, how to show it).
REPORT_SECTIONS = {
    "members": "Thành viên",
    "meetings": "Sinh hoạt",
    "loans": "Vay vốn",
    "savings": "Tiết kiệm",
    "fund": "Quỹ CLB",
    "health": "Sức khỏe",
    "care": "Chăm sóc tại nhà",
}
REPORT_FIGURES = (
    ("members", "total", "Tổng số thành viên", "count"),
    ("members", "women", "Thành viên nữ", "count"),
    ("members", "aged_60_plus", "Thành viên từ 60 tuổi trở lên", "count"),
    ("members", "women_aged_60_plus", "Nữ từ 60 tuổi trở lên", "count"),
    ("meetings", "held", "Số buổi sinh hoạt", "count"),
    ("meetings", "all_8_areas", "Số buổi sinh hoạt đủ 8 mảng", "count"),
    ("attendance", "rate", "Tỷ lệ có mặt ở các buổi sinh hoạt", "share"),
    ("loans", "members_borrowing", "Thành viên có dư nợ trong kỳ", "count"),
    ("loans", "share_borrowing", "Tỷ lệ thành viên được vay vốn", "share"),
    ("loans", "disbursed", "Tiền cho vay trong kỳ", "money"),
    ("loans", "outstanding_principal", "Dư nợ gốc cuối kỳ", "money"),
    ("loans", "interest_received", "Tiền lãi thu trong kỳ", "money"),
    ("savings", "balance", "Tiết kiệm của thành viên cuối kỳ", "money"),
    ("fund", "contributions", "Đóng góp quỹ trong kỳ", "money"),
    ("fund", "grants", "Nhận hỗ trợ trong kỳ", "money"),
    ("fund", "spending", "Chi hoạt động trong kỳ", "money"),
    ("fund", "capital", "Vốn quỹ cuối kỳ", "money"),
    ("fund", "cash", "Tiền mặt cuối kỳ", "money"),
    ("health", "members_with_reading", "Thành viên được đo huyết áp, cân nặng", "count"),
    ("health", "high_bp_members", "Thành viên huyết áp cao (lần đo cuối)", "count"),
    ("health", "examined", "Thành viên được khám sức khỏe định kỳ", "count"),
    ("care", "visits", "Lượt thăm hỏi, chăm sóc tại nhà", "count"),
    ("care", "flagged", "Lượt thăm phát hiện cần báo y tế", "count"),
)
# Charts: titles, series and axes, in large type.
CHART_FUND = "Quỹ CLB cuối mỗi tháng"
CHART_FUND_CAPITAL = "Vốn quỹ"
CHART_FUND_CASH = "Tiền mặt"
CHART_FUND_ON_LOAN = "Đang cho vay"
CHART_MILLIONS = "triệu đồng"
CHART_ATTENDANCE = "Tỷ lệ có mặt từng buổi sinh hoạt"
CHART_AREAS = "Số buổi sinh hoạt theo 8 mảng hoạt động"
CHART_MEETINGS = "buổi"
CHART_BORROWING = "Tỷ lệ thành viên được vay vốn"
CHART_BORROWING_BAR = "CLB"
CHART_BORROWING_TARGET = "Mục tiêu 50%"
CHART_NO_DATA = "Chưa có số liệu trong kỳ"
DURATION_WORDS = {"d": "{n} ngày", "h": "{n} giờ", "m": "{n} phút"}
DURATION_AND = " và "

# Pausing reminders: under "❓ Hướng dẫn", or typed ("tat nhac nho").
BTN_PAUSE_REMINDERS = "🔕 Tắt nhắc nhở"
BTN_RESUME_REMINDERS = "🔔 Bật nhắc nhở"
REMINDERS_PAUSED = (
    "🔕 Đã tắt nhắc nhở: từ nay không còn tin tự nhắc lịch họp, lịch khám, kỳ trả nợ.\n"
    "Thông báo của ban chủ nhiệm vẫn gửi đến. Muốn nhận lại, bấm «❓ Hướng dẫn» rồi "
    "«🔔 Bật nhắc nhở»."
)
REMINDERS_STATE_ON = (
    "🔔 Nhắc nhở đang <b>bật</b>: lịch họp, lịch khám và kỳ trả nợ được nhắn trước."
)
REMINDERS_STATE_OFF = "🔕 Nhắc nhở đang <b>tắt</b>. Thông báo của ban chủ nhiệm vẫn đến."
REMINDERS_RESUMED = "🔔 Đã bật nhắc nhở: lịch họp, lịch khám và kỳ trả nợ sẽ được nhắn trước."

# Board notices.
BTN_NOTICE = "📢 Gửi thông báo"
BTN_SEND = "✅ Gửi"
BTN_REWRITE = "✏️ Viết lại"
NOTICE_ASK = "📢 Mời gõ nội dung thông báo gửi cả CLB, trong một tin nhắn."
NOTICE_TOO_LONG = "Thông báo dài {length} chữ, quá {limit} chữ. Xin viết gọn lại rồi gửi."
NOTICE_PREVIEW = (
    "📢 Xem trước:\n\n{message}\n\n"
    "Sẽ gửi đến <b>{accounts}</b> tài khoản của {linked}/{members} thành viên đã kết nối."
)
NOTICE_UNLINKED = "{count} thành viên chưa kết nối sẽ không nhận được; xin báo họ cách khác."
NOTICE_AT_NIGHT = "Bây giờ là giờ nghỉ đêm: tin sẽ gửi lúc {at}."
NOTICE_NOBODY = "Chưa thành viên nào của CLB kết nối với trợ lý, nên chưa gửi được thông báo."
NOTICE_QUEUED = "📢 Đã xếp {count} tin để gửi. Gửi xong sẽ có tin báo lại."
NOTICE_MESSAGE = "📢 <b>Thông báo của CLB</b>\n{text}\n— {sender}, {role}"
NOTICE_REPORT = (
    "📢 Thông báo lúc {at} đã gửi xong:\n"
    "✅ Đã gửi: <b>{sent}</b> tài khoản\n"
    "📵 Chưa kết nối: {unlinked} thành viên\n"
    "🚫 Đã chặn tin của trợ lý: {blocked} tài khoản"
)
NOTICE_REPORT_UNCERTAIN = "❔ Mạng chập chờn, không chắc đã tới: {count} tài khoản"
NOTICE_REPORT_FAILED = "⚠️ Không gửi được: {count} tài khoản"

# The board moves or cancels one meeting, or adds a check-up.
BTN_MEETING_CHANGE = "📆 Đổi lịch họp"
BTN_MEETING_MOVE = "📆 Dời sang ngày khác"
BTN_MEETING_CANCEL = "🚫 Hủy buổi này"
BTN_MEETING_RESTORE = "↩️ Theo lịch thường lệ"
BTN_AGREE = "✅ Đồng ý"
BTN_TELL_CLUB = "📢 Báo cho cả CLB"
MEETING_PICK = "📆 Chọn buổi họp muốn đổi:"
MEETING_NONE = "Không thấy buổi họp nào sắp tới."
MEETING_LABEL_MOVED = " (đã dời)"
MEETING_LABEL_CANCELLED = " (đã hủy)"
MEETING_WHAT = "Buổi họp {date} ({lunar}){time}. Cần làm gì với buổi này?"
MEETING_ASK_WHEN = "Gõ ngày và giờ họp mới, ví dụ: <b>{example}</b>"
MEETING_BAD_WHEN = "Chưa đọc được ngày giờ «{text}». Xin gõ như: <b>{example}</b>"
MEETING_IN_PAST = "Lúc đó đã qua rồi. Xin gõ một ngày giờ sắp tới."
MEETING_TOO_FAR = "Chỉ dời được trong vòng {days} ngày quanh ngày họp thường lệ {date}."
MEETING_CONFIRM_MOVE = (
    "Dời buổi họp {old} sang <b>{new}</b>{time}?\n"
    "Tin nhắc sẽ theo lịch mới, gửi đến {accounts} tài khoản."
)
MEETING_CONFIRM_CANCEL = "Hủy buổi họp {date}?\nTin nhắc của buổi này sẽ không gửi nữa."
MEETING_CONFIRM_RESTORE = "Đưa buổi họp về lịch thường lệ: <b>{date}</b>{time}?"
MEETING_MOVED = "✅ Đã dời buổi họp sang <b>{date}</b>{time}. Tin nhắc sẽ theo lịch mới."
MEETING_CANCELLED = "✅ Đã hủy buổi họp {date}. Tin nhắc của buổi này sẽ không gửi."
MEETING_RESTORED = "✅ Buổi họp về lại lịch thường lệ: <b>{date}</b>{time}."
MEETING_TELL_CLUB = "Muốn báo ngay cho cả CLB, bấm «📢 Báo cho cả CLB»."
MEETING_NOTICE_MOVED = "Buổi họp {old} dời sang {new}{time}."
MEETING_NOTICE_CANCELLED = "Buổi họp {date} không họp nữa."
MEETING_NOTICE_RESTORED = "Buổi họp vẫn theo lịch thường lệ: {date}{time}."

BTN_ADD_CHECKUP = "🏥 Thêm lịch khám"
CHECKUP_DEFAULT_WHAT = "Khám sức khỏe định kỳ"
CHECKUP_DEFAULT_PLACE = "Trạm y tế xã"
CHECKUP_ASK_WHEN = "🏥 Gõ ngày và giờ khám, ví dụ: <b>{example}</b>"
CHECKUP_ASK_WHAT = "Khám gì? Bấm nút, hoặc gõ tên đợt khám."
CHECKUP_ASK_PLACE = "Khám ở đâu? Bấm nút, hoặc gõ địa điểm."
CHECKUP_CONFIRM = (
    "Thêm lịch khám:\n🩺 {what}: <b>{date}</b>{time}\nTại: {place}\n"
    "Sẽ nhắc {accounts} tài khoản trước {before}."
)
CHECKUP_ADDED = "✅ Đã thêm lịch khám. Thành viên sẽ được nhắc trước {before}."
CHECKUP_EXISTS = "Lịch khám này đã có rồi, không thêm lần nữa."
BTN_CHECKUP_WHAT = "🩺 Khám sức khỏe định kỳ"
BTN_CHECKUP_PLACE = "🏥 Trạm y tế xã"

# The operator's `meeting` command.
CLI_MEETING_BAD_DATE = "Không đọc được ngày «{text}». Ghi ngày/tháng/năm, ví dụ 17/12/2026."
CLI_MEETING_BAD_WHEN = "Không đọc được «{text}». Ghi như: \"17/12/2026 14:00\"."
CLI_MEETING_NOT_FOUND = "{club} không có buổi họp nào ngày {date}. Các buổi tới:"
CLI_MEETING_LINE = "  {date}{time}{state}"
CLI_MEETING_IN_PAST = "Không đổi được: lúc đó đã qua rồi."
CLI_MEETING_TOO_FAR = "Không đổi được: chỉ dời trong vòng {days} ngày quanh ngày họp {date}."
CLI_MEETING_MOVED = "Đã dời buổi họp {old} của {club} sang {new}{time}. Tin nhắc theo lịch mới."
CLI_MEETING_CANCELLED = "Đã hủy buổi họp {date} của {club}. Tin nhắc của buổi này không gửi nữa."
CLI_MEETING_RESTORED = "Buổi họp của {club} về lại lịch thường lệ: {date}{time}."
CLI_MEETING_LIST = "Các buổi họp tới của {club}:"

# The operator's `backup` and `restore` commands (bot/cli_backup.py).
CLI_BACKUP_DONE = "Đã sao lưu vào {path} ({size}). Bản sao đã kiểm tra toàn vẹn: tốt."
CLI_BACKUP_HOLDS = "Trong đó: {clubs} CLB, {members} thành viên{last}."
CLI_BACKUP_LAST_CHANGE = "; thay đổi cuối lúc {when}"
CLI_BACKUP_NEED_OUT = (
    "Cần tên tệp sao lưu, ví dụ: ishc-bot --config FILE backup ban-sao.db "
    "(hoặc đặt [backup] dir trong tệp cấu hình)."
)
CLI_BACKUP_NO_DATABASE = (
    "Không thấy cơ sở dữ liệu {path}. Xem lại [database] path trong tệp cấu hình."
)
CLI_BACKUP_NO_DIR = "Không có thư mục {path}. Tạo thư mục trước, hoặc chọn chỗ khác."
CLI_BACKUP_SAME_FILE = "{path} chính là cơ sở dữ liệu đang dùng. Xin chọn một tệp khác."
CLI_BACKUP_NOT_SQLITE = "{path} không phải tệp cơ sở dữ liệu SQLite."
CLI_BACKUP_NOT_ISHC = "{path} không phải cơ sở dữ liệu của ishc-bot."
CLI_BACKUP_DAMAGED = (
    "Cơ sở dữ liệu {path} không qua được kiểm tra toàn vẹn ({detail}); chưa ghi bản sao nào. "
    "Xin giữ nguyên các bản sao lưu cũ và báo người lo kỹ thuật."
)
CLI_BACKUP_IO = "Không sao lưu được vào {path}: {reason}. Chưa ghi bản sao nào."
CLI_BACKUP_STOPPED = "Đã dừng giữa chừng; không để lại tệp ghi dở nào."
CLI_IO_FULL = "ổ đĩa đã đầy"
CLI_IO_DENIED = "không có quyền (chạy lệnh bằng người dùng của bot, ví dụ: sudo -u ishc …)"
CLI_IO_READONLY = "ổ đĩa chỉ cho đọc"
CLI_IO_OTHER = "lỗi hệ thống ({detail})"
CLI_RESTORE_DONE = "Đã khôi phục {database} từ {source}."
CLI_RESTORE_KEPT = "Cơ sở dữ liệu cũ được giữ lại ở {kept}."
CLI_RESTORE_MIGRATE = "Bản sao lưu của phiên bản cũ hơn: bot tự cập nhật cấu trúc khi chạy lại."
CLI_RESTORE_NEXT = "Bây giờ có thể chạy bot lại (ví dụ: sudo systemctl start ishc-bot)."
CLI_RESTORE_RUNNING = (
    "Bot đang chạy trên cơ sở dữ liệu này{pid}; chưa khôi phục gì. Dừng bot trước "
    "(ví dụ: sudo systemctl stop ishc-bot), rồi chạy lại lệnh này."
)
CLI_RESTORE_PID = " (tiến trình {pid})"
CLI_RESTORE_IN_USE = (
    "Cơ sở dữ liệu {path} đang được một chương trình khác mở; chưa khôi phục gì. "
    "Dừng bot và các lệnh ishc-bot khác, rồi chạy lại lệnh này."
)
CLI_RESTORE_NOT_SQLITE = "{path} không phải tệp sao lưu SQLite; chưa khôi phục gì."
CLI_RESTORE_NOT_ISHC = "{path} không phải bản sao lưu của ishc-bot; chưa khôi phục gì."
CLI_RESTORE_DAMAGED = (
    "Tệp {path} bị hỏng (kiểm tra toàn vẹn: {detail}); chưa khôi phục gì. "
    "Xin thử một bản sao lưu khác."
)
CLI_RESTORE_NEWER = (
    "Tệp {path} do phiên bản ishc-bot mới hơn tạo ra ({detail}); chưa khôi phục gì. "
    "Cập nhật ishc-bot trước, rồi khôi phục."
)
CLI_RESTORE_SAME_FILE = "{path} chính là cơ sở dữ liệu đang dùng; không có gì để khôi phục."
CLI_RESTORE_IO = "Không khôi phục được {path}: {reason}."
# For the runtime: a second `run` on the same database, or `run` during a restore.
CLI_ALREADY_RUNNING = (
    "Đã có bot đang chạy trên cơ sở dữ liệu này (tiến trình {pid}), hoặc đang khôi phục "
    "dữ liệu. Mỗi cơ sở dữ liệu chỉ chạy một bot."
)
