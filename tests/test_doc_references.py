"""Every reference from code and tests to a document resolves to a file and a heading.

Code comments point at the rules they rely on as ``docs/architecture.md §4`` (a
path from the repository root, then optionally the number of a section). A
reference to a file outside the repository (the old ``DESIGN section N``, a bare
``regulation.md``) is the kind of pointer that rots: a newcomer cannot follow it.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("factors", "fleet", "footprint", "services", "cli", "tui", "samples", "benchmarks")
SOURCES = ("pyproject.toml", "Makefile", ".ci/run")

#: A path ending in ``.md`` (from the repository root), with an optional ``§N`` or ``§N.M``.
MD_REFERENCE = re.compile(r"(?<![\w./-])([\w./-]+\.md)\b(?:,? §\s?(\d+(?:\.\d+)?))?")
#: Pointers at documents that are not in the repository.
FOREIGN = re.compile(r"DESIGN(?:\.md|\s+section)|shared/reference|reference/\w+\.md")
HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)?)[.)]? ", re.MULTILINE)


def _files() -> list[Path]:
    found = [REPO / name for name in SOURCES if (REPO / name).exists()]
    for package in (*PACKAGES, "tests"):
        found += sorted((REPO / package).rglob("*.py"))
    return [p for p in found if "__snapshots__" not in p.parts]


def _sections(document: Path) -> set[str]:
    return set(HEADING.findall(document.read_text(encoding="utf-8")))


def test_references_to_documents_resolve() -> None:
    broken: list[str] = []
    for path in _files():
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(REPO)
        broken += [f"{where}: « {m.group(0)} »" for m in FOREIGN.finditer(text)]
        for match in MD_REFERENCE.finditer(text):
            name, section = match.groups()
            document = REPO / name
            if not document.is_file():
                broken.append(f"{where}: {name} is not a file of the repository")
            elif section and section not in _sections(document):
                broken.append(f"{where}: {name} has no section {section}")
    assert not broken, "\n".join(broken)


def test_the_pattern_reads_what_the_code_writes() -> None:
    found = MD_REFERENCE.findall("formulas (docs/architecture.md §4) and docs/method.md, §5.")
    assert found == [("docs/architecture.md", "4"), ("docs/method.md", "5")]
    assert FOREIGN.search("(DESIGN section 9)") and FOREIGN.search("see DESIGN.md")
    assert {"4", "2.1"} <= set(HEADING.findall("## 4. Le cadre\n### 2.1 Ordre\n"))
