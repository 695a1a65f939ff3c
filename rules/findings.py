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
    # Unknown keys rejected; a field with an alias (``schema_`` → ``schema``, ``self_`` → ``self``) is
    # read by either name and written by its alias, by every dump (``model_dump()``, ``model_dump_json()``).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


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

    act: Optional[str] = Field(None, description="the act's id in the registry of acts (corpus/acts.yaml)")
    article: Optional[str] = Field(None, description="the article's number")
    part: Optional[str] = Field(None, description="the part's number, when the provision is a part")
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
    """One problem a rule found: which rule, how bad, where, what it says, and for dates the value
    computed (``expected``) against the value printed (``found``)."""

    code: str = Field(description="stable rule code, e.g. SH101")
    rule: str = Field(description="kebab-case rule name, e.g. date-invalid")
    severity: Severity = Field(description="error, warning or info")
    activity: Optional[str] = Field(None, description="the activity's number (or path) as printed; null for prose")
    cell: Optional[str] = Field(None, description="column role of the cell the finding is about (term, responsible, "
                                "number, ...); null for prose and whole-row findings")
    section: Optional[str] = Field(None, description="the innermost section heading above the row, as printed; "
                                   "null for prose and rows outside any section")
    message: str = Field(description="what the finding says, in the language the check was run in")
    expected: Optional[str] = Field(None, description="the value the rule expects: an ISO date or a short text")
    found: Optional[str] = Field(None, description="the value the document prints: an ISO date or a short text")
    statute: Optional[StatuteRef] = Field(None, description="the provision the finding enforces, with the evidence "
                                                            "for its value")
    provenance: Optional[Provenance] = Field(None, description="where in the document the finding is")
    details: dict[str, Any] = Field(default_factory=dict, description="the finding's facts as data (ids, ISO "
                                                                       "dates, numbers), per rule")


class Summary(_Model):
    """How many findings of each severity."""

    error: int = Field(0, description="findings of severity error")
    warning: int = Field(0, description="findings of severity warning")
    info: int = Field(0, description="findings of severity info")


class FindingsReport(_Model):
    """The output of ``shailoo check`` for one document (``shailoo/findings@1``)."""

    schema_: Literal["shailoo/findings@1"] = Field(SCHEMA_FINDINGS, alias="schema",
                                                   description="the output's schema name and version")
    source: Source = Field(description="the file checked")
    document: DocumentInfo = Field(description="what the document is and what its header says")
    findings: list[Finding] = Field(default_factory=list, description="every finding, in document order")
    summary: Summary = Field(default_factory=Summary, description="the findings counted by severity")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)

    def count(self, rule: str) -> int:
        """How many findings of ``rule`` (a name or a code)."""
        return sum(1 for f in self.findings if rule in (f.rule, f.code))
