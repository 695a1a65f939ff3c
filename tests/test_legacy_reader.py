"""Legacy formats (.rtf, .odt, .doc) read through a LibreOffice conversion to DOCX."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

import pytest

import shailoo.parsers
from shailoo.parsers.read import legacy
from shailoo.errors import ConverterMissing, InputError

SOFFICE = legacy.find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
# The DOCX reader is written separately; the end-to-end tests need it, the error paths do not.
needs_docx_reader = pytest.mark.skipif(
    importlib.util.find_spec("shailoo.parsers.read.docx") is None, reason="shailoo.parsers.read.docx is not available yet"
)


def rtf_escape(s: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?" for ch in s)


def make_rtf(path) -> None:
    cells = [("№", "Мероприятие"), ("1.", "Опубликовать решение"), ("2.", "Образовать комиссии")]
    rows = []
    for a, b in cells:
        rows.append(
            "\\trowd\\trgaph108\\cellx2000\\cellx8000"
            f"\\pard\\intbl {rtf_escape(a)}\\cell\\pard\\intbl {rtf_escape(b)}\\cell\\row"
        )
    body = (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
        f"\\pard {rtf_escape('Календарный план')}\\par\n"
        + "\n".join(rows)
        + f"\n\\pard {rtf_escape('Председатель')}\\par\n}}"
    )
    path.write_text(body, encoding="ascii")


def make_converted(tmp_path, target: str):
    """A DOCX written with python-docx, converted to ``target`` ("odt", "doc") by LibreOffice."""
    import docx

    document = docx.Document()
    document.add_paragraph("Календарный план")
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("№", "Мероприятие"), ("1.", "Опубликовать решение"), ("2.", "Образовать комиссии")]):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    document.add_paragraph("Председатель")
    src = tmp_path / "plan.docx"
    document.save(src)
    outdir = tmp_path / target
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", target, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    out = outdir / f"plan.{target}"
    assert out.is_file()
    return out


def check_plan(doc, path, fmt):
    assert doc.format == fmt
    assert doc.path == str(path)
    texts = [p.text for p in doc.paragraphs() if p.text.strip()]
    assert "Календарный план" in texts and "Председатель" in texts
    tables = list(doc.tables())
    assert len(tables) == 1
    rows = [[c.text for c in row.cells] for row in tables[0].rows]
    assert rows == [["№", "Мероприятие"], ["1.", "Опубликовать решение"], ["2.", "Образовать комиссии"]]
    for row in tables[0].rows:
        for cell in row.cells:
            assert doc.text[cell.start:cell.end] == cell.text


@needs_soffice
@needs_docx_reader
def test_rtf_is_read_through_docx(tmp_path):
    path = tmp_path / "plan.rtf"
    make_rtf(path)
    assert shailoo.parsers.read.detect_format(path) == "rtf"
    check_plan(shailoo.parsers.read.read(path), path, "rtf")


@needs_soffice
@needs_docx_reader
def test_rtf_saved_with_a_doc_name_is_read_as_rtf(tmp_path):
    # Word's «save as RTF» files often travel as .doc; the content decides.
    path = tmp_path / "plan.doc"
    make_rtf(path)
    check_plan(shailoo.parsers.read.read(path), path, "rtf")


@needs_soffice
@needs_docx_reader
@pytest.mark.parametrize("fmt", ["odt", "doc"])
def test_odt_and_doc_are_read_through_docx(tmp_path, fmt):
    path = make_converted(tmp_path, fmt)
    assert shailoo.parsers.read.detect_format(path) == fmt
    check_plan(shailoo.parsers.read.read(path), path, fmt)


@needs_soffice
@needs_docx_reader
def test_conversion_leaves_no_temporary_directory(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    path = tmp_path / "plan.rtf"
    make_rtf(path)
    legacy.read_legacy(str(path))
    assert list((tmp_path / "tmp").iterdir()) == []


def test_missing_libreoffice_is_converter_missing(tmp_path, monkeypatch):
    path = tmp_path / "plan.rtf"
    make_rtf(path)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(ConverterMissing) as err:
        shailoo.parsers.read.read(path)
    assert err.value.exit_code == 4
    assert "LibreOffice" in str(err.value) and "DOCX" in str(err.value)
    assert str(err.value).startswith(str(path))


@needs_soffice
@needs_docx_reader
def test_unconvertible_file_is_an_input_error(tmp_path):
    # An OLE header followed by junk: detected as .doc, but no Word import filter can load it (and it
    # must not come back as LibreOffice's plain-text import of the bytes).
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as err:
        legacy.read_legacy(str(path))
    assert type(err.value) is InputError
    assert "\n" not in str(err.value) and str(err.value).startswith(str(path))


def test_conversion_timeout_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "plan.rtf"
    make_rtf(path)
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_soffice", lambda: str(fake))
    monkeypatch.setattr(legacy, "TIMEOUT", 1)
    with pytest.raises(InputError, match="did not finish"):
        legacy.read_legacy(str(path))


def test_not_a_legacy_document_is_an_input_error(tmp_path):
    path = tmp_path / "notes.doc"
    path.write_text("plain text, not a Word file")
    with pytest.raises(InputError):
        legacy.read_legacy(str(path))
