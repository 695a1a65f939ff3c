"""Settings shared by the two PDF engines (``pdf`` through pdfplumber, ``pdf_fast`` through PDFium),
so that both find the same tables: pdfplumber's ``find_tables`` takes them, and ``pdf_fast``'s own
implementation of pdfplumber's table finder resolves them as pdfplumber does (and refuses settings it
does not implement: strategies other than ``lines``)."""

from __future__ import annotations

from typing import Any

#: pdfplumber table finding: ruled tables only. Text-based strategies invent tables out of any aligned
#: text (letterheads, signatures) and are left to later, format-independent interpretation.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}
