"""The member's screens, drawn once per member file.

The read cache (storage/reads.py) hands out the very same :class:`MemberFile`
object until anything at all is committed; a screen drawn from it cannot
change meanwhile unless what else it depends on does — how its reader calls
the member, and the clock (to the minute: "the next meeting" moves on when
one begins). So the text is kept with the file it was drawn from and given
again while the reader hands out that file, as handlers/charts.py keeps the
pictures. A commit anywhere gives new file objects, and every screen is drawn
afresh: a balance shown is always the stored one.

Only the text is kept; what a screen does besides drawing (the access log of
a relative reading health data) happens on every tap, in its handler.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from storage.member_file import MemberFile

# Screens kept: a busy hour's members, each with a few screens. Each entry
# holds its file, so the bound is also on the files kept alive.
MAX_SCREENS = 1024


class ScreenCache:
    """The last text of each (member, screen, what else it depends on)."""

    def __init__(self, size: int = MAX_SCREENS) -> None:
        self._size = size
        self._drawn: OrderedDict[tuple[Hashable, ...], tuple[MemberFile, str]] = OrderedDict()
        self.draws = 0  # screens drawn, for tests and the curious

    def text(self, file: MemberFile, key: tuple[Hashable, ...],
             draw: Callable[[], str]) -> str:
        """The screen ``key`` (its name and everything else it depends on) of
        ``file``: drawn by ``draw`` unless drawn already from this very file."""
        full = (file.member.id, *key)
        drawn = self._drawn.get(full)
        if drawn is not None and drawn[0] is file:
            self._drawn.move_to_end(full)
            return drawn[1]
        self.draws += 1
        text = draw()
        self._drawn[full] = (file, text)
        self._drawn.move_to_end(full)
        while len(self._drawn) > self._size:
            self._drawn.popitem(last=False)
        return text
