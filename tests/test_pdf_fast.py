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
from test_pdf_reader import CELLS, GRID, hand_pdf, lo_docs, text_op  # noqa: F401 (lo_docs: a fixture)
from tests.conftest import FIXTURES

PDF_FIXTURES = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if "scanned" not in p.name) + sorted(
    (FIXTURES / "wild" / "pdf").glob("*.pdf"))


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
    if "wild" not in path.parts:  # some wild documents are not plans
        assert len(fast.activities) > 0


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_fixture_blocks_identical(path):
    fast = read_pdf(str(path), ocr="never")
    ref = read_pdf(str(path), ocr="never", engine="pdfplumber")
    assert blocks(fast) == blocks(ref)


def test_libreoffice_plan_identical(lo_docs):
    """The plan test_pdf_reader prints with LibreOffice (a table over many pages, merged rows, running
    lines), and the same plan with an owner password."""
    for key in ("pdf", "owner_only"):
        path = str(lo_docs[key])
        assert blocks(read_pdf(path, ocr="never")) == blocks(read_pdf(path, ocr="never", engine="pdfplumber"))
        source = sources(Path(path))
        assert source.fallbacks == {} and source.fast_pages == list(range(1, source.n_pages + 1))


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
                assert _printed(fast.chars.dicts()) == _printed(chars), f"page {i + 1}"
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


# --------------------------------------------------------------------------------------------------
# The cell grid: pdf_fast's table finder against pdfplumber's TableFinder on the same edges


class _EdgesPage:
    """What pdfplumber's ``TableFinder`` reads of a page under the ``lines`` strategies."""

    def __init__(self, edges: list[dict]):
        self.edges = edges
        self.bbox = (0, 0, 10_000, 10_000)


def plumber_tables(edges: list[tuple]) -> list[list[tuple]]:
    from pdfplumber.table import TableFinder

    from shailoo.parsers.read.pdf_settings import TABLE_SETTINGS

    dicts = [dict(zip(("x0", "x1", "top", "bottom", "width", "height", "orientation"), e), object_type="line")
             for e in edges]
    return [sorted(t.cells) for t in TableFinder(_EdgesPage(dicts), TABLE_SETTINGS).tables]


def fast_tables(edges: list[tuple]) -> list[list[tuple]]:
    return [sorted(t) for t in pdf_fast.find_tables(edges)]


def h_edge(x0: float, x1: float, y: float) -> tuple:
    return (min(x0, x1), max(x0, x1), y, y, abs(x1 - x0), 0, "h")


def v_edge(x: float, top: float, bottom: float) -> tuple:
    return (x, x, min(top, bottom), max(top, bottom), 0, abs(bottom - top), "v")


def random_edges(seed: int) -> list[tuple]:
    """Ruled tables as producers draw them: rules cut into pieces (some touching, some apart), drawn
    twice or slightly off (within and beyond the snap tolerance), missing borders, short ticks,
    slanted lines and curves, page borders; positions often on a grid (equal values)."""
    import random

    rng = random.Random(seed)

    def pos(lo: float, hi: float) -> float:
        v = rng.uniform(lo, hi)
        return round(v * 4) / 4 if rng.random() < 0.6 else v

    edges: list[tuple] = []
    for t in range(rng.randint(1, 3)):
        x = pos(20, 60)
        xs = [x]
        for _ in range(rng.randint(1, 5)):
            xs.append(xs[-1] + rng.choice([pos(0.5, 4), pos(20, 150), pos(20, 150)]))
        y = pos(30 + 250 * t, 60 + 250 * t)
        ys = [y]
        for _ in range(rng.randint(1, 6)):
            ys.append(ys[-1] + rng.choice([pos(0.5, 4), pos(10, 60), pos(10, 60)]))

        def jitter(v: float) -> float:
            return v + (rng.choice([-1, 1]) * pos(0.1, 4.5) if rng.random() < 0.15 else 0.0)

        for yy in ys:
            if rng.random() < 0.1:
                continue
            a = xs[0]
            while a < xs[-1]:
                b = min(xs[-1], a + pos(15, 400))
                edges.append(h_edge(jitter(a) - (pos(0, 3) if rng.random() < 0.3 else 0), jitter(b), jitter(yy)))
                if rng.random() < 0.1:
                    edges.append(edges[-1])  # drawn twice
                a = b + (pos(0, 6) if rng.random() < 0.4 else 0.0)
        for xx in xs:
            if rng.random() < 0.1:
                continue
            a = ys[0]
            while a < ys[-1]:
                b = min(ys[-1], a + pos(8, 300))
                edges.append(v_edge(jitter(xx), jitter(a), jitter(b) + (pos(0, 3) if rng.random() < 0.3 else 0)))
                a = b + (pos(0, 6) if rng.random() < 0.4 else 0.0)
    for _ in range(rng.randint(0, 6)):
        x, y = pos(0, 600), pos(0, 800)
        kind = rng.random()
        if kind < 0.3:
            edges.append(h_edge(x, x + pos(0, 5), y))  # ticks, some shorter than the minimum
        elif kind < 0.5:
            edges.append(v_edge(x, y, y + pos(0, 5)))
        elif kind < 0.7:  # a slanted line: pdfplumber calls it vertical
            x1, y1 = x + pos(1, 50), y + pos(1, 50)
            edges.append((x, x1, y, y1, x1 - x, y1 - y, "v"))
        else:  # a curve's segment
            edges.append((x, x + 10, y, y + 7, 10, 7, None))
    if rng.random() < 0.2:  # a frame around everything
        edges += [h_edge(5, 590, 5), h_edge(5, 590, 830), v_edge(5, 5, 830), v_edge(590, 5, 830)]
    rng.shuffle(edges)
    return edges


@pytest.mark.parametrize("seed", range(400))
def test_table_finder_is_pdfplumbers(seed):
    edges = random_edges(seed)
    assert fast_tables(edges) == plumber_tables(edges)


def test_random_edges_make_tables():
    """The random edges above do make tables, merged cells and several tables per page."""
    counts = [len(fast_tables(random_edges(seed))) for seed in range(400)]
    assert sum(c > 0 for c in counts) > 300 and sum(c > 1 for c in counts) > 50


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_fixture_table_finder_is_pdfplumbers(path):
    doc = pdf_fast.open_document(str(path))
    try:
        for i in range(len(doc)):
            page = doc.pdf[i]
            try:
                height = page.get_mediabox()[3] - page.get_mediabox()[1]
                edges = pdf_fast._objects(page, height, doc, i)[3]
            finally:
                page.close()
            assert fast_tables(edges) == plumber_tables(edges), f"page {i + 1}"
    finally:
        doc.close()


def test_pages_are_closed_as_they_are_read(tmp_path, monkeypatch):
    """Memory stays flat: PDFium's page and text page are closed before the next page is loaded."""
    import pypdfium2 as pdfium

    events: list[str] = []
    page_close, text_close = pdfium.PdfPage.close, pdfium.PdfTextPage.close

    def traced_page_close(self, *a, **k):
        events.append("page closed")
        return page_close(self, *a, **k)

    def traced_text_close(self, *a, **k):
        events.append("text closed")
        return text_close(self, *a, **k)

    monkeypatch.setattr(pdfium.PdfPage, "close", traced_page_close)
    monkeypatch.setattr(pdfium.PdfTextPage, "close", traced_text_close)
    path = tmp_path / "three.pdf"
    path.write_bytes(hand_pdf([GRID + CELLS] * 3))
    doc = pdf_fast.open_document(str(path))
    try:
        for i in range(3):
            pdf_fast.load_page(doc, i)
            assert events == ["text closed", "page closed"] * (i + 1)
    finally:
        doc.close()


# --------------------------------------------------------------------------------------------------
# Text objects of characters: asked at the ends of each stretch of one baseline, bisected between


def fake_text_page(seed: int):
    """Handles and baselines of a page's characters, object after object (as PDFium lays them out):
    objects of one to twelve characters, several on one baseline (a bold word in a line, the cells of
    a table row), sometimes an object on the baseline of the one before it."""
    import random

    rng = random.Random(seed)
    handles: list[int] = []
    ys: list[float] = []
    y = 800.0
    for obj in range(rng.randint(1, 60)):
        if rng.random() < 0.6:
            y = rng.choice([y, y - 12.0, 800.0 - 12 * rng.randint(0, 40)])
        for _ in range(rng.randint(1, 12)):
            handles.append(1000 + obj)
            ys.append(y)
    return handles, ys


@pytest.mark.parametrize("seed", range(200))
def test_runs_of_text_objects(seed, monkeypatch):
    import numpy as np

    handles, ys = fake_text_page(seed)
    calls = []

    def get_object(tp, k):
        calls.append(k)
        return handles[k]

    monkeypatch.setattr(pdf_fast, "_GetTextObject", get_object)
    objects = {h: pdf_fast._TextObj(f"F{h}", 10.0, -2.0) for h in set(handles)}
    keep = list(range(len(handles)))
    codes = np.full(len(keep), ord("a"), dtype=np.uint32)
    expected = [(k, objects[h]) for k, h in enumerate(handles) if k == 0 or handles[k - 1] != h]
    assert pdf_fast._runs(None, keep, np.array(ys), objects, codes, None) == expected
    assert len(calls) <= len(handles)
    # With the objects' baselines (``_objects``): a stretch on the baseline of one object only is
    # asked once.
    baselines: dict = {}
    for h, y in dict(zip(handles, ys)).items():
        baselines[y] = h if y not in baselines else None
    asked = len(calls)
    assert pdf_fast._runs(None, keep, np.array(ys), objects, codes, None, baselines) == expected
    assert len(calls) - asked <= asked


def test_runs_right_to_left_ask_every_character(monkeypatch):
    """PDFium reorders right-to-left text across objects: an object's characters may be apart."""
    import numpy as np

    handles = [1, 1, 2, 1, 3, 3]
    monkeypatch.setattr(pdf_fast, "_GetTextObject", lambda tp, k: handles[k])
    objects = {h: pdf_fast._TextObj(f"F{h}", 10.0, -2.0) for h in set(handles)}
    codes = np.array([ord(c) for c in "אבגדהו"], dtype=np.uint32)
    runs = pdf_fast._runs(None, list(range(6)), np.full(6, 700.0), objects, codes, None)
    assert [(s, info.fontname) for s, info in runs] == [(0, "F1"), (2, "F2"), (3, "F1"), (4, "F3")]


def test_runs_report_text_of_unknown_objects(monkeypatch):
    import numpy as np

    monkeypatch.setattr(pdf_fast, "_GetTextObject", lambda tp, k: [1, 1, 9][k])
    objects = {1: pdf_fast._TextObj("F1", 10.0, -2.0)}
    with pytest.raises(pdf_fast.Unsupported, match="form XObject"):
        pdf_fast._runs(None, [0, 1, 2], np.full(3, 700.0), objects, np.full(3, 97, dtype=np.uint32), None)
