"""``shailoo track status --format html|xlsx``: the anti-corruption council's dashboard and workbook.

``format_dashboard(st, lang)`` renders a ``TrackingStatus`` as ONE self-contained HTML5 page: an
inline ``<style>`` and one inline ``<script>`` (plain JavaScript), no external CSS, script, font or
image, and a Content-Security-Policy ``<meta>`` that allows only that script by the SHA-256 of its
text (``shailoo.outputs.html.csp``). Every string that comes from a plan or a report (titles, paths,
measure texts, executors, status texts, measure numbers) is plain text: the template is rendered with
Jinja2's autoescaping and the charts, drawn in Python as inline SVG, escape each value with
``markupsafe.escape``; nothing from a document is ever marked safe.

The markup the script and the tests rely on:

* ``#count-measures``, ``#count-done``, ``#count-in_progress``, ``#count-not_started``,
  ``#count-no_report``, ``#count-overdue``: the totals, each element holding just the number;
* ``<svg id="chart-goal">`` and ``<svg id="chart-year">``: one stacked horizontal bar (``g.bar[data-key]``)
  per goal / per planned year, one ``<rect class="seg" data-status data-key data-count>`` per status
  with at least one measure, each with a ``<title>`` tooltip; the legend (``g.legend-item[data-status]``)
  is inside each chart;
* ``section#overdue``: ``section.executor-group[data-executor]`` per executor with overdue measures,
  each listing ``li.overdue[data-measure][data-executor]`` (a measure with several executors is listed
  under each; one without any under ``other``);
* ``table#measures-table``: ``tr.measure[data-measure][data-goal][data-status][data-overdue][data-changed]``
  per measure, in plan order (``data-overdue``/``data-changed`` are ``true``/``false``);
* the filter: ``input.filter-status`` (``#filter-status-done`` …, value = the status), ``input#only-overdue``,
  ``button#status-all``; ``span#visible-count`` holds the number of rows left visible; clicking a
  chart segment or a legend item shows only that status;
* ``section#changes`` (``tr.change[data-measure]``), ``section#unknown`` (``tr.unknown[data-measure]``),
  ``ul#reports`` (``li.report[data-report]``), ``table#summary-goal`` / ``#summary-year`` /
  ``#summary-executor`` (``tr.summary[data-key]``).

``write_xlsx(st, path, lang)`` writes the same data as a workbook (openpyxl): sheets ``measures``,
``by_executor``, ``by_goal``, ``by_year``, ``changes`` and ``unknown``, the header row bold, frozen and
with an auto-filter, dates as dates; written to a temporary file beside ``path`` then renamed over it.

Interface words are data: ``track.ui.*`` and ``track.status.*`` of the message catalogue
(``corpus/messages/<lang>/track.yaml``, read through ``shailoo.corpus.i18n``), held here per language as
``UI`` and ``STATUS_WORDS``; report languages are named by ``common.language.*``. Library code does not print.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from markupsafe import Markup, escape

from shailoo.apps.track.store import STATUS_ORDER, MeasureStatus, Summary, TrackingStatus
from shailoo.corpus.i18n import LANGS, by_lang, group
from shailoo.outputs.cells import XlsxCells
from shailoo.parsers.extract.bodies import gazetteer
from shailoo.version import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "track.html.j2"

#: The colour of each status in the charts, the badges and the legend.
STATUS_COLOURS = {"done": "#2e7d32", "in_progress": "#1565c0", "not_started": "#ef6c00", "no_report": "#9e9e9e"}

#: The interface words of the dashboard and the workbook, per language (``track.ui.*`` of the catalogue).
UI: dict[str, dict[str, str]] = {lang: group("track.ui", lang) for lang in LANGS}

#: The name of each status, per status and language (``track.status.*``; also the text listing's words).
STATUS_WORDS: dict[str, dict[str, str]] = {s: by_lang(f"track.status.{s}") for s in STATUS_ORDER}

#: Names of the report languages (the store records ``ru`` or ``ky``), in each interface language.
LANGUAGE_NAMES: dict[str, dict[str, str]] = {code: by_lang(f"common.language.{code}") for code in ("ru", "ky")}


def _check_lang(lang: str) -> dict[str, str]:
    if lang not in LANGS:
        raise ValueError(f"lang must be ru, ky or en: {lang!r}")
    return UI[lang]


def status_word(status: Optional[str], lang: str) -> str:
    return STATUS_WORDS[status][lang] if status in STATUS_WORDS else (status or "")


def _date(d: Optional[dt.date]) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def _years(years: list[int]) -> str:
    """2023–2025 for consecutive years, else 2023, 2025."""
    if not years:
        return ""
    ys = sorted(set(years))
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def executor_names(st: TrackingStatus, lang: str) -> dict[str, str]:
    """The display name of every executor id of ``st`` in ``lang`` (the body's title in that language,
    else the summary's Russian name, else the id); ``other`` is the interface's «no executor given»."""
    g = gazetteer()
    names = {s.key: s.name for s in st.by_executor}
    keys = list(names) + [e for m in st.measures for e in m.executors]
    out: dict[str, str] = {}
    for k in keys:
        if k in out:
            continue
        body = g.get(k)
        title = (body.title or {}) if body is not None else {}
        out[k] = title.get(lang) or names.get(k) or title.get("ru") or title.get("ky") or k
    out["other"] = UI[lang]["other"]
    return out


# --------------------------------------------------------------------------- the charts (inline SVG)

CHART_WIDTH = 760
LABEL_WIDTH = 110
VALUE_WIDTH = 170
BAR_HEIGHT = 20
BAR_GAP = 10
LEGEND_HEIGHT = 30


@dataclass
class Bar:
    """One stacked bar: ``key`` (a goal number or a year), its label, the tooltip's longer name, counts."""

    key: str
    label: str
    name: str
    counts: dict[str, int]
    measures: int
    overdue: int = 0


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _attrs(**kv: Any) -> str:
    """Attributes from keywords (``class_`` → ``class``, ``data_key`` → ``data-key``), values escaped."""
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for k, v in kv.items())


def chart_svg(svg_id: str, title: str, bars: list[Bar], lang: str) -> Markup:
    """A stacked horizontal bar chart: one bar per item of ``bars``, one ``rect.seg`` per status with
    measures (``data-status``, ``data-key``, ``data-count``, a ``<title>`` tooltip), the total (and the
    overdue count) to the right of the bar, the legend on top. Every text is escaped here."""
    ui = UI[lang]
    bar_area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = LEGEND_HEIGHT + max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    top = max((b.measures for b in bars), default=0) or 1
    svg = _attrs(id=svg_id, class_="chart", role="img", width=CHART_WIDTH, height=height,
                 viewBox=f"0 0 {CHART_WIDTH} {height}", aria_labelledby=f"{svg_id}-title")
    out = [f'<svg{svg}>',
           f'<title id="{escape(svg_id)}-title">{escape(title)}</title>']
    # the legend
    out.append('<g class="legend">')
    slot = 32 + 7 * max(len(status_word(s, lang)) for s in STATUS_ORDER)  # ~7 px a character at 12 px
    for i, s in enumerate(STATUS_ORDER):
        word, x = status_word(s, lang), LABEL_WIDTH + i * slot
        out.append(f'<g{_attrs(class_="legend-item", data_status=s)}><title>{escape(word)}</title>'
                   f'<rect{_attrs(class_="swatch", x=x, y=6, width=14, height=14, fill=STATUS_COLOURS[s])}/>'
                   f'<text{_attrs(x=x + 19, y=17)}>{escape(word)}</text></g>')
    out.append("</g>")
    if not bars:
        out.append(f'<text{_attrs(class_="empty", x=LABEL_WIDTH, y=LEGEND_HEIGHT + 16)}>{escape(ui["no_data"])}</text>')
    for i, b in enumerate(bars):
        y = LEGEND_HEIGHT + BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        full = f"{b.label}: {b.name}" if b.name and b.name != b.label else b.label
        out.append(f'<g{_attrs(class_="bar", data_key=b.key, data_measures=b.measures, data_overdue=b.overdue)}>')
        label = b.label if len(b.label) <= 14 else b.label[:13] + "…"
        out.append(f'<text{_attrs(class_="bar-label", x=LABEL_WIDTH - 8, y=y + 14, text_anchor="end")}>'
                   f'<title>{escape(full)}</title>{escape(label)}</text>')
        cum = 0
        for s in STATUS_ORDER:
            c = b.counts.get(s, 0)
            if not c:
                continue
            sx, w = LABEL_WIDTH + cum * bar_area / top, c * bar_area / top
            tip = f"{full} — {status_word(s, lang)}: {c} {ui['of']} {b.measures}"
            seg = _attrs(class_="seg", data_status=s, data_key=b.key, data_count=c, x=_n(sx), y=y, width=_n(w),
                         height=BAR_HEIGHT, fill=STATUS_COLOURS[s])
            out.append(f'<rect{seg}><title>{escape(tip)}</title></rect>')
            if w >= 18:
                out.append(f'<text{_attrs(class_="seg-count", x=_n(sx + w / 2), y=y + 14, text_anchor="middle")}>{c}</text>')
            cum += c
        value = f'<tspan class="bar-total">{b.measures}</tspan>'
        if b.overdue:
            value += f'<tspan class="bar-overdue"> · {escape(ui["overdue_word"])}: {b.overdue}</tspan>'
        out.append(f'<text{_attrs(class_="bar-value", x=_n(LABEL_WIDTH + b.measures * bar_area / top + 6), y=y + 14)}>{value}</text>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("\n".join(out))


def _bars(summaries: list[Summary], label, name) -> list[Bar]:
    return [Bar(key=s.key, label=label(s), name=name(s) or "", counts={k: getattr(s, k) for k in STATUS_ORDER},
                measures=s.measures, overdue=s.overdue) for s in summaries]


# --------------------------------------------------------------------------- view models


@dataclass
class MeasureView:
    m: MeasureStatus
    text: str
    status_word: str
    executor: str
    executor_ids: str
    years: str
    dates: str
    status_date: str
    previous_word: str = ""
    change: str = ""


@dataclass
class GroupView:
    key: str
    name: str
    items: list[MeasureView] = field(default_factory=list)


def _without_number(text: str, number: str) -> str:
    """The measure's text without its own number in front («3.2. Повышение …» → «Повышение …»)."""
    t = (text or "").lstrip()
    if number and t.startswith(number):
        rest = t[len(number):]
        if rest[:1] in (".", ")", " ", "\t"):
            rest = rest.lstrip(".) \t")
            if rest:
                return rest
    return text or ""


def _measure_view(m: MeasureStatus, lang: str, names: dict[str, str]) -> MeasureView:
    ui = UI[lang]
    executor = m.executor_text or ", ".join(names.get(e, e) for e in m.executors) or ui["other"]
    dates = f"{_date(m.planned_start)} – {_date(m.planned_end)}" if m.planned_start or m.planned_end else ""
    v = MeasureView(m=m, text=_without_number(m.text, m.measure), status_word=status_word(m.status, lang), executor=executor,
                    executor_ids=", ".join(names.get(e, e) for e in m.executors), years=_years(m.planned_years),
                    dates=dates, status_date=_date(m.status_date))
    if m.previous_status is not None:
        v.previous_word = status_word(m.previous_status, lang)
        v.change = f"{v.previous_word} → {v.status_word}" if m.changed else ui["unchanged"]
    return v


def _overdue_groups(st: TrackingStatus, views: list[MeasureView], names: dict[str, str]) -> list[GroupView]:
    """Executors with overdue measures, most overdue first (ties in the order of ``by_executor``)."""
    order = {s.key: i for i, s in enumerate(st.by_executor)}
    groups: dict[str, GroupView] = {}
    for v in views:
        if not v.m.overdue:
            continue
        for e in v.m.executors or ["other"]:
            groups.setdefault(e, GroupView(key=e, name=names.get(e, e))).items.append(v)
    return sorted(groups.values(), key=lambda g: (-len(g.items), order.get(g.key, len(order)), g.key))


# --------------------------------------------------------------------------- the page


@lru_cache(maxsize=1)
def _static() -> tuple[str, str]:
    """(style, script) as shipped beside the template: the project's own text, never a document's. The
    style is the report's ``base.css`` (fonts, colours, tables, filter bar, print) then ``track.css``."""
    # on call: shailoo.outputs.html brings the rules catalogue (~0.1 s), which track status and xlsx never need
    from shailoo.outputs.html import stylesheet

    css = stylesheet(TEMPLATES / "track.css")
    js = (TEMPLATES / "track.js").read_text(encoding="utf-8")
    if "</script" in js.lower():
        raise ValueError("track.js must not contain a closing </script>")
    return css, js


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def format_dashboard(st: TrackingStatus, lang: str = "ru") -> str:
    """The council's dashboard of ``st`` as one self-contained HTML5 page (see the module docstring).

    ``lang`` (ru, ky, en) is the language of the interface; the plan's and the reports' texts stay as
    written. Returns the page's text; prints nothing, reads only the shipped template files, never the
    network. Raises ValueError for another ``lang``."""
    ui = _check_lang(lang)
    # on call: shailoo.outputs.html brings the rules catalogue (~0.1 s), which track status and xlsx never need
    from shailoo.outputs.html import csp

    names = executor_names(st, lang)
    views = [_measure_view(m, lang, names) for m in st.measures]
    by_measure = {id(v.m): v for v in views}
    changes = [by_measure.get(id(m)) or _measure_view(m, lang, names) for m in st.changes]
    goal_chart = chart_svg("chart-goal", ui["chart_goal"], _bars(
        st.by_goal, lambda s: ui["goal_label"].format(key=s.key), lambda s: s.name), lang)
    year_chart = chart_svg("chart-year", ui["chart_year"], _bars(st.by_year, lambda s: s.key, lambda s: None), lang)
    reports = {r.report_id: r for r in st.reports}
    t = st.totals
    totals = [("measures", ui["measures"], t.measures)] + [(s, status_word(s, lang), getattr(t, s)) for s in STATUS_ORDER] \
        + [("overdue", ui["overdue"], t.overdue)]
    plan = st.plan
    period = f"{_date(plan.period_start)} – {_date(plan.period_end)}" if plan.period_start or plan.period_end else ""
    meta = [(ui["plan_id"], plan.plan_id, "plan-id"), (ui["file"], plan.path, "plan-path"),
            (ui["doc_title"], plan.title or "", "plan-title"), (ui["period"], period, "plan-period"),
            (ui["years"], ", ".join(map(str, plan.years)), "plan-years"), (ui["as_of"], _date(st.as_of), "as-of"),
            (ui["sha256"], plan.sha256, "plan-sha256")]
    css, js = _static()
    return _environment().get_template(TEMPLATE).render(
        lang=lang, ui=ui, version=__version__, st=st, meta=meta, totals=totals,
        title=f"{ui['title']}: {plan.plan_id}, {_date(st.as_of)}",
        reports=[(r, _date(r.as_of), LANGUAGE_NAMES.get(r.language or "", {}).get(lang, r.language or "")) for r in st.reports],
        goal_chart=goal_chart, year_chart=year_chart, measures=views, changes=changes,
        groups=_overdue_groups(st, views, names), names=names, status_order=STATUS_ORDER,
        status_words={s: status_word(s, lang) for s in STATUS_ORDER},
        summaries=[("summary-goal", ui["by_goal"], ui["goal"], st.by_goal, {s.key: s.name or "" for s in st.by_goal}, True),
                   ("summary-year", ui["by_year"], ui["year"], st.by_year, {}, True),
                   ("summary-executor", None, ui["executor"], st.by_executor,
                    {s.key: names.get(s.key, s.name or s.key) for s in st.by_executor}, False)],
        unknown=[(u, reports.get(u.report_id)) for u in st.unknown_measures], date=_date,
        csp=Markup(csp(js)), style=Markup(css), script=Markup(js),
    )


# --------------------------------------------------------------------------- the workbook

SHEETS = ("measures", "by_executor", "by_goal", "by_year", "changes", "unknown")


def _sheet(wb, name: str, headers: list[str], rows: list[list[Any]], widths: list[int],
           cells: Optional[XlsxCells] = None) -> None:
    """One sheet; every text a string cell within Excel's limits (``shailoo.outputs.cells``): a document's
    text that starts with «=», «+», «-» or «@» stays text, never a formula."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    ws.append(headers)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    cells = cells if cells is not None else XlsxCells()
    for r in rows:
        ws.append(cells.row(ws, r))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _summary_rows(items: list[Summary], names: Optional[dict[str, str]] = None, as_int: bool = False) -> list[list[Any]]:
    out = []
    for s in items:
        key: Any = int(s.key) if as_int and s.key.isdigit() else s.key
        out.append([key, (names or {}).get(s.key, s.name) if names is not None else s.name, s.measures]
                   + [getattr(s, k) for k in STATUS_ORDER] + [s.overdue])
    return out


def write_xlsx(st: TrackingStatus, path: str, lang: str = "ru") -> None:
    """Write ``st`` as an .xlsx workbook at ``path`` (sheets ``SHEETS``; headers in ``lang``), atomically:
    a temporary file in the same directory, then ``os.replace``. Raises ValueError for another ``lang``."""
    ui = _check_lang(lang)
    from openpyxl import Workbook

    names = executor_names(st, lang)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"{ui['title']}: {st.plan.plan_id}"
    wb.properties.subject = f"{st.plan.path}; {ui['as_of']} {st.as_of.isoformat()}"
    wb.properties.creator = "shailoo"

    def measure_row(m: MeasureStatus) -> list[Any]:
        return [m.measure, m.goal, m.goal_text, m.text, ", ".join(m.executors),
                "; ".join(names.get(e, e) for e in m.executors), m.executor_text,
                ", ".join(map(str, m.planned_years)), m.planned_start, m.planned_end, m.status,
                status_word(m.status, lang), m.status_text, m.status_date, m.report_id, m.report_as_of,
                m.overdue, m.no_report, m.previous_status,
                status_word(m.previous_status, lang) if m.previous_status else None, m.changed]

    _sheet(wb, "measures",
           [ui["number"], ui["goal"], ui["goal_text"], ui["measure"], ui["executors"], ui["executor_names"],
            ui["executor_text"], ui["planned_years"], ui["planned_start"], ui["planned_end"], ui["status_code"],
            ui["status"], ui["status_text"], ui["status_date"], ui["report_id"], ui["report_as_of"], ui["overdue"],
            ui["no_report"], ui["previous_status"], ui["previous_word"], ui["changed"]],
           [measure_row(m) for m in st.measures],
           [8, 7, 40, 60, 24, 40, 40, 16, 12, 12, 13, 16, 40, 12, 14, 12, 11, 11, 14, 16, 11])
    counts = [ui["measures"]] + [status_word(s, lang) for s in STATUS_ORDER] + [ui["overdue"]]
    _sheet(wb, "by_executor", [ui["key"], ui["executor"]] + counts,
           _summary_rows(st.by_executor, {s.key: names.get(s.key, s.name or s.key) for s in st.by_executor}),
           [22, 60] + [13] * 6)
    _sheet(wb, "by_goal", [ui["goal"], ui["name"]] + counts, _summary_rows(st.by_goal), [8, 70] + [13] * 6)
    _sheet(wb, "by_year", [ui["year"], ui["name"]] + counts, _summary_rows(st.by_year, as_int=True),
           [8, 10] + [13] * 6)
    _sheet(wb, "changes",
           [ui["number"], ui["goal"], ui["measure"], ui["executor"], ui["previous_status"], ui["previous"],
            ui["status_code"], ui["now"], ui["status_text"], ui["status_date"], ui["report_as_of"]],
           [[m.measure, m.goal, m.text, m.executor_text or "; ".join(names.get(e, e) for e in m.executors),
             m.previous_status, status_word(m.previous_status, lang) if m.previous_status else None, m.status,
             status_word(m.status, lang), m.status_text, m.status_date, m.report_as_of] for m in st.changes],
           [8, 7, 60, 40, 14, 16, 13, 16, 40, 12, 12])
    reports = {r.report_id: r for r in st.reports}
    _sheet(wb, "unknown",
           [ui["report_id"], ui["report_as_of"], ui["report_path"], ui["row"], ui["number"], ui["status_text"]],
           [[u.report_id, reports[u.report_id].as_of if u.report_id in reports else None,
             reports[u.report_id].path if u.report_id in reports else None, u.row, u.measure, u.status_text]
            for u in st.unknown_measures],
           [14, 12, 40, 8, 10, 60])

    target = os.path.abspath(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target))
    try:
        os.close(fd)
        wb.save(tmp)
        os.chmod(tmp, os.stat(target).st_mode & 0o777 if os.path.exists(target) else 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
