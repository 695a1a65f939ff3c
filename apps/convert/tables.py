"""The tables of a conversion (``shailoo convert``): their columns, and one document flattened into rows.

One schema for every target (DuckDB, Parquet, CSV, XLSX): ``TABLES`` maps a table name to its columns
and DuckDB types, in order. Keys: ``documents.doc_id`` is the sha256 of the file's bytes, so a file
stored under two paths is one document; every other table carries ``doc_id``; rows of a document's
activities are ``(doc_id, activity)``, the activity's index in ``ParsedDocument.activities``, which
``terms``, ``bodies``, ``citations`` and ``findings`` refer to. ``files`` is the manifest: one row per
input path, whatever became of it.

``flatten(doc, findings)`` turns one parsed document (and its findings, when checked) into
``{table: [row dict, ...]}``; it runs in the worker, so only plain data crosses process boundaries.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Optional

#: table -> [(column, DuckDB type)], in order. ``files`` and ``documents`` first: the others refer to them.
TABLES: dict[str, list[tuple[str, str]]] = {
    "files": [
        ("path", "VARCHAR"), ("size", "BIGINT"), ("sha256", "VARCHAR"), ("format", "VARCHAR"),
        ("pages", "INTEGER"), ("status", "VARCHAR"), ("error", "VARCHAR"), ("exit_code", "INTEGER"),
        ("duration_s", "DOUBLE"), ("shailoo_version", "VARCHAR"), ("doc_id", "VARCHAR"),
        ("duplicate_of", "VARCHAR"), ("run_id", "VARCHAR"), ("converted_at", "TIMESTAMP"),
    ],
    "documents": [
        ("doc_id", "VARCHAR"), ("path", "VARCHAR"), ("format", "VARCHAR"), ("pages", "INTEGER"),
        ("kind", "VARCHAR"), ("language", "VARCHAR"), ("title", "VARCHAR"), ("election_day", "DATE"),
        ("approved_by", "VARCHAR"), ("approved_act", "VARCHAR"), ("approved_number", "VARCHAR"),
        ("approved_date", "DATE"), ("period_start", "DATE"), ("period_end", "DATE"),
        ("activities", "INTEGER"), ("warnings", "INTEGER"), ("schema", "VARCHAR"), ("json", "VARCHAR"),
    ],
    "activities": [
        ("doc_id", "VARCHAR"), ("activity", "INTEGER"), ("kind", "VARCHAR"), ("number", "VARCHAR"),
        ("path", "VARCHAR"), ("section", "VARCHAR"), ("text", "VARCHAR"), ("term_text", "VARCHAR"),
        ("owner_text", "VARCHAR"), ("cells", "VARCHAR"), ("page", "INTEGER"), ("table_no", "INTEGER"),
        ("row_no", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"),
    ],
    "terms": [
        ("doc_id", "VARCHAR"), ("activity", "INTEGER"), ("term", "INTEGER"), ("kind", "VARCHAR"),
        ("raw", "VARCHAR"), ("n", "INTEGER"), ("unit", "VARCHAR"), ("direction", "VARCHAR"),
        ("anchor", "VARCHAR"), ("bound", "VARCHAR"), ("date", "DATE"), ("end_date", "DATE"),
        ("computed", "DATE"), ("last_day", "DATE"), ("printed", "VARCHAR"), ("reason", "VARCHAR"),
    ],
    "bodies": [
        ("doc_id", "VARCHAR"), ("activity", "INTEGER"), ("body_id", "VARCHAR"), ("name", "VARCHAR"),
        ("department", "VARCHAR"), ("body_kind", "VARCHAR"), ("raw", "VARCHAR"),
    ],
    "citations": [
        ("doc_id", "VARCHAR"), ("activity", "INTEGER"), ("act", "VARCHAR"), ("article", "VARCHAR"),
        ("part", "VARCHAR"), ("point", "VARCHAR"), ("paragraph", "VARCHAR"), ("raw", "VARCHAR"),
        ("resolved_by", "VARCHAR"), ("reason", "VARCHAR"),
    ],
    "mentions": [
        ("doc_id", "VARCHAR"), ("type", "VARCHAR"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("value", "VARCHAR"),
    ],
    "findings": [
        ("doc_id", "VARCHAR"), ("activity", "INTEGER"), ("label", "VARCHAR"), ("code", "VARCHAR"),
        ("rule", "VARCHAR"), ("severity", "VARCHAR"), ("cell", "VARCHAR"), ("message", "VARCHAR"),
        ("expected", "VARCHAR"), ("found", "VARCHAR"), ("statute_act", "VARCHAR"),
        ("statute_article", "VARCHAR"), ("statute_part", "VARCHAR"),
    ],
}

#: Tables whose rows belong to one document (replaced together when the document is converted again).
DOCUMENT_TABLES = ("documents", "activities", "terms", "bodies", "citations", "mentions", "findings")


def columns(table: str) -> list[str]:
    return [c for c, _ in TABLES[table]]


def _iso(v: Optional[dt.date]) -> Optional[str]:
    return v.isoformat() if v else None


def _json(v: Any) -> Optional[str]:
    if v is None:
        return None
    if hasattr(v, "model_dump"):
        v = v.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    elif isinstance(v, list):
        v = [x.model_dump(mode="json", by_alias=True, exclude_defaults=True) if hasattr(x, "model_dump") else x
             for x in v]
    return json.dumps(v, ensure_ascii=False, default=str)


def _term_row(doc_id: str, i: int, k: int, t) -> dict:
    row = {"doc_id": doc_id, "activity": i, "term": k, "kind": t.kind, "raw": t.raw,
           "reason": t.reason}
    for name in ("n", "unit", "direction", "anchor", "bound"):
        row[name] = getattr(t, name, None)
    date = end = None
    if t.kind == "date":
        date = t.date.value
    elif t.kind == "range":
        date, end = t.start_date.value, t.end_date.value
    elif t.kind == "period":
        date, end = t.first_day, t.last_day
    elif t.kind == "dates":
        values = [x.date.value if x.kind == "date" else x.start_date.value for x in t.items]
        values = [v for v in values if v]
        date = min(values) if values else None
        ends = [x.date.value if x.kind == "date" else x.end_date.value for x in t.items]
        ends = [v for v in ends if v]
        end = max(ends) if ends else None
    row["date"], row["end_date"] = _iso(date), _iso(end)
    row["computed"] = _iso(getattr(t, "computed", None))
    row["last_day"] = _iso(getattr(t, "last_day", None)) if t.kind != "period" else None
    printed = getattr(t, "printed", None)
    row["printed"] = json.dumps([d.value.isoformat() for d in printed if d.value]) if printed else None
    if row["unit"] is not None and t.kind == "period":
        row["unit"] = t.unit
    return row


def _owner_text(cells: dict) -> Optional[str]:
    for role in ("responsible", "executor", "participants"):
        if cells.get(role):
            return cells[role]
    return None


def flatten(doc, findings: Iterable = (), doc_id: Optional[str] = None) -> dict[str, list[dict]]:
    """Rows of every document table for ``doc`` (a ``ParsedDocument``) and its ``findings``.

    ``doc_id`` defaults to the document's sha256. Dates are ISO strings; nested values (cells, printed
    dates, mention values) are JSON text, so every target can hold them.
    """
    doc_id = doc_id or doc.source.sha256
    info = doc.document
    ap = info.approved
    out: dict[str, list[dict]] = {t: [] for t in DOCUMENT_TABLES}
    out["documents"].append({
        "doc_id": doc_id, "path": doc.source.path, "format": doc.source.format, "pages": doc.source.pages,
        "kind": info.kind, "language": info.language, "title": info.title,
        "election_day": _iso(info.election_day),
        "approved_by": ap.by if ap else None, "approved_act": ap.act if ap else None,
        "approved_number": ap.number if ap else None, "approved_date": _iso(ap.date) if ap else None,
        "period_start": _iso(info.period.start) if info.period else None,
        "period_end": _iso(info.period.end) if info.period else None,
        "activities": len(doc.activities), "warnings": len(doc.warnings), "schema": "shailoo/document@1",
        "json": doc.to_json(indent=None),
    })
    index: dict[str, int] = {}
    for i, a in enumerate(doc.activities):
        p = a.provenance
        label = (a.number or "").strip().rstrip(".") or a.path
        if label and label not in index:
            index[label] = i
        out["activities"].append({
            "doc_id": doc_id, "activity": i, "kind": a.kind, "number": a.number, "path": a.path,
            "section": " / ".join(a.section) or None, "text": a.text, "term_text": a.cells.get("term"),
            "owner_text": _owner_text(a.cells), "cells": json.dumps(a.cells, ensure_ascii=False),
            "page": p.page, "table_no": p.table, "row_no": p.row, "start": p.start, "end": p.end,
        })
        terms = list(a.terms) or ([a.term] if a.term is not None else [])
        out["terms"].extend(_term_row(doc_id, i, k, t) for k, t in enumerate(terms))
        out["bodies"].extend({"doc_id": doc_id, "activity": i, "body_id": b.id, "name": b.name,
                              "department": b.department, "body_kind": b.kind, "raw": b.raw}
                             for b in a.responsible)
        out["citations"].extend({"doc_id": doc_id, "activity": i, "act": c.act, "article": c.article,
                                 "part": c.part, "point": c.point, "paragraph": c.paragraph, "raw": c.raw,
                                 "resolved_by": c.act_resolved_by, "reason": c.reason} for c in a.citations)
    out["mentions"] = [{"doc_id": doc_id, "type": m.type, "text": m.text, "start": m.start, "end": m.end,
                        "value": _json(m.value)} for m in doc.mentions]
    for f in findings:
        s = f.statute
        out["findings"].append({
            "doc_id": doc_id, "activity": index.get(f.activity) if f.activity else None, "label": f.activity,
            "code": f.code, "rule": f.rule, "severity": f.severity, "cell": f.cell, "message": f.message,
            "expected": f.expected, "found": f.found, "statute_act": s.act if s else None,
            "statute_article": s.article if s else None, "statute_part": s.part if s else None,
        })
    return out
