"""Every command that writes a file says where: one line on stderr per file, in the output language
(``common.cli.wrote``: «shailoo: записано: report.html», ky «shailoo: жазылды: report.html», en
«shailoo: wrote report.html»), the path as given with its control characters escaped; nothing when the
output goes to standard output, and standard output unchanged (issue 19).

Each command runs through ``shailoo.cli.main`` with ``capsys``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from shailoo import cli
from shailoo.corpus.i18n import text
from shailoo.errors import printable
from shailoo.settings import LANG_ENV, LANGS, LOCALE_ENV
from conftest import FIXTURES, ROOT

SEED001 = FIXTURES / "docx" / "seed001.docx"
SEED001_KY = FIXTURES / "docx" / "seed001_ky.docx"
SEED_TXT = FIXTURES / "text" / "seed004.txt"
TRACK = yaml.safe_load((FIXTURES / "track" / "expected.yaml").read_text(encoding="utf-8"))
PLAN = ROOT / TRACK["plan"]


@pytest.fixture(autouse=True)
def russian_by_default(monkeypatch, tmp_path):
    """Nothing in the environment or the folder chooses a language: the default is Russian."""
    for name in (LANG_ENV, *LOCALE_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out, got.err


def wrote(path, lang: str = "ru") -> str:
    return text("common.cli.wrote", lang, path=printable(str(path))) + "\n"


def test_the_words():
    assert wrote("report.html", "ru") == "shailoo: записано: report.html\n"
    assert wrote("report.html", "ky") == "shailoo: жазылды: report.html\n"
    assert wrote("report.html", "en") == "shailoo: wrote report.html\n"


# --------------------------------------------------------------------------- check


@pytest.fixture(scope="module")
def check_stdout() -> dict[tuple[str, str], str]:
    """What ``check SEED001`` prints on stdout, per format and language (no -o)."""
    import io

    got = {}
    for fmt in ("text", "json", "sarif", "html"):
        for lang in LANGS:
            out, err = io.StringIO(), io.StringIO()
            code = cli.main(["check", str(SEED001), "-f", fmt, "--lang", lang], out=out, err=err)
            assert code in (0, 1) and err.getvalue() == "", err.getvalue()
            got[fmt, lang] = out.getvalue()
    return got


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html"])
def test_check_output_file(capsys, tmp_path, check_stdout, fmt, lang):
    dest = tmp_path / f"report.{fmt}"
    code, out, err = run(capsys, "check", SEED001, "-f", fmt, "-o", dest, "--lang", lang)
    assert code in (0, 1)
    assert out == ""
    assert err == wrote(dest, lang)
    assert dest.read_text(encoding="utf-8") == check_stdout[fmt, lang]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html"])
def test_check_to_stdout_says_nothing(capsys, check_stdout, fmt):
    code, out, err = run(capsys, "check", SEED001, "-f", fmt)
    assert code in (0, 1) and err == ""
    assert out == check_stdout[fmt, "ru"]


def test_check_relative_path_is_named_as_given(capsys, tmp_path):
    code, out, err = run(capsys, "check", SEED001, "-f", "json", "-o", "out.json", "--lang", "ky")
    assert err == wrote("out.json", "ky") and (tmp_path / "out.json").exists() and out == ""


def test_check_default_language_for_the_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(LANG_ENV, "en")
    code, out, err = run(capsys, "check", SEED001, "-o", "r.txt")
    assert err == wrote("r.txt", "en")
    monkeypatch.setenv("LANG", "ky_KG.UTF-8")
    monkeypatch.delenv(LANG_ENV)
    code, out, err = run(capsys, "check", SEED001, "-o", "r.txt")
    assert err == wrote("r.txt", "ky")


def test_check_control_characters_escaped(capsys, tmp_path):
    name = "a\nb\x1b[31m.txt"
    code, out, err = run(capsys, "check", SEED001, "-o", name)
    assert (tmp_path / name).exists()
    assert err == "shailoo: записано: a\\nb\\x1b[31m.txt\n"
    assert err.count("\n") == 1 and "\x1b" not in err


def test_check_docx_one_file(capsys, tmp_path):
    dest = tmp_path / "reviewed.docx"
    code, out, err = run(capsys, "check", SEED001, "-f", "docx", "-o", dest, "--lang", "ky")
    assert code in (0, 1) and dest.exists()
    assert out.startswith(f"{SEED001} -> {dest}: ") and out.endswith(" comments\n") and out.count("\n") == 1
    assert err == wrote(dest, "ky")


def test_check_docx_each_copy_in_a_folder(capsys, tmp_path):
    folder = tmp_path / "out"
    code, out, err = run(capsys, "check", SEED001, SEED001_KY, "-f", "docx", "-o", folder)
    assert code in (0, 1), err
    targets = [folder / "seed001.reviewed.docx", folder / "seed001_ky.reviewed.docx"]
    assert all(t.exists() for t in targets)
    assert err == "".join(wrote(t) for t in targets)
    assert out.count(" comments\n") == 2


def test_check_docx_beside_the_input(capsys, tmp_path):
    src = tmp_path / "plan.docx"
    src.write_bytes(SEED001.read_bytes())
    code, out, err = run(capsys, "check", src, "-f", "docx", "--lang", "en")
    assert code in (0, 1)
    assert err == wrote(tmp_path / "plan.reviewed.docx", "en")


def test_check_failed_write_says_no_wrote(capsys, tmp_path):
    code, out, err = run(capsys, "check", SEED001, "-o", tmp_path / "missing" / "r.txt")
    assert code == 2 and "записано" not in err and err.startswith("shailoo: error: ")


# --------------------------------------------------------------------------- compare


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_compare_output_file(capsys, tmp_path, fmt):
    code, stdout, err = run(capsys, "compare", SEED001, SEED001_KY, "-f", fmt, "--lang", "ky")
    assert err == ""
    dest = tmp_path / f"cmp.{fmt}"
    code, out, err = run(capsys, "compare", SEED001, SEED001_KY, "-f", fmt, "-o", dest, "--lang", "ky")
    assert code == 1 and out == ""
    assert err == wrote(dest, "ky")
    assert dest.read_text(encoding="utf-8") == stdout


def test_compare_docx(capsys, tmp_path):
    dest = tmp_path / "b.docx"
    code, out, err = run(capsys, "compare", SEED001, SEED001_KY, "-f", "docx", "-o", dest)
    assert code == 1 and dest.exists()
    assert out.startswith(f"{SEED001_KY} -> {dest}: ") and out.endswith(" comments\n")
    assert err == wrote(dest)


# --------------------------------------------------------------------------- parse, schema


def test_parse_output_file(capsys, tmp_path):
    code, stdout, err = run(capsys, "parse", SEED_TXT)
    assert code == 0 and err == ""
    dest = tmp_path / "doc.json"
    code, out, err = run(capsys, "parse", SEED_TXT, "-o", dest, "--lang", "en")
    assert code == 0 and out == "" and err == wrote(dest, "en")
    assert dest.read_text(encoding="utf-8") == stdout


def test_parse_default_language(capsys, tmp_path):
    dest = tmp_path / "doc.jsonl"
    code, out, err = run(capsys, "parse", SEED_TXT, "-f", "jsonl", "-o", dest)
    assert code == 0 and out == "" and err == wrote(dest, "ru")


@pytest.mark.parametrize("name", ["document", "findings"])
def test_schema_output_file(capsys, tmp_path, monkeypatch, name):
    code, stdout, err = run(capsys, "schema", name)
    assert code == 0 and err == ""
    monkeypatch.setenv(LANG_ENV, "ky")
    dest = tmp_path / f"{name}.schema.json"
    code, out, err = run(capsys, "schema", name, "-o", dest)
    assert code == 0 and out == "" and err == wrote(dest, "ky")
    assert dest.read_text(encoding="utf-8") == stdout


# --------------------------------------------------------------------------- track


@pytest.fixture(scope="module")
def track_db(tmp_path_factory) -> Path:
    import io

    db = tmp_path_factory.mktemp("track") / "track.duckdb"
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["track", "add-plan", str(PLAN), "--db", str(db)], out=out, err=err) == 0, err.getvalue()
    assert err.getvalue() == ""  # loading into the store is not an export
    return db


@pytest.mark.parametrize("fmt", ["text", "json", "html", "xlsx"])
def test_track_status_exports(capsys, tmp_path, track_db, fmt):
    status = ["track", "status", "--as-of", "01.06.2024", "--db", track_db, "-f", fmt, "--lang", "ky"]
    dest = tmp_path / f"status.{fmt}"
    code, out, err = run(capsys, *status, "-o", dest)
    assert code == 0 and out == "" and dest.exists()
    assert err == wrote(dest, "ky")
    if fmt != "xlsx":
        code, stdout, err = run(capsys, *status)
        assert code == 0 and err == "" and stdout == dest.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- convert, query


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, str]:
    import io

    d = tmp_path_factory.mktemp("convert")
    target = d / "lib.duckdb"
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["convert", str(SEED_TXT), "--out", str(target), "--jobs", "1"], out=out, err=err)
    assert code == 0, err.getvalue()
    return target, out.getvalue()


def test_convert_summary_names_the_target(store):
    target, out = store
    assert target.exists()
    assert out.startswith(f"{target}: 1 files: 1 converted") and out.count("\n") == 1


def test_convert_summary_escapes_the_target(capsys, tmp_path):
    target = tmp_path / "a\nb.jsonl"
    code, out, err = run(capsys, "convert", SEED_TXT, "--out", target, "--jobs", "1")
    assert code == 0, err
    assert out.startswith(f"{printable(target)}: 1 files") and out.count("\n") == 1


def test_query_output_file(capsys, tmp_path, store):
    target, _ = store
    q = ["query", target, "SELECT count(*) AS n FROM documents", "-f", "json"]
    code, stdout, err = run(capsys, *q)
    assert code == 0 and err == "" and json.loads(stdout) == [{"n": 1}]
    dest = tmp_path / "n.json"
    code, out, err = run(capsys, *q, "-o", dest)
    assert code == 0 and out == "" and err == wrote(dest)
    assert dest.read_text(encoding="utf-8") == stdout


# --------------------------------------------------------------------------- statutes


def test_statutes_learn_writes_to_stdout_only(capsys):
    code, out, err = run(capsys, "statutes", "learn", SEED001)
    assert code == 0 and out and err == ""
