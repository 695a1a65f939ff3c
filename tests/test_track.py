"""Tests of ``shailoo track`` on seed 003's plan and the fixture progress reports of ``fixtures/track/``.

A store is built once per module through the command line (``cli.main``): the plan
(``fixtures/html/seed003.html``), the Russian report as of 2024-01-20 and the Kyrgyz workbook as of
2025-01-25. ``status --format json`` at three dates is compared with ``fixtures/track/expected.yaml``
(written by hand from the planted rows). Tests that write to a store work on a copy of it.

Issue 20 changed, of what that file states: nothing per measure (status, overdue, dates, changes,
unknown rows, totals all still hold). The JSON is ``shailoo/tracking@2``: ``by_year`` counts the
measures by their status at the end of each year (``test_summaries_add_up`` checks it against the
status on that day) and ``by_executor`` is keyed by ``Executor.key`` (executors as the plan prints
them, also those the gazetteer does not know). ``status`` without ``--plan`` on a store of two plans
gives the portfolio, not a refusal. The command's lines are in ``--lang`` (``en`` here).
History, the portfolio and the signals are tested in ``test_track_history.py`` and
``test_track_signals.py``.
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from shailoo.cli import main
from conftest import FIXTURES, ROOT

TRACK = FIXTURES / "track"
EXPECTED = yaml.safe_load((TRACK / "expected.yaml").read_text(encoding="utf-8"))
PLAN = ROOT / EXPECTED["plan"]
REPORT_RU, REPORT_KY = (ROOT / r["file"] for r in EXPECTED["reports"])
AS_OF_RU, AS_OF_KY = (r["as_of"] for r in EXPECTED["reports"])
REPORT_CSV = ROOT / EXPECTED["csv_twin"]
REPORT_OTHER = ROOT / EXPECTED["refused"]
DATES = sorted(EXPECTED["as_of"])
STATUSES = ("done", "in_progress", "not_started", "no_report")


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(*argv) -> str:
    code, out, err = run(*argv)
    assert code == 0, err
    assert err == ""
    return out


def one_error_line(err: str) -> str:
    assert err.startswith("shailoo: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    return err


def copy_store(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    wal = Path(str(src) + ".wal")
    if wal.exists():
        shutil.copy(wal, str(dst) + ".wal")
    return dst


def status_json(db: Path, as_of: str, *extra) -> dict:
    return json.loads(ok("track", "status", "--as-of", as_of, "--format", "json", "--db", db, *extra))


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def counts(db: Path) -> tuple[int, int]:
    from shailoo.apps.track.store import TrackStore

    with TrackStore(str(db), read_only=True) as store:
        return (store.con.execute("SELECT count(*) FROM reports").fetchone()[0],
                store.con.execute("SELECT count(*) FROM report_rows").fetchone()[0])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """(directory, store with the plan and both reports, store with the plan and the Russian report, the
    messages of the three loads)."""
    d = tmp_path_factory.mktemp("track")
    db = d / "track.duckdb"
    messages = [ok("track", "add-plan", PLAN, "--db", db, "--lang", "en"),
                ok("track", "add-report", REPORT_RU, "--as-of", AS_OF_RU, "--db", db, "--lang", "en")]
    base = copy_store(db, d / "base.duckdb")
    messages.append(ok("track", "add-report", REPORT_KY, "--as-of", _dmy(AS_OF_KY), "--db", db, "--lang", "en"))
    return d, db, base, messages


@pytest.fixture(scope="module")
def statuses(store) -> dict[str, dict]:
    _, db, _, _ = store
    return {d: status_json(db, d) for d in DATES}


def _view(m: dict) -> dict:
    return {"measure": m["measure"], "status": m["status"], "overdue": m["overdue"],
            "date": m["status_date"], "report": m["report_as_of"]}


# --------------------------------------------------------------------------- loading


def test_load_messages(store):
    _, _, _, (plan_msg, ru_msg, ky_msg) = store
    # the plan by its title (issue 20: not the cover letter's addressee), not an id
    assert plan_msg.startswith("loaded: plan «Стратегический план действий (СПД) ")
    assert "(23 measures, years 2023, 2024, 2025)" in plan_msg
    for msg, spec in ((ru_msg, EXPECTED["reports"][0]), (ky_msg, EXPECTED["reports"][1])):
        assert msg.startswith("loaded: report ")
        assert f"as of {_dmy(spec['as_of'])} ({spec['rows']} rows) for plan «Стратегический план" in msg


def test_reports_listed(statuses):
    st = statuses[DATES[-1]]
    assert st["schema"] == "shailoo/tracking@2"
    assert st["plan"]["measures"] == EXPECTED["measures"] == len(st["measures"])
    got = [(r["as_of"], r["rows"], r["language"]) for r in st["reports"]]
    assert got == [(r["as_of"], r["rows"], r["language"]) for r in EXPECTED["reports"]]


# --------------------------------------------------------------------------- status at three dates


@pytest.mark.parametrize("as_of", DATES)
def test_every_measure(statuses, as_of):
    exp = EXPECTED["as_of"][as_of]
    st = statuses[as_of]
    assert len(st["reports"]) == exp["reports"]
    assert [_view(m) for m in st["measures"]] == exp["measures"]
    totals = {k: st["totals"][k] for k in exp["totals"]}
    assert totals == exp["totals"]


@pytest.mark.parametrize("as_of", DATES)
def test_measures_without_report(statuses, as_of):
    exp = EXPECTED["as_of"][as_of]
    absent = [m for m in statuses[as_of]["measures"] if m["report_id"] is None]
    assert [m["measure"] for m in absent] == exp["absent"]
    for m in absent:
        assert m["no_report"] is True and m["status"] == "no_report"
        assert m["status_text"] is None and m["status_date"] is None
    for m in statuses[as_of]["measures"]:
        assert m["no_report"] is (m["status"] == "no_report")


@pytest.mark.parametrize("as_of", DATES)
def test_unknown_measures(statuses, as_of):
    assert [u["measure"] for u in statuses[as_of]["unknown_measures"]] == EXPECTED["as_of"][as_of]["unknown"]


@pytest.mark.parametrize("as_of", DATES)
def test_changes(statuses, as_of):
    st = statuses[as_of]
    got = [{"measure": m["measure"], "from": m["previous_status"], "to": m["status"]} for m in st["changes"]]
    assert got == EXPECTED["as_of"][as_of]["changes"]
    assert [m for m in st["measures"] if m["changed"]] == st["changes"]


@pytest.mark.parametrize("as_of", DATES)
def test_summaries_add_up(store, statuses, as_of):
    _, db, _, _ = store
    st = statuses[as_of]
    measures = st["measures"]
    fields = ("measures", *STATUSES, "overdue")

    def tally(items) -> dict:
        c = Counter(m["status"] for m in items)
        return {"measures": len(items), **{s: c[s] for s in STATUSES}, "overdue": sum(m["overdue"] for m in items)}

    assert {k: st["totals"][k] for k in fields} == tally(measures)
    for s in st["by_executor"] + st["by_goal"] + st["by_year"] + [st["totals"]]:
        assert s["measures"] == sum(s[k] for k in STATUSES), s
    # goals partition the measures
    for k in fields:
        assert sum(s[k] for s in st["by_goal"]) == st["totals"][k]
    assert [s["key"] for s in st["by_goal"]] == [str(g) for g in range(1, 10)]
    # an executor's summary counts exactly the measures it executes («other»: measures without one)
    owners = sorted({e["key"] for m in measures for e in m["executor_refs"]} |
                    ({"other"} if any(not m["executor_refs"] for m in measures) else set()))
    assert sorted(s["key"] for s in st["by_executor"]) == owners
    for s in st["by_executor"]:
        mine = [m for m in measures if s["key"] in ([e["key"] for e in m["executor_refs"]] or ["other"])]
        assert {k: s[k] for k in fields} == tally(mine), s["key"]
        # named as the plan prints it (never an id), except «no executor given»
        names = {e["name"] for m in mine for e in m["executor_refs"] if e["key"] == s["key"]}
        assert (s["name"] in names) if s["key"] != "other" else s["name"] is None
    # by year: the measures planned in that year, as they stood at the end of it (or on the day)
    assert [y["year"] for y in st["by_year"]] == [2023, 2024, 2025]
    for y in st["by_year"]:
        assert y["at"] == min(f"{y['year']}-12-31", as_of)
        then = status_json(db, y["at"])["measures"] if y["at"] != as_of else measures
        mine = [m for m in then if y["year"] in m["planned_years"]]
        assert {k: y[k] for k in ("measures", *STATUSES)} == {k: tally(mine)[k] for k in ("measures", *STATUSES)}


def test_text_lists_overdue_by_executor(store, statuses):
    _, db, _, _ = store
    as_of = DATES[-1]
    text = ok("track", "status", "--as-of", _dmy(as_of), "--db", db, "--lang", "en")
    lines = text.splitlines()
    t = EXPECTED["as_of"][as_of]["totals"]
    assert lines[0].startswith("Plan «Стратегический план действий (СПД) ")
    assert lines[2].startswith(f"As of {_dmy(as_of)}: 2 reports (20.01.2024, 25.01.2025)")
    assert lines[3].startswith(f"{t['measures']} measures: {t['done']} done, {t['in_progress']} in progress, "
                               f"{t['not_started']} not started, {t['no_report']} no report; {t['overdue']} overdue measures")
    late = [m for m in statuses[as_of]["measures"] if m["overdue_years"]]
    assert sum("  OVERDUE for " in line for line in lines) == len(late) >= t["overdue"]
    start = lines.index("Overdue by executor:")
    listed = {}
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        owner, ms = line.strip().split(": ", 1)
        listed[owner] = [x.split(" (")[0] for x in ms.split("), ")]
    want: dict[str, list[str]] = {}
    for m in late:
        for name in [e["name"] for e in m["executor_refs"]] or ["no executor given"]:
            if m["measure"] not in want.setdefault(name, []):
                want[name].append(m["measure"])
    assert listed == want
    assert listed["no executor given"] == ["5.2", "7.2"]  # the plan names no executor for them
    # names as the plan prints them, never the gazetteer's ids (issue 20)
    assert "Миниост (ГСИН)" in text and "ГСИН" in text
    for body_id in ("gsin", "detention_centres", "armed_forces_general_staff", "gkdo", "cec", "mcr", "other:"):
        assert body_id not in text
    # the regression is listed apart from the other changes
    back = lines.index("Moved back since the previous report:")
    assert lines[back + 1] == "  2.1: done → in progress (25.01.2025)"
    fwd = lines.index("Changed since the previous report:")
    assert not any(line.startswith("  2.1:") for line in lines[fwd + 1:fwd + 10])
    assert ("Report rows for measures the plan does not have: 10.1 (row 30, report of 20.01.2024), "
            "7.5 (row 21, report of 25.01.2025)") in lines


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_text_in_russian_and_kyrgyz_has_no_ids_and_no_iso_dates(store, lang):
    import re

    _, db, _, _ = store
    text = ok("track", "status", "--as-of", "01.06.2025", "--db", db, "--lang", lang)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "ISO dates in the text listing"
    for body_id in ("gsin", "detention_centres", "armed_forces_general_staff", "gkdo", "in_progress", "no_report",
                    "not_started", "TR20"):
        assert body_id not in text.replace("[TR20", "")
    head = {"ru": ("План «", "По состоянию на 01.06.2025: отчётов 2", "утвердил: Центральная комиссия по выборам"),
            "ky": ("План «", "01.06.2025 абалы боюнча: отчеттор 2", "бекиткен: Центральная комиссия по выборам")}[lang]
    assert text.startswith(head[0]) and head[1] in text and head[2] in text
    # (the approving body in the plan's language, as the plan names it); the English frame is gone
    for word in ("measures:", "overdue by executor", "changed since", "as of"):
        assert word not in text.lower()


# --------------------------------------------------------------------------- the CSV twin, reloading


def test_csv_gives_the_same_statuses_as_xlsx(store, statuses):
    d, _, base, _ = store
    db = copy_store(base, d / "csv.duckdb")
    msg = ok("track", "add-report", REPORT_CSV, "--as-of", AS_OF_KY, "--db", db, "--lang", "en")
    assert f"({EXPECTED['reports'][1]['rows']} rows)" in msg
    for as_of in DATES[1:]:
        csv_st = status_json(db, as_of)
        assert [_view(m) for m in csv_st["measures"]] == [_view(m) for m in statuses[as_of]["measures"]]
        assert [_view(m) for m in csv_st["measures"]] == EXPECTED["as_of"][as_of]["measures"]
        assert [u["measure"] for u in csv_st["unknown_measures"]] == EXPECTED["as_of"][as_of]["unknown"]
        assert csv_st["reports"][-1]["language"] == "ky"


@pytest.mark.parametrize("which", ["ru", "ky"])
def test_reloading_is_a_no_op(store, statuses, which):
    d, db0, _, _ = store
    db = copy_store(db0, d / f"reload_{which}.duckdb")
    before = counts(db)
    path, as_of = (REPORT_RU, AS_OF_RU) if which == "ru" else (REPORT_KY, AS_OF_KY)
    out = ok("track", "add-report", path, "--as-of", as_of, "--db", db, "--lang", "en")
    assert out.startswith("already loaded: report ") and out.count("\n") == 1
    assert counts(db) == before == (2, 41)
    for as_of in DATES:
        assert status_json(db, as_of)["measures"] == statuses[as_of]["measures"]


# --------------------------------------------------------------------------- refusals (exit 2, one line)


def test_report_for_another_plan_is_refused(store):
    d, db0, _, _ = store
    db = copy_store(db0, d / "other.duckdb")
    before = counts(db)
    code, out, err = run("track", "add-report", REPORT_OTHER, "--as-of", "2023-01-20", "--db", db)
    assert code == 2 and out == ""
    one_error_line(err)
    assert str(REPORT_OTHER) in err and "another plan" in err
    assert "11.1" in err
    assert counts(db) == before


def test_plan_must_be_chosen_when_the_store_has_two(store):
    """Two copies of one plan (HTML and DOCX): a report fits both equally — refused; ``status`` without
    ``--plan`` gives the portfolio of both; ``--plan`` (a prefix) gives one."""
    d, _, base, _ = store
    db = copy_store(base, d / "two_plans.duckdb")
    ok("track", "add-plan", FIXTURES / "docx" / "seed003.docx", "--db", db)
    code, out, err = run("track", "add-report", REPORT_KY, "--as-of", AS_OF_KY, "--db", db)
    assert code == 2 and out == ""
    assert "--plan" in one_error_line(err) and "2 plans" in err and "Стратегический план" in err
    pf = status_json(db, DATES[0])
    assert pf["schema"] == "shailoo/tracking-portfolio@1" and len(pf["plans"]) == 2
    plan_id = status_json(copy_store(base, d / "one_plan.duckdb"), DATES[0])["plan"]["plan_id"]
    st = status_json(db, DATES[0], "--plan", plan_id[:6])
    assert st["plan"]["plan_id"] == plan_id
    assert [_view(m) for m in st["measures"]] == EXPECTED["as_of"][DATES[0]]["measures"]


def test_status_on_a_missing_store(tmp_path):
    db = tmp_path / "nothing.duckdb"
    code, out, err = run("track", "status", "--as-of", DATES[0], "--db", db)
    assert code == 2 and out == ""
    assert str(db) in one_error_line(err)
    assert not db.exists()


def test_add_report_to_a_missing_store(tmp_path):
    db = tmp_path / "nothing.duckdb"
    code, out, err = run("track", "add-report", TRACK / "report_2025-01-25_ky.csv", "--as-of", "2025-01-25", "--db", db)
    assert code == 2 and out == "" and "add-plan" in one_error_line(err)
    assert not db.exists()


def _csv_without_status(path: Path) -> None:
    path.write_text("Показатель;Значение\nЧисло семинаров;12\nЧисло участников;340\n", encoding="utf-8")


def _docx_without_table(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Информация о ходе исполнения Плана действий по итогам 2023 года")
    doc.add_paragraph("Мера 2.1 исполнена, мера 2.2 в процессе исполнения.")
    doc.save(path)


@pytest.mark.parametrize("name, make", [("no_status.csv", _csv_without_status),
                                        ("no_table.docx", _docx_without_table)])
def test_report_without_a_table_is_refused(store, tmp_path, name, make):
    _, _, base, _ = store
    db = copy_store(base, tmp_path / "t.duckdb")
    path = tmp_path / name
    make(path)
    code, out, err = run("track", "add-report", path, "--as-of", "2024-02-01", "--db", db)
    assert code == 2 and out == ""
    assert str(path) in one_error_line(err) and "no table" in err
    assert counts(db) == (1, 21)


# --------------------------------------------------------------------------- the fixtures themselves


def test_fixtures_rebuild_identically(tmp_path):
    from fixtures import build_track

    assert build_track.main(["--out", str(tmp_path), "--no-verify"]) == 0
    built = sorted(p.name for p in tmp_path.iterdir())
    # (fixtures/track/portfolio/ is fixtures/build_portfolio.py's)
    assert built == sorted(p.name for p in TRACK.iterdir() if p.suffix != ".yaml" and p.is_file())
    for name in built:
        assert (tmp_path / name).read_bytes() == (TRACK / name).read_bytes(), name


# --------------------------------------------------------------------------- status words


def _examples():
    from shailoo.corpus import all_languages

    return [pytest.param(text, status, id=f"{lang.language}-{k}")
            for lang in all_languages() for k, (text, status) in enumerate(lang.progress.examples)]


@pytest.mark.parametrize("text, status", _examples())
def test_progress_examples(text, status):
    from shailoo.apps.track.store import classify_status

    assert classify_status(text) == status


def test_a_contradicting_report_for_the_same_day_is_refused(store, tmp_path):
    """Two reports speaking for one day must agree; the second's word is never silently lost or
    silently winning."""
    d, db0, _, _ = store
    db = copy_store(db0, tmp_path / "contradict.duckdb")
    before = counts(db)
    src = (TRACK / "report_2025-01-25_ky.csv").read_text(encoding="utf-8-sig")
    # measure 1 was reported done («Аткарылды»); the same day's second report says it was not started
    changed = src.replace("1,\"БШК, жумушчу топтор, көз карандысыз эксперттер\",Аткарылды.",
                          "1,\"БШК, жумушчу топтор, көз карандысыз эксперттер\",Аткарылган жок.", 1)
    assert changed != src
    other = tmp_path / "report_2025-01-25_other.csv"
    other.write_text(changed, encoding="utf-8")
    code, out, err = run("track", "add-report", other, "--as-of", AS_OF_KY, "--db", db)
    assert code == 2 and "contradicts a report already loaded for 2025-01-25: measure 1 (" in one_error_line(err)
    assert counts(db) == before
    # the same corrected report on its own date is accepted
    assert run("track", "add-report", other, "--as-of", "2025-02-01", "--db", db)[0] == 0


@pytest.mark.parametrize("lang, names", [
    ("ru", ["Меры", "Исполнители", "Цели", "Годы плана", "Изменения", "Неизвестные номера"]),
    ("ky", ["Чаралар", "Аткаруучулар", "Максаттар", "Пландын жылдары", "Өзгөрүүлөр", "Белгисиз номерлер"]),
    ("en", ["Measures", "Executors", "Goals", "Plan years", "Changes", "Unknown numbers"]),
])
def test_xlsx_sheet_names_in_the_language(store, tmp_path, lang, names):
    from openpyxl import load_workbook

    _, db, _, _ = store
    path = tmp_path / f"status_{lang}.xlsx"
    code, out, err = run("track", "status", "--as-of", "01.06.2025", "--db", db, "-f", "xlsx", "-o", path, "--lang", lang)
    assert code == 0 and out == ""
    assert load_workbook(path).sheetnames == names
