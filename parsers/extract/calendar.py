"""The election calendar and the resolution of terms against it.

An ``ElectionCalendar`` maps anchor ids (the closed vocabulary of ``RelativeTerm.anchor``:
``election_day``, ``calling_of_election``, ``start_of_electoral_actions`` …) to dates, each with where the
date came from. ``resolve`` fills ``computed`` / ``last_day`` / ``convention`` of a ``RelativeTerm``
(and ``computed`` of an ``EventTerm``) whose anchor date the calendar knows.

How a period is counted is data, not code: ``corpus/counting.yaml`` names each convention with its
formula, the evidence it rests on and how far CEC practice strays from it (``ambiguity_days``). This
module only interprets the small formula language described at the top of that file, so a change of
reading is a change of the YAML. The key reading (NOTES.md §3.2): «за N дней до дня голосования» is
printed «до <E−N>» (``computed``) and must be done by the end of E−(N+1) (``last_day``).

Typical use (what ``shailoo.parsers.interpret`` does)::

    cal = calendar_from_document(info, {"election_day": date(2022, 10, 9)})
    terms = [resolve(t, cal) for t in parse_terms(text, ctx)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Optional

import regex

from shailoo import corpus
from shailoo.corpus.schemas import Convention, CountingData, UnitSpec
from shailoo.model import DocumentInfo, EventTerm, RangeTerm, RelativeTerm, Term, TermDate
from shailoo.normalize import norm

#: Where the conventions live (read through ``counting_data()``; tests read it raw to build bad variants).
COUNTING_FILE = corpus.path("counting.yaml")

ElectionKind = Literal["regular", "early", "repeat"]


# --------------------------------------------------------------------------- the conventions file


def counting_data() -> CountingData:
    """``corpus/counting.yaml``, validated, once per process (``shailoo.corpus.counting()``)."""
    return corpus.counting()


# --------------------------------------------------------------------------- date arithmetic


def days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def add_months(d: dt.date, k: int) -> dt.date:
    """``d`` moved by ``k`` calendar months, the day clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    m0 = d.month - 1 + k
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return dt.date(y, m, min(d.day, days_in_month(y, m)))


def add_working_days(d: dt.date, k: int, skip: frozenset[int] | set[int]) -> dt.date:
    """``d`` moved by ``k`` working days (days whose weekday is not in ``skip``); ``k`` may be negative.

    The start day itself is not counted: Friday + 1 = Monday, Saturday + 1 = Monday, Monday − 1 = Friday.
    """
    step = 1 if k >= 0 else -1
    left = abs(k)
    while left:
        d += dt.timedelta(days=step)
        if d.weekday() not in skip:
            left -= 1
    return d


def shift(d: dt.date, unit: UnitSpec, k: int) -> dt.date:
    """``d`` moved by ``k`` units of ``unit`` (a day-based unit; hours are handled by ``_moment``)."""
    if unit.step == "day":
        return d + dt.timedelta(days=k * unit.size)
    if unit.step == "month":
        return add_months(d, k * unit.size)
    if unit.step == "working_day":
        return add_working_days(d, k * unit.size, frozenset(unit.skip_weekdays))
    raise ValueError(f"shift() does not move by {unit.step}")


def _at(d: dt.date, hhmm: str) -> dt.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    if h == 24:  # 24:00 is the end of the day, i.e. 00:00 of the next
        return dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0, m))
    return dt.datetime.combine(d, dt.time(h, m))


# --------------------------------------------------------------------------- the calendar


@dataclass
class ElectionCalendar:
    """Dates of the anchor events of one election.

    ``anchors`` maps an anchor id to its date (``election_day`` at least, when known); ``sources`` says
    where each came from: ``document`` (printed in the document), ``option`` (given by the caller, e.g.
    ``--election-day``), ``inferred`` (derived by ``corpus/counting.yaml`` ``inferred_anchors``, e.g.
    ``voting_start`` = election day). ``kind`` is ``regular``, ``early`` or ``repeat`` (from the title);
    it does not change the counting. ``notes`` records an option that replaced a different document date.
    """

    anchors: dict[str, dt.date] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    kind: str = "regular"
    notes: list[str] = field(default_factory=list)

    def date_of(self, anchor: str) -> Optional[dt.date]:
        return self.anchors.get(anchor)


def _as_date(name: str, v) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    raise TypeError(f"the date of anchor {name!r} must be a datetime.date, not {type(v).__name__}")


def _apply(cal: ElectionCalendar, overrides: Optional[dict], source: str) -> None:
    for name, v in (overrides or {}).items():
        if v is None:  # an option not given
            continue
        d = _as_date(name, v)
        old = cal.anchors.get(name)
        if old is not None and old != d:
            cal.notes.append(f"{name}: {d.isoformat()} ({source}) replaces {old.isoformat()} ({cal.sources[name]})")
        cal.anchors[name] = d
        cal.sources[name] = source


def _infer(cal: ElectionCalendar) -> None:
    for name, rule in counting_data().inferred_anchors.items():
        base = cal.anchors.get(rule.from_)
        if name not in cal.anchors and base is not None:
            cal.anchors[name] = base + dt.timedelta(days=rule.days)
            cal.sources[name] = "inferred"


def calendar_for(election_day: Optional[dt.date], overrides: Optional[dict[str, dt.date]] = None,
                 kind: ElectionKind = "regular") -> ElectionCalendar:
    """A calendar from dates given by the caller: ``election_day`` and ``overrides`` (anchor id → date).

    Every given date has source ``option``; an override of ``election_day`` wins over the argument.
    ``None`` values are skipped; a value that is not a date raises ``TypeError``. Anchors in
    ``inferred_anchors`` of counting.yaml (``voting_start``, ``voting_end``) are added where missing.
    """
    cal = ElectionCalendar(kind=kind)
    _apply(cal, {"election_day": election_day}, "option")
    _apply(cal, overrides, "option")
    _infer(cal)
    return cal


def election_kind(title: Optional[str]) -> ElectionKind:
    """``early`` / ``repeat`` when the title says so (words of counting.yaml ``election_kinds``), else ``regular``."""
    if not title:
        return "regular"
    text = norm(title)
    for kind, langs in counting_data().election_kinds.items():
        for words in langs.values():
            for w in words:
                if regex.search(r"(?<!\w)" + regex.escape(norm(w)), text):
                    return kind
    return "regular"


def calendar_from_document(info: DocumentInfo, overrides: Optional[dict[str, dt.date]] = None) -> ElectionCalendar:
    """The calendar of the document described by ``info``, completed or corrected by ``overrides``.

    ``election_day`` comes from ``info.election_day`` (source ``document``); ``overrides`` (anchor id →
    date, e.g. from ``--election-day`` / ``--calling-date``) win (source ``option``, and a differing
    document date is recorded in ``notes``). ``kind`` comes from ``info.title``.

    ``info.approved.date`` is deliberately NOT the anchor ``approval``: it is the date the plan itself
    was approved, while a term's «со дня их утверждения» is the approval of something the row names —
    seed 001 row 24 counts from the approval of the district schemes (row 23, «до 20 августа»), not
    from the plan's approval on 10 August 2022. ``approval`` is known only when given as an override.
    """
    cal = ElectionCalendar(kind=election_kind(info.title))
    if info.election_day is not None:
        _apply(cal, {"election_day": info.election_day}, "document")
    _apply(cal, overrides, "option")
    _infer(cal)
    return cal


# --------------------------------------------------------------------------- resolution


def _moment(term: RelativeTerm, anchor_date: dt.date, conv: Convention, unit: UnitSpec) -> dt.datetime:
    data = counting_data()
    at = data.anchor_times.get(term.anchor)
    base = _at(anchor_date, at.time if at else conv.default_anchor_time)
    hours = conv.computed.n * term.n * unit.size
    return base + dt.timedelta(hours=hours, days=conv.computed.days)


def _last_day_of_moment(m: dt.datetime) -> dt.date:
    # Exactly 00:00 leaves no time on that day: the last day with time before the moment is the one before.
    return m.date() - dt.timedelta(days=1) if m.time() == dt.time(0, 0) else m.date()


def _compute(term: RelativeTerm, anchor_date: dt.date) -> tuple[str, dt.date, dt.date, Optional[dt.datetime]]:
    """(convention name, computed, last_day, moment or None) of ``term`` with its anchor on ``anchor_date``."""
    data = counting_data()
    name, conv = data.convention_for(term.direction, term.unit)
    unit = data.units[term.unit]
    if unit.step == "hour":
        m = _moment(term, anchor_date, conv, unit)
        computed = m.date()
        last = _last_day_of_moment(m) + dt.timedelta(days=conv.last_day.days)
        return name, computed, last, m
    computed = shift(anchor_date, unit, conv.computed.n * term.n) + dt.timedelta(days=conv.computed.days)
    return name, computed, computed + dt.timedelta(days=conv.last_day.days), None


def resolve(term: Term, cal: ElectionCalendar) -> Term:
    """A copy of ``term`` resolved against ``cal``; never raises.

    A ``RelativeTerm`` whose anchor date ``cal`` knows gets ``convention`` (its name in counting.yaml),
    ``computed`` and — unless its bound's fill rule omits it (``not_earlier``) — ``last_day``. An
    ``EventTerm`` whose anchor date is known gets ``computed`` = that date (its ``relation`` says on
    which side of it the action lies). A ``RangeTerm`` that starts with an event (``start_event``) gets
    the event resolved and, for a start «со дня …», the event's date as ``start_date``. Any other term,
    a term whose anchor date is unknown, and a term
    whose arithmetic leaves the calendar's range (year 1..9999) are returned unchanged.
    """
    try:
        if isinstance(term, RelativeTerm):
            anchor_date = cal.anchors.get(term.anchor)
            if anchor_date is None:
                return term
            name, computed, last, _ = _compute(term, anchor_date)
            fill = counting_data().bounds[term.bound].fill
            return term.model_copy(update={
                "convention": name,
                "computed": computed if "computed" in fill else None,
                "last_day": last if "last_day" in fill else None,
            })
        if isinstance(term, EventTerm):
            anchor_date = cal.anchors.get(term.anchor)
            if anchor_date is None:
                return term
            return term.model_copy(update={"computed": anchor_date})
        if isinstance(term, RangeTerm) and term.start_event is not None:
            # A range from an event («со дня назначения выборов и завершится 31 октября»): the start is
            # the event's date when the calendar knows it (``year_source="calendar"``).
            event = resolve(term.start_event, cal)
            update: dict = {"start_event": event}
            if event.computed is not None and term.start_date.value is None and event.relation in ("from", "on"):
                c = event.computed
                update["start_date"] = term.start_date.model_copy(update={
                    "value": c, "day": c.day, "month": c.month, "year": c.year, "year_inferred": True,
                    "year_source": "calendar", "reason": None})
            return term.model_copy(update=update)
    except (ArithmeticError, ValueError):
        # Date arithmetic out of range (OverflowError) or a date that does not exist: leave it unresolved.
        return term
    return term


def moment(term: Term, cal: ElectionCalendar) -> Optional[dt.datetime]:
    """The exact moment of an hour-counted ``RelativeTerm`` («за 24 часа до начала голосования» →
    2022-10-08 08:00), or None for other terms and unknown anchors. ``RelativeTerm`` has no field for
    the time of day of ``computed``; this gives it. Never raises."""
    try:
        if not isinstance(term, RelativeTerm) or counting_data().units[term.unit].step != "hour":
            return None
        anchor_date = cal.anchors.get(term.anchor)
        if anchor_date is None:
            return None
        return _compute(term, anchor_date)[3]
    except (ArithmeticError, ValueError):
        return None


@dataclass(frozen=True)
class PrintedCheck:
    """How one printed date of a resolved term compares with the convention.

    ``expected`` is the date the convention's ``printed_as`` gives for the printed qualifier (None when
    the qualifier is not listed, e.g. «с D»); ``delta_days`` = printed − expected; ``ambiguous`` when
    the difference is within the convention's ``ambiguity_days`` (a counting-convention ambiguity,
    not a violation: NOTES.md §3.2).
    """

    printed: TermDate
    expected: Optional[dt.date]
    delta_days: Optional[int]
    ambiguous: bool = False

    @property
    def agrees(self) -> bool:
        return self.delta_days == 0


def check_printed(term: Term) -> list[PrintedCheck]:
    """Compare each dated ``printed`` date of a resolved ``RelativeTerm`` with what its convention expects.

    For the rules engine: a row «За 2 дня до дня голосования (6 октября)» with election day 9 October
    gives ``delta_days`` −1. Returns [] for unresolved terms and other kinds. Never raises.
    """
    if not isinstance(term, RelativeTerm) or term.convention is None:
        return []
    conv = counting_data().conventions.get(term.convention)
    if conv is None:
        return []
    out = []
    for p in term.printed:
        if p.value is None:
            continue
        f = conv.expected(p.qualifier)
        exp = getattr(term, f) if f else None
        if exp is None:
            out.append(PrintedCheck(p, None, None))
            continue
        delta = (p.value - exp).days
        out.append(PrintedCheck(p, exp, delta, ambiguous=0 < abs(delta) <= conv.ambiguity_days))
    return out
