"""The seeded fleet draw: :func:`generate_fleet` (canonical English fields) and the
draw the sample files start from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from factors.vocabulary import ACQUISITIONS

from .base import CANONICAL_COLUMNS, FIRST_YEAR, REFERENCE_DATE, SEED
from .catalogue import (
    CAT_INDEX,
    CATALOGUE,
    CATEGORY_CODES,
    CATEGORY_SHARES,
    COMPUTERS,
    CONDITIONS,
    CPU_LABELS,
    DEPT_LABELS,
    LOT_CATEGORIES,
    MANUFACTURERS,
    MODEL_CATEGORY,
    MODEL_CPU,
    MODEL_KG,
    MODEL_KWH,
    MODEL_MANUFACTURER,
    MODEL_NAMES,
    MODEL_OS,
    MODEL_PRICE,
    MODEL_WIN11,
    NAME_CODES,
    OS_LABELS,
    PC_OS,
    SERIAL_FORMATS,
    SERVER_OS,
    SITE_LABELS,
    STATUS_CODES,
    STORAGE_TYPES,
    TPM,
    YEAR_WEIGHTS,
)
from .entities import ENTITIES


def _in(cat: np.ndarray, *names: str) -> np.ndarray:
    return np.isin(cat, [CAT_INDEX[c] for c in names])


def _labels(labels: Sequence[str | None], codes: np.ndarray) -> pa.Array:
    return pa.array(list(labels), type=pa.string()).take(pa.array(codes))


def _pick_models(
    rng: np.random.Generator, ent: np.ndarray, cat: np.ndarray, model_year: np.ndarray
) -> np.ndarray:
    """Global catalogue index per row: a model sold in ``model_year``, with each
    entity's procurement contracts (preferred manufacturers) weighing 5 to 1."""
    out = np.empty(len(cat), dtype=np.int64)
    years = np.arange(FIRST_YEAR, REFERENCE_DATE.year + 1)
    for c in range(len(CATEGORY_CODES)):
        ids = np.flatnonzero(MODEL_CATEGORY == c)
        first = np.array([CATALOGUE[i].first_year for i in ids])
        last = np.array([CATALOGUE[i].last_year for i in ids])
        avail = ((first <= years[:, None]) & (years[:, None] <= last)).astype(float)
        in_cat = cat == c
        for e, spec in enumerate(ENTITIES):
            rows = np.flatnonzero(in_cat & (ent == e))
            if not len(rows):
                continue
            boost = np.where(
                [MANUFACTURERS[m] in spec.preferred for m in MODEL_MANUFACTURER[ids]], 5.0, 1.0
            )
            table = avail * boost
            cum = np.cumsum(table, axis=1) / table.sum(axis=1, keepdims=True)
            u = rng.random(len(rows))
            local = (cum[model_year[rows] - FIRST_YEAR] < u[:, None]).sum(axis=1)
            out[rows] = ids[np.minimum(local, len(ids) - 1)]
    return out


def _serials(rng: np.random.Generator, manu: np.ndarray) -> pa.Array:
    """Unique serial numbers in each manufacturer's usual shape."""
    alphabet = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", dtype=np.uint8)
    order, parts = [], []
    for code in np.unique(manu):
        rows = np.flatnonzero(manu == code)
        prefixes, length = SERIAL_FORMATS.get(MANUFACTURERS[code], (("",), 10))
        unique_len = min(length, 9)
        nums = rng.choice(34**unique_len, size=len(rows), replace=False)
        powers = 34 ** np.arange(unique_len - 1, -1, -1, dtype=np.int64)
        chars = alphabet[(nums[:, None] // powers) % 34]
        if length > unique_len:
            head = alphabet[rng.integers(0, 34, size=(len(rows), length - unique_len))]
            chars = np.hstack([head, chars])
        body = pa.array(np.ascontiguousarray(chars).view(f"S{length}").ravel()).cast(pa.string())
        prefix = _labels(prefixes, rng.integers(0, len(prefixes), len(rows)))
        parts.append(pc.binary_join_element_wise(prefix, body, ""))
        order.append(rows)
    inverse = np.empty(len(manu), dtype=np.int64)
    inverse[np.concatenate(order)] = np.arange(len(manu))
    return pa.concat_arrays(parts).take(pa.array(inverse))


def _dates(year: np.ndarray, day: np.ndarray) -> np.ndarray:
    start = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    days: np.ndarray = start + day.astype("timedelta64[D]")
    return days


def draw_fleet(
    rng: np.random.Generator,
    n: int,
    ent: np.ndarray,
    *,
    reference_date: dt.date = REFERENCE_DATE,
    lot_share: float = 0.0,
    first_seq: int = 1,
) -> pd.DataFrame:
    """The fleet frame for ``n`` rows whose entity indexes (into ENTITIES) are ``ent``.

    Columns are drawn as integer codes into small label tables, with one
    vectorised call each (or a short loop over categories and entities), and
    turned into strings only at the end: a million rows take about two seconds.
    """
    ref = np.datetime64(reference_date, "D")
    shares = np.array([CATEGORY_SHARES[c] for c in CATEGORY_CODES])
    cat = rng.choice(len(CATEGORY_CODES), size=n, p=shares / shares.sum())
    year = FIRST_YEAR + rng.choice(len(YEAR_WEIGHTS), size=n, p=YEAR_WEIGHTS / YEAR_WEIGHTS.sum())
    year_len = np.where(year == reference_date.year, reference_date.timetuple().tm_yday - 1, 365)
    purchase = _dates(year, np.floor(rng.random(n) * year_len).astype(np.int64))

    # Acquisition (codes into ACQUISITIONS): refurbished purchases since the AGEC
    # law, leased copiers, a few donated tablets.
    u = rng.random(n)
    refurb_p = np.select(
        [_in(cat, "laptop", "desktop", "smartphone", "monitor", "tablet"), _in(cat, "server")],
        [0.22, 0.05],
        0.02,
    ) * np.select([year >= 2021, year >= 2019], [1.0, 0.4], 0.0)
    leased_p = np.select([_in(cat, "mfp"), _in(cat, "printer")], [0.6, 0.08], 0.0)
    donated_p = np.where(_in(cat, "tablet"), 0.04, 0.0)
    acquisition = np.select(
        [u < refurb_p, u < refurb_p + leased_p, u < refurb_p + leased_p + donated_p], [1, 2, 3], 0
    )
    refurbished = acquisition == 1
    life = rng.choice([2, 3, 4, 5], size=n, p=[0.25, 0.4, 0.25, 0.1])
    first_life = np.where(refurbished, life, 0)
    model_year = year - first_life
    model = _pick_models(rng, ent, cat, model_year)

    # Status (codes into STATUS_CODES) by age; retired devices leave after a year at least.
    age = (ref - purchase).astype(np.int64) / 365.25
    p_retired = np.clip(0.04 * (age - 3), 0, 0.45)
    p_broken = 0.01 + 0.006 * age
    p_stock = np.where(age < 0.5, 0.18, 0.05)
    u = rng.random(n)
    status = np.select(
        [u < p_retired, u < p_retired + p_broken, u < p_retired + p_broken + p_stock], [3, 2, 1], 0
    )
    retired, broken, in_service = status == 3, status == 2, status == 0
    span = (ref - purchase).astype(np.int64)
    kept = np.maximum(365, (span * rng.uniform(0.45, 0.97, n)).astype(np.int64))
    retirement = np.where(
        retired,
        purchase + np.minimum(kept, span - 1).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    u = rng.random(n)
    condition = np.select(
        [broken, retired & (u < 0.5), retired, age < 4, u < 0.55], [2, 2, 1, 0, 0], 1
    )
    condition[(age < 4) & ~retired & ~broken & (u < 0.08)] = 1

    # Prices: typical price ±8 %, 45 % of it when refurbished; unknown for leases
    # and for part of the oldest purchases.
    price = MODEL_PRICE[model] * rng.lognormal(0.0, 0.08, n)
    price = np.where(refurbished, price * 0.45, price)
    price = np.where(acquisition == 3, price * 0.3, price)
    unknown_price = (acquisition == 2) | ((age > 8) & (rng.random(n) < 0.3))
    price = np.where(unknown_price, np.nan, np.round(price, 2))

    # Lots (quantity > 1) for the categories bought by the dozen.
    quantity = np.ones(n, dtype=np.int64)
    lot = _in(cat, *LOT_CATEGORIES) & (rng.random(n) < lot_share)
    quantity[lot] = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24], size=int(lot.sum()))

    # Specs of computers and servers.
    computers = _in(cat, *COMPUTERS)
    thin = _in(cat, "thin_client")
    server = _in(cat, "server")
    cpu_col = rng.integers(0, 3, n)
    cpu = np.where(computers | thin | server, MODEL_CPU[model, cpu_col], 0)
    ram = np.full(n, np.nan)
    storage = np.full(n, np.nan)
    storage_type = np.zeros(n, dtype=np.int64)
    band = np.digitize(model_year, [2017, 2021, 2024])
    ram_bands = (
        ([4, 8], [0.5, 0.5]),
        ([8, 16], [0.8, 0.2]),
        ([8, 16], [0.5, 0.5]),
        ([16, 32], [0.85, 0.15]),
    )
    disk_bands = (
        ([500, 256, 128], [1, 2, 2], [0.5, 0.4, 0.1]),
        ([256, 512], [2, 2], [0.8, 0.2]),
        ([256, 512], [2, 2], [0.5, 0.5]),
        ([512, 1024], [2, 2], [0.8, 0.2]),
    )
    for b in range(4):
        rows = np.flatnonzero(computers & (band == b))
        ram[rows] = rng.choice(ram_bands[b][0], size=len(rows), p=ram_bands[b][1])
        sizes, kinds, p = disk_bands[b]
        pick = rng.choice(len(sizes), size=len(rows), p=p)
        storage[rows] = np.array(sizes)[pick]
        storage_type[rows] = np.array(kinds)[pick]
    ram[_in(cat, "workstation")] *= 2
    ram[thin] = rng.choice([4, 8], size=int(thin.sum()))
    storage[thin] = rng.choice([16, 32], size=int(thin.sum()))
    storage_type[thin] = 3
    ram[server] = rng.choice([64, 128, 192, 256, 384, 512], size=int(server.sum()))
    storage[server] = rng.choice([1920, 3840, 7680, 9600, 19200], size=int(server.sum()))
    storage_type[server] = rng.choice([2, 1], size=int(server.sum()), p=[0.6, 0.4])
    mobile = _in(cat, "smartphone", "tablet")
    storage[mobile] = np.where(model_year[mobile] < 2020, 32, 64) * rng.choice(
        [1, 2, 4], size=int(mobile.sum()), p=[0.5, 0.4, 0.1]
    )

    # TPM and OS: what Windows 11 eligibility will be judged on.
    pc_windows = computers & (MODEL_MANUFACTURER[model] != MANUFACTURERS.index("Apple"))
    u = rng.random(n)
    tpm = np.select(
        [model_year >= 2017, (model_year >= 2015) & (u < 0.6), model_year >= 2015, u < 0.7],
        [1, 1, 2, 2],
        0,
    )
    tpm[~pc_windows] = 0
    capable = MODEL_WIN11[model, cpu_col] & (tpm == 1)
    u = rng.random(n)
    win11 = capable & ((model_year >= 2022) | (in_service & (u < 0.85)) | (u < 0.2))
    retire_year = retirement.astype("datetime64[Y]").astype(np.int64) + 1970
    w11, w10, w7, ubuntu = (OS_LABELS.index(os_name) for os_name in PC_OS)
    os_code = np.select(
        [
            ~pc_windows,
            win11,
            capable,
            retired & (retire_year <= 2019) & (u < 0.6),
            in_service & (u < 0.18),
        ],
        [MODEL_OS[model], w11, w10, w7, ubuntu],
        w10,
    )
    server_os = (
        OS_LABELS.index(SERVER_OS[0])
        + 3 * np.digitize(model_year, [2018, 2022])
        + rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    )
    os_code[server] = server_os[server]

    # Where and for whom: IT gear in the server room and the IT department.
    network = _in(cat, "server", "storage", "firewall", "router", "network_switch")
    server_room_p = np.select(
        [_in(cat, "server", "storage"), _in(cat, "firewall"), _in(cat, "router", "network_switch")],
        [1.0, 0.8, 0.35],
        0.0,
    )
    in_room = rng.random(n) < server_room_p
    site = np.zeros(n, dtype=np.int64)
    department = np.zeros(n, dtype=np.int64)
    for e, spec in enumerate(ENTITIES):
        rows = np.flatnonzero(ent == e)
        if not len(rows):
            continue
        names, weights = zip(*spec.sites, strict=True)
        site_codes = np.array([SITE_LABELS.index(s) for s in names])
        w = np.array(weights, dtype=float)
        site[rows] = site_codes[rng.choice(len(names), size=len(rows), p=w / w.sum())]
        site[rows[in_room[rows]]] = SITE_LABELS.index(spec.server_room)
        dept_codes = np.array([DEPT_LABELS.index(d) for d in spec.departments])
        department[rows] = dept_codes[rng.integers(0, len(dept_codes), len(rows))]
        department[rows[in_room[rows] | network[rows]]] = dept_codes[0]

    # Identifiers: hostname-like names, asset tags with the purchase year, serials.
    seq = pc.utf8_lpad(pc.cast(pa.array(np.arange(first_seq, first_seq + n)), pa.string()), 6, "0")
    prefix = _labels([e.prefix for e in ENTITIES], ent)
    codes = [NAME_CODES[c] for c in CATEGORY_CODES]
    kind = _labels(codes + ["LOT-" + c for c in codes], cat + len(CATEGORY_CODES) * lot)
    name = pc.binary_join_element_wise(prefix, kind, seq, "-")
    tag_stem = pc.binary_join_element_wise(prefix, pc.cast(pa.array(year), pa.string()), "")
    no_tag = lot | (_in(cat, "smartphone", "mobile_phone") & (rng.random(n) < 0.3))
    asset_tag = pc.if_else(
        pa.array(no_tag),
        pa.scalar(None, pa.string()),
        pc.binary_join_element_wise(tag_stem, seq, "-"),
    )
    serial = pc.if_else(
        pa.array(lot), pa.scalar(None, pa.string()), _serials(rng, MODEL_MANUFACTURER[model])
    )

    # Measured kWh and known weights are the exception, not the rule.
    kwh = np.round(MODEL_KWH[model] * rng.uniform(0.8, 1.25, n), 1)
    annual_kwh = np.where(rng.random(n) < 0.1, kwh, np.nan)
    weight = np.where(rng.random(n) < 0.3, MODEL_KG[model], np.nan)

    def text(values: pa.Array) -> pd.api.extensions.ExtensionArray:
        array: pd.api.extensions.ExtensionArray = pd.array(values, dtype="str")
        return array

    return pd.DataFrame(
        {
            "entity": text(_labels([e.name for e in ENTITIES], ent)),
            "name": text(name),
            "serial": text(serial),
            "asset_tag": text(asset_tag),
            "category": text(_labels(CATEGORY_CODES, cat)),
            "manufacturer": text(_labels(MANUFACTURERS, MODEL_MANUFACTURER[model])),
            "model": text(_labels(MODEL_NAMES, model)),
            "purchase_date": pd.to_datetime(purchase),
            "acquisition": text(_labels(ACQUISITIONS, acquisition)),
            "status": text(_labels(STATUS_CODES, status)),
            "price_eur": price,
            "quantity": quantity,
            "site": text(_labels(SITE_LABELS, site)),
            "department": text(_labels(DEPT_LABELS, department)),
            "cpu": text(_labels(CPU_LABELS, cpu)),
            "ram_gb": ram,
            "storage_gb": storage,
            "storage_type": text(_labels(STORAGE_TYPES, storage_type)),
            "tpm": text(_labels(TPM, tpm)),
            "os": text(_labels(OS_LABELS, os_code)),
            "condition": text(_labels(CONDITIONS, condition)),
            "retirement_date": pd.to_datetime(retirement),
            "annual_kwh": annual_kwh,
            "first_life_years": np.where(refurbished, first_life.astype(float), np.nan),
            "weight_kg": weight,
        },
        columns=list(CANONICAL_COLUMNS),
    )


def _entity_weights() -> np.ndarray:
    agents = np.array([e.agents for e in ENTITIES], dtype=float)
    weights: np.ndarray = agents / agents.sum()
    return weights


def generate_fleet(
    n: int,
    seed: int = SEED,
    *,
    reference_date: dt.date = REFERENCE_DATE,
    lot_share: float = 0.02,
) -> pd.DataFrame:
    """A synthetic fleet of ``n`` rows (devices or lots) in canonical field names.

    Entities are those of ``entities.csv``, in proportion to their agents; a
    ``lot_share`` of the rows in lot-friendly categories carry a quantity above 1.
    Same ``(n, seed)`` → same frame. Columns: :data:`CANONICAL_COLUMNS`.
    """
    rng = np.random.default_rng([seed, 0])
    ent = rng.choice(len(ENTITIES), size=n, p=_entity_weights())
    return draw_fleet(rng, n, ent, reference_date=reference_date, lot_share=lot_share)
