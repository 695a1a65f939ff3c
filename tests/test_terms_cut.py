"""Term cells cut short by an excerpt (wild 086: the stored copy stops inside the bracket of a term)."""

from shailoo.parsers.extract.terms import TermContext, parse_terms


def kinds(text):
    return [(t.kind, t.reason) for t in parse_terms(text, TermContext())]


def test_a_year_left_in_an_unclosed_bracket_after_an_offset_is_not_a_period():
    # real: fixtures/wild/086 ends «… кечиктирбестен (2017-жылды»
    assert kinds("Добуш берүү күнүнө чейин 38 календардык күндөн кечиктирбестен (2017-жылды") == [
        ("relative", None), ("unparsed", "cut_in_bracket")]


def test_a_closed_bracket_or_a_bracket_without_an_offset_is_read_as_before():
    assert [k for k, _ in kinds("За 60 календарных дней до дня голосования (до 10 августа 2022 года)")] == ["relative"]
    assert ("period", None) in kinds("В течение года (2024")
