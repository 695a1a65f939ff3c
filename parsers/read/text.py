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

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, else the Cyrillic code page the text reads
best in (CP1251, which many government files still use; KOI8-R; CP866). Decoding loses nothing
silently: bad bytes in a UTF-8 text are replaced line by line and counted in a warning naming the lines,
and lines of another code page in a UTF-8 text are read in it. Binary content, UTF-16 without a BOM and
text in no Cyrillic code page are refused with a one-line reason.
"""

from __future__ import annotations

import re

from shailoo.errors import InputError, LimitExceeded, read_input
from shailoo.settings import Limits

from shailoo.parsers.read import check_text_size

from shailoo.parsers.read.blocks import Cell, Paragraph, RawDocument, Row, Table, stitch_continuations

_MD_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_HTML_HINT = re.compile(r"</?(?:p|b|i|u|br|ul|ol|li|strong|em|span|div)\b", re.I)
_ITEM_NUMBER = re.compile(r"^\s*\d+\.\d+")


#: Single-byte Cyrillic code pages a file that is not UTF-8 may be in, in order of preference on a tie.
_LEGACY = ("cp1251", "koi8_r", "cp866")
#: Relative frequency (per cent) of the most common Russian letters; scores a candidate decoding.
_FREQ = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
                 (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62,
                  2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32,
                  0.26, 0.04, 0.04)))
#: Line numbers named in a decoding warning, at most.
_MAX_LINES_NAMED = 10


def _lines_named(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_MAX_LINES_NAMED])
    more = len(numbers) - _MAX_LINES_NAMED
    return f"line{'s' if len(numbers) > 1 else ''} {shown}" + (f" and {more} more" if more > 0 else "")


def _legacy_score(text: str) -> float:
    """How much ``text`` looks like Russian: letter frequencies, and words cased as words are."""
    letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    if not letters:
        return 0.0
    freq = sum(_FREQ.get(ch.lower(), 0.0) for ch in letters) / len(letters)
    words = re.findall(r"[\u0400-\u04ff]{2,}", text)
    cased = sum(1 for w in words if w.islower() or w.isupper() or w.istitle())
    return freq + (10.0 * cased / len(words) if words else 0.0)


_HIGH = bytes(range(0x80, 0x100))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_MIXED_WORD = re.compile(r"[^\W\d_]*(?:[a-zA-Z][\u0400-\u04ff]|[\u0400-\u04ff][a-zA-Z])[^\W\d_]*")
_CYR_WORD = re.compile(r"[^\W\d_]*[\u0400-\u04ff][^\W\d_]*")
#: The sample of a file that decides its code page.
_SAMPLE = 1 << 20


def _legacy(data: bytes) -> tuple[str, str] | None:
    """The single-byte Cyrillic decoding of ``data`` that reads most like Russian, or None when none does.

    Plausible means: at least 60 % of the bytes above 0x7F are Cyrillic letters in that code page, and
    at most a fifth of the words holding them also hold Latin letters (a Western text read as CP1251).
    """
    sample = data[:_SAMPLE]
    high = len(sample) - len(sample.translate(None, _HIGH))
    best: tuple[float, str] | None = None
    for enc in _LEGACY:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        cyr = len(text) - len(_CYRILLIC.sub("", text))
        if high and cyr < 0.6 * high:
            continue
        words = sum(1 for _ in _CYR_WORD.finditer(text))
        if words and sum(1 for _ in _MIXED_WORD.finditer(text)) > 0.2 * words:
            continue
        score = _legacy_score(text[:200000])
        if best is None or score > best[0]:
            best = (score, enc)
    if best is None:
        return None
    try:
        return data.decode(best[1]), best[1]
    except UnicodeDecodeError:
        return None


def _utf8_line(line: bytes) -> tuple[str, int]:
    """Decode one line of a UTF-8 text, replacing invalid bytes: (text, number of invalid bytes)."""
    bad = len(line.decode("utf-8", "surrogateescape")) - len(line.decode("utf-8", "ignore"))
    return line.decode("utf-8", "replace"), bad


def _utf8_with_bad_lines(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
    """UTF-8 text with invalid bytes on some lines: keep every valid line, read a line in a Cyrillic code
    page when the file mixes them, else replace the bad bytes, and say how many and where."""
    lines = data.split(b"\n")
    bad_lines: list[int] = []
    utf8_non_ascii = False
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_non_ascii = True
        except UnicodeDecodeError:
            bad_lines.append(i)
    if not utf8_non_ascii:
        legacy = _legacy(data)
        if legacy is None:
            raise InputError(path, "not UTF-8 and not text in a Cyrillic code page (CP1251, KOI8-R, CP866); "
                                   "save it as UTF-8")
        return legacy
    # A mixed file: lines without a single valid multi-byte sequence whose bytes read as Cyrillic letters
    # are in a code page; the rest is UTF-8 with bad bytes.
    legacy_lines = [i for i in bad_lines if _code_page_line(lines[i])]
    legacy = _legacy(b"\n".join(lines[i] for i in legacy_lines)) if legacy_lines else None
    if legacy is None:
        legacy_lines = []
    replaced: list[int] = []
    bad_bytes = 0
    bad_set, legacy_set = set(bad_lines), set(legacy_lines)
    out = [ln.decode("utf-8") if i not in bad_set else "" for i, ln in enumerate(lines)]
    for i in bad_lines:
        if i in legacy_set:
            out[i] = lines[i].decode(legacy[1])
            continue
        out[i], n = _utf8_line(lines[i])
        bad_bytes += n
        replaced.append(i + 1)
    if legacy_lines:
        warnings.append(f"{len(legacy_lines)} line(s) of this UTF-8 text are in {legacy[1].upper().replace('_', '-')} "
                        f"and were read as such ({_lines_named([i + 1 for i in legacy_lines])})")
    if replaced:
        warnings.append(f"{bad_bytes} invalid UTF-8 byte(s) replaced with U+FFFD ({_lines_named(replaced)})")
    return "\n".join(out), "utf-8"


def _code_page_line(line: bytes) -> bool:
    """True when a line that is not valid UTF-8 is mostly invalid bytes (at least three, more than
    twice its valid non-ASCII characters, which a code page makes by accident: «Д»» is «Д»»): a line in
    a single-byte code page, not a UTF-8 line with a bad byte."""
    valid = line.decode("utf-8", "ignore")
    good = len(valid) - len(valid.encode("ascii", "ignore"))
    bad = len(line.decode("utf-8", "surrogateescape")) - len(valid)
    return bad >= 3 and bad > 2 * good


def _utf16(data: bytes, warnings: list[str]) -> tuple[str, str]:
    try:
        return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-16", errors="replace")
    genuine = data.decode("utf-16", errors="ignore").count("\ufffd")
    bad = text.count("\ufffd") - genuine
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\ufffd", text)})
    warnings.append(f"{bad} invalid UTF-16 code unit(s) replaced with U+FFFD ({_lines_named(lines)})")
    return text, "utf-16"


def decode(data: bytes, path: str, warnings: list[str] | None = None) -> tuple[str, str]:
    """Return (text, encoding) of ``data``; raise ``InputError`` for binary or unrecognisable content.

    UTF-8 is kept wherever it is valid: bad bytes in a UTF-8 text are replaced line by line (each
    counted in ``warnings`` with its line numbers), lines of a file that mixes UTF-8 with a Cyrillic
    code page are read in that code page; a file with no valid UTF-8 at all is read in the Cyrillic
    code page (CP1251, KOI8-R, CP866) it reads best in, or refused.
    """
    warnings = [] if warnings is None else warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, warnings)
    sample = data[:65536]
    if sample.count(b"\x00") > 0:
        halves = (sample[0::2], sample[1::2])
        if any(half.count(0) + half.count(4) > 0.6 * len(half) for half in halves):
            raise InputError(path, "UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM)")
        raise InputError(path, "binary content (NUL bytes), not a text document")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(2, len(sample) // 200):
        raise InputError(path, "binary content (control bytes), not a text document")
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError:
        pass
    text, found = _utf8_with_bad_lines(data, path, warnings)
    return text, (encoding if found == "utf-8" else found)


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
    for k, ln in enumerate(lines):
        lines[k] = ""  # split into cells: the line itself is no longer held (a long table's lines add up)
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


def _cut_row(previous: str, lines: list[str], i: int, last: int) -> bool:
    """True when text-only line ``i`` is the last of the text (``last``: the index of the last line that
    is not blank) and numbers the item after the table line above it («2. Разработка …<TAB>…», then
    «3. Плановые заседания к» at the end of an excerpt)."""
    if i < last:
        return False
    a, b = _LEADING_ITEM.match(lines[i]), _LEADING_ITEM.match(previous)
    if not a or not b:
        return False
    x, y = a.group(1).split("."), b.group(1).split(".")
    return len(x) == len(y) and x[:-1] == y[:-1] and int(x[-1]) == int(y[-1]) + 1


def parse_text(text: str, path: str = "<text>", fmt: str = "text", encoding: str | None = None) -> RawDocument:
    """Split decoded text into paragraphs and tables (see the module docstring for the form)."""
    return parse_lines(_lines(text), path=path, fmt=fmt, encoding=encoding)


def _lines(text: str) -> list[str]:
    """The lines of ``text``, whatever its line ends (LF, CRLF, CR)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def parse_lines(lines: list[str], path: str = "<text>", fmt: str = "text", encoding: str | None = None) -> RawDocument:
    """``parse_text`` of the text's lines (``_lines``). The list is consumed: each line is let go once
    it has gone into a block, so that a long text is not held twice (as lines and as blocks)."""
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
    last = n - 1  # the last line that is not blank (``_cut_row``)
    while last >= 0 and not lines[last].strip():
        last -= 1
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
        elif table_lines and table_lines[-1] and _cut_row(table_lines[-1], lines, i, last):
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
        lines[i] = ""  # held by the paragraph or table it went into, or dropped (lines ahead are still read)
        i += 1
    flush_para()
    flush_table()
    if not any(b.text.strip() if isinstance(b, Paragraph) else b.rows for b in blocks):
        raise InputError(path, "the file holds no text")
    return RawDocument(path=path, format=fmt, blocks=blocks, encoding=encoding)


def read_text(path: str, limits: Limits | None = None) -> RawDocument:
    """Read a text or Markdown file (UTF-8, UTF-16 with BOM, or a Cyrillic code page; see ``decode``).

    ``limits`` (default ``Limits()``): a file larger than ``max_text_bytes`` is refused before it is
    read, a text of more than ``max_document_chars`` characters before it is split into blocks
    (``LimitExceeded``, exit 2)."""
    limits = limits or Limits()
    check_text_size(path, limits)
    data = read_input(path)
    if not data or data.isspace():  # as ``not data.strip()``, without a copy of the file
        raise InputError(path, "the file is empty")
    warnings: list[str] = []
    text, encoding = decode(data, path, warnings)
    del data  # the bytes, the text and its lines are held one after the other, not all at once
    if len(text) > limits.max_document_chars:
        raise LimitExceeded(path, f"the text is {len(text)} characters long", "max_document_chars", len(text),
                            limits.max_document_chars)
    lines = _lines(text)
    del text
    raw = parse_lines(lines, path=path, fmt="text", encoding=encoding)
    raw.warnings[:0] = warnings
    return raw
