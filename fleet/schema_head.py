"""The schema revision this code expects, read without Alembic or SQLAlchemy.

Every command checks the database's revision first; the footprint's quick start
(:mod:`fleet.snapshot`) does it on the standard library's ``sqlite3`` alone, so the
expected revision is read from the packaged migrations' ``revision = …`` /
``down_revision = …`` lines (a test checks Alembic finds the same head;
docs/performance.md, « Démarrage rapide »).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(.+?)\s*$", re.M)


class SchemaError(RuntimeError):
    """The database is missing, behind, or ahead of this version of ecoparc."""


@cache
def head_revision() -> str:
    """The revision no migration revises: the one this code expects.

    Read from the ``revision = "…"`` and ``down_revision = "…"`` lines of the
    packaged migrations (a test checks Alembic agrees).
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(found["revision"].strip("\"'"))
        revised.update(re.findall(r"[\"']([^\"']+)[\"']", found.get("down_revision", "")))
    heads = sorted(revisions - revised)
    if len(heads) != 1:
        raise SchemaError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]
