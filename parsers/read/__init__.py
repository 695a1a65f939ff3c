"""Readers: one module per format. ``read(path)`` picks the reader by the file's content, not only its name.

Each reader turns one format into ``shailoo.parsers.read.blocks.RawDocument``; nothing here knows what a calendar
plan is. Readers are imported lazily so that ``shailoo --version`` does not pay for pdfplumber.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from shailoo.errors import InputError, read_input

from shailoo.parsers.read.blocks import RawDocument

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

_SUFFIX = {
    ".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".txt": "text", ".md": "text", ".tsv": "text", ".text": "text",
    ".doc": "doc", ".rtf": "rtf", ".odt": "odt",
}


def detect_format(path: str | os.PathLike) -> str:
    """Return the format of ``path`` from its first bytes, falling back to its suffix.

    Raises ``InputError`` for an empty file, a ZIP that is neither DOCX nor ODT, or a suffix that no
    reader handles.
    """
    p = Path(path)
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
    path: str | os.PathLike, fmt: str | None = None, ocr: str = "auto", pdf_engine: str = "auto"
) -> RawDocument:
    """Read ``path`` with the reader for its format and return the finalized blocks.

    ``ocr`` (PDF only): ``auto`` reads pages without a text layer by OCR, ``always`` every page,
    ``never`` none (a scan is then an error, exit 3). ``pdf_engine`` (PDF only): ``auto`` or
    ``pdfplumber`` (``shailoo.parsers.read.pdf.read_pdf``'s ``engine``).
    """
    import importlib

    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never: {ocr!r}")
    fmt = fmt or detect_format(path)
    module, func = READERS[fmt]
    reader = getattr(importlib.import_module(module), func)
    if fmt == "pdf":
        doc: RawDocument = reader(str(path), ocr=ocr, engine=pdf_engine)
    else:
        doc = reader(str(path))
    return doc.finalize()
