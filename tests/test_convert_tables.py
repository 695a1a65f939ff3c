"""The typed tables of ``shailoo convert`` (issue 21): DATE, LIST, MAP, STRUCT and ENUM columns instead of
JSON text, declared keys, the same types in Parquet, the ``activities_flat`` view, the schema printed by
``shailoo schema --tables`` (and shown in the README), and a store of the old layout refused.

The expectations are written from the plan below, by hand: what each row prints."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import get_args

import duckdb
import pytest

from shailoo.apps.convert import tables as T
from shailoo.cli import main
from conftest import ROOT

D = dt.date

#: A calendar plan of local kenesh elections on 9 October 2022: two sections, four rows; row 2's term is
#: relative to an event outside the vocabulary (the anchor is unknown) with its date printed in brackets,
#: row 4's is relative to the voting day (60 days before 9 October 2022 is 10 August 2022).
PLAN = "\n".join([
    "Календарный план",
    "мероприятий по подготовке и проведению выборов депутатов местных кенешей 9 октября 2022 года",
    "",
    "№\tМероприятия\tСроки исполнения\tОтветственные\tОснование",
    "I. Назначение выборов",
    "1.\tОпубликование решения о назначении выборов\tдо 10 августа 2022 года\tЦентральная комиссия\tч.1 ст.12 Закона",
    "2.\tРассмотрение обращений граждан\tВ течение 10 рабочих дней со дня поступления обращения "
    "(до 19 августа 2022 года)\tЦентральная комиссия\t",
    "II. Выдвижение",
    "3.\tВыдвижение кандидатов\tс 11 по 25 августа 2022 года\tПолитические партии, Центральная комиссия\t"
    "ст.28, ст.29 Закона",
    "4.\tОбразование участковых избирательных комиссий\tЗа 60 календарных дней до дня голосования "
    "(до 10 августа 2022 года)\tТерриториальные избирательные комиссии\t",
]) + "\n"

#: (activity, term) -> kind, date, end_date, printed, printed_date, computed
TERMS = {
    (0, 0): ("date", D(2022, 8, 10), None, [D(2022, 8, 10)], D(2022, 8, 10), None),
    (1, 0): ("relative", None, None, [D(2022, 8, 19)], D(2022, 8, 19), None),
    (2, 0): ("range", D(2022, 8, 11), D(2022, 8, 25), [D(2022, 8, 11), D(2022, 8, 25)], D(2022, 8, 11), None),
    (3, 0): ("relative", None, None, [D(2022, 8, 10)], D(2022, 8, 10), D(2022, 8, 10)),
}
SECTIONS = [["I. Назначение выборов"]] * 2 + [["II. Выдвижение"]] * 2


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("typed")
    p = d / "plan.txt"
    p.write_text(PLAN, encoding="utf-8")
    return p


def _convert(plan: Path, target: Path) -> str:
    code, out, err = run(["convert", plan, "--out", target, "-j", "1"])
    assert code == 0, err
    return str(target)


@pytest.fixture(scope="module")
def store(plan) -> str:
    return _convert(plan, plan.parent / "plan.duckdb")


@pytest.fixture(scope="module")
def parquet(plan) -> str:
    return _convert(plan, plan.parent / "tables")


def _con(db: str):
    return duckdb.connect(db, read_only=True)


# --------------------------------------------------------------------------- the DuckDB store


def test_column_types_are_the_declared_ones(store):
    con = _con(store)
    try:
        for name, cols in T.TABLES.items():
            got = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                              "WHERE table_name = ? ORDER BY ordinal_position", [name]).fetchall()
            assert [c for c, _ in got] == [c for c, _ in cols], name
            for (col, typ), (_, declared) in zip(got, cols):
                if declared.startswith("ENUM("):
                    assert typ.startswith("ENUM("), (name, col, typ)
                else:
                    assert typ.replace('"', "") == declared.replace('"', ""), (name, col, typ, declared)
        # no JSON text left where a type was asked for
        types = dict(con.execute("SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
                                 " WHERE table_schema = 'main'").fetchall())
        assert types["activities.cells"] == "MAP(VARCHAR, VARCHAR)"
        assert types["activities.section"] == "VARCHAR[]"
        assert types["terms.printed"] == types["mentions.printed"] == "DATE[]"
        assert types["terms.printed_date"] == types["terms.computed"] == "DATE"
        assert types["mentions.citations"].startswith("STRUCT(") and types["mentions.citations"].endswith("[]")
        assert types["documents.json"] == "JSON"
        assert types["files.status"].startswith("ENUM(") and types["findings.severity"].startswith("ENUM(")
    finally:
        con.close()


def test_keys_are_declared(store):
    con = _con(store)
    try:
        rows = con.execute("SELECT table_name, constraint_type, constraint_column_names, referenced_table "
                           "FROM duckdb_constraints()").fetchall()
    finally:
        con.close()
    assert rows
    pks = {t: tuple(cols) for t, kind, cols, _ in rows if kind == "PRIMARY KEY"}
    assert pks == {"files": ("path",), "documents": ("doc_id",), "activities": ("doc_id", "activity"),
                   "terms": ("doc_id", "activity", "term"), "bodies": ("doc_id", "activity", "body"),
                   "citations": ("doc_id", "activity", "citation"), "mentions": ("doc_id", "mention"),
                   "findings": ("doc_id", "finding")}
    fks = {t: (tuple(cols), ref) for t, kind, cols, ref in rows if kind == "FOREIGN KEY"}
    assert fks == {t: (("doc_id",), "documents") for t in T.CHILD_TABLES}


def test_enum_values_are_the_models(store):
    from shailoo.rules.findings import Severity

    assert T.SEVERITIES == get_args(Severity)
    con = _con(store)
    try:
        with pytest.raises(duckdb.Error):  # a closed set: a value outside it cannot be stored
            con.execute("SELECT 'no_such_kind'::" + dict(T.TABLES["documents"])["kind"]).fetchall()
    finally:
        con.close()


def test_rows_are_typed_values(store):
    con = _con(store)
    try:
        terms = con.execute("SELECT activity, term, kind, date, end_date, printed, printed_date, computed "
                            "FROM terms ORDER BY activity, term").fetchall()
        acts = con.execute("SELECT activity, section, cells, cells['term'], term_text FROM activities "
                           "ORDER BY activity").fetchall()
        rel = con.execute("SELECT n, unit, direction, anchor FROM terms WHERE activity = 1").fetchone()
        cited = con.execute("SELECT citations FROM mentions WHERE type = 'citation' ORDER BY mention").fetchall()
        arts = con.execute("SELECT [c.article FOR c IN citations] FROM mentions "
                           "WHERE type = 'citation' ORDER BY mention").fetchall()
    finally:
        con.close()
    assert {(a, k): tuple(r) for a, k, *r in terms} == TERMS
    # a relative term whose anchor is unknown keeps its printed date as a DATE
    assert rel == (10, "working_day", "after", "unknown")
    for (i, section, cells, term, term_text), want in zip(acts, SECTIONS):
        assert section == want
        assert isinstance(cells, dict) and cells["content"] and term == term_text == cells["term"]
    assert len(cited) == 2 and all(isinstance(c, list) and isinstance(c[0], dict) for (c,) in cited)
    assert [a for (a,) in arts] == [["12"], ["28", "29"]]


def test_pandas_reads_dates_as_dates(store):
    pd = pytest.importorskip("pandas")
    con = _con(store)
    try:
        df = con.execute("SELECT * FROM terms ORDER BY activity, term").df()
    finally:
        con.close()
    for col in ("date", "end_date", "computed", "last_day", "printed_date"):
        assert pd.api.types.is_datetime64_any_dtype(df[col]), (col, df[col].dtype)
    assert [x.date() if pd.notna(x) else None for x in df["printed_date"]] == [t[4] for t in TERMS.values()]
    printed = [[pd.Timestamp(v).date() for v in x] for x in df["printed"]]  # a list of dates, no JSON to parse
    assert printed == [t[3] for t in TERMS.values()]
    assert df["kind"].dtype.name == "category"


def test_polars_reads_dates_as_dates(store):
    pl = pytest.importorskip("polars")
    con = _con(store)
    try:
        df = con.sql("SELECT * FROM terms ORDER BY activity, term").pl()
        acts = con.sql("SELECT section, cells FROM activities ORDER BY activity").pl()
    finally:
        con.close()
    assert df.schema["printed_date"] == pl.Date and df.schema["computed"] == pl.Date
    assert df.schema["printed"] == pl.List(pl.Date)
    assert df["printed"].to_list() == [t[3] for t in TERMS.values()]
    assert df["computed"].to_list() == [t[5] for t in TERMS.values()]
    assert acts.schema["section"] == pl.List(pl.String)
    assert acts["section"].to_list() == SECTIONS


def test_activities_flat_is_plain_columns(store):
    con = _con(store)
    try:
        types = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_name = 'activities_flat'").fetchall()
        cur = con.execute("SELECT * FROM activities_flat ORDER BY activity")
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()
    assert not [t for _, t in types if re.search(r"\[\]|MAP\(|STRUCT\(|JSON", t)], types
    assert {"number", "section", "term_text", "printed_date", "computed", "owners", "citations"} <= set(cols)
    assert [r["number"] for r in rows] == ["1.", "2.", "3.", "4."]
    assert [r["section"] for r in rows] == [s[0] for s in SECTIONS]
    assert [r["printed_date"] for r in rows] == [t[4] for t in TERMS.values()]
    assert [r["computed"] for r in rows] == [t[5] for t in TERMS.values()]
    assert rows[1]["term_kind"] == "relative" and rows[1]["term_text"].startswith("В течение 10 рабочих дней")
    # two owners joined; the CEC named in rows 1, 2 and 3
    assert len(rows[2]["owners"].split("; ")) == 2 and "Центральная комиссия" in rows[2]["owners"]
    assert "Центральная комиссия" in rows[0]["owners"] and rows[0]["owner_text"] == "Центральная комиссия"
    assert [r["citations"] for r in rows] == ["local_kenesh_law 12.1", None,
                                              "local_kenesh_law 28; local_kenesh_law 29", None]


def test_query_examples_run_on_the_typed_store(store):
    for example, params in [("files", []), ("owners", []), ("findings", []),
                            ("deadlines-citing", ["--param", "article=12"])]:
        code, out, err = run(["query", store, "--example", example, *params, "-f", "json"])
        assert code == 0 and err == "", (example, err)
    code, out, err = run(["query", store, "SELECT printed_date, printed FROM deadlines ORDER BY activity", "-f", "csv"])
    assert code == 0, err
    assert out.splitlines()[1:3] == ['2022-08-10,"[""2022-08-10""]"', '2022-08-19,"[""2022-08-19""]"']  # lists as JSON


# --------------------------------------------------------------------------- the other targets


def test_parquet_keeps_the_types(parquet):
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in T.TABLES:
        schema = pq.read_schema(os.path.join(parquet, f"{name}.parquet"))
        assert schema.names == T.columns(name), name
        assert schema.remove_metadata().equals(T.arrow_schema(name)), name
    terms = pq.read_schema(os.path.join(parquet, "terms.parquet"))
    for col in ("date", "end_date", "computed", "last_day", "printed_date"):
        assert terms.field(col).type == pa.date32(), col
    assert terms.field("printed").type == pa.list_(pa.date32())
    assert pa.types.is_dictionary(terms.field("kind").type)
    acts = pq.read_schema(os.path.join(parquet, "activities.parquet"))
    assert acts.field("section").type == pa.list_(pa.string())
    assert pa.types.is_map(acts.field("cells").type)
    cit = pq.read_schema(os.path.join(parquet, "mentions.parquet")).field("citations").type
    assert pa.types.is_list(cit) and pa.types.is_struct(cit.value_type)
    assert [cit.value_type.field(i).name for i in range(cit.value_type.num_fields)] == \
        ["act", "article", "part", "point", "paragraph"]
    data = pq.read_table(os.path.join(parquet, "terms.parquet")).sort_by([("activity", "ascending")])
    assert data.column("printed").to_pylist() == [t[3] for t in TERMS.values()]
    assert data.column("printed_date").to_pylist() == [t[4] for t in TERMS.values()]


def test_parquet_from_polars_and_pandas(parquet):
    pl = pytest.importorskip("polars")
    df = pl.read_parquet(os.path.join(parquet, "terms.parquet")).sort("activity")
    assert df.schema["printed"] == pl.List(pl.Date) and df.schema["computed"] == pl.Date
    assert df["printed_date"].to_list() == [t[4] for t in TERMS.values()]
    pd = pytest.importorskip("pandas")
    pdf = pd.read_parquet(os.path.join(parquet, "terms.parquet")).sort_values("activity")
    assert list(pdf["printed_date"].map(lambda v: None if pd.isna(v) else pd.Timestamp(v).date())) == \
        [t[4] for t in TERMS.values()]


def test_csv_and_xlsx_hold_nested_values_as_json_text(plan, tmp_path):
    import csv
    import json

    target = _convert(plan, tmp_path / "out.csv")
    with open(os.path.join(target, "terms.csv"), encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["activity"]))
    assert [json.loads(r["printed"]) for r in rows] == [[d.isoformat() for d in t[3]] for t in TERMS.values()]
    assert rows[1]["printed_date"] == "2022-08-19"
    with open(os.path.join(target, "activities_flat.csv"), encoding="utf-8", newline="") as fh:
        flat = sorted(csv.DictReader(fh), key=lambda r: int(r["activity"]))
    assert [r["section"] for r in flat] == [s[0] for s in SECTIONS]

    from openpyxl import load_workbook

    book = _convert(plan, tmp_path / "out.xlsx")
    wb = load_workbook(book, read_only=True)
    try:
        assert wb.sheetnames == [*T.TABLES, "activities_flat"]
        acts = list(wb["activities"].iter_rows(values_only=True))
        head = list(acts[0])
        assert json.loads(acts[1][head.index("section")]) == SECTIONS[0]
        assert json.loads(acts[1][head.index("cells")])["term"] == "до 10 августа 2022 года"
    finally:
        wb.close()


# --------------------------------------------------------------------------- stores written before


def test_a_document_converted_again_is_replaced_whole(plan, tmp_path):
    """Same bytes, another shailoo version (--resume converts it again): the document keeps one row and
    its rows are written anew, the keys hold."""
    db = _convert(plan, tmp_path / "again.duckdb")
    con = duckdb.connect(db)
    con.execute("UPDATE files SET shailoo_version = '0.0.1'")
    con.close()
    code, out, err = run(["convert", plan, "--out", db, "-j", "1", "--resume"])
    assert code == 0, err
    assert " 1 converted" in out
    con = _con(db)
    try:
        counts = [con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t in ("documents", "activities", "terms")]
        version = con.execute("SELECT shailoo_version FROM files").fetchone()[0]
    finally:
        con.close()
    assert counts == [1, 4, 4]
    assert version != "0.0.1"


def test_orphan_documents_are_removed_on_the_next_run(plan, tmp_path):
    db = _convert(plan, tmp_path / "orphan.duckdb")
    con = duckdb.connect(db)
    con.execute("INSERT INTO documents (doc_id, path) VALUES ('orphan', 'gone.txt')")
    con.execute("INSERT INTO activities (doc_id, activity, section) VALUES ('orphan', 0, [])")
    con.close()
    code, out, err = run(["convert", plan, "--out", db, "-j", "1", "--resume"])
    assert code == 0, err
    con = _con(db)
    try:
        assert con.execute("SELECT count(*) FROM documents WHERE doc_id = 'orphan'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM activities WHERE doc_id = 'orphan'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    finally:
        con.close()


@pytest.mark.parametrize("old", ["json_text", "other_layout"])
def test_a_store_of_another_layout_is_refused(plan, tmp_path, old):
    db = str(tmp_path / "old.duckdb")
    con = duckdb.connect(db)
    if old == "json_text":  # the layout before issue 21: JSON text, the manifest's «error»
        con.execute("CREATE TABLE files (path VARCHAR, status VARCHAR, error VARCHAR)")
        con.execute("CREATE TABLE activities (doc_id VARCHAR, activity INTEGER, cells VARCHAR)")
        con.execute("INSERT INTO files VALUES ('x.txt', 'ok', NULL)")
    else:
        con.execute("CREATE TABLE shailoo_store (layout VARCHAR, shailoo_version VARCHAR)")
        con.execute("INSERT INTO shailoo_store VALUES ('convert/2:000000000000', '0.0.9')")
        con.execute("CREATE TABLE files (path VARCHAR)")
    con.close()
    before = open(db, "rb").read()
    code, out, err = run(["convert", plan, "--out", db, "-j", "1", "--resume"])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"shailoo: error: {db}: ") and "--force" in err, err
    assert open(db, "rb").read() == before  # not touched
    code, out, err = run(["query", db, "--example", "files"])  # the ready questions would fail on its columns
    assert code == 2 and err.count("\n") == 1 and "--force" in err, err
    code, out, err = run(["convert", plan, "--out", db, "-j", "1", "--force"])
    assert code == 0, err
    con = _con(db)
    try:
        assert con.execute("SELECT layout FROM shailoo_store").fetchone()[0] == T.LAYOUT
        assert "reason" in [d[0] for d in con.execute("SELECT * FROM files").description]
    finally:
        con.close()


# --------------------------------------------------------------------------- the schema, documented


def test_schema_tables_prints_every_table_and_column():
    code, out, err = run(["schema", "--tables"])
    assert code == 0, err
    assert out == T.markdown()
    for name, cols in T.TABLES.items():
        assert f"**{name}**" in out
        for col, typ in cols:
            assert f"| `{col}` | `{'ENUM' if typ.startswith('ENUM(') else typ}` |" in out, (name, col)
    assert "| `reason` |" in out and "| `error` |" not in out  # the manifest's column, as the README names it


def test_readme_shows_the_current_schema():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- schema --tables:[^\n]*-->\n(.*?)<!-- /schema --tables -->", text, re.S)
    assert m, "the README's generated table is missing"
    assert m.group(1) == T.markdown(), "README out of date: paste `shailoo schema --tables` between the markers"
