"""The rules engine: runs every registered rule over one ``ParsedDocument`` and turns hits into findings.

A rule yields ``Hit``s (where, what placeholders fill its message, expected/found); the engine picks
the message template of the requested language, applies the user's settings (``shailoo.rules.config``) and
returns ``Finding``s in document order. ``Context`` gives the rules what they share: the document,
its election calendar (from the document, completed by ``--election-day`` / ``--calling-date``), the
terms of each row resolved against that calendar, and the date mentions of the prose outside rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Optional, Union

from pydantic import TypeAdapter

from shailoo.parsers.extract.calendar import ElectionCalendar, calendar_from_document, resolve
from shailoo.rules.config import Config
from shailoo.rules.findings import SEVERITY_RANK, Finding, StatuteRef
from shailoo.rules.registry import Rule, all_rules
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


class _Safe(dict):
    def __missing__(self, key):  # a template placeholder a hit did not give: keep it visible, never raise
        return "{" + key + "}"


def fmt_value(v: Any, lang: str) -> str:
    if isinstance(v, dt.date):
        return v.strftime("%d.%m.%Y")
    return str(v)


def render(r: Rule, h: Hit, lang: str) -> str:
    template = r.messages.get(lang) or r.messages["ru"]
    return template.format_map(_Safe({k: fmt_value(v, lang) for k, v in h.params.items()}))


def _severity(r: Rule, h: Hit, config: Optional[Config]) -> str:
    setting = config.setting(r.code, r.name) if config else None
    configured = setting.severity if setting and setting.severity else r.severity
    if h.severity is None:
        return configured
    # A rule's own (milder) severity for a hit stays, unless the user asked for a milder one still.
    return max(h.severity, configured, key=lambda s: SEVERITY_RANK[s])


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def cell_holding(a: Activity, text: str, roles) -> Optional[str]:
    """The first of ``roles`` whose cell in row ``a`` contains ``text`` (whitespace and case aside)."""
    needle = _squash(text)
    if len(needle) < 3:
        return None
    return next((c for c in roles if c in a.cells and needle in _squash(a.cells[c])), None)


def target_cell(r: Rule, h: Hit, columns: dict[str, str]) -> Optional[str]:
    """The column role of the cell a hit is about (None for prose and for rules without ``cells``).

    The hit's own ``cell`` wins; else, of the rule's ``cells`` present in the row, the one whose text
    holds what was ``found`` (a citation sits in the owner cell in one plan, in a legal-basis column in
    another), else the first present; else the first the document's table has a column for (an empty
    owner cell is not in ``Activity.cells``).
    """
    a = h.activity
    if a is None:
        return None
    if h.cell:
        return h.cell
    present = [c for c in r.cells if c in a.cells]
    if isinstance(h.found, str) and len(present) > 1:
        holder = cell_holding(a, h.found, present)
        if holder:
            return holder
    if present:
        return present[0]
    return next((c for c in r.cells if c in columns), None)


#: Said of a finding on a row read by OCR: the text may be misread.
OCR_NOTE = {
    "ru": " (текст строки прочитан OCR со скана, достоверность {conf:.0%}: проверьте по оригиналу)",
    "ky": " (саптын тексти сканерден OCR менен окулган, ишенимдүүлүгү {conf:.0%}: түп нускадан текшериңиз)",
    "en": " (the row's text was read by OCR from a scan, confidence {conf:.0%}: check it against the original)",
}


def make_finding(r: Rule, h: Hit, doc: ParsedDocument, lang: str, config: Optional[Config] = None) -> Finding:
    """The finding of hit ``h`` of rule ``r`` on ``doc``: message in ``lang``, severity after ``config``.

    On a row read by OCR the message says so, with the confidence of the cell at fault (else the
    row's lowest); an ``error`` whose cell is below the confidence threshold becomes a ``warning``,
    because the misreading may be OCR's, not the document's.
    """
    prov = h.provenance or (h.activity.provenance if h.activity is not None else None)
    cell = target_cell(r, h, doc.document.columns)
    severity = _severity(r, h, config)
    message = render(r, h, lang)
    details = h.details
    ocr = h.activity.ocr if h.activity is not None else None
    if ocr is not None:
        conf = ocr.cells.get(cell, ocr.confidence) if cell else ocr.confidence
        doubtful = (cell in ocr.low_confidence) if cell else bool(ocr.low_confidence)
        message += OCR_NOTE.get(lang, OCR_NOTE["en"]).format(conf=conf)
        details = {**details, "ocr_confidence": conf, "ocr_low_confidence": doubtful}
        if doubtful and severity == "error":
            severity = "warning"
            details["severity_lowered_from"] = "error"
    return Finding(code=r.code, rule=r.name, severity=severity, activity=label(h.activity),
                   message=message, expected=iso(h.expected), found=iso(h.found),
                   statute=h.statute, provenance=prov, details=details, cell=cell)


def run_rules(doc: ParsedDocument, lang: str = "ru", config: Optional[Config] = None,
              calendar: Union[ElectionCalendar, dict, None] = None, options: Optional[dict] = None) -> list[Finding]:
    """Every finding of every enabled rule that applies to ``doc``'s kind, in document order.

    ``calendar`` is an ``ElectionCalendar`` or a dict of anchor dates (``{"election_day": date}``)
    that complete or replace the document's own. Raises nothing a document can cause.
    """
    if isinstance(calendar, ElectionCalendar):
        cal = calendar
    else:
        cal = calendar_from_document(doc.document, calendar or None)
    ctx = Context(doc=doc, calendar=cal, lang=lang, options=dict(options or {}))
    order = {id(a): i for i, a in enumerate(doc.activities)}
    out: list[tuple[tuple, Finding]] = []
    for r in all_rules():
        if r.pair or not r.applies_to(doc.document.kind):
            continue
        if config is not None and not config.setting(r.code, r.name).enabled:
            continue
        for h in r.func(ctx):
            f = make_finding(r, h, doc, lang, config)
            prov = f.provenance
            pos = order.get(id(h.activity), -1) if h.activity is not None else -1
            start = prov.start if prov and prov.start is not None else 0
            out.append(((start if pos < 0 else (doc.activities[pos].provenance.start or 0), pos, r.code), f))
    out.sort(key=lambda x: x[0])
    return [f for _, f in out]
