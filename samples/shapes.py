"""What every sample file is made of (:class:`Line`, :class:`SampleFile`) and the
helpers the writers share (records, user names, French numbers, pinned xlsx).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
from openpyxl import Workbook

from .base import FIXED_TIMESTAMP
from .catalogue import PERSONAL
from .labels import FIRST_NAMES, LAST_NAMES


@dataclass
class Line:
    """One line (csv) or row (xlsx) of a generated file, as the user sees it."""

    values: list[Any]
    kind: str = "data"  # data | header | title | blank | total | repeated_header
    category: str = ""
    status: str = ""
    quantity: int = 1
    entity: str = ""
    acquisition: str = ""
    reject: str = ""


@dataclass
class SampleFile:
    """A generated inventory file and what an importer must make of it."""

    name: str
    fmt: str
    entity: str | None
    lines: list[Line]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    entity_column: str | None = None
    #: Column the acquisition is read from, when the format carries it.
    acquisition_column: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def manifest(self) -> dict[str, Any]:
        data = [(i, line) for i, line in enumerate(self.lines, start=1) if line.kind == "data"]
        kept = [line for _, line in data if not line.reject]
        header = next(i for i, line in enumerate(self.lines, start=1) if line.kind == "header")
        return {
            "file": self.name,
            "format": self.fmt,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "entity": self.entity,
            "entity_column": self.entity_column,
            "header_row": header,
            "data_rows": len(data),
            "records": len(kept),
            "units": sum(line.quantity for line in kept),
            **_breakdowns(kept),
            "acquisition_column": self.acquisition_column,
            "by_acquisition_units": _acquisitions(kept) if self.acquisition_column else None,
            "rejects": [{"row": i, "reason": line.reject} for i, line in data if line.reject],
            "ignored_rows": [
                {"row": i, "kind": line.kind}
                for i, line in enumerate(self.lines, start=1)
                if line.kind not in ("data", "header")
            ],
            **self.notes,
        }


def _breakdowns(lines: Iterable[Line]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {
        k: Counter()
        for k in (
            "by_category",
            "by_category_units",
            "by_status",
            "by_status_units",
            "by_entity",
            "by_entity_units",
        )
    }
    for line in lines:
        for key, value in (
            ("category", line.category),
            ("status", line.status),
            ("entity", line.entity),
        ):
            out[f"by_{key}"][value] += 1
            out[f"by_{key}_units"][value] += line.quantity
    return {k: dict(sorted(v.items())) for k, v in out.items()}


def _acquisitions(lines: Iterable[Line]) -> dict[str, int]:
    units: Counter[str] = Counter()
    for line in lines:
        units[line.acquisition] += line.quantity
    return dict(sorted(units.items()))


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with ``None`` for missing values and ``date`` for dates."""
    clean = frame.astype(object).where(frame.notna(), None)
    rows = cast(list[dict[str, Any]], clean.to_dict("records"))
    for row in rows:
        for key in ("purchase_date", "retirement_date"):
            if row[key] is not None:
                row[key] = row[key].date()
    return rows


def make_line(values: list[Any], row: dict[str, Any], reject: str = "") -> Line:
    return Line(
        values,
        category=row["category"],
        status=row["status"],
        quantity=int(row["quantity"]),
        entity=row["entity"],
        acquisition=row["acquisition"],
        reject=reject,
    )


def fr_number(value: float | None, thousands: str = " ") -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "\x00").replace(".", ",")
    return text.replace("\x00", thousands)


def draw_user_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    first = np.array(FIRST_NAMES, dtype=object)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)]
    return first, last


def ascii_login(first: str, last: str) -> str:
    table = str.maketrans("éèëêàçïîôÉ", "eeeeaciioE")
    return f"{first[0]}{last}".translate(table).lower().replace(" ", "")


def draw_has_user(rng: np.random.Generator, rows: list[dict[str, Any]]) -> np.ndarray:
    personal = np.array([r["category"] in PERSONAL and r["status"] == "in_service" for r in rows])
    return personal & (rng.random(len(rows)) < 0.75)


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with pinned timestamps so that the file's bytes depend only on its content."""
    wb.properties.creator = "ecoparc samples"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    _pin_zip(tmp, path)
    tmp.unlink()


def _pin_zip(source: Path, target: Path) -> None:
    """Rewrite an xlsx with fixed entry times and core-properties dates.

    openpyxl stamps ``dcterms:modified`` with the clock at save time and zip
    entries with the local time; both would make every run differ.
    """
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                xml = src.read(info).decode("utf-8")
                xml = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{stamp}\g<2>",
                    xml,
                )
                dst.writestr(pinned, xml.encode("utf-8"))
                continue
            with src.open(info) as fin, dst.open(pinned, "w") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)


def write_csv(
    sample: SampleFile, path: Path, *, quoting: Literal[0, 1, 2, 3], newline: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=sample.delimiter or ",", quoting=quoting, lineterminator=newline
    )
    for line in sample.lines:
        writer.writerow(["" if v is None else v for v in line.values])
    path.write_bytes(buffer.getvalue().encode(sample.encoding or "utf-8"))
