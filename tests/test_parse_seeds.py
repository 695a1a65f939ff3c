"""Acceptance of `shailoo parse` on the seed documents (text form; other formats in test_formats.py)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest

import shailoo
from conftest import FIXTURES


@lru_cache(maxsize=None)
def parsed(name: str):
    return shailoo.parse(FIXTURES / "text" / name)


def by_number(doc):
    return {a.path: a for a in doc.activities if a.path}


def test_001_activities_sections_and_header():
    doc = parsed("seed001.txt")
    info = doc.document
    assert info.kind == "calendar_plan" and info.language == "ru"
    assert info.approved.number == "72" and info.approved.date == dt.date(2022, 8, 10)
    assert info.election_day == dt.date(2022, 10, 9)
    assert len(doc.activities) == 77
    assert doc.activities[0].number is None and doc.activities[0].cells["term"] == "После назначения выборов"
    assert [a.path for a in doc.activities[1:]] == [str(i) for i in range(1, 77)]
    assert len(info.sections) == 13
    assert all(a.section and a.section[0] in info.sections for a in doc.activities[1:])
    assert by_number(doc)["9"].section == ["Работа со списками избирателей"]
    assert by_number(doc)["76"].section == ["Повторные выборы (в случае назначения)"]


@pytest.mark.parametrize("number,term,responsible", [
    ("5", "За 55 календарных дней до дня голосования (до 15 августа 2022 года)",
     "Соответствующие избирательные комиссии (ч.2-1 ст.22 Закона)"),
    ("10", "За 60 календарных дней до дня голосования (до 10 августа 2022 года)",
     "ЦИК (отдел программно-технического обеспечения и безопасности данных) (ч.2 ст.12 Закона)"),
    ("64", "Со дня формирования избирательного фонда",
     "Контрольно-ревизионная группа при ЦИК, территориальные избирательные комиссии (ч.1 ст.16 Закона)"),
    ("70", "При предоставлении некоммерческими организациями соответствующих документов для регистрации "
     "общественных наблюдателей", "ЦИК, соответствующие избирательные комиссии ст. 8-1 Закона"),
])
def test_001_rows_split_by_page_breaks_are_whole(number, term, responsible):
    a = by_number(parsed("seed001.txt"))[number]
    assert " ".join(a.cells["term"].split()) == term
    assert " ".join(a.cells["responsible"].split()) == responsible


def test_001_split_rows_keep_both_pieces_in_provenance():
    acts = by_number(parsed("seed001.txt"))
    for n in ("5", "10", "34", "54", "64", "70"):
        assert len(acts[n].provenance.quote.splitlines()) == 1
    assert acts["34"].cells["term"].endswith("(в 8.00 часов 8 октября) 2022 года)")
    assert acts["54"].text.endswith("составлением протоколов нижестоящих избирательных комиссий")


def test_000_two_level_sections_and_merged_continuations():
    doc = parsed("seed000.txt")
    info = doc.document
    assert info.kind == "event_schedule"
    assert info.election_day == dt.date(2021, 11, 28)
    assert len(doc.activities) == 50
    assert [a.path for a in doc.activities] == [str(i) for i in range(1, 51)]
    assert len(info.sections) == 12
    acts = by_number(doc)
    assert acts["1"].section == ["Объекты избирательного процесса", "Избирательные комиссии"]
    assert acts["11"].section == ["Субъекты избирательного процесса", "Политические партии"]
    assert acts["16"].section == ["Субъекты избирательного процесса", "Правоохранительные органы"]
    assert acts["50"].section == ["Субъекты избирательного процесса", "Мероприятия"]
    assert set(info.columns) >= {"number", "content", "participants", "term", "place", "responsible"}
    assert acts["13"].cells["term"].endswith("09 октября 11 октября")
    assert acts["13"].cells["place"].startswith("г.Бишкек г.Кант гг. Карабалта")
    assert acts["15"].cells["participants"].endswith("кандидаты в депутаты ЖК КР по одномандатным округам.")
    assert acts["19"].cells["term"] == "30 сентября 1 октября 2 октября 4 октября 5 октября 6 октября 8 октября 11 октября"
    assert acts["26"].text == "Семинар для «О ходе подготовки и проведения выборов депутатов парламента»"
    assert acts["34"].cells["place"].endswith("г.Талас г.Бишкек")
    assert acts["43"].text.endswith("депутатов Жогорку Кенеша КР 2021г.»")
    assert acts["13"].cells["responsible"] == "" and acts["44"].cells["responsible"] == ""
    assert "<i>" not in acts["11"].text


def test_every_record_has_provenance_with_a_span_into_the_text():
    doc = parsed("seed001.txt")
    for a in doc.activities:
        p = a.provenance
        assert p.table == 0 and p.row is not None and p.start is not None and p.end > p.start
        assert a.cells["term"].split()[0] in p.quote
