"""Checking a document: every enabled rule over one ``ParsedDocument`` → a ``FindingsReport``.

``check(doc, ...)`` is the library entry point; ``fails(report, fail_on)`` says whether a report
has a finding bad enough to fail on. The ``shailoo check`` command is ``shailoo.apps.review``; the
writers of reports are ``shailoo.outputs`` (``text``, ``sarif``, ``html``, ``docx_comments``).
"""

from __future__ import annotations

from collections import Counter
from typing import Optional, Union

from shailoo.rules.config import Config
from shailoo.rules.engine import run_rules
from shailoo.rules.findings import SEVERITY_RANK, FindingsReport, Summary
from shailoo.model import ParsedDocument


def check(doc: ParsedDocument, lang: str = "ru", config: Optional[Config] = None,
          calendar: Union[dict, object, None] = None, options: Optional[dict] = None) -> FindingsReport:
    """The findings of every enabled rule on ``doc``, messages in ``lang`` (ru, ky, en).

    ``calendar``: anchor dates completing or replacing the document's (``{"election_day": date,
    "calling_of_election": date}``) or a ``shailoo.parsers.extract.calendar.ElectionCalendar``. ``config``: the user's
    rule settings (``shailoo.rules.config.load_config``); None means every rule with its default severity.
    """
    if lang not in ("ru", "ky", "en"):
        raise ValueError(f"lang must be ru, ky or en: {lang!r}")
    findings = run_rules(doc, lang=lang, config=config, calendar=calendar, options=options)
    c = Counter(f.severity for f in findings)
    return FindingsReport(source=doc.source, document=doc.document, findings=findings,
                          summary=Summary(error=c["error"], warning=c["warning"], info=c["info"]))


def fails(report, fail_on: str) -> bool:
    """Whether ``report`` (a ``FindingsReport`` or a ``ComparisonReport``) has a finding of severity
    ``fail_on`` (``error``, ``warning``, ``info``) or worse; never for ``never``."""
    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] <= limit for f in report.findings)
