"""The ``shailoo`` command line: a thin layer over the library. ``main(argv) -> int``; tests call it.

Exit codes: 0 success; 2 unusable input (or bad usage); 3 a scanned PDF (no text layer);
4 a converter is missing (LibreOffice for .doc/.rtf/.odt); 70 an internal error (a bug: please
report it with ``--debug`` output). With several files, every file is processed; each failure is
reported on one line on stderr and the exit code is that of the first failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence


def _version() -> str:
    # on call: only --version needs it
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


#: Languages of the outputs (``shailoo.settings.LANGS``, spelled out for the same reason as ``READERS``).
LANGS = ("ru", "ky", "en")
LANG_DEFAULT = "default: lang in shailoo.toml, else $SHAILOO_LANG, else the locale (ky_KG → ky, en_* → en), else ru"


def _lang_option(p: argparse.ArgumentParser, what: str) -> None:
    """``--lang``: its default (None) is decided in ``main`` by ``shailoo.settings.default_lang``."""
    p.add_argument("--lang", choices=list(LANGS), default=None, help=f"language of {what} ({LANG_DEFAULT})")


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
    _lang_option(p, "the line naming the file written with -o")

    c = sub.add_parser("check", help="check documents against the rules (dates, owners, numbering, statutes)")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--format", "-f", choices=["text", "json", "html", "sarif", "docx", "pdf"], default="text",
                   help="text, json, sarif, a self-contained html report, docx: the Word file back with "
                        "one comment per finding (-o FILE, or a folder for several inputs), or pdf: that "
                        "reviewed Word file as PDF with the comments as notes (LibreOffice)")
    c.add_argument("-o", "--output", metavar="OUT")
    _lang_option(c, "the findings and the lines naming the files written")
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
    _lang_option(cv, "the findings' messages")
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
    cv.add_argument("--include", action="append", default=[], metavar="GLOB",
                    help="also read the files of an input folder that match (relative to it; repeatable): by "
                         "default only documents are read (.docx .pdf .html .htm .txt .doc .rtf .odt), other "
                         "files are skipped with the reason. A name without / matches at any depth: '*.md'")
    cv.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                    help="do not read the files or folders of an input folder that match (relative to it; "
                         "repeatable; wins over --include): 'drafts', 'old/**', '*_scan.pdf'")
    _read_options(cv, reader=False)  # convert detects each file's format (and records it)

    # on call: the ready questions' names and parameters (plain data, no DuckDB) for --example's help
    from shailoo.apps.convert.views import EXAMPLES

    examples = ", ".join(name + "".join(f" --param {k}=…{' (optional)' if default is not None else ''}"
                                        for k, (default, _) in params.items())
                         for name, (_, _, params) in EXAMPLES.items())
    q = sub.add_parser("query", help="ask a converted .duckdb store or Parquet folder a question in SQL (reads "
                                     "the store only)",
                       description="Ask a converted .duckdb store (or a Parquet folder written by convert) a "
                                   "question in SQL. Query reads the store only: it is opened read-only, and "
                                   "other files, the network and extensions (COPY, EXPORT, read_csv, glob, "
                                   "INSTALL, ATTACH, SET) are refused.")
    q.add_argument("db", metavar="TARGET", help="a .duckdb store, or a folder of .parquet files")
    q.add_argument("sql", nargs="?", metavar="SQL", help="one SQL statement over the store's tables and views")
    q.add_argument("--example", metavar="NAME", help=f"a ready question: {examples} (--example list describes "
                                                     "them and their parameters)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter of the example")
    q.add_argument("--format", "-f", choices=["table", "csv", "json"], default="table")
    q.add_argument("-o", "--output", metavar="OUT")

    tr = sub.add_parser("track", help="track action plans and their progress reports (anti-corruption council)")
    trs = tr.add_subparsers(dest="track_command", metavar="ACTION")
    ta = trs.add_parser("add-plan", help="load an action plan")
    ta.add_argument("plan", metavar="PLAN")
    tb = trs.add_parser("add-report", help="load a progress report (DOCX, XLSX or CSV) as of a date")
    tb.add_argument("report", metavar="REPORT")
    tb.add_argument("--plan", metavar="ID", help="the plan it reports on (default: the plan of the store whose "
                                                  "measures it fits; refused when it fits several equally)")
    tb.add_argument("--as-of", type=_iso_date, required=True, metavar="DD.MM.YYYY", help="the day the report speaks for")
    tc = trs.add_parser("status", help="where every measure stands on a date; the portfolio of every plan")
    tc.add_argument("--plan", metavar="ID", help="one plan (default: the store's only plan; with several, the portfolio)")
    tc.add_argument("--portfolio", action="store_true", help="every plan of the store, even when it holds one")
    tc.add_argument("--measure", metavar="N", help="one measure's timeline: what each report said of it")
    tc.add_argument("--as-of", type=_iso_date, required=True, metavar="DD.MM.YYYY",
                    help="the day: reports dated after it are ignored")
    tc.add_argument("--format", "-f", choices=["text", "json", "html", "xlsx"], default="text")
    tc.add_argument("-o", "--output", metavar="OUT")
    tc.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="never",
                    help="exit 1 when a signal (TR201-TR204) of this severity or worse is found (default: never)")
    _lang_option(tc, "the text, html and xlsx output and the line naming the file written")
    _lang_option(ta, "the line saying what was loaded")
    _lang_option(tb, "the line saying what was loaded")
    te = trs.add_parser("executors", help="a letter to each executor of a plan: its measures, what is overdue, "
                                          "what the last report said (one DOCX or HTML file per executor)")
    te.add_argument("--plan", metavar="ID", help="one plan (default: the store's only plan; with several, every "
                                                  "plan, each in a folder of its own)")
    te.add_argument("--as-of", type=_iso_date, required=True, metavar="DD.MM.YYYY",
                    help="the day: reports dated after it are ignored")
    te.add_argument("--format", "-f", choices=["docx", "html"], default="docx")
    te.add_argument("-o", "--output", required=True, metavar="FOLDER", help="the folder the letters are written to")
    tm = trs.add_parser("meeting", help="the summary for a council meeting: totals per plan and body, changes "
                                        "since the last meeting, overdue by executor, signals (DOCX or PDF)")
    tm.add_argument("--as-of", type=_iso_date, required=True, metavar="DD.MM.YYYY", help="the meeting's day")
    tm.add_argument("--since", type=_iso_date, metavar="DD.MM.YYYY",
                    help="the last meeting's day (default: per plan, its report date before the latest one)")
    tm.add_argument("--format", "-f", choices=["docx", "pdf"], default="docx",
                    help="docx, or pdf (through LibreOffice)")
    tm.add_argument("-o", "--output", required=True, metavar="FILE")
    for t in (te, tm):
        t.add_argument("--council", metavar="TEXT", help="the heading: the council's name (default: the "
                                                         "Anti-Corruption Business Council, in the language of --lang)")
        _lang_option(t, "the letters or the summary and the lines naming the files written")
    for t in (ta, tb, tc, te, tm):
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
    _lang_option(cp, "the differences and the lines naming the files written")
    cp.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="info",
                    help="exit 1 when a difference of this severity or worse is found (default: any)")
    cp.add_argument("--config", metavar="PATH", help="rule settings (default: ./shailoo.toml when present)")

    st = sub.add_parser("statutes", help="list the statute knowledge base, or draft provisions from a plan")
    st.add_argument("--statutes", action="append", metavar="DIR", help="add or override statute provisions")
    st.add_argument("learn", nargs="?", choices=["learn"], help="draft provisions from an approved plan")
    st.add_argument("plan", nargs="?", metavar="PLAN")

    s = sub.add_parser("schema", help="print the JSON Schema of an output (default: the parse output), "
                                      "or --tables: the tables of convert")
    s.add_argument("name", nargs="?", choices=["document", "findings", "comparison", "tracking", "portfolio"],
                   default="document")
    s.add_argument("--tables", action="store_true",
                   help="the tables, columns, types and keys of a convert store (Markdown)")
    s.add_argument("-o", "--output", metavar="OUT")

    sv = sub.add_parser("serve", help="the legal department's review desk: check drafts in the browser, "
                                      "download them with Word comments or as PDF",
                        description="Run the review desk, a web page on this computer: upload drafts, read the "
                                    "findings, download the draft with one Word comment per finding, its PDF with "
                                    "the comments, or the report; compare two versions. Files stay in a temporary "
                                    "folder removed on exit; nothing is sent anywhere.")
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1: this computer only; any other needs a token, "
                         "made and printed in the address when --token is not given)")
    sv.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    sv.add_argument("--token", metavar="T", help="access key every request must carry (?token=T once, then a cookie)")
    sv.add_argument("--open", action="store_true", help="open the desk in the browser")
    _lang_option(sv, "the line printed and of the page when the browser asks for none of ky, ru, en")
    sv.add_argument("--max-upload-mb", type=float, metavar="N", help="largest file accepted, in MB (default 20)")
    sv.add_argument("--max-pages", type=int, metavar="N", help="most pages of a PDF (default 300)")
    sv.add_argument("--config", metavar="PATH", help="rule settings (default: ./shailoo.toml when present)")
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


def _cmd_serve(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.serve.command import run_serve

    return run_serve(args, out, err)


def _cmd_schema(args, out, err, settings) -> int:
    # on call: each command imports only its own app (see _cmd_parse)
    from shailoo.apps.schema import json_schema

    # on call: see _cmd_parse
    from shailoo.errors import ShailooError

    try:
        if args.tables:
            # on call: see _cmd_parse
            from shailoo.apps.schema import tables_markdown

            _emit(tables_markdown(), args.output, out)
        else:
            _emit(json.dumps(json_schema(args.name), ensure_ascii=False, indent=2) + "\n", args.output, out)
    except ShailooError as e:
        err.write(f"shailoo: error: {e}\n")
        return e.exit_code
    if args.output:
        # on call: see _cmd_parse
        from shailoo.apps.written import say_wrote

        say_wrote(err, args.output, args.lang)
    return 0


def _resolve_lang(args) -> str | None:
    """Give ``args.lang`` its value when the command line did not: ``lang`` of the settings file
    (``--config``, else ``./shailoo.toml`` when present), else ``SHAILOO_LANG``, else the locale, else
    ``ru`` (``shailoo.settings.default_lang``). Set for every command with ``--lang`` and every command
    that writes a file (its line naming the file is in that language). Returns None, or the one-line
    reason it cannot be decided: a bad ``SHAILOO_LANG``, an unusable settings file."""
    if getattr(args, "lang", None) or not (hasattr(args, "lang") or getattr(args, "output", None)):
        return None
    # on call: the settings, which --version and --help never need
    from shailoo.settings import default_lang

    path = getattr(args, "config", None)
    config_lang = None
    if path or os.path.isfile("shailoo.toml"):
        # on call: the rules' settings (they load the rule catalogue) only when there is a file to read
        from shailoo.rules.config import ConfigError, load_config

        try:
            config_lang = load_config(path).lang
        except ConfigError as e:
            return str(e)
    try:
        args.lang = default_lang(os.environ, config_lang)
    except ValueError as e:
        return str(e)
    return None


def _output_to_check(args) -> str | None:
    """The ``-o`` file a command will write, to be checked before its work; None when it has none, or
    when ``-o`` may be a folder (``check``/``compare --format docx``: the reviewed copies)."""
    output = getattr(args, "output", None)
    if not output or (args.command in ("check", "compare") and getattr(args, "format", None) in ("docx", "pdf")):
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

    problem = _resolve_lang(args)
    if problem:
        # on call: the errors module, only for this error
        from shailoo.errors import printable

        err.write(f"shailoo: error: {printable(problem)}\n")
        return 2

    handlers = {"parse": _cmd_parse, "schema": _cmd_schema, "check": _cmd_check, "statutes": _cmd_statutes,
                "compare": _cmd_compare, "convert": _cmd_convert, "query": _cmd_query,
                "track": _cmd_track, "serve": _cmd_serve}
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
