"""outputs/present.py: how a finding is presented to a reader (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest

from shailoo.outputs.present import (act_title, date_text, finding_line, grade_text, provision_text, shorten,
                                     shorten_middle, where)
from shailoo.rules.findings import Finding, StatuteRef

SOURCE = ("Календарный план основных организационно-практических мероприятий по подготовке и проведению "
          "выборов депутатов местных кенешей на 9 октября 2022 года (постановление ЦИК от 10.08.2022 № 72), строка 12")


def _f(**kw) -> Finding:
    base = dict(code="SH151", rule="statute-conflict", severity="warning", activity="12",
                section="Работа со списками избирателей", message="Срок позже.")
    return Finding(**{**base, **kw})


@pytest.mark.parametrize("width", [10, 25, 40, 60, 90])
def test_shortening_never_cuts_a_word(width):
    words = set(SOURCE.split())
    for cut in (shorten(SOURCE, width), shorten_middle(SOURCE, width)):
        assert len(cut) <= max(width, len(SOURCE.split()[0])) + 2  # a long first word stays whole
        assert all(w in words or w == "…" for w in cut.split()), cut


def test_middle_shortening_keeps_the_document_and_its_act():
    cut = shorten_middle(SOURCE, 90)
    assert cut.startswith("Календарный план") and cut.endswith("(постановление ЦИК от 10.08.2022 № 72), строка 12")


def test_dates_read_as_printed():
    assert date_text(dt.date(2022, 9, 19)) == "19.09.2022"
    assert date_text("с 2022-09-19 по 2022-10-09") == "с 19.09.2022 по 09.10.2022"
    assert date_text(None) == ""


def test_where_names_the_printed_row_and_its_section():
    assert where(_f(), "ru") == "№ 12 (Работа со списками избирателей)"
    assert where(_f(section=None), "ky") == "№ 12"
    assert where(_f(activity=None, section=None), "ru") == "Текст документа"
    assert where(_f(activity=None, section=None), "ky") == "Документтин тексти"


def test_a_row_printed_without_a_number_is_named_by_its_first_words():
    # fixtures/wild/001: a calendar plan's row with an empty № cell (quote: the row's cells, tab-separated)
    from shailoo.model import Provenance

    quote = "\tЖергиликтүү кеңештердин депутаттарын шайлоо боюнча шайлоо округдарын түзүү\tДобуш берүү күнүнө чейин"
    f = _f(activity=None, section=None, provenance=Provenance(file="x.txt", table=0, row=2, quote=quote))
    assert where(f, "ru") == "Строка «Жергиликтүү кеңештердин депутаттарын шайлоо …»"
    assert where(f, "ky") == "Сап «Жергиликтүү кеңештердин депутаттарын шайлоо …»"
    assert where(f, "en") == "Row «Жергиликтүү кеңештердин депутаттарын шайлоо …»"
    # a paragraph (no row) stays the document's text, whatever its quote
    prose = _f(activity=None, section=None, provenance=Provenance(file="x.txt", quote="Текст абзаца"))
    assert where(prose, "ru") == "Текст документа"


def test_acts_by_title_never_by_id():
    assert act_title("local_kenesh_law", "ru") == "Закон КР «О выборах депутатов местных кенешей»"
    assert "Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө" in act_title("local_kenesh_law", "ky")
    s = StatuteRef(act="local_kenesh_law", article="13", part="1", edition="2011-07-14")
    assert provision_text(s, "ru") == "Закон КР «О выборах депутатов местных кенешей», ст.13 ч.1, ред. от 14.07.2011"
    assert provision_text(s, "ky").endswith("13-берене 1-бөлүк, 14.07.2011-ж. редакциясы")
    assert act_title("users_own_act", "ru") == "users_own_act"  # a user's knowledge base may name acts we lack


def test_the_source_of_a_value_is_said_once():
    s = StatuteRef(act="local_kenesh_law", article="13", part="1", grade="practice", source=SOURCE)
    quiet = _f(statute=s)
    assert grade_text(quiet, "ru") == "Источник значения: практика ЦИК, а не текст закона (" + shorten_middle(SOURCE, 120) + ")"
    named = _f(statute=s, message="По практике ЦИК (план, утверждённый постановлением ЦИК от 10.08.2022 № 72) …")
    assert grade_text(named, "ru") == "Источник значения: практика ЦИК, а не текст закона"


def test_one_line_per_finding():
    s = StatuteRef(act="local_kenesh_law", article="113", part="4", grade="absent")
    line = finding_line("draft.docx", _f(code="SH152", statute=s, message="Ссылка «ч.4 ст.113 Закона»."), "ru")
    assert line == ("draft.docx: № 12 (Работа со списками избирателей): [SH152] предупреждение: Ссылка «ч.4 ст.113 "
                    "Закона». (Закон КР «О выборах депутатов местных кенешей», ст.113 ч.4) "
                    "[Источник значения: нормы нет в базе норм]")
