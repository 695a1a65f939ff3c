"""Annotation of interpreted activities by the grammars of ``shailoo.parsers.extract``: typed terms
resolved against the election calendar, sessions, owners and citations, and the mentions of dates,
terms, bodies and citations anywhere in the text."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace

import regex

from shailoo.model import Activity, DocumentInfo, Mention, Provenance
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
    """(end offset, date) of every date the document prints with its year, in order."""
    out: list[tuple[int, dt.date]] = []
    text = ctx.raw.text
    for seg in _SEGMENT.finditer(text):
        for t in find_term_mentions(seg.group()):
            last = last_full_date([t])
            if last is not None:
                out.append((seg.start() + t.end, last))
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
        a.terms = [resolve(t, cal) for t in parse_terms(text, actx)]
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
    for a in activities:
        for role in _OWNER_ROLES + _CITATION_ROLES + _BRACKET_ROLES:
            cell = a.cells.get(role, "")
            if not cell.strip():
                continue
            cites = find_citations(cell, definitions, kind, national)
            if role in _BRACKET_ROLES:
                cites = [c for c in cites if _in_brackets(cell, c.start, c.end)]
            a.citations.extend(cites)
            if role in _OWNER_ROLES and not a.responsible:
                a.responsible = owners_of(strip_citations(cell, cites) if cites else cell, aliases, refs.home)
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
    text = ctx.raw.text
    aliases, definitions, kind = refs.aliases, refs.definitions, refs.election_kind
    out: list[Mention] = []
    for seg in _SEGMENT.finditer(text):
        s = seg.group()
        # One reference («ч.1,2 ст.12 Закона») gives several citations over one span: one mention.
        spans: dict[tuple[int, int], list] = {}
        for c in find_citations(s, definitions, kind, refs.home.national):
            spans.setdefault((c.start, c.end), []).append(c)
        found = [("body", b) for b in find_bodies(s, aliases, refs.home)]
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
    """Dates, ranges, lists of dates (type ``term``, value kind ``dates``) and terms anywhere in the
    document text, one cell or line at a time.

    A line of prose completes a missing year from the nearest date printed with its year before the
    phrase (``nearest_date``), else from the document (``term_context``); a table cell from the document
    first, like the term cells, and from the nearest date only when the document gives no year.
    """
    tctx = term_context(info)
    bare = tctx.reference is None and tctx.period is None
    out: list[Mention] = []
    text = ctx.raw.text
    last: dt.date | None = None
    # The document's own date, which «сегодня» / «бүгүн» stand for: a resolution's date, else a dateline —
    # the first date of the text when it is printed whole («13.10.2021, 10:28»); else none.
    resolution = getattr(info, "resolution", None)
    doc_date = resolution.date if resolution is not None and resolution.date else None
    first_seen = doc_date is not None
    for seg in _SEGMENT.finditer(text):
        s0, e0 = seg.span()
        in_table = (s0 > 0 and text[s0 - 1] == "\t") or (e0 < len(text) and text[e0] == "\t")
        prose = not in_table
        seg_ctx = _nearest(tctx, last) if prose or bare else tctx
        if doc_date is not None:
            seg_ctx = replace(seg_ctx, document_date=doc_date)
        terms = find_term_mentions(seg.group(), seg_ctx, nearest=prose or bare)
        if not first_seen:
            dated = [t for t in terms if t.kind in ("date", "range", "dates")]
            if dated:
                first_seen = True
                d = dated[0].date if dated[0].kind == "date" else None
                if d is not None and d.value is not None and not d.year_inferred and d.precision == "day":
                    doc_date = d.value
        last = last_full_date(terms) or last
        for t in terms:
            start, end = seg.start() + t.start, seg.start() + t.end
            kind = "date" if t.kind == "date" else "range" if t.kind == "range" else "term"
            out.append(Mention(type=kind, text=text[start:end], start=start, end=end, value=t,
                               provenance=Provenance(file=ctx.file, start=start, end=end, quote=text[start:end])))
    return out
