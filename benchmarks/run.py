"""All of shailoo's speed targets in one command: PDF, DOCX, terms, check, start-up and memory.

    python benchmarks/run.py                    # the full run, a few minutes on 2 cores
    python benchmarks/run.py --quick            # a smoke run (20-page PDF, 10 000 terms), < 1 minute
    python benchmarks/run.py --only pdf,terms --repeat 3

Every measurement runs in a fresh process pinned to one core (``taskset -c CORE`` on Linux), so
its peak memory and its first-use costs are its own. The timed part of each excludes the imports;
shailoo's start-up (importing it and loading its pipeline by parsing a tiny fixture of the same
format) is measured apart as ``startup_s``, and the cold total (start-up + parse) is reported too.

Inputs (generated once and cached in ``benchmarks/out/``, which git ignores; ``--rebuild`` makes them
again): the seed 001 plan table printed to a 220-page PDF and its DOCX (``make_big_pdf.py``, which
needs LibreOffice), 100 000 term strings (``bench_terms.build``), the seed fixtures, and for memory the
seed 001 plan's rows repeated into text files of 200, 16 and 2 MB (``big_text``) and the 220-page PDF's
pages copied into a 2000-page one (``big_pdf``, by pypdfium2).

Writes ``benchmarks/out/bench_all.json``; a full run (not ``--quick``, no ``--only``) is also copied
to ``benchmarks/results/latest.json``, which is committed so that runs can be compared in review.
See ``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "results"
FIX = ROOT / "fixtures"

SCHEMA = "shailoo-bench/1"
SECTIONS = ("pdf", "docx", "terms", "check", "memory")

FULL_PAGES = 220
QUICK_PAGES = 20
FULL_TERMS, QUICK_TERMS = 100_000, 10_000
FULL_DATEPARSER, QUICK_DATEPARSER = 3000, 500
TERMS_SEED = 7
CHECK_WARM_CALLS = 5
STARTUP_RUNS = 3
#: start-up (issue 22): the tiny document of ``import shailoo; shailoo.parse(…)`` in a new process, and how
#: many modules of ``python -X importtime`` the report lists (by their own import time)
STARTUP_TINY = FIX / "text" / "resolution_ru.txt"
IMPORTTIME_TOP = 15
#: memory: the text file the default limits must refuse (issue 22: 200 MB), and the one parsed with the
#: limits raised (its peak per MB of input is what a larger one would cost)
TEXT_BIG_MB, TEXT_PARSE_MB, QUICK_TEXT_PARSE_MB = 200, 16, 2
#: the limits raised for those files (``--limit`` on the command line)
TEXT_RAISED_LIMITS = {"max_file_bytes": "1G", "max_text_bytes": "1G", "max_document_chars": "1000000000",
                      "max_table_cells": "100000000"}
#: memory (issue 22): the long table PDF, the 220-page plan's pages copied on to this many pages (with
#: --quick, to QUICK_BIG_PDF_PAGES), parsed with the default limits (refused: max_pages) and with these raised
BIG_PDF_PAGES, QUICK_BIG_PDF_PAGES = 2000, 440
PDF_RAISED_LIMITS = {"max_pages": "3000", "max_document_chars": "100000000"}

PLAN = FIX / "docx" / "seed001.docx"  # the plan `check` is timed on
WARMUP = {"pdf": FIX / "pdf" / "seed000.pdf", "docx": FIX / "docx" / "seed000.docx"}  # tiny, not seed 001

#: another program using more than this share of the machine during a measurement spoils it
OTHER_CPU_SHARE = 0.05

# (key, label, unit, op, target): the pass/fail lines; `key` names a figure of `figures()`
TARGETS = [
    ("pdf_vs_pdfplumber_tables", "PDF: shailoo / pdfplumber tables (pages/s)", "x", ">=", 10.0),
    ("pdf_peak_mib", "PDF: peak memory of shailoo.parse", "MiB", "<", 300.0),
    ("docx_vs_python_docx", "DOCX: shailoo / python-docx (time)", "x", "<=", 1.5),
    ("text_refused_peak_mib", "memory: 200 MB text, default limits (read or refused)", "MiB", "<", 300.0),
    ("pdf_big_refused_peak_mib", "memory: 2000-page PDF, default limits (read or refused)", "MiB", "<=", 300.0),
    ("pdf_big_peak_mib", "memory: 2000-page PDF, limits raised, parse -o JSON", "MiB", "<=", 300.0),
    ("terms_warm_per_s", "terms: parse_terms warm", "terms/s", ">=", 20_000.0),
    ("terms_vs_dateparser", "terms: warm / dateparser.parse", "x", ">=", 20.0),
    ("check_first_s", "check: first call (seed 001)", "s", "<", 0.2),
    ("check_warm_s", "check: best warm call", "s", "<", 0.2),
    ("cli_startup_s", "start-up: shailoo --version", "s", "<", 0.5),
    ("startup_parse_s", "start-up: import shailoo + parse a tiny text, new process", "s", "<=", 0.4),
    ("cli_check_cold_s", "start-up: shailoo check seed 001, new process", "s", "<=", 1.0),
]


# =========================================================================== the measuring child
# ``run.py --child SPEC`` runs one measurement and prints one JSON line. Each function returns the
# figures, with ``seconds`` the time that decides the best of ``--repeat`` runs.


def _perf() -> float:
    return time.perf_counter()


def child_pypdfium2_text(spec: dict) -> dict:
    t = _perf()
    import pypdfium2 as pdfium

    imp = _perf() - t
    t0 = _perf()
    pdf = pdfium.PdfDocument(spec["path"])
    n = len(pdf)
    chars = 0
    for i in range(n):
        page = pdf[i]
        tp = page.get_textpage()
        chars += len(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return {"seconds": _perf() - t0, "import_s": imp, "pages": n, "chars": chars}


def child_pdfplumber_tables(spec: dict) -> dict:
    t = _perf()
    import pdfplumber

    imp = _perf() - t
    t0 = _perf()
    rows = tables = 0
    with pdfplumber.open(spec["path"]) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            for tb in page.extract_tables():
                tables += 1
                rows += len(tb)
            page.close()
    return {"seconds": _perf() - t0, "import_s": imp, "pages": n, "tables": tables, "rows": rows}


def _vm_rss_mib() -> float | None:
    try:
        return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return None


def child_shailoo_parse(spec: dict) -> dict:
    """(a) start-up: import shailoo, parse the tiny warm-up fixture; (b) the timed parse of the big file."""
    import inspect

    t0 = _perf()
    import shailoo

    import_s = _perf() - t0
    kwargs = {}
    params = inspect.signature(shailoo.parse).parameters
    engine = spec.get("pdf_engine")
    default_engine = params["pdf_engine"].default if "pdf_engine" in params else None
    if engine is not None:
        if "pdf_engine" not in params:
            return {"skipped": "shailoo.parse has no pdf_engine parameter yet"}
        kwargs["pdf_engine"] = engine
    shailoo.parse(spec["warmup"], **kwargs)
    t1 = _perf()
    rss_after_startup = _vm_rss_mib()
    doc = shailoo.parse(spec["path"], **kwargs)
    t2 = _perf()
    res = {"seconds": t2 - t1, "startup_s": t1 - t0, "import_s": import_s, "warmup_parse_s": t1 - t0 - import_s,
           "cold_total_s": t2 - t0, "warmup": spec["warmup_rel"], "pages": doc.source.pages,
           "activities": len(doc.activities), "rss_after_startup_mib": rss_after_startup}
    if spec["path"].lower().endswith(".pdf"):
        res["pdf_engine"] = engine or default_engine or "(shailoo.parse has no pdf_engine parameter)"
    try:
        from shailoo.parsers.read import pdf as pdf_reader
        res["read_pdf_params"] = list(inspect.signature(pdf_reader.read_pdf).parameters)
    except Exception as err:  # informative only
        res["read_pdf_params"] = f"{type(err).__name__}: {err}"
    return res


def child_shailoo_read(spec: dict) -> dict:
    """The reader alone (``shailoo.parsers.read.read``: the blocks, before interpreting), after reading
    the warm-up fixture; ``limits``: ``--limit`` assignments, as the command line takes them."""
    from shailoo.parsers.read import read
    from shailoo.settings import ReadSettings

    limits = ReadSettings(limits=spec.get("limits") or []).limits
    t0 = _perf()
    read(spec["warmup"])
    t1 = _perf()
    raw = read(spec["path"], limits=limits)
    t2 = _perf()
    return {"seconds": t2 - t1, "startup_s": t1 - t0, "blocks": len(raw.blocks), "chars": len(raw.text)}


def child_cli_parse(spec: dict) -> dict:
    """``shailoo parse FILE -o OUT [--limit ...]`` in this process: exit code, its error line, seconds,
    the JSON written (the whole command: read, interpret and the JSON writer)."""
    import io

    from shailoo import cli

    argv = ["parse", spec["path"], "-o", spec["out"]]
    for item in spec.get("limits") or []:
        argv += ["--limit", item]
    res = {}
    if spec.get("warmup"):  # the pipeline loaded first: the peak above it is what the file costs
        import shailoo

        shailoo.parse(spec["warmup"])
        res["rss_after_startup_mib"] = _vm_rss_mib()
    out, err = io.StringIO(), io.StringIO()
    t0 = _perf()
    code = cli.main(argv, out=out, err=err)
    sec = _perf() - t0
    written = Path(spec["out"]).stat().st_size if Path(spec["out"]).exists() else 0
    Path(spec["out"]).unlink(missing_ok=True)
    lines = [ln for ln in err.getvalue().splitlines() if ln.startswith("shailoo: error")]
    bugs = [ln for ln in err.getvalue().splitlines() if ln.startswith("shailoo: internal error")]
    if bugs:
        res["internal_error"] = bugs[0]
    if spec["path"].lower().endswith(".pdf"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(spec["path"])
        res["pages"] = len(pdf)
        pdf.close()
    return res | {"seconds": sec, "exit_code": code, "refused": lines[0] if lines else None,
                  "input_mb": Path(spec["path"]).stat().st_size / 1e6, "json_mb": written / 1e6}


def child_python_docx(spec: dict) -> dict:
    t = _perf()
    import docx

    imp = _perf() - t
    t0 = _perf()
    d = docx.Document(spec["path"])
    cells = chars = rows = 0
    for tb in d.tables:
        for row in tb.rows:
            rows += 1
            for cell in row.cells:
                cells += 1
                chars += len(cell.text)
    return {"seconds": _perf() - t0, "import_s": imp, "tables": len(d.tables), "rows": rows, "cells": cells,
            "chars": chars}


def _term_strings(spec: dict) -> list[str]:
    return json.loads(Path(spec["strings"]).read_text(encoding="utf-8"))["strings"]


def _term_ctx():
    from shailoo.parsers.extract import terms as T
    return T, T.TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")


def child_terms_warm(spec: dict) -> dict:
    """bench_terms' ``warm``: every string in order, from empty caches (the caches fill as it goes)."""
    strings = _term_strings(spec)
    T, ctx = _term_ctx()
    T.parse_terms("За 60 календарных дней до дня голосования", ctx)  # compile the grammar outside the timing
    T.clear_cache()
    kinds: dict[str, int] = {}
    t0 = _perf()
    for s in strings:
        for term in T.parse_terms(s, ctx):
            kinds[term.kind] = kinds.get(term.kind, 0) + 1
    sec = _perf() - t0
    return {"seconds": sec, "strings": len(strings), "terms_per_s": len(strings) / sec,
            "term_kinds": dict(sorted(kinds.items()))}


def child_terms_cold(spec: dict) -> dict:
    """bench_terms' ``cold``: each distinct string once, every cache emptied before each (the grammar alone)."""
    distinct = list(dict.fromkeys(_term_strings(spec)))
    T, ctx = _term_ctx()
    T.parse_terms("За 60 календарных дней до дня голосования", ctx)
    T.clear_cache()
    t0 = _perf()
    for s in distinct:
        T.parse_terms(s, ctx)
        T.clear_cache()
    sec = _perf() - t0
    return {"seconds": sec, "strings": len(distinct), "terms_per_s": len(distinct) / sec}


def child_dateparser(spec: dict) -> dict:
    import random

    try:
        import dateparser
    except ImportError:
        return {"skipped": "dateparser is not installed (pip install dateparser)"}
    strings = _term_strings(spec)
    sample = random.Random(spec["seed"] + 1).sample(strings, min(spec["sample"], len(strings)))
    dateparser.parse("9 октября 2022 года", languages=["ru", "ky"])  # load its locales outside the timing
    t0 = _perf()
    found = sum(dateparser.parse(s, languages=["ru", "ky"]) is not None for s in sample)
    sec = _perf() - t0
    return {"seconds": sec, "version": dateparser.__version__, "sample": len(sample),
            "strings_per_s": len(sample) / sec, "returned_a_date": found}


def child_check(spec: dict) -> dict:
    t0 = _perf()
    import shailoo
    from shailoo.rules.check import check

    doc = shailoo.parse(spec["path"])
    t1 = _perf()
    report = check(doc)
    t2 = _perf()
    warm = []
    for _ in range(spec["warm_calls"]):
        a = _perf()
        check(doc)
        warm.append(_perf() - a)
    return {"seconds": t2 - t1, "check_first_s": t2 - t1, "check_warm_s": min(warm), "warm_calls": len(warm),
            "startup_s": t1 - t0, "activities": len(doc.activities), "findings": len(report.findings)}


CHILD = {
    "pypdfium2_text": child_pypdfium2_text,
    "pdfplumber_tables": child_pdfplumber_tables,
    "shailoo_parse": child_shailoo_parse,
    "python_docx": child_python_docx,
    "shailoo_read": child_shailoo_read,
    "cli_parse": child_cli_parse,
    "terms_warm": child_terms_warm,
    "terms_cold": child_terms_cold,
    "dateparser": child_dateparser,
    "check": child_check,
}


def child_main(arg: str) -> int:
    import resource

    spec = json.loads(arg)
    res = CHILD[spec["what"]](spec)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    try:  # VmHWM: this program's own peak (ru_maxrss can carry the parent's from before exec)
        peak = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        peak = None
    res.update(peak_mib=peak if peak is not None else ru.ru_maxrss / 1024, ru_maxrss_mib=ru.ru_maxrss / 1024,
               self_cpu_s=ru.ru_utime + ru.ru_stime)
    print(json.dumps(res, ensure_ascii=False))
    return 0


# =========================================================================== the machine


def busy_cpu_s() -> float | None:
    """CPU seconds the whole machine has been busy since boot (/proc/stat; None elsewhere)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal [guest guest_nice: already counted in user/nice]
    busy = v[0] + v[1] + v[2] + sum(v[5:8])
    return busy / os.sysconf("SC_CLK_TCK")


def pinned_core() -> int | None:
    """The core measurements are pinned to: the first this process may use (None: no pinning)."""
    if not sys.platform.startswith("linux") or not shutil.which("taskset"):
        return None
    try:
        return min(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return 0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str | None:
    try:
        r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() or None if r.returncode == 0 else None


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("shailoo", "pdfplumber", "pypdfium2", "python-docx", "spacy", "dateparser"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def machine_info(core: int | None) -> dict:
    try:
        mem = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0]) // 1024
    except (OSError, IndexError, ValueError):
        mem = None
    try:
        affinity = sorted(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "cpu_model": cpu_model(), "cores": os.cpu_count(),
            "affinity": affinity, "pinned_core": core,
            "pinning": f"taskset -c {core}" if core is not None else "none", "mem_total_mib": mem,
            "git_commit": git_commit(), "versions": versions()}


# =========================================================================== running children


class Harness:
    def __init__(self, core: int | None, repeat: int, wait_quiet: float = 0.0, log=print):
        self.core, self.repeat, self.wait_quiet, self.log = core, max(1, repeat), wait_quiet, log
        self.ncpu = os.cpu_count() or 1
        try:
            self.tick = 1 / os.sysconf("SC_CLK_TCK")
        except (AttributeError, ValueError, OSError):
            self.tick = 0.01

    def command(self, argv: list[str]) -> list[str]:
        return ["taskset", "-c", str(self.core), *argv] if self.core is not None else argv

    def quiet(self) -> float:
        """Wait (up to ``wait_quiet`` s) until the rest of the machine uses at most 5 % of it; the seconds waited."""
        if self.wait_quiet <= 0 or busy_cpu_s() is None:
            return 0.0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < self.wait_quiet:
            b0, s0 = busy_cpu_s(), time.perf_counter()
            time.sleep(1.0)
            if busy_cpu_s() - b0 <= OTHER_CPU_SHARE * (time.perf_counter() - s0) * self.ncpu + self.tick * self.ncpu:
                break
        return time.perf_counter() - t0

    def watched(self, argv: list[str], extra_env: dict | None = None) -> tuple[subprocess.CompletedProcess, dict]:
        """Run ``argv`` (pinned, ``extra_env`` added to the environment); return it and wall seconds, its CPU
        and the rest of the machine's CPU."""
        import resource

        waited = self.quiet()

        env = dict(os.environ, OMP_NUM_THREADS="1",
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(extra_env or {}))
        ch0, me0 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        busy0 = busy_cpu_s()
        t0 = time.perf_counter()
        r = subprocess.run(self.command(argv), cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        busy1 = busy_cpu_s()
        ch1, me1 = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        child_cpu = (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        own_cpu = (me1.ru_utime + me1.ru_stime) - (me0.ru_utime + me0.ru_stime)
        w = {"wall_s": wall, "child_cpu_s": child_cpu}
        if self.wait_quiet > 0:
            w["waited_for_quiet_s"] = round(waited, 1)
        if busy0 is None or busy1 is None:
            w.update(other_cpu_s=None, valid=True, note="no /proc/stat: the rest of the machine not watched")
            return r, w
        other = max(0.0, busy1 - busy0 - child_cpu - own_cpu)
        # /proc/stat counts in clock ticks: allow two ticks per CPU of rounding besides the 5 %
        allowed = OTHER_CPU_SHARE * wall * self.ncpu + 2 * self.tick * self.ncpu
        w.update(other_cpu_s=other, other_cpu_allowed_s=allowed, valid=other <= allowed)
        if other > allowed:
            w["note"] = (f"other programs used {other:.2f} CPU s during {wall:.2f} s "
                         f"({100 * other / (wall * self.ncpu):.0f} % of the machine's {self.ncpu} CPUs, "
                         f"more than {100 * OTHER_CPU_SHARE:.0f} %)")
        return r, w

    def child(self, spec: dict) -> dict:
        """Best of ``repeat`` fresh processes measuring ``spec`` (see ``best``)."""
        runs = []
        for _ in range(self.repeat):
            r, w = self.watched([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)])
            if r.returncode != 0:
                return {"error": (r.stderr or r.stdout)[-3000:], "valid": False,
                        "note": f"the measuring process failed (exit {r.returncode})"}
            res = json.loads(r.stdout.strip().splitlines()[-1])
            if "skipped" in res:
                return res
            res.update(w)
            runs.append(res)
        return self.best(runs)

    @staticmethod
    def best(runs: list[dict]) -> dict:
        """The fastest of the valid runs (of all of them when none is valid), with every run's seconds."""
        pool = [x for x in runs if x.get("valid", True)] or runs
        best = dict(min(pool, key=lambda x: x["seconds"]))
        best["runs_seconds"] = [x["seconds"] for x in runs]
        best["runs_valid"] = [x.get("valid", True) for x in runs]
        return best

    def cli_startup(self) -> dict:
        """``shailoo --version`` as a subprocess, wall time, best of max(3, repeat)."""
        script = Path(sys.executable).parent / "shailoo"
        argv = [str(script), "--version"] if script.exists() else [sys.executable, "-m", "shailoo", "--version"]
        runs = []
        for _ in range(max(STARTUP_RUNS, self.repeat)):
            r, w = self.watched(argv)
            if r.returncode != 0:
                return {"error": (r.stderr or r.stdout)[-3000:], "valid": False,
                        "note": f"`{' '.join(argv)}` failed (exit {r.returncode})"}
            runs.append(w | {"seconds": w["wall_s"], "output": r.stdout.strip()})
        best = self.best(runs)
        best["command"] = " ".join(self.command(argv))
        return best

    # ------------------------------------------------------------------ start-up (issue 22)

    @staticmethod
    def startup_env() -> dict:
        """How a user's installation starts: with its modules' bytecode written (a checkout run with
        PYTHONDONTWRITEBYTECODE=1 would compile every module in every process), kept out of the tree."""
        return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(OUT / "pycache")}

    def new_processes(self, argv: list[str], empty_cache: bool = False) -> dict:
        """Wall seconds of ``argv`` as a new process, best of max(3, repeat), after one run that is not
        measured (it writes the bytecode and shailoo's cache). ``empty_cache``: every measured run gets an
        empty SHAILOO_CACHE_DIR, as the first run after an installation or a change of the corpus."""
        import tempfile

        env = self.startup_env()
        r, _ = self.watched(argv, env)
        if r.returncode != 0:
            return {"error": (r.stderr or r.stdout)[-3000:], "valid": False,
                    "note": f"`{' '.join(argv)}` failed (exit {r.returncode})"}
        runs = []
        for _ in range(max(STARTUP_RUNS, self.repeat)):
            with tempfile.TemporaryDirectory(prefix="shailoo-cache-") as d:
                r, w = self.watched(argv, env | ({"SHAILOO_CACHE_DIR": d} if empty_cache else {}))
            if r.returncode != 0:
                return {"error": (r.stderr or r.stdout)[-3000:], "valid": False,
                        "note": f"`{' '.join(argv)}` failed (exit {r.returncode})"}
            runs.append(w | {"seconds": w["wall_s"], "cpu_s": w["child_cpu_s"]})
        best = self.best(runs)
        best["command"] = " ".join(self.command(argv))
        best["cache"] = "empty" if empty_cache else "warm"
        return best

    def importtime(self, argv: list[str]) -> dict:
        """``python -X importtime`` of ``argv`` (a ``python`` command line; one run, after the measured
        ones): every module's own and cumulative import time, the ``IMPORTTIME_TOP`` slowest by their own
        time, and the total per top-level package (shailoo's folders apart)."""
        r, w = self.watched([argv[0], "-X", "importtime", *argv[1:]], self.startup_env())
        if r.returncode != 0:
            return {"error": (r.stderr or r.stdout)[-3000:], "valid": False,
                    "note": f"`{' '.join(argv)}` failed (exit {r.returncode})"}
        rows = parse_importtime(r.stderr)
        packages: dict[str, int] = {}
        for name, own, _ in rows:
            top = ".".join(name.split(".")[:2]) if name.startswith("shailoo.") else name.split(".")[0]
            packages[top] = packages.get(top, 0) + own
        top = sorted(rows, key=lambda x: -x[1])[:IMPORTTIME_TOP]
        return w | {"seconds": sum(own for _, own, _ in rows) / 1e6, "modules": len(rows),
                    "top_self": [{"module": n, "self_s": own / 1e6, "cumulative_s": cum / 1e6} for n, own, cum in top],
                    "by_package_s": {k: v / 1e6 for k, v in sorted(packages.items(), key=lambda kv: -kv[1])[:20]},
                    "command": " ".join(self.command(argv))}


def parse_importtime(stderr: str) -> list[tuple[str, int, int]]:
    """(module, own µs, cumulative µs) of every line ``python -X importtime`` wrote."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            own, cum, name = line[len("import time:"):].split("|")
            rows.append((name.strip(), int(own), int(cum)))
        except ValueError:
            continue
    return rows


# =========================================================================== inputs


def sha256_short(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def big_inputs(rebuild: bool, log=print) -> tuple[Path, Path]:
    pdf, docx = OUT / f"plan{FULL_PAGES}.pdf", OUT / f"plan{FULL_PAGES}.docx"
    if rebuild or not pdf.exists() or not docx.exists():
        log(f"building {rel(pdf)} and {rel(docx)} ({FULL_PAGES} pages) with LibreOffice ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_big_pdf.py"), "--pages", str(FULL_PAGES),
                        "--out", str(pdf), "--docx-out", str(docx)], check=True, cwd=ROOT,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return pdf, docx


def quick_inputs(pdf: Path, docx: Path, rebuild: bool, log=print) -> tuple[Path, Path]:
    """The first QUICK_PAGES pages of the big PDF, and the big DOCX cut to the same share of its rows."""
    qpdf, qdocx = OUT / f"plan{FULL_PAGES}_first{QUICK_PAGES}.pdf", OUT / f"plan{FULL_PAGES}_first{QUICK_PAGES}.docx"
    if rebuild or not qpdf.exists() or qpdf.stat().st_mtime < pdf.stat().st_mtime:
        import pypdfium2 as pdfium

        src = pdfium.PdfDocument(str(pdf))
        new = pdfium.PdfDocument.new()
        new.import_pages(src, list(range(min(QUICK_PAGES, len(src)))))
        new.save(str(qpdf))
        new.close()
        src.close()
        log(f"wrote {rel(qpdf)} (the first {QUICK_PAGES} pages of {rel(pdf)})", flush=True)
    if rebuild or not qdocx.exists() or qdocx.stat().st_mtime < docx.stat().st_mtime:
        import docx as python_docx

        d = python_docx.Document(str(docx))
        for tb in d.tables:
            keep = max(1, round(len(tb.rows) * QUICK_PAGES / FULL_PAGES))
            for row in list(tb.rows)[keep:]:
                tb._tbl.remove(row._tr)
        d.save(str(qdocx))
        log(f"wrote {rel(qdocx)} ({rel(docx)} cut to {QUICK_PAGES}/{FULL_PAGES} of its table rows)", flush=True)
    return qpdf, qdocx


def big_pdf(pages: int, source: Path, rebuild: bool, log=print) -> Path:
    """A table PDF of ``pages`` pages: the pages of ``source`` (the 220-page plan) again and again, copied
    by pypdfium2 (no LibreOffice); cached."""
    path = OUT / f"plan{pages}.pdf"
    if not rebuild and path.exists() and path.stat().st_mtime >= source.stat().st_mtime:
        return path
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(source))
    new = pdfium.PdfDocument.new()
    n = len(src)
    while len(new) < pages:
        new.import_pages(src, list(range(min(n, pages - len(new)))))
    new.save(str(path))
    new.close()
    src.close()
    log(f"wrote {rel(path)} ({pages} pages: the pages of {rel(source)} again and again)", flush=True)
    return path


def big_text(mb: int, rebuild: bool, log=print) -> Path:
    """A text plan of ``mb`` MB: the seed 001 text's header once, then its table rows again and again,
    numbered on (1., 2., … 374 000.), as a large plan copied out of Word would read; cached."""
    path = OUT / f"plan_text_{mb}MB.txt"
    seed = FIX / "text" / "seed001.txt"
    if not rebuild and path.exists() and path.stat().st_mtime >= seed.stat().st_mtime:
        return path
    log(f"writing {rel(path)} ({mb} MB of plan rows) ...", flush=True)
    lines = seed.read_text(encoding="utf-8").split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("№\t"))
    rows = [line for line in lines[head + 1:] if "\t" in line]
    number = re.compile(r"^(\d+)\.\t")
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines[:head + 1]) + "\n")
        while fh.tell() < mb * 1_000_000:
            for line in rows:
                m = number.match(line)
                if m:
                    n += 1
                    line = f"{n}.\t{line[m.end():]}"
                fh.write(line + "\n")
    return path


def term_strings(n: int, rebuild: bool, log=print) -> dict:
    """``n`` term strings by ``bench_terms.build`` (in a child process: it parses the text fixtures), cached."""
    path = OUT / f"terms_{n}_seed{TERMS_SEED}.json"
    if rebuild or not path.exists():
        log(f"generating {n} term strings (bench_terms.build) ...", flush=True)
        code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from bench_terms import build; "
                "s = build(int(sys.argv[2]), int(sys.argv[3])); "
                "open(sys.argv[4], 'w', encoding='utf-8').write(json.dumps({'strings': s}, ensure_ascii=False))")
        subprocess.run([sys.executable, "-c", code, str(HERE), str(n), str(TERMS_SEED), str(path)], check=True,
                       cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    strings = json.loads(path.read_text(encoding="utf-8"))["strings"]
    digest = hashlib.sha256("\n".join(strings).encode("utf-8")).hexdigest()[:16]
    return {"path": str(path), "file": rel(path), "n": len(strings), "distinct": len(set(strings)),
            "seed": TERMS_SEED, "sha256": digest}


def has_pdf_engine() -> bool:
    """Whether ``shailoo.parse`` takes ``pdf_engine`` (asked in a subprocess: this one stays light)."""
    code = "import inspect, shailoo; print('pdf_engine' in inspect.signature(shailoo.parse).parameters)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return r.stdout.strip() == "True"


# =========================================================================== the report


def _get(m: dict, name: str, key: str):
    r = m.get(name) or {}
    if "skipped" in r or "error" in r:
        return None
    return r.get(key)


def _div(a, b):
    return a / b if a is not None and b else None


def figures(m: dict) -> dict:
    """The headline figures and ratios from the raw measurements (None where a part did not run)."""
    f: dict = {}
    pages = _get(m, "pdf.shailoo", "pages") or _get(m, "pdf.pdfplumber_tables", "pages") \
        or _get(m, "pdf.pypdfium2_text", "pages")
    for name in ("pdf.pypdfium2_text", "pdf.pdfplumber_tables", "pdf.shailoo", "pdf.shailoo_pdfplumber"):
        key = name.split(".", 1)[1]
        f[f"{key}_pages_per_s"] = _div(_get(m, name, "pages"), _get(m, name, "seconds"))
    for name in ("pdf.shailoo", "pdf.shailoo_pdfplumber"):
        key = name.split(".", 1)[1]
        f[f"{key}_startup_s"] = _get(m, name, "startup_s")
        f[f"{key}_cold_total_s"] = _get(m, name, "cold_total_s")
        f[f"{key}_cold_pages_per_s"] = _div(_get(m, name, "pages"), _get(m, name, "cold_total_s"))
    f["pdf_pages"] = pages
    f["pdf_vs_pdfplumber_tables"] = _div(f["shailoo_pages_per_s"], f["pdfplumber_tables_pages_per_s"])
    f["pdf_vs_pypdfium2_text"] = _div(f["shailoo_pages_per_s"], f["pypdfium2_text_pages_per_s"])
    f["pdf_cold_vs_pdfplumber_tables"] = _div(f["shailoo_cold_pages_per_s"], f["pdfplumber_tables_pages_per_s"])
    f["pdf_ref_vs_pdfplumber_tables"] = _div(f["shailoo_pdfplumber_pages_per_s"], f["pdfplumber_tables_pages_per_s"])
    f["pdf_ref_vs_pypdfium2_text"] = _div(f["shailoo_pdfplumber_pages_per_s"], f["pypdfium2_text_pages_per_s"])
    f["pdf_default_vs_ref_engine"] = _div(f["shailoo_pages_per_s"], f["shailoo_pdfplumber_pages_per_s"])
    f["pdf_peak_mib"] = _get(m, "pdf.shailoo", "peak_mib")
    f["pdf_activities"] = _get(m, "pdf.shailoo", "activities")
    f["pdf_ref_activities"] = _get(m, "pdf.shailoo_pdfplumber", "activities")
    f["python_docx_s"] = _get(m, "docx.python_docx", "seconds")
    f["docx_shailoo_s"] = _get(m, "docx.shailoo", "seconds")
    f["docx_startup_s"] = _get(m, "docx.shailoo", "startup_s")
    f["docx_vs_python_docx"] = _div(f["docx_shailoo_s"], f["python_docx_s"])
    f["docx_read_s"] = _get(m, "docx.shailoo_read", "seconds")
    f["docx_read_vs_python_docx"] = _div(f["docx_read_s"], f["python_docx_s"])
    read_s, parse_s = f["docx_read_s"], f["docx_shailoo_s"]
    f["docx_after_read_share"] = (parse_s - read_s) / parse_s if read_s is not None and parse_s else None
    # the 200 MB text with the default limits: read (exit 0) or refused by a limit (exit 2, the limit named)
    big = m.get("memory.text_default") or {}
    limit = re.search(r"exceeds the limit (\w+)=", big.get("refused") or "")
    f["text_refused_by"] = limit.group(1) if limit and big.get("exit_code") == 2 else None
    ok = big.get("exit_code") == 0 or f["text_refused_by"] is not None
    f["text_refused_peak_mib"] = _get(m, "memory.text_default", "peak_mib") if ok else None
    f["text_read_big_peak_mib"] = _get(m, "memory.text_read_big", "peak_mib")
    for name in ("text_parse", "text_parse_small", "text_parse_big"):
        peak = f[f"{name}_peak_mib"] = _get(m, f"memory.{name}", "peak_mib")
        base = _get(m, f"memory.{name}", "rss_after_startup_mib")
        f[f"{name}_mib_per_mb"] = _div(peak - base if peak is not None and base is not None else None,
                                       _get(m, f"memory.{name}", "input_mb"))
    # the long PDF with the default limits: read (exit 0) or refused by a limit; with the limits raised: read
    big = m.get("memory.pdf_default") or {}
    limit = re.search(r"exceeds the limit (\w+)=", big.get("refused") or "")
    f["pdf_big_refused_by"] = limit.group(1) if limit and big.get("exit_code") == 2 else None
    ok = big.get("exit_code") == 0 or f["pdf_big_refused_by"] is not None
    f["pdf_big_refused_peak_mib"] = _get(m, "memory.pdf_default", "peak_mib") if ok else None
    read = _get(m, "memory.pdf_big", "exit_code") == 0
    f["pdf_big_peak_mib"] = _get(m, "memory.pdf_big", "peak_mib") if read else None
    base = _get(m, "memory.pdf_big", "rss_after_startup_mib")
    f["pdf_big_kib_per_page"] = _div(1024 * (f["pdf_big_peak_mib"] - base) if f["pdf_big_peak_mib"] is not None
                                     and base is not None else None, _get(m, "memory.pdf_big", "pages"))
    f["terms_warm_per_s"] = _get(m, "terms.warm", "terms_per_s")
    f["terms_cold_per_s"] = _get(m, "terms.cold", "terms_per_s")
    f["dateparser_per_s"] = _get(m, "terms.dateparser", "strings_per_s")
    f["terms_vs_dateparser"] = _div(f["terms_warm_per_s"], f["dateparser_per_s"])
    f["terms_cold_vs_dateparser"] = _div(f["terms_cold_per_s"], f["dateparser_per_s"])
    f["check_first_s"] = _get(m, "check.check", "check_first_s")
    f["check_warm_s"] = _get(m, "check.check", "check_warm_s")
    f["cli_startup_s"] = _get(m, "check.cli_startup", "seconds")
    f["python_bare_s"] = _get(m, "check.python_bare", "seconds")
    f["startup_parse_s"] = _get(m, "check.startup_parse", "seconds")
    f["cli_check_cold_s"] = _get(m, "check.cli_check", "seconds")
    f["cli_check_empty_cache_s"] = _get(m, "check.cli_check_empty_cache", "seconds")
    f["startup_parse_vs_python"] = _div(f["startup_parse_s"], f["python_bare_s"])
    f["cli_check_vs_python"] = _div(f["cli_check_cold_s"], f["python_bare_s"])
    f["import_s"] = _get(m, "check.importtime", "seconds")
    return f


# which measurements a target's figure comes from (its validity is theirs)
TARGET_SOURCES = {
    "pdf_vs_pdfplumber_tables": ["pdf.shailoo", "pdf.pdfplumber_tables"],
    "pdf_peak_mib": ["pdf.shailoo"],
    "docx_vs_python_docx": ["docx.shailoo", "docx.python_docx"],
    "text_refused_peak_mib": ["memory.text_default"],
    "pdf_big_refused_peak_mib": ["memory.pdf_default"],
    "pdf_big_peak_mib": ["memory.pdf_big"],
    "terms_warm_per_s": ["terms.warm"],
    "terms_vs_dateparser": ["terms.warm", "terms.dateparser"],
    "check_first_s": ["check.check"],
    "check_warm_s": ["check.check"],
    "cli_startup_s": ["check.cli_startup"],
    "startup_parse_s": ["check.startup_parse"],
    "cli_check_cold_s": ["check.cli_check"],
}

_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">": lambda a, b: a > b}


def build_report(measurements: dict, machine: dict, inputs: dict, options: dict, when: str | None = None) -> dict:
    """The JSON report: raw measurements, figures, ratios, one pass/fail entry per target, validity."""
    figs = figures(measurements)
    checks = []
    for key, label, unit, op, target in TARGETS:
        value = figs.get(key)
        sources = [measurements.get(s) for s in TARGET_SOURCES[key]]
        ran = [s for s in sources if s is not None]
        skipped = [s.get("skipped") for s in ran if "skipped" in s]
        if value is None:
            status = "SKIP" if (skipped or not ran) else "ERROR"
            passed = None
        else:
            passed = _OPS[op](value, target)
            status = "PASS" if passed else "FAIL"
        valid = all(s.get("valid", True) for s in ran)
        entry = {"key": key, "label": label, "value": value, "unit": unit, "op": op, "target": target,
                 "pass": passed, "status": status, "valid": valid, "from": TARGET_SOURCES[key]}
        if value is None:
            entry["reason"] = "; ".join(skipped) or ("not run" if not ran else "the measurement failed")
        checks.append(entry)
    invalid = {name: r.get("note", "") for name, r in measurements.items() if r and not r.get("valid", True)}
    skipped = {name: r["skipped"] for name, r in measurements.items() if r and "skipped" in r}
    errors = {name: r["error"] for name, r in measurements.items() if r and "error" in r}
    return {
        "schema": SCHEMA,
        "when": when or dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": "quick" if options.get("quick") else "full",
        "options": options,
        "machine": machine,
        "inputs": inputs,
        "notes": [
            "Each measurement is a fresh process pinned to one core; its timed part excludes imports.",
            "shailoo start-up (import + parsing a tiny fixture of the same format, not seed 001) is "
            "startup_s, apart; pages/s is the timed parse of the big file; cold_total_s = start-up + parse.",
            "peak_mib is the process's own VmHWM (ru_maxrss is kept as ru_maxrss_mib).",
            f"valid is false when other programs used more than {100 * OTHER_CPU_SHARE:.0f} % of the machine "
            "(busy CPU in /proc/stat minus the measured process's own rusage) during the measurement.",
            "Best of --repeat runs: the fastest valid run (the fastest of all when none is valid).",
        ],
        "measurements": measurements,
        "figures": figs,
        "checks": checks,
        "passed": all(c["pass"] for c in checks if c["pass"] is not None),
        "valid": not invalid and not errors,
        "invalid": invalid,
        "skipped": skipped,
        "errors": errors,
    }


def _num(v, unit: str = "") -> str:
    if v is None:
        return "-"
    if unit == "x":
        return f"{v:.3f}x" if v < 0.1 else f"{v:.2f}x"
    if unit == "s":
        return f"{v:.3f} s" if v < 10 else f"{v:.1f} s"
    if unit in ("pages/s", "terms/s", "strings/s"):
        return f"{v:,.0f} {unit}" if v >= 1000 else f"{v:.1f} {unit}"
    if unit == "MiB":
        return f"{v:.0f} MiB"
    return f"{v:.3g} {unit}".strip()


def _target(c: dict) -> str:
    t, unit = c["target"], c["unit"]
    v = f"{t:,.0f}" if t >= 1000 else f"{t:g}"
    return f"{c['op']} {v}{'x' if unit == 'x' else '/s' if unit.endswith('/s') else ' ' + unit}"


def render(report: dict) -> str:
    """The stdout table: every figure, with its target and PASS/FAIL where it has one."""
    m, f, mach = report["measurements"], report["figures"], report["machine"]
    checks = {c["key"]: c for c in report["checks"]}
    lines = [f"shailoo benchmarks ({report['mode']}), {report['when']}",
             f"  {mach.get('cpu_model')}, {mach.get('cores')} CPUs, measured on one core "
             f"({mach.get('pinning')}), Python {mach.get('python')}, commit {(mach.get('git_commit') or '?')[:12]}",
             "", f"  {'figure':<46} {'value':>16} {'target':>10} {'result':>6} {'peak':>8} {'other CPU':>10}"]

    def row(label, value="", target="", result="", name=None, unit=""):
        r = m.get(name) or {}
        peak = f"{r['peak_mib']:.0f} MiB" if r.get("peak_mib") is not None else ""
        other = f"{r['other_cpu_s']:.2f} s" if r.get("other_cpu_s") is not None else ""
        if r and not r.get("valid", True):
            other += "!"
        lines.append(f"  {label:<46} {value:>16} {target:>10} {result:>6} {peak:>8} {other:>10}".rstrip())

    def target_row(key, label=None, name=None):
        c = checks[key]
        res = c["status"] + ("" if c["valid"] else "*")
        val = _num(c["value"], c["unit"]) if c["value"] is not None else c.get("reason", "-")[:16]
        row(label or c["label"], val, _target(c), res, name=name)

    def skipped_or(name, label, fn):
        r = m.get(name)
        if r is None:
            return
        if "skipped" in r:
            row(label, "skipped")
            lines.append(f"      ({r['skipped']})")
        elif "error" in r:
            row(label, "ERROR")
        else:
            fn(r)

    if any(k.startswith("pdf.") for k in m):
        pages = f.get("pdf_pages")
        inp = report["inputs"].get("pdf", {})
        lines.append(f"  PDF: {inp.get('file', '?')}, {pages} pages")
        skipped_or("pdf.pypdfium2_text", "  pypdfium2 plain text", lambda r: row(
            "  pypdfium2 plain text", _num(f["pypdfium2_text_pages_per_s"], "pages/s"), name="pdf.pypdfium2_text"))
        skipped_or("pdf.pdfplumber_tables", "  pdfplumber page.extract_tables()", lambda r: row(
            "  pdfplumber page.extract_tables()", _num(f["pdfplumber_tables_pages_per_s"], "pages/s"),
            name="pdf.pdfplumber_tables"))
        for name, key, label in (("pdf.shailoo", "shailoo", "shailoo.parse, default engine"),
                                 ("pdf.shailoo_pdfplumber", "shailoo_pdfplumber",
                                  "shailoo.parse, pdf_engine=\"pdfplumber\"")):
            def show(r, key=key, label=label, name=name):
                row(f"  {label}", _num(f[f"{key}_pages_per_s"], "pages/s"), name=name)
                row("    start-up (import + tiny parse)", _num(r["startup_s"], "s"))
                row("    cold total (start-up + parse)", _num(r["cold_total_s"], "s"))
                row("    cold pages/s (pages / cold total)", _num(f[f"{key}_cold_pages_per_s"], "pages/s"))
            skipped_or(name, f"  {label}", show)
        if "pdf.shailoo" in m:
            target_row("pdf_vs_pdfplumber_tables", "  shailoo / pdfplumber tables")
            row("  shailoo / pypdfium2 text", _num(f["pdf_vs_pypdfium2_text"], "x"))
            if f.get("pdf_default_vs_ref_engine") is not None:
                row("  default engine / pdfplumber engine", _num(f["pdf_default_vs_ref_engine"], "x"))
                row("  pdfplumber engine / pdfplumber tables", _num(f["pdf_ref_vs_pdfplumber_tables"], "x"))
                same = f["pdf_activities"] == f["pdf_ref_activities"]
                row("  activities: default / pdfplumber engine",
                    f"{f['pdf_activities']} / {f['pdf_ref_activities']}", "equal", "ok" if same else "DIFFER")
            target_row("pdf_peak_mib", "  peak memory, shailoo.parse")
    if any(k.startswith("docx.") for k in m):
        inp = report["inputs"].get("docx", {})
        lines.append(f"  DOCX: {inp.get('file', '?')} (the same plan table)")
        skipped_or("docx.python_docx", "  python-docx, text of every cell", lambda r: row(
            "  python-docx, text of every cell", _num(r["seconds"], "s"), name="docx.python_docx"))
        skipped_or("docx.shailoo", "  shailoo.parse", lambda r: (
            row("  shailoo.parse", _num(r["seconds"], "s"), name="docx.shailoo"),
            row("    start-up (import + tiny parse)", _num(r["startup_s"], "s"))))
        skipped_or("docx.shailoo_read", "  shailoo reader alone (blocks)", lambda r: row(
            "  shailoo reader alone (blocks)", _num(r["seconds"], "s"), name="docx.shailoo_read"))
        if "docx.shailoo" in m:
            target_row("docx_vs_python_docx", "  shailoo / python-docx time")
        if f.get("docx_read_vs_python_docx") is not None:
            row("  reader alone / python-docx time", _num(f["docx_read_vs_python_docx"], "x"))
        if f.get("docx_after_read_share") is not None:
            row("  share of shailoo.parse after reading", f"{100 * f['docx_after_read_share']:.0f} %")
    if any(k.startswith("terms.") for k in m):
        inp = report["inputs"].get("terms", {})
        lines.append(f"  terms: {inp.get('n', '?')} strings ({inp.get('distinct', '?')} distinct)")
        skipped_or("terms.warm", "  parse_terms warm", lambda r: target_row(
            "terms_warm_per_s", "  parse_terms warm (cell caches)", name="terms.warm"))
        skipped_or("terms.cold", "  parse_terms cold (grammar only)", lambda r: row(
            "  parse_terms cold (grammar only)", _num(f["terms_cold_per_s"], "terms/s"), name="terms.cold"))
        skipped_or("terms.dateparser", "  dateparser.parse(ru, ky)", lambda r: row(
            f"  dateparser.parse(ru, ky), {r['sample']} sample", _num(r["strings_per_s"], "strings/s"),
            name="terms.dateparser"))
        if "terms.dateparser" in m:
            target_row("terms_vs_dateparser", "  warm / dateparser")
            if f.get("terms_cold_vs_dateparser") is not None:
                row("  cold / dateparser", _num(f["terms_cold_vs_dateparser"], "x"))
    if any(k.startswith("check.") for k in m):
        lines.append("  check: seed 001 plan (fixtures/docx/seed001.docx)")
        skipped_or("check.check", "  check", lambda r: (
            row("  start-up (import + parse seed 001)", _num(r["startup_s"], "s"), name="check.check"),
            target_row("check_first_s", "  shailoo.rules.check.check, first call"),
            target_row("check_warm_s", f"  shailoo.rules.check.check, best of {r['warm_calls']} warm")))
        skipped_or("check.cli_startup", "  shailoo --version", lambda r: target_row(
            "cli_startup_s", f"  shailoo --version (best of {len(r['runs_seconds'])})"))
        skipped_or("check.python_bare", "  python -c pass", lambda r: row(
            "  python -c pass (the anchor)", _num(r["seconds"], "s"), name="check.python_bare"))
        skipped_or("check.startup_parse", "  import shailoo + parse tiny", lambda r: (
            target_row("startup_parse_s", f"  import + parse {STARTUP_TINY.name}", name="check.startup_parse"),
            row(f"    CPU {_num(r.get('cpu_s'), 's')}; / python -c pass", _num(f.get("startup_parse_vs_python"), "x"))))
        skipped_or("check.cli_check", "  shailoo check seed 001", lambda r: (
            target_row("cli_check_cold_s", "  shailoo check seed001.docx (cache warm)", name="check.cli_check"),
            row(f"    CPU {_num(r.get('cpu_s'), 's')}; / python -c pass", _num(f.get("cli_check_vs_python"), "x"))))
        skipped_or("check.cli_check_empty_cache", "  shailoo check seed 001, empty cache", lambda r: (
            row("  shailoo check seed001.docx, empty cache", _num(r["seconds"], "s"),
                name="check.cli_check_empty_cache"),
            row(f"    CPU {_num(r.get('cpu_s'), 's')}")))
        skipped_or("check.importtime", "  python -X importtime", lambda r: (
            row(f"  its imports (-X importtime, {r['modules']} modules)", _num(r["seconds"], "s"),
                name="check.importtime"),
            [lines.append(f"      {x['self_s'] * 1000:6.1f} ms own {x['cumulative_s'] * 1000:7.1f} ms with imports  "
                          f"{x['module']}") for x in r["top_self"]]))
    if any(k.startswith("memory.") for k in m):
        inp = report["inputs"].get("memory", {})
        lines.append(f"  memory: plan text files ({inp.get('big', '?')}, {inp.get('parse', '?')})")
        skipped_or("memory.text_default", "  200 MB text, default limits", lambda r: (
            target_row("text_refused_peak_mib", "  200 MB text, default limits", name="memory.text_default"),
            lines.append(f"      ({(r.get('refused') or 'not refused').split(': ', 3)[-1][:110]})")))
        skipped_or("memory.text_read_big", "  200 MB text, limits raised: read", lambda r: row(
            "  200 MB text, limits raised: reader alone", _num(r["seconds"], "s"), name="memory.text_read_big"))
        for name in ("text_parse_small", "text_parse", "text_parse_big"):
            skipped_or(f"memory.{name}", "  text, limits raised: parse -o JSON", lambda r, name=name: (
                row(f"  {r['input_mb']:.0f} MB text, limits raised: parse -o JSON", _num(r["seconds"], "s"),
                    name=f"memory.{name}"),
                row("    peak above start-up, per MB of text", f"{f[name + '_mib_per_mb']:.1f} MiB/MB"
                    if f.get(name + "_mib_per_mb") is not None else "-")))
        if "memory.pdf_default" in m or "memory.pdf_big" in m:
            lines.append(f"  memory: long table PDF ({inp.get('pdf', '?')})")
        skipped_or("memory.pdf_default", "  long PDF, default limits", lambda r: (
            target_row("pdf_big_refused_peak_mib", f"  {r.get('pages', '?')} pages, default limits",
                       name="memory.pdf_default"),
            lines.append(f"      ({(r.get('refused') or 'not refused').split(': ', 3)[-1][:110]})")))
        skipped_or("memory.pdf_big", "  long PDF, limits raised", lambda r: (
            target_row("pdf_big_peak_mib", f"  {r.get('pages', '?')} pages, limits raised: parse -o JSON",
                       name="memory.pdf_big"),
            row(f"    {r.get('json_mb', 0):.0f} MB of JSON written in", _num(r["seconds"], "s")),
            row("    peak above start-up, per page", f"{f['pdf_big_kib_per_page']:.0f} KiB/page"
                if f.get("pdf_big_kib_per_page") is not None else "-")))
    # a measurement row shows its own peak/other CPU; the target rows refer back to them
    lines.append("")
    lines.append("  pages/s and seconds exclude imports and shailoo's start-up, which is shown apart; "
                 "peak = the process's VmHWM;")
    lines.append("  other CPU = what the rest of the machine used during that measurement (! = more than "
                 f"{100 * OTHER_CPU_SHARE:.0f} %: not valid; * on a result = from a measurement that is not valid)")
    for name, note in report["invalid"].items():
        lines.append(f"  ! {name}: {note}")
    for name, err in report["errors"].items():
        lines.append(f"  ERROR {name}: {err.strip().splitlines()[-1] if err.strip() else '?'}")
    n_fail = sum(c["status"] == "FAIL" for c in report["checks"])
    n_pass = sum(c["status"] == "PASS" for c in report["checks"])
    lines.append(f"  {n_pass} PASS, {n_fail} FAIL; results {'valid' if report['valid'] else 'NOT valid (run again on a quiet machine)'}")
    return "\n".join(lines)


# =========================================================================== main


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Run all of shailoo's speed benchmarks in one go (PDF, DOCX, terms, check, start-up); "
                    "print figures with their targets and write benchmarks/out/bench_all.json.")
    ap.add_argument("--quick", action="store_true",
                    help=f"a smoke run: the first {QUICK_PAGES} pages of the PDF (and as much of the DOCX), "
                         f"{QUICK_TERMS} term strings; not copied to benchmarks/results/")
    ap.add_argument("--only", default=",".join(SECTIONS), metavar="LIST",
                    help=f"comma-separated parts to run, of {','.join(SECTIONS)} (default: all); "
                         "check includes the `shailoo --version` start-up")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="fresh processes per measurement; the fastest valid one is kept (default 1)")
    ap.add_argument("--rebuild", action="store_true",
                    help="generate the inputs again (the 220-page PDF and DOCX need LibreOffice)")
    ap.add_argument("--out", type=Path, default=OUT / "bench_all.json", help="the JSON report to write")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="S",
                    help="before each measurement, wait up to S seconds for the rest of the machine to use "
                         "at most 5 %% of it (default 0: do not wait)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = ap.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    bad = [s for s in only if s not in SECTIONS]
    if bad or not only:
        ap.error(f"--only takes {','.join(SECTIONS)}, not {args.only!r}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    args.only = [s for s in SECTIONS if s in only]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    OUT.mkdir(exist_ok=True)
    core = pinned_core()
    h = Harness(core, args.repeat, args.wait_quiet)
    options = {"quick": args.quick, "only": args.only, "repeat": args.repeat, "rebuild": args.rebuild,
               "wait_quiet": args.wait_quiet}
    inputs: dict = {}
    m: dict = {}

    def step(name: str, spec: dict | None = None, fn=None):
        print(f"  {name} ...", end=" ", flush=True)
        t = time.perf_counter()
        m[name] = fn() if fn else h.child(spec)
        r = m[name]
        state = ("skipped" if "skipped" in r else "ERROR" if "error" in r
                 else "done" if r.get("valid", True) else "done, disturbed")
        print(f"{state} ({time.perf_counter() - t:.1f} s)", flush=True)

    if "pdf" in args.only or "docx" in args.only:
        pdf, docx = big_inputs(args.rebuild)
        if args.quick:
            pdf, docx = quick_inputs(pdf, docx, args.rebuild)
    if "pdf" in args.only:
        inputs["pdf"] = {"file": rel(pdf), "bytes": pdf.stat().st_size, "sha256": sha256_short(pdf),
                         "warmup": rel(WARMUP["pdf"])}
        for what in ("pypdfium2_text", "pdfplumber_tables"):
            step(f"pdf.{what}", {"what": what, "path": str(pdf)})
        base = {"what": "shailoo_parse", "path": str(pdf), "warmup": str(WARMUP["pdf"]),
                "warmup_rel": rel(WARMUP["pdf"])}
        step("pdf.shailoo", base)
        if has_pdf_engine():
            step("pdf.shailoo_pdfplumber", base | {"pdf_engine": "pdfplumber"})
        else:  # decided here too, so as not to wait for a quiet machine for nothing
            step("pdf.shailoo_pdfplumber", fn=lambda: {"skipped": "shailoo.parse has no pdf_engine parameter yet"})
    if "docx" in args.only:
        inputs["docx"] = {"file": rel(docx), "bytes": docx.stat().st_size, "sha256": sha256_short(docx),
                          "warmup": rel(WARMUP["docx"])}
        step("docx.python_docx", {"what": "python_docx", "path": str(docx)})
        step("docx.shailoo", {"what": "shailoo_parse", "path": str(docx), "warmup": str(WARMUP["docx"]),
                              "warmup_rel": rel(WARMUP["docx"])})
        step("docx.shailoo_read", {"what": "shailoo_read", "path": str(docx), "warmup": str(WARMUP["docx"])})
    if "terms" in args.only:
        t = term_strings(QUICK_TERMS if args.quick else FULL_TERMS, args.rebuild)
        inputs["terms"] = {k: v for k, v in t.items() if k != "path"}
        spec = {"strings": t["path"], "seed": TERMS_SEED}
        step("terms.warm", spec | {"what": "terms_warm"})
        step("terms.cold", spec | {"what": "terms_cold"})
        step("terms.dateparser", spec | {"what": "dateparser",
                                         "sample": QUICK_DATEPARSER if args.quick else FULL_DATEPARSER})
    if "check" in args.only:
        inputs["check"] = {"file": rel(PLAN), "sha256": sha256_short(PLAN)}
        step("check.check", {"what": "check", "path": str(PLAN), "warm_calls": max(CHECK_WARM_CALLS, args.repeat)})
        step("check.cli_startup", fn=h.cli_startup)
        inputs["startup"] = {"file": rel(STARTUP_TINY), "sha256": sha256_short(STARTUP_TINY)}
        tiny = [sys.executable, "-c", "import sys, shailoo; shailoo.parse(sys.argv[1])", str(STARTUP_TINY)]
        cli_check = [sys.executable, "-m", "shailoo", "check", str(PLAN)]
        step("check.python_bare", fn=lambda: h.new_processes([sys.executable, "-c", "pass"]))
        step("check.startup_parse", fn=lambda: h.new_processes(tiny))
        step("check.cli_check", fn=lambda: h.new_processes(cli_check))
        step("check.cli_check_empty_cache", fn=lambda: h.new_processes(cli_check, empty_cache=True))
        step("check.importtime", fn=lambda: h.importtime(tiny))

    if "memory" in args.only:
        big = big_text(TEXT_BIG_MB, args.rebuild)
        small = big_text(QUICK_TEXT_PARSE_MB if args.quick else TEXT_PARSE_MB, args.rebuild)
        inputs["memory"] = {"big": rel(big), "big_bytes": big.stat().st_size, "parse": rel(small),
                            "parse_bytes": small.stat().st_size, "raised_limits": TEXT_RAISED_LIMITS}
        raised = [f"{k}={v}" for k, v in TEXT_RAISED_LIMITS.items()]
        step("memory.text_default", {"what": "cli_parse", "path": rel(big), "out": str(OUT / "memory_out.json")})
        if not args.quick:  # the reader alone on 200 MB: about 30 s and 1.4 GiB
            step("memory.text_read_big", {"what": "shailoo_read", "path": rel(big), "limits": raised,
                                          "warmup": str(FIX / "text" / "seed000.txt")})
        step("memory.text_parse", {"what": "cli_parse", "path": rel(small), "out": str(OUT / "memory_out.json"),
                                   "limits": raised, "warmup": str(FIX / "text" / "seed000.txt")})
        if not args.quick:  # the slope: 2 MB, 16 MB and 200 MB (about 2 minutes and 3 GiB)
            tiny = big_text(QUICK_TEXT_PARSE_MB, args.rebuild)
            inputs["memory"] |= {"parse_small": rel(tiny), "parse_small_bytes": tiny.stat().st_size}
            step("memory.text_parse_small", {"what": "cli_parse", "path": rel(tiny),
                                             "out": str(OUT / "memory_out.json"), "limits": raised,
                                             "warmup": str(FIX / "text" / "seed000.txt")})
            step("memory.text_parse_big", {"what": "cli_parse", "path": rel(big), "out": str(OUT / "memory_out.json"),
                                           "limits": raised, "warmup": str(FIX / "text" / "seed000.txt")})
        plan, _ = big_inputs(args.rebuild)
        long_pdf = big_pdf(QUICK_BIG_PDF_PAGES if args.quick else BIG_PDF_PAGES, plan, args.rebuild)
        inputs["memory"] |= {"pdf": rel(long_pdf), "pdf_bytes": long_pdf.stat().st_size,
                             "pdf_raised_limits": PDF_RAISED_LIMITS}
        step("memory.pdf_default", {"what": "cli_parse", "path": rel(long_pdf), "out": str(OUT / "memory_out.json")})
        step("memory.pdf_big", {"what": "cli_parse", "path": rel(long_pdf), "out": str(OUT / "memory_out.json"),
                                "limits": [f"{k}={v}" for k, v in PDF_RAISED_LIMITS.items()],
                                "warmup": str(WARMUP["pdf"])})

    report = build_report(m, machine_info(core), inputs, options)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print()
    print(render(report))
    print(f"\nwrote {rel(args.out)}")
    if not args.quick and args.only == list(SECTIONS):
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.json").write_text(text, encoding="utf-8")
        print(f"copied to {rel(RESULTS / 'latest.json')} (committed: compare runs in review)")
    else:
        print("not copied to benchmarks/results/latest.json (a --quick or --only run)")
    if report["errors"]:
        return 2
    return 1 if args.strict and not report["passed"] else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(child_main(sys.argv[2]))
    sys.exit(main())
