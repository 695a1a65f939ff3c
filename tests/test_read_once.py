"""Each input is read once: ``check --format docx`` and ``compare --format docx`` sniff, open and read
every file one time, the Word comments going into the package the document was parsed from; and the
one settings object of reading (``shailoo.settings.ReadSettings``)."""

from __future__ import annotations

import io
import os
from collections import Counter

import pydantic
import pytest

from shailoo import cli
from shailoo.settings import FORMATS, OCR_MODES, PDF_ENGINES, ReadSettings
from conftest import FIXTURES

SEED001 = FIXTURES / "docx" / "seed001.docx"
SEED001_KY = FIXTURES / "docx" / "seed001_ky.docx"
DEFECTS = FIXTURES / "docx" / "seed001_defects.docx"


@pytest.fixture
def calls(monkeypatch):
    """Calls per file (absolute path) of the format sniffer, the DOCX reader and python-docx's package
    opening, counted while a test runs."""
    import docx.package

    import shailoo.parsers.read as read_mod
    import shailoo.parsers.read.docx as docx_mod

    seen: dict[str, Counter] = {"detect_format": Counter(), "read_docx": Counter(), "package_open": Counter()}

    def counting(name, func):
        def wrapper(path, *a, **kw):
            seen[name][os.path.abspath(os.fspath(path))] += 1
            return func(path, *a, **kw)
        return wrapper

    monkeypatch.setattr(read_mod, "detect_format", counting("detect_format", read_mod.detect_format))
    monkeypatch.setattr(docx_mod, "read_docx", counting("read_docx", docx_mod.read_docx))
    opened = docx.package.Package.open.__func__

    def package_open(cls, path, *a, **kw):
        seen["package_open"][os.path.abspath(os.fspath(path))] += 1
        return opened(cls, path, *a, **kw)

    monkeypatch.setattr(docx.package.Package, "open", classmethod(package_open))
    return seen


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def once_each(seen: dict[str, Counter], *files, opened=None) -> None:
    """Every file sniffed and read once; python-docx opens only the files that receive Word comments
    (``opened``, default all), once each: the reader opens the ZIP itself."""
    want = Counter({os.path.abspath(f): 1 for f in files})
    for name, got in seen.items():
        expected = Counter({os.path.abspath(f): 1 for f in opened}) if name == "package_open" and opened is not None \
            else want
        assert got == expected, name


def test_check_docx_reads_each_input_once(calls, tmp_path):
    code, out, err = run("check", DEFECTS, SEED001_KY, "--format", "docx", "-o", tmp_path)
    assert code in (0, 1), err
    assert out.count("comments") == 2
    once_each(calls, DEFECTS, SEED001_KY)


def test_compare_docx_reads_each_input_once(calls, tmp_path):
    code, out, err = run("compare", SEED001, SEED001_KY, "--format", "docx", "-o", tmp_path / "b.docx")
    assert code == 1, err
    assert "comments" in out
    once_each(calls, SEED001, SEED001_KY, opened=[SEED001_KY])  # the comments go into the second


def test_check_text_reads_each_input_once(calls):
    code, _, err = run("check", SEED001)
    assert code in (0, 1), err
    once_each(calls, SEED001, opened=[])


def test_a_pdf_is_refused_for_word_comments_before_it_is_parsed(calls, tmp_path):
    pdf = FIXTURES / "pdf" / "seed001.pdf"
    code, _, err = run("check", pdf, "--format", "docx", "-o", tmp_path / "x.docx")
    assert code == 2 and "Word comments need a DOCX file, this is PDF" in err
    assert calls["detect_format"] == Counter({os.path.abspath(pdf): 1})
    assert not calls["read_docx"] and not calls["package_open"]


# --------------------------------------------------------------------------- settings


def test_read_settings_are_validated_and_frozen():
    s = ReadSettings()
    assert (s.ocr, s.pdf_engine, s.reader, s.jobs) == ("auto", "auto", None, None)
    with pytest.raises(pydantic.ValidationError):
        ReadSettings(ocr="sometimes")
    with pytest.raises(pydantic.ValidationError):
        ReadSettings(reader="xlsx")
    with pytest.raises(pydantic.ValidationError):
        ReadSettings(engine="pdfplumber")  # not a field: refused, not ignored
    with pytest.raises(pydantic.ValidationError):
        s.ocr = "never"


def test_read_settings_of_a_namespace():
    import argparse

    ns = argparse.Namespace(ocr="never", pdf_engine=None, reader="pdf", files=["a"])
    assert ReadSettings.of(ns) == ReadSettings(ocr="never", reader="pdf")
    assert ReadSettings.of(object()) == ReadSettings()


def test_the_command_line_offers_the_settings_choices():
    assert cli.READERS == FORMATS and cli.OCR_MODES == OCR_MODES and cli.PDF_ENGINES == PDF_ENGINES
    from shailoo.parsers.read import READERS

    assert set(READERS) == set(FORMATS)


def test_the_cli_builds_one_settings_object_per_command(monkeypatch):
    import shailoo.apps.parse as parse_app

    seen = []
    monkeypatch.setattr(parse_app, "run_parse", lambda args, out, err, settings: seen.append(settings) or 0)
    assert cli.main(["parse", str(SEED001), "--ocr", "never", "--pdf-engine", "pdfplumber", "--reader", "docx"]) == 0
    assert seen == [ReadSettings(ocr="never", pdf_engine="pdfplumber", reader="docx")]


def test_parse_takes_settings_or_loose_arguments():
    import shailoo

    a = shailoo.parse(SEED001, settings=ReadSettings(reader="docx"))
    b = shailoo.parse(SEED001, fmt="docx", ocr="never")
    assert a.to_json() == b.to_json()
    with pytest.raises(ValueError):
        shailoo.parse(SEED001, ocr="never", settings=ReadSettings())
