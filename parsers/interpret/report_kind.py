"""Progress reports on a plan are ``report``, whatever their table looks like.

A report on an action plan repeats the plan's own words in its title («Информация о ходе исполнения
Плана действий …», «… иш-аракеттер планынын аткарылышы жөнүндө маалымат») and often its columns
(goal, measure, executor), so neither the first kind phrase of the title nor the table decides.
What a report is, is said by

* its title: what it is about is the execution of a plan (pattern ``report_title``: «Информация о
  ходе исполнения …», «Отчёт о выполнении …», «… аткарылышы жөнүндө маалымат», «… боюнча отчет»);
* or the day it speaks for (pattern ``report_as_of``: «(по состоянию на 20 января 2024 года)»,
  «(2025-жылдын 20-июлуна карата)») under a title whose head word is a report (pattern
  ``report_head``: «Отчет Министерства … по Антикоррупционному плану», «… маалыматы»).

Both are looked for in the front matter only (the lines before the first table, at most
``_LINES`` of them), in every language's patterns, so a plan whose rows speak of reports stays a plan.
"""

from __future__ import annotations

from shailoo import corpus
from shailoo.normalize import norm
from shailoo.parsers.read.blocks import Table

from .context import Context, _compiled_patterns

#: Lines of the front matter looked at (a report's title and its «по состоянию на» are at the top).
_LINES = 12
#: Longest line that can be a title or the line under it; longer ones are body text.
_LINE_MAX = 400


def _front_lines(ctx: Context) -> list[str]:
    lines: list[str] = []
    for b in ctx.raw.blocks:
        if isinstance(b, Table):
            if lines:
                break
            continue
        lines.extend(ln for ln in (x.strip() for x in b.text.split("\n")) if ln)
        if len(lines) >= _LINES:
            break
    return [ln for ln in lines[:_LINES] if len(ln) <= _LINE_MAX]


def is_progress_report(ctx: Context) -> bool:
    """True when the front matter is that of a report on the execution of a plan (module doc)."""
    codes = ([ctx.language] if ctx.language in corpus.LANGUAGES else []) + \
        [c for c in corpus.LANGUAGES if c != ctx.language]
    pats = [_compiled_patterns(c) for c in codes]
    lines = [norm(ln) for ln in _front_lines(ctx)]
    if any(p["report_title"].search(ln) for ln in lines for p in pats):
        return True
    if not any(p["report_as_of"].search(ln) for ln in lines for p in pats):
        return False
    return any(p["report_head"].search(ln) for ln in lines for p in pats)
