"""The API is typed for its users: ``mypy --strict`` passes on examples/research.py, and sees the types.

mypy is run against the wheel built from this checkout and installed with ``pip install --target`` into a
temporary folder (on ``PYTHONPATH``), as a user's installed package with ``py.typed``: the editable
install maps ``shailoo.parsers`` … to the checkout's top-level folders through an import hook that a type
checker does not run. The example itself and the README's «From Python» block are run too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "research.py"

pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The wheel of this checkout, installed (without dependencies) into a folder of its own."""
    out = tmp_path_factory.mktemp("typed")
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # a module left there by an earlier layout
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                        "-w", str(out / "wheel"), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    (wheel,) = (out / "wheel").glob("shailoo-*.whl")
    assert "shailoo/py.typed" in zipfile.ZipFile(wheel).namelist()
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--disable-pip-version-check",
                        "--target", str(out / "site"), str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return out / "site"


def _mypy(site: Path, script: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
                           str(cwd / ".mypy_cache"), str(script)], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=600)


def test_mypy_strict_passes_on_the_example(site, tmp_path):
    r = _mypy(site, EXAMPLE, tmp_path)  # run outside the checkout: its shailoo/ must not be found
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout


def test_mypy_sees_the_types(site, tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "import shailoo\n"
        "doc = shailoo.parse('plan.docx', ocr='sometimes')\n"
        "title: int = doc.document.title\n"
        "reveal_type(shailoo.check(doc))\n"
        "reveal_type(shailoo.track('t.duckdb').status(as_of='01.02.2025'))\n"
        "reveal_type(shailoo.parse_many('archive/').to_polars())\n", encoding="utf-8")
    r = _mypy(site, wrong, tmp_path)
    assert r.returncode == 1
    assert re.search(r'wrong.py:2: error: Argument "ocr" to "parse" has incompatible type', r.stdout), r.stdout
    assert re.search(r'wrong.py:3: error: Incompatible types in assignment \(expression has type "str \| None"',
                     r.stdout), r.stdout
    assert 'Revealed type is "shailoo.rules.findings.FindingsReport"' in r.stdout
    assert 'Revealed type is "shailoo.apps.track.models.TrackingStatus"' in r.stdout
    assert 'Revealed type is "polars.dataframe.frame.DataFrame"' in r.stdout


def test_the_example_runs(tmp_path):
    r = subprocess.run([sys.executable, str(EXAMPLE), str(tmp_path)], capture_output=True, text=True, cwd=ROOT,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    # seed 001: a calendar plan for 9 October 2022; seed 003 with the report of 20.01.2024: on 01.06.2024
    # 6 of its 23 measures are done (fixtures/track/expected.yaml)
    assert "calendar_plan 2022-10-09" in r.stdout
    assert "8 converted, 0 failed, exit code 0" in r.stdout
    assert "6 of 23 measures done on 2024-06-01" in r.stdout
    assert r.stderr == ""


def _readme_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the «From Python» section holds one python block"
    return blocks[0]


def test_the_readme_block_runs(tmp_path):
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")  # its paths are the repository's; its files land here
    code = _readme_block() + "\nassert (status.totals.done, status.totals.measures) == (6, 23)\n" \
                             "assert doc.document.election_day.isoformat() == '2022-10-09'\n" \
                             "assert run.exit_code == 0 and run.ok == 8\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "archive.duckdb").is_file() and (tmp_path / "council.duckdb").is_file()
