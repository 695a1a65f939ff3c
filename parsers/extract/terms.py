"""The term grammar: the text of a term cell, or of any date phrase in a document, as typed ``Term``s.

Role: everything between a printed «Сроки исполнения» cell and ``shailoo.model.Term``. Absolute dates
(every form of ``date_forms`` and the day ranges of ``terms.forms.day_range``) with the qualifier,
time of day and weekday printed beside them; lists and ranges of them; relative terms («за 60
календарных дней до дня голосования»: N, unit, direction, bound, anchor) and the dates printed with
them; event terms («после назначения выборов»), recurring and unspecified terms, months, quarters,
half-years and years. Resolution against an election calendar is ``shailoo.parsers.extract.calendar``'s job.

The grammar is data. Every word comes from the ``terms:`` section of ``corpus/lang/*.yaml`` (phrase
syntax described there); the forms there are regexes over pieces (NUM, UNIT, ANCHOR …) that this
module expands. One grammar is compiled from all languages at first use, so a cell that mixes Russian
and Kyrgyz is read as well as a cell in either; nothing here asks which language it reads.

Matching is done on ``shailoo.normalize.norm(text)``, which keeps the length of the text, so every span
found is a span of the original. Offsets: a term's ``start``/``end`` index the text given to
``parse_terms`` / ``find_term_mentions``; a ``TermDate``'s ``start``/``end`` index its term's ``raw``.

Years — one policy (``complete_year``; README «Terms»). A date, month, quarter or half-year printed
without a year takes it from the first of these the document gives, and says which (``year_source``):

1. ``period`` / ``title``: the plan period (``TermContext.period``; «на 2022–2024 годы»,
   «2023-2025-жылдарга») — never a year outside it. In a one-year plan («на 2026 год», «2026-жылга»:
   source ``title``) that year; in a plan of several years the first occurrence inside the period that
   does not fall before the plan's reference date (approval, election day), else the period's first
   year. A yearly deadline of a recurring term is expanded to one occurrence per year of the period
   (``yearly_dates``).
2. ``election_day``: the year that puts the date closest to election day (a December deadline before a
   January election is the year before).
3. ``approval``: the first occurrence on or after a month before the approval date (a plan approved on
   30.12.2021 means 10 July 2022 by «до 10 июля»).
4. ``nearest_date``: in prose (``find_term_mentions``) the nearest date printed with its year before the
   phrase — before the document's own references, since a news item or a resolution speaks of the days
   around the date it has just printed — and in a cell only when the document gives nothing else. The
   year that puts the date closest to it; a date more than five months from it either way is ambiguous
   (``reason="year_ambiguous"``, no value): a reason, not a guess.
5. ``clause_year``: in prose, a year printed alone («2010-жылы», «в 2010 году») is the year of the
   dates and months that follow it in its clause — up to the next comma or sentence end — before any
   other source («2010-жылы парламенттик шайлоо 10-октябрда болуп өткөн» is 10 October 2010, whatever
   the document's year); that year exactly.

With none of these a date stays incomplete (``reason="no_year"``). The year of today is never used. A
year printed once for a range or a list («с 20 августа по 23 сентября 2022 года», «14 и 15 мая 2021
года») is the range's or the list's, not an inference.

Ranges and lists: «с 7 по 21 декабря», «7-декабрдан 21-декабрга чейин», «14-15-май» and two dates
joined by a dash or by «с … по …» (hours between them belong to the second date: «с 24 декабря по 00:00
13 января») are ``range``s; days sharing one month («14 и 15 мая 2021 года», «27, 28 сентября»,
«2021-жылдын 13, 14-июнуна») are a ``dates`` list, in cells and in mentions; two months («июль-октябрь
2005 г.», «июль август 2005 г.») are a ``range`` of month precision. A range of hours alone («с 19:00 до
22:00») is no date; hours on a day («9 октября 2022 года с 8.00 до 20.00 часов») are that ``date``'s
``time`` and ``time_until``. A verb of ending (Kyrgyz: of starting) between two dates joins them into a
range («начинается 21 октября и продлится до 19 ноября», «10-ноябрдан башталып, 29-ноябрда»;
``terms.range_links``), and after an event it makes a range that starts with the event («начнется со
дня назначения выборов и завершится 31 октября»: ``RangeTerm.start_event``).

Days named from the text (README «Terms»): «в тот же день» (anchor ``same_day``) is the nearest date
printed with its year before it, in prose; «сегодня», «бүгүн» (``document_date``) the date the document
prints as its own (``TermContext.document_date``); a weekday without a date («в четверг») an event
with anchor ``weekday`` whose printed date has only the weekday. Never a date guessed from today.

Periods in prose (``find_term_mentions``): only with their own year printed («на I полугодие 2023
года», «на 2023 год», «2025-жылга»), never the year of a date or of a list of years.

Frequencies (``terms.recurring``, ``per_period``, ``count_bounds`` and ``forms.recurring``): a frequency
word or a count per period («Не реже 1 раза в год», «жылына бир жолу») is a ``RecurringTerm`` with its
count and bound; in a term cell, the dates printed with a frequency of calendar periods are its
``occurrences`` (read without the document's reference year: each cycle has its own year), and «до 5
числа месяца, следующего за отчетным» is a day of each period. A condition («При выявлении
нарушений», «по итогам проверок») is ``as_needed`` with its text in ``anchor_raw``. README «Terms» has
the table of which phrase is which kind.

Anchors: a closed vocabulary of ids (``terms.anchors`` of the language files); a count whose anchor
phrase is not in it keeps the printed phrase in ``anchor_raw`` with ``anchor="unknown"`` and
``reason="unknown_anchor"``; so does an event outside the vocabulary in a term cell («После образования
избирательных участков»: ``EventTerm`` with ``anchor="unknown"``), never a nearby election anchor. «Со дня X и заканчивается за N дней до Y» is one ``RelativeTerm`` with
``bound="from_until"`` (N, direction and anchor of the end); the start's printed date is in ``printed``
with qualifier ``from`` — the model has no field for the start anchor itself.

Speed (benchmarks/bench_terms.py): a form is tried only where the words it needs are present and only
at the words it may begin with (so a form of the language files must begin with a piece or a literal
word); the analysis of a cell is remembered per text and per *shape* — the normal form with every
number replaced by a representative of its digit class, which no form can tell apart — and values
are read from the text each time terms are built, so callers always get fresh objects.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any, Optional

import regex

from shailoo import corpus
from shailoo.corpus.cache import Patterns
from shailoo.model import (
    DatesTerm,
    DateTerm,
    EventTerm,
    PeriodTerm,
    RangeTerm,
    RecurringTerm,
    RelativeTerm,
    Term,
    TermDate,
    UnparsedTerm,
    UnspecifiedTerm,
)
from shailoo.normalize import norm

from shailoo.parsers.extract.dates import DAY, MONTHNUM, YEAR, expand, month_piece
from shailoo.parsers.extract.dates import month_number as _month_number

#: The grammar's patterns, kept compiled on disk (``shailoo.corpus.cache``): compiling its big
#: alternations with ``regex`` took half a second of every process's start; the module's own small
#: patterns are read from there too.
_PATTERNS = Patterns("terms")

__all__ = ["TermContext", "parse_terms", "find_term_mentions", "complete_year", "complete_period_year",
           "yearly_dates", "last_full_date"]

#: Anchor id of a relative term whose anchor phrase is not in the vocabulary (``reason="unknown_anchor"``).
UNKNOWN_ANCHOR = "unknown"
#: Anchor id of an event that is a weekday without a date («в четверг»): the weekday is in ``printed``.
WEEKDAY_ANCHOR = "weekday"
#: Anchors of a day named from the text itself: the document's day («сегодня», «бүгүн») and the day
#: just printed («в тот же день»). In prose they take the nearest date printed with its year before
#: them (README «Terms»), never today's date.
DEICTIC_ANCHORS = frozenset({"document_date", "same_day"})
#: The relation of an event introduced by a date's qualifier word rather than a relation word.
_QUAL_RELATION = {"from": "from", "until": "until", "on": "on", "after": "after", "through": "until"}


@dataclass(frozen=True)
class TermContext:
    """What the document tells about the time of its terms (the year policy is in the module docstring).

    ``reference``: the date a missing year is completed from, ``reference_source`` its kind
    (``election_day`` | ``approval`` | ``nearest_date`` | ``clause_year``; ``period`` when it is only the
    period's start);
    ``period``: the plan years, e.g. (2023, 2025) — for «I Год», «2023», «IV квартал», and the bound no
    inferred year leaves; ``period_source``: ``period`` for a period printed as such, ``title`` for the
    one year a title names («на 2026 год»); ``document_date``: the date the document prints as its own
    (a resolution's date, a news item's dateline «13.10.2021, 10:28») — the day «сегодня», «бүгүн» stand
    for, when it is known.
    """

    reference: dt.date | None = None
    reference_source: str | None = None
    period: tuple[int, int] | None = None
    period_source: str = "period"
    document_date: dt.date | None = None


# --------------------------------------------------------------------------- phrase syntax

_SEP = r"[\s,]+"
# A phrase starts at the start of a word; digits may precede it («38календардык»).
_WORD_START = r"(?<![^\W\d_])"
_GAP = r"(?:[\s,]+[^\s,()]+){0,3}?"


def phrase_regex(phrase: str) -> str:
    """The regex of one phrase of the language files (syntax at the top of ``corpus/lang/ru.yaml``).

    Words are stems unless they end in «=»; «a|b» is a choice; «[w]» an optional word; «~» up to three
    other words. The result has no capturing groups.
    """
    parts: list[tuple[str, bool]] = []
    for w in norm(phrase).split():
        if w == "~":
            parts.append((_GAP, False))
            continue
        optional = w.startswith("[") and w.endswith("]")
        if optional:
            w = w[1:-1]
        alts = []
        for a in w.split("|"):
            if a.endswith("="):
                alts.append(regex.escape(a[:-1]) + r"(?!\w)")
            else:
                alts.append(regex.escape(a) + r"\w*")
        parts.append(("(?:" + "|".join(alts) + ")", optional))
    out = ""
    started = False
    for rx, optional in parts:
        if rx is _GAP:
            out += _GAP
        elif not started:
            if optional:
                out += f"(?:{rx}{_SEP})?"
            else:
                out += rx
                started = True
        else:
            out += f"(?:{_SEP}{rx})" + ("?" if optional else "")
    return _WORD_START + out


class _Table:
    """Phrases → values: a piece for bigger patterns and a lookup of a matched text.

    Alternatives are ordered longest phrase first, so the most specific phrase wins where several
    match at one place («окончания срока регистрации» before «регистрации»).
    """

    def __init__(self, entries: list[tuple[str, Any]]):
        seen: dict[str, Any] = {}
        for phrase, value in entries:
            seen.setdefault(norm(phrase).strip(), value)
        ordered = sorted(seen.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self.values = [v for _, v in ordered]
        self._rxs = [phrase_regex(p) for p, _ in ordered]
        self.piece = "(?:" + "|".join(self._rxs) + ")" if self._rxs else "(?!)"
        self._seen: dict[str, Any] = {}

    # Compiled once, by ``grammar()`` for every table it builds from.
    @cached_property
    def _rx(self) -> "regex.Pattern":
        return _PATTERNS.compile("|".join(f"(?P<t{i}>{r})" for i, r in enumerate(self._rxs)) or "(?!)")

    @cached_property
    def compiled(self) -> "regex.Pattern":
        return _PATTERNS.compile(self.piece)

    def lookup(self, text: str) -> Any:
        """The value of the phrase that ``text`` (normal form) is, else of the phrase it starts with."""
        try:
            return self._seen[text]
        except KeyError:
            pass
        m = self._rx.fullmatch(text) or self._rx.match(text)
        value = None if not m or m.lastgroup is None else self.values[int(m.lastgroup[1:])]
        if len(self._seen) < 50_000:  # matched phrases repeat from cell to cell; bounded all the same
            self._seen[text] = value
        return value


# --------------------------------------------------------------------------- the compiled grammar

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_TIME = r"(?<![\d.:])(?:[01]?\d|2[0-4])[.:][0-5]\d(?![.:]?\d)"
_PIECE = _PATTERNS.compile(
    r"\b(MONTHNUM|MONTH|DAY|YEAR|NUM|UNIT|BOUND|DIR|REL|ANCHOR|TIME|ORD|ROMAN|WEEKDAY|PER|CBOUND)\b")
# Forms that must not start inside a word or a number.
_FORM_START = r"(?<!\w)"
# Words of a text for the presence tests: letters and digits apart («38календардык»).
_WORDS = _PATTERNS.compile(r"[^\W\d_]+|\d+")
_LETTERS = _PATTERNS.compile(r"[^\W\d_]+")
_DIGIT = _PATTERNS.compile(r"\d")
_DIGITS = _PATTERNS.compile(r"\d+")
_LAST_WORD = _PATTERNS.compile(r"\w+\Z")
_DASH_GAP = _PATTERNS.compile(r"\s*-\s*")
_ADJACENT_GAP = _PATTERNS.compile(r"[\s\-:,.(]*")
_EVENT_GAP = _PATTERNS.compile(r"[\s,:\-]*")
_CLOSE = _PATTERNS.compile(r"\s*\)")
_TIME_SPLIT = _PATTERNS.compile(r"[.:]")
_LITERAL = _PATTERNS.compile(r"(?<![\\<\w])[а-яөүңё]{2,}")
_LETTERS_CYR = _PATTERNS.compile(r"[а-яөүңё]+")
_TABLE_PIECES = {"UNIT": "units", "BOUND": "bounds", "DIR": "directions", "REL": "relations",
                 "ANCHOR": "anchors", "ORD": "ordinals", "WEEKDAY": "weekdays", "PER": "per_period",
                 "CBOUND": "count_bounds"}


class _Words:
    """The words of one text, and which presence tests they pass (to decide which forms to run)."""

    __slots__ = ("hits", "digit", "starts", "quotes", "positions")

    def __init__(self, n: str):
        hits = _WORD_HITS
        starts = []
        for m in _WORDS.finditer(n):
            word = m.group()
            h = hits.get(word)
            if h is None:
                h = _word_hits(word)
            starts.append((m.start(), h))
        self.starts = starts
        self.hits: frozenset[int] = frozenset().union(*(h for _, h in starts)) if starts else frozenset()
        self.digit = _DIGIT.search(n) is not None
        self.quotes = [i for i, c in enumerate(n) if c == '"'] if '"' in n else []
        self.positions: dict[frozenset, list[int]] = {}

    def without(self, spans: list[tuple[int, int]]) -> "_Words":
        """The same words less those inside ``spans`` (dates already read): what phrases may use."""
        if not spans or not self.starts:
            return self
        spans = sorted(spans)
        # a word is inside when a span starting at or before it ends after it: the spans' starts and
        # the running maximum of their ends, searched by bisection — linear in words and spans together
        # (one scan of the spans per word made a 5 MB cell run for minutes, issue 18)
        span_starts = [s for s, _ in spans]
        reach: list[int] = []
        furthest = -1
        for _, e in spans:
            furthest = max(furthest, e)
            reach.append(furthest)

        def inside(p: int) -> bool:
            i = bisect.bisect_right(span_starts, p)
            return i > 0 and reach[i - 1] > p

        w = _Words.__new__(_Words)
        w.starts = [(p, h) for p, h in self.starts if not inside(p)]
        w.hits = frozenset().union(*(h for _, h in w.starts)) if w.starts else frozenset()
        w.digit = self.digit
        w.quotes = [q for q in self.quotes if not inside(q)]
        w.positions = {}
        return w

    def at(self, ids: frozenset) -> list[int]:
        """Start offsets of the words that pass any of the tests ``ids`` (remembered per set)."""
        pos = self.positions.get(ids)
        if pos is None:
            pos = self.positions[ids] = [p for p, h in self.starts if not ids.isdisjoint(h)]
        return pos


class _Presence:
    """Whether a piece can match at all: one of its first words (exact, or as a stem) is in the text.

    Each test gets an id when the grammar is built; a word's hits (the ids of the tests it passes) are
    remembered across texts, so a text costs one dictionary look-up per distinct word.
    """

    __slots__ = ("exact", "stems", "digit", "always", "id")

    def __init__(self, exact=(), stems=(), digit: str | None = None, always: bool = False):
        self.exact = frozenset(exact)
        self.stems = tuple(sorted(set(stems)))
        self.digit = digit      # which numbers: "any", "day" (1–31), "time" (0–24), "year" (19xx/20xx)
        self.always = always
        self.id: int | None = None

    def matches_word(self, word: str) -> bool:
        if self.always or word in self.exact or (self.stems and word.startswith(self.stems)):
            return True
        if not (self.digit and word.isdigit()):
            return False
        if self.digit == "day":
            return len(word) <= 2 and 1 <= int(word) <= 31
        if self.digit == "time":
            return len(word) <= 2 and int(word) <= 24
        if self.digit == "year":
            return len(word) == 4 and word[:2] in ("19", "20")
        return True

    def __call__(self, w: _Words) -> bool:
        return self.id in w.hits

    @classmethod
    def of_phrases(cls, phrases) -> "_Presence":
        exact, stems = set(), set()
        for p in phrases:
            for word in norm(p).split():
                if word == "~":
                    continue
                optional = word.startswith("[") and word.endswith("]")
                for a in word.strip("[]").split("|"):
                    is_exact = a.endswith("=")
                    a = a.rstrip("=")
                    head = _LETTERS.match(a)
                    if not head:
                        return cls(always=True)
                    if is_exact and head.group() == a:
                        exact.add(a)
                    else:
                        stems.add(head.group())
                if not optional:
                    break
        return cls(exact, stems)


_WORD_HITS: dict[str, frozenset[int]] = {}


class _PresenceIndex:
    """The presence tests by what they look for, so that a word's hits are a few dictionary look-ups
    (its prefixes, itself) instead of a call of every test's ``matches_word``: the same ids."""

    def __init__(self, presences: list[_Presence]):
        self.always: set[int] = set()
        self.exact: dict[str, set[int]] = {}
        self.stems: dict[str, set[int]] = {}
        self.digits: list[_Presence] = []
        for p in presences:
            if p.always:
                self.always.add(p.id)
            for w in p.exact:
                self.exact.setdefault(w, set()).add(p.id)
            for st in p.stems:
                self.stems.setdefault(st, set()).add(p.id)
            if p.digit:
                self.digits.append(p)
        self.longest = max(map(len, self.stems), default=0)

    def hits(self, word: str) -> frozenset[int]:
        out = set(self.always)
        out.update(self.exact.get(word, ()))
        stems = self.stems
        for k in range(min(len(word), self.longest) + 1):   # every prefix, the empty one too
            ids = stems.get(word[:k])
            if ids:
                out.update(ids)
        if word.isdigit():
            out.update(p.id for p in self.digits if p.matches_word(word))
        return frozenset(out)


@lru_cache(maxsize=1)
def _presence_index() -> _PresenceIndex:
    return _PresenceIndex(grammar().presences)


def _word_hits(word: str) -> frozenset[int]:
    """The presence tests ``word`` passes; remembered (a bounded dictionary: the vocabulary is small)."""
    h = _presence_index().hits(word)
    if len(_WORD_HITS) < 100_000:
        _WORD_HITS[word] = h
    return h


def _optional_spans(pattern: str) -> list[tuple[int, int]]:
    """Spans of a regex that a match may skip: groups quantified ``?``/``*``/``{0,}``, groups holding
    an alternation, lookarounds and conditionals (read conservatively: when in doubt, optional)."""
    spans: list[tuple[int, int]] = []
    stack: list[list] = []   # [start, has_alternation, is_lookaround]
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            look = pattern.startswith(("(?=", "(?!", "(?<=", "(?<!", "(?("), i)
            stack.append([i, False, look])
        elif c == "|":
            if stack:
                stack[-1][1] = True
            else:
                return [(0, n)]
        elif c == ")" and stack:
            s, alt, look = stack.pop()
            rest = pattern[i + 1:i + 4]
            if alt or look or rest[:1] in ("?", "*") or rest.startswith("{0"):
                spans.append((s, i + 1))
        i += 1
    return spans


def _class_spans(pattern: str) -> list[tuple[int, int]]:
    """Spans of the character classes of a regex («[йгм]» holds letters, not a word)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "[":
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append((i, j + 1))
            i = j
        i += 1
    return out


def _required(pattern: str, every: bool = False) -> tuple[set[str], set[str]]:
    """The pieces and the literal words every match of a form needs (``every``: that it mentions)."""
    spans = ([] if every else _optional_spans(pattern)) + _class_spans(pattern)
    inside = lambda pos: any(s <= pos < e for s, e in spans)  # noqa: E731
    pieces = {m.group(1) for m in _PIECE.finditer(pattern) if not inside(m.start())}
    words = {m.group() for m in _LITERAL.finditer(pattern) if not inside(m.start())}
    return pieces, words


class _First:
    """What a match of a form may begin with: pieces, literal words, a digit, a quote, or anything.

    A small reading of the form's regex (sequence, groups, alternation, quantifiers); lookarounds and
    anchors are zero-width. It only has to be right about which words a match can start at.
    """

    def __init__(self, pattern: str):
        self.p = pattern
        self.tokens, _, _ = self._alt(0)

    def _alt(self, i: int):
        toks, nullable = set(), False
        while True:
            t, nl, i = self._seq(i)
            toks |= t
            nullable |= nl
            if i < len(self.p) and self.p[i] == "|":
                i += 1
                continue
            return toks, nullable, i

    def _seq(self, i: int):
        p, toks, nullable = self.p, set(), True
        while i < len(p) and p[i] not in "|)":
            t, nl, i = self._atom(i)
            q_null = False
            if i < len(p) and p[i] in "?*":
                q_null = True
                i += 1
            elif i < len(p) and p[i] == "+":
                i += 1
            elif i < len(p) and p[i] == "{":
                j = p.index("}", i)
                q_null = p[i + 1:j].split(",")[0].strip() in ("", "0")
                i = j + 1
            if i < len(p) and p[i] in "?+":  # lazy / possessive
                i += 1
            if nullable:
                toks |= t
            nullable = nullable and (nl or q_null)
        return toks, nullable, i

    def _atom(self, i: int):
        p = self.p
        c = p[i]
        if c == "(":
            if p.startswith(("(?=", "(?!", "(?<=", "(?<!", "(?("), i):
                depth, j = 0, i
                while j < len(p):
                    if p[j] == "\\":
                        j += 2
                        continue
                    depth += p[j] == "("
                    depth -= p[j] == ")"
                    j += 1
                    if depth == 0:
                        break
                return set(), True, j
            if p.startswith("(?:", i):
                j = i + 3
            elif p.startswith("(?P<", i):
                j = p.index(">", i) + 1
            else:
                j = i + 1
            toks, nullable, j = self._alt(j)
            return toks, nullable, j + 1
        if c == "[":
            j = i + 1
            if j < len(p) and p[j] == "^":
                j += 1
            if j < len(p) and p[j] == "]":
                j += 1
            while p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            body = p[i + 1:j]
            if body and all(ch.isdigit() or ch == "-" for ch in body):
                return {"DIGIT"}, False, j + 1
            return {"ANY"}, False, j + 1
        if c == "\\":
            e = p[i + 1]
            if e in "bBAZG":
                return set(), True, i + 2
            return ({"DIGIT"} if e == "d" else {"ANY"}), False, i + 2
        m = _PIECE.match(p, i)
        if m:
            return {m.group(1)}, False, m.end()
        m = _LETTERS_CYR.match(p, i)
        if m:
            return {("word", m.group())}, False, m.end()
        if c == '"':
            return {"QUOTE"}, False, i + 1
        if c in "^$":
            return set(), True, i + 1
        return {"ANY"}, False, i + 1


@dataclass
class _Form:
    """One compiled form of a language file, with the cheap tests that decide where to try it."""

    name: str
    rx: "regex.Pattern"
    spec: Any
    needs: tuple = ()        # tests every match needs passed by some word of the text
    starts: tuple = ()       # tests of the words a match may begin with
    need_ids: frozenset = frozenset()
    start_ids: frozenset = frozenset()
    quotes: bool = False     # a match may begin with a quote («"26" июня»)
    groups: frozenset = frozenset()   # the names of the regex's groups

    def __post_init__(self):
        self.groups = frozenset(self.rx.groupindex)

    def matches(self, n: str, w: _Words) -> list:
        """Every match that begins at a word this form may begin with (forms begin with a piece or a
        word, never with free text), left to right; matches may overlap, ``_best`` chooses."""
        if not self.need_ids <= w.hits:
            return []
        positions = w.at(self.start_ids)
        if self.quotes and w.quotes:
            positions = sorted(set(positions).union(w.quotes))
        match = self.rx.match
        out = []
        size = len(n)
        for p in positions:
            # The regex module looks ahead for a literal the pattern needs (to the end of the text) on
            # every match: in a long text that is the text's length per word (issue 18). A window is
            # read first; only a match that reaches into its second half, or is cut by its end
            # (partial), is read again over the whole text. No match in the window is none at all.
            end = p + _MATCH_WINDOW
            if end < size:
                m = match(n, p, end, partial=True)
                if m is not None and (m.partial or m.end() > end - _MATCH_WINDOW // 2):
                    m = match(n, p)
            else:
                m = match(n, p)
            if m:
                out.append(m)
        return out


@dataclass
class _Lang:
    """The tables, pieces and presence tests of one language file."""

    code: str
    tables: dict[str, "_Table"]
    pieces: dict[str, str]
    presence: dict[str, _Presence]


@dataclass
class _Grammar:
    """Everything compiled once per process: tables for look-ups, context patterns, the forms."""

    units: _Table
    bounds: _Table
    directions: _Table
    relations: _Table
    anchors: _Table
    recurring: _Table
    per_period: _Table
    count_bounds: _Table
    unspecified: _Table
    ordinals: _Table
    weekdays: _Table
    qual_before: _Table
    qual_after: _Table
    endings: tuple[tuple[str, str], ...]
    links: "regex.Pattern"
    list_gap: "regex.Pattern"
    range_link: "regex.Pattern"
    left_ctx: "regex.Pattern"
    right_ctx: "regex.Pattern"
    recurring_needs: _Presence
    unspecified_needs: _Presence
    dates: list[_Form] = field(default_factory=list)
    day_ranges: list[_Form] = field(default_factory=list)
    bare_days: list[_Form] = field(default_factory=list)
    time_ranges: list[_Form] = field(default_factory=list)
    trailing_years: list[_Form] = field(default_factory=list)
    relative: list[_Form] = field(default_factory=list)
    event: list[_Form] = field(default_factory=list)
    period: list[_Form] = field(default_factory=list)
    recurring_forms: list[_Form] = field(default_factory=list)
    anchor_at: "regex.Pattern" = None  # type: ignore[assignment]
    anchor_before: "regex.Pattern" = None  # type: ignore[assignment]
    presences: list[_Presence] = field(default_factory=list)


def _langs():
    return corpus.all_languages()


@lru_cache(maxsize=4096)
def month_number(word: str) -> int | None:
    """``shailoo.parsers.extract.dates.month_number``, remembered: the same month words come back in every cell."""
    return _month_number(word)


def _table_entries(terms_list, getter) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    for terms in terms_list:
        for key, phrases in getter(terms).items():
            entries.extend((p, key) for p in phrases)
    return entries


_GETTERS = {
    "units": lambda t: t.units,
    "bounds": lambda t: t.bounds,
    "directions": lambda t: t.directions,
    "relations": lambda t: t.relations,
    "anchors": lambda t: {k: a.phrases for k, a in t.anchors.items()},
    "recurring": lambda t: t.recurring,
    "per_period": lambda t: t.per_period,
    "count_bounds": lambda t: t.count_bounds,
    "unspecified": lambda t: {"unspecified": t.unspecified},
    "ordinals": lambda t: t.ordinals,
    "qual_before": lambda t: {q: w.before for q, w in t.qualifiers.items()},
    "qual_after": lambda t: {q: w.after for q, w in t.qualifiers.items()},
    "time_before": lambda t: {"t": t.time_words.before},
    "time_after": lambda t: {"t": t.time_words.after},
    "links": lambda t: {"link": t.from_until_links},
    "list_sep": lambda t: {"sep": t.list_separators},
    "range_links": lambda t: {"link": t.range_links},
}


def _weekday_entries(langs) -> list[tuple[str, int]]:
    return [(w + "=", d) for lang in langs for d, ws in lang.weekdays.items() for w in ws]


def _numbers_of(langs) -> dict[str, int]:
    return {norm(w): value for lang in langs for value, words in lang.terms.numbers.items() for w in words}


def _num_piece(langs) -> str:
    numbers = _numbers_of(langs)
    suffixes = {norm(s) for lang in langs for s in lang.terms.number_suffixes}
    words = "|".join(regex.escape(w) for w in sorted(numbers, key=len, reverse=True))
    word = rf"(?<!\w)(?:{words})(?!\w)"
    # longest first, one length in a fixed order: the same pattern text in every process (its compiled
    # form is kept on disk by its text; a set's order changes from process to process)
    suf = "|".join(regex.escape(s) for s in sorted(suffixes, key=lambda s: (-len(s), s)))
    digits = r"(?<![\d.])\d{1,4}(?![.,]\d)" + (rf"(?:\s*-\s*(?:{suf})(?!\w))?" if suf else "")
    return rf"(?:{digits}|{word}(?:\s+{word}){{0,2}})"


@lru_cache(maxsize=None)
def _lang(code: str | None) -> _Lang:
    """Tables and pieces of one language (``code``), or of all languages together (None)."""
    langs = [corpus.language(code)] if code else _langs()
    terms = [lang.terms for lang in langs]
    tables = {name: _Table(_table_entries(terms, get)) for name, get in _GETTERS.items()}
    tables["weekdays"] = _Table(_weekday_entries(langs))
    pieces = {piece: tables[name].piece for piece, name in _TABLE_PIECES.items()}
    pieces.update({
        "NUM": _num_piece(langs),
        "ROMAN": r"(?<!\w)(?:iii|ii|iv|v|i)(?!\w)",
        "TIME": _TIME,
        "MONTHNUM": MONTHNUM,
        "MONTH": month_piece(),
        "DAY": DAY,
        "YEAR": YEAR,
    })
    presence = {piece: _Presence.of_phrases([p for t in terms for ps in _GETTERS[name](t).values() for p in ps])
                for piece, name in _TABLE_PIECES.items() if name in _GETTERS}
    presence["WEEKDAY"] = _Presence.of_phrases([w + "=" for lang in langs for ws in lang.weekdays.values() for w in ws])
    presence["NUM"] = _Presence(exact=_numbers_of(langs), digit="any")
    presence["ROMAN"] = _Presence(exact=_ROMAN)
    presence["MONTH"] = _Presence(stems=[norm(s) for lang in _langs() for ss in lang.months.values() for s in ss])
    presence["DAY"] = _Presence(digit="day")
    presence["MONTHNUM"] = _Presence(digit="day")
    presence["TIME"] = _Presence(digit="time")
    presence["YEAR"] = _Presence(digit="year")
    presence["DIGIT"] = _Presence(digit="any")
    return _Lang(code or "*", tables, pieces, presence)


def form_regex(pattern: str, lang: str | None = None) -> str:
    """A form of the language files with its named pieces expanded from language ``lang`` (all when None)."""
    pieces = _lang(lang).pieces
    return _PIECE.sub(lambda m: pieces[m.group(1)], pattern)


def _needs(pattern: str, lang: _Lang, every: bool = False) -> tuple:
    pieces, words = _required(pattern, every)
    return tuple([lang.presence[p] for p in sorted(pieces)] + [_Presence(stems=[w]) for w in sorted(words)])


def _starts(pattern: str, lang: _Lang) -> tuple[tuple, bool]:
    """Presence tests of the words a match may begin at, and whether it may begin with a quote."""
    tokens = _First(pattern).tokens
    if "ANY" in tokens:
        return (_Presence(always=True),), False
    tests = []
    for t in tokens:
        if t == "DIGIT":
            tests.append(lang.presence["DIGIT"])
        elif isinstance(t, tuple):
            tests.append(_Presence(stems=[t[1]]))
        elif t != "QUOTE":
            tests.append(lang.presence[t])
    return tuple(tests), "QUOTE" in tokens


def _form(name: str, rx: "regex.Pattern", spec, lang: _Lang) -> _Form:
    starts, quotes = _starts(spec.regex, lang)
    return _Form(name, rx, spec, needs=_needs(spec.regex, lang), starts=starts, quotes=quotes)


@lru_cache(maxsize=1)
def _numbers() -> dict[str, int]:
    return _numbers_of(_langs())


def _unknown_form(f: _Form) -> bool:
    """Whether a relative or event form reads an anchor outside the vocabulary (kept as printed)."""
    return f.name.endswith(":unknown_anchor") or "anchor_raw" in f.rx.groupindex


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    """The grammar compiled from every language file, once per process."""
    u = _lang(None)
    t = u.tables
    qb, qa = t["qual_before"].piece, t["qual_after"].piece
    tb, ta = t["time_before"].piece, t["time_after"].piece
    wd = t["weekdays"].piece
    # Before a date: a weekday, a qualifier, a time («воскресенье», «до 24.00 часов», «в 8.00 часов»).
    # Matched backwards from the date (REVERSE): the longest context that ends where the date starts.
    left = _PATTERNS.compile(
        rf"(?:(?P<wd>{wd})[\s,]*)?(?:(?P<q>{qb})\s*)?(?:(?:{tb})\s*)?(?:(?P<t>{_TIME})[^\W\d_]{{0,3}}\s*(?:{ta}\s*)?)?\Z", regex.REVERSE)
    # After a date, any of: a weekday, a time (with its own qualifier), a qualifier; each may be bracketed.
    right = _PATTERNS.compile(
        rf"[\s,]*(?P<open>\()?\s*(?:(?P<wd>{wd})|(?:(?P<tq>{qb})\s*)?(?:(?:{tb})\s*)?(?P<t>{_TIME})[^\W\d_]{{0,3}}"
        rf"(?:\s*(?:{ta}))?|(?P<q>{qa}))\s*(?(open)\))")
    ends = []
    for lang in _langs():
        for q, w in lang.terms.qualifiers.items():
            ends.extend((norm(e), q) for e in w.endings)
    g = _Grammar(
        units=t["units"], bounds=t["bounds"],
        directions=t["directions"], relations=t["relations"], anchors=t["anchors"],
        recurring=t["recurring"], per_period=t["per_period"], count_bounds=t["count_bounds"],
        unspecified=t["unspecified"], ordinals=t["ordinals"],
        weekdays=t["weekdays"], qual_before=t["qual_before"], qual_after=t["qual_after"],
        endings=tuple(sorted(set(ends), key=lambda e: -len(e[0]))),
        links=t["links"].compiled,
        list_gap=_PATTERNS.compile(rf"[\s,;]*(?:{t['list_sep'].piece}[\s,;]*)?"),
        # Between the start and the end of a range printed with verbs: the link word, then at most a
        # few words and a time that belong to the end («и заканчивается в 18.00 часов по местному
        # времени», «и завершится», «башталып,»).
        range_link=_PATTERNS.compile(rf"[\s,;]*(?:{t['range_links'].piece})[\s,]*(?:[^\W\d_]+\s+){{0,2}}"
                                     rf"(?:(?P<t>{_TIME})[^\W\d_]{{0,3}}\s+)?(?:[^\W\d_]+\s+){{0,4}}"),
        left_ctx=left, right_ctx=right,
        recurring_needs=_Presence.of_phrases([p for l in _langs() for ps in l.terms.recurring.values() for p in ps]),
        unspecified_needs=_Presence.of_phrases([p for l in _langs() for p in l.terms.unspecified]),
    )
    for lang in _langs():
        ld = _lang(lang.language)
        for name, spec in lang.date_forms.items():
            g.dates.append(_form(f"{lang.language}:{name}", _PATTERNS.compile(expand(spec.regex)), spec, ld))
        forms = lang.terms.forms
        for attr, group, prefix in (("day_ranges", forms.day_range, _FORM_START), ("bare_days", forms.bare_days, ""),
                                    ("time_ranges", forms.time_range, r"\s*"),
                                    ("trailing_years", forms.trailing_year, ""),
                                    ("relative", forms.relative, _FORM_START), ("event", forms.event, _FORM_START),
                                    ("period", forms.period, _FORM_START),
                                    ("recurring_forms", forms.recurring, _FORM_START)):
            for name, spec in group.items():
                rx = _PATTERNS.compile(prefix + form_regex(spec.regex, lang.language))
                getattr(g, attr).append(_form(f"{lang.language}:{name}", rx, spec, ld))
    # Forms whose anchor is unknown come last among the relative and event forms at one place.
    g.relative.sort(key=_unknown_form)
    g.event.sort(key=_unknown_form)
    # Number every presence test, and freeze each form's needs as a set of ids.
    tests = [g.recurring_needs, g.unspecified_needs]
    for forms in (g.dates, g.day_ranges, g.bare_days, g.time_ranges, g.trailing_years, g.relative, g.event, g.period,
                  g.recurring_forms):
        for f in forms:
            tests.extend(f.needs + f.starts)
    for test in tests:
        if test.id is None:
            test.id = len(g.presences)
            g.presences.append(test)
    for forms in (g.dates, g.day_ranges, g.bare_days, g.time_ranges, g.trailing_years, g.relative, g.event, g.period,
                  g.recurring_forms):
        for f in forms:
            f.need_ids = frozenset(t.id for t in f.needs)
            f.start_ids = frozenset(t.id for t in f.starts)
    g.anchor_at = _PATTERNS.compile(rf"[\s,]*(?P<a>{u.pieces['ANCHOR']})")
    g.anchor_before = _PATTERNS.compile(rf"(?P<a>{u.pieces['ANCHOR']})[\s,]*\Z", regex.REVERSE)
    # Every table's lookup pattern is compiled here, with the grammar (~0.1 s): compiled on first use,
    # they fell into the first document that used them, one by one.
    for ld in [u] + [_lang(lang.language) for lang in _langs()]:
        for table in ld.tables.values():
            table._rx  # noqa: B018 (compiles and keeps the pattern)
    for name in ("recurring", "unspecified", "anchors"):
        t[name].compiled  # noqa: B018 (the patterns analysis searches with: kept with the others)
    _PATTERNS.save()
    return g


def _tables() -> dict[str, _Table]:
    return _lang(None).tables


# --------------------------------------------------------------------------- analysis (context-free)


Span = tuple[int, int]


@dataclass(slots=True)
class _PrintedDate:
    """One printed date (one end of a range), offsets into the text.

    Numbers are kept as spans, never as values: the analysis only depends on the classes of the
    digits (see ``_canonical``), so that it can be shared by every cell of the same shape; values are
    read from the text when the terms are built.
    """

    start: int
    end: int
    day: Optional[Span]
    month: "int | Span | None"     # the month of a month word, or the span of a month number
    year: Optional[Span]
    qualifier: str = "on"
    time: Optional[Span] = None
    weekday: Optional[int] = None
    precision: str = "day"
    share: str = ""                # "forward" / "backward": the year printed at the other end of the range


@dataclass(slots=True)
class _DateUnit:
    """A date or a range with the words around it that belong to it (qualifier, time, weekday)."""

    start: int
    end: int
    dates: list[_PrintedDate]
    paren: bool = False   # printed inside brackets
    is_list: bool = False  # days sharing one month («14 и 15 мая»), not a range
    hours_end: Optional[Span] = None  # the last hour of a range of hours on the day («с 8.00 до 20.00»)

    @property
    def is_range(self) -> bool:
        return len(self.dates) == 2 and not self.is_list


@dataclass(slots=True)
class _Phrase:
    """A phrase term: relative, event, recurring, unspecified or period."""

    kind: str
    start: int
    end: int
    prio: int
    data: dict
    printed: list[_DateUnit] = field(default_factory=list)


def _hhmm(s: str) -> str:
    h, m = _TIME_SPLIT.split(s)[:2]
    return f"{int(h):02d}:{m}"


def _year(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    return y if y >= 100 else 2000 + y  # «26.06.20ж.»: two-digit years in CEC documents are 20xx


def _best(cands: list[tuple[int, int, int, Any]]) -> list[tuple[int, int, int, Any]]:
    """Leftmost, then by priority, then longest; non-overlapping. Items are (start, end, prio, data)."""
    cands.sort(key=lambda c: (c[0], c[2], c[0] - c[1]))
    out = []
    end = -1
    for c in cands:
        if c[0] >= end and c[1] > c[0]:
            out.append(c)
            end = c[1]
    return out


def _rstrip(n: str, s: int, e: int) -> int:
    """``e`` moved back over white space (forms end with optional words after ``\\s*``)."""
    while e > s and n[e - 1].isspace():
        e -= 1
    return e


def _date_atoms(n: str, w: _Words) -> list[tuple[int, int, int, Any]]:
    g = grammar()
    cands: list[tuple[int, int, int, Any]] = []
    if not w.digit:
        return cands
    for f in g.dates:
        if not f.need_ids <= w.hits:
            continue
        for m in f.matches(n, w):
            s = m.start()
            if s and n[s - 1].isdigit():
                continue
            gd = m.groupdict()
            if not gd.get("month"):
                continue
            month = m.span("month") if gd["month"].isdigit() else month_number(gd["month"])
            if month is None:
                continue
            day = m.span("day") if gd.get("day") else None
            e = _rstrip(n, s, m.end())
            cands.append((s, e, 1, [_PrintedDate(s, e, day, month, m.span("year") if gd.get("year") else None)]))
    for f in g.day_ranges:
        if not f.need_ids <= w.hits:
            continue
        for m in f.matches(n, w):
            s = m.start()
            month = month_number(m.group("month"))
            if month is None:
                continue
            y = m.span("year") if m.group("year") else None
            e = _rstrip(n, s, m.end())
            if "day" in f.groups:
                # A list of days of one month («14 и 15 мая 2021 года»): a form whose group «day» repeats.
                spans = m.spans("day")
                days = [_PrintedDate(a, b, (a, b), month, y) for a, b in spans[:-1]]
                days.append(_PrintedDate(spans[-1][0], e, spans[-1], month, y))
                cands.append((s, e, 0, ("list", days)))
                continue
            d1 = _PrintedDate(s, m.end("day1"), m.span("day1"), month, y)
            # The end day's text runs to the end of the form, so that it carries the month.
            d2 = _PrintedDate(m.start("day2"), e, m.span("day2"), month, y)
            cands.append((s, e, 0, [d1, d2]))
    return _best(cands)


def _qual_of(table: _Table, text: str | None) -> str | None:
    return table.lookup(text) if text else None


def _units(n: str, w: _Words) -> list[_DateUnit]:
    """Every date and range of ``n`` with its qualifier, time and weekday, and ranges paired."""
    g = grammar()
    atoms = _date_atoms(n, w)
    units: list[_DateUnit] = []
    prev_end = 0
    for i, (s, e, _, dates) in enumerate(atoms):
        next_start = atoms[i + 1][0] if i + 1 < len(atoms) else len(n)
        is_list = isinstance(dates, tuple)
        if is_list:
            dates = dates[1]
        start, end = s, e
        # Words before the date.
        lm = g.left_ctx.search(n, max(prev_end, s - 48), s)
        q_pre = t_pre = wd = None
        if lm and lm.start() < s:
            start = lm.start()
            q_pre = _qual_of(g.qual_before, lm.group("q"))
            t_pre = lm.span("t") if lm.group("t") else None
            wd = g.weekdays.lookup(lm.group("wd")) if lm.group("wd") else None
        # A range of hours on the date: «с 8.00 до 20.00 часов».
        hours = None
        near_digit = _DIGIT.search(n, end, min(next_start, end + 30)) is not None
        for f in (g.time_ranges if near_digit else ()):
            hm = f.rx.match(n, end, next_start)
            if hm:
                hours = (hm.span("from"), hm.span("to"))
                end = hm.end()
                break
        q_post = t_post = None
        for _ in range(3):
            rm = g.right_ctx.match(n, end, next_start)
            if not rm or rm.end() == end:
                break
            if rm.group("wd"):
                if wd is None:
                    wd = g.weekdays.lookup(rm.group("wd"))
            elif rm.group("t"):
                if hours or t_pre or t_post:
                    break
                if next_start < len(n) and not n[rm.end():next_start].strip(" \t,"):
                    break   # a time right before the next date is that date's: «с 24 декабря по 00:00 13 января»
                t_post = rm.span("t")
                if rm.group("tq") and q_pre is None:
                    q_pre = _qual_of(g.qual_before, rm.group("tq"))
            elif rm.group("q"):
                q_post = _qual_of(g.qual_after, rm.group("q"))
            end = rm.end()
        # A year left outside a bracket by a page break: «(в 8.00 часов 8 октября) 2022 года)».
        if dates[-1].year is None and n[end:end + 3].lstrip().startswith(")"):
            for f in g.trailing_years:
                ym = f.rx.match(n, end, next_start)
                if ym:
                    for d in dates:
                        d.year = ym.span("year")
                    end = ym.end()
                    break
        time = t_pre or t_post
        word = _LAST_WORD.search(n, dates[-1].start, dates[-1].end)
        if is_list:
            # The words around a list bound each of its days («до 14 и 15 мая»).
            q = _merge_qualifier(q_pre, q_post)
            if q == "on" and word:
                q = next((q2 for ending, q2 in g.endings if word.group().endswith(ending)), q)
            for d in dates:
                d.qualifier = q
            dates[-1].time = time
        elif len(dates) == 1:
            dates[0].qualifier = _merge_qualifier(q_pre, q_post)
        else:
            # A range's own words («с 7 по 21 декабря») give its qualifiers unless the context does.
            dates[0].qualifier = q_pre or _qual_of(g.qual_before, _inner_word(n, dates[0].start, dates[0].day)) or "on"
            dates[1].qualifier = q_post or _qual_of(g.qual_before, _inner_word(n, dates[0].day[1], dates[1].day)) or "on"
        dates[0].weekday = wd
        if len(dates) == 1:
            d = dates[0]
            if d.qualifier == "on" and word:
                for ending, q in g.endings:
                    if word.group().endswith(ending):
                        d.qualifier = q
                        break
            d.time = time
            if hours:
                # Hours on one day («9 октября 2022 года с 8.00 до 20.00 часов»): one date, its first
                # hour in ``time`` and its last in ``time_until`` — not a range of two dates.
                d.time = hours[0]
        end = _rstrip(n, start, end)
        paren = "(" in n[max(prev_end, start - 2):start]
        units.append(_DateUnit(start, end, dates, paren, is_list,
                               hours_end=hours[1] if hours and len(dates) == 1 else None))
        prev_end = end
    return _pair_ranges(n, units)


_INNER = _PATTERNS.compile(r"[^\W\d_]+")


def _inner_word(n: str, start: int, day) -> str | None:
    """The word printed inside a range form before the day at ``day`` («с», «по» of «с 7 по 21
    декабря»), from ``start``; None when there is none."""
    if not isinstance(day, tuple) or day[0] <= start:
        return None
    m = None
    for m in _INNER.finditer(n, start, day[0]):
        pass
    return m.group() if m else None


def _weekday_of(word: str) -> int | None:
    """The weekday (Monday = 0) a word names, inflected or not («четверг», «жекшембисинде»)."""
    w = norm(word).strip()
    value = grammar().weekdays.lookup(w)
    if value is not None:
        return value
    for lang in _langs():
        for d, words in lang.weekdays.items():
            if any(w.startswith(norm(x)) for x in words):
                return d
    return None


def _merge_qualifier(pre: str | None, post: str | None) -> str:
    if post == "through" or (post and not pre):
        return post
    return pre or "on"


def _pair_ranges(n: str, units: list[_DateUnit]) -> list[_DateUnit]:
    """Two dates joined by a dash, or «с X по Y» / «X-тен Y-ге чейин», are one range."""
    out: list[_DateUnit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if (i + 1 < len(units) and not u.is_range and not units[i + 1].is_range
                and not u.is_list and not units[i + 1].is_list):
            v = units[i + 1]
            gap = n[u.end:v.start]
            a, b = u.dates[0], v.dates[0]
            dash = _DASH_GAP.fullmatch(gap) is not None
            # «с X по Y», «не ранее X и не позднее Y»: a start and an end bound, nothing or «и» between.
            fromto = (a.qualifier == "from" and b.qualifier in ("until", "through", "until_24h")
                      and (not gap.strip() or grammar().list_gap.fullmatch(gap) is not None))
            # «начинается 21 октября и продлится до 19 ноября», «10-ноябрдан башталып, 29-ноябрда»:
            # a verb of ending (or, in Kyrgyz, of starting) between two dates; the start may not be an end.
            link = (None if dash or fromto or a.qualifier not in ("on", "from", "after")
                    or b.qualifier == "from" else grammar().range_link.fullmatch(gap))
            if link is not None:
                if a.qualifier == "on":
                    a.qualifier = "from"
                if b.qualifier == "on":
                    b.qualifier = "through"
                if link.group("t") and b.time is None:
                    b.time = (u.end + link.start("t") - link.start(), u.end + link.end("t") - link.start())
            if dash or fromto or link is not None:
                out.append(_DateUnit(u.start, v.end, [a, b], u.paren))
                i += 2
                continue
        out.append(u)
        i += 1
    for u in out:
        if u.is_range:
            _share_year(u.dates[0], u.dates[1])
    return out


def _share_year(a: _PrintedDate, b: _PrintedDate) -> None:
    """A year printed once for a range belongs to both ends (the values are shared in ``_dates_of``)."""
    if a.year and not b.year and b.month:
        b.share = "forward"
    elif b.year and not a.year and a.month:
        a.share = "backward"


def _uncovered(n: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``n`` has a letter or digit outside ``spans`` (a cell of dates only has none)."""
    pos = 0
    for s, e in sorted(spans):
        if _WORDS.search(n, pos, s):
            return True
        pos = max(pos, e)
    return _WORDS.search(n, pos) is not None


def _overlaps(s: int, e: int, spans) -> bool:
    if isinstance(spans, _SpanIndex):
        return spans.overlaps(s, e)
    return any(s < e2 and s2 < e for s2, e2 in spans)


class _SpanIndex:
    """Spans sorted by start with the running maximum of their ends: whether a stretch overlaps one,
    and the first start inside it, by bisection (a scan of every span per match is quadratic)."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = []
        furthest = -1
        for _, e in spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)   # the spans starting before e
        return i > 0 and self.reach[i - 1] > s

    def first_start_inside(self, s: int, e: int) -> int | None:
        """The smallest span start strictly between s and e."""
        i = bisect.bisect_right(self.starts, s)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < e else None


def _phrases(n: str, w: _Words, taken: list[tuple[int, int]], cell: bool) -> list[_Phrase]:
    """Relative, event, recurring, unspecified and (in a cell) period terms, not overlapping dates."""
    g = grammar()
    cands: list[tuple[int, int, int, Any]] = []
    w = w.without(taken)
    taken_index = _SpanIndex(taken)
    for f in g.relative:
        if not f.need_ids <= w.hits:
            continue
        for m in f.matches(n, w):
            s, e = m.span()
            if "anchor_raw" in f.rx.groupindex and m.group("anchor_raw"):
                # An unknown anchor's text stops before a date.
                first = taken_index.first_start_inside(s, e)
                if first is not None:
                    e = first
                while e > s and n[e - 1] in " \t\n":
                    e -= 1
            cands.append((s, e, 5 if _unknown_form(f) else 0, ("relative", f, m)))
    for f in g.event:
        if not f.need_ids <= w.hits:
            continue
        unknown = _unknown_form(f)
        if unknown and not cell:
            continue  # an event outside the vocabulary is read in a term cell only, not in prose
        for m in f.matches(n, w):
            e = _rstrip(n, m.start(), m.end())
            cands.append((m.start(), e, 35 if unknown else 10, ("event", f, m)))
    if g.recurring_needs(w):
        for m in g.recurring.compiled.finditer(n):
            cands.append((m.start(), m.end(), 20, ("recurring", None, m)))
    for f in g.recurring_forms if cell else ():  # prose reports no recurring terms: not worth reading there
        if not f.need_ids <= w.hits:
            continue
        for m in f.matches(n, w):
            e = _rstrip(n, m.start(), m.end())
            cands.append((m.start(), e, 20, ("recurring", f, m)))
    if g.unspecified_needs(w):
        for m in g.unspecified.compiled.finditer(n):
            cands.append((m.start(), m.end(), 30, ("unspecified", None, m)))
    cands = [c for c in cands if not _overlaps(c[0], c[1], taken_index)]
    chosen = _best(cands)
    if (cell and _uncovered(n, taken)) or (not cell and w.digit):
        spans = taken + [(c[0], c[1]) for c in chosen]
        wp = w.without(spans)
        spans_index = _SpanIndex(spans)
        pc = []
        for f in g.period:
            if not f.need_ids <= wp.hits:
                continue
            for m in f.matches(n, wp):
                if (not _overlaps(m.start(), m.end(), spans_index) and not _in_year_list(n, m)
                        and (cell or _prose_period(n, m))):
                    pc.append((m.start(), m.end(), 40, ("period", f, m)))
        chosen = sorted(chosen + _best(pc), key=lambda c: c[0])
    out = []
    for s, e, prio, (kind, f, m) in chosen:
        data = _phrase_data(n, kind, f, m, e)
        if data is not None:
            out.append(_Phrase(kind, s, data.pop("_end", e), prio, data))
    return out


_NUMBER_AFTER = _PATTERNS.compile(r"[\s,]*\d")
_YEAR_LIST_BEFORE = _PATTERNS.compile(r"(?<!\d)\d{4}\s*(?:,|и)\s*\Z")
_YEAR_LIST_AFTER = _PATTERNS.compile(r"\s*(?:,|и)\s*\d{4}(?!\d)")


def _in_year_list(n: str, m) -> bool:
    """Whether a period form matched one year of a list of years («на 2015, 2016 годы»): a list of
    years is not read (no term rather than its first or last year alone)."""
    if not m.groupdict().get("year"):
        return False
    return bool(_year_list_before(n, m.start("year")) or _YEAR_LIST_AFTER.match(n, m.end("year")))


def _year_list_before(n: str, end: int) -> bool:
    """``_YEAR_LIST_BEFORE`` ending at ``end``, read backwards from there: a search of the text before
    each period would cost the whole text per period (issue 18)."""
    i = end
    while i > 0 and n[i - 1].isspace():
        i -= 1
    if i == 0 or n[i - 1] not in ",и":
        return False
    i -= 1
    while i > 0 and n[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and n[j - 1].isdigit() and i - j < 5:
        j -= 1
    if i - j < 4:
        return False
    return bool(_YEAR_LIST_BEFORE.search(n, i - 4, end))


def _prose_period(n: str, m) -> bool:
    """Whether a period form's match is a period mention in prose: a year printed with it («на I
    полугодие 2023 года», «за 9 месяцев 2019г.», «2025-жылга»), and a bare year or pair of years only
    with a year word after it («на 2023 год», «на 2025-2030 годы»), not a number that looks like one.
    The year of a printed date is never one: dates are read first and periods only outside them."""
    gd = m.groupdict()
    if not gd.get("year") or gd.get("plan_year") or gd.get("current_year"):
        return False
    if _NUMBER_AFTER.match(n, m.end()):
        # «(2018-жылдын, 28-январы)»: the year of the number after it.
        return False
    if any(gd.get(k) for k in ("quarter", "half", "month", "months")):
        return True
    last = m.end("year2") if gd.get("year2") else m.end("year")
    return _LETTERS.search(n, last, m.end()) is not None


def _number(text: str) -> int | None:
    text = text.strip()
    d = _DIGITS.match(text)
    if d:
        return int(d.group())
    nums = _numbers()
    total = 0
    for w in text.split():
        if w not in nums:
            return None
        total += nums[w]
    return total or None


def _small(text: str | None) -> int | None:
    """A quarter, half or plan-year number: Roman, digits or an ordinal word."""
    if not text:
        return None
    t = text.strip()
    if t in _ROMAN:
        return _ROMAN[t]
    if t.isdigit():
        return int(t)
    return grammar().ordinals.lookup(t)


def _phrase_data(n: str, kind: str, f: _Form | None, m, end: int) -> dict | None:
    g = grammar()
    if kind == "relative":
        spec = f.spec
        gs = f.groups
        group = m.group

        def text_of(name: str) -> str | None:
            """The text of group ``name``; None when it did not match or the form has no such group."""
            return group(name) if name in gs else None

        nn = None
        if text_of("n"):
            nn = m.span("n") if group("n")[:1].isdigit() else _number(group("n"))
        else:
            nn = spec.n
        unit = g.units.lookup(group("unit")) if text_of("unit") else spec.unit
        if nn is None or unit is None:
            return None
        bound = g.bounds.lookup(group("bound")) if text_of("bound") else None
        bound = bound or spec.bound or "exact"
        direction = None
        if text_of("dir"):
            direction = g.directions.lookup(group("dir"))
        if direction is None and text_of("pre"):
            direction = g.directions.lookup(group("pre"))
        direction = direction or spec.direction
        anchor, aspan, reason = UNKNOWN_ANCHOR, None, "unknown_anchor"
        if text_of("anchor"):
            anchor = g.anchors.lookup(group("anchor")) or UNKNOWN_ANCHOR
            aspan = m.span("anchor")
            reason = None if anchor != UNKNOWN_ANCHOR else "unknown_anchor"
        elif text_of("anchor_raw"):
            a0 = m.start("anchor_raw")
            aspan = (a0, max(a0, end))
        if direction is None:
            direction = "within"
        return {"n": nn, "unit": unit, "bound": bound, "direction": direction, "anchor": anchor,
                "aspan": aspan, "reason": reason, "_end": end}
    if kind == "event":
        rel_text = m.group("rel") if "rel" in f.groups else None
        # A relation word of the vocabulary, else a date's qualifier word («с сегодняшнего дня»: from).
        rel = ((g.relations.lookup(rel_text) or _QUAL_RELATION.get(_qual_of(g.qual_before, rel_text)))
               if rel_text else None) or f.spec.relation
        if "wd" in f.groups:
            # A weekday without a date («в четверг», «айдын биринчи жекшембисинде»): the weekday, no date.
            wd = _weekday_of(m.group("wd"))
            if wd is None:
                return None
            s0 = m.start("ord") if "ord" in f.groups and m.group("ord") else m.start("wd")
            return {"relation": rel or "on", "anchor": WEEKDAY_ANCHOR, "aspan": (s0, _rstrip(n, s0, end)),
                    "weekday": wd, "wspan": m.span("wd")}
        if "anchor_raw" in f.groups:
            # An event outside the vocabulary: its text as printed, never a nearby election anchor.
            a0 = m.start("anchor_raw")
            return {"relation": rel, "anchor": UNKNOWN_ANCHOR, "aspan": (a0, _rstrip(n, a0, end)),
                    "reason": "unknown_anchor"} if rel else None
        anchor = g.anchors.lookup(m.group("anchor"))
        if rel is None or anchor is None:
            return None
        data = {"relation": rel, "anchor": anchor, "aspan": m.span("anchor")}
        if "time" in f.groups and m.group("time"):
            data["tspan"] = m.span("time")
        return data
    if kind == "recurring":
        return _recurring_data(n, f, m, end)
    if kind == "unspecified":
        return {}
    if kind == "period":
        gd = m.groupdict()
        year = m.span("year") if gd.get("year") else None
        if gd.get("year2"):
            return {"unit": "year_range", "year": year, "year2": m.span("year2")}
        if gd.get("quarter"):
            v = _small(gd["quarter"])
            return {"unit": "quarter", "value": v, "year": year} if v and 1 <= v <= 4 else None
        if gd.get("half"):
            v = _small(gd["half"])
            return {"unit": "half_year", "value": v, "year": year} if v and 1 <= v <= 2 else None
        if gd.get("months"):
            # «за 9 месяцев 2019г.»: a number kept as its span (the analysis is shared by its shape).
            v = m.span("months") if gd["months"][:1].isdigit() else _number(gd["months"])
            return {"unit": "months", "value": v, "year": year} if v and year else None
        if gd.get("plan_year"):
            v = _small(gd["plan_year"])
            return {"unit": "plan_year", "value": v, "year": None} if v and 1 <= v <= 3 else None
        if gd.get("month2"):
            m1, m2 = month_number(gd["month"]), month_number(gd["month2"])
            if not (m1 and m2) or m1 == m2:
                return None
            return {"unit": "month_range", "value": m1, "value2": m2, "year": year,
                    "span1": m.span("month"), "span2": m.span("month2")}
        if gd.get("month"):
            mo = month_number(gd["month"])
            return {"unit": "month", "value": mo, "year": year} if mo else None
        if gd.get("current_year"):
            return {"unit": "year", "value": None, "year": None, "current": True}
        if year:
            return {"unit": "year", "value": None, "year": year}
    return None


def _recurring_data(n: str, f: _Form | None, m, end: int) -> dict | None:
    """A frequency word (``f`` None: a match of the ``recurring`` table) or a form of ``forms.recurring``:
    frequency, count and its bound, the anchor or condition, and a day of each period («до 5 числа»).

    Numbers are kept as spans (``_num`` reads them when the term is built), like every number of an
    analysis. A count printed without a bound is ``exact``; a form that prints no count takes its own
    (``count: 1`` for «Раз в год»).
    """
    g = grammar()
    data: dict = {"frequency": None, "count": None, "count_bound": None, "anchor": None, "aspan": None,
                  "due": None, "following": False, "_end": end}
    gs = f.groups if f is not None else frozenset()
    group = (lambda name: m.group(name) if name in gs else None)
    if f is None:
        data["frequency"] = g.recurring.lookup(m.group())
    else:
        spec = f.spec
        per = group("per")
        data["frequency"] = (g.per_period.lookup(per) if per else None) or spec.frequency
        count = group("count")
        if count:
            data["count"] = m.span("count") if count[:1].isdigit() else _number(count)
        elif group("once"):
            data["count"] = 1
        elif spec.count is not None:
            data["count"] = spec.count
        cb = group("cbound") or group("cbound_after")
        if data["count"] is not None:
            data["count_bound"] = (g.count_bounds.lookup(cb) if cb else None) or "exact"
        if group("day"):
            q = group("q")
            qual = (_qual_of(g.qual_before, q) or _qual_of(g.qual_after, q)) if q else None
            data["due"] = {"span": m.span(), "day": m.span("day"), "qualifier": qual or "until"}
            data["following"] = bool(group("following"))
            data["count"] = None
            if data["frequency"] is None:
                # «до 5 числа месяца, следующего за отчетным»: «отчетным» agrees with «месяца» (a month).
                data["frequency"] = "monthly"
        if group("anchor_raw"):
            a0 = m.start("anchor_raw")
            data["aspan"] = (a0, _rstrip(n, a0, end))
            inner = g.anchors.compiled.search(n, a0, end)
            if inner:
                data["anchor"] = g.anchors.lookup(inner.group())
            return data if data["frequency"] else None
    if data["frequency"] is None:
        return None
    inner = g.anchors.compiled.search(n, m.start(), m.end())
    am = g.anchor_at.match(n, m.end())
    if inner:
        data["anchor"], data["aspan"] = g.anchors.lookup(inner.group()), inner.span()
    elif am and am.start("a") - m.end() <= 2:
        data["anchor"], data["aspan"] = g.anchors.lookup(am.group("a")), am.span("a")
        data["_end"] = am.end("a")
    else:
        bm = g.anchor_before.search(n, max(0, m.start() - 80), m.start())
        if bm:
            data["anchor"], data["aspan"] = g.anchors.lookup(bm.group("a")), bm.span("a")
    return data


def _attach(n: str, phrases: list[_Phrase], units: list[_DateUnit], cell: bool = True) -> list[_DateUnit]:
    """Give each relative/event term the dates printed with it; return the dates left over.

    A date belongs to the term before it when it is bracketed after it («… (до 10 августа 2022
    года)») or follows it with nothing but punctuation between, and no other term comes between.

    In a term cell, a frequency of calendar periods (monthly … yearly) owns the deadlines printed with
    it the same way, and also a list of them («один раз в полугодие (до 10 июля и до 10 января)») and a
    deadline printed just before it («до 1 марта ежегодно»): they are its occurrences, each cycle's
    deadline, not one-off dates.
    """
    g = grammar()
    free = []
    owners = [p for p in phrases if p.kind in ("relative", "event") or (cell and _cyclic(p))]
    # Linear in the units and phrases (issue 18): the owner before a unit and the phrases between are
    # found by bisection over the phrases' ends and starts, when these are in order (they are, for
    # phrases that do not overlap; otherwise the scans below), and brackets are counted by prefix sums.
    owner_ends = [p.end for p in owners]
    by_end = all(a <= b for a, b in zip(owner_ends, owner_ends[1:]))
    between, owned = _Between(phrases), _Between(owners)
    opens = _Counts(n, "(") if units and owners else None
    closes = _Counts(n, ")") if units and owners else None
    for u in units:
        owner = None
        if by_end:
            k = bisect.bisect_right(owner_ends, u.start)
            owner = owners[k - 1] if k else None
        else:
            for p in owners:
                if p.end <= u.start:
                    owner = p
                else:
                    break
        if owner is not None and not between.any(owner.end, u.start, owner):
            gs = owner.printed[-1].end if owner.printed else owner.end
            # the gap's text is read only when it is short enough to be a joint; a longer gap joins
            # only by an open bracket or as a run of punctuation (a search of each long gap again for
            # every later date would cost the cell's length per date)
            gap = n[gs:u.start] if u.start - gs <= _GAP_READ else None
            if (owner.kind == "event" and not owner.printed and "range_end" not in owner.data
                    and owner.data.get("relation") in ("from", "after") and len(u.dates) == 1
                    and not u.is_list and gap is not None and g.range_link.fullmatch(gap)):
                # «начнется со дня назначения выборов и завершится 31 октября»: a range from the event.
                if u.dates[0].qualifier == "on":
                    u.dates[0].qualifier = "through"
                owner.data["range_end"] = u
                continue
            opened = opens.between(gs, u.start) - closes.between(gs, u.start)
            if (_ADJACENT_GAP.fullmatch(n, gs, u.start) or opened > 0 or (u.paren and u.start - gs < 120)
                    or (owner.kind == "recurring" and owner.printed and gap is not None
                        and g.list_gap.fullmatch(gap))):
                owner.printed.append(u)
                continue
        after = owned.first_from(u.end)
        if (after is not None and after.kind == "recurring" and not after.printed
                and _EVENT_GAP.fullmatch(n, u.end, after.start)
                and not between.any(u.end, after.start, after)):
            after.printed.append(u)
            after.start = u.start
            between.moved(after)
            owned.moved(after)
            continue
        free.append(u)
    return free


#: The longest gap between a term and a date whose text is read for a joining word (characters).
_GAP_READ = 2000


#: Characters from a word within which a form's match is read first (``_Form.matches``).
_MATCH_WINDOW = 4000


class _Counts:
    """How many times a character occurs before each offset of a text (prefix sums)."""

    __slots__ = ("before",)

    def __init__(self, n: str, ch: str):
        before = [0] * (len(n) + 1)
        k = 0
        for i, c in enumerate(n):
            if c == ch:
                k += 1
            before[i + 1] = k
        self.before = before

    def between(self, s: int, e: int) -> int:
        return self.before[e] - self.before[s] if e > s else 0


class _Between:
    """Which phrases start inside a stretch of text, by bisection over their starts (a phrase whose
    start moves back to a date it takes is moved in the index too); a scan when they are not in order."""

    def __init__(self, phrases: list):
        self.phrases = phrases
        self.starts = [p.start for p in phrases]
        self.index = {id(p): i for i, p in enumerate(phrases)}
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def moved(self, p) -> None:
        i = self.index.get(id(p))
        if i is not None:
            self.starts[i] = p.start
            if self.ordered and ((i and self.starts[i - 1] > p.start)
                                 or (i + 1 < len(self.starts) and p.start > self.starts[i + 1])):
                self.ordered = False

    def any(self, s: int, e: int, but) -> bool:
        """Whether a phrase other than ``but`` starts in [s, e)."""
        if not self.ordered:
            return any(s <= q.start < e for q in self.phrases if q is not but)
        i = bisect.bisect_left(self.starts, s)
        while i < len(self.starts) and self.starts[i] < e:
            if self.phrases[i] is not but:
                return True
            i += 1
        return False

    def first_from(self, pos: int):
        """The first phrase (in order) that starts at or after ``pos``."""
        if not self.ordered:
            return next((q for q in self.phrases if q.start >= pos), None)
        i = bisect.bisect_left(self.starts, pos)
        return self.phrases[i] if i < len(self.phrases) else None


def _cyclic(p: _Phrase) -> bool:
    """A recurring phrase whose cycle is a calendar period, so that a printed day recurs in each."""
    return p.kind == "recurring" and p.data.get("frequency") in ("monthly", "quarterly", "half_yearly", "yearly")


def _merge(n: str, phrases: list[_Phrase], cell: bool = True) -> list[_Phrase]:
    """«Со дня X и заканчивается за N дней до Y» is one from_until term; «со дня X еженедельно» one
    recurring term with anchor X; an event repeated in one cell is kept once."""
    g = grammar()
    out: list[_Phrase] = []
    i = 0
    while i < len(phrases):
        p = phrases[i]
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        if p.kind == "event" and nxt is not None:
            p_end = p.printed[-1].end if p.printed else p.end
            gap = n[p_end:nxt.start]
            if (nxt.kind == "relative" and p.data["relation"] in ("from", "after")
                    and (g.links.search(gap) or g.links.search(n, nxt.end, min(len(n), nxt.end + 30)))):
                for u in p.printed:
                    for d in u.dates:
                        if d.qualifier == "on":
                            d.qualifier = "from"
                nxt.printed = p.printed + nxt.printed
                nxt.data["bound"] = "from_until"
                nxt.start = p.start
                i += 1
                continue
            if (cell and nxt.kind == "recurring" and p.data["relation"] in ("from", "after")
                    and _EVENT_GAP.fullmatch(gap)):
                nxt.data["anchor"] = p.data["anchor"]
                nxt.data["aspan"] = p.data["aspan"]
                nxt.start = p.start
                i += 1
                continue
        if (p.kind == "recurring" and nxt is not None and nxt.kind == "recurring" and nxt.data.get("due")
                and not p.data.get("due") and p.data["frequency"] != "as_needed"
                and _EVENT_GAP.fullmatch(n, p.printed[-1].end if p.printed else p.end, nxt.start)):
            # «ежеквартально до 5 числа месяца, следующего за отчетным»: the frequency's day of each period.
            p.data["due"], p.data["following"] = nxt.data["due"], nxt.data["following"]
            p.end = nxt.end
            out.append(p)
            i += 2
            continue
        out.append(p)
        i += 1
    _share_anchors(n, out)
    seen = set()
    uniq = []
    for p in out:
        key = ((p.kind, p.data.get("relation"), p.data.get("anchor"),
                n[p.data["aspan"][0]:p.data["aspan"][1]] if p.data.get("anchor") == UNKNOWN_ANCHOR else None)
               if p.kind == "event" else None)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        uniq.append(p)
    return uniq


def _share_anchors(n: str, phrases: list[_Phrase]) -> None:
    """A count printed without its anchor shares the anchor of the count beside it: «не ранее чем за
    100 … и не позднее чем за 90 календарных дней до дня голосования»; «тогуз күн калганда башталып,
    бир күн калганда токтотулат». The next count is preferred (Russian), else the one before."""
    for i, p in enumerate(phrases):
        if p.kind != "relative" or p.data["anchor"] != UNKNOWN_ANCHOR or p.data["aspan"] is not None:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(phrases):
                q = phrases[j]
                if q.kind == "relative" and q.data["anchor"] != UNKNOWN_ANCHOR:
                    p.data["anchor"], p.data["reason"] = q.data["anchor"], None
                    if p.data["direction"] == "within" and p.data["bound"] != "within":
                        p.data["direction"] = q.data["direction"]
                    break


def _bare_days(n: str) -> list[_DateUnit] | None:
    """A cell of days without a month (seed 000 row 35 «19-28 20-23»), else None."""
    g = grammar()
    for f in g.bare_days:
        units = []
        pos = 0
        for m in f.rx.finditer(n):
            if n[pos:m.start()].strip(" \t\n,;"):
                break
            d1 = _PrintedDate(m.start(), m.end("day1"), m.span("day1"), None, None)
            dates = [d1]
            if m.group("day2"):
                dates.append(_PrintedDate(m.start("day2"), m.end(), m.span("day2"), None, None))
            units.append(_DateUnit(m.start(), m.end(), dates))
            pos = m.end()
        else:
            if units and not n[pos:].strip(" \t\n,;."):
                return units
    return None


@dataclass(slots=True)
class _Analysis:
    phrases: list[_Phrase]
    groups: list[list[_DateUnit]]     # free dates: one list per DateTerm/RangeTerm/DatesTerm


def _analyse(n: str, cell: bool) -> _Analysis:
    w = _Words(n)
    units = _units(n, w)
    taken = [(u.start, u.end) for u in units]
    phrases = _phrases(n, w, taken, cell)
    free = _attach(n, phrases, units, cell)
    phrases = _merge(n, phrases, cell)
    groups: list[list[_DateUnit]] = []
    if cell:
        g = grammar()
        for u in free:
            # A list is dates printed one after the other («27 сентября 28 сентября»), not «на 11 апреля, до 2 мая».
            if (groups and u.dates[0].qualifier in ("on", "from")
                    and groups[-1][-1].dates[-1].qualifier in ("on", "through", "until")
                    and g.list_gap.fullmatch(n, groups[-1][-1].end, u.start)):
                groups[-1].append(u)
            else:
                groups.append([u])
        if not phrases and not groups:
            bare = _bare_days(n)
            if bare:
                groups.append(bare)
    else:
        groups = [[u] for u in free]
    return _Analysis(phrases, groups)


# --------------------------------------------------------------------------- building the model


def _match_text(text: str) -> str:
    """``norm(text)``, or a same-length lower-casing when normalisation would change the length."""
    n = norm(text)
    if len(n) == len(text):
        return n
    return "".join(c if len(c) == 1 else o for c, o in zip((norm(ch) for ch in text), text))


def _construct(cls, fields: dict):
    """An instance of the model ``cls`` from ``fields`` (every field given, all of the right type).

    The values come from this module, already of their types, so validation would only cost time:
    this sets the instance dictionary as ``model_construct`` does, without its per-field work (5×
    faster, measured). ``_FAST`` checks once that the result equals a validated instance and falls back
    to validation if a pydantic release ever changes the internals it relies on.
    """
    obj = cls.__new__(cls)
    _setattr(obj, "__dict__", fields)
    _setattr(obj, "__pydantic_fields_set__", set(fields))
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


_setattr = object.__setattr__


def _fast_is_exact() -> bool:
    try:
        sample = dict(value=dt.date(2022, 10, 9), day=9, month=10, year=2022, precision="day", year_inferred=False,
                      year_source=None, qualifier="on", time=None, weekday=6, raw="9 октября 2022 года", start=0,
                      end=19, reason=None)
        fast = _construct(TermDate, dict(sample))
        term = _construct(DateTerm, dict(raw="x", start=0, end=1, reason=None, kind="date", date=fast, time_until=None))
        return (fast == TermDate(**sample) and term == DateTerm(raw="x", end=1, date=TermDate(**sample))
                and term.model_dump_json() == DateTerm(raw="x", end=1, date=TermDate(**sample)).model_dump_json())
    except Exception:  # any change in pydantic's internals: use validation
        return False


_FAST = _fast_is_exact()


def _new(cls, **fields):
    """An instance of the model ``cls``: ``_construct`` when that is exact, else validated."""
    return _construct(cls, fields) if _FAST else cls(**fields)


@lru_cache(maxsize=4096)  # the same few days and months come back with the same reference
def _infer_year(day: int, month: int, ref: dt.date) -> int | None:
    """The year that puts day.month closest to ``ref`` (None when the day exists in none of them)."""
    best: tuple[int, int] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            dist = abs((dt.date(y, month, day) - ref).days)
        except ValueError:
            continue
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1] if best else None


#: How far before the approval date a plan's own deadline may lie (a plan approved on 30 December may
#: still name «до 31 декабря»); beyond it, the deadline is the next year's.
_APPROVAL_SLACK = dt.timedelta(days=31)
#: Farther than this from the nearest printed date either way, a day and month could be either year.
_NEAREST_WINDOW = 153


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
        return True
    except ValueError:
        return False


@lru_cache(maxsize=8192)
def complete_year(day: int, month: int, ctx: "TermContext") -> tuple[int | None, str | None, str | None]:
    """The year of a date printed as day and month only, under the document's year policy (module
    docstring): ``(year, year_source, None)``, or ``(None, None, reason)`` — ``no_year`` when the document
    gives no year, ``not_a_date`` when the day exists in none of the possible years, ``year_ambiguous``."""
    ref, src = ctx.reference, ctx.reference_source
    if src == "clause_year":  # the year printed in the date's own clause: that year, and no other
        return (ref.year, src, None) if _exists(ref.year, month, day) else (None, None, "not_a_date")
    if ctx.period and src != "nearest_date":
        y1, y2 = ctx.period
        years = [y for y in range(y1, y2 + 1) if _exists(y, month, day)]
        if not years:
            return None, None, "not_a_date"
        if len(years) > 1 and ref is not None and src == "election_day":
            y = min(years, key=lambda y: abs((dt.date(y, month, day) - ref).days))
        elif len(years) > 1 and ref is not None and src == "approval":
            y = next((y for y in years if dt.date(y, month, day) >= ref - _APPROVAL_SLACK), years[-1])
        else:
            y = years[0]
        return y, ctx.period_source, None
    if ref is None:
        return None, None, "no_year"
    if src == "approval":
        for y in (ref.year, ref.year + 1, ref.year + 2):
            if _exists(y, month, day) and dt.date(y, month, day) >= ref - _APPROVAL_SLACK:
                return y, src, None
        return None, None, "not_a_date"
    y = _infer_year(day, month, ref)
    if y is None:
        return None, None, "not_a_date"
    if src == "nearest_date" and abs((dt.date(y, month, day) - ref).days) > _NEAREST_WINDOW:
        return None, None, "year_ambiguous"
    return y, src, None


def _with_years(t: "RecurringTerm", ctx: "TermContext") -> "RecurringTerm":
    """A recurring term whose deadlines are printed with day and month but no year («ежегодно до 1
    марта», «до 10 июля и до 10 января»), with one occurrence per year of the plan period (in the order
    of the years, then as printed); without a period, as printed (no year: a deadline that comes back
    has no one year)."""
    if not ctx.period or not t.occurrences:
        return t
    occ = [o for o in t.occurrences]
    if not any(o.year is None and o.day and o.month for o in occ):
        return t
    out: list[tuple[int, int, TermDate]] = []
    for i, o in enumerate(occ):
        if o.year is not None or not (o.day and o.month):
            out.append((o.year or 0, i, o))
            continue
        for y, src in yearly_dates(o.day, o.month, ctx):
            out.append((y, i, o.model_copy(update={"year": y, "value": dt.date(y, o.month, o.day),
                                                   "year_inferred": True, "year_source": src, "reason": None})))
    out.sort(key=lambda x: (x[0], x[2].value or dt.date.min, x[1]))
    return t.model_copy(update={"occurrences": [o for _, _, o in out]})


def yearly_dates(day: int, month: int, ctx: "TermContext") -> list[tuple[int, str]]:
    """The occurrences of a yearly deadline («ежегодно до 1 марта»): one ``(year, year_source)`` per year
    of the plan period in which the day exists; without a period, the one year ``complete_year`` gives
    (none when it gives none). For recurring terms, which carry their occurrences."""
    if ctx.period:
        y1, y2 = ctx.period
        return [(y, ctx.period_source) for y in range(y1, y2 + 1) if _exists(y, month, day)]
    y, src, _ = complete_year(day, month, ctx)
    return [(y, src)] if y is not None else []


def _num(text: str, span) -> int | None:
    """The number printed at ``span`` («2-х» is 2), or ``span`` itself when it is already a value."""
    if span is None or isinstance(span, int):
        return span
    return int(_DIGITS.match(text, span[0]).group())


def _values(text: str, d: _PrintedDate) -> list:
    """[day, month, year] of a printed date, read from the text (``_num`` inlined: it runs for every
    date of every cell)."""
    day, month, year = d.day, d.month, d.year
    return [day if day is None or isinstance(day, int) else int(_DIGITS.match(text, day[0]).group()),
            month if month is None or isinstance(month, int) else int(_DIGITS.match(text, month[0]).group()),
            _year(text[year[0]:year[1]]) if year else None]


def _dates_of(text: str, dates: list[_PrintedDate]) -> list[list]:
    """The values of the dates of a unit, a range's year shared between its ends.

    Kyrgyz prints it in front («2021-жылдын 22-апрелинен 6-мартына чейин»): the end takes it as is, even
    when that inverts the range (the rules engine flags inversions; the parser does not fix them).
    Russian prints it at the end («с 20 декабря по 10 января 2022 года»): a start that would fall after
    the end belongs to the year before.
    """
    vals = [_values(text, d) for d in dates]
    if len(dates) == 2:
        a, b = vals
        if dates[1].share == "forward":
            b[2] = a[2]
        elif dates[0].share == "backward":
            a[2] = b[2]
            if a[0] and b[0] and a[1] and (a[1], a[0]) > (b[1], b[0]):
                a[2] -= 1
    return vals


def _term_date(text: str, d: _PrintedDate, base: int, ctx: TermContext, vals: list | None = None) -> TermDate:
    day, month, year = vals if vals is not None else _values(text, d)
    inferred, source, reason, value = False, None, None, None
    time = _hhmm(text[d.time[0]:d.time[1]]) if d.time else None
    qualifier = d.qualifier
    if time == "24:00" and qualifier in ("until", "on", "through"):
        qualifier = "until_24h"  # «до 24.00 часов 8 сентября», «9-мартында саат 24:00дө»: the end of that day
    if month is None:
        reason = "no_month"
    elif day is None:
        reason = "no_day"
    elif year is None:
        year, source, reason = complete_year(day, month, ctx)
        inferred = year is not None
    if reason is None:
        try:
            value = dt.date(year, month, day)
        except ValueError:
            reason = "not_a_date"
    return _new(TermDate, 
        value=value, day=day, month=month, year=year, precision=d.precision, year_inferred=inferred,
        year_source=source, qualifier=qualifier, time=time, weekday=d.weekday,
        raw=text[d.start:d.end], start=d.start - base, end=d.end - base, reason=reason)


def _unit_term(text: str, u: _DateUnit, ctx: TermContext) -> DateTerm | RangeTerm:
    raw = text[u.start:u.end]
    if u.is_range:
        va, vb = _dates_of(text, u.dates)
        a = _term_date(text, u.dates[0], u.start, ctx, va)
        b = _term_date(text, u.dates[1], u.start, ctx, vb)
        if a.year_inferred and b.value and a.value and a.value > b.value and va[2] is None:
            # The years were completed one by one and the range crosses a new year («с 24 декабря по 13
            # января»): the end is the year after where the policy looks forward (approval, a period that
            # goes on), else the start is the year before.
            forward = b.year_inferred and (a.year_source == "approval" or (
                a.year_source in ("period", "title") and ctx.period is not None and b.year + 1 <= ctx.period[1]))
            try:
                if forward:
                    b = b.model_copy(update={"year": b.year + 1, "value": b.value.replace(year=b.year + 1)})
                else:
                    a = a.model_copy(update={"year": b.year - 1, "value": a.value.replace(year=b.year - 1)})
            except ValueError:
                pass
        return _new(RangeTerm, raw=raw, start=u.start, end=u.end, reason=a.reason or b.reason,
                    kind="range", start_date=a, end_date=b, start_event=None)
    d = _term_date(text, u.dates[0], u.start, ctx)
    until = _hhmm(text[u.hours_end[0]:u.hours_end[1]]) if u.hours_end else None
    return _new(DateTerm, raw=raw, start=u.start, end=u.end, reason=d.reason, kind="date", date=d, time_until=until)


def _close_brackets(text: str, start: int, end: int) -> int:
    """Extend ``end`` over the closing brackets of brackets opened inside ``text[start:end]``."""
    open_ = text.count("(", start, end) - text.count(")", start, end)
    while open_ > 0:
        m = _CLOSE.match(text, end)
        if not m:
            break
        end = m.end()
        open_ -= 1
    return end


def _period_bounds(unit: str, value: int | None, year: int) -> tuple[dt.date, dt.date]:
    if unit == "month":
        first = dt.date(year, value, 1)
        nxt = dt.date(year + (value == 12), value % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    if unit == "quarter":
        first = dt.date(year, 3 * value - 2, 1)
        last_month = 3 * value
        nxt = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    if unit == "half_year":
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if value == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    if unit == "months":
        return dt.date(year, 1, 1), _period_bounds("month", value, year)[1]
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _period_year(unit: str, value: int, ref: dt.date) -> int:
    """The year that puts the period closest to ``ref``."""
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        first, last = _period_bounds(unit, value, y)
        dist = 0 if first <= ref <= last else min(abs((first - ref).days), abs((last - ref).days))
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1]


def _period_term(text: str, p: _Phrase, ctx: TermContext) -> Term:
    raw = text[p.start:p.end]
    d = p.data
    year_of = lambda span: _year(text[span[0]:span[1]]) if span else None  # noqa: E731
    unit, value, year = d["unit"], d.get("value"), year_of(d.get("year"))
    if unit == "months":
        value = _num(text, value)
        if not 1 <= value <= 12:
            return _new(UnparsedTerm, raw=raw, start=p.start, end=p.end, reason="not_a_period", kind="unparsed")
    if unit == "year_range":
        y1, y2 = year, year_of(d["year2"])
        a = _new(TermDate, value=dt.date(y1, 1, 1), day=None, month=None, year=y1,
                                     precision="year", year_inferred=False, year_source=None, qualifier="from",
                                     time=None, weekday=None, raw=raw, start=0, end=len(raw), reason=None)
        b = _new(TermDate, value=dt.date(y2, 12, 31), day=None, month=None, year=y2,
                                     precision="year", year_inferred=False, year_source=None, qualifier="through",
                                     time=None, weekday=None, raw=raw, start=0, end=len(raw), reason=None)
        return _new(RangeTerm, raw=raw, start=p.start, end=p.end, reason=None, kind="range",
                    start_date=a, end_date=b, start_event=None)
    if unit == "month_range":
        return _month_range_term(text, p, ctx, year)
    inferred = False
    reason = source = None
    if unit == "plan_year":
        if ctx.period:
            year, inferred, source = ctx.period[0] + value - 1, True, ctx.period_source
        else:
            reason = "no_period"
    elif year is None and unit in ("month", "quarter", "half_year"):
        year, source, reason = complete_period_year(unit, value, ctx)
        inferred = year is not None
    elif d.get("current"):
        # «в течение года»: the plan's year; in a plan of several years, each of them (no one year).
        if ctx.period and ctx.period[0] == ctx.period[1]:
            year, inferred, source = ctx.period[0], True, ctx.period_source
        else:
            reason = "each_year_of_period" if ctx.period else "no_year"
    if unit == "month" and reason is None:
        reason = "no_day"   # a month where a date was asked for: complete as a period, not as a day
    first = last = None
    if year is not None:
        first, last = _period_bounds("year" if unit == "plan_year" else unit, value, year)
    return _new(PeriodTerm, raw=raw, start=p.start, end=p.end, reason=reason, kind="period",
                                      unit=unit, value=value, year=year, year_inferred=inferred,
                                      year_source=source, first_day=first, last_day=last)


def complete_period_year(unit: str, value: int, ctx: TermContext) -> tuple[int | None, str | None, str | None]:
    """The year of a month, quarter or half-year printed without one, under the same policy as
    ``complete_year``: inside the plan period (the first such period not ending before the plan's
    reference date), else closest to election day or to the nearest printed date, else the first not
    ending a month before the approval date. ``(year, year_source, reason)``."""
    ref, src = ctx.reference, ctx.reference_source
    if src == "clause_year":
        return ref.year, src, None
    if ctx.period and src != "nearest_date":
        y1, y2 = ctx.period
        years = list(range(y1, y2 + 1))
        y = years[0]
        if len(years) > 1 and ref is not None and src in ("election_day", "approval"):
            y = next((y for y in years if _period_bounds(unit, value, y)[1] >= ref - _APPROVAL_SLACK), years[-1])
        return y, ctx.period_source, None
    if ref is None:
        return None, None, "no_year"
    if src == "approval":
        y = next(y for y in (ref.year, ref.year + 1) if _period_bounds(unit, value, y)[1] >= ref - _APPROVAL_SLACK)
        return y, src, None
    return _period_year(unit, value, ref), src, None


def _month_date(year: int | None, month: int, last: bool, inferred: bool, source: str | None,
                raw: str, start: int, end: int, reason: str | None) -> TermDate:
    """One end of a month range: the first or last day of the month, of month precision."""
    value = None
    if year is not None:
        first, end_day = _period_bounds("month", month, year)
        value = end_day if last else first
    return _new(TermDate, value=value, day=None, month=month, year=year, precision="month",
                year_inferred=inferred, year_source=source, qualifier="through" if last else "from",
                time=None, weekday=None, raw=raw, start=start, end=end, reason=reason)


def _month_range_term(text: str, p: _Phrase, ctx: TermContext, year: int | None) -> Term:
    """«июль-октябрь 2005 г.», «июль август 2005 г.»: a range from the first day of the first month to
    the last day of the second. A year printed once is the end's; a start month after the end month
    belongs to the year before («ноябрь-февраль 2023»); a year printed in front is the start's."""
    d = p.data
    raw = text[p.start:p.end]
    m1, m2 = d["value"], d["value2"]
    s1, s2 = d["span1"], d["span2"]
    inferred, source, reason = False, None, None
    if year is None:
        year, source, reason = complete_period_year("month", m1, ctx)
        inferred = year is not None
        y1 = year
        y2 = None if year is None else year + (m2 < m1)
        if ctx.period and y2 is not None and y2 > ctx.period[1] and y1 - 1 >= ctx.period[0]:
            y1, y2 = y1 - 1, y2 - 1
    elif d["year"] and d["year"][0] < s1[0]:
        y1, y2 = year, year + (m1 > m2)      # Kyrgyz prints the year in front: the start's
    else:
        y1, y2 = year - (m1 > m2), year      # Russian prints it at the end: the end's
    a = _month_date(y1, m1, False, inferred, source, text[s1[0]:s1[1]], s1[0] - p.start, s1[1] - p.start, reason)
    b = _month_date(y2, m2, True, inferred, source, text[s2[0]:s2[1]], s2[0] - p.start, s2[1] - p.start, reason)
    return _new(RangeTerm, raw=raw, start=p.start, end=p.end, reason=reason, kind="range", start_date=a, end_date=b,
                start_event=None)


def _phrase_term(text: str, p: _Phrase, ctx: TermContext) -> Term:
    d = p.data
    if p.kind == "period":
        return _period_term(text, p, ctx)
    end = p.end
    if p.printed:
        end = max(end, p.printed[-1].end)
        end = _close_brackets(text, p.start, end)
    raw = text[p.start:end]
    if p.kind == "unspecified":
        return _new(UnspecifiedTerm, raw=raw, start=p.start, end=end, reason=None, kind="unspecified")
    aspan = d.get("aspan")
    anchor_raw = text[aspan[0]:aspan[1]].strip() if aspan else ""
    if p.kind == "recurring":
        return _with_years(_recurring_term(text, p, raw, end, anchor_raw), ctx)
    printed = [_term_date(text, dd, p.start, ctx, v) for u in p.printed
               for dd, v in zip(u.dates, _dates_of(text, u.dates))]
    if p.kind == "event":
        if d.get("weekday") is not None:
            printed.append(_weekday_date(text, d, p.start))
        elif d["anchor"] in DEICTIC_ANCHORS and not printed:
            implied = _deictic_date(text, d, p.start, ctx)
            if implied is not None:
                printed.append(implied)
        event = _new(EventTerm, raw=raw, start=p.start, end=end, reason=d.get("reason"), kind="event",
                     anchor=d["anchor"], anchor_raw=anchor_raw, relation=d["relation"],
                     printed=printed, computed=None)
        u = d.get("range_end")
        if u is None:
            return event
        # A range from an event to a printed date: the start's date is the event's (unknown until the
        # calendar gives it, ``reason="event_start"``).
        start = _new(TermDate, value=None, day=None, month=None, year=None, precision="day",
                     year_inferred=False, year_source=None,
                     qualifier="after" if d["relation"] == "after" else "from", time=None, weekday=None,
                     raw=raw, start=0, end=len(raw), reason="event_start")
        end_date = _term_date(text, u.dates[0], p.start, ctx)
        return _new(RangeTerm, raw=text[p.start:u.end], start=p.start, end=u.end, reason=end_date.reason,
                    kind="range", start_date=start, end_date=end_date, start_event=event)
    return _new(RelativeTerm, 
        raw=raw, start=p.start, end=end, reason=d["reason"], kind="relative", n=_num(text, d["n"]), unit=d["unit"],
        direction=d["direction"], anchor=d["anchor"], anchor_raw=anchor_raw, bound=d["bound"], printed=printed,
        computed=None, last_day=None, convention=None)


def _weekday_date(text: str, d: dict, base: int) -> TermDate:
    """The weekday of a weekday event («в четверг») as a date of no day: ``weekday`` set, no value."""
    s, e = d["wspan"]
    return _new(TermDate, value=None, day=None, month=None, year=None, precision="day", year_inferred=False,
                year_source=None, qualifier="on", time=None, weekday=d["weekday"], raw=text[s:e],
                start=s - base, end=e - base, reason="weekday_only")


def _deictic_date(text: str, d: dict, base: int, ctx: TermContext) -> TermDate | None:
    """The day a deictic phrase stands for, as a date whose day, month and year all come from the text:
    «в тот же день» (``same_day``) the nearest date printed with its year before it, in prose
    (``year_source="nearest_date"``); «сегодня», «бүгүн» (``document_date``) the date the document
    prints as its own (``ctx.document_date``, ``year_source="document_date"``). Else None — never
    today's date, nor a date the text merely mentioned before «сегодня»."""
    if d["anchor"] == "same_day":
        ref, source = (ctx.reference, "nearest_date") if ctx.reference_source == "nearest_date" else (None, None)
    else:
        ref, source = ctx.document_date, "document_date"
    if ref is None:
        return None
    s, e = d["aspan"]
    time = None
    if d.get("tspan"):
        t0, t1 = d["tspan"]
        time = _hhmm(text[t0:t1])
    qualifier = {"from": "from", "until": "until", "after": "after"}.get(d["relation"], "on")
    return _new(TermDate, value=ref, day=ref.day, month=ref.month, year=ref.year, precision="day",
                year_inferred=True, year_source=source, qualifier=qualifier, time=time, weekday=None,
                raw=text[s:e], start=s - base, end=e - base, reason=None)


def _list_items(text: str, u: _DateUnit, ctx: TermContext) -> list[DateTerm]:
    """The days of a list unit («14 и 15 мая»), one ``DateTerm`` each."""
    out = []
    for d in u.dates:
        td = _term_date(text, d, d.start, ctx)
        out.append(_new(DateTerm, raw=text[d.start:d.end], start=d.start, end=d.end, reason=td.reason,
                        kind="date", date=td, time_until=None))
    return out


_NO_CONTEXT = TermContext()


def _recurring_term(text: str, p: _Phrase, raw: str, end: int, anchor_raw: str) -> RecurringTerm:
    """A recurring term with its count and occurrences.

    The occurrences are read without the document's reference: a deadline that comes back each
    period has no one year (``reason="no_year"`` unless a year is printed).
    """
    d = p.data
    occurrences = [_term_date(text, dd, p.start, _NO_CONTEXT, v) for u in p.printed
                   for dd, v in zip(u.dates, _dates_of(text, u.dates))]
    due = d.get("due")
    if due:
        s, e = due["span"]
        occurrences.append(_new(TermDate, value=None, day=_num(text, due["day"]), month=None, year=None,
                                precision="day", year_inferred=False, year_source=None,
                                qualifier=due["qualifier"], time=None, weekday=None, raw=text[s:e],
                                start=s - p.start, end=e - p.start, reason="month_per_period"))
    return _new(RecurringTerm, raw=raw, start=p.start, end=end, reason=None, kind="recurring",
                frequency=d["frequency"], anchor=d.get("anchor"), anchor_raw=anchor_raw,
                count=_num(text, d.get("count")), count_bound=d.get("count_bound"), occurrences=occurrences,
                following_period=bool(d.get("following")))


def _group_term(text: str, units: list[_DateUnit], ctx: TermContext) -> Term:
    if len(units) == 1 and not units[0].is_list:
        return _unit_term(text, units[0], ctx)
    items = [i for u in units for i in (_list_items(text, u, ctx) if u.is_list else [_unit_term(text, u, ctx)])]
    start, end = units[0].start, units[-1].end
    reason = next((i.reason for i in items if i.reason), None)
    return _new(DatesTerm, raw=text[start:end], start=start, end=end, reason=reason, kind="dates",
                                     items=items)


def _canonical_digits(m) -> str:
    """A number replaced by the one standing for its class: same length, and the same answer to every
    digit test of the grammar (DAY 1–31, MONTHNUM 1–12, TIME 0–24 and minutes 00–59, YEAR 19xx/20xx,
    a leading zero). Cells that differ only inside a class have the same analysis.

    A lone digit keeps its value up to 4: the period forms read quarters 1–4, half-years 1–2 and plan
    years 1–3 (``[1-4]``, ``[12]``, ``[1-3]``, and ``_small`` keeps the value in the analysis); 5–9 are
    one class, which every test answers alike (a day, a month, an hour, a count; no quarter).
    """
    s = m.group()
    if len(s) == 1:
        return "5" if s in _FIVE_TO_NINE else s
    if len(s) == 2:
        a, b = s
        if a == "0":
            return "00" if b == "0" else "01"
        if a == "1":
            return "10" if b <= "2" else "13"
        if a == "2":
            return "20" if b <= "4" else "25"
        if a == "3":
            return "30" if b <= "1" else "32"
        return "40" if a in "45" else "60"
    if len(s) == 4 and s[:2] in ("19", "20"):
        return "2000"
    return "1" + "0" * (len(s) - 1)


_FIVE_TO_NINE = frozenset("56789")


def _canonical(n: str) -> str:
    return _DIGITS.sub(_canonical_digits, n)


@lru_cache(maxsize=16384)
def _analysis_of_shape(shape: str, cell: bool) -> _Analysis:
    return _analyse(shape, cell)


@lru_cache(maxsize=32768)
def _analysis_cached(text: str, cell: bool) -> _Analysis:
    """The analysis of a cell: remembered per text, and per shape (the text with its numbers replaced
    by their classes), so that «до 10 августа» and «до 15 августа» are read once."""
    return _analysis_of_shape(_canonical(_match_text(text)), cell)


def clear_cache() -> None:
    """Forget every analysis, and the inferred years (for benchmarks and tests)."""
    _analysis_cached.cache_clear()
    _analysis_of_shape.cache_clear()
    _infer_year.cache_clear()
    complete_year.cache_clear()


def _terms(text: str, ctx: TermContext, cell: bool) -> list[Term]:
    return _build(text, _analysis_cached(text, cell), ctx)


def _printed_dates(t) -> list[TermDate]:
    """Every ``TermDate`` of a term, in order (the ends of ranges, the items of lists, printed dates)."""
    k = t.kind
    if k == "date":
        return [t.date]
    if k == "range":
        return [t.start_date, t.end_date]
    if k == "dates":
        return [d for i in t.items for d in _printed_dates(i)]
    return list(getattr(t, "printed", None) or [])


def last_full_date(terms) -> dt.date | None:
    """The last date of ``terms`` printed with its year and day (not inferred): what the next phrase of
    prose completes its year from (``nearest_date``)."""
    last = None
    for t in terms:
        for d in _printed_dates(t):
            if d.value is not None and not d.year_inferred and d.precision == "day":
                last = d.value
    return last


#: What ends the clause a year printed alone governs (``clause_year``): a comma, a sentence's end, a
#: line's end. «2010-жылы шайлоо 10-октябрда болуп өткөн, демек, быйыл 4-октябрда …»: the 10 October is
#: 2010's, the 4 October after the comma is not.
_CLAUSE_END = regex.compile(r"[,.;!?\n]")
#: A year that ends a span of years («в 2019-2020 годах», «2019–2020-жылдары»): not one year.
_YEARS_BEFORE = regex.compile(r"\d{2,4}\s*[-–—]\s*\Z")


def _clause_year(t: Term) -> int | None:
    """The year of ``t`` when it is one calendar year printed alone («2010-жылы», «в 2010 году»)."""
    if not isinstance(t, PeriodTerm) or t.unit != "year" or t.year_inferred:
        return None
    first, last = t.first_day, t.last_day
    if first is None or last is None or first.year != last.year:
        return None
    return first.year


def _build_nearest(text: str, a: _Analysis, ctx: TermContext) -> list[Term]:
    """The terms of an analysis of prose, in order, each completing a missing year from a year printed
    alone earlier in its clause (``clause_year``), else from the nearest date printed with its year
    before it (``nearest_date``), else from ``ctx``."""
    items = sorted([(p.start, 0, p) for p in a.phrases] + [(u[0].start, 1, u) for u in a.groups],
                   key=lambda x: (x[0], x[1]))
    out = []
    clause: tuple[int, int] | None = None  # (where a year printed alone ends, its year)
    for start, kind, x in items:
        use = ctx
        if clause is not None:
            if clause[0] <= start and _CLAUSE_END.search(text, clause[0], start) is None:
                use = replace(ctx, reference=dt.date(clause[1], 1, 1), reference_source="clause_year")
            else:
                clause = None
        t = _phrase_term(text, x, use) if kind == 0 else _group_term(text, x, use)
        out.append(t)
        last = last_full_date([t])
        if last is not None:
            ctx = replace(ctx, reference=last, reference_source="nearest_date")
            clause = None
        else:
            year = _clause_year(t)
            if (year is not None and t.start is not None and t.end is not None
                    and not _YEARS_BEFORE.search(text, max(0, t.start - 12), t.start)):
                clause = (t.end, year)
    return out


def _build(text: str, a: _Analysis, ctx: TermContext) -> list[Term]:
    """The terms of an analysis, their values read from ``text`` (fresh objects on every call)."""
    # Most cells hold one term: no ordering to do.
    if not a.phrases and len(a.groups) == 1:
        return [_group_term(text, a.groups[0], ctx)]
    if not a.groups and len(a.phrases) == 1:
        return [_phrase_term(text, a.phrases[0], ctx)]
    out: list[tuple[int, Term]] = []
    for p in a.phrases:
        out.append((p.start, _phrase_term(text, p, ctx)))
    for units in a.groups:
        out.append((units[0].start, _group_term(text, units, ctx)))
    out.sort(key=lambda x: x[0])
    return [t for _, t in out]


# --------------------------------------------------------------------------- public API


def parse_terms(text: str, ctx: TermContext = TermContext()) -> list[Term]:
    """All terms of one term cell, in order. [] for empty text; never raises; text that is not
    understood gives one ``UnparsedTerm`` with a reason.

    Every date printed beside a relative or event term is in its ``printed`` list, with its qualifier;
    dates and ranges that stand alone are ``DateTerm`` / ``RangeTerm``, several in a row one
    ``DatesTerm``; a month, quarter, half-year or year is a ``PeriodTerm`` (a month has
    ``reason="no_day"``: it is a period, not the day a date cell asks for).
    """
    try:
        if not isinstance(text, str) or not text.strip():
            return []
        bad = absurd_values(text)
        if bad:
            code, detail, s, e = bad[0]
            return [UnparsedTerm(raw=text[s:e], start=s, end=e, reason=f"{code}: {detail}")]
        terms = _cut_bracket(text, _terms(text, ctx, True))
        if terms:
            return terms
        return [UnparsedTerm(raw=text, start=0, end=len(text), reason="no_term_found")]
    except Exception as exc:  # the contract: a cell never stops a document
        return [UnparsedTerm(raw=text if isinstance(text, str) else "", start=0,
                             end=len(text) if isinstance(text, str) else 0,
                             reason=f"internal_error: {type(exc).__name__}")]


# --------------------------------------------------------------------------- absurd values

#: Sane bounds of what a term prints (issue 18). A value outside them is refused — the cell becomes an
#: ``UnparsedTerm`` whose reason starts with one of ``INVALID_REASONS`` (``shailoo check``:
#: ``term-invalid``) — rather than read as the nearest thing that fits («за 99999999999 дней до дня
#: голосования» is not the event «до дня голосования»; «10 августа 99999 года» is not 10 August of an
#: inferred year; «10.08.99999» is not 2099-08-10).
#: The longest count of each unit a term may print: ten years of days, weeks or months.
MAX_COUNT = {"day": 3660, "calendar_day": 3660, "working_day": 3660, "week": 530, "month": 120}
#: The years a printed date may have (four digits; a two-digit year «10.08.22» is read as 20xx).
YEARS = (1900, 2100)
#: The reasons of a refused value, as the first word of ``UnparsedTerm.reason``.
INVALID_REASONS = ("invalid_count", "invalid_year", "invalid_month", "invalid_day")

_YEAR_WORD = r"(?:гг?\.|год\w*|жыл\w*|ж\.)"


@lru_cache(maxsize=1)
def _absurd_patterns() -> tuple["regex.Pattern", ...]:
    month = month_piece()
    units = _tables()["units"].piece
    out = (
        # «за 99999999999 дней», «5000 календарных дней», «10000-күндүк»
        _PATTERNS.compile(rf"(?<![\d.,:/])(?P<n>\d++)\s*+(?:-\s*+)?(?P<unit>{units})"),
        # «10 августа 99999 года», «10 августа 0 года», «10 августа -5 года»
        _PATTERNS.compile(rf"(?<![\d.,:/])(?P<d>\d++)\s*+(?:-\s*+)?(?P<m>{month})\s*+(?P<y>(?:-\s*+)?\d++)\s*+(?:-\s*+)?{_YEAR_WORD}"),
        # «99999-жылдын 10-августуна»
        _PATTERNS.compile(rf"(?<![\d.,:/\-])(?P<y>-?\d++)\s*+(?:-\s*+)?жыл\w*+\s++(?P<d>\d++)\s*+(?:-\s*+)?(?P<m>{month})"),
        # «10.08.99999», «10.08.0000», «10.13.2022», «32.08.2022»
        _PATTERNS.compile(r"(?<![\d.,:/])(?P<d>\d{1,2})(?P<sep>[./])(?P<mn>\d{1,2})(?P=sep)(?P<y>\d{2,})(?![\d])"),
        # «50 сентября 2022», «0 августа»
        _PATTERNS.compile(rf"(?<![\d.,:/\-])(?P<d>\d++)\s*+(?:-\s*+)?(?P<m>{month})"),
    )
    _PATTERNS.save()
    return out


def absurd_values(text: str) -> list[tuple[str, str, int, int]]:
    """The values of ``text`` outside the sane bounds (``MAX_COUNT``, ``YEARS``, months 1–12, days 1–31),
    in order: (reason code, what was printed and the bound, start, end). A day that is within 1–31
    but not in its month («31 июня») is ``not_a_date`` of the date grammar, not this."""
    n = norm(text)
    if not _DIGIT.search(n):
        return []
    count, text_year, ky_year, numeric, text_day = _absurd_patterns()
    units = _tables()["units"]
    out: list[tuple[str, str, int, int]] = []

    def year_bad(y: str) -> bool:
        y = y.replace(" ", "")
        return not (y.lstrip("-").isdigit() and not y.startswith("-") and len(y) == 4
                    and YEARS[0] <= int(y) <= YEARS[1])

    for m in count.finditer(n):
        unit = units.lookup(norm(m.group("unit")).strip())
        limit = MAX_COUNT.get(unit)
        if limit is not None and int(m.group("n")) > limit:
            out.append(("invalid_count", f"{m.group('n')} {unit} (at most {limit})", m.start(), m.end()))
    for rx in (text_year, ky_year):
        for m in rx.finditer(n):
            if year_bad(m.group("y")):
                out.append(("invalid_year", f"{m.group('y').replace(' ', '')} (a year is {YEARS[0]}–{YEARS[1]})",
                            m.start(), m.end()))
    for m in numeric.finditer(n):
        d, mn, y = int(m.group("d")), int(m.group("mn")), m.group("y")
        if not 1 <= mn <= 12:
            out.append(("invalid_month", f"{m.group('mn')} (a month is 1–12)", m.start(), m.end()))
        elif not 1 <= d <= 31:
            out.append(("invalid_day", f"{m.group('d')} (a day is 1–31)", m.start(), m.end()))
        elif len(y) != 2 and (len(y) != 4 or not YEARS[0] <= int(y) <= YEARS[1]):
            out.append(("invalid_year", f"{y} (a year is {YEARS[0]}–{YEARS[1]})", m.start(), m.end()))
    for m in text_day.finditer(n):
        d = m.group("d")
        if len(d) == 4 and YEARS[0] <= int(d) <= YEARS[1]:
            continue  # «2024 январь»: a year before the month
        if not 1 <= int(d) <= 31:
            out.append(("invalid_day", f"{d} (a day is 1–31)", m.start(), m.end()))
    out.sort(key=lambda x: (x[2], -x[3]))
    return out


def _term_touches(t, index: "_SpanIndex") -> bool:
    """Whether term ``t`` overlaps a span of ``index`` or starts right after one (the words the grammar
    left unread: «за 99999999999 дней» before the event «до дня голосования»)."""
    return index.overlaps(t.start, t.end) or index.overlaps(max(0, t.start - 2), t.start + 1)


def _cut_bracket(text: str, terms: list[Term]) -> list[Term]:
    """A bracket opened after a relative or event term and never closed is a cell cut short (an excerpt
    that stops mid-cell: «… күндөн кечиктирбестен (2017-жылды»). The bracket would have held that term's
    date; a bare year left in it is the start of that date, not a period of its own: it becomes an
    ``UnparsedTerm`` with the reason ``cut_in_bracket`` instead of a year the document does not mean."""
    opening = text.rfind("(")
    if opening < 0 or ")" in text[opening:]:
        return terms
    out: list[Term] = []
    for i, term in enumerate(terms):
        follows_offset = any(p.kind in ("relative", "event") and (p.end or 0) <= opening for p in terms[:i])
        if (isinstance(term, PeriodTerm) and term.unit == "year" and (term.start or 0) > opening
                and follows_offset):
            out.append(UnparsedTerm(raw=term.raw, start=term.start, end=term.end, reason="cut_in_bracket"))
        else:
            out.append(term)
    return out


def find_term_mentions(text: str, ctx: TermContext = TermContext(), nearest: bool = False) -> list[Term]:
    """Every date, range, list of dates and relative/event term inside free text (paragraphs, content
    cells), with start/end offsets into ``text``, in order.

    Dates printed beside a relative or event term are in its ``printed`` list rather than separate
    mentions; a period is reported only with its year printed («на I полугодие 2023 года», «за 9
    месяцев 2019г.», «2025-жылга»; a bare year only with a year word: «на 2023 год»), never the year of
    a date; bare months and recurring phrases, common in prose, are not. With ``nearest``
    (prose), a date without a year takes it from the nearest date printed with its year before it in
    ``text``, else from ``ctx`` (whose reference the caller sets to the nearest such date before ``text``;
    see ``last_full_date``). Never raises.
    """
    try:
        if not isinstance(text, str) or not text.strip():
            return []
        a = _analysis_cached(text, False)
        terms = _build_nearest(text, a, ctx) if nearest else _build(text, a, ctx)
        terms = [t for t in terms if t.kind in ("date", "range", "dates", "relative", "event", "period")]
        bad = absurd_values(text) if terms else []
        if bad:
            # no mention read around an impossible value («10 августа 99999 года» is no 10 August of
            # an inferred year, «за 99999999999 дней до …» no event): none rather than a nearby guess
            index = _SpanIndex([(s, e) for _, _, s, e in bad])
            terms = [t for t in terms
                     if t.start is None or t.end is None or not _term_touches(t, index)]
        return terms
    except Exception:  # a paragraph never stops a document
        return []
