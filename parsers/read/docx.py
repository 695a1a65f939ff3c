"""DOCX reader: WordprocessingML body → ``RawDocument`` of paragraphs and tables, in document order.

The reader opens the ZIP itself and reads only the parts it needs (the main document, its styles and
numbering, found through the relationships), each inflated once and parsed as it inflates, within the
``Limits``; then it walks the lxml tree directly, because python-docx's cell API is an order of magnitude
slower and repeats merged values in every grid slot it covers. python-docx opens the package only when a
caller writes into it (Word comments: ``read_docx(path, package=...)``). What the reader adds over the
raw XML:

* a proper table grid: ``w:gridSpan`` → ``colspan``, ``w:vMerge`` → ``rowspan``, covered slots
  ``merged=True`` with empty text, ``w:gridBefore``/``w:gridAfter`` filled with empty cells;
* Word automatic numbering rendered into the text as Word shows it («1.», «2.1.», «а)», «•»), counted
  in document order across the body and table cells (the № column of CEC plans is such a list);
* nested tables kept in ``Cell.nested`` and flattened into the cell text, text boxes and content
  controls read in place, deleted revisions and field codes left out.

DOCX has no pages: ``page`` is ``None`` everywhere. Headers, footers, footnotes and comments are ignored.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib

from lxml import etree

from shailoo.errors import InputError, LimitExceeded, read_input
from shailoo.settings import Limits

from shailoo.parsers.read.blocks import Block, Cell, Paragraph, RawDocument, Row, Table

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


VAL = _w("val")
P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
PPR, RPR, TRPR, TCPR = _w("pPr"), _w("rPr"), _w("trPr"), _w("tcPr")
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
TAB, PTAB, BR, CR = _w("tab"), _w("ptab"), _w("br"), _w("cr")
NB_HYPHEN, SYM = _w("noBreakHyphen"), _w("sym")
DRAWING, PICT, OBJECT, TXBX = _w("drawing"), _w("pict"), _w("object"), _w("txbxContent")
VANISH = _w("vanish")
P_STYLE, NUM_PR, ILVL, NUM_ID, OUTLINE = _w("pStyle"), _w("numPr"), _w("ilvl"), _w("numId"), _w("outlineLvl")
GRID_SPAN, V_MERGE, H_MERGE = _w("gridSpan"), _w("vMerge"), _w("hMerge")
GRID_BEFORE, GRID_AFTER, TBL_HEADER = _w("gridBefore"), _w("gridAfter"), _w("tblHeader")
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
M_T, M_OMATH, M_OMATH_PARA = f"{{{_M}}}t", f"{{{_M}}}oMath", f"{{{_M}}}oMathPara"

#: Inline wrappers whose children are runs as Word displays them (inserted revisions, links, fields).
_INLINE_WRAPPERS = frozenset(
    _w(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "dir", "bdo")
)
#: Block wrappers whose children are paragraphs/tables (content controls, custom XML, text boxes).
_BLOCK_WRAPPERS = frozenset((CUSTOM_XML, SDT_CONTENT, TXBX))
_FALSE = frozenset(("0", "false", "off", "none"))

# Bullet glyphs from symbol fonts (Symbol, Wingdings) sit in the private use area; show them as «•».
_SYMBOL_CHARS = {0xF0B7: "•", 0xF02D: "-", 0xF0A7: "▪", 0xF0D8: "➢", 0xF0FC: "✓", 0xF076: "❖", 0xF06C: "●"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

_HEADING_NAME = re.compile(r"^(?:heading|заголовок|titre|überschrift)\s*([1-9])$", re.I)
_TITLE_NAMES = frozenset(("title", "название", "заголовок"))
_LIST_NAME = re.compile(r"^(?:list paragraph|абзац списка|list (?:bullet|number|continue)|список)", re.I)
_PLACEHOLDER = re.compile(r"%([1-9])")
#: Bounds on values taken from the file, so that a damaged or hostile file cannot make the reader
#: build millions of cells or strings: Word itself allows 63 columns and list numbers up to 32767.
_MAX_GRID = 1024
_MAX_NUMBER = 32767
_COVERED_TEXT = "text found in a merged (covered) table cell was appended to the cell it is merged into"


def read_docx(path: str, package=None, limits: Limits | None = None, checked: bool = False) -> RawDocument:
    """Read the DOCX at ``path`` into a ``RawDocument`` (format ``"docx"``, ``pages=None``).

    Blocks come in document order; offsets are left for ``RawDocument.finalize()``. Raises
    ``InputError`` (exit 2) with a one-line reason for an empty, truncated, encrypted or non-Word file.

    ``package``: an already opened python-docx ``Document`` of ``path``; then every ``Paragraph`` and
    ``Cell`` keeps its ``w:p`` / ``w:tc`` in ``element``, so that a caller can write into the same tree
    (shailoo.outputs.docx_comments adds comments) and save it.

    ``limits`` (default ``Limits()``): without ``package``, the ZIP is read once (``_open``): the sizes
    its headers declare are checked first (``max_part_bytes``, ``max_total_bytes``), and each part the
    reader needs (the main document, its styles and numbering, their relationships) is inflated once,
    in pieces, counted as it inflates (``max_part_bytes``, ``max_elements``) and parsed from those same
    pieces; every table's grid is checked as it is built (``max_columns``, ``max_table_cells``). A
    breach raises ``LimitExceeded`` (exit 2). ``checked`` is accepted for callers that ran
    ``check_package`` first; the reader's own checks do not depend on it.
    """
    limits = limits or Limits()
    if package is not None:
        body, numbering, styles = _parts_of(path, package.part)
    else:
        body, numbering, styles = _open(path, limits)
    reader = _BodyReader(_Numbering(numbering, styles), _Styles(styles), keep_elements=package is not None,
                         limits=limits, path=str(path))
    try:
        blocks = reader.blocks(body)
    except RecursionError:
        raise InputError(path, "tables or text boxes are nested too deeply to read") from None
    doc = RawDocument(path=str(path), format="docx", blocks=blocks, pages=None)
    doc.warnings.extend(reader.warnings)
    return doc


# ---------------------------------------------------------------------------------------------- opening

#: Parts are inflated (and, by ``_open``, parsed) in pieces of this many bytes, never whole.
_PIECE = 1 << 20
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT, RT_NUMBERING, RT_STYLES = _RT + "officeDocument", _RT + "numbering", _RT + "styles"


def check_package(path: str, limits: Limits | None = None) -> None:
    """Refuse a ZIP package whose parts would cost more than ``limits`` allow, before anything is parsed.

    For a package that python-docx opens whole (Word comments: ``shailoo.outputs.docx_comments``);
    the reader itself (``read_docx``) makes the same checks on the parts it reads, as it reads them.
    First the sizes the ZIP headers declare, per part (``max_part_bytes``) and in total
    (``max_total_bytes``); then every XML part is inflated in pieces of 1 MiB, never held whole,
    counting its bytes and elements (``max_elements``: a ``<`` that opens no closing tag) and stopping
    at the first limit passed. ``zipfile`` never inflates a part past the size its header declares
    (it stops there and fails the checksum), so what python-docx reads afterwards is bounded by what
    was checked here. A part that does not inflate to the size and checksum its header declares is
    refused as damaged. Raises ``LimitExceeded`` or ``InputError`` (exit 2); a part that cannot be
    inflated at all (encrypted, unknown compression) is left to the reader, which says why.
    """
    limits = limits or Limits()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(path, infos, limits)
            for info in infos:
                if info.file_size and not info.is_dir():
                    try:
                        _inflate(path, zf, info, limits, xml_only=True)
                    except (RuntimeError, NotImplementedError):
                        pass  # encrypted or an unknown compression: the reader's own reason follows
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise InputError(path, "a damaged or truncated ZIP container, not a readable DOCX") from None


def _check_sizes(path: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse a package whose ZIP headers declare a part over ``max_part_bytes`` or all of them
    together over ``max_total_bytes``: nothing is inflated for that."""
    total = 0
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            raise LimitExceeded(path, f"part {info.filename!r} is {info.file_size} bytes decompressed "
                                "(as its ZIP header declares)", "max_part_bytes", info.file_size,
                                limits.max_part_bytes)
        total += info.file_size
    if total > limits.max_total_bytes:
        raise LimitExceeded(path, f"its {len(infos)} parts are {total} bytes decompressed "
                            "(as their ZIP headers declare)", "max_total_bytes", total, limits.max_total_bytes)


def _inflate(path: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, feed=None,
             xml_only: bool = False) -> None:
    """Inflate one part in pieces of ``_PIECE`` bytes, counting its bytes (``max_part_bytes``) and XML
    elements (``max_elements``) before each piece goes on, to ``feed`` (an XML parser's) when given.

    ``xml_only``: a part that is not XML, in UTF-8 or UTF-16 (an image, a binary) stops at its first
    piece: python-docx keeps its bytes, never parses them, and they are no larger than the header
    declared. Raises ``LimitExceeded``; ``InputError`` for a part that does not inflate to the size and
    checksum its header declares; lets ``RuntimeError`` (encrypted) and ``NotImplementedError``
    (unknown compression) through.
    """
    size = elements = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_PIECE)
                if not chunk:
                    break
                if xml_only and not size:
                    head = chunk[:256].replace(b"\0", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
                    if not head.startswith(b"<"):
                        return
                size += len(chunk)
                if size > limits.max_part_bytes:  # unreachable through zipfile; kept as the cap itself
                    raise LimitExceeded(path, f"part {info.filename!r} inflates past {limits.max_part_bytes} "
                                        "bytes", "max_part_bytes", size, limits.max_part_bytes)
                elements += chunk.count(b"<") - chunk.count(b"</")
                if elements > limits.max_elements:
                    raise LimitExceeded(path, f"part {info.filename!r} holds more than {limits.max_elements} "
                                        "XML elements", "max_elements", elements, limits.max_elements)
                if feed is not None:
                    feed(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise InputError(path, f"a damaged ZIP container: part {info.filename!r} does not inflate to the size "
                               "and checksum its header declares") from None
    if size != info.file_size:
        raise InputError(path, f"a damaged ZIP container: part {info.filename!r} inflates to {size} bytes, "
                               f"its header declares {info.file_size}")


class _Package:
    """An open DOCX package whose parts are read once each, within ``limits``: inflated in pieces and
    parsed from those pieces as they come (``_inflate``), never held whole as bytes."""

    def __init__(self, path: str, zf: zipfile.ZipFile, limits: Limits):
        self.path, self.zf, self.limits = path, zf, limits

    def xml(self, name: str):
        """The parsed root of the part ``name`` (a ZIP member name); ``KeyError`` when it is missing."""
        info = self.zf.getinfo(name)
        # The parser python-docx uses (blank text between elements dropped, no entities), and no network.
        parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
        _inflate(self.path, self.zf, info, self.limits, feed=parser.feed)
        return parser.close()

    def related(self, source: str) -> list[tuple[str, str]]:
        """(type, part name) of every internal relationship of the part ``source`` ("" for the package),
        in the order of its ``.rels`` part; targets resolved as python-docx resolves them."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        try:
            info = self.zf.getinfo(rels)
        except KeyError:
            return []
        if not info.file_size:
            return []
        out = []
        base = "/" + folder
        for rel in self.xml(rels).iterchildren(_RELS):
            target = rel.get("Target")
            if rel.get("TargetMode") == "External" or target is None:
                continue
            out.append((rel.get("Type"), posixpath.normpath(posixpath.join(base, target)).lstrip("/")))
        return out


def _open(path: str, limits: Limits | None = None):
    """Return the ``w:body``, numbering root and styles root (either may be ``None``) of ``path``.

    The ZIP is opened once: the part sizes its headers declare are checked against ``limits`` (default
    ``Limits()``), then the parts read (the package's and the main part's relationships, the main
    document, its styles and numbering) are each inflated once, counted and parsed as they inflate.
    Raises ``InputError`` with the reason for a file that is not a readable DOCX, ``LimitExceeded``.
    """
    limits = limits or Limits()
    head = read_input(path, 8)
    ole_body = b""
    if head.startswith(_OLE_MAGIC):
        # An encrypted DOCX is an OLE compound file with EncryptionInfo and EncryptedPackage
        # streams; their directory entries sit near the start or the end of the file.
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            ole_body = fh.read(4 << 20)
            if size > (8 << 20):
                fh.seek(size - (4 << 20))
                ole_body += fh.read()
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in ole_body:
            raise InputError(path, "the document is password-protected (encrypted); save it without a password")
        raise InputError(path, "an old binary Word/OLE file, not a DOCX (ZIP) document")
    if not head.startswith(b"PK"):
        raise InputError(path, "not a DOCX file (it is not a ZIP container)")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise InputError(path, "a damaged or truncated ZIP container, not a readable DOCX") from None
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names and "[Content_Types].xml" not in names:
            raise InputError(path, "a ZIP archive that is not a Word document (no word/document.xml)")
        _check_sizes(path, zf.infolist(), limits)
        package = _Package(path, zf, limits)
        try:
            if "[Content_Types].xml" not in names:
                raise KeyError("there is no item named '[Content_Types].xml' in the archive")
            mains = [name for kind, name in package.related("") if kind == RT_OFFICE_DOCUMENT]
            if not mains:
                raise KeyError("no relationship of type 'officeDocument'")
            main = mains[0]
            root = package.xml(main)
            numbering = styles = None
            if root.tag == _w("document"):
                for kind, name in package.related(main):  # the last of each kind, as python-docx keeps it
                    if kind == RT_NUMBERING:
                        numbering = name
                    elif kind == RT_STYLES:
                        styles = name
                numbering = package.xml(numbering) if numbering is not None else None
                styles = package.xml(styles) if styles is not None else None
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                ValueError, TypeError, AttributeError, NotImplementedError) as err:
            if "word/document.xml" not in names:
                reason = "a ZIP archive that is not a Word document (no word/document.xml)"
            elif isinstance(err, etree.XMLSyntaxError):
                reason = f"a damaged DOCX: malformed XML ({err})"
            elif isinstance(err, (zipfile.BadZipFile, zlib.error, EOFError, OSError)):
                reason = "a damaged or truncated ZIP container, not a readable DOCX"
            elif isinstance(err, RuntimeError):  # zipfile: "File ... is encrypted, password required"
                reason = "the ZIP container is password-protected (encrypted)"
            elif isinstance(err, KeyError):
                reason = f"a damaged or unsupported DOCX (missing part or relationship: {err})"
            else:
                reason = f"not a readable Word document ({type(err).__name__}: {err})"
            raise InputError(path, reason) from None
    if root is None or root.tag != _w("document"):
        if "word/document.xml" not in names:
            raise InputError(path, "a ZIP archive that is not a Word document (no word/document.xml)")
        raise InputError(path, "not a Word document: its main part is not WordprocessingML")
    body = root.find(_w("body"))
    if body is None:
        raise InputError(path, "a damaged DOCX: word/document.xml has no document body")
    return body, numbering, styles


def _numbering_and_styles(main):
    """The numbering and styles roots (either may be ``None``) of a python-docx main document part."""
    numbering = styles = None
    for rel in main.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT_NUMBERING:
            numbering = _part_root(rel.target_part)
        elif rel.reltype == RT_STYLES:
            styles = _part_root(rel.target_part)
    return numbering, styles


def _parts_of(path: str, main):
    """``w:body``, numbering root and styles root of an opened main document part."""
    body = _part_root(main).find(_w("body"))
    if body is None:
        raise InputError(path, "a damaged DOCX: word/document.xml has no document body")
    return (body, *_numbering_and_styles(main))


def _part_root(part):
    """The XML root of a package part: python-docx's parsed element, or the blob parsed by lxml."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(part.blob, parser)


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _clamp(value: int, low: int, high: int) -> int:
    return low if value < low else high if value > high else value


def _on(el) -> bool:
    """A WordprocessingML on/off property: present and not switched off by its ``w:val``."""
    return el is not None and (el.get(VAL) or "true").lower() not in _FALSE


# ----------------------------------------------------------------------------------------------- styles


class _StyleInfo:
    __slots__ = ("kind", "level", "num_id", "ilvl", "chain")

    def __init__(self, kind, level, num_id, ilvl, chain):
        self.kind = kind  # "heading" | "title" | "list" | "normal"
        self.level = level
        self.num_id = num_id  # numbering inherited from the style (None: none)
        self.ilvl = ilvl
        self.chain = chain  # the style id and its basedOn ancestors, nearest first


class _Styles:
    """Paragraph styles: kind (heading/title/list), heading level and inherited numbering, cached per id."""

    def __init__(self, root):
        self._el: dict[str, object] = {}
        self.default: str | None = None
        self._cache: dict[str | None, _StyleInfo] = {}
        if root is None:
            return
        for st in root.iterchildren(_w("style")):
            if st.get(_w("type"), "paragraph") != "paragraph":
                continue
            sid = st.get(_w("styleId"))
            if sid is None:
                continue
            self._el[sid] = st
            if _on_attr(st.get(_w("default"))) and self.default is None:
                self.default = sid

    def info(self, style_id: str | None) -> _StyleInfo:
        sid = style_id if style_id in self._el else self.default
        hit = self._cache.get(sid)
        if hit is None:
            hit = self._cache[sid] = self._compute(sid)
        return hit

    def _compute(self, sid: str | None) -> _StyleInfo:
        chain: list[str] = []
        elements = []
        cur = sid
        while cur is not None and cur in self._el and cur not in chain and len(chain) < 32:
            chain.append(cur)
            el = self._el[cur]
            elements.append(el)
            based = el.find(_w("basedOn"))
            cur = based.get(VAL) if based is not None else None
        kind, level = "normal", 0
        for el in elements:  # the nearest style whose name says what it is decides
            name_el = el.find(_w("name"))
            name = (name_el.get(VAL) if name_el is not None else el.get(_w("styleId"))) or ""
            name = " ".join(name.split()).lower()
            m = _HEADING_NAME.match(name)
            if m:
                kind, level = "heading", int(m.group(1))
                break
            if name in _TITLE_NAMES:
                kind = "title"
                break
            if _LIST_NAME.match(name):
                kind = "list"
                break
        if kind == "normal":
            for el in elements:  # a custom style with an outline level is a heading in Word's navigation
                ppr = el.find(PPR)
                ol = ppr.find(OUTLINE) if ppr is not None else None
                if ol is not None:
                    lv = _int(ol.get(VAL), 9)
                    if 0 <= lv < 9:
                        kind, level = "heading", lv + 1
                    break
        num_id = ilvl = None
        for el in elements:  # numId and ilvl are inherited separately, each from the nearest style
            ppr = el.find(PPR)
            numpr = ppr.find(NUM_PR) if ppr is not None else None
            if numpr is None:
                continue
            nid = numpr.find(NUM_ID)
            lvl = numpr.find(ILVL)
            if num_id is None and nid is not None:
                num_id = nid.get(VAL)
            if ilvl is None and lvl is not None:
                ilvl = _int(lvl.get(VAL))
            if num_id is not None and ilvl is not None:
                break
        return _StyleInfo(kind, level, num_id, ilvl, tuple(chain))


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _FALSE


# -------------------------------------------------------------------------------------------- numbering


class _Level:
    """One level of a list definition, pre-parsed: ``parts`` is lvlText split into text and %n slots."""

    __slots__ = ("start", "fmt", "parts", "legal", "restart", "sep", "pstyle", "bullet")

    def __init__(self, el):
        self.start = 0  # ECMA-376: an absent w:start means 0
        self.fmt = "decimal"
        text = ""
        self.legal = False
        self.restart: int | None = None
        self.sep = " "
        self.pstyle = None
        for ch in el:
            tag = ch.tag
            if tag == _w("start"):
                self.start = _clamp(_int(ch.get(VAL), 0), 0, _MAX_NUMBER)
            elif tag == _w("numFmt"):
                self.fmt = ch.get(VAL) or "decimal"
            elif tag == _w("lvlText"):
                text = "" if _on_attr(ch.get(_w("null"))) else (ch.get(VAL) or "")
            elif tag == _w("isLgl"):
                self.legal = _on(ch)
            elif tag == _w("lvlRestart"):
                self.restart = _int(ch.get(VAL))
            elif tag == _w("suff"):
                self.sep = "" if ch.get(VAL) == "nothing" else " "
            elif tag == P_STYLE:
                self.pstyle = ch.get(VAL)
        self.bullet = _bullet(text) if self.fmt == "bullet" else ""
        parts: list[str | int] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(text):
            if m.start() > pos:
                parts.append(text[pos : m.start()])
            parts.append(int(m.group(1)) - 1)
            pos = m.end()
        if pos < len(text):
            parts.append(text[pos:])
        self.parts = parts

    def copy_with_start(self, start: int) -> "_Level":
        new = object.__new__(_Level)
        for name in _Level.__slots__:
            setattr(new, name, getattr(self, name))
        new.start = start
        return new


def _bullet(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if 0xE000 <= code <= 0xF8FF:
            out.append(_SYMBOL_CHARS.get(code, "•"))
        elif ch == "o":  # Courier New «o»: Word's hollow second-level bullet
            out.append("◦")
        else:
            out.append(ch)
    return "".join(out).strip()


class _List:
    """A resolved numbering instance: the counter key and the nine level definitions."""

    __slots__ = ("key", "levels")

    def __init__(self, key, levels):
        self.key = key
        self.levels = levels


class _Numbering:
    """numbering.xml resolved and counted in document order, as Word counts it.

    Instances (``w:num``) sharing an abstract definition continue one list; an instance with a
    ``w:startOverride`` is a list of its own starting at the override. A level restarts when a
    shallower level is used (or per ``w:lvlRestart``).
    """

    def __init__(self, root, styles_root):
        self._abstract: dict[str, object] = {}
        self._nums: dict[str, object] = {}
        self._style_num: dict[str, str] = {}  # numbering style id -> numId (for w:numStyleLink)
        self._resolved: dict[str, _List | None] = {}
        self._counters: dict[object, list[int | None]] = {}
        if root is not None:
            for el in root.iterchildren(_w("abstractNum")):
                self._abstract.setdefault(el.get(_w("abstractNumId")), el)
            for el in root.iterchildren(_w("num")):
                self._nums.setdefault(el.get(_w("numId")), el)
        if styles_root is not None:
            for st in styles_root.iterchildren(_w("style")):
                if st.get(_w("type")) != "numbering":
                    continue
                nid = st.find(f"{PPR}/{NUM_PR}/{NUM_ID}")
                if nid is not None and st.get(_w("styleId")):
                    self._style_num[st.get(_w("styleId"))] = nid.get(VAL)

    def resolve(self, num_id: str | None) -> _List | None:
        """The list for ``num_id`` (cached), or ``None`` when it is 0, unknown or undefined."""
        if num_id is None:
            return None
        if num_id in self._resolved:
            return self._resolved[num_id]
        lst = self._resolve(num_id)
        self._resolved[num_id] = lst
        return lst

    def _resolve(self, num_id: str) -> _List | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        ref = num.find(_w("abstractNumId"))
        abs_id = ref.get(VAL) if ref is not None else None
        abstract = self._abstract.get(abs_id)
        seen = set()
        # An abstractNum may only point at a numbering style (w:numStyleLink) that holds the definition.
        while abstract is not None and abs_id not in seen:
            seen.add(abs_id)
            link = abstract.find(_w("numStyleLink"))
            if link is None:
                break
            linked_num = self._nums.get(self._style_num.get(link.get(VAL)))
            if linked_num is None:
                break
            ref = linked_num.find(_w("abstractNumId"))
            nxt = ref.get(VAL) if ref is not None else None
            if nxt not in self._abstract:
                break
            abs_id, abstract = nxt, self._abstract[nxt]
        if abstract is None:
            return None
        levels: list[_Level | None] = [None] * 9
        for lvl in abstract.iterchildren(_w("lvl")):
            i = _int(lvl.get(ILVL), -1)
            if 0 <= i < 9:
                levels[i] = _Level(lvl)
        own = False
        for ov in num.iterchildren(_w("lvlOverride")):
            i = _int(ov.get(ILVL), -1)
            if not 0 <= i < 9:
                continue
            lvl = ov.find(_w("lvl"))
            if lvl is not None:
                new = _Level(lvl)
                new.restart = levels[i].restart if levels[i] is not None else None  # Word ignores it here
                levels[i] = new
            start = ov.find(_w("startOverride"))
            if start is not None and levels[i] is not None:
                levels[i] = levels[i].copy_with_start(_clamp(_int(start.get(VAL), 0), 0, _MAX_NUMBER))
                own = True
        key = ("num", num_id) if own else ("abstract", abs_id)
        return _List(key, levels)

    def level_for_style(self, lst: _List, chain: tuple[str, ...]) -> int | None:
        """The level whose ``w:pStyle`` links it to one of the paragraph's styles (nearest first)."""
        for sid in chain:
            for i, lvl in enumerate(lst.levels):
                if lvl is not None and lvl.pstyle == sid:
                    return i
        return None

    def next_label(self, lst: _List, ilvl: int) -> tuple[str, str] | None:
        """Advance the counter of ``lst`` at ``ilvl`` and return (label, separator) as Word shows it."""
        levels = lst.levels
        if not 0 <= ilvl < 9:
            ilvl = 0
        lvl = levels[ilvl]
        if lvl is None:
            return None
        counters = self._counters.get(lst.key)
        if counters is None:
            counters = self._counters[lst.key] = [None] * 9
        cur = counters[ilvl]
        counters[ilvl] = lvl.start if cur is None else cur + 1
        for k in range(ilvl + 1, 9):
            deeper = levels[k]
            restart = deeper.restart if deeper is not None else None
            # Word restarts a level when the named level *or any shallower one* is used (MS-OI29500).
            if restart is None or (restart > 0 and ilvl < restart):
                counters[k] = None
        if lvl.fmt == "bullet":
            return (lvl.bullet, lvl.sep) if lvl.bullet else None
        out = []
        for part in lvl.parts:
            if part.__class__ is str:
                out.append(part)
                continue
            ref = levels[part]
            value = counters[part]
            if value is None:  # a level not used yet shows its start value
                value = ref.start if ref is not None else 1
            fmt = "decimal" if lvl.legal else (ref.fmt if ref is not None else "decimal")
            out.append(_format_number(value, fmt))
        label = "".join(out).strip()
        return (label, lvl.sep) if label else None


_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower sequence: no ё, й, ъ, ы, ь
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in the WordprocessingML number format ``fmt`` (unknown formats: decimal)."""
    if fmt == "decimal" or n <= 0:
        return str(n) if fmt not in ("none", "bullet") else ""
    if fmt == "none" or fmt == "bullet":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerRoman", "upperRoman") and n < 4000:
        out = []
        for value, letters in _ROMAN:
            while n >= value:
                out.append(letters)
                n -= value
        s = "".join(out)
        return s.upper() if fmt == "upperRoman" else s
    if fmt in ("lowerLetter", "upperLetter", "russianLower", "russianUpper") and n <= 780:
        alphabet = "abcdefghijklmnopqrstuvwxyz" if fmt.endswith("Letter") else _RU_LETTERS
        # Word goes a…z, aa…zz, aaa…: the letter repeats, it does not carry like a base-26 number.
        letter = alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)
        return letter.upper() if fmt.startswith("upper") or fmt == "russianUpper" else letter
    return str(n)


# ------------------------------------------------------------------------------------------------- body


class _BodyReader:
    """Walks block containers (body, cells, content controls, text boxes) into blocks."""

    def __init__(self, numbering: _Numbering, styles: _Styles, keep_elements: bool = False,
                 limits: Limits | None = None, path: str = "<docx>"):
        self.numbering = numbering
        self.styles = styles
        self.limits = limits or Limits()
        self.path = path
        self.keep = keep_elements  # set Paragraph.element / Cell.element (shailoo.outputs.docx_comments writes back)
        self.count_numbers = True
        self.warnings: list[str] = []

    # -- blocks

    def blocks(self, container) -> list[Block]:
        """Paragraphs and tables of ``container`` in order; text boxes follow their anchor paragraph."""
        out: list[Block] = []
        for el in container:
            tag = el.tag
            if tag == P:
                boxes: list = []
                para = self.paragraph(el, boxes)
                if para is not None:
                    if self.keep:
                        para.element = el
                    out.append(para)
                for box in boxes:
                    out.extend(self.blocks(box))
            elif tag == TBL:
                out.append(self.table(el))
            elif tag == SDT:
                content = el.find(SDT_CONTENT)
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag in _BLOCK_WRAPPERS:
                out.extend(self.blocks(el))
        return out

    def paragraph(self, p, boxes: list) -> Paragraph | None:
        """One ``w:p`` as a Paragraph with its list label, or ``None`` when nothing would show."""
        style_id = num_id = ilvl = outline = None
        direct_num = False
        parts: list[str] = []
        ppr = None
        for ch in p:  # the properties and the runs in one pass over the paragraph's children
            tag = ch.tag
            if tag == R:
                self._run(ch, parts, boxes)
            elif tag == PPR:
                if ppr is None:
                    ppr = ch
            else:
                self._inline_child(ch, tag, parts, boxes)
        text = "".join(parts).strip()
        if ppr is not None:
            for ch in ppr:
                tag = ch.tag
                if tag == P_STYLE:
                    style_id = ch.get(VAL)
                elif tag == NUM_PR:
                    for sub in ch:
                        if sub.tag == NUM_ID:
                            num_id = sub.get(VAL)
                            direct_num = True
                        elif sub.tag == ILVL:
                            ilvl = _int(sub.get(VAL))
                elif tag == OUTLINE:
                    outline = _int(ch.get(VAL))
        info = self.styles.info(style_id)
        kind, level = info.kind, info.level
        if not direct_num:
            num_id = info.num_id
        if num_id is not None and num_id != "0":
            lst = self.numbering.resolve(num_id)
            if lst is not None:
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(lst, info.chain) if not direct_num else None
                    if ilvl is None:
                        ilvl = info.ilvl if info.ilvl is not None else 0
                label = self.numbering.next_label(lst, ilvl) if self.count_numbers else None
                if kind == "normal":
                    kind, level = "list", ilvl + 1
                if label is not None:
                    mark, sep = label
                    if text:
                        text = f"{mark}{sep}{text}"
                    elif any(c.isalnum() for c in mark):  # an empty numbered row still shows «5.»
                        text = mark
        if not text:
            return None
        if kind == "normal" and outline is not None and 0 <= outline < 9:
            kind, level = "heading", outline + 1
        elif kind == "list" and level == 0:
            level = 1
        return Paragraph(text=text, style=kind, level=level)

    def _inline(self, el, out: list[str], boxes: list) -> None:
        """Append the displayed text of runs under ``el``; collect text boxes into ``boxes``."""
        for ch in el:
            tag = ch.tag
            if tag == R:
                self._run(ch, out, boxes)
            else:
                self._inline_child(ch, tag, out, boxes)

    def _inline_child(self, ch, tag: str, out: list[str], boxes: list) -> None:
        """``_inline`` for one child other than a run."""
        if tag in _INLINE_WRAPPERS:
            self._inline(ch, out, boxes)
        elif tag == SDT:
            content = ch.find(SDT_CONTENT)
            if content is not None:
                self._inline(content, out, boxes)
        elif tag == M_OMATH or tag == M_OMATH_PARA:
            out.extend(t.text for t in ch.iter(M_T) if t.text)
        elif tag == MC_ALT:  # read one alternative only: the fallback repeats the content
            choice = ch.find(MC_CHOICE)
            if choice is None:
                choice = ch.find(MC_FALLBACK)
            if choice is not None:
                self._inline(choice, out, boxes)
        # else: pPr, w:del / w:moveFrom (deleted revisions), bookmarks, proofing marks: not shown

    def _run(self, r, out: list[str], boxes: list) -> None:
        for ch in r:
            tag = ch.tag
            if tag == T:
                text = ch.text  # lxml makes a new string on every access
                if text:
                    out.append(text)
            elif tag == RPR:
                if _on(next(ch.iterchildren(VANISH), None)):
                    return  # hidden text: Word does not display (or print) it
            elif tag == TAB or tag == PTAB:
                out.append(" ")
            elif tag == BR or tag == CR:
                out.append("\n")
            elif tag == NB_HYPHEN:
                out.append("-")
            elif tag == SYM:
                code = _int_hex(ch.get(_w("char")))
                if code is not None:
                    out.append(_SYMBOL_CHARS.get(code, "") if 0xE000 <= code <= 0xF8FF else _chr(code))
            elif tag == DRAWING or tag == PICT or tag == OBJECT or tag == MC_ALT:
                _find_text_boxes(ch, boxes)
            # w:softHyphen, w:instrText (field codes), w:delText, w:fldChar: not displayed

    # -- tables

    def table(self, tbl) -> Table:
        """One ``w:tbl`` as a grid: every row as wide as the widest, merges marked, header copies dropped."""
        rows: list[Row] = []
        vcovered: list[bool] = []  # per row: does it hold a slot covered by a vertical merge
        above: dict[int, Cell] = {}  # grid column -> cell starting there in the row above
        width = 0
        for tr in _children(tbl, TR):
            before = after = 0
            header = False
            trpr, tcs = _row_parts(tr)
            if trpr is not None:
                for ch in trpr:
                    tag = ch.tag
                    if tag == GRID_BEFORE:
                        before = _clamp(_int(ch.get(VAL), 0), 0, _MAX_GRID)
                    elif tag == GRID_AFTER:
                        after = _clamp(_int(ch.get(VAL), 0), 0, _MAX_GRID)
                    elif tag == TBL_HEADER:
                        header = _on(ch)
            cells = [Cell("", col=i) for i in range(before)]
            col = before
            below: dict[int, Cell] = {}
            covered = False
            for tc in tcs:
                span, vmerge, hmerge = 1, None, None
                tcpr = _prop(tc, TCPR)
                if tcpr is not None:
                    for ch in tcpr:
                        tag = ch.tag
                        if tag == GRID_SPAN:
                            span = _clamp(_int(ch.get(VAL), 1), 1, _MAX_GRID)
                        elif tag == V_MERGE:
                            vmerge = ch.get(VAL) or "continue"
                        elif tag == H_MERGE:
                            hmerge = ch.get(VAL) or "continue"
                span = min(span, max(1, _MAX_GRID - col))
                origin = above.get(col) if vmerge == "continue" else None
                if origin is None and hmerge == "continue":
                    origin = _last_origin(cells)
                    if origin is not None:  # legacy horizontal merge: widen the cell on the left
                        origin.colspan += span
                if origin is not None:
                    if vmerge == "continue":
                        origin.rowspan += 1
                        below[col] = origin
                        covered = True
                    # Word shows only the origin's content; keep stray text anyway so none is lost,
                    # but do not count list numbers that Word does not display.
                    self.count_numbers = False
                    try:
                        extra, nested = self._cell_content(tc)
                    finally:
                        self.count_numbers = True
                    if extra:
                        origin.text = f"{origin.text}\n{extra}" if origin.text else extra
                        if _COVERED_TEXT not in self.warnings:
                            self.warnings.append(_COVERED_TEXT)
                    origin.nested.extend(nested)
                    cells.extend(Cell("", col=col + k, merged=True, element=tc if self.keep else None)
                                 for k in range(span))
                    col += span
                    continue
                text, nested = self._cell_content(tc)
                cell = Cell(text, col=col, colspan=span, nested=nested, element=tc if self.keep else None)
                cells.append(cell)
                if span > 1:
                    cells.extend(Cell("", col=col + k, merged=True, element=cell.element) for k in range(1, span))
                below[col] = cell
                col += span
            if after:
                cells.extend(Cell("", col=col + k) for k in range(min(after, max(0, _MAX_GRID - col))))
            above = below
            width = max(width, len(cells))
            # Checked row by row, before the rows are padded to the widest: never a grid past the limits.
            self._check_grid(width, len(rows) + 1)
            rows.append(Row(cells=cells, header=header))
            vcovered.append(covered)
        # Rows short of the widest (no w:gridAfter where one was due) are filled with empty cells. The
        # w:tblGrid count is not used: editors leave it stale, wider than any row.
        for row in rows:
            cells = row.cells
            if len(cells) < width:
                cells.extend(Cell("", col=i) for i in range(len(cells), width))
        return Table(rows=_drop_header_copies(rows, vcovered))

    def _check_grid(self, width: int, n_rows: int) -> None:
        """Refuse a table wider than ``max_columns`` or of more than ``max_table_cells`` slots."""
        limits = self.limits
        if width > limits.max_columns:
            raise LimitExceeded(self.path, f"a table is {width} columns wide", "max_columns", width,
                                limits.max_columns)
        if width * n_rows > limits.max_table_cells:
            raise LimitExceeded(self.path, f"a table of {n_rows} rows × {width} columns has {width * n_rows} cells",
                                "max_table_cells", width * n_rows, limits.max_table_cells)

    def _cell_content(self, tc) -> tuple[str, list[Table]]:
        """Text of a cell (paragraphs joined by newlines, nested tables flattened) and its nested tables."""
        texts: list[str] = []
        nested: list[Table] = []
        for block in self.blocks(tc):
            if block.__class__ is Paragraph:
                texts.append(block.text)
            else:
                nested.append(block)
                flat = _table_text(block)
                if flat:
                    texts.append(flat)
        return "\n".join(texts), nested


def _prop(el, tag):
    """``el.find(tag)`` for a properties element (``w:pPr``, ``w:trPr``, ``w:tcPr``), faster: the schema
    puts it first, so the first child is looked at before the others are searched (``find`` goes
    through lxml's path language and costs several times more on the body's thousands of elements)."""
    if len(el):
        first = el[0]
        if first.tag == tag:
            return first
        return next(el.iterchildren(tag), None)
    return None


def _row_parts(tr):
    """The ``w:trPr`` of a row (``None``: none) and its cells (``_children(tr, TC)``), in one pass."""
    trpr = None
    tcs = []
    for ch in tr:
        t = ch.tag
        if t == TC:
            tcs.append(ch)
        elif t == TRPR:
            if trpr is None:
                trpr = ch
        elif t == SDT:
            content = ch.find(SDT_CONTENT)
            if content is not None:
                tcs.extend(_children(content, TC))
        elif t == CUSTOM_XML:
            tcs.extend(_children(ch, TC))
    return trpr, tcs


def _children(el, tag):
    """Direct children with ``tag``, looking through content controls and custom XML wrappers."""
    for ch in el:
        t = ch.tag
        if t == tag:
            yield ch
        elif t == SDT:
            content = ch.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif t == CUSTOM_XML:
            yield from _children(ch, tag)


def _last_origin(cells: list[Cell]) -> Cell | None:
    for cell in reversed(cells):
        if not cell.merged:
            return cell
    return None


def _find_text_boxes(el, boxes: list) -> None:
    """Collect the outermost ``w:txbxContent`` under a drawing, reading only one alternate of each
    ``mc:AlternateContent`` (the VML fallback repeats the same text box)."""
    for ch in el:
        tag = ch.tag
        if tag == TXBX:
            boxes.append(ch)
        elif tag == MC_FALLBACK:
            continue
        elif tag == MC_ALT:
            choice = ch.find(MC_CHOICE)
            _find_text_boxes(choice if choice is not None else ch, boxes)
        elif isinstance(tag, str):
            _find_text_boxes(ch, boxes)


def _table_text(table: Table) -> str:
    """A nested table as text: one line per row, cells joined by « | »."""
    lines = []
    for row in table.rows:
        texts = [" ".join(c.text.split()) for c in row.cells if not c.merged]
        line = " | ".join(t for t in texts if t)
        if line:
            lines.append(line)
    return "\n".join(lines)


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(" ".join(c.text.split()) for c in row.cells)


def _drop_header_copies(rows: list[Row], vcovered: list[bool]) -> list[Row]:
    """Drop later rows that repeat a leading header row (a header typed again mid-table).

    The leading header rows are those marked ``tblHeader``, or the first row when none is marked. A
    copy must hold at least two non-empty cells, so that blank or one-word rows are never taken for one,
    and take no part in a vertical merge, so that rowspans stay right.
    """
    if len(rows) < 2:
        return rows
    n_head = 0
    while n_head < len(rows) and rows[n_head].header:
        n_head += 1
    heads = {_row_key(r) for r in rows[: max(n_head, 1)]}
    heads = {k for k in heads if sum(1 for t in k if t) >= 2}
    if not heads:
        return rows
    firsts = {k[0] for k in heads}  # a copy starts as a header does: the whole key is made only then
    out = rows[: max(n_head, 1)]
    for row, covered in zip(rows[len(out):], vcovered[len(out):]):
        if (not covered and row.cells and " ".join(row.cells[0].text.split()) in firsts and _row_key(row) in heads
                and all(c.rowspan == 1 for c in row.cells)):
            continue
        out.append(row)
    return out


def _int_hex(value) -> int | None:
    try:
        return int(value, 16)
    except (TypeError, ValueError):
        return None


def _chr(code: int) -> str:
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return ""
