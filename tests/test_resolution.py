"""Tests of ``shailoo.parsers.interpret.resolution`` (resolutions, orders, decisions on complaints) and
of the header facts of ``shailoo.parsers.interpret.header`` (election day and approval wordings).

The texts are quoted as printed from real public documents (the shared corpus of real texts,
``wild/``: the file number is given with each), cut where the stored copy is cut; and the two
resolution fixtures (``fixtures/text/resolution_ru.txt``, ``resolution_ky.txt``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES
from shailoo.parsers.interpret.document import interpret
from shailoo.parsers.read import read
from shailoo.parsers.read.text import parse_text


def doc_of(text: str, name: str = "inline.txt"):
    return interpret(parse_text(text, path=name).finalize())


def points(doc):
    return [a for a in doc.activities if a.kind == "point"]


# ------------------------------------------------------------------------------------- Russian

# wild 085 (full): Nizhny Novgorod regional commission, 2010.
NIZHNY = """Постановление от 25.11.2010 г № 1320

Об утверждении календарного плана мероприятий по подготовке и проведению выборов депутатов Законодательного Собрания Нижегородской области

Избирательная комиссия Нижегородской области постановляет:
1.Утвердить календарный план мероприятий по подготовке и проведению выборов депутатов Законодательного Собрания Нижегородской области (прилагается).
2.Направить настоящее постановление в окружные избирательные комиссии по выборам депутатов Законодательного Собрания Нижегородской области и территориальные избирательные комиссии.
3.Возложить контроль за выполнением плана на секретаря избирательной комиссии Нижегородской области С.Е. Мельникова.
Председатель комиссии
С.Н.БИСИН
Секретарь заседания
Д.В.СТЕПАНОВ

Приложения

2010-11-25 Приложение к Постановлению от 25 ноября 2010 года № 1320 План
"""


def test_number_date_subject_points_control_signatories():
    doc = doc_of(NIZHNY)
    r = doc.document.resolution
    assert doc.document.kind == "resolution"
    assert (r.act, r.number, r.date, r.date_raw) == ("Постановление", "1320", dt.date(2010, 11, 25), "25.11.2010 г")
    assert r.subject.startswith("Об утверждении календарного плана") and r.subject.endswith("Нижегородской области")
    assert doc.document.title == r.subject
    assert r.operative == "постановляет:" and r.preamble == "Избирательная комиссия Нижегородской области"
    assert [(a.number, a.path) for a in points(doc)] == [("1.", "1"), ("2.", "2"), ("3.", "3")]
    assert r.control.who == "секретаря избирательной комиссии Нижегородской области С.Е. Мельникова"
    assert r.control.point == "3" and not r.control.self_
    assert points(doc)[2].cells["responsible"] == r.control.who
    assert [(s.position, s.name) for s in r.signatories] == [("Председатель комиссии", "С.Н.БИСИН"),
                                                           ("Секретарь заседания", "Д.В.СТЕПАНОВ")]


# wild 062: an order whose points are printed on the line of «приказываю:».
ROSPOTREB = """ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ЗАЩИТЫ ПРАВ ПОТРЕБИТЕЛЕЙ И БЛАГОПОЛУЧИЯ ЧЕЛОВЕКА
ПРИКАЗ
9 октября 2008 г.
N 363
ОБ УТВЕРЖДЕНИИ ВЕДОМСТВЕННОЙ ПРОГРАММЫ
ПРОТИВОДЕЙСТВИЯ КОРРУПЦИИ
В целях реализации Концепции административной реформы в Российской Федерации в 2006-2008 годах, утвержденной распоряжением Правительства Российской Федерации от 25 октября 2005 г. N 1789-р приказываю: 1. Утвердить Ведомственную программу противодействия коррупции (приложение). 2. Руководителям управлений Роспотребнадзора по субъектам Российской Федерации, по железнодорожному транспорту разработать и утвердить аналогичные программы и в срок до 22 октября 2008 г. представить их копии в Роспотребнадзор. 3. Контроль за исполнением настоящего приказа оставляю за собой.
Руководитель
Г.Г.ОНИЩЕНКО
Приложение
УТВЕРЖДЕНА
"""


def test_inline_points_executor_deadline_and_control_kept_by_the_signatory():
    doc = doc_of(ROSPOTREB)
    r = doc.document.resolution
    assert (r.act, r.number, r.date) == ("ПРИКАЗ", "363", dt.date(2008, 10, 9))
    assert r.subject == "ОБ УТВЕРЖДЕНИИ ВЕДОМСТВЕННОЙ ПРОГРАММЫ ПРОТИВОДЕЙСТВИЯ КОРРУПЦИИ"
    pts = points(doc)
    assert [a.path for a in pts] == ["1", "2", "3"]
    assert pts[1].cells["executor"] == ("Руководителям управлений Роспотребнадзора по субъектам Российской "
                                        "Федерации, по железнодорожному транспорту")
    assert pts[1].cells["term"] == "в срок до 22 октября 2008 г." and pts[1].term.kind == "date"
    assert r.control.self_ and r.control.who is None and r.control.point == "3"
    assert [(s.position, s.name) for s in r.signatories] == [("Руководитель", "Г.Г.ОНИЩЕНКО")]


# wild 025: a governor's decree, letter-spaced, with printed line breaks inside the points.
ORENBURG = """У К А З
ГУБЕРНАТОРА ОРЕНБУРГСКОЙ ОБЛАСТИ
09.03.2010 г. Оренбург N 36-ук
Утратил силу -
Указ Губернатора Оренбургской области
от 15.10.2015 № 791-ук
О создании совета по антикоррупционной политике
при Губернаторе Оренбургской области
(В редакции Указов Губернатора Оренбургской области
от 11.10.2011 г. N 779-ук)
В соответствии с постановлением Правительства Оренбургской
области от 11.11.2008 N 415-п "Об утверждении областной целевой
программы "Противодействие коррупции в Оренбургской области на 2008-
2010 годы"
п о с т а н о в л я ю:
1. Образовать совет по антикоррупционной политике при Губернаторе
Оренбургской области (далее - совет) и утвердить в составе согласно
приложению N 1.
2. Утвердить положение о совете согласно приложению N 2.
"""


def test_letter_spaced_heading_and_formula_and_wrapped_points():
    doc = doc_of(ORENBURG)
    r = doc.document.resolution
    assert doc.document.kind == "resolution"
    assert (r.act, r.number, r.date) == ("У К А З", "36-ук", dt.date(2010, 3, 9))
    assert r.place is None  # «2010 г. Оренбург»: the «г.» belongs to the year, nothing is guessed
    assert r.subject == "О создании совета по антикоррупционной политике при Губернаторе Оренбургской области"
    assert r.operative == "п о с т а н о в л я ю:"
    pts = points(doc)
    assert [a.path for a in pts] == ["1", "2"]
    assert pts[0].text.endswith("утвердить в составе согласно приложению N 1.")


# wild 009: the excerpt starts with an editorial note on another act; the points approve a plan.
RF_CEC = """Постановлением ЦИК России от 27 марта 2020 г. N 245/1815-7 действие настоящего документа приостановлено с 27 марта 2020 г.
На основании Указа Президента Российской Федерации от 17 марта 2020 года N 188 "О назначении общероссийского голосования по вопросу одобрения изменений в Конституцию Российской Федерации", Центральная избирательная комиссия Российской Федерации постановляет:
1. Утвердить Календарный план мероприятий по подготовке и проведению общероссийского голосования по вопросу одобрения изменений в Конституцию Российской Федерации (прилагается).
2. Контроль за выполнением Календарного плана мероприятий возложить на секретаря Центральной избирательной комиссии Российской Федерации М.В. Гришину.
3. Опубликовать настоящее постановление в оф"""


def test_a_note_on_another_act_gives_no_number_or_date():
    doc = doc_of(RF_CEC)
    r = doc.document.resolution
    assert doc.document.kind == "resolution"  # not calendar_plan: «Утвердить Календарный план» is a point
    assert (r.number, r.date, r.subject) == (None, None, None)
    assert len(points(doc)) == 3 and r.control.point == "2"
    assert r.control.who == "секретаря Центральной избирательной комиссии Российской Федерации М.В. Гришину"


# wild 017: a decision of the CEC KR on a complaint.
COMPLAINT = """28.11.2016

Принимая во внимание, что политической партией «Онугуу-Прогресс» было допущено нарушение норм Закона Кыргызской Республики «О выборах депутатов местных кенешей», руководствуясь пунктом 2 частью 1 статьи 7 Закона Кыргызской Республики «Об избирательных комиссиях по проведению выборов и референдумов Кыргызской Республики», статьями 28, 42 Закона Кыргызской Республики «О выборах депутатов местных кенешей», Центральная комиссия по выборам и проведению референдумов Кыргызской Республики

РЕШИЛА:

1. В удовлетворении жалобы политической партии «Онугуу-Прогресс» от 25 ноября 2016г. на действия Бишкекской территориальной избирательной комиссии о предупреждении от 23 ноября 2016г. отказать.

2. Опубликовать настоящее решение на официальном сайте Центральной комиссии по выборам и проведению референдумов Кыргызской Республики.

3. Контроль за исполнением настоящего решения возложить на члена Центральной комиссии по выборам и проведению р"""


def test_decision_on_a_complaint_with_its_legal_bases():
    doc = doc_of(COMPLAINT)
    r = doc.document.resolution
    assert doc.document.kind == "resolution" and r.operative == "РЕШИЛА:"
    assert r.date == dt.date(2016, 11, 28) and r.number is None  # the number is not printed
    bases = [(c.act, c.article, c.part, c.point) for c in r.legal_bases]
    assert ("commissions_law", "7", "1", "2") in bases
    assert ("local_kenesh_law", "28", None, None) in bases and ("local_kenesh_law", "42", None, None) in bases
    assert [a.path for a in points(doc)] == ["1", "2", "3"]
    assert r.control.who.startswith("члена Центральной комиссии")  # cut off in the source, kept as printed


# wild 045: the executor of a point and its deadline in numbers.
def test_executor_and_numeric_deadline():
    doc = doc_of("ПРИКАЗ\nот 2 марта 2016 г. N 80\n\nОБ УТВЕРЖДЕНИИ МЕТОДИЧЕСКИХ РЕКОМЕНДАЦИЙ\n\n"
                 "В целях повышения качества корпоративного управления приказываю:\n\n"
                 "1. Утвердить Методические рекомендации согласно приложению.\n\n"
                 "2. Управлению информационных технологий (Ю.П. Холодняков) совместно с Управлением "
                 "корпоративных технологий (В.В. Семерикова) в срок до 15.03.2016 обеспечить публикацию\n")
    pts = points(doc)
    # «совместно с …» names a co-executor: both are the point's executors.
    assert pts[1].cells["executor"] == ("Управлению информационных технологий (Ю.П. Холодняков), "
                                        "Управлением корпоративных технологий (В.В. Семерикова)")
    assert [o.raw for o in pts[1].responsible] == ["Управлению информационных технологий (Ю.П. Холодняков)",
                                                   "Управлением корпоративных технологий (В.В. Семерикова)"]
    assert pts[1].cells["term"] == "в срок до 15.03.2016" and pts[1].term.kind == "date"
    assert "executor" not in pts[0].cells


def test_fixture_ru():
    doc = interpret(read(str(FIXTURES / "text" / "resolution_ru.txt")))
    r = doc.document.resolution
    assert (r.act, r.number, r.date, r.place) == ("ПОСТАНОВЛЕНИЕ", "72", dt.date(2022, 8, 10), "г. Бишкек")
    assert r.subject.startswith("О календарном плане") and r.preamble.startswith("В соответствии со статьями 11 и 42")
    assert [(c.act, c.article) for c in r.legal_bases] == [("local_kenesh_law", "11"), ("local_kenesh_law", "42")]
    p = {a.path: a for a in points(doc)}
    assert p["3"].cells["executor"] == "Отделу информационного обеспечения"
    assert [(s.position, s.name) for s in r.signatories] == [("Председатель", "Б. Бекмуратов"), ("Секретарь", "А. Асанова")]


# ------------------------------------------------------------------------------------- Kyrgyz

# wild 065: a village council's resolution; auto-numbered points all print «1.».
KARA_SHORO = """Кара-Шоро айылдык кеңешинин VIII чакырылыщынын II сессиясынын

ТОКТОМУ

16-январь,2025-жыл.                                          № 9                                  Өзгөн району
                                                                                                                        Ак-Жар айылы

Кара-шоро айылдык кеңешинин 2025-жылга иш  планынын бекитүү жөнүндө

Кара-Шоро айылдык кеңеши 2025-жылга карата айылдык кеңештин иш планнын бекитүү боюнча кеңири талкуулоонун негизинде

ТОКТОМ КЫЛАТ

  1. Кара-Шоро айылдык кенешинин 2025- жылга пландаштырылган иш планы бекитилсин.

( Тиркеме тиркелет 16 барак)

  1. Токтомдун аткарылышы боюнча көзөмөлдү өзүмө калтырам

Төрага:
"""


def test_kyrgyz_council_resolution():
    doc = doc_of(KARA_SHORO)
    r = doc.document.resolution
    assert doc.document.kind == "resolution" and doc.document.language == "ky"
    assert (r.act, r.number, r.date, r.place) == ("ТОКТОМУ", "9", dt.date(2025, 1, 16), "Ак-Жар айылы")
    assert r.subject == "Кара-шоро айылдык кеңешинин 2025-жылга иш планынын бекитүү жөнүндө"
    assert r.operative == "ТОКТОМ КЫЛАТ"
    pts = points(doc)
    assert [a.number for a in pts] == ["1.", "1."]  # as printed: the numbering rule reports it
    assert pts[0].text.endswith("( Тиркеме тиркелет 16 барак)")
    assert r.control.self_ and r.control.point == "1"
    assert [(s.position, s.name) for s in r.signatories] == [("Төрага", None)]


# wild 078: a subject over four lines; a point whose text starts with a year («1.2020-жылга»).
JALPAK_TASH = """ТОКТОМ

Курбу-Таш айылы                                        № 1                              “20” февраль 2021-жыл

Жалпак-Таш айыл өкмөтүнүн жергиликтүү бюджетинин
2020-жылдагы киреше, чыгаша бөлүгүнүн аткарылышы жана
айыл өкмөтүнүн  башчысынын  аткарган иштеринин
маалыматын угуу жөнүндө

Кыргыз Республикасынын Бюджеттик Кодексинин  78-беренесине, Кыргыз Республикасынын Жергиликтүү өз алдынча башкаруу жөнүндө Мыйзамынын 31-беренесине  жана туруктуу комиссиясынын сунуштарынын негизинде   Жалпак-Таш  айылыдык кеңеши

ТОКТОМ КЫЛАТ

1.2020-жылга Жалпак-Таш айыл өкмөтүнүн  бюджетинин кирешеси 211144,1 сомго аткарылгандыгы белгиленсин.

2.Жалпак-Таш айыл өкмөтүнүн башчысынын 2020-жылы алып барган жана аткарган иштери кана"""


def test_kyrgyz_multiline_subject_and_year_led_point():
    doc = doc_of(JALPAK_TASH)
    r = doc.document.resolution
    assert (r.number, r.date, r.place) == ("1", dt.date(2021, 2, 20), "Курбу-Таш айылы")
    assert r.subject == ("Жалпак-Таш айыл өкмөтүнүн жергиликтүү бюджетинин 2020-жылдагы киреше, чыгаша бөлүгүнүн "
                         "аткарылышы жана айыл өкмөтүнүн башчысынын аткарган иштеринин маалыматын угуу жөнүндө")
    assert [(a.number, a.path) for a in points(doc)] == [("1.", "1"), ("2.", "2")]
    assert points(doc)[0].text.startswith("2020-жылга Жалпак-Таш")


# wild 016: archives list a resolution as «date № number subject».
def test_archive_title_line_makes_a_resolution():
    doc = doc_of("15.06.2021 № 471 Ысык-Көл облусунун Жети-Өгүз районунун Тамга айыл өкмөтүнүн башчыларын "
                 "кайра шайлоону дайындоо жөнүндө\n\nЫсык-Көл облусунун Жети-Өгүз районунун Тамга айыл "
                 "өкмөтүнүн башчыларын кайра шайлоону дайындоо жөнүндө\n")
    r = doc.document.resolution
    assert doc.document.kind == "resolution" and (r.number, r.date) == ("471", dt.date(2021, 6, 15))
    assert r.subject.startswith("Ысык-Көл облусунун") and r.subject.endswith("дайындоо жөнүндө")


# wild 019: a Kyrgyz preamble's legal bases; the date of the amended act is not the resolution's.
def test_kyrgyz_legal_bases_and_a_reference_date():
    doc = doc_of("№32 Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук комиссиясынын "
                 "2017-жылдын 6-январындагы №3 токтому менен бекитилген Жоболоруна өзгөр\n\n"
                 "“Кыргыз Республикасынын шайлоо жана референдум өткөрүү боюнча шайлоо комиссиялары жөнүндө” "
                 "Кыргыз Республикасынын Мыйзамынын 7, 18-беренелерине ылайык, Кыргыз Республикасынын Шайлоо "
                 "жана референдум өткөрүү боюнча борбордук комиссиясы\n\nТОКТОМ КЫЛАТ:\n\n"
                 "1. Жобосуна төмөнкүдөй өзгөртүүлөр киргизилсин:\n\n"
                 "- 35-пункттун экинчи абзацындагы “үчтөн экисинен кем эмес” деген сөздөр алмаштырылсын;\n")
    r = doc.document.resolution
    assert r.number == "32" and r.date is None
    assert [c.article for c in r.legal_bases] == ["7", "18"]
    (p,) = points(doc)
    assert p.items == ["35-пункттун экинчи абзацындагы “үчтөн экисинен кем эмес” деген сөздөр алмаштырылсын;"]


def test_fixture_ky():
    doc = interpret(read(str(FIXTURES / "text" / "resolution_ky.txt")))
    r = doc.document.resolution
    assert (r.act, r.number, r.date, r.place) == ("ТОКТОМ", "72", dt.date(2022, 8, 10), "Бишкек шаары")
    assert r.subject.endswith("календардык планы жөнүндө") and r.operative == "токтом кылат:"
    assert [(c.act, c.article) for c in r.legal_bases] == [("local_kenesh_law", "11"), ("local_kenesh_law", "42")]
    p = {a.path: a for a in points(doc)}
    assert p["2.1"].cells["executor"] == "Кадамжай райондук аймактык шайлоо комиссиясы"
    assert p["3"].cells["executor"] == "Маалыматтык камсыздоо бөлүмү"
    assert r.control.who == "Борбордук комиссиянын катчысы А.А. Асановага"
    assert [(s.position, s.name) for s in r.signatories] == [("Төрага", "Б. Бекмуратов"), ("Катчы", "А. Асанова")]


def test_other_documents_have_no_resolution_key():
    doc = doc_of("КАЛЕНДАРНЫЙ ПЛАН\n\n№\tМероприятие\tСрок\n1\tСоставление списков\tдо 10 августа 2022 года\n")
    assert doc.document.resolution is None and "resolution" not in doc.document.model_dump()


@pytest.mark.parametrize("text", ["ПОСТАНОВЛЕНИЕ", "постановляет:", "ТОКТОМ КЫЛАТ\n- \n1.", "№\n\nО\n",
                                  "Председатель\nПредседатель\n", "1. 2. 3. постановляет: 1. 2. 3."])
def test_fragments_never_raise(text):
    doc_of(text)


# ------------------------------------------------------------------------------------- header facts

@pytest.mark.parametrize("text,day", [
    ("Календарный план\n\nдата выборов — 1 марта 2009 года\n", dt.date(2009, 3, 1)),  # wording of the issue
    ("Календардык план\n\nШайлоо күнү – жекшемби, 2024-жылдын 30-июну\n", dt.date(2024, 6, 30)),  # wild 001-003
    ("Календарный план мероприятий по выборам депутатов, назначенных на 10 января 2021 года\n", dt.date(2021, 1, 10)),
    ("Календардык план\n\n2014-жылдын 26-январына дайындалган айылдык кеңештин шайлоосу\n", dt.date(2014, 1, 26)),
    ("Жогорку Кеңештин депутаттарын мөөнөтүнөн мурда шайлоо 2025-жылдын 30-ноябрына дайындалды.\n",  # wild 046
     dt.date(2025, 11, 30)),
    ("1. Объявить 22 декабря 2019 года Днем выборов депутатов Законодательной палаты.\n",  # wild 057
     dt.date(2019, 12, 22)),
    ("1-3 июня продолжилось проведение обучающих семинаров по подготовке к выборам депутатов Государственной "
     "Думы Федерального Собрания Российской Федерации 18 сентября 2016 года\n", dt.date(2016, 9, 18)),  # wild 055
    ("План\n\nДата официального опубликования решения о назначении выборов\t12 июня 2014 года\n"  # wild 008
     "День голосования\t14 сентября 2014 года\n", dt.date(2014, 9, 14)),
])
def test_election_day_wordings(text, day):
    assert doc_of(text).document.election_day == day


def test_a_date_after_a_dash_is_not_the_election_day():
    # wild 005: «решения о назначении выборов - 28 ноября 2007 года» is the calling, «День голосования» follows.
    doc = doc_of("Дата официального опубликования (публикации)\nрешения о назначении выборов - 28 ноября 2007 года.\n"
                 "День голосования - 2 марта 2008 года.\n")
    assert doc.document.election_day == dt.date(2008, 3, 2)


@pytest.mark.parametrize("text,number,date", [
    ("Приложение 1\nк распоряжению Главы Сургутского района\nот 11 августа 2005 г. N 1000 р\nПлан мероприятий\n",
     "1000", dt.date(2005, 8, 11)),  # wild 080
    ("(приложение к постановлению Центральной комиссии № 24/1 от 22 октября 2020 года)\n\nКалендарный план\n",
     "24/1", dt.date(2020, 10, 22)),
])
def test_approval_wordings(text, number, date):
    a = doc_of(text).document.approved
    assert (a.number, a.date) == (number, date)


# ------------------------------------------------------------------- round 2: Kyrgyz front matter

# wild 087: a government resolution; the heading puts the body in the genitive before «ТОКТОМУ», the
# dateline holds place, date and number; the page title above repeats the subject.
KR_GOVERNMENT = """2015-2017-жылдарга Кыргыз Республикасынын коррупцияга каршы саясатынын мамлекеттик стратегиясын аткаруу боюнча Кыргыз Республикасынын мамлекеттик органдарынын иш-чараларынын планын бекитүү жөнүндө КР Өкмөтүнүн токтому

КЫРГЫЗ РЕСПУБЛИКАСЫНЫН

ӨКМӨТҮНҮН ТОКТОМУ

Бишкек шаары, 2015-жылдын 30-марты № 170

2015-2017-жылдарга Кыргыз Республикасынын коррупцияга каршы саясатынын мамлекеттик стратегиясын аткаруу боюнча Кыргыз Республикасынын мамлекеттик органдарынын иш-чараларынын планын бекитүү жөнүндө

(КР Өкмөтүнүн 2015-жылдын 16-июнундагы № 364,

2016-жылдын 4-ноябрындагы № 570, 2017-жылдын 2-октябрындагы № 640 токтомдорунун редакциясына ылайык)
"""


def test_kyrgyz_heading_with_the_body_in_the_genitive():
    doc = doc_of(KR_GOVERNMENT)
    r = doc.document.resolution
    assert doc.document.kind == "resolution"
    assert (r.act, r.number, r.date, r.place) == ("ТОКТОМУ", "170", dt.date(2015, 3, 30), "Бишкек шаары")
    assert r.subject.startswith("2015-2017-жылдарга") and r.subject.endswith("планын бекитүү жөнүндө")


# wild 015: the subject line right above the preamble, with a source note above it; cut before the
# operative formula.
SUBJECT_OVER_PREAMBLE = """source: http://old.shailoo.gov.kg/index.php?module=content
note: excerpt

Кыргыз Республикасынын жергиликтүү өз алдынча башкаруусунун аткаруучу органдарынын башчыларын шайлоолорду жүргүзүү графигине өзгөртүүлөрдү киргизүү жөнүндө
Кыргыз Республикасынын Борбордук шайлоо комиссиясына Семеновский айыл өкмөтүнүн башчысын шайлоо күнүн жылдыруу тууралуу катынын негизинде, “Жергиликтүү өз алдынча башкаруу жөнүндө” Кыргыз Республикасынын Мыйзамынын 49-беренесинин 2-бөлүгүн жетекчиликке алып, Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук ком
"""


def test_subject_line_above_the_preamble_makes_a_resolution():
    doc = doc_of(SUBJECT_OVER_PREAMBLE)
    r = doc.document.resolution
    assert doc.document.kind == "resolution" and r.number is None and r.date is None
    assert r.subject == ("Кыргыз Республикасынын жергиликтүү өз алдынча башкаруусунун аткаруучу органдарынын "
                         "башчыларын шайлоолорду жүргүзүү графигине өзгөртүүлөрдү киргизүү жөнүндө")


# wild 089: the place after a wide space run on the dateline; the subject printed over two heading
# paragraphs.
TOKTOGUL = """Токтогул шаардык кеңешинин XXVIII чакырылышынын

кезектеги  XXXXIII сессиясы

ТОКТОМ                                                  ПОСТАНОВЛЕНИЕ

2022-жылдын  08-февралы  № 01                             Токтогул  шаары

2021-жылдын жыйынтыгы боюнча Токтогул шаарынын мэри

Б.Болгонбековдун  отчету жөнүндө

Б.Болгонбековдун  отчетун угуп жана талкуулап, Токтогул шаардык кеңешинин XXVIII чакырылышынын  кезектеги  XXXXIII сессиясы

ТОКТОМ КЫЛАТ:

 1. Токтогул шаарынын мэри Б.Болгонбековдун 2021-жыл ичинде аткарган иштери ж
"""


def test_subject_over_two_heading_paragraphs_and_place_after_spaces():
    r = doc_of(TOKTOGUL).document.resolution
    assert (r.number, r.date, r.place) == ("01", dt.date(2022, 2, 8), "Токтогул шаары")
    assert r.subject == "2021-жылдын жыйынтыгы боюнча Токтогул шаарынын мэри Б.Болгонбековдун отчету жөнүндө"


# wild 088: «3 .Ушул» (a space before the dot), the control clause with «жагы», the executor in the
# dative before a passive order, the date «16.02.2018-жыл.» whose «-жыл.» is no subject.
KURSHAB = """Куршаб  айылдык Кеңешинин  (алтынчы   шайланган ) ХIV кезексиз  отурумунун

ТОКТОМУ  №47

Куршаб айылы                                                                               16.02.2018-жыл.

Куршаб айылдык кеңешинин 2018-жылга  иш планын  бекитүү  жөнүндө

Куршаб айылдык кеңешинин  2018-жылга  иш планын  бекитүү  жөнүндө маселени айылдык кеңешинин туруктуу комиссияларынын иш планынын негизинде  алдын ала карап,  талкуулап чыгып  Куршаб  айылдык    Кеңешинин (алтынчы  шайланган)  ХIV кезексиз  сессиясы

 ТОКТОМ КЫЛАТ :

 1. Куршаб айылдык кеңешинин 2018-жылга иш планы атайын тиркемеге ылайык  бектилсин.

2.Бекитилген Куршаб айылдык кеңешинин 2018-жылга иш планын өз мөөнөтүндө аткаруу жагы Куршаб айылдык кеңешинин туруктуу комиссияларына милдеттендирилсин.

3 .Ушул токтомдун аткарылышын  көзөмөлдөө жагы айылдык кеңештин төрагасына  жүктөлсүн.
"""


def test_kurshab_points_terms_and_executors():
    doc = doc_of(KURSHAB)
    r = doc.document.resolution
    assert (r.number, r.date, r.subject) == ("47", dt.date(2018, 2, 16),
                                             "Куршаб айылдык кеңешинин 2018-жылга иш планын бекитүү жөнүндө")
    pts = points(doc)
    assert [p.number for p in pts] == ["1.", "2.", "3 ."]
    assert pts[0].cells["term"] == "2018-жылга" and pts[0].term.kind == "period" and pts[0].term.year == 2018
    assert pts[1].cells["executor"] == "Куршаб айылдык кеңешинин туруктуу комиссияларына"
    assert r.control.who == "айылдык кеңештин төрагасына" and "term" not in pts[2].cells


# ------------------------------------------------------------------- round 2: the terms of points

@pytest.mark.parametrize("point, term, kind", [
    # wild 051, 050, 062: the period (or years) the plan a point approves is for
    ("1. Утвердить прилагаемый План работы избирательной комиссии Ставропольского края на 2023 год.",
     "на 2023 год", "period"),
    ("1. Утвердить План работы Избирательной комиссии Ленинградской области на I полугодие 2023 года "
     "(прилагается).", "I полугодие 2023 года", "period"),
    # wild 057: a date the point declares
    ("1. Объявить 22 декабря 2019 года Днем выборов депутатов Законодательной палаты Олий Мажлиса.",
     "22 декабря 2019 года", "date"),
    # wild 032: an event
    ("3. Настоящее постановление вводится в действие со дня его первого официального опубликования.",
     "со дня его первого официального опубликования", "event"),
    # wild 078: Kyrgyz, the year glued to the point number
    ("1.2020-жылга Жалпак-Таш айыл өкмөтүнүн  бюджетинин кирешеси 211144,1 сомго аткарылгандыгы белгиленсин.",
     "2020-жылга", "period"),
])
def test_the_term_a_point_names(point, term, kind):
    doc = doc_of("ПОСТАНОВЛЕНИЕ\n\nКомиссия постановляет:\n\n" + point + "\n")
    pt = points(doc)[0]
    assert pt.cells["term"] == term and pt.term.kind == kind


@pytest.mark.parametrize("point", [
    # wild 017: the dates of the complaint («от 25 ноября 2016г.») are not the point's time
    "1. В удовлетворении жалобы политической партии «Онугуу-Прогресс» от 25 ноября 2016г. на действия "
    "Бишкекской территориальной избирательной комиссии о предупреждении от 23 ноября 2016г. отказать.",
    # wild 019: the date of the act a point amends
    "1. Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук комиссиясынын 2017-жылдын "
    "6-январындагы №3 токтому менен бекитилген “Шаардын мэрин шайлоонун тартиби жөнүндө” Жобосуна төмөнкүдөй "
    "өзгөртүүлөр киргизилсин:",
    # wild 025: «при Губернаторе» is no condition; wild 026: «Аяно-Майского» is no May
    "1. Образовать совет по антикоррупционной политике при Губернаторе Оренбургской области.",
    "3.2. Представление главе Аяно-Майского муниципального района отчета.",
    # wild 065: «туруктуу комиссия» (a standing committee) is no «continuous»
    "1. Айылдык кенештин тиешелүү туруктуу комиссияларынын төргаларына милдеттендирилсин.",
    # wild 051: a control clause names the plan it controls, not a time
    "2. Контроль за выполнением Плана работы избирательной комиссии Ставропольского края на 2023 год "
    "возложить на секретаря избирательной комиссии Ставропольского края Мальцеву О.А.",
])
def test_no_term_from_what_names_no_time(point):
    doc = doc_of("ПОСТАНОВЛЕНИЕ\n\nКомиссия постановляет:\n\n" + point + "\n")
    pt = points(doc)[0]
    assert "term" not in pt.cells and pt.term is None


# ------------------------------------------------------------------- round 2: executors

def test_executor_over_a_line_break_with_its_frequency():
    # wild 025: the executor runs on over the printed line break
    doc = doc_of("У К А З\n\nп о с т а н о в л я ю:\n5. Органам исполнительной власти Оренбургской области\n"
                 "ежеквартально представлять в аппарат Губернатора и Правительства информацию\n")
    pt = points(doc)[0]
    assert pt.cells["executor"] == "Органам исполнительной власти Оренбургской области"
    assert [o.raw for o in pt.responsible] == ["Органам исполнительной власти Оренбургской области"]
    assert pt.cells["term"] == "ежеквартально" and pt.term.kind == "recurring"


def test_passive_agent_is_the_executor_and_a_recipient_is_not():
    # wild 057: the agent of a passive verb; wild 049: the recipient of «Направить … в …»
    doc = doc_of("ПОСТАНОВЛЕНИЕ\n\nПОСТАНОВЛЯЕТ:\n"
                 "1. Направить настоящее постановление в территориальные избирательные комиссии.\n"
                 "2. Отметить, что все мероприятия, связанные с проведением выборов, осуществляются "
                 "Центральной избирательной ком\n")
    pts = points(doc)
    assert "executor" not in pts[0].cells and pts[0].responsible == []
    assert pts[1].cells["executor"] == "Центральной избирательной ком"


def test_kyrgyz_dative_before_a_passive_order():
    # wild 065: after the sentence that names the task
    doc = doc_of("ТОКТОМ\n\nТОКТОМ КЫЛАТ\n\n  1. Кара-Шоро айылдык кенешинин иш планында пландаштырылган "
                 "маселелерди айылдык кеңештин сессияларына алып чыгуу. Айылдык кенештин тиешелүү туруктуу "
                 "комиссияларынын төргаларына жана айылдык кенештин жооптуу катчысына милдеттендирилсин.\n")
    assert points(doc)[0].cells["executor"] == ("Айылдык кенештин тиешелүү туруктуу комиссияларынын "
                                                "төргаларына жана айылдык кенештин жооптуу катчысына")


# wild 091: an amending order without an operative formula; dash points after its lead-in sentence;
# the quoted new wording of point 3 is not this order's control clause.
BUYRUK = """КЫРГЫЗ РЕСПУБЛИКАСЫНЫН ӨКМӨТҮ

БУЙРУК

2015-жылдын 15-сентябры № 450-б

Кыргыз Республикасынын Өкмөтүнүн 2014-жылдын 12-февралындагы № 44-б буйругуна төмөнкүдөй толуктоолор жана өзгөртүү киргизилсин:

- 1-пункт төмөнкүдөй мазмундагы төртүнчү абзац менен толукталсын:

"- Кыргыз Республикасынын мамлекеттик органдары тарабынан коррупцияга каршы чаралардын ишке ашырылышынын натыйжалуулугуна комплекстүү баалоо жүргүзүү боюнча колдонмо.";

- 3-пункт төмөнкүдөй редакцияда баяндалсын:

"3. Ушул буйруктун аткарылышын контролдоо Кыргыз Республикасынын Өкмөтүнүн Аппаратынын коррупцияга каршы саясат бөлүмүнө жүктөлсүн.";

- ушул буйруктун тиркемесине ылайык Кыргыз Республикасынын мамлекеттик органдары тарабынан коррупцияга каршы чаралардын ишке ашырылышынын натыйжалуулугуна комплекстүү баалоо жүргүзүү боюнча колдонмо менен толукталсын.

Тиркеме
"""


def test_order_without_formula_has_its_dash_points():
    doc = doc_of(BUYRUK)
    r = doc.document.resolution
    assert (r.act, r.number, r.date, r.operative) == ("БУЙРУК", "450-б", dt.date(2015, 9, 15), None)
    pts = points(doc)
    assert len(pts) == 3 and pts[0].text.startswith("1-пункт") and pts[2].text.startswith("ушул буйруктун")
    assert r.control is None and all(not p.responsible for p in pts)


# wild 029: news of an approved plan, then the plan's points as prose: a calendar plan, not a
# resolution without points.
PLAN_AS_NEWS = """Центральной избирательной комиссии Республики Казахстан 10 апреля утверждено постановление № 10/232 о календарном плане основных мероприятий
1. Выдвижение кандидатов в Президенты Республики Казахстан.
Высшие органы республиканских общественных объединений. Начинается со дня, следующего за днем назначения выборов — с 10 апреля 2019 г. и заканчивается в восемнадцать часов по местному времени 28 апреля 2019 г. (ст. 55, ст. 66-1)
2. Установление соответствия кандидата в Президенты Республики Казахстан предъявляемым к нему требованиям.
Центральная избирательная комиссия. В течение пяти дней с момента представления выписки из протокола заседания высшего органа республиканского общественного объединения. (ст. 54)
"""


def test_news_of_an_act_is_what_it_names():
    doc = doc_of(PLAN_AS_NEWS)
    assert doc.document.kind == "calendar_plan" and doc.document.resolution is None
    assert [a.number for a in doc.activities] == ["1.", "2."]
    assert doc.activities[1].term.kind == "relative"


def test_kyrgyz_signatory_with_the_council_in_the_genitive():
    # wild 088: the position after the council's name, the name across a wide gap
    doc = doc_of(KURSHAB + "\n         Куршаб айылдык\n\n кеңешинин  төрөгасы"
                 "                                         Сабытбек уулу Бактыяр\n\n • Тиркеме\n")
    s = doc.document.resolution.signatories
    assert [(x.position, x.name) for x in s] == [("кеңешинин төрөгасы", "Сабытбек уулу Бактыяр")]
