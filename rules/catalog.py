"""The catalogue of rules: every rule of ``shailoo.rules.checks``, listed or looked up by code or name.

Importing this module imports the rule modules (``shailoo.rules.checks``: ``general``, ``statute_rules``
and the pair rules of ``pairs``), whose ``@rule`` decorators fill ``shailoo.rules.registry.REGISTRY``;
the functions below only read it. Whoever runs or configures rules (the engine, the settings, the
reports) asks here, so that no rule is missing because its module was not imported yet.
"""

from __future__ import annotations

from typing import Optional

# imported for their effect: each module's @rule decorators register its rules
from shailoo.rules.checks import general, pairs, statute_rules  # noqa: F401
from shailoo.rules.registry import REGISTRY, Rule


def all_rules() -> list[Rule]:
    """Every rule, by code."""
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def lookup(key: str) -> Optional[Rule]:
    """The rule whose code or name is ``key`` (codes case-insensitive), or None."""
    r = REGISTRY.get(key.upper())
    if r is not None:
        return r
    return next((r for r in REGISTRY.values() if r.name == key), None)
