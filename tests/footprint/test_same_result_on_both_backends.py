"""The engine gives the same numbers whether the fleet was read from SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database

from factors.builtin import load_builtin
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.demo import load_demo
from fleet.queries import fleet_frame
from fleet.schema import upgrade
from footprint.engine import compute

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="ECOPARC_TEST_POSTGRES_URL not set (no PostgreSQL server)"
)


METHODS = ("annualized", "amortized", "flux")
COLUMNS = ["device_id", "reference", "gwp_total", "adpe_total", "pe_total", "lifespan_years"]


def _demo_footprints(url: str) -> dict[str, pd.DataFrame]:
    """The demo fleet loaded into ``url``, read back, and its footprint by each method."""
    upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        load_demo(session, SAMPLES)
    with session_scope(get_engine(url), commit=True) as session:
        frame = fleet_frame(session)
    return {
        method: compute(frame, load_builtin(), 2026, method)
        .devices[COLUMNS]
        .sort_values("device_id")
        .reset_index(drop=True)
        for method in METHODS
    }


@pytest.mark.slow  # the demo fleet loaded twice
def test_sqlite_and_postgresql_give_the_same_footprint(tmp_path: Path) -> None:
    on_sqlite = _demo_footprints(f"sqlite:///{tmp_path / 'demo.db'}")
    url, name = fresh_postgres_database()
    try:
        on_postgres = _demo_footprints(url)
    finally:
        dispose_engines()
        drop_postgres_database(name)
    for method in METHODS:
        assert len(on_sqlite[method]) > 4000
        pd.testing.assert_frame_equal(
            on_sqlite[method], on_postgres[method], check_exact=False, rtol=1e-12
        )
