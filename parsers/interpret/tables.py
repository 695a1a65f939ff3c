"""Tables of plans and schedules: the header rows and the role of each column (``column_roles`` of
the language files), section headings as a path (runs of consecutive heading rows give the levels),
and one ``Activity`` per row.

Real tables are read by their content where the header falls short:

* the number column is the one whose cells are item numbers («1.», «2.», «1.1»), also when its header
  cell is empty, merged or unknown («N», «NN пп»); a table without a number column takes the number
  printed at the start of its text cell («1. Обновление …»);
* a column-numbering row («1 | 2 | 3 | 4 | 5») and the sub-rows of a multi-level header (years,
  «в том числе по годам») belong to the header and never become activities;
* a section row numbered in roman numerals («I | Биринчи квартал») is a heading; a lone numbered text
  continuing the numbering of the rows above («3. Плановые заседания к» after «2.») is a row cut short;
* a table without a header row continues the columns of the table right above it (only headings
  between), else takes its roles from its cells (``infer_roles``) or gives no rows; either way the
  document's warnings say so.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from shailoo import corpus
from shailoo.model import Activity, DocumentInfo, OcrInfo
from shailoo.normalize import norm_ws
from shailoo.parsers.read.blocks import Row, Table

from .context import Context


_NUMBER = regex.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?\s*$")


_NUMBER_PREFIX = regex.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?(?=\s|$)")

#: A bare column number of a column-numbering row («1», «2», …): no dot, as printed under a header.
_COLUMN_NO = regex.compile(r"^\s*(\d{1,2})\s*$")

#: Share of a column's non-empty body cells that must be item numbers for the column to be the
#: number column when its header does not say so (an empty or merged «№» cell).
_NUMBER_SHARE = 0.6


#: Column roles that hold the description of an activity, in order of preference.
_TEXT_ROLES = ("content", "name", "measure", "action", "goal")


@lru_cache(maxsize=None)
def _role_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase, role) pairs of every language, longest phrase first.

    Ties (the same phrase under two roles, e.g. «исполнитель») go to the role listed first in the
    language file, so the result never depends on hash order.
    """
    pairs: dict[tuple[str, str], int] = {}
    for lang in corpus.all_languages():
        for order, (role, ps) in enumerate(lang.column_roles.items()):
            for p in ps:
                pairs.setdefault((norm_ws(p), role), order)
    return tuple(sorted(pairs, key=lambda pr: (-len(pr[0]), pairs[pr], pr[0])))


def header_role(text: str) -> str | None:
    """The role of a column header, by the longest phrase of any language it contains.

    A calendar year («2021 год», «2022-жыл») names no role: «1 год» / «2-жыл» inside it are not the
    plan years I and II (``calendar_year`` reads it; ``find_header`` makes such columns year columns
    of an action plan)."""
    t = norm_ws(text)
    if not t or _YEAR_CELL.match(t):
        return None
    for phrase, role in _role_phrases():
        if phrase == "№":
            if t.startswith("№") and len(t) <= 8:
                return role
            continue
        if phrase in t:
            return role
    return None


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _distinct_texts(row: Row) -> list[str]:
    seen: list[str] = []
    for c in row.cells:
        t = c.text.strip()
        if t and not c.merged and t not in seen:
            seen.append(t)
    return seen


def is_column_numbering(row: Row, under_header: bool = False) -> bool:
    """A row numbering the columns («1 | 2 | 3 | 4 | 5» under the header): never an activity.

    Its first non-empty cells are the bare numbers 1, 2, 3 … in order. Anywhere in a table the row must
    hold nothing else and count at least three columns (a data row «1 | 2» of a two-column count table
    stays a row); right under the header two numbers suffice and short header texts may follow them
    («1 | 2 | за 9 месяцев 2019г.», the period heading of value columns).
    """
    texts = [c.text.strip() for c in row.cells if c.text.strip() and not c.merged]
    k = 0
    while k < len(texts):
        m = _COLUMN_NO.match(texts[k])
        if not m or int(m.group(1)) != k + 1:
            break
        k += 1
    if k < 2:
        return False
    rest = texts[k:]
    if not rest:
        return k >= 3 or under_header
    return under_header and all(len(t) <= 40 and not _NUMBER_PREFIX.match(t) for t in rest)


#: A header cell that is one calendar year: «2024», «2024 г.», «2024 год», «2024-жыл», «2024-ж.».
_YEAR_CELL = regex.compile(r"^\s*((?:19|20)\d\d)\s*(?:-?\s*(?:жыл\w*|ж\.?)|г\.?|гг\.?|год\w*)?\s*$", regex.I)


def calendar_year(text: str) -> int | None:
    """The calendar year a header cell is («2025», «2025-жыл»), or of the last part of a header text
    joined over its rows («Сроки исполнения / 2025»); None otherwise."""
    m = _YEAR_CELL.match(text.rsplit(" / ", 1)[-1]) if text else None
    return int(m.group(1)) if m else None


def _is_year_row(row: Row) -> bool:
    """A header sub-row of year columns («2019 | 2020 | 2021»): two or more cells, every one a year."""
    texts = [c.text for c in row.cells if c.text.strip() and not c.merged]
    return len(texts) >= 2 and all(_YEAR_CELL.match(t) for t in texts)


def _numbering_row_ahead(table: Table, n: int, reach: int = 3) -> int | None:
    """Index of a column-numbering row within ``reach`` rows from ``n``, when no row before it starts
    with an item number (those rows are then sub-rows of the header above it)."""
    for j in range(n, min(n + reach, len(table.rows))):
        row = table.rows[j]
        if is_column_numbering(row, under_header=True):
            return j
        if any(_NUMBER_PREFIX.match(c.text) and not _YEAR_CELL.match(c.text) for c in row.cells):
            return None
    return None


def _number_column(table: Table, start: int, roles: list[str | None]) -> int | None:
    """The column that holds item numbers («1.», «2.», «1.1») though its header does not say «№».

    Only a column without a role qualifies, left of every text column, and at least
    ``_NUMBER_SHARE`` of its non-empty cells (two at least, or the only row of an excerpt) must be
    item numbers.
    """
    if "number" in roles:
        return None
    first_text = next((i for i, r in enumerate(roles) if r in _TEXT_ROLES or r in ("term", "responsible")), len(roles))
    for i in range(min(first_text, len(roles))):
        if roles[i] is not None:
            continue
        # Heading rows (one text across the row) are not numbered rows: they do not count.
        cells = [r.cells[i].text.strip() for r in table.rows[start:]
                 if i < len(r.cells) and not r.cells[i].merged and len(_distinct_texts(r)) > 1]
        cells = [t for t in cells if t]
        numbers = [t for t in cells if _NUMBER.match(t)]
        if numbers and len(numbers) >= _NUMBER_SHARE * len(cells):
            return i
    return None


def _content_column(table: Table, start: int, roles: list[str | None]) -> int | None:
    """The column that describes the rows when no header names one («Контрольные позиции»): the
    unnamed column whose cells are the longest words-and-letters texts (not numbers or dates)."""
    best, best_len = None, 0.0
    for i, r in enumerate(roles):
        if r is not None:
            continue
        texts = [row.cells[i].text.strip() for row in table.rows[start:]
                 if i < len(row.cells) and not row.cells[i].merged and len(_distinct_texts(row)) > 1]
        texts = [t for t in texts if t]
        if not texts or sum(1 for t in texts if regex.search(r"\p{L}{3}", t)) < 0.6 * len(texts):
            continue
        avg = sum(len(t) for t in texts) / len(texts)
        if avg > best_len:
            best, best_len = i, avg
    return best


#: A header label is short; the rows under a header of labels are longer on average by this factor.
_LABEL_MAX, _LABEL_BODY_FACTOR = 60, 2


def _label_row(table: Table) -> bool:
    """True when the first row of ``table`` reads as a row of column labels although it names one role
    only («Раздел работы | Область деятельности, где возможны коррупционные риски | Меры профилактики |
    Ответственные лица»): three or more short cells without a digit or a sentence's end, over rows
    whose cells are much longer. A first data row holds a number, a date or a sentence."""
    first = [" ".join(c.text.split()) for c in table.rows[0].cells if c.text.strip()]
    body = [" ".join(c.text.split()) for r in table.rows[1:] for c in r.cells if c.text.strip()]
    if len(first) < 3 or not body:
        return False
    if any(len(t) > _LABEL_MAX or any(ch.isdigit() for ch in t) or t.endswith((".", ";")) for t in first):
        return False
    mean = lambda ts: sum(len(t) for t in ts) / len(ts)  # noqa: E731
    return mean(body) >= _LABEL_BODY_FACTOR * mean(first)


def find_header(table: Table) -> tuple[int, list[str | None], list[str]]:
    """Return (number of header rows, role per column, header text per column).

    ``(0, [], [])`` when the table has no known header.

    A header row is one where at least two cells name a role, or the first row when it names one and
    reads as a row of labels (``_label_row``); a following row that names roles for
    columns the first left open (e.g. «I Год | II Год | III Год» under «Сроки исполнения по годам»)
    belongs to the header too, and so does a column-numbering row under it («1 | 2 | 3 | 4»). A column
    whose header cell is empty or names no role («N», «NN пп») is the number column when its cells
    are item numbers (``_number_column``).
    """
    for h, row in enumerate(table.rows[:4]):
        roles = [header_role(c.text) for c in row.cells]
        named = sum(1 for r in roles if r)
        # One named column is enough when a column-numbering row follows: that row says the row
        # above it is the header («N п/п | Контрольные позиции | …» over «1 | 2 | …»).
        numbered_below = h + 1 < len(table.rows) and is_column_numbering(table.rows[h + 1], under_header=True)
        if named < 2 and not (named == 1 and (numbered_below or (h == 0 and _label_row(table)))):
            continue
        n = h + 1
        width = table.n_cols
        roles += [None] * (width - len(roles))
        texts = [" ".join(c.text.split()) for c in row.cells] + [""] * (width - len(row.cells))
        while n < len(table.rows):
            sub = table.rows[n]
            if is_column_numbering(sub, under_header=True):
                n += 1
                continue
            # Sub-header rows of a multi-level header («Всего, в т.ч. …», «2021 | 2022 | 2023») lie
            # between the header and its column-numbering row, or hold nothing but years.
            ahead = _numbering_row_ahead(table, n)
            if ahead is not None or _is_year_row(sub):
                n = (ahead + 1) if ahead is not None else n + 1
                continue
            sub_roles = [header_role(c.text) for c in sub.cells]
            if any(_NUMBER_PREFIX.match(c.text) for c in sub.cells) or sum(1 for r in sub_roles if r) < 2:
                break
            for i, r in enumerate(sub_roles):
                if r and i < width:
                    roles[i] = r
                    texts[i] = (texts[i] + " / " + " ".join(sub.cells[i].text.split())).strip(" /")
            n += 1
        # A merged header spanning several columns hands its role to the slots it covers.
        for i in range(1, width):
            if roles[i] is None and i < len(row.cells) and row.cells[i].merged:
                roles[i] = roles[i - 1]
        if {"goal", "measure"} & set(roles):
            _calendar_year_columns(table.rows[h:n], roles, texts)
        k = _number_column(table, n, roles)
        if k is not None:
            roles[k] = "number"
        if not any(r in _TEXT_ROLES for r in roles):
            k = _content_column(table, n, roles)
            if k is not None:
                roles[k] = "content"
        return n, roles, texts
    return 0, [], []


_PLAN_YEAR_ROLE = regex.compile(r"^year_\d+$")


def _calendar_year_columns(rows: list[Row], roles: list[str | None], texts: list[str]) -> None:
    """Columns of an action plan headed by calendar years («Сроки исполнения» over «2024 | 2025 |
    2026», «2024-жыл | 2025-жыл»; the header rows ``rows``) become its year columns ``year_1`` …
    ``year_n``, as «I Год | II Год | III Год» are; the year goes into the column's header text
    (``calendar_year`` reads it back). Two or more consecutive years, left to right, in columns
    without another role, each in the top header row or under a term's header («Сроки исполнения»,
    «Аткаруу мөөнөттөрү»): years under «в том числе по годам» of «Объем финансирования» head amounts,
    not terms."""
    found: dict[int, tuple[int, str]] = {}
    for r, row in enumerate(rows):
        for i, c in enumerate(row.cells):
            if i >= len(roles) or c.merged or not (roles[i] in (None, "term") or _PLAN_YEAR_ROLE.match(roles[i] or "")):
                continue
            t = " ".join(c.text.split())
            y = calendar_year(t)
            if y is None:
                continue
            above = _header_above(rows[:r], i)
            if above is None or header_role(above) == "term":
                found[i] = (y, t)
    cols = sorted(found)
    years = [found[i][0] for i in cols]
    if len(cols) < 2 or years != list(range(years[0], years[0] + len(years))):
        return
    for k, i in enumerate(cols):
        roles[i] = f"year_{k + 1}"
        t = found[i][1]
        texts[i] = t if not texts[i] or texts[i] == t else f"{texts[i]} / {t}"


def _header_above(rows: list[Row], i: int) -> str | None:
    """The header text over column ``i`` in ``rows`` (the nearest row above first), or None. A cell
    merged across columns («Сроки исполнения» over its years) heads every column it covers: from a
    merged or empty slot, the text to its left is the one that spans it (a text export drops the
    merge and leaves the slots empty)."""
    for row in reversed(rows):
        j = min(i, len(row.cells) - 1)
        while j >= 0 and (row.cells[j].merged or not row.cells[j].text.strip()):
            j -= 1
        if j >= 0:
            return " ".join(row.cells[j].text.split())
    return None


def vertical_slots(row: Row) -> set[int]:
    """Indexes of the row's slots covered by a vertical merge (a merge from above, not from the left)."""
    horizontal: set[int] = set()
    for i, c in enumerate(row.cells):
        if c.colspan > 1 and not c.merged:
            horizontal.update(range(i + 1, i + c.colspan))
    return {i for i, c in enumerate(row.cells) if c.merged and i not in horizontal}


def is_heading_row(row: Row, roles: list[str | None]) -> bool:
    """A section heading: one distinct text in the row, and it is not an item number.

    A row whose other cells are covered by merges from above shares their values: it is a row of
    its own, not a heading.
    """
    texts = _distinct_texts(row)
    if len(texts) != 1 or vertical_slots(row):
        return False
    t = texts[0]
    if _is_number(t):
        return False
    first_text_col = next(i for i, c in enumerate(row.cells) if c.text.strip() and not c.merged)
    role = roles[first_text_col] if first_text_col < len(roles) else None
    # A lone text in a term/owner column is a row with its other cells missing, not a heading.
    return role in (None, "number", "content", "name", "goal", "measure") or first_text_col == 0


#: An item number printed at the start of a text cell («1. Обновление …», «2.1 Проведение …»), when
#: the table has no number column of its own; never a date or year («1.2020-жылга», «2024 год»).
_TEXT_NUMBER = regex.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.)][ \t\u00a0]+(?=[\p{L}«\"(])"
                             r"|^\s*(\d{1,3}(?:\.\d{1,3})+)[ \t\u00a0]+(?=[\p{L}«\"(])")
#: A section number in roman numerals («I», «II.», «IV»): the row is a heading («I | Биринчи квартал»).
_ROMAN = regex.compile(r"^\s*[IVXLC]{1,5}\.?\s*$")


def _text_number(text: str) -> tuple[str | None, str | None]:
    """(number as printed, path) of an item number at the start of a text cell, else (None, None)."""
    m = _TEXT_NUMBER.match(text)
    if not m:
        return None, None
    return m.group(0).strip(), m.group(1) or m.group(2)


def _next_sibling(path: str | None, prev: str | None) -> bool:
    """True when ``path`` numbers the item after ``prev`` at the same level («3» after «2», «1.3» after «1.2»)."""
    if not path or not prev:
        return False
    a, b = path.split("."), prev.split(".")
    return len(a) == len(b) and a[:-1] == b[:-1] and a[-1].isdigit() and b[-1].isdigit() and int(a[-1]) == int(b[-1]) + 1


def _roman_heading(row: Row, roles: list[str | None]) -> str | None:
    """The text of a section row numbered in roman numerals in the number column («I | Биринчи
    квартал» → «I Биринчи квартал»), else None."""
    texts = _distinct_texts(row)
    if len(texts) != 2 or vertical_slots(row):
        return None
    first = next(i for i, c in enumerate(row.cells) if c.text.strip() and not c.merged)
    if (roles[first] if first < len(roles) else None) != "number" or not _ROMAN.match(texts[0]):
        return None
    return f"{texts[0]} {texts[1]}"


def _heading_flags(body: list[Row], roles: list[str | None]) -> list[str | None]:
    """Per body row, the heading text when the row is a section heading, else None.

    A lone text that starts with the item number following the last row's («3. Плановые заседания …»
    after row «2.») is that row cut short (an excerpt ends in it, or its other cells were lost), not a
    heading; a lone «1. …» over rows «1.1.», «1.2.» stays a heading.
    """
    out: list[str | None] = []
    last_path: str | None = None
    has_number = "number" in roles
    for row in body:
        roman = _roman_heading(row, roles)
        if roman is not None:
            out.append(roman)
            continue
        if is_heading_row(row, roles):
            text = _distinct_texts(row)[0]
            _, path = _text_number(text)
            if not (path and _next_sibling(path, last_path)):
                out.append(text)
                continue
        out.append(None)
        cell = next((c.text for i, c in enumerate(row.cells) if i < len(roles) and roles[i] == "number"), "")
        path = _number_of(cell)[1] if has_number else None
        if path is None:
            texts = _distinct_texts(row)
            path = _text_number(texts[0])[1] if texts else None
        last_path = path or last_path
    return out


def _number_of(text: str) -> tuple[str | None, str | None]:
    m = _NUMBER_PREFIX.match(text)
    if not m:
        return None, None
    return text.strip() if _NUMBER.match(text) else m.group(0).strip(), m.group(1)


def interpret_table(ctx: Context, table: Table, activity_kind: str) -> tuple[list[Activity], list[str]]:
    """Activities of a plan or schedule table, with their sections; also the section headings."""
    n_header, roles, _ = find_header(table)
    guessed = False  # the roles were guessed from the cells (``Activity.roles_inferred``)
    if not roles:
        roles = _previous_roles(ctx, table)
        if roles:
            ctx.warnings.append(f"table {table.index}: no header row; it continues the columns of the table "
                                f"above it ({_role_list(roles)})")
    if not roles:
        roles = infer_roles(table)
        if not roles:
            return [], []
        guessed = True
        ctx.warnings.append(f"table {table.index}: no header row; column roles taken from the cells' content "
                            f"({_role_list(roles)})")
    if "number" not in roles:
        # The roles came from a header without cells to judge (a continued table): the cells decide.
        k = _number_column(table, n_header, roles)
        if k is not None:
            roles = list(roles)
            roles[k] = "number"
    body = table.rows[n_header:]
    heading_texts = _heading_flags(body, roles)
    heading_flags = [h is not None for h in heading_texts]
    # Runs of consecutive headings give the depth of the section tree (seed 000: group + section).
    depth, run = 1, 0
    for f in heading_flags:
        run = run + 1 if f else 0
        depth = max(depth, run)
    path: list[str] = []
    pending: list[str] = []
    sections: list[str] = []
    out: list[Activity] = []
    last_values: dict[int, str] = {}
    for row, heading in zip(body, heading_texts):
        if heading is not None:
            text = heading
            sections.append(text)
            pending.append(text)
            continue
        if pending:
            # A run of k headings fills the deepest k levels; a lone heading replaces the deepest.
            k = min(len(pending), depth)
            path = path[: depth - k] + pending[-k:]
            pending = []
        if not _distinct_texts(row) or is_column_numbering(row):
            continue
        cells: dict[str, str] = {}
        confidence: dict[str, float] = {}
        inherited = vertical_slots(row)
        for i, c in enumerate(row.cells):
            role = roles[i] if i < len(roles) else None
            role = role or f"col{i + 1}"
            conf = getattr(c, "confidence", None)
            if conf is not None and c.text.strip():
                confidence[role] = min(conf, confidence.get(role, 1.0))
            # A slot covered by a vertical merge holds the value of the merged cell above it.
            text = last_values.get(i, "") if i in inherited else c.text.strip()
            last_values[i] = text
            if role in cells:
                if text and text not in cells[role]:
                    cells[role] = (cells[role] + "\n" + text).strip()
            else:
                cells[role] = text
        number, num_path = _number_of(cells.get("number", ""))
        text = next((cells[r] for r in _TEXT_ROLES if cells.get(r)), "")
        if "number" not in cells and text:
            # No number column: the item number is printed at the start of the text cell.
            number, num_path = _text_number(text)
            if number:
                text = text[len(text) - len(text.lstrip()) + len(number):].strip()
        out.append(Activity(kind=activity_kind, number=number, path=num_path, section=list(path), text=text,
                            cells=cells, provenance=ctx.row_provenance(table, row), ocr=ocr_info(confidence),
                            roles_inferred=guessed))
    return out, sections


def _role_list(roles: list[str | None]) -> str:
    return ", ".join(r or "?" for r in roles)


#: A table that continues the one above it is separated from it by at most this many short paragraphs
#: (section headings printed between the two pieces), each at most this long.
_CONTINUATION_GAP, _HEADING_CHARS = 3, 200


def _previous_roles(ctx: Context, table: Table) -> list[str | None]:
    """The column roles of the table this one continues, or [].

    A table without a header row continues the table right above it when they have the same number of
    columns and nothing but a few short headings lies between them (a page or section break).
    """
    blocks = ctx.raw.blocks
    pos = next((k for k, b in enumerate(blocks) if b is table), None)
    if pos is None:
        return []
    gap = 0
    for b in reversed(blocks[:pos]):
        if isinstance(b, Table):
            if b.n_cols != table.n_cols:
                return []
            _, roles, _ = find_header(b)
            return roles or _previous_roles(ctx, b)
        if b.text.strip():
            gap += 1
            if gap > _CONTINUATION_GAP or len(b.text) > _HEADING_CHARS:
                return []
    return []


#: A person as plans name owners: «Дикалов А.Н.», «А.В. Кухтин».
_PERSON = regex.compile(r"\p{Lu}\.\s?\p{Lu}\.")
#: An abbreviation of a body: «ТИК», «ЦИК», «МЦР».
_ABBREVIATION = regex.compile(r"(?<!\p{L})\p{Lu}{2,}(?!\p{L})")


@lru_cache(maxsize=None)
def _executor_words() -> "regex.Pattern":
    """The stems naming bodies and people (``executor_words`` of ``corpus/action_plan.yaml``), all languages."""
    words = {norm_ws(w).lower() for s in corpus.action_plan_phrases().languages() for w in s.executor_words if w.strip()}
    alternation = "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) or r"(?!)"
    return regex.compile(rf"(?<!\w)(?:{alternation})", regex.I)


def _owner_like(text: str) -> bool:
    """A cell that names who does a row: a body's word or abbreviation, or a person with initials, and
    it does not start like a description («Проведение …» has no initials and is long)."""
    return bool(_PERSON.search(text) or _ABBREVIATION.search(text) or _executor_words().search(text))


#: Share of a column's non-empty cells that must look like its role for ``infer_roles`` to give it.
_ROLE_SHARE = 0.5
#: A term or owner cell is short; a longer cell describes the activity.
_SHORT_CELL = 160


def infer_roles(table: Table) -> list[str | None]:
    """Column roles of a table without a header row, from what its cells hold; [] when unsure.

    The number column holds item numbers («1.», «2.», «1.1»), the term column short phrases the term
    grammar reads as a date, range, period or deadline, the responsible column short lists of bodies or
    people, and the content column (the longest texts) describes the rows. Roles are given only when a
    number column, a content column and a term or responsible column are all found; every row counts,
    the first included (it is data, not a header).
    """
    # on call: the term grammar is needed only for headerless tables
    from shailoo.parsers.extract.terms import parse_terms

    rows = [r for r in table.rows if len(_distinct_texts(r)) > 1 and not is_column_numbering(r)]
    if not rows:
        return []
    width = table.n_cols
    columns = [[r.cells[i].text.strip() for r in rows if i < len(r.cells) and not r.cells[i].merged
                and r.cells[i].text.strip()] for i in range(width)]
    roles: list[str | None] = [None] * width

    def share(texts: list[str], test) -> float:
        return sum(1 for t in texts if test(t)) / len(texts) if texts else 0.0

    def is_term(t: str) -> bool:
        if len(t) > _SHORT_CELL:
            return False
        terms = parse_terms(t)
        return bool(terms) and all(x.kind != "unparsed" for x in terms)

    def is_owner(t: str) -> bool:
        return len(t) <= _SHORT_CELL and _owner_like(t)

    for i, texts in enumerate(columns):
        if texts and share(texts, _is_number) >= _NUMBER_SHARE:
            roles[i] = "number"
            break
    def pick(role: str, test) -> None:
        # The column most of whose cells pass ``test``; on a tie the leftmost.
        best = max(((share(texts, test), -i) for i, texts in enumerate(columns) if roles[i] is None and texts),
                   default=(0.0, None))
        if best[1] is not None and best[0] >= _ROLE_SHARE:
            roles[-best[1]] = role

    pick("term", is_term)
    # The content column before the owners: its descriptions name bodies too («… нахождения ТИК»).
    lengths = [(sum(len(t) for t in texts) / len(texts), i) for i, texts in enumerate(columns)
               if texts and roles[i] is None]
    if lengths:
        roles[max(lengths)[1]] = "content"
    pick("responsible", is_owner)
    if "number" not in roles or "content" not in roles or not {"term", "responsible"} & set(roles):
        return []
    return roles


#: Below this OCR confidence (0–1) a cell's text is flagged as possibly misread.
LOW_CONFIDENCE = 0.75


def ocr_info(confidence: dict[str, float]) -> "OcrInfo | None":
    """What OCR says about a row read from a scanned page: per-cell confidence and the doubtful cells."""
    if not confidence:
        return None
    return OcrInfo(confidence=round(min(confidence.values()), 3),
                   cells={k: round(v, 3) for k, v in confidence.items()},
                   low_confidence=sorted(k for k, v in confidence.items() if v < LOW_CONFIDENCE))


def kind_from_columns(roles: list[str | None]) -> str:
    rs = set(r for r in roles if r)
    if {"goal", "measure"} & rs or {"year_1", "year_2"} <= rs:
        return "action_plan"
    if "place" in rs or "participants" in rs:
        return "event_schedule"
    if {"term", "responsible"} <= rs:
        return "calendar_plan"
    return "unknown"


def record_columns(info: DocumentInfo, table: Table) -> None:
    """Note each column role's header text in the document info (first table wins)."""
    _, roles, texts = find_header(table)
    for r, text in zip(roles, texts):
        if r == "responsible" and info.kind == "action_plan":
            r = "executor"  # «Исполнитель» of an action plan (as shailoo.parsers.interpret.action_plan names it)
        if r and r not in info.columns:
            info.columns[r] = text
