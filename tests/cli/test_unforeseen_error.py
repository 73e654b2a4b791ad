"""An error no rule foresaw (a bug) still ends in one line and an exit code, never a
Python trace on the terminal; the trace goes to a report for the technical team
(docs/architecture.md §6). The bug is planted by replacing a service the command
calls: there is no known one to trigger."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli.entity
from cli.main import cli as ecoparc_cli
from cli.runtime import EXIT_INTERNAL
from fleet.db import dispose_engines


def _planted_bug(*_args: object, **_kwargs: object) -> object:
    raise ZeroDivisionError("division par zéro quelque part")


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``entity list`` with a bug in it, the data folder in ``tmp_path``, and the
    suite's ECOPARC_DEBUG (tests/conftest.py) lifted: what a person would run."""
    monkeypatch.setattr(cli.entity, "entity_rows", _planted_bug)
    monkeypatch.delenv("ECOPARC_DEBUG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "données"))
    return tmp_path


FRENCH = (
    r"ecoparc : erreur : erreur imprévue \(ZeroDivisionError\) : la commande est abandonnée, "
    r"rien n'est modifié à moitié ; pour l'équipe technique : le rapport (\S+)"
)
ENGLISH = (
    r"ecoparc: error: unforeseen error \(ZeroDivisionError\): the command is abandoned, "
    r"nothing is left half-changed; for the technical team: the report (\S+)"
)


@pytest.mark.parametrize(("lang", "said"), [("fr", FRENCH), ("en", ENGLISH)])
def test_a_bug_gives_one_line_and_a_report(broken: Path, lang: str, said: str) -> None:
    db = broken / "parc.db"
    url = f"sqlite:///{db}"
    result = CliRunner().invoke(ecoparc_cli, ["--lang", lang, "--db", url, "init"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(ecoparc_cli, ["--lang", lang, "--db", url, "entity", "list"])
    dispose_engines()
    assert result.exit_code == EXIT_INTERNAL
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    found = re.fullmatch(said, lines[0])
    assert found is not None, lines[0]
    report = Path(found.group(1))
    assert report.parent == broken / "données" / "ecoparc" / "erreurs"
    text = report.read_text(encoding="utf-8")
    assert text.startswith("ecoparc entity list\n")
    assert "Traceback" in text and "ZeroDivisionError: division par zéro quelque part" in text
    assert not list(report.parent.glob(".erreur-*"))  # nothing left aside


def test_the_report_hides_a_database_password(broken: Path) -> None:
    secret = "postgresql://agent:s3cret@127.0.0.1:1/parc"
    from services.crash import write_report

    try:
        _planted_bug()
    except ZeroDivisionError as exc:
        report = write_report(exc, ["--db", secret, "footprint"])
    assert report is not None
    text = report.read_text(encoding="utf-8")
    assert "s3cret" not in text and "agent:***@127.0.0.1:1/parc" in text


def test_a_developer_sees_the_exception(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOPARC_DEBUG", "1")
    db = broken / "parc.db"
    CliRunner().invoke(ecoparc_cli, ["--db", f"sqlite:///{db}", "init"])
    result = CliRunner().invoke(ecoparc_cli, ["--db", f"sqlite:///{db}", "entity", "list"])
    dispose_engines()
    assert isinstance(result.exception, ZeroDivisionError)
    assert not (broken / "données").exists()


def test_the_interface_closes_on_a_bug_without_a_trace(
    broken: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen's bug closes the TUI without Textual's trace (its local variables
    would show fleet data); the launcher then says it in one line."""
    import asyncio

    from services.settings import Settings
    from tui.app import EcoparcApp, make_app

    db = broken / "parc.db"
    CliRunner().invoke(ecoparc_cli, ["--db", f"sqlite:///{db}", "init"])
    dispose_engines()
    monkeypatch.setattr(EcoparcApp, "on_mount", _planted_bug)
    app = make_app(Settings(db_url=f"sqlite:///{db}"))
    asyncio.run(app.run_async(headless=True))
    assert isinstance(app.unforeseen, ZeroDivisionError)
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    ("words", "code", "said"),
    [
        (["import", "--help"], 0, "Importer des inventaires"),
        (["entity", "add", "--help"], 0, "Ajouter une entité."),
        (["import", "--bogus", "x.csv"], 2, "--bogus"),
        (["import"], 2, "FICHIERS"),
    ],
)
def test_click_ends_a_command_itself(broken: Path, words: list[str], code: int, said: str) -> None:
    """A subcommand's --help and its usage errors are click's own ends (its Exit and
    UsageError, both Exceptions): they keep click's exit code and wording, they are no
    unforeseen error with a report."""
    db = broken / "parc.db"
    result = CliRunner().invoke(ecoparc_cli, ["--db", f"sqlite:///{db}", *words])
    dispose_engines()
    assert result.exit_code == code, result.output
    assert said in result.output
    assert "imprévue" not in result.output
    assert not (broken / "données").exists()


def test_the_report_takes_a_text_no_encoding_writes(broken: Path) -> None:
    """A file name of another encoding than the system's reaches Python as lone
    surrogates, which UTF-8 refuses: the report still gets written, those characters
    escaped, instead of a second trace on the terminal."""
    from services.crash import write_report

    name = os.fsdecode(b"parc-\xe9t\xe9.csv")
    try:
        raise ValueError(f"« {name} »")
    except ValueError as exc:
        report = write_report(exc, ["import", name])
    assert report is not None
    assert "parc-\\udce9t\\udce9.csv" in report.read_text(encoding="utf-8")
