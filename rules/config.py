"""User settings: the language of the outputs, and the rules switched off or given another severity
(``shailoo.toml`` in the current folder, or ``--config``).

The file is TOML (read with ``tomllib``) and validated with pydantic; unknown keys, unknown rule
codes or names, bad severities and an unknown language are rejected with a one-line ``ConfigError``::

    # shailoo.toml
    lang = "ky"                    # outputs in Kyrgyz when --lang is not given: ru, ky or en
    [rules.place-missing]          # a rule by name ...
    enabled = false
    [rules.SH104]                  # ... or by code
    severity = "info"

A configured severity replaces the rule's default severity; a finding that the rule itself marks with
its own severity (e.g. ``offset-date-mismatch`` reports a one-day difference after an event as
``info``) keeps it unless the configured severity is milder.

``lang`` (top level) is the language of every output of every command (findings, reports, Word
comments, the lines naming the files written) when the command line gives no ``--lang``; it comes
before the environment (``SHAILOO_LANG``, then the locale: ``shailoo.settings.default_lang``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shailoo.rules.findings import Severity
from shailoo.settings import Lang
from shailoo.rules.catalog import lookup

DEFAULT_FILE = "shailoo.toml"


class ConfigError(Exception):
    """A settings file that cannot be used; ``str()`` is one line ``<file>: <reason>``."""


class RuleSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    severity: Optional[Severity] = None


class Config(BaseModel):
    """The settings: ``lang`` the language of the outputs (None: the environment decides), ``rules``
    maps a rule code or name to its ``RuleSetting``."""

    model_config = ConfigDict(extra="forbid")

    lang: Optional[Lang] = None
    rules: dict[str, RuleSetting] = Field(default_factory=dict)

    def setting(self, code: str, name: str) -> RuleSetting:
        """The setting of the rule ``code``/``name`` (by code first, then by name), or the default."""
        return self.rules.get(code) or self.rules.get(name) or RuleSetting()


def _one_line(err: ValidationError) -> str:
    e = err.errors()[0]
    loc = ".".join(str(x) for x in e["loc"])
    msg = {"extra_forbidden": "unknown key"}.get(e["type"], e["msg"])
    more = f" (and {len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
    return f"{loc}: {msg}{more}"


def parse_config(data: dict, where: str = "config") -> Config:
    """Validate settings already read from TOML; raises ``ConfigError`` naming ``where``."""
    try:
        cfg = Config.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{where}: {_one_line(e)}") from None
    seen: dict[str, str] = {}
    for key in cfg.rules:
        r = lookup(key)
        if r is None:
            raise ConfigError(f"{where}: rules.{key}: unknown rule (give a code such as SH101 or a name such as date-invalid)")
        if r.code in seen:
            raise ConfigError(f"{where}: rules.{key}: rule {r.code} is configured twice (also as {seen[r.code]})")
        seen[r.code] = key
    # Normalise keys to codes so lookups need no registry.
    return Config(lang=cfg.lang, rules={lookup(k).code: v for k, v in cfg.rules.items()})


def load_config(path: Optional[str] = None, cwd: Optional[Path] = None) -> Config:
    """The settings of ``path``, else of ``shailoo.toml`` in ``cwd`` (default: the working directory) when
    present, else the defaults. A given ``path`` that does not exist is an error."""
    if path is None:
        p = (cwd or Path.cwd()) / DEFAULT_FILE
        if not p.is_file():
            return Config()
    else:
        p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{p}: no such file") from None
    except OSError as e:
        raise ConfigError(f"{p}: cannot be read ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: not valid TOML ({e})") from None
    return parse_config(data, str(p))
