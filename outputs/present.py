"""How a finding is presented to a reader, the same in every output (text, HTML, Word comments, SARIF,
the review desk): where it is, how bad, under which rule, which provision, on what evidence.

Readers are lawyers reading Russian or Kyrgyz (issue 19): a row is named by its number as printed and
its section («№ 12 (Работа со списками избирателей)»), never by an internal index; an act by its title,
never by its id; a date as DD.MM.YYYY; a severity by the catalogue's word (``common.severity.*``). Every
word comes from ``corpus/messages/<lang>/common.yaml`` (``finding.*``, ``severity.*``, ``grade.*``) and
the rules' catalogue (``rules.<CODE>.title|description``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Optional

import regex

from shailoo.corpus import acts
from shailoo.corpus.i18n import text

_ISO = regex.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def shorten(s: str, width: int) -> str:
    """``s`` with its spaces squashed, cut at a word boundary to at most ``width`` characters (and «…»)."""
    s = " ".join((s or "").split())
    if len(s) <= width:
        return s
    # a first word longer than ``width`` is kept whole: a word cut in two reads as another word
    cut = s[:width].rsplit(" ", 1)[0] if " " in s[:width + 1] else s.split(" ", 1)[0]
    return cut.rstrip(" ,;:—-") + " …"


def shorten_middle(s: str, width: int) -> str:
    """``s`` squashed and, when longer than ``width``, cut in the middle at word boundaries («Календарный план
    … (постановление ЦИК от 10.08.2022 № 72), строка 12»): the start names the document, the end its act."""
    s = " ".join((s or "").split())
    if len(s) <= width:
        return s
    words = s.split(" ")
    head: list[str] = []
    tail: list[str] = []
    budget = width - 2
    while words and len(" ".join(head + words[:1])) <= budget // 3:
        head.append(words.pop(0))
    while words and len(" ".join(words[-1:] + tail)) <= budget - len(" ".join(head)) - 1:
        tail.insert(0, words.pop())
    if not words:
        return s
    return " ".join(head) + " … " + " ".join(tail)


def date_text(value: Any) -> str:
    """A date as DD.MM.YYYY: a ``date``, or every ISO date inside a string (other text unchanged)."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d.%m.%Y")
    return _ISO.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}", str(value))


def severity_word(severity: str, lang: str, many: bool = False) -> str:
    """«ошибка» / «предупреждение» / «примечание» (``many``: «Ошибки» …) in ``lang``."""
    return text(f"common.severity.{'many' if many else 'one'}.{severity}", lang)


def rule_title(code: str, lang: str) -> str:
    """The rule's title for a reader («Несуществующая дата»), from the catalogue."""
    return text(f"rules.{code}.title", lang)


def rule_description(code: str, lang: str) -> str:
    """What the rule finds and why it matters, for a reader, from the catalogue."""
    return " ".join(text(f"rules.{code}.description", lang).split())


def where(f: Any, lang: str, width: int = 70) -> str:
    """Where finding ``f`` is, as a reader finds it in the printed document: «№ 12 (Работа со списками
    избирателей)» (the row's number as printed and its innermost section, shortened at a word boundary), «№ 12»
    without a section, «Строка «Жергиликтүү кеңештердин …»» for a table row printed without a number (its
    first words), «Текст документа» for a finding on the document's text outside the table."""
    if not f.activity:
        first = _unnumbered_row_text(f)
        if first:
            return text("common.finding.row_unnumbered", lang, text=shorten(first, min(width, 48)))
        return text("common.finding.prose", lang)
    if f.section:
        return text("common.finding.row_section", lang, n=f.activity, section=shorten(f.section, width))
    return text("common.finding.row", lang, n=f.activity)


def _unnumbered_row_text(f: Any) -> str:
    """The first text of the table row finding ``f`` is on, when that row prints no number (its
    provenance is a row, its quote the row's cells, tab-separated); "" otherwise."""
    p = getattr(f, "provenance", None)
    if p is None or p.row is None or not p.quote:
        return ""
    return next((c.strip() for c in p.quote.split("\t") if c.strip()), "")


@lru_cache(maxsize=None)
def _registry() -> dict:
    return acts().acts


def act_title(act_id: Optional[str], lang: str) -> str:
    """The act as a reader names it: «Закон КР «О выборах депутатов местных кенешей»»; an act the registry does
    not hold keeps what it was given (a user's own knowledge base may name acts the registry lacks)."""
    if not act_id:
        return ""
    act = _registry().get(act_id)
    if act is None:
        return act_id
    title = getattr(act.title, lang, None) or act.title.ru or act.title.ky or ""
    return text(f"common.finding.act.{act.type}", lang, title=title)


def provision_text(statute: Any, lang: str) -> str:
    """«Закон КР «О выборах депутатов местных кенешей», ст.13 ч.1, ред. от 14.07.2011»: the provision a
    finding cites, in ``lang``; empty when it cites no act or article."""
    if statute is None or not (statute.act or statute.article):
        return ""
    cite = " ".join(text(f"common.finding.{k}", lang, n=getattr(statute, k))
                    for k in ("article", "part") if getattr(statute, k, None))
    act = act_title(statute.act, lang)
    out = text("common.finding.provision", lang, act=act, cite=cite) if act and cite else (act or cite)
    if statute.edition:
        out += text("common.finding.edition", lang, date=date_text(statute.edition))
    return out


def grade_text(f: Any, lang: str, source: bool = True, width: int = 120) -> str:
    """«Источник значения: практика ЦИК, а не текст закона (Календарный план … № 72, строка 12)»: the evidence
    grade of a statute finding (``StatuteRef.grade``, words ``common.grade.*``) and, with ``source``, the document
    the value was taken from (unless the message already names it), shortened in the middle at word boundaries
    to ``width``; empty when the finding has no grade."""
    s = f.statute
    if s is None or not s.grade:
        return ""
    out = f"{text('common.grade.label', lang)}: {text(f'common.grade.{s.grade}', lang)}"
    if source and s.source and not _said(f.message, s.source):  # a message citing its source says it once
        out += f" ({shorten_middle(date_text(s.source), width)})"
    return out


def finding_line(file: str, f: Any, lang: str) -> str:
    """One finding as one line of text: ``FILE: № 12 (section): [SH151] ошибка: message (provision)
    [evidence]`` (``common.finding.line``)."""
    line = text("common.finding.line", lang, file=file, where=where(f, lang), code=f.code,
                severity=severity_word(f.severity, lang), message=f.message)
    s = f.statute
    provision = provision_text(s, lang)
    if provision and not _names_act(f.message, s, lang):
        line += f" ({provision})"
    grade = grade_text(f, lang)
    if grade:
        line += f" [{grade}]"
    return line


_MARKS = regex.compile(r"\d{2}\.\d{2}\.\d{4}|№\s*\d+")


def _names_act(message: str, statute: Any, lang: str) -> bool:
    """Whether ``message`` already cites the act of ``statute`` by its title (in whatever case the sentence
    needed), so that a line need not say it twice."""
    act = _registry().get(statute.act) if statute is not None and statute.act else None
    if act is None:
        return False
    title = getattr(act.title, lang, None) or act.title.ru or act.title.ky
    return bool(title) and title in message


def _said(message: str, source: Optional[str]) -> bool:
    """Whether ``message`` already names the document ``source`` (its dates and numbers all appear in it)."""
    marks = _MARKS.findall(date_text(source or ""))
    return bool(marks) and all(" ".join(m.split()) in " ".join(message.split()) for m in marks)
