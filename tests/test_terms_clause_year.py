"""A year printed alone governs the dates of its clause (``year_source="clause_year"``; the policy in
``shailoo.parsers.extract.terms``' docstring, README «Terms»)."""

import datetime as dt

import pytest

import shailoo
from shailoo.parsers.extract.terms import TermContext, find_term_mentions

from conftest import FIXTURES


def dates(text: str, ctx: TermContext = TermContext()) -> list[tuple]:
    return [(t.raw, t.date.value, t.date.year_source) for t in find_term_mentions(text, ctx, nearest=True)
            if t.kind == "date"]


def test_the_year_of_a_clause_completes_its_dates():
    assert dates("В 2010 году выборы прошли 10 октября и 14 ноября.") == [
        ("10 октября", dt.date(2010, 10, 10), "clause_year"), ("14 ноября", dt.date(2010, 11, 14), "clause_year")]


def test_it_comes_before_the_documents_own_year():
    # a news item of 2015 (election day 4 October 2015) recalling the election of 2010
    ctx = TermContext(reference=dt.date(2015, 10, 4), reference_source="election_day")
    assert dates("2010-жылы парламенттик шайлоо 10-октябрда болуп өткөн", ctx) == [
        ("10-октябрда", dt.date(2010, 10, 10), "clause_year")]


@pytest.mark.parametrize("text", [
    "2010-жылы шайлоо 10-октябрда болуп өткөн, демек, быйыл 4-октябрда болуп өтүшү керек",  # after a comma
    "В 2010 году прошли выборы. Следующие 4 октября",  # another sentence
    "В 2010 году, 10 октября, прошли выборы",  # the year's clause ends before the date
    "В 2019-2020 годах 10 октября",  # a span of years is not one year
    "2019–2020-жылдары 10-октябрда",
])
def test_no_clause_year_beyond_its_clause(text):
    ctx = TermContext(reference=dt.date(2015, 10, 4), reference_source="election_day")
    # the last date stands outside the clause of the year printed alone
    assert dates(text, ctx)[-1][2] != "clause_year"


def test_a_date_printed_with_its_year_takes_over():
    assert dates("В 2010 году 5 мая 2011 года и 10 июня")[-1] == ("10 июня", dt.date(2011, 6, 10), "nearest_date")


def test_the_news_item_037_reads_its_2010_election_as_2010():
    # fixtures/wild/037 (super.kg, 2015): «2010-жылы парламенттик шайлоо 10-октябрда болуп өткөн, демек,
    # быйыл 4-октябрда болуп өтүшү керек» — read: 10 October 2010, then 4 October of the election year
    doc = shailoo.parse(FIXTURES / "wild" / "037_ky_news_super_kg_jk2015_4_october.txt")
    found = [(m.text, m.value.date.value) for m in doc.mentions if m.type == "date"]
    assert ("10-октябрда", dt.date(2010, 10, 10)) in found
    i = found.index(("10-октябрда", dt.date(2010, 10, 10)))
    assert found[i + 1] == ("4-октябрда", dt.date(2015, 10, 4))
