"""The built-in factor sets as validated once, kept in the user's cache folder.

Reading and validating the two built-in sets (six CSV files, every row checked)
costs about a quarter of a second, at every process that computes a footprint;
their content changes only with a new version of ecoparc. The validated tables
are therefore written once as Arrow IPC files in the cache folder
(``ECOPARC_CACHE_DIR``, else the platform's user cache folder) and read back
by the next processes (docs/performance.md, « Jeux de facteurs intégrés »).

The copy cannot be stale: it is named by a hash of everything the validated set
is made from — the set's files, the source of the modules that read and validate
them, the versions of pandas and pyarrow that convert the tables — so a changed
file or rule names another copy, and the old one is simply not read. A copy that
cannot be read or written just means validating, as before. Each copy's files
begin with the set's name: once a new copy of a set is written, the older copies of
that set (an earlier version of ecoparc, of pandas…) are deleted, so the folder
holds one copy per set instead of growing with every upgrade.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa

from factors.factor_set import FactorSet
from factors.outputs import atomic_path

#: Where the copies go when set (tests, sandboxes); else the platform's cache folder.
CACHE_DIR_ENV = "ECOPARC_CACHE_DIR"
#: Bumped when the layout of a copy changes.
_FORMAT = "1"
_TABLES = ("references", "impacts", "electricity")
#: The modules that turn the files into a FactorSet: a change to one of them may
#: change the validated tables, so their source is part of the copy's name.
_READERS = ("factor_set.py", "loader.py", "validation.py", "vocabulary.py", "set_cache.py")
_HERE = Path(__file__).parent


def cache_dir() -> Path:
    """The folder holding the validated copies."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured).expanduser() / "factor-sets"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ecoparc", appauthor=False)) / "factor-sets"


def fingerprint(folder: Path, name: str) -> str:
    """The hash naming the validated copy of the set in ``folder`` called ``name``."""
    digest = hashlib.sha256(f"{_FORMAT}|{name}|{pd.__version__}|{pa.__version__}".encode())
    files = sorted(path for path in folder.iterdir() if path.is_file())
    for path in [*files, *(_HERE / module for module in _READERS)]:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _prefix(name: str) -> str:
    """The start of the file names of the copies of the set called ``name``."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name) + "-"


def _path(key: str, name: str, table: str) -> Path:
    return cache_dir() / f"{_prefix(name)}{key}.{table}.arrow"


def load(key: str, name: str) -> FactorSet | None:
    """The validated set kept under ``key``, or None when there is no usable copy."""
    frames: dict[str, pd.DataFrame] = {}
    try:
        for table in _TABLES:
            with pa.OSFile(str(_path(key, name, table))) as source:  # read whole: no mapping kept
                read = pa.ipc.open_file(source).read_all()
            frames[table] = read.to_pandas()
            if table == "references":
                meta = json.loads((read.schema.metadata or {})[b"ecoparc"])
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None
    return FactorSet(
        name=name,
        version=str(meta["version"]),
        description=str(meta["description"]),
        builtin=True,
        references=frames["references"],
        impacts=frames["impacts"],
        electricity=frames["electricity"],
        electricity_default_year=meta["electricity_default_year"],
    )


def save(key: str, name: str, factor_set: FactorSet) -> None:
    """Keep ``factor_set`` (the set called ``name``) under ``key``, each file written
    whole (a temporary file renamed): a concurrent process writes the same content
    under the same name. The set's older copies are then deleted."""
    meta = {
        "version": factor_set.version,
        "description": factor_set.description,
        "electricity_default_year": factor_set.electricity_default_year,
    }
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    for table in _TABLES:
        arrow = pa.Table.from_pandas(getattr(factor_set, table), preserve_index=False)
        if table == "references":
            arrow = arrow.replace_schema_metadata(
                {**(arrow.schema.metadata or {}), b"ecoparc": json.dumps(meta).encode()}
            )
        try:
            with (
                atomic_path(_path(key, name, table)) as temporary,
                pa.OSFile(str(temporary), "wb") as out,
                pa.ipc.new_file(out, arrow.schema) as writer,
            ):
                writer.write_table(arrow)
        except OSError:
            return
    _prune(key, name)


def _prune(key: str, name: str) -> None:
    """Delete the copies of the set called ``name`` kept under another key than
    ``key`` (the one just written): nothing will read them again. A file that cannot
    be deleted is left; a process reading it has it open whole or not at all."""
    prefix = _prefix(name)
    for path in cache_dir().glob(f"{prefix}*.arrow"):
        stem = path.name[len(prefix) :]
        if stem.split(".", 1)[0] != key and re.fullmatch(r"[0-9a-f]{64}\.\w+\.arrow", stem):
            try:
                path.unlink()
            except OSError:
                continue
