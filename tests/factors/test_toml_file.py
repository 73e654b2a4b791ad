"""Settings files (reuse rules, scenario parameters) are bounded before parsing and
refused with one French reason, whatever their bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factors.toml_file import MAX_TOML_BYTES, TomlFileError, read_toml_file


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_a_document_or_a_french_reason(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "regles.toml"
    path.write_bytes(data)
    try:
        assert isinstance(read_toml_file(path), dict)
    except TomlFileError as exc:
        assert str(exc) and "Error" not in str(exc)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("a = 1\nb = = 2\n", "TOML invalide, ligne 2, colonne 5"),
        ("x = [\n", "fin du fichier inattendue"),
        ("a=" + "[" * 100_000, "imbriqués trop profondément"),
        ("# " + "x" * MAX_TOML_BYTES, "fichier trop gros"),
    ],
    ids=["syntax", "truncated", "deep-nesting", "too-large"],
)
def test_refusals_name_the_cause(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "regles.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TomlFileError, match=reason):
        read_toml_file(path)


def test_special_files_are_not_read(tmp_path: Path) -> None:
    """A pipe would block a reader forever: it is refused before any read."""
    fifo = tmp_path / "tube.toml"
    os.mkfifo(fifo)
    for path, reason in (
        (fifo, "pas un fichier ordinaire"),
        (Path("/dev/null"), "pas un fichier ordinaire"),
        (tmp_path, "c'est un dossier"),
        (tmp_path / "absent.toml", "introuvable"),
    ):
        with pytest.raises(TomlFileError, match=reason):
            read_toml_file(path)
