"""Constants and helpers shared by the TUI tests (fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
#: The samples' reference date (samples/manifest.json), "today" for every test.
TODAY = date(2026, 11, 28)
#: Terminal size of the pilot and snapshot tests.
SIZE = (120, 40)


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the messages they posted be handled.

    A worker that fails on purpose (an unreadable file) is the screen's to report,
    through its state-change handler; the test asserts on what the screen shows.
    Whether the manager still holds that worker when we wait depends on the
    machine's load, so its failure is not re-raised here; nor is a worker cancelled
    by a newer one of its group (an exclusive reload).

    A handled message may start another worker (a reload after a reload): on a
    loaded machine three rounds did not always reach the last one, and a chart was
    captured before its final redraw. So it waits until two rounds in a row find
    no worker pending or running (at least three rounds, at most twenty).
    """
    quiet = 0
    for round_ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerFailed, WorkerCancelled):
            pass
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 2 and round_ >= 2:
            break
