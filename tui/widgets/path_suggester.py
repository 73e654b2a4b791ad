"""Completion of file paths in an Input (→ accepts the suggestion)."""

from __future__ import annotations

from pathlib import Path

from textual.suggester import Suggester

#: Files the importer reads; folders are always offered.
IMPORTABLE = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".tsv")


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(
                p.name + ("/" if p.is_dir() else "")
                for p in folder.iterdir()
                if p.name.startswith(stem)
                and not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in IMPORTABLE)
            )
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(stem) :]
