"""Accuracy of shailoo on real documents nobody here wrote: the corpus of ``fixtures/wild/``.

    python benchmarks/accuracy.py                   # every document: text, DOCX and PDF versions
    python benchmarks/accuracy.py --formats text    # the text versions only (what the test runs)
    python benchmarks/accuracy.py --markdown        # also print the tables as Markdown
    python benchmarks/accuracy.py --only 021,086    # some documents (file-name prefixes)

For every document of ``fixtures/wild/expected.jsonl`` (and its DOCX/PDF versions in
``fixtures/wild/docx`` and ``fixtures/wild/pdf``, when they exist) it runs ``shailoo.parse`` and
``shailoo.rules.check.check`` and compares the result with the expectations a reader wrote by reading
the document (see ``fixtures/wild/README.md``). Results go to ``benchmarks/results/accuracy.json``
(beside the speed results); a summary is printed. A document that fails to parse or check never stops
the run: the error is a counted failure (``parse_errors`` / ``check_errors``) and every measure of that
document counts as wrong.

Measures (each counted right/total, per document, and in total per format and language ``ru``/``ky``):

``rows``
    per document: the number of activities found (of every ``kind``: rows of plans and schedules,
    goals, measures, numbered points and rows of embedded tables) equals the reader's
    ``rows_visible``. The sums found/visible are reported too.
``kind``, ``dates``, ``owners``, ``citations``
    per sampled point (``expect.points``), after the point is *matched* (below).

    * kind right: the typed term's ``kind`` equals the expected ``term_kind``; an expected ``null``
      (the point prints no term) is right when the matched activity has no term.
    * dates right: the set of ISO dates of the term equals the expected set. The dates of a term are:
      ``date`` its date; ``range`` the first day of its start and the last day of its end; ``dates`` those of its items; ``relative`` and
      ``event`` their printed dates; ``period`` its first and last day; ``recurring`` the dates of its
      occurrences and printed dates, when the model carries them. A printed date of month precision
      gives the first and last day of its month, of year precision the first and last day of its
      year (the reader's convention); a date without a value (no year) gives nothing. For an activity
      the dates of every term of its term cell are pooled (a cell «… / Не позднее 18 января 2012 года»
      holds two terms). An empty expected set is right when the parse gives no date.
    * owners right: each expected owner string is covered by one of the row's owners
      (``Activity.responsible[].raw``), by normalised text containment either way (the expected
      string in the owner's text or the owner's text in the expected string). An empty expected list is
      right when the row has no owner.
    * citations right: each expected citation string is found in a citation's raw text
      (``Activity.citations[].raw``), by normalised containment either way. An empty expected list is
      right when the row has no citation.
    * For a prose point matched to a mention (below) there is no row: owners and citations are
      scored only when the reader expects some, against the document's ``body`` and ``citation``
      mentions (each expected string covered by one of them).

``unparsed``
    the share of term cells (activities with a non-empty ``term`` cell) whose typed term is
    ``unparsed``, over every row of the document (not only the sampled ones).
``resolution``
    per field of ``expect.resolution`` (``number``, ``date``, ``title``, only those the document
    prints): the parsed resolution's field equals it. Numbers compare without «№»/«N», spaces and
    case; titles compare normalised (case, spaces, quotes and end punctuation ignored), so a title
    that runs on into the preamble is wrong. The parsed facts are read from
    ``document.resolution`` (its ``subject`` is the title; see ``parsed_resolution``); a document
    without them counts as not found.
``election_day``
    per document: ``document.election_day`` equals the expected one (``null`` = none printed).
``findings``
    per document with ``expect.findings``: every rule in ``must_not`` that fired is a false alarm;
    every rule in ``must`` that did not fire is missed. Rules are named by their kebab-case name
    (``date-incomplete``) or code (``SH102``); tallies are per rule.
``precision`` (issue 17)
    every *finding* whose rule is in its document's ``must_not`` is false, counted by severity:
    false errors, false warnings, false infos, per rule and in total; missed defects are the ``must``
    rules that did not fire. The rate is per 100 *judged rows*: the activities found in the documents
    that carry ``expect.findings`` (only there do the expectations say what is false); false alarms
    are false errors plus false warnings (an ``info`` is a note, not an alarm). The JSON keeps, per
    format and language, ``precision`` (``false_errors``, ``false_warnings``, ``false_infos``,
    ``missed``, ``judged_documents``, ``judged_rows``, the three ``…_per_100_rows`` rates and
    ``findings`` by severity over every document) and ``precision_by_rule``; issue 17 asks for 0 false
    errors and at most 1 false warning per 100 rows.

Matching a sampled point to the parse:

1. A point with a printed ``number`` is matched to the activity with the same number, compared
   without spaces and trailing «.» / «)» («3 .» = «3.» = «3»). When several activities carry that number
   (a lost auto-numbering prints «1.» three times), the one whose cells contain the point's
   ``term_text`` is taken, else the k-th of them for the k-th point with that number.
2. Without a number match, a point is matched to the first activity whose term cell (then any cell or
   its text) contains the normalised ``term_text``, or is contained in it (a cut copy).
3. A point with ``number: null`` (prose and news) is matched by ``term_text`` to the document's
   ``date``/``range``/``term`` mentions (``doc.mentions``): the shortest mention whose text contains the
   term text, else the longest mention contained in it; failing that, to an activity as in 2.
4. A point that matches nothing is wrong on every measure (reason «no match: …», saying whether the
   document gave no rows at all, no row with that number, or no mention holding the term text). A point with neither a
   number nor a term text cannot be matched and is not scored.

Failure reasons are collected per measure with a short key (e.g. ``unparsed``, ``event→recurring``,
``missing year``) and the term texts or owner strings they happened on; the JSON keeps every reason and
the summary prints the most frequent ones, to guide work on the grammars.
"""

from __future__ import annotations

import argparse
import calendar
import collections
import datetime as dt
import json
import re
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "fixtures" / "wild"
EXPECTED = CORPUS / "expected.jsonl"
RESULTS = HERE / "results" / "accuracy.json"
SCHEMA = "shailoo-accuracy/1"

FORMATS = ("text", "docx", "pdf")
MEASURES = ("rows", "kind", "dates", "owners", "citations", "unparsed", "resolution", "election_day")
LANGS = ("ru", "ky")


# ------------------------------------------------------------------------------------------ text


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[«»\"“”„‟'’`]")
_SPACES = re.compile(r"\s+")


def norm(text: Optional[str]) -> str:
    """Text for comparison: case-folded, «ё» as «е», dashes as «-», no quotes or soft hyphens, single
    spaces, no punctuation or spaces at either end."""
    if not text:
        return ""
    s = text.replace("\u00ad", "").casefold().replace("ё", "е")
    s = _DASHES.sub("-", s)
    s = _QUOTES.sub("", s)
    s = _SPACES.sub(" ", s)
    return s.strip(" .,;:()[]")


def contains_either(a: str, b: str) -> bool:
    """Normalised containment either way (both non-empty)."""
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


def norm_number(number: Optional[str]) -> str:
    """A printed point number for matching: «3 .» = «3.» = «3», «1)» = «1»."""
    if number is None:
        return ""
    s = re.sub(r"\s+", "", str(number))
    return s.rstrip(".)")


def norm_act_number(number: Optional[str]) -> str:
    """A resolution number for comparison: no «№»/«N», no spaces, case-folded."""
    if number is None:
        return ""
    s = re.sub(r"\s+", "", str(number)).casefold()
    return re.sub(r"^(№|n|no)\.?", "", s)


# ------------------------------------------------------------------------------------------ dates


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _iso(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def term_date_isos(td: Any) -> set[str]:
    """The ISO dates one printed date stands for: its day, or the first and last day of its month or year."""
    if td is None:
        return set()
    if isinstance(td, (dt.date, str)):
        return {_iso(td)}
    value = _get(td, "value")
    precision = _get(td, "precision", "day")
    year, month = _get(td, "year"), _get(td, "month")
    if value is None:
        return set()
    value = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if precision == "month":
        y, m = year or value.year, month or value.month
        return {dt.date(y, m, 1).isoformat(), dt.date(y, m, calendar.monthrange(y, m)[1]).isoformat()}
    if precision == "year":
        y = year or value.year
        return {f"{y}-01-01", f"{y}-12-31"}
    return {value.isoformat()}


def _term_dates(term: Any) -> list[Any]:
    """The printed dates (``TermDate``) a term holds, in every kind."""
    kind = _get(term, "kind")
    if kind == "date":
        return [_get(term, "date")]
    if kind == "range":
        return [_get(term, "start_date"), _get(term, "end_date")]
    if kind == "dates":
        return [td for item in _get(term, "items", []) or [] for td in _term_dates(item)]
    return [td for name in ("printed", "occurrences") for td in (_get(term, name, []) or [])
            if _get(td, "kind") is None]


def term_isos(term: Any) -> set[str]:
    """The ISO dates of one typed term (see the module docstring)."""
    if term is None:
        return set()
    kind = _get(term, "kind")
    out: set[str] = set()
    if kind == "date":
        out |= term_date_isos(_get(term, "date"))
    elif kind == "range":
        # A range runs from the first day of its start to the last day of its end: «июль-октябрь 2005 г.»
        # is 2005-07-01 … 2005-10-31, not the four ends of two months.
        start, end = term_date_isos(_get(term, "start_date")), term_date_isos(_get(term, "end_date"))
        out |= ({min(start)} if start else set()) | ({max(end)} if end else set())
    elif kind == "dates":
        for item in _get(term, "items", []) or []:
            out |= term_isos(item)
    elif kind in ("relative", "event"):
        for td in _get(term, "printed", []) or []:
            out |= term_date_isos(td)
    elif kind == "period":
        for name in ("first_day", "last_day"):
            iso = _iso(_get(term, name))
            if iso:
                out.add(iso)
    elif kind == "recurring":
        for name in ("occurrences", "printed"):
            for td in _get(term, name, []) or []:
                if _get(td, "kind") is not None:  # an occurrence given as a term
                    out |= term_isos(td)
                else:
                    out |= term_date_isos(td)
    return out


def terms_of(activity: Any) -> list[Any]:
    terms = list(_get(activity, "terms", []) or [])
    first = _get(activity, "term")
    if not terms and first is not None:
        terms = [first]
    return terms


# ------------------------------------------------------------------------------------------ matching


@dataclass
class Match:
    """What a sampled point was matched to: an activity, a mention, or nothing."""

    activity: Any = None
    mention: Any = None
    how: str = "none"

    @property
    def found(self) -> bool:
        return self.activity is not None or self.mention is not None

    def term(self) -> Any:
        if self.activity is not None:
            return _get(self.activity, "term")
        if self.mention is not None:
            return _get(self.mention, "value")
        return None

    def isos(self) -> set[str]:
        if self.activity is not None:
            out: set[str] = set()
            for t in terms_of(self.activity):
                out |= term_isos(t)
            return out
        return term_isos(self.term())


def _activities(doc: Any) -> list[Any]:
    return list(_get(doc, "activities", []) or [])


def _cells_text(activity: Any) -> list[str]:
    cells = _get(activity, "cells", {}) or {}
    texts = [cells.get("term", "")] if cells.get("term") else []
    texts += [v for k, v in cells.items() if k != "term" and v]
    texts.append(_get(activity, "text", "") or "")
    return texts


def _by_term_text(activities: list[Any], term_text: str) -> Optional[Any]:
    if not norm(term_text):
        return None
    for a in activities:  # the term cell first
        cell = (_get(a, "cells", {}) or {}).get("term")
        if cell and contains_either(cell, term_text):
            return a
    want = norm(term_text)
    for a in activities:
        if any(want in norm(t) for t in _cells_text(a)):
            return a
    return None


def _by_mention(doc: Any, term_text: str) -> Optional[Any]:
    want = norm(term_text)
    if not want:
        return None
    mentions = [m for m in (_get(doc, "mentions", []) or []) if _get(m, "type") in ("date", "range", "term")]
    covering = [m for m in mentions if want in norm(_get(m, "text"))]
    if covering:
        return min(covering, key=lambda m: len(_get(m, "text") or ""))
    inside = [m for m in mentions if norm(_get(m, "text")) and norm(_get(m, "text")) in want]
    if inside:
        return max(inside, key=lambda m: len(_get(m, "text") or ""))
    return None


def match_points(doc: Any, points: list[dict]) -> list[Match]:
    """Match every sampled point of a document to the parse (rules in the module docstring)."""
    activities = _activities(doc)
    by_number: dict[str, list[Any]] = collections.defaultdict(list)
    for a in activities:
        n = norm_number(_get(a, "number"))
        if n:
            by_number[n].append(a)
    seen: collections.Counter = collections.Counter()
    out: list[Match] = []
    for p in points:
        number, term_text = norm_number(p.get("number")), p.get("term_text") or ""
        if number:
            k = seen[number]
            seen[number] += 1
            cands = by_number.get(number, [])
            if cands:
                hit = _by_term_text(cands, term_text) if len(cands) > 1 else None
                if hit is None:
                    hit = cands[k] if k < len(cands) else cands[-1]
                out.append(Match(activity=hit, how="number"))
                continue
            hit = _by_term_text(activities, term_text)
            out.append(Match(activity=hit, how="term_text") if hit is not None else Match())
            continue
        mention = _by_mention(doc, term_text)
        if mention is not None:
            out.append(Match(mention=mention, how="mention"))
            continue
        hit = _by_term_text(activities, term_text)
        out.append(Match(activity=hit, how="term_text") if hit is not None else Match())
    return out


# ------------------------------------------------------------------------------------------ scoring


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    def merge(self, other: "Tally") -> None:
        self.right += other.right
        self.total += other.total

    def share(self) -> Optional[float]:
        return round(self.right / self.total, 4) if self.total else None

    def to_json(self) -> dict:
        return {"right": self.right, "total": self.total, "share": self.share()}


@dataclass
class DocResult:
    file: str
    format: str
    language: str
    kind: str
    path: str
    parse_error: Optional[str] = None
    check_error: Optional[str] = None
    seconds: float = 0.0
    rows_found: int = 0
    rows_visible: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in MEASURES})
    term_cells: int = 0
    unparsed_cells: int = 0
    false_alarms: dict[str, int] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)
    fired: list[str] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    #: whether the document's expectations judge its findings (``expect.findings`` present)
    judged: bool = False
    #: every finding by severity
    findings: dict[str, int] = field(default_factory=dict)
    #: false findings (rule in ``must_not``): rule -> severity -> count
    false_findings: dict[str, dict[str, int]] = field(default_factory=dict)

    def fail(self, measure: str, key: str, example: str = "", point: Optional[dict] = None) -> None:
        rec = {"measure": measure, "key": key, "example": example}
        if point is not None:
            rec["number"] = point.get("number")
            rec["term_text"] = point.get("term_text")
        self.failures.append(rec)

    def to_json(self) -> dict:
        return {
            "file": self.file, "format": self.format, "language": self.language, "kind": self.kind,
            "path": self.path, "parse_error": self.parse_error, "check_error": self.check_error,
            "seconds": round(self.seconds, 3),
            "rows_found": self.rows_found, "rows_visible": self.rows_visible,
            "measures": {m: t.to_json() for m, t in self.tallies.items()},
            "term_cells": self.term_cells, "unparsed_cells": self.unparsed_cells,
            "unparsed_share": round(self.unparsed_cells / self.term_cells, 4) if self.term_cells else None,
            "findings_fired": self.fired, "false_alarms": self.false_alarms, "missed": self.missed,
            "judged": self.judged, "findings": self.findings, "false_findings": self.false_findings,
            "failures": self.failures,
        }


def parsed_resolution(doc: Any) -> dict:
    """The resolution facts of a parse: ``document.resolution`` (``number``, ``date``, and the title
    as ``subject`` — or ``title``), or {} when the model has none. One place to change if the model
    names them otherwise."""
    res = _get(_get(doc, "document"), "resolution")
    if res is None:
        return {}
    title = _get(res, "title") or _get(res, "subject")
    return {"number": _get(res, "number"), "date": _iso(_get(res, "date")), "title": title}


def _kind_of(term: Any) -> Optional[str]:
    return _get(term, "kind") if term is not None else None


def _short(text: Optional[str], n: int = 70) -> str:
    text = _SPACES.sub(" ", text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _date_failure_key(want: set[str], got: set[str], term: Any) -> str:
    if not got:
        if term is None:
            return "no term"
        kind = _kind_of(term)
        if kind == "unparsed":
            return "unparsed"
        reasons = sorted({str(_get(td, "reason")) for td in _term_dates(term) if _get(td, "reason")})
        return f"no dates ({kind}: {', '.join(reasons)})" if reasons else f"no dates ({kind})"
    if not want:
        return "dates where none expected"
    years_want = {d[:4] for d in want}
    years_got = {d[:4] for d in got}
    if {d[5:] for d in want} == {d[5:] for d in got} and years_want != years_got:
        return "wrong year"
    if got < want:
        return "missing dates"
    if got > want:
        return "extra dates"
    return "other dates"


def score_point(res: DocResult, p: dict, m: Match, doc: Any) -> None:
    """Score one sampled point on kind, dates, owners and citations."""
    t = res.tallies
    label = _short(p.get("term_text")) or f"№{p.get('number')}"
    if not m.found:
        if not norm_number(p.get("number")):
            key = "no match: no mention or row holds the term text"
        elif _activities(doc):
            key = "no match: no row with this number or term text"
        else:
            key = "no match: no rows parsed"
        for measure in ("kind", "dates", "owners", "citations"):
            t[measure].add(False)
            res.fail(measure, key, label, p)
        return
    term = m.term()
    want_kind, got_kind = p.get("term_kind"), _kind_of(term)
    ok = want_kind == got_kind
    t["kind"].add(ok)
    if not ok:
        res.fail("kind", f"{want_kind}→{got_kind}", label, p)

    want, got = set(p.get("dates") or []), m.isos()
    ok = want == got
    t["dates"].add(ok)
    if not ok:
        res.fail("dates", _date_failure_key(want, got, term), f"{label}: {sorted(want)} vs {sorted(got)}", p)

    owners, citations = list(p.get("owners") or []), list(p.get("citations") or [])
    if m.activity is not None:
        got_owners = [_get(b, "raw", "") for b in _get(m.activity, "responsible", []) or []]
        got_cits = [_get(c, "raw", "") for c in _get(m.activity, "citations", []) or []]
        score_owners = score_cits = True
    else:  # a prose point: the document's body and citation mentions, only when some are expected
        mentions = _get(doc, "mentions", []) or []
        got_owners = [_get(x, "text", "") for x in mentions if _get(x, "type") == "body"]
        got_cits = [_get(x, "text", "") for x in mentions if _get(x, "type") == "citation"]
        score_owners, score_cits = bool(owners), bool(citations)
    if score_owners:
        _score_list(res, t, p, label, "owners", owners, got_owners,
                    ("no owners parsed", "owner not covered", "owners where none expected"))
    if score_cits:
        _score_list(res, t, p, label, "citations", citations, got_cits,
                    ("no citations parsed", "citation not found", "citations where none expected"))


def _score_list(res, t, p, label, measure: str, expected: list[str], got: list[str],
                reasons: tuple[str, str, str]) -> None:
    """Score one list measure (owners, citations) of a point: right when every expected string is
    covered by a parsed one (normalised containment either way), or when none is expected and none is
    parsed; each miss is recorded with its reason (none parsed / not covered / parsed where none expected)."""
    none_parsed, not_covered, unexpected = reasons
    if expected:
        missing = [e for e in expected if not any(contains_either(e, g) for g in got)]
        t[measure].add(not missing)
        for e in missing:
            res.fail(measure, none_parsed if not got else not_covered,
                     f"{_short(e, 60)} | got: {[_short(g, 40) for g in got][:3]}", p)
    else:
        t[measure].add(not got)
        if got:
            res.fail(measure, unexpected, f"{label}: {[_short(g, 40) for g in got][:3]}", p)


def _rule_names() -> dict[str, str]:
    """code -> kebab-case name, from the rules' registry (the pinned list of the golden file as fallback)."""
    try:
        data = json.loads((ROOT / "tests" / "golden" / "rules.json").read_text(encoding="utf-8"))
        return {r["code"]: r["name"] for r in data}
    except Exception:  # noqa: BLE001 - the names are a convenience; codes still compare
        return {}


def score_document(rec: dict, fmt: str, path: Path, rule_names: dict[str, str]) -> DocResult:
    """Parse and check one document version and score it against its expectations. Never raises."""
    import shailoo
    from shailoo.rules.check import check

    exp = rec["expect"]
    res = DocResult(file=rec["file"], format=fmt, language=rec["language"], kind=rec["kind"],
                    path=str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                    rows_visible=int(exp.get("rows_visible") or 0))
    points = [p for p in exp.get("points", []) if norm_number(p.get("number")) or norm(p.get("term_text"))]
    resolution = exp.get("resolution") or {}
    start = time.perf_counter()
    try:
        doc = shailoo.parse(str(path))
    except Exception as err:  # noqa: BLE001 - a parse error is a counted failure, never a crash
        res.seconds = time.perf_counter() - start
        res.parse_error = f"{type(err).__name__}: {err}"[:300]
        res.tallies["rows"].add(False)
        for p in points:
            for measure in ("kind", "dates", "owners", "citations"):
                res.tallies[measure].add(False)
                res.fail(measure, "parse error", _short(p.get("term_text")), p)
        for key in resolution:
            res.tallies["resolution"].add(False)
        res.tallies["election_day"].add(False)
        return res

    # rows
    activities = _activities(doc)
    res.rows_found = len(activities)
    ok = res.rows_found == res.rows_visible
    res.tallies["rows"].add(ok)
    if not ok:
        res.fail("rows", "no rows found" if not res.rows_found else
                 ("fewer rows" if res.rows_found < res.rows_visible else "more rows"),
                 f"{res.rows_found} found, {res.rows_visible} visible")

    # sampled points
    for p, m in zip(points, match_points(doc, points)):
        score_point(res, p, m, doc)

    # unparsed term cells, every row
    for a in activities:
        if (_get(a, "cells", {}) or {}).get("term", "").strip():
            res.term_cells += 1
            term = _get(a, "term")
            if _kind_of(term) == "unparsed":
                res.unparsed_cells += 1
                res.fail("unparsed", norm(_short(a.cells["term"], 60)), str(_get(term, "reason")))
    res.tallies["unparsed"] = Tally(right=res.term_cells - res.unparsed_cells, total=res.term_cells)

    # resolution facts
    got = parsed_resolution(doc)
    for key, want in resolution.items():
        have = got.get(key)
        if key == "number":
            ok = norm_act_number(have) == norm_act_number(want)
        elif key == "date":
            ok = have == want
        else:
            ok = norm(have) == norm(want)
        res.tallies["resolution"].add(ok)
        if not ok:
            reason = "no resolution facts parsed" if not got else (f"{key} missing" if not have else f"{key} differs")
            res.fail("resolution", reason, f"{key}: want {_short(str(want), 50)} got {_short(str(have), 50)}")

    # election day
    want_day = exp.get("election_day")
    have_day = _iso(_get(_get(doc, "document"), "election_day"))
    ok = want_day == have_day
    res.tallies["election_day"].add(ok)
    if not ok:
        key = "missed" if have_day is None else ("found where none printed" if want_day is None else "wrong day")
        res.fail("election_day", key, f"want {want_day} got {have_day}")

    # findings
    try:
        report = check(doc, lang=rec["language"] if rec["language"] in LANGS else "ru")
        fired = {f.rule for f in report.findings} | {f.code for f in report.findings}
        res.fired = sorted({f.rule for f in report.findings})
    except Exception as err:  # noqa: BLE001 - a check error is a counted failure
        res.check_error = f"{type(err).__name__}: {err}"[:300]
        fired = None
    spec = exp.get("findings") or {}
    res.judged = bool(spec.get("must") or spec.get("must_not"))
    if fired is not None:
        must_not = set(spec.get("must_not", [])) | {rule_names.get(r, r) for r in spec.get("must_not", [])}
        for f in report.findings:
            res.findings[f.severity] = res.findings.get(f.severity, 0) + 1
            if f.rule in must_not or f.code in must_not:
                per = res.false_findings.setdefault(f.rule, {})
                per[f.severity] = per.get(f.severity, 0) + 1
    for rule in spec.get("must_not", []):
        name = rule_names.get(rule, rule)
        if fired is None or rule in fired or name in fired:
            res.false_alarms[name] = res.false_alarms.get(name, 0) + 1
            res.fail("findings", f"false alarm {name}", "check error" if fired is None else "")
    for rule in spec.get("must", []):
        name = rule_names.get(rule, rule)
        if fired is None or not (rule in fired or name in fired):
            res.missed[name] = res.missed.get(name, 0) + 1
            res.fail("findings", f"missed {name}", "check error" if fired is None else "")
    res.seconds = time.perf_counter() - start
    return res


# ------------------------------------------------------------------------------------------ the run


def load_expected(path: Path = EXPECTED) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def versions(rec: dict, formats: Iterable[str], corpus: Path = CORPUS) -> list[tuple[str, Path]]:
    """The versions of a document that exist: the text, and its DOCX/PDF built by ``build_wild.py``."""
    stem = Path(rec["file"]).stem
    out = []
    for fmt in formats:
        path = {"text": corpus / rec["file"], "docx": corpus / "docx" / f"{stem}.docx",
                "pdf": corpus / "pdf" / f"{stem}.pdf"}[fmt]
        if path.exists():
            out.append((fmt, path))
    return out


def aggregate(results: list[DocResult]) -> dict:
    """Totals per format and language (and ``all``): tallies, rows, unparsed share, findings, errors."""
    groups: dict[tuple[str, str], list[DocResult]] = collections.defaultdict(list)
    for r in results:
        lang = r.language if r.language in LANGS else "other"
        for key in ((r.format, lang), (r.format, "all")):
            groups[key].append(r)
    out: dict[str, dict] = {}
    for (fmt, lang), rs in sorted(groups.items()):
        tallies = {m: Tally() for m in MEASURES}
        false_alarms: collections.Counter = collections.Counter()
        missed: collections.Counter = collections.Counter()
        for r in rs:
            for m in MEASURES:
                tallies[m].merge(r.tallies[m])
            false_alarms.update(r.false_alarms)
            missed.update(r.missed)
        cells = sum(r.term_cells for r in rs)
        unparsed = sum(r.unparsed_cells for r in rs)
        precision, by_rule = _precision(rs)
        out.setdefault(fmt, {})[lang] = {
            "documents": len(rs),
            "parse_errors": sum(r.parse_error is not None for r in rs),
            "check_errors": sum(r.check_error is not None for r in rs),
            "rows_found": sum(r.rows_found for r in rs),
            "rows_visible": sum(r.rows_visible for r in rs),
            "measures": {m: t.to_json() for m, t in tallies.items()},
            "term_cells": cells, "unparsed_cells": unparsed,
            "unparsed_share": round(unparsed / cells, 4) if cells else None,
            "false_alarms": dict(sorted(false_alarms.items())),
            "missed": dict(sorted(missed.items())),
            "precision": precision,
            "precision_by_rule": by_rule,
        }
    return out


SEVERITIES = ("error", "warning", "info")


def _per_100(n: int, rows: int) -> Optional[float]:
    return round(100 * n / rows, 2) if rows else None


def _precision(rs: list[DocResult]) -> tuple[dict, dict]:
    """Findings precision of a group of document versions (see ``precision`` in the module's docstring)."""
    by_rule: dict[str, dict[str, int]] = collections.defaultdict(
        lambda: {"false_errors": 0, "false_warnings": 0, "false_infos": 0, "missed": 0})
    findings: collections.Counter = collections.Counter()
    for r in rs:
        findings.update(r.findings)
        for rule, sev in r.false_findings.items():
            for s, n in sev.items():
                by_rule[rule][{"error": "false_errors", "warning": "false_warnings"}.get(s, "false_infos")] += n
        for rule, n in r.missed.items():
            by_rule[rule]["missed"] += n
    judged = [r for r in rs if r.judged]
    rows = sum(r.rows_found for r in judged)
    fe = sum(v["false_errors"] for v in by_rule.values())
    fw = sum(v["false_warnings"] for v in by_rule.values())
    fi = sum(v["false_infos"] for v in by_rule.values())
    return ({
        "judged_documents": len(judged), "judged_rows": rows,
        "findings": {s: findings.get(s, 0) for s in SEVERITIES},
        "false_errors": fe, "false_warnings": fw, "false_infos": fi,
        "missed": sum(v["missed"] for v in by_rule.values()),
        "false_errors_per_100_rows": _per_100(fe, rows), "false_warnings_per_100_rows": _per_100(fw, rows),
        "false_alarms_per_100_rows": _per_100(fe + fw, rows),
    }, {k: by_rule[k] for k in sorted(by_rule)})


def top_failures(results: list[DocResult], n: int = 10) -> dict[str, list[dict]]:
    """The ``n`` most frequent failure keys per measure, with up to three examples each."""
    by: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for r in results:
        for f in r.failures:
            by[f["measure"]][f["key"]] += 1
            ex = examples[(f["measure"], f["key"])]
            sample = f"{r.file[:3]}/{r.format}: {f['example']}" if f["example"] else f"{r.file[:3]}/{r.format}"
            if len(ex) < 3 and sample not in ex:
                ex.append(sample)
    return {m: [{"key": k, "count": c, "examples": examples[(m, k)]} for k, c in cnt.most_common(n)]
            for m, cnt in sorted(by.items())}


def run(formats: Iterable[str] = FORMATS, only: Optional[list[str]] = None,
        expected: Path = EXPECTED, corpus: Path = CORPUS, progress: bool = False) -> dict:
    """Score every document version; return the report (the JSON written to ``RESULTS``)."""
    formats = tuple(formats)
    records = load_expected(expected)
    if only:
        records = [r for r in records if any(r["file"].startswith(o) for o in only)]
    rule_names = _rule_names()
    results: list[DocResult] = []
    missing: list[str] = []
    for rec in records:
        found = versions(rec, formats, corpus)
        if not any(fmt == "text" for fmt, _ in found) and "text" in formats:
            missing.append(rec["file"])
        for fmt, path in found:
            r = score_document(rec, fmt, path, rule_names)
            results.append(r)
            if progress:
                print(f"  {fmt:4} {rec['file'][:48]:48} {r.seconds:5.2f}s"
                      + (f"  PARSE ERROR {r.parse_error}" if r.parse_error else ""), file=sys.stderr)
    return {
        "schema": SCHEMA,
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "tree_changed": _tree_changed(),
        "shailoo": _shailoo_location(),
        "corpus": str(corpus.relative_to(ROOT)) if corpus.is_relative_to(ROOT) else str(corpus),
        "formats": list(formats),
        "documents_expected": len(records),
        "documents_missing": missing,
        "versions_scored": len(results),
        "totals": aggregate(results),
        "top_failures": top_failures(results),
        "documents": [r.to_json() for r in results],
    }


def _tree_changed() -> Optional[bool]:
    """Whether the code differs from the commit (uncommitted edits of the package's folders)."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", "shailoo", "parsers", "corpus", "rules"],
                             cwd=ROOT, capture_output=True, text=True, timeout=10)
        return bool(out.stdout.strip()) if out.returncode == 0 else None
    except Exception:  # noqa: BLE001
        return None


def _shailoo_location() -> Optional[str]:
    """Where the measured package was imported from (a run may measure another checkout)."""
    try:
        import shailoo

        return str(Path(shailoo.__file__).resolve().parent)
    except Exception:  # noqa: BLE001
        return None


def _commit() -> Optional[str]:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or None
    except Exception:  # noqa: BLE001
        return None


# ------------------------------------------------------------------------------------------ output


def _cell(t: dict) -> str:
    if not t["total"]:
        return "–"
    return f"{t['right']}/{t['total']} ({100 * t['right'] / t['total']:.0f} %)"


def markdown_totals(report: dict) -> str:
    """The totals as one Markdown table: a line per format and language."""
    head = ("| format | lang | docs | parse errors | rows = visible | rows found / visible | term kind | dates "
            "| owners | citations | unparsed term cells | resolution fields | election day | false alarms | missed |")
    lines = [head, "|" + "---|" * 15]
    for fmt in FORMATS:
        for lang in (*LANGS, "all"):
            g = report["totals"].get(fmt, {}).get(lang)
            if not g:
                continue
            m = g["measures"]
            share = g["unparsed_share"]
            unparsed = f"{g['unparsed_cells']}/{g['term_cells']} ({100 * share:.0f} %)" if share is not None else "–"
            fa = sum(g["false_alarms"].values())
            mi = sum(g["missed"].values())
            lines.append(
                f"| {fmt} | {lang} | {g['documents']} | {g['parse_errors']} | {_cell(m['rows'])} "
                f"| {g['rows_found']}/{g['rows_visible']} | {_cell(m['kind'])} | {_cell(m['dates'])} "
                f"| {_cell(m['owners'])} | {_cell(m['citations'])} | {unparsed} | {_cell(m['resolution'])} "
                f"| {_cell(m['election_day'])} | {fa} | {mi} |")
    return "\n".join(lines)


def _rate(v: Optional[float]) -> str:
    return "–" if v is None else f"{v:.2f}"


def markdown_precision(report: dict) -> str:
    """Findings precision: a line per format and language, then a line per rule and format (all languages)."""
    lines = ["| format | lang | judged docs | judged rows | findings e/w/i | false errors | false warnings "
             "| false infos | missed | false errors /100 rows | false warnings /100 rows | false alarms /100 rows |",
             "|" + "---|" * 12]
    for fmt in FORMATS:
        for lang in (*LANGS, "all"):
            g = report["totals"].get(fmt, {}).get(lang)
            if not g:
                continue
            p = g["precision"]
            f = p["findings"]
            lines.append(
                f"| {fmt} | {lang} | {p['judged_documents']} | {p['judged_rows']} "
                f"| {f['error']}/{f['warning']}/{f['info']} | {p['false_errors']} | {p['false_warnings']} "
                f"| {p['false_infos']} | {p['missed']} | {_rate(p['false_errors_per_100_rows'])} "
                f"| {_rate(p['false_warnings_per_100_rows'])} | {_rate(p['false_alarms_per_100_rows'])} |")
    lines += ["", "| rule | format | false errors | false warnings | false infos | missed |", "|" + "---|" * 6]
    for fmt in FORMATS:
        g = report["totals"].get(fmt, {}).get("all")
        if not g:
            continue
        for rule, v in g["precision_by_rule"].items():
            lines.append(f"| {rule} | {fmt} | {v['false_errors']} | {v['false_warnings']} | {v['false_infos']} "
                         f"| {v['missed']} |")
    return "\n".join(lines)


def markdown_documents(report: dict) -> str:
    """One line per document version."""
    lines = ["| document | format | lang | rows found/visible | kind | dates | owners | citations | unparsed "
             "| resolution | election day | false alarms |", "|" + "---|" * 12]
    for d in report["documents"]:
        m = d["measures"]
        unparsed = f"{d['unparsed_cells']}/{d['term_cells']}" if d["term_cells"] else "–"
        flag = " (parse error)" if d["parse_error"] else ""
        lines.append(
            f"| {d['file'][:40]}{flag} | {d['format']} | {d['language']} | {d['rows_found']}/{d['rows_visible']} "
            f"| {_cell(m['kind'])} | {_cell(m['dates'])} | {_cell(m['owners'])} | {_cell(m['citations'])} "
            f"| {unparsed} | {_cell(m['resolution'])} | {_cell(m['election_day'])} "
            f"| {', '.join(f'{k}×{v}' for k, v in d['false_alarms'].items()) or '–'} |")
    return "\n".join(lines)


def markdown_failures(report: dict) -> str:
    out = []
    for measure, items in report["top_failures"].items():
        out.append(f"\n**{measure}**\n")
        for it in items:
            out.append(f"- {it['count']} × `{it['key']}` — " + "; ".join(it["examples"]))
    return "\n".join(out)


def text_summary(report: dict) -> str:
    lines = []
    for fmt in FORMATS:
        for lang in (*LANGS, "all"):
            g = report["totals"].get(fmt, {}).get(lang)
            if not g:
                continue
            m = g["measures"]
            share = g["unparsed_share"]
            lines.append(
                f"{fmt:4} {lang:3} docs {g['documents']:3} errors {g['parse_errors']}  rows {_cell(m['rows'])}  "
                f"kind {_cell(m['kind'])}  dates {_cell(m['dates'])}  owners {_cell(m['owners'])}  "
                f"citations {_cell(m['citations'])}  unparsed {'–' if share is None else f'{100 * share:.0f} %'}  "
                f"resolution {_cell(m['resolution'])}  election day {_cell(m['election_day'])}  "
                f"false alarms {sum(g['false_alarms'].values())}  missed {sum(g['missed'].values())}")
            p = g["precision"]
            lines.append(
                f"{'':8} precision: judged rows {p['judged_rows']}  false errors {p['false_errors']}  "
                f"false warnings {p['false_warnings']}  false infos {p['false_infos']}  missed {p['missed']}  "
                f"per 100 rows: errors {_rate(p['false_errors_per_100_rows'])}  "
                f"warnings {_rate(p['false_warnings_per_100_rows'])}")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: text,docx,pdf")
    ap.add_argument("--only", default="", help="comma-separated file-name prefixes, e.g. 021,086")
    ap.add_argument("--markdown", action="store_true", help="print the tables and top failures as Markdown")
    ap.add_argument("--documents", action="store_true", help="with --markdown: also the per-document table")
    ap.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON (default: %(default)s)")
    ap.add_argument("--no-write", action="store_true", help="do not write the JSON")
    ap.add_argument("--progress", action="store_true", help="one line per document on stderr")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        ap.error(f"unknown formats: {bad}")
    only = [o.strip() for o in args.only.split(",") if o.strip()] or None
    try:
        report = run(formats, only, progress=args.progress)
    except Exception:  # the corpus itself is broken (not a document): say so, exit 1
        traceback.print_exc()
        return 1
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(text_summary(report))
    if args.markdown:
        print()
        print(markdown_totals(report))
        print()
        print(markdown_precision(report))
        if args.documents:
            print()
            print(markdown_documents(report))
        print(markdown_failures(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
