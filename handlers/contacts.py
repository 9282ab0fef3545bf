"""☎️ Liên hệ: the board's names and phones, so a member can call someone.

One person per line, the number grouped as people read it ("0971 706 690");
the web makes it a ``tel:`` link and Telegram makes it tappable itself.
"""

from __future__ import annotations

from html import escape

from club import texts
from club.phone import format_phone
from storage.member_file import MemberFile


def render(file: MemberFile) -> str:
    if not file.board:
        return texts.CONTACTS_NONE
    lines = [texts.CONTACTS_HEAD.format(club=escape(file.club.name))]
    for person in file.board:
        lines.append(texts.CONTACT_LINE.format(
            role=escape(person.role), name=escape(person.name),
            phone=(texts.CONTACT_PHONE.format(phone=format_phone(person.phone))
                   if person.phone else "")))
    return "\n".join(lines)
