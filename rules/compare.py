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

Wording (the description, the spelling of a term) is never reported. Both rules are ``pair`` rules of
the one registry (``shailoo.rules.registry``): ``check`` never runs them; ``compare`` does, on B with A as the
counterpart, so the findings sit on B's rows (Word comments go on B).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Optional

from pydantic import Field

from shailoo.rules.engine import Context, Hit, label, make_finding
from shailoo.rules.findings import Finding, Summary, _Model
from shailoo.rules.registry import lookup, rule
from shailoo.rules.words import ANCHORS, UNITS, word
from shailoo.model import (Activity, DatesTerm, DateTerm, DocumentInfo, EventTerm, ParsedDocument, PeriodTerm,
                           RangeTerm, RecurringTerm, RelativeTerm, Source)

SCHEMA_COMPARISON = "shailoo/comparison@1"
Mode = Literal["language", "draft"]

# --------------------------------------------------------------------------- words

FIELDS = {
    "term": {"ru": "Срок", "ky": "Мөөнөт", "en": "Term"},
    "printed_date": {"ru": "Дата в сроке", "ky": "Мөөнөттөгү күн", "en": "Printed date"},
    "owners": {"ru": "Ответственные", "ky": "Жооптуулар", "en": "Responsible"},
    "citations": {"ru": "Ссылки на закон", "ky": "Мыйзамга шилтемелер", "en": "Legal citations"},
    "row": {"ru": "Строка", "ky": "Сап", "en": "Row"},
    "number": {"ru": "Нумерация", "ky": "Номерлөө", "en": "Numbering"},
    "election_day": {"ru": "День голосования", "ky": "Добуш берүү күнү", "en": "Election day"},
    "approval": {"ru": "Утверждение", "ky": "Бекитүү", "en": "Approval"},
}
LANGUAGE_NAMES = {
    "ru": {"ru": "русская версия", "ky": "орусча версия", "en": "Russian version"},
    "ky": {"ru": "кыргызская версия", "ky": "кыргызча версия", "en": "Kyrgyz version"},
    "mixed": {"ru": "версия", "ky": "версия", "en": "version"},
    "unknown": {"ru": "версия", "ky": "версия", "en": "version"},
}
SIDES = {"a": {"ru": "было", "ky": "мурда", "en": "was"}, "b": {"ru": "стало", "ky": "азыр", "en": "now"}}
ROW = {"ru": "п. {n}", "ky": "{n}-п.", "en": "row {n}"}
PRESENT = {"ru": "есть", "ky": "бар", "en": "present"}
ABSENT = {"ru": "нет", "ky": "жок", "en": "absent"}
NONE = {"ru": "не указано", "ky": "көрсөтүлгөн эмес", "en": "none"}
RENUMBERED = {"ru": "пп. {a} → пп. {b}", "ky": "{a}-пп. → {b}-пп.", "en": "rows {a} → rows {b}"}
BOUNDS = {"not_later": {"ru": "не позднее", "ky": "кечиктирбестен", "en": "not later than"},
          "not_earlier": {"ru": "не ранее", "ky": "эртерээк эмес", "en": "not earlier than"},
          "exact": {"ru": "", "ky": "", "en": ""},
          "within": {"ru": "", "ky": "", "en": ""},
          "from_until": {"ru": "с … до", "ky": "… чейин", "en": "from … until"}}
RELATIONS = {"after": {"ru": "после", "ky": "кийин", "en": "after"},
             "from": {"ru": "со дня", "ky": "күндөн тартып", "en": "from"},
             "on": {"ru": "в день", "ky": "күнү", "en": "on"},
             "before": {"ru": "до", "ky": "чейин", "en": "before"},
             "immediately_after": {"ru": "сразу после", "ky": "дароо кийин", "en": "immediately after"},
             "until": {"ru": "до", "ky": "чейин", "en": "until"}}
FREQUENCY = {"daily": {"ru": "ежедневно", "ky": "күн сайын", "en": "daily"},
             "weekly": {"ru": "еженедельно", "ky": "жума сайын", "en": "weekly"},
             "monthly": {"ru": "ежемесячно", "ky": "ай сайын", "en": "monthly"},
             "as_needed": {"ru": "по мере необходимости", "ky": "зарылчылыкка жараша", "en": "as needed"},
             "continuous": {"ru": "постоянно", "ky": "туруктуу", "en": "continuously"}}
TERM_KINDS = {"unspecified": {"ru": "без срока", "ky": "мөөнөтсүз", "en": "no term"}}

_MSG_161 = {
    "ru": "Версии не совпадают — {what}: {a_where}: {a_value}; {b_where}: {b_value}",
    "ky": "Версиялар дал келбейт — {what}: {a_where}: {a_value}; {b_where}: {b_value}",
    "en": "The versions disagree — {what}: {a_where}: {a_value}; {b_where}: {b_value}",
}
_MSG_162 = {
    "ru": "{what} — изменение: {a_where}: {a_value}; {b_where}: {b_value}",
    "ky": "{what} — өзгөртүү: {a_where}: {a_value}; {b_where}: {b_value}",
    "en": "{what} — change: {a_where}: {a_value}; {b_where}: {b_value}",
}

_CELLS = ("term", "responsible", "executor", "legal_basis", "number")


@rule("SH161", "language-version-mismatch", "error", messages=_MSG_161, cells=_CELLS, pair=True)
def language_version_mismatch(ctx: Context) -> Iterator[Hit]:
    """The Russian and Kyrgyz versions of a document differ in a typed value (term, owner, citation, row)."""
    yield from _pair_hits(ctx, "language")


@rule("SH162", "draft-change", "info", messages=_MSG_162, cells=_CELLS, pair=True)
def draft_change(ctx: Context) -> Iterator[Hit]:
    """A typed value changed between two drafts of a document (term, owner, citation, row added or removed)."""
    yield from _pair_hits(ctx, "draft")


# --------------------------------------------------------------------------- the report


class Side(_Model):
    source: Source
    document: DocumentInfo


class Pair(_Model):
    """One aligned pair of rows: their labels (``None`` for a row present on one side only) and how
    they were aligned (``text``: worded the same, ``number``, ``similarity``), or ``added`` / ``removed``."""

    a: Optional[str] = None
    b: Optional[str] = None
    by: Literal["text", "number", "similarity", "added", "removed"]
    score: Optional[float] = None


class ComparisonReport(_Model):
    schema_: Literal["shailoo/comparison@1"] = Field(SCHEMA_COMPARISON, alias="schema")
    mode: Mode
    a: Side
    b: Side
    alignment: list[Pair] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)

    def count(self, field_: str) -> int:
        return sum(1 for f in self.findings if f.details.get("field") == field_)


def detect_mode(a: ParsedDocument, b: ParsedDocument) -> Mode:
    """``language`` when the two documents are in different known languages, else ``draft``."""
    la, lb = a.document.language, b.document.language
    known = ("ru", "ky")
    return "language" if la in known and lb in known and la != lb else "draft"


def compare(a: ParsedDocument, b: ParsedDocument, mode: Optional[Mode] = None, lang: str = "ru",
            config=None) -> ComparisonReport:
    """Compare ``a`` (the reference: the other language, or the earlier draft) with ``b``.

    Findings sit on ``b``'s rows (removed rows, on none: ``details["a_row"]`` names them). ``mode``
    defaults to ``detect_mode(a, b)``. ``config``: the user's rule settings; a disabled SH161/SH162
    gives no findings.
    """
    from shailoo.parsers.extract.calendar import calendar_from_document

    mode = mode or detect_mode(a, b)
    r = lookup("SH161" if mode == "language" else "SH162")
    ctx = Context(doc=b, calendar=calendar_from_document(b.document, None), lang=lang,
                  options={"counterpart": a, "mode": mode})
    pairs = align(a, b, mode)
    ctx.options["alignment"] = pairs
    findings: list[Finding] = []
    if config is None or config.setting(r.code, r.name).enabled:
        findings = [make_finding(r, h, b, lang, config) for h in r.func(ctx)]
    c = Counter(f.severity for f in findings)
    return ComparisonReport(
        mode=mode, a=Side(source=a.source, document=a.document), b=Side(source=b.source, document=b.document),
        alignment=[Pair(a=label(x.a) if x.a else None, b=label(x.b) if x.b else None, by=x.by, score=x.score)
                   for x in pairs],
        findings=findings, summary=Summary(error=c["error"], warning=c["warning"], info=c["info"]))


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

        from shailoo.rules.checks.statute_rules import term_text

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
    from shailoo.parsers.extract.bodies import gazetteer

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
    from shailoo.rules.checks.statute_rules import _kb, act_title
    from shailoo.rules.words import CITE

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


def _header_changes(a: ParsedDocument, b: ParsedDocument, lang: str) -> list[Change]:
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


def _renumbering(pairs: list[Aligned]) -> list[Change]:
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


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _span(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"


def _pair_hits(ctx: Context, mode: str) -> Iterator[Hit]:
    a: ParsedDocument = ctx.options["counterpart"]
    b = ctx.doc
    lang = ctx.lang
    pairs: list[Aligned] = ctx.options.get("alignment") or align(a, b, mode)
    lname_a = word(LANGUAGE_NAMES, a.document.language, lang)
    lname_b = word(LANGUAGE_NAMES, b.document.language, lang)

    def where(side: str, x: Optional[Activity]) -> str:
        base = (lname_a if side == "a" else lname_b) if mode == "language" else SIDES[side][lang]
        return f"{base} ({ROW[lang].format(n=label(x))})" if x is not None else base

    changes: list[Change] = _header_changes(a, b, lang)
    for p in pairs:
        if p.a is not None and p.b is not None:
            changes.extend(row_changes(p.a, p.b, mode, lang))
        elif p.b is not None:
            changes.append(Change("row", "added", None, p.b, None, label(p.b), ABSENT[lang],
                                  f"{PRESENT[lang]} «{_short(p.b.text)}»", cell="number"))
        else:
            changes.append(Change("row", "removed", p.a, None, label(p.a), None,
                                  f"{PRESENT[lang]} «{_short(p.a.text)}»", ABSENT[lang]))
    if mode == "draft":
        changes.extend(_renumbering(pairs))
    for c in changes:
        if c.kind == "renumbered":
            a_text = RENUMBERED[lang].format(a=_span(c.a_value), b=_span(c.b_value))
            params = {"what": word(FIELDS, c.field, lang), "a_where": SIDES["a"][lang], "a_value": _span(c.a_value),
                      "b_where": SIDES["b"][lang], "b_value": _span(c.b_value)}
            details = {"field": c.field, "kind": c.kind, "a_row": label(c.a), "a_value": c.a_value,
                       "b_value": c.b_value, "rows": c.extra.get("rows"), "summary": a_text}
            yield Hit(params, activity=c.b, expected=_span(c.a_value), found=_span(c.b_value), details=details,
                      cell=c.cell)
            continue
        params = {"what": word(FIELDS, c.field, lang), "a_where": where("a", c.a), "a_value": c.a_text,
                  "b_where": where("b", c.b), "b_value": c.b_text}
        details = {"field": c.field, "kind": c.kind, "a_row": label(c.a) if c.a is not None else None,
                   "a_value": c.a_value, "b_value": c.b_value}
        if c.a is not None:
            details["a_provenance"] = c.a.provenance.model_dump(exclude_defaults=True)
        yield Hit(params, activity=c.b, expected=c.a_text, found=c.b_text, details=details, cell=c.cell)


# --------------------------------------------------------------------------- text output


def format_text(report: ComparisonReport, lang: str = "ru") -> str:
    """One line per difference, ``B:row [SH16x] message``, then a summary line."""
    head = {"ru": "{a} → {b}: {mode}, сопоставлено строк {n}, различий {k}",
            "ky": "{a} → {b}: {mode}, салыштырылган сап {n}, айырма {k}",
            "en": "{a} → {b}: {mode}, {n} rows aligned, {k} differences"}
    modes = {"language": {"ru": "языковые версии", "ky": "тил версиялары", "en": "language versions"},
             "draft": {"ru": "редакции", "ky": "редакциялар", "en": "drafts"}}
    lines = []
    for f in report.findings:
        where = f.activity or (f"-{f.details.get('a_row')}" if f.details.get("a_row") else "-")
        lines.append(f"{report.b.source.path}:{where} [{f.code} {f.rule}] {f.message}")
    n = sum(1 for p in report.alignment if p.a and p.b)
    lines.append(head[lang].format(a=report.a.source.path, b=report.b.source.path, mode=modes[report.mode][lang],
                                   n=n, k=len(report.findings)))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- command line


def run_compare(args, out, err) -> int:
    """The ``shailoo compare A B`` handler: ``args`` has ``a``, ``b``, ``format`` (text, json, html,
    docx), ``mode`` (auto, language, draft), ``lang``, ``output``, ``config``, ``fail_on``.

    Exit 0 when the versions agree (or no difference reaches ``--fail-on``), 1 when they differ, 2 on
    unusable input; for docx, ``-o`` (default ``B.compared.docx`` beside B) receives B with comments.
    """
    from shailoo.rules.check import _load
    from shailoo.rules.config import ConfigError, load_config
    from shailoo.errors import ShailooError

    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as e:
        err.write(f"shailoo: error: {e}\n")
        return 2
    fmt = args.format or "text"
    lang = args.lang or "ru"
    try:
        if fmt == "docx":
            from shailoo.outputs.docx_comments import open_document

            open_document(args.b)
        a = _load(args.a, None, {})
        b = _load(args.b, None, {})
        mode = None if args.mode in (None, "auto") else args.mode
        report = compare(a, b, mode=mode, lang=lang, config=config)
        if fmt == "docx":
            import os

            from shailoo.rules.check import docx_targets
            from shailoo.outputs.docx_comments import finding_notes, review_docx

            dest = docx_targets([args.b], getattr(args, "output", None), suffix=".compared.docx")[args.b]
            review = review_docx(args.b, dest, finding_notes(report, lang), title=b.document.title)
            out.write(f"{args.b} -> {os.fspath(review.path)}: {len(review.placements)} comments\n")
    except ShailooError as e:
        err.write(f"shailoo: error: {e}\n")
        return e.exit_code
    except ValueError as e:
        err.write(f"shailoo: error: {e}\n")
        return 2
    except Exception as e:  # a bug: one line (the traceback with --debug)
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc(file=err)
        err.write(f"shailoo: internal error: {args.a} {args.b}: {type(e).__name__}: {e} (rerun with --debug)\n")
        return 70
    text = ""
    if fmt == "json":
        text = report.to_json() + "\n"
    elif fmt == "text":
        text = format_text(report, lang)
    elif fmt == "html":
        from shailoo.outputs.html import format_comparison_html

        text = format_comparison_html(report, a, b, lang=lang)
    if text:
        if getattr(args, "output", None):
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            out.write(text)
    fail_on = getattr(args, "fail_on", None) or "info"
    from shailoo.rules.check import _fails

    return 1 if fail_on != "never" and _fails(report, fail_on) else 0
