"""Header facts of the front matter: title, approving act, election day, plan period, and the
document kind from the title (phrases of ``document_kinds``)."""

from __future__ import annotations

import datetime as dt

from shailoo import corpus
from shailoo.model import Approval, DocumentInfo, Period
from shailoo.normalize import norm, norm_ws
from shailoo.parsers.extract.dates import parse_date
from shailoo.parsers.read.blocks import Paragraph, RawDocument, Table

from .context import Context, _compiled_patterns, _kind_phrases


#: Longest text of a stamp or title block; longer paragraphs are body text.
_STAMP_MAX = 300


def _front_paragraphs(raw: RawDocument) -> list[Paragraph]:
    out = []
    for b in raw.blocks:
        if isinstance(b, Table):
            if out:
                break
            continue
        out.append(b)
    return out or list(raw.paragraphs())[:10]


def header_facts(ctx: Context, info: DocumentInfo) -> list[tuple[int, int]]:
    """Fill title, approval, election day, period and kind from the front matter.

    Returns the spans of the approval stamp, so that kind detection does not read «Утвержден
    постановлением» as the title of a resolution.
    """
    paras = _front_paragraphs(ctx.raw)
    pats = _compiled_patterns(ctx.language if ctx.language in corpus.LANGUAGES else "ru")
    all_pats = [pats] + [_compiled_patterns(c) for c in corpus.LANGUAGES if c != ctx.language]
    approval_spans: list[tuple[int, int]] = []
    for p in paras:
        if len(p.text) > _STAMP_MAX:
            continue  # an approval stamp is a short block, not a sentence of the body
        n = norm(p.text)
        m = pats["approval"].search(n)
        if not m:
            continue
        pd = parse_date(p.text[m.start("date"):m.end("date")])
        number = m.group("number") if "number" in m.groupdict() else None
        act = pats["approval_act"].search(n)
        by = pats["approval_by"].search(n)
        by_text = " ".join(p.text[by.start("by"):by.end("by")].split()) if by else None
        info.approved = Approval(
            by=by_text,
            act=p.text[act.start("act"):act.end("act")] if act else None,
            number=p.text[m.start("number"):m.end("number")] if number else None,
            date=pd.to_date() if pd else None,
            raw=" ".join(p.text[m.start():m.end()].split()),
            provenance=ctx.para_provenance(p, p.start + m.start(), p.start + m.end()),
        )
        approval_spans.append((p.start + m.start(), p.start + m.end()))
        break
    # Election day: the first statement of it in the front matter, then anywhere in the paragraphs,
    # then in the rows of tables («День голосования | 14 сентября 2014 года»: a plan's header table).
    rows = [" \u2013 ".join(c.text for c in r.cells if c.text.strip()) for t in ctx.raw.tables() for r in t.rows]
    for scope in ([p.text for p in paras], [p.text for p in ctx.raw.paragraphs()], rows):
        for text in scope:
            n = norm(text)
            for pp in all_pats:
                m = pp["election_day"].search(n)
                if m:
                    g = "date" if "date" in m.groupdict() and m.group("date") else "date2"
                    pd = parse_date(text[m.start(g):m.end(g)])
                    if pd and pd.to_date() and pd.year:
                        info.election_day = pd.to_date()
                        info.election_day_raw = " ".join(text[m.start(g):m.end(g)].split())
                        break
            if info.election_day:
                break
        if info.election_day:
            break
    for p in paras:
        n = norm(p.text)
        for pp in all_pats:
            m = pp["period"].search(n)
            if m:
                s, e = int(m.group("start")), int(m.group("end"))
                if s <= e:
                    info.period = Period(start=dt.date(s, 1, 1), end=dt.date(e, 12, 31),
                                         raw=" ".join(p.text[m.start():m.end()].split()))
                break
        if info.period:
            break
    # Kind and title: the first front paragraph (outside the approval stamp) naming a kind.
    phrases = [kp for c in ([ctx.language] if ctx.language in corpus.LANGUAGES else []) + list(corpus.LANGUAGES)
               for kp in _kind_phrases(c)]
    for i, p in enumerate(paras):
        n = norm_ws(_outside(p, approval_spans))
        hit = next((kind for phrase, kind in phrases if phrase in n), None)
        if hit:
            info.kind = hit
            if len(p.text) <= _STAMP_MAX:
                title = " ".join(p.text.split())
                if len(title) <= 40 and i + 1 < len(paras):
                    title = title + " " + " ".join(paras[i + 1].text.split())
                info.title = title
            break
    if info.title is None and paras:
        info.title = " ".join(paras[0].text.split())
    if info.period is None:
        info.period = _title_year(info, paras, all_pats)
    return approval_spans


#: Longest front paragraph read for the one year of a plan («… на 2026 год» may be a title line of its
#: own); longer ones are sentences, whose «задачи на 2024 год» is no plan period.
_TITLE_LINE_MAX = 160


def _title_year(info: DocumentInfo, paras: list[Paragraph], all_pats) -> Period | None:
    """The one year a plan is for, named by its title («План работы … на 2026 год», «2025-жыл үчүн иш
    планы», «2026-жылга»; patterns ``period_year``): the title first, then the short front lines. A period
    of one year whose ``raw`` is the phrase as printed."""
    lines = ([info.title] if info.title else []) + [line for p in paras for line in p.text.split("\n")
                                                    if len(line) <= _TITLE_LINE_MAX]
    for text in lines:
        n = norm(text)
        for pp in all_pats:
            m = pp["period_year"].search(n)
            if m:
                y = int(m.group("start"))
                return Period(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31),
                              raw=" ".join(text[m.start():m.end()].split()))
    return None


def _outside(p: Paragraph, spans: list[tuple[int, int]]) -> str:
    text = p.text
    for s, e in spans:
        if p.start <= s < p.end:
            a, b = s - p.start, min(e, p.end) - p.start
            text = text[:a] + " " * (b - a) + text[b:]
    return text
