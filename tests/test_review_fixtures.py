"""The review fixtures (``fixtures/build_review.py``) hold exactly what ``fixtures/review/planted.yaml`` says.

* the builder is reproducible: rebuilt into a temporary directory, the three DOCX files are byte-identical;
* the Kyrgyz plan parses as a Kyrgyz calendar plan with the Russian plan's header facts, and every row's
  typed values (terms, printed dates, owner ids, citations) equal the Russian row's except exactly the
  planted disagreements;
* the second draft differs from the first by exactly the planted changes, aligned by the manifest;
* ``shailoo check`` finds in the defects file exactly the clean plan's findings plus the planted ones.

The typed values are compared here directly (the manifest's notation, see its head), independently of
any comparison tool and of the builder's own check.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile

import pytest
import yaml
from lxml import etree

from shailoo import corpus
import shailoo
from conftest import FIXTURES, ROOT
from shailoo.parsers.interpret.context import detect_language
from shailoo.rules.check import check

MANIFEST = yaml.safe_load((FIXTURES / "review" / "planted.yaml").read_text(encoding="utf-8"))
OUTPUTS = ("seed001_ky.docx", "seed001_draft2.docx", "seed001_defects.docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


# --------------------------------------------------------------------------- the manifest's notation


def term_str(t) -> str:
    if t.kind == "relative":
        return f"{t.n} {t.unit} {t.direction} {t.anchor} {t.bound}"
    if t.kind == "event":
        return f"event {t.relation} {t.anchor}"
    if t.kind == "recurring":
        return f"recurring {t.frequency} {t.anchor}"
    return t.kind


def printed_strs(t) -> list[str]:
    return [" ".join(x for x in (d.qualifier, d.value.isoformat() if d.value else f"?{d.raw}", d.time) if x)
            for d in _dates(t)]


def cite_str(c) -> str:
    s = f"{c.act} {c.article}" if c.article else f"{c.act}"
    if c.part:
        s += f".{c.part}"
    if c.point:
        s += f" p{c.point}"
    if c.paragraph:
        s += f" para{c.paragraph}"
    return s


def term_value(a) -> str:
    """The row's terms with their printed dates: the manifest's value of a ``term`` difference."""
    out = []
    for t in a.terms:
        printed = printed_strs(t)
        out.append(term_str(t) + (f" ({', '.join(printed)})" if printed else ""))
    return "; ".join(out)


def dates_value(a):
    """The printed dates of the row (a scalar when there is one): the value of a ``printed_date`` difference."""
    ds = [d.value.isoformat() if d.value else f"?{d.raw}" for t in a.terms for d in _dates(t)]
    return ds[0] if len(ds) == 1 else ds


def _dates(t) -> list:
    if t.kind == "date":
        return [t.date]
    if t.kind == "range":
        return [t.start_date, t.end_date]
    return list(getattr(t, "printed", []))


def differences(a, b) -> set[tuple]:
    """(field, a value, b value) of every typed difference between rows ``a`` and ``b``, in the manifest's
    notation: a changed term is one ``term`` difference, its printed dates with it; ``printed_date`` only
    when the terms agree."""
    out = set()
    if [term_str(t) for t in a.terms] != [term_str(t) for t in b.terms]:
        out.add(("term", term_value(a), term_value(b)))
    elif [printed_strs(t) for t in a.terms] != [printed_strs(t) for t in b.terms]:
        out.add(("printed_date", _norm(dates_value(a)), _norm(dates_value(b))))
    for field, get in (("owners", lambda r: sorted({o.id for o in r.responsible})),
                       ("citations", lambda r: [cite_str(c) for c in r.citations])):
        if get(a) != get(b):
            out.add((field, _norm(get(a)), _norm(get(b))))
    return out


def _norm(v):
    return tuple(str(x) for x in v) if isinstance(v, list) else str(v)


def rows(doc) -> dict[str, object]:
    out = {}
    for a in doc.activities:
        key = a.path or "0"
        assert key not in out, f"row {key} twice in {doc.source.path}"
        out[key] = a
    return out


def as_set(entries, *keys) -> set[tuple]:
    return {tuple(_norm(e[k]) for k in keys) for e in entries}


_PARSED: dict[str, object] = {}


def parsed(rel: str):
    """A fixture parsed once per test session (display path relative to the project)."""
    if rel not in _PARSED:
        _PARSED[rel] = shailoo.parse(ROOT / rel, display_path=rel)
    return _PARSED[rel]


# --------------------------------------------------------------------------- the builder


def test_builder_is_reproducible(tmp_path):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from fixtures import build_review

    paths = build_review.build(tmp_path, verify=False)
    assert [p.name for p in paths] == list(OUTPUTS)
    for name in OUTPUTS:
        built, committed = tmp_path / "docx" / name, FIXTURES / "docx" / name
        assert committed.exists(), f"{committed} missing: run python fixtures/build_review.py"
        assert built.read_bytes() == committed.read_bytes(), (
            f"{name} differs from a rebuild: run python fixtures/build_review.py and commit the result")


def _xml(name: str):
    with zipfile.ZipFile(FIXTURES / "docx" / name) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


@pytest.mark.parametrize("name,auto", [("seed001_ky.docx", True), ("seed001_draft2.docx", True),
                                       ("seed001_defects.docx", False)])
def test_laid_out_like_seed001(name, auto):
    """One table, its header repeated, 13 section rows merged across, № as Word numbering or typed text."""
    (tbl,) = _xml(name).findall(".//w:tbl", NS)
    trs = tbl.findall("w:tr", NS)
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
    merged = [tr for tr in trs if tr.find("w:tc/w:tcPr/w:gridSpan[@w:val='4']", NS) is not None]
    assert len(merged) == 13
    numbered = [tr for tr in trs[1:] if tr.find("w:tc/w:p/w:pPr/w:numPr", NS) is not None]
    first_texts = ["".join(tr.find("w:tc", NS).itertext()).strip() for tr in trs[1:] if tr not in merged]
    if auto:
        assert len(numbered) == len(first_texts) - 1  # every row but the unnumbered opening row
        assert not any(first_texts)  # the digits are Word's, not in the text
    else:
        assert not numbered
        assert first_texts[1:4] == ["1.", "2.", "3."]


# --------------------------------------------------------------------------- the Kyrgyz version

LV = MANIFEST["language_version"]


def test_ky_header_facts():
    ru, ky = parsed(LV["a"]).document, parsed(LV["b"]).document
    assert ky.language == "ky" and ru.language == "ru"
    assert ky.kind == "calendar_plan"
    assert ky.election_day == ru.election_day == dt.date(2022, 10, 9)
    assert (ky.approved.number, ky.approved.date) == (ru.approved.number, ru.approved.date) == ("72", dt.date(2022, 8, 10))
    assert ky.approved.act == "токтому"
    assert ky.approved.by == "Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук комиссиясы"
    assert "КАЛЕНДАРДЫК ПЛАН" in ky.title and "Майдан айылдык кеңешинин" in ky.title
    assert list(ky.columns) == list(ru.columns) == ["number", "content", "term", "responsible"]
    assert len(ky.sections) == len(ru.sections) == 13


def test_ky_rows_agree_except_the_planted_disagreements():
    ru, ky = rows(parsed(LV["a"])), rows(parsed(LV["b"]))
    assert len(ky) >= 26  # the brief's minimum: 25 rows and the opening row
    got = set()
    for key, a in ru.items():
        if key not in ky:
            got.add((key, "row", "present", "missing"))
            continue
        got |= {(key, *d) for d in differences(a, ky[key])}
    got |= {(key, "row", "missing", "present") for key in ky if key not in ru}
    want = as_set(LV["disagreements"], "row", "field", "a", "b")
    assert got == want
    # the rows keep their order and sections
    assert [k for k in ru if k in ky] == list(ky)
    assert [len(ky[k].section) for k in ky] == [len(ru[k].section) for k in ky]


def test_ky_citations_resolve_as_the_russian_ones():
    """Bare «Мыйзам» resolves through the plan's own definition («(мындан ары – Мыйзам)»), as «Закона» does."""
    ru, ky = rows(parsed(LV["a"])), rows(parsed(LV["b"]))
    for key, b in ky.items():
        assert [c.act_resolved_by for c in b.citations] == [c.act_resolved_by for c in ru[key].citations], key
        assert all(c.reason is None for c in b.citations), key
    assert {c.act_resolved_by for b in ky.values() for c in b.citations} == {"explicit", "document_definition"}


def _markers(code: str) -> tuple[set[str], set[str]]:
    lang = corpus.language(code)
    return {w.lower() for w in lang.markers.get("words", [])}, set(lang.markers.get("letters", []))


def test_ky_cells_are_kyrgyz():
    """The content, term and owner columns are written in Kyrgyz (corpus/lang/ky.yaml's markers), and no
    cell holds a Russian marker word (ru.yaml)."""
    ru_words, _ = _markers("ru")
    quoted = re.compile(r"«[^»]*»")
    ky = rows(parsed(LV["b"]))
    for role in ("content", "term", "responsible"):
        column = "\n".join(a.cells[role] for a in ky.values())
        assert detect_language(column) == "ky", role
        for key, a in ky.items():
            # the regulation of row 66 has no Kyrgyz title in corpus/acts.yaml: its Russian one is quoted
            words = re.findall(r"\w+", quoted.sub(" ", a.cells[role]).lower())
            assert not [w for w in words if w in ru_words], (key, role, a.cells[role])


# --------------------------------------------------------------------------- the second draft

DRAFT = MANIFEST["draft"]


def _alignment() -> list[tuple[str, str]]:
    """(a row, b row) of the rows both drafts hold, in order, from the manifest's added and removed rows."""
    a_rows, b_rows = rows(parsed(DRAFT["a"])), rows(parsed(DRAFT["b"]))
    removed = {c["a_row"] for c in DRAFT["changes"] if c["kind"] == "removed"}
    added = {c["b_row"] for c in DRAFT["changes"] if c["kind"] == "added"}
    a_keep = [k for k in a_rows if k not in removed]
    b_keep = [k for k in b_rows if k not in added]
    assert len(a_keep) == len(b_keep)
    return list(zip(a_keep, b_keep))


def test_draft2_rows_are_renumbered():
    a_rows, b_rows = rows(parsed(DRAFT["a"])), rows(parsed(DRAFT["b"]))
    assert list(b_rows) == ["0"] + [str(i) for i in range(1, len(b_rows))]
    assert len(b_rows) == len(a_rows)  # one row added, one removed
    pairs = dict(_alignment())
    assert pairs["20"] == "20" and pairs["21"] == "22" and pairs["49"] == "50" and pairs["51"] == "51"


def test_draft2_differs_by_exactly_the_planted_changes():
    a_rows, b_rows = rows(parsed(DRAFT["a"])), rows(parsed(DRAFT["b"]))
    got = set()
    for ka, kb in _alignment():
        got |= {(ka, kb, *d) for d in differences(a_rows[ka], b_rows[kb])}
    changed = [c for c in DRAFT["changes"] if c["kind"] == "changed"]
    assert got == as_set(changed, "a_row", "b_row", "field", "a", "b")


def test_draft2_text_is_unchanged_elsewhere():
    """Rows not planted print the same cells; the wording-only row prints other words for the same values."""
    a_rows, b_rows = rows(parsed(DRAFT["a"])), rows(parsed(DRAFT["b"]))
    touched = {(c["a_row"], c["b_row"]) for c in DRAFT["changes"] if c["kind"] == "changed"}
    wording = {(w["a_row"], w["b_row"]) for w in DRAFT["wording_only"]}
    for ka, kb in _alignment():
        ca = {r: t for r, t in a_rows[ka].cells.items() if r != "number"}
        cb = {r: t for r, t in b_rows[kb].cells.items() if r != "number"}
        if (ka, kb) in wording:
            assert all(ca[r] != cb[r] for r in ("content", "term", "responsible")), (ka, kb)
            assert not differences(a_rows[ka], b_rows[kb])
        elif (ka, kb) not in touched:
            assert ca == cb, (ka, kb)
    assert parsed(DRAFT["a"]).document.sections == parsed(DRAFT["b"]).document.sections


def test_draft2_added_and_removed_rows():
    a_rows, b_rows = rows(parsed(DRAFT["a"])), rows(parsed(DRAFT["b"]))
    (added,) = [c["b_row"] for c in DRAFT["changes"] if c["kind"] == "added"]
    (removed,) = [c["a_row"] for c in DRAFT["changes"] if c["kind"] == "removed"]
    new = b_rows[added]
    assert new.terms and new.responsible and new.citations
    assert all(new.cells["content"] != a.cells["content"] for a in a_rows.values())
    gone = a_rows[removed]
    assert all(gone.cells["content"] != b.cells["content"] for b in b_rows.values())


# --------------------------------------------------------------------------- the defects

DEFECTS = MANIFEST["defects"]


def _pairs(report) -> set[tuple[str, str]]:
    return {(f.code, f.activity) for f in report.findings}


def test_clean_plan_gives_the_baseline():
    assert _pairs(check(parsed(DEFECTS["clean"]))) == as_set(DEFECTS["baseline"], "code", "activity")


def test_defects_give_baseline_plus_planted_exactly():
    report = check(parsed(DEFECTS["file"]))
    want = as_set(DEFECTS["baseline"], "code", "activity") | as_set(DEFECTS["planted"], "code", "activity")
    assert _pairs(report) == want
    assert len(report.findings) == len(DEFECTS["baseline"]) + len(DEFECTS["planted"])
    by_pair = {(f.code, f.activity): f for f in report.findings}
    for p in DEFECTS["planted"]:
        f = by_pair[(p["code"], str(p["activity"]))]
        assert (f.severity, f.cell) == (p["severity"], p["cell"]), p


def test_defects_keep_the_rest_of_the_plan():
    """Apart from the planted cells, the defects file prints the clean plan's cells."""
    clean, bad = parsed(DEFECTS["clean"]), parsed(DEFECTS["file"])
    assert len(clean.activities) == len(bad.activities)
    planted = {(str(p["activity"]), p.get("defect_cell", p["cell"])) for p in DEFECTS["planted"]}
    planted |= {("58", "number")}  # printed «57.» (SH132 reports it under 57)
    for a, b in zip(clean.activities, bad.activities):
        key = a.path or "0"
        for role, text in a.cells.items():
            if (key, role) not in planted:
                assert b.cells[role] == text, (key, role)
