"""What an import accepts before it reads a byte of content, and the largest lot.

A file is checked against these limits before it is parsed, so that a pipe, a
device, a gigantic or compressed-bomb file is refused at once (exit 2) instead
of blocking the command or exhausting memory. The rules and their reasons are
in ``docs/import.md`` (« Fichiers refusés d'emblée »).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MEGABYTE: Final[int] = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits of one import; the defaults suit a commune's or a métropole's files."""

    #: Largest file read (the ``--max-size`` option, in Mo).
    max_bytes: int = 200 * MEGABYTE
    #: Total uncompressed size of a workbook's zip members: what parsing would hold.
    max_unzipped_bytes: int = 400 * MEGABYTE
    #: Largest compression ratio of a large zip member (real workbooks stay far below).
    max_zip_ratio: float = 100.0
    #: Members smaller than this are not ratio-checked (tiny files compress anyhow).
    ratio_floor_bytes: int = 4 * MEGABYTE
    #: Columns of the table (after trailing empty columns are dropped).
    max_columns: int = 500
    #: Characters of one header cell.
    max_header_chars: int = 1000
    #: Largest quantity of one lot row (the ``--max-quantity`` option).
    max_quantity: int = 100_000


DEFAULT_LIMITS: Final[Limits] = Limits()
