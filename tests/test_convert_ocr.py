"""Issue 22: the scanned pages of one PDF spread over ``convert``'s workers, and the OCR page workers of
``parse`` (``shailoo.parsers.read.ocr.page_workers``): the same rows as one process gives, whatever
process OCR'd which page."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import duckdb
import numpy as np
import pytest

from shailoo.apps.convert import engine
from shailoo.apps.convert.tables import TABLES, export_sql
from shailoo.parsers.read import ocr

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "fixtures" / "pdf" / "seed001_mixed.pdf"  # pages 1-4 scanned, 5-11 text
TEXT = ROOT / "fixtures" / "text" / "resolution_ru.txt"

needs_tesseract = pytest.mark.skipif(ocr._available() is not None, reason="tesseract (rus, kir) is not installed")


# --------------------------------------------------------------------------- how many processes OCR a PDF


def test_page_workers_takes_the_jobs_asked_for():
    assert ocr.page_workers(1) == 1
    assert ocr.page_workers(3) == 3
    assert ocr.page_workers(-2) == 1


def test_page_workers_by_default_one_per_core(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # another test's thread may still be ending
    assert ocr.page_workers(None) == min(len(os.sched_getaffinity(0)), ocr.DEFAULT_PAGE_WORKERS)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    assert ocr.page_workers(None) == ocr.DEFAULT_PAGE_WORKERS  # a big machine: a few processes, not 64
    assert ocr.page_workers(0) == ocr.page_workers(None)


def test_page_workers_one_while_other_threads_run():
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert ocr.page_workers(None) == 1  # forking a process with other threads is not safe
        assert ocr.page_workers(2) == 2  # asked for: as asked
    finally:
        stop.set()
        t.join()


def test_page_workers_one_in_a_daemonic_process(monkeypatch):
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert ocr.page_workers(None) == 1
    assert ocr.page_workers(4) == 1  # a daemonic process may not have children


# --------------------------------------------------------------------------- rulings: the same runs as before


def _runs_reference(mask, min_len, gap):
    """The run finder as it was before issue 22 (every row, int32 prefix sums)."""
    rows, cols = mask.shape
    m = mask.view(np.int8)
    pad = np.zeros((rows, 1), dtype=np.int8)
    d = np.diff(np.concatenate([pad, m, pad], axis=1), axis=1)
    sr, sc = np.nonzero(d == 1)
    _, ec = np.nonzero(d == -1)
    out = np.zeros((rows, cols + 1), dtype=np.int32)
    if sr.size == 0:
        return np.zeros(mask.shape, dtype=bool)
    new = np.ones(sr.size, dtype=bool)
    new[1:] = (sr[1:] != sr[:-1]) | (sc[1:] - ec[:-1] > gap)
    group = np.cumsum(new) - 1
    g_start, g_row = sc[new], sr[new]
    g_end = np.zeros(group[-1] + 1, dtype=np.int64)
    np.maximum.at(g_end, group, ec)
    keep = g_end - g_start >= min_len
    np.add.at(out, (g_row[keep], g_start[keep]), 1)
    np.add.at(out, (g_row[keep], g_end[keep]), -1)
    return np.cumsum(out, axis=1)[:, :cols] > 0


def test_runs_match_the_reference_on_random_masks():
    rng = np.random.default_rng(22)
    for _ in range(200):
        h, w = int(rng.integers(1, 40)), int(rng.integers(1, 90))
        mask = rng.random((h, w)) < rng.random()
        if rng.random() < 0.5:
            mask = np.ascontiguousarray(mask.T).T if h == w else (rng.random((w, h)) < 0.5).T
        for min_len, gap in ((5, 2), (1, 1), (12, 0), (3, 3), (30, 2)):
            assert (ocr._runs(mask, min_len, gap) == _runs_reference(mask, min_len, gap)).all()


# --------------------------------------------------------------------------- pages OCR'd elsewhere


@needs_tesseract
def test_convert_one_defers_the_scanned_pages_then_reads_them_given():
    path = str(MIXED)
    asked = engine.convert_one(path, defer_ocr=True)
    assert asked["status"] == "ocr" and asked["tables"] is None
    assert [a[0] for a in asked["ocr"]] == [0, 1, 2, 3]  # the four scanned pages, in order
    given = {}
    for index, dpi, max_area in asked["ocr"]:
        done = engine.ocr_page_task(path, index, dpi, max_area)
        assert done["index"] == index and done["result"] is not None
        given[index] = done["result"]
    spread = engine.convert_one(path, ocr_pages=given)
    whole = engine.convert_one(path)
    assert spread["status"] == whole["status"] == "ok"
    assert spread["tables"] == whole["tables"]


def test_convert_one_defers_nothing_without_pages_to_ocr():
    res = engine.convert_one(str(ROOT / "fixtures" / "pdf" / "seed004.pdf"), defer_ocr=True)
    assert res["status"] == "ok" and res["tables"]["activities"]


def _rows(store: str) -> dict:
    con = duckdb.connect(store, read_only=True)
    try:
        out = {name: con.execute(export_sql(name)).fetchall() for name in TABLES if name != "files"}
        out["files"] = con.execute("SELECT path, sha256, format, pages, status, reason, exit_code, doc_id "
                                   "FROM files ORDER BY path").fetchall()
        return out
    finally:
        con.close()


@needs_tesseract
def test_convert_spreads_a_scanned_pdf_over_the_pool_with_the_same_rows(tmp_path):
    inputs = [str(MIXED), str(TEXT)]
    one, two = str(tmp_path / "one.duckdb"), str(tmp_path / "two.duckdb")
    s1 = engine.convert(inputs, one, jobs=1)
    s2 = engine.convert(inputs, two, jobs=2)
    assert (s1.ok, s1.failed, s2.ok, s2.failed) == (2, 0, 2, 0)
    assert _rows(one) == _rows(two)
