"""The report of an error nobody foresaw, kept for the technical team.

A person using ecoparc reads one French line, never a Python trace
(docs/architecture.md §6). When a command fails in a way no rule describes (a
bug), the line says so and names this report, which holds the trace the
developers need: the person sends the file, nothing has to be reproduced.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir

#: ``ECOPARC_DEBUG=1``: let the exception through, trace and all (developers).
DEBUG_VARIABLE = "ECOPARC_DEBUG"
#: The exit code of an error no rule foresaw: ``EX_SOFTWARE`` of BSD's ``sysexits.h``.
EXIT_INTERNAL = 70


def debugging() -> bool:
    """True when a developer asked to see exceptions as Python raises them."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def write_report(exc: BaseException, command: list[str]) -> Path | None:
    """Write the trace of ``exc`` (raised by ``ecoparc`` ``command``) to a new file
    in the data directory's « erreurs » folder, else the temporary folder; None
    when neither can be written. The file appears whole or not at all (written
    aside, then renamed). The command line is kept with its words as typed, but a
    database address loses its password."""
    from fleet.db import mask_url

    shown = [mask_url(word) if "://" in word else word for word in command]
    text = (
        f"ecoparc {' '.join(shown)}\n"
        f"{datetime.now().isoformat(timespec='seconds')} · Python {sys.version.split()[0]}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder in (
        Path(user_data_dir("ecoparc", appauthor=False)) / "erreurs",
        Path(tempfile.gettempdir()),
    ):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, aside = tempfile.mkstemp(dir=folder, prefix=".erreur-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as out:
                out.write(text)
            path = folder / f"ecoparc-erreur-{stamp}-{os.getpid()}.txt"
            os.replace(aside, path)
        except OSError:
            continue
        return path
    return None


def unforeseen_message(exc: BaseException, command: list[str]) -> str:
    """The one French line a person reads about ``exc``, a bug met by ``ecoparc``
    ``command``, after its report is written (:func:`write_report`). A database
    write in progress is rolled back by its unit of work as the exception leaves
    it, and files are written aside then renamed: nothing is left half-changed."""
    report = write_report(exc, command)
    where = (
        f"le rapport {report}" if report is not None else "aucun rapport (dossier non inscriptible)"
    )
    return (
        f"erreur imprévue ({type(exc).__name__}) : la commande est abandonnée, rien n'est "
        f"modifié à moitié ; pour l'équipe technique : {where}"
    )
