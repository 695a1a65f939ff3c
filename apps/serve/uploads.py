"""Uploads of the review desk, read as they arrive: each file goes straight into the review's folder.

``read_form(request, folder, max_file_bytes, max_files)`` parses a ``multipart/form-data`` body with
python-multipart's streaming parser (the library Starlette's own form parsing uses), without spooling it
anywhere else: a file part is written into ``folder`` under a plain name (``1.docx`` …), counted as it
comes; once it passes ``max_file_bytes`` the rest of it is dropped and it is marked ``too_large``,
while the other files of the same upload are kept. Text fields are capped at ``FIELD_BYTES``; the whole
body at what the files and fields may hold together (``UploadRefused`` past it, or past
``max_files`` files, or on a body that is not a form).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

#: Bytes of one text field (a date, a choice): far more than any needs.
FIELD_BYTES = 4096
#: Text fields in one form.
MAX_FIELDS = 32
#: The suffixes kept on a stored file (the readers fall back to the suffix when the content does not say).
SUFFIXES = (".docx", ".docm", ".pdf", ".html", ".htm", ".xhtml", ".txt", ".md", ".tsv", ".text", ".doc", ".rtf", ".odt")


class UploadRefused(ValueError):
    """The body as a whole is refused (``reason``: ``too_big``, ``too_many_files``, ``not_a_form``)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass
class Upload:
    """One uploaded file: ``field`` (the form field), ``name`` (the user's file name, cleaned), ``path``
    (where it was stored), ``size`` (bytes received), ``too_large`` (the rest was dropped)."""

    field: str
    name: str
    path: Path
    size: int = 0
    too_large: bool = False


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)

    def files_of(self, name: str) -> list[Upload]:
        """The uploads of field ``name`` that hold something (a form sends an empty part for no file)."""
        return [u for u in self.files if u.field == name and (u.size or u.too_large or u.name)]


#: What a shown name must not hold: control characters, line separators and path separators (anything else
#: is shown as it is, escaped by the templates; the file is stored under a plain name of its own).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\\u2028\u2029]+")


def clean_name(name: str) -> str:
    """The user's file name as shown: its last path component, control characters replaced, at most
    150 characters (the suffix kept)."""
    # Browsers send a quote and line breaks of a file name as %22, %0D, %0A (HTML's multipart encoding).
    name = (name or "").replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
    base = re.split(r"[/\\]", name)[-1]
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    if len(base) > 150:
        stem, suffix = os.path.splitext(base)
        base = stem[: 150 - len(suffix[:16])] + suffix[:16]
    return base


def stored_suffix(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return suffix if suffix in SUFFIXES else ""


async def read_form(request, folder: Path, max_file_bytes: int, max_files: int) -> Form:
    """The form of ``request`` (a Starlette request), its files stored in ``folder`` (see the module)."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadRefused("not_a_form")
    body_cap = max_files * (max_file_bytes + 64 * 1024) + MAX_FIELDS * FIELD_BYTES + 64 * 1024
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > body_cap:
        raise UploadRefused("too_big")

    form = Form()
    state: dict = {"name": b"", "value": b"", "headers": {}, "part": None, "data": bytearray(), "fh": None}

    def on_part_begin() -> None:
        state.update(headers={}, part=None, data=bytearray(), fh=None)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["name"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["name"].lower()] = state["value"]
        state["name"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        _, opts = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = opts.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in opts:
            if len(form.files) >= max_files:
                raise UploadRefused("too_many_files")
            shown = clean_name(opts[b"filename"].decode("utf-8", "replace"))
            path = folder / f"{len(form.files) + 1}{stored_suffix(shown)}"
            up = Upload(field=name, name=shown, path=path)
            form.files.append(up)
            state["part"] = up
            state["fh"] = open(path, "wb")
        else:
            if len(form.fields) >= MAX_FIELDS:
                raise UploadRefused("too_many_fields")
            state["part"] = name

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part = state["part"]
        if isinstance(part, Upload):
            n = end - start
            if part.too_large:
                return
            if part.size + n > max_file_bytes:  # the rest is dropped; what was kept is removed at the end
                part.too_large = True
                part.size += n
                return
            state["fh"].write(data[start:end])
            part.size += n
        elif len(state["data"]) + end - start <= FIELD_BYTES:
            state["data"] += data[start:end]

    def on_part_end() -> None:
        part = state["part"]
        if isinstance(part, Upload):
            state["fh"].close()
            state["fh"] = None
            if part.too_large or (part.size == 0 and not part.name):  # nothing kept of it / no file chosen
                part.path.unlink(missing_ok=True)
        elif isinstance(part, str):
            form.fields.setdefault(part, state["data"].decode("utf-8", "replace"))

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished,
    })
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_cap:
                raise UploadRefused("too_big")
            parser.write(chunk)
        parser.finalize()
    except UploadRefused:
        raise
    except Exception as e:  # a malformed body: python-multipart's own errors
        raise UploadRefused("not_a_form") from e
    finally:
        if state["fh"] is not None:
            state["fh"].close()
    return form
