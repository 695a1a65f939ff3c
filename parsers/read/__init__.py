"""Readers: one module per format. ``read(path)`` picks the reader by the file's content, not only its name.

Each reader turns one format into ``shailoo.parsers.read.blocks.RawDocument``; nothing here knows what a calendar
plan is. Readers are imported lazily so that ``shailoo --version`` does not pay for pdfplumber.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from shailoo.errors import InputError, LimitExceeded, read_input
from shailoo.settings import Limits

from shailoo.parsers.read.blocks import Paragraph, RawDocument

#: format name -> (module, function). Modules are imported on first use.
READERS: dict[str, tuple[str, str]] = {
    "docx": ("shailoo.parsers.read.docx", "read_docx"),
    "pdf": ("shailoo.parsers.read.pdf", "read_pdf"),
    "html": ("shailoo.parsers.read.html", "read_html"),
    "text": ("shailoo.parsers.read.text", "read_text"),
    "doc": ("shailoo.parsers.read.legacy", "read_legacy"),
    "rtf": ("shailoo.parsers.read.legacy", "read_legacy"),
    "odt": ("shailoo.parsers.read.legacy", "read_legacy"),
}

#: What a reading of the common formats (text, DOCX, PDF with text) imports on its first document,
#: beyond ``READERS``' modules: the PDF reader's fast path and the libraries it loads on call. A process
#: that will read many documents (``convert``'s workers) imports ``READER_MODULES`` once, ahead of them,
#: instead of each worker on its first PDF.
READER_MODULES: tuple[str, ...] = (
    "shailoo.parsers.read.text", "shailoo.parsers.read.docx", "shailoo.parsers.read.pdf",
    "shailoo.parsers.read.pdf_fast", "shailoo.parsers.read.pdf_columns",
    # the fonts' descents (pdf_fast) are read with pdfminer's document parser
    "pdfminer.pdfdocument", "pdfminer.pdfinterp",
)

_SUFFIX = {
    ".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".txt": "text", ".md": "text", ".tsv": "text", ".text": "text",
    ".doc": "doc", ".rtf": "rtf", ".odt": "odt",
}


def detect_format(path: str | os.PathLike, limits: Limits | None = None, package: bool = True) -> str:
    """Return the format of ``path`` from its first bytes, falling back to its suffix.

    Raises ``InputError`` for an empty file, a ZIP that is neither DOCX nor ODT, or a suffix that no
    reader handles; ``LimitExceeded`` for a file over ``limits.max_file_bytes``, or, with ``package``
    (the default), a DOCX whose parts would inflate or parse past ``limits``
    (``shailoo.parsers.read.docx.check_package``: a DOCX that passes here is safe to hand to
    python-docx). ``read`` passes ``package=False``: the DOCX reader checks the parts it reads as it
    inflates them, so the package is inflated once, not twice. ``limits`` defaults to ``Limits()``.
    """
    p = Path(path)
    limits = limits or Limits()
    check_file_size(str(path), limits)
    head = read_input(str(path), 2048)
    suffix = p.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            raise InputError(str(path), "a damaged or truncated ZIP container, not a readable DOCX") from None
        if "word/document.xml" in names:
            if package:
                # on call: lxml and the DOCX reader, which other formats never need
                from shailoo.parsers.read.docx import check_package

                check_package(str(path), limits)
            return "docx"
        if "mimetype" in names and "content.xml" in names:
            return "odt"
        raise InputError(str(path), "a ZIP archive that is not a Word document (no word/document.xml)")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An encrypted DOCX/XLSX is an OLE container holding an «EncryptedPackage» stream.
        with open(p, "rb") as fh:
            if "EncryptedPackage".encode("utf-16-le") in fh.read(1 << 20):
                raise InputError(str(path), "password-protected (encrypted Office file); save it without a password")
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    sniff = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    # Word's «Save as Web Page» writes HTML under a .doc name: the content decides.
    looks_html = sniff.startswith((b"<!doctype html", b"<html")) or (sniff.startswith(b"<?xml") and b"<html" in sniff)
    if suffix in (".html", ".htm", ".xhtml") or looks_html:
        return "html"
    if suffix in _SUFFIX:
        fmt = _SUFFIX[suffix]
        if fmt in ("docx", "pdf", "doc", "odt"):
            raise InputError(str(path), f"named {suffix} but its content is not a {fmt.upper()} file")
        return fmt
    if suffix == "":
        return "text"
    raise InputError(str(path), f"unsupported file type {suffix!r} (supported: {', '.join(sorted(_SUFFIX))})")


def read(
    path: str | os.PathLike, fmt: str | None = None, ocr: str = "auto", pdf_engine: str = "auto",
    limits: Limits | None = None, jobs: int | None = 1,
) -> RawDocument:
    """Read ``path`` with the reader for its format and return the finalized blocks.

    ``ocr`` (PDF only): ``auto`` reads pages without a text layer by OCR, ``always`` every page,
    ``never`` none (a scan is then an error, exit 3). ``pdf_engine`` (PDF only): ``auto`` or
    ``pdfplumber`` (``shailoo.parsers.read.pdf.read_pdf``'s ``engine``). ``jobs`` (PDF only): processes
    that OCR a PDF's scanned pages, ``None`` one per core (``shailoo.parsers.read.ocr.page_workers``).

    ``limits`` (``shailoo.settings.Limits``, default ``Limits()``): the file's size is checked first,
    the readers check theirs before or while they work (ZIP parts as they inflate, elements, table
    grids, pages, OCR page area), and the blocks read are checked here before anything interprets them
    (``check_blocks``). A breach raises ``LimitExceeded`` (exit 2).
    """
    import importlib

    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never: {ocr!r}")
    limits = limits or Limits()
    check_file_size(str(path), limits)
    # a DOCX's parts are checked by its reader as it inflates them (read once, not twice)
    fmt = fmt or detect_format(path, limits, package=False)
    module, func = READERS[fmt]
    reader = getattr(importlib.import_module(module), func)
    try:
        if fmt == "pdf":
            # on call: the OCR module (numpy) says how many processes may OCR the scanned pages
            from shailoo.parsers.read.ocr import page_workers

            doc: RawDocument = reader(str(path), ocr=ocr, engine=pdf_engine, limits=limits,
                                      jobs=page_workers(jobs))
        elif fmt in ("docx", "html", "text"):
            doc = reader(str(path), limits=limits)
        else:
            doc = reader(str(path))
        check_blocks(doc, limits)
    except LimitExceeded as err:
        if err.path == str(path):
            raise
        # found where the file's name is not known (the HTML of a text cell; a converted .doc's copy)
        raise LimitExceeded(str(path), err.what, err.limit, err.value, err.maximum) from None
    return doc.finalize()


def _check_size(path: str, limit: str, maximum: int, what: str) -> None:
    """Refuse ``path`` when its size on disk is over ``maximum`` (the limit named ``limit``); a missing
    file is left to the reader, which says so in its own words."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return
    if size > maximum:
        raise LimitExceeded(path, f"{what} is {size} bytes", limit, size, maximum)


def check_file_size(path: str, limits: Limits) -> None:
    """Refuse a file larger on disk than ``limits.max_file_bytes``."""
    _check_size(path, "max_file_bytes", limits.max_file_bytes, "the file")


def check_text_size(path: str, limits: Limits) -> None:
    """Refuse a text or HTML file (read and decoded whole) larger on disk than ``limits.max_text_bytes``."""
    _check_size(path, "max_text_bytes", limits.max_text_bytes, "the text file")


def _checked_table_chars(path, t, limits: Limits) -> int:
    """The characters of table ``t``'s cells, refusing a grid or a cell over ``limits``; nested tables are
    checked, not counted (their text is in the outer cell's already)."""
    # a module function, not a closure: a nested function that calls itself is a reference cycle that
    # would keep the whole RawDocument alive until the next garbage collection
    chars = 0
    width = max((len(r.cells) for r in t.rows), default=0)
    cells = sum(len(r.cells) for r in t.rows)
    if width > limits.max_columns:
        raise LimitExceeded(path, f"a table is {width} columns wide", "max_columns", width, limits.max_columns)
    if cells > limits.max_table_cells:
        raise LimitExceeded(path, f"a table has {cells} cells", "max_table_cells", cells, limits.max_table_cells)
    for row in t.rows:
        for cell in row.cells:
            n = len(cell.text)
            if n > limits.max_cell_chars:
                raise LimitExceeded(path, f"a table cell holds {n} characters", "max_cell_chars", n,
                                    limits.max_cell_chars)
            chars += n
            for inner in cell.nested:
                _checked_table_chars(path, inner, limits)
    return chars


def check_blocks(doc: RawDocument, limits: Limits) -> None:
    """Refuse blocks over ``limits`` before they are interpreted: a table's grid (``max_columns``,
    ``max_table_cells``, for readers that do not count as they build), a cell's characters
    (``max_cell_chars``) and the document's (``max_document_chars``), nested tables included."""
    total = 0
    for block in doc.blocks:
        total += len(block.text) if isinstance(block, Paragraph) else _checked_table_chars(doc.path, block, limits)
        if total > limits.max_document_chars:
            raise LimitExceeded(doc.path, f"the text is at least {total} characters long", "max_document_chars",
                                total, limits.max_document_chars)
