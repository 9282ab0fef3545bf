"""What fuzzed people do: type, tap, share contacts, send stickers.

Taps come from five places, so that every flow is reached and every id is
forged: buttons this person was just offered (the flows move on), buttons
offered to anyone else (another club's, another account's), those with one
part replaced (another club's ids, huge or odd numbers, nothing), opening
every board tool by hand, and garbage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from club import texts
from handlers.conversation import SharedContact, Turn, TurnKind
from tests.fuzz.world import CHANNEL, XOM_BAI_PHONES, Person

# Money first: hypothesis draws the first of a list most often.
TOOLS = ("cb", "ln", "sw", "rv", "rc", "hr", "lc", "rp", "nt", "mt", "ck")
FIXED_TAPS = ["pick:1", "unlink:yes", "unlink:no", "rm:pause", "rm:resume", "rp:new:savings",
              "rp:new:loans", "rp:new:x", "rc:d:20261217", "rc:t:20261217:1:u",
              "mt:0:tell:2026-12-17", "cb:1:ok", "ln:1:ok", "sw:1:ok", "nt:1:ok", "lc:1:p:1",
              "x", "", ":", "cb:", "cb:1", "cb:1:a", "cb:1:k", "ln:1:t", "rv:1:e", "rc:t",
              "hr:1:m", "sw:1:t:1"]
ODD_PARTS = ["0", "-1", "", "x", "²", "٣", "1e3", "99999999999999999999", "9223372036854775807",
             "20261217", "2026-12-17", "19000101", "ok", "open", "1", "p"]
WORDS = [
    "so du", "tiet kiem", "vay", "khoan vay", "lich hop", "suc khoe", "lien he", "huong dan",
    "ban chu nhiem", "doi nguoi xem", "huy lien ket", "tat nhac nho", "bat nhac", "bao sai",
    "bao sai tiet kiem", "xin chao", "/start", "/help", "cam on", "?", "👍", "   ",
    texts.BTN_SAVINGS, texts.BTN_LOANS, texts.BTN_BOARD, texts.BTN_SWITCH, texts.BTN_UNLINK,
    texts.BTN_HELP, texts.BTN_CASH_ENTRY, texts.BTN_NEW_LOAN, texts.BTN_NOTICE,
    "0912345678", "+84 971 706 690", "=1+1", "Robert'); DROP TABLE members;--", "A01",
    "TV001", "TV050", "a02", "Bùi Thị Kim Nhung", "Nguyễn Thị Hoa", "Trần Văn Bình", "Phạm",
    "thi", "Lan",
]
# What each step of a board flow asks to be typed, and near misses.
ASKED = {
    "amount": ["50k", "1tr2", "1,2 triệu", "20000", "500.000 đ", "0", "-5", "600tr",
               "999999999999999999999", "năm mươi"],
    "term": ["3", "12", "60", "61", "0", "mười"],
    "rate": ["0,5", "1,5%", "1", "0", "50", "-1", "abc"],
    "reading": ["135/85 52", "120/80", "90/60 45,5", "300/20", "120/80 999", "135 85"],
    "when": ["24/12/2026 07:30", "20/12/2026 14:00", "17/12/2026", "01/01/1900 25:99",
             "31/02/2027 08:00", "mai 8h", "17/12/2027 08:00"],
    "what": ["Khám mắt", "Khám sức khỏe định kỳ", "<b>x</b> & y", "=HYPERLINK(1)"],
    "place": ["Trạm y tế xã", "Nhà văn hóa", "a" * 150],
    "reason": ["nhầm số tiền", "ghi nhầm người", "=1+1", "ạ" * 300],
    "text": ["Họp bất thường chiều mai.", "<b>Khẩn</b> & gấp: mang sổ", "Thông báo. " * 200],
}
STEP_WORDS = [
    "50k", "1tr2", "1,2 triệu", "0", "-5", "20000", "500000", "999999999999999999999",
    "135/85 52", "300/20", "120/80", "90/60 45,5", "17/12/2026 14:00", "20/12/2026",
    "01/01/1900 25:99", "31/02/2027", "mai 8h", "1234 5678", "12345678", "0000 0000",
    "3", "12", "0,5", "1,5%", "gốc lãi hằng tháng", "Khám mắt", "Nhà văn hóa",
    "nhầm số tiền", "<b>đậm</b> & <i>nghiêng</i>", "&amp;", "Họp bất thường chiều mai.",
]


@dataclass
class Seen:
    """The buttons offered so far in one case: per account, and to anyone."""

    offered: dict[int, list[str]] = field(default_factory=dict)
    shown: dict[int, list[str]] = field(default_factory=dict)
    everyone: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    step: dict[int, str] = field(default_factory=dict)  # each account's flow step now
    links: dict[int, list[int]] = field(default_factory=dict)  # the members each sees

    def add(self, person: Person, choices: list[str], labels: list[str]) -> None:
        # The last reply's buttons, and those of earlier replies still on the
        # screen (people scroll up: "xin bấm một nút ở trên", or come back to a
        # flow after looking at another member's book).
        self.shown[person.account] = choices
        if choices:
            earlier = self.offered.get(person.account, [])
            kept = [c for c in earlier if c not in choices][:40]
            self.offered[person.account] = choices + kept
            self.everyone = (self.everyone + choices)[-200:]
        self.labels = list(dict.fromkeys(self.labels + labels))[-100:]


@dataclass(frozen=True)
class Ids:
    """Row ids of each club, for forging: members, loans, the latest cash entry."""

    a: tuple[int, ...]
    b: tuple[int, ...]


@st.composite
def forged(draw: st.DrawFn, data: str, ids: Ids) -> str:
    parts = data.split(":")
    at = draw(st.integers(0, len(parts) - 1))
    parts[at] = draw(st.one_of(
        st.sampled_from(ODD_PARTS), st.sampled_from(ids.a).map(str),
        st.sampled_from(ids.b).map(str), st.integers(-3, 400).map(str)))
    return ":".join(parts)


Names = dict[str, tuple[str, ...]]  # names and codes to type, by club ("" for both)


@st.composite
def typed(draw: st.DrawFn, seen: Seen, names: Names) -> str:
    kind = draw(st.sampled_from(["word"] * 2 + ["step"] * 3 + ["label"] * 2 + ["name"] * 2
                                + ["any", "long"]))
    if kind == "step":  # what a board flow asks for: an amount, a reading, a date, a term
        return draw(st.sampled_from(STEP_WORDS))
    if kind == "label" and seen.labels:
        return draw(st.sampled_from(seen.labels))
    if kind == "name":
        return draw(st.sampled_from(names[""]))
    if kind == "any":
        return draw(st.text(max_size=40))
    if kind == "long":  # up to what Telegram lets anyone type
        unit = draw(st.sampled_from(["ạ", "Thông báo họp. ", "<&>"]))
        return (unit * draw(st.integers(100, 1400)))[:4096]
    return draw(st.sampled_from(WORDS))


@st.composite
def tapped(draw: st.DrawFn, person: Person, seen: Seen, ids: Ids) -> str:
    own = seen.offered.get(person.account, [])
    kind = draw(st.sampled_from(["own"] * 6 + ["any", "forged", "forged", "open", "fixed",
                                                "garbage"]))
    if kind == "own" and own:
        onward = [c for c in own if c.split(":")[2:3] != ["x"]]  # cancel: now and then
        return draw(st.sampled_from(onward if onward and draw(st.integers(0, 5)) else own))
    if kind == "any" and seen.everyone:
        return draw(st.sampled_from(seen.everyone))
    if kind == "forged" and seen.everyone:
        return draw(forged(draw(st.sampled_from(seen.everyone)), ids))
    if kind == "garbage":
        return draw(st.text(max_size=70))
    if kind == "fixed":
        return draw(st.sampled_from(FIXED_TAPS))
    return draw(st.sampled_from(TOOLS)) + ":open"


@st.composite
def onward(draw: st.DrawFn, person: Person, seen: Seen, names: Names) -> Turn:
    """What a person finishing a flow does: a button just offered, what the step
    asks for (read from the database: ``seen.step``), a new tool when nothing is
    under way, a button further up the screen. Hypothesis draws zeros often, so
    zero is always the way forward."""
    account = str(person.account)
    step = seen.step.get(person.account, "")

    def tap(choices: list[str]) -> Turn:
        return Turn(CHANNEL, account, TurnKind.CHOICE, choice=draw(st.sampled_from(choices)))

    def onward_of(choices: list[str]) -> list[str]:
        return [c for c in choices if c.split(":")[2:3] != ["x"]]  # cancel: now and then

    if step == "confirm" and len(seen.links.get(person.account, [])) > 1 and draw(
            st.integers(0, 2)) == 1:  # about to confirm, on a phone that sees two members
        return draw(switch(person, seen))
    asked = list(names.get(person.club, names[""])) if step == "member" else ASKED.get(step)
    if asked and draw(st.integers(0, 3)) < 3:
        return Turn(CHANNEL, account, TurnKind.TEXT, text=draw(st.sampled_from(asked)))
    shown = onward_of(seen.shown.get(person.account, []))
    if shown and draw(st.integers(0, 3)) < 3:
        return tap(shown)
    if not step and not shown and draw(st.integers(0, 3)) < 3:  # nothing under way
        return Turn(CHANNEL, account, TurnKind.CHOICE,
                    choice=draw(st.sampled_from(TOOLS)) + ":open")
    further_up = onward_of(seen.offered.get(person.account, []))[:4]  # the latest first
    if step and further_up and draw(st.integers(0, 3)) < 2:
        return tap(further_up)
    pool = STEP_WORDS + list(names.get(person.club, names[""]))
    return Turn(CHANNEL, account, TurnKind.TEXT, text=draw(st.sampled_from(pool)))


@st.composite
def switch(draw: st.DrawFn, person: Person, seen: Seen) -> Turn:
    """An account that sees two members looks at the other one (or asks to)."""
    account = str(person.account)
    links = seen.links.get(person.account, [])
    if links and draw(st.integers(0, 3)) < 3:
        member = draw(st.sampled_from(links))
        return Turn(CHANNEL, account, TurnKind.CHOICE, choice=f"pick:{member}")
    return Turn(CHANNEL, account, TurnKind.TEXT, text="doi nguoi xem")


@st.composite
def turns(draw: st.DrawFn, person: Person, seen: Seen, ids: Ids, names: Names) -> Turn:
    account = str(person.account)
    kind = draw(st.sampled_from(["onward"] * 10 + ["tap"] * 3 + ["text"] * 3
                                + ["contact", "start", "other", "switch"]))
    if kind == "switch":
        return draw(switch(person, seen))
    if kind == "onward":
        return draw(onward(person, seen, names))
    if kind == "tap":
        return Turn(CHANNEL, account, TurnKind.CHOICE, choice=draw(tapped(person, seen, ids)))
    if kind == "text":
        return Turn(CHANNEL, account, TurnKind.TEXT, text=draw(typed(seen, names)))
    if kind == "contact":
        # Someone else's card proves nothing; one's own card with a phone on no
        # roster links nothing. (Proven links across clubs: test_both_boards.)
        phone = draw(st.sampled_from([*XOM_BAI_PHONES.values(), "0971706690",
                                      "+84 912 000 111", "not a phone", ""]))
        owner = draw(st.sampled_from([None, "123", str(person.account + 1)]))
        if draw(st.booleans()):
            phone, owner = draw(st.sampled_from(["0900000000", "0123", ""])), account
        return Turn(CHANNEL, account, TurnKind.CONTACT,
                    contact=SharedContact(phone=phone, owner_id=owner))
    if kind == "start":
        rest = draw(st.sampled_from(["", "1234 5678", "12345678", "abc"]))
        return Turn(CHANNEL, account, TurnKind.START, text=rest)
    return Turn(CHANNEL, account, TurnKind.OTHER)
