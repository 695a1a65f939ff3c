"""What a check function sees and returns: the ``Context`` of one document and the ``Hit``s it yields.

``Context`` gives the rules what they share: the document, its election calendar (from the document,
completed by ``--election-day`` / ``--calling-date``), the terms of each row resolved against that
calendar, and the date mentions of the prose outside rows. The helpers below (``term_dates``, ``iso``,
``label``, ``cell_holding``) are the ones several rules, the engine and the reports use alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Optional

from pydantic import TypeAdapter

from shailoo.parsers.extract.calendar import ElectionCalendar, resolve
from shailoo.rules.election import ElectionContext, decide
from shailoo.rules.findings import StatuteRef
from shailoo.model import (Activity, DatesTerm, DateTerm, EventTerm, Mention, ParsedDocument, Provenance,
                           RangeTerm, RelativeTerm, Term, TermDate)

_TERM = TypeAdapter(Term)


@dataclass
class Hit:
    """One problem found by a rule. ``params`` fill the rule's message template.

    ``activity`` is the row (None for prose; then give ``provenance``); ``severity`` overrides the
    rule's severity for this hit only (e.g. ``info`` for a counting ambiguity). ``cell`` names the
    column role of the cell the problem is in when the rule's own ``cells`` preference is not enough.
    """

    params: dict[str, Any]
    activity: Optional[Activity] = None
    provenance: Optional[Provenance] = None
    expected: Optional[Any] = None
    found: Optional[Any] = None
    severity: Optional[str] = None
    statute: Optional[StatuteRef] = None
    details: dict[str, Any] = field(default_factory=dict)
    cell: Optional[str] = None


@dataclass
class DateSite:
    """A printed date with where it is: the row (or None for prose), the term it belongs to, its provenance."""

    date: TermDate
    term: Any
    activity: Optional[Activity]
    provenance: Optional[Provenance]


@dataclass
class Context:
    """What every rule sees. ``lang`` is the language of the messages (rules may use it for wording)."""

    doc: ParsedDocument
    calendar: ElectionCalendar
    lang: str = "ru"
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.doc.document.kind

    @cached_property
    def election(self) -> ElectionContext:
        """The document's country and election (``shailoo.rules.election.decide``), with ``--election-kind``
        / ``--jurisdiction`` (``options["election_kind"]``, ``options["jurisdiction"]``) over what it says."""
        return decide(self.doc, {k: self.options.get(k) for k in ("election_kind", "jurisdiction")})

    def terms(self, a: Activity) -> list[Any]:
        """The terms of row ``a`` (``terms``, else ``term``), resolved against the context's calendar."""
        ts = list(a.terms) or ([a.term] if a.term is not None else [])
        return [self._resolve(t) for t in ts]

    def _resolve(self, t):
        if isinstance(t, (RelativeTerm, EventTerm)) and self.calendar.anchors.get(t.anchor) is not None:
            return resolve(t, self.calendar)
        return t

    @cached_property
    def prose_terms(self) -> list[tuple[Any, Mention]]:
        """Typed date/range/term mentions that lie outside every row holding terms (the prose), in order."""
        spans = [(a.provenance.start, a.provenance.end) for a in self.doc.activities
                 if (a.terms or a.term is not None) and a.provenance.start is not None]
        out = []
        for m in self.doc.mentions:
            if m.type not in ("date", "range", "term") or m.value is None:
                continue
            if any(s <= m.start and m.end <= e for s, e in spans):
                continue
            v = m.value
            if isinstance(v, dict):
                try:
                    v = _TERM.validate_python(v)
                except ValueError:
                    continue
            out.append((self._resolve(v), m))
        return out

    def mention_provenance(self, m: Mention) -> Provenance:
        if m.provenance is not None:
            return m.provenance
        return Provenance(file=self.doc.source.path, start=m.start, end=m.end, quote=m.text)

    def date_sites(self, prose: bool = True) -> Iterator[DateSite]:
        """Every printed date of the rows' terms (and, with ``prose``, of the prose mentions)."""
        for a in self.doc.activities:
            for t in self.terms(a):
                for d in term_dates(t):
                    yield DateSite(d, t, a, a.provenance)
        if prose:
            for t, m in self.prose_terms:
                for d in term_dates(t):
                    yield DateSite(d, t, None, self.mention_provenance(m))


def term_dates(t) -> list[TermDate]:
    """The printed dates of a term, in order (both ends of a range; the printed dates of relative terms)."""
    if isinstance(t, DateTerm):
        return [t.date]
    if isinstance(t, RangeTerm):
        return [t.start_date, t.end_date]
    if isinstance(t, DatesTerm):
        return [d for it in t.items for d in term_dates(it)]
    if isinstance(t, (RelativeTerm, EventTerm)):
        return list(t.printed)
    return []


def inferred_year(d: Optional[TermDate], what: str = "year") -> Optional[dict[str, Any]]:
    """What a finding on printed date ``d`` rests on that shailoo inferred: ``{"what": "year", "source":
    "period", "date": "10 июля"}`` when the year of ``d`` is not printed (``TermDate.year_inferred``;
    the source is ``year_source``), else None. A hit lists these in ``details["inferred"]``; the engine
    then lowers the finding to ``info`` and says so (``shailoo.rules.engine.make_finding``)."""
    if d is None or not d.year_inferred:
        return None
    return {"what": what, "source": d.year_source or "other", "date": d.raw}


def iso(v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v)


def label(a: Optional[Activity]) -> Optional[str]:
    """The activity as findings name it: its number as printed (without a trailing dot), else its path."""
    if a is None:
        return None
    n = (a.number or "").strip().rstrip(".")
    return n or a.path


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def cell_holding(a: Activity, text: str, roles) -> Optional[str]:
    """The first of ``roles`` whose cell in row ``a`` contains ``text`` (whitespace and case aside)."""
    needle = _squash(text)
    if len(needle) < 3:
        return None
    return next((c for c in roles if c in a.cells and needle in _squash(a.cells[c])), None)
