"""The device columns that describe its hardware, apart from the models so that the
fleet frame's columns are known without SQLAlchemy (:mod:`fleet.frame`)."""

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
