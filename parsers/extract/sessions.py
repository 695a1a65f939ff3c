"""Sessions of schedule rows: the dates of a row's term paired, in order, with the places of its place cell.

Seed 000 row 13 prints 15 dates («23-24 сентября 25 сентября 27 сентября …») beside 15 places («г.Бишкек
г.Кант гг. Карабалта, Ош …»); the n-th date is held at the n-th place. ``pair_sessions`` splits the
place cell into entries (``split_places``) and pairs them with the dates when the counts match; when
they do not, it pairs nothing and says why («3 dates, 2 places») — a wrong pairing would be worse
than none.

How a cell splits is data: ``corpus/places.yaml`` (settlement markers of each language, whether a
marker stands before or after the name, which markers join a comma-separated run into one session,
and place phrases such as «На местах»). The rules, with their evidence, are described there.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Optional

import regex

from shailoo import corpus
from shailoo.corpus.schemas import Marker, PlacesData
from shailoo.model import DatesTerm, DateTerm, RangeTerm, Session, Term
from shailoo.normalize import norm

#: Where the places live (read through ``places_data()``; tests read it raw to build bad variants).
PLACES_FILE = corpus.path("places.yaml")


# --------------------------------------------------------------------------- the places file


def places_data() -> PlacesData:
    """``corpus/places.yaml``, validated, once per process (``shailoo.corpus.places()``)."""
    return corpus.places()


@dataclass(frozen=True)
class _Lexicon:
    markers: dict[tuple[str, str], Marker]      # (normal form, position) -> marker
    before: "regex.Pattern"
    after: "regex.Pattern"
    phrases: Optional["regex.Pattern"]


def _alternation(items: list[str]) -> str:
    return "|".join(regex.escape(s) for s in sorted(set(items), key=len, reverse=True))


@lru_cache(maxsize=None)
def _lexicon() -> _Lexicon:
    markers: dict[tuple[str, str], Marker] = {}
    for lang in places_data().languages():
        for m in lang.markers:
            markers.setdefault((norm(m.text), m.position), m)
    # A marker «before» needs a letter after it (after a space when it is a word without a dot, so that
    # «айыл» is not found inside «айылы»); a marker «after» needs a name before it.
    before_parts = []
    for key in sorted((k for k, pos in markers if pos == "before"), key=len, reverse=True):
        tail = r"(?=\s*[^\W\d_])" if key.endswith(".") else r"(?=\s+[^\W\d_])"
        before_parts.append(regex.escape(key) + tail)
    after_keys = [k for k, pos in markers if pos == "after"]
    phrases = [norm(p) for lang in places_data().languages() for p in lang.phrases]
    return _Lexicon(
        markers=markers,
        before=regex.compile(r"(?<!\w)(?:" + "|".join(before_parts) + ")") if before_parts else regex.compile(r"(?!)"),
        after=regex.compile(r"(?<=[^\W\d_]\s{1,3})(?:" + _alternation(after_keys) + r")(?!\w)") if after_keys else regex.compile(r"(?!)"),
        phrases=regex.compile(r"(?<!\w)(?:" + _alternation(phrases) + r")(?!\w)") if phrases else None,
    )


# --------------------------------------------------------------------------- splitting a place cell


@dataclass
class _Entry:
    start: int
    end: int
    kind: Literal["marker", "phrase", "plain"]
    joins: bool = False


_SEP = " \t\r\n,;"


def _entries(text: str) -> list[_Entry]:
    lex = _lexicon()
    n = norm(text)
    # Phrases first: a marker inside «Онлайн, на платформе ZOOM» would not be a settlement.
    phrase_spans = [(m.start(), m.end()) for m in lex.phrases.finditer(n)] if lex.phrases is not None else []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in phrase_spans)

    opens: dict[int, Marker] = {}
    closes: dict[int, Marker] = {}
    for m in lex.before.finditer(n):
        mk = lex.markers[(m.group(), "before")]
        if not free(m.start(), m.end()):
            continue
        if mk.capital_next:
            rest = text[m.end():].lstrip()
            if not rest or not rest[0].isupper():
                continue
        opens[m.start()] = mk
    for m in lex.after.finditer(n):
        if free(m.start(), m.end()):
            closes[m.end()] = lex.markers[(m.group(), "after")]
    bounds = {0, len(text)} | set(opens) | set(closes)
    for s, e in phrase_spans:
        bounds |= {s, e}
    phrase_starts = {s for s, _ in phrase_spans}
    out: list[_Entry] = []
    points = sorted(bounds)
    for a, b in zip(points, points[1:]):
        s, e = a, b
        while s < e and text[s] in _SEP:
            s += 1
        while e > s and text[e - 1] in _SEP:
            e -= 1
        if s == e:
            continue
        if a in phrase_starts:
            out.append(_Entry(s, e, "phrase"))
        elif a in opens:
            out.append(_Entry(s, e, "marker", opens[a].joins_after_comma))
        elif b in closes:
            out.append(_Entry(s, e, "marker", closes[b].joins_after_comma))
        else:
            out.append(_Entry(s, e, "plain"))
    # «г.Нарын, г.Баткен»: an entry whose marker joins after a comma continues the one before it.
    merged: list[_Entry] = []
    for ent in out:
        prev = merged[-1] if merged else None
        if (prev is not None and ent.joins and prev.kind != "phrase"
                and text[prev.end:ent.start].strip() == ","):
            prev.end = ent.end
            continue
        merged.append(ent)
    return merged


_WS = regex.compile(r"\s+")


def split_places(text: str) -> list[str]:
    """The place entries of a place cell, in order, as printed (white space collapsed, separators trimmed).

    «г.Бишкек г.Кант гг. Карабалта, Ош» → ['г.Бишкек', 'г.Кант', 'гг. Карабалта, Ош'];
    «На местах Онлайн, на платформе ZOOM» → ['На местах', 'Онлайн, на платформе ZOOM'];
    «г. Бишкек г.Нарын, г.Баткен» → ['г. Бишкек', 'г.Нарын, г.Баткен']. An empty cell gives [].
    """
    if not text or not text.strip():
        return []
    # norm() keeps the length of NFC text, so offsets found in the normal form index ``text``.
    text = unicodedata.normalize("NFC", text)
    return [_WS.sub(" ", text[e.start:e.end]) for e in _entries(text)]


# --------------------------------------------------------------------------- pairing


def _plural(k: int, word: str) -> str:
    return f"{k} {word}" if k == 1 else f"{k} {word}s"


def _complete(d) -> bool:
    if isinstance(d, DateTerm):
        return d.date.value is not None
    return d.start_date.value is not None and d.end_date.value is not None


def pair_sessions(term: Term | None, place_text: str) -> tuple[list[Session], Optional[str]]:
    """Pair the dates of ``term`` with the places of ``place_text``, in order: (sessions, reason).

    ``term`` is the row's term: the items of a ``DatesTerm``, or a single ``DateTerm`` / ``RangeTerm``
    (a range is one date: «23-24 сентября» is one session). When the number of dates equals the number
    of place entries (``split_places``), the n-th date goes with the n-th place and reason is None.
    Otherwise no sessions and a reason: «3 dates, 2 places»; «dates incomplete: …» when a date has no
    value (no month, «19-28 20-23»); «no dates: the term is <kind>» for other terms or None. An empty
    place cell pairs nothing and is no error: ([], None). Never raises on any text.
    """
    places = split_places(place_text or "")
    if not places:
        return [], None
    if isinstance(term, DatesTerm):
        dates = list(term.items)
    elif isinstance(term, (DateTerm, RangeTerm)):
        dates = [term]
    else:
        return [], f"no dates: the term is {getattr(term, 'kind', 'missing')}"
    if not dates:
        return [], "no dates"
    if term.reason or not all(_complete(d) for d in dates):
        return [], f"dates incomplete: {term.reason or 'a date has no value'}"
    if len(dates) != len(places):
        return [], f"{_plural(len(dates), 'date')}, {_plural(len(places), 'place')}"
    return [Session(date=d, place=p) for d, p in zip(dates, places)], None
