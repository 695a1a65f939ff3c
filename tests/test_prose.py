"""Tests of ``shailoo.parsers.interpret.prose``: flattened tables, count lists, numbered and bullet points, resolutions.

Fixtures: the seeds 002 and 004 in ``fixtures/text`` (copies of the shared seeds), the DOCX of seed 002
with a real table (``fixtures/build_002.py``), and two resolutions written for these tests
(``fixtures/text/resolution_ru.txt``, ``resolution_ky.txt``: synthetic, modelled on CEC resolution № 72
of 10 August 2022; names of persons are invented). The expected values were counted by hand from the
seed texts.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest

from conftest import FIXTURES
from shailoo.parsers.read import read
from shailoo.parsers.read.blocks import Paragraph, Table
from shailoo.parsers.extract.dates import parse_date
from shailoo.parsers.interpret.document import interpret
from shailoo.parsers.interpret.prose import _point_cells, _Unit, flattened_tables, lexicon, prose_data
from shailoo.parsers.read.text import parse_text
from shailoo.normalize import norm, norm_ws

NORTH = ["Талас", "Токмок", "Орловка", "Кемин", "Балыкчы", "Чолпон-Ата", "Каракол", "Нарын", "Шопоков",
         "Кайыңды", "Кант", "Бишкек"]
SOUTH = ["Сүлүктү", "Исфана", "Баткен", "Айдаркен", "Кадамжай", "Ош", "Кызыл-Кыя", "Ноокат", "Өзгөн",
         "Жалал-Абад", "Көк-Жаңгак", "Базар-Коргон", "Кочкор-Ата", "Майлуу-Суу", "Кербен", "Кара-Көл"]
OBLASTS = [("Бишкек", "234"), ("Нарын областы", "167"), ("Талас областы", "116"), ("Ысык-Көл областы", "238"),
           ("Баткен областы", "200"), ("Ош областы", "561"), ("Чүй областы", "396"),
           ("Жалал-Абад областы", "426"), ("ТИМ (Чет өлкөлөрдөгү шайлоо участоктору)", "37")]


@lru_cache(maxsize=None)
def parsed(path: str):
    return interpret(read(path))


def text_doc(name: str):
    return parsed(str(FIXTURES / "text" / name))


def doc_of(text: str, name: str = "inline.txt"):
    return interpret(parse_text(text, path=name).finalize())


def council_rows(doc):
    return [a for a in doc.activities if "place" in a.cells]


def by_council(doc):
    return {norm(a.cells["name"].split()[0]): a for a in council_rows(doc)}


def points(doc):
    return [a for a in doc.activities if a.kind == "point"]


def assert_no_text_lost(doc, raw_path: str):
    """Every paragraph left out of ``doc.paragraphs`` is inside an activity's span, or is a heading or a
    column header of a flattened table (kept in ``document.sections`` / ``document.columns``)."""
    raw = read(raw_path)
    kept = {p.provenance.start for p in doc.paragraphs}
    spans = [(a.provenance.start, a.provenance.end) for a in doc.activities if a.provenance.start is not None]
    known = {norm_ws(s) for s in doc.document.sections} | {norm_ws(h) for h in doc.document.columns.values()}
    for p in raw.paragraphs():
        if p.start in kept:
            continue
        for line_start, line in _lines(p):
            inside = any(s <= line_start and line_start + len(line) <= e for s, e in spans)
            assert inside or norm_ws(line) in known, f"lost: {line!r}"


def _lines(p: Paragraph):
    offset = 0
    for line in p.text.split("\n"):
        stripped = line.strip()
        if stripped:
            yield p.start + offset + line.index(stripped[0]), stripped
        offset += len(line) + 1


# ------------------------------------------------------------------------------------------ word list


def test_word_list_examples_match():
    data = prose_data()
    lex = lexicon()
    for lang in data.languages():
        for spec in lang.deadline:
            for ex in spec.examples:
                u = _Unit(None, ex.text, 0, len(ex.text), body=ex.text)
                assert _point_cells(u, lex).get("term") == ex.match, ex.text
        for spec in lang.responsible:
            for ex in spec.examples:
                u = _Unit(None, ex.text, 0, len(ex.text), body=ex.text)
                assert _point_cells(u, lex).get("responsible") == ex.who, ex.text


# ------------------------------------------------------------------------------------- seed 002 (text)


def test_002_council_rows_sections_and_order():
    doc = text_doc("seed002.txt")
    rows = council_rows(doc)
    assert len(rows) == 28
    assert [norm(a.cells["name"].split()[0]) for a in rows] == [norm(n) for n in NORTH + SOUTH]
    assert all(a.section == ["Түндүк аймактары"] for a in rows[:12])
    assert all(a.section == ["Түштүк аймактары"] for a in rows[12:])
    # The same kind as the table interpreter gives rows of a real table of an event schedule.
    assert doc.document.kind == "event_schedule" and {a.kind for a in rows} == {"activity"}
    assert all(set(a.cells) == {"name", "place", "term"} and a.text == a.cells["name"] for a in rows)
    assert doc.document.sections == ["Түндүк аймактары", "Түштүк аймактары"]
    assert doc.document.columns == {"name": "Ш.к. аталышы", "place": "Өткѳрүлѳ турган жери", "term": "Өткѳрүү датасы"}


def test_002_vertically_merged_councils_share_place_and_date():
    c = by_council(text_doc("seed002.txt"))
    for name in ("орловка", "кемин"):
        assert c[name].cells["place"] == "г. Кемин"
        assert c[name].cells["term"] == "2021-ж. 25-февралы"
        assert parse_date(c[name].cells["term"]).to_date() == dt.date(2021, 2, 25)
    for name in ("жалал-абад", "көк-жаңгак", "базар-коргон"):
        assert (c[name].cells["place"], c[name].cells["term"]) == ("Жалал-Абад ш.", "2021-ж. 2-март")
    for name in ("кочкор-ата", "майлуу-суу"):
        assert (c[name].cells["place"], c[name].cells["term"]) == ("Майлу-Суу ш.", "2021-ж. 3-март")
    assert c["балыкчы"].cells["place"] == c["чолпон-ата"].cells["place"] == "Чолпон-Ата ш."
    assert c["сүлүктү"].cells["place"] == c["исфана"].cells["place"] == "Исфана ш."
    assert c["кербен"].cells["place"] == "Кербен ш." and c["кербен"].cells["term"] == "2021-ж. 5-март"


def test_002_provenance_spans_the_cells():
    doc = text_doc("seed002.txt")
    raw = read(str(FIXTURES / "text" / "seed002.txt"))
    c = by_council(doc)
    for a in council_rows(doc):
        p = a.provenance
        assert raw.text[p.start:p.end] == p.quote
        assert a.cells["name"] in p.quote and a.cells["place"] in p.quote and a.cells["term"] in p.quote
    # A merged member's span runs from the shared cells to its own name.
    assert c["кемин"].provenance.quote == "г. Кемин\n2021-ж. 25-февралы\nКемин шаардык кенеши"
    assert c["талас"].provenance.quote == "Талас шаардык кенеши\nТалас ш.\n2021-ж. 22-февралы"


def test_002_bullets_are_points_and_table_cells_leave_the_paragraphs():
    doc = text_doc("seed002.txt")
    pts = points(doc)
    assert len(pts) == 11 and len(doc.activities) == 39
    assert all(a.number is None and a.section == [] for a in pts)
    assert pts[0].text == "жергиликтүү кеңештердин депутаттарын шайлоого катышууда мыйзамдык негиздерге,"
    assert pts[10].text.startswith("Нуржан Мамыралиева")
    texts = [p.text for p in doc.paragraphs]
    assert len(texts) == 7
    assert not any("•" in t or t in ("Талас ш.", "Түндүк аймактары", "Ш.к. аталышы") for t in texts)
    assert any(t.startswith("Шайлоо ѳнѳктүгүнѳ катышуу") for t in texts)  # the table's title stays
    assert_no_text_lost(doc, str(FIXTURES / "text" / "seed002.txt"))


def test_002_flattened_table_rebuilt_with_merges():
    raw = read(str(FIXTURES / "text" / "seed002.txt"))
    (table,) = flattened_tables(raw)
    assert len(table.rows) == 1 + 2 + 28 and table.rows[0].header
    assert [c.text for c in table.rows[0].cells] == ["Ш.к. аталышы", "Өткѳрүлѳ турган жери", "Өткѳрүү датасы"]
    heading = table.rows[1]
    assert heading.cells[0].text == "Түндүк аймактары" and heading.cells[0].colspan == 3
    assert [c.merged for c in heading.cells] == [False, True, True]
    orlovka, kemin = table.rows[4], table.rows[5]
    assert orlovka.cells[1].text == "г. Кемин" and orlovka.cells[1].rowspan == 2
    assert [c.merged for c in kemin.cells] == [False, True, True]
    spans = sorted(c.rowspan for r in table.rows for c in r.cells if c.rowspan > 1)
    # Place and date of six groups of two councils and one group of three (Жалал-Абад).
    assert spans == [2] * 12 + [3] * 2


# --------------------------------------------------------------------------------- seed 002 (DOCX)

DOCX_002 = FIXTURES / "docx" / "seed002.docx"


def _council_tuples(doc):
    return [(tuple(a.section), norm_ws(a.cells["name"]), a.cells["place"], a.cells["term"]) for a in council_rows(doc)]


@pytest.mark.skipif(not DOCX_002.exists(), reason="run fixtures/build_002.py")
def test_002_docx_has_a_real_table_with_vertical_merges():
    raw = read(str(DOCX_002))
    (table,) = [b for b in raw.blocks if isinstance(b, Table)]
    assert len(table.rows) == 31 and table.rows[0].header
    assert table.rows[4].cells[1].text == "г. Кемин" and table.rows[4].cells[1].rowspan == 2
    assert [c.merged for c in table.rows[5].cells] == [False, True, True]


@pytest.mark.skipif(not DOCX_002.exists(), reason="run fixtures/build_002.py")
def test_002_docx_gives_the_same_rows_as_the_text():
    docx_doc, text = parsed(str(DOCX_002)), text_doc("seed002.txt")
    assert _council_tuples(docx_doc) == _council_tuples(text)
    assert len(_council_tuples(docx_doc)) == 28
    assert {a.kind for a in council_rows(docx_doc)} == {a.kind for a in council_rows(text)} == {"activity"}
    assert docx_doc.document.sections == text.document.sections == ["Түндүк аймактары", "Түштүк аймактары"]
    assert [a.text for a in points(docx_doc)] == [a.text for a in points(text)]


# ------------------------------------------------------------------------------------------- seed 004


def test_004_polling_stations_come_from_the_table_once():
    doc = text_doc("seed004.txt")
    stations = [a for a in doc.activities if a.cells.get("code", "").startswith("90")]
    assert len(stations) == 37
    assert [a.cells["code"] for a in stations].count("9001") == 1
    assert stations[0].cells["name"] == "Москва ш." and stations[0].cells["count"] == "6707"
    assert stations[-1].cells["name"] == "БАЭ Абу Даби" and stations[-1].cells["count"] == "63"
    assert len(doc.activities) == 38 + 10 + 22


def test_004_oblast_counts_and_total():
    doc = text_doc("seed004.txt")
    rows = [a for a in doc.activities if a.kind == "row" and "note" in a.cells]
    assert [(a.cells["name"], a.cells["count"]) for a in rows[:-1]] == OBLASTS
    assert rows[0].cells["note"] == "анын ичинен кошумча участоктор -33"
    assert all(a.cells["note"] == "" and "total" not in a.cells for a in rows[1:-1])
    total = rows[-1]
    assert total.cells == {"name": "Бардыгы", "count": "2375", "note": "УШК", "total": "2375"}
    assert sum(int(c) for _, c in OBLASTS) == 2375 and doc.warnings == []
    assert all(a.section == ["Шайлоо участокторунун схемалары жана чек арлары"] for a in rows)
    assert total.provenance.quote == "Бардыгы: 2375 УШК"
    assert rows[5].provenance.quote == "· Ош областы – 561;"


def test_004_numbered_and_bullet_points():
    doc = text_doc("seed004.txt")
    pts = points(doc)
    assert len(pts) == 22
    numbered = [a for a in pts if a.number]
    assert [(a.number, a.path) for a in numbered] == [("1.", "1"), ("2.", "2")]
    assert all(a.section == ["ЖМК менен иштөө (Туруктуу)"] for a in numbered)
    assert numbered[0].text.startswith("Маектердин сериясы")
    assert len(numbered[0].items) == 3 and len(numbered[1].items) == 5
    assert numbered[1].items[0] == "президенттик шайлоонун датасы жөнүндө;"
    assert numbered[0].provenance.quote.startswith("1. Маектердин сериясы")
    assert numbered[0].provenance.quote.endswith("мөөнөттөрүнүн өзгөчөлүгү жөнүндө;")
    group = [a for a in pts if a.section == ["Жумушчу тобу (Буйрук)"]]
    assert len(group) == 7 and group[4].text == "КРӨ МККнын өкүлү;"
    materials = [a.text for a in pts if a.section == ["Таратылуучу материалдарды иштеп чыгуу жана бекитүү"]]
    assert materials[-1] == "Добуш берүүнүн жол-жобосу жөнүндө."
    # Bullet headings give sections and stay paragraphs.
    assert {"Жумушчу план", "Жобо", "ЖМК менен иштөө (Туруктуу)"} <= set(doc.document.sections)
    assert "· Жумушчу план" in [p.text for p in doc.paragraphs]
    assert_no_text_lost(doc, str(FIXTURES / "text" / "seed004.txt"))


def test_total_that_differs_from_the_sum_is_warned():
    doc = doc_of("Участки:\n· Ош – 10;\n· Нарын – 20;\n· Талас – 30;\nБардыгы: 70 УШК\n")
    rows = [a for a in doc.activities if a.kind == "row"]
    assert [a.cells["count"] for a in rows] == ["10", "20", "30", "70"] and rows[-1].cells["total"] == "70"
    assert len(doc.warnings) == 1 and "(60)" in doc.warnings[0]


def test_two_count_lines_are_not_a_list():
    doc = doc_of("Итоги:\n\n· Ош – 10;\n\n· Нарын – 20;\n\nИтого: 30\n")
    assert not [a for a in doc.activities if a.kind == "row"]


# ---------------------------------------------------------------------------------------- resolutions


def test_resolution_ru_points():
    doc = text_doc("resolution_ru.txt")
    assert doc.document.kind == "resolution" and doc.document.language == "ru"
    pts = points(doc)
    assert [(a.number, a.path) for a in pts] == [
        ("1.", "1"), ("2.", "2"), ("2.1.", "2.1"), ("2.2.", "2.2"), ("2.3.", "2.3"), ("3.", "3"), ("4.", "4"),
        ("5.", "5")]
    p = {a.path: a for a in pts}
    # The executor of «2. Территориальной избирательной комиссии …:» goes to its sub-points
    # (shailoo.parsers.interpret.resolution).
    assert p["2.1"].cells == {"term": "в срок до 20 августа 2022 года",
                              "executor": "Территориальной избирательной комиссии Кадамжайского района"}
    assert p["2.1"].text == "в срок до 20 августа 2022 года образовать участковые избирательные комиссии;"
    assert p["2.2"].cells["term"] == "не позднее 29 августа 2022 года"
    assert p["3"].cells["term"] == "в срок до 15 августа 2022 года"
    assert p["2.3"].items == ["о порядке голосования;", "о порядке подачи обращений."]
    assert p["5"].cells == {"responsible": "секретаря Центральной комиссии Асанову А.А."}
    assert p["1"].section == [] and p["1"].provenance.quote.startswith("1. Утвердить календарный план")
    texts = [t.text for t in doc.paragraphs]
    assert "от 10 августа 2022 года № 72" in texts and texts[-2].startswith("Председатель")
    assert not any(t.startswith(("1.", "2.", "5.")) for t in texts)
    assert_no_text_lost(doc, str(FIXTURES / "text" / "resolution_ru.txt"))


def test_resolution_ky_points():
    doc = text_doc("resolution_ky.txt")
    assert doc.document.kind == "resolution" and doc.document.language == "ky"
    pts = points(doc)
    assert [(a.number, a.path) for a in pts] == [
        ("1.", "1"), ("2.", "2"), ("1)", "2.1"), ("2)", "2.2"), ("3.", "3"), ("4.", "4"), ("5.", "5")]
    p = {a.path: a for a in pts}
    assert p["2.1"].cells["term"] == "2022-жылдын 20-августуна чейин"
    assert p["3"].cells["term"] == "2022-жылдын 15-августуна чейин"
    assert p["5"].cells["responsible"] == "Борбордук комиссиянын катчысы А.А. Асановага"
    assert len(doc.paragraphs) == 8
    assert_no_text_lost(doc, str(FIXTURES / "text" / "resolution_ky.txt"))


def test_resolution_points_start_after_the_operative_formula():
    doc = doc_of("ПОСТАНОВЛЕНИЕ\n\nот 1 марта 2022 года № 5\n\n"
                 "1. Заслушав информацию секретаря, отмечено следующее.\n\n"
                 "Центральная комиссия постановляет:\n\n1. Принять к сведению.\n\n2. Опубликовать.\n")
    assert doc.document.kind == "resolution"
    assert [(a.number, a.text) for a in points(doc)] == [("1.", "Принять к сведению."), ("2.", "Опубликовать.")]
    assert "1. Заслушав информацию секретаря, отмечено следующее." in [p.text for p in doc.paragraphs]


# ------------------------------------------------------------------------- generic flattened tables

FLAT_RU = """График семинаров для территориальных избирательных комиссий

Наименование

Место проведения

Дата проведения

Северные регионы

Семинар для ТИК Чуйской области

г. Бишкек

22 февраля 2021 года

Семинар для ТИК Таласской области

Семинар для ТИК Нарынской области

г. Нарын

24 февраля 2021 года

Южные регионы

Семинар для ТИК Ошской области

г.Ош

1 марта 2021 года

Справки по телефону 0312 000000.
"""


def test_flattened_table_in_russian_with_other_headers():
    doc = doc_of(FLAT_RU)
    rows = council_rows(doc)
    assert [(a.section, a.cells["content"], a.cells["place"], a.cells["term"]) for a in rows] == [
        (["Северные регионы"], "Семинар для ТИК Чуйской области", "г. Бишкек", "22 февраля 2021 года"),
        (["Северные регионы"], "Семинар для ТИК Таласской области", "г. Бишкек", "22 февраля 2021 года"),
        (["Северные регионы"], "Семинар для ТИК Нарынской области", "г. Нарын", "24 февраля 2021 года"),
        (["Южные регионы"], "Семинар для ТИК Ошской области", "г.Ош", "1 марта 2021 года"),
    ]
    # The short line after the table is text, not a heading of the table.
    assert [p.text for p in doc.paragraphs] == ["График семинаров для территориальных избирательных комиссий",
                                                "Справки по телефону 0312 000000."]


def test_short_lines_without_a_header_are_not_a_table():
    doc = doc_of("Отчет о работе\n\nТалас шаардык кенеши\n\nТалас ш.\n\n2021-ж. 22-февралы\n\n"
                 "Токмок шаардык кеңеши\n\nТокмок ш.\n\n2021-ж. 24-февралы\n")
    assert doc.activities == [] and len(doc.paragraphs) == 7


def test_markdown_leftover_star_is_not_a_bullet():
    doc = text_doc("seed000.txt")
    assert points(doc) == []
