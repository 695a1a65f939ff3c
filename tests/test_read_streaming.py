"""Reading without waste (issue 22, parts 2 and the DOCX figure): a DOCX's parts are inflated once, a
long text is split in linear time and not held twice, and ``shailoo parse`` writes its JSON as it goes,
the same characters as ``ParsedDocument.to_json``."""

from __future__ import annotations

import gc
import io
import json
import time
import zipfile
from collections import Counter

import pytest

import shailoo
from shailoo import cli
from shailoo.errors import InputError, LimitExceeded
from shailoo.parsers.read import read
from shailoo.parsers.read.docx import read_docx
from shailoo.parsers.read.text import parse_text, read_text
from shailoo.settings import Limits
from conftest import FIXTURES

SEED001 = FIXTURES / "docx" / "seed001.docx"
SEED000_TXT = FIXTURES / "text" / "seed000.txt"
SEED001_TXT = FIXTURES / "text" / "seed001.txt"


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- DOCX: one reading of the ZIP


@pytest.fixture
def inflated(monkeypatch):
    """ZIP members opened for inflating, by name, while a test runs."""
    seen: Counter = Counter()
    real = zipfile.ZipFile.open

    def counting(self, name, *a, **kw):
        seen[name.filename if isinstance(name, zipfile.ZipInfo) else name] += 1
        return real(self, name, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)
    return seen


def test_a_docx_is_inflated_once(inflated):
    """``read`` sniffs the package and reads it: each part it needs inflated once, the others never
    (the limits check once inflated every part, and python-docx all of them again)."""
    doc = read(SEED001)
    assert doc.format == "docx" and any(t.rows for t in doc.tables())
    assert inflated["word/document.xml"] == 1
    assert max(inflated.values()) == 1, inflated
    assert set(inflated) <= {"_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
                             "word/styles.xml", "word/numbering.xml"}, inflated


def test_the_reader_checks_the_parts_it_reads(tmp_path):
    """Without ``detect_format``'s check first, the reader itself refuses a part past the limits, as
    the ZIP header declares it and as it inflates."""
    with zipfile.ZipFile(SEED001) as src, zipfile.ZipFile(tmp_path / "x.docx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
    path = str(tmp_path / "x.docx")
    with pytest.raises(LimitExceeded) as err:
        read_docx(path, limits=Limits(max_part_bytes=1000))
    assert err.value.limit == "max_part_bytes"
    with pytest.raises(LimitExceeded) as err:
        read_docx(path, limits=Limits(max_elements=500))
    assert err.value.limit == "max_elements"
    with pytest.raises(LimitExceeded) as err:
        read_docx(path, limits=Limits(max_total_bytes=10_000))
    assert err.value.limit == "max_total_bytes"


def test_a_part_that_a_relationship_names_must_be_there(tmp_path):
    """The styles part named by the document's relationships but missing from the ZIP: a damaged DOCX."""
    path = tmp_path / "nostyles.docx"
    with zipfile.ZipFile(SEED001) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/styles.xml":
                dst.writestr(item, src.read(item.filename))
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert "damaged or unsupported DOCX" in str(err.value) and "styles.xml" in str(err.value)


# --------------------------------------------------------------------------- text: linear, held once


def _table_with_headings(n: int) -> str:
    """A table whose rows are separated by text-only heading lines (a copy that lost the heading rows' tabs)."""
    lines = ["№\tМероприятие\tСрок"]
    for i in range(n):
        lines.append(f"{i + 1}.\tМероприятие {i}\tдо 10 августа")
        lines.append(f"Раздел {i}")
    return "\n".join(lines)


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            t = time.process_time()
            parse_text(text)
            best = min(best, time.process_time() - t)
        finally:
            gc.enable()
    return best


def test_text_with_headings_between_rows_is_split_in_linear_time():
    """Each heading line asked whether the rest of the text was blank by copying it: quadratic
    (20 000 headings took 3.3 s, 200 000 would take minutes). 4× the lines must take about 4× the time."""
    small, large = _seconds(_table_with_headings(3000)), _seconds(_table_with_headings(12000))
    if large / max(small, 1e-3) > 6:  # once more: the machine is shared
        small, large = _seconds(_table_with_headings(3000)), _seconds(_table_with_headings(12000))
    assert large / max(small, 1e-3) <= 6, (small, large)


def test_headings_between_rows_stay_in_the_table():
    """A heading line between two rows is a row of the table; the last line, after the last row, is not
    between two: a paragraph."""
    doc = parse_text(_table_with_headings(3))
    table, para = doc.blocks
    assert [r.texts() for r in table.rows] == [
        ["№", "Мероприятие", "Срок"],
        ["1.", "Мероприятие 0", "до 10 августа"], ["Раздел 0", ""],
        ["2.", "Мероприятие 1", "до 10 августа"], ["Раздел 1", ""],
        ["3.", "Мероприятие 2", "до 10 августа"],
    ]
    assert para.text == "Раздел 2"


def test_an_item_cut_at_the_end_of_an_excerpt_is_still_a_row():
    """The last line, text only, numbering the next item: a row (``_cut_row``), also with blank lines after it."""
    text = "№\tМероприятие\tСрок\n1.\tПервое\tмай\n2.\tВторое\tиюнь\n3. Третье, обрезанное\n\n\n"
    (table,) = list(parse_text(text).tables())
    assert table.rows[-1].texts() == ["3. Третье, обрезанное", ""]


@pytest.mark.parametrize("content,empty", [(b" \n\t\r\n", True), (b"\xef\xbb\xbf", False), (b"\n\n1\n", False)])
def test_an_empty_text_file_is_told_apart_without_copying_it(tmp_path, content, empty):
    path = tmp_path / "t.txt"
    path.write_bytes(content)
    if empty:
        with pytest.raises(InputError, match="the file is empty"):
            read_text(str(path))
    elif content.strip(b"\xef\xbb\xbf"):
        assert read_text(str(path)).blocks
    else:  # a byte-order mark alone is not blank bytes: it is a text with nothing in it
        with pytest.raises(InputError, match="holds no text"):
            read_text(str(path))


def test_crlf_and_cr_line_ends_read_as_lf(tmp_path):
    lf = SEED001_TXT.read_bytes().replace(b"\r\n", b"\n")
    (tmp_path / "crlf.txt").write_bytes(lf.replace(b"\n", b"\r\n"))
    (tmp_path / "cr.txt").write_bytes(lf.replace(b"\n", b"\r"))
    want = read(SEED001_TXT).text
    assert read(tmp_path / "crlf.txt").text == want
    assert read(tmp_path / "cr.txt").text == want


# --------------------------------------------------------------------------- parse: JSON written as it goes


def test_parse_json_is_to_json_of_the_document(tmp_path):
    code, out, err = run("parse", SEED001)
    assert code == 0, err
    assert out == shailoo.parse(SEED001).to_json() + "\n"


def test_parse_json_of_several_files_and_json_lines(tmp_path):
    a, b = shailoo.parse(SEED000_TXT), shailoo.parse(SEED001)
    code, out, err = run("parse", SEED000_TXT, SEED001)
    assert code == 0, err
    assert out == "[\n" + a.to_json() + ",\n" + b.to_json() + "\n]\n"
    code, out, err = run("parse", SEED000_TXT, SEED001, "--format", "jsonl")
    assert code == 0, err
    assert out == a.to_json(indent=None) + "\n" + b.to_json(indent=None) + "\n"
    loaded = [json.loads(line) for line in out.splitlines()]
    assert [len(d["activities"]) for d in loaded] == [len(a.activities), len(b.activities)]


def test_parse_json_file_with_a_failing_input(tmp_path):
    """A file that fails is left out; with no document at all a single file writes nothing, several an
    empty list (as when the output was built whole)."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\0\0\0binary")
    out_file = tmp_path / "out.json"
    code, _, err = run("parse", bad, SEED000_TXT, "-o", out_file)
    assert code == 2 and "bad.txt" in err
    docs = json.loads(out_file.read_text(encoding="utf-8"))
    assert [d["source"]["format"] for d in docs] == ["text"]
    out_file.unlink()
    code, _, _ = run("parse", bad, "-o", out_file)
    assert code == 2 and not out_file.exists()
    code, _, _ = run("parse", bad, bad, "-o", out_file)
    assert code == 2 and out_file.read_text(encoding="utf-8") == "[\n\n]\n"


def test_an_output_that_is_an_input_is_written_after_every_input_is_read(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(SEED000_TXT.read_bytes())
    second.write_bytes(SEED001_TXT.read_bytes())
    code, _, err = run("parse", first, second, "-o", second)
    assert code == 0, err
    docs = json.loads(second.read_text(encoding="utf-8"))
    assert [d["source"]["path"] for d in docs] == [str(first), str(second)]
    assert len(docs[1]["activities"]) == len(shailoo.parse(SEED001_TXT).activities)
