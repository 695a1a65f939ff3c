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
    # Unknown keys rejected; a field with an alias (``schema_`` → ``schema``, ``self_`` → ``self``) is
    # read by either name and written by its alias, by every dump (``model_dump()``, ``model_dump_json()``).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Provenance(_Model):
    """Where a record comes from. ``start``/``end`` index the document text; ``quote`` is that text."""

    file: str = Field(description="the file's path, as given (or as the caller named it)")
    page: Optional[int] = Field(None, description="the page, from 1 (PDF; null for formats without pages)")
    table: Optional[int] = Field(None, description="the table's index in the document, from 0; null outside tables")
    row: Optional[int] = Field(None, description="the row's index in its table, from 0")
    pages: list[int] = Field(default_factory=list, description="every page a split row spans")
    start: Optional[int] = Field(None, description="offset of the record's first character in the document text")
    end: Optional[int] = Field(None, description="offset just past the record's last character in the document text")
    quote: str = Field("", description="the document text from start to end, as printed")


class Source(_Model):
    """The file a document was read from."""

    path: str = Field(description="the file's path, as given")
    sha256: str = Field(description="SHA-256 of the file's bytes, hexadecimal: the same bytes under any name")
    format: str = Field(description="the reader that read it: docx, pdf, html, text, doc, rtf or odt")
    pages: Optional[int] = Field(None, description="number of pages (PDF); null for formats without pages")
    size: int = Field(description="size of the file in bytes")
    encoding: Optional[str] = Field(None, description="the character encoding a text or HTML file was decoded with")


class Approval(_Model):
    """The act that approved the document: «Утвержден постановлением ЦИК от 10 августа 2022 года № 72»."""

    by: Optional[str] = Field(None, description="the approving body as printed, e.g. «ЦИК»")
    act: Optional[str] = Field(None, description="the kind of act as printed, e.g. «постановлением», «токтому менен»")
    number: Optional[str] = Field(None, description="the act's number as printed, without «№», e.g. «72»")
    date: Optional[dt.date] = Field(None, description="the act's date")
    raw: str = Field("", description="the approval line as printed")
    provenance: Optional[Provenance] = Field(None, description="where the approval line is")


class Period(_Model):
    """The period a plan covers: «на 2024-2026 годы»."""

    start: Optional[dt.date] = Field(None, description="the first day of the period")
    end: Optional[dt.date] = Field(None, description="the last day of the period")
    raw: str = Field("", description="the period as printed")


class Signatory(_Model):
    """A signature line at the end of a resolution: «Председатель  Б. Бекмуратов», «Төрага / Б. Бекмуратов»."""

    position: str = Field("", description="the position as printed, e.g. «Председатель», «Секретарь заседания»")
    name: Optional[str] = Field(None, description="the person as printed, e.g. «Б. Бекмуратов»; null when cut off")
    provenance: Optional[Provenance] = Field(None, description="where the signature line is")


class ResolutionControl(_Model):
    """The control clause: «Контроль за исполнением … возложить на секретаря … Асанову А.А.»."""

    raw: str = Field("", description="the clause as printed")
    who: Optional[str] = Field(None, description="the person or body charged with control, as printed")
    self_: bool = Field(False, alias="self", description="the signatory keeps control («оставляю за собой», "
                                                         "«өзүмө калтырам»)")
    point: Optional[str] = Field(None, description="path of the operative point holding the clause")
    provenance: Optional[Provenance] = Field(None, description="where the clause is")


class Resolution(_Model):
    """The facts of a resolution, decision or order (постановление, решение, приказ, токтом, чечим …).

    Filled for ``kind == "resolution"``; every field is null or empty when the text does not print it
    (an excerpt may start after the header). The operative points are the document's activities of
    kind ``point``; their executors are in ``cells["executor"]``, their deadlines in ``cells["term"]``.
    """

    act: Optional[str] = Field(None, description="the kind of act as printed in the heading, e.g. «ПОСТАНОВЛЕНИЕ», "
                                                 "«ТОКТОМ», «Решение», «ПРИКАЗ»")
    number: Optional[str] = Field(None, description="the act's own number as printed, without «№»/«N», e.g. «72», "
                                                    "«4/408», «36-ук»")
    date: Optional[dt.date] = Field(None, description="the act's own date (adoption), from its header")
    date_raw: Optional[str] = Field(None, description="the date as printed")
    place: Optional[str] = Field(None, description="where it was adopted, as printed: «г. Бишкек», «Бишкек шаары»")
    subject: Optional[str] = Field(None, description="the title/subject line(s), «О календарном плане …», "
                                                     "«… жөнүндө», without the preamble")
    preamble: Optional[str] = Field(None, description="the text between the subject and the operative formula")
    legal_bases: list[Citation] = Field(default_factory=list, description="provisions the preamble cites as the "
                                                                          "basis («в соответствии со статьями 2, 13 …»)")
    operative: Optional[str] = Field(None, description="the operative formula as printed: «постановляет:», "
                                                       "«ТОКТОМ КЫЛАТ:», «решила:», «приказываю:»")
    control: Optional[ResolutionControl] = Field(None, description="the control clause, when printed")
    signatories: list[Signatory] = Field(default_factory=list, description="position and name lines at the end")
    provenance: Optional[Provenance] = Field(None, description="the header line giving number and date")


class DocumentInfo(_Model):
    """What the document is and what its header says: kind, language, title, election day, approval, period."""

    kind: DocumentKind = Field("unknown", description="calendar_plan (an election's calendar plan), "
                               "event_schedule, action_plan (goals and measures), resolution (a resolution, "
                               "decision or order), report (a progress report of a plan), or unknown")
    language: Language = Field("unknown", description="ru, ky, mixed (both in one text) or unknown")
    title: Optional[str] = Field(None, description="the title as printed, lines joined")
    election_day: Optional[dt.date] = Field(None, description="the election (voting) day the document prints, or "
                                            "the one given by the caller")
    election_day_raw: Optional[str] = Field(None, description="the election day as printed")
    election_day_year_source: Optional[str] = Field(None, description="where the year of an election day printed "
                                                                      "without one came from: nearest_date (the "
                                                                      "nearest date printed with its year before "
                                                                      "the statement, e.g. a news dateline); "
                                                                      "absent when the year is printed")
    approved: Optional[Approval] = Field(None, description="the act that approved the document, when printed")
    period: Optional[Period] = Field(None, description="the period the plan covers, when printed")
    columns: dict[str, str] = Field(default_factory=dict, description="column role -> header text")
    sections: list[str] = Field(default_factory=list, description="every section heading, in order")
    resolution: Optional["Resolution"] = Field(None, description="number, date, place, subject, legal bases, "
                                                                 "control and signatories of a resolution")

    @model_serializer(mode="wrap")
    def _drop_absent_resolution(self, handler):
        # Only resolutions carry these facts: leave the key out of other documents rather than write null.
        data = handler(self)
        if isinstance(data, dict) and data.get("resolution") is None:
            data.pop("resolution", None)
        if isinstance(data, dict) and data.get("election_day_year_source") is None:
            data.pop("election_day_year_source", None)  # only an inferred year says where it came from
        return data


# --------------------------------------------------------------------------- terms (issue 3)

#: How a printed date bounds the action: «до X» until (exclusive), «по X включительно» through,
#: «до 24.00 часов X» until_24h (the end of X), «X» / «в X» on, «с X» from, «после X» after.
Qualifier = Literal["on", "until", "through", "until_24h", "from", "after"]
TimeUnit = Literal["calendar_day", "working_day", "day", "hour", "week", "month"]
#: How often a recurring action comes back: each day … each year; ``as_needed`` whenever its condition
#: comes about («при выявлении нарушений», «по мере поступления»), ``continuous`` all the time («постоянно»).
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "as_needed", "continuous"]


class TermDate(_Model):
    """One printed date inside a term, with the precision the text gives and how its year was found.

    ``value`` is set only when the date is complete (a year printed or inferred) and exists;
    ``reason`` says why it is not (``no_year``, ``no_month``, ``not_a_date`` for «31 июня»).
    ``start``/``end`` are offsets into the term's ``raw`` text.
    """

    value: Optional[dt.date] = Field(None, description="the date, when complete and existing; else null (see reason)")
    day: Optional[int] = Field(None, description="the day of the month as printed")
    month: Optional[int] = Field(None, description="the month as printed, 1-12")
    year: Optional[int] = Field(None, description="the year, printed or inferred")
    precision: Literal["day", "month", "year"] = Field("day", description="what the text names: a day, a "
                                                                         "month («в августе») or a year")
    year_inferred: bool = Field(False, description="the year is not printed beside the date: it was inferred")
    year_source: Optional[str] = Field(None, description="where an inferred year came from: period, title, "
                                                         "election_day, approval, nearest_date, clause_year")
    qualifier: Qualifier = Field("on", description="how the date bounds the action: on «X», until «до X», "
                                 "through «по X включительно», until_24h «до 24.00 часов X», from «с X», after "
                                 "«после X»")
    time: Optional[str] = Field(None, description="time of day as printed, normalised to HH:MM")
    weekday: Optional[int] = Field(None, description="weekday printed beside the date, Monday = 0")
    raw: str = Field(description="the date as printed")
    start: int = Field(0, description="offset of the date in the term's raw text")
    end: int = Field(0, description="offset just past the date in the term's raw text")
    reason: Optional[str] = Field(None, description="why value is null: no_year, no_month, not_a_date (e.g. «31 "
                                                    "июня»), event_start")


class _TermBase(_Model):
    raw: str = Field(description="the text of the term as printed")
    start: int = Field(0, description="offset of the term in the cell text")
    end: int = Field(0, description="offset just past the term in the cell text")
    reason: Optional[str] = Field(None, description="why the term is incomplete or not understood")


class DateTerm(_TermBase):
    """One day: «до 10 августа 2022 г.»; with the hours printed on it («9 октября 2022 года с 8.00 до
    20.00 часов», «30-ноябрда саат 08:00дөн 20:00гө чейин») ``date.time`` is the first hour and
    ``time_until`` the last — one day, not a range."""

    kind: Literal["date"] = Field("date", description="the kind of term: date")
    date: TermDate = Field(description="the day (with its first hour when hours are printed)")
    time_until: Optional[str] = Field(None, description="the end of the hours printed on the day, HH:MM")

    @model_serializer(mode="wrap")
    def _without_absent_time_until(self, handler):
        # Written only when hours are printed: a plain date reads as it always has.
        data = handler(self)
        if isinstance(data, dict) and data.get("time_until") is None:
            data.pop("time_until", None)
        return data


class RangeTerm(_TermBase):
    """From a start to an end: «с 7 по 21 декабря», «начинается 21 октября и продлится до 19 ноября».

    A start printed as an event («начнется со дня назначения выборов и завершится 31 октября») is kept
    in ``start_event`` (anchor and relation); ``start_date`` then has ``value`` null with
    ``reason="event_start"`` until the election calendar knows the anchor's date, which fills it.
    """

    kind: Literal["range"] = Field("range", description="the kind of term: range")
    start_date: TermDate = Field(description="the first day")
    end_date: TermDate = Field(description="the last day")
    start_event: Optional["EventTerm"] = Field(None, description="the start when it is printed as an event, "
                                                                 "not a date («со дня назначения выборов»)")

    @model_serializer(mode="wrap")
    def _without_absent_start_event(self, handler):
        # Written only when there is one: a range of two dates reads as it always has.
        data = handler(self)
        if isinstance(data, dict) and data.get("start_event") is None:
            data.pop("start_event", None)
        return data


class DatesTerm(_TermBase):
    """Several dates or ranges (a schedule row held in several places: «27 сентября 28 сентября …»)."""

    kind: Literal["dates"] = Field("dates", description="the kind of term: dates")
    items: list[Annotated[Union[DateTerm, RangeTerm], Field(discriminator="kind")]] = Field(
        description="each date or range, in order")


class RelativeTerm(_TermBase):
    """N units before/after/within an anchor event: «За 60 календарных дней до дня голосования (до 10 августа 2022 года)».

    ``computed`` and ``last_day`` are filled when the anchor's date is known (the election calendar):
    ``computed`` is the date the CEC prints for the term («до <computed>»), ``last_day`` the last day
    on which the action may be done, under ``convention`` (see corpus/counting.yaml).
    """

    kind: Literal["relative"] = Field("relative", description="the kind of term: relative")
    n: int = Field(description="the number of units, e.g. 60")
    unit: TimeUnit = Field(description="calendar_day, working_day, day (read as calendar days), hour, week, month")
    direction: Literal["before", "after", "within"] = Field(description="before the anchor («за 60 дней до»), "
                                                            "after it («через 10 дней после»), or within N units "
                                                            "of it («в течение 10 дней»)")
    anchor: str = Field(description="closed vocabulary: election_day, calling_of_election, registration, ...")
    anchor_raw: str = Field("", description="the anchor event as printed, e.g. «дня голосования»")
    bound: Literal["not_later", "not_earlier", "exact", "within", "from_until"] = Field(
        "exact", description="how the computed date bounds the action: not_later («не позднее»), not_earlier "
                             "(«не ранее»), exact, within («в течение»), from_until («начинается … и "
                             "заканчивается …»)")
    printed: list[TermDate] = Field(default_factory=list, description="dates printed beside the term, e.g. «(до "
                                                                       "10 августа 2022 года)»")
    computed: Optional[dt.date] = Field(None, description="the date the CEC prints for the term («до <computed>»), "
                                                          "once the anchor's date is known")
    last_day: Optional[dt.date] = Field(None, description="the last day on which the action may be done")
    convention: Optional[str] = Field(None, description="the counting convention applied (corpus/counting.yaml), "
                                                        "e.g. before, after, within")


class EventTerm(_TermBase):
    """A term tied to an event without a number of days: «После назначения выборов», «Незамедлительно после …»."""

    kind: Literal["event"] = Field("event", description="the kind of term: event")
    anchor: str = Field(description="the event's id in the anchor vocabulary (election_day, calling_of_election, "
                                    "...), or unknown (its text is in anchor_raw)")
    anchor_raw: str = Field("", description="the event as printed, e.g. «назначения выборов»")
    relation: Literal["after", "from", "on", "before", "immediately_after", "until"] = Field(
        "after", description="how the action relates to the event: after («после»), from («со дня»), on («в "
                             "день»), before, immediately_after («незамедлительно после»), until (up to the "
                             "event: «до …»)")
    printed: list[TermDate] = Field(default_factory=list, description="dates printed beside the term")
    computed: Optional[dt.date] = Field(None, description="the event's date, once the election calendar knows it")


# RangeTerm names EventTerm (its ``start_event``) before it is defined: complete both, and the list that
# holds ranges, now (a model built without validation would otherwise keep a placeholder serializer).
RangeTerm.model_rebuild()
DatesTerm.model_rebuild()


class RecurringTerm(_TermBase):
    """«еженедельно», «не реже 1 раза в год», «ежегодно до 1 марта», «При выявлении нарушений», «туруктуу».

    A deadline printed with a frequency is one of its ``occurrences``, not a one-off date: «один раз в
    полугодие (до 10 июля и до 10 января)» has two, each as printed (day and month; the year only when
    printed, else ``year``/``value`` null with ``reason="no_year"``): the year of each cycle comes from
    the plan period, not from the cell. A day without a month («до 5 числа месяца, следующего за
    отчетным») has ``month`` null and ``reason="month_per_period"``.
    """

    kind: Literal["recurring"] = Field("recurring", description="the kind of term: recurring")
    frequency: Frequency = Field(description="daily, weekly, monthly, quarterly, half_yearly, yearly; as_needed "
                                             "(whenever its condition comes about), continuous («постоянно»)")
    anchor: Optional[str] = Field(None, description="anchor id of the event or condition when it is in the vocabulary, else null")
    anchor_raw: str = Field("", description="the event or condition as printed («выявлении нарушений», «приеме на работу»)")
    count: Optional[int] = Field(None, description="times per period as printed: «2 раза в год» 2, «Раз в полугодие» 1, «Однократно» 1")
    count_bound: Optional[Literal["exact", "at_least", "at_most"]] = Field(
        None, description="how the count bounds the times: «не реже» at_least, «не чаще» at_most; exact when printed bare")
    occurrences: list[TermDate] = Field(default_factory=list, description="the deadlines of each cycle as printed")
    following_period: bool = Field(False, description="each deadline is in the month after the period reported on "
                                                      "(«до 5 числа месяца, следующего за отчетным»)")


class PeriodTerm(_TermBase):
    """A month, quarter, half-year or year: «декабрь», «IV квартал 2024 года», «2023», «I Год»."""

    kind: Literal["period"] = Field("period", description="the kind of term: period")
    unit: Literal["month", "quarter", "half_year", "year", "plan_year", "months"] = Field(
        description="month, quarter, half_year, year, plan_year (Year I/II/III of a plan), months (the first N "
                    "months of a year)")
    value: Optional[int] = Field(None, description="month 1-12, quarter 1-4, half 1-2, plan year 1-3; for "
                                                   "``months`` the first N months of the year («за 9 месяцев 2019г.»)")
    year: Optional[int] = Field(None, description="the year, printed or inferred")
    year_inferred: bool = Field(False, description="the year is not printed with the period: it was inferred")
    year_source: Optional[str] = Field(None, description="where an inferred year came from: period, title, "
                                                         "election_day, approval, nearest_date, clause_year")
    first_day: Optional[dt.date] = Field(None, description="the period's first day, when its year is known")
    last_day: Optional[dt.date] = Field(None, description="the period's last day, when its year is known")


class UnspecifiedTerm(_TermBase):
    """A term that names no time: «По отдельному плану», «В порядке и сроки предусмотренные настоящим Законом»."""

    kind: Literal["unspecified"] = Field("unspecified", description="the kind of term: unspecified")


class UnparsedTerm(_TermBase):
    """Text in a term cell that the grammar does not understand; ``reason`` says so. Never a guess."""

    kind: Literal["unparsed"] = Field("unparsed", description="the kind of term: unparsed")


Term = Annotated[
    Union[DateTerm, RangeTerm, DatesTerm, RelativeTerm, EventTerm, RecurringTerm, PeriodTerm,
          UnspecifiedTerm, UnparsedTerm],
    Field(discriminator="kind"),
]


class Session(_Model):
    """A date of a schedule row paired with its place (seed 000: «23-24 сентября … г.Бишкек»)."""

    date: Union[DateTerm, RangeTerm] = Field(discriminator="kind", description="the day or days of the session")
    place: Optional[str] = Field(None, description="the place as printed, e.g. «г.Бишкек»")


class Mention(_Model):
    """A date, range or term found anywhere in the document, with its span in the document text."""

    type: Literal["date", "range", "term", "body", "citation"] = Field(
        description="what was found: a date, a range of dates, a term, a body, a citation")
    text: str = Field(description="the text as printed")
    start: int = Field(description="offset of the text in the document text")
    end: int = Field(description="offset just past the text in the document text")
    value: Optional[Any] = Field(None, description="the typed value: a Term (date, range, term), a BodyRef (body), "
                                                   "or the list of Citations one reference gives (citation)")
    provenance: Optional["Provenance"] = Field(None, description="where the text is")


# --------------------------------------------------------------------------- bodies and citations (issue 4)


class BodyRef(_Model):
    """A body named in a responsible/organiser/executor cell or anywhere in the text.

    ``id`` is a stable snake_case id of the gazetteer (``corpus/bodies.yaml``), or ``other`` for a body
    the gazetteer does not know (its text is kept, never dropped). An id is given only when the body
    named is that body: a unit any organisation has («Отдел кадров», «рабочая группа») is the CEC's
    only in the CEC's own document or next to the CEC's name, and a national body of the Kyrgyz
    Republic («ЦИК», «Министерство юстиции») only in a Kyrgyz document or with the country named; else
    it is ``other`` with its text and ``kind``. A person («Ганичева О.В.», «Директор Ходосевич С.Г.»)
    is ``id="other"`` with ``kind="person"`` and the text as ``raw``; a person named with a body
    («Управлению информационных технологий (Ю.П. Холодняков)», «Председатель ТИК Сеин О.А.») is part
    of that body's owner, whose ``raw`` holds the name. ``start``/``end`` are offsets into the text the
    body was found in (the cell, for ``Activity.responsible``).
    """

    raw: str = Field(description="the body as printed")
    id: str = Field(description="the gazetteer's id (corpus/bodies.yaml), or other for a body it does not know")
    name: Optional[str] = Field(None, description="the gazetteer's name of the body; null for other")
    department: Optional[str] = Field(None, description="a department or group of the body, as printed")
    kind: Optional[str] = Field(None, description="commission, ministry, agency, partner, group, department, "
                                                  "person, ...")
    start: int = Field(0, description="offset of the body in the text it was found in (the cell)")
    end: int = Field(0, description="offset just past the body in that text")


class Citation(_Model):
    """One reference to a provision: «ч.1,2 ст.12 Закона» gives two, part 1 and part 2 of article 12.

    ``act`` is an id of the registry of acts (``corpus/acts.yaml``); ``act_resolved_by`` says how a
    bare «Закона» was resolved: named in the citation, by the document's own definition («(далее -
    Закон)»), or by the act that governs the document's election kind. ``reason`` is set for a
    citation that is malformed or cannot be resolved («ст. Закона»).
    """

    raw: str = Field(description="the reference as printed, e.g. «ч.1,2 ст.12 Закона»")
    act: Optional[str] = Field(None, description="the act's id in the registry of acts (corpus/acts.yaml); null "
                                                 "when not resolved")
    act_raw: Optional[str] = Field(None, description="the act as printed, e.g. «Закона»")
    act_resolved_by: Literal["explicit", "document_definition", "election_kind", "unresolved"] = Field(
        "unresolved", description="how the act was found: explicit (named in the citation), document_definition "
                                  "(«далее - Закон»), election_kind (the act governing the document's election), "
                                  "unresolved")
    article: Optional[str] = Field(None, description="the article's number as printed, e.g. «12»")
    part: Optional[str] = Field(None, description="the part's number as printed")
    point: Optional[str] = Field(None, description="the point's number as printed")
    paragraph: Optional[str] = Field(None, description="the paragraph (абзац) as printed")
    start: int = Field(0, description="offset of the citation in the text it was found in")
    end: int = Field(0, description="offset just past the citation in that text")
    reason: Optional[str] = Field(None, description="why the citation is malformed or unresolved")


class OcrInfo(_Model):
    """A row read by OCR from a scanned page: the lowest cell confidence (0–1), each cell's, and the
    cells below the threshold whose text may be misread (``shailoo.parsers.interpret.tables.LOW_CONFIDENCE``)."""

    confidence: float = Field(description="the lowest confidence of the row's cells, 0-1")
    cells: dict[str, float] = Field(default_factory=dict, description="column role -> the cell's confidence, 0-1")
    low_confidence: list[str] = Field(default_factory=list, description="column roles of the cells below the "
                                                                         "threshold, whose text may be misread")


class Activity(_Model):
    """One row of a plan or schedule, or one numbered point of a prose document.

    ``kind`` tells what the row is: an ``activity`` of a plan or schedule, a ``goal`` or ``measure`` of
    an action plan, a ``point`` of a prose document, or a ``row`` of another embedded table.
    """

    kind: Literal["activity", "goal", "measure", "point", "row"] = Field(
        "activity", description="activity (a row of a plan or schedule), goal or measure (of an action plan), "
                                "point (a numbered point of a prose document), row (of another table)")
    number: Optional[str] = Field(None, description="the number as printed, e.g. «12.» or «2.1.»")
    path: Optional[str] = Field(None, description="the number as a path, e.g. «12» or «2.1»")
    section: list[str] = Field(default_factory=list, description="section headings above, outermost first")
    text: str = Field("", description="the row's content (the content cell, or the point's text) as printed")
    cells: dict[str, str] = Field(default_factory=dict, description="column role -> raw cell text")
    term: Optional[Term] = Field(None, description="the term of the row (the first, when a cell holds several)")
    terms: list[Term] = Field(default_factory=list, description="every term of the term cell, in order")
    responsible: list[BodyRef] = Field(default_factory=list, description="owners of the row, by gazetteer id")
    citations: list[Citation] = Field(default_factory=list, description="the provisions the row cites")
    sessions: list[Session] = Field(default_factory=list, description="a schedule row's dates paired with "
                                                                       "their places")
    sessions_reason: Optional[str] = Field(None, description="why dates and places could not be paired")
    items: list[str] = Field(default_factory=list, description="a cell's own numbered list, one per item")
    ocr: Optional[OcrInfo] = Field(None, description="set when the row was read by OCR from a scanned page; "
                                                     "absent otherwise")
    roles_inferred: bool = Field(False, description="the row's table has no header row and its column roles "
                                                    "(which cell is the term, the owner …) were guessed from the "
                                                    "cells' content (``infer_roles``); findings about its cells "
                                                    "rest on that guess. Absent when false")
    provenance: Provenance = Field(description="where the row is")

    @model_serializer(mode="wrap")
    def _drop_absent_ocr(self, handler):
        # Rows of text documents carry no OCR facts: leave the key out rather than write null everywhere.
        data = handler(self)
        if isinstance(data, dict) and data.get("ocr") is None:
            data.pop("ocr", None)
        if isinstance(data, dict) and not data.get("roles_inferred", True):
            data.pop("roles_inferred", None)  # only a guessed role says so
        return data


class TextBlock(_Model):
    """A paragraph that is not part of a table or numbered point, kept with its provenance."""

    text: str = Field(description="the paragraph as printed")
    style: str = Field("normal", description="normal, heading, title or list")
    provenance: Provenance = Field(description="where the paragraph is")


class ParsedDocument(_Model):
    """The output of ``shailoo parse`` for one file."""

    schema_: Literal["shailoo/document@1"] = Field(SCHEMA_DOCUMENT, alias="schema",
                                                   description="the output's schema name and version")
    source: Source = Field(description="the file it was read from")
    document: DocumentInfo = Field(description="what the document is and what its header says")
    activities: list[Activity] = Field(default_factory=list, description="every row of its tables and every "
                                                                          "numbered point, in order")
    paragraphs: list[TextBlock] = Field(default_factory=list, description="paragraphs outside tables and "
                                                                           "numbered points")
    mentions: list[Mention] = Field(default_factory=list, description="dates, terms, bodies and citations found "
                                                                       "anywhere in the text")
    warnings: list[str] = Field(default_factory=list, description="what the readers noticed: text that may be "
                                                                   "misread, replaced bytes, cut content")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)
