"""What the interpreters of one document share: its language (detected from marker words of
``corpus/lang/*.yaml``), the compiled header patterns of each language, and ``Context`` (the raw
blocks, the file name for provenance, the document info as it is filled in)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from shailoo import corpus
from shailoo.corpus.cache import Patterns
from shailoo.model import DocumentInfo, Provenance
from shailoo.normalize import norm, norm_ws
from shailoo.parsers.extract.dates import date_regex, expand, weekday_regex
from shailoo.parsers.read.blocks import Paragraph, RawDocument, Row, Table


_WORD = regex.compile(r"\w+")


#: The header patterns, kept compiled on disk (``shailoo.corpus.cache``): compiling them took 0.1 s.
_PATTERNS = Patterns("context")


@lru_cache(maxsize=None)
def _compiled_patterns(code: str) -> dict[str, "regex.Pattern"]:
    lang = corpus.language(code)
    out = {}
    for key, spec in lang.patterns.items():
        rx = spec.regex.replace("WEEKDAY", weekday_regex()).replace("DATE", date_regex())
        out[key] = _PATTERNS.compile(expand(rx), regex.I)
    _PATTERNS.save()
    return out


@lru_cache(maxsize=None)
def _kind_phrases(code: str) -> tuple[tuple[str, str], ...]:
    lang = corpus.language(code)
    return tuple((norm_ws(p), kind) for kind, ps in lang.document_kinds.items() for p in ps)


def detect_language(text: str) -> str:
    """``ru``, ``ky`` or ``unknown`` by marker words (and Kyrgyz letters) of the language files."""
    words = _WORD.findall(norm(text[:200000]))
    if not words:
        return "unknown"
    # Scores count words with repetition; each distinct word is tested once.
    counts = Counter(words)
    scores = {}
    for lang in corpus.all_languages():
        markers = {norm(w) for w in lang.markers.get("words", [])}
        scores[lang.language] = sum(n for w, n in counts.items() if w in markers)
        letters = lang.markers.get("letters", [])
        if letters:
            scores[lang.language] += sum(n for w, n in counts.items() if any(ch in w for ch in letters)) // 2
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "unknown"


@dataclass
class Context:
    """What the interpreters of one document share."""

    raw: RawDocument
    language: str
    file: str
    kind: str = "unknown"
    info: DocumentInfo | None = None
    warnings: list[str] = field(default_factory=list)
    #: (end offset, date) of the dates the text prints with their year, once found (``annotate._full_dates``)
    full_dates: list | None = field(default=None, repr=False)

    def row_provenance(self, table: Table, row: Row, quote: str | None = None) -> Provenance:
        cells = [c for c in row.cells if c.start >= 0]
        start = cells[0].start if cells else None
        end = cells[-1].end if cells else None
        pages = sorted({p for p, _ in row.pieces if p is not None})
        if quote is None:
            quote = self.raw.text[start:end] if start is not None else ""
        return Provenance(file=self.file, page=row.page, table=table.index, row=row.index, pages=pages,
                          start=start, end=end, quote=quote)

    def para_provenance(self, p: Paragraph, start: int | None = None, end: int | None = None) -> Provenance:
        s = p.start if start is None else start
        e = p.end if end is None else end
        return Provenance(file=self.file, page=p.page, start=s, end=e, quote=self.raw.text[s:e])
