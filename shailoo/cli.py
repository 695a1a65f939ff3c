"""The ``shailoo`` command line: a thin layer over the library. ``main(argv) -> int``; tests call it.

Exit codes: 0 success; 2 unusable input (or bad usage); 3 a scanned PDF (no text layer);
4 a converter is missing (LibreOffice for .doc/.rtf/.odt); 70 an internal error (a bug: please
report it with ``--debug`` output). With several files, every file is processed; each failure is
reported on one line on stderr and the exit code is that of the first failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence


def _version() -> str:
    # on call: importlib.metadata is read only for --version
    from shailoo.version import __version__
    return __version__


def _iso_date(text: str):
    """A date as users write it: DD.MM.YYYY (as printed in CEC documents) or ISO YYYY-MM-DD."""
    import datetime as dt
    import re

    m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in DD.MM.YYYY or YYYY-MM-DD form: {text!r}") from None


def _election_kind(text: str) -> str:
    # on call: the rules are imported only when the option is given
    from shailoo.rules.election import parse_election_kind

    try:
        parse_election_kind(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return text


#: The choices of ``shailoo.settings.ReadSettings`` (``FORMATS``, ``OCR_MODES``, ``PDF_ENGINES``), spelled
#: out: importing the settings would load pydantic for ``shailoo --version`` (tests/test_read_once.py
#: keeps them equal).
READERS = ("docx", "pdf", "html", "text", "doc", "rtf", "odt")
OCR_MODES = ("auto", "always", "never")
PDF_ENGINES = ("auto", "pdfplumber")
#: The limits of ``shailoo.settings.Limits`` and their defaults, spelled out for ``--help`` for the same
#: reason (tests/test_limits.py keeps them equal).
LIMITS = ("max_file_bytes=256M", "max_text_bytes=32M", "max_part_bytes=64M", "max_total_bytes=256M",
          "max_elements=1000000", "max_table_cells=500000", "max_columns=1024", "max_cell_chars=200000",
          "max_document_chars=2000000", "max_pages=1000", "max_ocr_page_area=500")


def _limit(text: str):
    # on call: pydantic and the settings, loaded only when --limit is given
    from shailoo.settings import Limits

    try:
        return Limits.assignment(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _read_options(p: argparse.ArgumentParser, reader: bool = True) -> None:
    """The options of ``shailoo.settings.ReadSettings`` (``--reader``, ``--ocr``, ``--pdf-engine``),
    the same on every subparser that reads documents; ``main`` turns them into one settings object."""
    if reader:
        p.add_argument("--reader", choices=list(READERS), help="force a reader instead of detecting the format")
    p.add_argument("--ocr", choices=list(OCR_MODES), default="auto",
                   help="OCR PDF pages (auto: only pages without a text layer)")
    p.add_argument("--pdf-engine", choices=list(PDF_ENGINES), default="auto",
                   help="PDF reader: auto (PDFium, pdfplumber for pages it cannot read alike) or pdfplumber (the reference, slower)")
    p.add_argument("--limit", action="append", dest="limits", type=_limit, metavar="NAME=VALUE",
                   help="raise (or lower) a limit on what one input may cost; repeatable; sizes in bytes take K, M "
                        "or G; an input over a limit is refused (exit 2) with the limit's name. Limits and "
                        "defaults: " + ", ".join(LIMITS) + " (OCR page area in square inches)")


def _build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="shailoo",
        description="Turn CEC (ЦИК / БШК) documents into typed data.",
    )
    ap.add_argument("--version", action="version", version=f"shailoo {_version()}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="parse documents into the typed document model")
    p.add_argument("files", nargs="+", metavar="FILE", help="DOCX, PDF, HTML, text/Markdown, DOC/RTF/ODT")
    p.add_argument("--format", "-f", choices=["json", "jsonl", "table"], default="json",
                   help="json (one object, or an array for several files), jsonl, or a terminal table")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    _read_options(p)
    p.add_argument("--election-day", type=_iso_date, metavar="DD.MM.YYYY",
                   help="the election day, when the document does not print it (or to override it)")
    p.add_argument("--calling-date", type=_iso_date, metavar="DD.MM.YYYY",
                   help="the day the election was called (anchor of «со дня назначения выборов»)")

    c = sub.add_parser("check", help="check documents against the rules (dates, owners, numbering, statutes)")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--format", "-f", choices=["text", "json", "html", "sarif", "docx"], default="text",
                   help="text, json, sarif, a self-contained html report, or docx: the Word file back with "
                        "one comment per finding (-o FILE, or a folder for several inputs)")
    c.add_argument("-o", "--output", metavar="OUT")
    c.add_argument("--lang", choices=["ru", "ky", "en"], default="ru", help="language of the messages")
    c.add_argument("--election-day", type=_iso_date, metavar="DD.MM.YYYY")
    c.add_argument("--calling-date", type=_iso_date, metavar="DD.MM.YYYY")
    c.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                   help="exit 1 when a finding of this severity or worse is found (default: error)")
    c.add_argument("--config", metavar="PATH", help="rule settings (default: ./shailoo.toml when present)")
    c.add_argument("--statutes", action="append", metavar="DIR", help="add or override statute provisions")
    c.add_argument("--election-kind", type=_election_kind, metavar="KIND[,TYPE]",
                   help="the election, when the document does not say it (or to override it): presidential, "
                        "jogorku_kenesh, local_kenesh, ayil_kenesh, city_kenesh, district_kenesh, referendum or "
                        "unknown, and/or regular, early, repeat, by_election (e.g. ayil_kenesh,early)")
    c.add_argument("--jurisdiction", choices=["kg", "other"],
                   help="whose election the document is about: kg (the Kyrgyz Republic's statutes apply) or "
                        "other (they do not); by default decided from the document")
    _read_options(c)

    cv = sub.add_parser("convert", help="convert many files into a queryable store (DuckDB, Parquet, CSV, JSONL, XLSX)")
    cv.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders (searched recursively) or globs")
    cv.add_argument("--out", required=True, metavar="TARGET",
                    help="NAME.duckdb (default kind), a folder (Parquet), NAME.csv/ (CSV folder), NAME.jsonl or NAME.xlsx")
    cv.add_argument("--check", action="store_true", help="also run the rules and store the findings")
    cv.add_argument("--lang", choices=["ru", "ky", "en"], default="ru", help="language of the findings' messages")
    cv.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: the number of cores)")
    mode = cv.add_mutually_exclusive_group()
    mode.add_argument("--resume", action="store_true", help="keep what the target holds, convert the rest")
    mode.add_argument("--force", action="store_true", help="convert everything again into a new target")
    cv.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="local processes, or a dask.distributed cluster")
    cv.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="the Dask scheduler (default: a LocalCluster)")
    cv.add_argument("--verbose", "-v", action="store_true", help="one log line per file")
    cv.add_argument("--follow-symlinks", action="store_true",
                    help="follow symbolic links that lead out of an input folder (by default they are skipped "
                         "and listed in the manifest)")
    _read_options(cv, reader=False)  # convert detects each file's format (and records it)

    q = sub.add_parser("query", help="ask a converted .duckdb store a question in SQL (reads the store only)",
                       description="Ask a converted .duckdb store a question in SQL. Query reads the store only: "
                                   "it is opened read-only, and other files, the network and extensions (COPY, "
                                   "EXPORT, read_csv, glob, INSTALL, ATTACH, SET) are refused.")
    q.add_argument("db", metavar="TARGET.duckdb")
    q.add_argument("sql", nargs="?", metavar="SQL", help="one SQL statement over the store's tables and views")
    q.add_argument("--example", metavar="NAME", help="a ready question (--example list shows them)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter of the example")
    q.add_argument("--format", "-f", choices=["table", "csv", "json"], default="table")
    q.add_argument("-o", "--output", metavar="OUT")

    tr = sub.add_parser("track", help="track action plans and their progress reports (anti-corruption council)")
    trs = tr.add_subparsers(dest="track_command", metavar="ACTION")
    ta = trs.add_parser("add-plan", help="load an action plan")
    ta.add_argument("plan", metavar="PLAN")
    tb = trs.add_parser("add-report", help="load a progress report (DOCX, XLSX or CSV) as of a date")
    tb.add_argument("report", metavar="REPORT")
    tb.add_argument("--plan", metavar="ID", help="the plan it reports on (default: the store's only plan)")
    tb.add_argument("--as-of", type=_iso_date, required=True, metavar="DD.MM.YYYY", help="the day the report speaks for")
    tc = trs.add_parser("status", help="where every measure stands on a date")
    tc.add_argument("--plan", metavar="ID")
    tc.add_argument("--as-of", type=_iso_date, required=True, metavar="DD.MM.YYYY")
    tc.add_argument("--format", "-f", choices=["text", "json", "html", "xlsx"], default="text")
    tc.add_argument("-o", "--output", metavar="OUT")
    tc.add_argument("--lang", choices=["ru", "ky", "en"], default="ru", help="language of the html and xlsx labels")
    for t in (ta, tb, tc):
        t.add_argument("--db", default="shailoo-track.duckdb", metavar="PATH",
                       help="the tracking store (default: ./shailoo-track.duckdb)")

    cp = sub.add_parser("compare", help="compare two versions of a plan: Russian/Kyrgyz, or two drafts")
    cp.add_argument("a", metavar="A", help="the reference: the other language version, or the earlier draft")
    cp.add_argument("b", metavar="B", help="the version under review: its rows carry the findings")
    cp.add_argument("--mode", choices=["auto", "language", "draft"], default="auto",
                    help="language versions or drafts (default: language when A and B differ in language)")
    cp.add_argument("--format", "-f", choices=["text", "json", "html", "docx"], default="text",
                    help="text, json, a self-contained html report, or docx: B with one comment per difference")
    cp.add_argument("-o", "--output", metavar="OUT")
    cp.add_argument("--lang", choices=["ru", "ky", "en"], default="ru", help="language of the messages")
    cp.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="info",
                    help="exit 1 when a difference of this severity or worse is found (default: any)")
    cp.add_argument("--config", metavar="PATH", help="rule settings (default: ./shailoo.toml when present)")

    st = sub.add_parser("statutes", help="list the statute knowledge base, or draft provisions from a plan")
    st.add_argument("--statutes", action="append", metavar="DIR", help="add or override statute provisions")
    st.add_argument("learn", nargs="?", choices=["learn"], help="draft provisions from an approved plan")
    st.add_argument("plan", nargs="?", metavar="PLAN")

    s = sub.add_parser("schema", help="print the JSON Schema of an output (default: the parse output)")
    s.add_argument("name", nargs="?", choices=["document", "findings", "comparison", "tracking"],
                   default="document")
    s.add_argument("-o", "--output", metavar="OUT")
    return ap


def _emit(text: str, output: str | None, out) -> None:
    if output:
        # on call: the errors module, only when writing a file
        from shailoo.errors import write_output

        write_output(output, text)
    else:
        out.write(text)


def _cmd_parse(args, out, err, settings) -> int:
    # on call: each command imports only its own app, so --version and --help stay light
    from shailoo.apps.parse import run_parse

    return run_parse(args, out, err, settings)


def _cmd_check(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.review import run_check

    return run_check(args, out, err, settings)


def _cmd_convert(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.convert.command import run_convert

    return run_convert(args, out, err, settings)


def _cmd_query(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.convert.command import run_query

    return run_query(args, out, err)


def _cmd_track(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.track.command import run_track

    return run_track(args, out, err)


def _cmd_compare(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.review import run_compare

    return run_compare(args, out, err, settings)


def _cmd_statutes(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.statutes import run_statutes

    args.learn = args.plan if args.learn else None
    return run_statutes(args, out, err, settings)


def _cmd_schema(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.schema import json_schema

    # on call: see _cmd_parse
    from shailoo.errors import ShailooError

    try:
        _emit(json.dumps(json_schema(args.name), ensure_ascii=False, indent=2) + "\n", args.output, out)
    except ShailooError as e:
        err.write(f"shailoo: error: {e}\n")
        return e.exit_code
    return 0


def _output_to_check(args) -> str | None:
    """The ``-o`` file a command will write, to be checked before its work; None when it has none, or
    when ``-o`` may be a folder (``check``/``compare --format docx``: the reviewed copies)."""
    output = getattr(args, "output", None)
    if not output or (args.command in ("check", "compare") and getattr(args, "format", None) == "docx"):
        return None
    return output


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits on --help, --version and usage errors
        return int(e.code or 0)
    if args.command is None:
        parser.print_help(out)
        return 2
    # on call: pydantic, which --version and --help never need
    from shailoo.settings import ReadSettings

    handlers = {"parse": _cmd_parse, "schema": _cmd_schema, "check": _cmd_check, "statutes": _cmd_statutes,
                "compare": _cmd_compare, "convert": _cmd_convert, "query": _cmd_query,
                "track": _cmd_track}
    output = _output_to_check(args)
    if output:
        # on call: the errors module, for the commands that write a file
        from shailoo.errors import ShailooError, check_output

        try:  # before any work: an -o that cannot be written is bad usage, not a lost run
            check_output(output)
        except ShailooError as e:
            err.write(f"shailoo: error: {e}\n")
            return e.exit_code
    # One settings object per command, from the reading options its subparser has (defaults otherwise).
    return handlers[args.command](args, out, err, ReadSettings.of(args))


if __name__ == "__main__":
    sys.exit(main())
