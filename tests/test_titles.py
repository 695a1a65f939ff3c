"""Titles and approvals of plans (issue 20): a document is named by its own heading and the body that
approved it, never by a cover letter's addressee, a site's page title or the approval stamp.

Every expected title below was written by reading the fixture (its lines joined with one space, runs of
spaces closed up), not copied from shailoo's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import shailoo
from conftest import FIXTURES

WILD = FIXTURES / "wild"


def _ws(s: str | None) -> str | None:
    return " ".join(s.split()) if s is not None else None


def _wild(prefix: str, sub: str = "") -> Path:
    folder = WILD / sub if sub else WILD
    (path,) = [p for p in folder.iterdir() if p.name.startswith(prefix + "_")]
    return path


# --------------------------------------------------------------------------- seed 003: a cover letter

SEED003_TITLE = ("Стратегический план действий (СПД) Центральной комиссии по выборам и проведению референдумов "
                 "Кыргызской Республики по реализации Антикоррупционной политики в Кыргызской Республике на "
                 "2023-2025 гг.")


@pytest.mark.parametrize("path", ["text/seed003.txt", "html/seed003.html", "docx/seed003.docx"])
def test_seed003_is_named_by_its_plan_not_by_the_letter(path):
    doc = shailoo.parse(FIXTURES / path).document
    assert _ws(doc.title) == SEED003_TITLE
    assert "Генеральному секретарю" not in doc.title and "Мукановой" not in doc.title
    assert doc.kind == "action_plan"
    # «УТВЕРЖДАЮ / Председатель ЦИК / Кыргызской Республики / Шайлдабекова Н.К. / "26" июня 2023 года»
    assert doc.approved is not None
    assert doc.approved.by == "Председатель ЦИК Кыргызской Республики Шайлдабекова Н.К."
    assert doc.approved.date == dt.date(2023, 6, 26)
    assert doc.approved.act is None and doc.approved.number is None
    assert (doc.period.start, doc.period.end) == (dt.date(2023, 1, 1), dt.date(2025, 12, 31))


# --------------------------------------------------------------------------- real documents

WILD_TITLES = [
    # A stamp «Приложение к постановлению … N 86/415» on the lines above the heading.
    ("008", "", "Календарный план мероприятий по подготовке и проведению выборов депутатов Республики Алтай "
                "шестого созыва"),
    # The school's letterhead lines come first in the same paragraph.
    ("021", "", "ПЛАН мероприятий Государственного учреждения образования «Средняя школа № 4 г.Новополоцка» по "
                "противодействию коррупции на 2025 год"),
    ("021", "docx", "ПЛАН мероприятий Государственного учреждения образования «Средняя школа № 4 г.Новополоцка» "
                    "по противодействию коррупции на 2025 год"),
    ("021", "pdf", "ПЛАН мероприятий Государственного учреждения образования «Средняя школа № 4 г.Новополоцка» "
                   "по противодействию коррупции на 2025 год"),
    # The site's title line, then «УТВЕРЖДЕН распоряжением … от 2021 г. №» (a template: no date), then the
    # letter-spaced heading «Т И П О В О Й  В Е Д О М С Т В Е Н Н Ы Й  П Л А Н».
    ("022", "", "ТИПОВОЙ ВЕДОМСТВЕННЫЙ ПЛАН противодействия коррупции в исполнительном органе государственной "
                "власти Архангельской области на 2021 – 2024 годы"),
    # The site's section and page title, then «УТВЕРЖДЕНО / Приказ …», then the plan's own heading.
    ("042", "", "План мероприятий по противодействию коррупции государственного учреждения образования «Детский "
                "сад № 20 г. Орши» на 2024 год"),
    ("044", "", "План мероприятий по противодействию коррупции в государственном учреждении образования "
                "«Першайская средняя школа» на 2024 год"),
    ("052", "", "Перечень мероприятий программы"),
    ("060", "", "ПЛАН РАБОТЫ комиссии по противодействию коррупции в Учреждении «Гомельский областной центр "
                "профилактической дезинфекции» на 2024 год"),
    ("067", "", "План обучения лиц, зачисленных в состав резерва участковых избирательных комиссий избирательных "
                "участков, участков референдума города Шахты Ростовской области на 2023 год"),
    ("067", "docx", "План обучения лиц, зачисленных в состав резерва участковых избирательных комиссий "
                    "избирательных участков, участков референдума города Шахты Ростовской области на 2023 год"),
    ("080", "", "План мероприятий по содействию избирательным комиссиям в организации подготовки и проведения "
                "выборов глав, депутатов представительных органов вновь образованных муниципальных образований "
                "Сургутского района 02 октября 2005 года"),
    ("081", "", "План основных организационных мероприятий администрации города по подготовке и проведению "
                "выборов Президента Российской Федерации (утв. постановлением администрации города от 15 декабря "
                "2011 г. N 4244)"),
    # Kyrgyz: the heading ends with its head noun («… иш-чаралардын / КАЛЕНДАРЛЫК ПЛАНЫ»), under the
    # stamp «… № 50 токтому менен бекитилген»; a site's title line comes before the stamp.
    ("001", "", "2016-жылдын 15-майына дайындалган Кыргыз Республикасынын айрым жергиликтүү кеңештеринин "
                "депутаттарын шайлоону даярдоо жана өткөрүү боюнча негизги уюштуруу-практикалык иш-чаралардын "
                "КАЛЕНДАРЛЫК ПЛАНЫ"),
    ("002", "", "2014-жылдын 26-январына дайындалган Кыргыз Республикасынын Ысык-Көл облусунун Ысык-Көл районунун "
                "Кум-Бел айылдык кеңешинин, Чүй облусунун Кемин районунун Жаңы-Алыш айылдык кеңешинин "
                "депутаттарын мөөнөтүнөн мурда шайлоону даярдоо жана өткөрүү боюнча негизги "
                "уюштуруу-практикалык иш-чаралардын КАЛЕНДАРЛЫК ПЛАНЫ"),
    # The Russian page title first, the Kyrgyz document's own heading under its stamp.
    ("003", "", "Кыргыз Республикасынын Ош жана Нарын облустарынын жергиликтүү кеңештеринин депутаттарын "
                "шайлоону даярдоо жана өткөрүү боюнча негизги уюштуруу-практикалык иш-чаралардын КАЛЕНДАРДЫК "
                "ПЛАНЫ"),
    ("086", "", "2017-жылдын 3-сентябрына дайындалган Кыргыз Республикасынын кээ бир жергиликтүү кеңештеринин "
                "депутаттарын мөөнөтүнөн мурда шайлоону даярдоо жана өткөрүү боюнча негизги "
                "уюштуруу-практикалык иш-чаралардын КАЛЕНДАРДЫК ПЛАНЫ"),
    ("086", "docx", "2017-жылдын 3-сентябрына дайындалган Кыргыз Республикасынын кээ бир жергиликтүү "
                    "кеңештеринин депутаттарын мөөнөтүнөн мурда шайлоону даярдоо жана өткөрүү боюнча негизги "
                    "уюштуруу-практикалык иш-чаралардын КАЛЕНДАРДЫК ПЛАНЫ"),
]


@pytest.mark.parametrize("prefix,sub,title", WILD_TITLES, ids=[f"{p}{'-' + s if s else ''}" for p, s, _ in WILD_TITLES])
def test_wild_plan_titles(prefix, sub, title):
    doc = shailoo.parse(_wild(prefix, sub)).document
    assert _ws(doc.title) == _ws(title)


@pytest.mark.parametrize("name,title", [
    ("report_2024-01-20_ru.docx", "Информация о ходе исполнения Плана действий Центральной комиссии по выборам и "
                                  "проведению референдумов Кыргызской Республики по реализации Антикоррупционной "
                                  "политики Кыргызской Республики на 2023–2025 годы по итогам 2023 года"),
    ("report_other_plan_ru.docx", "Информация о ходе исполнения Плана мероприятий Министерства юстиции Кыргызской "
                                  "Республики по противодействию коррупции на 2020–2022 годы по итогам 2022 года"),
])
def test_progress_report_titles(name, title):
    """The organisation's name above and «(по состоянию на …)» below are not the title."""
    assert _ws(shailoo.parse(FIXTURES / "track" / name).document.title) == title


SEED001_TITLE = ("КАЛЕНДАРНЫЙ ПЛАН основных организационно - практических мероприятий по подготовке и проведению "
                 "выборов депутатов Майданского айылного кенеша Кадамжайского района Баткенской области Кыргызской "
                 "Республики, назначенных на 9 октября 2022 года")


@pytest.mark.parametrize("path", ["text/seed001.txt", "docx/seed001.docx", "pdf/seed001.pdf"])
def test_seed001_title_in_every_format(path):
    """The PDF prints the heading as four paragraphs; «День выборов – …» under it is not part of it."""
    assert _ws(shailoo.parse(FIXTURES / path).document.title) == SEED001_TITLE


def test_news_keeps_its_headline():
    """Seed 002 is a news item: its first line is its title, not the heading of the schedule further down
    («… окутуунун графиги»)."""
    doc = shailoo.parse(FIXTURES / "text" / "seed002.txt").document
    assert _ws(doc.title) == ("2021-жылдын 11-апрелине дайындалган жергиликтүү кеңештердин депутаттарын шайлоону "
                              "даярдоо жана ѳткѳрүү алкагында саясий партияларды окутуу")


# --------------------------------------------------------------------------- approvals

def test_approval_ky_stamp_over_several_lines():
    """«Кыргыз Республикасынын / Шайлоо жана референдум өткөрүү / боюнча борбордук комиссиясынын /
    2016-жылдын 16-мартындагы / № 50 токтому менен / бекитилген»."""
    ap = shailoo.parse(_wild("001")).document.approved
    assert ap is not None
    assert _ws(ap.by) == "Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук комиссиясы"
    assert ap.act == "токтому" and ap.number == "50" and ap.date == dt.date(2016, 3, 16)


@pytest.mark.parametrize("prefix,by,act,number,date", [
    # «УТВЕРЖДЕНО / Приказ / от 03.01.2024 № 1-ах»: the act, no body printed.
    ("042", None, "Приказ", "1-ах", dt.date(2024, 1, 3)),
    # «УТВЕРЖДЕНО / Протокол заседания комиссии / по противодействию коррупции / от 15.01.2024 № 1»
    ("060", "комиссии по противодействию коррупции", "Протокол", "1", dt.date(2024, 1, 15)),
    # «Приложение / к постановлению Избирательной / комиссии Республики Алтай / от 12 июня 2014 г. N 86/415»
    ("008", "Избирательной комиссии Республики Алтай", "постановлению", "86/415", dt.date(2014, 6, 12)),
])
def test_wild_approvals(prefix, by, act, number, date):
    ap = shailoo.parse(_wild(prefix)).document.approved
    assert ap is not None
    assert (_ws(ap.by), ap.act, ap.number, ap.date) == (by, act, number, date)


def test_seed001_approved_by_the_cec():
    ap = shailoo.parse(FIXTURES / "text" / "seed001.txt").document.approved
    assert _ws(ap.by) == "Центральной комиссии по выборам и проведению референдумов Кыргызской Республики"
    assert (ap.act, ap.number, ap.date) == ("постановлением", "72", dt.date(2022, 8, 10))


# --------------------------------------------------------------------------- written for the test

TABLE = "№\tНаименование мероприятий\tСрок исполнения\tИсполнитель\n1.\tРазработка порядка\tI квартал 2024 года\tОтдел\n"
TABLE_KY = "№\tИш-чаралардын мазмуну\tАткаруу мөөнөтү\tАткаруучу\n1.\tТартипти иштеп чыгуу\t2024-жылдын I чейрегинде\tБөлүм\n"


def _write(tmp_path: Path, text: str, name: str = "doc.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_ministers_order_names_the_plan_and_the_minister(tmp_path):
    path = _write(tmp_path, (
        "УТВЕРЖДЕН\nприказом Министра юстиции Кыргызской Республики\nот 12 января 2024 года № 5\n\n"
        "План мероприятий Министерства юстиции Кыргызской Республики\nпо противодействию коррупции на 2024 год\n\n"
        + TABLE))
    doc = shailoo.parse(path).document
    assert _ws(doc.title) == ("План мероприятий Министерства юстиции Кыргызской Республики по противодействию "
                              "коррупции на 2024 год")
    ap = doc.approved
    assert (_ws(ap.by), ap.act, ap.number, ap.date) == ("Министра юстиции Кыргызской Республики", "приказом", "5",
                                                        dt.date(2024, 1, 12))


RU_LETTER = (
    "МИНИСТЕРСТВО ЮСТИЦИИ\nКЫРГЫЗСКОЙ РЕСПУБЛИКИ\n\n"
    "Исх. № 01-12/345 от 30.06.2023\nНа № 15/2 от 12.06.2023\n\n"
    "Председателю Центральной комиссии\nпо выборам и проведению референдумов\nКыргызской Республики\n\n"
    "Уважаемая Назира Арстанбековна!\n\n"
    "Направляем информацию о ходе исполнения Плана мероприятий по противодействию коррупции за 2023 год.\n\n"
    "Приложение: на 5 листах.\n\n"
    "Министр\n\nА. Бааджиев\n"
)


def test_cover_letter_alone_has_no_title(tmp_path):
    """A letter without the plan (or whose plan has no heading) is not titled by its addressee, its
    letterhead or its salutation."""
    doc = shailoo.parse(_write(tmp_path, RU_LETTER)).document
    assert doc.title is None


def test_cover_letter_then_plan(tmp_path):
    path = _write(tmp_path, RU_LETTER + "\nПлан мероприятий\nМинистерства юстиции Кыргызской Республики по "
                  "противодействию коррупции на 2023 год\n\n" + TABLE)
    assert _ws(shailoo.parse(path).document.title) == ("План мероприятий Министерства юстиции Кыргызской "
                                                       "Республики по противодействию коррупции на 2023 год")


KY_LETTER = (
    "КЫРГЫЗ РЕСПУБЛИКАСЫНЫН\nШАЙЛОО ЖАНА РЕФЕРЕНДУМ\nӨТКӨРҮҮ БОЮНЧА\nБОРБОРДУК КОМИССИЯСЫ\n\n"
    "№ 10-7/593 « 30 » 06 2023\n\n"
    "Кыргыз Республикасынын Президентине\nкараштуу Антикоррупциялык ишкердик\nкеңештин Башкы катчысы\n"
    "Н.А. Мукановага\n\n"
    "Урматтуу Назира Арстанбековна!\n\n"
    "Борбордук шайлоо комиссиясынын 2023-2025-жылдарга коррупцияга каршы саясатты ишке ашыруу боюнча "
    "Стратегиялык иш-аракеттер планын жиберебиз.\n\n"
    "Тиркеме: кыргыз тилинде 13 барак.\n\n"
    "Төрагасынын орун басары\n\nН. Койчукеев\n"
)


def test_cover_letter_alone_has_no_title_ky(tmp_path):
    doc = shailoo.parse(_write(tmp_path, KY_LETTER)).document
    assert doc.title is None


def test_cover_letter_then_plan_ky(tmp_path):
    path = _write(tmp_path, KY_LETTER + "\nКыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук "
                  "комиссиясынын 2023-2025-жылдарга коррупцияга каршы саясатты ишке ашыруу боюнча\nСтратегиялык "
                  "иш-аракеттер планы\n\n" + TABLE_KY)
    doc = shailoo.parse(path).document
    assert _ws(doc.title) == ("Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук "
                              "комиссиясынын 2023-2025-жылдарга коррупцияга каршы саясатты ишке ашыруу боюнча "
                              "Стратегиялык иш-аракеттер планы")
    assert doc.kind == "action_plan"
