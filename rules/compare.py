"""``shailoo compare A B``: what differs between two versions of a plan, in typed values, not wording.

Two uses, one machinery:

* **language versions** (A and B in different languages, e.g. the Russian and the Kyrgyz text of the
  same plan, both official): every typed disagreement is a ``language-version-mismatch`` (SH161)
  finding;
* **drafts** (same language): an earlier draft A and a later draft B; every typed change is a
  ``draft-change`` (SH162) finding, a change list a lawyer can read.

Rows are aligned by number first (in drafts only when the two rows also read alike, since an inserted
row renumbers the rest), then the rows left over by similarity: of the wording in drafts, of the typed
values across languages. Each aligned pair is compared field by field:

``term``          the kind and structure of each term (N, unit, direction, anchor, bound; event and
                  relation; printed dates of date terms; frequency; period);
``printed_date``  the dates printed beside a relative or event term («(до 10 августа 2022 года)»);
``owners``        the responsible bodies by gazetteer id (bodies the gazetteer does not know are
                  compared by text in drafts, not across languages);
``citations``     the provisions cited (act, article, part, point);
``row``           a row present in one version only (``added`` / ``removed``);
``number``        rows renumbered, one finding per run of rows shifted by the same amount;
and in the header ``election_day`` and ``approval`` (number and date).

Wording (the description, the spelling of a term) is never reported. This module is the machinery
(alignment, typed differences, the report's model); the two rules are ``pair`` rules of
``shailoo.rules.checks.pairs``: ``check`` never runs them; ``shailoo.rules.engine.compare`` does, on B
with A as the counterpart, so the findings sit on B's rows (Word comments go on B).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from pydantic import Field

from shailoo.rules.context import label
from shailoo.rules.findings import Finding, Summary, _Model
from shailoo.rules.words import ANCHORS, CITE, word
from shailoo.model import (Activity, DatesTerm, DateTerm, DocumentInfo, EventTerm, ParsedDocument, PeriodTerm,
                           RangeTerm, RecurringTerm, RelativeTerm, Source)
from shailoo.corpus.i18n import by_lang
from shailoo.rules.words import table
from shailoo.rules.checks.statute_rules import _kb, act_title, term_text
from shailoo.parsers.extract.bodies import gazetteer

SCHEMA_COMPARISON = "shailoo/comparison@1"
Mode = Literal["language", "draft"]

# --------------------------------------------------------------------------- words

# The catalogue's (``rules.compare.*`` of corpus/messages/<lang>/rules.yaml): tables are
# {key: {lang: text}} (read with ``word``), single words {lang: text}.
FIELDS = table("compare.field")
LANGUAGE_NAMES = table("compare.language_name")
SIDES = table("compare.side")
ROW = by_lang("rules.compare.row")
PRESENT = by_lang("rules.compare.present")
ABSENT = by_lang("rules.compare.absent")
NONE = by_lang("rules.compare.none")
RENUMBERED = by_lang("rules.compare.renumbered")
BOUNDS = table("compare.bound")
RELATIONS = table("compare.relation")
FREQUENCY = table("compare.frequency")
TERM_KINDS = table("compare.term_kind")


# --------------------------------------------------------------------------- the report


class Side(_Model):
    """One of the two versions compared: its file and what its header says."""

    source: Source = Field(description="the file")
    document: DocumentInfo = Field(description="what the document is and what its header says")


class Pair(_Model):
    """One aligned pair of rows: their labels (``None`` for a row present on one side only) and how
    they were aligned (``text``: worded the same, ``number``, ``similarity``), or ``added`` / ``removed``."""

    a: Optional[str] = Field(None, description="the row of A (its number as printed); null for a row added in B")
    b: Optional[str] = Field(None, description="the row of B (its number as printed); null for a row removed from A")
    by: Literal["text", "number", "similarity", "added", "removed"] = Field(
        description="how the rows were aligned: text (worded the same), number, similarity; added (in B only), "
                    "removed (in A only)")
    score: Optional[float] = Field(None, description="the similarity of the two rows, 0-1 (aligned by similarity)")


class ComparisonReport(_Model):
    """The output of ``shailoo compare A B`` (``shailoo/comparison@1``): the rows aligned and every typed
    difference as a finding on B's rows."""

    schema_: Literal["shailoo/comparison@1"] = Field(SCHEMA_COMPARISON, alias="schema",
                                                     description="the output's schema name and version")
    mode: Mode = Field(description="language (A and B are the two language versions of one plan) or draft (A an "
                                   "earlier draft of B)")
    a: Side = Field(description="the reference: the other language version, or the earlier draft")
    b: Side = Field(description="the version under review: the findings sit on its rows")
    alignment: list[Pair] = Field(default_factory=list, description="every row of A and B, paired")
    findings: list[Finding] = Field(default_factory=list, description="every difference (language-version-mismatch "
                                                                       "or draft-change), on B's rows")
    summary: Summary = Field(default_factory=Summary, description="the findings counted by severity")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)

    def count(self, field_: str) -> int:
        return sum(1 for f in self.findings if f.details.get("field") == field_)


def detect_mode(a: ParsedDocument, b: ParsedDocument) -> Mode:
    """``language`` when the two documents are in different known languages, else ``draft``."""
    la, lb = a.document.language, b.document.language
    known = ("ru", "ky")
    return "language" if la in known and lb in known and la != lb else "draft"


# --------------------------------------------------------------------------- alignment


@dataclass
class Aligned:
    a: Optional[Activity]
    b: Optional[Activity]
    by: str
    score: Optional[float] = None


def rows_of(doc: ParsedDocument) -> list[Activity]:
    """The rows that are compared: every activity with a number or a path (section headings are not rows)."""
    return [x for x in doc.activities if label(x)]


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def _similarity(x: str, y: str) -> float:
    m = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if m.real_quick_ratio() < 0.3 or m.quick_ratio() < 0.3:
        return 0.0
    return m.ratio()


def _features(x: Activity, mode: str) -> set:
    """What a row says in typed values, as a set, for aligning rows across languages."""
    feats = {("term", s) for s in _term_signatures(x)}
    feats |= {("owner", o) for o in _owner_keys(x, mode)}
    feats |= {("cite", c) for c in _citation_keys(x)}
    return feats


def _jaccard(p: set, q: set) -> float:
    return len(p & q) / len(p | q) if (p or q) else 0.0


#: Least similarity for rows with the same number to count as the same row in drafts, and for
#: left-over rows to be paired (below it a row is added/removed, not changed).
SAME_NUMBER = 0.5
LEFTOVER = 0.6
LEFTOVER_TYPED = 0.5


def align(a: ParsedDocument, b: ParsedDocument, mode: str) -> list[Aligned]:
    """Pairs of rows of ``a`` and ``b`` in ``b``'s order, then the rows only ``a`` has (``removed``).

    Drafts: a diff of the rows' wording first (rows that read the same pair up, whatever an inserted
    row did to the numbers), then, inside each stretch that differs, rows with the same number that
    still read alike, then the most similar rows. Language versions: by number, then by typed values.
    """
    ra, rb = rows_of(a), rows_of(b)
    matched_a: dict[int, Aligned] = {}
    matched_b: dict[int, Aligned] = {}

    def pair(x, y, by, score=None):
        matched_a[id(x)] = matched_b[id(y)] = Aligned(x, y, by, None if score is None else round(score, 3))

    if mode == "draft":
        ta = [_words(x.text or " ".join(x.cells.values())) for x in ra]
        tb = [_words(y.text or " ".join(y.cells.values())) for y in rb]
        sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
        blocks = []
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    pair(ra[i1 + k], rb[j1 + k], "text", 1.0)
            else:
                blocks.append((range(i1, i2), range(j1, j2)))
        blocks.append((range(len(ra)), range(len(rb))))  # what the stretches left: anywhere
        for ia, jb in blocks:
            xs = [i for i in ia if id(ra[i]) not in matched_a]
            ys = [j for j in jb if id(rb[j]) not in matched_b]
            if not xs or not ys:
                continue
            scored = [(_similarity(ta[i], tb[j]), i, j) for j in ys for i in xs]
            for score, i, j in sorted(scored, key=lambda s: (-s[0], s[2], s[1])):
                if score < SAME_NUMBER:
                    break
                x, y = ra[i], rb[j]
                if id(x) in matched_a or id(y) in matched_b:
                    continue
                if label(x) == label(y):
                    pair(x, y, "number", score)
            for score, i, j in sorted(scored, key=lambda s: (-s[0], s[2], s[1])):
                if score < LEFTOVER:
                    break
                x, y = ra[i], rb[j]
                if id(x) not in matched_a and id(y) not in matched_b:
                    pair(x, y, "similarity", score)
    else:
        by_label_a: dict[str, list[Activity]] = {}
        for x in ra:
            by_label_a.setdefault(label(x), []).append(x)
        for y in rb:
            x = next((x for x in by_label_a.get(label(y), []) if id(x) not in matched_a), None)
            if x is not None:
                pair(x, y, "number")
        left_a = [x for x in ra if id(x) not in matched_a]
        left_b = [y for y in rb if id(y) not in matched_b]
        if left_a and left_b:
            fa = {id(x): _features(x, mode) for x in left_a}
            scored = [(_jaccard(fa[id(x)], _features(y, mode)), i, j) for j, y in enumerate(left_b)
                      for i, x in enumerate(left_a)]
            for score, i, j in sorted(scored, key=lambda s: (-s[0], s[2], s[1])):
                if score < LEFTOVER_TYPED:
                    break
                x, y = left_a[i], left_b[j]
                if id(x) not in matched_a and id(y) not in matched_b:
                    pair(x, y, "similarity", score)
    out = [matched_b.get(id(y)) or Aligned(None, y, "added") for y in rb]
    out += [Aligned(x, None, "removed") for x in ra if id(x) not in matched_a]
    return out


# --------------------------------------------------------------------------- typed values


def _d(v: Optional[dt.date]) -> Optional[str]:
    return v.isoformat() if v else None


def _date_sig(td) -> tuple:
    return (_d(td.value), td.day, td.month, td.year if not td.year_inferred else None)


def _term_signature(t) -> Optional[tuple]:
    """The structure of one term, without its printed dates (those are ``_printed``); None when the
    term could not be read (an unparsed term is not compared)."""
    if isinstance(t, RelativeTerm):
        return ("relative", t.n, t.unit, t.direction, t.anchor, t.bound)
    if isinstance(t, EventTerm):
        return ("event", t.anchor, t.relation)
    if isinstance(t, DateTerm):
        return ("date", _date_sig(t.date))
    if isinstance(t, RangeTerm):
        return ("range", _date_sig(t.start_date), _date_sig(t.end_date))
    if isinstance(t, DatesTerm):
        return ("dates",) + tuple(_term_signature(i) for i in t.items)
    if isinstance(t, RecurringTerm):
        return ("recurring", t.frequency, t.anchor)
    if isinstance(t, PeriodTerm):
        return ("period", t.unit, t.value, t.year)
    if t.kind == "unspecified":
        return ("unspecified",)
    return None


def _terms(x: Activity) -> list:
    return list(x.terms) or ([x.term] if x.term is not None else [])


def _term_signatures(x: Activity) -> list[tuple]:
    return [s for s in (_term_signature(t) for t in _terms(x)) if s is not None]


def _printed(x: Activity) -> list[str]:
    out = []
    for t in _terms(x):
        for d in getattr(t, "printed", None) or []:
            if d.value:
                out.append(d.value.isoformat())
    return out


def _owner_keys(x: Activity, mode: str) -> set[str]:
    keys = {r.id for r in x.responsible if r.id != "other"}
    if mode == "draft":
        keys |= {"other:" + _words(r.raw) for r in x.responsible if r.id == "other"}
    return keys


def _citation_keys(x: Activity) -> set[tuple]:
    return {(c.act, c.article, c.part, c.point) for c in x.citations if c.reason is None and c.article}


# --------------------------------------------------------------------------- rendering values


def _date_text(v) -> str:
    if isinstance(v, str):
        v = dt.date.fromisoformat(v)
    return v.strftime("%d.%m.%Y")


def _term_text(sig: tuple, lang: str) -> str:
    kind = sig[0]
    if kind == "relative":
        from types import SimpleNamespace

        _, n, unit, direction, anchor, bound = sig
        core = term_text(SimpleNamespace(n=n, unit=unit, direction=direction, anchor=anchor), lang)
        return f"{word(BOUNDS, bound, lang)} {core}".strip()
    if kind == "event":
        return f"{word(RELATIONS, sig[2], lang)} {word(ANCHORS, sig[1], lang)}"
    if kind == "date":
        return _sig_date_text(sig[1])
    if kind == "range":
        return f"{_sig_date_text(sig[1])}–{_sig_date_text(sig[2])}"
    if kind == "dates":
        return ", ".join(_term_text(s, lang) for s in sig[1:] if s)
    if kind == "recurring":
        return word(FREQUENCY, sig[1], lang)
    if kind == "period":
        return "/".join(str(v) for v in sig[1:] if v is not None)
    return word(TERM_KINDS, kind, lang)


def _sig_date_text(ds: tuple) -> str:
    value, day, month, year = ds
    if value:
        return _date_text(value)
    return ".".join(f"{v:02d}" if isinstance(v, int) and v < 100 else str(v) for v in (day, month, year) if v)


def _owners_text(keys: set[str], lang: str) -> str:
    g = gazetteer()
    names = []
    for k in sorted(keys):
        if k.startswith("other:"):
            names.append(k[6:])
            continue
        body = g.get(k)
        titles = (body.title or {}) if body is not None else {}
        names.append(titles.get(lang) or titles.get("ru") or k)
    return ", ".join(names)


def _citations_text(keys: set[tuple], lang: str) -> str:
    kb = _kb(())
    forms = CITE[lang]
    out = []
    for act, article, part, point in sorted(keys, key=lambda k: tuple(str(v) for v in k)):
        pieces = [forms[k].format(v) for k, v in (("article", article), ("part", part), ("point", point)) if v]
        out.append(forms["form"].format(cite=forms["sep"].join(pieces), act=act_title(kb, act, lang) if act else "?"))
    return "; ".join(out)


# --------------------------------------------------------------------------- differences


@dataclass
class Change:
    field: str
    kind: Literal["changed", "added", "removed", "renumbered"]
    a: Optional[Activity]
    b: Optional[Activity]
    a_value: Any = None
    b_value: Any = None
    a_text: str = ""
    b_text: str = ""
    cell: Optional[str] = None
    extra: dict = field(default_factory=dict)


def _owner_cell(x: Activity) -> str:
    return next((r for r in ("responsible", "executor") if r in x.cells), "responsible")


def _citation_cell(x: Activity) -> str:
    if "legal_basis" in x.cells:
        return "legal_basis"
    return _owner_cell(x)


def row_changes(x: Activity, y: Activity, mode: str, lang: str) -> list[Change]:
    """Typed differences between aligned rows ``x`` (A) and ``y`` (B)."""
    out = []
    sx, sy = _term_signatures(x), _term_signatures(y)
    readable = all(_term_signature(t) is not None for t in _terms(x) + _terms(y))
    if readable and sx != sy:
        out.append(Change("term", "changed", x, y, [list(s) for s in sx], [list(s) for s in sy],
                          "; ".join(_term_text(s, lang) for s in sx) or NONE[lang],
                          "; ".join(_term_text(s, lang) for s in sy) or NONE[lang], cell="term"))
    elif readable:
        px, py = _printed(x), _printed(y)
        if px and py and px != py:
            out.append(Change("printed_date", "changed", x, y, px, py, ", ".join(map(_date_text, px)),
                              ", ".join(map(_date_text, py)), cell="term"))
    ox, oy = _owner_keys(x, mode), _owner_keys(y, mode)
    if ox != oy and (ox or oy):
        out.append(Change("owners", "changed", x, y, sorted(ox), sorted(oy), _owners_text(ox, lang) or NONE[lang],
                          _owners_text(oy, lang) or NONE[lang], cell=_owner_cell(y)))
    cx, cy = _citation_keys(x), _citation_keys(y)
    if cx != cy:
        out.append(Change("citations", "changed", x, y, [list(k) for k in sorted(cx, key=str)],
                          [list(k) for k in sorted(cy, key=str)], _citations_text(cx, lang) or NONE[lang],
                          _citations_text(cy, lang) or NONE[lang], cell=_citation_cell(y)))
    return out


def header_changes(a: ParsedDocument, b: ParsedDocument, lang: str) -> list[Change]:
    """Differences of the header: the election day, the approval (number and date), when both give them."""
    out = []
    ea, eb = a.document.election_day, b.document.election_day
    if ea and eb and ea != eb:
        out.append(Change("election_day", "changed", None, None, ea.isoformat(), eb.isoformat(),
                          _date_text(ea), _date_text(eb)))
    pa, pb = a.document.approved, b.document.approved
    if pa and pb:
        va = (pa.number, _d(pa.date))
        vb = (pb.number, _d(pb.date))
        if all(va) and all(vb) and va != vb:
            out.append(Change("approval", "changed", None, None, list(va), list(vb),
                              f"№ {va[0]}, {_date_text(va[1])}", f"№ {vb[0]}, {_date_text(vb[1])}"))
    return out


def renumbering(pairs: list[Aligned]) -> list[Change]:
    """Runs of renumbered rows (B order) shifted by the same amount: one change each."""
    out: list[Change] = []
    run: list[Aligned] = []
    shift = None

    def flush():
        if run:
            out.append(Change("number", "renumbered", run[0].a, run[0].b, [label(p.a) for p in run],
                              [label(p.b) for p in run], cell="number", extra={"rows": len(run)}))

    for p in pairs:
        if p.a is None or p.b is None or label(p.a) == label(p.b):
            flush()
            run, shift = [], None
            continue
        try:
            s = int(label(p.b)) - int(label(p.a))
        except ValueError:
            s = None
        if run and (s is None or s != shift):
            flush()
            run = []
        run.append(p)
        shift = s
    flush()
    return out
