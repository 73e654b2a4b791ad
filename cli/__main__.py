"""``python -m cli`` runs the ``ecoparc`` command."""

from .main import main

main()
