"""The portfolio fixtures (``fixtures/build_portfolio.py``, ``fixtures/track/portfolio/``).

* The builder's files are reproducible: built into a temporary directory, they equal the committed
  files byte for byte.
* They read back as planted: each plan parses as an action plan with its measures, executors, terms and
  expected results, and each report gives its rows' measures, classes and dates
  (the builder's ``verify_plan`` / ``verify_report``).
* ``expected.yaml`` (written by hand) agrees with itself and with the rows the builder planted:
  - its per-measure report classes are the builder's;
  - the statuses at each date follow from those classes by the file's rules;
  - totals, overdue, absent and per-executor counts follow from the statuses;
  - per-executor counts add up to the totals plus the shared measures;
  - the signals are where the rules put them;
  - the portfolio adds up the plans;
  - seed 003's figures are those of ``fixtures/track/expected.yaml``.

These tests do not run ``shailoo track``: the store's own tests check the tool against the same file.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter

import pytest
import yaml

from conftest import FIXTURES, ROOT

PORTFOLIO = FIXTURES / "track" / "portfolio"
EXPECTED = yaml.safe_load((PORTFOLIO / "expected.yaml").read_text(encoding="utf-8"))
SEED_EXPECTED = yaml.safe_load((FIXTURES / "track" / "expected.yaml").read_text(encoding="utf-8"))
DATES = EXPECTED["dates"]
STATUSES = ("done", "in_progress", "not_started", "no_report")
RANK = {"not_started": 0, "in_progress": 1, "done": 2}
NEW_PLANS = [p for p in EXPECTED["plans"] if p["key"] != "seed003.html"]
SEED = next(p for p in EXPECTED["plans"] if p["key"] == "seed003.html")


def _builder():
    spec = importlib.util.spec_from_file_location("build_portfolio", FIXTURES / "build_portfolio.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_portfolio", mod)
    spec.loader.exec_module(mod)
    return mod


bp = _builder()
BUILT_PLANS = {p.key: p for p in bp.PLANS}


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def _id(p: dict) -> str:
    return p["key"]


# ------------------------------------------------------------------------------------------ the files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("portfolio")
    return out, bp.build(out)


def test_rebuild_is_byte_identical(built):
    out, _ = built
    made = sorted(p.name for p in out.iterdir())
    committed = sorted(p.name for p in PORTFOLIO.iterdir() if p.name != "expected.yaml")
    assert made == committed, "rebuild with: python fixtures/build_portfolio.py"
    changed = [n for n in made if (out / n).read_bytes() != (PORTFOLIO / n).read_bytes()]
    assert not changed, f"{changed} differ from a rebuild: python fixtures/build_portfolio.py"


def test_plans_parse_as_planted():
    problems = [p for plan in bp.PLANS for p in bp.verify_plan(PORTFOLIO / plan.key, plan)]
    assert not problems, "\n".join(problems)


def test_reports_read_as_planted():
    problems = [p for rep in bp.REPORTS for p in bp.verify_report(PORTFOLIO / rep.name, rep)]
    assert not problems, "\n".join(problems)


def test_files_say_the_content_is_invented():
    from docx import Document
    from openpyxl import load_workbook

    for path in sorted(PORTFOLIO.iterdir()):
        if path.suffix == ".docx":
            doc = Document(str(path))
            assert "Invented for the shailoo project" in doc.core_properties.comments
            assert "shailoo" in doc.sections[0].footer.paragraphs[0].text
        elif path.suffix == ".xlsx":
            wb = load_workbook(path)
            assert "Invented for the shailoo project" in wb.properties.description
            assert "shailoo" in str(wb.active.cell(wb.active.max_row, 1).value)
        elif path.suffix == ".csv":
            data = path.read_bytes()
            text = data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("cp1251")
            assert "shailoo" in text.strip().splitlines()[-1]


# ------------------------------------------------------------------------------------------ expected.yaml vs the builder


@pytest.mark.parametrize("plan", NEW_PLANS, ids=_id)
def test_expected_plan_matches_the_builder(plan):
    built_plan = BUILT_PLANS[plan["key"]]
    assert plan["file"] == f"fixtures/track/portfolio/{plan['key']}"
    assert plan["title"] == built_plan.title
    assert plan["language"] == built_plan.language
    assert plan["body"] == bp.BODY[plan["key"]]
    measures = built_plan.measures()
    assert plan["measures_count"] == len(measures) == len(plan["measures"])
    assert plan["shared"] == sum(len(m["executors"]) > 1 for m in plan["measures"])
    planted = bp.ROWS[plan["key"]]
    for m, bm in zip(plan["measures"], measures):
        assert m["measure"] == bm.label
        assert m["executors"] == list(bm.executors)
        assert m["result"] == bm.result
        if isinstance(bm.term, tuple):
            years = [2024 + k for k, cell in enumerate(bm.term) if cell]
            assert m["term"] == years
            assert m["planned_end"] == f"{years[-1]}-12-31"
        else:
            assert m["term"] == bm.term
        assert _d(plan["period"][0]) <= _d(m["planned_end"]) <= _d(plan["period"][1])
        assert m["reports"] == [s.status if s is not None else None for s in planted[bm.label]], m["measure"]
    reps = [r for r in bp.REPORTS if r.plan is built_plan]
    assert [(r["file"], r["as_of"]) for r in plan["reports"]] == [
        (f"fixtures/track/portfolio/{r.name}", r.as_of.isoformat()) for r in reps]
    for r, rep in zip(plan["reports"], reps):
        assert r["rows"] == len(bp.report_rows(rep))


# ------------------------------------------------------------------------------------------ expected.yaml vs its rules


def _report_dates(plan: dict) -> list[dt.date]:
    return [_d(r["as_of"]) for r in plan["reports"]]


def _status_at(plan: dict, m: dict, when: dt.date) -> str:
    """The class of the measure's row in the latest report on or before ``when`` that has one."""
    latest = "no_report"
    for d, cls in zip(_report_dates(plan), m["reports"]):
        if d <= when and cls is not None:
            latest = cls
    return latest


def _counts(items: list[tuple[str, bool]]) -> dict:
    c = Counter(s for s, _ in items)
    return {"measures": len(items), **{s: c[s] for s in STATUSES}, "overdue": sum(o for _, o in items)}


@pytest.mark.parametrize("plan", NEW_PLANS, ids=_id)
@pytest.mark.parametrize("when", DATES)
def test_status_totals_and_executors_follow_from_the_reports(plan, when):
    at = plan["as_of"][when]
    day = _d(when)
    statuses = {m["measure"]: _status_at(plan, m, day) for m in plan["measures"]}
    assert at["statuses"] == statuses
    overdue = {m["measure"]: _d(m["planned_end"]) < day and statuses[m["measure"]] != "done"
               for m in plan["measures"]}
    assert at["overdue"] == [k for k, v in overdue.items() if v]
    assert at["totals"] == _counts([(statuses[k], overdue[k]) for k in statuses])
    absent = [m["measure"] for m in plan["measures"]
              if all(c is None for d, c in zip(_report_dates(plan), m["reports"]) if d <= day)]
    assert at["absent"] == absent
    # per executor: in order of first appearance in the plan
    groups: dict[str, list] = {}
    for m in plan["measures"]:
        for name in m["executors"]:
            groups.setdefault(name, []).append((statuses[m["measure"]], overdue[m["measure"]]))
    assert [e["executor"] for e in at["by_executor"]] == list(groups)
    for e in at["by_executor"]:
        assert {k: v for k, v in e.items() if k != "executor"} == _counts(groups[e["executor"]]), e["executor"]


@pytest.mark.parametrize("plan", NEW_PLANS, ids=_id)
@pytest.mark.parametrize("when", DATES)
def test_executor_counts_add_up_to_the_totals_and_the_shared_measures(plan, when):
    at = plan["as_of"][when]
    extra = Counter()  # what the second (third …) executor of a shared measure adds
    for m in plan["measures"]:
        k = len(m["executors"]) - 1
        extra["measures"] += k
        extra[at["statuses"][m["measure"]]] += k
        extra["overdue"] += k * (m["measure"] in at["overdue"])
    assert extra["measures"] == plan["shared"]
    for field in ("measures", *STATUSES, "overdue"):
        assert sum(e[field] for e in at["by_executor"]) == at["totals"][field] + extra[field], field
    assert sum(at["totals"][s] for s in STATUSES) == at["totals"]["measures"]


@pytest.mark.parametrize("plan", NEW_PLANS, ids=_id)
def test_signals_are_where_the_rules_put_them(plan):
    dates = [r["as_of"] for r in plan["reports"]]
    regressions, silent = [], []
    for m in plan["measures"]:
        prev = None  # (class, report date) of the previous row that is not no_report
        for d, cls in zip(dates, m["reports"]):
            if cls is None or cls == "no_report":
                continue
            if prev is not None and RANK[cls] < RANK[prev[0]]:
                regressions.append({"measure": m["measure"], "from": prev[0], "to": cls, "previous": prev[1],
                                    "report": d})
            prev = (cls, d)
        for k in range(len(dates) - 1):
            if m["reports"][k] is None and m["reports"][k + 1] is None:
                silent.append({"measure": m["measure"], "reports": [dates[k], dates[k + 1]]})
    sig = plan["signals"]
    assert sig["regressions"] == regressions
    assert sig["silent"] == silent
    assert len(regressions) == len(silent) == len(sig["done_without_result"]) == 1
    for dwr in sig["done_without_result"]:
        m = next(x for x in plan["measures"] if x["measure"] == dwr["measure"])
        k = dates.index(dwr["report"])
        assert m["reports"][k] == "done"
        assert dwr["expected"] in m["result"]
        planted = bp.ROWS[plan["key"]][m["measure"]][k]
        assert dwr["reported"] in planted.text
        latest_here = [w for w in DATES
                       if max((i for i, d in enumerate(dates) if _d(d) <= _d(w) and m["reports"][i] is not None),
                              default=None) == k]
        assert dwr["as_of"] == latest_here
    rows = [{"measure": m["measure"], "report": d} for d_i, d in enumerate(dates) for m in plan["measures"]
            if m["reports"][d_i] == "no_report"]
    assert sorted(plan["no_report_rows"], key=lambda r: (r["report"], r["measure"])) == \
        sorted(rows, key=lambda r: (r["report"], r["measure"]))


# ------------------------------------------------------------------------------------------ seed 003 and the portfolio


def test_seed003_figures_are_those_of_the_track_fixtures():
    assert SEED["file"] == SEED_EXPECTED["plan"]
    assert SEED["measures_count"] == SEED_EXPECTED["measures"]
    assert [(r["file"], r["as_of"]) for r in SEED["reports"]] == [
        (r["file"], r["as_of"]) for r in SEED_EXPECTED["reports"]]
    same = {"2025-02-01": "2025-06-01", "2025-08-01": "2025-06-01", "2026-02-01": "2026-02-01"}
    for when, theirs in same.items():
        at, ref = SEED["as_of"][when], SEED_EXPECTED["as_of"][theirs]
        assert at["totals"] == ref["totals"], when
        assert at["absent"] == ref["absent"], when
        assert at["overdue"] == list(dict.fromkeys(m["measure"] for m in ref["measures"] if m["overdue"])), when
    # the only step back in the seed reports, and the measures in neither
    changes = SEED_EXPECTED["as_of"]["2025-06-01"]["changes"]
    back = [c for c in changes if c["from"] in RANK and c["to"] in RANK and RANK[c["to"]] < RANK[c["from"]]]
    assert [(c["measure"], c["from"], c["to"]) for c in back] == [
        (r["measure"], r["from"], r["to"]) for r in SEED["signals"]["regressions"]]
    assert [s["measure"] for s in SEED["signals"]["silent"]] == SEED_EXPECTED["as_of"]["2025-06-01"]["absent"]


def test_portfolio_adds_up_the_plans():
    assert sorted(EXPECTED["bodies"].values()) == sorted(p["key"] for p in EXPECTED["plans"])
    assert {b: next(p for p in EXPECTED["plans"] if p["key"] == k)["body"] for b, k in EXPECTED["bodies"].items()} == \
        {b: b for b in EXPECTED["bodies"]}
    for when in DATES:
        total = Counter()
        for p in EXPECTED["plans"]:
            total.update(p["as_of"][when]["totals"])
        assert EXPECTED["portfolio"][when] == {"plans": len(EXPECTED["plans"]), **dict(total)}, when


def test_expected_paths_exist():
    for p in EXPECTED["plans"]:
        assert (ROOT / p["file"]).is_file(), p["file"]
        for r in p["reports"]:
            assert (ROOT / r["file"]).is_file(), r["file"]
