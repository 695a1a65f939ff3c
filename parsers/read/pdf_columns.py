"""One PDF page read from its characters in columns (numpy): ``pdf._read_page`` without a Python
object per character.

``shailoo.parsers.read.pdf`` reads a page's characters (pdfplumber-shaped dicts) one by one: each goes
to the cell of the ruled table its centre lies in (or is dropped as clipped, or stays running text),
then the characters of each cell and of the running text are grouped into lines
(``pdf._build_lines``), and each line into its text, its box, its first word and its space width
(``pdf._make_line``). PDFium's characters (``pdf_fast.Chars``) come as arrays, and this module takes
the same decisions on whole arrays at once: the same comparisons on the same float64 values, the same
stable orders, so that the lines — and so the document — are those of ``pdf._read_page``
(``tests/test_pdf_columns.py`` checks both on the same characters, random pages built to hit every
rule; ``tests/test_pdf_fast.py`` the documents of both PDF engines).

Two things stay per line, in Python: the sums of space widths (summed one after the other, as
``pdf._make_line`` sums them) and the rare line holding the same glyph painted twice (fake bold),
which ``pdf._make_line`` itself reads. Everything after the lines (cell text, paragraphs, table
pieces) is ``pdf``'s own code, which ``pdf`` hands to ``read_page`` (this module imports nothing of
the project: ``pdf`` imports it).
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

import numpy as np

__all__ = ["read_page"]


@functools.lru_cache(maxsize=4)
def _ligatures(table: tuple[tuple[str, str], ...]) -> tuple[dict[int, str], np.ndarray]:
    """``pdf._LIGATURES`` as a ``str.translate`` table, and its code points (sorted)."""
    return {ord(k): v for k, v in table}, np.array(sorted(ord(k) for k, _ in table), dtype=np.uint32)


@functools.lru_cache(maxsize=1)
def _space_table() -> np.ndarray:
    """``table[min(c, len(table) - 1)]``: whether code point ``c`` is a space for ``str.isspace`` (all
    of them are below U+3001; the last entry, for every code point above, is False)."""
    table = np.zeros(0x3002, dtype=bool)
    table[[c for c in range(0x3001) if chr(c).isspace()]] = True
    return table


class _Columns:
    """Per-character columns of one page, with what the line builder needs of them."""

    def __init__(self, chars: Any, reader: ModuleType):
        self.chars = chars
        self.reader = reader
        self.text, self.codes = chars.text, chars.codes
        self.x0, self.x1, self.top, self.bottom = chars.x0, chars.x1, chars.top, chars.bottom
        self.size = chars.size
        # the five gathered together (one indexing operation takes all of them)
        self.boxes = np.stack((chars.x0, chars.x1, chars.top, chars.bottom, chars.size))
        table = _space_table()
        self.space = table[np.minimum(self.codes, len(table) - 1)]
        bold = np.array([reader._bold_font(name or "") for name in chars.fontnames], dtype=bool)
        self.bold = bold[chars.font] if len(bold) else np.zeros(len(chars), dtype=bool)

    def dicts(self, positions: np.ndarray) -> list[dict]:
        """pdfplumber-shaped dicts of some characters (for ``pdf._make_line``)."""
        names = self.chars.fontnames
        font = self.chars.font
        return [
            {"text": self.text[i], "x0": float(self.x0[i]), "x1": float(self.x1[i]), "top": float(self.top[i]),
             "bottom": float(self.bottom[i]), "size": float(self.size[i]), "fontname": names[font[i]]}
            for i in positions.tolist()
        ]


def read_page(chars: Any, number: int, width: float, height: float, tables: list[list[tuple]],
              reader: ModuleType) -> Any:
    """``pdf._read_page(number, width, height, chars.dicts(), tables)`` of PDFium's characters
    (``pdf_fast.Chars``), computed on the columns. ``reader`` is ``shailoo.parsers.read.pdf``, whose
    grid, line, cell and page code this reuses (handed in: ``pdf`` imports this module)."""
    R = reader
    page = _Columns(chars, reader)
    grids = R._grids(tables)
    n = len(chars)
    x0, x1, top, bottom = page.x0, page.x1, page.top, page.bottom
    mx, my = (x0 + x1) / 2, (top + bottom) / 2
    # ``group[i]``: the group of characters whose lines character ``i`` is read in (-1: none). Group 0
    # is the running text; each table's cells take the groups from its ``base`` on.
    group = np.zeros(n, dtype=np.intp)
    tabs: list[bool] = [True]
    extra: list[tuple[np.ndarray, int]] = []  # characters read a second time, in a framed paragraph
    plans: list[tuple[list[tuple], int | None]] = []
    if grids:
        # Each character to the smallest table its centre lies in (a character inside nested rulings
        # belongs to the innermost table); ``sorted`` is stable, as in ``pdf._read_page``.
        where = np.full(n, -1, dtype=np.intp)
        for j, gi in enumerate(sorted(range(len(grids)), key=lambda i: grids[i].area)):
            g = grids[gi]
            inside = (g.x0 <= mx) & (mx <= g.x1) & (g.top <= my) & (my <= g.bottom)
            if j:
                inside &= where < 0
            where[inside] = gi
        free = np.flatnonzero(where < 0)
        if len(free):
            # A glyph straddling a table border with its centre outside is text clipped by the cell
            # it overflows (``_Grid.straddles``): dropped.
            fx0, fx1, ftop, fbottom = x0[free], x1[free], top[free], bottom[free]
            area = np.maximum(1e-6, (fx1 - fx0) * (fbottom - ftop))
            straddles = np.zeros(len(free), dtype=bool)
            for g in grids:
                w = np.minimum(fx1, g.x1) - np.maximum(fx0, g.x0)
                h = np.minimum(fbottom, g.bottom) - np.maximum(ftop, g.top)
                straddles |= (w > 0) & (h > 0) & (w * h >= 0.25 * area)
            group[free[straddles]] = -1
        plans = [_assign(page, g, np.flatnonzero(where == gi), mx, my, group, tabs, extra)
                 for gi, g in enumerate(grids)]
    lines = _lines(page, group, tabs, extra)

    pieces = []
    for g, (cells, box) in zip(grids, plans):
        pcells = [
            R._PCell(r0, r1, c0, c1, R._lines_text(lines[k], bbox) if k is not None else "", None)
            for r0, r1, c0, c1, bbox, k in cells
        ]
        pieces.append(R._Piece(
            page=number, top=g.top, bottom=g.bottom, xs=list(g.xs), n_rows=len(g.ys) - 1, cells=pcells,
            box_lines=lines[box] if box is not None else [],
        ))
    return R._finish_page(number, width, height, pieces, lines[0])


def _assign(page: _Columns, g: Any, idx: np.ndarray, mx: np.ndarray, my: np.ndarray, group: np.ndarray,
            tabs: list[bool], extra: list[tuple[np.ndarray, int]]) -> tuple[list[tuple], int | None]:
    """``_Grid.add`` of the characters ``idx`` (in page order), setting their ``group``, and
    ``_Grid.piece``'s cells: each as ``(r0, r1, c0, c1, bbox, group)`` (``None`` for an empty cell);
    with the group of the framed paragraph's characters (``None`` unless the table is a box)."""
    spans = g.spans
    base = len(tabs)
    n_spans = len(spans)
    filled = np.zeros(n_spans, dtype=bool)
    strays: list[tuple[int, int]] = []
    span_chars = None
    if len(idx):
        xs, ys = np.asarray(g.xs, dtype=np.float64), np.asarray(g.ys, dtype=np.float64)
        n_cols = len(xs) - 1
        col = np.clip(np.searchsorted(xs, mx[idx], side="right") - 1, 0, len(xs) - 2)
        row = np.clip(np.searchsorted(ys, my[idx], side="right") - 1, 0, len(ys) - 2)
        k = np.asarray(g.owner, dtype=np.intp).reshape(len(ys) - 1, n_cols)[row, col]
        spanned = k >= 0
        every = bool(spanned.all())
        si, sk = (idx, k) if every else (idx[spanned], k[spanned])
        if len(si):
            box = np.asarray([s[4] for s in spans], dtype=np.float64)[sk]
            ctop, cbottom, cx0, cx1 = page.top[si], page.bottom[si], page.x0[si], page.x1[si]
            h = np.maximum(cbottom - ctop, 1e-6)
            w = np.maximum(cx1 - cx0, 1e-6)
            # ``_Grid._overflows``: a glyph sticking out of its cell by more than 30 % of its size
            overflows = ((box[:, 1] - ctop > 0.3 * h) | (cbottom - box[:, 3] > 0.3 * h)
                         | (box[:, 0] - cx0 > 0.3 * w) | (cx1 - box[:, 2] > 0.3 * w))
            if overflows.any():
                group[si[overflows]] = -1
                si, sk = si[~overflows], sk[~overflows]
            group[si] = base + sk
            filled[sk] = True
            span_chars = (si, sk)
        if not every:
            # A slot no ruled cell covers (a missing border): its text is a cell of its own, after
            # the ruled ones, in the order the slots are first met.
            slots = row[~spanned] * n_cols + col[~spanned]
            found, first, inverse = np.unique(slots, return_index=True, return_inverse=True)
            rank = np.argsort(np.argsort(first, kind="stable"), kind="stable")
            group[idx[~spanned]] = base + n_spans + rank[inverse]
            strays = [divmod(slot, n_cols) for slot in found[np.argsort(first, kind="stable")].tolist()]
    cells: list[tuple] = []
    for k, (r0, r1, c0, c1, bbox) in enumerate(spans):
        cells.append((r0, r1, c0, c1, bbox, base + k if filled[k] else None))
    for j, (r, c) in enumerate(strays):
        cells.append((r, r + 1, c, c + 1, (g.xs[c], g.ys[r], g.xs[c + 1], g.ys[r + 1]), base + n_spans + j))
    tabs.extend([False] * (n_spans + len(strays)))
    box_group = None
    if g.is_box:
        # ``_Grid.piece``: the characters of its cells, cell after cell in the order the cells were
        # first met, read again as running text (with tabs)
        box_group = len(tabs)
        tabs.append(True)
        if span_chars is not None:
            si, sk = span_chars
            _, first = np.unique(sk, return_index=True)
            if len(first) > 1:
                rank = np.argsort(np.argsort(first, kind="stable"), kind="stable")
                si = si[np.argsort(rank[np.searchsorted(np.unique(sk), sk)], kind="stable")]
            extra.append((si, box_group))
    return cells, box_group


def _sort2(key: np.ndarray, then: np.ndarray) -> np.ndarray:
    """The stable order by ``key`` (small integers ≥ 0), then ``then``: ``np.lexsort((then, key))``,
    as two stable sorts (the second a radix sort of 16-bit keys), four times faster."""
    order = np.argsort(then, kind="stable")
    key = key[order]
    if len(key) and key.max() < 32767:
        key = key.astype(np.int16)
    return order[np.argsort(key, kind="stable")]


def _shifted(a: np.ndarray, first) -> np.ndarray:
    """``a`` moved one place to the right, ``first`` in front (``np.r_[first, a[:-1]]``)."""
    out = np.empty_like(a)
    if len(a):
        out[0] = first
        out[1:] = a[:-1]
    return out


def _lines(page: _Columns, group: np.ndarray, tabs: list[bool],
           extra: list[tuple[np.ndarray, int]]) -> list[list[Any]]:
    """``pdf._build_lines(chars, tabs[g])`` of each group ``g`` of characters: those with
    ``group == g`` in page order, then the ``extra`` ones given for it."""
    R = page.reader
    out: list[list[Any]] = [[] for _ in tabs]
    idx = np.flatnonzero(group >= 0)
    label = group[idx]
    if extra:
        idx = np.concatenate([idx] + [e for e, _ in extra])
        label = np.concatenate([label] + [np.full(len(e), g, dtype=np.intp) for e, g in extra])
    if not len(idx):
        return out
    # ``_build_lines``: sorted by top (stable), a new line where the top moves by more than
    # ``_LINE_TOL`` from the character before; then each line sorted by x0 (stable).
    top = page.top[idx]
    order = _sort2(label, top)
    idx, label, top = idx[order], label[order], top[order]
    starts_line = np.empty(len(idx), dtype=bool)
    starts_line[0] = True
    starts_line[1:] = (label[1:] != label[:-1]) | (top[1:] - top[:-1] > R._LINE_TOL)
    line = np.cumsum(starts_line) - 1
    line_group = label[starts_line]
    order = _sort2(line, page.x0[idx])
    c, L = idx[order], line[order]
    counts = np.bincount(line)
    last = np.cumsum(counts) - 1  # each line's last character ...
    first = last - counts + 1  # ... and its first

    X0, X1, _, _, S = page.boxes.take(c, axis=1)
    space = page.space[c]
    size = np.maximum.reduceat(S, first)
    trail_space = space[last]

    P = np.flatnonzero(~space)  # the printed characters
    if not len(P):
        return out
    PL = L[P]
    has_prev = _shifted(PL, -1) == PL
    prev = _shifted(P, 0)
    cP = c[P]
    cx0, cx1, ctop, cbottom, _ = page.boxes.take(cP, axis=1)
    px0, px1 = X0[prev], X1[prev]
    codes = page.codes[cP]
    # Fake bold: the same glyph painted twice, slightly shifted; ``_make_line`` keeps one. Lines
    # holding such a pair are read by ``_make_line`` itself (its skipping is sequential).
    twice = has_prev & (codes == _shifted(codes, 0)) & (np.abs(cx0 - px0) < 0.5 * np.maximum(0.1, px1 - px0))
    fallback = set(PL[twice].tolist()) if twice.any() else ()
    # Separators: a tab for a gap of more than four font sizes (in groups with tabs), a space for a
    # gap of more than a fifth of one or after a space glyph; a word starts after either or at the start.
    n_spaces = np.cumsum(space)
    after_space = n_spaces[P] != n_spaces[prev]
    gap = cx0 - px1
    line_size = size[PL]
    tab = has_prev & (gap > 4.0 * line_size) & np.asarray(tabs, dtype=bool)[line_group][PL]
    sep_space = has_prev & ~tab & ((gap > np.maximum(1.0, 0.2 * line_size)) | after_space)
    new_word = ~has_prev | tab | sep_space
    pfirst = np.flatnonzero(~has_prev)  # each printed line's first printed character (index into P)
    plast = np.empty_like(pfirst)
    plast[:-1] = pfirst[1:] - 1
    plast[-1] = len(P) - 1
    box_x0 = np.minimum.reduceat(cx0, pfirst)
    box_x1 = np.maximum.reduceat(cx1, pfirst)
    box_top = np.minimum.reduceat(ctop, pfirst)
    box_bottom = np.maximum.reduceat(cbottom, pfirst)
    n_printed = plast - pfirst + 1
    n_bold = np.add.reduceat(page.bold[cP].view(np.int8).astype(np.intp), pfirst)
    tabbed = np.logical_or.reduceat(tab, pfirst)
    # The first word: from the line's first printed character to the one before the next word.
    words = np.flatnonzero(new_word)
    nxt = np.searchsorted(words, pfirst, side="right")
    second = words[np.minimum(nxt, len(words) - 1)]
    word_end = np.where((nxt < len(words)) & (second <= plast), second - 1, plast)
    first_w = cx1[word_end] - cx0[pfirst]
    # Space glyphs that end a word (the character before them, in the line, is printed): their
    # widths, summed one after the other as ``_make_line`` sums them.
    sw = np.flatnonzero(space[1:] & (L[1:] == L[:-1]) & ~space[:-1]) + 1
    space_ws: dict[int, list[float]] = {}
    for ln, wd in zip(L[sw].tolist(), (X1[sw] - X0[sw]).tolist()):
        if ln in space_ws:
            space_ws[ln].append(wd)
        else:
            space_ws[ln] = [wd]
    # The text: each printed character after its separator (one string for all the lines; a line
    # is a slice of it), ligatures spelled out.
    stream = np.empty(2 * len(P), dtype=np.uint32)
    stream[0::2] = np.where(tab, 9, 32)
    stream[1::2] = codes
    kept = np.ones(2 * len(P), dtype=bool)
    kept[0::2] = tab | sep_space
    at = np.cumsum(kept)  # at[i]: the end in the string of element i, when kept
    joined = stream[kept].tobytes().decode("utf-32-le", "surrogatepass")
    starts = (at[2 * pfirst + 1] - 1).tolist()
    ends = at[2 * plast + 1].tolist()
    ligatures, ligature_codes = _ligatures(tuple(R._LIGATURES.items()))
    if not (((codes >= ligature_codes[0]) & (codes <= ligature_codes[-1])).any()
            and np.isin(codes, ligature_codes).any()):
        ligatures = None

    size_l, trail_l = size.tolist(), trail_space.tolist()
    made: list[Any] = [None] * len(counts)
    make = R._Line
    for ln, a, b, x0v, x1v, tv, bv, nb, npr, tb, fw in zip(
        PL[pfirst].tolist(), starts, ends, box_x0.tolist(), box_x1.tolist(), box_top.tolist(),
        box_bottom.tolist(), n_bold.tolist(), n_printed.tolist(), tabbed.tolist(), first_w.tolist(),
    ):
        if ln in fallback:
            made[ln] = R._make_line(page.dicts(c[first[ln]:last[ln] + 1]), tabs[line_group[ln]])
            continue
        ws = space_ws.get(ln)
        sz = size_l[ln]
        text = joined[a:b] if ligatures is None else joined[a:b].translate(ligatures)
        made[ln] = make(
            text.strip(), x0v, x1v, tv, bv, sz, 1.0 if npr and nb == npr else (0.0 if nb == 0 else 0.5),
            fw, (sum(ws) / len(ws)) if ws else 0.25 * sz, tb, trail_l[ln],
        )
    for ln, g in enumerate(line_group.tolist()):
        one = made[ln]
        if one is not None and one.text:
            out[g].append(one)
    return out
