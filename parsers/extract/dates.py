"""Dates: the named pieces DAY, MONTH, MONTHNUM, YEAR and the date forms of each language.

The forms live in the language files (``date_forms``); this module only expands the pieces, so a new
form is a data change. ``date_regex()`` is the form of DATE used inside bigger patterns (groups removed);
``parse_date()`` turns the text of one date into a ``PartialDate`` that keeps its precision: a date
printed without a year has ``year=None`` and is never completed from today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import regex

from shailoo import corpus
from shailoo.corpus.cache import Patterns
from shailoo.normalize import norm

DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTHNUM = r"(?:0?[1-9]|1[0-2])"
YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as far as the text gives it. ``raw`` is the matched text in the original."""

    day: int | None
    month: int | None
    year: int | None
    raw: str
    start: int = 0
    end: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def to_date(self, year: int | None = None) -> dt.date | None:
        """The calendar date, with ``year`` supplied by the caller when the text had none.

        Returns None when the date does not exist (31 June) or is incomplete.
        """
        y = self.year or year
        if not (y and self.month):
            return None
        try:
            return dt.date(y, self.month, self.day or 1)
        except ValueError:
            return None


@lru_cache(maxsize=None)
def _month_table() -> tuple[tuple[str, int], ...]:
    """(stem, month) pairs of every language, longest stem first."""
    pairs = {(norm(stem), m) for lang in corpus.all_languages() for m, stems in lang.months.items() for stem in stems}
    # longest first; stems of one length in a fixed order (not the set's, which changes from process to
    # process), so that the patterns built from them are the same text in every process (the compiled
    # patterns are kept on disk by their text: shailoo.corpus.cache)
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1])))


def month_piece() -> str:
    stems = sorted({s for s, _ in _month_table()}, key=lambda s: (-len(s), s))
    return r"(?:" + "|".join(regex.escape(s) for s in stems) + r")\w{0,6}(?!\w)"


def month_number(word: str) -> int | None:
    w = norm(word)
    if w.isdigit():
        return int(w)
    for stem, m in _month_table():
        if w.startswith(stem):
            return m
    return None


def expand(pattern: str) -> str:
    """Replace the named pieces in a pattern from the language data."""
    return (
        pattern.replace("MONTHNUM", MONTHNUM)
        .replace("MONTH", month_piece())
        .replace("DAY", DAY)
        .replace("YEAR", YEAR)
    )


#: The date forms, kept compiled on disk (``shailoo.corpus.cache``).
_PATTERNS = Patterns("dates")


@lru_cache(maxsize=None)
def _forms() -> tuple[tuple[str, "regex.Pattern"], ...]:
    out = []
    for lang in corpus.all_languages():
        for name, spec in lang.date_forms.items():
            out.append((f"{lang.language}:{name}", _PATTERNS.compile(expand(spec.regex))))
    _PATTERNS.save()
    return tuple(out)


@lru_cache(maxsize=None)
def date_regex() -> str:
    """DATE for use inside other patterns: every form of every language, groups made anonymous."""
    alts = [regex.sub(r"\(\?P<\w+>", "(?:", expand(spec.regex))
            for lang in corpus.all_languages() for spec in lang.date_forms.values()]
    alts.sort(key=len, reverse=True)
    return "(?:" + "|".join(alts) + ")"


def weekday_regex() -> str:
    # longest first, one length in a fixed order: the same pattern text in every process (shailoo.corpus.cache)
    words = sorted({norm(w) for lang in corpus.all_languages() for ws in lang.weekdays.values() for w in ws},
                   key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in words) + ")"


def _from_match(m: "regex.Match", text: str, offset: int) -> PartialDate | None:
    g = m.groupdict()
    day = int(g["day"]) if g.get("day") else None
    month = month_number(g["month"]) if g.get("month") else None
    year = None
    if g.get("year"):
        y = int(g["year"])
        year = y if y >= 100 else 2000 + y  # «26.06.20ж.»: two-digit years in CEC documents are 20xx
    if month is None:
        return None
    return PartialDate(day, month, year, text[m.start():m.end()], offset + m.start(), offset + m.end())


def parse_date(text: str) -> PartialDate | None:
    """Parse the first date in ``text`` (original text; matching is done on its normal form)."""
    found = find_dates(text)
    return found[0] if found else None


def find_dates(text: str) -> list[PartialDate]:
    """Every date in ``text``, left to right, longest form winning where forms overlap."""
    n = norm(text)
    cands: list[tuple[int, int, PartialDate]] = []
    for _, rx in _forms():
        for m in rx.finditer(n):
            pd = _from_match(m, text, 0)
            if pd:
                cands.append((m.start(), -(m.end() - m.start()), pd))
    cands.sort(key=lambda c: (c[0], c[1]))
    out: list[PartialDate] = []
    end = -1
    for start, _, pd in cands:
        if start >= end:
            out.append(pd)
            end = pd.end
    return out
