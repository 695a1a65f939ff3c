"""The term grammar on Russian phrases: every term cell of seeds 000 and 001, statute and CEC deadline
phrases (../shared/statutes: deadlines-gathered.csv, NOTES.md), and CEC-style variants of the same forms.

Each case is a phrase and the terms expected from it, with concrete values: kind, N, unit, direction,
anchor, bound, the printed dates with their qualifiers and times, ISO dates. The helpers here are also
used by tests/test_terms_ky.py.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest

import shailoo
from conftest import FIXTURES
from shailoo.parsers.extract.terms import TermContext, find_term_mentions, parse_terms

E2022 = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")
E2021 = TermContext(reference=dt.date(2021, 11, 28), reference_source="election_day")
NONE = TermContext()


# --------------------------------------------------------------------------- expected values


def P(iso, q="on", time=None, inferred=None, weekday=None, reason=None):
    """A printed date (TermDate): ISO value or None, qualifier, time of day."""
    return {"value": iso, "qualifier": q, "time": time, "inferred": inferred, "weekday": weekday, "reason": reason}


def R(n, unit, direction, anchor, bound="exact", printed=(), reason=None):
    return {"kind": "relative", "n": n, "unit": unit, "direction": direction, "anchor": anchor, "bound": bound,
            "printed": list(printed), "reason": reason}


def E(relation, anchor, printed=()):
    return {"kind": "event", "relation": relation, "anchor": anchor, "printed": list(printed)}


def D(iso, q="on", time=None, inferred=None, weekday=None, reason=None):
    return {"kind": "date", "date": P(iso, q, time, inferred, weekday, reason)}


def G(a, b, reason=None):
    """A range of two printed dates."""
    return {"kind": "range", "start": a, "end": b, "reason": reason}


def L(*items, reason=None):
    """A list of dates and ranges (DatesTerm)."""
    return {"kind": "dates", "items": list(items), "reason": reason}


def REC(frequency, anchor=None):
    return {"kind": "recurring", "frequency": frequency, "anchor": anchor}


def PER(unit, value, year, inferred=False, reason=None, first=None, last=None):
    return {"kind": "period", "unit": unit, "value": value, "year": year, "inferred": inferred, "reason": reason,
            "first": first, "last": last}


UNSPEC = {"kind": "unspecified"}
UNPARSED = {"kind": "unparsed"}


def check_date(td, exp, where=""):
    value = td.value.isoformat() if td.value else None
    assert value == exp["value"], f"{where}: value {value} != {exp['value']} ({td.raw!r})"
    assert td.qualifier == exp["qualifier"], f"{where}: qualifier {td.qualifier} != {exp['qualifier']}"
    assert td.time == exp["time"], f"{where}: time {td.time} != {exp['time']}"
    if exp["inferred"] is not None:
        assert td.year_inferred == exp["inferred"], f"{where}: year_inferred {td.year_inferred}"
    if exp["weekday"] is not None:
        assert td.weekday == exp["weekday"], f"{where}: weekday {td.weekday}"
    if exp["reason"] is not None:
        assert td.reason == exp["reason"], f"{where}: reason {td.reason}"
    if td.value is not None:
        assert td.reason is None


def check_term(t, exp, where=""):
    assert t.kind == exp["kind"], f"{where}: kind {t.kind} != {exp['kind']} ({t.raw!r})"
    k = exp["kind"]
    if k == "relative":
        got = (t.n, t.unit, t.direction, t.anchor, t.bound)
        want = (exp["n"], exp["unit"], exp["direction"], exp["anchor"], exp["bound"])
        assert got == want, f"{where}: {got} != {want}"
        assert len(t.printed) == len(exp["printed"]), f"{where}: printed {[p.raw for p in t.printed]}"
        for p, e in zip(t.printed, exp["printed"]):
            check_date(p, e, where)
        assert t.reason == exp["reason"]
    elif k == "event":
        assert (t.relation, t.anchor) == (exp["relation"], exp["anchor"]), f"{where}: {(t.relation, t.anchor)}"
        assert len(t.printed) == len(exp["printed"])
        for p, e in zip(t.printed, exp["printed"]):
            check_date(p, e, where)
    elif k == "date":
        check_date(t.date, exp["date"], where)
    elif k == "range":
        check_date(t.start_date, exp["start"], where + " start")
        check_date(t.end_date, exp["end"], where + " end")
        if exp["reason"]:
            assert t.reason == exp["reason"]
    elif k == "dates":
        assert len(t.items) == len(exp["items"]), f"{where}: {len(t.items)} items"
        for i, e in zip(t.items, exp["items"]):
            check_term(i, e, where)
        assert t.reason == exp["reason"]
    elif k == "recurring":
        assert (t.frequency, t.anchor) == (exp["frequency"], exp["anchor"])
    elif k == "period":
        got = (t.unit, t.value, t.year, t.year_inferred, t.reason)
        want = (exp["unit"], exp["value"], exp["year"], exp["inferred"], exp["reason"])
        assert got == want, f"{where}: {got} != {want}"
        if exp["first"]:
            assert (t.first_day.isoformat(), t.last_day.isoformat()) == (exp["first"], exp["last"])
    # spans are spans of the text
    assert 0 <= t.start <= t.end


def check(text, expected, ctx=E2022):
    terms = parse_terms(text, ctx)
    assert len(terms) == len(expected), f"{text!r}: {[(t.kind, t.raw) for t in terms]}"
    for t, e in zip(terms, expected):
        check_term(t, e, text[:60])
        assert t.raw == text[t.start:t.end]
    return terms


# --------------------------------------------------------------------------- seed 001: all 77 term cells

D01 = [  # (row number, term cell as printed, expected terms); election day 9 October 2022
    ("0", "После назначения выборов", [E("after", "calling_of_election")]),
    ("1", "После официального опубликования решения о назначении выборов", [E("after", "publication_of_calling")]),
    ("2", "Не позднее 10 календарных дней со дня официального опубликования решения о назначении выборов (до 19 августа 2022 г.)",
     [R(10, "calendar_day", "after", "publication_of_calling", "not_later", [P("2022-08-19", "until", inferred=False)])]),
    ("3", "Не позднее 10 календарных дней после опубликования решения о назначении выборов (до 19 августа 2022 года)",
     [R(10, "calendar_day", "after", "publication_of_calling", "not_later", [P("2022-08-19", "until")])]),
    ("4", "После опубликования Указа Президента о назначении выборов", [E("after", "publication_of_decree")]),
    ("5", "За 55 календарных дней до дня голосования (до 15 августа 2022 года)",
     [R(55, "calendar_day", "before", "election_day", "exact", [P("2022-08-15", "until")])]),
    ("6", "Со дня назначения выборов", [E("from", "calling_of_election")]),
    ("7", "Со дня назначения выборов", [E("from", "calling_of_election")]),
    ("8", "Не позднее 5 календарных дней со дня регистрации кандидата",
     [R(5, "calendar_day", "after", "registration", "not_later")]),
    ("9", "За 60 календарных дней до дня голосования (до 10 августа 2022 года)",
     [R(60, "calendar_day", "before", "election_day", "exact", [P("2022-08-10", "until")])]),
    ("10", "За 60 календарных дней до дня голосования (до 10 августа 2022 года)",
     [R(60, "calendar_day", "before", "election_day", "exact", [P("2022-08-10", "until")])]),
    ("11", "За 55 календарных дней до дня голосования (до 15 августа 2022 года)",
     [R(55, "calendar_day", "before", "election_day", "exact", [P("2022-08-15", "until")])]),
    ("12", "За 50 календарных дней до дня голосования (до 20 августа 2022 года)",
     [R(50, "calendar_day", "before", "election_day", "exact", [P("2022-08-20", "until")])]),
    ("13", "Не позднее 15 календарных дней до дня голосования (по 23 сентября 2022 года включительно)",
     [R(15, "calendar_day", "before", "election_day", "not_later", [P("2022-09-23", "through")])]),
    ("14", "Не позднее 35 календарных дней до дня голосования (до 4 сентября 2022 года)",
     [R(35, "calendar_day", "before", "election_day", "not_later", [P("2022-09-04", "until")])]),
    ("15", "За 30 календарных дней до дня голосования (до 9 сентября 2022 года)",
     [R(30, "calendar_day", "before", "election_day", "exact", [P("2022-09-09", "until")])]),
    ("16", "Не позднее 10 календарных дней до дня голосования (до 29 сентября 2022 года)",
     [R(10, "calendar_day", "before", "election_day", "not_later", [P("2022-09-29", "until")])]),
    ("17", "Не позднее 10 календарных дней до дня голосования (до 29 сентября 2022 года)",
     [R(10, "calendar_day", "before", "election_day", "not_later", [P("2022-09-29", "until")])]),
    ("18", "За 5 календарных дней до дня голосования (до 4 октября 2022 года)",
     [R(5, "calendar_day", "before", "election_day", "exact", [P("2022-10-04", "until")])]),
    ("19", "Не позднее 3 календарных дней до дня голосования (до 6 октября 2022 года)",
     [R(3, "calendar_day", "before", "election_day", "not_later", [P("2022-10-06", "until")])]),
    ("20", "Не позднее 3 календарных дней до дня голосования (до 6 октября 2022 года)",
     [R(3, "calendar_day", "before", "election_day", "not_later", [P("2022-10-06", "until")])]),
    ("21", "Не позднее 3 календарных дней до дня голосования (до 6 октября 2022 года)",
     [R(3, "calendar_day", "before", "election_day", "not_later", [P("2022-10-06", "until")])]),
    ("22", "Не позднее, чем за 50 календарных дней до дня голосования (до 20 августа 2022 года)",
     [R(50, "calendar_day", "before", "election_day", "not_later", [P("2022-08-20", "until")])]),
    ("23", "Не позднее, чем за 50 календарных дней до дня голосования (до 20 августа 2022 года)",
     [R(50, "calendar_day", "before", "election_day", "not_later", [P("2022-08-20", "until")])]),
    ("24", "Не позднее 5 календарных дней со дня их утверждения (до 25 августа 2022 года)",
     [R(5, "calendar_day", "after", "approval", "not_later", [P("2022-08-25", "until")])]),
    ("25", "Со дня назначения выборов и заканчивается за 30 календарных дней до дня голосования (до 24.00 часов 8 сентября 2022 года)",
     [R(30, "calendar_day", "before", "election_day", "from_until", [P("2022-09-08", "until_24h", "24:00")])]),
    ("26", "Не позднее, чем за 30 календарных дней до дня голосования (до 24.00 часов 8 сентября 2022 года)",
     [R(30, "calendar_day", "before", "election_day", "not_later", [P("2022-09-08", "until_24h", "24:00")])]),
    ("27", "В течение 10 календарных дней со дня принятия документов",
     [R(10, "calendar_day", "after", "receipt_of_documents", "within")]),
    ("28", "За 20 календарных дней до дня голосования. (до 19 сентября 2022 года)",
     [R(20, "calendar_day", "before", "election_day", "exact", [P("2022-09-19", "until")])]),
    ("29", "После регистрации кандидатов в течение 2-х календарных дней",
     [R(2, "calendar_day", "after", "registration", "within")]),
    ("30", "В течение 5 календарных дней со дня окончания срока регистрации",
     [R(5, "calendar_day", "after", "end_of_registration", "within")]),
    ("31", "Не позднее, чем за 3 календарных дня до дня голосования (до 24.00 часов 5 октября 2022 года)",
     [R(3, "calendar_day", "before", "election_day", "not_later", [P("2022-10-05", "until_24h", "24:00")])]),
    ("32", "По мере поступления документов", [REC("as_needed", "receipt_of_documents")]),
    ("33", "В течение 35 календарных дней со дня назначения выборов",
     [R(35, "calendar_day", "after", "calling_of_election", "within")]),
    # the year after the bracket was left there by a page break; it is read as printed
    ("34", "Предвыборная агитация начинается со дня окончания срока регистрации всех кандидатов в депутаты айылного "
           "кенеша (19 сентября 2022 года) и прекращается за 24 часа до начала голосования (в 8.00 часов 8 октября) 2022 года)",
     [R(24, "hour", "before", "voting_start", "from_until",
        [P("2022-09-19", "from"), P("2022-10-08", "on", "08:00", inferred=False)])]),
    ("35", "Не позднее, чем за 20 календарных дней до дня голосования (до 19 сентября 2022 года)",
     [R(20, "calendar_day", "before", "election_day", "not_later", [P("2022-09-19", "until")])]),
    ("36", "Не позднее, чем за 10 календарных дней до дня голосования (до 29 сентября 2022 года)",
     [R(10, "calendar_day", "before", "election_day", "not_later", [P("2022-09-29", "until")])]),
    ("37", "За 10 календарных дней до дня голосования (до 29 сентября 2022 года)",
     [R(10, "calendar_day", "before", "election_day", "exact", [P("2022-09-29", "until")])]),
    ("38", "За 2 календарных дня до дня голосования (до 7 октября 2022 года)",
     [R(2, "calendar_day", "before", "election_day", "exact", [P("2022-10-07", "until")])]),
    ("39", "Не позднее, чем за 10 календарных дней до дня голосования (до 29 сентября 2022года)",
     [R(10, "calendar_day", "before", "election_day", "not_later", [P("2022-09-29", "until")])]),
    ("40", "Не позднее 3 календарных дней до дня голосования (до 6 октября 2022года)",
     [R(3, "calendar_day", "before", "election_day", "not_later", [P("2022-10-06", "until")])]),
    ("41", "За 2 дня до дня голосования (6 октября 2022года)",
     [R(2, "day", "before", "election_day", "exact", [P("2022-10-06", "on")])]),
    ("42", "За 2 дня до дня голосования (6 октября 2022года)",
     [R(2, "day", "before", "election_day", "exact", [P("2022-10-06", "on")])]),
    ("43", "За один календарный день до дня голосования (8 октября 2022 года)",
     [R(1, "calendar_day", "before", "election_day", "exact", [P("2022-10-08", "on")])]),
    # hours on one day are a date with its time span (``time_until`` 20:00), not a range of two dates
    ("44", "9 октября 2022 года с 8.00 до 20.00 часов", [D("2022-10-09", "on", "08:00")]),
    ("45", "После окончания голосования", [E("after", "voting_end")]),
    ("46", "После окончания голосования", [E("after", "voting_end")]),
    ("47", "После получения данных от УИКов", [E("after", "receipt_of_data")]),
    ("48", "После завершения голосования", [E("after", "voting_end")]),
    ("49", "После проведения подсчета голосов", [E("after", "counting")]),
    ("50", "После проведения итогового заседания", [E("after", "final_meeting")]),
    ("51", "После составления протокола об итогах голосования", [E("after", "drawing_up_of_protocol")]),
    ("52", "Незамедлительно после их подписания членами УИК", [E("immediately_after", "signing_of_protocol")]),
    ("53", "Не позднее 3 календарных дней после дня голосования (до 13 октября 2022 года)",
     [R(3, "calendar_day", "after", "election_day", "not_later", [P("2022-10-13", "until")])]),
    ("54", "После получения протоколов от УИК, перед подписанием протокола об итогах голосования на соответствующей территории",
     [E("after", "receipt_of_protocols"), E("before", "signing_of_protocol")]),
    ("55", "После итогового заседания ТИК", [E("after", "final_meeting")]),
    ("56", "Не позднее 20 календарных дней со дня голосования (до 30 октября 2022 года)",
     [R(20, "calendar_day", "after", "election_day", "not_later", [P("2022-10-30", "until")])]),
    ("57", "В течение двух суток после определения результатов выборов",
     [R(2, "day", "after", "results_determined", "within")]),
    ("58", "Незамедлительно после подписания протокола ТИК", [E("immediately_after", "signing_of_protocol")]),
    ("59", "После получения протоколов ТИК", [E("after", "receipt_of_protocols")]),
    ("60", "В течение 10 календарных дней со дня определения результатов выборов",
     [R(10, "calendar_day", "after", "results_determined", "within")]),
    ("61", "После назначения выборов", [E("after", "calling_of_election")]),
    ("62", "Граждане с момента самовыдвижения в айылные кенешы, через уполномоченного представителя, политические "
           "партии с момента выдвижения кандидатов в айылные кенешы до представления документов для регистрации "
           "создают избирательные фонды для финансирования избирательной кампании.",
     [E("from", "nomination"), E("until", "submission_of_documents")]),
    ("63", "Для регистрации: - кандидатов в депутаты айылных кенешей уполномоченные представители кандидатов не "
           "позднее чем за 30 календарных дней до дня голосования (по 8 сентября 2022 года (включительно)), "
           "представляют в соответствующую территориальную избирательную комиссию документ, подтверждающий "
           "внесение избирательного залога.",
     [R(30, "calendar_day", "before", "election_day", "not_later", [P("2022-09-08", "through")])]),
    ("64", "Со дня формирования избирательного фонда", [E("from", "fund_formation")]),
    ("65", "После выделения избирательным комиссиям денежных средств", [E("after", "allocation_of_funds")]),
    ("66", "1) Первый финансовый отчет - не позднее, чем за 10 дней до дня голосования (по 28 сентября 2022 года "
           "(включительно)) 2) Второй итоговый финансовый отчет (сводные сведения) - не позднее, чем через 10 дней "
           "после дня голосования (по 19 октября 2022 года (включительно))",
     [R(10, "day", "before", "election_day", "not_later", [P("2022-09-28", "through")]),
      R(10, "day", "after", "election_day", "not_later", [P("2022-10-19", "through")])]),
    ("67", "Со дня формирования избирательного фонда еженедельно", [REC("weekly", "fund_formation")]),
    ("68", "После официального опубликования Указа Президента КР о назначении выборов", [E("after", "publication_of_decree")]),
    ("69", "После официального опубликования Указа Президента КР о назначении выборов", [E("after", "publication_of_decree")]),
    ("70", "При предоставлении некоммерческими организациями соответствующих документов для регистрации общественных наблюдателей",
     [E("on", "submission_by_ngo")]),
    ("71", "По отдельному плану и графику", [UNSPEC]),
    ("72", "В 2-недельный срок со дня назначения переголосования", [R(2, "week", "after", "repeat_voting_called", "within")]),
    ("73", "В течение 3 календарных дней после назначения переголосования",
     [R(3, "calendar_day", "after", "repeat_voting_called", "within")]),
    ("74", "В течение одного месяца со дня признания выборов недействительными",
     [R(1, "month", "after", "elections_invalidated", "within")]),
    ("75", "В течение 7 календарных дней после принятия решения о назначении повторных выборов",
     [R(7, "calendar_day", "after", "repeat_elections_called", "within")]),
    ("76", "В порядке и сроки предусмотренные настоящим Законом", [UNSPEC]),
]


@lru_cache(maxsize=None)
def seed_cells(name: str) -> list[str]:
    doc = shailoo.parse(FIXTURES / "text" / name)
    return [a.cells.get("term", "") for a in doc.activities]


def test_seed001_table_is_every_term_cell_of_the_seed():
    assert [text for _, text, _ in D01] == seed_cells("seed001.txt")
    assert len(D01) == 77
    relative_rows = [row for row, _, exp in D01 if any(e["kind"] == "relative" for e in exp)]
    assert len(relative_rows) >= 40


@pytest.mark.parametrize("row,text,expected", D01, ids=[f"001-row{r}" for r, _, _ in D01])
def test_seed001(row, text, expected):
    check(text, expected, E2022)


def test_seed001_printed_years_are_printed_not_inferred():
    for _, text, _ in D01:
        for t in parse_terms(text, E2022):
            for p in getattr(t, "printed", []):
                assert p.year_inferred is False and p.year_source is None, (text, p.raw)


# --------------------------------------------------------------------------- seed 000: all 50 date cells


def _d(md):  # "07-23" → an inferred 2021 date
    return P(f"2021-{md}", inferred=True)


def _r(a, b):
    return G(_d(a), _d(b))


def _ds(*days, month):  # several single days of one month
    return [D(f"2021-{month}-{d:02d}", inferred=True) for d in days]


D00 = [  # (row, date cell, expected); the year comes from the election day, 28 November 2021
    ("1", "23 июля", [D("2021-07-23", inferred=True)]),
    ("2", "18-19 октября 21-22 октября", [L(_r("10-18", "10-19"), _r("10-21", "10-22"))]),
    ("3", "27-28 октября", [_r("10-27", "10-28")]),
    ("4", "3-17 ноября", [_r("11-03", "11-17")]),
    ("5", "8-9 ноября", [_r("11-08", "11-09")]),
    ("6", "29-30 сентября", [_r("09-29", "09-30")]),
    ("7", "19-22 октября", [_r("10-19", "10-22")]),
    ("8", "25-30 октября", [_r("10-25", "10-30")]),
    ("9", "1-10 ноября", [_r("11-01", "11-10")]),
    ("10", "11-21 ноября", [_r("11-11", "11-21")]),
    ("11", "7 сентября", [D("2021-09-07", inferred=True)]),
    ("12", "21-22 сентября", [_r("09-21", "09-22")]),
    ("13", "23-24 сентября 25 сентября 27 сентября 28 сентября 29 сентября 30 сентября 01 октября 02 октября 04 "
           "октября 05 октября 06 октября 07 октября 08 октября 09 октября 11 октября",
     [L(_r("09-23", "09-24"), *_ds(25, 27, 28, 29, 30, month="09"), *_ds(1, 2, 4, 5, 6, 7, 8, 9, 11, month="10"))]),
    ("14", "14 октября", [D("2021-10-14", inferred=True)]),
    ("15", "13 октября 15 октября 16 октября 18 октября 19 октября 20 октября 26 октября",
     [L(*_ds(13, 15, 16, 18, 19, 20, 26, month="10"))]),
    ("16", "17 сентября", [D("2021-09-17", inferred=True)]),
    ("17", "30 сентября 01 октября 02 октября 04 октября 05 октября 06 октября 08 октября 09 октября",
     [L(*_ds(30, month="09"), *_ds(1, 2, 4, 5, 6, 8, 9, month="10"))]),
    ("18", "09 октября", [D("2021-10-09", inferred=True)]),
    ("19", "30 сентября 1 октября 2 октября 4 октября 5 октября 6 октября 8 октября 11 октября",
     [L(*_ds(30, month="09"), *_ds(1, 2, 4, 5, 6, 8, 11, month="10"))]),
    ("20", "15 октября", [D("2021-10-15", inferred=True)]),
    ("21", "8 сентября", [D("2021-09-08", inferred=True)]),
    ("22", "11 октября 19 октября", [L(*_ds(11, 19, month="10"))]),
    ("23", "01 октября 02 октября 04 октября 05 октября 06 октября 08 октября", [L(*_ds(1, 2, 4, 5, 6, 8, month="10"))]),
    ("24", "05 ноября", [D("2021-11-05", inferred=True)]),
    ("25", "09 ноября 19 ноября", [L(*_ds(9, 19, month="11"))]),
    ("26", "21 октября 27 октября", [L(*_ds(21, 27, month="10"))]),
    ("27", "05 ноября", [D("2021-11-05", inferred=True)]),
    ("28", "10 ноября", [D("2021-11-10", inferred=True)]),
    ("29", "13-14 ноября 15 ноября 17 ноября 19 ноября 20 ноября", [L(_r("11-13", "11-14"), *_ds(15, 17, 19, 20, month="11"))]),
    ("30", "3-4 сентября", [_r("09-03", "09-04")]),
    ("31", "13-17 сентября", [_r("09-13", "09-17")]),
    ("32", "05-09 октября", [_r("10-05", "10-09")]),
    ("33", "08 октября", [D("2021-10-08", inferred=True)]),
    ("34", "12 октября 13 октября 14 октября 18 октября 19 октября 21 октября 23 октября",
     [L(*_ds(12, 13, 14, 18, 19, 21, 23, month="10"))]),
    # days without a month: incomplete, with a reason, not guessed
    ("35", "19-28 20-23", [L(G(P(None, reason="no_month"), P(None, reason="no_month")),
                             G(P(None, reason="no_month"), P(None, reason="no_month")), reason="no_month")]),
    ("36", "17 сентября- 2 октября", [_r("09-17", "10-02")]),
    ("37", "04 ноября", [D("2021-11-04", inferred=True)]),
    ("38", "05 ноября", [D("2021-11-05", inferred=True)]),
    ("39", "09 ноября", [D("2021-11-09", inferred=True)]),
    ("40", "20-21 ноября", [_r("11-20", "11-21")]),
    ("41", "28 ноября", [D("2021-11-28", inferred=True)]),
    ("42", "10 сентября", [D("2021-09-10", inferred=True)]),
    ("43", "16 сентября", [D("2021-09-16", inferred=True)]),
    ("44", "29 сентября", [D("2021-09-29", inferred=True)]),
    ("45", "22 октября", [D("2021-10-22", inferred=True)]),
    ("46", "26 октября", [D("2021-10-26", inferred=True)]),
    ("47", "11 ноября", [D("2021-11-11", inferred=True)]),
    ("48", "28 ноября", [D("2021-11-28", inferred=True)]),
    ("49", "29 ноября", [D("2021-11-29", inferred=True)]),
    # a month where a date was asked for: a period, the year inferred, incomplete as a day
    ("50", "декабрь", [PER("month", 12, 2021, inferred=True, reason="no_day", first="2021-12-01", last="2021-12-31")]),
]


def test_seed000_table_is_every_date_cell_of_the_seed():
    assert [text for _, text, _ in D00] == seed_cells("seed000.txt")


@pytest.mark.parametrize("row,text,expected", D00, ids=[f"000-row{r}" for r, _, _ in D00])
def test_seed000(row, text, expected):
    check(text, expected, E2021)


def test_seed000_years_are_inferred_from_the_election_day():
    for _, text, _ in D00:
        for t in parse_terms(text, E2021):
            for item in (t.items if t.kind == "dates" else [t]):
                for d in ([item.date] if item.kind == "date" else
                          [item.start_date, item.end_date] if item.kind == "range" else []):
                    if d.value is not None:
                        assert d.year == 2021 and d.year_inferred and d.year_source == "election_day"


def test_seed000_without_a_reference_nothing_is_guessed():
    (t,) = parse_terms("23 июля")
    assert t.date.value is None and t.date.reason == "no_year" and t.reason == "no_year"
    assert (t.date.day, t.date.month, t.date.year) == (23, 7, None)
    (p,) = parse_terms("декабрь")
    assert p.kind == "period" and p.value == 12 and p.year is None and p.reason == "no_year" and p.first_day is None
    (l,) = parse_terms("19-28 20-23", E2021)
    assert l.reason == "no_month" and all(i.start_date.day and i.start_date.month is None for i in l.items)


# --------------------------------------------------------------------------- statutes and CEC practice

# Phrases of deadlines-gathered.csv (quotes of CEC notices and press reports of norms) and NOTES.md, each read
# with the election day of the election it speaks of.
L2016 = TermContext(reference=dt.date(2016, 12, 11), reference_source="election_day")
L2021 = TermContext(reference=dt.date(2021, 4, 11), reference_source="election_day")
P2021 = TermContext(reference=dt.date(2021, 1, 10), reference_source="election_day")
L2024 = TermContext(reference=dt.date(2024, 11, 17), reference_source="election_day")
STATUTE = [
    ("очередные выборы в парламент должны быть назначены не ранее чем за 100 календарных дней и не позднее "
     "чем за 90 календарных дней до дня голосования.",
     [R(100, "calendar_day", "before", "election_day", "not_earlier"),
      R(90, "calendar_day", "before", "election_day", "not_later")], E2022),
    ("Согласно статьи 13 закона о выборах, Центральная избирательная комиссия формирует и утверждает схему и границы "
     "избирательных округов не позднее 7 календарных дней после назначения дня выборов.",
     [R(7, "calendar_day", "after", "calling_of_election", "not_later")], E2022),
    ("Итоги выборов по каждому кенешу должны быть подведены ТИК не позднее 8 декабря (20 дней со дня голосования, "
     "согласно статье 38 закона «О выборах депутатов местных кенешей»).",
     [D("2024-12-08", "through", inferred=True), R(20, "day", "after", "election_day")], L2024),
    ("не позднее 15 календарных дней со дня голосования — до 24 января включительно",
     [R(15, "calendar_day", "after", "election_day", "not_later", [P("2021-01-24", "through", inferred=True)])], P2021),
    ("формирование и выгрузка на портал \"Тизме\" из Единого государственного реестра населения предварительного "
     "списка избирателей - до 10 августа 2022 года;", [D("2022-08-10", "until")], E2022),
    ("вывешивание на участках для ознакомления избирателями предварительного списка избирателей - до 20 августа 2022 года;",
     [D("2022-08-20", "until")], E2022),
    ("контрольного списка избирателей - до 9 сентября 2022 года;", [D("2022-09-09", "until")], E2022),
    ("окончательного списка избирателей - до 29 сентября 2022 года.", [D("2022-09-29", "until")], E2022),
    ("прием и обработка заявлений избирателей об ошибке или неточности, отсутствии в списке избирателей - с 20 августа "
     "по 23 сентября 2022 года (включительно);",
     [G(P("2022-08-20", "from", inferred=False), P("2022-09-23", "through"))], E2022),
    ("регистрация кандидатов начнется со дня назначения выборов и завершится 31 октября;",
     # a range from the event to the printed end (README «Terms»; the start event is in ``start_event``)
     [G(P(None, "from", reason="event_start"), P("2016-10-31", "through", inferred=True))], L2016),
    ("бюллетени будут подготовлены и переданы участковым избирательным комиссиям до 21 ноября",
     [D("2016-11-21", "until", inferred=True)], L2016),
    ("ТИК проведут после того, как будут утверждены текст и форма — до 22 марта. До 1 апреля они должны быть изготовлены.",
     [D("2021-03-22", "until", inferred=True), D("2021-04-01", "until", inferred=True)], L2021),
    ("реестр избирателей, подавших заявление о голосовании вне помещений, появится 9 апреля.",
     [D("2021-04-09", inferred=True)], L2021),
    ("списки избирателей, принявших участие в голосовании, должны быть опубликованы не позднее 15 апреля.",
     [D("2021-04-15", "through", inferred=True)], L2021),
    ("ЦИК огласит официальные итоги местных выборов, назначенных на 11 апреля, до 2 мая.",
     [D("2021-04-11", inferred=True), D("2021-05-02", "until", inferred=True)], L2021),
    ("Возможность обжаловать решения УИК в течение трёх дней после выборов в территориальные избирательные комиссии (ТИК).",
     [R(3, "day", "after", "election_day", "within")], L2021),
    ("образование избирательных округов, составление списка избирателей на основе биометрических и персональных данных "
     "для участия в выборах местного кенеша должны быть утверждены не позднее 22 октября;",
     [D("2016-10-22", "through", inferred=True)], L2016),
    ("Выдвижение кандидатов в депутаты айылных кенешей начинается со дня назначения выборов и заканчивается за 30 "
     "календарных дней до дня голосования.",
     [R(30, "calendar_day", "before", "election_day", "from_until")], E2022),
]

# CEC-style variants of the same forms (written for these tests from the seeds' and statutes' wording).
VARIANTS = [
    ("Не позднее чем за 70 календарных дней до дня голосования", [R(70, "calendar_day", "before", "election_day", "not_later")]),
    ("не ранее чем за 100 календарных дней до дня голосования", [R(100, "calendar_day", "before", "election_day", "not_earlier")]),
    ("За 5 дней до дня голосования и в день голосования",
     [R(5, "day", "before", "election_day"), E("on", "election_day")]),
    ("В день голосования", [E("on", "election_day")]),
    ("Накануне дня голосования", [R(1, "day", "before", "election_day")]),
    ("В течение 3 рабочих дней со дня поступления документов", [R(3, "working_day", "after", "receipt_of_documents", "within")]),
    ("В течение 24 часов после окончания голосования", [R(24, "hour", "after", "voting_end", "within")]),
    ("Не позднее чем за 2 часа до начала голосования", [R(2, "hour", "before", "voting_start", "not_later")]),
    ("не позднее чем через три дня после дня голосования", [R(3, "day", "after", "election_day", "not_later")]),
    ("за тридцать дней до дня голосования", [R(30, "day", "before", "election_day")]),
    ("В течение двадцати пяти календарных дней со дня назначения выборов",
     [R(25, "calendar_day", "after", "calling_of_election", "within")]),
    ("в течение месяца со дня признания выборов недействительными", [R(1, "month", "after", "elections_invalidated", "within")]),
    ("в 2-х недельный срок со дня назначения переголосования", [R(2, "week", "after", "repeat_voting_called", "within")]),
    ("в 10-дневный срок со дня получения документов", [R(10, "day", "after", "receipt_of_documents", "within")]),
    ("Не позднее 5 рабочих дней со дня регистрации", [R(5, "working_day", "after", "registration", "not_later")]),
    ("В течение трех суток с момента получения протоколов", [R(3, "day", "after", "receipt_of_protocols", "within")]),
    ("не позднее 10 календарных дней до дня голосования (до 29 сентября)",
     [R(10, "calendar_day", "before", "election_day", "not_later", [P("2022-09-29", "until", inferred=True)])]),
    ("Не позднее 7 календарных дней со дня получения заявления",
     [R(7, "calendar_day", "after", "unknown", "not_later", reason="unknown_anchor")]),
    ("После официального опубликования результатов выборов", [E("after", "publication_of_results")]),
    ("Со дня начала избирательных действий", [E("from", "start_of_electoral_actions")]),
    ("до дня голосования", [E("until", "election_day")]),
    ("С момента выдвижения кандидатов до представления документов для регистрации",
     [E("from", "nomination"), E("until", "submission_of_documents")]),
    ("Незамедлительно после подписания протокола", [E("immediately_after", "signing_of_protocol")]),
    ("еженедельно", [REC("weekly")]),
    ("ежедневно", [REC("daily")]),
    ("ежемесячно", [REC("monthly")]),
    ("постоянно", [REC("continuous")]),
    ("на постоянной основе", [REC("continuous")]),
    ("Постоянно в течение избирательного периода", [REC("continuous")]),
    ("по мере необходимости", [REC("as_needed")]),
    ("По отдельному графику", [UNSPEC]),
    ("в установленные сроки", [UNSPEC]),
    ("В сроки, установленные законом", [UNSPEC]),
    ("По согласованию", [UNSPEC]),
    # absolute dates in every form
    ("9 октября 2022 года", [D("2022-10-09", inferred=False)]),
    ("воскресенье 9 октября 2022 года", [D("2022-10-09", weekday=6)]),
    ("до 10 августа 2022 г.", [D("2022-08-10", "until")]),
    ("по 23 сентября 2022 года включительно", [D("2022-09-23", "through")]),
    ("по 8 сентября 2022 года (включительно)", [D("2022-09-08", "through")]),
    ("до 24.00 часов 8 сентября 2022 года", [D("2022-09-08", "until_24h", "24:00")]),
    ("в 8.00 часов 8 октября", [D("2022-10-08", "on", "08:00", inferred=True)]),
    ("до 18.00 часов 8 сентября 2022 года", [D("2022-09-08", "until", "18:00")]),
    ("8 сентября 2022 года до 18.00 часов", [D("2022-09-08", "until", "18:00")]),
    ("с 20 августа 2022 года", [D("2022-08-20", "from")]),
    ("после 10 октября 2022 года", [D("2022-10-10", "after")]),
    ("не позднее 29 августа 2022 года", [D("2022-08-29", "through")]),
    ("в срок до 20 августа 2022 года", [D("2022-08-20", "until")]),
    ("10.08.2022", [D("2022-08-10")]),
    ("10.08.2022 г.", [D("2022-08-10")]),
    ("26.06.20ж.", [D("2020-06-26")]),
    ('"26" июня 2023 года', [D("2023-06-26")]),
    ("« 30 » 06 2023", [D("2023-06-30")]),
    ("« 30 » июня 2023 г.", [D("2023-06-30")]),
    ("31 июня 2022 года", [D(None, reason="not_a_date")]),
    ("30 февраля", [D(None, reason="not_a_date")]),
    ("с 20 августа по 23 сентября 2022 года (включительно)",
     [G(P("2022-08-20", "from", inferred=False), P("2022-09-23", "through"))]),
    ("с 01.09.2022 по 30.09.2022", [G(P("2022-09-01", "from"), P("2022-09-30", "through"))]),
    ("с 20 декабря по 10 января 2022 года", [G(P("2021-12-20", "from", inferred=False), P("2022-01-10", "through"))]),
    ("13 октября и 15 октября", [L(D("2022-10-13", inferred=True), D("2022-10-15", inferred=True))]),
    ("17 сентября- 2 октября", [G(P("2022-09-17", inferred=True), P("2022-10-02", inferred=True))]),
    ("05-09 октября 2021 года", [G(P("2021-10-05", inferred=False), P("2021-10-09", inferred=False))]),
    # periods
    ("IV квартал 2024 года", [PER("quarter", 4, 2024, first="2024-10-01", last="2024-12-31")]),
    ("в первом квартале 2023 года", [PER("quarter", 1, 2023, first="2023-01-01", last="2023-03-31")]),
    ("первое полугодие 2024 года", [PER("half_year", 1, 2024, first="2024-01-01", last="2024-06-30")]),
    ("II полугодие 2023 года", [PER("half_year", 2, 2023, first="2023-07-01", last="2023-12-31")]),
    ("2023", [PER("year", None, 2023, first="2023-01-01", last="2023-12-31")]),
    ("2023 год", [PER("year", None, 2023)]),
    ("в течение 2024 года", [PER("year", None, 2024)]),
    ("декабрь 2023 года", [PER("month", 12, 2023, reason="no_day", first="2023-12-01", last="2023-12-31")]),
    ("в декабре", [PER("month", 12, 2022, inferred=True, reason="no_day")]),
    ("2023-2025 гг.", [G(P("2023-01-01", "from"), P("2025-12-31", "through"))]),
    # text that names no time
    ("Текст без срока", [UNPARSED]),
    ("Ответственные за исполнение", [UNPARSED]),
]

PLAN = TermContext(reference=dt.date(2023, 1, 1), reference_source="period", period=(2023, 2025))
PLAN_CASES = [
    ("I Год", [PER("plan_year", 1, 2023, inferred=True, first="2023-01-01", last="2023-12-31")]),
    ("II Год", [PER("plan_year", 2, 2024, inferred=True)]),
    ("III год", [PER("plan_year", 3, 2025, inferred=True)]),
    ("первый год", [PER("plan_year", 1, 2023, inferred=True)]),
    # Never a year outside the plan period (issue 16): the first IV quarter of 2023–2025, not 2022's.
    ("IV квартал", [PER("quarter", 4, 2023, inferred=True)]),
]


@pytest.mark.parametrize("text,expected,ctx", STATUTE, ids=[f"statute{i}" for i in range(len(STATUTE))])
def test_statute_phrases(text, expected, ctx):
    check(text, expected, ctx)


@pytest.mark.parametrize("text,expected", VARIANTS, ids=[f"variant{i}" for i in range(len(VARIANTS))])
def test_cec_variants(text, expected):
    check(text, expected, E2022)


@pytest.mark.parametrize("text,expected", PLAN_CASES, ids=[f"plan{i}" for i in range(len(PLAN_CASES))])
def test_plan_periods(text, expected):
    check(text, expected, PLAN)


def test_at_least_150_russian_phrases():
    phrases = {t for _, t, _ in D01} | {t for _, t, _ in D00} | {t for t, *_ in STATUTE + VARIANTS + PLAN_CASES}
    assert len(phrases) >= 150, len(phrases)


# --------------------------------------------------------------------------- year inference, contexts, spans


def test_a_december_date_in_a_january_election_plan_is_the_year_before():
    jan = TermContext(reference=dt.date(2021, 1, 10), reference_source="election_day")
    (t,) = parse_terms("28 декабря", jan)
    assert t.date.value == dt.date(2020, 12, 28) and t.date.year_inferred and t.date.year_source == "election_day"
    (r,) = parse_terms("с 28 декабря по 5 января", jan)
    assert (r.start_date.value, r.end_date.value) == (dt.date(2020, 12, 28), dt.date(2021, 1, 5))


def test_year_source_follows_the_context():
    approval = TermContext(reference=dt.date(2022, 8, 10), reference_source="approval")
    (t,) = parse_terms("до 15 августа", approval)
    assert t.date.value == dt.date(2022, 8, 15) and t.date.year_source == "approval"


def test_a_range_without_a_year_and_no_reference_is_incomplete():
    (r,) = parse_terms("с 28 декабря по 5 января")
    assert r.reason == "no_year" and r.start_date.value is None and r.end_date.value is None
    assert (r.start_date.day, r.start_date.month, r.end_date.day, r.end_date.month) == (28, 12, 5, 1)


def test_empty_and_blank_cells_have_no_terms():
    assert parse_terms("") == [] and parse_terms("   \n") == []


def test_unparsed_keeps_the_text_and_a_reason():
    (t,) = parse_terms("Ответственные за исполнение")
    assert t.kind == "unparsed" and t.reason and t.raw == "Ответственные за исполнение"


def test_printed_date_offsets_index_the_term_raw():
    (t,) = parse_terms("За 60 календарных дней до дня голосования (до 10 августа 2022 года)", E2022)
    (p,) = t.printed
    assert t.raw[p.start:p.end] == p.raw == "10 августа 2022 года"
    assert t.anchor_raw == "дня голосования" and t.raw.endswith(")")


def test_terms_serialise_through_the_model():
    from shailoo.model import Activity, Provenance

    terms = parse_terms(D01[34][1], E2022) + parse_terms(D00[12][1], E2021) + parse_terms("декабрь", E2021)
    a = Activity(terms=terms, term=terms[0], provenance=Provenance(file="x"))
    back = Activity.model_validate_json(a.model_dump_json())
    assert back.terms == terms


def test_a_cell_may_mix_languages():
    terms = parse_terms("За 10 календарных дней до дня голосования; добуш берүү күнүнө чейин 10 календардык күндөн "
                        "кечиктирбестен", E2022)
    assert [(t.kind, t.n, t.anchor, t.bound) for t in terms] == [
        ("relative", 10, "election_day", "exact"), ("relative", 10, "election_day", "not_later")]


# --------------------------------------------------------------------------- mentions in free text


def test_mentions_in_a_resolution():
    text = (FIXTURES / "text" / "resolution_ru.txt").read_text(encoding="utf-8")
    ctx = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")
    found = find_term_mentions(text, ctx)
    assert [(t.kind, t.date.value.isoformat(), t.date.qualifier) for t in found] == [
        ("date", "2022-08-10", "on"), ("date", "2022-10-09", "on"), ("date", "2022-08-20", "until"),
        ("date", "2022-08-29", "through"), ("date", "2022-08-15", "until")]
    for t in found:
        assert text[t.start:t.end] == t.raw


def test_mentions_keep_relative_terms_with_their_printed_dates():
    text = ("Прием документов осуществляется не позднее, чем за 30 календарных дней до дня голосования (до 24.00 "
            "часов 8 сентября 2022 года), а после назначения выборов — еженедельно.")
    found = find_term_mentions(text, E2022)
    assert [t.kind for t in found] == ["relative", "event"]
    rel, ev = found
    assert (rel.n, rel.bound, rel.printed[0].value, rel.printed[0].qualifier) == (
        30, "not_later", dt.date(2022, 9, 8), "until_24h")
    assert text[rel.start:rel.end].startswith("не позднее") and text[rel.start:rel.end].endswith("года)")
    assert (ev.relation, ev.anchor) == ("after", "calling_of_election")


def test_mentions_are_not_found_in_plain_words():
    assert find_term_mentions("Обращение ЦИК к СМИ об аккредитации для участия в предвыборной агитации") == []
    assert find_term_mentions("9 Майданского айылного кенеша, ч.2-1 ст.22 Закона") == []
