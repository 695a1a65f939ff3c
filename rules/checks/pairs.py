"""The pair rules: what differs between two versions of a document (``shailoo compare A B``).

* ``language-version-mismatch`` (SH161): the Russian and the Kyrgyz text of the same plan (both
  official) disagree in a typed value;
* ``draft-change`` (SH162): a typed value changed between an earlier draft A and a later draft B.

Both are ``pair`` rules: ``check`` never runs them; ``shailoo.rules.engine.compare`` runs one on B with
A in ``ctx.options["counterpart"]`` (and the rows' alignment in ``ctx.options["alignment"]``), so the
findings sit on B's rows. The alignment and the typed differences are ``shailoo.rules.compare``'s.
Their messages are the catalogue's ``rules.SH161.message`` / ``rules.SH162.message``.
"""

from __future__ import annotations

from typing import Iterator, Optional

from shailoo.rules.compare import (ABSENT, FIELDS, LANGUAGE_NAMES, PRESENT, RENUMBERED, ROW, SIDES, Aligned, Change,
                                   align, header_changes, renumbering, row_changes)
from shailoo.rules.context import Context, Hit, label
from shailoo.rules.registry import rule
from shailoo.rules.words import word
from shailoo.model import Activity, ParsedDocument

_CELLS = ("term", "responsible", "executor", "legal_basis", "number")


@rule("SH161", "language-version-mismatch", "error", cells=_CELLS, pair=True)
def language_version_mismatch(ctx: Context) -> Iterator[Hit]:
    """The Russian and Kyrgyz versions of a document differ in a typed value (term, owner, citation, row)."""
    yield from _pair_hits(ctx, "language")


@rule("SH162", "draft-change", "info", cells=_CELLS, pair=True)
def draft_change(ctx: Context) -> Iterator[Hit]:
    """A typed value changed between two drafts of a document (term, owner, citation, row added or removed)."""
    yield from _pair_hits(ctx, "draft")


def _short(text: str, n: int = 60) -> str:
    """``text`` squashed and, when longer than ``n``, cut at a word boundary («…»): a row quoted in a message."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:—-") + " …"


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

    changes: list[Change] = header_changes(a, b, lang)
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
        changes.extend(renumbering(pairs))
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
