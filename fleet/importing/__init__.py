"""Spreadsheet import: any asset export in, a clean inventory out (docs/architecture.md §7).

One module per stage: ``readers`` (xlsx/ods/csv to text cells), ``mapping``
(synonyms, fuzzy suggestions), ``profiles`` (saved mappings), ``normalise`` and
``values`` (typed values), ``categories``, ``validate``, ``resolve`` (entities
and sites), ``diff``, ``incremental`` (file and row hashes of re-imports),
``pipeline`` (``run_import`` and the bulk commit),
``rejects`` (the report), ``pseudonyms`` (RGPD).
"""

from .errors import ImportFileError, ImportOptionError
from .fields import FIELDS, Field
from .limits import DEFAULT_LIMITS, Limits
from .mapping import ColumnSuggestion, suggest_mapping
from .pipeline import ImportResult, run_import
from .problems import Rejection
from .profiles import list_profiles, load_profile, save_profile
from .readers import RawTable, list_sheets, read_table
from .rejects import safe_cell, write_rejects

__all__ = [
    "DEFAULT_LIMITS",
    "FIELDS",
    "ColumnSuggestion",
    "Field",
    "ImportFileError",
    "ImportOptionError",
    "ImportResult",
    "Limits",
    "RawTable",
    "Rejection",
    "list_profiles",
    "list_sheets",
    "load_profile",
    "read_table",
    "run_import",
    "safe_cell",
    "save_profile",
    "suggest_mapping",
    "write_rejects",
]
