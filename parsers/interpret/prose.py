"""Prose documents: numbered points, bullet lists, count lists and tables flattened into paragraphs.

``interpret_prose`` is called by ``shailoo.parsers.interpret`` for reports, event schedules, documents of
unknown kind and plans whose tables gave no rows, after their tables were interpreted. It reads the document's paragraphs
line by line (a line break inside a paragraph is a printed one: readers join wrapped lines with a
space) and finds, in this order of precedence:

1. **tables flattened into one cell per paragraph** (a copy-and-paste of a Word table, seed 002): a run
   of short one-line paragraphs that starts with two or more column headers whose roles
   ``shailoo.parsers.interpret.tables.header_role`` knows. The header gives the columns; body cells are classified by
   content (a date, a place with a settlement marker such as «ш.» or «г.», a number, other text) and
   placed into rows. Vertically merged cells are missing from such a run: a lone first-column cell
   after a complete row is another member of the merged group when it ends like the group's first cell
   («… шаардык кенеши»), and takes the group's remaining cells; otherwise it is a section heading;
2. **count lists**: three or more lines «Бишкек – 234, анын ичинен кошумча участоктор -33;», and the
   total line right after them («Бардыгы: 2375 УШК»), become rows (cells ``name``, ``count``, ``note``;
   the total also ``total``). A total that differs from the sum of the counts is warned about;
3. **points**: numbered lines («1.», «1.1.», «2)») and bullet lines («·», «•», «-») become
   ``Activity(kind="point")``. A short bullet line that does not continue a list («· Жумушчу план») is a
   heading: it gives the ``section`` of the points after it and stays a paragraph. Dash and letter
   items («- …», «а) …») after a point ending with «:» become that point's ``items``. In a resolution
   that has an operative formula («постановляет:», «токтом кылат:») only the points after it count.

Points carry the raw deadline in ``cells["term"]``: a deadline phrase of the word list («в срок до 20
августа 2022 года»), the term after a spaced dash («- публикация … — до 14 октября;»), and — in plans
printed as prose and in the bullet lists of news (not in resolutions or reports, whose dates are
references or dates work was done) — the span of the terms the term grammar finds («начнется со дня
назначения выборов и завершится 31 октября»). In a plan printed as prose (a calendar plan or action
plan without table rows) the unmarked lines under a numbered point are part of it («Соответствующие
… комиссии. Не позднее …»). The body charged with control («возложить на …») is in
``cells["responsible"]``. Dates and terms are not resolved
here: as for table rows, ``cells`` hold the text as printed and later stages interpret it.

A paragraph is returned as consumed only when every line of it became part of an activity or of a
flattened table, so that no text is lost from the output; headings are kept as paragraphs.

Words live in ``corpus/prose.yaml`` (validated and loaded once); nothing here has a Russian or Kyrgyz
word of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from shailoo import corpus
from shailoo.corpus.schemas import ProseData
from shailoo.model import Activity, DocumentInfo
from shailoo.normalize import norm, norm_ws

from shailoo.parsers.read.blocks import Cell, Paragraph, RawDocument, Row, Table
from shailoo.parsers.extract.dates import date_regex, expand, find_dates
from shailoo.parsers.interpret.context import Context, _compiled_patterns
from shailoo.parsers.interpret.tables import _role_phrases, header_role

#: Column roles that hold the description of a row, in order of preference (as ``shailoo.parsers.interpret``).
_TEXT_ROLES = ("content", "name", "measure", "action", "goal")
#: What a cell of a column holds, by the column's role; other roles hold text.
_ROLE_CLASS = {"term": "date", "place": "place", "number": "number", "count": "number", "code": "number"}
#: A flattened table cell is a short line; a header cell shorter still.
_CELL_MAX_CHARS, _CELL_MAX_WORDS, _HEADER_MAX_CHARS = 100, 12, 60
#: A bullet line this long or longer is a point even when it looks like a heading.
_HEADING_MAX_CHARS = 120
#: A count list is at least this many consecutive lines (fewer is too weak to tell from prose).
_MIN_COUNT_LINES = 3

#: «1.», «2.1.», «3)» before the text of a point; «2.1 text» without the final dot only before a letter
#: («1.5 млн» is a number). A line that starts with a date («31.07. 2017-ж.») is not numbered.
_NUMBERED = regex.compile(
    r"^(?P<num>\d{1,3}(?:\.\d{1,3})*)(?P<punct>[.)])[ \t\u00a0]*(?=[\p{L}\p{N}«\"“„(])"
    r"|^(?P<num2>\d{1,3}(?:\.\d{1,3})+)[ \t\u00a0]+(?=[\p{L}«\"“„(])"
)
_LETTERED = regex.compile(r"^(?P<letter>\p{Ll})\)[ \t\u00a0]*(?=\S)")
_INITIAL_END = regex.compile(r"(?<!\p{L})\p{Lu}\.$")
_NUMBER_CELL = regex.compile(r"^\d[\d \u00a0]*(?:\.\d+)*[.)]?$")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_KY_FOLD = str.maketrans({"ң": "н", "ө": "о", "ү": "у", "һ": "х"})


# --------------------------------------------------------------------------- the word list


def prose_data() -> ProseData:
    """``corpus/prose.yaml``, validated, once per process (``shailoo.corpus.prose()``)."""
    return corpus.prose()


def _alternation(words) -> str:
    return "|".join(regex.escape(norm(w)) for w in sorted(set(words), key=len, reverse=True))


def _compile_phrase(rx: str) -> "regex.Pattern":
    return regex.compile(expand(rx.replace("DATE", date_regex())), regex.I)


@dataclass(frozen=True)
class _Lexicon:
    """The compiled word list. Every pattern runs on ``norm(text)``, whose offsets are the original's."""

    bullet: "regex.Pattern"
    dash: "regex.Pattern"
    place_marker: "regex.Pattern"
    place_word: "regex.Pattern"
    heading_word: "regex.Pattern"
    total: "regex.Pattern"
    count: "regex.Pattern"
    operative: "regex.Pattern"
    deadline: tuple
    responsible: tuple


@lru_cache(maxsize=None)
def lexicon() -> _Lexicon:
    data = prose_data()
    langs = data.languages()
    bullets = "".join(regex.escape(b) for b in data.marks.bullets)
    dashes = "".join(regex.escape(norm(d)) for d in data.marks.dashes)
    words = lambda attr: _alternation(w for lang in langs for w in getattr(lang, attr))  # noqa: E731
    number = r"(?P<count>\d(?:[\d ]*\d)?)(?!\d)"
    tail = r"(?:\s*[,;:]?\s*(?P<note>[^\d\s,;:.].*?))?\s*[;.,]?\s*$"
    return _Lexicon(
        # An emoji bullet may carry its presentation selector («▪️» is U+25AA U+FE0F).
        bullet=regex.compile(rf"^[{bullets}]\ufe0f?[ \t]*"),
        dash=regex.compile(rf"^[{dashes}][ \t]*(?=[\p{{L}}\"(])"),
        # «г. Кемин», «г.Бишкек», «Талас ш.»: a marker as a word of its own (case is checked by the caller).
        place_marker=regex.compile(rf"(?<!\w)(?:{words('settlement_markers')})(?=\s|$|\w)"),
        place_word=regex.compile(rf"(?<!\w)(?:{words('settlement_words')})(?!\w)"),
        heading_word=regex.compile(rf"(?<!\w)(?:{words('heading_words')})(?!\w)"),
        total=regex.compile(rf"^(?:[{bullets}{dashes}][ \t]*)?(?P<word>{words('total_words')})(?!\w)\s*[:-]?\s*"
                            + number + tail),
        count=regex.compile(rf"^(?:[{bullets}{dashes}][ \t]*)?(?P<name>\p{{L}}.{{0,100}}?)\s+-\s*" + number + tail),
        operative=regex.compile(rf"(?<!\w)(?:{words('operative')})(?!\w)"),
        deadline=tuple(_compile_phrase(p.regex) for lang in langs for p in lang.deadline),
        responsible=tuple(_compile_phrase(p.regex) for lang in langs for p in lang.responsible),
    )


# --------------------------------------------------------------------------- lines


@dataclass(eq=False, slots=True)
class _Unit:
    """One printed line of a paragraph (trimmed), or a barrier standing for a table between paragraphs."""

    para: Optional[Paragraph]
    text: str
    start: int
    end: int
    marker: str = ""  # bullet | dash | number | letter | "" (none)
    body: str = ""  # the text after the marker
    body_start: int = 0  # where ``body`` starts in the document text
    number: Optional[str] = None  # «1.», «2.1.», «3)» as printed
    num: Optional[str] = None  # «1», «2.1», «3»
    paren: bool = False  # numbered «3)» rather than «3.»
    role: str = "prose"  # prose | flat | count | total | point | item | heading | barrier

    @property
    def covered(self) -> bool:
        return self.role in ("flat", "count", "total", "point", "item")


def _units(raw: RawDocument) -> list[_Unit]:
    lex = lexicon()
    out: list[_Unit] = []
    for block in raw.blocks:
        if not isinstance(block, Paragraph):
            out.append(_Unit(None, "", -1, -1, role="barrier"))
            continue
        offset = 0
        for line in block.text.split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                start = block.start + offset + lead
                out.append(_mark(_Unit(block, stripped, start, start + len(stripped)), lex))
            offset += len(line) + 1
    return out


def _mark(u: _Unit, lex: _Lexicon) -> _Unit:
    n = norm(u.text)
    m = _NUMBERED.match(n)
    if m and any(d.start == 0 for d in find_dates(u.text[:40])):
        m = None
    if m:
        u.marker = "number"
        num = m.group("num") or m.group("num2")
        u.num = num
        u.paren = m.group("punct") == ")"
        u.number = u.text[: m.end()].strip()
    else:
        m = lex.bullet.match(n)
        if m and len(n) > m.end():
            u.marker = "bullet"
        else:
            m = lex.dash.match(n) or None
            if m:
                u.marker = "dash"
            else:
                m = _LETTERED.match(n)
                if m:
                    u.marker = "letter"
                    u.number = u.text[: m.end()].strip()
    cut = m.end() if u.marker else 0
    body = u.text[cut:]
    lead = len(body) - len(body.lstrip())
    u.body = body.strip()
    u.body_start = u.start + cut + lead
    return u


def _ends_list(text: str) -> bool:
    """A line ending with «;» or «,» promises another item of the same list."""
    return text.rstrip().endswith((";", ","))


# --------------------------------------------------------------------------- flattened tables


@dataclass(eq=False)
class _FlatRow:
    own: dict[int, _Unit]
    inherited: dict[int, _Unit] = field(default_factory=dict)
    member: bool = False
    section: list[str] = field(default_factory=list)

    def units(self) -> list[_Unit]:
        return list(self.own.values()) + list(self.inherited.values())

    def value(self, col: int) -> Optional[_Unit]:
        return self.own.get(col) or self.inherited.get(col)


@dataclass(eq=False)
class _FlatTable:
    header: list[_Unit]
    roles: list[str]
    events: list[tuple[str, object]]  # ("heading", _Unit) | ("header", _Unit) | ("row", _FlatRow)
    units: list[_Unit]

    def rows(self) -> list[_FlatRow]:
        return [r for kind, r in self.events if kind == "row"]

    def headings(self) -> list[str]:
        return [_squash(u.text) for kind, u in self.events if kind == "heading"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _cell_like(u: _Unit) -> bool:
    return (u.role == "prose" and not u.marker and len(u.text) <= _CELL_MAX_CHARS
            and len(u.text.split()) <= _CELL_MAX_WORDS and not u.text.endswith(":"))


def _header_cell_role(u: _Unit) -> Optional[str]:
    # Digits never occur in a column header here, and «2 года» would read as the role «2 год».
    if not _cell_like(u) or len(u.text) > _HEADER_MAX_CHARS or any(ch.isdigit() for ch in u.text):
        return None
    return header_role(u.text)


def _mostly_date(text: str) -> bool:
    """True when the text is a date and little else («2021-ж. 27-февралы.», «22 февраля 2021 года»)."""
    dates = find_dates(text)
    if not dates:
        return False
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start] + rest[d.end:]
    total = sum(len(w) for w in _WORD.findall(text))
    left = sum(len(w) for w in _WORD.findall(rest))
    return left <= max(3, total * 0.3)


def _is_place(text: str, lex: _Lexicon) -> bool:
    n = norm(text)
    if lex.place_word.search(n):
        return True
    for m in lex.place_marker.finditer(n):
        after = text[m.end(): m.end() + 1]
        # «г.Бишкек» runs the name on; «ш.к. аталышы» (a council's abbreviation) does not start one.
        if not after or after.isspace() or after.isupper():
            return True
    return False


def _classify(u: _Unit, lex: _Lexicon) -> str:
    if _NUMBER_CELL.match(u.text):
        return "number"
    if _mostly_date(u.text):
        return "date"
    if _is_place(u.text, lex):
        return "place"
    return "text"


def _fold_word(word: str) -> str:
    # Kyrgyz letters are often typed as their Russian neighbours («кенеши» for «кеңеши»).
    return norm(word).translate(_KY_FOLD)


def _shares_tail(text: str, first: str) -> bool:
    """True when ``text`` ends with the same word as ``first`` («Кемин шаардык кенеши» / «Орловка …»)."""
    a, b = _WORD.findall(text), _WORD.findall(first)
    return bool(a and b) and len(a) >= 2 and _fold_word(a[-1]) == _fold_word(b[-1])


def _rebuild(body: list[_Unit], roles: list[str], header_norms: set[str],
             lex: _Lexicon) -> tuple[list[tuple[str, object]], int]:
    """Place the body cells of a flattened table into rows; return the events and how many cells were used.

    Cells fill the columns of the current row left to right, each the next column that takes its
    class; a cell no column after the current one takes closes the row. A text cell then starts a new
    row when the cell after it fits a later column; else it is another member of the group above (same
    trailing word as the group's first cell, and no region word the group lacks) or a section heading.
    A closed row takes the cells it lacks
    from the row above it: in the original they were one cell merged vertically.
    """
    ncol = len(roles)
    classes = [_ROLE_CLASS.get(r, "text") for r in roles]

    def first_col(cls: str, after: int = -1) -> Optional[int]:
        return next((c for c in range(after + 1, ncol) if classes[c] == cls), None)

    text_col = first_col("text")
    kinds: list[str] = []
    for u in body:
        cls = _classify(u, lex)
        kinds.append(cls if first_col(cls) is not None else "text")

    events: list[tuple[str, object]] = []
    last_used = 0
    cur: Optional[_FlatRow] = None
    pos = -1
    prev: Optional[_FlatRow] = None
    group_first: Optional[_FlatRow] = None

    def close() -> None:
        nonlocal cur, prev, group_first
        if cur is None:
            return
        if prev is not None:
            for c in range(ncol):
                if c not in cur.own and prev.value(c) is not None:
                    cur.inherited[c] = prev.value(c)
        events.append(("row", cur))
        if not cur.member:
            group_first = cur
        prev, cur = cur, None

    for k, u in enumerate(body):
        if norm_ws(u.text) in header_norms:
            close()
            events.append(("header", u))  # the header repeated on a new page
            continue
        cls = kinds[k]
        if cur is not None:
            j = first_col(cls, pos)
            if j is not None:
                cur.own[j] = u
                pos = j
                last_used = k + 1
                continue
            close()
        c0 = first_col(cls)
        if c0 is None:
            break  # text in a table without a text column: not this table's
        nxt = kinds[k + 1] if k + 1 < len(body) else None
        if cls != "text" or (nxt is not None and first_col(nxt, c0) is not None):
            cur, pos, last_used = _FlatRow(own={c0: u}), c0, k + 1
            continue
        first = group_first.own.get(text_col) if group_first is not None and text_col is not None else None
        # A region word («… аймактары») marks a heading, unless the group's own names carry one too
        # («Семинар для ТИК Чуйской области» / «… Таласской области»).
        regional = bool(lex.heading_word.search(norm(u.text))) and not (
            first is not None and lex.heading_word.search(norm(first.text)))
        if first is not None and _shares_tail(u.text, first.text) and not regional:
            cur, pos, last_used = _FlatRow(own={c0: u}, member=True), c0, k + 1
            close()
            continue
        events.append(("heading", u))
        prev = group_first = None
    close()
    # Headings after the last row belong to the text that follows the table, not to the table.
    while events and events[-1][0] != "row":
        events.pop()
    return events, last_used


def _assign_sections(events: list[tuple[str, object]]) -> None:
    """Section paths as ``shailoo.parsers.interpret.tables.interpret_table`` gives them: a run of k headings fills the
    deepest k levels, the depth being the longest run of consecutive headings."""
    depth = run = 1
    run = 0
    for kind, _ in events:
        run = run + 1 if kind == "heading" else 0
        depth = max(depth, run)
    path: list[str] = []
    pending: list[str] = []
    for kind, obj in events:
        if kind == "heading":
            pending.append(_squash(obj.text))
        elif kind == "row":
            if pending:
                k = min(len(pending), depth)
                path = path[: depth - k] + pending[-k:]
                pending = []
            obj.section = list(path)


def _find_flat_tables(units: list[_Unit], lex: _Lexicon) -> list[_FlatTable]:
    """Find the flattened tables among the lines and mark their lines ``flat``."""
    out: list[_FlatTable] = []
    i, n = 0, len(units)
    while i < n:
        roles: list[str] = []
        j = i
        while j < n:
            r = _header_cell_role(units[j])
            if r is None or r in roles:
                break
            roles.append(r)
            j += 1
        if len(roles) < 2:
            i += 1
            continue
        end = j
        while end < n and _cell_like(units[end]):
            end += 1
        header = units[i:j]
        events, used = _rebuild(units[j:end], roles, {norm_ws(u.text) for u in header}, lex)
        rows = [e for kind, e in events if kind == "row"]
        if sum(1 for r in rows if len(r.own) >= 2) < 2:
            i += 1
            continue
        _assign_sections(events)
        covered = units[i: j + used]
        for u in covered:
            u.role = "flat"
        out.append(_FlatTable(header=header, roles=roles, events=events, units=covered))
        i = j + used
    return out


def flattened_tables(raw: RawDocument) -> list[Table]:
    """The tables of ``raw`` that were flattened into one cell per paragraph, rebuilt as real tables.

    Each has a header row (``header=True``), section headings as one cell spanning the full width, and
    the vertically merged cells the flattening lost as ``merged=True`` slots under an origin cell with
    its ``rowspan``. Cell spans point into ``raw.text`` (the paragraphs they came from); the tables are
    not part of ``raw.blocks``. ``fixtures/build_002.py`` writes seed 002's table from this.
    """
    lex = lexicon()
    tables: list[Table] = []
    for ft in _find_flat_tables(_units(raw), lex):
        ncol = len(ft.roles)
        rows = [Row([Cell(u.text, col=c, start=u.start, end=u.end) for c, u in enumerate(ft.header)], header=True)]
        origin: dict[int, Cell] = {}
        for kind, obj in ft.events:
            if kind == "header":
                continue
            if kind == "heading":
                cells = [Cell(_squash(obj.text), col=0, colspan=ncol, start=obj.start, end=obj.end)]
                cells += [Cell("", col=c, merged=True) for c in range(1, ncol)]
                rows.append(Row(cells))
                continue
            cells = []
            for c in range(ncol):
                if c in obj.own:
                    u = obj.own[c]
                    cell = Cell(u.text, col=c, start=u.start, end=u.end)
                    origin[id(u)] = cell
                elif c in obj.inherited:
                    cell = Cell("", col=c, merged=True)
                    origin[id(obj.inherited[c])].rowspan += 1
                else:
                    cell = Cell("", col=c)
                cells.append(cell)
            rows.append(Row(cells))
        for r_i, row in enumerate(rows):
            row.index = r_i
        tables.append(Table(rows, index=len(tables)))
    return tables


# --------------------------------------------------------------------------- count lists


@dataclass(eq=False)
class _CountLine:
    unit: _Unit
    name: str
    count: str
    note: str
    name_span: tuple[int, int]
    total: bool = False


def _count_line(u: _Unit, lex: _Lexicon, total_only: bool = False) -> Optional[_CountLine]:
    if u.role != "prose" or u.marker in ("number", "letter"):
        return None
    n = norm(u.text)
    m = lex.total.match(n)
    if m:
        return _CountLine(u, u.text[m.start("word"):m.end("word")], u.text[m.start("count"):m.end("count")],
                          (u.text[m.start("note"):m.end("note")] if m.group("note") else "").strip(),
                          (u.start + m.start("word"), u.start + m.end("word")), total=True)
    if total_only:
        return None
    m = lex.count.match(n)
    if not m:
        return None
    return _CountLine(u, _squash(u.text[m.start("name"):m.end("name")]), u.text[m.start("count"):m.end("count")],
                      (u.text[m.start("note"):m.end("note")] if m.group("note") else "").strip(),
                      (u.start + m.start("name"), u.start + m.end("name")))


def _find_count_lists(units: list[_Unit], lex: _Lexicon) -> list[list[_CountLine]]:
    """Runs of count lines, each with its total line when one follows; their lines are marked."""
    out: list[list[_CountLine]] = []
    i, n = 0, len(units)
    while i < n:
        run: list[_CountLine] = []
        j = i
        while j < n:
            c = _count_line(units[j], lex)
            if c is None or c.total:
                break
            run.append(c)
            j += 1
        if len(run) < _MIN_COUNT_LINES:
            i += 1
            continue
        total = _count_line(units[j], lex, total_only=True) if j < n else None
        if total is not None:
            run.append(total)
            j += 1
        for c in run:
            c.unit.role = "total" if c.total else "count"
        out.append(run)
        i = j
    return out


def _digits(count: str) -> int:
    return int("".join(ch for ch in count if ch.isdigit()))


# --------------------------------------------------------------------------- points


@dataclass(eq=False)
class _Point:
    unit: _Unit
    number: Optional[str]
    path: Optional[str]
    section: list[str]
    items: list[_Unit] = field(default_factory=list)
    #: Unmarked lines read with the point (a plan printed as prose: «Соответствующие … комиссии. Не
    #: позднее …» under «1. Образование …»).
    extra: list[_Unit] = field(default_factory=list)
    #: The run of consecutive dash points this one belongs to (its first point), or None.
    run: Optional["_Point"] = None
    #: The column roles of a header line printed with spaces above the point (``_spaced_header``).
    columns: Optional[list[str]] = None

    @property
    def opens_list(self) -> bool:
        return self.unit.body.rstrip().endswith(":")


def _is_heading(u: _Unit, list_open: bool) -> bool:
    """A bullet line is a heading when it is short, starts a sentence, and neither continues nor
    promises a list («· Жумушчу план», «· Таратылуучу материалдарды иштеп чыгуу жана бекитүү:»)."""
    b = u.body
    return (not list_open and len(b) < _HEADING_MAX_CHARS and not _ends_list(b)
            and b[:1].isupper())


#: Kinds of documents that are plans: printed as prose, their points carry owners and terms.
_PLAN_KINDS = ("calendar_plan", "action_plan")
#: A term after a spaced dash ends a point: «- публикация списков — до 14 октября;».
_DASH_TAIL = regex.compile(r"^.*\s[-–—]\s+(?P<tail>.+?)[\s;,.]*$", regex.S)
#: Longer than this, the span from the first to the last term of a point is two terms apart: the last
#: one is taken.
_TERM_SPAN_MAX = 150


def _term_of(text: str, lex: _Lexicon, mentions: bool) -> str | None:
    """The deadline phrase of a point, as printed, or None.

    In order: a deadline phrase of the word list («в срок до 20 августа 2022 года»); the tail after a
    spaced dash when the term grammar reads all of it («… — до 14 октября;»); with ``mentions`` (a
    plan or news printed as prose, not a resolution whose dates are mostly references) the span from
    the first to the last term the grammar finds («начнется со дня назначения выборов и завершится 31
    октября»).
    """
    # on call: the term grammar is loaded only for documents with points
    from shailoo.parsers.extract.terms import find_term_mentions, parse_terms

    n = norm(text)
    deadline = next((m for m in (rx.search(n) for rx in lex.deadline) if m), None)
    m = _DASH_TAIL.search(text)
    if m and not (deadline and deadline.start() < m.start("tail")):
        tail = m.group("tail").strip()
        terms = parse_terms(tail)
        if terms and all(t.kind != "unparsed" for t in terms):
            return _squash(tail)
    found = [t for t in find_term_mentions(text) if t.kind != "unparsed"] if mentions else []
    if found:
        start, end = found[0].start, found[-1].end
        if end - start > _TERM_SPAN_MAX:
            start = found[-1].start
        # The grammar's span wins when it holds the deadline phrase («Не позднее чем через десять дней
        # после назначения выборов. Не позднее 31 октября 2020 года»).
        if deadline is None or (start <= deadline.start() and deadline.end() <= end):
            return _squash(text[start:end]).rstrip(" ;,")
    if deadline:
        return _squash(text[deadline.start():deadline.end()])
    return None


def _point_cells(u: _Unit, lex: _Lexicon, mentions: bool = False, extra: str = "") -> dict[str, str]:
    """The cells of a point: its deadline (``term``) and the body charged with control
    (``responsible``); ``extra`` is the text of continuation lines read with the point."""
    cells: dict[str, str] = {}
    text = (u.body + " " + extra).strip() if extra else u.body
    term = _term_of(text, lex, mentions)
    if term:
        cells["term"] = term
    n = norm(text)
    for rx in lex.responsible:
        m = rx.search(n)
        if m:
            who = _squash(text[m.start("who"):m.end("who")])
            # The full stop of the sentence goes, the stop of a final initial («Асанову А.А.») stays.
            if who.endswith(".") and not _INITIAL_END.search(who):
                who = who[:-1].rstrip()
            cells["responsible"] = who
            break
    return cells


#: The first sentence of a line: up to a full stop before a capital letter or a bracket, or the end.
_FIRST_SENTENCE = regex.compile(r"^(?P<s>.+?)(?:\.(?=\s+[\p{Lu}(])|\.?\s*$)", regex.S)
#: A line wholly in brackets: «(пп.6) ст.14, ст.22)».
_BRACKETED = regex.compile(r"^\(.*\)[.;,]?$", regex.S)


def _continuation_cells(lines: list[str]) -> dict[str, str]:
    """Cells that the unmarked lines under a numbered point of a plan printed as prose give, in the
    layout of the Kazakh commissions' plans (an owner, a term and a citation under each point: «1.
    Образование избирательных округов …» / «Соответствующие территориальные избирательные комиссии. Не
    позднее чем через десять дней после назначения выборов. …» / «(пп.6) ст.14, ст.22)»):

    * ``responsible``: the first sentence of the first line, when it begins with the name of a body
      (``find_bodies``) and holds no term;
    * ``legal_basis``: a line wholly in brackets, which holds the provisions the point rests on.
    """
    # on call: the body and term grammars are loaded only for plans printed as prose
    from shailoo.parsers.extract.bodies import find_bodies
    from shailoo.parsers.extract.terms import find_term_mentions

    cells: dict[str, str] = {}
    if lines:
        m = _FIRST_SENTENCE.match(lines[0].strip())
        first = _squash(m.group("s")) if m else ""
        bodies = find_bodies(first) if first else []
        if (bodies and not first[:bodies[0].start].strip()
                and not [t for t in find_term_mentions(first) if t.kind != "unparsed"]):
            cells["responsible"] = first
    basis = [_squash(t) for t in lines if _BRACKETED.match(t.strip())]
    if basis:
        cells["legal_basis"] = "\n".join(basis)
    return cells


# --------------------------------------------------------------------------- the interpreter


def _row_kind(ctx: Context) -> str:
    # The same rule as ``shailoo.parsers.interpret`` applies to real tables, so that a table comes out the same
    # whether a reader kept it (DOCX) or it was flattened (copy-and-paste text).
    return "activity" if ctx.kind in ("calendar_plan", "event_schedule") else "row"


def _provenance(ctx: Context, units: list[_Unit], start: Optional[int] = None, end: Optional[int] = None):
    first = min(units, key=lambda u: u.start)
    s = first.start if start is None else start
    e = max(u.end for u in units) if end is None else end
    return ctx.para_provenance(first.para, s, e)


def _flat_activities(ctx: Context, ft: _FlatTable, kind: str) -> list[Activity]:
    out = []
    for row in ft.rows():
        cells: dict[str, str] = {}
        for c, role in enumerate(ft.roles):
            u = row.value(c)
            cells[role or f"col{c + 1}"] = u.text if u is not None else ""
        number = path = None
        if cells.get("number"):
            number = cells["number"].strip()
            path = number.rstrip(".)") or None
        text = next((cells[r] for r in _TEXT_ROLES if cells.get(r)), "")
        out.append(Activity(kind=kind, number=number, path=path, section=list(row.section), text=text,
                            cells=cells, provenance=_provenance(ctx, row.units())))
    return out


def _count_activities(ctx: Context, run: list[_CountLine], section: list[str]) -> list[Activity]:
    out = []
    counts = [c for c in run if not c.total]
    for c in run:
        cells = {"name": c.name, "count": c.count, "note": c.note}
        if c.total:
            cells["total"] = c.count
            expected = sum(_digits(x.count) for x in counts)
            if expected != _digits(c.count):
                ctx.warnings.append(
                    f"prose: the total «{_squash(c.unit.text)}» differs from the sum of the {len(counts)} "
                    f"counts above it ({expected})")
        out.append(Activity(kind="row", section=list(section), text=c.name, cells=cells,
                            provenance=_provenance(ctx, [c.unit])))
    return out


#: A header line printed with spaces is short and names at least this many roles.
_SPACED_HEADER_MAX, _SPACED_HEADER_ROLES = 160, 3


def _spaced_header(text: str) -> Optional[list[str]]:
    """The column roles, in printed order, of a table header flattened into one line with spaces («№ п.п.
    Наименование мероприятий Срок исполнения Ответственные лица», «N п/п Наименование мероприятий Сроки
    проведения Ответственный за исполнение»): a short line naming three roles or more, a term among
    them; else None. The rows under it are numbered lines «1. <content> <term> <owner>»."""
    if len(text) > _SPACED_HEADER_MAX or text.rstrip().endswith((".", ";", ":")):
        return None
    t = norm_ws(text)
    taken: list[tuple[int, int, str]] = []
    for phrase, role in _role_phrases():  # longest first: «срок исполнения» before «срок»
        if phrase == "№":
            continue
        for m in regex.finditer(rf"(?<!\w){regex.escape(phrase)}", t):
            if not any(a < m.end() and m.start() < b for a, b, _ in taken) and role not in {r for *_, r in taken}:
                taken.append((m.start(), m.end(), role))
                break
    roles = [r for *_, r in sorted(taken)]
    if len(roles) < _SPACED_HEADER_ROLES or "term" not in roles:
        return None
    return roles


#: In a row of a table printed with spaces the term is at most this many words, and starts with a
#: capital letter or a digit («По мере поступления», «Не позднее 4 февраля 2008 г.», «С 12 января 2008
#: года»); the owner after it starts with a capital letter.
_SPACED_TERM_WORDS = 8
_SPACED_WORD = regex.compile(r"\S+")


def _addressee(body: str) -> Optional[str]:
    """The body a point opens with in the dative, before its task in the infinitive («Руководителям
    структурных подразделений обеспечивать …»; patterns ``resolution_executor``), as printed."""
    n = norm(body)
    for code in corpus.LANGUAGES:
        m = _compiled_patterns(code)["resolution_executor"].search(n)
        if m:
            return _squash(body[m.start("executor"):m.end("executor")])
    return None


def _whole_term(text: str, terms) -> bool:
    """True when the typed terms of ``text`` read all of it: none ``unparsed``, and their spans cover
    every word (the grammar may find a term inside a longer text and leave the rest)."""
    if not terms or any(t.kind == "unparsed" for t in terms):
        return False
    covered = [False] * len(text)
    for t in terms:
        for k in range(max(0, t.start), min(len(text), t.end)):
            covered[k] = True
    return all(covered[m.start()] and covered[m.end() - 1] for m in _SPACED_WORD.finditer(text))


def _spaced_row(body: str, columns: list[str]) -> Optional[tuple[str, str]]:
    """(term, owner) of a row of a table printed with spaces whose header puts the owner column after the
    term column: «… ГУ «ГОЦГЭиОП По мере поступления Зав.отделами, Митрахович С.А.». The term is a
    run of words that the term grammar reads whole (``_whole_term``), starting with a capital
    letter or a digit, followed by an owner that starts with a capital letter; of several, the one
    ending last, then starting first. None when no such split exists."""
    # on call: the term grammar is loaded only for documents with points
    from shailoo.parsers.extract.terms import parse_terms

    owner_roles = [r for r in ("responsible", "executor") if r in columns]
    if not owner_roles or columns.index(owner_roles[0]) < columns.index("term"):
        return None
    words = list(_SPACED_WORD.finditer(body))
    best: Optional[tuple[int, int]] = None  # word indexes [s, e)
    for s in range(1, len(words) - 1):
        if not (words[s].group()[0].isupper() or words[s].group()[0].isdigit()):
            continue
        for e in range(min(len(words) - 1, s + _SPACED_TERM_WORDS), s, -1):
            if not words[e].group()[0].isupper():
                continue
            if best is not None and (e < best[1] or (e == best[1] and s > best[0])):
                continue
            text = body[words[s].start():words[e - 1].end()]
            if _whole_term(text, parse_terms(text)):
                best = (s, e)
                break
    if best is None:
        return None
    s, e = best
    return (_squash(body[words[s].start():words[e - 1].end()]).rstrip(" ;,"),
            _squash(body[words[e].start():]).rstrip(" ;,"))


#: Marks of the items of a list (a dash item next to one of them belongs to the list).
_LIST_MARKS = ("dash", "bullet")


def _in_list(units: list[_Unit], i: int) -> bool:
    """A dash line is an item of a list only with a list around it: the line before it promises one
    («Так, члены ЦИК утвердили:», «Үч айыл өкмөттүн шайлоосу дайындалды:») or is an item itself (dash or
    bullet), or the line after it is another item. A lone dash line under a headline («- Саясат / Жаңылыктар», a
    news page's rubric) is a line of the page, not a point."""
    prev = next((units[j] for j in range(i - 1, -1, -1) if units[j].role != "barrier"), None)
    nxt = units[i + 1] if i + 1 < len(units) else None
    return ((prev is not None and (prev.marker in _LIST_MARKS or prev.text.rstrip().endswith(":")))
            or (nxt is not None and nxt.marker in _LIST_MARKS))


def _enumeration(u: _Unit, point: "_Point", cells: dict[str, str]) -> bool:
    """True, in a plan printed as prose, for a dash item of a run none of whose items carries a term (the
    caller checks both), that is a word of the sentence it continues, not an activity: it starts in
    lower case and carries no term, owner or items of its own («… назначены выборы акимов: - акима села Актогай; - акима Жидебайского сельского
    округа;»). A dash item with a term («- выдвижение
    кандидатов … заканчивается … 22 августа 2023 г.;») is a point of a plan printed as prose."""
    return (u.marker == "dash" and u.body[:1].islower() and not point.items and not point.extra
            and not cells.get("term") and not cells.get("responsible"))


def _operative_index(units: list[_Unit], lex: _Lexicon) -> int:
    """Index of the first line after the operative formula of a resolution, or 0 when it has none."""
    for i, u in enumerate(units):
        if u.para is not None and lex.operative.search(norm(u.text)):
            return i + 1
    return 0


def interpret_prose(ctx: Context, info: DocumentInfo) -> tuple[list[Activity], set[int]]:
    """Activities of the paragraphs of a prose document, and the ``start`` of every paragraph consumed.

    Called after the document's tables were interpreted; it reads only paragraphs, never a table, so
    nothing a table gave is repeated. Adds the headings it finds to ``info.sections`` (in document
    order, after those of the tables) and the flattened tables' column headers to ``info.columns``.
    """
    lex = lexicon()
    units = _units(ctx.raw)
    flat = _find_flat_tables(units, lex)
    counts = _find_count_lists(units, lex)
    flat_at = {id(ft.units[0]): ft for ft in flat}
    count_at = {id(run[0].unit): run for run in counts}
    first_point = _operative_index(units, lex) if ctx.kind == "resolution" else 0
    row_kind = _row_kind(ctx)
    # A plan printed as prose (no table rows): a numbered point runs on over the unmarked lines under
    # it, which hold its owner and term (the layout of the Kazakh commissions' plans).
    plan = ctx.kind in _PLAN_KINDS
    carrier: Optional[_Point] = None  # the numbered point that takes the unmarked lines

    items: list[tuple[int, object]] = []  # (start, Activity | _Point), in document order
    section: list[str] = []
    parent: Optional[_Point] = None  # the point that takes dash and letter items
    parent_dot: Optional[_Point] = None  # the «2.» point that «1)», «2)» are sub-points of
    list_open = False
    spaced: Optional[list[str]] = None  # the roles of a header line printed with spaces, above
    for i, u in enumerate(units):
        if u.role == "barrier":
            parent = parent_dot = carrier = None
            list_open = False
            spaced = None
            continue
        if u.role == "prose" and u.marker == "" and _spaced_header(u.text):
            spaced = _spaced_header(u.text)
            u.role = "heading"
            continue
        if id(u) in flat_at:
            ft = flat_at[id(u)]
            items.extend((a.provenance.start, a) for a in _flat_activities(ctx, ft, row_kind))
            info.sections.extend(ft.headings())
            for h, role in zip(ft.header, ft.roles):
                info.columns.setdefault(role, _squash(h.text))
        if id(u) in count_at:
            items.extend((a.provenance.start, a) for a in _count_activities(ctx, count_at[id(u)], section))
        if u.role != "prose":
            parent = carrier = None
            list_open = False
            continue
        if u.marker == "" and carrier is not None:
            carrier.extra.append(u)
            u.role = "item"
            continue
        if u.marker == "" or i < first_point:
            parent = None
            list_open = False
            continue
        if u.marker in ("dash", "letter") and parent is not None:
            parent.items.append(u)
            u.role = "item"
            continue
        if u.marker == "dash" and not _in_list(units, i):
            parent = None
            list_open = False
            continue
        if u.marker == "bullet" and _is_heading(u, list_open):
            u.role = "heading"
            section = [_squash(u.body).rstrip(" :.")]
            info.sections.append(section[0])
            parent = parent_dot = None
            list_open = False
            continue
        number = path = None
        if u.marker == "number":
            number = u.number
            path = u.num
            if u.paren and parent_dot is not None:
                path = f"{parent_dot.path}.{u.num}"
        elif u.marker == "letter":
            number = u.number
        point = _Point(u, number, path, list(section), columns=spaced if u.marker == "number" else None)
        if u.marker == "dash":
            last = items[-1][1] if items else None
            prev = next((units[j] for j in range(i - 1, -1, -1) if units[j].role != "barrier"), None)
            point.run = (last.run if isinstance(last, _Point) and last.run is not None and prev is last.unit
                         else point)
        u.role = "point"
        items.append((u.start, point))
        carrier = point if plan and u.marker == "number" else None
        if u.marker == "number" and not u.paren:
            parent_dot = point if point.opens_list else None
        parent = point if point.opens_list else None
        list_open = u.marker in ("bullet", "dash") and _ends_list(u.body)

    activities: list[Activity] = []
    ordered = sorted(items, key=lambda x: x[0])
    cells_of: dict[int, dict[str, str]] = {}
    for _, obj in ordered:
        if isinstance(obj, _Point):
            u = obj.unit
            extra = " ".join(e.text for e in obj.extra)
            # Term mentions count in plans and in the bullet lists of news and notices; a resolution's
            # points cite the dates of other acts, and a report's the dates work was done, not deadlines.
            mentions = plan or (u.marker in ("bullet", "dash") and ctx.kind not in ("resolution", "report"))
            mentions = mentions or bool(obj.columns and "term" in obj.columns)
            cells = _point_cells(u, lex, mentions, extra)
            if obj.columns and "responsible" not in cells:
                split = _spaced_row(u.body, obj.columns)
                if split:
                    cells["term"], cells["responsible"] = split
                else:
                    # A row cut before its term and owner cells (an excerpt): the dates of its text are
                    # references («согласно приказу от 03.01.2020 №10»), not its term; an addressee
                    # opening it («Руководителям структурных подразделений обеспечивать …») is its owner.
                    cells.pop("term", None)
                    who = _addressee(u.body)
                    if who:
                        cells["responsible"] = who
            for role, value in _continuation_cells([e.text for e in obj.extra]).items():
                cells.setdefault(role, value)
            cells_of[id(obj)] = cells
    # Runs of dash points of which some item carries a term: a list of activities (an item cut before
    # its term is one of them too).
    with_terms = {id(obj.run) for _, obj in ordered
                  if isinstance(obj, _Point) and obj.run is not None and cells_of[id(obj)].get("term")}
    for _, obj in ordered:
        if isinstance(obj, Activity):
            activities.append(obj)
            continue
        u = obj.unit
        cells = cells_of[id(obj)]
        if plan and id(obj.run) not in with_terms and _enumeration(u, obj, cells):
            u.role = "prose"  # its paragraph stays a paragraph: no text is lost
            continue
        text = "\n".join([u.body] + [e.text for e in obj.extra])
        activities.append(Activity(
            kind="point", number=obj.number, path=obj.path, section=obj.section, text=text,
            cells=cells, items=[it.body for it in obj.items],
            provenance=_provenance(ctx, [u] + obj.items + obj.extra, start=u.start)))

    by_para: dict[int, list[_Unit]] = {}
    for u in units:
        if u.para is not None:
            by_para.setdefault(u.para.start, []).append(u)
    consumed = {start for start, us in by_para.items() if all(u.covered for u in us)}
    return activities, consumed
