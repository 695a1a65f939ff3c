"""The grammars remember results per text (bodies, citations, terms, normal forms): prove that what is
remembered never shows, neither through an object a caller changes nor from one document to the next.
"""

from __future__ import annotations

import datetime as dt

import pytest

import shailoo
from conftest import FIXTURES
from shailoo.parsers.extract.bodies import find_bodies, owners_of
from shailoo.parsers.extract.citations import find_citations
from shailoo.parsers.extract.terms import TermContext, find_term_mentions, parse_terms

OWNER_CELL = "ЦИК (информационный отдел), ТИК (ч.2 ст.22 Закона)"
TERM_CELL = "Не позднее 3 календарных дней до дня голосования (до 6 октября 2022 года)"
CTX = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")


def _dumps(objs) -> list[str]:
    return [o.model_dump_json() for o in objs]


@pytest.mark.parametrize("call", [
    lambda: find_citations(OWNER_CELL, {"закон": "local_kenesh_law"}, "local"),
    lambda: find_bodies(OWNER_CELL),
    lambda: owners_of(OWNER_CELL),
    lambda: parse_terms(TERM_CELL, CTX),
    lambda: find_term_mentions(TERM_CELL, CTX),
], ids=["citations", "bodies", "owners", "terms", "term_mentions"])
def test_results_are_new_objects(call):
    first = call()
    assert first, "the sample text must give results"
    expected = _dumps(first)
    # A caller that changes what it got must not change what the next caller gets.
    for obj in first:
        for name, value in obj.__dict__.items():
            if isinstance(value, list):
                value.clear()
            elif isinstance(value, int) and not isinstance(value, bool):
                setattr(obj, name, value + 1000)
        if hasattr(obj, "printed"):
            obj.printed.append(obj.printed[0] if obj.printed else None)
    second = call()
    assert _dumps(second) == expected
    assert all(a is not b for a, b in zip(first, second))


def test_citations_follow_the_definitions_given_not_the_cache():
    cell = "ч.2 ст.22 Закона"
    by_law = find_citations(cell, {"закон": "local_kenesh_law"}, None)
    by_kind = find_citations(cell, {}, "presidential")
    unresolved = find_citations(cell, {}, None)
    assert by_law[0].act_resolved_by == "document_definition"
    assert by_kind[0].act_resolved_by == "election_kind"
    assert unresolved[0].act_resolved_by == "unresolved" and unresolved[0].act is None
    assert find_citations(cell, {"закон": "local_kenesh_law"}, None)[0].act == by_law[0].act


def test_bodies_follow_the_aliases_given_not_the_cache():
    cell = "ЖГБ, ТИК"  # «ЖГБ» is no gazetteer name: only a document's alias makes it a body
    assert [b.id for b in owners_of(cell)] == ["other", "tec"]
    assert [b.id for b in owners_of(cell, {"ЖГБ": "cec"})] == ["cec", "tec"]
    assert [(b.id, b.department) for b in owners_of(cell, {"ЖГБ": "cec:рабочая группа"})][0] == ("cec", "ЖГБ")
    assert [b.id for b in owners_of(cell)] == ["other", "tec"]
    assert [b.id for b in find_bodies(cell, {"ЖГБ": "cec"})] == ["cec", "tec"]
    assert [b.id for b in find_bodies(cell)] == ["tec"]


def test_terms_follow_the_context_given_not_the_cache():
    cell = "до 10 августа"
    with_year = parse_terms(cell, CTX)[0]
    without = parse_terms(cell, TermContext())[0]
    assert with_year.date.year == 2022 and with_year.date.year_inferred
    assert without.date.year is None and without.reason == "no_year"


def test_letterless_cells_name_no_body():
    for cell in ("48.", "12.08.2022", "1-2", "(3)"):
        assert find_bodies(cell) == []
        assert owners_of(cell) == []


def clear_caches() -> None:
    """Forget every result the grammars remember per text (bodies, citations, terms, normal forms).

    Results never depend on what was remembered, only on the text: the test below proves it from a
    cold start. Loaded pipelines and compiled grammars are kept.
    """
    from shailoo import normalize
    from shailoo.parsers.extract import bodies
    from shailoo.parsers.extract import citations
    from shailoo.parsers.extract import terms  # on call: the grammars load spaCy

    for cached in (bodies._found, bodies._owners, bodies._analyse, bodies._doc, bodies._alias_key_of,
                   citations._readings, citations.act_by_title, normalize._norm_cached, normalize._norm_ws_cached):
        cached.cache_clear()
    terms.clear_cache()


def test_a_document_reads_the_same_whatever_was_read_before():
    a = FIXTURES / "text" / "seed001.txt"
    b = FIXTURES / "docx" / "seed000.docx"
    clear_caches()
    alone = shailoo.parse(b).to_json()
    shailoo.parse(a)
    after_another = shailoo.parse(b).to_json()
    again = shailoo.parse(b).to_json()
    assert after_another == alone
    assert again == alone
