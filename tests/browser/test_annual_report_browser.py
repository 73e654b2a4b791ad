"""The annual report of the demo fleet in headless Chromium: no console error, no
network request, A4 pages with no chart cut by a page break, and no serious
accessibility violation found by axe-core."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc

#: One worker builds the shared files once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("browser")


#: The demo fleet's last complete year (the samples' reference date is in 2026).
YEAR = "2025"
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("annual-browser") / "rapport.html"
    url = f"sqlite:///{demo_template}"
    done = ecoparc("--db", url, "report", "annual", "--year", YEAR, "-o", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.slow
@pytest.mark.browser
def test_opens_offline_without_console_errors(chromium, report: Path) -> None:
    page = chromium.new_page()
    messages: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(report.as_uri(), wait_until="load")
        assert (
            page.locator("h1")
            .inner_text()
            .startswith(f"Rapport annuel numérique responsable {YEAR}")
        )
        assert page.locator("svg[role=img]").count() == 3
    finally:
        page.close()
    assert [m for m in messages if m.startswith(("error", "pageerror"))] == []
    assert requests == [report.as_uri()]


def _pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4_POINTS, abs=1.5)
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


@pytest.mark.slow
@pytest.mark.browser
def test_prints_on_a4_with_whole_charts(chromium, report: Path) -> None:
    page = chromium.new_page()
    try:
        page.goto(report.as_uri(), wait_until="load")
        titles = page.eval_on_selector_all(
            "figure",
            "fs => fs.map(f => [f.querySelector('svg text').textContent, "
            "f.querySelector('figcaption').textContent])",
        )
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    pages = _pages_text(pdf)
    assert len(pages) >= 5
    # the summary is one page: the REEN section starts the second
    assert "Synthèsepourlesélus" in pages[0] and "Objectifslégaux" in pages[0]
    assert pages[1].startswith("Indicateursdelastratégie")
    for first_text, caption in titles:
        top = re.sub(r"\s+", "", first_text)
        bottom = re.sub(r"\s+", "", caption)
        where_top = [i for i, text in enumerate(pages) if top in text]
        where_bottom = [i for i, text in enumerate(pages) if bottom in text]
        assert where_bottom, caption
        assert where_bottom[0] in where_top, (caption, where_top, where_bottom)


@pytest.mark.slow
@pytest.mark.browser
def test_axe_core_finds_no_serious_violation(chromium, axe_source: str, report: Path) -> None:
    page = chromium.new_page()
    try:
        page.goto(report.as_uri(), wait_until="load")
        page.add_script_tag(content=axe_source)
        results = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', "
            "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
    finally:
        page.close()
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert len(results["passes"]) > 10
