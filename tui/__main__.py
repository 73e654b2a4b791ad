"""``python -m tui``: the terminal UI on its own, as ``ecoparc`` (bare) or ``ecoparc tui``
opens it, without the command line (the TUI never imports ``cli``, docs/services.md).

It reads the same two settings (``--db``, ``--lang``, else ``ECOPARC_DB``,
``ECOPARC_LANG`` and the platform defaults: :class:`services.settings.Settings`)
and refuses a database it cannot use with the same French line as the command line.
"""

from __future__ import annotations

import argparse
import sys

from services.settings import LANGUAGES, Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui", description="ecoparc — interface en mode texte."
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="Base de données (défaut : $ECOPARC_DB, sinon un fichier SQLite "
        "dans le dossier de données).",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="Langue (défaut : selon la locale).")
    args = parser.parse_args(argv)
    settings = Settings.resolve(args.db, args.lang)
    from fleet.db import describe_error
    from fleet.schema import SchemaError, require_current

    try:
        require_current(settings.db_url)
    except SchemaError as exc:
        print(f"ecoparc : erreur : {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        message = describe_error(exc, settings.db_url)
        if message is None:
            raise
        print(f"ecoparc : erreur : {message}", file=sys.stderr)
        return 1
    from .terminal import NO_TERMINAL, has_terminal

    if not has_terminal():
        print(f"ecoparc : erreur : {NO_TERMINAL}", file=sys.stderr)
        return 2
    from .app import make_app

    app = make_app(settings)
    app.run()
    if app.unforeseen is not None:
        from services.crash import EXIT_INTERNAL, unforeseen_message

        print(f"ecoparc : erreur : {unforeseen_message(app.unforeseen, ['tui'])}", file=sys.stderr)
        return EXIT_INTERNAL
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
