"""The ``shailoo convert`` and ``shailoo query`` handlers: progress display, summary, query output.

A progress bar (rich: files, pages, rate, ETA, failures so far) when standard error is a terminal;
plain log lines every ``LOG_EVERY`` seconds (and one per file with ``--verbose``) when it is not, so
that logs of long runs stay readable.
"""

from __future__ import annotations

import json
import time
from typing import Optional

from shailoo.apps.convert.engine import ConvertError, Progress, convert
from shailoo.settings import ReadSettings
from shailoo.apps.convert.views import EXAMPLES
from shailoo.outputs.cells import safe_cell
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
    return (f"convert: {p.done}/{p.total} files, {p.pages} pages, {p.rate:.2f} files/s, "
            f"ETA {_fmt_seconds(p.eta)}, {p.failed} failed, {p.skipped} skipped")


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
            reason = last.get("error") or ""
            line = reason if reason.startswith(last["path"]) else f"{last['path']}{': ' + reason if reason else ''}"
            self.err.write(f"{last['status']}{dur} {line}\n")
        now = time.monotonic()
        if now - self.last >= LOG_EVERY or p.done == p.total:
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

        self.bar = RichProgress(TextColumn("convert"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[pages]} pages · {task.fields[rate]:.2f} files/s · "
                                           "{task.fields[failed]} failed"), TimeRemainingColumn(),
                                console=Console(file=err), transient=False)
        self.task = None
        self.bar.start()

    def __call__(self, p: Progress) -> None:
        if self.task is None:
            self.task = self.bar.add_task("convert", total=p.total, pages=0, rate=0.0, failed=0)
        self.bar.update(self.task, completed=p.done, pages=p.pages, rate=p.rate, failed=p.failed)

    def close(self) -> None:
        self.bar.stop()


def run_convert(args, out, err, settings: Optional[ReadSettings] = None) -> int:
    """Exit 0 when every input was converted or skipped; else the code of the first input (in path
    order) that the store ends with as failed or scanned (2 unusable input, 3 scanned, 70 a bug), the
    same whichever file finished first and whether earlier runs were killed; 2 for unusable settings, a
    target another convert is writing, or a store removed under the run. ``settings`` (default
    ``ReadSettings.of(args)``: ``--ocr``, ``--pdf-engine``, ``--jobs``) reads every file."""
    settings = settings or ReadSettings.of(args)
    show = _Bar(err) if hasattr(err, "isatty") and err.isatty() and not args.verbose else _Lines(err, args.verbose)
    try:
        s = convert(args.inputs, args.out, jobs=settings.jobs, check=args.check, resume=args.resume, force=args.force,
                    engine=args.engine, scheduler=args.scheduler, lang=args.lang, progress=show, settings=settings,
                    follow_symlinks=getattr(args, "follow_symlinks", False))
    except ConvertError as e:
        err.write(f"shailoo: error: {e}\n")
        return 2
    finally:
        show.close()
    skipped = s.skipped_unchanged + s.skipped_duplicate + s.skipped_other
    out.write(f"{printable(s.target)}: {s.total} files: {s.ok} converted, {skipped} skipped "
              f"({s.skipped_unchanged} unchanged, {s.skipped_duplicate} duplicates), {s.failed} failed, "
              f"{s.scanned} scanned; {s.pages} pages in {s.seconds:.1f} s (run {s.run_id})\n")
    if s.cells_cut or s.cells_cleaned:
        err.write(f"shailoo: warning: {s.target}: {s.cells_cut} cells cut to Excel's 32767 characters, "
                  f"{s.cells_cleaned} cells without their control characters (the store keeps them whole)\n")
    return s.exit_code


def run_query(args, out, err) -> int:
    """Run SQL (or ``--example NAME``) on a converted ``.duckdb`` store, read-only; print a table, CSV or JSON."""
    import os

    import duckdb

    if args.example == "list":
        for name, (desc, _, params) in EXAMPLES.items():
            extra = " ".join(f"--param {k}={v or '…'}" for k, v in params.items())
            out.write(f"{name:18} {desc}{'  [' + extra + ']' if extra else ''}\n")
        return 0
    params: dict[str, str] = {}
    if args.example:
        if args.example not in EXAMPLES:
            err.write(f"shailoo: error: no example {args.example!r}; --example list shows them\n")
            return 2
        _, sql, defaults = EXAMPLES[args.example]
        params = dict(defaults)
        for item in args.param:
            k, sep, v = item.partition("=")
            if not sep or k not in defaults:
                err.write(f"shailoo: error: --param {item!r}: the example takes {', '.join(defaults) or 'no parameters'}\n")
                return 2
            params[k] = v
    elif args.sql:
        sql = args.sql
    else:
        err.write("shailoo: error: give SQL or --example NAME\n")
        return 2
    if not os.path.isfile(args.db):
        err.write(f"shailoo: error: {args.db}: no such database (convert into NAME.duckdb first)\n")
        return 2
    try:
        con = duckdb.connect(args.db, read_only=True, config=dict(QUERY_CONFIG))
    except duckdb.Error as e:
        err.write(f"shailoo: error: {args.db}: cannot open the database ({str(e).splitlines()[0]})\n")
        return 2
    try:
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
        w.writerows(["" if v is None else safe_cell(v) for v in r] for r in rows)
        text = buf.getvalue()
    else:
        import io

        from rich.console import Console
        from rich.table import Table

        t = Table(show_lines=False)
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*["" if v is None else str(v) for v in r])
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
