"""The distribution holds ``shailoo`` alone, and a regular (non-editable) install works from any folder,
beside PyPI's ``rules`` (django-rules) and with a ``cli.py`` and a ``rules/`` in the working folder.

The wheel is built from this checkout and installed with ``pip install --target`` into a temporary
folder put first on ``PYTHONPATH``; the dependencies come from the test environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # setuptools builds in the checkout's build/: a module left there by an earlier layout would be
    # packed into this wheel too.
    import shutil

    shutil.rmtree(ROOT / "build", ignore_errors=True)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                        "--disable-pip-version-check", "-w", str(out), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    (w,) = out.glob("shailoo-*.whl")
    return w


def _django_rules(dest: Path) -> Path:
    """PyPI's ``rules`` wheel when the registry answers, else a package of the same name made here."""
    r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "--disable-pip-version-check",
                        "-d", str(dest), "rules==3.5"], capture_output=True, text=True, timeout=120)
    found = list(dest.glob("rules-*.whl"))
    if r.returncode == 0 and found:
        return found[0]
    pkg = dest / "stand_in" / "rules"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("STAND_IN = True\n")
    return pkg


def test_the_wheel_holds_shailoo_alone(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"shailoo"}
    for must in ("shailoo/cli.py", "shailoo/parsers/read/docx.py", "shailoo/rules/engine.py",
                 "shailoo/outputs/templates/report.html.j2", "shailoo/apps/track/templates/track.html.j2",
                 "shailoo/corpus/lang/ru.yaml", "shailoo/corpus/messages/ky/common.yaml",
                 "shailoo/corpus/schema/document.schema.json", "shailoo/py.typed"):
        assert must in names, must
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "shailoo = shailoo.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_a_regular_install_works_from_another_folder_beside_django_rules(wheel, tmp_path):
    target = tmp_path / "site"
    other = _django_rules(tmp_path / "dl")
    if other.suffix == ".whl":
        pkgs = [str(wheel), str(other)]
    else:
        pkgs = [str(wheel)]
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--disable-pip-version-check",
                        "--target", str(target), *pkgs], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    if other.suffix != ".whl":
        import shutil

        shutil.copytree(other, target / "rules")
    assert not any((target / n).exists() for n in ("cli.py", "parsers", "corpus", "outputs", "apps"))
    # A working folder that holds a cli.py and a rules/ of its own must not change what runs.
    work = tmp_path / "work"
    (work / "rules").mkdir(parents=True)
    (work / "rules" / "__init__.py").write_text("raise SystemExit('the working folder rules/ was imported')\n")
    (work / "cli.py").write_text("raise SystemExit('the working folder cli.py was imported')\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    fixture = ROOT / "fixtures" / "docx" / "seed001_defects.docx"
    r = subprocess.run([sys.executable, "-m", "shailoo", "check", str(fixture), "-f", "json"], cwd=work, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr[-2000:]  # the planted defects are errors
    report = json.loads(r.stdout)
    assert report["schema"] == "shailoo/findings@1" and len(report["findings"]) == 12
    probe = ("import shailoo, shailoo.rules.engine, rules; "
             "print(shailoo.__file__); print(shailoo.rules.engine.__file__); print(rules.__file__)")
    r = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    ours, engine, theirs = r.stdout.split()
    assert Path(ours).is_relative_to(target) and Path(engine).is_relative_to(target / "shailoo")
    assert Path(theirs).is_relative_to(target / "rules")
