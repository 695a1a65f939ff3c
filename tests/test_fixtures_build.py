"""Tests of ``fixtures/build.py``: the Word and PDF fixtures are built the way the CEC prints them.

The DOCX test runs the builder (seed 001, no PDF) into a temporary directory and inspects the XML: the
repeated header row, full-width merged section rows, Word automatic numbering in the № column. The PDF
test needs LibreOffice and checks with pdfplumber that a row really is split across a page break.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT
from shailoo.parsers.read.text import read_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BUILD = ROOT / "fixtures" / "build.py"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run_build(out, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, str(BUILD), "--only", "001", "--out", str(out), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def seed_rows(seed: str) -> list[list[str]]:
    doc = read_text(str(FIXTURES / "text" / f"seed{seed}.txt"))
    (table,) = list(doc.tables())
    return [r.texts() for r in table.rows]


def cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(_w("t")))


@pytest.fixture(scope="module")
def docx_001(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixtures_docx")
    run_build(out, "--no-pdf")
    path = out / "docx" / "seed001.docx"
    assert path.exists()
    assert not (out / "pdf").exists()
    with zipfile.ZipFile(path) as zf:
        document = etree.fromstring(zf.read("word/document.xml"))
        numbering = etree.fromstring(zf.read("word/numbering.xml"))
    return path, document, numbering


def test_docx_table_layout(docx_001):
    path, document, _ = docx_001
    rows = seed_rows("001")
    (tbl,) = document.findall(".//w:tbl", NS)
    trs = tbl.findall("w:tr", NS)
    assert len(trs) == len(rows) == 91

    assert tbl.find("w:tblPr/w:tblStyle", NS).get(_w("val")) == "TableGrid"
    # Only the header repeats; no row is kept from breaking across pages.
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
    assert not tbl.findall(".//w:cantSplit", NS)

    n_cols = len(tbl.findall("w:tblGrid/w:gridCol", NS))
    assert n_cols == 4
    sections = 0
    for tr, cells in zip(trs, rows):
        tcs = tr.findall("w:tc", NS)
        if cells[0] and not any(cells[1:]):
            sections += 1
            assert len(tcs) == 1, cells[0]
            assert tcs[0].find("w:tcPr/w:gridSpan", NS).get(_w("val")) == str(n_cols)
            assert cell_text(tcs[0]) == cells[0]
            assert tcs[0].find(".//w:r/w:rPr/w:b", NS) is not None
        else:
            assert len(tcs) == n_cols
            assert all(tc.find("w:tcPr/w:gridSpan", NS) is None for tc in tcs)
    assert sections == 13  # «Информационное обеспечение выборов» … «Повторные выборы»


def test_docx_number_column_is_word_numbering(docx_001):
    _, document, numbering = docx_001
    rows = seed_rows("001")
    trs = document.findall(".//w:tbl/w:tr", NS)
    num_ids = set()
    numbered = 0
    for tr, cells in zip(trs[1:], rows[1:]):
        first = tr.find("w:tc", NS)
        num_pr = first.find("w:p/w:pPr/w:numPr", NS)
        if re.fullmatch(r"\d+\.", cells[0]):
            numbered += 1
            assert num_pr is not None, cells[0]
            assert num_pr.find("w:ilvl", NS).get(_w("val")) == "0"
            num_ids.add(num_pr.find("w:numId", NS).get(_w("val")))
            assert not re.search(r"\d", cell_text(first)), "the number must come from Word, not the text"
        else:
            assert num_pr is None, cells  # sections and the unnumbered preamble row
    assert numbered == 76
    assert len(num_ids) == 1  # one list: 1 … 76 continuous across the section rows

    (num_id,) = num_ids
    (num,) = numbering.xpath("w:num[@w:numId=$n]", namespaces=NS, n=num_id)
    abs_id = num.find("w:abstractNumId", NS).get(_w("val"))
    (abstract,) = numbering.xpath("w:abstractNum[@w:abstractNumId=$a]", namespaces=NS, a=abs_id)
    lvl = abstract.find("w:lvl[@w:ilvl='0']", NS)
    assert lvl.find("w:start", NS).get(_w("val")) == "1"
    assert lvl.find("w:numFmt", NS).get(_w("val")) == "decimal"
    assert lvl.find("w:lvlText", NS).get(_w("val")) == "%1."
    assert num.find("w:lvlOverride", NS) is None


def test_docx_page_and_reproducibility(docx_001, tmp_path):
    import docx

    path, _, _ = docx_001
    doc = docx.Document(str(path))
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert abs(section.page_width.cm - 29.7) < 0.01 and abs(section.page_height.cm - 21.0) < 0.01
    assert 1.4 <= section.left_margin.cm <= 2.01 and 1.4 <= section.top_margin.cm <= 2.01
    assert doc.core_properties.author == "shailoo fixtures"
    assert doc.core_properties.created.year == 2024
    # A second build gives the same bytes.
    run_build(tmp_path, "--no-pdf")
    assert (tmp_path / "docx" / "seed001.docx").read_bytes() == path.read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_rows_split_across_pages(tmp_path):
    import pdfplumber

    run_build(tmp_path, "--pdf")
    pdf_path = tmp_path / "pdf" / "seed001.pdf"
    header = ["№", "Содержание мероприятий", "Сроки исполнения", "Ответственные за исполнение"]
    squash = lambda s: "".join((s or "").split())  # noqa: E731 - PDF cells wrap anywhere
    splits = 0
    with pdfplumber.open(str(pdf_path)) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages[1:]:
            tables = page.extract_tables()
            assert tables, f"page {page.page_number} has no table"
            rows = tables[0]
            assert [squash(c) for c in rows[0]] == [squash(h) for h in header]  # the repeated header
            first = rows[1]
            if not (first[0] or "").strip() and any(c and c.strip() for c in first[1:]):
                splits += 1
    assert splits >= 1
