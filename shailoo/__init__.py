"""shailoo: typed data and checks for the documents of the Kyrgyz Republic's Central Election Commission.

Library use::

    import shailoo
    doc = shailoo.parse("plan.docx")          # a shailoo.model.ParsedDocument
    for a in doc.activities:
        print(a.number, a.cells.get("term"))

The command line (``shailoo``, ``python -m shailoo``) is a thin layer over these functions; see
``shailoo/cli.py``. Heavy dependencies are imported on first use so that start-up stays fast.
"""

from __future__ import annotations

from shailoo.version import __version__

__all__ = ["parse", "__version__"]


def parse(path, fmt: str | None = None, display_path: str | None = None, calendar: dict | None = None,
          ocr: str = "auto", pdf_engine: str = "auto", settings=None):
    """Read and interpret one document; return a ``shailoo.model.ParsedDocument``.

    ``fmt`` forces a reader (``docx``, ``pdf``, ``html``, ``text``, ``doc``, ``rtf``, ``odt``); by default
    the format is detected from the content. ``calendar`` gives anchor dates the document does not
    print or that should replace its own (``{"election_day": date(...), "calling_of_election": ...}``).
    ``ocr``: ``auto`` (read PDF pages without a text layer by OCR), ``always`` or ``never``.
    ``pdf_engine``: ``auto`` (PDFium, pdfplumber where PDFium's reading could differ) or
    ``pdfplumber`` (the reference reader; same result, ~5× slower).
    ``settings``: a ``shailoo.settings.ReadSettings`` giving reader, ``ocr`` and ``pdf_engine`` at once
    (then leave ``ocr`` and ``pdf_engine`` at their defaults; ``fmt``, when given, wins over its reader).
    Raises a ``shailoo.errors.ShailooError`` subclass with a one-line message for unusable input.
    """
    from shailoo.parsers import parse as _parse  # on call: keeps ``import shailoo`` light

    return _parse(path, fmt=fmt, display_path=display_path, calendar=calendar, ocr=ocr, pdf_engine=pdf_engine,
                  settings=settings)
