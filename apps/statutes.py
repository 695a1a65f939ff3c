"""The ``shailoo statutes`` command: list the statute knowledge base, or draft provisions from a plan."""

from __future__ import annotations

from typing import Any, Optional

from shailoo.errors import ShailooError
from shailoo.settings import ReadSettings
from shailoo.rules import statutes as st
from shailoo.parsers import parse
from shailoo.outputs.text import format_statutes


def run_statutes(args: Any, out: Any, err: Any, settings: Optional[ReadSettings] = None) -> int:
    """``shailoo statutes [--statutes DIR]...`` lists the knowledge base; with ``args.learn`` (a plan's
    path) drafts provisions from it instead, the plan read with ``settings`` (default
    ``ReadSettings()``). Returns the exit code: 0, or 2 for an invalid statute directory or an
    unusable plan."""
    try:
        if getattr(args, "learn", None):
            doc = parse(args.learn, settings=settings or ReadSettings())
            out.write(st.learn(doc))
            return 0

        kb = st.load(getattr(args, "statutes", None))
        out.write(format_statutes(kb))
        return 0
    except ShailooError as e:
        err.write(f"shailoo: error: {e}\n")
        return e.exit_code
