"""Normalisation at the boundary: text is matched in a normal form, and reported as printed.

``norm(s)`` is for matching only: NFC, case folded, look-alike letters unified (Kyrgyz «ѳ» U+0473 and
«ӊ» U+04CA as they occur in real files, Latin letters inside Cyrillic words), dashes and quotes
unified, white space collapsed. It keeps the length of the text it is given so that a match in the
normal form is a match at the same offsets in the original (every replacement is one character for
one character, and white space is collapsed only by ``norm_ws``).

Speed: both functions are pure functions of a string, called again and again on the same cells (every
grammar normalises the cell it reads). Results for short texts are remembered in bounded caches;
strings are immutable, so a cached result cannot be changed by a caller.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One character for one character, so spans carry over to the original text.
_LOOKALIKE = str.maketrans({
    "ѳ": "ө", "Ѳ": "Ө", "ӊ": "ң", "Ӊ": "Ң", "ӈ": "ң", "Ӈ": "Ң", "ү": "ү", "ɵ": "ө",
    "ё": "е", "Ё": "Е",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
})
# ``str.translate`` with a dictionary costs a look-up per character (40 ms for a 200-page plan);
# ``in`` and ``str.replace`` per character that needs replacing are many times cheaper, and most
# characters are absent from a given text. No replacement is itself a character replaced (checked in
# ``_translate_lookalikes``), so replacing one character after another gives what ``translate`` gives.
_LOOKALIKE_PAIRS = tuple((chr(k), v) for k, v in _LOOKALIKE.items() if chr(k) != v)
_PAIRS_COMMUTE = not {v for _, v in _LOOKALIKE_PAIRS} & {k for k, _ in _LOOKALIKE_PAIRS}
# Latin letters that look Cyrillic; replaced only inside words that also hold Cyrillic letters.
_LATIN_TO_CYR = str.maketrans({
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к",
    "A": "А", "E": "Е", "O": "О", "P": "Р", "C": "С", "X": "Х", "Y": "У", "K": "К", "M": "М",
    "T": "Т", "H": "Н", "B": "В",
})
_MIXED_WORD = re.compile(r"\w*[a-zA-Z]\w*")
_LATIN = re.compile(r"[a-zA-Z]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_WS = re.compile(r"\s+")
#: Texts up to this length (a cell, a line, a phrase) have their normal forms remembered; with the
#: sizes of the caches below, that bounds their memory to tens of megabytes at worst.
_CACHED_LEN = 1000


def _fix_mixed(m: re.Match) -> str:
    w = m.group(0)
    if _CYR.search(w):
        w = w.translate(_LATIN_TO_CYR)
    return w


def _translate_lookalikes(s: str) -> str:
    """``s.translate(_LOOKALIKE)``, faster."""
    if not _PAIRS_COMMUTE:
        return s.translate(_LOOKALIKE)
    for a, b in _LOOKALIKE_PAIRS:
        if a in s:
            s = s.replace(a, b)
    return s


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _translate_lookalikes(s)
    # A word can only be mixed when the text holds a Latin letter (the word pattern is costly).
    if _LATIN.search(s) and _CYR.search(s):
        s = _MIXED_WORD.sub(_fix_mixed, s)
    # casefold can change length (ß -> ss); lower() keeps Cyrillic and Latin lengths.
    return s.lower()


_norm_cached = lru_cache(maxsize=16384)(_norm)


def norm(s: str) -> str:
    """Match form of ``s``: same length, NFC, look-alikes unified, case folded (see module doc)."""
    return _norm_cached(s) if len(s) <= _CACHED_LEN else _norm(s)


@lru_cache(maxsize=16384)
def _norm_ws_cached(s: str) -> str:
    return _WS.sub(" ", norm(s)).strip()


def norm_ws(s: str) -> str:
    """``norm`` with white space collapsed and trimmed: for comparing texts, not for spans."""
    return _norm_ws_cached(s) if len(s) <= _CACHED_LEN else _WS.sub(" ", norm(s)).strip()
