"""shailoo: typed data and checks for the documents of the Kyrgyz Republic's Central Election Commission.

Library use (``shailoo.api``; every name below is typed, and ``mypy --strict`` follows them)::

    import shailoo
    doc = shailoo.parse("plan.docx")                 # a shailoo.model.ParsedDocument
    report = shailoo.check(doc, lang="ky")           # a FindingsReport
    docs = shailoo.parse_many("archive/")            # Documents: .to_pandas(), .to_arrow(), .to_polars()
    run = shailoo.convert("archive/", "archive.duckdb")
    plans = shailoo.track("council.duckdb")          # add_plan, add_report, status, portfolio …

The command line (``shailoo``, ``python -m shailoo``) is a thin layer over the same functions; see
``shailoo/cli.py``. ``import shailoo`` loads nothing but the version: each name is imported on first
use (``__getattr__`` below), so that ``shailoo --version`` and start-up stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shailoo.version import __version__

if TYPE_CHECKING:  # for type checkers only: at run time ``__getattr__`` imports each name on first use
    from shailoo.api import ACTIVITY_COLUMNS as ACTIVITY_COLUMNS, DateArg as DateArg, Documents as Documents
    from shailoo.api import Failure as Failure, PathArg as PathArg, QueryResult as QueryResult, Tracker as Tracker
    from shailoo.api import check as check, compare as compare, convert as convert, parse as parse
    from shailoo.api import parse_many as parse_many, query as query, track as track
    from shailoo.apps.convert.engine import ConvertError as ConvertError, Progress as Progress
    from shailoo.apps.convert.engine import Summary as ConvertSummary
    from shailoo.apps.track.models import MeasureTimeline as MeasureTimeline, Portfolio as Portfolio
    from shailoo.apps.track.models import TrackingStatus as TrackingStatus
    from shailoo.apps.track.store import TrackError as TrackError
    from shailoo.errors import ConverterMissing as ConverterMissing, InputError as InputError
    from shailoo.errors import LimitExceeded as LimitExceeded, ScannedError as ScannedError
    from shailoo.errors import ShailooError as ShailooError
    from shailoo.model import Activity as Activity, ParsedDocument as ParsedDocument
    from shailoo.rules.compare import ComparisonReport as ComparisonReport
    from shailoo.rules.config import Config as Config, ConfigError as ConfigError
    from shailoo.rules.findings import Finding as Finding, FindingsReport as FindingsReport
    from shailoo.settings import Limits as Limits, ReadSettings as ReadSettings

#: name -> (module, attribute) of every public name, imported on first use.
_LAZY: dict[str, tuple[str, str]] = {
    **{name: ("shailoo.api", name) for name in (
        "parse", "parse_many", "check", "compare", "convert", "query", "track", "Documents", "Failure",
        "QueryResult", "Tracker", "ACTIVITY_COLUMNS", "PathArg", "DateArg")},
    "ParsedDocument": ("shailoo.model", "ParsedDocument"),
    "Activity": ("shailoo.model", "Activity"),
    "FindingsReport": ("shailoo.rules.findings", "FindingsReport"),
    "Finding": ("shailoo.rules.findings", "Finding"),
    "ComparisonReport": ("shailoo.rules.compare", "ComparisonReport"),
    "TrackingStatus": ("shailoo.apps.track.models", "TrackingStatus"),
    "Portfolio": ("shailoo.apps.track.models", "Portfolio"),
    "MeasureTimeline": ("shailoo.apps.track.models", "MeasureTimeline"),
    "ConvertSummary": ("shailoo.apps.convert.engine", "Summary"),
    "Progress": ("shailoo.apps.convert.engine", "Progress"),
    "ReadSettings": ("shailoo.settings", "ReadSettings"),
    "Limits": ("shailoo.settings", "Limits"),
    "Config": ("shailoo.rules.config", "Config"),
    "ShailooError": ("shailoo.errors", "ShailooError"),
    "InputError": ("shailoo.errors", "InputError"),
    "LimitExceeded": ("shailoo.errors", "LimitExceeded"),
    "ScannedError": ("shailoo.errors", "ScannedError"),
    "ConverterMissing": ("shailoo.errors", "ConverterMissing"),
    "ConfigError": ("shailoo.rules.config", "ConfigError"),
    "ConvertError": ("shailoo.apps.convert.engine", "ConvertError"),
    "TrackError": ("shailoo.apps.track.store", "TrackError"),
}

__all__ = [
    "__version__", "parse", "parse_many", "check", "compare", "convert", "query", "track", "Documents", "Failure",
    "QueryResult", "Tracker", "ACTIVITY_COLUMNS", "PathArg", "DateArg", "ParsedDocument", "Activity",
    "FindingsReport", "Finding", "ComparisonReport", "TrackingStatus", "Portfolio", "MeasureTimeline",
    "ConvertSummary", "Progress", "ReadSettings", "Limits", "Config", "ShailooError", "InputError", "LimitExceeded",
    "ScannedError", "ConverterMissing", "ConfigError", "ConvertError", "TrackError",
]


def __getattr__(name: str) -> Any:
    """``shailoo.<name>`` of ``_LAZY``, imported on first use and kept; AttributeError for any other name
    (``from shailoo import corpus`` then imports the subpackage, as usual)."""
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'shailoo' has no attribute {name!r}")
    import importlib  # on call: the API and its models, which ``import shailoo`` and --version never need

    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
