"""A database that cannot be used gives one French line, exit 1, no traceback and no
password; text from the data never reaches the terminal with control sequences
(docs/database.md, « Messages d'erreur »)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import cli
from fleet.db import dispose_engines, mask_url
from fleet.display import printable
from tui.widgets.frame_table import FrameTable

HOSTILE = "PC\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07-1\u202e\x9b31m"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "fr", *args])
    dispose_engines()
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://agent:s3cret@127.0.0.1:1/parc", "serveur PostgreSQL injoignable"),
        ("mysql://agent:s3cret@127.0.0.1/parc", "pilote de base de données absent"),
        ("oracle+nope://agent:s3cret@h/parc", "adresse de base de données non reconnue"),
        ("postgresql://agent:s3cret@127.0.0.1:/parc", "adresse de base de données non reconnue"),
        ("postgres://agent:s3cret@serveur:cinq/parc", "adresse de base de données non reconnue"),
    ],
)
@pytest.mark.parametrize("command", [("init",), ("entity", "list"), ("db", "check")])
def test_unusable_servers_one_line_no_password(
    url: str, expected: str, command: tuple[str, ...]
) -> None:
    code, output = _run("--db", url, *command)
    assert code == 1
    assert output.count("\n") == 1 and output.startswith("ecoparc : erreur : ")
    assert expected in output and "s3cret" not in output and "***" in output


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "inventaire.db"
    path.write_bytes(b"PK\x03\x04 ceci est un classeur, pas une base" * 50)
    for command in (("entity", "list"), ("init",), ("db", "upgrade")):
        code, output = _run("--db", str(path), *command)
        assert code == 1, output
        assert output == (
            f"ecoparc : erreur : {path} n'est pas une base ecoparc lisible (fichier endommagé "
            "ou d'un autre type) : vérifiez --db, ou restaurez la dernière sauvegarde "
            "(.bak à côté du fichier)\n"
        )


@pytest.mark.slow
def test_a_locked_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "ecoparc.db"
    assert _run("--db", str(path), "init")[0] == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE hold (x)")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "cli", "--db", str(path), "entity", "add", "Voiron"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run.returncode == 1
    assert run.stderr == (
        f"ecoparc : erreur : la base {path} est verrouillée par un autre programme : "
        "réessayez quand l'autre écriture est finie (import, mise à jour)\n"
    )


def test_init_masks_the_password() -> None:
    url = "postgresql+psycopg://ecoparc:motdepasse@serveur:5432/parc"
    assert mask_url(url) == "postgresql+psycopg://ecoparc:***@serveur:5432/parc"
    assert mask_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_control_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "ecoparc.db"
    assert _run("--db", str(db), "init")[0] == 0
    assert _run("--db", str(db), "entity", "add", "Grenoble")[0] == 0
    csv = tmp_path / "parc.csv"
    csv.write_text(f'Nom;Type;Numéro de série\n"{HOSTILE}";Portable;SN1\n', "utf-8")
    code, preview = _run("--db", str(db), "import", str(csv), "--entity", "Grenoble", "--dry-run")
    assert code == 0, preview
    assert "PC-1" in preview  # the dry-run preview shows the name read from the file
    code, output = _run("--db", str(db), "import", str(csv), "--entity", "Grenoble")
    assert code == 0, output
    code, edited = _run("--db", str(db), "devices", "edit", "SN1", "model", HOSTILE)
    for text in (preview, output, edited):
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert printable(HOSTILE) == "PC-1"


async def test_tui_tables_show_data_without_control_sequences() -> None:
    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield FrameTable(pd.DataFrame({"nom": [HOSTILE, "propre"]}), ["Nom"])

    app = One()
    async with app.run_test() as pilot:
        table = pilot.app.query_one(FrameTable)
        assert table.get_row_at(0) == ["PC-1"]
        assert "\x1b" not in str(table._get_cell_renderable(0, 0))


@pytest.mark.parametrize(
    "command",
    [
        ("footprint",),
        ("entity", "list"),
        ("devices", "list"),
        ("explain", "1"),
        ("report", "reen", "-o", "reen.xlsx"),
    ],
)
def test_a_mistyped_path_is_refused_and_never_created(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A command that reads the database, given a file that does not exist, says so and
    leaves nothing behind: an empty file under a mistyped path would later pass for an
    uninitialised database."""
    path = tmp_path / "inventiare.db"
    code, output = _run("--db", str(path), *command)
    assert code == 1, output
    assert output == f"ecoparc : erreur : la base {path} n'existe pas : lancez « ecoparc init »\n"
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []
