"""shailoo: typed data and checks for the documents of the Kyrgyz Republic's Central Election Commission.

Library use::

    import shailoo
    doc = shailoo.parse("plan.docx")          # a shailoo.model.ParsedDocument
    for a in doc.activities:
        print(a.number, a.cells.get("term"))

The command line (``shailoo``, ``python -m shailoo``) is a thin layer over these functions; see
``cli.py``. Heavy dependencies are imported on first use so that start-up stays fast.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("shailoo")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

__all__ = ["parse", "__version__"]


def parse(path, fmt: str | None = None, display_path: str | None = None, calendar: dict | None = None,
          ocr: str = "auto", pdf_engine: str = "auto"):
    """Read and interpret one document; return a ``shailoo.model.ParsedDocument``.

    ``fmt`` forces a reader (``docx``, ``pdf``, ``html``, ``text``, ``doc``, ``rtf``, ``odt``); by default
    the format is detected from the content. ``calendar`` gives anchor dates the document does not
    print or that should replace its own (``{"election_day": date(...), "calling_of_election": ...}``).
    ``ocr``: ``auto`` (read PDF pages without a text layer by OCR), ``always`` or ``never``.
    ``pdf_engine``: ``auto`` (PDFium, pdfplumber where PDFium's reading could differ) or
    ``pdfplumber`` (the reference reader; same result, ~5× slower).
    Raises a ``shailoo.errors.ShailooError`` subclass with a one-line message for unusable input.
    """
    import gc

    from parsers import read
    from parsers.interpret import interpret

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
