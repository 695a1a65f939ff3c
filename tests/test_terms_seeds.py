"""Issue 3 acceptance on whole documents: typed terms, resolution against the calendar, sessions, mentions."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest

import shailoo
from conftest import FIXTURES

D = dt.date


@lru_cache(maxsize=None)
def parsed(name: str, **cal):
    return shailoo.parse(FIXTURES / name)


def acts(name):
    return {a.path: a for a in parsed(name).activities if a.path}


def test_001_every_row_has_a_term_of_a_known_kind():
    doc = parsed("text/seed001.txt")
    kinds = [a.term.kind if a.term else None for a in doc.activities]
    assert None not in kinds and "unparsed" not in kinds
    assert sum(1 for k in kinds if k == "relative") >= 40


def test_001_row_9_resolves_against_the_election_day():
    t = acts("text/seed001.txt")["9"].term
    assert (t.kind, t.n, t.unit, t.direction, t.anchor, t.bound) == (
        "relative", 60, "calendar_day", "before", "election_day", "exact")
    assert [(p.value, p.qualifier) for p in t.printed] == [(D(2022, 8, 10), "until")]
    assert t.computed == D(2022, 8, 10) and t.last_day == D(2022, 8, 9) and t.convention


def test_001_row_66_keeps_both_terms():
    a = acts("text/seed001.txt")["66"]
    assert [t.kind for t in a.terms] == ["relative", "relative"]
    assert [t.direction for t in a.terms] == ["before", "after"]
    assert [t.printed[0].value for t in a.terms] == [D(2022, 9, 28), D(2022, 10, 19)]
    assert [t.printed[0].qualifier for t in a.terms] == ["through", "through"]


def test_001_election_day_option_changes_the_computed_dates(tmp_path):
    doc = shailoo.parse(FIXTURES / "text" / "seed001.txt", calendar={"election_day": D(2022, 10, 16)})
    t = {a.path: a for a in doc.activities}["9"].term
    assert t.computed == D(2022, 8, 17)
    assert any("replaced" in w for w in doc.warnings)


def test_000_dates_get_the_election_year_inferred():
    a = acts("text/seed000.txt")
    t = a["1"].term
    assert t.kind == "date" and t.date.value == D(2021, 7, 23) and t.date.year_inferred
    assert t.date.year_source == "election_day"
    assert a["2"].term.kind == "dates"
    assert [(i.start_date.value, i.end_date.value) for i in a["2"].term.items] == [
        (D(2021, 10, 18), D(2021, 10, 19)), (D(2021, 10, 21), D(2021, 10, 22))]
    assert a["36"].term.kind == "range"
    assert (a["36"].term.start_date.value, a["36"].term.end_date.value) == (D(2021, 9, 17), D(2021, 10, 2))


@pytest.mark.parametrize("number", ["35", "50"])
def test_000_incomplete_terms_say_why(number):
    t = acts("text/seed000.txt")[number].term
    assert t.reason, t


def test_000_row_13_sessions_pair_dates_with_places():
    a = acts("text/seed000.txt")["13"]
    assert len(a.sessions) == 15 and a.sessions_reason is None
    assert a.sessions[0].place == "г.Бишкек"
    assert a.sessions[2].place.startswith("гг. Карабалта")
    assert a.sessions[2].date.date.value == D(2021, 9, 27)


def test_000_schedule_rows_with_several_places_pair_or_say_why():
    a = acts("text/seed000.txt")
    for n in ("13", "17", "19", "23", "29"):
        assert a[n].sessions or a[n].sessions_reason, n
    for n in ("17", "19", "23"):
        assert a[n].sessions, n


def test_002_inverted_range_is_kept_as_printed():
    doc = parsed("text/seed002.txt")
    ranges = [m.value for m in doc.mentions if m.type == "range"]
    inverted = [r for r in ranges if r.start_date.value == D(2021, 4, 22)]
    assert inverted and inverted[0].end_date.value == D(2021, 3, 6)


def test_002_and_004_kyrgyz_dates_are_iso():
    doc = parsed("text/seed002.txt")
    rows = [a for a in doc.activities if a.kind == "activity"]
    assert rows and all(a.term and a.term.kind == "date" and a.term.date.value for a in rows)
    assert rows[0].term.date.value == D(2021, 2, 22)
    doc4 = parsed("text/seed004.txt")
    values = {m.value.date.value for m in doc4.mentions if m.type == "date"}
    assert {D(2017, 8, 31), D(2017, 7, 31), D(2017, 6, 2), D(2017, 8, 3), D(2017, 9, 15), D(2016, 11, 13)} <= values


def test_mentions_have_spans_into_the_document_text():
    doc = parsed("text/seed001.txt")
    from shailoo.parsers.read import read
    text = read(FIXTURES / "text" / "seed001.txt").text
    assert len(doc.mentions) > 77
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
