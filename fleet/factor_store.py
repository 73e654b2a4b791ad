"""Storing user-imported factor sets in the database.

Imported sets live in the database (tables ``factor_set``, ``factor_reference``,
``factor_impact``, ``factor_electricity``) so that every user of a shared
database sees them; the built-in set is package data and is never stored.

Writes go through the caller's unit of work (:class:`services.uow.UnitOfWork`): every
check is made before the first insert, and an error raised during the inserts
rolls the whole unit back, so a failed import leaves the stored sets unchanged.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from factors.builtin import BUILTIN_SETS, load_builtin
from factors.factor_set import (
    ELECTRICITY_COLUMNS,
    IMPACT_COLUMNS,
    REFERENCE_COLUMNS,
    REFERENCE_OPTIONAL,
    FactorSet,
)

from .models import FactorElectricityRow, FactorImpactRow, FactorReferenceRow, FactorSetRecord


class FactorStoreError(ValueError):
    """A set cannot be stored as asked (reserved or taken name, empty set)."""


def _records(frame: pd.DataFrame, columns: list[str], set_id: int) -> list[dict[str, Any]]:
    """Rows for a bulk insert: NaN becomes NULL, numpy scalars become Python ones."""
    out = frame[columns].astype(object).where(frame[columns].notna(), None)
    return [
        {str(k): v for k, v in row.items()} | {"set_id": set_id} for row in out.to_dict("records")
    ]


def save_factor_set(
    session: Session, fs: FactorSet, origin: str | None = None, replace: bool = False
) -> int:
    """Store ``fs`` under its name and return the new set id.

    Refuses the built-in set's name and, unless ``replace``, a name already
    stored. With ``replace`` the old rows are deleted in the same unit of work.
    """
    name = fs.name.strip()
    if not name:
        raise FactorStoreError("un jeu de facteurs doit avoir un nom")
    if name in BUILTIN_SETS:
        raise FactorStoreError(f"le nom « {name} » est réservé à un jeu intégré")
    if fs.references.empty or fs.impacts.empty or fs.electricity.empty:
        raise FactorStoreError(f"le jeu « {name} » est vide")
    existing = session.scalar(select(FactorSetRecord).where(FactorSetRecord.name == name))
    if existing is not None:
        if not replace:
            raise FactorStoreError(
                f"un jeu nommé « {name} » existe déjà (choisir un autre nom ou remplacer)"
            )
        for model in (FactorReferenceRow, FactorImpactRow, FactorElectricityRow):
            session.execute(delete(model).where(model.set_id == existing.id))
        session.delete(existing)
        session.flush()
    record = FactorSetRecord(
        name=name,
        version=fs.version or "1",
        description=fs.description or None,
        origin=origin,
        electricity_default_year=fs.electricity_default_year,
    )
    session.add(record)
    session.flush()
    references = fs.references.reindex(columns=REFERENCE_COLUMNS + REFERENCE_OPTIONAL)
    session.execute(
        insert(FactorReferenceRow),
        _records(references, REFERENCE_COLUMNS + REFERENCE_OPTIONAL, record.id),
    )
    session.execute(insert(FactorImpactRow), _records(fs.impacts, IMPACT_COLUMNS, record.id))
    session.execute(
        insert(FactorElectricityRow), _records(fs.electricity, ELECTRICITY_COLUMNS, record.id)
    )
    session.flush()
    return record.id


def _frame(session: Session, model: Any, columns: list[str], set_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(*(getattr(model, c) for c in columns))
        .where(model.set_id == set_id)
        .order_by(model.id)
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def _typed(
    frame: pd.DataFrame, numeric: tuple[str, ...], integer: tuple[str, ...] = ()
) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column in integer:
            out[column] = out[column].astype("int64")
        elif column in numeric:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
        else:
            out[column] = out[column].astype("string").fillna("").astype(str)
    return out


def load_stored_factor_set(session: Session, name: str) -> FactorSet:
    """The stored set called ``name``; KeyError if there is none."""
    record = session.scalar(select(FactorSetRecord).where(FactorSetRecord.name == name))
    if record is None:
        raise KeyError(f"aucun jeu de facteurs nommé « {name} » dans la base")
    references = _typed(
        _frame(session, FactorReferenceRow, REFERENCE_COLUMNS + REFERENCE_OPTIONAL, record.id),
        ("lifespan_years", "annual_kwh", "weight_kg", "refurbished_ratio", *REFERENCE_OPTIONAL),
    )
    impacts = _typed(
        _frame(session, FactorImpactRow, IMPACT_COLUMNS, record.id), ("value", "low", "high")
    )
    electricity = _typed(
        _frame(session, FactorElectricityRow, ELECTRICITY_COLUMNS, record.id),
        ("value",),
        integer=("year",),
    )
    return FactorSet(
        name=record.name,
        version=record.version,
        description=record.description or "",
        builtin=False,
        references=references,
        impacts=impacts,
        electricity=electricity,
        electricity_default_year=record.electricity_default_year,
    )


def list_factor_sets(session: Session) -> list[dict[str, Any]]:
    """Every set a computation can use: the built-in ones first (the national
    default, then the manufacturers'), then the stored ones by name."""
    rows: list[dict[str, Any]] = [
        {
            "name": builtin.name,
            "version": builtin.version,
            "description": builtin.description,
            "builtin": True,
        }
        for builtin in map(load_builtin, BUILTIN_SETS)
    ]
    for record in session.scalars(select(FactorSetRecord).order_by(FactorSetRecord.name)):
        rows.append(
            {
                "name": record.name,
                "version": record.version,
                "description": record.description or "",
                "builtin": False,
            }
        )
    return rows


def stored_set_names(session: Session) -> list[str]:
    """Names of the stored sets, sorted."""
    return list(session.scalars(select(FactorSetRecord.name).order_by(FactorSetRecord.name)))


__all__ = [
    "FactorStoreError",
    "save_factor_set",
    "load_stored_factor_set",
    "list_factor_sets",
    "stored_set_names",
]
