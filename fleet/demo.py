"""Load the sample data of ``samples/`` into a database (``ecoparc init --demo``).

Idempotent: entities, partners and needs already present are left alone, and
inventory files go through the regular importer, whose re-import changes nothing.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from factors.text import parse_decimal

from .entities import find_entity
from .models import Entity, Need, Partner

#: ``samples/`` next to the packages in a source checkout (``make run``).
DEFAULT_SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


@dataclass
class DemoSummary:
    entities: int = 0
    partners: int = 0
    needs: int = 0
    imports: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Entités ajoutées : {self.entities}",
            f"Partenaires ajoutés : {self.partners}",
            f"Besoins ajoutés : {self.needs}",
            *self.imports,
        ]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _number(text: str) -> float | None:
    return parse_decimal(text) if text else None


def load_entities(session: Session, path: Path) -> int:
    added = 0
    for row in _rows(path):
        if find_entity(session, row["name"]) is not None:
            continue
        parent = find_entity(session, row["parent"]) if row.get("parent") else None
        session.add(
            Entity(
                name=row["name"],
                kind=row.get("kind") or "commune",
                insee=row.get("insee") or None,
                siret=row.get("siret") or None,
                agents=int(row["agents"]) if row.get("agents") else None,
                parent_id=parent.id if parent else None,
            )
        )
        session.flush()
        added += 1
    return added


def load_partners(session: Session, path: Path) -> int:
    existing = set(session.scalars(select(Partner.name)))
    added = 0
    for row in _rows(path):
        if row["name"] in existing:
            continue
        session.add(
            Partner(
                name=row["name"],
                kind=row.get("kind") or "association",
                categories=row.get("categories") or None,
                territory=row.get("territory") or None,
                contact=row.get("contact") or None,
                installs_linux=row.get("installs_linux", "").lower() in ("1", "true", "oui", "yes"),
                pickup_threshold_kg=_number(row.get("pickup_threshold_kg", "")),
            )
        )
        added += 1
    session.flush()
    return added


def load_needs(session: Session, path: Path) -> int:
    if session.scalar(select(Need.id).limit(1)) is not None:
        return 0
    added = 0
    for row in _rows(path):
        entity = find_entity(session, row["entity"])
        if entity is None:
            continue
        session.add(
            Need(
                entity_id=entity.id,
                category=row["category"],
                quantity=int(row.get("quantity") or 1),
                min_ram_gb=_number(row.get("min_ram_gb", "")),
                min_storage_gb=_number(row.get("min_storage_gb", "")),
                note=row.get("note") or None,
            )
        )
        added += 1
    session.flush()
    return added


def load_demo(session: Session, samples: Path, actor: str = "ecoparc") -> DemoSummary:
    summary = DemoSummary()
    summary.entities = load_entities(session, samples / "entities.csv")
    summary.partners = load_partners(session, samples / "partners.csv")
    summary.needs = load_needs(session, samples / "needs.csv")
    summary.imports = load_inventories(session, samples, actor)
    return summary


def load_inventories(session: Session, samples: Path, actor: str) -> list[str]:
    """Import every inventory file of ``manifest.json`` with its entity; one line per file."""
    from .importing import run_import

    manifest = samples / "manifest.json"
    if not manifest.exists():
        return []
    lines = []
    expected_rejects = 0
    for item in json.loads(manifest.read_text(encoding="utf-8")).get("files", []):
        expected_rejects += len(item.get("rejects", []))
        result = run_import(
            session,
            samples / item["file"],
            entity=item.get("entity"),
            sheet=item.get("sheet"),
            actor=actor,
        )
        lines.append(
            f"{item['file']} : {result.created} créés, {result.updated} mis à jour, "
            f"{result.unchanged} inchangés, {result.rejected} rejetés"
        )
    if expected_rejects:
        lines.append(
            f"Les {expected_rejects} lignes rejetées sont des erreurs laissées exprès dans les "
            "fichiers d'exemple (date future, prix négatif…) : « ecoparc import FICHIER "
            "--dry-run --rejects rejets.xlsx » montre chaque raison."
        )
    return lines
