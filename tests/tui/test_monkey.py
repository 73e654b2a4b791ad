"""Random keys on the real demo database: the interface never closes and never hangs.

A person who types a file path while no field has the focus sends its letters to
the screens' single-key bindings; keys typed quickly over SSH arrive all at once.
These walks send random sequences of every key the screens bind, plus letters and
digits typed into whatever field has the focus, both in bursts (posted at once, as
a terminal delivers them) and one by one (each handled before the next), at 80×24
and 120×40. A walk is seeded: a failure names its seed and its keys, and
``MONKEY_SEED=<seed> pytest tests/tui/test_monkey.py -k seeded`` replays it.

After the walk the app must still answer: Escape closes dialogs and leaves fields,
a screen key shows its screen, ctrl+q quits with return code 0. An exception in a
handler or a worker closes the app and Textual raises it at the end of
``run_test`` (``ECOPARC_DEBUG=1`` under the test suite), which fails the test.
"""

from __future__ import annotations

import asyncio
import os
import random
import unicodedata

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from tui_support import settle

from tui.screens.dashboard import DashboardScreen
from tui.screens.inventory import InventoryScreen

#: The screens' own keys, the app's (help, language) and the keys moving around.
SCREEN_KEYS = list("dimfpsrA")
ACTION_KEYS = [
    "l", "question_mark", "f1", "tab", "shift+tab", "up", "down", "left", "right",
    "enter", "escape", "space", "pageup", "pagedown", "home", "end", "backspace",
    "ctrl+t", "ctrl+s", "ctrl+b", "ctrl+n", "ctrl+o", "ctrl+g", "ctrl+r", "slash",
    *"acetbuwxovhjnk",
]  # fmt: skip
#: What a person types into a field (a path, a search, a number).
TYPED = [*"abcdeilmnoprstuxz0123456789", "full_stop", "slash", "minus", "underscore"]
KEYS = SCREEN_KEYS + ACTION_KEYS + TYPED

#: No chunk of keys and the work it starts is meant to take this long, even on a
#: loaded machine: past it, the interface hung.
HANG_SECONDS = 60.0


def key_event(key: str) -> events.Key:
    """The event a terminal sends for ``key`` (as ``Pilot.press`` builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def walk(seed: int, steps: int) -> list[list[str]]:
    """``steps`` chunks of keys: a chunk of one is pressed, a longer one is a burst."""
    rng = random.Random(seed)
    chunks = []
    for _ in range(steps):
        size = rng.choice((1, 1, 1, 2, 3, 6, 12))
        chunks.append([rng.choice(KEYS) for _ in range(size)])
    return chunks


async def send(pilot: Pilot[None], chunk: list[str]) -> None:
    """Press a single key (handled before the next); post a burst all at once."""
    if len(chunk) == 1:
        await pilot.press(*chunk)
        return
    for key in chunk:
        pilot.app.post_message(key_event(key))
    await pilot.pause()


async def still_answers(pilot: Pilot[None]) -> None:
    """Back from wherever the walk ended: the keys still switch screens and quit."""
    app = pilot.app
    await settle(pilot)
    # Closes the dialogs and open lists, leaves the fields (Escape's meaning everywhere).
    for _ in range(6):
        await pilot.press("escape")
        await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(app.screen, InventoryScreen), app.screen
    await pilot.press("escape", "d")
    await settle(pilot)
    assert isinstance(app.screen, DashboardScreen), app.screen
    await pilot.press("ctrl+q")


async def run_walk(app: App[None], size: tuple[int, int], seed: int, steps: int) -> None:
    chunks = walk(seed, steps)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for chunk in chunks:
                await asyncio.wait_for(send(pilot, chunk), HANG_SECONDS)
            await asyncio.wait_for(still_answers(pilot), HANG_SECONDS)
    except BaseException as error:
        error.add_note(f"monkey walk: seed {seed}, size {size}, keys {chunks}")
        raise
    assert app.return_code == 0


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_random_keys_keep_the_interface_open(app_factory, size: tuple[int, int]) -> None:
    await run_walk(app_factory(), size, seed=sum(size), steps=40)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_long_random_walks(app_factory, size: tuple[int, int], seed: int) -> None:
    await run_walk(app_factory(), size, seed=seed, steps=150)


@pytest.mark.skipif("MONKEY_SEED" not in os.environ, reason="replays MONKEY_SEED")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_seeded_walk(app_factory, size: tuple[int, int]) -> None:
    seed = int(os.environ["MONKEY_SEED"])
    await run_walk(app_factory(), size, seed=seed, steps=int(os.environ.get("MONKEY_STEPS", 150)))
