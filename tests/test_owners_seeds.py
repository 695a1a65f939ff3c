"""Issue 4 acceptance on whole documents: owners by gazetteer id, citations moved out of owner cells."""

from __future__ import annotations

from functools import lru_cache

import pytest

import shailoo
from conftest import FIXTURES


@lru_cache(maxsize=None)
def parsed(name: str):
    return shailoo.parse(FIXTURES / name)


def acts(name):
    return {a.path: a for a in parsed(name).activities if a.path}


def ids(a):
    return [b.id for b in a.responsible]


def cites(a):
    return [(c.act, c.article, c.part, c.point, c.paragraph) for c in a.citations]


def test_001_owners():
    a = acts("text/seed001.txt")
    assert ids(a["9"]) == ["mcr"]
    assert set(ids(a["52"])) == {"pec", "tec", "mvd"}
    assert "cec" in ids(a["11"]) and any(b.department for b in a["11"].responsible if b.id == "cec")
    assert set(ids(a["68"])) >= {"president", "jogorku_kenesh", "cabinet", "cec"}


def test_001_citations_leave_the_owner_cell_and_resolve_through_the_document_definition():
    a = acts("text/seed001.txt")
    assert cites(a["9"]) == [("local_kenesh_law", "12", "1", None, None), ("local_kenesh_law", "12", "2", None, None)]
    assert a["9"].citations[0].act_resolved_by == "document_definition"
    assert len(a["25"].citations) == 5
    assert [c.part for c in a["43"].citations] == ["5", "6", "7", "8", "9"]
    assert cites(a["70"]) == [("local_kenesh_law", "8-1", None, None, None)]
    assert all(b.raw.find("ст.") < 0 for b in a["9"].responsible)


def test_001_every_citation_of_the_plan_names_an_act_and_a_provision():
    doc = parsed("text/seed001.txt")
    for a in doc.activities:
        for c in a.citations:
            # A law is cited by article; a CEC regulation («п.9.1 Положения ЦИК») by point.
            assert c.act and (c.article or c.point) and not c.reason, (a.path, c)
    assert sum(len(a.citations) for a in doc.activities) == 88


def test_000_organisers_with_partners():
    a = acts("text/seed000.txt")
    assert ids(a["1"]) == ["cec", "osce"] or set(ids(a["1"])) == {"cec", "osce"}
    assert set(ids(a["11"])) == {"cec", "undp"}
    assert ids(a["13"]) == [] and ids(a["44"]) == []
    for n in map(str, range(1, 51)):
        if n not in ("13", "44"):
            assert ids(a[n]) and "other" not in ids(a[n]), (n, a[n].cells["responsible"], ids(a[n]))


def test_003_executors_as_ids():
    a = acts("text/seed003.txt")
    assert {"mcr", "mvd", "cec"} <= set(ids(a["2.2"]))
    assert ids(a["2.1"]) == ["cec"]


@pytest.mark.parametrize("name,expected", [
    ("text/seed002.txt", {"cec"}),
    ("text/seed004.txt", {"cec", "mfa", "media", "pec"}),
])
def test_kyrgyz_bodies_found_in_the_text(name, expected):
    found = {m.value.id for m in parsed(name).mentions if m.type == "body"}
    assert expected <= found
