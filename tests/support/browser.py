"""Debian's Chromium under Playwright, as every browser test drives it.

Skipped only where there is no /usr/bin/chromium and ISHC_REQUIRE_BROWSER is
unset (a developer's machine without the package); CI installs Chromium and
sets ISHC_REQUIRE_BROWSER=1, so there the tests run or fail, never skip.
Nothing leaves 127.0.0.1: :func:`local_only` aborts every other request.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = bool(os.environ.get("ISHC_REQUIRE_BROWSER"))
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"  # screenshots of a failure
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def require_chromium() -> None:
    """At a browser test module's top: skip it where it may be skipped."""
    if not CHROMIUM.exists() and not REQUIRED:
        pytest.skip("no /usr/bin/chromium (apt-get install chromium); set "
                    "ISHC_REQUIRE_BROWSER=1 to make this a failure", allow_module_level=True)
    if not REQUIRED:
        pytest.importorskip("playwright.async_api")


@asynccontextmanager
async def launched() -> AsyncIterator[Any]:
    """One headless Chromium for a test module."""
    from playwright.async_api import async_playwright

    assert CHROMIUM.exists(), "ISHC_REQUIRE_BROWSER is set but /usr/bin/chromium is missing"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                                   timeout=60_000)
        try:
            yield browser
        finally:
            await browser.close()


async def local_only(route: Any) -> None:
    """A context's route: 127.0.0.1 goes through, everything else is aborted."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        await route.continue_()
    else:
        await route.abort()
