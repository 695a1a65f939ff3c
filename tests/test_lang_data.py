"""Language data: files validate, share their concept keys, and every pattern matches its examples."""

from __future__ import annotations

import pytest
import regex
import yaml

from shailoo import corpus
from shailoo.parsers.extract.dates import date_regex, expand, find_dates, weekday_regex
from shailoo.normalize import norm

CASES = [
    (lang.language, group, key, ex)
    for lang in corpus.all_languages()
    for group in ("patterns", "date_forms")
    for key, spec in getattr(lang, group).items()
    for ex in spec.examples
]


@pytest.mark.parametrize("code,group,key,example", CASES, ids=[f"{c}.{g}.{k}.{i}" for i, (c, g, k, _) in enumerate(CASES)])
def test_every_example_matches_its_pattern(code, group, key, example):
    spec = getattr(corpus.language(code), group)[key]
    rx = regex.compile(expand(spec.regex.replace("WEEKDAY", weekday_regex()).replace("DATE", date_regex())), regex.I)
    m = rx.search(norm(example.text))
    assert m, f"{code}.{group}.{key} does not match {example.text!r}"
    for name, value in example.groups.items():
        assert m.group(name) is not None, f"group {name} did not match in {example.text!r}"
        assert m.group(name).strip() == norm(value).strip()


def test_languages_share_concept_keys():
    ru, ky = corpus.language("ru"), corpus.language("ky")
    assert set(ru.column_roles) == set(ky.column_roles)
    assert set(ru.document_kinds) == set(ky.document_kinds)
    assert set(ru.patterns) == set(ky.patterns)


# --------------------------------------------------------------------------- the term grammar (terms:)

FORM_CASES = [
    (lang.language, group, key, ex)
    for lang in corpus.all_languages()
    for group, forms in lang.terms.forms
    for key, spec in forms.items()
    for ex in spec.examples
]


@pytest.mark.parametrize("code,group,key,example", FORM_CASES,
                         ids=[f"{c}.terms.{g}.{k}.{i}" for i, (c, g, k, _) in enumerate(FORM_CASES)])
def test_every_term_form_matches_its_examples(code, group, key, example):
    from shailoo.parsers.extract.terms import form_regex

    spec = getattr(corpus.language(code).terms.forms, group)[key]
    rx = regex.compile(form_regex(spec.regex, code))
    m = rx.search(norm(example.text))
    assert m, f"{code}.terms.forms.{group}.{key} does not match {example.text!r}"
    for name, value in example.groups.items():
        assert m.group(name) is not None, f"group {name} did not match in {example.text!r}"
        assert m.group(name).strip() == norm(value).strip()


ANCHOR_CASES = [
    (lang.language, anchor, text)
    for lang in corpus.all_languages()
    for anchor, spec in lang.terms.anchors.items()
    for text in spec.examples
]


def anchor_of(text: str) -> str | None:
    """The anchor id that ``text`` names (an anchor phrase of the language files), else None."""
    from shailoo.parsers.extract.terms import grammar

    g = grammar()
    m = g.anchors.compiled.search(norm(text).strip())
    return g.anchors.lookup(m.group()) if m else None


@pytest.mark.parametrize("code,anchor,text", ANCHOR_CASES,
                         ids=[f"{c}.anchors.{a}.{i}" for i, (c, a, _) in enumerate(ANCHOR_CASES)])
def test_every_anchor_example_names_its_anchor(code, anchor, text):
    assert anchor_of(text) == anchor


def test_languages_share_term_concepts():
    ru, ky = corpus.language("ru").terms, corpus.language("ky").terms
    assert set(ru.anchors) == set(ky.anchors)
    for key in ("units", "bounds", "directions", "relations", "recurring", "qualifiers", "ordinals"):
        assert set(getattr(ru, key)) == set(getattr(ky, key)), key
    assert set(type(ru.forms).model_fields) == set(type(ky.forms).model_fields)
    assert set(ru.numbers) >= {1, 2, 3, 10} and set(ky.numbers) >= {1, 2, 3, 10}


def test_every_term_phrase_compiles_and_matches_itself():
    """Each phrase of the phrase lists is valid in the phrase syntax, and its own words match it."""
    from shailoo.parsers.extract.terms import phrase_regex

    for lang in corpus.all_languages():
        t = lang.terms
        lists = [ps for d in (t.units, t.bounds, t.directions, t.relations, t.recurring) for ps in d.values()]
        lists += [a.phrases for a in t.anchors.values()] + [t.unspecified, t.from_until_links, t.list_separators]
        lists += [q.before + q.after for q in t.qualifiers.values()]
        for phrases in lists:
            for p in phrases:
                rx = regex.compile(phrase_regex(p))
                # the phrase read literally: stems as words, first choices, optional words kept, gaps dropped
                words = [w.strip("[]").split("|")[0].rstrip("=") for w in norm(p).split() if w != "~"]
                assert rx.match(" ".join(words)), f"{lang.language}: {p!r}"


def test_unknown_term_keys_are_rejected():
    data = yaml.safe_load((corpus.HERE / "lang" / "ky.yaml").read_text(encoding="utf-8"))
    data["terms"]["anchors"]["election_day"]["phrase"] = ["x"]
    with pytest.raises(Exception):
        corpus.LanguageData.model_validate(data)
    data = yaml.safe_load((corpus.HERE / "lang" / "ky.yaml").read_text(encoding="utf-8"))
    data["terms"]["units"]["fortnight"] = ["x"]
    with pytest.raises(Exception):
        corpus.LanguageData.model_validate(data)


def test_unknown_keys_are_rejected(tmp_path):
    data = yaml.safe_load((corpus.HERE / "lang" / "ru.yaml").read_text(encoding="utf-8"))
    data["colum_roles"] = {}
    with pytest.raises(Exception):
        corpus.LanguageData.model_validate(data)


def test_normal_form_keeps_length_and_unifies_lookalikes():
    s = "Өткѳрүлѳ ӊ Cписок «ЦИK»\u00a0"
    assert len(norm(s)) == len(s)
    assert norm(s) == 'өткөрүлө ң список "цик" '


@pytest.mark.parametrize("text,expected", [
    ("от 10 августа 2022 года № 72", (2022, 8, 10)),
    ("2021-жылдын 10-январы", (2021, 1, 10)),
    ("2021-ж. 22-февралы", (2021, 2, 22)),
    ("2020-жылдын 25-октябрындагы № 265", (2020, 10, 25)),
    ("31.07. 2017-ж. №302", (2017, 7, 31)),
    ("02.06.2017-жылдагы", (2017, 6, 2)),
    ("26.06.20ж.", (2020, 6, 26)),
    ('"26" июня 2023 года', (2023, 6, 26)),
    ("« 30 » 06 2023", (2023, 6, 30)),
    ("23 июля", (None, 7, 23)),
])
def test_dates(text, expected):
    (d,) = find_dates(text)
    assert (d.year, d.month, d.day) == expected


def test_a_word_that_starts_like_a_month_is_not_a_date():
    assert find_dates("9 Майданского айылного кенеша") == []


# --------------------------------------------------------------------------- words the rules read (rule_words:)

RULE_WORD_CASES = [
    (lang.language, key, ex)
    for lang in corpus.all_languages()
    for key, spec in lang.rule_words.patterns.items()
    for ex in spec.examples
]


@pytest.mark.parametrize("code,key,example", RULE_WORD_CASES,
                         ids=[f"{c}.rule_words.{k}.{i}" for i, (c, k, _) in enumerate(RULE_WORD_CASES)])
def test_every_rule_word_pattern_finds_its_examples(code, key, example):
    spec = corpus.language(code).rule_words.patterns[key]
    assert regex.search(spec.regex, example, regex.I), f"{code}.rule_words.{key} finds nothing in {example!r}"


def test_rule_words_reject_a_malformed_stem():
    data = yaml.safe_load((corpus.HERE / "lang" / "ru.yaml").read_text(encoding="utf-8"))
    data["rule_words"]["common_stems"].append("избирательн")
    with pytest.raises(Exception):
        corpus.LanguageData.model_validate(data)
