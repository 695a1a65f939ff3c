"""Errors a user can act on. Each carries the file, a one-line reason and the process exit code.

Exit codes are part of the command-line interface:

* 2 — unusable input (empty, truncated, encrypted, not the format its name says, unknown format);
* 3 — a PDF with no text layer (scanned) while OCR is not available or switched off;
* 4 — a converter the format needs (LibreOffice) is not installed.
"""

from __future__ import annotations


class ShailooError(Exception):
    """Base class: ``str(err)`` is the one-line message ``<file>: <reason>``."""

    exit_code = 2

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


class InputError(ShailooError):
    """The file cannot be read as a document (exit 2)."""

    exit_code = 2


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
