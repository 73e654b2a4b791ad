"""Constants of the inventory's tables that the modules without SQLAlchemy need
(the fleet frame's columns and its reading, :mod:`fleet.frame`), apart from the models."""

from __future__ import annotations

#: The device columns that describe its hardware, in the order every device list
#: shows them (import diff, inventory export, fleet frame, detail pane).
HARDWARE_FIELDS: tuple[str, ...] = (
    "cpu",
    "ram_gb",
    "storage_gb",
    "storage_type",
    "screen_inches",
    "os",
    "tpm",
)

#: PUE applied to a server room when none is recorded (NumEcoEval's default).
DEFAULT_PUE = 1.75
