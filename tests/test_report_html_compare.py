"""The HTML page of ``shailoo compare`` (``shailoo.outputs.html.format_comparison_html``).

Two comparisons of seed 001 (DOCX): with its Kyrgyz version (language mode: a term, a printed date,
owners, a citation, a row only the Russian has) and with its second draft (draft mode: a term, owners,
a citation, a row added, a row removed, a run of renumbered rows). Unit tests read the markup; the
browser tests open the page in Debian's headless Chromium through Python playwright (never
``playwright install``: the browser is ``/usr/bin/chromium``) and fail, not skip, when either is missing.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import shailoo
from conftest import FIXTURES
from shailoo.rules.context import label
from shailoo.rules.engine import compare
from shailoo.outputs.html import format_comparison_html, match_differences

PWN = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
PWN_TITLE = "<script>window.__pwned=3</script> План"


def _parse(name: str):
    return shailoo.parse(FIXTURES / "docx" / name, display_path=f"fixtures/docx/{name}")


@pytest.fixture(scope="module")
def docs():
    return {n: _parse(f"{n}.docx") for n in ("seed001", "seed001_ky", "seed001_draft2")}


@pytest.fixture(scope="module")
def cases(docs):
    """name -> (report, a, b): the language and the draft comparison."""
    a = docs["seed001"]
    out = {}
    for name, b in (("language", docs["seed001_ky"]), ("draft", docs["seed001_draft2"])):
        rep = compare(a, b, lang="ru")
        assert rep.mode == name
        out[name] = (rep, a, b)
    return out


@pytest.fixture(scope="module")
def pages(cases):
    return {name: format_comparison_html(rep, a, b, lang="ru") for name, (rep, a, b) in cases.items()}


def _json_count(rep) -> int:
    return len(json.loads(rep.to_json())["findings"])


def test_cases_cover_every_kind(cases):
    kinds = Counter((f.details["field"], f.details["kind"]) for rep, _, _ in cases.values() for f in rep.findings)
    assert {("term", "changed"), ("printed_date", "changed"), ("owners", "changed"), ("citations", "changed"),
            ("row", "added"), ("row", "removed"), ("number", "renumbered")} <= set(kinds)
    assert {p.by for rep, _, _ in cases.values() for p in rep.alignment} >= {"number", "text", "added", "removed"}


# --------------------------------------------------------------------------- unit tests, no browser


@pytest.mark.parametrize("name", ["language", "draft"])
def test_self_contained(pages, name):
    h = pages[name]
    assert h.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert "<link" not in h.lower() and "@import" not in h and "@font-face" not in h
    assert "http://" not in h and "https://" not in h
    assert not re.search(r"url\(\s*['\"]?(?!data:)", h)
    tags = re.findall(r"<[a-zA-Z][^<>]*>", h)
    assert [t for t in tags if re.search(r"\ssrc\s*=", t)] == []
    hrefs = [m for t in tags for m in re.findall(r"\shref\s*=\s*\"([^\"]*)\"", t)]
    assert all(v.startswith("#") for v in hrefs), hrefs
    assert len(re.findall(r"<script\b", h)) == 1 and len(re.findall(r"<style\b", h)) == 1


@pytest.mark.parametrize("name", ["language", "draft"])
def test_csp_hash_matches_the_script(pages, name):
    h = pages[name]
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', h)
    assert m, "no CSP meta"
    policy = htmllib.unescape(m.group(1))
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
    assert m.start() < h.index("<style>") < h.index("<script>")
    [script] = re.findall(r"<script>(.*?)</script>", h, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", policy) == [digest]


@pytest.mark.parametrize("name", ["language", "draft"])
def test_one_finding_element_per_finding(pages, cases, name):
    rep, _, _ = cases[name]
    h = pages[name]
    n = _json_count(rep)
    assert n and h.count('class="finding"') == n == len(rep.findings)
    assert re.search(r'<span id="finding-count">(\d+)</span>', h).group(1) == str(n)
    assert re.search(r'<span id="visible-count">(\d+)</span>', h).group(1) == str(n)
    shown = Counter(re.findall(r'<li class="finding" data-severity="\w+" data-rule="SH16\d" '
                               r'data-field="(\w+)" data-kind="(\w+)">', h))
    assert shown == Counter((f.details["field"], f.details["kind"]) for f in rep.findings)


def _pairs(h: str) -> list[dict]:
    out = []
    for tag in re.findall(r'<tr class="pair"[^>]*>', h):
        out.append({k: htmllib.unescape(v) for k, v in re.findall(r'\s(data-[\w-]+)="([^"]*)"', tag)})
    return out


@pytest.mark.parametrize("name", ["language", "draft"])
def test_one_row_per_aligned_pair(pages, cases, name):
    rep, _, _ = cases[name]
    rows = _pairs(pages[name])
    assert len(rows) == len(rep.alignment)
    assert [(r["data-a"], r["data-b"], r["data-by"]) for r in rows] == \
        [(p.a or "", p.b or "", p.by) for p in rep.alignment]
    header, per_pair = match_differences(rep)
    assert sum(map(len, per_pair)) + len(header) == len(rep.findings)
    for r, fs in zip(rows, per_pair):
        assert r["data-findings"] == str(len(fs))
        assert set(r["data-fields"].split()) == {f.details["field"] for f in fs}
        assert set(r["data-kinds"].split()) == {f.details["kind"] for f in fs}


def _row_html(h: str, a: str, b: str) -> str:
    start = h.index(f'data-a="{a}" data-b="{b}"')
    return h[start:h.index("</tr>", start)]


def test_findings_sit_beside_their_pair(pages, cases):
    h = pages["draft"]
    rep, _, _ = cases["draft"]
    # a removed row (activity None, a_row 50) on the line of A's row 50
    removed = _row_html(h, "50", "")
    assert 'data-by="removed"' in removed and 'data-field="row" data-kind="removed"' in removed
    # the renumbered run starts where A's 21 became B's 22
    assert 'data-field="number" data-kind="renumbered"' in _row_html(h, "21", "22")
    assert 'data-field="row" data-kind="added"' in _row_html(h, "", "21")
    assert 'data-field="term" data-kind="changed"' in _row_html(h, "12", "12")
    # language mode: the row only the Russian version has
    h = pages["language"]
    assert 'data-field="row" data-kind="removed"' in _row_html(h, "76", "")
    assert 'data-field="printed_date"' in _row_html(h, "40", "40")
    assert "06.10.2022" in _row_html(h, "40", "40") and "03.10.2022" in _row_html(h, "40", "40")


def test_side_texts_are_the_rows(pages, cases):
    rep, a, b = cases["language"]
    h = pages["language"]
    row = _row_html(h, "15", "15")
    x = next(x for x in a.activities if label(x) == "15")
    y = next(y for y in b.activities if label(y) == "15")
    text = htmllib.unescape(row)
    assert x.cells["content"] in text and y.cells["content"] in text
    assert x.cells["term"] in text and y.cells["responsible"] in text
    assert '<td class="c-side c-b"><div class="side-text" lang="ky">' in row


def test_header_and_summary(pages, cases):
    h = pages["language"]
    assert 'data-mode="language"' in h and "<strong>языковые версии</strong>" in h
    assert "<h2>Версия A — русский</h2>" in h and "<h2>Версия B — кыргызский</h2>" in h
    a_side = h[h.index('id="side-a"'):h.index('id="side-b"')]
    b_side = h[h.index('id="side-b"'):h.index('id="summary"')]
    assert "<dt>Файл</dt><dd lang=\"ru\">fixtures/docx/seed001.docx</dd>" in a_side
    assert "<dt>Файл</dt><dd lang=\"ky\">fixtures/docx/seed001_ky.docx</dd>" in b_side
    for side in (a_side, b_side):
        assert "<dt>День голосования</dt>" in side and "09.10.2022" in side
    rep, _, _ = cases["language"]
    summary = h[h.index('<table class="summary-fields">'):]
    summary = summary[:summary.index("</table>")]
    for f in rep.findings:
        assert f'<tr data-field="{f.details["field"]}">' in summary
    assert re.search(r'<tfoot><tr><th scope="row">Всего</th>.*<td class="num">%d</td></tr></tfoot>'
                     % len(rep.findings), summary)
    d = pages["draft"]
    assert "<strong>редакции</strong>" in d and "<h2>Прежняя редакция (A)</h2>" in d


def test_header_level_findings_come_before_the_table(cases):
    rep, a, b = cases["draft"]
    info = b.document.model_copy(update={"election_day": b.document.election_day.replace(day=16)})
    b2 = b.model_copy(update={"document": info})
    rep2 = compare(a, b2, lang="en")
    [f] = [f for f in rep2.findings if f.details["field"] == "election_day"]
    h = format_comparison_html(rep2, a, b2, lang="en")
    assert h.count('class="finding"') == len(rep2.findings)
    block = h.index('id="header-findings"')
    assert block < h.index('<table class="alignment">')
    part = h[block:h.index('<table class="alignment">')]
    assert part.count('class="finding"') == 1 and 'data-field="election_day"' in part
    assert "09.10.2022" in part and "16.10.2022" in part
    assert "Differences in the document header" in part


def test_rows_named_by_their_printed_numbers(cases):
    """Issue 19: a difference shown apart from the aligned rows names its row «№ 12», as printed."""
    rep, a, b = cases["draft"]
    f = next(f for f in rep.findings if f.activity == "12")
    stray = f.model_copy(update={"activity": "99"})
    rep2 = rep.model_copy(update={"findings": list(rep.findings) + [stray]})
    h = format_comparison_html(rep2, a, b, lang="ru")
    part = h[h.index('id="header-findings"'):h.index('<table class="alignment">')]
    assert '<span class="row-label">№ 99</span>' in part
    assert "Строка 99" not in h


def _visible_text(h: str) -> str:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(h)
    for el in tree.xpath("//style|//script|//*[@class='message']"):
        el.getparent().remove(el)
    return " ".join(tree.itertext())


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize("name", ["language", "draft"])
def test_words_for_a_lawyer(cases, name, lang):
    """No ISO dates, no internal row indexes, no English words (file names and «SHA-256» aside)."""
    rep, a, b = cases[name]
    text = _visible_text(format_comparison_html(rep, a, b, lang=lang))
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    latin = set(re.findall(r"\b[A-Za-z][A-Za-z_-]{2,}\b", text)) - {"SHA-", "docx", "fixtures", "shailoo"}
    assert latin == set(), latin


def test_document_text_is_escaped(cases):
    rep, a, b = cases["draft"]
    acts = list(b.activities)
    i = next(i for i, y in enumerate(acts) if label(y) == "12")
    cells = dict(acts[i].cells, content=PWN + " " + acts[i].cells["content"])
    acts[i] = acts[i].model_copy(update={"cells": cells, "text": cells["content"]})
    b2 = b.model_copy(update={"activities": acts,
                              "document": b.document.model_copy(update={"title": PWN_TITLE})})
    rep2 = compare(a, b2, lang="ru")
    h = format_comparison_html(rep2, a, b2, lang="ru")
    assert PWN not in h and "<img" not in h
    assert len(re.findall(r"<script\b", h)) == 1
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in h
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt; План" in h


@pytest.mark.parametrize("lang, words", [
    ("ky", ["Документтин версияларын салыштыруу", "тил версиялары", "Айырмасы бар саптар гана", "A версиясы"]),
    ("en", ["Comparison of two versions", "language versions", "Only rows with differences", "Version B — Kyrgyz",
            "Legal citations", "changed"]),
])
def test_interface_languages(cases, lang, words):
    rep, a, b = cases["language"]
    h = format_comparison_html(rep, a, b, lang=lang)
    assert h.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    for w in words:
        assert w in h, w
    with pytest.raises(ValueError):
        format_comparison_html(rep, a, b, lang="de")


def test_no_differences(docs, capsys):
    a = docs["seed001"]
    rep = compare(a, a, lang="en")
    assert rep.findings == []
    h = format_comparison_html(rep, a, a, lang="en")
    assert '<span id="finding-count">0</span>' in h and "No differences" in h
    assert 'class="finding"' not in h and h.count('<tr class="pair"') == len(rep.alignment)
    assert capsys.readouterr() == ("", "")


def test_print_css(pages):
    css = pages["draft"][pages["draft"].index("<style>"):pages["draft"].index("</style>")]
    p = css[css.index("@media print"):]
    assert re.search(r"\.controls[^{]*\{\s*display:\s*none", p)
    assert "table.alignment thead { display: table-header-group; }" in p


# --------------------------------------------------------------------------- in a real browser




@pytest.fixture(scope="module")
def files(tmp_path_factory, pages):
    tmp = tmp_path_factory.mktemp("report_html_compare")
    out = {}
    for name, h in pages.items():
        path = tmp / f"{name}.html"
        path.write_text(h, encoding="utf-8")
        out[name] = path.as_uri()
    return out


@pytest.fixture(params=["language", "draft"])
def page(request, browser, files):
    """(name, page) on a fresh page of one comparison; asserts at teardown that nothing failed or was fetched."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    url = files[request.param]
    pg.goto(url)
    pg.wait_for_load_state("load")
    yield request.param, pg
    assert errors == []
    assert requests == [url], requests
    context.close()


_STATE = """() => ({
  findings: Array.from(document.querySelectorAll('li.finding')).map(f => ({
    field: f.dataset.field, kind: f.dataset.kind, visible: f.checkVisibility()})),
  rows: Array.from(document.querySelectorAll('tr.pair')).map(r => ({
    pair: r.dataset.pair, visible: r.checkVisibility()})),
  count: document.getElementById('finding-count').innerText,
  visibleCount: document.getElementById('visible-count').innerText,
})"""


def _expected_rows(rep, hidden_fields=(), hidden_kinds=()) -> set[str]:
    """The pairs the «only rows with differences» toggle leaves visible."""
    _, per_pair = match_differences(rep)
    return {str(i) for i, fs in enumerate(per_pair)
            if any(f.details["field"] not in hidden_fields and f.details["kind"] not in hidden_kinds for f in fs)}


def test_browser_counts_and_no_errors(page, cases):
    name, pg = page
    rep, _, _ = cases[name]
    s = pg.evaluate(_STATE)
    assert s["count"] == s["visibleCount"] == str(_json_count(rep))
    assert len(s["findings"]) == len(rep.findings) and all(f["visible"] for f in s["findings"])
    assert len(s["rows"]) == len(rep.alignment) and all(r["visible"] for r in s["rows"])
    assert pg.evaluate("window.__pwned") is None


def test_browser_field_filter_and_toggle(page, cases):
    name, pg = page
    rep, _, _ = cases[name]
    fields = Counter(f.details["field"] for f in rep.findings)
    for fld, n in fields.items():
        pg.uncheck(f"#filter-field-{fld}")
        s = pg.evaluate(_STATE)
        hidden = [f for f in s["findings"] if not f["visible"]]
        assert len(hidden) == n and all(f["field"] == fld for f in hidden), fld
        assert s["visibleCount"] == str(len(rep.findings) - n)
        assert all(r["visible"] for r in s["rows"])  # rows stay until the toggle is on
        pg.check("#only-findings")
        s = pg.evaluate(_STATE)
        assert {r["pair"] for r in s["rows"] if r["visible"]} == _expected_rows(rep, hidden_fields={fld}), fld
        pg.uncheck("#only-findings")
        pg.check(f"#filter-field-{fld}")
    s = pg.evaluate(_STATE)
    assert s["visibleCount"] == str(len(rep.findings)) and all(r["visible"] for r in s["rows"])


def test_browser_without_javascript(browser, files):
    """Without JavaScript every row and difference is shown and the filters, which need it, are hidden."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True, java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(files["draft"])
        assert not pg.is_visible("#controls")
        assert pg.evaluate("() => Array.from(document.querySelectorAll('tr.pair, li.finding'))"
                           ".every(e => e.checkVisibility())")
    finally:
        context.close()


def test_browser_kind_filter_and_print(page, cases):
    name, pg = page
    rep, _, _ = cases[name]
    pg.check("#only-findings")
    s = pg.evaluate(_STATE)
    assert {r["pair"] for r in s["rows"] if r["visible"]} == _expected_rows(rep)
    pg.uncheck("#filter-kind-changed")
    s = pg.evaluate(_STATE)
    assert Counter((f["field"], f["kind"]) for f in s["findings"] if f["visible"]) == \
        Counter((f.details["field"], f.details["kind"]) for f in rep.findings if f.details["kind"] != "changed")
    assert {r["pair"] for r in s["rows"] if r["visible"]} == _expected_rows(rep, hidden_kinds={"changed"})
    assert pg.is_visible("#controls")
    pg.emulate_media(media="print")
    assert not pg.is_visible("#controls")
    pg.emulate_media(media="screen")
    pdf = pg.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
