"""One language at a time on the command line and in the workbooks (issue 18, item 6).

Every table and message a command prints for people, and every sheet name, header
and cell of the generated workbooks, is checked in French (no internal code, no
English wording) and in English (no internal code, no French wording) against the
vocabulary of tests/language/language_vocabulary.py. JSON stays as it is: its keys
and codes are the scripts' contract. The NumEcoEval export keeps the headers its
specification fixes; the rejects file keeps the source file's own columns.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from ecoparc_cli import ecoparc
from language_vocabulary import Checker
from openpyxl import load_workbook

from cli.click_words import FRENCH_METAVARS
from cli.main import cli

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
#: Categories handed over without a data erasure (no storage).
STORAGELESS = ("monitor", "projector", "display", "docking_station")

#: The commands whose output is read by people (tables, summaries, traces).
COMMANDS: list[tuple[str, ...]] = [
    ("entity", "list"),
    ("devices", "list", "--entity", "Sarcenas"),
    ("devices", "show", "42"),
    ("factors", "list"),
    ("factors", "show", "default-laptop"),
    ("factors", "match", "--category", "laptop", "--manufacturer", "Dell", "--model", "X"),
    ("footprint", "--year", "2026", "--by", "category"),
    ("footprint", "--year", "2026", "--by", "entity"),
    ("footprint", "--year", "2026", "--by", "phase"),
    ("explain", "42", "--year", "2025"),
    ("reuse", "flag", "--entity", "Sarcenas"),
    ("reuse", "flag", "--by-reason"),
    ("reuse", "rate", "--year", "2025"),
    ("reuse", "partners", "list"),
    ("reuse", "needs", "list"),
    ("reuse", "match"),
    ("reuse", "weee", "--entity", "Sarcenas"),
    ("scenario", "list"),
    ("scenario", "compare", "baseline", "refurb-50"),
    ("scenario", "run", "--preset", "refurb-50"),
    ("report", "beges", "--year", "2025"),
    ("db", "current"),
    # The import summary, with the reasons of refused rows (a future date, a negative
    # price, a duplicate name, a quantity of 0…) and the column names of the files.
    ("import", str(SAMPLES / "glpi-grenoble.csv"), "--entity", "Grenoble", "--dry-run"),
    ("import", str(SAMPLES / "numecoeval-echirolles.csv"), "--entity", "Échirolles", "--dry-run"),
    ("import", str(SAMPLES / "inventaire-sarcenas.xlsx"), "--entity", "Sarcenas", "--dry-run"),
]

#: A word with a French letter.
FRENCH_LETTERS = re.compile(r"\w*[àâçéèêëîïôûùüÿœÀÂÇÉÈÊÎÔÛ]\w*")

#: Refusals a person meets, with their exit code: one line on stderr in the language
#: asked for (the use cases write them in French: factors.messages words them).
REFUSALS: list[tuple[tuple[str, ...], int]] = [
    (("devices", "list", "--entity", "Nulle-part"), 1),
    (("devices", "show", "999999"), 1),
    (("devices", "set-status", "42", "disposed"), 1),
    (("devices", "edit", "42", "purchase_date", "2099-01-01"), 1),
    (("devices", "transfer", "42", "--to", "Nulle-part"), 1),
    (("reuse", "proof", "42", "ATT-1"), 1),
    (("reuse", "erase", "--method", "no_storage", "42"), 1),
    (("scenario", "compare", "baseline", "inconnu"), 1),
    (("factors", "show", "inconnue"), 1),
    (("import", str(SAMPLES / "absent.csv")), 2),
    (("import", str(SAMPLES / "glpi-grenoble.csv"), "--profile", "inconnu"), 1),
    (("footprint", "--format", "xlsx"), 2),
    (("footprint", "-o", "/nonexistent/bilan.xlsx"), 2),
    (("report", "reen", "--year", "2025", "-o", str(SAMPLES)), 2),
]

#: Mistakes a person makes at the command line: click's own messages (exit 2).
USAGE_ERRORS: list[tuple[str, ...]] = [
    ("footprint", "--year", "abc"),
    ("footprint", "--by", "nothing"),
    ("entity", "add"),
    ("no-such-command",),
    ("devices", "list", "--no-such-option"),
]


def _check(checker: Checker, text: str, where: str) -> list[str]:
    return [f"{where}: {w!r} in …{checker.context(text, w)}…" for w in checker.leaks(text)]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_command_outputs_speak_one_language(
    lang: str, module_demo: str, checkers: dict[str, Checker]
) -> None:
    checker = checkers[lang]
    leaks: list[str] = []
    for args in COMMANDS:
        ran = ecoparc("--db", module_demo, "--lang", lang, *args)
        assert ran.returncode == 0, (args, ran.stderr)
        leaks += _check(checker, ran.stdout + ran.stderr, " ".join(args))
    assert not leaks, "\n".join(leaks)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_refusals_speak_the_language(
    lang: str, module_demo: str, checkers: dict[str, Checker]
) -> None:
    """A refused request is one line in the language asked for, with its exit code,
    and the database is left alone (the demo copy is shared by the module)."""
    prefix = "ecoparc : erreur : " if lang == "fr" else "ecoparc: error: "
    leaks: list[str] = []
    for args, code in REFUSALS:
        ran = ecoparc("--db", module_demo, "--lang", lang, *args)
        assert (ran.returncode, ran.stdout) == (code, ""), (args, ran.stderr)
        assert ran.stderr.startswith(prefix) and ran.stderr.count("\n") == 1, ran.stderr
        leaks += _check(checkers[lang], ran.stderr, " ".join(args))
    assert not leaks, "\n".join(leaks)


def _commands(
    group: click.Group, ctx: click.Context, path: tuple[str, ...]
) -> list[tuple[str, ...]]:
    """Every command of the tree under ``group``, as the arguments that name it."""
    found: list[tuple[str, ...]] = [path]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found += _commands(command, ctx, (*path, name))
        else:
            found.append((*path, name))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_help_speaks_the_language(lang: str, checkers: dict[str, Checker]) -> None:
    """``ecoparc --lang en footprint --help``: the summary, every option's help, the
    placeholders and the command lists in English; in French, no English. The codes
    a person types (``--by entity``, ``laptop=4``) are what they are in both."""
    with click.Context(cli) as ctx:
        commands = _commands(cli, ctx, ())
    names = {name for args in commands for name in args}
    leaks: list[str] = []
    for args in commands:
        ran = ecoparc("--lang", lang, *args, "--help")
        assert ran.returncode == 0, (args, ran.stderr)
        leaks += [
            f"ecoparc {' '.join(args)} --help: {w!r}"
            for w in checkers[lang].wording_leaks(ran.stdout, names)
        ]
        if lang == "fr":  # the placeholders click makes from parameter names (DEVICE…)
            leaks += [
                f"ecoparc {' '.join(args)} --help: {w!r}"
                for w in re.findall(r"\b[A-Z]{3,}\b", ran.stdout)
                if w in FRENCH_METAVARS
            ]
        if lang == "en":  # a French text the vocabulary does not know still has accents
            leaks += [
                f"ecoparc {' '.join(args)} --help: {w!r}"
                for w in FRENCH_LETTERS.findall(ran.stdout)
                if w != "décret"  # the décret 2023-266, a French text's name
            ]
    assert len(commands) > 40
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_click_usage_errors_speak_the_language(lang: str) -> None:
    """« Error: Invalid value for '--year' » under a French command line: click's own
    words follow the language too, and a usage error still exits 2."""
    for args in USAGE_ERRORS:
        ran = ecoparc("--lang", lang, *args)
        assert ran.returncode == 2, (args, ran.stderr)
        if lang == "fr":
            assert "Erreur : " in ran.stderr and "Utilisation : " in ran.stderr, ran.stderr
            for english in ("Error", "Usage", "Invalid value", "Missing", "No such", "Try "):
                assert english not in ran.stderr, (args, ran.stderr)
        else:
            assert "Error: " in ran.stderr, ran.stderr
    assert "Erreur : Valeur invalide pour '--year' : 'abc' n'est pas un entier valide." in (
        ecoparc("--lang", "fr", "footprint", "--year", "abc").stderr
    )
    # An argument is named as the help names it: « APPAREIL », not click's « DEVICE ».
    assert "Argument manquant 'APPAREIL'" in ecoparc("--lang", "fr", "devices", "show").stderr
    assert "Missing argument 'DEVICE'" in ecoparc("--lang", "en", "devices", "show").stderr
    help_text = ecoparc("--lang", "fr", "footprint", "--help").stdout
    assert "Afficher cette aide et quitter." in help_text and "[défaut : " in help_text


def _workbook_texts(path: Path) -> str:
    """Sheet names and every text cell of a workbook, one per line; but the cells of a
    « Code » column (the REEN indicators' identifiers, docs/reports.md, shared with the
    JSON output). Flags are left to the spreadsheet, which words TRUE in its language."""
    book = load_workbook(path, read_only=True)
    lines = list(book.sheetnames)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        codes = {i for row in rows for i, v in enumerate(row) if v == "Code"}
        for row in rows:
            lines += [v for i, v in enumerate(row) if isinstance(v, str) and i not in codes]
    book.close()
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_workbooks_speak_one_language(
    lang: str, demo_copy: str, tmp_path: Path, checkers: dict[str, Checker]
) -> None:
    """The footprint, REEN, BEGES, scenario, purchase and hand-over workbooks: sheet names,
    headers, annexes and vocabulary cells in the language asked for."""
    checker = checkers[lang]
    db = ("--db", demo_copy, "--lang", lang)
    runs: dict[str, tuple[str, ...]] = {
        "footprint.xlsx": ("footprint", "--year", "2026", "--by", "entity", "--format", "xlsx"),
        "footprint-category.xlsx": ("footprint", "--year", "2026", "--by", "category"),
        "reen.xlsx": ("report", "reen", "--year", "2025"),
        "beges.xlsx": ("report", "beges", "--year", "2025", "--format", "xlsx"),
        "scenarios.xlsx": ("scenario", "compare", "baseline", "refurb-50", "--format", "xlsx"),
        # A buyer's comparison: its own sheets, then the scenario sheets (the method worded).
        "purchase.xlsx": (
            *("scenario", "purchase", "--category", "laptop", "--quantity", "50"),
            *("--price-new", "900", "--price-refurbished", "500", "--lifespan", "5"),
        ),
    }
    leaks: list[str] = []
    for name, args in runs.items():
        output = tmp_path / name
        ran = ecoparc(*db, *args, "-o", str(output))
        assert ran.returncode == 0, (args, ran.stderr)
        leaks += _check(checker, ran.stdout, name)
        leaks += _check(checker, _workbook_texts(output), name)
    # A hand-over slip: two devices of Sarcenas without storage routed to WEEE recycling.
    devices = ecoparc(*db, "devices", "list", "--entity", "Sarcenas", "--format", "json")
    assert devices.returncode == 0, devices.stderr
    chosen = [str(d["id"]) for d in _json(devices.stdout) if d["category"] in STORAGELESS][:2]
    for step in (
        ("reuse", "assign", "--channel", "weee_recycling", "--partner", "Ecologic", *chosen),
        ("reuse", "erase", "--method", "no_storage", *chosen),
    ):
        ran = ecoparc(*db, *step)
        assert ran.returncode == 0, (step, ran.stderr)
        leaks += _check(checker, ran.stdout, " ".join(step[:2]))
    slip = tmp_path / "bordereau.xlsx"
    handed = ecoparc(*db, "reuse", "handover", "Ecologic", "-o", str(slip))
    assert handed.returncode == 0, handed.stderr
    leaks += _check(checker, handed.stdout, "reuse handover")
    leaks += _check(checker, _workbook_texts(slip), "bordereau.xlsx")
    assert not leaks, "\n".join(leaks)


def _json(text: str) -> list[dict[str, object]]:
    import json

    document: list[dict[str, object]] = json.loads(text)
    return document
