"""Annotation of interpreted activities by the grammars of ``shailoo.parsers.extract``: typed terms
resolved against the election calendar, sessions, owners and citations, and the mentions of dates,
terms, bodies and citations anywhere in the text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from shailoo.model import Activity, DocumentInfo, Mention, Provenance
from shailoo.parsers.extract.bodies import document_aliases, find_bodies, owners_of
from shailoo.parsers.extract.calendar import calendar_from_document, resolve
from shailoo.parsers.extract.citations import (document_act_definitions, election_kind_of, find_citations,
                                               strip_citations)
from shailoo.parsers.extract.sessions import pair_sessions
from shailoo.parsers.extract.terms import TermContext, find_term_mentions, parse_terms

from .context import Context


def term_context(info: DocumentInfo):
    """The reference for inferring missing years: election day, else approval date, else plan period."""
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
        text = ctx.raw.text
        return cls(document_aliases(text), document_act_definitions(text), election_kind_of(info.title))


def add_owners_and_citations(ctx: Context, activities: list[Activity], refs: DocumentRefs) -> None:
    """Split every owner cell into citations and owners, and type both (bodies by gazetteer id).

    Citations in an owner cell («ЦИК (ч.4 ст.12 Закона)») move to the activity's ``citations``; the
    rest of the cell names the owners. A legal-basis column gives citations only.
    """
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
