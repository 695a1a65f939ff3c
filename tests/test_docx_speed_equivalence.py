"""The short cuts that make a big plan fast (issue 22) give what the long way gives.

- the annotation reads each distinct cell or line once and gives its repeats copies (``annotate``):
  equal records, never the same objects;
- the records it builds without validation (``annotate._instance``, ``_clone``) equal validated ones;
- the citation grammar skips a text with none of the words a reference needs (``may_cite``);
- the act definitions are looked for near «(далее» only (``citations._definitions``).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import regex

import shailoo
from conftest import FIXTURES
from shailoo.model import BodyRef, Citation, Mention, Provenance, RelativeTerm, TermDate
from shailoo.normalize import norm
from shailoo.parsers.extract import citations as C
from shailoo.parsers.interpret import annotate as A
from shailoo.parsers.read import read

_SEGMENT = regex.compile(r"[^\t\n]+")


def _texts() -> list[str]:
    """The text of every fixture the readers read without OCR."""
    out = []
    for p in sorted(FIXTURES.rglob("*")):
        if p.suffix in (".docx", ".txt", ".html", ".pdf") and "scanned" not in p.name:
            out.append(read(str(p)).text)
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


# --------------------------------------------------------------------------- copies, not shared objects


def _objects(value) -> list:
    """Every model and list inside ``value`` (itself included)."""
    out = [value]
    if isinstance(value, list):
        for x in value:
            out += _objects(x)
    elif hasattr(value, "__pydantic_fields_set__"):
        for x in value.__dict__.values():
            if isinstance(x, list) or hasattr(x, "__pydantic_fields_set__"):
                out += _objects(x)
    return out


def test_repeated_cells_give_records_that_are_not_shared():
    # seed 001 repeats its owner, legal-basis and term cells from row to row: their records are copies
    doc = shailoo.parse(FIXTURES / "docx" / "seed001.docx")
    texts = [m.provenance.quote for m in doc.mentions]
    assert len(set(texts)) < len(texts) - 100, "the fixture repeats cells"
    seen: dict[int, object] = {}
    for m in doc.mentions:
        for obj in _objects(m.value) + [m.provenance, m.provenance.pages]:
            assert id(obj) not in seen or seen[id(obj)] is m, "two mentions share an object"
            seen[id(obj)] = m
    owners: dict[int, object] = {}
    for a in doc.activities:
        for obj in _objects(a.terms) + _objects(a.responsible) + _objects(a.citations):
            if isinstance(obj, list):
                continue
            assert id(obj) not in owners or owners[id(obj)] is a, "two activities share an object"
            owners[id(obj)] = a


def test_built_records_equal_validated_ones():
    assert A._EXACT, "the installed pydantic builds records as annotate expects (else it validates)"
    p, q = A._provenance_fast("f.docx", 3, 9, "abcdef"), Provenance(file="f.docx", start=3, end=9, quote="abcdef")
    assert p == q and p.model_fields_set == q.model_fields_set and p.model_dump_json() == q.model_dump_json()
    b = BodyRef(raw="ЦИК", id="cec", name="Центральная комиссия", kind="commission", start=0, end=3)
    m = A._mention_fast("body", "ЦИК", 3, 6, b, p)
    n = Mention(type="body", text="ЦИК", start=3, end=6, value=b, provenance=q)
    assert m == n and m.model_fields_set == n.model_fields_set and m.model_dump_json() == n.model_dump_json()
    day = TermDate(value=dt.date(2022, 10, 9), day=9, month=10, year=2022, raw="9 октября 2022 года", end=19)
    term = RelativeTerm(raw="за 5 дней до дня голосования", n=5, unit="day", direction="before",
                        anchor="election_day", printed=[day], computed=dt.date(2022, 10, 4))
    cites = [Citation(raw="ч.2 ст.22 Закона", act="x", article="22", part="2", end=16)]
    for value in (b, term, cites, [b, b]):
        copy = A._clone(value)
        assert copy == value
        assert [type(x) for x in _objects(copy)] == [type(x) for x in _objects(value)]
        assert not {id(x) for x in _objects(copy)} & {id(x) for x in _objects(value)}
        if hasattr(value, "model_dump_json"):
            assert copy.model_dump_json() == value.model_dump_json()
            assert copy.model_fields_set == value.model_fields_set


# --------------------------------------------------------------------------- citations: the word test


def test_a_text_without_the_words_of_a_reference_has_no_token(texts):
    g = C._grammar()
    rnd = random.Random(22)
    samples = [s for t in texts for s in _SEGMENT.findall(t)]
    words = ["ст.", "ч.", "п.", "статьи", "закона", "ЗКО", "берене", "10-бер.", "бөлүгү", "абзац", "Мыйзамдын",
             "пункта", "1", "12", "(", ")", "«О выборах»", "\"", "КР", "и", "далее", "Конституции", "положения"]
    samples += [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    skipped = 0
    for s in samples:
        low = norm(s)
        if g.may_cite.search(low) is None:
            skipped += 1
            # only act abbreviations, which make a token only after a provision, could match
            assert all(m["act_abbr"] is not None for m in g.token.finditer(low)), s
            assert C._read(s) == ()
    assert skipped > 1000


# --------------------------------------------------------------------------- act definitions near «(далее»


def _spans(matches) -> list:
    return [(m.span(), m.groupdict()) for m in matches]


def _template_texts(n: int, seed: int) -> list[str]:
    before = ["", "закон ", "закона ", "конституционного закона ", "федерального закона ", "положения ",
              "закон кр ", "закон кыргызской республики ", "закона кр от 12 мая 2011 года ", "закона российской федерации ",
              "настоящего закона ", "конституционный закон кыргызской республики\n", "законом  \t", "закон\n"]
    titles = ['"о выборах"', '"о выборах депутатов местных кенешей"', '"x"', '"a(b"', '""', '"о\nвыборах"',
              '"о выборах', 'о выборах"', '"жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө"']
    after = ["", " ", " кыргыз республикасынын мыйзамы ", " мыйзамы", " жобосу ", ") ", ", ", " - ", "\n", " кр "]
    definitions = ["(далее - закон)", "(далее – закон)", "(далее-закон)", "(далее по тексту - положение)",
                   "(мындан ары - мыйзам)", "(далее закон", "( далее : закон,", '(далее - "закон")', "(далее - )",
                   "(мындан ары – мыйзам;", "(далее-\nзакон)", "(далее - закон о выборах)"]
    noise = ["", " ", "abc ", "\n", "\t", '"', "(", ")", "текст ", "слово, ", '" ', "ст.12 "]
    rnd = random.Random(seed)
    return ["".join(rnd.choice(noise) + rnd.choice(before) + rnd.choice(titles) + rnd.choice(after)
                    + rnd.choice(definitions) + rnd.choice(noise) for _ in range(rnd.randint(1, 4)))
            for _ in range(n)]


def test_definitions_near_their_brackets_are_those_of_the_whole_text(texts):
    g = C._grammar()
    assert g.definition_anchor is not None, "the act words cannot hold a quotation mark: the windows apply"
    found = 0
    for t in texts + [norm(t) for t in texts] + _template_texts(4000, 22):
        low = norm(t)
        whole = _spans(g.definition.finditer(low))
        assert _spans(C._definitions(low)) == whole, t[:200]
        found += len(whole)
    assert found > 1000


def test_definitions_of_the_fixtures_are_found(texts):
    defined = [C.document_act_definitions(t) for t in texts]
    assert any(d for d in defined)


def test_definitions_scan_the_whole_text_when_the_words_could_hold_a_quote(monkeypatch):
    import dataclasses

    g = C._grammar()
    plain = dataclasses.replace(g, definition_anchor=None, definition_start=None)
    monkeypatch.setattr(C, "_grammar", lambda: plain)
    for t in _template_texts(300, 5):
        low = norm(t)
        assert _spans(C._definitions(low)) == _spans(g.definition.finditer(low))
    assert not C._no_quote('[ -~]') and not C._no_quote("a.b") and not C._no_quote("[^а-я]")
    assert not C._no_quote("[[:punct:]]") and not C._no_quote('"') and C._no_quote("закон(?:а|у)?")
    assert not C._no_lookahead("мыйзам(?!дуу)") and C._no_lookahead("закон(?:а|у)?")
