"""The election calendar and the counting conventions (parsers/calendar.py, corpus/counting.yaml).

Terms are built by hand from the model classes (the grammar of parsers/terms.py is tested on its own).
Seed 001 (election day Sunday 9 October 2022) is checked row by row: the printed dates are the CEC's.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml
from pydantic import ValidationError

from shailoo.parsers.extract.calendar import (
    COUNTING_FILE, CountingData, ElectionCalendar, add_months, add_working_days, calendar_for,
    calendar_from_document, check_printed, counting_data, election_kind, moment, resolve,
)
from shailoo.model import (
    Approval, DateTerm, DocumentInfo, EventTerm, RecurringTerm, RelativeTerm, TermDate, UnparsedTerm,
)

D = dt.date
E = D(2022, 10, 9)  # seed 001: «День выборов – воскресенье 9 октября 2022 года»


def rel(n, unit="calendar_day", direction="before", anchor="election_day", bound="not_later", printed=()):
    return RelativeTerm(raw=f"{n} {unit} {direction} {anchor}", n=n, unit=unit, direction=direction,
                        anchor=anchor, bound=bound,
                        printed=[TermDate(value=v, qualifier=q, raw=f"{q} {v}") for v, q in printed])


def raw_counting() -> dict:
    with open(COUNTING_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --------------------------------------------------------------------------- the conventions file


def test_counting_file_validates_and_names_conventions():
    data = counting_data()
    assert set(data.conventions) == {"before", "after", "within", "before_hours", "after_hours", "within_hours"}
    assert data.conventions["before"].printed_as[:2] == ["until computed", "through last_day"]
    assert data.conventions["before"].ambiguity_days == 0
    assert data.conventions["after"].ambiguity_days == 1
    assert "§3.2" in data.conventions["before"].source and "§3.2" in data.conventions["after"].source
    assert data.units["week"].size == 7 and data.units["month"].step == "month"
    assert data.units["working_day"].skip_weekdays == [5, 6]
    assert "holiday" in data.units["working_day"].note
    assert counting_data() is data  # loaded once


@pytest.mark.parametrize("path", [
    (),                              # top level
    ("conventions", "before"),       # a convention
    ("units", "week"),               # a unit
    ("bounds", "not_later"),         # a bound
    ("anchor_times", "voting_start"),
])
def test_unknown_keys_are_rejected(path):
    data = raw_counting()
    node = data
    for k in path:
        node = node[k]
    node["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        CountingData.model_validate(data)


def test_every_direction_and_unit_needs_exactly_one_convention():
    data = raw_counting()
    del data["conventions"]["within"]
    with pytest.raises(ValidationError, match="without a convention"):
        CountingData.model_validate(data)
    data = raw_counting()
    data["conventions"]["twice"] = copy.deepcopy(data["conventions"]["before"])
    with pytest.raises(ValidationError, match="both cover"):
        CountingData.model_validate(data)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["conventions"]["before"].update(printed_as=["before computed"]), "printed_as"),
    (lambda d: d["conventions"]["before"]["computed"].update(n=0), "n != 0"),
    (lambda d: d["conventions"]["before"].update(last_day={"from": "moment"}), "moment"),
    (lambda d: d["conventions"]["before_hours"].update(default_anchor_time="25:00"), "HH:MM"),
    (lambda d: d["units"].pop("hour"), "units without a step"),
    (lambda d: d["bounds"].pop("not_earlier"), "bounds without a fill rule"),
    (lambda d: d["units"]["working_day"].update(skip_weekdays=[]), "skip_weekdays"),
])
def test_bad_conventions_are_rejected(edit, message):
    data = raw_counting()
    edit(data)
    with pytest.raises(ValidationError, match=message):
        CountingData.model_validate(data)


# --------------------------------------------------------------------------- the acceptance example


def test_sixty_days_before_election_day():
    # «За 60 календарных дней до дня голосования (до 10 августа 2022 года)», seed 001 row 9
    t = rel(60, bound="exact", printed=[(D(2022, 8, 10), "until")])
    r = resolve(t, calendar_for(E))
    assert (r.computed, r.last_day, r.convention) == (D(2022, 8, 10), D(2022, 8, 9), "before")
    assert [c.delta_days for c in check_printed(r)] == [0]
    assert t.computed is None and t.convention is None  # a copy; the input is untouched


# --------------------------------------------------------------------------- seed 001 by hand

# (row, n, unit, direction, bound, printed date, qualifier, expected computed)
# Every relative row of seed 001 anchored on election day that prints a date.
SEED001 = [
    ("5", 55, "calendar_day", "before", "exact", D(2022, 8, 15), "until", D(2022, 8, 15)),
    ("9", 60, "calendar_day", "before", "exact", D(2022, 8, 10), "until", D(2022, 8, 10)),
    ("10", 60, "calendar_day", "before", "exact", D(2022, 8, 10), "until", D(2022, 8, 10)),
    ("11", 55, "calendar_day", "before", "exact", D(2022, 8, 15), "until", D(2022, 8, 15)),
    ("12", 50, "calendar_day", "before", "exact", D(2022, 8, 20), "until", D(2022, 8, 20)),
    ("13", 15, "calendar_day", "before", "not_later", D(2022, 9, 23), "through", D(2022, 9, 24)),
    ("14", 35, "calendar_day", "before", "not_later", D(2022, 9, 4), "until", D(2022, 9, 4)),
    ("15", 30, "calendar_day", "before", "exact", D(2022, 9, 9), "until", D(2022, 9, 9)),
    ("16", 10, "calendar_day", "before", "not_later", D(2022, 9, 29), "until", D(2022, 9, 29)),
    ("17", 10, "calendar_day", "before", "not_later", D(2022, 9, 29), "until", D(2022, 9, 29)),
    ("18", 5, "calendar_day", "before", "exact", D(2022, 10, 4), "until", D(2022, 10, 4)),
    ("19", 3, "calendar_day", "before", "not_later", D(2022, 10, 6), "until", D(2022, 10, 6)),
    ("20", 3, "calendar_day", "before", "not_later", D(2022, 10, 6), "until", D(2022, 10, 6)),
    ("21", 3, "calendar_day", "before", "not_later", D(2022, 10, 6), "until", D(2022, 10, 6)),
    ("22", 50, "calendar_day", "before", "not_later", D(2022, 8, 20), "until", D(2022, 8, 20)),
    ("23", 50, "calendar_day", "before", "not_later", D(2022, 8, 20), "until", D(2022, 8, 20)),
    ("25", 30, "calendar_day", "before", "from_until", D(2022, 9, 8), "until_24h", D(2022, 9, 9)),
    ("26", 30, "calendar_day", "before", "not_later", D(2022, 9, 8), "until_24h", D(2022, 9, 9)),
    ("28", 20, "calendar_day", "before", "exact", D(2022, 9, 19), "until", D(2022, 9, 19)),
    ("31", 3, "calendar_day", "before", "not_later", D(2022, 10, 5), "until_24h", D(2022, 10, 6)),
    ("35", 20, "calendar_day", "before", "not_later", D(2022, 9, 19), "until", D(2022, 9, 19)),
    ("36", 10, "calendar_day", "before", "not_later", D(2022, 9, 29), "until", D(2022, 9, 29)),
    ("37", 10, "calendar_day", "before", "exact", D(2022, 9, 29), "until", D(2022, 9, 29)),
    ("38", 2, "calendar_day", "before", "exact", D(2022, 10, 7), "until", D(2022, 10, 7)),
    ("39", 10, "calendar_day", "before", "not_later", D(2022, 9, 29), "until", D(2022, 9, 29)),
    ("40", 3, "calendar_day", "before", "not_later", D(2022, 10, 6), "until", D(2022, 10, 6)),
    ("41", 2, "day", "before", "exact", D(2022, 10, 6), "on", D(2022, 10, 7)),
    ("42", 2, "day", "before", "exact", D(2022, 10, 6), "on", D(2022, 10, 7)),
    ("43", 1, "calendar_day", "before", "exact", D(2022, 10, 8), "on", D(2022, 10, 8)),
    ("53", 3, "calendar_day", "after", "not_later", D(2022, 10, 13), "until", D(2022, 10, 12)),
    ("56", 20, "calendar_day", "within", "not_later", D(2022, 10, 30), "until", D(2022, 10, 29)),
    ("63", 30, "calendar_day", "before", "not_later", D(2022, 9, 8), "through", D(2022, 9, 9)),
    ("66a", 10, "day", "before", "not_later", D(2022, 9, 28), "through", D(2022, 9, 29)),
    ("66b", 10, "day", "after", "not_later", D(2022, 10, 19), "through", D(2022, 10, 19)),
]


def _seed001_resolved():
    cal = calendar_for(E)
    return {row: resolve(rel(n, unit, direction, bound=bound, printed=[(p, q)]), cal)
            for row, n, unit, direction, bound, p, q, _ in SEED001}


@pytest.mark.parametrize("row, n, unit, direction, bound, printed, qualifier, computed", SEED001,
                         ids=[r[0] for r in SEED001])
def test_seed001_computed_dates(row, n, unit, direction, bound, printed, qualifier, computed):
    r = _seed001_resolved()[row]
    assert r.computed == computed
    # before: done by the end of E−(N+1); after / within: the last day is E+N itself
    assert r.last_day == (computed - dt.timedelta(days=1) if direction == "before" else computed)


def test_seed001_rows_whose_printed_date_disagrees():
    resolved = _seed001_resolved()
    deltas = {row: check_printed(t)[0].delta_days for row, t in resolved.items()}
    disagree = {row: d for row, d in deltas.items() if d != 0}
    # 41/42 «За 2 дня … (6 октября)»: E−2 = 7 Oct, printed 6 Oct (= last_day E−3);
    # 53 «Не позднее 3 … после дня голосования (до 13 октября)»: E+3 = 12 Oct, printed 13 Oct;
    # 56 «Не позднее 20 … со дня голосования (до 30 октября)»: E+20 = 29 Oct, printed 30 Oct.
    assert disagree == {"41": -1, "42": -1, "53": 1, "56": 1}
    assert [check_printed(resolved[r])[0].ambiguous for r in ("41", "53", "56")] == [False, True, True]
    # The plain reading «computed = printed «до D», or D+1 for «по D включительно»» also flags 66b:
    # «через 10 дней после дня голосования (по 19 октября включительно)» → 20 Oct vs E+10 = 19 Oct,
    # which the `after` convention accepts (the CEC prints anchor+N after «до» and «по» alike).
    plain = {row for row, t in resolved.items()
             if (t.printed[0].value + dt.timedelta(days=t.printed[0].qualifier in ("through", "until_24h")))
             != t.computed and t.printed[0].qualifier != "on"}
    assert plain == {"53", "56", "66b"}


# --------------------------------------------------------------------------- units


def test_month_arithmetic_clamps_to_month_end():
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert add_months(D(2023, 12, 15), 1) == D(2024, 1, 15)
    assert add_months(D(2023, 1, 15), -13) == D(2021, 12, 15)
    assert add_months(D(2023, 8, 31), 1) == D(2023, 9, 30)


def test_one_month_from_an_invalidation():
    # seed 001 row 74 «В течение одного месяца со дня признания выборов недействительными»
    cal = calendar_for(None, {"elections_invalidated": D(2023, 1, 31)})
    r = resolve(rel(1, "month", "within", "elections_invalidated", "within"), cal)
    assert (r.computed, r.last_day, r.convention) == (D(2023, 2, 28), D(2023, 2, 28), "within")
    r = resolve(rel(1, "month", "before", "elections_invalidated"), cal)
    assert (r.computed, r.last_day) == (D(2022, 12, 31), D(2022, 12, 30))


def test_working_days_skip_the_weekend():
    assert add_working_days(D(2022, 10, 7), 1, {5, 6}) == D(2022, 10, 10)   # Fri + 1 = Mon
    assert add_working_days(D(2022, 10, 8), 1, {5, 6}) == D(2022, 10, 10)   # Sat + 1 = Mon
    assert add_working_days(D(2022, 10, 10), -1, {5, 6}) == D(2022, 10, 7)  # Mon − 1 = Fri
    assert add_working_days(D(2022, 10, 6), 5, {5, 6}) == D(2022, 10, 13)   # Thu + 5 = next Thu
    cal = calendar_for(E)  # a Sunday
    r = resolve(rel(3, "working_day"), cal)
    assert (r.computed, r.last_day) == (D(2022, 10, 5), D(2022, 10, 4))  # Wed; done by Tue
    r = resolve(rel(2, "working_day", "after"), cal)
    assert (r.computed, r.last_day) == (D(2022, 10, 11), D(2022, 10, 11))  # Mon = 1, Tue = 2


def test_weeks_are_seven_days():
    # seed 001 row 72 «В 2-недельный срок со дня назначения переголосования»
    cal = calendar_for(E, {"repeat_voting_called": D(2022, 10, 20)})
    r = resolve(rel(2, "week", "within", "repeat_voting_called", "within"), cal)
    assert r.computed == D(2022, 11, 3)


def test_hours_before_the_start_of_voting():
    # seed 001 row 34 «прекращается за 24 часа до начала голосования (в 8.00 часов 8 октября 2022 года)»
    cal = calendar_for(E)
    t = rel(24, "hour", "before", "voting_start", printed=[(D(2022, 10, 8), "on")])
    r = resolve(t, cal)
    assert (r.computed, r.last_day, r.convention) == (D(2022, 10, 8), D(2022, 10, 8), "before_hours")
    assert moment(t, cal) == dt.datetime(2022, 10, 8, 8, 0)
    assert check_printed(r)[0].agrees
    # an anchor known only by its day starts at 00:00: 24 hours before election day is 00:00 of the 8th,
    # so no time is left on the 8th and the last day is the 7th
    r = resolve(rel(24, "hour", "before", "election_day"), cal)
    assert (r.computed, r.last_day) == (D(2022, 10, 8), D(2022, 10, 7))
    assert moment(rel(24, "hour", "before", "election_day"), cal) == dt.datetime(2022, 10, 8, 0, 0)
    # after the end of voting (20:00)
    assert moment(rel(48, "hour", "after", "voting_end"), cal) == dt.datetime(2022, 10, 11, 20, 0)
    # after a day-only anchor: the count starts when that day ends
    assert moment(rel(24, "hour", "after", "election_day"), cal) == dt.datetime(2022, 10, 11, 0, 0)
    assert resolve(rel(24, "hour", "after", "election_day"), cal).last_day == D(2022, 10, 10)
    assert moment(rel(5), cal) is None  # not an hour term


# --------------------------------------------------------------------------- other terms, bounds, failures


def test_event_terms_get_the_anchor_date():
    cal = calendar_for(E, {"calling_of_election": D(2022, 8, 9)})
    t = EventTerm(raw="После назначения выборов", anchor="calling_of_election", relation="after")
    assert resolve(t, cal).computed == D(2022, 8, 9)
    t = EventTerm(raw="После окончания голосования", anchor="voting_end", relation="after")
    assert resolve(t, cal).computed == E
    t = EventTerm(raw="После получения протоколов ТИК", anchor="receipt_of_protocols")
    assert resolve(t, cal) is t


def test_unknown_anchor_and_other_terms_are_returned_unchanged():
    cal = calendar_for(E)
    t = rel(5, direction="after", anchor="registration")
    assert resolve(t, cal) is t
    others = [DateTerm(raw="9 октября 2022 года", date=TermDate(value=E, raw="9 октября 2022 года")),
              RecurringTerm(raw="еженедельно", frequency="weekly"), UnparsedTerm(raw="?", reason="x")]
    assert all(resolve(o, cal) is o for o in others)
    out = [resolve(x, cal) for x in [others[0], rel(60), t]]
    assert out[0] is others[0] and out[2] is t and out[1].computed == D(2022, 8, 10)


def test_not_earlier_fills_no_last_day():
    # «не ранее чем за 100 календарных дней до дня голосования» (Pres/JK Art. 59 p.3)
    r = resolve(rel(100, bound="not_earlier"), calendar_for(E))
    assert (r.computed, r.last_day, r.convention) == (D(2022, 7, 1), None, "before")


def test_resolve_never_raises_out_of_range():
    cal = calendar_for(D(1, 1, 5))
    t = rel(60)
    assert resolve(t, cal) is t
    assert moment(rel(24, "hour", anchor="election_day"), calendar_for(D(1, 1, 1))) is None
    assert resolve(rel(1, "month", "after"), calendar_for(D(9999, 12, 31))) is not None


def test_check_printed_needs_a_resolved_term():
    assert check_printed(rel(60, printed=[(D(2022, 8, 10), "until")])) == []
    r = resolve(rel(60, printed=[(D(2022, 8, 10), "from")]), calendar_for(E))
    assert check_printed(r)[0].expected is None and check_printed(r)[0].delta_days is None


# --------------------------------------------------------------------------- building calendars


def test_calendar_for_marks_options_and_inferences():
    cal = calendar_for(E, {"calling_of_election": D(2022, 8, 9), "publication_of_calling": None})
    assert cal.anchors == {"election_day": E, "calling_of_election": D(2022, 8, 9),
                           "voting_start": E, "voting_end": E}
    assert cal.sources == {"election_day": "option", "calling_of_election": "option",
                           "voting_start": "inferred", "voting_end": "inferred"}
    assert cal.kind == "regular"
    assert calendar_for(None).anchors == {}
    with pytest.raises(TypeError):
        calendar_for(E, {"calling_of_election": "2022-08-09"})


def test_calendar_from_document():
    info = DocumentInfo(election_day=E, title="КАЛЕНДАРНЫЙ ПЛАН … выборов депутатов Майданского айылного кенеша",
                        approved=Approval(date=D(2022, 8, 10), number="72"))
    cal = calendar_from_document(info, None)
    assert cal.anchors["election_day"] == E and cal.sources["election_day"] == "document"
    # the plan's own approval is not the anchor «со дня их утверждения»
    assert "approval" not in cal.anchors
    assert cal.kind == "regular" and cal.notes == []
    # an option wins over the document, and the replacement is noted
    cal = calendar_from_document(info, {"election_day": D(2022, 10, 16)})
    assert cal.anchors["election_day"] == D(2022, 10, 16) and cal.sources["election_day"] == "option"
    assert cal.anchors["voting_start"] == D(2022, 10, 16)
    assert cal.notes == ["election_day: 2022-10-16 (option) replaces 2022-10-09 (document)"]
    assert calendar_from_document(DocumentInfo(), {}).anchors == {}


@pytest.mark.parametrize("title, kind", [
    ("КАЛЕНДАРНЫЙ ПЛАН мероприятий по подготовке и проведению досрочных выборов Президента", "early"),
    ("Календарный план повторных выборов депутатов Бишкекского городского кенеша", "repeat"),
    ("Кыргыз Республикасынын Президентинин мөөнөтүнөн мурда шайлоосун даярдоо", "early"),
    ("айылдык кеңештин депутаттарын кайталап шайлоо", "repeat"),
    ("График основных мероприятий … выборов депутатов Жогорку Кенеш на 28 ноября 2021 года", "regular"),
    (None, "regular"),
])
def test_election_kind_from_the_title(title, kind):
    assert election_kind(title) == kind
    assert calendar_from_document(DocumentInfo(title=title), {}).kind == kind


def test_calendar_is_a_plain_dataclass():
    cal = ElectionCalendar(anchors={"election_day": E}, sources={"election_day": "document"})
    assert resolve(rel(60), cal).computed == D(2022, 8, 10)
