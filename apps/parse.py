"""The ``shailoo parse`` command: documents into the typed document model, as JSON, JSON Lines or a
terminal table."""

from __future__ import annotations

import io
import os
import re
from typing import Optional

from shailoo.settings import ReadSettings
from shailoo.errors import InputError, ShailooError, printable, write_output
from shailoo.parsers import parse
from shailoo.outputs.table import format_table
from shailoo.apps.written import say_wrote

EXIT_INTERNAL = 70


def run_parse(args, out, err, settings: Optional[ReadSettings] = None) -> int:
    """The ``shailoo parse`` handler. ``args`` has ``files``, ``format`` (json, jsonl, table),
    ``output``, ``election_day``, ``calling_date``, ``debug``; ``settings`` (default
    ``ReadSettings.of(args)``) reads every file.

    Every file is parsed; each failure is one line on ``err`` and the exit code is the first
    failure's (2 unusable input, 3 scanned PDF, 4 converter missing, 70 a bug), else 0.

    JSON and JSON Lines are written document by document as each is parsed, and each document's long
    lists a few hundred items at a time (``write_json``): the output is never built whole in memory.
    """
    settings = settings or ReadSettings.of(args)
    calendar = {}
    if getattr(args, "election_day", None):
        calendar["election_day"] = args.election_day
    if getattr(args, "calling_date", None):
        calendar["calling_of_election"] = args.calling_date
    sink = _Sink(args.output, out, args.files)
    docs = []  # the table only: the JSON forms are written as they come
    many = args.format == "json" and len(args.files) != 1
    written = 0
    code = 0
    for path in args.files:
        try:
            doc = parse(path, calendar=dict(calendar), settings=settings)
        except ShailooError as e:
            err.write(f"shailoo: error: {e}\n")
            code = code or e.exit_code
            continue
        except Exception as e:  # a bug: report it on one line, keep going with the other files
            if getattr(args, "debug", False):
                import traceback

                traceback.print_exc(file=err)
            err.write(f"shailoo: internal error: {printable(path)}: {type(e).__name__}: {printable(e)} "
                      "(rerun with --debug)\n")
            code = code or EXIT_INTERNAL
            continue
        if args.format == "table":
            docs.append(doc)
            continue
        sink.write(("[\n" if not written else ",\n") if many else "")
        sink.write_json(doc, None if args.format == "jsonl" else 2)
        sink.write("" if many else "\n")
        written += 1
        del doc
    if args.format == "table":
        import shutil

        width = shutil.get_terminal_size((160, 40)).columns if not args.output and out.isatty() else 160
        sink.write("".join(format_table(d, width) for d in docs))
    elif many:
        sink.write(("[\n" if not written else "") + "\n]\n")
    try:
        wrote = sink.close()
    except ShailooError as e:
        err.write(f"shailoo: error: {e}\n")
        return code or e.exit_code
    if wrote and args.output:
        say_wrote(err, args.output, getattr(args, "lang", None) or "ru")
    return code


class _Sink:
    """Where ``parse`` writes: ``out``, or the file ``output`` opened at the first text written (no text,
    no file). An output that is one of the inputs is written only after every input is read. A failure
    to write is kept and raised by ``close`` (as ``write_output`` raises it), after all are parsed."""

    def __init__(self, output: Optional[str], out, inputs):
        self.output, self.out = output, out
        self.fh = None
        self.failed: Optional[ShailooError] = None
        self.any = False
        self.buffer = io.StringIO() if output and _is_an_input(output, inputs) else None

    def _handle(self):
        if not self.output:
            return self.out
        if self.buffer is not None:
            return self.buffer
        if self.fh is None:
            try:
                self.fh = open(self.output, "w", encoding="utf-8")
            except OSError as e:
                self.failed = InputError(self.output, f"cannot be written ({e.strerror or e})")
        return self.fh

    def write(self, text: str) -> None:
        if text:
            self._guarded(lambda fh: fh.write(text))

    def write_json(self, doc, indent: Optional[int]) -> None:
        self._guarded(lambda fh: write_json(doc, fh, indent))

    def _guarded(self, step) -> None:
        if self.failed is not None:
            return
        fh = self._handle()
        if self.failed is not None:
            return
        self.any = True
        if not self.output:
            step(fh)  # the terminal or a pipe: as before, its errors are the command line's to report
            return
        try:
            step(fh)
        except OSError as e:
            self.failed = InputError(self.output, f"cannot be written ({e.strerror or e})")

    def close(self) -> bool:
        """Finish the output; True when text was written. Raises the write's ``InputError``."""
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError as e:
                self.failed = self.failed or InputError(self.output, f"cannot be written ({e.strerror or e})")
        if self.failed is not None:
            raise self.failed
        if self.buffer is not None and self.any:
            write_output(self.output, self.buffer.getvalue())
        return self.any


def _is_an_input(output: str, inputs) -> bool:
    """True when ``output`` is the same file as one of ``inputs``: it must not be emptied before it is read."""
    if not os.path.exists(output):
        return False
    for path in inputs:
        try:
            if os.path.samefile(output, path):
                return True
        except OSError:
            continue
    return False


#: The lists of a parsed document that grow with it: written a chunk of items at a time.
_STREAMED = ("activities", "mentions")
_CHUNK = 256


def write_json(doc, fh, indent: Optional[int] = 2) -> None:
    """Write ``doc.to_json(indent)`` to the text file ``fh``, the same characters, without building it
    whole: the document is dumped with its long lists (``_STREAMED``) empty, and each list is written
    in its place a few hundred items at a time (a big plan's JSON is tens of times the size of its
    text; as one string, and the bytes pydantic makes it from, it doubled the memory of ``parse``)."""
    # on call: pydantic's adapters, which the table form never needs
    from pydantic import TypeAdapter

    fields = type(doc).model_fields
    names = [n for n in _STREAMED if n in fields and getattr(doc, n)]
    head = doc.model_copy(update={n: [] for n in names}).to_json(indent=indent)
    pos = 0
    for name in names:
        key = f'"{fields[name].alias or name}":'
        at = _top_level(head, key, pos)
        empty = f"{key} []" if indent is not None else f"{key}[]"
        if head[at:at + len(empty)] != empty:  # pragma: no cover - pydantic writes an empty list so
            raise ValueError(f"unexpected JSON of {name!r}")
        fh.write(head[pos:at + len(key)])
        _write_list(TypeAdapter(fields[name].annotation), getattr(doc, name), fh, indent)
        pos = at + len(empty)
    fh.write(head[pos:])


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def _top_level(text: str, key: str, start: int) -> int:
    """Where ``key`` (``"name":``) starts as a key of the outermost object of the JSON ``text``, at or
    after ``start`` (an object nested in it may have a key of the same name)."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        if tok in ("{", "["):
            depth += 1
        elif tok in ("}", "]"):
            depth -= 1
        elif depth == 1 and m.start() >= start and text.startswith(key, m.start()):
            return m.start()
    raise ValueError(f"no key {key} in the document's JSON")


def _write_list(adapter, items: list, fh, indent: Optional[int]) -> None:
    """``items`` as the value of a top-level key, as ``model_dump_json`` writes it there."""
    if indent is None:
        fh.write("[")
        for i in range(0, len(items), _CHUNK):
            part = adapter.dump_json(items[i:i + _CHUNK], by_alias=True).decode("utf-8")
            fh.write(("," if i else "") + part[1:-1])
        fh.write("]")
        return
    pad = " " * indent
    fh.write(" [\n")
    for i in range(0, len(items), _CHUNK):
        part = adapter.dump_json(items[i:i + _CHUNK], by_alias=True, indent=indent).decode("utf-8")
        # "[\n" + items at one level + "\n]": the items go one level deeper (strings hold no raw newline)
        body = part[2:-2].replace("\n", "\n" + pad)
        fh.write((",\n" if i else "") + pad + body)
    fh.write("\n" + pad + "]")
