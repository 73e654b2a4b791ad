"""Rejection reasons gathered while normalising and validating a table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Rejection:
    """One problem with a row: its number in the file, the column, the value, why."""

    row: int
    column: str
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


#: Values longer than this are shortened in messages (the rejects file keeps them whole).
VALUE_CLIP = 200


def clip(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    text = str(value)
    return text if len(text) <= VALUE_CLIP else text[: VALUE_CLIP - 1] + "…"


@dataclass
class Problems:
    """Problems keyed by frame position; turned into :class:`Rejection` with row numbers."""

    items: list[tuple[int, str, str | None, str]] = field(default_factory=list)

    def add(self, index: int, column: str, value: object, reason: str) -> None:
        self.items.append((int(index), column, clip(value), reason))

    def add_mask(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        raw: pd.Series | None,
        reason: str | pd.Series,
    ) -> None:
        """Record ``reason`` (one text, or one per row) for every row where ``mask`` holds."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(positions):
            return
        values = (
            raw.to_numpy(dtype=object)[positions] if raw is not None else [None] * len(positions)
        )
        reasons = (
            reason.to_numpy(dtype=object)[positions]
            if isinstance(reason, pd.Series)
            else [reason] * len(positions)
        )
        self.add_rows(positions, column, values, reasons)

    def add_rows(
        self,
        positions: Iterable[int],
        column: str,
        values: Iterable[object],
        reasons: Iterable[str],
    ) -> None:
        """Record one problem per position, its value and its reason: a whole file of
        rejected rows (every row the duplicate of the first) is recorded in one pass,
        without a pandas look-up per row."""
        for position, value, why in zip(positions, values, reasons, strict=True):
            self.items.append((int(position), column, clip(value), str(why)))

    def rows(self) -> np.ndarray:
        """Frame positions with at least one problem."""
        return np.unique(np.array([i for i, *_ in self.items], dtype=np.int64))

    def rejections(self, row_numbers: np.ndarray) -> list[Rejection]:
        ordered = sorted(self.items, key=lambda item: item[0])
        return [Rejection(int(row_numbers[i]), c, v, r) for i, c, v, r in ordered]
