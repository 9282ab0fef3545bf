"""The channel-neutral shape of a conversation: what came in, what goes out.

A channel adapter turns its own update into a :class:`Turn` and renders each
:class:`Reply`. Handlers never see a channel's types, so the same conversation
runs on Telegram, Zalo, the web and the terminal.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum


class TurnKind(StrEnum):
    START = "start"      # the conversation (re)starts: /start, a first contact
    TEXT = "text"        # typed words, or the label of a reply-keyboard button
    CONTACT = "contact"  # a phone number shared through the channel's own contact button
    CHOICE = "choice"    # an inline choice was tapped; ``choice`` holds its data
    OTHER = "other"      # anything else: sticker, photo, voice, location…


@dataclass(frozen=True, slots=True)
class SharedContact:
    phone: str
    # Whose contact card it is, as the channel says; proof of ownership only
    # when it equals the sender's own account id.
    owner_id: str | None


@dataclass(frozen=True, slots=True)
class Turn:
    channel: str
    account_id: str
    kind: TurnKind
    text: str = ""
    contact: SharedContact | None = None
    choice: str = ""


@dataclass(frozen=True, slots=True)
class Button:
    """A big button. ``choice`` None means: tapping it sends ``label`` as text.

    ``primary`` marks the one button that does what the message asks (the
    confirm under a confirmation), for channels that can show it apart.
    ``with_answer`` marks a menu key that is about the answer it comes with
    ("⚠️ Báo sai" under a balance): channels whose menu folds away (the web)
    show it under that answer instead; the others keep it in the menu.
    """

    label: str
    choice: str | None = None
    request_contact: bool = False
    primary: bool = False
    with_answer: bool = False


Rows = tuple[tuple[Button, ...], ...]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to keep, sent with a reply (the member's own data as a workbook).
    Channels that cannot carry files send the reply's text alone."""

    filename: str
    content: bytes
    mime: str = XLSX


@dataclass(frozen=True, slots=True)
class Document:
    """A file to hand over (a report's workbook or PDF)."""

    filename: str
    media_type: str
    content: bytes


# Channels whose adapter sends ``Reply.document`` as a file. Elsewhere (Zalo,
# the web chat, the terminal) a conversation hands a download link instead.
DOCUMENT_CHANNELS = frozenset({"telegram"})


@dataclass(frozen=True, slots=True)
class Image:
    """A picture that goes with a reply's text (a chart), channel-neutral.

    Drawn only when a channel shows it: ``await draw()`` gives the PNG (None
    if it could not be drawn), so a channel that cannot show pictures — the
    terminal, Zalo without a public address — costs no drawing, and one that
    can sends the text before the drawing starts. ``alt`` says in words what
    the picture shows, for those who cannot see it. ``key`` stays the same
    while the picture does, so a channel may send again what it uploaded
    before (Telegram's file_id) without drawing it at all.
    """

    alt: str
    key: str
    draw: Callable[[], Awaitable[bytes | None]] = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send.

    ``text`` uses ``<b>`` as its only markup. ``keyboard`` is the persistent
    menu under the typing box (a reply keyboard on Telegram); ``choices`` are
    buttons attached to this message (inline). Zalo renders both as a
    numbered list. ``edit`` asks to redraw the message whose button was just
    tapped (a checklist being ticked) instead of sending a new one; channels
    that cannot edit send it anew. ``image`` goes out after the text (the
    answer is read first); a channel that cannot show it shows the text alone.
    ``attachment`` is a file sent after the text (a member's own data);
    ``document`` is a file sent with ``text`` as its caption, on the channels of
    DOCUMENT_CHANNELS only (a report), a link elsewhere. ``standing``: its
    choices are switches that stay valid (the help answer's), not a question,
    so a channel that takes a question's buttons away once the conversation
    moves on leaves these.
    """

    text: str
    keyboard: Rows = ()
    choices: Rows = ()
    remove_keyboard: bool = False
    edit: bool = False
    image: Image | None = None
    attachment: Attachment | None = None
    document: Document | None = None
    standing: bool = False

    @property
    def is_caption(self) -> bool:
        """Its words only name its picture (a report's chart, ``text`` equal to
        the picture's ``alt``). A channel whose pictures carry a caption of
        their own (Zalo) sends the picture alone, and where no picture can
        go, the words would name nothing: they are left out too."""
        return self.image is not None and plain_text(self.text) == self.image.alt


def plain_text(text: str) -> str:
    """Reply text without markup, for channels that show no formatting."""
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))
