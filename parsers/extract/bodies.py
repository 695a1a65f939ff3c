"""Bodies named in CEC documents: who owns, organises or executes an activity, and who is mentioned.

The gazetteer is data (``corpus/bodies.yaml``, validated on load: ``shailoo.corpus.bodies()``), and so
are the matcher's own words (its ``lexicon:``: link and filler words, department heads, tokenizer
abbreviations, alias markers, the Kyrgyz stemmer's endings, the marks of a Kyrgyz text). Matching runs on a
pipeline per language: the tokens spaCy's blank ``ru`` and ``ky`` pipelines make, with the project's
tokenizer exceptions (``shailoo.parsers.extract.tokenizer``: spaCy's tokenizer without loading spaCy),
the lemma of each token (pymorphy3 for Russian, a suffix-stripping stem for Kyrgyz), and a phrase matcher
on lemmas (spaCy's ``PhraseMatcher`` on ``LEMMA``) built from every name of both languages, so «Кабинетом Министров»,
«Центральной комиссии», «БШКнын» and «ТИМге» match their gazetteer names. Lemmas are computed on
``shailoo.normalize.norm`` of each token, so look-alike letters and dashes do not matter; spans are
character offsets into the text as given.

Public API:

- ``document_aliases(text)``: «(далее – ЦИК)», «(далее-МЦР)», «(мындан ары – БШК)» definitions → aliases
  for that document only;
- ``find_bodies(text, aliases)``: every body mentioned in free text, with spans;
- ``owners_of(cell, aliases, home)``: the owners of one responsible/organiser/executor cell (citations
  already removed), every body in order, unknown text kept as ``id="other"``;
- ``document_home(header, text)``: whose document a text is in (``Home``): the CEC's or another
  body's, Kyrgyz or not. A unit any organisation has («Отдел кадров», «рабочая группа»: ``generic`` in
  the gazetteer) gives the CEC's id only in the CEC's document or next to the CEC's name; a national
  body («ЦИК», «Министерство юстиции») its id only in a Kyrgyz document or with the country named, and
  never with another state named after it («ЦИК Российской Федерации»). Otherwise the body stays
  ``other`` with its text and kind.

pymorphy3 is imported on first use only (``shailoo --version`` must not pay for it), and spaCy never
once its tokenizer's rules are in the on-disk cache (``shailoo.corpus.cache``), with the gazetteer's
lemmas; the pipelines are built once per process and results are cached per text.
"""

from __future__ import annotations

import bisect
import heapq
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from shailoo import corpus
from shailoo.corpus import cache
from shailoo.corpus.schemas import Body, BodiesData, BodyLexicon, Gazetteer
from shailoo.model import BodyRef
from shailoo.normalize import norm, norm_ws
from shailoo.parsers.extract import tokenizer as _tokenizer

__all__ = ["Body", "Gazetteer", "Home", "CEC_HOME", "gazetteer", "document_aliases", "document_home",
           "find_bodies", "owners_of"]


@dataclass(frozen=True)
class Home:
    """Whose document a text is in, which decides what a body named without its owner stands for.

    ``issuer``: the gazetteer id of the body whose document it is (``"cec"`` for the CEC's plans and
    resolutions), or ``None`` when it is another body's or nobody can tell: the units of a body
    («информационный отдел», «рабочая группа», «аппарат», a department «отдел …» the gazetteer does not
    know) are that body's only in its own document. ``national``: the document is of the Kyrgyz
    Republic, so a national body named bare («ЦИК», «Президент») is the Kyrgyz one.
    """

    issuer: Optional[str] = "cec"
    national: bool = True


#: A cell read without its document (tests, a single cell on the command line) is taken for a cell of
#: the CEC's own plan: the documents shailoo is made for.
CEC_HOME = Home()
#: For deciding the issuer of a document itself: no unit belongs to anybody yet.
_NOBODY = Home(issuer=None, national=True)


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
    country_mark: Optional[re.Pattern]  # a mark of a Kyrgyz document
    person: Optional[re.Pattern]  # «Ганичева О.В.», «Ю.П. Холодняков»
    positions: frozenset         # first words of a post, as written and as lemma
    place: Optional[re.Pattern]  # «Магаданской области» after a body
    place_before: dict           # language -> «Ысык-Көл », «Бишкекской » before a commission


#: The lexicon's patterns (stdlib ``re``), kept compiled on disk (``shailoo.corpus.cache``).
_PATTERNS = cache.Patterns("bodies", engine="re")


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
    out = _Lex(
        abbr_suffix=_PATTERNS.compile(rf"^([A-Z{re.escape(capitals)}]{{2,}})([a-z{re.escape(small)}]{{1,4}})$"),
        cyr_word=_PATTERNS.compile(rf"^[{re.escape(small)}]+$"),
        ky_mark=_PATTERNS.compile(lex.ky.language_mark.regex, re.IGNORECASE),
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
        definition=_PATTERNS.compile(
            rf"\(\s*(?:{markers})\s*{tail}[-–—:]?\s*[«\"“”']?\s*([^()«»\"“”]{{1,80}}?)\s*[»\"“”']?\s*\)",
            re.IGNORECASE),
        definition_start=_PATTERNS.compile(rf"\s*({markers})\b", re.IGNORECASE),
        country_mark=_PATTERNS.compile(lex.ru.country_mark.regex, re.IGNORECASE) if lex.ru.country_mark else None,
        person=_alternation(lex, "person"),
        positions=frozenset(w for w in _words("positions")),
        place=_alternation(lex, "place"),
        place_before={code: _PATTERNS.compile(getattr(lex, code).place_before.regex)
                      for code in ("ru", "ky") if getattr(lex, code).place_before is not None},
    )
    _PATTERNS.save()
    return out


def _alternation(lex: BodyLexicon, attr: str) -> Optional[re.Pattern]:
    """One case-sensitive regex of every language's pattern ``attr`` (names and places are told by
    their capitals), or None when no language has one."""
    parts = [getattr(lang, attr).regex for lang in lex.languages() if getattr(lang, attr) is not None]
    return _PATTERNS.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


# --------------------------------------------------------------------------- lemmas


@lru_cache(maxsize=1)
def _morph() -> Any:
    """pymorphy3's Russian analyzer. Its dictionary is the one ``lang="ru"`` finds (the package
    ``pymorphy3_dicts_ru``, or the folder of pymorphy3's environment variable), named here by its path:
    finding it through the installed packages' entry points took a quarter of a second."""
    import pymorphy3

    path = None
    if pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE not in os.environ:
        try:
            import pymorphy3_dicts_ru
        except ImportError:  # another installation of the dictionary: pymorphy3 finds it itself
            pass
        else:
            path = pymorphy3_dicts_ru.get_path()
    return pymorphy3.MorphAnalyzer(path=path, lang="ru")


#: The longest word given to pymorphy3 (letters). Its guesser recurses once per prefix it tries and
#: overflows the stack on a long word of repeated prefixes («задо»×250, issue 18); the longest
#: Russian words of these documents are under 30 letters. A longer word is kept as printed.
MAX_MORPH_WORD = 40


def _parses(word: str) -> list:
    """pymorphy3's parses of ``word``, or none for a word longer than ``MAX_MORPH_WORD``."""
    if len(word) > MAX_MORPH_WORD:
        return []
    return _morph().parse(word)


#: The layout of the answers ``_MORPH`` keeps; a new layout (or a new meaning of an answer) is a new key.
_MORPH_FORMAT = 1


def _morph_key() -> str:
    return cache.digest("morph", _MORPH_FORMAT, MAX_MORPH_WORD, cache.package_stamp("pymorphy3"),
                        cache.package_stamp("pymorphy3_dicts_ru"),
                        os.environ.get("PYMORPHY3_DICT_PATH", ""), os.environ.get("PYMORPHY2_DICT_PATH", ""))


#: pymorphy3's answers for the words read (whether a word is known, its normal form, the grammemes of
#: its first parse and whether any parse is nominative), kept from process to process
#: (``shailoo.corpus.cache.Memo``): loading pymorphy3's dictionary and its pure-Python DAWG lookups took
#: half a second of a first ``check``; words repeat from document to document.
_MORPH = cache.Memo("morph-ru", _morph_key, limit=100_000)


def _word_is_known(n: str) -> bool:
    """``_morph().word_is_known(n)``, remembered."""
    known = _MORPH.get("known", n)
    if known is cache.MISSING:
        known = bool(_morph().word_is_known(n))
        _MORPH.put("known", n, known)
    return known


def _normal_form(n: str) -> str:
    """``_morph().parse(n)[0].normal_form``, remembered."""
    form = _MORPH.get("normal", n)
    if form is cache.MISSING:
        form = str(_morph().parse(n)[0].normal_form)
        _MORPH.put("normal", n, form)
    return form


def _parse_facts(word: str) -> tuple[Optional[frozenset], bool]:
    """The grammemes of ``word``'s first parse (None when it has none) and whether any of its parses is
    nominative (``_parses``, remembered)."""
    facts = _MORPH.get("facts", word)
    if facts is cache.MISSING:
        parses = _parses(word)
        first = tuple(sorted(str(g) for g in parses[0].tag.grammemes)) if parses else None
        facts = (first, any("nomn" in p.tag for p in parses))
        _MORPH.put("facts", word, facts)
    first, nominative = facts
    return (frozenset(first) if first is not None else None), bool(nominative)


@lru_cache(maxsize=65536)
def _ru_lemma(text: str) -> str:
    lex = _lex()
    text = text.replace(_SOFT, "")
    m = lex.abbr_suffix.match(text)
    if m:
        return norm(m.group(1))
    n = norm(text)
    # A word in capitals is an abbreviation («ОБСЕ», «ПРООН»), unless it is a word of the language
    # printed in capitals («ЦЕНТРАЛЬНАЯ КОМИССИЯ ПО ВЫБОРАМ» in a resolution's heading).
    if len(n) > MAX_MORPH_WORD:
        return n
    if len(n) > 1 and text.isupper() and not (len(n) > 4 and lex.cyr_word.match(n) and _word_is_known(n)):
        return n
    if lex.cyr_word.match(n) and len(n) > 1:
        return norm(_normal_form(n))
    return n


@lru_cache(maxsize=65536)
def _ky_lemma(text: str) -> str:
    """The Kyrgyz stem: endings stripped in the order they stack from the end of a word (one case
    ending, one possessive, one plural: «органдарынын» → «орган»), each only while ``min_stem``
    letters remain, cut to ``max_stem`` letters (lexicon.ky.stemmer). Pattern and text only need to
    meet on the same stem, so this rough stemmer is enough."""
    lex = _lex()
    text = text.replace(_SOFT, "")
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


class _Nlp:
    """A language's pipeline: spaCy's tokenizer (``shailoo.parsers.extract.tokenizer``) and the lemma of
    every token (a white space's is a space or a line break)."""

    def __init__(self, tokenizer: _tokenizer.Tokenizer, lemma_fn):
        self.tokenizer = tokenizer
        self.lemma_fn = lemma_fn

    def __call__(self, text: str) -> _tokenizer.Doc:
        doc = self.tokenizer(text)
        fn = self.lemma_fn
        for t in doc.tokens:
            t.lemma_ = _ws_lemma(t.text) if t.is_space else fn(t.text)
        return doc

    def pipe(self, texts):
        return (self(t) for t in texts)


#: The key of a sequence's end in a ``_LemmaMatcher``'s trie (no lemma is None).
_END = None


class _LemmaMatcher:
    """spaCy's ``PhraseMatcher(attr="LEMMA")``: every run of tokens whose lemmas are a pattern's, as a
    ``Span`` labelled with the pattern's key; by start, then by length, keys in the order added."""

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, key: str, patterns) -> None:
        for lemmas in patterns:
            if not lemmas:
                continue
            node = self.root
            for lemma in lemmas:
                node = node.setdefault(lemma, {})
            ends = node.setdefault(_END, [])
            if key not in ends:
                ends.append(key)

    def order(self, lemmas, keys: list[str]) -> None:
        """Report the keys of the pattern ``lemmas`` in the order ``keys`` (those of spaCy's matcher)."""
        node: Optional[dict] = self.root
        for lemma in lemmas:
            node = node.get(lemma) if node is not None else None
        if node is not None and sorted(node.get(_END, [])) == sorted(keys):
            node[_END] = list(keys)

    def __call__(self, doc: _tokenizer.Doc) -> list[_tokenizer.Span]:
        lemmas = [t.lemma_ for t in doc.tokens]
        n = len(lemmas)
        root = self.root
        out = []
        for s in range(n):
            node = root.get(lemmas[s])
            e = s + 1
            while node is not None:
                ends = node.get(_END)
                if ends:
                    out.extend(_tokenizer.Span(doc, s, e, key) for key in ends)
                if e >= n:
                    break
                node = node.get(lemmas[e])
                e += 1
        return out


@dataclass
class _Pipe:
    lang: str
    nlp: Any
    matcher: Any
    filler: frozenset
    heads: frozenset
    positions: frozenset


def _ws_lemma(text: str) -> str:
    return "\n" if "\n" in text else " "


#: The layout of the matcher's tables on disk (``_tables``); a new layout is a new cache key.
_TABLES_FORMAT = 1


def _tokenizers() -> dict[str, _tokenizer.Tokenizer]:
    """spaCy's tokenizer per language with the lexicon's special cases (abbreviations, split words); from
    the on-disk cache when made from the same spaCy, lexicon and code (``shailoo.corpus.cache``)."""
    key = cache.digest("bodies-tokenizers", cache.file_digest(corpus.path("bodies.yaml")), cache.package_stamp("spacy"),
                       cache.source_digest(__name__, _tokenizer.__name__))
    found = cache.load("bodies-tokenizers", key)
    if isinstance(found, dict) and set(found) == {"ru", "ky"}:
        out = {lang: _tokenizer.Tokenizer.from_data(data) for lang, data in found.items()}
        if all(t is not None for t in out.values()):
            out["ru"].save_patterns()
            return out  # type: ignore[return-value]
    lex = _lex()
    out = {}
    for lang in ("ru", "ky"):
        tok = _tokenizer.Tokenizer(_tokenizer.rules(lang))
        for abbr in lex.abbreviations:
            tok.add_special_case(abbr, [abbr])
        for string, pieces in lex.special_cases.items():
            tok.add_special_case(string, pieces)
        out[lang] = tok
    out["ru"].save_patterns()
    cache.store("bodies-tokenizers", key, {lang: t.to_data() for lang, t in out.items()})
    return out


def _spacy_order(keys: list[str]) -> list[str]:
    """The order in which spaCy's ``PhraseMatcher`` reports ``keys`` (added in this order) for one pattern
    they share: that of a hash table of their strings, which only spaCy knows. The gazetteer order when
    spaCy cannot be imported."""
    try:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc
        from spacy.vocab import Vocab
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return keys
    vocab = Vocab()
    matcher = PhraseMatcher(vocab)
    for key in keys:
        matcher.add(key, [Doc(vocab, words=["x"])])
    return [vocab.strings[k] for k, _, _ in matcher(Doc(vocab, words=["x"]))]


def _build_tables(nlps: dict[str, _Nlp]) -> dict:
    """Per language: the lemmas of every gazetteer name (body id -> lemma sequences, in the file's order),
    the order spaCy's matcher gave the ids of a name several bodies share («общественные объединения»,
    «Общественное объединение»: a hash table's, see ``_spacy_order``) and the lemmas of the lexicon's
    filler words, department heads and posts."""
    lex = _lex()
    out: dict = {}
    for lang, fn in (("ru", _ru_lemma), ("ky", _ky_lemma)):
        nlp = nlps[lang]
        names = []
        ids_of: dict[tuple, list[str]] = {}
        for body in gazetteer().bodies:
            texts = [n for ns in body.names.values() for n in ns]
            patterns = [tuple(t.lemma_ for t in nlp(x)) for x in texts]
            names.append((body.id, patterns))
            for p in patterns:
                if p and body.id not in ids_of.setdefault(p, []):
                    ids_of[p].append(body.id)
        out[lang] = {
            "names": names,
            "order": [(p, _spacy_order(ids)) for p, ids in ids_of.items() if len(ids) > 1],
            "filler": sorted({fn(w) for w in lex.filler} | set(lex.filler)),
            "heads": sorted({fn(w) for w in lex.heads}),
            "positions": sorted({fn(w) for w in lex.positions} | {norm(w) for w in lex.positions}),
        }
    return out


def _tables(nlps: dict[str, _Nlp]) -> dict:
    """``_build_tables``, from the on-disk cache when built from the same gazetteer, spaCy rules, pymorphy3
    dictionaries and code (``shailoo.corpus.cache``): lemmatizing the gazetteer loads pymorphy3 and takes
    a tenth of a second (and spaCy is asked for the order of shared names)."""
    key = cache.digest("bodies-tables", _TABLES_FORMAT, cache.file_digest(corpus.path("bodies.yaml")),
                       cache.package_stamp("spacy"), cache.package_stamp("pymorphy3"),
                       cache.package_stamp("pymorphy3_dicts_ru"),
                       cache.source_digest(__name__, _tokenizer.__name__, "shailoo.normalize"))
    found = cache.load("bodies-tables", key)
    fields = {"names", "order", "filler", "heads", "positions"}
    if isinstance(found, dict) and set(found) == {"ru", "ky"} and all(
            isinstance(t, dict) and set(t) == fields for t in found.values()):
        return found
    built = _build_tables(nlps)
    cache.store("bodies-tables", key, built)
    return built


@lru_cache(maxsize=1)
def _pipes() -> dict[str, _Pipe]:
    """The two pipelines with their matchers; built once per process (spaCy is not imported: its
    tokenizer's rules come from the on-disk cache, see ``shailoo.parsers.extract.tokenizer``)."""
    toks = _tokenizers()
    nlps = {"ru": _Nlp(toks["ru"], _ru_lemma), "ky": _Nlp(toks["ky"], _ky_lemma)}
    tables = _tables(nlps)
    out: dict[str, _Pipe] = {}
    for lang in ("ru", "ky"):
        t = tables[lang]
        matcher = _LemmaMatcher()
        for body_id, patterns in t["names"]:
            matcher.add(body_id, [tuple(p) for p in patterns])
        for lemmas, keys in t["order"]:
            matcher.order(tuple(lemmas), list(keys))
        out[lang] = _Pipe(lang, nlps[lang], matcher, frozenset(t["filler"]), frozenset(t["heads"]),
                          frozenset(t["positions"]))
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
    # splits at the original line breaks between bodies. A word hyphenated at a line break and joined
    # with a space («Органы местного само- управления», «избира- тельными») is one word: the hyphen
    # and space become two soft hyphens, which the lemmas drop (same length again).
    flat = _BROKEN_WORD.sub(_SOFT * 2, text.replace("\r", " ").replace("\n", " "))
    return _tokenized(pipe, _unnest(flat)), pipe


#: A run of characters without a blank longer than this is no name: its brackets and punctuation are
#: read as blanks (same length, same offsets). spaCy's tokenizer strips one prefix or suffix at a
#: time, each time copying the rest of the run: «((((…))))» ten thousand deep took 57 s (issue 18).
MAX_RUN = 100
#: Texts longer than this are given to spaCy in pieces cut at a blank, and the pieces joined again
#: (spaCy refuses a text over ``nlp.max_length``, 1 000 000 characters: error E088).
PIECE = 100_000

_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
_NOT_WORD = re.compile(r"[^\w\u00ad]")


def _unnest(flat: str) -> str:
    """``flat`` with the brackets and punctuation of runs longer than ``MAX_RUN`` as blanks."""
    if len(flat) <= MAX_RUN:
        return flat
    return _LONG_RUN.sub(lambda m: _NOT_WORD.sub(" ", m.group()), flat)


def _tokenized(pipe: _Pipe, flat: str):
    """``pipe.nlp(flat)``, in pieces of at most ``PIECE`` characters cut after a blank when there is
    one (the joined document has the same text and offsets)."""
    if len(flat) <= PIECE:
        return pipe.nlp(flat)
    pieces, start = [], 0
    while start < len(flat):
        end = min(len(flat), start + PIECE)
        if end < len(flat):
            cut = flat.rfind(" ", start + PIECE // 2, end)
            if cut > start:
                end = cut + 1
        pieces.append(flat[start:end])
        start = end
    return _tokenizer.Doc.joined(list(pipe.nlp.pipe(pieces)))


_SOFT = "\u00ad"
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-[ ](?=[^\W\d_A-ZА-ЯЁӨҮҢ])")


def _title(body: Body, lang: str) -> Optional[str]:
    return body.title.get(lang) or body.title.get("ru") or body.title.get("ky")


def _raw_hits(doc, pipe: _Pipe, aliases: tuple[tuple[str, str], ...]) -> list[_Hit]:
    spans = list(pipe.matcher(doc))
    if aliases:
        normtext = norm(doc.text)
        for key, value in aliases:
            pat = r"(?<!\w)" + r"\s*".join(re.escape(p) for p in key.split()) + r"(?!\w)"
            for m in re.finditer(pat, normtext):
                sp = doc.char_span(m.start(), m.end(), label="alias:" + value, alignment_mode="expand")
                if sp is not None:
                    spans.append(sp)
    spans = _tokenizer.filter_spans(spans)
    hits: list[_Hit] = []
    by_id = _by_id()
    for sp in sorted(spans, key=lambda s: s.start):
        label = sp.label_
        if label.startswith("alias:"):
            value = label[6:]
            if ":" in value:
                parent, dept = value.split(":", 1)
                body = by_id.get(parent)
                # a unit the document defined: its own, like any generic unit
                hits.append(_Hit(sp.start, sp.end, sp.start_char, sp.end_char, parent, body,
                                 department=sp.text, dept_name=dept, kind=body.kind if body else None,
                                 extra={"generic": True}))
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
            if prev is not None and prev.kind != "qualifier" and h.entry.id != "kyrgyz_republic" \
                    and _gap_is(doc, prev.te, h.ts, frozenset()):
                # «Центральной избирательной комиссии Российской Федерации»: another state's body.
                prev.te, prev.end = h.te, h.end
                prev.extra["foreign"] = True
            elif prev is not None and prev.kind != "qualifier" and h.entry.id == "kyrgyz_republic" \
                    and _gap_is(doc, prev.te, h.ts, _lex().links):
                prev.te, prev.end = h.te, h.end
                prev.extra["kr"] = True
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
                              dept_name=prev.dept_name, kind=h.kind, extra=dict(h.extra))
                out[-1] = merged
                continue
            # «ТИМ ДКК», «БШК АЭУну эксплуатациялоо сектору»: the body, then its department.
            if h.department is not None and prev.department is None and _gap_is(doc, prev.te, h.ts, frozenset()) and (
                    prev.id == h.id or (h.entry is not None and h.entry.parent == prev.id)):
                out[-1] = _Hit(prev.ts, h.te, prev.start, h.end, prev.id, prev.entry, department=h.department,
                               dept_name=h.dept_name, kind=prev.kind, extra=dict(prev.extra))
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


_PLACED_KINDS = frozenset({"commission", "local_government"})


def _placed(text: str, doc, pipe: _Pipe, hits: list[_Hit], home: Home, units: bool = True) -> list[_Hit]:
    """Copies of ``hits`` with their place names and read in their document (``home``).

    A place qualifier after a body is part of its name («Избирательная комиссия Магаданской
    области», «ТИК города Шахты»: lexicon ``place``), and so is a place name before a commission
    («Ысык-Көл аймактык шайлоо комиссиясы»: ``place_before``). Then every body that is not the one
    named becomes ``other`` with its kind (``_demote``): national bodies here, generic units too
    unless ``units=False`` (``owners_of`` first finds which units stand in parentheses after the CEC).
    """
    lex = _lex()
    out = [_Hit(**{**h.__dict__, "extra": dict(h.extra)}) for h in hits]
    for k, h in enumerate(out):
        if h.kind == "qualifier":
            continue
        if lex.country_mark is not None and lex.country_mark.search(text[h.start:h.end]):
            h.extra["kr"] = True  # «ЦИК КР», «Кыргыз Республикасынын Борбордук шайлоо комиссиясы»
        nxt = next((o.start for o in out[k + 1:]), len(text))
        m = lex.place.match(text[h.end:]) if lex.place is not None else None
        if m is not None and h.end + m.end() <= nxt and "\n" not in m.group():
            sp = doc.char_span(h.start, h.end + m.end(), alignment_mode="expand")
            if sp is not None:
                h.end, h.te = h.end + m.end(), sp.end
                h.extra["place"] = True
        before = lex.place_before.get(pipe.lang)
        prev_end = out[k - 1].end if k else 0
        if before is not None and h.kind in _PLACED_KINDS and not _national(h):
            m = before.search(text[max(prev_end, h.start - 80):h.start])
            if m is not None and "\n" not in m.group() and m.group().strip():
                start = h.start - len(m.group())
                start += len(m.group()) - len(m.group().lstrip())
                sp = doc.char_span(start, h.end, alignment_mode="expand")
                if sp is not None and not (doc[sp.start].lemma_ in pipe.filler):
                    h.start, h.ts = start, sp.start
    for h in out:
        _demote(h, home, units)
    return out


def _demote(h: _Hit, home: Home, units: bool = True) -> None:
    """Make ``h`` an ``other`` body of its kind when its id is not the body named (``_belongs``)."""
    if h.kind == "qualifier" or h.id == "other" or _belongs(h, home, units):
        return
    body = h.entry if h.entry is not None and h.entry.generic else _by_id().get(h.id)
    h.id, h.kind, h.department, h.dept_name = "other", body.kind if body else h.kind, None, None
    h.entry = None


def _national(h: _Hit) -> bool:
    body = _by_id().get(h.id)
    return bool(body is not None and body.national)


def _belongs(h: _Hit, home: Home, units: bool = True) -> bool:
    """Whether the gazetteer id of ``h`` is the body named in a document of ``home``.

    A national body with another state after it is not ours; named bare, it is ours only in a Kyrgyz
    document. A generic unit standing alone (not merged with its body's name, not in parentheses after
    it) is its body's only in that body's own document.
    """
    if _national(h):
        if h.extra.get("foreign"):
            return False
        if not home.national and not h.extra.get("kr"):
            return False
    generic = (h.entry is not None and h.entry.generic) or h.extra.get("generic")
    if units and generic and "group" not in h.extra and home.issuer != h.id:
        return False
    return True


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


def find_bodies(text: str, aliases: dict[str, str] | None = None, home: Home = CEC_HOME) -> list[BodyRef]:
    """Every gazetteer body (or document alias) mentioned in ``text``, in order, with spans into ``text``.

    A department gives the id of its body with ``department`` set to the text as printed. A body
    that is not the one its name would give in a document of ``home`` (a generic unit outside the
    CEC's document, a national body in another country's) is reported as ``other`` with its kind.
    Text that names no known body is not reported here (``owners_of`` keeps it as ``other``).
    Returns new objects on every call.
    """
    if not text or not text.strip():
        return []
    return _refs(_found(text, _alias_key(aliases), home))


@lru_cache(maxsize=8192)
def _found(text: str, aliases: tuple[tuple[str, str], ...], home: Home) -> tuple[_Fields, ...]:
    """``find_bodies`` as fields, remembered per text (every line of a document is read)."""
    if not _may_name_a_body(text, aliases):
        return ()
    doc, pipe, hits = _analyse(text, aliases)
    return tuple(tuple(_ref(text, h, pipe.lang).items()) for h in _bodies_only(_placed(text, doc, pipe, hits, home)))


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


#: The first tokens of a parenthesis group read for a definition marker («(далее – ЦИК)»).
_DEFINITION_TOKENS = 20
#: The longest parenthesis group read as one person's name («(Ю.П. Холодняков)»), in characters.
_PERSON_CHARS = 200


def _innermost_groups(groups: list[tuple[int, int]], size: int) -> list[Optional[tuple[int, int]]]:
    """For each token index, the group (open, close) with the latest open strictly around it (the first
    such group in ``groups`` order on a tie), or None: one sweep with a heap instead of a scan of every
    group per token."""
    order = sorted(range(len(groups)), key=lambda k: groups[k][0])
    heap: list[tuple[int, int]] = []   # (-open, index in groups)
    out: list[Optional[tuple[int, int]]] = [None] * size
    j = 0
    for i in range(size):
        while j < len(order) and groups[order[j]][0] < i:
            heapq.heappush(heap, (-groups[order[j]][0], order[j]))
            j += 1
        while heap and groups[heap[0][1]][1] <= i:
            heapq.heappop(heap)
        if heap:
            out[i] = groups[heap[0][1]]
    return out


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


def _is_person(text: str) -> bool:
    """Whether ``text`` is one person's name and nothing else («Ю.П. Холодняков»)."""
    person = _lex().person
    return person is not None and person.fullmatch(text.strip()) is not None


def _unknown(doc, text: str, ts: int, te: int, s: int, e: int) -> list[tuple[int, _Hit]]:
    """The ``other`` owners of a piece of a cell that names no known body: one per name when the
    piece is only names («Дикалов А.Н. Поленичкина О.Д.»), else one, of kind ``person`` when it
    holds a name («Директор Ходосевич С.Г.»)."""
    person = _lex().person
    names = list(person.finditer(text, s, e)) if person is not None else []
    rest = "".join(text[a:b] for a, b in zip([s] + [m.end() for m in names], [m.start() for m in names] + [e]))
    if len(names) > 1 and not re.search(r"\w", rest):
        out = []
        for m in names:
            sp = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            out.append((sp.start, _Hit(sp.start, sp.end, m.start(), m.end(), "other", kind="person")))
        return out
    return [(ts, _Hit(ts, te, s, e, "other", kind="person" if names else None))]


def _genitive_only(tok) -> bool:
    """A Russian word that can only be genitive (or another oblique case), never the nominative a new
    owner starts with: «трудовых», «телерадиовещания» but not «группы», «комиссии»."""
    word = norm(tok.text.replace(_SOFT, ""))
    if not _lex().cyr_word.match(word):
        return False
    first, nominative = _parse_facts(word)
    return first is not None and "gent" in first and not nominative


def _continued(doc, text: str, pipe: _Pipe, items: list[tuple[int, _Hit]]) -> list[tuple[int, _Hit]]:
    """Join a piece that cannot start an owner to the unknown owner before it: «и» and commas also
    stand inside names («Министерство занятости и трудовых отношений», «комитет по делам печати,
    телерадиовещания и средств массовых коммуникаций»), and a piece that begins with a word that can
    only be genitive continues the name before it. Russian only (Kyrgyz names are head-final)."""
    if pipe.lang != "ru":
        return items
    out = list(items)
    k = 0
    while k < len(out) - 1:
        a, b = out[k][1], out[k + 1][1]
        if a.id == b.id == "other" and a.kind is None and b.kind is None \
                and norm_ws(text[a.end:b.start]) in _JOINS and _genitive_only(doc[b.ts]):
            a.end, a.te = b.end, b.te
            del out[k + 1]
            continue
        k += 1
    return out


_JOINS = frozenset({",", "и"})


@lru_cache(maxsize=1)
def _genitives() -> tuple[str, ...]:
    return tuple(norm(e) for e in _words("genitive_endings"))


def _with_posts(doc, text: str, pipe: _Pipe, items: list[tuple[int, _Hit]]) -> list[tuple[int, _Hit]]:
    """A post and a name make one owner with the body they go with.

    «секретаря Избирательной комиссии … Н.И. Зеленскую», «Председатель ТИК Сеин О.А.»: a post right
    before a body, and a name right after it, belong to it (one owner, its ``raw`` holding both). «Ломако
    С.Л., председатель комиссии», «А.В. Кухтин,председатель ТИК города Шахты»: a name and a post
    (or a body with its post) beside it across a comma are one owner.
    """
    def post(h: _Hit) -> bool:
        first = next((t for t in doc[h.ts:h.te] if not (t.is_space or t.is_punct)), doc[h.ts])
        word = norm(first.text)
        # «Зав.отделами»: an abbreviated post glued to the word after it
        return first.lemma_ in pipe.positions or word in pipe.positions or (
            "." in word and word.split(".")[0] + "." in pipe.positions)

    def name_only(h: _Hit) -> bool:
        return h.id == "other" and h.kind == "person" and _is_person(text[h.start:h.end])

    out = list(items)
    k = 0
    while k < len(out) - 1:
        a, b = out[k][1], out[k + 1][1]
        if ((a.id == "other" and a.kind == "department") or a.extra.get("head")) \
                and b.kind not in (None, "person", "department") and b.department is None \
                and not text[a.end:b.start].strip():
            # «Отделу организации избирательного процесса аппарата Центральной избирательной комиссии …»:
            # a department, then (in the genitive) the body it belongs to
            b.start, b.ts = a.start, a.ts
            if b.id != "other":
                b.department = text[a.start:a.end]
            out[k] = (a.ts, b)
            del out[k + 1]
            continue
        if a.id == "other" and a.kind is None and a.te - a.ts == 1 and post(a) \
                and (b.id != "other" or b.kind not in (None, "person")) and not text[a.end:b.start].strip():
            b.start, b.ts = a.start, a.ts  # «секретаря» + «Избирательной комиссии …»
            out[k] = (a.ts, b)
            del out[k + 1]
            continue
        k += 1
    k = 0
    while k < len(out) - 1:
        a, b = out[k][1], out[k + 1][1]
        gap = text[a.end:b.start]
        if name_only(b) and a.extra.get("person") is None and not gap.strip() and (a.id != "other" or post(a)):
            a.end, a.te = b.end, b.te  # «Председатель ТИК» + «Сеин О.А.»
            a.extra["person"] = text[b.start:b.end]
            if a.id == "other":
                a.kind = "person"
            del out[k + 1]
            continue
        if b.id == "other" and (b.kind == "person" or b.te - b.ts == 1) and post(b) and a.extra.get("person") is None \
                and (a.id != "other" or a.kind not in (None, "person")) and not gap.strip():
            # Kyrgyz puts the post after the body: «Борбордук комиссиянын катчысы А.А. Асановага»
            names = _lex().person.findall(text, b.start, b.end)
            a.end, a.te = b.end, b.te
            a.extra["person"] = ", ".join(names) if names else None
            del out[k + 1]
            continue
        if pipe.lang == "ky" and a.id != "other" and b.id == "other" and b.kind is None and not gap.strip() \
                and a.department is None and norm(doc[a.te - 1].text).endswith(_genitives()):
            # «Айылдык кенештин тиешелүү туруктуу комиссияларынын төргаларына»: the body's unit or post
            a.end, a.te = b.end, b.te
            a.department = text[b.start:b.end]
            del out[k + 1]
            continue
        if gap.strip() == "," and a.extra.get("person") is None and b.extra.get("person") is None and (
                (name_only(a) and post(b)) or (name_only(b) and post(a))):
            person = a if name_only(a) else b
            keep = b if person is a else a
            keep.extra["person"] = text[person.start:person.end]
            keep.start, keep.ts, keep.end, keep.te = a.start, a.ts, b.end, b.te
            if keep.id == "other":
                keep.kind = "person"
            out[k] = (a.ts, keep)
            del out[k + 1]
            continue
        k += 1
    return out


def _is_adjective(tok, pipe: _Pipe) -> bool:
    if pipe.lang != "ru":
        return tok.lemma_ in _lex().elliptic
    if not _lex().cyr_word.match(tok.lower_):
        return False
    first, _ = _parse_facts(norm(tok.text))
    return first is not None and "ADJF" in first


def owners_of(text: str, aliases: dict[str, str] | None = None, home: Home = CEC_HOME) -> list[BodyRef]:
    """The owners of one responsible/organiser/executor cell, in order (citations already removed).

    Every body the cell names becomes a ``BodyRef`` with its span in ``text``. Departments in
    parentheses after ЦИК («ЦИК (информационный отдел)», «ЦИК (отдел по управлению ИИС и РСИ,
    системные администраторы ТИК)») become ``id="cec"`` with ``department`` set, and replace the
    bare ЦИК; other bodies inside those parentheses keep their own id (the TEC's system
    administrators are ``tec``). Text between bodies (split at commas, «и», semicolons, line breaks
    and parentheses) that names no body and is not a link word («с участием», «в присутствии»,
    «по согласованию») becomes ``BodyRef(id="other", raw=<text>)``. Alias definitions «(далее – …)»
    inside the cell are skipped. No id+department appears twice; the first mention is kept.

    ``home`` says whose document the cell is in (``document_home``; by default the CEC's own): a
    unit any organisation has («Отдел кадров», «рабочие группы», a department «Управление …» the
    gazetteer does not know) is the CEC's only in the CEC's document or next to the CEC's name, and a
    national body only in a Kyrgyz document; otherwise it is ``other`` with its text and kind. A
    person («Ганичева О.В.») is ``other`` of kind ``person``; a post beside a name («Ломако С.Л.,
    председатель комиссии», «Председатель ТИК Сеин О.А.») is one owner with it, and a name in
    parentheses after an owner («Управлению информационных технологий (Ю.П. Холодняков)») is part of
    that owner, not another one; names one after another («Дикалов А.Н. Поленичкина О.Д.») are one owner each.
    Returns new objects on every call.
    """
    if not text or not text.strip():
        return []
    return _refs(_owners(text, _alias_key(aliases), home))


@lru_cache(maxsize=4096)
def _owners(text: str, aliases: tuple[tuple[str, str], ...], home: Home) -> tuple[_Fields, ...]:
    """``owners_of`` as fields, remembered per cell (owner cells repeat from row to row)."""
    if not _may_name_a_body(text, aliases):
        return ()
    doc, pipe, hits = _analyse(text, aliases)
    # copies with their places, national bodies read for ``home`` (the cache stays untouched); generic
    # units wait until it is known which stand in parentheses after the CEC
    hits = _placed(text, doc, pipe, hits, home, units=False)
    groups = _paren_groups(doc)

    # Parentheses that define an alias are not owners: skip their tokens. (Each group is read by its
    # first tokens and marked through a difference array: nested groups cost their number, not the
    # sum of their lengths — issue 18.)
    marks = [0] * (len(doc) + 1)
    for o, c in groups:
        inner = doc[o + 1:min(c, len(doc), o + 1 + _DEFINITION_TOKENS)].text
        if _lex().definition_start.match(inner):
            marks[o] += 1
            marks[min(c + 1, len(doc))] -= 1
    skipped, k = [False] * len(doc), 0
    for i in range(len(doc)):
        k += marks[i]
        skipped[i] = k > 0

    # A group owned by ЦИК: the first bare ЦИК of the same top-level comma segment before it.
    depth = [0] * (len(doc) + 1)
    d = 0
    for t in doc:
        if t.text == "(":
            d += 1
        depth[t.i] = d
        if t.text == ")" and d > 0:
            d -= 1
    # where the top-level comma segment of each token starts (after the last top-level «,» or «;»)
    segment = [0] * len(doc)
    last_sep = 0
    for j, t in enumerate(doc):
        segment[j] = last_sep
        if t.text in {",", ";"} and depth[j] == 0:
            last_sep = j + 1
    bare_cec = [h for h in hits if h.id == "cec" and h.department is None and depth[h.ts] == 0]
    cec_starts = [h.ts for h in bare_cec]
    cec_in_order = all(a.ts <= b.ts and a.te <= b.te for a, b in zip(bare_cec, bare_cec[1:]))
    owner_of_group: dict[tuple[int, int], _Hit] = {}
    for o, c in groups:
        if skipped[o]:
            continue
        seg_start = segment[o] if o < len(doc) else 0
        if cec_in_order:
            k = bisect.bisect_left(cec_starts, seg_start)
            if k < len(bare_cec) and bare_cec[k].te <= o:
                owner_of_group[(o, c)] = bare_cec[k]
        else:
            for h in bare_cec:
                if h.ts >= seg_start and h.te <= o:
                    owner_of_group[(o, c)] = h
                    break

    innermost = _innermost_groups(groups, len(doc))

    def group_of(i: int) -> Optional[tuple[int, int]]:
        return innermost[i] if 0 <= i < len(innermost) else None

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
        if toks and any(t.is_alpha or _LETTER.search(t.text) for t in toks):
            first_i = next(j for j, t in enumerate(piece) if not (t.is_space or t.is_punct or t.is_quote or t.lemma_ in pipe.filler))
            last = max(j for j, t in enumerate(piece) if not (t.is_space or t.is_punct or t.is_quote))
            s, e = piece[first_i].idx, piece[last].idx + len(piece[last].text)
            # «(IDEA SA)» after «ОФ «…»», a closing quote: trailing text of the previous unknown body
            if last + 1 < len(piece) and piece[last + 1].is_quote and any(t.is_quote for t in piece[first_i:last]):
                e = piece[last + 1].idx + len(piece[last + 1].text)  # keep «Манас» whole
            g = cec_group(piece[first_i].i)
            prev = items[-1][1] if items else None
            # a Russian department starts with its head word («Отдел кадров»), a Kyrgyz one ends with it
            # («Маалыматтык камсыздоо бөлүмү»)
            head = (piece[first_i].lemma_ in pipe.heads or (pipe.lang == "ky" and toks[-1].lemma_ in pipe.heads)) \
                and (g is not None or len(toks) > 1)
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
            elif head and home.issuer == "cec":
                items.append((piece[first_i].i, _Hit(piece[first_i].i, piece[last].i + 1, s, e, "cec", _by_id()["cec"],
                                                     department=text[s:e], kind="commission", extra={"head": True})))
            elif head:
                # «Отдел кадров», «Управление …» in another body's document: that body's own unit
                items.append((piece[first_i].i, _Hit(piece[first_i].i, piece[last].i + 1, s, e, "other",
                                                     kind="department")))
            elif prev is not None and prev.id == "ngo" and prev.extra.get("prefix_open") is not None \
                    and prev.extra["prefix_open"] == piece[0].i:
                prev.end = e
            else:
                items.extend(_unknown(doc, text, piece[first_i].i, piece[last].i + 1, s, e))
        piece = []

    # «(Ю.П. Холодняков)» after an owner: the person of that owner, not another owner.
    person_groups = {o: c for o, c in groups if c < len(doc) and not skipped[o]
                     and doc[c].idx - doc[o].idx <= _PERSON_CHARS and _is_person(text[doc[o].idx + 1:doc[c].idx])}

    separators = _separators()
    while i < len(doc):
        t = doc[i]
        if skipped[i]:
            flush_piece()
            i += 1
            continue
        h = hit_at.get(i)
        if h is not None and h.kind == "qualifier":
            if any(not (t.is_space or t.is_punct) for t in piece):
                # «управлений Роспотребнадзора по субъектам Российской Федерации»: the state ends the name
                piece.extend(doc[h.ts:h.te])
            else:
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
            _demote(h, home)
            if h.entry is not None and h.entry.prefix:
                h.extra["prefix_open"] = h.te
            items.append((i, h))
            i = h.te
            continue
        if i in person_groups:
            flush_piece()
            if items and not text[items[-1][1].end:t.idx].strip():
                owner, c = items[-1][1], person_groups[i]
                owner.extra["person"] = text[t.idx + 1:doc[c].idx].strip()
                owner.end, owner.te = doc[c].idx + 1, c + 1
                i = c + 1
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
    items = _with_posts(doc, text, pipe, _continued(doc, text, pipe, items))
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
            ref = dict(raw=text[h.start:h.end], id="other", kind=h.kind, start=h.start, end=h.end)
        else:
            ref = _ref(text, h, pipe.lang)
        department = ref.get("department")
        key = (ref["id"], norm_ws(department) if department else None)
        if ref["id"] != "other" and key in seen:
            continue
        seen.add(key)
        out.append(tuple(ref.items()))
    return tuple(out)


# --------------------------------------------------------------------------- whose document


_WORD = re.compile(r"[^\W\d_]+")

#: Kinds of body that issue documents: the others (parties, candidates, the media …) take part in a
#: plan but do not make it.
_ISSUER_KINDS = frozenset({"commission", "ministry", "agency", "state_body", "state_enterprise", "president",
                           "parliament", "government", "local_government", "court"})


def document_home(header: str, text: str) -> Home:
    """Whose document ``text`` is: ``header`` is its title, approving body and the lines above its
    first table or point; ``text`` the whole document.

    ``national`` (a document of the Kyrgyz Republic): the text is Kyrgyz or has a mark of the country
    (lexicon ``country_mark``: «КР», «Кыргызской Республики», «кенеш», «Бишкек» …). A text with no
    mark is not taken for Kyrgyz: its «ЦИК» may be any country's. ``issuer`` is ``"cec"`` in a
    Kyrgyz document whose header names the CEC («Утвержден постановлением Центральной комиссии …»,
    «КР БШКнын … Жумушчу тобу»), or, when the header names no body that issues documents other than
    the CEC, whose table rows name the CEC more often than any other such body (a schedule whose
    every row is organised by «ЦИК»); else ``None``: another body's document, a news item about the
    CEC, or one nobody can tell.
    """
    lex = _lex()
    whole = f"{header}\n{text}"
    national = _language(whole) == "ky" or (lex.country_mark is not None and lex.country_mark.search(whole) is not None)
    strict = Home(issuer=None, national=national)
    # Russian names the election before the body («выборов депутатов Жогорку Кенеш»), Kyrgyz after it
    # («Жогорку Кеңештин депутаттарын шайлоо»)
    before = tuple(norm(w) for w in _lexicon().ru.elected_words)
    after = tuple(norm(w) for w in _lexicon().ky.elected_words)

    def being_elected(line: str, b: BodyRef) -> bool:
        return (any(norm(w).startswith(before) for w in _WORD.findall(line[:b.start])[-2:])
                or any(norm(w).startswith(after) for w in _WORD.findall(line[b.end:])[:2]))

    named = [b.id for line in header.splitlines() for b in find_bodies(line, None, strict)
             if b.id != "other" and b.kind in _ISSUER_KINDS and not being_elected(line, b)]
    if "cec" in named:
        return Home("cec", national)
    if named:
        return Home(None, national)
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if "\t" not in line:
            continue  # prose names bodies it reports on; a table's cells name who does the work
        for cell in line.split("\t"):
            for b in find_bodies(cell, None, strict):
                if b.id != "other" and b.kind in _ISSUER_KINDS:
                    counts[b.id] = counts.get(b.id, 0) + 1
    cec = counts.get("cec", 0)
    if cec and all(n < cec for k, n in counts.items() if k != "cec"):
        return Home("cec", national)
    return Home(None, national)
