"""Text from the data made safe to print on a terminal (docs/database.md, « Messages d'erreur »).

A name, serial or user read from a spreadsheet can hold terminal control
sequences (``ESC [ 2 J`` clears the screen, OSC 8 forges links, OSC 52 writes
the clipboard) or bidirectional overrides that show text in another order than
it is stored. ecoparc prints none of them: the command line filters everything
it writes (:class:`PrintableStream`), the TUI the cells it shows.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: Escape sequences (CSI, OSC up to BEL or ST, DCS/APC/PM/SOS strings, two-byte ESC forms),
#: then single C0/C1 controls except tab, newline and carriage return, then bidi controls.
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"|[\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` without terminal control sequences, control characters or bidi overrides."""
    return _SEQUENCES.sub("", text)


class PrintableStream:
    """A text stream that writes everything through :func:`printable`.

    Tabs, newlines and carriage returns (the progress line) pass; the rest of the
    stream (``isatty``, ``encoding``, ``flush``…) is the wrapped one's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
