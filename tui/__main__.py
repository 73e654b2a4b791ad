"""``python -m tui`` runs the ``ecoparc`` command (used by the tests)."""

from .cli import main

main()
