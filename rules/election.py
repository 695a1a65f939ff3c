"""Which election a document is about, and in which country: the law the statute rules may apply (issue 17).

``decide(doc, overrides)`` reads the parsed document and returns an ``ElectionContext``:

* ``jurisdiction``: ``kg`` (a document of the Kyrgyz Republic), ``other`` (another country's: a mark of
  it, «Российской Федерации», «Республики Казахстан», «маслихата», «Федерального закона») or ``unknown``
  (no mark of any country: its «ЦИК» may be any country's). Marks in the header — the title, the approving
  body, the heading lines above the first row — decide first; then a Kyrgyz text (always the Kyrgyz
  Republic's); then the whole text when it has marks of one side only. The marks of the Kyrgyz Republic
  are the gazetteer's (``corpus/bodies.yaml`` ``country_mark``, what ``shailoo.parsers.extract.bodies.
  document_home`` reads), the others ``rule_words.patterns.foreign_country`` (``corpus/lang/ru.yaml``).
  ``issuer`` is ``document_home``'s: ``cec`` when the header names the CEC (or the CEC owns most rows).
* ``kind``: ``presidential``, ``jogorku_kenesh``, ``local_kenesh`` (with ``levels``: ``ayil_kenesh``,
  ``city_kenesh``, ``district_kenesh``), ``referendum`` or ``unknown``: the kind the title names
  (``shailoo.parsers.extract.citations.election_kind_of``,
  here ``election_kind_phrase`` for the words), else a heading line's, and only when the same
  text speaks of an election at all (``rule_words.patterns.election_word``: an ayil kenesh's work plan is
  no election).
* ``type``: ``regular``, ``early`` («досрочных выборов», «мөөнөтүнөн мурда шайлоо»), ``repeat``
  («повторных выборов», «кайталап шайлоо») or ``by_election`` («дополнительных выборов», «кошумча
  шайлоо»), from the same text as the kind (``rule_words.patterns.election_*``). «Досрочное голосование»
  is early voting in a regular election, not an early election.
* ``how``: for each of these, the words that decided it and where they were found (``title``,
  ``approval``, ``heading``, ``text``, ``language``) or ``option`` (given with ``--jurisdiction`` /
  ``--election-kind``).

``overrides`` (``shailoo check --election-kind``, ``--jurisdiction``; ``ctx.options`` ``election_kind`` and
``jurisdiction``) replace what the document says: ``parse_election_kind`` and ``parse_jurisdiction`` validate
them. ``--election-kind`` takes comma-separated words of ``KIND_OPTIONS`` (a kind, a level of a local
kenesh, a type): ``ayil_kenesh,early``, ``presidential``, ``repeat``; what it does not name is decided from
the document.

How the statute rules use it (``shailoo.rules.checks.statute_rules``): a document whose jurisdiction is not
``kg`` gets no finding of SH151–SH153, and one ``info`` finding of SH150 ``statutes-not-applied`` saying
why (when it has something the rules would have read: a citation or a relative term); an unknown kind
gets no ``statute-conflict`` and the same one line; an early, repeat or by-election is compared only with
the time limits set for that type (``applies``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Optional

import regex

from shailoo import corpus
from shailoo.model import ParsedDocument
from shailoo.parsers.extract.bodies import document_home
from shailoo.parsers.extract.citations import election_kind_phrase
from shailoo.rules.words import alternation

JURISDICTIONS = ("kg", "other")
KINDS = ("presidential", "jogorku_kenesh", "local_kenesh", "referendum", "unknown")
LEVELS = ("ayil_kenesh", "city_kenesh", "district_kenesh")
TYPES = ("regular", "early", "repeat", "by_election")
#: The words ``--election-kind`` accepts (comma-separated): a kind, a level (a local kenesh's), a type.
KIND_OPTIONS = KINDS + LEVELS + TYPES
#: Where the words that decided were found.
PLACES = ("title", "approval", "heading", "text", "language", "option")

#: ``election_kind_of`` names → the kinds of this module.
_FROM_PARSER = {"local": "local_kenesh", "parliamentary": "jogorku_kenesh", "presidential": "presidential",
                "referendum": "referendum"}
#: The kinds of this module → the election kinds of the statute knowledge base (``applies_to``).
_TO_STATUTES = {"local_kenesh": "local", "jogorku_kenesh": "parliamentary", "presidential": "presidential",
                "referendum": "referendum"}

#: Heading lines read as the header: the first paragraphs above the first row, each short.
_HEAD_LINES = 12
_HEAD_CHARS = 400


@dataclass(frozen=True)
class Evidence:
    """What decided one field: the words as printed (None for a default) and where they were found."""

    where: str
    words: Optional[str] = None


@dataclass(frozen=True)
class ElectionContext:
    """The country and the election of a document, and how each was decided (see the module docstring)."""

    jurisdiction: str = "unknown"
    kind: str = "unknown"
    levels: tuple[str, ...] = ()
    type: str = "regular"
    issuer: Optional[str] = None
    how: Mapping[str, Evidence] = field(default_factory=dict)

    @property
    def level(self) -> Optional[str]:
        """The level of a local kenesh when the document names one level (``ayil``, ``city``, ``district``)."""
        return self.levels[0].split("_")[0] if len(self.levels) == 1 else None

    @property
    def kyrgyz(self) -> bool:
        """Whether the Kyrgyz Republic's statutes may be applied: the document is the Kyrgyz Republic's."""
        return self.jurisdiction == "kg"

    @property
    def known(self) -> bool:
        return self.kind != "unknown"

    def statute_kinds(self) -> set[str]:
        """The election kinds of the statute knowledge base this election is of (``applies_to`` words):
        e.g. {local, ayil_kenesh, early}."""
        out = {self.type, *self.levels}
        if self.kind in _TO_STATUTES:
            out.add(_TO_STATUTES[self.kind])
        if self.levels:
            out.add("local")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"jurisdiction": self.jurisdiction, "issuer": self.issuer, "kind": self.kind,
                "levels": list(self.levels), "type": self.type,
                "how": {k: {"where": e.where, "words": e.words} for k, e in self.how.items()}}


# --------------------------------------------------------------------------- options


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _words(v)]
    return [w.strip().lower().replace("-", "_") for w in str(value).split(",") if w.strip()]


def parse_election_kind(value: Any) -> dict[str, Any]:
    """``--election-kind`` as the fields it sets (``kind``, ``levels``, ``type``); raises ValueError on a word
    not in ``KIND_OPTIONS``, on two kinds or two types, or on a level with a kind other than a local kenesh."""
    out: dict[str, Any] = {}
    levels: list[str] = []
    for w in _words(value):
        if w not in KIND_OPTIONS:
            raise ValueError(f"unknown election kind {w!r} (use: {', '.join(KIND_OPTIONS)})")
        if w in LEVELS:
            levels.append(w)
            continue
        slot = "type" if w in TYPES else "kind"
        if slot in out and out[slot] != w:
            raise ValueError(f"two election {slot}s given: {out[slot]!r} and {w!r}")
        out[slot] = w
    if levels:
        if out.get("kind", "local_kenesh") != "local_kenesh":
            raise ValueError(f"a level ({', '.join(levels)}) is a local kenesh's, not of {out['kind']!r}")
        out["kind"] = "local_kenesh"
        out["levels"] = tuple(dict.fromkeys(levels))
    return out


def parse_jurisdiction(value: Any) -> Optional[str]:
    """``--jurisdiction``: ``kg`` or ``other``; None when not given; ValueError otherwise."""
    if value is None or value == "":
        return None
    v = str(value).strip().lower()
    if v not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction {value!r} (use: {', '.join(JURISDICTIONS)})")
    return v


# --------------------------------------------------------------------------- words (language data)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    lex = corpus.bodies().lexicon
    marks = [p.regex for p in (lex.ru.country_mark, getattr(lex.ky, "country_mark", None)) if p is not None]
    return {
        # the gazetteer's marks are case-sensitive where it says so; matched case-insensitively as
        # document_home does
        "kg": regex.compile("|".join(f"(?:{m})" for m in marks), regex.I),
        "foreign": regex.compile(alternation("foreign_country"), regex.I),
        "election": regex.compile(alternation("election_word"), regex.I),
        "early": regex.compile(alternation("election_early"), regex.I),
        "repeat": regex.compile(alternation("election_repeat"), regex.I),
        "by_election": regex.compile(alternation("election_by"), regex.I),
        **{lv: regex.compile(alternation(lv), regex.I) for lv in LEVELS},
    }


def _squash(s: str) -> str:
    return " ".join((s or "").split())


# --------------------------------------------------------------------------- the document's texts


def _places(doc: ParsedDocument) -> list[tuple[str, str]]:
    """The header as (place, text): the title, the approving body, the heading lines above the first row."""
    info = doc.document
    out: list[tuple[str, str]] = []
    if info.title:
        out.append(("title", info.title))
    if info.approved is not None:
        by = " ".join(p for p in (info.approved.by, info.approved.raw) if p)
        if by:
            out.append(("approval", by))
    first = min((a.provenance.start for a in doc.activities if a.provenance.start is not None), default=None)
    n = 0
    for p in doc.paragraphs:
        if first is not None and p.provenance.start is not None and p.provenance.start >= first:
            break
        if len(p.text) > _HEAD_CHARS or not p.text.strip():
            continue
        out.append(("heading", p.text))
        n += 1
        if n >= _HEAD_LINES:
            break
    return out


def _body(doc: ParsedDocument) -> str:
    """The whole text as lines (no tabs: rows are read as text, not as a table of owners)."""
    bits = [doc.document.title or ""]
    if doc.document.approved is not None:
        bits += [doc.document.approved.by or "", doc.document.approved.raw or ""]
    bits += [p.text for p in doc.paragraphs]
    for a in doc.activities:
        bits += [*(a.section or []), a.text or "", *(v for v in (a.cells or {}).values())]
    return "\n".join(_squash(b) for b in bits if b)


_WORD_END = regex.compile(r"\w*")
_WORD_START = regex.compile(r"\w*$")


def _said(s: str, m) -> str:
    """The words of ``s`` a match lies in, whole («Российской Федерации» for a match «Российской Федераци»)."""
    start = m.start() - len(_WORD_START.search(s[:m.start()]).group()) if m.start() else 0
    end = m.end() + len(_WORD_END.match(s, m.end()).group())
    return _squash(s[start:end])


def _first(pat, places: list[tuple[str, str]]) -> Optional[Evidence]:
    for where, s in places:
        m = pat.search(s)
        if m:
            return Evidence(where, _said(s, m))
    return None


# --------------------------------------------------------------------------- the decision


def _jurisdiction(doc: ParsedDocument, places: list[tuple[str, str]], body: str) -> tuple[str, Optional[Evidence]]:
    pats = _patterns()
    foreign, kg = _first(pats["foreign"], places), _first(pats["kg"], places)
    if foreign is not None:
        return "other", foreign
    if kg is not None:
        return "kg", kg
    if doc.document.language == "ky":
        return "kg", Evidence("language", "ky")
    f, k = pats["foreign"].search(body), pats["kg"].search(body)
    if k and not f:
        return "kg", Evidence("text", _said(body, k))
    if f and not k:
        return "other", Evidence("text", _said(body, f))
    return "unknown", None


def _kind(places: list[tuple[str, str]]) -> tuple[str, tuple[str, ...], str, dict[str, Evidence]]:
    """Kind, levels and type from the first place (the title, then the headings) that speaks of an election
    and names a kind or a level."""
    pats = _patterns()
    for where, s in places:
        if where == "approval" or not pats["election"].search(s):
            continue  # the approving body's name («… по выборам и проведению референдумов») names no election
        how: dict[str, Evidence] = {}
        found = election_kind_phrase(s)
        k = _FROM_PARSER.get(found[0]) if found else None
        levels = []
        for lv in LEVELS:
            m = pats[lv].search(s)
            if m:
                levels.append(lv)
                how.setdefault("level", Evidence(where, _said(s, m)))
        if levels and k in (None, "local_kenesh"):
            k = "local_kenesh"
        elif k != "local_kenesh":
            levels, _ = [], how.pop("level", None)
        if k is None:
            continue
        how["kind"] = how["level"] if "level" in how else Evidence(where, _squash(found[1]))
        typ = "regular"
        for t in ("repeat", "by_election", "early"):
            m = pats[t].search(s)
            if m:
                typ = t
                how["type"] = Evidence(where, _said(s, m))
                break
        return k, tuple(levels), typ, how
    return "unknown", (), "regular", {}


def decide(doc: ParsedDocument, overrides: Optional[Mapping[str, Any]] = None) -> ElectionContext:
    """The jurisdiction and the election of ``doc`` and how they were decided; ``overrides`` (``election_kind``:
    the words of ``--election-kind``; ``jurisdiction``: ``kg``/``other``) win. Raises ValueError on an
    invalid override, nothing a document can cause."""
    overrides = overrides or {}
    given = parse_election_kind(overrides.get("election_kind"))
    given_j = parse_jurisdiction(overrides.get("jurisdiction"))
    places = _places(doc)
    body = _body(doc)
    how: dict[str, Evidence] = {}

    if given_j is not None:
        jurisdiction = given_j
        how["jurisdiction"] = Evidence("option", given_j)
    else:
        jurisdiction, ev = _jurisdiction(doc, places, body)
        if ev is not None:
            how["jurisdiction"] = ev
    try:
        home = document_home("\n".join(s for _, s in places), body)
        issuer = home.issuer
    except Exception:  # noqa: BLE001 - the issuer is said, never needed: a failure leaves it unknown
        issuer = None
    if issuer is None:
        # document_home counts the rows' owners in a table's text; the parse has them typed already
        counts: dict[str, int] = {}
        for a in doc.activities:
            for b in a.responsible:
                if b.id and b.id != "other":
                    counts[b.id] = counts.get(b.id, 0) + 1
        cec = counts.get("cec", 0)
        if cec and all(n < cec for k, n in counts.items() if k != "cec") and jurisdiction == "kg":
            issuer = "cec"

    kind, levels, typ, kind_how = _kind(places)
    how.update(kind_how)
    if "kind" in given:
        kind = given["kind"]
        levels = given.get("levels", levels if kind == "local_kenesh" else ())
        how["kind"] = Evidence("option", ",".join([kind, *levels]))
        how.pop("level", None)
    if "type" in given:
        typ = given["type"]
        how["type"] = Evidence("option", typ)
    return ElectionContext(jurisdiction=jurisdiction, kind=kind, levels=tuple(levels), type=typ, issuer=issuer,
                           how=how)
