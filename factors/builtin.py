"""The built-in factor sets, shipped as package data in ``factors/data/``.

Written from published figures (see ``docs/factors.md`` for the method and the
sources); loaded once per process and validated like any user set. One
methodology per set (docs/factors.md section 2):

* ``ecoparc-builtin`` (the default) — the national set: ADEME category values,
  no model-level reference (none is published with the same method);
* ``constructeurs`` — the same categories plus model references from the
  manufacturers' product carbon footprints, for explicit use and as a
  sensitivity line (``ecoparc factors compare``).

Validated once per version of their files: the next processes read the validated
tables from the user's cache folder (:mod:`factors.set_cache`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from factors import set_cache
from factors.factor_set import FactorSet
from factors.loader import load_factor_set

BUILTIN_NAME = "ecoparc-builtin"
CONSTRUCTEURS_NAME = "constructeurs"
_DATA = Path(__file__).parent / "data"
BUILTIN_DIR = _DATA / "builtin"
#: Name → folder of every built-in set, the default first.
BUILTIN_SETS: dict[str, Path] = {
    BUILTIN_NAME: BUILTIN_DIR,
    CONSTRUCTEURS_NAME: _DATA / "constructeurs",
}


@cache
def load_builtin(name: str = BUILTIN_NAME) -> FactorSet:
    """A built-in set, the national one by default (cached: every caller shares
    the same immutable object); KeyError if ``name`` is not built in."""
    folder = BUILTIN_SETS[name]
    key = set_cache.fingerprint(folder, name)
    kept = set_cache.load(key, name)
    if kept is not None:
        return kept
    validated = load_factor_set(folder, name=name, builtin=True)
    set_cache.save(key, name, validated)
    return validated


def builtin_set(name: str | None) -> FactorSet | None:
    """The built-in set ``name`` names (``None``: the national one), or None when
    ``name`` is no built-in set (a folder, a workbook, a set stored in a database)."""
    if name is None or name in BUILTIN_SETS:
        return load_builtin(name or BUILTIN_NAME)
    return None
