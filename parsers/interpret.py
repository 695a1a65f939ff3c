"""Table interpretation: from a reader's blocks to the typed document (``shailoo.model``).

This is where CEC documents are understood, independently of the format they came in:

1. the language (Russian, Kyrgyz) from marker words and letters of the language files;
2. the header facts of the front matter: title, approving act, election day, plan period;
3. the document kind, from the title (phrases of ``document_kinds``), else from the column roles;
4. per table: the header rows and the role of each column (``column_roles``), section headings as a
   path (runs of consecutive heading rows give the levels), and one ``Activity`` per row;
5. action plans (goal → measure → action) and prose documents (numbered points, flattened tables)
   are delegated to ``parsers.action_plan`` and ``parsers.prose``.

Nothing here knows a format; nothing here has a word of Russian or Kyrgyz: words come from
``corpus/lang/*.yaml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import regex

import corpus
from shailoo.model import (
    Activity,
    Approval,
    DocumentInfo,
    Mention,
    ParsedDocument,
    Period,
    Provenance,
    Source,
    TextBlock,
)
from shailoo.normalize import norm, norm_ws

from .blocks import Paragraph, RawDocument, Row, Table
from .dates import date_regex, expand, parse_date, weekday_regex

_NUMBER = regex.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?\s*$")
_NUMBER_PREFIX = regex.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?(?=\s|$)")
_WORD = regex.compile(r"\w+")

#: Longest text of a stamp or title block; longer paragraphs are body text.
_STAMP_MAX = 300
#: Column roles that hold the description of an activity, in order of preference.
_TEXT_ROLES = ("content", "name", "measure", "action", "goal")


# --------------------------------------------------------------------------- language data


@lru_cache(maxsize=None)
def _compiled_patterns(code: str) -> dict[str, "regex.Pattern"]:
    lang = corpus.language(code)
    out = {}
    for key, spec in lang.patterns.items():
        rx = spec.regex.replace("WEEKDAY", weekday_regex()).replace("DATE", date_regex())
        out[key] = regex.compile(expand(rx), regex.I)
    return out


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


@lru_cache(maxsize=None)
def _kind_phrases(code: str) -> tuple[tuple[str, str], ...]:
    lang = corpus.language(code)
    return tuple((norm_ws(p), kind) for kind, ps in lang.document_kinds.items() for p in ps)


def detect_language(text: str) -> str:
    """``ru``, ``ky`` or ``unknown`` by marker words (and Kyrgyz letters) of the language files."""
    words = _WORD.findall(norm(text[:200000]))
    if not words:
        return "unknown"
    # Scores count words with repetition; each distinct word is tested once.
    counts = Counter(words)
    scores = {}
    for lang in corpus.all_languages():
        markers = {norm(w) for w in lang.markers.get("words", [])}
        scores[lang.language] = sum(n for w, n in counts.items() if w in markers)
        letters = lang.markers.get("letters", [])
        if letters:
            scores[lang.language] += sum(n for w, n in counts.items() if any(ch in w for ch in letters)) // 2
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "unknown"


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What the interpreters of one document share."""

    raw: RawDocument
    language: str
    file: str
    kind: str = "unknown"
    info: DocumentInfo | None = None
    warnings: list[str] = field(default_factory=list)

    def row_provenance(self, table: Table, row: Row, quote: str | None = None) -> Provenance:
        cells = [c for c in row.cells if c.start >= 0]
        start = cells[0].start if cells else None
        end = cells[-1].end if cells else None
        pages = sorted({p for p, _ in row.pieces if p is not None})
        if quote is None:
            quote = self.raw.text[start:end] if start is not None else ""
        return Provenance(file=self.file, page=row.page, table=table.index, row=row.index, pages=pages,
                          start=start, end=end, quote=quote)

    def para_provenance(self, p: Paragraph, start: int | None = None, end: int | None = None) -> Provenance:
        s = p.start if start is None else start
        e = p.end if end is None else end
        return Provenance(file=self.file, page=p.page, start=s, end=e, quote=self.raw.text[s:e])


# --------------------------------------------------------------------------- columns and rows


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
    from shailoo.model import OcrInfo

    return OcrInfo(confidence=round(min(confidence.values()), 3),
                   cells={k: round(v, 3) for k, v in confidence.items()},
                   low_confidence=sorted(k for k, v in confidence.items() if v < LOW_CONFIDENCE))


# --------------------------------------------------------------------------- header facts


def _front_paragraphs(raw: RawDocument) -> list[Paragraph]:
    out = []
    for b in raw.blocks:
        if isinstance(b, Table):
            if out:
                break
            continue
        out.append(b)
    return out or list(raw.paragraphs())[:10]


def header_facts(ctx: Context, info: DocumentInfo) -> list[tuple[int, int]]:
    """Fill title, approval, election day, period and kind from the front matter.

    Returns the spans of the approval stamp, so that kind detection does not read «Утвержден
    постановлением» as the title of a resolution.
    """
    paras = _front_paragraphs(ctx.raw)
    pats = _compiled_patterns(ctx.language if ctx.language in corpus.LANGUAGES else "ru")
    all_pats = [pats] + [_compiled_patterns(c) for c in corpus.LANGUAGES if c != ctx.language]
    approval_spans: list[tuple[int, int]] = []
    for p in paras:
        if len(p.text) > _STAMP_MAX:
            continue  # an approval stamp is a short block, not a sentence of the body
        n = norm(p.text)
        m = pats["approval"].search(n)
        if not m:
            continue
        pd = parse_date(p.text[m.start("date"):m.end("date")])
        number = m.group("number") if "number" in m.groupdict() else None
        act = pats["approval_act"].search(n)
        by = pats["approval_by"].search(n)
        by_text = " ".join(p.text[by.start("by"):by.end("by")].split()) if by else None
        info.approved = Approval(
            by=by_text,
            act=p.text[act.start("act"):act.end("act")] if act else None,
            number=p.text[m.start("number"):m.end("number")] if number else None,
            date=pd.to_date() if pd else None,
            raw=" ".join(p.text[m.start():m.end()].split()),
            provenance=ctx.para_provenance(p, p.start + m.start(), p.start + m.end()),
        )
        approval_spans.append((p.start + m.start(), p.start + m.end()))
        break
    # Election day: the first statement of it in the front matter, then anywhere in the paragraphs.
    for scope in (paras, list(ctx.raw.paragraphs())):
        for p in scope:
            n = norm(p.text)
            for pp in all_pats:
                m = pp["election_day"].search(n)
                if m:
                    g = "date" if m.group("date") else "date2"
                    pd = parse_date(p.text[m.start(g):m.end(g)])
                    if pd and pd.to_date() and pd.year:
                        info.election_day = pd.to_date()
                        info.election_day_raw = " ".join(p.text[m.start(g):m.end(g)].split())
                        break
            if info.election_day:
                break
        if info.election_day:
            break
    for p in paras:
        n = norm(p.text)
        for pp in all_pats:
            m = pp["period"].search(n)
            if m:
                s, e = int(m.group("start")), int(m.group("end"))
                if s <= e:
                    info.period = Period(start=dt.date(s, 1, 1), end=dt.date(e, 12, 31),
                                         raw=" ".join(p.text[m.start():m.end()].split()))
                break
        if info.period:
            break
    # Kind and title: the first front paragraph (outside the approval stamp) naming a kind.
    phrases = [kp for c in ([ctx.language] if ctx.language in corpus.LANGUAGES else []) + list(corpus.LANGUAGES)
               for kp in _kind_phrases(c)]
    for i, p in enumerate(paras):
        n = norm_ws(_outside(p, approval_spans))
        hit = next((kind for phrase, kind in phrases if phrase in n), None)
        if hit:
            info.kind = hit
            if len(p.text) <= _STAMP_MAX:
                title = " ".join(p.text.split())
                if len(title) <= 40 and i + 1 < len(paras):
                    title = title + " " + " ".join(paras[i + 1].text.split())
                info.title = title
            break
    if info.title is None and paras:
        info.title = " ".join(paras[0].text.split())
    return approval_spans


def _outside(p: Paragraph, spans: list[tuple[int, int]]) -> str:
    text = p.text
    for s, e in spans:
        if p.start <= s < p.end:
            a, b = s - p.start, min(e, p.end) - p.start
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def kind_from_columns(roles: list[str | None]) -> str:
    rs = set(r for r in roles if r)
    if {"goal", "measure"} & rs or {"year_1", "year_2"} <= rs:
        return "action_plan"
    if "place" in rs or "participants" in rs:
        return "event_schedule"
    if {"term", "responsible"} <= rs:
        return "calendar_plan"
    return "unknown"


# --------------------------------------------------------------------------- the document


def _record_columns(info: DocumentInfo, table: Table) -> None:
    """Note each column role's header text in the document info (first table wins)."""
    _, roles, texts = find_header(table)
    for r, text in zip(roles, texts):
        if r == "responsible" and info.kind == "action_plan":
            r = "executor"  # «Исполнитель» of an action plan (as parsers.action_plan names it)
        if r and r not in info.columns:
            info.columns[r] = text


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def term_context(info: DocumentInfo):
    """The reference for inferring missing years: election day, else approval date, else plan period."""
    from .terms import TermContext

    period = (info.period.start.year, info.period.end.year) if info.period and info.period.start and info.period.end else None
    if info.election_day:
        return TermContext(reference=info.election_day, reference_source="election_day", period=period)
    if info.approved and info.approved.date:
        return TermContext(reference=info.approved.date, reference_source="approval", period=period)
    if period:
        return TermContext(reference=dt.date(period[0], 1, 1), reference_source="period", period=period)
    return TermContext()


def add_terms(ctx: Context, info: DocumentInfo, activities: list[Activity], overrides: dict | None) -> None:
    """Type the term cell of every activity, resolve it against the election calendar, pair sessions."""
    from .calendar import calendar_from_document, resolve
    from .sessions import pair_sessions
    from .terms import parse_terms

    tctx = term_context(info)
    cal = calendar_from_document(info, overrides or {})
    for a in activities:
        text = a.cells.get("term", "")
        if a.terms or not text.strip():
            continue
        a.terms = [resolve(t, cal) for t in parse_terms(text, tctx)]
        a.term = a.terms[0] if a.terms else None
        if info.kind == "event_schedule" and "place" in a.cells:
            a.sessions, a.sessions_reason = pair_sessions(a.term, a.cells["place"])


#: Cell roles that name who does the activity.
_OWNER_ROLES = ("responsible", "executor")


@dataclass
class DocumentRefs:
    """What the whole document says about names, computed once: body aliases («(далее – ЦИК)»),
    act definitions («(далее-Закон)») and the election kind that decides a bare «Закон»."""

    aliases: dict
    definitions: dict
    election_kind: str | None

    @classmethod
    def of(cls, ctx: Context, info: DocumentInfo) -> "DocumentRefs":
        from .bodies import document_aliases
        from .citations import document_act_definitions, election_kind_of

        text = ctx.raw.text
        return cls(document_aliases(text), document_act_definitions(text), election_kind_of(info.title))


def add_owners_and_citations(ctx: Context, activities: list[Activity], refs: DocumentRefs) -> None:
    """Split every owner cell into citations and owners, and type both (bodies by gazetteer id).

    Citations in an owner cell («ЦИК (ч.4 ст.12 Закона)») move to the activity's ``citations``; the
    rest of the cell names the owners. A legal-basis column gives citations only.
    """
    from .bodies import owners_of
    from .citations import find_citations, strip_citations

    aliases, definitions, kind = refs.aliases, refs.definitions, refs.election_kind
    for a in activities:
        for role in _OWNER_ROLES + ("legal_basis",):
            cell = a.cells.get(role, "")
            if not cell.strip():
                continue
            cites = find_citations(cell, definitions, kind)
            a.citations.extend(cites)
            if role != "legal_basis" and not a.responsible:
                a.responsible = owners_of(strip_citations(cell, cites) if cites else cell, aliases)


def body_and_citation_mentions(ctx: Context, refs: DocumentRefs) -> list[Mention]:
    """Bodies and citations anywhere in the document text, one cell or line at a time."""
    from .bodies import find_bodies
    from .citations import find_citations

    text = ctx.raw.text
    aliases, definitions, kind = refs.aliases, refs.definitions, refs.election_kind
    out: list[Mention] = []
    for seg in _SEGMENT.finditer(text):
        s = seg.group()
        # One reference («ч.1,2 ст.12 Закона») gives several citations over one span: one mention.
        spans: dict[tuple[int, int], list] = {}
        for c in find_citations(s, definitions, kind):
            spans.setdefault((c.start, c.end), []).append(c)
        found = [("body", b) for b in find_bodies(s, aliases)]
        found += [("citation", _Span(start, end, cs)) for (start, end), cs in spans.items()]
        for typ, v in found:
            start, end = seg.start() + v.start, seg.start() + v.end
            value = v.value if isinstance(v, _Span) else v
            out.append(Mention(type=typ, text=text[start:end], start=start, end=end, value=value,
                               provenance=Provenance(file=ctx.file, start=start, end=end, quote=text[start:end])))
    return out


@dataclass
class _Span:
    start: int
    end: int
    value: list


_SEGMENT = regex.compile(r"[^\t\n]+")


def find_mentions(ctx: Context, info: DocumentInfo) -> list[Mention]:
    """Dates, ranges and terms anywhere in the document text, one cell or line at a time."""
    from .terms import find_term_mentions

    tctx = term_context(info)
    out: list[Mention] = []
    text = ctx.raw.text
    for seg in _SEGMENT.finditer(text):
        for t in find_term_mentions(seg.group(), tctx):
            start, end = seg.start() + t.start, seg.start() + t.end
            kind = "date" if t.kind == "date" else "range" if t.kind == "range" else "term"
            out.append(Mention(type=kind, text=text[start:end], start=start, end=end, value=t,
                               provenance=Provenance(file=ctx.file, start=start, end=end, quote=text[start:end])))
    return out


def clear_caches() -> None:
    """Forget every result the grammars remember per text (bodies, citations, terms, normal forms).

    Results never depend on what was remembered, only on the text: this is for tests that prove it,
    and for benchmarks that time the grammars from nothing. Loaded pipelines and compiled grammars
    are kept.
    """
    from shailoo import normalize

    from . import bodies, citations, terms

    for cached in (bodies._found, bodies._owners, bodies._analyse, bodies._doc, bodies._alias_key_of,
                   citations._readings, citations.act_by_title, normalize._norm_cached, normalize._norm_ws_cached):
        cached.cache_clear()
    terms.clear_cache()


def interpret(raw: RawDocument, display_path: str | None = None, calendar: dict | None = None) -> ParsedDocument:
    """Turn a finalized ``RawDocument`` into the typed ``ParsedDocument``.

    ``calendar`` overrides or completes the election calendar (anchor id → date, e.g.
    ``{"election_day": date(2022, 10, 9), "calling_of_election": ...}``).
    """
    file = display_path or raw.path
    language = detect_language(raw.text)
    ctx = Context(raw=raw, language=language, file=file)
    info = DocumentInfo(language=language)
    ctx.info = info
    header_facts(ctx, info)
    tables = list(raw.tables())
    if info.kind == "unknown":
        for t in tables:
            _, roles, _ = find_header(t)
            k = kind_from_columns(roles)
            if k != "unknown":
                info.kind = k
                break
    ctx.kind = info.kind
    activities: list[Activity] = []
    consumed_tables: set[int] = set()
    if info.kind == "action_plan":
        from .action_plan import interpret_action_plan

        acts, used = interpret_action_plan(ctx, tables)
        activities.extend(acts)
        consumed_tables |= used
        for t in tables:
            if t.index in used:
                _record_columns(info, t)
    activity_kind = "activity" if info.kind in ("calendar_plan", "event_schedule") else "row"
    for t in tables:
        if t.index in consumed_tables:
            continue
        acts, sections = interpret_table(ctx, t, activity_kind)
        if not acts and not sections:
            continue
        _record_columns(info, t)
        info.sections.extend(sections)
        activities.extend(acts)
    consumed_paras: set[int] = set()
    if info.kind in ("report", "resolution", "event_schedule", "unknown"):
        from .prose import interpret_prose

        acts, used = interpret_prose(ctx, info)
        activities.extend(acts)
        consumed_paras |= used
    # Tables and prose are interpreted in separate passes; the output is in reading order.
    activities.sort(key=lambda a: a.provenance.start if a.provenance.start is not None else -1)
    if calendar and calendar.get("election_day"):
        if info.election_day and info.election_day != calendar["election_day"]:
            ctx.warnings.append(f"the document's election day {info.election_day.isoformat()} is replaced by "
                                f"{calendar['election_day'].isoformat()}, given as an option")
        info.election_day = calendar["election_day"]
    add_terms(ctx, info, activities, calendar)
    refs = DocumentRefs.of(ctx, info)
    add_owners_and_citations(ctx, activities, refs)
    mentions = find_mentions(ctx, info) + body_and_citation_mentions(ctx, refs)
    mentions.sort(key=lambda m: (m.start, m.end))
    paragraphs = [TextBlock(text=p.text, style=p.style, provenance=ctx.para_provenance(p))
                  for p in raw.paragraphs() if p.start not in consumed_paras]
    size = os.path.getsize(raw.path) if os.path.exists(raw.path) else len(raw.text.encode())
    source = Source(path=file, sha256=sha256_of(raw.path) if os.path.exists(raw.path) else "",
                    format=raw.format, pages=raw.pages, size=size, encoding=raw.encoding)
    warnings = list(raw.warnings) + ctx.warnings
    return ParsedDocument(source=source, document=info, activities=activities, paragraphs=paragraphs,
                          mentions=mentions, warnings=warnings)
