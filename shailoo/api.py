"""The library's front door: typed functions over the readers, the rules, ``convert`` and ``track``.

Everything here is re-exported as ``shailoo.<name>`` (``shailoo/__init__.py`` loads this module on
first use, so ``import shailoo`` stays light)::

    import shailoo
    doc = shailoo.parse("plan.docx")                       # ParsedDocument
    report = shailoo.check(doc, lang="ky")                 # FindingsReport
    diff = shailoo.compare("plan_ru.docx", "plan_ky.docx") # ComparisonReport
    docs = shailoo.parse_many("archive/")                  # Documents: to_pandas(), to_arrow(), to_polars()
    run = shailoo.convert("archive/", "archive.duckdb")    # the run's Summary
    rows = shailoo.query("archive.duckdb", example="owners")   # QueryResult
    plans = shailoo.track("council.duckdb")                # Tracker: add_plan, add_report, status, portfolio …

Every function returns the pydantic models the command line writes as JSON (their fields are
described: ``shailoo schema NAME``), prints nothing, and raises the project's exceptions with a one-line
message: ``shailoo.errors.ShailooError`` and its subclasses for an unusable input (``InputError``,
``LimitExceeded``, ``ScannedError``, ``ConverterMissing``; ``TrackError`` for a refused tracking
operation), ``shailoo.rules.config.ConfigError`` for an unusable settings file,
``shailoo.apps.convert.engine.ConvertError`` for an unusable conversion target, ``ValueError`` for a bad
argument (a date that is not DD.MM.YYYY or ISO, an unknown language).

Dates are accepted as ``datetime.date`` or as text, DD.MM.YYYY (as CEC documents print them) or ISO.
Paths as ``str`` or ``os.PathLike``.

This module ranks with the command line (``tests/test_layout.py``): it may use every layer. Its
module-level imports are the ground floor only; each function imports what it runs on call.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, overload

from pydantic import BaseModel, ConfigDict, Field

from shailoo.errors import ShailooError
from shailoo.model import Activity, ColumnRole, EventTerm, ParsedDocument, RelativeTerm
from shailoo.settings import Format, Lang, Limits, OcrMode, PdfEngine, ReadSettings

if TYPE_CHECKING:  # the types of the results; each is imported on call (see each function)
    import pandas  # type: ignore[import-untyped, unused-ignore]  # typed with pandas-stubs only
    import polars
    import pyarrow  # type: ignore[import-untyped, unused-ignore]  # typed with pyarrow-stubs only

    from shailoo.apps.convert.engine import Progress, Summary as ConvertSummary
    from shailoo.apps.track.models import (ExecutorStatus, MeasureTimeline, PlanInfo, Portfolio, ReportInfo,
                                           Signal, TrackingStatus, TrendPoint, YearSummary)
    from shailoo.rules.compare import ComparisonReport
    from shailoo.rules.config import Config
    from shailoo.rules.findings import FindingsReport

__all__ = [
    "PathArg", "DateArg", "parse", "parse_many", "check", "compare", "convert", "query", "track",
    "Documents", "Failure", "QueryResult", "Tracker", "ACTIVITY_COLUMNS",
    "ReadSettings", "Limits",
]

#: A path as the functions take it.
PathArg = Union[str, os.PathLike[str]]
#: A date as the functions take it: a ``datetime.date``, or text DD.MM.YYYY or YYYY-MM-DD.
DateArg = Union[dt.date, str]

_DMY = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*")


def _date(value: Optional[DateArg], what: str) -> Optional[dt.date]:
    """``value`` as a date (None stays None); ``ValueError`` naming ``what`` for anything else."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        m = _DMY.fullmatch(value)
        try:
            if m:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{what}: not a date in DD.MM.YYYY or YYYY-MM-DD form: {value!r}")


def _calendar(election_day: Optional[DateArg], calling_date: Optional[DateArg],
              calendar: Optional[Mapping[str, DateArg]] = None) -> dict[str, dt.date]:
    """The anchor dates given: ``calendar``'s, then ``election_day`` and ``calling_date`` over them."""
    out: dict[str, dt.date] = {}
    for key, value in (calendar or {}).items():
        day = _date(value, key)
        if day is not None:
            out[key] = day
    day = _date(election_day, "election_day")
    if day is not None:
        out["election_day"] = day
    day = _date(calling_date, "calling_date")
    if day is not None:
        out["calling_of_election"] = day
    return out


def _lang(lang: str) -> Lang:
    if lang not in ("ru", "ky", "en"):
        raise ValueError(f"lang must be ru, ky or en: {lang!r}")
    return lang  # type: ignore[return-value]  # checked just above


# --------------------------------------------------------------------------- one document


def parse(path: PathArg, *, fmt: Optional[Format] = None, settings: Optional[ReadSettings] = None,
          ocr: OcrMode = "auto", pdf_engine: PdfEngine = "auto", election_day: Optional[DateArg] = None,
          calling_date: Optional[DateArg] = None, calendar: Optional[Mapping[str, DateArg]] = None,
          display_path: Optional[str] = None) -> ParsedDocument:
    """Read and interpret one document (DOCX, PDF, HTML, text/Markdown, DOC/RTF/ODT); return its
    ``ParsedDocument`` (``shailoo/document@1``).

    ``fmt`` forces a reader (``docx``, ``pdf``, ``html``, ``text``, ``doc``, ``rtf``, ``odt``); by default
    the format is detected from the content. ``settings`` (``shailoo.settings.ReadSettings``) gives reader,
    OCR mode, PDF engine and ``Limits`` at once (then leave ``ocr`` and ``pdf_engine`` at their defaults;
    ``fmt``, when given, wins over its reader). ``ocr``: ``auto`` (PDF pages without a text layer are read
    by OCR), ``always`` or ``never``. ``pdf_engine``: ``auto`` (PDFium, pdfplumber where PDFium's reading
    could differ) or ``pdfplumber`` (the reference reader). ``election_day`` / ``calling_date`` (or
    ``calendar``: ``{"election_day": …, "calling_of_election": …}``) give anchor dates the document does
    not print, or replace its own. ``display_path``: the path the output names (default ``path``).

    Raises a ``shailoo.errors.ShailooError`` subclass with a one-line message for unusable input,
    ``ValueError`` for invalid settings.
    """
    # on call: the readers, which ``import shailoo`` and ``--version`` never need
    from shailoo.parsers import parse as _parse

    return _parse(path, fmt=fmt, display_path=display_path, calendar=_calendar(election_day, calling_date, calendar),
                  ocr=ocr, pdf_engine=pdf_engine, settings=settings)


def _load(doc: Union[ParsedDocument, PathArg], settings: Optional[ReadSettings],
          calendar: dict[str, dt.date]) -> ParsedDocument:
    """``doc`` itself, or the document at a path: a ``shailoo/document@1`` JSON file as it is, any other
    file parsed."""
    if isinstance(doc, ParsedDocument):
        return doc
    # on call: the command's loader (it reads a parse output's JSON too), with the rules it imports
    from shailoo.apps.review import load

    return load(os.fspath(doc), settings, calendar)


def _config(config: Union["Config", PathArg, None]) -> Optional["Config"]:
    # on call: the rule settings and the rule catalogue they validate against
    from shailoo.rules.config import Config, load_config

    if config is None or isinstance(config, Config):
        return config
    return load_config(os.fspath(config))


def check(doc: Union[ParsedDocument, PathArg], *, lang: Lang = "ru", election_day: Optional[DateArg] = None,
          calling_date: Optional[DateArg] = None, config: Union["Config", PathArg, None] = None,
          settings: Optional[ReadSettings] = None, election_kind: Optional[str] = None,
          jurisdiction: Optional[Literal["kg", "other"]] = None,
          statutes: Optional[Sequence[PathArg]] = None) -> "FindingsReport":
    """The findings of every enabled rule on one document: a ``FindingsReport`` (``shailoo/findings@1``)
    with its messages in ``lang`` (``ru``, ``ky``, ``en``).

    ``doc``: a ``ParsedDocument``, or a path (a document, parsed with ``settings``, or a
    ``shailoo/document@1`` JSON file). ``election_day`` / ``calling_date``: anchor dates the document does
    not print (or to override them). ``config``: a ``shailoo.rules.config.Config`` or the path of a
    ``shailoo.toml`` (rules switched off or given another severity); None runs every rule with its default
    severity (no file is read implicitly). ``election_kind`` («ayil_kenesh,early»), ``jurisdiction`` (``kg``:
    the Kyrgyz statutes apply, ``other``: they do not) and ``statutes`` (folders adding or overriding
    statute provisions) are those of ``shailoo check``.

    Raises ``ShailooError`` for an unusable document or statute folder, ``ConfigError`` for an unusable
    settings file, ``ValueError`` for an unknown election kind, jurisdiction, language or a bad date.
    """
    # on call: the rules engine and its catalogue
    from shailoo.rules import statutes as statute_base
    from shailoo.rules.check import check as run_check
    from shailoo.rules.election import parse_election_kind, parse_jurisdiction

    lang = _lang(lang)
    calendar = _calendar(election_day, calling_date)
    parse_election_kind(election_kind)
    parse_jurisdiction(jurisdiction)
    folders = [os.fspath(s) for s in statutes] if statutes else None
    if folders:
        statute_base.load(folders)  # a missing or invalid folder is refused before the work
    cfg = _config(config)
    document = _load(doc, settings, calendar)
    options = {"statutes": folders, "election_kind": election_kind, "jurisdiction": jurisdiction}
    return run_check(document, lang=lang, config=cfg, calendar=calendar, options=options)


def compare(a: Union[ParsedDocument, PathArg], b: Union[ParsedDocument, PathArg], *,
            mode: Optional[Literal["auto", "language", "draft"]] = None, lang: Lang = "ru",
            config: Union["Config", PathArg, None] = None,
            settings: Optional[ReadSettings] = None) -> "ComparisonReport":
    """What differs between two versions of a plan, in typed values: a ``ComparisonReport``
    (``shailoo/comparison@1``) whose findings sit on ``b``'s rows, messages in ``lang``.

    ``a`` is the reference (the other language version, or the earlier draft), ``b`` the version under
    review; each a ``ParsedDocument`` or a path (parsed with ``settings``). ``mode``: ``language``
    (Russian and Kyrgyz versions of one plan), ``draft`` (two drafts), or None / ``auto``: ``language``
    when the two differ in language. ``config`` as for ``check``.
    """
    # on call: the comparison rules
    from shailoo.rules.engine import compare as run_compare

    lang = _lang(lang)
    cfg = _config(config)
    left, right = _load(a, settings, {}), _load(b, settings, {})
    chosen: Optional[Literal["language", "draft"]] = None if mode in (None, "auto") else mode  # type: ignore[assignment]
    return run_compare(left, right, mode=chosen, lang=lang, config=cfg)


# --------------------------------------------------------------------------- many documents

#: The columns of ``Documents.to_arrow()`` (and ``to_pandas()``, ``to_polars()``): one row per activity,
#: name -> what it holds. Types: dates are dates, lists are lists, ``cells`` a struct of every column role.
ACTIVITY_COLUMNS: dict[str, str] = {
    "doc_id": "the document's id: the sha256 of the file's bytes (as in a convert store)",
    "file": "the file's path, as given",
    "document_kind": "calendar_plan, event_schedule, action_plan, resolution, report or unknown",
    "language": "the document's language: ru, ky, mixed or unknown",
    "title": "the document's title as printed",
    "election_day": "the election day the document prints (or the one given)",
    "activity": "the row's index in the document's activities, from 0",
    "kind": "activity, goal, measure, point (of a prose document) or row",
    "number": "the row's number as printed, e.g. «12.»",
    "path": "the number as a path, e.g. «2.1»",
    "section": "the section headings above the row, outermost first",
    "text": "the row's content as printed",
    "cells": "the row's cells by column role (null where the table has no such column)",
    "term_text": "the term cell as printed",
    "term_kind": "the kind of the row's first term: date, range, dates, relative, event, recurring, period, "
                 "unspecified, unparsed",
    "term_date": "the first term's date: the day of a date, the start of a range or of a period, the earliest "
                 "of several dates",
    "term_end_date": "the first term's last date: the end of a range or of a period, the latest of several dates",
    "printed": "every complete date printed in the row's terms, in order (a relative term's «(до 10 августа "
               "2022 года)» too)",
    "computed": "the date a relative or event term gives once its anchor is known (the first such term)",
    "last_day": "the last day the action may be done, under the counting convention (relative terms)",
    "owners": "the responsible bodies as printed",
    "owner_ids": "the responsible bodies' gazetteer ids (other: a body the gazetteer does not know)",
    "citations": "the provisions the row cites: act id, article, part, point and the text as printed",
    "items": "a cell's own numbered list, one per item",
    "page": "the page the row starts on (PDF)",
    "table_no": "the table's index in the document",
    "row_no": "the row's index in its table",
    "roles_inferred": "the table had no header row: its column roles were guessed from the cells",
    "ocr_confidence": "the lowest OCR confidence of the row's cells (0–1); null when not read by OCR",
}

_NEED = {"pandas": "pandas", "polars": "polars", "pyarrow": "pyarrow"}


def _need(module: str, what: str) -> Any:
    """``import module`` for ``what``; an ``ImportError`` saying how to install it when it is missing."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{what} needs {_NEED.get(module, module)}, which is not installed: "
                          f"pip install {_NEED.get(module, module)} (or pip install \"shailoo[data]\")") from None


def _arrow_schema(pa: Any) -> Any:
    roles = [r for r in ColumnRole.__args__]  # type: ignore[attr-defined]  # a Literal's values
    text, day, int32 = pa.string(), pa.date32(), pa.int32()
    types = {
        "doc_id": text, "file": text, "document_kind": text, "language": text, "title": text, "election_day": day,
        "activity": int32, "kind": text, "number": text, "path": text, "section": pa.list_(text), "text": text,
        "cells": pa.struct([pa.field(r, text) for r in roles]), "term_text": text, "term_kind": text,
        "term_date": day, "term_end_date": day, "printed": pa.list_(day), "computed": day, "last_day": day,
        "owners": pa.list_(text), "owner_ids": pa.list_(text),
        "citations": pa.list_(pa.struct([pa.field(k, text) for k in ("act", "article", "part", "point", "raw")])),
        "items": pa.list_(text), "page": int32, "table_no": int32, "row_no": int32, "roles_inferred": pa.bool_(),
        "ocr_confidence": pa.float64(),
    }
    return pa.schema([pa.field(name, types[name], metadata={"description": desc})
                      for name, desc in ACTIVITY_COLUMNS.items()])


def _term_dates(t: Any) -> list[dt.date]:
    """Every complete date printed in a term, in order."""
    kind = t.kind
    found: list[Any] = []
    if kind == "date":
        found = [t.date]
    elif kind == "range":
        found = [t.start_date, t.end_date]
    elif kind == "dates":
        for x in t.items:
            found += [x.date] if x.kind == "date" else [x.start_date, x.end_date]
    elif kind in ("relative", "event"):
        found = list(t.printed)
    elif kind == "recurring":
        found = list(t.occurrences)
    return [d.value for d in found if d is not None and d.value is not None]


def _window(t: Any) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """(first, last) date of a term, as the ``terms`` table of a convert store gives them."""
    if t is None:
        return None, None
    if t.kind == "date":
        return t.date.value, None
    if t.kind == "range":
        return t.start_date.value, t.end_date.value
    if t.kind == "period":
        return t.first_day, t.last_day
    if t.kind == "dates":
        days = _term_dates(t)
        return (min(days), max(days)) if days else (None, None)
    return None, None


def _activity_row(doc: ParsedDocument, i: int, a: Activity) -> dict[str, Any]:
    info = doc.document
    terms = list(a.terms) or ([a.term] if a.term is not None else [])
    first = terms[0] if terms else None
    start, end = _window(first)
    computed = next((t.computed for t in terms if isinstance(t, (RelativeTerm, EventTerm)) and t.computed is not None),
                    None)
    last_day = next((t.last_day for t in terms if t.kind == "relative" and t.last_day is not None), None)
    p = a.provenance
    return {
        "doc_id": doc.source.sha256, "file": doc.source.path, "document_kind": info.kind, "language": info.language,
        "title": info.title, "election_day": info.election_day, "activity": i, "kind": a.kind, "number": a.number,
        "path": a.path, "section": list(a.section), "text": a.text, "cells": dict(a.cells),
        "term_text": a.cells.get("term"), "term_kind": first.kind if first is not None else None,
        "term_date": start, "term_end_date": end, "printed": [d for t in terms for d in _term_dates(t)],
        "computed": computed, "last_day": last_day,
        "owners": [b.raw for b in a.responsible], "owner_ids": [b.id for b in a.responsible],
        "citations": [{"act": c.act, "article": c.article, "part": c.part, "point": c.point, "raw": c.raw}
                      for c in a.citations],
        "items": list(a.items), "page": p.page, "table_no": p.table, "row_no": p.row,
        "roles_inferred": a.roles_inferred, "ocr_confidence": a.ocr.confidence if a.ocr is not None else None,
    }


class Failure(BaseModel):
    """A file ``parse_many`` could not read (with ``errors="collect"``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(description="the file, as found")
    reason: str = Field(description="the one-line message: «<file>: <reason>»")
    exit_code: int = Field(description="the command line's exit code for it: 2 unusable, 3 scanned, 4 a "
                                       "converter missing, 70 an internal error")


class Documents(Sequence[ParsedDocument]):
    """Parsed documents, in path order (``parse_many``), with the files that failed (``failures``).

    A sequence of ``ParsedDocument``; ``to_arrow()``, ``to_pandas()``, ``to_polars()`` give one row per
    activity of every document with typed columns (``ACTIVITY_COLUMNS``: dates as dates, lists as lists,
    ``cells`` a struct), where pyarrow, pandas, polars are installed.
    """

    def __init__(self, documents: Iterable[ParsedDocument] = (), failures: Iterable[Failure] = ()) -> None:
        self._docs: list[ParsedDocument] = list(documents)
        self.failures: list[Failure] = list(failures)

    @overload
    def __getitem__(self, index: int) -> ParsedDocument: ...

    @overload
    def __getitem__(self, index: slice) -> "Documents": ...

    def __getitem__(self, index: Union[int, slice]) -> Union[ParsedDocument, "Documents"]:
        if isinstance(index, slice):
            return Documents(self._docs[index])
        return self._docs[index]

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[ParsedDocument]:
        return iter(self._docs)

    def __repr__(self) -> str:
        return f"Documents({len(self._docs)} documents, {len(self.failures)} failures)"

    def activities(self) -> Iterator[tuple[ParsedDocument, Activity]]:
        """Every activity of every document, with its document, in order."""
        for doc in self._docs:
            for a in doc.activities:
                yield doc, a

    def rows(self) -> list[dict[str, Any]]:
        """One plain dict per activity, keyed by ``ACTIVITY_COLUMNS`` (dates as ``datetime.date``)."""
        return [_activity_row(doc, i, a) for doc in self._docs for i, a in enumerate(doc.activities)]

    def to_arrow(self) -> "pyarrow.Table":
        """A ``pyarrow.Table``, one row per activity; each field's metadata holds its description."""
        pa = _need("pyarrow", "Documents.to_arrow()")
        schema = _arrow_schema(pa)
        rows = self.rows()
        return pa.Table.from_pydict({name: [r[name] for r in rows] for name in schema.names}, schema=schema)

    def to_pandas(self) -> "pandas.DataFrame":
        """A ``pandas.DataFrame``, one row per activity, with Arrow-backed dtypes (``pandas.ArrowDtype``):
        dates are ``date32[day][pyarrow]``, lists ``list<…>[pyarrow]``, texts ``string[pyarrow]`` — no JSON
        to parse and no date lost to a timestamp."""
        pd = _need("pandas", "Documents.to_pandas()")
        return self.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)

    def to_polars(self) -> "polars.DataFrame":
        """A ``polars.DataFrame``, one row per activity: ``Date``, ``List``, ``Struct`` columns."""
        pl = _need("polars", "Documents.to_polars()")
        return pl.from_arrow(self.to_arrow())  # type: ignore[no-any-return]  # a Table gives a DataFrame


def _inputs(inputs: Union[PathArg, Iterable[PathArg]], include: Optional[Sequence[str]],
            exclude: Optional[Sequence[str]]) -> tuple[list[str], dict[str, Any]]:
    """The paths ``inputs`` names as strings, and ``include`` / ``exclude`` as the keyword arguments of
    convert's folder walk (left out when None, so that the walk's own defaults apply)."""
    items = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [os.fspath(p) for p in inputs]
    kwargs: dict[str, Any] = {}
    if include is not None:
        kwargs["include"] = list(include)
    if exclude is not None:
        kwargs["exclude"] = list(exclude)
    return items, kwargs


def _documents_in(inputs: Union[PathArg, Iterable[PathArg]], include: Optional[Sequence[str]],
                  exclude: Optional[Sequence[str]]) -> list[tuple[str, Optional[str]]]:
    """(path, reason it is skipped or None) of every file ``inputs`` names, sorted (``discover``)."""
    # on call: the folder walk of convert (links, hidden files, globs)
    from shailoo.apps.convert import engine

    items, kwargs = _inputs(inputs, include, exclude)
    found = engine.discover(items, **kwargs)
    skipped: Mapping[str, str] = getattr(found, "skipped", {})
    return [(p, skipped.get(p)) for p in found]


def parse_many(inputs: Union[PathArg, Iterable[PathArg]], *, settings: Optional[ReadSettings] = None,
               election_day: Optional[DateArg] = None, calling_date: Optional[DateArg] = None,
               errors: Literal["raise", "collect"] = "raise", include: Optional[Sequence[str]] = None,
               exclude: Optional[Sequence[str]] = None) -> Documents:
    """Parse every document ``inputs`` names — files, folders (searched recursively, as ``shailoo
    convert`` searches them) or globs — in path order; return them as ``Documents``.

    ``errors="raise"`` (default) raises the first file's ``ShailooError``; ``"collect"`` goes on and lists
    the files that failed in ``Documents.failures`` (a bug in shailoo too, with exit code 70).
    ``include`` / ``exclude``: glob patterns choosing the files of a folder, as ``convert`` takes them.
    ``settings``, ``election_day``, ``calling_date`` as for ``parse``, the same for every file.
    """
    calendar = _calendar(election_day, calling_date)
    docs: list[ParsedDocument] = []
    failures: list[Failure] = []
    for path, skip in _documents_in(inputs, include, exclude):
        if skip is not None or os.path.basename(path).startswith("~$"):
            continue
        try:
            docs.append(parse(path, settings=settings, calendar=calendar))
        except ShailooError as e:
            if errors == "raise":
                raise
            failures.append(Failure(path=path, reason=str(e), exit_code=e.exit_code))
        except Exception as e:  # a bug in shailoo: with "collect" the file fails and the others are read
            if errors == "raise":
                raise
            failures.append(Failure(path=path, reason=f"{path}: internal error: {type(e).__name__}: {e}",
                                    exit_code=70))
    return Documents(docs, failures)


# --------------------------------------------------------------------------- archives


def convert(inputs: Union[PathArg, Iterable[PathArg]], out: PathArg, *, jobs: int = 1, check: bool = False,
            lang: Lang = "ru", resume: bool = False, force: bool = False, settings: Optional[ReadSettings] = None,
            include: Optional[Sequence[str]] = None, exclude: Optional[Sequence[str]] = None,
            follow_symlinks: bool = False, engine: Literal["local", "dask"] = "local",
            scheduler: Optional[str] = None,
            progress: Optional[Callable[["Progress"], None]] = None) -> "ConvertSummary":
    """Convert many files into one queryable store, as ``shailoo convert``; return the run's ``Summary``
    (counts by status, pages, seconds, run id, ``exit_code``: 0 when every document converted).

    ``out``: ``NAME.duckdb`` (DuckDB), a folder (Parquet), ``NAME.csv/`` (CSV), ``NAME.jsonl`` or
    ``NAME.xlsx``. ``jobs``: worker processes (1, the default, runs in this process). ``check``: also
    store the findings (messages in ``lang``). ``resume`` / ``force``: continue an existing target, or
    start it again (an existing target needs one of them). ``include`` / ``exclude``: glob patterns
    choosing the files of a folder. ``progress``: called with a ``Progress`` snapshot after each file is written (files are
    written in small batches).
    Bad files never raise: they are rows of the manifest (``files``); ``ConvertError`` for an unusable
    target or settings.
    """
    # on call: the conversion engine (DuckDB, the process pool)
    from shailoo.apps.convert.engine import convert as run_convert

    items, kwargs = _inputs(inputs, include, exclude)
    return run_convert(items, os.fspath(out), jobs=jobs, check=check, resume=resume, force=force, engine=engine,
                       scheduler=scheduler, lang=_lang(lang), progress=progress, settings=settings,
                       follow_symlinks=follow_symlinks, **kwargs)


class QueryResult:
    """The answer of ``query``: ``columns``, ``rows`` (tuples of Python values: dates as ``datetime.date``),
    and the same as a table: ``to_arrow()``, ``to_pandas()``, ``to_polars()``."""

    def __init__(self, table: "pyarrow.Table") -> None:
        self._table = table

    @property
    def columns(self) -> list[str]:
        return list(self._table.column_names)

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        data = self._table.to_pydict()
        names = self.columns
        return list(zip(*(data[n] for n in names))) if names else []

    def records(self) -> list[dict[str, Any]]:
        """One dict per row, keyed by column."""
        return self._table.to_pylist()  # type: ignore[no-any-return]  # pyarrow is untyped

    def __len__(self) -> int:
        return int(self._table.num_rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"QueryResult({len(self)} rows: {', '.join(self.columns)})"

    def to_arrow(self) -> "pyarrow.Table":
        return self._table

    def to_pandas(self) -> "pandas.DataFrame":
        """A ``pandas.DataFrame`` with Arrow-backed dtypes (dates stay dates)."""
        pd = _need("pandas", "QueryResult.to_pandas()")
        return self._table.to_pandas(types_mapper=pd.ArrowDtype)

    def to_polars(self) -> "polars.DataFrame":
        pl = _need("polars", "QueryResult.to_polars()")
        return pl.from_arrow(self._table)  # type: ignore[no-any-return]  # a Table gives a DataFrame


def query(target: PathArg, sql: Optional[str] = None, *, example: Optional[str] = None,
          params: Optional[Mapping[str, Any]] = None) -> QueryResult:
    """Ask a converted store a question in SQL, as ``shailoo query``: ``target`` is the ``.duckdb`` file of
    ``convert`` (opened read-only, external access off: the SQL reads the store and nothing else) or a
    Parquet folder ``convert`` wrote (one SELECT over its files, nothing else).

    ``sql``: one statement over the store's tables and views, with ``$name`` parameters from ``params``;
    or ``example``: a ready question (``shailoo query --example list``); ``params`` gives its parameters
    (a required one must be given: none is filled in). Raises ``InputError`` for a missing or unusable
    store and for a refused or failing statement, ``ValueError`` for an unknown example or parameter.
    """
    import io

    # on call: DuckDB, the store's ready questions and the command's read-only openers
    import duckdb
    from shailoo.apps.convert.command import QUERY_CONFIG, _open_parquet, _statement_type
    from shailoo.apps.convert.views import EXAMPLES
    from shailoo.errors import InputError

    path = os.fspath(target)
    values: dict[str, Any] = dict(params or {})
    if example is not None:
        if example not in EXAMPLES:
            raise ValueError(f"no example {example!r} (examples: {', '.join(EXAMPLES)})")
        _, sql, spec = EXAMPLES[example]
        unknown = sorted(set(values) - set(spec))
        if unknown:
            raise ValueError(f"example {example!r} takes {', '.join(spec) or 'no parameters'}, not {', '.join(unknown)}")
        for key, (default, what) in spec.items():
            if key not in values:
                if default is None:
                    raise ValueError(f"example {example!r} needs params[{key!r}]: {what}")
                values[key] = default
    if not sql:
        raise ValueError("give sql or example")
    folder = os.path.isdir(path)
    if folder:
        said = io.StringIO()
        con = _open_parquet(path, said)
        if con is None:
            raise InputError(path, said.getvalue().strip().removeprefix("shailoo: error: ").removeprefix(f"{path}: "))
    elif not os.path.isfile(path):
        raise InputError(path, "no such database (convert into NAME.duckdb or a Parquet folder first)")
    else:
        try:
            con = duckdb.connect(path, read_only=True, config=dict(QUERY_CONFIG))
        except duckdb.Error as e:
            raise InputError(path, f"cannot open the database ({str(e).splitlines()[0]})") from None
    try:
        if folder and _statement_type(con, sql) not in ("SELECT", "EXPLAIN"):
            raise InputError(path, "refused: query over a Parquet folder runs one SELECT and reads the files only")
        rel = con.sql(sql, params=values) if values else con.sql(sql)
        table = rel.to_arrow_table() if rel is not None else None
    except duckdb.PermissionException as e:
        raise InputError(path, "refused: query reads the store only, no other file, network or extension "
                               f"({str(e).splitlines()[0]})") from None
    except duckdb.Error as e:
        raise InputError(path, str(e).splitlines()[0]) from None
    finally:
        con.close()
    if table is None:  # a statement without rows
        pa = _need("pyarrow", "query()")
        table = pa.table({})
    return QueryResult(table)


# --------------------------------------------------------------------------- tracking


class Tracker:
    """A tracking store (``shailoo track``): action plans and their progress reports, in one DuckDB file.

    Each method opens the store for its own work and closes it (like one command), so the file is free
    for the command line between calls. Reading methods see a true point in time: reports dated after
    ``as_of`` are ignored. ``plan``: a plan id or a unique prefix; None for the store's only plan.
    Refused operations raise ``shailoo.apps.track.store.TrackError`` (a ``ShailooError``).
    """

    def __init__(self, path: PathArg) -> None:
        self.path = os.fspath(path)

    def __repr__(self) -> str:
        return f"Tracker({self.path!r})"

    def _open(self, read_only: bool) -> Any:
        # on call: the store (DuckDB, the parser for plans and reports)
        from shailoo.apps.track.store import TrackStore

        return TrackStore(self.path, read_only=read_only)

    def add_plan(self, path: PathArg) -> "PlanInfo":
        """Load an action plan (DOCX, PDF, HTML …); its ``PlanInfo`` (loading it again changes nothing)."""
        # on call: see _open
        from shailoo.apps.track.store import add_plan

        with self._open(False) as store:
            info, _new = add_plan(store, os.fspath(path))
            return info

    def add_report(self, path: PathArg, *, as_of: DateArg, plan: Optional[str] = None) -> "ReportInfo":
        """Load a progress report (DOCX, XLSX or CSV) speaking for ``as_of``; without ``plan`` it goes to the
        plan whose measures it fits. The same file, plan and day again changes nothing."""
        # on call: see _open
        from shailoo.apps.track.store import add_report

        with self._open(False) as store:
            info, _new = add_report(store, os.fspath(path), plan, self._day(as_of))
            return info

    def plans(self) -> list["PlanInfo"]:
        """Every plan of the store, in the order loaded."""
        with self._open(True) as store:
            return [store.plan(pid) for pid in store.plan_ids()]

    def status(self, *, as_of: DateArg, plan: Optional[str] = None, lang: Lang = "ru") -> "TrackingStatus":
        """Where every measure of one plan stands on ``as_of`` (``shailoo/tracking@2``); signals in ``lang``."""
        # on call: see _open
        from shailoo.apps.track.store import status

        with self._open(True) as store:
            return status(store, plan, self._day(as_of), _lang(lang))

    def portfolio(self, *, as_of: DateArg, lang: Lang = "ru") -> "Portfolio":
        """Every plan of the store on ``as_of`` (``shailoo/tracking-portfolio@1``)."""
        # on call: see _open
        from shailoo.apps.track.store import portfolio

        with self._open(True) as store:
            return portfolio(store, self._day(as_of), _lang(lang))

    def timeline(self, measure: str, *, plan: Optional[str] = None,
                 as_of: Optional[DateArg] = None) -> "MeasureTimeline":
        """What every report (on or before ``as_of``; all when None) said of the measure numbered ``measure``."""
        # on call: see _open
        from shailoo.apps.track.store import timeline

        with self._open(True) as store:
            return timeline(store, plan, measure, _date(as_of, "as_of"))

    def executors(self, *, as_of: DateArg, plan: Optional[str] = None) -> list["ExecutorStatus"]:
        """Per executor of the plan (named as printed): its measures, status, what is overdue."""
        # on call: see _open
        from shailoo.apps.track.store import executors

        with self._open(True) as store:
            return executors(store, plan, self._day(as_of))

    def signals(self, *, as_of: DateArg, plan: Optional[str] = None, lang: Lang = "ru") -> list["Signal"]:
        """The plan's signals on ``as_of`` (TR201–TR204), most severe first, messages in ``lang``."""
        # on call: see _open
        from shailoo.apps.track.store import signals

        with self._open(True) as store:
            return signals(store, plan, self._day(as_of), _lang(lang))

    def trend(self, *, plan: Optional[str] = None, as_of: Optional[DateArg] = None) -> list["TrendPoint"]:
        """The plan's totals as of each report date (on or before ``as_of``), oldest first."""
        # on call: see _open
        from shailoo.apps.track.store import trend

        with self._open(True) as store:
            return trend(store, plan, _date(as_of, "as_of"))

    def by_year(self, *, as_of: DateArg, plan: Optional[str] = None) -> list["YearSummary"]:
        """Per plan year, the measures planned in it by their status at the end of that year."""
        # on call: see _open
        from shailoo.apps.track.store import by_year

        with self._open(True) as store:
            return by_year(store, plan, self._day(as_of))

    @staticmethod
    def _day(value: DateArg) -> dt.date:
        day = _date(value, "as_of")
        if day is None:
            raise ValueError("as_of: a date is required")
        return day


def track(path: PathArg = "shailoo-track.duckdb") -> Tracker:
    """The tracking store at ``path`` (created by the first ``add_plan``), as a ``Tracker``."""
    return Tracker(path)
