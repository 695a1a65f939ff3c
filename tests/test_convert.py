"""``shailoo convert`` and ``shailoo query``: every input accounted for in every target, kill and resume,
the Dask engine and the process pool giving the same rows as one process, the ready questions, progress."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from shailoo.cli import main
from conftest import FIXTURES, ROOT
from shailoo.apps.convert import command as convert_cli
from shailoo.apps.convert.engine import convert
from shailoo.apps.convert.tables import columns

SUMMARY = re.compile(r"^(?P<target>.+): (?P<total>\d+) files: (?P<ok>\d+) converted, (?P<skipped>\d+) skipped "
                     r"\((?P<unchanged>\d+) unchanged, (?P<duplicates>\d+) duplicates[^)]*\), (?P<failed>\d+) failed, "
                     r"(?P<scanned>\d+) scanned; (?P<pages>\d+) PDF pages in [\d.]+ s \(run (?P<run>[0-9a-f]+)\)$")


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def summary(stdout: str) -> dict:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    m = SUMMARY.match(lines[0])
    assert m, lines[0]
    return {k: (v if k in ("target", "run") else int(v)) for k, v in m.groupdict().items()}


def sha256(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def db_rows(db: str, sql: str, params=None) -> list[dict]:
    con = duckdb.connect(db, read_only=True)
    try:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()


# --------------------------------------------------------------------------- 1. every input, every target

GOOD = {  # name in the folder -> (fixture, format)
    "seed000.docx": (FIXTURES / "docx" / "seed000.docx", "docx"),
    "seed001.docx": (FIXTURES / "docx" / "seed001.docx", "docx"),
    "seed004.pdf": (FIXTURES / "pdf" / "seed004.pdf", "pdf"),
    "seed002.txt": (FIXTURES / "text" / "seed002.txt", "text"),
    "seed003.html": (FIXTURES / "html" / "seed003.html", "html"),
}
BROKEN = {  # name -> (bytes, words of the reason)
    "broken.pdf": (b"%PDF-1.4 broken", "damaged"),
    # (a file of no document type in a folder is skipped, never failed: tests/test_convert_folders.py)
    "notes.docx": (b"\x00\x01 not a document \xff", "not a DOCX"),
    "empty.docx": (b"", "empty"),
}
DUPLICATE = os.path.join("sub", "copy of seed001.docx")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Five good files, three broken ones and a duplicate (seed001.docx's bytes in a subfolder)."""
    d = tmp_path_factory.mktemp("mixed") / "in"
    (d / "sub").mkdir(parents=True)
    for name, (src, _) in GOOD.items():
        shutil.copyfile(src, d / name)
    for name, (data, _) in BROKEN.items():
        (d / name).write_bytes(data)
    shutil.copyfile(GOOD["seed001.docx"][0], d / DUPLICATE)
    return d


def _none(v):
    return None if v in ("", None) else v


def read_table(kind: str, target: str, table: str) -> list[dict]:
    """The rows of ``table`` as the target holds them (values as the reader gives them)."""
    t = target.rstrip("/")
    if kind == "duckdb":
        return db_rows(t, f'SELECT * FROM "{table}"')
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(os.path.join(t, f"{table}.parquet")).to_pylist()
    if kind == "csv":
        csv.field_size_limit(1 << 30)  # the documents' JSON column is longer than csv's default limit
        with open(os.path.join(t, f"{table}.csv"), encoding="utf-8", newline="") as fh:
            return [{k: _none(v) for k, v in r.items()} for r in csv.DictReader(fh)]
    if kind == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(t, read_only=True)
        rows = list(wb[table].iter_rows(values_only=True))
        wb.close()
        return [dict(zip(rows[0], r)) for r in rows[1:]]
    if kind == "jsonl":
        if table == "files":
            with open(t + ".files.jsonl", encoding="utf-8") as fh:
                return [json.loads(line) for line in fh]
        with open(t, encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh]
        if table == "documents":
            return [{"doc_id": d["source"]["sha256"], "path": d["source"]["path"],
                     "activities": len(d.get("activities", []))} for d in docs]
        if table == "activities":
            return [{"doc_id": d["source"]["sha256"], "activity": i}
                    for d in docs for i, _ in enumerate(d.get("activities", []))]
    raise AssertionError((kind, table))


TARGETS = [("duckdb", "out.duckdb"), ("parquet", "out_parquet"), ("csv", "out.csv/"), ("jsonl", "out.jsonl"),
           ("xlsx", "out.xlsx")]


@pytest.mark.parametrize("kind,name", TARGETS, ids=[k for k, _ in TARGETS])
def test_every_input_is_accounted_for_in_every_target(mixed, tmp_path, kind, name):
    target = str(tmp_path / name)
    code, out, err = run(["convert", str(mixed), "--out", target, "-j", "1"])
    assert code == 2, err  # a failure among the inputs
    s = summary(out)
    assert (s["total"], s["ok"], s["skipped"], s["unchanged"], s["duplicates"], s["failed"], s["scanned"]) == \
        (9, 5, 1, 0, 1, 3, 0)
    assert s["pages"] == 5  # seed004.pdf's pages; the other formats have none

    files = read_table(kind, target, "files")
    if kind != "jsonl":
        assert set(files[0]) == set(columns("files"))
    by_path = {r["path"]: r for r in files}
    expected = {str(mixed / n) for n in [*GOOD, *BROKEN, DUPLICATE]}
    assert len(files) == len(by_path) == 9  # exactly one row per input path
    assert set(by_path) == expected

    for name_, (src, fmt) in GOOD.items():
        r = by_path[str(mixed / name_)]
        assert r["status"] == "ok", r
        assert r["sha256"] == r["doc_id"] == sha256(src)
        assert int(r["size"]) == os.path.getsize(src)
        assert r["format"] == fmt
        assert _none(r["reason"]) is None
        assert int(r["exit_code"]) == 0
        if fmt == "pdf":
            assert int(r["pages"]) == 5
        else:
            assert r["pages"] is None
    for name_, (data, words) in BROKEN.items():
        p = str(mixed / name_)
        r = by_path[p]
        assert r["status"] == "failed", r
        assert r["reason"].startswith(p + ": ") and words in r["reason"] and "\n" not in r["reason"], r["reason"]
        assert int(r["exit_code"]) == 2
        assert r["doc_id"] is None
        assert int(r["size"]) == len(data)
    dup = by_path[str(mixed / DUPLICATE)]
    original = by_path[str(mixed / "seed001.docx")]
    assert dup["status"] == "skipped"
    assert dup["duplicate_of"] == original["path"]
    assert dup["doc_id"] == original["doc_id"] == dup["sha256"]
    assert "\n" not in dup["reason"] and original["path"] in dup["reason"]

    docs = read_table(kind, target, "documents")
    ok_ids = {r["doc_id"] for r in files if r["status"] == "ok"}
    assert len(docs) == len(ok_ids) == 5  # the duplicate is one document
    assert {d["doc_id"] for d in docs} == ok_ids
    assert {d["path"] for d in docs} == {str(mixed / n) for n in GOOD}  # the original's path, not the copy's

    acts = read_table(kind, target, "activities")
    assert acts
    assert {a["doc_id"] for a in acts} <= ok_ids  # activities link to documents by doc_id
    for d in docs:
        n = sum(1 for a in acts if a["doc_id"] == d["doc_id"])
        assert n == int(d["activities"]), d["path"]
    assert sum(1 for d in docs if int(d["activities"]) > 0) >= 4

    if kind != "duckdb":  # the store the export was written from is kept beside the target
        assert os.path.isfile(target.rstrip("/") + ".shailoo.duckdb")


# --------------------------------------------------------------------------- 2. kill and resume

TEXTS = ["resolution_ru", "resolution_ky", "seed000", "seed002", "seed001", "seed003"]
DOCXS = ["seed002", "seed004", "seed003", "seed000", "seed001", "seed002"]


@pytest.fixture(scope="module")
def twelve(tmp_path_factory):
    """Twelve distinct valid files: text fixtures with a changed last line (a_*.txt, converted first),
    DOCX fixtures rebuilt with python-docx under their own title (b_*.docx)."""
    import docx

    d = tmp_path_factory.mktemp("twelve") / "in"
    d.mkdir()
    for i, name in enumerate(TEXTS):
        text = (FIXTURES / "text" / f"{name}.txt").read_text(encoding="utf-8")
        (d / f"a_{i:02d}_{name}.txt").write_text(text.rstrip("\n") + "\n" * (i + 2), encoding="utf-8")
    for i, name in enumerate(DOCXS):
        doc = docx.Document(str(FIXTURES / "docx" / f"{name}.docx"))
        doc.core_properties.title = f"copy {i} of {name}"
        doc.save(str(d / f"b_{i:02d}_{name}.docx"))
    paths = sorted(str(p) for p in d.iterdir())
    assert len(paths) == 12 and len({sha256(p) for p in paths}) == 12
    return d


def test_kill_and_resume(twelve, tmp_path):
    db = str(tmp_path / "run.duckdb")
    proc = subprocess.Popen([sys.executable, "-m", "shailoo", "convert", str(twelve), "--out", db, "-j", "1", "-v"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    reported: list[str] = []
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while len(reported) < 3 and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("ok "):
                reported.append(line.split(" ", 2)[2].strip())
        os.killpg(os.getpgid(proc.pid), signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert len(reported) == 3, "".join(lines)
    assert proc.returncode == -signal.SIGKILL  # killed, not finished

    # whatever the kill left behind is whole files: as many documents as ok manifest rows
    left = db_rows(db, "SELECT path, status, run_id FROM files")
    assert 3 <= len(left) < 12, left
    assert {r["status"] for r in left} == {"ok"}
    assert len({r["run_id"] for r in left}) == 1
    first_run = left[0]["run_id"]
    assert set(reported) <= {r["path"] for r in left}
    assert db_rows(db, "SELECT count(*) AS n FROM documents")[0]["n"] == len(left)

    code, out, err = run(["convert", str(twelve), "--out", db, "-j", "1", "--resume"])
    assert code == 0, err
    s = summary(out)
    assert (s["total"], s["ok"], s["unchanged"], s["failed"]) == (12, 12 - len(left), len(left), 0)
    second_run = s["run"]
    assert second_run != first_run

    files = db_rows(db, "SELECT path, status, run_id FROM files")
    paths = sorted(str(p) for p in twelve.iterdir())
    assert sorted(r["path"] for r in files) == paths  # every file exactly once
    assert {r["status"] for r in files} == {"ok"}
    before = {r["path"] for r in left}
    for r in files:  # converted once: the files done before the kill keep the first run's id
        assert r["run_id"] == (first_run if r["path"] in before else second_run), r
    docs = db_rows(db, "SELECT path, count(*) AS n FROM documents GROUP BY path")
    assert sorted(d["path"] for d in docs) == paths and {d["n"] for d in docs} == {1}
    assert not db_rows(db, "SELECT doc_id FROM activities EXCEPT SELECT doc_id FROM documents")

    # the store opens and answers a question
    code, out, err = run(["query", db, "SELECT count(*) AS n FROM documents", "-f", "json"])
    assert code == 0, err
    assert json.loads(out) == [{"n": 12}]

    # --resume on a finished target: nothing converted, all unchanged
    code, out, err = run(["convert", str(twelve), "--out", db, "-j", "1", "--resume"])
    assert code == 0, err
    s = summary(out)
    assert (s["total"], s["ok"], s["skipped"], s["unchanged"]) == (12, 0, 12, 12)
    assert {r["run_id"] for r in db_rows(db, "SELECT run_id FROM files")} == {first_run, second_run}

    # neither --resume nor --force on an existing target: exit 2, one line, nothing touched
    code, out, err = run(["convert", str(twelve), "--out", db, "-j", "1"])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("shailoo: error: ") and db in err
    assert "--resume" in err and "--force" in err

    # --force: everything converted again, in a new run
    code, out, err = run(["convert", str(twelve), "--out", db, "-j", "1", "--force"])
    assert code == 0, err
    s = summary(out)
    assert (s["total"], s["ok"], s["unchanged"]) == (12, 12, 0)
    assert {r["run_id"] for r in db_rows(db, "SELECT run_id FROM files")} == {s["run"]}
    assert db_rows(db, "SELECT count(*) AS n FROM documents")[0]["n"] == 12


def test_resume_replaces_the_document_of_a_changed_file(tmp_path):
    """A file edited since the last run is converted again and its old document (and rows) go away."""
    d = tmp_path / "in"
    d.mkdir()
    for name in ("seed002", "seed004"):
        shutil.copyfile(FIXTURES / "text" / f"{name}.txt", d / f"{name}.txt")
    db = str(tmp_path / "s.duckdb")
    assert run(["convert", str(d), "--out", db, "-j", "1"])[0] == 0
    changed = d / "seed002.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    code, out, err = run(["convert", str(d), "--out", db, "-j", "1", "--resume"])
    assert code == 0, err
    s = summary(out)
    assert (s["ok"], s["unchanged"]) == (1, 1)
    docs = db_rows(db, "SELECT path, doc_id FROM documents ORDER BY path")
    assert [x["path"] for x in docs] == [str(changed), str(d / "seed004.txt")]
    assert docs[0]["doc_id"] == sha256(changed)
    for t in ("activities", "terms", "bodies", "citations", "mentions"):
        assert not db_rows(db, f"SELECT doc_id FROM {t} EXCEPT SELECT doc_id FROM documents"), t


def _stored(db: str) -> dict[str, list[tuple]]:
    """Every table's rows in the store's own order (no ORDER BY), less the run-dependent columns."""
    out = {}
    for t in ("files", "documents", "activities", "terms", "bodies", "citations", "mentions", "findings"):
        cols = ", ".join(f'"{c}"' for c in columns(t) if c not in ("run_id", "converted_at", "duration_s"))
        out[t] = [tuple(r.values()) for r in db_rows(db, f'SELECT {cols} FROM "{t}"')]
    return out


def test_batched_commits_store_the_rows_of_one_commit_per_file(tmp_path, monkeypatch):
    """Files committed many at a time give the rows, in the same order, that one transaction per file
    gives: new files, duplicates (one waiting for its original), a file that is not a document, and on
    --resume a changed file (its old document dropped), a document converted again (another shailoo
    version) and a new file."""
    from shailoo.apps.convert.engine import Store

    d = tmp_path / "in"
    d.mkdir()
    for name in ("resolution_ky", "resolution_ru", "seed000", "seed001", "seed002", "seed003", "seed004"):
        shutil.copyfile(FIXTURES / "text" / f"{name}.txt", d / f"{name}.txt")
    shutil.copyfile(FIXTURES / "text" / "seed001.txt", d / "a_copy_of_seed001.txt")  # a duplicate found first
    shutil.copyfile(FIXTURES / "text" / "seed003.txt", d / "z_copy_of_seed003.txt")
    (d / "notes.py").write_text("x = 1\n", encoding="utf-8")
    stores = {}
    for mode, (files, seconds) in {"one": (1, 0.0), "batch": (1000, 1e9)}.items():
        src = tmp_path / mode
        shutil.copytree(d, src)
        db = str(tmp_path / f"{mode}.duckdb")
        monkeypatch.setattr(Store, "BATCH_FILES", files)
        monkeypatch.setattr(Store, "BATCH_SECONDS", seconds)
        assert convert([str(src)], db, jobs=1).ok == 7
        con = duckdb.connect(db)
        con.execute("UPDATE files SET shailoo_version = '0.0.1' WHERE path LIKE '%seed000.txt'")
        con.close()
        changed = src / "seed002.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
        shutil.copyfile(FIXTURES / "text" / "seed001.txt", src / "seed001_again.txt")
        (src / "new.txt").write_text((FIXTURES / "text" / "seed004.txt").read_text(encoding="utf-8") + "\n",
                                     encoding="utf-8")
        s = convert([str(src)], db, jobs=1, resume=True)
        assert (s.ok, s.skipped_unchanged, s.skipped_duplicate) == (3, 5, 3), s
        stores[mode] = _stored(db)
    one, batch = stores["one"], stores["batch"]
    strip = str(tmp_path)
    for t in one:
        a = [tuple(str(v).replace(strip + "/one", "") if isinstance(v, str) else v for v in r) for r in one[t]]
        b = [tuple(str(v).replace(strip + "/batch", "") if isinstance(v, str) else v for v in r) for r in batch[t]]
        assert a == b, t
    assert len(batch["documents"]) == 8 and len(batch["files"]) == 12


# --------------------------------------------------------------------------- 3. engines give the same rows

RUN_DEPENDENT = {"run_id", "converted_at", "duration_s"}
COMPARED = ("files", "documents", "activities", "terms", "bodies", "citations", "mentions")


def table_rows(db: str, table: str) -> list[tuple]:
    cols = [c for c in columns(table) if c not in RUN_DEPENDENT]
    quoted = ", ".join(f'"{c}"' for c in cols)
    rows = [tuple(r.values()) for r in db_rows(db, f'SELECT {quoted} FROM "{table}"')]
    return sorted(rows, key=lambda r: [(v is None, str(v)) for v in r])


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Text, DOCX, HTML, a broken PDF and a duplicate: a folder for comparing engines."""
    d = tmp_path_factory.mktemp("engines")
    src = d / "in"
    src.mkdir()
    for name in ("seed000", "seed001", "seed002", "seed003", "seed004", "resolution_ky"):
        shutil.copyfile(FIXTURES / "text" / f"{name}.txt", src / f"{name}.txt")
    shutil.copyfile(FIXTURES / "docx" / "seed002.docx", src / "seed002.docx")
    shutil.copyfile(FIXTURES / "docx" / "seed002.docx", src / "zz_copy.docx")
    shutil.copyfile(FIXTURES / "html" / "seed003.html", src / "seed003.html")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    return d


def _convert_relative(small, monkeypatch, target: str, *opts: str) -> str:
    """Convert ``in`` given as a relative path (rows must name paths as given, whatever the engine)."""
    monkeypatch.syspath_prepend(str(ROOT))  # worker processes import shailoo whatever the working folder
    monkeypatch.chdir(small)
    code, out, err = run(["convert", "in", "--out", str(small / target), *opts])
    assert code == 2, err  # broken.pdf
    s = summary(out)
    assert (s["total"], s["ok"], s["duplicates"], s["failed"]) == (10, 8, 1, 1)
    return str(small / target)


@pytest.fixture(scope="module")
def one_process(small):
    mp = pytest.MonkeyPatch()
    try:
        return _convert_relative(small, mp, "one.duckdb", "--jobs", "1")
    finally:
        mp.undo()


def _assert_same_rows(a: str, b: str) -> None:
    for t in COMPARED:
        ra, rb = table_rows(a, t), table_rows(b, t)
        if t in ("files", "documents", "activities", "terms"):
            assert ra, t
        assert ra == rb, t
    paths = [r["path"] for r in db_rows(b, "SELECT path FROM files")]
    assert all(not os.path.isabs(p) and p.startswith("in" + os.sep) for p in paths), paths
    for (text,) in [tuple(r.values()) for r in db_rows(b, "SELECT json FROM documents")]:
        assert not os.path.isabs(json.loads(text)["source"]["path"])


def test_process_pool_gives_the_same_rows(small, one_process, monkeypatch):
    db = _convert_relative(small, monkeypatch, "pool.duckdb", "-j", "2")
    _assert_same_rows(one_process, db)


def test_dask_local_cluster_gives_the_same_rows(small, one_process, monkeypatch):
    import distributed  # noqa: F401  (a test dependency: missing, the test fails rather than skips)

    db = _convert_relative(small, monkeypatch, "dask.duckdb", "--engine", "dask", "-j", "2")
    _assert_same_rows(one_process, db)


# --------------------------------------------------------------------------- 4. and 5. query, --check


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The text fixtures converted with --check (findings stored)."""
    d = tmp_path_factory.mktemp("checked")
    db = str(d / "checked.duckdb")
    inputs = [str(FIXTURES / "text" / f"seed00{i}.txt") for i in range(5)]
    code, out, err = run(["convert", *inputs, "--out", db, "-j", "1", "--check"])
    assert code == 0, err
    assert summary(out)["ok"] == 5
    return db


def test_check_stores_findings_linked_to_activities(checked):
    findings = db_rows(checked, "SELECT * FROM findings")
    assert findings
    assert all(f["code"] and f["rule"] and f["severity"] and f["message"] for f in findings)
    assert all(re.fullmatch(r"[A-Z]+\d+", f["code"]) for f in findings), {f["code"] for f in findings}
    assert {f["doc_id"] for f in findings} <= {r["doc_id"] for r in db_rows(checked, "SELECT doc_id FROM documents")}
    linked = db_rows(checked, """SELECT f.label, a.number, a.path FROM findings f
                                 JOIN activities a ON a.doc_id = f.doc_id AND a.activity = f.activity""")
    assert linked  # findings about a row point at that row
    for r in linked:
        assert r["label"] in ((r["number"] or "").strip().rstrip("."), r["path"]), r
    assert not db_rows(checked, """SELECT f.activity FROM findings f WHERE f.activity IS NOT NULL AND NOT EXISTS
                                   (SELECT 1 FROM activities a WHERE a.doc_id = f.doc_id AND a.activity = f.activity)""")


def test_convert_without_check_stores_no_findings(mixed, tmp_path):
    db = str(tmp_path / "plain.duckdb")
    run(["convert", str(mixed / "seed002.txt"), "--out", db, "-j", "1"])
    assert db_rows(db, "SELECT count(*) AS n FROM findings")[0]["n"] == 0


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_examples(checked, fmt):
    results = {}
    for example, params in [("files", []), ("owners", []), ("deadlines-citing", ["--param", "article=13"]),
                            ("findings", [])]:
        code, out, err = run(["query", checked, "--example", example, *params, "-f", fmt])
        assert code == 0 and err == "", (example, err)
        results[example] = out
    if fmt == "json":
        files = json.loads(results["files"])
        assert files == [{"status": "ok", "files": 5, "bytes": files[0]["bytes"], "pages": None}]
        owners = json.loads(results["owners"])
        assert owners and all(o["body_id"] and o["activities"] >= 1 for o in owners)
        assert [o["activities"] for o in owners] == sorted((o["activities"] for o in owners), reverse=True)
        citing = json.loads(results["deadlines-citing"])
        assert citing and all(re.search(r"\b13(\.|$|;)", c["citations"]) for c in citing), citing
        assert all(c["path"].endswith("seed001.txt") for c in citing)
        findings = json.loads(results["findings"])
        assert findings and all(f["code"] and f["findings"] >= 1 for f in findings)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(results["files"])))
        assert rows == [["status", "files", "bytes", "pages"], ["ok", "5", rows[1][2], ""]]
        assert next(csv.reader(io.StringIO(results["deadlines-citing"])))[:3] == ["election_day", "document_kind", "path"]
        assert len(results["findings"].splitlines()) > 1
    else:
        for example, text in results.items():
            m = re.search(r"(\d+) rows\n$", text)
            assert m and int(m.group(1)) >= 1, (example, text[-200:])
        assert "status" in results["files"] and "ok" in results["files"]


def test_query_example_list_and_sql(checked, tmp_path):
    code, out, err = run(["query", checked, "--example", "list"])
    assert code == 0
    assert {line.split()[0] for line in out.splitlines()} == {"files", "owners", "deadlines-citing", "findings"}
    out_file = tmp_path / "q.json"
    code, out, err = run(["query", checked, "SELECT kind, count(*) AS n FROM documents GROUP BY kind", "-f", "json",
                          "-o", str(out_file)])
    assert code == 0 and out == ""
    assert sum(r["n"] for r in json.loads(out_file.read_text(encoding="utf-8"))) == 5


def _one_line_error(code, out, err):
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("shailoo: error: "), err


def test_query_errors(checked, tmp_path):
    _one_line_error(*run(["query", checked, "SELEC nonsense FROM nowhere"]))
    _one_line_error(*run(["query", checked, "SELECT * FROM no_such_table"]))
    missing = str(tmp_path / "missing.duckdb")
    code, out, err = run(["query", missing, "SELECT 1"])
    _one_line_error(code, out, err)
    assert missing in err and not os.path.exists(missing)  # not created by asking
    _one_line_error(*run(["query", checked, "--example", "no-such-example"]))
    _one_line_error(*run(["query", checked, "--example", "owners", "--param", "article=13"]))
    _one_line_error(*run(["query", checked]))


def test_query_connection_is_read_only(checked):
    before = db_rows(checked, "SELECT count(*) AS n FROM files")[0]["n"]
    code, out, err = run(["query", checked, "INSERT INTO files (path, status) VALUES ('x', 'ok')"])
    _one_line_error(code, out, err)
    assert "read-only" in err.lower() or "read only" in err.lower(), err
    code, out, err = run(["query", checked, "DROP TABLE findings"])
    _one_line_error(code, out, err)
    assert db_rows(checked, "SELECT count(*) AS n FROM files")[0]["n"] == before
    assert db_rows(checked, "SELECT count(*) AS n FROM findings")[0]["n"] > 0


# --------------------------------------------------------------------------- 6. progress


def test_progress_lines_when_stderr_is_not_a_terminal(tmp_path, monkeypatch):
    inputs = [str(FIXTURES / "text" / "seed002.txt"), str(FIXTURES / "text" / "seed004.txt"),
              str(tmp_path / "no-such-file.txt")]
    code, out, err = run(["convert", *inputs, "--out", str(tmp_path / "a.duckdb"), "-j", "1"])
    assert code == 2
    lines = err.splitlines()
    lines = [line for line in lines if not line.startswith(("shailoo: 1 of 3 files not converted", "  failed: "))]
    assert lines and all(re.match(r"convert: \d+/3 files, \d+/\d+ pages, [\d.]+ pages/s, ETA \S+, \d+ failed, "
                                  r"\d+ skipped(, reading .+)?$", line) for line in lines), lines
    assert lines[-1].startswith("convert: 3/3 files") and ", 1 failed, 0 skipped" in lines[-1]
    assert len(lines) <= 2  # periodic, not one per file

    monkeypatch.setattr(convert_cli, "LOG_EVERY", 0.0)
    code, out, err = run(["convert", *inputs[:2], "--out", str(tmp_path / "b.duckdb"), "-j", "1"])
    assert code == 0
    # the first line as the first file is being read, then one per file
    assert [line.split(" files")[0] for line in err.splitlines()] == ["convert: 0/2", "convert: 1/2", "convert: 2/2"]

    code, out, err = run(["convert", *inputs[:2], "--out", str(tmp_path / "c.duckdb"), "-j", "1", "-v"])
    assert code == 0
    ok = [line for line in err.splitlines() if line.startswith("ok ")]
    assert [line.rsplit(" ", 1)[1] for line in ok] == inputs[:2]


def test_library_call_prints_nothing(tmp_path, capsys):
    seen = []
    s = convert([str(FIXTURES / "text" / "seed002.txt"), str(tmp_path / "missing.txt")], str(tmp_path / "lib.duckdb"),
                jobs=1, progress=lambda p: seen.append((p.done, p.total, p.failed)))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert (s.total, s.ok, s.failed, s.exit_code) == (2, 1, 1, 2)
    assert seen[-1] == (2, 2, 1)
    # and without a callback
    s = convert([str(FIXTURES / "text" / "seed004.txt")], str(tmp_path / "lib2.duckdb"), jobs=1)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "" and s.ok == 1
