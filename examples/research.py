"""A researcher's session with shailoo from Python: the README's «From Python» section, runnable.

Run it from the repository's root (it reads the fixtures), optionally with a folder for what it writes::

    python examples/research.py [WORK_FOLDER]

It is tested (tests/test_api_typing.py): it runs, and ``mypy --strict`` passes on it.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import shailoo


def main(work: Path) -> None:
    # One document, typed all the way down: a pydantic model (shailoo/document@1).
    doc = shailoo.parse("fixtures/text/seed001.txt")
    print(doc.document.kind, doc.document.election_day, len(doc.activities), "activities")

    # The rules' findings on it, messages in English (ru and ky too).
    report = shailoo.check(doc, lang="en", election_day="09.10.2022")
    print(report.summary.error, "errors,", report.summary.warning, "warnings")

    # A folder of documents: one row per activity, dates as dates, lists as lists (no JSON to parse).
    docs = shailoo.parse_many("fixtures/docx", errors="collect")
    frame = docs.to_pandas()
    print(frame.groupby("document_kind").size())
    due = docs.to_polars().explode("printed").drop_nulls("printed")
    print(due.filter(due["printed"] <= dt.date(2022, 8, 19)).select("file", "number", "printed").head())

    # A whole archive into one DuckDB file, then questions in SQL (read-only).
    run = shailoo.convert("fixtures/docx", work / "archive.duckdb", check=True, force=True)
    print(run.ok, "converted,", run.failed, "failed, exit code", run.exit_code)
    owners = shailoo.query(work / "archive.duckdb", example="owners")
    for body_id, name, activities, documents in owners.rows[:5]:
        print(body_id, name, activities, documents)
    terms = shailoo.query(work / "archive.duckdb",
                          "SELECT kind, count(*) AS n FROM terms GROUP BY kind ORDER BY n DESC")
    print(terms.to_polars())

    # The council's tracking store: a plan, a progress report, where each measure stands.
    council = shailoo.track(work / "council.duckdb")
    plan = council.add_plan("fixtures/html/seed003.html")
    council.add_report("fixtures/track/report_2024-01-20_ru.docx", as_of="20.01.2024")
    status = council.status(as_of=dt.date(2024, 6, 1), lang="en")
    print(plan.title)
    print(status.totals.done, "of", status.totals.measures, "measures done on", status.as_of)
    for m in status.measures[:3]:
        print(m.measure, m.status, m.status_date)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(Path(folder))
