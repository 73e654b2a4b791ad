"""Fixtures of the report tests: the hand-built fleet (:mod:`hand_fleet`), built-in factors."""

from __future__ import annotations

import pandas as pd
import pytest
from hand_fleet import ENTITIES, HAND_ROWS, make_frame

from factors.builtin import load_builtin
from factors.factor_set import FactorSet


@pytest.fixture(scope="session")
def builtin() -> FactorSet:
    return load_builtin()


@pytest.fixture
def hand_frame() -> pd.DataFrame:
    return make_frame(HAND_ROWS)


@pytest.fixture
def entities() -> pd.DataFrame:
    return ENTITIES.copy()
