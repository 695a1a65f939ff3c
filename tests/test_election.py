"""Which country and which election a document is about (shailoo.rules.election, issue 17 point 2), and how the
statute rules use it: no Kyrgyz statute findings on another country's plan, no statute-conflict for an unknown
election kind, early and repeat elections checked against their own periods, --election-kind/--jurisdiction."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from functools import lru_cache

import pytest

import shailoo
from conftest import FIXTURES
from shailoo.apps.review import run_check
from shailoo.cli import main
from shailoo.model import Activity, Citation, DocumentInfo, ParsedDocument, Provenance, RelativeTerm, Source
from shailoo.rules.check import check
from shailoo.rules.election import decide, parse_election_kind, parse_jurisdiction

WILD = FIXTURES / "wild"
STATUTE_RULES = ("statute-conflict", "citation-unknown", "citation-mismatch")


@lru_cache(maxsize=None)
def wild(prefix: str) -> ParsedDocument:
    [path] = sorted(WILD.glob(f"{prefix}_*.txt"))
    return shailoo.parse(str(path))


def seed(n: int) -> ParsedDocument:
    return shailoo.parse(str(FIXTURES / "text" / f"seed00{n}.txt"))


def titled(title: str, rows=(), lang: str = "ru", day=dt.date(2022, 10, 9)) -> ParsedDocument:
    return ParsedDocument(source=Source(path="t", sha256="0", format="text", size=1),
                          document=DocumentInfo(kind="calendar_plan", language=lang, title=title, election_day=day),
                          activities=list(rows))


def row(n: int, text: str, days: int, article: str, part: str) -> Activity:
    t = RelativeTerm(raw=f"за {days} дней", n=days, unit="calendar_day", direction="before", anchor="election_day",
                     bound="not_later")
    c = Citation(raw=f"ч.{part} ст.{article} Закона", act="local_kenesh_law", act_resolved_by="explicit",
                 article=article, part=part)
    return Activity(number=f"{n}.", path=str(n), text=text, term=t, terms=[t], citations=[c],
                    provenance=Provenance(file="t", table=0, row=n, start=n * 100, end=n * 100 + 50))


def rules_of(doc, **kw):
    return [f for f in check(doc, **kw).findings]


# --------------------------------------------------------------------------- the decision on real documents


@pytest.mark.parametrize("prefix, jurisdiction, kind, levels, typ", [
    ("002", "kg", "local_kenesh", ("ayil_kenesh",), "early"),    # KY, «айылдык кеңешинин … мөөнөтүнөн мурда шайлоону»
    ("086", "kg", "local_kenesh", (), "early"),                  # KY, «жергиликтүү кеңештеринин … мөөнөтүнөн мурда»
    ("003", "kg", "local_kenesh", (), "regular"),                # RU, «выборов депутатов местных кенешей»
    ("011", "kg", "jogorku_kenesh", (), "early"),                # KY news: the early JK election of 2025
    ("006", "unknown", "unknown", (), "regular"),                # Chuvashia 2012: no mark of any country in the title
    ("030", "other", "unknown", (), "regular"),                  # Karaganda 2021: «Мажилиса» in the title
    ("005", "other", "unknown", (), "regular"),                  # Ryazan 2008: «Президента Российской Федерации»
    ("021", "other", "unknown", (), "regular"),                  # a Belarusian school's plan
    ("058", "other", "presidential", (), "early"),               # Uzbekistan: the early presidential election
])
def test_wild_documents(prefix, jurisdiction, kind, levels, typ):
    e = decide(wild(prefix))
    assert (e.jurisdiction, e.kind, e.levels, e.type) == (jurisdiction, kind, levels, typ)
    if jurisdiction != "unknown":
        assert e.how["jurisdiction"].words and e.how["jurisdiction"].where in ("title", "heading", "text", "approval")


def test_how_names_the_words_and_the_place():
    e = decide(wild("002"))
    # the title is the plan's heading under the stamp (issue 20), which says «мөөнөтүнөн мурда шайлоону»
    assert e.how["type"].where == "title" and "мөөнөтүнөн мурда шайлоо" in e.how["type"].words
    assert e.how["level"].words == "айылдык кеңешинин" and e.level == "ayil"
    e = decide(wild("030"))
    assert e.how["jurisdiction"].where == "title" and e.how["jurisdiction"].words.lower().startswith("мажилис")
    e = decide(wild("086"))
    assert e.how["type"].where == "title"


@pytest.mark.parametrize("n, kind, levels, issuer", [
    (0, "jogorku_kenesh", (), "cec"),
    (1, "local_kenesh", ("ayil_kenesh",), "cec"),
    (2, "local_kenesh", (), None),
    (4, "presidential", (), "cec"),
])
def test_seeds_are_kyrgyz_regular_elections(n, kind, levels, issuer):
    e = decide(seed(n))
    assert (e.jurisdiction, e.kind, e.levels, e.type, e.issuer) == ("kg", kind, levels, "regular", issuer)


@pytest.mark.parametrize("title, kind, levels, typ", [
    ("Календарный план мероприятий по подготовке и проведению повторных выборов депутатов местных кенешей "
     "Кыргызской Республики, назначенных на 26 мая 2013 года", "local_kenesh", (), "repeat"),
    ("2013-жылдын 26-майына дайындалган Кыргыз Республикасынын жергиликтүү кеңештеринин депутаттарын кайталап "
     "шайлоону даярдоо жана өткөрүү боюнча календарлык план", "local_kenesh", (), "repeat"),
    ("План мероприятий по дополнительным выборам депутатов Бишкекского городского кенеша", "local_kenesh",
     ("city_kenesh",), "by_election"),
    ("Ош шаардык кеңешинин депутаттарын кошумча шайлоону даярдоо боюнча план", "local_kenesh", ("city_kenesh",),
     "by_election"),
    ("Календарный план досрочных выборов Президента Кыргызской Республики", "presidential", (), "early"),
    ("План выборов депутатов Аламудунского районного кенеша", "local_kenesh", ("district_kenesh",), "regular"),
    # early VOTING in a regular election is no early election
    ("Порядок досрочного голосования на выборах депутатов Жогорку Кенеша Кыргызской Республики", "jogorku_kenesh",
     (), "regular"),
    ("Календарный план референдума (всенародного голосования) Кыргызской Республики", "referendum", (), "regular"),
    # an ayil kenesh's work plan names no election
    ("Салам-Алик айылдык кеңешинин 2025-жылга иш планы", "unknown", (), "regular"),
])
def test_titles(title, kind, levels, typ):
    e = decide(titled(title, lang="ky" if set("өүң") & set(title) else "ru"))
    assert e.jurisdiction == "kg"
    assert (e.kind, e.levels, e.type) == (kind, levels, typ)


# --------------------------------------------------------------------------- overrides


def test_parse_election_kind():
    assert parse_election_kind("ayil_kenesh,early") == {"kind": "local_kenesh", "levels": ("ayil_kenesh",),
                                                        "type": "early"}
    assert parse_election_kind("Presidential") == {"kind": "presidential"}
    assert parse_election_kind("repeat") == {"type": "repeat"}
    assert parse_election_kind(None) == {}
    for bad in ("mayor", "early,repeat", "presidential,city_kenesh", "presidential,referendum"):
        with pytest.raises(ValueError):
            parse_election_kind(bad)
    assert parse_jurisdiction("KG") == "kg" and parse_jurisdiction(None) is None
    with pytest.raises(ValueError):
        parse_jurisdiction("ru")


def test_overrides_win_and_say_so():
    e = decide(wild("030"), {"jurisdiction": "kg", "election_kind": "jogorku_kenesh,early"})
    assert (e.jurisdiction, e.kind, e.type) == ("kg", "jogorku_kenesh", "early")
    assert {k: v.where for k, v in e.how.items()} == {"jurisdiction": "option", "kind": "option", "type": "option"}
    e = decide(seed(1), {"election_kind": "early"})  # only the type given: the kind is still the title's
    assert (e.kind, e.levels, e.type, e.how["kind"].where) == ("local_kenesh", ("ayil_kenesh",), "early", "title")


# --------------------------------------------------------------------------- the statute rules


@pytest.mark.parametrize("prefix", ["006", "030", "029", "005"])
@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_foreign_plan_gets_no_kyrgyz_statute_findings(prefix, lang):
    for calendar in (None, {"election_day": dt.date(2012, 3, 4)}):
        fs = rules_of(wild(prefix), lang=lang, calendar=calendar)
        assert not [f for f in fs if f.rule in STATUTE_RULES]
        [note] = [f for f in fs if f.rule == "statutes-not-applied"]
        assert note.code == "SH150" and note.severity == "info" and note.details["why"] in ("other", "unknown_country")
    if lang == "ru" and prefix == "030":
        assert "не относится к выборам в Кыргызской Республике" in note.message and "в заголовке" in note.message
    if lang == "ky" and prefix == "006":
        assert "Кыргыз Республикасына тиешелүү экени көрүнбөйт" in note.message


def test_foreign_plan_with_jurisdiction_option_is_checked():
    fs = rules_of(wild("006"), calendar={"election_day": dt.date(2012, 3, 4)})
    assert not [f for f in fs if f.rule == "citation-unknown"]
    fs = check(wild("006"), options={"jurisdiction": "kg"}).findings  # the kind is still unknown
    assert not [f for f in fs if f.rule == "citation-unknown"]
    assert [f.details["why"] for f in fs if f.rule == "statutes-not-applied"] == ["unknown_kind"]
    fs = check(wild("006"), options={"jurisdiction": "kg", "election_kind": "local_kenesh,by_election"}).findings
    assert [f for f in fs if f.rule == "citation-unknown"]  # «Закона ЧР» is no Kyrgyz act: said once asked


def test_cli_foreign_plan_with_election_day(capsys):
    [path] = sorted(WILD.glob("030_*.txt"))
    code = main(["check", str(path), "--election-day", "2021-01-10", "--format", "json"])
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert code == 0 and "statutes-not-applied" in rules and not set(rules) & set(STATUTE_RULES)


def test_cli_rejects_an_unknown_kind(capsys):
    [path] = sorted(WILD.glob("030_*.txt"))
    assert main(["check", str(path), "--election-kind", "mayor"]) == 2
    assert "unknown election kind 'mayor'" in capsys.readouterr().err
    assert main(["check", str(path), "--jurisdiction", "ru"]) == 2


def test_run_check_validates_options():
    ns = argparse.Namespace(files=[str(FIXTURES / "text" / "seed001.txt")], format="json", lang="ru",
                            election_day=None, calling_date=None, fail_on="error", config=None,
                            election_kind="bogus", jurisdiction=None)
    err = io.StringIO()
    assert run_check(ns, io.StringIO(), err) == 2 and "unknown election kind" in err.getvalue()


# early and regular local elections: ст.10 ч.4 of the local-kenesh law (constituencies), 50 days regular,
# 38 days for an early election (CEC practice)
EARLY = ("Календарный план мероприятий по подготовке и проведению досрочных выборов депутатов Кум-Бельского "
         "айылного кенеша, назначенных на 26 января 2014 года")
REGULAR = EARLY.replace("досрочных ", "")
CONSTITUENCIES = "Образование избирательных округов"


def conflicts(title, days, **kw):
    d = titled(title, [row(1, CONSTITUENCIES, days, "10", "4")], day=dt.date(2014, 1, 26))
    return [f for f in check(d, **kw).findings if f.rule == "statute-conflict"]


def test_early_election_checked_against_early_periods():
    assert conflicts(EARLY, 38) == []                      # the early period: no conflict from the regular 50
    [f] = conflicts(REGULAR, 38)                           # the same row in a regular election's plan
    assert f.details["law_n"] == 50
    [f] = conflicts(EARLY, 30)                             # compared with the early period
    assert f.details["law_n"] == 38 and f.details["variant"] == "early"
    assert conflicts(REGULAR, 50) == []
    assert conflicts(REGULAR, 38, options={"election_kind": "early"}) == []   # the option makes it early


def test_early_election_without_early_period_is_not_compared():
    # ст.12 ч.1 (the voters' list, 60 days) holds no early period: a regular 60 is not applied to an early election
    d = lambda title: titled(title, [row(9, "Составление предварительного списка избирателей", 50, "12", "1")])
    assert not [f for f in check(d(EARLY)).findings if f.rule == "statute-conflict"]
    assert [f for f in check(d(REGULAR)).findings if f.rule == "statute-conflict"]
    [note] = [f for f in check(d(EARLY)).findings if f.rule == "statutes-not-applied"]
    assert note.details["why"] == "type" and note.message.startswith("Досрочные выборы")


def test_wild_early_local_plans_have_no_statute_conflict():
    for prefix in ("002", "086"):
        fs = check(wild(prefix)).findings
        assert not [f for f in fs if f.rule == "statute-conflict"]
        assert [f.details["why"] for f in fs if f.rule == "statutes-not-applied"] == ["type"]


def test_wild_early_plan_with_a_changed_term_is_compared_with_the_early_period(tmp_path):
    [src] = sorted(WILD.glob("086_*.txt"))
    text = src.read_text(encoding="utf-8")
    assert "38календардык" in text
    p = tmp_path / "early.txt"
    p.write_text(text.replace("38календардык", "30 календардык", 1), encoding="utf-8")
    [f] = [f for f in check(shailoo.parse(str(p))).findings if f.rule == "statute-conflict"]
    assert f.details["law_n"] == 38


def test_unknown_kind_gets_no_statute_conflict():
    title = "План мероприятий Кыргызской Республики на 2022 год"
    d = titled(title, [row(9, "Составление предварительного списка избирателей", 50, "12", "1")])
    d.activities[0].citations[0].article = "99"  # a part the knowledge base does not know
    fs = check(d).findings
    assert not [f for f in fs if f.rule in STATUTE_RULES]
    [note] = [f for f in fs if f.rule == "statutes-not-applied"]
    assert note.details["why"] == "unknown_kind" and "при запуске проверки" in note.message
    d.activities[0].citations[0].article = "12"
    fs = check(d, options={"election_kind": "ayil_kenesh"}).findings
    assert [f for f in fs if f.rule == "statute-conflict"]
    assert not [f for f in fs if f.rule == "statutes-not-applied"]


def test_regular_kyrgyz_plan_has_no_note():
    assert not [f for f in check(seed(1)).findings if f.rule == "statutes-not-applied"]
    assert not [f for f in check(seed(0)).findings if f.rule == "statutes-not-applied"]
