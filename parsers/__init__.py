"""Parsers, in three stages: ``read`` (one module per format → ``RawDocument`` blocks),
``interpret`` (blocks → the typed document: header facts, tables, action plans, prose) and
``extract`` (grammars of dates, terms, calendar, sessions, bodies, citations that annotate it).

``parse()`` is the front door: read → interpret → annotate.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Optional

if __name__ != "shailoo.parsers":  # pragma: no cover - the folder imported under its bare name
    # The repository's folders are installed as ``shailoo.*`` only (pyproject's package-dir). Imported
    # as a top-level package (the repository root on sys.path), it would be a second copy of every
    # module, with its own registries and caches, and could shadow another distribution's package.
    raise ImportError(f"import this package as 'shailoo.parsers', not {__name__!r} (pip install -e . from the repository)")

if TYPE_CHECKING:
    from shailoo.model import ParsedDocument
    from shailoo.parsers.interpret.document import Interpretation
    from shailoo.parsers.read.blocks import RawDocument
    from shailoo.settings import ReadSettings


def parse(path: "str | os.PathLike[str]", fmt: Optional[str] = None, display_path: Optional[str] = None,
          calendar: Optional[dict] = None, ocr: str = "auto", pdf_engine: str = "auto",
          settings: "Optional[ReadSettings]" = None) -> "ParsedDocument":
    """Read and interpret one document; see ``shailoo.parse``.

    ``settings`` (a ``shailoo.settings.ReadSettings``) gives the reader, OCR mode and PDF engine at
    once; ``ocr`` and ``pdf_engine`` must then stay at their defaults, and ``fmt``, when given, wins
    over ``settings.reader``. Invalid settings raise ``ValueError``.
    """
    settings = read_settings(fmt, ocr, pdf_engine, settings)
    with _gc_paused():
        return _interpret(_read(path, settings), display_path or str(path), calendar)


@contextmanager
def parse_stream(path: "str | os.PathLike[str]", fmt: Optional[str] = None, display_path: Optional[str] = None,
                 calendar: Optional[dict] = None, ocr: str = "auto", pdf_engine: str = "auto",
                 settings: "Optional[ReadSettings]" = None) -> "Iterator[Interpretation]":
    """``parse`` for a writer that holds as little as it can: a context manager giving the document
    read and interpreted up to its annotation (``shailoo.parsers.interpret.document.Interpretation``),
    whose activities and mentions the writer then takes a chunk at a time and lets go.

    Reading errors are raised on entering, as ``parse`` raises them. What it gives is the same
    document as ``parse`` (``Interpretation.document()``). The tables' blocks are released once the
    activities are made (the text, the paragraphs and what the source needs stay).
    """
    # on call: the readers and the interpreters, which ``import shailoo`` and --version never need
    from shailoo.parsers.interpret.document import Interpretation
    from shailoo.parsers.read.blocks import Paragraph

    settings = read_settings(fmt, ocr, pdf_engine, settings)
    with _gc_paused():
        raw = _read(path, settings)
        run = Interpretation(raw, display_path or str(path), calendar)
        # the activities are made: the tables' cells are needed no more (this ``raw`` is no caller's)
        raw.blocks = [b for b in raw.blocks if isinstance(b, Paragraph)]
        del raw
        yield run


def _read(path: "str | os.PathLike[str]", settings: "ReadSettings") -> "RawDocument":
    """``path`` read as ``settings`` say (reader, OCR, PDF engine, limits, OCR processes)."""
    # on call: the readers, which ``import shailoo`` and --version never need
    from shailoo.parsers.read import read

    return read(path, settings.reader, ocr=settings.ocr, pdf_engine=settings.pdf_engine, limits=settings.limits,
                jobs=settings.jobs)


def parse_raw(raw: "RawDocument", display_path: Optional[str] = None,
              calendar: Optional[dict] = None) -> "ParsedDocument":
    """Interpret blocks already read (a finalized ``RawDocument``), as ``parse`` does after reading.

    For callers that keep what the reader saw: ``shailoo check --format docx`` reads a DOCX once on
    the python-docx tree it writes comments into, and interprets those same blocks here.
    """
    with _gc_paused():
        return _interpret(raw, display_path or raw.path, calendar)


def read_settings(fmt: Optional[str] = None, ocr: str = "auto", pdf_engine: str = "auto",
                  settings: "Optional[ReadSettings]" = None) -> "ReadSettings":
    """One ``ReadSettings`` of ``parse``'s loose arguments and its ``settings`` (see ``parse``)."""
    # on call: pydantic, which ``import shailoo`` and --version never need
    from shailoo.settings import ReadSettings

    if settings is None:
        return ReadSettings(ocr=ocr, pdf_engine=pdf_engine, reader=fmt)
    if (ocr, pdf_engine) != ("auto", "auto"):
        raise ValueError("give ocr and pdf_engine in settings, not beside it")
    if fmt is not None and fmt != settings.reader:
        return ReadSettings(**{**settings.model_dump(), "reader": fmt})
    return settings


def _interpret(raw: "RawDocument", display_path: str, calendar: Optional[dict]) -> "ParsedDocument":
    # Imported on first use so that ``shailoo --version`` and commands that never parse do not pay
    # for pdfplumber, lxml and spaCy.
    from shailoo.parsers.interpret.document import interpret

    return interpret(raw, display_path=display_path, calendar=calendar)


@contextmanager
def _gc_paused():
    # A parse allocates ~100 000 long-lived objects (cells, terms, mentions) and almost no cycles: the
    # cyclic collector would walk them, and the loaded spaCy/pymorphy3 objects, again and again
    # (a quarter of a big plan's time, measured). It is paused for the parse and restored after;
    # whatever cycles the parse left are collected at the next automatic collection.
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            if gc.get_freeze_count() == 0:
                # The parse's objects go straight to the oldest generation: re-enabling would otherwise
                # make the young collections walk all of them at once (0.06 s of a 220-page plan,
                # measured) only to promote them there anyway. Cycles among them are still collected,
                # by the next full collection. Not done when the caller froze objects of its own
                # (``unfreeze`` would release them too).
                gc.freeze()
                gc.unfreeze()
            gc.enable()
