"""``shailoo track``: the anti-corruption council's tracking of action plans and their progress reports.

A tracking store (an embedded DuckDB file) holds plans — parsed action plans (seed 003's shape:
goal → measure, executors, Year I/II/III mapped to calendar years from the plan period, funding,
result) — and every progress report ever loaded, dated by its ``as_of`` day and never overwritten.
The store holds many plans (a portfolio: different bodies, periods, languages).

Loading:

* ``add_plan(store, path)`` parses an action plan and stores its measures; the plan id is the first
  twelve hex digits of the file's sha256 (loading it again changes nothing);
* ``add_report(store, path, plan_id, as_of)`` reads a progress report (DOCX, XLSX or CSV: a table of
  measure number, status text, optionally date and executor, in Russian or Kyrgyz; column headers and
  status words are language data, ``progress:`` in ``corpus/lang/*.yaml``), classifies each status
  (``done``, ``in_progress``, ``not_started``, ``no_report``) keeping the text, and stores it; the
  same file for the same plan and day again is a no-op. Without a plan id it goes to the plan whose
  measures it fits (``choose_plan``); a report that fits no plan, or several equally, is refused.

Reading — every function sees a TRUE POINT IN TIME: a report whose ``as_of`` is after the day asked
for is ignored entirely (its rows, its changes, its unknown measures), so the answer for a past day is
the answer a store holding only the reports up to that day gives:

* ``status(store, plan_id, as_of, lang)`` → ``TrackingStatus``: every measure's latest status on or
  before the day, overdue measures and overdue plan-year actions, summaries per executor / goal / plan
  year (``by_year``: the status at the end of each year), changes and regressions since the previous
  report, the trend, the signals;
* ``portfolio(store, as_of, lang)`` → ``Portfolio``: every plan, per plan and per approving body, the
  laggards;
* ``timeline(store, plan_id, measure)`` → ``MeasureTimeline``: what each report said of a measure;
* ``trend(store, plan_id, as_of)`` → ``list[TrendPoint]``: the totals as of each report date;
* ``by_year(store, plan_id, as_of)`` → ``list[YearSummary]``;
* ``signals(store, plan_id, as_of, lang)`` → ``list[Signal]`` (``shailoo.apps.track.signals``);
* ``executors(store, plan_id, as_of)`` → ``list[ExecutorStatus]``: per executor, as printed.

The store's tables are ``shailoo/tracking-store@1`` (unchanged by issue 20: the plan's language and
approving body and the executors as printed are read from the parsed document the store already
keeps). Library code does not print.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from shailoo.errors import InputError, ShailooError, read_input
from shailoo.corpus import all_languages, language
from shailoo.normalize import norm
from shailoo.parsers import parse
from shailoo.parsers.extract.dates import parse_date
from shailoo.parsers.read import read
from shailoo.parsers.interpret.context import detect_language
from shailoo.parsers.extract.bodies import find_bodies
from shailoo.apps.track import signals as _signals
from shailoo.apps.track.models import (  # noqa: F401  (re-exported: the store's public models)
    SCHEMA_PORTFOLIO, SCHEMA_TRACKING, STATUS_ORDER, BodySummary, Executor, ExecutorMeasure, ExecutorStatus,
    Laggard, Measure, MeasureStatus, MeasureTimeline, PlanInfo, PlanSummary, Portfolio, ReportInfo, ReportRow,
    Signal, SignalCounts, Status, Summary, TimelineEntry, TrackingStatus, TrendPoint, Unmatched, YearSummary,
    _Model)


class TrackError(ShailooError):
    """A refused operation (unknown plan, a report for another plan, an ambiguous store): exit 2."""

    exit_code = 2


# --------------------------------------------------------------------------- status words


@lru_cache(maxsize=1)
def _status_phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(status, phrases in normal form) in the order statuses are tried, both languages merged."""
    order: list[str] = []
    phrases: dict[str, list[str]] = {}
    for lang in all_languages():
        for status, words in lang.progress.statuses.items():
            if status not in order:
                order.append(status)
            phrases.setdefault(status, []).extend(norm(w) for w in words)
    return tuple((s, tuple(sorted(set(phrases[s]), key=len, reverse=True))) for s in order)


def classify_status(text: str) -> Optional[str]:
    """The status a report's text gives (``done``, ``in_progress``, ``not_started``, ``no_report``), or
    None when no status phrase of either language is in it (kept as ``unknown``)."""
    n = " ".join(norm(text or "").split())
    if not n:
        return "no_report"
    for status, phrases in _status_phrases():
        if any(p in n for p in phrases):
            return status
    return None


@lru_cache(maxsize=1)
def _column_phrases() -> tuple[tuple[str, str], ...]:
    out = []
    for lang in all_languages():
        for role, words in lang.progress.columns.items():
            out.extend((norm(w), role) for w in words)
    return tuple(sorted(set(out), key=lambda x: -len(x[0])))


def _header_examples() -> str:
    """«№ меры» and «Ход исполнения» / «Аткарылышы»: the first measure-number header of Russian and the
    first status header of Russian and of Kyrgyz (``progress.columns`` of the language files), for the
    message that refuses a report without such a table."""
    ru, ky = language("ru").progress.columns, language("ky").progress.columns
    return f"«{ru['measure'][0]}» and «{ru['status'][0].capitalize()}» / «{ky['status'][0].capitalize()}»"


def column_role(header: str) -> Optional[str]:
    """The role of a report table's column from its header (longest matching phrase wins)."""
    n = " ".join(norm(header or "").split())
    if not n:
        return None
    for phrase, role in _column_phrases():
        if phrase == n or (len(phrase) > 2 and phrase in n):
            return role
    return None


# --------------------------------------------------------------------------- the store

_TABLES = {
    "plans": "plan_id VARCHAR PRIMARY KEY, path VARCHAR, sha256 VARCHAR, title VARCHAR, period_start DATE, "
             "period_end DATE, years VARCHAR, loaded_at TIMESTAMP, document VARCHAR",
    "measures": "plan_id VARCHAR, measure VARCHAR, position INTEGER, data VARCHAR",
    "reports": "report_id VARCHAR PRIMARY KEY, plan_id VARCHAR, path VARCHAR, sha256 VARCHAR, as_of DATE, "
               "language VARCHAR, rows INTEGER, loaded_at TIMESTAMP",
    "report_rows": "report_id VARCHAR, row INTEGER, measure VARCHAR, status VARCHAR, status_text VARCHAR, "
                   "date DATE, executor VARCHAR, known BOOLEAN",
}


#: The schema name a tracking store carries (table ``shailoo_store``); stores made before it was
#: written are recognised by their tables and get it on their next write.
STORE_SCHEMA = "shailoo/tracking-store@1"
_META = "shailoo_store"


class TrackStore:
    """The tracking database (DuckDB). Opened per command; one writer at a time."""

    def __init__(self, path: str, read_only: bool = False):
        import duckdb

        self.path = path
        self._cache: dict = {}
        if read_only and not os.path.exists(path):
            raise TrackError(path, f"no tracking store here; load a plan first: shailoo track add-plan PLAN --db {path}")
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as e:
            raise TrackError(path, f"cannot open the tracking store ({str(e).splitlines()[0]})") from None
        except Exception as e:  # a damaged file can fail below DuckDB's own error classes
            raise TrackError(path, f"cannot open the tracking store ({type(e).__name__}: {e})") from None
        try:
            self._check_kind(read_only)
        except BaseException:
            self.con.close()
            raise

    def _check_kind(self, read_only: bool) -> None:
        """Refuse a store of another kind (a ``shailoo convert`` store, any other DuckDB file) by its
        schema name before anything is read or written; give a new store its tables and its name."""
        import duckdb

        try:
            tables = {r[0] for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
            name = None
            if _META in tables:
                # a convert store keeps its own marker in a table of the same name: its ``layout``
                cols = [r[0] for r in self.con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [_META]).fetchall()]
                col = "schema" if "schema" in cols else "layout" if "layout" in cols else None
                row = self.con.execute(f"SELECT {col} FROM {_META} LIMIT 1").fetchone() if col else None
                name = (row[0] if row else None) or ("?" if col is None else None)
        except duckdb.Error as e:
            raise TrackError(self.path, f"cannot read the tracking store ({str(e).splitlines()[0]})") from None
        if name is not None and name != STORE_SCHEMA:
            raise TrackError(self.path, f"not a tracking store: its schema is {name!r}, not {STORE_SCHEMA!r}")
        known = tables - {_META}
        if name is None and known and not set(_TABLES) <= known:
            kind = "a shailoo convert store" if "files" in known else "another database"
            raise TrackError(self.path, f"not a tracking store ({kind}: no schema name {STORE_SCHEMA!r}, tables "
                                        f"{', '.join(sorted(known)[:6])}); give --db a tracking store")
        if read_only:
            if not known:
                raise TrackError(self.path, "not a tracking store (it holds no tables); load a plan first: "
                                            f"shailoo track add-plan PLAN --db {self.path}")
            return
        for table, spec in _TABLES.items():
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({spec})")
        if name is None:
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {_META} (schema VARCHAR)")
            self.con.execute(f"INSERT INTO {_META} VALUES (?)", [STORE_SCHEMA])

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def plan_ids(self) -> list[str]:
        """Every plan id, in the order the plans were loaded."""
        return [r[0] for r in self.con.execute("SELECT plan_id FROM plans ORDER BY loaded_at, plan_id").fetchall()]

    def resolve_plan(self, plan_id: Optional[str]) -> str:
        """``plan_id`` (a unique prefix is enough), or the only plan of the store when None."""
        ids = self.plan_ids()
        if not ids:
            raise TrackError(self.path, "the store holds no plan; load one with: shailoo track add-plan PLAN")
        if plan_id is None:
            if len(ids) > 1:
                raise TrackError(self.path, f"the store holds {len(ids)} plans ({', '.join(ids)}); choose one with --plan")
            return ids[0]
        hits = [i for i in ids if i.startswith(plan_id)]
        if len(hits) != 1:
            raise TrackError(self.path, f"no plan {plan_id!r} (plans: {', '.join(ids)})" if not hits
                             else f"--plan {plan_id!r} matches several plans: {', '.join(hits)}")
        return hits[0]

    def _document(self, plan_id: str):
        """The parsed document stored with the plan (``ParsedDocument``), or None; read once per store."""
        key = ("document", plan_id)
        if key not in self._cache:
            # on call: the document model, only for what the stored document alone says (language, approval)
            from shailoo.model import ParsedDocument

            row = self.con.execute("SELECT document FROM plans WHERE plan_id = ?", [plan_id]).fetchone()
            doc = None
            if row and row[0]:
                try:
                    doc = ParsedDocument.model_validate_json(row[0])
                except ValueError:
                    doc = None
            self._cache[key] = doc
        return self._cache[key]

    def plan(self, plan_id: str) -> PlanInfo:
        key = ("plan", plan_id)
        if key in self._cache:
            return self._cache[key]
        r = self.con.execute("SELECT plan_id, path, sha256, title, period_start, period_end, years FROM plans "
                             "WHERE plan_id = ?", [plan_id]).fetchone()
        n = self.con.execute("SELECT count(*) FROM measures WHERE plan_id = ?", [plan_id]).fetchone()[0]
        info = PlanInfo(plan_id=r[0], path=r[1], sha256=r[2], title=r[3], period_start=r[4], period_end=r[5],
                        years=json.loads(r[6] or "[]"), measures=n)
        doc = self._document(plan_id)
        if doc is not None:
            info = info.model_copy(update=plan_facts(doc))
        self._cache[key] = info
        return info

    def measures(self, plan_id: str) -> list[Measure]:
        """The plan's measures in plan order; plans stored before executors were kept as printed get
        them from the stored document."""
        key = ("measures", plan_id)
        if key in self._cache:
            return self._cache[key]
        rows = self.con.execute("SELECT data FROM measures WHERE plan_id = ? ORDER BY position", [plan_id]).fetchall()
        out = [Measure.model_validate_json(r[0]) for r in rows]
        if any(not m.executor_refs and (m.executors or m.executor_text) for m in out):
            doc = self._document(plan_id)
            fresh = plan_measures(doc)[1] if doc is not None else []
            if len(fresh) == len(out):
                out = [m if m.executor_refs else m.model_copy(update={"executor_refs": f.executor_refs})
                       for m, f in zip(out, fresh)]
        self._cache[key] = out
        return out

    def reports(self, plan_id: str, as_of: Optional[dt.date] = None) -> list[ReportInfo]:
        """The plan's reports on or before ``as_of`` (all when None), oldest first (by day, then as loaded)."""
        sql = ("SELECT report_id, plan_id, path, sha256, as_of, language, rows, loaded_at FROM reports "
               "WHERE plan_id = ?")
        params: list = [plan_id]
        if as_of is not None:
            sql += " AND as_of <= ?"
            params.append(as_of)
        sql += " ORDER BY as_of, loaded_at, report_id"
        cols = ["report_id", "plan_id", "path", "sha256", "as_of", "language", "rows", "loaded_at"]
        return [ReportInfo(**dict(zip(cols, r))) for r in self.con.execute(sql, params).fetchall()]

    def report_rows(self, report_id: str) -> list[tuple]:
        key = ("rows", report_id)
        if key not in self._cache:
            self._cache[key] = self.con.execute(
                "SELECT row, measure, status, status_text, date, executor, known FROM report_rows "
                "WHERE report_id = ? ORDER BY row", [report_id]).fetchall()
        return self._cache[key]


# --------------------------------------------------------------------------- plans


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _label(a) -> Optional[str]:
    return (a.number or "").strip().rstrip(".") or a.path


def _norm_key(text: str) -> str:
    return " ".join(norm(text or "").split()).strip(" .,;:")


def split_executors(cell: str) -> list[str]:
    """The executors of a plan's executor cell as printed: the cell cut at commas, semicolons and line
    breaks that stand outside parentheses and quotes, each piece without the spaces and the full stop
    around it («Рабочие комиссии, группы, независимые эксперты, ЦИК КР.» → four; «Миниост (ГСИН)» and
    «Отдел архитектуры и градостроительства» stay one)."""
    out, cur, depth = [], [], 0
    for ch in cell or "":
        if ch in "(«[":
            depth += 1
        elif ch in ")»]" and depth:
            depth -= 1
        if ch in ",;\n" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p for p in (" ".join(x.split()).strip(" .;:") for x in out) if p]


def _is_national(body_id: str) -> bool:
    # on call: the gazetteer, loaded once, only when a plan is read
    from shailoo.parsers.extract.bodies import gazetteer

    b = gazetteer().get(body_id)
    return bool(b is not None and b.national)


def _pieces(a) -> list[tuple[str, str, Optional[str]]]:
    """(key, name as printed, body id) of each executor of one activity (``Executor``).

    The names are the pieces of the executor cell (``split_executors``); each piece is keyed by the one
    national body the parser found in it (its gazetteer id, with ``/department`` for a unit of it), and
    otherwise by its own text (``other:<normal form>``) — a generic name («государственные органы»,
    «мэрии») is not one body. A piece naming several national bodies gives one executor per body, named
    as the parser read it. Without an executor cell, the parser's owners are used as they are."""
    refs = [r for r in a.responsible if (r.raw or "").strip()]
    cell = (a.cells or {}).get("executor") or ""
    pieces = split_executors(cell)
    if not pieces:
        pieces = [" ".join(r.raw.split()) for r in refs]
    out = []
    for piece in pieces:
        n = _norm_key(piece)
        inside = [r for r in refs if _norm_key(r.raw) and _norm_key(r.raw) in n]
        national = list(dict.fromkeys((r.id, _norm_key(r.department or "")) for r in inside
                                      if r.id != "other" and _is_national(r.id)))
        if len(national) == 1:
            body, dept = national[0]
            out.append((f"{body}/{dept}" if dept else body, piece, body))
        elif len(national) > 1:
            for r in inside:
                if r.id != "other" and _is_national(r.id):
                    dept = _norm_key(r.department or "")
                    out.append((f"{r.id}/{dept}" if dept else r.id, " ".join(r.raw.split()), r.id))
        elif n:
            whole = [r for r in inside if r.id != "other" and _norm_key(r.raw) == n]
            out.append((f"other:{n}", piece, whole[0].id if len(whole) == 1 else None))
    return out


def executor_refs(activities) -> list[list[Executor]]:
    """The executors of each activity as the plan prints them (``Executor``), in order, without repeats.

    A national body named several ways in one plan («МЦР», «Министерство цифрового развития КР») is one
    executor, named the way the plan names it most often (the first such way on a tie)."""
    per = [_pieces(a) for a in activities]
    names: dict[str, Counter] = {}
    first: dict[tuple, int] = {}
    for row in per:
        for key, name, _body in row:
            names.setdefault(key, Counter())[name] += 1
            first.setdefault((key, name), len(first))

    def best(key: str) -> str:
        return min(names[key].items(), key=lambda kv: (-kv[1], first[(key, kv[0])]))[0]

    out = []
    for row in per:
        seen: dict[str, Executor] = {}
        for key, _name, body in row:
            if key not in seen:
                seen[key] = Executor(key=key, name=best(key), body=body)
        out.append(list(seen.values()))
    return out


def _day_of(d) -> Optional[dt.date]:
    """The day a printed date of a term names (``until`` «до 1 марта» included: the day the work is due)."""
    return d.value if d is not None else None


def term_window(term) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """(first day, last day) a measure's own term gives in a plan without year columns: a period
    («IV квартал 2024 года», «2026 год»: its first and last day), a range («2025–2026 гг.»), a date
    («до 1 марта 2025 года», «1 марта 2025 года»: that day, from the plan's start). (None, None) for a
    recurring or continuous term («ежегодно», «постоянно») and anything else: the whole plan period."""
    kind = getattr(term, "kind", None)
    if kind == "period":
        return term.first_day, term.last_day
    if kind == "range":
        return _day_of(term.start_date), _day_of(term.end_date)
    if kind == "date":
        return None, _day_of(term.date)
    return None, None


_YEAR_COLUMN = re.compile(r"year_(\d+)")


def _column_years(doc, measures, first: Optional[int], last_year: Optional[int]) -> dict[int, int]:
    """k → the calendar year of year column k (``year_k``): the year the parser gives the column's
    entries (printed in the header, «2025», or from the period), else the period's first year + k − 1;
    a column past the period's last year (a «III Год» of a plan for 2024–2025) has none."""
    ks = sorted(int(m.group(1)) for m in (_YEAR_COLUMN.fullmatch(c) for c in (doc.document.columns or {})) if m)
    out: dict[int, int] = {}
    for a in measures:
        for t in a.terms or []:
            if getattr(t, "unit", None) == "plan_year" and t.value in ks and t.year:
                out.setdefault(t.value, t.year)
    for k in ks:
        if k not in out and first is not None:
            out[k] = first + k - 1
    return {k: y for k, y in out.items() if last_year is None or y <= last_year}


def plan_measures(doc) -> tuple[list[int], list[Measure]]:
    """The plan's years and the measures of a parsed action plan.

    The plan's years: in a plan with year columns, the calendar years of those columns
    (``_column_years``: «I Год | II Год | III Год» from the period's first year, «2024 | 2025» as
    printed, none past the period); otherwise the years of its period, or, without a period, the years
    its measures' terms touch. In a plan with year columns (seed 003) a measure is planned in the years
    whose column holds text, from 1 January of the first to 31 December of the last (all of them when
    none does). In a plan with a term column («Срок исполнения»), the measure's term gives its window
    (``term_window``): the years it touches, from its first to its last day (from the plan's start when
    only an end is printed); a recurring or continuous term, or none, is the whole plan period.

    A measure without a number (nor a goal to stand under) is not tracked: reports name measures by
    number. The document's warnings say so; a plan without any numbered measure gives none.
    """
    period = doc.document.period
    first = period.start.year if period and period.start else None
    last_year = period.end.year if period and period.end else None
    measures = [a for a in doc.activities if a.kind == "measure"]
    year_columns = any(_YEAR_COLUMN.fullmatch(k) for k in (doc.document.columns or {}))
    col_years = _column_years(doc, measures, first, last_year) if year_columns else {}
    years = sorted(set(col_years.values()))
    span = list(range(first, last_year + 1)) if first and last_year and 0 <= last_year - first < 10 else []
    if not span and not year_columns:
        touched = [d.year for a in measures for d in term_window(a.term) if d is not None]
        lo, hi = (first, first) if first else (min(touched, default=None), max(touched, default=None))
        if touched and lo is not None:
            hi = max([hi, *touched])
        span = list(range(lo, hi + 1)) if lo is not None and hi is not None and 0 <= hi - lo < 10 else []
    out: list[Measure] = []
    goal_of: dict[str, str] = {}
    for a in doc.activities:
        if a.kind == "goal":
            goal_of[_label(a) or ""] = a.text
            if a.path:
                goal_of.setdefault(a.path, a.text)  # a goal numbered «II.» over measures «2.1», «2.2»
    keep = [bool(_label(a)) for a in measures]
    for a, ok in zip(measures, keep):
        if not ok:
            text = " ".join((a.cells.get("measure") or a.text or "").split())
            note = f"track: a measure without a number is not tracked (reports name measures by number): {text[:80]!r}"
            if note not in doc.warnings:
                doc.warnings.append(note)
    measures = [a for a, ok in zip(measures, keep) if ok]
    refs = executor_refs(measures)
    for a, rs in zip(measures, refs):
        label = _label(a)
        goal = label.split(".")[0] if label else None
        start = end = None
        if year_columns or not span:
            marked = [col_years[k] for k in sorted(col_years) if (a.cells.get(f"year_{k}") or "").strip()] or years
        else:
            start, end = term_window(a.term)
            lo = start.year if start else span[0]
            hi = end.year if end else span[-1]
            marked = list(range(lo, hi + 1)) if lo <= hi else span
            start = start or (period.start if period and period.start and period.start.year == marked[0] else None)
        owners = [b.id for b in a.responsible if b.id != "other"]
        out.append(Measure(
            measure=label, goal=goal, goal_text=goal_of.get(goal or ""), text=a.cells.get("measure") or a.text,
            executor_text=a.cells.get("executor"), executors=list(dict.fromkeys(owners)), executor_refs=rs,
            planned_years=marked, planned_start=start or (dt.date(marked[0], 1, 1) if marked else None),
            planned_end=end or (dt.date(marked[-1], 12, 31) if marked else None),
            funding=a.cells.get("funding"), result=a.cells.get("result")))
    return (years if year_columns or not span else span), out


def plan_facts(doc) -> dict:
    """What the parsed document says of the plan besides its measures: ``language``, ``title``, the
    approval (``approval`` as printed, ``approved_date``) and the approving body: ``body_name`` as printed
    — the body the approval line names («УТВЕРЖДЕН приказом Министерства финансов …»), else the one its
    title names, else the approval's signatory line as printed — and ``body``, its gazetteer id when it
    is one national body («ЦИК» → ``cec``; not a class of bodies such as «мэрия», which stays a name).
    Of several bodies in the line, the first in Russian and the last in Kyrgyz is the approving one
    («… Министрлер Кабинетине караштуу Мамлекеттик салык кызматы»: the service, not the Cabinet)."""
    d = doc.document
    out: dict = {"language": d.language if d.language in ("ru", "ky") else None}
    if d.title:
        out["title"] = d.title
    ap = d.approved
    body = body_name = None
    if ap is not None:
        out["approved_date"] = ap.date
        out["approval"] = " ".join((ap.raw or "").split()) or None
    for source in ((ap.by if ap else None), (ap.raw if ap else None), d.title):
        if not source:
            continue
        hits = [b for b in find_bodies(source) if b.id != "other"]
        if hits:
            hit = hits[-1] if d.language == "ky" else hits[0]
            body_name = " ".join(hit.raw.split())
            if _is_national(hit.id) and not hit.department:
                body = hit.id
                body_name = _body_title(hit.id, d.language) or body_name
            break
    if body_name is None and ap is not None and ap.by:
        body_name = " ".join(ap.by.split())
    if body_name and body is None and d.language == "ru":
        body_name = nominative(body_name)
    if body_name:
        body_name = body_name[:1].upper() + body_name[1:]
    out["body"], out["body_name"] = body, body_name
    return out


def _body_title(body_id: str, lang: str) -> Optional[str]:
    # on call: the gazetteer, loaded once, only when a plan is read
    from shailoo.parsers.extract.bodies import gazetteer

    b = gazetteer().get(body_id)
    return (b.title or {}).get(lang) if b is not None else None


_CASES = ("gent", "datv", "ablt", "loct", "accs")


def nominative(phrase: str) -> str:
    """A Russian name of a body in the nominative, as an approval line prints it in another case
    («приказом Министерства финансов Кыргызской Республики» → «Министерство финансов Кыргызской
    Республики», «мэрии города Каракол» → «мэрия города Каракол»): the adjectives before the first noun
    and that noun are put in the nominative, the rest («финансов Кыргызской Республики») stays. The
    phrase is returned as it is when a word cannot be read."""
    words = phrase.split()
    morph = _morph()
    out = list(words)
    for i, w in enumerate(words):
        if not w.isalpha() or len(w) > 40:
            return phrase
        parses = [p for p in morph.parse(w.lower()) if p.tag.case in _CASES and p.tag.POS in ("NOUN", "ADJF")]
        if not parses:
            return phrase
        p = parses[0]
        form = p.inflect({"nomn"} | ({p.tag.number} if p.tag.number else set()))
        if form is None:
            return phrase
        word = form.word
        out[i] = word.upper() if w.isupper() and len(w) > 1 else (word[:1].upper() + word[1:] if w[:1].isupper() else word)
        if p.tag.POS == "NOUN":
            return " ".join(out)
    return phrase


@lru_cache(maxsize=1)
def _morph():
    # on call: pymorphy3 (the parser's Russian morphology), only when an approving body is to be named
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def add_plan(store: TrackStore, path: str) -> tuple[PlanInfo, bool]:
    """Load the action plan at ``path``; return its ``PlanInfo`` and whether it was new.

    Raises ``InputError`` for an unreadable file and ``TrackError`` for a document that is not an
    action plan with measures.
    """
    doc = parse(path)
    if doc.document.kind != "action_plan":
        raise TrackError(path, f"not an action plan (read as {doc.document.kind}); track needs goals and measures")
    years, measures = plan_measures(doc)
    if not measures:
        if any(a.kind == "measure" for a in doc.activities):
            raise TrackError(path, "an action plan whose measures have no numbers; reports name measures by "
                                   "number, so there is nothing to track")
        raise TrackError(path, "an action plan without measures; nothing to track")
    plan_id = doc.source.sha256[:12]
    if store.con.execute("SELECT 1 FROM plans WHERE plan_id = ?", [plan_id]).fetchone():
        return store.plan(plan_id), False
    period = doc.document.period
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [plan_id, path, doc.source.sha256, doc.document.title, period.start if period else None,
                     period.end if period else None, json.dumps(years), dt.datetime.now(),
                     doc.to_json(indent=None)])
        con.executemany("INSERT INTO measures VALUES (?, ?, ?, ?)",
                        [[plan_id, m.measure, i, m.model_dump_json()] for i, m in enumerate(measures)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    store._cache.clear()
    return store.plan(plan_id), True


# --------------------------------------------------------------------------- reading reports


def _normal_number(text: str) -> str:
    """«2.1.», «Мера 2.1», «№ 2.1», «2,1» → «2.1».

    The number must open the cell, after at most a measure-column word of the language files («мера»,
    «чара», «№»): a goal's heading row «Цель 1. …» spanning the table is not a row of measure 1, and a
    cell without such a number gives "" (the row is skipped)."""
    import re

    s = norm(text or "").strip()
    for prefix in ("", *(p for p, role in _column_phrases() if role == "measure")):
        if s.startswith(prefix):
            m = re.compile(r"\W*(\d+(?:[.,]\d+)*)").match(s, len(prefix))
            if m:
                return m.group(1).replace(",", ".")
    return ""


def _as_date(v) -> Optional[dt.date]:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass

    pd = parse_date(s)
    return pd.to_date() if pd else None


#: Lines of a CSV file looked at for its delimiter.
_CSV_SAMPLE_LINES = 200


def _csv_dialect(text: str):
    """The dialect of a report's CSV text, its delimiter («,», «;» or tab) read from the table's rows:
    the delimiter that splits the most lines into the same number (two or more) of fields. Title
    lines above the table («Отчет …», without Excel's trailing «;») and a note below it do not count;
    ``csv.Sniffer`` reads the first lines and gives up on such a file."""
    lines = [ln for ln in text.splitlines()[:_CSV_SAMPLE_LINES] if ln.strip()]
    best, best_rows = None, 0
    for delim in (";", ",", "\t"):
        widths = Counter(len(r) for r in csv.reader(lines, delimiter=delim) if len(r) >= 2)
        rows = max(widths.values(), default=0)
        if rows > best_rows:
            best, best_rows = delim, rows
    if best is None:
        return csv.excel

    class _Dialect(csv.excel):
        delimiter = best

    return _Dialect


def read_report_tables(path: str) -> tuple[list[list[list]], str]:
    """The tables of a report file as lists of rows of cell values, and the document text (for its
    language and period). DOCX/HTML/text through the project's readers, XLSX through openpyxl (every
    sheet), CSV through the csv module (the delimiter read from the table's rows, ``_csv_dialect``)."""
    low = path.lower()
    if low.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:
            raise InputError(path, f"not a readable XLSX workbook ({type(e).__name__})") from None
        tables, texts = [], []
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            rows = [r for r in rows if any(v not in (None, "") for v in r)]
            if rows:
                tables.append(rows)
                texts.extend(" ".join(str(v) for v in r if v is not None) for r in rows[:3])
        wb.close()
        return tables, "\n".join(texts)
    if low.endswith((".csv", ".tsv")):
        data = read_input(path)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1251")
        rows = [r for r in csv.reader(text.splitlines(), _csv_dialect(text)) if any(c.strip() for c in r)]
        return [rows], text[:2000]
    raw = read(path)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in raw.tables()]
    return tables, raw.text


def parse_report(path: str) -> tuple[list[ReportRow], Optional[str]]:
    """The rows of a progress report and its language. Raises ``InputError`` when no table has a
    measure-number column and a status column."""
    tables, text = read_report_tables(path)
    out: list[ReportRow] = []
    for rows in tables:
        header_at, roles = None, {}
        for i, r in enumerate(rows[:5]):
            found = {}
            for j, v in enumerate(r):
                role = column_role(str(v) if v is not None else "")
                if role and role not in found:
                    found[role] = j
            if "measure" in found and "status" in found:
                header_at, roles = i, found
                break
        if header_at is None:
            continue
        for k, r in enumerate(rows[header_at + 1:], start=header_at + 1):
            def cell(role):
                j = roles.get(role)
                return r[j] if j is not None and j < len(r) else None

            number = _normal_number(str(cell("measure") or ""))
            if not number:
                continue
            status_text = str(cell("status") or "").strip()
            out.append(ReportRow(measure=number, status=classify_status(status_text), status_text=status_text,
                                 date=_as_date(cell("date")), executor=(str(cell("executor")).strip() or None)
                                 if cell("executor") is not None else None, row=k))
    if not out:
        raise InputError(path, "no table with a measure-number column and a status column "
                               f"(headers such as {_header_examples()})")
    lang = detect_language(text) if text else None
    return out, lang if lang in ("ru", "ky") else None


_STEM = 5


def _stems(text: Optional[str]) -> set[str]:
    return {w[:_STEM] for w in re.findall(r"[^\W\d_]{4,}", norm(text or ""))}


def _fit(store: TrackStore, plan_id: str, rows: list[ReportRow]) -> tuple[int, int, int]:
    """How well a report's rows fit a plan: (its numbers the plan has, minus those it lacks; the same
    count before subtracting; rows whose executor cell shares a word with the plan's executor cell)."""
    plan = {}
    for m in store.measures(plan_id):
        plan.setdefault(m.measure, m)
    numbers = {r.measure for r in rows}
    matched = numbers & set(plan)
    executors = sum(1 for r in rows if r.measure in plan and r.executor
                    and _stems(r.executor) & _stems(plan[r.measure].executor_text or ""))
    return len(matched) - len(numbers - set(plan)), len(matched), executors


def choose_plan(store: TrackStore, rows: list[ReportRow], path: str) -> str:
    """The plan a report belongs to when the command line does not say: the store's only plan, else the
    plan whose measure numbers it fits best (numbers it has minus numbers it lacks), then the plan whose
    executor cells it shares words with on most rows. Refuses (``TrackError``) a report that fits no plan
    (fewer than half of its numbers are the plan's) or fits several equally."""
    ids = store.plan_ids()
    if not ids:
        raise TrackError(store.path, "the store holds no plan; load one with: shailoo track add-plan PLAN")
    if len(ids) == 1:
        return ids[0]
    numbers = {r.measure for r in rows}
    scored = []
    for pid in ids:
        score, matched, executors = _fit(store, pid, rows)
        if matched >= max(1, len(numbers) / 2):
            scored.append(((score, executors), pid))
    if not scored:
        raise TrackError(path, f"a report for another plan? its measure numbers fit none of the {len(ids)} plans "
                               f"of the store; give the plan with --plan")
    best = max(s for s, _ in scored)
    top = [pid for s, pid in scored if s == best]
    if len(top) > 1:
        named = "; ".join(f"{pid} {store.plan(pid).title or store.plan(pid).path}" for pid in top)
        raise TrackError(path, f"it fits {len(top)} plans equally well ({named}); choose one with --plan")
    return top[0]


def add_report(store: TrackStore, path: str, plan_id: Optional[str], as_of: dt.date) -> tuple[ReportInfo, bool]:
    """Load the progress report at ``path`` for the plan ``plan_id`` (None: the plan it fits,
    ``choose_plan``) as of ``as_of``; return it and whether it was new (the same file, plan and day
    again: not new, nothing written). Refuses (``TrackError``) a report whose measure numbers are mostly
    not the plan's, and one that contradicts a report already loaded for the same plan and day."""
    read_input(path, 1)
    pid = store.resolve_plan(plan_id) if plan_id is not None else None
    rows, lang = parse_report(path)
    if pid is None:
        pid = choose_plan(store, rows, path)
    sha = _sha256(path)
    report_id = hashlib.sha256(f"{pid}|{sha}|{as_of.isoformat()}".encode()).hexdigest()[:12]
    old = store.con.execute("SELECT 1 FROM reports WHERE report_id = ?", [report_id]).fetchone()
    if old:
        return next(r for r in store.reports(pid) if r.report_id == report_id), False
    known = {m.measure for m in store.measures(pid)}
    numbers = {r.measure for r in rows}
    matched = numbers & known
    if len(matched) < max(1, len(numbers) / 2):
        sample = ", ".join(sorted(numbers - known)[:5])
        raise TrackError(path, f"a report for another plan? {len(numbers - known)} of its {len(numbers)} measure "
                         f"numbers ({sample}) are not measures of plan {pid}")
    # Two reports that speak for the same day must agree: the status as of that day would otherwise be
    # whichever was loaded last, and the other report's word would be lost without a trace.
    mine = {r.measure: r.status for r in rows if r.measure in known}
    clashes = []
    for other_id, other_path in store.con.execute(
            "SELECT report_id, path FROM reports WHERE plan_id = ? AND as_of = ?", [pid, as_of]).fetchall():
        for measure, status_ in store.con.execute(
                "SELECT measure, status FROM report_rows WHERE report_id = ?", [other_id]).fetchall():
            if measure in mine and mine[measure] != status_:
                clashes.append(f"{measure} ({status_} in {other_path}, {mine[measure]} here)")
    if clashes:
        raise TrackError(path, f"contradicts a report already loaded for {as_of.isoformat()}: measure "
                               f"{'; '.join(clashes[:5])}{' …' if len(clashes) > 5 else ''}; "
                               "load it with its own --as-of date, or correct one of the two")
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, pid, path, sha, as_of, lang, len(rows), dt.datetime.now()])
        con.executemany("INSERT INTO report_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [[report_id, r.row, r.measure, r.status, r.status_text, r.date, r.executor,
                          r.measure in known] for r in rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    store._cache.clear()
    return next(r for r in store.reports(pid) if r.report_id == report_id), True


# --------------------------------------------------------------------------- history


class _Said:
    """What the reports up to a day said of one measure number: the latest word, the one before, and the
    latest word before the latest that gave a step of the work (done, in progress, not started)."""

    __slots__ = ("latest", "previous", "step_before")

    def __init__(self):
        self.latest: Optional[tuple] = None  # (status, text, date, report)
        self.previous: Optional[tuple] = None
        self.step_before: Optional[tuple] = None


class _History:
    """A plan's reports, read once; ``at(day)`` gives the state of every measure number on that day from
    the reports dated on or before it (a true point in time)."""

    def __init__(self, store: TrackStore, plan_id: str):
        self.store = store
        self.plan_id = plan_id
        self.all = store.reports(plan_id)

    def reports(self, day: Optional[dt.date]) -> list[ReportInfo]:
        return [r for r in self.all if day is None or r.as_of <= day]

    def at(self, day: Optional[dt.date]) -> tuple[dict[str, _Said], list[Unmatched], dict[str, int], list[dt.date]]:
        """(number → what was said, rows of unknown numbers, report date → the numbers its reports have a
        row on, the report dates oldest first)."""
        said: dict[str, _Said] = {}
        unknown: list[Unmatched] = []
        spoke: dict[dt.date, set[str]] = {}
        for rep in self.reports(day):  # oldest first: later reports win
            seen: set[str] = set()
            heard = spoke.setdefault(rep.as_of, set())
            for row, measure, status_, text_, date, _executor, known in self.store.report_rows(rep.report_id):
                if not known:
                    unknown.append(Unmatched(report_id=rep.report_id, measure=measure, status_text=text_ or "", row=row))
                    continue
                if measure in seen:
                    continue
                seen.add(measure)
                heard.add(measure)
                s = said.setdefault(measure, _Said())
                if s.latest is not None:
                    s.previous = s.latest
                    if s.latest[0] in _signals.PROGRESS:
                        s.step_before = s.latest
                s.latest = (status_, text_, date or rep.as_of, rep)
        dates = sorted(spoke)
        return said, unknown, spoke, dates

    @staticmethod
    def silent(number: str, spoke: dict[dt.date, set[str]], dates: list[dt.date]) -> int:
        n = 0
        for d in reversed(dates):
            if number in spoke[d]:
                break
            n += 1
        return n


def overdue_years(planned_years: list[int], status_: str, day: dt.date,
                  planned_end: Optional[dt.date] = None) -> list[int]:
    """The plan years whose action is overdue on ``day`` for a measure planned in ``planned_years`` with
    status ``status_`` on that day. The rule (``MeasureStatus``): a year's action is due on 31 December
    of that year (the measure's last year: on its planned end, «IV квартал 2024 года» → 31.12.2024,
    «до 1 марта 2025 года» → 01.03.2025); after that day, the action of the measure's LAST planned year
    is overdue unless the measure is done, and the action of an EARLIER planned year is overdue when the
    measure is not started or has no report (a report speaks of the measure, not of each year's action)."""
    if not planned_years:
        return []
    last = max(planned_years)
    out = []
    for y in sorted(set(planned_years)):
        due = planned_end if y == last and planned_end and planned_end.year == y else dt.date(y, 12, 31)
        if day <= due:
            continue
        if (status_ != "done") if y == last else (status_ in ("not_started", "no_report")):
            out.append(y)
    return out


def _measure_statuses(measures: list[Measure], said: dict[str, _Said], spoke, dates, day: dt.date) -> list[MeasureStatus]:
    items: list[MeasureStatus] = []
    for m in measures:
        ms = MeasureStatus(**m.model_dump(exclude={"funding", "result"}))
        s = said.get(m.measure)
        if s is not None and s.latest is not None:
            st, text_, date, rep = s.latest
            ms.status = st or "no_report"
            ms.status_text, ms.status_date = text_, date
            ms.report_id, ms.report_as_of = rep.report_id, rep.as_of
            ms.no_report = ms.status == "no_report"
        if s is not None and s.previous is not None:
            ms.previous_status = s.previous[0] or "no_report"
            ms.previous_as_of = s.previous[3].as_of
            ms.changed = ms.previous_status != ms.status
        if s is not None and s.step_before is not None and _signals.is_regression(s.step_before[0], ms.status):
            ms.regression = True
            ms.regressed_from, ms.regressed_from_as_of = s.step_before[0], s.step_before[3].as_of
        ms.overdue = bool(m.planned_end and m.planned_end < day and ms.status != "done")
        ms.overdue_years = overdue_years(m.planned_years, ms.status, day, m.planned_end)
        ms.silent_reports = _History.silent(m.measure, spoke, dates)
        items.append(ms)
    return items


def _count(s: Summary, m: MeasureStatus, overdue: bool, actions: int) -> None:
    s.measures += 1
    setattr(s, m.status, getattr(s, m.status) + 1)
    s.overdue += overdue
    s.overdue_actions += actions


def _summaries(items: list[MeasureStatus], key, name=None, body=None) -> list[Summary]:
    groups: dict[str, Summary] = {}
    for m in items:
        for k in key(m):
            s = groups.setdefault(k, Summary(key=k, name=name(m, k) if name else None, body=body(m, k) if body else None))
            _count(s, m, m.overdue, len(m.overdue_years))
    return list(groups.values())


def _totals(items: list[MeasureStatus]) -> Summary:
    t = Summary(key="all")
    for m in items:
        _count(t, m, m.overdue, len(m.overdue_years))
    return t


def _executor_keys(m: MeasureStatus) -> list[str]:
    return [e.key for e in m.executor_refs] or ["other"]


def _executor_of(m: MeasureStatus, key: str) -> Optional[Executor]:
    return next((e for e in m.executor_refs if e.key == key), None)


def _num_key(label: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10 ** 6 for p in label.split("."))


class _Plan:
    """One plan read for a day: its info, measures, history and the day's measure statuses."""

    def __init__(self, store: TrackStore, plan_id: Optional[str]):
        self.pid = store.resolve_plan(plan_id)
        self.store = store
        self.info = store.plan(self.pid)
        self.measures = store.measures(self.pid)
        self.history = _History(store, self.pid)

    def items(self, day: dt.date) -> tuple[list[MeasureStatus], list[Unmatched], list[dt.date]]:
        said, unknown, spoke, dates = self.history.at(day)
        return _measure_statuses(self.measures, said, spoke, dates, day), unknown, dates

    def years(self) -> list[int]:
        """The years some measure is planned in (the plan's years when none is)."""
        ys = {y for m in self.measures for y in m.planned_years}
        return sorted(ys or self.info.years)

    def by_year(self, day: dt.date, now: Optional[list[MeasureStatus]] = None) -> list[YearSummary]:
        now = now if now is not None else self.items(day)[0]
        out = []
        for y in self.years():
            at = min(dt.date(y, 12, 31), day)
            then = now if at == day else self.items(at)[0]
            s = YearSummary(key=str(y), year=y, at=at)
            for m_then, m_now in zip(then, now):
                if y in m_then.planned_years:
                    late = y in m_now.overdue_years
                    _count(s, m_then, late, int(late))
            out.append(s)
        return out

    def trend(self, day: Optional[dt.date]) -> list[TrendPoint]:
        reports = self.history.reports(day)
        out = []
        for d in sorted({r.as_of for r in reports}):
            items = self.items(d)[0]
            out.append(TrendPoint(as_of=d, reports=sum(1 for r in reports if r.as_of <= d), totals=_totals(items)))
        return out


# --------------------------------------------------------------------------- the public functions


def status(store: TrackStore, plan_id: Optional[str], as_of: dt.date, lang: str = "ru") -> TrackingStatus:
    """Where every measure of the plan stands on ``as_of``, from the reports dated on or before it.

    ``plan_id``: a plan id or a unique prefix; None for the store's only plan (``TrackError`` when it
    holds several). Per measure (``MeasureStatus``): the latest status that a report gives on or before
    the day, its date, the status before it, ``changed``, ``regression``, ``overdue``,
    ``overdue_years``, ``silent_reports``. Summaries per executor (``Executor.key``, named as printed,
    most overdue first), per goal, per plan year (``by_year``: where the measures planned in each year
    stood at its end — see ``by_year``), totals; the changes and the regressions since the previous
    report; report rows of numbers the plan lacks; the trend (``trend``) and the signals (``signals``,
    messages in ``lang``). Reports dated after ``as_of`` are ignored entirely."""
    p = _Plan(store, plan_id)
    items, unknown, _dates = p.items(as_of)
    reports = p.history.reports(as_of)
    by_executor = _summaries(items, _executor_keys,
                             lambda m, k: (e.name if (e := _executor_of(m, k)) else None),
                             lambda m, k: (e.body if (e := _executor_of(m, k)) else None))
    by_goal = _summaries(items, lambda m: [m.goal or "-"], lambda m, k: m.goal_text)
    sigs = _signals.detect(p.pid, p.info.language, items, p.measures, reports, as_of, lang)
    changes = [m for m in items if m.changed]
    return TrackingStatus(plan=p.info, as_of=as_of, reports=reports, measures=items,
                          by_executor=sorted(by_executor, key=lambda s: (-s.overdue, -s.overdue_actions, -s.measures, s.key)),
                          by_goal=sorted(by_goal, key=lambda s: _num_key(s.key)), by_year=p.by_year(as_of, items),
                          changes=changes, regressions=[m for m in changes if m.regression], unknown_measures=unknown,
                          trend=p.trend(as_of), signals=sigs, totals=_totals(items))


def by_year(store: TrackStore, plan_id: Optional[str], as_of: dt.date) -> list[YearSummary]:
    """Per plan year Y (every year a measure is planned in), the measures
    planned in Y counted by their status at the end of Y — as of ``at`` = 31.12.Y, or ``as_of`` when that
    is earlier, from the reports dated on or before ``at`` — and ``overdue`` / ``overdue_actions``: those
    whose action for Y is overdue on ``as_of`` (``overdue_years``). Oldest year first."""
    return _Plan(store, plan_id).by_year(as_of)


def trend(store: TrackStore, plan_id: Optional[str], as_of: Optional[dt.date] = None) -> list[TrendPoint]:
    """The plan's totals as of each report date (on or before ``as_of``; every date when None), oldest
    first: what ``status(store, plan_id, date).totals`` gives for each date a report was loaded for."""
    return _Plan(store, plan_id).trend(as_of)


def timeline(store: TrackStore, plan_id: Optional[str], measure: str,
             as_of: Optional[dt.date] = None) -> MeasureTimeline:
    """What every report of the plan (on or before ``as_of``; all when None), oldest first, said about the
    measure numbered ``measure`` (as printed, «2.1.» and «2.1» alike): one ``TimelineEntry`` per report,
    ``mentioned`` false when the report has no row for it (then ``status`` is None). Raises
    ``TrackError`` for a number the plan does not have."""
    p = _Plan(store, plan_id)
    number = _normal_number(measure) or measure.strip()
    plan_rows = [m for m in p.measures if m.measure == number]
    if not plan_rows:
        raise TrackError(store.path, f"plan {p.pid} has no measure {measure!r}")
    m = plan_rows[0]
    entries = []
    for rep in p.history.reports(as_of):
        hit = next((r for r in store.report_rows(rep.report_id) if r[1] == number and r[6]), None)
        e = TimelineEntry(report_id=rep.report_id, as_of=rep.as_of, path=rep.path, language=rep.language)
        if hit is not None:
            e.mentioned, e.status, e.status_text = True, hit[2], hit[3]
            e.status_date, e.executor = hit[4] or rep.as_of, hit[5]
        entries.append(e)
    return MeasureTimeline(plan_id=p.pid, measure=number, text=m.text, executor_refs=m.executor_refs,
                           planned_years=m.planned_years, entries=entries)


def signals(store: TrackStore, plan_id: Optional[str], as_of: dt.date, lang: str = "ru") -> list[Signal]:
    """The plan's signals on ``as_of`` (``shailoo.apps.track.signals``: TR201 regression, TR202 silent two
    report dates, TR203 done without the expected result, TR204 overdue), most severe first, messages
    in ``lang``; the same list as ``status(...).signals``."""
    p = _Plan(store, plan_id)
    items = p.items(as_of)[0]
    return _signals.detect(p.pid, p.info.language, items, p.measures, p.history.reports(as_of), as_of, lang)


def executors(store: TrackStore, plan_id: Optional[str], as_of: dt.date, st: Optional[TrackingStatus] = None) -> list[ExecutorStatus]:
    """Per executor of the plan (``Executor.key``; named as the plan prints it), on ``as_of``: its
    measures in plan order with their status, the last report's text and date, the overdue years and the
    codes of their signals; the counts (``totals``); ``last_report``. A measure with several executors
    is under each. Measures without an executor are under key ``other`` with no name. Most overdue
    first (then most measures, then key). ``st``: the plan's ``status`` on that day, when the caller
    has it already."""
    st = st if st is not None else status(store, plan_id, as_of)
    codes: dict[str, list[str]] = {}
    for s in st.signals:
        if s.measure is not None and s.code not in codes.setdefault(s.measure, []):
            codes[s.measure].append(s.code)
    groups: dict[str, ExecutorStatus] = {}
    for m in st.measures:
        for key in _executor_keys(m):
            e = _executor_of(m, key)
            g = groups.get(key)
            if g is None:
                g = groups[key] = ExecutorStatus(key=key, name=e.name if e else None, body=e.body if e else None,
                                                 plan_id=st.plan.plan_id, as_of=st.as_of, totals=Summary(key=key))
            _count(g.totals, m, m.overdue, len(m.overdue_years))
            g.measures.append(ExecutorMeasure(
                measure=m.measure, goal=m.goal, text=m.text, planned_years=m.planned_years, planned_end=m.planned_end,
                status=m.status, status_text=m.status_text, status_date=m.status_date, report_as_of=m.report_as_of,
                overdue=m.overdue, overdue_years=m.overdue_years, regression=m.regression,
                previous_status=m.previous_status, signals=codes.get(m.measure, [])))
            if m.report_as_of and (g.last_report is None or m.report_as_of > g.last_report):
                g.last_report = m.report_as_of
    for g in groups.values():
        g.totals.name, g.totals.body = g.name, g.body
    return sorted(groups.values(), key=lambda g: (-g.totals.overdue, -g.totals.overdue_actions, -g.totals.measures, g.key))


#: How many executors ``Portfolio.laggards`` lists.
LAGGARDS = 10


def _body_key(plan: PlanInfo) -> str:
    if plan.body:
        return plan.body
    if plan.body_name:
        return f"other:{_norm_key(plan.body_name)}"
    return "none"


def portfolio(store: TrackStore, as_of: dt.date, lang: str = "ru") -> Portfolio:
    """Every plan of the store on ``as_of`` (``status`` of each, from the reports dated on or before it):

    * ``plans``: per plan (in the order loaded) its ``PlanInfo`` (title and approving body as printed),
      its totals (done / in progress / not started / no report, overdue measures and overdue plan-year
      actions), how many reports and the last report's date, its signals counted by severity;
    * ``by_body``: the plans of each approving body (``PlanInfo.body``, else the body's printed name,
      else ``none``) and their totals added up, most overdue first;
    * ``laggards``: the executors (per plan) with the most overdue measures, then overdue actions, at
      most ``LAGGARDS``; ``worst_plans``: plans with overdue measures, most first;
    * ``signals``: every plan's signals (messages in ``lang``); ``totals``: all measures of all plans.

    Raises ``TrackError`` when the store holds no plan."""
    ids = store.plan_ids()
    if not ids:
        raise TrackError(store.path, "the store holds no plan; load one with: shailoo track add-plan PLAN")
    plans: list[PlanSummary] = []
    bodies: dict[str, BodySummary] = {}
    laggards: list[Laggard] = []
    all_signals: list[Signal] = []
    total = Summary(key="all")
    for pid in ids:
        st = status(store, pid, as_of, lang)
        plans.append(PlanSummary(plan=st.plan, totals=st.totals, reports=len(st.reports),
                                 last_report=st.reports[-1].as_of if st.reports else None,
                                 signals=_signals.count(st.signals)))
        key = _body_key(st.plan)
        b = bodies.setdefault(key, BodySummary(key=key, name=st.plan.body_name, totals=Summary(key=key, name=st.plan.body_name,
                                                                                              body=st.plan.body)))
        b.plans.append(pid)
        for t in (b.totals, total):
            for f in ("measures", *STATUS_ORDER, "overdue", "overdue_actions"):
                setattr(t, f, getattr(t, f) + getattr(st.totals, f))
        for s in st.by_executor:
            if s.key != "other" and (s.overdue or s.overdue_actions):
                laggards.append(Laggard(plan_id=pid, plan_title=st.plan.title, key=s.key, name=s.name or s.key,
                                        overdue=s.overdue, overdue_actions=s.overdue_actions, measures=s.measures))
        all_signals.extend(st.signals)
    laggards.sort(key=lambda g: (-g.overdue, -g.overdue_actions, -g.measures, ids.index(g.plan_id), g.key))
    worst = sorted((p for p in plans if p.totals.overdue), key=lambda p: (-p.totals.overdue, ids.index(p.plan.plan_id)))
    return Portfolio(as_of=as_of, plans=plans,
                     by_body=sorted(bodies.values(), key=lambda b: (-b.totals.overdue, -b.totals.overdue_actions, b.key)),
                     laggards=laggards[:LAGGARDS], worst_plans=[p.plan.plan_id for p in worst],
                     signals=all_signals, totals=total)
