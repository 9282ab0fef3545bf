"""What goes out to Zalo: a reply as plain text with its buttons as a numbered
list, cut into messages Zalo accepts.

Zalo shows no buttons, no keyboards, no bold, and at most 2000 characters a
message. A reply's buttons become a numbered list under its text, with a hint
line ("👉 Trả lời 1, 2 hoặc 3 để chọn."); its inline choices when it has any,
otherwise the menu keyboard — the rule Telegram follows, which shows the
choices and leaves the menu on screen. A "📱 Gửi số điện thoại" button cannot
exist: the sentences naming it are replaced by a line saying to type the link
code from the board. ``<b>`` is dropped, and longer texts are split on line
boundaries.
"""

from __future__ import annotations

import re

from bot.channels.zalo.parsing import Option
from club import texts
from handlers.conversation import Reply, plain_text

MAX_TEXT = 2000


def _units(text: str) -> int:
    """Length as Zalo may count it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(line: str, limit: int) -> int:
    """Index of the longest prefix of ``line`` within ``limit`` units, cut at a space if any."""
    used, end = 0, 0
    for i, char in enumerate(line):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        end = i + 1
    space = line.rfind(" ", 0, end + 1)
    return space if space > 0 and end < len(line) else max(end, 1)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` in messages of at most ``limit`` units, cut between lines.

    A single line longer than a message is cut at its last space that fits
    (or mid-word if it has none).
    """
    text = text.strip("\n")
    if _units(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current.strip("\n"):
            parts.append(current.strip("\n"))
        current = ""

    for line in text.split("\n"):
        while _units(line) > limit:
            flush()
            cut = _fit(line, limit)
            parts.append(line[:cut].rstrip())
            line = line[cut:].lstrip(" ")
        joined = f"{current}\n{line}" if current else line
        if _units(joined) <= limit:
            current = joined
        else:
            flush()
            current = line
    flush()
    return parts


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _link_by_code(text: str) -> str:
    """The sentences that say to tap "📱 Gửi số điện thoại", replaced by the
    link-code line: on Zalo there is no such button."""
    lines = []
    for line in text.split("\n"):
        if texts.BTN_SHARE_PHONE in line:
            line = " ".join(s for s in _SENTENCE_END.split(line)
                            if texts.BTN_SHARE_PHONE not in s)
            if not line.strip():
                continue
        lines.append(line)
    lines.append(texts.ZALO_LINK_BY_CODE)
    return "\n".join(lines)


def options_of(reply: Reply) -> list[Option]:
    """The buttons Zalo lists for a reply: its choices if any, else its menu.

    A contact button is left out: Zalo cannot share a contact.
    """
    rows = reply.choices or reply.keyboard
    return [Option(b.label, b.choice) for row in rows for b in row if not b.request_contact]


def _asks_for_contact(reply: Reply) -> bool:
    return any(b.request_contact for rows in (reply.choices, reply.keyboard)
               for row in rows for b in row)


def answer_hint(count: int) -> str:
    if count > 3:
        return texts.ZALO_ANSWER_MANY.format(last=count)
    numbers = [str(n) for n in range(1, count + 1)]
    said = numbers[0] if count == 1 else ", ".join(numbers[:-1]) + texts.ZALO_OR + numbers[-1]
    return texts.ZALO_ANSWER_FEW.format(numbers=said)


def render(reply: Reply, *, numbered: bool = True) -> tuple[str, list[Option]]:
    """The plain text of a reply as Zalo shows it, and its numbered options.

    ``numbered`` False: the text alone (a later reply of the same turn
    carries the list, and two lists both starting at 1 would be ambiguous).
    """
    text = reply.text
    options = options_of(reply) if numbered else []
    if text.startswith(texts.ONLY_TEXT):
        # "Tap a button below" means nothing on Zalo: say what it cannot read,
        # and point at the numbered list when there is one.
        only_words = texts.ZALO_ONLY_TEXT + (" " + texts.ZALO_ONLY_TEXT_PICK if options else "")
        text = only_words + text[len(texts.ONLY_TEXT):]
    if _asks_for_contact(reply) or texts.BTN_SHARE_PHONE in text:
        text = _link_by_code(text)
    text = plain_text(text)
    if options:
        lines = [texts.ZALO_OPTION.format(number=n, label=o.label)
                 for n, o in enumerate(options, start=1)]
        text = "\n".join([text, "", *lines, answer_hint(len(options))])
    return text, options


def render_turn(replies: list[Reply]) -> tuple[list[str], list[Option]]:
    """Every message for one turn's replies, and the options now numbered.

    Only the last reply that has buttons gets the numbered list: it is the
    one on screen, and "1" must mean one thing.
    """
    parts, shown = render_parts(replies)
    return [message for part in parts for message in part], shown


def render_parts(replies: list[Reply]) -> tuple[list[list[str]], list[Option]]:
    """:func:`render_turn`, its messages kept apart per reply (a reply's
    picture goes right after its own words)."""
    last = max((i for i, r in enumerate(replies) if options_of(r)), default=-1)
    parts: list[list[str]] = []
    shown: list[Option] = []
    for i, reply in enumerate(replies):
        text, options = render(reply, numbered=i == last)
        shown = options or shown
        parts.append(split_text(text))
    return parts, shown
