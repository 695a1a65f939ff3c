"""Data shipped with shailoo, and the one way to read it.

The folder holds the language data (``lang/*.yaml``), the gazetteer of bodies (``bodies.yaml``), the
registry of acts (``acts.yaml``), the citation grammar (``citations.yaml``), the phrases of action plans
(``action_plan.yaml``) and of prose documents (``prose.yaml``), the place markers (``places.yaml``),
the counting conventions (``counting.yaml``), the statute knowledge base (``statutes/``), the message
catalogue (``messages/``, read by ``shailoo.corpus.i18n``) and the exported JSON Schemas.

No other module finds or opens these files: ``path(name)`` finds one, ``load_yaml`` /
``load_yaml_all`` read YAML (libyaml when available), ``read_yaml`` / ``yaml_file`` /
``yaml_file_all`` read a file's YAML through the on-disk cache (``shailoo.corpus.cache``: a file whose
bytes were read before is not parsed again), and each data file has one typed accessor that validates
it on first use and keeps it for the process: ``language(code)``, ``bodies()``, ``acts()``,
``citations()``, ``action_plan_phrases()``, ``prose()``, ``places()``, ``counting()``. Their schemas
are in ``shailoo.corpus.schemas`` (the language files' here). Nothing is read at import.
"""

from __future__ import annotations

if __name__ != "shailoo.corpus":  # pragma: no cover - the folder imported under its bare name
    # The repository's folders are installed as ``shailoo.*`` only (pyproject's package-dir). Imported
    # as a top-level package (the repository root on sys.path), it would be a second copy of every
    # module, with its own registries and caches, and could shadow another distribution's package.
    raise ImportError(f"import this package as 'shailoo.corpus', not {__name__!r} (pip install -e . from the repository)")

import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shailoo.corpus import cache
from shailoo.model import Frequency, Qualifier, TimeUnit

if TYPE_CHECKING:  # the accessors' return types; the module itself is imported on first use
    from shailoo.corpus import schemas

HERE = Path(__file__).resolve().parent
LANGUAGES = ("ru", "ky")


def _yaml():
    # on call: PyYAML (10 ms to import) parses only the files the on-disk cache does not hold
    import yaml

    return yaml


def __getattr__(name: str):
    """``YAML_LOADER``: libyaml's safe loader when PyYAML was built with it (8× faster: the statute files
    load in 25 ms instead of 200 ms), else the pure-Python one; both build the same Python values."""
    if name == "YAML_LOADER":
        yaml = _yaml()
        return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_yaml(stream):
    """One YAML document (``yaml.safe_load`` semantics, libyaml's speed)."""
    yaml = _yaml()
    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_yaml_all(stream):
    """Every YAML document of a stream (``yaml.safe_load_all`` semantics, libyaml's speed)."""
    yaml = _yaml()
    return yaml.load_all(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class PatternExample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    groups: dict[str, str] = Field(default_factory=dict)


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: str
    examples: list[PatternExample] = Field(min_length=1)


# --------------------------------------------------------------------------- term grammar (parsers/terms.py)

Direction = Literal["before", "after", "within"]
Bound = Literal["not_later", "not_earlier", "exact", "within", "from_until"]
Relation = Literal["after", "from", "on", "before", "immediately_after", "until"]


class TermForm(BaseModel):
    """A form of the term grammar: a regex with named pieces (NUM, UNIT, ANCHOR, DATE pieces …) and
    the values the form fixes when its text carries no group for them."""

    model_config = ConfigDict(extra="forbid")
    regex: str
    examples: list[PatternExample] = Field(min_length=1)
    n: Optional[int] = None
    unit: Optional[TimeUnit] = None
    direction: Optional[Direction] = None
    bound: Optional[Bound] = None
    relation: Optional[Relation] = None
    frequency: Optional[Frequency] = None
    count: Optional[int] = Field(None, description="the count of times when the form's text prints none («Раз в год»)")


class AnchorSpec(BaseModel):
    """One anchor event: its phrases, and texts in which one of them names it."""

    model_config = ConfigDict(extra="forbid")
    phrases: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)


class QualifierWords(BaseModel):
    """Words printed before or after a date that bound it, and case endings of its last word."""

    model_config = ConfigDict(extra="forbid")
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    endings: list[str] = Field(default_factory=list)


class TermForms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    relative: dict[str, TermForm]
    event: dict[str, TermForm]
    day_range: dict[str, TermForm]
    bare_days: dict[str, TermForm]
    time_range: dict[str, TermForm]
    trailing_year: dict[str, TermForm]
    period: dict[str, TermForm]
    recurring: dict[str, TermForm] = Field(default_factory=dict)


class TermsData(BaseModel):
    """The words of deadlines (``terms:`` in a language file); phrase syntax in ``corpus/lang/ru.yaml``."""

    model_config = ConfigDict(extra="forbid")
    numbers: dict[int, list[str]]
    number_suffixes: list[str]
    ordinals: dict[int, list[str]]
    units: dict[TimeUnit, list[str]]
    bounds: dict[Literal["not_later", "not_earlier", "within"], list[str]]
    directions: dict[Literal["before", "after"], list[str]]
    relations: dict[Relation, list[str]]
    anchors: dict[str, AnchorSpec]
    recurring: dict[Frequency, list[str]]
    per_period: dict[Frequency, list[str]] = Field(default_factory=dict)
    count_bounds: dict[Literal["at_least", "at_most"], list[str]] = Field(default_factory=dict)
    unspecified: list[str]
    qualifiers: dict[Qualifier, QualifierWords]
    time_words: QualifierWords
    from_until_links: list[str]
    #: words between the start and the end of a range printed with verbs: «21 октября и продлится до
    #: 19 ноября», «10-ноябрдан башталып, 29-ноябрда аяктайт»
    range_links: list[str] = Field(default_factory=list)
    list_separators: list[str]
    forms: TermForms

    @field_validator("anchors")
    @classmethod
    def _anchor_ids(cls, v: dict[str, AnchorSpec]) -> dict[str, AnchorSpec]:
        import re

        bad = [k for k in v if not re.fullmatch(r"[a-z][a-z_]*", k)]
        if bad:
            raise ValueError(f"anchor ids must be lower_snake_case: {bad}")
        return v

    @field_validator("ordinals")
    @classmethod
    def _ordinals(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if not set(v) <= {1, 2, 3, 4}:
            raise ValueError("ordinals are for 1..4 (quarters, half-years, plan years)")
        return v


ProgressStatus = Literal["no_report", "not_started", "in_progress", "done"]
ProgressColumn = Literal["measure", "status", "date", "executor", "note"]


class ProgressData(BaseModel):
    """Words of progress reports on action plans (``progress:`` in a language file; ``shailoo track``).

    ``statuses``: phrases per status, tried in the order given (negated phrases first); ``columns``:
    header phrases of report tables per column role; ``examples``: (text, status) pairs a test runs.
    """

    model_config = ConfigDict(extra="forbid")
    statuses: dict[ProgressStatus, list[str]]
    columns: dict[ProgressColumn, list[str]]
    examples: list[tuple[str, ProgressStatus]]

    @field_validator("statuses")
    @classmethod
    def _every_status(cls, v):
        missing = {"no_report", "not_started", "in_progress", "done"} - set(v)
        if missing:
            raise ValueError(f"statuses missing: {sorted(missing)}")
        return v


class WordPattern(BaseModel):
    """A regex alternation of words a rule reads, and texts in each of which it finds one (matched
    case-insensitively; ``tests/test_lang_data.py`` runs them)."""

    model_config = ConfigDict(extra="forbid")
    regex: str
    examples: list[str] = Field(min_length=1)


class RuleWords(BaseModel):
    """Words the rules read in documents (``rule_words:`` in a language file; ``shailoo.rules``).

    ``patterns``: regex alternations the rules put into their patterns (``shailoo.rules.words.alternation``
    joins those of every language); a language may lack a key that another has. ``common_stems``: stems
    (the first 5 letters, lower case) of words common to every election provision, which say nothing
    about a subject. ``letter_folds``: letters folded before stems are taken. ``act_nominative``: the
    nominative of a kind of act as printed in an approval line («постановлением» → «постановление»).
    """

    model_config = ConfigDict(extra="forbid")
    patterns: dict[str, WordPattern]
    common_stems: list[str] = Field(default_factory=list)
    letter_folds: dict[str, str] = Field(default_factory=dict)
    act_nominative: dict[str, str] = Field(default_factory=dict)

    @field_validator("common_stems")
    @classmethod
    def _stems(cls, v: list[str]) -> list[str]:
        bad = [s for s in v if len(s) != 5 or s != s.lower()]
        if bad:
            raise ValueError(f"stems are the first 5 letters of a word, in lower case: {bad}")
        return v

    @field_validator("letter_folds")
    @classmethod
    def _letters(cls, v: dict[str, str]) -> dict[str, str]:
        bad = [k for k, w in v.items() if len(k) != 1 or len(w) != 1]
        if bad:
            raise ValueError(f"letter folds map one letter to one letter: {bad}")
        return v


class LanguageData(BaseModel):
    """The schema of ``corpus/lang/<code>.yaml``; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")
    language: str
    name: str
    markers: dict[str, list[str]]
    months: dict[int, list[str]]
    weekdays: dict[int, list[str]]
    document_kinds: dict[str, list[str]]
    column_roles: dict[str, list[str]]
    patterns: dict[str, PatternSpec]
    date_forms: dict[str, PatternSpec]
    terms: TermsData
    progress: ProgressData
    rule_words: RuleWords

    @field_validator("months")
    @classmethod
    def _twelve(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 13)):
            raise ValueError("months must have keys 1..12")
        return v

    @field_validator("weekdays")
    @classmethod
    def _seven(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(7)):
            raise ValueError("weekdays must have keys 0..6 (Monday = 0)")
        return v


def path(name: str) -> Path:
    """The corpus file or folder ``name`` (``"acts.yaml"``, ``"lang/ru.yaml"``, ``"statutes"``).

    Raises FileNotFoundError when the corpus has no such entry (a typo must not read as empty data).
    """
    p = HERE / name
    if not p.exists():
        raise FileNotFoundError(f"no {name!r} in the corpus ({HERE})")
    return p


class _NamedText(io.StringIO):
    """A text that YAML's error messages name by its file."""

    def __init__(self, text: str, name: str):
        super().__init__(text)
        self.name = name


def yaml_file(file: Path):
    """The one YAML document of ``file`` (any file: a corpus file, a user's statutes), unvalidated; parsed
    once per content (``shailoo.corpus.cache``), a new object on every call."""
    text = file.read_text(encoding="utf-8")
    return cache.yaml_data(str(file), text, lambda t: load_yaml(_NamedText(t, str(file))))


def yaml_file_all(file: Path) -> list:
    """Every YAML document of ``file`` as a list; parsed once per content, like ``yaml_file``."""
    text = file.read_text(encoding="utf-8")
    return cache.yaml_documents(str(file), text, lambda t: list(load_yaml_all(_NamedText(t, str(file)))))


def read_yaml(name: str):
    """The one YAML document of the corpus file ``name``, unvalidated (the accessors validate it)."""
    return yaml_file(path(name))


@lru_cache(maxsize=None)
def language(code: str) -> LanguageData:
    """Load and validate the language data for ``code`` (``ru`` or ``ky``), once per process."""
    return LanguageData.model_validate(read_yaml(f"lang/{code}.yaml"))


def all_languages() -> list[LanguageData]:
    return [language(c) for c in LANGUAGES]


# --------------------------------------------------------------------------- the other data files
# The schemas module is imported on first use: its models cost start-up time that ``shailoo
# --version`` and the language data alone need not pay.


@lru_cache(maxsize=None)
def bodies() -> "schemas.BodiesData":
    """``bodies.yaml``: the gazetteer of bodies and the matcher's lexicon (no spaCy is loaded)."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.BodiesData.model_validate(read_yaml("bodies.yaml"))


@lru_cache(maxsize=None)
def acts() -> "schemas.ActRegistry":
    """``acts.yaml``: the registry of legal acts, act id -> ``Act``."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.ActRegistry.model_validate(read_yaml("acts.yaml"))


@lru_cache(maxsize=None)
def citations() -> "schemas.CitationData":
    """``citations.yaml``: the words of the citation grammar, per language."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.CitationData.model_validate(read_yaml("citations.yaml"))


@lru_cache(maxsize=None)
def action_plan_phrases() -> "schemas.ActionPlanPhrases":
    """``action_plan.yaml``: the phrases that tell action-plan cells apart, per language."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.ActionPlanPhrases.model_validate(read_yaml("action_plan.yaml"))


@lru_cache(maxsize=None)
def prose() -> "schemas.ProseData":
    """``prose.yaml``: the words of prose documents (points, headings, deadlines, responsible bodies)."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.ProseData.model_validate(read_yaml("prose.yaml"))


@lru_cache(maxsize=None)
def places() -> "schemas.PlacesData":
    """``places.yaml``: settlement markers and place phrases of schedule cells, per language."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.PlacesData.model_validate(read_yaml("places.yaml"))


@lru_cache(maxsize=None)
def counting() -> "schemas.CountingData":
    """``counting.yaml``: how periods are counted (units, conventions, anchor times, election kinds)."""
    # on call: the pydantic schemas, which the language data alone never need
    from shailoo.corpus import schemas

    return schemas.CountingData.model_validate(read_yaml("counting.yaml"))
