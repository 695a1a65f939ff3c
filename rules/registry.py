"""The one registry of rules: ``@rule(...)`` registers a check function under a stable code and name.

Contract of a rule:

* ``code`` ``SH1nn`` and ``name`` (kebab-case) never change once released (``tests/golden/rules.json``
  pins them); ``severity`` is the default, a user may change it in ``shailoo.toml``;
* ``messages`` has a template for each of ``ru``, ``ky`` and ``en`` with ``{named}`` placeholders, filled
  from the ``params`` of each ``Hit``; every placeholder must be given by every hit. They are the message
  catalogue's ``rules.<CODE>.message`` (``corpus/messages/<lang>/rules.yaml``), beside the rule's
  ``title`` and ``description`` for a lawyer (``Rule.title(lang)``, ``Rule.description(lang)``);
* ``kinds`` lists the document kinds the rule applies to (``None``: every kind);
* ``provision`` names the law it enforces, when it enforces one;
* ``cells`` lists the column roles of the cell a finding is about, in order of preference (``term``
  for date findings, ``responsible`` for owner findings, ``number`` for numbering findings): the
  engine puts the first that fits into ``Finding.cell``, and the Word and HTML reports anchor there;
* ``pair`` rules compare two documents (``shailoo compare``: RU/KY versions, drafts); ``check`` never
  runs them, ``shailoo.rules.engine.compare`` does, with the other document in ``ctx.options["counterpart"]``;
* the function takes a ``shailoo.rules.context.Context`` and yields ``shailoo.rules.context.Hit``; it must not
  raise on any parsed document (the engine turns an exception into a failure of the whole check, which is a bug).

This module only holds the registry; it imports no rule module. The rules live in ``shailoo.rules.checks``
(``general``: checks that need no statute knowledge; ``statute_rules``: checks against the statute knowledge
base, SH15x; ``pairs``: SH161/SH162), and ``shailoo.rules.catalog`` imports them to list or look up rules.
A rule reads ``--statutes`` directories from ``ctx.options["statutes"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from shailoo.corpus.i18n import by_lang, text
from shailoo.rules.findings import SEVERITIES

LANGS = ("ru", "ky", "en")

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

    def title(self, lang: str) -> str:
        """The rule's title in ``lang`` (the catalogue's ``rules.<CODE>.title``)."""
        return text(f"rules.{self.code}.title", lang)

    def description(self, lang: str) -> str:
        """What the rule finds and why it matters, for a lawyer, in ``lang`` (``rules.<CODE>.description``)."""
        return text(f"rules.{self.code}.description", lang)


#: code -> rule, filled by ``@rule`` as the rule modules are imported: read it through ``shailoo.rules.catalog``.
REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, messages: Optional[dict[str, str]] = None,
         kinds: Optional[Iterable[str]] = None, provision: Optional[str] = None, cells: Iterable[str] = (),
         pair: bool = False) -> Callable:
    """Register the decorated function as rule ``code``/``name``; raises ValueError on a malformed or duplicate rule.

    ``messages`` defaults to the catalogue's ``rules.<CODE>.message`` in every language (a rule missing
    there raises ``shailoo.corpus.i18n.MessageError``). The first line of the function's docstring is the
    rule's one-line summary (SARIF, listings).
    """
    if not _CODE.match(code):
        raise ValueError(f"rule code must be SHnnn: {code!r}")
    if not _NAME.match(name):
        raise ValueError(f"rule name must be kebab-case: {name!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {code}: severity must be one of {SEVERITIES}: {severity!r}")
    if messages is None:
        messages = by_lang(f"rules.{code}.message")
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
