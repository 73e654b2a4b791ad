"""Regulatory reports on a large fleet: in-process steps, then whole commands.

In-process (synthetic fleet of 50 entities, database read excluded): the REEN
indicators of one year and of four earlier years (five engine runs on rebuilt
fleets), the REEN workbook (with its per-device annex and one sheet per entity),
the AGEC declaration, the BEGES lines and the NumEcoEval export.

Then what a user waits for (issue 16: workbooks of 100,000 devices ≤ 5 s):
``ecoparc report reen -o …xlsx`` and ``ecoparc footprint -o …xlsx`` as whole
processes on a benchmark database (sample entities, generated devices) — start-up,
fleet read, the indicators of every year and the writing included. bench_record's
« classeur REEN » line times the writing alone, of a one-year report already built:
it is the smaller part of the command (docs/performance.md, « Classeurs : ce que
l'on mesure »).
Run: ``.venv/bin/python benchmarks/bench_reports.py [N]`` (default 100,000 rows).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from bench_engine import synthetic_fleet
from fleetdb import build_database

from factors.builtin import load_builtin
from footprint.engine import compute
from footprint.indicators.agec import agec_amounts, agec_declaration
from footprint.indicators.beges import beges_report
from footprint.indicators.history import fleet_as_of
from footprint.indicators.reen import build_reen, reuse_figures
from footprint.reports.numecoeval import export_result, write_numecoeval
from footprint.reports.reen_xlsx import write_reen_xlsx

YEAR = 2024
TODAY = date(2025, 6, 30)
#: A workbook of 100,000 devices, as the whole command (issue 16).
WORKBOOK_TARGET_S = 5.0
ECOPARC = [sys.executable, "-m", "cli"]
#: The commands run with their compiled modules, as an installed ecoparc does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = func()
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return value


def main(n: int) -> None:
    factor_set = load_builtin()
    rng = np.random.default_rng(2)
    frame = synthetic_fleet(n, factor_set).assign(
        user_key=pd.array(
            np.where(rng.random(n) < 0.7, [f"u{i}" for i in rng.integers(0, n // 2, n)], None),
            dtype="str",
        ),
        price_eur=rng.uniform(100, 2000, n).round(2),
        classified=False,
    )
    names = sorted(frame["entity"].unique())
    entities = pd.DataFrame(
        {
            "entity_id": np.arange(1, len(names) + 1),
            "entity": names,
            "agents": rng.integers(50, 3000, len(names)).astype(float),
            "siret": ["21380185500015"] * len(names),
            "siret_valid": True,
        }
    )
    gone = frame.loc[frame["retirement_date"].notna()].sample(frac=0.5, random_state=1)
    disposals = pd.DataFrame(
        {
            "device_id": gone["device_id"].to_numpy(),
            "quantity": gone["quantity"].to_numpy(),
            "channel": rng.choice(["donation", "sale", "weee_recycling"], len(gone)),
            "from_entity": gone["entity"].to_numpy(),
            "disposed_on": gone["retirement_date"].to_numpy(),
            "retired_on": gone["retirement_date"].to_numpy(),
            "category": gone["category"].to_numpy(),
            "manufacturer": gone["manufacturer"].to_numpy(),
            "model": gone["model"].to_numpy(),
            "purchase_date": gone["purchase_date"].to_numpy(),
            "classified": False,
            "weight_kg": np.nan,
        }
    )
    print(f"{n:,} rows, {len(names)} entities, {len(disposals):,} disposals")
    report = timed(
        "REEN indicators, year + 4 earlier years",
        lambda: build_reen(
            frame, factor_set, YEAR, entities, reuse=reuse_figures(disposals), today=TODAY
        ),
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        timed(
            "REEN workbook (charts, per-device annex)",
            lambda: write_reen_xlsx(report, out / "reen.xlsx", "Toutes les entités"),
        )
        timed(
            "AGEC declaration",
            lambda: agec_declaration(agec_amounts(frame, YEAR), entities, YEAR),
        )

        def beges() -> None:
            then = fleet_as_of(frame, None, date(YEAR, 12, 31))
            result = compute(then, factor_set, YEAR, "amortized", as_of=date(YEAR, 12, 31))
            beges_report(result, then, disposals)

        timed("BEGES lines (engine run included)", beges)

        def numecoeval() -> None:
            result = export_result(frame, factor_set, TODAY)
            write_numecoeval(frame, entities, out / "nee", result)

        timed("NumEcoEval export (engine run included)", numecoeval)


def command(label: str, args: list[str]) -> bool:
    """One whole ``ecoparc`` process: wall and CPU seconds; True within the target."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run([*ECOPARC, *args], capture_output=True, env=CHILD_ENV)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} a échoué : {done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    ok = wall <= WORKBOOK_TARGET_S
    print(
        f"{label:<48} {wall:7.2f} s (CPU {cpu:.2f} s ; cible ≤ {WORKBOOK_TARGET_S:.0f} s) "
        + ("OK" if ok else "TROP LENT")
    )
    return ok


def commands(n: int) -> bool:
    """The two workbook commands on a database of ``n`` devices."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.db'}"
        build_database(url, n)
        year = str(TODAY.year)
        # The first command also writes the fleet's columnar copy beside the database
        # (fleet.frame_cache), as a user's first command of the day would.
        ok = command(
            f"ecoparc report reen, {n:,} appareils",
            ["--db", url, "report", "reen", "--year", year, "-o", str(folder / "reen.xlsx")],
        )
        ok &= command(
            f"ecoparc footprint -o xlsx, {n:,} appareils",
            ["--db", url, "footprint", "--year", year, "-o", str(folder / "fp.xlsx")],
        )
    return ok


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    main(rows)
    sys.exit(0 if commands(rows) else 1)
