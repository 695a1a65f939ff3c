"""The ``shailoo check`` and ``shailoo compare`` commands: read each input once, run the rules, write
the findings as text, JSON, SARIF, an HTML report or Word comments.

``run_check(args, out, err, settings)`` and ``run_compare(args, out, err, settings)`` are what
``shailoo/cli.py`` calls with the subparser's namespace and the command's ``ReadSettings``. An input
that gets Word comments (``--format docx``) is opened and read once (``shailoo.outputs.docx_comments.open_word``):
those blocks are interpreted into the checked document and the same opened package receives the
comments.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Optional

from shailoo.errors import InputError, ShailooError, printable, write_output
from shailoo.model import ParsedDocument
from shailoo.rules.check import check, fails
from shailoo.rules.config import ConfigError, load_config
from shailoo.rules.election import parse_election_kind, parse_jurisdiction
from shailoo.rules.findings import FindingsReport
from shailoo.rules import statutes
from shailoo.settings import ReadSettings, default_lang
from shailoo.apps.written import say_wrote
from shailoo.parsers import parse, parse_raw
from shailoo.outputs.text import format_comparison, format_text
from shailoo.outputs.docx_comments import finding_notes, open_word, review_docx
from shailoo.outputs.pdf_export import docx_to_pdf
from shailoo.outputs.sarif import format_sarif
from shailoo.outputs.html import format_comparison_html, format_html
from shailoo.rules.engine import compare

EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 70


def load(path: str, settings: Optional[ReadSettings] = None, calendar: Optional[dict] = None) -> ParsedDocument:
    """A parsed document: a ``shailoo/document@1`` JSON file is read as is, anything else is parsed
    with ``settings`` (reader, OCR, PDF engine) and ``calendar``."""
    if path.endswith(".json"):
        from pydantic import ValidationError

        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as e:
            raise InputError(path, f"cannot be read as JSON ({e})") from None
        except RecursionError:
            raise InputError(path, "cannot be read as JSON (nested too deeply)") from None
        if isinstance(data, dict) and data.get("schema") == "shailoo/document@1":
            try:
                return ParsedDocument.model_validate(data)
            except ValidationError as e:
                raise InputError(path, f"not a valid shailoo/document@1 ({e.error_count()} errors)") from None
            except RecursionError:
                raise InputError(path, "not a valid shailoo/document@1 (nested too deeply)") from None
        raise InputError(path, "a JSON file must be a shailoo/document@1 parse output")
    return parse(path, calendar=calendar or {}, settings=settings or ReadSettings())


def load_word(word, settings: Optional[ReadSettings] = None, calendar: Optional[dict] = None) -> ParsedDocument:
    """The parsed document of a DOCX already opened and read for Word comments
    (``shailoo.outputs.docx_comments.open_word``): its blocks interpreted, the file not read again.

    A reader other than ``docx`` forced in ``settings`` parses the file with that reader instead (a
    second reading: the blocks the comments are placed by are the DOCX reader's).
    """
    settings = settings or ReadSettings()
    if settings.reader not in (None, "docx"):
        return load(word.path, settings, calendar)
    return parse_raw(word.raw, display_path=word.path, calendar=calendar or {})


def docx_targets(files: list[str], output: Optional[str], suffix: str = ".reviewed.docx") -> dict[str, str]:
    """Where ``--format docx`` writes the reviewed copy of each input.

    One input and ``-o FILE``: that file. Several inputs: ``-o`` must be a folder (created when
    missing) that receives ``NAME.reviewed.docx`` for each; without ``-o`` each copy goes beside its
    input. Raises ValueError when ``-o`` names a file for several inputs, or when two inputs would
    write the same file, or when a copy would overwrite its own input.
    """
    if output and len(files) == 1 and not os.path.isdir(output):
        targets = {files[0]: output}
    else:
        if output and os.path.exists(output) and not os.path.isdir(output):
            raise ValueError(f"{output}: -o must be a folder when several files are checked with --format docx")
        if output:
            os.makedirs(output, exist_ok=True)
        targets = {}
        for f in files:
            stem = os.path.splitext(os.path.basename(f))[0]
            folder = output if output else os.path.dirname(f)
            targets[f] = os.path.join(folder, stem + suffix)
    seen: dict[str, str] = {}
    for f, t in targets.items():
        key = os.path.abspath(t)
        if key in seen:
            raise ValueError(f"{t}: both {seen[key]} and {f} would be written there; use -o FOLDER")
        if os.path.exists(f) and os.path.exists(t) and os.path.samefile(f, t):
            raise ValueError(f"{t}: the reviewed copy would overwrite the input; choose another -o")
        seen[key] = f
    return targets


def _write(text: str, output: Optional[str], out, err, lang: str = "ru") -> int:
    """Write the output to ``output`` (then say so on ``err`` in ``lang``) or to ``out``; 0, or the exit
    code of a one-line error on ``err`` when ``-o`` cannot be written."""
    if output:
        try:
            write_output(output, text)
        except ShailooError as e:
            err.write(f"shailoo: error: {printable(e)}\n")
            return e.exit_code
        say_wrote(err, output, lang)
    else:
        out.write(text)
    return 0


def _lang(args, config) -> str:
    """The language of the outputs: ``args.lang`` when given, else the settings file's ``lang``, else the
    environment's (``shailoo.settings.default_lang``). Raises ``ValueError`` for a bad ``SHAILOO_LANG``."""
    return getattr(args, "lang", None) or default_lang(config=config.lang)


def run_check(args, out, err, settings: Optional[ReadSettings] = None) -> int:
    """The ``shailoo check`` handler. ``args`` has ``files``, ``format``, ``lang``, ``election_day``,
    ``calling_date``, ``fail_on``, ``config`` (and optionally ``output``, ``statutes``, ``election_kind``,
    ``jurisdiction``, ``debug``); a ``lang`` that is missing or None is decided as on the command line
    (``shailoo.toml``'s ``lang``, ``SHAILOO_LANG``, the locale, Russian).
    ``settings`` defaults to ``ReadSettings.of(args)`` (``reader``, ``ocr``, ``pdf_engine``). Each file
    written (``-o``, the reviewed copies of ``--format docx``) is named on ``err`` in that language.

    Returns 0 when no finding reaches ``--fail-on``, 1 when one does, 2 on unusable input or settings
    (the first input failure's code wins over 1). Each bad file is one line on ``err``; the others are
    still checked and output.
    """
    settings = settings or ReadSettings.of(args)
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return EXIT_INPUT
    fmt = getattr(args, "format", "text") or "text"
    try:
        lang = _lang(args, config)
    except ValueError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return EXIT_INPUT
    calendar = {}
    if getattr(args, "election_day", None):
        calendar["election_day"] = args.election_day
    if getattr(args, "calling_date", None):
        calendar["calling_of_election"] = args.calling_date
    options = {"statutes": getattr(args, "statutes", None), "election_kind": getattr(args, "election_kind", None),
               "jurisdiction": getattr(args, "jurisdiction", None)}
    try:  # validated by argparse on the command line; a namespace built in code is checked here
        parse_election_kind(options["election_kind"])
        parse_jurisdiction(options["jurisdiction"])
    except ValueError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return EXIT_INPUT
    if options["statutes"]:
        try:  # a missing or invalid folder must not drop the statute rules without a word
            statutes.load(options["statutes"])
        except ShailooError as e:
            err.write(f"shailoo: error: {printable(e)}\n")
            return e.exit_code
    output = getattr(args, "output", None)
    if fmt in ("docx", "pdf"):
        try:
            targets = docx_targets(args.files, output, suffix=f".reviewed.{fmt}")
        except ValueError as e:
            err.write(f"shailoo: error: {printable(e)}\n")
            return EXIT_INPUT
    reports: list[FindingsReport] = []
    failures: list[tuple[str, str]] = []  # (path, one-line reason): SARIF's tool notifications
    docs: list[ParsedDocument] = []
    code = 0
    for path in args.files:
        try:
            if fmt in ("docx", "pdf"):
                # Opened and read once: a PDF or a damaged file is refused before the work of parsing it.
                word = open_word(path, (settings or ReadSettings()).limits)
                doc = load_word(word, settings, calendar)
                report = check(doc, lang=lang, config=config, calendar=calendar, options=options)
                if fmt == "docx":
                    review = review_docx(path, targets[path], finding_notes(report, lang),
                                         title=doc.document.title, word=word)
                    written = review.path
                else:  # the reviewed Word file made in a temporary folder, then printed to PDF with its comments
                    with tempfile.TemporaryDirectory(prefix="shailoo-review-") as tmp:
                        review = review_docx(path, os.path.join(tmp, "reviewed.docx"), finding_notes(report, lang),
                                             title=doc.document.title, word=word)
                        written = str(docx_to_pdf(review.path, targets[path]))
                out.write(f"{path} -> {written}: {len(review.placements)} comments\n")
                say_wrote(err, written, lang)
            else:
                doc = load(path, settings, calendar)
                report = check(doc, lang=lang, config=config, calendar=calendar, options=options)
            reports.append(report)
            docs.append(doc)
        except ShailooError as e:
            err.write(f"shailoo: error: {printable(e)}\n")
            failures.append((path, str(e)))
            code = code or e.exit_code
        except Exception as e:  # a bug: one line, keep going with the other files
            if getattr(args, "debug", False):
                import traceback

                traceback.print_exc(file=err)
            err.write(f"shailoo: internal error: {printable(path)}: {type(e).__name__}: {printable(e)} "
                      "(rerun with --debug)\n")
            failures.append((path, f"internal error: {type(e).__name__}: {e}"))
            code = code or EXIT_INTERNAL
    text = ""
    if fmt == "json":
        if len(args.files) == 1:
            text = reports[0].to_json() + "\n" if reports else ""
        else:
            text = "[\n" + ",\n".join(r.to_json() for r in reports) + "\n]\n"
    elif fmt == "sarif":
        text = format_sarif(reports, failures, lang=lang)
    elif fmt == "html":
        text = format_html(list(zip(reports, docs)), lang=lang) if reports else ""
    elif fmt == "text":
        text = "\n".join(format_text(r, lang) for r in reports)
    if text:
        written = _write(text, output, out, err, lang)
        code = code or written
    if code:
        return code
    return EXIT_FINDINGS if any(fails(r, getattr(args, "fail_on", "error") or "error") for r in reports) else 0


def run_compare(args, out, err, settings: Optional[ReadSettings] = None) -> int:
    """The ``shailoo compare A B`` handler: ``args`` has ``a``, ``b``, ``format`` (text, json, html,
    docx), ``mode`` (auto, language, draft), ``lang``, ``output``, ``config``, ``fail_on``.

    ``settings`` (default: ``ReadSettings()``, the subparser has no reading options) reads both
    versions. Exit 0 when the versions agree (or no difference reaches ``--fail-on``), 1 when they
    differ, 2 on unusable input; for docx, ``-o`` (default ``B.compared.docx`` beside B) receives B
    with comments, B being opened and read once. ``lang`` missing or None is decided as for
    ``run_check``; each file written is named on ``err`` in that language.
    """
    settings = settings or ReadSettings()
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return EXIT_INPUT
    fmt = args.format or "text"
    try:
        lang = _lang(args, config)
    except ValueError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return EXIT_INPUT
    try:
        word_b = None
        if fmt == "docx":
            word_b = open_word(args.b, (settings or ReadSettings()).limits)  # refused before the work of parsing A when it cannot get comments
        a = load(args.a, settings)
        b = load_word(word_b, settings) if word_b else load(args.b, settings)
        mode = None if args.mode in (None, "auto") else args.mode
        report = compare(a, b, mode=mode, lang=lang, config=config)
        if word_b:
            dest = docx_targets([args.b], getattr(args, "output", None), suffix=".compared.docx")[args.b]
            review = review_docx(args.b, dest, finding_notes(report, lang), title=b.document.title, word=word_b)
            out.write(f"{args.b} -> {os.fspath(review.path)}: {len(review.placements)} comments\n")
            say_wrote(err, review.path, lang)
    except ShailooError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return e.exit_code
    except ValueError as e:
        err.write(f"shailoo: error: {printable(e)}\n")
        return EXIT_INPUT
    except Exception as e:  # a bug: one line (the traceback with --debug)
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc(file=err)
        err.write(f"shailoo: internal error: {printable(args.a)} {printable(args.b)}: {type(e).__name__}: "
                  f"{printable(e)} (rerun with --debug)\n")
        return EXIT_INTERNAL
    text = ""
    if fmt == "json":
        text = report.to_json() + "\n"
    elif fmt == "text":
        text = format_comparison(report, lang)
    elif fmt == "html":
        text = format_comparison_html(report, a, b, lang=lang)
    if text and _write(text, getattr(args, "output", None), out, err, lang):
        return EXIT_INPUT
    fail_on = getattr(args, "fail_on", None) or "info"
    return EXIT_FINDINGS if fail_on != "never" and fails(report, fail_on) else 0
