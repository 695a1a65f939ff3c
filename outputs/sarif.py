"""SARIF 2.1.0 of the findings of ``shailoo check``, for code-scanning tools (one run, one result per finding).

Paths become valid URI references (``artifact_uri``: Cyrillic, spaces, ``#``, ``[`` percent-encoded;
absolute paths as ``file://`` URIs); a region is written only when its offsets make sense (never
negative, the end not before the start); an input that could not be checked is a tool execution
notification of the run's invocation, whose ``executionSuccessful`` is then false.

Written for the reader in the chosen language (issue 19): each result's message begins with the row as
printed and its section («№ 12 (Работа со списками избирателей): …», ``shailoo.outputs.present.where``),
which is also the result's logical location (``name`` «№ 12», ``kind`` ``row``, ``fullyQualifiedName``
with the section); a rule's ``shortDescription`` is its catalogue title, its ``fullDescription`` and
``help`` the catalogue description. A rule's ``name`` stays its kebab-case slug: SARIF's machine name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Optional, Union
from urllib.parse import quote_from_bytes

from shailoo.corpus.i18n import text
from shailoo.outputs.present import rule_description, rule_title, where
from shailoo.rules.findings import FindingsReport
from shailoo.rules.catalog import all_rules
from shailoo.version import __version__

#: Finding severity → SARIF level.
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """``path`` as a valid URI reference: ``file:///…`` for an absolute path, a relative reference
    otherwise, every byte outside the unreserved set (and ``/``) percent-encoded (UTF-8)."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    raw = os.fsencode(path.replace(os.sep, "/") if os.sep != "/" else path)
    return quote_from_bytes(raw, safe="/")


def _region(start: Optional[int], end: Optional[int], quote: str) -> Optional[dict]:
    """A SARIF region of characters ``[start, end)``, or None when there is no valid one."""
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        return None
    region: dict = {"charOffset": start}
    if end is not None:
        if not isinstance(end, int) or isinstance(end, bool) or end < start:
            return None
        region["charLength"] = end - start
    if quote:
        region["snippet"] = {"text": quote}
    return region


def _logical(f, lang: str) -> Optional[dict]:
    """The row of finding ``f`` as a SARIF logical location: «№ 12», kind ``row``, fully qualified with its
    section («№ 12 (Работа со списками избирателей)»); None for a finding on the document's text."""
    if not f.activity:
        return None
    return {"name": text("common.finding.row", lang, n=f.activity), "kind": "row",
            "fullyQualifiedName": where(f, lang, width=10_000)}


def format_sarif(reports: Union[FindingsReport, Iterable[FindingsReport]],
                 failures: Iterable[tuple[str, str]] = (), lang: str = "ru") -> str:
    """SARIF 2.1.0 JSON of one report or several (one run, one result per finding). ``failures``:
    ``(path, one-line reason)`` of the inputs that could not be checked, reported as the invocation's
    tool execution notifications (``executionSuccessful`` false when there is one). ``lang``: the
    language of the locations and of the rules' titles and descriptions (the findings' messages are in
    the language the check was run in; give the same)."""
    if isinstance(reports, FindingsReport):
        reports = [reports]
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for rep in reports:
        for f in rep.findings:
            p = f.provenance
            region = _region(p.start, p.end, p.quote) if p else None
            loc = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(p.file if p else rep.source.path)}}}
            if region:
                loc["physicalLocation"]["region"] = region
            logical = _logical(f, lang)
            if logical:
                loc["logicalLocations"] = [logical]
            props = {"activity": f.activity, "expected": f.expected, "found": f.found}
            if p and p.quote and not region:  # the quote without a valid region to hold it
                props["quote"] = p.quote
            # the page a reader turns to; not the table's and row's internal indexes (from 0): the row is
            # named by its printed № (``activity``, the logical location), the cell by the region
            if p and p.page is not None:
                props["page"] = p.page
            if f.statute:
                props["statute"] = f.statute.model_dump(exclude_none=True)
            results.append({"ruleId": f.code, "ruleIndex": index.get(f.code, -1), "level": LEVEL[f.severity],
                            "message": {"text": f"{where(f, lang)}: {f.message}"}, "locations": [loc],
                            "properties": {k: v for k, v in props.items() if v is not None}})
    driver = {
        "name": "shailoo", "version": __version__,
        "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": rule_title(r.code, lang)},
                   "fullDescription": {"text": rule_description(r.code, lang)},
                   "help": {"text": rule_description(r.code, lang)},
                   "defaultConfiguration": {"level": LEVEL[r.severity]},
                   **({"properties": {"provision": r.provision}} if r.provision else {})} for r in rules],
    }
    notes = [{"level": "error", "message": {"text": reason},
              "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}]}
             for path, reason in failures]
    invocation: dict = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": driver}, "invocations": [invocation], "results": results}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
