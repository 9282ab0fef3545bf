"""The Zalo adapter against a fake Zalo Bot API on 127.0.0.1: polling through
408s, numbered menus, linking by code, replays answered once (also after a
restart), webhooks and their secret, long texts, and the outbox's sender."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from bot.channels.zalo import (
    MAX_TEXT,
    ZaloApi,
    ZaloChannel,
    ZaloSender,
    ZaloSetupError,
    claim_message,
    prune_seen,
    render,
    render_turn,
    split_text,
)
from bot.channels.zalo import start as start_zalo
from bot.config import Settings, ZaloSettings, load_settings
from bot.dispatcher import (
    DeliveryUncertain,
    Dispatcher,
    NotDelivered,
    Pace,
    RecipientBlocked,
    Rejected,
    RetryLater,
)
from club import texts
from handlers.context import Services
from handlers.conversation import Button, Reply
from handlers.menu import SHARE_PHONE
from storage import Database, link_codes
from storage.importer import import_workbook
from storage.outbox import Claimed, Outgoing, enqueue
from tests.channels.drivers import member_row, parse_zalo
from tests.channels.fake_zalo import TOKEN, FakeZalo, update
from tests.conftest import AS_OF, SAMPLE, member
from tests.support.fake_bot_server import FakeBotApi

SECRET = "s3cret-for-webhooks"
LAN = "a1b2c3d4e5f60718"  # Zalo user ids are opaque strings


@pytest.fixture
def fake():
    with FakeZalo() as api:
        yield api


def channel_over(db: Database, fake: FakeZalo, now: Callable[[], datetime] = lambda: AS_OF,
                 secret: str = SECRET) -> ZaloChannel:
    return ZaloChannel(ZaloApi(TOKEN, fake.base_url), Services.over(db, now=now),
                       webhook_secret=secret)


@pytest.fixture
async def zalo(sample_db: Database, fake: FakeZalo):
    channel = channel_over(sample_db, fake)
    yield channel
    await channel.close()


async def say(channel: ZaloChannel, fake: FakeZalo, words: str, user: str = LAN,
              **kwargs: object) -> list[str]:
    """What the person read after sending ``words`` (one string per Zalo message)."""
    before = len(fake.texts_to(user))
    await channel.process_update(update(user, words, **kwargs))  # type: ignore[arg-type]
    return fake.texts_to(user)[before:]


async def code_for(db: Database, code: str, *, proxy: bool = False) -> str:
    member_id, club_id = await member_row(db, code)
    issued = await link_codes.issue(db, club_id=club_id, member_id=member_id, proxy=proxy,
                                    actor="test", now=AS_OF)
    return issued.code


async def linked(channel: ZaloChannel, fake: FakeZalo, code: str, user: str = LAN) -> None:
    await say(channel, fake, link_codes.format_code(await code_for(channel.db, code)), user)


async def links_of(db: Database, user: str = LAN) -> list[str]:
    rows = await db.fetchall(
        "SELECT m.code FROM chat_links l JOIN members m ON m.id = l.member_id "
        "WHERE l.channel = 'zalo' AND l.account_id = ? ORDER BY m.code", (user,))
    return [r[0] for r in rows]


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


# ---------------------------------------------------------------- long polling

@pytest.mark.parametrize("timeout_status", [408, 200])
async def test_polling_waits_through_timeouts_and_answers(sample_db: Database,
                                                          timeout_status: int):
    with FakeZalo(max_wait=0.05, timeout_status=timeout_status) as fake:
        channel = channel_over(sample_db, fake)
        await channel.start_polling(poll_timeout=1)
        try:
            await until(lambda: fake.timeouts >= 3)  # nothing new, three times over
            fake.push(update(LAN, "xin chào"))
            await until(lambda: len(fake.sent) == 1)
            fake.push(update(LAN, link_codes.format_code(await code_for(sample_db, "TV008"))),
                      update(LAN, "tiet kiem"))
            await until(lambda: len(fake.sent) == 3)
        finally:
            await channel.close()
        assert fake.methods()[0] == "deleteWebhook"  # a webhook would take the updates
        welcome, linked_reply, savings = fake.texts_to(LAN)
        assert welcome.startswith("Xin chào!")
        assert member("TV008")["name"] in linked_reply
        assert savings.startswith(f"💰 Tiết kiệm của {member('TV008')['name']}: 830.000 đ")


async def test_polling_stops_promptly_in_the_middle_of_a_long_poll(sample_db: Database):
    with FakeZalo(max_wait=30) as fake:
        channel = channel_over(sample_db, fake)
        await channel.start_polling(poll_timeout=30)
        await until(lambda: "getUpdates" in fake.methods())
        started = asyncio.get_running_loop().time()
        await channel.close()
        assert asyncio.get_running_loop().time() - started < 2


# ---------------------------------------------------------------- numbered menus

async def test_buttons_become_a_numbered_list_answered_by_number(zalo, fake):
    await linked(zalo, fake, "TV005")
    [loans] = await say(zalo, fake, "2")  # 📄 Khoản vay
    seen = parse_zalo(loans)
    assert seen.text.startswith("📄 Phạm Thị Kim Nhung còn nợ gốc: 2.083.338 đ")
    assert "<b>" not in loans
    assert loans.endswith("\n\n1. 💰 Tiết kiệm\n2. 📄 Khoản vay\n3. 📅 Lịch họp\n"
                          "4. ❤️ Sức khỏe\n5. ☎️ Liên hệ\n6. ❓ Hướng dẫn\n"
                          # TV005 is one of the club's home-care volunteers.
                          "7. 🏠 Thăm hỏi\n"
                          "8. ⚠️ Báo sai khoản vay\n👉 Trả lời một số từ 1 đến 8 để chọn.")
    [meeting] = await say(zalo, fake, " 3. ")
    assert "Thứ Năm, 17/12/2026" in meeting
    [words] = await say(zalo, fake, "lich hop")  # the words work as well
    assert words == meeting


async def test_a_numbered_choice_is_a_tap_on_that_choice(zalo, fake, consented):
    mai, hang = member("TV011"), member("TV012")
    await linked(zalo, fake, "TV011")
    await linked(zalo, fake, "TV012")
    [whom] = await say(zalo, fake, "doi nguoi xem")
    assert whom.endswith(f"\n\n1. {mai['name']}\n2. {hang['name']}\n"
                         "👉 Trả lời 1 hoặc 2 để chọn.")
    [picked] = await say(zalo, fake, "2")
    assert picked.startswith(f"Đang xem sổ của {hang['name']}.")
    [reading] = await say(zalo, fake, "4")  # ❤️ Sức khỏe, from the menu under "picked"
    assert hang["last_health"]["bp"] in reading


async def test_a_number_without_a_list_behind_it_is_just_text(zalo, fake):
    [reply] = await say(zalo, fake, "1")
    assert "Chưa hiểu «1»" in reply
    await linked(zalo, fake, "TV010")
    [reply] = await say(zalo, fake, "9")  # the list has 6
    assert "Chưa hiểu «9»" in reply


async def test_the_numbering_survives_a_restart(sample_db: Database, fake: FakeZalo):
    first = channel_over(sample_db, fake)
    await linked(first, fake, "TV005")
    await first.close()
    second = channel_over(sample_db, fake)
    try:
        [loans] = await say(second, fake, "2")
    finally:
        await second.close()
    assert "2.083.338 đ" in loans


def test_only_the_last_list_of_a_turn_is_numbered():
    menu = ((Button(texts.BTN_SAVINGS), Button(texts.BTN_LOANS)),)
    names = ((Button("Mai", "pick:1"),), (Button("Hằng", "pick:2"),))
    messages, options = render_turn([Reply("Hai người", keyboard=menu),
                                     Reply("Xem ai?", keyboard=menu, choices=names)])
    assert messages == ["Hai người", "Xem ai?\n\n1. Mai\n2. Hằng\n👉 Trả lời 1 hoặc 2 để chọn."]
    assert [(o.label, o.choice) for o in options] == [("Mai", "pick:1"), ("Hằng", "pick:2")]


# ---------------------------------------------------------------- linking by code

async def test_linking_is_by_code_and_never_offers_a_contact_button(zalo, fake):
    [welcome] = await say(zalo, fake, "xin chào")
    assert texts.BTN_SHARE_PHONE not in welcome
    assert "mã kết nối 8 số" in welcome and "\n1." not in welcome
    [typed_phone] = await say(zalo, fake, member("TV002")["phone"])
    assert texts.BTN_SHARE_PHONE not in typed_phone and "mã kết nối" in typed_phone
    assert await links_of(zalo.db) == []  # a typed number proves nothing

    code = await code_for(zalo.db, "TV002")
    [done] = await say(zalo, fake, f"Mã {code[:4]}.{code[4:]}")
    assert done.startswith(f"Xin chào chị {member('TV002')['name']}! Đã kết nối")
    assert await links_of(zalo.db) == ["TV002"]
    [savings] = await say(zalo, fake, "1")
    assert "800.000 đ" in savings


async def test_a_wrong_code_counts_a_try_and_says_how_to_link(zalo, fake):
    [reply] = await say(zalo, fake, "1234 5678")
    assert "Mã này không đúng" in reply and "Còn được thử 4 lần nữa" in reply
    assert texts.BTN_SHARE_PHONE not in reply


def test_the_share_phone_sentences_are_replaced_by_the_code_line():
    text, options = render(Reply(texts.UNLINK_DONE, keyboard=SHARE_PHONE))
    assert text.startswith("Đã hủy kết nối.\n🔑 Để xem sổ của mình")
    assert options == []


# ---------------------------------------------------------------- replays

async def test_a_replayed_update_is_answered_once(zalo, fake):
    same = update(LAN, "xin chào", message_id="mid-0001")
    await zalo.process_update(same)
    await zalo.process_update(same)
    status = await zalo.handle_webhook(json.dumps(same).encode(), SECRET)
    assert status == 200
    assert len(fake.texts_to(LAN)) == 1


async def test_a_replay_after_a_restart_is_answered_once(tmp_path: Path, fake: FakeZalo):
    db = await Database.open(tmp_path / "club.db")
    await import_workbook(db, SAMPLE, actor="test", now=AS_OF)
    same = update(LAN, "tiet kiem", message_id="mid-0002")
    channel = channel_over(db, fake)
    await channel.process_update(same)
    await channel.close()
    await db.close()

    db = await Database.open(tmp_path / "club.db")  # the bot restarted
    channel = channel_over(db, fake)
    try:
        fake.push(same)  # Zalo hands out the same update again
        await channel.start_polling(poll_timeout=1)
        await until(lambda: not fake.queue)
        await channel.process_update(update(LAN, "tiet kiem", message_id="mid-0003"))
    finally:
        await channel.close()
        await db.close()
    assert len(fake.texts_to(LAN)) == 2  # the replay got nothing; the new message its answer


async def test_old_message_ids_are_pruned(sample_db: Database):
    week_ago = AS_OF - timedelta(days=8)
    assert await claim_message(sample_db, "c", "old", week_ago)
    assert await claim_message(sample_db, "c", "new", AS_OF)
    assert await prune_seen(sample_db, AS_OF) == 1
    assert not await claim_message(sample_db, "c", "new", AS_OF)


# ---------------------------------------------------------------- not words

@pytest.mark.parametrize("event", [
    "message.image.received", "message.sticker.received", "message.unsupported.received",
    "message.voice.received", "message.audio.received", "message.file.received",
    "message.location.received"])
async def test_voice_stickers_pictures_get_a_friendly_answer_pointing_at_the_list(
        zalo, fake, event: str):
    await linked(zalo, fake, "TV010")
    [reply] = await say(zalo, fake, None, event=event)  # type: ignore[arg-type]
    seen = parse_zalo(reply)
    assert seen.text == f"{texts.ZALO_ONLY_TEXT} {texts.ZALO_ONLY_TEXT_PICK}"
    assert "Tôi" not in seen.text and "nút" not in seen.text  # no buttons on Zalo
    assert seen.options[0] == texts.BTN_SAVINGS
    # The list works as it says: "1" is the savings screen.
    [savings] = await say(zalo, fake, "1")
    assert "Tiết kiệm" in savings or "tiết kiệm" in savings


async def test_a_voice_message_before_linking_says_how_to_link(zalo, fake):
    [reply] = await say(zalo, fake, None, event="message.voice.received")  # type: ignore[arg-type]
    assert reply.startswith(texts.ZALO_ONLY_TEXT)
    assert texts.ZALO_ONLY_TEXT_PICK not in reply  # there is no list to pick from yet
    assert "mã kết nối" in reply


async def test_group_chats_and_unknown_events_are_ignored(zalo, fake):
    group = update(LAN, "xin chào")
    group["message"]["chat"] = {"id": "g1", "chat_type": "GROUP"}
    assert not await zalo.process_update(group)
    assert not await zalo.process_update(update(LAN, "xin chào", event="message.reaction"))
    assert not await zalo.process_update({"event_name": "message.text.received"})
    assert fake.sent == []


# ---------------------------------------------------------------- webhooks

async def test_webhook_with_or_without_the_wrapper(zalo, fake):
    bare = update(LAN, "xin chào")
    wrapped = {"ok": True, "result": update(LAN, "chao")}
    assert await zalo.handle_webhook(json.dumps(bare).encode(), SECRET) == 200
    assert await zalo.handle_webhook(json.dumps(wrapped).encode(), SECRET) == 200
    await zalo.settled(10)
    assert len(fake.texts_to(LAN)) == 2


async def test_the_webhook_acknowledges_before_the_answer_is_sent(zalo, fake):
    """A slow send must never make Zalo time out and post the update again."""
    release = asyncio.Event()
    original = zalo.api.send_message

    async def slow_send(chat_id: str, text: str) -> object:
        await release.wait()          # Zalo (or a flood pause) is slow today
        return await original(chat_id, text)

    zalo.api.send_message = slow_send  # type: ignore[method-assign]
    body = json.dumps(update(LAN, "xin chào", message_id="mid-slow")).encode()
    status = await asyncio.wait_for(zalo.handle_webhook(body, SECRET), 1.0)
    assert status == 200 and fake.sent == []   # acknowledged, not answered yet
    # Zalo, not hearing back in time, would post it again: still answered once.
    assert await zalo.handle_webhook(body, SECRET) == 200
    release.set()
    await zalo.settled(10)
    [welcome] = fake.texts_to(LAN)
    assert welcome.startswith("Xin chào!")


@pytest.mark.parametrize("header", [None, "", "wrong", SECRET + "x"])
async def test_webhook_with_a_wrong_secret_is_refused_unread(zalo, fake, header):
    body = json.dumps(update(LAN, "xin chào", message_id="mid-forged")).encode()
    assert await zalo.handle_webhook(body, header) == 403
    assert fake.sent == []
    assert await zalo.db.fetchone("SELECT 1 FROM zalo_seen") is None
    assert await zalo.handle_webhook(body, SECRET) == 200  # the real one is still answered
    await zalo.settled(10)
    assert len(fake.sent) == 1


async def test_webhook_without_a_configured_secret_refuses_everything(sample_db, fake):
    channel = channel_over(sample_db, fake, secret="")
    try:
        assert await channel.handle_webhook(json.dumps(update(LAN, "hi")).encode(), "") == 403
    finally:
        await channel.close()


async def test_webhook_body_that_is_not_json(zalo):
    assert await zalo.handle_webhook(b"{not json", SECRET) == 400


# ---------------------------------------------------------------- long texts

def test_long_texts_are_split_between_lines():
    lines = [f"{n:04d} " + "chữ " * 30 for n in range(120)]
    parts = split_text("\n".join(lines))
    assert len(parts) > 1
    assert all(len(p) <= MAX_TEXT for p in parts)
    assert "\n".join(parts).split("\n") == lines  # no line was cut or lost


def test_a_single_overlong_line_is_cut_at_spaces_and_emoji_count_double():
    words = "Tiết kiệm " * 450  # 4500 characters, one line
    parts = split_text(words.strip())
    assert [len(p) <= MAX_TEXT for p in parts] == [True, True, True]
    assert " ".join(parts).split() == words.split()
    emoji = "💰" * 1500  # 3000 UTF-16 units
    assert [len(p) for p in split_text(emoji)] == [1000, 500]


async def test_a_long_reply_arrives_in_several_messages(zalo, fake):
    long_reply = Reply("\n".join(f"Dòng {n}: " + "x" * 90 for n in range(60)),
                       keyboard=((Button(texts.BTN_SAVINGS),),))
    await zalo._send(LAN, [long_reply])
    parts = fake.texts_to(LAN)
    assert len(parts) == 4
    assert parts[-1].endswith("1. 💰 Tiết kiệm\n👉 Trả lời 1 để chọn.")


# ---------------------------------------------------------------- the outbox's sender

def message(chat: str, text: str = "📅 Nhắc họp CLB: <b>Thứ Năm</b>") -> Claimed:
    return Claimed(1, f"k:{chat}", "zalo", chat, "reminder", text, None, None, None)


async def test_each_zalo_answer_becomes_what_the_dispatcher_must_do():
    with FakeZalo(forbidden={"u2"}, flood_first={"u3"}, retry_after=7,
                  hold={"u4": 1.0}) as fake:
        api = ZaloApi(TOKEN, fake.base_url, timeout=httpx.Timeout(0.4))
        sender = ZaloSender(api)
        try:
            await sender.send(message("u1"))
            with pytest.raises(RecipientBlocked):
                await sender.send(message("u2"))
            with pytest.raises(RetryLater) as flood:
                await sender.send(message("u3"))
            assert flood.value.seconds == 7
            with pytest.raises(DeliveryUncertain):  # delivered, but no answer in time
                await sender.send(message("u4"))
        finally:
            await api.aclose()
        assert [m["chat_id"] for m in fake.sent] == ["u1", "u4"]
        assert fake.sent[0]["text"] == "📅 Nhắc họp CLB: Thứ Năm"  # no markup on Zalo


@pytest.mark.parametrize(("status", "expected"), [
    (400, Rejected), (401, NotDelivered), (500, DeliveryUncertain), (502, DeliveryUncertain)])
async def test_refusals_by_status(status: int, expected: type[Exception]):
    with FakeZalo(fail_status=status) as fake:
        api = ZaloApi(TOKEN, fake.base_url)
        try:
            with pytest.raises(expected):
                await ZaloSender(api).send(message("u1"))
        finally:
            await api.aclose()


async def test_a_flood_limit_without_retry_after_still_pauses():
    with FakeZalo(flood_first={"u1"}, retry_after=None) as fake:
        api = ZaloApi(TOKEN, fake.base_url)
        try:
            with pytest.raises(RetryLater) as flood:
                await ZaloSender(api).send(message("u1"))
        finally:
            await api.aclose()
    assert flood.value.seconds > 0


async def test_no_server_at_all_is_certainly_not_delivered():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = ZaloApi(TOKEN, f"http://127.0.0.1:{port}/bot")
    try:
        with pytest.raises(NotDelivered):
            await ZaloSender(api).send(message("u1"))
    finally:
        await api.aclose()


async def test_a_long_outbox_message_failing_after_its_first_part_is_uncertain():
    with FakeZalo() as fake:
        api = ZaloApi(TOKEN, fake.base_url)
        sender = ZaloSender(api)
        original = api.send_message
        calls = 0

        async def second_part_flooded(chat_id: str, text: str) -> object:
            nonlocal calls
            calls += 1
            if calls == 2:
                fake._flood_first.add(chat_id)
            return await original(chat_id, text)

        api.send_message = second_part_flooded  # type: ignore[method-assign]
        try:
            with pytest.raises(DeliveryUncertain):
                await sender.send(message("u1", "\n".join(["x" * 100] * 30)))
        finally:
            await api.aclose()
        assert len(fake.sent) == 1  # never sent again: the first part is there


async def test_the_dispatcher_delivers_outbox_rows_to_zalo_accounts(sample_db: Database,
                                                                     fake: FakeZalo):
    fake.forbidden.add("zu-blocked")
    async with sample_db.transaction() as conn:
        await enqueue(conn, [
            Outgoing(f"n:{chat}", "zalo", chat, "notice", "📢 <b>Thông báo của CLB</b>", AS_OF)
            for chat in ("zu-1", "zu-blocked")], now=AS_OF)
    api = ZaloApi(TOKEN, fake.base_url)
    try:
        dispatcher = Dispatcher(sample_db, {"zalo": ZaloSender(api)},
                                Pace(rate=100.0, per_chat_interval=0.0), now=lambda: AS_OF)
        tally = await dispatcher.drain()
    finally:
        await api.aclose()
    states = {r[0]: r[1] for r in await sample_db.fetchall(
        "SELECT account_id, state FROM outbox WHERE channel = 'zalo'")}
    assert states == {"zu-1": "sent", "zu-blocked": "blocked"}
    assert (tally.sent, tally.blocked) == (1, 1)
    assert fake.texts_to("zu-1") == ["📢 Thông báo của CLB"]


# ---------------------------------------------------------------- settings

async def test_zalo_is_off_unless_configured_and_a_mode_needs_its_token(sample_db):
    assert Settings().zalo.mode == "off"
    assert await start_zalo(ZaloSettings(), Services.over(sample_db)) is None
    assert "token" in (ZaloSettings(mode="polling").missing() or "")
    assert "webhook_secret" in (ZaloSettings(mode="webhook", token="1:t").missing() or "")
    with pytest.raises(ValueError, match="token"):
        await start_zalo(ZaloSettings(mode="polling"), Services.over(sample_db))
    settings = ZaloSettings(mode="webhook", token="1:t", webhook_secret="abcd-1234")
    assert settings.missing() is None
    assert "abcd-1234" not in repr(settings) and "1:t" not in repr(settings)
    assert settings.base_url == "https://bot-api.zaloplatforms.com/bot"


@pytest.mark.parametrize("secret", ["abc", "1234567", "x" * 257, "has a space"])
def test_a_webhook_secret_zalo_would_refuse_stops_the_config_load(tmp_path: Path, secret):
    config = tmp_path / "config.toml"
    config.write_text(f'[zalo]\nmode = "webhook"\ntoken = "1:t"\nwebhook_secret = "{secret}"\n'
                      '[web]\npublic_url = "https://clb.example.vn"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        load_settings(config)
    said = str(refused.value)
    assert "phải dài từ 8 đến 256 ký tự" in said
    assert secret not in said  # the secret is not echoed


@pytest.mark.parametrize("public_url", ["", "http://clb.example.vn"])
def test_zalo_webhook_mode_needs_an_https_public_url_at_load(tmp_path: Path, public_url):
    config = tmp_path / "config.toml"
    config.write_text(f'[zalo]\nmode = "webhook"\nwebhook_secret = "abcd-1234"\n'
                      f'[web]\npublic_url = "{public_url}"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="Zalo chỉ gửi tin tới địa chỉ https"):
        load_settings(config)
    config.write_text('[zalo]\nmode = "webhook"\nwebhook_secret = "abcd-1234"\n'
                      '[web]\npublic_url = "https://clb.example.vn"\n', encoding="utf-8")
    assert load_settings(config).zalo.mode == "webhook"
    config.write_text('[zalo]\nmode = "polling"\n', encoding="utf-8")  # polling needs none
    assert load_settings(config).zalo.mode == "polling"


async def test_a_refused_set_webhook_stops_the_start_loudly(sample_db):
    with FakeZalo(webhook_refusal="Bad Request: invalid url") as fake:
        settings = ZaloSettings(mode="webhook", token=TOKEN, base_url=fake.base_url,
                                webhook_secret=SECRET)
        with pytest.raises(ZaloSetupError) as refused:
            await start_zalo(settings, Services.over(sample_db),
                             public_url="https://clb.example.vn")
    said = str(refused.value)
    assert "Zalo không nhận đăng ký webhook https://clb.example.vn/webhook/zalo" in said
    assert "invalid url" in said and TOKEN not in said and SECRET not in said


async def test_set_webhook_answering_something_else_is_a_refusal(zalo, fake):
    async def odd_answer(url: str, secret_token: str) -> object:
        return {"url": "https://elsewhere.example/hook"}

    zalo.api.set_webhook = odd_answer  # type: ignore[method-assign]
    with pytest.raises(ZaloSetupError):
        await zalo.set_webhook("https://clb.example.vn")


async def test_webhook_mode_registers_the_web_servers_address(sample_db, fake):
    settings = ZaloSettings(mode="webhook", token=TOKEN, base_url=fake.base_url,
                            webhook_secret=SECRET)
    channel = await start_zalo(settings, Services.over(sample_db),
                               public_url="https://clb.example.vn/")
    assert channel is not None
    try:
        assert fake.webhook == {"url": "https://clb.example.vn/webhook/zalo",
                                "secret_token": SECRET}
        assert "getUpdates" not in fake.methods()
    finally:
        await channel.close()


# ---------------------------------------------------------------- the real process

def test_run_answers_on_zalo_and_delivers_its_outbox(tmp_path: Path):
    """``ishc-bot run`` with ``[zalo] mode = "polling"``: people are answered,
    and the outbox reaches Zalo accounts through the same dispatcher."""
    def cli(*args: str) -> list[str]:
        return [sys.executable, "-m", "bot.cli", *args]

    with FakeBotApi() as telegram, FakeZalo() as fake:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n\n[telegram]\ntoken = "1:fake"\n'
            f'base_url = "{telegram.base_url}"\n\n'
            f'[zalo]\nmode = "polling"\nbase_url = "{fake.base_url}"\n', encoding="utf-8")
        subprocess.run(cli("--config", str(config), "import", str(SAMPLE)), check=True,
                       capture_output=True, timeout=60)

        async def enqueue_notice() -> None:
            db = await Database.open(tmp_path / "club.db")
            async with db.transaction() as conn:
                await enqueue(conn, [Outgoing("n:run", "zalo", "zu-run", "notice",
                                              "📢 <b>Thông báo của CLB</b>",
                                              datetime(2000, 1, 1))], now=AS_OF)
            await db.close()

        asyncio.run(enqueue_notice())
        env = {**os.environ, "ISHC_ZALO__TOKEN": TOKEN}  # the token only in the environment
        bot = subprocess.Popen(cli("--config", str(config), "run"), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            fake.push(update(LAN, "xin chào"))
            fake.wait_for(lambda: len(fake.sent) >= 2, timeout=30)
        finally:
            bot.send_signal(signal.SIGINT)
            output = bot.communicate(timeout=30)[0].decode()
        assert fake.texts_to("zu-run") == ["📢 Thông báo của CLB"], output
        [welcome] = fake.texts_to(LAN)
        assert welcome.startswith("Xin chào!") and "mã kết nối" in welcome
        assert bot.returncode == 0, output
        assert TOKEN not in output


def test_run_stops_with_a_plain_message_when_zalo_refuses_the_webhook(tmp_path: Path):
    with FakeBotApi() as telegram, FakeZalo(webhook_refusal="Bad Request: invalid url") as fake:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[database]\npath = "club.db"\n\n[telegram]\ntoken = "1:fake"\n'
            f'base_url = "{telegram.base_url}"\n\n'
            f'[zalo]\nmode = "webhook"\nbase_url = "{fake.base_url}"\n\n'
            f'[web]\nport = 0\npublic_url = "https://clb.example.vn"\n', encoding="utf-8")
        env = {**os.environ, "ISHC_ZALO__TOKEN": TOKEN, "ISHC_ZALO__WEBHOOK_SECRET": SECRET}
        done = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(config), "run"],
                              env=env, capture_output=True, timeout=60)
    said = done.stderr.decode()
    assert done.returncode == 1, said
    assert "Zalo không nhận đăng ký webhook https://clb.example.vn/webhook/zalo" in said
    assert "Traceback" not in said
    assert TOKEN not in said and SECRET not in said
