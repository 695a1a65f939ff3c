"""Action plans: strategic goal → anti-corruption measure → actions, executor, years, funding, result.

``interpret_action_plan(ctx, tables)`` is called by ``shailoo.parsers.interpret.document.interpret`` for documents of
kind ``action_plan``. It reads every table whose header names plan columns (``find_header``: goal,
measure, tasks, action, executor, year_1…year_n, funding, result) as one stream of rows and returns
one ``Activity(kind="goal")`` per goal and one ``Activity(kind="measure")`` per measure.

Real exports of these plans lose their structure, and this module puts it back by content, never by
position alone:

* vertically merged cells are dropped, so a row has fewer fields than the header (the goal, merged
  over its measures, is usually the one missing; sometimes the measure and its tasks arrive in one
  cell, or the executor, a year or the funding is missing);
* a page break splits a row into pieces; a continuation piece has no goal or measure number and its
  fields continue the cells of the row above (its first field may be non-empty: the rest of a merged
  cell), and a row that starts a measure may still carry, in its first field, the tail of a cell of
  the row above (a lower-case fragment before the measure number);
* one cell may hold two measures («7.2. …\\n7.3. …»), and a goal cell may come after its first measure.

Plans of other bodies print the same content in other shapes (issue 20):

* a table read with a slot for every column in every row (DOCX, HTML; merged slots empty) is read by
  column (``align_grid``): the header gives each cell its role, whatever the cell says (a plain
  «Ожидаемый результат» / «Күтүлгөн натыйжа» cell without «Результат:»). In a text export a row with
  as many fields as columns leans the same way, a term («2024–2026 гг.», «ежегодно») goes to the
  «Срок исполнения» column, and a result without the prefix is neutral when the plan prints none;
* a heading row (one text merged across the table, or in a plan without a goal column a lone «1.
  Организационные меры», «II. …», «1. | …» in the «№» column) is a goal, not a measure without number
  (``_heading``); an unnumbered heading over measures «N.1» is goal N;
* a «№ п/п» column of its own gives the measure its number (``number``; «1.1» under goal 1, or «3»
  in a plan numbered straight through);
* calendar-year columns («2024 | 2025 | 2026», «2024-жыл | 2025-жыл») are year columns
  ``year_1`` … ``year_n`` (``tables.find_header``) whose years are the printed ones.

Each row (or piece) is aligned to the header's role sequence by dynamic programming: every field goes
to one role, in order; roles may be missing (each at a cost), a field may extend the role before it,
a measure field may also hold the tasks. The score of a field in a role comes from what the field says:
goal numbering «N.», measure numbering «N.M.», a result prefix («Результат:»), funding words, a list of
bodies (the executor), the verbal noun an activity starts with; for continuation pieces also whether the
cell above ends unfinished and the piece starts in lower case. Words come from
``corpus/action_plan.yaml`` (all languages at once), header roles from ``corpus/lang/*.yaml``.

Representation (the contract for rules and writers):

* goal: ``number`` «2.», ``path`` «2», ``text`` the goal without its number, ``cells`` ``{"goal": cell}``;
  an unnumbered section heading is a goal with ``number=None`` (and ``path`` None, unless measures
  «N.M» under it make it goal N);
* measure: ``number`` «2.1.», ``path`` «2.1», ``section`` ``[goal text]``, ``text`` the measure without
  its number, ``cells`` keyed by role (every header role, ``""`` when empty; ``goal`` is the goal's cell
  text, since the goal cell is merged over its measures), ``items`` the numbered list items of the tasks,
  action and result cells in that order («1) …», «2. …», each cell's list restarting), ``terms`` the
  year columns as plan-year terms (``value`` k of ``year_k``, ``year`` the calendar year its header
  prints, else from the plan period, ``None`` past the period or when the document gives none);
* a goal with no numbered measure (its own row carries the measure columns) gets one measure with
  ``number=None`` and ``path`` equal to the goal's path: «the goal's own measure». Rows without any
  number that are not continuations are further unnumbered measures of the current goal;
* a measure numbered before its goal's row appears belongs to that goal (by its number) and the goal's
  activity is emitted before it; the goal row's other fields then continue that measure;
* when one cell holds several measures, the row's other cells go to the first of them (the cell is read
  top down) and the others get their text only; the document warnings say so.

Activities come out in reading order, and their ``provenance.start`` never decreases, so that sorting
by it (as ``interpret`` does to interleave tables and prose) keeps every goal before its measures.
Provenance is ``ctx.row_provenance`` of the row the record starts on, extended over every piece merged
into it (``pages``, ``end`` and ``quote``). A goal's span runs from the start of its row to the end of
its cell (just the goal cell when it is the first column); a goal cell printed below its first measure
spans from that measure's row. A measure that shares its cell with another spans its own line.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache

import datetime as dt

import regex

from shailoo import corpus
from shailoo.model import Activity, PeriodTerm, Provenance
from shailoo.normalize import norm

from shailoo.parsers.read.blocks import Paragraph, Row, Table, join_pieces
from shailoo.parsers.interpret.context import Context
from shailoo.parsers.interpret.tables import calendar_year, find_header, header_role, is_column_numbering

#: Roles the interpreter knows how to score; other header roles are neutral text columns.
TEXT_ROLES = ("measure", "tasks", "action")
#: A year column: ``year_1`` … ``year_n`` (plan years I–III, or the calendar years a header prints).
_YEAR_ROLE = regex.compile(r"^year_(\d+)$")
#: Header roles that mean the executor column in an action plan («Исполнитель» also names the
#: ``responsible`` column of calendar plans; which of the two wins is not the plan's concern).
_EXECUTOR_ALIASES = {"responsible": "executor"}
#: Cells whose numbered list items go into ``Activity.items``, in this order.
ITEM_ROLES = ("tasks", "action", "result")

_GOAL_NUM = regex.compile(r"^\s*(\d{1,2})\.(?!\d)\s*(?=\S)")
#: A section numbered in roman numerals at the start of a heading («I. Организационные меры»).
_ROMAN_NUM = regex.compile(r"^\s*([IVX]{1,5})\.\s*(?=\p{L})")
#: The whole text of a number cell («1.», «1.1», «2.1.3.», «II»): the item number of its row.
_BARE_NUM = regex.compile(r"^\s*(?:(\d{1,3}(?:\.\d{1,3})*)\.?|([IVX]{1,5})\.?)\s*$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}
_MEASURE_NUM = regex.compile(r"^\s*(\d{1,2})\.(\d{1,2})(?:\.(?!\d))?(?=\s|$)")
_MEASURE_LINE = regex.compile(r"^[ \t]*\d{1,2}\.\d{1,2}(?:\.(?!\d))?(?=\s|$)", regex.M)
#: A list item marker inside a cell: «1.» or «1)» at a line start or after a space, colon, semicolon
#: or bracket; never the «1.» of «3.1.» nor the digits of a date.
_ITEM = regex.compile(r"(?:^|(?<=[\s:;(]))(\d{1,2})[.)](?=\s)", regex.M)
_LIST_LINE = regex.compile(r"^\s*(?:\d{1,2}[.)](?=\s)|[-–—•·])")
_ABBREV = regex.compile(r"(?<!\p{L})\p{Lu}{2,}")
_RULE = regex.compile(r"^\s*:?-{2,}:?\s*$")
_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_TERMINAL = regex.compile(r"[.!?…][»\"'”)\]]*\s*$")
_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_FIRST_LETTER = regex.compile(r"^[\s«»\"'“”„(\[]*(\p{L})")

#: Costs of a role that has no field in a row. The goal is merged over its measures and so is the
#: cheapest to miss; tasks and action are almost never missing.
_SKIP = {"goal": 0.2, "measure": 0.6, "tasks": 0.8, "action": 0.8, "executor": 0.6, "funding": 0.4,
         "result": 0.5, "year_1": 0.3, "year_2": 0.3, "year_3": 0.3, "term": 0.3}
_SKIP_OTHER = 0.2
#: Cost of a field extending the role before it (one more field than roles: an exporter's split).
_APPEND = 1.0
#: Prefer the earlier role when the content does not decide (a short row is missing its right end).
_EPS = 0.001
#: Bonus of a field in its own column when a row has as many fields as the header has columns.
_FULL_ROW = 1.0


# --------------------------------------------------------------------------- language data


@dataclass(frozen=True)
class _Phrases:
    result: "regex.Pattern"
    funding: "regex.Pattern"
    funding_weak: "regex.Pattern"
    executor: "regex.Pattern"
    action_start: "regex.Pattern"


def _alternation(words: list[str]) -> str:
    uniq = sorted({" ".join(norm(w).split()) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in uniq) or r"(?!)"


@lru_cache(maxsize=None)
def phrases() -> _Phrases:
    """The phrases of ``corpus/action_plan.yaml``, every language together, compiled once per process."""
    sets = corpus.action_plan_phrases().languages()

    def joined(attr: str) -> str:
        return _alternation([w for s in sets for w in getattr(s, attr)])

    return _Phrases(
        result=regex.compile(rf"^[\W\d]*(?:{joined('result_prefixes')})(?!\w)"),
        funding=regex.compile(rf"(?:{joined('funding_words')})"),
        funding_weak=regex.compile(rf"(?:{joined('funding_weak')})"),
        executor=regex.compile(rf"(?<!\w)(?:{joined('executor_words')})"),
        action_start=regex.compile(
            rf"^[\W\d_]*(?:(?:{joined('action_starts')})|\w*(?:{joined('action_suffixes')})(?!\w))"),
    )


# --------------------------------------------------------------------------- cell features


def clean_cell(text: str) -> str:
    """A cell's text as the plan is compared across formats: markup removed, lines trimmed and
    collapsed, empty lines dropped. Readers already remove markup; this is the safety net."""
    if "<" in text and _TAG.search(text):
        # on call: loads lxml, which plans without HTML markup never need
        from shailoo.parsers.read.html import html_fragment_to_text

        text = html_fragment_to_text(text)
    elif "&" in text:
        text = html.unescape(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_rule(texts: list[str]) -> bool:
    nonempty = [t for t in texts if t.strip()]
    return bool(nonempty) and all(_RULE.match(t) for t in nonempty)


def _roman(text: str) -> int | None:
    """The value of a roman numeral of a section (I … XXXIX), None when it is not one."""
    vals = [_ROMAN_VALUE.get(ch) for ch in text.upper()]
    if not vals or None in vals:
        return None
    total = sum(-v if k + 1 < len(vals) and v < vals[k + 1] else v for k, v in enumerate(vals))
    return total if 0 < total < 40 else None


def bare_number(text: str) -> tuple[str, tuple[int, ...], bool] | None:
    """A cell that is an item number and nothing else («1.», «1.1», «2.1.3.», «II»): (the number as
    printed, its parts, whether it is roman); None for any other text."""
    m = _BARE_NUM.match(text or "")
    if not m:
        return None
    if m.group(1):
        return text.strip(), tuple(int(x) for x in m.group(1).split(".")), False
    n = _roman(m.group(2))
    return (text.strip(), (n,), True) if n else None


def _unfinished(text: str) -> bool:
    """A cell whose text stops mid-sentence (no final stop): its rest is on the next page."""
    return bool(text) and not _TERMINAL.search(text)


def _lower_start(text: str) -> bool | None:
    """True when the text starts with a lower-case letter, False with a capital, None otherwise."""
    m = _FIRST_LETTER.match(text)
    if not m:
        return None
    return m.group(1).islower()


#: A term cell is short, and its terms cover most of it («2024–2026 гг.», «IV квартал 2024 года»,
#: «ежегодно»); «Отчет направлен до 20 января 2025 года» is a result that names a date.
_TERM_MAX, _TERM_SHARE = 80, 0.6


def term_like(text: str) -> bool:
    """True when ``text`` reads as the entry of a «Срок исполнения» column: a date, range, period or
    recurrence that is most of the text."""
    if not text or len(text) > _TERM_MAX:
        return False
    # on call: the term grammar, needed only for plans with a term column
    from shailoo.parsers.extract.terms import parse_terms

    terms = [t for t in parse_terms(text) if t.kind != "unparsed"]
    covered = sum(len("".join((t.raw or "").split())) for t in terms)
    return bool(terms) and covered >= _TERM_SHARE * len("".join(text.split()))


def executor_score(text: str) -> float:
    """How much ``text`` looks like an executor cell: a short list of bodies (about −4 … +1.5).

    Parts separated by commas, semicolons or lines count when they name a body (a word of
    ``executor_words``) or hold an abbreviation (ЦИК, МЦР); a text that starts like an activity
    («Проведение …»), with a list marker, or runs long is not an executor.
    """
    if not text:
        return 0.0
    ph = phrases()
    n = norm(text)
    parts = [p for p in regex.split(r"[,;\n]", text) if p.strip()]
    weight = 0.0
    for p in parts:
        if ph.executor.search(norm(p)):
            weight += 1.0
        elif _ABBREV.search(p):
            weight += 0.6
    score = 2.0 * weight / len(parts) - 0.5
    if ph.action_start.match(n):
        score -= 2.5
    if regex.match(r"^\s*(?:\d|[-–—•])", text):
        score -= 1.5
    if len(text) > 400:
        score -= 1.5
    if len(n.split()) / len(parts) > 8:
        score -= 1.0
    return score


@dataclass
class _Field:
    """One field of a row with what its content says."""

    text: str
    goal_no: int | None = None
    measure_no: tuple[int, int] | None = None
    list_tail: bool = False
    result: bool = False
    funding: float = 0.0
    executor: float = 0.0
    lower: bool | None = None
    bare: tuple[str, tuple[int, ...], bool] | None = None  # the field is an item number only (``bare_number``)
    term: bool = False  # the field is a term and little else (``term_like``; set when the plan has a term column)

    @property
    def empty(self) -> bool:
        return not self.text


def _field(text: str, goal_ok) -> _Field:
    """The features of one field; ``goal_ok(n)`` says whether «n.» may start a goal here."""
    f = _Field(text)
    if not text:
        return f
    ph = phrases()
    n = norm(text)
    f.bare = bare_number(text)
    m = _MEASURE_NUM.match(text)
    if m:
        f.measure_no = (int(m.group(1)), int(m.group(2)))
        lines = text.split("\n")
        rest = lines[1:]
        f.list_tail = bool(rest) and bool(_LIST_LINE.match(rest[0])) and not any(_MEASURE_NUM.match(r) for r in rest)
    else:
        g = _GOAL_NUM.match(text)
        if g and goal_ok(int(g.group(1))):
            f.goal_no = int(g.group(1))
    f.result = bool(ph.result.match(n))
    short = len(text) <= 250 and not ph.action_start.match(n)
    if ph.funding.search(n) and short:
        f.funding = 2.0
    elif ph.funding_weak.search(n) and short:
        f.funding = 0.5
    f.executor = executor_score(text)
    f.lower = _lower_start(text)
    return f


# --------------------------------------------------------------------------- alignment


def _role_kind(role: str) -> str:
    if role in ("goal", "measure", "tasks", "action", "executor", "funding", "result", "number"):
        return role
    if _YEAR_ROLE.match(role) or role == "term":
        return "year"
    return "other"


def year_index(role: str) -> int | None:
    """k of a year column ``year_k``; None for any other role."""
    m = _YEAR_ROLE.match(role)
    return int(m.group(1)) if m else None


def _join_score(f: _Field, above: str) -> float:
    """How well a continuation field continues the cell ``above`` (the same role in the row above)."""
    if f.lower is True:
        return 1.5 if _unfinished(above) else -1.0
    if f.lower is False and _unfinished(above):
        return -0.3
    return 0.0


def _score(f: _Field, role: str, cont: bool, above: dict[str, str] | None, prefixed: bool = True) -> float:
    if f.empty:
        return 0.0
    kind = _role_kind(role)
    s = 0.0
    if kind == "number":
        # The «№ п/п» column holds the item number and nothing else.
        return 3.5 if f.bare and not cont else -3.0
    if f.term:
        # A term in the «Срок исполнения» column; anywhere else it is the term of a row that lost cells.
        s += 1.0 if role == "term" else -0.5
    if kind == "goal":
        if f.goal_no is not None and not cont:
            s += 3.0
        elif f.measure_no:
            s -= 5.0
        elif cont:
            s -= 0.5
        else:
            s -= 1.5 + (1.0 if f.lower else 0.0)
    elif kind == "measure":
        if f.measure_no:
            s += 3.0
        elif f.goal_no is not None and not cont:
            s -= 3.0
    elif kind in ("tasks", "action", "other"):
        if f.measure_no:
            s -= 3.0
    elif f.measure_no:
        s -= 4.0
    if kind == "executor":
        s += f.executor
    elif f.executor > 0.5:
        s -= 0.8 * (f.executor - 0.5)
    if kind == "funding":
        s += f.funding if f.funding else -3.0
    elif f.funding >= 2.0:
        s -= 2.0
    if kind == "result":
        # «Результат: …» marks a result cell in plans that print it (seed 003); under «Ожидаемый
        # результат» the cells say the result plainly, and nothing in them tells it from others.
        s += 3.0 if f.result else ((-0.5 if cont else -2.0) if prefixed else 0.0)
    elif f.result:
        s -= 3.0
    if cont and above is not None:
        s += _join_score(f, above.get(role, ""))
    return s


@dataclass
class Alignment:
    """The fields of one row assigned to roles.

    ``cells`` maps role → text (fields extending a role joined by a line break); ``leftover`` is a
    leading field that ends a cell of the row above; ``split_tasks`` says the measure field also held
    the tasks (already split into ``cells``); ``columns`` maps role → index of its first field.
    """

    cells: dict[str, str] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    leftover: str | None = None
    split_tasks: bool = False
    score: float = 0.0


def split_measure_tasks(text: str) -> tuple[str, str]:
    """Split a measure cell that also holds the tasks: the lines before the first list line, the rest."""
    lines = text.split("\n")
    for k in range(1, len(lines)):
        if _LIST_LINE.match(lines[k]):
            return "\n".join(lines[:k]), "\n".join(lines[k:])
    return text, ""


def align(fields: list[_Field], roles: list[str], cont: bool = False, above: dict[str, str] | None = None,
          allow_leftover: bool = False, prefixed: bool = True) -> Alignment:
    """Assign the fields of a row to the header roles, in order, maximising the content score.

    Moves: field → role; role missing (cost ``_SKIP``); field extends the previous role (cost
    ``_APPEND``); a measure field with a list tail → measure + tasks; the first field → leftover of the
    row above (only when ``allow_leftover`` and it starts in lower case).
    """
    n, w = len(fields), len(roles)
    neg = float("-inf")
    best = [[neg] * (w + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (w + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    sc = [[_score(f, r, cont, above, prefixed) for r in roles] for f in fields]
    if n == w and not cont:
        # As many fields as columns: no cell was lost, and each field is most likely in its column.
        for i in range(n):
            sc[i][i] += _FULL_ROW
    skip = [_SKIP.get(r, _SKIP["year_1"] if year_index(r) else _SKIP_OTHER) for r in roles]

    def relax(i2: int, r2: int, value: float, move: tuple) -> None:
        if value > best[i2][r2]:
            best[i2][r2] = value
            back[i2][r2] = move

    for i in range(n + 1):
        for r in range(w + 1):
            cur = best[i][r]
            if cur == neg:
                continue
            if r < w:
                relax(i, r + 1, cur - skip[r], ("skip", i, r))
            if i == n:
                continue
            f = fields[i]
            if r < w:
                relax(i + 1, r + 1, cur + sc[i][r] - _EPS * r, ("assign", i, r))
            if r >= 1:
                cost = 0.1 if f.empty else _APPEND - min(0.0, sc[i][r - 1])
                relax(i + 1, r, cur - cost - _EPS * (r - 1), ("append", i, r - 1))
            if (r + 1 < w and roles[r] == "measure" and roles[r + 1] == "tasks" and f.measure_no
                    and f.list_tail):
                relax(i + 1, r + 2, cur + sc[i][r] + 0.1 - _EPS * r, ("merge", i, r))
            if (i == 0 and r == 0 and allow_leftover and not f.empty and f.lower is True
                    and f.measure_no is None and f.goal_no is None):
                relax(1, 0, cur + 1.0, ("leftover", 0, 0))
    out = Alignment(score=best[n][w])
    moves = []
    i, r = n, w
    while (i, r) != (0, 0):
        move = back[i][r]
        moves.append(move)
        op, fi, ri = move
        if op == "skip":
            r -= 1
        elif op == "assign":
            i, r = i - 1, r - 1
        elif op == "append":
            i -= 1
        elif op == "merge":
            i, r = i - 1, r - 2
        else:
            i -= 1
    for op, fi, ri in reversed(moves):
        if op == "skip":
            continue
        text = fields[fi].text
        if op == "leftover":
            out.leftover = text
            continue
        role = roles[ri]
        if op == "merge":
            measure, tasks = split_measure_tasks(text)
            out.cells["measure"], out.columns["measure"] = measure, fi
            out.cells["tasks"], out.columns["tasks"] = tasks, fi
            out.split_tasks = True
            continue
        if not text:
            continue
        if role in out.cells and out.cells[role]:
            if text != out.cells[role]:  # exporters repeat a merged value in every slot it covers
                out.cells[role] = out.cells[role] + "\n" + text
        else:
            out.cells[role] = text
            out.columns.setdefault(role, fi)
    return out


def align_grid(fields: list[_Field], roles: list[str]) -> Alignment:
    """The fields of a row of a ruled table (every row has a slot for every column, merged slots
    empty: DOCX, HTML) by their column: the header gives each its role. A column the header does not
    name keeps its place (``colN``). A measure cell that also holds the tasks, the tasks column left
    empty, is split as ``align`` splits it."""
    out = Alignment()
    for i, f in enumerate(fields):
        role = roles[i] if i < len(roles) else f"col{i + 1}"
        out.columns.setdefault(role, i)
        if not f.text:
            continue
        if out.cells.get(role):
            if f.text != out.cells[role]:  # a header merged over two columns: one role, two slots
                out.cells[role] = out.cells[role] + "\n" + f.text
        else:
            out.cells[role] = f.text
    m = out.columns.get("measure")
    if (m is not None and "tasks" in roles and not out.cells.get("tasks") and fields[m].measure_no
            and fields[m].list_tail):
        out.cells["measure"], out.cells["tasks"] = split_measure_tasks(fields[m].text)
        out.split_tasks = True
    return out


# --------------------------------------------------------------------------- records


@dataclass
class _Record:
    kind: str  # goal | measure
    number: str | None
    path: str | None
    cells: dict[str, str]
    table: Table
    row: Row
    goal: "_Record | None" = None
    goal_no: int | None = None
    filled: bool = True
    span: tuple[int, int] | None = None
    pieces: list[tuple[Table, Row]] = field(default_factory=list)
    measures: int = 0


def _join_cell(above: str, more: str) -> str:
    """Append the continuation of a cell: a line wrapped at the page break (it goes on in lower case)
    joins with a space; anything else (a new sentence, a list line, another body) starts a new line."""
    if not above:
        return more
    if not more:
        return above
    if _lower_start(more) is True:
        return join_pieces(above, more)
    return above + "\n" + more


def _strip_number(text: str, rx: "regex.Pattern") -> str:
    m = rx.match(text)
    return text[m.end():].strip() if m else text.strip()


def _goal_text(cell: str) -> str:
    """A goal's text without its number («2. Открытость» → «Открытость», «II. Правовые меры» → …)."""
    m = _GOAL_NUM.match(cell) or _ROMAN_NUM.match(cell)
    return cell[m.end():].strip() if m else cell.strip()


class _Builder:
    """Turns the stream of plan rows into goal and measure records."""

    def __init__(self, ctx: Context, prefixed: bool = True, nested: bool = True):
        self.ctx = ctx
        self.records: list[_Record] = []
        self.goals: dict[int, _Record] = {}
        self.current: _Record | None = None
        self.last_goal_no = 0
        #: The plan marks its result cells «Результат: …» (``_score``).
        self.prefixed = prefixed
        #: The plan numbers its measures under goals («1.1», «2.3»), not straight through (``_heading``).
        self.nested = nested

    # -- goal numbers

    def goal_ok(self, n: int) -> bool:
        """A «N.» in the goal column starts goal N when N is a goal still to come: announced by its
        measures, or the next one or two after the last goal seen (not a list item «2.» continuing)."""
        g = self.goals.get(n)
        if g is not None:
            return not g.filled
        return self.last_goal_no < n <= self.last_goal_no + 2

    def goal_record(self, n: int, table: Table, row: Row) -> _Record:
        g = self.goals.get(n)
        if g is None:
            g = _Record("goal", f"{n}.", str(n), {"goal": ""}, table, row, goal_no=n, filled=False)
            self.goals[n] = g
            self.records.append(g)
        return g

    # -- rows

    def add(self, table: Table, row: Row, roles: list[str], page_break: bool, grid: bool = False) -> None:
        """Read one body row. ``roles`` has one role per column (``colN`` for a column no header
        names); ``grid``: the table has a slot for every column in every row (``align_grid``)."""
        if row.header:
            return
        texts = ["" if c.merged else clean_cell(c.text) for c in row.cells]
        if not any(texts) or _is_rule(texts) or _is_header_copy(texts) or is_column_numbering(row):
            return
        while texts and not texts[-1]:
            texts.pop()
        fields = [_field(t, self.goal_ok) for t in texts]
        if "term" in roles and not grid:
            for f in fields:
                f.term = term_like(f.text)
        last = self.records[-1] if self.records else None
        last_measure = last if last is not None and last.kind == "measure" else None
        num_at = roles.index("number") if "number" in roles else None
        numbered = ((fields[0].goal_no is not None) or any(f.measure_no for f in fields[:3])
                    or (num_at is not None and any(f.bare for f in fields[:num_at + 2])))
        if grid or not (page_break and not numbered and last_measure is not None):
            heading = _heading(row, fields, roles, grid, self.nested)
            if heading is not None:
                self._section(*heading, table, row)
                return
        dp_roles = _trimmed(roles)
        if not numbered and page_break and last_measure is not None:
            al = (align_grid(fields, roles) if grid else
                  align(fields, dp_roles, cont=True, above=last_measure.cells, prefixed=self.prefixed))
            self._continue(last_measure, al, table, row)
            return
        if grid:
            al = align_grid(fields, roles)
        else:
            al = align(fields, dp_roles, allow_leftover=numbered and last_measure is not None,
                       prefixed=self.prefixed)
        if al.leftover and last_measure is not None:
            self._continue_leftover(last_measure, al.leftover, roles)
            last_measure.pieces.append((table, row))
        self._new_row(al, fields, table, row, roles)

    def _section(self, k: int, number: str | None, n: int | None, table: Table, row: Row) -> None:
        """A heading row (``_heading``): the goal it numbers («1. Организационные меры» → goal 1), or
        an unnumbered section that the measures after it belong to (it takes the number of the first
        of them that names a goal not seen yet: «Раздел …» over «1.1», «1.2»)."""
        cell = row.cells[k]
        text = clean_cell(cell.text)
        g = self.goals.get(n) if n is not None else None
        if n is not None and (g is None or not g.filled):
            late = g is not None and g.measures > 0
            g = self.goal_record(n, table, row)
            g.number = number or g.number
            if late:
                g.pieces.append((table, row))
            else:
                g.table, g.row = table, row
            self.last_goal_no = max(self.last_goal_no, n)
        else:
            g = _Record("goal", None, None, {}, table, row)
            self.records.append(g)
        g.filled = True
        g.cells = {"goal": text}
        start = _row_start(g.row)
        g.span = (start, cell.end) if start is not None and cell.end >= 0 else None
        self.current = g

    def _continue(self, rec: _Record, al: Alignment, table: Table, row: Row) -> None:
        for role, text in al.cells.items():
            rec.cells[role] = _join_cell(rec.cells.get(role, ""), text)
        rec.pieces.append((table, row))

    def _continue_leftover(self, rec: _Record, text: str, roles: list[str]) -> None:
        # The tail of a cell of the row above, printed in this row's first field: it belongs to the
        # leftmost text cell above that stops mid-sentence.
        target = next((r for r in roles if r in TEXT_ROLES and _unfinished(rec.cells.get(r, ""))), "measure")
        rec.cells[target] = _join_cell(rec.cells.get(target, ""), text)

    def _new_row(self, al: Alignment, fields: list[_Field], table: Table, row: Row, roles: list[str]) -> None:
        cells = dict(al.cells)
        goal_text = cells.pop("goal", "")
        goal_col = al.columns.get("goal")
        goal_field = fields[goal_col] if goal_col is not None else None
        late_goal = False
        if goal_field is not None and goal_field.goal_no is not None:
            n = goal_field.goal_no
            g = self.goals.get(n)
            late_goal = g is not None and not g.filled and g.measures > 0
            g = self.goal_record(n, table, row)
            g.filled = True
            g.cells = {"goal": goal_text}
            cell = row.cells[goal_col]
            if late_goal:
                # The goal cell was merged over its measures and printed lower down: the goal
                # starts on the row of its first measure and runs to its cell.
                g.pieces.append((table, row))
            else:
                g.table, g.row = table, row
            start = _row_start(g.row)
            g.span = (start, cell.end) if start is not None and cell.end >= 0 else None
            self.last_goal_no = max(self.last_goal_no, n)
            self.current = g
            if late_goal:
                self.ctx.warnings.append(
                    f"action plan: goal {n} appears after its measure (table {table.index}, row {row.index})")
        elif goal_text:
            # An unnumbered text in the goal column: keep it where a reader of the row sees it.
            cells["goal"] = goal_text
        measure_text = cells.pop("measure", "")
        rest = {r: t for r, t in cells.items() if t}
        parts = _split_measures(measure_text)
        own_number = bare_number(cells.get("number", ""))
        if own_number is not None and not own_number[2] and not any(num for num, _ in parts):
            # The number is printed in a column of its own («№ п/п | Наименование меры | …»).
            self._measure(own_number[0], {**rest, "measure": measure_text}, table, row)
            return
        if any(num for num, _ in parts):
            first = True
            made = []
            for num, text in parts:
                own = dict(rest) if first else {}
                own["measure"] = text
                rec = self._measure(num, own, table, row)
                if not first:
                    rec.span = _line_span(row, al.columns.get("measure"), num)
                made.append(rec.number or "")
                first = False
            if len(made) > 1:
                self.ctx.warnings.append(
                    f"action plan: one cell holds measures {', '.join(m.rstrip('.') for m in made)} "
                    f"(table {table.index}, row {row.index}); the row's other cells are given to the first")
            return
        last = self.records[-1] if self.records else None
        if measure_text:
            self._measure(None, {**rest, "measure": measure_text}, table, row)
        elif rest:
            if late_goal and last is not None and last.kind == "measure" and last.goal is self.current:
                for role, text in rest.items():
                    last.cells[role] = _join_cell(last.cells.get(role, ""), text)
                last.pieces.append((table, row))
            else:
                self._measure(None, {**rest, "measure": ""}, table, row)

    def _measure(self, number: str | None, cells: dict[str, str], table: Table, row: Row) -> _Record:
        parts: tuple[int, ...] = ()
        if number:
            m = _MEASURE_NUM.match(number)
            nb = None if m else bare_number(number)
            parts = (int(m.group(1)), int(m.group(2))) if m else nb[1] if nb else ()
        if len(parts) >= 2:
            n = parts[0]
            path = ".".join(str(p) for p in parts)
            goal = self.current if self.current is not None and self.current.goal_no == n else None
            cur = self.current
            if (goal is None and cur is not None and cur.kind == "goal" and cur.goal_no is None
                    and cur.measures == 0 and n not in self.goals):
                # An unnumbered section heading over measures «N.1», «N.2»: it is goal N.
                cur.goal_no, cur.path = n, str(n)
                self.goals[n] = cur
                self.last_goal_no = max(self.last_goal_no, n)
                goal = cur
            if goal is None:
                goal = self.goal_record(n, table, row)
                self.current = goal
        elif parts:
            # A plan numbered straight through («1.», «2.», … in the number column): the number is
            # the measure's, the goal the section it stands under.
            goal = self.current
            path = str(parts[0])
        else:
            goal = self.current
            path = goal.path if goal is not None else None
        rec = _Record("measure", number, path, cells, table, row, goal=goal)
        rec.pieces.append((table, row))
        if goal is not None:
            goal.measures += 1
        self.records.append(rec)
        return rec


def _row_start(row: Row) -> int | None:
    return next((c.start for c in row.cells if c.start >= 0), None)


def _is_header_copy(texts: list[str]) -> bool:
    """A repeated header row («I Год | II Год | III Год», «2024 | 2025 | 2026», or the whole header on
    a new page)."""
    nonempty = [t for t in texts if t]
    if len(nonempty) < 2:
        return False
    return all(len(t) <= 60 and not _GOAL_NUM.match(t) and (header_role(t) or calendar_year(t)) for t in nonempty)


def _trimmed(roles: list[str]) -> list[str]:
    """The roles without the trailing columns no header names: in a table whose rows have lost cells
    (a text export) a longer row's extra field is an exporter's split, not a column."""
    out = list(roles)
    while out and out[-1].startswith("col"):
        out.pop()
    return out


def _heading(row: Row, fields: list[_Field], roles: list[str], grid: bool,
             nested: bool = True) -> tuple[int, str | None, int | None] | None:
    """A section heading row of the plan: (its cell's index, its number as printed, the goal number)
    or None.

    A heading holds one text (after the number in the «№» column, if any), not a measure number, and
    either spans the table (one cell merged across the measure column: «1. Организационные меры»
    over a table without a goal column, «Раздел II …») or, in a plan without a goal column, is
    numbered as a goal («2. Правовые меры», «II. …», «1. | Организационные меры») with every other
    cell empty while the plan numbers its measures «N.M» (``nested``: in a plan numbered straight
    through, «3. | Иные меры» is measure 3 with its other cells empty). Numbered headings are goals; so
    is a heading over measures «N.1», «N.2» (``_measure``).
    """
    filled = [i for i, f in enumerate(fields) if f.text]
    lead = None
    role_at = lambda i: roles[i] if i < len(roles) else None  # noqa: E731
    if len(filled) == 2 and role_at(filled[0]) == "number":
        nb = fields[filled[0]].bare
        if nb is None or len(nb[1]) != 1:
            return None
        lead = nb
        filled = filled[1:]
    if len(filled) != 1:
        return None
    k = filled[0]
    f = fields[k]
    role = role_at(k)
    if f.measure_no or f.bare or not (role in ("goal", "measure", "number", None) or role.startswith("col")):
        return None  # a measure, a lone number, or a term or executor whose row lost its other cells
    cell = row.cells[k] if k < len(row.cells) else None
    covered = set(range(k, k + cell.colspan)) if cell is not None else {k}
    text_cols = {i for i, r in enumerate(roles) if r in ("goal", "measure")}
    spans = grid and cell is not None and cell.colspan >= 2 and bool(covered & text_cols)
    number: str | None = None
    n: int | None = None
    if lead is not None:
        number, n = lead[0], lead[1][0]
    else:
        m = _GOAL_NUM.match(f.text)
        r = _ROMAN_NUM.match(f.text)
        if m:
            number, n = f"{int(m.group(1))}.", int(m.group(1))
        elif r and _roman(r.group(1)):
            number, n = f"{r.group(1)}.", _roman(r.group(1))
    if spans:
        return k, number, n
    if "goal" not in roles and n is not None and nested and (
            lead is not None or f.goal_no is not None or _ROMAN_NUM.match(f.text)):
        return k, number, n
    return None


def _split_measures(text: str) -> list[tuple[str | None, str]]:
    """Split a measure cell at every line that starts with a measure number: [(number, text), …].

    Text before the first number stays with the first measure; a cell without numbers is one
    unnumbered part.
    """
    if not text:
        return []
    marks = list(_MEASURE_LINE.finditer(text))
    if not marks:
        return [(None, text)]
    out = []
    for k, m in enumerate(marks):
        start = 0 if k == 0 else m.start()
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        out.append((m.group(0).strip(), text[start:end].strip()))
    return out


def _line_span(row: Row, col: int | None, number: str | None) -> tuple[int, int] | None:
    """The span of the line of a cell that starts with ``number`` (a measure sharing its cell)."""
    if col is None or number is None or col >= len(row.cells):
        return None
    cell = row.cells[col]
    if cell.start < 0:
        return None
    rx = regex.compile(r"(?m)^[ \t]*" + regex.escape(number.rstrip(".")) + r"(?!\d)")
    m = rx.search(cell.text)
    if not m:
        return None
    nxt = _MEASURE_LINE.search(cell.text, m.end())
    end = nxt.start() if nxt else len(cell.text)
    return cell.start + m.start(), cell.start + len(cell.text[:end].rstrip())


# --------------------------------------------------------------------------- tables and years


def _plan_roles(roles: list[str | None]) -> list[str]:
    # Every column keeps its place; the rows of a text export align to ``_trimmed`` roles.
    return [(_EXECUTOR_ALIASES.get(r, r) if r else f"col{i + 1}") for i, r in enumerate(roles)]


def _is_grid(table: Table, n_header: int, roles: list[str]) -> bool:
    """True when every body row has a slot for every column (merged slots empty): a table read from a
    DOCX or HTML file, or a text table without a lost cell. Its cells are read by their column."""
    body = table.rows[n_header:]
    return bool(body) and all(len(r.cells) == len(roles) for r in body)


def _prefixed(plan: list[tuple[Table, int, list[str], list[str]]]) -> bool:
    """True when some cell of the plan starts with a result prefix («Результат:», «Натыйжа:»)."""
    ph = phrases()
    return any(ph.result.match(norm(clean_cell(c.text))) for t, n, _, _ in plan for r in t.rows[n:]
               for c in r.cells if c.text and not c.merged)


def _nested(plan: list[tuple[Table, int, list[str], list[str]]]) -> bool:
    """True when some number or measure cell of the plan starts with a measure number under a goal
    («1.1», «2.3.»; the cells up to one right of those columns, as a text export shifts them)."""
    for t, n, roles, _ in plan:
        upto = max((roles.index(r) for r in ("goal", "number", "measure") if r in roles), default=0) + 2
        if any(_MEASURE_NUM.match(c.text) for r in t.rows[n:] for c in r.cells[:upto] if c.text and not c.merged):
            return True
    return False


def is_plan_header(roles: list[str | None]) -> bool:
    rs = {r for r in roles if r}
    return bool({"goal", "measure"} & rs) or {"year_1", "year_2"} <= rs


def plan_tables(ctx: Context, tables: list[Table]) -> list[tuple[Table, int, list[str], list[str]]]:
    """The tables of the plan: (table, header rows, roles, header texts).

    A table with a plan header counts, and so does a table without any header that directly follows
    one (no paragraph between): the plan continued after a page or section break.
    """
    order = {id(b): k for k, b in enumerate(ctx.raw.blocks)}
    out: list[tuple[Table, int, list[str], list[str]]] = []
    prev_pos = None
    for t in tables:
        n, roles, texts = find_header(t)
        pos = order.get(id(t))
        if roles and is_plan_header(roles):
            out.append((t, n, _plan_roles(roles), texts))
        elif not roles and out and prev_pos is not None and pos is not None and _adjacent(ctx, prev_pos, pos):
            out.append((t, 0, out[-1][2], out[-1][3]))
        else:
            prev_pos = None
            continue
        prev_pos = pos
    return out


def _adjacent(ctx: Context, a: int, b: int) -> bool:
    return all(not (isinstance(x, Paragraph) and x.text.strip()) for x in ctx.raw.blocks[a + 1:b])


def plan_years(ctx: Context, header_texts: list[str]) -> tuple[int, int] | None:
    """First and last calendar year of the plan: the document's period («на 2023-2025 гг.»), else
    the years named in the header («Сроки исполнения по годам: 2023 – 2024-2025»)."""
    period = ctx.info.period if ctx.info is not None else None
    if period is not None and period.start and period.end:
        return period.start.year, period.end.year
    years = [int(y) for t in header_texts for y in _YEAR.findall(t)]
    if years:
        return min(years), max(years)
    return None


# --------------------------------------------------------------------------- output


def _plan_year(role: str, year: int | None, text: str, inferred: bool = True) -> PeriodTerm:
    """The entry of a year column as a term: plan year k and its calendar year (printed in the header,
    «2025», or from the period: ``inferred``)."""
    return PeriodTerm(raw=text, end=len(text), unit="plan_year", value=year_index(role), year=year,
                      year_inferred=year is not None and inferred,
                      first_day=dt.date(year, 1, 1) if year else None,
                      last_day=dt.date(year, 12, 31) if year else None)


def items_of(cells: dict[str, str]) -> list[str]:
    """The numbered list items of the tasks, action and result cells, as printed («1) …»)."""
    out: list[str] = []
    for role in ITEM_ROLES:
        text = cells.get(role, "")
        marks = list(_ITEM.finditer(text))
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
            item = text[m.start():end].strip()
            if item:
                out.append(item)
    return out


def _provenance(ctx: Context, rec: _Record) -> Provenance:
    prov = ctx.row_provenance(rec.table, rec.row)
    update: dict = {}
    if rec.span is not None:
        s, e = rec.span
        update.update(start=s, end=e, quote=ctx.raw.text[s:e])
    else:
        ends = [c.end for _, r in rec.pieces for c in r.cells if c.end >= 0]
        if ends and prov.start is not None and max(ends) > (prov.end or 0):
            update.update(end=max(ends), quote=ctx.raw.text[prov.start:max(ends)])
    pages = sorted({p for p in [rec.row.page] + [r.page for _, r in rec.pieces] if p is not None} | set(prov.pages))
    if pages:
        update["pages"] = pages
    return prov.model_copy(update=update) if update else prov


def interpret_action_plan(ctx: Context, tables: list[Table]) -> tuple[list[Activity], set[int]]:
    """Goals and measures of the plan tables among ``tables``; also the ``index`` of every table used.

    Tables that are not part of a plan are left to the generic table interpreter (not in the set).
    """
    plan = plan_tables(ctx, tables)
    if not plan:
        return [], set()
    builder = _Builder(ctx, prefixed=_prefixed(plan), nested=_nested(plan))
    all_roles: list[str] = []
    header_texts: list[str] = []
    printed: dict[str, int] = {}  # year column → the calendar year its header prints («2025»)
    for k, (table, n_header, roles, texts) in enumerate(plan):
        all_roles += [r for r in roles if r not in all_roles]
        header_texts += texts
        for r, t in zip(roles, texts):
            y = calendar_year(t) if year_index(r) else None
            if y is not None:
                printed.setdefault(r, y)
        grid = _is_grid(table, n_header, roles)
        for j, row in enumerate(table.rows[n_header:]):
            page_break = row.page_break_before or (j == 0 and k > 0)
            builder.add(table, row, roles, page_break, grid)
    span = plan_years(ctx, header_texts)
    first_year = span[0] if span else None
    last_year = span[1] if span else None
    year_roles = sorted((r for r in all_roles if year_index(r)), key=year_index)
    year_of: dict[str, int | None] = {}
    for role in year_roles:
        y = first_year + year_index(role) - 1 if first_year is not None else None
        year_of[role] = printed.get(role, y if y is not None and last_year is not None and y <= last_year else None)
    cell_roles = [r for r in all_roles if not r.startswith("col")]
    out: list[Activity] = []
    for rec in builder.records:
        if rec.kind == "goal":
            if not rec.filled:
                ctx.warnings.append(f"action plan: goal {rec.path} has measures but no goal row")
            out.append(Activity(kind="goal", number=rec.number, path=rec.path,
                                text=_goal_text(rec.cells.get("goal", "")),
                                cells={"goal": rec.cells.get("goal", "")}, provenance=_provenance(ctx, rec)))
            continue
        goal = rec.goal
        cells = {r: rec.cells.get(r, "") for r in cell_roles}
        cells.update({r: t for r, t in rec.cells.items() if r not in cells and t})
        cells["goal"] = goal.cells.get("goal", "") if goal is not None else rec.cells.get("goal", "")
        section = [_goal_text(goal.cells.get("goal", ""))] if goal is not None else []
        terms = [_plan_year(r, year_of.get(r), cells[r], r not in printed) for r in year_roles if cells.get(r, "").strip()]
        out.append(Activity(kind="measure", number=rec.number, path=rec.path, section=section,
                            text=_strip_number(cells.get("measure", ""), _MEASURE_NUM), cells=cells,
                            term=terms[0] if terms else None, terms=terms, items=items_of(cells),
                            provenance=_provenance(ctx, rec)))
    return out, {t.index for t, _, _, _ in plan}
