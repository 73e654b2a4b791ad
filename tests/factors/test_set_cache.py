"""The validated copy of a built-in set (factors.set_cache): the same set as a fresh
validation, and never used once anything it was made from changes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from factors import set_cache
from factors.builtin import BUILTIN_NAME, BUILTIN_SETS, CONSTRUCTEURS_NAME, load_builtin
from factors.factor_set import FactorSet
from factors.loader import load_factor_set


def _same(kept: FactorSet, fresh: FactorSet) -> None:
    for table in ("references", "impacts", "electricity"):
        pd.testing.assert_frame_equal(getattr(kept, table), getattr(fresh, table), check_exact=True)
    for attribute in ("name", "version", "description", "builtin", "electricity_default_year"):
        assert getattr(kept, attribute) == getattr(fresh, attribute), attribute


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(set_cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    load_builtin.cache_clear()
    yield set_cache.cache_dir()
    load_builtin.cache_clear()


@pytest.mark.parametrize("name", list(BUILTIN_SETS))
def test_a_kept_set_is_the_validated_set(cache: Path, name: str) -> None:
    first = load_builtin(name)  # validated, then kept
    assert len(list(cache.glob("*.arrow"))) == 3
    load_builtin.cache_clear()
    kept = load_builtin(name)
    assert kept is not first
    _same(kept, load_factor_set(BUILTIN_SETS[name], name=name, builtin=True))


def test_a_changed_file_is_validated_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "set"
    shutil.copytree(BUILTIN_SETS[CONSTRUCTEURS_NAME], folder)
    monkeypatch.setitem(BUILTIN_SETS, CONSTRUCTEURS_NAME, folder)
    assert load_builtin(CONSTRUCTEURS_NAME).electricity_factor("FR", 2019).value == 0.098
    electricity = folder / "electricity.csv"
    electricity.write_text(electricity.read_text().replace("FR,2019,gwp,0.098", "FR,2019,gwp,0.5"))
    load_builtin.cache_clear()
    assert load_builtin(CONSTRUCTEURS_NAME).electricity_factor("FR", 2019).value == 0.5
    # The first copy, never to be read again, is deleted: one copy per set is kept.
    assert len(list(cache.glob("*.arrow"))) == 3


def test_only_the_older_copies_of_the_same_set_are_deleted(cache: Path) -> None:
    load_builtin(BUILTIN_NAME)
    load_builtin(CONSTRUCTEURS_NAME)
    kept = sorted(p.name for p in cache.glob("*.arrow"))
    assert len(kept) == 6
    stale = cache / f"{CONSTRUCTEURS_NAME}-{'0' * 64}.references.arrow"
    stale.write_bytes(b"an earlier version's copy")
    other = cache / "notes.arrow"  # not a copy: never touched
    other.write_bytes(b"")
    for path in cache.glob(f"{CONSTRUCTEURS_NAME}-*.arrow"):
        if path != stale:
            path.unlink()  # the set's current copy gone: it is validated and written again
    load_builtin.cache_clear()
    load_builtin(CONSTRUCTEURS_NAME)
    assert not stale.exists()
    assert other.exists()
    assert sorted(p.name for p in cache.glob("*-*.arrow")) == kept  # the national set's copy stays


def test_a_damaged_copy_is_validated_again(cache: Path) -> None:
    load_builtin()
    for path in cache.glob("*.impacts.arrow"):
        path.write_bytes(b"not arrow")
    load_builtin.cache_clear()
    _same(load_builtin(), load_factor_set(BUILTIN_SETS[BUILTIN_NAME], builtin=True))
    assert all(p.read_bytes() != b"not arrow" for p in cache.glob("*.arrow"))


def test_an_unwritable_cache_only_means_validating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv(set_cache.CACHE_DIR_ENV, str(blocked))  # a file, not a folder
    load_builtin.cache_clear()
    try:
        assert load_builtin().name == BUILTIN_NAME
    finally:
        load_builtin.cache_clear()
