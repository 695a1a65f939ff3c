"""The intermediate form every reader produces: paragraphs and tables of rows of cells.

Readers (DOCX, PDF, HTML, text, legacy formats) know their format and nothing about CEC documents;
table interpretation (``shailoo.parsers.interpret``) knows CEC documents and nothing about formats. This module
is the contract between the two. It is deliberately plain dataclasses, not pydantic: a 220-page PDF
makes tens of thousands of cells and validation would cost more than the reading.

Contract for readers:

* ``Cell.text`` is the text as a reader of the page sees it: Word automatic numbering is rendered
  into it («1.»), paragraphs inside a cell are joined with ``"\\n"``, lines wrapped inside one paragraph
  are joined with a space, HTML markup is removed but list items stay one per line.
* A grid slot covered by a merge carries ``merged=True`` and empty text; the origin cell carries
  ``colspan`` / ``rowspan``. Readers de-duplicate repeated merged values (python-docx repeats them).
* ``Row.header`` marks a header row (Word's «repeat as header row», a PDF header repeated on each page,
  ``<th>`` rows). Repeated copies of the header after the first are dropped by the reader.
* ``Row.page_break_before`` marks the first row of a table piece on a new page. ``stitch_continuations``
  merges a continuation piece (empty № cell right after a page break) into the row above.
* Character offsets (``start``/``end``) index ``RawDocument.text`` and are assigned once, by
  ``RawDocument.finalize()``; readers never compute them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(slots=True)
class Cell:
    """One grid slot of a table row."""

    text: str
    col: int = 0
    colspan: int = 1
    rowspan: int = 1
    merged: bool = False
    nested: list["Table"] = field(default_factory=list)
    start: int = -1
    end: int = -1
    #: The source element (a DOCX ``w:tc``) when the reader was asked to keep it, for writing back.
    element: object = field(default=None, repr=False, compare=False)
    #: OCR'd text only: mean word confidence (0–1) of its characters; ``None`` for a text layer.
    confidence: float | None = None

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Row:
    """One table row. ``pieces`` lists (page, row index) of every piece stitched into it."""

    cells: list[Cell]
    index: int = 0
    page: int | None = None
    header: bool = False
    page_break_before: bool = False
    pieces: list[tuple[int | None, int]] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def nonempty(self) -> list[Cell]:
        return [c for c in self.cells if not c.merged and c.text.strip()]


@dataclass(slots=True)
class Table:
    rows: list[Row]
    index: int = 0
    page: int | None = None

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass(slots=True)
class Paragraph:
    text: str
    page: int | None = None
    style: str = "normal"  # normal | heading | title | list
    level: int = 0
    start: int = -1
    end: int = -1
    #: The source element (a DOCX ``w:p``) when the reader was asked to keep it, for writing back.
    element: object = field(default=None, repr=False, compare=False)
    #: OCR'd text only: mean word confidence (0–1) of its characters; ``None`` for a text layer.
    confidence: float | None = None


Block = Union[Paragraph, Table]


@dataclass(slots=True)
class RawDocument:
    """What a reader returns: the blocks of one file, in reading order."""

    path: str
    format: str
    blocks: list[Block]
    pages: int | None = None
    encoding: str | None = None
    scanned_pages: list[int] = field(default_factory=list)
    #: Pages read by OCR (1-based) → mean confidence (0–1) of their characters (``None``: no text).
    ocr_pages: dict[int, float | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    text: str = ""

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def finalize(self) -> "RawDocument":
        """Number the tables and assign every paragraph and cell its span in ``self.text``.

        The document text is the paragraphs, one per line, and each table row as its cells joined by
        tabs, one row per line: the same shape as the seeds' text renderings.
        """
        parts: list[str] = []
        pos = 0
        t_index = 0
        for block in self.blocks:
            if isinstance(block, Paragraph):
                block.start, block.end = pos, pos + len(block.text)
                parts.append(block.text)
                parts.append("\n")
                pos = block.end + 1
            else:
                block.index = t_index
                t_index += 1
                for r_i, row in enumerate(block.rows):
                    row.index = r_i
                    for c_i, cell in enumerate(row.cells):
                        if c_i:
                            parts.append("\t")
                            pos += 1
                        cell.start, cell.end = pos, pos + len(cell.text)
                        parts.append(cell.text)
                        pos = cell.end
                    parts.append("\n")
                    pos += 1
        self.text = "".join(parts)
        return self


def _is_continuation(prev: Row, row: Row) -> bool:
    """A piece continues the row above when a page break precedes it and its first cell is empty.

    A row whose only text is in the first cell is a section heading, never a continuation.
    """
    if not row.page_break_before or prev.header or not row.cells:
        return False
    first = row.cells[0]
    if first.text.strip():
        return False
    return any(c.text.strip() for c in row.cells[1:])


def join_pieces(a: str, b: str) -> str:
    """Join the text of a cell with its continuation from the next page (a wrapped line: a space)."""
    a, b = a.rstrip(), b.strip()
    if not a:
        return b
    if not b:
        return a
    if a.endswith("-") and not a.endswith(" -"):
        # Word does not hyphenate CEC documents automatically: a hyphen at the break belongs to a
        # compound word («организационно-практических»), so it stays and no space is added.
        return a + b
    return a + " " + b


def _joined_confidence(a: Cell, b: Cell) -> float | None:
    """Confidence of two pieces of one cell joined: their mean weighted by text length.

    ``None`` when neither piece was OCR'd; a piece from a text layer counts as certain (1.0).
    """
    if a.confidence is None and b.confidence is None:
        return None
    parts = [(1.0 if c.confidence is None else c.confidence, len(c.text.strip())) for c in (a, b)]
    parts = [p for p in parts if p[1]] or parts
    total = sum(n for _, n in parts)
    if total == 0:
        return sum(conf for conf, _ in parts) / len(parts)
    return sum(conf * n for conf, n in parts) / total


def stitch_continuations(table: Table) -> Table:
    """Merge every continuation piece into the row above it, cell by cell, keeping the pieces' origin."""
    out: list[Row] = []
    for row in table.rows:
        if out and _is_continuation(out[-1], row):
            prev = out[-1]
            while len(prev.cells) < len(row.cells):
                prev.cells.append(Cell("", col=len(prev.cells)))
            for i, cell in enumerate(row.cells):
                if cell.merged:
                    continue
                prev.cells[i].confidence = _joined_confidence(prev.cells[i], cell)
                prev.cells[i].text = join_pieces(prev.cells[i].text, cell.text)
            prev.pieces.append((row.page, row.index))
            continue
        if not row.pieces:
            row.pieces.append((row.page, row.index))
        out.append(row)
    table.rows = out
    return table
