"""Saved column mappings (« Export GLPI de la ville de Grenoble »), table ``mapping_profile``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import MappingProfile
from .errors import ImportOptionError
from .fields import FIELDS


def save_profile(
    session: Session, name: str, mapping: dict[str, str], options: dict[str, Any] | None = None
) -> None:
    """Create or replace the profile ``name`` (column → field)."""
    name = name.strip()
    if not name:
        raise ImportOptionError("le nom du profil est vide")
    unknown = sorted({f for f in mapping.values() if f and f not in FIELDS})
    if unknown:
        raise ImportOptionError(f"champs inconnus dans le profil : {', '.join(unknown)}")
    clean = {str(c): f for c, f in mapping.items() if f}
    profile = session.scalar(select(MappingProfile).where(MappingProfile.name == name))
    if profile is None:
        session.add(MappingProfile(name=name, mapping=clean, options=options or {}))
    else:
        profile.mapping = dict(clean)
        profile.options = options or {}
    session.flush()


def load_profile(session: Session, name: str) -> dict[str, Any]:
    """``{"name", "mapping", "options"}`` of a saved profile; unknown names are refused."""
    profile = session.scalar(select(MappingProfile).where(MappingProfile.name == name))
    if profile is None:
        known = ", ".join(
            session.scalars(select(MappingProfile.name).order_by(MappingProfile.name))
        )
        raise ImportOptionError(
            f"profil de correspondance inconnu : « {name} » (profils : {known or 'aucun'})"
        )
    return {
        "name": profile.name,
        "mapping": dict(profile.mapping),
        "options": dict(profile.options or {}),
    }


def list_profiles(session: Session) -> list[dict[str, Any]]:
    profiles = session.scalars(select(MappingProfile).order_by(MappingProfile.name))
    return [
        {"name": p.name, "mapping": dict(p.mapping), "options": dict(p.options or {})}
        for p in profiles
    ]
