"""The reuse channel (issue 8): which devices leave service and where they go.

Works on pandas frames only (the fleet frame, a needs frame, a partners frame, a
disposals frame), never on the database, so the CLI, the TUI and the reports
share it. Entry points:

- :func:`route_devices` — candidates, their reasons, route and partner per device;
- :func:`candidate_counts` — candidates counted by reason;
- :func:`match_needs` — open needs of entities against other entities' devices;
- :func:`pickup_batches` — WEEE pick-up batches per site;
- :func:`reuse_rate` and :func:`reuse_indicators` — the décret 2023-266 rate and
  the channel, WEEE and avoided-CO2e figures;
- :func:`load_rules` — the thresholds, from ``rules.toml`` or a user file.
"""

from factors.vocabulary import REUSE_CHANNELS

from .config import ReuseRules, RulesError, default_rules, load_rules
from .indicators import (
    avoided_emissions,
    channel_counts,
    retired_stock,
    reuse_indicators,
    reuse_rate,
    reused_items,
    weee_weight,
)
from .needs import ALLOCATION_COLUMNS, NEED_COLUMNS, match_needs
from .rules import (
    CANDIDATE_REASONS,
    REASON_CODES,
    ROUTE_COLUMNS,
    candidate_counts,
    route_devices,
)
from .weee import BATCH_COLUMNS, device_weights, pickup_batches
from .windows11 import W11_STATUSES, cpu_support, windows11_eligibility

__all__ = [
    "ALLOCATION_COLUMNS",
    "BATCH_COLUMNS",
    "CANDIDATE_REASONS",
    "NEED_COLUMNS",
    "REASON_CODES",
    "REUSE_CHANNELS",
    "ROUTE_COLUMNS",
    "W11_STATUSES",
    "ReuseRules",
    "RulesError",
    "avoided_emissions",
    "candidate_counts",
    "channel_counts",
    "cpu_support",
    "default_rules",
    "device_weights",
    "load_rules",
    "match_needs",
    "pickup_batches",
    "retired_stock",
    "reuse_indicators",
    "reuse_rate",
    "reused_items",
    "route_devices",
    "weee_weight",
    "windows11_eligibility",
]
