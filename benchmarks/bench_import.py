"""Import benchmark: 100,000 rows into a fresh SQLite database, then again.

Each re-import is printed beside its anchor, the first import of the same file
measured in the same run, as a ratio (issue 16: an unchanged file ≤ 0.1× the
first import, a file with 1 % of its rows changed ≤ 0.2×; docs/import.md,
« Réimport incrémental »):

- the 20-column xlsx: first import, then the same file again;
- the canonical CSV: first import, the same file again, then the file with 1 % of
  its rows changed (model and price), and for scale ``pandas.read_csv`` of it.

    python benchmarks/bench_import.py [--rows N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent

from fleet import schema  # noqa: E402
from fleet.db import dispose_engines, get_engine, session_scope  # noqa: E402
from fleet.importing import run_import  # noqa: E402
from samples import write_large  # noqa: E402

#: Re-import / first import of the same file (issue 16).
UNCHANGED_TARGET = 0.1
CHANGED_TARGET = 0.2
CHANGED_SHARE = 0.01


def timed_import(url: str, path: Path) -> tuple[float, Any]:
    start = time.perf_counter()
    with session_scope(get_engine(url), commit=True) as session:
        result = run_import(session, path, create_entities=True)
    return time.perf_counter() - start, result


def line(label: str, seconds: float, anchor_label: str, anchor: float, target: str = "") -> bool:
    """One measure beside its anchor; True when the ratio meets ``target`` (× at most)."""
    ratio = seconds / anchor if anchor > 0 else float("nan")
    limit = f"(≤ {target}×)" if target else ""
    print(
        f"{label:<34} {seconds:7.2f} s | {anchor_label:<24} {anchor:7.2f} s | "
        f"× {ratio:5.2f} {limit}"
    )
    return not target or ratio <= float(target)


def fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    schema.upgrade(url, backup=False)
    return url


def changed_copy(path: Path, out: Path, share: float) -> int:
    """``path`` with ``share`` of its rows changed (another model and price)."""
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    rows = np.random.default_rng(16).choice(len(frame), int(len(frame) * share), replace=False)
    frame.loc[rows, "model"] = frame.loc[rows, "model"] + " (2e génération)"
    frame.loc[rows, "price_eur"] = "999"
    frame.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    return len(rows)


def first_and_again(folder: Path, path: Path, kind: str) -> tuple[bool, str, float]:
    """First import of ``path`` into a fresh database, then the same file again:
    (target met, the database, the first import's time)."""
    url = fresh_database(folder, f"{kind}.db")
    first, result = timed_import(url, path)
    print(f"{kind}: created {result.created:,}, rejected {result.rejected:,}")
    line(f"{kind}, first import", first, "-", first)
    again, result = timed_import(url, path)
    assert result.same_as is not None, f"the unchanged {kind} file was not recognised"
    met = line(f"{kind}, same file again", again, f"{kind}, first import", first, "0.1")
    return met, url, first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        manifest = write_large(args.rows, folder)
        xlsx = folder / manifest["files"]["xlsx"]["file"]
        csv = folder / manifest["files"]["csv"]["file"]
        print(f"{args.rows:,} rows generated in {time.perf_counter() - start:.1f} s")

        ok &= first_and_again(Path(tmp), xlsx, "xlsx")[0]
        met, url, first = first_and_again(Path(tmp), csv, "csv")
        ok &= met
        changed = Path(tmp) / "changed.csv"
        n = changed_copy(csv, changed, CHANGED_SHARE)
        seconds, result = timed_import(url, changed)
        print(
            f"csv, {n:,} rows changed: updated {result.updated:,}, "
            f"compared {result.rows - result.skipped - result.rejected:,}, "
            f"skipped {result.skipped:,}"
        )
        ok &= line(
            f"csv, {CHANGED_SHARE:.0%} of rows changed", seconds, "csv, first import", first, "0.2"
        )
        start = time.perf_counter()
        pd.read_csv(changed, dtype="str")
        line("pandas.read_csv alone", time.perf_counter() - start, "csv, first import", first)
        dispose_engines()
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
