"""Bodies: the gazetteer (corpus/bodies.yaml) and shailoo.parsers.extract.bodies (find_bodies, owners_of, document_aliases).

Strings are real, from the seeds' cells and paragraphs, unless marked ``# invented`` (Kyrgyz and Russian
inflected forms written to check the lemma and stem matching).
"""

from __future__ import annotations

import re

import pytest

from shailoo.parsers.interpret import document as interpret
from shailoo.parsers.extract.bodies import Gazetteer, document_aliases, find_bodies, gazetteer, owners_of

from conftest import FIXTURES

TEXT = FIXTURES / "text"

# A citation in a responsible cell, removed the simple way (the real stripping is shailoo.parsers.extract.citations').
_CITATION = re.compile(
    r"\(Закон[^()]*\(далее[^()]*\)\s*\([^()]*\)"  # «(Закон КР «О выборах …» (далее-Закон) (ч.4 ст.10)»
    r"|\((?:[^()]|\([^()]*\))*?(?:\bст\.|\bч\.|Закон)(?:[^()]|\([^()]*\))*\)"  # «(ч.1,2 ст.12 Закона)»
    r"|,?\s*\bп\.\s*\d.*$"  # «, п.9.1 Положения ЦИК «О порядке …»»
    r"|\s*\b(?:ч\.\s*\d[^А-ЯЁ]*)?ст\.\s*\d+(?:-\d+)?\s*Закона"  # «ч. 1 ст. 8 Закона», «ст. 8-1 Закона»
)


def strip(cell: str) -> str:
    return _CITATION.sub("", cell)


def ids(refs) -> list[str]:
    return [r.id for r in refs]


# --------------------------------------------------------------------------- the gazetteer


def test_gazetteer_validates_and_has_the_required_ids():
    g = gazetteer()
    have = {b.id for b in g.bodies}
    required = {
        "cec", "tec", "dec", "pec", "election_commissions", "mcr", "mvd", "gknb", "mfa", "prosecutor",
        "president", "jogorku_kenesh", "cabinet", "local_government", "state_bodies", "grs", "media",
        "political_parties", "candidates", "citizens", "observers", "ngo", "courts", "ombudsman", "osce",
        "ifes", "undp", "un_women", "iri", "international_alert", "westminster", "civic_platform",
        "aupkr", "govori_tv", "international_organizations", "moj", "moh", "gsin", "infocom", "gkdo",
        "moa", "mon", "mod", "moc", "civil_service_agency",
    }
    assert required <= have
    assert all(b.parent == "cec" for b in g.bodies if b.id.startswith("cec_"))


def test_gazetteer_rejects_unknown_keys_and_parents():
    with pytest.raises(ValueError):
        Gazetteer.model_validate({"bodies": [{"id": "x", "kind": "agency", "names": {"ru": ["X"]}, "colour": 1}]})
    with pytest.raises(ValueError):
        Gazetteer.model_validate({"bodies": [{"id": "x", "kind": "department", "parent": "nope",
                                              "names": {"ru": ["X"]}}]})


# --------------------------------------------------------------------------- body strings, both languages

# (text, the ids owners_of gives, in order). Cells of seeds 000, 001 and 003 unless marked.
OWNER_CASES = [
    ("ЦИК", ["cec"]),
    ("ЦИК КР", ["cec"]),
    ("ЦИККР", ["cec"]),
    ("ЦИК (информационный отдел)", ["cec"]),
    ("Рабочая группа ЦИК, информационный отдел, СМИ, интернет-издания", ["cec", "cec", "media"]),
    ("СМИ, интернет-издания", ["media"]),
    ("Органы государственной власти, органы местного самоуправления, избирательные комиссии, СМИ, "
     "юридические и физические лица (ЦИК)",
     ["state_bodies", "local_government", "election_commissions", "media", "citizens", "cec"]),
    ("Соответствующие избирательные комиссии", ["election_commissions"]),
    ("Соответствующие избирательные\nкомиссии", ["election_commissions"]),
    ("Министерство цифрового развития КР (далее-МЦР)", ["mcr"]),
    ("Уполномоченный государственный орган (МЦР)", ["mcr"]),
    ("ЦИК (отдел программно-технического обеспечения и безопасности данных)", ["cec"]),
    ("Участковые избирательные комиссии", ["pec"]),
    ("Участковая избирательная комиссия", ["pec"]),
    ("ЦИК (отдел по управлению ИИС и РСИ, системные администраторы ТИК)", ["cec", "tec"]),
    ("ЦИК (отдел по управлению ИИС и РСИ, системные администраторы, территориальные избирательные комиссии, "
     "участковые избирательные комиссии)", ["cec", "cec", "tec", "pec"]),
    ("ЦИК (Управление Информационно-коммуникационных технологий)", ["cec"]),
    ("ЦИК (отдел по управлению ИИС и РСИ, территориальные избирательные комиссии)", ["cec", "tec"]),
    ("Территориальные избирательные комиссии с участием представителей органов местного самоуправления",
     ["tec", "local_government"]),
    ("ЦИК по предложению территориальных избирательных комиссий (отдел по организации выборов)", ["cec", "tec"]),
    ("Политические партии, граждане путем самовыдвижения", ["political_parties", "citizens"]),
    ("Кандидат, уполномоченные представители кандидатов", ["candidates"]),
    ("Соответствующие рабочие группы в территориальных избирательных комиссиях", ["tec"]),
    ("Соответствующие территориальные избирательные комиссии", ["tec"]),
    ("Органы местного самоуправления", ["local_government"]),
    ("Граждане Кыргызской Республики, кандидаты, политические партии, СМИ",
     ["citizens", "candidates", "political_parties", "media"]),
    ("ЦИК (соответствующие отделы аппарата ЦИК)", ["cec"]),
    ("Участковые избирательные комиссии в присутствии наблюдателей", ["pec", "observers"]),
    ("Участковые избирательные комиссии в присутствии наблюдателей, представителей кандидатов, СМИ",
     ["pec", "observers", "candidates", "media"]),
    ("Участковые избирательные комиссии Территориальные избирательные комиссии МВД", ["pec", "tec", "mvd"]),
    ("Территориальные избирательные комиссии", ["tec"]),
    ("ЦИК (отдел планирования, учета и отчетности)", ["cec"]),
    ("Кандидат, уполномоченный представитель", ["candidates"]),
    ("Кандидаты, политические партии, территориальные избирательные комиссии",
     ["candidates", "political_parties", "tec"]),
    ("Контрольно-ревизионная группа при ЦИК, территориальные избирательные комиссии", ["cec", "tec"]),
    ("Контрольно-ревизионная группа при ЦИК, ЦИК (отдел планирования, учета и отчетности и закупок)", ["cec", "cec"]),
    ("Контрольно-ревизионная группа при ЦИК, ЦИК", ["cec", "cec"]),
    ("Администрация Президента, Жогорку Кенеш, Кабинет Министров, ЦИК",
     ["president", "jogorku_kenesh", "cabinet", "cec"]),
    ("ЦИК, соответствующие избирательные комиссии", ["cec", "election_commissions"]),
    ("ЦИК (Центр гражданского образования и избирательных технологий, Управление организации избирательного "
     "процесса)", ["cec", "cec"]),
    ("ЦИК, Территориальные избирательные комиссии", ["cec", "tec"]),
    ("Президент КР", ["president"]),
    ("ЦИК, соответствующие территориальные, участковые избирательные комиссии", ["cec", "tec", "pec"]),
    # seed 000 organisers
    ("ЦИК ОБСЕ ГИИП", ["cec", "osce"]),
    ("ЦИК IFES", ["cec", "ifes"]),
    ("ЦИК КР ПРООН", ["cec", "undp"]),
    ("ЦИК КР ОФ «Гражданская платформа»", ["cec", "civic_platform"]),
    ("ЦИК КР Высшая школа правосудия", ["cec", "courts"]),
    ("ЦИК КР IRI", ["cec", "iri"]),
    ("ЦИККР ООН-Женщины", ["cec", "un_women"]),
    ("ЦИК КР Govori TV", ["cec", "govori_tv"]),
    ("ЦИК КР Интернешнл Алерт АУПКР", ["cec", "international_alert", "aupkr"]),
    ("ЦИК КР Волонтеры", ["cec", "volunteers"]),
    ("ЦИК КР ОФ Гражданская платформа Вестмирский Фонд", ["cec", "civic_platform", "westminster"]),
    # seed 000 participants
    ("Гос.органы, депутаты ЖККР, НКО, МО, ПП, эксперты",
     ["state_bodies", "jogorku_kenesh", "ngo", "international_organizations", "political_parties", "experts"]),
    ("НКО, МО, ПП, эксперты", ["ngo", "international_organizations", "political_parties", "experts"]),
    ("Международные и общественные наблюдатели, СМИ, экспертное сообщество.", ["observers", "media", "experts"]),
    ("Представители полит.партий, кандидаты", ["political_parties", "candidates"]),
    ("Молодежь, НКО, СМИ, ОМСУ", ["other", "ngo", "media", "local_government"]),
    ("Правоохранительные органы", ["state_bodies"]),
    ("Аппарат ЦИК", ["cec"]),
    ("Наблюдатели", ["observers"]),
    ("Уполномоченные представители от ПП, кандидаты", ["candidates", "political_parties"]),
    # seed 003 executors
    ("Рабочие комиссии, группы, независимые эксперты, ЦИК КР.", ["other", "other", "experts", "cec"]),
    ("МЦР, ГП Инфоком, МВД, МЮ, МЗ, Миниост (ГСИН), СИЗО, ГП ВС КР, ГКДО, ЦИК КР, МОиН КР, Министерство обороны.",
     ["mcr", "infocom", "mvd", "moj", "moh", "gsin", "detention_centres", "armed_forces_general_staff", "gkdo",
      "cec", "mon", "mod"]),
    ("МЦР, ГПТ Инфоком, ЦИК КР", ["mcr", "infocom", "cec"]),
    ("Министерство сельского хозяйства, МЦР, ГПТ Инфоком, ЦИК КР", ["moa", "mcr", "infocom", "cec"]),
    ("КРГ ЦИК, эксперты", ["cec", "experts"]),
    ("КРГ ЦИК, эксперты-тренеры", ["cec", "experts"]),
    ("ЦИК КР, ТИКи, ОИКи, УИКи, КГОР.", ["cec", "tec", "dec", "pec", "cec"]),
    ("ЦИК КР, Кабинет Министров КР", ["cec", "cabinet"]),
    ("ЦИК КР, ГУИТ МВД КР, Министерство цифрового развития КР", ["cec", "mvd", "mcr"]),
    ("ЦГО ЦИК КР, государственные органы, международные партнеры (по согласованию).",
     ["cec", "state_bodies", "international_organizations"]),
    ("ЦИК КР, Государственные органы, ОМСУ, ОГО, международные партнеры (по согласованию)",
     ["cec", "state_bodies", "local_government", "ngo", "international_organizations"]),
    ("Информационный отдел ЦИК КР, СМИ.", ["cec", "media"]),
    ("ГКС КР, Учр ЦИК КР", ["civil_service_agency", "cec"]),
    ("ЦИК КР, политические партии, представительные органы местного самоуправления.\nЦИК КР, гос. органы, организации.",
     ["cec", "political_parties", "local_government", "state_bodies", "other"]),
    ("Минкультуры, МО КР, МЦР, Представительств во международном фонде избирательных систем в Кыргызской Республике;",
     ["moc", "mod", "mcr", "ifes"]),
    # inflected Russian forms
    ("Кабинетом Министров", ["cabinet"]),  # invented
    ("Центральной комиссии по выборам и проведению референдумов Кыргызской Республики", ["cec"]),
    ("Центральной избирательной комиссией", ["cec"]),  # invented
    ("ЖК КР", ["jogorku_kenesh"]),  # invented
    ("Министерством иностранных дел", ["mfa"]),  # invented
    ("Генеральной прокуратурой", ["prosecutor"]),  # invented
    ("ГКНБ, Акыйкатчы", ["gknb", "ombudsman"]),  # invented
    ("Государственной регистрационной службой", ["grs"]),  # invented
    ("окружными избирательными комиссиями", ["dec"]),  # invented
    # Kyrgyz
    ("КР БШК", ["cec"]),
    ("БШКнын", ["cec"]),
    ("ТИМ ДККнын өкүлү.", ["mfa"]),
    ("Акыйкатчынын өкүлү;", ["ombudsman"]),
    ("КРӨ МККнын өкүлү;", ["cabinet", "grs"]),
    ("УШК", ["pec"]),
    ("ЖМК", ["media"]),
    ("Аймактык шайлоо комиссиялары жана участкалык шайлоо комиссиялары", ["tec", "pec"]),  # invented
    ("Ички иштер министрлиги, УКМК", ["mvd", "gknb"]),  # invented
    ("Министрлер Кабинети, Жогорку Кеңеш", ["cabinet", "jogorku_kenesh"]),  # invented
    ("жергиликтүү өз алдынча башкаруу органдары", ["local_government"]),  # invented
    ("саясий партиялар, талапкерлер, байкоочулар", ["political_parties", "candidates", "observers"]),  # invented
    ("ОШК, ИИМ", ["dec", "mvd"]),  # invented
    ("КР Президентинин Администрациясы", ["president"]),  # invented
]


@pytest.mark.parametrize("text, expected", OWNER_CASES, ids=[c[0][:40] for c in OWNER_CASES])
def test_owner_strings(text, expected):
    assert ids(owners_of(text)) == expected


# (free text, ids find_bodies gives). Paragraphs of the seeds unless marked.
FIND_CASES = [
    ("Кыргыз Республикасынын Шайлоо жана референдум ѳткѳрүү боюнча борбордук комиссиясы (мындан ары – КР БШК) "
     "Кыргыз Республикасындагы ПРООН менен ѳнѳктѳштүктѳ", ["cec", "cec", "undp"]),
    ("тренингге КР БШКнын мүчѳлѳрү катышат", ["cec"]),
    ("КР ТИМге берүү.", ["mfa"]),
    ("ТИМ ДКК (дипломатиялык өкүлчүлүктөр, консулдук мекмелелер) менен байланышы;", ["mfa", "mfa", "mfa"]),
    ("Чет өлкөлөрдөгү УШК менен өзүнчө чат", ["pec"]),
    ("· ЖМК менен иштөө (Туруктуу)", ["media"]),
    ("КРнын аймагынан тышкары түзүлгөн УШКга берүү үчүн", ["pec"]),
    ("2. Кадамжай райондук аймактык шайлоо комиссиясы:", ["tec"]),
    ("участкалык шайлоо комиссияларын түзсүн", ["pec"]),
    ("Кыргыз Республикасынын Жогорку Кеңешинин депутаттарын шайлоо", ["jogorku_kenesh"]),
    ("2. Территориальной избирательной комиссии Кадамжайского района:", ["tec"]),
    ("уточнить списки избирателей и представить в Центральную комиссию", ["citizens", "cec"]),
    ("Судьи, сотрудники отдела по взаимодействию с судами и органами прокуратуры Администрации Президента",
     ["courts", "courts", "prosecutor", "president"]),
    ("Руководящий состав органов прокуратуры и МВД, ГКНБ", ["prosecutor", "mvd", "gknb"]),
    ("Члены территориальных избирательных комиссий", ["tec"]),
    ("кандидаты, члены ОИК и банковские работники", ["candidates", "dec"]),
]


@pytest.mark.parametrize("text, expected", FIND_CASES, ids=[c[0][:40] for c in FIND_CASES])
def test_find_strings(text, expected):
    assert ids(find_bodies(text)) == expected


def test_at_least_100_body_strings():
    assert len(OWNER_CASES) + len(FIND_CASES) >= 100


# --------------------------------------------------------------------------- spans, departments, others


def test_spans_index_the_text():
    text = "Информационный отдел ЦИК КР, СМИ."
    for r in find_bodies(text) + owners_of(text):
        assert text[r.start:r.end] == r.raw


def test_departments_of_the_cec():
    r = owners_of("ЦИК (информационный отдел)")
    assert [(b.id, b.department) for b in r] == [("cec", "информационный отдел")]
    r = owners_of("ЦИК (отдел по управлению ИИС и РСИ, системные администраторы ТИК)")
    assert [(b.id, b.department) for b in r] == [("cec", "отдел по управлению ИИС и РСИ"),
                                                 ("tec", "системные администраторы")]
    r = owners_of("ЦИК (Центр гражданского образования и избирательных технологий, Управление организации "
                  "избирательного процесса)")
    assert [b.department for b in r] == ["Центр гражданского образования и избирательных технологий",
                                         "Управление организации избирательного процесса"]
    assert owners_of("КРГ ЦИК, эксперты")[0].department == "КРГ"
    assert owners_of("ГУИТ МВД КР")[0].department == "ГУИТ"  # invented


def test_unknown_bodies_are_kept_as_other():
    r = owners_of("Национальная Академия «Манас», Академия местного управления Центральной Азии и Клуб "
                  "женщин-депутатов; Озоновый центр.")
    assert [(b.id, b.raw) for b in r] == [
        ("other", "Национальная Академия «Манас»"), ("other", "Академия местного управления Центральной Азии"),
        ("other", "Клуб женщин-депутатов"), ("other", "Озоновый центр")]


def test_no_duplicates_in_one_cell():
    assert ids(owners_of("ЦИК КР, Кабинет Министров КР\nЦИК КР, ГУИТ МВД КР, Министерство цифрового развития КР")) == [
        "cec", "cabinet", "mvd", "mcr"]


def test_empty_cells():
    assert owners_of("") == [] and owners_of("  \n") == [] and find_bodies("") == []


# --------------------------------------------------------------------------- aliases


def test_document_aliases_seed001():
    al = document_aliases((TEXT / "seed001.txt").read_text(encoding="utf-8"))
    assert al["цик"] == "cec" and al["мцр"] == "mcr" and al["сми"] == "media"
    assert al["отдел по управлению иис и рси"].startswith("cec:отдел по управлению")
    assert "закон" not in al


def test_document_aliases_kyrgyz_and_seed003():
    assert document_aliases((TEXT / "seed002.txt").read_text(encoding="utf-8"))["кр бшк"] == "cec"
    al = document_aliases((TEXT / "seed004.txt").read_text(encoding="utf-8"))
    assert al["ккд"].startswith("mfa:") and al["жумушчу топ"].startswith("cec:")
    assert document_aliases((TEXT / "seed003.txt").read_text(encoding="utf-8"))["кгор"].startswith("cec:")


def test_alias_is_for_its_document_only():
    text = "Общественный совет по выборам (далее - ОСВ) и ОСВ"  # invented
    al = document_aliases("Контрольно-ревизионная группа (далее - ОСВ)")  # invented
    assert ids(find_bodies("ОСВ", al)) == ["cec"]
    assert ids(find_bodies("ОСВ")) == []
    assert ids(owners_of("ОСВ")) == ["other"]
    assert text  # the phrase without a body defines nothing
    assert document_aliases(text) == {}


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def cells():
    """Owner cells of the seeds, read without the owner/citation step (the lead wires that)."""
    import shailoo

    mp = pytest.MonkeyPatch()
    mp.setattr(interpret, "add_owners_and_citations", lambda *a, **k: None)
    mp.setattr(interpret, "body_and_citation_mentions_by_line", lambda *a, **k: iter(()))
    try:
        out = {}
        for seed, role in (("001", "responsible"), ("000", "responsible"), ("003", "executor")):
            doc = shailoo.parse(TEXT / f"seed{seed}.txt")
            text = (TEXT / f"seed{seed}.txt").read_text(encoding="utf-8")
            out[seed] = (document_aliases(text),
                         [(a.path, a.cells.get(role, "")) for a in doc.activities if role in a.cells or a.kind == "activity"])
        return out
    finally:
        mp.undo()


SEED001 = {
    "1": ["cec"], "2": ["cec", "cec", "media"], "3": ["media"],
    "4": ["state_bodies", "local_government", "election_commissions", "media", "citizens", "cec"],
    **{str(i): ["election_commissions"] for i in (5, 6, 7, 8)},
    "9": ["mcr"], "10": ["cec"], "11": ["cec", "tec"], "12": ["pec"], "13": ["cec", "cec", "tec", "pec"],
    "14": ["cec", "tec"], "15": ["pec"], "16": ["cec", "tec"], "17": ["cec"], "18": ["cec", "tec"], "19": ["pec"],
    "20": ["mcr"], "21": ["cec"], "22": ["tec", "local_government"], "23": ["cec", "tec"], "24": ["cec"],
    "25": ["political_parties", "citizens"], "26": ["candidates"], "27": ["tec"],
    **{str(i): ["tec"] for i in (28, 29, 30, 31, 32, 35, 38, 54, 55, 56, 57, 58, 72)},
    "33": ["local_government"], "34": ["citizens", "candidates", "political_parties", "media"],
    "36": ["cec"], "37": ["cec"],
    **{str(i): ["pec"] for i in (39, 40, 41, 42, 43, 44, 50, 51, 53)},
    **{str(i): ["pec", "observers"] for i in (45, 46, 48)},
    "47": ["cec"], "49": ["pec", "observers", "candidates", "media"], "52": ["pec", "tec", "mvd"],
    "59": ["cec"], "60": ["cec"], "61": ["cec"], "62": ["candidates"], "63": ["candidates", "political_parties", "tec"],
    "64": ["cec", "tec"], "65": ["cec", "cec"],
    "66": ["candidates", "political_parties", "cec", "tec"], "67": ["cec", "cec"],
    "68": ["president", "jogorku_kenesh", "cabinet", "cec"], "69": ["cec"], "70": ["cec", "election_commissions"],
    "71": ["cec", "cec"], "73": ["cec", "tec"], "74": ["president"], "75": ["cec"], "76": ["cec", "tec", "pec"],
}


def test_seed001_every_row(cells):
    aliases, rows = cells["001"]
    got = {path: ids(owners_of(strip(cell), aliases)) for path, cell in rows if path}
    assert got == SEED001


def test_seed001_row9_and_row52(cells):
    aliases, rows = cells["001"]
    row = dict(rows)
    assert row["9"] == "Министерство цифрового развития КР (далее-МЦР) (ч.1,2 ст.12 Закона)"
    assert ids(owners_of(strip(row["9"]), aliases)) == ["mcr"]
    assert ids(owners_of("Министерство цифрового развития КР (далее-МЦР)")) == ["mcr"]
    assert ids(owners_of(strip(row["52"]), aliases)) == ["pec", "tec", "mvd"]


SEED000 = {
    **{str(i): ["cec"] for i in (4, 5, 6, 7, 9, 10, 12, 14, 18, 19, 21, 23, 26, 27, 31, 42, 48, 49)},
    "1": ["cec", "osce"], "8": ["cec", "osce"], "43": ["cec", "osce"],
    **{str(i): ["cec", "ifes"] for i in (2, 3, 22, 24, 25, 36, 47, 50)},
    **{str(i): ["cec", "undp"] for i in (11, 16, 17, 30)},
    **{str(i): ["cec", "iri"] for i in (28, 29, 34)},
    "13": [], "44": [],
    "15": ["cec", "civic_platform"], "20": ["cec", "courts"],
    "32": ["cec", "un_women"], "35": ["cec", "un_women"], "33": ["cec", "govori_tv"],
    "37": ["cec", "international_alert", "aupkr"], "38": ["cec", "aupkr"], "39": ["cec", "aupkr"],
    "40": ["cec", "volunteers"], "41": ["cec", "volunteers"], "45": ["cec", "international_alert"],
    "46": ["cec", "civic_platform", "westminster"],
}


def test_seed000_every_row(cells):
    aliases, rows = cells["000"]
    got = {path: ids(owners_of(cell, aliases)) for path, cell in rows}
    assert len(got) == 50
    assert got == SEED000


SEED003 = {
    "1": ["other", "other", "experts", "cec"],
    "2.1": ["cec"],
    "2.2": ["mcr", "infocom", "mvd", "moj", "moh", "gsin", "detention_centres", "armed_forces_general_staff",
            "gkdo", "cec", "mon", "mod"],
    "2.3": ["mcr", "infocom", "cec"], "2.4": ["moa", "mcr", "infocom", "cec"], "2.5": ["cec"],
    "3.1": ["cec", "experts"], "3.2": ["cec", "experts"],
    "4": ["cec", "tec", "dec", "pec", "cec"],
    "5.1": ["experts", "cec", "jogorku_kenesh", "state_bodies", "ngo"], "5.2": [],
    "6.1": ["cec", "political_parties", "local_government", "state_bodies", "other"],
    "6.2": ["cec", "cabinet"], "6.3": ["cec", "cabinet", "mvd", "mcr"],
    "6.4": ["cec", "state_bodies", "international_organizations"],
    "6.5": ["cec", "state_bodies", "international_organizations"],
    "7.1": ["cec", "state_bodies", "international_organizations", "moc", "mod", "mcr", "ifes",
            "other", "other", "other", "other", "ngo", "other"],
    "7.2": [], "7.3": [],
    "7.4": ["cec", "state_bodies", "local_government", "ngo", "international_organizations"],
    "8": ["cec", "media"], "9": ["civil_service_agency", "cec"],
}


def test_seed003_every_measure(cells):
    aliases, rows = cells["003"]
    got = {path: ids(owners_of(cell, aliases)) for path, cell in rows}
    assert got == SEED003


@pytest.mark.parametrize("seed, expected", [
    ("002", {"cec", "undp", "political_parties", "candidates", "local_government"}),
    ("004", {"cec", "mfa", "media", "pec", "ombudsman", "grs", "cabinet", "citizens", "president", "tec",
             "jogorku_kenesh", "election_commissions", "migration_service"}),
])
def test_kyrgyz_seeds(seed, expected):
    text = (TEXT / f"seed{seed}.txt").read_text(encoding="utf-8")
    aliases = document_aliases(text)
    found = {}
    for line in text.splitlines():
        for b in find_bodies(line, aliases):
            found.setdefault(b.id, set()).add(b.raw)
    assert expected <= set(found)
    if seed == "004":
        for raw, body in (("КР БШКнын", "cec"), ("ТИМ ДККнын", "mfa"), ("ЖМК", "media"), ("УШК", "pec"),
                          ("ТИМге", "mfa"), ("ТИМ ДКК", "mfa")):
            assert raw in found[body], (raw, body)
        consular = [b for b in find_bodies("ТИМ ДККнын өкүлү.") if b.id == "mfa"]
        assert consular[0].department == "ДККнын"


# --------------------------------------------------------------------------- whose document (issue 16)
# Headings and cells of the wild texts (/work/shared/wild): plans of Belarusian schools and a Gomel
# institution, Russian and Kazakh election commissions, a Russian federal agency's order, Kyrgyz ayil
# kenesh resolutions; each as printed.

from shailoo.parsers.extract.bodies import CEC_HOME, Home, document_home  # noqa: E402

_FOREIGN = Home(issuer=None, national=False)
_KYRGYZ_OTHER = Home(issuer=None, national=True)


@pytest.mark.parametrize("name", ["seed000.txt", "seed001.txt", "seed003.txt", "seed004.txt", "resolution_ru.txt",
                                  "resolution_ky.txt"])
def test_the_seeds_are_the_cecs_documents(name):
    import shailoo
    from shailoo.parsers.interpret.annotate import _header

    text = (TEXT / name).read_text(encoding="utf-8")
    assert document_home(_header(shailoo.parse(TEXT / name).document, text), text) == CEC_HOME


@pytest.mark.parametrize("header, text, expected", [
    # a Belarusian institution's plan: no mark of Kyrgyzstan, an «Учреждение» of its own
    ("ПЛАН РАБОТЫ комиссии по противодействию коррупции в Учреждении «Гомельский областной центр "
     "профилактической дезинфекции» на 2024 год", "1. Рассмотрение информации\tПо мере поступления\tЗав.отделами",
     _FOREIGN),
    # the Kazakh CEC's resolution: another state named
    ("Постановление Центральной избирательной комиссии Республики Казахстан от 22 июня 2021 года",
     "2. Отделу организации избирательного процесса аппарата Центральной избирательной комиссии Республики "
     "Казахстан", _FOREIGN),
    # a Kyrgyz ayil kenesh's work plan: Kyrgyz, not the CEC's
    ("Салам-Алик айылдык кеңешинин 2025-жыл үчүн иш планын бекитүү жөнүндө",
     "1.\tСессиялар\tАйылдык кеңешинин жооптуу", _KYRGYZ_OTHER),
    # a Kyrgyz news item about the CEC: Kyrgyz, the CEC is reported on, not the author
    ("Жергиликтүү кеңештердин депутаттарын шайлоо күнү такталды",
     "Президенттик аппараттан кабарлашкандай, шайлоо ... Шайлоо жана референдум өткөрүү боюнча борбордук "
     "комиссиясына бул өнөктүккө чыгымдарды бөлүү", _KYRGYZ_OTHER),
    # the CEC's own resolution, its heading in capitals
    ("ЦЕНТРАЛЬНАЯ КОМИССИЯ ПО ВЫБОРАМ И ПРОВЕДЕНИЮ РЕФЕРЕНДУМОВ КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nПОСТАНОВЛЕНИЕ",
     "3. Отделу информационного обеспечения ЦИК …", CEC_HOME),
    # a schedule that names no author but whose rows are organised by the CEC; the body in the title is
    # the one being elected
    ("График основных мероприятий в рамках подготовки и проведения выборов депутатов Жогорку Кенеш "
     "Кыргызской Республики", "1\tСеминар\tЦИК ОБСЕ\n2\tТренинг\tЦИК КР ПРООН\n3\tВстреча\tЦИК, СМИ", CEC_HOME),
])
def test_document_home(header, text, expected):
    assert document_home(header, text) == expected


@pytest.mark.parametrize("text, home, expected", [
    # a company's units in another body's plan stay its own
    ("Отдел кадров", _KYRGYZ_OTHER, [("other", "department", "Отдел кадров")]),
    ("рабочие группы", _KYRGYZ_OTHER, [("other", "group", "рабочие группы")]),
    ("Руководителям структурных подразделений", _FOREIGN, [("other", None, "Руководителям структурных подразделений")]),
    ("Аппарат ЦИК", _KYRGYZ_OTHER, [("cec", "commission", "Аппарат ЦИК")]),  # the CEC named: its unit
    ("Аппарат ЦИК", _FOREIGN, [("other", "commission", "Аппарат ЦИК")]),  # a ЦИК of another country
    ("Центральной избирательной комиссии Российской Федерации", CEC_HOME,
     [("other", "commission", "Центральной избирательной комиссии Российской Федерации")]),
    ("ЦИК КР", _FOREIGN, [("cec", "commission", "ЦИК КР")]),  # the country named
    ("Органам исполнительной власти Оренбургской области", _FOREIGN,
     [("state_bodies", "state_body", "Органам исполнительной власти Оренбургской области")]),
    ("органы местного самоуправления Лазовского муниципального округа", _FOREIGN,
     [("local_government", "local_government", "органы местного самоуправления Лазовского муниципального округа")]),
    ("Финансовому отделу администрации муниципального района (Широва Н.Н.)", _FOREIGN,
     [("other", None, "Финансовому отделу администрации муниципального района (Широва Н.Н.)")]),
    ("Заместитель Главы администрации города Головина И.В., Председатель ТИК Сеин О.А.", _FOREIGN,
     [("other", "person", "Заместитель Главы администрации города Головина И.В."),
      ("tec", "commission", "Председатель ТИК Сеин О.А.")]),
    ("Управлению информационных технологий (Ю.П. Холодняков), Управлением корпоративных технологий "
     "(В.В. Семерикова)", _FOREIGN,
     [("other", "department", "Управлению информационных технологий (Ю.П. Холодняков)"),
      ("other", "department", "Управлением корпоративных технологий (В.В. Семерикова)")]),
    ("Органы местного само- управления (по согласованию), комитет по делам печати, территориальные изби- "
     "рательные комиссии (по согласованию)", _FOREIGN,
     [("local_government", "local_government", "Органы местного само- управления"),
      ("other", None, "комитет по делам печати"), ("tec", "commission", "территориальные изби- рательные комиссии")]),
    ("Айылдык кенештин тиешелүү туруктуу комиссияларынын төргаларына", _KYRGYZ_OTHER,
     [("local_government", "local_government", "Айылдык кенештин тиешелүү туруктуу комиссияларынын төргаларына")]),
])
def test_owners_in_their_document(text, home, expected):
    assert [(r.id, r.kind, r.raw) for r in owners_of(text, None, home)] == expected


@pytest.mark.parametrize("text, home, expected", [
    ("Постановление ЦИК России об утверждении Календарного плана", _FOREIGN, [("other", "ЦИК России")]),
    ("в Учреждении «Гомельский областной центр профилактической дезинфекции»", _FOREIGN,
     [("other", "Учреждении")]),
    ("1) Ысык-Ата аймактык шайлоо комиссиясы", _KYRGYZ_OTHER, [("tec", "Ысык-Ата аймактык шайлоо комиссиясы")]),
    ("Кыргыз Республикасынын Борбордук шайлоо комиссиясына Семеновский айыл өкмөтүнүн башчысын", _KYRGYZ_OTHER,
     [("cec", "Кыргыз Республикасынын Борбордук шайлоо комиссиясына"),
      ("local_government", "Семеновский айыл өкмөтүнүн")]),
    ("Бул тууралуу БШКдан билдиришти", _KYRGYZ_OTHER, [("cec", "БШКдан")]),
])
def test_mentions_in_their_document(text, home, expected):
    assert [(r.id, r.raw) for r in find_bodies(text, None, home)] == expected


def test_a_foreign_plan_gives_no_kyrgyz_ids(tmp_path):
    """A Belarusian institution's plan as a document: its «Учреждение», «Минздрава» and persons stay
    ``other``; nothing becomes the CEC."""
    import shailoo

    text = ("ПЛАН РАБОТЫ комиссии по противодействию коррупции в Учреждении «Гомельский областной центр "
            "профилактической дезинфекции» на 2024 год\n\n"
            "№\tНаименование мероприятий\tСрок исполнения\tОтветственные лица\n"
            "1.\tИзучение постановлений коллегий Минздрава\tПо мере поступления\tЗав.отделами, Митрахович С.А.\n"
            "2.\tРабота комиссии\t2024\tРабочая группа, отдел кадров\n")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    doc = shailoo.parse(path)
    refs = [r for a in doc.activities for r in a.responsible] + [m.value for m in doc.mentions if m.type == "body"]
    assert refs and {r.id for r in refs} == {"other"}
    owners = {a.number: [(r.kind, r.raw) for r in a.responsible] for a in doc.activities}
    assert owners["1."] == [("person", "Зав.отделами, Митрахович С.А.")]
    assert owners["2."] == [("group", "Рабочая группа"), ("department", "отдел кадров")]
