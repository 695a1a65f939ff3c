"""HTML reader: a CEC web page (or an HTML export of a Word document) to ``RawDocument``.

The page is decoded (BOM, declared charset, else strict UTF-8, else windows-1251, which many Kyrgyz
government sites still serve), parsed with lxml, stripped of everything a reader of the page does not
see (scripts, styles, navigation, comments, hidden elements) and turned into blocks: every block-level
element outside a table is one ``Paragraph``; every data table is a ``Table`` on a real grid in which
``rowspan`` / ``colspan`` are resolved into origin cells and ``merged`` slots.

Cell text follows the contract in ``shailoo.parsers.read.blocks``: each ``<p>`` / block element and each ``<br>``
starts a new line, every ``<li>`` is its own line with a visible marker, inline markup is dropped,
whitespace is collapsed within a line and empty lines are removed. ``html_fragment_to_text`` applies the
same rules to a fragment of markup that arrives as literal text (the CEC page renderings whose table
cells hold ``<p><b>…</b></p>``).
"""

from __future__ import annotations

import codecs
import html
import re

import lxml.etree as etree
import lxml.html

from shailoo.errors import InputError, LimitExceeded, read_input
from shailoo.settings import Limits

from shailoo.parsers.read import check_text_size

from shailoo.parsers.read.blocks import Block, Cell, Paragraph, RawDocument, Row, Table

__all__ = ["read_html", "html_fragment_to_text"]

# ---------------------------------------------------------------------------------------------------
# Element classes
# ---------------------------------------------------------------------------------------------------

#: Elements whose content a reader of the page never sees.
_DROP = frozenset({
    "script", "style", "noscript", "head", "nav", "footer", "template", "iframe", "object", "embed",
    "svg", "canvas", "audio", "video", "select", "datalist", "map", "title", "meta", "link",
})

#: Elements that start and end a line (outside tables: a paragraph).
_BLOCK = frozenset({
    "p", "div", "blockquote", "pre", "address", "article", "aside", "section", "main", "header",
    "figure", "figcaption", "form", "fieldset", "legend", "dl", "dt", "dd", "center", "hr", "details",
    "summary", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html", "hgroup", "dialog",
    "tr", "td", "th", "thead", "tbody", "tfoot", "textarea",
})
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_HEADINGS = {f"h{i}": i for i in range(1, 7)}

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_NO_MARKER_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*none", re.I)

# ---------------------------------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------------------------------

# Every kind of horizontal space a page uses, the non-breaking ones included: they separate words on
# screen, so they are a single space in the text.
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Invisible characters: soft hyphens and zero-width marks would split words for every later regex.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# C0 controls other than tab / newline / carriage return / form feed: libxml2 refuses them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# A list item whose text already carries its marker: a dash or a bullet, or a numbering such as
# «1.», «1)», «2.1.», «а)», «IV.». A date («10.07.2023») is not a numbering, nor is «г. Бишкек».
_HAS_MARKER = re.compile(
    r"""^(?:
        [-‐‑‒–—―−•·●○◦▪▫■□►▸▹➢➤✓✔*]
      | \d{1,3}(?:\.\d{1,3})*[.)](?!\d)
      | [а-яёa-z][)]
      | [IVXLC]{1,6}[.)](?=\s)
    )""",
    re.X | re.I,
)

_TAG_HINT = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _clean_line(s: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", s)).strip()


# ---------------------------------------------------------------------------------------------------
# Line building
# ---------------------------------------------------------------------------------------------------


class _Lines:
    """Text of one cell or one paragraph as lines; list markers are applied when the lines are read."""

    __slots__ = ("lines", "marks", "pre")

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]
        self.marks: list[list] = []  # [marker, first line index, last line index or None]
        self.pre = 0

    def text(self, s: str | None) -> None:
        if not s:
            return
        if self.pre and "\n" in s:
            # Inside <pre> a newline in the source is a line break on screen.
            parts = s.replace("\r\n", "\n").split("\n")
            self.lines[-1].append(parts[0])
            for part in parts[1:]:
                self.lines.append([part])
        else:
            self.lines[-1].append(s)

    def newline(self) -> None:
        if self.lines[-1]:
            self.lines.append([])

    def mark_start(self, marker: str) -> list:
        self.newline()
        mark = [marker, len(self.lines) - 1, None]
        self.marks.append(mark)
        return mark

    def mark_end(self, mark: list) -> None:
        mark[2] = len(self.lines) - 1
        self.newline()

    def result(self) -> list[str]:
        cleaned = [_clean_line("".join(parts)) for parts in self.lines]
        for marker, first, last in self.marks:
            last = len(cleaned) - 1 if last is None else last
            for i in range(first, last + 1):
                if cleaned[i]:
                    if not _HAS_MARKER.match(cleaned[i]):
                        cleaned[i] = f"{marker} {cleaned[i]}"
                    break
        return [ln for ln in cleaned if ln]

    @property
    def empty(self) -> bool:
        return not any("".join(parts).strip() for parts in self.lines)


# ---------------------------------------------------------------------------------------------------
# List numbering
# ---------------------------------------------------------------------------------------------------


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _alpha(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def _int_attr(el, name: str) -> int | None:
    m = re.match(r"\s*([+-]?\d+)", el.get(name) or "")
    return int(m.group(1)) if m else None


class _ListState:
    """Numbering of one ``<ul>`` / ``<ol>``: the marker its next ``<li>`` shows."""

    __slots__ = ("ordered", "value", "step", "kind")

    def __init__(self, el) -> None:
        tag = el.tag.lower()
        no_marker = bool(_NO_MARKER_STYLE.search(el.get("style") or ""))
        # An <ol> styled «list-style-type: none» shows no number; its items get the dash every
        # unmarked item gets, so that list structure stays visible in the text.
        self.ordered = tag == "ol" and not no_marker
        self.kind = (el.get("type") or "1").strip() or "1"
        self.step = -1 if el.get("reversed") is not None else 1
        start = _int_attr(el, "start")
        if start is None:
            if self.step < 0:
                start = sum(1 for c in el if isinstance(c.tag, str) and c.tag.lower() == "li")
            else:
                start = 1
        self.value = start

    def marker(self, li) -> str:
        if not self.ordered:
            return "-"
        value = _int_attr(li, "value")
        if value is not None:
            self.value = value
        n = self.value
        self.value += self.step
        if self.kind in ("a", "A") and n > 0:
            s = _alpha(n)
            return (s.upper() if self.kind == "A" else s) + "."
        if self.kind in ("i", "I") and 0 < n < 4000:
            s = _roman(n)
            return (s.upper() if self.kind == "I" else s) + "."
        return f"{n}."


# ---------------------------------------------------------------------------------------------------
# Rendering: one walk over the tree, two sinks (cell lines, document paragraphs)
# ---------------------------------------------------------------------------------------------------


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _render_children(el, sink, lists: list[_ListState]) -> None:
    sink.text(el.text)
    for child in el:
        _render(child, sink, lists)
        sink.text(child.tail)


def _render(el, sink, lists: list[_ListState]) -> None:
    tag = _tag(el)
    if not tag:
        return  # a comment or processing instruction that survived cleaning
    if tag == "br":
        sink.newline()
    elif tag == "table":
        sink.table(el)
    elif tag in _LISTS:
        sink.block_start(tag)
        lists.append(_ListState(el))
        _render_children(el, sink, lists)
        lists.pop()
        sink.block_end(tag)
    elif tag == "li":
        marker = lists[-1].marker(el) if lists else "-"
        token = sink.item_start(marker, max(len(lists) - 1, 0))
        _render_children(el, sink, lists)
        sink.item_end(token)
    elif tag in _BLOCK:
        sink.block_start(tag)
        if tag == "pre":
            sink.pre_enter()
        _render_children(el, sink, lists)
        if tag == "pre":
            sink.pre_exit()
        sink.block_end(tag)
    else:
        _render_children(el, sink, lists)


class _CellSink:
    """Collects the text of one table cell (or fragment) as lines; nested tables go to ``nested``."""

    def __init__(self, builder: "_TableBuilder") -> None:
        self.lines = _Lines()
        self.nested: list[Table] = []
        self.builder = builder

    def text(self, s):
        self.lines.text(s)

    def newline(self):
        self.lines.newline()

    def block_start(self, tag):
        self.lines.newline()

    def block_end(self, tag):
        self.lines.newline()

    def pre_enter(self):
        self.lines.pre += 1

    def pre_exit(self):
        self.lines.pre -= 1

    def item_start(self, marker, depth):
        return self.lines.mark_start(marker)

    def item_end(self, token):
        self.lines.mark_end(token)

    def table(self, el):
        built = self.builder.build(el)
        self.lines.newline()
        for cap in built.captions:
            _render_children(cap, self, [])
            self.lines.newline()
        for stray in built.stray:
            _render(stray, self, [])
            self.lines.newline()
        if built.table is not None:
            self.nested.append(built.table)
            # The nested table's text is part of what the cell shows: one line per row, cells
            # separated by « | » (a tab would split the outer row in the document text).
            for row in built.table.rows:
                parts = [" ".join(c.text.split("\n")) for c in row.cells if not c.merged and c.text]
                if parts:
                    self.lines.text(" | ".join(parts))
                    self.lines.newline()

    def result(self) -> str:
        return "\n".join(self.lines.result())


class _FlowSink:
    """Turns the page body into paragraphs and tables, in reading order."""

    def __init__(self, builder: "_TableBuilder") -> None:
        self.blocks: list[Block] = []
        self.builder = builder
        self.buf = _Lines()
        self.styles: list[tuple[str, int]] = [("normal", 0)]
        self.pending_marker: str | None = None

    # paragraph buffer
    def flush(self) -> None:
        if self.buf.empty:
            self.buf = _Lines()
            return
        pre = self.buf.pre
        lines = self.buf.result()
        self.buf = _Lines()
        self.buf.pre = pre
        if not lines:
            return
        if self.pending_marker and not _HAS_MARKER.match(lines[0]):
            lines[0] = f"{self.pending_marker} {lines[0]}"
        self.pending_marker = None
        style, level = self.styles[-1]
        self.blocks.append(Paragraph("\n".join(lines), style=style, level=level))

    def text(self, s):
        self.buf.text(s)

    def newline(self):
        self.buf.newline()

    def pre_enter(self):
        self.buf.pre += 1

    def pre_exit(self):
        self.buf.pre -= 1

    def block_start(self, tag):
        self.flush()
        if tag in _HEADINGS:
            self.styles.append(("heading", _HEADINGS[tag]))
        else:
            self.styles.append(self.styles[-1])

    def block_end(self, tag):
        self.flush()
        self.styles.pop()

    def item_start(self, marker, depth):
        self.flush()
        self.styles.append(("list", depth))
        self.pending_marker = marker
        return None

    def item_end(self, token):
        self.flush()
        self.pending_marker = None
        self.styles.pop()

    def table(self, el):
        self.flush()
        built = self.builder.build(el)
        for cap in built.captions:
            self.block_start("caption")
            _render_children(cap, self, [])
            self.block_end("caption")
        for stray in built.stray:
            _render(stray, self, [])
            self.flush()
        if built.table is None:
            return
        if _is_layout(el, built.table):
            # A table used to lay the page out: its cells are page content, in reading order.
            for cell_el in built.cell_elements:
                self.block_start("td")
                _render_children(cell_el, self, [])
                self.block_end("td")
            return
        self.blocks.append(built.table)


# ---------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------


class _Built:
    __slots__ = ("table", "captions", "stray", "cell_elements")

    def __init__(self) -> None:
        self.table: Table | None = None
        self.captions: list = []
        self.stray: list = []
        self.cell_elements: list = []


def _span(el, name: str, default: int, lo: int, hi: int) -> int:
    v = _int_attr(el, name)
    if v is None:
        return default
    return max(lo, min(hi, v))


class _TableBuilder:
    """Builds a ``Table`` on a real grid from a ``<table>`` element.

    The grid is bounded by ``limits`` as it is built, before a slot is made: a cell reaching past
    ``max_columns``, or spans covering more than ``max_table_cells`` slots (``rowspan=0`` spans to the
    end of its row group), raise ``LimitExceeded`` naming ``path``.
    """

    def __init__(self, limits: Limits | None = None, path: str = "<html>") -> None:
        self.limits = limits or Limits()
        self.path = path

    def _refuse(self, what: str, limit: str, value: int) -> None:
        raise LimitExceeded(self.path, what, limit, value, getattr(self.limits, limit))

    def build(self, table_el) -> _Built:
        out = _Built()
        head_groups: list[list] = []
        body_groups: list[list] = []
        foot_groups: list[list] = []
        loose: list = []  # <tr> children of <table> itself, one implicit body group per run

        def close_loose():
            if loose:
                body_groups.append(list(loose))
                loose.clear()

        for child in table_el:
            tag = _tag(child)
            if not tag:
                continue
            if tag == "tr":
                loose.append(child)
                continue
            close_loose()
            if tag == "caption":
                out.captions.append(child)
            elif tag in ("thead", "tbody", "tfoot"):
                rows = []
                for sub in child:
                    st = _tag(sub)
                    if st == "tr":
                        rows.append(sub)
                    elif st:
                        out.stray.append(sub)
                {"thead": head_groups, "tbody": body_groups, "tfoot": foot_groups}[tag].append(rows)
            elif tag in ("colgroup", "col"):
                continue
            else:
                # Content that is not part of the grid: browsers show it before the table.
                out.stray.append(child)
        close_loose()

        groups = [(g, True) for g in head_groups] + [(g, False) for g in body_groups] + [
            (g, False) for g in foot_groups]
        grid: list[tuple[dict[int, Cell], bool]] = []
        width = 0
        covered = 0  # grid slots the cells placed so far cover (their colspan × rowspan)
        max_columns, max_cells = self.limits.max_columns, self.limits.max_table_cells
        for tr_list, is_head in groups:
            # Slots taken by rowspans from rows above, per row of this group: {row offset: {col}}.
            taken: dict[int, set[int]] = {}
            n = len(tr_list)
            for r, tr in enumerate(tr_list):
                slots: dict[int, Cell] = {c: Cell("", col=c, merged=True) for c in taken.pop(r, ())}
                cells_el = [c for c in tr if _tag(c) in ("td", "th")]
                all_th = bool(cells_el)
                col = 0
                for cell_el in cells_el:
                    if _tag(cell_el) != "th":
                        all_th = False
                    while col in slots:
                        col += 1
                    colspan = _span(cell_el, "colspan", 1, 1, 1000)
                    rowspan = _span(cell_el, "rowspan", 1, 0, 65534)
                    if rowspan == 0:  # HTML: span to the end of the row group
                        rowspan = n - r
                    # A rowspan never reaches past its row group (HTML clips it there).
                    rowspan = max(1, min(rowspan, n - r))
                    if col + colspan > max_columns:
                        self._refuse(f"a table is {col + colspan} columns wide", "max_columns", col + colspan)
                    covered += colspan * rowspan
                    if covered > max_cells:
                        self._refuse(f"a table's cells with their rowspan and colspan cover at least {covered} grid "
                                     "cells", "max_table_cells", covered)
                    sink = _CellSink(self)
                    _render_children(cell_el, sink, [])
                    out.cell_elements.append(cell_el)
                    slots[col] = Cell(sink.result(), col=col, colspan=colspan, rowspan=rowspan,
                                      nested=sink.nested)
                    for c in range(col + 1, col + colspan):
                        slots[c] = Cell("", col=c, merged=True)
                    for dr in range(1, rowspan):
                        taken.setdefault(r + dr, set()).update(range(col, col + colspan))
                    col += colspan
                if not slots:
                    continue  # an empty <tr> that no rowspan reaches: nothing on screen
                width = max(width, max(slots) + 1)
                grid.append((slots, is_head or all_th))
        if not grid:
            return out
        if len(grid) * width > max_cells:
            self._refuse(f"a table of {len(grid)} rows × {width} columns has {len(grid) * width} cells",
                         "max_table_cells", len(grid) * width)
        # Rows shorter than the widest one are padded with empty (not merged) slots: a real grid.
        rows = [Row(cells=[slots.get(c) or Cell("", col=c) for c in range(width)], header=header)
                for slots, header in grid]
        out.table = Table(rows=_drop_repeated_headers(rows))
        return out


def _drop_repeated_headers(rows: list[Row]) -> list[Row]:
    """Drop copies of the header rows that repeat further down (HTML made from paged documents)."""
    seen: set[tuple[str, ...]] = set()
    out: list[Row] = []
    body_started = False
    for row in rows:
        if row.header:
            key = tuple(row.texts())
            if body_started and key in seen and any(key):
                continue
            seen.add(key)
        else:
            body_started = True
        out.append(row)
    return out


def _is_layout(el, table: Table) -> bool:
    """True for a table that lays the page out rather than holding data.

    Old government sites wrap the whole page, data tables included, in layout tables; treating those
    as data would bury the real table in ``Cell.nested``. A table is layout when it says so
    (``role="presentation"``), when it is a single column wrapped around a table, or when a table in
    one of its cells has more rows than the table itself.
    """
    role = (el.get("role") or "").strip().lower()
    if role in ("presentation", "none"):
        return True
    nested = [t for row in table.rows for c in row.cells for t in c.nested]
    if not nested:
        return False
    if table.n_cols == 1:
        return True
    return max(len(t.rows) for t in nested) > len(table.rows)


# ---------------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Labels browsers read differently from Python (WHATWG Encoding Standard), and common misspellings.
_LABELS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "x-cp1251": "cp1251", "win-1251": "cp1251",
    "windows1251": "cp1251", "cp-1251": "cp1251", "utf-16": "utf-8", "utf-16le": "utf-8",
    "utf-16be": "utf-8", "unicode": "utf-8",
}


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared_encoding(head: bytes) -> str | None:
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(m.group(1).decode("ascii", "replace")) if m else None


def _utf8_verdict(data: bytes) -> tuple[str | None, int]:
    """Decode as UTF-8: the text if the bytes are (almost) all valid UTF-8, and the number of bad bytes.

    A few broken sequences in a long UTF-8 page (a truncated copy-paste) should not turn the whole
    page into windows-1251 mojibake; windows-1251 Cyrillic, on the other hand, is almost never valid
    UTF-8, so a high share of invalid sequences decides for it.
    """
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if bad <= max(2, non_ascii // 100):
        return text, bad
    return None, bad


def _decode(data: bytes, warnings: list[str]) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    declared = _declared_encoding(data[:8192])
    if declared and declared != "utf-8":
        if not data.isascii():
            text, bad = _utf8_verdict(data)
            if text is not None and bad == 0:
                # Declared a single-byte code page but every byte sequence is valid UTF-8: a page
                # re-saved as UTF-8 that kept its old <meta>. Real Cyrillic in cp1251 is never valid UTF-8.
                warnings.append(f"the page declares {declared} but is UTF-8; read as UTF-8")
                return text, "utf-8"
        return data.decode(declared, errors="replace"), declared
    text, bad = _utf8_verdict(data)
    if text is not None:
        if bad:
            warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced with \ufffd")
        return text, "utf-8"
    if declared == "utf-8":
        warnings.append("the page declares UTF-8 but is not valid UTF-8; read as windows-1251")
    return data.decode("cp1251", errors="replace"), "cp1251"


def _looks_binary(data: bytes, text: str) -> bool:
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls > max(4, len(sample) // 100)


# ---------------------------------------------------------------------------------------------------
# Cleaning and entry points
# ---------------------------------------------------------------------------------------------------


def _remove(el) -> None:
    """Remove ``el`` and its content, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _clean(root) -> None:
    doomed = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            doomed.append(el)  # comments, processing instructions, entities
            continue
        tag = tag.lower()
        if tag in _DROP or el.get("hidden") is not None:
            doomed.append(el)
            continue
        style = el.get("style")
        if style and _HIDDEN_STYLE.search(style):
            doomed.append(el)
    for el in doomed:
        _remove(el)


def _parse(text: str):
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    # huge_tree: libxml2 would otherwise silently cut the tree at depth 256 and lose the text below;
    # deeper than Python can walk is reported as an InputError by the caller.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    return lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)


def _plain_lines(s: str) -> str:
    lines = (_clean_line(ln) for ln in s.splitlines())
    return "\n".join(ln for ln in lines if ln)


def html_fragment_to_text(s: str) -> str:
    """The text of a fragment of HTML under the cell-text rules (lines for blocks, ``<br>`` and ``<li>``).

    Plain text (no tag, no entity) only has its whitespace normalised, without touching a parser.
    """
    if not s:
        return ""
    if ("<" not in s and "&" not in s) or not _TAG_HINT.search(s):
        return _plain_lines(s)
    if not _MARKUP.search(s):
        # Entities but no markup: decode them and keep the line structure of the plain text.
        return _plain_lines(html.unescape(s))
    try:
        root = _parse(f"<html><body><div>{s}</div></body></html>")
    except (etree.ParserError, ValueError):
        return _plain_lines(s)
    _clean(root)
    body = root.find("body")
    if body is None:
        body = root
    sink = _CellSink(_TableBuilder())
    try:
        _render_children(body, sink, [])
    except RecursionError:
        # Markup nested deeper than Python can walk: keep the words, lose the line structure.
        return _plain_lines(" ".join(body.itertext()))
    return sink.result()


def read_html(path: str, limits: Limits | None = None) -> RawDocument:
    """Read an HTML page into paragraphs and tables. Raises ``InputError`` for unusable input, and
    ``LimitExceeded`` for a page over ``limits`` (default ``Limits()``): its size on disk
    (``max_text_bytes``), its elements counted before parsing (``max_elements``), a table's grid
    (``max_columns``, ``max_table_cells``) before it is built."""
    limits = limits or Limits()
    check_text_size(path, limits)
    data = read_input(path)
    if not data.strip():
        raise InputError(path, "the file is empty")
    elements = data.count(b"<") - data.count(b"</")
    if elements > limits.max_elements:
        raise LimitExceeded(path, f"the page holds about {elements} HTML elements", "max_elements", elements,
                            limits.max_elements)
    warnings: list[str] = []
    text, encoding = _decode(data, warnings)
    if _looks_binary(data, text):
        raise InputError(path, "binary data, not an HTML page")
    try:
        root = _parse(text)
    except etree.ParserError:
        raise InputError(path, "the HTML page contains no text") from None
    except ValueError as err:
        raise InputError(path, f"not a readable HTML page ({err})") from None
    _clean(root)
    body = root.find("body")
    if body is None:
        body = root
    sink = _FlowSink(_TableBuilder(limits, path))
    try:
        _render_children(body, sink, [])
    except RecursionError:
        raise InputError(path, "the HTML is nested too deeply to read") from None
    sink.flush()
    blocks = sink.blocks
    if not any(_has_text(b) for b in blocks):
        raise InputError(path, "the HTML page contains no text")
    return RawDocument(path=path, format="html", blocks=blocks, pages=None, encoding=encoding,
                       warnings=warnings)


def _has_text(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(c.text.strip() for row in block.rows for c in row.cells)
