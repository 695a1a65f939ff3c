"""Every failure a one-line error with its exit code (issue 18, "What to build" 5): output paths checked
before the work, stores of the wrong kind refused by their schema name, rich markup escaped in tables,
statute folders validated, names with control characters escaped, no traceback and no exit 70.

Hostile inputs are made at test time; most cases run through ``main()`` (an exception escaping it fails
the test), the ones that must show that no traceback reaches stderr run in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import duckdb
import pytest

from shailoo.cli import main
from conftest import FIXTURES

SEED001 = str(FIXTURES / "text" / "seed001.txt")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    """The single line of ``err``: exactly one, a ``shailoo: error:`` line, no traceback."""
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("shailoo: error: ") and "Traceback" not in err, err
    return lines[0]


def cli(*argv, timeout=120):
    return subprocess.run([sys.executable, "-m", "shailoo", *map(str, argv)], capture_output=True, text=True,
                          timeout=timeout)


def _unwritable_folder() -> str | None:
    """A folder nobody may write in, root included (sysfs), or None on a machine without one."""
    probe = "/sys/shailoo-probe"
    try:
        open(probe, "ab").close()
    except OSError:
        return "/sys"
    os.remove(probe)
    return None


# --------------------------------------------------------------------------- -o checked before the work

#: Every command that writes with -o; a missing input shows that -o is checked first (its error alone).
WRITERS = [
    ("parse", "{missing}"),
    ("parse", SEED001, "-f", "table"),
    ("check", "{missing}"),
    ("check", SEED001, "-f", "sarif"),
    ("compare", "{missing}", "{missing}"),
    ("schema",),
    ("query", "{missing}", "SELECT 1"),
    ("track", "status", "--as-of", "2024-01-01", "--db", "{missing}"),
    ("track", "status", "--as-of", "2024-01-01", "--db", "{missing}", "-f", "xlsx"),
]


@pytest.mark.parametrize("argv", WRITERS, ids=lambda a: "-".join(a[:3]).replace("/", "_"))
@pytest.mark.parametrize("where", ["folder", "under_a_file", "missing_folder", "unwritable"])
def test_output_that_cannot_be_written_is_one_line_exit_2(tmp_path, argv, where):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    output = {"folder": tmp_path, "under_a_file": blocker / "out.json",
              "missing_folder": tmp_path / "no" / "out.json"}.get(where)
    if where == "unwritable":
        folder = _unwritable_folder()
        if folder is None:
            pytest.skip("no folder here is closed to this user")
        output = f"{folder}/shailoo-out.json"
    missing = tmp_path / "missing.txt"
    argv = [a.replace("{missing}", str(missing)) for a in argv]
    code, out, err = run(*argv, "-o", output)
    line = one_line(err)
    assert code == 2 and out == ""
    assert str(output) in line and str(missing) not in line
    assert blocker.read_text() == "x"


def test_output_check_leaves_an_existing_file_and_creates_nothing(tmp_path):
    target = tmp_path / "out.json"
    code, _, err = run("parse", tmp_path / "missing.txt", "-o", target)
    assert code == 2 and "missing.txt" in one_line(err) and not target.exists()
    target.write_text("old")
    code, _, _ = run("schema", "-o", target)
    assert code == 0 and json.loads(target.read_text())["title"]


def test_output_folder_in_a_subprocess_no_traceback(tmp_path):
    proc = cli("parse", SEED001, "-o", tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "is a folder" in one_line(proc.stderr)


def test_convert_target_where_nothing_can_be_written(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    targets = [blocker / "x.duckdb"]
    folder = _unwritable_folder()
    if folder:
        targets += [f"{folder}/shailoo-x.duckdb", f"{folder}/shailoo-parquet/"]
    for target in targets:
        code, out, err = run("convert", SEED001, "--out", target, "--jobs", "1")
        assert code == 2, err
        one_line(err)


# --------------------------------------------------------------------------- statutes


@pytest.mark.parametrize("case", ["missing", "a_file", "empty", "bad_yaml", "bad_data"])
def test_check_statutes_folder_missing_or_invalid(tmp_path, case):
    folder = tmp_path / "statutes"
    if case == "a_file":
        folder.write_text("x")
    elif case != "missing":
        folder.mkdir()
    if case == "bad_yaml":
        (folder / "a.yaml").write_text("schema: shailoo/statutes@1\nact: [1\n")
    if case == "bad_data":
        (folder / "a.yaml").write_text("schema: shailoo/statutes@1\nact: {}\n")
    for command in (("check", SEED001), ("statutes",)):
        code, out, err = run(*command, "--statutes", folder)
        assert code == 2 and out == "", err
        assert str(folder) in one_line(err)


# --------------------------------------------------------------------------- hostile inputs


def test_check_of_deeply_nested_json(tmp_path):
    for name, text in [("deep.json", "[" * 200_000 + "]" * 200_000),
                       ("deep_doc.json", '{"schema": "shailoo/document@1", "document": '
                        + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}")]:
        path = tmp_path / name
        path.write_text(text)
        code, out, err = run("check", path)
        assert code == 2 and out == ""
        assert "nested too deeply" in one_line(err)


def _pdf(objects: list[bytes]) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


@pytest.mark.parametrize("tree", [
    [b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", PAGE],            # the root lists itself
    [b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"],                         # and nothing else
    [b"<< /Type /Pages /Kids [4 0 R 3 0 R] /Count 2 >>", PAGE,
     b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"],           # through a child
], ids=["self", "only-self", "cycle"])
def test_pdf_whose_page_tree_contains_itself(tmp_path, tree):
    path = tmp_path / "loop.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *tree]))
    for engine in ("auto", "pdfplumber"):
        code, out, err = run("parse", path, "--pdf-engine", engine, "--ocr", "never")
        assert code in (2, 3) and out == "", err
        assert str(path) in one_line(err)


# --------------------------------------------------------------------------- stores of the wrong kind


@pytest.fixture(scope="module")
def convert_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("convert") / "archive.duckdb"
    code, _, err = run("convert", SEED001, "--out", db, "--jobs", "1")
    assert code == 0, err
    return db


def _tables(db) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()


def test_track_refuses_a_convert_store_by_its_schema_name(convert_store, tmp_path):
    before = _tables(convert_store)
    report = tmp_path / "report.csv"
    report.write_text("№ меры,Ход исполнения\n1.1,исполнено\n", encoding="utf-8")
    for argv in (("status", "--as-of", "2024-01-01"), ("add-report", report, "--as-of", "2024-01-01"),
                 ("add-plan", FIXTURES / "docx" / "seed003.docx")):
        code, out, err = run("track", *argv, "--db", convert_store)
        assert code == 2 and out == ""
        line = one_line(err)
        assert "not a tracking store" in line and "shailoo/tracking-store@1" in line and "convert" in line
    assert _tables(convert_store) == before  # no tracking table written into it


def test_track_refuses_a_store_with_another_schema_name_and_another_database(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE shailoo_store (schema VARCHAR)")
    con.execute("INSERT INTO shailoo_store VALUES ('shailoo/something@9')")
    con.close()
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE people (name VARCHAR)")
    con.close()
    for db, words in ((other, "shailoo/something@9"), (foreign, "another database")):
        for argv in (("status", "--as-of", "2024-01-01"), ("add-plan", FIXTURES / "docx" / "seed003.docx")):
            code, out, err = run("track", *argv, "--db", db)
            assert code == 2 and out == "" and words in one_line(err)


def test_a_new_tracking_store_carries_its_schema_name(tmp_path):
    from shailoo.apps.track.store import STORE_SCHEMA, TrackStore

    db = tmp_path / "t.duckdb"
    TrackStore(str(db)).close()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT schema FROM shailoo_store").fetchall() == [(STORE_SCHEMA,)]
    con.close()
    TrackStore(str(db)).close()  # opened again: still one name
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM shailoo_store").fetchone() == (1,)
    con.close()


@pytest.mark.parametrize("keep", [100, 5000, 12288, 300_000])
def test_truncated_tracking_store(tmp_path, keep):
    from shailoo.apps.track.store import TrackStore

    db = tmp_path / "t.duckdb"
    with TrackStore(str(db)) as store:
        store.con.execute("INSERT INTO plans (plan_id, path) VALUES ('abc', 'x')")
    data = db.read_bytes()
    assert len(data) > keep
    db.write_bytes(data[:keep])
    for argv in (("status", "--as-of", "2024-01-01"), ("add-report", SEED001, "--as-of", "2024-01-01")):
        code, out, err = run("track", *argv, "--db", db)
        assert code == 2 and out == ""
        assert str(db) in one_line(err)


# --------------------------------------------------------------------------- rich markup in cells

MARKUP = ["[/bold]", "[link=x]y[/link]", "[red]z[/red]", "[/]"]


def test_markup_in_cells_is_printed_as_text_by_parse_table(tmp_path):
    text = (FIXTURES / "text" / "seed001.txt").read_text(encoding="utf-8")
    # the responsible cell of every row gets the markup (rows are «№\tмероприятие\tсрок\tответственные»)
    lines = []
    for i, line in enumerate(text.split("\n")):
        if line.count("\t") >= 3 and line.split("\t")[0].strip().rstrip(".").isdigit():
            fields = line.split("\t")
            fields[-1] = MARKUP[i % len(MARKUP)] + " " + fields[-1]
            line = "\t".join(fields)
        lines.append(line)
    path = tmp_path / "plan [link=x]y [red.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run("parse", path, "-f", "table")
    assert code == 0, err
    for m in MARKUP:
        assert m in out, m
    assert "plan [link=x]y [red.txt" in out
    assert "\x1b" not in out


def test_markup_in_query_values_and_names_is_printed_as_text(tmp_path):
    db = tmp_path / "s.duckdb"
    duckdb.connect(str(db)).close()
    sql = "SELECT " + ", ".join(f"'{m}' AS \"{m}\"" for m in MARKUP)
    code, out, err = run("query", db, sql)
    assert code == 0, err
    for m in MARKUP:
        assert out.count(m) >= 1, m


# --------------------------------------------------------------------------- control characters in names


@pytest.mark.parametrize("name", ["a\nshailoo: error: forged.txt", "b\rhidden.txt", "c\x1b[2Jclear.txt",
                                  "d\u2028line.txt"])
def test_names_with_control_characters_stay_on_one_line(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")  # empty: an error naming the file
    missing = tmp_path / ("missing " + name)
    for argv in (("parse", path, missing), ("check", path), ("compare", path, missing)):
        proc = cli(*argv)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.split("\n")
        assert lines[-1] == "" and all(ln.startswith("shailoo: error: ") for ln in lines[:-1]), proc.stderr
        assert len(lines) - 1 == (2 if argv[0] == "parse" else 1)
        assert "\r" not in proc.stderr and "\x1b" not in proc.stderr and "\u2028" not in proc.stderr
        assert "forged" not in proc.stderr or "\\nshailoo: error: forged" in proc.stderr
