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
    # Unknown keys rejected; a field with an alias (``schema_`` → ``schema``, ``self_`` → ``self``) is
    # read by either name and written by its alias, by every dump (``model_dump()``, ``model_dump_json()``).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


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

    measure: str = Field(description="the measure's number as printed, normalised («2.1.» → «2.1»)")
    goal: Optional[str] = Field(None, description="the number of the goal it serves")
    goal_text: Optional[str] = Field(None, description="that goal's text as printed")
    text: str = Field("", description="the measure's text as printed, without its number")
    executor_text: Optional[str] = Field(None, description="the executor cell as printed")
    executors: list[str] = Field(default_factory=list, description="body ids (corpus/bodies.yaml)")
    executor_refs: list[Executor] = Field(default_factory=list, description="every executor as printed, in order")
    planned_years: list[int] = Field(default_factory=list, description="the calendar years the measure is planned "
                                                                        "in (Year I/II/III columns, or its term)")
    planned_start: Optional[dt.date] = Field(None, description="the first day of its planned term")
    planned_end: Optional[dt.date] = Field(None, description="the last day of its planned term (31 December of "
                                                             "its last planned year)")


class Measure(_PlannedMeasure):
    """One measure of a plan, as stored: where it is planned and who executes it."""

    funding: Optional[str] = Field(None, description="the funding cell as printed")
    result: Optional[str] = Field(None, description="the expected result as printed")


class ReportRow(_Model):
    """One row of a progress report: the measure number as printed, the status text, its class."""

    measure: str = Field(description="the measure's number as printed, normalised")
    status: Optional[str] = Field(None, description="done | in_progress | not_started | no_report; null: not understood")
    status_text: str = Field("", description="the status cell as printed")
    date: Optional[dt.date] = Field(None, description="the date the row gives, when it has a date column")
    executor: Optional[str] = Field(None, description="the executor cell as printed, when there is one")
    row: int = Field(0, description="the row's index in the report's table")


class ReportInfo(_Model):
    """A progress report loaded into the store, as of its day."""

    report_id: str = Field(description="12 hex digits identifying the report for its plan and day")
    plan_id: str = Field(description="the plan it reports on")
    path: str = Field(description="the file, as given when loaded")
    sha256: str = Field(description="SHA-256 of the file's bytes")
    as_of: dt.date = Field(description="the day the report speaks for")
    language: Optional[str] = Field(None, description="the report's language: ru or ky")
    rows: int = Field(0, description="how many rows with a measure number it has")
    loaded_at: Optional[dt.datetime] = Field(None, description="when it was loaded into the store")


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

    status: Status = Field("no_report", description="the latest status on or before the day: done, in_progress, "
                                                   "not_started, no_report")
    status_text: Optional[str] = Field(None, description="the status cell of that report, as printed")
    status_date: Optional[dt.date] = Field(None, description="the date the report gives, else the report's as_of")
    report_id: Optional[str] = Field(None, description="the report that gave the status")
    report_as_of: Optional[dt.date] = Field(None, description="that report's as_of day")
    overdue: bool = Field(False, description="the planned end is before the day and the measure is not done")
    overdue_years: list[int] = Field(default_factory=list, description="plan years whose action is overdue")
    no_report: bool = Field(True, description="no report on or before the day has a row on the measure")
    previous_status: Optional[Status] = Field(None, description="in the report before the latest one")
    previous_as_of: Optional[dt.date] = Field(None, description="the as_of day of that report")
    changed: bool = Field(False, description="the status differs from previous_status")
    regression: bool = Field(False, description="the status moved back since the previous report that gave a step")
    regressed_from: Optional[Status] = Field(None, description="the step it moved back from (regression only)")
    regressed_from_as_of: Optional[dt.date] = Field(None, description="the as_of day of the report that gave that step")
    silent_reports: int = Field(0, description="latest report dates in a row without a row on it")


class Summary(_Model):
    """Measures counted by status. ``overdue`` counts measures (``MeasureStatus.overdue``),
    ``overdue_actions`` the overdue plan-year actions (``MeasureStatus.overdue_years``)."""

    key: str = Field(description="what is counted: an Executor.key, a goal's number, a plan year, a body, or all")
    name: Optional[str] = Field(None, description="its name as printed (an executor, a goal's text, a body)")
    body: Optional[str] = Field(None, description="gazetteer id of the executor's body (by_executor only)")
    measures: int = Field(0, description="measures counted")
    done: int = Field(0, description="of which done")
    in_progress: int = Field(0, description="of which in progress")
    not_started: int = Field(0, description="of which not started")
    no_report: int = Field(0, description="of which no report gives a status")
    overdue: int = Field(0, description="overdue measures (MeasureStatus.overdue)")
    overdue_actions: int = Field(0, description="overdue plan-year actions (MeasureStatus.overdue_years)")


class YearSummary(Summary):
    """The measures planned in one plan year, by their status at the end of that year (``at``: 31.12 of
    the year, or the status's day when that is earlier); ``overdue`` counts those whose action for this
    year is overdue on the status's day (``MeasureStatus.overdue_years``), ``overdue_actions`` the same."""

    year: int = Field(description="the plan year (a calendar year)")
    at: dt.date = Field(description="the day the statuses are taken on: 31 December of the year, or as_of when earlier")


class TrendPoint(_Model):
    """The plan's totals as of one report date (every report up to it, none after)."""

    as_of: dt.date = Field(description="the report date")
    reports: int = Field(0, description="reports dated on or before it")
    totals: Summary = Field(description="every measure counted by its status on that date")


class Unmatched(_Model):
    """A report row whose measure number the plan does not have."""

    report_id: str = Field(description="the report")
    measure: str = Field(description="the number as the report prints it")
    status_text: str = Field("", description="the status cell as printed")
    row: int = Field(0, description="the row's index in the report's table")


class PlanInfo(_Model):
    """A plan of the store: its file, title and approving body as printed, period and plan years."""

    plan_id: str = Field(description="the first twelve hex digits of the plan file's SHA-256")
    path: str = Field(description="the file, as given when loaded")
    sha256: str = Field(description="SHA-256 of the file's bytes")
    title: Optional[str] = Field(None, description="the plan's title as printed")
    language: Optional[str] = Field(None, description="the plan's language: ru, ky or mixed")
    body: Optional[str] = Field(None, description="gazetteer id of the approving body, when known")
    body_name: Optional[str] = Field(None, description="the approving body as printed (the approval line, else the title)")
    approved_date: Optional[dt.date] = Field(None, description="the date of the act that approved the plan")
    approval: Optional[str] = Field(None, description="the approval line as printed")
    period_start: Optional[dt.date] = Field(None, description="the first day of the plan's period")
    period_end: Optional[dt.date] = Field(None, description="the last day of the plan's period")
    years: list[int] = Field(default_factory=list, description="calendar years of Year I, II, III (a plan without "
                             "year columns: the years of its period)")
    measures: int = Field(0, description="how many measures the plan has")


class Signal(_Model):
    """A finding about a measure's progress (``shailoo.apps.track.signals``), coded like the rules'.

    ``code``/``rule``: TR201 status-regression, TR202 silent-measure, TR203 done-without-result,
    TR204 overdue. ``message`` is in the language asked for; ``details`` holds its facts as data (ids,
    ISO dates, statuses) so any language can say it again (``signals.message``)."""

    code: str = Field(description="stable code, e.g. TR201")
    rule: str = Field(description="kebab-case name, e.g. status-regression")
    severity: Severity = Field(description="error, warning or info")
    plan_id: str = Field(description="the plan")
    measure: Optional[str] = Field(None, description="the measure's number as printed")
    executors: list[str] = Field(default_factory=list, description="the measure's executors as printed")
    message: str = Field(description="what the signal says, in the language asked for")
    expected: Optional[str] = Field(None, description="what the plan expects (a status, a date, a count)")
    found: Optional[str] = Field(None, description="what the reports give")
    details: dict[str, Any] = Field(default_factory=dict, description="the signal's facts as data (ids, ISO "
                                                                       "dates, statuses)")


class SignalCounts(_Model):
    """Signals counted by severity."""

    error: int = Field(0, description="signals of severity error")
    warning: int = Field(0, description="signals of severity warning")
    info: int = Field(0, description="signals of severity info")


class TrackingStatus(_Model):
    """One plan on one day (``shailoo/tracking@2``): every measure, the summaries, the changes, the trend,
    the plan years, the signals."""

    schema_: Literal["shailoo/tracking@2"] = Field(SCHEMA_TRACKING, alias="schema",
                                                   description="the output's schema name and version")
    plan: PlanInfo = Field(description="the plan")
    as_of: dt.date = Field(description="the day: reports dated after it are ignored")
    reports: list[ReportInfo] = Field(default_factory=list, description="reports on or before as_of, oldest first")
    measures: list[MeasureStatus] = Field(default_factory=list, description="every measure, in plan order")
    by_executor: list[Summary] = Field(default_factory=list, description="per executor (Executor.key), most overdue first")
    by_goal: list[Summary] = Field(default_factory=list, description="per goal, in plan order")
    by_year: list[YearSummary] = Field(default_factory=list, description="measures planned in each year, by their "
                                       "status at the end of that year")
    changes: list[MeasureStatus] = Field(default_factory=list, description="measures whose status changed since the previous report")
    regressions: list[MeasureStatus] = Field(default_factory=list, description="the changes that moved back")
    unknown_measures: list[Unmatched] = Field(default_factory=list, description="report rows whose measure number "
                                                                                 "the plan does not have")
    trend: list[TrendPoint] = Field(default_factory=list, description="totals as of each report date up to as_of")
    signals: list[Signal] = Field(default_factory=list, description="the signals (TR201-TR204), most severe first")
    totals: Summary = Field(description="every measure counted by status")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


# --------------------------------------------------------------------------- history


class TimelineEntry(_Model):
    """What one report (one report date) said about a measure: ``mentioned`` false when it has no row for it."""

    report_id: str = Field(description="the report")
    as_of: dt.date = Field(description="the day the report speaks for")
    path: str = Field(description="the report's file, as given when loaded")
    language: Optional[str] = Field(None, description="the report's language: ru or ky")
    mentioned: bool = Field(False, description="the report has a row on the measure")
    status: Optional[Status] = Field(None, description="null: not mentioned, or a text no status phrase matches")
    status_text: Optional[str] = Field(None, description="the status cell as printed")
    status_date: Optional[dt.date] = Field(None, description="the date the row gives, else the report's as_of")
    executor: Optional[str] = Field(None, description="the report's executor cell, as printed")


class MeasureTimeline(_Model):
    """Every report of the plan, oldest first, and what each said about the measure(s) numbered
    ``measure`` (a number printed twice in the plan shares its report rows)."""

    plan_id: str = Field(description="the plan")
    measure: str = Field(description="the measure's number, normalised")
    text: str = Field("", description="the measure's text as printed")
    executor_refs: list[Executor] = Field(default_factory=list, description="its executors as printed")
    planned_years: list[int] = Field(default_factory=list, description="the years it is planned in")
    entries: list[TimelineEntry] = Field(default_factory=list, description="one per report, oldest first")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


# --------------------------------------------------------------------------- per executor


class ExecutorMeasure(_Model):
    """One measure of an executor: the plan's words, the status and what the last report said."""

    measure: str = Field(description="the measure's number, normalised")
    goal: Optional[str] = Field(None, description="the number of the goal it serves")
    text: str = Field("", description="the measure's text as printed")
    planned_years: list[int] = Field(default_factory=list, description="the years it is planned in")
    planned_end: Optional[dt.date] = Field(None, description="the last day of its planned term")
    status: Status = Field("no_report", description="its latest status on the day")
    status_text: Optional[str] = Field(None, description="what the last report said, as printed")
    status_date: Optional[dt.date] = Field(None, description="the date that report gives, else its as_of")
    report_as_of: Optional[dt.date] = Field(None, description="the as_of day of that report")
    overdue: bool = Field(False, description="the planned end has passed and it is not done")
    overdue_years: list[int] = Field(default_factory=list, description="plan years whose action is overdue")
    regression: bool = Field(False, description="its status moved back since the previous report")
    previous_status: Optional[Status] = Field(None, description="the status in the report before the latest")
    signals: list[str] = Field(default_factory=list, description="codes of the measure's signals")


class ExecutorStatus(_Model):
    """One executor of a plan on a day: its name as printed, its measures, the counts."""

    key: str = Field(description="Executor.key, or other for measures without an executor")
    name: Optional[str] = Field(None, description="as printed in the plan; null for key other (no executor given)")
    body: Optional[str] = Field(None, description="gazetteer id of its body, when known")
    plan_id: str = Field(description="the plan")
    as_of: dt.date = Field(description="the day")
    totals: Summary = Field(description="its measures counted by status")
    measures: list[ExecutorMeasure] = Field(default_factory=list, description="its measures, in plan order")
    last_report: Optional[dt.date] = Field(None, description="the latest report date that speaks of one of its measures")


# --------------------------------------------------------------------------- the portfolio


class PlanSummary(_Model):
    """One plan of the portfolio on a day."""

    plan: PlanInfo = Field(description="the plan")
    totals: Summary = Field(description="its measures counted by status")
    reports: int = Field(0, description="reports dated on or before the day")
    last_report: Optional[dt.date] = Field(None, description="the latest of those reports' days")
    signals: SignalCounts = Field(default_factory=SignalCounts, description="its signals counted by severity")


class BodySummary(_Model):
    """The plans approved by one body (``key``: its gazetteer id, else ``other:<name in normal form>``;
    plans without an approving body are under ``none`` with no name)."""

    key: str = Field(description="the body's gazetteer id, else other:<name in normal form>, or none")
    name: Optional[str] = Field(None, description="the body as printed in the plans' approval lines")
    plans: list[str] = Field(default_factory=list, description="plan ids")
    totals: Summary = Field(description="the measures of its plans counted by status")


class Laggard(_Model):
    """An executor of a plan with overdue measures."""

    plan_id: str = Field(description="the plan")
    plan_title: Optional[str] = Field(None, description="the plan's title as printed")
    key: str = Field(description="Executor.key")
    name: str = Field(description="the executor as printed in the plan")
    overdue: int = Field(0, description="its overdue measures")
    overdue_actions: int = Field(0, description="its overdue plan-year actions")
    measures: int = Field(0, description="its measures")


class Portfolio(_Model):
    """Every plan of a store on one day (``shailoo/tracking-portfolio@1``): per plan and per approving
    body, the laggards, the signals."""

    schema_: Literal["shailoo/tracking-portfolio@1"] = Field(SCHEMA_PORTFOLIO, alias="schema",
                                                             description="the output's schema name and version")
    as_of: dt.date = Field(description="the day: reports dated after it are ignored")
    plans: list[PlanSummary] = Field(default_factory=list, description="in the order they were loaded")
    by_body: list[BodySummary] = Field(default_factory=list, description="most overdue first")
    laggards: list[Laggard] = Field(default_factory=list, description="executors with the most overdue measures, "
                                    "at most ten")
    worst_plans: list[str] = Field(default_factory=list, description="plan ids with overdue measures, most first")
    signals: list[Signal] = Field(default_factory=list, description="every plan's signals")
    totals: Summary = Field(description="every measure of every plan counted by status")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
