"""Matching messy inventory spellings to the built-in references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from factors.builtin import CONSTRUCTEURS_NAME, load_builtin
from factors.matching import match_devices, match_one, normalise_manufacturer

MODEL, MANUFACTURER, CATEGORY = "model", "manufacturer+category", "category"

#: (category, manufacturer, model as found in GLPI exports) → (reference, level).
#: A reference of None at level manufacturer+category means "a model reference
#: of that manufacturer and category" (the median one, checked separately).
CASES: list[tuple[str, str, str, str | None, str]] = [
    ("laptop", "Dell Inc.", "LATITUDE-5420 (i5-1145G7)", "dell-latitude-5420", MODEL),
    ("laptop", "DELL", "Latitude 5420", "dell-latitude-5420", MODEL),
    ("laptop", "Dell Computer Corporation", "Latitude 5520", "dell-latitude-5520", MODEL),
    ("laptop", "Dell Inc.", "Latitude 7420", "dell-latitude-7420", MODEL),
    ("laptop", "Dell", "Latitude 7420 2-in-1", "dell-latitude-7420-2-in-1", MODEL),
    ("laptop", "Dell Inc.", "Latitude 3520 Intel Core i5-1135G7", "dell-latitude-3520", MODEL),
    ("laptop", "", "Dell Latitude 5410", "dell-latitude-5410", MODEL),
    ("laptop", "dell inc", "latitude_5430", "dell-latitude-5430", MODEL),
    ("laptop", "To be filled by O.E.M.", "Latitude 5420", "dell-latitude-5420", MODEL),
    ("laptop", "Dell Inc.", "Latitude E7470", None, MANUFACTURER),
    ("desktop", "Dell Inc.", "OptiPlex 7090", "dell-optiplex-7090-tower", MODEL),
    ("desktop", "Dell Inc.", "OptiPlex 7090 SFF", "dell-optiplex-7090-small-form-factor", MODEL),
    ("desktop", "DELL", "OPTIPLEX 7090 Micro", "dell-optiplex-7090-micro-form-factor", MODEL),
    ("desktop", "Dell Inc.", "OptiPlex 7090 Ultra", "dell-optiplex-7090-ultra", MODEL),
    ("desktop", "Dell Inc.", "OptiPlex 7000 MFF", "dell-optiplex-7000-micro-form-factor", MODEL),
    ("desktop", "Dell Inc.", "OptiPlex 5090 Tower", "dell-optiplex-5090-tower", MODEL),
    ("desktop", "Dell Inc.", "OptiPlex 5090 MT", "dell-optiplex-5090-tower", MODEL),
    (
        "desktop",
        "Dell",
        "OptiPlex 3080 Small Form Factor",
        "dell-optiplex-3080-small-form-factor",
        MODEL,
    ),
    (
        "all_in_one",
        "Dell Inc.",
        "OptiPlex 7480 AIO",
        "dell-optiplex-7480-all-in-one-desktop",
        MODEL,
    ),
    ("monitor", "DELL", "DELL P2419H", "dell-p2419h-monitor", MODEL),
    ("monitor", "Dell Inc.", "P2422H", "dell-p2422h-monitor", MODEL),
    ("monitor", "Dell", 'Dell P2422H 24" Monitor', "dell-p2422h-monitor", MODEL),
    ("monitor", "Dell", "P2219H", "dell-p2219h-monitor", MODEL),
    ("monitor", "Dell Inc.", "E2420H", "dell-e2420h-monitor", MODEL),
    ("monitor", "Dell", "U2419H", "dell-u2419h-monitor", MODEL),
    ("monitor", "Dell", "P2419HC", None, MANUFACTURER),
    ("thin_client", "Wyse", "5070", "dell-wyse-5070-thin-client", MODEL),
    ("thin_client", "Dell Wyse", "Wyse 3040 Thin Client", "dell-wyse-3040-thin-client", MODEL),
    ("server", "Dell Inc.", "PowerEdge R640", "dell-poweredge-r640", MODEL),
    ("server", "DELL", "POWEREDGE R740XD", "dell-poweredge-r740xd", MODEL),
    ("server", "Dell Inc.", "PowerEdge R740", "dell-poweredge-r740", MODEL),
    ("server", "HPE", "ProLiant DL380 Gen10", "hp-proliant-dl380-gen10", MODEL),
    (
        "server",
        "Hewlett Packard Enterprise",
        "HPE ProLiant DL380 Gen 10",
        "hp-proliant-dl380-gen10",
        MODEL,
    ),
    ("server", "HP", "ProLiant DL380 Gen9", None, MANUFACTURER),
    ("server", "Lenovo", "ThinkSystem SR650", None, MANUFACTURER),
    ("laptop", "HP", "HP ProBook 445 G9", "hp-probook-445-14-inch-g9-notebook-pc", MODEL),
    (
        "laptop",
        "Hewlett-Packard",
        "ProBook 455 G9 Notebook PC",
        "hp-probook-455-15-6-inch-g9-notebook-pc",
        MODEL,
    ),
    (
        "laptop",
        "hp inc.",
        "HP EliteBook 645 14 inch G9",
        "hp-elitebook-645-14-inch-g9-notebook-pc",
        MODEL,
    ),
    ("laptop", "HP", "HP 250 G9", "hp-250-g9-notebook-pc", MODEL),
    ("laptop", "HP", "EliteBook 840 G8", None, MANUFACTURER),
    ("desktop", "HP", "EliteDesk 800 G6 SFF", None, MANUFACTURER),
    ("laptop", "LENOVO", "ThinkPad E14", "lenovo-thinkpad-e14", MODEL),
    ("laptop", "Lenovo", "THINKPAD T490", "lenovo-thinkpad-t490", MODEL),
    ("laptop", "LENOVO", "ThinkPad T490s", "lenovo-thinkpad-t490s", MODEL),
    ("laptop", "Lenovo", "ThinkPad X1 Carbon 5th Gen", "lenovo-thinkpad-x1-carbon-5th-gen", MODEL),
    ("laptop", "Lenovo", "ThinkPad T14 Gen 2", None, MANUFACTURER),
    ("desktop", "LENOVO", "ThinkCentre M70q", "lenovo-thinkcentre-m70-tiny", MODEL),
    ("desktop", "Lenovo", "ThinkCentre M920q", "lenovo-thinkcentre-m920-tiny", MODEL),
    ("desktop", "Lenovo", "ThinkCentre M720q", None, MANUFACTURER),
    ("monitor", "LENOVO", "ThinkVision T24i-10", "lenovo-thinkvision-t24i-10", MODEL),
    ("monitor", "Lenovo", "ThinkVision P24h-20", "lenovo-thinkvision-p24h-20", MODEL),
    ("smartphone", "Apple Inc.", "iPhone 12", "apple-iphone-12-64gb", MODEL),
    ("smartphone", "Apple", "iPhone 12 128 Go", "apple-iphone-12-128gb", MODEL),
    ("smartphone", "Apple", "iPhone 13", "apple-iphone-13-128gb", MODEL),
    ("smartphone", "APPLE", "iPhone 14", "apple-iphone-14-128gb", MODEL),
    ("smartphone", "Apple", "iPhone 14 Pro", None, MANUFACTURER),
    (
        "smartphone",
        "Apple",
        "iPhone SE (3rd generation)",
        "apple-iphone-se-3rd-generation-64gb",
        MODEL,
    ),
    ("tablet", "Apple", "iPad (9th generation)", "apple-ipad-9th-generation-64gb", MODEL),
    ("tablet", "Apple Inc.", "iPad 10e génération", "apple-ipad-10th-generation-64gb", MODEL),
    ("tablet", "Apple", "iPad Air (5th generation)", "apple-ipad-air-5th-generation-64gb", MODEL),
    ("laptop", "Apple", "MacBook Air M1", "apple-macbook-air-m1-2020-256gb", MODEL),
    (
        "smartphone",
        "SAMSUNG ELECTRONICS CO., LTD.",
        "Galaxy A12",
        "samsung-galaxy-a12-sm-a127f",
        MODEL,
    ),
    ("smartphone", "Samsung", "SM-A127F Galaxy A12", "samsung-galaxy-a12-sm-a127f", MODEL),
    ("smartphone", "Samsung", "Galaxy A52", None, MANUFACTURER),
    ("tablet", "Samsung", "Galaxy Tab S7", "samsung-galaxy-tab-s7-sm-t875", MODEL),
    ("tablet", "Microsoft Corporation", "Surface Pro 7", "microsoft-surface-pro-7", MODEL),
    ("laptop", "Microsoft", "Surface Pro 8", "microsoft-surface-pro-8", MODEL),
    ("smartphone", "Fairphone", "Fairphone 4", "fairphone-fairphone-4", MODEL),
    ("mfp", "Lexmark", "MX331adne", "lexmark-mx331adne", MODEL),
    ("printer", "LEXMARK INTERNATIONAL", "Lexmark B3442dw", "lexmark-b3442dw", MODEL),
    ("printer", "Lexmark", "MX331adne", "lexmark-mx331adne", MODEL),
    ("", "", "Latitude 5420", "dell-latitude-5420", MODEL),
    ("portable", "Dell", "Latitude 5420", "dell-latitude-5420", MODEL),
    ("laptop", "Acme", "Book 3", "default-laptop", CATEGORY),
    ("projector", "Epson", "EB-2250U", "default-projector", CATEGORY),
    ("network_switch", "Cisco", "Catalyst 2960", "default-network-switch", CATEGORY),
    ("ip_phone", "Alcatel-Lucent", "8028s", "default-ip-phone", CATEGORY),
    ("", "", "", "default-other", CATEGORY),
]


@pytest.fixture(scope="module")
def builtin():
    """The set with model references: the manufacturers' (the national set has none)."""
    return load_builtin(CONSTRUCTEURS_NAME)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize(("category", "manufacturer", "model", "reference", "level"), CASES)
def test_messy_spelling_matches(builtin, category, manufacturer, model, reference, level) -> None:
    found, found_level, score = match_one(builtin, category, manufacturer, model)
    assert found_level == level
    if reference is not None:
        assert found == reference
    else:
        row = builtin.reference_row(found)
        assert row["category"] == category
        assert row["manufacturer"] == normalise_manufacturer(manufacturer)
    assert 0.0 <= score <= 1.0


def test_vectorised_matching_agrees_with_single_matching(builtin) -> None:
    frame = pd.DataFrame(
        [c[:3] for c in CASES], columns=["category", "manufacturer", "model"]
    ).set_index(pd.Index(range(100, 100 + len(CASES))))
    frame.loc[frame.index[0], "manufacturer"] = pd.NA
    result = match_devices(frame, builtin)
    assert list(result.columns) == ["reference", "match_level", "match_score"]
    assert result.index.equals(frame.index)
    for (_, device), (_, got) in zip(frame.iterrows(), result.iterrows(), strict=True):
        manufacturer = "" if pd.isna(device["manufacturer"]) else device["manufacturer"]
        expected = match_one(builtin, device["category"], manufacturer, device["model"])
        assert (got["reference"], got["match_level"]) == expected[:2]


def test_levels_order_scores(builtin) -> None:
    model = match_one(builtin, "laptop", "Dell", "Latitude 5420 i5")[2]
    manufacturer = match_one(builtin, "laptop", "Dell", "Latitude E7470")[2]
    category = match_one(builtin, "laptop", "Acme", "Book 3")[2]
    unknown = match_one(builtin, "", "", "")[2]
    assert 1.0 >= model > manufacturer > category > unknown >= 0.0


def test_manufacturer_median_is_deterministic_and_a_real_reference(builtin) -> None:
    first = match_one(builtin, "laptop", "Dell", "Latitude E7470")
    second = match_one(builtin, "laptop", "DELL Inc.", "Latitude E5570")
    assert first[0] == second[0]
    dell = builtin.references.loc[
        (builtin.references["manufacturer"] == "Dell")
        & (builtin.references["category"] == "laptop")
    ]
    embodied = builtin.impact_matrix(["gwp"]).sum(axis=1).loc[dell["reference"]]
    ordered = sorted(zip(embodied.to_numpy(), embodied.index, strict=True))
    assert first[0] == ordered[(len(ordered) - 1) // 2][1]


def test_global_and_entity_aliases_win(builtin) -> None:
    devices = pd.DataFrame(
        {
            "category": ["laptop", "laptop", "laptop", "desktop"],
            "manufacturer": ["", "", "Dell", "Dell"],
            "model": ["PC Compta", "pc  compta", "Latitude 5420", "Poste accueil"],
            "entity": ["Meylan", "Grenoble", "Meylan", "Grenoble"],
        }
    )
    aliases = pd.DataFrame(
        {
            "model_text": ["pc compta", "PC compta", "Latitude 5420", "Poste accueil"],
            "reference": [
                "dell-latitude-5520",
                "dell-latitude-3520",
                "dell-latitude-7420",
                "no-such-reference",
            ],
            "entity": [pd.NA, "Meylan", pd.NA, pd.NA],
        }
    )
    result = match_devices(devices, builtin, aliases)
    # the entity's alias beats the global one; another entity gets the global
    # alias; an alias beats a model match
    assert list(result["reference"])[:3] == [
        "dell-latitude-3520",
        "dell-latitude-5520",
        "dell-latitude-7420",
    ]
    assert list(result["match_level"])[:3] == [MODEL, MODEL, MODEL]
    assert list(result["match_score"])[:3] == [1.0, 1.0, 1.0]
    # an alias to a reference the set does not hold is ignored
    assert result["reference"].iat[3] != "no-such-reference"
    assert result["match_level"].iat[3] == MANUFACTURER


def test_missing_columns_and_na_are_tolerated(builtin) -> None:
    devices = pd.DataFrame({"model": ["Latitude 5420", None, np.nan]})
    result = match_devices(devices, builtin)
    assert list(result["reference"]) == ["dell-latitude-5420", "default-other", "default-other"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HP", "HP"),
        ("Hewlett-Packard", "HP"),
        ("hp inc.", "HP"),
        ("Hewlett Packard Enterprise", "HP"),
        ("Dell Inc.", "Dell"),
        ("DELL", "Dell"),
        ("LENOVO", "Lenovo"),
        ("SAMSUNG ELECTRONICS CO., LTD.", "Samsung"),
        ("Apple Inc.", "Apple"),
        ("ASUSTeK COMPUTER INC.", "Asus"),
        ("To be filled by O.E.M.", ""),
        ("ACME Corp.", "ACME"),
        ("", ""),
    ],
)
def test_normalise_manufacturer(text: str, expected: str) -> None:
    assert normalise_manufacturer(text) == expected
