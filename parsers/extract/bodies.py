"""Bodies named in CEC documents: who owns, organises or executes an activity, and who is mentioned.

The gazetteer is data (``corpus/bodies.yaml``, validated on load: ``shailoo.corpus.bodies()``), and so
are the matcher's own words (its ``lexicon:``: link and filler words, department heads, tokenizer
abbreviations, alias markers, the Kyrgyz stemmer's endings, the marks of a Kyrgyz text). Matching runs on a
spaCy pipeline per language (a blank ``ru`` and a blank ``ky`` pipeline with the project's tokenizer
exceptions and a lemma component: pymorphy3 for Russian, a suffix-stripping stem for Kyrgyz) and a
``PhraseMatcher`` on ``LEMMA`` built from every name of both languages, so «Кабинетом Министров»,
«Центральной комиссии», «БШКнын» and «ТИМге» match their gazetteer names. Lemmas are computed on
``shailoo.normalize.norm`` of each token, so look-alike letters and dashes do not matter; spans are
character offsets into the text as given.

Public API:

- ``document_aliases(text)``: «(далее – ЦИК)», «(далее-МЦР)», «(мындан ары – БШК)» definitions → aliases
  for that document only;
- ``find_bodies(text, aliases)``: every body mentioned in free text, with spans;
- ``owners_of(cell, aliases)``: the owners of one responsible/organiser/executor cell (citations
  already removed), every body in order, unknown text kept as ``id="other"``.

spaCy and pymorphy3 are imported on first use only (``shailoo --version`` must not pay for them); the
pipelines are built once per process and results are cached per text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from shailoo import corpus
from shailoo.corpus.schemas import Body, BodiesData, BodyLexicon, Gazetteer
from shailoo.model import BodyRef
from shailoo.normalize import norm, norm_ws

__all__ = ["Body", "Gazetteer", "gazetteer", "document_aliases", "find_bodies", "owners_of"]


def gazetteer() -> BodiesData:
    """The validated gazetteer (``shailoo.corpus.bodies()``), loaded once per process."""
    return corpus.bodies()


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Body]:
    return gazetteer().by_id()


# --------------------------------------------------------------------------- the lexicon


def _lexicon() -> BodyLexicon:
    return gazetteer().lexicon


def _words(attr: str) -> list[str]:
    """The words of one list of the lexicon, every language together (the CEC mixes them)."""
    return [w for lang in _lexicon().languages() for w in getattr(lang, attr)]


def _phrase_regex(phrases: list[str]) -> str:
    """An alternation of phrases, any white space between their words."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)


@dataclass(frozen=True)
class _Lex:
    """The lexicon compiled: regexes and sets the matcher uses on every text."""

    abbr_suffix: re.Pattern      # an abbreviation with a case ending glued on: «ЦИКа», «БШКнын», «КРнын»
    cyr_word: re.Pattern         # a word of small letters of the alphabets
    ky_mark: re.Pattern          # something only a Kyrgyz text has
    ky_endings: tuple[tuple[str, ...], ...]  # case, possessive, plural: each longest first
    ky_min_stem: int
    ky_max_stem: int
    abbreviations: tuple[str, ...]
    special_cases: dict[str, list[str]]
    filler: tuple[str, ...]
    heads: tuple[str, ...]
    links: frozenset
    conjunctions: frozenset
    elliptic: dict[str, str]
    definition: re.Pattern       # «(далее – ЦИК)», «(далее по тексту – ЦИК)», «(мындан ары – БШК)»
    definition_start: re.Pattern  # the inside of a definition's parentheses


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    """The lexicon of ``corpus/bodies.yaml`` compiled, once per process."""
    lex = _lexicon()
    small = "".join(dict.fromkeys(c for lang in lex.languages() for c in lang.letters))
    capitals = "".join(dict.fromkeys(c.upper() for c in small))
    stem = lex.ky.stemmer
    markers = _phrase_regex(_words("alias_markers"))
    tails = _phrase_regex(_words("alias_marker_tails"))
    tail = rf"(?:(?:{tails})\s*)?" if tails else ""
    return _Lex(
        abbr_suffix=re.compile(rf"^([A-Z{re.escape(capitals)}]{{2,}})([a-z{re.escape(small)}]{{1,4}})$"),
        cyr_word=re.compile(rf"^[{re.escape(small)}]+$"),
        ky_mark=re.compile(lex.ky.language_mark.regex, re.IGNORECASE),
        # sorted() is stable: endings of one length keep the order of the file
        ky_endings=tuple(tuple(sorted(e, key=len, reverse=True))
                         for e in (stem.case_endings, stem.possessive_endings, stem.plural_endings)),
        ky_min_stem=stem.min_stem,
        ky_max_stem=stem.max_stem,
        abbreviations=tuple(_words("abbreviations")),
        special_cases={k: v for lang in lex.languages() for k, v in lang.special_cases.items()},
        filler=tuple(_words("filler_words")),
        heads=tuple(_words("department_heads")),
        links=frozenset(_words("link_words")),
        conjunctions=frozenset(_words("conjunctions")),
        elliptic={k: v for lang in lex.languages() for k, v in lang.elliptic.items()},
        definition=re.compile(
            rf"\(\s*(?:{markers})\s*{tail}[-–—:]?\s*[«\"“”']?\s*([^()«»\"“”]{{1,80}}?)\s*[»\"“”']?\s*\)",
            re.IGNORECASE),
        definition_start=re.compile(rf"\s*({markers})\b", re.IGNORECASE),
    )


# --------------------------------------------------------------------------- lemmas


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def _ru_lemma(text: str) -> str:
    lex = _lex()
    m = lex.abbr_suffix.match(text)
    if m:
        return norm(m.group(1))
    n = norm(text)
    if len(n) > 1 and text.isupper():
        return n
    if lex.cyr_word.match(n) and len(n) > 1:
        return norm(_morph().parse(n)[0].normal_form)
    return n


@lru_cache(maxsize=65536)
def _ky_lemma(text: str) -> str:
    """The Kyrgyz stem: endings stripped in the order they stack from the end of a word (one case
    ending, one possessive, one plural: «органдарынын» → «орган»), each only while ``min_stem``
    letters remain, cut to ``max_stem`` letters (lexicon.ky.stemmer). Pattern and text only need to
    meet on the same stem, so this rough stemmer is enough."""
    lex = _lex()
    m = lex.abbr_suffix.match(text)
    if m:
        return norm(m.group(1))
    n = norm(text)
    if not lex.cyr_word.match(n):
        return n
    for suffixes in lex.ky_endings:
        for suf in suffixes:
            if n.endswith(suf) and len(n) - len(suf) >= lex.ky_min_stem:
                n = n[: -len(suf)]
                break
    # The endings are ambiguous («департаменти»: possessive «и» or accusative «ти»), so long stems
    # are compared on their first letters only.
    return n[:lex.ky_max_stem]


_COMMISSIONS = {"cec", "tec", "dec", "pec", "election_commissions"}


@dataclass
class _Pipe:
    lang: str
    nlp: Any
    matcher: Any
    filler: frozenset
    heads: frozenset


def _lemma_component_factory(lemma_fn):
    def component(doc):
        for t in doc:
            t.lemma_ = _ws_lemma(t.text) if t.is_space else lemma_fn(t.text)
        return doc

    return component


def _ws_lemma(text: str) -> str:
    return "\n" if "\n" in text else " "


@lru_cache(maxsize=1)
def _pipes() -> dict[str, _Pipe]:
    """The two pipelines with their matchers; built once per process (spaCy is imported here)."""
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.symbols import ORTH

    out: dict[str, _Pipe] = {}
    for lang, fn in (("ru", _ru_lemma), ("ky", _ky_lemma)):
        try:
            nlp = spacy.blank(lang)
        except Exception:  # an older spaCy without Kyrgyz: the multi-language tokenizer will do
            nlp = spacy.blank("xx")
        name = f"shailoo_{lang}_lemma"
        if not Language.has_factory(name):
            Language.component(name, func=_lemma_component_factory(fn))
        nlp.add_pipe(name)
        lex = _lex()
        for abbr in lex.abbreviations:
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
        for s, pieces in lex.special_cases.items():
            nlp.tokenizer.add_special_case(s, [{ORTH: p} for p in pieces])
        matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for body in gazetteer().bodies:
            names = [n for names in body.names.values() for n in names]
            matcher.add(body.id, list(nlp.pipe(names)))
        filler = frozenset(fn(w) for w in lex.filler) | frozenset(lex.filler)
        heads = frozenset(fn(w) for w in lex.heads)
        out[lang] = _Pipe(lang, nlp, matcher, filler, heads)
    return out


def _language(text: str) -> str:
    """``ky`` when the text has a mark of Kyrgyz (lexicon.ky.language_mark), else ``ru``."""
    return "ky" if _lex().ky_mark.search(text) else "ru"


# --------------------------------------------------------------------------- matching


@dataclass
class _Hit:
    """A body found in a text: token range, character span and what it resolves to."""

    ts: int
    te: int
    start: int
    end: int
    id: str
    entry: Optional[Body] = None
    department: Optional[str] = None
    dept_name: Optional[str] = None
    kind: Optional[str] = None
    absorbed: bool = False
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=4096)
def _doc(text: str) -> tuple[Any, _Pipe]:
    pipe = _pipes()[_language(text)]
    # A name wrapped over two lines of a cell («Соответствующие избирательные\nкомиссии») is still one
    # name: match on the text with line breaks as spaces (same length, same offsets); owners_of
    # splits at the original line breaks between bodies.
    return pipe.nlp(text.replace("\r", " ").replace("\n", " ")), pipe


def _title(body: Body, lang: str) -> Optional[str]:
    return body.title.get(lang) or body.title.get("ru") or body.title.get("ky")


def _raw_hits(doc, pipe: _Pipe, aliases: tuple[tuple[str, str], ...]) -> list[_Hit]:
    from spacy.util import filter_spans

    spans = list(pipe.matcher(doc, as_spans=True))
    if aliases:
        normtext = norm(doc.text)
        for key, value in aliases:
            pat = r"(?<!\w)" + r"\s*".join(re.escape(p) for p in key.split()) + r"(?!\w)"
            for m in re.finditer(pat, normtext):
                sp = doc.char_span(m.start(), m.end(), label="alias:" + value, alignment_mode="expand")
                if sp is not None:
                    spans.append(sp)
    spans = filter_spans(spans)
    hits: list[_Hit] = []
    by_id = _by_id()
    for sp in sorted(spans, key=lambda s: s.start):
        label = sp.label_
        if label.startswith("alias:"):
            value = label[6:]
            if ":" in value:
                parent, dept = value.split(":", 1)
                body = by_id.get(parent)
                hits.append(_Hit(sp.start, sp.end, sp.start_char, sp.end_char, parent, body,
                                 department=sp.text, dept_name=dept, kind=body.kind if body else None))
                continue
            body = by_id.get(value)
            if body is None:
                continue
        else:
            body = by_id[label]
        if body.parent:
            parent = by_id[body.parent]
            hits.append(_Hit(sp.start, sp.end, sp.start_char, sp.end_char, parent.id, body,
                             department=sp.text, dept_name=_title(body, pipe.lang), kind=parent.kind))
        else:
            hits.append(_Hit(sp.start, sp.end, sp.start_char, sp.end_char, body.id, body, kind=body.kind))
    return hits


def _gap_is(doc, a: int, b: int, allowed: frozenset) -> bool:
    """True when tokens a..b-1 are only white space, quotes or words in ``allowed``."""
    for t in doc[a:b]:
        if t.is_space or t.is_quote or t.lemma_ in allowed:
            continue
        return False
    return True


def _resolve(doc, pipe: _Pipe, hits: list[_Hit]) -> list[_Hit]:
    """Merge qualifiers, prefixes, departments with their bodies, and neighbours of the same id."""
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        # «ЦИК КР», «МЦР КР»: the country extends the body before it.
        if h.entry is not None and h.entry.kind == "qualifier":
            if prev is not None and prev.kind != "qualifier" and _gap_is(doc, prev.te, h.ts, _lex().links):
                prev.te, prev.end = h.te, h.end
            else:
                out.append(h)  # kept so that owners_of does not take the country for an unknown body
            continue
        if prev is not None and prev.entry is not None and prev.entry.prefix and _gap_is(doc, prev.te, h.ts, frozenset()):
            # «ОФ «Гражданская платформа»»: the legal form belongs to the body after it.
            h.ts, h.start = prev.ts, prev.start
            out[-1] = h
            continue
        if prev is not None and _gap_is(doc, prev.te, h.ts, _lex().links):
            # «Информационный отдел ЦИК», «КРГ при ЦИК», «системные администраторы ТИК»,
            # «рабочие группы в территориальных избирательных комиссиях»: department + its body.
            if prev.department is not None and h.department is None and (
                    h.id in _COMMISSIONS or (prev.entry is not None and prev.entry.parent == h.id)
                    or prev.id == h.id):
                merged = _Hit(prev.ts, h.te, prev.start, h.end, h.id, h.entry, department=prev.department,
                              dept_name=prev.dept_name, kind=h.kind)
                out[-1] = merged
                continue
            # «ТИМ ДКК», «БШК АЭУну эксплуатациялоо сектору»: the body, then its department.
            if h.department is not None and prev.department is None and _gap_is(doc, prev.te, h.ts, frozenset()) and (
                    prev.id == h.id or (h.entry is not None and h.entry.parent == prev.id)):
                out[-1] = _Hit(prev.ts, h.te, prev.start, h.end, prev.id, prev.entry, department=h.department,
                               dept_name=h.dept_name, kind=prev.kind)
                continue
            # «ОБСЕ ГИИП»: two names of one body side by side.
            if prev.id == h.id and prev.department == h.department and _gap_is(doc, prev.te, h.ts, frozenset()):
                prev.te, prev.end = h.te, h.end
                continue
        out.append(h)
    for h in out:
        if h.entry is not None and h.entry.prefix and h.department is None:
            h.id, h.kind = "ngo", "ngo"
    return out


def _bodies_only(hits: list[_Hit]) -> list[_Hit]:
    return [h for h in hits if h.kind != "qualifier"]


def _alias_key(aliases: Optional[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    """The aliases as a hashable, order-independent key (normal form of each alias -> value)."""
    if not aliases:
        return ()
    # Called for every cell and line of a document with the same few aliases: remembered per items.
    return _alias_key_of(tuple(aliases.items()))


@lru_cache(maxsize=256)
def _alias_key_of(items: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((norm_ws(k), v) for k, v in items if norm_ws(k)))


@lru_cache(maxsize=4096)
def _analyse(text: str, aliases: tuple[tuple[str, str], ...]) -> tuple[Any, _Pipe, list[_Hit]]:
    doc, pipe = _doc(text)
    return doc, pipe, _resolve(doc, pipe, _raw_hits(doc, pipe, aliases))


#: A ``BodyRef`` as the keyword arguments it is made from (kept in caches: tuples cannot be changed).
_Fields = tuple[tuple[str, Any], ...]


def _ref(text: str, h: _Hit, lang: str) -> dict[str, Any]:
    """The ``BodyRef`` fields of a hit."""
    body = _by_id().get(h.id)
    name = _title(body, lang) if body is not None else None
    return dict(raw=text[h.start:h.end], id=h.id, name=name, department=h.department, kind=h.kind,
                start=h.start, end=h.end)


_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _names_have_letters() -> bool:
    """Whether every name of the gazetteer has a letter (checked, not assumed: the file is data)."""
    return all(_LETTER.search(n) for b in gazetteer().bodies for names in b.names.values() for n in names)


def _may_name_a_body(text: str, aliases: tuple[tuple[str, str], ...]) -> bool:
    """False when ``text`` cannot name a body, so that spaCy need not read it: it has no letter
    («48.», «12.08.2022», a third of the cells of a plan), while every gazetteer name and alias has
    one (a token's lemma has a letter only when the token has one), and only a token with letters
    makes an unknown owner."""
    return (_LETTER.search(text) is not None or not _names_have_letters()
            or any(_LETTER.search(k) is None for k, _ in aliases))


def _refs(fields: tuple[_Fields, ...]) -> list[BodyRef]:
    return [BodyRef(**dict(f)) for f in fields]


def find_bodies(text: str, aliases: dict[str, str] | None = None) -> list[BodyRef]:
    """Every gazetteer body (or document alias) mentioned in ``text``, in order, with spans into ``text``.

    A department gives the id of its body with ``department`` set to the text as printed. Text that
    names no known body is not reported here (``owners_of`` keeps it as ``other``). Returns new
    objects on every call.
    """
    if not text or not text.strip():
        return []
    return _refs(_found(text, _alias_key(aliases)))


@lru_cache(maxsize=8192)
def _found(text: str, aliases: tuple[tuple[str, str], ...]) -> tuple[_Fields, ...]:
    """``find_bodies`` as fields, remembered per text (every line of a document is read)."""
    if not _may_name_a_body(text, aliases):
        return ()
    doc, pipe, hits = _analyse(text, aliases)
    return tuple(tuple(_ref(text, h, pipe.lang).items()) for h in _bodies_only(hits))


# --------------------------------------------------------------------------- aliases

_PHRASE_CUT = re.compile(r"[(,;\t\n]")


def document_aliases(text: str) -> dict[str, str]:
    """Aliases defined in ``text``: «(далее – ЦИК)», «(далее-МЦР)», «(мындан ары – БШК)».

    Returns ``{norm_ws(alias): value}`` where value is a gazetteer id or ``"<id>:<department>"`` (e.g.
    ``"cec:отдел по управлению …"``) for a department. The defined body is the body that ends right
    before the parenthesis, or a department phrase («отдел …») that starts after the last comma or
    parenthesis. A definition of something that is not a body («(далее-Закон)») adds nothing.
    """
    out: dict[str, str] = {}
    for m in _lex().definition.finditer(text):
        alias = norm_ws(m.group(1))
        if not alias:
            continue
        p = m.start()
        line_start = max(text.rfind("\n", 0, p), text.rfind("\t", 0, p), p - 400) + 1
        before = text[line_start:p]
        value = _defined_body(before)
        if value is not None:
            out[alias] = value
    return out


def _defined_body(before: str) -> Optional[str]:
    cut = max((mm.end() for mm in _PHRASE_CUT.finditer(before)), default=0)
    phrase = before[cut:].strip().strip("«»\"“”' ")
    if phrase:
        doc, pipe = _doc(phrase)
        first = next((t for t in doc if not t.is_space and not t.is_punct), None)
        if first is not None and first.lemma_ in pipe.heads:
            hits = _bodies_only(_analyse(phrase, ())[2])
            if hits and hits[0].start == first.idx and hits[0].department is not None and hits[0].end >= len(phrase.rstrip()) - 1:
                return f"{hits[0].id}:{hits[0].dept_name or hits[0].department}"
            return "cec:" + " ".join(phrase.split())
    stripped = before.rstrip().rstrip("«»\"“”' ")
    if not stripped:
        return None
    hits = _bodies_only(_analyse(stripped, ())[2])
    if hits and hits[-1].end >= len(stripped) - 1:
        h = hits[-1]
        if h.department is not None:
            return f"{h.id}:{h.dept_name or h.department}"
        return h.id
    return None


# --------------------------------------------------------------------------- owners of a cell

_PUNCT_SEPARATORS = frozenset({",", ";", "(", ")", "/", "\n"})


def _separators() -> frozenset:
    """What separates the bodies of a cell: punctuation, line breaks and the lexicon's conjunctions."""
    return _PUNCT_SEPARATORS | _lex().conjunctions


def _paren_groups(doc) -> list[tuple[int, int]]:
    """(open, close) token indices of every parenthesis group, innermost last; unclosed run to the end."""
    stack: list[int] = []
    groups: list[tuple[int, int]] = []
    for t in doc:
        if t.text == "(":
            stack.append(t.i)
        elif t.text == ")" and stack:
            groups.append((stack.pop(), t.i))
    groups.extend((o, len(doc)) for o in stack)
    return groups


def _is_adjective(tok, pipe: _Pipe) -> bool:
    if pipe.lang != "ru":
        return tok.lemma_ in _lex().elliptic
    return bool(_lex().cyr_word.match(tok.lower_)) and "ADJF" in _morph().parse(norm(tok.text))[0].tag


def owners_of(text: str, aliases: dict[str, str] | None = None) -> list[BodyRef]:
    """The owners of one responsible/organiser/executor cell, in order (citations already removed).

    Every body the cell names becomes a ``BodyRef`` with its span in ``text``. Departments in
    parentheses after ЦИК («ЦИК (информационный отдел)», «ЦИК (отдел по управлению ИИС и РСИ,
    системные администраторы ТИК)») become ``id="cec"`` with ``department`` set, and replace the
    bare ЦИК; other bodies inside those parentheses keep their own id (the TEC's system
    administrators are ``tec``). Text between bodies (split at commas, «и», semicolons, line breaks
    and parentheses) that names no body and is not a link word («с участием», «в присутствии»,
    «по согласованию») becomes ``BodyRef(id="other", raw=<text>)``. Alias definitions «(далее – …)»
    inside the cell are skipped. No id+department appears twice; the first mention is kept. Returns
    new objects on every call.
    """
    if not text or not text.strip():
        return []
    return _refs(_owners(text, _alias_key(aliases)))


@lru_cache(maxsize=4096)
def _owners(text: str, aliases: tuple[tuple[str, str], ...]) -> tuple[_Fields, ...]:
    """``owners_of`` as fields, remembered per cell (owner cells repeat from row to row)."""
    if not _may_name_a_body(text, aliases):
        return ()
    doc, pipe, hits = _analyse(text, aliases)
    hits = [_Hit(**{**h.__dict__, "extra": {}}) for h in hits]  # copies: the cache stays untouched
    groups = _paren_groups(doc)

    # Parentheses that define an alias are not owners: skip their tokens.
    skipped = [False] * len(doc)
    for o, c in groups:
        inner = doc[o + 1:min(c, len(doc))].text
        if _lex().definition_start.match(inner):
            for i in range(o, min(c + 1, len(doc))):
                skipped[i] = True

    # A group owned by ЦИК: the first bare ЦИК of the same top-level comma segment before it.
    depth = [0] * (len(doc) + 1)
    d = 0
    for t in doc:
        if t.text == "(":
            d += 1
        depth[t.i] = d
        if t.text == ")" and d > 0:
            d -= 1
    owner_of_group: dict[tuple[int, int], _Hit] = {}
    for o, c in groups:
        if skipped[o]:
            continue
        seg_start = o
        while seg_start > 0 and not (doc[seg_start - 1].text in {",", ";"} and depth[seg_start - 1] == 0):
            seg_start -= 1
        for h in hits:
            if h.ts >= seg_start and h.te <= o and h.id == "cec" and h.department is None and depth[h.ts] == 0:
                owner_of_group[(o, c)] = h
                break

    def group_of(i: int) -> Optional[tuple[int, int]]:
        best = None
        for o, c in groups:
            if o < i < c and (best is None or o > best[0]):
                best = (o, c)
        return best

    def cec_group(i: int) -> Optional[tuple[int, int]]:
        g = group_of(i)
        while g is not None:
            if g in owner_of_group:
                return g
            g = group_of(g[0])
        return None

    items: list[tuple[int, _Hit]] = []  # (token index, hit) in order
    used_groups: set[tuple[int, int]] = set()
    hit_at = {h.ts: h for h in hits}
    i = 0
    piece: list = []

    def flush_piece() -> None:
        nonlocal piece
        toks = [t for t in piece if not (t.is_space or t.is_punct or t.is_quote or t.lemma_ in pipe.filler)]
        if toks and any(t.is_alpha for t in toks):
            first_i = next(j for j, t in enumerate(piece) if not (t.is_space or t.is_punct or t.is_quote or t.lemma_ in pipe.filler))
            last = max(j for j, t in enumerate(piece) if not (t.is_space or t.is_punct or t.is_quote))
            s, e = piece[first_i].idx, piece[last].idx + len(piece[last].text)
            # «(IDEA SA)» after «ОФ «…»», a closing quote: trailing text of the previous unknown body
            if last + 1 < len(piece) and piece[last + 1].is_quote and any(t.is_quote for t in piece[first_i:last]):
                e = piece[last + 1].idx + len(piece[last + 1].text)  # keep «Манас» whole
            g = cec_group(piece[first_i].i)
            prev = items[-1][1] if items else None
            head = piece[first_i].lemma_ in pipe.heads and (g is not None or len(toks) > 1)
            elliptic = _lex().elliptic.get(toks[0].lemma_) if len(toks) == 1 else None
            if elliptic is not None:
                # «соответствующие территориальные, участковые избирательные комиссии»
                body = _by_id()[elliptic]
                items.append((piece[first_i].i, _Hit(piece[first_i].i, piece[last].i + 1, s, e, elliptic, body,
                                                     kind=body.kind)))
                piece = []
                return
            if g is not None:
                if (prev is not None and prev.extra.get("group") == g and not head and prev.extra.get("from_gap")
                        and prev.department is not None):
                    prev.end = e
                    prev.department = text[prev.start:e]
                else:
                    h = _Hit(piece[first_i].i, piece[last].i + 1, s, e, "cec", _by_id()["cec"],
                             department=text[s:e], kind="commission", extra={"group": g, "from_gap": True})
                    items.append((piece[first_i].i, h))
                    used_groups.add(g)
            elif head:
                items.append((piece[first_i].i, _Hit(piece[first_i].i, piece[last].i + 1, s, e, "cec", _by_id()["cec"],
                                                     department=text[s:e], kind="commission")))
            elif prev is not None and prev.id == "ngo" and prev.extra.get("prefix_open") is not None \
                    and prev.extra["prefix_open"] == piece[0].i:
                prev.end = e
            else:
                items.append((piece[first_i].i, _Hit(piece[first_i].i, piece[last].i + 1, s, e, "other")))
        piece = []

    separators = _separators()
    while i < len(doc):
        t = doc[i]
        if skipped[i]:
            flush_piece()
            i += 1
            continue
        h = hit_at.get(i)
        if h is not None and h.kind == "qualifier":
            flush_piece()
            i = h.te
            continue
        if h is not None:
            flush_piece()
            g = cec_group(i)
            if g is not None and h.department is not None:
                h.extra["group"] = g
                if h.id == "cec":
                    used_groups.add(g)
            if h.entry is not None and h.entry.prefix:
                h.extra["prefix_open"] = h.te
            items.append((i, h))
            i = h.te
            continue
        if i > 0 and "\n" in text[doc[i - 1].idx + len(doc[i - 1].text):t.idx + (len(t.text) if t.is_space else 0)]:
            flush_piece()  # a line break between bodies separates them
        if t.is_space:
            piece.append(t)
        elif t.text in separators or t.lemma_ in separators or t.text == ".":
            flush_piece()
        else:
            piece.append(t)
        i += 1
    flush_piece()

    # «Международные и общественные наблюдатели»: a lone adjective before «и»/«,» and a body that
    # starts with an adjective stands for that body.
    for k in range(len(items) - 1):
        h, nxt = items[k][1], items[k + 1][1]
        if h.id == "other" and nxt.id != "other" and h.te - h.ts == 1 and _is_adjective(doc[h.ts], pipe) \
                and _is_adjective(doc[nxt.ts], pipe) and _gap_is(doc, h.te, nxt.ts, frozenset({","}) | _lex().conjunctions):
            h.id, h.entry, h.kind, h.department = nxt.id, nxt.entry, nxt.kind, nxt.department
    order = {id(h): h.ts for _, h in items}
    for g in used_groups:
        owner = owner_of_group[g]
        owner.absorbed = True
        # the departments stand where the ЦИК that owns them stands («ЦИК по предложению ТИК (отдел …)»)
        first = next((h for _, h in items if h.extra.get("group") == g), None)
        if first is not None:
            order[id(first)] = owner.ts
    items.sort(key=lambda it: (order[id(it[1])], it[1].ts))
    out: list[_Fields] = []
    seen: set[tuple[str, Optional[str]]] = set()
    for _, h in items:
        if h.absorbed:
            continue
        if h.id == "other":
            ref = dict(raw=text[h.start:h.end], id="other", start=h.start, end=h.end)
        else:
            ref = _ref(text, h, pipe.lang)
        department = ref.get("department")
        key = (ref["id"], norm_ws(department) if department else None)
        if ref["id"] != "other" and key in seen:
            continue
        seen.add(key)
        out.append(tuple(ref.items()))
    return tuple(out)
