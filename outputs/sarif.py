"""SARIF 2.1.0 of the findings of ``shailoo check``, for code-scanning tools (one run, one result per finding)."""

from __future__ import annotations

import json
from typing import Iterable, Union

from shailoo.rules.findings import FindingsReport
from shailoo.rules.catalog import all_rules
from shailoo.version import __version__

#: Finding severity → SARIF level.
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def format_sarif(reports: Union[FindingsReport, Iterable[FindingsReport]]) -> str:
    """SARIF 2.1.0 JSON of one report or several (one run, one result per finding)."""
    if isinstance(reports, FindingsReport):
        reports = [reports]
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for rep in reports:
        for f in rep.findings:
            p = f.provenance
            region: dict = {}
            if p and p.start is not None:
                region["charOffset"] = p.start
                if p.end is not None:
                    region["charLength"] = max(0, p.end - p.start)
            if p and p.quote:
                region["snippet"] = {"text": p.quote}
            loc = {"physicalLocation": {"artifactLocation": {"uri": (p.file if p else rep.source.path)}}}
            if region:
                loc["physicalLocation"]["region"] = region
            props = {"activity": f.activity, "expected": f.expected, "found": f.found}
            if p and (p.page is not None or p.row is not None or p.table is not None):
                props.update(page=p.page, table=p.table, row=p.row)
            if f.statute:
                props["statute"] = f.statute.model_dump(exclude_none=True)
            results.append({"ruleId": f.code, "ruleIndex": index.get(f.code, -1), "level": LEVEL[f.severity],
                            "message": {"text": f.message}, "locations": [loc],
                            "properties": {k: v for k, v in props.items() if v is not None}})
    driver = {
        "name": "shailoo", "version": __version__,
        "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                   "defaultConfiguration": {"level": LEVEL[r.severity]},
                   **({"properties": {"provision": r.provision}} if r.provision else {})} for r in rules],
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
