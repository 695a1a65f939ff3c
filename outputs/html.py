"""``shailoo check --format html``: one self-contained HTML5 report of the findings of one or more documents.

The report is meant to be mailed and printed by the commission's legal department, so it needs no
network at all: one file, an inline ``<style>`` and one inline ``<script>`` (plain JavaScript, no
framework), no external CSS, scripts, fonts or images. A Content-Security-Policy ``<meta>`` allows
only that one script, by the SHA-256 of its exact text, so that even markup injected through a
document's text could not run (defence in depth: every string from a document is escaped anyway by
Jinja2's autoescaping, and nothing from a document is ever marked safe).

The report is written for the commission's lawyers (issue 19): it opens on the findings. For each
document it shows a short header (title, file, kind, language, election day, approval; the file's
fingerprint folded away), then the findings as cards grouped by severity (Ошибки /
Предупреждения / Примечания), each naming the row by its number as printed and its section
(``present.where``), the column, the severity, the rule's title, the message, the worked arithmetic for a
date or statute finding (anchor ± N units = expected; printed; difference; dates DD.MM.YYYY), the provision
by the act's title and edition (``present.provision_text``), the evidence (``present.grade_text``) and a link
to the row; then the plan (the table of activities, section headings as separator rows, each row's findings
beside it as links back to their cards), and last the rules the findings come from, with the catalogue's
descriptions. The plan shows only the rows with findings until one click shows it whole; without
JavaScript everything is shown (the script only filters). Internal indexes (``provenance.row``) are never
shown.

The markup the filters (and the tests) rely on:

* ``<li class="finding" id="doc-0-f3" data-severity="info" data-rule="SH106">``: the card of a finding,
  one per finding, nowhere else (a card has exactly ``class="finding"``), inside
  ``section.severity-group#doc-0-info``; its ``a.to-row`` links to its row;
* ``<tr class="activity" id="doc-0-row-48" data-activity="41" data-row="48" data-severities="info"
  data-rules="SH106">``: one per activity, in document order; ``data-row`` is the index in
  ``doc.activities`` (an id for the page, never shown); beside it ``li.finding-ref`` (same data-severity and
  data-rule) links to each of its cards;
* ``<span id="finding-count">`` holds the number of findings of every document, ``<span
  id="visible-count">`` the number left visible by the filters; per document ``.rows-visible`` the plan's
  visible rows, ``button.show-all-rows`` / ``button.show-finding-rows`` switch the plan;
* filters: ``input.filter-severity`` (``id="filter-severity-error"`` …), ``input.filter-rule``
  (``id="filter-rule-SH106"`` …) and the toggle ``input#only-findings`` (on by default): a finding is
  visible when its severity and its rule are ticked; with the toggle on, an activity row is visible only
  when at least one of its findings is. The controls carry ``data-js`` and ``hidden`` until the script runs.

The template is ``outputs/templates/report.html.j2``; the style is ``outputs/templates/base.css`` (shared
with the council's dashboard) followed by ``outputs/templates/report.css``, the script
``outputs/templates/report.js``.

``format_comparison_html`` renders ``shailoo compare --format html`` the same way (template
``outputs/templates/compare.html.j2``, the same style, script and CSP): both documents' headers side by
side, the mode, a summary by field and kind, the header-level differences, then one ``tr.pair`` per
aligned pair of rows with its differences beside it; filters by field and kind. The script filters on
every ``input[data-filter="X"]`` against the findings' ``data-X`` (see its docstring for the markup).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import regex
from markupsafe import Markup, escape

from shailoo.corpus import i18n
from shailoo.corpus.i18n import LANGS, MessageError, catalog, group
from shailoo.rules.context import label
from shailoo.rules.findings import SEVERITIES, SEVERITY_RANK, Finding, FindingsReport
from shailoo.rules.words import ANCHORS, DAYS, UNITS, word
from shailoo.model import Activity, ParsedDocument, RelativeTerm
from shailoo.parsers.extract.calendar import calendar_from_document, resolve
from shailoo.outputs import present
from shailoo.version import __version__
from shailoo.rules.compare import FIELDS, ComparisonReport, align, rows_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"
COMPARE_TEMPLATE = "compare.html.j2"

# The words of the report are the message catalogue's: ``report.ui.*`` (the check page),
# ``report.compare.*`` (the comparison page, over ``report.ui``), ``report.compare_mode.*``,
# ``report.side.<mode>.<a|b>``, ``report.diff_kind.*``, ``report.aligned_by.*``; severity, document kind,
# language and column-role names are ``common.*``. The findings' own messages are in the language of the check.

#: Kinds of difference, in the order of the summary's columns and filters.
DIFF_KINDS = ("changed", "added", "removed", "renumbered")
#: How a pair of rows was aligned, in the order of the alignment summary.
ALIGNED_BY = ("text", "number", "similarity", "added", "removed")


def _ui(lang: str, compare: bool = False) -> dict[str, str]:
    """The interface words of the page in ``lang`` by short key (``title`` …): ``report.ui``, and for the
    comparison page ``report.compare`` over it."""
    ui = group("report.ui", lang)
    return {**ui, **group("report.compare", lang)} if compare else ui


def _word(prefix: str, key: str, lang: str, default: Optional[str] = None) -> str:
    """The catalogue's word ``<prefix>.<key>`` in ``lang``; ``default`` (else ``key`` itself) for a key it lacks
    (a value from a document or a rule that the catalogue has no name for is shown as it is)."""
    return catalog(lang).get(f"{prefix}.{key}", key if default is None else default)


#: The sign of «anchor ± N units» by the term's direction.
SIGNS = {"before": "−", "after": "+", "within": "+"}
#: Days in one unit, for the units whose arithmetic is a plain number of days.
_DAY_UNITS = {"calendar_day": 1, "day": 1, "week": 7}


# --------------------------------------------------------------------------- static parts


#: The stylesheet every shailoo page starts with: the report, the comparison page, the council's dashboard.
BASE_CSS = TEMPLATES / "base.css"


def stylesheet(own: Path) -> str:
    """The inline style of a page: ``base.css`` followed by the page's own stylesheet ``own`` (both the
    project's own text, never a document's). Raises ValueError when either holds a closing ``</style``."""
    css = BASE_CSS.read_text(encoding="utf-8") + own.read_text(encoding="utf-8")
    if "</style" in css.lower():  # would end the element early
        raise ValueError(f"{BASE_CSS.name} / {own.name} must not contain a closing </style>")
    return css


@lru_cache(maxsize=1)
def _static() -> tuple[str, str]:
    """(style, script) as shipped beside the template; both are the project's own text, never a document's."""
    css = stylesheet(TEMPLATES / "report.css")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    if "</script" in js.lower():  # would end the element early
        raise ValueError("report.js must not contain a closing </script>")
    return css, js


def script_hash(script: str) -> str:
    """The CSP source expression of an inline script: ``'sha256-<base64 of the SHA-256 of its UTF-8 text>'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(script: str) -> str:
    """The Content-Security-Policy of the report: nothing but the inline style and the one script ``script``."""
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash(script)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


# --------------------------------------------------------------------------- view models


@dataclass
class FindingView:
    """What the template shows of one finding, as a card (every text is plain text: the template escapes it).

    ``id`` is the card's element id, ``row_id`` the id of its row in the plan (empty for a finding on the
    document's text); ``where`` names the row as printed («№ 12 (Работа со списками избирателей)»), ``cell``
    the column as the document heads it, ``row_text`` the row's wording, shortened."""

    f: Finding
    severity_label: str
    title: str
    description: str
    id: str = ""
    where: str = ""
    page: str = ""
    cell: str = ""
    row_id: str = ""
    row_text: str = ""
    statute: str = ""
    grade: str = ""
    grade_key: str = ""
    arith: Optional[dict[str, str]] = None
    expected_found: list[tuple[str, str]] = field(default_factory=list)
    quote: str = ""


@dataclass
class RowView:
    """One activity row: its cells in column order (or one ``text`` cell spanning them) and its findings."""

    index: int
    id: str
    activity: Activity
    number: str
    label: str
    cells: list[tuple[str, str]]
    text: Optional[str]
    findings: list[FindingView]
    sections: list[str]

    @property
    def severities(self) -> str:
        return " ".join(sorted({v.f.severity for v in self.findings}, key=SEVERITY_RANK.__getitem__))

    @property
    def rules(self) -> str:
        return " ".join(sorted({v.f.code for v in self.findings}))


@dataclass
class SectionView:
    """A section heading row: ``id`` (unique in the report), its nesting ``level`` and enclosing section ids."""

    id: str
    level: int
    heading: str
    parents: list[str]


@dataclass
class DocView:
    """One document of the report: its short header (``meta``) and file details (``file_meta``), its findings
    as cards grouped by severity (``groups``: severity, plural word, cards; only severities it has), the
    rules they come from (``rules``: code, title, description, count), and its plan (``body``)."""

    index: int
    id: str
    report: FindingsReport
    doc: ParsedDocument
    heading: str
    meta: list[tuple[str, str]]
    file_meta: list[tuple[str, str]]
    severities: list[tuple[str, str, int]]
    groups: list[tuple[str, str, list[FindingView]]]
    rules: list[tuple[str, str, str, int]]
    number_header: str
    columns: list[tuple[str, str]]
    body: list[tuple[str, Any]]
    rows_total: int
    rows_with_findings: int
    rows_line: Markup
    lang: Optional[str]


# --------------------------------------------------------------------------- helpers


def _date(v: Any) -> str:
    """dd.mm.yyyy of a date or an ISO date string; anything else as text."""
    if isinstance(v, dt.date):
        return v.strftime("%d.%m.%Y")
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v).strftime("%d.%m.%Y")
        except ValueError:
            if "/" in v:  # a range as the rules give it: 2021-04-22/2021-03-06
                a, _, b = v.partition("/")
                return f"{_date(a)} – {_date(b)}"
            return v
    return "" if v is None else str(v)


def _iso_date(v: Any) -> Optional[dt.date]:
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _terms(a: Optional[Activity]) -> list[Any]:
    if a is None:
        return []
    return list(a.terms) or ([a.term] if a.term is not None else [])


def _relative_term(a: Optional[Activity], anchor: Optional[str] = None, n: Optional[int] = None,
                   raw: Optional[str] = None, printed: Optional[dt.date] = None) -> Optional[RelativeTerm]:
    """The relative term of row ``a`` a finding is about: the best match of raw text, n, anchor and printed date."""
    best, score = None, -1
    for t in _terms(a):
        if not isinstance(t, RelativeTerm):
            continue
        s = 0
        s += 8 if raw is not None and t.raw == raw else 0
        s += 4 if n is not None and t.n == n else 0
        s += 2 if anchor is not None and t.anchor == anchor else 0
        s += 1 if printed is not None and any(p.value == printed for p in t.printed) else 0
        if s > score:
            best, score = t, s
    return best


def _signed_days(n: int, lang: str) -> str:
    return f"{'+' if n > 0 else '−' if n < 0 else '±'}{abs(n)} {DAYS[lang]}"


def _date_arith(f: Finding, a: Optional[Activity], lang: str) -> Optional[dict[str, str]]:
    """The worked line of a date finding (``details`` has anchor_date, convention, delta_days)."""
    d = f.details
    anchor_date = _iso_date(d.get("anchor_date"))
    expected = _iso_date(f.expected)
    if anchor_date is None or expected is None:
        return None
    found = _iso_date(f.found)
    t = _relative_term(a, anchor=d.get("anchor"), printed=found)
    anchor = d.get("anchor") or (t.anchor if t else "")
    name = word(ANCHORS, anchor, lang, (t.anchor_raw if t and t.anchor_raw else anchor))
    formula = f"{_date(anchor_date)} ({name})"
    if t is not None:
        sign = SIGNS.get(t.direction, "+")
        formula += f" {sign} {t.n} {word(UNITS, t.unit, lang)}"
        k = _DAY_UNITS.get(t.unit)
        if k is not None:
            base = anchor_date + dt.timedelta(days=(-1 if sign == "−" else 1) * t.n * k)
            extra = (expected - base).days
            if extra:
                formula += f" {'−' if extra < 0 else '+'} {abs(extra)} {DAYS[lang]}"
    formula += f" = {_date(expected)}"
    delta = d.get("delta_days")
    if not isinstance(delta, int) and found is not None:
        delta = (found - expected).days
    return {"label": i18n.text("report.ui.expected", lang), "formula": formula, "printed": _date(f.found) if f.found else "",
            "difference": _signed_days(delta, lang) if isinstance(delta, int) else ""}


def _statute_arith(f: Finding, a: Optional[Activity], doc: ParsedDocument, lang: str) -> Optional[dict[str, str]]:
    """The worked line of a statute-conflict finding: the law's term from the anchor, the row's, the difference."""
    d = f.details
    law_n, row_n = d.get("law_n"), d.get("row_n")
    if not isinstance(law_n, int) or not isinstance(row_n, int):
        return None
    t = _relative_term(a, n=row_n, raw=d.get("raw"))
    if t is None:
        return None

    cal = calendar_from_document(doc.document)
    anchor_date = cal.date_of(t.anchor)
    name = word(ANCHORS, t.anchor, lang, t.anchor_raw or t.anchor)
    sign = SIGNS.get(t.direction, "+")
    unit = word(UNITS, t.unit, lang)

    def computed(n: int) -> Optional[dt.date]:
        r = resolve(t.model_copy(update={"n": n, "printed": [], "computed": None, "last_day": None}), cal)
        return r.computed if isinstance(r, RelativeTerm) else None

    law_date = computed(law_n) if anchor_date is not None else None
    grade = f.statute.grade if f.statute is not None else None
    # «По закону» only for a value from the statute text; CEC practice and secondary sources say so
    law_label = i18n.text(f"report.ui.by_{grade}" if grade in ("practice", "secondary") else "report.ui.law", lang)
    row_date = computed(row_n) if anchor_date is not None else None
    head = f"{_date(anchor_date)} ({name})" if anchor_date is not None else name
    formula = f"{head} {sign} {law_n} {unit}" + (f" = {_date(law_date)}" if law_date else "")
    printed = f"{row_n} {unit}" + (f" → {_date(row_date)}" if row_date else "")
    if law_date and row_date:
        diff = _signed_days((row_date - law_date).days, lang)
    else:
        n = row_n - law_n
        diff = f"{'+' if n > 0 else '−' if n < 0 else '±'}{abs(n)} {unit}"
    return {"label": law_label, "formula": formula, "printed": printed, "difference": diff}


def _rule_words(code: str, slug: str, lang: str) -> tuple[str, str]:
    """(title, description) of rule ``code`` from the catalogue; a rule the catalogue lacks (a user's own) keeps
    its name and says nothing more."""
    try:
        return present.rule_title(code, lang), present.rule_description(code, lang)
    except MessageError:
        return slug, ""


def _row_text(a: Optional[Activity]) -> str:
    """The wording of row ``a`` as a card quotes it: its content cell (else its text), shortened."""
    if a is None:
        return ""
    return present.shorten(a.cells.get("content") or a.text or "", 220)


def _finding_view(f: Finding, a: Optional[Activity], doc: ParsedDocument, lang: str, card_id: str = "",
                  row_id: str = "") -> FindingView:
    ui = _ui(lang)
    title, description = _rule_words(f.code, f.rule, lang)
    cell = ""
    if f.cell:
        cell = _column_header(f.cell, doc.document.columns, lang)
    page = f.provenance.page if f.provenance is not None else None
    v = FindingView(f=f, severity_label=present.severity_word(f.severity, lang), title=title, description=description,
                    id=card_id, where=present.where(f, lang), page=f"{ui['page']} {page}" if page is not None else "",
                    cell=cell, row_id=row_id, row_text=_row_text(a),
                    statute=present.provision_text(f.statute, lang), grade=present.grade_text(f, lang),
                    grade_key=(f.statute.grade or "") if f.statute is not None else "")
    d = f.details
    try:
        if all(k in d for k in ("anchor_date", "convention", "delta_days")):
            v.arith = _date_arith(f, a, lang)
        elif f.code == "SH151" or ("law_n" in d and "row_n" in d):
            v.arith = _statute_arith(f, a, doc, lang)
    except (ArithmeticError, ValueError, TypeError):  # a worked line is a help, never a reason to fail
        v.arith = None
    if v.arith is None:
        if f.expected:
            v.expected_found.append((ui["expected"], _date(f.expected)))
        if f.found:
            v.expected_found.append((ui["found"], _date(f.found)))
    if a is None:
        v.quote = f.provenance.quote if f.provenance else ""
    return v


def match_findings(report: FindingsReport, doc: ParsedDocument) -> tuple[list[Finding], list[list[Finding]]]:
    """Split ``report``'s findings into (prose, per row): ``per_row[i]`` are those about ``doc.activities[i]``.

    A finding belongs to the activity whose ``shailoo.rules.context.label`` equals ``finding.activity``; when several
    rows share a label (numbering duplicates, goals and measures), the one whose provenance equals the
    finding's, else whose span holds it, else the first. Findings with ``activity`` None, and those whose
    label matches no row, are prose. Order is kept.
    """
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(doc.activities):
        lab = label(a)
        if lab is not None:
            by_label[lab].append(i)
    prose: list[Finding] = []
    per_row: list[list[Finding]] = [[] for _ in doc.activities]
    for f in report.findings:
        cands = by_label.get(f.activity) if f.activity is not None else None
        if not cands:
            prose.append(f)
            continue
        pick = cands[0]
        if len(cands) > 1 and f.provenance is not None:
            p = f.provenance
            same = [i for i in cands if doc.activities[i].provenance == p]
            inside = [i for i in cands
                      if p.start is not None and doc.activities[i].provenance.start is not None
                      and doc.activities[i].provenance.end is not None
                      and doc.activities[i].provenance.start <= p.start <= doc.activities[i].provenance.end]
            pick = (same or inside or cands)[0]
        per_row[pick].append(f)
    return prose, per_row


_UNNAMED = regex.compile(r"col(\d+)")


def _column_header(role: str, columns: dict[str, str], lang: str) -> str:
    """A column as the reader sees it: the document's own header, else the role's word («Сроки исполнения»),
    else, for a column the document left unheaded (role ``col5``), «Графа 5»."""
    if columns.get(role):
        return columns[role]
    m = _UNNAMED.fullmatch(role)
    if m:
        return i18n.text("report.ui.column", lang, n=m[1])
    return _word("common.role", role, lang)


def _columns(doc: ParsedDocument, lang: str) -> list[tuple[str, str]]:
    """(role, header) of the cell columns after the number column: the document's header order, then roles
    only cells have; a document without a header gets one ``text`` column."""
    cols = doc.document.columns
    if not cols:
        return [("text", i18n.text("report.ui.text", lang))]
    roles = [r for r in cols if r != "number"]
    for a in doc.activities:
        for r in a.cells:
            if r != "number" and r not in roles:
                roles.append(r)
    return [(r, _column_header(r, cols, lang)) for r in roles]


def _meta_parts(src: Any, info: Any, lang: str, title: bool = True) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(header, file details) of a document as (label, value) pairs: ``src`` a ``Source``, ``info`` a
    ``DocumentInfo``. The header is what a reader identifies the document by (file, title unless ``title`` is
    false, kind, language, election day, approval, period; dates DD.MM.YYYY), the details the file's
    fingerprint (its format is its name's: the page says no «DOCX» to a reader)."""
    ui = _ui(lang)
    out = [(ui["file"], src.path)]
    if title and info.title:
        out.append((ui["doc_title"], info.title))
    out += [(ui["kind"], _word("common.document_kind", info.kind, lang)),
            (ui["language"], _word("common.language", info.language, lang))]
    if info.election_day:
        out.append((ui["election_day"], _date(info.election_day)))
    ap = info.approved
    if ap is not None:
        if ap.act:
            out.append((ui["approved"], ap.act))
        if ap.by:
            out.append((ui["approved_by"], ap.by))
        if ap.number:
            out.append((ui["approval_number"], ap.number))
        if ap.date:
            out.append((ui["approval_date"], _date(ap.date)))
        if not (ap.act or ap.number or ap.date) and ap.raw:
            out.append((ui["approved"], ap.raw))
    pe = info.period
    if pe is not None and (pe.start or pe.end or pe.raw):
        span = " – ".join(_date(x) for x in (pe.start, pe.end) if x)
        out.append((ui["period"], span or pe.raw))
    details = [(ui["sha256"], src.sha256[:12])]
    return out, details


def _meta_of(src: Any, info: Any, lang: str) -> list[tuple[str, str]]:
    """(label, value) of a document's whole header (the comparison page's sides): header then file details."""
    head, details = _meta_parts(src, info, lang)
    return head + details


def _rows_line(lang: str, shown: int, total: int) -> Markup:
    """«Показано строк плана: <span class="rows-visible">11</span> из 77»: ``report.ui.rows_shown`` with the
    count the filters change in its own element (the words are the catalogue's, escaped)."""
    return Markup(escape(i18n.catalog(lang)["report.ui.rows_shown"])).format(
        shown=Markup('<span class="rows-visible">{}</span>').format(shown), total=total)


def _doc_view(index: int, report: FindingsReport, doc: ParsedDocument, lang: str) -> DocView:
    doc_id = f"doc-{index}"
    prose, per_row = match_findings(report, doc)
    columns = _columns(doc, lang)
    roles = [r for r, _ in columns]
    cards: dict[int, FindingView] = {}  # id(finding) -> its card
    order = {id(f): n for n, f in enumerate(report.findings)}

    def card(f: Finding, a: Optional[Activity], row_id: str) -> FindingView:
        v = _finding_view(f, a, doc, lang, card_id=f"{doc_id}-f{order[id(f)]}", row_id=row_id)
        cards[id(f)] = v
        return v

    body: list[tuple[str, Any]] = []
    open_sections: list[tuple[str, str]] = []  # (heading, id) from the outermost
    n_sections = 0
    for i, a in enumerate(doc.activities):
        heads = list(a.section)
        common = 0
        while (common < len(heads) and common < len(open_sections)
               and open_sections[common][0] == heads[common]):
            common += 1
        open_sections = open_sections[:common]
        for level in range(common, len(heads)):
            sid = f"{doc_id}-s{n_sections}"
            n_sections += 1
            body.append(("section", SectionView(id=sid, level=level, heading=heads[level],
                                                parents=[s for _, s in open_sections])))
            open_sections.append((heads[level], sid))
        has_cells = roles != ["text"] and any((a.cells.get(r) or "").strip() for r in roles)
        if has_cells:
            cells = [(r, a.cells.get(r, "")) for r in roles]
            text = None
        else:
            cells = []
            text = a.text or next((v for v in a.cells.values() if v), "")
        number = a.number or a.cells.get("number") or ""
        row_id = f"{doc_id}-row-{i}"
        views = [card(f, a, row_id) for f in per_row[i]]
        body.append(("row", RowView(index=i, id=row_id, activity=a, number=number, label=label(a) or "",
                                    cells=cells, text=text, findings=views,
                                    sections=[s for _, s in open_sections])))
    for f in prose:
        card(f, None, "")
    by_sev: dict[str, list[FindingView]] = defaultdict(list)
    for f in report.findings:
        by_sev[f.severity].append(cards[id(f)])
    severities = [(s, present.severity_word(s, lang, many=True), len(by_sev[s])) for s in SEVERITIES]
    groups = [(s, name, by_sev[s]) for s, name, n in severities if n]
    by_rule = Counter(f.code for f in report.findings)
    names = {f.code: f.rule for f in report.findings}
    rule_rows = [(c, *_rule_words(c, names[c], lang), n) for c, n in sorted(by_rule.items())]
    doc_lang = doc.document.language if doc.document.language in ("ru", "ky") else None
    meta, file_meta = _meta_parts(report.source, report.document, lang, title=False)
    n_rows = len(doc.activities)
    with_findings = sum(1 for fs in per_row if fs)
    return DocView(index=index, id=doc_id, report=report, doc=doc,
                   heading=report.document.title or Path(report.source.path).name,
                   meta=meta, file_meta=file_meta, severities=severities, groups=groups, rules=rule_rows,
                   number_header=doc.document.columns.get("number") or i18n.text("common.role.number", lang),
                   columns=columns, body=body, rows_total=n_rows, rows_with_findings=with_findings,
                   rows_line=_rows_line(lang, n_rows, n_rows), lang=doc_lang)


# --------------------------------------------------------------------------- entry point


def format_html(items: list[tuple[FindingsReport, ParsedDocument]], lang: str = "ru") -> str:
    """One self-contained HTML5 page reporting the findings of each (report, document) pair, in order.

    ``report`` is ``shailoo.rules.check.check(doc, ...)`` of the same ``doc`` (the document gives the table of
    activities the findings are shown beside). ``lang`` (ru, ky, en) is the language of the interface
    strings; the findings' messages stay in the language they were checked in. Returns the page's text
    (UTF-8 when written); prints nothing, reads only the shipped template files, never the network.
    Raises ValueError for another ``lang``.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be ru, ky or en: {lang!r}")
    docs = [_doc_view(i, rep, doc, lang) for i, (rep, doc) in enumerate(items)]
    css, js = _static()
    all_findings = [f for rep, _ in items for f in rep.findings]
    sev_counts = Counter(f.severity for f in all_findings)
    rule_counts = Counter(f.code for f in all_findings)
    names = {f.code: f.rule for f in all_findings}
    ui = _ui(lang)
    if len(items) == 1:
        page_title = f"{ui['title']}: {Path(items[0][0].source.path).name}"
    else:
        page_title = ui["title"]
    return _environment().get_template(TEMPLATE).render(
        lang=lang, ui=ui, version=__version__, title=page_title, docs=docs,
        csp=Markup(csp(js)), style=Markup(css), script=Markup(js),
        total=len(all_findings),
        severity_filters=[(s, present.severity_word(s, lang, many=True), sev_counts[s]) for s in SEVERITIES],
        rule_filters=[(c, *_rule_words(c, names[c], lang), n) for c, n in sorted(rule_counts.items())],
    )


# --------------------------------------------------------------------------- comparison of two versions

@dataclass
class DiffView:
    """One difference of a comparison as the page shows it (plain text throughout)."""

    f: Finding
    field: str
    field_label: str
    kind: str
    kind_label: str
    a_value: str
    b_value: str
    row_label: str = ""


@dataclass
class SideRow:
    """One side of an aligned pair: the row's label, its wording and its other cells (header, text)."""

    label: str
    text: str
    cells: list[tuple[str, str, str]]


@dataclass
class PairView:
    index: int
    pair: Any
    by_label: str
    score: str
    a: Optional[SideRow]
    b: Optional[SideRow]
    findings: list[DiffView]

    @property
    def fields(self) -> str:
        return " ".join(dict.fromkeys(v.field for v in self.findings))

    @property
    def kinds(self) -> str:
        return " ".join(dict.fromkeys(v.kind for v in self.findings))


@dataclass
class SideView:
    id: str
    name: str
    meta: list[tuple[str, str]]
    lang: Optional[str]


def _value_text(v: Optional[str]) -> str:
    """A finding's expected/found as shown: every ISO date in it as DD.MM.YYYY, the rest as it is."""
    return present.date_text(v) if v else ""


def _diff_view(f: Finding, lang: str, fields: dict, row: bool) -> DiffView:
    d = f.details
    fld = str(d.get("field") or "")
    kind = str(d.get("kind") or "")
    row_label = ""
    if row:
        where = f.activity or d.get("a_row")
        row_label = i18n.text("common.finding.row", lang, n=where) if where else ""
    return DiffView(f=f, field=fld, field_label=word(fields, fld, lang, fld), kind=kind,
                    kind_label=_word("report.diff_kind", kind, lang), a_value=_value_text(f.expected),
                    b_value=_value_text(f.found), row_label=row_label)


def _side_row(x: Optional[Activity], doc: ParsedDocument, lang: str) -> Optional[SideRow]:
    if x is None:
        return None
    cols = doc.document.columns
    if x.cells.get("content", "").strip():
        text = x.cells["content"]
        cells = [(r, _column_header(r, cols, lang), v) for r, v in x.cells.items()
                 if r not in ("number", "content") and v.strip()]
    else:
        text, cells = x.text or " ".join(v for r, v in x.cells.items() if r != "number"), []
    return SideRow(label=label(x) or "", text=text, cells=cells)


def _aligned_rows(report: "ComparisonReport", a: ParsedDocument,
                  b: ParsedDocument) -> list[tuple[Optional[Activity], Optional[Activity]]]:
    """The activities of each pair of ``report.alignment``, in order.

    The alignment is recomputed (``shailoo.rules.compare.align``) and used when its labels are the report's;
    otherwise each label is looked up among the compared rows, the first not yet used.
    """
    pairs = report.alignment
    try:
        again = align(a, b, report.mode)
    except Exception:  # a help for duplicate labels, never a reason to fail
        again = []
    if len(again) == len(pairs) and all(label(x.a) == p.a and label(x.b) == p.b for x, p in zip(again, pairs)):
        return [(x.a, x.b) for x in again]

    def lookup(rows: list[Activity]):
        by: dict[str, list[Activity]] = defaultdict(list)
        for x in rows:
            by[label(x)].append(x)
        used: set[int] = set()

        def get(lab: Optional[str]) -> Optional[Activity]:
            if lab is None:
                return None
            for x in by.get(lab, []):
                if id(x) not in used:
                    used.add(id(x))
                    return x
            return (by.get(lab) or [None])[0]
        return get

    get_a, get_b = lookup(rows_of(a)), lookup(rows_of(b))
    return [(get_a(p.a), get_b(p.b)) for p in pairs]


def match_differences(report: "ComparisonReport", rows: Optional[list[tuple[Optional[Activity], Optional[Activity]]]]
                      = None) -> tuple[list[Finding], list[list[Finding]]]:
    """Split ``report``'s findings into (header, per pair): ``per_pair[i]`` are those of ``report.alignment[i]``.

    A finding with an ``activity`` belongs to the pair whose B label it is (and whose A label is
    ``details["a_row"]`` when that is given; among several, the one whose B row has the finding's
    provenance); one without ``activity`` but with ``details["a_row"]`` to the pair of that A row
    alone (a removed row). The others (election day, approval, and any label no pair has) are header
    findings. Order is kept. ``rows`` are the pairs' activities, to tell rows sharing a label apart.
    """
    pairs = report.alignment
    header: list[Finding] = []
    per_pair: list[list[Finding]] = [[] for _ in pairs]
    for f in report.findings:
        a_row = f.details.get("a_row")
        if f.activity is not None:
            cands = [i for i, p in enumerate(pairs) if p.b == f.activity]
            if a_row is not None:
                cands = [i for i in cands if pairs[i].a == str(a_row)] or cands
            if len(cands) > 1 and rows is not None and f.provenance is not None:
                cands = [i for i in cands if rows[i][1] is not None and rows[i][1].provenance == f.provenance] or cands
        elif a_row is not None:
            cands = [i for i, p in enumerate(pairs) if p.a == str(a_row) and p.b is None]
            cands = cands or [i for i, p in enumerate(pairs) if p.a == str(a_row)]
        else:
            cands = []
        if cands:
            per_pair[cands[0]].append(f)
        else:
            header.append(f)
    return header, per_pair


def format_comparison_html(report: "ComparisonReport", a: ParsedDocument, b: ParsedDocument, lang: str = "ru") -> str:
    """One self-contained HTML5 page of ``report`` = ``shailoo.rules.compare.compare(a, b, ...)``.

    The page shows both documents' headers side by side, the mode, a summary of the differences by
    field and kind, the header-level differences, and the aligned rows (one ``tr.pair`` per
    ``report.alignment`` pair, in order) with each difference beside its pair; filters by field and
    kind and an «only rows with differences» toggle. ``lang`` (ru, ky, en) is the language of the
    interface; the findings' messages stay in the language of the comparison. Raises ValueError for
    another ``lang``; prints nothing, reads only the shipped template files.

    The markup: ``<tr class="pair" id="pair-3" data-pair="3" data-a="4" data-b="4" data-by="number"
    data-fields="term owners" data-kinds="changed" data-findings="2">``; ``<li class="finding"
    data-severity data-rule data-field data-kind>`` one per finding; ``section#header-findings``;
    ``input.filter-field`` (``id="filter-field-term"``), ``input.filter-kind`` (``id="filter-kind-changed"``),
    ``input#only-findings``; ``span#finding-count``, ``span#visible-count``; ``section#side-a``,
    ``section#side-b``; ``table.summary-fields``; ``table.alignment``.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be ru, ky or en: {lang!r}")
    ui = _ui(lang, compare=True)
    mode = report.mode
    rows = _aligned_rows(report, a, b)
    header, per_pair = match_differences(report, rows)

    def doc_lang(doc: ParsedDocument) -> Optional[str]:
        return doc.document.language if doc.document.language in ("ru", "ky") else None

    sides = []
    for key, side, doc in (("a", report.a, a), ("b", report.b, b)):
        language = _word("common.language", side.document.language, lang)
        sides.append(SideView(id=f"side-{key}", name=i18n.text(f"report.side.{mode}.{key}", lang, language=language),
                              meta=_meta_of(side.source, side.document, lang), lang=doc_lang(doc)))
    pairs = []
    for i, (p, (x, y), fs) in enumerate(zip(report.alignment, rows, per_pair)):
        pairs.append(PairView(index=i, pair=p, by_label=_word("report.aligned_by", p.by, lang),
                              score=f"{ui['similarity']} {round(p.score * 100)}%" if p.score is not None else "",
                              a=_side_row(x, a, lang), b=_side_row(y, b, lang),
                              findings=[_diff_view(f, lang, FIELDS, row=False) for f in fs]))

    order = {k: i for i, k in enumerate(FIELDS)}
    kind_order = {k: i for i, k in enumerate(DIFF_KINDS)}
    fields = Counter(str(f.details.get("field") or "") for f in report.findings)
    kinds = Counter(str(f.details.get("kind") or "") for f in report.findings)
    field_keys = sorted(fields, key=lambda k: (order.get(k, len(order)), k))
    kind_keys = sorted(kinds, key=lambda k: (kind_order.get(k, len(kind_order)), k))
    cells = Counter((str(f.details.get("field") or ""), str(f.details.get("kind") or "")) for f in report.findings)
    summary = [(k, word(FIELDS, k, lang, k), [cells[(k, kk)] for kk in kind_keys], fields[k]) for k in field_keys]
    by = Counter(p.by for p in report.alignment)
    aligned = [(k, _word("report.aligned_by", k, lang), by[k]) for k in ALIGNED_BY if by[k]]

    css, js = _static()
    title = f"{ui['title']}: {Path(report.a.source.path).name} → {Path(report.b.source.path).name}"
    return _environment().get_template(COMPARE_TEMPLATE).render(
        lang=lang, ui=ui, version=__version__, title=title, mode=mode, mode_label=_word("report.compare_mode", mode, lang),
        sides=sides, pairs=pairs, header=[_diff_view(f, lang, FIELDS, row=True) for f in header],
        total=len(report.findings), n_aligned=sum(1 for p in report.alignment if p.a and p.b), aligned=aligned,
        summary=summary, kind_columns=[(k, _word("report.diff_kind", k, lang), kinds[k]) for k in kind_keys],
        field_filters=[(k, word(FIELDS, k, lang, k), fields[k]) for k in field_keys],
        kind_filters=[(k, _word("report.diff_kind", k, lang), kinds[k]) for k in kind_keys],
        a_lang=sides[0].lang, b_lang=sides[1].lang,
        csp=Markup(csp(js)), style=Markup(css), script=Markup(js),
    )
