"""The words that betray the other language, built from the code's own vocabulary.

French mode must show no internal code (``in_service``, ``laptop``, ``weee_recycling``,
a column name such as ``asset_tag``) and no English wording of the vocabulary
(« in service », « Laptop ») nor English interface words (« entity », « annualized »);
English mode must show no internal code and no French wording (« en service »,
« Ordinateur portable », « Entité »). Everything is derived from the tables the
outputs word their codes with (factors.vocabulary, footprint.labels), so a new
code is checked as soon as it exists.

Data is not wording: the names, models, sites and notes of the demo fleet, and the
texts of the factor sets (sources, descriptions), are what they are in either
language. :func:`data_strings` collects them so that :class:`Checker` removes
them from a text before looking for leaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from factors.builtin import BUILTIN_SETS, load_builtin
from factors.vocabulary import (
    ACQUISITION_LABELS,
    CATEGORIES,
    CRITERIA,
    ENTITY_KIND_LABELS,
    METHODS,
    NEED_STATUS_LABELS,
    PARTNER_KIND_LABELS,
    PHASE_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
)
from footprint.labels import (
    COLUMN_LABELS,
    EVENT_LABELS,
    KWH_SOURCE_LABELS,
    LIFESPAN_RULE_LABELS,
    MATCH_LEVEL_LABELS,
    METHOD_SHORT_LABELS,
)

#: The code → (French, English) tables of the vocabulary.
TABLES: tuple[Mapping[str, tuple[str, str]], ...] = (
    CATEGORIES,
    STATUS_LABELS,
    ACQUISITION_LABELS,
    ROUTE_LABELS,
    PHASE_LABELS,
    ENTITY_KIND_LABELS,
    PARTNER_KIND_LABELS,
    NEED_STATUS_LABELS,
    EVENT_LABELS,
    METHOD_SHORT_LABELS,
    MATCH_LEVEL_LABELS,
    LIFESPAN_RULE_LABELS,
    KWH_SOURCE_LABELS,
)

#: Every internal code: the tables' keys, methods, criteria, output column names.
CODES: frozenset[str] = frozenset(
    {code for table in TABLES for code in table} | set(METHODS) | set(CRITERIA) | set(COLUMN_LABELS)
)

#: Codes that are also ordinary French words (« commune », « flux », « total »…): seeing
#: them in a French text says nothing.
FRENCH_TOO: frozenset[str] = frozenset(
    {
        "acquisition",
        "association",
        "commune",
        "condition",
        "description",
        "distribution",
        "donation",
        "flux",
        "note",
        "notes",
        "phase",
        "score",
        "site",
        "smartphone",
        "source",
        "syndicat",
        "total",
        "version",
        "agents",
        "parent",
        "admin",
        "pe",
        "id",
        "internal",
    }
)

#: English words of the interface that have no business in a French screen.
ENGLISH_WORDS: frozenset[str] = frozenset(
    {
        "entity",
        "entities",
        "Entity",
        "device",
        "devices",
        "Device",
        "Devices",
        "annualized",
        "amortized",
        "footprint",
        "Footprint",
        "embodied",
        "Status",
        "Category",
        "Error",
        "Search",
        "Cancel",
        "Close",
        "Quit",
        "Help",
        "Year",
        "Method",
        "Reuse",
        "Reports",
        "Dashboard",
        "Inventory",
        "Factors",
        "Scenarios",
        "Manufacturer",
        "Model",
        "Quantity",
        "Value",
        "Unit",
        "Serial",
        "Asset tag",
        "Purchase date",
        "Name",
        "rows",
        "Show",
        "True",
        "False",
        "None",
        "nan",
    }
)

#: French words of the interface that have no business in an English screen.
FRENCH_WORDS: frozenset[str] = frozenset(
    {
        "Entité",
        "entité",
        "entités",
        "Appareils",
        "appareils",
        "appareil",
        "Équipements",
        "équipements",
        "équipement",
        "Catégorie",
        "catégorie",
        "Statut",
        "statut",
        "Année",
        "année",
        "Empreinte",
        "empreinte",
        "annualisée",
        "amortie",
        "Méthode",
        "méthode",
        "Aucun",
        "aucun",
        "Aucune",
        "aucune",
        "Erreur",
        "erreur",
        "Fabricant",
        "Modèle",
        "Quantité",
        "Rechercher",
        "Valider",
        "Annuler",
        "Fermer",
        "Quitter",
        "lignes",
        "Réemploi",
        "réemploi",
        "Scénario",
        "scénario",
        "Scénarios",
        "Voie",
        "Motif",
        "motifs",
        "Paramètre",
        "Valeur",
        "Jeu de facteurs",
        "Rapports",
        "Facteurs",
        "Inventaire",
        "Tableau de bord",
        "oui",
        "non",
        "True",
        "False",
        "None",
        "nan",
    }
)

#: French wordings that are ordinary English words too (« usage », « location »…).
ENGLISH_TOO: frozenset[str] = frozenset(
    {"don", "location", "usage", "modification", "lecture", "administration", "Site", "Type"}
)

#: A snake_case identifier (``in_service``, ``gwp_total``): never wording, in any language.
SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-]|\.\w)")


#: A command line quoted for a person to type (its words are the command's names).
TYPED_COMMAND = re.compile(r"\becoparc(?: [a-z][\w-]*)+")

#: What follows a word cut by a border or a column too narrow (« Tablet█ » is
#: « Tablette » under a dialog): the rest of the word is unseen, so it is no leak.
_CUT = frozenset("█▌▐▏▕│┃║…")

#: A stretch of a rendered line between column gaps (two spaces) and borders.
_PIECE = re.compile(r"[^\s▏▕│┃║█▅▌▐]+(?: [^\s▏▕│┃║█▅▌▐]+)*")


def _word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in alternatives)
    return re.compile(rf"(?<![\w+/-])(?:{body})(?![\w+/-])")


def forbidden_words(lang: str) -> frozenset[str]:
    """The words a ``lang`` text must not contain (besides snake_case codes)."""
    pairs = [pair for table in TABLES for pair in table.values()] + [
        pair for pair in COLUMN_LABELS.values()
    ]
    if lang == "fr":
        codes = {c for c in CODES if c not in FRENCH_TOO}
        english = {en for fr, en in pairs if en != fr and en.casefold() != fr.casefold()}
        english -= {fr for fr, _ in pairs}  # a French wording is never a leak
        return frozenset(codes | english | ENGLISH_WORDS)
    french = {fr for fr, en in pairs if fr != en and fr.casefold() != en.casefold()}
    french -= {en for _, en in pairs}
    french -= ENGLISH_TOO
    return frozenset(french | FRENCH_WORDS)


def data_strings(db_url: str) -> set[str]:
    """The texts of the data: every text column of the database's tables (but the
    ones that hold codes or generated messages), and the factor sets' texts."""
    engine = sa.create_engine(db_url)
    skipped = {"device_event", "import_issue", "app_setting", "mapping_profile", "scenario"}
    found: set[str] = set()
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name in skipped or table.name.startswith("alembic"):
                continue
            for column in table.columns:
                if isinstance(column.type, sa.String | sa.Text):
                    rows = conn.execute(sa.select(column).distinct()).scalars()
                    found.update(v for v in rows if isinstance(v, str))
    engine.dispose()
    for name in BUILTIN_SETS:
        factor_set = load_builtin(name)
        found.add(factor_set.description)
        for frame in (factor_set.references, factor_set.impacts, factor_set.electricity):
            for column in frame.columns:
                if frame[column].dtype == object or str(frame[column].dtype) == "str":
                    found.update(v for v in frame[column].dropna().unique() if isinstance(v, str))
    return {s for s in found if s.strip() and not _codes_only(s)}


def _codes_only(text: str) -> bool:
    """``laptop``, ``laptop|desktop``: codes stored as text, which outputs must word."""
    return all(part in CODES for part in re.split(r"[|,; ]+", text.strip()) if part)


@dataclass
class Checker:
    """Finds the leaks of the other language in texts of ``lang``."""

    lang: str
    data: set[str] = field(repr=False)

    def __post_init__(self) -> None:
        self.pattern = _word_pattern(forbidden_words(self.lang))
        # Only the data texts that would raise a false alarm need removing.
        self.risky = sorted(
            (s for s in self.data if self.pattern.search(s) or SNAKE.search(s)),
            key=len,
            reverse=True,
        )

    def leaks(self, text: str) -> list[str]:
        for value in self.risky:
            if value in text:
                text = text.replace(value, " ")
        text = TYPED_COMMAND.sub(" ", text)  # « ecoparc footprint --year 2026 » is typed
        found: set[str] = set()
        for line in text.splitlines():
            for pattern in (self.pattern, SNAKE):
                for match in pattern.finditer(line):
                    cut = line[match.end() : match.end() + 1] in _CUT
                    if not cut and not self._wrapped_data(line, match.start(), match.end()):
                        found.add(match.group())
        return sorted(found)

    def wording_leaks(self, text: str, typed: Iterable[str] = ()) -> list[str]:
        """The other language's words in ``text``, but the codes and the ``typed``
        words: a help names what a person types (``ecoparc footprint --by entity``)."""
        typed = set(typed)
        return [
            w
            for w in self.leaks(text)
            if w not in CODES and w not in typed and not SNAKE.fullmatch(w)
        ]

    def _wrapped_data(self, line: str, start: int, end: int) -> bool:
        """Whether the match lies in a piece of data that the screen wrapped or cut:
        the stretch of the line around it (up to a column gap or a border) is part of
        a data text."""
        pieces = [(m.start(), m.end()) for m in _PIECE.finditer(line)]
        for first, last in pieces:
            if first <= start and end <= last:
                piece = line[first:last].strip().rstrip("…")
                return len(piece) > end - start and any(piece in value for value in self.risky)
        return False

    def context(self, text: str, word: str) -> str:
        at = text.find(word)
        return text[max(0, at - 60) : at + len(word) + 60].replace("\n", "⏎")
