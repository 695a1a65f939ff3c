"""Term phrases of prose and news that the term grammar reads (issue 16, round 2), each a sentence as
printed in a document of fixtures/wild/ (the file is named beside it), in Russian and Kyrgyz:

- ranges printed with verbs («начинается … и продлится до …», «… башталып, … аяктайт») and a range
  that starts with an event («начнется со дня назначения выборов и завершится 31 октября»);
- a day with its hours («30-ноябрда саат 08:00дөн 20:00гө чейин»): one date with a time span;
- days named from the text (``document_date``, ``same_day``) and weekdays without a date;
- periods mentioned in prose («на I полугодие 2023 года», «за 9 месяцев 2019г.», «2025-жылга»), never
  the year of a date;
- windows between two counts («не ранее чем за 90 … и не позднее чем за 80 дней до дня голосования»),
  which stay two ``relative`` terms (README «Terms»).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from shailoo.model import DateTerm, EventTerm, PeriodTerm, RangeTerm, RelativeTerm
from shailoo.parsers.extract.calendar import ElectionCalendar, resolve
from shailoo.parsers.extract.terms import TermContext, find_term_mentions, parse_terms

NONE = TermContext()


def mentions(text: str, ctx: TermContext = NONE):
    return find_term_mentions(text, ctx, nearest=True)


def only(terms, kind):
    found = [t for t in terms if t.kind == kind]
    assert len(found) == 1, [(t.kind, t.raw) for t in terms]
    return found[0]


# --------------------------------------------------------------------------- ranges printed with verbs

@pytest.mark.parametrize("text,start,end,end_time", [
    # 031 (vecher.kz, Senate 2023)
    ("Согласно этому плану, выдвижение кандидатов в депутаты Сената начинается 21 октября и продлится до "
     "18.00 19 ноября текущего года.", (10, 21), (11, 19), "18:00"),
    ("Регистрация кандидатов начинается после 18.00 по местному времени 29 ноября и заканчивается в ноль "
     "часов 19 декабря 2023 года.", dt.date(2023, 11, 29), dt.date(2023, 12, 19), None),
    # 071 (Aktogay akims 2023)
    ("- выдвижение кандидатов в акимы начинается с 10 августа и заканчивается в 18.00 часов по местному "
     "времени 22 августа 2023 г.;", dt.date(2023, 8, 10), dt.date(2023, 8, 22), "18:00"),
    # 072 (200news, Tselinograd 2025)
    ("Выдвижение начнется в 18.00 часов 30 сентября 2025 года и завершится в 00.00 часов 25 октября 2025 года.",
     dt.date(2025, 9, 30), dt.date(2025, 10, 25), "00:00"),
    # Kyrgyz: the start's verb follows it (011, azattyk 2025, put in the verb form)
    ("Шайлоо алдындагы үгүт иштери 10-ноябрдан башталып, 29-ноябрда аяктайт.", (11, 10), (11, 29), None),
])
def test_a_range_printed_with_verbs_is_one_range(text, start, end, end_time):
    r = only(mentions(text), "range")
    assert r.start_date.qualifier == "from" and r.end_date.qualifier in ("through", "until")
    for td, want in ((r.start_date, start), (r.end_date, end)):
        if isinstance(want, dt.date):
            assert td.value == want
        else:
            assert (td.month, td.day) == want and td.value is None and td.reason == "no_year"
    assert r.end_date.time == end_time
    assert r.start_event is None


def test_the_kyrgyz_seed_phrase_with_two_starts_keeps_the_first_date_apart():
    text = ("шаардык кеңештерге катышып жаткан партиялардын үгүт иштери 18-октябрда, айылдык кеңештерге "
            "28-октябрда башталып, 16-ноябрда аяктайт.")
    terms = parse_terms(text, TermContext(reference=dt.date(2024, 11, 17), reference_source="election_day"))
    assert [t.kind for t in terms] == ["date", "range"]
    assert (terms[1].start_date.value, terms[1].end_date.value) == (dt.date(2024, 10, 28), dt.date(2024, 11, 16))


def test_two_dates_without_a_verb_between_them_stay_apart():
    # «… до 21 ноября. Выборы назначены на 11 декабря»: no verb of ending joins them.
    terms = mentions("бюллетени будут переданы до 21 ноября, выборы назначены на 11 декабря 2016 года")
    assert [t.kind for t in terms] == ["date", "date"]


def test_a_range_from_an_event_keeps_the_event():
    # 004 (platforma.kg, local 2016)
    text = "– регистрация кандидатов начнется со дня назначения выборов и завершится 31 октября;"
    r = only(mentions(text), "range")
    assert isinstance(r, RangeTerm)
    assert r.raw == "со дня назначения выборов и завершится 31 октября"
    assert isinstance(r.start_event, EventTerm)
    assert (r.start_event.anchor, r.start_event.relation) == ("calling_of_election", "from")
    assert r.start_date.value is None and r.start_date.reason == "event_start"
    assert (r.end_date.month, r.end_date.day, r.end_date.qualifier) == (10, 31, "through")
    # With the calendar, the start is the calling date.
    cal = ElectionCalendar(anchors={"calling_of_election": dt.date(2016, 9, 12)})
    got = resolve(parse_terms(text, TermContext(reference=dt.date(2016, 12, 11),
                                                reference_source="election_day"))[0], cal)
    assert got.start_date.value == dt.date(2016, 9, 12) and got.start_date.year_source == "calendar"
    assert got.start_event.computed == dt.date(2016, 9, 12)
    assert got.end_date.value == dt.date(2016, 10, 31)


def test_a_range_serialises_without_a_start_event_when_it_has_none():
    r = parse_terms("с 7 по 21 декабря 2022 года")[0]
    assert "start_event" not in r.model_dump(mode="json")
    r2 = parse_terms("начнется со дня назначения выборов и завершится 31 октября 2016 года")[0]
    assert r2.model_dump(mode="json")["start_event"]["anchor"] == "calling_of_election"


# --------------------------------------------------------------------------- a day with its hours

@pytest.mark.parametrize("text,value,first,last", [
    ("Добуш берүү 30-ноябрда саат 08:00дөн 20:00гө чейин болот.", None, "08:00", "20:00"),       # 011
    ("2018-жылдын 2-мартында саат 9:00дөн 12:00гө чейин Ысык-Көл облусунун …", dt.date(2018, 3, 2),
     "09:00", "12:00"),                                                                             # 018
    ("9 октября 2022 года с 8.00 до 20.00 часов", dt.date(2022, 10, 9), "08:00", "20:00"),         # seed 001 row 44
])
def test_a_day_with_a_range_of_hours_is_one_date(text, value, first, last):
    d = only(mentions(text), "date")
    assert isinstance(d, DateTerm)
    assert d.date.value == value and d.date.time == first and d.time_until == last
    assert d.date.qualifier == "on"
    assert d.model_dump(mode="json")["time_until"] == last


def test_a_plain_date_serialises_without_time_until():
    assert "time_until" not in parse_terms("до 10 августа 2022 года")[0].model_dump(mode="json")


# --------------------------------------------------------------------------- days named from the text

def test_the_same_day_is_the_date_printed_just_before():
    # 020 (vesti.kg, 2016)
    text = ("В городах Ош, Балыкчы, Майлуу-Суу и Токмок выборы глав исполнительных органов МСУ состоятся "
            "25 мая 2016 года, в тот же день изберут главу исполнительного органа")
    e = only(mentions(text), "event")
    assert (e.anchor, e.relation, e.raw) == ("same_day", "on", "в тот же день")
    assert [p.value for p in e.printed] == [dt.date(2016, 5, 25)]
    assert e.printed[0].year_source == "nearest_date" and e.printed[0].raw == "тот же день"


def test_today_is_the_document_day_only_when_the_document_prints_it():
    # 034 (fabula.kg, 2021): the dateline «13.10.2021» is the document's date.
    ctx = TermContext(document_date=dt.date(2021, 10, 13))
    e = only(mentions("Билдирүүлөрдү кабыл алуу бүгүн саат 18.00дө аяктайт.", ctx), "event")
    assert (e.anchor, e.relation) == ("document_date", "on")
    assert [(p.value, p.time, p.year_source) for p in e.printed] == [(dt.date(2021, 10, 13), "18:00", "document_date")]
    # 004 (platforma.kg): no document date — the anchor, no date; never today's, nor a date merely
    # printed before «сегодня» (the election day «11 декабря 2016 года» a line above).
    near = TermContext(reference=dt.date(2016, 12, 11), reference_source="nearest_date")
    e = only(mentions("– с сегодняшнего дня начали направляться приглашения международным организациям", near),
             "event")
    assert (e.anchor, e.relation, e.printed) == ("document_date", "from", [])
    # In a term cell (no nearest date), none either.
    e = only(parse_terms("с сегодняшнего дня", TermContext(reference=dt.date(2016, 12, 11),
                                                          reference_source="election_day")), "event")
    assert e.printed == []


@pytest.mark.parametrize("text", [
    "Тиешелүү токтом парламенттин бүгүн, 3-сентябрда өткөн сессиясында кабыл алынды.",       # 047
    "документ тапшыруу убактысы кечээ, 3-сентябрда, саат 18:00дө токтогон.",                   # 036
])
def test_a_deictic_word_before_a_date_is_that_date(text):
    terms = mentions(text)
    assert [t.kind for t in terms] == ["date"]
    assert (terms[0].date.month, terms[0].date.day) == (9, 3)


def test_a_weekday_without_a_date_is_a_weekday_not_a_date():
    # 070 (interfax, Moscow 2013)
    e = only(mentions("сообщил председатель Мосгоризбиркома Валентин Горбунов на заседании в четверг."), "event")
    assert (e.anchor, e.relation, e.anchor_raw) == ("weekday", "on", "четверг")
    assert [(p.weekday, p.value, p.reason) for p in e.printed] == [(3, None, "weekday_only")]
    # 037 (super.kg, 2015): «айдын биринчи жекшембисинде» — the first Sunday of a month
    e = only(mentions("Шайлоо айдын биринчи жекшембисинде өтөт деп белгиленген."), "event")
    assert e.anchor == "weekday" and e.anchor_raw == "биринчи жекшембисинде"
    assert [p.weekday for p in e.printed] == [6]


def test_a_weekday_beside_a_date_stays_the_dates_weekday():
    terms = mentions("Голосование пройдет в воскресенье, 11 декабря 2016 года")
    assert [t.kind for t in terms] == ["date"] and terms[0].date.weekday == 6


# --------------------------------------------------------------------------- periods in prose

@pytest.mark.parametrize("text,unit,value,year,first,last", [
    ("1. Утвердить План работы Избирательной комиссии Ленинградской области на I полугодие 2023 года "
     "(прилагается).", "half_year", 1, 2023, "2023-01-01", "2023-06-30"),                         # 050
    ("1. Утвердить прилагаемый План работы избирательной комиссии Ставропольского края на 2023 год.",
     "year", None, 2023, "2023-01-01", "2023-12-31"),                                                 # 051
    ("за 9 месяцев 2019г.", "months", 9, 2019, "2019-01-01", "2019-09-30"),                          # 024
    ("Учебный план обучения организаторов выборов на второй квартал 2016 года", "quarter", 2, 2016,
     "2016-04-01", "2016-06-30"),                                                                     # 054
    ("1. Кара-Шоро айылдык кенешинин 2025- жылга пландаштырылган иш планы бекитилсин.", "year", None, 2025,
     "2025-01-01", "2025-12-31"),                                                                     # 065
    ("2.Жалпак-Таш айыл өкмөтүнүн башчысынын 2020-жылы алып барган жана аткарган иштери", "year", None, 2020,
     "2020-01-01", "2020-12-31"),                                                                     # 078
])
def test_a_period_with_its_year_is_a_mention(text, unit, value, year, first, last):
    p = only(mentions(text), "period")
    assert isinstance(p, PeriodTerm)
    assert (p.unit, p.value, p.year, p.year_inferred) == (unit, value, year, False)
    assert (p.first_day.isoformat(), p.last_day.isoformat()) == (first, last)


def test_years_of_several_years_in_prose_are_a_range():
    r = only(mentions("Национальная стратегия противодействия коррупции на 2025-2030 годы"), "range")  # 066
    assert (r.start_date.value, r.end_date.value) == (dt.date(2025, 1, 1), dt.date(2030, 12, 31))
    r = only(mentions("Кыргыз Республикасынын 2015-2017-жылдарга программасы"), "range")               # 087
    assert (r.start_date.year, r.end_date.year) == (2015, 2017)


@pytest.mark.parametrize("text", [
    "постановлением от 10 августа 2023 года № 72",       # the year of a date
    "2021-жылдын 22-февралында",                           # Kyrgyz: the year printed in front of a date
    "в 2023 было подано 12 заявлений",                     # a bare number: no year word
    "I полугодие",                                         # no year printed: not a mention in prose
    "в декабре",
])
def test_no_period_mention_without_a_year_of_its_own(text):
    assert [t for t in mentions(text) if t.kind == "period"] == []


def test_a_count_of_months_before_a_year_is_not_a_relative_term():
    terms = mentions("Отчет за 9 месяцев 2019г. представлен")
    assert [t.kind for t in terms] == ["period"]
    # … but «в течение 9 месяцев со дня …» still is.
    assert [t.kind for t in parse_terms("в течение 9 месяцев со дня получения заявления")] == ["relative"]


# --------------------------------------------------------------------------- windows between two counts

@pytest.mark.parametrize("text,n1,n2,bounds", [
    # 007 (Orichi 2011): the printed dates are the second term's
    ("Не ранее чем за 90 дней и не позднее чем за 80 дней до дня голосования (с 12 по 22 декабря 2010 года)",
     90, 80, ("not_earlier", "not_later")),
    # 056 (azattyk): both counts before election day, the first shares its anchor
    ("Добуш берүү шайлоо күнүнө тогуз күн калганда башталып, бир күн калганда токтотулат.", 9, 1,
     ("exact", "exact")),
])
def test_a_window_between_two_counts_is_two_relative_terms(text, n1, n2, bounds):
    terms = parse_terms(text)
    assert [t.kind for t in terms] == ["relative", "relative"]
    assert all(isinstance(t, RelativeTerm) and t.anchor == "election_day" for t in terms)
    assert [t.n for t in terms] == [n1, n2] and tuple(t.bound for t in terms) == bounds
    cal = ElectionCalendar(anchors={"election_day": dt.date(2011, 3, 13)})
    computed = [resolve(t, cal).computed for t in terms]
    assert computed[0] < computed[1]   # the window opens before it closes: both ends computed


def test_a_news_dateline_is_the_day_of_today_in_the_document():
    import shailoo

    path = Path(__file__).resolve().parent.parent / "fixtures" / "wild" / "034_ky_news_fabula_jk2021_308_applicants.txt"
    doc = shailoo.parse(path)
    events = [m.value for m in doc.mentions if m.type == "term" and m.value.kind == "event"]
    assert [(e.anchor, [p.value for p in e.printed]) for e in events] == [("document_date", [dt.date(2021, 10, 13)])]
    path = Path(__file__).resolve().parent.parent / "fixtures" / "wild" / "004_ru_news_platforma_local_2016-12-11.txt"
    events = [m.value for m in shailoo.parse(path).mentions if m.type == "term" and m.value.kind == "event"
              and m.value.anchor == "document_date"]
    assert [e.printed for e in events] == [[]]   # the first date printed is «на 11 декабря», not a dateline


@pytest.mark.parametrize("text", [
    "(2018-жылдын, 28-январы)",                                  # 018: the year of the date after it
    "при формировании районного бюджета на 2015, 2016 годы",    # 026: a list of years is not read
])
def test_a_year_beside_a_number_or_in_a_list_is_no_period(text):
    assert [t.kind for t in mentions(text) if t.kind == "period"] == []


def test_a_kyrgyz_year_before_a_comma_is_the_dates():
    d = only(mentions("(2018-жылдын, 28-январы)"), "date")
    assert d.date.value == dt.date(2018, 1, 28) and not d.date.year_inferred
