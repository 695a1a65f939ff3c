"""Issue 19: the text, SARIF and compare outputs name a finding's place as a lawyer finds it in the printed
document (the row's № and its section), never by the internal table-row index, in the chosen language's
words (severity words, act titles, DD.MM.YYYY dates). Word comments: tests/test_review_docx.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import regex

from shailoo import cli
from shailoo.corpus.i18n import LANGS, text
from shailoo.outputs.present import act_title, rule_description, rule_title

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = "fixtures/docx/seed001_defects.docx"  # as a user types it: the path as given starts each line
SEED001 = "fixtures/docx/seed001.docx"
DRAFT2 = "fixtures/docx/seed001_draft2.docx"
ISO_DATE = regex.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SLUG = regex.compile(r"\b[a-z]+(?:-[a-z]+)+\b")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def defects_json():
    out = io.StringIO()
    cli.main(["check", str(ROOT / DEFECTS), "-f", "json"], out=out, err=io.StringIO())
    return json.loads(out.getvalue())


def _check_text(lang):
    code, out, err = run("check", DEFECTS, "--lang", lang)
    assert code == 1, err
    return out


def test_text_line_names_the_printed_row_and_section():
    out = _check_text("ru")
    lines = out.splitlines()
    assert any(ln.startswith(f"{DEFECTS}: № 12 (Работа со списками избирателей): [SH151] предупреждение: ")
               for ln in lines), out
    sh151 = next(ln for ln in lines if "[SH151]" in ln)
    # The message cites the act and the plan the value comes from: the line does not say them twice.
    assert "ст.13 ч.1 Закона КР «О выборах депутатов местных кенешей»" in sh151 and sh151.count("«О выборах") == 1
    assert sh151.endswith("[Источник значения: практика ЦИК, а не текст закона]") and sh151.count("№ 72") == 1
    sh152 = next(ln for ln in lines if "[SH152]" in ln)  # a message that does not name the act: the line does
    assert f"({act_title('local_kenesh_law', 'ru')}, ст.113 ч.4)" in sh152
    assert f"{DEFECTS}: № 35 (" in out and "[SH106] ошибка: " in out
    assert lines[-1] == f"{DEFECTS}: ошибок 2, предупреждений 5, примечаний 5 (всего замечаний 12)"
    # one line per finding, a blank line between rows, a blank line before the summary
    findings = [ln for ln in lines if ln.startswith(f"{DEFECTS}: № ")]
    assert len(findings) == 12 and lines[-2] == "" and all(lines[i] == "" for i in range(1, len(lines) - 1, 2))


def test_no_line_shows_the_internal_row_index(defects_json):
    out = _check_text("ru")
    internal = {str(f["provenance"]["row"]) for f in defects_json["findings"]}
    printed = {f["activity"] for f in defects_json["findings"]}
    assert "15" in internal  # row № 12 is table row 15
    for ln in out.splitlines()[:-1]:
        if not ln:
            continue
        head = ln.split(": [SH", 1)[0]
        number = regex.search(r": № (\S+)", head)[1]
        assert number in printed and number not in internal - printed, ln
        assert ":-:" not in ln and not regex.search(r"\.docx:\d", ln), ln
    assert "№ 15" not in out


@pytest.mark.parametrize("lang", LANGS)
def test_text_in_the_chosen_language(lang):
    out = _check_text(lang)
    summary = {"ru": "ошибок 2, предупреждений 5, примечаний 5 (всего замечаний 12)",
               "ky": "ката 2, эскертүү 5, маалымат 5 (бардык сын-пикирлер 12)",
               "en": "2 errors, 5 warnings, 5 notes (12 findings)"}[lang]
    assert out.splitlines()[-1] == f"{DEFECTS}: {summary}"
    assert "local_kenesh_law" not in out and act_title("local_kenesh_law", lang) in out
    assert not ISO_DATE.search(out)
    severities = {text(f"common.severity.one.{k}", lang) for k in ("error", "warning", "info")}
    lines = [ln for ln in out.splitlines()[:-1] if ln]
    assert len(lines) == 12
    assert all(regex.search(r": \[SH\d{3}\] ([^:]+): ", ln)[1] in severities for ln in lines), lines
    if lang != "en":
        assert not SLUG.findall(out)  # no rule slug (statute-conflict) in Russian or Kyrgyz lines


def test_compare_lines_name_rows_and_a_removed_row_by_its_number_in_a():
    code, out, err = run("compare", SEED001, DRAFT2)
    assert code == 1, err
    lines = out.splitlines()
    assert f"{DRAFT2}: № 12 (Работа со списками избирателей): [SH162] " in out
    removed = [ln for ln in lines if "-50" in ln or "№ 50 " in ln]
    assert removed == [ln for ln in lines if ln.startswith(f"{DRAFT2}: {text('review.compare.removed', 'ru', n='50', a=SEED001)}: [SH162] ")]
    assert len(removed) == 1 and ":-50" not in out
    assert lines[-2] == "" and lines[-1].startswith(f"{SEED001} → {DRAFT2}: ")


@pytest.mark.parametrize("lang", LANGS)
def test_sarif_logical_locations_and_rule_texts(lang, defects_json):
    code, out, err = run("check", DEFECTS, "-f", "sarif", "--lang", lang)
    assert code == 1, err
    run_ = json.loads(out)["runs"][0]
    results = run_["results"]
    assert len(results) == 12
    by_row = {r["locations"][0]["logicalLocations"][0]["name"]: r for r in results
              if r["ruleId"] == "SH151"}
    row = text("common.finding.row", lang, n="12")
    r = by_row[row]
    logical = r["locations"][0]["logicalLocations"][0]
    assert logical["kind"] == "row"
    assert logical["fullyQualifiedName"] == text("common.finding.row_section", lang, n="12",
                                                 section=defects_json["findings"][0]["section"])
    assert r["message"]["text"].startswith(logical["fullyQualifiedName"] + ": ")
    for res in results:  # every finding of this plan is on a row: named by its printed number
        [loc] = res["locations"][0]["logicalLocations"]
        assert loc["name"] == text("common.finding.row", lang, n=res["properties"]["activity"])
    assert text("common.finding.row", lang, n="15") not in by_row  # the internal table-row index of № 12
    # the properties name the row by its printed number only: no internal table or row index (from 0)
    assert all(not {"row", "table"} & set(res["properties"]) for res in results)
    rules = {x["id"]: x for x in run_["tool"]["driver"]["rules"]}
    assert rules["SH151"]["name"] == "statute-conflict"  # SARIF's machine name stays the slug
    assert rules["SH151"]["shortDescription"]["text"] == rule_title("SH151", lang)
    assert rules["SH151"]["fullDescription"]["text"] == rule_description("SH151", lang)
    assert rules["SH151"]["help"]["text"] == rule_description("SH151", lang)
