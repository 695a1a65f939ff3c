"""Header facts of the front matter: title, approving act, election day, plan period, and the
document kind from the title (phrases of ``document_kinds``)."""

from __future__ import annotations

import datetime as dt

from shailoo import corpus
from shailoo.model import Approval, DocumentInfo, Period
from shailoo.normalize import norm, norm_ws
from shailoo.parsers.extract.dates import parse_date
from shailoo.parsers.extract.terms import TermContext, complete_year
from shailoo.parsers.read.blocks import Paragraph, RawDocument, Table

from .annotate import _before, _full_dates
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
    """Fill title, approval, period and kind from the front matter (the election day, which depends on
    the kind, is ``election_day_facts``).

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
        if hit == "resolution" and _sentence(p.text):
            # «… КР БШК … токтомду кабыл алды.»: a sentence that tells of an act (news of a resolution)
            # does not make the document one; a resolution is known by its heading, subject or
            # operative formula (``looks_like_resolution``).
            continue
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


def election_day_facts(ctx: Context, info: DocumentInfo) -> None:
    """Fill ``election_day`` (and ``election_day_raw``) from the statements of patterns ``election_day``
    («День выборов – …», «назначенных на …», «на 17 сентября 2023 года назначены выборы», «Шайлоо күнү
    – …», «шайлоону 30-ноябрга дайындаган», «Шайлоо 4-октябрда өтөт»). Call it once the kind is known.

    Where: the front matter, then every paragraph, then the rows of tables («День голосования | 14
    сентября 2014 года»: a plan's header table). The first statement printed with its year wins. Only when
    no statement prints a year, the first one of prose whose year the nearest date printed with its year
    before it gives (a news dateline, «13.10.2021» above «Шайлоо 28 -ноябрга белгиленген»; the prose
    policy of ``complete_year``, ``nearest_date``: within five months) is taken, and
    ``election_day_year_source`` says so. No year printed before it: no election day, never a guess.

    A resolution's election day is the one it organises, stated in its title or its operative part. Its
    grounds — a line of the preamble (``resolution_preamble``: «В соответствии …», «… негизинде», «…
    байланыштуу») after the subject line and before the operative formula — recount an election already
    called, held, failed or moved («2021-жылдын 13, 14-июнуна дайындалган … шайлоодо … талапкер
    катталбаганына байланыштуу»), which is not the resolution's own: statements there are skipped.
    """
    pats = _compiled_patterns(ctx.language if ctx.language in corpus.LANGUAGES else "ru")
    all_pats = [pats] + [_compiled_patterns(c) for c in corpus.LANGUAGES if c != ctx.language]
    paras = _front_paragraphs(ctx.raw)
    grounds = _resolution_grounds(ctx, all_pats) if info.kind == "resolution" else []
    rows = [(" \u2013 ".join(c.text for c in r.cells if c.text.strip()), None)
            for t in ctx.raw.tables() for r in t.rows]
    yearless: list[tuple[int, int, int, str]] = []
    for scope in ([(p.text, p.start) for p in paras], [(p.text, p.start) for p in ctx.raw.paragraphs()], rows):
        for text, start in scope:
            n = norm(text)
            for pp in all_pats:
                for m in pp["election_day"].finditer(n):
                    g = next((k for k, v in m.groupdict().items() if k.startswith("date") and v), None)
                    if g is None:
                        continue  # every alternative names its date «date…»; none matched here
                    if start is not None and any(a <= start + m.start(g) < b for a, b in grounds):
                        continue
                    raw_date = text[m.start(g):m.end(g)]
                    pd = parse_date(raw_date)
                    if pd is None or not pd.day or not pd.month:
                        continue
                    if pd.year and pd.to_date():
                        info.election_day = pd.to_date()
                        info.election_day_raw = " ".join(raw_date.split())
                        return
                    if start is not None:
                        yearless.append((start + m.start(g), pd.day, pd.month, " ".join(raw_date.split())))
    if not yearless:
        return
    dates = _full_dates(ctx)
    for pos, day, month, raw_date in yearless:
        last = _before(dates, pos)
        if last is None:
            continue
        year, source, _ = complete_year(day, month, TermContext(reference=last, reference_source="nearest_date"))
        if year is not None:
            info.election_day = dt.date(year, month, day)
            info.election_day_raw = raw_date
            info.election_day_year_source = source
            return


def _resolution_grounds(ctx: Context, all_pats) -> list[tuple[int, int]]:
    """Spans of the grounds of a resolution: the lines of its preamble (``resolution_preamble``) after
    its subject line (``resolution_subject``, a short line) and before its operative formula
    (``resolution_operative``), or to the end of an excerpt cut before it. No subject, no grounds: a
    text without one (news of a resolution) is read as prose."""
    out: list[tuple[int, int]] = []
    seen_subject = False
    for p in ctx.raw.paragraphs():
        pos = p.start
        for line in p.text.split("\n"):
            n = norm(line)
            if any(pp["resolution_operative"].search(n) for pp in all_pats):
                return out
            if seen_subject and any(pp["resolution_preamble"].search(n) for pp in all_pats):
                out.append((pos, pos + len(line)))
            elif len(line) <= _STAMP_MAX and any(pp["resolution_subject"].search(n) for pp in all_pats):
                seen_subject = True
            pos += len(line) + 1
    return out


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


def _sentence(text: str) -> bool:
    """True when a front paragraph is a sentence of the body, not a title: one line that ends with a full
    stop after a word («2018-жылдын 12-февралында КР БШК … токтомду кабыл алды.»). A title or stamp ends
    without one, or with an initial («… А.А.»), or is several lines."""
    t = text.strip()
    return "\n" not in t and t.endswith(".") and len(t) > 2 and t[-2].isalpha() and t[-3].isalpha()


def _outside(p: Paragraph, spans: list[tuple[int, int]]) -> str:
    text = p.text
    for s, e in spans:
        if p.start <= s < p.end:
            a, b = s - p.start, min(e, p.end) - p.start
            text = text[:a] + " " * (b - a) + text[b:]
    return text
