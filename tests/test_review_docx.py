"""``shailoo check --format docx``: the reviewer's Word file back with one comment per finding.

Checked independently of the code that places the comments: the comment ranges are found in the saved
XML, and the cell each one sits in is identified by its row's position and its column's header text.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import regex
from docx.oxml.ns import qn

from shailoo import cli
import shailoo
from shailoo.corpus.i18n import text as words
from shailoo.outputs.docx_comments import Note, finding_notes, review_docx
from shailoo.outputs.present import act_title, date_text, rule_title, severity_word
from shailoo.rules.check import check

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "fixtures" / "docx" / "seed001_defects.docx"
SEED001 = ROOT / "fixtures" / "docx" / "seed001.docx"
ISO_DATE = regex.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def findings_json(path, lang="ru"):
    code, out, _ = run("check", path, "--format", "json", "--lang", lang)
    assert code in (0, 1)
    return json.loads(out)


def body_text(path) -> list[str]:
    """Every text-bearing element of the body in order: the document's text, whatever the runs."""
    d = docx.Document(str(path))
    tags = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
    out = []
    for el in d.element.body.iter(*tags):
        out.append(el.text if tags[el.tag] is None else tags[el.tag])
    return out


def visible_texts(path) -> list[str]:
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            texts.extend(c.text for c in r.cells)
    return texts


def grid_position(tc) -> tuple[int, int, int]:
    """(table number in the body, row index, grid column) of a ``w:tc``."""
    tr = tc.getparent()
    tbl = tr.getparent()
    col = 0
    for other in tr.iterchildren(qn("w:tc")):
        if other is tc:
            break
        span = other.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
        col += int(span.get(qn("w:val"))) if span is not None else 1
    rows = list(tbl.iterchildren(qn("w:tr")))
    tables = list(tbl.getparent().iterchildren(qn("w:tbl")))
    return tables.index(tbl), rows.index(tr), col


def header_text_at(tbl, col) -> str:
    tr = next(tbl.iterchildren(qn("w:tr")))
    c = 0
    for tc in tr.iterchildren(qn("w:tc")):
        span = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
        w = int(span.get(qn("w:val"))) if span is not None else 1
        if c <= col < c + w:
            return "".join(t.text or "" for t in tc.iter(qn("w:t")))
        c += w
    return ""


def comment_sites(path) -> dict[int, object]:
    """comment id -> the element its range starts in (a ``w:tc`` or a body ``w:p``)."""
    d = docx.Document(str(path))
    sites = {}
    for start in d.element.body.iter(qn("w:commentRangeStart")):
        node = start.getparent()
        while node.tag not in (qn("w:tc"), qn("w:body")):
            if node.tag == qn("w:p") and node.getparent().tag == qn("w:body"):
                break
            node = node.getparent()
        sites[int(start.get(qn("w:id")))] = node
    return sites


@pytest.fixture(scope="module", params=["seed001", "defects"])
def reviewed(request, tmp_path_factory):
    src = SEED001 if request.param == "seed001" else DEFECTS
    assert src.exists(), f"{src} is missing: run python fixtures/build_review.py"
    dest = tmp_path_factory.mktemp("review") / "reviewed.docx"
    code, out, err = run("check", src, "--format", "docx", "-o", dest, "--lang", "ru")
    assert code in (0, 1), err
    assert dest.exists() and "comments" in out
    return src, dest, findings_json(src)


def test_one_comment_per_finding(reviewed):
    src, dest, report = reviewed
    d = docx.Document(str(dest))
    comments = list(d.comments)
    assert len(comments) == len(report["findings"]) > 0
    for c, f in zip(sorted(comments, key=lambda c: c.comment_id), report["findings"]):
        assert c.author == "shailoo"
        head = c.text.splitlines()[0]
        assert head == f"[{f['code']}] {severity_word(f['severity'], 'ru').capitalize()} — {rule_title(f['code'], 'ru')}"
        assert f["rule"] not in c.text  # the rule's slug is for machines
        assert f["message"] in c.text
        if f["expected"]:
            assert f"Ожидается: {date_text(f['expected'])}" in c.text
        assert not ISO_DATE.search(c.text), c.text  # dates as DD.MM.YYYY
        if f["statute"] and f["statute"].get("act"):
            assert f["statute"]["act"] not in c.text  # the act by its title, not its id
            assert f"Норма: {act_title(f['statute']['act'], 'ru')}" in c.text
    # every comment id used in the body exactly once, and only those
    sites = comment_sites(dest)
    assert sorted(sites) == sorted(c.comment_id for c in comments)


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_comments_are_written_for_a_lawyer(lang):
    """Issue 19: the head names the severity and the rule's title, dates are DD.MM.YYYY, the act its title."""
    rep = check(shailoo.parse(DEFECTS), lang=lang)
    notes = {(f.activity, f.code): n.text for f, n in zip(rep.findings, finding_notes(rep, lang))}
    expected, found = (words(f"word.comment.{k}", lang) for k in ("expected", "found"))
    sh106 = notes[("35", "SH106")]
    assert sh106.splitlines()[0] == f"[SH106] {severity_word('error', lang).capitalize()} — {rule_title('SH106', lang)}"
    assert f"{expected}: 19.09.2022; {found}: 24.09.2022" in sh106.splitlines()
    sh151 = notes[("12", "SH151")]
    provision = words("word.comment.provision", lang)
    assert f"{provision}: {act_title('local_kenesh_law', lang)}" in sh151
    assert "14.07.2011" in sh151
    for text in notes.values():
        assert not ISO_DATE.search(text), text
        assert "local_kenesh_law" not in text and "statute-conflict" not in text


def test_comments_sit_in_the_right_rows_cell(reviewed):
    src, dest, report = reviewed
    parsed = json.loads(shailoo.parse(src).to_json())
    columns = parsed["document"]["columns"]
    acts = {(a["number"] or "").rstrip(".") or a["path"]: a for a in parsed["activities"]}
    sites = comment_sites(dest)
    assert len(sites) == len(report["findings"])
    for cid, f in enumerate(report["findings"]):
        site = sites[cid]
        if f["activity"] is None:
            continue
        assert site.tag == qn("w:tc"), f
        table, row, col = grid_position(site)
        assert (table, row) == (f["provenance"]["table"], f["provenance"]["row"]), f
        # the right cell: its column's header names the finding's cell role
        assert f["cell"] in columns, f
        assert header_text_at(site.getparent().getparent(), col) == columns[f["cell"]], f
        a = acts[f["activity"]]
        printed = "".join(t.text or "" for t in site.iter(qn("w:t")))
        assert " ".join(printed.split()) == " ".join(a["cells"].get(f["cell"], "").split()), f


def test_document_text_untouched(reviewed):
    src, dest, _ = reviewed
    assert body_text(dest) == body_text(src)
    assert visible_texts(dest) == visible_texts(src)


def test_reviewed_file_reads_back_the_same(reviewed):
    src, dest, _ = reviewed
    a, b = shailoo.parse(src), shailoo.parse(dest, display_path=str(src))
    assert [x.cells for x in a.activities] == [x.cells for x in b.activities]
    assert a.document == b.document


def test_comments_are_the_manifests_defects(reviewed):
    """seed001: the baseline notes only; the defects fixture: baseline + every planted defect, each in
    the cell the manifest names."""
    import yaml

    src, dest, report = reviewed
    manifest = yaml.safe_load((ROOT / "fixtures" / "review" / "planted.yaml").read_text(encoding="utf-8"))
    want = list(manifest["defects"]["baseline"]) + (list(manifest["defects"]["planted"]) if src == DEFECTS else [])
    assert sorted((f["code"], f["activity"]) for f in report["findings"]) == \
        sorted((p["code"], str(p["activity"])) for p in want)
    got = {(f["code"], f["activity"], f["cell"]) for f in report["findings"]}
    for p in want:
        if p.get("cell"):
            assert (p["code"], str(p["activity"]), p["cell"]) in got, p


def test_libreoffice_opens_the_reviewed_file(reviewed, tmp_path):
    from shailoo.parsers.read.legacy import find_soffice

    soffice = find_soffice()
    assert soffice, "LibreOffice (soffice) is needed: .ci/run installs libreoffice-writer-nogui"
    src, dest, _ = reviewed
    profile = tmp_path / "profile"
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(dest)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "reviewed.pdf"
    assert proc.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000, proc.stderr
    import pdfplumber

    with pdfplumber.open(pdf) as p:
        assert len(p.pages) >= 5
        assert "КАЛЕНДАРНЫЙ ПЛАН" in p.pages[0].extract_text()


# --------------------------------------------------------------------------- placement rules


def test_note_without_place_goes_on_the_title(tmp_path):
    dest = tmp_path / "t.docx"
    doc = shailoo.parse(SEED001)
    rev = review_docx(str(SEED001), str(dest), [Note(text="строка 77 отсутствует")], title=doc.document.title)
    [p] = rev.placements
    assert p.where == "title"
    [site] = comment_sites(dest).values()
    assert site.tag == qn("w:p")
    text = "".join(t.text or "" for t in site.iter(qn("w:t")))
    assert text.strip() and " ".join(text.split()).casefold() in " ".join(doc.document.title.split()).casefold()


def test_empty_cell_gets_a_comment_without_text(tmp_path):
    # the № cells of seed 001 hold Word auto numbering and no runs at all
    doc = shailoo.parse(SEED001)
    a = next(x for x in doc.activities if x.path == "12")
    dest = tmp_path / "n.docx"
    rev = review_docx(str(SEED001), str(dest), [Note(text="номер", table=a.provenance.table, row=a.provenance.row,
                                                      cell="number")])
    assert rev.placements[0].where == "cell" and rev.placements[0].role == "number"
    [site] = comment_sites(dest).values()
    assert grid_position(site)[1:] == (a.provenance.row, 0)
    assert body_text(dest) == body_text(SEED001)


def test_pdf_refused_for_docx_but_html_works(tmp_path):
    pdf = ROOT / "fixtures" / "pdf" / "seed001.pdf"
    code, out, err = run("check", pdf, "--format", "docx", "-o", tmp_path / "x.docx")
    assert code == 2 and not (tmp_path / "x.docx").exists()
    assert err.count("\n") == 1 and "seed001.pdf" in err and "DOCX" in err and "--format html" in err


def test_batch_writes_one_copy_per_file_and_survives_a_bad_one(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    a = tmp_path / "a.docx"
    shutil.copy(SEED001, a)
    outdir = tmp_path / "out"
    code, out, err = run("check", a, bad, SEED001, "--format", "docx", "-o", outdir, "--fail-on", "never")
    assert code == 2
    assert err.count("shailoo: error: ") == 1 and "broken.docx" in err
    assert err.count("\n") == 3  # the error, and one line naming each copy written (issue 19)
    assert sorted(p.name for p in outdir.iterdir()) == ["a.reviewed.docx", "seed001.reviewed.docx"]


def test_output_naming_conflicts_are_refused(tmp_path):
    a = tmp_path / "x" / "plan.docx"
    b = tmp_path / "y" / "plan.docx"
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(SEED001, p)
    code, _, err = run("check", a, b, "--format", "docx", "-o", tmp_path / "out")
    assert code == 2 and "would be written there" in err
    f = tmp_path / "file.docx"
    f.write_bytes(b"")
    code, _, err = run("check", a, b, "--format", "docx", "-o", f)
    assert code == 2 and "must be a folder" in err
