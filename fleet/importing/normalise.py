"""From mapped text columns to typed device values, one column at a time.

Every parser runs once per *distinct* value of a column and the results are
mapped back onto the rows, so a 100,000-row file with a few thousand distinct
dates costs a few thousand parses. Values that cannot be read become problems
(with the French reason) instead of exceptions; an empty cell stays missing,
which later means "do not change" on update and "use the default" on creation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from factors.locale import format_number
from factors.manufacturers import canonical_manufacturer, split_manufacturer
from factors.normalise import manufacturer_in_model
from factors.numecoeval import CATEGORY_TYPES

from .categories import (
    category_from_model,
    category_from_type,
    fold,
    shared_type,
    suggest_category,
)
from .fields import DEVICE_TEXT_FIELDS, FIELDS, VAT_RATE
from .limits import DEFAULT_LIMITS, Limits
from .mapping import header_key
from .problems import Problems
from .pseudonyms import Pseudonymiser
from .readers import RawTable
from .values import (
    ACQUISITION_WORDS,
    FALSE_WORDS,
    PLACEHOLDERS,
    STATUS_WORDS,
    TRUE_WORDS,
    grade,
    header_unit,
    lookup,
    parse_capacity,
    parse_date,
    parse_number,
    second_hand,
    storage_kind,
)

#: Missing-value sentinel used in the object columns of the normalised frame.
MISSING = None


@dataclass
class Normalised:
    """The typed values of a table, with the problems found and what the file provides."""

    frame: pd.DataFrame
    problems: Problems
    #: Source column of each field, for messages.
    source: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)


def _distinct(
    series: pd.Series,
    parse: Callable[[str], Any],
    fast: Callable[[pd.Series], pd.Series] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Apply ``parse`` to each distinct value: (values, error texts), aligned on the rows.

    ``fast`` is a vectorised reader for the common spellings; ``parse`` only
    sees the values it could not read. The column is factorised once: the results
    of its distinct values are put in place by position (:func:`_spread`), not
    looked up row by row in a dictionary.
    """
    done = fast(series) if fast is not None else None
    codes, uniques = pd.factorize(series)
    wanted = codes >= 0
    if done is not None:
        wanted &= done.isna().to_numpy()
    results: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for value in uniques[np.unique(codes[wanted])] if wanted.any() else ():
        try:
            results[value] = parse(value)
        except ValueError as exc:
            errors[value] = str(exc)
    values = _spread(series, codes, uniques, results, MISSING)
    if done is not None:
        if results and pd.api.types.is_datetime64_any_dtype(done):
            values = pd.to_datetime(values, errors="coerce")
        values = done.where(done.notna(), values) if results else done
    reasons = _spread(series, codes, uniques, errors, np.nan)
    return values, reasons


def _spread(
    series: pd.Series, codes: np.ndarray, uniques: Any, found: dict[str, Any], empty: Any
) -> pd.Series:
    """``series.map(found)`` (or ``empty`` everywhere when nothing was found), from the
    factorised column: the mapping is made on its distinct values (and one missing
    value if it has any), which gives the same type as mapping every row, then
    taken by position."""
    if not found:
        return pd.Series(empty, index=series.index)
    missing = codes < 0
    probe = pd.Series([*uniques, None] if missing.any() else list(uniques), dtype=series.dtype)
    positions = np.where(missing, len(uniques), codes)
    return pd.Series(probe.map(found).array.take(positions), index=series.index)


def _fast_number(series: pd.Series) -> pd.Series:
    """Plain numbers (``1234.5``) and French ones (``1 234,50 €``) without a Python loop;
    only spellings :func:`values.parse_number` reads the same way (not ``1e5``, ``.5``)."""
    plain = series.str.fullmatch(r"[+-]?\d+(?:\.\d+)?").fillna(False).to_numpy(dtype=bool)
    values = pd.Series(np.nan, index=series.index, dtype="float64")
    if plain.any():
        values[plain] = pd.to_numeric(series[plain], errors="coerce").astype("float64")
    rest = values.isna() & series.notna()
    if rest.any():
        cleaned = (
            series[rest]
            .str.replace("€", " ", regex=False)
            .str.replace(r"[\s\u00a0\u202f]+", " ", regex=True)
            .str.strip()
        )
        # Digits grouped by three (« 1 234 ») or not at all; « 1 2 3 » goes to parse_number.
        french = cleaned.str.fullmatch(r"-?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?").fillna(False)
        values[french[french].index] = pd.to_numeric(
            cleaned[french].str.replace(" ", "", regex=False).str.replace(",", ".", regex=False),
            errors="coerce",
        )
    values = values.astype("float64")
    # « inf » or hundreds of digits parse as ±inf here: leave them to parse_number's reason.
    return values.where(~np.isinf(values))


def _fast_date(series: pd.Series) -> pd.Series:
    """ISO and dd/mm/yyyy dates without a Python loop."""
    values = pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
    rest = values.isna() & series.notna()
    if rest.any():
        values[rest] = pd.to_datetime(series[rest], format="%d/%m/%Y", errors="coerce")
    # Years out of 1900–2200 are left to parse_date, which gives the reason.
    years = values.dt.year
    return values.where(values.isna() | ((years >= 1900) & (years <= 2200)), pd.NaT)


def _record_errors(problems: Problems, reasons: pd.Series, column: str, raw: pd.Series) -> None:
    mask = reasons.notna().to_numpy()
    if mask.any():
        problems.add_mask(mask, column, raw, reasons)


#: What :func:`_text` rewrites, as UTF-8 bytes: two spaces, a tab, a line end, a
#: no-break space (``C2 A0`` is that character wherever it stands in UTF-8).
_SPACING = (b"  ", b"\t", b"\n", b"\r", "\u00a0".encode())


def _maybe_spaced(series: pd.Series) -> bool:
    """Whether some cell may hold what :func:`_text` rewrites: False when the bytes of
    an Arrow-backed column hold none of it (a search of its data buffer, some
    milliseconds fewer a column than the regular expression over its cells, which
    decides when this says True)."""
    if not isinstance(series.array, pd.arrays.ArrowStringArray):
        return True
    column = pa.array(series.array)
    for chunk in column.chunks if isinstance(column, pa.ChunkedArray) else [column]:
        data = chunk.buffers()[2]  # the cells' bytes (a sliced column: more of them)
        content = b"" if data is None else data.to_pybytes()
        if any(mark in content for mark in _SPACING):
            return True
    return False


def _text(series: pd.Series) -> pd.Series:
    """Single spaces inside, missing when empty (the reader already stripped the ends)."""
    if not _maybe_spaced(series):
        return series.mask(series == "")
    spaced = series.str.contains("  |[\t\n\r\u00a0]", regex=True).fillna(False)
    if spaced.any():
        series = series.copy()
        series[spaced] = series[spaced].str.replace(r"\s+", " ", regex=True).str.strip()
    return series.mask(series == "")


def _identifier(series: pd.Series) -> pd.Series:
    """Serials and asset tags: placeholders (``N/A``, ``To be filled by O.E.M.``) are missing."""
    cleaned = _text(series)
    folded = cleaned.str.lower().str.strip(" .")
    return cleaned.mask(
        folded.isin(PLACEHOLDERS) | folded.str.fullmatch(r"[0\-_.x* ]+").fillna(False)
    )


def _text_field(
    name: str, series: pd.Series | None, source: str, problems: Problems
) -> pd.Series | None:
    """A text field's cells cleaned, a value longer than the database holds rejected
    (None: the file has no such column)."""
    if series is None:
        return None
    cleaned = _identifier(series) if name in ("serial", "asset_tag") else _text(series)
    limit = FIELDS[name].max_length
    if limit:
        too_long = (cleaned.str.len() > limit).fillna(False).to_numpy()
        if too_long.any():
            lengths = cleaned.str.len().astype("Int64").astype(str)
            problems.add_mask(
                too_long,
                source,
                series,
                "valeur trop longue (" + lengths + f" caractères, {limit} au plus)",
            )
            cleaned = cleaned.mask(too_long)
    return cleaned.astype(object).where(cleaned.notna(), MISSING)


#: The fields that place a row (its entity and site) and identify its device.
PLACE_AND_IDENTITY = ("entity", "site", "name", "asset_tag", "serial")


def place_and_identity(
    raw: pd.DataFrame, mapping: dict[str, str], fields: tuple[str, ...] = PLACE_AND_IDENTITY
) -> tuple[pd.DataFrame, bool]:
    """``fields`` (some of :data:`PLACE_AND_IDENTITY`) of the rows of ``raw`` as
    :func:`normalise` writes them, and whether every cell was read without a problem.

    What an import needs of a row it recognises by its hash (recognise.py): where
    it goes, and the keys the file's duplicate check compares.
    """
    by_field = {f: c for c, f in mapping.items() if c in raw.columns}
    problems = Problems()
    out = pd.DataFrame(index=raw.index)
    for name in fields:
        source = by_field.get(name)
        series = raw[source] if source is not None else None
        cleaned = _text_field(name, series, source or "", problems)
        out[name] = MISSING if cleaned is None else cleaned
    return out, not problems.items


def normalise(
    table: RawTable,
    mapping: dict[str, str],
    *,
    pseudonym: Pseudonymiser | None,
    today: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
    whole: pd.DataFrame | None = None,
) -> Normalised:
    """Typed device values for every row of ``table`` under ``mapping`` (column → field).

    ``whole`` is the file's whole table when ``table`` holds only some of its rows
    (the others recognised by their hash, recognise.py): what depends on every row
    of the file (a storage type column left empty throughout, the count of prices
    converted from TTC) is then decided on it, as for a full import.
    """
    today = today or date.today()
    raw = table.frame
    by_field = {f: c for c, f in mapping.items() if c in raw.columns}
    n = len(raw)
    problems = Problems()
    raw = _without_spreadsheet_errors(raw, by_field, problems)
    out = pd.DataFrame(index=raw.index)
    options: dict[str, Any] = {}

    def column(name: str) -> pd.Series | None:
        source = by_field.get(name)
        return raw[source] if source is not None else None

    # Plain text fields, with their database length checked.
    for name in (*DEVICE_TEXT_FIELDS, "entity", "site"):
        cleaned = _text_field(name, column(name), by_field.get(name, ""), problems)
        out[name] = MISSING if cleaned is None else cleaned

    model_text = _manufacturers(out)
    _category(out, model_text, column("category"), by_field.get("category"), problems)
    _quantity(out, column("quantity"), by_field.get("quantity"), problems, limits.max_quantity)
    for name in ("purchase_date", "commissioning_date", "retirement_date"):
        _dates(out, name, column(name), by_field.get(name), problems, today)
    _prices(out, column("price_eur"), column("price_ttc"), by_field, problems, options)
    if whole is not None and "price_ttc" in by_field:
        options["prices_converted_to_ht"] = _converted(whole[by_field["price_ttc"]])
    types: pd.Series | None = out["storage_type"]
    untyped = bool(pd.Series(types).isna().all())
    if untyped and whole is not None and "storage_type" in by_field:
        # Only when none of these rows has a type: one that has answers for the file.
        types = _text_field("storage_type", whole[by_field["storage_type"]], "", Problems())
        untyped = bool(pd.Series(types).isna().all())
    _numbers(out, column, by_field, problems, untyped)
    _status(out, column("status"), by_field.get("status"), problems)
    supplier = _condition(out, column("acquisition"), by_field.get("condition"))
    _acquisition(out, column, by_field, problems, supplier)
    _user(out, column("user"), by_field.get("user"), pseudonym, problems)
    _classified(out, column("classified"), by_field.get("classified"), problems)
    if n:
        out.index = pd.RangeIndex(n)
    return Normalised(out, problems, dict(by_field.items()), options)


#: What a spreadsheet shows, and writes into a CSV export, in a cell whose formula
#: fails: Excel's errors in English and in French, LibreOffice's « Err:502 ».
_SPREADSHEET_ERROR: Final = (
    r"#(?:N/A|N/D|NA|DIV/0!|REF!|VALUE!|VALEUR!|NAME\?|NOM\?|NUM!|NOMBRE!|NULL!|NUL!"
    r"|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!)"
    r"|ERR:[0-9]{3}"
)
SPREADSHEET_ERROR_REASON: Final = "cellule en erreur dans le tableur : formule à corriger"


def _without_spreadsheet_errors(
    raw: pd.DataFrame, by_field: dict[str, str], problems: Problems
) -> pd.DataFrame:
    """``raw`` without the cells of mapped columns that hold a spreadsheet error
    (« #N/A », « #REF! »…), each a problem of its row: such a cell is no value, and
    taken as one it became a serial number « #N/A » or a model « #REF! ». Only the
    cells starting with ``#`` or ``Err:`` are matched (Arrow's kernel on the column)."""
    masks: dict[str, np.ndarray] = {}
    for source in dict.fromkeys(by_field.values()):
        texts = pd.Series(raw[source], dtype="str")
        cells = pa.array(texts.array)
        maybe = pc.or_(pc.starts_with(cells, "#"), pc.starts_with(cells, "err:", ignore_case=True))
        if not pc.any(maybe).as_py():
            continue
        texts = texts.str.strip()
        found = texts.str.fullmatch(_SPREADSHEET_ERROR, case=False).fillna(False).to_numpy(bool)
        if found.any():
            problems.add_mask(found, source, raw[source], SPREADSHEET_ERROR_REASON)
            masks[source] = found
    if not masks:
        return raw
    raw = raw.copy()
    for source, found in masks.items():
        raw[source] = raw[source].mask(found)
    return raw


def _manufacturers(out: pd.DataFrame) -> pd.Series:
    """Canonical manufacturers, and model texts without a leading brand; returns the model
    texts as read, whose brand words the category patterns need (``Eaton 5PX``).

    A model that starts with a known brand loses it when the row names no manufacturer
    (NumEcoEval's ``modele``, files without a manufacturer column) or the same one
    (``HP`` / ``HP ProOne 440``), so the brand is never written twice.
    """
    series = pd.Series(out["manufacturer"], dtype="str")
    values, _ = _distinct(series, lambda t: canonical_manufacturer(t) or MISSING)
    model = pd.Series(out["model"], dtype="str")
    brand, _ = _distinct(model, lambda t: split_manufacturer(t)[0] or MISSING)
    rest, _ = _distinct(model, lambda t: split_manufacturer(t)[1])
    named = pd.Series(values, dtype="str").str.casefold()
    strip = brand.notna() & (
        values.isna() | (named == pd.Series(brand, dtype="str").str.casefold())
    )
    if brand.isna().any():
        # A model that is only a brand ("Dell") still names the manufacturer.
        loose, _ = _distinct(
            model.where(brand.isna()), lambda t: manufacturer_in_model(t) or MISSING
        )
        brand = brand.where(brand.notna(), loose)
    merged = values.where(values.notna(), brand)
    out["manufacturer"] = merged.astype(object).where(merged.notna(), MISSING)
    split = model.where(~strip.fillna(False), rest)
    out["model"] = split.astype(object).where(split.notna(), MISSING)
    return model


def _category(
    out: pd.DataFrame,
    model: pd.Series,
    series: pd.Series | None,
    source: str | None,
    problems: Problems,
) -> None:
    by_model, _ = _distinct(model, lambda t: category_from_model(t) or MISSING)
    if series is None:
        result = by_model
        text = pd.Series(np.nan, index=out.index, dtype="str")
    else:
        text = _text(series)
        by_type, _ = _distinct(text, lambda t: category_from_type(t) or MISSING)
        result = by_type.where(by_type.notna(), by_model)
        # NumEcoEval's "Desktop" is also an all-in-one or a thin client: the model says which.
        shared, _ = _distinct(text, lambda t: True if shared_type(t) else MISSING)
        same_type = by_model.map(CATEGORY_TYPES).eq(by_type.map(CATEGORY_TYPES))
        result = by_model.where(shared.notna() & same_type & by_model.notna(), result)
    untyped = result.isna() & text.isna()
    if untyped.any():
        # Without a type, a "Désignation" mapped to the name often is the kind of device.
        name = pd.Series(out["name"], dtype="str").where(untyped)
        by_name, _ = _distinct(name, lambda t: category_from_type(t) or MISSING)
        result = result.where(result.notna(), by_name)
    missing = result.isna().to_numpy()
    if missing.any():
        unknown = missing & text.notna().to_numpy()
        if unknown.any():
            hints, _ = _distinct(text, _unknown_category_reason)
            problems.add_mask(unknown, source or "", text, hints)
        absent = missing & ~unknown
        if absent.any():
            problems.add_mask(
                absent,
                source or "",
                model,
                "catégorie manquante : type vide et modèle non reconnu",
            )
    out["category"] = result.astype(object).where(result.notna(), MISSING)


def _unknown_category_reason(text: str) -> str:
    suggestion = suggest_category(text)
    hint = f" (vouliez-vous dire « {suggestion} » ?)" if suggestion else ""
    return f"catégorie inconnue « {text} »{hint}"


def _quantity(
    out: pd.DataFrame,
    series: pd.Series | None,
    source: str | None,
    problems: Problems,
    maximum: int,
) -> None:
    if series is None:
        out["quantity"] = MISSING
        return

    values, reasons = _distinct(_text(series), lambda t: _parse_quantity(t, maximum))
    _record_errors(problems, reasons, source or "", series)
    out["quantity"] = values.astype(object).where(values.notna(), MISSING)


def _parse_quantity(text: str, maximum: int) -> int:
    try:
        value = parse_number(text)
    except ValueError as exc:
        if "ambigu" in str(exc):
            raise
        value = -1.0
    if value < 1 or not float(value).is_integer():
        raise ValueError(f"quantité invalide « {text} » (nombre entier ≥ 1 attendu)")
    if value > maximum:
        raise ValueError(
            f"quantité trop grande « {text} » "
            f"({format_number(maximum, decimals=0)} au plus par lot ; "
            "option --max-quantity)"
        )
    return int(value)


def _dates(
    out: pd.DataFrame,
    name: str,
    series: pd.Series | None,
    source: str | None,
    problems: Problems,
    today: date,
) -> None:
    if series is None:
        out[name] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[s]")
        return
    values, reasons = _distinct(_text(series), lambda t: parse_date(t, today), _fast_date)
    _record_errors(problems, reasons, source or "", series)
    out[name] = pd.to_datetime(values, errors="coerce").astype("datetime64[s]")


def _converted(ttc: pd.Series) -> int:
    """How many cells of a TTC price column read as a price (converted to HT)."""
    values, _ = _distinct(_text(ttc), parse_number, _fast_number)
    return int(pd.to_numeric(values, errors="coerce").notna().sum())


def _prices(
    out: pd.DataFrame,
    ht: pd.Series | None,
    ttc: pd.Series | None,
    by_field: dict[str, str],
    problems: Problems,
    options: dict[str, Any],
) -> None:
    price = pd.Series(np.nan, index=out.index, dtype="float64")
    if ht is not None:
        values, reasons = _distinct(_text(ht), parse_number, _fast_number)
        _record_errors(problems, reasons, by_field["price_eur"], ht)
        price = pd.to_numeric(values, errors="coerce").astype("float64")
    if ttc is not None:
        values, reasons = _distinct(_text(ttc), parse_number, _fast_number)
        _record_errors(problems, reasons, by_field["price_ttc"], ttc)
        converted = (pd.to_numeric(values, errors="coerce") / (1 + VAT_RATE)).round(2)
        price = price.where(price.notna(), converted.astype("float64"))
        options["price_ttc_column"] = by_field["price_ttc"]
        options["vat_rate"] = VAT_RATE
        options["prices_converted_to_ht"] = int(converted.notna().sum())
    negative = (price < 0).to_numpy()
    if negative.any():
        source = by_field.get("price_eur") or by_field.get("price_ttc") or ""
        raw = ht if ht is not None else ttc
        problems.add_mask(negative, source, raw, "prix négatif")
        price = price.mask(negative)
    out["price_eur"] = price


#: The capacities, and the bare number above which each is taken as MB.
_CAPACITIES: dict[str, float] = {"ram_gb": 1024, "storage_gb": 65536}
_NUMBER_FIELDS: dict[str, Callable[[str], float]] = {
    "screen_inches": parse_number,
    "annual_kwh": parse_number,
    "weight_kg": parse_number,
    "first_life_years": parse_number,
}


def _numbers(
    out: pd.DataFrame,
    column: Callable[[str], pd.Series | None],
    by_field: dict[str, str],
    problems: Problems,
    untyped: bool,
) -> None:
    """The numeric fields; the storage type read from the storage cells (« 512 Go
    SSD ») when the file's storage type column is empty throughout (``untyped``)."""
    for name in (*_CAPACITIES, *_NUMBER_FIELDS):
        series = column(name)
        if series is None:
            out[name] = np.nan
            continue
        parse = _NUMBER_FIELDS.get(name) or partial(  # bare numbers in the header's unit
            parse_capacity, bare_mb_above=_CAPACITIES[name], unit=header_unit(by_field[name])
        )
        fast = _fast_number if parse is parse_number else None
        values, reasons = _distinct(_text(series), parse, fast)
        _record_errors(problems, reasons, by_field[name], series)
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        negative = (numbers < 0).to_numpy()
        if negative.any():
            problems.add_mask(negative, by_field[name], series, "valeur négative")
            numbers = numbers.mask(negative)
        out[name] = numbers
    storage = column("storage_gb")
    if storage is not None and untyped:
        kinds, _ = _distinct(_text(storage), lambda t: storage_kind(t) or MISSING)
        out["storage_type"] = kinds.astype(object).where(kinds.notna(), MISSING)


def _status(
    out: pd.DataFrame, series: pd.Series | None, source: str | None, problems: Problems
) -> None:
    if series is None:
        out["status"] = MISSING
        return

    def parse(text: str) -> str:
        found = lookup(STATUS_WORDS, text)
        if found is None:
            raise ValueError(
                f"statut inconnu « {text} » (attendus : en service, en stock, HS, rebut, "
                "à réemployer, donné…)"
            )
        return found

    values, reasons = _distinct(_text(series), parse)
    _record_errors(problems, reasons, source or "", series)
    out["status"] = values.astype(object).where(values.notna(), MISSING)


def _acquisition_word(text: str) -> str:
    found = lookup(ACQUISITION_WORDS, text)
    if found:
        return found
    folded = fold(text)
    for stem, kind in (
        ("recond", "refurbished"),
        ("refurb", "refurbished"),
        ("occasion", "refurbished"),
        ("locat", "leased"),
        ("leas", "leased"),
        ("don", "donated"),
        ("neuf", "new"),
    ):
        if stem in folded:
            return kind
    raise ValueError(
        f"mode d'acquisition inconnu « {text} » (attendus : neuf, reconditionné, location, don)"
    )


def _flag(text: str) -> str | None:
    folded = fold(text)
    if folded in TRUE_WORDS or folded.startswith("recond"):
        return "refurbished"
    if folded in FALSE_WORDS:
        return MISSING
    raise ValueError(f"oui ou non attendu, lu « {text} »")


def _condition(out: pd.DataFrame, acquisition: pd.Series | None, source: str | None) -> pd.Series:
    """Read a supplier's condition words: « Reconditionné grade A » in an État, Condition
    or Grade column means a refurbished purchase of grade A.

    The condition keeps the grade (« Grade A ») or, for other words (« Bon état »,
    « HS »), the text as read; words that only say « second-hand » leave it empty,
    since they describe the purchase, not the device. Returns ``refurbished`` for
    the rows whose condition says so, for :func:`_acquisition`. A grade written in
    the acquisition column (« Neuf/Reconditionné ») is kept the same way.
    """
    hint = pd.Series(MISSING, index=out.index, dtype=object)
    condition = pd.Series(out["condition"], dtype="str")
    bare = source is not None and header_key(source) == "grade"
    graded, _ = _distinct(condition, lambda t: grade(t, bare) or MISSING)
    used, _ = _distinct(condition, lambda t: "refurbished" if second_hand(t) else MISSING)
    hint = hint.where(~(graded.notna() | used.notna()), "refurbished")
    kept = graded.where(graded.notna(), condition.mask(used.notna()))
    if acquisition is not None:
        from_acquisition, _ = _distinct(_text(acquisition), lambda t: grade(t) or MISSING)
        kept = kept.where(kept.notna(), from_acquisition)
    out["condition"] = kept.astype(object).where(kept.notna(), MISSING)
    return hint


def _acquisition(
    out: pd.DataFrame,
    column: Callable[[str], pd.Series | None],
    by_field: dict[str, str],
    problems: Problems,
    supplier: pd.Series,
) -> None:
    result = pd.Series(MISSING, index=out.index, dtype=object)
    series = column("acquisition")
    if series is not None:
        values, reasons = _distinct(_text(series), _acquisition_word)
        _record_errors(problems, reasons, by_field["acquisition"], series)
        result = values.astype(object)
    flag = column("refurbished")
    if flag is not None:
        values, reasons = _distinct(_text(flag), _flag)
        _record_errors(problems, reasons, by_field["refurbished"], flag)
        result = result.where(result.notna(), values)
    result = result.where(result.notna(), supplier)
    first_life = out["first_life_years"]
    result = result.where(result.notna() | ~(first_life > 0), "refurbished")
    # Words such as "reconditionné" in the model, name or notes of rows that say nothing else.
    for name in ("model", "notes", "name"):
        text = pd.Series(out[name], dtype="str")
        mentions = text.str.contains(r"(?i)recondition|refurb", regex=True).fillna(False)
        result = result.where(result.notna() | ~mentions, "refurbished")
    out["acquisition"] = result.where(result.notna(), MISSING)


def _yes_no(text: str) -> bool:
    folded = fold(text)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise ValueError(f"oui ou non attendu, lu « {text} »")


def _classified(
    out: pd.DataFrame, series: pd.Series | None, source: str | None, problems: Problems
) -> None:
    if series is None:
        out["classified"] = MISSING
        return
    values, reasons = _distinct(_text(series), _yes_no)
    _record_errors(problems, reasons, source or "", series)
    out["classified"] = values.astype(object).where(values.notna(), MISSING)


def _user(
    out: pd.DataFrame,
    series: pd.Series | None,
    source: str | None,
    pseudonym: Pseudonymiser | None,
    problems: Problems,
) -> None:
    if series is None:
        out["user_key"] = MISSING
        return
    text = _text(series)
    if pseudonym is None:
        too_long = (text.str.len() > FIELDS["user"].max_length).fillna(False).to_numpy()  # type: ignore[operator]
        if too_long.any():
            problems.add_mask(too_long, source or "", series, "valeur trop longue")
            text = text.mask(too_long)
        out["user_key"] = text.astype(object).where(text.notna(), MISSING)
        return
    # One call for all the distinct names: on PostgreSQL the database computes them.
    distinct = [str(v) for v in text.dropna().unique()]
    values = text.map(dict(zip(distinct, pseudonym(distinct), strict=True)))
    out["user_key"] = values.astype(object).where(values.notna(), MISSING)
