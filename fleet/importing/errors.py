"""Errors of the import pipeline, each carrying the command-line exit code."""

from __future__ import annotations

import os
from pathlib import Path


def shown_path(path: Path | str) -> str:
    """The path as a text that a database, a terminal and a file take: the bytes of a
    name that are not the system's encoding (a file copied from an old share, named in
    Latin-1) come from Python as lone surrogates, which no UTF-8 writer accepts (the
    import batch's insert failed, then the crash report); they are shown as « � »."""
    return os.fsencode(path).decode("utf-8", "replace")


class ImportFileError(Exception):
    """The file cannot be read as a table (exit code 2): the message names it."""

    exit_code = 2

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{shown_path(self.path.name)} : {problem}")


class ImportOptionError(Exception):
    """Options that cannot apply to the file: unknown entity, profile or field (exit 1)."""

    exit_code = 1
