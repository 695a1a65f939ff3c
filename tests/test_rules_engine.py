"""The rules engine itself: registry (golden list of codes and names), settings file, report, formats, CLI handler."""

from __future__ import annotations

import argparse
import io
import json

import pytest

import shailoo
from conftest import FIXTURES, ROOT
from shailoo.apps.review import run_check as run
from shailoo.outputs.sarif import format_sarif
from shailoo.outputs.text import format_text
from shailoo.rules.check import check
from shailoo.rules.config import ConfigError, load_config, parse_config
from shailoo.rules.findings import FindingsReport
from shailoo.rules.catalog import all_rules, lookup
from shailoo.rules.registry import LANGS

GOLDEN = ROOT / "tests" / "golden" / "rules.json"
SEED001 = FIXTURES / "text" / "seed001.txt"
SEED000 = FIXTURES / "text" / "seed000.txt"


def test_rules_golden(update_golden):
    got = [{"code": r.code, "name": r.name} for r in all_rules()]
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8")), "rule codes/names changed: rerun with --update-golden"


def test_every_rule_is_well_formed():
    rules = all_rules()
    assert len({r.code for r in rules}) == len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert set(LANGS) <= set(r.messages) and r.summary
    names = {r.name for r in rules}
    for n in ("date-invalid", "date-incomplete", "range-inverted", "weekday-mismatch", "date-outside-period",
              "owner-missing", "term-missing", "place-missing", "executor-missing", "timeline-missing",
              "funding-missing", "result-unmeasurable", "numbering-gap", "numbering-duplicate", "numbering-order",
              "total-mismatch", "offset-date-mismatch", "anchor-inconsistent", "cross-reference-mismatch"):
        assert n in names


def test_lookup_by_code_or_name():
    assert lookup("SH101").name == "date-invalid"
    assert lookup("sh101").name == "date-invalid"
    assert lookup("place-missing").code == "SH113"
    assert lookup("no-such-rule") is None


# --------------------------------------------------------------------------- settings


def test_config_disable_and_severity(tmp_path):
    p = tmp_path / "shailoo.toml"
    p.write_text('[rules.place-missing]\nenabled = false\n[rules.SH111]\nseverity = "error"\n', encoding="utf-8")
    cfg = load_config(cwd=tmp_path)  # found in the working directory
    rep = check(shailoo.parse(SEED000), config=cfg)
    assert rep.count("place-missing") == 0
    assert {f.severity for f in rep.findings if f.rule == "owner-missing"} == {"error"}
    assert rep.summary.error == 2


def test_config_keeps_a_rules_own_milder_severity():
    cfg = parse_config({"rules": {"offset-date-mismatch": {"severity": "warning"}}})
    rep = check(shailoo.parse(SEED001), config=cfg)
    assert {f.severity for f in rep.findings if f.rule == "offset-date-mismatch"} == {"info"}


@pytest.mark.parametrize("text, needle", [
    ('[rules.SH999]\nenabled = false\n', "unknown rule"),
    ('[rules.no-such-rule]\nenabled = false\n', "unknown rule"),
    ('[rules.SH101]\nenable = false\n', "unknown key"),
    ('[rules.SH101]\nseverity = "fatal"\n', "rules.SH101.severity"),
    ('[other]\nx = 1\n', "unknown key"),
    ('[rules.SH101]\nenabled = false\n[rules.date-invalid]\nenabled = true\n', "twice"),
    ('[rules\n', "not valid TOML"),
])
def test_config_errors_are_one_line(tmp_path, text, needle):
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(str(p))
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_config_absent_is_default(tmp_path):
    assert load_config(cwd=tmp_path).rules == {}
    with pytest.raises(ConfigError, match="no such file"):
        load_config(str(tmp_path / "missing.toml"))


# --------------------------------------------------------------------------- report and formats


def test_report_json_roundtrip():
    rep = check(shailoo.parse(SEED000))
    data = json.loads(rep.to_json())
    assert data["schema"] == "shailoo/findings@1"
    assert data["summary"] == {"error": 0, "warning": 5, "info": 0}
    f = data["findings"][0]
    assert set(f) == {"code", "rule", "severity", "activity", "cell", "section", "message", "expected", "found", "statute",
                      "provenance", "details"}
    assert FindingsReport.model_validate(data) == rep


def test_format_text_lines_grouped_with_summary():
    rep = check(shailoo.parse(SEED000))
    text = format_text(rep, "ru")
    assert f"{SEED000}: № 13 (Политические партии): [SH111] предупреждение: Не указан ответственный" in text
    assert "owner-missing" not in text and ":-:17" not in text  # no slug, no internal row index
    assert text.rstrip().endswith("ошибок 0, предупреждений 5, примечаний 0 (всего замечаний 5)")
    assert "5 warnings, 0 notes (5 findings)" in format_text(check(shailoo.parse(SEED000), lang="en"), "en")


def test_format_sarif():
    rep = check(shailoo.parse(SEED000))
    s = json.loads(format_sarif(rep))
    assert s["version"] == "2.1.0"
    run_ = s["runs"][0]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} >= {"SH101", "SH111"}
    res = run_["results"][0]
    assert res["ruleId"] == "SH111" and res["level"] == "warning"
    assert res["locations"][0]["physicalLocation"]["region"]["charLength"] > 0


# --------------------------------------------------------------------------- command-line handler


def _args(files, **kw):
    base = dict(files=[str(f) for f in files], format="text", lang="ru", election_day=None, calling_date=None,
                fail_on="error", config=None, output=None, reader=None, statutes=None, debug=False)
    base.update(kw)
    return argparse.Namespace(**base)


def _run(files, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run(_args(files, **kw), out, err)
    return code, out.getvalue(), err.getvalue()


def test_run_exit_codes():
    assert _run([SEED000])[0] == 0                       # warnings only, fail on error
    assert _run([SEED000], fail_on="warning")[0] == 1
    assert _run([FIXTURES / "text" / "seed002.txt"])[0] == 1   # range-inverted is an error
    assert _run([FIXTURES / "text" / "seed002.txt"], fail_on="never")[0] == 0


def test_run_bad_file_is_one_line_and_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run([empty, SEED000], format="json")
    assert code == 2
    assert err.count("\n") == 1 and "empty.txt" in err
    assert json.loads(out)[0]["summary"]["warning"] == 5


def test_run_bad_config(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[rules.SH999]\n", encoding="utf-8")
    code, out, err = _run([SEED000], config=str(p))
    assert code == 2 and err.count("\n") == 1 and "unknown rule" in err


def test_run_reads_parse_json(tmp_path):
    p = tmp_path / "doc.json"
    p.write_text(shailoo.parse(SEED000).to_json(), encoding="utf-8")
    code, out, err = _run([p], format="json")
    assert code == 0 and json.loads(out)["summary"]["warning"] == 5


def test_run_sarif_and_languages():
    code, out, _ = _run([SEED000], format="sarif", lang="ky")
    res = json.loads(out)["runs"][0]["results"][0]
    assert res["message"]["text"].startswith("№ 13 (") and ": Жооптуу" in res["message"]["text"]
    assert res["locations"][0]["logicalLocations"][0]["name"] == "№ 13"


def test_run_election_day_option(tmp_path):
    # Without an election day the relative terms cannot be checked; --election-day supplies it.
    p = tmp_path / "plan.txt"
    p.write_text("Календарный план\n\n№\tМероприятия\tСроки исполнения\tОтветственные\n"
                 "1.\tСоставление списков\tЗа 60 календарных дней до дня голосования (до 12 августа 2022 года)\tЦИК\n",
                 encoding="utf-8")
    import datetime as dt

    assert "offset-date-mismatch" not in _run([p])[1]
    code, out, _ = _run([p], election_day=dt.date(2022, 10, 9), format="json")
    # (the plan has no mark of the Kyrgyz Republic: an info line says the statutes were not applied)
    assert [f["rule"] for f in json.loads(out)["findings"] if f["severity"] != "info"] == ["offset-date-mismatch"]
    assert code == 1
