"""The line every command writes on stderr for each file it writes: where the output went.

``shailoo check report.docx --format html -o report.html`` says ``shailoo: записано: report.html`` (ky
``shailoo: жазылды: report.html``, en ``shailoo: wrote report.html``: ``common.cli.wrote``), in the
language of the outputs, one line per file, the path as the user gave it with its control characters
escaped (``shailoo.errors.printable``). Nothing is said for an output written to standard output.
"""

from __future__ import annotations

import os
from typing import Any

from shailoo.corpus.i18n import text
from shailoo.errors import printable


def wrote_line(path: Any, lang: str) -> str:
    """The line (with its newline) naming the file ``path`` just written, in ``lang``."""
    return text("common.cli.wrote", lang, path=printable(os.fspath(path))) + "\n"


def say_wrote(err: Any, path: Any, lang: str) -> None:
    """Tell ``err`` (stderr) that ``path`` was written."""
    err.write(wrote_line(path, lang))
