"""Errors of the import pipeline, each carrying the command-line exit code."""

from __future__ import annotations

from pathlib import Path


class ImportFileError(Exception):
    """The file cannot be read as a table (exit code 2): the message names it."""

    exit_code = 2

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name} : {problem}")


class ImportOptionError(Exception):
    """Options that cannot apply to the file: unknown entity, profile or field (exit 1)."""

    exit_code = 1
