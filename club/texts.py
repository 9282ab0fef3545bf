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
# The blood-pressure picture (club/charts.py) and what it says to someone who cannot see it.
CHART_BP_TITLE = "Huyết áp {count} lần đo gần nhất"
CHART_BP_SYSTOLIC = "Số trên"
CHART_BP_DIASTOLIC = "Số dưới"
CHART_BP_ALT = (
    "Biểu đồ huyết áp {count} lần đo, từ {first} đến {last}. "
    "Lần gần nhất: {bp}. Đường gạch là mức 140/90.")

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
LC_LINKED_SELF = "Xin chào {name}! Đã kết nối với sổ của bạn ở {club}.\nMời bấm một nút ở dưới."
LC_LINKED_PROXY = (
    "Xin chào! Đã kết nối: từ nay bạn giúp <b>{name}</b> ({club}) xem sổ và nhận nhắc nhở.\n"
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
CLI_AUDIT_HEAD = "Nhật ký thay đổi — {club}{member}: {count} dòng, cũ trước, mới sau."
CLI_AUDIT_OF_MEMBER = ", thành viên {code} {name}"
CLI_AUDIT_EMPTY = "Chưa có thay đổi nào được ghi."
CLI_AUDIT_VIA = "{name} ({code}) qua {account}"
AUDIT_ACTIONS = {
    "import": "nhập sổ",
    "restore": "khôi phục từ bản sao lưu",
    "link": "kết nối tài khoản",
    "unlink": "hủy kết nối",
    "cash_entry": "ghi sổ quỹ",
    "reverse_entry": "đảo dòng ghi nhầm",
    "health_reading": "ghi huyết áp",
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
SW_DONE_SKIPPED = "{count} người vừa được ghi đóng góp ngày này từ chỗ khác nên không ghi lại."
SW_NOTHING = "Những người đã chọn đều đã đóng ngày này. Không ghi thêm gì."
SW_ALREADY = "Việc này đã ghi rồi, không ghi thêm lần nữa."


# ---------------------------------------------------------------- web chat
# The page (bot/web/index.html takes these by name) and what the web server says.
WEB_TITLE = "Trợ lý CLB Liên thế hệ"
WEB_SIGNIN_HEAD = "Nhập mã kết nối"
WEB_SIGNIN_HELP = (
    "Mã có 8 chữ số, do ban chủ nhiệm CLB đưa cho bạn. "
    "Gõ mã vào ô dưới rồi bấm nút «Vào xem sổ»."
)
WEB_SIGNIN_BUTTON = "Vào xem sổ"
WEB_SIGNIN_WAIT = "Đang kiểm tra mã…"
WEB_SEND = "Gửi"
WEB_TYPE_HERE = "Gõ chữ ở đây…"
WEB_SIGN_OUT = "🚪 Thoát"
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
    "ISHC_ZALO__WEBHOOK_SECRET): chữ, số, _ và -."
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

# ---------------------------------------------------------- reminders, notices, meeting changes
# Everything the bot sends on its own initiative: two short lines, what and
# when first, where second. "{relative}" is "hôm nay, ", "ngày mai, " or "".
REMINDER_TODAY = "hôm nay, "
REMINDER_TOMORROW = "ngày mai, "
REMINDER_AT = ", lúc <b>{time}</b>"
REMINDER_PLACE = "Địa điểm: {place}."
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
REMINDER_DEADLINE_WHERE = "Nộp cho Hội Người cao tuổi xã."
REPORT_SIX_MONTH = "báo cáo 6 tháng đầu năm {year}"
REPORT_ANNUAL = "báo cáo năm {year}"
DURATION_WORDS = {"d": "{n} ngày", "h": "{n} giờ", "m": "{n} phút"}
DURATION_AND = " và "

# Pausing reminders: under "❓ Hướng dẫn", or typed ("tat nhac nho").
BTN_PAUSE_REMINDERS = "🔕 Tắt nhắc nhở"
BTN_RESUME_REMINDERS = "🔔 Bật nhắc nhở"
REMINDERS_PAUSED = (
    "🔕 Đã tắt nhắc nhở: tôi sẽ không tự nhắn lịch họp, lịch khám, kỳ trả nợ nữa.\n"
    "Thông báo của ban chủ nhiệm vẫn gửi đến. Muốn nhận lại, bấm «❓ Hướng dẫn» rồi "
    "«🔔 Bật nhắc nhở»."
)
REMINDERS_RESUMED = "🔔 Đã bật nhắc nhở: tôi sẽ nhắn trước lịch họp, lịch khám và kỳ trả nợ."

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
NOTICE_QUEUED = "📢 Đã xếp {count} tin để gửi. Gửi xong, tôi sẽ báo lại."
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
MEETING_WHAT = "Buổi họp {date} ({lunar}){time}. Bạn muốn làm gì?"
MEETING_ASK_WHEN = "Gõ ngày và giờ họp mới, ví dụ: <b>{example}</b>"
MEETING_BAD_WHEN = "Tôi chưa đọc được ngày giờ «{text}». Xin gõ như: <b>{example}</b>"
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
