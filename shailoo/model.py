"""The one typed model of shailoo's output (pydantic v2).

Every output carries a ``schema`` name and version (``shailoo/document@1``); the JSON Schema exported
from these classes is committed as ``corpus/schema/document.schema.json`` and a test checks that it is
current. Add fields freely; never rename or remove one without bumping the version.

Every record that comes from the document carries ``Provenance``: file, page, table, row, character
span into the document text (see ``parsers.blocks.RawDocument.finalize``) and the quoted text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_DOCUMENT = "shailoo/document@1"

DocumentKind = Literal["calendar_plan", "event_schedule", "action_plan", "resolution", "report", "unknown"]
Language = Literal["ru", "ky", "mixed", "unknown"]
#: Roles a table column can play; the column headers of both languages map onto these.
ColumnRole = Literal[
    "number", "content", "term", "responsible", "participants", "place", "legal_basis",
    "goal", "measure", "tasks", "action", "executor", "year_1", "year_2", "year_3", "funding",
    "result", "count", "code", "name", "note", "other",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Provenance(_Model):
    """Where a record comes from. ``start``/``end`` index the document text; ``quote`` is that text."""

    file: str
    page: Optional[int] = None
    table: Optional[int] = None
    row: Optional[int] = None
    pages: list[int] = Field(default_factory=list, description="every page a split row spans")
    start: Optional[int] = None
    end: Optional[int] = None
    quote: str = ""


class Source(_Model):
    path: str
    sha256: str
    format: str
    pages: Optional[int] = None
    size: int
    encoding: Optional[str] = None


class DateValue(_Model):
    """A date as printed, with what the text actually gives (``precision``) and how the year was found."""

    value: dt.date
    precision: Literal["day", "month", "year"] = "day"
    year_inferred: bool = False
    raw: str


class Approval(_Model):
    """The act that approved the document: «Утвержден постановлением ЦИК от 10 августа 2022 года № 72»."""

    by: Optional[str] = None
    act: Optional[str] = None
    number: Optional[str] = None
    date: Optional[dt.date] = None
    raw: str = ""
    provenance: Optional[Provenance] = None


class Period(_Model):
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    raw: str = ""


class DocumentInfo(_Model):
    kind: DocumentKind = "unknown"
    language: Language = "unknown"
    title: Optional[str] = None
    election_day: Optional[dt.date] = None
    election_day_raw: Optional[str] = None
    approved: Optional[Approval] = None
    period: Optional[Period] = None
    columns: dict[str, str] = Field(default_factory=dict, description="column role -> header text")
    sections: list[str] = Field(default_factory=list, description="every section heading, in order")


class Activity(_Model):
    """One row of a plan or schedule, or one numbered point of a prose document.

    ``kind`` tells what the row is: an ``activity`` of a plan or schedule, a ``goal`` or ``measure`` of
    an action plan, a ``point`` of a prose document, or a ``row`` of another embedded table.
    """

    kind: Literal["activity", "goal", "measure", "point", "row"] = "activity"
    number: Optional[str] = Field(None, description="the number as printed, e.g. «12.» or «2.1.»")
    path: Optional[str] = Field(None, description="the number as a path, e.g. «12» or «2.1»")
    section: list[str] = Field(default_factory=list, description="section headings above, outermost first")
    text: str = ""
    cells: dict[str, str] = Field(default_factory=dict, description="column role -> raw cell text")
    term: Optional[Any] = None
    responsible: list[Any] = Field(default_factory=list)
    citations: list[Any] = Field(default_factory=list)
    sessions: list[Any] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list, description="a cell's own numbered list, one per item")
    provenance: Provenance


class TextBlock(_Model):
    """A paragraph that is not part of a table or numbered point, kept with its provenance."""

    text: str
    style: str = "normal"
    provenance: Provenance


class ParsedDocument(_Model):
    """The output of ``shailoo parse`` for one file."""

    schema_: Literal["shailoo/document@1"] = Field(SCHEMA_DOCUMENT, alias="schema")
    source: Source
    document: DocumentInfo
    activities: list[Activity] = Field(default_factory=list)
    paragraphs: list[TextBlock] = Field(default_factory=list)
    mentions: list[Any] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)


def json_schema() -> dict:
    """The JSON Schema of ``ParsedDocument`` as committed in ``corpus/schema``."""
    return ParsedDocument.model_json_schema(by_alias=True)
