"""Benchmark: pages per second of `shailoo parse` on a long plan PDF, beside the floor and the reference.

In one run, on the same generated file (the seed 001 plan table repeated to N pages, built by
``make_big_pdf.py`` with LibreOffice and cached in ``benchmarks/out/``), each measured in a fresh
process on one core so that peak memory is its own:

* ``pypdfium2_text`` — pypdfium2 reading all text (the floor for reading a PDF at all);
* ``pdfplumber_tables`` — pdfplumber's bare ``extract_tables()`` on every page (what a user could write);
* ``shailoo_parse`` — the full ``shailoo.parse`` (reading, stitching, interpretation).

Prints pages/s, the ratios, peak memory, and writes ``benchmarks/out/bench_parse.json``.
Usage: ``python benchmarks/bench_parse.py [--pages 150] [--pdf FILE] [--repeat 1]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"

MEASURE = r'''
import json, resource, sys, time
path, what = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if what == "pypdfium2_text":
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    n = len(pdf)
    chars = 0
    for i in range(n):
        page = pdf[i]
        tp = page.get_textpage()
        chars += len(tp.get_text_range())
        tp.close(); page.close()
    pdf.close()
    extra = {"chars": chars}
elif what == "pdfplumber_tables":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        rows = 0
        for page in pdf.pages:
            for t in page.extract_tables():
                rows += len(t)
            page.close()
    extra = {"rows": rows}
else:
    import shailoo
    doc = shailoo.parse(path)
    n = doc.source.pages
    extra = {"activities": len(doc.activities)}
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": n, "seconds": dt, "peak_mib": peak, **extra}))
'''


def measure(path: Path, what: str) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-c", MEASURE, str(path), what]
    if sys.platform.startswith("linux"):
        cmd = ["taskset", "-c", "0", *cmd]  # one core, as the targets are stated
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    res = json.loads(r.stdout.strip().splitlines()[-1])
    res["pages_per_s"] = res["pages"] / res["seconds"]
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--pdf", type=Path, help="use this PDF instead of generating one")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is kept")
    args = ap.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    pdf = args.pdf or OUT / f"plan{args.pages}.pdf"
    if not pdf.exists():
        print(f"building {pdf} ({args.pages} pages) with LibreOffice ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_big_pdf.py"), "--pages", str(args.pages),
                        "--out", str(pdf)], check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    results = {}
    for what in ("pypdfium2_text", "pdfplumber_tables", "shailoo_parse"):
        runs = [measure(pdf, what) for _ in range(max(1, args.repeat))]
        results[what] = max(runs, key=lambda r: r["pages_per_s"])
    base = results["shailoo_parse"]["pages_per_s"]
    report = {
        "file": str(pdf.relative_to(ROOT)) if pdf.is_relative_to(ROOT) else str(pdf),
        "pages": results["shailoo_parse"]["pages"],
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                    "cores_used": 1, "cpus": os.cpu_count()},
        "results": results,
        "ratios": {
            "shailoo_vs_pypdfium2_text": base / results["pypdfium2_text"]["pages_per_s"],
            "shailoo_vs_pdfplumber_tables": base / results["pdfplumber_tables"]["pages_per_s"],
        },
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    (OUT / "bench_parse.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"{report['pages']}-page plan PDF, one core")
    for what, r in results.items():
        print(f"  {what:<18} {r['pages_per_s']:8.1f} pages/s   {r['seconds']:7.2f} s   peak {r['peak_mib']:6.0f} MiB")
    print(f"  shailoo parse / pypdfium2 text      = {report['ratios']['shailoo_vs_pypdfium2_text']:.3f}")
    print(f"  shailoo parse / pdfplumber tables   = {report['ratios']['shailoo_vs_pdfplumber_tables']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
