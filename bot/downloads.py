"""``GET /files/<token>``: a report's file, for a day, on the one web server.

Zalo and the web chat cannot receive a document from a conversation, so they
get a link to it instead (storage/downloads.py); the token is the only key,
random and long, and the file is gone after a day.
"""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from club import texts
from handlers.context import Services
from storage import downloads


def add_routes(app: web.Application, services: Services) -> None:
    async def serve(request: web.Request) -> web.Response:
        found = await downloads.fetch(services.db, request.match_info["token"], services.now())
        if found is None:
            return web.Response(status=404, text=texts.DOWNLOAD_GONE,
                                content_type="text/plain", charset="utf-8")
        return web.Response(body=found.content, content_type=found.media_type, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        })

    app.router.add_get(downloads.PATH + "{token}", serve)
