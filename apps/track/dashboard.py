"""``shailoo track status --format html|xlsx``: the anti-corruption council's dashboard and workbook.

Two pages, each ONE self-contained HTML5 file: an inline ``<style>`` and one inline ``<script>`` (plain
JavaScript), no external CSS, script, font or image, and a Content-Security-Policy ``<meta>`` that allows
only that script by the SHA-256 of its text (``shailoo.outputs.html.csp``); the only links are anchors
inside the page (``href="#…"``). Every string that comes from a plan or a report (titles, bodies, paths,
measure texts, executors, status texts, measure numbers, signal messages) is plain text: the template is
rendered with Jinja2's autoescaping and the charts, drawn in Python as inline SVG, escape each value with
``markupsafe.escape``; nothing from a document is ever marked safe. Names are as the plan prints them
(executors, approving bodies), never gazetteer ids; dates DD.MM.YYYY.

* ``format_dashboard(st, lang, timelines, executors)``: one plan on one day (``track status --plan ID
  --format html``); ``plan_dashboard(store, plan_id, as_of, lang)`` gathers what it shows from a store.
* ``format_portfolio_dashboard(pf, pages, lang)``: every plan of a store on one day (``track status
  --format html`` on a store with several plans, or ``--portfolio``): the portfolio — per plan and per
  approving body the counts with a small stacked bar, the executors and plans with most overdue, each
  linking to its part of the page — then one section per plan with everything the one-plan page has;
  ``portfolio_dashboard(store, as_of, lang)`` gathers it from a store.

One plan's part (``section.plan``; on the one-plan page its ids have no prefix, on the portfolio page
they start with ``plan-N-``, N = the plan's place in the portfolio, 1-based, and the section is
``#plan-N``) — the markup the script and the tests rely on:

* ``#count-measures``, ``#count-done``, ``#count-in_progress``, ``#count-not_started``,
  ``#count-no_report``, ``#count-overdue``: the totals, each element holding just the number;
* ``<svg id="chart-goal">`` and ``<svg id="chart-year">`` (``data-filter="status"``): one stacked
  horizontal bar (``g.bar[data-key]``) per goal / per plan year — the year's bar counts the measures
  planned in it by their status at the end of that year (``YearSummary``) —, one ``<rect class="seg"
  data-status data-key data-count>`` per status with at least one measure, each with a ``<title>``
  tooltip; the legend (``g.legend-item[data-status]``) is inside each chart;
* ``<svg id="chart-trend">``: one stacked vertical bar ``g.trend-point[data-as-of][data-measures]
  [data-overdue][data-reports]`` per report date (``TrackingStatus.trend``), its ``rect.seg`` as above;
* ``section#signals``: ``tr.signal[data-code][data-severity][data-measure]`` per signal;
* ``section#overdue``: ``section.executor-group[data-executor]`` per executor with overdue measures
  (named as printed), each listing ``li.overdue[data-measure][data-executor]`` (a measure with several
  executors is listed under each; one without any under ``other``);
* ``section#executors``: the summary table ``#summary-executor`` (``tr.summary[data-key]``, each name a
  link to the executor's view) and ``details.executor-view[data-executor]`` (``#exec-N``) per executor:
  its measures (``tr.executor-measure[data-measure][data-status][data-overdue]``), what is overdue
  (``.overdue-sentence``), what the last report said;
* ``table#measures-table``: ``tr.measure[data-measure][data-goal][data-status][data-overdue][data-changed]
  [data-regression]`` per measure, in plan order; a measure's text opens its timeline
  (``details.timeline`` → ``li.entry[data-as-of][data-status][data-mentioned]``, one per report date);
* the filter: ``input.filter-status`` (``#filter-status-done`` …, value = the status), ``input#only-overdue``,
  ``button#status-all``; ``span#visible-count`` holds the number of rows left visible; clicking a goal
  or year chart segment or a legend item shows only that status;
* ``section#changes`` (``tr.change[data-measure]``), ``section#unknown`` (``tr.unknown[data-measure]``),
  ``ul#reports`` (``li.report[data-report]``), ``table#summary-goal`` / ``#summary-year``.

The portfolio's part (``section#portfolio``): ``#count-plans`` and ``#count-*`` as above for every plan
together; ``table#portfolio-plans`` (``tr.plan-row[data-plan]``, the counts in ``td[data-count=KEY]``, a
``svg.minibar``, the title a link to ``#plan-N``), ``table#portfolio-bodies`` (``tr.body-row``),
``table#laggards`` (``tr.laggard``: an executor of a plan, a link to its view) and ``ol#worst-plans``.

``write_xlsx(st, path, lang)`` writes one plan as a workbook (openpyxl): sheets ``measures``,
``by_executor``, ``by_goal``, ``by_year``, ``changes`` and ``unknown`` (``SHEETS``), each named in ``lang``
(``sheet_title``: ru «Меры», «Исполнители» …; ``track.ui.sheet.*``), executors named as the plan prints
them, the header row bold, frozen and with an auto-filter, dates as dates, every text a safe cell
(``shailoo.outputs.cells``); written to a temporary file beside ``path`` then renamed over it.

Interface words are data: ``track.ui.*``, ``track.dashboard.*`` and ``track.status.*`` of the message
catalogue (``corpus/messages/<lang>/track.yaml``, read through ``shailoo.corpus.i18n``), held here per
language as ``UI``, ``DASH`` and ``STATUS_WORDS``; report languages are named by ``common.language.*``,
severities by ``common.severity.one.*``. Library code does not print.
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

from shailoo.apps.track.models import (ExecutorStatus, own_text, MeasureTimeline, Portfolio, Signal, TimelineEntry,
                                       TrackingStatus)
from shailoo.apps.track.store import (STATUS_ORDER, MeasureStatus, Summary, TrackError, TrackStore, executors,
                                      portfolio, status, timeline)
from shailoo.corpus.i18n import LANGS, by_lang, group
from shailoo.outputs.cells import XlsxCells
from shailoo.version import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "track.html.j2"

#: The colour of each status in the charts, the badges and the legend.
STATUS_COLOURS = {"done": "#2e7d32", "in_progress": "#1565c0", "not_started": "#ef6c00", "no_report": "#9e9e9e"}
OVERDUE_COLOUR = "#b00020"

#: The interface words of the dashboard and the workbook, per language (``track.ui.*`` of the catalogue).
UI: dict[str, dict[str, str]] = {lang: group("track.ui", lang) for lang in LANGS}

#: The words of the portfolio, the trend, the timelines and the executor views (``track.dashboard.*``).
DASH: dict[str, dict[str, str]] = {lang: group("track.dashboard", lang) for lang in LANGS}

#: The name of each status, per status and language (``track.status.*``; also the text listing's words).
STATUS_WORDS: dict[str, dict[str, str]] = {s: by_lang(f"track.status.{s}") for s in STATUS_ORDER}

#: Names of the report languages (the store records ``ru`` or ``ky``), in each interface language.
LANGUAGE_NAMES: dict[str, dict[str, str]] = {code: by_lang(f"common.language.{code}") for code in ("ru", "ky")}

#: The severity of a signal in a word (``common.severity.one.*``).
SEVERITY_WORDS: dict[str, dict[str, str]] = {lang: group("common.severity.one", lang) for lang in LANGS}

#: How many signals of a severity (``common.severity.many.*``: «Ошибки», «Предупреждения» …).
SEVERITY_MANY: dict[str, dict[str, str]] = {lang: group("common.severity.many", lang) for lang in LANGS}

#: A signal's name for the council (``track.signals.<CODE>.title``).
SIGNAL_CODES = ("TR201", "TR202", "TR203", "TR204")
SIGNAL_TITLES: dict[str, dict[str, str]] = {c: by_lang(f"track.signals.{c}.title") for c in SIGNAL_CODES}


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
    """The name of every executor key of ``st`` as the plan prints it (``Executor.name``; the summaries'
    names when a measure's list lacks it); ``other`` is the interface's «no executor given»."""
    out: dict[str, str] = {}
    for m in st.measures:
        for e in m.executor_refs:
            out.setdefault(e.key, e.name)
    for s in st.by_executor:
        if s.name:
            out.setdefault(s.key, s.name)
    out["other"] = UI[lang]["other"]
    return out


def _printed_executors(m: MeasureStatus) -> str:
    """A measure's executors as the plan prints them, one after another (``; ``)."""
    return "; ".join(e.name for e in m.executor_refs)


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


def _legend(lang: str, x0: int) -> list[str]:
    out = ['<g class="legend">']
    slot = 32 + 7 * max(len(status_word(s, lang)) for s in STATUS_ORDER)  # ~7 px a character at 12 px
    for i, s in enumerate(STATUS_ORDER):
        word, x = status_word(s, lang), x0 + i * slot
        out.append(f'<g{_attrs(class_="legend-item", data_status=s)}><title>{escape(word)}</title>'
                   f'<rect{_attrs(class_="swatch", x=x, y=6, width=14, height=14, fill=STATUS_COLOURS[s])}/>'
                   f'<text{_attrs(x=x + 19, y=17)}>{escape(word)}</text></g>')
    out.append("</g>")
    return out


def chart_svg(svg_id: str, title: str, bars: list[Bar], lang: str, filter_: bool = True) -> Markup:
    """A stacked horizontal bar chart: one bar per item of ``bars``, one ``rect.seg`` per status with
    measures (``data-status``, ``data-key``, ``data-count``, a ``<title>`` tooltip), the total (and the
    overdue count) to the right of the bar, the legend on top. Every text is escaped here. ``filter_``:
    clicking a segment filters the measures table (``data-filter="status"``)."""
    ui = UI[lang]
    bar_area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = LEGEND_HEIGHT + max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    top = max((b.measures for b in bars), default=0) or 1
    extra = {"data_filter": "status"} if filter_ else {}
    svg = _attrs(id=svg_id, class_="chart", role="img", width=CHART_WIDTH, height=height,
                 viewBox=f"0 0 {CHART_WIDTH} {height}", aria_labelledby=f"{svg_id}-title", **extra)
    out = [f'<svg{svg}>',
           f'<title id="{escape(svg_id)}-title">{escape(title)}</title>']
    out.extend(_legend(lang, LABEL_WIDTH))
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


TREND_LEFT = 48
TREND_RIGHT = 16
TREND_TOP = LEGEND_HEIGHT + 22
TREND_PLOT = 180


def trend_svg(svg_id: str, title: str, st: TrackingStatus, lang: str) -> Markup:
    """The plan's totals over its report dates (``st.trend``): one stacked vertical bar per report date
    (``g.trend-point[data-as-of]``, a ``rect.seg`` per status with measures, bottom up in
    ``STATUS_ORDER``), the overdue count above it, the date under it, the legend on top. The totals of a
    date are where the measures stood with every report up to that date (none after)."""
    ui, dash = UI[lang], DASH[lang]
    points = st.trend
    n = max(len(points), 1)
    slot = (CHART_WIDTH - TREND_LEFT - TREND_RIGHT) / n
    width = min(56.0, slot * 0.6)
    tilt = slot < 76  # dates under the bars would touch: write them slanted
    bottom = 64 if tilt else 30
    height = TREND_TOP + TREND_PLOT + bottom
    top = max((p.totals.measures for p in points), default=0) or 1
    svg = _attrs(id=svg_id, class_="chart trend", role="img", width=CHART_WIDTH, height=height,
                 viewBox=f"0 0 {CHART_WIDTH} {height}", aria_labelledby=f"{svg_id}-title")
    out = [f'<svg{svg}>', f'<title id="{escape(svg_id)}-title">{escape(title)}</title>']
    out.extend(_legend(lang, TREND_LEFT))
    base = TREND_TOP + TREND_PLOT
    # the axis: 0 and the most measures
    out.append(f'<line{_attrs(class_="axis", x1=TREND_LEFT - 4, y1=base, x2=CHART_WIDTH - TREND_RIGHT, y2=base)}/>')
    out.append(f'<text{_attrs(class_="tick", x=TREND_LEFT - 8, y=base + 4, text_anchor="end")}>0</text>')
    out.append(f'<text{_attrs(class_="tick", x=TREND_LEFT - 8, y=TREND_TOP + 4, text_anchor="end")}>{top}</text>')
    out.append(f'<line{_attrs(class_="grid", x1=TREND_LEFT - 4, y1=TREND_TOP, x2=CHART_WIDTH - TREND_RIGHT, y2=TREND_TOP)}/>')
    if not points:
        out.append(f'<text{_attrs(class_="empty", x=TREND_LEFT + 8, y=TREND_TOP + TREND_PLOT / 2)}>'
                   f'{escape(dash["no_trend"])}</text>')
    for i, p in enumerate(points):
        t = p.totals
        cx = TREND_LEFT + slot * (i + 0.5)
        x = cx - width / 2
        day = _date(p.as_of)
        head = dash["trend_tip"].format(date=day, reports=p.reports)
        out.append(f'<g{_attrs(class_="trend-point", data_as_of=p.as_of.isoformat(), data_date=day, data_reports=p.reports, data_measures=t.measures, data_overdue=t.overdue)}>')
        out.append(f'<title>{escape(head)}</title>')
        y = float(base)
        for s in STATUS_ORDER:
            c = getattr(t, s)
            if not c:
                continue
            h = c * TREND_PLOT / top
            y -= h
            tip = f"{head} — {status_word(s, lang)}: {c} {ui['of']} {t.measures}"
            seg = _attrs(class_="seg", data_status=s, data_key=p.as_of.isoformat(), data_count=c, x=_n(x), y=_n(y),
                         width=_n(width), height=_n(h), fill=STATUS_COLOURS[s])
            out.append(f'<rect{seg}><title>{escape(tip)}</title></rect>')
            if h >= 14 and width >= 18:
                out.append(f'<text{_attrs(class_="seg-count", x=_n(cx), y=_n(y + h / 2 + 4), text_anchor="middle")}>{c}</text>')
        if t.overdue:
            said = f'{ui["overdue_word"]}: {t.overdue}' if slot >= 120 else f"! {t.overdue}"
            out.append(f'<text{_attrs(class_="trend-overdue", x=_n(cx), y=_n(y - 5), text_anchor="middle")}>'
                       f'<title>{escape(ui["overdue"])}: {t.overdue}</title>{escape(said)}</text>')
        if tilt:
            out.append(f'<text{_attrs(class_="trend-date", x=_n(cx), y=base + 14, text_anchor="end", transform=f"rotate(-40 {_n(cx)} {base + 14})")}>{escape(day)}</text>')
        else:
            out.append(f'<text{_attrs(class_="trend-date", x=_n(cx), y=base + 18, text_anchor="middle")}>{escape(day)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("\n".join(out))


def minibar_svg(key: str, s: Summary, lang: str, width: int = 120, height: int = 14) -> Markup:
    """A small stacked bar of one summary (a plan, a body): ``svg.minibar[data-key]``, one ``rect.seg``
    per status with measures, its width the share of the measures; a ``<title>`` with the counts."""
    ui = UI[lang]
    total = s.measures or 1
    tip = ", ".join(f"{status_word(k, lang)}: {getattr(s, k)}" for k in STATUS_ORDER) + \
        f"; {ui['overdue_word']}: {s.overdue}"
    out = [f'<svg{_attrs(class_="minibar", data_key=key, role="img", width=width, height=height, viewBox=f"0 0 {width} {height}")}>',
           f"<title>{escape(tip)}</title>"]
    x = 0.0
    for k in STATUS_ORDER:
        c = getattr(s, k)
        if not c:
            continue
        w = c * width / total
        out.append(f'<rect{_attrs(class_="seg", data_status=k, data_count=c, x=_n(x), y=0, width=_n(w), height=height, fill=STATUS_COLOURS[k])}/>')
        x += w
    if not s.measures:
        out.append(f'<rect{_attrs(class_="empty", x=0, y=0, width=width, height=height, fill="#eeeeee")}/>')
    out.append("</svg>")
    return Markup("".join(out))


def _bars(summaries: list[Summary], label, name) -> list[Bar]:
    return [Bar(key=s.key, label=label(s), name=name(s) or "", counts={k: getattr(s, k) for k in STATUS_ORDER},
                measures=s.measures, overdue=s.overdue) for s in summaries]


# --------------------------------------------------------------------------- view models


@dataclass
class EntryView:
    """What one report date said of a measure (a row of its timeline)."""

    e: TimelineEntry
    date: str
    status_word: str
    status_date: str


@dataclass
class MeasureView:
    m: MeasureStatus
    text: str
    status_word: str
    executor: str
    years: str
    dates: str
    status_date: str
    previous_word: str = ""
    change: str = ""
    overdue_years: str = ""
    timeline: list[EntryView] = field(default_factory=list)


@dataclass
class GroupView:
    key: str
    name: str
    anchor: str = ""
    items: list[MeasureView] = field(default_factory=list)


@dataclass
class ExecutorMeasureView:
    number: str
    text: str
    years: str
    end: str
    status: str
    status_word: str
    status_date: str
    status_text: str
    overdue: bool
    overdue_years: str
    regression: bool
    signals: list[tuple[str, str]]


@dataclass
class ExecutorView:
    """One executor's view: its measures, the counts, what is overdue, the last report's date."""

    key: str
    anchor: str
    name: str
    totals: Summary
    last_report: str
    measures: list[ExecutorMeasureView]
    overdue: list[str]


@dataclass
class SignalView:
    s: Signal
    title: str
    severity: str


@dataclass
class PlanView:
    """One plan's part of a page: ``prefix`` starts every id in it (``""`` on the one-plan page)."""

    st: TrackingStatus
    prefix: str
    anchor: str
    index: int
    title: str
    meta: list[tuple[str, str, str]]
    reports: list[tuple[Any, str, str]]
    totals: list[tuple[str, str, int]]
    goal_chart: Markup
    year_chart: Markup
    trend_chart: Markup
    measures: list[MeasureView]
    changes: list[MeasureView]
    groups: list[GroupView]
    summaries: list[tuple]
    executors: list[ExecutorView]
    exec_anchors: dict[str, str]
    signals: list[SignalView]
    unknown: list[tuple]




def _entry_view(e: TimelineEntry, lang: str) -> EntryView:
    word = status_word(e.status, lang) if e.status else (DASH[lang]["not_understood"] if e.mentioned else "")
    return EntryView(e=e, date=_date(e.as_of), status_word=word, status_date=_date(e.status_date))


def _measure_view(m: MeasureStatus, lang: str, names: dict[str, str],
                  tl: Optional[MeasureTimeline] = None) -> MeasureView:
    ui = UI[lang]
    executor = " ".join((m.executor_text or "").split()) or _printed_executors(m) or ui["other"]
    dates = f"{_date(m.planned_start)} – {_date(m.planned_end)}" if m.planned_start or m.planned_end else ""
    v = MeasureView(m=m, text=own_text(m.text, m.measure), status_word=status_word(m.status, lang), executor=executor,
                    years=_years(m.planned_years), dates=dates, status_date=_date(m.status_date),
                    overdue_years=", ".join(map(str, m.overdue_years)))
    if m.previous_status is not None:
        v.previous_word = status_word(m.previous_status, lang)
        v.change = f"{v.previous_word} → {v.status_word}" if m.changed else ui["unchanged"]
    if tl is not None:
        v.timeline = [_entry_view(e, lang) for e in tl.entries]
    return v


def _overdue_groups(st: TrackingStatus, views: list[MeasureView], names: dict[str, str],
                    anchors: dict[str, str]) -> list[GroupView]:
    """Executors with overdue measures, named as printed, most overdue first (ties in the order of
    ``by_executor``)."""
    order = {s.key: i for i, s in enumerate(st.by_executor)}
    groups: dict[str, GroupView] = {}
    for v in views:
        if not v.m.overdue:
            continue
        for key, name in [(e.key, e.name) for e in v.m.executor_refs] or [("other", names["other"])]:
            g = groups.setdefault(key, GroupView(key=key, name=names.get(key) or name, anchor=anchors.get(key, "")))
            if v not in g.items:
                g.items.append(v)
    return sorted(groups.values(), key=lambda g: (-len(g.items), order.get(g.key, len(order)), g.name))


def _executor_views(execs: list[ExecutorStatus], prefix: str, lang: str) -> list[ExecutorView]:
    ui = UI[lang]
    out = []
    for i, x in enumerate(execs, start=1):
        rows = [ExecutorMeasureView(
            number=m.measure, text=own_text(m.text, m.measure), years=_years(m.planned_years),
            end=_date(m.planned_end), status=m.status, status_word=status_word(m.status, lang),
            status_date=_date(m.status_date), status_text=m.status_text or "", overdue=m.overdue,
            overdue_years=", ".join(map(str, m.overdue_years)), regression=m.regression,
            signals=[(c, SIGNAL_TITLES.get(c, {}).get(lang, c)) for c in m.signals]) for m in x.measures]
        late = [f"{m.measure} ({', '.join(map(str, m.overdue_years))})" if m.overdue_years else m.measure
                for m in x.measures if m.overdue or m.overdue_years]
        out.append(ExecutorView(key=x.key, anchor=f"{prefix}exec-{i}", name=x.name or ui["other"], totals=x.totals,
                                last_report=_date(x.last_report), measures=rows, overdue=late))
    return out


def _plan_title(st: TrackingStatus, lang: str) -> str:
    return st.plan.title or os.path.basename(st.plan.path) or DASH[lang]["no_title"]


def _plan_view(st: TrackingStatus, lang: str, timelines: Optional[dict[str, MeasureTimeline]],
               execs: Optional[list[ExecutorStatus]], prefix: str = "", anchor: str = "plan", index: int = 0) -> PlanView:
    ui, dash = UI[lang], DASH[lang]
    names = executor_names(st, lang)
    if execs is None:
        execs = executors(None, st.plan.plan_id, st.as_of, st=st)  # type: ignore[arg-type]  (st given: no store read)
    exec_views = _executor_views(execs, prefix, lang)
    anchors = {x.key: x.anchor for x in exec_views}
    timelines = timelines or {}
    views = [_measure_view(m, lang, names, timelines.get(m.measure)) for m in st.measures]
    by_measure = {id(v.m): v for v in views}
    changes = [by_measure.get(id(m)) or _measure_view(m, lang, names) for m in st.changes]
    goal_chart = chart_svg(f"{prefix}chart-goal", ui["chart_goal"], _bars(
        st.by_goal, lambda s: ui["goal_label"].format(key=s.key), lambda s: s.name), lang)
    year_chart = chart_svg(f"{prefix}chart-year", dash["chart_year"], _bars(
        st.by_year, lambda s: s.key,
        lambda s: dash["year_at"].format(date=_date(s.at)) if getattr(s, "at", None) else None), lang)
    trend_chart = trend_svg(f"{prefix}chart-trend", dash["chart_trend"], st, lang)
    reports = {r.report_id: r for r in st.reports}
    t = st.totals
    totals = [("measures", ui["measures"], t.measures)] + [(s, status_word(s, lang), getattr(t, s)) for s in STATUS_ORDER] \
        + [("overdue", ui["overdue"], t.overdue)]
    plan = st.plan
    period = f"{_date(plan.period_start)} – {_date(plan.period_end)}" if plan.period_start or plan.period_end else ""
    meta = [(ui["doc_title"], plan.title or "", "plan-title"), (dash["body"], plan.body_name or "", "plan-body"),
            (dash["approved"], _date(plan.approved_date), "plan-approved"), (ui["period"], period, "plan-period"),
            (ui["years"], ", ".join(map(str, plan.years)), "plan-years"), (ui["as_of"], _date(st.as_of), "as-of"),
            (ui["file"], plan.path, "plan-path"), (dash["plan_option"], plan.plan_id, "plan-id"),
            (ui["sha256"], plan.sha256, "plan-sha256")]
    # on the portfolio page the plan's title heads its section already
    meta = [(label, value, f"{prefix}{i}") for label, value, i in meta if value and not (prefix and i == "plan-title")]
    sigs = [SignalView(s=s, title=SIGNAL_TITLES.get(s.code, {}).get(lang, s.rule),
                       severity=SEVERITY_WORDS[lang].get(s.severity, s.severity)) for s in st.signals]
    year_labels = {s.key: dash["year_at"].format(date=_date(s.at)) for s in st.by_year if getattr(s, "at", None)}
    return PlanView(
        st=st, prefix=prefix, anchor=anchor, index=index, title=_plan_title(st, lang), meta=meta,
        reports=[(r, _date(r.as_of), LANGUAGE_NAMES.get(r.language or "", {}).get(lang, r.language or "")) for r in st.reports],
        totals=totals, goal_chart=goal_chart, year_chart=year_chart, trend_chart=trend_chart, measures=views,
        changes=changes, groups=_overdue_groups(st, views, names, anchors),
        summaries=[(f"{prefix}summary-goal", ui["by_goal"], ui["goal"], st.by_goal, {s.key: s.name or "" for s in st.by_goal}, True, {}),
                   (f"{prefix}summary-year", dash["by_year"], ui["year"], st.by_year, year_labels, True, {}),
                   (f"{prefix}summary-executor", None, ui["executor"], st.by_executor,
                    {s.key: names.get(s.key) or s.name or ui["other"] for s in st.by_executor}, False, anchors)],
        executors=exec_views, exec_anchors=anchors, signals=sigs,
        unknown=[(u, reports.get(u.report_id)) for u in st.unknown_measures])


# --------------------------------------------------------------------------- the portfolio's view


@dataclass
class PlanRow:
    anchor: str
    plan_id: str
    title: str
    body: str
    totals: Summary
    bar: Markup
    reports: int
    last_report: str
    signals: Any


@dataclass
class BodyRow:
    key: str
    name: str
    plans: list[tuple[str, str]]
    totals: Summary
    bar: Markup


@dataclass
class LaggardRow:
    name: str
    anchor: str
    plan_anchor: str
    plan_title: str
    overdue: int
    overdue_actions: int
    measures: int


@dataclass
class PortfolioView:
    pf: Portfolio
    totals: list[tuple[str, str, int]]
    plans: list[PlanRow]
    bodies: list[BodyRow]
    laggards: list[LaggardRow]
    worst: list[PlanRow]


def _portfolio_view(pf: Portfolio, views: list[PlanView], lang: str) -> PortfolioView:
    ui, dash = UI[lang], DASH[lang]
    by_id = {v.st.plan.plan_id: v for v in views}
    rows = []
    for p in pf.plans:
        v = by_id.get(p.plan.plan_id)
        title = v.title if v else (p.plan.title or os.path.basename(p.plan.path))
        rows.append(PlanRow(anchor=v.anchor if v else "", plan_id=p.plan.plan_id, title=title, body=p.plan.body_name or "",
                            totals=p.totals, bar=minibar_svg(p.plan.plan_id, p.totals, lang), reports=p.reports,
                            last_report=_date(p.last_report), signals=p.signals))
    row_of = {r.plan_id: r for r in rows}
    bodies = [BodyRow(key=b.key, name=b.name or dash["unknown_body"],
                      plans=[(row_of[i].anchor, row_of[i].title) for i in b.plans if i in row_of],
                      totals=b.totals, bar=minibar_svg(b.key, b.totals, lang)) for b in pf.by_body]
    lag = []
    for g in pf.laggards:
        v = by_id.get(g.plan_id)
        lag.append(LaggardRow(name=g.name, anchor=v.exec_anchors.get(g.key, "") if v else "",
                              plan_anchor=v.anchor if v else "", plan_title=v.title if v else (g.plan_title or ""),
                              overdue=g.overdue, overdue_actions=g.overdue_actions, measures=g.measures))
    t = pf.totals
    totals = [("plans", dash["plans"], len(pf.plans)), ("measures", ui["measures"], t.measures)] + \
        [(s, status_word(s, lang), getattr(t, s)) for s in STATUS_ORDER] + [("overdue", ui["overdue"], t.overdue)]
    return PortfolioView(pf=pf, totals=totals, plans=rows, bodies=bodies, laggards=lag,
                         worst=[row_of[i] for i in pf.worst_plans if i in row_of])


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
    # on call: jinja2 is needed only for the HTML page, never for text, json or xlsx
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _render(lang: str, title: str, plans: list[PlanView], pv: Optional[PortfolioView]) -> str:
    # on call: shailoo.outputs.html brings the rules catalogue (~0.1 s), which track status and xlsx never need
    from shailoo.outputs.html import csp

    css, js = _static()
    return _environment().get_template(TEMPLATE).render(
        lang=lang, ui=UI[lang], dash=DASH[lang], version=__version__, title=title, plans=plans, pv=pv,
        status_order=STATUS_ORDER, status_words={s: status_word(s, lang) for s in STATUS_ORDER}, date=_date,
        severities=SEVERITY_MANY[lang],
        csp=Markup(csp(js)), style=Markup(css), script=Markup(js))


def format_dashboard(st: TrackingStatus, lang: str = "ru", timelines: Optional[dict[str, MeasureTimeline]] = None,
                     executors: Optional[list[ExecutorStatus]] = None) -> str:
    """The council's dashboard of one plan on one day (``st``) as one self-contained HTML5 page (see
    the module docstring).

    ``lang`` (ru, ky, en) is the language of the interface; the plan's and the reports' texts stay as
    written. ``timelines``: per measure number, what each report said of it (``store.timeline``; without
    them a measure has no timeline); ``executors``: the per-executor views (``store.executors``; computed
    from ``st`` when None). Returns the page's text; prints nothing, reads only the shipped template files,
    never the network. Raises ValueError for another ``lang``."""
    _check_lang(lang)
    view = _plan_view(st, lang, timelines, executors)
    return _render(lang, f"{UI[lang]['title']}: {view.title}, {_date(st.as_of)}", [view], None)


def format_portfolio_dashboard(pf: Portfolio, pages: list["PlanPage"], lang: str = "ru") -> str:
    """The portfolio ``pf`` and one section per plan (``pages``, in the portfolio's order) as one
    self-contained HTML5 page (see the module docstring). Raises ValueError for another ``lang``."""
    _check_lang(lang)
    views = [_plan_view(p.st, lang, p.timelines, p.executors, prefix=f"plan-{i}-", anchor=f"plan-{i}", index=i)
             for i, p in enumerate(pages, start=1)]
    pv = _portfolio_view(pf, views, lang)
    return _render(lang, f"{DASH[lang]['portfolio_title']}, {_date(pf.as_of)}", views, pv)


@dataclass
class PlanPage:
    """What one plan's part of the dashboard shows: its status on the day, what each report said of
    each measure (by number), the per-executor views."""

    st: TrackingStatus
    timelines: dict[str, MeasureTimeline] = field(default_factory=dict)
    executors: Optional[list[ExecutorStatus]] = None


def plan_page(store: TrackStore, plan_id: Optional[str], as_of: dt.date, lang: str = "ru") -> PlanPage:
    """Everything one plan's part of the dashboard shows, read from ``store`` as of ``as_of`` (reports
    dated after it are ignored)."""
    st = status(store, plan_id, as_of, lang)
    pid = st.plan.plan_id
    tls: dict[str, MeasureTimeline] = {}
    for n in dict.fromkeys(m.measure for m in st.measures):
        try:
            tls[n] = timeline(store, pid, n, as_of)
        except TrackError:  # a number the store cannot look up again: that measure shows no timeline
            continue
    return PlanPage(st=st, timelines=tls, executors=executors(store, pid, as_of, st=st))


def plan_dashboard(store: TrackStore, plan_id: Optional[str], as_of: dt.date, lang: str = "ru") -> str:
    """``format_dashboard`` of one plan of ``store`` as of ``as_of``, with its timelines."""
    _check_lang(lang)
    p = plan_page(store, plan_id, as_of, lang)
    return format_dashboard(p.st, lang, p.timelines, p.executors)


def portfolio_dashboard(store: TrackStore, as_of: dt.date, lang: str = "ru") -> tuple[Portfolio, str]:
    """(the portfolio, its dashboard): every plan of ``store`` as of ``as_of``."""
    _check_lang(lang)
    pf = portfolio(store, as_of, lang)
    pages = [plan_page(store, p.plan.plan_id, as_of, lang) for p in pf.plans]
    return pf, format_portfolio_dashboard(pf, pages, lang)


# --------------------------------------------------------------------------- the workbook

SHEETS = ("measures", "by_executor", "by_goal", "by_year", "changes", "unknown")


def sheet_title(key: str, lang: str) -> str:
    """The name of the sheet ``key`` (one of ``SHEETS``) in ``lang`` (``track.ui.sheet.<key>``)."""
    return _check_lang(lang)[f"sheet.{key}"]


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


def _summary_rows(items: list[Summary], names: Optional[dict[str, str]] = None, as_int: bool = False,
                  with_key: bool = True) -> list[list[Any]]:
    out = []
    for s in items:
        key: Any = int(s.key) if as_int and s.key.isdigit() else s.key
        name = (names or {}).get(s.key, s.name) if names is not None else s.name
        out.append(([key] if with_key else []) + [name, s.measures] + [getattr(s, k) for k in STATUS_ORDER] + [s.overdue])
    return out


def write_xlsx(st: TrackingStatus, path: str, lang: str = "ru") -> None:
    """Write ``st`` as an .xlsx workbook at ``path`` (sheets ``SHEETS``; their names and headers in ``lang``;
    executors named as the plan prints them, no ids), atomically: a temporary file in the same
    directory, then ``os.replace``. Raises ValueError for another ``lang``."""
    ui = _check_lang(lang)
    dash = DASH[lang]
    from openpyxl import Workbook

    names = executor_names(st, lang)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"{ui['title']}: {_plan_title(st, lang)}"[:250]
    wb.properties.subject = f"{st.plan.path}; {ui['as_of']} {_date(st.as_of)}"
    wb.properties.creator = "shailoo"
    reports = {r.report_id: r for r in st.reports}
    cells = XlsxCells()

    def measure_row(m: MeasureStatus) -> list[Any]:
        rep = reports.get(m.report_id or "")
        return [m.measure, m.goal, m.goal_text, m.text, _printed_executors(m) or names["other"], m.executor_text,
                ", ".join(map(str, m.planned_years)), m.planned_start, m.planned_end, m.status,
                status_word(m.status, lang), m.status_text, m.status_date, rep.path if rep else None, m.report_as_of,
                m.overdue, ", ".join(map(str, m.overdue_years)) or None, m.no_report, m.previous_status,
                status_word(m.previous_status, lang) if m.previous_status else None, m.changed]

    _sheet(wb, sheet_title("measures", lang),
           [ui["number"], ui["goal"], ui["goal_text"], ui["measure"], ui["executor_names"],
            ui["executor_text"], ui["planned_years"], ui["planned_start"], ui["planned_end"], ui["status_code"],
            ui["status"], ui["status_text"], ui["status_date"], ui["report_path"], ui["report_as_of"], ui["overdue"],
            dash["overdue_years"], ui["no_report"], ui["previous_status"], ui["previous_word"], ui["changed"]],
           [measure_row(m) for m in st.measures],
           [8, 7, 40, 60, 40, 40, 16, 12, 12, 13, 16, 40, 12, 30, 12, 11, 14, 11, 14, 16, 11], cells)
    counts = [ui["measures"]] + [status_word(s, lang) for s in STATUS_ORDER] + [ui["overdue"]]
    _sheet(wb, sheet_title("by_executor", lang), [ui["executor"]] + counts,
           _summary_rows(st.by_executor, {s.key: names.get(s.key) or s.name or names["other"] for s in st.by_executor},
                         with_key=False),
           [60] + [13] * 6, cells)
    _sheet(wb, sheet_title("by_goal", lang), [ui["goal"], ui["name"]] + counts, _summary_rows(st.by_goal), [8, 70] + [13] * 6,
           cells)
    _sheet(wb, sheet_title("by_year", lang), [ui["year"], ui["name"]] + counts,
           _summary_rows(st.by_year, {s.key: dash["year_at"].format(date=_date(s.at)) for s in st.by_year
                                      if getattr(s, "at", None)}, as_int=True),
           [8, 16] + [13] * 6, cells)
    _sheet(wb, sheet_title("changes", lang),
           [ui["number"], ui["goal"], ui["measure"], ui["executor"], ui["previous_status"], ui["previous"],
            ui["status_code"], ui["now"], ui["status_text"], ui["status_date"], ui["report_as_of"]],
           [[m.measure, m.goal, m.text, m.executor_text or _printed_executors(m) or names["other"],
             m.previous_status, status_word(m.previous_status, lang) if m.previous_status else None, m.status,
             status_word(m.status, lang), m.status_text, m.status_date, m.report_as_of] for m in st.changes],
           [8, 7, 60, 40, 14, 16, 13, 16, 40, 12, 12], cells)
    _sheet(wb, sheet_title("unknown", lang),
           [ui["report_as_of"], ui["report_path"], ui["row"], ui["number"], ui["status_text"]],
           [[reports[u.report_id].as_of if u.report_id in reports else None,
             reports[u.report_id].path if u.report_id in reports else None, u.row, u.measure, u.status_text]
            for u in st.unknown_measures],
           [12, 40, 8, 10, 60], cells)

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
