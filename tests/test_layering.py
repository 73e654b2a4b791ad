"""The non-UI packages never load a face (Textual, click, tui, cli): each is imported
in a fresh interpreter (docs/services.md, « Règles »)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _modules(package: str) -> list[str]:
    names = [package]
    for info in pkgutil.walk_packages([str(REPO / package)], prefix=f"{package}."):
        if ".migrations" not in info.name:
            names.append(info.name)
    return names


@pytest.mark.parametrize("package", ["factors", "fleet", "footprint", "services"])
def test_package_does_not_load_a_face(package: str) -> None:
    modules = _modules(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "faces = ('textual', 'tui', 'click', 'cli')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in faces)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"{package} loaded {out.stdout.strip()}"


def test_footprint_does_not_touch_the_database() -> None:
    modules = _modules("footprint")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('sqlalchemy', 'fleet', 'alembic'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
