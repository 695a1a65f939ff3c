"""The ``shailoo parse`` command: documents into the typed document model, as JSON, JSON Lines or a
terminal table."""

from __future__ import annotations

import io
import os
import re
from typing import Optional

from shailoo.settings import ReadSettings
from shailoo.errors import InputError, ShailooError, printable, write_output
from shailoo.parsers import parse, parse_stream
from shailoo.outputs.table import format_table
from shailoo.apps.written import say_wrote

EXIT_INTERNAL = 70


def run_parse(args, out, err, settings: Optional[ReadSettings] = None) -> int:
    """The ``shailoo parse`` handler. ``args`` has ``files``, ``format`` (json, jsonl, table),
    ``output``, ``election_day``, ``calling_date``, ``debug``; ``settings`` (default
    ``ReadSettings.of(args)``) reads every file.

    Every file is parsed; each failure is one line on ``err`` and the exit code is the first
    failure's (2 unusable input, 3 scanned PDF, 4 converter missing, 70 a bug), else 0.

    JSON and JSON Lines are written document by document as each is parsed, and each document's
    activities and mentions a few hundred at a time as they are made (``write_json_stream``): neither
    the output nor all of a document's records are held in memory at once. A document that fails
    after its first characters were written (a bug: exit 70) is taken out of a file written with
    ``-o``; on the terminal or a pipe what was written stays.
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
        mark = sink.mark()
        try:
            if args.format == "table":
                docs.append(parse(path, calendar=dict(calendar), settings=settings))
                continue
            with parse_stream(path, calendar=dict(calendar), settings=settings) as run:
                sink.write(("[\n" if not written else ",\n") if many else "")
                sink.write_stream(run, None if args.format == "jsonl" else 2)
                sink.write("" if many else "\n")
            written += 1
        except ShailooError as e:
            sink.rewind(mark)
            err.write(f"shailoo: error: {e}\n")
            code = code or e.exit_code
        except Exception as e:  # a bug: report it on one line, keep going with the other files
            sink.rewind(mark)
            if getattr(args, "debug", False):
                import traceback

                traceback.print_exc(file=err)
            err.write(f"shailoo: internal error: {printable(path)}: {type(e).__name__}: {printable(e)} "
                      "(rerun with --debug)\n")
            code = code or EXIT_INTERNAL
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

    def write_stream(self, run, indent: Optional[int]) -> None:
        self._guarded(lambda fh: write_json_stream(run, fh, indent))

    def mark(self):
        """Where the next document starts, for ``rewind``: None while nothing is open to write to."""
        if self.buffer is not None:
            return self.buffer.tell()
        if self.fh is not None and self.failed is None:
            return self.fh.tell()
        return None if self.output else -1

    def rewind(self, mark) -> None:
        """Take out what was written since ``mark`` (a document that failed half-way), when the output
        is a file or the buffer of one; a file opened since ``mark`` is removed, as if never written."""
        if not self.output or self.failed is not None:
            return
        fh = self.buffer if self.buffer is not None else self.fh
        if fh is None:
            return
        try:
            if mark is None:  # opened for this document alone
                if fh is self.fh:
                    self.fh.close()
                    self.fh = None
                    os.unlink(self.output)
                else:
                    fh.seek(0)
                    fh.truncate()
                self.any = False
                return
            fh.seek(mark)
            fh.truncate()
        except OSError as e:
            self.failed = InputError(self.output, f"cannot be written ({e.strerror or e})")

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


#: Activities and mentions (the lists of a document that grow with it) are written this many at a time.
_CHUNK = 256


def write_json_stream(run, fh, indent: Optional[int] = 2) -> None:
    """Write the document that ``run`` (a ``shailoo.parsers.interpret.document.Interpretation``) is
    making, as ``run.document().to_json(indent)`` would give it, the same characters: the activities
    are annotated and written a chunk at a time and the mentions found and written a line of text at
    a time, each let go once written. What comes before a list (the source, the document's info) is
    written before the list is made; it is dumped again after, and a change is an error
    (``RuntimeError``: the interpreters must not change what was written)."""
    # on call: the model, which the table form never needs
    from shailoo.model import ParsedDocument

    source, info = run.source(), run.info
    paragraphs: list = []

    def skeleton():
        return ParsedDocument(source=source, document=info, paragraphs=paragraphs, warnings=run.warnings())

    def activities():
        yield from run.activities(_CHUNK)
        paragraphs.extend(run.paragraphs())  # written after the activities, before the mentions

    _write_document(skeleton, [("activities", activities()), ("mentions", _chunks(run.mentions()))], fh, indent)


def _chunks(items, size: int = _CHUNK):
    """The items of an iterable, ``size`` at a time."""
    part = []
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


def _write_document(skeleton, lists, fh, indent: Optional[int]) -> None:
    """Write a document's JSON to ``fh``: ``skeleton()`` (a ``ParsedDocument`` whose ``lists`` are
    empty) dumped, with each of ``lists`` (name, chunks of items: in the order of the fields) written
    in its place. ``skeleton()`` is dumped again after each list, and the text written so far must
    not have changed."""
    # on call: pydantic's adapters, which the table form never needs
    from pydantic import TypeAdapter

    head = skeleton().to_json(indent=indent)
    fields = type(skeleton()).model_fields
    pos = 0
    for name, chunks in lists:
        key = f'"{fields[name].alias or name}":'
        at = _top_level(head, key, pos)
        empty = f"{key} []" if indent is not None else f"{key}[]"
        if head[at:at + len(empty)] != empty:  # pragma: no cover - pydantic writes an empty list so
            raise ValueError(f"unexpected JSON of {name!r}")
        fh.write(head[pos:at + len(key)])
        _write_list(TypeAdapter(fields[name].annotation), chunks, fh, indent)
        pos = at + len(empty)
        again = skeleton().to_json(indent=indent)
        if again[:pos] != head[:pos]:
            raise RuntimeError(f"the document changed while its {name} were written")
        head = again
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


def _write_list(adapter, chunks, fh, indent: Optional[int]) -> None:
    """The items of ``chunks`` (lists) as the value of a top-level key, as ``model_dump_json`` writes
    it there (``[]`` when there is none)."""
    pad = " " * (indent or 0)
    first = True
    for items in chunks:
        if not items:
            continue
        if indent is None:
            part = adapter.dump_json(items, by_alias=True).decode("utf-8")
            fh.write(("[" if first else ",") + part[1:-1])
        else:
            part = adapter.dump_json(items, by_alias=True, indent=indent).decode("utf-8")
            # "[\n" + items at one level + "\n]": the items go one level deeper (strings hold no raw newline)
            body = part[2:-2].replace("\n", "\n" + pad)
            fh.write((" [\n" if first else ",\n") + pad + body)
        first = False
    if first:
        fh.write("[]" if indent is None else " []")
    else:
        fh.write("]" if indent is None else "\n" + pad + "]")
