"""The ready-made scenarios: names for the command line, labels for people.

``baseline`` keeps the current practice (replacement ages observed in the fleet,
else the reference lifespans; every purchase new): every other scenario is
compared with it. The levers are the two the MiNumEco guide puts
first: keep devices longer, buy refurbished.
"""

from __future__ import annotations

from typing import Final

from .params import ScenarioParams

BASELINE: Final = "baseline"

#: name → (French label, English label, changes from the baseline).
_PRESETS: Final[dict[str, tuple[str, str, dict[str, float]]]] = {
    BASELINE: ("Référence (pratiques actuelles)", "Baseline (current practice)", {}),
    "extend-1": ("Garder un an de plus", "Keep one year longer", {"extend_years": 1.0}),
    "extend-2": ("Garder deux ans de plus", "Keep two years longer", {"extend_years": 2.0}),
    "refurb-20": (
        "20 % d'achats reconditionnés",
        "20 % refurbished purchases",
        {"refurbished_share": 0.2},
    ),
    "refurb-50": (
        "50 % d'achats reconditionnés",
        "50 % refurbished purchases",
        {"refurbished_share": 0.5},
    ),
    "combined": (
        "Deux ans de plus et 50 % reconditionné",
        "Two years longer and 50 % refurbished",
        {"extend_years": 2.0, "refurbished_share": 0.5},
    ),
}

#: Preset names in display order.
PRESET_NAMES: Final[tuple[str, ...]] = tuple(_PRESETS)


def is_preset(name: str) -> bool:
    return name in _PRESETS


def preset_label(name: str, lang: str = "fr") -> str:
    fr, en, _ = _PRESETS[name]
    return fr if lang == "fr" else en


def preset(name: str, lang: str = "fr") -> ScenarioParams:
    """The preset ``name`` (KeyError listing the presets when unknown)."""
    if name not in _PRESETS:
        raise KeyError(f"scénario prédéfini inconnu : {name!r} (connus : {', '.join(_PRESETS)})")
    _, _, changes = _PRESETS[name]
    return ScenarioParams(
        name=name,
        label=preset_label(name, lang),
        extend_years=changes.get("extend_years", 0.0),
        refurbished_share=changes.get("refurbished_share", 0.0),
    )
