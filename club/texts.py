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
WELCOME_BACK = "Xin chào {name}! Mời bấm một nút ở dưới."
NOT_OWN_CONTACT = (
    "Số này không phải của chính bạn nên tôi không liên kết được.\n"
    "Xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới để gửi số của mình."
)
PHONE_UNREADABLE = "Tôi không đọc được số điện thoại này. Xin bấm nút <b>📱 Gửi số điện thoại</b>."
PHONE_NOT_ON_ROSTER = "Số {phone} chưa có trong danh sách thành viên CLB."
ASK_CHAIR = "Xin nhờ chủ nhiệm {club} là {chair}{chair_phone} thêm số của bạn vào danh sách."
CHAIR_PHONE = " (số {phone})"
ASK_ANY_CHAIR = "Xin nhờ chủ nhiệm CLB của bạn thêm số này vào danh sách."
LINKED_ONE = "Xin chào {name}! Đã kết nối với sổ của bạn ở {club}.\nMời bấm một nút ở dưới."
LINKED_MANY = "Số này dùng chung cho {count} người: {names}. Bạn xem được sổ của từng người."
NOW_VIEWING = "Đang xem sổ của <b>{name}</b>. Mời bấm một nút ở dưới."
PICK_WHO = "Bạn muốn xem sổ của ai?"
NEED_LINK = (
    "Bạn chưa kết nối với sổ CLB.\n"
    "Xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới."
)
UNLINK_CONFIRM = "Hủy kết nối tài khoản này với sổ của {names}?"
UNLINK_DONE = "Đã hủy kết nối. Khi cần, bấm <b>📱 Gửi số điện thoại</b> để kết nối lại."
UNLINK_KEPT = "Vẫn giữ kết nối. Mời bấm một nút ở dưới."
TYPED_PHONE = (
    "Gõ số điện thoại thì tôi chưa biết chắc đó là số của bạn.\n"
    "Xin bấm nút <b>📱 Gửi số điện thoại</b> ở dưới để gửi số của chính mình."
)
STALE_CHOICE = "Nút này đã cũ. Mời bấm một nút ở dưới."

# ---------------------------------------------------------------- chat: savings
SAVINGS_BALANCE = "💰 Tiết kiệm của {name}: <b>{amount}</b>"
SAVINGS_RECENT = "Gần đây:"
SAVINGS_NONE = "Chưa có lần gửi hay rút nào."
MOVEMENT_LINE = "• {date}: {what} {amount}"
MOVEMENT_DEPOSIT = "gửi"
MOVEMENT_WITHDRAWAL = "rút"
CONTRIB_LINE = "Đóng góp quỹ năm {year}: <b>{paid}</b> / {expected} ({months} tháng × {monthly})."
CONTRIB_SHORT = "Còn thiếu {missing}."
CONTRIB_OK = "Đã đóng đủ. Cảm ơn bạn!"
CONTRIB_NONE_SET = "Đóng góp quỹ năm {year}: <b>{paid}</b>."

# ---------------------------------------------------------------- chat: loans
LOANS_NONE = "📄 {name} hiện không có khoản vay nào. Khi cần vay, xin hỏi thủ quỹ CLB."
LOANS_TOTAL = "📄 {name} còn nợ gốc: <b>{amount}</b>"
LOAN_HEAD = "<b>Khoản vay {code}</b>: {amount}, vay ngày {date}, {term} tháng, lãi {rate}%/tháng."
LOAN_OUTSTANDING = "Còn nợ gốc: <b>{amount}</b>"
LOAN_NEXT = "Kỳ tới: {date} — gốc {principal}, lãi {interest}, cộng <b>{total}</b>."
LOAN_NEXT_INTEREST = "Kỳ tới: {date} — trả lãi <b>{interest}</b>. Gốc trả vào kỳ cuối."
LOAN_OVERDUE = "⚠️ Đang quá hạn <b>{amount}</b>, đã {days} ngày (từ {since}). Xin liên hệ thủ quỹ."
LOAN_DONE_SOON = "Đã hết các kỳ trả theo lịch."
LOANS_CLOSED = "Đã trả xong {count} khoản vay trước đây."

# ---------------------------------------------------------------- chat: meetings
MEETING_NEXT = "📅 Họp CLB lần tới: <b>{date}</b>\n({lunar}){time}"
MEETING_TIME = ", lúc {time}"
MEETING_PLACE = "Tại: {place}"
CHECKUP_NEXT = "🩺 {what}: {date}{time}{place}."
CHECKUP_PLACE = ", tại {place}"
CHECKUP_NONE = "🩺 Chưa có lịch khám sức khỏe mới."
ATTENDANCE = "Bạn đã dự <b>{present}/{total}</b> buổi họp gần đây."
ATTENDANCE_NONE = "Chưa có điểm danh của bạn."

# ---------------------------------------------------------------- chat: health
HEALTH_NONE = "❤️ Chưa có lần đo huyết áp nào của {name}. Lần họp tới, mời bạn đo cùng CLB."
HEALTH_BP = "❤️ Huyết áp lần gần nhất: <b>{bp}</b> (ngày {date})"
HEALTH_WEIGHT = "Cân nặng: {kg} kg"
HEALTH_TREND_UP = "So với các lần trước: huyết áp <b>cao lên</b>."
HEALTH_TREND_DOWN = "So với các lần trước: huyết áp giảm xuống."
HEALTH_TREND_STEADY = "So với các lần trước: huyết áp ổn định."
HEALTH_HIGH = (
    "⚠️ Huyết áp này từ 140/90 trở lên, là hơi cao. "
    "Nên đo lại và hỏi nhân viên y tế khi khám."
)
HEALTH_URGENT = (
    "❗ Huyết áp này từ 180/110 trở lên: <b>nên đến trạm y tế sớm</b> để được khám."
)
HEALTH_NOTE = "Đây là số đo, không phải chẩn đoán. Hỏi trạm y tế khi cần."

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

# ---------------------------------------------------------------- chat: misunderstandings
NOT_UNDERSTOOD = "Tôi chưa hiểu «{text}». Bạn muốn xem gì? Mời bấm một nút ở dưới."
ONLY_TEXT = "Tôi chỉ đọc được chữ và nút bấm. Mời bấm một nút ở dưới."
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
BTN_CANCEL = "✖️ Thôi"
BOARD_MENU = "🗂 Công việc của {role}. Chọn một việc:"
BOARD_REFUSED = "Việc này chỉ dành cho ban chủ nhiệm CLB. Không có gì thay đổi."
BOARD_NOT_YOUR_JOB = "Việc này do chủ nhiệm hoặc thủ quỹ làm. Không có gì thay đổi."
FLOW_CANCELLED = "Đã thôi, không ghi gì."
FLOW_STALE = "Nút này thuộc việc đã xong hoặc đã thôi. Không có gì thay đổi."

# ---------------------------------------------------------------- cash book and receipts
KIND_CONTRIBUTION = "đóng góp quỹ"
KIND_DEPOSIT = "gửi tiết kiệm"
KIND_WITHDRAWAL = "rút tiết kiệm"
KIND_PRINCIPAL = "trả gốc"
KIND_INTEREST = "trả lãi"
KIND_FOR_LOAN = "{kind} khoản vay {loan}"
RECEIPT = "🧾 CLB đã ghi cho bạn: {what} <b>{amount}</b>, ngày {date}."
RECEIPT_REVERSED = "🧾 CLB đã sửa một dòng ghi nhầm: {what} {amount} ngày {date} không còn tính."
RECEIPT_SAVINGS = "Tiết kiệm của bạn bây giờ: <b>{amount}</b>."

# ---------------------------------------------------------------- board: cash book entry
FLOW_TAP_A_BUTTON = "Xin bấm một nút ở trên để chọn, hoặc bấm «✖️ Thôi»."
CB_WHO = "💵 Ghi sổ quỹ cho ai? Gõ tên (có dấu hay không dấu đều được) hoặc mã thành viên."
CB_NOT_FOUND = "Không thấy thành viên nào hợp với «{query}». Xin gõ lại tên hoặc mã."
CB_MANY = "Có {count} người hợp với «{query}». Chọn một người:"
CB_TOO_MANY = "Có {count} người hợp với «{query}». Xin gõ thêm họ tên cho rõ."
CB_KIND = "Ghi gì cho <b>{name}</b> ({code})?"
CB_AMOUNT = "{what} cho <b>{name}</b>: bao nhiêu tiền?\nVí dụ: 50k, 50.000, 1tr2, 1,2 triệu."
CB_AMOUNT_UNCLEAR = (
    "Tôi chưa chắc số tiền «{text}». Xin gõ lại, ví dụ: 50k, 50.000, 1tr2, 1,2 triệu."
)
CB_AMOUNT_TOO_BIG = "Số tiền {amount} lớn quá mức thường có. Xin kiểm tra rồi gõ lại."
CB_NOT_ENOUGH = (
    "Không ghi được: tiết kiệm của {name} chỉ còn {balance}, không đủ để rút {amount}."
)
CB_TOO_MUCH_PRINCIPAL = "Không ghi được: khoản vay {loan} chỉ còn nợ gốc {outstanding}."
CB_CONFIRM = "Ghi {what} cho <b>{name}</b>:\n<b>{amount}</b> ({words}), ngày {date}.{after}"
CB_AFTER_SAVINGS = "\nTiết kiệm sau khi ghi: {amount}."
CB_AFTER_LOAN = "\nCòn nợ gốc sau khi ghi: {amount}."
BTN_CONFIRM = "✅ Ghi vào sổ"
CB_DONE = "✅ Đã ghi {what} cho {name}: {amount}."
CB_DONE_RECEIPT = " Thành viên sẽ nhận biên nhận."
CB_DONE_NO_LINK = " Thành viên chưa kết nối nên chưa nhận được biên nhận."
CB_ALREADY = "Việc này đã ghi rồi, không ghi thêm lần nữa."

# ---------------------------------------------------------------- board: health readings
HR_WHO = "🩺 Ghi huyết áp cho ai? Gõ tên hoặc mã thành viên."
HR_ASK = "Huyết áp và cân nặng của <b>{name}</b>? Ví dụ: 135/85 52"
HR_BAD_FORMAT = "Tôi chưa đọc được «{text}». Xin gõ như: 135/85 52 (huyết áp, rồi cân nặng)."
HR_BAD_SYSTOLIC = "Không ghi: số trên của huyết áp phải từ 60 đến 260. Xin đo lại hoặc gõ lại."
HR_BAD_DIASTOLIC = "Không ghi: số dưới của huyết áp phải từ 30 đến 160. Xin đo lại hoặc gõ lại."
HR_BAD_ORDER = "Không ghi: số dưới phải nhỏ hơn số trên (ví dụ 135/85). Xin gõ lại."
HR_BAD_WEIGHT = "Không ghi: cân nặng phải từ 20 đến 200 kg. Xin gõ lại."
HR_SAVED = "✅ Đã ghi cho {name}: huyết áp <b>{bp}</b>{weight}."
HR_SAVED_WEIGHT = ", cân nặng {kg} kg"
HR_REPLACED = "(Thay cho số đã ghi hôm nay.)"
HR_FLAG_HIGH = "⚠️ Từ 140/90 trở lên: nên nhắc thành viên đo lại, hỏi nhân viên y tế."
HR_FLAG_URGENT = "❗ Từ 180/110 trở lên: nên khuyên thành viên đến trạm y tế sớm."
HR_NEXT = "Gõ tên người tiếp theo, hoặc bấm một nút ở dưới."

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
REPORT_SENT = "Đã báo ban chủ nhiệm. Họ sẽ xem lại sổ và trả lời bạn."
REPORT_ALREADY = "Bạn vừa báo việc này rồi. Ban chủ nhiệm sẽ xem lại sổ."
REPORT_NOTICE = (
    "⚠️ <b>{name}</b> ({code}) báo số {screen} có vẻ sai, lúc {when}.\n"
    "Bạn ấy đã thấy:\n{context}"
)
REPORTS_HEAD = "⚠️ Các lần thành viên báo sai gần đây:"
REPORT_LINE = "• {when} — {name} ({code}), {screen}: {context}"
REPORTS_NONE = "Chưa có thành viên nào báo sai."

# ---------------------------------------------------------------- board: new loan
LN_WHO = "🤝 Cho ai vay? Gõ tên hoặc mã thành viên."
LN_AMOUNT = "<b>{name}</b> vay bao nhiêu? Ví dụ: 5 triệu, 5tr, 5.000.000."
LN_TERM = "Vay trong bao nhiêu tháng?"
LN_MONTHS = "{n} tháng"
LN_TERM_UNCLEAR = "Xin bấm một nút, hoặc gõ số tháng (từ 1 đến 60)."
LN_RATE = "Lãi suất bao nhiêu phần trăm một tháng? Ví dụ: 0,5"
LN_RATE_UNCLEAR = "Tôi chưa hiểu lãi suất này. Xin gõ số phần trăm một tháng, ví dụ: 0,5"
LN_METHOD = "Trả theo cách nào?"
LN_CONFIRM = (
    "Cho <b>{name}</b> vay <b>{amount}</b> ({words}),\n"
    "{term} tháng, lãi {rate}%/tháng, {method}.\n"
    "Kỳ đầu: {first_date} — gốc {principal}, lãi {interest}."
)
BTN_CONFIRM_LOAN = "✅ Ghi khoản vay"
LN_DONE = "✅ Đã ghi khoản vay {code} cho {name}: {amount}."
LN_NOTICE = (
    "📄 CLB đã ghi khoản vay {code} của bạn: <b>{amount}</b>, ngày {date}, "
    "{term} tháng, lãi {rate}%/tháng. Bấm «📄 Khoản vay» để xem lịch trả."
)

# ---------------------------------------------------------------- terminal and CLI
TERMINAL_PHONE_PROMPT = "Số điện thoại: "
TERMINAL_INTRO = (
    "Trò chuyện thử với trợ lý CLB ngay trong cửa sổ này.\n"
    "Gõ số của nút để bấm, hoặc gõ chữ. Gõ «thoát» để dừng.\n"
    "Thử kết nối bằng số của một thành viên mẫu: {examples}"
)
TERMINAL_TOUR = "Chạy thử tự động (không có bàn phím): kết nối, tiết kiệm, khoản vay, lịch họp."
CLI_NO_CLUB = (
    "Cơ sở dữ liệu chưa có CLB nào. Hãy nhập sổ trước: "
    "ishc-bot --config FILE import SO.xlsx"
)
CLI_WHICH_CLUB = "Cơ sở dữ liệu có nhiều CLB. Hãy chọn bằng --club (số hoặc tên):"
CLI_CLUB_NOT_FOUND = "Không tìm thấy đúng một CLB theo «{selector}». Các CLB:"
CLI_IMPORT_FAILED = "Không nhập được sổ, chưa có gì thay đổi. Các lỗi:"
CLI_EXPORTED = "Đã xuất sổ «{club}» ra {path}."
CLI_NEED_TOKEN = (
    "Chưa có token Telegram. Điền [telegram] token trong tệp cấu hình "
    "hoặc đặt biến môi trường ISHC_TELEGRAM__TOKEN."
)
CLI_FILE_MISSING = "Không thấy tệp {path}."

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
WB_SHEET_MISSING = "tệp không có sheet này."
WB_SHEET_TWICE = "tệp có hai sheet cùng là «{name}»: «{first}» và «{second}»."
WB_COLUMN_MISSING = "thiếu cột «{column}»."
WB_COLUMN_TWICE = "cột «{column}» có hai lần."
WB_CLUB_ROW_MISSING = "thiếu dòng «{label}»."
WB_CLUB_ROW_TWICE = "dòng «{label}» đã có ở dòng {first}."
WB_EMPTY = "{column} đang để trống."
WB_BAD_DATE = "{column} «{value}» không phải là ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 17/03/2026)."
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
}
