"""The statute knowledge base: the time limits that election laws set, as dated data (issue 5, item 4).

Role: what the rules engine (``statute-conflict``, ``citation-unknown``, ``citation-mismatch``) and
``shailoo statutes`` ask about the law. The data lives in ``corpus/statutes/<act_id>.yaml``, one act
per YAML document (a file may hold several documents separated by ``---``), OpenFisca-style:

* an act: id (as in ``corpus/acts.yaml``), titles in ru/ky, number, date, known amendments;
* provisions keyed by (article, part, point), each with a subject (ru/ky; ky null where unknown), an
  actor (a body id of ``corpus/bodies.yaml``), applicable election kinds, and a term in the
  vocabulary of ``shailoo.model.RelativeTerm`` (n, unit, direction, anchor, bound);
* ``editions``: the periods [from, to) in which a value held, each with the amending act, the value
  (a partial term merged over the provision's term), the ``source`` of that value and ``checked_on``;
* ``observations``: sightings of the value in CEC practice or the press that do not establish an
  edition (other election kinds, other years, an article that is only probable);
* ``variants``: further time limits set by the same part (ст.13 ч.4 of the local law sets 10, 5 and
  3 days for different actions; ст.49 ч.1 sets 40 days for city and 30 for ayil keneshes), and the
  periods of early and repeat elections, labelled ``early``/``repeat`` with ``applies_to: [early]``
  (or ``[repeat]``) alone — ``applies_to`` matches any of its kinds, so adding a level there would
  apply an early period to a regular election of that level.

The knowledge base is checked against the verified statute quotes of
``corpus/statutes/verified/statutes-verified.csv`` by ``tests/test_statutes_verified.py``.

Source kinds say how far a value can be trusted, and ``grade(source)`` reduces them to the three
evidence grades that decide a finding's severity (issue 17):

==========================  ===========  =====================================================
kind                        grade        what it is
==========================  ===========  =====================================================
``statute_text``            statute      the act's original wording (Russian or Kyrgyz, as
                                         published: cbd.minjust.gov.kg, «Эркин Тоо»)
``amending_law_text``       statute      the original wording of an amending law
``official_translation``    statute      a translation with official status (published by the
                                         state as an official text of the act)
``unofficial_translation``  secondary    the act's or an amending law's text in a translation
                                         without official status (IFES/te.gob.mx, a commercial
                                         or machine translation): its number was reliable in
                                         every check, but neither its wording nor the edition it
                                         renders is certified, so it informs and never accuses
``cec_practice``            practice     a CEC document applying the law (an approved calendar
                                         plan): what the CEC did, not what the law says
``secondary``               secondary    a report of the law or of CEC practice (the press, an
                                         NGO, a CEC explanatory note)
==========================  ===========  =====================================================

Only the ``statute`` grade may make an ``error``; ``practice`` gives a ``warning`` and ``secondary``
an ``info`` (the severities are set by the rules, ``rules/checks/statute_rules.py``). A value's grade
is that of the edition's ``source``; ``also_sources`` and ``observations`` corroborate it and do not
raise it. The shipped knowledge base holds no original statute text yet (every text obtained is an
English translation without official status), so none of its values is graded ``statute``: a user
directory (``--statutes DIR``) with the original wording is how a value comes to make an error.

Users add or replace provisions with their own directories (``--statutes DIR``), validated against the
same schema; a user provision with the same key replaces the shipped one, and the knowledge base
records which (``KnowledgeBase.overridden``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from shailoo import corpus
from shailoo.corpus import cache, load_yaml_all
from shailoo.errors import ShailooError
from shailoo.rules.words import CITE, alternation, rule_word_map
from shailoo.model import RelativeTerm, TimeUnit
from shailoo.corpus.i18n import text

SCHEMA_STATUTES = "shailoo/statutes@1"
SHIPPED = corpus.path("statutes")

SourceKind = Literal["statute_text", "amending_law_text", "official_translation", "unofficial_translation",
                     "cec_practice", "secondary"]
Grade = Literal["statute", "practice", "secondary"]
#: The evidence grade of each source kind (see the module docstring).
GRADES: dict[str, Grade] = {
    "statute_text": "statute", "amending_law_text": "statute", "official_translation": "statute",
    "unofficial_translation": "secondary", "cec_practice": "practice", "secondary": "secondary",
}
#: Kinds that render the act's own text (in whatever translation): a provision's subject read from one of
#: them is the law's, not CEC practice's use of it.
TEXT_KINDS = frozenset({"statute_text", "amending_law_text", "official_translation", "unofficial_translation"})
Direction = Literal["before", "after", "within"]
Bound = Literal["not_later", "not_earlier", "exact", "within", "from_until"]
#: Election kinds and levels a time limit may be restricted to (``applies_to``); null = all.
ElectionKind = Literal[
    "local", "ayil_kenesh", "city_kenesh", "district_kenesh", "presidential", "parliamentary",
    "referendum", "regular", "early", "repeat",
]
#: Anchors the statutes need beyond those the term grammar recognises (corpus/lang/*.yaml), named as
#: in /work/shared/statutes/deadlines-gathered.csv.
EXTRA_ANCHORS = frozenset({
    "official_calling_of_election", "calling_decision_in_force", "receipt_of_application",
    "receipt_of_request", "determination_of_results", "registration_of_financial_representative",
    "voting_results_at_precinct", "accreditation", "official_publication_of_results",
    "first_meeting", "formation_of_commission", "formation_of_reserve", "election_period",
    "election_of_members", "dissolution_of_parliament",
})

Key = tuple[str, Optional[str], Optional[str], Optional[str]]


class StatuteError(ShailooError):
    """A statute file that cannot be read or does not validate (exit 2)."""

    exit_code = 2


# --------------------------------------------------------------------------- vocabularies


@lru_cache(maxsize=1)
def anchor_ids() -> frozenset[str]:
    """Every anchor id a provision may use: the term grammar's anchors of both languages plus
    ``EXTRA_ANCHORS``."""
    ids: set[str] = set(EXTRA_ANCHORS)
    for lang in corpus.all_languages():
        ids.update(lang.terms.anchors)
    return frozenset(ids)


@lru_cache(maxsize=1)
def body_ids() -> frozenset[str]:
    """The ids of corpus/bodies.yaml (the validated gazetteer: no spaCy is loaded for it)."""
    return frozenset(b.id for b in corpus.bodies().bodies)


def _key_part(v: Any) -> Optional[str]:
    """Article, part and point are strings («8-1», «2-1», «9.1»); YAML may give them as numbers."""
    if v is None:
        return None
    s = str(v).strip()
    return s or None


# --------------------------------------------------------------------------- schema


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Text(_Model):
    """A text in both languages; either may be null where unknown, not both."""

    ru: Optional[str] = None
    ky: Optional[str] = None

    @model_validator(mode="after")
    def _one(self) -> "Text":
        if not (self.ru or self.ky):
            raise ValueError("give the text in ru or ky (the other may be null)")
        return self


class Term(_Model):
    """A time limit in the vocabulary of ``shailoo.model.RelativeTerm``.

    ``bound: from_until`` is a period from ``start_anchor`` (e.g. calling_of_election) until n units
    before/after ``anchor``; ``start_offset`` the days after ``start_anchor`` on which the period
    starts (1: «со дня, следующего за …»; null: on the day of the start anchor or not stated);
    ``time`` an hour of the last day when the law names one («до 18.00»).
    """

    n: int = Field(ge=0)
    unit: TimeUnit
    direction: Direction
    anchor: str
    bound: Bound = "exact"
    start_anchor: Optional[str] = None
    start_offset: Optional[int] = Field(None, ge=0)
    time: Optional[str] = None

    @field_validator("anchor", "start_anchor")
    @classmethod
    def _anchor(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and v not in anchor_ids():
            raise ValueError(f"unknown anchor {v!r} (known: {', '.join(sorted(anchor_ids()))})")
        return v


class TermValue(_Model):
    """The value of an edition: the fields that differ from (or restate) the provision's term."""

    n: Optional[int] = Field(None, ge=0)
    unit: Optional[TimeUnit] = None
    direction: Optional[Direction] = None
    anchor: Optional[str] = None
    bound: Optional[Bound] = None
    start_anchor: Optional[str] = None
    start_offset: Optional[int] = Field(None, ge=0)
    time: Optional[str] = None

    @field_validator("anchor", "start_anchor")
    @classmethod
    def _anchor(cls, v: Optional[str]) -> Optional[str]:
        return Term._anchor(v)

    @model_validator(mode="after")
    def _not_empty(self) -> "TermValue":
        if not self.model_fields_set:
            raise ValueError("an edition's value must give at least n")
        return self


class Source(_Model):
    """Where a value comes from. ``observed_for``: the election day of the document in which CEC
    practice was observed (cec_practice, secondary)."""

    kind: SourceKind
    document: str = Field(min_length=1)
    url: Optional[str] = None
    quote: Optional[str] = None
    language: Optional[Literal["ru", "ky", "en"]] = None
    observed_for: Optional[dt.date] = None


def grade(source: Union[Source, str]) -> Grade:
    """The evidence grade of a ``Source`` (or a source kind): «statute» (may make an error),
    «practice» (a warning) or «secondary» (an info). See the module docstring."""
    return GRADES[source if isinstance(source, str) else source.kind]


class Edition(_Model):
    """One period [from, to) in which ``value`` held. ``period_known: false`` says that from/to are
    the widest plausible bounds (the act's date, open end), not established amendment dates: the
    value is attested only where ``source`` observed it."""

    from_: dt.date = Field(alias="from")
    to: Optional[dt.date] = None
    amending_act: Optional[str] = None
    value: TermValue
    source: Source
    also_sources: list[Source] = Field(default_factory=list, description="sources that corroborate the value")
    checked_on: dt.date
    period_known: bool = True
    note: Optional[str] = None

    @model_validator(mode="after")
    def _order(self) -> "Edition":
        if self.to is not None and self.to <= self.from_:
            raise ValueError(f"edition ends ({self.to}) before it starts ({self.from_})")
        return self

    def contains(self, on: dt.date) -> bool:
        return self.from_ <= on and (self.to is None or on < self.to)


class Observation(_Model):
    """A value seen in CEC practice or reported in the press that does not establish an edition."""

    value: TermValue
    source: Source
    applies_to: Optional[list[ElectionKind]] = None
    checked_on: dt.date
    note: Optional[str] = None


class Deadline(_Model):
    """One time limit: what, who, for which elections, the term, and its editions."""

    label: Optional[str] = Field(None, description="names a variant: «ayil», «printed list»")
    subject: Text
    actor: Optional[str] = Field(None, description="a body id of corpus/bodies.yaml")
    actor_raw: Optional[str] = Field(None, description="the actor as the source words it, when no body id fits")
    applies_to: Optional[list[ElectionKind]] = None
    term: Term
    editions: list[Edition] = Field(min_length=1)
    observations: list[Observation] = Field(default_factory=list)
    note: Optional[str] = None

    @field_validator("actor")
    @classmethod
    def _actor(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and v not in body_ids():
            raise ValueError(f"unknown body id {v!r} (corpus/bodies.yaml)")
        return v

    @field_validator("editions")
    @classmethod
    def _disjoint(cls, v: list[Edition]) -> list[Edition]:
        eds = sorted(v, key=lambda e: e.from_)
        for a, b in zip(eds, eds[1:]):
            if a.to is None or a.to > b.from_:
                raise ValueError(f"editions overlap: from {a.from_} and from {b.from_}")
        return eds

    def value_on(self, on: dt.date) -> Optional[tuple[Term, Edition]]:
        """The term in force on ``on`` (the provision's term with the edition's value merged over it)
        and that edition; None when no edition's [from, to) contains ``on``."""
        for ed in self.editions:
            if ed.contains(on):
                return self.effective(ed), ed
        return None

    def effective(self, ed: Edition) -> Term:
        return self.term.model_copy(update=ed.value.model_dump(exclude_unset=True))

    def latest(self) -> tuple[Term, Edition]:
        """The value of the most recent edition."""
        ed = self.editions[-1]
        return self.effective(ed), ed


class Provision(Deadline):
    """A provision (article, part, point) of an act: its first time limit and any ``variants``.

    ``article`` is null only for acts without articles (a CEC regulation's point «9.1»).
    ``placement: probable`` marks a provision whose article or part is inferred, not printed in the
    source (deadlines-gathered.csv «13 (probable; not stated in source)»).
    """

    article: Optional[str] = None
    part: Optional[str] = None
    point: Optional[str] = None
    placement: Literal["stated", "probable"] = "stated"
    variants: list[Deadline] = Field(default_factory=list)

    _norm = field_validator("article", "part", "point", mode="before")(lambda cls, v: _key_part(v))

    @model_validator(mode="after")
    def _keyed(self) -> "Provision":
        if self.article is None and self.part is None and self.point is None:
            raise ValueError("a provision needs an article, part or point")
        return self

    def deadlines(self) -> list[Deadline]:
        """The provision's time limits: itself first, then its variants."""
        return [self, *self.variants]

    def cite(self, lang: str = "ru") -> str:
        """«ст.60 ч.1», «п.9.1»: the provision in the citation notation of ``lang`` (``rules.cite`` messages)."""
        notation = CITE[lang]
        bits = [notation[k].format(v) for k, v in (("article", self.article), ("part", self.part),
                                                      ("point", self.point)) if v]
        return notation["sep"].join(bits)


class Amendment(_Model):
    date: dt.date
    number: Optional[str] = None
    in_force: Optional[dt.date] = None
    note: Optional[str] = None


class ActInfo(_Model):
    """The act. Only ``id`` is required, so a user file overriding one provision can be short."""

    id: str
    title: Optional[Text] = None
    type: Optional[str] = None
    number: Optional[str] = None
    date: Optional[dt.date] = None
    amendments: list[Amendment] = Field(default_factory=list)
    note: Optional[str] = None

    _num = field_validator("number", mode="before")(lambda cls, v: _key_part(v))


class StatuteFile(_Model):
    """One YAML document of corpus/statutes: one act and its provisions."""

    schema_: Literal["shailoo/statutes@1"] = Field(SCHEMA_STATUTES, alias="schema")
    act: ActInfo
    provisions: list[Provision] = Field(default_factory=list)
    note: Optional[str] = None

    @model_validator(mode="after")
    def _unique(self) -> "StatuteFile":
        seen: set[Key] = set()
        for p in self.provisions:
            k = (self.act.id, p.article, p.part, p.point)
            if k in seen:
                raise ValueError(f"provision {p.cite()} given twice")
            seen.add(k)
        return self


# --------------------------------------------------------------------------- the knowledge base


@dataclass
class KnowledgeBase:
    """Acts and provisions, keyed by (act, article, part, point).

    ``origin[key]`` is the file a provision comes from; ``overridden[key]`` the shipped file whose
    provision a user file replaced; ``user_dirs`` the directories given with ``--statutes``.
    """

    acts: dict[str, ActInfo] = field(default_factory=dict)
    provisions: dict[Key, Provision] = field(default_factory=dict)
    origin: dict[Key, Path] = field(default_factory=dict)
    overridden: dict[Key, Path] = field(default_factory=dict)
    user_dirs: list[Path] = field(default_factory=list)

    @staticmethod
    def key(act: str, article: Any = None, part: Any = None, point: Any = None) -> Key:
        return (act, _key_part(article), _key_part(part), _key_part(point))

    def provision(self, act: str, article: Any = None, part: Any = None, point: Any = None) -> Optional[Provision]:
        """The provision with exactly this key, or None."""
        return self.provisions.get(self.key(act, article, part, point))

    def under(self, act: str, article: Any = None, part: Any = None) -> list[Provision]:
        """Every provision inside ``article`` (and ``part``): for a citation of a whole article
        («ст.39», «ст.31 Закона») or part, which ``provision`` matches only when that exact key exists."""
        k = self.key(act, article, part)
        return [p for q, p in self.provisions.items()
                if q[0] == act and q[1] == k[1] and (k[2] is None or q[2] == k[2])]

    def match(self, term: Any, act: Optional[str] = None, on: Optional[dt.date] = None) -> list[Provision]:
        """Provisions with a time limit of the same anchor, direction and unit as ``term`` (a
        ``RelativeTerm`` or ``Term``), for rows that cite nothing; those whose n equals the term's
        first. Units «day» and «calendar_day» match each other: plans often drop «календарных» where
        the statute has it. With ``on``, the value in force then is compared, else every edition's."""

        def unit(u: str) -> str:
            return "calendar_day" if u == "day" else u

        exact, other = [], []
        for (a, *_), p in self.provisions.items():
            if act is not None and a != act:
                continue
            hit = same_n = False
            for d in p.deadlines():
                if on is not None:
                    v = d.value_on(on)
                    terms = [v[0]] if v else []
                else:
                    terms = [d.effective(e) for e in d.editions]
                for t in terms:
                    if t.anchor == term.anchor and t.direction == term.direction and unit(t.unit) == unit(term.unit):
                        hit = True
                        same_n = same_n or t.n == term.n
            if hit:
                (exact if same_n else other).append(p)
        return exact + other

    def act_of(self, p: Provision) -> str:
        for k, q in self.provisions.items():
            if q is p:
                return k[0]
        raise KeyError(p.cite())


def read_file(path: Path) -> list[StatuteFile]:
    """Validate every YAML document of ``path``; raise ``StatuteError`` naming the file and the
    first problem."""
    try:
        # parsed once per content of the file (shailoo.corpus.cache): the shipped base is 200 KB of YAML
        text = path.read_text(encoding="utf-8")
        docs = [d for d in cache.yaml_documents(str(path), text, lambda t: list(load_yaml_all(t))) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        raise StatuteError(str(path), f"cannot be read as YAML ({e})") from None
    out = []
    for i, d in enumerate(docs):
        try:
            out.append(StatuteFile.model_validate(d))
        except ValidationError as e:
            first = e.errors()[0]
            loc = ".".join(str(x) for x in first["loc"])
            where = f" (document {i + 1})" if len(docs) > 1 else ""
            raise StatuteError(str(path), f"invalid statute data{where}: {loc}: {first['msg']}"
                               f" ({e.error_count()} error(s))") from None
    return out


def _files(d: Path) -> list[Path]:
    return sorted([*d.glob("*.yaml"), *d.glob("*.yml")])


def load(dirs: Optional[Iterable[Union[str, Path]]] = None) -> KnowledgeBase:
    """The shipped knowledge base (corpus/statutes) plus the user directories ``dirs``, in order.

    A user provision with the key of a loaded one replaces it (recorded in ``overridden``); a user
    act's fields that are given replace the shipped ones, its amendments are added. Raises
    ``StatuteError`` for a missing directory, a directory without YAML files or an invalid file.
    """
    kb = KnowledgeBase()
    _add(kb, _files(SHIPPED), user=False)
    for d in dirs or []:
        d = Path(d)
        if not d.exists():
            raise StatuteError(str(d), "no such directory of statute YAML files (--statutes)")
        if not d.is_dir():
            raise StatuteError(str(d), "not a directory of statute YAML files (--statutes)")
        files = _files(d)
        if not files:
            raise StatuteError(str(d), "holds no statute YAML files (*.yaml, *.yml) (--statutes)")
        kb.user_dirs.append(d)
        _add(kb, files, user=True)
    return kb


def _add(kb: KnowledgeBase, files: list[Path], user: bool) -> None:
    for path in files:
        for sf in read_file(path):
            act = sf.act
            if act.id in kb.acts:
                old = kb.acts[act.id]
                data = old.model_dump(by_alias=True)
                data.update(act.model_dump(by_alias=True, exclude_unset=True, exclude={"id", "amendments"}))
                data["amendments"] = sorted(
                    {(a.date, a.number): a.model_dump() for a in [*old.amendments, *act.amendments]}.values(),
                    key=lambda a: a["date"])
                kb.acts[act.id] = ActInfo.model_validate(data)
            else:
                kb.acts[act.id] = act
            for p in sf.provisions:
                k = kb.key(act.id, p.article, p.part, p.point)
                if k in kb.provisions:
                    if not user:
                        raise StatuteError(str(path), f"{act.id} {p.cite()} is also in {kb.origin[k]}")
                    kb.overridden.setdefault(k, kb.origin[k])
                kb.provisions[k] = p
                kb.origin[k] = path


# --------------------------------------------------------------------------- order and counts


def _sort_key(k: Key) -> tuple:
    import re

    def num(s: Optional[str]) -> tuple:
        if s is None:
            return (-1,)
        return tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[-.]", s)) + (s,)

    return (num(k[1]), num(k[2]), num(k[3]))


GRADE_ORDER: tuple[Grade, ...] = ("statute", "practice", "secondary")


def edition_grade(ed: "Edition") -> Grade:
    """The grade of an edition's value: the strongest of its ``source`` and ``also_sources`` (a value first
    read in a plan and corroborated by the statute text is the statute's)."""
    return min((grade(s) for s in [ed.source, *ed.also_sources]), key=GRADE_ORDER.index)


def grade_counts(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    """Time limits (variants counted apart) per act and grade of their latest edition (``edition_grade``)."""
    out: dict[str, dict[str, int]] = {}
    for (act, *_), p in kb.provisions.items():
        for d in p.deadlines():
            g = edition_grade(d.latest()[1])
            out.setdefault(act, {}).setdefault(g, 0)
            out[act][g] += 1
    return out


def counts(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    """Provisions per act and source kind of their latest edition (variants not counted apart)."""
    out: dict[str, dict[str, int]] = {}
    for (act, *_), p in kb.provisions.items():
        kind = p.latest()[1].source.kind
        out.setdefault(act, {}).setdefault(kind, 0)
        out[act][kind] += 1
    return out


# --------------------------------------------------------------------------- learn


@lru_cache(maxsize=1)
def _approval_words() -> tuple[Any, dict[str, str]]:
    """The words an approval line is read with (language data ``rule_words``): a pattern naming the CEC
    (as printed, case and all) and the nominative of the kinds of act («постановлением» → «постановление»)."""
    import regex

    return regex.compile(alternation("cec")), rule_word_map("act_nominative")


def _approval_text(doc: Any) -> str:
    """«<title> (постановление ЦИК от 10.08.2022 № 72)»: the plan as a source document is cited. The
    draft is written in Russian, the language the knowledge base cites its sources in (catalogue
    ``rules.learn.*``), whatever the plan's language."""
    cec, nominative = _approval_words()
    info = doc.document
    title = " ".join((info.title or text("rules.learn.untitled", "ru")).split())
    ap = info.approved
    if ap is None:
        return text("rules.learn.not_approved", "ru", title=title)
    by = text("rules.learn.cec", "ru") if ap.by and cec.search(ap.by) else (ap.by or "")
    bits = [nominative.get((ap.act or "").lower(), ap.act or text("rules.learn.approved", "ru")), by]
    if ap.date:
        bits.append(text("rules.learn.dated", "ru", date=ap.date.strftime('%d.%m.%Y')))
    if ap.number:
        bits.append(f"№ {ap.number}")
    return f"{title} ({' '.join(b for b in bits if b)})"


def learn(doc: Any, checked_on: Optional[dt.date] = None) -> str:
    """A YAML draft of provisions from an approved plan (a ``ParsedDocument``), for a lawyer to review.

    Every row with a relative term and citations gives, for each cited provision, that term; the
    source is ``cec_practice`` with the plan's title, approval number and date, and ``observed_for``
    its election day. A provision cited with several different terms gets them as variants labelled
    by row. Editions run from the act's date (corpus/acts.yaml) with an open end and
    ``period_known: false``: a plan shows what the CEC applied for one election, not when the law
    changed. The draft validates against the schema (one YAML document per act).
    """
    checked_on = checked_on or dt.date.today()
    acts = _acts_registry()
    source = {"kind": "cec_practice", "document": _approval_text(doc), "language": _lang(doc)}
    if doc.document.election_day:
        source["observed_for"] = doc.document.election_day
    lang = "ky" if doc.document.language == "ky" else "ru"
    # act -> key -> list of (row, term dict, subject, actor)
    found: dict[str, dict[Key, list[tuple[str, dict, str, Optional[str]]]]] = {}
    for a in doc.activities:
        terms = []
        for t in [a.term, *(a.terms or [])]:
            # a.term is usually also the first of a.terms: count each printed term once
            if isinstance(t, RelativeTerm) and all((t.start, t.raw) != (u.start, u.raw) for u in terms):
                terms.append(t)
        if not terms or not a.citations:
            continue
        ids = body_ids()
        actor = next((r.id for r in a.responsible if getattr(r, "id", None) in ids), None)
        for c in a.citations:
            if not c.act:
                continue
            key = KnowledgeBase.key(c.act, c.article, c.part, c.point)
            if key[1:] == (None, None, None):
                continue
            for t in terms:
                td = {"n": t.n, "unit": t.unit, "direction": t.direction, "anchor": t.anchor, "bound": t.bound}
                if td["anchor"] not in anchor_ids():
                    continue
                row = a.path or a.number or "?"
                found.setdefault(c.act, {}).setdefault(key, []).append((row, td, " ".join(a.text.split()), actor))
    docs = []
    for act_id, provs in found.items():
        act_date = acts.get(act_id, {}).get("date") or (doc.document.approved.date if doc.document.approved else None) \
            or checked_on
        act: dict[str, Any] = {"id": act_id}
        reg = acts.get(act_id)
        if reg:
            act.update({"title": reg.get("title"), "type": reg.get("type"), "number": reg.get("number"),
                        "date": reg.get("date")})
        provisions = []
        for key, uses in provs.items():
            distinct: list[tuple[dict, list[tuple[str, str, Optional[str]]]]] = []
            for row, td, subj, actor in uses:
                for t, rows in distinct:
                    if t == td:
                        rows.append((row, subj, actor))
                        break
                else:
                    distinct.append((td, [(row, subj, actor)]))
            deadlines = []
            for td, rows in distinct:
                row, subj, actor = rows[0]
                others = [r for r, *_ in rows[1:]]
                d = {
                    "label": f"row {row}" if len(distinct) > 1 else None,
                    "subject": {"ru": subj if lang == "ru" else None, "ky": subj if lang == "ky" else None},
                    "actor": actor,
                    "term": td,
                    "editions": [{
                        "from": act_date, "to": None, "amending_act": None, "value": {"n": td["n"]},
                        "source": dict(source), "checked_on": checked_on, "period_known": False,
                        "note": f"DRAFT from plan row {row}" + (f" (also rows {', '.join(others)})" if others else "")
                                + "; review against the official text (cbd.minjust.gov.kg)",
                    }],
                }
                deadlines.append(d)
            first = deadlines[0]
            prov = {"article": key[1], "part": key[2], "point": key[3], **first}
            if len(deadlines) > 1:
                prov["variants"] = deadlines[1:]
            provisions.append(prov)
        provisions.sort(key=lambda p: _sort_key((act_id, p["article"], p["part"], p["point"])))
        sf = StatuteFile.model_validate({"schema": SCHEMA_STATUTES, "act": act, "provisions": provisions,
                                         "note": "DRAFT drafted by `shailoo statutes learn`: every value is CEC practice "
                                                 "observed in one plan, not the statute text."})
        docs.append(dump(sf))
    return "---\n".join(docs) if docs else "# no row with a relative term and a citation\n"


def _lang(doc: Any) -> Optional[str]:
    return doc.document.language if doc.document.language in ("ru", "ky") else None


@lru_cache(maxsize=1)
def _acts_registry() -> dict[str, dict]:
    """The validated registry of corpus/acts.yaml as plain data, act id -> the fields its entry sets."""
    return {aid: act.model_dump(exclude_unset=True) for aid, act in corpus.acts().acts.items()}


def _prune(v: Any, keep_null: bool = False) -> Any:
    # Drop nulls and empty lists to keep the YAML readable, but keep `ky: null` in texts: it says
    # "unknown", which a reviewer should see.
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in ("subject", "title") and isinstance(x, dict):
                out[k] = {"ru": x.get("ru"), "ky": x.get("ky")}
                continue
            x = _prune(x)
            if x is None or x == [] or (k == "period_known" and x is True) or (k == "placement" and x == "stated"):
                continue
            out[k] = x
        return out
    if isinstance(v, list):
        return [_prune(x) for x in v]
    return v


class _Dumper(yaml.SafeDumper):
    # Shared date objects would otherwise come out as &id001 / *id001 aliases.
    def ignore_aliases(self, data: Any) -> bool:
        return True


_KEY_FIRST = ("article", "part", "point", "placement")


def dump(sf: StatuteFile) -> str:
    """``sf`` as YAML in the layout of corpus/statutes (the key of each provision first, nulls
    dropped except in texts)."""
    data = _prune(sf.model_dump(by_alias=True, mode="python"))
    data["provisions"] = [{**{k: p[k] for k in _KEY_FIRST if k in p},
                           **{k: v for k, v in p.items() if k not in _KEY_FIRST}} for p in data.get("provisions", [])]
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
