"""The one registry of rules: ``@rule(...)`` registers a check function under a stable code and name.

Contract of a rule:

* ``code`` ``SH1nn`` and ``name`` (kebab-case) never change once released (``tests/golden/rules.json``
  pins them); ``severity`` is the default, a user may change it in ``shailoo.toml``;
* ``messages`` has a template for each of ``ru``, ``ky`` and ``en`` with ``{named}`` placeholders, filled
  from the ``params`` of each ``Hit``; every placeholder must be given by every hit;
* ``kinds`` lists the document kinds the rule applies to (``None``: every kind);
* ``provision`` names the law it enforces, when it enforces one;
* ``cells`` lists the column roles of the cell a finding is about, in order of preference (``term``
  for date findings, ``responsible`` for owner findings, ``number`` for numbering findings): the
  engine puts the first that fits into ``Finding.cell``, and the Word and HTML reports anchor there;
* ``pair`` rules compare two documents (``shailoo compare``: RU/KY versions, drafts); ``check`` never
  runs them, ``shailoo.rules.compare`` does, with the other document in ``ctx.options["counterpart"]``;
* the function takes a ``shailoo.rules.engine.Context`` and yields ``shailoo.rules.engine.Hit``; it must not raise on
  any parsed document (the engine turns an exception into a failure of the whole check, which is a bug).

Rule modules are imported by ``all_rules()``: ``shailoo.rules.checks.general`` (checks that need no statute
knowledge) and, when present, ``shailoo.rules.statutes`` / ``shailoo.rules.checks.statute_rules`` (checks against the statute
knowledge base; codes SH15x are left for them). A rule reads ``--statutes`` directories from
``ctx.options["statutes"]``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from shailoo.rules.findings import SEVERITIES

LANGS = ("ru", "ky", "en")
#: Modules whose import registers rules; a module that does not exist (yet) is skipped.
RULE_MODULES = ("shailoo.rules.checks.general", "shailoo.rules.statutes", "shailoo.rules.checks.statute_rules", "shailoo.rules.compare")

_CODE = re.compile(r"^SH\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_FIELD = re.compile(r"\{(\w+)")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    messages: dict[str, str]
    func: Callable = field(compare=False)
    kinds: Optional[frozenset[str]] = None
    provision: Optional[str] = None
    summary: str = ""
    cells: tuple[str, ...] = ()
    pair: bool = False

    def applies_to(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    def placeholders(self) -> set[str]:
        return {m for t in self.messages.values() for m in _FIELD.findall(t)}


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, messages: dict[str, str], kinds: Optional[Iterable[str]] = None,
         provision: Optional[str] = None, cells: Iterable[str] = (), pair: bool = False) -> Callable:
    """Register the decorated function as rule ``code``/``name``; raises ValueError on a malformed or duplicate rule.

    The first line of the function's docstring is the rule's one-line summary (SARIF, listings).
    """
    if not _CODE.match(code):
        raise ValueError(f"rule code must be SHnnn: {code!r}")
    if not _NAME.match(name):
        raise ValueError(f"rule name must be kebab-case: {name!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {code}: severity must be one of {SEVERITIES}: {severity!r}")
    missing = set(LANGS) - set(messages)
    if missing:
        raise ValueError(f"rule {code}: messages missing for {sorted(missing)}")
    fields = [set(_FIELD.findall(messages[lang])) for lang in LANGS]
    if any(f != fields[0] for f in fields):
        raise ValueError(f"rule {code}: the ru/ky/en messages use different placeholders")

    def deco(func: Callable) -> Callable:
        for other in REGISTRY.values():
            if other.code == code or other.name == name:
                # Re-importing the same module (importlib.reload in tests) re-registers the same function.
                if other.func.__qualname__ == func.__qualname__ and other.func.__module__ == func.__module__:
                    break
                raise ValueError(f"rule {code} {name} clashes with {other.code} {other.name}")
        doc = (func.__doc__ or "").strip().splitlines()
        REGISTRY[code] = Rule(code=code, name=name, severity=severity, messages=dict(messages), func=func,
                              kinds=frozenset(kinds) if kinds is not None else None, provision=provision,
                              summary=doc[0] if doc else name, cells=tuple(cells),
                              pair=pair)
        return func

    return deco


def all_rules() -> list[Rule]:
    """Every registered rule, by code (imports the rule modules on first call)."""
    for mod in RULE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as e:
            if e.name != mod:  # a module that exists but fails to import is a bug: do not hide it
                raise
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def lookup(key: str) -> Optional[Rule]:
    """The rule whose code or name is ``key`` (codes case-insensitive), or None."""
    all_rules()
    r = REGISTRY.get(key.upper())
    if r is not None:
        return r
    return next((r for r in REGISTRY.values() if r.name == key), None)
