"""Devices without a resolved reference are matched once per distinct model."""

from __future__ import annotations

import pandas as pd

from footprint.engine import compute
from footprint.references import resolve_references


def test_unresolved_frame_is_matched(frame_of, factor_set):
    rows = [
        {"category": "laptop", "manufacturer": "Dell", "model": "Latitude 5420"},
        {"category": "laptop", "manufacturer": "Dell", "model": "Latitude 5420"},
        {"category": "laptop", "manufacturer": "Acme", "model": "Book 3"},
        {"category": "monitor"},
    ]
    frame = frame_of(rows)
    resolved = resolve_references(frame, factor_set)
    assert list(resolved.reference) == [
        "dell-latitude-5420",
        "dell-latitude-5420",
        "laptop-default",
        "monitor-default",
    ]
    assert list(resolved.match_level)[:4] == ["model", "model", "category", "category"]
    devices = compute(frame, factor_set, 2024).devices
    assert devices.loc[0, "gwp_embodied_lifecycle"] == 308.0


def test_entity_alias_applies_to_its_entity_only(frame_of, factor_set):
    rows = [
        {"category": "laptop", "model": "PC compta", "entity": "Meylan"},
        {"category": "laptop", "model": "PC compta", "entity": "Grenoble"},
    ]
    aliases = pd.DataFrame(
        {
            "model_text": pd.array(["PC compta"], dtype="str"),
            "reference": pd.array(["dell-latitude-5420"], dtype="str"),
            "entity": pd.array(["Meylan"], dtype="str"),
        }
    )
    resolved = resolve_references(frame_of(rows), factor_set, aliases)
    assert list(resolved.reference) == ["dell-latitude-5420", "laptop-default"]
    assert list(resolved.match_level) == ["model", "category"]


def test_partially_resolved_frame_matches_only_the_blanks(frame_of, factor_set):
    rows = [
        {"category": "monitor", "reference": "monitor-default", "match_level": "category"},
        {"category": "laptop", "manufacturer": "Dell", "model": "Latitude 5420", "reference": ""},
    ]
    resolved = resolve_references(frame_of(rows), factor_set)
    assert list(resolved.reference) == ["monitor-default", "dell-latitude-5420"]
