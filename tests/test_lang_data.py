"""Language data: files validate, share their concept keys, and every pattern matches its examples."""

from __future__ import annotations

import pytest
import regex
import yaml

import corpus
from parsers.dates import date_regex, expand, find_dates, weekday_regex
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
