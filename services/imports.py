"""Importing asset spreadsheets into the inventory, and the column-mapping profiles.

:func:`import_files` is the one way in for every face: it runs the pipeline of
:mod:`fleet.importing` in a unit of work and commits only when at least one
file was imported (a dry run, ``strict`` with a rejected row, or a file whose
rows are all rejected leaves the database exactly as it was; see
docs/import.md). Options the pipeline gains pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fleet.db import DatabaseBusy
from fleet.demo import DemoSummary, load_demo
from fleet.importing import (
    ImportFileError,
    ImportOptionError,
    ImportResult,
    run_import,
    save_profile,
)
from fleet.models import Site

from .errors import Busy, ServiceError
from .uow import UnitOfWork


def import_files(
    uow: UnitOfWork,
    files: Sequence[Path],
    *,
    save_as: str | None = None,
    **options: Any,
) -> list[ImportResult]:
    """Import ``files`` (the keyword ``options`` of :func:`fleet.importing.run_import`);
    with ``save_as``, keep the first imported file's mapping under that name."""
    try:
        results: list[ImportResult] = run_import(uow.session, list(files), **options)
        committed = [r for r in results if r.committed]
        if committed and save_as:
            save_profile(uow.session, save_as, committed[0].mapping, {"sheet": committed[0].sheet})
    except ImportFileError as exc:
        raise ServiceError(str(exc), usage=True) from None
    except DatabaseBusy as exc:
        raise Busy(str(exc)) from None
    except ImportOptionError as exc:
        raise ServiceError(str(exc)) from None
    _name_sites(uow, results)
    if committed:
        uow.commit()
    return results


#: What the preview calls a site the import would create (it has no number yet).
NEW_SITE_MESSAGE = "nouveau site"


def _name_sites(uow: UnitOfWork, results: Sequence[ImportResult]) -> None:
    """The preview's site changes name the sites (« Site : Mairie → Annexe »), not their
    numbers in the database (« site_id : 12 → 15 »), which no person knows: the change
    is keyed ``site`` with the sites' names; one the import would create is a
    :data:`NEW_SITE_MESSAGE` (its name is in the summary's sites to create)."""
    pairs = [
        item["changes"]
        for result in results
        for item in result.preview
        if "site_id" in item.get("changes", {})
    ]
    if not pairs:
        return
    ids = {int(v) for changes in pairs for v in changes["site_id"] if v is not None and v > 0}
    found = uow.session.execute(select(Site.id, Site.name).where(Site.id.in_(ids)))
    names: dict[int, str] = {int(i): str(n) for i, n in found}

    def named(value: Any) -> str | None:
        if value is None:
            return None
        return names.get(int(value), NEW_SITE_MESSAGE) if int(value) > 0 else NEW_SITE_MESSAGE

    for changes in pairs:
        renamed = {
            ("site" if column == "site_id" else column): (
                [named(v) for v in values] if column == "site_id" else values
            )
            for column, values in changes.items()
        }
        changes.clear()
        changes.update(renamed)


def import_file(uow: UnitOfWork, path: Path, **options: Any) -> ImportResult:
    """One file, under the same rule as :func:`import_files`."""
    return import_files(uow, [path], **options)[0]


def save_mapping_profile(
    uow: UnitOfWork, name: str, mapping: dict[str, str], sheet: str | None
) -> None:
    """Keep a column mapping under ``name`` (replacing one of the same name)."""
    try:
        save_profile(uow.session, name, mapping, {"sheet": sheet})
    except ImportOptionError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()


def load_demo_data(uow: UnitOfWork, samples: Path, actor: str) -> DemoSummary:
    """Load the sample entities, partners, needs and inventories; commit."""
    summary = load_demo(uow.session, samples, actor=actor)
    uow.commit()
    return summary
