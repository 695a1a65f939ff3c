"""PDF reader: ruled tables and running text of a PDF with a text layer, via pdfplumber.

Turns one PDF into ``shailoo.parsers.read.blocks.RawDocument`` (format ``"pdf"``): ruled tables become ``Table``
blocks, the text around them ``Paragraph`` blocks, page by page in reading order (top to bottom). It
knows PDF layout and nothing about CEC documents. What it undoes, because every PDF extractor shows it:

* a table that runs over several pages comes back as one piece per page: pieces at the top of the next
  page with the same columns are joined into one ``Table``, the header repeated on each page is dropped
  (the first copy gets ``Row.header``), and a row split by the page break is stitched back together
  (``shailoo.parsers.read.blocks.stitch_continuations``);
* merged cells: pdfplumber reports the slots a merge covers as ``None``; here they are ``Cell("",
  merged=True)`` and the origin cell carries ``colspan`` / ``rowspan`` measured from the ruling;
* text clipped away by the PDF (pdfplumber ignores clipping paths) leaking into cells: a character
  belongs to the cell its centre lies in, characters straddling a table border or lying outside the
  page's crop box are dropped;
* running headers, footers and page numbers are dropped.

Scanned pages (no text layer) are read by OCR (``shailoo.parsers.read.ocr``: tesseract, Russian and Kyrgyz): it
gives the characters and the ruled cells of the page image, which then go through exactly the same
steps as a text page's, so a table running from scanned into text pages is one table. OCR'd cells and
paragraphs carry ``confidence`` (0–1), ``RawDocument.ocr_pages`` the mean per page, and a warning says
which pages were OCR'd. With ``ocr="never"`` (or tesseract missing in a PDF that also has text pages)
scanned pages are skipped with a warning; a PDF with no text at all raises ``ScannedError``, or
``ConverterMissing`` when OCR would read it but tesseract is not installed. Unreadable files
(truncated, encrypted, junk) raise ``InputError``. Memory stays bounded: each page's pdfplumber caches
are released once it is read, and one page image at a time is in memory per OCR process.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import sys
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from shailoo.errors import ConverterMissing, InputError, LimitExceeded, ScannedError, read_input
from shailoo.settings import Limits

from shailoo.parsers.read import ocr as _ocr
from shailoo.parsers.read.pdf_settings import TABLE_SETTINGS
from shailoo.parsers.read.blocks import Cell, Paragraph, RawDocument, Row, Table, stitch_continuations

#: ``read_pdf(ocr=...)``: OCR pages without a text layer, every page, or none.
OCR_MODES = ("auto", "always", "never")
OCR_DPI = _ocr.DPI  # rendering resolution for OCR
#: ``read_pdf(engine=...)``: PDFium with pdfplumber where needed, or pdfplumber only (the reference).
ENGINES = ("auto", "pdfplumber")

_GRID_TOL = 2.0  # points: cell borders closer than this are one grid line
_LINE_TOL = 3.0  # points: chars whose tops differ less than this are on one line (pdfplumber's default)
_MARGIN = 0.12  # fraction of the page height where running headers / footers / page numbers live
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_BOLD = re.compile(r"bold|black|heavy|demi", re.I)
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—]?\s*\d{1,4}\s*[-–—]?                                      # 3, - 3 -
      | (?:стр\.?|страница|бет|page|p\.)\s*\d{1,4}
            (?:\s*(?:из|of|/)\s*\d{1,4})?                              # Стр. 3, Бет 3, Page 3 of 10
      | \d{1,4}\s*(?:из|of|/)\s*\d{1,4}                                # 3 из 10, 3/10
      | \d{1,4}\s*-?\s*(?:бет|стр\.?|страница)                         # 3-бет
    )$""",
    re.I | re.X,
)
#: A line that opens a list item: a bullet, «2. », «2) », «а) », and a point number typed without its
#: space before a capital («2.Бекитилген», «3 .Ушул»: real resolutions).
_LIST_MARKER = re.compile(r"^(?:[-–—•·▪◦*]\s|\d{1,3}[.)]\s|[а-яa-z][.)]\s|\d{1,3} ?[.)](?-i:(?=[A-ZА-ЯЁӨҮҢ])))", re.I)


# --------------------------------------------------------------------------------------------------
# Intermediate per-page structures (plain, small: pdfplumber's objects are released page by page)


@dataclass(slots=True)
class _Line:
    """One visual line of text: a run of characters sharing a baseline, in page coordinates."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: float  # 1.0 all chars bold, 0.0 none, 0.5 mixed
    first_w: float  # width of the first word: would it have fitted at the end of the line above?
    space_w: float
    tabbed: bool = False  # a wide gap inside the line (tab stops, side-by-side columns)
    trail_space: bool = False  # the line ends in a space glyph: it was wrapped at a space
    conf_sum: float = 0.0  # OCR'd characters: sum of their word confidences (0–100) ...
    conf_n: int = 0  # ... over this many characters (0 for a text layer)


@dataclass(slots=True)
class _PCell:
    """An origin cell of one table piece: grid position in the piece and its text."""

    r0: int
    r1: int
    c0: int
    c1: int
    text: str
    confidence: float | None = None


@dataclass(slots=True)
class _Piece:
    """The part of a ruled table that lies on one page."""

    page: int
    top: float
    bottom: float
    xs: list[float]  # column boundaries, left to right (n_cols + 1)
    n_rows: int
    cells: list[_PCell]
    box_lines: list[_Line] = field(default_factory=list)  # a 1×1 "table" is a framed paragraph

    @property
    def is_box(self) -> bool:
        return self.n_rows == 1 and len(self.xs) == 2


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    pieces: list[_Piece]


@dataclass(slots=True)
class _Para:
    """A paragraph being assembled; keeps the geometry needed to join it across a page break."""

    lines: list[_Line]
    page: int
    right: float  # right edge of the text column the paragraph sits in

    @property
    def top(self) -> float:
        return self.lines[0].top


# --------------------------------------------------------------------------------------------------
# Public entry point


def read_pdf(path: str, ocr: str = "auto", jobs: int = 1, engine: str = "auto",
             limits: Limits | None = None) -> RawDocument:
    """Read a PDF into paragraphs and tables (see the module docstring).

    ``ocr`` decides which pages are read by OCR (``shailoo.parsers.read.ocr``): ``"auto"`` the pages without a
    usable text layer (scans), ``"always"`` every page, ``"never"`` none (scanned pages are skipped with
    a warning). ``jobs`` > 1 OCRs pages in that many worker processes.

    ``engine`` decides how pages with a text layer are read: ``"auto"`` through PDFium
    (``shailoo.parsers.read.pdf_fast``, its characters read by ``pdf_columns``; over ten times faster) with
    pdfplumber for the pages PDFium's reading could differ on, ``"pdfplumber"`` every page through
    pdfplumber (the reference). Both give the same document.

    Raises ``InputError`` for a file that is not a readable PDF (truncated, password-protected, junk,
    no pages); ``ScannedError`` when no page has any text (with ``ocr="never"``, or when OCR finds none
    either); ``ConverterMissing`` when every page needs OCR and tesseract (with Russian and Kyrgyz) is
    not installed — for a PDF with some text pages the scanned ones are skipped with a warning instead.

    ``limits`` (default ``Limits()``): a PDF of more than ``max_pages`` pages is refused before any page
    is read, and one whose pages to OCR include a page larger than ``max_ocr_page_area`` square inches
    before any page is rendered (``LimitExceeded``, exit 2).
    """
    limits = limits or Limits()
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    path = str(path)
    _check_header(path)
    warnings: list[str] = []
    pages: dict[int, _Page] = {}
    scanned: list[int] = []
    to_ocr: list[int] = []
    garbled: list[int] = []
    with _PageSource(path, engine) as source:
        n_pages = source.n_pages
        if n_pages == 0:
            raise InputError(path, "the PDF has no pages")
        if n_pages > limits.max_pages:
            raise LimitExceeded(path, f"the PDF has {n_pages} pages", "max_pages", n_pages, limits.max_pages)
        for number in range(1, n_pages + 1):
            if ocr == "always":
                to_ocr.append(number)
                continue
            width, height, chars, tables, has_graphics, image_share = source.load(number)
            if not chars or (len(chars) < 30 and image_share > 0.6):
                if has_graphics:
                    scanned.append(number)
                    if ocr == "auto":
                        to_ocr.append(number)  # its few characters (a stamp?) give way to the OCR
                        continue
                if not chars:
                    continue
            # (PDFium's characters, ``pdf_fast.Chars``, are Unicode characters, never «(cid:N)».)
            cids = sum(1 for c in chars if c["text"].startswith("(cid:")) if isinstance(chars, list) else 0
            if cids > 0.3 * len(chars):
                garbled.append(number)
            pages[number] = _read_page(number, width, height, chars, tables)
    ocr_conf: dict[int, float | None] = {}
    if to_ocr:
        missing = _ocr_missing()
        if missing is None:
            _check_ocr_area(path, to_ocr, limits)
            failed = _ocr_pages(path, to_ocr, jobs, pages, ocr_conf, limits.max_ocr_page_area)
            if failed:
                warnings.append(
                    f"page(s) {_ranges(failed)} could not be rendered or read by OCR; "
                    "their content is not read"
                )
        elif not pages:
            what = (
                "OCR of every page was requested" if ocr == "always"
                else f"no text layer: the PDF is a scan ({n_pages} pages)"
            )
            raise ConverterMissing(
                path, f"{what}, but OCR is not available ({missing}); {_ocr.INSTALL_HINT}"
            )
        else:
            warnings.append(
                f"page(s) {_ranges(to_ocr)} have no usable text layer (scanned images); their content "
                f"is not read: OCR is not available ({missing}); {_ocr.INSTALL_HINT}"
            )
    if not pages or (len(scanned) == n_pages and ocr == "never"):
        if ocr == "never":
            raise ScannedError(
                path, f"no text layer: the PDF is a scan ({n_pages} pages); OCR is switched off"
            )
        if ocr_conf:
            raise ScannedError(path, f"no text layer, and OCR found no text either ({n_pages} pages)")
        raise ScannedError(path, f"no text on any of the {n_pages} pages")
    if scanned and ocr == "never":
        warnings.append(
            f"page(s) {_ranges(scanned)} have no usable text layer (scanned images); "
            "their content is not read (OCR is switched off)"
        )
    if ocr_conf:
        warnings.append(_ocr_warning(ocr_conf, ocr))
    if garbled:
        warnings.append(
            f"page(s) {_ranges(garbled)} use fonts without a Unicode map; their text is garbled"
        )
    if not _has_eof_marker(path):
        warnings.append("no %%EOF marker at the end of the file: it may be truncated")
    page_list = [pages[n] for n in sorted(pages)]
    _drop_running_lines(page_list)
    blocks = _assemble(page_list)
    return RawDocument(
        path=path, format="pdf", blocks=blocks, pages=n_pages, scanned_pages=scanned,
        ocr_pages=ocr_conf, warnings=warnings,
    )


# --------------------------------------------------------------------------------------------------
# OCR of scanned pages (shailoo.parsers.read.ocr)


def _ocr_missing() -> str | None:
    """Why OCR cannot run here (tesseract or a language missing), or ``None``."""
    try:
        _ocr.check_tesseract()
    except _ocr.OcrUnavailable as err:
        return str(err)
    return None


def _check_ocr_area(path: str, numbers: list[int], limits: Limits) -> None:
    """Refuse the PDF when a page to OCR (1-based ``numbers``) is larger than ``limits.max_ocr_page_area``
    square inches: its image at the OCR resolution would not fit in memory. The sizes come from the page
    tree (PDFium), before anything is rendered; a PDF PDFium cannot open is left to the rendering, which
    fails page by page."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # PDFium cannot open it: no page will be rendered either
        return
    try:
        for number in numbers:
            try:
                width, height = pdf.get_page_size(number - 1)
            except Exception:  # a damaged page: its rendering fails, and it is reported as not read
                continue
            area = _ocr.page_area(width, height)
            if area > limits.max_ocr_page_area:
                raise LimitExceeded(path, f"page {number} is {width / 72:g} × {height / 72:g} inches "
                                    f"({area:.0f} square inches) to render for OCR", "max_ocr_page_area", area,
                                    limits.max_ocr_page_area)
    finally:
        pdf.close()


def _ocr_one(path: str, index: int, dpi: int, max_area: float | None = None):
    """``shailoo.parsers.read.ocr.ocr_page``, or ``None`` for a page pdfium cannot render or tesseract cannot read."""
    import pypdfium2 as pdfium

    try:
        return _ocr.ocr_page(path, index, dpi, max_area=max_area)
    except (pdfium.PdfiumError, _ocr.OcrUnavailable):  # a damaged page is lost, not the document
        return None


def _ocr_pages(
    path: str, numbers: list[int], jobs: int, pages: dict[int, _Page], conf: dict[int, float | None],
    max_area: float | None = None,
) -> list[int]:
    """OCR the pages ``numbers`` (1-based) into ``pages``; return the pages that could not be read.

    Each page's OCR result is turned into a ``_Page`` as soon as it arrives, so at most ``jobs`` page
    images and their characters are in memory at a time.
    """
    failed: list[int] = []

    def take(number: int, result) -> None:
        if result is None:
            failed.append(number)
            return
        chars, tables, width, height, mean_conf = result
        conf[number] = None if mean_conf is None else round(mean_conf, 3)
        if chars or tables:
            pages[number] = _read_page(number, width, height, chars, tables)

    if jobs > 1 and len(numbers) > 1:
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        workers = min(jobs, len(numbers))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # At most two pages per worker in flight: finished pages wait for the page before them.
            pending: deque = deque()
            for number in numbers:
                if len(pending) >= 2 * workers:
                    done_number, future = pending.popleft()
                    take(done_number, future.result())
                pending.append((number, pool.submit(_ocr_one, path, number - 1, OCR_DPI, max_area)))
            while pending:
                done_number, future = pending.popleft()
                take(done_number, future.result())
    else:
        for number in numbers:
            take(number, _ocr_one(path, number - 1, OCR_DPI, max_area))
    return failed


def _ocr_warning(conf: dict[int, float | None], mode: str) -> str:
    """Which pages were read by OCR, with their mean character confidence."""
    numbers = sorted(conf)
    why = "OCR requested for every page" if mode == "always" else "no text layer"
    known = [c for c in conf.values() if c is not None]
    mean = f"{sum(known) / len(known):.2f}" if known else "n/a"
    per_page = ", ".join(
        f"{n}: {conf[n]:.2f}" if conf[n] is not None else f"{n}: no text" for n in numbers
    )
    return (
        f"page(s) {_ranges(numbers)} read by OCR ({why}); mean confidence {mean} "
        f"(per page {per_page})"
    )


# --------------------------------------------------------------------------------------------------
# Opening and errors


class _PageSource:
    """The pages of one PDF, each loaded by PDFium (``shailoo.parsers.read.pdf_fast``) or by pdfplumber.

    With ``engine="auto"`` PDFium reads every page it can; a page it cannot read as pdfplumber would
    (``pdf_fast.Unsupported``) is read by pdfplumber, opened on first need. A file PDFium cannot open,
    or one cut short (no ``%%EOF``: PDFium silently repairs what pdfminer reports), is read by
    pdfplumber throughout, so damaged files get pdfplumber's reasons. ``fast_pages`` and
    ``fallbacks`` (page → reason) say which reader took each page.
    """

    def __init__(self, path: str, engine: str):
        self.path = path
        self.engine = engine
        self.fast_pages: list[int] = []
        self.fallbacks: dict[int, str] = {}
        self._doc: Any = None
        self._plumber_cm: Any = None
        self._plumber: Any = None
        self._plumber_pages: Any = None
        self.n_pages = 0

    def __enter__(self) -> "_PageSource":
        if self.engine == "auto" and _has_eof_marker(self.path):
            # on call: loads pypdfium2, which the pdfplumber engine never needs
            from shailoo.parsers.read import pdf_fast
            try:
                self._doc = pdf_fast.open_document(self.path)
                self.n_pages = len(self._doc)
            except Exception:  # PDFium cannot open it: pdfplumber will say why
                self._close_doc()
        if self._doc is None:
            self._open_plumber()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._close_doc()
        if self._plumber_cm is not None:
            self._plumber_cm.__exit__(*exc)
            self._plumber_cm = None

    def _close_doc(self) -> None:
        if self._doc is not None:
            try:
                self._doc.close()
            finally:
                self._doc = None

    def _open_plumber(self) -> None:
        if self._plumber_cm is not None:
            return
        self._plumber_cm = _open_pdf(self.path)
        self._plumber = self._plumber_cm.__enter__()
        try:
            self._plumber_pages = self._plumber.pages
            n = len(self._plumber_pages)
        except Exception as err:  # pdfminer raises many types on a damaged page tree
            raise InputError(self.path, _reason(err, self.path)) from None
        if self._doc is None:
            self.n_pages = n

    def load(self, number: int) -> tuple[float, float, list[dict], list[list[tuple]], bool, float]:
        """``(width, height, chars, tables, has_graphics, image_share)`` of page ``number`` (1-based)."""
        if self._doc is not None:
            # on call: loads pypdfium2, which the pdfplumber engine never needs
            from shailoo.parsers.read import pdf_fast
            try:
                data = pdf_fast.load_page(self._doc, number - 1)
            except pdf_fast.Unsupported as why:
                self.fallbacks[number] = str(why)
            except Exception as err:  # a damaged page: pdfplumber reads it, or says why not
                self.fallbacks[number] = f"PDFium: {type(err).__name__}"
            else:
                self.fast_pages.append(number)
                return data.width, data.height, data.chars, data.tables, data.has_graphics, data.image_share
        self._open_plumber()
        if number > len(self._plumber_pages):
            # PDFium counted more pages than pdfminer finds: a page tree that contains itself (or a
            # damaged one), where the two walk it differently.
            raise InputError(self.path, f"page {number}: the PDF's page tree is damaged (it contains itself "
                                        f"or a page cannot be found)")
        page = self._plumber_pages[number - 1]
        try:
            chars, tables, has_graphics, image_share = _load_page(page)
        except Exception as err:
            raise InputError(self.path, f"page {number}: {_reason(err, self.path)}") from None
        finally:
            # Release pdfplumber's per-page caches (objects, edges, text map): on a 220-page file
            # keeping them costs hundreds of MiB (pdfplumber issues #193, #1339, #1395).
            page.close()
        return page.width, page.height, chars, tables, has_graphics, image_share


def _check_header(path: str) -> None:
    head = read_input(path, 1024)
    if b"%PDF" not in head:
        raise InputError(path, "not a PDF file (no %PDF header)")


def _has_eof_marker(path: str) -> bool:
    """Whether ``%%EOF`` occurs near the end: a PDF cut short (interrupted download) lacks it."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65536))
        return b"%%EOF" in fh.read()


@contextmanager
def _open_pdf(path: str) -> Iterator[Any]:
    """``pdfplumber.open`` with pdfminer's errors turned into ``InputError``, and a safe close.

    ``PDF.close()`` in pdfplumber 0.11 flushes its page list first and then re-parses the page tree to
    close pages (issue #1339 / PR #1390): on a damaged file that re-parse raises again. We close the
    pages we used ourselves and only close the stream.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as err:
        raise InputError(path, _reason(err, path)) from None
    try:
        yield pdf
    finally:
        for page in getattr(pdf, "_pages", None) or ():
            page.close()
        try:
            pdf.stream.close()
        except Exception:  # closing a file we only read cannot lose data
            pass


def _reason(err: BaseException, path: str) -> str:
    """A one-line, user-facing reason for a pdfminer / pdfplumber failure."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSEOF

    inner = err
    # pdfplumber wraps pdfminer's exception in PdfminerException(original)
    while (
        type(inner).__name__ == "PdfminerException" and inner.args
        and isinstance(inner.args[0], BaseException)
    ):
        inner = inner.args[0]
    if isinstance(inner, PDFPasswordIncorrect):
        return "password-protected PDF: it cannot be opened without its password"
    if isinstance(inner, PDFEncryptionError):
        return f"password-protected (encrypted) PDF that cannot be decrypted ({_short(inner)})"
    no_eof = not _has_eof_marker(path)
    text = _short(inner)
    if isinstance(inner, (PSEOF, EOFError)):
        if no_eof:
            return "truncated PDF: the file ends too early (no %%EOF end marker)"
        return "damaged PDF: unexpected end of data inside the file"
    if "no /root object" in text.lower():
        if no_eof:
            return "damaged or truncated PDF: no document catalog (/Root) and no %%EOF end marker"
        return "damaged or not a PDF: no document catalog (/Root) found"
    tail = "; no %%EOF end marker, the file may be truncated" if no_eof else ""
    return f"damaged PDF ({type(inner).__name__}{': ' + text if text else ''}){tail}"


def _short(err: BaseException) -> str:
    # pdfminer quotes raw bytes of the damaged object: keep the reason one printable line.
    text = "".join(ch if ch.isprintable() else "?" for ch in " ".join(str(err).split()))
    return text[:120] + ("…" if len(text) > 120 else "")


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


# --------------------------------------------------------------------------------------------------
# One page


def _load_page(page: Any) -> tuple[list[dict], list[Any], bool, float]:
    """Everything taken from pdfplumber for one page (the only calls that can hit a damaged stream)."""
    cx0, ctop, cx1, cbottom = page.cropbox
    chars = []
    for c in page.chars:
        text = c["text"]
        if not text:
            continue
        mx, my = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        # Text outside the crop box is not shown by any viewer.
        if cx0 <= mx <= cx1 and ctop <= my <= cbottom:
            chars.append(c)
    images = page.images
    has_graphics = bool(images or page.curves or page.rects or page.lines)
    area = max(1.0, float(page.width * page.height))
    image_share = sum(max(0.0, float(i["width"] * i["height"])) for i in images) / area
    tables = []
    if chars:
        for t in page.find_tables(TABLE_SETTINGS):
            x0, top, x1, bottom = t.bbox
            if cx0 <= (x0 + x1) / 2 <= cx1 and ctop <= (top + bottom) / 2 <= cbottom:
                tables.append(t.cells)
    return chars, tables, has_graphics, image_share


def _read_page(
    number: int, width: float, height: float, chars: list[dict], tables: list[list[tuple]]
) -> _Page:
    """Split the page's characters between table cells and running text.

    ``chars`` are pdfplumber-shaped dicts (pdfplumber, OCR), or PDFium's characters in columns
    (``pdf_fast.Chars``), which ``pdf_columns.read_page`` reads the same way with numpy.
    """
    if not isinstance(chars, list):
        # on call: numpy, which the pdfplumber engine never needs
        from shailoo.parsers.read import pdf_columns

        return pdf_columns.read_page(chars, number, width, height, tables, sys.modules[__name__])
    grids = _grids(tables)
    # Smallest first: a character inside nested rulings belongs to the innermost table.
    by_area = sorted(grids, key=lambda g: g.area)
    free: list[dict] = []
    for c in chars:
        mx, my = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for g in by_area:
            if g.x0 <= mx <= g.x1 and g.top <= my <= g.bottom:
                g.add(c, mx, my)
                break
        else:
            # A glyph straddling a table border with its centre outside is text clipped by the cell
            # it overflows (pdfplumber ignores clipping paths): not visible, drop it.
            if not any(g.straddles(c) for g in grids):
                free.append(c)
    return _finish_page(number, width, height, [g.piece(number) for g in grids], _build_lines(free, tabs=True))


def _grids(tables: list[list[tuple]]) -> list["_Grid"]:
    """The page's ruled tables; a frame drawn around other tables (or the whole page) is not a table itself."""
    grids = [_Grid(cells) for cells in tables if cells]
    return [g for g in grids if not (g.is_box and any(o is not g and g.contains(o) for o in grids))]


def _finish_page(number: int, width: float, height: float, pieces: list["_Piece"], lines: list[_Line]) -> _Page:
    """The page of its table pieces and its running-text lines (top to bottom)."""
    # A framed paragraph (1×1 table) stays a table piece only when it can continue a table from the
    # previous page, i.e. when nothing is above it; otherwise its text is running text.
    first_top = min([ln.top for ln in lines] + [p.top for p in pieces], default=0.0)
    kept: list[_Piece] = []
    for p in pieces:
        if p.is_box and p.top > first_top + 0.5:
            lines.extend(p.box_lines)
        else:
            kept.append(p)
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    kept.sort(key=lambda p: p.top)
    return _Page(number=number, width=width, height=height, lines=lines, pieces=kept)


class _Grid:
    """One ruled table on one page: its grid lines, cells and the characters falling into them."""

    def __init__(self, cells: list[tuple]):
        self.x0 = min(c[0] for c in cells)
        self.top = min(c[1] for c in cells)
        self.x1 = max(c[2] for c in cells)
        self.bottom = max(c[3] for c in cells)
        self.area = (self.x1 - self.x0) * (self.bottom - self.top)
        self.xs = _cluster([v for c in cells for v in (c[0], c[2])])
        self.ys = _cluster([v for c in cells for v in (c[1], c[3])])
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        self.owner = [[-1] * n_cols for _ in range(n_rows)]
        self.spans: list[tuple[int, int, int, int, tuple]] = []
        for bbox in sorted(cells, key=lambda c: (c[1], c[0])):
            r0, r1 = _index(self.ys, bbox[1]), _index(self.ys, bbox[3])
            c0, c1 = _index(self.xs, bbox[0]), _index(self.xs, bbox[2])
            if r1 <= r0 or c1 <= c0:
                continue
            k = len(self.spans)
            self.spans.append((r0, r1, c0, c1, bbox))
            for r in range(r0, r1):
                for col in range(c0, c1):
                    if self.owner[r][col] < 0:
                        self.owner[r][col] = k
        self.chars: dict[int, list[dict]] = defaultdict(list)
        self.stray: dict[tuple[int, int], list[dict]] = defaultdict(list)
        self._rows: dict[float, int] = {}

    @property
    def is_box(self) -> bool:
        return len(self.xs) == 2 and len(self.ys) == 2

    def contains(self, other: "_Grid") -> bool:
        return (
            self.x0 <= other.x0 + 1 and other.x1 <= self.x1 + 1
            and self.top <= other.top + 1 and other.bottom <= self.bottom + 1
        )

    def straddles(self, c: dict) -> bool:
        """Whether a glyph's box overlaps this table by at least a quarter of its own area."""
        w = min(c["x1"], self.x1) - max(c["x0"], self.x0)
        h = min(c["bottom"], self.bottom) - max(c["top"], self.top)
        if w <= 0 or h <= 0:
            return False
        area = max(1e-6, (c["x1"] - c["x0"]) * (c["bottom"] - c["top"]))
        return w * h >= 0.25 * area

    def add(self, c: dict, mx: float, my: float) -> None:
        xs, ys = self.xs, self.ys
        col = bisect.bisect_right(xs, mx) - 1
        if col < 0:
            col = 0
        elif col > len(xs) - 2:
            col = len(xs) - 2
        row = self._rows.get(my)
        if row is None:  # the characters of one line share ``my``: look it up once per line
            row = bisect.bisect_right(ys, my) - 1
            if row < 0:
                row = 0
            elif row > len(ys) - 2:
                row = len(ys) - 2
            self._rows[my] = row
        k = self.owner[row][col]
        if k >= 0:
            if not self._overflows(c, self.spans[k][4]):
                self.chars[k].append(c)
        else:  # a slot no ruled cell covers (a missing border): keep its text as a cell of its own
            self.stray[(row, col)].append(c)

    @staticmethod
    def _overflows(c: dict, bbox: tuple) -> bool:
        """Whether a glyph sticks out of its cell by more than 30 % of its size.

        Text laid out in a cell fits inside it (cells have padding); a glyph cut by the cell border is
        part of a line that overflows a fixed-height row or a neighbouring cell and was clipped away.
        """
        x0, top, x1, bottom = bbox
        ctop, cbottom = c["top"], c["bottom"]
        h = cbottom - ctop
        if h < 1e-6:
            h = 1e-6
        if top - ctop > 0.3 * h or cbottom - bottom > 0.3 * h:
            return True
        cx0, cx1 = c["x0"], c["x1"]
        w = cx1 - cx0
        if w < 1e-6:
            w = 1e-6
        return x0 - cx0 > 0.3 * w or cx1 - x1 > 0.3 * w

    def piece(self, page: int) -> _Piece:
        cells: list[_PCell] = []
        for k, (r0, r1, c0, c1, bbox) in enumerate(self.spans):
            chars = self.chars.get(k, [])
            cells.append(_PCell(r0, r1, c0, c1, _cell_text(chars, bbox), _confidence(chars)))
        for (r, col), chars in self.stray.items():
            bbox = (self.xs[col], self.ys[r], self.xs[col + 1], self.ys[r + 1])
            cells.append(_PCell(r, r + 1, col, col + 1, _cell_text(chars, bbox), _confidence(chars)))
        box_lines: list[_Line] = []
        if self.is_box:
            box_lines = _build_lines([c for cs in self.chars.values() for c in cs], tabs=True)
        return _Piece(
            page=page, top=self.top, bottom=self.bottom, xs=list(self.xs), n_rows=len(self.ys) - 1,
            cells=cells, box_lines=box_lines,
        )


def _confidence(chars: list[dict]) -> float | None:
    """Mean word confidence (0–1) of OCR'd characters (they carry ``conf``); ``None`` for a text layer."""
    confs = [c["conf"] for c in chars if "conf" in c and not c["text"].isspace()]
    return round(sum(confs) / len(confs) / 100.0, 3) if confs else None


def _cluster(values: list[float], tol: float = _GRID_TOL) -> list[float]:
    """Sorted distinct positions: values closer than ``tol`` to their neighbour are one position
    (``shailoo.parsers.read.ocr.cluster``, with the grid tolerance of a text page)."""
    return _ocr.cluster(values, tol)


def _index(grid: list[float], v: float) -> int:
    """Index of the grid position nearest to ``v``."""
    i = bisect.bisect_left(grid, v)
    if i == 0:
        return 0
    if i == len(grid):
        return len(grid) - 1
    return i if grid[i] - v < v - grid[i - 1] else i - 1


# --------------------------------------------------------------------------------------------------
# Characters → lines → text


def _build_lines(chars: list[dict], tabs: bool = False) -> list[_Line]:
    """Group characters into visual lines, top to bottom.

    Spaces come from space glyphs or from gaps wider than a fifth of the font size (some producers
    position words without emitting spaces). With ``tabs``, a gap wider than four font sizes (tab
    stops, text side by side) becomes a tab and marks the line as not wrapped.
    """
    upright = [c for c in chars if c.get("upright", True)]
    rotated = [c for c in chars if not c.get("upright", True)]
    lines: list[_Line] = []
    upright.sort(key=lambda c: c["top"])
    group: list[dict] = []
    last_top = 0.0
    for c in upright:
        if group and c["top"] - last_top > _LINE_TOL:
            lines.append(_make_line(group, tabs))
            group = []
        group.append(c)
        last_top = c["top"]
    if group:
        lines.append(_make_line(group, tabs))
    if rotated:
        lines.extend(_rotated_lines(rotated))
    return [ln for ln in lines if ln.text]


def _make_line(chars: list[dict], tabs: bool) -> _Line:
    chars.sort(key=_X0)
    size = max(float(c["size"]) for c in chars)
    gap_space = max(1.0, 0.2 * size)
    gap_tab = 4.0 * size
    parts: list[str] = []
    append = parts.append
    n_words = 0
    fw0 = fw1 = 0.0  # x0, x1 of the first word
    space_ws: list[float] = []
    prev: dict | None = None
    in_word = False
    tabbed = False
    bold_n = 0
    n = 0
    conf_sum = 0.0
    conf_n = 0
    # The box of the printed (non-space) characters.
    x0 = top = math.inf
    x1 = bottom = -math.inf
    for c in chars:
        text = c["text"]
        if text.isspace():
            if in_word:
                space_ws.append(c["x1"] - c["x0"])
            in_word = False
            continue
        cx0, cx1, ctop, cbottom = c["x0"], c["x1"], c["top"], c["bottom"]
        if cx0 < x0:
            x0 = cx0
        if cx1 > x1:
            x1 = cx1
        if ctop < top:
            top = ctop
        if cbottom > bottom:
            bottom = cbottom
        if prev is not None:
            # Fake bold (the same glyph painted twice, slightly shifted): keep one.
            px0 = prev["x0"]
            if text == prev["text"] and abs(cx0 - px0) < 0.5 * max(0.1, prev["x1"] - px0):
                continue
            gap = cx0 - prev["x1"]
            if tabs and gap > gap_tab:
                append("\t")
                tabbed = True
                in_word = False
            elif gap > gap_space or not in_word:
                if parts and parts[-1] != "\t":
                    append(" ")
                in_word = False
        if not in_word:
            n_words += 1
            if n_words == 1:
                fw0, fw1 = cx0, cx1
            in_word = True
        elif n_words == 1:
            fw1 = cx1
        append(_LIGATURES.get(text, text))
        n += 1
        if "conf" in c:
            conf_sum += c["conf"]
            conf_n += 1
        if _bold_font(c.get("fontname") or ""):
            bold_n += 1
        prev = c
    if x0 == math.inf:  # spaces only
        x0, x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
        top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    return _Line(
        text="".join(parts).strip(),
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        size=size,
        bold=1.0 if n and bold_n == n else (0.0 if bold_n == 0 else 0.5),
        first_w=(fw1 - fw0) if n_words else 0.0,
        space_w=(sum(space_ws) / len(space_ws)) if space_ws else 0.25 * size,
        tabbed=tabbed,
        trail_space=chars[-1]["text"].isspace(),
        conf_sum=conf_sum,
        conf_n=conf_n,
    )


def _X0(c: dict) -> float:
    return c["x0"]


@functools.lru_cache(maxsize=256)
def _bold_font(fontname: str) -> bool:
    """Whether a font name says bold (black, heavy, demi): looked up once per font."""
    return bool(_BOLD.search(fontname))


def _rotated_lines(chars: list[dict]) -> list[_Line]:
    """Vertical text (rotated table headers): let pdfplumber order it; one line per text column."""
    from pdfplumber.utils import extract_words

    out: list[_Line] = []
    words = extract_words(chars)
    if not words:
        return out
    text = " ".join(w["text"] for w in words)
    size = max(float(c["size"]) for c in chars)
    out.append(
        _Line(
            text=text,
            x0=min(w["x0"] for w in words), x1=max(w["x1"] for w in words),
            top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
            size=size, bold=0.0, first_w=0.0, space_w=0.25 * size, tabbed=True,
        )
    )
    return out


def _cell_text(chars: list[dict], bbox: tuple) -> str:
    """The text of one cell: paragraphs joined by newlines, wrapped lines by spaces."""
    if not chars:
        return ""
    return _lines_text(_build_lines(chars), bbox)


def _lines_text(lines: list[_Line], bbox: tuple) -> str:
    """The text of one cell of its lines (``_build_lines``)."""
    if len(lines) < 2:
        return lines[0].text if lines else ""  # (one line is one paragraph)
    lines.sort(key=lambda ln: ln.top)
    x0, _, x1, _ = bbox
    # The cell's text area: assume the right padding equals the left one we can see.
    pad = min(max(min(ln.x0 for ln in lines) - x0, 1.0), 10.0)
    right = max(max(ln.x1 for ln in lines), x1 - pad)
    return "\n".join(_join_lines(p) for p in _split_paragraphs(lines, right))


def _base_gap(lines: list[_Line]) -> float:
    """The ordinary space between two lines of one paragraph here (the smallest seen)."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top > a.top]
    if not gaps:
        return 0.0
    gaps.sort()
    return max(0.0, gaps[len(gaps) // 4])


def _split_paragraphs(lines: list[_Line], right: float) -> list[list[_Line]]:
    base = _base_gap(lines)
    paras: list[list[_Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        if _hard_break(prev, line, right, base):
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


def _hard_break(prev: _Line, line: _Line, right: float, base_gap: float | None) -> bool:
    """Whether ``line`` starts a new paragraph rather than continuing ``prev`` (a wrapped line).

    The decisive test is the one a word processor applies: had the first word of ``line`` fitted at
    the end of ``prev``, the line would not have wrapped there, so the break is a hard one.
    """
    if prev.tabbed or line.tabbed:
        return True
    size = max(prev.size, line.size)
    # Space between paragraphs: the lines of a paragraph are set at one gap (``base_gap``); a gap a
    # quarter of the font size or more above it is a paragraph's spacing (6 pt after a 12-pt paragraph,
    # the commonest setting, is half of it; a wrapped line's gap varies by a few tenths of a point).
    if base_gap is not None and line.top - prev.bottom >= base_gap + 0.25 * size:
        return True
    if abs(prev.size - line.size) > 1.0 or {prev.bold, line.bold} == {0.0, 1.0}:
        return True
    if line.x0 > prev.x1 or line.x1 < prev.x0:
        return True
    if prev.x1 + prev.space_w + line.first_w < right - 1.0:
        return True
    if _LIST_MARKER.match(line.text) and prev.text[-1:] in ".;:!?":
        return True
    return False


def _join_lines(lines: list[_Line]) -> str:
    text = lines[0].text
    for prev, ln in zip(lines, lines[1:]):
        text = _join_wrapped(text, ln.text, prev.trail_space)
    return text


def _join_wrapped(a: str, b: str, trail_space: bool = False) -> str:
    """Join a line with the next wrapped line of the same paragraph."""
    if not a:
        return b
    if not b:
        return a
    if a.endswith("\xad"):  # a soft hyphen shown at a line end is not part of the text
        return a[:-1] + b
    if a[-1] in "-‐–—/" and len(a) > 1 and not a[-2].isspace() and not trail_space:
        # The line was broken after a hyphen, dash or slash glued to the next word: a compound
        # («организационно-практических», «<i>-выдвижение») or a path. Word does not hyphenate
        # automatically, so the hyphen is kept. Producers that write space glyphs (LibreOffice) leave
        # one at the end of a line wrapped at a space; then the space is restored.
        return a + b
    return a + " " + b


# --------------------------------------------------------------------------------------------------
# Running headers, footers, page numbers


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers and lines repeated at the same place on most pages, in the top/bottom margin."""
    def zone(page: _Page, ln: _Line) -> str | None:
        if ln.bottom <= page.height * _MARGIN:
            return "top"
        if ln.top >= page.height * (1 - _MARGIN):
            return "bottom"
        return None

    def key(page: _Page, ln: _Line, z: str) -> tuple:
        pos = ln.top if z == "top" else page.height - ln.bottom
        return (z, re.sub(r"\d+", "#", " ".join(ln.text.split()).lower()), round(pos / 3))

    seen: Counter = Counter()
    for page in pages:
        keys = set()
        for ln in page.lines:
            z = zone(page, ln)
            if z and not _beside_table(page, ln):
                keys.add(key(page, ln, z))
        seen.update(keys)
    need = max(2, len(pages) // 2 + 1)
    for page in pages:
        kept = []
        for ln in page.lines:
            z = zone(page, ln)
            if z and not _beside_table(page, ln):
                if _PAGE_NUMBER.match(" ".join(ln.text.split())) or seen[key(page, ln, z)] >= need:
                    continue
            kept.append(ln)
        page.lines = kept


def _beside_table(page: _Page, ln: _Line) -> bool:
    return any(p.top < ln.bottom and ln.top < p.bottom for p in page.pieces)


# --------------------------------------------------------------------------------------------------
# Blocks: paragraphs per page, tables across pages


def _paragraphs(lines: list[_Line], page: int, right: float, base_gap: float) -> list[_Para]:
    """Group a page's running-text lines (top to bottom) into paragraphs."""
    paras: list[_Para] = []
    cur: _Para | None = None
    for ln in lines:
        if cur is not None and not _hard_break(cur.lines[-1], ln, right, base_gap):
            cur.lines.append(ln)
            continue
        cur = _Para([ln], page, right)
        paras.append(cur)
    return paras


def _text_geometry(pages: list[_Page]) -> tuple[dict[int, float], float]:
    """Right edge of the text column per page width, and the ordinary gap between lines.

    Measured over the whole document: a page holding two lines says nothing about where lines wrap.
    """
    right: dict[int, float] = {}
    gaps: list[float] = []
    for page in pages:
        key = round(page.width)
        for ln in page.lines:
            if not ln.tabbed:
                right[key] = max(right.get(key, 0.0), ln.x1)
        gaps += [b.top - a.bottom for a, b in zip(page.lines, page.lines[1:]) if b.top > a.top]
    gaps.sort()
    return right, (max(0.0, gaps[len(gaps) // 4]) if gaps else 0.0)


def _to_paragraph(p: _Para) -> Paragraph:
    text = _join_lines(p.lines)
    style = "heading" if all(ln.bold == 1.0 for ln in p.lines) and len(text) <= 300 else "normal"
    conf_n = sum(ln.conf_n for ln in p.lines)
    confidence = round(sum(ln.conf_sum for ln in p.lines) / conf_n / 100.0, 3) if conf_n else None
    return Paragraph(text=text, page=p.page, style=style, confidence=confidence)


def _assemble(pages: list[_Page]) -> list:
    """Interleave each page's paragraphs and table pieces; join pieces and paragraphs across pages."""
    out: list = []  # _Para | list[_Piece] (a logical table) while assembling
    prev_page: int | None = None
    rights, base_gap = _text_geometry(pages)
    for page in pages:
        right = rights.get(round(page.width)) or max((ln.x1 for ln in page.lines), default=0.0)
        paras = _paragraphs(page.lines, page.number, right, base_gap)
        items: list[tuple[float, int, Any]] = [(p.top, 0, p) for p in paras]
        items += [(p.top, 1, p) for p in page.pieces]
        items.sort(key=lambda it: (it[0], it[1]))
        for i, (_, _, item) in enumerate(items):
            last = out[-1] if out else None
            at_break = i == 0 and prev_page == page.number - 1 and last is not None
            if isinstance(item, _Piece):
                if at_break and isinstance(last, list) and _continues(last, item):
                    last.append(item)
                elif item.is_box:
                    # A framed paragraph that continues nothing: its text is running text.
                    box_right = max((ln.x1 for ln in item.box_lines), default=0.0)
                    out.extend(_paragraphs(item.box_lines, page.number, box_right, base_gap))
                else:
                    out.append([item])
            else:
                if at_break and isinstance(last, _Para) and _continues_para(last, item):
                    last.lines.extend(item.lines)
                else:
                    out.append(item)
        prev_page = page.number
    blocks: list = []
    for item in out:
        blocks.append(_to_paragraph(item) if isinstance(item, _Para) else _build_table(item))
    return blocks


def _continues(table: list[_Piece], piece: _Piece) -> bool:
    """Whether a piece at the top of a page continues the table that ended the previous page.

    Same outer edges and the same column boundaries (within a tolerance). A piece of one or two rows
    may have fewer boundaries (e.g. only a full-width section row made it onto the page).
    """
    tol = 4.0
    ref = table[-1]
    a, b = ref.xs, piece.xs
    if abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return False
    if len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b)):
        return True

    def subset(s: list[float], t: list[float]) -> bool:
        return all(any(abs(x - y) <= tol for y in t) for x in s)

    return (piece.n_rows <= 2 and subset(b, a)) or (ref.n_rows <= 2 and subset(a, b))


def _continues_para(prev: _Para, nxt: _Para) -> bool:
    """A paragraph cut by a page break: the last line was full and the next one goes on mid-sentence."""
    a, b = prev.lines[-1], nxt.lines[0]
    if a.tabbed or b.tabbed or abs(a.size - b.size) > 1.0 or {a.bold, b.bold} == {0.0, 1.0}:
        return False
    if a.x1 + a.space_w + b.first_w < prev.right - 1.0:
        return False  # the last line was short: the paragraph ended there
    return b.text[:1].islower() or a.text[-1:] not in ".!?:;"


def _build_table(pieces: list[_Piece]) -> Table:
    """One logical table from its per-page pieces: a common grid, header copies dropped, rows stitched."""
    grid = _cluster([x for p in pieces for x in p.xs], tol=4.0)
    first_keys: list[tuple[str, ...]] = []
    first_rows: list[Row] = []
    header_n = 0
    rows: list[Row] = []
    for n, piece in enumerate(pieces):
        prows = _piece_rows(piece, grid)
        if n == 0:
            # Header candidates: a header is at most three rows (titles, sub-titles, column numbers).
            first_rows = prows[:3]
            first_keys = [_row_key(r) for r in first_rows]
        else:
            k = 0
            while (
                k < len(first_keys) and k < len(prows)
                and any(first_keys[k])
                and _same_key(_row_key(prows[k]), first_keys[k], (prows[k], first_rows[k]))
            ):
                k += 1
            header_n = max(header_n, k)
            prows = prows[k:]
            if prows:
                prows[0].page_break_before = True
        rows.extend(prows)
    for i, row in enumerate(rows):
        row.index = i
        if i < header_n:
            row.header = True
    table = Table(rows=rows, page=pieces[0].page)
    return stitch_continuations(table)


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(" ".join(c.text.split()) for c in row.cells)


def _same_key(key: tuple[str, ...], first: tuple[str, ...], rows: tuple[Row, Row]) -> bool:
    """Whether a row repeats a header row: the same text, or when either was OCR'd nearly the same.

    OCR reads the same header a little differently on each page («мероприятии» for «мероприятий»):
    rows of which one was OCR'd match when every cell has the same emptiness and at least 80 %
    similar text.
    """
    if key == first:
        return True
    if len(key) != len(first) or all(c.confidence is None for r in rows for c in r.cells):
        return False
    from difflib import SequenceMatcher

    for a, b in zip(key, first):
        if bool(a) != bool(b):
            return False
        if a and SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio() < 0.8:
            return False
    return True


def _piece_rows(piece: _Piece, grid: list[float]) -> list[Row]:
    """Rows of one piece on the table's common column grid; covered slots are ``merged`` cells."""
    colmap = [_index(grid, x) for x in piece.xs]
    n_cols = len(grid) - 1
    slots: list[list[Cell | None]] = [[None] * n_cols for _ in range(piece.n_rows)]
    for pc in piece.cells:
        c0, c1 = colmap[pc.c0], colmap[pc.c1]
        if c1 <= c0 or slots[pc.r0][c0] is not None:
            continue
        slots[pc.r0][c0] = Cell(
            pc.text, col=c0, colspan=c1 - c0, rowspan=pc.r1 - pc.r0, confidence=pc.confidence
        )
        for r in range(pc.r0, pc.r1):
            for col in range(c0, c1):
                if (r, col) != (pc.r0, c0) and slots[r][col] is None:
                    slots[r][col] = Cell("", col=col, merged=True)
    rows: list[Row] = []
    for r, row_slots in enumerate(slots):
        cells = [c if c is not None else Cell("", col=i, merged=True) for i, c in enumerate(row_slots)]
        rows.append(Row(cells=cells, page=piece.page))
    return rows
