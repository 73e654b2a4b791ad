"""The parts of a workbook archive as calamine finds them, shared by the extent
checks (readers.py) and the search for cells in error (error_cells.py)."""

from __future__ import annotations

import posixpath
import re
import string
from typing import Final

#: A relationship of ``xl/_rels/workbook.*.rels``, and the part it points to.
RELATIONSHIP: Final = re.compile(rb"<Relationship\b[^>]*>")
TARGET: Final = re.compile(rb"""\bTarget\s*=\s*["']([^"']*)["']""")

#: ASCII capitals to small letters, and nothing else (Rust's ``to_ascii_lowercase``).
_ASCII_LOWER: Final = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def zip_key(name: str) -> str:
    """A part's name as calamine looks parts up: ``\\`` read as ``/``, ASCII letters
    in either case (``XL/Worksheets/Sheet1.XML`` is the first sheet; a sheet so named
    escaped the extent check, and one far cell made calamine ask for 512 GB)."""
    return name.replace("\\", "/").translate(_ASCII_LOWER)


def target_keys(target: bytes) -> set[str]:
    """The keys of the parts a relationship's target may name: from the package's
    root or from ``xl/``, as written or resolved; whichever a reader takes is checked."""
    where = target.decode("utf-8", "replace")
    return set(map(zip_key, (where.lstrip("/"), "xl/" + where, posixpath.normpath("xl/" + where))))


def column_index(letters: bytes) -> int:
    """A cell reference's column letters as a 0-based index (``A`` 0, ``AB`` 27)."""
    index = 0
    for byte in letters:
        index = index * 26 + byte - 64
    return index - 1
