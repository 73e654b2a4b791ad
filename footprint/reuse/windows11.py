"""Can a PC run Windows 11? From the inventory's CPU text, RAM, storage and TPM.

Windows 10 support ended on 14 October 2025: a PC that cannot move to Windows 11
cannot be redeployed as an office workstation, but it can be reused with Linux.
Microsoft's lists of supported processors boil down, for office fleets, to
Intel 8th generation Core (or the Pentium/Celeron of the same era) and AMD Zen+
(Ryzen 2000) or later; Apple computers run macOS and are out of the question.

The CPU text is free text from GLPI or a supplier list. It is parsed once per
distinct value (a fleet holds a few hundred CPU models at most) with vectorised
regular expressions; a text no rule recognises gives ``unknown``, never a guess.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import ReuseRules

#: Eligibility statuses, in the order the ``windows11`` column uses.
W11_STATUSES: tuple[str, ...] = ("eligible", "not_eligible", "unknown", "not_applicable")
#: Columns of :func:`windows11_eligibility`.
W11_COLUMNS: tuple[str, ...] = ("windows11", "w11_cpu", "w11_ram", "w11_storage", "w11_tpm")

#: Oldest Intel Core generation and Ryzen series Windows 11 supports.
MIN_INTEL_GENERATION = 8
MIN_RYZEN_SERIES = 2
#: Pentium and Celeron model numbers from which the chip is of a supported generation
#: (Pentium Gold G5400 / Silver N5000, Celeron G4900 / N4000 / 4205U onwards).
MIN_PENTIUM_NUMBER = 5000
MIN_CELERON_NUMBER = 4000
#: Athlon Silver/Gold 3000 series (Zen) onwards.
MIN_ATHLON_NUMBER = 3000

_SUPPORTED, _UNSUPPORTED, _UNKNOWN, _APPLE = "supported", "unsupported", "unknown", "apple"


def _intel_core_generation(number: pd.Series) -> pd.Series:
    """Generation from a Core model number: 8250 → 8, 10510 → 10, 1135 → 11, 520 → 1."""
    length = number.str.len()
    first_two = pd.to_numeric(number.str[:2], errors="coerce")
    first = pd.to_numeric(number.str[:1], errors="coerce")
    four_from_ten = (length == 4) & number.str.startswith("1")
    generation = np.select(
        [length >= 5, four_from_ten, length == 4, length == 3],
        [first_two, first_two, first, 1],
        np.nan,
    )
    return pd.Series(generation, index=number.index, dtype="float64")


def cpu_support(cpu: pd.Series) -> pd.Series:
    """``supported``, ``unsupported``, ``unknown`` or ``apple`` for each CPU text."""
    codes, uniques = pd.factorize(cpu.astype("str"))
    if len(uniques) == 0:
        return pd.Series(pd.Categorical([_UNKNOWN] * len(cpu)), index=cpu.index)
    text = pd.Series(uniques, dtype="str").str.strip().str.casefold().fillna("")

    core = text.str.extract(r"\bi[3579][\s-]*(\d{3,5})[a-z]?", expand=False)
    core_m = text.str.extract(r"\bcore\s*m[357][\s-]*(\d)", expand=False)
    core_gen = _intel_core_generation(core.fillna(""))
    core_m_gen = pd.to_numeric(core_m, errors="coerce")
    new_brand = text.str.contains(
        r"core\s*ultra|\bcore\s*[3579]\s+\d{3}[a-z]?\b|\bintel\s+n[123]\d\d\b"
    )
    pentium = pd.to_numeric(text.str.extract(r"pentium\D*?(\d{4})", expand=False), errors="coerce")
    celeron = pd.to_numeric(text.str.extract(r"celeron\D*?(\d{4})", expand=False), errors="coerce")
    ryzen = pd.to_numeric(
        text.str.extract(
            r"ryzen\s*(?:threadripper\s*)?(?:[3579]\s*)?(?:pro\s*)?(\d)\d{2,3}", expand=False
        ),
        errors="coerce",
    )
    ryzen_ai = text.str.contains(r"ryzen\s*(?:ai|z\d)")
    athlon = pd.to_numeric(
        text.str.extract(r"athlon\s*(?:pro\s*)?(?:silver|gold)?\s*(\d{4})", expand=False),
        errors="coerce",
    )
    obsolete = text.str.contains(
        r"core\s*2|core\s*duo|core\s*solo|\batom\b|pentium\s*(?:4|d|m|dual|e\d)|"
        r"\bamd\s*(?:a\d{1,2}|e\d?)-|\ba\d{1,2}-\d{4}|\bfx-|phenom|sempron|turion|"
        r"athlon\s*(?:ii|64|x2|neo)"
    )
    apple = text.str.contains(r"\bapple\b|^m[1-5](?:\s+(?:pro|max|ultra))?$")

    n = len(text)

    def unsupported_below(values: pd.Series, minimum: float) -> np.ndarray:
        return np.where(values.to_numpy(dtype=np.float64) >= minimum, _SUPPORTED, _UNSUPPORTED)

    conditions = [
        (text == "").to_numpy(bool),
        apple.to_numpy(bool),
        (new_brand | ryzen_ai).to_numpy(bool),
        core_gen.notna().to_numpy(bool),
        core_m_gen.notna().to_numpy(bool),
        ryzen.notna().to_numpy(bool),
        obsolete.to_numpy(bool),
        pentium.notna().to_numpy(bool),
        celeron.notna().to_numpy(bool),
        athlon.notna().to_numpy(bool),
    ]
    choices = [
        np.full(n, _UNKNOWN),
        np.full(n, _APPLE),
        np.full(n, _SUPPORTED),
        unsupported_below(core_gen, MIN_INTEL_GENERATION),
        unsupported_below(core_m_gen, MIN_INTEL_GENERATION),
        unsupported_below(ryzen, MIN_RYZEN_SERIES),
        np.full(n, _UNSUPPORTED),
        unsupported_below(pentium, MIN_PENTIUM_NUMBER),
        unsupported_below(celeron, MIN_CELERON_NUMBER),
        unsupported_below(athlon, MIN_ATHLON_NUMBER),
    ]
    per_unique = np.select(conditions, choices, _UNKNOWN)
    result = np.where(codes >= 0, per_unique[np.maximum(codes, 0)], _UNKNOWN)
    return pd.Series(pd.Categorical(result), index=cpu.index)


def _tpm_state(tpm: pd.Series) -> np.ndarray:
    """ok / fail / unknown per row, read once per distinct TPM text."""
    codes, uniques = pd.factorize(tpm.astype("str"))
    text = pd.Series(uniques, dtype="str").str.strip().str.casefold().fillna("")
    version_two = text.str.contains(r"(?<![\d.])2(?:\.0)?\b|ftpm|ptt", regex=True)
    absent = text.str.fullmatch(r"non|no|none|absent|aucun|0|false|faux|1\.2|tpm\s*1\.2")
    per_unique = np.select(
        [version_two.to_numpy(bool), absent.to_numpy(bool)], ["ok", "fail"], "unknown"
    )
    return np.where(codes >= 0, np.append(per_unique, "unknown")[codes], "unknown")


def _threshold_state(values: pd.Series, minimum: float) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return np.select([np.isnan(numbers), numbers >= minimum], ["unknown", "ok"], "fail")


def windows11_eligibility(frame: pd.DataFrame, rules: ReuseRules) -> pd.DataFrame:
    """Per row: ``windows11`` (one of :data:`W11_STATUSES`) and each criterion's state.

    A PC fails as soon as one known criterion fails; it is eligible only when all
    four are known and met; otherwise it is ``unknown`` (to check by hand).
    Criterion columns: ``w11_cpu`` (supported/unsupported/unknown/apple),
    ``w11_ram``, ``w11_storage``, ``w11_tpm`` (ok/fail/unknown).
    """
    index = frame.index
    cpu = cpu_support(_column(frame, "cpu"))
    ram = _threshold_state(_column(frame, "ram_gb"), rules.w11_min_ram_gb)
    storage = _threshold_state(_column(frame, "storage_gb"), rules.w11_min_storage_gb)
    tpm = _tpm_state(_column(frame, "tpm"))
    is_pc = frame["category"].isin(list(rules.pc_categories)).to_numpy(bool)
    makers, names = pd.factorize(_column(frame, "manufacturer").astype("str"))
    apple_maker = np.append(pd.Index(names).str.strip().str.casefold() == "apple", False)
    mac = (cpu == _APPLE).to_numpy(bool) | apple_maker[makers]
    cpu_state = np.select(
        [(cpu == _SUPPORTED).to_numpy(bool), (cpu == _UNSUPPORTED).to_numpy(bool)],
        ["ok", "fail"],
        "unknown",
    )
    states = np.stack([cpu_state, ram, storage, tpm])
    any_fail = (states == "fail").any(axis=0)
    all_ok = (states == "ok").all(axis=0)
    status = np.select(
        [~is_pc | mac, any_fail, all_ok],
        ["not_applicable", "not_eligible", "eligible"],
        "unknown",
    )
    columns = {
        "windows11": status,
        "w11_cpu": cpu.to_numpy(),
        "w11_ram": ram,
        "w11_storage": storage,
        "w11_tpm": tpm,
    }
    # Categoricals: five values per column, cheap to build and to compare.
    return pd.DataFrame({k: pd.Categorical(v) for k, v in columns.items()}, index=index)


def windows11_failures(
    frame: pd.DataFrame, checks: pd.DataFrame, rules: ReuseRules, lang: str = "fr"
) -> pd.Series:
    """What keeps each non-eligible PC off Windows 11, in words (empty otherwise)."""
    fr = lang == "fr"
    cpu_text = _column(frame, "cpu").astype("str").fillna("?")
    ram = pd.to_numeric(_column(frame, "ram_gb"), errors="coerce")
    storage = pd.to_numeric(_column(frame, "storage_gb"), errors="coerce")
    tpm = _column(frame, "tpm").astype("str").fillna("?")
    parts = [
        (
            checks["w11_cpu"] == _UNSUPPORTED,
            ("processeur « " if fr else "processor '")
            + cpu_text
            + (" » non pris en charge" if fr else "' not supported"),
        ),
        (
            checks["w11_ram"] == "fail",
            ("mémoire " if fr else "memory ") + _gb(ram, lang) + f" < {rules.w11_min_ram_gb:g} Go",
        ),
        (
            checks["w11_storage"] == "fail",
            ("stockage " if fr else "storage ")
            + _gb(storage, lang)
            + f" < {rules.w11_min_storage_gb:g} Go",
        ),
        (checks["w11_tpm"] == "fail", ("TPM « " if fr else "TPM '") + tpm + (" »" if fr else "'")),
    ]
    text = pd.Series("", index=frame.index, dtype="str")
    for mask, words in parts:
        mask = mask.fillna(False).astype(bool) & (checks["windows11"] == "not_eligible")
        joined = text.where(text == "", text + ", ") + words
        text = text.where(~mask, joined)
    if not fr:
        text = text.str.replace(" Go", " GB", regex=False)
    return text.fillna("")


def _gb(values: pd.Series, lang: str) -> pd.Series:
    text = values.round(1).astype("str").str.removesuffix(".0") + " Go"
    return text.str.replace(".", ",", regex=False) if lang == "fr" else text


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="str")
