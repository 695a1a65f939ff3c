"""The ``shailoo parse`` command: documents into the typed document model, as JSON, JSON Lines or a
terminal table."""

from __future__ import annotations

from typing import Optional

from shailoo.settings import ReadSettings
from shailoo.errors import ShailooError, printable, write_output
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
    """
    settings = settings or ReadSettings.of(args)
    calendar = {}
    if getattr(args, "election_day", None):
        calendar["election_day"] = args.election_day
    if getattr(args, "calling_date", None):
        calendar["calling_of_election"] = args.calling_date
    docs = []
    code = 0
    for path in args.files:
        try:
            docs.append(parse(path, calendar=dict(calendar), settings=settings))
        except ShailooError as e:
            err.write(f"shailoo: error: {e}\n")
            code = code or e.exit_code
        except Exception as e:  # a bug: report it on one line, keep going with the other files
            if getattr(args, "debug", False):
                import traceback

                traceback.print_exc(file=err)
            err.write(f"shailoo: internal error: {printable(path)}: {type(e).__name__}: {printable(e)} "
                      "(rerun with --debug)\n")
            code = code or EXIT_INTERNAL
    if args.format == "table":
        import shutil

        width = shutil.get_terminal_size((160, 40)).columns if not args.output and out.isatty() else 160
        text = "".join(format_table(d, width) for d in docs)
    elif args.format == "jsonl":
        text = "".join(d.to_json(indent=None) + "\n" for d in docs)
    elif len(args.files) == 1:
        text = docs[0].to_json() + "\n" if docs else ""
    else:
        text = "[\n" + ",\n".join(d.to_json() for d in docs) + "\n]\n"
    if text:
        if args.output:
            try:
                write_output(args.output, text)
            except ShailooError as e:
                err.write(f"shailoo: error: {e}\n")
                return code or e.exit_code
            say_wrote(err, args.output, getattr(args, "lang", None) or "ru")
        else:
            out.write(text)
    return code
