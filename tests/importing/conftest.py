"""Fixtures of the import tests (helpers are in ``import_support``)."""

from import_support import db, grenoble_sqlite, samples_dir, shared_db  # noqa: F401 - fixtures
