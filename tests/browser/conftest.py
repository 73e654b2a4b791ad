"""Headless Chromium for the browser tests, driven by Playwright.

The browser is Debian's (``apt-get install chromium``, /usr/bin/chromium): no
browser is ever downloaded (``playwright install`` is not used). Without it, or
without Playwright, the tests are skipped and say why; ``.ci/run`` installs both.
axe-core comes from its npm package, installed by ``.ci/run`` into
``.cache/axe-core`` (or named by ``ECOPARC_AXE_JS``). The demo database is
tests/conftest.py's (``demo_template``, ``demo_copy``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ECOPARC_CHROMIUM", "/usr/bin/chromium"))
#: Headless, and nothing that would reach the network by itself.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(
    os.environ.get("ECOPARC_AXE_JS", REPO / ".cache/axe-core/node_modules/axe-core/axe.min.js")
)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """A headless Chromium shared by a module's tests.

    Module-scoped, not session-scoped: Playwright's synchronous API keeps an event
    loop running in the thread while it is open, and the Textual and asyncio tests
    that the same worker runs afterwards need to start their own."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : apt-get install chromium (.ci/run le fait)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright absent (groupe dev)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core absent ({AXE_JS}) : npm install axe-core (.ci/run le fait)")
    return AXE_JS.read_text(encoding="utf-8")
