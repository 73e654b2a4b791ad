"""Reading and writing factor sets in the ecoparc format (docs/architecture.md §5).

A set is a folder holding ``references.csv``, ``impacts.csv`` and
``electricity.csv`` (UTF-8, comma), or one ``.xlsx`` with sheets of the same
names. An optional ``factor_set.json`` (a ``metadata`` sheet in xlsx, two
columns ``key``/``value``) carries the version, the description and the default
electricity year, so an exported set comes back identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from factors.factor_set import FactorSet, UnreadableFactorFile, csv_problem
from factors.outputs import atomic_path, json_text, write_text
from factors.system_errors import in_words
from factors.validation import OPTIONAL, TABLES, build_factor_set

METADATA_FILE = "factor_set.json"
METADATA_SHEET = "metadata"


_FORMULA_START = ("=", "+", "-", "@")


def _neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting like a formula get a leading apostrophe (docs/architecture.md §9)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind in "biuf":
            continue
        text = out[column].astype(str)
        risky = text.str.startswith(_FORMULA_START)
        out[column] = out[column].where(~risky, "'" + text)
    return out


def _restore(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo _neutralise so an exported set reads back with its original text."""
    out = frame.copy()
    for column in out.columns:
        text = out[column].astype(str)
        guarded = text.str.match(r"^'[=+\-@]")
        out[column] = text.where(~guarded, text.str.slice(1))
    return out


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV as text cells; UTF-8 (with or without BOM), else Windows-1252."""
    last_error: Exception | None = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            return _restore(frame)
        except UnicodeDecodeError as exc:
            last_error = exc
        except pd.errors.EmptyDataError:
            raise UnreadableFactorFile.of(path.name, "fichier vide") from None
        except pd.errors.ParserError as exc:
            raise UnreadableFactorFile.of(path.name, csv_problem(exc)) from None
        except OSError as exc:
            raise UnreadableFactorFile.of(path.name, f"illisible : {in_words(exc)}") from None
    raise UnreadableFactorFile.of(path.name, f"encodage non reconnu : {last_error}")


def _metadata_values(meta: dict[str, object], file: str) -> dict[str, object]:
    """Validated keyword arguments for build_factor_set from the metadata mapping."""
    year = meta.get("electricity_default_year")
    if year in (None, ""):
        year = None
    else:
        try:
            year = int(float(str(year)))
        except ValueError:
            raise UnreadableFactorFile.of(
                file, f"electricity_default_year invalide : {year!r}"
            ) from None
    return {
        "name": str(meta.get("name") or ""),
        "version": str(meta.get("version") or ""),
        "description": str(meta.get("description") or ""),
        "electricity_default_year": year,
    }


def _load_folder(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, object]]:
    raw: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    missing = [t for t in TABLES if not (path / f"{t}.csv").is_file()]
    if missing:
        names = ", ".join(f"{t}.csv" for t in missing)
        raise UnreadableFactorFile.of(
            str(path), f"fichier(s) manquant(s) dans le dossier : {names}"
        )
    for table in TABLES:
        file = path / f"{table}.csv"
        raw[table] = _read_csv(file)
        files[table] = file.name
    meta: dict[str, object] = {}
    meta_file = path / METADATA_FILE
    if meta_file.is_file():
        try:
            loaded = json.loads(meta_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise UnreadableFactorFile.of(
                METADATA_FILE, f"JSON mal formé, ligne {exc.lineno}"
            ) from None
        except UnicodeDecodeError:
            raise UnreadableFactorFile.of(
                METADATA_FILE, "encodage non reconnu (UTF-8 attendu)"
            ) from None
        except OSError as exc:
            raise UnreadableFactorFile.of(METADATA_FILE, f"illisible : {in_words(exc)}") from None
        if not isinstance(loaded, dict):
            raise UnreadableFactorFile.of(METADATA_FILE, "un objet JSON est attendu")
        meta = loaded
    return raw, files, _metadata_values(meta, METADATA_FILE)


def _load_xlsx(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, object]]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="calamine")
    except Exception:  # calamine raises its own error types for corrupt files
        raise UnreadableFactorFile.of(path.name, "classeur illisible ou endommagé") from None
    missing = [t for t in TABLES if t not in sheets]
    if missing:
        raise UnreadableFactorFile.of(path.name, f"feuille(s) manquante(s) : {', '.join(missing)}")
    raw = {t: _restore(sheets[t].fillna("")) for t in TABLES}
    files = {t: f"{path.name}[{t}]" for t in TABLES}
    meta: dict[str, object] = {}
    if METADATA_SHEET in sheets:
        sheet = sheets[METADATA_SHEET].fillna("")
        if {"key", "value"} <= set(sheet.columns):
            meta = dict(zip(sheet["key"], sheet["value"], strict=True))
    return raw, files, _metadata_values(meta, f"{path.name}[{METADATA_SHEET}]")


def load_factor_set(path: Path, name: str | None = None, *, builtin: bool = False) -> FactorSet:
    """Read and validate a set from a folder or an xlsx file.

    The name is ``name`` if given, else the one in the metadata, else the folder
    or file name. Raises UnreadableFactorFile when the files cannot be read and
    FactorSetError (with every problem) when their content is rejected.
    """
    path = Path(path)
    if path.is_dir():
        raw, files, meta = _load_folder(path)
    elif path.is_file() and path.suffix.lower() in {".xlsx", ".xlsm"}:
        raw, files, meta = _load_xlsx(path)
    elif path.exists():
        raise UnreadableFactorFile.of(
            str(path), "un dossier de trois CSV ou un classeur .xlsx est attendu"
        )
    else:
        raise UnreadableFactorFile.of(str(path), "introuvable")
    set_name = name or str(meta["name"]) or path.stem
    year = meta["electricity_default_year"]
    return build_factor_set(
        raw,
        files,
        name=set_name,
        version=str(meta["version"]),
        description=str(meta["description"]),
        builtin=builtin,
        electricity_default_year=year if isinstance(year, int) else None,
    )


def _metadata(fs: FactorSet) -> dict[str, object]:
    return {
        "name": fs.name,
        "version": fs.version,
        "description": fs.description,
        "electricity_default_year": fs.electricity_default_year,
    }


def _columns(table: str, frame: pd.DataFrame) -> list[str]:
    """The columns written for ``table``: the required ones, then the optional ones held."""
    return TABLES[table] + [c for c in OPTIONAL.get(table, []) if c in frame.columns]


def write_factor_set(fs: FactorSet, directory: Path) -> None:
    """Write ``fs`` as a folder of three CSV (plus metadata), or as one xlsx if the path ends so.

    Floats are written at full precision so reading back gives the same values.
    """
    directory = Path(directory)
    tables = {"references": fs.references, "impacts": fs.impacts, "electricity": fs.electricity}
    if directory.suffix.lower() == ".xlsx":
        directory.parent.mkdir(parents=True, exist_ok=True)
        meta = pd.DataFrame(
            {
                "key": list(_metadata(fs)),
                "value": [str(v) if v is not None else "" for v in _metadata(fs).values()],
            }
        )
        with (
            atomic_path(directory) as temporary,
            pd.ExcelWriter(temporary, engine="openpyxl") as writer,
        ):
            for table, frame in tables.items():
                _neutralise(frame[_columns(table, frame)]).to_excel(
                    writer, sheet_name=table, index=False
                )
            meta.to_excel(writer, sheet_name=METADATA_SHEET, index=False)
        return
    directory.mkdir(parents=True, exist_ok=True)
    for table, frame in tables.items():
        with atomic_path(directory / f"{table}.csv") as temporary:
            _neutralise(frame[_columns(table, frame)]).to_csv(
                temporary, index=False, encoding="utf-8", lineterminator="\n"
            )
    write_text(directory / METADATA_FILE, json_text(_metadata(fs)) + "\n")
