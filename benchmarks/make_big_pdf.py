"""Benchmark input: a long calendar plan (the 001 table repeated) printed to a PDF of N pages.

Real CEC plans run to 200+ pages; the fixtures are 5–11 pages. This script builds a long plan with the
same code as the fixtures (``fixtures/build.py``: same layout, Word numbering continuing 77, 78, …,
rows breaking across pages) and prints it with LibreOffice until the PDF has ``--pages`` pages
(default 150). The output is not committed (``benchmarks/out/`` is ignored by git)::

    python benchmarks/make_big_pdf.py [--pages 150] [--out benchmarks/out/big_plan.pdf]
                                      [--docx-out benchmarks/out/big_plan.docx] [--check]

It prints the rows, pages and LibreOffice's time for each attempt; with ``--check`` it also reads the
PDF back with pdfplumber and verifies that the stitched rows are the rows written.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``fixtures`` and ``parsers`` importable
    sys.path.insert(0, str(ROOT))

from fixtures.build import (  # noqa: E402
    SPECS,
    BuildError,
    DocModel,
    check_pdf,
    convert_to_pdf,
    is_section,
    load_seed,
    verify_pdf,
    write_docx,
)

OUT_DIR = ROOT / "benchmarks" / "out"
SEED = "001"
MAX_ATTEMPTS = 6


def long_rows(body: list[list[str]], n: int) -> list[list[str]]:
    """``n`` table rows: the seed's body rows repeated, numbered on (77., 78., …) as Word will print.

    Unnumbered item rows (001's preamble) appear only in the first copy: mid-table, one printed at the
    top of a page would look exactly like a row continued from the page before.
    """
    out: list[list[str]] = []
    counter = 0
    copy = 0
    while len(out) < n:
        for cells in body:
            if len(out) >= n:
                break
            first = cells[0].strip()
            if is_section(cells):
                out.append(list(cells))
            elif first:
                counter += 1
                out.append([f"{counter}."] + list(cells[1:]))
            elif copy == 0:
                out.append(list(cells))
        copy += 1
    return out


def count_pages(pdf: Path) -> int:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pdfplumber is always there; pdfium is only faster
        import pdfplumber

        with pdfplumber.open(str(pdf)) as doc:
            return len(doc.pages)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def make(pages: int, out: Path, docx_out: Path, check: bool = False, log=print) -> tuple[int, float]:
    """Build the long plan; return (pages printed, LibreOffice seconds of the final conversion)."""
    spec = SPECS[SEED]
    seed = load_seed(SEED)
    head, body = seed.rows[: spec.header_rows], seed.rows[spec.header_rows :]

    def model(n_rows: int) -> DocModel:
        return DocModel(seed=SEED, before=seed.before, rows=head + long_rows(body, n_rows),
                        after=seed.after, rich=seed.rich)

    docx_out.parent.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="big_pdf_") as tmp:
        tmp_pdf_dir = Path(tmp)
        n_rows = len(body)
        got, seconds = 0, 0.0
        best: tuple[int, int] | None = None  # (pages, rows) of the smallest result with >= `pages`
        for attempt in range(1, MAX_ATTEMPTS + 1):
            write_docx(model(n_rows), spec, docx_out)
            seconds = convert_to_pdf([docx_out], tmp_pdf_dir)
            got = count_pages(tmp_pdf_dir / (docx_out.stem + ".pdf"))
            log(f"attempt {attempt}: {n_rows} rows -> {got} pages, LibreOffice {seconds:.1f} s")
            if got >= pages and (best is None or got < best[0]):
                best = (got, n_rows)
            if got == pages:
                break
            # Rows per page of this very document, front matter included; aim a little past the
            # target when short, since a row that does not fit starts the next page.
            per_page = n_rows / got
            step = (pages - got) * per_page
            n_rows = max(1, n_rows + (math.ceil(step) if step > 0 else math.floor(step)))
        else:
            if best is None:
                raise BuildError(f"could not reach {pages} pages in {MAX_ATTEMPTS} attempts (last: {got})")
            if got != best[0]:  # rebuild the closest result that reached the target
                n_rows = best[1]
                write_docx(model(n_rows), spec, docx_out)
                seconds = convert_to_pdf([docx_out], tmp_pdf_dir)
                got = count_pages(tmp_pdf_dir / (docx_out.stem + ".pdf"))
                log(f"final: {n_rows} rows -> {got} pages, LibreOffice {seconds:.1f} s")
        shutil.move(str(tmp_pdf_dir / (docx_out.stem + ".pdf")), out)
    if check:
        start = time.perf_counter()
        result = check_pdf(out, model(n_rows), spec)
        verify_pdf(result, model(n_rows), spec)
        log(f"check: {len(result.first_cells)} rows, {len(result.breaks)} split across pages "
            f"({time.perf_counter() - start:.1f} s with pdfplumber)")
    return got, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=150, help="pages the PDF must reach (default 150)")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "big_plan.pdf", help="the PDF to write")
    ap.add_argument("--docx-out", type=Path, default=None, help="the DOCX to write (default: next to --out)")
    ap.add_argument("--check", action="store_true", help="read the PDF back and verify its rows")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    docx_out = args.docx_out or args.out.with_suffix(".docx")
    try:
        pages, seconds = make(args.pages, args.out, docx_out, check=args.check)
    except BuildError as err:
        print(f"make_big_pdf.py: {err}", file=sys.stderr)
        return 1
    print(f"{args.out} ({args.out.stat().st_size / 1024:.0f} KiB, {pages} pages), "
          f"{docx_out} ({docx_out.stat().st_size / 1024:.0f} KiB)")
    print(f"LibreOffice: {seconds:.1f} s for {pages} pages ({pages / seconds:.1f} pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
