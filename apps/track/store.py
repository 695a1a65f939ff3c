"""``shailoo track``: the anti-corruption council's tracking of action plans and their progress reports.

A tracking store (an embedded DuckDB file) holds plans — parsed action plans (seed 003's shape:
goal → measure, executors, Year I/II/III mapped to calendar years from the plan period, funding,
result) — and every progress report ever loaded, dated by its ``as_of`` day and never overwritten.

* ``add_plan(store, path)`` parses an action plan and stores its measures; the plan id is the first
  twelve hex digits of the file's sha256 (loading it again changes nothing);
* ``add_report(store, path, plan_id, as_of)`` reads a progress report (DOCX, XLSX or CSV: a table of
  measure number, status text, optionally date and executor, in Russian or Kyrgyz; column headers and
  status words are language data, ``progress:`` in ``corpus/lang/*.yaml``), classifies each status
  (``done``, ``in_progress``, ``not_started``, ``no_report``) keeping the text, and stores it; the
  same file for the same plan and day again is a no-op; a report whose measures do not belong to the
  plan is refused;
* ``status(store, plan_id, as_of)`` gives, per measure, the executor, the planned period, the latest
  status on or before ``as_of`` and its date, ``overdue`` (the planned period has ended and it is not
  done) and ``no_report``; summaries per executor and per goal; the changes since the previous report.

The output is ``TrackingStatus`` (``shailoo/tracking@1``). Library code does not print.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
from functools import lru_cache
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from shailoo.errors import InputError, ShailooError, read_input
from shailoo.corpus import all_languages, language
from shailoo.normalize import norm
from shailoo.parsers import parse
from shailoo.parsers.extract.dates import parse_date
from shailoo.parsers.read import read
from shailoo.parsers.interpret.context import detect_language
from shailoo.parsers.extract.bodies import gazetteer

SCHEMA_TRACKING = "shailoo/tracking@1"
Status = Literal["done", "in_progress", "not_started", "no_report"]
STATUS_ORDER = ("done", "in_progress", "not_started", "no_report")


class TrackError(ShailooError):
    """A refused operation (unknown plan, a report for another plan, an ambiguous store): exit 2."""

    exit_code = 2


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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


# --------------------------------------------------------------------------- models


class Measure(_Model):
    """One measure of a plan, as stored: where it is planned and who executes it."""

    measure: str
    goal: Optional[str] = None
    goal_text: Optional[str] = None
    text: str = ""
    executor_text: Optional[str] = None
    executors: list[str] = Field(default_factory=list, description="body ids (corpus/bodies.yaml)")
    planned_years: list[int] = Field(default_factory=list)
    planned_start: Optional[dt.date] = None
    planned_end: Optional[dt.date] = None
    funding: Optional[str] = None
    result: Optional[str] = None


class ReportRow(_Model):
    """One row of a progress report: the measure number as printed, the status text, its class."""

    measure: str
    status: Optional[str] = Field(None, description="done | in_progress | not_started | no_report; null: not understood")
    status_text: str = ""
    date: Optional[dt.date] = None
    executor: Optional[str] = None
    row: int = 0


class ReportInfo(_Model):
    report_id: str
    plan_id: str
    path: str
    sha256: str
    as_of: dt.date
    language: Optional[str] = None
    rows: int = 0
    loaded_at: Optional[dt.datetime] = None


class MeasureStatus(_Model):
    measure: str
    goal: Optional[str] = None
    goal_text: Optional[str] = None
    text: str = ""
    executor_text: Optional[str] = None
    executors: list[str] = Field(default_factory=list)
    planned_years: list[int] = Field(default_factory=list)
    planned_start: Optional[dt.date] = None
    planned_end: Optional[dt.date] = None
    status: Status = "no_report"
    status_text: Optional[str] = None
    status_date: Optional[dt.date] = Field(None, description="the date the report gives, else the report's as_of")
    report_id: Optional[str] = None
    report_as_of: Optional[dt.date] = None
    overdue: bool = False
    no_report: bool = True
    previous_status: Optional[Status] = Field(None, description="in the report before the latest one")
    changed: bool = False


class Summary(_Model):
    key: str
    name: Optional[str] = None
    measures: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    no_report: int = 0
    overdue: int = 0


class Unmatched(_Model):
    """A report row whose measure number the plan does not have."""

    report_id: str
    measure: str
    status_text: str = ""
    row: int = 0


class PlanInfo(_Model):
    plan_id: str
    path: str
    sha256: str
    title: Optional[str] = None
    period_start: Optional[dt.date] = None
    period_end: Optional[dt.date] = None
    years: list[int] = Field(default_factory=list, description="calendar years of Year I, II, III")
    measures: int = 0


class TrackingStatus(_Model):
    schema_: Literal["shailoo/tracking@1"] = Field(SCHEMA_TRACKING, alias="schema")
    plan: PlanInfo
    as_of: dt.date
    reports: list[ReportInfo] = Field(default_factory=list, description="reports on or before as_of, oldest first")
    measures: list[MeasureStatus] = Field(default_factory=list)
    by_executor: list[Summary] = Field(default_factory=list)
    by_goal: list[Summary] = Field(default_factory=list)
    by_year: list[Summary] = Field(default_factory=list, description="measures planned in each year, by status")
    changes: list[MeasureStatus] = Field(default_factory=list, description="measures whose status changed since the previous report")
    unknown_measures: list[Unmatched] = Field(default_factory=list)
    totals: Summary

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


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
                row = self.con.execute(f"SELECT schema FROM {_META} LIMIT 1").fetchone()
                name = row[0] if row else None
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
        return [r[0] for r in self.con.execute("SELECT plan_id FROM plans ORDER BY loaded_at").fetchall()]

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

    def plan(self, plan_id: str) -> PlanInfo:
        r = self.con.execute("SELECT plan_id, path, sha256, title, period_start, period_end, years FROM plans "
                             "WHERE plan_id = ?", [plan_id]).fetchone()
        n = self.con.execute("SELECT count(*) FROM measures WHERE plan_id = ?", [plan_id]).fetchone()[0]
        return PlanInfo(plan_id=r[0], path=r[1], sha256=r[2], title=r[3], period_start=r[4], period_end=r[5],
                        years=json.loads(r[6] or "[]"), measures=n)

    def measures(self, plan_id: str) -> list[Measure]:
        rows = self.con.execute("SELECT data FROM measures WHERE plan_id = ? ORDER BY position", [plan_id]).fetchall()
        return [Measure.model_validate_json(r[0]) for r in rows]

    def reports(self, plan_id: str, as_of: Optional[dt.date] = None) -> list[ReportInfo]:
        sql = ("SELECT report_id, plan_id, path, sha256, as_of, language, rows, loaded_at FROM reports "
               "WHERE plan_id = ?")
        params: list = [plan_id]
        if as_of is not None:
            sql += " AND as_of <= ?"
            params.append(as_of)
        sql += " ORDER BY as_of, loaded_at"
        cols = ["report_id", "plan_id", "path", "sha256", "as_of", "language", "rows", "loaded_at"]
        return [ReportInfo(**dict(zip(cols, r))) for r in self.con.execute(sql, params).fetchall()]

    def report_rows(self, report_id: str) -> list[tuple]:
        return self.con.execute("SELECT row, measure, status, status_text, date, executor, known FROM report_rows "
                                "WHERE report_id = ? ORDER BY row", [report_id]).fetchall()


# --------------------------------------------------------------------------- plans


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _label(a) -> Optional[str]:
    return (a.number or "").strip().rstrip(".") or a.path


def plan_measures(doc) -> tuple[list[int], list[Measure]]:
    """The calendar years of Year I..III and the measures of a parsed action plan.

    Year k is the plan period's first year + k − 1; a measure is planned in the years whose column
    holds text, from 1 January of the first to 31 December of the last (all three when none does).
    """
    period = doc.document.period
    first = period.start.year if period and period.start else None
    years = [first + k for k in range(3)] if first else []
    out: list[Measure] = []
    goal_of: dict[str, str] = {}
    for a in doc.activities:
        if a.kind == "goal":
            goal_of[_label(a) or ""] = a.text
    for a in doc.activities:
        if a.kind != "measure":
            continue
        label = _label(a)
        goal = label.split(".")[0] if label else None
        marked = [years[k] for k in range(len(years)) if (a.cells.get(f"year_{k + 1}") or "").strip()] or years
        owners = [b.id for b in a.responsible if b.id != "other"]
        out.append(Measure(
            measure=label, goal=goal, goal_text=goal_of.get(goal or ""), text=a.cells.get("measure") or a.text,
            executor_text=a.cells.get("executor"), executors=list(dict.fromkeys(owners)),
            planned_years=marked, planned_start=dt.date(marked[0], 1, 1) if marked else None,
            planned_end=dt.date(marked[-1], 12, 31) if marked else None,
            funding=a.cells.get("funding"), result=a.cells.get("result")))
    return years, out


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
                     period.end if period else None, json.dumps(years), dt.datetime.now().replace(microsecond=0),
                     doc.to_json(indent=None)])
        con.executemany("INSERT INTO measures VALUES (?, ?, ?, ?)",
                        [[plan_id, m.measure, i, m.model_dump_json()] for i, m in enumerate(measures)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
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


def read_report_tables(path: str) -> tuple[list[list[list]], str]:
    """The tables of a report file as lists of rows of cell values, and the document text (for its
    language and period). DOCX/HTML/text through the project's readers, XLSX through openpyxl (every
    sheet), CSV through the csv module (the delimiter sniffed)."""
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
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [r for r in csv.reader(text.splitlines(), dialect) if any(c.strip() for c in r)]
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


def add_report(store: TrackStore, path: str, plan_id: Optional[str], as_of: dt.date) -> tuple[ReportInfo, bool]:
    """Load the progress report at ``path`` for the plan ``plan_id`` (None: the store's only plan) as of
    ``as_of``; return it and whether it was new (the same file, plan and day again: not new, nothing
    written). Refuses (``TrackError``) a report whose measure numbers are mostly not the plan's."""
    read_input(path, 1)
    pid = store.resolve_plan(plan_id)
    sha = _sha256(path)
    report_id = hashlib.sha256(f"{pid}|{sha}|{as_of.isoformat()}".encode()).hexdigest()[:12]
    old = store.con.execute("SELECT 1 FROM reports WHERE report_id = ?", [report_id]).fetchone()
    if old:
        return next(r for r in store.reports(pid) if r.report_id == report_id), False
    rows, lang = parse_report(path)
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
        for measure, status in store.con.execute(
                "SELECT measure, status FROM report_rows WHERE report_id = ?", [other_id]).fetchall():
            if measure in mine and mine[measure] != status:
                clashes.append(f"{measure} ({status} in {other_path}, {mine[measure]} here)")
    if clashes:
        raise TrackError(path, f"contradicts a report already loaded for {as_of.isoformat()}: measure "
                               f"{'; '.join(clashes[:5])}{' …' if len(clashes) > 5 else ''}; "
                               "load it with its own --as-of date, or correct one of the two")
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, pid, path, sha, as_of, lang, len(rows), dt.datetime.now().replace(microsecond=0)])
        con.executemany("INSERT INTO report_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [[report_id, r.row, r.measure, r.status, r.status_text, r.date, r.executor,
                          r.measure in known] for r in rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return next(r for r in store.reports(pid) if r.report_id == report_id), True


# --------------------------------------------------------------------------- status


def _latest(store: TrackStore, reports: list[ReportInfo]) -> tuple[dict, dict, list[Unmatched]]:
    """measure -> (status, text, date, report) of the latest report that speaks of it, and of the one
    before that; rows of unknown measures."""
    latest: dict[str, tuple] = {}
    previous: dict[str, tuple] = {}
    unknown: list[Unmatched] = []
    for rep in reports:  # oldest first: later reports win
        seen: set[str] = set()
        for row, measure, status, text, date, executor, known in store.report_rows(rep.report_id):
            if not known:
                unknown.append(Unmatched(report_id=rep.report_id, measure=measure, status_text=text or "", row=row))
                continue
            if measure in seen:
                continue
            seen.add(measure)
            if measure in latest:
                previous[measure] = latest[measure]
            latest[measure] = (status, text, date or rep.as_of, rep)
    return latest, previous, unknown


def _summaries(items: list[MeasureStatus], key, name=None) -> list[Summary]:
    groups: dict[str, Summary] = {}
    for m in items:
        for k in key(m):
            s = groups.setdefault(k, Summary(key=k, name=name(m, k) if name else None))
            s.measures += 1
            setattr(s, m.status, getattr(s, m.status) + 1)
            s.overdue += m.overdue
    return list(groups.values())


def status(store: TrackStore, plan_id: Optional[str], as_of: dt.date) -> TrackingStatus:
    """Where every measure of the plan stands on ``as_of`` (reports dated after it are ignored)."""
    pid = store.resolve_plan(plan_id)
    plan = store.plan(pid)
    measures = store.measures(pid)
    reports = store.reports(pid, as_of)
    latest, previous, unknown = _latest(store, reports)
    items: list[MeasureStatus] = []
    for m in measures:
        ms = MeasureStatus(**m.model_dump(exclude={"funding", "result"}))
        if m.measure in latest:
            st, text, date, rep = latest[m.measure]
            ms.status = st or "no_report"
            ms.status_text, ms.status_date = text, date
            ms.report_id, ms.report_as_of = rep.report_id, rep.as_of
            ms.no_report = ms.status == "no_report"
        if m.measure in previous:
            ms.previous_status = previous[m.measure][0] or "no_report"
            ms.changed = ms.previous_status != ms.status
        ms.overdue = bool(m.planned_end and m.planned_end < as_of and ms.status != "done")
        items.append(ms)
    by_executor = _summaries(items, lambda m: m.executors or ["other"], _executor_name)
    by_goal = _summaries(items, lambda m: [m.goal or "-"], lambda m, k: m.goal_text)
    by_year = _summaries(items, lambda m: [str(y) for y in m.planned_years])
    totals = _summaries(items, lambda m: ["all"])
    return TrackingStatus(plan=plan, as_of=as_of, reports=reports, measures=items,
                          by_executor=sorted(by_executor, key=lambda s: (-s.overdue, -s.measures, s.key)),
                          by_goal=sorted(by_goal, key=lambda s: _num_key(s.key)), by_year=sorted(by_year, key=lambda s: s.key),
                          changes=[m for m in items if m.changed], unknown_measures=unknown,
                          totals=totals[0] if totals else Summary(key="all"))


def _num_key(label: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10 ** 6 for p in label.split("."))


def _executor_name(m: MeasureStatus, key: str) -> Optional[str]:
    body = gazetteer().get(key)
    return (body.title or {}).get("ru") if body is not None and body.title else None
