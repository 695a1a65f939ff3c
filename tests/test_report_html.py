"""The HTML report (``shailoo.outputs.html.format_html``): self-contained, escaped, filterable, printable,
written for the legal department (issue 19): it opens on the findings, one card each grouped by severity,
each naming its row by the number printed in the plan; the plan below shows only the rows with findings
until one click shows it whole.

Unit tests read the markup; the browser tests open the file in Debian's headless Chromium through
Python playwright (never ``playwright install``: the browser is ``/usr/bin/chromium``) and check what a
reviewer sees: the cards above the plan, the counts, the filters, that text injected into a cell stays
text, the page without JavaScript, and the print view. Those tests fail, not skip, when playwright or
Chromium is missing: CI installs both. A screenshot of the defects report (ru) is written to
``docs/screenshots/report-findings.png`` when it is missing or with ``--update-golden``.

The report under test holds four documents with findings of all three severities:

* seed 001 (DOCX): four SH106 ``info`` findings with worked date arithmetic;
* the RU schedule case (tests/rules_fixtures) with a ``<script>`` planted in a content cell and in the
  title: errors (SH101, SH103) and warnings, two rows numbered «5.»;
* seed 001 (text) with row 9 changed to «За 50 календарных дней»: an SH151 ``warning`` (the 60 days are CEC
  practice, issue 17) besides the SH106s;
* seed 002 (text): a prose finding (activity None), whose card says «Текст документа».

and the draft with defects, fixtures/docx/seed001_defects.docx, alone: 12 findings on 12 of its 77 rows.
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
from shailoo.corpus import acts
from shailoo.rules.catalog import all_rules
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


DEFECTS = "fixtures/docx/seed001_defects.docx"


@pytest.fixture(scope="module")
def defects():
    """(report, document) of the draft with defects, checked in Russian."""
    doc = shailoo.parse(ROOT / DEFECTS, display_path=DEFECTS)
    return check(doc, lang="ru"), doc


@pytest.fixture(scope="module")
def defects_html(defects):
    return {lang: format_html([defects], lang=lang) for lang in ("ru", "ky", "en")}


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
    shown = Counter(re.findall(r'<li class="finding" id="doc-\d+-f\d+" data-severity="(\w+)" data-rule="(SH\d+)">', h))
    assert shown == Counter((f.severity, f.code) for rep, _ in items for f in rep.findings)
    for i, (rep, _) in enumerate(items):
        section = _doc(h, i)
        assert section.count('class="finding"') == len(rep.findings)
        # beside its row in the plan, each finding of a row has one entry linking to its card
        _, per_row = match_findings(rep, _)
        assert section.count('class="finding-ref"') == sum(map(len, per_row))


def _doc(h: str, i: int) -> str:
    """The markup of document ``i``'s section."""
    start = h.index(f'<section class="document" id="doc-{i}"')
    end = h.find('<section class="document"', start + 1)
    return h[start:end if end > 0 else len(h)]


def _cards(h: str) -> list[str]:
    """The markup of each finding card, in page order."""
    return [c[:c.index("</li>")] for c in h.split('<li class="finding" ')[1:]]


def _card(h: str, where: str) -> str:
    """The one card whose row label starts with ``where`` («№ 41 (»)."""
    [c] = [c for c in _cards(h) if f'<span class="row-label">{where}' in c]
    return c


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


def test_cards_link_to_their_rows(page_html, corpus):
    """Every card of a row names it by its printed number and links to it; a card on the text has no link."""
    items, _ = corpus
    for i, (rep, doc) in enumerate(items):
        h = _doc(page_html, i)
        prose, per_row = match_findings(rep, doc)
        for j, fs in enumerate(per_row):
            for f in fs:
                n = rep.findings.index(f)
                c = h[h.index(f'<li class="finding" id="doc-{i}-f{n}"'):]
                c = c[:c.index("</li>")]
                assert f'<a class="to-row" href="#doc-{i}-row-{j}">Открыть строку в плане</a>' in c
                assert f'<span class="row-label">№ {label(doc.activities[j])}' in c
                assert f'<a href="#doc-{i}-f{n}">' in h[h.index(f'id="doc-{i}-row-{j}"'):]
        for f in prose:
            n = rep.findings.index(f)
            c = h[h.index(f'<li class="finding" id="doc-{i}-f{n}"'):]
            c = c[:c.index("</li>")]
            assert 'class="to-row"' not in c


def test_prose_finding_card(page_html, corpus):
    items, _ = corpus
    rep, doc = items[3]
    [f] = [f for f in rep.findings if f.activity is None]
    h = _doc(page_html, 3)
    c = _card(h, "Текст документа")
    assert str(escape(f.message)) in c and '<blockquote class="quote"' in c
    assert h.index('<li class="finding"') < h.index('<table class="activities">')


def test_defects_open_on_the_findings(defects_html, defects):
    """Issue 19: the draft with defects opens on its 12 findings, grouped Ошибки / Предупреждения / Примечания,
    before the plan; the plan lists the rows with findings beside them."""
    rep, doc = defects
    h = defects_html["ru"]
    assert len(rep.findings) == 12
    cards = _cards(h)
    assert len(cards) == 12
    assert '<p class="totals">Всего замечаний: <span id="finding-count">12</span>' in h
    groups = re.findall(r'<section class="severity-group" id="doc-0-(\w+)" data-severity="\w+">\n'
                        r'<h4><span class="sev">([^<]+)</span> \((\d+)\)</h4>', h)
    assert groups == [("error", "Ошибки", "2"), ("warning", "Предупреждения", "5"), ("info", "Примечания", "5")]
    first_card = h.index('<li class="finding"')
    assert h.index('<dl class="doc-meta">') < first_card < h.index('<table class="activities">')
    assert h.index('<table class="activities">') < h.index('<table class="summary-rules">')
    # the cards of a severity are in the order of the plan
    sev = [re.search(r'data-severity="(\w+)"', c).group(1) for c in cards]
    assert sev == sorted(sev, key=["error", "warning", "info"].index)
    rows = _rows(h, 0)
    assert len(rows) == len(doc.activities) == 77
    assert sum(1 for r in rows if r["data-findings"] != "0") == 12
    assert '<span class="rows-line">Показано строк плана: <span class="rows-visible">77</span> из 77</span>' in h
    assert 'class="show-all-rows">Показать весь план (77)</button>' in h
    assert 'class="show-finding-rows">Только строки с замечаниями (12)</button>' in h


def test_defects_card_for_a_lawyer(defects_html, defects):
    """The SH151 card: the row as printed with its section, the column, the rule's title, the provision by
    the act's title and the edition's date, the evidence, the arithmetic, the link to the row."""
    rep, doc = defects
    h = defects_html["ru"]
    c = _card(h, "№ 12 (")
    j = next(j for j, a in enumerate(doc.activities) if label(a) == "12")
    assert ('<div class="finding-head"><span class="sev">предупреждение</span> <span class="rule-title" title="Срок в '
            'строке (столько-то дней') in c
    assert '>Срок расходится с законом</span> <span class="code">[SH151]</span>' in c
    assert ('<div class="where"><span class="row-label">№ 12 (Работа со списками избирателей)</span>'
            '<span class="cell"> · Графа: Сроки исполнения</span></div>') in c
    assert ('<div class="statute">Норма: Закон КР «О выборах депутатов местных кенешей», ст.13 ч.1, '
            'ред. от 14.07.2011</div>') in htmllib.unescape(c).replace("&#34;", '"')
    assert '<div class="grade" data-grade="practice">Источник значения: практика ЦИК, а не текст закона</div>' in c  # the message names the plan: said once
    assert '<span class="arith-formula">По практике ЦИК: 09.10.2022 (день голосования) − 50 кал. дн.' in c
    assert f'<a class="to-row" href="#doc-0-row-{j}">Открыть строку в плане</a>' in c
    assert '<div class="row-text" lang="ru">Вывешивание предварительного списка избирателей' in c
    # the row numbered 57 twice: the card of the second links to the second
    c = _card(h, "№ 57 (")
    j = [j for j, a in enumerate(doc.activities) if label(a) == "57"][1]
    assert f'href="#doc-0-row-{j}"' in c


def _visible_text(h: str) -> str:
    """The page's text as a reader sees it, without the findings' own messages (those are the rules')."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(h)
    for el in tree.xpath("//style|//script|//*[@class='message']"):
        el.getparent().remove(el)
    return " ".join(tree.itertext())


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_no_ids_slugs_iso_dates_or_internal_rows(defects_html, defects, lang):
    """Issue 19: no ISO dates, no act ids, no rule slugs, no internal row indexes, no English words in a
    Russian or Kyrgyz page (file names, «SHA-256» and the program's name aside)."""
    rep, doc = defects
    h = defects_html[lang]
    text = _visible_text(h)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert [a for a in acts().acts if a in text] == []
    slugs = {r.name for r in all_rules()} | {f.rule for f in rep.findings}
    assert [s for s in slugs if re.search(r"(?<![\w-])" + re.escape(s) + r"(?![\w-])", text)] == []
    assert "NOTES.md" not in text
    # the internal row index (provenance.row) is never shown: «строка 15» beside № 12 and the like
    assert not re.search(r"(?i)\b(строка|сап|row) \d", text.replace("строка 12)", "").replace("строка 34)", ""))
    if lang != "en":
        latin = set(re.findall(r"\b[A-Za-z][A-Za-z-]{2,}\b", text)) - {"SHA-", "docx", "fixtures", "shailoo"}
        assert latin == set(), latin


@pytest.mark.parametrize("lang, words", [
    ("ru", ["Всего замечаний: ", "Только строки с замечаниями", "Замечаний нет" if False else "Примечания",
            "Сводка по правилам", "Что проверяет правило"]),
    ("ky", ["Бардык сын-пикирлер: ", "Сын-пикири бар саптар гана", "<span class=\"sev\">Каталар</span>",
            "<span class=\"sev\">Маалыматтар</span>", "<span class=\"sev\">маалымат</span>", "Пландагы сапты ачуу",
            "Пландын 77 сабынан көрсөтүлгөнү: "]),
    ("en", ["Findings: ", "Only rows with findings", "<span class=\"sev\">Notes</span>", "Open the row in the plan",
            "Plan rows shown: "]),
])
def test_one_word_for_one_thing(defects_html, lang, words):
    """The generic word counts findings; the severity words name severities only."""
    h = defects_html[lang]
    for w in words:
        assert w in h, w
    if lang == "ky":
        assert "Бардык эскертүүлөр" not in h and "Эскертүү жок" not in h and "Эскертүүсү бар" not in h


def test_document_header_and_summary(page_html, corpus):
    h = page_html
    for label_, value in [("Файл", "fixtures/docx/seed001.docx"), ("SHA-256", "efed3f379d2f"),
                          ("Вид документа", "календарный план"), ("Язык", "русский"),
                          ("День голосования", "09.10.2022"), ("Утверждён", "постановлением"),
                          ("Номер", "72"), ("Дата утверждения", "10.08.2022")]:
        assert re.search(rf"<dt>{re.escape(label_)}</dt><dd[^>]*>{re.escape(value)}</dd>", h), label_
    doc0 = _doc(h, 0)
    assert '<h2 lang="ru">Документ 1. КАЛЕНДАРНЫЙ ПЛАН основных организационно' in doc0
    assert doc0.index("<dt>Файл</dt>") < doc0.index('<details class="file-details">') < doc0.index("<dt>SHA-256</dt>")
    assert re.search(r'<section class="severity-group" id="doc-0-info" data-severity="info">\n'
                     r'<h4><span class="sev">Примечания</span> \(4\)</h4>', doc0)
    assert "<h4>" in doc0 and '<span class="sev">Ошибки</span> (' not in doc0  # no empty group
    assert re.search(r'<tr data-rule="SH106"><td>Напечатанная дата не совпадает с расчётом срока</td><td>SH106</td>'
                     r'<td>Срок отсчитывается от события[^<]*</td><td class="num">4</td></tr>', doc0)
    # column headers are the document's own
    assert "<th class=\"c-content\" scope=\"col\">Содержание мероприятий</th>" in doc0
    assert "<th class=\"c-responsible\" scope=\"col\">Ответственные за исполнение</th>" in doc0
    # section headings are separator rows, one per heading
    items, _ = corpus
    assert doc0.count('<tr class="section-row"') == len(items[0][1].document.sections)


def test_worked_arithmetic(page_html):
    h = page_html
    doc0 = _doc(h, 0)
    card41 = _card(doc0, "№ 41 (")
    assert ('<span class="arith-formula">Ожидается: 09.10.2022 (день голосования) − 2 дн. = 07.10.2022</span>; '
            '<span class="arith-printed">Напечатано: 06.10.2022</span>; '
            '<span class="arith-difference">Разница: −1 дн.</span>') in card41
    assert "09.10.2022 (день голосования) + 3 кал. дн. = 12.10.2022" in doc0
    card9 = _card(_doc(h, 2), "№ 9 (")
    # the 60 days are known from CEC practice, not the statute text: the worked line and the grade say so
    assert "По практике ЦИК: 09.10.2022 (день голосования) − 60 кал. дн. = 10.08.2022" in card9
    assert '<div class="grade" data-grade="practice">Источник значения: практика ЦИК, а не текст закона</div>' in card9
    assert "Напечатано: 50 кал. дн. → 20.08.2022" in card9 and "Разница: +10 дн." in card9


@pytest.mark.parametrize("lang, words", [
    ("ky", ["Күтүлгөн: 09.10.2022 (добуш берүү күнү) − 2 күн = 07.10.2022", "Айырма: −1 күн",
            "БШКнын практикасы боюнча: 09.10.2022 (добуш берүү күнү) − 60 календардык күн = 10.08.2022",
            "Маанинин булагы: БШКнын практикасы, мыйзамдын тексти эмес",
            "Документтин тексти", "Сын-пикири бар саптар гана"]),
    ("en", ["Expected: 09.10.2022 (election day) − 2 days = 07.10.2022", "Printed: 06.10.2022",
            "In CEC practice: 09.10.2022 (election day) − 60 calendar days = 10.08.2022",
            "Evidence: CEC practice, not the statute text", "Text of the document",
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
    assert re.search(r"\.plan-bar[^{]*\{\s*display:\s*none", p)
    assert "break-inside: avoid" in p and "table-header-group" in p
    assert re.search(r"tr\.collapsed:not\(\[hidden\]\)\s*\{\s*display:\s*table-row", p)


def test_no_print_to_stdout(corpus, capsys):
    items, _ = corpus
    format_html(items[:1], lang="ru")
    assert capsys.readouterr() == ("", "")


# --------------------------------------------------------------------------- in a real browser


def _open(browser, url: str, javascript: bool = True):
    """(context, page, errors, requests) on ``url``, offline."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True,
                                  java_script_enabled=javascript)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(url)
    pg.wait_for_load_state("load")
    return context, pg, errors, requests


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, page_html):
    path = tmp_path_factory.mktemp("report_html_page") / "report.html"
    path.write_text(page_html, encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def defects_file(tmp_path_factory, defects_html):
    path = tmp_path_factory.mktemp("report_html_defects") / "seed001_defects.html"
    path.write_text(defects_html["ru"], encoding="utf-8")
    return path.as_uri()


def _checked_page(browser, url):
    context, pg, errors, requests = _open(browser, url)
    yield pg
    assert errors == []
    assert requests == [url], requests  # nothing but the file itself was asked for
    context.close()


@pytest.fixture
def page(browser, report_file):
    """A fresh page on the four-document report; asserts at teardown that the page logged no error, raised
    nothing and asked for nothing but itself."""
    yield from _checked_page(browser, report_file)


@pytest.fixture
def defects_page(browser, defects_file):
    """A fresh page on the report of the draft with defects (same teardown checks)."""
    yield from _checked_page(browser, defects_file)


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


def _all_rows(items) -> set[tuple[str, str]]:
    return {(str(i), str(j)) for i, (_, doc) in enumerate(items) for j in range(len(doc.activities))}


def test_browser_counts_and_no_errors(page, corpus):
    items, _ = corpus
    total = _total(items)
    s = page.evaluate(_STATE)
    assert s["count"] == str(total) == page.inner_text("#finding-count")
    assert s["visibleCount"] == str(total)
    assert len(s["findings"]) == total and all(f["visible"] for f in s["findings"])
    assert len(s["rows"]) == sum(len(d.activities) for _, d in items)
    # by default the plan shows only the rows with findings
    assert page.is_checked("#only-findings")
    assert {(r["doc"], r["row"]) for r in s["rows"] if r["visible"]} == _expected_rows(items)
    for i, (rep, doc) in enumerate(items):
        assert page.inner_text(f"#doc-{i} .doc-visible-count") == str(len(rep.findings))
        _, per_row = match_findings(rep, doc)
        assert page.inner_text(f"#doc-{i} .rows-visible") == str(sum(1 for fs in per_row if fs))


def test_browser_defects_findings_first(defects_page, defects, update_golden):
    """Issue 19 in a browser: 12 cards, the first above the plan; the plan shows the 12 rows with findings;
    one click shows all 77 rows and one more only those again; each card's row label is its row's printed
    number. Writes docs/screenshots/report-findings.png when it is missing or with --update-golden."""
    rep, doc = defects
    pg = defects_page
    cards = pg.locator("li.finding")
    assert cards.count() == 12
    assert all(cards.nth(k).is_visible() for k in range(12))
    first = cards.nth(0).bounding_box()
    table = pg.locator("table.activities").bounding_box()
    assert first["y"] + first["height"] < table["y"]
    assert first["y"] < 900  # on the first screen
    rows = pg.locator("tr.activity")
    assert rows.count() == 77
    visible = pg.evaluate("() => Array.from(document.querySelectorAll('tr.activity')).filter(r => r.checkVisibility())"
                          ".map(r => r.dataset.activity)")
    assert sorted(visible, key=int) == sorted({f.activity for f in rep.findings} | {"57"}, key=int)
    assert len(visible) == 12
    assert pg.inner_text("#doc-0 .rows-visible") == "12"
    assert pg.is_visible("#doc-0 .show-all-rows") and not pg.is_visible("#doc-0 .show-finding-rows")

    # each card: its label is the printed number of the row its link opens
    pairs = pg.evaluate("""() => Array.from(document.querySelectorAll('li.finding')).map(c => {
        const a = c.querySelector('a.to-row');
        const row = a ? document.getElementById(a.getAttribute('href').slice(1)) : null;
        return {label: c.querySelector('.row-label').innerText,
                number: row ? row.querySelector('td.c-number').innerText : null};
    })""")
    assert len(pairs) == 12
    for p in pairs:
        assert p["number"] is not None, p
        assert re.match(r"№ (\d+)", p["label"]).group(1) == p["number"].strip().rstrip("."), p

    shot = ROOT / "docs" / "screenshots" / "report-findings.png"
    if update_golden or not shot.exists():
        shot.parent.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": 1400, "height": 1500})
    assert shot.read_bytes().startswith(b"\x89PNG")

    pg.click("#doc-0 .show-all-rows")
    assert pg.evaluate("() => Array.from(document.querySelectorAll('tr.activity')).every(r => r.checkVisibility())")
    assert pg.inner_text("#doc-0 .rows-visible") == "77"
    assert not pg.is_checked("#only-findings")
    assert pg.is_visible("#doc-0 .show-finding-rows") and not pg.is_visible("#doc-0 .show-all-rows")
    pg.click("#doc-0 .show-finding-rows")
    assert pg.inner_text("#doc-0 .rows-visible") == "12"


def test_browser_open_row_link(defects_page, defects):
    """«Открыть строку в плане» goes to the row, unfolding its section when it was folded."""
    rep, doc = defects
    pg = defects_page
    pg.click("#collapse-all")
    link = pg.locator("li.finding a.to-row").first
    href = link.get_attribute("href")
    assert not pg.is_visible(href)
    link.click()
    assert pg.is_visible(href)
    assert pg.evaluate("location.hash") == href
    assert pg.evaluate(f"document.querySelector('{href}').matches(':target')")


def test_browser_without_javascript(browser, defects_file):
    """Without JavaScript the page shows every finding and every row; the filters, which need it, are hidden."""
    context, pg, errors, requests = _open(browser, defects_file, javascript=False)
    try:
        assert pg.locator("li.finding").count() == 12
        assert pg.evaluate("() => Array.from(document.querySelectorAll('li.finding, tr.activity'))"
                           ".every(e => e.checkVisibility())")
        assert pg.locator("tr.activity").count() == 77
        assert not pg.is_visible("#controls") and not pg.is_visible(".plan-bar")
        assert errors == [] and requests == [defects_file]
    finally:
        context.close()


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
    visible_rows = {(r["doc"], r["row"]) for r in s["rows"] if r["visible"]}
    assert visible_rows == _expected_rows(items, hidden_severities={severity})
    # a severity group left empty is hidden with its heading
    assert page.locator(f"#doc-0-{severity}").count() == 0 or not page.is_visible(f"#doc-0-{severity}")
    # the one card on seed 002's text is an error
    assert page.is_visible("#doc-3-error") == (severity != "error")

    page.uncheck("#only-findings")
    s = page.evaluate(_STATE)
    assert all(r["visible"] for r in s["rows"])  # the whole plan, findings filtered or not

    page.check("#only-findings")
    page.check(f"#filter-severity-{severity}")
    s = page.evaluate(_STATE)
    assert {(r["doc"], r["row"]) for r in s["rows"] if r["visible"]} == _expected_rows(items)
    assert s["visibleCount"] == str(len(all_f))


def test_browser_rule_filter_and_toggle(page, corpus):
    items, _ = corpus
    all_f = [f for rep, _ in items for f in rep.findings]
    assert not page.is_visible("#filter-rule-SH106")  # the rules' filters are folded under «Правила (N)»
    page.click("#filter-rules-box > summary")
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
    assert not any(f["visible"] for f in s["findings"])
    page.uncheck("#only-findings")
    s = page.evaluate(_STATE)
    assert all(r["visible"] for r in s["rows"]) and all(s["sections"])


def test_browser_injected_script_does_not_run(page, corpus):
    items, pwn_row = corpus
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    cell = page.locator(f"#doc-1-row-{pwn_row} td.c-content")
    assert cell.inner_text().startswith("<script>window.__pwned=1</script><img src=x onerror=")
    assert "<script>window.__pwned=3</script> План" in page.inner_text("#doc-1 h2")


def test_browser_collapse_and_print(page, corpus):
    items, _ = corpus
    page.click("#doc-0 .show-all-rows")
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
    assert not page.is_visible("#controls") and not page.is_visible("#doc-0 .plan-bar")
    page.emulate_media(media="screen")
    page.click("#expand-all")
    assert all(r["visible"] for r in page.evaluate(_STATE)["rows"])
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
