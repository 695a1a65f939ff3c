"""OCR of scanned PDF pages: the characters and ruled-table cells a text layer would give.

``shailoo.parsers.read.pdf`` reads a page with a text layer from pdfplumber's characters and the cells of its
ruled tables. A scanned page has neither; this module makes both from the page image, so that the
reader treats an OCR'd page exactly like a text page (tables joined across pages, repeated headers
dropped, rows split by a page break stitched). For one page:

1. **render** it with pypdfium2 at ``dpi`` into a grey-level numpy array (one page image in memory);
2. **rulings**: binarise (Otsu), keep long horizontal / vertical dark runs and turn them into line
   segments with projection profiles (nearby lines merged: thick, doubled or slightly skewed rules).
   The page is straightened by the rulings' angle when it was scanned askew;
3. **grid**: crossing segments form a table; its cells are the rectangles between consecutive lines,
   slots with no separator drawn between them joined into one merged cell (a section row merged
   across the full width). Cells are ``(x0, top, x1, bottom)`` in PDF points, like pdfplumber's
   ``Table.cells``;
4. **tesseract** (the ``tesseract`` command, Russian + Kyrgyz, TSV output), one call per page: the
   rulings are painted white, every table cell and the text outside the tables are cut out and
   stacked into one image, each region a block of its own. Measured on scans of seed 001 at 200 dpi
   this reads cells better and faster than the whole page with blanked rulings (0.08 % against
   0.12 % wrong characters, 2.5 s against 3.2 s a page on one core): tesseract no longer merges lines
   of side-by-side cells nor invents ``—`` / ``|`` in the gaps between them. Only rulings of tables
   are blanked: a bold serif scan has letter strokes long enough to pass for rulings («тяб» joined at
   the top), and blanking those cut words in half. A character whitelist keeps out letters no CEC
   document uses (``{`` read for ``(``). ``OMP_THREAD_LIMIT=1``: tesseract's own threads make it several
   times slower; callers parallelise over pages instead;
5. **words → chars**: each word box is split evenly into character boxes, in PDF points, each carrying
   ``conf`` (the word's confidence, 0–100). Characters of one line share a top, bottom and font size
   derived from the line's x-height band, so that the reader's line grouping and paragraph logic see
   what a text layer would give.

``ocr_page(path, page_index, dpi)`` is pure (a file name in, plain data out) so that pages can be OCR'd
in worker processes. ``check_tesseract()`` raises ``OcrUnavailable`` when tesseract or a language is
missing.
"""

from __future__ import annotations

import bisect
import csv
import io
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from shailoo.errors import LimitExceeded

#: Languages given to tesseract: Russian and Kyrgyz (Cyrillic with ң, ө, ү).
LANGS = "rus+kir"
#: Languages for a page in Kyrgyz: with Russian among them tesseract reads ө, ү, ң as е, у, н.
KYRGYZ_LANGS = "kir"
#: Rendering resolution for OCR (dots per inch).
DPI = 200
INSTALL_HINT = "install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kir"

# Geometry thresholds, in inches (converted to pixels at the rendering resolution).
_MIN_HLINE = 0.25  # a horizontal ruling is at least this long (longer than any letter stroke or dash)
_MIN_VLINE = 0.20  # a vertical ruling: longer than the tallest letters of ordinary text
_RUN_GAP = 0.012  # gaps this small inside a ruling (scan noise, a broken hairline) are bridged
_MERGE = 0.02  # parallel rulings closer than this are one line (thick or doubled rules)
_TOUCH = 0.03  # a ruling ends this close to another one to be connected to it
_BORDER_SHARE = 0.5  # a separator exists when rulings cover at least this share of the cell side
_BLANK_MARGIN = 0.01  # white painted this far around a ruling before OCR (its noisy edges)
_CELL_INSET = 0.015  # a cell's text is looked for this far inside its rulings
_MOSAIC_GAP = 0.15  # white space between the regions stacked into one image for tesseract
_MIN_SKEW = 0.03  # degrees: a page turned by less is not straightened
_KYRGYZ = set("ҢңӨөҮү")

#: Russian and Kyrgyz letters, Latin letters, digits, space and the punctuation of official texts.
_WHITELIST = (
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяҢңӨөҮү"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    " !\"%()*+,-./:;<=>?@_«»–“”„•№§'’[]"
)

#: Font metrics, in font sizes (em): the x-height of a serif text face, and the ascent above and the
#: descent below the middle of the x-height band (a text layer's character box spans both).
_X_HEIGHT = 0.46
_CAP_HEIGHT = 0.66  # a word in capitals has no x-height band: its dense band is the cap height
_ABOVE_MID = 0.66
_BELOW_MID = 0.45


class OcrUnavailable(RuntimeError):
    """tesseract or one of the languages it needs is not installed (the message says which)."""


@dataclass(slots=True)
class _Seg:
    """A ruling line segment in pixels: ``pos`` across it, ``lo``–``hi`` along it."""

    pos: float
    lo: int
    hi: int
    a: int = 0  # the band across the segment it occupies: [a, b)
    b: int = 0


# --------------------------------------------------------------------------------------------------
# Availability


@lru_cache(maxsize=None)
def _available() -> str | None:
    """``None`` when OCR can run, otherwise the reason it cannot."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed"
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as err:
        return f"tesseract cannot be run ({err})"
    langs = {ln.strip() for ln in (out.stdout + "\n" + out.stderr).splitlines()}
    missing = [lang for lang in LANGS.split("+") if lang not in langs]
    if missing:
        return f"tesseract has no language data for {', '.join(missing)}"
    return None


def check_tesseract() -> None:
    """Raise ``OcrUnavailable`` unless tesseract with Russian and Kyrgyz is installed."""
    reason = _available()
    if reason:
        raise OcrUnavailable(reason)


#: The most processes that OCR one PDF's pages when no number is asked for (``page_workers``).
DEFAULT_PAGE_WORKERS = 4


def page_workers(jobs: int | None) -> int:
    """How many processes OCR the scanned pages of one PDF (``read_pdf``'s ``jobs``) when ``jobs`` are
    asked for: ``jobs``, and ``None`` or 0 one per core this process may run on, at most
    ``DEFAULT_PAGE_WORKERS`` (each holds a page image and a tesseract of 100–200 MB). One (the pages in
    this process, one after the other) in a daemonic process (a ``multiprocessing`` pool's or a Dask
    worker), which may not have children; and by default (``None`` or 0) in a process running other
    threads (a server's): the pool forks this process, and a fork copies the locks other threads hold,
    never to be let go in the child."""
    import multiprocessing  # on call: only deciding on OCR workers needs it
    import threading

    if multiprocessing.current_process().daemon:
        return 1
    if jobs:
        return max(1, jobs)
    if threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, DEFAULT_PAGE_WORKERS))


# --------------------------------------------------------------------------------------------------
# One page


def page_area(width: float, height: float) -> float:
    """The area in square inches of a page ``width`` × ``height`` points (72 points to the inch)."""
    return abs(width * height) / (72.0 * 72.0)


def ocr_page(
    path: str, page_index: int, dpi: int = DPI, max_area: float | None = None
) -> tuple[list[dict], list[list[tuple]], float, float, float | None]:
    """OCR one page: ``(chars, tables, width, height, mean_conf)``, geometry in PDF points.

    ``chars`` are character dicts as pdfplumber gives them (``text``, ``x0``, ``x1``, ``top``,
    ``bottom``, ``size``, ``upright``) plus ``conf`` (0–100); ``tables`` a list of cell lists
    ``(x0, top, x1, bottom)``; ``mean_conf`` the mean confidence (0–1) of the page's characters, ``None``
    when no text was found. Pure: safe to run in a worker process. ``max_area``: see ``render_page``.

    Inside ``elsewhere(path, …)`` a page of ``path`` is not read here: its result is the one given, or
    (collecting) it is noted as asked for and reads as a page without text.
    """
    away = _elsewhere
    if away is not None and path == away.path:
        if page_index in away.given:
            return away.given[page_index]
        if away.collect:
            away.asked.append((page_index, dpi, max_area))
            return [], [], 0.0, 0.0, None
    gray, width, height = render_page(path, page_index, dpi, max_area)
    chars, tables, mean_conf = ocr_image(gray, dpi)
    return chars, tables, width, height, mean_conf


@dataclass
class Elsewhere:
    """The pages of one PDF that are OCR'd by other processes (``elsewhere``): ``given`` page index →
    ``ocr_page``'s result; ``collect``: the other pages are not read but noted in ``asked``
    (``(page_index, dpi, max_area)``, in the order the reader asks for them)."""

    path: str
    given: dict = field(default_factory=dict)
    collect: bool = False
    asked: list = field(default_factory=list)


_elsewhere: Elsewhere | None = None


@contextmanager
def elsewhere(path: str, given: dict | None = None, collect: bool = False):
    """While it is open, ``ocr_page`` of a page of ``path`` (the name as the reader opens it) gives the
    result in ``given`` (page index → ``ocr_page``'s result, computed by another process), and with
    ``collect`` notes the other pages asked for instead of reading them (they read as pages without
    text: what is read then is only good for knowing which pages need OCR). Yields the ``Elsewhere``.
    For ``shailoo convert``, which spreads the pages of one scanned PDF over its worker processes."""
    global _elsewhere
    before = _elsewhere
    _elsewhere = Elsewhere(path, dict(given or {}), collect)
    try:
        yield _elsewhere
    finally:
        _elsewhere = before


def render_page(
    path: str, page_index: int, dpi: int = DPI, max_area: float | None = None
) -> tuple[np.ndarray, float, float]:
    """The page as a grey-level image (uint8, 0 = black) and the page size in points.

    ``max_area`` (square inches, ``shailoo.settings.Limits.max_ocr_page_area``): a larger page raises
    ``LimitExceeded`` before it is rendered (its image would take ``area × dpi²`` bytes and more).
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[page_index]
        try:
            width, height = page.get_size()
            area = page_area(width, height)
            if max_area is not None and area > max_area:
                raise LimitExceeded(path, f"page {page_index + 1} is {area:.0f} square inches to render for OCR",
                                    "max_ocr_page_area", area, max_area)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            try:
                gray = np.array(bitmap.to_pil().convert("L"))
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    return gray, float(width), float(height)


def ocr_image(
    gray: np.ndarray, dpi: int = DPI, mode: str = "cells"
) -> tuple[list[dict], list[list[tuple]], float | None]:
    """Characters, table cells and mean confidence of one page image (see ``ocr_page``).

    ``mode="cells"`` gives tesseract each table cell as a block of its own (one call, the cells stacked
    into one image); ``"page"`` gives it the whole page with the rulings blanked. A page that reads as
    Kyrgyz (``is_kyrgyz``) is read a second time with the Kyrgyz model alone (``KYRGYZ_LANGS``): read
    with Russian and Kyrgyz, tesseract takes most ө, ү, ң for е, у, н; the Kyrgyz model knows no «№»
    and takes digits for letters (3 → З, 8 → 6), so numbers come from the first reading
    (``_merge_numbers``).
    """
    gray, hmask, vmask, hsegs, vsegs = _straighten(gray, dpi)
    grids = find_grids(hsegs, vsegs, hmask, vmask, dpi)
    del hmask, vmask
    scale = 72.0 / dpi
    tables = [[tuple(v * scale for v in cell) for cell in cells] for cells in grids]
    hsegs, vsegs = rulings(hsegs, vsegs, dpi)
    clean = blank_rulings(gray, hsegs, vsegs, dpi)
    del gray
    image, slots = _mosaic(clean, grids, dpi) if mode == "cells" and grids else (clean, None)
    words = _placed(tesseract_words(image, dpi, LANGS), slots)
    if is_kyrgyz(" ".join(w["text"] for w in words)):
        words = _merge_numbers(_placed(tesseract_words(image, dpi, KYRGYZ_LANGS), slots), words)
    del image
    measure_words(clean, words)
    del clean
    vx = [(s.pos, s.lo, s.hi) for s in vsegs]
    chars = words_to_chars(words, dpi, vlines=vx)
    printed = [c["conf"] for c in chars if not c["text"].isspace()]
    mean_conf = (sum(printed) / len(printed) / 100.0) if printed else None
    return chars, tables, mean_conf


# --------------------------------------------------------------------------------------------------
# Rulings → straightened page → table grids


def _straighten(gray: np.ndarray, dpi: int):
    """Deskew the page by the angle of its rulings; return it with its ruling masks and segments."""
    dark = binarise(gray)
    hmask, vmask = ruling_masks(dark, dpi)
    hsegs, vsegs = segments(hmask, vmask, dpi)
    angle = skew_angle(hsegs, vsegs, hmask, vmask, dpi)
    if abs(angle) >= _MIN_SKEW:
        from PIL import Image

        img = Image.fromarray(gray).rotate(
            angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255
        )
        gray = np.asarray(img)
        del img
        dark = binarise(gray)
        hmask, vmask = ruling_masks(dark, dpi)
        hsegs, vsegs = segments(hmask, vmask, dpi)
    return gray, hmask, vmask, hsegs, vsegs


def skew_angle(
    hsegs: list["_Seg"], vsegs: list["_Seg"], hmask: np.ndarray, vmask: np.ndarray, dpi: int
) -> float:
    """The angle (degrees, counter-clockwise corrects it) the page is turned by, from its long rulings.

    Each ruling at least an inch long gets a least-squares line through its pixels' centre line; the
    answer is the length-weighted median over horizontal and vertical rulings. 0 without rulings.
    """
    step = max(1, dpi // 50)
    fits: list[tuple[float, float]] = []  # (tan of the angle, weight)
    for segs, mask, sign in ((hsegs, hmask, 1.0), (vsegs, vmask.T, -1.0)):
        for s in segs:
            if s.hi - s.lo < dpi:
                continue
            band = mask[s.a:s.b, s.lo:s.hi:step]
            count = band.sum(axis=0)
            ok = count > 0
            if ok.sum() < 10:
                continue
            centre = (band * np.arange(s.a, s.b)[:, None]).sum(axis=0)[ok] / count[ok]
            along = np.arange(s.lo, s.hi, step)[: band.shape[1]][ok]
            slope = float(np.polyfit(along, centre, 1)[0])
            fits.append((sign * slope, float(s.hi - s.lo)))
    if not fits:
        return 0.0
    fits.sort()
    half = sum(w for _, w in fits) / 2
    acc = 0.0
    for tan, w in fits:
        acc += w
        if acc >= half:
            return float(np.degrees(np.arctan(tan)))
    return 0.0


def binarise(gray: np.ndarray) -> np.ndarray:
    """Dark pixels (ink) of a grey-level image, by Otsu's threshold."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return np.zeros(gray.shape, dtype=bool)
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    w1 = total - w0
    m0 = np.cumsum(hist * levels)
    mu_t = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu_t * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    thr = int(np.argmax(between))
    if between[thr] == 0:  # a blank (one-level) image
        thr = 127
    return gray <= thr


def _runs(mask: np.ndarray, min_len: int, gap: int) -> np.ndarray:
    """Pixels of horizontal runs of ``mask`` at least ``min_len`` long, gaps up to ``gap`` bridged."""
    rows, cols = mask.shape
    out = np.zeros((rows, cols), dtype=bool)
    # Only rows with enough ink can hold such a run: a run of length L made of ink pieces with gaps of at
    # most ``gap`` between them has at least (L + gap) / (gap + 1) ink pixels. Text lines and blank rows
    # fall out here, and the rest of the work is on the few rows left (the rulings').
    need = -(-(min_len + gap) // (gap + 1))
    cand = np.flatnonzero(np.count_nonzero(mask, axis=1) >= need)
    if cand.size == 0:
        return out
    padded = np.zeros((cand.size, cols + 2), dtype=bool)
    padded[:, 1:-1] = mask[cand]
    sr, sc = np.nonzero(padded[:, 1:] & ~padded[:, :-1])  # where ink pieces start ...
    _, ec = np.nonzero(padded[:, :-1] & ~padded[:, 1:])  # ... and end (row-major: the k-th end closes the k-th start)
    if sr.size == 0:
        return out
    # Bridge small gaps: a piece starts a new run unless it follows a piece of the same row closely.
    new = np.ones(sr.size, dtype=bool)
    new[1:] = (sr[1:] != sr[:-1]) | (sc[1:] - ec[:-1] > gap)
    last = np.ones(sr.size, dtype=bool)  # the last piece of each run: the next one starts a new run
    last[:-1] = new[1:]
    g_row, g_start, g_end = sr[new], sc[new], ec[last]
    keep = g_end - g_start >= min_len
    for r, a, b in zip(cand[g_row[keep]].tolist(), g_start[keep].tolist(), g_end[keep].tolist()):
        out[r, a:b] = True
    return out


def ruling_masks(dark: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Ink pixels lying on long horizontal and on long vertical dark runs.

    Runs are looked for in the ink grown by a pixel across the run direction: a hairline scanned one
    pixel thick zigzags between neighbouring pixel rows (or columns) and has no long run in any one.
    """
    gap = max(1, round(_RUN_GAP * dpi))
    across = dark.copy()
    across[1:] |= dark[:-1]
    across[:-1] |= dark[1:]
    hmask = _runs(across, round(_MIN_HLINE * dpi), gap) & dark
    across = dark.copy()
    across[:, 1:] |= dark[:, :-1]
    across[:, :-1] |= dark[:, 1:]
    vmask = _runs(across.T, round(_MIN_VLINE * dpi), gap).T & dark
    return hmask, vmask


def _bands(profile: np.ndarray, merge: int) -> list[tuple[int, int]]:
    """Index ranges ``[a, b)`` where ``profile`` is non-zero, ranges closer than ``merge`` joined."""
    idx = np.flatnonzero(profile)
    if idx.size == 0:
        return []
    out: list[tuple[int, int]] = []
    a = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > merge:
            out.append((a, prev + 1))
            a = i
        prev = i
    out.append((a, prev + 1))
    return out


def _line_segments(mask: np.ndarray, dpi: int, min_len: int) -> list[_Seg]:
    """Horizontal ruling segments of a run mask: projection bands, then runs along each band."""
    merge = max(1, round(_MERGE * dpi))
    gap = max(2, round(_TOUCH * dpi))
    segs: list[_Seg] = []
    for a, b in _bands(mask.sum(axis=1), merge):
        band = mask[a:b]
        cover = band.any(axis=0)
        weight = band.sum(axis=1).astype(np.float64)
        pos = float((weight * np.arange(a, b)).sum() / max(1.0, weight.sum()))
        for lo, hi in _bands(cover, gap):
            if hi - lo >= min_len:
                segs.append(_Seg(pos, lo, hi, a, b))
    return segs


def segments(hmask: np.ndarray, vmask: np.ndarray, dpi: int) -> tuple[list[_Seg], list[_Seg]]:
    """Horizontal segments (``pos`` = y) and vertical segments (``pos`` = x), in pixels."""
    hsegs = _line_segments(hmask, dpi, round(_MIN_HLINE * dpi))
    vsegs = _line_segments(vmask.T, dpi, round(_MIN_VLINE * dpi))
    return hsegs, vsegs


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted distinct positions: values closer than ``tol`` to their neighbour are one position
    (their mean). Grid lines of a page image here, cell borders of a text page in ``pdf_reader``."""
    out: list[float] = []
    group: list[float] = []
    for v in sorted(values):
        if group and v - group[-1] > tol:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def _tables(hsegs: list[_Seg], vsegs: list[_Seg], dpi: int) -> list[tuple[list[_Seg], list[_Seg]]]:
    """Groups of crossing rulings with at least two horizontal and two vertical ones: tables.

    A lone rule (signature line, underline), a bracket, or a letter's stroke long enough to pass for
    a ruling (the joined tops of «тяб» in a bold serif scan) crosses nothing and is no table.
    """
    tol = max(2, round(_TOUCH * dpi))
    n_h = len(hsegs)
    parent = list(range(n_h + len(vsegs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hsegs):
        for j, v in enumerate(vsegs):
            if h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol:
                parent[find(i)] = find(n_h + j)
    comps: dict[int, tuple[list[_Seg], list[_Seg]]] = {}
    for i, h in enumerate(hsegs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vsegs):
        comps.setdefault(find(n_h + j), ([], []))[1].append(v)
    return [(hs, vs) for hs, vs in comps.values() if len(hs) >= 2 and len(vs) >= 2]


def find_grids(
    hsegs: list[_Seg], vsegs: list[_Seg], hmask: np.ndarray, vmask: np.ndarray, dpi: int
) -> list[list[tuple[float, float, float, float]]]:
    """Tables (lists of cells ``(x0, top, x1, bottom)`` in pixels) formed by crossing rulings."""
    tol = max(2, round(_TOUCH * dpi))
    grids = []
    for hs, vs in _tables(hsegs, vsegs, dpi):
        cells = _cells(hs, vs, hmask, vmask, tol)
        if cells:
            grids.append(cells)
    grids.sort(key=lambda cells: (min(c[1] for c in cells), min(c[0] for c in cells)))
    return grids


def rulings(hsegs: list[_Seg], vsegs: list[_Seg], dpi: int) -> tuple[list[_Seg], list[_Seg]]:
    """The segments of tables: lines drawn on the page. The others may be strokes of letters (in a
    bold serif scan the tops of «тяб» join into a run as long as a short ruling) and stay as they are."""
    tables = _tables(hsegs, vsegs, dpi)
    kept_h = {id(s) for hs, _ in tables for s in hs}
    kept_v = {id(s) for _, vs in tables for s in vs}
    return (
        [s for s in hsegs if id(s) in kept_h],
        [s for s in vsegs if id(s) in kept_v],
    )


def _cells(
    hs: list[_Seg], vs: list[_Seg], hmask: np.ndarray, vmask: np.ndarray, tol: int
) -> list[tuple[float, float, float, float]]:
    """Cut one table into cells: slots between consecutive lines, joined where no separator is drawn."""
    ys = cluster([h.pos for h in hs], tol)
    xs = cluster([v.pos for v in vs], tol)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return []
    rows_px, cols_px = hmask.shape

    def vertical_at(x: float, y0: float, y1: float) -> bool:
        """Is there a vertical ruling at ``x`` along most of ``y0``–``y1``?"""
        a, b = int(round(y0 + tol)), int(round(y1 - tol))
        if b <= a:
            a, b = int(y0), int(y1) + 1
        xa, xb = max(0, int(round(x)) - tol), min(cols_px, int(round(x)) + tol + 1)
        return _drawn(vmask[max(0, a):min(rows_px, b), xa:xb].any(axis=1))

    def horizontal_at(y: float, x0: float, x1: float) -> bool:
        a, b = int(round(x0 + tol)), int(round(x1 - tol))
        if b <= a:
            a, b = int(x0), int(x1) + 1
        ya, yb = max(0, int(round(y)) - tol), min(rows_px, int(round(y)) + tol + 1)
        return _drawn(hmask[ya:yb, max(0, a):min(cols_px, b)].any(axis=0))

    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            k = r * n_cols + c
            if c + 1 < n_cols and not vertical_at(xs[c + 1], ys[r], ys[r + 1]):
                parent[find(k)] = find(k + 1)
            if r + 1 < n_rows and not horizontal_at(ys[r + 1], xs[c], xs[c + 1]):
                parent[find(k)] = find(k + n_cols)
    groups: dict[int, list[int]] = {}
    for k in range(n_rows * n_cols):
        groups.setdefault(find(k), []).append(k)
    cells = []
    for slots in groups.values():
        r0 = min(k // n_cols for k in slots)
        r1 = max(k // n_cols for k in slots) + 1
        c0 = min(k % n_cols for k in slots)
        c1 = max(k % n_cols for k in slots) + 1
        cells.append((xs[c0], ys[r0], xs[c1], ys[r1]))
    cells.sort(key=lambda c: (c[1], c[0]))
    return cells


def _drawn(covered: np.ndarray) -> bool:
    """Whether a cell side is ruled, from which of its pixels lie on a ruling: most of them, and some
    in both its first and its last quarter. A letter stroke touching the ruling of the next row
    (a descender of a section title over a column separator) covers only one end."""
    n = covered.size
    if n == 0 or covered.mean() < _BORDER_SHARE:
        return False
    q = max(1, n // 4)
    return bool(covered[:q].any() and covered[-q:].any())


def blank_rulings(gray: np.ndarray, hsegs: list["_Seg"], vsegs: list["_Seg"], dpi: int) -> np.ndarray:
    """A copy of the page with the ruling lines (and a margin of noise around them) painted white."""
    clean = gray.copy()
    m = max(1, round(_BLANK_MARGIN * dpi))
    rows, cols = clean.shape
    for s in hsegs:
        clean[max(0, s.a - m):min(rows, s.b + m), max(0, s.lo - m):min(cols, s.hi + m)] = 255
    for s in vsegs:
        clean[max(0, s.lo - m):min(rows, s.hi + m), max(0, s.a - m):min(cols, s.b + m)] = 255
    return clean


# --------------------------------------------------------------------------------------------------
# tesseract → words


def _mosaic(
    clean: np.ndarray, grids: list[list[tuple]], dpi: int
) -> tuple[np.ndarray, list[tuple[int, int, int, int]] | None]:
    """One image for tesseract with the text outside tables and every table cell as separate blocks.

    The regions are cut out (trimmed to their ink) and stacked one above the other with white space
    between them; ``slots`` (canvas top, canvas bottom, x shift, y shift) move the word boxes
    tesseract finds back to the page (``_placed``). ``None`` slots: the page itself is the image.
    """
    rows, cols = clean.shape
    inset = max(1, round(_CELL_INSET * dpi))
    free = clean.copy()
    for cells in grids:
        x0 = int(min(c[0] for c in cells)) - inset
        y0 = int(min(c[1] for c in cells)) - inset
        x1 = int(max(c[2] for c in cells)) + inset + 1
        y1 = int(max(c[3] for c in cells)) + inset + 1
        free[max(0, y0):min(rows, y1), max(0, x0):min(cols, x1)] = 255
    boxes: list[tuple[int, int, int, int]] = []
    crops: list[np.ndarray] = []
    found = _ink_box(free, 0, 0)
    if found:
        boxes.append(found)
        crops.append(free[found[1]:found[3], found[0]:found[2]])
    for cells in grids:
        for c in cells:
            x0, y0 = max(0, int(round(c[0])) + inset), max(0, int(round(c[1])) + inset)
            x1, y1 = min(cols, int(round(c[2])) - inset), min(rows, int(round(c[3])) - inset)
            if x1 - x0 < 3 or y1 - y0 < 3:
                continue
            found = _ink_box(clean[y0:y1, x0:x1], x0, y0)
            if found:
                boxes.append(found)
                crops.append(clean[found[1]:found[3], found[0]:found[2]])
    pad = max(4, round(_MOSAIC_GAP * dpi))
    width = max((c.shape[1] for c in crops), default=0) + 2 * pad
    height = sum(c.shape[0] for c in crops) + pad * (len(crops) + 1)
    if not boxes or height > 30000:  # beyond what tesseract reads comfortably: OCR the page instead
        return clean, None
    canvas = np.full((height, width), 255, dtype=np.uint8)
    slots: list[tuple[int, int, int, int]] = []  # (canvas y0, canvas y1, page x0 - pad, page y0 - y)
    y = pad
    for crop, (bx0, by0, _, _) in zip(crops, boxes):
        h, w = crop.shape
        canvas[y:y + h, pad:pad + w] = crop
        slots.append((y, y + h, bx0 - pad, by0 - y))
        y += h + pad
    return canvas, slots


def _placed(words: list[dict], slots: list[tuple[int, int, int, int]] | None) -> list[dict]:
    """Words found in a ``_mosaic`` moved back to their place on the page."""
    if slots is None:
        return words
    starts = [s[0] for s in slots]
    out = []
    for w in words:
        mid = w["top"] + w["height"] / 2
        k = max(0, bisect.bisect_right(starts, mid) - 1)
        _, _, dx, dy = slots[k]
        out.append(dict(w, left=w["left"] + dx, top=w["top"] + dy, line=(k,) + tuple(w["line"])))
    return out


def _ink_box(region: np.ndarray, x_off: int, y_off: int) -> tuple[int, int, int, int] | None:
    """Bounding box (page pixels, with a margin) of the ink in ``region``; ``None`` when it is blank.

    Rows and columns with a single dark pixel (scanner specks) do not count.
    """
    dark = region < 128
    row_ink = np.flatnonzero(dark.sum(axis=1) >= 2)
    col_ink = np.flatnonzero(dark.sum(axis=0) >= 2)
    if row_ink.size == 0 or col_ink.size == 0:
        return None
    m = 6
    h, w = region.shape
    y0, y1 = max(0, int(row_ink[0]) - m), min(h, int(row_ink[-1]) + 1 + m)
    x0, x1 = max(0, int(col_ink[0]) - m), min(w, int(col_ink[-1]) + 1 + m)
    return (x0 + x_off, y0 + y_off, x1 + x_off, y1 + y_off)


def tesseract_words(gray: np.ndarray, dpi: int = DPI, langs: str = LANGS, psm: int = 6) -> list[dict]:
    """Words of one page image: dicts with ``text``, ``left``, ``top``, ``width``, ``height``, ``conf``
    (0–100) and ``line`` (a key shared by the words of one text line), in pixels."""
    check_tesseract()
    h, w = gray.shape
    pgm = b"P5\n%d %d\n255\n" % (w, h) + np.ascontiguousarray(gray, dtype=np.uint8).tobytes()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = [
        shutil.which("tesseract") or "tesseract", "stdin", "stdout",
        "-l", langs, "--psm", str(psm), "--dpi", str(dpi),
    ]
    # Only the characters CEC documents use: tesseract otherwise reads «(» as «{», «т» as «ї» ...
    cmd += ["-c", "tessedit_char_whitelist=" + _WHITELIST, "tsv"]
    proc = subprocess.run(cmd, input=pgm, capture_output=True, env=env, timeout=600, check=False)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"tesseract failed: {msg[-1] if msg else proc.returncode}")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


_INNER_CAPITALS = re.compile(r"(?<=[a-zа-яёңөү])(?:[A-ZА-ЯЁҢӨҮ]+(?=[a-zа-яёңөү])|[ҢӨҮ]\b)")


def fix_case(text: str) -> str:
    """Lower-case capitals between small letters inside a word («мӨӨнӨт» → «мөөнөт»).

    Many Cyrillic capitals differ from their small letters only in size (Ө ө, Ү ү, О о, С с ...) and
    tesseract mixes them up; no Russian or Kyrgyz word has a capital after a small letter (suffixes
    follow abbreviations, «ЦИКтин», not the other way round). Capitals ending a word stay: they are
    an abbreviation glued to the word before it («иРСИ»), except a lone Ө, Ү or Ң.
    """
    return _INNER_CAPITALS.sub(lambda m: m.group(0).lower(), text)


def is_kyrgyz(text: str) -> bool:
    """Whether a text is Kyrgyz: its letters ң, ө, ү (none in Russian) make over 1 % of its letters.

    Read with Russian first, a Kyrgyz text still keeps most of them (2–4 % of the letters).
    """
    letters = sum(ch.isalpha() for ch in text)
    return letters > 0 and sum(ch in _KYRGYZ for ch in text) > 0.01 * letters


_NUMERIC = re.compile(r"^[\W\d]*\d[\W\d]*$|^№$")


def _merge_numbers(words: list[dict], numbers_from: list[dict]) -> list[dict]:
    """``words`` with each word that ``numbers_from`` reads as a number (digits and punctuation, or
    «№») at the same place taken from there."""
    by_line = sorted((w for w in numbers_from if _NUMERIC.match(w["text"])), key=lambda w: w["top"])
    tops = [w["top"] for w in by_line]
    for w in words:
        lo = bisect.bisect_left(tops, w["top"] - w["height"])
        hi = bisect.bisect_right(tops, w["top"] + w["height"])
        for n in by_line[lo:hi]:
            dx = min(w["left"] + w["width"], n["left"] + n["width"]) - max(w["left"], n["left"])
            dy = min(w["top"] + w["height"], n["top"] + n["height"]) - max(w["top"], n["top"])
            if dx > 0.6 * min(w["width"], n["width"]) and dy > 0.5 * min(w["height"], n["height"]):
                # A word with a Kyrgyz letter is a word («өз» read by the Russian model as «93»).
                if abs(len(n["text"]) - len(w["text"])) <= 1 and not set(w["text"]) & _KYRGYZ:
                    w["text"], w["conf"] = n["text"], n["conf"]
                break
    return words


def parse_tsv(tsv: str) -> list[dict]:
    """Word rows (level 5, non-empty text) of tesseract's TSV output."""
    words = []
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if not header:
        return words
    col = {name: i for i, name in enumerate(header)}
    for row in reader:
        if len(row) < len(header) or row[col["level"]] != "5":
            continue
        text = fix_case(row[col["text"]].strip())
        if not text:
            continue
        words.append(
            {
                "text": text,
                "left": int(row[col["left"]]),
                "top": int(row[col["top"]]),
                "width": int(row[col["width"]]),
                "height": int(row[col["height"]]),
                "conf": max(0.0, float(row[col["conf"]])),
                "line": (row[col["page_num"]], row[col["block_num"]], row[col["par_num"]],
                         row[col["line_num"]]),
            }
        )
    return words


# --------------------------------------------------------------------------------------------------
# Words → characters


def measure_words(gray: np.ndarray, words: list[dict]) -> None:
    """Add ``mid`` (centre of the x-height band) and ``xh`` (its height) to each word, in pixels.

    Tesseract's word boxes are loose (they may reach into the next line) and jump with ascenders and
    descenders; the x-height band, where most of a word's ink lies, does not.
    """
    rows, cols = gray.shape
    for w in words:
        y0, y1 = max(0, w["top"]), min(rows, w["top"] + w["height"])
        x0, x1 = max(0, w["left"]), min(cols, w["left"] + w["width"])
        if y1 - y0 < 3 or x1 - x0 < 1:
            continue
        profile = (gray[y0:y1, x0:x1] < 128).sum(axis=1)
        peak = int(profile.max())
        if peak == 0:
            continue
        core = np.flatnonzero(profile >= 0.4 * peak)
        # The longest run of dense rows is the x-height band (ascenders and descenders are sparse).
        splits = np.flatnonzero(np.diff(core) > 1)
        starts = np.concatenate([[0], splits + 1])
        ends = np.concatenate([splits, [core.size - 1]])
        k = int(np.argmax(core[ends] - core[starts]))
        a, b = int(core[starts[k]]), int(core[ends[k]]) + 1
        w["mid"] = y0 + (a + b) / 2
        w["xh"] = float(b - a)


def words_to_chars(
    words: list[dict], dpi: int = DPI, vlines: list[tuple[float, int, int]] = ()
) -> list[dict]:
    """Character dicts (pdfplumber's keys, PDF points) from word boxes in pixels.

    Words are grouped into text lines (tesseract's lines, cut where a vertical ruling runs between two
    words or where they do not overlap vertically). A line's characters share one ``top`` / ``bottom``
    and one font size, placed as a text layer's would be around the middle of the line's x-height
    band (``measure_words``; without it, the middle of the word boxes): the reader groups lines, and
    tells wrapped lines from new paragraphs, by these. A word's width is split evenly between its
    characters. Words of a line are separated by a narrow space character.
    """
    scale = 72.0 / dpi
    lines: dict[Any, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    runs: list[list[dict]] = []
    for ws in lines.values():
        ws.sort(key=lambda w: w["left"])
        runs.extend(_split_line(ws, vlines))
    typical = _median([_run_size(r) for r in runs]) if runs else 0.0
    chars: list[dict] = []
    for run in runs:
        size_px = _run_size(run)
        if not typical or size_px < 1.3 * typical:
            size_px = typical  # one size for the page's body text: a size change breaks paragraphs
        mid = _median([w.get("mid", w["top"] + w["height"] / 2) for w in _lettered(run)])
        top, bottom = mid - _ABOVE_MID * size_px, mid + _BELOW_MID * size_px
        size = round(size_px * scale * 2) / 2
        prev: dict | None = None
        for w in run:
            text = w["text"]
            if prev is not None:
                gx0 = prev["left"] + prev["width"]
                gx1 = min(max(gx0, w["left"]), gx0 + 0.25 * size_px)
                chars.append(_char(" ", gx0, gx1, top, bottom, size, w["conf"], scale))
            step = w["width"] / len(text)
            for i, ch in enumerate(text):
                x0 = w["left"] + i * step
                chars.append(_char(ch, x0, x0 + step, top, bottom, size, w["conf"], scale))
            prev = w
    return chars


def _median(values: list[float]) -> float:
    return float(np.median(values)) if values else 0.0


def _lettered(run: list[dict]) -> list[dict]:
    """The words of a run with at least two letters (punctuation and digits measure badly), or all."""
    return [w for w in run if sum(ch.isalpha() for ch in w["text"]) >= 2] or run


def _run_size(run: list[dict]) -> float:
    """Font size (pixels) of a run of words: from the x-height band, else from the box heights."""
    sizes = []
    for w in _lettered(run):
        if w.get("xh"):
            letters = [ch for ch in w["text"] if ch.isalpha()]
            caps = letters and all(ch.isupper() for ch in letters)
            sizes.append(w["xh"] / (_CAP_HEIGHT if caps else _X_HEIGHT))
    if sizes:
        return _median(sizes)
    return _median([w["height"] for w in run]) / 0.9


def _split_line(ws: list[dict], vlines) -> list[list[dict]]:
    """Cut a line's words (left to right) where a ruling runs between two words or they do not overlap
    vertically (tesseract may put words of side-by-side cells on one line)."""
    runs: list[list[dict]] = []
    for w in ws:
        if runs:
            p = runs[-1][-1]
            overlap = min(p["top"] + p["height"], w["top"] + w["height"]) - max(p["top"], w["top"])
            if overlap >= 0.3 * min(p["height"], w["height"]) and not _ruled_between(p, w, vlines):
                runs[-1].append(w)
                continue
        runs.append([w])
    return runs


def _ruled_between(a: dict, b: dict, vlines) -> bool:
    x0, x1 = a["left"] + a["width"], b["left"]
    top = min(a["top"], b["top"])
    bottom = max(a["top"] + a["height"], b["top"] + b["height"])
    return any(x0 - 1 <= x <= x1 + 1 and lo <= bottom and top <= hi for x, lo, hi in vlines)


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, conf: float,
          scale: float) -> dict:
    return {
        "text": text,
        "x0": x0 * scale,
        "x1": x1 * scale,
        "top": top * scale,
        "bottom": bottom * scale,
        "size": size,
        "upright": True,
        "fontname": "",
        "conf": conf,
    }
