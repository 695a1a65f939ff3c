"""Tests of the citation grammar (parsers/citations.py), its data (corpus/citations.yaml) and the
registry of acts (corpus/acts.yaml).

Table-driven: every row is a citation string with the (act, article, part, point, paragraph) tuples
it must give. Real strings come from seed 001's responsible cells (all of them), the resolutions, the
seed 003 action plan, the statute texts and deadlines-gathered.csv in /work/shared/statutes; strings
marked ``invented`` are written to the statute's or the CEC's usage for forms the fixtures lack.
"""

from __future__ import annotations

import time

import pytest
import regex

from shailoo.parsers.extract.citations import (
    acts,
    act_by_title,
    citation_data,
    document_act_definitions,
    election_kind_of,
    find_citations,
    strip_citations,
)
from shailoo.normalize import norm
from tests.conftest import FIXTURES

LK, PJ, COM, CEC, CONST = "local_kenesh_law", "pres_jk_law", "commissions_law", "cec_law", "constitution"
FUNDS = "cec_regulation_election_funds"
SEED001_DEFS = {"закон": LK}


def tuples(cites):
    return [(c.act, c.article, c.part, c.point, c.paragraph) for c in cites]


# --------------------------------------------------------------------------- seed 001, every responsible cell

SEED001 = [
    # (row, responsible cell as printed, expected (act, article, part, point, paragraph), owner text left)
    (None, 'Центральная комиссия по выборам и проведению референдумов Кыргызской Республики (далее – ЦИК) Информационный отдел',
     [],
     'Центральная комиссия по выборам и проведению референдумов Кыргызской Республики (далее – ЦИК) Информационный отдел'),
    ('1', 'ЦИК (информационный отдел)',
     [],
     'ЦИК (информационный отдел)'),
    ('2', 'Рабочая группа ЦИК, информационный отдел, СМИ, интернет-издания (ч. 20 ст. 22 Закона)',
     [(LK, '22', '20', None, None)],
     'Рабочая группа ЦИК, информационный отдел, СМИ, интернет-издания'),
    ('3', 'СМИ, интернет-издания (ч.20 ст.22 Закона)',
     [(LK, '22', '20', None, None)],
     'СМИ, интернет-издания'),
    ('4', 'Органы государственной власти, органы местного самоуправления, избирательные комиссии, СМИ, юридические и физические лица (ЦИК) (ч.2 ст.22 Закона)',
     [(LK, '22', '2', None, None)],
     'Органы государственной власти, органы местного самоуправления, избирательные комиссии, СМИ, юридические и физические лица (ЦИК)'),
    ('5', 'Соответствующие избирательные комиссии (ч.2-1 ст.22 Закона)',
     [(LK, '22', '2-1', None, None)],
     'Соответствующие избирательные комиссии'),
    ('6', 'Соответствующие избирательные комиссии (ч.2-2 ст.22 Закона)',
     [(LK, '22', '2-2', None, None)],
     'Соответствующие избирательные комиссии'),
    ('7', 'Соответствующие избирательные комиссии (ч.2-1 ст.22 Закона)',
     [(LK, '22', '2-1', None, None)],
     'Соответствующие избирательные комиссии'),
    ('8', 'Соответствующие избирательные комиссии (ч.2-2 ст.22 Закона)',
     [(LK, '22', '2-2', None, None)],
     'Соответствующие избирательные комиссии'),
    ('9', 'Министерство цифрового развития КР (далее-МЦР) (ч.1,2 ст.12 Закона)',
     [(LK, '12', '1', None, None), (LK, '12', '2', None, None)],
     'Министерство цифрового развития КР (далее-МЦР)'),
    ('10', 'ЦИК (отдел программно-технического обеспечения и безопасности данных) (ч.2 ст.12 Закона)',
     [(LK, '12', '2', None, None)],
     'ЦИК (отдел программно-технического обеспечения и безопасности данных)'),
    ('11', 'ЦИК (отдел по управлению информационной избирательной системой и работе по списками избирателей (далее - отдел по управлению ИИС и РСИ), системные администраторы ТИК) (ч.4 ст.12 Закона)',
     [(LK, '12', '4', None, None)],
     'ЦИК (отдел по управлению информационной избирательной системой и работе по списками избирателей (далее - отдел по управлению ИИС и РСИ), системные администраторы ТИК)'),
    ('12', 'Участковые избирательные комиссии (ч.1 ст.13 Закона)',
     [(LK, '13', '1', None, None)],
     'Участковые избирательные комиссии'),
    ('13', 'ЦИК (отдел по управлению ИИС и РСИ, системные администраторы, территориальные избирательные комиссии, участковые избирательные комиссии) (ч.2 ст.13 Закона)',
     [(LK, '13', '2', None, None)],
     'ЦИК (отдел по управлению ИИС и РСИ, системные администраторы, территориальные избирательные комиссии, участковые избирательные комиссии)'),
    ('14', 'ЦИК (отдел по управлению ИИС и РСИ, системные администраторы ТИК) (ч.3 ст.13 Закона)',
     [(LK, '13', '3', None, None)],
     'ЦИК (отдел по управлению ИИС и РСИ, системные администраторы ТИК)'),
    ('15', 'Участковые избирательные комиссии (ч.3 ст.13 Закона)',
     [(LK, '13', '3', None, None)],
     'Участковые избирательные комиссии'),
    ('16', 'ЦИК (отдел по управлению ИИС и РСИ, системные администраторы ТИК) (ч.4 ст.13 Закона)',
     [(LK, '13', '4', None, None)],
     'ЦИК (отдел по управлению ИИС и РСИ, системные администраторы ТИК)'),
    ('17', 'ЦИК (Управление Информационно-коммуникационных технологий) (ч.4 ст.13 Закона)',
     [(LK, '13', '4', None, None)],
     'ЦИК (Управление Информационно-коммуникационных технологий)'),
    ('18', 'ЦИК (отдел по управлению ИИС и РСИ, территориальные избирательные комиссии) (ч.4 ст.13 Закона)',
     [(LK, '13', '4', None, None)],
     'ЦИК (отдел по управлению ИИС и РСИ, территориальные избирательные комиссии)'),
    ('19', 'Участковые избирательные комиссии (ч.4 ст.13 Закона)',
     [(LK, '13', '4', None, None)],
     'Участковые избирательные комиссии'),
    ('20', 'Уполномоченный государственный орган (МЦР) (ч.4 ст.13 Закона)',
     [(LK, '13', '4', None, None)],
     'Уполномоченный государственный орган (МЦР)'),
    ('21', 'ЦИК (ч.4 ст. 13 Закона)',
     [(LK, '13', '4', None, None)],
     'ЦИК'),
    ('22', 'Территориальные избирательные комиссии с участием представителей органов местного самоуправления (Закон КР «О выборах депутатов местных кенешей» (далее-Закон) (ч.4 ст.10)',
     [(LK, '10', '4', None, None)],
     'Территориальные избирательные комиссии с участием представителей органов местного самоуправления'),
    ('23', 'ЦИК по предложению территориальных избирательных комиссий (отдел по организации выборов) (ч.5 ст.10 Закона)',
     [(LK, '10', '5', None, None)],
     'ЦИК по предложению территориальных избирательных комиссий (отдел по организации выборов)'),
    ('24', 'ЦИК (информационный отдел) (ч.6 ст.10 Закона)',
     [(LK, '10', '6', None, None)],
     'ЦИК (информационный отдел)'),
    ('25', 'Политические партии, граждане путем самовыдвижения (абзац второй ч.1, п.2 ч.2, ч.8,9,10 ст.49 Закона)',
     [(LK, '49', '1', None, '2'), (LK, '49', '2', '2', None), (LK, '49', '8', None, None), (LK, '49', '9', None, None), (LK, '49', '10', None, None)],
     'Политические партии, граждане путем самовыдвижения'),
    ('26', 'Кандидат, уполномоченные представители кандидатов (ч.1, ч.3 ст.60 Закона)',
     [(LK, '60', '1', None, None), (LK, '60', '3', None, None)],
     'Кандидат, уполномоченные представители кандидатов'),
    ('27', 'Соответствующие рабочие группы в территориальных избирательных комиссиях (ч.3 ст.60 Закона)',
     [(LK, '60', '3', None, None)],
     'Соответствующие рабочие группы в территориальных избирательных комиссиях'),
    ('28', 'Соответствующие территориальные избирательные комиссии (ч.7 ст.60 Закона)',
     [(LK, '60', '7', None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('29', 'Соответствующие территориальные избирательные комиссии (ч.9 ст.60 Закона)',
     [(LK, '60', '9', None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('30', 'Соответствующие территориальные избирательные комиссии (ч.8, ст.60 Закона)',
     [(LK, '60', '8', None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('31', 'Соответствующие территориальные избирательные комиссии (ч.1 ст.54 Закона)',
     [(LK, '54', '1', None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('32', 'Соответствующие территориальные избирательные комиссии (ч.2 ст.18, ст.19 Закона)',
     [(LK, '18', '2', None, None), (LK, '19', None, None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('33', 'Органы местного самоуправления (ч.3 ст.27 Закона)',
     [(LK, '27', '3', None, None)],
     'Органы местного самоуправления'),
    ('34', 'Граждане Кыргызской Республики, кандидаты, политические партии, СМИ (ч.1 ст.23 Закона)',
     [(LK, '23', '1', None, None)],
     'Граждане Кыргызской Республики, кандидаты, политические партии, СМИ'),
    ('35', 'Соответствующие территориальные избирательные комиссии (ч.3 ст.30 Закона)',
     [(LK, '30', '3', None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('36', 'ЦИК (соответствующие отделы аппарата ЦИК) (ч.8 ст.30 Закона)',
     [(LK, '30', '8', None, None)],
     'ЦИК (соответствующие отделы аппарата ЦИК)'),
    ('37', 'ЦИК (соответствующие отделы аппарата ЦИК) (ч.13 ст.30 Закона)',
     [(LK, '30', '13', None, None)],
     'ЦИК (соответствующие отделы аппарата ЦИК)'),
    ('38', 'Соответствующие территориальные избирательные комиссии (ч.13 ст.30 Закона)',
     [(LK, '30', '13', None, None)],
     'Соответствующие территориальные избирательные комиссии'),
    ('39', 'Участковые избирательные комиссии (ч.1 ст.31 Закона)',
     [(LK, '31', '1', None, None)],
     'Участковые избирательные комиссии'),
    ('40', 'Участковые избирательные комиссии (ч.2 ст.33 Закона)',
     [(LK, '33', '2', None, None)],
     'Участковые избирательные комиссии'),
    ('41', 'Участковые избирательные комиссии (ч.4 ст.33 Закона)',
     [(LK, '33', '4', None, None)],
     'Участковые избирательные комиссии'),
    ('42', 'Участковые избирательные комиссии (ч.4 ст.33 Закона)',
     [(LK, '33', '4', None, None)],
     'Участковые избирательные комиссии'),
    ('43', 'Участковые избирательные комиссии (ч.5,6,7,8,9 ст.33 Закона)',
     [(LK, '33', '5', None, None), (LK, '33', '6', None, None), (LK, '33', '7', None, None), (LK, '33', '8', None, None), (LK, '33', '9', None, None)],
     'Участковые избирательные комиссии'),
    ('44', 'Участковые избирательные комиссии (ст.31 Закона)',
     [(LK, '31', None, None, None)],
     'Участковые избирательные комиссии'),
    ('45', 'Участковые избирательные комиссии в присутствии наблюдателей (ч.6 ст.36 Закона)',
     [(LK, '36', '6', None, None)],
     'Участковые избирательные комиссии в присутствии наблюдателей'),
    ('46', 'Участковые избирательные комиссии в присутствии наблюдателей (ч.7 ст.36 Закона)',
     [(LK, '36', '7', None, None)],
     'Участковые избирательные комиссии в присутствии наблюдателей'),
    ('47', 'ЦИК (ч.2 ст.40 Закона)',
     [(LK, '40', '2', None, None)],
     'ЦИК'),
    ('48', 'Участковые избирательные комиссии в присутствии наблюдателей (ч.12, 13 ст.36 Закона)',
     [(LK, '36', '12', None, None), (LK, '36', '13', None, None)],
     'Участковые избирательные комиссии в присутствии наблюдателей'),
    ('49', 'Участковые избирательные комиссии в присутствии наблюдателей, представителей кандидатов, СМИ (ч.14 ст.36 Закона)',
     [(LK, '36', '14', None, None)],
     'Участковые избирательные комиссии в присутствии наблюдателей, представителей кандидатов, СМИ'),
    ('50', 'Участковые избирательные комиссии (ч.15,16 ст.36 Закона)',
     [(LK, '36', '15', None, None), (LK, '36', '16', None, None)],
     'Участковые избирательные комиссии'),
    ('51', 'Участковая избирательная комиссия (ч.19 ст.36 Закона)',
     [(LK, '36', '19', None, None)],
     'Участковая избирательная комиссия'),
    ('52', 'Участковые избирательные комиссии Территориальные избирательные комиссии МВД (ч.17 ст.36 Закона)',
     [(LK, '36', '17', None, None)],
     'Участковые избирательные комиссии Территориальные избирательные комиссии МВД'),
    ('53', 'Участковые избирательные комиссии (ч.20 ст.36 Закона)',
     [(LK, '36', '20', None, None)],
     'Участковые избирательные комиссии'),
    ('54', 'Территориальные избирательные комиссии (ч.2 ст.37 Закона)',
     [(LK, '37', '2', None, None)],
     'Территориальные избирательные комиссии'),
    ('55', 'Территориальные избирательные комиссии (ч.3 ст.37 Закона)',
     [(LK, '37', '3', None, None)],
     'Территориальные избирательные комиссии'),
    ('56', 'Территориальные избирательные комиссии (ч.1 ст.38 Закона)',
     [(LK, '38', '1', None, None)],
     'Территориальные избирательные комиссии'),
    ('57', 'Территориальные избирательные комиссии (ч.3 ст.40 Закона)',
     [(LK, '40', '3', None, None)],
     'Территориальные избирательные комиссии'),
    ('58', 'Территориальные избирательные комиссии (ч.4 ст.37 Закона)',
     [(LK, '37', '4', None, None)],
     'Территориальные избирательные комиссии'),
    ('59', 'ЦИК (конституционный Закон Кыргызской Республики «О ЦИК КР» ст.4)',
     [(CEC, '4', None, None, None)],
     'ЦИК'),
    ('60', 'ЦИК (ч.4 ст.40 Закона)',
     [(LK, '40', '4', None, None)],
     'ЦИК'),
    ('61', 'ЦИК (отдел планирования, учета и отчетности)',
     [],
     'ЦИК (отдел планирования, учета и отчетности)'),
    ('62', 'Кандидат, уполномоченный представитель (ч.1 ст.15 Закона)',
     [(LK, '15', '1', None, None)],
     'Кандидат, уполномоченный представитель'),
    ('63', 'Кандидаты, политические партии, территориальные избирательные комиссии (ч. 1 ст. 50, ч.1 ст. 60 Закона)',
     [(LK, '50', '1', None, None), (LK, '60', '1', None, None)],
     'Кандидаты, политические партии, территориальные избирательные комиссии'),
    ('64', 'Контрольно-ревизионная группа при ЦИК, территориальные избирательные комиссии (ч.1 ст.16 Закона)',
     [(LK, '16', '1', None, None)],
     'Контрольно-ревизионная группа при ЦИК, территориальные избирательные комиссии'),
    ('65', 'Контрольно-ревизионная группа при ЦИК, ЦИК (отдел планирования, учета и отчетности и закупок) (ч.2 ст.16 Закона)',
     [(LK, '16', '2', None, None)],
     'Контрольно-ревизионная группа при ЦИК, ЦИК (отдел планирования, учета и отчетности и закупок)'),
    ('66', 'Кандидаты, политические партии (Закон ч.19 ст.15) Контрольно-ревизионная группа при ЦИК, территориальные избирательные комиссии (ч. 2 ст.16 Закона), п.9.1 Положения ЦИК «О порядке формирования, учета поступления и расходования денежных средств избирательного фонда кандидата, политической партии при проведении выборов депутатов местных кенешей КР»',
     [(LK, '15', '19', None, None), (LK, '16', '2', None, None), (FUNDS, None, None, '9.1', None)],
     'Кандидаты, политические партии Контрольно-ревизионная группа при ЦИК, территориальные избирательные комиссии'),
    ('67', 'Контрольно-ревизионная группа при ЦИК, ЦИК (ч.1 ст.16 Закона)',
     [(LK, '16', '1', None, None)],
     'Контрольно-ревизионная группа при ЦИК, ЦИК'),
    ('68', 'Администрация Президента, Жогорку Кенеш, Кабинет Министров, ЦИК ч. 1 ст. 8 Закона',
     [(LK, '8', '1', None, None)],
     'Администрация Президента, Жогорку Кенеш, Кабинет Министров, ЦИК'),
    ('69', 'ЦИК ч. 1 ст. 8 Закона',
     [(LK, '8', '1', None, None)],
     'ЦИК'),
    ('70', 'ЦИК, соответствующие избирательные комиссии ст. 8-1 Закона',
     [(LK, '8-1', None, None, None)],
     'ЦИК, соответствующие избирательные комиссии'),
    ('71', 'ЦИК (Центр гражданского образования и избирательных технологий, Управление организации избирательного процесса)',
     [],
     'ЦИК (Центр гражданского образования и избирательных технологий, Управление организации избирательного процесса)'),
    ('72', 'Территориальные избирательные комиссии ч.5 ст. 38 Закона',
     [(LK, '38', '5', None, None)],
     'Территориальные избирательные комиссии'),
    ('73', 'ЦИК, Территориальные избирательные комиссии',
     [],
     'ЦИК, Территориальные избирательные комиссии'),
    ('74', 'Президент КР ст. 39 Закона',
     [(LK, '39', None, None, None)],
     'Президент КР'),
    ('75', 'ЦИК ст. 39 Закона',
     [(LK, '39', None, None, None)],
     'ЦИК'),
    ('76', 'ЦИК, соответствующие территориальные, участковые избирательные комиссии ст. 39 Закона',
     [(LK, '39', None, None, None)],
     'ЦИК, соответствующие территориальные, участковые избирательные комиссии'),
]


@pytest.mark.parametrize("row,cell,expected,owner", SEED001, ids=[str(r[0]) for r in SEED001])
def test_seed001_responsible_cells(row, cell, expected, owner):
    cites = find_citations(cell, SEED001_DEFS, "local")
    assert tuples(cites) == expected
    for c in cites:
        assert c.reason is None
        assert cell[c.start:c.end] == c.raw
        # row 22 names the act itself; every bare «Закона» resolves by the document's definition
        assert c.act_resolved_by == ("explicit" if row in ("22", "59") or c.act == FUNDS else "document_definition")
    assert strip_citations(cell, cites) == owner


def test_seed001_definition_comes_from_row_22():
    text = (FIXTURES / "text" / "seed001.txt").read_text(encoding="utf-8")
    assert document_act_definitions(text) == {"закон": LK}


def test_seed001_cells_are_the_parsed_cells():
    """The table above is the real seed: its cells are those the parser gives (once bodies exist)."""
    pytest.importorskip("shailoo.parsers.extract.bodies")
    import shailoo

    doc = shailoo.parse(FIXTURES / "text" / "seed001.txt")
    cells = [(a.path, a.cells["responsible"]) for a in doc.activities if a.cells.get("responsible")]
    assert cells == [(r, c) for r, c, _, _ in SEED001]


def test_seed001_acceptance_rows():
    by_row = {r: (c, e, o) for r, c, e, o in SEED001}
    assert len(by_row["25"][1]) == 5
    assert len(by_row["43"][1]) == 5
    assert [t[0] for t in by_row["66"][1]] == [LK, LK, FUNDS]
    assert by_row["68"][2] == "Администрация Президента, Жогорку Кенеш, Кабинет Министров, ЦИК"
    assert by_row["70"][1] == [(LK, "8-1", None, None, None)]


def test_seed001_without_definition_resolves_by_election_kind():
    cites = find_citations("ЦИК ч. 1 ст. 8 Закона", {}, "local")
    assert tuples(cites) == [(LK, "8", "1", None, None)]
    assert cites[0].act_resolved_by == "election_kind"


def test_seed001_cells_take_milliseconds():
    cells = [c for _, c, _, _ in SEED001]
    find_citations(cells[0], SEED001_DEFS, "local")  # compile once
    t0 = time.perf_counter()
    for _ in range(5):
        for c in cells:
            strip_citations(c, find_citations(c, SEED001_DEFS, "local"))
    per_pass = (time.perf_counter() - t0) / 5
    assert per_pass < 0.25, f"{per_pass * 1000:.1f} ms for the 77 cells"


# --------------------------------------------------------------------------- other real and invented strings

# (text, definitions, election kind, expected tuples, source)
OTHER = [
    # resolutions of 10.08.2022 № 72 (fixtures/text/resolution_ru.txt, resolution_ky.txt)
    ("В соответствии со статьями 11 и 42 Закона Кыргызской Республики «О выборах депутатов местных кенешей» и в связи",
     {}, None, [(LK, "11", None, None, None), (LK, "42", None, None, None)], "resolution_ru"),
    ("«Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө» Кыргыз Республикасынын Мыйзамынын 11, 42-беренелерине ылайык",
     {}, None, [(LK, "11", None, None, None), (LK, "42", None, None, None)], "resolution_ky"),
    # seed 003 (action plan)
    ("ранее срок составлял 2 года п. 1 ст. 19 Закона КР «Об избирательных комиссиях по проведению выборов и референдумов КР»).",
     {}, None, [(COM, "19", None, "1", None)], "seed003"),
    # statutes folder: local_kenesh_law.ky.txt (draft amending law), deadlines-gathered.csv, pres_jk_law.ru.txt
    ("2. 36-берененин 2-бөлүгүндө “шайлоо бюллетендерин” деген сөздөрдөн кийин", {}, "local",
     [(None, "36", "2", None, None)], "local_kenesh_law.ky.txt"),
    ("(«Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө» КР Мыйзамы) - (мындан ары – Мыйзам) 10-берене, 4-бөлүк",
     {}, None, [(LK, "10", "4", None, None)], "deadlines-gathered.csv"),
    ("ч.1 ст.60 (айылные кенеши) — срок, по смыслу", {}, None, [(None, "60", "1", None, None)], "deadlines-gathered.csv"),
    ("verify against official text of ст.60 ч.1.", {}, None, [(None, "60", "1", None, None)], "deadlines-gathered.csv"),
    ("Analogy: pres/JK law ст.61 ч.3 (CEC checks", {}, None, [(None, "61", "3", None, None)], "deadlines-gathered.csv"),
    ("(20 дней со дня голосования, согласно статье 38 закона «О выборах депутатов местных кенешей»)", {}, None,
     [(LK, "38", None, None, None)], "deadlines-gathered.csv"),
    ("согласно части 3 статьи 59 конституционного Закона «О выборах Президента и депутатов Жогорку Кенеша»", {}, None,
     [(PJ, "59", "3", None, None)], "deadlines-gathered.csv"),
    ("«Согласно статьи 13 закона о выборах, Центральная избирательная", {}, "parliamentary",
     [(PJ, "13", None, None, None)], "pres_jk_law.ru.txt"),
    # a publication note says where an act was printed: its «ст.971» numbers the gazette's entries and
    # is no provision (corpus/citations.yaml, `publication`)
    ("(Ведомости Жогорку Кенеша Кыргызской Республики, 2011 г., № 7, ст.971) следующие изменения:", {}, None,
     [], "pres_jk_law.ru.txt"),
    # the forms
    ("ч.1,2 ст.12 Закона", {}, "local", [(LK, "12", "1", None, None), (LK, "12", "2", None, None)], "issue"),
    ("Мыйзамдын 12-беренесинин 1-бөлүгү", {"мыйзам": LK}, None, [(LK, "12", "1", None, None)], "issue"),
    ("7-беренесинин 1-бөлүгүнүн 2, 4 жана 5-пункттары", {}, None,
     [(None, "7", "1", "2", None), (None, "7", "1", "4", None), (None, "7", "1", "5", None)], "issue"),
    ("пунктами 2, 4 и 5 части 1 статьи 7 Закона Кыргызской Республики «Об избирательных комиссиях по проведению выборов и референдумов Кыргызской Республики»",
     {}, None, [(COM, "7", "1", "2", None), (COM, "7", "1", "4", None), (COM, "7", "1", "5", None)], "issue"),
    ("п.9.1 Положения ЦИК «О порядке …»", {}, None, [(FUNDS, None, None, "9.1", None)], "issue (title cut as in the issue)"),
    # invented: statute cross-references and other usage
    ("в соответствии с частью 3 статьи 12 настоящего Закона", {}, "local", [(LK, "12", "3", None, None)], "invented"),
    ("в порядке, предусмотренном пунктом 2 части 1 статьи 30 настоящего конституционного Закона", {}, "presidential",
     [(PJ, "30", "1", "2", None)], "invented"),
    ("согласно статье 4 Конституции Кыргызской Республики", {}, None, [(CONST, "4", None, None, None)], "invented"),
    ("Кыргыз Республикасынын Конституциясынын 2-беренесинин 3-бөлүгүнө ылайык", {}, None,
     [(CONST, "2", "3", None, None)], "invented"),
    ("ушул Мыйзамдын 49-беренесинин 1-бөлүгүндө", {"мыйзам": LK}, None, [(LK, "49", "1", None, None)], "invented"),
    ("Мыйзамдын 8-1-беренеси", {}, "local", [(LK, "8-1", None, None, None)], "invented"),
    ("Мыйзамдын 12-беренесинин 1 жана 2-бөлүктөрү", {}, "local",
     [(LK, "12", "1", None, None), (LK, "12", "2", None, None)], "invented"),
    ("Мыйзамдын 12-беренесинин 1-бөлүгү, 13-беренесинин 2-бөлүгү", {}, "local",
     [(LK, "12", "1", None, None), (LK, "13", "2", None, None)], "invented"),
    ("Мыйзамдын 30-беренесинин 2-бөлүгүнүн экинчи абзацы", {}, "local", [(LK, "30", "2", None, "2")], "invented"),
    ("«Шайлоо комиссиялары жөнүндө» Кыргыз Республикасынын Мыйзамынын 7-беренесинин 1-бөлүгүнүн 2-пункту", {}, None,
     [(COM, "7", "1", "2", None)], "invented"),
    ("«Кыргыз Республикасынын Президентин жана Кыргыз Республикасынын Жогорку Кеңешинин депутаттарын шайлоо жөнүндө» "
     "Кыргыз Республикасынын конституциялык Мыйзамынын 59-беренесинин 3-бөлүгү", {}, None, [(PJ, "59", "3", None, None)], "invented"),
    ("статьи 12 части 1 и части 2 Закона", {}, "local", [(LK, "12", "1", None, None), (LK, "12", "2", None, None)], "invented"),
    ("ч.2 ст.5, ч.3 ст.6 конституционного Закона", {}, "parliamentary",
     [(PJ, "5", "2", None, None), (PJ, "6", "3", None, None)], "invented"),
    ("абзацем третьим части 2 статьи 15 Закона", {}, "local", [(LK, "15", "2", None, "3")], "invented"),
    ("Закон КР от 14 июля 2011 года № 98 «О выборах депутатов местных кенешей» (ст. 10)", {}, None,
     [(LK, "10", None, None, None)], "invented"),
    ("ст.4 конституционного Закона «О Центральной комиссии по выборам и проведению референдумов Кыргызской Республики»", {}, None,
     [(CEC, "4", None, None, None)], "invented"),
    ("(ч.4 ст.12 Закона), (ч.5 ст.13 Закона)", {}, "local", [(LK, "12", "4", None, None), (LK, "13", "5", None, None)], "invented"),
    ("Ч. 2 СТ. 22 ЗАКОНА", {}, "local", [(LK, "22", "2", None, None)], "invented: upper case"),
    ("ч.\u00a02 ст.\u00a022 Закона", {}, "local", [(LK, "22", "2", None, None)], "invented: no-break spaces"),
]
# seed001 has 77 responsible cells; these add the rest of the 100+ strings
assert len(SEED001) + len(OTHER) >= 100


@pytest.mark.parametrize("text,defs,kind,expected,source", OTHER, ids=[f"{i}-{r[4]}" for i, r in enumerate(OTHER)])
def test_other_citations(text, defs, kind, expected, source):
    cites = find_citations(text, defs, kind)
    assert tuples(cites) == expected
    for c in cites:
        assert text[c.start:c.end] == c.raw


def test_resolution_paths():
    def by(text, defs, kind):
        return [(c.act, c.act_resolved_by) for c in find_citations(text, defs, kind)]

    assert by("ч.1 ст.5 Закона", {"закон": LK}, "presidential") == [(LK, "document_definition")]
    assert by("ч.1 ст.5 Закона", {}, "presidential") == [(PJ, "election_kind")]
    assert by("ч.1 ст.5 Закона КР «О ЦИК КР»", {"закон": LK}, "local") == [(CEC, "explicit")]
    assert by("ч.1 ст.5 конституционного Закона", {"закон": LK}, "local") == [(None, "unresolved")]
    assert by("Мыйзамдын 5-беренеси", {"закон": LK}, "parliamentary") == [(PJ, "election_kind")]
    (c,) = find_citations("ч.1 ст.5 Закона", {}, None)
    assert c.act is None and c.act_resolved_by == "unresolved" and "act_unresolved" in c.reason
    (c,) = find_citations("ч.1 ст.5 Закона", {}, "referendum")
    assert c.act is None and c.reason


@pytest.mark.parametrize("text,reason", [
    ("ст. Закона", "article_without_number"),
    ("ч.3 ст.", "article_without_number"),
    ("ч.3 Закона", "no_article"),
    ("ст.12 Закона КР «О выборах в органы, которых нет»", "unknown_act"),
    ("ст.12", "no_act"),
    ("(ч.2 ст.22)", "no_act"),
])
def test_malformed_become_records_with_a_reason(text, reason):
    cites = find_citations(text, {}, None)
    assert cites and all(reason in (c.reason or "") for c in cites)


@pytest.mark.parametrize("text", [
    "", "ЦИК (информационный отдел)", "в 10 ч. 30 мин", "п. 5", "согласно Закону КР «О выборах депутатов местных кенешей»",
    "Статья 1. Отношения, регулируемые настоящим Законом", "2022-жылдын 10-августундагы № 72",
    "законодательство о выборах", "(далее-Закон)", "ст.", "(((", "«", "ч." * 50,
])
def test_no_citation(text):
    assert find_citations(text, {"закон": LK}, "local") == []


def test_strip_citations():
    cell = "Кандидаты, политические партии (Закон ч.19 ст.15) КРГ при ЦИК (ч. 2 ст.16 Закона), п.9.1 Положения ЦИК «О порядке …»"
    assert strip_citations(cell, find_citations(cell, SEED001_DEFS)) == "Кандидаты, политические партии КРГ при ЦИК"
    assert strip_citations("ЦИК", []) == "ЦИК"


# --------------------------------------------------------------------------- definitions and election kinds


@pytest.mark.parametrize("text,expected", [
    ("(Закон КР «О выборах депутатов местных кенешей» (далее-Закон) (ч.4 ст.10)", {"закон": LK}),
    ("Закон Кыргызской Республики «Об избирательных комиссиях по проведению выборов и референдумов Кыргызской Республики» (далее – Закон)",
     {"закон": COM}),
    ("конституционный Закон «О выборах Президента Кыргызской Республики и депутатов Жогорку Кенеша Кыргызской Республики» "
     "(далее — конституционный Закон)", {"конституционный закон": PJ}),
    ("(«Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө» КР Мыйзамы) - (мындан ары – Мыйзам) 10-берене, 4-бөлүк",
     {"мыйзам": LK}),
    ("Центральная комиссия по выборам и проведению референдумов Кыргызской Республики (далее – ЦИК)", {}),
    ("Закон КР «О неизвестном» (далее – Закон)", {}),
])
def test_document_act_definitions(text, expected):
    assert document_act_definitions(text) == expected


@pytest.mark.parametrize("title,kind", [
    ("КАЛЕНДАРНЫЙ ПЛАН основных организационно - практических мероприятий по подготовке и проведению выборов "
     "депутатов Майданского айылного кенеша Кадамжайского района", "local"),
    ("График основных мероприятий в рамках подготовки и проведения выборов депутатов Жогорку Кенеш Кыргызской Республики "
     "на 28 ноября 2021 года", "parliamentary"),
    ("2021-жылдын 11-апрелине дайындалган жергиликтүү кеңештердин депутаттарын шайлоону даярдоо", "local"),
    ("КР БШКнын республикадан тышкары жерлерде жашаган же турган Кыргыз Республикасынын жарандарын Кыргыз Республикасынын "
     "Президентин шайлоого катыштырууну уюштуруу боюнча Жумушчу тобу", "presidential"),
    ("О календарном плане выборов депутатов Бишкекского городского кенеша", "local"),
    ("Календарный план проведения референдума (всенародного голосования)", "referendum"),
    ("Календарный план выборов Президента Кыргызской Республики", "presidential"),
    ("Центральная комиссия по выборам и проведению референдумов Кыргызской Республики", None),
    ("Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук комиссиясы", None),
    (None, None),
    ("", None),
])
def test_election_kind_of(title, kind):
    assert election_kind_of(title) == kind


# --------------------------------------------------------------------------- the data files


def test_every_pattern_example_matches():
    for name, p in citation_data().patterns():
        for ex in p.examples:
            assert regex.fullmatch(p.regex, norm(ex)), f"{name}: {ex!r}"
        for ex in p.not_:
            assert not regex.fullmatch(p.regex, norm(ex)), f"{name}: {ex!r} must not match"


def test_languages_share_concept_keys():
    data = citation_data()
    assert data.ru.ordinals.keys() == data.ky.ordinals.keys()


def test_acts_registry():
    reg = acts().acts
    assert {LK, PJ, COM, CEC, CONST, FUNDS} <= set(reg)
    assert (reg[LK].number, str(reg[LK].date)) == ("98", "2011-07-14")
    assert (reg[PJ].number, str(reg[PJ].date), reg[PJ].type) == ("68", "2011-07-02", "constitutional_law")
    assert (reg[COM].number, str(reg[COM].date)) == ("62", "2011-06-30")
    assert (reg[CEC].number, str(reg[CEC].date), reg[CEC].type) == ("79", "2021-06-26", "constitutional_law")
    assert reg[LK].governs == ["local"] and reg[PJ].default_for == ["presidential", "parliamentary"]
    assert acts() is acts()  # loaded once


def test_acts_registry_rejects_unknown_keys():
    from pydantic import ValidationError

    from shailoo.parsers.extract.citations import ActRegistry

    with pytest.raises(ValidationError):
        ActRegistry.model_validate({"acts": {"x": {"type": "law", "title": {"ru": "О"}, "governs": ["local"], "extra": 1}}})
    with pytest.raises(ValidationError):
        ActRegistry.model_validate({"acts": {"x": {"type": "law", "title": {"ru": "О"}, "governs": ["local"], "default_for": ["referendum"]}}})


@pytest.mark.parametrize("title,act", [
    ("О выборах депутатов местных кенешей", LK),
    ("О выборах депутатов местных кенешей КР", LK),
    ("Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө", LK),
    ("О выборах Президента Кыргызской Республики и депутатов Жогорку Кенеша КР", PJ),
    ("Кыргыз Республикасынын Президентин, Кыргыз Республикасынын Жогорку Кеңешинин депутаттарын шайлоо жөнүндө", PJ),
    ("Об избирательных комиссиях по проведению выборов и референдумов", COM),
    ("Об избирательных комиссиях", COM),
    ("О ЦИК КР", CEC),
    ("О порядке формирования, учета поступления и расходования денежных средств избирательного фонда …", FUNDS),
    ("О чём-то другом", None),
])
def test_act_by_title(title, act):
    assert act_by_title(title)[0] == act


def test_never_raises_on_token_soup():
    """Random sequences of the grammar's own pieces: every one gives records (or none), never an error."""
    import random

    pieces = ["ч.", "ст.", "п.", "1", "2,3", " и ", ", ", "8-1", "9.1", "абзац второй", "Закона", "Закон", "(", ")",
              "«О ЦИК КР»", "(далее-Закон)", "12-беренесинин", "1-бөлүгү", "2 жана 3-пункттары", "Мыйзамдын",
              "конституционного", " ", "Положения ЦИК", "«", "»", "статьи", "частью", "\n"]
    rnd = random.Random(4)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        for c in find_citations(text, {"закон": LK}, rnd.choice([None, "local", "referendum"])):
            assert 0 <= c.start <= c.end <= len(text) and text[c.start:c.end] == c.raw
        strip_citations(text, find_citations(text))


# --------------------------------------------------------------------------- real documents nobody here wrote

TRAK = "other_jurisdiction"

WILD = [
    # (text as printed in fixtures/wild, national, expected (act, article, part, point, paragraph), raw of the first, file)
    # Kyrgyz point and paragraph, no act named in the phrase (the Жобо is named a line above)
    ("- 35-пункттун экинчи абзацындагы “үчтөн экисинен кем эмес” деген сөздөр “көпчүлүгү” деген созгө алмаштырылсын;",
     True, [(None, None, None, "35", "2")], "35-пункттун экинчи абзацындагы", "019"),
    ("- 44-пункттун биринчи абзацындагы “үчтөн экиси” деген с", True, [(None, None, None, "44", "1")],
     "44-пункттун биринчи абзацындагы", "019"),
    # a definition that ends at a comma, and the provisions inside the same brackets
    ("Токтогул аймактык шайлоо комиссиясы(андан ары-аймактык шайлоо комиссиясы) («Жергиликтүү кеңештердин депутаттарын "
     "шайлоо жөнүндө» КРнын Мыйзамы (мындан ары-Мыйзам,  10-бер., 4-бөл.)", True, [(LK, "10", "4", None, None)],
     "«Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө» КРнын Мыйзамы (мындан ары-Мыйзам,  10-бер., 4-бөл.", "086"),
    # the Kyrgyz title of the commissions law as the CEC prints it
    ("“Кыргыз Республикасынын шайлоо жана референдум өткөрүү боюнча шайлоо комиссиялары жөнүндө” Кыргыз Республикасынын "
     "Мыйзамынын 7, 18-беренелерине ылайык", True, [(COM, "7", None, None, None), (COM, "18", None, None, None)], None, "019"),
    # a subpoint's bracket inside the brackets around the reference
    ("Соответствующие территориальные избирательные комиссии. Не позднее 31 октября 2020 года\n(пп.6) ст.14, ст.22)", False,
     [(None, "14", None, "6", None), (None, "22", None, None, None)], "пп.6) ст.14, ст.22", "030"),
    ("в соответствии с пунктом 6) статьи 14, пунктом 4 статьи 21, статьями 113-1 Конституционного закона «О выборах в "
     "Республике Казахстан», решением", False,
     [(None, "14", None, "6", None), (None, "21", None, "4", None), (None, "113-1", None, None, None)], None, "071"),
    ("В соответствии с подпунктом 1) статьи 12 Конституционного закона Республики Казахстан \"О выборах в Республике "
     "Казахстан\"", False, [(None, "12", None, "1", None)], None, "032"),
    # acts of other jurisdictions: never a registry act, kept as printed
    ("Принятие решения о назначении выборов (п.  1 ст. 5 Закона ЧР)", False, [(None, "5", None, "1", None)],
     "п.  1 ст. 5 Закона ЧР", "006"),
    ("Принятие решения о назначении выборов (ч. 5 ст. 5 ЗКО [1])", False, [(None, "5", "5", None, None)],
     "ч. 5 ст. 5 ЗКО", "007"),
    ("пункта 2.1 статьи 4 Закона Магаданской области от 15.03.2007 N 816-ОЗ", False, [(None, "4", None, "2.1", None)],
     None, "049"),
    ("п. 2, п. 3 ст. 33, п. 2 ст. 41 Конституции Республики Казахстан", False,
     [(None, "33", None, "2", None), (None, "33", None, "3", None), (None, "41", None, "2", None)], None, "029"),
    ("В соответствии со статьей 117 Конституции Республики Узбекистан и статьей 36 Избирательного кодекса Республики "
     "Узбекистан", False, [(None, "117", None, None, None), (None, "36", None, None, None)], None, "057"),
    # Russian words in full need no act to be a reference
    ("в пункте 2 слова \"правовое управление\" заменить словами", False, [(None, None, None, "2", None)], "пункте 2", "063"),
    # a publication note is no citation
    ("утвержденной распоряжением Правительства Российской Федерации от 25 октября 2005 г. N 1789-р (Собрание "
     "законодательства Российской Федерации, 2005, N 46, ст. 4720; 2008, N 7, ст. 633, N 14, ст. 1413) приказываю:",
     False, [], None, "062"),
]


@pytest.mark.parametrize("text,national,expected,raw,source", WILD, ids=[f"{i}-{r[4]}" for i, r in enumerate(WILD)])
def test_wild_citations(text, national, expected, raw, source):
    cites = find_citations(text, {}, None, national)
    assert tuples(cites) == expected
    if raw is not None:
        assert cites[0].raw == raw
    for c in cites:
        assert text[c.start:c.end] == c.raw


@pytest.mark.parametrize("text,act_raw", [
    ("(п. 1 ст. 5 Закона ЧР)", "Закона ЧР"),
    ("(ч. 1 ст. 10 ЗКО)", "ЗКО"),
    ("статьей 117 Конституции Республики Узбекистан", "Конституции Республики Узбекистан"),
    ("пункта 2.1 статьи 4 Закона Оренбургской области", "Закона Оренбургской области"),
    ("пунктом 10 статьи 23 Федерального закона \"Об основных гарантиях избирательных прав\"",
     "Федерального закона \"Об основных гарантиях избирательных прав\""),
])
def test_other_jurisdiction_is_no_registry_act(text, act_raw):
    """Printed with another state's or region's words, an act is kept as printed and never a Kyrgyz act,
    whatever the document or election kind."""
    for national in (True, None, False):
        (c, *_) = find_citations(text, {"закон": LK}, "presidential", national)
        assert c.act is None and c.act_raw == act_raw and c.act_resolved_by == "unresolved" and c.reason


def test_bare_act_in_a_document_that_is_not_kyrgyz():
    """A bare «Закона» / «Конституции» names a Kyrgyz act only in a Kyrgyz document (``national``)."""
    for text in ("ч.1 ст.5 Закона", "статьей 117 Конституции", "Мыйзамдын 5-беренеси"):
        (c,) = find_citations(text, {}, "presidential", national=False)
        assert c.act is None and TRAK in c.reason
        (c,) = find_citations(text, {}, "presidential", national=True)
        assert c.act in (PJ, CONST)
    # an act named by its title is looked up by the title wherever it is printed
    (c,) = find_citations("ч.1 ст.5 Закона КР «О ЦИК КР»", {}, None, national=False)
    assert c.act == CEC


@pytest.mark.parametrize("title", [
    "Календарный план мероприятий по подготовке и проведению выборов Президента Российской Федерации 2 марта 2008 года",
    "Календарный план основных мероприятий по подготовке и проведению очередных выборов депутатов Мажилиса Парламента "
    "Республики Казахстан",
    "О выборах Президента Республики Казахстан",
])
def test_election_kind_of_another_country(title):
    assert election_kind_of(title) is None


def test_wild_documents_cite_no_kyrgyz_act_outside_kyrgyzstan():
    """The real documents of other countries (fixtures/wild: Russia, Kazakhstan, Uzbekistan, Belarus) give no
    citation whose act is an act of the registry."""
    import shailoo

    for name in ("005", "006", "007", "029", "030", "049", "057", "062", "071", "075"):
        (path,) = (FIXTURES / "wild").glob(f"{name}_*.txt")
        doc = shailoo.parse(path)
        cites = [c for a in doc.activities for c in a.citations]
        cites += [c for m in doc.mentions if m.type == "citation" for c in m.value]
        if doc.document.resolution is not None:
            cites += doc.document.resolution.legal_bases
        assert [c.raw for c in cites if c.act is not None] == [], name
