"""``shailoo check --format pdf``: the reviewed draft printed to PDF by LibreOffice, every Word comment kept
as a PDF note (issue 19: «a PDF of the reviewed draft that keeps the comments»)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shailoo.cli import main
from tests.test_serve import comments, pdf_notes

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = ROOT / "fixtures" / "docx" / "seed001_defects.docx"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                reason="LibreOffice is not installed")


def test_pdf_keeps_every_comment_of_the_reviewed_docx(tmp_path, capsys):
    pdf, word = tmp_path / "review.pdf", tmp_path / "review.docx"
    assert main(["check", str(DEFECTS), "-f", "pdf", "-o", str(pdf), "--lang", "ru"]) == 1  # errors found
    err = capsys.readouterr().err
    assert str(pdf) in err  # the command says where it wrote
    assert main(["check", str(DEFECTS), "-f", "docx", "-o", str(word), "--lang", "ru"]) == 1
    notes = [text for kind, text in pdf_notes(pdf) if kind == 1]  # Text annotations
    expected = comments(word)
    assert len(expected) == 12
    squash = lambda s: " ".join(s.split())  # noqa: E731 — LibreOffice joins a comment's paragraphs
    assert sorted(map(squash, notes)) == sorted(map(squash, expected))


def test_pdf_of_a_pdf_is_refused(tmp_path, capsys):
    src = ROOT / "fixtures" / "pdf" / "seed001.pdf"
    assert main(["check", str(src), "-f", "pdf", "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "seed001.pdf" in err[0]
