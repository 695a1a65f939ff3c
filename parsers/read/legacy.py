"""Legacy word-processor formats (.doc, .rtf, .odt): converted to DOCX by LibreOffice, then read as DOCX.

Writing a reader for each of these formats would duplicate the DOCX reader badly; LibreOffice converts
all three faithfully, tables and automatic numbering included. The conversion runs headless with a
private user profile in a private temporary directory, so parallel conversions do not fight over one
profile and nothing is left behind. The result is the DOCX reader's ``RawDocument`` with the original
path and format.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from shailoo.errors import ConverterMissing, InputError

from shailoo.parsers.read.blocks import RawDocument
from shailoo.parsers.read import detect_format
from shailoo.parsers.read.docx import read_docx

__all__ = ["read_legacy", "find_soffice", "TIMEOUT"]

#: Seconds one conversion may take before it is abandoned.
TIMEOUT = 120

_FORMATS = ("doc", "rtf", "odt")
_MISSING = ("reading .doc/.rtf/.odt needs LibreOffice (soffice), which is not installed; "
            "install it (apt-get install libreoffice-writer) or save the file as DOCX")


# The import filter is named, never guessed: when LibreOffice's type detection fails it silently
# imports the bytes as plain text, and a damaged .doc would come back as a page of mojibake. Word 95
# and Word 6 files share the .doc OLE container with Word 97-2003, hence the fall-backs.
_IMPORT_FILTERS = {
    "doc": ("MS Word 97", "MS Word 95", "MS WinWord 6.0"),
    "rtf": ("Rich Text Format",),
    "odt": ("writer8",),
}


def find_soffice() -> str | None:
    """The LibreOffice executable on ``PATH``, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _format_of(path: str) -> str:
    fmt = detect_format(path)
    if fmt in _FORMATS:
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in _FORMATS:
        return suffix
    raise InputError(path, f"not a .doc, .rtf or .odt document (its content is {fmt.upper()})")


def _last_line(text: bytes) -> str:
    lines = [ln.strip() for ln in text.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def _convert(soffice: str, src: Path, outdir: Path, profile: Path, path: str, infilter: str,
             convert_to: str = "docx:MS Word 2007 XML") -> Path | str:
    """Run one conversion: the file written (DOCX, or the format ``convert_to`` names before its first
    colon: ``shailoo.outputs.pdf_export`` makes PDF), or the one-line reason it was not."""
    cmd = [
        soffice, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
        f"-env:UserInstallation={profile.as_uri()}", f"--infilter={infilter}",
        "--convert-to", convert_to, "--outdir", str(outdir), str(src),
    ]
    try:
        # A session of its own: on a timeout the whole process group (the soffice wrapper and the
        # soffice.bin it starts) is killed, not only the wrapper.
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as err:
        raise ConverterMissing(path, f"LibreOffice ({soffice}) cannot be started: {err.strerror or err}") from None
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.communicate()
        raise InputError(path, f"LibreOffice did not finish converting the file within {TIMEOUT} s") from None
    result = outdir / (src.stem + "." + convert_to.partition(":")[0])
    # soffice reports a file it cannot load with exit status 0: the output decides.
    if proc.returncode == 0 and result.is_file() and result.stat().st_size > 0:
        return result
    return _last_line(err) or _last_line(out) or f"exit status {proc.returncode}"


def read_legacy(path: str) -> RawDocument:
    """Read a .doc, .rtf or .odt file by converting it to DOCX with LibreOffice.

    Raises ``ConverterMissing`` when LibreOffice is not installed and ``InputError`` when the file
    cannot be converted.
    """
    path = str(path)
    fmt = _format_of(path)
    soffice = find_soffice()
    if not soffice:
        raise ConverterMissing(path, _MISSING)

    with tempfile.TemporaryDirectory(prefix="shailoo-lo-", ignore_cleanup_errors=True) as tmp:
        tmpdir = Path(tmp)
        # The file is copied under a plain name: the output name is derived from the input name,
        # and a name with odd characters, a leading dash or a double suffix would be ambiguous.
        src = tmpdir / f"source.{fmt}"
        try:
            shutil.copyfile(path, src)
        except OSError as err:
            raise InputError(path, f"cannot be read ({err.strerror or err})") from None
        outdir = tmpdir / "out"
        outdir.mkdir()
        converted: Path | str = ""
        for infilter in _IMPORT_FILTERS[fmt]:
            converted = _convert(soffice, src, outdir, tmpdir / "profile", path, infilter)
            if isinstance(converted, Path):
                break
        if not isinstance(converted, Path):
            raise InputError(path, f"LibreOffice could not convert the file to DOCX ({converted})")
        try:
            doc = read_docx(str(converted))
        except InputError as err:
            raise InputError(path, f"after conversion to DOCX by LibreOffice: {err.reason}") from None
    doc.path = path
    doc.format = fmt
    doc.warnings = [w.replace(str(converted), path) for w in doc.warnings]
    return doc
