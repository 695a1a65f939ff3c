"""The citation grammar: references to legal provisions in Russian and Kyrgyz, as typed ``Citation``s.

Role: everything between a printed reference — «абзац второй ч.1, п.2 ч.2, ч.8,9,10 ст.49 Закона»,
«(Закон ч.19 ст.15)», «пунктами 2, 4 и 5 части 1 статьи 7 Закона Кыргызской Республики «Об избирательных
комиссиях …»», «Мыйзамдын 7-беренесинин 1-бөлүгүнүн 2, 4 жана 5-пункттары» — and
``shailoo.model.Citation``: one record per (article, part, point, paragraph) combination, each
carrying the act it cites as an id of the registry ``corpus/acts.yaml``.

The words are data: ``corpus/citations.yaml`` gives, per language and under shared concept keys, the
provision words (article, part, point, paragraph), the act words (law, regulation, constitution …),
the definition marker, the conjunction, paragraph ordinals and the phrases naming election kinds. This
module assembles them into one token regex for all languages (compiled once), finds tokens —
*components* (a provision word with its numbers), *acts* (titled «Закон КР «…»» or bare «Закона») —
and groups adjacent tokens into references. A reference's components are combined into chains:

* Russian writes the smaller unit first («ч.1,2 ст.12»): a component attaches to the chains before it
  that lack its level and hold only smaller ones; otherwise it opens new chains. «ст.60 ч.1» (larger
  first, separated only by a space) is also read.
* Kyrgyz writes the larger unit first («12-беренесинин 1-бөлүгү»): a component attaches to the chains
  of the previous component when they lack its level, else opens new chains that inherit the larger
  levels of the last chain.

A bare act word is resolved through the document's own definitions («(далее-Закон)»), then through
the act that is ``default_for`` the document's election kind; ``act_resolved_by`` says which. Every act of
the registry is Kyrgyz: an act printed with another jurisdiction («Закона ЧР», «Конституции Республики
Казахстан», «Федерального закона») or as a capital abbreviation after its provisions («ч. 5 ст. 5 ЗКО»)
resolves to none, and so does a bare act word in a document that is not Kyrgyz (``national``); the
act stays in ``act_raw`` as printed. A publication note («(Собрание законодательства …, № 52, ст. 6228)»)
gives no citation: its «ст.» numbers a gazette's entries. Without an act, a reference is taken when it
reaches an article or cannot be read otherwise (Kyrgyz «35-пункттун экинчи абзацындагы», Russian words
in full «в пункте 2»); a subpoint's bracket («пп.6) ст.14», «пунктом 6) статьи 14») belongs to its
number, and a subpoint is read at the point level. Nothing
here raises on odd text: a malformed reference («ст. Закона», «ч.3 ст.») is a ``Citation`` with
``reason`` set.

Offsets: matching is done on ``shailoo.normalize.norm(text)``, which keeps the length of the text, so
``start``/``end`` index the text given to ``find_citations``. Every citation of one reference carries
the span and ``raw`` text of the whole reference.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Literal, Optional

import regex

from shailoo import corpus
from shailoo.corpus.cache import Patterns
from shailoo.corpus.schemas import ActRegistry, CitationData
from shailoo.model import Citation
from shailoo.normalize import norm

LANGS = corpus.LANGUAGES
#: Provision levels, smallest first; a chain maps a level to its number.
LEVELS = ("paragraph", "point", "part", "article")
PARAGRAPH, POINT, PART, ARTICLE = range(4)


# --------------------------------------------------------------------------- data files


def citation_data() -> CitationData:
    """``corpus/citations.yaml``, validated, once per process (``shailoo.corpus.citations()``)."""
    return corpus.citations()


def acts() -> ActRegistry:
    """``corpus/acts.yaml``, validated, once per process (``shailoo.corpus.acts()``)."""
    return corpus.acts()


# --------------------------------------------------------------------------- the compiled grammar

#: A provision number as printed: «12», «8-1», «2-1», «9.1».
NUM = r"\d+(?:[.\-]\d+)*"


#: The kinds of act word; a reference's act is one of them.
_CONCEPTS = ("law", "regulation", "constitution", "code")


def _alt(*patterns: str) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


@dataclass
class _Grammar:
    token: regex.Pattern
    definition: regex.Pattern
    gap_components: regex.Pattern
    gap_act_after: regex.Pattern
    gap_act_before: regex.Pattern
    definition_parens: regex.Pattern
    ordinals: list[tuple[regex.Pattern, str]]
    act_words: dict[str, tuple[regex.Pattern, str]]  # concept -> (regex, lemma) over both languages
    constitutional: regex.Pattern
    self_word: regex.Pattern
    country: regex.Pattern
    kinds: list[tuple[str, regex.Pattern]]
    kinds_ignore: regex.Pattern
    kinds_foreign: Optional[regex.Pattern]
    jurisdiction: Optional[regex.Pattern]   # another state's or region's act words, both languages
    publication: Optional[regex.Pattern]    # a publication note, to the closing bracket or line end
    may_cite: regex.Pattern                 # a word every token needs (see ``_grammar``)
    # where ``definition`` can start and what it holds (``_definitions``); None: scan the whole text
    definition_anchor: Optional[regex.Pattern] = None
    definition_start: Optional[regex.Pattern] = None


#: The citation grammar's patterns, and the module's own, kept compiled on disk (``shailoo.corpus.cache``).
_PATTERNS = Patterns("citations")


@lru_cache(maxsize=None)
def _grammar() -> _Grammar:
    """The token regex and helpers, built from ``corpus/citations.yaml`` once per process."""
    data = citation_data()
    ru, ky = data.ru, data.ky

    def both(get) -> str:
        return _alt(get(ru).regex, get(ky).regex)

    conj_ru, conj_ky = ru.conjunction.regex, ky.conjunction.regex
    num_list_ru = rf"{NUM}(?:\s*(?:,\s*(?:(?:{conj_ru})\s+)?|\s+(?:{conj_ru})\s+){NUM})*"
    num_list_ky = rf"{NUM}(?:\s*(?:,\s*(?:(?:{conj_ky})\s+)?|\s+(?:{conj_ky})\s+){NUM})*"
    ord_ru = _alt(*ru.ordinals.values())
    ord_ky = _alt(*ky.ordinals.values())
    rk, kk, ra, ka = ru.keywords, ky.keywords, ru.acts, ky.acts
    B, E = r"(?<!\w)", r"(?!\w)"

    def opt(p) -> list[str]:
        return [p.regex] if p is not None else []

    # the words after a Russian act word: the Kyrgyz Republic, the issuer, or another jurisdiction
    after_ru = _alt(ra.country.regex, ra.issuer.regex, *opt(ra.jurisdiction))
    # the words before a Kyrgyz act word: the state («Кыргыз Республикасынын», «Казакстан Республикасынын»)
    state_ky = _alt(ka.country.regex, *opt(ka.jurisdiction))
    before_ru = rf"(?:(?:{ra.jurisdiction_before.regex})\s+)?" if ra.jurisdiction_before else ""
    before_ky = rf"(?:(?:{ka.jurisdiction_before.regex})\s+)?" if ka.jurisdiction_before else ""
    # a subpoint's bracket («пп.6) ст.14», «подпунктами 1), 2) и 5) статьи 12») belongs to its number
    # when another provision or number follows; otherwise it closes the brackets around the reference
    provision_ru = _alt(rk.article.regex, rk.part.regex, rk.point.regex)
    bracket = rf"(?:\)(?=[\s,]*(?:(?:{conj_ru})\s+)?(?:(?:{provision_ru})\s*)?\d|\s*(?:{provision_ru})))?"
    num_ru = rf"{NUM}{bracket}"
    num_list_ru_b = rf"{num_ru}(?:\s*(?:,\s*(?:(?:{conj_ru})\s+)?|\s+(?:{conj_ru})\s+){num_ru})*"

    title = r'"(?P<title>[^"\n]{2,400})"'
    pieces = [
        # «конституционный Закон Кыргызской Республики «О ЦИК КР»», «Положения ЦИК «О порядке …»»
        rf"(?P<act_ru_titled>{B}{before_ru}(?:(?:{ra.constitutional.regex})\s+)?(?:{_alt(ra.law.regex, ra.regulation.regex)})"
        rf"(?:\s+(?:{after_ru}))*(?:\s+от\s+[^\"\n]{{1,40}}?)?\s*{title})",
        # «“Жергиликтүү …” Кыргыз Республикасынын Мыйзамынын», «“…” Жобого»
        rf"(?P<act_ky_titled>\"(?P<title_ky>[^\"\n]{{2,400}})\"\s*(?:(?:{state_ky})\s+)?{before_ky}"
        rf"(?:(?:{ka.constitutional.regex})\s+)?(?:{_alt(ka.law.regex, ka.regulation.regex)}){E})",
        # «абзац второй», «второй абзац», «абзаца 2»
        rf"(?P<para_ru>{B}(?:(?:{rk.paragraph.regex})\s*(?:(?P<ord_a>{ord_ru}){E}|(?P<pnums>{num_list_ru})(?!\d))"
        rf"|(?P<ord_b>{ord_ru})\s+(?:{rk.paragraph.regex}){E}))",
        rf"(?P<comp_ru>{B}(?:(?P<ru_article>{rk.article.regex})|(?P<ru_part>{rk.part.regex})|(?P<ru_point>{rk.point.regex}))"
        rf"\s*(?P<nums>{num_list_ru_b})(?![\d\w]))",
        rf"(?P<para_ky>{B}(?P<ord_k>{ord_ky})\s+(?:{kk.paragraph.regex}){E})",
        # never from the middle of a number or a list («0.0.0…», «1, 2, …»): a match that could start there
        # starts at the list's first number, and the list is atomic (a Kyrgyz keyword follows its «-»)
        # — so each number is read once and the time grows linearly with the text (issue 18)
        rf"(?P<comp_ky>{B}(?<!\d(?:[.\-]|\s*,\s*(?:(?:{conj_ky})\s+)?|\s+(?:{conj_ky})\s+))"
        rf"(?P<knums>(?>{num_list_ky}))\s*-\s*(?:(?P<ky_article>{kk.article.regex})|(?P<ky_part>{kk.part.regex})"
        rf"|(?P<ky_point>{kk.point.regex})|(?P<ky_paragraph>{kk.paragraph.regex})){E})",
        # «настоящего Закона», «Закона КР», «Конституции», «конституционного Закона»
        rf"(?P<act_ru_bare>{B}(?:(?:{ra.self.regex})\s+)?{before_ru}(?:(?:{ra.constitutional.regex})\s+)?"
        rf"(?:{_alt(ra.law.regex, ra.regulation.regex, ra.constitution.regex, *opt(ra.code))}){E}"
        rf"(?:\s+(?:{after_ru}){E})*)",
        # «Мыйзамдын», «ушул Мыйзамдын», «Кыргыз Республикасынын Конституциясынын»
        rf"(?P<act_ky_bare>{B}(?:(?:{state_ky})\s+)?(?:(?:{ka.self.regex})\s+)?{before_ky}(?:(?:{ka.constitutional.regex})\s+)?"
        rf"(?:{_alt(ka.law.regex, ka.regulation.regex, ka.constitution.regex, *opt(ka.code))}){E})",
        # a provision abbreviation with no number: «ст. Закона», «ч.3 ст.»
        rf"(?P<empty>{B}(?:(?P<e_article>ст\.)|(?P<e_part>ч\.)|(?P<e_point>п\.))(?!\s*\d))",
        # «ЗКО», «ФЗ»: an act abbreviation; kept only in capitals right after a provision (``_tokens``)
        *([rf"(?P<act_abbr>{B}(?:{ra.abbreviation.regex}){E})"] if ra.abbreviation else []),
    ]
    token = _PATTERNS.compile("|".join(pieces))
    # Every piece of ``token`` holds one of these words (an act word, a provision word or «ст.»,
    # «ч.», «п.») as a part it cannot match without; an act abbreviation becomes a token only after
    # a provision (``_tokens``). A text where none of them occurs has no token: found with one cheap
    # search, as most cells and lines are (nine in ten of a plan's), rather than the whole grammar.
    may_cite = _PATTERNS.compile(_alt(
        ra.law.regex, ra.regulation.regex, ra.constitution.regex, *opt(ra.code),
        ka.law.regex, ka.regulation.regex, ka.constitution.regex, *opt(ka.code),
        rk.paragraph.regex, rk.article.regex, rk.part.regex, rk.point.regex,
        kk.paragraph.regex, kk.article.regex, kk.part.regex, kk.point.regex,
        r"ст\.|ч\.|п\."))

    definition = _PATTERNS.compile(
        rf"(?P<act>{pieces[0]}|{pieces[1]})[\s)\-,]*\(\s*(?:{_alt(ru.definition.regex, ky.definition.regex)})"
        r"\s*[-:]?\s*(?P<alias>[^(),;\n]{1,60}?)\s*[,;)]"
    )
    conj = _alt(conj_ru, conj_ky)
    defn = _alt(ru.definition.regex, ky.definition.regex)
    # ``_definitions`` looks for a definition only between the quotes before «(далее», when the words
    # around a definition's title cannot hold a quotation mark, and those that start it look no
    # further than themselves (see ``_definitions``); else it scans the whole text.
    around = [ra.jurisdiction_before, ra.constitutional, ra.law, ra.regulation, ra.country, ra.issuer,
              ra.jurisdiction, ka.country, ka.jurisdiction, ka.jurisdiction_before, ka.constitutional, ka.law,
              ka.regulation]
    starts = [ra.jurisdiction_before, ra.constitutional, ra.law, ra.regulation]
    windowed = (all(_no_quote(x.regex) for x in around if x is not None)
                and all(_no_lookahead(x.regex) for x in starts if x is not None))
    g = _Grammar(
        token=token,
        definition=definition,
        gap_components=_PATTERNS.compile(rf"[\s,;]*(?:(?:{conj})[\s,]*)?"),
        gap_act_after=_PATTERNS.compile(r"[\s,]*"),
        # «… (далее – Закон) ч.2 ст.5», and «… (мындан ары-Мыйзам, 10-бер., 4-бөл.)», whose definition
        # ends at a comma and the provisions follow inside the same brackets
        gap_act_before=_PATTERNS.compile(rf"[\s,:;)\-]*+(?:\(\s*(?:{defn})(?:[^()\n]{{0,80}}\)[\s,:;)\-]*"
                                         rf"|[^(),;\n]{{0,80}}[,;]\s*))?\(?\s*"),
        definition_parens=_PATTERNS.compile(rf"\(\s*(?:{defn})(?:[^(),;\n]{{0,80}}[,;]|[^()\n]{{0,80}}\))"),
        ordinals=[(_PATTERNS.compile(p), n) for lang in (ru, ky) for n, p in lang.ordinals.items()],
        act_words={
            name: (_PATTERNS.compile(both(lambda L, n=name: getattr(L.acts, n))), getattr(ru.acts, name).lemma)
            for name in _CONCEPTS if getattr(ru.acts, name) is not None
        },
        constitutional=_PATTERNS.compile(both(lambda L: L.acts.constitutional)),
        self_word=_PATTERNS.compile(both(lambda L: L.acts.self)),
        country=_PATTERNS.compile(both(lambda L: L.acts.country)),
        kinds=[(k, _PATTERNS.compile(both(lambda L, k=k: getattr(L.election_kinds, k))))
               for k in ("local", "parliamentary", "presidential", "referendum")],
        kinds_ignore=_PATTERNS.compile(both(lambda L: L.election_kinds.ignore)),
        kinds_foreign=_either(L.election_kinds.foreign for L in (ru, ky)),
        jurisdiction=_either(p for L in (ru, ky) for p in (L.acts.jurisdiction, L.acts.jurisdiction_before)),
        publication=(_PATTERNS.compile(
            rf"(?:{_alt(*(L.publication.regex for L in (ru, ky) if L.publication))})[^)\n]*")
            if ru.publication or ky.publication else None),
        may_cite=may_cite,
        definition_anchor=_PATTERNS.compile(rf"\(\s*(?:{defn})") if windowed else None,
        definition_start=_PATTERNS.compile(rf"{B}{_alt(*(x.regex for x in starts if x is not None))}")
        if windowed else None,
    )
    _PATTERNS.save()
    return g


def _either(patterns) -> Optional[regex.Pattern]:
    """One regex of the given (optional) patterns as whole words, or None when there is none."""
    found = [p.regex for p in patterns if p is not None]
    return _PATTERNS.compile(rf"(?<!\w)(?:{_alt(*found)})(?!\w)") if found else None


@lru_cache(maxsize=None)
def _lemmas() -> dict[str, dict[str, str]]:
    """concept -> language -> lemma of the act words («закон», «мыйзам», …)."""
    data = citation_data()
    return {name: {code: getattr(data.language(code).acts, name).lemma for code in LANGS}
            for name in _CONCEPTS if all(getattr(data.language(code).acts, name) is not None for code in LANGS)}


# --------------------------------------------------------------------------- acts


_QUOTES = _PATTERNS.compile(r'["\'«»“”]')
_COUNTRY = _PATTERNS.compile(r"кыргызской\s+республики|кыргыз\s+республикасынын")
_SPACES = _PATTERNS.compile(r"\s+")
_TRAILING_PUNCT = _PATTERNS.compile(r"[\s.,;:…]+$")
_TRAILING_KR = _PATTERNS.compile(r"(?:\s+кр)+$")
_CUT_TITLE = _PATTERNS.compile(r"(?:…|\.\.\.)\s*$")


def _title_key(title: str) -> str:
    """A title in the form compared with the registry: no quotes, country names as «кр», no trailing «кр»."""
    s = norm(title)
    s = _QUOTES.sub(" ", s)
    s = _COUNTRY.sub("кр", s)
    s = _SPACES.sub(" ", s)
    s = _TRAILING_PUNCT.sub("", s).strip()
    s = _TRAILING_KR.sub("", s)
    return s


@lru_cache(maxsize=None)
def _title_index() -> list[tuple[str, str]]:
    """(title key, act id) for every title, short name and alias of the registry."""
    out = []
    for aid, act in acts().acts.items():
        for t in (act.title.ru, act.title.ky, act.short.ru, act.short.ky, *act.aliases):
            if t:
                out.append((_title_key(t), aid))
    return out


@lru_cache(maxsize=1024)
def act_by_title(title: str) -> tuple[Optional[str], Optional[str]]:
    """The act id a printed title names, and a reason when none or several do.

    Exact match of the title key first; else a title of at least 15 characters (5 when cut with «…»)
    matches the registry titles it begins (a title printed short or cut) or that begin it.
    Remembered per title (the answer is a pair of strings, which no caller can change).
    """
    key = _title_key(title)
    if not key:
        return None, "empty_title"
    exact = {aid for k, aid in _title_index() if k == key}
    if len(exact) == 1:
        return exact.pop(), None
    # a title cut with «…» may be short; an uncut one must be long enough not to match by chance
    if len(key) >= (5 if _CUT_TITLE.search(title) else 15):
        found = {aid for k, aid in _title_index() if k.startswith(key) or (len(k) >= 15 and key.startswith(k))}
        if len(found) == 1:
            return found.pop(), None
        if found:
            return None, f"ambiguous_act: «{title}» could be {', '.join(sorted(found))}"
    return None, f"unknown_act: «{title}»"


_ALIAS_WORDS = _PATTERNS.compile(r"(?:(?P<c>\S+)\s+)?(?P<w>\S+)")


def _alias_key(alias: str) -> str:
    """The key of a defined alias: «Закон» -> «закон», «конституционный Закон» -> «конституционный закон»."""
    g = _grammar()
    s = _SPACES.sub(" ", norm(alias)).strip(" .,;:-")
    m = _ALIAS_WORDS.fullmatch(s)
    if m:
        for name, (pat, _) in g.act_words.items():
            if pat.fullmatch(m["w"]):
                lemma = _lemma_of(name, m["w"])
                if m["c"] is None:
                    return lemma
                if g.constitutional.fullmatch(m["c"]):
                    return "конституционный " + lemma
    return s


def _lemma_of(concept: str, word: str) -> str:
    """The lemma of an act word in the language it is written in."""
    for pattern, lemma in _act_word_patterns(concept):
        if pattern.fullmatch(word):
            return lemma
    return word


@lru_cache(maxsize=None)
def _act_word_patterns(concept: str) -> tuple[tuple[regex.Pattern, str], ...]:
    """(compiled regex, lemma) of an act word in each language, compiled once per process."""
    data = citation_data()
    out = tuple((_PATTERNS.compile(p.regex), p.lemma)
                for p in (getattr(data.language(code).acts, concept) for code in LANGS) if p is not None)
    _PATTERNS.save()
    return out


def document_act_definitions(text: str) -> dict[str, str]:
    """The acts a document names by a short word: «Закон КР «О выборах депутатов местных кенешей»
    (далее-Закон)» gives ``{"закон": "local_kenesh_law"}``; «(мындан ары – Мыйзам)» gives «мыйзам».

    Keys are lemmas of the alias (lower case; a constitutional law's key is «конституционный закон»);
    a definition whose act is not in the registry is left out. A later definition of the same word
    wins, as it does for a reader.
    """
    out: dict[str, str] = {}
    for m in _definitions(norm(text)):
        title = m["title"] or m["title_ky"]
        aid, _ = act_by_title(title)
        alias = text[m.start("alias"):m.end("alias")]
        if aid and alias.strip():
            out[_alias_key(alias)] = aid
    return out


def _definitions(low: str) -> Iterator["regex.Match"]:
    """``_grammar().definition.finditer(low)``, the same matches in the same order, without running the
    definition's pattern over the whole text (a plan of 500 000 characters has a handful).

    A definition is an act with its title in quotation marks, then «(далее …»: «Закон КР "О выборах"
    (далее – Закон)», «"…" Мыйзамы (мындан ары – Мыйзам)». The words before the title and those between
    it and the bracket cannot hold a quotation mark, nor can the title. So a definition whose bracket
    opens at ``a`` has its title between the two quotation marks last before ``a`` (``o``, ``c``), and
    starts after the mark before those (``p``) and at ``o`` at the latest: at ``o`` (a Kyrgyz title
    first) or where the first word of a Russian act starts. Those places, between ``p`` and ``o``, are
    the only ones tried, in order; the windows of successive brackets follow each other without
    overlapping, and each holds one definition at most. ``_grammar`` checks the words' patterns and
    scans the whole text when they could hold a quotation mark.
    """
    g = _grammar()
    if g.definition_anchor is None or g.definition_start is None:
        yield from g.definition.finditer(low)
        return
    quotes = [m.start() for m in _QUOTE.finditer(low)]
    if len(quotes) < 2:
        return
    pos = 0        # where the last definition found ends: the next starts there or after
    done = -1      # the closing mark of the last window tried
    for a in g.definition_anchor.finditer(low, overlapped=True):
        k = bisect.bisect_left(quotes, a.start()) - 1
        if k < 1 or quotes[k] == done:
            continue
        done = quotes[k]
        o = quotes[k - 1]
        lo = max(quotes[k - 2] + 1 if k >= 2 else 0, pos)
        if lo > o:
            continue
        tries = [m.start() for m in g.definition_start.finditer(low, lo, o + 1, overlapped=True) if m.start() < o]
        tries.append(o)
        for start in tries:
            m = g.definition.match(low, start)
            if m is not None:
                pos = m.end()
                yield m
                break


_QUOTE = _PATTERNS.compile('"')
#: What may make a pattern match a quotation mark, or look past its own match (``_definitions``): any
#: character, a negated or named class, an escaped code point, a class range from below «"».
_WIDE = ('"', ".", "\\W", "\\S", "\\D", "\\X", "\\p", "\\P", "\\N", "\\x", "\\u", "\\U", "\\0", "[^", "[[:")
_LOW_RANGE = _PATTERNS.compile(r'[\x00-\x22]-')
_LOOKAHEAD = ("(?=", "(?!")


def _no_quote(pattern: str) -> bool:
    """Whether ``pattern`` (a pattern of words) cannot match a quotation mark: it has none of ``_WIDE``
    (judged by its text, so a pattern that merely might is refused)."""
    return not any(w in pattern for w in _WIDE) and _LOW_RANGE.search(pattern) is None


def _no_lookahead(pattern: str) -> bool:
    return not any(w in pattern for w in _LOOKAHEAD)


def election_kind_of(title: str | None) -> str | None:
    """The kind of election a document title names: ``local`` («айылного кенеша», «местных кенешей»,
    «жергиликтүү кеңештердин»), ``parliamentary`` (Жогорку Кенеш), ``presidential`` («Президента»,
    «Президентин шайлоо») or ``referendum``; ``None`` when it names none, or names another country's
    election («Президента Российской Федерации», «депутатов Мажилиса»: the kinds are the Kyrgyz
    Republic's and choose its acts and statutes). The phrase that comes first in the title decides;
    the CEC's own name («по выборам и проведению референдумов») is ignored.
    """
    found = election_kind_phrase(title)
    return found[0] if found else None


def election_kind_phrase(title: str | None) -> tuple[str, str] | None:
    """``election_kind_of``'s kind with the words of the title that named it (as normalised:
    ``("local", "айылного кенеша")``); ``None`` when it names none."""
    if not title:
        return None
    g = _grammar()
    s = g.kinds_ignore.sub(lambda m: " " * len(m.group()), norm(title))
    if g.kinds_foreign is not None and g.kinds_foreign.search(s):
        return None  # another country's election («Президента Российской Федерации»): no Kyrgyz kind
    best: tuple[int, int, str, str] | None = None
    for rank, (kind, pat) in enumerate(g.kinds):
        m = pat.search(s)
        if m and (best is None or (m.start(), rank) < best[:2]):
            best = (m.start(), rank, kind, m.group())
    return (best[2], best[3]) if best else None


# --------------------------------------------------------------------------- tokens and references


@dataclass
class _Tok:
    kind: Literal["comp", "act", "empty"]
    start: int
    end: int
    lang: str = "ru"
    level: int = ARTICLE
    values: list[Optional[str]] = field(default_factory=list)
    # acts
    titled: bool = False
    title: Optional[str] = None
    concept: str = "law"  # law | regulation | constitution | code
    constitutional: bool = False
    foreign: bool = False         # named with another state's or region's words («Закона ЧР»)
    abbreviation: bool = False    # printed as an abbreviation («ЗКО»): an act of no registry
    # components
    abbreviated: bool = False     # «ч.», «п.», «ст.»: could be a time («ч. 30») or a list label


@dataclass
class _Ref:
    toks: list[_Tok] = field(default_factory=list)
    act: Optional[_Tok] = None
    act_before: bool = False

    @property
    def comps(self) -> list[_Tok]:
        return [t for t in self.toks if t.kind != "act"]


_SPLIT_NUMS = _PATTERNS.compile(NUM)


def _tokens(text: str, low: str) -> list[_Tok]:
    g = _grammar()
    out: list[_Tok] = []
    if g.may_cite.search(low) is None:
        return out
    # «(далее-Закон)» defines a word, it does not cite: tokens inside are skipped.
    inside = [m.span() for m in g.definition_parens.finditer(low)] if "(" in low else []
    # «(Собрание законодательства …, 2008, № 52, ст. 6228)» says where an act was printed: no provision
    if g.publication is not None:
        inside += [m.span() for m in g.publication.finditer(low)]
    for m in g.token.finditer(low):
        s, e = m.start(), m.end()
        if inside and any(a <= s < b for a, b in inside):
            continue
        if m["act_abbr"] is not None:
            # only in capitals and right after a provision («ч. 5 ст. 5 ЗКО»): elsewhere a short word
            prev = out[-1] if out else None
            if (text[s:e].isupper() and prev is not None and prev.kind == "comp"
                    and g.gap_act_after.fullmatch(low[prev.end:s])):
                out.append(_Tok("act", s, e, lang="ru", title=text[s:e], abbreviation=True))
            continue
        if m["act_ru_titled"] is not None or m["act_ky_titled"] is not None:
            title_span = m.span("title") if m["title"] is not None else m.span("title_ky")
            words = low[s:e]
            concept = "regulation" if g.act_words["regulation"][0].search(
                words[:title_span[0] - s] + " " + words[title_span[1] - s:]) else "law"
            outside = words[:title_span[0] - s] + " " + words[title_span[1] - s:]
            out.append(_Tok("act", s, e, titled=True, title=text[title_span[0]:title_span[1]],
                            concept=concept, constitutional=bool(g.constitutional.search(words)),
                            lang="ru" if m["act_ru_titled"] is not None else "ky",
                            foreign=_foreign(outside)))
        elif m["para_ru"] is not None or m["para_ky"] is not None:
            ordinal = m["ord_a"] or m["ord_b"] or m["ord_k"]
            if ordinal:
                values = [next((n for p, n in g.ordinals if p.fullmatch(ordinal)), ordinal)]
            else:
                values = _SPLIT_NUMS.findall(m["pnums"])
            out.append(_Tok("comp", s, e, lang="ru" if m["para_ru"] is not None else "ky",
                            level=PARAGRAPH, values=values))
        elif m["comp_ru"] is not None:
            level = ARTICLE if m["ru_article"] else PART if m["ru_part"] else POINT
            if level == ARTICLE and _is_heading(low, s, e):
                continue
            out.append(_Tok("comp", s, e, lang="ru", level=level, values=_SPLIT_NUMS.findall(m["nums"]),
                            abbreviated="." in low[s:m.start("nums")]))
        elif m["comp_ky"] is not None:
            level = (ARTICLE if m["ky_article"] else PART if m["ky_part"] else
                     POINT if m["ky_point"] else PARAGRAPH)
            if level == ARTICLE and _is_heading(low, s, e):
                continue
            out.append(_Tok("comp", s, e, lang="ky", level=level, values=_SPLIT_NUMS.findall(m["knums"])))
        elif m["act_ru_bare"] is not None or m["act_ky_bare"] is not None:
            words = low[s:e]
            concept = next((n for n, (p, _) in g.act_words.items() if p.search(words)), "law")
            out.append(_Tok("act", s, e, lang="ru" if m["act_ru_bare"] is not None else "ky",
                            concept=concept, constitutional=bool(g.constitutional.search(words)),
                            title=text[s:e], foreign=_foreign(words)))
        elif m["empty"] is not None:
            level = ARTICLE if m["e_article"] else PART if m["e_part"] else POINT
            out.append(_Tok("empty", s, e, level=level, values=[None]))
    return out


def _foreign(words: str) -> bool:
    """True when the words of an act (its title left out) name another state or region."""
    g = _grammar()
    return g.jurisdiction is not None and g.jurisdiction.search(words) is not None


def _is_heading(low: str, s: int, e: int) -> bool:
    """«Статья 1. Отношения …», «1-берене.»: an article heading at the start of a line, not a reference."""
    line_start = low.rfind("\n", 0, s) + 1
    return not low[line_start:s].strip() and low[e:e + 1] == "."


def _references(low: str, toks: list[_Tok]) -> list[_Ref]:
    """Group adjacent tokens into references (see the module doc)."""
    g = _grammar()
    refs: list[_Ref] = []
    cur: Optional[_Ref] = None
    prev: Optional[_Tok] = None

    def close():
        nonlocal cur
        if cur is not None:
            comps = cur.comps
            # An act alone is a mention of the act, not of a provision. Without an act, a reference
            # that reaches an article is taken, and one whose words cannot be anything else: Kyrgyz
            # «35-пункттун экинчи абзацындагы», Russian words in full («в пункте 2»). An abbreviation
            # alone is not: «ч. 30» is more often a time of day, «п. 3» a label of a list.
            real = [t for t in comps if t.kind == "comp"]
            if comps and (cur.act is not None
                          or (real and any(t.level == ARTICLE for t in comps))
                          or (real and all(t.lang == "ky" or not t.abbreviated for t in real))):
                refs.append(cur)
        cur = None

    for tok in toks:
        gap = low[prev.end:tok.start] if prev else ""
        if tok.kind in ("comp", "empty"):
            joined = False
            if cur is not None and prev is not None:
                if prev.kind == "act" and cur.act_before and cur.act is prev:
                    joined = bool(g.gap_act_before.fullmatch(gap))
                elif prev.kind != "act":
                    joined = bool(g.gap_components.fullmatch(gap))
            if joined:
                cur.toks.append(tok)
            else:
                close()
                cur = _Ref(toks=[tok])
        else:
            if (cur is not None and prev is not None and prev.kind != "act" and cur.act is None
                    and tok.lang == "ru" and g.gap_act_after.fullmatch(gap)):
                cur.toks.append(tok)
                cur.act = tok
                close()  # an act written after its provisions ends the reference
            else:
                close()
                cur = _Ref(toks=[tok], act=tok, act_before=True)
        prev = tok
    close()
    return refs


def _chains(ref: _Ref, low: str) -> list[dict[int, Optional[str]]]:
    """The (level -> number) combinations of a reference's components (see the module doc)."""
    chains: list[dict[int, Optional[str]]] = []
    last: list[dict[int, Optional[str]]] = []
    prev: Optional[_Tok] = None
    desc = False

    def attach(targets, level, values):
        # one pass over the chains (not a search per target): linear in their number
        wanted = {id(t) for t in targets}
        made, rebuilt = [], []
        for c in chains:
            if id(c) in wanted:
                copies = [{**c, level: v} for v in values]
                rebuilt.extend(copies)
                made.extend(copies)
            else:
                rebuilt.append(c)
        chains[:] = rebuilt
        return made

    for tok in ref.comps:
        L, vals = tok.level, tok.values or [None]
        ky = tok.lang == "ky"
        if prev is not None and prev.level < L and not ky:
            targets = [c for c in chains if max(c) < L]
            if targets:
                last, prev = attach(targets, L, vals), tok
                continue
        if (prev is not None and prev.level > L and last
                and all(L not in c and min(c) > L for c in last)
                and (ky or not low[prev.end:tok.start].strip())):
            last, prev, desc = attach(last, L, vals), tok, True
            continue
        base = {k: v for k, v in last[-1].items() if k > L} if (desc or ky) and last else {}
        new = [{**base, L: v} for v in vals]
        chains.extend(new)
        last, prev = new, tok
    return chains


def _resolve(act: "Optional[_ActRef]", definitions: dict[str, str], election_kind: Optional[str],
             national: Optional[bool] = None):
    """(act id, act_resolved_by, reason) of a reference's act token.

    Every act of the registry is an act of the Kyrgyz Republic: an act named with another state's or
    region's words («Закона ЧР», «Конституции Республики Казахстан», «Федерального закона …») or by
    an abbreviation («ЗКО») resolves to none, and so does a bare «Закона» / «Конституции» in a
    document that is not Kyrgyz (``national`` False). An act named by its title is looked up by the
    title wherever it is printed.
    """
    if act is None:
        return None, "unresolved", "no_act: the reference names no act"
    if act.foreign:
        return None, "unresolved", f"other_jurisdiction: «{act.title}» is not an act of the Kyrgyz Republic"
    if act.abbreviation:
        return None, "unresolved", f"unknown_act: «{act.title}»"
    if act.titled:
        aid, reason = act_by_title(act.title or "")
        return (aid, "explicit", None) if aid else (None, "unresolved", reason)
    if national is False:
        return None, "unresolved", (f"other_jurisdiction: «{act.title}» in a document that is not Kyrgyz "
                                    "names no act of the Kyrgyz Republic")
    if act.concept == "constitution":
        return "constitution", "explicit", None
    lemma = _lemmas()[act.concept]["ky" if act.lang == "ky" else "ru"]
    key = ("конституционный " + lemma) if act.constitutional and act.lang == "ru" else lemma
    if key in definitions:
        return definitions[key], "document_definition", None
    if act.concept == "code":
        return None, "unresolved", f"unknown_act: «{act.title}» (the registry holds no code)"
    # «конституционного Закона» after «(далее – Закон)» is that act only if it is a constitutional law
    if key != lemma and lemma in definitions and definitions[lemma] in acts().acts \
            and acts().acts[definitions[lemma]].type == "constitutional_law":
        return definitions[lemma], "document_definition", None
    if election_kind:
        wanted = {"regulation": ("regulation",),
                  "law": ("constitutional_law",) if act.constitutional else ("law", "constitutional_law")}[act.concept]
        for aid, a in acts().acts.items():
            if election_kind in a.default_for and a.type in wanted:
                return aid, "election_kind", None
        return None, "unresolved", f"act_unresolved: no {'/'.join(wanted)} is the default for {election_kind} elections"
    return None, "unresolved", f"act_unresolved: «{act.title}» is not defined in the document and the election kind is unknown"


def find_citations(text: str, definitions: dict[str, str] | None = None,
                   election_kind: str | None = None, national: bool | None = None) -> list[Citation]:
    """Every reference to a provision in ``text``, one ``Citation`` per (article, part, point,
    paragraph) combination, in the order printed.

    ``definitions`` are the document's own short names (``document_act_definitions``); a bare
    «Закона» / «Мыйзамдын» resolves through them (``act_resolved_by="document_definition"``), else
    through the act that is ``default_for`` ``election_kind`` (``"election_kind"``), else stays
    ``"unresolved"`` with a ``reason``. ``national`` says whether the document is Kyrgyz
    (``shailoo.parsers.extract.bodies.document_home``): when False a bare act word names no act of the
    registry (reason ``other_jurisdiction``); None (unknown) reads it as Kyrgyz. An act printed with
    another jurisdiction («Закона ЧР», «Закона Оренбургской области») or as an abbreviation («ЗКО») is
    never a registry act; ``act_raw`` keeps it as printed. An act named with its title is ``"explicit"``. A malformed
    reference («ст. Закона», «ч.3 ст.», a law's part without an article) still gives a Citation, with
    ``reason`` set. ``start``/``end`` index ``text`` and span the whole reference, whose text is
    ``raw``. Never raises on any text. Returns new objects on every call.
    """
    if not text:
        return []
    definitions = definitions or {}
    out: list[Citation] = []
    for r in (_readings(text) if len(text) <= _CACHED_LEN else _read(text)):
        raw = text[r.start:r.end]
        aid, by, act_reason = _resolve(r.act, definitions, election_kind, national)
        act_raw = text[r.act.start:r.act.end] if r.act else None
        act_type = acts().acts[aid].type if aid else ("regulation" if r.act and r.act.concept == "regulation" else None)
        for c in r.chains:
            reasons = list(c.reasons)
            if not c.has_article and act_type != "regulation":
                reasons.append("no_article")
            if act_reason:
                reasons.append(act_reason)
            out.append(Citation(
                raw=raw, act=aid, act_raw=act_raw, act_resolved_by=by,
                article=c.article, part=c.part, point=c.point, paragraph=c.paragraph, start=r.start, end=r.end,
                reason="; ".join(reasons) or None,
            ))
    return out


@dataclass(frozen=True)
class _ActRef:
    """The act of a reference, as ``_resolve`` reads it (offsets into the text)."""

    start: int
    end: int
    lang: str
    titled: bool
    title: Optional[str]
    concept: str
    constitutional: bool
    foreign: bool = False
    abbreviation: bool = False


@dataclass(frozen=True)
class _Chain:
    """One (article, part, point, paragraph) combination, and the reasons its numbers give."""

    article: Optional[str]
    part: Optional[str]
    point: Optional[str]
    paragraph: Optional[str]
    has_article: bool              # the article level is present (possibly without a number)
    reasons: tuple[str, ...]       # «<level>_without_number», smallest level first


@dataclass(frozen=True)
class _Reading:
    """A reference of a text, before its act is resolved against a document's definitions."""

    start: int
    end: int
    act: Optional[_ActRef]
    chains: tuple[_Chain, ...]


#: Texts up to this length (cells, lines) have their readings remembered.
_CACHED_LEN = 1000


def _read(text: str) -> tuple[_Reading, ...]:
    """The references of ``text`` with their chains: everything that depends on the text alone."""
    low = norm(text)
    out = []
    for ref in _references(low, _tokens(text, low)):
        a = ref.act
        act = (_ActRef(a.start, a.end, a.lang, a.titled, a.title, a.concept, a.constitutional, a.foreign,
                       a.abbreviation)
               if a is not None else None)
        chains = tuple(
            _Chain(chain.get(ARTICLE), chain.get(PART), chain.get(POINT), chain.get(PARAGRAPH), ARTICLE in chain,
                   tuple(f"{LEVELS[lvl]}_without_number" for lvl in range(4) if lvl in chain and chain[lvl] is None))
            for chain in _chains(ref, low))
        out.append(_Reading(min(t.start for t in ref.toks), max(t.end for t in ref.toks), act, chains))
    return tuple(out)


# The same cells and lines come back in every row and document: a reading is remembered per text.
# It is immutable, and the citations are built from it anew on every call.
_readings = lru_cache(maxsize=8192)(_read)


_EMPTY_PARENS = _PATTERNS.compile(r"\(\s*[,;:.\-]*\s*\)")
_OPEN_AT_END = _PATTERNS.compile(r"\(\s*$")
_BLANKS = _PATTERNS.compile(r"[ \t\u00a0]+")
_SPACE_BEFORE_PUNCT = _PATTERNS.compile(r" +([,;.)])")
_REPEATED_SEPARATORS = _PATTERNS.compile(r"([,;])(?:\s*[,;])+")


_PUNCT_IN_EMPTY_PARENS = frozenset(",;:.-")


def _drop_empty_parens(s: str) -> str:
    """``s`` with every pair of brackets that holds only blanks and punctuation (``_EMPTY_PARENS``)
    replaced by a blank, innermost first, until none is left — in one pass: «(((…)))» nested ten
    thousand deep costs as much as its length (issue 18), not one sweep per level.

    Each open bracket keeps the state of the pattern (blanks, punctuation, blanks) over what it holds so far (0 leading
    blanks, 1 punctuation, 2 trailing blanks, 3 anything else); a pair that closes in a state below 3
    is replaced by a blank, which its parent then reads as a blank.
    """
    if "(" not in s:
        return s
    buf: list[str] = []
    opens: list[list[int]] = []   # [index in buf, state]

    def step(state: int, ch: str) -> int:
        if state == 3:
            return 3
        if ch.isspace():
            return 0 if state == 0 else 2
        if ch in _PUNCT_IN_EMPTY_PARENS and state < 2:
            return 1
        return 3

    for ch in s:
        if ch == "(":
            opens.append([len(buf), 0])
            buf.append(ch)
        elif ch == ")" and opens:
            i, state = opens.pop()
            if state < 3:
                del buf[i:]
                buf.append(" ")
                if opens:
                    opens[-1][1] = step(opens[-1][1], " ")
            else:
                buf.append(ch)
                if opens:
                    opens[-1][1] = 3
        else:
            buf.append(ch)
            if opens:
                opens[-1][1] = step(opens[-1][1], ch)
    return "".join(buf)


def strip_citations(text: str, citations: list[Citation]) -> str:
    """``text`` without the citations' spans, the parentheses that held only them, and the commas and
    white space left dangling: what remains of a responsible cell is its owner text.
    """
    spans = sorted({(c.start, c.end) for c in citations})
    parts, pos = [], 0
    for s, e in spans:
        if s < pos:
            s = pos
        if e <= s:
            continue
        parts.append(text[pos:s])
        parts.append(" ")
        pos = e
    parts.append(text[pos:])
    s = "".join(parts)
    s = _drop_empty_parens(s)
    end = len(s)   # brackets left open at the end («… (»), the last first, in one backward scan
    while True:
        i = end - 1
        while i >= 0 and s[i].isspace():
            i -= 1
        if i < 0 or s[i] != "(":
            break
        end = i
    s = s[:end]
    s = _BLANKS.sub(" ", s)
    s = _SPACE_BEFORE_PUNCT.sub(r"\1", s)
    s = _REPEATED_SEPARATORS.sub(r"\1", s)
    return s.strip(" \t\n,;:-")
