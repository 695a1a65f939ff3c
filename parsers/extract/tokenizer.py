"""The body matcher's tokens: spaCy's tokenizer of a blank pipeline, without loading spaCy.

The body matcher (``shailoo.parsers.extract.bodies``) reads a text as spaCy's blank ``ru`` / ``ky``
pipeline tokenizes it, with the project's own special cases (the lexicon's abbreviations and split
words). Importing spaCy and building those two pipelines took a second of every process's start; the
matcher needs none of spaCy's models, only its tokenizer's rules. This module is that tokenizer in plain
Python — the algorithm of ``spacy.tokenizer.Tokenizer.__call__`` step by step (white space, special
cases, prefixes, suffixes, URLs, infixes, then the special cases that span several tokens) — over the
rules read from the installed spaCy: its prefix, suffix, infix and URL patterns and its tokenizer
exceptions for the language. The rules are read once and kept on disk (``shailoo.corpus.cache``, keyed by
the spaCy installation), so a process that finds them there never imports spaCy; their ``re`` patterns
are kept compiled there too.

Tokens carry what the matcher reads of spaCy's: ``text``, ``idx``, ``i``, ``is_space``, ``is_punct``,
``is_quote``, ``is_alpha``, ``lower_`` (spaCy's lexical attributes, same definitions) and ``lemma_``
(set by the matcher). ``Doc`` slices into ``Span``s (``start``, ``end``, ``start_char``, ``end_char``,
``text``, ``label_``) and has ``char_span``; ``filter_spans`` is spaCy's.

spaCy stays the reference: ``tests/test_startup.py`` tokenizes the fixtures, the wild corpus, the
gazetteer and the lexicon's examples with both and requires the same tokens, and ``reference_tokens``
runs spaCy's own tokenizer for such comparisons.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Iterator, Optional, Sequence

from shailoo.corpus import cache

__all__ = ["Token", "Doc", "Span", "Tokenizer", "TokenizerRules", "rules_from_spacy", "rules", "filter_spans",
           "reference_tokens"]

#: What spaCy calls a quote (``spacy.lang.lex_attrs.is_quote``).
_QUOTES = frozenset(('"', "'", "`", "«", "»", "‘", "’", "‚", "‛", "“", "”", "„", "‟", "‹", "›", "❮", "❯", "''", "``"))


def _is_punct(text: str) -> bool:
    """``spacy.lang.lex_attrs.is_punct``: every character a punctuation mark."""
    for ch in text:
        if not unicodedata.category(ch).startswith("P"):
            return False
    return True


#: text -> (is_space, is_punct, is_quote, is_alpha): spaCy keeps these per lexeme, and so does this
#: module (bounded: a text past the bound is computed each time).
_LEXEMES: dict[str, tuple[bool, bool, bool, bool]] = {}
_MAX_LEXEMES = 200_000


def _lexeme(text: str) -> tuple[bool, bool, bool, bool]:
    lex = _LEXEMES.get(text)
    if lex is None:
        lex = (text.isspace(), _is_punct(text), text in _QUOTES, text.isalpha())
        if len(_LEXEMES) < _MAX_LEXEMES:
            _LEXEMES[text] = lex
    return lex


class Token:
    """One token: its text and offset, its index in the document and spaCy's lexical flags."""

    __slots__ = ("text", "idx", "i", "spacy", "lemma_", "is_space", "is_punct", "is_quote", "is_alpha")

    def __init__(self, text: str, idx: int, i: int, spacy: bool):
        self.text = text
        self.idx = idx
        self.i = i
        self.spacy = spacy
        self.lemma_ = ""
        self.is_space, self.is_punct, self.is_quote, self.is_alpha = _lexeme(text)

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def whitespace_(self) -> str:
        return " " if self.spacy else ""

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text


class Span:
    """Tokens ``start`` to ``end`` (exclusive) of a ``Doc``, with an optional label."""

    __slots__ = ("doc", "start", "end", "label_")

    def __init__(self, doc: "Doc", start: int, end: int, label: str = ""):
        if not (0 <= start <= end <= len(doc)):
            raise IndexError(f"invalid span {start}:{end} of a document of {len(doc)} tokens")
        self.doc = doc
        self.start = start
        self.end = end
        self.label_ = label

    @property
    def start_char(self) -> int:
        toks = self.doc.tokens
        return toks[self.start].idx if self.start < len(toks) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char:self.end_char]

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start:self.end])

    def __getitem__(self, i: int) -> Token:
        return self.doc.tokens[self.start:self.end][i]

    def __repr__(self) -> str:
        return self.text


class Doc:
    """A tokenized text: ``tokens`` in order; ``doc[i]`` a token, ``doc[a:b]`` a ``Span`` (spaCy's
    slicing: clamped, never reversed)."""

    __slots__ = ("text", "tokens")

    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            if i.step not in (None, 1):
                raise ValueError("stepped slices are not supported")
            n = len(self.tokens)
            start = 0 if i.start is None else (i.start + n if i.start < 0 else i.start)
            start = min(n, max(0, start))
            stop = n if i.stop is None else (i.stop + n if i.stop < 0 else i.stop)
            stop = min(n, max(start, stop))
            return Span(self, start, stop)
        return self.tokens[i]

    def _token_by_char(self, char_idx: int) -> int:
        """spaCy's ``token_by_char``: the token whose text or trailing space holds ``char_idx``, or -1."""
        toks = self.tokens
        lo, hi = 0, len(toks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            t = toks[mid]
            if char_idx < t.idx:
                hi = mid - 1
            elif char_idx >= t.idx + len(t.text) + t.spacy:
                lo = mid + 1
            else:
                return mid
        return -1

    def char_span(self, start_idx: int, end_idx: int, label: str = "",
                  alignment_mode: str = "strict") -> Optional[Span]:
        """spaCy's ``Doc.char_span``: the tokens of characters ``start_idx:end_idx`` (``strict``: exactly;
        ``contract``: those inside; ``expand``: those touched), or None."""
        if alignment_mode not in ("strict", "contract", "expand"):
            raise ValueError(f"unknown alignment mode {alignment_mode!r}")
        start = self._token_by_char(start_idx)
        if start < 0 or (alignment_mode == "strict" and start_idx != self.tokens[start].idx):
            return None
        end = self._token_by_char(end_idx - 1)
        if end < 0 or (alignment_mode == "strict"
                       and end_idx != self.tokens[end].idx + len(self.tokens[end].text)):
            return None
        if alignment_mode == "contract":
            if self.tokens[start].idx < start_idx:
                start += 1
            if end_idx < self.tokens[end].idx + len(self.tokens[end].text):
                end -= 1
            if end < start:
                return None
        elif alignment_mode == "expand":
            # the trailing space of a token is not part of it
            if start_idx == self.tokens[start].idx + len(self.tokens[start].text):
                start += 1
        return Span(self, start, end + 1, label)

    @classmethod
    def joined(cls, docs: Sequence["Doc"]) -> "Doc":
        """The documents one after another (``spacy.tokens.Doc.from_docs(…, ensure_whitespace=False)``)."""
        tokens: list[Token] = []
        offset = 0
        for d in docs:
            for t in d.tokens:
                t.idx += offset
                t.i = len(tokens)
                tokens.append(t)
            offset += len(d.text)
        return cls("".join(d.text for d in docs), tokens)


def filter_spans(spans: Iterable[Span]) -> list[Span]:
    """``spacy.util.filter_spans``: the longest of overlapping spans (the first of equally long ones)."""
    ordered = sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True)
    out: list[Span] = []
    seen: set[int] = set()
    for s in ordered:
        if s.start not in seen and s.end - 1 not in seen:
            out.append(s)
            seen.update(range(s.start, s.end))
    return sorted(out, key=lambda s: s.start)


# --------------------------------------------------------------------------- the rules

#: The layout of ``TokenizerRules.to_data()``; a new layout is a new cache key.
RULES_FORMAT = 1


class TokenizerRules:
    """What a spaCy tokenizer is made of, as plain data: its patterns (text and ``re`` flags, or None),
    its special cases (string -> the texts of its tokens, in the order they were added) and
    ``faster_heuristics``; ``last_added`` is the special case added last (see ``Tokenizer``)."""

    def __init__(self, prefix: Optional[tuple[str, int]], suffix: Optional[tuple[str, int]],
                 infix: Optional[tuple[str, int]], token_match: Optional[tuple[str, int]],
                 url_match: Optional[tuple[str, int]], special: dict[str, list[str]], faster_heuristics: bool,
                 last_added: Optional[str]):
        self.prefix = prefix
        self.suffix = suffix
        self.infix = infix
        self.token_match = token_match
        self.url_match = url_match
        self.special = special
        self.faster_heuristics = faster_heuristics
        self.last_added = last_added
        #: (pattern, flags) -> the pattern spaCy compiled (rules read from spaCy only; not kept on disk)
        self.compiled: dict[tuple[str, int], Any] = {}

    def to_data(self) -> tuple:
        return (RULES_FORMAT, self.prefix, self.suffix, self.infix, self.token_match, self.url_match,
                list(self.special.items()), self.faster_heuristics, self.last_added)

    @classmethod
    def from_data(cls, data: Any) -> Optional["TokenizerRules"]:
        """The rules of ``to_data()``, or None when ``data`` is not such a tuple."""
        try:
            fmt, prefix, suffix, infix, token_match, url_match, special, faster, last = data
            if fmt != RULES_FORMAT:
                return None

            def pat(p: Any) -> Optional[tuple[str, int]]:
                if p is None:
                    return None
                text, flags = p
                if not isinstance(text, str) or not isinstance(flags, int):
                    raise TypeError
                return text, flags

            sp = {}
            for k, v in special:
                if not isinstance(k, str) or not all(isinstance(x, str) for x in v):
                    raise TypeError
                sp[k] = list(v)
            return cls(pat(prefix), pat(suffix), pat(infix), pat(token_match), pat(url_match), sp, bool(faster),
                       last if isinstance(last, str) else None)
        except (TypeError, ValueError):
            return None


def _spacy_lang(lang: str):
    import spacy  # on call: only when the rules are not on disk (or for the reference tokenizer)

    try:
        return spacy.blank(lang)
    except Exception:  # noqa: BLE001 - an older spaCy without the language: the multi-language rules
        return spacy.blank("xx")


def rules_from_spacy(lang: str) -> TokenizerRules:
    """The rules of spaCy's blank pipeline for ``lang`` (imports spaCy)."""
    from spacy.symbols import ORTH

    tok = _spacy_lang(lang).tokenizer

    def pat(f: Any) -> Optional[tuple[str, int]]:
        if f is None:
            return None
        p = f.__self__
        return p.pattern, int(p.flags)

    special = {k: [str(d[ORTH]) for d in v] for k, v in tok.rules.items()}
    # spaCy loads its exceptions in sorted order: the last added is the greatest string
    last = max(special) if special else None
    out = TokenizerRules(pat(tok.prefix_search), pat(tok.suffix_search), pat(tok.infix_finditer),
                         pat(tok.token_match), pat(tok.url_match), special, bool(tok.faster_heuristics), last)
    for f in (tok.prefix_search, tok.suffix_search, tok.infix_finditer, tok.token_match, tok.url_match):
        if f is not None:
            out.compiled[pat(f)] = f.__self__  # type: ignore[index]
    return out


def rules(lang: str) -> TokenizerRules:
    """spaCy's rules for ``lang``, from the on-disk cache when the same spaCy wrote them there."""
    key = cache.digest("tokenizer-rules", RULES_FORMAT, lang, cache.package_stamp("spacy"))
    name = f"tokenizer-rules-{lang}"
    found = TokenizerRules.from_data(cache.load(name, key))
    if found is not None:
        return found
    built = rules_from_spacy(lang)
    cache.store(name, key, built.to_data())
    return built


#: The tokenizer's ``re`` patterns (spaCy's are big: compiling its infixes took 0.2–0.4 s).
_PATTERNS = cache.Patterns("tokenizer", engine="re")
#: Runs of white space (``str.isspace``, as spaCy splits) and of everything else.
_RUNS = re.compile(r"\s+|\S+")
#: The most chunks whose tokens a tokenizer remembers (spaCy: 10 000; a chunk's tokens never change).
_MAX_CACHE = 100_000


# --------------------------------------------------------------------------- the tokenizer


class Tokenizer:
    """spaCy's tokenizer over ``rules`` (``TokenizerRules``), with special cases added like spaCy's
    ``add_special_case``; ``tokenizer(text)`` is the ``Doc`` spaCy's tokenizer makes of ``text``.

    spaCy remembers the tokens of each white-space-separated chunk it has read; the only chunks whose
    remembered tokens differ from a fresh reading are those of the special case added last, read without
    special cases when it was added (``_polluted``): they are replayed here.
    """

    def __init__(self, rules: TokenizerRules):
        self._patterns = (rules.prefix, rules.suffix, rules.infix, rules.token_match, rules.url_match)
        self._compile(rules.compiled)
        self.faster_heuristics = rules.faster_heuristics
        self._specials: dict[str, tuple[str, ...]] = {}
        self._matcher: dict[tuple[str, ...], None] = {}   # token texts of the special cases that span tokens
        self._polluted: dict[str, tuple[str, ...]] = {}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._firsts: dict[str, tuple[int, ...]] = {}
        for k, v in rules.special.items():
            self._add(k, v)
        self._pollute(rules.last_added)
        self._index_matcher()

    def _compile(self, compiled: Optional[dict] = None) -> None:
        """The patterns, from the on-disk cache, or those spaCy compiled (``compiled``) when it is off."""
        prefix, suffix, infix, token_match, url_match = self._patterns
        have = compiled or {}

        def get(p: Optional[tuple[str, int]]) -> Any:
            return _PATTERNS.compile(p[0], p[1], prebuilt=have.get(p)) if p else None

        self._prefix = get(prefix).search if prefix else None
        self._suffix = get(suffix).search if suffix else None
        self._infix = get(infix).finditer if infix else None
        self._token_match = get(token_match).match if token_match else None
        self._url_match = get(url_match).match if url_match else None

    def to_data(self) -> tuple:
        """The tokenizer as plain data (``from_data`` makes it again without reading any rule)."""
        return (RULES_FORMAT, self._patterns, self.faster_heuristics, list(self._specials.items()),
                list(self._matcher), list(self._polluted.items()))

    @classmethod
    def from_data(cls, data: Any) -> Optional["Tokenizer"]:
        """The tokenizer of ``to_data()``, or None when ``data`` is not such a tuple."""
        try:
            fmt, patterns, faster, specials, matcher, polluted = data
            if fmt != RULES_FORMAT or len(patterns) != 5:
                return None
            for p in patterns:
                if p is not None and not (isinstance(p[0], str) and isinstance(p[1], int)):
                    return None
            tok = cls.__new__(cls)
            tok._patterns = tuple(None if p is None else (p[0], p[1]) for p in patterns)
            tok.faster_heuristics = bool(faster)
            tok._specials = {str(k): tuple(v) for k, v in specials}
            tok._matcher = {tuple(k): None for k in matcher}
            tok._polluted = {str(k): tuple(v) for k, v in polluted}
            tok._cache = {}
            tok._index_matcher()
            tok._compile()
        except (TypeError, ValueError):
            return None
        return tok

    def save_patterns(self) -> None:
        """Keep the compiled patterns on disk (``shailoo.corpus.cache``)."""
        _PATTERNS.save()

    # spaCy's find_prefix / find_suffix / find_infix
    def _find_prefix(self, s: str) -> int:
        if self._prefix is None:
            return 0
        m = self._prefix(s)
        return m.end() - m.start() if m is not None else 0

    def _find_suffix(self, s: str) -> int:
        if self._suffix is None:
            return 0
        m = self._suffix(s)
        return m.end() - m.start() if m is not None else 0

    def _find_infix(self, s: str) -> list:
        return [] if self._infix is None else list(self._infix(s))

    def _add(self, string: str, pieces: Sequence[str]) -> bool:
        if "".join(pieces) != string:
            raise ValueError(f"the pieces {list(pieces)!r} of the special case {string!r} do not make it")
        self._specials[string] = tuple(pieces)
        if (not self.faster_heuristics or self._find_prefix(string) or self._find_infix(string)
                or self._find_suffix(string) or " " in string):
            key = tuple(t.text for t in self._tokens(string, False, {}))
            if key:
                self._matcher[key] = None
            return True
        return False

    def _pollute(self, last: Optional[str]) -> None:
        """The chunks of the special case added last, as spaCy remembers them (read without special cases)."""
        self._polluted = {}
        if last is None or last not in self._specials:
            return
        if not (not self.faster_heuristics or self._find_prefix(last) or self._find_infix(last)
                or self._find_suffix(last) or " " in last):
            return
        seen: dict[str, tuple[str, ...]] = {}
        self._tokens(last, False, seen)
        self._polluted = {k: v for k, v in seen.items() if k not in self._specials}

    def add_special_case(self, string: str, pieces: Sequence[str]) -> None:
        """spaCy's ``add_special_case`` (``pieces``: the texts of the tokens, which make ``string``)."""
        self._add(string, pieces)
        self._pollute(string)
        self._index_matcher()
        self._cache = {}

    def _index_matcher(self) -> None:
        """The lengths of the multi-token special cases by their first token's text."""
        firsts: dict[str, set[int]] = {}
        for key in self._matcher:
            firsts.setdefault(key[0], set()).add(len(key))
        self._firsts = {k: tuple(sorted(v)) for k, v in firsts.items()}

    # ------------------------------------------------------------------ reading a text

    def __call__(self, text: str) -> Doc:
        tokens = self._tokens(text, True, None)
        if self._matcher:
            tokens = self._apply_special_cases(text, tokens)
        return Doc(text, tokens)

    def _tokens(self, string: str, with_special: bool, seen: Optional[dict]) -> list[Token]:
        """``Tokenizer._tokenize_affixes``: the chunks between white space, each read on its own.

        spaCy walks the characters; this walks the runs of white space and of the rest (``re``'s ``\\s``
        is ``str.isspace``): a run of white space after a chunk gives that chunk's last token its
        trailing space when it starts with a space, and the rest of the run is a chunk of its own; a run
        at the start of the text is a chunk as it is.
        """
        out: list[Token] = []
        first = True
        for m in _RUNS.finditer(string):
            run = m.group()
            if first or not run[0].isspace():
                self._chunk(run, out, with_special, seen)
            elif run[0] == " ":
                out[-1].spacy = True
                if len(run) > 1:
                    self._chunk(run[1:], out, with_special, seen)
            else:
                self._chunk(run, out, with_special, seen)
            first = False
        return out

    @staticmethod
    def _push(out: list[Token], text: str) -> None:
        if out:
            prev = out[-1]
            idx = prev.idx + len(prev.text) + prev.spacy
        else:
            idx = 0
        out.append(Token(text, idx, len(out), False))

    def _chunk(self, span: str, out: list[Token], with_special: bool, seen: Optional[dict]) -> None:
        """``_try_specials_and_cache`` then ``_tokenize`` of one chunk (the texts of a chunk's tokens are
        remembered, as spaCy remembers them)."""
        if with_special:
            texts = self._specials.get(span) or self._polluted.get(span) or self._cache.get(span)
            if texts is None:
                first = len(out)
                self._tokenize(span, out, True)
                if len(self._cache) < _MAX_CACHE:
                    self._cache[span] = tuple(t.text for t in out[first:])
                return
            idx = out[-1].idx + len(out[-1].text) + out[-1].spacy if out else 0
            for text in texts:
                out.append(Token(text, idx, len(out), False))
                idx += len(text)
            return
        first = len(out)
        self._tokenize(span, out, False)
        if seen is not None:
            seen.setdefault(span, tuple(t.text for t in out[first:]))

    def _tokenize(self, string: str, out: list[Token], with_special: bool) -> None:
        """``_split_affixes`` and ``_attach_tokens``."""
        prefixes: list[str] = []
        suffixes: list[str] = []
        specials = self._specials if with_special else {}
        last_size = 0
        while string and len(string) != last_size:
            if self._token_match is not None and self._token_match(string):
                break
            if string in specials:
                break
            last_size = len(string)
            pre_len = self._find_prefix(string)
            if pre_len != 0:
                prefix = string[:pre_len]
                minus_pre = string[pre_len:]
                if minus_pre and minus_pre in specials:
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = self._find_suffix(string[pre_len:])
            if suf_len != 0:
                suffix = string[-suf_len:]
                minus_suf = string[:-suf_len]
                if minus_suf and minus_suf in specials:
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and (pre_len + suf_len) <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        for p in prefixes:
            self._push(out, p)
        if string:
            special = specials.get(string)
            if special is None and with_special:
                special = self._polluted.get(string)
            if special is not None:
                for p in special:
                    self._push(out, p)
            elif ((self._token_match is not None and self._token_match(string))
                  or (self._url_match is not None and self._url_match(string))):
                self._push(out, string)
            else:
                matches = self._find_infix(string)
                if not matches:
                    self._push(out, string)
                else:
                    start = 0
                    for m in matches:
                        infix_start, infix_end = m.start(), m.end()
                        if infix_start == 0:
                            continue
                        if infix_start != start:
                            self._push(out, string[start:infix_start])
                        if infix_start != infix_end:
                            self._push(out, string[infix_start:infix_end])
                        start = infix_end
                    if string[start:]:
                        self._push(out, string[start:])
        for s in reversed(suffixes):
            self._push(out, s)

    def _apply_special_cases(self, text: str, tokens: list[Token]) -> list[Token]:
        """``_apply_special_cases``: special cases that span several tokens («т. е.», «и т.д.»)."""
        n = len(tokens)
        matches: list[tuple[int, int]] = []
        texts = [t.text for t in tokens]
        matcher = self._matcher
        firsts = self._firsts
        for s, first in enumerate(texts):
            lengths = firsts.get(first)
            if lengths is None:
                continue
            for length in lengths:
                if s + length <= n and tuple(texts[s:s + length]) in matcher:
                    matches.append((s, s + length))
        if not matches:
            return tokens
        # _filter_special_spans: longest first, then the earliest; every span's tokens are taken, kept or not
        matches.sort(key=lambda m: (m[1] - m[0], -m[0]))
        seen: set[int] = set()
        kept: list[tuple[int, int]] = []
        for s, e in reversed(matches):
            if s not in seen and e - 1 not in seen:
                kept.append((s, e))
            seen.update(range(s, e))
        kept.sort()
        by_start = {s: e for s, e in kept}
        out: list[Token] = []
        i = 0
        while i < n:
            e = by_start.get(i)
            if e is None:
                out.append(tokens[i])
                i += 1
                continue
            first, last = tokens[i], tokens[e - 1]
            span_text = text[first.idx:last.idx + len(last.text)]
            special = self._specials.get(span_text)
            if special is None:
                out.extend(tokens[i:e])
            else:
                idx = first.idx
                for p in special:
                    out.append(Token(p, idx, 0, False))
                    idx += len(p)
                out[-1].spacy = last.spacy
            i = e
        for k, t in enumerate(out):
            t.i = k
        return out


def reference_tokens(lang: str, text: str, special: Sequence[tuple[str, Sequence[str]]] = ()) -> list[tuple[str, int]]:
    """(text, offset) of the tokens spaCy's own blank ``lang`` tokenizer makes of ``text``, with the
    special cases ``special`` added in order (imports spaCy: for tests and comparisons)."""
    from spacy.symbols import ORTH

    nlp = _spacy_lang(lang)
    for s, pieces in special:
        nlp.tokenizer.add_special_case(s, [{ORTH: p} for p in pieces])
    return [(t.text, t.idx) for t in nlp.tokenizer(text)]

