"""Entities and sites named by an import, resolved to ids (or to ones to create).

Nothing is written here: entities and sites that must be created get negative
placeholder ids, replaced by real ids when the batch is committed, so that a
dry run sees exactly what a real run would do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..entities import EntityError, entity_name, find_entity
from ..models import DEFAULT_PUE, Entity, Site
from .categories import fold
from .errors import ImportOptionError
from .problems import Problems

SERVER_ROOM = re.compile(
    r"salle (des )?(serveurs?|informatique|machines?|technique informatique|blanche)|"
    r"datacenter|data center|centre de (donnees|calcul)|local (serveurs?|informatique)|"
    r"baie serveurs?|\bdc\b|\bsrv room\b|server room"
)


@dataclass
class NewEntity:
    placeholder: int
    name: str
    parent_id: int | None


@dataclass
class NewSite:
    placeholder: int
    entity_id: int
    name: str

    @property
    def is_server_room(self) -> bool:
        return bool(SERVER_ROOM.search(fold(self.name)))

    def row(self, entity_id: int) -> dict[str, object]:
        server_room = self.is_server_room
        return {
            "entity_id": entity_id,
            "name": self.name,
            "is_server_room": server_room,
            "pue": DEFAULT_PUE if server_room else None,
        }


@dataclass
class Resolution:
    entity_ids: pd.Series
    new_entities: list[NewEntity] = field(default_factory=list)


def _path_parts(text: str) -> list[str]:
    """GLPI writes the full path of an entity: ``Métropole > Ville de Grenoble``."""
    return [p.strip() for p in re.split(r"\s*>\s*", text) if p.strip()]


def resolve_entities(
    session: Session,
    texts: pd.Series,
    *,
    forced: str | None,
    create: bool,
    source: str | None,
    problems: Problems,
) -> Resolution:
    """The entity id of each row: ``forced`` (``--entity``) wins over the file's column."""
    n = len(texts)
    if forced is not None:
        entity = find_entity(session, forced)
        if entity is None:
            entity = _folded_lookup(session, forced)
        if entity is not None:
            return Resolution(pd.Series(entity.id, index=texts.index, dtype="Int64"))
        if not create:
            known = ", ".join(session.scalars(select(Entity.name).order_by(Entity.name)))
            raise ImportOptionError(
                f"entité inconnue : « {forced} » (entités connues : {known or 'aucune'} ; "
                "--create-entities pour la créer)"
            )
        try:
            new = NewEntity(-1, entity_name(forced), None)
        except EntityError as exc:
            raise ImportOptionError(f"--entity : {exc}") from None
        return Resolution(pd.Series(-1, index=texts.index, dtype="Int64"), [new])

    by_fold = {fold(name): eid for eid, name in session.execute(select(Entity.id, Entity.name))}
    new_entities: dict[str, NewEntity] = {}
    resolved: dict[str, int] = {}
    unknown: dict[str, str] = {}
    for text in texts.dropna().unique():
        parts = _path_parts(text) or [text]
        found = by_fold.get(fold(text)) or by_fold.get(fold(parts[-1]))
        if found is not None:
            resolved[text] = found
            continue
        if create:
            key = fold(parts[-1])
            if key not in new_entities:
                parent = by_fold.get(fold(parts[-2])) if len(parts) > 1 else None
                new_entities[key] = NewEntity(-(len(new_entities) + 1), parts[-1], parent)
            resolved[text] = new_entities[key].placeholder
        else:
            unknown[text] = (
                f"entité inconnue « {parts[-1]} » (créez-la avec « ecoparc entity add », "
                "ou importez avec --create-entities ou --entity)"
            )
    ids = texts.map(resolved).astype("Int64") if n else pd.Series([], dtype="Int64")
    if unknown:
        problems.add_mask(
            texts.isin(list(unknown)).to_numpy(), source or "", texts, texts.map(unknown)
        )
    missing = texts.isna().to_numpy()
    if missing.any():
        problems.add_mask(
            missing,
            source or "",
            None,
            "entité manquante : précisez --entity ou remplissez la colonne de l'entité",
        )
    return Resolution(ids, list(new_entities.values()))


def _folded_lookup(session: Session, name: str) -> Entity | None:
    wanted = fold(name)
    parts = _path_parts(name)
    for entity in session.scalars(select(Entity)):
        if fold(entity.name) in (wanted, fold(parts[-1]) if parts else wanted):
            return entity
    return None


def resolve_sites(
    session: Session, entity_ids: pd.Series, names: pd.Series
) -> tuple[pd.Series, list[NewSite]]:
    """Site id of each row (NA where no site is named), and the sites to create."""
    site_ids = pd.Series(pd.NA, index=names.index, dtype="Int64")
    present = names.notna() & entity_ids.notna()
    if not present.any():
        return site_ids, []
    wanted = [int(e) for e in entity_ids[present].unique() if e > 0]
    existing: dict[tuple[int, str], int] = {}
    if wanted:
        for sid, eid, name in session.execute(
            select(Site.id, Site.entity_id, Site.name).where(Site.entity_id.in_(wanted))
        ):
            existing.setdefault((eid, fold(name)), sid)
    pairs = pd.DataFrame({"e": entity_ids[present].astype("int64"), "n": names[present]})
    new_sites: dict[tuple[int, str], NewSite] = {}
    ids: dict[tuple[int, str], int] = {}
    for eid, name in pairs.drop_duplicates().itertuples(index=False):
        key = (int(eid), fold(name))
        if key in ids:
            continue
        if key in existing:
            ids[key] = existing[key]
        else:
            site = NewSite(-(len(new_sites) + 1), int(eid), name)
            new_sites[key] = site
            ids[key] = site.placeholder
    folded = pairs["n"].map({n: fold(n) for n in pairs["n"].unique()})
    keys = pd.MultiIndex.from_arrays([pairs["e"].to_numpy(), folded.to_numpy()])
    lookup = pd.Series(ids)
    site_ids[present] = lookup.reindex(keys).to_numpy(dtype=np.int64)
    return site_ids, list(new_sites.values())
