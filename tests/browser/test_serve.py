"""``ecoparc serve``: the TUI in a real browser, and the token that guards other interfaces.

The server runs as a real process on a free port of 127.0.0.1. Chromium's
terminal draws on a canvas, so the screen is read where the browser receives it:
the websocket frames the page gets are fed to a terminal emulator (pyte), sized
as the page asks (its ``resize`` messages).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from ecoparc_cli import ecoparc

#: One worker builds the shared files once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("browser")


TOKEN = "s3cr3t-jeton-de-test-0123456789"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _serving(url: str, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[int, Any]]:
    """``ecoparc serve`` on a free port until the block ends; yields (port, process)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", url, "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"ecoparc serve did not start: {out}")
                time.sleep(0.2)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    return connection.getresponse()


class Screen:
    """The terminal the page shows, rebuilt from the websocket frames it receives."""

    def __init__(self, page: Any) -> None:
        import pyte

        self.page = page
        page.on("websocket", self.attach)
        self.screen = pyte.Screen(200, 60)
        self.stream = pyte.ByteStream(self.screen)

    def attach(self, websocket: Any) -> None:
        websocket.on("framereceived", self._received)
        websocket.on("framesent", self._sent)

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def _sent(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            message = json.loads(payload)
            if message[0] == "resize":
                self.screen.resize(message[1]["height"], message[1]["width"])

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text)
            if found:
                return found
            self.page.wait_for_timeout(200)  # lets Playwright deliver the frames
        raise AssertionError(f"{pattern!r} never shown; screen:\n{self.text}")


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@pytest.mark.slow
@pytest.mark.browser
def test_dashboard_then_inventory_filtered_by_keyboard(chromium, demo_copy: str) -> None:
    listed = ecoparc("--db", demo_copy, "devices", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    devices = json.loads(listed.stdout)
    expected = sum("latitude" in (d["model"] or "").lower() for d in devices)
    assert 0 < expected < len(devices)

    with _serving(demo_copy) as (port, _process):
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        screen = Screen(page)
        try:
            page.goto(f"http://127.0.0.1:{port}/")
            screen.wait_for(r"Tableau de bord")
            screen.wait_for(r"Empreinte annuelle")
            page.click("#terminal")
            page.keyboard.press("i")
            shown = r"(\d[\d\s]*) lignes affichées sur (\d[\d\s]*\d|\d)"
            total = screen.wait_for(shown)
            assert _count(total.group(1)) == _count(total.group(2)) == len(devices)
            # Keys reach the app through a websocket: give the screen time to take focus
            # before and after « / », or the letters of the word would run the
            # screen's own keys (l: language, t: transfer) instead of typing.
            page.wait_for_timeout(1000)
            page.keyboard.press("/")
            page.wait_for_timeout(1000)
            page.keyboard.type("latitude", delay=30)
            # The count follows each keystroke: wait until the screen settles on the
            # whole word's (a shorter prefix may keep a few more rows on the way).
            deadline = time.monotonic() + 30
            while (count := _count(screen.wait_for(shown).group(1))) != expected:
                if time.monotonic() > deadline:
                    break
                page.wait_for_timeout(200)
            assert count == expected, screen.text
        finally:
            page.close()


@pytest.mark.slow
def test_another_interface_refuses_requests_without_the_token(demo_copy: str) -> None:
    env = {"ECOPARC_SERVE_TOKEN": TOKEN}
    with _serving(demo_copy, "--host", "0.0.0.0", env=env) as (port, process):
        for path in ("/", "/ws", "/static/js/textual.js", "/download/x"):
            assert _get(port, path).status == 401, path
        assert _get(port, "/?token=wrong-token-wrong-token").status == 401
        assert _get(port, "/", {"Authorization": "Bearer nope"}).status == 401
        first = _get(port, f"/?token={TOKEN}&fontsize=14")
        assert first.status == 302
        assert first.getheader("Location") == "/?fontsize=14"
        cookie = first.getheader("Set-Cookie") or ""
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
        session = cookie.split(";", 1)[0]
        assert _get(port, "/", {"Cookie": session}).status == 200
        assert _get(port, "/static/js/textual.js", {"Cookie": session}).status == 200
        assert _get(port, "/", {"Authorization": f"Bearer {TOKEN}"}).status == 200
        elsewhere = {"Cookie": session, "Origin": "http://autre-site.example"}
        assert _get(port, "/ws", elsewhere).status == 403
        process.terminate()
        out = process.stdout.read().decode()
    assert TOKEN[:4] + "…" in out
    assert TOKEN not in out


def test_other_interfaces_need_a_long_enough_token(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ECOPARC_SERVE_TOKEN", raising=False)
    bare = ecoparc("--db", sqlite_url, "serve", "--host", "0.0.0.0")
    assert bare.returncode == 2
    assert "jeton est obligatoire" in bare.stderr and "Traceback" not in bare.stderr
    short = ecoparc("--db", sqlite_url, "serve", "--host", "0.0.0.0", "--token", "court")
    assert short.returncode == 2 and "trop court" in short.stderr
