"""Tables of plans and schedules: the header rows and the role of each column (``column_roles`` of
the language files), section headings as a path (runs of consecutive heading rows give the levels),
and one ``Activity`` per row."""

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
    """The role of a column header, by the longest phrase of any language it contains."""
    t = norm_ws(text)
    if not t:
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


def find_header(table: Table) -> tuple[int, list[str | None], list[str]]:
    """Return (number of header rows, role per column, header text per column).

    ``(0, [], [])`` when the table has no known header.

    A header row is one where at least two cells name a role; a following row that names roles for
    columns the first left open (e.g. «I Год | II Год | III Год» under «Сроки исполнения по годам»)
    belongs to the header too.
    """
    for h, row in enumerate(table.rows[:4]):
        roles = [header_role(c.text) for c in row.cells]
        if sum(1 for r in roles if r) < 2:
            continue
        n = h + 1
        width = table.n_cols
        roles += [None] * (width - len(roles))
        texts = [" ".join(c.text.split()) for c in row.cells] + [""] * (width - len(row.cells))
        while n < len(table.rows):
            sub = table.rows[n]
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
        return n, roles, texts
    return 0, [], []


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


def _number_of(text: str) -> tuple[str | None, str | None]:
    m = _NUMBER_PREFIX.match(text)
    if not m:
        return None, None
    return text.strip() if _NUMBER.match(text) else m.group(0).strip(), m.group(1)


def interpret_table(ctx: Context, table: Table, activity_kind: str) -> tuple[list[Activity], list[str]]:
    """Activities of a plan or schedule table, with their sections; also the section headings."""
    n_header, roles, _ = find_header(table)
    if not roles:
        return [], []
    body = table.rows[n_header:]
    heading_flags = [is_heading_row(r, roles) for r in body]
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
    for row, is_heading in zip(body, heading_flags):
        if is_heading:
            text = _distinct_texts(row)[0]
            sections.append(text)
            pending.append(text)
            continue
        if pending:
            # A run of k headings fills the deepest k levels; a lone heading replaces the deepest.
            k = min(len(pending), depth)
            path = path[: depth - k] + pending[-k:]
            pending = []
        if not _distinct_texts(row):
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
        out.append(Activity(kind=activity_kind, number=number, path=num_path, section=list(path), text=text,
                            cells=cells, provenance=ctx.row_provenance(table, row), ocr=ocr_info(confidence)))
    return out, sections


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
