"""Absurd values are refused, never read as a nearby guess (issue 18, «What to build» 4).

Before: «за 99999999999 дней до дня голосования» became the event «до дня голосования»; «до 10 августа
99999 года» (or year 0, −5) became 2022-08-10 «inferred»; «10.08.99999» → 2099-08-10; «до 10.08.0000» →
2000-08-10; «до 10.13.2022» → the period «2022»; «до 50 сентября 2022» only `date-incomplete`; `check`
said nothing. Now each is an ``UnparsedTerm`` whose reason names the bound
(``shailoo.parsers.extract.terms.MAX_COUNT``, ``YEARS``, months 1–12, days 1–31) and ``shailoo check``
reports it as ``term-invalid`` (SH109), in each language.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

import shailoo
from shailoo.model import UnparsedTerm
from shailoo.parsers.extract.terms import INVALID_REASONS, TermContext, absurd_values, find_term_mentions, parse_terms
from shailoo.rules.check import check

CTX = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")

#: (term cell, reason code, the text refused)
CASES = [
    ("за 99999999999 дней до дня голосования", "invalid_count", "99999999999 дней"),
    ("Не позднее чем за 5000 календарных дней до дня голосования", "invalid_count", "5000 календарных дней"),
    ("до 10 августа 99999 года", "invalid_year", "10 августа 99999 года"),
    ("до 10 августа 0 года", "invalid_year", "10 августа 0 года"),
    ("до 10 августа -5 года", "invalid_year", "10 августа -5 года"),
    ("до 10 августа 2200 года", "invalid_year", "10 августа 2200 года"),
    ("10.08.99999", "invalid_year", "10.08.99999"),
    ("до 10.08.0000", "invalid_year", "10.08.0000"),
    ("до 10.13.2022", "invalid_month", "10.13.2022"),
    ("до 32.08.2022", "invalid_day", "32.08.2022"),
    ("до 50 сентября 2022", "invalid_day", "50 сентября"),
    ("с 10 по 5000 августа 2022 года", "invalid_day", "5000 августа"),
    ("99999-жылдын 10-августуна чейин", "invalid_year", "99999-жылдын 10-августуна"),
]

#: Sane values next to the bounds: read as before, nothing refused.
SANE = [
    "За 60 календарных дней до дня голосования (до 10 августа 2022 года)",
    "за 3660 дней до дня голосования",
    "до 31 декабря 2100 года",
    "до 1 января 1900 года",
    "10.08.22",
    "до 31.12.2022",
    "2024 январь",
    "с 7 по 21 декабря",
    "В течение 10 дней после назначения выборов",
]


@pytest.mark.parametrize("cell,code,raw", CASES, ids=[c[0] for c in CASES])
def test_absurd_value_is_unparsed(cell, code, raw):
    terms = parse_terms(cell, CTX)
    assert len(terms) == 1
    t = terms[0]
    assert isinstance(t, UnparsedTerm)
    assert t.reason.split(":", 1)[0] == code
    assert t.raw == raw == cell[t.start:t.end]
    assert code in INVALID_REASONS


@pytest.mark.parametrize("cell", SANE)
def test_sane_values_are_read(cell):
    assert absurd_values(cell) == []
    terms = parse_terms(cell, CTX)
    assert terms and not any(isinstance(t, UnparsedTerm) for t in terms)


def test_prose_mentions_do_not_guess_around_absurd_values():
    text = ("Прием заявлений до 10 августа 99999 года. Срок истекает за 99999999999 дней до дня голосования. "
            "Списки передаются до 5 сентября 2022 года.")
    raws = [t.raw for t in find_term_mentions(text, CTX)]
    assert raws == ["до 5 сентября 2022 года"]


HEAD = ("КАЛЕНДАРНЫЙ ПЛАН\n\nДень выборов – 9 октября 2022 года\n\n"
        "№\tСодержание мероприятий\tСроки исполнения\tОтветственные за исполнение\n")


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    rows = [f"{i}.\tМероприятие {i}\t{cell}\tЦИК" for i, (cell, _, _) in enumerate(CASES, 1)]
    rows.append(f"{len(CASES) + 1}.\tМероприятие\tдо 1 сентября 2022 года\tЦИК")
    path = tmp_path_factory.mktemp("absurd") / "plan.txt"
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang,word", [("ru", "в сроке"), ("ky", "Мөөнөттө"), ("en", "in the term")])
def test_check_reports_term_invalid(plan, lang, word):
    doc = shailoo.parse(str(plan))
    report = check(doc, lang=lang)
    by_row: dict[str, list] = {}
    for f in report.findings:
        by_row.setdefault(f.activity, []).append(f)
    for i, (cell, code, raw) in enumerate(CASES, 1):
        found = by_row.get(str(i), [])
        invalid = [f for f in found if f.rule == "term-invalid"]
        assert len(invalid) == 1, (cell, [f.rule for f in found])
        f = invalid[0]
        assert f.code == "SH109" and f.severity == "error" and f.cell == "term"
        assert f.found == raw and f.details["reason"].startswith(code)
        assert raw in f.message and word in f.message
        # the value is refused, not reported again as something else (incomplete, outside the period …)
        assert [g.rule for g in found] == ["term-invalid"], (cell, [g.rule for g in found])
    assert not by_row.get(str(len(CASES) + 1))


def test_check_cli_exit_code_and_lines(plan):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, "-m", "shailoo", "check", str(plan), "--lang", "en"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 1, run.stderr
    lines = [ln for ln in run.stdout.splitlines() if "[SH109] error: " in ln]
    assert len(lines) == len(CASES)
    assert all(ln.count("\n") == 0 for ln in lines)
    assert run.stderr == ""
