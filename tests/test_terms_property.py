"""Property tests of the term grammar: a random date printed in every supported Russian and Kyrgyz form
reads back as the same date with the right qualifier; random text never breaks the grammar."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shailoo.parsers.extract.terms import TermContext, _analyse, _build, _match_text, _terms, find_term_mentions, parse_terms

RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]
# Kyrgyz month with the possessive ending it takes after a day number («10-январы», «25-октябры»).
KY_MONTHS = ["январы", "февралы", "марты", "апрели", "майы", "июну", "июлу", "августу", "сентябры", "октябры",
             "ноябры", "декабры"]
KY_NOMINATIVE = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
                 "ноябрь", "декабрь"]

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
dates_20xx = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


def ru(d: dt.date) -> str:
    return RU_MONTHS[d.month - 1]


def ky(d: dt.date) -> str:
    return KY_MONTHS[d.month - 1]


# (form name, formatter, expected qualifier, expected time)
RU_FORMS = [
    ("day_month_year", lambda d: f"{d.day} {ru(d)} {d.year} года", "on", None),
    ("day_month_year_g", lambda d: f"{d.day} {ru(d)} {d.year} г.", "on", None),
    ("glued_year", lambda d: f"{d.day} {ru(d)} {d.year}года", "on", None),
    ("zero_day", lambda d: f"{d.day:02d} {ru(d)} {d.year}", "on", None),
    ("numeric", lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}", "on", None),
    ("numeric_g", lambda d: f"{d.day}.{d.month:02d}.{d.year} г.", "on", None),
    ("quoted", lambda d: f'"{d.day}" {ru(d)} {d.year} года', "on", None),
    ("guillemets", lambda d: f"«{d.day:02d}» {ru(d)} {d.year} года", "on", None),
    ("quoted_numeric", lambda d: f"« {d.day:02d} » {d.month:02d} {d.year}", "on", None),
    ("until", lambda d: f"до {d.day} {ru(d)} {d.year} года", "until", None),
    ("through", lambda d: f"по {d.day} {ru(d)} {d.year} года включительно", "through", None),
    ("through_brackets", lambda d: f"(по {d.day} {ru(d)} {d.year} года (включительно))", "through", None),
    ("until_24h", lambda d: f"до 24.00 часов {d.day} {ru(d)} {d.year} года", "until_24h", "24:00"),
    ("at_time", lambda d: f"в 8.00 часов {d.day} {ru(d)} {d.year} года", "on", "08:00"),
    ("from", lambda d: f"с {d.day} {ru(d)} {d.year} года", "from", None),
    ("not_later", lambda d: f"не позднее {d.day} {ru(d)} {d.year} года", "through", None),
]

KY_FORMS = [
    ("year_day_month", lambda d: f"{d.year}-жылдын {d.day}-{ky(d)}", "on", None),
    ("year_zh_day_month", lambda d: f"{d.year}-ж. {d.day}-{ky(d)}", "on", None),
    ("nominative", lambda d: f"{d.year}-ж. {d.day}-{KY_NOMINATIVE[d.month - 1]}", "on", None),
    ("locative_attr", lambda d: f"{d.year}-жылдын {d.day}-{ky(d)}ндагы", "on", None),
    ("numeric_zhyldagy", lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}-жылдагы", "on", None),
    ("numeric_zh", lambda d: f"{d.day:02d}.{d.month:02d}. {d.year}-ж.", "on", None),
    ("until", lambda d: f"{d.year}-жылдын {d.day}-{ky(d)}на чейин", "until", None),
    ("through", lambda d: f"{d.year}-жылдын {d.day}-{ky(d)}н кошо алганда", "through", None),
    ("from", lambda d: f"{d.year}-жылдын {d.day}-{ky(d)}нан тартып", "from", None),
    ("until_24h", lambda d: f"{d.year}-жылдын {d.day}-{ky(d)}нда саат 24:00дө", "until_24h", "24:00"),
]


def _one_date(text: str):
    terms = parse_terms(text)
    assert len(terms) == 1 and terms[0].kind == "date", (text, [(t.kind, t.raw) for t in terms])
    return terms[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=dates, form=st.sampled_from(RU_FORMS))
def test_russian_forms_read_back(d, form):
    name, fmt, qualifier, time = form
    t = _one_date(fmt(d))
    assert t.date.value == d, (name, fmt(d))
    assert (t.date.qualifier, t.date.time, t.date.year_inferred) == (qualifier, time, False), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=dates, form=st.sampled_from(KY_FORMS))
def test_kyrgyz_forms_read_back(d, form):
    name, fmt, qualifier, time = form
    t = _one_date(fmt(d))
    assert t.date.value == d, (name, fmt(d))
    assert (t.date.qualifier, t.date.time, t.date.year_inferred) == (qualifier, time, False), name


@settings(max_examples=40, deadline=None)
@given(d=dates_20xx)
def test_two_digit_kyrgyz_years_are_20xx(d):
    t = _one_date(f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}ж.")
    assert t.date.value == d


@settings(max_examples=50, deadline=None)
@given(a=dates, days=st.integers(min_value=0, max_value=300))
def test_ranges_read_back(a, days):
    b = a + dt.timedelta(days=days)
    if b.year != a.year:
        b = dt.date(a.year, 12, 31)
    for text in (f"с {a.day} {ru(a)} по {b.day} {ru(b)} {b.year} года (включительно)",
                 f"{a.year}-жылдын {a.day}-{ky(a)}нан {b.day}-{ky(b)}на чейин"):
        (r,) = parse_terms(text)
        assert r.kind == "range", text
        assert (r.start_date.value, r.end_date.value) == (a, b), text
        assert r.start_date.qualifier == "from" and r.end_date.qualifier in ("through", "until")


@settings(max_examples=60, deadline=None)
@given(d=dates_20xx, ref=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2098, 12, 31)),
       form=st.sampled_from([lambda d: f"{d.day} {ru(d)}", lambda d: f"до {d.day} {ru(d)}",
                             lambda d: f"{d.day}-{ky(d)}", lambda d: f"{d.day}-{ky(d)}на чейин"]))
def test_a_missing_year_is_the_one_closest_to_the_reference(d, ref, form):
    ctx = TermContext(reference=ref, reference_source="election_day")
    (t,) = parse_terms(form(d), ctx)
    v = t.date.value
    if v is None:  # 29 February with no leap year around the reference
        assert (d.month, d.day) == (2, 29) and t.date.reason == "not_a_date"
        return
    assert (v.month, v.day) == (d.month, d.day) and t.date.year_inferred and t.date.year_source == "election_day"
    assert abs((v - ref).days) <= 183 or (d.month, d.day) == (2, 29)
    (bare,) = parse_terms(form(d))
    assert bare.date.value is None and bare.date.reason == "no_year"


@settings(max_examples=500, deadline=None)
@given(text=st.text())
def test_random_text_never_breaks_the_grammar(text):
    for ctx in (TermContext(), TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")):
        terms = parse_terms(text, ctx)
        if not text.strip():
            assert terms == []
        for t in terms:
            assert not (t.reason or "").startswith("internal_error"), (text, t.reason)
            assert 0 <= t.start <= t.end <= len(text) and t.raw == text[t.start:t.end]
        # the unguarded core, so that an exception inside it would show here rather than be swallowed
        for t in _terms(text, ctx, False):
            assert 0 <= t.start <= t.end <= len(text) and t.raw == text[t.start:t.end]
        find_term_mentions(text, ctx)


_words = st.sampled_from(["до", "по", "с", "за", "не позднее", "в течение", "дней", "календарных", "дня голосования",
                          "9", "октября", "2022", "года", "(", ")", "-", "24.00", "часов", "включительно", "после",
                          "назначения выборов", "чейин", "кечиктирбестен", "2021-жылдын", "10-январы", "күндөн",
                          "добуш берүү күнүнө", "еженедельно", "I", "квартал", "19-28", ",", "«", "»", "."])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_words, max_size=14))
def test_random_term_like_text_never_breaks_the_grammar(words):
    text = " ".join(words)
    for t in parse_terms(text, TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")):
        assert not (t.reason or "").startswith("internal_error"), (text, t.reason)
        assert t.raw == text[t.start:t.end]


_numbers = st.integers(min_value=0, max_value=2099).map(str) | st.sampled_from(["05", "00", "09", "24", "31", "32", "59", "60"])
_pieces = _words | _numbers | st.sampled_from(RU_MONTHS + KY_MONTHS + [".", ":", "-", "-жылдын", "-ж.", "ж."])


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(_pieces, max_size=12), glue=st.sampled_from([" ", "", "."]))
def test_a_shape_reads_like_the_text_it_stands_for(parts, glue):
    """Cells are analysed once per shape (numbers replaced by their digit classes); that must give the
    terms a direct analysis of the text gives."""
    text = glue.join(parts)
    ctx = TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")
    for cell in (True, False):
        direct = _build(text, _analyse(_match_text(text), cell), ctx)
        assert _terms(text, ctx, cell) == direct, text
