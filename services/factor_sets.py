"""Factor sets and model aliases: which set a use case computes with.

A set is named three ways — the built-in one, one stored in the database by
name, or a folder / workbook on disk — and every face names it the same way,
so :func:`load_factor_set` is the one place that tells them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from factors.builtin import BUILTIN_SETS, builtin_set, load_builtin
from factors.factor_set import FactorSet, FactorSetError, RowProblem, UnreadableFactorFile
from factors.loader import load_factor_set as load_factor_files
from factors.matching import alias_key, match_devices
from factors.vocabulary import CATEGORIES
from fleet.entities import EntityError, get_entity
from fleet.factor_store import (
    FactorStoreError,
    list_factor_sets,
    load_stored_factor_set,
    save_factor_set,
)
from fleet.models import Entity, FactorReferenceRow, FactorSetRecord, ModelAlias
from fleet.queries import session_rows
from fleet.snapshot import model_aliases

from .errors import ServiceError
from .uow import UnitOfWork


def is_builtin(name: str | None) -> bool:
    """True for ``None`` (the national set) and the names of the built-in sets."""
    return name is None or name in BUILTIN_SETS


def load_factor_set(uow: UnitOfWork | None, name: str | None) -> FactorSet:
    """The built-in set (``None`` or its name; no database needed), a folder or
    workbook path, else a set stored in the database under ``name``."""
    builtin = builtin_set(name)
    if builtin is not None:
        return builtin
    assert name is not None  # None names the built-in set
    path = Path(name)
    try:
        if path.exists():
            return load_factor_files(path)
        if uow is None:
            raise LookupError(name)
        return load_stored_factor_set(uow.session, name)
    except FactorSetError as exc:
        raise ServiceError(str(exc), usage=path.exists()) from None
    except LookupError:
        raise ServiceError(
            f"jeu de facteurs inconnu : « {name} » "
            "(ni enregistré dans la base, ni dossier ou classeur existant)"
        ) from None


def load_aliases(uow: UnitOfWork) -> pd.DataFrame | None:
    """The ``model_alias`` table as the matcher wants it (:func:`fleet.snapshot.model_aliases`)."""
    return model_aliases(session_rows(uow.session))


def _known_reference(uow: UnitOfWork, reference: str) -> bool:
    """Whether a built-in or stored set has ``reference``."""
    if any(
        reference in load_builtin(name).references["reference"].to_numpy() for name in BUILTIN_SETS
    ):
        return True
    found = uow.session.scalar(
        select(FactorReferenceRow.id).where(FactorReferenceRow.reference == reference).limit(1)
    )
    return found is not None


def _alias_entity(uow: UnitOfWork, entity: str | None) -> int | None:
    if entity is None:
        return None
    try:
        return get_entity(uow.session, entity).id
    except EntityError as exc:
        raise ServiceError(str(exc)) from None


def _alias(uow: UnitOfWork, model_text: str, entity_id: int | None) -> ModelAlias | None:
    """The alias of the same model for the same entity, the model compared as the
    matcher compares it (:func:`factors.matching.alias_key`: case, spaces, accents)."""
    where = (
        ModelAlias.entity_id.is_(None) if entity_id is None else ModelAlias.entity_id == entity_id
    )
    key = alias_key(model_text)
    same = (a for a in uow.session.scalars(select(ModelAlias).where(where)))
    return next((a for a in same if alias_key(a.model_text) == key), None)


@dataclass(frozen=True)
class Match:
    """The reference a device description resolves to, with its level and score."""

    reference: str
    level: str
    score: float


def match_model(
    uow: UnitOfWork | None,
    category: str,
    manufacturer: str,
    model: str,
    set_name: str | None = None,
    entity: str | None = None,
) -> Match:
    """The reference of a device described as an inventory describes it, resolved as
    the footprint resolves it (the model aliases of the database when there is one,
    ``entity``'s before the global ones; docs/factors.md section 3). The category is
    read as an import reads a type column (« Portable » is a laptop; none: the
    model's); an unknown one is refused rather than matched to « other »."""
    # The importer's readers, only here: every footprint loads a factor set through
    # this module, and its start-up has no use for them (docs/performance.md).
    from fleet.importing.categories import category_from_model, category_from_type

    if category not in CATEGORIES:
        found = category_from_type(category) if category else category_from_model(model)
        if category and found is None:
            raise ServiceError(
                f"catégorie inconnue : « {category} » (catégories : {', '.join(CATEGORIES)})"
            )
        category = found or ""
    factor_set = load_factor_set(uow, set_name)
    aliases = load_aliases(uow) if uow is not None else None
    device = pd.DataFrame(
        {
            "category": [category],
            "manufacturer": [manufacturer],
            "model": [model],
            "entity": pd.array([entity], dtype="str"),
        }
    )
    row = match_devices(device, factor_set, aliases).iloc[0]
    return Match(str(row["reference"]), str(row["match_level"]), float(row["match_score"]))


def set_alias(
    uow: UnitOfWork,
    model_text: str,
    reference: str,
    entity: str | None = None,
    note: str | None = None,
) -> bool:
    """Match the model written ``model_text`` to ``reference`` (for ``entity``'s devices,
    or every entity's when None), replacing the alias of the same model; commit. True
    when an alias was replaced. The reference must exist in a built-in or stored set
    (docs/factors.md: an alias beats every other match, in both faces)."""
    text, target = model_text.strip(), reference.strip()
    if not text or not target:
        raise ServiceError("un alias relie un modèle non vide à une référence non vide", usage=True)
    if not _known_reference(uow, target):
        raise ServiceError(
            f"référence inconnue : « {target} » (dans aucun jeu intégré ni enregistré)"
        )
    entity_id = _alias_entity(uow, entity)
    alias = _alias(uow, text, entity_id)
    replaced = alias is not None
    if alias is None:
        alias = ModelAlias(entity_id=entity_id, model_text=text)
        uow.session.add(alias)
    alias.reference, alias.note = target, note
    uow.commit()
    return replaced


def remove_alias(uow: UnitOfWork, model_text: str, entity: str | None = None) -> None:
    """Forget the alias of ``model_text`` (``entity``'s, or the one for every entity); commit."""
    alias = _alias(uow, model_text.strip(), _alias_entity(uow, entity))
    if alias is None:
        where = f"pour {entity}" if entity else "pour toutes les entités"
        raise ServiceError(f"aucun alias du modèle « {model_text} » {where}")
    uow.session.delete(alias)
    uow.commit()


def alias_rows(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every alias: model text, reference, entity (None: every entity), note."""
    rows = uow.session.execute(
        select(ModelAlias.model_text, ModelAlias.reference, Entity.name, ModelAlias.note)
        .outerjoin(Entity, Entity.id == ModelAlias.entity_id)
        .order_by(Entity.name.is_not(None), Entity.name, ModelAlias.model_text)
    ).all()
    return [{"model": r[0], "reference": r[1], "entity": r[2], "note": r[3]} for r in rows]


def factor_set_rows(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every set, the built-in one first (name, version, builtin, description)."""
    return list_factor_sets(uow.session)


@dataclass(frozen=True)
class SetInfo:
    """One factor set as a chooser lists it (``references`` known for the built-in set)."""

    name: str
    version: str
    builtin: bool
    references: int | None


def available_sets(uow: UnitOfWork) -> list[SetInfo]:
    """The built-in set, then the sets imported into the database."""
    builtin = load_builtin()
    sets = [SetInfo(builtin.name, builtin.version, True, len(builtin.references))]
    rows = uow.session.execute(
        select(FactorSetRecord.name, FactorSetRecord.version).order_by(FactorSetRecord.name)
    ).all()
    sets += [SetInfo(r.name, r.version or "", False, None) for r in rows]
    return sets


def detect_format(path: Path) -> str:
    """A folder or a workbook is the ecoparc format; a lone CSV is a Boavizta file."""
    return "boavizta" if path.is_file() and path.suffix.lower() == ".csv" else "ecoparc"


class FactorFileRefused(ServiceError):
    """A factor file that cannot be used, with every problem found in it."""

    def __init__(self, message: str, problems: Sequence[RowProblem], *, usage: bool) -> None:
        super().__init__(message, usage=usage)
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportedSet:
    """A factor set stored in the database, and the rows of the file left unused."""

    factor_set: FactorSet
    kind: str
    skipped: list[RowProblem]


def _check_files(path: Path) -> None:
    """Put a factor set's files through the inventory import's checks before any
    parser opens them (size, regular file, empty, zip bombs; docs/import.md)."""
    from fleet.importing.errors import ImportFileError
    from fleet.importing.readers import check_file

    files = sorted(path.glob("*.csv")) + sorted(path.glob("*.json")) if path.is_dir() else [path]
    for file in files:
        try:
            check_file(file)
        except ImportFileError as exc:
            raise FactorFileRefused(
                f"fichier illisible : {path}",
                [RowProblem(file.name, None, exc.problem)],
                usage=True,
            ) from None


def import_factor_set(
    uow: UnitOfWork,
    path: Path,
    name: str | None = None,
    kind: str | None = None,
    replace: bool = False,
) -> ImportedSet:
    """Read a factor set (ecoparc folder or workbook, or a Boavizta CSV) and store
    it under ``name`` (the file's name by default); commit."""
    if not path.exists():
        raise ServiceError(f"introuvable : {path}", usage=True)
    _check_files(path)
    kind = kind or detect_format(path)
    set_name = name or path.stem
    skipped: list[RowProblem] = []
    try:
        if kind == "boavizta":
            from factors.boavizta import import_boavizta

            fs, skipped = import_boavizta(path, set_name)
            if (fs.references["manufacturer"] != "").sum() == 0:
                raise FactorFileRefused(f"{path} : aucune ligne utilisable", skipped, usage=False)
        else:
            fs = load_factor_files(path, name=set_name)
    except UnreadableFactorFile as exc:
        raise FactorFileRefused(f"fichier illisible : {path}", exc.problems, usage=True) from None
    except FactorSetError as exc:
        raise FactorFileRefused(
            f"jeu de facteurs rejeté : {path}", exc.problems, usage=False
        ) from None
    try:
        save_factor_set(uow.session, fs, origin=f"{kind}:{path.name}", replace=replace)
    except FactorStoreError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()
    return ImportedSet(fs, kind, skipped)
