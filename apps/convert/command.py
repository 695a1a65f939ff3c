"""The ``shailoo convert`` and ``shailoo query`` handlers: progress display, summary, query output.

A progress bar (rich: pages read of the pages to read, files, rate, ETA by pages, failures so far, the
file being read) when standard error is a terminal; plain log lines every ``LOG_EVERY`` seconds (and one
per file with ``--verbose``) when it is not, so that logs of long runs stay readable. After the summary
line, the inputs not converted are listed on standard error, one line each with the reason.

``query`` reads a ``.duckdb`` store or a Parquet folder (``convert --out FOLDER``): the folder's files
become views of an in-memory database that may read those files and nothing else.
"""

from __future__ import annotations

import json
import time
from typing import Optional

from shailoo.apps.convert.engine import ConvertError, Progress, Summary, convert
from shailoo.settings import ReadSettings
from shailoo.apps.convert.views import EXAMPLES, VIEWS
from shailoo.outputs.cells import safe_cell
from shailoo.apps.convert.tables import layout_problem, plain
from shailoo.errors import printable
from shailoo.apps.written import say_wrote

#: Seconds between progress lines when standard error is not a terminal.
LOG_EVERY = 10.0
#: How ``query`` opens the store (with ``read_only``): no file but the store, no network, no extension
#: loaded or installed, and the SQL cannot change any of it (``COPY … TO``, ``EXPORT DATABASE``,
#: ``read_csv('/etc/passwd')``, ``glob``, ``INSTALL``, ``ATTACH``, ``SET`` are refused).
QUERY_CONFIG = (("enable_external_access", False), ("autoload_known_extensions", False),
                ("autoinstall_known_extensions", False), ("allow_community_extensions", False),
                ("python_enable_replacements", False), ("lock_configuration", True))


def _fmt_seconds(s: Optional[float]) -> str:
    if s is None:
        return "?"
    s = int(s)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def progress_line(p: Progress) -> str:
    """One line: files done, pages read of the pages to read (a file of unknown pages counts one), the
    rate and ETA by pages, failures, skips, and the file being read (when one is)."""
    reading = f", reading {printable(p.current)}" if p.current else ""
    return (f"convert: {p.done}/{p.total} files, {p.work}/{p.work_total} pages, {p.rate:.2f} pages/s, "
            f"ETA {_fmt_seconds(p.eta)}, {p.failed} failed, {p.skipped} skipped{reading}")


class _Lines:
    """Progress as plain lines on a stream that is not a terminal."""

    def __init__(self, err, verbose: bool):
        self.err = err
        self.verbose = verbose
        self.last = 0.0

    def __call__(self, p: Progress) -> None:
        if self.verbose and p.last:
            last = p.last
            dur = f" {last['duration_s']:.2f}s" if last.get("duration_s") is not None else ""
            reason = last.get("reason") or ""
            line = reason if reason.startswith(last["path"]) else f"{last['path']}{': ' + reason if reason else ''}"
            self.err.write(f"{last['status']}{dur} {line}\n")
        now = time.monotonic()
        # once reading has begun (every file hashed: the pages to read are known), and the last file
        if p.done == p.total or (p.current is not None and now - self.last >= LOG_EVERY):
            self.last = now
            self.err.write(progress_line(p) + "\n")
        self.err.flush()

    def close(self) -> None:
        pass


class _Bar:
    """A rich progress bar on a terminal."""

    def __init__(self, err):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

        # the bar counts pages (ETA by pages); files, the rate, failures and the file being read beside it
        self.bar = RichProgress(TextColumn("convert"), BarColumn(), MofNCompleteColumn(), TextColumn("pages ·"),
                                TextColumn("{task.fields[files]} files · {task.fields[rate]:.2f} pages/s · "
                                           "{task.fields[failed]} failed"), TimeRemainingColumn(),
                                TextColumn("{task.fields[current]}", markup=False),
                                console=Console(file=err), transient=False)
        self.task = None
        self.bar.start()

    def __call__(self, p: Progress) -> None:
        if self.task is None:
            self.task = self.bar.add_task("convert", total=p.work_total, files="", rate=0.0, failed=0, current="")
        self.bar.update(self.task, total=p.work_total, completed=p.work, files=f"{p.done}/{p.total}", rate=p.rate,
                        failed=p.failed, current=printable(p.current) if p.current else "")

    def close(self) -> None:
        self.bar.stop()


def summary_line(s: Summary) -> str:
    """The run in one line, every input accounted for: converted + skipped + failed + scanned = files,
    the skipped ones by why (unchanged since the last run, duplicates, not documents, excluded, other:
    links out of their folder and Word lock files)."""
    skipped = (s.skipped_unchanged + s.skipped_duplicate + s.skipped_not_document + s.skipped_excluded
               + s.skipped_other)
    return (f"{printable(s.target)}: {s.total} files: {s.ok} converted, {skipped} skipped "
            f"({s.skipped_unchanged} unchanged, {s.skipped_duplicate} duplicates, {s.skipped_not_document} not "
            f"documents, {s.skipped_excluded} excluded, {s.skipped_other} other), {s.failed} failed, "
            f"{s.scanned} scanned; {s.pages} PDF pages in {s.seconds:.1f} s (run {s.run_id})")


def run_convert(args, out, err, settings: Optional[ReadSettings] = None) -> int:
    """Exit 0 when every input was converted or skipped; else the code of the first input (in path
    order) that the store ends with as failed or scanned (2 unusable input, 3 scanned, 70 a bug), the
    same whichever file finished first and whether earlier runs were killed; 2 for unusable settings, a
    target another convert is writing, or a store removed under the run. ``settings`` (default
    ``ReadSettings.of(args)``: ``--ocr``, ``--pdf-engine``, ``--jobs``) reads every file."""
    settings = settings or ReadSettings.of(args)
    include, exclude = getattr(args, "include", None) or [], getattr(args, "exclude", None) or []
    show = _Bar(err) if hasattr(err, "isatty") and err.isatty() and not args.verbose else _Lines(err, args.verbose)
    try:
        s = convert(args.inputs, args.out, jobs=settings.jobs, check=args.check, resume=args.resume, force=args.force,
                    engine=args.engine, scheduler=args.scheduler, lang=args.lang, progress=show, settings=settings,
                    follow_symlinks=getattr(args, "follow_symlinks", False), include=include, exclude=exclude)
    except ConvertError as e:
        err.write(f"shailoo: error: {e}\n")
        return 2
    finally:
        show.close()
    out.write(summary_line(s) + "\n")
    if s.failures:
        err.write(f"shailoo: {len(s.failures)} of {s.total} files not converted:\n")
        for path, status, reason in s.failures:
            line = reason if reason.startswith(path) else f"{path}: {reason or status}"
            err.write(f"  {status}: {printable(line)}\n")
    if s.cells_cut or s.cells_cleaned:
        err.write(f"shailoo: warning: {s.target}: {s.cells_cut} cells cut to Excel's 32767 characters, "
                  f"{s.cells_cleaned} cells without their control characters (the store keeps them whole)\n")
    return s.exit_code


def example_params(params: dict[str, tuple[Optional[str], str]]) -> str:
    """An example's parameters in one line: «--param article=… (required: the article's number, e.g. 12);
    --param act=… (optional, default: every act …)», or "" for none."""
    return "; ".join(f"--param {k}=… ({'required' if default is None else 'optional'}: {what})"
                     for k, (default, what) in params.items())


def examples_text() -> str:
    """Every ready question of ``--example`` with its parameters, one line each (``--example list``)."""
    lines = []
    for name, (desc, _, params) in EXAMPLES.items():
        extra = example_params(params)
        lines.append(f"{name:18} {desc}{'  [' + extra + ']' if extra else ''}")
    return "\n".join(lines) + "\n"


def _example(args, err) -> Optional[tuple[str, dict[str, str]]]:
    """The SQL and bound parameters of ``--example NAME`` (None after a one-line error: an unknown
    example or parameter, or a required parameter not given — it is named, never filled in)."""
    if args.example not in EXAMPLES:
        err.write(f"shailoo: error: no example {args.example!r}; --example list shows them\n")
        return None
    _, sql, spec = EXAMPLES[args.example]
    params: dict[str, str] = {}
    for item in args.param:
        k, sep, v = item.partition("=")
        if not sep or k not in spec:
            err.write(f"shailoo: error: --param {item!r}: the example takes {', '.join(spec) or 'no parameters'}\n")
            return None
        params[k] = v
    missing = [k for k, (default, _) in spec.items() if default is None and k not in params]
    if missing:
        k = missing[0]
        err.write(f"shailoo: error: --example {args.example} needs --param {k}=… ({spec[k][1]})\n")
        return None
    for k, (default, _) in spec.items():
        params.setdefault(k, default or "")
    return sql, params


def _statement_type(con, sql: str) -> Optional[str]:
    """The type of ``sql``'s one statement (``SELECT``, ``COPY`` …); None for several or none."""
    statements = con.extract_statements(sql)
    return statements[0].type.name if len(statements) == 1 else None


def _open_parquet(folder: str, err):
    """An in-memory DuckDB whose views are the folder's Parquet files (one per ``NAME.parquet``) and the
    store's views (``shailoo.apps.convert.views.VIEWS``, those whose tables are there), able to read
    those files and nothing else: external access off but for them (``allowed_paths``), no extension,
    the configuration locked. None after a one-line error. ``run_query`` lets one read-only statement
    through (``SELECT``, ``EXPLAIN``): the files it may read must not be written over either."""
    import os

    import duckdb

    try:
        names = sorted(f for f in os.listdir(folder) if f.endswith(".parquet") and not f.startswith("."))
    except OSError as e:
        err.write(f"shailoo: error: {folder}: cannot be read ({e.strerror or e})\n")
        return None
    if not names:
        err.write(f"shailoo: error: {folder}: no .parquet files (convert --out FOLDER writes them)\n")
        return None
    paths = [os.path.abspath(os.path.join(folder, f)) for f in names]
    config: dict[str, str | bool | int | float | list[str]] = {
        k: v for k, v in QUERY_CONFIG if k not in ("enable_external_access", "lock_configuration")}
    try:
        con = duckdb.connect(":memory:", config=config)
        con.execute("SET allowed_paths = ?", [paths])
        con.execute("SET enable_external_access = false")
        for name, path in zip(names, paths):
            view = name[:-len(".parquet")].replace('"', '""')
            con.execute(f"""CREATE VIEW "{view}" AS SELECT * FROM read_parquet('{path.replace("'", "''")}')""")
        for view, sql in VIEWS.items():
            try:
                con.execute(f'CREATE VIEW "{view}" AS {sql}')
            except duckdb.CatalogException:
                pass  # a table it reads is not in the folder
        con.execute("SET lock_configuration = true")
    except duckdb.Error as e:
        err.write(f"shailoo: error: {folder}: cannot open the Parquet files ({str(e).splitlines()[0]})\n")
        return None
    return con


def run_query(args, out, err) -> int:
    """Run SQL (or ``--example NAME``) on a converted ``.duckdb`` store (read-only) or a Parquet folder
    (its files, nothing else); print a table, CSV or JSON."""
    import os

    import duckdb

    if args.example == "list":
        out.write(examples_text())
        return 0
    params: dict[str, str] = {}
    if args.example:
        asked = _example(args, err)
        if asked is None:
            return 2
        sql, params = asked
    elif args.sql:
        sql = args.sql
    else:
        err.write("shailoo: error: give SQL or --example NAME\n")
        return 2
    folder = os.path.isdir(args.db)
    if folder:
        con = _open_parquet(args.db, err)
        if con is None:
            return 2
    elif not os.path.isfile(args.db):
        err.write(f"shailoo: error: {args.db}: no such database (convert into NAME.duckdb or a Parquet folder "
                  "first)\n")
        return 2
    else:
        try:
            con = duckdb.connect(args.db, read_only=True, config=dict(QUERY_CONFIG))
        except duckdb.Error as e:
            err.write(f"shailoo: error: {args.db}: cannot open the database ({str(e).splitlines()[0]})\n")
            return 2
    try:
        problem = None if folder or not args.example else layout_problem(con)
        if problem:  # an older shailoo's store: its columns are not the ones the examples ask for
            err.write(f"shailoo: error: {args.db}: {problem}\n")
            return 2
        if folder and _statement_type(con, sql) not in ("SELECT", "EXPLAIN"):
            err.write(f"shailoo: error: {args.db}: refused: query over a Parquet folder runs one SELECT and "
                      "reads the files only (no COPY, EXPORT, ATTACH, SET, CREATE or several statements)\n")
            return 2
        cur = con.execute(sql, params) if params else con.execute(sql)
        cols = [d[0] for d in cur.description or []]
        rows = cur.fetchall()
    except duckdb.PermissionException as e:
        err.write(f"shailoo: error: {args.db}: refused: query reads the store only, no other file, network "
                  f"or extension ({str(e).splitlines()[0]})\n")
        return 2
    except duckdb.Error as e:
        err.write(f"shailoo: error: {args.db}: {str(e).splitlines()[0]}\n")
        return 2
    finally:
        con.close()
    if args.format == "json":
        text = json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, default=str, indent=2) + "\n"
    elif args.format == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows(["" if v is None else safe_cell(plain(v)) for v in r] for r in rows)  # lists as JSON
        text = buf.getvalue()
    else:
        import io

        from rich.console import Console
        from rich.table import Table

        t = Table(show_lines=False)
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*["" if v is None else str(plain(v)) for v in r])
        buf = io.StringIO()
        Console(file=buf, width=180, force_terminal=False, markup=False).print(t)  # values are data, not markup
        text = buf.getvalue() + f"{len(rows)} rows\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
        say_wrote(err, args.output, getattr(args, "lang", None) or "ru")
    else:
        out.write(text)
    return 0
