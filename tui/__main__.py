"""``python -m tui`` runs the ``ecoparc`` command (the one launcher that crosses faces)."""

from cli.main import main

main()
