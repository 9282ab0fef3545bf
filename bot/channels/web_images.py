"""Pictures served by the web server for a short while, under random names.

A reply's picture (a member's blood-pressure chart) cannot travel inside the
reply's JSON as markup, and must never be found by anyone else. So it is kept
in memory under a random name (192 bits: never guessed, never counted
through) for a short while, and the reply carries only its URL:

* the web chat's pictures belong to the session's chat account: ``GET
  /api/image/<name>`` answers only that account's cookie, 404 to anyone else,
  as if there were no such picture;
* Zalo's pictures are fetched by Zalo's servers, which hold no cookie, so they
  are served at ``[web] public_url`` under ``/media/<name>.png`` for a few
  minutes, from a store of their own (a web chat picture can never be fetched
  there, nor a Zalo one through the chat's path).

Nothing is written to disk or the database: a restart forgets them, and a
page shows the alt text for a picture that is gone.
"""

from __future__ import annotations

import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from handlers.conversation import Image

__all__ = ["CHAT_TTL", "MEDIA_PATH", "PUBLIC_TTL", "ImageStore", "publisher"]

CHAT_TTL = 3600.0      # s: a page left open keeps its pictures for an hour
PUBLIC_TTL = 900.0     # s: Zalo fetches a picture when it is sent; a quarter hour is plenty
MAX_IMAGES = 2000      # held at once, oldest dropped first (each is the chart cache's own
                       # picture, so it costs little more than its name)
NAME = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True, slots=True)
class _Held:
    image: Image  # drawn when first fetched, if it was not yet
    owner: str | None
    expires: float


class ImageStore:
    def __init__(self, ttl: float, *, size: int = MAX_IMAGES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._size = size
        self._clock = clock
        self._held: OrderedDict[str, _Held] = OrderedDict()

    def put(self, image: Image, owner: str | None = None) -> str:
        """Keep ``image`` for ``owner`` (None: whoever has the name); its new name."""
        now = self._clock()
        self._drop_expired(now)
        name = secrets.token_urlsafe(24)  # 32 characters
        self._held[name] = _Held(image, owner, now + self._ttl)
        while len(self._held) > self._size:
            self._held.popitem(last=False)
        return name

    async def png(self, name: str, owner: str | None = None) -> bytes | None:
        """The picture, if the name is known, not expired, and ``owner``'s."""
        if not NAME.fullmatch(name):
            return None
        held = self._held.get(name)
        if held is None or held.expires <= self._clock() or held.owner != owner:
            return None
        return await held.image.draw()

    def _drop_expired(self, now: float) -> None:
        # Names are kept in the order they were given, all with the same ttl.
        while self._held:
            name, held = next(iter(self._held.items()))
            if held.expires > now:
                return
            del self._held[name]

    @property
    def held(self) -> int:
        """How many pictures are kept now. (No ``__len__``: an empty store is
        still a store, and must not read as "none" in a condition.)"""
        return len(self._held)


MEDIA_PATH = "/media/"  # + name + ".png": the public pictures' path on the web server


def publisher(store: ImageStore, public_url: str) -> Callable[[Image], str]:
    """Keep a picture in ``store`` and give the address another platform can
    fetch it from, under ``[web] public_url``."""
    base = public_url.rstrip("/") + MEDIA_PATH

    def publish(image: Image) -> str:
        return f"{base}{store.put(image)}.png"

    return publish
