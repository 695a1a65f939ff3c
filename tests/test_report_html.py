"""The HTML report (``shailoo.outputs.html.format_html``): self-contained, escaped, filterable, printable.

Unit tests read the markup; the browser tests open the file in Debian's headless Chromium through
Python playwright (never ``playwright install``: the browser is ``/usr/bin/chromium``) and check what a
reviewer sees: the counts, the filters, that text injected into a cell stays text, and the print view.
Those tests fail, not skip, when playwright or Chromium is missing: CI installs both.

The report under test holds four documents with findings of all three severities:

* seed 001 (DOCX): four SH106 ``info`` findings with worked date arithmetic;
* the RU schedule case (tests/rules_fixtures) with a ``<script>`` planted in a content cell and in the
  title: errors (SH101, SH103) and warnings, two rows numbered «5.»;
* seed 001 (text) with row 9 changed to «За 50 календарных дней»: an SH151 ``warning`` (the 60 days are CEC
  practice, issue 17) besides the SH106s;
* seed 002 (text): a prose finding (activity None), shown in the «Текст документа» block.
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
from markupsafe import escape

import shailoo
from conftest import FIXTURES, ROOT
from shailoo.rules.check import check
from shailoo.rules.context import label
from shailoo.outputs.html import format_html, match_findings

PWN = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
PWN_TITLE = "<script>window.__pwned=3</script> План"
OLD9 = "За 60 календарных дней до дня голосования (до 10 августа 2022 года)"
NEW9 = "За 50 календарных дней до дня голосования (до 20 августа 2022 года)"


# --------------------------------------------------------------------------- the documents


def _injected_schedule():
    """The RU schedule case with PWN in the content of the second row «5.» (no owner: SH111 quotes it)."""
    doc = shailoo.parse(ROOT / "tests" / "rules_fixtures" / "schedule_ru.txt")
    acts = list(doc.activities)
    i = next(i for i, a in enumerate(acts) if "Тренинг операторов" in a.cells.get("content", ""))
    a = acts[i]
    cells = dict(a.cells, content=PWN + " Тренинг операторов")
    acts[i] = a.model_copy(update={"cells": cells, "text": cells["content"]})
    info = doc.document.model_copy(update={"title": PWN_TITLE})
    return doc.model_copy(update={"activities": acts, "document": info}), i


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(items, injected row index): the four (report, document) pairs of the module docstring."""
    tmp = tmp_path_factory.mktemp("report_html")
    seed001 = shailoo.parse(FIXTURES / "docx" / "seed001.docx", display_path="fixtures/docx/seed001.docx")
    schedule, pwn_row = _injected_schedule()
    text = (FIXTURES / "text" / "seed001.txt").read_text(encoding="utf-8")
    assert OLD9 in text
    changed = tmp / "seed001_row9_50days.txt"
    changed.write_text(text.replace(OLD9, NEW9), encoding="utf-8")
    statute = shailoo.parse(changed)
    seed002 = shailoo.parse(FIXTURES / "text" / "seed002.txt", display_path="fixtures/text/seed002.txt")
    docs = [seed001, schedule, statute, seed002]
    items = [(check(d, lang="ru"), d) for d in docs]
    return items, pwn_row


@pytest.fixture(scope="module")
def page_html(corpus):
    items, _ = corpus
    return format_html(items, lang="ru")


def _total(items) -> int:
    """The finding count as the JSON output gives it."""
    return sum(len(json.loads(rep.to_json())["findings"]) for rep, _ in items)


def test_corpus_has_every_severity(corpus):
    items, _ = corpus
    sev = Counter(f.severity for rep, _ in items for f in rep.findings)
    assert sev["error"] and sev["warning"] and sev["info"]
    codes = {f.code for rep, _ in items for f in rep.findings}
    assert {"SH106", "SH151", "SH101", "SH111"} <= codes
    assert any(f.activity is None for f in items[3][0].findings)


# --------------------------------------------------------------------------- unit tests, no browser


def test_self_contained(page_html):
    h = page_html
    assert h.startswith("<!DOCTYPE html>\n<html lang=\"ru\">")
    assert "<link" not in h.lower()
    assert "@import" not in h and "@font-face" not in h
    assert not re.search(r"url\(\s*['\"]?(?!data:)", h)
    tags = re.findall(r"<[a-zA-Z][^<>]*>", h)
    srcs = [t for t in tags if re.search(r"\ssrc\s*=", t)]
    assert srcs == [], srcs
    hrefs = [m for t in tags for m in re.findall(r"\shref\s*=\s*\"([^\"]*)\"", t)]
    assert hrefs and all(v.startswith("#") for v in hrefs), hrefs
    assert not re.search(r"(?:src|href|action)\s*=\s*[\"']?\s*(?:https?:)?//", h, re.I)
    assert len(re.findall(r"<script\b", h)) == 1 and len(re.findall(r"<style\b", h)) == 1
    assert re.search(r"<script>", h) and not re.search(r"<script[^>]*\ssrc", h)


def test_csp_hash_matches_the_script(page_html):
    h = page_html
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', h)
    assert m, "no CSP meta"
    policy = htmllib.unescape(m.group(1))
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
    assert "img-src data:" in policy
    # the policy comes before anything it governs
    assert m.start() < h.index("<style>") < h.index("<script>")
    hashes = re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", policy)
    [script] = re.findall(r"<script>(.*?)</script>", h, re.S)
    assert hashes == [base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()]
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_document_text_is_escaped(page_html, corpus):
    h = page_html
    assert PWN not in h
    assert "window.__pwned=1" in h  # it is there, as text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in h
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt; План" in h  # the title, in the header and meta
    assert "<img" not in h
    # the SH111 message quotes the cell: escaped as well
    items, _ = corpus
    [owner] = [f for f in items[1][0].findings if f.rule == "owner-missing"]
    assert "<script>" in owner.message and str(escape(owner.message)) in h


def test_one_finding_element_per_finding(page_html, corpus):
    items, _ = corpus
    h = page_html
    total = _total(items)
    assert h.count('class="finding"') == total == sum(len(rep.findings) for rep, _ in items)
    assert re.search(r'<span id="finding-count">(\d+)</span>', h).group(1) == str(total)
    assert re.search(r'<span id="visible-count">(\d+)</span>', h).group(1) == str(total)
    shown = Counter(re.findall(r'<li class="finding" data-severity="(\w+)" data-rule="(SH\d+)">', h))
    assert shown == Counter((f.severity, f.code) for rep, _ in items for f in rep.findings)
    for i, (rep, _) in enumerate(items):
        section = h[h.index(f'<section class="document" id="doc-{i}"'):]
        section = section[:section.index("</section>\n<section class=\"document\"")] if i + 1 < len(items) else section
        assert section.count('class="finding"') == len(rep.findings)


def _rows(h: str, i: int) -> list[dict]:
    """The attributes of each activity row of document ``i``, in order."""
    out = []
    for tag in re.findall(r'<tr class="activity" id="doc-%d-row-\d+"[^>]*>' % i, h):
        out.append({k: htmllib.unescape(v) for k, v in re.findall(r'\s(data-[\w-]+)="([^"]*)"', tag)})
    return out


def test_every_activity_is_a_row_with_its_findings(page_html, corpus):
    items, _ = corpus
    for i, (rep, doc) in enumerate(items):
        rows = _rows(page_html, i)
        assert [r["data-row"] for r in rows] == [str(j) for j in range(len(doc.activities))]
        assert [r["data-activity"] for r in rows] == [label(a) or "" for a in doc.activities]
        prose, per_row = match_findings(rep, doc)
        for r, fs in zip(rows, per_row):
            assert r["data-findings"] == str(len(fs))
            assert set(r["data-severities"].split()) == {f.severity for f in fs}
            assert set(r["data-rules"].split()) == {f.code for f in fs}


def test_match_findings_by_label_and_provenance(corpus):
    items, _ = corpus
    rep, doc = items[1]  # two rows numbered «5.»
    prose, per_row = match_findings(rep, doc)
    assert prose == []
    fives = [j for j, a in enumerate(doc.activities) if label(a) == "5"]
    assert len(fives) == 2
    assert [f.rule for f in per_row[fives[0]]] == ["place-missing"]
    assert sorted(f.rule for f in per_row[fives[1]]) == ["date-incomplete", "numbering-duplicate", "owner-missing"]
    # documents whose labels are unique: exactly the label's row
    for rep, doc in (items[0], items[2]):
        prose, per_row = match_findings(rep, doc)
        assert prose == []
        for a, fs in zip(doc.activities, per_row):
            assert [f for f in fs] == [f for f in rep.findings if f.activity == label(a)]


def test_prose_findings_come_before_the_table(page_html, corpus):
    items, _ = corpus
    rep, doc = items[3]
    [f] = [f for f in rep.findings if f.activity is None]
    h = page_html[page_html.index('<section class="document" id="doc-3"'):]
    block = h.index('id="doc-3-prose"')
    assert "<h3>Текст документа</h3>" in h[block:block + 200]
    assert block < h.index('<table class="activities">')
    assert str(escape(f.message)) in h[block:h.index('<table class="activities">')]


def test_document_header_and_summary(page_html, corpus):
    h = page_html
    for label_, value in [("Файл", "fixtures/docx/seed001.docx"), ("SHA-256", "efed3f379d2f"),
                          ("Формат", "docx"), ("Вид документа", "календарный план"), ("Язык", "русский"),
                          ("День голосования", "09.10.2022"), ("Утверждён", "постановлением"),
                          ("Номер", "72"), ("Дата утверждения", "10.08.2022")]:
        assert re.search(rf"<dt>{re.escape(label_)}</dt><dd[^>]*>{re.escape(value)}</dd>", h), label_
    assert "КАЛЕНДАРНЫЙ ПЛАН основных организационно" in h
    doc0 = h[:h.index('id="doc-1"')]
    assert re.search(r'<tr data-severity="info"><td><span class="sev">Замечания</span></td><td class="num">4</td>', doc0)
    assert re.search(r'<tr data-rule="SH106"><td>SH106</td><td>offset-date-mismatch</td><td>A relative term[^<]*</td>'
                     r'<td class="num">4</td></tr>', doc0)
    # column headers are the document's own
    assert "<th class=\"c-content\" scope=\"col\">Содержание мероприятий</th>" in doc0
    assert "<th class=\"c-responsible\" scope=\"col\">Ответственные за исполнение</th>" in doc0
    # section headings are separator rows, one per heading
    items, _ = corpus
    assert doc0.count('<tr class="section-row"') == len(items[0][1].document.sections)


def test_worked_arithmetic(page_html):
    h = page_html
    doc0 = h[:h.index('id="doc-1"')]
    row41 = doc0[doc0.index('data-activity="41"'):]
    row41 = row41[:row41.index("</tr>")]
    assert ('<span class="arith-formula">Ожидается: 09.10.2022 (день голосования) − 2 дн. = 07.10.2022</span>; '
            '<span class="arith-printed">Напечатано: 06.10.2022</span>; '
            '<span class="arith-difference">Разница: −1 дн.</span>') in row41
    assert "09.10.2022 (день голосования) + 3 кал. дн. = 12.10.2022" in doc0
    doc2 = h[h.index('id="doc-2"'):h.index('id="doc-3"')]
    row9 = doc2[doc2.index('data-activity="9"'):]
    row9 = row9[:row9.index("</tr>")]
    # the 60 days are known from CEC practice, not the statute text: the worked line and the grade say so
    assert "По практике ЦИК: 09.10.2022 (день голосования) − 60 кал. дн. = 10.08.2022" in row9
    assert '<div class="grade" data-grade="practice">Источник значения: практика ЦИК, а не текст закона (' in row9
    assert "Напечатано: 50 кал. дн. → 20.08.2022" in row9 and "Разница: +10 дн." in row9


@pytest.mark.parametrize("lang, words", [
    ("ky", ["Күтүлгөн: 09.10.2022 (добуш берүү күнү) − 2 күн = 07.10.2022", "Айырма: −1 күн",
            "БШКнын практикасы боюнча: 09.10.2022 (добуш берүү күнү) − 60 календардык күн = 10.08.2022",
            "Маанинин булагы: БШКнын практикасы, мыйзамдын тексти эмес (",
            "Документтин тексти", "Эскертүүсү бар саптар гана"]),
    ("en", ["Expected: 09.10.2022 (election day) − 2 days = 07.10.2022", "Printed: 06.10.2022",
            "In CEC practice: 09.10.2022 (election day) − 60 calendar days = 10.08.2022",
            "Evidence: CEC practice, not the statute text (", "Document text",
            "Only rows with findings"]),
])
def test_interface_languages(corpus, lang, words):
    items, _ = corpus
    h = format_html(items, lang=lang)
    assert h.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    for w in words:
        assert w in h, w


def test_bad_language_and_no_documents(capsys):
    with pytest.raises(ValueError):
        format_html([], lang="de")
    h = format_html([], lang="en")
    assert '<span id="finding-count">0</span>' in h and "No documents" in h
    assert capsys.readouterr() == ("", "")  # library code prints nothing


def test_print_css(page_html):
    css = page_html[page_html.index("<style>"):page_html.index("</style>")]
    p = css[css.index("@media print"):]
    assert "@page" in p and "landscape" in p
    assert re.search(r"\.controls[^{]*\{\s*display:\s*none", p)
    assert "break-inside: avoid" in p and "table-header-group" in p
    assert re.search(r"tr\.collapsed:not\(\[hidden\]\)\s*\{\s*display:\s*table-row", p)


def test_no_print_to_stdout(corpus, capsys):
    items, _ = corpus
    format_html(items[:1], lang="ru")
    assert capsys.readouterr() == ("", "")


# --------------------------------------------------------------------------- in a real browser




@pytest.fixture(scope="module")
def report_file(tmp_path_factory, page_html):
    path = tmp_path_factory.mktemp("report_html_page") / "report.html"
    path.write_text(page_html, encoding="utf-8")
    return path.as_uri()


@pytest.fixture
def page(browser, report_file):
    """A fresh page on the report; asserts at teardown that the page logged no error and raised nothing."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(report_file)
    pg.wait_for_load_state("load")
    yield pg
    assert errors == []
    assert requests == [report_file], requests  # nothing but the file itself was asked for
    context.close()


_STATE = """() => ({
  findings: Array.from(document.querySelectorAll('li.finding')).map(f => ({
    doc: f.closest('section.document').dataset.document, severity: f.dataset.severity, rule: f.dataset.rule,
    visible: f.checkVisibility()})),
  rows: Array.from(document.querySelectorAll('tr.activity')).map(r => ({
    doc: r.closest('section.document').dataset.document, row: r.dataset.row, visible: r.checkVisibility()})),
  sections: Array.from(document.querySelectorAll('tr.section-row')).map(r => r.checkVisibility()),
  count: document.getElementById('finding-count').innerText,
  visibleCount: document.getElementById('visible-count').innerText,
})"""


def _expected_rows(items, hidden_severities=(), hidden_rules=()) -> set[tuple[str, str]]:
    """(document index, row index) of the rows the «only rows with findings» toggle leaves visible."""
    out = set()
    for i, (rep, doc) in enumerate(items):
        _, per_row = match_findings(rep, doc)
        for j, fs in enumerate(per_row):
            if any(f.severity not in hidden_severities and f.code not in hidden_rules for f in fs):
                out.add((str(i), str(j)))
    return out


def test_browser_counts_and_no_errors(page, corpus):
    items, _ = corpus
    total = _total(items)
    s = page.evaluate(_STATE)
    assert s["count"] == str(total) == page.inner_text("#finding-count")
    assert s["visibleCount"] == str(total)
    assert len(s["findings"]) == total and all(f["visible"] for f in s["findings"])
    assert len(s["rows"]) == sum(len(d.activities) for _, d in items)
    assert all(r["visible"] for r in s["rows"])  # the whole plan is shown
    for i, (rep, _) in enumerate(items):
        assert page.inner_text(f"#doc-{i} .doc-visible-count") == str(len(rep.findings))


@pytest.mark.parametrize("severity", ["info", "warning", "error"])
def test_browser_severity_filter(page, corpus, severity):
    items, _ = corpus
    all_f = [f for rep, _ in items for f in rep.findings]
    n = sum(1 for f in all_f if f.severity == severity)
    assert n
    page.uncheck(f"#filter-severity-{severity}")
    s = page.evaluate(_STATE)
    hidden = [f for f in s["findings"] if not f["visible"]]
    assert len(hidden) == n and all(f["severity"] == severity for f in hidden)
    assert all(f["visible"] for f in s["findings"] if f["severity"] != severity)
    assert s["visibleCount"] == str(len(all_f) - n)
    assert all(r["visible"] for r in s["rows"])  # rows stay until the toggle is on

    page.check("#only-findings")
    s = page.evaluate(_STATE)
    visible_rows = {(r["doc"], r["row"]) for r in s["rows"] if r["visible"]}
    assert visible_rows == _expected_rows(items, hidden_severities={severity})
    # the prose block of seed 002 holds one error finding: hidden with it
    assert page.is_visible("#doc-3-prose") == (severity != "error")

    page.check(f"#filter-severity-{severity}")
    s = page.evaluate(_STATE)
    assert {(r["doc"], r["row"]) for r in s["rows"] if r["visible"]} == _expected_rows(items)
    assert s["visibleCount"] == str(len(all_f))


def test_browser_rule_filter_and_toggle(page, corpus):
    items, _ = corpus
    all_f = [f for rep, _ in items for f in rep.findings]
    page.check("#only-findings")
    page.uncheck("#filter-rule-SH106")
    page.uncheck("#filter-severity-warning")
    s = page.evaluate(_STATE)
    shown = Counter((f["severity"], f["rule"]) for f in s["findings"] if f["visible"])
    assert shown == Counter((f.severity, f.code) for f in all_f if f.code != "SH106" and f.severity != "warning")
    visible_rows = {(r["doc"], r["row"]) for r in s["rows"] if r["visible"]}
    assert visible_rows == _expected_rows(items, {"warning"}, {"SH106"})
    # seed 001 (DOCX) has only SH106 findings: no row and no section heading of it is left
    assert not any(d == "0" for d, _ in visible_rows)
    assert page.inner_text("#doc-0 .doc-visible-count") == "0"
    page.click("#rules-none")
    s = page.evaluate(_STATE)
    assert s["visibleCount"] == "0" and not any(r["visible"] for r in s["rows"]) and not any(s["sections"])
    page.uncheck("#only-findings")
    s = page.evaluate(_STATE)
    assert all(r["visible"] for r in s["rows"]) and all(s["sections"])


def test_browser_injected_script_does_not_run(page, corpus):
    items, pwn_row = corpus
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    cell = page.locator(f"#doc-1-row-{pwn_row} td.c-content")
    assert cell.inner_text().startswith("<script>window.__pwned=1</script><img src=x onerror=")
    assert "<script>window.__pwned=3</script> План" in page.inner_text("#doc-1 .doc-meta")


def test_browser_collapse_and_print(page, corpus):
    items, _ = corpus
    page.click("#collapse-all")
    s = page.evaluate(_STATE)
    # every row under a heading is folded away on screen; rows before the first heading stay
    for i, (_, doc) in enumerate(items):
        for j, a in enumerate(doc.activities):
            [r] = [r for r in s["rows"] if r["doc"] == str(i) and r["row"] == str(j)]
            assert r["visible"] == (not a.section), (i, j)
    assert page.is_visible("#controls")
    page.emulate_media(media="print")
    s = page.evaluate(_STATE)
    assert all(r["visible"] for r in s["rows"])  # print expands the folded rows
    assert not page.is_visible("#controls")
    page.emulate_media(media="screen")
    page.click("#expand-all")
    assert all(r["visible"] for r in page.evaluate(_STATE)["rows"])
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
