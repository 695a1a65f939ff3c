"""The year policy (``complete_year``; README «Terms» → «Years») and ranges and lists of dates.

Phrases are taken from the real documents of ``/work/shared/wild`` (the file number is given beside
each) and from the cases issue 16 names: a plan «на 2022–2024 годы» approved on 30.12.2021, a plan «на
2026 год», a December deadline before a January election, news that print a full date a line above a
date without a year.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shailoo.parsers.extract.terms import (TermContext, complete_period_year, complete_year, find_term_mentions,
                                           parse_terms)
from shailoo.parsers.interpret.document import interpret
from shailoo.parsers.read.text import parse_text

D = dt.date
#: A plan for 2022–2024 approved on 30.12.2021 (issue 16).
PLAN_2022_2024 = TermContext(reference=D(2021, 12, 30), reference_source="approval", period=(2022, 2024))
#: A plan «на 2026 год».
TITLE_2026 = TermContext(period=(2026, 2026), period_source="title")
#: A local election on 26 January 2014 (wild 002).
E_2014 = TermContext(reference=D(2014, 1, 26), reference_source="election_day")


def doc_of(text: str, name: str = "inline.txt"):
    return interpret(parse_text(text, path=name).finalize())


def one(text: str, ctx: TermContext = TermContext()):
    (t,) = parse_terms(text, ctx)
    return t


# --------------------------------------------------------------------------- the year policy


@pytest.mark.parametrize("text,value", [
    ("до 1 июля", D(2022, 7, 1)),
    ("до 10 июля", D(2022, 7, 10)),          # was 2021: outside the plan
    ("до 25 декабря", D(2022, 12, 25)),
    ("до 10 января", D(2022, 1, 10)),
])
def test_a_plan_period_never_gives_a_year_outside_it(text, value):
    t = one(text, PLAN_2022_2024)
    assert t.date.value == value and t.date.year_inferred and t.date.year_source == "period"


@settings(max_examples=80, deadline=None)
@given(day=st.integers(1, 28), month=st.integers(1, 12), first=st.integers(2001, 2090), length=st.integers(0, 5),
       ref=st.one_of(st.none(), st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 1, 1))),
       src=st.sampled_from(["approval", "election_day"]))
def test_every_inferred_year_lies_in_the_period(day, month, first, length, ref, src):
    ctx = TermContext(reference=ref, reference_source=src if ref else None, period=(first, first + length))
    year, source, reason = complete_year(day, month, ctx)
    assert first <= year <= first + length and source == "period" and reason is None
    for unit, value in (("month", month), ("quarter", (month - 1) // 3 + 1), ("half_year", 1 + (month > 6))):
        y, s, r = complete_period_year(unit, value, ctx)
        assert first <= y <= first + length and s == "period" and r is None


@pytest.mark.parametrize("text,unit,value", [("Ноябрь", "month", 11), ("4 квартал", "quarter", 4),
                                             ("IV квартал", "quarter", 4), ("ноябрь", "month", 11),
                                             ("IV чейрек", "quarter", 4)])
def test_a_title_year_lends_itself_to_months_and_quarters(text, unit, value):
    t = one(text, TITLE_2026)
    assert (t.kind, t.unit, t.value, t.year, t.year_inferred, t.year_source) == ("period", unit, value, 2026, True, "title")


def test_a_title_year_completes_dates():
    t = one("до 10 июля", TITLE_2026)
    assert t.date.value == D(2026, 7, 10) and t.date.year_source == "title"


def test_a_december_deadline_before_a_january_election_is_the_year_before():
    # wild 002: «2014-жылдын 26-январына дайындалган … шайлоо»
    assert one("19-декабрына чейин", E_2014).date.value == D(2013, 12, 19)
    assert one("до 19 декабря", E_2014).date.value == D(2013, 12, 19)
    assert one("до 20 февраля", E_2014).date.value == D(2014, 2, 20)


def test_the_approval_date_looks_forward():
    ctx = TermContext(reference=D(2021, 12, 30), reference_source="approval")
    assert one("до 10 июля", ctx).date.value == D(2022, 7, 10)
    assert one("до 31 декабря", ctx).date.value == D(2021, 12, 31)   # a month's grace before approval
    t = one("до 10 июля", ctx)
    assert t.date.year_source == "approval"


def test_no_source_no_year():
    t = one("до 10 июля")
    assert t.date.value is None and t.date.reason == "no_year" and not t.date.year_inferred


def test_a_yearly_deadline_occurs_once_per_year_of_the_period():
    t = one("ежегодно до 1 марта", PLAN_2022_2024)
    assert t.kind == "recurring"
    assert [o.value for o in t.occurrences] == [D(2022, 3, 1), D(2023, 3, 1), D(2024, 3, 1)]
    assert all(o.year_inferred and o.year_source == "period" for o in t.occurrences)
    t = one("один раз в полугодие (до 10 июля и до 10 января)", PLAN_2022_2024)
    assert len(t.occurrences) == 6 and {o.year for o in t.occurrences} == {2022, 2023, 2024}
    # Without a period a recurring deadline keeps no year.
    t = one("ежегодно до 1 марта", TermContext(reference=D(2021, 12, 30), reference_source="approval"))
    assert [o.value for o in t.occurrences] == [None]


# --------------------------------------------------------------------------- the nearest printed date (prose)


def test_prose_takes_the_year_of_the_nearest_date_printed_before():
    text = "30 сентября 2025 года состоялось заседание. До 5 октября будут сформированы участковые комиссии."
    terms = find_term_mentions(text, nearest=True)
    assert [t.kind for t in terms] == ["date", "date"]
    d = terms[1].date
    assert d.value == D(2025, 10, 5) and d.year_inferred and d.year_source == "nearest_date"
    # Without ``nearest`` the document's references alone count.
    assert find_term_mentions(text)[1].date.reason == "no_year"


def test_a_date_far_from_the_nearest_printed_date_is_ambiguous():
    # wild 011: a news item of 29 October 2025 recalls «28-апрелде» — April 2025 or 2026? 180 days either way.
    terms = find_term_mentions("2025-жылдын 29-октябры. 28-апрелде мыйзамга кол койгон.", nearest=True)
    d = terms[-1].date
    assert d.value is None and d.reason == "year_ambiguous" and not d.year_inferred


def test_news_lines_complete_years_from_the_lines_above():
    # wild 074 (Krasnoe TIK): a dateline «10:33 31.12.2023», then «27 декабря состоялось …».
    doc = doc_of("Итоги работы 2023 года!\n\n10:33 31.12.2023\nИтоги работы 2023 года!\n\n"
                 "27 декабря состоялось завершающее в этом году заседание территориальной избирательной "
                 "комиссии. На нём члены комиссии подвели итоги работы и обсудили задачи на 2024 год.\n")
    dates = [m.value.date for m in doc.mentions if m.type == "date"]
    assert (dates[-1].value, dates[-1].year_source) == (D(2023, 12, 27), "nearest_date")


def test_a_plan_title_gives_the_year_of_its_rows():
    doc = doc_of("ПЛАН РАБОТЫ территориальной избирательной комиссии на 2026 год\n\n"
                 "№\tМероприятие\tСрок исполнения\tОтветственный\n"
                 "1.\tЗаседание комиссии\tНоябрь\tПредседатель комиссии\n"
                 "2.\tОтчет о работе\t4 квартал\tСекретарь комиссии\n"
                 "3.\tСеминар\tдо 10 июля\tСекретарь комиссии\n")
    assert doc.document.period.start == D(2026, 1, 1) and doc.document.period.end == D(2026, 12, 31)
    terms = [a.term for a in doc.activities]
    assert [(t.year, t.year_source) for t in terms[:2]] == [(2026, "title"), (2026, "title")]
    assert terms[2].date.value == D(2026, 7, 10)


@pytest.mark.parametrize("title,period", [
    ("План мероприятий по противодействию коррупции на 2022–2024 годы", (2022, 2024)),
    ("План противодействия коррупции на 2023-2025 гг.", (2023, 2025)),
    ("План работы избирательной комиссии на 2026 год", (2026, 2026)),
    ("Айыл өкмөтүнүн 2022-2024-жылдарга коррупцияга каршы аракеттер планы", (2022, 2024)),
    ("Айылдык кеңештин 2026-жылга иш планы", (2026, 2026)),
    ("Салам-Алик айылдык кеңешинин 2025-жыл үчүн иш планы", (2025, 2025)),   # wild 064
])
def test_header_period_forms(title, period):
    doc = doc_of(title + "\n\nТекст.\n")
    p = doc.document.period
    assert p is not None and (p.start.year, p.end.year) == period


def test_a_past_span_in_a_preamble_is_no_plan_period():
    # wild 062: «в 2006-2008 годах» is the reform's, the programme is «на 2008-2011 годы».
    doc = doc_of("ПРИКАЗ\n\nВ целях реализации Концепции административной реформы в 2006-2008 годах приказываю: "
                 "утвердить программу на 2008-2011 годы.\n")
    assert (doc.document.period.start.year, doc.document.period.end.year) == (2008, 2011)


# --------------------------------------------------------------------------- ranges and lists


def _range(t):
    return t.kind, t.start_date.value, t.end_date.value, t.start_date.qualifier, t.end_date.qualifier


E_2022 = TermContext(reference=D(2022, 10, 9), reference_source="election_day")


@pytest.mark.parametrize("text,expected", [
    ("С 7 по 21 декабря", ("range", D(2022, 12, 7), D(2022, 12, 21), "from", "through")),
    ("с 8 октября по 14 ноября", ("range", D(2022, 10, 8), D(2022, 11, 14), "from", "through")),
    ("с 24 декабря по 00:00 13 января", ("range", D(2022, 12, 24), D(2023, 1, 13), "from", "through")),
    ("в период с 17 мая по 1 июня", ("range", D(2022, 5, 17), D(2022, 6, 1), "from", "through")),   # wild 058
    ("7-декабрдан 21-декабрга чейин", ("range", D(2022, 12, 7), D(2022, 12, 21), "from", "until")),
    ("10-ноябрдан 29-ноябрга чейин", ("range", D(2022, 11, 10), D(2022, 11, 29), "from", "until")),  # wild 011
    ("Не ранее 31 января и не позднее 7 февраля 2008 года",                                           # wild 005
     ("range", D(2008, 1, 31), D(2008, 2, 7), "from", "through")),
])
def test_ranges(text, expected):
    assert _range(one(text, E_2022)) == expected
    (m,) = find_term_mentions("Кампания: " + text + ".", E_2022)
    assert _range(m) == expected


def test_the_hour_before_a_date_is_that_dates():
    t = one("с 24 декабря по 00:00 13 января", E_2022)
    assert t.start_date.time is None and t.end_date.time == "00:00"


def test_a_range_with_its_year_printed_once():
    t = one("(с 12 по 22 декабря 2010 года)")         # wild 007
    assert _range(t) == ("range", D(2010, 12, 12), D(2010, 12, 22), "from", "through")
    assert not t.start_date.year_inferred


@pytest.mark.parametrize("text,values", [
    ("14 и 15 мая 2021 года", [D(2021, 5, 14), D(2021, 5, 15)]),
    ("27, 28 сентября", [D(2022, 9, 27), D(2022, 9, 28)]),
    ("13, 15 и 17 октября", [D(2022, 10, 13), D(2022, 10, 15), D(2022, 10, 17)]),
    ("2021-жылдын 13, 14-июнуна", [D(2021, 6, 13), D(2021, 6, 14)]),          # wild 016
    ("27 жана 28-сентябрда", [D(2022, 9, 27), D(2022, 9, 28)]),
])
def test_lists_sharing_one_month(text, values):
    t = one(text, E_2022)
    assert t.kind == "dates" and [i.date.value for i in t.items] == values
    (m,) = find_term_mentions("Голосование " + text + ".", E_2022)
    assert m.kind == "dates" and [i.date.value for i in m.items] == values


def test_a_list_is_a_term_mention_in_the_document():
    doc = doc_of("Выборы проведены 14 и 15 мая 2021 года.\n")
    (m,) = [m for m in doc.mentions if m.type in ("date", "range", "term")]
    assert m.type == "term" and m.value.kind == "dates" and m.text == "14 и 15 мая 2021 года"


def test_a_number_before_a_date_is_no_list():
    t = one("№ 5, 10 августа 2022 года")
    assert t.kind == "date" and t.date.value == D(2022, 8, 10)


@pytest.mark.parametrize("text,first,last,inferred", [
    ("июль-октябрь 2005 г.", D(2005, 7, 1), D(2005, 10, 31), False),       # wild 080
    ("июль август 2005 г.", D(2005, 7, 1), D(2005, 8, 31), False),        # wild 080
    ("ноябрь-февраль 2023", D(2022, 11, 1), D(2023, 2, 28), False),
    ("2025-жылдын ноябрь-февраль", D(2025, 11, 1), D(2026, 2, 28), False),
    ("сентябрь - октябрь", D(2026, 9, 1), D(2026, 10, 31), True),
])
def test_month_ranges(text, first, last, inferred):
    t = one(text, TITLE_2026)
    assert (t.kind, t.start_date.value, t.end_date.value) == ("range", first, last)
    assert t.start_date.precision == t.end_date.precision == "month"
    assert t.start_date.year_inferred is inferred


@pytest.mark.parametrize("text", ["с 19:00 до 22:00", "саат 8:00дөн 20:00гө чейин"])
def test_hours_alone_are_no_date_range(text):
    assert [t.kind for t in parse_terms(text)] == ["unparsed"]
    assert find_term_mentions(text) == []
