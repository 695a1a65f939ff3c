"""Frequencies, recurring deadlines, conditions and events outside the anchor vocabulary (issue 16).

The phrases are real: term cells of anti-corruption action plans of state bodies and their reports
(issue 16 and /work/shared/wild: 021, 042, 043, 060, 064, 073, 079, 082), and CEC KR news. The kinds
follow README «Terms» (which phrase is which kind, where a phrase could be read two ways).
"""

from __future__ import annotations

import datetime as dt

import pytest

from shailoo.parsers.extract.terms import TermContext, find_term_mentions, parse_terms


def one(text: str, ctx: TermContext = TermContext()):
    terms = parse_terms(text, ctx)
    assert len(terms) == 1, f"{text!r}: {[(t.kind, t.raw) for t in terms]}"
    return terms[0]


# --------------------------------------------------------------------------- counts per period

COUNTS = [
    # text, frequency, count, count_bound
    ("Не реже 1 раза в год", "yearly", 1, "at_least"),
    ("не реже одного раза в квартал", "quarterly", 1, "at_least"),
    ("Один раз в год", "yearly", 1, "exact"),
    ("Раз в полугодие", "half_yearly", 1, "exact"),
    ("2 раза в год", "yearly", 2, "exact"),
    ("не менее 2-х раз в год", "yearly", 2, "at_least"),
    ("не чаще одного раза в месяц", "monthly", 1, "at_most"),
    ("Ежеквартально", "quarterly", None, None),
    ("ежемесячно", "monthly", None, None),
    ("Ежегодно", "yearly", None, None),
    ("по итогам квартала", "quarterly", None, None),
    ("по итогам года", "yearly", None, None),
    # Kyrgyz
    ("жылына бир жолу", "yearly", 1, "exact"),
    ("жылына эки жолу", "yearly", 2, "exact"),
    ("айына бир жолу", "monthly", 1, "exact"),
    ("жарым жылда бир жолу", "half_yearly", 1, "exact"),
    ("жылына бир жолудан кем эмес", "yearly", 1, "at_least"),
    ("квартал сайын", "quarterly", None, None),
    ("чейрек сайын", "quarterly", None, None),
    ("жыл сайын", "yearly", None, None),
]


@pytest.mark.parametrize("text,frequency,count,bound", COUNTS, ids=[c[0] for c in COUNTS])
def test_counts_per_period(text, frequency, count, bound):
    t = one(text)
    assert t.kind == "recurring"
    assert (t.frequency, t.count, t.count_bound) == (frequency, count, bound)
    assert t.raw == text and t.reason is None


# --------------------------------------------------------------------------- recurring deadlines


def _occ(t):
    return [(o.day, o.month, o.year, o.qualifier, o.reason) for o in t.occurrences]


def test_yearly_deadline_is_an_occurrence_not_a_date():
    # With an election day as reference, a one-off date would take its year: an occurrence does not.
    ctx = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")
    t = one("ежегодно до 1 марта", ctx)
    assert (t.kind, t.frequency) == ("recurring", "yearly")
    assert _occ(t) == [(1, 3, None, "until", "no_year")]
    assert t.occurrences[0].value is None and not t.occurrences[0].year_inferred


def test_deadline_printed_before_the_frequency():
    t = one("до 1 марта ежегодно")
    assert t.frequency == "yearly" and _occ(t) == [(1, 3, None, "until", "no_year")]
    assert t.raw == "до 1 марта ежегодно"


def test_half_yearly_with_two_deadlines_in_brackets():
    text = "один раз в полугодие (до 10 июля и до 10 января)"
    t = one(text)
    assert (t.frequency, t.count, t.count_bound) == ("half_yearly", 1, "exact")
    assert _occ(t) == [(10, 7, None, "until", "no_year"), (10, 1, None, "until", "no_year")]
    assert t.raw == text
    o = t.occurrences[1]
    assert t.raw[o.start:o.end] == o.raw == "10 января"


def test_printed_year_of_an_occurrence_is_kept():
    t = one("ежегодно до 1 марта 2024 года")
    assert _occ(t) == [(1, 3, 2024, "until", None)]
    assert t.occurrences[0].value == dt.date(2024, 3, 1)


@pytest.mark.parametrize("text,frequency,following", [
    ("ежеквартально до 5 числа месяца, следующего за отчетным", "quarterly", True),
    ("ежеквартально, до 10 числа месяца, следующего за отчетным кварталом", "quarterly", True),
    ("до 5 числа месяца, следующего за отчетным", "monthly", True),
    ("до 10 числа месяца, следующего за отчетным кварталом", "quarterly", True),
    ("до 10 числа каждого месяца", "monthly", False),
    ("отчеттук чейректен кийинки айдын 5-күнүнө чейин", "quarterly", True),
    ("ар бир айдын 10-күнүнө чейин", "monthly", False),
])
def test_day_of_each_period(text, frequency, following):
    t = one(text)
    assert (t.kind, t.frequency, t.following_period) == ("recurring", frequency, following)
    [o] = t.occurrences
    assert (o.month, o.year, o.value, o.qualifier, o.reason) == (None, None, None, "until", "month_per_period")
    assert o.day in (5, 10) and str(o.day) in o.raw


def test_day_of_each_period_reads_the_number_of_each_cell():
    # Analyses are shared by cells of the same shape: the day is read from each text.
    assert one("до 7 числа каждого месяца").occurrences[0].day == 7
    assert one("до 9 числа каждого месяца").occurrences[0].day == 9
    assert one("не реже 3 раз в год").count == 3
    assert one("не реже 4 раз в год").count == 4


# --------------------------------------------------------------------------- conditions (as_needed)

CONDITIONS = [
    # text, anchor_raw, anchor, count
    ("При выявлении нарушений", "выявлении нарушений", None, None),
    ("по итогам проверок", "проверок", None, None),
    ("в случае выявления нарушений", "выявления нарушений", None, None),
    ("по запросу", "", None, None),
    ("По требованию комиссии", "комиссии", None, None),            # wild 082
    ("По мере поступления", "поступления", None, None),             # wild 060
    ("По мере поступления документов", "поступления документов", "receipt_of_documents", None),
    ("по мере необходимости", "", None, None),
    ("Однократно при приеме на работу", "приеме на работу", None, 1),
    ("талап боюнча", "", None, None),
]


@pytest.mark.parametrize("text,anchor_raw,anchor,count", CONDITIONS, ids=[c[0] for c in CONDITIONS])
def test_conditions_are_as_needed(text, anchor_raw, anchor, count):
    t = one(text)
    assert (t.kind, t.frequency) == ("recurring", "as_needed")
    assert (t.anchor_raw, t.anchor, t.count) == (anchor_raw, anchor, count)


def test_condition_then_frequency():
    # wild 043: two terms, each of its own kind.
    terms = parse_terms("При приеме на работу, далее - не реже 1 раза в год")
    assert [(t.kind, t.frequency) for t in terms] == [("recurring", "as_needed"), ("recurring", "yearly")]
    assert terms[0].anchor_raw == "приеме на работу"
    assert (terms[1].count, terms[1].count_bound) == (1, "at_least")


def test_a_vocabulary_event_stays_an_event():
    t = one("при назначении выборов")
    assert (t.kind, t.anchor, t.relation) == ("event", "calling_of_election", "on")


def test_condition_words_inside_other_words_are_not_conditions():
    # «прием» begins with «при»; «раз» begins «разработка».
    t = one("прием заявлений с 20 августа по 23 сентября 2022 года")
    assert t.kind == "range"
    assert parse_terms("разработка плана")[0].kind == "unparsed"


# --------------------------------------------------------------------------- anchors outside the vocabulary


@pytest.mark.parametrize("text,n,unit,anchor_raw", [
    ("1 месяц после окончания проверки", 1, "month", "окончания проверки"),
    ("3 дня после получения информации", 3, "day", "получения информации"),
    ("в течение 10 рабочих дней со дня поступления обращения", 10, "working_day", "поступления обращения"),
    ("в течение месяца", 1, "month", ""),
    ("Мандат берилгенден кийин эки апта ичинде", 2, "week", ""),
])
def test_relative_to_an_event_of_the_plan(text, n, unit, anchor_raw):
    terms = parse_terms(text)
    [t] = [t for t in terms if t.kind == "relative"]
    assert (t.n, t.unit, t.anchor, t.anchor_raw, t.reason) == (n, unit, "unknown", anchor_raw, "unknown_anchor")


def test_relative_to_a_vocabulary_event_keeps_its_anchor():
    t = one("3 дня после дня голосования")
    assert (t.kind, t.anchor, t.reason) == ("relative", "election_day", None)


@pytest.mark.parametrize("text,relation,anchor_raw", [
    ("После образования избирательных участков", "after", "образования избирательных участков"),   # wild 005
    ("со дня его первого официального опубликования", "from", "его первого официального опубликования"),  # wild 032
])
def test_event_outside_the_vocabulary(text, relation, anchor_raw):
    t = one(text)
    assert (t.kind, t.relation, t.anchor, t.anchor_raw, t.reason) == ("event", relation, "unknown", anchor_raw,
                                                                      "unknown_anchor")


def test_events_outside_the_vocabulary_are_not_read_in_prose():
    text = "ТИК проведут после того, как будут утверждены текст и форма — до 22 марта."
    assert [t.kind for t in find_term_mentions(text)] == ["date"]
    assert [t.kind for t in find_term_mentions("После образования избирательных участков")] == []


def test_a_recurring_deadline_in_prose_stays_a_date_mention():
    ctx = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")
    [m] = find_term_mentions("Отчет представляется ежегодно до 1 марта.", ctx)
    assert m.kind == "date" and m.date.value == dt.date(2023, 3, 1)


# --------------------------------------------------------------------------- periods and continuous


@pytest.mark.parametrize("text", ["В течение года", "в течение года", "весь год", "жыл ичинде", "жыл бою"])
def test_the_plan_year(text):
    t = one(text)
    assert (t.kind, t.unit, t.value, t.year, t.reason) == ("period", "year", None, None, "no_year")
    t = one(text, TermContext(period=(2024, 2024)))
    assert (t.year, t.year_inferred, t.first_day, t.last_day) == (2024, True, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    t = one(text, TermContext(period=(2022, 2024)))
    assert (t.year, t.reason) == (None, "each_year_of_period")


@pytest.mark.parametrize("text", ["постоянно", "Весь период", "весь период", "в течение всего периода", "туруктуу"])
def test_continuous(text):
    t = one(text)
    assert (t.kind, t.frequency) == ("recurring", "continuous")


@pytest.mark.parametrize("text,unit,value,year", [
    ("в течение 2024 года", "year", None, 2024),
    ("I квартал", "quarter", 1, None),
    ("4 квартал", "quarter", 4, None),
    ("II полугодие 2023 г.", "half_year", 2, 2023),
    ("Ноябрь", "month", 11, None),
    ("I чейрек", "quarter", 1, None),
    ("Биринчи квартал", "quarter", 1, None),            # wild 064
    ("2025-жылдын 1-кварталы", "quarter", 1, 2025),
    ("2024-жылдын ичинде", "year", None, 2024),
])
def test_named_periods(text, unit, value, year):
    t = one(text)
    assert (t.kind, t.unit, t.value, t.year) == ("period", unit, value, year)


@pytest.mark.parametrize("text,first,last", [("2024-2025 годы", 2024, 2025), ("на 2008-2011 годы", 2008, 2011)])
def test_year_ranges(text, first, last):
    t = one(text)
    assert (t.kind, t.start_date.year, t.end_date.year) == ("range", first, last)
