"""Import benchmark: a 100,000-row, 20-column xlsx into a fresh SQLite database.

Targets on a 2-core machine: first import ≤ 20 s, re-import of the same file
(nothing to change) ≤ 10 s. For scale, the same run times a bare
``pandas.read_excel(engine="openpyxl")`` of the file, which only reads it.

    python benchmarks/bench_import.py [--rows N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent

from fleet import schema  # noqa: E402
from fleet.db import dispose_engines, get_engine, session_scope  # noqa: E402
from fleet.importing import run_import  # noqa: E402
from samples import write_large  # noqa: E402

FIRST_TARGET_S = 20.0
AGAIN_TARGET_S = 10.0


def timed_import(url: str, path: Path) -> tuple[float, object]:
    start = time.perf_counter()
    with session_scope(get_engine(url), commit=True) as session:
        result = run_import(session, path, create_entities=True)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        manifest = write_large(args.rows, folder)
        path = folder / manifest["files"]["xlsx"]["file"]
        print(
            f"generated {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        schema.upgrade(url, backup=False)

        first, result = timed_import(url, path)
        print(
            f"first import : {first:6.2f} s  {args.rows / first:9,.0f} rows/s  "
            f"created {result.created}, rejected {result.rejected}  "
            f"(target ≤ {FIRST_TARGET_S:g} s)"
        )
        again, result = timed_import(url, path)
        print(
            f"re-import    : {again:6.2f} s  {args.rows / again:9,.0f} rows/s  "
            f"created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}  (target ≤ {AGAIN_TARGET_S:g} s)"
        )
        start = time.perf_counter()
        frame = pd.read_excel(path, engine="openpyxl")
        bare = time.perf_counter() - start
        print(
            f"pandas.read_excel(engine='openpyxl') alone: {bare:6.2f} s "
            f"({len(frame):,} rows, read only)"
        )
        dispose_engines()
        ok = first <= FIRST_TARGET_S and again <= AGAIN_TARGET_S
        print("targets met" if ok else "TARGETS MISSED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
