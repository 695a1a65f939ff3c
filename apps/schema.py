"""``shailoo schema NAME``: the JSON Schema of each output of shailoo, as committed in ``corpus/schema/``;
``shailoo schema --tables``: the tables of ``shailoo convert`` (columns, types, keys).

The outputs live on different floors (the parse output in ``shailoo.model``, the findings and the
comparison in ``shailoo.rules``, the tracking status in ``shailoo.apps.track``); this table, on the top
floor, is the one place that knows them all.
"""

from __future__ import annotations

from pydantic import BaseModel

from shailoo.apps.track.store import Portfolio, TrackingStatus
from shailoo.rules.compare import ComparisonReport
from shailoo.rules.findings import FindingsReport
from shailoo.model import ParsedDocument

#: Every output of shailoo by name: its model.
OUTPUTS: dict[str, type[BaseModel]] = {
    "document": ParsedDocument,
    "findings": FindingsReport,
    "comparison": ComparisonReport,
    "tracking": TrackingStatus,
    "portfolio": Portfolio,
}


def json_schema(name: str = "document") -> dict:
    """The JSON Schema of an output (``document``, ``findings``, ``comparison``, ``tracking``, ``portfolio``) as committed in
    ``corpus/schema/<name>.schema.json``; raises KeyError for another name."""
    return OUTPUTS[name].model_json_schema(by_alias=True)


def tables_markdown() -> str:
    """The tables of ``shailoo convert``'s store as Markdown: each table, its keys, its columns with their
    DuckDB types (``shailoo.apps.convert.tables.SCHEMA``, the one definition); the README shows it."""
    # on call: the convert tables (and the model's types they read) only for --tables
    from shailoo.apps.convert.tables import markdown

    return markdown()
