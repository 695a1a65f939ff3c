"""``pdf_columns.read_page`` (PDFium's characters in numpy columns) against ``pdf._read_page`` (the
same characters as pdfplumber-shaped dicts, read one by one): identical pages — lines, cells, pieces,
to the last bit of every float — on random pages built to hit every rule the reader applies:
tables with merged cells, slots no cell covers, framed paragraphs, frames around tables, nested
tables, characters clipped at a border or overflowing their cell, fake bold (a glyph painted twice),
spaces and no-break spaces, wide gaps (tabs), ligatures, bold fonts, equal positions (stable sorts).
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from shailoo.parsers.read import pdf as P
from shailoo.parsers.read.pdf_fast import Chars

ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөүABCabc0123456789.,;:-–«»()№" + "ﬁﬂ"
FONTS = ["LiberationSerif", "LiberationSerif-Bold", "DejaVuSans", "Arial-BoldMT", "TimesNewRoman"]


def columns(chars: list[dict]) -> Chars:
    """The dicts as ``pdf_fast.Chars`` (what PDFium's reading gives)."""
    names = sorted({c["fontname"] for c in chars})
    text = "".join(c["text"] for c in chars)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()

    def col(key: str) -> np.ndarray:
        return np.array([c[key] for c in chars], dtype=np.float64)

    return Chars(text, codes, col("x0"), col("x1"), col("top"), col("bottom"), col("size"),
                 np.array([names.index(c["fontname"]) for c in chars], dtype=np.intp), names)


def q(rng: random.Random, lo: float, hi: float) -> float:
    """A position, often on a half-point grid (equal positions exercise the stable sorts)."""
    v = rng.uniform(lo, hi)
    return round(v * 2) / 2 if rng.random() < 0.5 else v


def random_table(rng: random.Random, x0: float, top: float) -> list[tuple]:
    ncol, nrow = rng.randint(1, 4), rng.randint(1, 5)
    xs = [x0]
    for _ in range(ncol):
        xs.append(xs[-1] + q(rng, 30, 160))
    ys = [top]
    for _ in range(nrow):
        ys.append(ys[-1] + q(rng, 12, 60))
    cells, taken = [], set()
    for r in range(nrow):
        for c in range(ncol):
            if (r, c) in taken:
                continue
            if rng.random() < 0.08:
                continue  # a slot no ruled cell covers
            c1 = c + 1
            while c1 < ncol and rng.random() < 0.2 and (r, c1) not in taken:
                c1 += 1
            r1 = r + 1 if rng.random() < 0.85 else min(nrow, r + 2)
            for rr in range(r, r1):
                for cc in range(c, c1):
                    taken.add((rr, cc))
            cells.append((xs[c], ys[r], xs[c1], ys[r1]))
    if rng.random() < 0.1:
        cells.append(cells[0])  # a cell given twice
    rng.shuffle(cells)
    return cells


def random_line(rng: random.Random, x: float, baseline: float, chars: list[dict]) -> None:
    size = rng.choice([6.0, 8.0, 9.5, 10.0, 12.0, 14.0])
    font = rng.choice(FONTS)
    for _ in range(rng.randint(1, 30)):
        r = rng.random()
        if r < 0.15:
            ch = rng.choice(" \u00a0 ")
        else:
            ch = rng.choice(ALPHABET)
        w = size * rng.uniform(0.2, 0.7)
        top = baseline - size + (rng.uniform(-0.4, 0.4) if rng.random() < 0.2 else 0.0)
        if rng.random() < 0.05:
            font = rng.choice(FONTS)  # a font change inside the line
        c = {"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size, "fontname": font,
             "upright": True}
        chars.append(c)
        if ch.strip() and rng.random() < 0.04:  # fake bold: the same glyph again, a little to the right
            chars.append(dict(c, x0=x + 0.3, x1=x + w + 0.3))
        gap = rng.choice([0.0, 0.0, 0.0, 0.1, size * 0.3, size * 5.0]) if rng.random() < 0.3 else 0.0
        x += w + gap


def random_page(seed: int) -> tuple[list[dict], list[list[tuple]]]:
    rng = random.Random(seed)
    tables = []
    for t in range(rng.choice([0, 1, 1, 2])):
        x0, top = q(rng, 20, 80), q(rng, 40 + 350 * t, 120 + 350 * t)
        cells = random_table(rng, x0, top)
        if not cells:
            continue
        tables.append(cells)
        if rng.random() < 0.15:  # a frame around the table (or a table inside a cell)
            bx0, btop = min(c[0] for c in cells), min(c[1] for c in cells)
            bx1, bbottom = max(c[2] for c in cells), max(c[3] for c in cells)
            if rng.random() < 0.5:
                tables.append([(bx0 - 5, btop - 5, bx1 + 5, bbottom + 5)])
            else:
                tables.append([(bx0 + 2, btop + 2, bx0 + 20, btop + 10),
                               (bx0 + 20, btop + 2, bx0 + 40, btop + 10)])
    if rng.random() < 0.2:  # a framed paragraph
        tables.append([(q(rng, 20, 100), 700.0, q(rng, 300, 500), 740.0)])
    chars: list[dict] = []
    for _ in range(rng.randint(0, 60)):
        if tables and rng.random() < 0.7:
            cells = rng.choice(tables)
            x0, top, x1, bottom = rng.choice(cells)
            # inside the cell, or across its border (clipped or overflowing text)
            x = q(rng, x0 - 10, x1 - 5) if rng.random() < 0.2 else q(rng, x0 + 1, max(x0 + 1.5, x1 - 10))
            if rng.random() < 0.2:
                baseline = q(rng, top + 4, bottom + 8)
            else:
                baseline = q(rng, top + 10, max(top + 10.5, bottom - 1))
        else:
            x, baseline = q(rng, 10, 500), q(rng, 10, 790)
        random_line(rng, x, baseline, chars)
    if rng.random() < 0.3:
        rng.shuffle(chars)  # not in reading order
    return chars, tables


@pytest.mark.parametrize("seed", range(300))
def test_columns_read_the_page_as_dicts(seed):
    chars, tables = random_page(seed)
    if not chars:
        pytest.skip("no characters")
    ref = P._read_page(3, 595.0, 842.0, chars, tables)
    fast = P._read_page(3, 595.0, 842.0, columns(chars), tables)
    assert fast == ref


def test_every_rule_is_exercised():
    """The random pages do hit the rare paths (so the comparison above means something)."""
    tabs = fake_bold = boxes = stray = overflow = 0
    for seed in range(300):
        chars, tables = random_page(seed)
        if not chars:
            continue
        page = P._read_page(1, 595.0, 842.0, chars, tables)
        lines = page.lines + [ln for p in page.pieces for ln in p.box_lines]
        tabs += any(ln.tabbed for ln in lines)
        boxes += any(p.is_box for p in page.pieces)
        stray += any(c.r1 - c.r0 == 1 and c.c1 - c.c0 == 1 for p in page.pieces for c in p.cells)
        texts = [c["text"] for c in chars]
        fake_bold += any(a == b and a.strip() for a, b in zip(texts, texts[1:]))
        overflow += len(chars) > sum(len(ln.text) for ln in lines)
    assert min(tabs, fake_bold, boxes, stray, overflow) > 5, (tabs, fake_bold, boxes, stray, overflow)


def test_fallback_lines_match_make_line():
    # A line with a glyph painted twice is read by ``_make_line`` itself.
    chars = [
        {"text": ch, "x0": 10.0 + 6 * i + dx, "x1": 16.0 + 6 * i + dx, "top": 100.0, "bottom": 110.0, "size": 10.0,
         "fontname": "F-Bold"}
        for i, ch in enumerate("Bold") for dx in (0.0, 0.3)
    ]
    ref = P._read_page(1, 595.0, 842.0, chars, [])
    assert [ln.text for ln in ref.lines] == ["Bold"]
    assert P._read_page(1, 595.0, 842.0, columns(chars), []) == ref
