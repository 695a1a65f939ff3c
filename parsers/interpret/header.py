"""Header facts of the front matter: title, approving act, election day, plan period, and the
document kind from the title (phrases of ``document_kinds``).

The title is the document's own heading (``_title``): a cover letter before a plan (its address
«Генеральному секретарю …», salutation, body «Направляем …», enclosures, outgoing number; patterns
``letter_*``), a site's page title above the approval stamp and the stamp itself are not it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

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
    постановлением» as the title of a resolution. The parts of a cover letter name no kind: the
    addressee «… Антикоррупционного делового совета …» does not make a document an action plan.
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
        act_text = p.text[act.start("act"):act.end("act")] if act else None
        if by_text and act_text and norm(by_text) == norm(act_text):
            by_text = None  # «УТВЕРЖДЕНО / Приказ / от 03.01.2024 № 1-ах»: the act, no body printed
        info.approved = Approval(
            by=by_text,
            act=act_text,
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
    # Kind and title: the first block of the front matter naming a kind (outside the approval stamp
    # and a cover letter); the title is the document's own heading (``_title``).
    phrases = [kp for c in ([ctx.language] if ctx.language in corpus.LANGUAGES else []) + list(corpus.LANGUAGES)
               for kp in _kind_phrases(c)]
    blocks = _blocks(paras, approval_spans, all_pats)
    hit_at = None
    for i, b in enumerate(blocks):
        if b.letter:
            continue  # «Генеральному секретарю Антикоррупционного делового совета …» names no kind of ours
        n = norm_ws(_outside_block(b, approval_spans))
        hit = next((kind for phrase, kind in phrases if phrase in n), None)
        if hit == "resolution" and _sentence(b.text):
            # «… КР БШК … токтомду кабыл алды.»: a sentence that tells of an act (news of a resolution)
            # does not make the document one; a resolution is known by its heading, subject or
            # operative formula (``looks_like_resolution``).
            continue
        if hit:
            info.kind = hit
            hit_at = i
            break
    tabled = any(isinstance(b, Table) for b in ctx.raw.blocks)
    info.title = _title(blocks, hit_at, info.kind, tabled, paras[0].text if paras else None, all_pats)
    if info.period is None:
        info.period = _title_year(info, paras, all_pats)
    return approval_spans


#: A short heading («КАЛЕНДАРНЫЙ ПЛАН», «ПЛАН РАБОТЫ», «КАЛЕНДАРЛЫК ПЛАНЫ») is one line of a title
#: that goes on in the block after it (before it, for a Kyrgyz heading that ends with its head noun).
_SHORT_HEADING = 40
#: Lines of the front matter looked at for headings and the parts of a cover letter (a title is at the
#: top; a text without tables has all its paragraphs in front).
_FRONT_LINES = 80
#: A letter-spaced word: «П Л А Н», «Т И П О В О Й» (closed up in headings and titles).
_SPACED = regex.compile(r"(?<![\p{L}\p{N}])(?:\p{L} ){3,}\p{L}(?![\p{L}\p{N}])")
#: The parts of a cover letter (patterns ``letter_*``); the first three make a front matter a letter.
_LETTER_KEYS = ("letter_addressee", "letter_salutation", "letter_body", "letter_attachment", "letter_reference")
_LETTER_STRONG = ("letter_addressee", "letter_salutation", "letter_body")


@dataclass(eq=False)
class _Block:
    """Lines of one front paragraph that belong together: a stamp, a part of a cover letter, a heading.
    A paragraph of a plain text (lines without blank lines between them) may hold several."""

    para: Paragraph
    lines: list[str]
    start: int  # offset of the first line in the document text
    stamp: bool = False  # inside the approval stamp
    marked: bool = False  # starts as a stamp does («УТВЕРЖДЕН», «Приложение к …») though none was read
    letter: str | None = None  # the ``letter_*`` pattern a part of a cover letter matches
    head: str | None = None  # ``start`` / ``end``: a heading (patterns ``title_head``), and how

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _closed(text: str) -> str:
    """The text with letter-spaced words closed up («Т И П О В О Й» → «ТИПОВОЙ»)."""
    return _SPACED.sub(lambda m: m.group().replace(" ", ""), text)


def _search(all_pats, key: str, text: str):
    for pp in all_pats:
        m = pp[key].search(text)
        if m:
            return m
    return None


def _blocks(paras: list[Paragraph], approval_spans: list[tuple[int, int]], all_pats) -> list[_Block]:
    """The front paragraphs cut into blocks: before a line that starts a heading (``title_head``
    ``start``), a part of a cover letter (a ``letter_*`` pattern anchored at the line's start) or the
    approval stamp, and after the stamp's last line. Each block says what it is."""
    starters = [(pp, k) for pp in all_pats for k in _LETTER_KEYS if pp[k].pattern.startswith("^")]
    out: list[_Block] = []
    seen = 0  # lines read; past _FRONT_LINES lines, paragraphs are blocks as they are
    for p in paras:
        pos = p.start
        cur: _Block | None = None
        for line in p.text.split("\n"):
            a, b = pos, pos + len(line)
            pos = b + 1
            seen += 1
            in_stamp = any(s < b and a < e for s, e in approval_spans)
            cut = cur is None or in_stamp != cur.stamp
            if not cut and not in_stamp and seen <= _FRONT_LINES:
                n = norm(_closed(line)).strip()
                head = _search(all_pats, "title_head", n)
                cut = bool(head is not None and head.groupdict().get("start")) or any(
                    pp[k].search(n) for pp, k in starters) or _search(all_pats, "resolution_end", n) is not None
            if cut:
                cur = _Block(para=p, lines=[], start=a, stamp=in_stamp)
                out.append(cur)
            cur.lines.append(line)
    seen = 0
    for blk in out:
        seen += len(blk.lines)
        if blk.stamp or seen > _FRONT_LINES:
            continue
        blk.marked = _search(all_pats, "resolution_end", norm(blk.lines[0]).strip()) is not None
        n = " ".join(norm(_closed(blk.text)).split())
        # A letter's address, salutation, number and list of enclosures are short lines, not sentences;
        # its body is a sentence or two.
        short = len(blk.text) <= _STAMP_MAX and not _told(blk.text)
        keys = _LETTER_KEYS if short else ("letter_body",) if len(blk.text) <= 2 * _STAMP_MAX else ()
        blk.letter = next((k for k in keys if _search(all_pats, k, n)), None)
        if blk.letter is None and len(blk.text) <= _STAMP_MAX and not _told(blk.text):
            m = _search(all_pats, "title_head", n)
            if m:
                blk.head = "start" if m.groupdict().get("start") else "end"
    return out


def _title(blocks: list[_Block], hit_at: int | None, kind: str, tabled: bool, fallback: str | None,
           all_pats) -> str | None:
    """The title: the document's own heading.

    * A heading is a block that starts with a document's head noun (Russian «Стратегический план …»,
      «ПЛАН мероприятий …», «Информация о ходе …») or ends with it (Kyrgyz «… ИШ ПЛАНЫ»); patterns
      ``title_head``. Parts of a cover letter (``letter_*``: the addressee «Генеральному секретарю …»,
      «Уважаемая …!», «Направляем …», «Приложение: …», the outgoing number) and the approval stamp are
      never one.
    * In a plan printed before its table, the first heading after the approval stamp: a site's page
      title or a letter may come before the stamp, the plan's own heading comes under it.
    * Else the first heading; else the block that named the kind (when short); else, unless the
      front matter is a cover letter, the first front paragraph as before. A cover letter without a
      heading leaves the document untitled rather than titled by its addressee.
    * A resolution's title is the block naming it (its subject replaces it later, ``resolution.py``).
    """
    if hit_at is not None and kind == "resolution":
        title = _assemble(blocks, hit_at, "resolution")
        return title if title is not None else _fallback(blocks, fallback)
    # A kind named first in a long paragraph (a sentence of a news item or a report) before any
    # heading: the text is prose, whose title is above its first sentence, not a heading further down.
    prose = hit_at is not None and len(blocks[hit_at].text) > _STAMP_MAX
    heads = [i for i, b in enumerate(blocks) if b.head and not (prose and i > hit_at)]
    stamps = [i for i, b in enumerate(blocks) if b.stamp or b.marked]
    if tabled and stamps:
        after = [i for i in heads if i > stamps[0]]
        if after:
            return _assemble(blocks, after[0], blocks[after[0]].head, tabled, all_pats)
    if heads:
        return _assemble(blocks, heads[0], blocks[heads[0]].head, tabled, all_pats)
    if hit_at is not None and len(blocks[hit_at].text) <= _STAMP_MAX:
        return _assemble(blocks, hit_at, "start", tabled, all_pats)
    return _fallback(blocks, fallback)


def _fallback(blocks: list[_Block], first: str | None) -> str | None:
    """The first front paragraph as the title of a document without a heading, unless its front
    matter is a cover letter (an address, a salutation, a letter's body): no title then."""
    if first is None or any(b.letter in _LETTER_STRONG for b in blocks):
        return None
    return " ".join(first.split())


def _assemble(blocks: list[_Block], i: int, how: str, tabled: bool = False, all_pats=()) -> str | None:
    """The title text of the heading ``blocks[i]``: its lines joined, with the lines of the heading that
    follow it (``start``) or, a short one, the block before it (``end``) when that is plain text of the
    front matter."""
    b = blocks[i]
    if len(b.text) > _STAMP_MAX:
        return None
    title = " ".join(_closed(b.text).split())

    def plain(j: int) -> bool:
        if not 0 <= j < len(blocks):
            return False
        o = blocks[j]
        return not (o.stamp or o.marked or o.letter or o.head) and len(o.text) <= _STAMP_MAX

    def words(j: int) -> str:
        return " ".join(_closed(blocks[j].text).split())

    if how == "end":
        if len(title) <= _SHORT_HEADING and plain(i - 1):
            title = words(i - 1) + " " + title
        return title
    if how == "resolution":
        # «ПОСТАНОВЛЕНИЕ» and the line after it (the subject, when found, replaces it: resolution.py)
        return title + " " + words(i + 1) if len(title) <= _SHORT_HEADING and plain(i + 1) else title
    # Lines of a heading printed as paragraphs of their own (a Word file, a PDF): a short first line
    # takes the next one («ПЛАН мероприятий» / «Государственного учреждения …»), a line that goes on in
    # lower case continues it («… участков референдума» / «города Шахты … на 2023 год»), and so does
    # one in capitals right above the table («… Кадамжайского района» / «Баткенской области …»), unless
    # it is a sentence, a note in brackets («(по состоянию на …)») or the election day («День выборов –
    # …»).
    j = i + 1
    while plain(j) and len(title) <= 2 * _STAMP_MAX:
        nxt = words(j)
        n = norm(nxt)
        if _search(all_pats, "resolution_end", n):
            break  # «УТВЕРЖДЕН …», «Приложение …»: a stamp (its date left blank in a template)
        day = _search(all_pats, "election_day", n)
        go_on = len(title) <= _SHORT_HEADING or nxt[:1].islower() or (
            tabled and nxt[:1].isupper() and not title.endswith((".", ":", ";")) and not _told(nxt)
            and (day is None or day.start() > 0))
        if not go_on:
            break
        title = title + " " + nxt
        j += 1
    return title


def _outside_block(b: _Block, spans: list[tuple[int, int]]) -> str:
    """The block's text with the approval stamp blanked."""
    text = b.text
    for s, e in spans:
        if b.start <= s < b.end or s < b.start < e:
            x, y = max(s, b.start) - b.start, min(e, b.end) - b.start
            text = text[:x] + " " * (y - x) + text[y:]
    return text


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


#: The last word of a text and its full stop.
_LAST_WORD = regex.compile(r"(\p{L}+)\.\s*$")


#: A full stop after a word of three letters or more, and a new sentence after it.
_INNER_STOP = regex.compile(r"\p{L}{3}\.\s+\p{Lu}")


def _told(text: str) -> bool:
    """True when a block is a sentence, not a heading or a line of an address: one line ending with a
    full stop after a word of three letters or more («… утвердила календарный план.»), or sentences
    one after another («… с госорганами. Главному надзорному органу поручено …»). A heading may end
    with an abbreviation («… на 2023-2025 гг.») or an initial («… Мукановой Н.А.»)."""
    t = text.strip()
    m = _LAST_WORD.search(t)
    return ("\n" not in t and m is not None and len(m.group(1)) >= 3) or _INNER_STOP.search(t) is not None
