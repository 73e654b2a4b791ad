"""Procurement scenarios: keep devices longer, buy refurbished, project the fleet.

Public entry points: :class:`ScenarioParams` (and :func:`read_toml`), the presets,
:func:`prepare_fleet` then :func:`project` for one scenario or :func:`compare` for
several side by side (the baseline first), and :func:`write_xlsx`.
"""

from .compare import Comparison, compare, write_xlsx
from .params import ScenarioError, ScenarioParams, read_toml
from .presets import BASELINE, PRESET_NAMES, is_preset, preset, preset_label
from .projection import FleetBase, ScenarioResult, prepare_fleet, project, project_many

__all__ = [
    "BASELINE",
    "PRESET_NAMES",
    "Comparison",
    "FleetBase",
    "ScenarioError",
    "ScenarioParams",
    "ScenarioResult",
    "compare",
    "is_preset",
    "prepare_fleet",
    "preset",
    "preset_label",
    "project",
    "project_many",
    "read_toml",
    "write_xlsx",
]
