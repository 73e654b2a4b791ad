"""Import benchmark: 100,000 rows into a fresh SQLite database, then again.

Each figure is printed beside its anchor measured in the same run, as a ratio
(issue 16; docs/import.md, « Réimport incrémental » and « Lecture des fichiers »):

- the 20-column xlsx: first import beside a bare calamine read of the same file
  (≤ 1.5×), then the same file again beside the first import (≤ 0.1×);
- the canonical CSV: first import beside ``pandas.read_csv`` of the same file
  (≤ 3×), the same file again (≤ 0.1×), then the file with 1 % of its rows
  changed (model and price) beside the first import (≤ 0.2×).

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
import python_calamine

REPO = Path(__file__).resolve().parent.parent

from fleet import schema  # noqa: E402
from fleet.db import dispose_engines, get_engine, session_scope  # noqa: E402
from fleet.importing import read_table, run_import  # noqa: E402
from samples import write_large  # noqa: E402

#: Re-import / first import of the same file (issue 16).
UNCHANGED_TARGET = 0.1
CHANGED_TARGET = 0.2
CHANGED_SHARE = 0.01
#: First import / a bare read of the same file (issue 16).
XLSX_TARGET = 1.5
CSV_TARGET = 3.0


def calamine_read(path: Path) -> float:
    """Seconds to read every cell of the first sheet with python-calamine."""
    start = time.perf_counter()
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return time.perf_counter() - start


def table_read(path: Path) -> float:
    """Seconds for the import's own reading of the file (checks, cells as text, header
    found): what the xlsx import adds to what a CSV import does (informative)."""
    start = time.perf_counter()
    read_table(path)
    return time.perf_counter() - start


def pandas_read(path: Path) -> float:
    """Seconds for ``pandas.read_csv`` of the file, every column as text."""
    start = time.perf_counter()
    pd.read_csv(path, dtype="str")
    return time.perf_counter() - start


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


def first_and_again(
    folder: Path, path: Path, kind: str, anchor: tuple[str, float, float]
) -> tuple[bool, str, float]:
    """First import of ``path`` into a fresh database beside ``anchor`` (label, seconds,
    target), then the same file again: (targets met, the database, the first import's
    time)."""
    url = fresh_database(folder, f"{kind}.db")
    first, result = timed_import(url, path)
    print(f"{kind}: created {result.created:,}, rejected {result.rejected:,}")
    label, seconds, target = anchor
    met = line(f"{kind}, first import", first, label, seconds, str(target))
    again, result = timed_import(url, path)
    assert result.same_as is not None, f"the unchanged {kind} file was not recognised"
    met &= line(
        f"{kind}, same file again", again, f"{kind}, first import", first, str(UNCHANGED_TARGET)
    )
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

        anchor = ("calamine read", calamine_read(xlsx), XLSX_TARGET)
        line("xlsx, reading alone", table_read(xlsx), *anchor[:2])
        ok &= first_and_again(Path(tmp), xlsx, "xlsx", anchor)[0]
        anchor = ("pandas.read_csv", pandas_read(csv), CSV_TARGET)
        met, url, first = first_and_again(Path(tmp), csv, "csv", anchor)
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
            f"csv, {CHANGED_SHARE:.0%} of rows changed",
            seconds,
            "csv, first import",
            first,
            str(CHANGED_TARGET),
        )
        dispose_engines()
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
