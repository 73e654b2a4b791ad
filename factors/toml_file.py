"""Reading a settings file a person wrote (reuse rules, scenario parameters): TOML,
bounded before parsing, refused with one French reason.

The same promises as the inventory import (docs/import.md): a regular file only
(a pipe or a device would be read forever), a size limit, UTF-8, and no
library text or traceback reaching the person, even for a file nested deeply
enough to exhaust Python's recursion.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from factors.system_errors import in_words

#: A settings file is a few kilobytes; anything larger is not one.
MAX_TOML_BYTES = 1024 * 1024


class TomlFileError(ValueError):
    """The file cannot be read as TOML; the message is the French reason, without the path."""


def _bytes(path: Path) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise TomlFileError("fichier introuvable") from None
    except IsADirectoryError:
        raise TomlFileError("c'est un dossier, pas un fichier") from None
    except OSError as exc:
        raise TomlFileError(f"lecture impossible ({in_words(exc)})") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise TomlFileError("c'est un dossier, pas un fichier")
        if not stat.S_ISREG(info.st_mode):
            raise TomlFileError("ce n'est pas un fichier ordinaire")
        data = os.read(descriptor, MAX_TOML_BYTES + 1)
    finally:
        os.close(descriptor)
    if len(data) > MAX_TOML_BYTES:
        raise TomlFileError(
            f"fichier trop gros pour des paramètres (plus de {MAX_TOML_BYTES // 1024} Ko)"
        )
    return data


def _where(exc: tomllib.TOMLDecodeError) -> str:
    """Where tomllib stopped, in French (its message is English)."""
    found = re.search(r"line (\d+), column (\d+)", str(exc))
    if found:
        return f", ligne {found.group(1)}, colonne {found.group(2)}"
    return " : fin du fichier inattendue" if "end of document" in str(exc) else ""


def read_toml_file(path: Path) -> dict[str, Any]:
    """The file's TOML document; :class:`TomlFileError` with a French reason otherwise."""
    data = _bytes(Path(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TomlFileError("encodage non reconnu : un fichier texte UTF-8 est attendu") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlFileError(f"TOML invalide{_where(exc)}") from None
    except RecursionError:
        raise TomlFileError("TOML invalide : tableaux imbriqués trop profondément") from None
