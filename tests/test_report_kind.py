"""Reports on an action plan are ``report`` whatever their table looks like (issue 21): the title
(«Информация о ходе исполнения …», «Отчёт о выполнении …», «… аткарылышы жөнүндө маалымат»,
«… боюнча отчет») and the «по состоянию на …» / «… карата» wording decide, and plans stay plans.

The expected kinds were written by reading each fixture's front matter (its title and the line under it).
"""

from __future__ import annotations

import pytest

import shailoo
from conftest import FIXTURES

TRACK = FIXTURES / "track"
PORTFOLIO = TRACK / "portfolio"


@pytest.mark.parametrize("path", [
    # «Информация о ходе исполнения Плана действий Центральной комиссии …» / «(по состоянию на 20 января 2024 года)»:
    # the plan's words «План действий» in the title, goal and measure columns in the table
    TRACK / "report_2024-01-20_ru.docx",
    # «Информация о ходе исполнения Плана мероприятий Министерства юстиции …»: the same kind of report
    TRACK / "report_other_plan_ru.docx",
    # «Информация о ходе исполнения Антикоррупционного плана мэрии города Каракол …»
    PORTFOLIO / "report_karakol_2025-07-20_ru.docx",
    PORTFOLIO / "report_minfin_2024-07-20_ru.docx",
    PORTFOLIO / "report_minfin_2025-01-20_ru.docx",
    # «… коррупцияга каршы иш-аракеттер планыынын аткарылышы жөнүндө маалымат» / «(2025-жылдын 20-июлуна карата)»
    PORTFOLIO / "report_salyk_2025-07-20_ky.docx",
], ids=lambda p: p.name)
def test_reports_on_a_plan_are_reports(path):
    assert shailoo.parse(path).document.kind == "report"


@pytest.mark.parametrize("path", sorted(PORTFOLIO.glob("plan_*.docx")), ids=lambda p: p.name)
def test_plans_stay_action_plans(path):
    assert shailoo.parse(path).document.kind == "action_plan"


def _text(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return shailoo.parse(p).document


def test_report_head_with_as_of_is_a_report(tmp_path):
    """«Отчет Министерства … по Антикоррупционному плану» names no execution; the day under it does."""
    doc = _text(tmp_path, "r.txt", "Отчет Министерства юстиции Кыргызской Республики по Антикоррупционному плану "
                                   "на 2024 год\n\n(по состоянию на 1 июля 2024 года)\n\n"
                                   "1. Проведены обучающие семинары для сотрудников.\n")
    assert doc.kind == "report"


def test_ky_report_with_karata_is_a_report(tmp_path):
    doc = _text(tmp_path, "r.txt", "Юстиция министрлигинин коррупцияга каршы иш-аракеттер планы боюнча отчет\n\n"
                                   "(2024-жылдын 1-июлуна карата)\n\n"
                                   "1. Кызматкерлер үчүн окутуу семинарлары өткөрүлдү.\n")
    assert doc.kind == "report"


def test_a_plan_as_of_a_day_stays_a_plan(tmp_path):
    """A plan printed «по состоянию на» a day (its wording as amended) has no report in its title."""
    doc = _text(tmp_path, "p.txt", "План действий Министерства юстиции Кыргызской Республики по противодействию "
                                   "коррупции на 2024–2026 годы\n\n(в редакции по состоянию на 1 марта 2024 года)\n\n"
                                   "1. Проведение обучающих семинаров для сотрудников.\n")
    assert doc.kind != "report"


def test_a_report_named_in_a_plan_row_does_not_make_a_report(tmp_path):
    """Only the front matter decides: a point «Отчет о выполнении Плана …» of the plan's body is a row."""
    lines = ["План действий Министерства юстиции Кыргызской Республики по противодействию коррупции на 2024 год", ""]
    lines += [f"{i}. Проведение обучающего семинара № {i} для сотрудников министерства." for i in range(1, 4)]
    lines += ["4. Отчет о выполнении Плана действий представить до 20 января 2025 года."]
    doc = _text(tmp_path, "p.txt", "\n".join(lines) + "\n")
    assert doc.kind != "report"
