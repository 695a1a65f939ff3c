"""``shailoo convert``: many files into one queryable store, in parallel, resumable, nothing lost.

The run, in order:

1. ``discover(inputs)``: files, folders (recursive) and globs → the sorted list of paths; each is
   accounted for in the manifest (``files`` table), whatever happens to it. Folders and globs give
   their documents (``DOCUMENT_SUFFIXES``; ``include`` / ``exclude`` globs change that): the other
   files there are ``skipped`` rows with the reason («not a document type: .py»), never read.
2. The client hashes every file (sha256) and decides: convert; ``skipped`` as unchanged (``--resume``:
   same path, sha256 and shailoo version already converted in the store; a file that failed or was
   scanned is tried again); ``skipped`` as a duplicate of a file with the same bytes under another path
   (converted once, linked by ``doc_id`` and ``duplicate_of``).
3. ``convert_one(path)`` parses (and with ``check`` checks) one file and returns plain rows
   (``shailoo.apps.convert.tables.flatten``): it runs in-process (``jobs=1``), in a process pool (``jobs>1``) or on
   a Dask cluster (``engine="dask"``). A failure is a row with its reason, never an exception. With
   several workers the largest files go first (the run does not end on one long file), and the pool
   spreads the scanned pages of one PDF over its workers (``_local``).
4. The client alone writes: a file's rows and its manifest row are committed in the same DuckDB
   transaction (its old rows replaced), several files at a time (``Store.flush``: up to
   ``Store.BATCH_FILES`` files or ``Store.BATCH_SECONDS``; the rows, their order included, are those of
   one transaction per file), and a file is counted and reported done once it is committed. So a run
   killed at any point leaves only whole files behind, and ``--resume`` converts what is left (the
   results received since the last commit among them); an interrupt or an error commits what was
   received before the run ends. Targets other than ``.duckdb`` are written from that store (kept
   beside the target as ``TARGET.shailoo.duckdb``) when the run ends: a Parquet folder (pyarrow, the
   store's column types: ``tables.arrow_schema``), a CSV folder, ``.jsonl`` (one document per line,
   manifest in ``TARGET.files.jsonl``), ``.xlsx`` (one sheet per table); CSV and XLSX hold lists and
   maps as JSON text and get the ``activities_flat`` view beside the tables.
5. One run writes a target at a time (``hold_target``: a lock file beside the store, let go by the
   kernel however the run ends); pool workers end with the client, even after a kill -9 of it. The
   exit code is the first failed input's (in path order) as the store holds it in the end.

Library code does not print: progress goes to the ``progress`` callback as ``Progress`` snapshots.
"""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from shailoo.apps.convert.tables import (
    CHILD_TABLES, DOCUMENT_TABLES, LAYOUT, TABLES, arrow_schema, arrow_table, columns, ddl, export_sql, flatten,
    layout_problem,
)
from shailoo.settings import ReadSettings
from shailoo.parsers import parse
from shailoo.parsers.read import READER_MODULES, detect_format
from shailoo.errors import ScannedError, ShailooError
from shailoo.apps.convert.views import SHEET_VIEWS, create_views
from shailoo.outputs.cells import XlsxCells, safe_cell
from shailoo.version import __version__

#: The target kinds by how their path is written.
TARGET_KINDS = ("duckdb", "parquet", "csv", "jsonl", "xlsx")


class ConvertError(Exception):
    """Unusable settings or target (exit 2): one line, names the path."""


# --------------------------------------------------------------------------- inputs


class Discovered(list):
    """The paths ``discover`` found, sorted, and ``skipped``: path -> the one-line reason it is not read
    (a symbolic link out of its input folder, a file that is not a document, an ``--exclude``); those
    paths are in the list too, to become ``skipped`` rows. ``why``: path -> ``link``, ``not_document``
    or ``excluded``, for the run's summary."""

    def __init__(self, paths: Iterable[str] = (), skipped: Optional[dict[str, str]] = None,
                 why: Optional[dict[str, str]] = None):
        super().__init__(paths)
        self.skipped: dict[str, str] = dict(skipped or {})
        self.why: dict[str, str] = {p: (why or {}).get(p, "link") for p in self.skipped}


#: What a folder or a glob reads by default: the suffixes of the readers' formats (DOCX, PDF, HTML, plain
#: text, DOC, RTF, ODT; ``shailoo.parsers.read``). Other files found there (``.py``, ``.yaml``, ``.csv``,
#: ``.xlsx``, ``README.md``) are ``skipped`` rows with the reason, never read; ``--include`` reads them.
DOCUMENT_SUFFIXES = (".docx", ".docm", ".pdf", ".html", ".htm", ".xhtml", ".txt", ".text", ".doc", ".rtf", ".odt")


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A glob over a relative path with ``/`` separators as a regex: ``*`` and ``?`` stay inside one
    folder name, ``**`` spans folders (``**/`` also none), ``[abc]`` / ``[!abc]`` a character class."""
    pat = pattern.replace(os.sep, "/").strip("/")
    pat = pat[2:] if pat.startswith("./") else pat
    out, i = [], 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[" and pat.find("]", i + 2) != -1:
            j = pat.find("]", i + 2)
            body = pat[i + 1:j]
            neg = body.startswith("!")
            body = body[1:] if neg else body
            out.append("[" + ("^" if neg else "") + body.replace("\\", "\\\\").replace("^", "\\^") + "]")
            i = j + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


class Selection:
    """Which files a folder or a glob gives are read: the document types (``DOCUMENT_SUFFIXES``) and
    the files an ``include`` pattern matches, unless an ``exclude`` pattern matches (it wins).

    Patterns are globs relative to the input folder (a glob input's folder: «d» for «d/**/*.pdf»), as
    ruff's and docling's: one without ``/`` matches a file's or a folder's name at any depth
    (``*.md``, ``drafts``), one with ``/`` the path from the input folder (``track/*.xlsx``,
    ``old/**``); a pattern matching a folder takes in everything under it. A file named itself on the
    command line is read as named, whatever the patterns say."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = ()):
        self.include = [(p, "/" in p.replace(os.sep, "/").strip("/"), _pattern_regex(p)) for p in include if p]
        self.exclude = [(p, "/" in p.replace(os.sep, "/").strip("/"), _pattern_regex(p)) for p in exclude if p]

    @staticmethod
    def _matches(parts: list[str], slash: bool, rx: re.Pattern[str]) -> bool:
        if slash:
            return any(rx.match("/".join(parts[:k])) for k in range(1, len(parts) + 1))
        return any(rx.match(part) for part in parts)

    def skip(self, path: str, base: str) -> Optional[tuple[str, str]]:
        """Why ``path`` (found under ``base``) is not read — (``excluded`` | ``not_document``, the
        one-line reason) — or None when it is read."""
        rel = os.path.relpath(path, base) if base else path
        parts = [q for q in rel.replace(os.sep, "/").split("/") if q not in ("", ".")]
        for pat, slash, rx in self.exclude:
            if self._matches(parts, slash, rx):
                return "excluded", f"{path}: excluded by --exclude '{pat}'"
        suffix = os.path.splitext(path)[1].lower()
        if suffix in DOCUMENT_SUFFIXES or any(self._matches(parts, slash, rx) for _, slash, rx in self.include):
            return None
        if not suffix:
            return "not_document", f"{path}: not a document type: no file suffix (--include reads it)"
        return "not_document", f"{path}: not a document type: {suffix} (--include '*{suffix}' reads it)"


def _inside(real: str, base_real: str) -> bool:
    return real == base_real or real.startswith(base_real.rstrip(os.sep) + os.sep)


def _leaves(path: str, base_real: str) -> Optional[str]:
    """Why ``path`` is not followed (it resolves outside ``base_real``), or None when it stays inside."""
    real = os.path.realpath(path)
    if _inside(real, base_real):
        return None
    return (f"{path}: a symbolic link out of the input folder (to {real}); not followed "
            f"(--follow-symlinks follows it)")


def _walk(folder: str, base_real: str, follow: bool, found: list[str], skipped: dict[str, str]) -> None:
    """Files under ``folder`` (hidden ones left out). Without ``follow``, links to folders are not
    entered and links that resolve outside ``base_real`` are ``skipped``; with it, every folder is
    entered once (by its real path), so links that loop end."""
    visited: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=follow):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        keep = []
        for d in sorted(dirs):
            full = os.path.join(root, d)
            if d.startswith("."):
                continue
            if os.path.islink(full):
                if not follow:
                    reason = _leaves(full, base_real)
                    if reason:
                        skipped[os.path.normpath(full)] = reason
                    continue
                if os.path.realpath(full) in visited:
                    continue
            keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if f.startswith("."):
                continue
            full = os.path.join(root, f)
            reason = _leaves(full, base_real) if not follow and os.path.islink(full) else None
            if reason:
                skipped[os.path.normpath(full)] = reason
            else:
                found.append(full)


def _glob(pattern: str, follow: bool, skipped: dict[str, str], base_real: str) -> list[str]:
    """``glob.glob(pattern, recursive=True)`` that ends: ``**`` does not enter links to folders
    (without ``follow``; those out of the input folder are ``skipped``) and enters each real folder once."""
    sep = os.sep
    start = sep if pattern.startswith(sep) else ""
    parts = [q for q in pattern[len(start):].split(sep)]
    paths = [start]
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        nxt: list[str] = []
        if part == "":  # «d//x» or a trailing «/»: folders only
            nxt = [q for q in paths if os.path.isdir(q or ".")]
        elif part == "**":
            for q in paths:
                visited: set[str] = set()
                for root, dirs, files in os.walk(q or ".", followlinks=follow):
                    real = os.path.realpath(root)
                    if real in visited:
                        dirs[:] = []
                        continue
                    visited.add(real)
                    rel = root if q else os.path.relpath(root, ".")
                    nxt.append(q if root == (q or ".") else rel)
                    keep = []
                    for d in sorted(dirs):
                        full = os.path.join(root, d)
                        if d.startswith("."):
                            continue
                        if os.path.islink(full) and not follow:
                            reason = _leaves(full, base_real)
                            if reason:
                                skipped[os.path.normpath(full if q else os.path.relpath(full, "."))] = reason
                            continue
                        keep.append(d)
                    dirs[:] = keep
                    if last:
                        nxt.extend(os.path.join(rel, f) if rel not in ("", ".") or q else f
                                   for f in sorted(files) if not f.startswith("."))
        elif glob.has_magic(part):
            for q in paths:
                try:
                    names = sorted(os.listdir(q or "."))
                except OSError:
                    continue
                for name in names:
                    if name.startswith(".") and not part.startswith("."):
                        continue
                    if fnmatch.fnmatchcase(name, part):
                        cand = os.path.join(q, name) if q else name
                        if last:
                            nxt.append(cand)
                        elif os.path.isdir(cand):
                            if os.path.islink(cand) and not follow:  # a wildcard does not enter a link
                                reason = _leaves(cand, base_real)
                                if reason:
                                    skipped[os.path.normpath(cand)] = reason
                                continue
                            nxt.append(cand)
        else:
            for q in paths:
                cand = os.path.join(q, part) if q else part
                if (os.path.lexists(cand) if last else os.path.isdir(cand)):
                    nxt.append(cand)
        paths = nxt
    return [q for q in paths if q]


def _glob_base(pattern: str) -> str:
    """The folder a glob searches: its leading components without wildcards («d» for «d/**/*.docx»)."""
    head: list[str] = []
    for part in pattern.split(os.sep):
        if glob.has_magic(part):
            break
        head.append(part)
    base = os.sep.join(head) if head != [""] else os.sep
    return base or "."


def discover(inputs: Iterable[str], follow_symlinks: bool = False, include: Iterable[str] = (),
             exclude: Iterable[str] = ()) -> Discovered:
    """Every file named by ``inputs`` (files, folders searched recursively, globs), sorted, once each.

    Folders and globs give their documents (``DOCUMENT_SUFFIXES``) and the files ``include`` matches,
    less those ``exclude`` matches (``Selection``); every other file they hold is in ``skipped`` with
    its reason («not a document type: .py», «excluded by --exclude …»). A file named itself is read.

    A name that matches nothing is kept as is: it becomes a ``failed`` row («no such file»), so that a
    typo is accounted for rather than silently dropped. Hidden files and folders (``.name``) inside a
    folder are left out; Word's lock files (``~$name.docx``) are kept and skipped later.

    Symbolic links inside a folder (or under a glob's folder) that resolve outside it are not followed
    unless ``follow_symlinks``: each is in ``skipped`` with its reason (and in the list, to be accounted
    for); links to folders are not entered. A name given itself is read wherever it points. Links that
    loop (``ln -s . d/loop``) end: each real folder is searched once.
    """
    found: list[str] = []
    skipped: dict[str, str] = {}
    select = Selection(include, exclude)
    unread: dict[str, tuple[str, str]] = {}  # path -> (why, reason): found by a folder or glob, not read
    named: set[str] = set()  # files named themselves: read whatever the patterns say
    for item in inputs:
        start = len(found)
        base = item if os.path.isdir(item) else _glob_base(item) if glob.has_magic(item) else None
        if os.path.isdir(item):
            _walk(item, os.path.realpath(item), follow_symlinks, found, skipped)
        elif glob.has_magic(item):
            base_real = os.path.realpath(_glob_base(item))
            before = len(skipped)
            matches = sorted(set(_glob(item, follow_symlinks, skipped, base_real)))
            every_file = item.split(os.sep)[-1] == "**"  # «d/**» lists the files of every folder itself
            for m in matches:
                reason = None if follow_symlinks else _leaves(m, base_real)
                if reason:
                    skipped[os.path.normpath(m)] = reason
                elif os.path.isdir(m):
                    if not every_file and (follow_symlinks or not os.path.islink(m)):
                        _walk(m, base_real, follow_symlinks, found, skipped)
                else:
                    found.append(m)
            if not matches and len(skipped) == before:
                found.append(item)
        else:
            found.append(item)
            named.add(os.path.normpath(item))
        if base is not None:
            kept = []
            for f in found[start:]:
                # a glob that matched nothing stays as given, to fail as «no such file»
                unread_as = select.skip(f, base) if os.path.lexists(f) else None
                if unread_as:
                    unread.setdefault(os.path.normpath(f), unread_as)
                else:
                    kept.append(f)
            found[start:] = kept
    why_of: dict[str, str] = {}
    for key, (kind, reason) in unread.items():
        if key not in named and key not in skipped:
            skipped[key] = reason
            why_of[key] = kind
    seen: set[str] = set()
    out = []
    for f in found:
        key = os.path.normpath(f)
        if key not in seen and key not in skipped:
            seen.add(key)
            out.append(key)
    return Discovered(sorted(out + list(skipped)), skipped, why_of)


def page_count(path: str) -> Optional[int]:
    """A PDF's pages, from its page tree (PDFium opens it without reading a page: well under a
    millisecond); None for another format, or a PDF PDFium cannot open (it fails later, with its reason)."""
    try:
        with open(path, "rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                return None
    except OSError:
        return None
    try:
        import pypdfium2  # on call: only a run whose inputs hold a PDF needs it

        doc = pypdfium2.PdfDocument(path)
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:  # a damaged or encrypted PDF: its page count is not known, its reading says why
        return None


def sha256_file(path: str) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            h.update(chunk)
    return size, h.hexdigest()


# --------------------------------------------------------------------------- one file (runs in workers)


def convert_one(path: str, check: bool = False, lang: str = "ru", name: Optional[str] = None,
                settings: Optional[ReadSettings] = None, defer_ocr: bool = False,
                ocr_pages: Optional[dict] = None, arrow: bool = False) -> dict:
    """Parse (and check) one file; return plain data: ``status``, ``error``, ``exit_code``, ``format``,
    ``pages``, ``duration_s`` and ``tables`` (``shailoo.apps.convert.tables.flatten`` rows, None when it failed).

    ``arrow``: ``tables`` as one pyarrow table per non-empty table (``arrow_table``) instead of rows, as
    a worker process returns them: made where the work is spread, and sent to the client as a few
    buffers instead of thousands of pickled dicts (the client's share of a run is the store's, not this).

    ``name``: the path the rows and messages give (default ``path``), when ``path`` is the absolute
    path a remote worker opens. ``settings``: OCR and PDF engine (default ``ReadSettings()``; the
    format is detected per file). Never raises for a bad document: ``failed`` (exit code 2, 4 or 70
    for a bug) or ``scanned`` (3) with the one-line reason.

    The pages of a scanned PDF can be OCR'd by other workers (the local pool): with ``defer_ocr`` a PDF
    that has pages to OCR is not read but answered with ``status`` ``ocr`` and ``ocr``, the pages
    ``(index, dpi, max_area)`` to OCR (``ocr_page_task`` each); then ``ocr_pages`` (page index →
    ``ocr_page``'s result) gives them to its reading (``shailoo.parsers.read.ocr.elsewhere``).
    """
    t0 = time.perf_counter()
    name = name or path
    result = {"path": name, "status": "ok", "error": None, "exit_code": 0, "format": None, "pages": None,
              "tables": None}
    try:
        settings = settings or ReadSettings()
        # package=False: parse reads a DOCX's parts within the limits as it inflates them (once, not twice)
        result["format"] = detect_format(path, settings.limits, package=False)
        if result["format"] == "pdf" and (defer_ocr or ocr_pages):
            # on call: the OCR module, for PDFs whose pages other workers OCR
            from shailoo.parsers.read.ocr import elsewhere

            if settings.jobs != 1:  # the pages are asked for (or given) in this process, not in OCR workers
                settings = settings.model_copy(update={"jobs": 1})
            with elsewhere(path, ocr_pages, collect=defer_ocr) as away:
                try:
                    doc = parse(path, fmt=result["format"], display_path=name, settings=settings)
                except Exception:
                    if not away.asked:
                        raise
                if away.asked:  # what was read lacks these pages: it is read again once they are OCR'd
                    result.update(status="ocr", ocr=list(away.asked),
                                  duration_s=round(time.perf_counter() - t0, 4))
                    return result
        else:
            doc = parse(path, fmt=result["format"], display_path=name, settings=settings)
        result["pages"] = doc.source.pages
        findings = []
        if check:
            # on call: the rules engine and catalogue (~0.1 s), which convert without --check and query never need
            from shailoo.rules.check import check as run_check

            findings = run_check(doc, lang=lang).findings
        flat = flatten(doc, findings)
        result["tables"] = ({t: arrow_table(t, rows) for t, rows in flat.items() if rows} if arrow else flat)
    except ScannedError as e:
        result.update(status="scanned", error=str(e), exit_code=e.exit_code)
    except ShailooError as e:
        result.update(status="failed", error=str(e), exit_code=e.exit_code)
    except Exception as e:  # a bug in shailoo: this file fails, the run goes on
        result.update(status="failed", error=f"{path}: internal error: {type(e).__name__}: {e}", exit_code=70)
    if name != path and result["error"] and result["error"].startswith(path):
        result["error"] = name + result["error"][len(path):]
    result["duration_s"] = round(time.perf_counter() - t0, 4)
    return result


def ocr_page_task(path: str, index: int, dpi: int, max_area: Optional[float]) -> dict:
    """OCR one page of a PDF for ``convert_one(ocr_pages=…)``: ``index``, ``result`` (``ocr_page``'s,
    None when it raised: the reading of the file then reads that page itself, and fails or warns as it
    would) and ``duration_s``."""
    # on call: the OCR module, for scanned pages only
    from shailoo.parsers.read.ocr import ocr_page

    t0 = time.perf_counter()
    try:
        result = ocr_page(path, index, dpi, max_area)
    except Exception:  # a damaged page, no tesseract, a limit: the file's reading meets it again
        result = None
    return {"index": index, "result": result, "duration_s": round(time.perf_counter() - t0, 4)}


#: What a worker needs before its first file: the local pool's forkserver imports them (its workers are
#: forked with them loaded), a Dask worker in ``_warm_worker``.
_WORKER_MODULES = ("shailoo.apps.convert.engine", "shailoo.parsers.interpret.document", "shailoo.apps.convert.tables",
                   *READER_MODULES, "pyarrow")


def _warm_worker(client: Optional[int] = None) -> None:
    """Bind this worker's life to the client's (``client``: its pid), then import the heavy modules
    once per worker process, before its first file (a forked pool worker has them already)."""
    if client is not None:
        _die_with_client(client)
    import importlib  # on call: workers only

    for name in _WORKER_MODULES:
        importlib.import_module(name)


# --------------------------------------------------------------------------- processes die with the client
#
# A pool worker is forked by the forkserver, which the client started: after a kill -9 of the client
# nothing tells them (each worker holds the forkserver's "alive" pipe and the resource tracker's pipe,
# so those live on too). On Linux the kernel does it: the forkserver asks for SIGKILL when the client
# thread that started it dies (``PR_SET_PDEATHSIG``, set while this module is preloaded in it), each
# worker for SIGKILL when the forkserver dies; the pipes then close and the resource tracker ends. No
# Python code has to run for that, so a worker busy in C code dies as promptly. Elsewhere (and as a
# second line) a watchdog thread in each worker ends it when the client is gone.

_PR_SET_PDEATHSIG = 1


def _parent_death_signal() -> bool:
    """Ask the kernel for SIGKILL when this process's parent dies; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes  # on call: only the forkserver and pool workers need it
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process under that pid: ours is gone
        return False
    return True


def _die_with_client(client: int) -> None:
    """Make this pool worker end when the client (pid ``client``) ends, however it ends."""
    _parent_death_signal()
    if not _alive(client):  # the client died before the signal was asked for: nobody will send it
        os._exit(1)
    import threading  # on call: only pool workers watch their client

    def watch() -> None:
        fd = None
        try:
            fd = os.pidfd_open(client)  # Linux 5.3+: readable when the client ends, no polling
        except (AttributeError, OSError):
            pass
        if fd is not None:
            import select  # on call: the watchdog thread only

            select.select([fd], [], [])
        else:
            while _alive(client):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="shailoo-client-watchdog", daemon=True).start()


def _in_forkserver() -> bool:
    """True while this module is imported by multiprocessing's forkserver (its preload)."""
    f = sys._getframe(1)
    while f is not None:
        if f.f_code.co_name == "main" and f.f_globals.get("__name__") == "multiprocessing.forkserver":
            return True
        f = f.f_back
    return False


if _in_forkserver():
    _parent_death_signal()


# --------------------------------------------------------------------------- the store


def target_kind(target: str) -> str:
    """``duckdb``, ``jsonl``, ``xlsx`` by suffix; a folder: ``parquet`` unless named ``*.csv`` / ``*csv``."""
    p = target.rstrip("/\\")
    low = p.lower()
    if low.endswith((".duckdb", ".db")):
        return "duckdb"
    if low.endswith(".jsonl"):
        return "jsonl"
    if low.endswith(".xlsx"):
        return "xlsx"
    if low.endswith(".csv") or low.endswith("csv"):
        return "csv"
    if low.endswith(".parquet") or low.endswith("parquet") or os.path.isdir(p) or "." not in os.path.basename(p):
        return "parquet"
    raise ConvertError(f"{target}: unknown target; use NAME.duckdb, a folder (Parquet), NAME.csv/ "
                       "(CSV folder), NAME.jsonl or NAME.xlsx")


def _file_ident(path: str) -> Optional[tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class Store:
    """The DuckDB store of a conversion: the tables of ``shailoo.apps.convert.tables`` (typed, with their
    keys), the views, one writer.

    ``add(file_row, tables)`` queues one file's manifest row and document rows; ``flush`` writes the
    queued files in one transaction (``due``: every ``BATCH_FILES`` files or ``BATCH_SECONDS``), each
    file whole.
    A store of another layout (an older shailoo's: JSON text columns, the manifest's ``error`` column) is
    refused with one line saying how to rebuild it (``--force``), never half-written.
    """

    def __init__(self, path: str, force: bool = False):
        import duckdb

        self.path = path
        if force and os.path.exists(path):
            os.remove(path)
            if os.path.exists(path + ".wal"):
                os.remove(path + ".wal")
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        try:
            self.con = duckdb.connect(path)
        except duckdb.Error as e:
            raise ConvertError(f"{path}: cannot open the database ({str(e).splitlines()[0]})") from None
        self._ident = _file_ident(path)
        try:
            self._check_layout()
        except BaseException:
            self.con.close()
            raise
        for name in TABLES:
            self.con.execute(ddl(name))
        create_views(self.con)
        # What the tables hold, kept beside them so that ``flush`` looks up and deletes old rows only
        # where there are some (on a fresh store those statements were a third of a commit's time).
        # The store is its own only writer; both are updated once a commit has succeeded.
        self._doc_of = dict(self.con.execute("SELECT path, doc_id FROM files").fetchall())
        self._doc_ids = {r[0] for r in self.con.execute("SELECT doc_id FROM documents").fetchall()}
        self._pending: list[tuple[dict, Optional[dict]]] = []  # queued by ``add``, written by ``flush``
        self._since: Optional[float] = None  # when the first of them was queued
        # documents no manifest row links to any more (a run killed between a commit and the removal of
        # the document its file held before): removed now
        for (old,) in self.con.execute("SELECT doc_id FROM documents EXCEPT SELECT doc_id FROM files").fetchall():
            self._drop(old)

    def _check_layout(self) -> None:
        problem = layout_problem(self.con)
        if problem:
            raise ConvertError(f"{self.path}: {problem}")
        if not self.con.execute("SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
                                "AND table_name = 'shailoo_store'").fetchone():
            self.con.execute("CREATE TABLE shailoo_store (layout VARCHAR, shailoo_version VARCHAR)")
            self.con.execute("INSERT INTO shailoo_store VALUES (?, ?)", [LAYOUT, __version__])

    def _drop(self, doc_id: str) -> None:
        """Remove a document and its rows: the rows that refer to it, then (in a transaction of its own, as
        DuckDB's foreign keys require) the document."""
        for tables in (CHILD_TABLES, ("documents",)):
            self.con.execute("BEGIN TRANSACTION")
            try:
                for t in tables:
                    self.con.execute(f'DELETE FROM "{t}" WHERE doc_id = ?', [doc_id])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
        self._doc_ids.discard(doc_id)

    def replaced(self) -> bool:
        """Whether the store's file is no longer the one this store writes (removed, or another in its
        place): what is committed from then on is lost with it."""
        return _file_ident(self.path) != self._ident

    def known(self) -> dict[str, tuple]:
        """path -> (sha256, shailoo_version, status, doc_id) of every manifest row."""
        rows = self.con.execute("SELECT path, sha256, shailoo_version, status, doc_id FROM files").fetchall()
        return {r[0]: tuple(r[1:]) for r in rows}

    def converted(self) -> dict[str, str]:
        """doc_id -> path of every document in the store."""
        return dict(self.con.execute("SELECT doc_id, path FROM documents").fetchall())

    #: A batch is written when it holds this many files, or its first file waited this many seconds
    #: (``due``): one transaction and one Arrow insert per table for many files, not for each (the commit
    #: and the inserts cost about the same for one file as for thirty).
    BATCH_FILES = 32
    BATCH_SECONDS = 0.5

    def add(self, file_row: dict, tables: Optional[dict[str, list[dict]]]) -> None:
        """Queue one file's manifest row and, when it converted, its document's rows for the next ``flush``
        (nothing is written yet: a run killed before the flush converts that file again on resume)."""
        if not self._pending:
            self._since = time.perf_counter()
        self._pending.append((file_row, tables))

    def due(self) -> bool:
        """Whether the queued files are to be written now (``BATCH_FILES``, ``BATCH_SECONDS``)."""
        return bool(self._pending) and (len(self._pending) >= self.BATCH_FILES
                                        or time.perf_counter() - self._since >= self.BATCH_SECONDS)

    def flush(self) -> list[dict]:
        """Write the queued files, in order; return their manifest rows. Each file's manifest row and
        document rows land in the same transaction (a run killed at any point leaves whole files).

        The stored rows, their order included, are those of one transaction per file: consecutive new
        files are written by one insert per table; a file whose path or document the store (or this
        batch) already holds is written as one file alone would be, in its place. A document converted
        again (same bytes, another shailoo version) keeps its ``documents`` row, updated in place, and
        gets its other rows anew: DuckDB cannot delete a row that others refer to in the transaction that
        deletes them. The document a path held before (its file changed since) is removed after the
        transaction that wrote the path's new row, when no manifest row links to it any more (``_drop``; a
        run killed in between leaves it to the next one to remove); the rest of the batch follows in a
        transaction of its own."""
        pending, self._pending = self._pending, []
        self._since = None
        i = 0
        while i < len(pending):
            i = self._write(pending, i)
        return [row for row, _ in pending]

    def _write(self, pending: list[tuple[dict, Optional[dict]]], i: int) -> int:
        """Write ``pending[i:j]`` in one transaction, up to the end or to the first file after which an
        old document is to be dropped; return ``j``."""
        con = self.con
        doc_of: dict[str, Optional[str]] = {}  # what this transaction adds to ``_doc_of`` / ``_doc_ids``
        doc_ids: set[str] = set()
        run: list[tuple[dict, Optional[dict]]] = []  # new files in a row: written together
        drop = None
        con.execute("BEGIN TRANSACTION")
        try:
            while i < len(pending):
                file_row, tables = pending[i]
                i += 1
                path, doc_id = file_row["path"], file_row.get("doc_id")
                has_doc = tables is not None and bool(doc_id)
                listed = path in doc_of or path in self._doc_of
                # the document this path held before (a file changed since, resumed): dropped after the
                # commit when no manifest row links to it any more, so that a path never has two documents
                old_id = doc_of[path] if path in doc_of else self._doc_of.get(path)
                again = has_doc and (doc_id in doc_ids or doc_id in self._doc_ids)
                if listed or again:
                    self._insert(run)
                    run = []
                    self._write_one(file_row, tables if has_doc else None, again, listed)
                else:
                    run.append((file_row, tables if has_doc else None))
                doc_of[path] = doc_id
                if has_doc:
                    doc_ids.add(doc_id)
                if old_id and old_id != doc_id and (old_id in doc_ids or old_id in self._doc_ids):
                    drop = old_id
                    break
            self._insert(run)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self._doc_of.update(doc_of)
        self._doc_ids |= doc_ids
        if drop and not con.execute("SELECT 1 FROM files WHERE doc_id = ? LIMIT 1", [drop]).fetchone():
            self._drop(drop)
        return i

    def _insert(self, run: list[tuple[dict, Optional[dict]]]) -> None:
        """New files (no manifest row, no document in the store yet): one insert per table, the rows in
        the files' order."""
        if not run:
            return
        for t in DOCUMENT_TABLES:
            data = _arrow_of(t, [tables.get(t) for _, tables in run if tables is not None])
            if data is not None:
                self.con.from_arrow(data).insert_into(t)
        self.con.from_arrow(arrow_table("files", [row for row, _ in run])).insert_into("files")

    def _write_one(self, file_row: dict, tables: Optional[dict], again: bool, listed: bool) -> None:
        """One file whose document (``again``) or manifest row (``listed``) is there already."""
        con = self.con
        doc_id = file_row.get("doc_id")
        if tables is not None:
            if again:
                for t in CHILD_TABLES:
                    con.execute(f'DELETE FROM "{t}" WHERE doc_id = ?', [doc_id])
            for t in DOCUMENT_TABLES:
                data = _arrow_of(t, [tables.get(t)])
                if data is None:
                    continue
                if t == "documents" and again:
                    cols = [c for c in columns(t) if c != "doc_id"]
                    sets = ", ".join(f'"{c}" = ?' for c in cols)
                    row = data.slice(0, 1).to_pylist()[0]
                    con.execute(f"UPDATE documents SET {sets} WHERE doc_id = ?",
                                [row.get(c) for c in cols] + [doc_id])
                else:
                    con.from_arrow(data).insert_into(t)
        if listed:
            con.execute("DELETE FROM files WHERE path = ?", [file_row["path"]])
        con.from_arrow(arrow_table("files", [file_row])).insert_into("files")

    def close(self) -> None:
        self.con.close()


def _arrow_of(table: str, parts: list):
    """One pyarrow table of ``table``'s rows from ``parts``, in order: each ``flatten`` rows (a list of
    dicts) or ``arrow_table`` of them (from a worker: ``convert_one(arrow=True)``), or None; None when
    they hold no row."""
    import pyarrow as pa  # on call: only writing rows needs it

    chunks, rows = [], []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, list):
            rows.extend(part)
            continue
        if rows:  # the rows before this table, in their place
            chunks.append(arrow_table(table, rows))
            rows = []
        if part.num_rows:
            chunks.append(part)
    if rows:
        chunks.append(arrow_table(table, rows))
    if not chunks:
        return None
    return chunks[0] if len(chunks) == 1 else pa.concat_tables(chunks)


# --------------------------------------------------------------------------- progress


@dataclass
class Progress:
    """A snapshot of the run for the progress display: files, pages, rate, ETA, the file being read
    (``current``: the oldest one still being read, the one a slow file holds the run on) and the last
    file recorded.

    The work is counted in pages, so that one long scanned PDF weighs its pages, not one file's share:
    each file to read weighs its page count when it is known before reading (a PDF's, from its page
    tree: ``page_count``), else one page; ``work`` of ``work_total`` such pages are done. ``rate`` (pages
    per second) and ``eta`` are over the time since reading began (``started``, after the hashing).
    ``pages`` counts the pages of the documents converted, as their readers give them (PDF only)."""

    total: int
    done: int = 0
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    work_total: int = 0
    work: int = 0
    current: Optional[str] = None
    started: float = field(default_factory=time.perf_counter)
    last: Optional[dict] = None

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        """Pages (``work``) per second since reading began."""
        return self.work / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> Optional[float]:
        """Seconds left at ``rate`` for the pages left; None before the first file is read."""
        left = self.work_total - self.work
        if left <= 0:
            return 0.0 if self.work_total else None
        return left / self.rate if self.rate > 0 else None


@dataclass
class Summary:
    """What a run did: counts by status, pages, seconds, the run id, and the first failure's exit code."""

    run_id: str
    target: str
    total: int = 0
    ok: int = 0
    failed: int = 0
    scanned: int = 0
    skipped_unchanged: int = 0
    skipped_duplicate: int = 0
    #: Found in a folder or by a glob and not read: not a document type, or matched by ``--exclude``.
    skipped_not_document: int = 0
    skipped_excluded: int = 0
    #: Links out of their input folder, Word lock files.
    skipped_other: int = 0
    pages: int = 0
    seconds: float = 0.0
    exit_code: int = 0
    #: (path, status, reason) of every input the store ends with as failed or scanned, in path order.
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    #: XLSX target: texts cut to Excel's 32 767 characters, texts that lost control characters.
    cells_cut: int = 0
    cells_cleaned: int = 0


# --------------------------------------------------------------------------- engines


def _local(paths: list[str], jobs: int, check: bool, lang: str, settings: ReadSettings) -> Iterator[dict]:
    """Results of ``convert_one`` in completion order: in-process for one job, else a process pool.

    In the pool, the scanned pages of a PDF are spread over every worker: the file's first reading only
    finds which pages need OCR (``convert_one(defer_ocr=True)``), each page is then OCR'd as a task of
    its own (``ocr_page_task``, ahead of the next files), and the file is read with the pages' results
    (the same rows as one process gives). The client keeps ``_IN_FLIGHT`` tasks per worker sent and
    sends the next ones before it yields a result, so that no worker waits for the client's commits.

    A worker that dies (a crash, the OOM killer) fails the files it held and the pool is started
    again, so the run goes on.
    """
    if jobs <= 1:
        for p in paths:
            yield convert_one(p, check, lang, None, settings)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = _start_forkserver()
    # what to send, last first: ("file", path), ("page", path, index, dpi, max_area), ("read", path)
    queue: list[tuple] = [("file", p) for p in reversed(paths)]
    # a PDF whose pages to OCR are spread over the workers: path -> pages left, results, seconds spent
    spread: dict[str, dict] = {}
    while queue:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm_worker,
                                 initargs=(os.getpid(),)) as pool:
            running: dict = {}
            broken = False
            lost: set[str] = set()  # files failed as crashed in this pool: their other tasks are dropped

            def send(item: tuple):
                kind, p = item[0], item[1]
                # absolute: a forkserver's workers keep the working folder it started in
                where = os.path.abspath(p)
                if kind == "file":
                    return pool.submit(convert_one, where, check, lang, p, settings, True, arrow=True)
                if kind == "page":
                    return pool.submit(ocr_page_task, where, *item[2:])
                return pool.submit(convert_one, where, check, lang, p, settings, False, spread[p]["given"],
                                   arrow=True)

            def top_up() -> None:
                nonlocal broken
                while queue and not broken and len(running) < _IN_FLIGHT * jobs:
                    item = queue.pop()
                    if item[0] != "file" and item[1] not in spread:  # its file failed meanwhile
                        continue
                    try:
                        running[send(item)] = item
                    except BrokenProcessPool:  # not sent: the next pool sends it
                        queue.append(item)
                        broken = True

            def crashed(item: tuple) -> Optional[dict]:
                p = item[1]
                if p in lost:
                    return None
                lost.add(p)
                spread.pop(p, None)
                return _crashed(p)

            top_up()
            while running and not broken:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    item = running.pop(fut)
                    kind, p = item[0], item[1]
                    try:
                        res = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        res = crashed(item)
                    else:
                        if kind == "file" and res["status"] == "ocr":
                            # a scanned PDF: its pages go to every worker, before the next files
                            spread[p] = {"left": len(res["ocr"]), "given": {}, "seconds": res["duration_s"]}
                            queue.extend(("page", p, *asked) for asked in reversed(res["ocr"]))
                            res = None
                        elif kind == "page":
                            st = spread.get(p)
                            if st is not None:
                                if res["result"] is not None:
                                    st["given"][res["index"]] = res["result"]
                                st["seconds"] += res["duration_s"]
                                st["left"] -= 1
                                if st["left"] == 0:  # every page OCR'd: the file is read with them
                                    queue.append(("read", p))
                            res = None
                        elif kind == "read":
                            st = spread.pop(p)
                            res["duration_s"] = round((res["duration_s"] or 0) + st["seconds"], 4)
                    # the workers get their next tasks before the caller writes this result: a worker
                    # never waits for the client's commits
                    top_up()
                    if res is not None:
                        yield res
            if broken:
                for item in running.values():
                    res = crashed(item)
                    if res is not None:
                        yield res
                running.clear()
            if broken and spread:
                # files between their pages and their reading when the pool broke: OCR'd again
                done = {it[1] for it in queue if it[0] != "file"}
                for p in list(spread):
                    if p not in done:
                        spread.pop(p)
                        queue.append(("file", p))


#: Tasks (files, pages to OCR) sent to the pool per worker and not yet taken back: one being done, the
#: next ones waiting, so that a worker finds its next task at once while the client writes results.
_IN_FLIGHT = 3


def _start_forkserver():
    """The forkserver context of the local pool, its server started now (if it is not running yet).

    The heavy modules are imported once, in the forkserver, and every worker forked from it has them
    (shared pages, no import of its own; ``_warm_worker`` finds them loaded). Starting it returns at
    once: the server imports them while the caller goes on, and the first worker waits for them."""
    import multiprocessing as mp  # on call: only a run with several local workers needs it
    from multiprocessing import forkserver

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(list(_WORKER_MODULES))
    forkserver.ensure_running()
    return ctx


def _crashed(path: str) -> dict:
    return {"path": path, "status": "failed", "exit_code": 70, "format": None, "pages": None, "tables": None,
            "duration_s": None, "error": f"{path}: the worker process died while converting it (crash or out of memory)"}


#: Files read by one Dask task at most (``_dask``).
_DASK_FILES_PER_TASK = 4


def convert_some(paths: list[str], check: bool, lang: str, names: list[str],
                 settings: Optional[ReadSettings]) -> list[dict]:
    """``convert_one`` of each path (named by ``names``), in order, tables as Arrow: one Dask task's files."""
    return [convert_one(p, check, lang, n, settings, arrow=True) for p, n in zip(paths, names)]


#: Dask settings of the LocalCluster ``convert`` starts, so that its workers convert as fast as the
#: pool's (issue 22: they were ~30 % slower per file):
#: * no ``MALLOC_TRIM_THRESHOLD_=65536`` in the workers' environment (distributed's nanny sets it, and
#:   glibc then gives memory back to the system at every large free, with its adaptive thresholds off;
#:   5–8 % slower conversions); the pool's workers run with glibc's defaults;
#: * no statistical profiler: it samples the task thread's stack every 10 ms, in Python, with the GIL;
#: * the event loop beside the task thread woken less often (its health check every 20 ms, the memory
#:   monitor every 100 ms, the system monitor every 500 ms by default): each wake-up takes the GIL from
#:   the conversion, and on a busy machine waits for a core while holding it.
_DASK_LOCAL = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def _dask(paths: list[str], jobs: int, check: bool, lang: str, scheduler: Optional[str],
          settings: ReadSettings) -> Iterator[dict]:
    """Results of ``convert_one`` run on a dask.distributed cluster (``scheduler`` address, else a
    LocalCluster of ``jobs`` single-threaded worker processes). Workers return rows; nothing else."""
    import dask
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # the workers' settings travel with them (the nanny hands its config to the process it starts)
        with dask.config.set(_DASK_LOCAL):
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        # results come straight from the worker that made them, not relayed through the scheduler
        client = Client(cluster, direct_to_workers=True)
    try:
        if cluster is not None:
            # the imports a pool worker has before its first file, at once in every worker
            client.run(_warm_worker)
        # workers open the absolute path (their working folder may differ); rows and messages name the
        # path as given, as with the local engine
        # a few files per task: each task costs the scheduler (in this process) and the worker a few
        # milliseconds, a tenth of a small file's reading; enough tasks stay for the workers to share
        # the work evenly to the end (the largest files first)
        size = max(1, min(_DASK_FILES_PER_TASK, len(paths) // (8 * max(1, jobs))))
        chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
        futures = client.map(convert_some, [[os.path.abspath(p) for p in c] for c in chunks],
                             [check] * len(chunks), [lang] * len(chunks), chunks, [settings] * len(chunks),
                             pure=False)
        where = {f.key: c for f, c in zip(futures, chunks)}
        for fut in as_completed(futures):
            chunk = where[fut.key]
            try:
                results = fut.result()
            except Exception as e:  # a lost worker or a serialisation error: these files fail, the run goes on
                results = [{"path": p, "status": "failed", "exit_code": 70, "format": None, "pages": None,
                            "tables": None, "duration_s": None,
                            "error": f"{p}: the Dask task failed ({type(e).__name__}: {e})"} for p in chunk]
            fut.release()
            for res, p in zip(results, chunk):
                res["path"] = p
                yield res
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- the run


def lock_path(target: str) -> str:
    """The lock file of a target's writer: ``.STORE.lock`` beside its store (the real path, so that two
    names of one store share one lock; hidden, so that a run whose target is inside its input folder
    does not list it as an input)."""
    folder, name = os.path.split(os.path.realpath(store_path(target)))
    return os.path.join(folder, f".{name}.lock")


def _holder(fd: int) -> Optional[int]:
    """The pid written in a lock file (None when it holds none)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def hold_target(target: str) -> Callable[[], None]:
    """Become the one writer of ``target`` for this run; return the function that lets it go.

    The lock is ``flock`` on ``lock_path(target)``, which holds the writer's pid: the kernel lets it go
    when the writer ends, however it ends, so a lock left by a killed run is free for the next one.
    Where ``flock`` is not available, the pid decides: a lock whose process is gone is taken over.
    Another live writer: ``ConvertError`` (a ``--force`` would destroy its store under it)."""
    path = lock_path(target)
    try:
        import fcntl  # on call: POSIX only; elsewhere the pid in the lock file decides
    except ImportError:
        fcntl = None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    except OSError as e:
        raise ConvertError(f"{target}: cannot create its folder ({e.strerror or e})") from None
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise ConvertError(f"{target}: cannot write beside it ({path}: {e.strerror or e})") from None
        locked = False
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
            except BlockingIOError:
                pid = _holder(fd)
                os.close(fd)
                raise ConvertError(f"{target}: another convert{f' (pid {pid})' if pid else ''} is writing it; "
                                   "wait for it to end (--force would destroy its work)") from None
            except OSError:  # a file system without flock: the pid decides, as below
                pass
        if not locked:
            pid = _holder(fd)
            if pid and pid != os.getpid() and _alive(pid):
                os.close(fd)
                raise ConvertError(f"{target}: another convert (pid {pid}) is writing it; "
                                   "wait for it to end (--force would destroy its work)")
        # the previous holder may have removed the file between our open and our lock: lock the new one
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except OSError:
            same = False
        if same:
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))

    def release() -> None:
        try:
            os.remove(path)  # while still held: the next writer then locks a file of its own
        except OSError:
            pass
        os.close(fd)

    return release


def store_path(target: str) -> str:
    """The DuckDB file a run writes: the target itself, or ``TARGET.shailoo.duckdb`` beside it."""
    kind = target_kind(target)
    return target if kind == "duckdb" else target.rstrip("/\\") + ".shailoo.duckdb"


def convert(inputs: Iterable[str], target: str, jobs: Optional[int] = None, check: bool = False,
            resume: bool = False, force: bool = False, engine: str = "local", scheduler: Optional[str] = None,
            lang: str = "ru", progress: Optional[Callable[[Progress], None]] = None,
            settings: Optional[ReadSettings] = None, follow_symlinks: bool = False,
            include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Summary:
    """Convert every input into ``target``; return the run's ``Summary``.

    ``resume``: keep what the store holds and convert the rest (files converted before and unchanged
    since — same sha256 and shailoo version — are skipped; failed and scanned ones are tried again).
    ``force``: start the target again. Neither, on an existing target: ``ConvertError``. Raises
    ``ConvertError`` only for unusable settings, a target another run is writing (``hold_target``), or a
    store removed or replaced under the run; bad files are rows. ``Summary.exit_code`` is the first failed
    input's (in path order) in the final store, 0 when every input is converted or skipped.
    ``settings`` (OCR, PDF engine; default ``ReadSettings()``) is handed to ``shailoo.parse`` for every
    file; ``jobs`` (default ``settings.jobs``, else one per core) sets the worker processes.
    ``follow_symlinks``: read what links out of an input folder point to (by default each is a
    ``skipped`` row, see ``discover``). ``include`` / ``exclude``: globs relative to an input folder
    (``Selection``): folders and globs give their documents (``DOCUMENT_SUFFIXES``) and what ``include``
    matches, less what ``exclude`` matches; the other files they hold are ``skipped`` rows with the reason.
    """
    if engine not in ("local", "dask"):
        raise ConvertError(f"unknown engine {engine!r}: use local or dask")
    if resume and force:
        raise ConvertError("--resume and --force exclude each other")
    kind = target_kind(target)
    db_path = store_path(target)
    if os.path.exists(db_path) and not (resume or force):
        raise ConvertError(f"{target}: the target exists; use --resume to finish or update it, "
                           "or --force to convert everything again")
    # one writer per target, from here to the end: a second run (a --force above all) is refused
    release = hold_target(target)
    try:
        if force and kind != "duckdb":
            _remove_outputs(target, kind)
        settings = settings or ReadSettings()
        jobs = jobs or settings.jobs or os.cpu_count() or 1
        # each file is read in one process (a pool's worker starts none of its own for OCR: the
        # workers already use the cores)
        settings = settings.model_copy(update={"jobs": 1})
        paths = discover(inputs, follow_symlinks, include, exclude)
        if engine == "local" and jobs > 1 and len(paths) > 1:
            _start_forkserver()  # its imports run while this process opens the store and hashes the files
        run_id = uuid.uuid4().hex[:12]
        summary = Summary(run_id=run_id, target=target, total=len(paths))
        store = Store(db_path, force=force)
    except BaseException:
        release()
        raise
    t0 = time.perf_counter()
    try:
        # The client's commits are small: DuckDB's own threads only add scheduling to them and compete
        # with the workers for the cores (reset for the export below).
        store.con.execute("SET threads = 1")
        # A checkpoint rewrites the row groups rows were appended to since the last one (the documents
        # table's JSON above all): at DuckDB's default (every 16 MB of WAL) that was half the client's
        # time on 300 files, and grows with the store. A larger WAL between checkpoints costs a longer
        # replay when a killed run is resumed, nothing else.
        store.con.execute("SET checkpoint_threshold = '128MB'")
        known = store.known() if resume else {}
        converted = store.converted()
        state = Progress(total=len(paths))
        todo: list[str] = []
        first_of: dict[str, str] = {}  # sha256 -> first path queued or stored with it
        for doc_id, p in converted.items():
            first_of.setdefault(doc_id, p)
        waiting: dict[str, list[dict]] = {}  # sha256 -> duplicate rows waiting for their original
        meta: dict[str, dict] = {}

        def base_row(p: str) -> dict:
            return {"path": p, "size": None, "sha256": None, "format": None, "pages": None, "status": None,
                    "reason": None, "exit_code": 0, "duration_s": None, "shailoo_version": __version__,
                    "doc_id": None, "duplicate_of": None, "run_id": run_id, "converted_at": _now()}

        last_code: dict[str, int] = {}  # path -> the exit code its row says (0: converted or skipped)
        reasons: dict[str, tuple[str, str]] = {}  # path -> (status, reason) of its last failed or scanned row
        weight: dict[str, int] = {}  # path to read -> its pages as known before reading (else 1)

        def record(row: dict, tables=None, now: bool = False) -> None:
            store.add(row, tables)
            if now or store.due():
                flush()

        def flush() -> None:
            # what was queued lands in the store before it is counted or reported done
            for row in store.flush():
                written(row)

        def written(row: dict) -> None:
            if store.replaced():
                raise ConvertError(f"{target}: its store {db_path} was removed or replaced while this run "
                                   "wrote it; what this run converted is lost")
            state.done += 1
            status = row["status"]
            last_code[row["path"]] = (row.get("exit_code") or 2) if status in ("failed", "scanned") else 0
            if status in ("failed", "scanned"):
                reasons[row["path"]] = (status, row.get("reason") or "")
            if status == "ok":
                state.converted += 1
                summary.ok += 1
                state.pages += row.get("pages") or 0
            elif status == "skipped":
                state.skipped += 1
            else:
                state.failed += 1
                summary.failed += status == "failed"
                summary.scanned += status == "scanned"
                summary.exit_code = summary.exit_code or row.get("exit_code") or 2
            state.last = {k: row[k] for k in ("path", "status", "reason", "duration_s")}
            if progress:
                progress(state)

        for p in paths:
            row = base_row(p)
            name = os.path.basename(p)
            if p in paths.skipped:  # not a document, excluded, a link out of its folder: accounted for, never read
                row.update(status="skipped", reason=paths.skipped[p])
                why = paths.why.get(p)
                if why == "not_document":
                    summary.skipped_not_document += 1
                elif why == "excluded":
                    summary.skipped_excluded += 1
                else:
                    summary.skipped_other += 1
                record(row)
                continue
            try:
                if not os.path.isfile(p):
                    raise FileNotFoundError
                row["size"], row["sha256"] = sha256_file(p)
            except FileNotFoundError:
                row.update(status="failed", reason=f"{p}: no such file", exit_code=2)
                record(row)
                continue
            except OSError as e:
                row.update(status="failed", reason=f"{p}: cannot be read ({e.strerror or e})", exit_code=2)
                record(row)
                continue
            sha = row["sha256"]
            old = known.get(p)
            # converted before and unchanged since: kept; a file that failed (or was scanned) is tried again
            if old and old[0] == sha and old[1] == __version__ and old[2] == "ok":
                summary.skipped_unchanged += 1
                last_code[p] = 0
                state.done += 1
                state.skipped += 1
                if progress:
                    progress(state)
                continue
            if name.startswith("~$"):
                row.update(status="skipped", reason=f"{p}: a Word lock file, not a document")
                summary.skipped_other += 1
                record(row)
                continue
            if sha in first_of and first_of[sha] != p:
                row.update(status="skipped", doc_id=sha, duplicate_of=first_of[sha],
                           reason=f"{p}: the same file as {first_of[sha]} (converted once, linked by doc_id)")
                summary.skipped_duplicate += 1
                if sha in converted:
                    record(row)
                else:
                    waiting.setdefault(sha, []).append(row)
                continue
            first_of[sha] = p
            meta[p] = row
            todo.append(p)
            weight[p] = page_count(p) or 1
            state.work_total += weight[p]

        if engine == "dask" or jobs > 1:
            # several workers: the largest files first (a long document, a scanned PDF), the small ones
            # last, so that the run does not end on one long file read by one worker while the others
            # wait. The size is what is known of a file's work before reading it; ties keep path order.
            todo.sort(key=lambda q: -(meta[q]["size"] or 0))
        # reading begins: the rate and ETA count from here, and the first file is shown at once
        reading = iter(todo)
        finished: set[str] = set()
        state.current = next(reading, None)
        state.started = time.perf_counter()
        if progress and todo:
            progress(state)
        results = (_dask(todo, jobs, check, lang, scheduler, settings) if engine == "dask" and todo
                   else _local(todo, jobs, check, lang, settings))
        first = True
        try:
            for res in results:
                row = meta[res["path"]]
                state.work += weight.get(res["path"], 0)
                finished.add(res["path"])
                while state.current is not None and state.current in finished:  # the oldest still being read
                    state.current = next(reading, None)
                row.update(status=res["status"], reason=res["error"], exit_code=res["exit_code"],
                           format=res["format"], pages=res["pages"], duration_s=res["duration_s"],
                           converted_at=_now())
                tables = res.get("tables")
                if res["status"] == "ok" and tables is not None:
                    # the documents row names the path as given: convert_one had it as ``name``
                    row["doc_id"] = row["sha256"]
                    summary.pages += res["pages"] or 0
                # the first result is written (and shown) at once, the next ones a batch at a time
                record(row, tables if res["status"] == "ok" else None, now=first)
                first = False
                for dup in waiting.pop(row["sha256"], []):
                    if res["status"] != "ok":  # the original failed: so does its copy, for the same reason
                        summary.skipped_duplicate -= 1  # counted as failed (or scanned) by record
                        dup.update(status=res["status"], reason=f"{dup['path']}: {res['error']}", doc_id=None,
                                   exit_code=res["exit_code"])
                    record(dup)
        finally:
            results.close()  # now, not when garbage collected: the pool ends before the store closes
        flush()
        # the exit code says what the store holds in the end, whatever the order files finished in or
        # the run they were converted by: the first failed input's (in path order), else 0
        summary.exit_code = next((last_code[p] for p in paths if last_code.get(p)), 0)
        summary.failures = [(p, *reasons[p]) for p in paths if last_code.get(p) and p in reasons]
        summary.seconds = round(time.perf_counter() - t0, 3)
        if store.replaced():
            raise ConvertError(f"{target}: its store {db_path} was removed or replaced while this run "
                               "wrote it; what this run converted is lost")
        if kind != "duckdb":
            store.con.execute("RESET threads")
            cells = XlsxCells()
            export(store.con, target, kind, cells)
            summary.cells_cut, summary.cells_cleaned = cells.cut, cells.cleaned
    except BaseException:
        # an interrupt (Ctrl-C) or an error: the results already received are kept (whole files), and a
        # --resume goes on from there
        try:
            store.flush()
        except Exception:
            pass
        raise
    finally:
        store.close()
        release()
    return summary


def _now():
    import datetime as dt

    return dt.datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------- export


def _remove_outputs(target: str, kind: str) -> None:
    import shutil

    t = target.rstrip("/\\")
    if kind in ("parquet", "csv") and os.path.isdir(t):
        shutil.rmtree(t)
    elif os.path.exists(t):
        os.remove(t)
    for extra in (t + ".files.jsonl",):
        if os.path.exists(extra):
            os.remove(extra)


def export(con, target: str, kind: str, cells: Optional[XlsxCells] = None) -> list[str]:
    """Write the store's tables to ``target`` as ``kind``; return the files written. Each file is
    written under a temporary name and renamed, so a reader never sees half a table. Text that a
    spreadsheet could run as a formula stays text (``shailoo.outputs.cells``); ``cells`` counts the XLSX
    values cut to Excel's limit or cleaned of control characters."""
    t = target.rstrip("/\\")
    written: list[str] = []
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    sheet_views = [v for v in SHEET_VIEWS if v in views]  # a store made without them (a test's) has none

    def atomically(path: str, write: Callable[[str], None]) -> None:
        tmp = path + ".part"
        write(tmp)
        os.replace(tmp, path)
        written.append(path)

    if kind in ("parquet", "csv"):
        os.makedirs(t, exist_ok=True)
        for name in TABLES:
            if kind == "parquet":
                import pyarrow.parquet as pq

                # a relation, not con.execute(): DuckDB 2 has no .arrow() on a connection's result,
                # and its relation's .arrow() is a RecordBatchReader (a Table in DuckDB 1.x)
                data = con.sql(export_sql(name)).arrow()
                data = data.read_all() if hasattr(data, "read_all") else data
                # the types of the one definition (``tables.arrow_schema``), whatever DuckDB's Arrow
                # export names its list items or dictionary indices
                data = data.cast(arrow_schema(name))
                atomically(os.path.join(t, f"{name}.parquet"), lambda p, d=data: pq.write_table(d, p))
            else:
                atomically(os.path.join(t, f"{name}.csv"),
                           lambda p, n=name: _write_csv(con, export_sql(n, flat=True), p))
        if kind == "csv":  # the views for spreadsheets (scalar columns), beside the tables
            for name in sheet_views:
                atomically(os.path.join(t, f"{name}.csv"),
                           lambda p, n=name: _write_csv(con, f'SELECT * FROM "{n}" ORDER BY ALL', p))
    elif kind == "jsonl":
        import json

        def write_docs(p):
            with open(p, "w", encoding="utf-8") as fh:
                for (text,) in con.execute("SELECT json FROM documents ORDER BY path").fetchall():
                    fh.write(text + "\n")

        def write_files(p):
            cols = columns("files")
            with open(p, "w", encoding="utf-8") as fh:
                for r in con.execute("SELECT * FROM files ORDER BY path").fetchall():
                    fh.write(json.dumps(dict(zip(cols, r)), ensure_ascii=False, default=str) + "\n")

        atomically(t, write_docs)
        atomically(t + ".files.jsonl", write_files)
    elif kind == "xlsx":
        atomically(t, lambda p: _write_xlsx(con, p, cells if cells is not None else XlsxCells(), sheet_views))
    return written


def _sql_str(s: str) -> str:
    return s.replace("'", "''")


#: Rows fetched from the store at a time while a CSV or XLSX is written (memory stays flat).
EXPORT_BATCH = 10000


def _fetch(cur) -> Iterator[tuple]:
    while True:
        batch = cur.fetchmany(EXPORT_BATCH)
        if not batch:
            return
        yield from batch


def _write_csv(con, sql: str, path: str) -> None:
    """The rows of ``sql`` as CSV (header, comma, ``\\n``, NULL as an empty field), formula-like text
    neutralised."""
    import csv  # on call: only the CSV target needs it

    cur = con.execute(sql)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([d[0] for d in cur.description])
        for r in _fetch(cur):
            w.writerow(["" if v is None else safe_cell(v) for v in r])


def _write_xlsx(con, path: str, cells: XlsxCells, views: Iterable[str] = ()) -> None:
    """One sheet per table (without the documents' JSON column; lists and maps as JSON text) and per
    view of ``views`` (``SHEET_VIEWS``, for spreadsheets); text cells are strings, never formulas, cut to Excel's
    32 767 characters and cleaned of control characters (counted in ``cells``)."""
    from openpyxl import Workbook  # on call: openpyxl (~0.1 s) only for the XLSX target

    wb = Workbook(write_only=True)
    sheets = [(name, export_sql(name, flat=True, leave_out=("json",) if name == "documents" else ()))
              for name in TABLES]
    sheets += [(name, f'SELECT * FROM "{name}" ORDER BY ALL') for name in views]
    for name, sql in sheets:
        ws = wb.create_sheet(title=name)
        cur = con.execute(sql)
        ws.append([d[0] for d in cur.description])
        for r in _fetch(cur):
            ws.append(cells.row(ws, r))
    wb.save(path)
