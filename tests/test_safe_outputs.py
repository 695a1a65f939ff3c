"""Outputs that cannot be turned against their readers or hosts (issue 18, 6).

- No XLSX or CSV written by shailoo holds a formula from document text: ``convert``'s XLSX and CSV
  targets, ``query -f csv`` and ``track status -f xlsx`` keep ``=HYPERLINK(…)``, ``=cmd|…``, ``+1+1``,
  ``@SUM(1)`` as text (``shailoo.outputs.cells``); a value over Excel's 32 767 characters or with a
  control character never makes a workbook unwritable.
- ``query`` reads the store only: writing files, reading other files, listing folders, installing or
  loading extensions, attaching databases, changing settings are refused (exit 2, one line).
- SARIF: uris are valid URI references, regions valid or left out, failed inputs reported as tool
  execution notifications.
- ``convert`` does not follow symbolic links out of its input folder (unless asked), accounts for each in
  the manifest, and ends on links that loop.

Hostile inputs are made here, at test time; the ones that could run away are run in a subprocess that
reports its time and peak memory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import pytest

from conftest import FIXTURES, ROOT
from shailoo.apps.convert.engine import discover, export
from shailoo.apps.convert.tables import TABLES
from shailoo.cli import main
from shailoo.outputs.cells import CUT_MARKER, XLSX_CELL, XlsxCells, is_formula_like, safe_cell
from shailoo.outputs.sarif import artifact_uri, format_sarif

PAYLOADS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)"]


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def run_measured(argv: list[str], cwd: Path) -> tuple[int, str, float, int]:
    """``shailoo ARGV`` in a subprocess (killed after 120 s): exit code, stderr, seconds, peak RSS in KiB."""
    script = textwrap.dedent("""
        import resource, sys, time
        t = time.perf_counter()
        from shailoo.cli import main
        code = main(sys.argv[1:])
        sys.stdout.flush()
        print(f"@@{time.perf_counter() - t} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
        sys.exit(code)
    """)
    # (no RLIMIT_AS: DuckDB reserves address space far beyond what it uses; the peak RSS is measured)
    proc = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=120, cwd=cwd)
    err, at, last = proc.stderr.rstrip("\n").rpartition("@@")
    assert at, proc.stderr[-3000:]
    seconds, peak = last.split()
    return proc.returncode, err, float(seconds), int(peak)


def plan_text(cells: list[str]) -> str:
    """A plan in the text format: one activity per payload, the payload as its content and its owner."""
    rows = ["Календарный план", "", "№\tМероприятия\tСроки исполнения\tОтветственные"]
    rows += [f"{i}.\t{p}\tдо 10 августа 2022 года\t{p}" for i, p in enumerate(cells, 1)]
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- the shared helper


@pytest.mark.parametrize("value,expected", [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'), ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1+1", "'+1+1"), ("@SUM(1)", "'@SUM(1)"), ("-2+3", "'-2+3"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("\n=1", "'\n=1"), ("- пункт 3", "'- пункт 3"),
    ("-5", "-5"), ("+7", "+7"), ("-0,5", "-0,5"), ("1.5e3", "1.5e3"), (-5, -5), (2.5, 2.5), (None, None),
    ("", ""), ("до 10 августа", "до 10 августа"), ("a=b", "a=b"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_xlsx_cells_cut_clean_and_count():
    cells = XlsxCells()
    long = "ы" * (XLSX_CELL + 10)
    assert len(cells.text(long)) == XLSX_CELL and cells.text(long).endswith(CUT_MARKER)
    assert cells.text("a\x0bb\x07c\x00d\ufffe") == "abcd"
    assert cells.text("tab\tline\ncr\r") == "tab\tline\ncr\r"
    assert (cells.cut, cells.cleaned) == (2, 1)


def _no_formula_in_workbook(path: Path) -> dict[str, list[dict]]:
    """Every sheet's rows by header; fails on any formula cell (in openpyxl's reading and in the XML)."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    wb = load_workbook(path)  # not read-only: each cell's data_type
    sheets = {}
    for ws in wb:
        rows = list(ws.iter_rows())
        for row in rows:
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and is_formula_like(c.value):
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate)
        head = [c.value for c in rows[0]] if rows else []
        sheets[ws.title] = [dict(zip(head, [c.value for c in r])) for r in rows[1:]]
    return sheets


def _csv_rows(path: Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _no_formula_in_csv(rows: list[dict]) -> None:
    for r in rows:
        for k, v in r.items():
            assert not is_formula_like(v), (k, v)


# --------------------------------------------------------------------------- convert: XLSX and CSV


@pytest.fixture(scope="module")
def payload_plan(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("formulas")
    p = d / "plan.txt"
    p.write_text(plan_text(PAYLOADS), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def payload_store(payload_plan) -> str:
    db = str(payload_plan.parent / "plan.duckdb")
    code, out, err = run("convert", payload_plan, "--out", db, "-j", "1")
    assert code == 0, err
    return db


def test_convert_xlsx_keeps_formulas_as_text(payload_plan, tmp_path):
    target = tmp_path / "out.xlsx"
    code, out, err = run("convert", payload_plan, "--out", target, "-j", "1")
    assert code == 0, err
    sheets = _no_formula_in_workbook(target)
    acts = sheets["activities"]
    assert [a["text"] for a in acts] == PAYLOADS  # every value reads as the text
    assert [a["owner_text"] for a in acts] == PAYLOADS


def test_convert_csv_neutralises_formulas(payload_plan, tmp_path):
    target = tmp_path / "out.csv"
    code, out, err = run("convert", payload_plan, "--out", str(target) + "/", "-j", "1")
    assert code == 0, err
    for name in TABLES:
        _no_formula_in_csv(_csv_rows(target / f"{name}.csv"))
    acts = _csv_rows(target / "activities.csv")
    assert [a["text"] for a in acts] == ["'" + p for p in PAYLOADS]
    assert [a["owner_text"] for a in acts] == ["'" + p for p in PAYLOADS]
    files = _csv_rows(target / "files.csv")  # numbers stay numbers, the other columns as before
    assert files[0]["status"] == "ok" and int(files[0]["size"]) == payload_plan.stat().st_size


def test_query_csv_neutralises_formulas(payload_store, tmp_path):
    out_file = tmp_path / "q.csv"
    code, out, err = run("query", payload_store, "SELECT text, -5 AS n FROM activities ORDER BY activity", "-f", "csv",
                         "-o", out_file)
    assert code == 0, err
    rows = _csv_rows(out_file)
    assert [r["text"] for r in rows] == ["'" + p for p in PAYLOADS]
    assert {r["n"] for r in rows} == {"-5"}
    _no_formula_in_csv(rows)


def _store_with(tmp_path: Path, text: str):
    """An in-memory store with the convert tables and one activity whose text is ``text``."""
    con = duckdb.connect()
    for name, cols in TABLES.items():
        con.execute(f'CREATE TABLE "{name}" (' + ", ".join(f'"{c}" {t}' for c, t in cols) + ")")
    con.execute("INSERT INTO activities (doc_id, activity, text, start) VALUES ('d', 0, ?, -50)", [text])
    return con


def test_xlsx_export_of_long_text_with_control_characters(tmp_path):
    # over 32 767 characters with a control character: the XLSX could never be written before (even on --resume)
    text = "=" + "ы" * 40000 + "\x0b\x07" + "конец"
    con = _store_with(tmp_path, text)
    cells = XlsxCells()
    export(con, str(tmp_path / "long.xlsx"), "xlsx", cells)
    assert (cells.cut, cells.cleaned) == (1, 1)
    acts = _no_formula_in_workbook(tmp_path / "long.xlsx")["activities"]
    assert len(acts[0]["text"]) == XLSX_CELL and acts[0]["text"].endswith(CUT_MARKER)
    assert acts[0]["text"].startswith("=ыы") and acts[0]["start"] == -50  # a number stays a number
    export(con, str(tmp_path / "long.csv"), "csv")  # CSV keeps the whole text, neutralised
    rows = _csv_rows(tmp_path / "long.csv" / "activities.csv")
    assert rows[0]["text"] == "'" + text and rows[0]["start"] == "-50"


# --------------------------------------------------------------------------- track status --format xlsx


def test_track_xlsx_keeps_formulas_as_text(tmp_path):
    src = FIXTURES / "track" / "report_2025-01-25_ky.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    head = next(i for i, line in enumerate(lines) if line.count(",") >= 3)
    rows = list(csv.reader(lines[head + 1:]))
    for r, p in zip(rows, PAYLOADS):
        r[2] = p  # the status text
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    report = tmp_path / "report.csv"
    report.write_text("".join(lines[:head + 1]) + buf.getvalue(), encoding="utf-8")
    db = tmp_path / "track.duckdb"
    plan = ROOT / "fixtures" / "html" / "seed003.html"
    for argv in (("add-plan", plan), ("add-report", report, "--as-of", "2025-01-25")):
        code, out, err = run("track", *argv, "--db", db)
        assert code == 0, err
    out_file = tmp_path / "status.xlsx"
    code, out, err = run("track", "status", "--as-of", "2025-02-01", "-f", "xlsx", "-o", out_file, "--db", db)
    assert code == 0, err
    sheets = _no_formula_in_workbook(out_file)
    texts = [v for row in sheets["Меры"] for v in row.values()]  # the measures sheet, named in ru (issue 20)
    assert all(p in texts for p in PAYLOADS), texts[:40]


# --------------------------------------------------------------------------- query reads the store only


REFUSED = {
    "copy": "COPY (SELECT 1) TO '{tmp}/x.csv'",
    "copy-table": "COPY activities TO '{tmp}/y.csv'",
    "export": "EXPORT DATABASE '{tmp}/exported'",
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "read_text": "SELECT * FROM read_text('/etc/hostname')",
    "glob": "SELECT * FROM glob('/root/**')",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "attach": "ATTACH '{tmp}/other.duckdb' AS other",
    "set": "SET enable_external_access = true",
    "url": "SELECT * FROM 'https://example.com/x.csv'",
    "write": "CREATE TABLE t AS SELECT 1",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_query_refuses_to_leave_the_store(payload_store, tmp_path, name):
    sql = REFUSED[name].format(tmp=tmp_path)
    t = time.perf_counter()
    code, out, err = run("query", payload_store, sql)
    assert time.perf_counter() - t < 60
    assert code == 2 and out == "", (out, err)
    assert err.count("\n") == 1 and err.startswith("shailoo: error: "), err
    assert os.listdir(tmp_path) == []  # nothing written, nothing attached


def test_query_help_says_it_reads_the_store_only(capsys):
    try:
        main(["query", "--help"])
    except SystemExit:
        pass
    assert "reads the store only" in " ".join(capsys.readouterr().out.split())


def test_query_still_answers(payload_store):
    code, out, err = run("query", payload_store, "SELECT count(*) AS n FROM activities", "-f", "json")
    assert code == 0 and json.loads(out) == [{"n": len(PAYLOADS)}], err


# --------------------------------------------------------------------------- SARIF

#: RFC 3986 characters of a URI reference (reserved, unreserved, percent sign).
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


@pytest.mark.parametrize("path", ["план выборов.txt", "a#b.txt", "d[1]/x y.docx", "c:d.txt", "100%.txt",
                                  "/tmp/Шайлоо #2/[план].docx", "-"])
def test_artifact_uri_is_a_valid_uri_reference(path):
    uri = artifact_uri(path)
    assert URI_CHARS.match(uri), uri
    parts = urlsplit(uri)
    if os.path.isabs(path):
        assert parts.scheme == "file" and unquote(parts.path) == path
    else:
        assert parts.scheme == "" and not parts.fragment and not parts.query and unquote(uri) == path


def _sarif_of(tmp_path: Path, starts_ends, failures=()):
    import shutil

    import shailoo
    from shailoo.model import Provenance
    from shailoo.rules.check import check

    doc = tmp_path / "план #1 [черновик].txt"
    shutil.copyfile(FIXTURES / "text" / "seed000.txt", doc)
    rep = check(shailoo.parse(doc))
    assert len(rep.findings) >= len(starts_ends)
    findings = [f.model_copy(update={"provenance": Provenance(file=str(doc), start=s, end=e, quote="цитата")})
                for f, (s, e) in zip(rep.findings, starts_ends)]
    return doc, json.loads(format_sarif(rep.model_copy(update={"findings": findings}), failures))


def test_sarif_uris_offsets_and_notifications(tmp_path):
    doc, s = _sarif_of(tmp_path, [(-50, 10), (5, 2), (3, 9), (0, None)],
                       failures=[("нет файла #3.txt", "нет файла #3.txt: no such file")])
    run_ = s["runs"][0]
    locs = [r["locations"][0]["physicalLocation"] for r in run_["results"]]
    for loc in locs:
        uri = loc["artifactLocation"]["uri"]
        assert URI_CHARS.match(uri) and unquote(urlsplit(uri).path) == str(doc), uri
        region = loc.get("region")
        if region:
            assert region["charOffset"] >= 0 and region.get("charLength", 0) >= 0
    assert "region" not in locs[0] and "region" not in locs[1]  # a negative offset, an end before the start
    assert locs[2]["region"] == {"charOffset": 3, "charLength": 6, "snippet": {"text": "цитата"}}
    assert locs[3]["region"]["charOffset"] == 0
    inv = run_["invocations"][0]
    assert inv["executionSuccessful"] is False
    note = inv["toolExecutionNotifications"][0]
    assert note["level"] == "error" and "no such file" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%D0%BD%D0%B5%D1%82%20%D1%84%D0%B0%D0%B9%D0%BB%D0%B0%20%233.txt"


def test_check_sarif_reports_a_failed_input(tmp_path):
    good = FIXTURES / "text" / "seed000.txt"
    missing = tmp_path / "нет такого #файла.txt"
    code, out, err = run("check", good, missing, "-f", "sarif")
    assert code == 2 and err.count("\n") == 1
    s = json.loads(out)
    inv = s["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    [note] = inv["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == missing.as_uri()
    code, out, err = run("check", good, "-f", "sarif")
    assert json.loads(out)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


# --------------------------------------------------------------------------- symbolic links


@pytest.fixture
def linked(tmp_path) -> Path:
    """in/ with a plan, a link to a file outside, a link to a folder outside, a link inside, two loops."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text(plan_text(["Секретное мероприятие"]), encoding="utf-8")
    (outside / "deep" / "more.txt").write_text(plan_text(["Ещё одно"]), encoding="utf-8")
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "plan.txt").write_text(plan_text(["Составление списков"]), encoding="utf-8")
    os.symlink(outside / "secret.txt", d / "sub" / "leak.txt")
    os.symlink(outside, d / "ext")
    os.symlink(d / "plan.txt", d / "same.txt")
    os.symlink(".", d / "loop1")
    os.symlink("..", d / "sub" / "loop2")
    return tmp_path


@pytest.mark.parametrize("how", ["folder", "glob"])
def test_convert_does_not_follow_links_out_of_the_folder(linked, how):
    src = "in" if how == "folder" else "in/**"
    code, err, seconds, peak = run_measured(["convert", src, "--out", "out.duckdb", "-j", "1"], linked)
    assert code == 0, err
    assert seconds < 60 and peak < 1 << 20, (seconds, peak)
    con = duckdb.connect(str(linked / "out.duckdb"), read_only=True)
    files = dict(con.execute("SELECT path, status FROM files").fetchall())
    errors = dict(con.execute("SELECT path, reason FROM files").fetchall())
    texts = " ".join(t for (t,) in con.execute("SELECT text FROM activities").fetchall())
    con.close()
    assert files == {"in/plan.txt": "ok", "in/same.txt": "skipped", "in/sub/leak.txt": "skipped", "in/ext": "skipped"}
    for p in ("in/sub/leak.txt", "in/ext"):
        assert errors[p].startswith(p + ": a symbolic link out of the input folder") and "\n" not in errors[p]
    assert "Секретное" not in texts and "Ещё" not in texts


def test_follow_symlinks_reads_them_and_ends_on_loops(linked):
    os.chdir(linked)
    try:
        for src in ("in", "in/**", "in/*/*"):
            found = discover([src], follow_symlinks=True)
            assert not found.skipped
            assert {"in/sub/leak.txt", "in/ext/secret.txt", "in/ext/deep/more.txt"} <= set(found), found
            assert len(found) < 100
        code, out, err = run("convert", "in", "--out", "f.duckdb", "-j", "1", "--follow-symlinks")
        assert code == 0, err
        con = duckdb.connect("f.duckdb", read_only=True)
        texts = " ".join(t for (t,) in con.execute("SELECT text FROM activities").fetchall())
        con.close()
        assert "Секретное" in texts and "Ещё" in texts
    finally:
        os.chdir(ROOT)


def test_discover_without_links_is_as_before(tmp_path):
    import glob as globmod

    d = tmp_path / "d"
    (d / "a" / "b").mkdir(parents=True)
    (d / ".hidden").mkdir()
    for f in ("x.docx", ".h.txt", "a/y.txt", "a/b/z.pdf", ".hidden/q.txt", "~$lock.docx"):
        (d / f).write_text("x", encoding="utf-8")
    os.chdir(tmp_path)
    try:
        for pat in ("d", "d/**", "d/**/*.txt", "d/*", "d/*/*", "**/*.pdf", "d/a/**", "d/?.docx", "nothing*"):
            old: list[str] = []
            for m in sorted(globmod.glob(pat, recursive=True)) if globmod.has_magic(pat) else [pat]:
                if os.path.isdir(m):
                    for root, dirs, files in os.walk(m):
                        dirs[:] = [x for x in dirs if not x.startswith(".")]
                        old += [os.path.join(root, f) for f in files if not f.startswith(".")]
                else:
                    old.append(m)
            expected = sorted({os.path.normpath(p) for p in old}) or ([pat] if globmod.has_magic(pat) else [])
            assert list(discover([pat])) == expected, pat
    finally:
        os.chdir(ROOT)
