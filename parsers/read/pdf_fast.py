"""Fast PDF page loading through PDFium (pypdfium2): the characters and ruled tables of one page.

``shailoo.parsers.read.pdf`` turns a page's characters and its ruled tables (lists of cell boxes, as
pdfplumber's ``Table.cells``) into paragraphs and tables. pdfplumber gets them by interpreting the
page through pdfminer in pure Python (≈ 10 pages/s on a table page) and finding the cells with its
``TableFinder``; this module gets the same two things from PDFium, which has already interpreted the
page in C:

* characters from PDFium's text page: per character its origin (``FPDFText_GetCharOrigin``: ``x0``
  and the baseline — the one call made for every character), its advance (pdfminer's width: the
  font's width of it, bounded by the loose box PDFium draws, found once per character and font on a
  page) and its text object (font name, size, orientation — looked up once per object; the object
  of a stretch of characters on one baseline is asked at its ends, see ``_runs``). ``top`` and
  ``bottom`` follow pdfminer: the baseline plus the font's descriptor descent, one font size high.
  The characters are kept in columns (``Chars``: numpy arrays, one entry per character), which
  ``shailoo.parsers.read.pdf_columns`` reads into cells and lines without a Python object per
  character;
* ruling lines from the page's path objects, classified as pdfminer does (a subpath ``m l`` is a
  line, ``m l l l h`` with square corners a rectangle, anything else a curve of its end points),
  turned into edges as pdfplumber does, and turned into cells here (``_ruled_tables``) by
  pdfplumber's table-finding algorithm — snap and join the edges, intersect them, take the smallest
  cell at each intersection, group cells sharing a corner into tables — step for step, with the same
  floating-point arithmetic, so the cells are pdfplumber's to the last bit
  (``tests/test_pdf_fast.py`` compares the two on every fixture and on random edges).

Coordinates are pdfplumber's: ``top`` measured down from the top of the media box, ``x`` as in the
PDF. Where this reading could differ from pdfplumber's, the page is not read here: ``load_page``
raises ``Unsupported`` with the reason and the caller reads that page with pdfplumber. That is the
case for rotated pages and text that is not upright, text in form XObjects or with no Unicode
mapping, characters PDFium adds or splits in ways pdfminer does not, and paths inside form XObjects.
``tests/test_pdf_fast.py`` checks that both readers give identical documents on every PDF fixture.

Every page is closed (its text page and PDFium's page) before ``load_page`` returns: what is kept of
a page is its ``PageData``, a few arrays, so memory does not grow with the number of pages read.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import math
import unicodedata
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from shailoo.parsers.read.pdf_settings import TABLE_SETTINGS

__all__ = ["Unsupported", "Chars", "PageData", "open_document", "load_page"]

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_SHADING, pdfium_c.FPDF_PAGEOBJ_FORM,
)
_LINETO, _BEZIERTO, _MOVETO = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO, pdfium_c.FPDF_SEGMENT_MOVETO
#: A line-end hyphen, which PDFium's text gives as U+FFFE (its marker for «-» or a soft hyphen U+00AD
#: at a line end; the code it replaced is not exposed), is read as «-», the code producers write for
#: the hyphen glyph (LibreOffice, Word). A soft hyphen mapped to U+00AD by the PDF's ToUnicode would be
#: dropped by pdfplumber's reading and kept here: the one known way the two readers can differ.
_LINE_END_HYPHEN = "-"


class Unsupported(Exception):
    """This page is not read by the fast path (the reason is the message); read it with pdfplumber."""


@dataclass(slots=True)
class Chars:
    """A page's characters in columns, in PDFium's order (the content stream's): character ``i`` is
    ``text[i]`` (its code point ``codes[i]``; one code point each) with the box ``x0[i]``, ``x1[i]``,
    ``top[i]``, ``bottom[i]`` (pdfplumber's, in float64), font size ``size[i]`` and font
    ``fontnames[font[i]]``. All of them upright."""

    text: str
    codes: np.ndarray  # uint32
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    font: np.ndarray  # int index into ``fontnames``
    fontnames: list[str]

    def __len__(self) -> int:
        return len(self.text)

    def dicts(self) -> list[dict]:
        """The characters as pdfplumber-shaped dicts (``page.chars``), for tests and the reference path."""
        names = self.fontnames
        return [
            {"text": t, "x0": a, "x1": b, "top": c, "bottom": d, "size": s, "fontname": names[f], "upright": True}
            for t, a, b, c, d, s, f in zip(
                self.text, self.x0.tolist(), self.x1.tolist(), self.top.tolist(), self.bottom.tolist(),
                self.size.tolist(), self.font.tolist(),
            )
        ]

    def take(self, keep: np.ndarray) -> "Chars":
        """The characters at the positions ``keep`` (in order)."""
        codes = self.codes[keep]
        return Chars(
            _decode(codes), codes, self.x0[keep], self.x1[keep], self.top[keep], self.bottom[keep],
            self.size[keep], self.font[keep], self.fontnames,
        )


def _decode(codes: np.ndarray) -> str:
    """The string of some code points (``Chars.codes``)."""
    return codes.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@dataclass(slots=True)
class PageData:
    """What ``shailoo.parsers.read.pdf`` takes from one page (see ``pdf._load_page``)."""

    width: float
    height: float
    chars: Chars
    tables: list[list[tuple]]
    has_graphics: bool
    image_share: float


def _fn(name: str, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function re-bound with plain ``c_void_p`` handles: no per-call pointer conversions,
    and handles come back as integers that can be dictionary keys."""
    addr = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(addr)


_vp, _int, _dbl = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_GetUnicode = _fn("FPDFText_GetUnicode", ctypes.c_uint, _vp, _int)
_CountObjects = _fn("FPDFPage_CountObjects", _int, _vp)
_GetObject = _fn("FPDFPage_GetObject", _vp, _vp, _int)
_GetType = _fn("FPDFPageObj_GetType", _int, _vp)
_GetMatrix = _fn("FPDFPageObj_GetMatrix", _int, _vp, _vp)
_GetBounds = _fn("FPDFPageObj_GetBounds", _int, _vp, _vp, _vp, _vp, _vp)
_GetFontSize = _fn("FPDFTextObj_GetFontSize", _int, _vp, _vp)
_GetFont = _fn("FPDFTextObj_GetFont", _vp, _vp)
_GetBaseFontName = _fn("FPDFFont_GetBaseFontName", ctypes.c_size_t, _vp, _vp, ctypes.c_size_t)
_FormCountObjects = _fn("FPDFFormObj_CountObjects", _int, _vp)
_CountSegments = _fn("FPDFPath_CountSegments", _int, _vp)
_GetPathSegment = _fn("FPDFPath_GetPathSegment", _vp, _vp, _int)
_SegmentType = _fn("FPDFPathSegment_GetType", _int, _vp)
_SegmentPoint = _fn("FPDFPathSegment_GetPoint", _int, _vp, _vp, _vp)
_SegmentClose = _fn("FPDFPathSegment_GetClose", _int, _vp)
# The calls made for every character (or every space) are declared without argument types and get
# the text page as a ready ``c_void_p`` and pointers as ready ``c_void_p``: ctypes then converts
# nothing but the index (a call costs a third less than with declared pointer arguments).
_GetTextObject = _fn("FPDFText_GetTextObject", _vp)
_GetCharOrigin = _fn("FPDFText_GetCharOrigin", _int)
_IsGenerated = _fn("FPDFText_IsGenerated", _int)
_IsHyphen = _fn("FPDFText_IsHyphen", _int)
_GetLooseCharBox = _fn("FPDFText_GetLooseCharBox", _int)
_GetGlyphWidth = _fn("FPDFFont_GetGlyphWidth", _int)


class Document:
    """A PDF open in PDFium, with pdfminer's font descents read from the same file on demand.

    pdfminer places a character's box by its font descriptor's ``/Descent`` (or the standard 14
    fonts' metrics); PDFium's ``FPDFFont_GetDescent`` may take it from the font program instead
    (DejaVu: −0.176 where LibreOffice writes 0). The descents are therefore read through pdfminer's
    own font objects — font dictionaries only, no content stream is interpreted.
    """

    def __init__(self, path: str):
        self.path = path
        self.pdf = pdfium.PdfDocument(path)
        self._miner: Any = None  # (file, [PDFPage], PDFResourceManager), opened on first need

    def __len__(self) -> int:
        return len(self.pdf)

    def close(self) -> None:
        self.pdf.close()
        if self._miner is not None:
            self._miner[0].close()
            self._miner = None

    def descents(self, index: int) -> dict[str, float | None]:
        """Font name (subset prefix dropped) → pdfminer's descent per unit of font size, for the
        fonts of page ``index``; ``None`` for a name two fonts with different descents share."""
        if self._miner is None:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfinterp import PDFResourceManager
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            fh = open(self.path, "rb")
            try:
                pages = list(PDFPage.create_pages(PDFDocument(PDFParser(fh))))
            except Exception as err:
                fh.close()
                raise Unsupported(f"pdfminer cannot read the fonts ({type(err).__name__})") from None
            self._miner = (fh, pages, PDFResourceManager(caching=True))
        from pdfminer.pdftypes import PDFObjRef, dict_value

        _, pages, rsrc = self._miner
        if index >= len(pages):
            raise Unsupported("page count differs between PDFium and pdfminer")
        out: dict[str, float | None] = {}
        try:
            fonts = dict_value(pages[index].resources.get("Font") or {})
            for spec in fonts.values():
                objid = spec.objid if isinstance(spec, PDFObjRef) else None
                font = rsrc.get_font(objid, dict_value(spec))
                if font.is_vertical():
                    raise Unsupported("vertical writing")
                descent = float(font.get_descent())
                for name in {_strip(getattr(font, "fontname", "")), _strip(getattr(font, "basefont", ""))}:
                    if name:
                        out[name] = descent if out.get(name, descent) == descent else None
        except Unsupported:
            raise
        except Exception as err:
            raise Unsupported(f"pdfminer cannot read the fonts ({type(err).__name__})") from None
        return out


def _strip(name: Any) -> str:
    """A font name without its subset prefix («BAAAAA+LiberationSerif» → «LiberationSerif»)."""
    name = str(getattr(name, "name", name) or "")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def open_document(path: str) -> Document:
    """Open a PDF with PDFium; any failure is left to the caller (which falls back to pdfplumber and
    its error messages)."""
    return Document(path)


def load_page(doc: Document, index: int) -> PageData:
    """Characters, ruled tables and graphics of page ``index`` (0-based), or ``Unsupported``."""
    page = doc.pdf[index]
    try:
        if page.get_rotation() % 360:
            raise Unsupported("rotated page")
        mx0, my0, mx1, my1 = page.get_mediabox()
        width, height = mx1 - mx0, my1 - my0
        objects, has_graphics, image_area, edges, baselines = _objects(page, height, doc, index)
        chars = _chars(page, objects, baselines, height)
        cx0, cy0, cx1, cy1 = page.get_cropbox()
        ctop, cbottom = height - cy1, height - cy0
        if len(chars):
            # Text outside the crop box is not shown by any viewer.
            mx, my = (chars.x0 + chars.x1) / 2, (chars.top + chars.bottom) / 2
            shown = (cx0 <= mx) & (mx <= cx1) & (ctop <= my) & (my <= cbottom)
            if not shown.all():
                chars = chars.take(np.flatnonzero(shown))
        tables = _ruled_tables(edges, (cx0, ctop, cx1, cbottom)) if len(chars) else []
        area = max(1.0, float(width * height))
        return PageData(width, height, chars, tables, has_graphics, image_area / area)
    finally:
        page.close()


# --------------------------------------------------------------------------------------------------
# Page objects: text objects (fonts), paths (edges), images


@dataclass(slots=True)
class _TextObj:
    fontname: str
    size: float  # pdfminer's ``size``: the font size scaled by the text's vertical scale
    descent: float  # the font descriptor's descent × size (≤ 0), as pdfminer places the char box
    # PDFium's loose box also covers a glyph's overhang (slanted letters, «к», «ж»), so a character's
    # advance (pdfminer's width) is taken from the font's widths: the font (its handle, an address)
    # and the font size × the horizontal scale.
    font: int = 0
    hscale: float = 0.0


#: An edge as pdfplumber makes it of a line, a rectangle or a curve (``page.edges``):
#: ``(x0, x1, top, bottom, width, height, orientation)``, orientation ``"h"``, ``"v"`` or ``None``.
_Edge = tuple


def _objects(
    page: pdfium.PdfPage, height: float, doc: Document, index: int
) -> tuple[dict[int, _TextObj], bool, float, list[_Edge], dict[float, int | None]]:
    """Text objects by handle, whether the page draws anything, the area its images cover, the
    edges of its paths in pdfplumber's order (``page.edges``: the lines', then the rectangles', then
    the curves', each in the order they are drawn), and the text object on each baseline (``None``
    where several share one)."""
    texts: dict[int, _TextObj] = {}
    baselines: dict[float, int | None] = {}
    lines: list[_Edge] = []
    rects: list[_Edge] = []
    curves: list[_Edge] = []
    has_graphics = False
    image_area = 0.0
    raw = ctypes.cast(page.raw, ctypes.c_void_p).value
    descents: dict[str, float | None] | None = None
    # Text objects of one font, size and scale share their ``_TextObj``; font names by font handle.
    styles: dict[tuple, _TextObj] = {}
    fonts: dict[int, str] = {}
    m = (ctypes.c_float * 6)()  # an FS_MATRIX (a, b, c, d, e, f), read as one unpacking
    m_p = ctypes.byref(m)
    fs = ctypes.c_float()
    fs_p = ctypes.byref(fs)
    get_object, get_type = _GetObject, _GetType
    for i in range(_CountObjects(raw)):
        obj = get_object(raw, i)
        kind = get_type(obj)
        if kind == _TEXT:
            if descents is None:
                descents = doc.descents(index)
            if not _GetMatrix(obj, m_p):
                raise Unsupported("unreadable object matrix")
            a, b, c, d, _, f = m
            # pdfminer's test for upright text (``LTChar.upright``), and only unrotated, unmirrored
            # text: its box is then the box computed here.
            if b != 0 or c != 0 or a <= 0 or d <= 0:
                raise Unsupported("text that is not upright")
            if not _GetFontSize(obj, fs_p):
                raise Unsupported("text object without a font size")
            font = _GetFont(obj)
            if not font:
                raise Unsupported("text object without a font")
            key = (font, fs.value, a, d)
            info = styles.get(key)
            if info is None:
                info = styles[key] = _text_obj(font, fs.value, a, d, descents, fonts)
            texts[obj] = info
            # the text objects on each baseline (``f``: an upright object's characters sit on it)
            baselines[f] = obj if f not in baselines else None
        elif kind == _PATH:
            has_graphics = True
            _path_edges(obj, height, lines, rects, curves, m, m_p)
        elif kind == _IMAGE:
            has_graphics = True
            image_area += _area(obj)
        elif kind == _FORM:
            # pdfminer flattens forms into the page; their paths and text are not read here.
            if _FormCountObjects(obj) > 0:
                raise Unsupported("form XObject")
        elif kind == _SHADING:
            has_graphics = True
    return texts, has_graphics, image_area, lines + rects + curves, baselines


def _area(obj: int) -> float:
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not _GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)):
        return 0.0
    return max(0.0, r.value - l.value) * max(0.0, t.value - b.value)


def _text_obj(font: int, fs: float, a: float, d: float, descents: dict[str, float | None],
              fonts: dict[int, str]) -> _TextObj:
    """What the characters of text objects in ``font`` at font size ``fs`` and scales ``a``
    (horizontal), ``d`` (vertical) share."""
    size = fs * d
    name = fonts.get(font)
    if name is None:
        name = fonts[font] = _font_name(font)
    descent = descents.get(_strip(name))
    if descent is None:
        values = set(descents.values())
        if len(values) != 1 or None in values:
            raise Unsupported(f"font {name!r}: its descent cannot be matched to pdfminer's")
        descent = values.pop()  # every font of the page has the same descent
    return _TextObj(name, size, descent * size, font, fs * a)


def _font_name(font: int) -> str:
    n = _GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(max(1, n))
    _GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _path_edges(obj: int, height: float, lines: list, rects: list, curves: list, m: Any, m_p: Any) -> None:
    """The edges pdfplumber derives from one path object (lines, rectangles, curves), in page space,
    appended to the list of their kind (``m``: a matrix to read into, ``m_p`` a pointer to it)."""
    if not _GetMatrix(obj, m_p):
        raise Unsupported("unreadable object matrix")
    a, b, c, d, e, f = m
    n = _CountSegments(obj)
    subpaths: list[list[tuple[str, float, float]]] = []
    cur: list[tuple[str, float, float]] = []
    xy = (ctypes.c_float * 2)()
    x_p, y_p = ctypes.c_void_p(ctypes.addressof(xy)), ctypes.c_void_p(ctypes.addressof(xy) + 4)
    bezier = 0
    for i in range(n):
        seg = _GetPathSegment(obj, i)
        kind = _SegmentType(seg)
        if not _SegmentPoint(seg, x_p, y_p):
            raise Unsupported("unreadable path segment")
        x, y = xy
        px, py = a * x + c * y + e, b * x + d * y + f
        if kind == _MOVETO:
            if cur:
                subpaths.append(cur)
            cur = [("m", px, py)]
            bezier = 0
        elif kind == _LINETO:
            cur.append(("l", px, py))
        elif kind == _BEZIERTO:
            # PDFium gives a curve as three points (two control points and the end); pdfminer keeps
            # the end point only.
            bezier += 1
            if bezier % 3 == 0:
                cur.append(("c", px, py))
        else:
            raise Unsupported("unknown path segment")
        if _SegmentClose(seg):
            cur.append(("h", cur[0][1], cur[0][2]))
    if cur:
        subpaths.append(cur)
    for sub in subpaths:
        _subpath_edges(sub, height, lines, rects, curves)


def _subpath_edges(sub: list[tuple[str, float, float]], height: float, lines: list, rects: list,
                   curves: list) -> None:
    """pdfminer's ``paint_path`` classification of one subpath, then pdfplumber's edges of it."""
    if sub[0][0] != "m":
        return
    shape = "".join(op for op, _, _ in sub)
    pts = [(px, height - py) for _, px, py in sub]  # to pdfplumber's top-down coordinates
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("ml", "mlh"):
        (x0, t0), (x1, t1) = pts[0], pts[1]
        top, bottom = min(t0, t1), max(t0, t1)
        lines.append((min(x0, x1), max(x0, x1), top, bottom, abs(x1 - x0), bottom - top,
                      "h" if top == bottom else "v"))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            w, h = right - left, bottom - top
            rects.extend((
                (left, right, top, top, w, 0, "h"),
                (left, right, bottom, bottom, w, 0, "h"),
                (left, left, top, bottom, 0, h, "v"),
                (right, right, top, bottom, 0, h, "v"),
            ))
            return
    for (px0, py0), (px1, py1) in zip(pts, pts[1:]):
        curves.append((
            min(px0, px1), max(px0, px1), min(py0, py1), max(py0, py1), abs(px0 - px1), abs(py0 - py1),
            "v" if px0 == px1 else ("h" if py0 == py1 else None),
        ))


# --------------------------------------------------------------------------------------------------
# Characters


def _chars(page: pdfium.PdfPage, objects: dict[int, _TextObj], baselines: dict[float, int | None],
           height: float) -> Chars:
    """The characters of the page's text page (pdfplumber's ``text``, ``x0``, ``x1``, ``top``,
    ``bottom``, ``size``, ``fontname``), in PDFium's order (the content stream's)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        tp = ctypes.cast(raw, ctypes.c_void_p).value
        n = pdfium_c.FPDFText_CountChars(raw)
        if n <= 0:
            return _no_chars()
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # characters outside the Basic Multilingual Plane: index by index
            text = "".join(chr(_GetUnicode(tp, k)) for k in range(n))
        tp_v = ctypes.c_void_p(tp)  # for the calls declared without argument types
        keep, codes, problem = _kept(tp_v, text)
        if not len(keep):
            if problem:
                raise Unsupported(problem[1])
            return _no_chars()
        keep_list = keep.tolist()
        xs, ys = _origins(tp_v, keep_list)
        runs = _runs(tp_v, keep_list, ys, objects, codes, problem, baselines)
        return _columns(codes, xs, ys, _advances(tp, keep_list, codes, xs, runs), runs, height)
    finally:
        textpage.close()


#: What PDFium's text may hold besides pdfminer's characters: spaces and line breaks it inferred,
#: its line-end hyphen marker U+FFFE, NUL and U+FFFD for characters without a Unicode mapping.
_SPECIAL = frozenset(" \r\n\t\x00\ufffe\ufffd")


def _kept(tp: ctypes.c_void_p, text: str) -> tuple[np.ndarray, np.ndarray, tuple[int, str] | None]:
    """The indices of the characters pdfminer also has (PDFium's inferred spaces and line breaks
    dropped), their code points (a line-end hyphen as «-»), and the first character that cannot be
    read as pdfminer reads it (index, reason), if any."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    dropped: list[int] = []
    hyphens: list[int] = []
    problem: tuple[int, str] | None = None
    # (a superset, cheap to find: every code point up to the space, and U+FFFD, U+FFFE)
    for k in np.flatnonzero((codes <= 32) | (codes - np.uint32(0xFFFD) <= 1)).tolist():
        ch = text[k]
        if ch not in _SPECIAL:
            continue
        if ch != "\ufffd":
            if _IsGenerated(tp, k):
                dropped.append(k)  # a space or line break PDFium inferred: pdfminer has none
                continue
            if ch == "\ufffe" and _IsHyphen(tp, k):
                hyphens.append(k)
                continue
            if ch not in "\x00\ufffe":
                continue
        problem = (k, "characters without a Unicode mapping")
        break
    if hyphens:
        codes = codes.copy()
        codes[hyphens] = ord(_LINE_END_HYPHEN)
    n = len(codes) if problem is None else problem[0]  # nothing from a problem on is read
    if not dropped:
        return np.arange(n), codes[:n], problem
    kept = np.ones(n, dtype=bool)
    kept[dropped] = False
    keep = np.flatnonzero(kept)
    return keep, codes[keep], problem


def _origins(tp_v: ctypes.c_void_p, keep: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """PDFium's origin (x, baseline y) of each kept character: the one call made per character
    (its two doubles copied as they are: a bytearray's ``extend`` is the cheapest copy)."""
    origin = (ctypes.c_double * 2)()
    ox_p, oy_p = ctypes.c_void_p(ctypes.addressof(origin)), ctypes.c_void_p(ctypes.addressof(origin) + 8)
    get_origin = _GetCharOrigin
    raw = bytearray()
    add = raw.extend
    for k in keep:
        get_origin(tp_v, k, ox_p, oy_p)
        add(origin)
    xy = np.frombuffer(raw, dtype=np.float64).reshape(-1, 2)
    return xy[:, 0].copy(), xy[:, 1].copy()


_RTL = frozenset(("R", "AL", "AN", "RLE", "RLO", "RLI"))


def _runs(tp: ctypes.c_void_p, keep: list[int], ys: np.ndarray, objects: dict[int, _TextObj],
          codes: np.ndarray, problem: tuple[int, str] | None,
          baselines: dict[float, int | None] | None = None) -> list[tuple[int, _TextObj]]:
    """The kept characters in runs of one text object: ``(first position in keep, its object)``.

    PDFium lays a page's text out object by object (``CPDF_TextPage::ProcessTextObject``): an
    object's characters are consecutive in its text page and, upright, share one baseline (its
    matrix's ``f``: ``baselines`` gives the object on each baseline). So the object of every
    character need not be asked: within a stretch of one baseline, the first character's object is
    asked; when it is the only object on that baseline, the stretch is all its own; otherwise the
    last character's is asked too, and where the two differ the change is found by bisection.
    Right-to-left text, which PDFium reorders across objects, is asked character by character.
    """
    get_object = _GetTextObject
    m = len(keep)
    baselines = baselines or {}
    if any(unicodedata.bidirectional(chr(c)) in _RTL for c in np.unique(codes).tolist()):
        stretches = [(j, j + 1) for j in range(m)]
        levels = [None] * m
    else:
        y = ys
        cuts = (np.flatnonzero(y[1:] != y[:-1]) + 1).tolist()
        stretches = list(zip([0] + cuts, cuts + [m]))
        levels = y[[0] + cuts].tolist()
    runs: list[tuple[int, int]] = []
    for (s, e), level in zip(stretches, levels):
        hs = get_object(tp, keep[s])
        if e - 1 == s or (hs is not None and baselines.get(level) == hs):
            runs.append((s, hs))
            continue
        he = get_object(tp, keep[e - 1])
        while hs != he:
            # the last position of ``hs``'s run: ``lo`` has ``hs``, ``hi`` not
            lo, hi = s, e - 1
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if get_object(tp, keep[mid]) == hs:
                    lo = mid
                else:
                    hi = mid
            runs.append((s, hs))
            s = hi
            hs = get_object(tp, keep[s])
        runs.append((s, hs))
    out: list[tuple[int, _TextObj]] = []
    last = None
    for s, handle in runs:
        if handle == last:
            continue
        info = objects.get(handle)
        if info is None:
            if problem is None or keep[s] < problem[0]:
                problem = (keep[s], "text inside a form XObject or annotation")
            break
        out.append((s, info))
        last = handle
    if problem is not None:
        raise Unsupported(problem[1])
    return out


def _advances(tp: int, keep: list[int], codes: np.ndarray, xs: np.ndarray,
              runs: list[tuple[int, _TextObj]]) -> np.ndarray:
    """Each kept character's advance (pdfminer's width), found once per character, font and scale
    on a page (fonts live as long as the page), at the character's first occurrence: the font's
    width (``FPDFFont_GetGlyphWidth`` maps the character back to its code) unless that is more than
    the width of the loose box PDFium draws there, which contains the advance (and is wider for a
    glyph leaning out of it, «к», italics)."""
    m = len(keep)
    styles: dict[tuple[int, float], int] = {}
    infos: list[_TextObj] = []
    run_style = []
    for _, info in runs:
        key = (info.font, info.hscale)
        sid = styles.get(key)
        if sid is None:
            sid = styles[key] = len(infos)
            infos.append(info)
        run_style.append(sid)
    if len(infos) > 1:  # one key per character: its style and its code point
        lengths = np.diff(np.array([s for s, _ in runs] + [m]))
        keys = np.repeat(np.array(run_style, dtype=np.int64) << 21, lengths) | codes
    else:
        keys = codes
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    # (the calls below are declared without argument types: their arguments are made ready here)
    tp_v = ctypes.c_void_p(tp)
    rect = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
    rect_p = ctypes.c_void_p(ctypes.addressof(rect))
    width = ctypes.c_float()
    width_p = ctypes.c_void_p(ctypes.addressof(width))
    fonts = [(ctypes.c_void_p(info.font), ctypes.c_float(info.hscale)) for info in infos]
    loose_box, glyph_width = _GetLooseCharBox, _GetGlyphWidth
    widths = []
    for key, j in zip(unique.tolist(), first.tolist()):
        font, scale = fonts[key >> 21]
        loose_box(tp_v, keep[j], rect_p)
        drawn = rect[2] - float(xs[j])
        ok = glyph_width(font, key & 0x1FFFFF, scale, width_p)
        w = width.value
        widths.append(w if ok and 0 < w <= drawn + 1e-3 else drawn)
    return np.array(widths, dtype=np.float64)[inverse]


def _no_chars() -> Chars:
    empty = np.empty(0)
    return Chars("", np.empty(0, dtype=np.uint32), empty, empty, empty, empty, empty,
                 np.empty(0, dtype=np.intp), [])


def _columns(codes: np.ndarray, xs: np.ndarray, ys: np.ndarray, advances: np.ndarray,
             runs: list[tuple[int, _TextObj]], height: float) -> Chars:
    """``Chars`` of the per-character origins and advances and the per-run text objects, with
    pdfminer's arithmetic: ``x1 = x0 + advance``, ``bottom = height - y - descent``, ``top = bottom - size``."""
    n = len(codes)
    lengths = np.diff(np.array([s for s, _ in runs] + [n]))
    fontnames: list[str] = []
    font_ids: dict[str, int] = {}
    run_font = []
    for _, info in runs:
        fid = font_ids.get(info.fontname)
        if fid is None:
            fid = font_ids[info.fontname] = len(fontnames)
            fontnames.append(info.fontname)
        run_font.append(fid)
    size = np.repeat(np.array([info.size for _, info in runs], dtype=np.float64), lengths)
    descent = np.repeat(np.array([info.descent for _, info in runs], dtype=np.float64), lengths)
    x0 = xs
    bottom = (height - ys) - descent
    return Chars(
        _decode(codes), codes, x0, x0 + advances, bottom - size, bottom, size,
        np.repeat(np.array(run_font, dtype=np.intp), lengths), fontnames,
    )


# --------------------------------------------------------------------------------------------------
# Tables: pdfplumber's table finder (``pdfplumber.table.TableFinder`` with the ``lines`` strategies),
# step for step over the edges read here. Each step keeps pdfplumber's arithmetic and order of
# operations (sums in the same order, ``x + (avg - x)`` for a snapped position), so that cells come
# out bit for bit equal; only the searches are indexed (pdfplumber compares every pair).


@dataclass(frozen=True, slots=True)
class _Settings:
    snap_x: float
    snap_y: float
    join_x: float
    join_y: float
    min_length: float
    min_length_prefilter: float
    intersection_x: float
    intersection_y: float


@functools.lru_cache(maxsize=1)
def _settings() -> _Settings:
    """``pdf_settings.TABLE_SETTINGS`` resolved as pdfplumber's ``TableSettings`` resolves it."""
    s = dict(TABLE_SETTINGS)
    if (s.pop("vertical_strategy", "lines"), s.pop("horizontal_strategy", "lines")) != ("lines", "lines"):
        raise ValueError("the fast PDF path finds ruled tables only (the 'lines' strategies)")

    def get(name: str, fallback: str, default: float) -> float:
        value = s.pop(name, None)
        return value if value is not None else s.get(fallback, default)

    out = _Settings(
        snap_x=get("snap_x_tolerance", "snap_tolerance", 3),
        snap_y=get("snap_y_tolerance", "snap_tolerance", 3),
        join_x=get("join_x_tolerance", "join_tolerance", 3),
        join_y=get("join_y_tolerance", "join_tolerance", 3),
        min_length=s.pop("edge_min_length", 3),
        min_length_prefilter=s.pop("edge_min_length_prefilter", 1),
        intersection_x=get("intersection_x_tolerance", "intersection_tolerance", 3),
        intersection_y=get("intersection_y_tolerance", "intersection_tolerance", 3),
    )
    for name in ("snap_tolerance", "join_tolerance", "intersection_tolerance"):
        s.pop(name, None)
    if s:
        raise ValueError(f"table settings the fast PDF path does not implement: {', '.join(sorted(s))}")
    return out


# Positions in an edge tuple (``_Edge``)
_X0, _X1, _TOP, _BOTTOM, _W, _H, _O = range(7)


def _ruled_tables(edges: list[_Edge], bbox: tuple[float, float, float, float]) -> list[list[tuple]]:
    """Cell boxes of the ruled tables whose centre lies in the crop box ``bbox``, as pdfplumber's
    ``page.find_tables(TABLE_SETTINGS)`` gives them (``Table.cells`` of each, tables top to bottom)."""
    if not edges:
        return []
    for e in edges:
        if e[_O] is not None and not all(map(math.isfinite, e[:4])):
            raise Unsupported("path with coordinates out of range")
    cx0, ctop, cx1, cbottom = bbox
    out = []
    for cells in find_tables(edges):
        x0 = min(c[0] for c in cells)
        top = min(c[1] for c in cells)
        x1 = max(c[2] for c in cells)
        bottom = max(c[3] for c in cells)
        if cx0 <= (x0 + x1) / 2 <= cx1 and ctop <= (top + bottom) / 2 <= cbottom:
            out.append(cells)
    return out


def find_tables(edges: list[_Edge]) -> list[list[tuple]]:
    """pdfplumber's ``TableFinder(page, TABLE_SETTINGS).tables`` (their ``cells``) for a page whose
    ``edges`` are these."""
    s = _settings()
    merged = _merge_edges(
        [e for e in edges if e[_O] == "v" and e[_H] >= s.min_length_prefilter]
        + [e for e in edges if e[_O] == "h" and e[_W] >= s.min_length_prefilter],
        s,
    )
    merged = [e for e in merged if (e[_H] if e[_O] == "v" else e[_W]) >= s.min_length]
    points = _intersections(merged, s.intersection_x, s.intersection_y)
    return _cells_to_tables(_intersections_to_cells(points))


def _snap(edges: list[_Edge], attr: int, partner: int, tolerance: float) -> list[_Edge]:
    """``utils.snap_objects``: edges whose ``attr`` values chain within ``tolerance`` move to their mean."""
    if not edges:
        return []
    values = sorted({e[attr] for e in edges})
    cluster: dict[float, int] = {}
    n = 0
    last = values[0]
    for i, v in enumerate(values):
        if i and not (v <= last + tolerance):  # ``utils.cluster_list``: each value against the one before
            n += 1
        cluster[v] = n
        last = v
    groups: list[list[_Edge]] = [[] for _ in range(n + 1)]
    for e in edges:
        groups[cluster[e[attr]]].append(e)
    out: list[_Edge] = []
    for group in groups:
        avg = sum([e[attr] for e in group]) / len(group)
        for e in group:
            d = avg - e[attr]
            moved = list(e)
            moved[attr] = e[attr] + d
            moved[partner] = e[partner] + d
            out.append(tuple(moved))
    return out


def _join(group: list[_Edge], orientation: str, tolerance: float) -> list[_Edge]:
    """``table.join_edge_group``: edges along one line that touch (within ``tolerance``) become one."""
    lo, hi = (_X0, _X1) if orientation == "h" else (_TOP, _BOTTOM)
    ordered = sorted(group, key=lambda e: e[lo])
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + tolerance:
            if e[hi] > last[hi]:
                grown = list(last)
                grown[hi] = e[hi]
                if orientation == "h":  # ``utils.resize_object(last, "x1", ...)``
                    grown[_W] = e[hi] - last[_X0]
                else:  # ``resize_object(last, "bottom", ...)``
                    grown[_H] = last[_H] + (e[hi] - last[hi])
                joined[-1] = tuple(grown)
        else:
            joined.append(e)
    return joined


def _merge_edges(edges: list[_Edge], s: _Settings) -> list[_Edge]:
    """``table.merge_edges``: snap, then join the edges of each line, lines in pdfplumber's order."""
    if s.snap_x > 0 or s.snap_y > 0:
        edges = (_snap([e for e in edges if e[_O] == "v"], _X0, _X1, s.snap_x)
                 + _snap([e for e in edges if e[_O] == "h"], _TOP, _BOTTOM, s.snap_y))

    def line(e: _Edge) -> tuple[str, float]:
        return ("h", e[_TOP]) if e[_O] == "h" else ("v", e[_X0])

    out: list[_Edge] = []
    for (orientation, _), group in groupby(sorted(edges, key=line), key=line):
        out.extend(_join(list(group), orientation, s.join_x if orientation == "h" else s.join_y))
    return out


def _intersections(edges: list[_Edge], xtol: float, ytol: float) -> dict[tuple, tuple[set, set]]:
    """``table.edges_to_intersections``: crossing point → (boxes of its vertical edges, of its
    horizontal ones). pdfplumber's test, on the horizontal edges whose ``top`` can pass it."""
    vs = sorted((e for e in edges if e[_O] == "v"), key=lambda e: (e[_X0], e[_TOP]))
    hs = sorted((e for e in edges if e[_O] == "h"), key=lambda e: (e[_TOP], e[_X0]))
    tops = [h[_TOP] for h in hs]
    out: dict[tuple, tuple[set, set]] = {}
    for v in vs:
        vx, vtop, vbottom = v[_X0], v[_TOP], v[_BOTTOM]
        # A superset of the candidates (one point of slack around the rounding of ``± ytol``)...
        lo = bisect.bisect_left(tops, vtop - ytol - 1.0)
        hi = bisect.bisect_right(tops, vbottom + ytol + 1.0)
        for h in hs[lo:hi]:
            htop = h[_TOP]
            # ... and pdfplumber's own comparisons on them.
            if vtop <= htop + ytol and vbottom >= htop - ytol and vx >= h[_X0] - xtol and vx <= h[_X1] + xtol:
                point = (vx, htop)
                sets = out.get(point)
                if sets is None:
                    sets = out[point] = (set(), set())
                sets[0].add((v[_X0], v[_TOP], v[_X1], v[_BOTTOM]))
                sets[1].add((h[_X0], h[_TOP], h[_X1], h[_BOTTOM]))
    return out


def _intersections_to_cells(points: dict[tuple, tuple[set, set]]) -> list[tuple]:
    """``table.intersections_to_cells``: from each crossing, the smallest cell to its right and below
    whose four sides are ruled (two crossings are connected when an edge passes through both)."""
    ordered = sorted(points)
    column: dict[float, list[tuple]] = {}
    row: dict[float, list[tuple]] = {}
    for p in ordered:  # in (x, top) order: a column's points top down, a row's left to right
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    at_col: dict[tuple, int] = {}
    at_row: dict[tuple, int] = {}
    for pts in column.values():
        for i, p in enumerate(pts):
            at_col[p] = i
    for pts in row.values():
        for i, p in enumerate(pts):
            at_row[p] = i
    cells = []
    for p in ordered:
        pv, ph = points[p]
        below = column[p[0]][at_col[p] + 1:]
        right = row[p[1]][at_row[p] + 1:]
        if not below or not right:
            continue
        found = None
        for b in below:
            bv, bh = points[b]
            if pv.isdisjoint(bv):  # same x: connected by a vertical edge?
                continue
            for r in right:
                rv, rh = points[r]
                if ph.isdisjoint(rh):  # same top: by a horizontal edge?
                    continue
                corner = points.get((r[0], b[1]))
                if corner is not None and not corner[0].isdisjoint(rv) and not corner[1].isdisjoint(bh):
                    found = (p[0], p[1], r[0], b[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _cells_to_tables(cells: list[tuple]) -> list[list[tuple]]:
    """``table.cells_to_tables``: cells sharing a corner (directly or through others) form a table;
    tables top to bottom (then left to right) by their top-left-most corner; single cells dropped."""
    at: dict[tuple, list[int]] = {}
    corners = []
    for i, (x0, top, x1, bottom) in enumerate(cells):
        four = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
        corners.append(four)
        for corner in four:
            if corner in at:
                at[corner].append(i)
            else:
                at[corner] = [i]
    seen = [False] * len(cells)
    tables = []
    for start in range(len(cells)):
        if seen[start]:
            continue
        seen[start] = True
        stack, members = [start], []
        while stack:
            i = stack.pop()
            members.append(i)
            for corner in corners[i]:
                for j in at[corner]:
                    if not seen[j]:
                        seen[j] = True
                        stack.append(j)
        if len(members) > 1:
            members.sort()
            tables.append([cells[i] for i in members])
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return tables
