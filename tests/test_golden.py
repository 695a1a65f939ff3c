"""Golden files: every fixture document → its expected JSON in tests/golden/.

A change in output shows up as a diff to review; regenerate with ``pytest --update-golden``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import shailoo
from conftest import FIXTURES, ROOT, rel

GOLDEN = ROOT / "tests" / "golden"
#: Scanned fixtures are read by OCR, whose exact output depends on the Tesseract version and models:
#: they are held to accuracy thresholds (tests/test_ocr.py, benchmarks/bench_ocr.py), not to a golden file.
OCR_FIXTURES = {"seed001_scanned.pdf", "seed001_mixed.pdf"}
DOCS = sorted(
    p for sub in ("text", "docx", "pdf", "html") if (FIXTURES / sub).is_dir()
    for p in (FIXTURES / sub).iterdir()
    if p.suffix in (".txt", ".docx", ".pdf", ".html") and p.name not in OCR_FIXTURES
)


@pytest.mark.parametrize("path", DOCS, ids=[rel(p) for p in DOCS])
def test_golden(path: Path, update_golden: bool):
    doc = shailoo.parse(path, display_path=rel(path))
    got = json.loads(doc.to_json())
    target = GOLDEN / (rel(path).replace("/", "__") + ".json")
    if update_golden or not target.exists():
        target.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"golden file {target.name} was missing and has been written; review and commit it")
    expected = json.loads(target.read_text(encoding="utf-8"))
    assert got == expected, f"output differs from {target.name}; run pytest --update-golden and review the diff"
