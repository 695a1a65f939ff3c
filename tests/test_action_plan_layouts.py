"""Action plans in the shapes real bodies print them (issue 20, task 20-6).

The council's portfolio fixtures (``fixtures/build_portfolio.py``) had to keep away from seven layouts that
real plans use (``fixtures/README.md``, «Limits found while making these files»). Each test below builds a
small document of one such shape at test time (python-docx, HTML or text) and checks what a reader of the
printed plan sees. The expectations are written by hand from the document each test builds.

1. a plain «Ожидаемый результат» / «Күтүлгөн натыйжа» cell (no «Результат:» inside it);
2. section rows merged across a table without a goal column; the store and a measure without a number;
3. calendar-year columns «2024 | 2025 | 2026», «2024-жыл | 2025-жыл»;
4. a «№ п/п» column of its own;
5. a semicolon CSV report whose title lines have no trailing «;»;
6. the plan's years from its period and terms;
7. a cover letter «Министерство финансов … направляет План действий …».

No action plan of ``fixtures/wild/`` is read by the action-plan reader (their tables have no goal or
measure column), so the real documents here are the portfolio plan of Karakol (its years) and the
Lazovsky programme (wild 052), whose years under «в том числе по годам» head amounts and must stay so.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from docx import Document

import shailoo
from conftest import FIXTURES
from shailoo.apps.track import store as track_store
from shailoo.apps.track.store import TrackError, TrackStore, add_plan, parse_report, plan_measures
from shailoo.parsers.interpret.tables import calendar_year, find_header, header_role
from shailoo.parsers.read import read

MINFIN_TITLE = "План действий Министерства финансов Кыргызской Республики по противодействию коррупции на 2024–2026 годы"
KARAKOL_TITLE = "Антикоррупционный план мэрии города Каракол на 2024–2025 годы"
SALYK_TITLE = ("Кыргыз Республикасынын Министрлер Кабинетине караштуу Мамлекеттик салык кызматынын 2024–2026-жылдарга "
               "коррупцияга каршы иш-аракеттер планы")


# --------------------------------------------------------------------------- documents built here


def _fill(cell, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)


def plan_docx(path: Path, front: list[str], header: list[str], rows: list[list[str]], merges=(),
              header2: list[str] | None = None, header_merges=()) -> Path:
    """A DOCX plan: front paragraphs, then one ruled table (one or two header rows). ``merges`` are
    (row, col, row, col) over the body rows (0 = first body row), ``header_merges`` over all rows."""
    doc = Document()
    for text in front:
        doc.add_paragraph(text)
    n_head = 2 if header2 else 1
    table = doc.add_table(rows=n_head, cols=len(header))
    for j, text in enumerate(header):
        if text:
            _fill(table.cell(0, j), text)
    for j, text in enumerate(header2 or []):
        if text:
            _fill(table.cell(1, j), text)
    for r1, c1, r2, c2 in header_merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    for values in rows:
        for cell, text in zip(table.add_row().cells, values):
            if text:
                _fill(cell, text)
    for r1, c1, r2, c2 in merges:
        merged = table.cell(n_head + r1, c1).merge(table.cell(n_head + r2, c2))
        for extra in merged.paragraphs[1:]:  # merging keeps one empty paragraph per cell
            if not extra.text:
                extra._p.getparent().remove(extra._p)
    doc.save(path)
    return path


def plan_text(path: Path, front: list[str], header: list[str], rows: list[list[str]]) -> Path:
    """A plan as a text export: paragraphs, then the table one row per line, cells joined by tabs; a
    row holds only the cells it prints (merged cells are lost, as in the seeds' text renderings)."""
    lines = "\n\n".join(front) + "\n\n" + "\t".join(header) + "\n" + "\n".join("\t".join(r) for r in rows) + "\n"
    path.write_text(lines, encoding="utf-8")
    return path


def parse(path: Path):
    return shailoo.parse(str(path))


def goals(doc):
    return [a for a in doc.activities if a.kind == "goal"]


def measures(doc):
    return [a for a in doc.activities if a.kind == "measure"]


def cells(a, *roles):
    return tuple(a.cells.get(r, "") for r in roles)


# --------------------------------------------------------------------------- 1. a plain expected result

MINFIN_HEADER = ["Стратегическая цель", "Антикоррупционная мера", "Исполнитель", "Срок исполнения", "Ожидаемый результат"]
MINFIN_ROWS = [
    ["1. Повышение прозрачности", "1.1. Проведение обучающих семинаров для сотрудников", "Управление кадров",
     "2024–2026 гг.", "Обучено не менее 120 сотрудников"],
    ["", "1.2. Утверждение карты коррупционных рисков", "Отдел внутреннего аудита", "IV квартал 2024 года",
     "Карта рисков утверждена"],
    ["2. Открытость", "2.1. Размещение планов закупок на портале", "Управление закупок, Пресс-служба", "постоянно",
     "Все планы закупок размещены"],
]


def test_plain_expected_result_stays_in_its_column_docx(tmp_path):
    doc = parse(plan_docx(tmp_path / "plan.docx", [MINFIN_TITLE], MINFIN_HEADER, MINFIN_ROWS, merges=[(0, 0, 1, 0)]))
    assert doc.document.kind == "action_plan"
    assert doc.document.columns["result"] == "Ожидаемый результат"
    assert [g.path for g in goals(doc)] == ["1", "2"]
    m11, m12, m21 = measures(doc)
    assert cells(m11, "measure", "executor", "term", "result") == (
        "1.1. Проведение обучающих семинаров для сотрудников", "Управление кадров", "2024–2026 гг.",
        "Обучено не менее 120 сотрудников")
    # the goal cell is merged down over 1.2
    assert (m12.section, m12.cells["goal"]) == (["Повышение прозрачности"], "1. Повышение прозрачности")
    assert cells(m12, "executor", "term", "result") == (
        "Отдел внутреннего аудита", "IV квартал 2024 года", "Карта рисков утверждена")
    assert cells(m21, "executor", "term", "result") == (
        "Управление закупок, Пресс-служба", "постоянно", "Все планы закупок размещены")


def test_plain_expected_result_in_a_text_export(tmp_path):
    # The goal cell of 1.2 is lost in the export: that row has four fields for five columns.
    rows = [MINFIN_ROWS[0], MINFIN_ROWS[1][1:], MINFIN_ROWS[2]]
    doc = parse(plan_text(tmp_path / "plan.txt", [MINFIN_TITLE], MINFIN_HEADER, rows))
    m11, m12, m21 = measures(doc)
    assert cells(m11, "measure", "executor", "term", "result") == (
        "1.1. Проведение обучающих семинаров для сотрудников", "Управление кадров", "2024–2026 гг.",
        "Обучено не менее 120 сотрудников")
    assert cells(m12, "measure", "executor", "term", "result") == (
        "1.2. Утверждение карты коррупционных рисков", "Отдел внутреннего аудита", "IV квартал 2024 года",
        "Карта рисков утверждена")
    assert m12.section == ["Повышение прозрачности"]
    assert cells(m21, "executor", "term", "result") == (
        "Управление закупок, Пресс-служба", "постоянно", "Все планы закупок размещены")


def test_plain_expected_result_kyrgyz_docx(tmp_path):
    header = ["Стратегиялык максат", "Коррупцияга каршы чара", "Аткаруучу", "Аткаруу мөөнөтү", "Күтүлгөн натыйжа"]
    rows = [["1. Ачык-айкындуулук", "1.1. Кызматкерлерди окутуу", "Кадрлар бөлүмү", "Жыл сайын",
             "Жыл сайын кеминде 4 семинар өткөрүлдү"],
            ["", "1.2. Тобокелдиктердин картасын бекитүү", "Ички аудит бөлүмү", "2024-жылдын IV чейреги",
             "Карта бекитилди"]]
    doc = parse(plan_docx(tmp_path / "plan.docx", [SALYK_TITLE], header, rows, merges=[(0, 0, 1, 0)]))
    assert doc.document.kind == "action_plan"
    m11, m12 = measures(doc)
    assert cells(m11, "executor", "term", "result") == (
        "Кадрлар бөлүмү", "Жыл сайын", "Жыл сайын кеминде 4 семинар өткөрүлдү")
    assert cells(m12, "measure", "executor", "term", "result") == (
        "1.2. Тобокелдиктердин картасын бекитүү", "Ички аудит бөлүмү", "2024-жылдын IV чейреги", "Карта бекитилди")


# --------------------------------------------------------------------------- 2. heading rows

KARAKOL_HEADER = ["Антикоррупционная мера", "Ответственные исполнители", "Срок исполнения", "Ожидаемый результат"]
KARAKOL_ROWS = [
    ["1. Организационные меры", "", "", ""],
    ["1.1. Утверждение плана работы комиссии", "Аппарат мэрии", "I квартал 2024 года", "План утвержден"],
    ["1.2. Обучение муниципальных служащих", "Отдел кадров", "ежегодно", "Обучено 40 служащих"],
    ["Раздел «Прозрачность»", "", "", ""],
    ["2.1. Публикация бюджета для граждан", "Финансовое управление", "2025 год", "Бюджет опубликован"],
    ["Прочие меры", "", "", ""],
    ["Прием граждан мэром", "Мэр", "ежемесячно", "Проведено 8 приемов"],
]
HEADINGS = [(0, 0, 0, 3), (3, 0, 3, 3), (5, 0, 5, 3)]


def test_heading_rows_across_a_plan_without_goal_column(tmp_path):
    doc = parse(plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], KARAKOL_HEADER, KARAKOL_ROWS, merges=HEADINGS))
    assert [(a.kind, a.number, a.path) for a in doc.activities] == [
        ("goal", "1.", "1"), ("measure", "1.1.", "1.1"), ("measure", "1.2.", "1.2"),
        # an unnumbered section over 2.1 is goal 2 (its number is not printed)
        ("goal", None, "2"), ("measure", "2.1.", "2.1"),
        # an unnumbered section over an unnumbered measure
        ("goal", None, None), ("measure", None, None)]
    g1, g2, g3 = goals(doc)
    assert (g1.text, g2.text, g3.text) == ("Организационные меры", "Раздел «Прозрачность»", "Прочие меры")
    m11, m12, m21, other = measures(doc)
    assert m11.section == ["Организационные меры"] and m21.section == ["Раздел «Прозрачность»"]
    assert cells(m12, "measure", "executor", "term", "result") == (
        "1.2. Обучение муниципальных служащих", "Отдел кадров", "ежегодно", "Обучено 40 служащих")
    assert (other.text, other.cells["executor"], other.section) == ("Прием граждан мэром", "Мэр", ["Прочие меры"])
    assert not any("goal 1 has measures but no goal row" in w for w in doc.warnings)


def test_heading_rows_in_html(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><p>" + KARAKOL_TITLE + "</p><table><tr>" + "".join(f"<th>{h}</th>" for h in KARAKOL_HEADER)
        + "</tr><tr><td colspan=4>II. Прозрачность</td></tr>"
        + "<tr><td>2.1. Публикация бюджета для граждан</td><td>Финансовое управление</td><td>2025 год</td>"
        + "<td>Бюджет опубликован</td></tr></table></body></html>", encoding="utf-8")
    doc = parse(path)
    assert [(a.kind, a.number, a.path, a.text) for a in doc.activities] == [
        ("goal", "II.", "2", "Прозрачность"), ("measure", "2.1.", "2.1", "Публикация бюджета для граждан")]


def test_lone_numbered_heading_in_a_text_export(tmp_path):
    rows = [["1. Организационные меры"], KARAKOL_ROWS[1], KARAKOL_ROWS[2], ["2. Прозрачность"], KARAKOL_ROWS[4]]
    doc = parse(plan_text(tmp_path / "plan.txt", [KARAKOL_TITLE], KARAKOL_HEADER, rows))
    assert [(a.kind, a.path) for a in doc.activities] == [
        ("goal", "1"), ("measure", "1.1"), ("measure", "1.2"), ("goal", "2"), ("measure", "2.1")]
    assert [g.text for g in goals(doc)] == ["Организационные меры", "Прозрачность"]
    assert cells(measures(doc)[2], "executor", "term", "result") == ("Финансовое управление", "2025 год", "Бюджет опубликован")


def test_store_skips_a_measure_without_a_number_and_says_why(tmp_path):
    doc = parse(plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], KARAKOL_HEADER, KARAKOL_ROWS, merges=HEADINGS))
    years, stored = plan_measures(doc)
    assert [(m.measure, m.goal, m.goal_text) for m in stored] == [
        ("1.1", "1", "Организационные меры"), ("1.2", "1", "Организационные меры"),
        ("2.1", "2", "Раздел «Прозрачность»")]
    assert years == [2024, 2025]
    assert any("without a number is not tracked" in w and "Прием граждан мэром" in w for w in doc.warnings)
    with TrackStore(str(tmp_path / "t.duckdb")) as st:
        info, new = add_plan(st, str(tmp_path / "plan.docx"))
        assert new and info.measures == 3 and info.years == [2024, 2025]


def test_store_refuses_a_plan_whose_measures_have_no_numbers(tmp_path):
    rows = [["Прочие меры", "", "", ""], ["Прием граждан мэром", "Мэр", "ежемесячно", "Проведено 8 приемов"]]
    path = plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], KARAKOL_HEADER, rows, merges=[(0, 0, 0, 3)])
    assert plan_measures(parse(path))[1] == []
    with TrackStore(str(tmp_path / "t.duckdb")) as st, pytest.raises(TrackError, match="have no numbers"):
        add_plan(st, str(path))


# --------------------------------------------------------------------------- 3. calendar-year columns


def test_calendar_year_columns_docx_ru(tmp_path):
    header = ["Стратегическая цель", "Антикоррупционная мера", "Исполнитель", "Сроки исполнения", "", "",
              "Ожидаемый результат"]
    header2 = ["", "", "", "2024", "2025", "2026", ""]
    rows = [["1. Повышение прозрачности", "1.1. Проведение семинаров", "Управление кадров", "Семинары", "Семинары",
             "", "Обучено 120 сотрудников"],
            ["", "1.2. Утверждение карты рисков", "Отдел аудита", "", "", "Утверждение", "Карта утверждена"]]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 6, 1, 6), (0, 3, 0, 5)]
    doc = parse(plan_docx(tmp_path / "plan.docx", [MINFIN_TITLE], header, rows, merges=[(0, 0, 1, 0)],
                          header2=header2, header_merges=merges))
    cols = doc.document.columns
    assert (cols["year_1"], cols["year_2"], cols["year_3"]) == ("Сроки исполнения / 2024", "2025", "2026")
    assert "term" not in cols
    m11, m12 = measures(doc)
    assert cells(m11, "year_1", "year_2", "year_3", "result") == ("Семинары", "Семинары", "", "Обучено 120 сотрудников")
    assert [(t.value, t.year, t.year_inferred) for t in m11.terms] == [(1, 2024, False), (2, 2025, False)]
    assert [(t.value, t.year) for t in m12.terms] == [(3, 2026)]
    years, stored = plan_measures(doc)
    assert years == [2024, 2025, 2026]
    assert [m.planned_years for m in stored] == [[2024, 2025], [2026]]


def test_calendar_year_columns_docx_ky_two_years(tmp_path):
    title = "Салык кызматынын 2025–2026-жылдарга коррупцияга каршы иш-аракеттер планы"
    header = ["Коррупцияга каршы чара", "Аткаруучу", "2025-жыл", "2026-жыл", "Күтүлгөн натыйжа"]
    rows = [["1.1. Кызматкерлерди окутуу", "Кадрлар бөлүмү", "Окутуу", "", "Семинар өткөрүлдү"],
            ["1.2. Сурамжылоо жүргүзүү", "Басма сөз кызматы", "", "Сурамжылоо", "Сурамжылоо жүргүзүлдү"]]
    doc = parse(plan_docx(tmp_path / "plan.docx", [title], header, rows))
    assert doc.document.kind == "action_plan"
    cols = doc.document.columns
    assert (cols["year_1"], cols["year_2"]) == ("2025-жыл", "2026-жыл") and "year_3" not in cols
    m11, m12 = measures(doc)
    assert [(t.value, t.year) for t in m11.terms] == [(1, 2025)]
    assert [(t.value, t.year) for t in m12.terms] == [(2, 2026)]
    assert m12.cells["result"] == "Сурамжылоо жүргүзүлдү"
    years, stored = plan_measures(doc)
    assert years == [2025, 2026]
    assert [m.planned_years for m in stored] == [[2025], [2026]]


def test_a_calendar_year_is_not_plan_year_one():
    # «1 год» is inside «2021 год» and «1-жыл» inside «2021-жыл»: neither is the plan's year I.
    assert header_role("2021 год") is None and header_role("2021-жыл") is None and header_role("2022") is None
    assert header_role("I Год") == "year_1" and header_role("II жыл") == "year_2"
    assert calendar_year("Сроки исполнения / 2025") == 2025 and calendar_year("2024-жыл") == 2024
    assert calendar_year("2024-2026") is None


def test_years_under_funding_head_amounts_not_terms(tmp_path):
    header = ["Антикоррупционная мера", "Исполнитель", "Объем финансирования", "", "Ожидаемый результат"]
    header2 = ["", "", "2024", "2025", ""]
    rows = [["1.1. Установка ящиков для обращений", "Аппарат мэрии", "50,0", "0,0", "Ящики установлены"]]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4), (0, 2, 0, 3)]
    doc = parse(plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], header, rows, header2=header2, header_merges=merges))
    assert not any(k.startswith("year_") for k in doc.document.columns)


def test_real_programme_years_under_funding_stay_amounts():
    # wild 052 (Lazovsky): «Объем финансового обеспечения» / «в том числе по годам» over «2021 | 2022 | 2023».
    (path,) = (FIXTURES / "wild").glob("052_*.txt")
    (table,) = read(str(path)).tables()
    _, roles, _ = find_header(table)
    assert not any((r or "").startswith("year_") for r in roles)
    assert parse(path).document.kind != "action_plan"


# --------------------------------------------------------------------------- 4. a «№ п/п» column


def test_number_column_of_its_own_docx(tmp_path):
    header = ["№ п/п"] + KARAKOL_HEADER
    rows = [["1.", "Организационные меры", "", "", ""],
            ["1.1.", "Утверждение плана работы комиссии", "Аппарат мэрии", "I квартал 2024 года", "План утвержден"],
            ["1.2", "Обучение муниципальных служащих", "Отдел кадров", "ежегодно", "Обучено 40 служащих"],
            ["II", "Прозрачность", "", "", ""],
            ["2.1.", "Публикация бюджета для граждан", "Финансовое управление", "2025 год", "Бюджет опубликован"]]
    doc = parse(plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], header, rows, merges=[(0, 1, 0, 4), (3, 1, 3, 4)]))
    assert [(a.kind, a.number, a.path, a.text) for a in doc.activities] == [
        ("goal", "1.", "1", "Организационные меры"),
        ("measure", "1.1.", "1.1", "Утверждение плана работы комиссии"),
        ("measure", "1.2", "1.2", "Обучение муниципальных служащих"),
        ("goal", "II", "2", "Прозрачность"),
        ("measure", "2.1.", "2.1", "Публикация бюджета для граждан")]
    m11 = measures(doc)[0]
    assert cells(m11, "number", "measure", "executor", "term", "result") == (
        "1.1.", "Утверждение плана работы комиссии", "Аппарат мэрии", "I квартал 2024 года", "План утвержден")
    stored = plan_measures(doc)[1]
    assert [(m.measure, m.goal_text) for m in stored] == [
        ("1.1", "Организационные меры"), ("1.2", "Организационные меры"), ("2.1", "Прозрачность")]


def test_number_column_numbered_straight_through(tmp_path):
    header = ["№ п/п"] + KARAKOL_HEADER
    rows = [["1", "Утверждение плана работы комиссии", "Аппарат мэрии", "I квартал 2024 года", "План утвержден"],
            ["2", "Обучение муниципальных служащих", "Отдел кадров", "ежегодно", "Обучено 40 служащих"],
            # a measure whose other cells are empty: not a heading in a plan numbered 1, 2, 3
            ["3", "Иные меры по решению комиссии", "", "", ""]]
    doc = parse(plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], header, rows))
    assert [(a.kind, a.number, a.path) for a in doc.activities] == [
        ("measure", "1", "1"), ("measure", "2", "2"), ("measure", "3", "3")]
    assert measures(doc)[1].cells["executor"] == "Отдел кадров"
    assert [m.measure for m in plan_measures(doc)[1]] == ["1", "2", "3"]


def test_number_column_in_a_text_export(tmp_path):
    header = ["№ п/п"] + KARAKOL_HEADER
    rows = [["1.", "Организационные меры"],
            ["1.1.", "Утверждение плана работы комиссии", "Аппарат мэрии", "I квартал 2024 года", "План утвержден"],
            # the result cell is lost at the end of the row
            ["1.2.", "Обучение муниципальных служащих", "Отдел кадров", "ежегодно"]]
    doc = parse(plan_text(tmp_path / "plan.txt", [KARAKOL_TITLE], header, rows))
    assert [(a.kind, a.path) for a in doc.activities] == [("goal", "1"), ("measure", "1.1"), ("measure", "1.2")]
    m11, m12 = measures(doc)
    assert cells(m11, "number", "measure", "executor") == ("1.1.", "Утверждение плана работы комиссии", "Аппарат мэрии")
    assert cells(m12, "measure", "executor", "term", "result") == (
        "Обучение муниципальных служащих", "Отдел кадров", "ежегодно", "")


# --------------------------------------------------------------------------- 5. CSV reports


def _write_csv(path: Path, rows: list[list[str]], delimiter: str, encoding: str, pad: bool) -> Path:
    width = max(len(r) for r in rows)
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        for r in rows:
            w.writerow(r + [""] * (width - len(r)) if pad or len(r) > 1 else r)
    return path


REPORT_ROWS = [
    ["Мэрия города Каракол"],
    ["Отчет о ходе исполнения Антикоррупционного плана мэрии города Каракол на 2024–2025 годы"],
    ["по состоянию на 20.07.2024"],
    ["№ п/п", "Наименование меры", "Исполнитель", "Ход исполнения", "Дата исполнения"],
    ["1.1", "Утверждение плана работы комиссии", "Аппарат мэрии", "Исполнено, план утвержден", "15.02.2024"],
    ["1.2", "Обучение муниципальных служащих", "Отдел кадров", "В процессе исполнения", ""],
    ["2.1", "Публикация бюджета для граждан", "Финансовое управление", "Информация не представлена", ""],
]


def test_semicolon_csv_with_title_lines_without_semicolons(tmp_path):
    path = _write_csv(tmp_path / "report.csv", REPORT_ROWS, ";", "cp1251", pad=False)
    assert path.read_bytes().decode("cp1251").splitlines()[0] == "Мэрия города Каракол"
    rows, lang = parse_report(str(path))
    assert lang == "ru"
    assert [(r.measure, r.status, r.date) for r in rows] == [
        ("1.1", "done", dt.date(2024, 2, 15)), ("1.2", "in_progress", None), ("2.1", "no_report", None)]
    assert rows[0].status_text == "Исполнено, план утвержден"


def test_comma_csv_with_semicolons_inside_cells(tmp_path):
    rows = [r[:] for r in REPORT_ROWS]
    rows[5][3] = "В процессе исполнения; обучено 20 служащих"
    path = _write_csv(tmp_path / "report.csv", rows, ",", "utf-8-sig", pad=True)
    got, _ = parse_report(str(path))
    assert [(r.measure, r.status) for r in got] == [("1.1", "done"), ("1.2", "in_progress"), ("2.1", "no_report")]
    assert got[1].status_text == "В процессе исполнения; обучено 20 служащих"


def test_csv_dialect_reads_the_table_not_the_first_line():
    text = "Отчет\nпо состоянию на 20.07.2024\n\nа;б;в\n1;2;3\n4;5,5;6\n"
    assert track_store._csv_dialect(text).delimiter == ";"
    assert track_store._csv_dialect("Отчет; итог\nа,б,в\n1,2,3\n").delimiter == ","


# --------------------------------------------------------------------------- 6. the plan's years


def test_plan_years_come_from_the_period_not_three_year_columns(tmp_path):
    # A plan for 2024–2025 printed on the three-year form «I Год | II Год | III Год».
    header = ["Стратегическая цель", "Антикоррупционная мера", "Исполнитель", "Сроки исполнения по годам", "", "",
              "Ожидаемый результат"]
    header2 = ["", "", "", "I Год", "II Год", "III Год", ""]
    rows = [["1. Повышение прозрачности", "1.1. Проведение семинаров", "Аппарат мэрии", "Семинары", "Семинары", "",
             "Результат: обучены служащие"],
            ["", "1.2. Утверждение карты рисков", "Аппарат мэрии", "", "", "Утверждение", "Результат: карта"]]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 6, 1, 6), (0, 3, 0, 5)]
    doc = parse(plan_docx(tmp_path / "plan.docx", [KARAKOL_TITLE], header, rows, merges=[(0, 0, 1, 0)],
                          header2=header2, header_merges=merges))
    assert (doc.document.period.start, doc.document.period.end) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    m11, m12 = measures(doc)
    assert [(t.value, t.year) for t in m11.terms] == [(1, 2024), (2, 2025)]
    assert [(t.value, t.year) for t in m12.terms] == [(3, None)]  # a year III the plan does not have
    years, stored = plan_measures(doc)
    assert years == [2024, 2025]
    assert stored[0].planned_years == [2024, 2025]
    assert stored[1].planned_years == [2024, 2025]  # nothing in its own years: the whole plan


def test_plan_years_of_the_karakol_portfolio_plan():
    # fixtures/track/portfolio: «Антикоррупционный план мэрии города Каракол на 2024–2025 годы», a term column.
    doc = parse(FIXTURES / "track" / "portfolio" / "plan_karakol_2024-2025_ru.docx")
    years, stored = plan_measures(doc)
    assert years == [2024, 2025]
    assert {y for m in stored for y in m.planned_years} == {2024, 2025}


def test_plan_years_without_a_period_come_from_the_terms(tmp_path):
    rows = [["1.1. Утверждение плана работы комиссии", "Аппарат мэрии", "I квартал 2024 года", "План утвержден"],
            ["1.2. Публикация бюджета для граждан", "Финансовое управление", "2025 год", "Бюджет опубликован"],
            ["1.3. Прием граждан мэром", "Мэр", "ежемесячно", "Проведено 8 приемов"]]
    doc = parse(plan_docx(tmp_path / "plan.docx", ["Антикоррупционный план мэрии города Каракол"], KARAKOL_HEADER,
                          rows))
    assert doc.document.period is None
    years, stored = plan_measures(doc)
    assert years == [2024, 2025]
    assert [m.planned_years for m in stored] == [[2024], [2025], [2024, 2025]]


# --------------------------------------------------------------------------- 7. a cover letter

LETTER = [
    "МИНИСТЕРСТВО ФИНАНСОВ КЫРГЫЗСКОЙ РЕСПУБЛИКИ",
    "№ 07-1/154 от 10.01.2024",
    "Генеральному секретарю\nАнтикоррупционного делового совета\nпри Президенте Кыргызской Республики",
    "Министерство финансов Кыргызской Республики направляет План действий Министерства финансов Кыргызской "
    "Республики по противодействию коррупции на 2024–2026 годы, утвержденный приказом министерства от 29 декабря "
    "2023 года № 215-П, для сведения и включения в мониторинг Совета. Информация о ходе его исполнения будет "
    "направляться два раза в год, до 20 июля и до 20 января.",
    "Приложение: на 5 листах.",
    "Статс-секретарь К. Асанов",
    "УТВЕРЖДЕН\nприказом Министерства финансов\nКыргызской Республики\nот 29 декабря 2023 года № 215-П",
    MINFIN_TITLE,
]


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_cover_letter_whose_sender_sends_the_plan(tmp_path, fmt):
    if fmt == "docx":
        path = plan_docx(tmp_path / "plan.docx", LETTER, MINFIN_HEADER, MINFIN_ROWS[:1])
    else:
        path = plan_text(tmp_path / "plan.txt", LETTER, MINFIN_HEADER, MINFIN_ROWS[:1])
    d = parse(path).document
    assert d.kind == "action_plan"
    assert d.title == MINFIN_TITLE
    assert (d.approved.number, d.approved.date) == ("215-П", dt.date(2023, 12, 29))


def test_cover_letter_in_kyrgyz_whose_sender_sends_the_plan(tmp_path):
    letter = [
        "Кыргыз Республикасынын Президентине караштуу Антикоррупциялык ишкердик кеңешинин Башкы катчысына",
        "Кыргыз Республикасынын Министрлер Кабинетине караштуу Мамлекеттик салык кызматы 2024–2026-жылдарга "
        "коррупцияга каршы иш-аракеттер планын маалымат жана мониторингге киргизүү үчүн жиберет. Планды аткаруунун "
        "жүрүшү жөнүндө маалымат жылына эки жолу жиберилет.",
        "Тиркеме: 4 барак.",
        SALYK_TITLE,
    ]
    header = ["Стратегиялык максат", "Коррупцияга каршы чара", "Аткаруучу", "Аткаруу мөөнөтү", "Күтүлгөн натыйжа"]
    rows = [["1. Ачык-айкындуулук", "1.1. Кызматкерлерди окутуу", "Кадрлар бөлүмү", "Жыл сайын", "Семинарлар өткөрүлдү"]]
    d = parse(plan_text(tmp_path / "plan.txt", letter, header, rows)).document
    assert d.kind == "action_plan"
    assert d.title == SALYK_TITLE
