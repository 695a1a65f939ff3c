"""How documents are read, and in which language shailoo speaks: settings made once per command.

The command line builds a ``ReadSettings`` from ``--reader``, ``--ocr``, ``--pdf-engine`` (and
``--jobs`` for ``convert``) once per command; ``parse``, ``check``, ``compare``, ``convert`` pass that
object on to the front door (``shailoo.parsers.parse(path, settings=...)``) instead of loose strings.
``default_lang`` decides the language of the outputs when ``--lang`` is not given.
Ground floor: it imports nothing of the project, so every layer may take it.
"""

from __future__ import annotations

import os
import re
from typing import Any, Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Formats a reader can be forced to (``shailoo.parsers.read.READERS``'s keys).
Format = Literal["docx", "pdf", "html", "text", "doc", "rtf", "odt"]
OcrMode = Literal["auto", "always", "never"]
PdfEngine = Literal["auto", "pdfplumber"]

FORMATS: tuple[str, ...] = get_args(Format)
OCR_MODES: tuple[str, ...] = get_args(OcrMode)
PDF_ENGINES: tuple[str, ...] = get_args(PdfEngine)


_KIB, _MIB, _GIB = 1 << 10, 1 << 20, 1 << 30
#: Suffixes a limit's value may carry on the command line: ``64M`` = ``64MiB`` = 64 × 2**20.
_UNITS = {"": 1, "k": _KIB, "kib": _KIB, "m": _MIB, "mib": _MIB, "g": _GIB, "gib": _GIB}
_NUMBER = re.compile(r"^\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*([a-z]*)\s*$", re.I)


class Limits(BaseModel):
    """Limits on what one input may make the readers do, checked before the work is done.

    Each limit bounds the time and memory one file can cost, whatever it claims inside (a tiny ZIP
    that inflates to gigabytes, a table whose spans make millions of cells, a page of 200 × 200
    inches to render for OCR). A file over a limit is refused with ``shailoo.errors.LimitExceeded``
    (exit 2), whose one-line message names the limit and how to raise it. The defaults are far above
    any CEC document seen (the largest plans: a few hundred pages, a few hundred thousand characters)
    and keep the peak memory of one file under about 1 GiB; raise one for a legitimate larger file
    (``--limit max_pages=3000`` on the command line, ``Limits(max_pages=3000)`` in Python).

    * ``max_file_bytes``: size on disk of any input file;
    * ``max_text_bytes``: size on disk of a text or HTML file (read and decoded whole);
    * ``max_part_bytes``: one part (ZIP member) of a DOCX, decompressed, as its ZIP header declares
      and as it really inflates (counted while inflating, in pieces);
    * ``max_total_bytes``: all parts of a DOCX together, decompressed;
    * ``max_elements``: XML elements of one DOCX part, or HTML elements of a page, counted in the raw
      markup before it is parsed (an element costs far more parsed than its few bytes);
    * ``max_table_cells``: grid slots of one table (rows × columns, slots covered by merged cells
      included), counted as the grid is built;
    * ``max_columns``: the width of a table's grid;
    * ``max_cell_chars``: characters of one table cell;
    * ``max_document_chars``: characters of a document's text (paragraphs and cells);
    * ``max_pages``: pages of a PDF;
    * ``max_ocr_page_area``: the area of a page read by OCR, in square inches (A4 is 96.7, A3 193,
      A2 385, A1 771; 1 square inch = 5184 square points), checked before the page is rendered.

    Frozen and closed like ``ReadSettings``: an unknown limit, or a value that is not a positive
    number, raises ``pydantic.ValidationError`` (a ``ValueError``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = Field(256 * _MIB, gt=0)
    max_text_bytes: int = Field(32 * _MIB, gt=0)
    max_part_bytes: int = Field(64 * _MIB, gt=0)
    max_total_bytes: int = Field(256 * _MIB, gt=0)
    max_elements: int = Field(1_000_000, gt=0)
    max_table_cells: int = Field(500_000, gt=0)
    max_columns: int = Field(1024, gt=0)
    max_cell_chars: int = Field(200_000, gt=0)
    max_document_chars: int = Field(2_000_000, gt=0)
    max_pages: int = Field(1000, gt=0)
    max_ocr_page_area: float = Field(500.0, gt=0)

    @classmethod
    def assignment(cls, text: str) -> tuple[str, Any]:
        """``(name, value)`` of one ``NAME=VALUE`` (``--limit``): the name one of the fields, the
        value a positive number, optionally with ``K``, ``M``, ``G`` (``KiB``, ``MiB``, ``GiB``: powers
        of 1024) and ``_`` between digits. Raises ``ValueError`` with a one-line reason."""
        name, sep, value = str(text).partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"expected NAME=VALUE, got {text!r}")
        if name not in cls.model_fields:
            raise ValueError(f"unknown limit {name!r} (limits: {', '.join(cls.model_fields)})")
        m = _NUMBER.match(value)
        unit = m and _UNITS.get(m.group(2).lower())
        if not m or unit is None:
            raise ValueError(f"{name}: not a positive number (with an optional K, M or G): {value!r}")
        number = float(m.group(1).replace("_", "")) * unit
        if number <= 0:
            raise ValueError(f"{name}: must be more than 0, got {value!r}")
        if cls.model_fields[name].annotation is int:
            if number != int(number):
                raise ValueError(f"{name}: must be a whole number, got {value!r}")
            return name, int(number)
        return name, number

    def describe(self) -> str:
        """``name=value`` of every limit, comma-separated (for ``--help`` and messages)."""
        return ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in self)


class ReadSettings(BaseModel):
    """The settings of reading documents, the same for every input of one command.

    * ``ocr`` (PDF only): ``auto`` reads by OCR the pages without a text layer, ``always`` every
      page, ``never`` none (a scanned page is then an error, exit 3);
    * ``pdf_engine`` (PDF only): ``auto`` (PDFium, pdfplumber for the pages PDFium could read
      differently) or ``pdfplumber`` (the reference reader: the same result, slower);
    * ``reader``: a format whose reader is forced on every input; ``None`` detects each file's
      format from its content;
    * ``jobs`` (``convert``): worker processes; ``None`` (or 0) means one per core, 1 or less runs
      in the calling process. ``parse`` (``check``, ``compare``) OCRs the scanned pages of a PDF in
      that many processes (``shailoo.parsers.read.ocr.page_workers``; by default at most 4);
      ``convert`` spreads them over its workers;
    * ``limits``: what one input may cost (``Limits``); given as a ``Limits``, a mapping of limit
      names to values, or ``NAME=VALUE`` strings / ``(name, value)`` pairs (``--limit``, repeatable).

    Frozen (shared by every input, sent as is to worker processes: it pickles) and closed: an unknown
    field or a value outside these choices raises ``pydantic.ValidationError`` (a ``ValueError``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ocr: OcrMode = "auto"
    pdf_engine: PdfEngine = "auto"
    reader: Optional[Format] = None
    jobs: Optional[int] = None
    limits: Limits = Limits()

    @field_validator("limits", mode="before")
    @classmethod
    def _limit_pairs(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            pairs = [Limits.assignment(v) if isinstance(v, str) else tuple(v) for v in value]
            return dict(pairs)
        return value

    @classmethod
    def of(cls, args: Any) -> "ReadSettings":
        """The settings an object carries as attributes named like the fields (an ``argparse``
        namespace); a missing or ``None`` attribute keeps the field's default."""
        given = {k: getattr(args, k, None) for k in cls.model_fields}
        return cls(**{k: v for k, v in given.items() if v is not None})


#: Languages of the outputs (``--lang``): Russian, Kyrgyz, English.
Lang = Literal["ru", "ky", "en"]
LANGS: tuple[str, ...] = get_args(Lang)
#: The language when nothing says otherwise: Russian, the working language of the CEC.
FALLBACK_LANG = "ru"
#: The environment variable that sets the language of every command (below ``--lang`` and the config).
LANG_ENV = "SHAILOO_LANG"
#: The locale variables, in the order POSIX gives them precedence: the first one set decides.
LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")


def lang_of_locale(locale: str) -> str:
    """The output language of a locale name: ``ky_KG.UTF-8`` → ``ky``, ``ru_RU.UTF-8`` (``ru_KG``, ``ru``)
    → ``ru``, ``en_US.UTF-8`` → ``en``; any other locale (``C``, ``POSIX``, ``C.UTF-8``, ``de_DE``) →
    ``ru``, the CEC's working language."""
    code = re.split(r"[_.@-]", locale.strip(), maxsplit=1)[0].lower()
    code = {"kir": "ky", "rus": "ru", "eng": "en"}.get(code, code)  # ISO 639-2 names of the same languages
    return code if code in LANGS else FALLBACK_LANG


def default_lang(env: Optional[Any] = None, config: Optional[str] = None) -> str:
    """The output language when the command line gives no ``--lang``, from, in order:

    1. ``config``: the ``lang`` of the settings file (``shailoo.toml`` or ``--config``; already validated);
    2. the environment variable ``SHAILOO_LANG`` (``ru``, ``ky`` or ``en``, in any case; empty is unset);
    3. the locale: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (``lang_of_locale``);
    4. ``ru`` (no locale, ``C``, ``POSIX``).

    ``env`` is the environment to read (default: ``os.environ``). Raises ``ValueError`` (one line, English)
    for a ``config`` or ``SHAILOO_LANG`` that is not one of ``LANGS``: a typo must not silently give
    another language.
    """
    env = os.environ if env is None else env
    if config:
        if config not in LANGS:
            raise ValueError(f"lang: {config!r} is not a language of shailoo ({', '.join(LANGS)})")
        return config
    chosen = (env.get(LANG_ENV) or "").strip()
    if chosen:
        if chosen.lower() not in LANGS:
            raise ValueError(f"{LANG_ENV}={chosen!r} is not a language of shailoo ({', '.join(LANGS)})")
        return chosen.lower()
    for name in LOCALE_ENV:
        value = (env.get(name) or "").strip()
        if value:
            return lang_of_locale(value)
    return FALLBACK_LANG
