"""The scanned fixtures of the OCR reader (``fixtures/build_scanned.py``, issue 9).

``seed001_scanned.pdf`` is seed 001's text PDF rasterised to image-only pages. ``seed001_mixed.pdf`` has
pages 1–4 from the scan and pages 5–11 from the text PDF. Both are committed and rebuild to the same
bytes.
"""

from __future__ import annotations

import pdfplumber
import pypdfium2 as pdfium
import pytest

from conftest import FIXTURES

PDF = FIXTURES / "pdf"
TEXT = PDF / "seed001.pdf"
SCANNED = PDF / "seed001_scanned.pdf"
MIXED = PDF / "seed001_mixed.pdf"


def _chars(path) -> list[int]:
    with pdfplumber.open(str(path)) as pdf:
        return [len(p.chars) for p in pdf.pages]


@pytest.mark.parametrize("path", [SCANNED, MIXED], ids=lambda p: p.name)
def test_exists_with_11_pages_of_the_original_size(path):
    assert path.is_file()
    assert path.stat().st_size < 3_000_000
    ref = pdfium.PdfDocument(str(TEXT))
    doc = pdfium.PdfDocument(str(path))
    try:
        assert len(doc) == 11
        for i in range(len(doc)):
            assert doc[i].get_size() == pytest.approx(ref[i].get_size(), abs=0.01)
    finally:
        doc.close()
        ref.close()


def test_scanned_has_no_text_layer():
    chars = _chars(SCANNED)
    assert len(chars) == 11
    assert sum(chars) == 0
    doc = pdfium.PdfDocument(str(SCANNED))
    try:  # every page is one image
        for i in range(len(doc)):
            kinds = [obj.type for obj in doc[i].get_objects()]
            assert kinds == [pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    finally:
        doc.close()


def test_mixed_has_text_on_pages_5_to_11_only():
    chars = _chars(MIXED)
    assert [i for i, n in enumerate(chars, 1) if n] == list(range(5, 12))
    text = _chars(TEXT)
    assert chars[4:] == text[4:]  # the text pages are the original ones


def test_rebuild_gives_the_same_bytes(tmp_path):
    from fixtures import build_scanned

    assert build_scanned.main(["--out", str(tmp_path), "--src", str(TEXT)]) == 0
    for committed in (SCANNED, MIXED):
        assert (tmp_path / committed.name).read_bytes() == committed.read_bytes(), (
            f"{committed.name} differs from a rebuild: run python fixtures/build_scanned.py and commit the result")
