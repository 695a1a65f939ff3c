"""Fast PDF page loading through PDFium (pypdfium2): the characters and ruled tables of one page.

``shailoo.parsers.read.pdf`` turns a page's characters (dicts shaped like pdfplumber's ``page.chars``) and
its ruled tables (lists of cell boxes, as pdfplumber's ``Table.cells``) into paragraphs and tables.
pdfplumber gets them by interpreting the page through pdfminer in pure Python (≈ 10 pages/s on a
table page); this module gets the same two things from PDFium, which has already interpreted the page
in C:

* characters from PDFium's text page: per character its text object (font name, size, ascent of the
  font, orientation — looked up once per text object), its loose box (left = origin, right = origin
  + advance, exactly pdfminer's ``x0``/``x1``) and its origin (the baseline). ``top``/``bottom``
  follow pdfminer: the baseline plus the font's descriptor descent, one font size high;
* ruling lines from the page's path objects, classified as pdfminer does (a subpath ``m l`` is a
  line, ``m l l l h`` with square corners a rectangle, anything else a curve of its end points),
  turned into edges as pdfplumber does, and handed to pdfplumber's own table finder
  (``pdfplumber.table.TableFinder``) — so the cell grid is computed by the reference algorithm from
  the same edges.

Coordinates are pdfplumber's: ``top`` measured down from the top of the media box, ``x`` as in the
PDF. Where this reading could differ from pdfplumber's, the page is not read here: ``load_page``
raises ``Unsupported`` with the reason and the caller reads that page with pdfplumber. That is the
case for rotated pages and text that is not upright, text in form XObjects or with no Unicode
mapping, characters PDFium adds or splits in ways pdfminer does not, and paths inside form XObjects.
``tests/test_pdf_fast.py`` checks that both readers give identical documents on every PDF fixture.
"""

from __future__ import annotations

import ctypes
import functools
import math
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from shailoo.parsers.read.pdf_settings import TABLE_SETTINGS

__all__ = ["Unsupported", "PageData", "open_document", "load_page"]

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_SHADING, pdfium_c.FPDF_PAGEOBJ_FORM,
)
_LINETO, _BEZIERTO, _MOVETO = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO, pdfium_c.FPDF_SEGMENT_MOVETO
_WHITESPACE = frozenset(" \r\n\t\x00\ufffe")
#: A line-end hyphen, which PDFium's text gives as U+FFFE (its marker for «-» or a soft hyphen U+00AD
#: at a line end; the code it replaced is not exposed), is read as «-», the code producers write for
#: the hyphen glyph (LibreOffice, Word). A soft hyphen mapped to U+00AD by the PDF's ToUnicode would be
#: dropped by pdfplumber's reading and kept here: the one known way the two readers can differ.
_LINE_END_HYPHEN = "-"


class Unsupported(Exception):
    """This page is not read by the fast path (the reason is the message); read it with pdfplumber."""


@dataclass(slots=True)
class PageData:
    """What ``shailoo.parsers.read.pdf`` takes from one page (see ``pdf_reader._load_page``)."""

    width: float
    height: float
    chars: list[dict]
    tables: list[list[tuple]]
    has_graphics: bool
    image_share: float


def _fn(name: str, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function re-bound with plain ``c_void_p`` handles: no per-call pointer conversions,
    and handles come back as integers that can be dictionary keys."""
    addr = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(addr)


_vp, _int, _dbl = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_GetTextObject = _fn("FPDFText_GetTextObject", _vp, _vp, _int)
_GetLooseCharBox = _fn("FPDFText_GetLooseCharBox", _int, _vp, _int, ctypes.POINTER(pdfium_c.FS_RECTF))
_GetCharOrigin = _fn("FPDFText_GetCharOrigin", _int, _vp, _int, ctypes.POINTER(_dbl), ctypes.POINTER(_dbl))
_IsGenerated = _fn("FPDFText_IsGenerated", _int, _vp, _int)
_GetUnicode = _fn("FPDFText_GetUnicode", ctypes.c_uint, _vp, _int)
_IsHyphen = _fn("FPDFText_IsHyphen", _int, _vp, _int)


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
        objects, has_graphics, image_area, edges = _objects(page, height, doc, index)
        chars = _chars(page, objects, height)
        cx0, cy0, cx1, cy1 = page.get_cropbox()
        ctop, cbottom = height - cy1, height - cy0
        kept = []
        for c in chars:
            mx, my = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
            # Text outside the crop box is not shown by any viewer.
            if cx0 <= mx <= cx1 and ctop <= my <= cbottom:
                kept.append(c)
        tables = _tables(edges, (cx0, ctop, cx1, cbottom)) if kept else []
        area = max(1.0, float(width * height))
        return PageData(width, height, kept, tables, has_graphics, image_area / area)
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
    # advance (pdfminer's width) is taken from the font's widths: font handle, its address (a cache
    # key) and the font size × the horizontal scale.
    font: Any = None
    font_key: int = 0
    hscale: float = 0.0


def _objects(
    page: pdfium.PdfPage, height: float, doc: Document, index: int
) -> tuple[dict[int, _TextObj], bool, float, list[dict]]:
    """Text objects by handle, whether the page draws anything, the area its images cover, and the
    edges of its paths (pdfplumber's ``page.edges``)."""
    texts: dict[int, _TextObj] = {}
    edges: list[dict] = []
    has_graphics = False
    image_area = 0.0
    raw = page.raw
    descents: dict[str, float | None] | None = None
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _TEXT:
            if descents is None:
                descents = doc.descents(index)
            texts[ctypes.cast(obj, ctypes.c_void_p).value] = _text_obj(obj, descents)
        elif kind == _PATH:
            has_graphics = True
            edges.extend(_path_edges(obj, height))
        elif kind == _IMAGE:
            has_graphics = True
            image_area += _area(obj)
        elif kind == _FORM:
            # pdfminer flattens forms into the page; their paths and text are not read here.
            if pdfium_c.FPDFFormObj_CountObjects(obj) > 0:
                raise Unsupported("form XObject")
        elif kind == _SHADING:
            has_graphics = True
    return texts, has_graphics, image_area, edges


def _area(obj: Any) -> float:
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
        return 0.0
    return max(0.0, r.value - l.value) * max(0.0, t.value - b.value)


def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        raise Unsupported("unreadable object matrix")
    return m.a, m.b, m.c, m.d, m.e, m.f


def _text_obj(obj: Any, descents: dict[str, float | None]) -> _TextObj:
    a, b, c, d, _, _ = _matrix(obj)
    # pdfminer's test for upright text (``LTChar.upright``), and only unrotated, unmirrored text:
    # its box is then the box computed here.
    if b != 0 or c != 0 or a <= 0 or d <= 0:
        raise Unsupported("text that is not upright")
    fs = ctypes.c_float()
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, fs):
        raise Unsupported("text object without a font size")
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font:
        raise Unsupported("text object without a font")
    size = fs.value * d
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    name = _font_name(font)
    descent = descents.get(_strip(name))
    if descent is None:
        values = set(descents.values())
        if len(values) != 1 or None in values:
            raise Unsupported(f"font {name!r}: its descent cannot be matched to pdfminer's")
        descent = values.pop()  # every font of the page has the same descent
    return _TextObj(name, size, descent * size, font, key, fs.value * a)


def _font_name(font: Any) -> str:
    n = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(max(1, n))
    pdfium_c.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _path_edges(obj: Any, height: float) -> list[dict]:
    """The edges pdfplumber derives from one path object (lines, rectangles, curves), in page space."""
    a, b, c, d, e, f = _matrix(obj)
    n = pdfium_c.FPDFPath_CountSegments(obj)
    subpaths: list[list[tuple[str, float, float]]] = []
    cur: list[tuple[str, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            raise Unsupported("unreadable path segment")
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
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
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            cur.append(("h", cur[0][1], cur[0][2]))
    if cur:
        subpaths.append(cur)
    edges: list[dict] = []
    for sub in subpaths:
        edges.extend(_subpath_edges(sub, height))
    return edges


def _subpath_edges(sub: list[tuple[str, float, float]], height: float) -> list[dict]:
    """pdfminer's ``paint_path`` classification of one subpath, then pdfplumber's edges of it."""
    if sub[0][0] != "m":
        return []
    shape = "".join(op for op, _, _ in sub)
    pts = [(px, height - py) for _, px, py in sub]  # to pdfplumber's top-down coordinates
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("ml", "mlh"):
        (x0, t0), (x1, t1) = pts[0], pts[1]
        top, bottom = min(t0, t1), max(t0, t1)
        return [{
            "x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": bottom,
            "width": abs(x1 - x0), "height": bottom - top,
            "orientation": "h" if top == bottom else "v", "object_type": "line",
        }]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            w, h = right - left, bottom - top
            return [
                {"x0": left, "x1": right, "top": top, "bottom": top, "width": w, "height": 0,
                 "orientation": "h", "object_type": "rect_edge"},
                {"x0": left, "x1": right, "top": bottom, "bottom": bottom, "width": w, "height": 0,
                 "orientation": "h", "object_type": "rect_edge"},
                {"x0": left, "x1": left, "top": top, "bottom": bottom, "width": 0, "height": h,
                 "orientation": "v", "object_type": "rect_edge"},
                {"x0": right, "x1": right, "top": top, "bottom": bottom, "width": 0, "height": h,
                 "orientation": "v", "object_type": "rect_edge"},
            ]
    out = []
    for (px0, py0), (px1, py1) in zip(pts, pts[1:]):
        out.append({
            "x0": min(px0, px1), "x1": max(px0, px1), "top": min(py0, py1), "bottom": max(py0, py1),
            "width": abs(px0 - px1), "height": abs(py0 - py1),
            "orientation": "v" if px0 == px1 else ("h" if py0 == py1 else None),
            "object_type": "curve_edge",
        })
    return out


# --------------------------------------------------------------------------------------------------
# Characters


def _chars(page: pdfium.PdfPage, objects: dict[int, _TextObj], height: float) -> list[dict]:
    """pdfplumber-shaped character dicts of the page's text page (``text``, ``x0``, ``x1``, ``top``,
    ``bottom``, ``size``, ``fontname``, ``upright``), in PDFium's order (the content stream's)."""
    textpage = page.get_textpage()
    try:
        tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        n = pdfium_c.FPDFText_CountChars(textpage.raw)
        if n <= 0:
            return []
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # characters outside the Basic Multilingual Plane: index by index
            text = "".join(chr(_GetUnicode(tp, k)) for k in range(n))
        rect = pdfium_c.FS_RECTF()
        rect_p = ctypes.pointer(rect)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_p, oy_p = ctypes.pointer(ox), ctypes.pointer(oy)
        chars: list[dict] = []
        append = chars.append
        last_handle = None
        info: _TextObj | None = None
        widths: dict[tuple[int, float, str], float] = {}  # fonts live as long as the page
        for k in range(n):
            ch = text[k]
            if ch in _WHITESPACE:
                if _IsGenerated(tp, k):
                    continue  # a space or line break PDFium inferred: pdfminer has none
                if ch == "\ufffe" and _IsHyphen(tp, k):
                    ch = _LINE_END_HYPHEN
                elif ch in "\x00\ufffe":
                    raise Unsupported("characters without a Unicode mapping")
            elif ch == "\ufffd":
                raise Unsupported("characters without a Unicode mapping")
            handle = _GetTextObject(tp, k)
            if handle != last_handle:
                info = objects.get(handle)
                if info is None:
                    raise Unsupported("text inside a form XObject or annotation")
                last_handle = handle
            _GetCharOrigin(tp, k, ox_p, oy_p)
            # pdfminer's box: from the origin, one advance wide. The advance of a character in a
            # font at a scale is found once: the font's width, bounded by the loose box PDFium
            # draws (that box is the advance, or wider for a glyph leaning out of it, «к», italics).
            x0 = ox.value
            width = widths.get((info.font_key, info.hscale, ch))
            if width is None:
                _GetLooseCharBox(tp, k, rect_p)
                width = _advance(info, ch, rect.right - x0, widths)
            x1 = x0 + width
            bottom = height - oy.value - info.descent
            append({
                "text": ch, "x0": x0, "x1": x1, "top": bottom - info.size,
                "bottom": bottom, "size": info.size, "fontname": info.fontname, "upright": True,
            })
        return chars
    finally:
        textpage.close()


def _advance(info: _TextObj, ch: str, drawn: float, cache: dict) -> float:
    """A character's advance width: its font's width (``FPDFFont_GetGlyphWidth`` maps the character
    back to its code) unless that is more than the ``drawn`` width of its loose box, which contains
    the advance; remembered per page, font, scale and character."""
    out = ctypes.c_float()
    ok = pdfium_c.FPDFFont_GetGlyphWidth(info.font, ord(ch), ctypes.c_float(info.hscale), out)
    width = out.value if ok and 0 < out.value <= drawn + 1e-3 else drawn
    cache[(info.font_key, info.hscale, ch)] = width
    return width


# --------------------------------------------------------------------------------------------------
# Tables: pdfplumber's own table finder over the edges read here


class _EdgesPage:
    """The one thing pdfplumber's ``TableFinder`` reads from a page under the ``lines`` strategies."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges = edges
        self.bbox = bbox


@functools.lru_cache(maxsize=1)
def _table_finder() -> Any:
    from pdfplumber.table import TableFinder

    return TableFinder


def _tables(edges: list[dict], bbox: tuple[float, float, float, float]) -> list[list[tuple]]:
    """Cell boxes of the ruled tables whose centre lies in the crop box (``pdf_settings.TABLE_SETTINGS``)."""

    if not edges:
        return []
    for e in edges:
        if e["orientation"] is not None and not all(map(math.isfinite, (e["x0"], e["x1"], e["top"], e["bottom"]))):
            raise Unsupported("path with coordinates out of range")
    finder = _table_finder()(_EdgesPage(edges, bbox), TABLE_SETTINGS)
    cx0, ctop, cx1, cbottom = bbox
    out = []
    for t in finder.tables:
        x0, top, x1, bottom = t.bbox
        if cx0 <= (x0 + x1) / 2 <= cx1 and ctop <= (top + bottom) / 2 <= cbottom:
            out.append(t.cells)
    return out
