"""Reading the fleet frame from SQLite: 1,000,000 devices (target ≤ 5 s).

Builds the database once (or reuses ``--db FILE``), then times
``fleet.queries.fleet_frame`` over the whole fleet, best of three: with the
columns a footprint reads (``ENGINE_COLUMNS``, the target) and, for
information, with every descriptive column too.
Run: ``.venv/bin/python benchmarks/bench_fleet_read.py [N] [--db FILE]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import cli.main  # noqa: F401  numpy's memory setting of the command (cli/main.py), before numpy

# isort: split
from fleetdb import build_database

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.queries import ENGINE_COLUMNS, FRAME_COLUMNS, fleet_frame

TARGET_S = 5.0
TARGETED = "colonnes du calcul"
READS = {TARGETED: ENGINE_COLUMNS, "toutes les colonnes": FRAME_COLUMNS}


def _best_of_three(url: str, columns: tuple[str, ...]) -> tuple[int, float]:
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        with session_scope(get_engine(url), commit=True) as session:
            rows = len(fleet_frame(session, columns=columns))
        timings.append(time.perf_counter() - began)
    return rows, min(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this SQLite file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            began = time.perf_counter()
            build_database(url, args.n)
            print(f"base de {args.n:,} appareils construite en {time.perf_counter() - began:.1f} s")
        results = {label: _best_of_three(url, columns) for label, columns in READS.items()}
        dispose_engines()
    for label, (rows, best) in results.items():
        verdict = "" if label != TARGETED else ("OK" if best <= TARGET_S else "TROP LENT")
        print(
            f"fleet_frame ({label}) : {rows:,} lignes lues en {best:.2f} s "
            f"({rows / best:,.0f} appareils/s"
            + (f", cible ≤ {TARGET_S:.0f} s) {verdict}" if verdict else ")")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
