"""Reader for plain text and Markdown: the tab-separated form of the seed renderings.

The form, as the CEC's documents come out of copy-and-paste and of our own text exports:

* a line holding a tab is a table row, its fields are the cells; a run of such lines is one table;
* a blank line inside a table marks a page break of the original; a row right after it whose first
  field is empty continues the row above (``blocks.stitch_continuations``);
* a line with text only in its first field is a section heading row; so is a line without any tab
  printed between two table lines with no blank line around it (a heading row that spanned the table,
  whose cell boundaries the copy lost: «1.\tОбразование …», «ИЗБИРАТЕЛЬНЫЕ УЧАСТКИ», «2.\t…»);
* a table exported one cell per line (each line ``"\\t<cell>"``, rows separated by blank lines) is
  recognised and rebuilt into rows;
* other lines are paragraphs; consecutive lines form one paragraph, a blank line ends it;
* light Markdown is removed: ``**bold**``, ``*italic*``, ``\\_`` escapes, ``---`` table rules; cells
  holding HTML fragments (``<p>``, ``<b>``, ``<ul><li>``) are reduced to text lines.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, else CP1251, which many government files
still use. Binary content is refused with a one-line reason.
"""

from __future__ import annotations

import re

from shailoo.errors import InputError, read_input

from shailoo.parsers.read.blocks import Cell, Paragraph, RawDocument, Row, Table, stitch_continuations

_MD_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_HTML_HINT = re.compile(r"</?(?:p|b|i|u|br|ul|ol|li|strong|em|span|div)\b", re.I)
_ITEM_NUMBER = re.compile(r"^\s*\d+\.\d+")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding) of ``data``; raise ``InputError`` for binary content."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:65536]
    if sample.count(b"\x00") > 0:
        raise InputError(path, "binary content (NUL bytes), not a text document")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(2, len(sample) // 200):
        raise InputError(path, "binary content (control bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    letters = sum(1 for ch in text[:20000] if ch.isalpha())
    cyr = sum(1 for ch in text[:20000] if "\u0400" <= ch <= "\u04ff")
    if letters and cyr / letters < 0.3 and text.count("\ufffd") > 0:
        raise InputError(path, "not valid UTF-8 and not plausible CP1251 text")
    return text, "cp1251"


def clean_markdown(s: str) -> str:
    """Remove Markdown emphasis and escapes from one line of text."""
    if "*" in s or "_" in s:
        s = _MD_EMPH.sub(lambda m: m.group(2) or m.group(3) or "", s)
    if "\\" in s:
        s = _MD_ESCAPE.sub(r"\1", s)
    return s


def _cell_text(field: str) -> str:
    field = field.strip()
    if "<" in field and _HTML_HINT.search(field):
        # on call: loads lxml, which text without HTML markup never needs
        from shailoo.parsers.read.html import html_fragment_to_text

        field = html_fragment_to_text(field)
    return clean_markdown(field).strip()


def _one_cell_per_line(lines: list[str]) -> bool:
    """True when every table line is a single field after an empty first field."""
    rows = [ln for ln in lines if not _blank(ln)]
    return len(rows) >= 4 and all(ln.startswith("\t") and ln.count("\t") == 1 for ln in rows)


def _blank(line: str) -> bool:
    """A separator line: no tab and no text. A tab followed by spaces is an empty cell, not a gap."""
    return "\t" not in line and not line.strip()


def _build_table(lines: list[str]) -> Table:
    rows: list[Row] = []
    if _one_cell_per_line(lines):
        group: list[str] = []
        for ln in lines + [""]:
            if not _blank(ln):
                group.append(ln)
                continue
            if group:
                cells = [Cell(_cell_text(g.split("\t", 1)[1]), col=i) for i, g in enumerate(group)]
                rows.append(Row(cells))
                group = []
        return Table(rows)
    gap = False
    for ln in lines:
        if _blank(ln):
            gap = bool(rows)
            continue
        fields = ln.split("\t")
        if all(_MD_RULE.match(f) or not f.strip() for f in fields) and any(f.strip() for f in fields):
            continue  # a Markdown table rule, not a row
        cells = [Cell(_cell_text(f), col=i) for i, f in enumerate(fields)]
        rows.append(Row(cells, page_break_before=gap))
        gap = False
    widths = {len(r.cells) for r in rows}
    table = Table(rows)
    for i, r in enumerate(rows):
        r.index = i
    if len(widths) == 1:
        # Aligned pieces can be stitched here; ragged tables (merged cells dropped by the exporter)
        # keep their page-break marks for the interpreter, which can realign them by content.
        for r in rows:
            if r.page_break_before and _starts_new_item(r):
                r.page_break_before = False
        stitch_continuations(table)
    return table


def _starts_new_item(row: Row) -> bool:
    """A piece whose first text is a sub-item number («3.2.») starts a new row, not a continuation."""
    for c in row.cells:
        if c.text.strip():
            return bool(_ITEM_NUMBER.match(c.text))
    return False


#: At most this many text-only lines in a row are heading rows of a table (more is prose between tables).
_MAX_HEADING_RUN = 3


def _headings_in_table(lines: list[str], i: int) -> bool:
    """True when line ``i`` starts or continues a short run of text-only lines that a table line follows
    directly (no blank line): headings of the table's sections, printed across its width."""
    j = i
    while j < len(lines) and "\t" not in lines[j] and lines[j].strip() and not _MD_RULE.match(lines[j]):
        j += 1
    return j - i <= _MAX_HEADING_RUN and j < len(lines) and "\t" in lines[j]


_LEADING_ITEM = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.)]?(?=\s)")


def _cut_row(previous: str, lines: list[str], i: int) -> bool:
    """True when text-only line ``i`` is the last of the text and numbers the item after the table
    line above it («2. Разработка …<TAB>…», then «3. Плановые заседания к» at the end of an excerpt)."""
    if any(ln.strip() for ln in lines[i + 1:]):
        return False
    a, b = _LEADING_ITEM.match(lines[i]), _LEADING_ITEM.match(previous)
    if not a or not b:
        return False
    x, y = a.group(1).split("."), b.group(1).split(".")
    return len(x) == len(y) and x[:-1] == y[:-1] and int(x[-1]) == int(y[-1]) + 1


def parse_text(text: str, path: str = "<text>", fmt: str = "text", encoding: str | None = None) -> RawDocument:
    """Split decoded text into paragraphs and tables (see the module docstring for the form)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    blocks: list = []
    para: list[str] = []
    table_lines: list[str] = []

    def flush_para() -> None:
        if para:
            # Emphasis may span the lines of a paragraph («*День выборов –\n9 октября 2022 года*»).
            joined = clean_markdown("\n".join(p.strip() for p in para if p.strip()))
            if joined.strip():
                blocks.append(Paragraph(joined))
            para.clear()

    def flush_table() -> None:
        while table_lines and _blank(table_lines[-1]):
            table_lines.pop()
        if table_lines:
            table = _build_table(table_lines)
            if table.rows:
                blocks.append(table)
            table_lines.clear()

    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i].rstrip(" ")
        if "\t" in ln:
            flush_para()
            table_lines.append(ln)
        elif not ln.strip():
            if table_lines:
                # A blank line inside a table is a page break if a table line follows.
                j = i + 1
                while j < n and _blank(lines[j]):
                    j += 1
                if j < n and "\t" in lines[j]:
                    table_lines.append("")
                    i = j
                    continue
                flush_table()
            flush_para()
        elif table_lines and table_lines[-1] and _cut_row(table_lines[-1], lines, i):
            # The next item of the table cut short by the end of an excerpt: a row, not a paragraph.
            table_lines.append(ln.strip() + "\t")
        elif table_lines and table_lines[-1] and _headings_in_table(lines, i):
            # Heading rows inside the table («Цели: …», «Задача 1. …» over row 1.1): they keep the
            # table whole, so the rows under them keep the header above them.
            table_lines.append(ln.strip() + "\t")
        else:
            flush_table()
            if _MD_RULE.match(ln):
                flush_para()
            else:
                para.append(ln)
        i += 1
    flush_para()
    flush_table()
    if not any(b.text.strip() if isinstance(b, Paragraph) else b.rows for b in blocks):
        raise InputError(path, "the file holds no text")
    return RawDocument(path=path, format=fmt, blocks=blocks, encoding=encoding)


def read_text(path: str) -> RawDocument:
    """Read a text or Markdown file (UTF-8, UTF-16 with BOM, or CP1251)."""
    data = read_input(path)
    if not data.strip():
        raise InputError(path, "the file is empty")
    text, encoding = decode(data, path)
    return parse_text(text, path=path, fmt="text", encoding=encoding)
