"""``shailoo check``: run the rules over documents and write the findings as text, JSON or SARIF.

``check(doc, ...)`` is the library entry point (one parsed document → ``FindingsReport``);
``run(args, out, err)`` is the command-line handler that ``cli.py`` calls with the ``check``
subparser's Namespace. ``format_text`` / ``format_sarif`` render reports; JSON is the model's own.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable, Optional, Union

from shailoo.rules.config import Config, ConfigError, load_config
from shailoo.rules.engine import run_rules
from shailoo.rules.findings import SEVERITY_RANK, FindingsReport, Summary
from shailoo.model import ParsedDocument

EXIT_FINDINGS = 1
EXIT_INPUT = 2

_SUMMARY = {
    "ru": "{path}: ошибок {error}, предупреждений {warning}, замечаний {info}",
    "ky": "{path}: ката {error}, эскертүү {warning}, эскертме {info}",
    "en": "{path}: {error} errors, {warning} warnings, {info} notes",
}
_NO_ACTIVITY = {"ru": "Текст документа", "ky": "Документтин тексти", "en": "Document text"}
_ROW = {"ru": "Строка", "ky": "Сап", "en": "Row"}
_STATUTE = {"ru": "ст. {article} {act}", "ky": "{act} {article}-берене", "en": "Art. {article} {act}"}


def check(doc: ParsedDocument, lang: str = "ru", config: Optional[Config] = None,
          calendar: Union[dict, object, None] = None, options: Optional[dict] = None) -> FindingsReport:
    """The findings of every enabled rule on ``doc``, messages in ``lang`` (ru, ky, en).

    ``calendar``: anchor dates completing or replacing the document's (``{"election_day": date,
    "calling_of_election": date}``) or a ``shailoo.parsers.extract.calendar.ElectionCalendar``. ``config``: the user's
    rule settings (``shailoo.rules.config.load_config``); None means every rule with its default severity.
    """
    if lang not in ("ru", "ky", "en"):
        raise ValueError(f"lang must be ru, ky or en: {lang!r}")
    findings = run_rules(doc, lang=lang, config=config, calendar=calendar, options=options)
    c = Counter(f.severity for f in findings)
    return FindingsReport(source=doc.source, document=doc.document, findings=findings,
                          summary=Summary(error=c["error"], warning=c["warning"], info=c["info"]))


# --------------------------------------------------------------------------- text


def _loc(report: FindingsReport, f) -> str:
    p = f.provenance
    page = p.page if p and p.page is not None else "-"
    row = p.row if p and p.row is not None else "-"
    return f"{report.source.path}:{page}:{row}"


def _statute(f, lang: str) -> str:
    s = f.statute
    if s is None or not s.article:
        return ""
    art = s.article + (f" ч.{s.part}" if s.part and lang == "ru" else (f" p.{s.part}" if s.part else ""))
    return " (" + _STATUTE[lang].format(article=art, act=s.act or "").strip() + ")"


def format_text(report: FindingsReport, lang: str = "ru") -> str:
    """One line per finding, ``path:page:row [SH1xx rule] message (ст. N Закона)``, grouped by activity,
    then a summary line. Prose findings are grouped under «Текст документа»."""
    lines: list[str] = []
    current = object()
    for f in report.findings:
        if f.activity != current:
            current = f.activity
            head = f"{_ROW[lang]} {f.activity}" if f.activity else _NO_ACTIVITY[lang]
            if lines:
                lines.append("")
            lines.append(f"{head}:")
        lines.append(f"{_loc(report, f)} [{f.code} {f.rule}] {f.severity}: {f.message}{_statute(f, lang)}")
    if lines:
        lines.append("")
    lines.append(_SUMMARY[lang].format(path=report.source.path, **report.summary.model_dump()))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- SARIF

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def format_sarif(reports: Union[FindingsReport, Iterable[FindingsReport]]) -> str:
    """SARIF 2.1.0 JSON of one report or several (one run, one result per finding)."""
    from shailoo.rules.registry import all_rules
    from shailoo.version import __version__
    if isinstance(reports, FindingsReport):
        reports = [reports]
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for rep in reports:
        for f in rep.findings:
            p = f.provenance
            region: dict = {}
            if p and p.start is not None:
                region["charOffset"] = p.start
                if p.end is not None:
                    region["charLength"] = max(0, p.end - p.start)
            if p and p.quote:
                region["snippet"] = {"text": p.quote}
            loc = {"physicalLocation": {"artifactLocation": {"uri": (p.file if p else rep.source.path)}}}
            if region:
                loc["physicalLocation"]["region"] = region
            props = {"activity": f.activity, "expected": f.expected, "found": f.found}
            if p and (p.page is not None or p.row is not None or p.table is not None):
                props.update(page=p.page, table=p.table, row=p.row)
            if f.statute:
                props["statute"] = f.statute.model_dump(exclude_none=True)
            results.append({"ruleId": f.code, "ruleIndex": index.get(f.code, -1), "level": _LEVEL[f.severity],
                            "message": {"text": f.message}, "locations": [loc],
                            "properties": {k: v for k, v in props.items() if v is not None}})
    driver = {
        "name": "shailoo", "version": __version__,
        "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                   "defaultConfiguration": {"level": _LEVEL[r.severity]},
                   **({"properties": {"provision": r.provision}} if r.provision else {})} for r in rules],
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- command line


def _load(path: str, reader: Optional[str], calendar: dict, ocr: str = "auto",
          pdf_engine: str = "auto") -> ParsedDocument:
    """A parsed document: a ``shailoo/document@1`` JSON file is read as is, anything else is parsed."""
    from shailoo.parsers import parse
    from shailoo.errors import InputError

    if path.endswith(".json"):
        from pydantic import ValidationError

        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as e:
            raise InputError(path, f"cannot be read as JSON ({e})") from None
        if isinstance(data, dict) and data.get("schema") == "shailoo/document@1":
            try:
                return ParsedDocument.model_validate(data)
            except ValidationError as e:
                raise InputError(path, f"not a valid shailoo/document@1 ({e.error_count()} errors)") from None
        raise InputError(path, "a JSON file must be a shailoo/document@1 parse output")
    return parse(path, fmt=reader, calendar=calendar, ocr=ocr, pdf_engine=pdf_engine)


def docx_targets(files: list[str], output: Optional[str], suffix: str = ".reviewed.docx") -> dict[str, str]:
    """Where ``--format docx`` writes the reviewed copy of each input.

    One input and ``-o FILE``: that file. Several inputs: ``-o`` must be a folder (created when
    missing) that receives ``NAME.reviewed.docx`` for each; without ``-o`` each copy goes beside its
    input. Raises ValueError when ``-o`` names a file for several inputs, or when two inputs would
    write the same file, or when a copy would overwrite its own input.
    """
    import os

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


def _fails(report: FindingsReport, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] <= limit for f in report.findings)


def run(args, out, err) -> int:
    """The ``shailoo check`` handler. ``args`` has ``files``, ``format``, ``lang``, ``election_day``,
    ``calling_date``, ``fail_on``, ``config`` (and optionally ``output``, ``reader``, ``statutes``, ``debug``).

    Returns 0 when no finding reaches ``--fail-on``, 1 when one does, 2 on unusable input or settings
    (the first input failure's code wins over 1). Each bad file is one line on ``err``; the others are
    still checked and output.
    """
    from shailoo.errors import ShailooError

    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as e:
        err.write(f"shailoo: error: {e}\n")
        return EXIT_INPUT
    fmt = getattr(args, "format", "text") or "text"
    lang = getattr(args, "lang", "ru") or "ru"
    calendar = {}
    if getattr(args, "election_day", None):
        calendar["election_day"] = args.election_day
    if getattr(args, "calling_date", None):
        calendar["calling_of_election"] = args.calling_date
    options = {"statutes": getattr(args, "statutes", None)}
    output = getattr(args, "output", None)
    if fmt == "docx":
        try:
            targets = docx_targets(args.files, output)
        except ValueError as e:
            err.write(f"shailoo: error: {e}\n")
            return EXIT_INPUT
    reports: list[FindingsReport] = []
    docs: list[ParsedDocument] = []
    code = 0
    for path in args.files:
        try:
            if fmt == "docx":
                from shailoo.outputs.docx_comments import open_document

                open_document(path)  # refuse a PDF or a damaged file before the work of parsing it
            doc = _load(path, getattr(args, "reader", None), calendar, getattr(args, "ocr", "auto") or "auto",
                        getattr(args, "pdf_engine", "auto") or "auto")
            report = check(doc, lang=lang, config=config, calendar=calendar, options=options)
            if fmt == "docx":
                from shailoo.outputs.docx_comments import finding_notes, review_docx

                review = review_docx(path, targets[path], finding_notes(report, lang), title=doc.document.title)
                out.write(f"{path} -> {review.path}: {len(review.placements)} comments\n")
            reports.append(report)
            docs.append(doc)
        except ShailooError as e:
            err.write(f"shailoo: error: {e}\n")
            code = code or e.exit_code
        except Exception as e:  # a bug: one line, keep going with the other files
            if getattr(args, "debug", False):
                import traceback

                traceback.print_exc(file=err)
            err.write(f"shailoo: internal error: {path}: {type(e).__name__}: {e} (rerun with --debug)\n")
            code = code or 70
    text = ""
    if fmt == "json":
        if len(args.files) == 1:
            text = reports[0].to_json() + "\n" if reports else ""
        else:
            text = "[\n" + ",\n".join(r.to_json() for r in reports) + "\n]\n"
    elif fmt == "sarif":
        text = format_sarif(reports)
    elif fmt == "html":
        from shailoo.outputs.html import format_html

        text = format_html(list(zip(reports, docs)), lang=lang) if reports else ""
    elif fmt == "text":
        text = "\n".join(format_text(r, lang) for r in reports)
    if text:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            out.write(text)
    if code:
        return code
    return EXIT_FINDINGS if any(_fails(r, getattr(args, "fail_on", "error") or "error") for r in reports) else 0
