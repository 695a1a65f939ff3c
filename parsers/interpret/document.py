"""Table interpretation: from a reader's blocks to the typed document (``shailoo.model``).

This is where CEC documents are understood, independently of the format they came in:

1. the language (Russian, Kyrgyz) from marker words and letters of the language files;
2. the header facts of the front matter: title, approving act, election day, plan period;
3. the document kind, from the title (phrases of ``document_kinds``), else from the column roles;
4. per table: the header rows and the role of each column (``column_roles``), section headings as a
   path (runs of consecutive heading rows give the levels), and one ``Activity`` per row;
5. action plans (goal → measure → action) and prose documents (numbered points, flattened tables)
   are delegated to ``.action_plan`` and ``.prose``;
6. the grammars of ``shailoo.parsers.extract`` annotate the activities (``.annotate``).

Nothing here knows a format; nothing here has a word of Russian or Kyrgyz: words come from
``corpus/lang/*.yaml``.
"""


from __future__ import annotations

import hashlib
import os

from shailoo.model import Activity, DocumentInfo, ParsedDocument, Source, TextBlock
from shailoo.parsers.read.blocks import RawDocument

from shailoo.parsers.interpret.action_plan import interpret_action_plan
from .annotate import DocumentRefs, add_owners_and_citations, add_terms, body_and_citation_mentions, find_mentions
from .context import Context, detect_language
from .header import election_day_facts, header_facts
from shailoo.parsers.interpret.prose import interpret_prose
from .resolution import interpret_resolution, looks_like_resolution, told_kind
from .report_kind import is_progress_report
from .tables import find_header, interpret_table, kind_from_columns, record_columns


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def interpret(raw: RawDocument, display_path: str | None = None, calendar: dict | None = None) -> ParsedDocument:
    """Turn a finalized ``RawDocument`` into the typed ``ParsedDocument``.

    ``calendar`` overrides or completes the election calendar (anchor id → date, e.g.
    ``{"election_day": date(2022, 10, 9), "calling_of_election": ...}``).
    """
    file = display_path or raw.path
    language = detect_language(raw.text)
    ctx = Context(raw=raw, language=language, file=file)
    info = DocumentInfo(language=language)
    ctx.info = info
    header_facts(ctx, info)
    # A resolution's points name plans and schedules («Утвердить Календарный план …»), so the
    # resolution's own heading or operative formula decides before the words of its points.
    if info.kind != "resolution" and looks_like_resolution(ctx):
        info.kind = "resolution"
    elif info.kind == "resolution" and not looks_like_resolution(ctx):
        # A text that names an act («… утверждено постановление … о календарном плане») but has none
        # of its form is what else it names: a plan printed as prose, a news item.
        info.kind = told_kind(ctx)
    tables = list(raw.tables())
    if info.kind == "unknown":
        for t in tables:
            _, roles, _ = find_header(t)
            k = kind_from_columns(roles)
            if k != "unknown":
                info.kind = k
                break
    # A report on a plan repeats the plan's words and columns: its title and «по состоянию на» decide.
    if info.kind != "resolution" and is_progress_report(ctx):
        info.kind = "report"
    ctx.kind = info.kind
    election_day_facts(ctx, info)
    activities: list[Activity] = []
    consumed_tables: set[int] = set()
    if info.kind == "action_plan":
        acts, used = interpret_action_plan(ctx, tables)
        activities.extend(acts)
        consumed_tables |= used
        for t in tables:
            if t.index in used:
                record_columns(info, t)
    activity_kind = "activity" if info.kind in ("calendar_plan", "event_schedule") else "row"
    for t in tables:
        if t.index in consumed_tables:
            continue
        acts, sections = interpret_table(ctx, t, activity_kind)
        if not acts and not sections:
            continue
        record_columns(info, t)
        info.sections.extend(sections)
        activities.extend(acts)
    consumed_paras: set[int] = set()
    # A plan printed as prose (a news summary, dash items «- выдвижение … до 22 августа 2023 г.;»,
    # «1. Образование …» paragraphs) has no table rows: its points are read as a prose document's.
    if info.kind == "resolution":
        # Resolutions have their own reader: header, subject, preamble, operative points, signatories.
        acts, used = interpret_resolution(ctx, info)
        activities.extend(acts)
        consumed_paras |= used
    elif info.kind in ("report", "event_schedule", "unknown") or not activities:
        acts, used = interpret_prose(ctx, info)
        activities.extend(acts)
        consumed_paras |= used
    # Tables and prose are interpreted in separate passes; the output is in reading order.
    activities.sort(key=lambda a: a.provenance.start if a.provenance.start is not None else -1)
    if calendar and calendar.get("election_day"):
        if info.election_day and info.election_day != calendar["election_day"]:
            ctx.warnings.append(f"the document's election day {info.election_day.isoformat()} is replaced by "
                                f"{calendar['election_day'].isoformat()}, given as an option")
        info.election_day = calendar["election_day"]
    add_terms(ctx, info, activities, calendar)
    refs = DocumentRefs.of(ctx, info)
    add_owners_and_citations(ctx, activities, refs)
    mentions = find_mentions(ctx, info) + body_and_citation_mentions(ctx, refs)
    mentions.sort(key=lambda m: (m.start, m.end))
    paragraphs = [TextBlock(text=p.text, style=p.style, provenance=ctx.para_provenance(p))
                  for p in raw.paragraphs() if p.start not in consumed_paras]
    size = os.path.getsize(raw.path) if os.path.exists(raw.path) else len(raw.text.encode())
    source = Source(path=file, sha256=sha256_of(raw.path) if os.path.exists(raw.path) else "",
                    format=raw.format, pages=raw.pages, size=size, encoding=raw.encoding)
    warnings = list(raw.warnings) + ctx.warnings
    return ParsedDocument(source=source, document=info, activities=activities, paragraphs=paragraphs,
                          mentions=mentions, warnings=warnings)
