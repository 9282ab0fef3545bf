"""A tour of the conversations, read for manners: no reply says "bạn" or "tôi".

The static check (tests/test_texts.py) reads club/texts.py; this one reads what
people actually receive — every reply, every button, every receipt and notice
written to the outbox — along a tour that a newcomer, an older member, a
couple on one phone, a relative helping a member, a younger member and the
chair would take, through the handlers every channel shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from club import texts
from handlers.context import Services
from handlers.conversation import Reply, SharedContact, Turn, TurnKind
from handlers.router import respond
from storage import Database, link_codes
from tests.conftest import AS_OF, member
from tests.test_texts import peer_words

CHANNEL = "telegram"
MENU = (texts.BTN_SAVINGS, texts.BTN_LOANS, texts.BTN_MEETING, texts.BTN_HEALTH,
        texts.BTN_CONTACTS, texts.BTN_HELP)


@dataclass
class Tour:
    services: Services
    heard: list[tuple[str, str, str]] = field(default_factory=list)  # (who, said, read)
    last: dict[str, list[Reply]] = field(default_factory=dict)

    async def turn(self, who: str, kind: TurnKind, text: str = "", **more: object) -> list[Reply]:
        replies = await respond(Turn(CHANNEL, who, kind, text, **more), self.services)  # type: ignore[arg-type]
        assert replies, (who, text)
        for reply in replies:
            buttons = [b.label for rows in (reply.keyboard, reply.choices) for row in rows
                       for b in row]
            for read in (reply.text, *buttons):
                self.heard.append((who, text or str(more.get("choice", kind)), read))
        if any(r.choices for r in replies):
            self.last[who] = replies
        return replies

    async def say(self, who: str, text: str) -> list[Reply]:
        return await self.turn(who, TurnKind.TEXT, text)

    async def share(self, who: str, phone: str, owner: str | None = None) -> list[Reply]:
        return await self.turn(who, TurnKind.CONTACT,
                               contact=SharedContact(phone, who if owner is None else owner))

    async def tap(self, who: str, label_part: str) -> list[Reply]:
        """Tap the first button offered last whose label contains ``label_part``."""
        for reply in reversed(self.last.get(who, [])):
            for row in reply.choices:
                for b in row:
                    if label_part in b.label:
                        if b.choice is None:
                            return await self.say(who, b.label)
                        return await self.turn(who, TurnKind.CHOICE, choice=b.choice)
        raise AssertionError(f"{who}: no button with {label_part!r} in {self.last.get(who)}")


async def ids(db: Database, code: str) -> tuple[int, int]:
    row = await db.fetchone("SELECT id, club_id FROM members WHERE code = ?", (code,))
    assert row is not None
    return int(row[0]), int(row[1])


async def member_screens(tour: Tour, who: str) -> None:
    for label in MENU:
        await tour.say(who, label)
    for words in ("so du", "con meo nha ben", "🙂", "", "x" * 600, "0912345678"):
        await tour.say(who, words)
    await tour.turn(who, TurnKind.OTHER)
    await tour.turn(who, TurnKind.START)


async def test_no_reply_on_the_tour_says_ban_or_toi(sample_db: Database):
    tour = Tour(Services.over(sample_db, now=lambda: AS_OF))

    # A newcomer, not yet linked.
    await tour.turn("new", TurnKind.START)
    for words in ("xin chào", "so du", "0912345678", "1234", "1234 5678", "", "x" * 600):
        await tour.say("new", words)
    await tour.turn("new", TurnKind.OTHER)
    await tour.share("new", member("TV010")["phone"], owner="someone else")
    await tour.share("new", "0900000001")
    await tour.share("new", "not a phone")

    # An older woman on her own phone: every screen, the reminders switch, a report.
    await tour.share("loan", member("TV010")["phone"])
    await member_screens(tour, "loan")
    await tour.tap("loan", texts.BTN_PAUSE_REMINDERS)
    await tour.tap("loan", texts.BTN_RESUME_REMINDERS)
    await tour.say("loan", "tat nhac nho")
    await tour.say("loan", "bat nhac")
    await tour.say("loan", texts.BTN_SAVINGS)
    await tour.say("loan", texts.BTN_REPORT_SAVINGS)
    await tour.say("loan", "thiếu lần gửi tháng 10")
    await tour.tap("loan", texts.BTN_REPORT_SEND)
    await tour.say("loan", "⚠️ Báo sai")
    await tour.tap("loan", texts.BTN_SAVINGS)
    await tour.tap("loan", texts.BTN_REPORT_SKIP)
    await tour.tap("loan", texts.BTN_REPORT_SEND)
    await tour.say("loan", "huy lien ket")
    await tour.tap("loan", texts.BTN_NO)

    # A couple on one phone, a younger man, an older man with an overdue loan.
    await tour.share("couple", member("TV011")["phone"])
    await tour.tap("couple", member("TV012")["name"])
    await member_screens(tour, "couple")
    await tour.share("young", member("TV014")["phone"])
    await member_screens(tour, "young")
    await tour.share("overdue", member("TV058")["phone"])
    await member_screens(tour, "overdue")

    # A relative helping Nguyễn Thị Sen, linked with the board's code.
    sen, club_id = await ids(sample_db, "TV024")
    issued = await link_codes.issue(sample_db, club_id=club_id, member_id=sen, proxy=True,
                                    actor="test", now=AS_OF)
    await tour.say("daughter", issued.code)
    await member_screens(tour, "daughter")
    await tour.share("sen", member("TV024")["phone"])

    # The chair at work: the board's tools, a deposit and a loan that send receipts.
    await tour.share("chair", member("TV001")["phone"])
    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_ADDRESS_STYLE)
    await tour.tap("chair", texts.BTN_ADDRESS_TO_BAC)
    await tour.say("loan", texts.BTN_MEETING)
    await tour.tap("chair", texts.BTN_ADDRESS_TO_ONG_BA)

    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_CASH_ENTRY)
    await tour.say("chair", "nguyen thi sen")
    await tour.tap("chair", "Gửi tiết kiệm")
    await tour.say("chair", "năm chục")
    await tour.say("chair", "50k")
    await tour.tap("chair", texts.BTN_CONFIRM)

    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_NEW_LOAN)
    await tour.say("chair", "TV024")
    await tour.say("chair", "3 triệu")
    await tour.tap("chair", "6 tháng")
    await tour.say("chair", "lãi thấp")
    await tour.say("chair", "0,5")
    await tour.tap("chair", "Gốc lãi hằng tháng")
    await tour.tap("chair", texts.BTN_CONFIRM_LOAN)

    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_HEALTH_READING)
    await tour.say("chair", "TV010")
    await tour.say("chair", "cao lắm")
    await tour.say("chair", "150/95 55")
    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_REPORTS)
    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_NOTICE)
    await tour.say("chair", "Thứ Năm họp ở nhà văn hóa, các bác nhớ mang sổ.")
    await tour.tap("chair", texts.BTN_SEND)
    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_MEETING_CHANGE)
    await tour.tap("chair", "17/12")
    await tour.tap("chair", texts.BTN_MEETING_MOVE)
    await tour.say("chair", "thu bay tuan sau")
    await tour.tap("chair", texts.BTN_CANCEL)
    await tour.say("chair", texts.BTN_BOARD)
    await tour.tap("chair", texts.BTN_LINK_CODE)
    await tour.say("chair", "TV015")
    await tour.tap("chair", "Người nhà")

    said = [(who, what, read) for who, what, read in tour.heard if peer_words(read)]
    assert said == []

    outbox = [text for (text,) in await sample_db.fetchall("SELECT text FROM outbox")]
    assert any("CLB đã ghi cho bà Sen" in text for text in outbox)     # the daughter's receipt
    assert any("CLB đã ghi cho bà:" in text for text in outbox)        # Sen's own
    assert any("CLB đã ghi khoản vay" in text for text in outbox)
    assert [text for text in outbox if peer_words(text)] == []
    # The tour went where it meant to: these were all heard.
    heard = "\n".join(read for _, _, read in tour.heard)
    for expected in ("Bà đã dự", "Bác đã dự", "Anh đã dự", "Bà Sen đã dự", "Chưa hiểu",
                     "Đã báo ban chủ nhiệm", "✅ Đã ghi khoản vay", "📢 Xem trước"):
        assert expected in heard, expected
