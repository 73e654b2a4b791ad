"""click's own words — usage errors, help headings, type names — in the user's language.

click writes its messages through :mod:`gettext` (``_("Missing option")``), bound in
each of its modules when it is imported, and ships no French catalogue. A person
who mistypes an option would read « Error: Invalid value for '--level' » under a
French command line, so :func:`speak` points those modules' ``_`` and ``ngettext``
at :data:`FRENCH` — the catalogue of every message of click 8 that can reach a
person — and gives click's parameter types French names (« ENTIER » in the help).
The exit codes stay click's (2 for a usage error). English keeps click's own words.
docs/architecture.md §11 lists what is translated where.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any, Final

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

#: click's messages (gettext ids of click 8.x) and their French.
FRENCH: Final[dict[str, str]] = {
    "Aborted!": "Abandon.",
    "deprecated": "obsolète",
    "Missing command.": "Commande manquante.",
    "Options": "Options",
    "Positional arguments": "Arguments",
    "Commands": "Commandes",
    "Got unexpected extra argument ({args})": "Argument inattendu en trop ({args})",
    "Got unexpected extra arguments ({args})": "Arguments inattendus en trop ({args})",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "env var: {var}": "variable d'environnement : {var}",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "(dynamic)": "(calculé)",
    "Takes {nargs} values but 1 was given.": "Attend {nargs} valeurs, 1 seule donnée.",
    "Takes {nargs} values but {len} were given.": "Attend {nargs} valeurs, {len} données.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'un de : {possibilities} ?)",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "unknown error": "erreur inconnue",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier {filename!r} : {message}"
    ),
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "« {command} {option} » pour l'aide.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Choose from:\n\t{choices}": "Choisir parmi :\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas l'une des valeurs {choices}.",
    "{value!r} does not match the format {format}.": ("{value!r} ne suit pas le format {format}."),
    "{value!r} does not match the formats {formats}.": (
        "{value!r} ne suit aucun des formats {formats}."
    ),
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} n'est pas un booléen. Valeurs reconnues : {states}"
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} valeurs sont attendues, {len_value} donnée."
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "{len_type} valeurs sont attendues, {len_value} données."
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valide.",
    "{name} {filename!r} is a file.": "{name} {filename!r} : c'est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} : c'est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} : lecture interdite.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture interdite.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} : exécution interdite.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} : introuvable.",
    "Invalid start character for option ({option})": (
        "Caractère de début d'option invalide ({option})"
    ),
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Option {name!r} requires an argument.": "L'option {name!r} demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} demande {nargs} valeurs.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Do you want to continue?": "Continuer ?",
    "Confirm the action without prompting.": "Confirmer l'action sans la demander.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Usage:": "Utilisation :",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
}

#: click's parameter types by their French names (metavars « ENTIER », « TEXTE »
#: in the help, « n'est pas un entier valide » in an error).
FRENCH_TYPE_NAMES: Final[dict[type[click.ParamType[Any]], str]] = {
    click.types.IntParamType: "entier",
    click.types.IntRange: "entier",
    click.types.FloatParamType: "nombre",
    click.types.FloatRange: "nombre",
    click.types.StringParamType: "texte",
    click.types.BoolParamType: "booléen",
    click.types.DateTime: "date",
}

#: The modules of click that bind ``_`` / ``ngettext`` at import.
_MODULES: Final[tuple[ModuleType, ...]] = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.termui,
    click.types,
)


#: click's own ``_`` and ``ngettext`` of each module, and its own type names.
_ORIGINALS: Final = {
    m.__name__: (getattr(m, "_", None), getattr(m, "ngettext", None)) for m in _MODULES
}
_TYPE_NAMES: Final = {kind: kind.name for kind in FRENCH_TYPE_NAMES}

#: The language click speaks (set by :func:`speak`).
_spoken = "en"


def word(message: str) -> str:
    """One of click's messages in the language click speaks (for ecoparc's own
    rendering of click's headings, such as the command list of ``ecoparc --help``)."""
    return french(message) if _spoken == "fr" else message


def french(message: str) -> str:
    """The French of one of click's messages; the message itself when unknown."""
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, n: int) -> str:
    return french(singular if n == 1 else plural)


def speak(lang: str) -> None:
    """Make click speak ``lang``: French from :data:`FRENCH`, English as click has it
    (a process that runs commands in both languages, the test suite, switches back)."""
    global _spoken
    _spoken = lang
    fr = lang == "fr"
    for module in _MODULES:
        gettext, ngettext = _ORIGINALS[module.__name__]
        if gettext is not None:
            module._ = french if fr else gettext  # type: ignore[attr-defined]
        if ngettext is not None:
            module.ngettext = french_plural if fr else ngettext  # type: ignore[attr-defined]
    for kind, name in FRENCH_TYPE_NAMES.items():
        kind.name = name if fr else _TYPE_NAMES[kind]


def language_of(argv: Sequence[str]) -> str | None:
    """The ``--lang`` given before the subcommand (``--lang en``, ``--lang=en``), if any:
    click's words are chosen before click reads the command line."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-") and (i == 0 or args[i - 1] != "--db"):
            break  # the subcommand: its own options are not the group's
    return None
