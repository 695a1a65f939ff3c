"""Folder runs that behave (issue 21): ``convert`` reads documents only, ``--include`` / ``--exclude``,
non-documents ``skipped`` with the reason (never ``failed``), exit 0 when every document converted, the
inputs not converted listed at the end, progress by pages with the file being read; ``query`` over a
Parquet folder, as locked as over a store; ready questions whose parameters are required or shown.

The folder below is a small copy of ``fixtures/`` (its README, a build script, expectations in YAML and
JSONL, a progress report as CSV and XLSX, and documents of each format). Every expected count was
written from that list by hand.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil

import duckdb
import pytest

from conftest import FIXTURES
from shailoo.apps.convert import command as convert_cli
from shailoo.apps.convert.engine import DOCUMENT_SUFFIXES, Selection, Store, convert, discover, page_count
from shailoo.cli import main

#: name in the folder -> the fixture copied there
DOCUMENTS = {
    "docx/seed000.docx": FIXTURES / "docx" / "seed000.docx",
    "text/seed002.txt": FIXTURES / "text" / "seed002.txt",
    "pdf/seed004.pdf": FIXTURES / "pdf" / "seed004.pdf",  # 5 pages
    "html/seed003.html": FIXTURES / "html" / "seed003.html",
    "track/report_2024-01-20_ru.docx": FIXTURES / "track" / "report_2024-01-20_ru.docx",
}
OTHERS = {  # files a folder of fixtures holds that are no documents
    "README.md": FIXTURES / "README.md",
    "build.py": FIXTURES / "build.py",
    "track/expected.yaml": FIXTURES / "track" / "expected.yaml",
    "track/report_2025-01-25_ky.csv": FIXTURES / "track" / "report_2025-01-25_ky.csv",
    "track/report_2025-01-25_ky.xlsx": FIXTURES / "track" / "report_2025-01-25_ky.xlsx",
    "wild/expected.jsonl": FIXTURES / "wild" / "expected.jsonl",
}
SUMMARY = re.compile(r"^(?P<target>.+): (?P<total>\d+) files: (?P<ok>\d+) converted, (?P<skipped>\d+) skipped "
                     r"\((?P<unchanged>\d+) unchanged, (?P<duplicates>\d+) duplicates, (?P<not_documents>\d+) not "
                     r"documents, (?P<excluded>\d+) excluded, (?P<other>\d+) other\), (?P<failed>\d+) failed, "
                     r"(?P<scanned>\d+) scanned; (?P<pages>\d+) PDF pages in [\d.]+ s \(run [0-9a-f]+\)$")


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def summary(stdout: str) -> dict:
    (line,) = stdout.splitlines()
    m = SUMMARY.match(line)
    assert m, line
    s = {k: (v if k == "target" else int(v)) for k, v in m.groupdict().items()}
    # every input accounted for, and every skip by why
    assert s["ok"] + s["skipped"] + s["failed"] + s["scanned"] == s["total"], line
    assert s["unchanged"] + s["duplicates"] + s["not_documents"] + s["excluded"] + s["other"] == s["skipped"], line
    return s


def manifest(db) -> dict[str, dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute("SELECT * FROM files")
        cols = [d[0] for d in cur.description]
        return {r[cols.index("path")]: dict(zip(cols, r)) for r in cur.fetchall()}
    finally:
        con.close()


def _reason(row: dict) -> str:
    return row.get("reason") or row.get("error") or ""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("fixtures_copy") / "fixtures"
    for name, src in {**DOCUMENTS, **OTHERS}.items():
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, d / name)
    (d / ".hidden.txt").write_text("left out, as every hidden file", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def converted(folder, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "a.duckdb"
    code, out, err = run(["convert", folder, "--out", db, "-j", "1"])
    return db, code, out, err


# --------------------------------------------------------------------------- 1. documents only


def test_folder_of_fixtures_exits_0_with_non_documents_skipped(folder, converted):
    db, code, out, err = converted
    assert code == 0, err
    s = summary(out)
    assert (s["total"], s["ok"], s["not_documents"], s["failed"], s["scanned"]) == (11, 5, 6, 0, 0)
    assert "not converted" not in err
    rows = manifest(db)
    assert len(rows) == 11 and not any(".hidden" in p for p in rows)
    for name in DOCUMENTS:
        assert rows[str(folder / name)]["status"] == "ok", rows[str(folder / name)]
    for name in OTHERS:
        r = rows[str(folder / name)]
        suffix = os.path.splitext(name)[1]
        assert r["status"] == "skipped" and r["exit_code"] == 0, r
        assert _reason(r) == f"{folder / name}: not a document type: {suffix} (--include '*{suffix}' reads it)"
        assert r["sha256"] is None  # never read


def test_readme_is_not_ingested(folder, converted):
    db = converted[0]
    con = duckdb.connect(str(db), read_only=True)
    try:
        paths = [r[0] for r in con.execute("SELECT path FROM documents").fetchall()]
    finally:
        con.close()
    assert sorted(paths) == sorted(str(folder / n) for n in DOCUMENTS)


def test_include_reads_a_text_file_that_is_not_a_document_type(folder, tmp_path):
    code, out, err = run(["convert", folder, "--out", tmp_path / "b.duckdb", "-j", "1", "--include", "*.md"])
    assert code == 0, err
    s = summary(out)
    assert (s["ok"], s["not_documents"]) == (6, 5)
    assert manifest(tmp_path / "b.duckdb")[str(folder / "README.md")]["status"] == "ok"


def test_exclude_a_folder_and_a_pattern_wins_over_include(folder, tmp_path):
    code, out, err = run(["convert", folder, "--out", tmp_path / "c.duckdb", "-j", "1", "--exclude", "track",
                          "--exclude", "pdf/*.pdf", "--include", "*.md", "--exclude", "README.*"])
    assert code == 0, err
    s = summary(out)
    # track/ holds one document and three other files, all excluded; the PDF and README too
    assert (s["total"], s["ok"], s["excluded"], s["not_documents"]) == (11, 3, 6, 2)
    rows = manifest(tmp_path / "c.duckdb")
    r = rows[str(folder / "track" / "report_2024-01-20_ru.docx")]
    assert r["status"] == "skipped" and _reason(r).endswith("excluded by --exclude 'track'")
    assert _reason(rows[str(folder / "pdf" / "seed004.pdf")]).endswith("excluded by --exclude 'pdf/*.pdf'")
    assert _reason(rows[str(folder / "README.md")]).endswith("excluded by --exclude 'README.*'")


def test_a_file_named_itself_is_read(folder, tmp_path):
    """A name given on the command line is what the user asked for: README.md beside a folder run."""
    code, out, err = run(["convert", folder / "text", folder / "README.md", "--out", tmp_path / "d.duckdb", "-j", "1"])
    assert code == 0, err
    assert summary(out)["ok"] == 2


def test_a_glob_reads_documents_only_and_a_glob_matching_nothing_fails(folder, tmp_path):
    code, out, err = run(["convert", f"{folder}/*", f"{folder}/nothing/*.docx", "--out", tmp_path / "e.duckdb",
                          "-j", "1"])
    s = summary(out)
    # «fixtures/*»: README.md and build.py (not documents) and the five folders, searched; the second glob
    # matches nothing and fails as «no such file»
    assert (s["total"], s["ok"], s["not_documents"], s["failed"]) == (12, 5, 6, 1)
    assert code == 2


def test_selection_patterns():
    sel = Selection(include=["*.md", "notes"], exclude=["old/**", "*_scan.pdf"])
    assert sel.skip("in/a/README.md", "in") is None  # included at any depth
    assert sel.skip("in/notes/x.py", "in") is None  # a folder's name includes what it holds
    assert sel.skip("in/a/b.PDF", "in") is None  # a document type, whatever the case of its suffix
    assert sel.skip("in/old/deep/a.docx", "in")[0] == "excluded"
    assert sel.skip("in/x/old/a.docx", "in") is None  # «old/**» is a path from the input folder
    assert sel.skip("in/a/p_scan.pdf", "in")[0] == "excluded"
    assert sel.skip("in/a/data.csv", "in") == ("not_document", "in/a/data.csv: not a document type: .csv "
                                                               "(--include '*.csv' reads it)")
    assert sel.skip("in/LICENSE", "in")[0] == "not_document"


def test_document_types_are_the_readers_formats():
    from shailoo.parsers.read import _SUFFIX  # the readers' suffixes

    assert set(DOCUMENT_SUFFIXES) <= set(_SUFFIX)
    assert {".docx", ".pdf", ".html", ".htm", ".txt", ".doc", ".rtf", ".odt"} <= set(DOCUMENT_SUFFIXES)
    assert not {".md", ".tsv", ".csv", ".xlsx", ".py", ".yaml"} & set(DOCUMENT_SUFFIXES)


def test_discover_lists_skipped_files_with_why(folder):
    found = discover([str(folder)])
    assert len(found) == 11
    assert {os.path.relpath(p, folder) for p, why in found.why.items() if why == "not_document"} == set(OTHERS)


# --------------------------------------------------------------------------- 2. failures listed at the end


def test_failed_files_are_listed_at_the_end(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copyfile(FIXTURES / "text" / "seed002.txt", d / "a.txt")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (d / "copy of broken.pdf").write_bytes(b"%PDF-1.4 broken")  # a duplicate of a file that fails
    (d / "empty.docx").write_bytes(b"")
    (d / "notes.py").write_text("print('not a document')\n", encoding="utf-8")
    code, out, err = run(["convert", d, "--out", tmp_path / "f.duckdb", "-j", "1"])
    assert code == 2
    s = summary(out)
    assert (s["total"], s["ok"], s["failed"], s["duplicates"], s["not_documents"]) == (5, 1, 3, 0, 1)
    lines = [line for line in err.splitlines() if not line.startswith("convert: ")]
    assert lines[0] == "shailoo: 3 of 5 files not converted:"
    listed = lines[1:]
    assert [line.split(": ")[1] for line in listed] == [str(d / "broken.pdf"), str(d / "copy of broken.pdf"),
                                                         str(d / "empty.docx")]
    assert all(line.startswith("  failed: ") and len(line.split(": ")) >= 3 for line in listed), listed


# --------------------------------------------------------------------------- 3. progress by pages


def test_progress_counts_pages_and_shows_the_file_being_read(folder, tmp_path, monkeypatch):
    seen = []

    def snap(p):
        seen.append((p.done, p.work, p.work_total, p.current, p.eta))

    # one commit per file: a file is reported once committed, and a run commits several at a time
    monkeypatch.setattr(Store, "BATCH_FILES", 1)
    s = convert([str(folder)], str(tmp_path / "g.duckdb"), jobs=1, progress=snap)
    assert s.exit_code == 0
    # reading begins once every file is hashed (the skipped ones recorded before): from then on the pages
    # to read are the PDF's 5 and one for each of the four documents whose pages are not known before
    start = next(i for i, snap_ in enumerate(seen) if snap_[3] is not None)
    reading = [(work, total, current) for _, work, total, current, _ in seen[start:]]
    order = sorted(str(folder / n) for n in DOCUMENTS)
    assert {total for _, total, _ in reading} == {9}
    assert reading[0] == (0, 9, order[0])  # shown before the first file is read
    currents = [c for _, _, c in reading]
    assert [c for i, c in enumerate(currents) if c and c not in currents[:i]] == order  # one after another
    works = [w for w, _, _ in reading]
    assert works == sorted(works) and reading[-1] == (9, 9, None) and seen[-1][4] == 0.0
    # the PDF counts its 5 pages when it is done: the step after the callback that showed it being read
    at = currents.index(str(folder / "pdf" / "seed004.pdf"))
    assert works[at + 1] - works[at] == 5


def test_progress_lines_say_pages_and_the_file(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(convert_cli, "LOG_EVERY", 0.0)
    code, out, err = run(["convert", folder / "pdf", folder / "text", "--out", tmp_path / "h.duckdb", "-j", "1"])
    assert code == 0, err
    lines = err.splitlines()
    pattern = re.compile(r"convert: \d+/2 files, \d+/6 pages, [\d.]+ pages/s, ETA \S+, 0 failed, 0 skipped"
                         r"(, reading .+)?$")
    assert lines and all(pattern.match(line) for line in lines), lines
    assert lines[0].endswith(f"reading {folder / 'pdf' / 'seed004.pdf'}")
    assert lines[-1].startswith("convert: 2/2 files, 6/6 pages") and "reading" not in lines[-1]


def test_page_count(tmp_path):
    assert page_count(str(FIXTURES / "pdf" / "seed004.pdf")) == 5
    assert page_count(str(FIXTURES / "docx" / "seed000.docx")) is None
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    assert page_count(str(broken)) is None


# --------------------------------------------------------------------------- 4. query over a Parquet folder


@pytest.fixture(scope="module")
def parquet(folder, tmp_path_factory):
    target = tmp_path_factory.mktemp("pq") / "tables"
    code, out, err = run(["convert", folder, "--out", target, "-j", "1"])
    assert code == 0, err
    return target


def _digest(d) -> dict[str, str]:
    return {f: hashlib.sha256((d / f).read_bytes()).hexdigest() for f in sorted(os.listdir(d))}


def test_query_a_parquet_folder(parquet, converted):
    code, out, err = run(["query", parquet, "SELECT count(*) AS n FROM documents", "-f", "json"])
    assert code == 0, err
    assert json.loads(out) == [{"n": len(DOCUMENTS)}]
    code, out, err = run(["query", parquet, "SELECT status, count(*) AS n FROM files GROUP BY status ORDER BY status",
                          "-f", "json"])
    assert code == 0, err
    assert json.loads(out) == [{"status": "ok", "n": 5}, {"status": "skipped", "n": 6}]
    # the store's views are there too, and the examples answer as over the .duckdb store
    for example in (["--example", "files"], ["--example", "owners"]):
        a = run(["query", parquet, *example, "-f", "json"])
        b = run(["query", converted[0], *example, "-f", "json"])
        assert a[0] == b[0] == 0, (a[2], b[2])
        assert json.loads(a[1]) == json.loads(b[1])


REFUSED = {
    "copy-over-its-own-file": "COPY (SELECT 1 AS x) TO '{folder}/documents.parquet' (FORMAT parquet, USE_TMP_FILE false)",
    "copy": "COPY (SELECT 1) TO '{tmp}/x.csv'",
    "export": "EXPORT DATABASE '{tmp}/exported'",
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "another-parquet": "SELECT * FROM read_parquet('{tmp}/other.parquet')",
    "glob": "SELECT * FROM glob('/root/**')",
    "install": "INSTALL httpfs",
    "attach": "ATTACH '{tmp}/other.duckdb' AS other",
    "set": "SET enable_external_access = true",
    "url": "SELECT * FROM 'https://example.com/x.csv'",
    "create": "CREATE TABLE t AS SELECT 1",
    "two-statements": "SELECT 1; COPY (SELECT 1) TO '{tmp}/y.csv'",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_query_a_parquet_folder_reads_its_files_only(parquet, tmp_path, name):
    (tmp_path / "other.parquet").write_bytes(b"PAR1")
    before = _digest(parquet)
    code, out, err = run(["query", parquet, REFUSED[name].format(folder=parquet, tmp=tmp_path)])
    assert code == 2 and out == "", (out, err)
    assert err.count("\n") == 1 and err.startswith("shailoo: error: "), err
    assert _digest(parquet) == before
    assert os.listdir(tmp_path) == ["other.parquet"]


def test_query_a_folder_without_parquet_files(tmp_path):
    code, out, err = run(["query", tmp_path, "SELECT 1"])
    assert code == 2 and err.startswith("shailoo: error: ") and "no .parquet files" in err and err.count("\n") == 1


# --------------------------------------------------------------------------- 5. example parameters


def test_a_required_example_parameter_is_named_never_defaulted(converted):
    db = converted[0]
    code, out, err = run(["query", db, "--example", "deadlines-citing"])
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("shailoo: error: --example deadlines-citing needs --param article=")
    code, out, err = run(["query", db, "--example", "deadlines-citing", "--param", "article=12", "-f", "json"])
    assert code == 0, err
    assert isinstance(json.loads(out), list)


def test_example_list_and_help_show_the_parameters(converted, capsys):
    code, out, err = run(["query", converted[0], "--example", "list"])
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("deadlines-citing"))
    assert "--param article=… (required" in line and "--param act=… (optional" in line
    try:
        main(["query", "--help"])
    except SystemExit:
        pass
    text = " ".join(capsys.readouterr().out.split())
    assert "deadlines-citing --param article=… --param act=… (optional)" in text
