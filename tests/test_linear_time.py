"""Time grows linearly with the length of a cell (issue 18, «What to build» 2).

Each grammar — the citation grammar, the term parser, the owner (spaCy/pymorphy3) reader and the whole
parse of a text document — is run on adversarial shapes of size n and 4n: the shapes that made it
polynomial before («0.» repeated in a responsible cell: 22.9 s for 8 000 characters; «32767.0.0.0…»
repeated; lists of numbers; ten thousand nested brackets, 57 s in spaCy's tokenizer; a long term cell of
dates, periods and phrases, minutes for 5 MB). The ratio of the times (process CPU time, best of three
runs) must stay under 6: linear time gives about 4, quadratic 16. The sizes are chosen so that the
smaller run takes tens of milliseconds (above the noise) and the whole file stays within seconds.
"""

from __future__ import annotations

import gc
import time

import pytest

import shailoo
from shailoo.parsers.extract import bodies, citations, terms

RATIO = 6.0
RUNS = 3


def _best(fn, arg) -> float:
    # the cyclic garbage collector is paused while timing: its passes walk every object of the process
    # (the loaded spaCy pipelines among them), a cost that has nothing to do with the grammar measured
    best = float("inf")
    for _ in range(RUNS):
        gc.collect()
        gc.disable()
        try:
            t = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - t)
        finally:
            gc.enable()
    return best


def _ratio(fn, shape, n: int) -> tuple[float, float, float]:
    fn(shape(8))  # warm up: grammars compiled, pipelines loaded
    small, large = _best(fn, shape(n)), _best(fn, shape(4 * n))
    return large / max(small, 1e-3), small, large


def _assert_linear(fn, shape, n: int, what: str) -> None:
    ratio, small, large = _ratio(fn, shape, n)
    if ratio > RATIO:  # one more measure before failing: the machine is shared
        ratio, small, large = _ratio(fn, shape, n)
    assert ratio <= RATIO, f"{what}: {small:.3f}s for n={n}, {large:.3f}s for 4n (×{ratio:.1f})"


# --------------------------------------------------------------------------- citations

def _read_citations(text: str) -> None:
    citations._read(text)  # the uncached reading
    citations.strip_citations(text, citations.find_citations(text))


CITATION_SHAPES = {
    "dots": (lambda n: "0." * n, 12000),
    "dotted_numbers": (lambda n: "32767.0.0.0.0.0.0.0.0." * (n // 10), 12000),
    "dashes": (lambda n: "0-" * n, 12000),
    "comma_list": (lambda n: "0, " * n, 8000),
    "kyrgyz_list": (lambda n: "0 жана " * n, 4000),
    "many_parts": (lambda n: "ч." + "1," * n + " ст.5 Закона", 5000),
    "nested_brackets": (lambda n: "(" * n + "ЦИК" + ")" * n, 20000),
    "open_brackets": (lambda n: "ЦИК " + "( " * n, 50000),
    "gap_after_act": (lambda n: "Закона" + " " * n + "ab ст.5", 50000),
}


@pytest.mark.parametrize("name", sorted(CITATION_SHAPES))
def test_citations_linear(name):
    shape, n = CITATION_SHAPES[name]
    _assert_linear(_read_citations, shape, n, f"citations/{name}")


# --------------------------------------------------------------------------- terms

def _read_terms(text: str) -> None:
    terms.clear_cache()
    terms.parse_terms(text)
    terms.find_term_mentions(text)


TERM_SHAPES = {
    "phrases": (lambda n: "до 10 августа в течение 5 дней после назначения выборов ежеквартально " * n, 150),
    "periods": (lambda n: "I квартал 2024 года, декабрь " * n, 500),
    "dates": (lambda n: "10 августа 2022 года, " * n, 500),
    "dates_after_event": (lambda n: "за 10 дней до дня голосования xx " + "10.08.2022 " * n, 800),
    "kyrgyz": (lambda n: "2022-жылдын 10-августуна чейин " * n, 500),
    "absurd_values": (lambda n: "до 50 сентября 10.13.2022 за 99999 дней " * n, 300),
}


@pytest.mark.parametrize("name", sorted(TERM_SHAPES))
def test_terms_linear(name):
    shape, n = TERM_SHAPES[name]
    _assert_linear(_read_terms, shape, n, f"terms/{name}")


# --------------------------------------------------------------------------- owners (spaCy, pymorphy3)

_runs = iter(range(10 ** 9))


def _read_owners(text: str) -> None:
    # a new text each time (the readings are remembered per text), the same length
    text = f"{next(_runs) % 10} {text}"
    bodies.find_bodies(text)
    bodies.owners_of(text)


BODY_SHAPES = {
    "nested_brackets": (lambda n: "(" * n + "ЦИК" + ")" * n, 5000),
    "bodies": (lambda n: "ЦИК, ТИК, МЦР (ч.1 ст.2 Закона) " * n, 200),
    "definitions": (lambda n: "ЦИК (далее " * n, 1000),
    "nested_spaced_brackets": (lambda n: "ЦИК " + "( " * n + "отдел" + " )" * n, 1500),
    "repeated_prefix_word": (lambda n: "задо" * n + " ЦИК", 5000),
}


@pytest.mark.parametrize("name", sorted(BODY_SHAPES))
def test_owners_linear(name):
    shape, n = BODY_SHAPES[name]
    _assert_linear(_read_owners, shape, n, f"bodies/{name}")


# --------------------------------------------------------------------------- the whole parse of a cell

HEAD = ("КАЛЕНДАРНЫЙ ПЛАН\n\nДень выборов – 9 октября 2022 года\n\n"
        "№\tСодержание мероприятий\tСроки исполнения\tОтветственные за исполнение\n")


def _plan(tmp_path, column: str):
    def parse(cell: str) -> None:
        row = {"content": "Составление списков", "term": "до 10 августа 2022 года", "responsible": "ЦИК"}
        row[column] = cell
        path = tmp_path / f"plan_{column}.txt"
        path.write_text(HEAD + f"1.\t{row['content']}\t{row['term']}\t{row['responsible']}\n"
                        "2.\tОбращение\tдо 1 сентября 2022 года\tЦИК\n", encoding="utf-8")
        doc = shailoo.parse(str(path))
        assert len(doc.activities) == 2
    return parse


PARSE_SHAPES = {
    "responsible_dots": ("responsible", lambda n: "0." * n, 8000),
    "responsible_nested": ("responsible", lambda n: "(" * n + "ЦИК" + ")" * n, 4000),
    "term_phrases": ("term", lambda n: "до 10 августа в течение 5 дней после назначения выборов " * n, 60),
    "content_nested": ("content", lambda n: "(" * n + "а" + ")" * n, 4000),
}


@pytest.mark.parametrize("name", sorted(PARSE_SHAPES))
def test_parse_linear(tmp_path, name):
    column, shape, n = PARSE_SHAPES[name]
    _assert_linear(_plan(tmp_path, column), shape, n, f"parse/{name}")
