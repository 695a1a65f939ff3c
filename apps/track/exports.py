"""Exports for the anti-corruption council: a letter per executor (DOCX or HTML) and a meeting summary
(DOCX or PDF).

* ``write_letters(store, plan_id, as_of, folder, fmt, lang)`` (``shailoo track executors``): ONE FILE PER
  EXECUTOR of a plan (``store.executors``: every executor as the plan prints it; measures without one
  under «no executor given»), letter-style: the council's heading, «Кому: <executor as printed>», the
  plan's title and approving body, the day (DD.MM.YYYY), the executor's counts (a one-row table), a
  table of its measures (№ as printed, measure, planned term as printed with its last day, status,
  overdue years, what the last report said and its date), what is overdue in one sentence, the signals
  about its measures. Without ``plan_id`` on a store of several plans every plan gets its letters, in a
  folder of its own (named from the approving body, else the title).
* ``write_meeting(store, as_of, since, path, fmt, lang)`` (``shailoo track meeting``): the summary for a
  council meeting on ``as_of``: totals per plan and per approving body (``store.portfolio``), the changes
  of status since the last meeting (``since``; by default, per plan, its report date before the latest
  one), the overdue measures by executor, and the signals the council discusses (TR201 regression,
  TR202 silence, TR203 done without the expected result).

DOCX: A4, Times New Roman 12 (as CEC documents), tables with a ruled grid whose header row repeats on
every page; the document's language is set (ru-RU, ky-KG, en-US) so Word checks the spelling in it.
Every text from a plan or a report loses the characters XML cannot hold (``outputs.cells.ILLEGAL``).
HTML (``executor.html.j2``): one self-contained page — an inline style, no script, no link out of the
page, a Content-Security-Policy ``<meta>`` that allows nothing else; every value is escaped by Jinja2's
autoescape. PDF: the DOCX converted by LibreOffice (``shailoo.outputs.pdf_export.docx_to_pdf``: a private
profile, a bounded time); LibreOffice missing is ``ConverterMissing`` (exit 4, one line).

File names (``safe_name``) are the executor's printed name, kept in its own alphabet (Cyrillic stays):
without the characters Windows forbids (``<>:"/\\|?*``), control characters and trailing dots, spaces as
``_``, at most ``NAME_MAX`` characters, never a name Windows reserves (``CON``, ``NUL``, ``COM1`` …), and
unique in the folder without regard to case (``_2``, ``_3`` … added).

Every word is data: ``track.export.*`` (with ``track.ui.*``, ``track.dashboard.*``, ``track.status.*``
and ``track.signals.*.title``) of ``corpus/messages/<lang>/track.yaml``. Names as printed, never ids;
dates DD.MM.YYYY. Library code does not print: the caller announces each file written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from markupsafe import Markup

from shailoo.apps.track.signals import is_regression
from shailoo.apps.track.models import STATUS_ORDER, ExecutorMeasure, own_text, ExecutorStatus, Signal, Summary, TrackingStatus
from shailoo.apps.track.store import TrackError, TrackStore, executors, portfolio, status
from shailoo.corpus.i18n import LANGS, group, text
from shailoo.errors import ConverterMissing, InputError
from shailoo.outputs.cells import ILLEGAL
from shailoo.version import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "executor.html.j2"

#: The formats of each export.
LETTER_FORMATS = ("docx", "html")
MEETING_FORMATS = ("docx", "pdf")

#: The longest file name stem a letter gets (characters; a Cyrillic one is two bytes in UTF-8, and
#: every file system takes 255 bytes), and the longest name of a plan's folder (Windows counts 260
#: characters for a whole path).
NAME_MAX = 80
FOLDER_MAX = 48

#: The signals a meeting discusses (TR204, overdue, is its own section: overdue by executor).
MEETING_SIGNALS = ("TR201", "TR202", "TR203")

#: The language of the document's text, as Word names it (spelling and hyphenation).
WORD_LANGUAGE = {"ru": "ru-RU", "ky": "ky-KG", "en": "en-US"}

#: Characters Windows refuses in a file name (with the C0 controls), and the names it reserves.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u2028\u2029]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}: {lang!r}")


@lru_cache(maxsize=None)
def _words(lang: str) -> dict[str, str]:
    """The words of the exports in ``lang``: ``track.export.*``, then the dashboard's labels it shares."""
    out = {f"ui.{k}": v for k, v in group("track.ui", lang).items()}
    out.update({f"dash.{k}": v for k, v in group("track.dashboard", lang).items()})
    out.update({f"status.{k}": v for k, v in group("track.status", lang).items()})
    out.update(group("track.export", lang))
    return out


def _w(lang: str, key: str, **kw) -> str:
    return text(f"track.export.{key}", lang, **kw) if kw else _words(lang)[key]


def _date(d: Optional[dt.date]) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def _years(years) -> str:
    ys = sorted(set(years or ()))
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def clean(value: Optional[str]) -> str:
    """A text from a plan or a report as a DOCX/HTML text: without the characters XML cannot hold, its
    runs of white space as one space."""
    return " ".join(ILLEGAL.sub("", value or "").split())




def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n - 1].rstrip() + "…"


# --------------------------------------------------------------------------- file names


def safe_name(name: str, taken: Optional[set[str]] = None, limit: int = NAME_MAX, fallback: str = "executor") -> str:
    """``name`` as a file name stem every operating system takes (see the module docstring); with
    ``taken`` (stems already given, case-folded), a stem not among them, which is added to it."""
    s = unicodedata.normalize("NFC", name or "")
    s = _FORBIDDEN.sub(" ", s)
    s = "_".join(s.split()).strip("._ ")
    if len(s) > limit:
        cut = s[:limit + 1].rfind("_")
        s = s[:cut if cut > limit // 2 else limit]
    s = s.rstrip("._ ")
    if not s:
        s = fallback
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    if taken is None:
        return s
    stem, n = s, 1
    while stem.casefold() in taken:
        n += 1
        tail = f"_{n}"
        stem = s[:limit - len(tail)].rstrip("._ ") + tail
    taken.add(stem.casefold())
    return stem


# --------------------------------------------------------------------------- the letter's content


@dataclass
class LetterRow:
    """One measure of the letter's table; every field is plain text, ready to print (``measure``: the
    number as the store keeps it, ``number`` as the plan prints it)."""

    measure: str
    number: str
    text: str
    term: str
    status: str
    status_word: str
    overdue: str
    is_overdue: bool
    said: str


@dataclass
class Letter:
    """One executor's letter: every line in the language asked for, names as printed."""

    lang: str
    plan_id: str
    key: str
    name: str
    heading: str
    subject: str
    to: str
    meta: list[str]
    intro: list[str]
    counts_title: str
    counts_headers: list[str]
    counts_keys: list[str]
    counts: list[int]
    measures_title: str
    headers: list[str]
    rows: list[LetterRow]
    overdue_title: str
    overdue: str
    signals_title: str
    signals: list[str]
    footer: str


def _plan_terms(store: Optional[TrackStore], plan_id: str) -> dict[str, tuple[str, str]]:
    """Measure number → (its number as printed, its term as printed), from the parsed plan the store keeps
    (empty when the store has none)."""
    doc = store._document(plan_id) if store is not None else None  # the stored parse: the plan as printed
    out: dict[str, tuple[str, str]] = {}
    if doc is None:
        return out
    for m, a in zip(store.measures(plan_id), (a for a in doc.activities if a.kind == "measure")):
        out.setdefault(m.measure, (clean(a.number) or m.measure, clean(a.cells.get("term"))))
    return out


def _term(m: ExecutorMeasure, printed: str, lang: str) -> str:
    """The planned term: as printed («IV квартал 2024 года»; the plan years in a plan with year
    columns) with its last day."""
    term = printed or _years(m.planned_years)
    if m.planned_end and term:
        return _w(lang, "term_end", term=term, end=_date(m.planned_end))
    return term or _date(m.planned_end)


def _said(m: ExecutorMeasure, lang: str) -> str:
    if m.report_as_of is None:
        return _w(lang, "not_reported")
    said = clean(m.status_text) or _words(lang)[f"status.{m.status}"]
    return _w(lang, "said", text=said, date=_date(m.status_date or m.report_as_of))


def _overdue_cell(m: ExecutorMeasure, lang: str) -> str:
    if m.overdue_years:
        return _w(lang, "overdue_years", years=", ".join(map(str, m.overdue_years)))
    return _words(lang)["overdue_yes"] if m.overdue else _words(lang)["none"]


def overdue_sentence(measures: list[ExecutorMeasure], as_of: dt.date, lang: str) -> str:
    """What is overdue on ``as_of`` in one sentence: each measure whose term has passed (its last day,
    its status) or whose earlier plan years' actions were not done."""
    items = []
    for m in measures:
        if m.overdue:
            items.append(_w(lang, "overdue_item_term", measure=m.measure, end=_date(m.planned_end),
                            status=_words(lang)[f"status.{m.status}"]))
        elif m.overdue_years:
            items.append(_w(lang, "overdue_item_years", measure=m.measure, years=", ".join(map(str, m.overdue_years))))
    if not items:
        return _w(lang, "no_overdue", date=_date(as_of))
    return _w(lang, "overdue_sentence", date=_date(as_of), items="; ".join(items))


def _counts(t: Summary) -> list[int]:
    return [t.measures, *(getattr(t, s) for s in STATUS_ORDER), t.overdue]


def _counts_headers(lang: str) -> tuple[list[str], list[str]]:
    w = _words(lang)
    return ([w["ui.measures"], *(w[f"status.{s}"] for s in STATUS_ORDER), w["ui.overdue"]],
            ["measures", *STATUS_ORDER, "overdue"])


def _plan_meta(st: TrackingStatus, lang: str) -> list[str]:
    plan = st.plan
    title = clean(plan.title) or os.path.basename(plan.path) or _words(lang)["dash.no_title"]
    meta = [_w(lang, "plan", title=title)]
    if plan.body_name:
        meta.append(_w(lang, "body", body=clean(plan.body_name)))
    if plan.approved_date:
        meta.append(_w(lang, "approved_on", date=_date(plan.approved_date)))
    meta.append(_w(lang, "as_of", date=_date(st.as_of)))
    return meta


def letters(store: Optional[TrackStore], plan_id: Optional[str], as_of: dt.date, lang: str = "ru",
            council: Optional[str] = None, st: Optional[TrackingStatus] = None) -> list[Letter]:
    """One ``Letter`` per executor of the plan on ``as_of`` (``store.executors``' order: most overdue
    first). ``council``: the heading (default ``track.export.council``); ``st``: the plan's status on that
    day when the caller has it (then ``store`` is read only for the terms as printed, and may be None)."""
    _check_lang(lang)
    st = st if st is not None else status(store, plan_id, as_of, lang)
    pid = st.plan.plan_id
    execs: list[ExecutorStatus] = executors(store, pid, as_of, st=st)  # type: ignore[arg-type]  (st given)
    printed = _plan_terms(store, pid)
    w = _words(lang)
    meta = _plan_meta(st, lang)
    counts_headers, counts_keys = _counts_headers(lang)
    headers = [w["ui.number"], w["ui.measure"], w["ui.planned"], w["ui.status"], w["ui.overdue"], w["dash.last_said"]]
    by_measure: dict[str, list[Signal]] = {}
    for s in st.signals:
        if s.measure is not None:
            by_measure.setdefault(s.measure, []).append(s)
    out = []
    for x in execs:
        name = clean(x.name) or w["ui.other"]
        rows = []
        for m in x.measures:
            number, term = printed.get(m.measure, (m.measure, ""))
            word = w[f"status.{m.status}"]
            if m.regression and m.previous_status:
                word = _w(lang, "regressed", status=word, before=w[f"status.{m.previous_status}"])
            rows.append(LetterRow(measure=m.measure, number=number, text=clean(own_text(m.text, m.measure)),
                                  term=_term(m, term, lang), status=m.status, status_word=word,
                                  overdue=_overdue_cell(m, lang), is_overdue=bool(m.overdue or m.overdue_years),
                                  said=_said(m, lang)))
        intro = [_w(lang, "intro", name=name, date=_date(as_of)),
                 _w(lang, "last_report", date=_date(x.last_report)) if x.last_report else w["no_report_yet"]]
        sigs = [clean(s.message) for m in x.measures for s in by_measure.get(m.measure, [])]
        out.append(Letter(
            lang=lang, plan_id=pid, key=x.key, name=name, heading=clean(council) or w["council"],
            subject=w["subject"], to=_w(lang, "to", name=name), meta=meta, intro=intro,
            counts_title=w["counts_title"], counts_headers=counts_headers, counts_keys=counts_keys,
            counts=_counts(x.totals), measures_title=w["measures_title"], headers=headers, rows=rows,
            overdue_title=w["overdue_title"], overdue=overdue_sentence(x.measures, as_of, lang),
            signals_title=w["signals_title"], signals=list(dict.fromkeys(sigs)) or [w["no_signals"]],
            footer=text("track.ui.generator", lang, version=__version__)))
    return out


# --------------------------------------------------------------------------- DOCX


class _Word:
    """A python-docx document set up as the council's paper: A4 (``landscape``: turned, for the wide
    tables of a meeting), margins 30 / 15 / 20 / 20 mm, Times New Roman 12, the language set."""

    def __init__(self, lang: str, title: str, landscape: bool = False):
        # on call: python-docx is needed only when a DOCX is written
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.Mm, self.Pt, self.qn = Mm, Pt, qn
        self.doc = Document()
        sec = self.doc.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        sec.left_margin, sec.right_margin = Mm(30), Mm(15)
        sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
        for name in ("Normal", "Table Grid"):
            try:
                style = self.doc.styles[name]
            except KeyError:
                continue
            style.font.name = "Times New Roman"
            style.font.size = Pt(12)
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = rpr.makeelement(qn("w:rFonts"), {})
                rpr.append(fonts)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), "Times New Roman")
            lang_el = rpr.find(qn("w:lang"))
            if lang_el is None:
                lang_el = rpr.makeelement(qn("w:lang"), {})
                rpr.append(lang_el)
            lang_el.set(qn("w:val"), WORD_LANGUAGE[lang])
        normal = self.doc.styles["Normal"].paragraph_format
        normal.space_after = Pt(0)
        normal.space_before = Pt(0)
        self.doc.core_properties.title = clean(title)[:250]
        self.doc.core_properties.author = "shailoo"
        self.doc.core_properties.language = WORD_LANGUAGE[lang]

    def para(self, text_: str, bold: bool = False, align: str = "justify", indent: bool = False,
             before: int = 0, after: int = 0, size: Optional[int] = None, keep: bool = False):
        from docx.enum.text import WD_ALIGN_PARAGRAPH  # on call: with python-docx (see __init__)

        p = self.doc.add_paragraph()
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        pf = p.paragraph_format
        pf.space_before, pf.space_after = self.Pt(before), self.Pt(after)
        if indent:
            pf.first_line_indent = self.Mm(12.5)
        if keep:  # a heading stays on the page of what follows it
            pf.keep_with_next = True
        run = p.add_run(clean(text_))
        run.bold = bold
        if size:
            run.font.size = self.Pt(size)
        return p

    def heading(self, text_: str, before: int = 12) -> None:
        self.para(text_, bold=True, align="center", before=before, after=6, keep=True)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float], numeric: set[int] = frozenset(),
              bold_last: bool = False):
        """A ruled table: ``headers`` (bold, 10 pt so that a status word fits a number's column, repeated
        on every page), ``rows`` of plain texts (12 pt), column ``widths`` in millimetres; the columns in
        ``numeric`` centred; ``bold_last``: the last row bold (a total)."""
        from docx.enum.table import WD_TABLE_ALIGNMENT  # on call: with python-docx (see __init__)
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        t = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        qn = self.qn
        # the widths in the grid, the cells and the table itself: LibreOffice reads the grid, Word the cells
        for c, width in enumerate(widths):
            t.columns[c].width = self.Mm(width)
        tblpr = t._tbl.tblPr
        tblw = tblpr.find(qn("w:tblW"))
        if tblw is None:
            tblw = tblpr.makeelement(qn("w:tblW"), {})
            tblpr.append(tblw)
        tblw.set(qn("w:w"), str(round(sum(widths) / 25.4 * 1440)))
        tblw.set(qn("w:type"), "dxa")
        for r, values in enumerate([headers, *rows]):
            # a row is never cut between two pages; the header row repeats on each (schema order: cantSplit first)
            trpr = t.rows[r]._tr.get_or_add_trPr()
            trpr.append(trpr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))
            if r == 0:
                trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
            for c, value in enumerate(values):
                cell = t.cell(r, c)
                cell.width = self.Mm(widths[c])
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or c in numeric) else WD_ALIGN_PARAGRAPH.LEFT
                run = p.add_run(clean(str(value)))
                run.bold = r == 0 or (bold_last and r == len(rows))
                if r == 0:
                    run.font.size = self.Pt(10)
        return t

    def save(self, path: str | os.PathLike) -> None:
        _save_atomic(Path(path), self.doc.save)


def _save_atomic(path: Path, save) -> None:
    """Write through ``save(tmp)`` to a temporary file beside ``path``, then rename it over ``path``:
    a reader never sees half a file; an I/O failure is an ``InputError`` naming ``path``."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".shailoo-", suffix=path.suffix, dir=path.parent or ".")
        os.close(fd)
        save(tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        raise InputError(str(path), f"cannot be written ({err.strerror or err})") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


#: The width of the text (mm) on A4 with margins 30 / 15 mm: portrait (the letters) and landscape (the
#: meeting).
TEXT_WIDTH = 165
TEXT_WIDTH_LANDSCAPE = 252

#: The letter's measures table: column widths (mm), 165 in all.
LETTER_WIDTHS = [12, 44, 25, 23, 21, 40]


def letter_docx(letter: Letter, path: str | os.PathLike) -> None:
    """Write ``letter`` as a DOCX at ``path``."""
    d = _Word(letter.lang, f"{letter.subject}: {letter.name}")
    d.para(letter.heading, bold=True, align="center", after=12)
    d.para(letter.to, bold=True, align="right", after=12)
    d.para(letter.subject, bold=True, align="center", after=6)
    for line in letter.meta:
        d.para(line, align="left")
    for line in letter.intro:
        d.para(line, indent=True, before=6)
    d.heading(letter.counts_title)
    d.table(letter.counts_headers, [[str(n) for n in letter.counts]], [TEXT_WIDTH / len(letter.counts)] * len(letter.counts),
            numeric=set(range(len(letter.counts))))
    d.heading(letter.measures_title)
    d.table(letter.headers, [[r.number, r.text, r.term, r.status_word, r.overdue, r.said] for r in letter.rows],
            LETTER_WIDTHS, numeric={0})
    d.heading(letter.overdue_title)
    d.para(letter.overdue, indent=True)
    d.heading(letter.signals_title)
    for s in letter.signals:
        d.para(s, indent=True)
    d.para(letter.footer, align="left", before=18, size=9)
    d.save(path)


# --------------------------------------------------------------------------- HTML

#: The page's policy: its inline style and nothing else (no script, image, font, frame, form or base).
HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=1)
def _environment():
    # on call: jinja2 is needed only for the HTML letters
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def letter_html(letter: Letter) -> str:
    """``letter`` as one self-contained HTML5 page (see the module docstring)."""
    return _environment().get_template(TEMPLATE).render(letter=letter, csp=Markup(HTML_CSP))


# --------------------------------------------------------------------------- writing the letters


def write_letters(store: TrackStore, plan_id: Optional[str], as_of: dt.date, folder: str | os.PathLike,
                  fmt: str = "docx", lang: str = "ru", council: Optional[str] = None,
                  wrote: Optional[Callable[[Path], None]] = None) -> list[Path]:
    """Write one letter per executor into ``folder`` (made when missing) as ``fmt`` (docx, html); return
    the files written, in the letters' order; ``wrote(path)`` is called as each is written. ``plan_id``
    None on a store of several plans: every plan, each in a sub-folder of ``folder`` named from its
    approving body (else its title)."""
    _check_lang(lang)
    if fmt not in LETTER_FORMATS:
        raise ValueError(f"format must be one of {', '.join(LETTER_FORMATS)}: {fmt!r}")
    folder = Path(folder)
    ids = [store.resolve_plan(plan_id)] if plan_id is not None or len(store.plan_ids()) <= 1 else store.plan_ids()
    written: list[Path] = []
    sub_taken: set[str] = set()
    for pid in ids:
        st = status(store, pid, as_of, lang)
        where = folder
        if len(ids) > 1:
            where = folder / safe_name(clean(st.plan.body_name) or clean(st.plan.title) or pid, sub_taken,
                                       limit=FOLDER_MAX, fallback=pid)
        try:
            where.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(str(where), f"cannot be made ({err.strerror or err})") from None
        taken: set[str] = set()
        for letter in letters(store, pid, as_of, lang, council, st=st):
            path = where / f"{safe_name(letter.name, taken)}.{fmt}"
            if fmt == "docx":
                letter_docx(letter, path)
            else:
                page = letter_html(letter)
                _save_atomic(path, lambda tmp, page=page: Path(tmp).write_text(page, encoding="utf-8"))
            written.append(path)
            if wrote is not None:
                wrote(path)
    return written


# --------------------------------------------------------------------------- the meeting


@dataclass
class ChangeRow:
    number: str
    text: str
    executors: str
    before: str
    now: str
    note: str
    regression: bool


@dataclass
class PlanChanges:
    title: str
    line: str
    rows: list[ChangeRow] = field(default_factory=list)


@dataclass
class OverdueRow:
    name: str
    overdue: int
    actions: int
    measures: str


@dataclass
class PlanPart:
    """One part of a section of the meeting summary: its heading (a plan's title, or a signal's) and rows."""

    title: str
    rows: list = field(default_factory=list)


@dataclass
class Meeting:
    """The summary for a council meeting: every line in the language asked for."""

    lang: str
    as_of: dt.date
    heading: str
    title: str
    as_of_line: str
    totals_title: str
    totals_headers: list[str]
    totals_rows: list[list[str]]
    bodies_title: str
    bodies_headers: list[str]
    bodies_rows: list[list[str]]
    changes_title: str
    changes_headers: list[str]
    changes: list[PlanChanges]
    overdue_title: str
    overdue_headers: list[str]
    overdue: list[PlanPart]
    no_overdue: str
    signals_title: str
    signals_headers: list[str]
    signals: list[PlanPart]
    no_signals: str
    footer: str


def _previous_report_date(st: TrackingStatus) -> Optional[dt.date]:
    dates = sorted({r.as_of for r in st.reports})
    return dates[-2] if len(dates) > 1 else None


def _plan_title(st: TrackingStatus, lang: str) -> str:
    return clean(st.plan.title) or os.path.basename(st.plan.path) or _words(lang)["dash.no_title"]


def _printed_executors(m, lang: str) -> str:
    return "; ".join(clean(e.name) for e in m.executor_refs) or _words(lang)["ui.other"]


def meeting(store: TrackStore, as_of: dt.date, since: Optional[dt.date] = None, lang: str = "ru",
            council: Optional[str] = None) -> Meeting:
    """The summary for a council meeting on ``as_of`` (see the module docstring). ``since``: the last
    meeting's day (default: per plan, its report date before the latest one); it must be before
    ``as_of`` (``TrackError`` otherwise)."""
    _check_lang(lang)
    if since is not None and since >= as_of:
        raise TrackError(store.path, f"--since {_date(since)} must be before --as-of {_date(as_of)}")
    w = _words(lang)
    pf = portfolio(store, as_of, lang)
    sts = {p.plan.plan_id: status(store, p.plan.plan_id, as_of, lang) for p in pf.plans}
    counts_headers, _keys = _counts_headers(lang)
    titles = {pid: _plan_title(st, lang) for pid, st in sts.items()}

    totals_rows = [[titles[p.plan.plan_id], clean(p.plan.body_name) or w["dash.unknown_body"],
                    *map(str, _counts(p.totals))] for p in pf.plans]
    totals_rows.append([w["total"], "", *map(str, _counts(pf.totals))])
    bodies_rows = [[clean(b.name) or w["dash.unknown_body"], str(len(b.plans)), *map(str, _counts(b.totals))]
                   for b in pf.by_body]

    changes: list[PlanChanges] = []
    overdue: list[PlanPart] = []
    found: dict[str, list[list[str]]] = {}
    for p in pf.plans:
        pid = p.plan.plan_id
        st, title = sts[pid], titles[pid]
        # the changes since the last meeting
        start = since or _previous_report_date(st)
        if not st.reports:
            changes.append(PlanChanges(title=title, line=_w(lang, "changes_no_reports")))
        elif start is None:
            changes.append(PlanChanges(title=title, line=_w(lang, "changes_first", date=_date(st.reports[-1].as_of))))
        else:
            then = status(store, pid, start, lang).measures
            rows = []
            for a, b in zip(then, st.measures):
                if a.status == b.status:
                    continue
                back = is_regression(a.status, b.status)
                rows.append(ChangeRow(number=b.measure, text=_short(clean(own_text(b.text, b.measure)), 160),
                                      executors=_printed_executors(b, lang), before=w[f"status.{a.status}"],
                                      now=w[f"status.{b.status}"], note=w["dash.regression"] if back else "",
                                      regression=back))
            line = _w(lang, "changes_since", since=_date(start), date=_date(as_of)) if rows else \
                _w(lang, "no_changes", since=_date(start), date=_date(as_of))
            changes.append(PlanChanges(title=title, line=line, rows=rows))
        # overdue by executor
        rows_o = []
        for x in executors(store, pid, as_of, st=st):
            late = [f"{m.measure} ({', '.join(map(str, m.overdue_years))})" if m.overdue_years else m.measure
                    for m in x.measures if m.overdue or m.overdue_years]
            if late:
                rows_o.append(OverdueRow(name=clean(x.name) or w["ui.other"], overdue=x.totals.overdue,
                                         actions=x.totals.overdue_actions, measures=", ".join(late)))
        if rows_o:
            overdue.append(PlanPart(title=title, rows=rows_o))
        # the signals the meeting discusses
        for s in st.signals:
            if s.code in MEETING_SIGNALS:
                found.setdefault(s.code, []).append([title, clean(s.message)])
    signals_ = [PlanPart(title=text(f"track.signals.{code}.title", lang), rows=found[code])
                for code in MEETING_SIGNALS if code in found]

    return Meeting(
        lang=lang, as_of=as_of, heading=clean(council) or w["council"],
        title=_w(lang, "meeting_title", date=_date(as_of)),
        as_of_line=_w(lang, "meeting_as_of", plans=len(pf.plans), date=_date(as_of)),
        totals_title=w["totals_title"], totals_headers=[w["ui.plan"], w["dash.body"], *counts_headers],
        totals_rows=totals_rows, bodies_title=w["bodies_title"],
        bodies_headers=[w["dash.body"], w["dash.plans"], *counts_headers], bodies_rows=bodies_rows,
        changes_title=w["changes_title"],
        changes_headers=[w["ui.number"], w["ui.measure"], w["ui.executor_names"], w["ui.previous"], w["ui.now"],
                         w["note"]],
        changes=changes, overdue_title=w["overdue_by_executor"],
        overdue_headers=[w["ui.executor"], w["overdue_count"], w["dash.overdue_actions"], w["overdue_which"]],
        overdue=overdue,
        no_overdue=_w(lang, "no_overdue", date=_date(as_of)), signals_title=w["meeting_signals"],
        signals_headers=[w["ui.plan"], w["dash.finding"]],
        signals=signals_, no_signals=w["no_meeting_signals"],
        footer=text("track.ui.generator", lang, version=__version__))


#: Column widths (mm) of the meeting's tables, 252 in all (a number column holds its header's status word
#: at 10 pt bold).
TOTALS_WIDTHS = [64, 44, 24, 24, 24, 24, 24, 24]
BODIES_WIDTHS = [84, 24, 24, 24, 24, 24, 24, 24]
CHANGES_WIDTHS = [14, 96, 60, 28, 28, 26]
OVERDUE_WIDTHS = [90, 35, 45, 82]
SIGNALS_WIDTHS = [90, 162]


def meeting_docx(mt: Meeting, path: str | os.PathLike) -> None:
    """Write the meeting summary ``mt`` as a DOCX at ``path``."""
    d = _Word(mt.lang, mt.title, landscape=True)
    d.para(mt.heading, bold=True, align="center", after=12)
    d.para(mt.title, bold=True, align="center")
    d.para(mt.as_of_line, align="center", after=6)
    d.heading(mt.totals_title)
    d.table(mt.totals_headers, mt.totals_rows, TOTALS_WIDTHS, numeric=set(range(2, 8)), bold_last=True)
    d.heading(mt.bodies_title)
    d.table(mt.bodies_headers, mt.bodies_rows, BODIES_WIDTHS, numeric=set(range(1, 8)))
    d.heading(mt.changes_title)
    for pc in mt.changes:
        d.para(pc.title, bold=True, align="left", before=6, keep=True)
        d.para(pc.line, indent=True, after=3, keep=bool(pc.rows))
        if pc.rows:
            d.table(mt.changes_headers, [[r.number, r.text, r.executors, r.before, r.now, r.note] for r in pc.rows],
                    CHANGES_WIDTHS, numeric={0})
    d.heading(mt.overdue_title)
    if not mt.overdue:
        d.para(mt.no_overdue, indent=True)
    for part in mt.overdue:
        d.para(part.title, bold=True, align="left", before=6, after=3, keep=True)
        d.table(mt.overdue_headers, [[r.name, str(r.overdue), str(r.actions), r.measures] for r in part.rows],
                OVERDUE_WIDTHS, numeric={1, 2})
    d.heading(mt.signals_title)
    if not mt.signals:
        d.para(mt.no_signals, indent=True)
    for part in mt.signals:
        d.para(part.title, bold=True, align="left", before=6, after=3, keep=True)
        d.table(mt.signals_headers, part.rows, SIGNALS_WIDTHS)
    d.para(mt.footer, align="left", before=18, size=9)
    d.save(path)


_PDF_MISSING = ("making a PDF needs LibreOffice (soffice), which is not installed; install it "
                "(apt-get install libreoffice-writer) or write --format docx and save it as PDF in Word")


def write_meeting(store: TrackStore, as_of: dt.date, path: str | os.PathLike, since: Optional[dt.date] = None,
                  fmt: str = "docx", lang: str = "ru", council: Optional[str] = None) -> Path:
    """Write the meeting summary on ``as_of`` at ``path`` as ``fmt`` (docx, pdf); return ``path``. PDF is
    the DOCX converted by LibreOffice: ``ConverterMissing`` (exit 4) without it, ``InputError`` (exit 2)
    when the conversion fails."""
    if fmt not in MEETING_FORMATS:
        raise ValueError(f"format must be one of {', '.join(MEETING_FORMATS)}: {fmt!r}")
    mt = meeting(store, as_of, since, lang, council)
    path = Path(path)
    if fmt == "docx":
        meeting_docx(mt, path)
        return path
    # on call: LibreOffice's runner, only for a PDF
    from shailoo.outputs.pdf_export import docx_to_pdf

    with tempfile.TemporaryDirectory(prefix="shailoo-meeting-", ignore_cleanup_errors=True) as tmp:
        src = Path(tmp) / "meeting.docx"
        meeting_docx(mt, src)
        try:
            _save_atomic(path, lambda out: docx_to_pdf(src, out))
        except ConverterMissing:
            raise ConverterMissing(str(path), _PDF_MISSING) from None
    return path
