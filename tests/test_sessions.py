"""Sessions of schedule rows (parsers/sessions.py, corpus/places.yaml), on the rows of seed 000.

The dates are built by hand from the model classes, as parsers/terms.py would give them (year 2021
inferred from the election day 28 November 2021); the place cells are the seed's text.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from shailoo.parsers.extract.sessions import PLACES_FILE, PlacesData, pair_sessions, places_data, split_places
from shailoo.model import DatesTerm, DateTerm, RangeTerm, RelativeTerm, TermDate

MONTHS = {"сентября": 9, "октября": 10, "ноября": 11}


def _td(day: int | None, month: int | None, raw: str) -> TermDate:
    value = dt.date(2021, month, day) if day and month else None
    return TermDate(value=value, day=day, month=month, year=2021 if value else None,
                    year_inferred=value is not None, year_source="election_day" if value else None,
                    raw=raw, reason=None if value else "no_month")


def dates(text: str) -> DatesTerm:
    """A DatesTerm from «23-24 сентября 25 сентября …» (a «d1-d2 month» item is a range)."""
    items = []
    words = text.split()
    i = 0
    while i < len(words):
        day, month = words[i], MONTHS[words[i + 1]]
        raw = f"{day} {words[i + 1]}"
        if "-" in day:
            a, b = (int(x) for x in day.split("-"))
            items.append(RangeTerm(raw=raw, start_date=_td(a, month, f"{a}"), end_date=_td(b, month, raw)))
        else:
            items.append(DateTerm(raw=raw, date=_td(int(day), month, raw)))
        i += 2
    return DatesTerm(raw=text, items=items)


def pairs(sessions) -> list[tuple[str, str]]:
    return [(s.date.raw, s.place) for s in sessions]


# --------------------------------------------------------------------------- the places file


def test_places_file_validates():
    data = places_data()
    assert {m.text for m in data.ru.markers} >= {"г.", "гг.", "с.", "п.", "пгт", "айыл"}
    assert {m.text for m in data.ky.markers} >= {"ш."}
    assert all(m.position == "after" for m in data.ky.markers)
    assert "На местах" in data.ru.phrases and "Онлайн, на платформе ZOOM" in data.ru.phrases
    assert places_data() is data


@pytest.mark.parametrize("path", [(), ("ru",), ("ky", "markers", 0)])
def test_unknown_keys_are_rejected(path):
    with open(PLACES_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    node = data
    for k in path:
        node = node[k]
    node["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        PlacesData.model_validate(data)


def test_a_marker_needs_a_known_position():
    with open(PLACES_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    data["ru"]["markers"][0]["position"] = "inside"
    with pytest.raises(ValidationError):
        PlacesData.model_validate(data)


# --------------------------------------------------------------------------- seed 000

ROW13_DATES = ("23-24 сентября 25 сентября 27 сентября 28 сентября 29 сентября 30 сентября 01 октября "
               "02 октября 04 октября 05 октября 06 октября 07 октября 08 октября 09 октября 11 октября")
ROW13_PLACES = ("г.Бишкек г.Кант гг. Карабалта, Ош гг. Сокулук, Джалал-Абад г. Баткен гг. Токмок, Кочкор, "
                "Исфана гг. Чолпон-Ата, Нарын, Кадамжай, гг. Каракол, Гулчо с. Боконбаево, кызыл-Адыр, "
                "Узген г. Талас, Араван г. Кара-Суу гг. Токтогул, Ноокат г. Кербен с. Ала-Бука с. Маасы")


def test_row13_fifteen_sessions():
    sessions, reason = pair_sessions(dates(ROW13_DATES), ROW13_PLACES)
    assert reason is None
    assert pairs(sessions) == [
        ("23-24 сентября", "г.Бишкек"),
        ("25 сентября", "г.Кант"),
        ("27 сентября", "гг. Карабалта, Ош"),
        ("28 сентября", "гг. Сокулук, Джалал-Абад"),
        ("29 сентября", "г. Баткен"),
        ("30 сентября", "гг. Токмок, Кочкор, Исфана"),
        ("01 октября", "гг. Чолпон-Ата, Нарын, Кадамжай"),
        ("02 октября", "гг. Каракол, Гулчо"),
        ("04 октября", "с. Боконбаево, кызыл-Адыр, Узген"),
        ("05 октября", "г. Талас, Араван"),
        ("06 октября", "г. Кара-Суу"),
        ("07 октября", "гг. Токтогул, Ноокат"),
        ("08 октября", "г. Кербен"),
        ("09 октября", "с. Ала-Бука"),
        ("11 октября", "с. Маасы"),
    ]
    first = sessions[0].date
    assert first.kind == "range" and (first.start_date.value, first.end_date.value) == (
        dt.date(2021, 9, 23), dt.date(2021, 9, 24))
    assert sessions[2].date.date.value == dt.date(2021, 9, 27)


def test_row13_split_across_a_page_break():
    # the PDF and DOCX readers keep a cell's lines: a line break inside a «гг.» group does not split it
    places = ROW13_PLACES.replace("Нарын, Кадамжай,", "Нарын,\nКадамжай,").replace("г.Кант ", "г.Кант\n")
    sessions, reason = pair_sessions(dates(ROW13_DATES), places)
    assert reason is None and len(sessions) == 15
    assert sessions[6].place == "гг. Чолпон-Ата, Нарын, Кадамжай"


def test_row17():
    sessions, reason = pair_sessions(
        dates("30 сентября 01 октября 02 октября 04 октября 05 октября 06 октября 08 октября 09 октября"),
        "г.Бишкек, Чуйская обл. г.Нарын г.Каракол г.Ош г.Баткен г.Джалал-Абад г.Талас г.Бишкек")
    assert reason is None
    assert pairs(sessions) == [
        ("30 сентября", "г.Бишкек, Чуйская обл."), ("01 октября", "г.Нарын"), ("02 октября", "г.Каракол"),
        ("04 октября", "г.Ош"), ("05 октября", "г.Баткен"), ("06 октября", "г.Джалал-Абад"),
        ("08 октября", "г.Талас"), ("09 октября", "г.Бишкек"),
    ]


def test_row19_text_before_the_first_marker_is_a_place():
    sessions, reason = pair_sessions(
        dates("30 сентября 1 октября 2 октября 4 октября 5 октября 6 октября 8 октября 11 октября"),
        "Чуйская область г.Нарын г.Каракол г.Ош г.Баткен г.Джалал-Абад г.Талас г.Бишкек")
    assert reason is None
    assert pairs(sessions) == [
        ("30 сентября", "Чуйская область"), ("1 октября", "г.Нарын"), ("2 октября", "г.Каракол"),
        ("4 октября", "г.Ош"), ("5 октября", "г.Баткен"), ("6 октября", "г.Джалал-Абад"),
        ("8 октября", "г.Талас"), ("11 октября", "г.Бишкек"),
    ]


def test_row23():
    sessions, reason = pair_sessions(
        dates("01 октября 02 октября 04 октября 05 октября 06 октября 08 октября"),
        "г.Нарын г.Каракол г.Ош г.Баткен г.Джалал-Абад г.Талас")
    assert reason is None
    assert pairs(sessions) == [
        ("01 октября", "г.Нарын"), ("02 октября", "г.Каракол"), ("04 октября", "г.Ош"),
        ("05 октября", "г.Баткен"), ("06 октября", "г.Джалал-Абад"), ("08 октября", "г.Талас"),
    ]


def test_row29_comma_joined_cities_are_one_session():
    # 5 dates, 7 «г.» markers; the two «, г.» runs make 5 entries (see corpus/places.yaml)
    sessions, reason = pair_sessions(
        dates("13-14 ноября 15 ноября 17 ноября 19 ноября 20 ноября"),
        "г. Бишкек г.Нарын, г.Баткен г.Каракол, г.Джалал-Абад г.Ош г.Талас")
    assert reason is None
    assert pairs(sessions) == [
        ("13-14 ноября", "г. Бишкек"), ("15 ноября", "г.Нарын, г.Баткен"),
        ("17 ноября", "г.Каракол, г.Джалал-Абад"), ("19 ноября", "г.Ош"), ("20 ноября", "г.Талас"),
    ]


def test_counts_that_do_not_match_give_a_reason():
    # row 2: two ranges, one «гг.» group
    assert pair_sessions(dates("18-19 октября 21-22 октября"), "гг. Ош, Бишкек") == ([], "2 dates, 1 place")
    # row 5: one range, two place phrases
    one = RangeTerm(raw="8-9 ноября", start_date=_td(8, 11, "8"), end_date=_td(9, 11, "9 ноября"))
    assert pair_sessions(one, "На местах Онлайн, на платформе ZOOM") == ([], "1 date, 2 places")
    assert pair_sessions(dates("13 октября 15 октября 16 октября"), "г. Бишкек г. Балыкчы") == (
        [], "3 dates, 2 places")


def test_incomplete_dates_are_not_paired():
    # row 35 «19-28 20-23» has no month: the places «г.Бишкек, Чуй г.Ош» are not paired by guess
    incomplete = DatesTerm(raw="19-28 20-23", reason="no_month", items=[
        RangeTerm(raw="19-28", start_date=_td(19, None, "19"), end_date=_td(28, None, "28")),
        RangeTerm(raw="20-23", start_date=_td(20, None, "20"), end_date=_td(23, None, "23")),
    ])
    assert pair_sessions(incomplete, "г.Бишкек, Чуй г.Ош") == ([], "dates incomplete: no_month")
    no_reason = incomplete.model_copy(update={"reason": None})
    assert pair_sessions(no_reason, "г.Бишкек, Чуй г.Ош") == ([], "dates incomplete: a date has no value")


def test_single_dates_and_other_terms():
    one = DateTerm(raw="23 июля", date=TermDate(value=dt.date(2021, 7, 23), raw="23 июля"))
    sessions, reason = pair_sessions(one, "г.Бишкек")
    assert reason is None and pairs(sessions) == [("23 июля", "г.Бишкек")]
    assert pair_sessions(one, "") == ([], None)          # row 21: no place printed
    assert pair_sessions(None, "   ") == ([], None)
    assert pair_sessions(None, "г.Бишкек") == ([], "no dates: the term is missing")
    relative = RelativeTerm(raw="x", n=3, unit="calendar_day", direction="before", anchor="election_day")
    assert pair_sessions(relative, "г.Бишкек") == ([], "no dates: the term is relative")


# --------------------------------------------------------------------------- splitting place cells


@pytest.mark.parametrize("text, expected", [
    ("На местах", ["На местах"]),
    ("На местах Онлайн, на платформе ZOOM", ["На местах", "Онлайн, на платформе ZOOM"]),
    ("с.Сары-Ой, Ак-Марал", ["с.Сары-Ой, Ак-Марал"]),
    ("г.Бишкек, Чуй г.Ош", ["г.Бишкек, Чуй", "г.Ош"]),
    ("г.Бишкек п.Кой-Таш пгт Кара-Балта", ["г.Бишкек", "п.Кой-Таш", "пгт Кара-Балта"]),
    ("пос. Маевка г.Ош", ["пос. Маевка", "г.Ош"]),                 # «пос.» is not «с.»
    ("г.Ош, п. 3 ст. 11", ["г.Ош, п. 3 ст. 11"]),                   # «п. 3» is a clause
    ("айыл Ак-Марал г.Ош", ["айыл Ак-Марал", "г.Ош"]),
    ("Кара-Суу айыл өкмөтү", ["Кара-Суу айыл өкмөтү"]),             # not a marker before a small letter
    # Kyrgyz: the marker closes the entry
    ("Талас ш. Нарын ш.", ["Талас ш.", "Нарын ш."]),
    ("Ош, Бишкек шаарлары Талас ш.", ["Ош, Бишкек шаарлары", "Талас ш."]),
    ("Бишкек шаары Сары-Ой айылы", ["Бишкек шаары", "Сары-Ой айылы"]),
    ("Жерлерде Онлайн", ["Жерлерде", "Онлайн"]),
    ("Бишкек", ["Бишкек"]),
    ("  ", []),
    ("г.Бишкек\n\nг.Ош", ["г.Бишкек", "г.Ош"]),
    ("г. Бишкек  (Дом\nправительства)", ["г. Бишкек (Дом правительства)"]),
])
def test_split_places(text, expected):
    assert split_places(text) == expected


def test_plural_marker_after_a_comma_opens_a_group():
    assert split_places("гг. Чолпон-Ата, Нарын, Кадамжай, гг. Каракол, Гулчо") == [
        "гг. Чолпон-Ата, Нарын, Кадамжай", "гг. Каракол, Гулчо"]
    assert split_places("г.Нарын, г.Баткен") == ["г.Нарын, г.Баткен"]
    assert split_places("г.Нарын г.Баткен") == ["г.Нарын", "г.Баткен"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("гс.пшт, \nБишкекОш-айылыНа местахZOOM1")), max_size=60))
def test_random_place_text_never_raises(text):
    places = split_places(text)
    assert all(p and p == p.strip(" ,;") for p in places)
    sessions, reason = pair_sessions(dates("27 сентября 28 сентября"), text)
    assert (len(sessions) == 2) == (reason is None and len(places) == 2) or not places
