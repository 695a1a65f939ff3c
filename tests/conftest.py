"""Shared test helpers: paths of the fixtures and the golden-file switch.

Regenerate golden files with ``pytest --update-golden`` (or ``SHAILOO_UPDATE_GOLDEN=1``), then read
the diff (``git diff tests/golden``) before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden") or os.environ.get("SHAILOO_UPDATE_GOLDEN"))


def rel(path: Path) -> str:
    """The path as the golden files show it: relative to the project root, with forward slashes."""
    return Path(path).resolve().relative_to(ROOT).as_posix()
