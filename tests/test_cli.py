"""The command line: exit codes, one-line errors, nothing lost in a batch."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from shailoo.cli import main
from conftest import FIXTURES, ROOT

SEED001 = str(FIXTURES / "text" / "seed001.txt")


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _minimal_pdf() -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    """A PDF whose trailer names an /Encrypt dictionary (RC4, user password unknown)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.6\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, b"ab" * 16, b"ab" * 16, xref))
    return bytes(out)


GARBAGE = {
    "empty.txt": b"",
    "empty.docx": b"",
    "junk.txt": bytes(range(256)) * 8,
    "notword.docx": None,  # a ZIP without word/document.xml, made below
    "truncated.pdf": None,
    "locked.pdf": None,
    "junk.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 4,
}


@pytest.fixture
def garbage(tmp_path):
    paths = {}
    for name, data in GARBAGE.items():
        p = tmp_path / name
        if name == "notword.docx":
            with zipfile.ZipFile(p, "w") as zf:
                zf.writestr("hello.txt", "not a document")
        elif name == "truncated.pdf":
            pdf = _minimal_pdf()
            p.write_bytes(pdf[: len(pdf) // 2])
        elif name == "locked.pdf":
            p.write_bytes(_encrypted_pdf())
        else:
            p.write_bytes(data)
        paths[name] = p
    return paths


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_gives_one_line_and_exit_2(garbage, name):
    code, out, err = run(["parse", str(garbage[name])])
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shailoo: error: ") and str(garbage[name]) in lines[0]
    assert "Traceback" not in err


def test_locked_pdf_says_password(garbage):
    _, _, err = run(["parse", str(garbage["locked.pdf"])])
    assert "password" in err.lower() or "encrypt" in err.lower()


def test_batch_reports_every_failure_and_outputs_the_rest(garbage):
    files = [str(garbage["empty.txt"]), SEED001, str(garbage["junk.pdf"])]
    code, out, err = run(["parse", *files, "--format", "jsonl"])
    assert code == 2
    assert len(err.strip().splitlines()) == 2
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["source"]["path"] for d in docs] == [SEED001]


def test_missing_file_and_unsupported_type(tmp_path):
    code, _, err = run(["parse", str(tmp_path / "nope.docx")])
    assert code == 2 and "no such file" in err
    odd = tmp_path / "table.xyz"
    odd.write_text("a\tb\n")
    code, _, err = run(["parse", str(odd)])
    assert code == 2 and "unsupported file type" in err


def test_table_format_and_output_file(tmp_path):
    target = tmp_path / "out.txt"
    code, out, _ = run(["parse", SEED001, "--format", "table", "-o", str(target)])
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert "calendar_plan" in text and "77 activities, 13 sections" in text


def test_several_files_give_a_json_array():
    code, out, _ = run(["parse", SEED001, str(FIXTURES / "text" / "seed000.txt")])
    assert code == 0
    assert [d["document"]["kind"] for d in json.loads(out)] == ["calendar_plan", "event_schedule"]


def test_console_script_and_module_entry_points():
    r = subprocess.run([sys.executable, "-m", "shailoo", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith("shailoo ")
    r = subprocess.run([sys.executable, "-m", "shailoo", "parse", SEED001, "-f", "jsonl"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and json.loads(r.stdout)["document"]["election_day"] == "2022-10-09"


def test_usage_error_exit_2():
    code, _, _ = run(["parse"])
    assert code == 2


def test_dates_on_the_command_line_as_printed_or_iso(capsys):
    """«--election-day 09.10.2022» as CEC documents print dates, or ISO; an impossible date is refused."""
    from shailoo.cli import _iso_date

    assert _iso_date("09.10.2022") == _iso_date("2022-10-09") == __import__("datetime").date(2022, 10, 9)
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(FIXTURES / "text" / "seed001.txt"), "--election-day", "09.10.2022", "-f", "json"],
                out=out, err=err) in (0, 1)
    assert main(["check", str(FIXTURES / "text" / "seed001.txt"), "--election-day", "31.02.2022"]) == 2
    assert "DD.MM.YYYY" in capsys.readouterr().err
