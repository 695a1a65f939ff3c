"""The rules engine: runs the catalogue's rules over a ``ParsedDocument`` and turns hits into findings.

A rule yields ``Hit``s (``shailoo.rules.context``: where, what placeholders fill its message,
expected/found); the engine picks the message template of the requested language, applies the user's
settings (``shailoo.rules.config``) and returns ``Finding``s in document order. ``run_rules`` runs every
rule of one document; ``compare`` runs the pair rule (SH161/SH162) of two versions of a document, with
the alignment and typed differences of ``shailoo.rules.compare``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Optional, Union

import regex

from shailoo.corpus.i18n import by_lang
from shailoo.parsers.extract.calendar import ElectionCalendar, calendar_from_document
from shailoo.rules.catalog import all_rules, lookup
from shailoo.rules.compare import ComparisonReport, Mode, Pair, Side, align, detect_mode
from shailoo.rules.config import Config
from shailoo.rules.context import Context, Hit, cell_holding, iso, label
from shailoo.rules.findings import SEVERITY_RANK, Finding, Summary
from shailoo.rules.registry import Rule
from shailoo.rules.words import per_lang
from shailoo.model import Activity, ParsedDocument


class _Safe(dict):
    def __missing__(self, key):  # a template placeholder a hit did not give: keep it visible, never raise
        return "{" + key + "}"


def fmt_value(v: Any, lang: str) -> str:
    if isinstance(v, dt.date):
        return v.strftime("%d.%m.%Y")
    return str(v)


def render(r: Rule, h: Hit, lang: str) -> str:
    template = r.messages.get(lang) or r.messages["ru"]
    return template.format_map(_Safe({k: fmt_value(v, lang) for k, v in h.params.items()}))


def _severity(r: Rule, h: Hit, config: Optional[Config]) -> str:
    setting = config.setting(r.code, r.name) if config else None
    configured = setting.severity if setting and setting.severity else r.severity
    if h.severity is None:
        return configured
    # A rule's own (milder) severity for a hit stays, unless the user asked for a milder one still.
    return max(h.severity, configured, key=lambda s: SEVERITY_RANK[s])


def target_cell(r: Rule, h: Hit, columns: dict[str, str]) -> Optional[str]:
    """The column role of the cell a hit is about (None for prose and for rules without ``cells``).

    The hit's own ``cell`` wins; else, of the rule's ``cells`` present in the row, the one whose text
    holds what was ``found`` (a citation sits in the owner cell in one plan, in a legal-basis column in
    another), else the first present; else the first the document's table has a column for (an empty
    owner cell is not in ``Activity.cells``).
    """
    a = h.activity
    if a is None:
        return None
    if h.cell:
        return h.cell
    present = [c for c in r.cells if c in a.cells]
    if isinstance(h.found, str) and len(present) > 1:
        holder = cell_holding(a, h.found, present)
        if holder:
            return holder
    if present:
        return present[0]
    return next((c for c in r.cells if c in columns), None)


#: Said of a finding on a row read by OCR: the text may be misread (the catalogue's ``rules.ocr_note``).
OCR_NOTE = by_lang("rules.ocr_note")
#: Said of a finding that rests on a value shailoo inferred (``rules.inferred_note.<what>``), and where
#: an inferred year came from (``rules.inferred_source.<year_source>``).
INFERRED_NOTE = per_lang("inferred_note")
INFERRED_SOURCE = per_lang("inferred_source")


def _inferred_notes(h: Hit, cell: Optional[str], lang: str) -> tuple[list[dict], str]:
    """What the hit rests on that shailoo inferred, and the note saying so in ``lang``.

    A rule lists inferred values in ``details["inferred"]`` (``shailoo.rules.context.inferred_year``);
    a finding about a cell of a row whose column roles were guessed (``Activity.roles_inferred``: a
    table without a header row) rests on that guess too.
    """
    items = list(h.details.get("inferred") or [])
    a = h.activity
    if a is not None and a.roles_inferred and cell is not None and not any(i["what"] == "columns" for i in items):
        items.append({"what": "columns", "cell": cell})
    notes = INFERRED_NOTE.get(lang, INFERRED_NOTE["en"])
    sources = INFERRED_SOURCE.get(lang, INFERRED_SOURCE["en"])
    said: list[str] = []
    for i in items:
        src = sources.get(i.get("source") or "other", sources["other"])
        text = notes[i["what"]].format(date=i.get("date") or "", source=src)
        if text not in said:
            said.append(text)
    return items, "".join(said)


def make_finding(r: Rule, h: Hit, doc: ParsedDocument, lang: str, config: Optional[Config] = None) -> Finding:
    """The finding of hit ``h`` of rule ``r`` on ``doc``: message in ``lang``, severity after ``config``.

    On a row read by OCR the message says so, with the confidence of the cell at fault (else the
    row's lowest); an ``error`` whose cell is below the confidence threshold becomes a ``warning``,
    because the misreading may be OCR's, not the document's.

    A finding that rests on a value shailoo inferred with less than certainty (issue 17: a year the
    document does not print, an election day completed from the nearest dated line, a column role
    guessed in a table without a header row; see ``_inferred_notes``) says so and becomes ``info``
    (``details.inferred`` lists what was inferred, ``details.severity_lowered_from`` the severity it
    had). Which rules fire at all on such values is each rule's decision (``rules/checks/general.py``).
    """
    prov = h.provenance or (h.activity.provenance if h.activity is not None else None)
    cell = target_cell(r, h, doc.document.columns)
    severity = _severity(r, h, config)
    message = render(r, h, lang)
    details = h.details
    ocr = h.activity.ocr if h.activity is not None else None
    if ocr is not None:
        conf = ocr.cells.get(cell, ocr.confidence) if cell else ocr.confidence
        doubtful = (cell in ocr.low_confidence) if cell else bool(ocr.low_confidence)
        message += OCR_NOTE.get(lang, OCR_NOTE["en"]).format(conf=conf)
        details = {**details, "ocr_confidence": conf, "ocr_low_confidence": doubtful}
        if doubtful and severity == "error":
            severity = "warning"
            details["severity_lowered_from"] = "error"
    inferred, note = _inferred_notes(h, cell, lang)
    if inferred:
        message += note
        details = {**details, "inferred": inferred}
        if severity != "info":
            details.setdefault("severity_lowered_from", severity)
            severity = "info"
    a = h.activity
    section = " ".join(a.section[-1].split()) if a is not None and a.section else None
    return Finding(code=r.code, rule=r.name, severity=severity, activity=label(a), section=section or None,
                   message=message, expected=iso(h.expected), found=iso(h.found),
                   statute=h.statute, provenance=prov, details=details, cell=cell)


_TOKENS = regex.compile(r"[^\s.)|]+")
#: Roles of the cells that describe a row (a heading's one text sits in one of them, or in the number cell).
_TEXT_ROLES = ("number", "content", "name", "measure", "action", "goal")


def structural_row(a: Activity) -> bool:
    """A row that is part of the table's structure, not an activity, and so never reaches the rules.

    The parser drops these (``shailoo.parsers.interpret.tables``: ``is_column_numbering``,
    ``is_heading_row``); this guard catches the forms it lets through: a column-numbering row
    printed with dots or in one cell («1. | 2. | 3. | 4.», «1 2 3 4 5»: three or more numbers 1, 2, 3 …
    and nothing else), a row with no text at all, and a heading read as a row of a plan (no number, no
    term, no owner, one text in a describing cell and every other cell empty).
    """
    texts = [v.strip() for v in a.cells.values() if v and v.strip()]
    if not texts and not (a.text or "").strip():
        return True
    tokens = _TOKENS.findall(" ".join(texts) if texts else a.text)
    if len(tokens) >= 3 and all(t.isdigit() for t in tokens) and [int(t) for t in tokens] == list(range(1, len(tokens) + 1)):
        return True
    if (a.kind == "activity" and not a.number and a.term is None and not a.terms and not a.responsible
            and len(a.cells) > 1 and len(set(texts)) == 1):
        role = next(r for r, v in a.cells.items() if v and v.strip())
        return role in _TEXT_ROLES
    return False


def run_rules(doc: ParsedDocument, lang: str = "ru", config: Optional[Config] = None,
              calendar: Union[ElectionCalendar, dict, None] = None, options: Optional[dict] = None) -> list[Finding]:
    """Every finding of every enabled rule that applies to ``doc``'s kind, in document order.

    ``calendar`` is an ``ElectionCalendar`` or a dict of anchor dates (``{"election_day": date}``)
    that complete or replace the document's own. Raises nothing a document can cause.
    """
    if isinstance(calendar, ElectionCalendar):
        cal = calendar
    else:
        cal = calendar_from_document(doc.document, calendar or None)
    rows = [a for a in doc.activities if not structural_row(a)]
    if len(rows) != len(doc.activities):
        doc = doc.model_copy(update={"activities": rows})
    ctx = Context(doc=doc, calendar=cal, lang=lang, options=dict(options or {}))
    order = {id(a): i for i, a in enumerate(doc.activities)}
    out: list[tuple[tuple, Finding]] = []
    for r in all_rules():
        if r.pair or not r.applies_to(doc.document.kind):
            continue
        if config is not None and not config.setting(r.code, r.name).enabled:
            continue
        for h in r.func(ctx):
            f = make_finding(r, h, doc, lang, config)
            prov = f.provenance
            pos = order.get(id(h.activity), -1) if h.activity is not None else -1
            start = prov.start if prov and prov.start is not None else 0
            out.append(((start if pos < 0 else (doc.activities[pos].provenance.start or 0), pos, r.code), f))
    out.sort(key=lambda x: x[0])
    return [f for _, f in out]


def compare(a: ParsedDocument, b: ParsedDocument, mode: Optional[Mode] = None, lang: str = "ru",
            config: Optional[Config] = None) -> ComparisonReport:
    """Compare ``a`` (the reference: the other language, or the earlier draft) with ``b``.

    Findings sit on ``b``'s rows (removed rows, on none: ``details["a_row"]`` names them). ``mode``
    defaults to ``detect_mode(a, b)``. ``config``: the user's rule settings; a disabled SH161/SH162
    gives no findings.
    """
    mode = mode or detect_mode(a, b)
    r = lookup("SH161" if mode == "language" else "SH162")
    ctx = Context(doc=b, calendar=calendar_from_document(b.document, None), lang=lang,
                  options={"counterpart": a, "mode": mode})
    pairs = align(a, b, mode)
    ctx.options["alignment"] = pairs
    findings: list[Finding] = []
    if config is None or config.setting(r.code, r.name).enabled:
        findings = [make_finding(r, h, b, lang, config) for h in r.func(ctx)]
    c = Counter(f.severity for f in findings)
    return ComparisonReport(
        mode=mode, a=Side(source=a.source, document=a.document), b=Side(source=b.source, document=b.document),
        alignment=[Pair(a=label(x.a) if x.a else None, b=label(x.b) if x.b else None, by=x.by, score=x.score)
                   for x in pairs],
        findings=findings, summary=Summary(error=c["error"], warning=c["warning"], info=c["info"]))
