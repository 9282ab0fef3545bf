"""What a person means by what they typed.

Older members type without diacritics, in abbreviations, or tap a button
whose label arrives as text. Everything is folded (lowercase, no diacritics)
and matched against a small vocabulary; a button label is just one more way
of saying the same thing.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from club import texts
from club.phone import normalize_phone
from club.text import fold


class Intent(StrEnum):
    SAVINGS = "savings"
    LOANS = "loans"
    MEETING = "meeting"
    HEALTH = "health"
    CONTACTS = "contacts"
    HELP = "help"
    SWITCH = "switch"
    UNLINK = "unlink"
    GREETING = "greeting"
    BOARD = "board"
    PAUSE_REMINDERS = "pause_reminders"
    RESUME_REMINDERS = "resume_reminders"
    REPORT_SAVINGS = "report_savings"
    REPORT_LOANS = "report_loans"
    REPORT = "report"
    MY_DATA = "my_data"
    RELATIVES = "relatives"
    WITHDRAW_CONSENT = "withdraw_consent"
    VISITS = "visits"


# Phrases per intent, already folded. Longer phrases are tried first so that
# "huy lien ket" is not read as something shorter inside it.
_PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.UNLINK: ("huy lien ket", "huy ket noi", "bo lien ket", "unlink"),
    Intent.SWITCH: ("doi nguoi xem", "doi nguoi", "xem nguoi khac", "chon nguoi"),
    Intent.SAVINGS: ("tiet kiem", "so du", "sodu", "tk", "tien gui", "gui tien", "dong gop",
                     "quy", "tiet kem", "tietkiem", "savings", "tien"),
    Intent.LOANS: ("khoan vay", "vay", "no", "con no", "tra no", "no vay", "tra gop", "loan"),
    Intent.MEETING: ("lich hop", "hop", "cuoc hop", "buoi hop", "sinh hoat", "lich", "lich kham",
                     "kham", "meeting"),
    Intent.HEALTH: ("suc khoe", "huyet ap", "can nang", "ha", "tim mach", "suc khoe cua toi",
                    "health"),
    Intent.CONTACTS: ("lien he", "lien lac", "so dien thoai", "goi", "chu nhiem", "thu ky",
                      "thu quy", "ban chu nhiem", "contact"),
    Intent.HELP: ("huong dan", "giup", "tro giup", "help", "menu", "cach dung", "?"),
    Intent.BOARD: ("quan ly", "ghi so", "cong viec"),
    Intent.PAUSE_REMINDERS: ("tat nhac nho", "tat nhac", "dung nhac", "ngung nhac", "bo nhac",
                             "khong nhac", "khong can nhac", "tat thong bao"),
    Intent.RESUME_REMINDERS: ("bat nhac nho", "bat nhac", "mo nhac", "nhac lai toi",
                              "bat thong bao"),
    Intent.REPORT: ("bao sai", "sai roi", "sai so", "nham", "ghi nham"),
    Intent.MY_DATA: ("du lieu ca nhan", "du lieu cua toi", "du lieu", "thong tin cua toi",
                     "ho so cua toi"),
    Intent.RELATIVES: ("nguoi nha", "nguoi nha xem so", "con chau"),
    Intent.WITHDRAW_CONSENT: ("rut dong y", "rut lai dong y", "khong dong y nua",
                              "thoi dong y"),
    Intent.VISITS: ("tham hoi", "di tham", "tham nha", "tham nguoi", "cham soc tai nha",
                    "tinh nguyen vien"),
    Intent.GREETING: ("xin chao", "chao", "alo", "hello", "hi", "start", "bat dau"),
}

_BUTTONS: dict[str, Intent] = {
    fold(texts.BTN_SAVINGS): Intent.SAVINGS,
    fold(texts.BTN_LOANS): Intent.LOANS,
    fold(texts.BTN_MEETING): Intent.MEETING,
    fold(texts.BTN_HEALTH): Intent.HEALTH,
    fold(texts.BTN_CONTACTS): Intent.CONTACTS,
    fold(texts.BTN_HELP): Intent.HELP,
    fold(texts.BTN_SWITCH): Intent.SWITCH,
    fold(texts.BTN_UNLINK): Intent.UNLINK,
    fold(texts.BTN_BOARD): Intent.BOARD,
    fold(texts.BTN_VISITS): Intent.VISITS,
    fold(texts.BTN_REPORT_SAVINGS): Intent.REPORT_SAVINGS,
    fold(texts.BTN_REPORT_LOANS): Intent.REPORT_LOANS,
}

_WORD = re.compile(r"[a-z0-9?]+")

# Longest first, each padded with spaces: whole words only ("no", debt, must
# not fire inside "nong" or "noi").
_ORDERED = [(f" {phrase} ", intent) for phrase, intent in sorted(
    ((phrase, intent) for intent, phrases in _PHRASES.items() for phrase in phrases),
    key=lambda pair: -len(pair[0]),
)]


def is_button(text: str) -> bool:
    """Whether the text is exactly a main-menu button's label (it always wins over a flow)."""
    return fold(text) in _BUTTONS


@lru_cache(maxsize=4096)  # members type the same few words over and over
def recognise(text: str) -> Intent | None:
    """The intent of typed text, or None when it is not clear."""
    folded = fold(text)
    if folded in _BUTTONS:
        return _BUTTONS[folded]
    words = " ".join(_WORD.findall(folded))
    if not words:
        return Intent.HELP if "?" in folded else None
    padded = f" {words} "
    for phrase, intent in _ORDERED:
        if phrase in padded:
            return intent
    return None


def looks_like_phone(text: str) -> bool:
    """Whether someone typed a phone number (theirs, most likely)."""
    if sum(ch.isdigit() for ch in text) < 9:
        return False
    try:
        return normalize_phone(text) is not None
    except ValueError:
        return False
