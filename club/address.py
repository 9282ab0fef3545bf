"""How the bot addresses a person: by age and gender, as the club prefers.

In Vietnamese the word for "you" says how old the speaker thinks the listener
is. Calling a 78-year-old "bạn" is how one talks to a peer, and a bot that
says "tôi" of itself puts itself on her level; the club's own notices say
"các bác", "các cô chú". So a member of 60 or over is "ông" or "bà" — or
"bác" for either, in a club that prefers it — and a younger member "anh" or
"chị". The bot never names itself: its sentences are written without a
subject ("Chưa hiểu «…»", "CLB đã ghi…").

Texts take the word through two ``str.format`` fields: ``{you}`` inside a
sentence and ``{You}`` at its start (see :func:`fields`).

A relative linked to help a member reads about the member, not as her: the
member is then called by title and given name ("sổ của bà Lan"), and the
relative themself gets neutral sentences (or "anh/chị", :data:`RELATIVE`).
So does a phone that sees several people's books (a couple's): whoever holds
it, "bà Lan" is right.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from club.text import capitalize_first, fold

__all__ = [
    "ELDER_AGE", "RELATIVE", "AddressStyle", "address_for", "capitalised", "fields",
    "given_name", "parse_style", "you",
]

# From this age (counted by calendar year, as people say their age) a member is
# addressed as an elder.
ELDER_AGE = 60
# A relative helping a member: their age and gender are not in the roster.
RELATIVE = "anh/chị"


class AddressStyle(StrEnum):
    """A club's choice for its elders (``clubs.address_style``)."""

    ONG_BA = "ong_ba"   # "ông" for a man, "bà" for a woman (the default)
    BAC = "bac"         # "bác" for both, as many clubs' notices say


def address_for(birth_year: int | None, gender: str, today: date,
                style: str = AddressStyle.ONG_BA) -> str:
    """The word for "you" for a member of the roster: bà, ông, bác, chị or anh.

    Unknown facts fall to the respectful side: most members of these clubs are
    older, and an older person called "anh/chị" is slighted while a younger one
    called "bà" is only honoured. So an unknown birth year counts as an elder,
    and an elder of unknown gender is "bác", which fits a man and a woman alike.
    A younger member of unknown gender is "anh/chị".
    """
    folded = fold(gender)
    woman, man = folded == "nu", folded == "nam"
    elder = birth_year is None or today.year - birth_year >= ELDER_AGE
    if elder:
        if style == AddressStyle.BAC or not (woman or man):
            return "bác"
        return "bà" if woman else "ông"
    if woman:
        return "chị"
    return "anh" if man else RELATIVE


def given_name(full_name: str) -> str:
    """The name people call a Vietnamese member by: the last word ("Lan" of "Nguyễn Thị Lan")."""
    words = full_name.split()
    return words[-1] if words else full_name


def you(title: str, full_name: str, *, named: bool = False) -> str:
    """How the reader of a member's book calls its owner.

    The member herself: her title alone ("bà"). ``named`` when the reader may
    be someone else — a relative helping her, a phone shared with her husband —
    her title and given name ("bà Lan"), so "sổ của {you}" reads right to all.
    """
    return f"{title} {given_name(full_name)}" if named else title


def parse_style(text: str) -> AddressStyle:
    """A style as an operator types it: "bac", "bác", "ong_ba", "ông bà", "ong-ba"."""
    folded = fold(text).replace("_", " ").replace("-", " ").replace(",", " ").replace("/", " ")
    compact = "".join(folded.split())
    if compact == "bac":
        return AddressStyle.BAC
    if compact in ("ongba", "baong"):
        return AddressStyle.ONG_BA
    raise ValueError(f"unknown address style: {text!r}")


def capitalised(word: str) -> str:
    """The word at the start of a sentence: "bà" -> "Bà", "bà Lan" -> "Bà Lan"."""
    return capitalize_first(word)


def fields(word: str) -> dict[str, str]:
    """The ``{you}`` and ``{You}`` fields of a text: ``texts.X.format(**fields(w), …)``."""
    return {"you": word, "You": capitalised(word)}
