"""A reviewed Word file as PDF that keeps its comments: LibreOffice (``soffice``) converts it headless.

``docx_to_pdf(src, dest)`` converts the DOCX ``src`` (a copy with shailoo's Word comments, from
``shailoo.outputs.docx_comments.review_docx``) to the PDF ``dest``. The comments are exported
(``writer_pdf_Export`` with ``ExportNotes``): each becomes a PDF note annotation (subtype ``Text``, with its
``Popup``) at the place the comment is anchored, holding the comment's whole text, which every PDF reader
shows as a sticky note. ``ExportNotesInMargin`` is asked for too: a LibreOffice that lays comments out in
the margin when it runs headless prints them there as well (7.4 keeps them as notes only).

The conversion runs the way ``shailoo.parsers.read.legacy`` runs LibreOffice (it reuses its runner): a
private user profile in a private temporary directory, so parallel conversions do not fight over one
profile and nothing is left behind; a bounded time (``TIMEOUT``), after which the whole process group is
killed; the input filter named, never guessed. LibreOffice missing is ``shailoo.errors.ConverterMissing``
(exit 4) with a one-line reason; a failed conversion is ``InputError`` (exit 2).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from shailoo.errors import ConverterMissing, InputError
from shailoo.parsers.read.legacy import TIMEOUT, _convert, find_soffice

__all__ = ["docx_to_pdf", "FILTER", "TIMEOUT"]

#: The export filter and its options, as LibreOffice ≥ 7.4 takes them on the command line (JSON).
OPTIONS = {"ExportNotes": {"type": "boolean", "value": "true"},
           "ExportNotesInMargin": {"type": "boolean", "value": "true"}}
FILTER = "pdf:writer_pdf_Export:" + json.dumps(OPTIONS, separators=(",", ":"))
#: The import filter of a DOCX (named: LibreOffice's detection could read a damaged file as text).
INFILTER = "MS Word 2007 XML"
_MISSING = ("making a PDF needs LibreOffice (soffice), which is not installed; install it "
            "(apt-get install libreoffice-writer) or open the reviewed .docx in Word and save it as PDF")


def docx_to_pdf(src: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Convert the DOCX ``src`` to the PDF ``dest`` with its Word comments as PDF notes; return ``dest``.

    Raises ``ConverterMissing`` (exit 4) without LibreOffice, ``InputError`` (exit 2) when the file
    cannot be converted or ``dest`` cannot be written. Prints nothing.
    """
    src, dest = Path(src), Path(dest)
    soffice = find_soffice()
    if not soffice:
        raise ConverterMissing(str(src), _MISSING)
    with tempfile.TemporaryDirectory(prefix="shailoo-pdf-", ignore_cleanup_errors=True) as tmp:
        tmpdir = Path(tmp)
        # Copied under a plain name: LibreOffice derives the output's name from the input's.
        plain = tmpdir / "reviewed.docx"
        try:
            shutil.copyfile(src, plain)
        except OSError as err:
            raise InputError(str(src), f"cannot be read ({err.strerror or err})") from None
        outdir = tmpdir / "out"
        outdir.mkdir()
        made = _convert(soffice, plain, outdir, tmpdir / "profile", str(src), INFILTER, convert_to=FILTER)
        if not isinstance(made, Path):
            raise InputError(str(src), f"LibreOffice could not convert the file to PDF ({made})")
        try:
            shutil.move(str(made), dest)
        except OSError as err:
            raise InputError(str(dest), f"cannot be written ({err.strerror or err})") from None
    return dest
