"""click's own words — usage errors, help headings, type names — in the user's language.

click writes its messages through :mod:`gettext` (``_("Missing option")``), bound in
each of its modules when it is imported, and ships no French catalogue. A person
who mistypes an option would read « Error: Invalid value for '--level' » under a
French command line, so :func:`speak` points those modules' ``_`` and ``ngettext``
at :data:`FRENCH` — the catalogue of every message of click 8 that can reach a
person — and gives click's parameter types French names (« ENTIER » in the help).
The exit codes stay click's (2 for a usage error). English keeps click's own words,
and ecoparc's help texts, written in French, are worded in English by
:class:`EnglishHelp` from the catalogue of :mod:`factors.messages`.
docs/architecture.md §11 lists what is translated where.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Sequence
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

from factors.messages import english, english_metavar

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

#: The placeholders click makes from ecoparc's parameter names (``DEVICE`` for the
#: argument ``device``), in French in the French help; the docstrings name them so.
FRENCH_METAVARS: Final[dict[str, str]] = {
    "ARGS": "ARGUMENTS",
    "COMMAND": "COMMANDE",
    "DEVICE": "APPAREIL",
    "DEVICES": "APPAREILS",
    "DIRECTORY": "DOSSIER",
    "ENTITY": "ENTITÉ",
    "FILE": "FICHIER",
    "FILES": "FICHIERS",
    "LOGIN": "IDENTIFIANT",
    "MODEL": "MODÈLE",
    "NAME": "NOM",
    "NAMES": "NOMS",
    "PARTNER": "PARTENAIRE",
    "PATH": "CHEMIN",
    "REFERENCE": "RÉFÉRENCE",
    "SET": "JEU",
    "VALUE": "VALEUR",
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

#: How click names an argument in its errors (« Argument manquant 'DEVICE' »).
_ERROR_HINT: Final = click.Argument.get_error_hint


def _french_error_hint(self: click.Argument, ctx: click.Context | None) -> str:
    """An argument named by its French placeholder in click's errors, as in the help."""
    return _placeholders(_ERROR_HINT(self, ctx), FRENCH_METAVARS)


#: The language click speaks (set by :func:`speak`).
_spoken = "en"

#: click's own short help of a command (the first sentence of its help, cut to fit).
_SHORT_HELP: Final[Callable[[click.Command, int], str]] = click.Command.get_short_help_str

#: click's French words back to its English: a process that speaks both languages
#: (the test suite) keeps the ``--help`` option click made in the first one.
_CLICK_ENGLISH: Final = {fr: en for en, fr in FRENCH.items()}


class FrenchHelp(click.HelpFormatter):
    """The help in French: the placeholders click makes from parameter names
    (:data:`FRENCH_METAVARS`), and click's own words when click made its ``--help``
    option in English earlier in the same process."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _placeholders(args, FRENCH_METAVARS), prefix)

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl(
            [(_placeholders(n, FRENCH_METAVARS), french(h)) for n, h in rows], *args, **kwargs
        )


def _placeholders(text: str, words: dict[str, str]) -> str:
    """``[OPTIONS] DEVICE REFERENCE`` with each placeholder worded from ``words``."""
    return re.sub(r"[A-Z][A-Z_]+", lambda m: words.get(m.group(), m.group()), text)


class EnglishHelp(click.HelpFormatter):
    """The help of ecoparc's commands in English: their texts are written in French
    (docstrings, ``help=`` of the options) and worded through the one catalogue of
    messages (:mod:`factors.messages`), placeholders (``NOM``, ``FICHIER``) too."""

    def write_text(self, text: str) -> None:
        super().write_text(english(text))

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(_english_names(n), _english_help(h)) for n, h in rows], *args, **kwargs)


def _english_names(names: str) -> str:
    """``--save-profile NOM`` → ``--save-profile NAME``."""
    return " ".join(english_metavar(part) for part in names.split(" "))


def _english_help(text: str) -> str:
    """An option's help and what click appends (``  [default: (année en cours); x>=1]``),
    whose values are worded too."""
    if text in _CLICK_ENGLISH:
        return _CLICK_ENGLISH[text]
    head, bracket, tail = text.rpartition("  [")
    if not bracket:
        return english(text)
    extras = [_english_extra(extra) for extra in tail.removesuffix("]").split("; ")]
    return f"{english(head)}{bracket}{'; '.join(extras)}]"


def _english_extra(extra: str) -> str:
    name, colon, value = extra.partition(": ")
    if not colon:
        return extra
    if value.startswith("(") and value.endswith(")"):  # a default shown as a text
        return f"{name}{colon}({english(value[1:-1])})"
    return f"{name}{colon}{english(value)}"


def _short_help_in_english(self: click.Command, limit: int = 45) -> str:
    """A command's one-line summary (in a group's command list), from its English
    help rather than cut from the French."""
    worded = click.Command(
        self.name,
        help=english(inspect.cleandoc(self.help)) if self.help else None,
        short_help=english(inspect.cleandoc(self.short_help)) if self.short_help else None,
        deprecated=self.deprecated,
    )
    return _SHORT_HELP(worded, limit)


def summary(text: str) -> str:
    """A command's summary (``ecoparc --help``) in the language click speaks."""
    return english(text) if _spoken == "en" else text


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
    click.Argument.get_error_hint = _french_error_hint if fr else _ERROR_HINT  # type: ignore[method-assign]
    # ecoparc's own help texts are French: English is worded from the catalogue.
    click.Context.formatter_class = FrenchHelp if fr else EnglishHelp
    click.Command.get_short_help_str = _SHORT_HELP if fr else _short_help_in_english  # type: ignore[method-assign,assignment]


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
