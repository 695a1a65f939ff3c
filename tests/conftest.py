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

# The tests expect the outputs' default language, Russian, whatever this machine's locale is (the default
# follows SHAILOO_LANG, then the locale: shailoo.settings.default_lang); tests of that choice set their own.
os.environ["SHAILOO_LANG"] = "ru"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden") or os.environ.get("SHAILOO_UPDATE_GOLDEN"))


def rel(path: Path) -> str:
    """The path as the golden files show it: relative to the project root, with forward slashes."""
    return Path(path).resolve().relative_to(ROOT).as_posix()


# --------------------------------------------------------------------------- a real browser (HTML reports)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = ("run `bash .ci/run` (it installs the test dependencies), or `pip install playwright` and "
                "`apt-get install chromium`; never `playwright install`")


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by playwright; fails (never skips) when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - CI has it
        pytest.fail(f"Python playwright is not installed: {INSTALL_HINT}", pytrace=False)
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: {INSTALL_HINT}"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
