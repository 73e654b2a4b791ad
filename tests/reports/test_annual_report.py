"""The annual HTML report: same figures as the REEN workbook, self-contained, accessible markup.

The commands run in-process on a database seeded with the hand-built fleet
(a donation to a named partner added); the HTML is parsed with lxml and held
against the workbook ``ecoparc report reen`` writes for the same year and scope.
Both files of both scopes are written once for the module (the REEN history and
the scenarios take several seconds): those tests are ``slow``. The browser checks
(console, network, print, axe-core) are in tests/browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc
from hand_fleet import seed_database
from lxml import html
from openpyxl import load_workbook
from sqlalchemy import insert, update

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.models import Disposal, Partner
from footprint.indicators.reen import CONSOLIDATED, INDICATOR_BY_CODE, INDICATORS
from footprint.reports.reen_xlsx import share_or_number

#: One worker builds the shared files once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("annual-report")


PARTNER = "Association <Solidarité> & Numérique"


def _run(url: str, *args: str) -> str:
    result = ecoparc("--db", url, "--lang", "fr", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _seed(url: str) -> None:
    """The hand-built fleet, its donation given to a partner whose name needs escaping."""
    seed_database(url)
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(insert(Partner), [{"id": 1, "name": PARTNER, "kind": "association"}])
        session.execute(update(Disposal).where(Disposal.channel == "donation").values(partner_id=1))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, tuple[Path, Path]]:
    """scope (None: every entity) → (REEN workbook, annual report) of 2024."""
    from fleet.schema import upgrade

    folder = tmp_path_factory.mktemp("annual")
    url = f"sqlite:///{folder / 'hand.db'}"
    upgrade(url, backup=False)
    _seed(url)
    files: dict[str | None, tuple[Path, Path]] = {}
    for entity in (None, "Alpha"):
        scope = ["--entity", entity] if entity else []
        xlsx, page = folder / f"reen-{entity}.xlsx", folder / f"rapport-{entity}.html"
        _run(url, "report", "reen", "--year", "2024", *scope, "-o", str(xlsx))
        out = _run(url, "report", "annual", "--year", "2024", *scope, "-o", str(page))
        assert f"Rapport annuel 2024 écrit : {page}" in out
        files[entity] = (xlsx, page)
    dispose_engines()
    return files


def _workbook_values(path: Path) -> dict[tuple[str, str], float | None]:
    """(code, scope) → value of every indicator row of every indicator sheet."""
    wb = load_workbook(path)
    values: dict[tuple[str, str], float | None] = {}
    for sheet in wb.worksheets:
        if sheet.title in ("Couverture", "Tendance", "Annexe équipements"):
            continue
        scope = CONSOLIDATED if sheet.title == "Indicateurs" else sheet.title
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if len(row) > 6 and isinstance(row[6], str) and row[6] in INDICATOR_BY_CODE:
                values[(row[6], scope)] = row[1]
                target = INDICATOR_BY_CODE[row[6]].target
                if target is not None:
                    values[(target, scope)] = row[3]
    return values


@pytest.mark.slow
@pytest.mark.parametrize("entity", [None, "Alpha"])
def test_every_figure_equals_the_reen_workbook(written, entity: str | None) -> None:
    xlsx, page = written[entity]
    expected = _workbook_values(xlsx)
    doc = html.fromstring(page.read_bytes())
    spans = doc.xpath("//span[@data-code]")
    assert len(spans) > 40
    for span in spans:
        code, where = span.get("data-code"), span.get("data-scope")
        workbook = expected[(code, where)]
        raw = span.get("data-value")
        if workbook is None:
            assert raw == "" and span.text_content() == "—", (code, where)
            continue
        assert float(raw) == pytest.approx(workbook, rel=1e-12, abs=1e-12), (code, where)
        shown = share_or_number(float(workbook), INDICATOR_BY_CODE[code].is_share, "fr")
        assert span.text_content() == shown, (code, where)
    seen = {span.get("data-code") for span in spans if span.get("data-scope") == CONSOLIDATED}
    assert {i.code for i in INDICATORS if not i.code.endswith("_target")} <= seen
    if entity is None:
        assert {s.get("data-scope") for s in spans} >= {CONSOLIDATED, "Alpha", "Beta"}
    else:
        assert {s.get("data-scope") for s in spans} == {CONSOLIDATED, "Alpha", "Beta"}


@pytest.mark.slow
def test_summary_reuse_year_and_method(written) -> None:
    page = written[None][1]
    doc = html.fromstring(page.read_bytes())
    summary = doc.xpath("//section[@aria-labelledby='synthese']")[0].text_content()
    for words in ("Empreinte carbone", "Par agent", "loi AGEC", "décret 2023-266", "leviers"):
        assert words in summary
    levers = doc.xpath("//section[@aria-labelledby='synthese']//table[2]/tbody/tr")
    assert len(levers) == 3
    reuse = doc.xpath("//section[@aria-labelledby='reemploi']")[0]
    assert PARTNER in reuse.text_content()  # escaped in the file, read back as text
    reused = reuse.xpath(".//*[@data-fact='reused_kg']")[0]
    assert float(reused.get("data-value")) > 0
    method = doc.xpath("//section[@aria-labelledby='methode']")[0].text_content()
    assert "Facteur électrique" in method and "Horizon" in method
    assert "<Solidarité>" not in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_self_contained_printable_accessible_markup(written) -> None:
    page = written[None][1]
    text = page.read_text(encoding="utf-8")
    doc = html.fromstring(text.encode())
    assert doc.get("lang") == "fr"
    assert not doc.xpath("//script | //link | //img | //iframe")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", text)
    assert not re.search(r"url\((?![\"']?#)", text)  # only references inside the page
    assert "size: A4" in text and "break-after: page" in text
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    svgs = doc.xpath("//svg")
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.get("role") == "img"
        assert re.search(r"\d", svg.get("aria-label", ""))
        assert svg.getparent().tag == "figure"
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    for table in doc.xpath("//table"):
        assert table.xpath("./caption") and table.xpath("./thead/tr/th[@scope='col']")


def test_every_indicator_has_a_definition() -> None:
    """One text per indicator and language (footprint.indicators.reen), which the
    annual report and the workbook's method sheet both print."""
    for indicator in INDICATORS:
        for lang in ("fr", "en"):
            assert indicator.definition(lang).endswith("."), (indicator.code, lang)


def test_annual_command_refuses_another_format(sqlite_url: str, tmp_path: Path) -> None:
    pdf = str(tmp_path / "r.pdf")
    result = ecoparc("--db", sqlite_url, "report", "annual", "--year", "2024", "-o", pdf)
    assert result.returncode == 2
    assert "HTML" in result.stderr and "Traceback" not in result.stderr
