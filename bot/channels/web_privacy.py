"""The privacy page at /privacy: what the club keeps about its members, why,
who sees it, for how long, and what a member can do — public, in plain
Vietnamese (club/texts.py), for members, relatives and officers alike.

Plain HTML built from the texts, every piece escaped; it needs no script and
no session, and carries the server's security headers like every response.
"""

from __future__ import annotations

from html import escape

from aiohttp import web

from club import texts


def render() -> bytes:
    parts = ["<!doctype html>", '<html lang="vi"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(texts.PRIVACY_TITLE)}</title>",
             '<link rel="stylesheet" href="/static/style.css"></head>',
             '<body class="privacy"><main>', f"<h1>{escape(texts.PRIVACY_TITLE)}</h1>"]
    for heading, paragraphs in texts.PRIVACY_SECTIONS:
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.extend(f"<p>{escape(p)}</p>" for p in paragraphs)
    parts.append("</main></body></html>")
    return "\n".join(parts).encode("utf-8")


_PAGE = render()


async def privacy_page(request: web.Request) -> web.Response:
    return web.Response(body=_PAGE, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-cache"})
