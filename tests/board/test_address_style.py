"""🗣 Cách xưng hô: the chair chooses "ông, bà" or "bác" for the club's elders."""

from __future__ import annotations

from club import texts
from storage import Database
from tests.board.conftest import CHAIR, PLAIN, SECRETARY, button, link, press, rows, screen
from tests.support.harness import BotHarness

ELDER = 8101  # an account linked to Lê Văn Toàn (TV015, born 1944)


async def style(db: Database) -> str:
    [(found,)] = await rows(db, "SELECT address_style FROM clubs")
    return found


async def changes(db: Database) -> list[tuple]:
    return await rows(db, "SELECT actor, detail FROM audit_log WHERE action = 'address_style'")


async def test_only_the_chair_is_offered_the_choice(board_bot: BotHarness, chair_account: int,
                                                    secretary_account: int):
    [menu] = await board_bot.say(CHAIR, texts.BTN_BOARD)
    assert texts.BTN_ADDRESS_STYLE in [label for label, _ in menu.choices]
    [menu] = await board_bot.say(SECRETARY, texts.BTN_BOARD)
    assert texts.BTN_ADDRESS_STYLE not in [label for label, _ in menu.choices]


async def test_the_chair_switches_to_bac_and_members_read_it_at_once(
        board_bot: BotHarness, chair_account: int):
    await link(board_bot, ELDER, "TV015")
    [before] = await board_bot.say(ELDER, "/start")
    assert before.text.startswith("Xin chào ông Lê Văn Toàn!")

    [menu] = await board_bot.say(CHAIR, texts.BTN_BOARD)
    shown = await screen(board_bot, CHAIR, button(menu, texts.BTN_ADDRESS_STYLE))
    assert texts.ADDRESS_STYLE_ONG_BA in shown.text
    assert [label for label, _ in shown.choices] == [texts.BTN_ADDRESS_TO_BAC]

    # The tap redraws the same message with the new state and the opposite button.
    before_calls = len(board_bot.api.calls)
    switched = await screen(board_bot, CHAIR, button(shown, texts.BTN_ADDRESS_TO_BAC))
    sent = [c.method for c in board_bot.api.calls[before_calls:]]
    assert "editMessageText" in sent and "sendMessage" not in sent
    assert texts.ADDRESS_STYLE_BAC in switched.text and texts.ADDRESS_STYLE_SAVED in switched.text
    assert [label for label, _ in switched.choices] == [texts.BTN_ADDRESS_TO_ONG_BA]
    assert await style(board_bot.db) == "bac"
    [(actor, detail)] = await changes(board_bot.db)
    assert actor.startswith(f"telegram:{CHAIR}:") and '"bac"' in detail

    [after] = await board_bot.say(ELDER, "/start")
    assert after.text.startswith("Xin chào bác Lê Văn Toàn!")

    # The old button tapped again changes nothing more.
    await press(board_bot, CHAIR, button(shown, texts.BTN_ADDRESS_TO_BAC))
    assert await style(board_bot.db) == "bac" and len(await changes(board_bot.db)) == 1

    back = await screen(board_bot, CHAIR, button(switched, texts.BTN_ADDRESS_TO_ONG_BA))
    assert texts.ADDRESS_STYLE_ONG_BA in back.text
    assert await style(board_bot.db) == "ong_ba" and len(await changes(board_bot.db)) == 2


async def test_others_are_refused_and_nothing_changes(board_bot: BotHarness,
                                                      secretary_account: int,
                                                      plain_account: int, chair_account: int):
    for user in (SECRETARY, PLAIN):
        refusal = await screen(board_bot, user, "xh:set:bac")
        assert refusal.text in (texts.BOARD_NOT_YOUR_JOB, texts.BOARD_REFUSED)
    assert await style(board_bot.db) == "ong_ba" and await changes(board_bot.db) == []

    odd = await screen(board_bot, CHAIR, "xh:set:ban")
    assert odd.text == texts.STALE_CHOICE
    assert await style(board_bot.db) == "ong_ba" and await changes(board_bot.db) == []
