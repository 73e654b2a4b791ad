"""The built-in factor set, shipped as package data in ``factors/data/builtin``.

Written from published figures (see ``docs/factors.md`` for the method and the
sources); loaded once per process and validated like any user set.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from factors.factor_set import FactorSet
from factors.loader import load_factor_set

BUILTIN_NAME = "ecoparc-builtin"
BUILTIN_DIR = Path(__file__).parent / "data" / "builtin"


@cache
def load_builtin() -> FactorSet:
    """The built-in set (cached: every caller shares the same immutable object)."""
    return load_factor_set(BUILTIN_DIR, name=BUILTIN_NAME, builtin=True)
