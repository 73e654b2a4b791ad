"""Column mapping: which spreadsheet column feeds which device field.

Known headers (French, English, GLPI and NumEcoEval exports) map with score 1;
other headers get fuzzy suggestions with a score so the wizard can show them;
a saved profile, then an explicit mapping, override both.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

import numpy as np

from factors.text import fold

from .fields import FIELDS

#: A suggestion below this score is shown but not applied automatically.
AUTO_SCORE: Final[float] = 0.86
#: Longer header cells are not compared with the known spellings (none is near this long).
HEADER_KEY_CHARS: Final[int] = 200

#: Header spellings per field; compared after :func:`header_key` folding.
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "entity": (
        "entité",
        "entite",
        "entity",
        "nomEntite",
        "nom entité",
        "collectivité",
        "organisme",
        "structure",
        "commune",
        "entité juridique",
    ),
    "name": (
        "nom",
        "name",
        "nomEquipementPhysique",
        "hostname",
        "nom d'hôte",
        "nom de l'ordinateur",
        "nom du poste",
        "nom machine",
        "nom de l'équipement",
        "équipement",
        "device name",
        "computer name",
        "asset name",
        "poste",
        "désignation",
        # OCS Inventory NG: « Machine » (French), « Computer » (English), NAME.
        "machine",
        "computer",
    ),
    "asset_tag": (
        "numéro d'inventaire",
        "n° d'inventaire",
        "n° inventaire",
        "no inventaire",
        "num inventaire",
        "inventaire",
        "numéro d'immobilisation",
        "immobilisation",
        "étiquette",
        "code barre",
        "code-barres",
        "asset tag",
        "asset number",
        # Not a bare « TAG »: OCS Inventory NG's TAG groups machines (a site, a
        # service), one value for many: read as asset tags, all but one would be
        # rejected as sharing it.
        "inventory number",
        "otherserial",
    ),
    "serial": (
        "numéro de série",
        "n° de série",
        "n° série",
        "no série",
        "num série",
        "numéro série",
        "série",
        "serial",
        "serial number",
        "serialnumber",
        "s/n",
        "sn",
        "service tag",
        "numeroSerie",
        "numéro de serie",
        "ssn",  # OCS Inventory NG's column name (the BIOS serial)
    ),
    "quantity": ("quantité", "quantite", "qté", "qte", "quantity", "qty", "nombre", "nb"),
    "category": (
        "type",
        "catégorie",
        "categorie",
        "category",
        "type d'équipement",
        "type de matériel",
        "type matériel",
        "famille",
        "type d'appareil",
        "device type",
        "equipment type",
        "nature",
    ),
    "manufacturer": (
        "fabricant",
        "constructeur",
        "marque",
        "manufacturer",
        "brand",
        "vendor",
        "make",
        "smanufacturer",  # OCS Inventory NG
    ),
    "model": (
        "modèle",
        "modele",
        "model",
        "référence",
        "reference",
        "modèle d'équipement",
        # Supplier delivery notes and quotes: the manufacturer's part number.
        "réf. constructeur",
        "référence constructeur",
        "réf constructeur",
        "référence fabricant",
        "réf. fabricant",
        "réf fabricant",
        "modèle constructeur",
        "modèle fabricant",
        "part number",
        "part no",
        "manufacturer part number",
        "mpn",
        "p/n",
        "pn",
        "smodel",  # OCS Inventory NG
    ),
    "purchase_date": (
        "date d'achat",
        "date achat",
        "dateAchat",
        "achat",
        "acheté le",
        "date d'acquisition",
        "date acquisition",
        "année d'achat",
        "annee achat",
        "purchase date",
        "date of purchase",
        "acquisition date",
        "date de facture",
        "date de livraison",
    ),
    "commissioning_date": (
        "date de mise en service",
        "mise en service",
        "date mise en service",
        "date d'installation",
        "in service date",
        "commissioning date",
        "deployment date",
        "startup date",  # GLPI in English
    ),
    "retirement_date": (
        "date de retrait",
        "dateRetrait",
        "date retrait",
        "date de sortie",
        "date de réforme",
        "date de mise au rebut",
        "date fin de vie",
        "retirement date",
        "disposal date",
        "decommission date",  # GLPI in English
    ),
    "acquisition": (
        "mode d'acquisition",
        "acquisition",
        "type d'achat",
        "mode d'achat",
        "origine",
        "provenance",
        "neuf ou reconditionné",
        "neuf/reconditionné",
        "acquisition type",
    ),
    "refurbished": ("reconditionné", "reconditionne", "refurbished", "occasion", "réemploi"),
    "price_eur": (
        "prix",
        "prix ht",
        "prix d'achat",
        "prix d'achat ht",
        "prix unitaire ht",
        "montant",
        "montant ht",
        "coût",
        "cout",
        "coût ht",
        "valeur",
        "valeur d'achat",
        "price",
        "purchase price",
        "cost",
        "unit price",
        "prix € ht",
        "prix (€ ht)",
        "pu ht",  # prix unitaire: supplier delivery notes and quotes
        "p.u. ht",
        "prix unit. ht",
        "value",  # GLPI in English (« Valeur »)
    ),
    "price_ttc": (
        "prix ttc",
        "prix d'achat ttc",
        "montant ttc",
        "coût ttc",
        "valeur ttc",
        "prix unitaire ttc",
        "prix € ttc",
        "prix (€ ttc)",
        "pu ttc",
        "p.u. ttc",
        "price incl vat",
    ),
    "status": ("statut", "status", "état d'usage", "situation", "statut de l'équipement"),
    "condition": (
        "état",
        "etat",
        "état physique",
        "condition",
        "état général",
        "grade",
        "état du matériel",
        "état de l'équipement",
    ),
    "site": (
        "lieu",
        "site",
        "localisation",
        "emplacement",
        "bâtiment",
        "batiment",
        "location",
        "adresse",
        "nomCourtDatacenter",
        "salle",
        "lieu d'installation",
    ),
    "department": (
        "service",
        "direction",
        "département",
        "department",
        "groupe",
        "pôle",
        "unité",
        "service utilisateur",
        "groupe en charge du matériel",
    ),
    "user": (
        "utilisateur",
        "usager",
        "user",
        "login",
        "agent",
        "nom de l'usager",
        "nom de l'utilisateur",
        "utilisateur principal",
        "assigned to",
        "attribué à",
        "owner",
        "userid",  # OCS Inventory NG
    ),
    "cpu": (
        "processeur",
        "cpu",
        "composants - processeur",
        "processor",
        "proc",
        "components - processor",
    ),
    "ram_gb": (
        "mémoire",
        "memoire",
        "mémoire vive",
        "ram",
        "memory",
        "composants - mémoire",
        "ram (go)",
        "mémoire (go)",
        "ram go",
        # A unit in the header is the unit of its bare numbers (values.header_unit).
        "ram (mo)",
        "ram (mb)",
        "mémoire (mo)",
        "memory (mb)",
        "components - memory",  # GLPI in English
    ),
    "storage_gb": (
        "disque",
        "stockage",
        "disque dur",
        "capacité disque",
        "capacité",
        "storage",
        "disk",
        "composants - disque dur",
        "components - hard drive",
        "hdd",
        "ssd",
        "stockage (go)",
    ),
    "storage_type": ("type de disque", "type de stockage", "storage type", "disk type"),
    "screen_inches": (
        "taille écran",
        "taille d'écran",
        "diagonale",
        "pouces",
        "écran (pouces)",
        "screen size",
        "screen",
        "taille",
    ),
    "os": (
        "système d'exploitation",
        "système d'exploitation - nom",
        "operating system - name",
        "osname",  # OCS Inventory NG
        "os",
        "operating system",
        "systeme",
    ),
    "tpm": ("tpm", "puce tpm", "tpm version"),
    "annual_kwh": (
        "consoElecAnnuelle",
        "consommation annuelle",
        "consommation électrique annuelle",
        "conso kwh",
        "kwh/an",
        "kwh par an",
        "annual kwh",
        "annual energy",
        "consommation",
    ),
    "weight_kg": ("poids", "poids (kg)", "poids kg", "weight", "weight kg", "masse"),
    "eco_label": (
        "écolabel",
        "eco label",
        "ecolabel",
        "écolabels",
        "label",
        "labels",
        "label environnemental",
        "labels environnementaux",
        "label écologique",
        "certification environnementale",
        "certifications environnementales",
        "environmental label",
        "epeat",
        "tco",
        "tco certified",
        "blue angel",
        "ange bleu",
        "eu ecolabel",
        "écolabel européen",
    ),
    "first_life_years": (
        "dureeUsageAmont",
        "durée de première vie",
        "durée d'usage amont",
        "âge à l'achat",
        "first life years",
        "first life",
    ),
    "classified": (
        "données sensibles",
        "donnees sensibles",
        "sensible",
        "classifié",
        "confidentiel",
        "sensitive data",
        "classified",
        "données confidentielles",
    ),
    "notes": (
        "commentaire",
        "commentaires",
        "notes",
        "note",
        "remarque",
        "remarques",
        "observations",
        "observation",
        "comment",
        "comments",
        "description",
    ),
}


def header_key(text: str) -> str:
    """Fold a header for comparison: no accents, case, punctuation or camelCase."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(text))
    ascii_text = fold(text).lower()
    ascii_text = ascii_text.replace("n°", "numero ").replace("°", " ")
    return " ".join(re.split(r"[^a-z0-9/]+", ascii_text)).strip()


_EXACT: Final[dict[str, str]] = {
    header_key(s): f for f, spellings in SYNONYMS.items() for s in spellings
}
# Field codes and labels map too ("serial", "Numéro de série").
for _name, _field in FIELDS.items():
    _EXACT.setdefault(header_key(_name), _name)
    _EXACT.setdefault(header_key(_field.label), _name)
_EXACT_LIST: Final[list[tuple[str, str]]] = sorted(_EXACT.items())


@dataclass(frozen=True)
class ColumnSuggestion:
    """What the mapper proposes for one column, for the wizard and the report."""

    column: str
    field: str | None
    score: float
    alternatives: list[tuple[str, float]] = dataclasses.field(default_factory=list)


#: Similarities below this are never shown nor applied: not worth computing exactly.
SHOWN_SCORE: Final[float] = 0.5
#: Fields a column's suggestion lists: the one picked and three alternatives.
_LISTED = 4
#: Exact ratios computed per column below :data:`AUTO_SCORE`, best bounds first: the
#: alternatives shown for an unusual header are the best of these, which keeps a
#: 500-column file to about a second.
_FUZZY_BUDGET = 60


@dataclass(frozen=True)
class _Spellings:
    """The known spellings with their letter counts, for a vectorised upper bound."""

    texts: list[str]
    fields: list[str]
    words: list[frozenset[str]]
    #: Letter counts of each spelling over :data:`_ALPHABET` (one row a spelling).
    counts: np.ndarray
    lengths: np.ndarray


_ALPHABET: Final[str] = "abcdefghijklmnopqrstuvwxyz0123456789 /"
_LETTER: Final[np.ndarray] = np.zeros(256, dtype=np.int64)
_LETTER[[ord(c) for c in _ALPHABET]] = np.arange(len(_ALPHABET))


def _letter_counts(key: str) -> np.ndarray:
    codes = _LETTER[np.frombuffer(key.encode("ascii", "replace"), dtype=np.uint8)]
    return np.bincount(codes, minlength=len(_ALPHABET))


def _spellings() -> _Spellings:
    texts = [s for s, _ in _EXACT_LIST]
    return _Spellings(
        texts=texts,
        fields=[f for _, f in _EXACT_LIST],
        words=[frozenset(t.split()) for t in texts],
        counts=np.array([_letter_counts(t) for t in texts]),
        lengths=np.array([len(t) for t in texts]),
    )


_SPELLINGS: Final[_Spellings] = _spellings()


def _nth_best(best: dict[str, float]) -> float:
    ranked = sorted(best.values(), reverse=True)
    return ranked[_LISTED - 1] if len(ranked) >= _LISTED else 0.0


def _scores(column: str) -> dict[str, float]:
    """Best similarity of a header with each field's spellings, where it matters.

    Exact :class:`SequenceMatcher` ratios are computed only for the spellings
    whose upper bound (shared letters, computed for all spellings at once) can
    still change what is shown: every spelling that could reach
    :data:`AUTO_SCORE`, then at most :data:`_FUZZY_BUDGET` others for the
    alternatives. Each column so costs about the same whatever the width of the
    file (docs/import.md, « Fichiers refusés d'emblée »).
    """
    key = header_key(column) if len(column) <= HEADER_KEY_CHARS else ""
    best: dict[str, float] = {}
    if not key:
        return best
    exact = _EXACT.get(key)
    if exact:
        best[exact] = 1.0
    if "ttc" in key.split():
        best["price_ttc"] = max(best.get("price_ttc", 0.0), 0.95)
    known = _SPELLINGS
    words = set(key.split())
    # A header that contains a whole multi-word spelling ("Date d'achat (facture)").
    for spelling_words, name in zip(known.words, known.fields, strict=True):
        if len(spelling_words) > 1 and spelling_words <= words:
            best[name] = max(best.get(name, 0.0), 0.9)
    shared = np.minimum(known.counts, _letter_counts(key)).sum(axis=1)
    bounds = 2.0 * shared / (known.lengths + len(key))
    fourth = _nth_best(best)
    budget = _FUZZY_BUDGET
    for index in np.argsort(-bounds, kind="stable"):
        bound = float(bounds[index])
        if bound < max(SHOWN_SCORE, min(AUTO_SCORE, fourth)):
            break
        name = known.fields[index]
        if best.get(name, 0.0) >= bound:
            continue
        if bound < AUTO_SCORE:
            if budget == 0:
                break
            budget -= 1
        ratio = SequenceMatcher(None, key, known.texts[index]).ratio()
        if ratio > best.get(name, 0.0):
            best[name] = ratio
            fourth = _nth_best(best)
    return {name: score for name, score in best.items() if score >= SHOWN_SCORE}


def suggest_mapping(
    columns: list[str], profile: dict[str, object] | None = None
) -> list[ColumnSuggestion]:
    """One suggestion per column; each field goes to at most one column.

    ``profile`` is a saved profile (``{"mapping": {column: field}}``) or a bare
    mapping; its columns win with score 1.
    """
    saved: dict[str, str | None] = {}
    if profile:
        raw = profile.get("mapping", profile)
        if isinstance(raw, dict):
            saved = {str(k): (str(v) if v else None) for k, v in raw.items()}
    scored = {c: _scores(c) for c in columns}
    order = {c: i for i, c in reversed(list(enumerate(columns)))}
    taken: set[str] = {f for c, f in saved.items() if c in scored and f}
    chosen: dict[str, tuple[str | None, float]] = {
        c: (f, 1.0) for c, f in saved.items() if c in scored
    }
    # Strongest pairs first, so "Numéro de série" wins "serial" over "Série".
    pairs = sorted(
        ((s, c, f) for c, fs in scored.items() for f, s in fs.items() if c not in chosen),
        key=lambda t: (-t[0], order[t[1]]),
    )
    for score, column, name in pairs:
        if score < AUTO_SCORE or column in chosen or name in taken:
            continue
        chosen[column] = (name, round(score, 3))
        taken.add(name)
    suggestions = []
    for column in columns:
        picked, score = chosen.get(column, (None, 0.0))
        others: list[tuple[str, float]] = sorted(
            ((f, round(s, 3)) for f, s in scored[column].items() if f != picked and s >= 0.5),
            key=lambda t: -t[1],
        )[:3]
        if picked is None and others:
            score = others[0][1]
        suggestions.append(ColumnSuggestion(column, picked, score, others))
    return suggestions


def resolve_mapping(
    columns: list[str],
    profile: dict[str, object] | None = None,
    explicit: dict[str, str] | None = None,
) -> dict[str, str]:
    """The mapping applied by an import: column → field, unmapped columns left out.

    ``explicit`` (from the wizard or the caller) wins over the profile and the
    synonyms; a column mapped to an empty value there is ignored.
    """
    mapping = {s.column: s.field for s in suggest_mapping(columns, profile) if s.field is not None}
    if explicit:
        for column, name in explicit.items():
            if column not in columns:
                continue
            if not name:
                mapping.pop(column, None)
                continue
            if name not in FIELDS:
                raise ValueError(f"champ inconnu « {name} » pour la colonne « {column} »")
            for other, other_name in list(mapping.items()):
                if other_name == name and other != column:
                    del mapping[other]
            mapping[column] = name
    return mapping


def header_score(cells: list[str]) -> int:
    """How many cells of a row read as known headers (header-row detection)."""
    return sum(1 for c in cells if c and len(c) <= HEADER_KEY_CHARS and header_key(c) in _EXACT)
