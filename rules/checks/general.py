"""The rules that need no statute knowledge: dates, owners, places, action-plan fields, numbering, totals.

Each rule is a generator over a ``shailoo.rules.engine.Context`` registered with ``@rule`` (see
``shailoo.rules.registry`` for the contract). Codes: SH10x dates and terms, SH11x rows of plans and schedules,
SH12x action plans, SH13x numbering, SH14x totals. (SH15x belong to the statute rules.)
Each rule's message, title and description are the message catalogue's (``rules.<CODE>.*`` of
``corpus/messages/<lang>/rules.yaml``); the words the rules read in documents are language data
(``rule_words`` of ``corpus/lang/<code>.yaml``).

Decisions recorded here (tested in tests/test_rules_*.py):

* ``place-missing`` fires only on a row whose date is complete: a row whose date is itself not fixed
  yet (seed 000 row 50 «декабрь», «Итоговая конференция») is reported once, by ``date-incomplete``;
  a venue is not expected before the day is.
* ``offset-date-mismatch``, seed 001 rows 41/42 «За 2 дня до дня голосования (6 октября 2022года)»
  beside row 38 «За 2 календарных дня до дня голосования (до 7 октября 2022 года)»: under the
  ``before`` convention the date printed bare (qualifier ``on``) should be E−N = 7 October, as row 43
  prints «За один календарный день … (8 октября)» = E−1. Rows 41/42 print 6 October = E−N−1, which is
  the convention's ``last_day``: the last day the action may be done, i.e. the same deadline as row 38's
  «до 7 октября». The plan is not wrong (no action is allowed later than the law allows), only its way
  of printing is inconsistent; this is reported as ``info`` with the arithmetic, never as an error.
* ``offset-date-mismatch`` otherwise: a printed date later than the convention allows is the rule's
  severity (``error``), an earlier one (a stricter plan) a ``warning``; for terms counted after or
  within a period from an event, a difference within the convention's ``ambiguity_days`` (1 day) is
  ``info`` (CEC practice differs by a day there: corpus/counting.yaml, NOTES.md §3.2).
* No self-made alarms (issue 17): a finding may not rest on a value shailoo inferred with less than
  certainty — a year the document does not print (``TermDate.year_inferred`` / ``year_source``: from
  the plan's period, the title, election day, the approval, the nearest dated line), an election day
  whose year came from the nearest dated line (``DocumentInfo.election_day_year_source``), a column
  role guessed in a table without a header row (``Activity.roles_inferred``). Each rule decides: it
  does not fire when the defect exists only through the inferred value, or it lists the value in
  ``details["inferred"]`` and the engine lowers the finding to ``info`` with a note saying so
  (``shailoo.rules.engine.make_finding``; every finding about a cell of a guessed column is lowered
  there). The choice of each rule is in its docstring; a printed, wrong full date always fires.
* Every measure is checked on its own cells, also one that shares a printed cell with the measure
  before it (seed 003's text: one cell holds measures 7.2 and 7.3, and the parser gives the row's
  other cells to 7.2; the DOCX has 7.3 on its own row with empty cells): the findings are then the
  same whatever the format.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

import regex

from shailoo.parsers.extract.calendar import check_printed, counting_data
from shailoo.rules.context import Context, Hit, inferred_year, term_dates
from shailoo.rules.registry import rule
from shailoo.rules.words import ANCHORS, DAYS, MISSING_PARTS, UNITS, WEEKDAYS, term_words, word
from shailoo.parsers.extract.terms import INVALID_REASONS
from shailoo.model import Activity, DatesTerm, PeriodTerm, RangeTerm, RelativeTerm, TermDate, UnparsedTerm
from shailoo.corpus.i18n import LANGS, by_lang, group
from shailoo.rules.words import alternation, table

PLANS = ("calendar_plan", "event_schedule")
SCHEDULES = ("event_schedule",)
ACTION_PLANS = ("action_plan",)


def _short(text: str, n: int = 60) -> str:
    """``text`` squashed and, when longer than ``n``, cut at a word boundary («…»): a quote in a message."""
    s = " ".join((text or "").split())
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:—-") + " …"


def _rows(ctx: Context, kinds=("activity",)) -> Iterable[Activity]:
    return (a for a in ctx.doc.activities if a.kind in kinds)


def _empty(s: Optional[str]) -> bool:
    return not (s or "").strip(" \t\n\r\u00a0-–—.")


# =========================================================================== dates


@rule("SH101", "date-invalid", "error", cells=("term",), kinds=None)
def date_invalid(ctx: Context):
    """A printed date that does not exist («31 июня», «30 февраля»).

    Inferred values: a 29 February whose year the document does not print does not fire (it exists
    or not only by the year shailoo would choose); any other impossible day and month fires whatever
    the year.
    """
    for s in ctx.date_sites():
        if s.date.value is None and s.date.reason == "not_a_date":
            if (s.date.day, s.date.month) == (29, 2) and (s.date.year_inferred or s.date.year is None):
                continue
            yield Hit({"raw": s.date.raw}, activity=s.activity, provenance=s.provenance, found=s.date.raw)


#: What an impossible value of a term is (SH109), by the reason the term parser gives.
_INVALID_WHAT = table("SH109.what")


@rule("SH109", "term-invalid", "error", cells=("term",), kinds=None)
def term_invalid(ctx: Context):
    """A term cell that prints an impossible value: a count of days, weeks or months beyond
    ``MAX_COUNT``, a year outside ``YEARS``, a month outside 1–12, a day outside 1–31
    (``shailoo.parsers.extract.terms.absurd_values``). The parser refuses the cell (an ``UnparsedTerm``
    whose reason starts with one of ``INVALID_REASONS``) rather than read the nearest value that fits;
    this rule says so.

    Inferred values: none — the rule reports what is printed.
    """
    for a in ctx.doc.activities:
        for t in ctx.terms(a):
            if not isinstance(t, UnparsedTerm) or not t.reason:
                continue
            code = t.reason.split(":", 1)[0]
            if code in INVALID_REASONS:
                yield Hit({"raw": t.raw, "what": word(_INVALID_WHAT, code, ctx.lang)}, activity=a,
                          found=t.raw, details={"reason": t.reason})


def _asks_for_days(ctx: Context) -> bool:
    """Whether the document asks for days: it is not an action plan, and more of its dated rows print a
    day (a day-precise date, or a term counted from an event) than only a month.

    Seed 000 gives 49 rows a day and row 50 «декабрь»: the month stands out and is reported. A plan
    whose rows are all months («июль-октябрь 2005 г.», «июль 2005 г.»; a training plan «Июнь 2023 г.»;
    an action plan «Июнь 2024 Декабрь 2024», «Январь») plans by the month: a month there is complete.
    """
    if ctx.doc.document.kind in ACTION_PLANS:
        return False
    day = month = 0
    for a in ctx.doc.activities:
        precisions: set[str] = set()
        for t in ctx.terms(a):
            if isinstance(t, PeriodTerm):
                precisions.add(t.unit)
            elif isinstance(t, RelativeTerm):
                precisions.add("day")
            precisions.update(d.precision for d in term_dates(t))
        if "day" in precisions:
            day += 1
        elif "month" in precisions:
            month += 1
    return day > month


@rule("SH102", "date-incomplete", "warning", cells=("term",), kinds=None)
def date_incomplete(ctx: Context):
    """A date without a month or a year that cannot be inferred (or a bare month where a day is asked
    for: see ``_asks_for_days``).

    Inferred values: the rule reports what is missing, never an inferred value (a date whose year was
    inferred is complete); on a row of a table whose columns were guessed the engine lowers it to
    ``info`` (the cell may not be a term cell). Column-numbering rows and headings never reach it
    (``shailoo.rules.engine.structural_row``).
    """
    asks_for_days: Optional[bool] = None
    for a in ctx.doc.activities:
        for t in ctx.terms(a):
            reason = None
            if isinstance(t, PeriodTerm):
                reason = t.reason if t.reason in MISSING_PARTS else None
                if reason == "no_day":
                    if asks_for_days is None:
                        asks_for_days = _asks_for_days(ctx)
                    reason = reason if asks_for_days else None
            else:
                reasons = [d.reason for d in term_dates(t) if d.value is None and d.reason in MISSING_PARTS]
                reason = reasons[0] if reasons else None
            if reason:
                yield Hit({"raw": t.raw, "what": word(MISSING_PARTS, reason, ctx.lang)}, activity=a,
                          found=t.raw, details={"reason": reason})


def _inverted(t: RangeTerm) -> Optional[dt.date]:
    """The start date that makes ``t`` inverted (start after end), or None when ``t`` is in order.

    A range across New Year («28 декабря – 5 января», months Oct–Dec to Jan–Mar, no year printed on the
    side that moves) is in order. The parser gives «с 20 сентября по 10 сентября 2022 года» a start in
    2021 (it reads the unprinted start year as the year before); a start without its own year, a year
    before the end and outside the New-Year window is read back into the end's year and found inverted.
    """
    s, e = t.start_date.value, t.end_date.value
    if s is None or e is None:
        return None
    crosses_new_year = s.month >= 10 and e.month <= 3
    if e >= s:
        if (not regex.search(r"\d{4}", t.start_date.raw or "") and s.year == e.year - 1
                and not crosses_new_year):
            try:
                s2 = s.replace(year=e.year)
            except ValueError:
                return None
            return s2 if s2 > e else None
        return None
    if not regex.search(r"\d{4}", t.end_date.raw or "") and crosses_new_year:
        try:
            if (e.replace(year=e.year + 1) - s).days <= 92:
                return None
        except ValueError:
            pass
    return s


def _ranges(t) -> list[RangeTerm]:
    if isinstance(t, RangeTerm):
        return [t]
    if isinstance(t, DatesTerm):
        return [i for i in t.items if isinstance(i, RangeTerm)]
    return []


def _dated_span(ctx: Context) -> Optional[tuple[dt.date, dt.date]]:
    ds = [d.value for a in ctx.doc.activities for t in ctx.terms(a) for d in term_dates(t) if d.value]
    return (min(ds), max(ds)) if ds else None


@rule("SH103", "range-inverted", "error", cells=("term",), kinds=None)
def range_inverted(ctx: Context):
    """A range whose start is after its end (seed 002: «22-апрелинен 6-мартына чейин»).

    Inferred values: fires when the order of the two ends is printed — both ends print their year, or
    the end prints it and the start is read in the same year. When an end's year was inferred from
    outside the range (the plan's period, election day …) and the two ends fall in different years,
    the inversion rests on that year: the finding says so and is ``info``.
    """
    span = None
    sites = [(r, a, None) for a in ctx.doc.activities for t in ctx.terms(a) for r in _ranges(t)]
    sites += [(r, None, m) for t, m in ctx.prose_terms for r in _ranges(t)]
    for r, a, m in sites:
        start = _inverted(r)
        if start is None:
            continue
        details: dict[str, Any] = {}
        inferred = [x for x in (inferred_year(r.start_date), inferred_year(r.end_date)) if x]
        if inferred and not (start.year == r.end_date.value.year and not r.end_date.year_inferred):
            details["inferred"] = inferred
        if m is not None:
            span = span or _dated_span(ctx)
            if span:  # what the rows themselves run over, for the reader to see which end is wrong
                details["rows_span"] = [span[0].isoformat(), span[1].isoformat()]
        yield Hit({"raw": r.raw, "start": start, "end": r.end_date.value}, activity=a,
                  provenance=ctx.mention_provenance(m) if m is not None else None,
                  found=f"{start.isoformat()}/{r.end_date.value.isoformat()}", details=details)


@rule("SH104", "weekday-mismatch", "error", cells=("term",), kinds=None)
def weekday_mismatch(ctx: Context):
    """A printed weekday that does not match the date («воскресенье 9 октября 2022», «жекшемби»).

    Inferred values: with a year the document does not print, the weekday may be right for another
    year: the finding says so and is ``info``.
    """
    for s in ctx.date_sites():
        d = s.date
        if d.value is None or d.weekday is None or d.value.weekday() == d.weekday:
            continue
        names = WEEKDAYS[ctx.lang]
        inferred = inferred_year(d)
        yield Hit({"raw": d.raw, "date": d.value, "actual": names[d.value.weekday()], "printed": names[d.weekday]},
                  activity=s.activity, provenance=s.provenance, expected=WEEKDAYS["en"][d.value.weekday()],
                  found=WEEKDAYS["en"][d.weekday], details={"inferred": [inferred]} if inferred else {})


#: Why a date is outside (SH105): outside the plan period, after election day, before the approval.
_OUTSIDE = table("SH105.why")


def _fmt(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


#: Document kinds whose points are not bounded by a plan period (see ``date_outside_period``).
_NOT_PLANS = ("resolution",)


@rule("SH105", "date-outside-period", "warning", cells=("term",), kinds=None)
def date_outside_period(ctx: Context):
    """A date outside the plan period, a pre-election deadline after election day, a row dated before the plan's approval.

    The plan period bounds the rows of a plan (or of a report on one), never the points of a resolution:
    a resolution's points are the body's acts around its own date, and the period it names is the one
    of the plan or budget it approves («… 2025-жылга бюджети бекитилсин», «Айыл өкмөтүнүн 2026-2027-
    жылдарга … көрсөткүчтөрү бекитилсин»; a plan «на 2023 год» approved on 23.12.2022 with «разместить
    до 30 декабря 2022 года»).

    Inferred values: a date (or month, quarter) whose year the document does not print does not fire:
    it lies outside only by the year shailoo chose (a ministry plan «на 2022–2024 годы» with «до 10
    июля»). A printed full date outside fires. A deadline after an election day whose year shailoo
    completed from the nearest dated line says so and is ``info``.

    A row dated in the month before the plan period begins is ``info``, not a warning: a plan is drafted
    and approved before its period (wild 021, a plan «на 2025 год»: «Составление плана мероприятий … на
    2025 год — Декабрь 2024»).
    """
    info = ctx.doc.document
    period = info.period if info.period and (info.period.start or info.period.end) else None
    if info.kind in _NOT_PLANS:
        period = None
    approved = info.approved.date if info.approved else None
    eday = ctx.calendar.date_of("election_day")
    for a in ctx.doc.activities:
        for t in ctx.terms(a):
            if isinstance(t, PeriodTerm):
                spans = ([(t.raw, t.first_day, t.last_day)] if t.first_day and t.last_day and not t.year_inferred
                         else [])
            else:
                spans = [(d.raw, d.value, d.value) for d in term_dates(t) if d.value and not d.year_inferred]
            for raw, first, last in spans:
                why, severity = None, None
                if period and ((period.start and last < period.start) or (period.end and first > period.end)):
                    if period.start and last < period.start and (period.start - first).days <= 31:
                        severity = "info"  # the run-up: the plan itself is prepared before its period
                    why = word(_OUTSIDE, "period", ctx.lang).format(
                        a=_fmt(period.start) if period.start else "…", b=_fmt(period.end) if period.end else "…")
                    key = "period"
                elif (isinstance(t, RelativeTerm) and t.direction == "before" and eday
                      and t.anchor in ("election_day", "voting_start") and first > eday):
                    why, key = word(_OUTSIDE, "after_election", ctx.lang).format(a=_fmt(eday)), "after_election"
                elif (approved and info.kind in PLANS and last < approved
                      and not (isinstance(t, PeriodTerm))):
                    why, key = word(_OUTSIDE, "before_approval", ctx.lang).format(a=_fmt(approved)), "before_approval"
                if why:
                    details: dict[str, Any] = {"case": key}
                    anchor = _anchor_inferred(ctx, t.anchor) if key == "after_election" else None
                    if anchor:
                        details["inferred"] = [anchor]
                    if severity:
                        details["case"] = "before_period_start"
                    yield Hit({"raw": raw, "date": first, "why": why}, activity=a, found=first, details=details,
                              severity=severity)


def _anchor_inferred(ctx: Context, anchor: str) -> Optional[dict[str, Any]]:
    """``details["inferred"]`` item when the date of ``anchor`` is the document's election day (or
    derived from it) and the document does not print that day's year (``election_day_year_source``)."""
    info = ctx.doc.document
    if not info.election_day_year_source or ctx.calendar.sources.get("election_day") != "document":
        return None
    if ctx.calendar.sources.get(anchor) not in ("document", "inferred"):
        return None
    return {"what": "election_day", "source": info.election_day_year_source, "date": info.election_day_raw}


def _same_day_other_year(a: dt.date, b: dt.date) -> bool:
    """Whether ``a`` and ``b`` differ only in the year (by at most one)."""
    return (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) <= 1


# --------------------------------------------------------------------------- offsets


def _anchor_name(t: RelativeTerm, lang: str) -> str:
    """The event a term counts from, by its name in ``lang`` («день голосования»); as the document prints it
    when the catalogue does not name it; «событие» when neither."""
    return word(ANCHORS, t.anchor, lang, default=t.anchor_raw or word(ANCHORS, "unknown", lang))


def _signed(n: int) -> str:
    """«+5», «−1» (the minus sign, as the arithmetic writes it)."""
    return f"{'+' if n > 0 else '−' if n < 0 else '±'}{abs(n)}"


def _arith(t: RelativeTerm, field: str, anchor_date: dt.date, lang: str) -> str:
    """«09.10.2022 (день голосования) − 2 кал. дн.» — the sum that gives ``field`` of ``t``."""
    name, conv = counting_data().convention_for(t.direction, t.unit)
    sign = "−" if conv.computed.n < 0 else "+"
    s = f"{_fmt(anchor_date)} ({_anchor_name(t, lang)}) {sign} {t.n} {word(UNITS, t.unit, lang)}"
    extra = conv.computed.days + (conv.last_day.days if field == "last_day" else 0)
    if extra:
        s += f" {'−' if extra < 0 else '+'} {abs(extra)} {word(DAYS, 'x', lang, DAYS[lang])}"
    return s


#: What SH106 says of a printed date (``rules.SH106.claim.<case>``): later or earlier than the count, the
#: last day of the term printed, a one-day difference where CEC practice counts two ways; and the words
#: added to an earlier date that makes the plan stricter than the term.
_CLAIMS = table("SH106.claim")
_STRICTER = by_lang("rules.SH106.stricter")


@rule("SH106", "offset-date-mismatch", "error", cells=("term",), kinds=None)
def offset_date_mismatch(ctx: Context):
    """A relative term whose printed date disagrees with the date computed from its anchor under the counting convention.

    Inferred values: a printed date whose year the document does not print does not fire when the
    printed day and month are the computed ones (only shailoo's year differs); otherwise the printed
    day and month disagree whatever the year, and it fires. An anchor date whose year shailoo completed
    (an election day from the nearest dated line) makes the finding say so and ``info``.
    """
    for a in ctx.doc.activities:
        for t in ctx.terms(a):
            if not isinstance(t, RelativeTerm) or t.convention is None:
                continue
            anchor_date = ctx.calendar.date_of(t.anchor)
            anchor_guess = _anchor_inferred(ctx, t.anchor)
            for c in check_printed(t):
                if c.expected is None or c.delta_days in (None, 0):
                    continue
                if c.printed.year_inferred and c.printed.value and _same_day_other_year(c.printed.value, c.expected):
                    continue
                field = "last_day" if c.expected == t.last_day and c.expected != t.computed else "computed"
                later = c.delta_days > 0 if t.bound != "not_earlier" else c.delta_days < 0
                severity, case = None, "later" if later else "earlier"
                # what the message says: the printed date against the count, in the reader's words
                said, extra = ("later" if c.delta_days > 0 else "earlier"), ""
                if (t.direction == "before" and c.printed.qualifier == "on" and t.last_day is not None
                        and c.printed.value == t.last_day):
                    severity, case, said = "info", "printed_last_day", "last_day"
                elif c.ambiguous and t.direction in ("after", "within"):
                    severity, case, said = "info", "ambiguous", "ambiguous"
                elif not later:
                    severity, extra = "warning", _STRICTER[ctx.lang]
                claim = word(_CLAIMS, said, ctx.lang).format(
                    found=_fmt(c.printed.value), expected=_fmt(c.expected),
                    term=term_words(t.n, t.unit, t.direction, t.anchor, ctx.lang)) + extra
                yield Hit({"claim": claim, "arith": _arith(t, field, anchor_date, ctx.lang), "expected": c.expected,
                           "delta": _signed(c.delta_days)},
                          activity=a, expected=c.expected, found=c.printed.value, severity=severity,
                          details={"convention": t.convention, "delta_days": c.delta_days, "case": case,
                                   "anchor": t.anchor, "anchor_date": anchor_date.isoformat() if anchor_date else None,
                                   "qualifier": c.printed.qualifier,
                                   **({"inferred": [anchor_guess]} if anchor_guess else {})})


_DAY_UNITS = {"calendar_day": 1, "day": 1, "week": 7}


def _implied_anchor(t: RelativeTerm, d: TermDate) -> Optional[dt.date]:
    """The anchor date that makes printed ``d`` agree with ``t``'s convention (day-based units only)."""
    if d.value is None or t.unit not in _DAY_UNITS:
        return None
    data = counting_data()
    name, conv = data.convention_for(t.direction, t.unit)
    f = conv.expected(d.qualifier)
    if f is None:
        return None
    offset = conv.computed.n * t.n * _DAY_UNITS[t.unit] + conv.computed.days
    if f == "last_day":
        offset += conv.last_day.days
    return d.value - dt.timedelta(days=offset)


@rule("SH107", "anchor-inconsistent", "warning", cells=("term",), kinds=None)
def anchor_inconsistent(ctx: Context):
    """Rows anchored to the same event whose printed dates imply different dates for it (the outliers are flagged).

    Inferred values: a row whose printed date has no year of its own and whose implied date differs
    from the others' only by the year does not fire (the year is shailoo's); a difference in day or
    month is printed, and fires.
    """
    by_anchor: dict[str, list[tuple[Activity, RelativeTerm, dt.date]]] = defaultdict(list)
    guessed: set[tuple[int, int]] = set()
    for a in ctx.doc.activities:
        for t in ctx.terms(a):
            if not isinstance(t, RelativeTerm) or ctx.calendar.date_of(t.anchor) is not None:
                continue  # a known anchor date is offset-date-mismatch's business
            for d in t.printed:
                imp = _implied_anchor(t, d)
                if imp is not None:
                    by_anchor[t.anchor].append((a, t, imp))
                    if d.year_inferred:
                        guessed.add((id(a), id(t)))
                    break
    for anchor, rows in by_anchor.items():
        if len({imp for _, _, imp in rows}) < 2:
            continue
        counts = Counter(imp for _, _, imp in rows)
        best, n = counts.most_common(1)[0]
        if list(counts.values()).count(n) > 1:
            best = rows[0][2]  # no majority: measure against the first row that prints a date
        agreeing = [r for r in rows if r[2] == best]
        names = ", ".join(a.number.rstrip(".") if a.number else (a.path or "?") for a, _, _ in agreeing)
        best_guessed = any((id(x), id(y)) in guessed for x, y, i in agreeing)
        for a, t, imp in rows:
            if imp == best:
                continue
            if ((id(a), id(t)) in guessed or best_guessed) and _same_day_other_year(imp, best):
                continue
            amb = counting_data().convention_for(t.direction, t.unit)[1].ambiguity_days
            yield Hit({"anchor": _anchor_name(t, ctx.lang), "found": imp, "expected": best, "rows": names},
                      activity=a, expected=best, found=imp,
                      severity="info" if abs((imp - best).days) <= amb else None,
                      details={"anchor": anchor, "implied": {str(k): v for k, v in counts.items()}})


# --------------------------------------------------------------------------- cross references

# The words these patterns read are language data (``rule_words`` of corpus/lang/*.yaml).
#: «… 2022 года № 72», «… 2022-ж. № 72»: the number of the act a date belongs to, after the date.
_ACT_AFTER = regex.compile(rf"^\W{{0,3}}(?:{alternation('year_mark')})?(?:{alternation('year_word')})?\s*№\s*([\w/-]+)",
                           regex.I)
#: «№ 72 от 10 августа …»: the number before the date.
_ACT_BEFORE = regex.compile(rf"№\s*([\w/-]+)\s+(?:{alternation('number_date_link')})\s*$", regex.I)
#: The kind of act named beside a reference, so that «приказ № 5» and «постановление № 5» stay two acts.
_ACT_KIND = regex.compile(f"({alternation('act_kind')})", regex.I)
_MEETING = regex.compile(alternation("meeting"), regex.I)
_DECIDED = regex.compile(alternation("decided"), regex.I)
#: What two dates are of (SH108): one act, or a meeting and the act it adopted.
_SUBJECTS = table("SH108.subject")


def _blocks(ctx: Context):
    """(start, text, activity, provenance) of the prose: paragraphs and prose points."""
    for p in ctx.doc.paragraphs:
        if p.provenance.start is not None:
            yield p.provenance.start, p.provenance.quote or p.text, None, p.provenance
    for a in ctx.doc.activities:
        if a.kind == "point" and a.provenance.start is not None:
            yield a.provenance.start, a.provenance.quote or a.text, a, a.provenance


@rule("SH108", "cross-reference-mismatch", "error", cells=("term", "content"), kinds=None)
def cross_reference_mismatch(ctx: Context):
    """The same act (by number) or a meeting and the act it adopted, dated differently in one document.

    Inferred values: two dates that differ only by a year the document does not print for one of
    them do not fire; a difference in day or month is printed, and fires.
    """
    dates = [m for m in ctx.doc.mentions if m.type == "date" and m.value is not None]
    guessed: set[int] = set()  # ids of the mentions whose year shailoo inferred

    def only_year(m1, d1, m2, d2) -> bool:
        return (id(m1) in guessed or id(m2) in guessed) and _same_day_other_year(d1, d2)

    acts: dict[str, list] = defaultdict(list)
    subjects = _SUBJECTS
    for start, text, act, prov in _blocks(ctx):
        end = start + len(text)
        inside = []
        for m in dates:
            if not (start <= m.start and m.end <= end):
                continue
            v = m.value
            d = getattr(getattr(v, "date", None), "value", None) if not isinstance(v, dict) else (v.get("date") or {}).get("value")
            if isinstance(d, str):
                d = dt.date.fromisoformat(d)
            if d is None:
                continue
            td = (v.get("date") or {}) if isinstance(v, dict) else getattr(v, "date", None)
            if (td.get("year_inferred") if isinstance(td, dict) else getattr(td, "year_inferred", False)):
                guessed.add(id(m))
            s, e = m.start - start, m.end - start
            after, before = _ACT_AFTER.match(text[e:e + 40]), _ACT_BEFORE.search(text[max(0, s - 30):s])
            number = (after or before).group(1).rstrip(".,") if (after or before) else None
            inside.append((m, d, number))
            if number:
                near = text[max(0, s - 40):s] + " " + text[e:e + 60]
                k = _ACT_KIND.search(near)
                acts[number.upper()].append((d, m, act, k.group(1).lower()[:5] if k else None))
        # A meeting dated D that adopted act № N dated D' in the same paragraph.
        if _MEETING.search(text) and _DECIDED.search(text):
            plain = [(m, d) for m, d, n in inside if n is None]
            numbered = [(m, d, n) for m, d, n in inside if n]
            if (len(plain) == 1 and len(numbered) == 1 and plain[0][1] != numbered[0][1]
                    and not only_year(plain[0][0], plain[0][1], numbered[0][0], numbered[0][1])):
                (pm, pd), (nm, nd, n) = plain[0], numbered[0]
                yield Hit({"subject": subjects["meeting"][ctx.lang].format(n=n), "here": pm.text, "found": pd,
                           "there": nm.text, "expected": nd},
                          activity=act, provenance=ctx.mention_provenance(pm) if act is None else prov,
                          expected=nd, found=pd, details={"act": n, "meeting_date": pd.isoformat(),
                                                          "act_date": nd.isoformat(), "case": "meeting"})
    for n, refs in acts.items():
        for j, (d, m, act, kind) in enumerate(refs):
            first = next((r for r in refs[:j] if r[3] is None or kind is None or r[3] == kind), None)
            if first is not None and d != first[0] and not only_year(m, d, first[1], first[0]):
                yield Hit({"subject": subjects["act"][ctx.lang].format(n=n), "here": m.text, "found": d,
                           "there": first[1].text, "expected": first[0]},
                          activity=act, provenance=ctx.mention_provenance(m), expected=first[0], found=d,
                          details={"act": n, "case": "act"})


# =========================================================================== rows of plans and schedules


def _complete_date(ctx: Context, a: Activity) -> bool:
    ts = ctx.terms(a)
    ds = [d for t in ts for d in term_dates(t)]
    return bool(ds) and all(d.value is not None for d in ds) and not any(isinstance(t, PeriodTerm) for t in ts)


def _empty_cell_rule(code: str, name: str, role: str, cells: tuple[str, ...], kinds: tuple[str, ...],
                     summary: str, typed=lambda a: False, due=lambda ctx, a: True):
    """Register rule ``code``/``name`` (a warning): a row of a document with a ``role`` column whose
    ``role`` cell is empty, unless the row has the value typed all the same (``typed(a)``: an owner
    read from elsewhere, a term) or is not due one (``due(ctx, a)`` false). ``summary`` is the rule's
    one-line summary; the finding's message quotes the row."""

    def check(ctx: Context):
        if role not in ctx.doc.document.columns:
            return
        for a in _rows(ctx):
            if _empty(a.cells.get(role)) and not typed(a) and due(ctx, a):
                yield Hit({"text": _short(a.text)}, activity=a)

    check.__name__ = check.__qualname__ = name.replace("-", "_")
    check.__doc__ = summary
    return rule(code, name, "warning", cells=cells, kinds=kinds)(check)


owner_missing = _empty_cell_rule(
    "SH111", "owner-missing", "responsible", ("responsible", "executor"), PLANS,
    "A plan or schedule row with an empty owner (responsible / organiser) cell.",
    typed=lambda a: bool(a.responsible))
term_missing = _empty_cell_rule(
    "SH112", "term-missing", "term", ("term",), PLANS,
    "A plan or schedule row with an empty term (date) cell.",
    typed=lambda a: bool(a.terms) or a.term is not None)
place_missing = _empty_cell_rule(
    "SH113", "place-missing", "place", ("place",), SCHEDULES,
    "A dated schedule row with an empty place cell (a row whose date is not fixed is left to date-incomplete).",
    due=_complete_date)


# =========================================================================== action plans


def _measures(ctx: Context) -> Iterable[Activity]:
    return (a for a in ctx.doc.activities if a.kind == "measure")


def _mlabel(a: Activity) -> str:
    """A measure as a message names it: its number, else the start of its text in quotes."""
    return (a.number or "").rstrip(".") or "«" + _short(a.cells.get("measure") or a.text, 40) + "»"


@rule("SH121", "executor-missing", "warning", cells=("executor", "responsible"), kinds=ACTION_PLANS)
def executor_missing(ctx: Context):
    """An action-plan measure with no executor."""
    for a in _measures(ctx):
        if _empty(a.cells.get("executor")) and not a.responsible:
            yield Hit({"measure": _mlabel(a)}, activity=a)


@rule("SH122", "timeline-missing", "warning", cells=("year_1", "year_2", "year_3", "term"), kinds=ACTION_PLANS)
def timeline_missing(ctx: Context):
    """An action-plan measure with nothing in any year column."""
    years = [r for r in ("year_1", "year_2", "year_3") if r in ctx.doc.document.columns]
    if not years:
        return
    for a in _measures(ctx):
        if all(_empty(a.cells.get(r)) for r in years):
            yield Hit({"measure": _mlabel(a)}, activity=a)


@rule("SH123", "funding-missing", "warning", cells=("funding",), kinds=ACTION_PLANS)
def funding_missing(ctx: Context):
    """An action-plan measure with no source of funding."""
    if "funding" not in ctx.doc.document.columns:
        return
    for a in _measures(ctx):
        if _empty(a.cells.get("funding")):
            yield Hit({"measure": _mlabel(a)}, activity=a)


_RESULT_LABEL = regex.compile(rf"^\s*(?:{alternation('result_label')})\s*:?\s*", regex.I)
#: An indicator: a number with a unit, a number (not a list number), a share, a count word, a document,
#: a year or a period (the words: ``rule_words`` ``indicator_unit`` and ``indicator`` of the language data).
_INDICATOR = regex.compile(
    rf"(?<![\w.])\d+(?:[.,]\d+)?\s*(?:%|{alternation('indicator_unit')})"
    r"|(?<!^|\n|;\s)(?<![\w.])\d{2,}(?![.)]\s)"
    rf"|%|{alternation('indicator')}"
    r"|\b(?:19|20)\d{2}\b",
    regex.I)


_EMPTY = by_lang("rules.SH124.empty")


@rule("SH124", "result-unmeasurable", "info", cells=("result",), kinds=ACTION_PLANS)
def result_unmeasurable(ctx: Context):
    """An action-plan measure whose expected result has no indicator (or is empty)."""
    if "result" not in ctx.doc.document.columns:
        return
    for a in _measures(ctx):
        text = _RESULT_LABEL.sub("", a.cells.get("result") or "")
        if _empty(text) or not _INDICATOR.search(text):
            shown = _EMPTY[ctx.lang] if _empty(text) else "«" + _short(text, 80) + "»"
            yield Hit({"measure": _mlabel(a), "result": shown}, activity=a,
                      details={"empty": _empty(text)})


# =========================================================================== numbering

_NUM = regex.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\s*([.)])?\s*$")
_ITEM = regex.compile(r"^\s*(\d{1,3})\s*([.)])(?!\d)")


def _number_path(number: Optional[str]) -> Optional[tuple[int, ...]]:
    m = _NUM.match(number or "")
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


#: Which sequence a numbering finding is about: the rows, the items under a number, a cell's list; a column
#: without a printed header by its name (``common.role``).
_WHERE = table("numbering.where")
_ROLE_NAMES = {lang: group("common.role", lang) for lang in LANGS}


def _sequence(items: list[tuple[Any, int, str]], fmt) -> Iterable[tuple[str, Any, dict]]:
    """Check one numbered sequence ``(obj, number, printed)``; yield (rule, obj, params) for gaps, duplicates, order.

    A number missing from the run whose place a duplicate took (1, 2, 3, 4, 6, 6, 7) is reported once,
    as the duplicate (expected «5»), not also as a gap.
    """
    nums = [n for _, n, _ in items]
    if not nums:
        return
    first = 1
    top = max(nums)
    missing = [k for k in range(first, top + 1) if k not in set(nums)]
    dup_count = len(nums) - len(set(nums))
    absorbed = list(missing) if dup_count and len(missing) == dup_count else []
    seen: set[int] = set()
    prev = None
    for obj, n, printed in items:
        if n in seen:
            exp = absorbed.pop(0) if absorbed else None
            yield "numbering-duplicate", obj, {"found": printed, "expected": fmt(exp) if exp else "—",
                                               "prev": fmt(prev) if prev else "—"}
        elif prev is not None and n < prev:
            yield "numbering-order", obj, {"found": printed, "prev": fmt(prev), "expected": fmt(prev + 1)}
        else:
            lo = first if prev is None else prev + 1
            gap = [k for k in range(lo, n) if k not in seen and k in missing]
            if gap and not (dup_count and len(missing) == dup_count):
                yield "numbering-gap", obj, {"found": printed, "prev": fmt(prev) if prev else "—",
                                             "missing": ", ".join(fmt(k) for k in gap), "expected": fmt(gap[0])}
        seen.add(n)
        prev = n if prev is None else max(prev, n)


def _squash(s: str) -> str:
    return " ".join(s.split())


def _cell_of(a: Activity, item: str, body: str) -> Optional[str]:
    """The role of the cell of ``a`` that holds list item ``item`` (the whole item first, then its start)."""
    whole = _squash(item)
    for r, v in a.cells.items():
        if whole and whole in _squash(v):
            return r
    head = _squash(body)[:40]
    return next((r for r, v in a.cells.items() if head and head in _squash(v)), None)


def _numbering(ctx: Context) -> list[tuple[str, Hit]]:
    out: list[tuple[str, Hit]] = []
    # Rows: group by table and parent number; only rows with a printed number take part.
    groups: dict[tuple, list] = defaultdict(list)
    for a in ctx.doc.activities:
        if a.kind == "point":
            continue
        p = _number_path(a.number)
        if p is None:
            continue
        groups[(a.provenance.table, p[:-1])].append((a, p[-1], (a.number or "").strip()))
    for (_table_index, parent), items in groups.items():
        if parent:
            where = _WHERE["sub"][ctx.lang].format(p=".".join(map(str, parent)))
            fmt = (lambda k, parent=parent: ".".join(map(str, parent + (k,))) + ".")
        else:
            where = _WHERE["rows"][ctx.lang]
            fmt = (lambda k: f"{k}.")
        for name, a, params in _sequence(items, fmt):
            out.append((name, Hit(_localize({"where": where, **params}, ctx.lang), activity=a, expected=params["expected"],
                                  found=params["found"], details={"list": "rows"})))
    # Lists inside cells (Activity.items), per cell and per numbering style; a «1» starts a new list.
    for a in ctx.doc.activities:
        if not a.items:
            continue
        seqs: dict[tuple, list] = defaultdict(list)
        restart: Counter = Counter()
        for item in a.items:
            m = _ITEM.match(item)
            if not m:
                continue
            role = _cell_of(a, item, item[m.end():])
            n, style = int(m.group(1)), m.group(2)
            key = (role, style)
            if n == 1 and seqs.get(key + (restart[key],)):
                restart[key] += 1
            seqs[key + (restart[key],)].append((a, n, f"{n}{style}"))
        for (role, style, _), items in seqs.items():
            # the cell by its column's printed header, else the column's name; never the role's id
            header = ctx.doc.document.columns.get(role or "") or _ROLE_NAMES[ctx.lang].get(role or "")
            where = (_WHERE["cell"][ctx.lang].format(c=_short(header, 30)) if header
                     else _WHERE["cell_any"][ctx.lang])
            for name, obj, params in _sequence(items, lambda k, style=style: f"{k}{style}"):
                out.append((name, Hit(_localize({"where": where, **params}, ctx.lang), activity=a, expected=params["expected"],
                                      found=params["found"], details={"list": "cell", "cell": role})))
    return out


#: Pieces of the numbering messages: what came before the number at fault, and the number expected.
_AFTER = table("numbering.after")
_HINT = by_lang("rules.numbering.hint")


def _localize(params: dict, lang: str) -> dict:
    """Add the language-dependent pieces (``after``, ``hint``) of the numbering messages."""
    p = dict(params)
    p["after"] = _AFTER["prev"][lang].format(p=p["prev"]) if p.get("prev") not in (None, "—") else _AFTER["start"][lang]
    p["hint"] = _HINT[lang].format(e=p["expected"]) if p.get("expected") not in (None, "—") else ""
    return p


@rule("SH131", "numbering-gap", "warning", cells=("number",), kinds=None)
def numbering_gap(ctx: Context):
    """A numbered row, sub-item or item of a cell's list that skips a number."""
    return (h for n, h in _numbering(ctx) if n == "numbering-gap")


@rule("SH132", "numbering-duplicate", "warning", cells=("number",), kinds=None)
def numbering_duplicate(ctx: Context):
    """A number used twice in one sequence (seed 003: «6)» twice in measure 5.2; two measures 7.3)."""
    return (h for n, h in _numbering(ctx) if n == "numbering-duplicate")


@rule("SH133", "numbering-order", "warning", cells=("number",), kinds=None)
def numbering_order(ctx: Context):
    """A number lower than the one before it in the same sequence."""
    return (h for n, h in _numbering(ctx) if n == "numbering-order")


# =========================================================================== totals

_TOTAL_ROW = regex.compile(rf"^\s*(?:{alternation('total_row')})\b\s*:?\s*$", regex.I)


def _int(s: Optional[str]) -> Optional[int]:
    t = regex.sub(r"[\s\u00a0\u202f]", "", s or "")
    return int(t) if regex.fullmatch(r"\d+", t) else None


@rule("SH141", "total-mismatch", "error", cells=("count",), kinds=None)
def total_mismatch(ctx: Context):
    """A printed total that equals neither the sum nor the count of the items it totals (18 580 over 37 stations holds)."""
    acts = ctx.doc.activities
    for i, a in enumerate(acts):
        name = a.cells.get("name") or a.text
        prose_total = "total" in a.cells
        table_total = a.provenance.table is not None and bool(_TOTAL_ROW.match(name or ""))
        if not (prose_total or table_total):
            continue
        items = []
        for b in reversed(acts[:i]):
            same = (b.section == a.section and b.kind == a.kind) if prose_total else (b.provenance.table == a.provenance.table)
            if not same or "total" in b.cells or _TOTAL_ROW.match(b.cells.get("name") or b.text or ""):
                break
            items.append(b)
        items.reverse()
        roles = ["total"] if prose_total else [r for r, v in a.cells.items() if _int(v) is not None and r not in ("number", "code")]
        for role in roles:
            printed = _int(a.cells.get(role))
            col = "count" if role == "total" else role
            vals = [_int(b.cells.get(col)) for b in items]
            vals = [v for v in vals if v is not None]
            if printed is None or not vals:
                continue
            total = sum(vals)
            if printed not in (total, len(vals)):
                yield Hit({"raw": _short(f"{name} {a.cells.get(role)}", 40), "found": printed, "n": len(vals),
                           "sum": total}, activity=a, expected=total, found=printed,
                          details={"column": col, "items": len(vals)}, cell=role)
