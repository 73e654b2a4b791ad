"""Reading any asset export into a table of text cells with its header found.

Spreadsheets (xlsx, xls, ods) are read with python-calamine, openpyxl being the
fallback for xlsx files calamine refuses; CSV files have their encoding
(UTF-8, UTF-8 with BOM, UTF-16, Windows-1252, even mixed line by line) and
delimiter (``;``, tab, ``,``) sniffed. Every cell becomes text — numbers
without a spurious ``.0``, dates in ISO — so that one normaliser handles every
source. Title rows above the header, blank rows, repeated header rows, totals
rows and vertically merged cells are dealt with here; what is left is one row
per device or lot, with its row number in the file for messages.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import python_calamine

from factors.text import fold_key

from .errors import ImportFileError
from .mapping import header_key, header_score

#: Rows scanned for the header (title blocks rarely exceed a few lines).
HEADER_SCAN_ROWS: Final[int] = 30
CFB_MAGIC: Final[bytes] = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC: Final[bytes] = b"PK\x03\x04"
_ENCRYPTION_MARK: Final[bytes] = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME: Final[bytes] = b"application/vnd.oasis.opendocument.spreadsheet"
_TOTAL = re.compile(r"^(?:sous[- ]?)?totale?s?\b|^totaux\b|^somme\b|^grand total\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS: Final[tuple[str, ...]] = (";", "\t", ",", "|")

# A 1 MB cell is a problem to report, not a reason to crash the CSV parser.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))

Progress = Callable[[str, int, int], None]


@dataclass
class RawTable:
    """One table read from a file: text cells under their (deduplicated) headers."""

    path: Path
    frame: pd.DataFrame
    #: Row number in the file (1-based, as a spreadsheet shows it) of each frame row.
    rows: np.ndarray
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sha256: str = ""
    kind: str = "csv"

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise ImportFileError(path, "fichier introuvable")
    if path.is_dir():
        raise ImportFileError(path, "c'est un dossier, pas un fichier")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path, f"lecture impossible ({exc.strerror})") from exc
    if not data.strip():
        raise ImportFileError(path, "fichier vide")
    return data


def _file_kind(path: Path, data: bytes) -> str:
    """xlsx, ods, xls or csv, from the content: a renamed file is read for what it is."""
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").startswith(_ODS_MIME):
                    return "ods"
                if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                    return "xlsx"
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ImportFileError(
                path, "classeur tronqué ou endommagé (archive zip illisible)"
            ) from exc
        raise ImportFileError(path, "archive zip qui n'est pas un classeur xlsx ni ods")
    if data.startswith(CFB_MAGIC):
        if _ENCRYPTION_MARK in data:
            raise ImportFileError(
                path,
                "classeur chiffré (protégé par mot de passe) : enregistrez-le sans mot de "
                "passe puis réessayez",
            )
        return "xls"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise ImportFileError(
            path, f"ce n'est pas un classeur {path.suffix.lower()} valide (contenu inattendu)"
        )
    return "csv"


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: 12.0 → "12", dates in ISO, booleans oui/non."""
    if value.__class__ is str:
        return str(value)
    if value.__class__ is float:
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta | time):
        return str(value)
    if value is None:
        return ""
    return str(value)


# --- spreadsheets ---------------------------------------------------------------------------


def _open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise ImportFileError(path, "classeur protégé par mot de passe") from exc
    except Exception as exc:  # calamine raises several unrelated types
        raise ImportFileError(path, f"classeur illisible ou endommagé ({_short(exc)})") from exc


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _worksheets(book: python_calamine.CalamineWorkbook) -> list[str]:
    names = [
        m.name
        for m in book.sheets_metadata
        if m.typ == python_calamine.SheetTypeEnum.WorkSheet
        and m.visible == python_calamine.SheetVisibleEnum.Visible
    ]
    return names or list(book.sheet_names)


def list_sheets(path: Path) -> list[str]:
    """The worksheets of a workbook, in order (empty list for a CSV file)."""
    path = Path(path)
    data = _read_bytes(path)
    if _file_kind(path, data) == "csv":
        return []
    with _open_workbook(path) as book:
        return _worksheets(book)


def _pick_sheet(
    path: Path,
    book: python_calamine.CalamineWorkbook,
    names: list[str],
    wanted: str | None,
    hints: set[str],
) -> str:
    if wanted is not None:
        if wanted in book.sheet_names:
            return wanted
        folded = {fold_key(n): n for n in book.sheet_names}
        if fold_key(wanted) in folded:
            return folded[fold_key(wanted)]
        raise ImportFileError(
            path, f"feuille « {wanted} » introuvable (feuilles : {', '.join(book.sheet_names)})"
        )
    if len(names) == 1:
        return names[0]
    best, best_score = names[0], (-1, -1)
    for name in names:
        try:
            head = book.get_sheet_by_name(name).to_python(
                skip_empty_area=False, nrows=HEADER_SCAN_ROWS
            )
        except Exception:  # noqa: BLE001 - an unreadable sheet is just not the inventory
            continue
        rows = [[_cell_text(c) for c in r] for r in head]
        score = max((_row_score(r, hints) for r in rows), default=0)
        filled = sum(1 for r in rows if any(c.strip() for c in r))
        if (score, filled) > best_score:
            best, best_score = name, (score, filled)
    return best


def _merge_down(rows: list[list[str]], ranges: Iterable[Any] | None, first_data: int) -> None:
    """Copy a merged cell's value into every cell it covers (below the header)."""
    for (r0, c0), (r1, c1) in ranges or ():
        if r1 < first_data or r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(max(r0, first_data), min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] is None or row[c] == "":
                    row[c] = value


def _read_spreadsheet(
    path: Path, kind: str, sheet: str | None, hints: set[str]
) -> tuple[list[list[Any]], str, list[str], list[Any] | None]:
    with _open_workbook(path) as book:
        names = _worksheets(book)
        if not names:
            raise ImportFileError(path, "le classeur ne contient aucune feuille")
        chosen = _pick_sheet(path, book, names, sheet, hints)
        try:
            ws = book.get_sheet_by_name(chosen)
            cells = ws.to_python(skip_empty_area=False)
            merged = ws.merged_cell_ranges
        except Exception as exc:  # noqa: BLE001
            if kind != "xlsx":
                raise ImportFileError(
                    path, f"feuille « {chosen} » illisible ({_short(exc)})"
                ) from exc
            cells, merged = _read_with_openpyxl(path, chosen)
    return cells, chosen, names, merged


def _read_with_openpyxl(path: Path, sheet: str) -> tuple[list[list[Any]], list[Any]]:
    """Fallback for workbooks calamine cannot parse (unusual writers)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError(path, f"classeur illisible ({_short(exc)})") from exc
    ws = book[sheet]
    merged = [
        ((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1))
        for r in ws.merged_cells.ranges
    ]
    cells = [list(r) for r in ws.iter_rows(values_only=True)]
    book.close()
    return cells, merged


# --- CSV --------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding used; mixed UTF-8 / Windows-1252 files decode line by line."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    path, f"encodage non pris en charge (marque {encoding} mais octets invalides)"
                ) from exc
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            path, "contenu binaire : ce n'est ni un classeur (xlsx, ods) ni un fichier CSV"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    decoded: list[str] = []
    utf8_lines = 0
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_lines += any(b > 0x7F for b in line)
        except UnicodeDecodeError:
            try:
                decoded.append(line.decode("cp1252"))
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    path,
                    f"encodage non pris en charge à la ligne {number} (ni UTF-8 ni Windows-1252)",
                ) from exc
    return "".join(decoded), ("utf-8+cp1252" if utf8_lines else "cp1252")


def _sniff_delimiter(text: str) -> str:
    sample_lines = [line for line in text[:200_000].splitlines() if line.strip()][:60]
    sample = "\n".join(sample_lines)
    best, best_score = ";", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        if not counts:
            continue
        values, freq = np.unique(np.array(counts), return_counts=True)
        order = np.lexsort((values, freq))
        mode, mode_freq = int(values[order[-1]]), int(freq[order[-1]])
        score = (mode_freq if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, data: bytes) -> tuple[list[list[str]], str, str]:
    text, encoding = _decode(path, data)
    if len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise ImportFileError(
            path, "contenu binaire : ce n'est ni un classeur (xlsx, ods) ni un fichier CSV"
        )
    delimiter = _sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(path, f"CSV mal formé ({exc})") from exc
    return rows, encoding, delimiter


# --- header and body --------------------------------------------------------------------------


def _row_score(cells: list[str], hints: set[str]) -> int:
    score = header_score(cells)
    if hints:
        score += sum(1 for c in cells if c and header_key(c) in hints)
    return score


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d\s.,]+", text))


def _find_header(rows: list[list[str]], hints: set[str]) -> int | None:
    """Index of the header row: the best-scoring row of known headers, else the first
    row of two or more non-numeric labels that is followed by data."""
    scan = rows[:HEADER_SCAN_ROWS]
    scores = [_row_score(r, hints) for r in scan]
    if scores and max(scores) >= 2:
        return scores.index(max(scores))
    for index, row in enumerate(scan[:-1]):
        filled = [c.strip() for c in row if c.strip()]
        if len(filled) >= 2 and not any(_is_number(c) for c in filled):
            return index
    return None


def _column_names(header: list[str]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = " ".join(cell.split()) or f"Colonne {_letters(index)}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_column(values: tuple[Any, ...]) -> pd.Series:
    """One column of cells as stripped text, missing where empty."""
    if not set(map(type, values)) <= {str}:
        values = tuple(v if v.__class__ is str else _cell_text(v) for v in values)
    series = pd.Series(pa.array(values, type=pa.large_string()), dtype="str")
    series = series.str.strip()
    return series.mask(series == "")


def _table(
    path: Path, cells: list[list[Any]], hints: set[str], merged: list[Any] | None, where: str
) -> tuple[pd.DataFrame, np.ndarray, int]:
    head = [[_cell_text(c) for c in r] for r in cells[:HEADER_SCAN_ROWS]]
    if not any(any(c.strip() for c in r) for r in head) and not any(
        any(_cell_text(c).strip() for c in r) for r in cells[HEADER_SCAN_ROWS:]
    ):
        raise ImportFileError(path, f"{where}vide" if where else "fichier vide (aucune cellule)")
    header_index = _find_header(head, hints)
    if header_index is None:
        raise ImportFileError(
            path,
            f"{where}aucune ligne d'en-tête trouvée dans les {HEADER_SCAN_ROWS} premières lignes",
        )
    width = max(len(r) for r in cells)
    header = list(head[header_index]) + [""] * (width - len(head[header_index]))
    _merge_down(cells, merged, header_index + 1)
    body = cells[header_index + 1 :]
    if not body:
        raise ImportFileError(path, f"{where}aucune ligne de données sous l'en-tête")
    if any(len(r) != width for r in body):
        body = [r + [""] * (width - len(r)) for r in body]
    names = _column_names(header)
    frame = pd.DataFrame(
        {names[i]: _text_column(values) for i, values in enumerate(zip(*body, strict=True))}
    )
    numbers = np.arange(header_index + 2, header_index + 2 + len(body))
    filled = frame.notna()
    keep = filled.any(axis=1).to_numpy().copy()
    # The first filled cell of each row: "Total", "Sous-total", "Somme"… end a table.
    first = frame.iloc[:, 0]
    for column in frame.columns[1:]:
        first = first.fillna(frame[column])
    maybe_total = first.str.match(r"(?i)\s*(sous|tot|somme|grand)").fillna(False).to_numpy()
    for position in np.flatnonzero(maybe_total):
        if _TOTAL.match(fold_key(str(first.iat[int(position)]))):
            keep[position] = False
    # A header repeated by concatenated exports.
    stripped = [h.strip() or None for h in header]
    if stripped[0] is not None:
        candidates = (frame.iloc[:, 0] == stripped[0]).fillna(False).to_numpy()
        for position in np.flatnonzero(candidates):
            row = [None if v is pd.NA or v != v else v for v in frame.iloc[position]]
            if row == stripped:
                keep[position] = False
    frame = frame.loc[keep].reset_index(drop=True)
    empty_unnamed = [
        names[i] for i, h in enumerate(header) if not h.strip() and frame[names[i]].isna().all()
    ]
    frame = frame.drop(columns=empty_unnamed)
    if frame.empty:
        raise ImportFileError(path, f"{where}aucune ligne de données sous l'en-tête")
    return frame, numbers[keep], header_index + 1


def read_table(
    path: Path,
    sheet: str | None = None,
    *,
    hints: Iterable[str] = (),
    progress: Progress | None = None,
) -> RawTable:
    """Read a CSV file or a workbook sheet; raise :class:`ImportFileError` if it is not a table.

    ``hints`` are header names the caller expects (from a saved profile or an
    explicit mapping): they help find the header row of unusual files.
    """
    path = Path(path)
    if progress:
        progress("read", 0, 1)
    data = _read_bytes(path)
    kind = _file_kind(path, data)
    hint_keys = {header_key(h) for h in hints if h}
    if kind == "csv":
        if sheet is not None:
            raise ImportFileError(path, f"un fichier CSV n'a pas de feuille (« {sheet} » demandée)")
        rows, encoding, delimiter = _read_csv(path, data)
        frame, numbers, header_row = _table(path, rows, hint_keys, None, "")
        table = RawTable(
            path,
            frame,
            numbers,
            header_row=header_row,
            encoding=encoding,
            delimiter=delimiter,
            sha256=_sha256(data),
            kind=kind,
        )
    else:
        rows, chosen, names, merged = _read_spreadsheet(path, kind, sheet, hint_keys)
        frame, numbers, header_row = _table(
            path, rows, hint_keys, merged, f"feuille « {chosen} » : "
        )
        table = RawTable(
            path,
            frame,
            numbers,
            sheet=chosen,
            sheets=names,
            header_row=header_row,
            sha256=_sha256(data),
            kind=kind,
        )
    if progress:
        progress("read", 1, 1)
    return table
