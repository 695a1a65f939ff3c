"""Benchmark: `shailoo check` of the 77-row seed 001 plan, after start-up, and the start-up itself.

Measured in one run, each part in a fresh process (so first-use costs are counted where they fall):

* ``startup`` — ``shailoo --version`` (lazy imports: nothing heavy may load);
* ``parse`` — ``shailoo.parse`` of the DOCX fixture, cold (reader, grammars, spaCy pipeline);
* ``check`` — ``rules.check.check`` on the parsed document, first call and best of 5 warm calls.

Usage: ``python benchmarks/bench_check.py``; writes ``benchmarks/out/bench_check.json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PLAN = ROOT / "fixtures" / "docx" / "seed001.docx"

MEASURE = r'''
import json, sys, time
t0 = time.perf_counter()
import shailoo
from rules.check import check
doc = shailoo.parse(sys.argv[1])
t1 = time.perf_counter()
report = check(doc)
t2 = time.perf_counter()
warm = []
for _ in range(5):
    a = time.perf_counter(); check(doc); warm.append(time.perf_counter() - a)
print(json.dumps({"parse_s": t1 - t0, "check_first_s": t2 - t1, "check_warm_s": min(warm),
                  "activities": len(doc.activities), "findings": len(report.findings)}))
'''


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    starts = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "shailoo", "--version"], check=True, capture_output=True, cwd=ROOT)
        starts.append(time.perf_counter() - t)
    r = subprocess.run([sys.executable, "-c", MEASURE, str(PLAN)], check=True, capture_output=True, text=True, cwd=ROOT)
    res = json.loads(r.stdout.strip().splitlines()[-1])
    res["startup_s"] = min(starts)
    (OUT / "bench_check.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(f"seed 001 plan ({res['activities']} activities, {res['findings']} findings)")
    print(f"  shailoo --version      {res['startup_s']:.3f} s")
    print(f"  parse (cold)           {res['parse_s']:.3f} s")
    print(f"  check, first call      {res['check_first_s']:.3f} s")
    print(f"  check, warm            {res['check_warm_s']:.4f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
