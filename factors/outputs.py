"""Writing output files safely: checked before any work, written whole or not at all.

Every file ecoparc writes (rejects report, workbooks, CSV and JSON reports,
factor set exports) goes through :func:`atomic_path`: the writer fills a
temporary file beside the target, which is renamed onto it only once complete,
so a crash, a full disk or an interrupted command never leaves half a file, and
an existing file is either kept as it was or replaced whole. Output paths are
checked by :func:`check_output_path` before the command starts its work.
:func:`json_text` is the one way to turn a document into JSON: strict JSON,
never ``NaN`` nor ``Infinity``. The rules are in ``docs/import.md`` (« Fichiers
écrits »).

This module sits in ``factors``, the kernel every layer may import, because
``fleet`` (rejects), ``footprint`` (reports) and ``factors`` (exports) all write.
"""

from __future__ import annotations

import errno
import json
import math
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from factors.system_errors import in_words


class OutputPathError(ValueError):
    """An output path that cannot be written: the French message names it."""


def check_output_path(target: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
    """Refuse, before any work, a target that could not be written or would destroy an input.

    The folder must exist and be writable; the target must not be a folder, a
    device or a pipe (a rename would replace it), nor one of ``inputs``.
    """
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputPathError(_no_folder(path, folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"{path} : écriture interdite dans le dossier « {folder} »")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputPathError(write_refusal(path, exc)) from exc
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise OutputPathError(f"{path} : c'est un dossier, pas un fichier")
        if not stat.S_ISREG(mode):
            raise OutputPathError(f"{path} : ce n'est pas un fichier ordinaire")
    for source in inputs:
        if _same_file(path, Path(source)):
            raise OutputPathError(
                f"{path} : c'est le fichier lu en entrée, il serait écrasé "
                "(choisissez un autre nom)"
            )
    return path


def _no_folder(path: Path, folder: Path) -> str:
    """Why ``folder`` takes no file: missing, or one of its parts is a file (a person
    who typed ``notes.txt/vue.csv`` reads that ``notes.txt`` is a file, not that a
    folder is missing)."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                return f"{path} : « {part} » est un fichier, pas un dossier"
            break
    return f"{path} : le dossier « {folder} » n'existe pas"


def write_refusal(target: Path | str, exc: OSError) -> str:
    """The French line for a write of ``target`` the system refused (``exc``): the
    file named and what is wrong in words, never the system's English (« Permission
    denied »); an error number no person meets when writing a file is given as such.
    A missing folder, or a file where a folder should be, is said as
    :func:`check_output_path` says it."""
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    number = exc.errno
    if number in (errno.ENOENT, errno.ENOTDIR) and not folder.is_dir():
        return _no_folder(path, folder)
    if number == errno.ENOENT:  # a folder that makes no files (/proc)
        return f"{path} : le dossier « {folder} » n'accepte pas de fichier"
    if number in (errno.EACCES, errno.EPERM):
        return f"{path} : écriture interdite dans le dossier « {folder} »"
    if number == errno.EROFS:
        return f"{path} : le dossier « {folder} » est en lecture seule"
    if number in (errno.ENOSPC, errno.EDQUOT):
        return f"{path} : plus de place sur le disque"
    if number == errno.EISDIR:
        return f"{path} : c'est un dossier, pas un fichier"
    if number == errno.ENAMETOOLONG:
        return f"{path} : nom de fichier trop long"
    return f"{path} : écriture impossible ({in_words(exc)})"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; renamed onto ``target`` on success.

    The temporary name keeps the extension (writers that infer the format from
    it still work) and starts with a dot; it is removed if the writer fails.
    """
    path = Path(target)
    temporary = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.partiel{path.suffix}")
    try:
        yield temporary
        _flush_to_disk(temporary)
        os.replace(temporary, path)
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()


def _flush_to_disk(path: Path) -> None:
    """Data on disk before the rename, so that a power cut cannot leave an empty file."""
    with suppress(OSError), path.open("rb") as handle:
        os.fsync(handle.fileno())


def write_text(target: Path | str, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding=encoding, newline="")


def write_with(target: Path | str, writer: Callable[[Path], Any]) -> None:
    """Call ``writer`` on a temporary path, then rename it onto ``target``."""
    with atomic_path(target) as temporary:
        writer(temporary)


def finite(document: Any) -> Any:
    """``document`` with every NaN or infinite float replaced by ``None`` (JSON ``null``)."""
    if isinstance(document, float):
        return document if math.isfinite(document) else None
    if isinstance(document, dict):
        return {key: finite(value) for key, value in document.items()}
    if isinstance(document, list | tuple):
        return [finite(value) for value in document]
    if hasattr(document, "item") and hasattr(document, "dtype"):  # numpy scalars
        return finite(document.item())
    return document


def json_text(
    document: Any, *, indent: int | None = 2, default: Callable[[Any], Any] | None = None
) -> str:
    """Strict JSON for ``document``: missing or infinite numbers become ``null``.

    Python's ``json`` writes ``NaN`` and ``Infinity``, which no JSON parser
    accepts; the fast path serialises as is and only walks the document when
    such a number is present.
    """
    options: dict[str, Any] = {"ensure_ascii": False, "indent": indent, "allow_nan": False}
    try:
        return json.dumps(document, default=default, **options)
    except ValueError:
        safe = default and (lambda value: finite(default(value)))
        return json.dumps(finite(document), default=safe, **options)
