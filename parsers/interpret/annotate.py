"""Annotation of interpreted activities by the grammars of ``shailoo.parsers.extract``: typed terms
resolved against the election calendar, sessions, owners and citations, and the mentions of dates,
terms, bodies and citations anywhere in the text."""

from __future__ import annotations

import bisect
import copy
import datetime as dt
from dataclasses import dataclass, replace
from types import UnionType
from typing import Annotated, Iterator, Literal, Union, get_args, get_origin

import regex

from pydantic import BaseModel

from shailoo.model import Activity, DocumentInfo, Mention, Provenance, RelativeTerm, TermDate
from shailoo.parsers.extract.bodies import Home, document_aliases, document_home, find_bodies, owners_of
from shailoo.parsers.extract.calendar import calendar_from_document, resolve
from shailoo.parsers.extract.citations import (document_act_definitions, election_kind_of, find_citations,
                                               strip_citations)
from shailoo.parsers.extract.sessions import pair_sessions
from shailoo.parsers.extract.terms import TermContext, find_term_mentions, last_full_date, parse_terms

from .context import Context


def term_context(info: DocumentInfo) -> TermContext:
    """What the document gives for completing missing years (the policy: ``shailoo.parsers.extract.terms``):
    the plan period (``title`` when it is the one year a title names), and the reference date —
    election day, else the approval date, else the act's own date (a resolution's deadlines follow it,
    as a plan's follow its approval)."""
    period, period_source = None, "period"
    if info.period and info.period.start and info.period.end:
        period = (info.period.start.year, info.period.end.year)
        period_source = "title" if period[0] == period[1] else "period"
    resolution = getattr(info, "resolution", None)
    if info.election_day:
        ref, src = info.election_day, "election_day"
    elif info.approved and info.approved.date:
        ref, src = info.approved.date, "approval"
    elif resolution is not None and resolution.date:
        ref, src = resolution.date, "approval"
    else:
        ref, src = None, None
    return TermContext(reference=ref, reference_source=src, period=period, period_source=period_source)


def _nearest(tctx: TermContext, last: dt.date | None) -> TermContext:
    """``tctx`` completing years from ``last``, the nearest date printed with its year before the text."""
    return replace(tctx, reference=last, reference_source="nearest_date") if last is not None else tctx


def _full_dates(ctx: Context) -> list[tuple[int, dt.date]]:
    """(end offset, date) of every date the document prints with its year, in order; found once per
    document (``add_terms`` may be given its activities a chunk at a time) and kept on ``ctx``."""
    if ctx.full_dates is not None:
        return ctx.full_dates
    out: list[tuple[int, dt.date]] = []
    text = ctx.raw.text
    for seg in _SEGMENT.finditer(text):
        for t in find_term_mentions(seg.group()):
            last = last_full_date([t])
            if last is not None:
                out.append((seg.start() + t.end, last))
    ctx.full_dates = out
    return out


def _before(dates: list[tuple[int, dt.date]], pos: int | None) -> dt.date | None:
    if pos is None:
        return None
    i = bisect.bisect_left(dates, (pos, dt.date.min))
    return dates[i - 1][1] if i else None


def add_terms(ctx: Context, info: DocumentInfo, activities: list[Activity], overrides: dict | None) -> None:
    """Type the term cell of every activity, resolve it against the election calendar, pair sessions."""
    tctx = term_context(info)
    cal = calendar_from_document(info, overrides or {})
    dates = None
    # A plan repeats its term phrasings row after row: each (text, context) is read once, and a
    # repeat gets copies of its first terms.
    seen: dict[tuple[str, TermContext], list] = {}
    for a in activities:
        text = a.cells.get("term", "")
        if a.terms or not text.strip():
            continue
        actx = tctx
        # A point of prose completes a year from the nearest date printed before it, as prose does
        # (``find_mentions``); a plan's row only when the document gives no year at all.
        if a.kind == "point" or (tctx.reference is None and tctx.period is None):
            if dates is None:
                dates = _full_dates(ctx)
            actx = _nearest(tctx, _before(dates, a.provenance.start))
        first = seen.get((text, actx))
        if first is None:
            a.terms = seen[(text, actx)] = [resolve(t, cal) for t in parse_terms(text, actx)]
        else:
            a.terms = _clone(first) if first else []
        a.term = a.terms[0] if a.terms else None
        if info.kind == "event_schedule" and "place" in a.cells:
            a.sessions, a.sessions_reason = pair_sessions(a.term, a.cells["place"])


#: Cell roles that name who does the activity.
_OWNER_ROLES = ("responsible", "executor")
#: Cell roles read for citations only: a legal-basis column and a notes column («Примечание»,
#: «Эскертүү»: «(конституциялык Мыйзам, 14-бер. 4-бөл.)»).
_CITATION_ROLES = ("legal_basis", "note")
#: Cell roles whose bracketed references are citations of the row («Образование избирательных участков
#: (ч. 1 ст. 10 ЗКО)», «Не позднее чем за 45 дней … (п. 2 ст. 9 Закона ЧР)»); elsewhere in these cells a
#: number is more often a count or a date than a provision.
_BRACKET_ROLES = ("content", "term")
_ROLES = _OWNER_ROLES + _CITATION_ROLES + _BRACKET_ROLES


@dataclass
class DocumentRefs:
    """What the whole document says about names, computed once: body aliases («(далее – ЦИК)»),
    act definitions («(далее-Закон)») and the election kind that decides a bare «Закон»."""

    aliases: dict
    definitions: dict
    election_kind: str | None
    #: whose document it is (the CEC's or another body's, Kyrgyz or not): decides whether «рабочая
    #: группа» is the CEC's and «ЦИК» the Kyrgyz one
    home: Home = Home()

    @classmethod
    def of(cls, ctx: Context, info: DocumentInfo) -> "DocumentRefs":
        text = ctx.raw.text
        return cls(document_aliases(text), document_act_definitions(text), election_kind_of(info.title),
                   document_home(_header(info, text), text))


def add_owners_and_citations(ctx: Context, activities: list[Activity], refs: DocumentRefs) -> None:
    """Split every owner cell into citations and owners, and type both (bodies by gazetteer id).

    Citations in an owner cell («ЦИК (ч.4 ст.12 Закона)») move to the activity's ``citations``; the
    rest of the cell names the owners. A legal-basis or notes column gives citations only; the
    content and term cells give the citations they hold in brackets. A point of prose with no content
    cell (a resolution's «1. … Жобосуна төмөнкүдөй өзгөртүүлөр киргизилсин: - 35-пункттун экинчи
    абзацындагы …») gives every reference of its text and items: in prose a provision word with a
    number is a reference, not a count. Each citation's span indexes the cell, text or item it is in.
    """
    aliases, definitions, kind = refs.aliases, refs.definitions, refs.election_kind
    national = refs.home.national
    # Owner and legal-basis cells repeat from row to row: each distinct cell is read once (per kind of
    # role), and a repeat gets copies of its first citations and owners.
    cites_of: dict[tuple[str, bool], list] = {}
    owners: dict[str, list] = {}
    for a in activities:
        for role in _ROLES:
            cell = a.cells.get(role, "")
            if not cell.strip():
                continue
            bracket = role in _BRACKET_ROLES
            first = cites_of.get((cell, bracket))
            if first is None:
                cites = find_citations(cell, definitions, kind, national)
                if bracket:
                    cites = [c for c in cites if _in_brackets(cell, c.start, c.end)]
                cites_of[(cell, bracket)] = cites
            else:
                cites = _clone(first) if first else []
            a.citations.extend(cites)
            if role in _OWNER_ROLES and not a.responsible:
                first = owners.get(cell)
                if first is None:
                    a.responsible = owners[cell] = owners_of(strip_citations(cell, cites) if cites else cell,
                                                             aliases, refs.home)
                else:
                    a.responsible = _clone(first) if first else []
        if a.kind == "point" and not a.cells.get("content", "").strip():
            seen = {_citation_key(c) for c in a.citations}
            for part in (a.text or "", *a.items):
                for c in find_citations(part, definitions, kind, national):
                    if _citation_key(c) not in seen:
                        seen.add(_citation_key(c))
                        a.citations.append(c)


def _citation_key(c) -> tuple:
    """What makes two citations of one activity the same provision read twice."""
    return (c.raw, c.act, c.article, c.part, c.point, c.paragraph)


#: The head of a document: its lines above the first table row or paragraph of prose, at most this
#: many; a line longer than ``_HEADING_CHARS`` is prose (a news item's first paragraph), not a heading.
_HEADER_LINES = 15
_HEADING_CHARS = 160


def _header(info: DocumentInfo, text: str) -> str:
    """The title, the approving body and the heading lines above the first table row or paragraph:
    where a document says whose it is («Утвержден постановлением Центральной комиссии …», «ПЛАН
    РАБОТЫ комиссии … в Учреждении …»), not the bodies its prose reports on."""
    head: list[str] = []
    for line in text.splitlines()[:_HEADER_LINES]:
        if "\t" in line or len(line.strip()) > _HEADING_CHARS:
            break
        head.append(line)
    by = info.approved.by if info.approved and info.approved.by else ""
    return "\n".join(p for p in (info.title or "", by, *head) if p)


def _in_brackets(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies inside a pair of round brackets of ``text``."""
    opened = text.rfind("(", 0, start)
    return opened >= 0 and text.rfind(")", opened, start) < 0 and text.find(")", end - 1) >= 0


def body_and_citation_mentions(ctx: Context, refs: DocumentRefs) -> list[Mention]:
    """Bodies and citations anywhere in the document text, one cell or line at a time."""
    return [m for _, found in body_and_citation_mentions_by_line(ctx, refs) for m in found]


#: How many distinct texts the mention finders remember (a plan's repeated cells are found once):
#: bounded, so that what a long document's finders hold stays flat as its mentions are written.
_SEEN_MAX = 4096


def body_and_citation_mentions_by_line(ctx: Context, refs: DocumentRefs) -> Iterator[tuple[int, list[Mention]]]:
    """``body_and_citation_mentions`` as (offset of the cell or line, its mentions), for each cell or
    line that has any, in the order of the text: made as they are asked for."""
    text = ctx.raw.text
    aliases, definitions, kind = refs.aliases, refs.definitions, refs.election_kind
    national, home, file = refs.home.national, refs.home, ctx.file
    # A plan repeats its cells from row to row (the same owner, the same legal basis): each distinct
    # text is read once; a repeat gets copies of what its first occurrence found.
    seen: dict[str, list[tuple[str, int, int, object]]] = {}
    for seg in _SEGMENT.finditer(text):
        s = seg.group()
        found = seen.get(s)
        fresh = found is None
        if fresh:
            if len(seen) >= _SEEN_MAX:
                seen.clear()
            # One reference («ч.1,2 ст.12 Закона») gives several citations over one span: one mention.
            spans: dict[tuple[int, int], list] = {}
            for c in find_citations(s, definitions, kind, national):
                spans.setdefault((c.start, c.end), []).append(c)
            found = [("body", b.start, b.end, b) for b in find_bodies(s, aliases, home)]
            found += [("citation", start, end, cs) for (start, end), cs in spans.items()]
            seen[s] = found
        if not found:
            continue
        base = seg.start()
        out: list[Mention] = []
        for typ, vs, ve, v in found:
            start, end = base + vs, base + ve
            value = v if fresh else _clone(v)
            quote = text[start:end]
            out.append(_mention(typ, quote, start, end, value, _provenance(file, start, end, quote)))
        yield base, out


_SEGMENT = regex.compile(r"[^\t\n]+")


def find_mentions(ctx: Context, info: DocumentInfo) -> list[Mention]:
    """Dates, ranges, lists of dates (type ``term``, value kind ``dates``) and terms anywhere in the
    document text, one cell or line at a time (``find_mentions_by_line``)."""
    return [m for _, found in find_mentions_by_line(ctx, info) for m in found]


def find_mentions_by_line(ctx: Context, info: DocumentInfo) -> Iterator[tuple[int, list[Mention]]]:
    """``find_mentions`` as (offset of the cell or line, its mentions), for each cell or line that has
    any, in the order of the text: made as they are asked for.

    A line of prose completes a missing year from the nearest date printed with its year before the
    phrase (``nearest_date``), else from the document (``term_context``); a table cell from the document
    first, like the term cells, and from the nearest date only when the document gives no year.
    """
    tctx = term_context(info)
    bare = tctx.reference is None and tctx.period is None
    text = ctx.raw.text
    last: dt.date | None = None
    # The document's own date, which «сегодня» / «бүгүн» stand for: a resolution's date, else a dateline —
    # the first date of the text when it is printed whole («13.10.2021, 10:28»); else none.
    resolution = getattr(info, "resolution", None)
    doc_date = resolution.date if resolution is not None and resolution.date else None
    first_seen = doc_date is not None
    file = ctx.file
    # The context of a segment depends on the nearest full date before it and the document's date,
    # which change rarely: one ``TermContext`` per pair, and the terms of each distinct text once per
    # context (a plan repeats its term phrasings row after row; a repeat gets copies).
    contexts: dict[tuple, TermContext] = {}
    seen: dict[tuple, tuple[list, dt.date | None]] = {}
    n = len(text)
    for seg in _SEGMENT.finditer(text):
        s0, e0 = seg.span()
        in_table = (s0 > 0 and text[s0 - 1] == "\t") or (e0 < n and text[e0] == "\t")
        near = not in_table or bare
        ckey = (last if near else None, doc_date)
        seg_ctx = contexts.get(ckey)
        if seg_ctx is None:
            seg_ctx = _nearest(tctx, last) if near else tctx
            if doc_date is not None:
                seg_ctx = replace(seg_ctx, document_date=doc_date)
            contexts[ckey] = seg_ctx
        s = seg.group()
        key = (s, id(seg_ctx), near)
        hit = seen.get(key)
        if hit is None:
            if len(seen) >= _SEEN_MAX:
                seen.clear()
            terms = find_term_mentions(s, seg_ctx, nearest=near)
            seen[key] = (terms, last_full_date(terms))
            full = seen[key][1]
        else:
            terms, full = [_clone(t) for t in hit[0]], hit[1]
        if not first_seen:
            dated = [t for t in terms if t.kind in ("date", "range", "dates")]
            if dated:
                first_seen = True
                d = dated[0].date if dated[0].kind == "date" else None
                if d is not None and d.value is not None and not d.year_inferred and d.precision == "day":
                    doc_date = d.value
        last = full or last
        if not terms:
            continue
        out: list[Mention] = []
        for t in terms:
            start, end = s0 + t.start, s0 + t.end
            kind = "date" if t.kind == "date" else "range" if t.kind == "range" else "term"
            quote = text[start:end]
            out.append(_mention(kind, quote, start, end, t, _provenance(file, start, end, quote)))
        yield s0, out


# --------------------------------------------------------------------------- building the records

#: Every field of a ``Provenance`` / ``Mention``, in order, and the fields the builders below give
#: (what ``model_fields_set`` holds for a validated instance built with them).
_PROVENANCE_GIVEN = frozenset(("file", "start", "end", "quote"))
_MENTION_GIVEN = frozenset(("type", "text", "start", "end", "value", "provenance"))
_setattr = object.__setattr__
_new = BaseModel.__new__


def _instance(cls, fields: dict, given: frozenset):
    """An instance of the model ``cls`` with ``fields`` (every field, each of its type) as its
    dictionary and ``given`` as its set fields: what validation makes of values already valid,
    without its cost (a document makes two of these per mention). ``_EXACT`` checks once that the
    result is a validated instance's equal; if a pydantic release changes that, validation is used."""
    obj = _new(cls)
    _setattr(obj, "__dict__", fields)
    _setattr(obj, "__pydantic_fields_set__", set(given))
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


def _provenance_fast(file: str, start: int, end: int, quote: str) -> Provenance:
    return _instance(Provenance, {"file": file, "page": None, "table": None, "row": None, "pages": [],
                                  "start": start, "end": end, "quote": quote}, _PROVENANCE_GIVEN)


def _mention_fast(typ: str, text: str, start: int, end: int, value, provenance: Provenance) -> Mention:
    return _instance(Mention, {"type": typ, "text": text, "start": start, "end": end, "value": value,
                               "provenance": provenance}, _MENTION_GIVEN)


def _provenance_validated(file: str, start: int, end: int, quote: str) -> Provenance:
    return Provenance(file=file, start=start, end=end, quote=quote)


def _mention_validated(typ: str, text: str, start: int, end: int, value, provenance: Provenance) -> Mention:
    return Mention(type=typ, text=text, start=start, end=end, value=value, provenance=provenance)


def _clone_fast(v):
    """A deep copy of a model, or a list of models, as the extractors build them (models, lists,
    and values that cannot change: text, numbers, dates, None): a repeated text's records are
    copies, never the objects of its first occurrence."""
    t = type(v)
    nested = _NESTED.get(t)
    if nested is None:  # not a model seen before
        if t is list:
            return [x if type(x) in _IMMUTABLE else _clone_fast(x) for x in v]
        if t in _IMMUTABLE:
            return v
        if t is tuple:
            return tuple(_clone_fast(x) for x in v)
        if t is dict:
            return {k: _clone_fast(x) for k, x in v.items()}
        if not isinstance(v, BaseModel):
            return copy.deepcopy(v)  # nothing the extractors make, but a copy all the same
        nested = _NESTED[t] = tuple(name for name, f in t.model_fields.items() if not _immutable_type(f.annotation))
    d = v.__dict__.copy()
    for k in nested:
        x = d.get(k)
        if type(x) not in _IMMUTABLE:
            d[k] = _clone_fast(x)
    obj = _new(t)
    _setattr(obj, "__dict__", d)
    _setattr(obj, "__pydantic_fields_set__", set(v.__pydantic_fields_set__))
    extra = v.__pydantic_extra__
    _setattr(obj, "__pydantic_extra__", None if extra is None else dict(extra))
    _setattr(obj, "__pydantic_private__", None if v.__pydantic_private__ is None else dict(v.__pydantic_private__))
    return obj


#: Per model class, the fields ``_clone_fast`` copies: those whose type may hold a model or a list (a
#: field of text, numbers, dates or a closed vocabulary is shared, as it cannot change).
_NESTED: dict[type, tuple[str, ...]] = {}


def _immutable_type(ann) -> bool:
    """Whether every value of the annotation ``ann`` is of an ``_IMMUTABLE`` type."""
    if ann in _IMMUTABLE:
        return True
    origin = get_origin(ann)
    if origin is Literal:
        return True
    if origin is Annotated:
        return _immutable_type(get_args(ann)[0])
    if origin is Union or origin is UnionType:
        return all(_immutable_type(a) for a in get_args(ann))
    return False


_IMMUTABLE = frozenset((str, int, float, bool, type(None), dt.date, dt.datetime, dt.time))


def _exact() -> bool:
    """Whether ``_instance`` and ``_clone`` give what validation and ``model_copy(deep=True)`` give."""
    try:
        p, q = _provenance_fast("f", 1, 3, "ab"), _provenance_validated("f", 1, 3, "ab")
        m, n = _mention_fast("date", "ab", 1, 3, None, p), _mention_validated("date", "ab", 1, 3, None, q)
        c = _clone_fast(n)
        day = TermDate(value=dt.date(2022, 10, 9), day=9, month=10, year=2022, raw="9 октября 2022 года", end=19)
        term = RelativeTerm(raw="x", n=5, unit="day", direction="before", anchor="election_day", printed=[day])
        k = _clone_fast([term])
        return (p == q and m == n and c == n and m.model_dump_json() == n.model_dump_json()
                and p.model_fields_set == q.model_fields_set and m.model_fields_set == n.model_fields_set
                and c.model_fields_set == n.model_fields_set and c.provenance is not n.provenance
                and p.pages is not _provenance_fast("f", 1, 3, "ab").pages
                and k == [term] and k[0].model_dump_json() == term.model_dump_json()
                and k[0].model_fields_set == term.model_fields_set and k[0] is not term
                and k[0].printed is not term.printed and k[0].printed[0] is not day)
    except Exception:  # any change in pydantic's internals: validate
        return False


_EXACT = _exact()
_provenance = _provenance_fast if _EXACT else _provenance_validated
_mention = _mention_fast if _EXACT else _mention_validated
#: a deep copy of what a repeated text found: ``_clone_fast`` when exact, else ``copy.deepcopy``
_clone = _clone_fast if _EXACT else copy.deepcopy
