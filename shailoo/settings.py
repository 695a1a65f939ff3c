"""How documents are read: one settings object, made once per command and handed down.

The command line builds a ``ReadSettings`` from ``--reader``, ``--ocr``, ``--pdf-engine`` (and
``--jobs`` for ``convert``) once per command; ``parse``, ``check``, ``compare``, ``convert`` pass that
object on to the front door (``shailoo.parsers.parse(path, settings=...)``) instead of loose strings.
Ground floor: it imports nothing of the project, so every layer may take it.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict

#: Formats a reader can be forced to (``shailoo.parsers.read.READERS``'s keys).
Format = Literal["docx", "pdf", "html", "text", "doc", "rtf", "odt"]
OcrMode = Literal["auto", "always", "never"]
PdfEngine = Literal["auto", "pdfplumber"]

FORMATS: tuple[str, ...] = get_args(Format)
OCR_MODES: tuple[str, ...] = get_args(OcrMode)
PDF_ENGINES: tuple[str, ...] = get_args(PdfEngine)


class ReadSettings(BaseModel):
    """The settings of reading documents, the same for every input of one command.

    * ``ocr`` (PDF only): ``auto`` reads by OCR the pages without a text layer, ``always`` every
      page, ``never`` none (a scanned page is then an error, exit 3);
    * ``pdf_engine`` (PDF only): ``auto`` (PDFium, pdfplumber for the pages PDFium could read
      differently) or ``pdfplumber`` (the reference reader: the same result, slower);
    * ``reader``: a format whose reader is forced on every input; ``None`` detects each file's
      format from its content;
    * ``jobs`` (``convert``): worker processes; ``None`` (or 0) means one per core, 1 or less runs
      in the calling process.

    Frozen (shared by every input, sent as is to worker processes: it pickles) and closed: an unknown
    field or a value outside these choices raises ``pydantic.ValidationError`` (a ``ValueError``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ocr: OcrMode = "auto"
    pdf_engine: PdfEngine = "auto"
    reader: Optional[Format] = None
    jobs: Optional[int] = None

    @classmethod
    def of(cls, args: Any) -> "ReadSettings":
        """The settings an object carries as attributes named like the fields (an ``argparse``
        namespace); a missing or ``None`` attribute keeps the field's default."""
        given = {k: getattr(args, k, None) for k in cls.model_fields}
        return cls(**{k: v for k, v in given.items() if v is not None})
