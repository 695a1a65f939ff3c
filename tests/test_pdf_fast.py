"""The fast PDF path (PDFium, ``shailoo.parsers.read.pdf_fast``) against the reference (pdfplumber).

Every PDF fixture and a set of hand-made PDFs covering what the reader undoes (clipping, crop box,
merged cells, framed paragraphs, running lines, page breaks, fake bold, ligatures, rectangles,
curves, rotated text, forms) must give identical documents through ``engine="auto"`` and
``engine="pdfplumber"``; the fixtures must be read by PDFium on every text page (no silent fallback),
and the pages PDFium cannot read as pdfplumber does must fall back with their reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import shailoo
from shailoo.parsers.read import pdf_fast
from shailoo.parsers.read.pdf import _PageSource, read_pdf
from test_pdf_reader import CELLS, GRID, hand_pdf, text_op
from tests.conftest import FIXTURES

PDF_FIXTURES = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if "scanned" not in p.name)


def blocks(doc) -> list:
    """Everything a reader hands on: the blocks (dataclasses, compared field by field), warnings, pages."""
    return [doc.blocks, doc.warnings, doc.pages, doc.scanned_pages]


def sources(path: Path) -> _PageSource:
    with _PageSource(str(path), "auto") as source:
        for n in range(1, source.n_pages + 1):
            source.load(n)
    return source


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_fixture_activities_identical(path):
    fast = shailoo.parse(path, ocr="never", pdf_engine="auto")
    ref = shailoo.parse(path, ocr="never", pdf_engine="pdfplumber")
    assert fast.model_dump(mode="json") == ref.model_dump(mode="json")
    assert len(fast.activities) > 0


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_fixture_pages_read_by_pdfium(path):
    source = sources(path)
    assert source.fallbacks == {}
    assert source.fast_pages == list(range(1, source.n_pages + 1))


def rotated_header() -> bytes:
    # Column header text turned 90° (as in narrow «№ п/п» columns), beside upright cells.
    return hand_pdf([GRID + CELLS + b"BT /F1 8 Tf 0 1 -1 0 290 60 Tm (Vertical) Tj ET\n"])


HAND_MADE = {
    "grid": lambda: hand_pdf([GRID + CELLS]),
    "clip-and-crop": lambda: hand_pdf(
        [GRID + CELLS + b"q 20 100 130 60 re W n " + text_op(60, 96, "HIDDEN") + b"Q\n"
         + text_op(25, 188, "OUTSIDE") + text_op(25, 20, "Plain text under the table.")],
        cropbox=(0, 0, 300, 180),
    ),
    "merged": lambda: hand_pdf([
        b"0.8 w 20 40 m 280 40 l S 20 100 m 280 100 l S 20 130 m 280 130 l S 20 160 m 280 160 l S "
        b"20 40 m 20 160 l S 280 40 m 280 160 l S 100 40 m 100 130 l S 200 40 m 200 130 l S "
        b"100 70 m 200 70 l S\n"
        + text_op(25, 140, "Section heading") + text_op(25, 110, "No") + text_op(105, 110, "What")
        + text_op(205, 110, "When") + text_op(25, 80, "Tall") + text_op(105, 80, "first")
        + text_op(105, 50, "second") + text_op(205, 80, "later")
    ]),
    "rectangles": lambda: hand_pdf([  # borders drawn as filled thin rectangles, as Word does
        b"0 g 20 40 260 0.8 re f 20 100 260 0.8 re f 20 160 260 0.8 re f "
        b"20 40 0.8 120 re f 150 40 0.8 120 re f 280 40 0.8 120 re f\n" + CELLS
    ]),
    "one-rect-frame": lambda: hand_pdf([b"0.5 w 20 40 260 120 re S 150 40 m 150 160 l S 20 100 m 280 100 l S\n" + CELLS]),
    "curves": lambda: hand_pdf([  # a rounded frame (Bézier corners) around a grid
        GRID + b"0.5 w 15 35 m 285 35 l 290 35 290 40 290 45 c 290 165 l 285 170 l 15 170 l h S\n" + CELLS
    ]),
    "framed-paragraph": lambda: hand_pdf([
        text_op(20, 180, "Heading")
        + b"0.8 w 20 120 m 280 120 l S 20 160 m 280 160 l S 20 120 m 20 160 l S 280 120 m 280 160 l S\n"
        + text_op(25, 135, "A framed note")
    ]),
    "running-lines": lambda: hand_pdf([
        text_op(20, 185, "Calendar plan, draft") + text_op(20, 100, f"Body text of page {n}.")
        + text_op(140, 8, f"- {n} -") for n in range(1, 5)
    ]),
    "paragraphs": lambda: hand_pdf([
        text_op(20, 180, "Short title")
        + text_op(20, 150, "This line is long enough to reach the right edge of")
        + text_op(20, 138, "the text column and wraps.") + text_op(20, 110, "A new paragraph after a gap.")
    ]),
    "page-break-table": lambda: hand_pdf([
        GRID + text_op(25, 140, "No") + text_op(155, 140, "Text") + text_op(25, 80, "1.") + text_op(155, 80, "first"),
        GRID + text_op(25, 140, "No") + text_op(155, 140, "Text") + text_op(155, 80, "second part"),
    ]),
    "fake-bold-and-sizes": lambda: hand_pdf([
        text_op(20, 180, "Bold", 14) + text_op(20.3, 180, "Bold", 14) + text_op(20, 150, "small", 6)
        + text_op(60, 150, "LARGE", 16) + b"BT /F1 10 Tf 2 Tr 20 120 Td (Stroked) Tj ET\n"
        + b"BT /F1 10 Tf 150 Tz 20 100 Td (Wide) Tj ET\n" + b"BT /F1 10 Tf 3 Ts 20 80 Td (Raised) Tj ET\n"
    ]),
    "scaled-text-matrix": lambda: hand_pdf([
        b"q 1.5 0 0 1.5 0 0 cm " + text_op(20, 100, "Scaled by the CTM") + b"Q\n"
        + b"BT /F1 1 Tf 10 0 0 10 20 40 Tm (Size in the matrix) Tj ET\n"
    ]),
    "rotated-text": rotated_header,
}


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_hand_made_identical(tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(HAND_MADE[name]())
    fast = read_pdf(str(path), ocr="never")
    ref = read_pdf(str(path), ocr="never", engine="pdfplumber")
    assert blocks(fast) == blocks(ref)


def test_rotated_text_falls_back_with_reason(tmp_path):
    path = tmp_path / "rot.pdf"
    path.write_bytes(rotated_header())
    source = sources(path)
    assert source.fallbacks == {1: "text that is not upright"} and source.fast_pages == []


def test_upright_hand_made_pages_use_pdfium(tmp_path):
    for name in ("grid", "merged", "rectangles", "curves", "paragraphs", "scaled-text-matrix"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(HAND_MADE[name]())
        source = sources(path)
        assert source.fallbacks == {}, name


def test_damaged_files_are_read_by_pdfplumber(tmp_path):
    # No %%EOF: PDFium would repair it silently; pdfplumber's reading (and its reasons) is kept.
    data = hand_pdf([GRID + CELLS])
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: data.rindex(b"%%EOF")])
    with _PageSource(str(path), "auto") as source:
        assert source._doc is None
    assert blocks(read_pdf(str(path))) == blocks(read_pdf(str(path), engine="pdfplumber"))


def test_unknown_engine_is_refused(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(hand_pdf([CELLS]))
    with pytest.raises(ValueError, match="engine"):
        read_pdf(str(path), engine="fitz")


def test_unsupported_is_an_exception_with_a_reason():
    assert issubclass(pdf_fast.Unsupported, Exception)
    assert str(pdf_fast.Unsupported("rotated page")) == "rotated page"


def _printed(chars: list[dict]):
    from collections import Counter

    return Counter(
        (c["text"], round(c["x0"], 2), round(c["x1"], 2), round(c["top"], 2), round(c["bottom"], 2),
         round(c["size"], 2), c["fontname"].split("+", 1)[-1])
        for c in chars if not c["text"].isspace()
    )


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_fixture_characters_and_cells_match_pdfplumber(path):
    """Below the documents: every printed character has pdfplumber's box, size and font (to 0.01 pt),
    and every ruled cell its box. (Space glyphs may differ: PDFium drops some, e.g. the second of two;
    the reader's gap rule makes the same words of them.)"""
    import pdfplumber

    from shailoo.parsers.read.pdf import _load_page

    doc = pdf_fast.open_document(str(path))
    try:
        with pdfplumber.open(str(path)) as pl:
            for i, page in enumerate(pl.pages):
                fast = pdf_fast.load_page(doc, i)
                chars, tables, has_graphics, image_share = _load_page(page)
                assert _printed(fast.chars) == _printed(chars), f"page {i + 1}"
                cells = [sorted(tuple(round(v, 2) for v in c) for c in t) for t in tables]
                assert [sorted(tuple(round(v, 2) for v in c) for c in t) for t in fast.tables] == cells
                assert fast.has_graphics == has_graphics
                assert fast.image_share == pytest.approx(image_share, abs=1e-3)
    finally:
        doc.close()


def test_cli_pdf_engine_option(tmp_path):
    import json

    from shailoo.cli import main

    pdf = FIXTURES / "pdf" / "seed004.pdf"
    outs = {}
    for engine in ("auto", "pdfplumber"):
        out = tmp_path / f"{engine}.json"
        assert main(["parse", str(pdf), "--pdf-engine", engine, "-o", str(out)]) == 0
        outs[engine] = json.loads(out.read_text(encoding="utf-8"))
    assert outs["auto"] == outs["pdfplumber"]
    assert main(["check", str(pdf), "--pdf-engine", "pdfplumber", "--fail-on", "never"]) == 0
