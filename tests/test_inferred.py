"""No self-made alarms (issue 17, point 3): a finding never rests on a value shailoo inferred with less
than certainty — a year the document does not print, an election day completed from the nearest dated
line, a column role guessed in a table without a header row. Each rule either does not fire or says so
and is ``info`` (``details.inferred``, ``details.severity_lowered_from``); a printed, wrong full date
still fires. Column-numbering rows and headings never reach the rules.
"""

from __future__ import annotations

import datetime as dt

import pytest

from shailoo.model import (Activity, DateTerm, DocumentInfo, ParsedDocument, Period, PeriodTerm, Provenance,
                           RangeTerm, RelativeTerm, Source, TermDate)
from shailoo.parsers.interpret.document import interpret
from shailoo.parsers.read.text import parse_text
from shailoo.rules.check import check
from shailoo.rules.engine import structural_row

D = dt.date


def parse(text: str, name: str = "inline.txt") -> ParsedDocument:
    return interpret(parse_text(text, path=name).finalize())


def fired(doc, rule=None, lang="ru", **kw):
    return [f for f in check(doc, lang=lang, **kw).findings if rule is None or f.rule == rule]


def prov(n):
    return Provenance(file="t", table=0, row=n, start=n * 100, end=n * 100 + 50)


def td(value: dt.date, raw: str, inferred: bool = False, source: str | None = None, **kw) -> TermDate:
    return TermDate(value=value, day=value.day, month=value.month, year=value.year, raw=raw,
                    year_inferred=inferred, year_source=source if inferred else None, **kw)


def row(n, term=None, cells=None, **kw):
    c = {"number": f"{n}.", "content": f"Мероприятие {n}", "term": term.raw if term else "", "responsible": "ЦИК"}
    c.update(cells or {})
    return Activity(number=f"{n}.", path=str(n), text=c["content"], cells=c, term=term,
                    terms=[term] if term else [], provenance=prov(n), **kw)


def doc(acts, kind="calendar_plan", election_day=None, period=None, approved=None, **info):
    from shailoo.model import Approval
    return ParsedDocument(
        source=Source(path="t", sha256="0", format="text", size=1),
        document=DocumentInfo(kind=kind, language="ru", election_day=election_day,
                              columns={"number": "№", "content": "Мероприятия", "term": "Сроки",
                                       "responsible": "Ответственные"},
                              period=Period(start=period[0], end=period[1]) if period else None,
                              approved=Approval(date=approved) if approved else None, **info),
        activities=list(acts))


# --------------------------------------------------------------------------- date-outside-period

MINISTRY = """ПЛАН
мероприятий Министерства по противодействию коррупции на 2022–2024 годы

Утверждён приказом от 30 декабря 2021 года № 5

№\tМероприятие\tСрок исполнения\tИсполнители
1.\tПредставление информации о ходе исполнения плана\tдо 10 июля\tОтдел кадров
2.\tАнализ обращений граждан\tдо 25 декабря\tЮридический отдел
3.\tОбучение сотрудников\tдо 1 июля\tОтдел кадров
"""


def test_a_ministry_plan_whose_undated_year_rows_are_not_outside_its_period():
    d = parse(MINISTRY)
    assert d.document.period.start.year == 2022 and d.document.period.end.year == 2024
    terms = [a.term for a in d.activities]
    assert terms and all(t.date.year_inferred for t in terms)
    assert fired(d, "date-outside-period") == []


def test_a_printed_wrong_full_date_still_fires():
    d = parse(MINISTRY.replace("до 10 июля\t", "до 10 июля 2021 года\t"))
    fs = fired(d, "date-outside-period")
    assert [(f.activity, f.severity) for f in fs] == [("1", "warning")]
    assert "inferred" not in fs[0].details


def test_an_inferred_year_outside_the_period_does_not_fire():
    # Whatever year shailoo would have chosen, a date without a printed year is never "outside".
    acts = [row(1, DateTerm(raw="до 10 июля", date=td(D(2021, 7, 10), "10 июля", True, "approval"))),
            row(2, PeriodTerm(raw="декабрь", unit="month", value=12, year=2021, year_inferred=True,
                              year_source="approval", first_day=D(2021, 12, 1), last_day=D(2021, 12, 31))),
            row(3, DateTerm(raw="10 июля 2021 года", date=td(D(2021, 7, 10), "10 июля 2021 года")))]
    fs = fired(doc(acts, kind="action_plan", period=(D(2022, 1, 1), D(2024, 12, 31))), "date-outside-period")
    assert [f.activity for f in fs] == ["3"]


def test_the_month_before_the_period_is_a_note():
    # wild 021: «Составление плана … на 2025 год — Декабрь 2024»: the plan is drafted before its year.
    month = TermDate(value=D(2024, 12, 1), month=12, year=2024, precision="month", raw="Декабрь 2024")
    acts = [row(1, DateTerm(raw="Декабрь 2024", date=month)),
            row(2, DateTerm(raw="Октябрь 2024", date=TermDate(value=D(2024, 10, 1), month=10, year=2024,
                                                                precision="month", raw="Октябрь 2024")))]
    fs = {f.activity: f for f in fired(doc(acts, kind="action_plan", period=(D(2025, 1, 1), D(2025, 12, 31))),
                                       "date-outside-period")}
    assert fs["1"].severity == "info" and fs["1"].details["case"] == "before_period_start"
    assert fs["2"].severity == "warning"


def test_after_an_election_day_completed_from_the_nearest_date_is_a_note():
    t = RelativeTerm(raw="за 5 дней до дня голосования (12 октября 2022)", n=5, unit="calendar_day",
                     direction="before", anchor="election_day",
                     printed=[td(D(2022, 10, 12), "12 октября 2022", qualifier="until")])
    inferred = doc([row(1, t)], election_day=D(2022, 10, 9), election_day_raw="9 октября",
                   election_day_year_source="nearest_date")
    (f,) = fired(inferred, "date-outside-period")
    assert f.severity == "info" and f.details["severity_lowered_from"] == "warning"
    assert f.details["inferred"][0]["what"] == "election_day"
    assert "год дня голосования в документе не напечатан" in f.message
    printed = doc([row(1, t)], election_day=D(2022, 10, 9))
    (g,) = fired(printed, "date-outside-period")
    assert g.severity == "warning" and "inferred" not in g.details


# --------------------------------------------------------------------------- weekday, invalid, range


@pytest.mark.parametrize("lang,note", [("ru", "год даты «9 октября» в документе не напечатан"),
                                       ("ky", "«9 октября» датасынын жылы документте басылган эмес"),
                                       ("en", "the year of «9 октября» is not printed")])
def test_a_weekday_on_an_inferred_year_is_a_note(lang, note):
    wrong = td(D(2023, 10, 9), "9 октября", True, "approval", weekday=6)   # 9.10.2023 is a Monday
    (f,) = fired(doc([row(1, DateTerm(raw="воскресенье, 9 октября", date=wrong))]), "weekday-mismatch", lang=lang)
    assert f.severity == "info" and f.details["severity_lowered_from"] == "error"
    assert f.details["inferred"] == [{"what": "year", "source": "approval", "date": "9 октября"}]
    assert note in f.message


def test_a_weekday_on_a_printed_year_is_an_error():
    wrong = td(D(2023, 10, 9), "9 октября 2023", weekday=6)
    (f,) = fired(doc([row(1, DateTerm(raw="воскресенье, 9 октября 2023", date=wrong))]), "weekday-mismatch")
    assert f.severity == "error" and "inferred" not in f.details


def test_a_29_february_of_an_inferred_year_is_not_invalid():
    leap = TermDate(day=29, month=2, raw="29 февраля", reason="not_a_date", year_inferred=True, year_source="period")
    june = TermDate(day=31, month=6, raw="31 июня", reason="not_a_date", year_inferred=True, year_source="period")
    acts = [row(1, DateTerm(raw="29 февраля", date=leap)), row(2, DateTerm(raw="31 июня", date=june))]
    assert [f.activity for f in fired(doc(acts), "date-invalid")] == ["2"]


def _range(start: TermDate, end: TermDate) -> RangeTerm:
    return RangeTerm(raw=f"с {start.raw} по {end.raw}", start_date=start, end_date=end)


def test_a_range_inverted_by_printed_years_is_an_error_and_by_an_inferred_year_a_note():
    printed = _range(td(D(2022, 4, 22), "22 апреля 2022"), td(D(2022, 3, 6), "6 марта 2022"))
    own_year = _range(TermDate(value=D(2021, 9, 20), day=20, month=9, year=2021, raw="20 сентября"),
                      td(D(2022, 9, 10), "10 сентября 2022 года"))          # start read in the end's year
    guessed = _range(td(D(2023, 4, 22), "22 апреля", True, "period"), td(D(2024, 3, 6), "6 марта", True, "period"))
    fs = {f.activity: f for f in fired(doc([row(1, printed), row(2, own_year), row(3, guessed)]), "range-inverted")}
    assert {k: f.severity for k, f in fs.items()} == {"1": "error", "2": "error", "3": "info"}
    assert fs["3"].details["severity_lowered_from"] == "error"


def test_seed_002_range_still_an_error():
    import shailoo
    from conftest import FIXTURES

    fs = fired(shailoo.parse(FIXTURES / "text" / "seed002.txt"), "range-inverted")
    assert [f.severity for f in fs] == ["error"]


# --------------------------------------------------------------------------- offsets


def _rel(n, printed: TermDate):
    return RelativeTerm(raw=f"за {n} дней до дня голосования ({printed.raw})", n=n, unit="calendar_day",
                        direction="before", anchor="election_day", printed=[printed])


def test_offset_with_an_inferred_year_fires_only_on_the_printed_day_and_month():
    e = D(2022, 10, 9)
    acts = [row(1, _rel(60, td(D(2023, 8, 10), "10 августа", True, "nearest_date"))),   # only the year differs
            row(2, _rel(60, td(D(2022, 8, 12), "12 августа", True, "election_day"))),  # 2 days late whatever the year
            row(3, _rel(60, td(D(2022, 8, 12), "12 августа 2022")))]
    fs = {f.activity: f for f in fired(doc(acts, election_day=e), "offset-date-mismatch")}
    assert {k: f.severity for k, f in fs.items()} == {"2": "error", "3": "error"}


def test_offset_against_an_election_day_completed_from_the_nearest_date_is_a_note():
    acts = [row(1, _rel(60, td(D(2022, 8, 12), "12 августа 2022")))]
    d = doc(acts, election_day=D(2022, 10, 9), election_day_raw="9 октября", election_day_year_source="nearest_date")
    (f,) = fired(d, "offset-date-mismatch", lang="ky")
    assert f.severity == "info" and f.details["severity_lowered_from"] == "error"
    assert "добуш берүү күнүнүн жылы документте басылган эмес" in f.message
    # Given on the command line, the election day is certain again.
    (g,) = fired(d, "offset-date-mismatch", calendar={"election_day": D(2022, 10, 9)})
    assert g.severity == "error"


def test_anchor_inconsistent_by_an_inferred_year_only_does_not_fire():
    a = "publication_of_calling"

    def r(n, k, printed):
        return row(n, RelativeTerm(raw=f"{k} {printed.raw}", n=k, unit="calendar_day", direction="within",
                                   anchor=a, printed=[printed]))

    acts = [r(1, 10, td(D(2022, 8, 19), "19 августа 2022")), r(2, 5, td(D(2022, 8, 14), "14 августа 2022")),
            r(3, 20, td(D(2023, 8, 29), "29 августа", True, "nearest_date"))]   # 9 Aug, a year later
    assert fired(doc(acts), "anchor-inconsistent") == []
    acts[2] = r(3, 20, td(D(2022, 9, 5), "5 сентября", True, "nearest_date"))    # 16 Aug: printed days differ
    assert [f.activity for f in fired(doc(acts), "anchor-inconsistent")] == ["3"]


# --------------------------------------------------------------------------- guessed columns and structure

HEADERLESS = """ПЛАН
мероприятий по подготовке выборов 9 октября 2022 года

1.\tОбразование избирательных комиссий\tдо 10 июля 2022 года\tЦИК
2.\tРегистрация кандидатов в депутаты\tдо 20 июля 2022 года\tОИК
3.\tПечать избирательных бюллетеней для голосования\tсуббота, 2 октября 2022 года\tЦИК
"""


def test_findings_on_a_guessed_column_are_notes():
    d = parse(HEADERLESS)
    assert d.activities and all(a.roles_inferred for a in d.activities)
    assert any("no header row" in w for w in d.warnings)
    # 2 October 2022 was a Sunday: an error in a term column a header names, a note in a guessed one.
    fs = [f for f in fired(d) if f.activity == "3"]
    assert [f.rule for f in fs] == ["weekday-mismatch"]
    for f in fs:
        assert f.severity == "info" and {"what": "columns", "cell": f.cell} in f.details["inferred"]
        assert "назначение столбцов программа определила" in f.message


def test_a_header_row_keeps_roles_certain():
    d = parse(HEADERLESS.replace("года\n\n1.", "года\n\n№\tМероприятие\tСрок\tОтветственные\n1."))
    assert not any(a.roles_inferred for a in d.activities)
    assert "roles_inferred" not in d.activities[0].model_dump(mode="json", by_alias=True)
    (f,) = [f for f in fired(d, "weekday-mismatch")]
    assert f.severity == "error" and "inferred" not in f.details


def test_column_numbering_rows_never_reach_the_rules():
    text = ("ПЛАН\nмероприятий по подготовке выборов 9 октября 2022 года\n\n"
            "№\tМероприятие\tСрок\tОтветственные\tОснование\n{numbers}\n"
            "1.\tОбразование комиссий\tдо 10 июля 2022 года\tЦИК\tст. 5\n")
    for numbers in ("1\t2\t3\t4\t5", "1 2 3 4 5", "1.\t2.\t3.\t4.\t5."):
        d = parse(text.format(numbers=numbers))
        fs = fired(d)
        assert not [f for f in fs if f.rule.startswith(("numbering-", "date-", "term-", "owner-"))], (numbers, fs)


@pytest.mark.parametrize("cells,structural", [
    ({"number": "1", "content": "2", "term": "3", "responsible": "4"}, True),
    ({"number": "1.", "content": "2.", "term": "3.", "responsible": "4."}, True),
    ({"number": "", "content": "1 2 3 4 5", "term": "", "responsible": ""}, True),
    ({"number": "", "content": "", "term": "", "responsible": ""}, True),
    ({"number": "", "content": "Избирательные комиссии", "term": "", "responsible": ""}, True),
    ({"number": "1", "content": "2"}, False),                                   # a data row of a count table
    ({"number": "1.", "content": "Образование комиссий", "term": "", "responsible": ""}, False),
    ({"number": "", "content": "Образование комиссий", "term": "", "responsible": "ЦИК"}, False),
])
def test_structural_row(cells, structural):
    a = Activity(number=cells.get("number") or None, cells=cells, text=cells.get("content", ""), provenance=prov(1))
    assert structural_row(a) is structural
