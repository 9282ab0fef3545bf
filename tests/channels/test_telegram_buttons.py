"""Telegram: once the conversation moves on, the last question's buttons go.

A tapped message loses its buttons (or is redrawn with new ones); a question
answered by typing loses them too, so an old "✖️ Thôi" or a member list cannot
be tapped by mistake later. The server would refuse such a tap as stale
anyway; this is so nobody is offered it.
"""

from __future__ import annotations

from tests.conftest import member
from tests.support.harness import BotHarness

TREASURER = 7404


def markup_removed(bot: BotHarness, since: int) -> list[int]:
    return [int(c.params["message_id"]) for c in bot.api.calls[since:]
            if c.method == "editMessageReplyMarkup" and c.params.get("reply_markup") is None]


def sent_ids(bot: BotHarness, since: int) -> list[int]:
    """The ids the offline API gave the messages sent since ``since`` (1, 2, … in order)."""
    sends = sum(c.method == "sendMessage" for c in bot.api.calls)
    already = sum(c.method == "sendMessage" for c in bot.api.calls[:since])
    return list(range(already + 1, sends + 1))


async def test_typing_the_answer_takes_the_question_buttons_away(bot: BotHarness):
    await bot.share_own_contact(TREASURER, member("TV004")["phone"])
    [menu] = await bot.say(TREASURER, "🗂 Ban chủ nhiệm")
    cash = next(data for label, data in menu.choices if "Ghi sổ quỹ" in label)
    before = len(bot.api.calls)
    [ask] = await bot.tap(TREASURER, cash)
    assert "cho ai" in ask.text and ask.choices  # "✖️ Thôi" under the question
    [question] = sent_ids(bot, before)

    before = len(bot.api.calls)
    [kinds] = await bot.say(TREASURER, "TV002")
    assert "Ghi gì cho" in kinds.text
    assert markup_removed(bot, before) == [question]

    # A menu key moves on as well: the kinds' buttons go.
    [kinds_id] = sent_ids(bot, before)
    before = len(bot.api.calls)
    await bot.say(TREASURER, "📅 Lịch họp")
    assert markup_removed(bot, before) == [kinds_id]

    # Nothing with buttons is left: the next turn takes nothing away.
    before = len(bot.api.calls)
    await bot.say(TREASURER, "💰 Tiết kiệm")
    assert markup_removed(bot, before) == []


async def test_the_help_answers_switches_stay_when_the_conversation_moves_on(bot: BotHarness):
    """They are a menu, not a question: tapped later, each still does what it says
    (and is checked again on the server). Nothing is edited, no call is spent."""
    await bot.share_own_contact(TREASURER, member("TV004")["phone"])
    [help_answer] = await bot.say(TREASURER, "❓ Hướng dẫn")
    assert help_answer.choices
    before = len(bot.api.calls)
    await bot.say(TREASURER, "so du")
    assert markup_removed(bot, before) == []
    pause = next(data for label, data in help_answer.choices if "Tắt nhắc" in label)
    before = len(bot.api.calls)
    await bot.tap(TREASURER, pause)  # the old answer, redrawn in place with the new state
    [redrawn] = [c for c in bot.api.calls[before:] if c.method == "editMessageText"]
    assert "đang <b>tắt</b>" in redrawn.params["text"]
