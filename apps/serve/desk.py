"""The work of the review desk, apart from the web: uploads checked, reports and reviewed copies made,
all of it in one temporary folder that is removed when the desk closes.

``Desk(settings, config)`` holds the folder (``tempfile.TemporaryDirectory``) and the reviews in it, each
in a subfolder named by an unguessable id. ``check_file`` and ``compare_files`` run in a worker thread
(the web layer hands them to ``run_in_threadpool``); they never raise for a bad input: a file that
cannot be read becomes a ``Problem`` (a message key of ``serve.error.*`` and its values, worded in the
page's language when shown), and the other files of the upload are still checked.

What is made for a checked file: the HTML report (``shailoo.outputs.html.format_html``), and for a DOCX
the reviewed copy with one Word comment per finding (the same code as ``shailoo check --format docx``:
``open_word``, ``finding_notes``, ``review_docx``); the PDF of the reviewed copy is made on first
request (``shailoo.outputs.pdf_export.docx_to_pdf``). Reading goes through the project's readers with
the desk's limits (``ServeSettings.limits``: the upload size and the page count, the other limits at
their defaults), so a ZIP bomb or a huge table is refused with its limit's reason before the work.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from shailoo.apps.serve.settings import ServeSettings
from shailoo.apps.serve.uploads import Upload
from shailoo.corpus.i18n import catalog, text
from shailoo.errors import ConverterMissing, LimitExceeded, ScannedError, ShailooError
from shailoo.outputs.docx_comments import finding_notes, open_word, review_docx
from shailoo.outputs.html import format_comparison_html, format_html
from shailoo.outputs.pdf_export import docx_to_pdf
from shailoo.parsers import parse, parse_raw
from shailoo.parsers.read import detect_format
from shailoo.rules.check import check
from shailoo.rules.election import parse_election_kind
from shailoo.rules.engine import compare
from shailoo.rules.findings import SEVERITIES
from shailoo.settings import ReadSettings

_DAY = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*")


def parse_day(value: str) -> Optional[dt.date]:
    """A date as users write it: DD.MM.YYYY (as CEC documents print it) or ISO YYYY-MM-DD; None for an
    empty field; ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    m = _DAY.fullmatch(value)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return dt.date.fromisoformat(value)


def _number(n: Any) -> str:
    """A count of bytes or pages with its thousands apart («67 108 864»), as every language here writes it."""
    return f"{n:,}".replace(",", "\u00a0") if isinstance(n, int) else str(n)


@dataclass
class Problem:
    """Why a file was not checked (or a PDF not made): ``key`` under ``serve.error.`` and its values."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return text(f"serve.error.{self.key}", lang, **self.params)


def problem_of(e: BaseException, upload_path: str, name: str) -> Problem:
    """The ``Problem`` of an exception raised while reading or checking the file stored at
    ``upload_path`` (shown as ``name``)."""
    if isinstance(e, LimitExceeded) and f"serve.error.limit.{e.limit}" in catalog("en"):
        return Problem(f"limit.{e.limit}", {"value": _number(e.value), "maximum": _number(e.maximum)})
    if isinstance(e, ScannedError):
        return Problem("scanned")
    if isinstance(e, ConverterMissing):
        return Problem("converter")
    if isinstance(e, ShailooError):
        if e.reason.startswith("the file is empty"):
            return Problem("empty")
        return Problem("unreadable", {"reason": e.reason.replace(upload_path, name)})
    return Problem("internal", {"reason": f"{type(e).__name__}: {str(e).replace(upload_path, name)}"})


@dataclass
class Made:
    """One file the desk made for download: its path, or the ``Problem`` of making it."""

    path: Optional[Path] = None
    problem: Optional[Problem] = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


@dataclass
class FileResult:
    """One uploaded file of a review: ``index`` (1-based, in the URLs), the user's ``name``, its ``format``,
    ``problem`` (None when it was checked), the findings counted by severity, and what was made."""

    index: int
    name: str
    format: str = ""
    problem: Optional[Problem] = None
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    seconds: float = 0.0
    report: Optional[Path] = None
    docx: Optional[Path] = None
    pdf: Made = field(default_factory=Made)

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def stem(self) -> str:
        return Path(self.name).stem or f"file-{self.index}"


@dataclass
class Review:
    """One upload: ``kind`` is ``check`` (``files``) or ``compare`` (``files`` = [A, B], the result on B:
    ``comparison``)."""

    id: str
    kind: str
    folder: Path
    lang: str
    created: float = field(default_factory=time.monotonic)
    files: list[FileResult] = field(default_factory=list)
    mode: str = ""

    def file(self, index: int) -> Optional[FileResult]:
        return next((f for f in self.files if f.index == index), None)


class Desk:
    """The reviews of one running desk, in one temporary folder (see the module)."""

    def __init__(self, settings: ServeSettings, config=None):
        self.settings = settings
        self.config = config
        self._tmp = tempfile.TemporaryDirectory(prefix="shailoo-serve-", ignore_cleanup_errors=True)
        self.folder = Path(self._tmp.name)
        self.reviews: "OrderedDict[str, Review]" = OrderedDict()
        #: The key every form of the desk carries (a page of another site cannot read it).
        self.form_key = secrets.token_urlsafe(24)
        self._lock = threading.Lock()
        self.closed = False

    def form_key_ok(self, given: Optional[str]) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.form_key.encode())

    # ------------------------------------------------------------------ reviews

    def new_review(self, kind: str, lang: str) -> Review:
        self.prune()
        rid = secrets.token_urlsafe(16)
        folder = self.folder / rid
        folder.mkdir()
        review = Review(id=rid, kind=kind, folder=folder, lang=lang)
        with self._lock:
            self.reviews[rid] = review
        self.prune()
        return review

    def get(self, rid: str) -> Optional[Review]:
        self.prune()
        with self._lock:
            return self.reviews.get(rid)

    def delete(self, rid: str) -> bool:
        with self._lock:
            review = self.reviews.pop(rid, None)
        if review is not None:
            shutil.rmtree(review.folder, ignore_errors=True)
        return review is not None

    def prune(self) -> None:
        """Remove the reviews past ``keep_minutes`` and the oldest past ``keep_reviews``."""
        cutoff = time.monotonic() - self.settings.keep_minutes * 60
        with self._lock:
            old = [rid for rid, r in self.reviews.items() if r.created < cutoff]
            extra = max(0, len(self.reviews) - len(old) - self.settings.keep_reviews)
            old += [rid for rid in self.reviews if rid not in old][:extra]
        for rid in old:
            self.delete(rid)

    def close(self) -> None:
        """Remove every review and the desk's folder (idempotent)."""
        with self._lock:
            self.reviews.clear()
            self.closed = True
        self._tmp.cleanup()

    # ------------------------------------------------------------------ the work

    @property
    def read_settings(self) -> ReadSettings:
        return ReadSettings(limits=self.settings.limits)

    def _read(self, up: Upload, calendar: dict):
        """(parsed document, ``WordFile`` or None, format) of an upload, read once."""
        limits = self.settings.limits
        # the format only: a DOCX's package is checked against the limits once, by open_word (before
        # python-docx opens it), and any other file by parse's reader
        fmt = detect_format(up.path, limits, package=False)
        if fmt == "docx":
            word = open_word(str(up.path), limits)
            return parse_raw(word.raw, display_path=up.name, calendar=calendar), word, fmt
        return parse(up.path, display_path=up.name, calendar=calendar, settings=self.read_settings), None, fmt

    def check_file(self, review: Review, index: int, up: Upload, calendar: dict, options: dict) -> FileResult:
        """Check one uploaded file; a file that cannot be read gets its ``Problem``."""
        res = FileResult(index=index, name=up.name or f"{index}")
        started = time.perf_counter()
        if up.too_large:
            res.problem = Problem("too_large", {"mb": _number(self.settings.max_upload_bytes // (1 << 20))})
            return res
        try:
            doc, word, res.format = self._read(up, calendar)
            report = check(doc, lang=review.lang, config=self.config, calendar=calendar, options=options)
            res.report = review.folder / f"{index}.report.html"
            res.report.write_text(format_html([(report, doc)], lang=review.lang), encoding="utf-8")
            if word is not None:
                res.docx = review.folder / f"{index}.reviewed.docx"
                review_docx(str(up.path), str(res.docx), finding_notes(report, review.lang),
                            title=doc.document.title, word=word)
        except Exception as e:  # every failure is this file's one-line reason; the others go on
            res.problem = problem_of(e, str(up.path), res.name)
            res.report = res.docx = None
        else:
            by = Counter(f.severity for f in report.findings)
            res.counts = {s: by[s] for s in SEVERITIES}
            res.total = len(report.findings)
        res.seconds = time.perf_counter() - started
        return res

    def compare_files(self, review: Review, a: Upload, b: Upload, mode: Optional[str]) -> None:
        """Compare B with A (``review.files`` become [A, B]; B carries the report and the reviewed copy)."""
        ra, rb = FileResult(index=1, name=a.name or "A"), FileResult(index=2, name=b.name or "B")
        review.files = [ra, rb]
        started = time.perf_counter()
        docs = []
        for res, up in ((ra, a), (rb, b)):
            if up.too_large:
                res.problem = Problem("too_large", {"mb": _number(self.settings.max_upload_bytes // (1 << 20))})
                continue
            try:
                doc, word, res.format = self._read(up, {})
                docs.append((doc, word))
            except Exception as e:
                res.problem = problem_of(e, str(up.path), res.name)
        if ra.problem or rb.problem:
            return
        (da, _), (db, word_b) = docs
        try:
            report = compare(da, db, mode=mode, lang=review.lang, config=self.config)
            review.mode = report.mode
            rb.report = review.folder / "2.compare.html"
            rb.report.write_text(format_comparison_html(report, da, db, lang=review.lang), encoding="utf-8")
            if word_b is not None:
                rb.docx = review.folder / "2.compared.docx"
                review_docx(str(b.path), str(rb.docx), finding_notes(report, review.lang),
                            title=db.document.title, word=word_b)
        except Exception as e:
            rb.problem = problem_of(e, str(b.path), rb.name)
            rb.report = rb.docx = None
            return
        by = Counter(f.severity for f in report.findings)
        rb.counts = {s: by[s] for s in SEVERITIES}
        rb.total = len(report.findings)
        rb.seconds = time.perf_counter() - started

    def pdf_of(self, res: FileResult) -> Made:
        """The PDF of ``res``'s reviewed copy, made once (LibreOffice), with its comments as PDF notes."""
        with res.pdf.lock:
            if res.pdf.path is None and res.pdf.problem is None and res.docx is not None:
                dest = res.docx.with_suffix(".pdf")
                try:
                    res.pdf.path = docx_to_pdf(res.docx, dest)
                except ConverterMissing:
                    res.pdf.problem = Problem("pdf_converter")
                except Exception as e:
                    reason = e.reason if isinstance(e, ShailooError) else f"{type(e).__name__}: {e}"
                    res.pdf.problem = Problem("pdf", {"reason": reason.replace(str(res.docx), res.name)})
        return res.pdf


def election_options(kind: str, kind_type: str) -> Optional[str]:
    """``--election-kind`` of the form's two choices (``local_kenesh``, ``early`` → ``local_kenesh,early``);
    None for neither; ValueError for a combination the rules refuse."""
    words = [w for w in (kind, kind_type) if w]
    if not words:
        return None
    value = ",".join(words)
    parse_election_kind(value)
    return value
