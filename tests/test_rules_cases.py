"""Each rule on small cases that must fire and must not, in Russian and Kyrgyz where text is involved.

Text cases are tiny documents under tests/rules_fixtures/ parsed with ``shailoo.parse``; structural
cases (action plans, totals, offsets) are ParsedDocuments built here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import shailoo
from shailoo.rules.check import check
from shailoo.model import (Activity, Approval, DateTerm, DocumentInfo, ParsedDocument, Period,
                           Provenance, RelativeTerm, Source, TermDate)

HERE = Path(__file__).resolve().parent / "rules_fixtures"
D = dt.date


def findings(doc_or_path, rule, lang="ru", **kw):
    doc = shailoo.parse(doc_or_path) if isinstance(doc_or_path, (str, Path)) else doc_or_path
    return [f for f in check(doc, lang=lang, **kw).findings if f.rule == rule]


def rows(fs):
    return sorted(f.activity for f in fs)


# --------------------------------------------------------------------------- schedules, both languages

SCHEDULES = {"ru": HERE / "schedule_ru.txt", "ky": HERE / "schedule_ky.txt"}


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_weekday_mismatch(lang):
    # row 1: «воскресенье 9 октября 2022» / «9-октябры, жекшемби» hold; row 2 (RU «суббота 8 октября») holds,
    # (KY «8-октябры, жума»: 8 October 2022 is a Saturday, not a Friday) does not.
    fs = findings(SCHEDULES[lang], "weekday-mismatch", lang=lang)
    assert rows(fs) == ([] if lang == "ru" else ["2"])
    if fs:
        assert fs[0].message.endswith("жуманын күнү «жума» деп көрсөтүлгөн, бирок 08.10.2022 — ишемби")


def test_weekday_mismatch_ru_fires(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text(SCHEDULES["ru"].read_text(encoding="utf-8").replace("суббота 8 октября", "пятница 8 октября"),
                 encoding="utf-8")
    [f] = findings(p, "weekday-mismatch")
    assert f.activity == "2" and "указан день недели «пятница», но 08.10.2022 — суббота" in f.message
    assert (f.expected, f.found) == ("Saturday", "Friday")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_date_invalid(lang):
    assert rows(findings(SCHEDULES[lang], "date-invalid")) == ["3"]


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_range_inverted(lang):
    assert rows(findings(SCHEDULES[lang], "range-inverted")) == ["4"]


def test_range_across_new_year_is_not_inverted(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text("График мероприятий выборов на 9 октября 2022 года\n\n№\tНаименование мероприятия\tДата проведения\t"
                 "Место проведения\tОрганизатор(ы)\n1.\tТренинг\t28 декабря – 5 января\tг.Ош\tЦИК\n", encoding="utf-8")
    assert findings(p, "range-inverted") == []


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_date_incomplete(lang):
    assert rows(findings(SCHEDULES[lang], "date-incomplete")) == (["5"] if lang == "ru" else ["7"])


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_place_missing(lang):
    # row 5 has a date and no place; the last row has a place; rows with complete dates and places are clean.
    assert rows(findings(SCHEDULES[lang], "place-missing")) == ["5"]


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_owner_missing(lang):
    assert rows(findings(SCHEDULES[lang], "owner-missing")) == (["5"] if lang == "ru" else ["7"])


def test_numbering_on_rows():
    assert rows(findings(SCHEDULES["ru"], "numbering-duplicate")) == ["5"]
    assert findings(SCHEDULES["ru"], "numbering-gap") == []
    [gap] = findings(SCHEDULES["ky"], "numbering-gap", lang="ky")
    assert gap.activity == "7" and gap.expected == "6." and "6. түшүп калган" in gap.message
    assert findings(SCHEDULES["ky"], "numbering-duplicate") == []


# --------------------------------------------------------------------------- built documents


def prov(row, start=None):
    return Provenance(file="t", table=0, row=row, start=start if start is not None else row * 100,
                      end=(start if start is not None else row * 100) + 50)


def doc(kind="calendar_plan", acts=(), columns=None, election_day=None, approved=None, period=None,
        paragraphs=(), mentions=()):
    cols = columns or {"number": "№", "content": "Мероприятия", "term": "Сроки", "responsible": "Ответственные"}
    return ParsedDocument(
        source=Source(path="t", sha256="0", format="text", size=1),
        document=DocumentInfo(kind=kind, language="ru", election_day=election_day, columns=cols,
                              approved=Approval(date=approved) if approved else None,
                              period=Period(start=period[0], end=period[1]) if period else None),
        activities=list(acts), paragraphs=list(paragraphs), mentions=list(mentions))


def row(n, term=None, cells=None, kind="activity", **kw):
    c = {"number": f"{n}.", "content": f"Мероприятие {n}", "term": term.raw if term else "", "responsible": "ЦИК"}
    c.update(cells or {})
    return Activity(kind=kind, number=f"{n}.", path=str(n), text=c.get("content", ""), cells=c,
                    term=term, terms=[term] if term else [], provenance=prov(n), **kw)


def rel(n, direction, printed, qualifier="until", anchor="election_day", unit="calendar_day", bound="not_later"):
    return RelativeTerm(raw=f"{n} {direction} {anchor} ({printed})", n=n, unit=unit, direction=direction,
                        anchor=anchor, bound=bound,
                        printed=[TermDate(value=printed, day=printed.day, month=printed.month, year=printed.year,
                                          raw=str(printed), qualifier=qualifier)])


E = D(2022, 10, 9)


def test_offset_date_mismatch_cases():
    acts = [
        row(1, rel(60, "before", D(2022, 8, 10))),              # E−60: holds
        row(2, rel(60, "before", D(2022, 8, 12))),              # 2 days later than allowed: error
        row(3, rel(60, "before", D(2022, 8, 8))),               # earlier (stricter): warning
        row(4, rel(3, "after", D(2022, 10, 13))),               # E+3 = 12th; 1 day: info
        row(5, rel(3, "after", D(2022, 10, 15))),               # 3 days after: error
        row(6, rel(2, "before", D(2022, 10, 6), qualifier="on", unit="day")),   # the rows 41/42 case: info
        row(7, rel(15, "before", D(2022, 9, 23), qualifier="through")),          # «по 23 сентября включительно»: holds
    ]
    fs = {f.activity: f for f in findings(doc(acts=acts, election_day=E), "offset-date-mismatch")}
    assert {k: f.severity for k, f in fs.items()} == {"2": "error", "3": "warning", "4": "info", "5": "error", "6": "info"}
    assert fs["2"].expected == "2022-08-10" and fs["2"].found == "2022-08-12" and "разница +2 дн." in fs["2"].message
    # one plain sentence of what is printed and what the term gives, then the arithmetic (issue 19)
    assert fs["2"].message.startswith("Напечатанная дата 12.08.2022 позже, чем даёт срок «за 60 календарных дней "
                                      "до дня голосования» (10.08.2022). Расчёт: ")
    assert "09.10.2022 (день голосования) − 60 кал. дн. = 10.08.2022" in fs["2"].message
    assert "строже срока" in fs["3"].message and "строже" not in fs["2"].message
    assert fs["6"].message.startswith("Напечатан последний день срока «за 2 дня до дня голосования» (06.10.2022); "
                                      "по правилу подсчёта срок истекает 07.10.2022 — это тот же срок.")
    assert "двумя способами" in fs["4"].message
    en = {f.activity: f for f in findings(doc(acts=acts, election_day=E), "offset-date-mismatch", lang="en")}
    assert "election day" in en["2"].message and "difference +2 days" in en["2"].message


def test_offset_needs_the_election_day():
    acts = [row(2, rel(60, "before", D(2022, 8, 12)))]
    assert findings(doc(acts=acts), "offset-date-mismatch") == []
    assert len(findings(doc(acts=acts), "offset-date-mismatch", calendar={"election_day": E})) == 1


def test_anchor_inconsistent():
    a = "publication_of_calling"
    acts = [row(1, rel(10, "within", D(2022, 8, 19), anchor=a)),   # anchor 9 Aug
            row(2, rel(5, "within", D(2022, 8, 14), anchor=a)),    # anchor 9 Aug
            row(3, rel(20, "within", D(2022, 9, 5), anchor=a)),    # anchor 16 Aug: the outlier
            row(4, rel(3, "within", D(2022, 8, 13), anchor=a))]    # anchor 10 Aug: 1 day, counting ambiguity
    fs = {f.activity: f for f in findings(doc(acts=acts, election_day=E), "anchor-inconsistent")}
    assert set(fs) == {"3", "4"}
    assert (fs["3"].expected, fs["3"].found, fs["3"].severity) == ("2022-08-09", "2022-08-16", "warning")
    assert fs["4"].severity == "info"
    assert "1, 2" in fs["3"].message
    # A single row, or rows that agree, are not flagged.
    assert findings(doc(acts=acts[:2], election_day=E), "anchor-inconsistent") == []


def test_date_outside_period():
    acts = [row(1, DateTerm(raw="5 мая 2022", date=TermDate(value=D(2022, 5, 5), raw="5 мая 2022"))),
            row(2, DateTerm(raw="15 августа 2022", date=TermDate(value=D(2022, 8, 15), raw="15 августа 2022"))),
            row(3, rel(5, "before", D(2022, 10, 12))),
            row(4, DateTerm(raw="1 марта 2026", date=TermDate(value=D(2026, 3, 1), raw="1 марта 2026")))]
    fs = findings(doc(acts=acts, election_day=E, approved=D(2022, 8, 10), period=(D(2022, 1, 1), D(2025, 12, 31))),
                  "date-outside-period")
    assert {(f.activity, f.details["case"]) for f in fs} == {("1", "before_approval"), ("3", "after_election"),
                                                           ("4", "period")}


def test_term_missing():
    acts = [row(1, DateTerm(raw="5 мая 2022", date=TermDate(value=D(2022, 5, 5), raw="5 мая 2022"))), row(2)]
    assert rows(findings(doc(acts=acts), "term-missing")) == ["2"]


AP_COLS = {"measure": "Мера", "executor": "Исполнитель", "year_1": "I Год", "year_2": "II Год", "year_3": "III Год",
           "funding": "Источники финансирования", "result": "Результат"}


def measure(n, row_no, **cells):
    c = {"measure": f"{n}. Мера", "executor": "ЦИК", "year_1": "Анализ", "year_2": "", "year_3": "",
         "funding": "Республиканский бюджет", "result": "Результат: принят закон о выборах"}
    c.update(cells)
    return Activity(kind="measure", number=f"{n}.", path=n, text=c["measure"], cells=c, provenance=prov(row_no))


def test_action_plan_fields():
    acts = [measure("1.1", 1),
            measure("1.2", 2, executor="", funding=" "),
            measure("1.3", 3, year_1=""),
            measure("1.4", 4, result="Результат: повышено доверие граждан"),
            measure("1.5", 5, result="Результат: обучено не менее 500 членов УИК (30%)"),
            measure("1.6", 6, executor="ЦИК", result="")]
    d = doc(kind="action_plan", acts=acts, columns=AP_COLS)
    assert rows(findings(d, "executor-missing")) == ["1.2"]
    assert rows(findings(d, "funding-missing")) == ["1.2"]
    assert rows(findings(d, "timeline-missing")) == ["1.3"]
    assert rows(findings(d, "result-unmeasurable")) == ["1.4", "1.6"]
    assert findings(d, "result-unmeasurable")[1].message.endswith("(результат не указан)")
    # Not applied to other kinds of documents.
    assert findings(doc(kind="calendar_plan", acts=acts, columns=AP_COLS), "executor-missing") == []


def test_numbering_in_cell_lists_and_order():
    a = measure("1.1", 1, action="1) раз; 2) два; 4) четыре")
    a.items = ["1) раз;", "2) два;", "4) четыре"]
    b = measure("1.2", 2, action="1. раз 3. три 2. два")
    b.items = ["1. раз", "3. три", "2. два"]
    c = measure("1.3", 3, action="1. раз 2. два", tasks="1. а 2. б")
    c.items = ["1. а", "2. б", "1. раз", "2. два"]   # two cells, each numbered from 1: clean
    d = doc(kind="action_plan", acts=[a, b, c], columns=AP_COLS)
    assert [(f.activity, f.expected) for f in findings(d, "numbering-gap")] == [("1.1", "3)")]
    assert [(f.activity, f.found) for f in findings(d, "numbering-order")] == [("1.2", "2.")]
    assert findings(d, "numbering-duplicate") == []


def total_row(name, count, n, section=("Схемы",), **extra):
    cells = {"name": name, "count": count, **extra}
    return Activity(kind="row", text=name, cells=cells, section=list(section),
                    provenance=Provenance(file="t", start=n * 10, end=n * 10 + 5))


def test_total_mismatch_prose_totals():
    rows_ = [total_row("Бишкек", "234", 1), total_row("Нарын областы", "167", 2)]
    ok = doc(kind="report", acts=rows_ + [total_row("Бардыгы", "401", 3, total="401")], columns={"name": "", "count": ""})
    bad = doc(kind="report", acts=rows_ + [total_row("Бардыгы", "402", 3, total="402")], columns={"name": "", "count": ""})
    assert findings(ok, "total-mismatch") == []
    [f] = findings(bad, "total-mismatch")
    assert (f.expected, f.found) == ("401", "402")


def test_total_mismatch_table_total_row_sum_or_count():
    def t(n, name, count):
        return Activity(kind="row", number=str(n) if n else None, text=name, cells={"number": str(n or ""), "name": name,
                        "count": count}, provenance=Provenance(file="t", table=0, row=n or 9, start=(n or 9) * 10))
    body = [t(1, "Москва", "6 707"), t(2, "Индия", "22")]
    assert findings(doc(kind="report", acts=body + [t(None, "БАРДЫГЫ:", "6729")]), "total-mismatch") == []
    assert findings(doc(kind="report", acts=body + [t(None, "Итого", "2")]), "total-mismatch") == []  # a count
    assert len(findings(doc(kind="report", acts=body + [t(None, "Итого", "6730")]), "total-mismatch")) == 1


@pytest.mark.parametrize("lang, text, fires", [
    ("ru", "На заседании ЦИК 31 августа 2017 года утверждены схемы участков (постановление от 31.07.2017 № 302).", True),
    ("ru", "На заседании ЦИК 31 июля 2017 года утверждены схемы участков (постановление от 31.07.2017 № 302).", False),
    ("ky", "2017-жылдын 31-августунда БШКнын жыйналышында схемалар бекитилген (31.07.2017-ж. №302 токтом).", True),
    ("ky", "2017-жылдын 31-июлунда БШКнын жыйналышында схемалар бекитилген (31.07.2017-ж. №302 токтом).", False),
])
def test_cross_reference_meeting(tmp_path, lang, text, fires):
    p = tmp_path / f"r_{lang}.txt"
    p.write_text(text + "\n", encoding="utf-8")
    fs = findings(p, "cross-reference-mismatch", lang=lang)
    assert len(fs) == (1 if fires else 0)


def test_cross_reference_same_act_two_dates(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("Постановлением от 3 августа 2017 года № 120 утвержден план.\n\n"
                 "Во исполнение постановления от 4 августа 2017 года № 120 комиссии работают.\n", encoding="utf-8")
    [f] = findings(p, "cross-reference-mismatch")
    assert (f.expected, f.found) == ("2017-08-03", "2017-08-04")


def test_cross_reference_different_kinds_of_act_are_different_acts(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("Приказом от 3 августа 2017 года № 120 создана группа.\n\n"
                 "Постановлением от 4 августа 2017 года № 120 утвержден план.\n", encoding="utf-8")
    assert findings(p, "cross-reference-mismatch") == []


# --------------------------------------------------------------------------- false alarms of the wild corpus
# Must-not-fire cases from real documents of fixtures/wild/ (rows cut down to what the rule reads).


def _doc(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


_DAY_SCHEDULE = ("График основных мероприятий в рамках подготовки и проведения выборов депутатов на 9 октября 2022 года\n\n"
                 "№\tНаименование мероприятия\tДата проведения\tМесто проведения\tОрганизатор(ы)\n"
                 "1.\tТренинг для членов УИК\t9 октября 2022 года\tг.Бишкек\tЦИК\n"
                 "2.\tСеминар для наблюдателей\t8 октября 2022 года\tг.Ош\tЦИК\n"
                 "3.\tКруглый стол\t1 октября 2022 года\tг.Нарын\tЦИК\n"
                 "4.\tИтоговая конференция\tдекабрь\tг.Бишкек\tЦИК\n")


def test_date_incomplete_bare_month_among_days_fires(tmp_path):
    # seed 000 row 50 in small: the other rows give a day, «декабрь» stands out.
    assert rows(findings(_doc(tmp_path, "s.txt", _DAY_SCHEDULE), "date-incomplete")) == ["4"]


@pytest.mark.parametrize("name,text,lang", [
    # wild 080: a support plan that plans by the month («июль-октябрь 2005 г.», «июль 2005 г.»)
    ("080.txt", "План мероприятий по содействию избирательным комиссиям в организации подготовки и проведения "
                "выборов 02 октября 2005 года\nN п/п\tНаименование мероприятия\tСрок исполнения\tОтветственный за исполнение\n"
                "1.\tВедение автоматизированной справочной системы \"Выборы\"\tиюль-октябрь 2005 г.\tГаничева О.В.\n"
                "2.\tОрганизовать выдвижение в избирательные комиссии\tиюль август 2005 г.\tГайнуллина К.М.\n"
                "3.\tОпределить схемы избирательных округов\tиюль 2005 г.\tБондарева М.С.\n", "ru"),
    # wild 067: a training plan for the year, one month per topic
    ("067.txt", "План обучения лиц, зачисленных в состав резерва участковых избирательных комиссий на 2023 год\n\n"
                "№ п/п\tНаименование темы обучения\tСрок проведения обучения\tОтветственный член ТИК\n"
                "1\tМесто и роль участковых избирательных комиссий\tИюнь 2023 г.\tА.В. Кухтин,председатель ТИК города Шахты\n"
                "2\tРабота УИК до дня голосования\tСентябрь 2023 г.\tА.В. Кухтин,председатель ТИК города Шахты\n", "ru"),
    # wild 043: an anti-corruption plan, two months in one cell
    ("043.txt", "План мероприятий по противодействию коррупции на 2024 год\n\n"
                "№ п/п\tНаименование мероприятий\tСрок исполнения\tОтветственные\n"
                "1.\tРассмотрение вопросов профилактики коррупционных преступлений\tИюнь 2024 Декабрь 2024\t"
                "Заместитель директора по УР Маковская Е.Л.\n", "ru"),
    # wild 064: a Kyrgyz council's work plan, a month per question
    ("064.txt", "Салам-Алик айылдык кеңешинин 2025-жыл үчүн ИШ ПЛАНЫ\n"
                "№\tКаралуучу маселелердин мазмуну\tМөөнөтү\tКим даярдайт\n"
                "1.\tАйылдык кеңешинин 2025-жылга карата иш планын бекитүү жөнүндө\tЯнварь\tАйылдык кеңешинин жооптуу катчысы\n"
                "2.\tБюджеттин аткарылышы жөнүндө\tФевраль\tАйыл өкмөтүнүн башчысы\n", "ky"),
])
def test_date_incomplete_not_on_plans_by_the_month(tmp_path, name, text, lang):
    """A month is complete in a plan that plans by the month (no row asks for a day more than for a month)."""
    assert findings(_doc(tmp_path, name, text), "date-incomplete", lang=lang) == []


def test_date_outside_period_not_on_resolution_points(tmp_path):
    # wild 051: a resolution of 23.12.2022 approving a plan «на 2023 год»; a point due in December 2022 is fine.
    text = ("Постановление Избирательной комиссии Ставропольского края\nот 23 декабря 2022 г. N 31/239-7\n"
            "\"О Плане работы избирательной комиссии Ставропольского края на 2023 год\"\n"
            "Избирательная комиссия постановляет:\n"
            "1. Утвердить прилагаемый План работы избирательной комиссии Ставропольского края на 2023 год.\n"
            "2. Разместить настоящее постановление на официальном сайте в срок до 28 декабря 2022 года.\n")
    doc = shailoo.parse(_doc(tmp_path, "051.txt", text))
    assert doc.document.kind == "resolution"
    assert findings(doc, "date-outside-period") == []


def test_date_outside_period_not_on_budget_resolution_ky():
    # wild 077: «2025-жылга … бюджети бекитилсин» beside «2026-2027-жылдарга … көрсөткүчтөрү бекитилсин».
    path = Path(__file__).resolve().parent.parent / "fixtures" / "wild" / "077_ky_resolution_myrza-ake_ayil_kenesh_toktom8_budget_2025.txt"
    assert findings(path, "date-outside-period", lang="ky") == []
