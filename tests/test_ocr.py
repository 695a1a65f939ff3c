"""Tests of ``shailoo.parsers.read.ocr`` and of OCR in ``shailoo.parsers.read.pdf.read_pdf``.

tesseract with Russian and Kyrgyz must be installed (CI installs ``tesseract-ocr tesseract-ocr-rus
tesseract-ocr-kir``): the tests fail, not skip, without it. The scanned documents are made here from
``fixtures/pdf/seed001.pdf`` (the 11-page calendar plan of 9 October 2022): every page rendered at
200 dpi, turned by a small angle and thresholded to black and white, as an office scanner gives it,
and saved as an image-only PDF; a mixed PDF takes its first pages from that scan and the rest from the
text PDF. Results are compared with the parse of the text PDF itself.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np
import pytest

from conftest import FIXTURES
from shailoo.parsers.read import ocr
from shailoo.parsers.read.blocks import Table
from shailoo.parsers.read.pdf import read_pdf
from shailoo.errors import ConverterMissing, ScannedError

SEED = FIXTURES / "pdf" / "seed001.pdf"
DPI = 200
MIXED_SCANNED = 3  # pages 1-3 of the mixed PDF are scans, 4-11 text


# --------------------------------------------------------------------------------------------------
# Documents


def scan_pdf(src, out, dpi: int = DPI, pages: list[int] | None = None):
    """An image-only PDF of ``src``: each page rendered, turned by up to ±0.25° and made 1-bit."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(src))
    images = []
    try:
        for i in pages if pages is not None else range(len(pdf)):
            grey = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = (0.25, -0.15, 0.1, 0.0)[i % 4]
            turned = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            images.append(turned.point(lambda v: 255 if v > 160 else 0).convert("1"))
    finally:
        pdf.close()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


def parse_raw(raw, path):
    from shailoo.parsers.interpret.document import interpret

    return interpret(raw.finalize(), display_path=str(path))


@pytest.fixture(scope="module")
def reference():
    import shailoo

    return shailoo.parse(SEED)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    path = scan_pdf(SEED, tmp_path_factory.mktemp("ocr") / "seed001_scan.pdf")
    raw = read_pdf(str(path), jobs=2)
    return path, raw, parse_raw(raw, path)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("ocr_mixed")
    scan = scan_pdf(SEED, folder / "head_scan.pdf", pages=list(range(MIXED_SCANNED)))
    out = folder / "seed001_mixed.pdf"
    doc, src_scan, src_text = pdfium.PdfDocument.new(), pdfium.PdfDocument(str(scan)), pdfium.PdfDocument(str(SEED))
    try:
        doc.import_pages(src_scan)
        doc.import_pages(src_text, list(range(MIXED_SCANNED, len(src_text))))
        doc.save(str(out))
    finally:
        for d in (doc, src_scan, src_text):
            d.close()
    raw = read_pdf(str(out))
    return out, raw, parse_raw(raw, out)


def accuracy(reference, got) -> dict[str, float]:
    """Share of the reference activities read right: number, term kind and printed dates; owners."""

    def key(a):
        return re.sub(r"\W", "", a.number or "")

    def term(a):
        if a.term is None:
            return (None, ())
        return (a.term.kind, tuple(p.value for p in (getattr(a.term, "printed", None) or [])))

    def owners(a):
        return [r.id for r in a.responsible]

    ref, out = reference.activities, got.activities
    matcher = SequenceMatcher(None, [key(a) for a in ref], [key(a) for a in out], autojunk=False)
    pairs = {b.a + k: b.b + k for b in matcher.get_matching_blocks() for k in range(b.size)}
    rows = sum(1 for i, a in enumerate(ref) if i in pairs and term(a) == term(out[pairs[i]]))
    own = sum(1 for i, a in enumerate(ref) if i in pairs and owners(a) == owners(out[pairs[i]]))
    return {"rows": rows / len(ref), "owners": own / len(ref)}


# --------------------------------------------------------------------------------------------------
# tesseract


def test_tesseract_with_russian_and_kyrgyz_is_installed():
    ocr.check_tesseract()  # CI installs tesseract-ocr tesseract-ocr-rus tesseract-ocr-kir


def test_parse_tsv_keeps_words_with_their_line():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t500\t100\t-1\t\n"
        "4\t1\t1\t1\t1\t0\t10\t10\t200\t30\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t10\t90\t30\t96.5\tСроки\n"
        "5\t1\t1\t1\t1\t2\t110\t12\t100\t28\t88.25\tисполнения\n"
        "5\t1\t1\t1\t2\t1\t10\t50\t40\t30\t95\t \n"
    )
    words = ocr.parse_tsv(tsv)
    assert [w["text"] for w in words] == ["Сроки", "исполнения"]
    assert words[1]["left"] == 110 and words[1]["conf"] == 88.25
    assert words[0]["line"] == words[1]["line"]


# --------------------------------------------------------------------------------------------------
# Rulings → grid


def ruled_image(xs, ys, merged_rows=(), merged_cols=(), size=(900, 700), thickness=2):
    """A white page with a ruled table: ``merged_rows`` have no inner vertical separators,
    ``merged_cols`` are (column, first row) pairs whose separator below that row is missing."""
    img = np.full(size[::-1], 255, dtype=np.uint8)
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if 0 < r < len(ys) - 1 and (c, r - 1) in merged_cols:
                continue
            img[y:y + thickness, xs[c]:xs[c + 1] + thickness] = 0
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if 0 < c < len(xs) - 1 and r in merged_rows:
                continue
            img[ys[r]:ys[r + 1] + thickness, x:x + thickness] = 0
    return img


def grid_cells(img, dpi=DPI):
    dark = ocr.binarise(img)
    hmask, vmask = ocr.ruling_masks(dark, dpi)
    hsegs, vsegs = ocr.segments(hmask, vmask, dpi)
    return ocr.find_grids(hsegs, vsegs, hmask, vmask, dpi)


def rounded(cells):
    return sorted(tuple(round(v) for v in c) for c in cells)


def test_grid_recovery_with_merged_row_and_merged_column():
    xs, ys = [100, 180, 500, 800], [100, 160, 220, 280, 340, 400]
    # Row 2 is a section row across the full width; column 0 is merged over rows 3 and 4.
    img = ruled_image(xs, ys, merged_rows={2}, merged_cols={(0, 3)})
    # Some text-like ink that must not become rulings: short strokes and a lone underline.
    img[120:140, 200:212] = 0
    img[300:302, 520:560] = 0
    img[600:602, 100:700] = 0
    (cells,) = grid_cells(img)
    c = 1  # the centre of a 2-pixel ruling drawn at y lies at y + 0.5
    expected = [
        (100, 100, 180, 160), (180, 100, 500, 160), (500, 100, 800, 160),
        (100, 160, 180, 220), (180, 160, 500, 220), (500, 160, 800, 220),
        (100, 220, 800, 280),
        (100, 280, 180, 400), (180, 280, 500, 340), (500, 280, 800, 340),
        (180, 340, 500, 400), (500, 340, 800, 400),
    ]
    got = rounded(cells)
    assert len(got) == len(expected)
    for g, e in zip(got, sorted(expected)):
        assert all(abs(a - (b + 0.5)) <= c for a, b in zip(g, e)), (g, e)


def test_two_tables_and_no_table():
    img = ruled_image([100, 300, 500], [100, 200, 300])
    img[450:452, 100:502] = 0  # a second table below: 1 row, 3 columns
    img[550:552, 100:502] = 0
    for x in (100, 200, 350, 500):
        img[450:552, x:x + 2] = 0
    grids = grid_cells(img)
    assert [len(g) for g in grids] == [4, 3]
    blank = np.full((700, 900), 255, dtype=np.uint8)
    blank[300:302, 100:800] = 0  # a signature line alone is no table
    assert grid_cells(blank) == []


def test_skewed_page_is_straightened():
    from PIL import Image

    xs, ys = [100, 180, 500, 800], [100, 160, 220, 280]
    img = ruled_image(xs, ys)
    turned = np.asarray(Image.fromarray(img).rotate(0.4, resample=Image.Resampling.BILINEAR, fillcolor=255))
    dark = ocr.binarise(turned)
    hmask, vmask = ocr.ruling_masks(dark, DPI)
    hsegs, vsegs = ocr.segments(hmask, vmask, DPI)
    angle = ocr.skew_angle(hsegs, vsegs, hmask, vmask, DPI)
    assert abs(angle + 0.4) < 0.08  # rotate(angle) undoes rotate(0.4)
    straight, hmask, vmask, hsegs, vsegs = ocr._straighten(turned, DPI)
    (cells,) = ocr.find_grids(hsegs, vsegs, hmask, vmask, DPI)
    assert len(cells) == 9


# --------------------------------------------------------------------------------------------------
# Words → characters


def test_words_to_chars_geometry():
    words = [
        {"text": "Срок", "left": 100, "top": 100, "width": 80, "height": 30, "conf": 90.0, "line": 1},
        {"text": "до", "left": 200, "top": 108, "width": 40, "height": 28, "conf": 70.0, "line": 1},
        {"text": "1.", "left": 100, "top": 150, "width": 20, "height": 22, "conf": 96.0, "line": 2},
    ]
    chars = ocr.words_to_chars(words, dpi=200)
    k = 72 / 200
    printed = [c for c in chars if c["text"] != " "]
    assert "".join(c["text"] for c in chars) == "Срок до1."
    # A word's box is split evenly: «Срок» is 80 px wide, 20 px a letter.
    assert [round(c["x0"] / k, 6) for c in printed[:4]] == [100, 120, 140, 160]
    assert round(printed[3]["x1"] / k, 6) == 180 and round(printed[5]["x1"] / k, 6) == 240
    assert [c["conf"] for c in printed] == [90.0] * 4 + [70.0] * 2 + [96.0] * 2
    # One line shares top, bottom and size; the next line lies below it.
    first = [c for c in chars if c["text"] in "Срокдо "]
    assert len({(c["top"], c["bottom"], c["size"]) for c in first}) == 1
    assert printed[-1]["top"] > first[0]["top"] + 10 * k
    space = chars[4]
    assert space["text"] == " " and space["x0"] == pytest.approx(180 * k)
    assert all(c["upright"] and "size" in c for c in chars)


def test_no_space_across_a_vertical_ruling():
    words = [
        {"text": "1.", "left": 100, "top": 100, "width": 20, "height": 30, "conf": 90.0, "line": 1},
        {"text": "Текст", "left": 200, "top": 100, "width": 100, "height": 30, "conf": 90.0, "line": 1},
    ]
    chars = ocr.words_to_chars(words, dpi=200, vlines=[(160.0, 50, 200)])
    assert " " not in [c["text"] for c in chars]


# --------------------------------------------------------------------------------------------------
# read_pdf


def test_ocr_never_keeps_scanned_error(tmp_path):
    path = scan_pdf(SEED, tmp_path / "scan.pdf", dpi=100, pages=[0, 1])
    with pytest.raises(ScannedError) as err:
        read_pdf(str(path), ocr="never")
    assert err.value.exit_code == 3 and "(2 pages)" in str(err.value) and str(path) in str(err.value)
    with pytest.raises(ValueError):
        read_pdf(str(path), ocr="sometimes")


def test_missing_tesseract(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    monkeypatch.setattr(ocr, "_available", lambda: "tesseract is not installed")
    scan = scan_pdf(SEED, tmp_path / "scan.pdf", dpi=100, pages=[0])
    with pytest.raises(ConverterMissing) as err:
        read_pdf(str(scan))
    assert err.value.exit_code == 4
    assert "install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kir" in str(err.value)
    out = tmp_path / "mixed.pdf"
    doc, a, b = pdfium.PdfDocument.new(), pdfium.PdfDocument(str(scan)), pdfium.PdfDocument(str(SEED))
    doc.import_pages(a)
    doc.import_pages(b, [1])
    doc.save(str(out))
    for d in (doc, a, b):
        d.close()
    raw = read_pdf(str(out))
    assert raw.ocr_pages == {} and raw.scanned_pages == [1]
    assert any("page(s) 1 " in w and "OCR is not available" in w and "tesseract-ocr-kir" in w for w in raw.warnings)
    assert list(raw.tables())


def test_scanned_seed001(scanned, reference):
    path, raw, doc = scanned
    assert len(doc.activities) == len(reference.activities) == 77
    figures = accuracy(reference, doc)
    assert figures["rows"] >= 0.95 and figures["owners"] >= 0.90, figures
    assert raw.scanned_pages == list(range(1, 12)) and sorted(raw.ocr_pages) == list(range(1, 12))
    assert all(0.8 < c <= 1.0 for c in raw.ocr_pages.values())
    assert any(w.startswith("page(s) 1-11 read by OCR") and "mean confidence 0." in w for w in raw.warnings)
    tables = list(raw.tables())
    assert len(tables) == 1  # one table over eleven pages: pieces joined, header copies dropped
    assert sum(r.header for r in tables[0].rows) == 1
    cells = [c for r in tables[0].rows for c in r.cells if not c.merged and c.text.strip()]
    assert all(c.confidence is not None and 0.0 <= c.confidence <= 1.0 for c in cells)
    assert all(p.confidence is not None for p in raw.paragraphs())


def test_mixed_scanned_and_text_pages(mixed, reference):
    path, raw, doc = mixed
    assert raw.scanned_pages == list(range(1, MIXED_SCANNED + 1))
    assert sorted(raw.ocr_pages) == list(range(1, MIXED_SCANNED + 1))
    tables = [b for b in raw.blocks if isinstance(b, Table)]
    assert len(tables) == 1  # the table runs from the scanned pages into the text pages
    assert len(doc.activities) == 77
    assert [a.number for a in doc.activities] == [a.number for a in reference.activities]
    figures = accuracy(reference, doc)
    assert figures["rows"] >= 0.95 and figures["owners"] >= 0.90, figures
    for row in tables[0].rows:
        pages = {p for p, _ in row.pieces}
        for c in row.cells:
            if c.merged or not c.text.strip():
                continue
            if pages <= set(range(1, MIXED_SCANNED + 1)):
                assert c.confidence is not None
            elif min(pages) > MIXED_SCANNED:
                assert c.confidence is None
