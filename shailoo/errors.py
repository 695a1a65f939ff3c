"""Errors a user can act on. Each carries the file, a one-line reason and the process exit code.

Exit codes are part of the command-line interface:

* 2 — unusable input (empty, truncated, encrypted, not the format its name says, unknown format, over a
  limit of ``shailoo.settings.Limits``: ``LimitExceeded``);
* 3 — a PDF with no text layer (scanned) while OCR is not available or switched off;
* 4 — a converter the format needs (LibreOffice) is not installed.
"""

from __future__ import annotations

import os
import re

#: Characters that must not reach a terminal or a log line as they are: C0 and C1 controls (a newline
#: in a file name would forge a line of its own, an escape sequence would drive the terminal), DEL and
#: the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: object) -> str:
    """``text`` safe on one line of stderr or a log: each control character written as its escape
    (``\\n``, ``\\x1b``, ``\\u2028``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


class ShailooError(Exception):
    """Base class: ``str(err)`` is the one-line message ``<file>: <reason>``."""

    exit_code = 2

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{printable(self.path)}: {printable(self.reason)}")


class InputError(ShailooError):
    """The file cannot be read as a document (exit 2)."""

    exit_code = 2


class LimitExceeded(InputError):
    """The input exceeds a limit of ``shailoo.settings.Limits`` (exit 2), found before the work it
    would cost was done. ``limit`` names the limit, ``value`` what the input has (at least),
    ``maximum`` the limit in force; the reason says how to raise it::

        bomb.docx: part word/document.xml is 2362232012 bytes decompressed, which exceeds the limit
        max_part_bytes=67108864 (raise with --limit max_part_bytes=N)
    """

    exit_code = 2

    def __init__(self, path: str, what: str, limit: str, value, maximum):
        self.what, self.limit, self.value, self.maximum = str(what), str(limit), value, maximum
        shown = f"{maximum:g}" if isinstance(maximum, float) else str(maximum)
        super().__init__(path, f"{what}, which exceeds the limit {limit}={shown} (raise with --limit {limit}=N)")

    def __reduce__(self):  # pickles across worker processes with its fields, not only its message
        return (self.__class__, (self.path, self.what, self.limit, self.value, self.maximum))


class ScannedError(ShailooError):
    """The PDF has no text layer: it is a scan (exit 3)."""

    exit_code = 3


class ConverterMissing(ShailooError):
    """The format needs LibreOffice, and it is not installed (exit 4)."""

    exit_code = 4


def read_input(path: str, limit: int = -1) -> bytes:
    """Read up to ``limit`` bytes of ``path`` (all with -1), turning every I/O failure into ``InputError``.

    An empty file is an ``InputError`` too: no reader can do anything with it.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a document") from None
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})") from None
    if not data:
        raise InputError(path, "the file is empty (0 bytes)")
    return data


def check_output(path: str) -> None:
    """Make sure ``path`` can receive an output file before any work is done; raise ``InputError``
    (exit 2) naming the reason otherwise: a folder, a missing folder, no permission, a read-only file
    system. An existing file is left as it is (opened for appending nothing); a new one is created and
    removed again."""
    if os.path.isdir(path):
        raise InputError(path, "is a folder; -o needs a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        why = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise InputError(path, f"cannot be written: {folder} {why}")
    existed = os.path.lexists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as err:
        raise InputError(path, f"cannot be written ({err.strerror or err})") from None
    if not existed:
        try:
            os.remove(path)
        except OSError:
            pass


def write_output(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``; an I/O failure (disk full, permission) is an ``InputError``."""
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as err:
        raise InputError(path, f"cannot be written ({err.strerror or err})") from None
