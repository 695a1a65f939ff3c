"""Signals: what in a plan's progress the council should look at, as findings with stable codes.

Each signal is a ``Signal`` (``shailoo.apps.track.models``) with a code like the rules engine's, a
kebab-case name, a severity and a message in ru, ky or en; its title, description and message are
data (``track.signals.<CODE>`` in ``corpus/messages/<lang>/track.yaml``). They are computed from a
plan's status on a day (``shailoo.apps.track.store.status`` calls ``detect``) and never from reports
dated after that day.

=====  ======================  ========  ===================================================================
code   rule                    severity  when
=====  ======================  ========  ===================================================================
TR201  status-regression       warning   the latest status is an earlier step than the one before it (done →
                                         in progress / not started, in progress → not started); rows saying
                                         no information was given are not steps and are skipped
TR202  silent-measure          warning   the reports of the two latest report dates (on or before the day)
                                         have no row on the measure (a row saying no information was given
                                         is a row)
TR203  done-without-result     warning   reported done, and the report counts fewer of the expected result's
                               / info    things than the plan's «результат» / «натыйжа» column promises
                                         («проведён 1 семинар» against «не менее 4 семинаров»): warning;
                                         reported done with a text that shares no number and no word with the
                                         expected result (in the plan's own language only): info
TR204  overdue                 error /   a plan year's action is overdue (``MeasureStatus.overdue_years``):
                               warning   error when the measure's whole term has passed and the latest report
                                         says it was not started; warning otherwise
=====  ======================  ========  ===================================================================

TR203 is a plain word match, not an understanding of the texts, so it never gives an error: two words
are one when they share a long enough beginning (``same_word``: a crude stem that catches «семинаров» /
«семинар», «ящиков» / «ящика», «текшерүүсү» / «текшерүү»); a number is compared with a number of the other
text when the words after them (up to three) share a word; years (1900–2099) and dates are not counts. A label before a colon at the start of the
plan's cell («Результат:») and the status phrases of the report («Исполнено.») are not words of the text.
A measure without an expected result is never signalled.

Library code does not print.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from shailoo.apps.track.models import Measure, MeasureStatus, ReportInfo, Signal, SignalCounts
from shailoo.corpus import all_languages
from shailoo.corpus.i18n import text
from shailoo.normalize import norm
from shailoo.rules.findings import SEVERITY_RANK


@dataclass(frozen=True)
class SignalRule:
    code: str
    rule: str
    severities: tuple[str, ...]


#: Every signal, by code.
RULES: dict[str, SignalRule] = {r.code: r for r in (
    SignalRule("TR201", "status-regression", ("warning",)),
    SignalRule("TR202", "silent-measure", ("warning",)),
    SignalRule("TR203", "done-without-result", ("warning", "info")),
    SignalRule("TR204", "overdue", ("error", "warning")),
)}

#: Statuses in the order work moves forward; «no report» has no place in it.
PROGRESS = {"not_started": 0, "in_progress": 1, "done": 2}


def is_regression(before: Optional[str], now: Optional[str]) -> bool:
    """True when ``now`` is an earlier step than ``before`` (both ``done``/``in_progress``/``not_started``)."""
    return before in PROGRESS and now in PROGRESS and PROGRESS[now] < PROGRESS[before]


# --------------------------------------------------------------------------- words


def _date(d) -> str:
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return d.strftime("%d.%m.%Y") if d else ""


def _status(s: Optional[str], lang: str) -> str:
    return text(f"track.status.{s}", lang) if s else text("track.text.unknown_status", lang)


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def message(code: str, details: dict, lang: str) -> str:
    """The message of a signal from its ``details`` (as ``detect`` writes them), in ``lang``."""
    d = details
    m = d.get("measure", "")
    if code == "TR201":
        return text("track.signals.TR201.message", lang, measure=m, before=_status(d["from"], lang),
                    before_date=_date(d["from_as_of"]), now=_status(d["to"], lang), date=_date(d["as_of"]))
    if code == "TR202":
        dates = ", ".join(_date(x) for x in d["report_dates"])
        key = "message_never" if d.get("never") else "message"
        return text(f"track.signals.TR202.{key}", lang, measure=m, n=len(d["report_dates"]), dates=dates)
    if code == "TR203":
        if d["kind"] == "short":
            return text("track.signals.TR203.message_short", lang, measure=m, found=d["found"],
                        expected=d["expected"], date=_date(d["as_of"]))
        return text("track.signals.TR203.message_absent", lang, measure=m, expected=d["expected"],
                    date=_date(d["as_of"]))
    if code == "TR204":
        key = "message_term" if d.get("term_ended") else "message"
        return text(f"track.signals.TR204.{key}", lang, measure=m, years=_years(d["years"]),
                    status=_status(d["status"], lang), end=_date(d.get("end")), date=_date(d["as_of"]))
    raise KeyError(code)


def title(code: str, lang: str) -> str:
    return text(f"track.signals.{code}.title", lang)


def description(code: str, lang: str) -> str:
    return text(f"track.signals.{code}.description", lang)


# --------------------------------------------------------------------------- the word match of TR203

_WORD = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?\s*%?|[^\W\d_]+")
_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_LABEL = re.compile(r"^\s*[^\W\d_]+\s*:")
#: Words shorter than this are not key words (prepositions, conjunctions, abbreviations like КР).
MIN_WORD = 4
#: Words after a number that say what it counts.
COUNTED = 3


@lru_cache(maxsize=1)
def _status_phrases() -> tuple[str, ...]:
    out: set[str] = set()
    for lang in all_languages():
        for words in lang.progress.statuses.values():
            out.update(" ".join(norm(w).split()) for w in words)
    return tuple(sorted(out, key=len, reverse=True))


def _tokens(s: str) -> list[tuple[str, object]]:
    """("num", value) and ("word", word) in order; dates dropped, years (1900–2099) dropped, words shorter
    than ``MIN_WORD`` dropped."""
    s = _DATE.sub(" ", s)
    out: list[tuple[str, object]] = []
    for m in _WORD.finditer(s):
        tok = m.group(0).strip()
        if tok[0].isdigit():
            pct = tok.endswith("%")
            value = _value(tok)
            if value is None:
                continue
            if not pct and value.is_integer() and 1900 <= value <= 2099 and not re.search(r"[.,]", tok):
                continue
            out.append(("num", value))
            if pct:
                out.append(("word", "%"))
        elif len(tok) >= MIN_WORD:
            out.append(("word", tok))
    return out


def _counts(tokens: list[tuple[str, object]]) -> list[tuple[float, tuple]]:
    """(number, the words after it) for every number that has words after it."""
    out = []
    for i, (kind, v) in enumerate(tokens):
        if kind != "num":
            continue
        words = []
        for k2, v2 in tokens[i + 1:i + 1 + COUNTED]:
            if k2 == "num":
                break
            words.append(v2)
        if words:
            out.append((float(v), tuple(words)))
    return out


def same_word(a: str, b: str) -> bool:
    """Two words are one when they begin alike for all but the last three letters of the shorter, and for
    at least ``MIN_WORD`` letters («ящиков» / «ящика», «семинаров» / «семинар», «текшерүүсү» /
    «текшерүү»; not «проведено» / «проверены»)."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= max(MIN_WORD, min(len(a), len(b)) - 3)


def _share(xs, ys) -> bool:
    return any(same_word(x, y) for x in xs for y in ys)


def _plan_text(result: str) -> str:
    n = " ".join(norm(result or "").split())
    return _LABEL.sub(" ", n, count=1)


def _report_text(status_text: str) -> str:
    n = " ".join(norm(status_text or "").split())
    for p in _status_phrases():
        n = n.replace(p, " ")
    return n


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _value(tok: str) -> Optional[float]:
    digits = re.sub(r"[\s\u00a0\u202f%]", "", tok).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def _phrase(text_: str, value: float) -> str:
    """The words of ``text_`` from the number ``value`` on, as printed: up to ``COUNTED`` words after it,
    not past a punctuation mark or another number, not ending on a short word («1 обучающий семинар»)."""
    src = text_ or ""
    matches = list(_WORD.finditer(src))
    for i, m in enumerate(matches):
        tok = m.group(0).strip()
        if not (tok[:1].isdigit() and _value(tok) == value):
            continue
        end, prev = m.end(), m
        for w in matches[i + 1:i + 1 + COUNTED]:
            if w.group(0)[:1].isdigit() or re.search(r"[,;:.!?()]", src[prev.end():w.start()]):
                break
            if len(w.group(0)) >= MIN_WORD:
                end = w.end()
            prev = w
        return " ".join(src[m.start():end].split())
    return _num(value)


def result_match(result: Optional[str], status_text: Optional[str], same_language: bool) -> Optional[dict]:
    """None when the report's text does not contradict the expected result (or nothing can be said);
    else ``{"kind": "short", "expected": …, "found": …}`` (a count below the plan's) or ``{"kind":
    "absent", "expected": …}`` (no number and no word shared; only when ``same_language``)."""
    plan = _tokens(_plan_text(result or ""))
    if not any(k == "word" for k, _ in plan):
        return None
    report_raw = status_text or ""
    report = _tokens(_report_text(report_raw))
    wanted = _counts(plan)
    got = _counts(report)
    for n_plan, stems in wanted:
        related = [(n, s) for n, s in got if _share(s, stems)]
        if related and all(n < n_plan for n, _ in related):
            n_rep = max(n for n, _ in related)
            return {"kind": "short", "expected": _phrase(result or "", n_plan), "found": _phrase(report_raw, n_rep)}
    if not same_language:
        return None
    plan_words = {v for k, v in plan if k == "word"}
    report_words = {v for k, v in report if k == "word"}
    plan_nums = {v for k, v in plan if k == "num"}
    report_nums = {v for k, v in report if k == "num"}
    if _share(plan_words, report_words) or plan_nums & report_nums:
        return None
    expected = " ".join((result or "").split())
    return {"kind": "absent", "expected": expected if len(expected) <= 160 else expected[:159] + "…"}


# --------------------------------------------------------------------------- detection


def _signal(code: str, severity: str, plan_id: str, m: MeasureStatus, details: dict, lang: str,
            expected: Optional[str] = None, found: Optional[str] = None) -> Signal:
    details = {"measure": m.measure, **details}
    return Signal(code=code, rule=RULES[code].rule, severity=severity, plan_id=plan_id, measure=m.measure,
                  executors=[e.name for e in m.executor_refs], message=message(code, details, lang),
                  expected=expected, found=found, details=details)


def detect(plan_id: str, plan_language: Optional[str], measures: list[MeasureStatus], plan: list[Measure],
           reports: list[ReportInfo], as_of: dt.date, lang: str = "ru") -> list[Signal]:
    """The signals of a plan on ``as_of``.

    ``measures`` is the status of every measure on that day (``store.status``), in plan order, and
    ``plan`` the stored measures in the same order (their expected ``result``); ``reports`` the reports
    on or before the day, oldest first. One signal per code and measure number (a number the plan prints
    twice gives one signal, unless the two rows' expected results differ). Sorted by severity, then in
    plan order. ``message`` in ``lang``."""
    by_id = {r.report_id: r for r in reports}
    dates = sorted({r.as_of for r in reports})
    out: list[Signal] = []
    seen: set[tuple] = set()

    def add(sig: Signal) -> None:
        key = (sig.code, sig.measure, sig.message)
        if key not in seen:
            seen.add(key)
            out.append(sig)

    for m, p in zip(measures, plan):
        if m.regression and m.regressed_from_as_of and m.report_as_of:
            add(_signal("TR201", "warning", plan_id, m, {
                "from": m.regressed_from, "to": m.status, "from_as_of": m.regressed_from_as_of.isoformat(),
                "as_of": m.report_as_of.isoformat()}, lang, expected=m.regressed_from, found=m.status))
        if m.silent_reports >= 2 and len(dates) >= 2:
            last_two = [d.isoformat() for d in dates[-2:]]
            add(_signal("TR202", "warning", plan_id, m, {"report_dates": last_two, "never": m.report_id is None},
                        lang))
        if m.status == "done" and p.result and m.report_id:
            rep = by_id.get(m.report_id)
            same = bool(rep and rep.language and plan_language and rep.language == plan_language)
            hit = result_match(p.result, m.status_text, same)
            if hit:
                sev = "warning" if hit["kind"] == "short" else "info"
                add(_signal("TR203", sev, plan_id, m, {**hit, "as_of": m.report_as_of.isoformat()}, lang,
                            expected=hit["expected"], found=hit.get("found")))
        if m.overdue_years:
            term_ended = m.overdue
            sev = "error" if term_ended and m.status == "not_started" else "warning"
            add(_signal("TR204", sev, plan_id, m, {
                "years": m.overdue_years, "status": m.status, "term_ended": term_ended,
                "end": m.planned_end.isoformat() if m.planned_end else None, "as_of": as_of.isoformat()}, lang))
    order = {id(s): i for i, s in enumerate(out)}
    return sorted(out, key=lambda s: (SEVERITY_RANK[s.severity], order[id(s)]))


def count(signals: Iterable[Signal]) -> SignalCounts:
    c = SignalCounts()
    for s in signals:
        setattr(c, s.severity, getattr(c, s.severity) + 1)
    return c


def fails(signals: Iterable[Signal], fail_on: str) -> bool:
    """True when a signal of ``fail_on`` (error, warning, info) or worse is among ``signals``; never for
    ``never``."""
    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[s.severity] <= limit for s in signals)
