"""The schemas of the corpus data files other than the language files (those are in ``shailoo.corpus``).

One pydantic model per file, unknown keys rejected everywhere, loaded through the accessors of
``shailoo.corpus`` (``bodies()``, ``acts()``, ``citations()``, ``action_plan_phrases()``, ``prose()``,
``places()``, ``counting()``), which validate each file once per process. The modules that read
documents import the models from here; nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shailoo.model import RelativeTerm, TimeUnit

# Not imported from ``shailoo.corpus``, which imports this module on first use (no cycle).
Lang = Literal["ru", "ky"]
LANGUAGES: tuple[str, ...] = get_args(Lang)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- bodies.yaml

Kind = Literal[
    "commission", "department", "group", "ministry", "agency", "state_body", "state_enterprise",
    "president", "parliament", "government", "local_government", "international_partner", "media",
    "party", "court", "ngo", "persons", "prefix", "qualifier", "other_kind",
]


class Body(_Strict):
    """One gazetteer entry (see the head of ``corpus/bodies.yaml``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind
    parent: Optional[str] = None
    prefix: bool = False
    generic: bool = Field(False, description="a unit name any organisation has («отдел кадров», «рабочая группа», "
                                             "«аппарат»): its parent's id only in the parent's own document or "
                                             "next to the parent's name")
    national: bool = Field(False, description="the one body of the Kyrgyz Republic («ЦИК», «Министерство юстиции»): "
                                              "its id only in a Kyrgyz document or with the country named, never "
                                              "with another state named after it")
    title: dict[Lang, str] = Field(default_factory=dict)
    names: dict[Lang, list[str]]


class Gazetteer(_Strict):
    """The bodies of ``corpus/bodies.yaml``: ids unique, parents known, every entry named at least once."""

    bodies: list[Body]

    @model_validator(mode="after")
    def _check(self) -> "Gazetteer":
        ids = [b.id for b in self.bodies]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"duplicate body ids: {sorted(dup)}")
        for b in self.bodies:
            if b.parent is not None and b.parent not in ids:
                raise ValueError(f"{b.id}: unknown parent {b.parent}")
            if not any(b.names.values()):
                raise ValueError(f"{b.id}: no names")
        return self

    def get(self, body_id: str) -> Optional[Body]:
        return self.by_id().get(body_id)

    def by_id(self) -> dict[str, Body]:
        return {b.id: b for b in self.bodies}


class OwnersExample(_Strict):
    """A responsible cell and the body ids ``owners_of`` gives for it, in order.

    ``document`` says whose document the cell is in: ``cec`` (the CEC's own, the default), ``other`` (a
    Kyrgyz document of another body: the CEC's units stay ``other``) or ``foreign`` (not a Kyrgyz
    document: national bodies named bare stay ``other`` too). ``raws``, when given, are the owners'
    texts as ``owners_of`` cuts them, and ``kinds`` their kinds.
    """

    text: str
    ids: list[str]
    document: Literal["cec", "other", "foreign"] = "cec"
    raws: Optional[list[str]] = None
    kinds: Optional[list[Optional[str]]] = None


class AliasExample(_Strict):
    """A text with «(далее – …)» definitions and the aliases ``document_aliases`` finds in it."""

    text: str
    aliases: dict[str, str]


class TokensExample(_Strict):
    """A text and the tokens the language's tokenizer makes of it (white space dropped)."""

    text: str
    tokens: list[str]


class BodyExamples(_Strict):
    owners: list[OwnersExample] = Field(default_factory=list)
    aliases: list[AliasExample] = Field(default_factory=list)
    tokens: list[TokensExample] = Field(default_factory=list)


class Stemmer(_Strict):
    """A suffix-stripping stemmer: one ending of each list, in list order, from the end of a word.

    ``case_endings`` are stripped first, then ``possessive_endings``, then ``plural_endings``; each
    list is tried longest ending first, and an ending goes only while ``min_stem`` letters remain.
    Stems are cut to ``max_stem`` letters. ``examples``: word -> stem, as the stemmer gives it.
    """

    case_endings: list[str] = Field(min_length=1)
    possessive_endings: list[str] = Field(min_length=1)
    plural_endings: list[str] = Field(min_length=1)
    min_stem: int = Field(ge=1)
    max_stem: int = Field(ge=1)
    examples: dict[str, str] = Field(min_length=1)


class MarkPattern(_Strict):
    """A regex (Python ``re``, case-insensitive) with texts it must find (``examples``) and must not (``not``)."""

    regex: str
    examples: list[str] = Field(min_length=1)
    not_: list[str] = Field(default_factory=list, alias="not")


class BodyWords(_Strict):
    """The words of one language the body matcher knows beside the gazetteer names.

    All languages' words are used for every text (the CEC mixes them); the split by language says
    where a word comes from. ``letters``: the lower-case letters of the alphabet beyond Latin
    (abbreviations with a glued case ending, «ЦИКа», «БШКнын», are written in them).
    """

    letters: str = Field(min_length=1)
    abbreviations: list[str] = Field(default_factory=list, description="tokens kept whole with their dots")
    special_cases: dict[str, list[str]] = Field(default_factory=dict, description="glued forms -> their tokens")
    filler_words: list[str] = Field(default_factory=list, description="words that link bodies without naming one")
    department_heads: list[str] = Field(default_factory=list, description="first words of a department's name")
    link_words: list[str] = Field(default_factory=list, description="words between a department and its body")
    conjunctions: list[str] = Field(default_factory=list, description="words that separate bodies in a list")
    elliptic: dict[str, str] = Field(default_factory=dict, description="adjective lemma -> commission id")
    alias_markers: list[str] = Field(default_factory=list, description="the word opening a definition «(далее – …)»")
    alias_marker_tails: list[str] = Field(default_factory=list, description="words that may follow the marker")
    language_mark: Optional[MarkPattern] = Field(None, description="text in which this pattern is found is in this language")
    country_mark: Optional[MarkPattern] = Field(None, description="text in which this pattern is found is of the "
                                                                  "Kyrgyz Republic")
    person: Optional[MarkPattern] = Field(None, description="a person's name: surname and initials, either order")
    positions: list[str] = Field(default_factory=list, description="first words (lemmas) of a post: «председатель», "
                                                                   "«заместитель»; a post and a name make one owner")
    place: Optional[MarkPattern] = Field(None, description="a place qualifier right after a body («Магаданской "
                                                           "области», «города Шахты»), part of its name")
    place_before: Optional[MarkPattern] = Field(None, description="a place name right before a commission «Ысык-Көл "
                                                                  "аймактык шайлоо комиссиясы», part of its name")
    genitive_endings: list[str] = Field(default_factory=list, description="endings of a body's name in the genitive "
                                                                          "that owns what follows it («Айылдык "
                                                                          "кенештин жооптуу катчысына»)")
    elected_words: list[str] = Field(default_factory=list, description="beginnings of words beside a body that "
                                                                       "make it the one being elected («выборов "
                                                                       "депутатов Жогорку Кенеш»): not the issuer")
    stemmer: Optional[Stemmer] = None
    examples: BodyExamples = Field(default_factory=BodyExamples)

    @model_validator(mode="after")
    def _special_cases_join(self) -> "BodyWords":
        for glued, pieces in self.special_cases.items():
            if "".join(pieces) != glued:
                raise ValueError(f"special case {glued!r}: its tokens {pieces} must spell it")
        return self


class BodyLexicon(_Strict):
    """``lexicon:`` of ``corpus/bodies.yaml``: ``BodyWords`` per language."""

    ru: BodyWords
    ky: BodyWords

    def languages(self) -> list[BodyWords]:
        return [getattr(self, code) for code in LANGUAGES]

    @model_validator(mode="after")
    def _check(self) -> "BodyLexicon":
        if self.ky.stemmer is None:
            raise ValueError("ky needs a stemmer (Russian is lemmatised by pymorphy3)")
        if self.ky.language_mark is None:
            raise ValueError("ky needs a language_mark (a text without it is read as Russian)")
        return self


class BodiesData(Gazetteer):
    """The schema of ``corpus/bodies.yaml``: the gazetteer and the lexicon of the matcher."""

    lexicon: BodyLexicon

    @model_validator(mode="after")
    def _elliptic_ids(self) -> "BodiesData":
        ids = {b.id for b in self.bodies}
        for lang in self.lexicon.languages():
            unknown = set(lang.elliptic.values()) - ids
            if unknown:
                raise ValueError(f"elliptic adjectives name unknown bodies: {sorted(unknown)}")
        return self


# --------------------------------------------------------------------------- citations.yaml and acts.yaml

ElectionKind = Literal["local", "parliamentary", "presidential", "referendum"]
ActType = Literal["law", "constitutional_law", "constitution", "regulation"]


class Pattern(_Strict):
    """A regex of the grammar with texts it must match whole (``examples``) and must not (``not``)."""

    regex: str
    examples: list[str] = Field(min_length=1)
    not_: list[str] = Field(default_factory=list, alias="not")
    lemma: Optional[str] = Field(None, description="key of document definitions for an act word")


class Keywords(_Strict):
    article: Pattern
    part: Pattern
    point: Pattern
    paragraph: Pattern


class ActWords(_Strict):
    law: Pattern
    regulation: Pattern
    constitution: Pattern
    constitutional: Pattern
    self: Pattern
    country: Pattern
    issuer: Pattern
    #: the words that put an act in another jurisdiction: after the act word («Закона Оренбургской
    #: области», «Конституции Республики Казахстан», «Закона ЧР») or before it («Федерального закона»)
    jurisdiction: Optional[Pattern] = None
    jurisdiction_before: Optional[Pattern] = None
    #: an act printed as a capital-letter abbreviation right after its provisions («ч. 5 ст. 5 ЗКО»)
    abbreviation: Optional[Pattern] = None
    #: a code («Избирательного кодекса Республики Узбекистан»): no act of the registry is one
    code: Optional[Pattern] = None

    @model_validator(mode="after")
    def _lemmas(self):
        for name in ("law", "regulation", "constitution", "code"):
            if getattr(self, name) is not None and not getattr(self, name).lemma:
                raise ValueError(f"acts.{name} needs a lemma")
        return self


class ElectionKindPhrases(_Strict):
    ignore: Pattern
    local: Pattern
    parliamentary: Pattern
    presidential: Pattern
    referendum: Pattern
    #: a title naming another country's election («Президента Российской Федерации»): no Kyrgyz kind
    foreign: Optional[Pattern] = None


class LanguageCitations(_Strict):
    keywords: Keywords
    acts: ActWords
    definition: Pattern
    conjunction: Pattern
    ordinals: dict[str, str] = Field(min_length=1)
    election_kinds: ElectionKindPhrases
    #: the opening of a publication note («(Собрание законодательства Российской Федерации, 2008, № 52,
    #: ст. 6228)»): its «ст.» is an entry of the gazette, not an article of a law
    publication: Optional[Pattern] = None


class CitationData(_Strict):
    """The schema of ``corpus/citations.yaml``: the same concept keys for every language."""

    ru: LanguageCitations
    ky: LanguageCitations

    def language(self, code: str) -> LanguageCitations:
        return getattr(self, code)

    def patterns(self):
        """Every (dotted name, Pattern) of the file, for the tests that run the examples."""
        for code in LANGUAGES:
            lang = self.language(code)
            for group in ("keywords", "acts", "election_kinds"):
                block = getattr(lang, group)
                for name in type(block).model_fields:
                    if getattr(block, name) is not None:
                        yield f"{code}.{group}.{name}", getattr(block, name)
            yield f"{code}.definition", lang.definition
            yield f"{code}.conjunction", lang.conjunction
            if lang.publication is not None:
                yield f"{code}.publication", lang.publication


class Titles(_Strict):
    ru: Optional[str] = None
    ky: Optional[str] = None


class Act(_Strict):
    """One act of ``corpus/acts.yaml``."""

    type: ActType
    issuer: Optional[str] = None
    title: Titles
    short: Titles = Field(default_factory=Titles)
    aliases: list[str] = Field(default_factory=list)
    number: Optional[str] = None
    date: Optional[dt.date] = None
    governs: list[ElectionKind] = Field(min_length=1)
    default_for: list[ElectionKind] = Field(default_factory=list)
    note: Optional[str] = None

    @model_validator(mode="after")
    def _check(self):
        if not (self.title.ru or self.title.ky):
            raise ValueError("an act needs a title in at least one language")
        if not set(self.default_for) <= set(self.governs):
            raise ValueError("default_for must be a subset of governs")
        return self


class ActRegistry(_Strict):
    """The schema of ``corpus/acts.yaml``: act id -> Act. Ids are snake_case."""

    acts: dict[str, Act]

    @model_validator(mode="after")
    def _check(self):
        seen: dict[str, str] = {}
        for aid, act in self.acts.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", aid):
                raise ValueError(f"act id {aid!r} is not snake_case")
            for kind in act.default_for:
                if kind in seen:
                    raise ValueError(f"{kind!r} is default_for both {seen[kind]} and {aid}")
                seen[kind] = aid
        return self


# --------------------------------------------------------------------------- action_plan.yaml


class PhraseSet(_Strict):
    """The phrases of one language (meanings at the head of ``corpus/action_plan.yaml``)."""

    result_prefixes: list[str]
    funding_words: list[str]
    funding_weak: list[str] = []
    executor_words: list[str]
    action_starts: list[str]
    action_suffixes: list[str] = []


class ActionPlanPhrases(_Strict):
    """The schema of ``corpus/action_plan.yaml``: a ``PhraseSet`` per language."""

    ru: PhraseSet
    ky: PhraseSet

    def languages(self) -> list[PhraseSet]:
        return [getattr(self, code) for code in LANGUAGES]


# --------------------------------------------------------------------------- prose.yaml


class ProseExample(_Strict):
    text: str
    match: Optional[str] = None
    who: Optional[str] = None


class ProsePattern(_Strict):
    regex: str
    examples: list[ProseExample] = Field(min_length=1)


class ProseMarks(_Strict):
    bullets: list[str]
    dashes: list[str]


class ProseWords(_Strict):
    settlement_markers: list[str]
    settlement_words: list[str]
    heading_words: list[str]
    total_words: list[str]
    operative: list[str]
    deadline: list[ProsePattern]
    responsible: list[ProsePattern]


class ProseData(_Strict):
    """The schema of ``corpus/prose.yaml``; unknown keys are rejected."""

    marks: ProseMarks
    ru: ProseWords
    ky: ProseWords

    def languages(self) -> list[ProseWords]:
        return [getattr(self, code) for code in LANGUAGES]


# --------------------------------------------------------------------------- places.yaml


class Marker(_Strict):
    text: str = Field(min_length=1)
    position: Literal["before", "after"]
    joins_after_comma: bool
    capital_next: bool = False


class LanguagePlaces(_Strict):
    markers: list[Marker] = Field(min_length=1)
    phrases: list[str] = Field(default_factory=list)


class PlacesData(_Strict):
    """The schema of ``corpus/places.yaml``; unknown keys are rejected."""

    ru: LanguagePlaces
    ky: LanguagePlaces

    def languages(self) -> list[LanguagePlaces]:
        return [getattr(self, code) for code in LANGUAGES]


# --------------------------------------------------------------------------- counting.yaml

# The model's own vocabularies, so that the conventions file is checked against what terms can hold.
Direction = RelativeTerm.model_fields["direction"].annotation
Bound = RelativeTerm.model_fields["bound"].annotation
CalendarKind = Literal["regular", "early", "repeat"]

_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
_PRINTED_AS = re.compile(r"^(on|until|through|until_24h) (computed|last_day)$")


class UnitSpec(_Strict):
    """How one ``TimeUnit`` steps: ``size`` days, months, working days or hours."""

    step: Literal["day", "month", "working_day", "hour"]
    size: int = Field(ge=1)
    skip_weekdays: list[int] = Field(default_factory=list, description="weekdays skipped by working_day, Monday = 0")
    note: str = ""

    @model_validator(mode="after")
    def _skip_only_for_working_days(self) -> "UnitSpec":
        if self.skip_weekdays and self.step != "working_day":
            raise ValueError("skip_weekdays applies to step working_day only")
        if self.step == "working_day" and not self.skip_weekdays:
            raise ValueError("step working_day needs skip_weekdays")
        if any(not 0 <= d <= 6 for d in self.skip_weekdays) or len(set(self.skip_weekdays)) > 5:
            raise ValueError("skip_weekdays are weekday numbers 0..6 and leave a working day")
        return self


class Step(_Strict):
    """One formula step: start ``from`` a value, add ``n`` × N units, then ``days`` calendar days."""

    from_: Literal["anchor", "computed", "moment"] = Field(alias="from")
    n: int = 0
    days: int = 0


class AnchorTime(_Strict):
    time: str
    source: str = Field(min_length=1)

    @field_validator("time")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        if not _TIME.match(v):
            raise ValueError(f"time must be HH:MM (00:00..24:00): {v!r}")
        return v


class InferredAnchor(_Strict):
    from_: str = Field(alias="from")
    days: int = 0
    source: str = Field(min_length=1)


class BoundSpec(_Strict):
    fill: list[Literal["computed", "last_day"]] = Field(min_length=1)
    note: str = ""


class Convention(_Strict):
    """A named way of counting one direction for some units; see corpus/counting.yaml."""

    direction: Direction
    units: list[TimeUnit] = Field(min_length=1)
    default_anchor_time: Optional[str] = None
    computed: Step
    last_day: Step
    printed_as: list[str] = Field(min_length=1)
    ambiguity_days: int = Field(ge=0)
    source: str = Field(min_length=1)
    note: str = ""

    @field_validator("printed_as")
    @classmethod
    def _printed(cls, v: list[str]) -> list[str]:
        for p in v:
            if not _PRINTED_AS.match(p):
                raise ValueError(f"printed_as entries are '<on|until|through|until_24h> <computed|last_day>': {p!r}")
        return v

    @field_validator("default_anchor_time")
    @classmethod
    def _time(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not _TIME.match(v):
            raise ValueError(f"default_anchor_time must be HH:MM (00:00..24:00): {v!r}")
        return v

    @model_validator(mode="after")
    def _formula(self) -> "Convention":
        if self.computed.from_ != "anchor" or self.computed.n == 0:
            raise ValueError("computed must start from the anchor and move by n × N units (n != 0)")
        if self.last_day.from_ == "anchor" or self.last_day.n:
            raise ValueError("last_day must start from computed or moment, without n")
        return self

    def expected(self, qualifier: str) -> Optional[str]:
        """The field a printed date with ``qualifier`` should equal («until» → ``computed``), or None."""
        for p in self.printed_as:
            q, f = p.split(" ")
            if q == qualifier:
                return f
        return None


class CountingData(_Strict):
    """The schema of ``corpus/counting.yaml``; unknown keys are rejected.

    Checked on load: every ``TimeUnit`` has a step, every bound of ``RelativeTerm`` a fill rule, and every
    (direction, unit) pair exactly one convention, so ``resolve`` always finds one.
    """

    units: dict[TimeUnit, UnitSpec]
    anchor_times: dict[str, AnchorTime] = Field(default_factory=dict)
    inferred_anchors: dict[str, InferredAnchor] = Field(default_factory=dict)
    bounds: dict[Bound, BoundSpec]
    conventions: dict[str, Convention]
    election_kinds: dict[Literal["early", "repeat"], dict[Lang, list[str]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> "CountingData":
        missing = set(get_args(TimeUnit)) - set(self.units)
        if missing:
            raise ValueError(f"units without a step: {sorted(missing)}")
        missing_b = set(get_args(Bound)) - set(self.bounds)
        if missing_b:
            raise ValueError(f"bounds without a fill rule: {sorted(missing_b)}")
        seen: dict[tuple[str, str], str] = {}
        for name, c in self.conventions.items():
            hourly = {self.units[u].step == "hour" for u in c.units}
            if len(hourly) != 1:
                raise ValueError(f"convention {name}: hour and day units cannot share a convention")
            is_hour = hourly.pop()
            if is_hour != (c.last_day.from_ == "moment"):
                raise ValueError(f"convention {name}: last_day from moment is for hour units, and only for them")
            if is_hour != (c.default_anchor_time is not None):
                raise ValueError(f"convention {name}: default_anchor_time is required for hour units, and only for them")
            for u in c.units:
                key = (c.direction, u)
                if key in seen:
                    raise ValueError(f"conventions {seen[key]} and {name} both cover {key}")
                seen[key] = name
        uncovered = {(d, u) for d in get_args(Direction) for u in get_args(TimeUnit)} - set(seen)
        if uncovered:
            raise ValueError(f"(direction, unit) pairs without a convention: {sorted(uncovered)}")
        for name, a in self.inferred_anchors.items():
            if a.from_ == name:
                raise ValueError(f"inferred anchor {name} cannot come from itself")
        return self

    def convention_for(self, direction: str, unit: str) -> tuple[str, Convention]:
        """The (name, convention) counting ``direction`` in ``unit``; KeyError if none (validation forbids it)."""
        for name, c in self.conventions.items():
            if c.direction == direction and unit in c.units:
                return name, c
        raise KeyError((direction, unit))
