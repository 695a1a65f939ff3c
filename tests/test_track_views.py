"""The council's dashboard of a portfolio (issue 20): per plan and per body counts, the trend over report
dates, a timeline per measure, a view per executor — built from the portfolio fixtures and checked against
``fixtures/track/portfolio/expected.yaml`` (written by hand from the planted rows, never from shailoo's
output), in the page's markup and in a real browser.

The store holds seed 003's plan with its two reports (``fixtures/track/``) and the three plans of
``fixtures/build_portfolio.py`` with four reports each, every report loaded without a plan id (each finds
its own plan). The browser tests open the page of 01.08.2025 as a file in Debian's headless Chromium
(``/usr/bin/chromium``, the ``browser`` fixture of tests/conftest.py): no console error, no request but the
file itself, the CSP in force. They write ``docs/screenshots/track-portfolio.png`` and
``docs/screenshots/track-executor.png`` when missing or with ``--update-golden``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from conftest import ROOT
from shailoo.apps.track.dashboard import portfolio_dashboard
from shailoo.apps.track.store import TrackStore, add_plan, add_report
from shailoo.cli import main

PORTFOLIO = ROOT / "fixtures" / "track" / "portfolio"
EXPECTED = yaml.safe_load((PORTFOLIO / "expected.yaml").read_text(encoding="utf-8"))
DATES = EXPECTED["dates"]
PLANS = {p["key"]: p for p in EXPECTED["plans"]}
STATUSES = ("done", "in_progress", "not_started", "no_report")
COUNTS = ("measures", *STATUSES, "overdue")
BROWSER_DATE = "2025-08-01"
SHOTS = ROOT / "docs" / "screenshots"


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The council's store: four plans, every report loaded without a plan id."""
    path = tmp_path_factory.mktemp("track_views") / "council.duckdb"
    with TrackStore(str(path)) as store:
        for p in EXPECTED["plans"]:
            add_plan(store, str(ROOT / p["file"]))
        for p in EXPECTED["plans"]:
            for r in p["reports"]:
                add_report(store, str(ROOT / r["file"]), None, dt.date.fromisoformat(r["as_of"]))
    return path


@pytest.fixture(scope="module")
def pages(db) -> dict[str, str]:
    """The portfolio's dashboard (ru) at each date of the expectations."""
    with TrackStore(str(db), read_only=True) as store:
        return {d: portfolio_dashboard(store, dt.date.fromisoformat(d), "ru")[1] for d in DATES}


def _tree(h: str):
    return lxml_html.document_fromstring(h)


def _sections(tree) -> dict[str, object]:
    """plan key → its section.plan, found by the title the section shows."""
    by_title = {p["title"]: k for k, p in PLANS.items()}
    out = {}
    for sec in tree.xpath('//section[@class="plan"]'):
        title = sec.xpath('string(./h2[@class="plan-title"])')
        out[by_title[title]] = sec
    assert sorted(out) == sorted(PLANS)
    return out


def _reports_up_to(key: str, date: str) -> list[str]:
    return sorted({r["as_of"] for r in PLANS[key]["reports"] if r["as_of"] <= date})


# --------------------------------------------------------------------------- the page's markup


@pytest.mark.parametrize("date", DATES)
def test_portfolio_counts(pages, date):
    """The portfolio's totals, per plan and per body, equal the hand-written expectations."""
    tree = _tree(pages[date])
    want = EXPECTED["portfolio"][date]
    assert tree.xpath('string(//*[@id="count-plans"])') == str(want["plans"]) == "4"
    for k in COUNTS:
        assert tree.xpath(f'string(//section[@id="portfolio"]//*[@id="count-{k}"])') == str(want[k]), k
    assert tree.xpath('string(//*[@id="as-of"])') == _dmy(date)
    rows = tree.xpath('//table[@id="portfolio-plans"]//tr[@class="plan-row"]')
    by_title = {p["title"]: p for p in PLANS.values()}
    assert sorted(r.xpath('string(./th)') for r in rows) == sorted(by_title)
    for r in rows:
        p = by_title[r.xpath('string(./th)')]
        got = {k: r.xpath(f'string(./td[@data-count="{k}"])') for k in COUNTS}
        assert got == {k: str(p["as_of"][date]["totals"][k]) for k in COUNTS}, p["key"]
        assert r.xpath('string(./td[1])') == p["body"]
        # the title links to the plan's section, which shows that plan
        [a] = r.xpath('./th/a')
        [sec] = tree.xpath(f'//section[@id="{a.get("href")[1:]}"]')
        assert sec.xpath('string(./h2)') == p["title"]
    bodies = tree.xpath('//table[@id="portfolio-bodies"]//tr[@class="body-row"]')
    assert sorted(b.xpath('string(./th)') for b in bodies) == sorted(EXPECTED["bodies"])
    for b in bodies:
        p = PLANS[EXPECTED["bodies"][b.xpath('string(./th)')]]
        assert {k: b.xpath(f'string(./td[@data-count="{k}"])') for k in COUNTS} == \
            {k: str(p["as_of"][date]["totals"][k]) for k in COUNTS}
        assert b.xpath('string(./td[1])') == p["title"]


@pytest.mark.parametrize("date", DATES)
def test_plan_sections(pages, date):
    """Each plan's section: its totals, its overdue measures, its trend — one bar per report date up to the
    date, the last bar's statuses those of the date (no report between) — and the plan years."""
    tree = _tree(pages[date])
    for key, sec in _sections(tree).items():
        exp = PLANS[key]["as_of"][date]
        p = sec.get("id") + "-"
        for k in COUNTS:
            assert sec.xpath(f'string(.//*[@id="{p}count-{k}"])') == str(exp["totals"][k]), (key, k)
        late = sec.xpath('.//tr[@class="measure"][@data-overdue="true"]/@data-measure')
        assert sorted(late) == sorted(exp["overdue"]), key
        [svg] = sec.xpath(f'.//svg[@id="{p}chart-trend"]')
        points = svg.xpath('.//g[@class="trend-point"]')
        assert [g.get("data-as-of") for g in points] == _reports_up_to(key, date), key
        assert [g.xpath('string(.//text[@class="trend-date"])') for g in points] == [_dmy(d) for d in _reports_up_to(key, date)]
        last = {r.get("data-status"): int(r.get("data-count")) for r in points[-1].xpath('.//rect[@class="seg"]')}
        assert last == {k: exp["totals"][k] for k in STATUSES if exp["totals"][k]}, key
        assert all(g.get("data-measures") == str(exp["totals"]["measures"]) for g in points)
        years = sec.xpath(f'.//svg[@id="{p}chart-year"]//g[@class="bar"]/@data-key')
        start, end = (int(x[:4]) for x in PLANS[key]["period"])
        assert years == [str(y) for y in range(start, end + 1)], key


def test_timelines(pages):
    """A measure's timeline: what each report said of it, in date order; a report without a row on it says
    so (the classes per report of the expectations)."""
    date = DATES[-1]
    sections = _sections(_tree(pages[date]))
    checked = 0
    for key, p in PLANS.items():
        if not p.get("measures"):
            continue
        dates = [r["as_of"] for r in p["reports"]]
        for m in p["measures"]:
            [details] = sections[key].xpath(f'.//tr[@class="measure"][@data-measure="{m["measure"]}"]//details[@class="timeline"]')
            entries = details.xpath('.//li[@class="entry"]')
            assert [e.get("data-as-of") for e in entries] == dates
            got = [None if e.get("data-mentioned") == "false" else e.get("data-status") for e in entries]
            assert got == m["reports"], (key, m["measure"])
            checked += 1
    assert checked == 14 + 12 + 13


@pytest.mark.parametrize("date", DATES)
def test_executor_views(pages, date):
    """One view per executor, named as printed; the counts of its measures by status and overdue equal the
    expectations; its measures are those the plan gives it."""
    sections = _sections(_tree(pages[date]))
    for key, p in PLANS.items():
        exp = p["as_of"][date].get("by_executor")
        if not exp:
            continue
        views = sections[key].xpath('.//details[@class="executor-view"]')
        names = [v.xpath('string(.//span[@class="exec-name"])') for v in views]
        assert sorted(names) == sorted(e["executor"] for e in exp), key
        for v in views:
            name = v.xpath('string(.//span[@class="exec-name"])')
            [e] = [e for e in exp if e["executor"] == name]
            rows = v.xpath('.//tr[@class="executor-measure"]')
            got = {"measures": len(rows), "overdue": sum(r.get("data-overdue") == "true" for r in rows)}
            got.update({s: sum(r.get("data-status") == s for r in rows) for s in STATUSES})
            assert got == {k: e[k] for k in COUNTS}, (key, name)
            assert v.xpath('string(.//span[@class="exec-measures"])') == str(e["measures"])
            assert [r.get("data-measure") for r in rows] == \
                [m["measure"] for m in p["measures"] if name in m["executors"]], (key, name)


def test_laggards_and_signals(pages):
    """The laggards link to their executor's view; a regression is listed in its plan's signals on the
    first date after the report that shows it."""
    tree = _tree(pages[BROWSER_DATE])
    for row in tree.xpath('//table[@id="laggards"]//tr[@class="laggard"]'):
        a = row.xpath('./th/a')[0]
        [view] = tree.xpath(f'//details[@id="{a.get("href")[1:]}"]')
        assert view.xpath('string(.//span[@class="exec-name"])') == a.text_content()
        assert int(row.xpath('string(./td[2])')) == sum(
            r.get("data-overdue") == "true" for r in view.xpath('.//tr[@class="executor-measure"]'))
    worst = tree.xpath('//ol[@id="worst-plans"]/li')
    assert len(worst) == sum(1 for p in PLANS.values() if p["as_of"][BROWSER_DATE]["totals"]["overdue"])
    for key, p in PLANS.items():
        for r in p["signals"]["regressions"]:
            date = min(d for d in DATES if d > r["report"])
            sec = _sections(_tree(pages[date]))[key]
            assert sec.xpath(f'.//tr[@class="signal"][@data-code="TR201"][@data-measure="{r["measure"]}"]'), (key, r)
            [row] = sec.xpath(f'.//tr[@class="measure"][@data-measure="{r["measure"]}"]')
            assert row.get("data-regression") == "true"


def test_names_as_printed_not_ids(pages):
    tree = _tree(pages[DATES[-1]])
    for el in tree.xpath("//script | //style"):
        el.getparent().remove(el)
    text = tree.xpath("string(//body)")
    assert "other:" not in text
    for body in ("cec", "mcr", "gsin", "gkdo", "detention_centres", "armed_forces_general_staff"):
        assert not re.search(rf"(?<![\w/.-]){body}(?![\w/.-])", text), body
    assert "Статус мер по датам отчётов" in text and "Страницы исполнителей" in text


def test_kyrgyz_page(db):
    with TrackStore(str(db), read_only=True) as store:
        _, h = portfolio_dashboard(store, dt.date(2026, 2, 1), "ky")
    assert h.startswith('<!DOCTYPE html>\n<html lang="ky">')
    for w in ("Иш-аракеттер пландарынын портфели", "Бекиткен органдар боюнча", "Аткаруучулардын барактары",
              "Чаралардын абалы отчеттордун күндөрү боюнча", "аткарылды"):
        assert w in h, w
    assert "Портфель планов действий" not in h and "Страницы исполнителей" not in h


def _run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_command_line(db, tmp_path):
    """``track status --format html``: the portfolio's page on a store of several plans (or with
    --portfolio), one plan's with --plan; xlsx stays per plan."""
    code, out, err = _run("track", "status", "--as-of", "01.08.2025", "--db", db, "-f", "html")
    assert code == 0, err
    tree = _tree(out)
    assert len(tree.xpath('//section[@class="plan"]')) == 4 and tree.xpath('//section[@id="portfolio"]')
    assert tree.xpath('string(//section[@id="portfolio"]//*[@id="count-measures"])') == "62"
    target = tmp_path / "portfolio.html"
    code, out, err = _run("track", "status", "--portfolio", "--as-of", "01.08.2025", "--db", db, "-f", "html",
                          "-o", target, "--lang", "en")
    assert code == 0 and out == "" and str(target) in err
    assert "Portfolio of action plans" in target.read_text(encoding="utf-8")
    minfin = PLANS["plan_minfin_2024-2026_ru.docx"]
    code, out, _ = _run("track", "status", "--as-of", "01.08.2025", "--db", db)
    [plan_id] = re.findall(rf"«{re.escape(minfin['title'])}».*?\(--plan (\w+)\)", out)
    code, out, err = _run("track", "status", "--plan", plan_id, "--as-of", "01.08.2025", "--db", db, "-f", "html")
    assert code == 0, err
    tree = _tree(out)
    assert tree.xpath('//section[@id="portfolio"]') == [] and len(tree.xpath('//section[@class="plan"]')) == 1
    assert tree.xpath('string(//*[@id="count-measures"])') == "14"
    assert len(tree.xpath('//details[@class="timeline"]')) == 14
    code, out, err = _run("track", "status", "--as-of", "01.08.2025", "--db", db, "-f", "xlsx", "-o", tmp_path / "x.xlsx")
    assert code == 2 and "--plan" in err


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def page_file(pages, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("track_views_page") / "portfolio.html"
    path.write_text(pages[BROWSER_DATE], encoding="utf-8")
    return path.as_uri()


@pytest.fixture
def page(browser, page_file):
    """A fresh page on the portfolio's dashboard. Every request is routed: the file itself and data: go
    through, anything else is recorded and refused. Asserts at teardown that nothing else was asked for
    and that the page logged no error and raised nothing."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    outside: list[str] = []

    def route(r):
        url = r.request.url
        if url.split("#", 1)[0] == page_file or url.startswith("data:"):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**", route)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.goto(page_file)
    pg.wait_for_load_state("load")
    yield pg
    assert errors == []
    assert outside == []
    context.close()


def test_browser_portfolio(page, update_golden):
    """The counts shown are the expectations'; each plan's trend has one drawn bar per report date."""
    want = EXPECTED["portfolio"][BROWSER_DATE]
    for k in COUNTS:
        assert page.inner_text(f"#portfolio #count-{k}") == str(want[k]), k
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#portfolio-plans tr.plan-row')).map(r => ({
        title: r.querySelector('th').innerText,
        counts: Object.fromEntries(Array.from(r.querySelectorAll('td[data-count]')).map(c => [c.dataset.count, c.innerText]))}))""")
    by_title = {p["title"]: p for p in PLANS.values()}
    assert len(rows) == 4
    for r in rows:
        p = by_title[r["title"]]
        assert r["counts"] == {k: str(p["as_of"][BROWSER_DATE]["totals"][k]) for k in COUNTS}, p["key"]
    bars = page.evaluate("""() => Array.from(document.querySelectorAll('section.plan')).map(s => ({
        title: s.querySelector('h2.plan-title').innerText,
        points: Array.from(s.querySelectorAll('svg.trend g.trend-point')).map(g => {
            const b = g.getBoundingClientRect(); return [g.dataset.asOf, b.width, b.height]; })}))""")
    assert len(bars) == 4
    for b in bars:
        key = by_title[b["title"]]["key"]
        assert [d for d, _, _ in b["points"]] == _reports_up_to(key, BROWSER_DATE)
        assert all(w > 5 and h > 50 for _, w, h in b["points"]), b
    # the minibars are drawn
    assert page.evaluate("() => Array.from(document.querySelectorAll('svg.minibar')).every(s => s.getBoundingClientRect().width > 50)")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1400  # nothing wider than the window
    shot = SHOTS / "track-portfolio.png"
    if update_golden or not shot.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1400, "height": 1000})
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_browser_executor_view(page, update_golden):
    """A laggard's link opens its executor's view: their measures, statuses, what is overdue, what the
    last report said."""
    minfin = PLANS["plan_minfin_2024-2026_ru.docx"]
    name = "Пресс-служба"
    exp = next(e for e in minfin["as_of"][BROWSER_DATE]["by_executor"] if e["executor"] == name)
    link = page.locator("#laggards tr.laggard th a", has_text=name)
    assert link.count() == 1
    target = link.get_attribute("href")[1:]
    assert not page.locator(f'[id="{target}"] tr.executor-measure').first.is_visible()
    link.click()
    view = page.locator(f'[id="{target}"]')
    assert view.evaluate("d => d.open") is True
    rows = view.locator("tr.executor-measure")
    assert rows.count() == exp["measures"]
    assert all(rows.nth(i).is_visible() for i in range(rows.count()))
    assert [rows.nth(i).get_attribute("data-measure") for i in range(rows.count())] == \
        [m["measure"] for m in minfin["measures"] if name in m["executors"]]
    assert sum(rows.nth(i).get_attribute("data-overdue") == "true" for i in range(rows.count())) == exp["overdue"]
    assert "3.3" in view.locator(".overdue-sentence").inner_text()
    assert view.locator(".exec-name").inner_text() == name
    assert view.evaluate("d => d.getBoundingClientRect().top") < 300  # scrolled to
    shot = SHOTS / "track-executor.png"
    if update_golden or not shot.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
    # the summary table's link of another plan opens that executor's view too
    other = page.locator("section.plan table.summary a.to-executor").first
    other_id = other.get_attribute("href")[1:]
    other.click()
    assert page.locator(f'[id="{other_id}"]').evaluate("d => d.open") is True


def test_browser_timeline_and_filters(page):
    """A click on a measure's text shows what each report said of it; each plan's filter acts on its own
    measures only."""
    sec = page.locator("section.plan").nth(1)
    sid = sec.get_attribute("id")
    first = sec.locator("details.timeline").first
    assert not first.locator("li.entry").first.is_visible()
    first.locator("summary").click()
    entries = first.locator("li.entry")
    assert entries.count() == len(_reports_up_to("plan_minfin_2024-2026_ru.docx", BROWSER_DATE))
    assert entries.first.is_visible() and re.match(r"\d\d\.\d\d\.\d{4}", entries.first.inner_text())
    before = page.evaluate("() => Array.from(document.querySelectorAll('section.plan')).map(s => "
                           "s.querySelectorAll('tr.measure:not([hidden])').length)")
    page.uncheck(f"#{sid}-filter-status-done")
    after = page.evaluate("() => Array.from(document.querySelectorAll('section.plan')).map(s => "
                          "s.querySelectorAll('tr.measure:not([hidden])').length)")
    done = PLANS["plan_minfin_2024-2026_ru.docx"]["as_of"][BROWSER_DATE]["totals"]["done"]
    assert after[1] == before[1] - done and after[0] == before[0] and after[2:] == before[2:]
    assert page.inner_text(f"#{sid}-visible-count") == str(before[1] - done)
    page.click(f"#{sid}-status-all")
    assert page.inner_text(f"#{sid}-visible-count") == str(before[1])
    page.emulate_media(media="print")
    assert not page.is_visible(f"#{sid}-filters")


def test_browser_csp_in_force(browser, page_file):
    """The page's policy runs its one script and refuses any other: a script put into the page is blocked."""
    context = browser.new_context(offline=True)
    pg = context.new_page()
    pg.goto(page_file)
    policy = pg.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
    assert pg.evaluate("document.querySelectorAll('script').length") == 1
    blocked = pg.evaluate("""() => new Promise(done => {
        document.addEventListener('securitypolicyviolation', e => done(e.violatedDirective));
        const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s);
        setTimeout(() => done(null), 2000); })""")
    assert blocked and blocked.startswith("script-src")
    assert pg.evaluate("window.__ran") is None
    # the page's own script ran: every timeline is closed and the filters count the rows
    assert pg.inner_text("#plan-1-visible-count") == "23"
    context.close()
