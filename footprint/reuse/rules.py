"""Which devices leave service, and where each one should go, with the reasons why.

A device is a candidate only with a reason to leave (docs/regulation.md §7):
retired, broken, retirement planned, returned by its user, flagged by hand,
not eligible for Windows 11 under its entity's policy, or past its lifespan
when worn or when the rules set a renewal age. A device in stock with none of
them is the spare pool, not a departure: its units appear only when an open
need of another entity asks for them. Each candidate is then routed per
docs/regulation.md §3, §4 and §7 (décret 2023-266, MiNumEco « Fin d'usage »),
with every threshold read from the rules file (:mod:`footprint.reuse.config`):

1. classified or specially protected data → WEEE, after certified destruction;
2. not working (status ``broken`` or a condition such as « HS ») → WEEE;
3. older than 10 years → WEEE through an approved eco-organism;
4. an open need of another entity matches (category, minimum specs) →
   internal redeployment;
5. working and younger than its category's lifespan → back to the spare pool
   (no exit: sale, donation or recycling need an explicit reason, given by
   the person who overrides the route);
6. a public-body partner takes the category → transfer to another public body;
7. younger than 5 years, or residual value over €300 → sale;
8. otherwise → donation.

A PC that cannot run Windows 11 skips the routes the rules reserve to Windows
machines (internal, spare pool and public by default) and goes to a partner
that installs Linux. Data erasure is required before any hand-over, whatever
the route.

Conditions are evaluated on whole columns with ``np.select``; the only loop is
over open needs (:mod:`footprint.reuse.needs`), and partners are chosen by a
join.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.vocabulary import ROUTES

from ..columns import dates, flags, floats, texts
from ..engine import DAYS_PER_YEAR
from .config import ReuseRules, default_rules
from .factor_lookup import reference_lookup
from .needs import match_needs
from .windows11 import W11_COLUMNS, windows11_eligibility, windows11_failures

#: Statuses never offered again: already assigned to a channel, or gone.
SETTLED_STATUSES: tuple[str, ...] = ("reuse_pending", "disposed")

#: Why a device is a candidate (docs/regulation.md §7), in the order its reasons
#: are listed; the first is its ``candidate_reason``. A device in stock with none of
#: them is the spare pool of internal redeployment, never a departure.
CANDIDATE_REASONS: dict[str, tuple[str, str]] = {
    "flagged": ("signalé à la main", "flagged by hand"),
    "retired": ("retiré du service", "retired from service"),
    "broken": ("hors d'usage", "not working"),
    "retirement_planned": ("retrait prévu", "retirement planned"),
    "returned": ("rendu par son utilisateur", "returned by its user"),
    "windows11": ("non éligible à Windows 11", "not eligible for Windows 11"),
    "past_lifespan": ("durée de vie dépassée", "past its lifespan"),
    "spare_for_need": ("stock de réserve demandé par un besoin", "spare asked for by a need"),
}

#: Reason codes of the routing, in the order the rules are applied.
REASON_CODES: tuple[str, ...] = (
    "classified",
    "not_working",
    "over_max_age",
    "need_match",
    "younger_than_lifespan",
    "public_body",
    "young",
    "valuable",
    "low_value",
)

ROUTE_COLUMNS: tuple[str, ...] = (
    "device_id",
    "serial",
    "name",
    "entity",
    "entity_id",
    "site",
    "category",
    "manufacturer",
    "model",
    "quantity",
    "status",
    "condition",
    "purchase_date",
    "age_years",
    "residual_value_eur",
    "weight_kg",
    "classified",
    "windows11",
    "lifespan_years",
    "candidate_reason",
    "candidate_reasons",
    "motives",
    "route",
    "reason_code",
    "reason",
    "partner",
    "partner_id",
    "need_id",
    "to_entity",
    "to_entity_id",
    "erasure_required",
)


# ---------------------------------------------------------------------------- inputs


def age_years(frame: pd.DataFrame, as_of: date) -> np.ndarray:
    """Years since purchase (else commissioning) at ``as_of``; NaN when undated."""
    start = pd.to_datetime(frame["purchase_date"], errors="coerce")
    if "commissioning_date" in frame.columns:
        start = start.fillna(pd.to_datetime(frame["commissioning_date"], errors="coerce"))
    days = (pd.Timestamp(as_of) - start).dt.days.to_numpy(dtype=np.float64, na_value=np.nan)
    return days / DAYS_PER_YEAR


def residual_value(frame: pd.DataFrame, age: np.ndarray, rules: ReuseRules) -> np.ndarray:
    """Unit price depreciated straight-line over the category's accounting period.

    Fully depreciated devices are worth 0 even when their price is unknown; an
    unknown price of a device still within its period gives NaN.
    """
    price = floats(frame, "price_eur")
    period = frame["category"].map(rules.accounting_years).fillna(rules.default_accounting_years)
    remaining = np.clip(1.0 - age / period.to_numpy(dtype=np.float64), 0.0, 1.0)
    value = price * remaining
    return np.where(remaining == 0.0, 0.0, value)


def not_working(frame: pd.DataFrame, rules: ReuseRules) -> np.ndarray:
    """Status ``broken`` or a condition the rules list as out of order."""
    condition = texts(frame, "condition").str.strip().str.casefold()
    listed = condition.isin(list(rules.not_working)).to_numpy(dtype=bool)
    return (texts(frame, "status") == "broken").fillna(False).to_numpy(dtype=bool) | listed


def category_lifespan(
    frame: pd.DataFrame, rules: ReuseRules, lifespans: np.ndarray | None
) -> np.ndarray:
    """The renewal age the rules set for the category, else the reference lifespan,
    else NaN (unknown: no device is then known to be younger than its lifespan)."""
    by_rules = (
        frame["category"].map(rules.replacement_years).to_numpy(dtype=np.float64, na_value=np.nan)
    )
    if lifespans is None:
        return by_rules
    return np.where(np.isnan(by_rules), lifespans, by_rules)


_LINUX_OS = r"linux|ubuntu|debian|fedora|mint|chrome\s*os|chromeos|freebsd"


def reason_flags(
    frame: pd.DataFrame, rules: ReuseRules, as_of: date, lifespans: np.ndarray | None = None
) -> pd.DataFrame:
    """One boolean column per :data:`CANDIDATE_REASONS` code (docs/regulation.md §7).

    Settled devices (already assigned, or gone) carry none. ``lifespans`` are the
    reference lifespans of the rows (:func:`category_lifespan`).
    """
    status = texts(frame, "status").fillna("")
    open_ = ~status.isin(SETTLED_STATUSES).to_numpy(bool)
    condition = texts(frame, "condition").str.strip().str.casefold()
    age = age_years(frame, as_of)
    limit = category_lifespan(frame, rules, lifespans)
    retire_on = dates(frame, "retirement_date")
    horizon = pd.Timestamp(as_of) + pd.Timedelta(days=rules.retirement_notice_days)
    in_use = status.isin(("in_service", "in_stock")).to_numpy(bool)
    policy = frame["entity"].astype("str").fillna("").map(rules.w11_replaces)
    on_linux = texts(frame, "os").str.contains(_LINUX_OS, case=False, regex=True)
    no_w11 = windows11_eligibility(frame, rules)["windows11"] == "not_eligible"
    renewal_set = frame["category"].isin(list(rules.replacement_years)).to_numpy(bool)
    worn = condition.isin(list(rules.worn)).to_numpy(bool)
    columns = {
        "flagged": flags(frame, "reuse_flagged"),
        "retired": (status == "retired").to_numpy(bool),
        "broken": not_working(frame, rules),
        "retirement_planned": in_use & (retire_on <= horizon).to_numpy(bool),
        "returned": condition.isin(list(rules.returned)).to_numpy(bool),
        "windows11": (no_w11 & policy.astype(bool) & ~on_linux.fillna(False)).to_numpy(bool),
        "past_lifespan": (age >= limit) & (worn | renewal_set),
    }
    found = pd.DataFrame(
        {code: values & open_ for code, values in columns.items()}, index=frame.index
    )
    # A spare leaves the pool only for an open need of another entity (route_devices).
    found["spare_for_need"] = (status == "in_stock").to_numpy(bool) & ~found.to_numpy(bool).any(
        axis=1
    )
    return found


def _date_words(values: pd.Series, lang: str) -> pd.Series:
    text: pd.Series = values.dt.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    return text.astype("str")


def motive_texts(
    frame: pd.DataFrame,
    reasons: pd.DataFrame,
    rules: ReuseRules,
    as_of: date,
    lifespans: np.ndarray | None,
    lang: str,
) -> pd.Series:
    """Every reason of each candidate, worded with its facts and joined by « ; »."""
    fr = lang == "fr"
    index = frame.index
    condition = texts(frame, "condition").fillna("")
    quoted = condition.radd("état « " if fr else "condition '") + (" »" if fr else "'")
    broken_status = (texts(frame, "status") == "broken").fillna(False)
    age = age_years(frame, as_of)
    limit = category_lifespan(frame, rules, lifespans)
    renewal_set = frame["category"].isin(list(rules.replacement_years))
    over = (
        _age_words(age, lang).set_axis(index)
        + (" pour une durée de vie de " if fr else " for a lifespan of ")
        + _num(limit, lang).set_axis(index)
        + (" ans" if fr else " years")
    )
    why_over = (", " + quoted).where(
        ~renewal_set,
        ", renouvellement fixé par les règles" if fr else ", renewal age set by the rules",
    )
    words: dict[str, pd.Series] = {
        "flagged": pd.Series(
            "signalé à la main" if fr else "flagged by hand", index=index, dtype="str"
        ),
        "retired": pd.Series(
            "statut « retiré »" if fr else "status 'retired'", index=index, dtype="str"
        ),
        "broken": quoted.where(~broken_status, "statut « en panne »" if fr else "status 'broken'")
        .radd("hors d'usage (" if fr else "not working (")
        .add(")"),
        "retirement_planned": _date_words(dates(frame, "retirement_date"), lang).radd(
            "retrait prévu le " if fr else "retirement planned on "
        ),
        "returned": quoted.radd(
            "rendu par son utilisateur (" if fr else "returned by its user ("
        ).add(")"),
        "windows11": pd.Series(
            "non éligible à Windows 11 (politique de l'entité : le remplacer)"
            if fr
            else "not eligible for Windows 11 (entity policy: replace it)",
            index=index,
            dtype="str",
        ),
        "past_lifespan": over + why_over,
        "spare_for_need": pd.Series(
            "en stock de réserve, demandé par le besoin d'une autre entité"
            if fr
            else "spare in stock, asked for by another entity's need",
            index=index,
            dtype="str",
        ),
    }
    text = pd.Series("", index=index, dtype="str")
    for code, worded in words.items():
        mask = reasons[code].to_numpy(bool)
        joined = text.where(text == "", text + " ; ") + worded
        text = text.where(~mask, joined)
    return text.fillna("")


def candidate_counts(routes: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """Candidates per reason: ``reason`` (code), ``label``, ``devices``, ``units``.

    A device with several reasons counts under each (a lot split by a need once);
    the last row, ``total``, counts every candidate once.
    """
    devices = routes.drop_duplicates("device_id")
    units = routes.groupby("device_id")["quantity"].sum()
    codes = devices["candidate_reasons"].astype("str").str.split("|")
    exploded = pd.DataFrame(
        {"reason": codes.to_numpy(), "device_id": devices["device_id"].to_numpy()}
    ).explode("reason")
    exploded["units"] = exploded["device_id"].map(units).fillna(0).astype("int64")
    counted = exploded.groupby("reason").agg(devices=("device_id", "size"), units=("units", "sum"))
    at = 0 if lang == "fr" else 1
    rows = [
        {
            "reason": code,
            "label": labels[at],
            "devices": int(counted["devices"].get(code, 0)),
            "units": int(counted["units"].get(code, 0)),
        }
        for code, labels in CANDIDATE_REASONS.items()
    ]
    rows.append(
        {
            "reason": "total",
            "label": "tous les candidats" if lang == "fr" else "all candidates",
            "devices": len(devices),
            "units": int(units.sum()),
        }
    )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- partners


def public_categories(partners: pd.DataFrame | None, rules: ReuseRules) -> set[str] | None:
    """Categories a public body takes; None means every category."""
    accepted = set(rules.public_transfer_categories)
    if partners is None or partners.empty:
        return accepted
    kinds = set(rules.partner_kinds.get("public_transfer", ()))
    public = partners.loc[partners["kind"].isin(list(kinds))]
    for raw in public["categories"]:
        if pd.isna(raw) or not str(raw).strip():
            return None
        accepted.update(c.strip() for c in str(raw).split("|") if c.strip())
    return accepted


def _partner_table(partners: pd.DataFrame, rules: ReuseRules) -> pd.DataFrame:
    """One row per (route, category or '*', partner), in partner order."""
    frames = []
    for route, kinds in rules.partner_kinds.items():
        chosen = partners.loc[partners["kind"].isin(list(kinds))]
        if chosen.empty:
            continue
        text = chosen["categories"].astype("str").fillna("").str.strip()
        cats = text.where(text != "", "*").str.split("|")
        frames.append(
            pd.DataFrame(
                {
                    "route": route,
                    "p_category": cats.to_numpy(),
                    "partner": chosen["name"].to_numpy(),
                    "partner_id": chosen["partner_id"].to_numpy(),
                    "linux": chosen["installs_linux"].fillna(False).astype(bool).to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["route", "p_category", "partner", "partner_id", "linux"])
    table = pd.concat(frames, ignore_index=True).explode("p_category")
    table["p_category"] = table["p_category"].str.strip()
    return table.sort_values(["route", "partner_id"], kind="stable")


def choose_partners(
    routed: pd.DataFrame, partners: pd.DataFrame | None, rules: ReuseRules, need_linux: np.ndarray
) -> pd.DataFrame:
    """The first partner (by id) of the route's kinds that accepts the category and,
    for a PC that cannot run Windows 11, installs Linux. Columns partner, partner_id."""
    out = pd.DataFrame(
        {
            "partner": pd.Series(pd.NA, index=routed.index, dtype="str"),
            "partner_id": pd.Series(pd.NA, index=routed.index, dtype="Int64"),
        }
    )
    if partners is None or partners.empty or routed.empty:
        return out
    table = _partner_table(partners, rules)
    if table.empty:
        return out
    keys = pd.DataFrame(
        {
            "row": np.arange(len(routed)),
            "route": routed["route"].to_numpy(),
            "category": routed["category"].to_numpy(),
            "need_linux": need_linux,
        }
    )
    pairs = keys.merge(table, on="route", how="inner")
    fits = ((pairs["p_category"] == "*") | (pairs["p_category"] == pairs["category"])) & (
        ~pairs["need_linux"] | pairs["linux"]
    )
    best = pairs.loc[fits].drop_duplicates("row", keep="first")
    rows = best["row"].to_numpy()
    out.iloc[rows, 0] = best["partner"].to_numpy()
    out.iloc[rows, 1] = best["partner_id"].to_numpy()
    return out


# ---------------------------------------------------------------------------- wording


def _num(values: np.ndarray, lang: str, decimals: int = 1) -> pd.Series:
    text = pd.Series(np.round(values, decimals)).astype("str")
    if decimals == 0:
        text = text.str.removesuffix(".0")
    return text.str.replace(".", ",", regex=False) if lang == "fr" else text


def _age_words(age: np.ndarray, lang: str) -> pd.Series:
    known = _num(age, lang) + (" ans" if lang == "fr" else " years")
    unknown = "âge inconnu" if lang == "fr" else "age unknown"
    return known.where(~np.isnan(age), unknown)


def _value_words(value: np.ndarray, lang: str) -> pd.Series:
    prefix = "valeur résiduelle " if lang == "fr" else "residual value "
    known = _num(value, lang, 0).radd(prefix) + " €"
    unknown = "valeur résiduelle inconnue" if lang == "fr" else "residual value unknown"
    return known.where(~np.isnan(value), unknown)


def _reason_texts(
    name: str,
    rows: pd.DataFrame,
    age: np.ndarray,
    value: np.ndarray,
    rules: ReuseRules,
    lang: str,
) -> pd.Series:
    """The reason of the rows whose reason code is ``name``."""
    fr = lang == "fr"
    if name == "classified":
        return pd.Series(
            "Données classifiées ou spécialement protégées : exclu du réemploi "
            "(décret 2023-266) ; destruction certifiée du support puis recyclage DEEE"
            if fr
            else "Classified or specially protected data: excluded from reuse "
            "(décret 2023-266); certified destruction of the storage, then WEEE recycling",
            index=rows.index,
            dtype="str",
        )
    if name == "not_working":
        broken = (rows["status"] == "broken").fillna(False).to_numpy(bool)
        condition = rows["condition"].astype("str").fillna("")
        described = condition.radd("état « " if fr else "condition '") + (" »" if fr else "'")
        what = described.where(~broken, "statut « en panne »" if fr else "status 'broken'")
        return what.radd("Hors d'usage (" if fr else "Not working (") + (
            ") : recyclage DEEE par un éco-organisme agréé"
            if fr
            else "): WEEE recycling through an approved eco-organism"
        )
    age_w = _age_words(age, lang).set_axis(rows.index)
    max_age = f"{rules.max_reuse_years:g}"
    if name == "over_max_age":
        return age_w + (
            f", plus de {max_age} ans : recyclage DEEE par un éco-organisme agréé "
            "(exclu du taux de réemploi)"
            if fr
            else f", over {max_age} years: WEEE recycling through an approved eco-organism "
            "(excluded from the reuse rate)"
        )
    working = age_w.radd("En état, " if fr else "Working, ")
    if name == "need_match":
        need = rows["need_id"].astype("Int64").astype("str").fillna("?")
        to_entity = rows["to_entity"].astype("str").fillna("?")
        return (
            working
            + (" : répond au besoin n° " if fr else ": matches need no. ")
            + need
            + (" de « " if fr else " of '")
            + to_entity
            + (
                " » (catégorie et specs minimales) : redéploiement interne"
                if fr
                else "' (category and minimum specs): internal redeployment"
            )
        )
    if name == "younger_than_lifespan":
        life = _num(rows["lifespan_years"].to_numpy(dtype=np.float64), lang).set_axis(rows.index)
        return (
            working
            + (
                ", plus jeune que la durée de vie de sa catégorie ("
                if fr
                else ", younger than its category's lifespan ("
            )
            + life
            + (
                " ans) : retour au stock de réserve pour un redéploiement interne "
                "(une sortie demande un motif explicite)"
                if fr
                else " years): back to the spare pool for internal redeployment "
                "(an exit needs an explicit reason)"
            )
        )
    if name == "public_body":
        return working + (
            ", aucun besoin interne : cession à un autre organisme public"
            if fr
            else ", no internal need: transfer to another public body"
        )
    if name == "young":
        sale_age = f"{rules.sale_below_years:g}"
        return working + (
            f" (moins de {sale_age} ans) : vente" if fr else f" (under {sale_age} years): sale"
        )
    cap = f"{rules.donation_max_eur:g}"
    value_w = _value_words(value, lang).set_axis(rows.index)
    if name == "valuable":
        return (
            working
            + ", "
            + value_w
            + (f" (plus de {cap} €) : vente" if fr else f" (over €{cap}): sale")
        )
    return (
        working
        + ", "
        + value_w
        + (
            f" (au plus {cap} €) : don (associations, ESUS, agents)"
            if fr
            else f" (at most €{cap}): donation (associations, social enterprises, staff)"
        )
    )


def _reasons(
    rows: pd.DataFrame,
    code: np.ndarray,
    age: np.ndarray,
    value: np.ndarray,
    rules: ReuseRules,
    lang: str,
) -> np.ndarray:
    """The reason of every row, worded once per reason code on that code's rows."""
    reason = np.empty(len(rows), dtype=object)
    for name in REASON_CODES:
        mask = code == name
        if mask.any():
            worded = _reason_texts(name, rows.loc[mask], age[mask], value[mask], rules, lang)
            reason[mask] = worded.to_numpy(dtype=object)
    return reason


# ---------------------------------------------------------------------------- routing


def empty_routes() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ROUTE_COLUMNS})


def route_devices(
    frame: pd.DataFrame,
    rules: ReuseRules | None = None,
    *,
    needs: pd.DataFrame | None = None,
    partners: pd.DataFrame | None = None,
    factor_set: FactorSet | None = None,
    as_of: date | None = None,
    lang: str = "fr",
) -> pd.DataFrame:
    """The candidates of a fleet frame, each with its reasons, route and partner.

    A device is a candidate when it has at least one of the reasons of
    :func:`reason_flags` (docs/regulation.md §7); ``candidate_reasons`` lists
    their codes ('|'-separated), ``motives`` words them. ``needs`` has
    :data:`footprint.reuse.needs.NEED_COLUMNS` (open needs only, optionally
    ``remaining``); ``partners`` has ``partner_id, name, kind, categories
    ('|'-separated, empty = all), installs_linux``. The ``factor_set`` gives each
    category's lifespan and the references' weights. A lot split by a need comes
    out as two rows of the same ``device_id`` (the units redeployed, the rest).
    Columns: :data:`ROUTE_COLUMNS`.
    """
    rules = rules or default_rules()
    as_of = as_of or date.today()
    if frame.empty:
        return empty_routes()
    lookup = reference_lookup(frame, factor_set) if factor_set is not None else None
    lifespans = None if lookup is None else lookup["lifespan_years"].to_numpy(dtype=np.float64)
    reasons = reason_flags(frame, rules, as_of, lifespans)
    if needs is None or needs.empty:
        reasons["spare_for_need"] = False
    chosen = np.asarray(reasons.to_numpy(bool).any(axis=1), dtype=bool)
    rows = frame.loc[chosen].reset_index(drop=True)
    if rows.empty:
        return empty_routes()
    reasons = reasons.loc[chosen].reset_index(drop=True)
    kept = None if lifespans is None else lifespans[chosen]
    rows["lifespan_years"] = category_lifespan(rows, rules, kept)
    codes = pd.Series("", index=rows.index, dtype="str")
    for code in CANDIDATE_REASONS:
        mask = reasons[code].to_numpy(bool)
        codes = codes.where(~mask, codes.where(codes == "", codes + "|") + code)
    rows["candidate_reasons"] = codes
    rows["candidate_reason"] = codes.str.split("|").str[0]
    rows["motives"] = motive_texts(rows, reasons, rules, as_of, kept, lang)
    weight = floats(rows, "weight_kg")
    if lookup is not None:
        weight = np.where(np.isnan(weight), lookup["weight_kg"].to_numpy()[chosen], weight)
    rows["weight_kg"] = weight
    for column in ("serial", "name", "site", "manufacturer", "model", "condition"):
        if column not in rows.columns:
            rows[column] = pd.Series(pd.NA, index=rows.index, dtype="str")
    rows["classified"] = flags(rows, "classified")
    rows["age_years"] = age_years(rows, as_of)

    checks = windows11_eligibility(rows, rules)
    for column in checks.columns:
        rows[column] = checks[column].array
    no_w11 = (checks["windows11"] == "not_eligible").to_numpy()
    fit = (
        ~rows["classified"].to_numpy()
        & ~not_working(rows, rules)
        & ~(rows["age_years"].to_numpy() > rules.max_reuse_years)
    )
    rows = _split_for_needs(rows, needs, fit & ~(no_w11 & _needs_w11(rules, "internal_redeploy")))
    unasked = (rows["candidate_reasons"] == "spare_for_need") & rows["need_id"].isna()
    rows = rows.loc[~unasked.to_numpy(bool)]
    if rows.empty:
        return empty_routes()
    return _decide(rows, rules, partners, as_of, lang)


def _needs_w11(rules: ReuseRules, route: str) -> bool:
    return route in rules.w11_required_for


def _split_for_needs(
    rows: pd.DataFrame, needs: pd.DataFrame | None, pool: np.ndarray
) -> pd.DataFrame:
    """Rows given to needs (one per allocation) followed by the units left over."""
    rows = rows.assign(
        need_id=pd.Series(pd.NA, index=rows.index, dtype="Int64"),
        to_entity=pd.Series(pd.NA, index=rows.index, dtype="str"),
        to_entity_id=pd.Series(pd.NA, index=rows.index, dtype="Int64"),
    )
    if needs is None or needs.empty or not pool.any():
        return rows
    allocations = match_needs(rows.loc[pool].drop_duplicates("device_id"), needs)
    if allocations.empty:
        return rows
    given = allocations.groupby("device_id")["units"].sum()
    left = rows["quantity"].to_numpy(dtype=np.int64) - rows["device_id"].map(given).fillna(
        0
    ).to_numpy(dtype=np.int64)
    redeployed = (
        rows.drop(columns=["need_id", "to_entity", "to_entity_id"])
        .merge(
            allocations[["device_id", "need_id", "need_entity", "need_entity_id", "units"]],
            on="device_id",
        )
        .rename(columns={"need_entity": "to_entity", "need_entity_id": "to_entity_id"})
    )
    redeployed["quantity"] = redeployed.pop("units").astype("int64")
    rest = rows.assign(quantity=left).loc[left > 0]
    combined = pd.concat([redeployed, rest], ignore_index=True)
    ordered: pd.DataFrame = combined.sort_values(
        ["device_id", "need_id"], kind="stable", na_position="last"
    )
    return ordered


def _decide(
    rows: pd.DataFrame,
    rules: ReuseRules,
    partners: pd.DataFrame | None,
    as_of: date,
    lang: str,
) -> pd.DataFrame:
    rows = rows.reset_index(drop=True)
    age = rows["age_years"].to_numpy(dtype=np.float64)
    value = residual_value(rows, age, rules)
    checks = rows[list(W11_COLUMNS)]
    no_w11 = (checks["windows11"] == "not_eligible").to_numpy()
    classified = rows["classified"].to_numpy(dtype=bool)
    broken = not_working(rows, rules)
    too_old = age > rules.max_reuse_years
    matched = rows["need_id"].notna().to_numpy()
    public = public_categories(partners, rules)
    takes_public = (
        np.ones(len(rows), dtype=bool)
        if public is None
        else rows["category"].isin(list(public)).to_numpy(dtype=bool)
    )
    takes_public = takes_public & ~(no_w11 & _needs_w11(rules, "public_transfer"))
    young = age < rules.sale_below_years
    valuable = value > rules.donation_max_eur
    # A working device younger than its lifespan goes back to the spare pool unless
    # it cannot serve internally: only then may it be sold or given (§7).
    lifespan = rows["lifespan_years"].to_numpy(dtype=np.float64)
    keep = (age < lifespan) & ~(no_w11 & _needs_w11(rules, "internal_redeploy"))

    conditions = [classified, broken, too_old, matched, keep, takes_public, young, valuable]
    code = np.select(conditions, list(REASON_CODES[:-1]), REASON_CODES[-1])
    route = np.select(
        conditions,
        [
            "weee_recycling",
            "weee_recycling",
            "weee_recycling",
            "internal_redeploy",
            "spare_pool",
            "public_transfer",
            "sale",
            "sale",
        ],
        "donation",
    )
    rows["route"] = route
    rows["reason_code"] = code
    rows["residual_value_eur"] = np.round(value, 2)
    reason = _reasons(rows, code, age, value, rules, lang)

    external = np.isin(route, ("donation", "sale"))
    need_linux = no_w11 & external
    chosen = choose_partners(rows, partners, rules, need_linux)
    rows["partner"] = chosen["partner"].to_numpy()
    rows["partner_id"] = chosen["partner_id"].to_numpy()
    internal = route == "internal_redeploy"
    rows.loc[internal, "partner"] = rows.loc[internal, "to_entity"]

    fr = lang == "fr"
    if need_linux.any():
        failures = windows11_failures(rows.loc[need_linux], checks.loc[need_linux], rules, lang)
        no_partner = rows.loc[need_linux, "partner"].isna().to_numpy()
        note = failures.radd(
            " ; non éligible à Windows 11 (" if fr else "; not eligible for Windows 11 ("
        ) + (
            ") : à confier à un partenaire qui installe Linux"
            if fr
            else "): to a partner that installs Linux"
        )
        missing = (
            " (aucun partenaire enregistré n'installe Linux pour cette catégorie)"
            if fr
            else " (no registered partner installs Linux for this category)"
        )
        note = note.where(~no_partner, note + missing)
        reason[need_linux] = reason[need_linux] + note.to_numpy(dtype=object)
    internal_routes = list(rules.w11_required_for)
    if "internal_redeploy" in rules.w11_required_for:
        internal_routes.append("spare_pool")
    check_w11 = (checks["windows11"] == "unknown").to_numpy() & np.isin(route, internal_routes)
    reason[check_w11] = reason[check_w11] + (
        " ; éligibilité à Windows 11 à vérifier" if fr else "; check Windows 11 eligibility"
    )
    rows["reason"] = pd.Series(reason, index=rows.index, dtype="str")
    weee = route == "weee_recycling"
    rows.loc[weee & rows["partner"].isna().to_numpy(), "partner"] = rules.default_eco_organism
    rows["erasure_required"] = True
    rows["age_years"] = rows["age_years"].round(2)
    for column in ("partner_id", "need_id", "to_entity_id"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype("Int64")
    rows["to_entity"] = rows["to_entity"].astype("str")
    rows["route"] = pd.Categorical(rows["route"], categories=list(ROUTES)).astype("str")
    return rows[list(ROUTE_COLUMNS)]
