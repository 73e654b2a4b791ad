"""Whether the interface can run here: a terminal to draw in and read keys from.

Started from a script, a cron job or with its output redirected (``ecoparc >
out.txt``), the interface would write escape codes into a file and wait for keys
that never come. Both launchers (``ecoparc``/``ecoparc tui`` and ``python -m tui``)
refuse instead with :data:`NO_TERMINAL`. The sessions of ``ecoparc serve`` talk to
the browser through pipes: textual-serve names its web driver in
:data:`WEB_DRIVER_ENV`, and they run.
"""

from __future__ import annotations

import os
import sys
from typing import Final

#: Set by textual-serve for each browser session of ``ecoparc serve``.
WEB_DRIVER_ENV: Final = "TEXTUAL_DRIVER"
#: The refusal (French; the command line words it in its language: factors/english.py).
NO_TERMINAL: Final = (
    "l'interface a besoin d'un terminal : dans un script, utilisez les commandes "
    "(ecoparc --help) ; pour un navigateur, ecoparc serve"
)


def has_terminal() -> bool:
    """Whether standard input and output are a terminal, or a web driver is named."""
    if os.environ.get(WEB_DRIVER_ENV):
        return True
    return (
        sys.stdin is not None
        and sys.stdout is not None
        and (sys.stdin.isatty() and sys.stdout.isatty())
    )
