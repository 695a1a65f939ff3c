"""``shailoo compare``: RU/KY language versions and drafts, in typed values, not wording.

The fixtures' planted differences come from fixtures/review/planted.yaml (written by the fixture
builder, independently of rules/compare.py); the comparison must find each and nothing else.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
import yaml

from shailoo import cli
import shailoo
from shailoo.rules.compare import align, detect_mode
from shailoo.rules.engine import compare

ROOT = Path(__file__).resolve().parents[1]
SEED_TXT = ROOT / "fixtures" / "text" / "seed001.txt"
MANIFEST = yaml.safe_load((ROOT / "fixtures" / "review" / "planted.yaml").read_text(encoding="utf-8"))


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seed():
    return shailoo.parse(SEED_TXT)


def variant(tmp_path, name, edit) -> Path:
    p = tmp_path / name
    p.write_text(edit(SEED_TXT.read_text(encoding="utf-8")), encoding="utf-8")
    return p


def where(f) -> str:
    return f.activity if f.activity is not None else f.details.get("a_row")


# --------------------------------------------------------------------------- the fixtures


def _parse(rel):
    return shailoo.parse(ROOT / rel)


@pytest.fixture(scope="module")
def language_report():
    m = MANIFEST["language_version"]
    return compare(_parse(m["a"]), _parse(m["b"]))


@pytest.fixture(scope="module")
def draft_report():
    m = MANIFEST["draft"]
    return compare(_parse(m["a"]), _parse(m["b"]))


def test_language_versions_every_planted_disagreement_and_nothing_else(language_report):
    rep = language_report
    assert rep.mode == "language"
    assert all(f.rule == "language-version-mismatch" and f.code == "SH161" for f in rep.findings)
    got = sorted((str(where(f)), f.details["field"]) for f in rep.findings)
    want = sorted((str(d["row"]), d["field"]) for d in MANIFEST["language_version"]["disagreements"])
    assert got == want


def test_language_versions_values(language_report):
    by = {(str(where(f)), f.details["field"]): f for f in language_report.findings}
    for d in MANIFEST["language_version"]["disagreements"]:
        f = by[(str(d["row"]), d["field"])]
        if d["field"] == "owners":
            assert f.details["a_value"] == sorted(d["a"]) and f.details["b_value"] == sorted(d["b"])
        elif d["field"] == "printed_date":
            assert f.details["a_value"] == [str(d["a"])] and f.details["b_value"] == [str(d["b"])]
        elif d["field"] == "row":
            assert f.details["kind"] == ("removed" if d["b"] == "missing" else "added")


def test_language_versions_either_order(language_report):
    m = MANIFEST["language_version"]
    rev = compare(_parse(m["b"]), _parse(m["a"]))
    flip = {"removed": "added", "added": "removed"}
    assert sorted((str(where(f)), f.details["field"], flip.get(f.details["kind"], f.details["kind"]))
                  for f in rev.findings) == \
        sorted((str(where(f)), f.details["field"], f.details["kind"]) for f in language_report.findings)


def test_drafts_every_planted_change_and_nothing_else(draft_report):
    rep = draft_report
    assert rep.mode == "draft"
    m = MANIFEST["draft"]
    got = sorted((f.details["kind"], str(f.details.get("a_row")), str(f.activity), f.details["field"])
                 for f in rep.findings if f.details["field"] != "number")
    want = []
    for c in m["changes"]:
        want.append((c["kind"], str(c.get("a_row")), str(c.get("b_row")), c.get("field", "row")))
    assert got == sorted(want)
    # the renumbering an insertion and a removal cause, as one run
    added = [int(c["b_row"]) for c in m["changes"] if c["kind"] == "added"]
    removed = [int(c["a_row"]) for c in m["changes"] if c["kind"] == "removed"]
    [num] = [f for f in rep.findings if f.details["field"] == "number"]
    assert len(added) == len(removed) == 1 and added[0] < removed[0]
    assert num.details["a_value"] == [str(n) for n in range(added[0], removed[0])]
    assert num.details["b_value"] == [str(n + 1) for n in range(added[0], removed[0])]


def test_drafts_wording_only_rows_are_aligned_and_silent(draft_report):
    pairs = {(p.a, p.b) for p in draft_report.alignment}
    for w in MANIFEST["draft"]["wording_only"]:
        assert (str(w["a_row"]), str(w["b_row"])) in pairs
        assert not [f for f in draft_report.findings if f.activity == str(w["b_row"])]


def test_every_row_accounted_for(draft_report, language_report):
    for rep, m in ((draft_report, MANIFEST["draft"]), (language_report, MANIFEST["language_version"])):
        a, b = _parse(m["a"]), _parse(m["b"])
        n_a = sum(1 for x in a.activities if (x.number or x.path))
        n_b = sum(1 for x in b.activities if (x.number or x.path))
        assert sum(1 for p in rep.alignment if p.a) == n_a
        assert sum(1 for p in rep.alignment if p.b) == n_b


# --------------------------------------------------------------------------- small cases


def test_identical_documents_agree(seed):
    rep = compare(seed, seed)
    assert rep.findings == [] and rep.mode == "draft"
    assert all(p.by == "text" for p in rep.alignment)


def test_wording_is_not_a_change(tmp_path, seed):
    p = variant(tmp_path, "w.txt", lambda s: s.replace("Вывешивание предварительного списка избирателей для ознакомления",
                                                        "Размещение предварительного списка избирателей для ознакомления"))
    assert compare(seed, shailoo.parse(p)).findings == []


def test_term_change_fires_once_with_both_values(tmp_path, seed):
    p = variant(tmp_path, "t.txt", lambda s: s.replace("За 50 календарных дней до дня голосования (до 20 августа 2022 года)",
                                                        "За 45 календарных дней до дня голосования (до 25 августа 2022 года)"))
    [f] = compare(seed, shailoo.parse(p), lang="en").findings
    assert (f.activity, f.cell, f.details["field"]) == ("12", "term", "term")
    assert "50 calendar days before election day" in f.message and "45 calendar days" in f.message


def test_printed_date_alone(tmp_path, seed):
    p = variant(tmp_path, "d.txt", lambda s: s.replace("За 50 календарных дней до дня голосования (до 20 августа 2022 года)",
                                                        "За 50 календарных дней до дня голосования (до 21 августа 2022 года)"))
    [f] = compare(seed, shailoo.parse(p)).findings
    assert f.details["field"] == "printed_date" and f.details["b_value"] == ["2022-08-21"]


def test_election_day_in_the_header(tmp_path, seed):
    p = variant(tmp_path, "e.txt", lambda s: s.replace("9 октября 2022 года*", "16 октября 2022 года*")
                                       .replace("назначенных на 9 октября", "назначенных на 16 октября"))
    fs = [f for f in compare(seed, shailoo.parse(p)).findings if f.details["field"] == "election_day"]
    assert len(fs) == 1 and fs[0].activity is None and fs[0].details["b_value"] == "2022-10-16"


def test_language_mode_detected_and_forced(seed):
    ky = _parse(MANIFEST["language_version"]["b"])
    assert detect_mode(seed, ky) == "language" and detect_mode(seed, seed) == "draft"
    assert compare(seed, seed, mode="language").findings == []


def test_language_alignment_survives_missing_numbers(seed):
    ky = _parse(MANIFEST["language_version"]["b"])
    # drop the numbers of Kyrgyz rows 30-40: they are aligned by their typed values instead
    for x in ky.activities:
        if x.path and x.path.isdigit() and 30 <= int(x.path) <= 40:
            x.number, x.path = f"x{x.path}", None
    pairs = [p for p in align(seed, ky, "language") if p.by == "similarity"]
    assert len(pairs) >= 8


# --------------------------------------------------------------------------- command line


def test_cli_text_json_and_exit_codes(tmp_path):
    m = MANIFEST["language_version"]
    code, out, err = run("compare", ROOT / m["a"], ROOT / m["b"], "--format", "json")
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["schema"] == "shailoo/comparison@1" and data["mode"] == "language"
    assert len(data["findings"]) == len(m["disagreements"])
    code, out, _ = run("compare", SEED_TXT, SEED_TXT)
    assert code == 0 and re.search(r"\b0\b", out.splitlines()[-1])
    code, out, _ = run("compare", ROOT / m["a"], ROOT / m["b"], "--fail-on", "never", "--lang", "ky")
    assert code == 0 and "Версиялар дал келбейт" in out


def test_cli_bad_input_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    code, out, err = run("compare", SEED_TXT, bad)
    assert code == 2 and err.count("\n") == 1 and "bad.pdf" in err and out == ""


def test_cli_docx_comments_on_b(tmp_path):
    m = MANIFEST["draft"]
    dest = tmp_path / "b.docx"
    code, out, err = run("compare", ROOT / m["a"], ROOT / m["b"], "--format", "docx", "-o", dest)
    assert code == 1, err
    _, js, _ = run("compare", ROOT / m["a"], ROOT / m["b"], "--format", "json")
    n = len(json.loads(js)["findings"])
    d = docx.Document(str(dest))
    assert len(list(d.comments)) == n
    # B's text is untouched
    src = docx.Document(str(ROOT / m["b"]))
    assert [p.text for p in d.paragraphs] == [p.text for p in src.paragraphs]
    assert [c.text for t in d.tables for r in t.rows for c in r.cells] == \
        [c.text for t in src.tables for r in t.rows for c in r.cells]


def test_cli_docx_refuses_pdf_b(tmp_path):
    code, _, err = run("compare", SEED_TXT, ROOT / "fixtures" / "pdf" / "seed001.pdf", "--format", "docx",
                       "-o", tmp_path / "x.docx")
    assert code == 2 and "DOCX" in err


def test_cli_html(tmp_path):
    m = MANIFEST["language_version"]
    dest = tmp_path / "c.html"
    code, _, err = run("compare", ROOT / m["a"], ROOT / m["b"], "--format", "html", "-o", dest)
    assert code == 1, err
    html = dest.read_text(encoding="utf-8")
    assert html.count('class="finding"') == len(m["disagreements"])
    assert "http://" not in html and "https://" not in html
