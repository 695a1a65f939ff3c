"""Findings on rows read by OCR say so, and a doubtful cell never turns a misread into an ``error``."""

from __future__ import annotations

from conftest import FIXTURES
import shailoo
from shailoo.rules.check import check
from shailoo.model import OcrInfo


def _doc(tmp_path, ocr: OcrInfo | None):
    text = (FIXTURES / "text" / "seed001.txt").read_text(encoding="utf-8")
    text = text.replace("(до 20 августа 2022 года)", "(до 31 сентября 2022 года)", 1)
    p = tmp_path / "plan.txt"
    p.write_text(text, encoding="utf-8")
    doc = shailoo.parse(p)
    target = next(a for a in doc.activities if "31 сентября" in (a.cells.get("term") or ""))
    target.ocr = ocr
    return doc, target


def _finding(doc, target, lang="ru"):
    [f] = [f for f in check(doc, lang=lang).findings if f.rule == "date-invalid"]
    assert f.activity == (target.number or "").rstrip(".")
    return f


def test_text_rows_unchanged(tmp_path):
    doc, target = _doc(tmp_path, None)
    f = _finding(doc, target)
    assert f.severity == "error" and "со скана" not in f.message and "ocr_confidence" not in f.details


def test_confident_ocr_row_keeps_the_error_but_says_ocr(tmp_path):
    doc, target = _doc(tmp_path, OcrInfo(confidence=0.93, cells={"term": 0.93, "content": 0.97}))
    f = _finding(doc, target, "en")
    assert f.severity == "error"
    assert "read by OCR" in f.message and "93%" in f.message
    assert f.details["ocr_confidence"] == 0.93 and f.details["ocr_low_confidence"] is False


def test_doubtful_ocr_cell_lowers_the_error_to_a_warning(tmp_path):
    doc, target = _doc(tmp_path, OcrInfo(confidence=0.41, cells={"term": 0.41, "content": 0.95},
                                         low_confidence=["term"]))
    f = _finding(doc, target)
    assert f.severity == "warning" and f.details["severity_lowered_from"] == "error"
    assert "распознан со скана" in f.message and "41%" in f.message


def test_doubtful_other_cell_keeps_the_error(tmp_path):
    doc, target = _doc(tmp_path, OcrInfo(confidence=0.41, cells={"term": 0.9, "content": 0.41},
                                         low_confidence=["content"]))
    f = _finding(doc, target, "ky")
    assert f.severity == "error" and "сканерден таанылган" in f.message and "90%" in f.message
