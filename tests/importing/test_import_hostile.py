"""The hostile corpus (``hostile_corpus.py``): every case ends in a clean refusal (exit 2,
one French line naming the file, the database unchanged byte for byte) or in per-row
rejects with French reasons, with no traceback, within 5 s of CPU and 1 GB of memory.

The whole corpus runs in-process through the real ``ecoparc import`` command (the
cases that import run with ``--dry-run``, so the database never changes); its peak
memory is the process's high-water mark, reset before each case. A few cases run as
real processes too, whose time and memory are the child's own (``os.wait4``).
Times are CPU times: on a machine shared by many jobs, wall time measures the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import CASES, Case, ods_bytes, write_corpus, xlsx_bytes
from import_support import invoke

from fleet.db import dispose_engines

#: Limits of the acceptance of issue 13.
MAX_SECONDS = 5.0
MAX_KILOBYTES = 1024 * 1024


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def fingerprint(url: str) -> str:
    """The bytes of the database file (and of its write-ahead log, if any)."""
    dispose_engines()  # closing the last connection checkpoints the log
    path = Path(url.removeprefix("sqlite:///"))
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def _peak_kilobytes() -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+)", status)
    return int(match.group(1)) if match else None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def test_corpus_covers_the_acceptance() -> None:
    assert len(CASES) >= 45
    assert len({c.name for c in CASES}) == len(CASES)
    covered = {c.covers for c in CASES}
    assert {"5", "6", "9", "extra"} <= covered
    names = " ".join(c.name for c in CASES).lower()
    for shape in (
        "empty",
        "binary",
        "truncated",
        "named .xlsx",
        "utf-16 without bom",
        "mixed encodings",
        "formula cells",
        "merged header",
        "1,000,000 empty rows",
        "named pipe",
        "/dev/zero",
        "/dev/urandom",
        "zip bomb",
        "10,000 columns",
        "unterminated quote",
        "inf storage",
        "price 1,2,3",
    ):
        assert shape in names, shape


def _json(output: str) -> dict[str, object]:
    """The JSON document, parsed strictly: NaN and Infinity are not JSON."""

    def refuse(token: str) -> None:
        raise AssertionError(f"{token} in JSON output")

    document = json.loads(output, parse_constant=refuse)
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, corpus: dict[str, Path], grenoble_sqlite: str) -> None:
    path = corpus[case.name]
    before = fingerprint(grenoble_sqlite)
    args = list(case.args)
    if case.outcome != "refused":
        args.append("--dry-run")
    if case.outcome == "rejects":
        args += ["--format", "json"]
    measured = _reset_peak()
    started = time.process_time()
    result = invoke(grenoble_sqlite, "import", str(path), *args)
    seconds = time.process_time() - started
    peak = _peak_kilobytes() if measured else None

    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if case.outcome == "refused":
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("ecoparc : erreur : "), result.output
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert path.name in result.stderr
        assert case.message in result.stderr
    elif case.outcome == "rejects":
        assert result.exit_code == 0, result.output
        document = _json(result.stdout)
        reasons = [str(r["reason"]) for r in document["rejections"]]  # type: ignore[attr-defined]
        assert any(case.message in r for r in reasons), reasons
        assert document["rejected"] == 1 and document["created"] == 1
    else:
        assert result.exit_code == 0, result.output
        assert case.message in result.stdout
    assert fingerprint(grenoble_sqlite) == before, "the database changed"
    assert seconds < MAX_SECONDS, f"{seconds:.1f} s of CPU"
    if peak is not None:
        assert peak < MAX_KILOBYTES, f"{peak // 1024} MB"


PROCESS_CASES = [
    pytest.param("named pipe", id="named pipe"),
    pytest.param("zip bomb (1 MB → 1 GB)", id="zip bomb"),
    # calamine aborted the process on these (a Rust backtrace, exit 134).
    pytest.param("xls, a DIMENSIONS record announcing four billion rows", id="xls dimensions"),
    pytest.param("xlsb, cells at A1 and XFD1048576", id="xlsb far cells"),
    # A panic prints its Rust trace on the terminal: none must reach the person.
    pytest.param("xlsb, a dimension record too short (calamine panics)", id="xlsb panic"),
    pytest.param("/dev/urandom", id="urandom", marks=pytest.mark.slow),
    pytest.param("10,000 columns", id="10,000 columns", marks=pytest.mark.slow),
    pytest.param("1,000,000 empty rows under the data", id="empty rows", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_hostile_input_in_a_real_process(
    name: str, corpus: dict[str, Path], grenoble_sqlite: str
) -> None:
    """The command as a person runs it: it ends (a pipe must not block it), with the exit
    code of the contract, in its own time and memory."""
    case = next(c for c in CASES if c.name == name)
    path = corpus[name]
    before = fingerprint(grenoble_sqlite)
    extra = () if case.outcome == "refused" else ("--dry-run",)
    command = [sys.executable, "-m", "cli", "--db", grenoble_sqlite, "import", str(path)]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(
            [*command, *case.args, *extra], capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: the command did not end")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = usage.ru_utime + usage.ru_stime - children.ru_utime - children.ru_stime
    assert "Traceback" not in done.stderr
    if case.outcome == "refused":
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("ecoparc : erreur : ") and case.message in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert case.message in done.stdout
    assert fingerprint(grenoble_sqlite) == before
    # The interpreter's own start (imports) is counted here, on top of the import.
    assert seconds < MAX_SECONDS + 5, f"{seconds:.1f} s of CPU"
    # The largest of the children waited for so far: this one is no larger.
    assert usage.ru_maxrss < MAX_KILOBYTES, f"{usage.ru_maxrss // 1024} MB"


def test_rejects_file_checked_before_anything_is_written(
    corpus: dict[str, Path], grenoble_sqlite: str, tmp_path: Path
) -> None:
    """A --rejects path that cannot be written stops the command before the import."""
    source = corpus["price 1,2,3"]
    before = fingerprint(grenoble_sqlite)
    for target, message in (
        (tmp_path / "absent" / "rejets.xlsx", "n'existe pas"),
        (source, "fichier lu en entrée"),
        (tmp_path, "c'est un dossier"),
        (Path("/dev/null"), "pas un fichier ordinaire"),
    ):
        result = invoke(
            grenoble_sqlite, "import", str(source), "--entity", "Grenoble", "--rejects", str(target)
        )
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("ecoparc : erreur : --rejects "), result.stderr
        assert message in result.stderr
        assert fingerprint(grenoble_sqlite) == before
    assert source.read_text(encoding="utf-8").startswith("Nom;")


def test_a_file_of_duplicate_rows_is_rejected_in_its_time(
    grenoble_sqlite: str, tmp_path: Path
) -> None:
    """Every row but the first a duplicate (one name without numbers, one serial, one
    asset tag over different serials, 12,000 times each): each is rejected naming its
    first row, within the corpus's CPU budget. Each rejection looked its first row up
    in a pandas MultiIndex, 0.4 ms a row: a 200 MB file of copies ran for hours."""
    copies = 12_000
    lines = ["Nom;Numéro de série;Numéro d'inventaire;Type"]
    lines += ["PC;;;Portable"] * copies
    lines += [f"S-{i};SN-1;;Portable" for i in range(copies)]
    lines += [f"T-{i};SN-T{i};INV-1;Portable" for i in range(copies)]
    path = tmp_path / "copies.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = fingerprint(grenoble_sqlite)
    started = time.process_time()
    result = invoke(
        grenoble_sqlite,
        "import",
        str(path),
        "--entity",
        "Grenoble",
        "--dry-run",
        "--format",
        "json",
    )
    seconds = time.process_time() - started
    assert result.exit_code == 0, result.output
    document = _json(result.stdout)
    assert document["created"] == 3 and document["rejected"] == 3 * (copies - 1)
    reasons = {str(r["row"]): str(r["reason"]) for r in document["rejections"]}  # type: ignore[attr-defined]
    assert reasons["3"].startswith("nom « PC » déjà présent ligne 2 ")
    assert (
        reasons[str(copies + 3)]
        == f"numéro de série « SN-1 » déjà présent ligne {copies + 2} du fichier"
    )
    assert reasons[str(2 * copies + 3)] == (
        f"numéro d'inventaire « INV-1 » déjà présent ligne {2 * copies + 2} pour la même entité"
    )
    assert fingerprint(grenoble_sqlite) == before
    assert seconds < MAX_SECONDS, f"{seconds:.1f} s of CPU"


def test_a_file_name_in_another_encoding(db: str, tmp_path: Path) -> None:
    """A name whose bytes are not UTF-8 (a file copied from an old Windows share) is
    read, and named with « � » where its bytes are not text: in the batch, the summary
    and a refusal (storing it failed at the batch's insert, exit 70)."""
    from sqlalchemy import select

    from fleet.db import get_engine, session_scope
    from fleet.models import ImportBatch

    good = tmp_path / os.fsdecode(b"parc-\xe9t\xe9.csv")
    bad = tmp_path / os.fsdecode(b"r\xe9sum\xe9.xlsx")
    try:
        good.write_text("Nom;Numéro de série;Type\nPC-1;SN-1;Portable\n", encoding="utf-8")
        bad.write_text("pas un classeur", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes no such name")
    result = invoke(db, "import", str(good), "--entity", "Grenoble")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("parc-\ufffdt\ufffd.csv : 1 ligne")
    with session_scope(get_engine(db), commit=True) as session:
        assert session.scalar(select(ImportBatch.file_name)) == "parc-\ufffdt\ufffd.csv"
    refused = invoke(db, "import", str(bad), "--entity", "Grenoble")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "ecoparc : erreur : r\ufffdsum\ufffd.xlsx : ce n'est pas un classeur .xlsx valide "
        "(contenu inattendu)\n"
    )


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_workbook_replaced_while_it_is_read(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook parsed is the bytes checked, not the file opened again: another
    file put in its place right after the checks read it (an export still being
    written, a bomb swapped in) changes nothing of what is read, nor of the SHA-256
    the batch keeps. The swap is made by the real reading of the bytes, wrapped."""
    import hashlib

    from fleet.importing import readers

    def workbook(name: str) -> bytes:
        row = [name, f"SN-{name}", "Portable"]
        if kind == "ods":  # under its header and its device PC-1
            cells = "".join(
                f'<table:table-cell office:value-type="string"><text:p>{c}</text:p>'
                "</table:table-cell>"
                for c in row
            )
            return ods_bytes(f"<table:table-row>{cells}</table:table-row>")
        # A column of numbers and texts: the reference reading, which opens the workbook.
        return xlsx_bytes([["Nom", "Numéro de série", "Type"], row, [12345, 678, "Écran"]])

    path = tmp_path / f"parc.{kind}"
    original = workbook("PC-AVANT")
    path.write_bytes(original)
    read_bytes = readers._read_bytes
    replacement = [workbook("PC-APRES")]

    def read_then_replace(*args: Any) -> bytes:
        data = read_bytes(*args)
        path.write_bytes(replacement[0])
        return data

    monkeypatch.setattr(readers, "_read_bytes", read_then_replace)
    table = readers.read_table(path)
    names = table.frame.iloc[:, 0].tolist()
    assert "PC-AVANT" in names and "PC-APRES" not in names
    assert table.sha256 == hashlib.sha256(original).hexdigest()
    path.write_bytes(original)
    replacement[0] = b"plus un classeur"
    assert readers.list_sheets(path) == ["Parc"]
