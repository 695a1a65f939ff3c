"""Normalisation at the boundary: text is matched in a normal form, and reported as printed.

``norm(s)`` is for matching only: NFC, case folded, look-alike letters unified (Kyrgyz «ѳ» U+0473 and
«ӊ» U+04CA as they occur in real files, Latin letters inside Cyrillic words), dashes and quotes
unified, white space collapsed. It keeps the length of the text it is given so that a match in the
normal form is a match at the same offsets in the original (every replacement is one character for
one character, and white space is collapsed only by ``norm_ws``).
"""

from __future__ import annotations

import re
import unicodedata

# One character for one character, so spans carry over to the original text.
_LOOKALIKE = str.maketrans({
    "ѳ": "ө", "Ѳ": "Ө", "ӊ": "ң", "Ӊ": "Ң", "ӈ": "ң", "Ӈ": "Ң", "ү": "ү", "ɵ": "ө",
    "ё": "е", "Ё": "Е",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
})
# Latin letters that look Cyrillic; replaced only inside words that also hold Cyrillic letters.
_LATIN_TO_CYR = str.maketrans({
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к",
    "A": "А", "E": "Е", "O": "О", "P": "Р", "C": "С", "X": "Х", "Y": "У", "K": "К", "M": "М",
    "T": "Т", "H": "Н", "B": "В",
})
_MIXED_WORD = re.compile(r"\w*[a-zA-Z]\w*")
_CYR = re.compile(r"[\u0400-\u04ff]")
_WS = re.compile(r"\s+")


def _fix_mixed(m: re.Match) -> str:
    w = m.group(0)
    if _CYR.search(w):
        w = w.translate(_LATIN_TO_CYR)
    return w


def norm(s: str) -> str:
    """Match form of ``s``: same length, NFC, look-alikes unified, case folded (see module doc)."""
    s = unicodedata.normalize("NFC", s)
    s = s.translate(_LOOKALIKE)
    if _CYR.search(s):
        s = _MIXED_WORD.sub(_fix_mixed, s)
    # casefold can change length (ß -> ss); lower() keeps Cyrillic and Latin lengths.
    return s.lower()


def norm_ws(s: str) -> str:
    """``norm`` with white space collapsed and trimmed: for comparing texts, not for spans."""
    return _WS.sub(" ", norm(s)).strip()
