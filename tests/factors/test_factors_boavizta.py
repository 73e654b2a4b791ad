"""Importing manufacturer footprints in the Boavizta environmental-footprint-data layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from factors.boavizta import import_boavizta
from factors.builtin import load_builtin
from factors.factor_set import FactorSetError
from factors.loader import load_factor_set, write_factor_set
from factors.vocabulary import CATEGORIES

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
SHARED_EFD = REPO.parent / "shared" / "data" / "boavizta-efd"

#: line → reason fragment, for the unusable rows of the fixture (header is line 1).
UNUSABLE = {
    5: "ni gwp_use_ratio ni gwp_manufacturing_ratio",
    6: "disque dur",
    7: "catégorie Boavizta non reconnue",
    8: "gwp_total non numérique",
    9: "gwp_use_ratio hors de [0, 1]",
    10: "doublon de la ligne 2",
    14: "fabricant vide",
}


def gwp(fs, reference: str) -> dict[str, float]:
    impacts = fs.impacts_of(reference)
    rows = impacts.loc[impacts["criterion"] == "gwp"]
    return dict(zip(rows["phase"], rows["value"], strict=True))


@pytest.fixture(scope="module", params=["boavizta_us.csv", "boavizta_fr.csv"])
def imported(request):
    return import_boavizta(DATA / request.param, "constructeurs")


def test_both_dialects_give_the_same_set() -> None:
    us, us_problems = import_boavizta(DATA / "boavizta_us.csv", "a")
    fr, fr_problems = import_boavizta(DATA / "boavizta_fr.csv", "a")
    pd.testing.assert_frame_equal(us.references, fr.references)
    pd.testing.assert_frame_equal(us.impacts, fr.impacts)
    # reasons quote the cell as written (``1.3`` or ``1,3``): compare what precedes it
    assert [(p.line, p.reason.split(" : ")[0]) for p in us_problems] == [
        (p.line, p.reason.split(" : ")[0]) for p in fr_problems
    ]


def test_model_references_are_created(imported) -> None:
    fs, _ = imported
    models = fs.references.loc[fs.references["manufacturer"] != ""].set_index("reference")
    assert set(models.index) == {
        "dell-latitude-5420",
        "lenovo-thinkpad-e14",
        "dell-optiplex-5090-tower",
        "lenovo-thinkcentre-m70-all-in-one",
        "hp-proliant-dl380-gen10-server",
        "apple-iphone-12-64gb",
    }
    assert models.loc["lenovo-thinkcentre-m70-all-in-one", "category"] == "all_in_one"
    assert models.loc["hp-proliant-dl380-gen10-server", "manufacturer"] == "HP"
    assert models.loc["hp-proliant-dl380-gen10-server", "model"] == "ProLiant DL380 Gen10 server"
    assert models.loc["dell-latitude-5420", "annual_kwh"] == 21.35
    assert models.loc["dell-latitude-5420", "weight_kg"] == 1.4
    assert "https://example.org/latitude-5420-pcf.pdf" in models.loc["dell-latitude-5420", "source"]


def test_unusable_rows_come_back_with_line_and_reason(imported) -> None:
    _, problems = imported
    assert {p.line for p in problems} == set(UNUSABLE)
    for problem in problems:
        assert UNUSABLE[problem.line] in problem.reason
        assert problem.file.startswith("boavizta_")


def test_phase_ratios_published_are_used_directly(imported) -> None:
    fs, _ = imported
    phases = gwp(fs, "dell-latitude-5420")
    assert phases["manufacturing"] == pytest.approx(364 * 0.848)
    assert phases["distribution"] == pytest.approx(364 * 0.02)
    assert phases["end_of_life"] == pytest.approx(364 * 0.01)
    impacts = fs.impacts_of("dell-latitude-5420")
    manufacturing = impacts.loc[
        (impacts["criterion"] == "gwp") & (impacts["phase"] == "manufacturing")
    ].iloc[0]
    assert manufacturing["low"] == pytest.approx(364 * 0.848 * 0.78)
    assert manufacturing["high"] == pytest.approx(364 * 0.848 * 1.22)


def test_fallback_embodied_is_total_times_one_minus_use(imported) -> None:
    fs, _ = imported
    phases = gwp(fs, "lenovo-thinkpad-e14")
    assert sum(phases.values()) == pytest.approx(276 * (1 - 0.18), rel=1e-5)
    default = gwp(load_builtin(), "default-laptop")
    share = default["manufacturing"] / sum(default.values())
    assert phases["manufacturing"] / sum(phases.values()) == pytest.approx(share, rel=1e-4)
    # published manufacturing kept, remainder split over the missing phases
    iphone = gwp(fs, "apple-iphone-12-64gb")
    assert iphone["manufacturing"] == pytest.approx(70 * 0.83)
    assert sum(iphone.values()) == pytest.approx(70 * (1 - 0.14), rel=1e-5)


def test_manufacturing_share_alone_scales_the_other_phases(imported) -> None:
    fs, _ = imported
    phases = gwp(fs, "dell-optiplex-5090-tower")
    default = gwp(load_builtin(), "default-desktop")
    assert phases["manufacturing"] == pytest.approx(501 * 0.479)
    assert phases["distribution"] / phases["manufacturing"] == pytest.approx(
        default["distribution"] / default["manufacturing"], rel=1e-4
    )


def test_adpe_and_pe_scale_with_gwp(imported) -> None:
    fs, _ = imported
    builtin = load_builtin()
    model = fs.impact_matrix().loc["lenovo-thinkpad-e14"].groupby(level="criterion").sum()
    default = builtin.impact_matrix().loc["default-laptop"].groupby(level="criterion").sum()
    ratio = model["gwp"] / default["gwp"]
    assert model["adpe"] == pytest.approx(default["adpe"] * ratio, rel=1e-4)
    assert model["pe"] == pytest.approx(default["pe"] * ratio, rel=1e-4)


def test_imported_set_is_complete_and_round_trips(imported, tmp_path: Path) -> None:
    fs, _ = imported
    assert set(fs.defaults.index) == set(CATEGORIES)
    assert fs.electricity_factor().value == load_builtin().electricity_factor().value
    write_factor_set(fs, tmp_path / "set")
    back = load_factor_set(tmp_path / "set", name="relu")
    pd.testing.assert_frame_equal(back.references, fs.references)
    pd.testing.assert_frame_equal(back.impacts, fs.impacts)


def test_file_without_required_columns_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("manufacturer,name,category\nDell,Latitude 5420,Workplace\n", encoding="utf-8")
    with pytest.raises(FactorSetError) as error:
        import_boavizta(path, "x")
    reasons = [(p.line, p.reason) for p in error.value.problems]
    assert (1, "colonne manquante : gwp_total") in reasons


@pytest.mark.skipif(not SHARED_EFD.is_dir(), reason="Boavizta data set not available")
@pytest.mark.parametrize("file", ["boavizta-data-us.csv", "boavizta-data-fr.csv"])
def test_real_boavizta_files(file: str) -> None:
    fs, problems = import_boavizta(SHARED_EFD / file, "boavizta")
    models = fs.references.loc[fs.references["manufacturer"] != ""]
    assert len(models) > 1000
    assert len(models) + len(problems) == 1226
    assert all(p.line is not None and 2 <= p.line <= 1227 and p.reason for p in problems)
    assert "dell-latitude-5420" in set(models["reference"])
    latitude = gwp(fs, "dell-latitude-5420")
    assert latitude["manufacturing"] == pytest.approx(364 * 0.848)


@pytest.mark.skipif(not SHARED_EFD.is_dir(), reason="Boavizta data set not available")
def test_real_dialects_agree() -> None:
    us, _ = import_boavizta(SHARED_EFD / "boavizta-data-us.csv", "x")
    fr, _ = import_boavizta(SHARED_EFD / "boavizta-data-fr.csv", "x")
    # the French file also turned decimal points inside product names into commas,
    # so names and sources differ; the numbers must not
    columns = ["criterion", "phase", "value", "low", "high"]
    pd.testing.assert_frame_equal(us.impacts[columns], fr.impacts[columns])
