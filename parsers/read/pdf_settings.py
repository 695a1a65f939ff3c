"""Settings shared by the two PDF engines (``pdf`` through pdfplumber, ``pdf_fast`` through PDFium),
so that both find the same tables."""

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
