"""The record of issue 16: every measure beside its anchor, measured in the same run.

The machine is shared, so a time alone says little: each line prints the measure,
an anchor measured just before it (a bare interpreter, a pandas import, a raw
numpy pass, a calamine or openpyxl read, a bare ``fetchall``) and their ratio.
Builds its own databases (SQLite files in a temporary folder; a database of its
own on the PostgreSQL server of ``ECOPARC_BENCH_POSTGRES``, dropped afterwards).

    python benchmarks/bench_record.py [--n 100000] [--large 1000000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import cli.main  # noqa: F401  numpy's memory setting of the command (cli/main.py), before numpy

# isort: split
import numpy as np
import pandas as pd
from fleetdb import postgres_database, postgres_unreachable, timed_build

REPO = Path(__file__).resolve().parent.parent
ECOPARC = [sys.executable, "-m", "cli"]
YEAR = 2025
#: The processes measured run as an installed ecoparc does, with its compiled
#: modules: a PYTHONDONTWRITEBYTECODE inherited from a sandbox would make every
#: run compile the whole package again.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def line(label: str, seconds: float, anchor_label: str, anchor: float, target: str = "") -> None:
    ratio = seconds / anchor if anchor > 0 else float("nan")
    print(
        f"{label:<46} {seconds:8.3f} s | {anchor_label:<34} {anchor:8.3f} s | "
        f"× {ratio:6.2f} {target}"
    )


def run(args: Sequence[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one whole process, output discarded.

    The peak is taken by ``/usr/bin/time``: a child's own ``ru_maxrss`` on Linux
    starts from its parent's resident size at fork, which here is large.
    """
    began = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=CHILD_ENV,
    )
    elapsed = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} a échoué : {done.stderr.decode()}")
    return elapsed, int(done.stderr.decode().strip().splitlines()[-1])


def median_run(args: Sequence[str], times: int = 3) -> tuple[float, int]:
    runs = [run(args) for _ in range(times)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def best(fn: Callable[[], Any], times: int = 3) -> tuple[float, Any]:
    timings, value = [], None
    for _ in range(times):
        began = time.perf_counter()
        value = fn()
        timings.append(time.perf_counter() - began)
    return min(timings), value


def startup(demo_url: str) -> None:
    print("== démarrage (processus entiers, médiane)")
    bare, _ = median_run([sys.executable, "-c", "pass"], 5)
    pandas, _ = median_run([sys.executable, "-c", "import pandas"], 3)
    helped, _ = median_run([*ECOPARC, "--help"], 5)
    line("ecoparc --help", helped, "python -c pass", bare, "(cible ≤ 0,3 s)")
    demo, _ = median_run([*ECOPARC, "--db", demo_url, "footprint", "--format", "json"], 3)
    line("ecoparc footprint, base d'exemple", demo, "python -c 'import pandas'", pandas, "(≤ 1 s)")
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import cli.main"],
        capture_output=True,
        text=True,
        check=True,
        env=CHILD_ENV,
    ).stderr.splitlines()
    heaviest = sorted(importtime[1:], key=lambda s: -int(s.split("|")[1]))[:3]
    print("  -X importtime de cli.main, les plus lourds :")
    for entry in heaviest:
        print("   ", entry.strip())


def footprint_process(url: str, n: int, pandas: float) -> None:
    elapsed, peak = median_run([*ECOPARC, "--db", url, "footprint", "--format", "json"], 3)
    target = {100_000: "(≤ 1 s)", 1_000_000: "(≤ 4 s, ≤ 1 Gio)"}.get(n, "")
    line(
        f"ecoparc footprint, {n:,} appareils", elapsed, "python -c 'import pandas'", pandas, target
    )
    print(f"  mémoire de pointe : {peak / 1024:,.0f} Mio")


def fleet_read(url: str, n: int) -> tuple[float, float]:
    """In-process read of the engine's columns, best of three: as a command reads it,
    and straight from the tables (the columnar read, no copy), the like of a
    PostgreSQL read.

    On SQLite the first read after a write goes to the tables and leaves the
    columnar copy (fleet.frame_cache) the next ones read: it is printed apart.
    """
    from fleet.db import get_engine, session_scope, sqlite_path
    from fleet.frame_cache import cache_path
    from fleet.queries import ENGINE_COLUMNS, _read_frame, fleet_frame

    def read() -> Any:
        with session_scope(get_engine(url)) as session:
            return fleet_frame(session, columns=ENGINE_COLUMNS)

    def from_tables() -> Any:
        with session_scope(get_engine(url)) as session:
            return _read_frame(session, ENGINE_COLUMNS)

    path = sqlite_path(url)
    if path is not None:
        cache_path(str(path)).unlink(missing_ok=True)
        began = time.perf_counter()
        read()
        cold = time.perf_counter() - began
        print(f"  SQLite {n:,}, première lecture après une écriture (copie écrite) : {cold:.3f} s")
    seconds, frame = best(read)
    assert len(frame) == n
    uncached, frame = best(from_tables)
    assert len(frame) == n
    return seconds, uncached


def _pg_read(url: str) -> int:
    from fleet.db import get_engine, session_scope
    from fleet.queries import ENGINE_COLUMNS, fleet_frame

    with session_scope(get_engine(url)) as session:
        return len(fleet_frame(session, columns=ENGINE_COLUMNS))


def bare_fetchall(path: str) -> float:
    import sqlite3

    columns = (
        "id, entity_id, site_id, quantity, category, manufacturer, model, acquisition, "
        "purchase_date, commissioning_date, retirement_date, status, annual_kwh, "
        "first_life_years, price_eur, weight_kg, reuse_flagged"
    )

    def fetch() -> int:
        with sqlite3.connect(path) as connection:
            return len(connection.execute(f"SELECT {columns} FROM device").fetchall())

    return best(fetch)[0]


def raw_numpy_pass(
    frame: Any, factor_set: Any, positions: np.ndarray, sorted_search: bool = False
) -> float:
    """The engine's arithmetic with the same lookups and nothing else, on inputs
    prepared beforehand (references resolved, each device's group of observed
    lives found): the held share of the year; the expected lifespan looked up in
    the observed service lives at the age reached (one ``searchsorted`` and the
    suffix sums, as footprint.lifespans); each phase's factor of each criterion
    gathered per device; the annualised embodied and the use impacts.

    ``sorted_search``: the ages searched in sorted order, as the engine does
    (footprint.lifespans); the anchor of the issue searches them in the fleet's order."""
    from footprint.engine import electricity_factors, knowledge_day
    from footprint.factor_arrays import build_factor_arrays
    from footprint.lifespans import observe_service_lives

    arrays = build_factor_arrays(factor_set, ("gwp", "adpe", "pe"))
    elec = electricity_factors(factor_set, YEAR, ("gwp", "adpe", "pe"))
    known_on = knowledge_day(YEAR)
    lives = observe_service_lives(frame, known_on)
    fleet_groups = lives.groups.get_indexer(pd.Index("F\x1f" + frame["category"].astype(str)))
    group = np.where(fleet_groups < 0, 0, fleet_groups)
    began = time.perf_counter()
    start = np.datetime64(f"{YEAR}-01-01")
    end = np.datetime64(f"{YEAR + 1}-01-01")
    bought = frame["purchase_date"].to_numpy().astype("datetime64[D]")
    gone = frame["retirement_date"].to_numpy().astype("datetime64[D]")
    first = np.where(np.isnat(bought), start, np.maximum(bought, start))
    last = np.where(np.isnat(gone), end, np.minimum(gone, end))
    held = np.clip((last - first).astype(np.float64) / 365.0, 0, 1)
    age = np.clip((known_on - bought.astype(np.float64)) / 365.25, 0, None)
    age = np.nan_to_num(age, nan=0.0)
    queries = group * 1.0e4 + age
    if sorted_search:
        order = np.argsort(queries)
        at = np.empty(len(queries), dtype=np.intp)
        at[order] = np.searchsorted(lives.keys, queries[order], side="right")
    else:
        at = np.searchsorted(lives.keys, queries, side="right")
    stop = lives.group_end[group]
    units = lives.tail_units[at] - lives.tail_units[stop]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = (lives.tail_years[at] - lives.tail_years[stop]) / units
    life = np.where(units > 0, expected, arrays.lifespan_years[positions])
    share = held / np.maximum(life, 1.0)
    quantity = frame["quantity"].to_numpy(dtype=np.float64)
    kwh = np.where(
        np.isnan(frame["annual_kwh"].to_numpy()),
        arrays.annual_kwh[positions],
        frame["annual_kwh"].to_numpy(),
    )
    for index, criterion in enumerate(("gwp", "adpe", "pe")):
        lifecycle = np.zeros(len(frame))
        for phase in range(arrays.value.shape[2]):
            lifecycle += arrays.value[positions, index, phase] * quantity
        _ = lifecycle * share + kwh * quantity * held * elec[criterion].value
    return time.perf_counter() - began


def engine_vs_numpy(url: str) -> None:
    from factors.builtin import load_builtin
    from fleet.db import get_engine, session_scope
    from fleet.queries import ENGINE_COLUMNS, fleet_frame
    from footprint.engine import compute
    from footprint.factor_arrays import build_factor_arrays

    with session_scope(get_engine(url)) as session:
        frame = fleet_frame(session, columns=ENGINE_COLUMNS)
    factor_set = load_builtin()
    compute(frame.head(1000), factor_set, YEAR)  # warm the set's caches
    first, _ = best(lambda: compute(frame, factor_set, YEAR), 1)
    seconds, result = best(lambda: compute(frame, factor_set, YEAR))
    arrays = build_factor_arrays(factor_set, ("gwp", "adpe", "pe"))
    positions = arrays.positions(result.devices["reference"].astype(str))
    numpy_pass = min(raw_numpy_pass(frame, factor_set, positions) for _ in range(3))
    sorted_pass = min(raw_numpy_pass(frame, factor_set, positions, True) for _ in range(3))
    # The first pass factorises the frame's texts; the next ones (the sensitivity,
    # the scenarios, the TUI) reuse them (footprint.columns.key_codes).
    line("moteur, premier passage", first, "passe numpy brute", numpy_pass)
    line(f"moteur, {len(frame):,} appareils", seconds, "passe numpy brute", numpy_pass, "(≤ 2×)")
    line("", seconds, "même passe, âges cherchés triés", sorted_pass)


def workbooks(url: str, folder: Path) -> None:
    import python_calamine
    from openpyxl import load_workbook

    from factors.builtin import load_builtin
    from fleet.db import get_engine, session_scope
    from fleet.queries import fleet_frame
    from footprint.engine import compute
    from footprint.indicators.reen import build_reen
    from footprint.report import build_report, write_xlsx
    from footprint.reports.reen_xlsx import write_reen_xlsx

    with session_scope(get_engine(url)) as session:
        frame = fleet_frame(session)
        entities = _entities(session)
    factor_set = load_builtin()
    report = build_reen(frame, factor_set, YEAR, entities, span=1, today=date(YEAR + 1, 1, 15))
    footprint = build_report(compute(frame, factor_set, YEAR), "entity")
    for label, write, path, with_openpyxl in (
        ("classeur REEN", lambda p: write_reen_xlsx(report, p, "Toutes"), folder / "reen.xlsx", 1),
        ("classeur d'empreinte", lambda p: write_xlsx(footprint, p), folder / "fp.xlsx", 0),
    ):
        seconds, _ = best(lambda w=write, p=path: w(p), 2)  # type: ignore[misc]

        def calamine(p: Path = path) -> int:
            book = python_calamine.CalamineWorkbook.from_path(str(p))
            return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)

        def openpyxl_read(p: Path = path) -> int:
            book = load_workbook(p, read_only=True)
            return sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))

        read_calamine, _ = best(calamine, 2)
        line(
            f"{label}, {len(frame):,} appareils",
            seconds,
            "lecture calamine du fichier",
            read_calamine,
            "(≤ 5 s)",
        )
        if with_openpyxl:  # a slow anchor: once
            line("", seconds, "lecture openpyxl nue du fichier", best(openpyxl_read, 1)[0])


def _entities(session: Any) -> Any:
    import pandas as pd
    from sqlalchemy import select

    from fleet.models import Entity

    rows = session.execute(select(Entity.id, Entity.name, Entity.agents, Entity.siret)).all()
    return pd.DataFrame(
        {
            "entity_id": [r.id for r in rows],
            "entity": [r.name for r in rows],
            "agents": [float(r.agents or 0) for r in rows],
            "siret": [r.siret or "" for r in rows],
            "siret_valid": False,
        }
    )


def scenarios(url: str, pandas: float) -> None:
    from footprint.scenarios import PRESET_NAMES

    args = [*ECOPARC, "--db", url, "scenario", "compare", *PRESET_NAMES[:6]]
    elapsed, _ = median_run([*args, "--horizon", "2026", "2035", "--format", "json"], 3)
    line("scenario compare, 6 × 10 ans", elapsed, "python -c 'import pandas'", pandas, "(≤ 1,5 s)")


def boavizta() -> None:
    try:
        import boaviztapi  # noqa: F401
    except ImportError:
        print("BoaviztAPI : non installé ici (pas d'ancre BoaviztAPI dans cette mesure)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000, help="0 : sans le million")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = f"sqlite:///{folder / 'demo.db'}"
        subprocess.run([*ECOPARC, "--db", demo, "init", "--demo"], check=True, capture_output=True)
        startup(demo)
        pandas, _ = median_run([sys.executable, "-c", "import pandas"], 3)

        print("== base de benchmark (insertions en bloc ; cible 100 000 ≤ 10 s)")
        sizes = [args.n] + ([args.large] if args.large else [])
        urls = {}
        for n in sizes:
            urls[n] = f"sqlite:///{folder / f'fleet-{n}.db'}"
            timed_build(urls[n], n)

        print("== processus entiers")
        for n in sizes:
            footprint_process(urls[n], n, pandas)
        scenarios(urls[args.n], pandas)

        print("== lecture du parc (colonnes du calcul, meilleure de 3)")
        sqlite_reads = {}
        for n in sizes:
            cached, sqlite_reads[n] = fleet_read(urls[n], n)
            path = str(folder / f"fleet-{n}.db")
            fetched = bare_fetchall(path)
            target = "(≤ 2 s)" if n == 1_000_000 else ""
            line(f"SQLite, {n:,}", cached, "fetchall nu des mêmes colonnes", fetched, target)
            line(
                f"SQLite sans copie (tables), {n:,}",
                sqlite_reads[n],
                "fetchall nu des mêmes colonnes",
                fetched,
            )
        unreachable = None if args.no_postgres else postgres_unreachable()
        if unreachable:
            print(f"  {unreachable}")
        elif not args.no_postgres:
            # PostgreSQL has no columnar copy: the criterion « within 1.5× of SQLite »
            # compares it with SQLite's read of the tables, like with like.
            print("  critère « ≤ 1,5× SQLite » : PostgreSQL contre la lecture SQLite sans copie")
            for n in sizes:
                with postgres_database(f"ecoparc_bench_{n}") as pg:
                    timed_build(pg, n)
                    seconds = best(lambda url=pg: _pg_read(url))[0]
                    target = "(≤ 3 s ; ≤ 1,5× SQLite)" if n == 1_000_000 else "(≤ 1,5× SQLite)"
                    line(
                        f"PostgreSQL, {n:,}",
                        seconds,
                        "lecture SQLite sans copie",
                        sqlite_reads[n],
                        target,
                    )
        print("== moteur")
        engine_vs_numpy(urls[max(sizes)])
        print("== classeurs")
        workbooks(urls[args.n], folder)
        boavizta()
    print("import, réimport et TUI : benchmarks/bench_import.py et bench_tui.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
