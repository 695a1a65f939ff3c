"""Spreadsheet cells that cannot be turned against their readers: the one rule for every XLSX and CSV
shailoo writes (``convert``'s XLSX and CSV targets, ``query -f csv``, ``track status -f xlsx``).

Document text is data, never a formula. A text that a spreadsheet would take for one — it starts with
``= + - @``, a tab, a carriage return or a line feed (OWASP, «CSV injection») — is neutralised:

- in CSV (``safe_cell``), by a leading apostrophe: ``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``, which
  Excel, LibreOffice and Google Sheets show as text; the csv module quotes the field where needed;
- in XLSX (``XlsxCells.cell``), by storing the text as a string cell (``t="inlineStr"`` / shared
  string) with Excel's «quote prefix» style, so it reads back as exactly the text and stays text when
  someone edits the cell.

Numbers stay numbers (``-5`` as an int or float is not text), and so do texts that are a plain number
(``-5``, ``+7``, ``-0,5``): a spreadsheet reads them as that number and nothing else.

XLSX has two more limits the text of a document can break: Excel's 32 767 characters per cell and XML's
ban on control characters. ``XlsxCells`` cuts a longer text (ending it with ``CUT_MARKER``) and removes
the characters XML cannot hold, and counts both, so a workbook can always be written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: What a spreadsheet may read as the start of a formula (OWASP's list, with the line breaks).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: A text that is one plain number: read as that number, never as a formula.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
#: Excel's limit on the characters of one cell.
XLSX_CELL = 32767
#: What ends a text cut to ``XLSX_CELL`` characters.
CUT_MARKER = "…[cut]"
#: Characters XML 1.0 (and so XLSX) cannot hold: C0 controls but tab, line feed and carriage return
#: (openpyxl's ``ILLEGAL_CHARACTERS_RE``), and the non-characters U+FFFE, U+FFFF.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (and it is not a plain number)."""
    return bool(text) and text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV field that no spreadsheet runs: a formula-like text gets a leading ``'``;
    anything else (numbers, dates, ``None``, other text) is returned as is."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


@dataclass
class XlsxCells:
    """Makes the cells of one workbook: text always a string cell, within Excel's limits; counts what
    it had to change (``cut``: texts cut to ``XLSX_CELL``; ``cleaned``: texts that lost control
    characters; ``guarded``: formula-like texts kept as text)."""

    cut: int = 0
    cleaned: int = 0
    guarded: int = 0

    def text(self, value: str) -> str:
        """``value`` without XML-illegal characters, cut to ``XLSX_CELL`` characters with ``CUT_MARKER``."""
        clean = ILLEGAL.sub("", value)
        if clean != value:
            self.cleaned += 1
        if len(clean) > XLSX_CELL:
            self.cut += 1
            clean = clean[:XLSX_CELL - len(CUT_MARKER)] + CUT_MARKER
        return clean

    def cell(self, ws, value: Any):
        """A cell for ``ws`` (a write-only or ordinary worksheet) holding ``value``; text is a string cell."""
        # on call: openpyxl is needed only by the writers of workbooks (about 0.1 s to import)
        from openpyxl.cell import WriteOnlyCell

        if not isinstance(value, str):
            return WriteOnlyCell(ws, value=value)
        text = self.text(value)
        c = WriteOnlyCell(ws, value=text)
        if c.data_type != "s":  # openpyxl takes a text starting with «=» for a formula
            c.data_type = "s"
        if is_formula_like(text):
            self.guarded += 1
            c.quotePrefix = True
        return c

    def row(self, ws, values) -> list:
        """``values`` as a row of cells for ``ws.append``."""
        return [self.cell(ws, v) for v in values]

    def guard(self, cell) -> None:
        """Make an existing cell (of an ordinary worksheet) safe in place: text a string, within limits."""
        if isinstance(cell.value, str):
            text = self.text(cell.value)
            if text != cell.value:
                cell.value = text
            if cell.data_type != "s":
                cell.data_type = "s"
            if is_formula_like(text):
                self.guarded += 1
                cell.quotePrefix = True
