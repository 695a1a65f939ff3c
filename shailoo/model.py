"""The one typed model of shailoo's output (pydantic v2).

Every output carries a ``schema`` name and version (``shailoo/document@1``); the JSON Schema exported
from these classes is committed as ``corpus/schema/document.schema.json`` and a test checks that it is
current. Add fields freely; never rename or remove one without bumping the version.

Every record that comes from the document carries ``Provenance``: file, page, table, row, character
span into the document text (see ``shailoo.parsers.read.blocks.RawDocument.finalize``) and the quoted text.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_serializer

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


# --------------------------------------------------------------------------- terms (issue 3)

#: How a printed date bounds the action: «до X» until (exclusive), «по X включительно» through,
#: «до 24.00 часов X» until_24h (the end of X), «X» / «в X» on, «с X» from, «после X» after.
Qualifier = Literal["on", "until", "through", "until_24h", "from", "after"]
TimeUnit = Literal["calendar_day", "working_day", "day", "hour", "week", "month"]


class TermDate(_Model):
    """One printed date inside a term, with the precision the text gives and how its year was found.

    ``value`` is set only when the date is complete (a year printed or inferred) and exists;
    ``reason`` says why it is not (``no_year``, ``no_month``, ``not_a_date`` for «31 июня»).
    ``start``/``end`` are offsets into the term's ``raw`` text.
    """

    value: Optional[dt.date] = None
    day: Optional[int] = None
    month: Optional[int] = None
    year: Optional[int] = None
    precision: Literal["day", "month", "year"] = "day"
    year_inferred: bool = False
    year_source: Optional[str] = Field(None, description="where an inferred year came from: election_day, approval, period")
    qualifier: Qualifier = "on"
    time: Optional[str] = Field(None, description="time of day as printed, normalised to HH:MM")
    weekday: Optional[int] = Field(None, description="weekday printed beside the date, Monday = 0")
    raw: str
    start: int = 0
    end: int = 0
    reason: Optional[str] = None


class _TermBase(_Model):
    raw: str = Field(description="the text of the term as printed")
    start: int = Field(0, description="offset of the term in the cell text")
    end: int = 0
    reason: Optional[str] = Field(None, description="why the term is incomplete or not understood")


class DateTerm(_TermBase):
    kind: Literal["date"] = "date"
    date: TermDate


class RangeTerm(_TermBase):
    kind: Literal["range"] = "range"
    start_date: TermDate
    end_date: TermDate


class DatesTerm(_TermBase):
    """Several dates or ranges (a schedule row held in several places: «27 сентября 28 сентября …»)."""

    kind: Literal["dates"] = "dates"
    items: list[Annotated[Union[DateTerm, RangeTerm], Field(discriminator="kind")]]


class RelativeTerm(_TermBase):
    """N units before/after/within an anchor event: «За 60 календарных дней до дня голосования (до 10 августа 2022 года)».

    ``computed`` and ``last_day`` are filled when the anchor's date is known (the election calendar):
    ``computed`` is the date the CEC prints for the term («до <computed>»), ``last_day`` the last day
    on which the action may be done, under ``convention`` (see corpus/counting.yaml).
    """

    kind: Literal["relative"] = "relative"
    n: int
    unit: TimeUnit
    direction: Literal["before", "after", "within"]
    anchor: str = Field(description="closed vocabulary: election_day, calling_of_election, registration, ...")
    anchor_raw: str = ""
    bound: Literal["not_later", "not_earlier", "exact", "within", "from_until"] = "exact"
    printed: list[TermDate] = Field(default_factory=list)
    computed: Optional[dt.date] = None
    last_day: Optional[dt.date] = None
    convention: Optional[str] = None


class EventTerm(_TermBase):
    """A term tied to an event without a number of days: «После назначения выборов», «Незамедлительно после …»."""

    kind: Literal["event"] = "event"
    anchor: str
    anchor_raw: str = ""
    relation: Literal["after", "from", "on", "before", "immediately_after", "until"] = "after"
    printed: list[TermDate] = Field(default_factory=list)
    computed: Optional[dt.date] = None


class RecurringTerm(_TermBase):
    """«еженедельно», «По мере поступления документов», «постоянно», «туруктуу»."""

    kind: Literal["recurring"] = "recurring"
    frequency: Literal["daily", "weekly", "monthly", "as_needed", "continuous"]
    anchor: Optional[str] = None


class PeriodTerm(_TermBase):
    """A month, quarter, half-year or year: «декабрь», «IV квартал 2024 года», «2023», «I Год»."""

    kind: Literal["period"] = "period"
    unit: Literal["month", "quarter", "half_year", "year", "plan_year"]
    value: Optional[int] = Field(None, description="month 1-12, quarter 1-4, half 1-2, plan year 1-3")
    year: Optional[int] = None
    year_inferred: bool = False
    first_day: Optional[dt.date] = None
    last_day: Optional[dt.date] = None


class UnspecifiedTerm(_TermBase):
    """A term that names no time: «По отдельному плану», «В порядке и сроки предусмотренные настоящим Законом»."""

    kind: Literal["unspecified"] = "unspecified"


class UnparsedTerm(_TermBase):
    """Text in a term cell that the grammar does not understand; ``reason`` says so. Never a guess."""

    kind: Literal["unparsed"] = "unparsed"


Term = Annotated[
    Union[DateTerm, RangeTerm, DatesTerm, RelativeTerm, EventTerm, RecurringTerm, PeriodTerm,
          UnspecifiedTerm, UnparsedTerm],
    Field(discriminator="kind"),
]


class Session(_Model):
    """A date of a schedule row paired with its place (seed 000: «23-24 сентября … г.Бишкек»)."""

    date: Union[DateTerm, RangeTerm] = Field(discriminator="kind")
    place: Optional[str] = None


class Mention(_Model):
    """A date, range or term found anywhere in the document, with its span in the document text."""

    type: Literal["date", "range", "term", "body", "citation"]
    text: str
    start: int
    end: int
    value: Optional[Any] = Field(None, description="the typed value: a Term (date, range, term), a BodyRef (body), "
                                                   "or the list of Citations one reference gives (citation)")
    provenance: Optional["Provenance"] = None


# --------------------------------------------------------------------------- bodies and citations (issue 4)


class BodyRef(_Model):
    """A body named in a responsible/organiser/executor cell or anywhere in the text.

    ``id`` is a stable snake_case id of the gazetteer (``corpus/bodies.yaml``), or ``other`` for a body
    the gazetteer does not know (its text is kept, never dropped). ``start``/``end`` are offsets into
    the text the body was found in (the cell, for ``Activity.responsible``).
    """

    raw: str
    id: str
    name: Optional[str] = None
    department: Optional[str] = Field(None, description="a department or group of the body, as printed")
    kind: Optional[str] = Field(None, description="commission, ministry, agency, partner, group, ...")
    start: int = 0
    end: int = 0


class Citation(_Model):
    """One reference to a provision: «ч.1,2 ст.12 Закона» gives two, part 1 and part 2 of article 12.

    ``act`` is an id of the registry of acts (``corpus/acts.yaml``); ``act_resolved_by`` says how a
    bare «Закона» was resolved: named in the citation, by the document's own definition («(далее -
    Закон)»), or by the act that governs the document's election kind. ``reason`` is set for a
    citation that is malformed or cannot be resolved («ст. Закона»).
    """

    raw: str
    act: Optional[str] = None
    act_raw: Optional[str] = None
    act_resolved_by: Literal["explicit", "document_definition", "election_kind", "unresolved"] = "unresolved"
    article: Optional[str] = None
    part: Optional[str] = None
    point: Optional[str] = None
    paragraph: Optional[str] = None
    start: int = 0
    end: int = 0
    reason: Optional[str] = None


class OcrInfo(_Model):
    """A row read by OCR from a scanned page: the lowest cell confidence (0–1), each cell's, and the
    cells below the threshold whose text may be misread (``shailoo.parsers.interpret.tables.LOW_CONFIDENCE``)."""

    confidence: float
    cells: dict[str, float] = Field(default_factory=dict)
    low_confidence: list[str] = Field(default_factory=list)


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
    term: Optional[Term] = Field(None, description="the term of the row (the first, when a cell holds several)")
    terms: list[Term] = Field(default_factory=list, description="every term of the term cell, in order")
    responsible: list[BodyRef] = Field(default_factory=list, description="owners of the row, by gazetteer id")
    citations: list[Citation] = Field(default_factory=list)
    sessions: list[Session] = Field(default_factory=list)
    sessions_reason: Optional[str] = Field(None, description="why dates and places could not be paired")
    items: list[str] = Field(default_factory=list, description="a cell's own numbered list, one per item")
    ocr: Optional[OcrInfo] = Field(None, description="set when the row was read by OCR from a scanned page; "
                                                     "absent otherwise")
    provenance: Provenance

    @model_serializer(mode="wrap")
    def _drop_absent_ocr(self, handler):
        # Rows of text documents carry no OCR facts: leave the key out rather than write null everywhere.
        data = handler(self)
        if isinstance(data, dict) and data.get("ocr") is None:
            data.pop("ocr", None)
        return data


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
    mentions: list[Mention] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
