"""The typed output of ``shailoo check`` (``shailoo/findings@1``), pydantic v2, unknown keys rejected.

A ``Finding`` is one problem a rule found: which rule (``code``/``rule``), how bad (``severity``),
where (``activity`` number as printed, ``provenance``), what it says (``message`` in the language the
check was run in), and — for dates — ``expected`` (the computed value) and ``found`` (the printed
one), both as ISO dates or short text. ``FindingsReport`` holds the findings of one document.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from shailoo.model import DocumentInfo, Provenance, Source

SCHEMA_FINDINGS = "shailoo/findings@1"

Severity = Literal["error", "warning", "info"]
#: Severities from the worst; ``SEVERITY_RANK[s]`` orders them (error = 0).
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


#: How far the value a statute finding rests on can be trusted (issue 17), from the strongest:
#: ``statute`` — the statute's text, an amending law's text or an official translation (may give an error);
#: ``practice`` — CEC practice, e.g. an approved calendar plan (at most a warning);
#: ``secondary`` — a report of the law or of CEC practice (the press), or an unofficial translation (at most info);
#: ``absent`` — the knowledge base holds no value for the citation (citation-unknown): nothing is asserted
#: about the law.
Grade = Literal["statute", "practice", "secondary", "absent"]
GRADES: tuple[str, ...] = ("statute", "practice", "secondary", "absent")


class StatuteRef(_Model):
    """The provision a finding enforces: act id (corpus/acts.yaml), article, part, edition, and the evidence
    for the value: its ``grade``, the ``source_kind`` of the edition and the ``source`` document."""

    act: Optional[str] = None
    article: Optional[str] = None
    part: Optional[str] = None
    edition: Optional[str] = Field(None, description="the first day (ISO) of the edition compared")
    grade: Optional[Grade] = Field(None, description="evidence grade of the value: statute (statute text, amending "
                                   "law or official translation: may be an error), practice (CEC practice: at most "
                                   "a warning), secondary (a report, an unofficial translation: at most info), absent (the "
                                   "knowledge base holds no value for the citation)")
    source_kind: Optional[str] = Field(None, description="the source kind of the value (statute_text, "
                                       "amending_law_text, official_translation, unofficial_translation, cec_practice, secondary; "
                                       "shailoo.rules.statutes.SourceKind)")
    source: Optional[str] = Field(None, description="the document the value was taken from: the statute, the "
                                  "amending law, or the CEC plan or report in which the practice was observed")


class Finding(_Model):
    code: str = Field(description="stable rule code, e.g. SH101")
    rule: str = Field(description="kebab-case rule name, e.g. date-invalid")
    severity: Severity
    activity: Optional[str] = Field(None, description="the activity's number (or path) as printed; null for prose")
    cell: Optional[str] = Field(None, description="column role of the cell the finding is about (term, responsible, "
                                "number, ...); null for prose and whole-row findings")
    section: Optional[str] = Field(None, description="the innermost section heading above the row, as printed; "
                                   "null for prose and rows outside any section")
    message: str
    expected: Optional[str] = None
    found: Optional[str] = None
    statute: Optional[StatuteRef] = None
    provenance: Optional[Provenance] = None
    details: dict[str, Any] = Field(default_factory=dict)


class Summary(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0


class FindingsReport(_Model):
    schema_: Literal["shailoo/findings@1"] = Field(SCHEMA_FINDINGS, alias="schema")
    source: Source
    document: DocumentInfo
    findings: list[Finding] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)

    def count(self, rule: str) -> int:
        """How many findings of ``rule`` (a name or a code)."""
        return sum(1 for f in self.findings if rule in (f.rule, f.code))
