"""Parsers, in three stages: ``read`` (one module per format → ``RawDocument`` blocks),
``interpret`` (blocks → the typed document: header facts, tables, action plans, prose) and
``extract`` (grammars of dates, terms, calendar, sessions, bodies, citations that annotate it).

``parse()`` is the front door: read → interpret → annotate.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

if __name__ != "shailoo.parsers":  # pragma: no cover - the folder imported under its bare name
    # The repository's folders are installed as ``shailoo.*`` only (pyproject's package-dir). Imported
    # as a top-level package (the repository root on sys.path), it would be a second copy of every
    # module, with its own registries and caches, and could shadow another distribution's package.
    raise ImportError(f"import this package as 'shailoo.parsers', not {__name__!r} (pip install -e . from the repository)")

if TYPE_CHECKING:
    from shailoo.model import ParsedDocument


def parse(path: "str | os.PathLike[str]", fmt: Optional[str] = None, display_path: Optional[str] = None,
          calendar: Optional[dict] = None, ocr: str = "auto", pdf_engine: str = "auto") -> "ParsedDocument":
    """Read and interpret one document; see ``shailoo.parse``."""
    import gc

    # The readers and the interpreter are imported on first use so that ``shailoo --version`` and
    # commands that never parse do not pay for pdfplumber, lxml and spaCy.
    from shailoo.parsers.interpret.document import interpret
    from shailoo.parsers.read import read

    # A parse allocates ~100 000 long-lived objects (cells, terms, mentions) and almost no cycles: the
    # cyclic collector would walk them, and the loaded spaCy/pymorphy3 objects, again and again
    # (a quarter of a big plan's time, measured). It is paused for the parse and restored after;
    # whatever cycles the parse left are collected at the next automatic collection.
    paused = gc.isenabled()
    gc.disable()
    try:
        raw = read(path, fmt, ocr=ocr, pdf_engine=pdf_engine)
        return interpret(raw, display_path=display_path or str(path), calendar=calendar)
    finally:
        if paused:
            gc.enable()
