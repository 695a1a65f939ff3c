"""Data shipped with shailoo: language data (``lang/*.yaml``), the exported JSON Schema, and (later)
the gazetteer of bodies, the registry of acts and the statute knowledge base.

Language data is validated on load and loaded once per process (``language(code)``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

HERE = Path(__file__).resolve().parent
LANGUAGES = ("ru", "ky")


class PatternExample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    groups: dict[str, str] = Field(default_factory=dict)


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: str
    examples: list[PatternExample] = Field(min_length=1)


class LanguageData(BaseModel):
    """The schema of ``corpus/lang/<code>.yaml``; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")
    language: str
    name: str
    markers: dict[str, list[str]]
    months: dict[int, list[str]]
    weekdays: dict[int, list[str]]
    document_kinds: dict[str, list[str]]
    column_roles: dict[str, list[str]]
    patterns: dict[str, PatternSpec]
    date_forms: dict[str, PatternSpec]

    @field_validator("months")
    @classmethod
    def _twelve(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 13)):
            raise ValueError("months must have keys 1..12")
        return v

    @field_validator("weekdays")
    @classmethod
    def _seven(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(7)):
            raise ValueError("weekdays must have keys 0..6 (Monday = 0)")
        return v


@lru_cache(maxsize=None)
def language(code: str) -> LanguageData:
    """Load and validate the language data for ``code`` (``ru`` or ``ky``), once per process."""
    path = HERE / "lang" / f"{code}.yaml"
    with open(path, encoding="utf-8") as fh:
        return LanguageData.model_validate(yaml.safe_load(fh))


def all_languages() -> list[LanguageData]:
    return [language(c) for c in LANGUAGES]
