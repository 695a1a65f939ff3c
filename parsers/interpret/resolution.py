"""Resolutions, decisions and orders as documents of their own (постановление, решение, приказ, указ,
распоряжение; токтом, чечим, буйрук), including decisions on complaints.

A resolution is read as the CEC and other bodies print it:

1. **header**: the heading naming the kind of act («ПОСТАНОВЛЕНИЕ», «ТОКТОМ», «У К А З» closed up),
   the act's own number and date (the first ones of the header that are not part of a reference to
   another act: «Постановлением … от 27 марта 2020 г. N 245/1815-7 действие … приостановлено» and
   «… №3 токтому менен бекитилген» name other acts), the place («г. Бишкек», «Бишкек шаары»);
2. **subject**: «О …» / «Об …» lines (Russian) or lines up to «… жөнүндө» (Kyrgyz), continued over
   the lines of the same paragraph until the preamble, an edition note «(В редакции …)» or a date line;
3. **preamble**: the text between the subject and the operative formula; its citations
   («в соответствии со статьями 2, 13 конституционного Закона …», «… Мыйзамынын 7, 18-беренелерине
   ылайык») are the legal bases (``shailoo.parsers.extract.citations``);
4. **operative part**: after «постановляет:», «ПОСТАНОВЛЯЕТ:», «решила:», «приказываю:», «токтом
   кылат:», «чечим кылат:» (letter-spaced «п о с т а н о в л я ю:» too; points on the formula's own
   line are split at consecutive numbers «1. … 2. …»). Numbered lines («1.», «2.1.», «1)», «1.Утвердить»)
   and, when no open point takes them, dash lines are points; dash and letter lines after a point
   ending with «:» are its items; a line that neither starts a point nor ends the part continues the
   point above (a printed line break). Each point has its deadline (``cells["term"]``, the phrases of
   ``corpus/prose.yaml``), its executor (``cells["executor"]``: the dative addressee «Отделу …» or the
   Kyrgyz subject «… бөлүмү» before the task; sub-points inherit their parent's) and, for the control
   clause, who is charged (``cells["responsible"]``);
5. **control clause** and **signatories** (a position line, the name on it or on one of the next
   lines; table rows «Председатель | Н.Н. Жуков» too). The operative part ends at the first
   signatory, at an appendix or approval stamp («Утвержден», «Приложение»), or at a table.

What the text does not print stays null; nothing is guessed. Words and grammar pieces are the
``resolution_*`` patterns of ``corpus/lang/*.yaml`` (with examples run by tests/test_lang_data.py);
every language's patterns are tried on every document, because Kyrgyz documents quote Russian acts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from shailoo import corpus
from shailoo.model import Activity, DocumentInfo, Resolution, ResolutionControl, Signatory
from shailoo.normalize import norm, norm_ws
from shailoo.parsers.extract.citations import document_act_definitions, election_kind_of, find_citations
from shailoo.parsers.extract.dates import date_regex, expand, find_dates
from shailoo.parsers.extract.terms import find_term_mentions, parse_terms
from shailoo.parsers.read.blocks import Paragraph, Table

from .context import Context, _compiled_patterns, _kind_phrases

#: «1.», «2.1.», «3)», «1.Утвердить» (no space), «1.2020-жылга» (a point whose text starts with a year),
#: «3 .Ушул» (a space before the dot).
_NUMBERED = regex.compile(
    r"^(?P<num>\d{1,3}(?:\.\d{1,3})*)[ \u00a0]?(?P<punct>[.)])[ \t\u00a0]*(?=[\p{L}«\"“„(]|(?:19|20)\d\d-\p{L})")
_LETTERED = regex.compile(r"^\p{Ll}\)\.?[ \t\u00a0]*(?=\S)")
_DASH = regex.compile(r"^[-–—][ \t\u00a0]*(?=[\p{L}\p{N}\"«(])")
#: A number of a point inside a line («… (приложение). 2. Руководителям …»), after a sentence end.
_INLINE_NUMBER = regex.compile(r"(?<=[.;:])\s+(?P<num>\d{1,2})\.\s+(?=\p{Lu})")
#: A letter-spaced word: «У К А З», «п о с т а н о в л я ю».
_SPACED = regex.compile(r"(?<![\p{L}\p{N}])(?:\p{L} ){3,}\p{L}(?![\p{L}\p{N}])")
#: A person's name as signed: «Б. Бекмуратов», «Н.Н. Жуков», «С.Н.БИСИН», «Асанова А.А.».
_NAME = regex.compile(r"(?:\p{Lu}\.\s?){1,2}\s?\p{Lu}[\p{L}-]+|\p{Lu}[\p{Ll}-]+\s+(?:\p{Lu}\.\s?){1,2}")
_GAP_NAME = regex.compile(r"[ \t\u00a0]{3,}\K\p{Lu}[\p{L}.\-]*(?:[ \u00a0]\p{L}[\p{L}.\-]*){0,3}(?=[ \t\u00a0]*$)")
_INITIAL_END = regex.compile(r"(?<!\p{L})\p{Lu}\.$")
#: A header line longer than this is body text (a preamble), not a heading, date or subject line.
_HEADER_LINE_MAX = 400
#: A heading line printed as a paragraph of its own is short.
_HEADING_LINE_MAX = 200
#: Lines of the header looked at when the document has no operative formula.
_HEADER_LINES_MAX = 15
#: A signature line is short.
_SIGNATORY_MAX = 120


@dataclass(eq=False, slots=True)
class _Line:
    """One printed line of a paragraph, or one table row (cells joined by tabs)."""

    para: Optional[Paragraph]
    text: str
    start: int
    end: int
    row: bool = False

    @property
    def closed(self) -> str:
        """The normal form with letter-spaced words closed up («У К А З» → «указ»)."""
        return _SPACED.sub(lambda m: m.group().replace(" ", ""), norm(self.text))


@dataclass(eq=False)
class _Point:
    lines: list[_Line]
    body: str
    body_start: int
    number: Optional[str] = None
    path: Optional[str] = None
    opens: bool = False  # ends with «:», takes the items below
    items: list[tuple[str, _Line]] = field(default_factory=list)
    executor: Optional[str] = None
    end: int = 0


def _pats() -> list[dict]:
    return [_compiled_patterns(c) for c in corpus.LANGUAGES]


@lru_cache(maxsize=None)
def _deadlines() -> tuple["regex.Pattern", ...]:
    data = corpus.prose()
    return tuple(regex.compile(expand(p.regex.replace("DATE", date_regex())), regex.I)
                 for lang in data.languages() for p in lang.deadline)


def _search(key: str, text: str):
    """The first match of the ``resolution_*`` pattern ``key`` of any language in ``text`` (normal form)."""
    for pats in _pats():
        m = pats[key].search(text)
        if m:
            return m
    return None


def _lines(ctx: Context) -> list[_Line]:
    out: list[_Line] = []
    for block in ctx.raw.blocks:
        if isinstance(block, Table):
            for r in block.rows:
                cells = [c for c in r.cells if c.start >= 0 and c.text.strip()]
                if cells:
                    out.append(_Line(None, "\t".join(c.text.strip() for c in cells), cells[0].start, cells[-1].end,
                                     row=True))
            continue
        offset = 0
        for line in block.text.split("\n"):
            stripped = line.strip()
            if stripped:
                start = block.start + offset + len(line) - len(line.lstrip())
                out.append(_Line(block, stripped, start, start + len(stripped)))
            offset += len(line) + 1
    return out


def _operative(lines: list[_Line]) -> tuple[int, Optional[str], int]:
    """(index of the line holding the operative formula, the formula as printed, where the text after it
    starts in the document); (-1, None, -1) when there is none."""
    for i, ln in enumerate(lines):
        if ln.row:
            continue
        closed = ln.closed
        m = _search("resolution_operative", closed)
        if not m:
            continue
        if len(closed) == len(ln.text):
            printed = ln.text[m.start("operative"):m.end()].strip()
            return i, printed, ln.start + m.end()
        return i, ln.text.strip(), ln.end  # letter-spaced: the line is the formula
    return -1, None, -1


def _listed(text: str) -> bool:
    """True when ``text`` opens with the act's date and number («15.06.2021 № 471 …», «01.10.2024 №286 …»)."""
    dates = [d for d in find_dates(text[:40]) if d.year and d.day]
    if not dates or text[:dates[0].start].strip():
        return False
    m = _search("resolution_number", norm(text[dates[0].end:dates[0].end + 20]))
    return bool(m) and not text[dates[0].end:dates[0].end + m.start()].strip(" \t\u00a0,.г")


def looks_like_resolution(ctx: Context) -> bool:
    """True when the front matter is that of a resolution: a heading naming the act («ПОСТАНОВЛЕНИЕ»,
    «Приказ Министерства …», «У К А З», «ТОКТОМ») at the start of one of the first lines, or an
    operative formula before the first table."""
    lines = _lines(ctx)
    for ln in lines[:_HEADER_LINES_MAX]:
        # An approval stamp («УТВЕРЖДЕНО / Приказ / от 03.01.2024 № 1-ах») heads an approved plan: the
        # act it names is another document.
        if ln.row or _search("resolution_end", norm(ln.text)):
            break
        if len(ln.text) <= _HEADER_LINE_MAX and _search("resolution_heading", ln.closed):
            return True
    # A line of the front matter that is the act's subject: after the act's date and number
    # («15.06.2021 № 471 … дайындоо жөнүндө», «01.10.2024 №286 Об образовании …»: the way archives list
    # resolutions), or right above the preamble («… киргизүү жөнүндө» / «Кыргыз Республикасынын … 
    # жетекчиликке алып»). Page furniture (a site's lines, a source note) may come before it.
    for i, ln in enumerate(lines[:_HEADER_LINES_MAX]):
        if ln.row or len(ln.text) > _HEADER_LINE_MAX:
            break
        m = _search("resolution_subject", norm(ln.text))
        if not m:
            continue
        lead = ln.text[:m.start("subject")]
        if _listed(ln.text):
            return True
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (not lead.strip() and nxt is not None and not nxt.row
                and _search("resolution_preamble", norm(nxt.text))):
            return True
    for ln in lines:
        if ln.row:
            return False
        if _search("resolution_operative", ln.closed):
            return True
    return False


def told_kind(ctx: Context) -> str:
    """The kind of a document whose front matter names an act («… утверждено постановление № 10/232 о
    календарном плане …») without being one (no heading, subject line or operative formula, see
    ``looks_like_resolution``): the first other kind the front paragraphs name (``document_kinds``),
    else ``unknown``. A news item or a plan printed after the news of its approval is read as what it
    is, not as a resolution without points."""
    phrases = [kp for c in ([ctx.language] if ctx.language in corpus.LANGUAGES else []) + list(corpus.LANGUAGES)
               for kp in _kind_phrases(c) if kp[1] != "resolution"]
    for ln in _lines(ctx)[:_HEADER_LINES_MAX]:
        if ln.row:
            break
        n = norm_ws(ln.text)
        hit = next((kind for phrase, kind in phrases if phrase in n), None)
        if hit:
            return hit
    return "unknown"


# --------------------------------------------------------------------------- header


def _masked(ln: _Line) -> tuple[str, bool]:
    """The line's normal form with references to other acts blanked (same offsets), and whether the line
    starts with one (an editorial note «Постановлением … от … действие … приостановлено»: none of its
    dates is the act's own)."""
    n = norm(ln.text)
    led = False
    for pats in _pats():
        for m in pats["resolution_reference"].finditer(n):
            led = led or not n[:m.start()].strip()
            n = n[:m.start()] + " " * (m.end() - m.start()) + n[m.end():]
    return n, led


def _header_like(text: str) -> bool:
    """A heading, number or dated line of the header: not a continuation of a subject."""
    n = norm(text)
    return bool(_search("resolution_heading", n) or _search("resolution_number", n)
                or any(d.year and d.day for d in find_dates(text)))


def _strip_quotes(s: str) -> str:
    """A subject printed inside quotes («"Об утверждении Программы"») loses the outer pair."""
    s = " ".join(s.split()).strip()
    if s[:1] in "\"«“„":
        s = s[1:]
    if s[-1:] in "\"»”" and _quotes(s) % 2 == 1:
        s = s[:-1].rstrip()
    return s.rstrip(" .")


def _quotes(s: str) -> int:
    return sum(s.count(q) for q in "\"«»“”„")


def _ends_subject(text: str) -> bool:
    """True when ``text`` ends the way a Kyrgyz subject ends («… жөнүндө»)."""
    return bool(_compiled_patterns("ky")["resolution_subject"].search(norm(text)))


def _is_preamble(text: str) -> bool:
    return bool(_search("resolution_preamble", norm(text))) and not _ends_subject(text)


def _lone(ln: _Line) -> bool:
    """A line that is a short paragraph of its own (a heading line)."""
    return ln.para is not None and "\n" not in ln.para.text.strip() and len(ln.text) <= _HEADING_LINE_MAX


def _subject_at(lines: list[_Line], i: int, rest: str) -> tuple[Optional[str], int]:
    """The subject starting in line ``i`` (whose unread text is ``rest``) and the index of its last line.

    «О …»/«Об …» starts a subject anywhere in the line and continues over the next lines of the same
    paragraph; a Kyrgyz subject is the lines of the paragraph up to the one ending with «жөнүндө»."""
    ln = lines[i]
    m = _search("resolution_subject", norm(rest))
    if m and not _ends_subject(rest):
        parts, j = [rest[m.start("subject"):]], i
        while j + 1 < len(lines):
            nxt = lines[j + 1]
            upper = parts[0].upper() == parts[0]
            if (nxt.para is not ln.para or nxt.row or nxt.text.startswith("(") or _is_preamble(nxt.text)
                    or _header_like(nxt.text) or (nxt.text.upper() == nxt.text) != upper
                    or (parts[-1].rstrip()[-1:] in "\"»”" and _quotes(" ".join(parts)) % 2 == 0)):
                break
            parts.append(nxt.text)
            j += 1
        return " ".join(parts), j
    acc, j = [rest], i
    while True:
        if _ends_subject(" ".join(acc)):
            joined = " ".join(a.strip() for a in acc)
            return joined, j
        # A subject goes on over the lines of its paragraph, or over heading lines that each are a
        # paragraph of their own (a page that prints every line of the heading apart).
        if (j + 1 >= len(lines) or j - i >= 4 or ln.para is None
                or not (lines[j + 1].para is ln.para or (_lone(lines[j]) and _lone(lines[j + 1])))
                or _header_like(lines[j + 1].text) or _is_preamble(lines[j + 1].text)):
            return None, i
        j += 1
        acc.append(lines[j].text)


def _read_header(ctx: Context, lines: list[_Line], res: Resolution) -> int:
    """Fill act, number, date, place and subject from the header lines (``lines``); return the document
    offset where the preamble starts (after the subject or the last header line)."""
    preamble_start = lines[0].start if lines else 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.row or len(ln.text) > _HEADER_LINE_MAX or _is_preamble(ln.text):
            break
        closed = ln.closed
        if res.act is None:
            m = _search("resolution_heading", closed)
            if m:
                res.act = ln.text[m.start("act"):m.end("act")] if len(closed) == len(ln.text) else ln.text.strip()
        masked, led = _masked(ln)
        if led:
            preamble_start = ln.end
            i += 1
            continue
        used_end = 0
        dates = find_dates(ln.text)
        if res.date is None:
            for d in dates:
                if d.year and d.to_date() and masked[d.start:d.end].strip():
                    res.date, res.date_raw = d.to_date(), " ".join(ln.text[d.start:d.end].split())
                    if ln.para is not None:
                        res.provenance = ctx.para_provenance(ln.para, ln.start, ln.end)
                    used_end = max(used_end, d.end)
                    break
        if res.number is None:
            m = _search("resolution_number", masked)
            if m:
                res.number = ln.text[m.start("number"):m.end("number")].rstrip(".")
                used_end = max(used_end, m.end())
                if res.provenance is None and ln.para is not None:
                    res.provenance = ctx.para_provenance(ln.para, ln.start, ln.end)
        if res.place is None:
            for d in dates:  # «09.03.2010 г. Оренбург»: the «г.» of a year is not a town's
                masked = masked[:d.start] + " " * (d.end - d.start) + masked[d.end:]
            m = _search("resolution_place", masked)
            if m:
                res.place = " ".join(ln.text[m.start("place"):m.end("place")].split())
                # «№ 8 Мырза-Аке айылы.», «… № 01        Токтогул  шаары»: the place is header, not subject
                if not ln.text[used_end:m.start("place")].strip(" \t\u00a0,.;"):
                    used_end = max(used_end, m.end("place"))
        preamble_start = ln.end
        rest = ln.text[used_end:]
        # A word must start the rest: «-жыл.» glued to «16.02.2018» is what is left of the date.
        if res.subject is None and regex.search(r"(?:^|\s)[\p{L}\"«“„]", rest):
            subject, j = _subject_at(lines, i, rest)
            if subject:
                res.subject = _strip_quotes(subject) or None
                preamble_start = lines[j].end
                i = j
        i += 1
    return preamble_start


# --------------------------------------------------------------------------- operative part


def _mark(text: str) -> tuple[str, Optional[str], Optional[str], bool, int]:
    """(marker kind, number as printed, number path, closing parenthesis, where the body starts)."""
    m = _NUMBERED.match(text)
    if m and not any(d.start == 0 and d.end > m.end() for d in find_dates(text[:40])):
        return "number", text[:m.end()].strip(), m.group("num"), m.group("punct") == ")", m.end()
    m = _LETTERED.match(text)
    if m:
        return "letter", text[:m.end()].strip(), None, False, m.end()
    m = _DASH.match(text)
    if m:
        return "dash", None, None, False, m.end()
    return "", None, None, False, 0


def _is_signatory(ln: _Line) -> bool:
    return len(ln.text) <= _SIGNATORY_MAX and bool(_search("resolution_signatory", norm(ln.text)))


def _is_end(ln: _Line) -> bool:
    return ln.row or _is_signatory(ln) or bool(_search("resolution_end", norm(ln.text)))


def _split_inline(ln: _Line, start: int) -> list[_Line]:
    """The text of ``ln`` from document offset ``start``, split at consecutive inline point numbers."""
    text = ln.text[start - ln.start:]
    lead = len(text) - len(text.lstrip())
    text, start = text.strip(), start + lead
    if not text:
        return []
    cuts = [0]
    m0 = _NUMBERED.match(text)
    expect = int(m0.group("num").split(".")[0]) + 1 if m0 and m0.group("punct") == "." else None
    if expect is not None:
        for m in _INLINE_NUMBER.finditer(text):
            if int(m.group("num")) == expect:
                cuts.append(m.start("num"))
                expect += 1
    out = []
    for a, b in zip(cuts, cuts[1:] + [len(text)]):
        piece = text[a:b].rstrip()
        if piece:
            out.append(_Line(ln.para, piece, start + a, start + a + len(piece)))
    return out


def _executor(body: str) -> Optional[str]:
    """Who the point charges, as printed: the executor that opens it («Отделу …», «… комиссиясы:»),
    with its co-executor («совместно с Управлением …», «… менен биргеликте») joined by «, »; else None."""
    n = norm(body)
    m = _search("resolution_executor", n)
    if not m:
        return None
    out = [body[m.start("executor"):m.end("executor")]]
    end = m.end("executor")
    c = _search("resolution_coexecutor", n[end:])
    if c:
        out.append(body[end + c.start("executor"):end + c.end("executor")])
    return ", ".join(" ".join(x.split()).rstrip(" ,") for x in out)


def _addressee(body: str) -> Optional[str]:
    """Who carries out a point that does not open with its executor, as printed: the agent of a passive
    verb («… осуществляются Центральной избирательной комиссией»), the dative before a Kyrgyz passive
    order («… туруктуу комиссияларына милдеттендирилсин»); else None."""
    m = _search("resolution_addressee", _QUOTED.sub(lambda q: " " * len(q.group()), norm(body)))
    if not m:
        return None
    return " ".join(body[m.start("executor"):m.end("executor")].split()).rstrip(" ,") or None


def _points(lines: list[_Line]) -> tuple[list[_Point], int]:
    """The points of the operative part (``lines`` after the formula); and how many lines they took."""
    points: list[_Point] = []
    cur: Optional[_Point] = None
    parent_dot: Optional[_Point] = None  # the «2.» point that «1)», «2)» are sub-points of
    used = 0
    for i, ln in enumerate(lines):
        if _is_end(ln):
            break
        kind, number, num, paren, cut = _mark(ln.text)
        body = ln.text[cut:].strip()
        if kind in ("dash", "letter") and cur is not None and cur.opens:
            cur.items.append((body, ln))
            cur.end = ln.end
        elif kind in ("number", "dash") or (kind == "letter" and cur is None):
            path = num
            if kind == "number" and paren and parent_dot is not None:
                path = f"{parent_dot.path}.{num}"
            pt = _Point([ln], body, ln.start + cut, number=number, path=path, end=ln.end)
            pt.opens = body.rstrip().endswith(":")
            pt.executor = _executor(body)
            if pt.executor is None and path and "." in path:
                parent = next((p for p in reversed(points) if p.path and path.startswith(p.path + ".")), None)
                pt.executor = parent.executor if parent is not None and parent.opens else None
            if kind == "number" and not paren:
                parent_dot = pt if pt.opens else None
            points.append(pt)
            cur = pt
        elif cur is not None:
            # A printed line break inside the point (or an item) above.
            if cur.items:
                body0, first = cur.items[-1]
                cur.items[-1] = (body0 + " " + ln.text, first)
            else:
                cur.body = cur.body + " " + ln.text
                cur.opens = cur.body.rstrip().endswith(":")
                # The executor may run on over the printed line break («Органам исполнительной власти
                # Оренбургской области / ежеквартально представлять …»).
                cur.executor = _executor(cur.body) or cur.executor
            cur.lines.append(ln)
            cur.end = ln.end
        else:
            continue  # text between the formula and the first point
        used = i + 1
    return points, used


#: Quoted text (the title of an act, a site, a position: «бардык талапкерлерге каршы») names no time.
_QUOTED = regex.compile(r'"[^"\n]*"')


def _not_terms(body: str) -> str:
    """``body`` in normal form with what names no time of the point blanked (same offsets): references
    to other acts and their dates («… №3 токтому менен бекитилген», «жалобы … от 25 ноября 2016г.»),
    and quoted text."""
    n = norm(body)
    for key in ("resolution_reference", "resolution_act_date"):
        for pats in _pats():
            for m in pats[key].finditer(n):
                n = n[:m.start()] + " " * (m.end() - m.start()) + n[m.end():]
    return _QUOTED.sub(lambda m: " " * len(m.group()), n)


def _point_term(body: str) -> Optional[str]:
    """The time a point names, as printed; None when it names none.

    A deadline phrase («в срок до 15.03.2016», «2022-жылдын 20-августуна чейин»), else the first term
    the term grammar reads in the point's own words: a date («Объявить 22 декабря 2019 года Днем
    выборов»), a range, the period the point is for («Утвердить План работы … на 2023 год», «2025-
    жылга … бекитилсин», «на 2008-2011 годы»), a frequency («ежеквартально представлять»), an event or
    relative term («вводится в действие со дня его первого официального опубликования»). Dates of the
    acts a point names and quoted text are not its time (``_not_terms``)."""
    n = norm(body)
    for rx in _deadlines():
        m = rx.search(n)
        if m:
            return " ".join(body[m.start():m.end()].split())
    masked = _not_terms(body)
    if not masked.strip():
        return None
    found = find_term_mentions(masked) + [t for t in parse_terms(masked) if _plain_term(t)]
    found = [t for t in found if t.start is not None and t.end is not None and body[t.start:t.end].strip()]
    if not found:
        return None
    t = min(found, key=lambda t: (t.start, -t.end))
    return " ".join(body[t.start:t.end].split())


def _plain_term(t) -> bool:
    """A term-cell reading that stands for a time in running text too: a period with its year printed
    («на 2023 год», not «Майского» of «Аяно-Майского»), a calendar frequency («ежеквартально», not
    «при Губернаторе» nor «туруктуу» of «туруктуу комиссия»), an event phrase, a date or range."""
    if t.kind == "period":
        return t.year is not None and not t.year_inferred
    if t.kind == "recurring":
        return t.frequency not in ("as_needed", "continuous")
    return t.kind in ("event", "relative", "range", "date", "dates")


def _cells(pt: _Point, control: bool = False) -> dict[str, str]:
    """The point's cells: ``term`` (see ``_point_term``; a control clause names the plan it controls,
    not a time of its own) and ``executor``."""
    cells: dict[str, str] = {}
    term = None if control else _point_term(pt.body)
    if term:
        cells["term"] = term
    executor = pt.executor or (None if control else _addressee(pt.body))
    if executor:
        cells["executor"] = executor
    return cells


def _control(pt: _Point) -> Optional[ResolutionControl]:
    # Quoted text is another act's words («3-пункт … баяндалсын: "3. Ушул буйруктун аткарылышын
    # контролдоо … жүктөлсүн."»): its control clause is not this act's.
    m = _search("resolution_control", _QUOTED.sub(lambda q: " " * len(q.group()), norm(pt.body)))
    if not m:
        return None
    who = m.group("who") if "who" in m.groupdict() else None
    if who is not None:
        who = " ".join(pt.body[m.start("who"):m.end("who")].split())
        # The full stop of the sentence goes, the stop of a final initial («Асанову А.А.») stays.
        if who.endswith(".") and not _INITIAL_END.search(who):
            who = who[:-1].rstrip()
    is_self = bool("self" in m.groupdict() and m.group("self"))
    return ResolutionControl(raw=" ".join(pt.body[m.start():m.end()].split()), who=who, self_=is_self,
                             point=pt.path)


def _signatories(ctx: Context, lines: list[_Line]) -> list[Signatory]:
    out: list[Signatory] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _search("resolution_end", norm(ln.text)) and not ln.row:
            break
        if not _is_signatory(ln):
            if out:
                break
            i += 1
            continue
        m = _search("resolution_signatory", norm(ln.text))
        after = ln.text[m.end("position"):]
        # The name as initials and surname, else whatever the line prints across a wide gap after the
        # position (the name column: «кеңешинин  төрөгасы          Сабытбек уулу Бактыяр»).
        name_m = _NAME.search(after) or _GAP_NAME.match(after)
        position = ln.text if name_m is None else ln.text[:m.end("position")] + after[:name_m.start()]
        name, last = (name_m.group() if name_m else None), ln
        j = i + 1
        while name is None and j < len(lines) and j <= i + 2 and not _is_signatory(lines[j]):
            nm = _NAME.fullmatch(lines[j].text.strip())
            if nm:
                name, last = nm.group(), lines[j]
                break
            if lines[j].row or len(lines[j].text) > _SIGNATORY_MAX:
                break
            position += " " + lines[j].text
            j += 1
        prov = ctx.para_provenance(ln.para, ln.start, last.end) if ln.para is not None else None
        out.append(Signatory(position=" ".join(position.replace("\t", " ").split()).rstrip(" :"), name=name,
                             provenance=prov))
        i = (lines.index(last) if name else i) + 1
    return out


# --------------------------------------------------------------------------- the interpreter


def _lead_in(lines: list[_Line]) -> tuple[int, int]:
    """(index, end offset) of the sentence that opens the points of an act printed without an operative
    formula («… № 44-б буйругуна төмөнкүдөй толуктоолор жана өзгөртүү киргизилсин:» over dash points):
    the first line that ends with a colon and is followed by a numbered or dash point (no line of the
    header does); (-1, -1) when there is none."""
    for i, ln in enumerate(lines[:-1]):
        if ln.row or _is_end(ln):
            break
        if ln.text.rstrip().endswith(":") and _mark(lines[i + 1].text)[0] in ("number", "dash"):
            return i, ln.end
    return -1, -1


def interpret_resolution(ctx: Context, info: DocumentInfo) -> tuple[list[Activity], set[int]]:
    """The points of a resolution as activities, the ``start`` of every paragraph they consumed; fills
    ``info.resolution`` (and ``info.title`` with the subject when there is one)."""
    lines = _lines(ctx)
    res = Resolution()
    op, formula, after = _operative(lines)
    header = lines[:op] if op >= 0 else lines[:_HEADER_LINES_MAX]
    preamble_start = _read_header(ctx, header, res)
    if op < 0:
        op, after = _lead_in(lines)
    activities: list[Activity] = []
    covered: set[int] = set()  # ids of the lines that became part of a point
    if op >= 0:
        res.operative = formula
        fl = lines[op]
        if formula is None:  # an order without a formula: its lead-in sentence is not preamble
            formula_start = fl.start
        else:
            formula_start = after - len(formula) if len(norm(fl.text)) == len(fl.closed) else fl.start
        pre = ctx.raw.text[preamble_start:max(preamble_start, formula_start)].strip()
        res.preamble = " ".join(pre.split()) or None
        if pre:
            text = ctx.raw.text
            res.legal_bases = find_citations(res.preamble, document_act_definitions(text),
                                             election_kind_of(res.subject or info.title))
        rest = _split_inline(fl, after) + lines[op + 1:]
        points, used = _points(rest)
        for pt in points:
            control = _control(pt)
            cells = _cells(pt, control is not None)
            if control is not None and res.control is None:
                res.control = control
                if control.who:
                    cells["responsible"] = control.who
            end = max([pt.end] + [ln.end for _, ln in pt.items])
            first = pt.lines[0]
            prov = (ctx.para_provenance(first.para, first.start, end) if first.para is not None else None)
            activities.append(Activity(kind="point", number=pt.number, path=pt.path, text=pt.body, cells=cells,
                                       items=[b for b, _ in pt.items], provenance=prov))
            covered |= {id(ln) for ln in pt.lines} | {id(ln) for _, ln in pt.items}
        res.signatories = _signatories(ctx, rest[used:])
    if res.subject:
        info.title = res.subject
    info.resolution = res
    by_para: dict[int, list[_Line]] = {}
    for ln in lines:
        if ln.para is not None:
            by_para.setdefault(ln.para.start, []).append(ln)
    consumed = {s for s, ls in by_para.items() if all(id(ln) in covered for ln in ls)}
    return activities, consumed
