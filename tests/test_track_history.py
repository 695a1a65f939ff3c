"""The council's portfolio and history (issue 20): many plans in one store, status as of any date, the
timeline of a measure, the trend, the plan years, overdue plan-year actions, per executor.

The store holds seed 003's plan with its two reports (``fixtures/track/``) and the three plans of
``fixtures/build_portfolio.py`` with four reports each (``fixtures/track/portfolio/``), every report loaded
through the command line WITHOUT ``--plan`` (each must find its own plan). The figures are compared with
``fixtures/track/portfolio/expected.yaml``, written by hand from the planted rows: per plan and per body
totals at three dates, statuses, overdue measures, per executor counts, planned ends, executors as
printed, titles and approving bodies, and the class of each measure's row in each report (the timeline).
A past date must give exactly what a store holding only the reports up to that date gives.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from shailoo.cli import main
from conftest import ROOT

PORTFOLIO = ROOT / "fixtures" / "track" / "portfolio"
EXPECTED = yaml.safe_load((PORTFOLIO / "expected.yaml").read_text(encoding="utf-8"))
DATES = EXPECTED["dates"]
PLANS = {p["key"]: p for p in EXPECTED["plans"]}
STATUSES = ("done", "in_progress", "not_started", "no_report")
COUNTS = ("measures", *STATUSES, "overdue")


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(*argv) -> str:
    code, out, err = run(*argv)
    assert code == 0, err
    return out


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(the store, plan key → plan id); every report loaded without --plan."""
    db = tmp_path_factory.mktemp("portfolio") / "council.duckdb"
    ids = {}
    for p in EXPECTED["plans"]:
        out = ok("track", "add-plan", ROOT / p["file"], "--db", db, "--lang", "en")
        ids[p["key"]] = out.rsplit("--plan ", 1)[1].strip()
    for p in EXPECTED["plans"]:
        for r in p["reports"]:
            out = ok("track", "add-report", ROOT / r["file"], "--as-of", _dmy(r["as_of"]), "--db", db, "--lang", "en")
            # the report went to its own plan, named by its title
            assert f"for plan «{p['title']}»" in out, (r["file"], out)
    return db, ids


def status_json(db, as_of: str, *extra) -> dict:
    return json.loads(ok("track", "status", "--as-of", as_of, "--format", "json", "--db", db, *extra))


@pytest.fixture(scope="module")
def statuses(store) -> dict[tuple[str, str], dict]:
    db, ids = store
    return {(key, d): status_json(db, d, "--plan", ids[key]) for key in PLANS for d in DATES}


@pytest.fixture(scope="module")
def portfolios(store) -> dict[str, dict]:
    db, _ = store
    return {d: status_json(db, d) for d in DATES}


# --------------------------------------------------------------------------- the plans


@pytest.mark.parametrize("key", list(PLANS))
def test_plan_title_body_language(statuses, key):
    exp = PLANS[key]
    plan = statuses[(key, DATES[0])]["plan"]
    assert plan["title"] == exp["title"]
    assert plan["body_name"] == exp["body"]
    assert plan["language"] == exp["language"]
    assert [plan["period_start"], plan["period_end"]] == exp["period"]
    assert plan["approved_date"] == exp["approved"]["date"]
    assert plan["measures"] == exp["measures_count"]
    # a national body the gazetteer knows keeps its id beside the name (data); the others have none
    assert plan["body"] == ("cec" if key == "seed003.html" else None)


@pytest.mark.parametrize("key", [k for k in PLANS if PLANS[k].get("measures")])
def test_planned_ends_and_executors_as_printed(statuses, key):
    got = {m["measure"]: m for m in statuses[(key, DATES[0])]["measures"]}
    for m in PLANS[key]["measures"]:
        g = got[m["measure"]]
        assert g["planned_end"] == m["planned_end"], m["measure"]
        assert [e["name"] for e in g["executor_refs"]] == m["executors"], m["measure"]


# --------------------------------------------------------------------------- per plan, per body, the portfolio


@pytest.mark.parametrize("key", list(PLANS))
@pytest.mark.parametrize("as_of", DATES)
def test_per_plan_counts(statuses, key, as_of):
    exp = PLANS[key]["as_of"][as_of]
    st = statuses[(key, as_of)]
    assert {k: st["totals"][k] for k in exp["totals"]} == exp["totals"]
    assert sorted({m["measure"] for m in st["measures"] if m["overdue"]}) == sorted(exp["overdue"])
    assert sorted({m["measure"] for m in st["measures"] if m["report_id"] is None}) == sorted(exp["absent"])
    if "statuses" in exp:
        assert {m["measure"]: m["status"] for m in st["measures"]} == exp["statuses"]


@pytest.mark.parametrize("key", [k for k in PLANS if any("by_executor" in v for v in PLANS[k]["as_of"].values())])
@pytest.mark.parametrize("as_of", DATES)
def test_per_executor_counts(statuses, store, key, as_of):
    db, ids = store
    st = statuses[(key, as_of)]
    by_name = {s["name"]: s for s in st["by_executor"]}
    want = PLANS[key]["as_of"][as_of]["by_executor"]
    assert sorted(by_name) == sorted(e["executor"] for e in want)
    for e in want:
        assert {k: by_name[e["executor"]][k] for k in COUNTS} == {k: e[k] for k in COUNTS}, e["executor"]
    # the shared measures: per executor counts add up to the totals plus the measures with two executors
    assert sum(s["measures"] for s in st["by_executor"]) == st["totals"]["measures"] + PLANS[key]["shared"]
    # the library's per-executor view (for the pages and letters) agrees
    from shailoo.apps.track.store import TrackStore, executors

    with TrackStore(str(db), read_only=True) as s:
        views = executors(s, ids[key], dt.date.fromisoformat(as_of))
    assert {v.name: v.totals.measures for v in views} == {e["executor"]: e["measures"] for e in want}
    for v in views:
        assert len(v.measures) == v.totals.measures
        assert sum(m.overdue for m in v.measures) == v.totals.overdue
        assert v.last_report == max((m.report_as_of for m in v.measures if m.report_as_of), default=None)


@pytest.mark.parametrize("as_of", DATES)
def test_portfolio_per_plan_and_per_body(portfolios, store, as_of):
    _, ids = store
    pf = portfolios[as_of]
    assert pf["schema"] == "shailoo/tracking-portfolio@1" and pf["as_of"] == as_of
    by_id = {p["plan"]["plan_id"]: p for p in pf["plans"]}
    assert [p["plan"]["plan_id"] for p in pf["plans"]] == [ids[k] for k in PLANS]  # in the order loaded
    for key, exp in PLANS.items():
        totals = by_id[ids[key]]["totals"]
        assert {k: totals[k] for k in exp["as_of"][as_of]["totals"]} == exp["as_of"][as_of]["totals"], key
        assert by_id[ids[key]]["reports"] == sum(r["as_of"] <= as_of for r in exp["reports"])
    bodies = {b["name"]: b for b in pf["by_body"]}
    assert sorted(bodies) == sorted(EXPECTED["bodies"])
    for name, key in EXPECTED["bodies"].items():
        assert bodies[name]["plans"] == [ids[key]]
        want = PLANS[key]["as_of"][as_of]["totals"]
        assert {k: bodies[name]["totals"][k] for k in want} == want
    want = EXPECTED["portfolio"][as_of]
    assert len(pf["plans"]) == want["plans"]
    assert {k: pf["totals"][k] for k in COUNTS} == {k: want[k] for k in COUNTS}
    # the laggards: executors with overdue measures or actions, most overdue first, each named as printed
    lag = pf["laggards"]
    assert lag and len(lag) <= 10
    assert [(g["overdue"], g["overdue_actions"]) for g in lag] == \
        sorted(((g["overdue"], g["overdue_actions"]) for g in lag), reverse=True)
    assert all(g["overdue"] or g["overdue_actions"] for g in lag)
    assert all(not g["name"].startswith("other:") for g in lag)
    worst = [by_id[i]["totals"]["overdue"] for i in pf["worst_plans"]]
    assert worst == sorted(worst, reverse=True) and all(worst)


def test_portfolio_text(store):
    db, _ = store
    text = ok("track", "status", "--as-of", "01.02.2026", "--db", db, "--lang", "ru")
    lines = text.splitlines()
    assert lines[0] == "Портфель: планов 4, по состоянию на 01.02.2026"
    want = EXPECTED["portfolio"]["2026-02-01"]
    assert lines[1].startswith(f"мер {want['measures']}: исполнено {want['done']}, в процессе {want['in_progress']}")
    for p in PLANS.values():
        assert f"«{p['title']}», утвердил: {p['body']} (--plan " in text
    assert "По утвердившим органам:" in lines and "Больше всего просрочено (исполнитель, план):" in lines
    assert lines[-1].startswith("Сигналы: ошибок ")
    # xlsx is per plan (html gives the portfolio's dashboard: tests/test_track_views.py)
    code, out, err = run("track", "status", "--as-of", "01.02.2026", "--db", db, "-f", "xlsx", "-o", db.parent / "p.xlsx")
    assert code == 2 and "--plan" in err and out == ""


# --------------------------------------------------------------------------- a true point in time


def _without_load_times(data):
    if isinstance(data, dict):
        return {k: _without_load_times(v) for k, v in data.items() if k != "loaded_at"}
    if isinstance(data, list):
        return [_without_load_times(v) for v in data]
    return data


CUTS = sorted({*DATES, "2024-07-19", "2024-07-20", "2025-01-20", "2025-01-24", "2025-07-20"})


@pytest.fixture(scope="module")
def partial_stores(store, tmp_path_factory):
    """One store per cut date holding only the reports dated on or before it (loaded in another order:
    the newest first)."""
    from shailoo.apps.track.store import TrackStore, add_plan, add_report

    d = tmp_path_factory.mktemp("cuts")
    out = {}
    for cut in CUTS:
        db = d / f"upto_{cut}.duckdb"
        with TrackStore(str(db)) as s:
            for p in EXPECTED["plans"]:
                add_plan(s, str(ROOT / p["file"]))
            for p in EXPECTED["plans"]:
                for r in sorted(p["reports"], key=lambda r: r["as_of"], reverse=True):
                    if r["as_of"] <= cut:
                        add_report(s, str(ROOT / r["file"]), None, dt.date.fromisoformat(r["as_of"]))
        out[cut] = db
    return out


@pytest.mark.parametrize("cut", CUTS)
def test_a_past_date_is_what_its_reports_alone_give(store, partial_stores, cut):
    db, ids = store
    small = partial_stores[cut]
    for key in PLANS:
        full = status_json(db, cut, "--plan", ids[key])
        only = status_json(small, cut, "--plan", ids[key])
        assert _without_load_times(full) == _without_load_times(only), key
        # and the reports after the day are nowhere: not listed, not in the changes, not in the trend
        assert all(r["as_of"] <= cut for r in full["reports"])
        assert all(m["report_as_of"] is None or m["report_as_of"] <= cut for m in full["measures"])
        assert all(p["as_of"] <= cut for p in full["trend"])
    assert _without_load_times(status_json(db, cut)) == _without_load_times(status_json(small, cut))


# --------------------------------------------------------------------------- timeline, trend, plan years


REPORT_DATE_OF = {key: [r["as_of"] for r in p["reports"]] for key, p in PLANS.items()}


@pytest.mark.parametrize("key", [k for k in PLANS if PLANS[k].get("measures")])
def test_timeline_of_every_measure(store, key):
    """What each report said of each measure: the classes written by hand under ``reports:``."""
    from shailoo.apps.track.store import TrackStore, timeline

    db, ids = store
    with TrackStore(str(db), read_only=True) as s:
        for m in PLANS[key]["measures"]:
            tl = timeline(s, ids[key], m["measure"])
            assert [e.as_of.isoformat() for e in tl.entries] == REPORT_DATE_OF[key]
            assert [e.status if e.mentioned else None for e in tl.entries] == m["reports"], m["measure"]
            assert all(bool(e.status_text) == e.mentioned for e in tl.entries)
            assert [e.name for e in tl.executor_refs] == m["executors"]
        # up to a day: only the reports up to it
        first = PLANS[key]["measures"][0]["measure"]
        assert len(timeline(s, ids[key], first, dt.date(2025, 2, 1)).entries) == 2


def test_timeline_on_the_command_line(store):
    db, ids = store
    text = ok("track", "status", "--plan", ids["plan_minfin_2024-2026_ru.docx"], "--measure", "2.4",
              "--as-of", "01.02.2026", "--db", db, "--lang", "ru")
    lines = text.splitlines()
    assert lines[0].startswith("2.4  Перевод согласования платежей")
    assert [line.split()[0] for line in lines[2:]] == ["20.07.2024", "20.01.2025", "20.07.2025", "20.01.2026"]
    assert lines[3].split() == ["20.01.2025", "–"] and lines[4].split() == ["20.07.2025", "–"]
    assert "не начато" in lines[2] and "в процессе" in lines[5]
    data = json.loads(ok("track", "status", "--plan", ids["plan_minfin_2024-2026_ru.docx"], "--measure", "2.4.",
                         "--as-of", "2026-02-01", "--db", db, "-f", "json"))
    assert [e["mentioned"] for e in data["entries"]] == [True, False, False, True]


@pytest.mark.parametrize("key", list(PLANS))
def test_trend_is_the_status_at_each_report_date(store, statuses, key):
    db, ids = store
    st = statuses[(key, DATES[-1])]
    dates = sorted({r["as_of"] for r in PLANS[key]["reports"]})
    assert [p["as_of"] for p in st["trend"]] == dates
    for p in st["trend"]:
        then = status_json(db, p["as_of"], "--plan", ids[key])
        assert p["totals"] == then["totals"] and p["reports"] == len(then["reports"])


@pytest.mark.parametrize("key", list(PLANS))
def test_by_year_is_the_status_at_the_end_of_each_year(store, statuses, key):
    db, ids = store
    as_of = DATES[-1]
    st = statuses[(key, as_of)]
    now = {i: m for i, m in enumerate(st["measures"])}
    years = sorted({y for m in st["measures"] for y in m["planned_years"]})
    assert [y["year"] for y in st["by_year"]] == years
    for y in st["by_year"]:
        assert y["at"] == min(f"{y['year']}-12-31", as_of)
        then = status_json(db, y["at"], "--plan", ids[key])["measures"]
        mine = [i for i, m in enumerate(then) if y["year"] in m["planned_years"]]
        c = Counter(then[i]["status"] for i in mine)
        assert {k: y[k] for k in STATUSES} == {k: c[k] for k in STATUSES}
        assert y["measures"] == len(mine)
        assert y["overdue"] == sum(y["year"] in now[i]["overdue_years"] for i in mine)
    # where the years differ the bars differ (issue 20: they repeated today's status for every year)
    bars = [tuple(y[k] for k in STATUSES) for y in st["by_year"]]
    assert len(set(bars)) > 1


def test_seed003_years_stand_where_they_stood():
    """Seed 003 as of 01.06.2025: at the end of 2023 no report had been loaded (the first is dated
    20.01.2024); at the end of 2024 the first report's statuses; 2025 is today's."""
    exp = yaml.safe_load((ROOT / "fixtures" / "track" / "expected.yaml").read_text(encoding="utf-8"))
    first = exp["as_of"]["2024-06-01"]["totals"]
    st = _seed_status("2025-06-01")
    y2023, y2024, y2025 = st.by_year
    assert (y2023.at, y2023.measures, y2023.no_report) == (dt.date(2023, 12, 31), 23, 23)
    assert (y2024.at, y2024.done, y2024.in_progress, y2024.not_started, y2024.no_report) == \
        (dt.date(2024, 12, 31), first["done"], first["in_progress"], first["not_started"], first["no_report"])
    assert y2025.at == dt.date(2025, 6, 1) and y2025.measures == 18  # 3.2, 5.2, 6.1, 6.2, 7.2 end in 2024


_SEED = {}


def _seed_status(as_of: str):
    from shailoo.apps.track.store import TrackStore, add_plan, add_report, status
    import tempfile

    if "db" not in _SEED:
        d = tempfile.mkdtemp(prefix="seed_years_")
        db = f"{d}/t.duckdb"
        exp = yaml.safe_load((ROOT / "fixtures" / "track" / "expected.yaml").read_text(encoding="utf-8"))
        with TrackStore(db) as s:
            add_plan(s, str(ROOT / exp["plan"]))
            for r in exp["reports"]:
                add_report(s, str(ROOT / r["file"]), None, dt.date.fromisoformat(r["as_of"]))
        _SEED["db"] = db
    with TrackStore(_SEED["db"], read_only=True) as s:
        return status(s, None, dt.date.fromisoformat(as_of))


# --------------------------------------------------------------------------- overdue plan-year actions


def test_overdue_years_rule():
    from shailoo.apps.track.store import overdue_years

    d = dt.date
    # the last planned year: overdue after its end unless done
    assert overdue_years([2024, 2025], "in_progress", d(2026, 1, 1)) == [2025]
    assert overdue_years([2024, 2025], "done", d(2026, 1, 1)) == []
    # an earlier year: overdue after its end only when nothing was started or reported
    assert overdue_years([2024, 2025], "in_progress", d(2025, 6, 1)) == []
    assert overdue_years([2024, 2025], "not_started", d(2025, 6, 1)) == [2024]
    assert overdue_years([2024, 2025], "no_report", d(2026, 1, 1)) == [2024, 2025]
    assert overdue_years([2024, 2025], "not_started", d(2024, 12, 31)) == []  # due on 31.12, late the day after
    # a planned end within the year («до 1 марта 2025 года», «I полугодие 2025 года»)
    assert overdue_years([2024, 2025], "in_progress", d(2025, 3, 2), d(2025, 3, 1)) == [2025]
    assert overdue_years([2024, 2025], "in_progress", d(2025, 3, 1), d(2025, 3, 1)) == []
    assert overdue_years([], "not_started", d(2030, 1, 1)) == []


@pytest.mark.parametrize("key", list(PLANS))
@pytest.mark.parametrize("as_of", DATES)
def test_overdue_measures_are_those_whose_last_year_is_overdue(statuses, key, as_of):
    for m in statuses[(key, as_of)]["measures"]:
        last = max(m["planned_years"]) if m["planned_years"] else None
        assert m["overdue"] == (last in m["overdue_years"]), m["measure"]
        assert all(y in m["planned_years"] for y in m["overdue_years"])
    t = statuses[(key, as_of)]["totals"]
    assert t["overdue_actions"] == sum(len(m["overdue_years"]) for m in statuses[(key, as_of)]["measures"])


# --------------------------------------------------------------------------- loading


def test_dates_as_printed_are_accepted(store):
    db, ids = store
    key = "plan_karakol_2024-2025_ru.docx"
    assert status_json(db, "01.08.2025", "--plan", ids[key]) == status_json(db, "2025-08-01", "--plan", ids[key])


def test_a_report_that_fits_no_plan_is_refused(store, tmp_path):
    import shutil

    db, _ = store
    copy = tmp_path / "c.duckdb"
    shutil.copy(db, copy)
    code, out, err = run("track", "add-report", ROOT / "fixtures" / "track" / "report_other_plan_ru.docx",
                         "--as-of", "01.03.2025", "--db", copy)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "fit none of the 4 plans" in err and "--plan" in err


def test_a_store_made_before_issue_20_gets_executors_from_the_stored_document(store, tmp_path):
    """Measures stored without ``executor_refs`` (the data of shailoo/tracking-store@1 before issue 20)
    are given them from the parsed document the store keeps."""
    import shutil

    import duckdb

    from shailoo.apps.track.store import TrackStore, status

    db, ids = store
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    con = duckdb.connect(str(old))
    rows = con.execute("SELECT plan_id, position, data FROM measures").fetchall()
    for pid, pos, data in rows:
        d = json.loads(data)
        d.pop("executor_refs", None)
        con.execute("UPDATE measures SET data = ? WHERE plan_id = ? AND position = ?", [json.dumps(d), pid, pos])
    con.close()
    key = "plan_minfin_2024-2026_ru.docx"
    with TrackStore(str(old), read_only=True) as s, TrackStore(str(db), read_only=True) as t:
        a = status(s, ids[key], dt.date(2025, 8, 1))
        b = status(t, ids[key], dt.date(2025, 8, 1))
    assert [m.executor_refs for m in a.measures] == [m.executor_refs for m in b.measures]
    assert a.by_executor == b.by_executor


def test_portfolio_schema_is_committed_and_the_json_validates(portfolios):
    from shailoo.apps.schema import json_schema
    from shailoo.apps.track.models import Portfolio

    committed = json.loads((ROOT / "corpus" / "schema" / "portfolio.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema("portfolio"), "run: shailoo schema portfolio -o corpus/schema/portfolio.schema.json"
    for pf in portfolios.values():
        assert json.loads(Portfolio.model_validate(pf).to_json()) == pf
