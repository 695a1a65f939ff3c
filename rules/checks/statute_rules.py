"""The rules that check a document against the statute knowledge base (``shailoo.rules.statutes``): SH15x.

* ``statute-conflict`` (SH151): a row's relative term differs from the term the cited provision (or,
  for a row citing nothing, a provision that matches its term and subject) sets for the document's
  election kind, in the edition in force on election day;
* ``citation-unknown`` (SH152): a citation the knowledge base cannot use — malformed (the parser gave
  a ``reason``), an act it does not know, an article/part it does not know on a row whose term it
  should check, or a provision none of whose editions is in force on election day;
* ``citation-mismatch`` (SH153): the cited provision's subject shares no word with the activity.

Every rule reads the knowledge base with ``shailoo.rules.statutes.load(ctx.options["statutes"])`` (the shipped
corpus plus ``--statutes`` directories; loaded once per set of directories).
Messages, titles and descriptions are the message catalogue's (``rules.<CODE>.*``, and the words of
terms, editions and sources under ``rules.*``); the words read in titles and provisions (levels of
councils, common stems) are language data (``rule_words``).

Decisions recorded here (tested in tests/test_rules_statutes.py):

* Which law and which election (``shailoo.rules.election``, ``ctx.election``; ``--jurisdiction`` and
  ``--election-kind`` override it): a document that is not the Kyrgyz Republic's, or whose election kind
  is unknown, gets no finding of SH151–SH153, and one ``info`` finding of SH150 ``statutes-not-applied``
  saying why (only when it has what those rules read: a citation, a relative term), as does an early,
  repeat or by-election (which periods were used).
* The document's election kinds are ``ElectionContext.statute_kinds``: the kind its title (or a heading)
  names (``local``, ``presidential`` …), its type (``regular``/``early``/``repeat``/``by_election``) and
  the level of a local council it names (``ayil_kenesh``, ``city_kenesh``, ``district_kenesh``).
  A time limit restricted by ``applies_to`` is compared only when it shares a kind with the document;
  when the title names no level, level-restricted limits are compared too (any of them may be meant).
  A limit restricted to no type is the regular one: an early or repeat election is compared only with
  the limits restricted to its type (``applies``).
* Terms are compared when anchor and direction agree and the units agree, «day» and «calendar_day»
  counting as the same unit (plans drop «календарных» where the statute has it, as ``match`` does).
  A row's term agrees with a provision when *any* applicable time limit of it (the provision or one of
  its ``variants``) has the row's n: a part that sets several deadlines (ст.13 ч.4: 10, 5, 3 days) is
  cited for each of them. Otherwise the nearest n is the expected value.
* Direction of the difference: fewer days before an event, or more days after / within a period
  from it, is a later deadline than the law allows — ``error``; the opposite (a stricter plan) is a
  ``warning``.
* Evidence grades cap the severity (issue 17): the grade of the value is that of its edition's own
  ``source`` (``shailoo.rules.statutes.grade``; ``also_sources`` do not raise it). Only ``statute``
  (statute text, an amending law's text, an official translation) may give an ``error``; ``practice``
  (CEC practice) gives a ``warning`` in either direction, and its message starts «По практике ЦИК
  (<the plan>) …» instead of «по закону»; ``secondary`` (a report, an unofficial translation) gives
  ``info``. A user's ``severity`` in ``shailoo.toml`` cannot raise a capped hit. Every SH15x finding
  carries the grade and the source in ``Finding.statute`` (``grade``, ``source_kind``, ``source``):
  SH152 on a citation the knowledge base holds no value for has the grade ``absent``; SH152 on an
  edition not in force and SH153 take the best-graded source of the provision.
* A row that cites nothing is compared only with the provisions that ``match`` its term *and* share
  the most subject words with the row (at least one): a bare «за 50 дней до дня голосования» fits too
  many provisions to say which one the plan means.
* ``citation-unknown`` for an article or part the knowledge base does not hold fires only on rows
  with a relative term: the knowledge base records time limits, so its silence about «ст.36 ч.6» on a
  row without a term says nothing about that citation (seed 001 cites ~30 such parts, all correctly);
  an unknown act or a malformed citation is reported on every row.
* ``citation-mismatch`` compares word stems (the first 5 letters of words of 4+ letters, ё→е, minus
  words common to every election provision) of the provision's subject in the document's language with
  the row's text and its terms' anchors; it fires only when no stem is shared, and stays silent when the
  subject is unknown in the document's language (most Kyrgyz subjects are null in the corpus). It
  also stays silent on a row without a relative term citing a provision whose subject is known only
  from CEC practice: such a subject describes the one use a plan made of the part, while the part may
  say more (seed 001 row 6 cites ст.22 ч.2-2 for materials for voters with disabilities, row 8 for
  candidates' programs, the subject the corpus learnt from row 8).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Optional

import regex

from shailoo.rules.context import Context, Hit, cell_holding
from shailoo.rules.election import LEVELS
from shailoo.rules.findings import SEVERITY_RANK, StatuteRef
from shailoo.rules.registry import rule
from shailoo.rules.statutes import Deadline, Edition, KnowledgeBase, Provision, StatuteError, Term, _acts_registry, load
from shailoo.rules.statutes import TEXT_KINDS, grade as source_grade
from shailoo import corpus
from shailoo.rules.words import CITE, alternation, per_lang, term_words, word
from shailoo.model import Activity, Citation, RelativeTerm
from shailoo.corpus.i18n import text
from shailoo.rules.words import rule_word_list, rule_word_map, table

# --------------------------------------------------------------------------- the knowledge base


@lru_cache(maxsize=8)
def _kb(dirs: tuple[str, ...]) -> KnowledgeBase:
    return load(list(dirs))


def knowledge_base(ctx: Context) -> Optional[KnowledgeBase]:
    """The knowledge base for ``ctx`` (shipped + ``ctx.options["statutes"]``); None when a user directory
    is invalid (``shailoo check`` validates ``--statutes`` before running the rules, so this only keeps
    a rule from raising)."""
    dirs = ctx.options.get("statutes") or ()
    if isinstance(dirs, (str, bytes)):
        dirs = (dirs,)
    try:
        return _kb(tuple(str(d) for d in dirs))
    except StatuteError:
        return None


def election_day(ctx: Context) -> Optional[dt.date]:
    """The election day the editions are taken at: the calendar's, else the document's."""
    d = ctx.calendar.anchors.get("election_day") if ctx.calendar is not None else None
    d = getattr(d, "date", d)
    return d if isinstance(d, dt.date) else ctx.doc.document.election_day


#: Levels of local councils (``shailoo.rules.election.LEVELS``).
_LEVEL_KINDS = frozenset(LEVELS)


def election_kinds(ctx: Context) -> set[str]:
    """The election kinds of the document in the knowledge base's words (``shailoo.rules.election``, with
    ``--election-kind`` over it): e.g. {local, regular, ayil_kenesh}, {parliamentary, early}."""
    return ctx.election.statute_kinds()


#: Types of election a time limit may be restricted to; a limit restricted to none of them is the regular one.
_TYPES = frozenset({"regular", "early", "repeat", "by_election"})


def applies(d: Deadline, kinds: set[str]) -> bool:
    """Whether time limit ``d`` applies to an election of ``kinds``.

    The type first: a limit restricted to ``early``/``repeat`` applies to those elections only, and a limit
    restricted to no type is the regular one — an early, repeat or by-election runs on its own (shortened)
    periods, so it is compared only with the limits set for its type (none known: not compared). Then
    the kind and level, as restricted by the other words of ``applies_to``."""
    tags = set(d.applies_to or ())
    types = tags & _TYPES
    if not (types & kinds if types else "regular" in kinds or not (kinds & _TYPES)):
        return False
    rest = tags - _TYPES
    if not rest or rest & kinds:
        return True
    # no level named by the document: a level-restricted limit may be the one meant
    return not (kinds & _LEVEL_KINDS) and rest <= _LEVEL_KINDS


def in_force(d: Deadline, on: Optional[dt.date]) -> Optional[tuple[Term, Edition]]:
    """The term of ``d`` in force on ``on`` (the latest edition when ``on`` is unknown)."""
    return d.value_on(on) if on is not None else d.latest()


def _unit(u: str) -> str:
    return "calendar_day" if u == "day" else u


def comparable(t: Any, law: Term) -> bool:
    """Same anchor, direction and unit («day» = «calendar_day»)."""
    return t.anchor == law.anchor and t.direction == law.direction and _unit(t.unit) == _unit(law.unit)


def relative_terms(a: Activity) -> list[RelativeTerm]:
    """The row's relative terms, each printed term once."""
    out: list[RelativeTerm] = []
    for t in [*(a.terms or []), a.term]:
        if isinstance(t, RelativeTerm) and all((t.start, t.raw) != (u.start, u.raw) for u in out):
            out.append(t)
    return out


def cited_provisions(kb: KnowledgeBase, c: Citation) -> list[tuple[str, Provision]]:
    """The provisions citation ``c`` names: the exact key, else (a whole article or part cited) every
    provision under it. Empty for a malformed citation or one the knowledge base does not know."""
    if c.reason or not c.act:
        return []
    p = kb.provision(c.act, c.article, c.part, c.point)
    if p is not None:
        return [(c.act, p)]
    if c.point is None and (c.article is not None):
        return [(c.act, q) for q in kb.under(c.act, c.article, c.part)]
    return []


# --------------------------------------------------------------------------- words for messages


def term_text(t: Any, lang: str) -> str:
    """«за 60 календарных дней до дня голосования» / «добуш берүү күнүнө чейин 60 календардык күн» / «60
    calendar days before election day» (``shailoo.rules.words.term_words``)."""
    return term_words(t.n, t.unit, t.direction, t.anchor, lang)


#: Where a value comes from (the edition's source kind), in words.
_SOURCE = table("source")


def _short(s: str, n: int = 90) -> str:
    """``s`` squashed and, when longer than ``n``, cut at a word boundary («…»): a quote in a message."""
    s = " ".join((s or "").split())
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:—-") + " …"


def _cut(s: str, n: int) -> str:
    """``s`` squashed and cut to ``n`` characters: the ``expected``/``found`` fields of SH153, kept as they were
    (data for programs; the message quotes at word boundaries, ``_short``)."""
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _fmt(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
#: What a description of a source document gives (corpus/statutes ``source.document``, a plan learnt by
#: ``shailoo statutes learn``): the CEC resolution approving it, the election it is for, its rows, whether it
#: is a calendar plan. The words are language data (``rule_words`` ``source_*``).
_APPROVED = regex.compile(rf"(?:{alternation('source_resolution')})\s+(?P<date>{_DATE})\s*№\s*(?P<number>[\w/-]+)", regex.I)
_ELECTION = regex.compile(rf"(?:{alternation('source_election')})\s+(?P<date>{_DATE}|\d{{1,2}}\s+\p{{L}}+\s+\d{{4}})",
                          regex.I)
_ROWS = regex.compile(rf"(?:{alternation('source_row')})\s+(?P<n>\d+(?:\s*,\s*\d+)*)", regex.I)
_PLAN = regex.compile(alternation("source_plan"), regex.I)


def _date_words(raw: str) -> Optional[str]:
    """«9 октября 2022» / «09.10.2022» as DD.MM.YYYY (None when it is not a date)."""
    m = regex.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", raw)
    if m:
        return f"{int(m[1]):02d}.{int(m[2]):02d}.{m[3]}"
    m = regex.fullmatch(r"(\d{1,2})\s+(\p{L}+)\s+(\d{4})", raw)
    if m:
        month = _month(m[2])
        if month:
            return f"{int(m[1]):02d}.{month:02d}.{m[3]}"
    return None


def _month(name: str) -> Optional[int]:
    """The month a word of any language's data names («октября» → 10), else None."""
    low = name.lower()
    for lang in corpus.all_languages():
        for num, stems_ in lang.months.items():
            if any(low.startswith(st) for st in stems_):
                return int(num)
    return None


def document_text(document: str, lang: str) -> str:
    """The document a value of CEC practice was read in, as a lawyer cites it, from its description:
    «календарный план, утверждённый постановлением ЦИК от 10.08.2022 № 72, строка 12» — the CEC resolution
    that approved it (number and date), else the election it is for, and the rows; a description that gives
    neither (a user's own knowledge base) as written, shortened at a word boundary."""
    doc = " ".join((document or "").split())
    approved, election = _APPROVED.search(doc), _ELECTION.search(doc)
    day = _date_words(election["date"]) if election else None
    if approved:
        out = text("rules.plan.approved", lang, date=_date_words(approved["date"]) or approved["date"],
                   number=approved["number"])
    elif day and _PLAN.search(doc):
        out = text("rules.plan.for_election", lang, date=day)
    elif day:
        out = text("rules.plan.cec_document", lang, date=day)
    elif doc:
        return _short(doc, 90)  # a description in the user's own words («Plan № 72, row 9»): as written
    else:
        out = text("rules.plan.unknown", lang)
    rows = _ROWS.search(doc)
    if rows:
        numbers = regex.split(r"\s*,\s*", rows["n"])
        out += text(f"rules.plan.{'rows' if len(numbers) > 1 else 'row'}", lang, n=", ".join(numbers))
    return out


def source_text(ed: Edition, lang: str, src: Optional[Any] = None) -> str:
    """The source of the edition's value (``src``, by default its own ``source``) in words: «текст закона»,
    «неофициальный перевод закона»; CEC practice names its document (``document_text``), a report the
    election it was about."""
    src = src if src is not None else ed.source
    if src.kind == "cec_practice":
        doc = document_text(src.document, lang)
    else:
        election = _ELECTION.search(" ".join(src.document.split()))
        day = _date_words(election["date"]) if election else None
        doc = text("rules.plan.about", lang, date=day) if day else ""
    return word(_SOURCE, src.kind, lang).format(doc=doc)


#: The act that made an edition (``amending_act``): its kind, date and number (``rule_words`` ``amending_*``).
_AMENDING = regex.compile(rf"(?:{alternation('amending_law')})\s+(?P<date>{_DATE})\s*№\s*(?P<number>[\w/-]+)", regex.I)
_CONSTITUTIONAL = regex.compile(alternation("amending_constitutional"), regex.I)


def amending_text(act: str, lang: str) -> str:
    """The act that made an edition, in ``lang``: «Закон КР от 12.10.2011 № 170» / «Кыргыз Республикасынын
    12.10.2011-ж. № 170 Мыйзамы»; the description as given (without its remarks in brackets) otherwise."""
    squashed = " ".join(act.split())
    m = _AMENDING.search(squashed)
    if m is None:
        return regex.sub(r"\s*\(.*$", "", squashed) or squashed
    kind = "constitutional_law" if _CONSTITUTIONAL.search(squashed[: m.end()]) else "law"
    return text(f"rules.amending.{kind}", lang, date=m["date"], number=m["number"])


def edition_text(ed: Edition, lang: str) -> str:
    """«ред. от 14.07.2011, действовала до 12.10.2011», «14.07.2011-ж. редакциясы (күчүндө болгон мезгили
    аныкталган эмес)»: the edition by its first day, its last, the act that made it, and whether its period
    is established."""
    s = text("rules.edition.since", lang, start=_fmt(ed.from_))
    if ed.to:
        s += text("rules.edition.until", lang, end=_fmt(ed.to))
    if ed.amending_act:
        s += text("rules.edition.amended", lang, act=amending_text(ed.amending_act, lang))
    if not ed.period_known:
        s += text("rules.edition.unknown_period", lang)
    return s


def act_title(kb: KnowledgeBase, act: str, lang: str) -> str:
    """The act's title in quotes («О выборах депутатов местных кенешей»): corpus/acts.yaml's, else the knowledge
    base's (a user's own act); the id only for an act neither names."""
    title = _title(kb, act, lang)
    return f"«{title}»" if title else act


def _title(kb: Optional[KnowledgeBase], act: str, lang: str) -> Optional[str]:
    """The act's title in ``lang`` (ru, else ky, when it has none in ``lang``): the registry's, else the
    knowledge base's; None when neither names it."""
    for holder in (corpus.acts().acts.get(act), kb.acts.get(act) if kb is not None else None):
        t = getattr(holder, "title", None)
        found = (getattr(t, lang, None) or t.ru or t.ky) if t is not None else None
        if found:
            return " ".join(found.split())
    return None


#: A provision as a message cites it: the pieces in the chain of the language, the act in the case the
#: sentence needs (``rules.cite_chain``, ``rules.act_of``).
_CHAIN = per_lang("cite_chain")
_ACT_OF = table("act_of")


def provision_text(kb: KnowledgeBase, act: str, p: Provision, lang: str) -> str:
    """«ст.12 ч.1 Закона КР «О выборах депутатов местных кенешей»» / «Кыргыз Республикасынын «…» Мыйзамынын
    12-беренесинин 1-бөлүгү» / «art.12 part 1 of the Law of the Kyrgyz Republic «…»»."""
    chain = _CHAIN[lang]
    given = [(k, v) for k, v in (("article", p.article), ("part", p.part), ("point", p.point)) if v]
    pieces = [chain[f"{k}.{'last' if i == len(given) - 1 else 'mid'}"].format(v) for i, (k, v) in enumerate(given)]
    title = _title(kb, act, lang)
    kind = getattr(corpus.acts().acts.get(act), "type", None) or getattr(kb.acts.get(act), "type", None)
    if title is None:
        named = act
    else:
        named = word(_ACT_OF, kind if kind in _ACT_OF else "other", lang).format(title=title)
    return chain["form"].format(cite=chain["sep"].join(pieces), act=named)


#: Why a citation could not be read (SH152), by the citation parser's reason codes.
_REASONS = table("SH152.reason")


def reason_text(reason: Optional[str], lang: str) -> str:
    """The citation parser's reasons («no_article; unknown_act: «…» (the registry holds no code)») in words,
    each once: «не указана статья; акт не найден в перечне известных программе актов»."""
    out: list[str] = []
    for part in (reason or "act_unresolved").split(";"):
        code = part.split(":", 1)[0].strip()
        said = word(_REASONS, code if code in _REASONS else "other", lang)
        if said not in out:
            out.append(said)
    return "; ".join(out)


def statute_ref(act: str, p: Provision, ed: Optional[Edition], src: Optional[Any] = None,
                grade: Optional[str] = None) -> StatuteRef:
    """The provision, its edition and the evidence for the value: ``src`` (a ``Source``; by default the
    edition's ``source``) and its ``grade`` (by default ``grade_of(src)``; ``absent`` when there is no value)."""
    if src is None and ed is not None:
        src = ed.source
    if grade is None:
        grade = grade_of(src) if src is not None else "absent"
    return StatuteRef(act=act, article=p.article, part=p.part if p.point is None else f"{p.part or ''} {CITE['ru']['point'].format(p.point)}".strip(),
                      edition=ed.from_.isoformat() if ed else None, grade=grade,
                      source_kind=src.kind if src is not None else None,
                      source=src.document if src is not None else None)


# --------------------------------------------------------------------------- evidence grades (issue 17)

#: The worst severity each evidence grade may give: only the statute's text (an amending law's text, an
#: official translation) makes an error; a value from CEC practice at most a warning; one from a
#: secondary source (a report, an unofficial translation) at most info. The grade of a source is
#: ``shailoo.rules.statutes.grade`` (the one place kinds are mapped to grades); the value's grade is that
#: of its edition's own ``source`` (``also_sources`` corroborate, they do not raise it).
GRADE_CAP = {"statute": "error", "practice": "warning", "secondary": "info"}


def grade_of(src: Any) -> str:
    """The evidence grade of a ``Source`` (``statute``, ``practice``, ``secondary``); an unknown kind counts
    as ``secondary``, the weakest: never an error on evidence we cannot name."""
    try:
        return source_grade(src)
    except KeyError:
        return "secondary"


def capped(severity: str, grade: str) -> str:
    """``severity`` no worse than ``grade`` allows (``GRADE_CAP``)."""
    return max(severity, GRADE_CAP.get(grade, "info"), key=lambda s: SEVERITY_RANK[s])


def provision_source(p: Provision) -> Optional[Any]:
    """The best-graded source among the editions of ``p`` (and its variants): what a finding about the
    provision itself, not one value of it, rests on (citation-mismatch, an edition not in force)."""
    order = {g: i for i, g in enumerate(GRADE_CAP)}
    srcs = [e.source for d in p.deadlines() for e in d.editions]
    return min(srcs, key=lambda s: order.get(grade_of(s), len(order))) if srcs else None


# --------------------------------------------------------------------------- subjects and words

#: Stems common to nearly every election provision: sharing one of them says nothing about the subject.
_COMMON = frozenset(rule_word_list("common_stems"))
#: Letters folded before stems are taken (ё→е), from the language data.
_FOLDS = str.maketrans(rule_word_map("letter_folds"))
_WORD = regex.compile(r"\p{L}{4,}")


def stems(text: str) -> set[str]:
    """Word stems for the overlap test: the first 5 letters of each word of 4+ letters (ё→е, ң kept),
    minus ``_COMMON``."""
    s = (text or "").lower().translate(_FOLDS)
    return {w[:5] for w in _WORD.findall(s)} - _COMMON


def subject_of(d: Deadline, lang: str) -> Optional[str]:
    """The subject in ``lang`` (ru for en); None when unknown in that language."""
    return d.subject.ky if lang == "ky" else d.subject.ru


def row_words(a: Activity) -> str:
    """The row's text and its terms' anchors as printed, what the overlap test reads."""
    bits = [a.text or "", a.cells.get("activity", "") if a.cells else ""]
    for t in [*(a.terms or []), a.term]:
        raw = getattr(t, "anchor_raw", "") if t is not None else ""
        if raw:
            bits.append(raw)
    return " ".join(bits)


def overlap(p: Provision, a: Activity, lang: str) -> Optional[set[str]]:
    """The stems the subjects of ``p`` (and its variants) share with row ``a``; None when ``p`` has no
    subject in ``lang``."""
    subjects = [s for s in (subject_of(d, lang) for d in p.deadlines()) if s]
    if not subjects:
        return None
    mine = stems(row_words(a))
    return {w for s in subjects for w in stems(s)} & mine


def doc_lang(ctx: Context) -> str:
    return "ky" if ctx.doc.document.language == "ky" else "ru"


# --------------------------------------------------------------------------- which law, which election


def statutes_apply(ctx: Context) -> bool:
    """Whether the Kyrgyz statute rules may read ``ctx``'s document: it is the Kyrgyz Republic's and its
    election kind is known (``shailoo.rules.election``): the knowledge base holds election laws' time limits,
    and says nothing certain about a document of no known election (a government order, a work plan)."""
    e = ctx.election
    return e.kyrgyz and e.known


def how_text(e: Any, key: str, lang: str) -> str:
    """How field ``key`` of an ``ElectionContext`` was decided, in words: «««Мажилиса» в заголовке»»."""
    ev = e.how.get(key)
    if ev is None:
        return text(f"rules.SH150.how.{'no_country' if key == 'jurisdiction' else 'no_kind'}", lang)
    if ev.where == "option":
        return text("rules.SH150.how.option", lang)
    where = text(f"rules.SH150.where.{ev.where}", lang)
    if ev.where == "language":
        return where
    return text("rules.SH150.how.found", lang, words=_short(ev.words or "", 60), where=where)


@rule("SH150", "statutes-not-applied", "info", kinds=None)
def statutes_not_applied(ctx: Context):
    """The Kyrgyz statutes were not applied (another country's document, an unknown election kind) or only an
    early/repeat election's periods were: one line saying why."""
    e = ctx.election
    acts = ctx.doc.activities
    cites = any(a.citations for a in acts)
    terms = any(relative_terms(a) for a in acts)
    if not e.kyrgyz:
        why, key, fire = ("other" if e.jurisdiction == "other" else "unknown_country"), "jurisdiction", cites or terms
    elif not e.known:
        why, key, fire = "unknown_kind", "kind", cites or terms
    elif e.type != "regular":
        why, key, fire = "type", "type", terms
    else:
        return
    if not fire:
        return  # the statute rules would have had nothing to read
    lang = ctx.lang
    kind_of = text(f"rules.SH150.type.{e.type}", lang) if e.type != "regular" else ""
    yield Hit({"why": text(f"rules.SH150.why.{why}", lang, type=kind_of), "how": how_text(e, key, lang)},
              details={"why": why, "election": e.as_dict()})


# --------------------------------------------------------------------------- statute-conflict


def _candidates(ctx: Context, kb: KnowledgeBase, a: Activity, t: RelativeTerm,
                on: Optional[dt.date]) -> list[tuple[str, Provision]]:
    provs: list[tuple[str, Provision]] = []
    for c in a.citations:
        for ap in cited_provisions(kb, c):
            if all(ap[1] is not q for _, q in provs):
                provs.append(ap)
    if a.citations:
        return provs
    # nothing cited: provisions that match the term and share a subject word with the row
    lang = doc_lang(ctx)
    scored = []
    for p in kb.match(t, on=on):
        ov = overlap(p, a, lang)
        if ov:
            scored.append((len(ov), kb.act_of(p), p))
    best = max((s for s, *_ in scored), default=0)
    return [(act, p) for s, act, p in scored if s == best]


def _later(t: RelativeTerm, law: Term) -> bool:
    """Whether the row's term is a later deadline than the law's."""
    if t.direction == "before":
        return t.n < law.n
    return t.n > law.n


@rule("SH151", "statute-conflict", "error", cells=("term",), kinds=None)
def statute_conflict(ctx: Context):
    """A row's term differs from the term the cited (or matched) provision sets for the election kind and edition."""
    kb = knowledge_base(ctx)
    if kb is None or not statutes_apply(ctx):
        return
    on = election_day(ctx)
    kinds = election_kinds(ctx)
    lang = ctx.lang
    for a in ctx.doc.activities:
        for t in relative_terms(a):
            laws = []  # (act, provision, deadline, term, edition)
            for act, p in _candidates(ctx, kb, a, t, on):
                for d in p.deadlines():
                    if not applies(d, kinds):
                        continue
                    v = in_force(d, on)
                    if v is not None and comparable(t, v[0]):
                        laws.append((act, p, d, *v))
            if not laws or any(law.n == t.n for *_, law, _ in laws):
                continue
            act, p, d, law, ed = min(laws, key=lambda x: (abs(x[3].n - t.n), x[2].label is not None))
            later = _later(t, law)
            # the evidence grade of the value decides the severity and the first words of the message
            src = ed.source
            grade = grade_of(src)
            how = text(f"rules.SH151.how.{grade}.{'later' if later else 'earlier'}", lang)
            found = term_text(t, lang)
            claim = text(f"rules.SH151.claim.{grade}", lang, found=found, provision=provision_text(kb, act, p, lang),
                         expected=term_text(law, lang), how=how, plan=document_text(src.document, lang),
                         source=source_text(ed, lang, src))
            basis = text(f"rules.SH151.basis.{grade}", lang, source=source_text(ed, lang, src))
            yield Hit({"claim": claim, "edition": edition_text(ed, lang), "basis": basis},
                      activity=a, expected=term_text(law, lang), found=found,
                      severity=capped("error" if later else "warning", grade),
                      statute=statute_ref(act, p, ed, src, grade),
                      details={"raw": t.raw, "law_n": law.n, "row_n": t.n, "variant": d.label,
                               "source_kind": src.kind, "grade": grade, "matched": not a.citations})


# --------------------------------------------------------------------------- citation-unknown

#: Why a citation cannot be used (SH152): malformed, unknown act, unknown provision, no edition in force.
_WHY = table("SH152.why")


@rule("SH152", "citation-unknown", "warning", cells=("legal_basis", "responsible", "executor", "term", "content"), kinds=None)
def citation_unknown(ctx: Context):
    """A citation to an act, article or part the knowledge base does not know, or to an edition not in force."""
    kb = knowledge_base(ctx)
    if kb is None or not statutes_apply(ctx):
        return

    registry = _acts_registry()
    on = election_day(ctx)
    lang = ctx.lang
    for a in ctx.doc.activities:
        has_term = bool(relative_terms(a))
        seen: set[tuple] = set()
        for c in a.citations:
            key = (c.act, c.article, c.part, c.point, c.reason)
            if key in seen:
                continue
            seen.add(key)
            raw = _short(c.raw, 80)
            if c.reason or not c.act:
                why = word(_WHY, "malformed", lang).format(reason=reason_text(c.reason, lang))
                yield Hit({"raw": raw, "why": why}, activity=a, found=c.raw, details={"kind": "malformed", "reason": c.reason},
                          statute=StatuteRef(act=c.act, article=c.article, part=c.part, grade="absent"))
                continue
            if c.act not in kb.acts and c.act not in registry:
                yield Hit({"raw": raw, "why": word(_WHY, "act", lang)}, activity=a, found=c.raw,
                          statute=StatuteRef(act=c.act, article=c.article, part=c.part, grade="absent"),
                          details={"kind": "act"})
                continue
            provs = cited_provisions(kb, c)
            if not provs:
                if has_term and (c.article or c.part or c.point):
                    yield Hit({"raw": raw, "why": word(_WHY, "provision", lang)}, activity=a, found=c.raw,
                              statute=StatuteRef(act=c.act, article=c.article, part=c.part, grade="absent"),
                              details={"kind": "provision"})
                continue
            if on is None:
                continue
            for act, p in provs:
                if any(d.value_on(on) for d in p.deadlines()):
                    continue
                eds = "; ".join(edition_text(e, lang) for d in p.deadlines() for e in d.editions)
                why = word(_WHY, "edition", lang).format(editions=eds, day=_fmt(on))
                yield Hit({"raw": raw, "why": why}, activity=a, found=c.raw,
                          statute=statute_ref(act, p, None, provision_source(p)), details={"kind": "edition"})


# --------------------------------------------------------------------------- citation-mismatch


def _from_text(p: Provision) -> bool:
    """Whether the provision's subject is known from the law's text (some edition's source is the statute or an
    amending law), not only from the use CEC practice made of it."""
    return any(e.source.kind in TEXT_KINDS for d in p.deadlines() for e in d.editions)


@rule("SH153", "citation-mismatch", "info", cells=("legal_basis", "responsible", "executor", "term", "content"), kinds=None)
def citation_mismatch(ctx: Context):
    """The cited provision's subject shares no word with the activity it is cited for."""
    kb = knowledge_base(ctx)
    if kb is None or not statutes_apply(ctx):
        return
    lang = doc_lang(ctx)
    for a in ctx.doc.activities:
        if not (a.text or "").strip():
            continue
        seen: set[int] = set()
        has_term = bool(relative_terms(a))
        for c in a.citations:
            if c.reason or not c.act:
                continue
            p = kb.provision(c.act, c.article, c.part, c.point)  # exact provisions only: conservative
            if p is None or id(p) in seen:
                continue
            seen.add(id(p))
            if not (has_term or _from_text(p)):
                continue
            ov = overlap(p, a, lang)
            if ov is None or ov:
                continue
            subject = subject_of(p, lang) or ""
            yield Hit({"provision": provision_text(kb, c.act, p, ctx.lang), "raw": _short(c.raw, 80),
                       "subject": _short(subject, 120)},
                      activity=a, expected=_cut(subject, 120), found=_cut(a.text, 120),
                      statute=statute_ref(c.act, p, None, provision_source(p)), details={"kind": "subject"},
                      # the comment belongs on the citation questioned, not on the description
                      cell=cell_holding(a, c.raw, ("legal_basis", "responsible", "executor", "term", "content")))
