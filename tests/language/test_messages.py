"""Every message a person can meet has its English, and the catalogue works.

The messages are read from the code (message_sources.py): a refusal, a command's
error line or summary, a help text written in French without its English fails
here, before anyone meets it in English mode. The English wordings are then
checked against the vocabulary: no French word, no internal code left in them.
"""

from __future__ import annotations

import re
from pathlib import Path

from language_vocabulary import Checker
from message_sources import messages

from factors.english import ENGLISH
from factors.messages import in_language
from fleet.access import TABLE_LABELS, consolidated_refusal, refusal
from fleet.models import Entity

ROOT = Path(__file__).resolve().parents[2]

#: Texts of the code that are not wording: programming mistakes and internal parse
#: errors (their callers give the person a French reason), a file name, and two
#: worded messages side by side.
NOT_WORDING = frozenset(
    {
        "ambiguous thousands separators: {}",
        "factor_set.json",
        "field must be one of {}, not {}",
        "migrations have {} heads: {}",
        "missing: {}",
        "not a number: {}",
        "number out of range: {}",
        "{} {}",
        "  {}",
    }
)

#: Codes an English wording may name on purpose: option values a person types
#: (``--method amortized``, ``--channel no_storage``) and keys of a TOML file.
TYPED = re.compile(
    r"“(?:amortized|no_storage|weee\.\w+|value\.\w+|rate\.\w+)[^”]*”"
    r"|\b(?:refurbished_share|extend_years|min_sample|monte_carlo|electricity_default_year)\b"
)


def test_every_message_of_the_code_has_its_english() -> None:
    found: dict[str, str] = {}
    for message in messages():
        found.setdefault(message.key, message.where)
    missing = [
        f"{where}: {key!r}"
        for key, where in sorted(found.items(), key=lambda item: item[1])
        if key not in ENGLISH and key not in NOT_WORDING
    ]
    assert not missing, "messages without English in factors/english.py:\n" + "\n".join(missing)


def test_english_wordings_hold_no_french(checkers: dict[str, Checker]) -> None:
    leaks = [
        f"{french!r} → {words}"
        for french, wording in ENGLISH.items()
        if (words := checkers["en"].leaks(TYPED.sub(" ", wording)))
    ]
    assert not leaks, "\n".join(leaks)


def test_a_finished_message_is_worded_with_its_values() -> None:
    """The template is found in the finished text; its values are worded in turn —
    a message inside a message, a status named by its French wording — or kept."""
    assert in_language("entité inconnue : « Vizille »", "en") == "unknown entity: “Vizille”"
    assert in_language("entité inconnue : « Vizille »", "fr") == "entité inconnue : « Vizille »"
    assert (
        in_language("l'appareil n° 42 est « en service » : il est déjà orienté ou sorti", "en")
        == "device #42 is “in service”: it is already routed or gone"
    )
    assert (
        in_language("-o /tmp/x : c'est un dossier, pas un fichier", "en")
        == "-o /tmp/x: this is a folder, not a file"
    )
    # The most specific template wins over a looser one that also matches.
    assert in_language("achats.csv : catégorie inconnue « tractor »", "en") == (
        "achats.csv: unknown category “tractor”"
    )
    unknown = "un texte que le catalogue ignore"
    assert in_language(unknown, "en") == unknown


def test_the_access_refusals_have_their_english() -> None:
    """A commune's login acting outside its rights is refused by PostgreSQL's access
    functions (their RAISE EXCEPTION, fleet/access_sql.py) or by fleet.access, which
    names what is refused (its TABLE_LABELS): each in English too (they were French
    only), and a finished refusal is worded with its values."""
    sql = (ROOT / "fleet" / "access_sql.py").read_text(encoding="utf-8")
    raised = [
        " ".join(part.replace("''", "'") for part in re.findall(r"'((?:[^']|'')*)'", text))
        for text in re.findall(r"RAISE EXCEPTION\s+((?:'(?:[^']|'')*'\s*)+)", sql)
    ]
    assert len(raised) >= 10
    keys = [text.replace("%", "{}") for text in raised]
    named = [*set(TABLE_LABELS.values()), "ces données", "un rapport", "un export"]
    missing = [key for key in keys + named if key not in ENGLISH]
    assert not missing, missing
    assert in_language(refusal("les appareils", Entity(name="Seyssinet-Pariset")), "en") == (
        "you may not change the devices of Seyssinet-Pariset"
    )
    assert in_language(consolidated_refusal("un rapport"), "en").startswith(
        "a report over all the entities is for the metropolis's administrators"
    )
