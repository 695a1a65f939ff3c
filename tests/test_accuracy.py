"""The accuracy report on real documents (``benchmarks/accuracy.py``): it runs over the whole corpus of
``fixtures/wild`` without error and counts every document, and its matching and scoring rules do what
its docstring says on three hand-made documents (a right and a wrong point each).

Today's accuracy figures are deliberately not asserted: they are what the report is for.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from shailoo.model import (
    Activity, BodyRef, Citation, DateTerm, DocumentInfo, Mention, ParsedDocument, PeriodTerm, Provenance,
    RangeTerm, Source, TermDate, UnparsedTerm,
)

ROOT = Path(__file__).resolve().parent.parent
ACCURACY = ROOT / "benchmarks" / "accuracy.py"
WILD = ROOT / "fixtures" / "wild"


@pytest.fixture(scope="module")
def acc():
    spec = importlib.util.spec_from_file_location("bench_accuracy", ACCURACY)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up while being built
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------------ the corpus


def test_corpus_files_and_expectations():
    """Every expectation names a text of the corpus with the 3-line header, and the other way round;
    at least 80 documents, at least 30 Kyrgyz."""
    records = [json.loads(line) for line in (WILD / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    files = {r["file"] for r in records}
    assert files == {p.name for p in WILD.glob("*.txt")}
    assert len(records) >= 80
    assert sum(r["language"] == "ky" for r in records) >= 30
    for r in records:
        head = (WILD / r["file"]).read_text(encoding="utf-8").split("\n")[:4]
        assert head[0] == f"source: {r['source']}", r["file"]
        assert head[1].startswith("retrieved: ") and head[2].startswith("note: ") and head[3] == "", r["file"]


def test_docx_and_pdf_versions():
    """At least four texts come as DOCX and PDF too (fixtures/build_wild.py), each of a corpus text."""
    texts = {p.stem for p in WILD.glob("*.txt")}
    docx = {p.stem for p in (WILD / "docx").glob("*.docx")}
    pdf = {p.stem for p in (WILD / "pdf").glob("*.pdf")}
    assert len(docx) >= 4 and docx == pdf and docx <= texts
    assert any("_ky_" in stem for stem in docx)


def test_report_runs_over_every_text(acc):
    """The text version of every document is parsed, checked and scored; nothing raises."""
    report = acc.run(formats=("text",))
    records = acc.load_expected()
    assert report["documents_missing"] == []
    assert report["versions_scored"] == len(records) == len(report["documents"])
    assert {d["file"] for d in report["documents"]} == {r["file"] for r in records}
    totals = report["totals"]["text"]
    assert totals["all"]["documents"] == len(records)
    assert totals["ru"]["documents"] + totals["ky"]["documents"] == len(records)
    points = sum(len([p for p in r["expect"]["points"] if p.get("number") or p.get("term_text")]) for r in records)
    assert totals["all"]["measures"]["kind"]["total"] == points
    assert totals["all"]["measures"]["election_day"]["total"] == len(records)
    # the JSON and the Markdown table are made from it
    json.dumps(report, ensure_ascii=False)
    table = acc.markdown_totals(report)
    assert "| text | ru |" in table and "| text | ky |" in table


def test_a_parse_error_is_a_counted_failure(acc, monkeypatch):
    """A document that makes the parser raise is a failure of every measure, not a crash."""
    import shailoo

    def boom(*args, **kwargs):
        raise RuntimeError("broken reader")

    monkeypatch.setattr(shailoo, "parse", boom)
    rec = acc.load_expected()[0]
    res = acc.score_document(rec, "text", WILD / rec["file"], {})
    assert res.parse_error == "RuntimeError: broken reader"
    assert res.tallies["rows"].to_json() == {"right": 0, "total": 1, "share": 0.0}
    assert res.tallies["kind"].right == 0 and res.tallies["kind"].total == len(rec["expect"]["points"])


# ------------------------------------------------------------------------------------------ matching rules


def _prov() -> Provenance:
    return Provenance(file="mini.txt")


def _doc(activities=(), mentions=()) -> ParsedDocument:
    return ParsedDocument(
        source=Source(path="mini.txt", sha256="0", format="text", size=0),
        document=DocumentInfo(kind="action_plan", language="ru"),
        activities=list(activities), mentions=list(mentions),
    )


def _date(y: int, m: int, d: int, raw: str, precision: str = "day") -> TermDate:
    return TermDate(value=dt.date(y, m, d), day=d if precision == "day" else None, month=m, year=y,
                    precision=precision, raw=raw)


def _score(acc, doc, points):
    res = acc.DocResult(file="mini", format="text", language="ru", kind="actionplan", path="mini.txt")
    for p, m in zip(points, acc.match_points(doc, points)):
        acc.score_point(res, p, m, doc)
    return res


def test_numbered_rows_right_and_wrong(acc):
    """A point is matched by its printed number («2» = «2.»); kind, dates, owners and citations are
    compared as documented: owners and citations by containment either way."""
    row1 = Activity(number="1.", cells={"number": "1.", "term": "В течение года", "executor": "Министерство"},
                    term=UnparsedTerm(raw="В течение года", reason="no_term_found"),
                    responsible=[BodyRef(raw="Министерство", id="other")], provenance=_prov())
    row2 = Activity(number="2.", cells={"number": "2.", "term": "до 1 марта 2024 г.",
                                        "executor": "Отдел кадров (по согласованию) ч. 1 ст. 5 Закона"},
                    term=DateTerm(raw="до 1 марта 2024 г.", date=_date(2024, 3, 1, "1 марта 2024 г.")),
                    responsible=[BodyRef(raw="Отдел кадров (по согласованию)", id="other")],
                    citations=[Citation(raw="ч. 1 ст. 5 Закона", article="5", part="1")], provenance=_prov())
    doc = _doc([row1, row2])
    right = {"number": "2", "term_text": "до 1 марта 2024 г.", "term_kind": "date", "dates": ["2024-03-01"],
             "owners": ["Отдел кадров"], "citations": ["ст. 5 Закона"]}
    wrong = {"number": "1.", "term_text": "В течение года", "term_kind": "period",
             "dates": ["2024-01-01", "2024-12-31"], "owners": ["ЦИК"], "citations": []}
    res = _score(acc, doc, [right])
    assert {m: (t.right, t.total) for m, t in res.tallies.items() if t.total} == {
        "kind": (1, 1), "dates": (1, 1), "owners": (1, 1), "citations": (1, 1)}
    res = _score(acc, doc, [wrong])
    assert {m: (t.right, t.total) for m, t in res.tallies.items() if t.total} == {
        "kind": (0, 1), "dates": (0, 1), "owners": (0, 1), "citations": (1, 1)}
    keys = {(f["measure"], f["key"]) for f in res.failures}
    assert ("kind", "period→unparsed") in keys and ("dates", "unparsed") in keys
    assert ("owners", "owner not covered") in keys


def test_repeated_numbers_and_month_dates(acc):
    """Three points all numbered «1.» (lost auto-numbering): the one whose cells hold the term text is
    taken; a month of precision «month» stands for its first and last day."""
    def point_row(text, term=None):
        return Activity(kind="point", number="1.", text=text, cells={"number": "1.", "term": term or ""},
                        term=None if term is None else PeriodTerm(
                            raw=term, unit="month", value=1, year=2025,
                            first_day=dt.date(2025, 1, 1), last_day=dt.date(2025, 1, 31)),
                        provenance=_prov())
    doc = _doc([point_row("План бекитилсин."), point_row("Отчет", "Январь 2025"), point_row("Көзөмөл")])
    right = {"number": "1.", "term_text": "Январь 2025", "term_kind": "period",
             "dates": ["2025-01-01", "2025-01-31"], "owners": [], "citations": []}
    wrong = {"number": "1.", "term_text": "Февраль 2025", "term_kind": "period",
             "dates": ["2025-02-01", "2025-02-28"], "owners": [], "citations": []}
    matches = acc.match_points(doc, [right])
    assert matches[0].activity is doc.activities[1]
    res = _score(acc, doc, [right])
    assert (res.tallies["kind"].right, res.tallies["dates"].right, res.tallies["owners"].right) == (1, 1, 1)
    # the wrong one finds no cell with its text: it takes the first «1.» (the k-th for the k-th point),
    # which has no term
    res = _score(acc, doc, [wrong])
    assert (res.tallies["kind"].right, res.tallies["dates"].right) == (0, 0)
    assert {f["key"] for f in res.failures if f["measure"] == "dates"} == {"no term"}
    # a month-precision date gives the first and last day of the month
    assert acc.term_date_isos(_date(2024, 6, 1, "Июнь 2024", precision="month")) == {"2024-06-01", "2024-06-30"}


def test_prose_points_match_mentions(acc):
    """A point without a number is matched to the shortest mention holding its term text, else the
    longest mention inside it; owners of prose points are looked for among the body mentions."""
    dec21 = DateTerm(raw="21 декабря", date=_date(2025, 12, 21, "21 декабря"))
    oct5 = DateTerm(raw="До 5 октября", date=_date(2025, 10, 5, "5 октября"))
    mentions = [
        Mention(type="date", text="До 5 октября", start=40, end=52, value=oct5),
        Mention(type="date", text="21 декабря", start=90, end=100, value=dec21),
        Mention(type="body", text="участковые избирательные комиссии", start=60, end=93),
    ]
    doc = _doc(mentions=mentions)
    right = {"number": None, "term_text": "до 5 октября", "term_kind": "date", "dates": ["2025-10-05"],
             "owners": ["участковые избирательные комиссии"], "citations": []}
    wrong = {"number": None, "term_text": "С 7 по 21 декабря", "term_kind": "range",
             "dates": ["2025-12-07", "2025-12-21"], "owners": [], "citations": []}
    missing = {"number": None, "term_text": "в двухмесячный срок", "term_kind": "relative", "dates": [],
               "owners": [], "citations": []}
    m = acc.match_points(doc, [right, wrong, missing])
    assert m[0].mention is mentions[0] and m[1].mention is mentions[1] and not m[2].found
    res = _score(acc, doc, [right])
    assert {k: (t.right, t.total) for k, t in res.tallies.items() if t.total} == {
        "kind": (1, 1), "dates": (1, 1), "owners": (1, 1)}  # no citation expected: not scored for prose
    res = _score(acc, doc, [wrong, missing])
    assert (res.tallies["kind"].right, res.tallies["kind"].total) == (0, 2)
    assert (res.tallies["dates"].right, res.tallies["dates"].total) == (0, 2)
    assert {f["key"] for f in res.failures if f["measure"] == "kind"} == {"range→date", "no match: no mention or row holds the term text"}
    # a range term gives its start and end
    rng = RangeTerm(raw="С 7 по 21 декабря", start_date=_date(2025, 12, 7, "7"), end_date=_date(2025, 12, 21, "21 декабря"))
    assert acc.term_isos(rng) == {"2025-12-07", "2025-12-21"}


# ------------------------------------------------------------------------------------------ precision (issue 17)


def test_precision_counts_false_findings_by_severity_and_rule(acc):
    """A finding whose rule is in ``must_not`` is false, counted per finding and severity; a ``must`` rule
    that did not fire is missed; the rates are per 100 rows of the judged documents."""
    a = acc.DocResult(file="a", format="text", language="ru", kind="calendar_plan", path="a", rows_found=40,
                      judged=True, findings={"error": 1, "warning": 3, "info": 1},
                      false_findings={"date-outside-period": {"warning": 2, "info": 1},
                                      "statute-conflict": {"error": 1}},
                      missed={"range-inverted": 1})
    b = acc.DocResult(file="b", format="text", language="ky", kind="news", path="b", rows_found=60,
                      judged=False, findings={"warning": 5})
    p, by_rule = acc._precision([a, b])
    assert (p["false_errors"], p["false_warnings"], p["false_infos"], p["missed"]) == (1, 2, 1, 1)
    assert (p["judged_documents"], p["judged_rows"]) == (1, 40)
    assert p["findings"] == {"error": 1, "warning": 8, "info": 1}
    assert (p["false_errors_per_100_rows"], p["false_warnings_per_100_rows"], p["false_alarms_per_100_rows"]) == (
        2.5, 5.0, 7.5)
    assert by_rule["date-outside-period"] == {"false_errors": 0, "false_warnings": 2, "false_infos": 1, "missed": 0}
    assert by_rule["range-inverted"]["missed"] == 1
    assert acc._precision([b])[0]["false_alarms_per_100_rows"] is None  # nothing judged: no rate


def test_wild_corpus_precision(acc):
    """Issue 17's acceptance on the wild corpus (text): no false error; the rules that need no statute
    knowledge (SH10x–SH14x, rules/checks/general.py) give no false warning (the issue's target for all
    rules is at most 1 per 100 judged rows: see the report's figures). The figures are in the JSON and
    the Markdown table."""
    report = acc.run(formats=("text",))
    p = report["totals"]["text"]["all"]["precision"]
    assert p["judged_documents"] > 0 and p["judged_rows"] > 0
    assert p["false_errors"] == 0
    general = {name for code, name in acc._rule_names().items() if code < "SH150"}
    by_rule = report["totals"]["text"]["all"]["precision_by_rule"]
    assert {r: v["false_warnings"] for r, v in by_rule.items() if r in general and v["false_warnings"]} == {}
    table = acc.markdown_precision(report)
    assert "| text | all |" in table and "| rule | format |" in table
    assert "precision" in acc.text_summary(report)
    doc = next(d for d in report["documents"] if d["file"].startswith("021_"))
    assert doc["judged"] and "false_findings" in doc
