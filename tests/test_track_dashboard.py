"""The tracking dashboard and workbook (``shailoo.apps.track.dashboard``): self-contained, escaped, consistent
with the JSON, filterable in a browser; the workbook's sheets and rows.

The ``TrackingStatus`` under test is seed 003's plan as ``shailoo.apps.track.store.status`` gives it (no report
loaded), with statuses set by hand (every status, overdue measures with and without an executor,
changed and unchanged measures, two reports, rows of unknown measures) and the summaries recomputed.
``<script>`` and markup are planted in the plan title, a goal text, a status text, a report path and an
unknown row; a status text starting with «=» checks that the workbook keeps it as text.

The browser tests open the file in Debian's headless Chromium (``/usr/bin/chromium``) through Python
playwright (the ``browser`` fixture of tests/conftest.py): they fail, not skip, when either is missing.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html as htmllib
import inspect
import json
import os
import re
from collections import Counter, defaultdict

import pytest
from lxml import html as lxml_html

from conftest import FIXTURES
from shailoo.apps.track import dashboard as track_report
from shailoo.apps.track.store import (STATUS_ORDER, MeasureStatus, ReportInfo, Summary, TrackingStatus, TrackStore, Unmatched,
                           add_plan, status)
from shailoo.apps.track.dashboard import SHEETS, format_dashboard, sheet_title, write_xlsx
from shailoo.apps.track.models import Executor, Signal, TrendPoint

AS_OF = dt.date(2025, 3, 1)
PWN = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
PWN_GOAL = "<script>window.__pwned=3</script> Цель"
PWN_TITLE = "<b>План</b> & <script>window.__pwned=4</script>"
R1, R2 = "aaaaaaaaaaa1", "bbbbbbbbbbb2"
FORMULA = "=HYPERLINK(\"x\",\"y\")"
PWN_EXEC = "<script>window.__pwned=5</script>Отдел <b>кадров</b>"
PWN_SIGNAL = "№ 1: <img src=x onerror=\"window.__pwned=6\">"


# --------------------------------------------------------------------------- the status under test


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> TrackingStatus:
    """seed 003's plan in a fresh store, as of AS_OF, no report loaded."""
    db = tmp_path_factory.mktemp("track_dashboard") / "t.duckdb"
    with TrackStore(str(db)) as store:
        add_plan(store, str(FIXTURES / "html" / "seed003.html"))
    with TrackStore(str(db), read_only=True) as store:
        return status(store, None, AS_OF)


def _summaries(items, key, names=None) -> list[Summary]:
    groups: dict[str, Summary] = {}
    for m in items:
        for k in key(m):
            s = groups.setdefault(k, Summary(key=k, name=(names or {}).get(k)))
            s.measures += 1
            setattr(s, m.status, getattr(s, m.status) + 1)
            s.overdue += m.overdue
    return list(groups.values())


def _with_statuses(st: TrackingStatus) -> TrackingStatus:
    items: list[MeasureStatus] = []
    for i, m in enumerate(st.measures):
        s = STATUS_ORDER[i % 4]
        upd = {"status": s, "no_report": s == "no_report",
               "overdue": bool(m.planned_end and m.planned_end < AS_OF and s != "done")}
        if s != "no_report":
            upd.update(status_text=f"Отчёт по мере {m.measure}: {s}", status_date=dt.date(2025, 1, 10 + i % 5),
                       report_id=R2, report_as_of=dt.date(2025, 1, 15))
        if i % 3 == 0:
            upd.update(previous_status=STATUS_ORDER[(i + 1) % 4], changed=True)
        elif i % 3 == 1 and s != "no_report":
            upd.update(previous_status=s, changed=False)
        if m.goal == "2":
            upd["goal_text"] = PWN_GOAL
        items.append(m.model_copy(update=upd))
    items[1] = items[1].model_copy(update={"status_text": PWN + " исполняется"})
    items[2] = items[2].model_copy(update={"status_text": FORMULA})
    # an executor whose printed name is markup: the executor of the fifth measure
    items[4] = items[4].model_copy(update={"executor_refs": [Executor(key="other:pwn", name=PWN_EXEC)],
                                           "executor_text": PWN_EXEC, "executors": []})
    goal_names = {m.goal: m.goal_text for m in items}
    exec_names = {e.key: e.name for m in items for e in m.executor_refs}
    by_executor = _summaries(items, lambda m: [e.key for e in m.executor_refs] or ["other"], exec_names)
    reports = [ReportInfo(report_id=R1, plan_id=st.plan.plan_id, path="reports/2024-q2.csv", sha256="1" * 64,
                          as_of=dt.date(2024, 6, 30), language="ru", rows=23),
               ReportInfo(report_id=R2, plan_id=st.plan.plan_id, path="reports/<i>2025</i>-q1.xlsx", sha256="2" * 64,
                          as_of=dt.date(2025, 1, 15), language="ky", rows=25)]
    unknown = [Unmatched(report_id=R2, measure="99.9", status_text="Исполнено", row=25),
               Unmatched(report_id=R1, measure="10.1", status_text="<b>bold</b> не начато", row=3)]
    return st.model_copy(update={
        "plan": st.plan.model_copy(update={"title": PWN_TITLE}),
        "reports": reports, "measures": items,
        "by_executor": sorted(by_executor, key=lambda s: (-s.overdue, -s.measures, s.key)),
        "by_goal": _summaries(items, lambda m: [m.goal or "-"], goal_names),
        "by_year": sorted(_summaries(items, lambda m: [str(y) for y in m.planned_years]), key=lambda s: s.key),
        "changes": [m for m in items if m.changed], "unknown_measures": unknown,
        "trend": [TrendPoint(as_of=dt.date(2024, 6, 30), reports=1,
                             totals=Summary(key="all", measures=23, done=2, in_progress=5, not_started=6, no_report=10)),
                  TrendPoint(as_of=dt.date(2025, 1, 15), reports=2, totals=_summaries(items, lambda m: ["all"])[0])],
        "signals": [Signal(code="TR201", rule="status-regression", severity="warning", plan_id=st.plan.plan_id,
                           measure=items[0].measure, message=PWN_SIGNAL),
                    Signal(code="TR204", rule="overdue", severity="error", plan_id=st.plan.plan_id,
                           measure=items[4].measure, executors=[PWN_EXEC], message="№ 5: просрочено")],
        "totals": _summaries(items, lambda m: ["all"])[0]})


@pytest.fixture(scope="module")
def st(plain) -> TrackingStatus:
    return _with_statuses(plain)


@pytest.fixture(scope="module")
def js(st) -> dict:
    """The status as the JSON output gives it."""
    return json.loads(st.to_json())


@pytest.fixture(scope="module")
def page_html(st) -> str:
    return format_dashboard(st, lang="ru")


def _tree(h: str):
    return lxml_html.document_fromstring(h)


def test_status_under_test_covers_everything(st):
    t = st.totals
    assert t.measures == len(st.measures) == 23
    assert all(getattr(t, s) > 0 for s in STATUS_ORDER)
    overdue = [m for m in st.measures if m.overdue]
    assert len(overdue) >= 3 and any(not m.executor_refs for m in overdue) and any(len(m.executor_refs) > 1 for m in overdue)
    assert t.overdue == len(overdue)
    assert st.changes and any(m.previous_status and not m.changed for m in st.measures)
    assert sum(s.measures for s in st.by_goal) == t.measures
    # the plan has two measures numbered 7.3: the dashboard must not rely on numbers being unique
    assert Counter(m.measure for m in st.measures)["7.3"] == 2


# --------------------------------------------------------------------------- unit tests, no browser


def test_self_contained(page_html):
    h = page_html
    assert h.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert "<link" not in h.lower()
    assert "@import" not in h and "@font-face" not in h
    assert not re.search(r"url\(\s*['\"]?(?!data:)", h)
    tags = re.findall(r"<[a-zA-Z][^<>]*>", h)
    assert [t for t in tags if re.search(r"\s(?:src|action|xlink:href)\s*=", t)] == []
    # the only links are anchors inside the page, each to an element that is there
    assert [t for t in tags if re.search(r'\shref\s*=\s*"(?!#)', t)] == []
    tree = _tree(h)
    targets = {a.get("href")[1:] for a in tree.xpath("//a[@href]")}
    assert targets and all(tree.xpath(f'//*[@id="{t}"]') for t in targets)
    assert not re.search(r"https?://", h)
    assert len(re.findall(r"<script\b", h)) == 1 and len(re.findall(r"<style\b", h)) == 1
    assert not re.search(r"<script[^>]*\ssrc", h)
    assert not re.search(r"\son[a-z]+\s*=", "".join(tags))  # no inline handlers: the CSP would block them


def test_csp_hash_matches_the_script(page_html):
    h = page_html
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', h)
    assert m, "no CSP meta"
    policy = htmllib.unescape(m.group(1))
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
    assert m.start() < h.index("<style>") < h.index("<script>")
    hashes = re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", policy)
    [script] = re.findall(r"<script>(.*?)</script>", h, re.S)
    assert hashes == [base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()]
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_counts_equal_the_json(page_html, js):
    tree = _tree(page_html)
    totals = js["totals"]
    for key, value in [("measures", totals["measures"])] + [(s, totals[s]) for s in STATUS_ORDER + ("overdue",)]:
        [el] = tree.xpath(f'//*[@id="count-{key}"]')
        assert el.text_content() == str(value), key
    assert len(tree.xpath('//tr[@class="measure"]')) == totals["measures"] == len(js["measures"])
    assert tree.xpath('//*[@id="visible-count"]')[0].text_content() == str(totals["measures"])


def _segments(tree, chart: str) -> list[dict]:
    [svg] = tree.xpath(f'//svg[@id="{chart}"]')
    return [dict(r.attrib, title=r.xpath("string(title)")) for r in svg.xpath('.//rect[@class="seg"]')]


def test_chart_segments_match_the_summaries(page_html, js):
    tree = _tree(page_html)
    goal = _segments(tree, "chart-goal")
    per_status = Counter()
    for s in goal:
        per_status[s["data-status"]] += int(s["data-count"])
        assert int(s["data-count"]) > 0 and float(s["width"]) > 0 and s["title"]
        assert s["fill"] == track_report.STATUS_COLOURS[s["data-status"]]
    assert {k: per_status[k] for k in STATUS_ORDER} == {k: js["totals"][k] for k in STATUS_ORDER}
    got = {(s["data-key"], s["data-status"]): int(s["data-count"]) for s in goal}
    want = {(g["key"], k): g[k] for g in js["by_goal"] for k in STATUS_ORDER if g[k]}
    assert got == want
    year = _segments(tree, "chart-year")
    got = {(s["data-key"], s["data-status"]): int(s["data-count"]) for s in year}
    assert got == {(y["key"], k): y[k] for y in js["by_year"] for k in STATUS_ORDER if y[k]}
    # one bar per goal and per year, in order; a legend item per status in each chart
    for chart, items in (("chart-goal", js["by_goal"]), ("chart-year", js["by_year"])):
        [svg] = tree.xpath(f'//svg[@id="{chart}"]')
        assert [g.get("data-key") for g in svg.xpath('.//g[@class="bar"]')] == [s["key"] for s in items]
        assert [g.get("data-status") for g in svg.xpath('.//g[@class="legend-item"]')] == list(STATUS_ORDER)
        assert svg.xpath("string(title)")


def test_segment_widths_are_proportional(page_html, js):
    tree = _tree(page_html)
    widths = defaultdict(float)
    for s in _segments(tree, "chart-goal"):
        widths[s["data-key"]] += float(s["width"])
    top = max(g["measures"] for g in js["by_goal"])
    for g in js["by_goal"]:
        assert widths[g["key"]] == pytest.approx(g["measures"] / top * widths[max(widths, key=widths.get)], abs=0.05)


def test_overdue_list_by_executor(page_html, st):
    tree = _tree(page_html)
    [section] = tree.xpath('//section[@id="overdue"]')
    items = section.xpath('.//li[@class="overdue"]')
    got = Counter((li.get("data-measure"), li.get("data-executor")) for li in items)
    want = Counter((m.measure, e) for m in st.measures if m.overdue
                   for e in dict.fromkeys(x.key for x in m.executor_refs) or ["other"])
    assert got == want and want
    assert {li.get("data-measure") for li in items} == {m.measure for m in st.measures if m.overdue}
    # grouped: every item sits in the group of its executor, groups with the most overdue first
    groups = section.xpath('.//section[@class="executor-group"]')
    for g in groups:
        assert {li.get("data-executor") for li in g.xpath('.//li[@class="overdue"]')} == {g.get("data-executor")}
    sizes = [len(g.xpath('.//li[@class="overdue"]')) for g in groups]
    assert sizes == sorted(sizes, reverse=True)
    assert "other" in {g.get("data-executor") for g in groups}
    assert tree.xpath('string(//*[@id="overdue-count"])') == str(st.totals.overdue)


def test_measure_rows(page_html, st):
    tree = _tree(page_html)
    rows = tree.xpath('//tr[@class="measure"]')
    assert [r.get("data-measure") for r in rows] == [m.measure for m in st.measures]
    assert [r.get("data-status") for r in rows] == [m.status for m in st.measures]
    assert [r.get("data-overdue") for r in rows] == [("true" if m.overdue else "false") for m in st.measures]
    assert [r.get("data-changed") for r in rows] == [("true" if m.changed else "false") for m in st.measures]
    for r, m in zip(rows, st.measures):
        assert r.xpath('string(.//td[@class="c-status"]/span[@class="status"])') == track_report.STATUS_WORDS[m.status]["ru"]
        assert r.xpath('string(.//td[@class="c-date"])') == (m.status_date.strftime("%d.%m.%Y") if m.status_date else "")
        if m.status_text:
            assert r.xpath('string(.//div[@class="status-text"])') == m.status_text
        change = r.xpath('string(.//td[@class="c-changed"])')
        if m.changed:
            assert change == f'{track_report.STATUS_WORDS[m.previous_status]["ru"]} → {track_report.STATUS_WORDS[m.status]["ru"]}'
        elif m.previous_status:
            assert change == "без изменений"
        else:
            assert change == ""
        assert bool(r.xpath('.//td[@class="c-overdue"]/span[@class="overdue-flag"]')) == m.overdue


def test_header_changes_and_unknown(page_html, st):
    tree = _tree(page_html)
    assert tree.xpath('string(//*[@id="plan-id"])') == st.plan.plan_id
    assert tree.xpath('string(//*[@id="plan-title"])') == PWN_TITLE
    assert tree.xpath('string(//*[@id="plan-period"])') == "01.01.2023 – 31.12.2025"
    assert tree.xpath('string(//*[@id="as-of"])') == "01.03.2025"
    reports = tree.xpath('//li[@class="report"]')
    assert [r.get("data-report") for r in reports] == [R1, R2]
    assert "30.06.2024" in reports[0].text_content() and "reports/<i>2025</i>-q1.xlsx" in reports[1].text_content()
    changes = tree.xpath('//tr[@class="change"]')
    assert [(c.get("data-measure"), c.get("data-from"), c.get("data-to")) for c in changes] == \
        [(m.measure, m.previous_status, m.status) for m in st.changes]
    unknown = tree.xpath('//tr[@class="unknown"]')
    assert [u.get("data-measure") for u in unknown] == ["99.9", "10.1"]
    assert "<b>bold</b> не начато" in unknown[1].text_content()
    assert [r.get("data-key") for r in tree.xpath('//table[@id="summary-executor"]//tr[@class="summary"]')] == \
        [s.key for s in st.by_executor]


def test_document_text_is_escaped(page_html):
    h = page_html
    for bad in (PWN, PWN_GOAL, PWN_TITLE, "<b>bold</b>", "<i>2025</i>", PWN_EXEC, PWN_SIGNAL, "<b>кадров</b>"):
        assert bad not in h, bad
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in h
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt; Цель" in h  # the goal's name, in the chart and table
    assert "&lt;b&gt;План&lt;/b&gt; &amp; &lt;script&gt;window.__pwned=4&lt;/script&gt;" in h
    assert "<img" not in h and len(re.findall(r"<script\b", h)) == 1
    tree = _tree(h)
    assert tree.xpath("//img") == [] and tree.xpath("//b") == [] and tree.xpath("//i") == []


def test_trend_chart(page_html, st):
    """One stacked bar per report date (``st.trend``), its segments the totals of that date, the date under it."""
    tree = _tree(page_html)
    [svg] = tree.xpath('//svg[@id="chart-trend"]')
    assert svg.get("data-filter") is None  # a past date's status does not filter today's table
    points = svg.xpath('.//g[@class="trend-point"]')
    assert [g.get("data-as-of") for g in points] == ["2024-06-30", "2025-01-15"] == [p.as_of.isoformat() for p in st.trend]
    assert [g.xpath('string(.//text[@class="trend-date"])') for g in points] == ["30.06.2024", "15.01.2025"]
    heights = []
    for g, p in zip(points, st.trend):
        segs = g.xpath('.//rect[@class="seg"]')
        assert {r.get("data-status"): int(r.get("data-count")) for r in segs} == \
            {k: getattr(p.totals, k) for k in STATUS_ORDER if getattr(p.totals, k)}
        assert [r.get("data-status") for r in segs] == [k for k in STATUS_ORDER if getattr(p.totals, k)]
        assert (g.get("data-measures"), g.get("data-overdue")) == (str(p.totals.measures), str(p.totals.overdue))
        heights.append(sum(float(r.get("height")) for r in segs))
        for r in segs:  # a segment's height is its share of the bar
            assert float(r.get("height")) == pytest.approx(heights[-1] * int(r.get("data-count")) / p.totals.measures, abs=0.05)
    assert heights[0] == pytest.approx(heights[1], abs=0.05)  # 23 measures on both dates
    # a plan without reports has an empty trend, said in words
    empty = str(track_report.trend_svg("t", "t", st.model_copy(update={"trend": []}), "ru"))
    assert 'class="trend-point"' not in empty and "Отчётов пока нет" in empty


def test_signals_are_listed(page_html, st):
    tree = _tree(page_html)
    rows = tree.xpath('//tr[@class="signal"]')
    assert [(r.get("data-code"), r.get("data-severity"), r.get("data-measure")) for r in rows] == \
        [(g.code, g.severity, g.measure) for g in st.signals]
    assert rows[0].xpath('string(.//span[@class="severity"])') == "предупреждение"
    assert rows[0].xpath('string(.//span[@class="signal-title"])') == "Статус ухудшился"
    assert rows[0].xpath('string(.//span[@class="signal-message"])') == PWN_SIGNAL
    assert rows[1].xpath('string(.//span[@class="severity"])') == "ошибка"
    assert tree.xpath('string(//*[@id="signal-count"])') == "2"


def test_executor_views(page_html, st):
    """One view per executor (``store.executors``): named as printed, its measures with their status and
    the last report's text, what is overdue; the summary table and the overdue groups link to it."""
    from shailoo.apps.track.store import executors

    execs = executors(None, st.plan.plan_id, st.as_of, st=st)
    tree = _tree(page_html)
    views = tree.xpath('//details[@class="executor-view"]')
    assert [v.get("data-executor") for v in views] == [x.key for x in execs]
    for v, x in zip(views, execs):
        assert v.xpath('string(.//span[@class="exec-name"])') == (x.name or "исполнитель не указан")
        assert v.xpath('string(.//span[@class="exec-measures"])') == str(x.totals.measures)
        rows = v.xpath('.//tr[@class="executor-measure"]')
        assert [(r.get("data-measure"), r.get("data-status"), r.get("data-overdue")) for r in rows] == \
            [(m.measure, m.status, "true" if m.overdue else "false") for m in x.measures]
        for r, m in zip(rows, x.measures):
            assert r.xpath('string(.//td[@class="status-text"])') == (m.status_text or "")
        late = v.xpath('string(.//p[contains(@class, "overdue-sentence")])')
        assert all(m.measure in late for m in x.measures if m.overdue)
        assert ("Просрочены меры" in late) == any(m.overdue or m.overdue_years for m in x.measures)
    ids = {v.get("data-executor"): v.get("id") for v in views}
    for tr in tree.xpath('//table[@id="summary-executor"]//tr[@class="summary"]'):
        [a] = tr.xpath('.//a')
        assert a.get("href") == "#" + ids[tr.get("data-key")]
    for g in tree.xpath('//section[@class="executor-group"]'):
        assert g.xpath('.//a')[0].get("href") == "#" + ids[g.get("data-executor")]
    # the planted name is one executor's, shown as text
    [pwn] = [v for v in views if v.get("data-executor") == "other:pwn"]
    assert pwn.xpath('string(.//span[@class="exec-name"])') == PWN_EXEC


def _visible_text(h: str) -> str:
    tree = _tree(h)
    for el in tree.xpath("//script | //style"):
        el.getparent().remove(el)
    return tree.xpath("string(//body)")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_names_as_printed_never_ids(st, lang):
    """Executors as the plan prints them: no gazetteer id (``gsin``, ``mcr`` …) nor an executor key
    (``other:…``) in the text a reader sees; report ids neither."""
    text = _visible_text(format_dashboard(st, lang=lang))
    bodies = {e.body for m in st.measures for e in m.executor_refs if e.body}
    assert {"cec", "gsin", "mcr"} <= bodies
    assert [b for b in bodies if re.search(rf"(?<![\w/.-]){re.escape(b)}(?![\w/.-])", text)] == []
    assert "other:" not in text and R1 not in text and R2 not in text
    names = {e.name for m in st.measures for e in m.executor_refs}
    assert all(n in text for n in names)


def test_chart_svg_escapes_its_values():
    bar = track_report.Bar(key='"><script>x</script>', label="<b>", name="</title><script>y</script>",
                           counts={"done": 1}, measures=1)
    svg = str(track_report.chart_svg("c", "<t>", [bar], "en"))
    assert "<script>" not in svg and "<b>" not in svg and "</title><script>" not in svg
    assert 'data-key="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in svg
    empty = str(track_report.chart_svg("e", "t", [], "en"))
    assert 'class="seg"' not in empty and "No data" in empty


@pytest.mark.parametrize("lang, words", [
    ("ky", ["Иш-аракеттер планынын аткарылышынын мониторинги", "аткарылды", "баштала элек", "Мөөнөтү өткөндөр гана",
            "Максат 2"]),
    ("en", ["Action plan implementation monitoring", "in progress", "no report", "Overdue only", "Goal 2",
            "Overdue measures by executor"]),
])
def test_interface_languages(st, lang, words):
    h = format_dashboard(st, lang=lang)
    assert h.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    for w in words:
        assert w in h, w
    assert "Мониторинг исполнения" not in h


def test_words_come_from_tables():
    src = inspect.getsource(track_report)
    assert not re.search(r"lang\s*==", src)
    keys = set(track_report.UI["ru"])
    assert all(set(track_report.UI[lang]) == keys for lang in track_report.LANGS)
    # no word mixes Cyrillic and Latin letters (a Latin «a» typed into a Kyrgyz word)
    assert all(set(track_report.DASH[lang]) == set(track_report.DASH["ru"]) for lang in track_report.LANGS)
    mixed = [(lang, w) for table in (track_report.UI, track_report.DASH) for lang, words in table.items() for v in words.values()
             for w in re.findall(r"\w+", v) if re.search(r"[а-яёүөң]", w, re.I) and re.search(r"[a-z]", w, re.I)]
    assert mixed == []


def test_bad_language(st):
    with pytest.raises(ValueError):
        format_dashboard(st, lang="de")
    with pytest.raises(ValueError):
        write_xlsx(st, "/nonexistent/x.xlsx", lang="de")


def test_plan_without_reports(plain, capsys):
    h = format_dashboard(plain, lang="ru")
    tree = _tree(h)
    assert tree.xpath('string(//*[@id="count-no_report"])') == str(len(plain.measures))
    assert tree.xpath('//*[@id="no-reports"]') and tree.xpath('//li[@class="report"]') == []
    assert {s.get("data-status") for s in _segments(tree, "chart-goal")} == {"no_report"}
    assert capsys.readouterr() == ("", "")  # library code prints nothing


def test_print_css(page_html):
    css = page_html[page_html.index("<style>"):page_html.index("</style>")]
    p = css[css.index("@media print"):]
    assert "@page" in p and "landscape" in p
    assert re.search(r"\.controls[^{]*\{\s*display:\s*none", p)
    assert "break-inside: avoid" in p and "table-header-group" in p


# --------------------------------------------------------------------------- the workbook


@pytest.fixture(scope="module")
def workbook(st, tmp_path_factory):
    from openpyxl import load_workbook

    d = tmp_path_factory.mktemp("track_xlsx")
    path = d / "status.xlsx"
    path.write_bytes(b"old content")  # replaced, not appended to
    write_xlsx(st, str(path), lang="ru")
    return load_workbook(path), d


def test_xlsx_sheets_and_rows(workbook, st):
    wb, d = workbook
    assert list(SHEETS) == ["measures", "by_executor", "by_goal", "by_year", "changes", "unknown"]
    # the sheets are named in the workbook's language (issue 20)
    assert wb.sheetnames == [sheet_title(k, "ru") for k in SHEETS] == \
        ["Меры", "Исполнители", "Цели", "Годы плана", "Изменения", "Неизвестные номера"]
    want = {"measures": len(st.measures), "by_executor": len(st.by_executor), "by_goal": len(st.by_goal),
            "by_year": len(st.by_year), "changes": len(st.changes), "unknown": len(st.unknown_measures)}
    for name, n in want.items():
        ws = wb[sheet_title(name, "ru")]
        assert ws.max_row == n + 1, name
        assert ws.freeze_panes == "A2", name
        assert all(c.font.bold for c in ws[1]) and all(c.value for c in ws[1]), name
    assert sorted(os.listdir(d)) == ["status.xlsx"]  # no temporary file left behind


def test_xlsx_measures_values(workbook, st):
    wb, _ = workbook
    ws = wb[sheet_title("measures", "ru")]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert [r["№"] for r in rows] == [m.measure for m in st.measures]
    assert [r["Код статуса"] for r in rows] == [m.status for m in st.measures]
    assert [r["Статус"] for r in rows] == [track_report.STATUS_WORDS[m.status]["ru"] for m in st.measures]
    assert [r["Просрочено"] for r in rows] == [m.overdue for m in st.measures]
    assert [r["Изменение"] for r in rows] == [m.changed for m in st.measures]
    for r, m in zip(rows, st.measures):
        assert isinstance(r["Начало срока"], dt.datetime) and r["Начало срока"].date() == m.planned_start
        assert r["Конец срока"].date() == m.planned_end
        assert (r["Дата статуса"].date() if r["Дата статуса"] else None) == m.status_date
        assert r["Текст отчёта"] == m.status_text
    # a status text that looks like a formula stays text
    [cell] = [c for c in ws["L"] if c.value == FORMULA]
    assert cell.data_type == "s"
    assert ws["H2"].number_format == "DD.MM.YYYY"
    # executors as the plan prints them, never gazetteer ids (issue 20): no «Исполнители (коды)» column
    assert "Исполнители (коды)" not in head and "Отчёт (id)" not in head
    assert [r["Исполнители"] for r in rows] == \
        ["; ".join(e.name for e in m.executor_refs) or "исполнитель не указан" for m in st.measures]
    assert [r["Просроченные годы плана"] for r in rows] == \
        [", ".join(map(str, m.overdue_years)) or None for m in st.measures]
    ids = {e.body for m in st.measures for e in m.executor_refs if e.body} | \
        {e.key for m in st.measures for e in m.executor_refs}
    assert ids and not ids & {c.value for row in ws.iter_rows() for c in row}


def test_xlsx_summaries(workbook, st):
    wb, _ = workbook
    for name, items in (("by_goal", st.by_goal), ("by_year", st.by_year)):
        rows = [[c.value for c in r] for r in wb[sheet_title(name, "ru")].iter_rows(min_row=2)]
        assert [str(r[0]) for r in rows] == [s.key for s in items]
        assert [r[2:] for r in rows] == [[s.measures] + [getattr(s, k) for k in STATUS_ORDER] + [s.overdue]
                                         for s in items]
    # per executor: the name as printed first, no key column
    rows = [[c.value for c in r] for r in wb[sheet_title("by_executor", "ru")].iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [s.name or "исполнитель не указан" for s in st.by_executor]
    assert [r[1:] for r in rows] == [[s.measures] + [getattr(s, k) for k in STATUS_ORDER] + [s.overdue]
                                     for s in st.by_executor]
    assert isinstance(wb[sheet_title("by_year", "ru")]["A2"].value, int)
    changes = [[c.value for c in r] for r in wb[sheet_title("changes", "ru")].iter_rows(min_row=2)]
    assert [(r[0], r[4], r[6]) for r in changes] == [(m.measure, m.previous_status, m.status) for m in st.changes]
    unknown = [[c.value for c in r] for r in wb[sheet_title("unknown", "ru")].iter_rows(min_row=2)]
    assert [(r[0].date(), r[1], r[2], r[3]) for r in unknown] == \
        [(dt.date(2025, 1, 15), "reports/<i>2025</i>-q1.xlsx", 25, "99.9"), (dt.date(2024, 6, 30), "reports/2024-q2.csv", 3, "10.1")]


def test_xlsx_printed_names_stay_text(st, tmp_path):
    """An executor's printed name that a spreadsheet would take for a formula stays text, in every sheet."""
    from openpyxl import load_workbook

    evil = "=HYPERLINK(\"http://x\",\"Отдел\")"
    m0 = st.measures[0].model_copy(update={"executor_refs": [Executor(key="other:evil", name=evil)], "executor_text": None,
                                           "changed": True, "previous_status": "not_started"})
    by_executor = [Summary(key="other:evil", name=evil, measures=1, done=1)]
    st2 = st.model_copy(update={"measures": [m0] + st.measures[1:], "by_executor": by_executor, "changes": [m0]})
    path = tmp_path / "evil.xlsx"
    write_xlsx(st2, str(path), lang="ky")
    wb = load_workbook(path)
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == evil]
    assert len(found) == 3  # the measures sheet, the executors sheet, the changes sheet
    assert all(c.data_type == "s" for c in found)
    assert wb.sheetnames[1] == "Аткаруучулар" and wb[wb.sheetnames[1]]["A1"].value == "Аткаруучу"


def test_xlsx_failure_leaves_the_old_file(st, tmp_path, monkeypatch):
    path = tmp_path / "keep.xlsx"
    path.write_bytes(b"old")

    def boom(self, filename):
        raise OSError("disk full")

    from openpyxl import Workbook

    monkeypatch.setattr(Workbook, "save", boom)
    with pytest.raises(OSError):
        write_xlsx(st, str(path))
    assert path.read_bytes() == b"old" and sorted(os.listdir(tmp_path)) == ["keep.xlsx"]


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def dashboard_file(tmp_path_factory, page_html):
    path = tmp_path_factory.mktemp("track_dashboard_page") / "dashboard.html"
    path.write_text(page_html, encoding="utf-8")
    return path.as_uri()


@pytest.fixture
def page(browser, dashboard_file):
    """A fresh page on the dashboard; asserts at teardown that it logged no error, raised nothing and
    asked for nothing but the file itself."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(dashboard_file)
    pg.wait_for_load_state("load")
    yield pg
    assert errors == []
    assert requests == [dashboard_file], requests
    context.close()


_ROWS = """() => Array.from(document.querySelectorAll('tr.measure')).map(r => ({
  status: r.dataset.status, overdue: r.dataset.overdue, visible: r.checkVisibility()}))"""


def test_browser_counts_charts_and_no_errors(page, js):
    for key in ("measures",) + STATUS_ORDER + ("overdue",):
        assert page.inner_text(f"#count-{key}") == str(js["totals"][key]), key
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('main img, main script, body > script').length") == 1
    rows = page.evaluate(_ROWS)
    assert len(rows) == js["totals"]["measures"] and all(r["visible"] for r in rows)
    assert page.inner_text("#visible-count") == str(len(rows))
    for chart in ("chart-goal", "chart-year"):
        box = page.locator(f"svg#{chart}").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, chart
        boxes = page.evaluate(f"""() => Array.from(document.querySelectorAll('#{chart} rect.seg')).map(r => {{
            const b = r.getBoundingClientRect(); return [b.width, b.height]; }})""")
        assert boxes and all(w > 0 and h > 0 for w, h in boxes), chart
    assert "<script>window.__pwned=1</script>" in page.inner_text("#measures-table")


@pytest.mark.parametrize("status", STATUS_ORDER)
def test_browser_status_filter(page, js, status):
    page.uncheck(f"#filter-status-{status}")
    rows = page.evaluate(_ROWS)
    assert [r["visible"] for r in rows] == [m["status"] != status for m in js["measures"]]
    assert page.inner_text("#visible-count") == str(js["totals"]["measures"] - js["totals"][status])
    page.check("#only-overdue")
    rows = page.evaluate(_ROWS)
    assert [r["visible"] for r in rows] == [m["status"] != status and m["overdue"] for m in js["measures"]]
    page.uncheck("#only-overdue")
    page.check(f"#filter-status-{status}")
    assert all(r["visible"] for r in page.evaluate(_ROWS))


def test_browser_chart_click_and_print(page, js):
    page.locator('#chart-goal rect.seg[data-status="in_progress"]').first.click()
    rows = page.evaluate(_ROWS)
    assert [r["visible"] for r in rows] == [m["status"] == "in_progress" for m in js["measures"]]
    assert page.is_checked("#filter-status-in_progress") and not page.is_checked("#filter-status-done")
    page.click("#status-all")
    assert all(r["visible"] for r in page.evaluate(_ROWS))
    page.uncheck("#filter-status-done")
    page.uncheck("#filter-status-in_progress")
    page.uncheck("#filter-status-not_started")
    page.uncheck("#filter-status-no_report")
    assert page.inner_text("#visible-count") == "0" and page.is_visible("#no-rows")
    page.click("#status-all")
    assert page.is_visible("#filters")
    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    assert page.locator("svg#chart-goal").bounding_box()["width"] > 100
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
