"""The typed results of ``shailoo track`` (pydantic v2, unknown keys rejected).

Two outputs carry a schema name (``shailoo schema tracking`` / ``portfolio``):

* ``TrackingStatus`` (``shailoo/tracking@2``): one plan on one day — every measure, the summaries, the
  changes, the trend over report dates, the plan years, the signals;
* ``Portfolio`` (``shailoo/tracking-portfolio@1``): every plan of a store on one day — per plan and per
  approving body, the laggards, the signals counted.

The pieces the dashboard and the exports build on (``Executor``, ``MeasureStatus``, ``Summary``,
``YearSummary``, ``TrendPoint``, ``TimelineEntry``/``MeasureTimeline``, ``ExecutorStatus``, ``Signal``)
are defined here too; the functions that compute them are in ``shailoo.apps.track.store`` and
``shailoo.apps.track.signals``. Ids (gazetteer body ids, plan and report ids) and ISO dates are data
here; every id that names a body has its name as printed in the plan beside it.

Changes from ``shailoo/tracking@1``: ``by_year`` is where the measures stood at the end of each plan
year (it repeated today's status for every year); ``by_executor`` is keyed by ``Executor.key`` and named
as the plan prints the executor (it was keyed by body id and named by the gazetteer); new fields:
``MeasureStatus.executor_refs``/``overdue_years``/``regression``/``silent_reports``,
``Summary.overdue_actions``/``body``, ``PlanInfo.language``/``body``/``body_name``/``approved_date``/``approval``,
``TrackingStatus.trend``/``signals``/``regressions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from shailoo.rules.findings import Severity

SCHEMA_TRACKING = "shailoo/tracking@2"
SCHEMA_PORTFOLIO = "shailoo/tracking-portfolio@1"
Status = Literal["done", "in_progress", "not_started", "no_report"]
STATUS_ORDER = ("done", "in_progress", "not_started", "no_report")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Executor(_Model):
    """An executor of a measure as the plan prints it.

    ``key`` is the same for every mention of that executor in one plan (and across plans for a body the
    gazetteer knows): a national body's gazetteer id (``mcr``); ``<id>/<department>`` for a department
    of one (``cec/крг``); ``other:<text>`` for any other executor — one the gazetteer does not know
    («Рабочие комиссии» → ``other:рабочие комиссии``) or a kind of body rather than one body
    («государственные органы») — the text in normal form. ``name`` is the text the plan prints (for a
    national body named several ways, the way the plan names it most often). The names are the pieces
    of the plan's executor cell cut at commas (``store.split_executors``)."""

    key: str = Field(description="gazetteer id (cec), id/department, or other:<printed text, normal form>")
    name: str = Field(description="as printed in the plan")
    body: Optional[str] = Field(None, description="gazetteer id of the body, null when the gazetteer does not know it")


def own_text(text: str, number: str) -> str:
    """A measure's text without its own number in front («3.2. Повышение …» → «Повышение …») or a list's
    dash («- Совершенствование …»); the text, trimmed, when nothing would be left."""
    t = (text or "").lstrip().lstrip("-\u2013\u2014\u2022 ")
    if number and t.startswith(number):
        rest = t[len(number):]
        if rest[:1] in (".", ")", " ", "\t"):
            rest = rest.lstrip(".) \t")
            if rest:
                return rest
    return t


class _PlannedMeasure(_Model):
    """What a stored measure and its status share: the measure as the plan prints it, who executes it,
    when it is planned."""

    measure: str
    goal: Optional[str] = None
    goal_text: Optional[str] = None
    text: str = ""
    executor_text: Optional[str] = None
    executors: list[str] = Field(default_factory=list, description="body ids (corpus/bodies.yaml)")
    executor_refs: list[Executor] = Field(default_factory=list, description="every executor as printed, in order")
    planned_years: list[int] = Field(default_factory=list)
    planned_start: Optional[dt.date] = None
    planned_end: Optional[dt.date] = None


class Measure(_PlannedMeasure):
    """One measure of a plan, as stored: where it is planned and who executes it."""

    funding: Optional[str] = None
    result: Optional[str] = None


class ReportRow(_Model):
    """One row of a progress report: the measure number as printed, the status text, its class."""

    measure: str
    status: Optional[str] = Field(None, description="done | in_progress | not_started | no_report; null: not understood")
    status_text: str = ""
    date: Optional[dt.date] = None
    executor: Optional[str] = None
    row: int = 0


class ReportInfo(_Model):
    report_id: str
    plan_id: str
    path: str
    sha256: str
    as_of: dt.date
    language: Optional[str] = None
    rows: int = 0
    loaded_at: Optional[dt.datetime] = None


class MeasureStatus(_PlannedMeasure):
    """Where one measure stands on a day.

    ``overdue``: the measure's planned end (31 December of its last planned year) is before the day and
    its status is not ``done``. ``overdue_years``: the plan years whose action is overdue on the day —
    for the measure's last planned year the same rule as ``overdue``; for an earlier planned year Y, the
    day is after 31.12.Y and the status is ``not_started`` or ``no_report`` (a report speaks of a
    measure, not of each year's action: while a measure of several years is in progress, its earlier
    years are not called late). ``regression``: the latest status is an earlier step (done → in progress or not
    started, in progress → not started) than the one the report before it gave — the latest earlier
    report with a row on the measure whose status is a step (rows saying no information was given, or
    not understood, are skipped): ``regressed_from`` and ``regressed_from_as_of`` say which.
    ``silent_reports``: how many of the latest report dates, counted back from the day, have no row on
    the measure (a row saying no information was given is a row)."""

    status: Status = "no_report"
    status_text: Optional[str] = None
    status_date: Optional[dt.date] = Field(None, description="the date the report gives, else the report's as_of")
    report_id: Optional[str] = None
    report_as_of: Optional[dt.date] = None
    overdue: bool = False
    overdue_years: list[int] = Field(default_factory=list, description="plan years whose action is overdue")
    no_report: bool = True
    previous_status: Optional[Status] = Field(None, description="in the report before the latest one")
    previous_as_of: Optional[dt.date] = Field(None, description="the as_of day of that report")
    changed: bool = False
    regression: bool = Field(False, description="the status moved back since the previous report that gave a step")
    regressed_from: Optional[Status] = Field(None, description="the step it moved back from (regression only)")
    regressed_from_as_of: Optional[dt.date] = Field(None, description="the as_of day of the report that gave that step")
    silent_reports: int = Field(0, description="latest report dates in a row without a row on it")


class Summary(_Model):
    """Measures counted by status. ``overdue`` counts measures (``MeasureStatus.overdue``),
    ``overdue_actions`` the overdue plan-year actions (``MeasureStatus.overdue_years``)."""

    key: str
    name: Optional[str] = None
    body: Optional[str] = Field(None, description="gazetteer id of the executor's body (by_executor only)")
    measures: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    no_report: int = 0
    overdue: int = 0
    overdue_actions: int = 0


class YearSummary(Summary):
    """The measures planned in one plan year, by their status at the end of that year (``at``: 31.12 of
    the year, or the status's day when that is earlier); ``overdue`` counts those whose action for this
    year is overdue on the status's day (``MeasureStatus.overdue_years``), ``overdue_actions`` the same."""

    year: int
    at: dt.date


class TrendPoint(_Model):
    """The plan's totals as of one report date (every report up to it, none after)."""

    as_of: dt.date
    reports: int = 0
    totals: Summary


class Unmatched(_Model):
    """A report row whose measure number the plan does not have."""

    report_id: str
    measure: str
    status_text: str = ""
    row: int = 0


class PlanInfo(_Model):
    """A plan of the store: its file, title and approving body as printed, period and plan years."""

    plan_id: str
    path: str
    sha256: str
    title: Optional[str] = None
    language: Optional[str] = None
    body: Optional[str] = Field(None, description="gazetteer id of the approving body, when known")
    body_name: Optional[str] = Field(None, description="the approving body as printed (the approval line, else the title)")
    approved_date: Optional[dt.date] = None
    approval: Optional[str] = Field(None, description="the approval line as printed")
    period_start: Optional[dt.date] = None
    period_end: Optional[dt.date] = None
    years: list[int] = Field(default_factory=list, description="calendar years of Year I, II, III (a plan without "
                             "year columns: the years of its period)")
    measures: int = 0


class Signal(_Model):
    """A finding about a measure's progress (``shailoo.apps.track.signals``), coded like the rules'.

    ``code``/``rule``: TR201 status-regression, TR202 silent-measure, TR203 done-without-result,
    TR204 overdue. ``message`` is in the language asked for; ``details`` holds its facts as data (ids,
    ISO dates, statuses) so any language can say it again (``signals.message``)."""

    code: str = Field(description="stable code, e.g. TR201")
    rule: str = Field(description="kebab-case name, e.g. status-regression")
    severity: Severity
    plan_id: str
    measure: Optional[str] = Field(None, description="the measure's number as printed")
    executors: list[str] = Field(default_factory=list, description="the measure's executors as printed")
    message: str
    expected: Optional[str] = None
    found: Optional[str] = None
    details: dict[str, Any] = Field(default_factory=dict)


class SignalCounts(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0


class TrackingStatus(_Model):
    schema_: Literal["shailoo/tracking@2"] = Field(SCHEMA_TRACKING, alias="schema")
    plan: PlanInfo
    as_of: dt.date
    reports: list[ReportInfo] = Field(default_factory=list, description="reports on or before as_of, oldest first")
    measures: list[MeasureStatus] = Field(default_factory=list)
    by_executor: list[Summary] = Field(default_factory=list, description="per executor (Executor.key), most overdue first")
    by_goal: list[Summary] = Field(default_factory=list)
    by_year: list[YearSummary] = Field(default_factory=list, description="measures planned in each year, by their "
                                       "status at the end of that year")
    changes: list[MeasureStatus] = Field(default_factory=list, description="measures whose status changed since the previous report")
    regressions: list[MeasureStatus] = Field(default_factory=list, description="the changes that moved back")
    unknown_measures: list[Unmatched] = Field(default_factory=list)
    trend: list[TrendPoint] = Field(default_factory=list, description="totals as of each report date up to as_of")
    signals: list[Signal] = Field(default_factory=list)
    totals: Summary

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


# --------------------------------------------------------------------------- history


class TimelineEntry(_Model):
    """What one report (one report date) said about a measure: ``mentioned`` false when it has no row for it."""

    report_id: str
    as_of: dt.date
    path: str
    language: Optional[str] = None
    mentioned: bool = False
    status: Optional[Status] = Field(None, description="null: not mentioned, or a text no status phrase matches")
    status_text: Optional[str] = None
    status_date: Optional[dt.date] = None
    executor: Optional[str] = Field(None, description="the report's executor cell, as printed")


class MeasureTimeline(_Model):
    """Every report of the plan, oldest first, and what each said about the measure(s) numbered
    ``measure`` (a number printed twice in the plan shares its report rows)."""

    plan_id: str
    measure: str
    text: str = ""
    executor_refs: list[Executor] = Field(default_factory=list)
    planned_years: list[int] = Field(default_factory=list)
    entries: list[TimelineEntry] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


# --------------------------------------------------------------------------- per executor


class ExecutorMeasure(_Model):
    """One measure of an executor: the plan's words, the status and what the last report said."""

    measure: str
    goal: Optional[str] = None
    text: str = ""
    planned_years: list[int] = Field(default_factory=list)
    planned_end: Optional[dt.date] = None
    status: Status = "no_report"
    status_text: Optional[str] = None
    status_date: Optional[dt.date] = None
    report_as_of: Optional[dt.date] = None
    overdue: bool = False
    overdue_years: list[int] = Field(default_factory=list)
    regression: bool = False
    previous_status: Optional[Status] = None
    signals: list[str] = Field(default_factory=list, description="codes of the measure's signals")


class ExecutorStatus(_Model):
    """One executor of a plan on a day: its name as printed, its measures, the counts."""

    key: str
    name: Optional[str] = Field(None, description="as printed in the plan; null for key other (no executor given)")
    body: Optional[str] = None
    plan_id: str
    as_of: dt.date
    totals: Summary
    measures: list[ExecutorMeasure] = Field(default_factory=list)
    last_report: Optional[dt.date] = Field(None, description="the latest report date that speaks of one of its measures")


# --------------------------------------------------------------------------- the portfolio


class PlanSummary(_Model):
    """One plan of the portfolio on a day."""

    plan: PlanInfo
    totals: Summary
    reports: int = 0
    last_report: Optional[dt.date] = None
    signals: SignalCounts = Field(default_factory=SignalCounts)


class BodySummary(_Model):
    """The plans approved by one body (``key``: its gazetteer id, else ``other:<name in normal form>``;
    plans without an approving body are under ``none`` with no name)."""

    key: str
    name: Optional[str] = None
    plans: list[str] = Field(default_factory=list, description="plan ids")
    totals: Summary


class Laggard(_Model):
    """An executor of a plan with overdue measures."""

    plan_id: str
    plan_title: Optional[str] = None
    key: str
    name: str
    overdue: int = 0
    overdue_actions: int = 0
    measures: int = 0


class Portfolio(_Model):
    schema_: Literal["shailoo/tracking-portfolio@1"] = Field(SCHEMA_PORTFOLIO, alias="schema")
    as_of: dt.date
    plans: list[PlanSummary] = Field(default_factory=list, description="in the order they were loaded")
    by_body: list[BodySummary] = Field(default_factory=list, description="most overdue first")
    laggards: list[Laggard] = Field(default_factory=list, description="executors with the most overdue measures, "
                                    "at most ten")
    worst_plans: list[str] = Field(default_factory=list, description="plan ids with overdue measures, most first")
    signals: list[Signal] = Field(default_factory=list, description="every plan's signals")
    totals: Summary

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
