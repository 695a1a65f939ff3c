"""Decoding text without loss (issue 18): UTF-8 is kept wherever it is UTF-8, bad bytes are replaced and
counted in a warning naming the lines, other Cyrillic code pages are detected, the rest refused.

Every variant is built at test time from the seed 001 text (77 activities).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

import pytest

import shailoo
from shailoo.errors import InputError
from shailoo.parsers.read.text import decode
from conftest import FIXTURES

SEED = (FIXTURES / "text" / "seed001.txt").read_bytes()
TEXT = SEED.decode("utf-8")
ACTIVITIES = 77


def _parse(tmp_path, data: bytes, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return shailoo.parse(str(path))


def _one_bad_byte() -> tuple[bytes, int]:
    """Seed 001 with one byte 0xFF put into a word of the title; (data, its line number)."""
    i = SEED.index("КАЛЕНДАРНЫЙ".encode())
    return SEED[:i + 2] + b"\xff" + SEED[i + 2:], SEED[:i].count(b"\n") + 1


def test_seed001_is_utf8_without_warning(tmp_path):
    doc = _parse(tmp_path, SEED)
    assert len(doc.activities) == ACTIVITIES and not doc.warnings


def test_one_bad_byte_keeps_every_activity_and_warns(tmp_path):
    data, line = _one_bad_byte()
    doc = _parse(tmp_path, data)
    assert len(doc.activities) == ACTIVITIES
    assert doc.source.encoding == "utf-8"
    warning = [w for w in doc.warnings if "invalid UTF-8" in w]
    assert warning == [f"1 invalid UTF-8 byte(s) replaced with U+FFFD (line {line})"]


def test_bad_byte_in_the_middle_of_a_character_counts_each_byte(tmp_path):
    i = SEED.index("КАЛЕНДАРНЫЙ".encode())
    data = SEED[:i + 1] + b"\xff" + SEED[i + 1:]  # between the two bytes of «К»
    text, enc = decode(data, "x", warnings := [])
    assert enc == "utf-8" and "ЛЕНДАРНЫЙ" in text and text.count("\ufffd") >= 1
    assert warnings and warnings[0].startswith("3 invalid UTF-8 byte(s)")


def test_bad_bytes_on_many_lines_are_named_with_a_limit(tmp_path):
    lines = SEED.split(b"\n")
    bad = [i for i, ln in enumerate(lines) if "а".encode() in ln][:15]
    for i in bad:
        lines[i] = lines[i].replace("а".encode(), b"\xd0", 1)  # the first byte of «а» alone
    text, enc = decode(b"\n".join(lines), "x", warnings := [])
    assert enc == "utf-8"
    shown = ", ".join(str(i + 1) for i in bad[:10])
    assert warnings == [f"15 invalid UTF-8 byte(s) replaced with U+FFFD (lines {shown} and 5 more)"]


def test_utf8_cut_in_the_middle_of_a_character(tmp_path):
    i = SEED.index("КАЛЕНДАРНЫЙ".encode())
    data = SEED[:i + 1]
    doc_text, enc = decode(data, "x", warnings := [])
    assert enc == "utf-8" and doc_text.endswith("\ufffd")
    last = data.count(b"\n") + 1
    assert warnings == [f"1 invalid UTF-8 byte(s) replaced with U+FFFD (line {last})"]
    # the whole text, cut in the last character of the file
    data = SEED.rstrip() + "ё".encode()[:1]
    doc = _parse(tmp_path, data)
    assert len(doc.activities) == ACTIVITIES and any("invalid UTF-8" in w for w in doc.warnings)


def test_utf8_with_bom_and_a_bad_byte(tmp_path):
    data, line = _one_bad_byte()
    doc = _parse(tmp_path, b"\xef\xbb\xbf" + data)
    assert len(doc.activities) == ACTIVITIES and doc.source.encoding == "utf-8-sig"
    assert any("invalid UTF-8" in w and f"line {line}" in w for w in doc.warnings)


def test_mixed_utf8_and_cp1251_lines(tmp_path):
    lines = TEXT.split("\n")
    data = "\n".join(lines[:60]).encode() + b"\n" + "\n".join(lines[60:]).encode("cp1251", "replace")
    doc = _parse(tmp_path, data)
    assert len(doc.activities) == ACTIVITIES and doc.source.encoding == "utf-8"
    assert any("are in CP1251 and were read as such" in w for w in doc.warnings)
    assert not any("invalid UTF-8" in w for w in doc.warnings)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866"])
def test_cyrillic_code_pages_are_detected(tmp_path, encoding):
    doc = _parse(tmp_path, TEXT.encode(encoding, "replace"))
    assert doc.source.encoding == encoding and len(doc.activities) == ACTIVITIES and not doc.warnings


def test_cp1251_and_koi8_are_told_apart_on_a_short_text():
    short = "Утвержден постановлением Центральной комиссии по выборам"
    assert decode(short.encode("koi8_r"), "x") == (short, "koi8_r")
    assert decode(short.encode("cp1251"), "x") == (short, "cp1251")
    caps = "КАЛЕНДАРНЫЙ ПЛАН ОСНОВНЫХ МЕРОПРИЯТИЙ ПО ПОДГОТОВКЕ ВЫБОРОВ"
    assert decode(caps.encode("koi8_r"), "x") == (caps, "koi8_r")
    assert decode(caps.encode("cp1251"), "x") == (caps, "cp1251")


def test_utf16_with_bom_and_cut(tmp_path):
    doc = _parse(tmp_path, TEXT.encode("utf-16"))
    assert len(doc.activities) == ACTIVITIES and not doc.warnings
    doc = _parse(tmp_path, TEXT.encode("utf-16")[:-1])
    assert len(doc.activities) == ACTIVITIES
    assert any("invalid UTF-16" in w for w in doc.warnings)


@pytest.mark.parametrize("data, reason", [
    (TEXT.encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    (("Ceci est un texte français, écrit à l'été.\n" * 20).encode("latin-1"), "not UTF-8 and not text in a Cyrillic code page"),
    (b"\x00\x01\x02binary" * 50, "binary content"),
])
def test_refused_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        shailoo.parse(str(path))
    assert reason in str(err.value) and "\n" not in str(err.value)


def test_cli_one_bad_byte_exit_0_and_the_warning_in_the_output(tmp_path):
    data, _ = _one_bad_byte()
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "shailoo", "parse", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "invalid UTF-8 byte(s)" in proc.stdout


def test_many_bad_lines_stay_bounded(tmp_path):
    """8 MB of lines, each UTF-8 with a bad byte, and 8 MB of a mixed file: < 60 s and < 1 GiB each."""
    path = tmp_path / "bad.txt"
    line = "Текст строки номер\t".encode() + b"\xff\t" + "кенеш\n".encode() + "а".encode() * 20 + b"\n"
    path.write_bytes(line * 150_000)
    script = textwrap.dedent(f"""
        import resource, time
        from shailoo.parsers.read.text import decode
        data = open({str(path)!r}, "rb").read()
        t = time.perf_counter()
        text, enc = decode(data, "x", w := [])
        mixed = data.replace(b"\\xff", "ф".encode("cp1251") * 5)
        decode(mixed, "x", [])
        print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, w[0])
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)))
    assert proc.returncode == 0, proc.stderr
    seconds, peak_kib, warning = proc.stdout.split(" ", 2)
    assert float(seconds) < 60 and int(peak_kib) < 1 << 20
    assert warning.startswith("150000 invalid UTF-8 byte(s)")
