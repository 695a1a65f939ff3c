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
import heapq
import os
from typing import Iterator

from shailoo.model import Activity, DocumentInfo, Mention, ParsedDocument, Source, TextBlock
from shailoo.parsers.read.blocks import RawDocument

from shailoo.parsers.interpret.action_plan import interpret_action_plan
from .annotate import (DocumentRefs, add_owners_and_citations, add_terms, body_and_citation_mentions_by_line,
                       find_mentions_by_line)
from .context import Context, detect_language
from .header import election_day_facts, header_facts
from shailoo.parsers.interpret.prose import interpret_prose
from .resolution import interpret_resolution, looks_like_resolution, told_kind
from .report_kind import is_progress_report
from .tables import find_header, interpret_table, kind_from_columns, record_columns


def _span(m: Mention) -> tuple[int, int]:
    return m.start, m.end


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
    return Interpretation(raw, display_path, calendar).document()


class Interpretation:
    """One document interpreted in the order its JSON is written, so that a writer can hold a chunk
    of its activities and one line of its mentions at a time instead of all of them.

    The constructor does everything but the annotation: the header facts, the kind, every activity
    (not yet annotated) in reading order, the election day given as an option. What the JSON writes
    before the activities (``source``, ``document``) is final then: the annotation and the mentions
    read the document's info and never change it.

    Then, once each and in this order: ``activities(chunk)`` (the activities, annotated a chunk at a
    time; a chunk is released when the next is asked for), ``paragraphs()``, ``mentions()`` (in the
    document's order, one line or cell of the text at a time) and ``warnings()``. ``document()`` does
    them all and returns the ``ParsedDocument``: what ``interpret`` returns.
    """

    def __init__(self, raw: RawDocument, display_path: str | None = None, calendar: dict | None = None):
        self.raw = raw
        file = self.file = display_path or raw.path
        language = detect_language(raw.text)
        ctx = self.ctx = Context(raw=raw, language=language, file=file)
        info = self.info = DocumentInfo(language=language)
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
        del tables
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
        self.calendar = calendar
        self._activities: list[Activity | None] = activities
        self.count = len(activities)  # the activities made, before any is annotated or given away
        self._consumed_paras = consumed_paras
        self._refs: DocumentRefs | None = None

    def source(self) -> Source:
        """The file read: its path as given, SHA-256, format, pages, size and encoding."""
        raw = self.raw
        size = os.path.getsize(raw.path) if os.path.exists(raw.path) else len(raw.text.encode())
        return Source(path=self.file, sha256=sha256_of(raw.path) if os.path.exists(raw.path) else "",
                      format=raw.format, pages=raw.pages, size=size, encoding=raw.encoding)

    def activities(self, chunk: int | None = None) -> Iterator[list[Activity]]:
        """The activities, annotated (terms, sessions, owners, citations), ``chunk`` at a time (all at
        once when ``None``). Each activity is annotated on its own, so the chunks change nothing of
        the result; a chunk given is no longer held here."""
        held = self._activities
        step = chunk or max(len(held), 1)
        refs = None
        for i in range(0, len(held), step):
            part = held[i:i + step]
            held[i:i + step] = [None] * len(part)
            add_terms(self.ctx, self.info, part, self.calendar)
            if refs is None:
                refs = self._refs = self._refs or DocumentRefs.of(self.ctx, self.info)
            add_owners_and_citations(self.ctx, part, refs)
            yield part
        self._activities = []

    def paragraphs(self) -> list[TextBlock]:
        """The paragraphs that are no activity (not a point of prose), in order."""
        ctx, used = self.ctx, self._consumed_paras
        return [TextBlock(text=p.text, style=p.style, provenance=ctx.para_provenance(p))
                for p in self.raw.paragraphs() if p.start not in used]

    def mentions(self) -> Iterator[Mention]:
        """Dates, terms, bodies and citations anywhere in the text, by their span (start, end): found
        and given a cell or line of the text at a time."""
        ctx, info = self.ctx, self.info
        refs = self._refs = self._refs or DocumentRefs.of(ctx, info)
        # Both finders go through the text's cells and lines in order, and a mention lies within its
        # cell or line: sorting each line's mentions (the dates' first, as they were listed first) is
        # sorting them all.
        lines = heapq.merge(find_mentions_by_line(ctx, info), body_and_citation_mentions_by_line(ctx, refs),
                            key=lambda line: line[0])
        at, found = -1, []
        for start, mentions in lines:
            if start != at:
                found.sort(key=_span)
                yield from found
                at, found = start, []
            found.extend(mentions)
        found.sort(key=_span)
        yield from found

    def warnings(self) -> list[str]:
        """The reader's warnings, then the interpreters'."""
        return list(self.raw.warnings) + self.ctx.warnings

    def document(self) -> ParsedDocument:
        """Everything: the ``ParsedDocument``."""
        activities = [a for part in self.activities() for a in part]
        mentions = list(self.mentions())
        paragraphs = self.paragraphs()
        source = self.source()
        return ParsedDocument(source=source, document=self.info, activities=activities, paragraphs=paragraphs,
                              mentions=mentions, warnings=self.warnings())
