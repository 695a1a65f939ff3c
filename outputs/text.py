"""Plain-text writers: the findings of ``shailoo check``, the differences of ``shailoo compare`` and the
listing of the statute knowledge base (``shailoo statutes``).

Each takes what the rules produced (``FindingsReport``, ``ComparisonReport``, ``KnowledgeBase``) and
returns the text, ending with a newline; the words come from the message catalogue
(``corpus/messages/<lang>/review.yaml``, ``statutes.yaml``).
"""

from __future__ import annotations

from shailoo.corpus.i18n import text
from shailoo.outputs.present import finding_line, grade_text, provision_text, severity_word
from shailoo.rules.findings import FindingsReport
from shailoo.rules.statutes import SHIPPED, _sort_key, counts, edition_grade, grade, grade_counts

#: ``grade_text`` lived here before outputs/present.py; it stays importable from here for the modules that
#: still do (outputs/html.py).
__all__ = ["format_comparison", "format_statutes", "format_text", "grade_text"]

# --------------------------------------------------------------------------- check


def format_text(report: FindingsReport, lang: str = "ru") -> str:
    """The findings of one document as text, for a reader: one line per finding, ::

        FILE: № 12 (Работа со списками избирателей): [SH151] предупреждение: <message> (<provision>) [<evidence>]

    (``shailoo.outputs.present.finding_line``: the row by its number as printed and its section, the
    severity word, the provision cited by the act's title, the evidence grade of a statute finding), in
    the report's order (by row), a blank line before each next row; then the summary ``FILE: ошибок 2,
    предупреждений 5, примечаний 5 (всего замечаний 12)`` (``review.check.summary``)."""
    path = report.source.path
    lines: list[str] = []
    current = object()
    for f in report.findings:
        if f.activity != current and lines:
            lines.append("")
        current = f.activity
        lines.append(finding_line(path, f, lang))
    if lines:
        lines.append("")
    by_severity = report.summary.model_dump()
    lines.append(text("review.check.summary", lang, path=path, total=sum(by_severity.values()), **by_severity))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- compare


def format_comparison(report, lang: str = "ru") -> str:
    """The differences of a ``ComparisonReport`` as text, one line per difference, on B's rows::

        B: № 12 (Работа со списками избирателей): [SH162] примечание: <message>

    (``present.finding_line``); a row that only A has is named by its number as printed in A
    (``review.compare.removed``: «№ 50 в A (в этой версии строки нет)»). Then a blank line and the
    summary line (``review.compare.summary``)."""
    a, b = report.a.source.path, report.b.source.path
    lines = []
    for f in report.findings:
        a_row = f.details.get("a_row")
        if f.activity or not a_row:
            lines.append(finding_line(b, f, lang))
            continue
        place = text("review.compare.removed", lang, n=a_row, a=a)
        line = text("common.finding.line", lang, file=b, where=place, code=f.code,
                    severity=severity_word(f.severity, lang), message=f.message)
        provision, evidence = provision_text(f.statute, lang), grade_text(f, lang)
        lines.append(line + (f" ({provision})" if provision else "") + (f" [{evidence}]" if evidence else ""))
    if lines:
        lines.append("")
    n = sum(1 for p in report.alignment if p.a and p.b)
    lines.append(text("review.compare.summary", lang, a=a, b=b,
                      mode=text(f"review.compare.mode.{report.mode}", lang), n=n, k=len(report.findings)))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- statutes


def _term_text(t) -> str:
    s = f"{t.n} {t.unit} {t.direction} {t.anchor} ({t.bound}"
    if t.start_anchor:
        s += f" from {t.start_anchor}" + (f"+{t.start_offset}" if t.start_offset else "")
    if t.time:
        s += f", {t.time}"
    return s + ")"


def _source_text(s) -> str:
    """«[grade practice] cec_practice: <document>; observed for …; <url>»: every source with its evidence grade
    (``shailoo.rules.statutes.grade``: statute, practice, secondary)."""
    bits = [f"[grade {grade(s)}] {s.kind}: {s.document}"]
    if s.observed_for:
        bits.append(f"observed for the election of {s.observed_for.isoformat()}")
    if s.url:
        bits.append(s.url)
    return "; ".join(bits)


def _is_user(kb, k) -> bool:
    try:
        kb.origin[k].relative_to(SHIPPED)
        return False
    except ValueError:
        return True


def format_statutes(kb, lang: str = "ru") -> str:
    """A ``shailoo.rules.statutes.KnowledgeBase`` as text, by act, provision and edition, each edition
    with its evidence grade (statute, practice, secondary) and its sources, each source with its grade.

    Ends with counts of provisions by act and source kind (of the latest edition), of time limits by act
    and grade, and the provisions
    that user directories replaced. The listing is for the people who keep the data: its labels are
    English; ``lang`` is the citation form of an act's number and date (« № 98 от 2011-07-14»).
    """
    lines: list[str] = []
    for act_id in sorted({k[0] for k in kb.provisions} | set(kb.acts)):
        act = kb.acts.get(act_id)
        head = act_id
        if act and act.title and (act.title.ru or act.title.ky):
            head += f" — «{act.title.ru or act.title.ky}»"
        if act and (act.number or act.date):
            head += text("statutes.listing.act_number", lang, number=act.number or "?",
                         date=act.date.isoformat() if act.date else "?")
        lines.append(head)
        if act and act.amendments:
            lines.append("  amendments: " + "; ".join(
                f"{a.date.isoformat()} № {a.number or '?'}" for a in act.amendments))
        for k, p in sorted(((k, p) for k, p in kb.provisions.items() if k[0] == act_id), key=lambda kp: _sort_key(kp[0])):
            origin = " [user: " + str(kb.origin[k]) + "]" if k in kb.overridden or _is_user(kb, k) else ""
            lines.append(f"  {p.cite()}{' (probable)' if p.placement == 'probable' else ''} — "
                         f"{p.subject.ru or p.subject.ky}{origin}")
            for d in p.deadlines():
                pre = "    "
                if d is not p:
                    lines.append(f"    variant {d.label or ''}: {d.subject.ru or d.subject.ky}")
                    pre = "      "
                if d.applies_to:
                    lines.append(f"{pre}applies to: {', '.join(d.applies_to)}")
                for ed in d.editions:
                    to = ed.to.isoformat() if ed.to else "…"
                    period = f"{ed.from_.isoformat()} – {to}" + ("" if ed.period_known else " (period not established)")
                    by = f", {ed.amending_act}" if ed.amending_act else ""
                    lines.append(f"{pre}{period}{by}: {_term_text(d.effective(ed))} [grade {edition_grade(ed)}]")
                    lines.append(f"{pre}  source {_source_text(ed.source)} (checked {ed.checked_on.isoformat()})")
                    for s in ed.also_sources:
                        lines.append(f"{pre}  also {_source_text(s)}")
                for ob in d.observations:
                    v = ob.value.model_dump(exclude_unset=True)
                    lines.append(f"{pre}observed {', '.join(f'{a}={b}' for a, b in v.items())}: {_source_text(ob.source)}")
        lines.append("")
    lines.append(_statutes_summary(kb))
    return "\n".join(lines) + "\n"


def _statutes_summary(kb) -> str:
    lines = [f"{len(kb.provisions)} provisions in {len({k[0] for k in kb.provisions})} acts"]
    for act, by in sorted(counts(kb).items()):
        lines.append(f"  {act}: " + ", ".join(f"{k} {n}" for k, n in sorted(by.items())))
    lines.append("time limits by grade of the latest edition (statute: may make an error; practice: a warning;"
                 " secondary: info)")
    for act, by in sorted(grade_counts(kb).items()):
        lines.append(f"  {act}: " + ", ".join(f"{k} {n}" for k, n in sorted(by.items())))
    for k, shipped in kb.overridden.items():
        p = kb.provisions[k]
        lines.append(f"  {k[0]} {p.cite()}: user file {kb.origin[k]} replaces {shipped}")
    return "\n".join(lines)
