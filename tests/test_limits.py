"""Limits on what one input may cost (``shailoo.settings.Limits``), checked before the work is done.

Every hostile input of issue 18 ("memory without bound from tiny files") is generated here, small on
disk (a ZIP bomb is written as a repeated piece of one deflate stream, a 200 MB text is a sparse file),
and run through ``shailoo parse`` in a child process under an address-space limit (RLIMIT_AS 1.5 GiB)
and a timeout. Each must end with exit 2 and one line on stderr naming the limit and how to raise it,
within 60 s and 1 GiB of peak memory (the child's own maximum resident size, from ``wait4``). Without
the limits most of these exhaust the 1.5 GiB and die with MemoryError (exit 70) or get killed.
Raising a limit lets a legitimate file of that size through.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from shailoo import cli
from shailoo.errors import InputError, LimitExceeded
from shailoo.settings import Limits, ReadSettings
from conftest import FIXTURES

ADDRESS_SPACE = 1536 << 20
PEAK_MIB = 1024
SECONDS = 60

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W} {R_NS}><w:body>'.encode()
DOC_TAIL = b"</w:body></w:document>"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


# ----------------------------------------------------------------------------------------- the harness


def run_limited(args: list[str], cwd: Path) -> tuple[int, list[str], float, int]:
    """``shailoo ARGS`` in a child under RLIMIT_AS and a timeout: (exit code, stderr lines, seconds,
    peak resident MiB of the child)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    err_path = cwd / "stderr.txt"
    start = time.monotonic()
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "shailoo", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=err, preexec_fn=limit)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > SECONDS:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"shailoo {' '.join(args)} ran past {SECONDS} s")
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = err_path.read_text(encoding="utf-8", errors="replace").splitlines()
    return proc.returncode, lines, time.monotonic() - start, usage.ru_maxrss // 1024


def assert_refused(args: list[str], cwd: Path, limit: str) -> str:
    code, lines, seconds, peak = run_limited(args, cwd)
    assert code == 2, (code, lines[-5:])
    assert len(lines) == 1, lines[:5]
    line = lines[0]
    assert line.startswith("shailoo: error: ") and f"the limit {limit}=" in line, line
    assert f"(raise with --limit {limit}=N)" in line, line
    assert seconds < SECONDS and peak < PEAK_MIB, (seconds, peak)
    return line


# ------------------------------------------------------------------------------------------ generators


def _gf2_times(mat: list[int], vec: int) -> int:
    out, i = 0, 0
    while vec:
        if vec & 1:
            out ^= mat[i]
        vec >>= 1
        i += 1
    return out


def _gf2_square(mat: list[int]) -> list[int]:
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """zlib's crc32_combine: the CRC-32 of A + B from those of A and B and B's length."""
    if len2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_repeated(chunk: bytes, n: int) -> int:
    """CRC-32 of ``chunk * n`` without making it (doubling)."""
    out, out_len = 0, 0
    piece, piece_len = zlib.crc32(chunk), len(chunk)
    while n:
        if n & 1:
            out, out_len = crc32_combine(out, piece, piece_len), out_len + piece_len
        piece, piece_len = crc32_combine(piece, piece, piece_len), 2 * piece_len
        n >>= 1
    return out


class Member:
    """One ZIP member as raw deflate data, its CRC-32 and the sizes its headers declare."""

    def __init__(self, name: str, deflated: bytes, crc: int, size: int):
        self.name, self.deflated, self.crc, self.size = name, deflated, crc, size

    @classmethod
    def of(cls, name: str, data: bytes) -> "Member":
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(name, c.compress(data) + c.flush(), zlib.crc32(data), len(data))

    @classmethod
    def repeated(cls, name: str, head: bytes, chunk: bytes, n: int, tail: bytes) -> "Member":
        """``head + chunk * n + tail``, deflated without being made: after a full flush the deflater
        starts afresh, so the chunk compresses to the same bytes every time and the stream is those
        bytes repeated (a 2.2 GB part is a 3 MB member)."""
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
        piece = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
        assert c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH) == piece
        last = c.compress(tail) + c.flush()
        crc = crc32_combine(zlib.crc32(head), crc32_repeated(chunk, n), len(chunk) * n)
        crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
        return cls(name, first + piece * n + last, crc, len(head) + len(chunk) * n + len(tail))


def write_zip(path: Path, members: list[Member]) -> Path:
    """A ZIP written by hand: the headers declare what the members say, true or not."""
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        fields = (20, 0, 8, 0, 0x21, m.crc & 0xFFFFFFFF, len(m.deflated), m.size, len(name), 0)
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, len(out)) + name
        out += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIHH", *fields) + name + m.deflated
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + eocd))
    return path


def docx_parts(document: Member, headers: list[Member] = ()) -> list[Member]:
    """A Word package around ``document`` (word/document.xml), with each of ``headers`` related from it."""
    types = "".join(f'<Override PartName="/{h.name}" ContentType="{HEADER_CT}"/>' for h in headers)
    rels = "".join(f'<Relationship Id="rIdH{i}" Type="{HEADER_REL}" Target="{Path(h.name).name}"/>'
                   for i, h in enumerate(headers))
    return [
        Member.of("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN_CT}"/>{types}</Types>').encode()),
        Member.of("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>').encode()),
        Member.of("word/_rels/document.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            '</Relationships>').encode()),
        document,
        *headers,
    ]


def text_paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def minimal_pdf(path: Path, pages: int = 1, size: tuple[float, float] = (595, 842)) -> Path:
    """A valid PDF of ``pages`` empty pages of ``size`` points, with its cross-reference table."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]:g} {size[1]:g}] >>".encode()] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no room on disk (a hole after ``head``)."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


GB22 = 2_200_000_000
EMPTY_P = b"<w:p/>" * (1 << 16)  # 384 KiB of empty paragraphs


def docx_bomb(path: Path) -> Path:
    """A 2.2 MB DOCX whose word/document.xml inflates to 2.2 GB (its headers say so)."""
    chunk = b" " * (1 << 20)
    doc = Member.repeated("word/document.xml", DOC_HEAD + b"<w:p><w:r><w:t>", chunk, GB22 // len(chunk),
                          b"</w:t></w:r></w:p>" + DOC_TAIL)
    return write_zip(path, docx_parts(doc))


def docx_bomb_lying(path: Path) -> Path:
    """The same bomb whose headers declare 1 KB: zipfile stops at the declared size."""
    doc = Member.repeated("word/document.xml", DOC_HEAD, b" " * (1 << 20), GB22 // (1 << 20), DOC_TAIL)
    doc.size = 1024
    return write_zip(path, docx_parts(doc))


def docx_empty_paragraphs(path: Path, size: int = GB22, declared: int | None = None) -> Path:
    """2.2 GB of ``<w:p/>``; ``declared``: the size the headers say instead (under the part limit)."""
    doc = Member.repeated("word/document.xml", DOC_HEAD, EMPTY_P, size // len(EMPTY_P), DOC_TAIL)
    if declared is not None:
        doc.size = declared
    return write_zip(path, docx_parts(doc))


def docx_referenced_parts(path: Path, each: int, n: int = 12) -> Path:
    """A DOCX whose document relates ``n`` header parts of ``each`` bytes of ``<w:p/>`` each."""
    hdr = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W}>'.encode()
    one = Member.repeated("word/header0.xml", hdr, EMPTY_P, each // len(EMPTY_P), b"</w:hdr>")
    headers = [Member(f"word/header{i}.xml", one.deflated, one.crc, one.size) for i in range(n)]
    refs = "".join(f'<w:headerReference w:type="default" r:id="rIdH{i}"/>' for i in range(n)).encode()
    doc = Member.of("word/document.xml", DOC_HEAD + text_paragraph("Текст") + b"<w:sectPr>" + refs
                    + b"</w:sectPr>" + DOC_TAIL)
    return write_zip(path, docx_parts(doc, headers))


def docx_table(path: Path, rows: int, span: int = 1, cells: int = 1) -> Path:
    """A DOCX with one table of ``rows`` rows of ``cells`` cells, each ``span`` grid columns wide."""
    tc = (f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>' if span > 1 else "<w:tc><w:p/></w:tc>")
    row = ("<w:tr>" + tc * cells + "</w:tr>").encode()
    doc = Member.of("word/document.xml", DOC_HEAD + text_paragraph("Таблица") + b"<w:tbl>" + row * rows
                    + b"</w:tbl>" + DOC_TAIL)
    return write_zip(path, docx_parts(doc))


def html_spans(path: Path, rows: int = 200, colspan: int = 1000) -> Path:
    """24 KB of HTML: every row a cell with ``rowspan=0`` (to the end of the group) ``colspan=1000``."""
    body = "".join(f'<tr><td rowspan="0" colspan="{colspan}">{i}</td></tr>' for i in range(rows))
    path.write_text(f"<!DOCTYPE html><html><body><p>План</p><table>{body}</table></body></html>", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ the cases


def test_generators_make_what_they_say(tmp_path):
    """The deflate trick and the CRC arithmetic give a real ZIP (checked on a small copy)."""
    import zipfile

    assert crc32_repeated(b"abc", 1000) == zlib.crc32(b"abc" * 1000)
    doc = Member.repeated("word/document.xml", DOC_HEAD, EMPTY_P, 40, DOC_TAIL)
    path = write_zip(tmp_path / "small.docx", docx_parts(doc))
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert zf.read("word/document.xml") == DOC_HEAD + EMPTY_P * 40 + DOC_TAIL
    bomb = docx_bomb(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 4_000_000
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("word/document.xml").file_size > 2_000_000_000


HOSTILE = {
    # name: (generator, extra arguments, the limit that refuses it)
    "docx-bomb-2.2GB": (docx_bomb, [], "max_part_bytes"),
    "docx-bomb-lying-header": (docx_bomb_lying, [], None),  # damaged: does not inflate as declared
    "docx-2.2GB-empty-paragraphs": (docx_empty_paragraphs, [], "max_part_bytes"),
    "docx-empty-paragraphs-declared-60MB": (
        lambda p: docx_empty_paragraphs(p, size=GB22, declared=60 << 20), [], "max_elements"),
    "docx-12-parts-x-200MB": (lambda p: docx_referenced_parts(p, 200_000_000), [], "max_part_bytes"),
    "docx-12-parts-x-30MB": (lambda p: docx_referenced_parts(p, 30_000_000), [], "max_total_bytes"),
    "docx-grid-span-rows": (lambda p: docx_table(p, rows=5000, span=1024), [], "max_table_cells"),
    "docx-grid-wide-row": (lambda p: docx_table(p, rows=2, cells=1100), [], "max_columns"),
    "html-rowspan0-colspan1000": (html_spans, [], "max_columns"),
    "html-rowspan0-narrow": (lambda p: html_spans(p, rows=1020, colspan=1), [], "max_table_cells"),
    "html-elements": (lambda p: p.write_bytes(b"<html><body>" + b"<br>" * 1_100_000 + b"</body></html>"),
                      [], "max_elements"),
    "pdf-200x200-inch-page-ocr": (lambda p: minimal_pdf(p, 1, (14400, 14400)), ["--ocr", "always"],
                                  "max_ocr_page_area"),
    "pdf-2000-pages": (lambda p: minimal_pdf(p, 2000), [], "max_pages"),
    "pdf-file-300MB": (lambda p: sparse(p, 300 << 20, b"%PDF-1.4\n"), [], "max_file_bytes"),
    "text-200MB": (lambda p: sparse(p, 200_000_000, "План\n".encode()), [], "max_text_bytes"),
    "text-cell-300k-chars": (lambda p: p.write_text("№\tСроки\n1.\t" + "до 10 августа " * 22_000 + "\n",
                                                    encoding="utf-8"), [], "max_cell_chars"),
    "text-2.1M-chars": (lambda p: p.write_text("Plan text line\n" * 140_000, encoding="utf-8"), [],
                        "max_document_chars"),
}
SUFFIX = {"docx": ".docx", "html": ".html", "pdf": ".pdf", "text": ".txt"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_is_refused_in_bounded_time_and_memory(case, tmp_path):
    make, extra, limit = HOSTILE[case]
    if "--ocr" in extra:
        from shailoo.parsers.read.ocr import _available

        if _available():  # without OCR nothing is rendered: the PDF is refused as exit 4 instead
            pytest.skip(f"OCR is not available here: {_available()}")
    path = tmp_path / f"{case}{SUFFIX[case.split('-')[0]]}"
    make(path)
    assert path.stat().st_blocks * 512 < 8 << 20  # small on disk
    if limit is None:
        code, lines, seconds, peak = run_limited(["parse", path.name, *extra], tmp_path)
        assert code == 2 and len(lines) == 1 and "damaged" in lines[0], lines[:5]
        assert seconds < SECONDS and peak < PEAK_MIB, (seconds, peak)
        return
    line = assert_refused(["parse", path.name, *extra], tmp_path, limit)
    assert path.name in line


def test_check_with_word_comments_is_bounded_too(tmp_path):
    """``check --format docx`` opens the package with python-docx itself: the same check comes first."""
    docx_referenced_parts(tmp_path / "parts.docx", 30_000_000)
    assert_refused(["check", "parts.docx", "-f", "docx", "-o", "out.docx"], tmp_path, "max_total_bytes")
    docx_empty_paragraphs(tmp_path / "flood.docx", size=GB22, declared=60 << 20)
    assert_refused(["check", "flood.docx", "-f", "docx", "-o", "out.docx"], tmp_path, "max_elements")
    assert not (tmp_path / "out.docx").exists()


def test_raising_a_limit_lets_a_legitimate_file_through(tmp_path):
    """1.05 million elements (empty paragraphs around a real one): over the default ``max_elements``,
    read in bounded time and memory once the limit is raised."""
    doc = Member.repeated("word/document.xml", DOC_HEAD + text_paragraph("План мероприятий"),
                          b"<w:p/>" * 5000, 210, DOC_TAIL)
    write_zip(tmp_path / "long.docx", docx_parts(doc))
    assert_refused(["parse", "long.docx"], tmp_path, "max_elements")
    code, lines, seconds, peak = run_limited(["parse", "long.docx", "--limit", "max_elements=2M", "-o", "out.json"],
                                             tmp_path)
    # only the line naming the file written (issue 19), in the default language of the environment
    from shailoo.apps.written import wrote_line
    from shailoo.settings import default_lang

    assert code == 0 and lines == [wrote_line("out.json", default_lang()).rstrip("\n")], lines[:5]
    assert seconds < SECONDS and peak < PEAK_MIB, (seconds, peak)
    assert "План мероприятий" in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_a_lowered_limit_refuses_and_the_default_reads_a_fixture(tmp_path):
    from shailoo.cli import main
    import io

    seed = str(FIXTURES / "docx" / "seed001.docx")
    for limit, value in (("max_part_bytes", "50K"), ("max_elements", "1000"), ("max_table_cells", "100"),
                         ("max_columns", "3"), ("max_cell_chars", "100"), ("max_document_chars", "10000"),
                         ("max_file_bytes", "10K")):
        err = io.StringIO()
        code = main(["parse", seed, "--limit", f"{limit}={value}", "-o", str(tmp_path / "x.json")], io.StringIO(), err)
        assert code == 2 and f"the limit {limit}=" in err.getvalue() and err.getvalue().count("\n") == 1, err.getvalue()
    pdf = str(FIXTURES / "pdf" / "seed001.pdf")
    err = io.StringIO()
    assert main(["check", pdf, "--limit", "max_pages=2"], io.StringIO(), err) == 2
    assert "max_pages=2 (raise with --limit max_pages=N)" in err.getvalue()
    html = next((FIXTURES / "html").glob("*.html"))
    err = io.StringIO()
    assert main(["parse", str(html), "--limit", "max_text_bytes=1K", "-o", str(tmp_path / "x.json")],
                io.StringIO(), err) == 2
    assert "max_text_bytes" in err.getvalue()
    assert main(["parse", seed, "-o", str(tmp_path / "x.json")], io.StringIO(), io.StringIO()) == 0


def test_the_default_limits_read_every_document_fixture():
    """(tests/test_golden.py parses every fixture with the defaults too: the PDFs and the wild corpus.)"""
    from shailoo.parsers.read import read

    files = [p for d in ("docx", "html", "text", "wild") for p in sorted((FIXTURES / d).glob("*"))
             if p.suffix in (".docx", ".html", ".txt")]
    assert len(files) >= 15
    for path in files:
        read(path, limits=Limits())  # raises on a breach


# ------------------------------------------------------------------------------------- the settings


def test_limits_are_a_closed_frozen_validated_model():
    limits = Limits()
    assert limits.max_part_bytes == 64 << 20 and limits.max_pages == 1000
    with pytest.raises(ValueError):
        Limits(max_pges=3)
    with pytest.raises(ValueError):
        Limits(max_pages=0)
    with pytest.raises(ValueError):
        Limits(max_pages=1.5)
    with pytest.raises(ValueError):
        limits.max_pages = 5  # frozen
    settings = ReadSettings(limits=["max_pages=3000", ("max_part_bytes", 1 << 30)])
    assert settings.limits == Limits(max_pages=3000, max_part_bytes=1 << 30)
    assert ReadSettings(limits={"max_columns": 64}).limits.max_columns == 64
    assert pickle.loads(pickle.dumps(settings)) == settings  # handed to convert's workers


@pytest.mark.parametrize("text,expected", [
    ("max_pages=3000", ("max_pages", 3000)), ("max_part_bytes=512M", ("max_part_bytes", 512 << 20)),
    ("max_total_bytes=1GiB", ("max_total_bytes", 1 << 30)), ("max_cell_chars=1_000_000", ("max_cell_chars", 10**6)),
    ("max_ocr_page_area=1000.5", ("max_ocr_page_area", 1000.5)), ("max_file_bytes=1.5K", ("max_file_bytes", 1536)),
])
def test_limit_assignments(text, expected):
    assert Limits.assignment(text) == expected


@pytest.mark.parametrize("text", ["max_pages", "=3", "max_pges=3", "max_pages=0", "max_pages=-1", "max_pages=1.5",
                                  "max_pages=lots", "max_pages=3T"])
def test_bad_limit_assignments_are_usage_errors(text, capsys):
    with pytest.raises(ValueError):
        Limits.assignment(text)
    assert cli.main(["parse", "--limit", text, "x.docx"]) == 2
    err = capsys.readouterr().err
    assert "argument --limit" in err and "Traceback" not in err


def test_the_help_lists_every_limit_with_its_default():
    spelled = dict(Limits.assignment(item) for item in cli.LIMITS)
    assert spelled == Limits().model_dump()
    assert list(spelled) == list(Limits.model_fields)
    parser = cli._build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in ("parse", "check", "convert"):
        text = sub.choices[command].format_help()
        assert "--limit NAME=VALUE" in text and "max_ocr_page_area" in " ".join(text.split())


def test_the_command_line_hands_the_limits_to_the_reader(tmp_path):
    args = cli._build_parser().parse_args(["parse", "a.docx", "--limit", "max_pages=5", "--limit", "max_columns=9"])
    assert ReadSettings.of(args).limits == Limits(max_pages=5, max_columns=9)
    assert ReadSettings.of(cli._build_parser().parse_args(["parse", "a.docx"])).limits == Limits()


def test_limit_exceeded_is_an_input_error_that_pickles():
    err = LimitExceeded("a.pdf", "the PDF has 2000 pages", "max_pages", 2000, 1000)
    assert isinstance(err, InputError) and err.exit_code == 2
    assert str(err) == ("a.pdf: the PDF has 2000 pages, which exceeds the limit max_pages=1000 "
                        "(raise with --limit max_pages=N)")
    back = pickle.loads(pickle.dumps(err))
    assert (str(back), back.limit, back.value, back.maximum) == (str(err), "max_pages", 2000, 1000)
