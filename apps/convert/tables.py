"""The tables of a conversion (``shailoo convert``): their typed columns and keys, and one document
flattened into rows.

``SCHEMA`` is the one definition: table -> its description, columns (name, type, description) and keys.
Every target is made from it: the DuckDB store (``ddl``: typed columns, ``PRIMARY KEY``, ``FOREIGN KEY``),
the rows moved into it (``arrow_table``), the Parquet files (``arrow_schema``: the same types), the
CSV and XLSX files (nested values as JSON text, ``export_sql``), ``shailoo schema --tables`` and the
README's table (``markdown``). Types are DuckDB's: ``DATE`` for every date, ``VARCHAR[]`` for lists,
``MAP(VARCHAR, VARCHAR)`` for a row's cells, ``STRUCT`` for a mention's citations, ``ENUM`` where the
values are a closed set (taken from the model's ``Literal`` types, so the two never drift apart), and
``JSON`` for the whole document.

Keys: ``documents.doc_id`` is the sha256 of the file's bytes, so a file stored under two paths is one
document; every other document table carries ``doc_id`` (a declared foreign key to ``documents``);
rows of a document's activities are ``(doc_id, activity)``, the activity's index in
``ParsedDocument.activities``, which ``terms``, ``bodies``, ``citations`` and ``findings`` refer to (a
key of ``activities``, not declared as a foreign key: DuckDB cannot replace a referenced row and the
rows that refer to it in one transaction, which is how a document converted again is written).
``files`` is the manifest: one row per input path, whatever became of it; its ``doc_id`` links to the
document it became (or duplicates), not declared either, for the same reason.

``flatten(doc, findings)`` turns one parsed document (and its findings, when checked) into
``{table: [row dict, ...]}`` of plain Python values (dates as ``datetime.date``, lists, dicts); it runs
in the worker, so only plain data crosses process boundaries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Optional, get_args

from shailoo.model import (
    Activity, Citation, DocumentKind, Language, Mention, PeriodTerm, RelativeTerm, Term, TimeUnit,
)
from shailoo.settings import FORMATS

# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Type:
    """A column type: its DuckDB spelling (``duck``) and what makes its Arrow type (``arrow()``)."""

    duck: str
    kind: str  # scalar | enum | list | map | struct | json
    scalar: str = ""  # the pyarrow factory of a scalar: string, int32, int64, float64, date32, timestamp
    values: tuple[str, ...] = ()  # enum
    item: Optional["Type"] = None  # list
    fields: tuple[tuple[str, "Type"], ...] = ()  # struct

    @property
    def nested(self) -> bool:
        return self.kind in ("list", "map", "struct")

    def arrow(self, writing: bool = False):
        """The pyarrow type of the column as the targets hold it; ``writing``: as rows are handed to DuckDB
        (an ENUM or JSON value goes in as text and DuckDB checks it)."""
        import pyarrow as pa  # on call: only writing rows or Parquet needs it

        if self.kind == "scalar":
            return pa.timestamp("us") if self.scalar == "timestamp" else getattr(pa, self.scalar)()
        if self.kind == "enum":
            return pa.string() if writing else pa.dictionary(pa.uint8() if len(self.values) < 256 else pa.uint16(),
                                                             pa.string())
        if self.kind == "json":
            return pa.string() if writing or not hasattr(pa, "json_") else pa.json_(pa.string())
        if self.kind == "list":
            return pa.list_(self.item.arrow(writing))
        if self.kind == "map":
            return pa.map_(pa.string(), pa.string())
        return pa.struct([(n, t.arrow(writing)) for n, t in self.fields])


VARCHAR = Type("VARCHAR", "scalar", "string")
INTEGER = Type("INTEGER", "scalar", "int32")
BIGINT = Type("BIGINT", "scalar", "int64")
DOUBLE = Type("DOUBLE", "scalar", "float64")
DATE = Type("DATE", "scalar", "date32")
TIMESTAMP = Type("TIMESTAMP", "scalar", "timestamp")
JSON = Type("JSON", "json")
CELLS = Type("MAP(VARCHAR, VARCHAR)", "map")


def LIST(item: Type) -> Type:
    return Type(f"{item.duck}[]", "list", item=item)


def STRUCT(**fields: Type) -> Type:
    return Type("STRUCT(" + ", ".join(f'"{n}" {t.duck}' for n, t in fields.items()) + ")", "struct",
                fields=tuple(fields.items()))


def ENUM(*values: str) -> Type:
    values = tuple(dict.fromkeys(values))
    return Type("ENUM(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")", "enum", values=values)


def _literal(annotation) -> tuple[str, ...]:
    """The strings of a ``Literal`` (also inside ``Optional``)."""
    return tuple(v for a in get_args(annotation) for v in ((a,) if isinstance(a, str) else _literal(a)))


def _field(model, name: str) -> tuple[str, ...]:
    return _literal(model.model_fields[name].annotation)


#: What became of an input (``files.status``).
STATUSES = ("ok", "failed", "skipped", "scanned")
#: ``shailoo.rules.findings.Severity`` (a test holds them equal; importing the rules here would cost
#: ``query`` a tenth of a second).
SEVERITIES = ("error", "warning", "info")
TERM_KINDS = tuple(get_args(m.model_fields["kind"].annotation)[0] for m in get_args(get_args(Term)[0]))
UNITS = tuple(dict.fromkeys(_literal(TimeUnit) + _field(PeriodTerm, "unit")))

# --------------------------------------------------------------------------- the schema


@dataclass(frozen=True)
class Column:
    name: str
    type: Type
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    #: (columns, table referred to, its columns)
    refs: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    not_null: tuple[str, ...] = ()


def _t(name: str, doc: str, cols: list[tuple[str, Type, str]], key=(), refs=(), not_null=()) -> Table:
    return Table(name, doc, tuple(Column(*c) for c in cols), tuple(key), tuple(refs), tuple(not_null))


_DOC = ((("doc_id",), "documents", ("doc_id",)),)
_DOC_ID = ("doc_id", VARCHAR, "the document (`documents.doc_id`)")
_ACTIVITY = ("activity", INTEGER, "the activity's index in its document (`activities.activity`)")

#: Every table, in order: ``files`` and ``documents`` first (the others refer to them).
SCHEMA: dict[str, Table] = {t.name: t for t in [
    _t("files", "the manifest: one row per input path, whatever became of it", [
        ("path", VARCHAR, "the input path as given"),
        ("size", BIGINT, "bytes"),
        ("sha256", VARCHAR, "of the file's bytes"),
        ("format", ENUM(*FORMATS), "the format read"),
        ("pages", INTEGER, "pages of a PDF"),
        ("status", ENUM(*STATUSES), "what became of it"),
        ("reason", VARCHAR, "why it failed, was skipped or scanned: one line naming the path"),
        ("exit_code", INTEGER, "the exit code the file alone would give (0 converted or skipped)"),
        ("duration_s", DOUBLE, "seconds spent reading it"),
        ("shailoo_version", VARCHAR, "the version that converted it"),
        ("doc_id", VARCHAR, "the document it became, or the one it duplicates"),
        ("duplicate_of", VARCHAR, "the path converted for the same bytes"),
        ("run_id", VARCHAR, "the run that wrote the row"),
        ("converted_at", TIMESTAMP, "when the row was written"),
    ], key=("path",), not_null=("status",)),
    _t("documents", "one row per document (distinct bytes)", [
        ("doc_id", VARCHAR, "the sha256 of the file"),
        ("path", VARCHAR, "the path it was converted from"),
        ("format", ENUM(*FORMATS), "the format read"),
        ("pages", INTEGER, "pages of a PDF"),
        ("kind", ENUM(*_literal(DocumentKind)), "what the document is"),
        ("language", ENUM(*_literal(Language)), "its language"),
        ("title", VARCHAR, "as printed"),
        ("election_day", DATE, "the voting day the document names"),
        ("approved_by", VARCHAR, "the body that approved it, as printed"),
        ("approved_act", VARCHAR, "the act approving it, as printed"),
        ("approved_number", VARCHAR, "that act's number"),
        ("approved_date", DATE, "that act's date"),
        ("period_start", DATE, "the plan period's first day"),
        ("period_end", DATE, "the plan period's last day"),
        ("activities", INTEGER, "rows in `activities`"),
        ("warnings", INTEGER, "reading warnings"),
        ("schema", VARCHAR, "the document's JSON schema name (shailoo/document@1)"),
        ("json", JSON, "the whole parsed document (`shailoo parse` output)"),
    ], key=("doc_id",)),
    _t("activities", "one row per activity: a plan's row, a measure, a resolution's point", [
        _DOC_ID,
        ("activity", INTEGER, "its index in the document, from 0"),
        ("kind", ENUM(*_field(Activity, "kind")), "what the row is"),
        ("number", VARCHAR, "the number as printed (`12.`)"),
        ("path", VARCHAR, "the number as a path (`2.1`)"),
        ("section", LIST(VARCHAR), "the section headings above it, outermost first"),
        ("text", VARCHAR, "the text of the activity"),
        ("term_text", VARCHAR, "the term cell as printed"),
        ("owner_text", VARCHAR, "the responsible (or executor, or participants) cell as printed"),
        ("cells", CELLS, "column role → cell text as printed (`cells['term']`)"),
        ("page", INTEGER, "page it starts on"),
        ("table_no", INTEGER, "table it comes from"),
        ("row_no", INTEGER, "row of that table"),
        ("start", INTEGER, "offset into the document text"),
        ("end", INTEGER, "end offset"),
    ], key=("doc_id", "activity"), refs=_DOC),
    _t("terms", "one row per term of an activity's term cell, in order", [
        _DOC_ID, _ACTIVITY,
        ("term", INTEGER, "its index in the cell, from 0"),
        ("kind", ENUM(*TERM_KINDS), "the kind of term"),
        ("raw", VARCHAR, "the term as printed"),
        ("n", INTEGER, "a relative term's number of units"),
        ("unit", ENUM(*UNITS), "a relative term's unit, a period's unit"),
        ("direction", ENUM(*_field(RelativeTerm, "direction")), "a relative term's direction"),
        ("anchor", VARCHAR, "the event a relative, event or recurring term counts from (`unknown` when not in "
                            "the vocabulary)"),
        ("bound", ENUM(*_field(RelativeTerm, "bound")), "how a relative term bounds the action"),
        ("date", DATE, "a date's day, a range's or a period's first day, the first of several dates"),
        ("end_date", DATE, "a range's or a period's last day, the last of several dates"),
        ("computed", DATE, "a relative or event term's date from the election calendar (when its anchor is "
                           "known)"),
        ("last_day", DATE, "the last day a relative term's action may be done"),
        ("printed", LIST(DATE), "every complete date printed in the term, in order: a date's, a range's two, "
                                "a relative or event term's date in brackets (whether or not its anchor is "
                                "known), a recurring term's occurrences with a year"),
        ("printed_date", DATE, "the first of `printed`"),
        ("reason", VARCHAR, "why the term is incomplete or not understood"),
    ], key=("doc_id", "activity", "term"), refs=_DOC),
    _t("bodies", "one row per owner of an activity (its responsible cell)", [
        _DOC_ID, _ACTIVITY,
        ("body", INTEGER, "its index among the activity's owners, from 0"),
        ("body_id", VARCHAR, "the gazetteer id, `other` when the gazetteer does not know it"),
        ("name", VARCHAR, "the gazetteer's name"),
        ("department", VARCHAR, "a department of the body, as printed"),
        ("body_kind", VARCHAR, "commission, ministry, agency, person, … (open)"),
        ("raw", VARCHAR, "as printed"),
    ], key=("doc_id", "activity", "body"), refs=_DOC),
    _t("citations", "one row per provision an activity cites", [
        _DOC_ID, _ACTIVITY,
        ("citation", INTEGER, "its index among the activity's citations, from 0"),
        ("act", VARCHAR, "the act's id in the registry of acts"),
        ("article", VARCHAR, "article"),
        ("part", VARCHAR, "part"),
        ("point", VARCHAR, "point"),
        ("paragraph", VARCHAR, "paragraph"),
        ("raw", VARCHAR, "as printed"),
        ("resolved_by", ENUM(*_field(Citation, "act_resolved_by")), "how the act was found"),
        ("reason", VARCHAR, "why it could not be resolved"),
    ], key=("doc_id", "activity", "citation"), refs=_DOC),
    _t("mentions", "one row per date, range, term, body or citation found anywhere in the text", [
        _DOC_ID,
        ("mention", INTEGER, "its index in the document, from 0"),
        ("type", ENUM(*_field(Mention, "type")), "what was found"),
        ("text", VARCHAR, "as printed"),
        ("start", INTEGER, "offset into the document text"),
        ("end", INTEGER, "end offset"),
        ("term_kind", ENUM(*TERM_KINDS), "the kind of a date, range or term mention"),
        ("date", DATE, "as `terms.date`"),
        ("end_date", DATE, "as `terms.end_date`"),
        ("computed", DATE, "as `terms.computed`"),
        ("printed", LIST(DATE), "as `terms.printed`"),
        ("body_id", VARCHAR, "a body mention's gazetteer id"),
        ("body_name", VARCHAR, "a body mention's gazetteer name"),
        ("citations", LIST(STRUCT(act=VARCHAR, article=VARCHAR, part=VARCHAR, point=VARCHAR, paragraph=VARCHAR)),
         "the provisions a citation mention gives"),
    ], key=("doc_id", "mention"), refs=_DOC),
    _t("findings", "one row per finding of `--check`", [
        _DOC_ID,
        ("finding", INTEGER, "its index in the document's findings, from 0"),
        ("activity", INTEGER, "the activity it is about (null: about the whole document)"),
        ("label", VARCHAR, "that activity's number as the finding gives it"),
        ("code", VARCHAR, "the rule's code"),
        ("rule", VARCHAR, "the rule's name"),
        ("severity", ENUM(*SEVERITIES), "how bad"),
        ("cell", VARCHAR, "the cell it is about"),
        ("message", VARCHAR, "the finding, in the language of `--lang`"),
        ("expected", VARCHAR, "what the rule expected"),
        ("found", VARCHAR, "what the document has"),
        ("statute_act", VARCHAR, "the act of the provision it rests on"),
        ("statute_article", VARCHAR, "its article"),
        ("statute_part", VARCHAR, "its part"),
    ], key=("doc_id", "finding"), refs=_DOC),
]}

#: table -> [(column, DuckDB type)], in order (derived from ``SCHEMA``).
TABLES: dict[str, list[tuple[str, str]]] = {n: [(c.name, c.type.duck) for c in t.columns] for n, t in SCHEMA.items()}

#: Tables whose rows belong to one document (replaced together when the document is converted again).
DOCUMENT_TABLES = ("documents", "activities", "terms", "bodies", "citations", "mentions", "findings")
#: The same, the rows that refer to a document first: the order they are deleted in.
CHILD_TABLES = tuple(t for t in DOCUMENT_TABLES if t != "documents")


def columns(table: str) -> list[str]:
    return [c.name for c in SCHEMA[table].columns]


def _q(name: str) -> str:
    return f'"{name}"'


def ddl(table: str) -> str:
    """``CREATE TABLE`` of ``table`` with its types and keys."""
    t = SCHEMA[table]
    parts = [f"{_q(c.name)} {c.type.duck}" + (" NOT NULL" if c.name in t.not_null else "") for c in t.columns]
    if t.key:
        parts.append("PRIMARY KEY (" + ", ".join(map(_q, t.key)) + ")")
    for cols, other, theirs in t.refs:
        parts.append(f"FOREIGN KEY ({', '.join(map(_q, cols))}) REFERENCES {_q(other)} ({', '.join(map(_q, theirs))})")
    return f"CREATE TABLE IF NOT EXISTS {_q(table)} ({', '.join(parts)})"


#: The layout of a store: a digest of every table's DDL. A store made with another (an older shailoo)
#: is refused rather than half-written (``shailoo.apps.convert.engine.Store``).
LAYOUT = "convert/2:" + hashlib.sha256("\n".join(ddl(t) for t in SCHEMA).encode("utf-8")).hexdigest()[:12]


def layout_problem(con) -> Optional[str]:
    """Why the store open on ``con`` cannot be written or asked the ready questions: it holds the tables
    of another layout (an older shailoo's); None when it holds this layout, or none of the tables yet."""
    names = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
    if "shailoo_store" in names:
        row = con.execute("SELECT layout, shailoo_version FROM shailoo_store").fetchone()
        if row and row[0] == LAYOUT:
            return None
        made = f"shailoo {row[1]}" if row else "another shailoo"
    elif names & set(SCHEMA):
        made = "an older shailoo (JSON text columns)"
    else:
        return None
    return (f"a store of another table layout, made by {made}; convert into a new target, or again with "
            "--force to rebuild it")


def arrow_schema(table: str):
    """The pyarrow schema of ``table`` as the Parquet target holds it: dates ``date32``, lists ``list<…>``,
    cells ``map<string, string>``, citations ``list<struct<…>>``, ENUM columns dictionary-encoded text,
    the document's JSON the ``arrow.json`` extension type (where pyarrow has it)."""
    import pyarrow as pa  # on call: only writing rows or Parquet needs it

    return pa.schema([(c.name, c.type.arrow()) for c in SCHEMA[table].columns])


def arrow_table(table: str, rows: list[dict]):
    """A pyarrow table of ``rows`` (``flatten``'s dicts) with the column types of ``table``, ready to insert
    into the DuckDB store (ENUM and JSON values as text: DuckDB checks them on insert)."""
    import pyarrow as pa  # on call: only writing rows needs it

    arrays, names = [], []
    for c in SCHEMA[table].columns:
        values = [r.get(c.name) for r in rows]
        if c.type.kind == "map":
            values = [list(v.items()) if isinstance(v, dict) else v for v in values]
        arrays.append(pa.array(values, c.type.arrow(writing=True)))
        names.append(c.name)
    return pa.Table.from_arrays(arrays, names=names)


def export_sql(table: str, flat: bool = False, leave_out: tuple[str, ...] = ()) -> str:
    """``SELECT`` of ``table``'s columns in order (but ``leave_out``), every row sorted; ``flat``: nested
    values (lists, maps, structs) as JSON text, for targets that hold text only (CSV, XLSX)."""
    cols = []
    for c in SCHEMA[table].columns:
        if c.name in leave_out:
            continue
        cols.append(f"CAST(to_json({_q(c.name)}) AS VARCHAR) AS {_q(c.name)}" if flat and c.type.nested
                    else _q(c.name))
    return f"SELECT {', '.join(cols)} FROM {_q(table)} ORDER BY ALL"


def plain(value: Any) -> Any:
    """A value of a query's result as text-only targets show it: lists and maps as JSON, dates ISO."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


# --------------------------------------------------------------------------- the schema as text


def markdown() -> str:
    """Every table, its columns, types and keys as Markdown (``shailoo schema --tables``, the README)."""
    out = []
    for t in SCHEMA.values():
        keys = [f"primary key ({', '.join(t.key)})"] if t.key else []
        keys += [f"foreign key ({', '.join(cols)}) → {other}" for cols, other, theirs in t.refs]
        out.append(f"**{t.name}**: {t.doc}" + (f"; {'; '.join(keys)}" if keys else "") + ".\n")
        out.append("| column | type | |")
        out.append("| --- | --- | --- |")
        for c in t.columns:
            if c.type.kind == "enum":
                out.append(f"| `{c.name}` | `ENUM` | {c.doc}: {', '.join(f'`{v}`' for v in c.type.values)} |")
            else:
                out.append(f"| `{c.name}` | `{c.type.duck}` | {c.doc} |")
        out.append("")
    # on call: the views' descriptions (a module of this package without imports)
    from shailoo.apps.convert.views import VIEW_DOCS

    out.append("**Views**: " + "; ".join(f"`{n}` {d}" for n, d in VIEW_DOCS.items()) + ".\n")
    return "\n".join(out)


# --------------------------------------------------------------------------- a document as rows


def _dates(values: Iterable[Optional[dt.date]]) -> list[dt.date]:
    return [v for v in values if v is not None]


def _printed(t) -> list[dt.date]:
    """Every complete date printed in a term, in order."""
    if t.kind == "date":
        return _dates([t.date.value])
    if t.kind == "range":
        return _dates([t.start_date.value, t.end_date.value])
    if t.kind == "dates":
        return [d for x in t.items for d in _printed(x)]
    if t.kind == "recurring":
        return _dates(d.value for d in t.occurrences)
    return _dates(d.value for d in getattr(t, "printed", None) or [])


def _term_dates(t) -> dict:
    """The date columns of a term (shared by ``terms`` and ``mentions``)."""
    date = end = None
    if t.kind == "date":
        date = t.date.value
    elif t.kind == "range":
        date, end = t.start_date.value, t.end_date.value
    elif t.kind == "period":
        date, end = t.first_day, t.last_day
    elif t.kind == "dates":
        starts = _dates(x.date.value if x.kind == "date" else x.start_date.value for x in t.items)
        ends = _dates(x.date.value if x.kind == "date" else x.end_date.value for x in t.items)
        date, end = (min(starts) if starts else None), (max(ends) if ends else None)
    printed = _printed(t)
    return {"date": date, "end_date": end, "computed": getattr(t, "computed", None), "printed": printed}


def _term_row(doc_id: str, i: int, k: int, t) -> dict:
    row = {"doc_id": doc_id, "activity": i, "term": k, "kind": t.kind, "raw": t.raw, "reason": t.reason,
           "n": getattr(t, "n", None), "unit": getattr(t, "unit", None), "anchor": getattr(t, "anchor", None),
           "direction": t.direction if isinstance(t, RelativeTerm) else None,
           "bound": t.bound if isinstance(t, RelativeTerm) else None,
           "last_day": t.last_day if isinstance(t, RelativeTerm) else None}
    row.update(_term_dates(t))
    row["printed_date"] = row["printed"][0] if row["printed"] else None
    return row


def _mention_row(doc_id: str, k: int, m) -> dict:
    row = {"doc_id": doc_id, "mention": k, "type": m.type, "text": m.text, "start": m.start, "end": m.end}
    v = m.value
    if m.type in ("date", "range", "term") and v is not None and hasattr(v, "kind"):
        row["term_kind"] = v.kind
        row.update(_term_dates(v))
    elif m.type == "body" and v is not None:
        row["body_id"], row["body_name"] = v.id, v.name
    elif m.type == "citation" and v:
        row["citations"] = [{"act": c.act, "article": c.article, "part": c.part, "point": c.point,
                             "paragraph": c.paragraph} for c in (v if isinstance(v, list) else [v])]
    return row


def _owner_text(cells: dict) -> Optional[str]:
    for role in ("responsible", "executor", "participants"):
        if cells.get(role):
            return cells[role]
    return None


def flatten(doc, findings: Iterable = (), doc_id: Optional[str] = None) -> dict[str, list[dict]]:
    """Rows of every document table for ``doc`` (a ``ParsedDocument``) and its ``findings``.

    ``doc_id`` defaults to the document's sha256. Values are plain Python: dates ``datetime.date``,
    lists, dicts (cells), the document's JSON as text.
    """
    doc_id = doc_id or doc.source.sha256
    info = doc.document
    ap = info.approved
    out: dict[str, list[dict]] = {t: [] for t in DOCUMENT_TABLES}
    out["documents"].append({
        "doc_id": doc_id, "path": doc.source.path, "format": doc.source.format, "pages": doc.source.pages,
        "kind": info.kind, "language": info.language, "title": info.title, "election_day": info.election_day,
        "approved_by": ap.by if ap else None, "approved_act": ap.act if ap else None,
        "approved_number": ap.number if ap else None, "approved_date": ap.date if ap else None,
        "period_start": info.period.start if info.period else None,
        "period_end": info.period.end if info.period else None,
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
            "section": list(a.section), "text": a.text, "term_text": a.cells.get("term"),
            "owner_text": _owner_text(a.cells), "cells": dict(a.cells),
            "page": p.page, "table_no": p.table, "row_no": p.row, "start": p.start, "end": p.end,
        })
        terms = list(a.terms) or ([a.term] if a.term is not None else [])
        out["terms"].extend(_term_row(doc_id, i, k, t) for k, t in enumerate(terms))
        out["bodies"].extend({"doc_id": doc_id, "activity": i, "body": k, "body_id": b.id, "name": b.name,
                              "department": b.department, "body_kind": b.kind, "raw": b.raw}
                             for k, b in enumerate(a.responsible))
        out["citations"].extend({"doc_id": doc_id, "activity": i, "citation": k, "act": c.act, "article": c.article,
                                 "part": c.part, "point": c.point, "paragraph": c.paragraph, "raw": c.raw,
                                 "resolved_by": c.act_resolved_by, "reason": c.reason}
                                for k, c in enumerate(a.citations))
    out["mentions"] = [_mention_row(doc_id, k, m) for k, m in enumerate(doc.mentions)]
    for k, f in enumerate(findings):
        s = f.statute
        out["findings"].append({
            "doc_id": doc_id, "finding": k, "activity": index.get(f.activity) if f.activity else None,
            "label": f.activity, "code": f.code, "rule": f.rule, "severity": f.severity, "cell": f.cell,
            "message": f.message, "expected": f.expected, "found": f.found, "statute_act": s.act if s else None,
            "statute_article": s.article if s else None, "statute_part": s.part if s else None,
        })
    return out
