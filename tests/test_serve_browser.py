"""``shailoo serve`` in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser).

A lawyer's session: open the desk, drop the defects draft in, see its 12 findings, download the Word file
and the PDF with their 12 comments, switch the page to Kyrgyz, compare the Russian and Kyrgyz plans. No
console error, no page error, no request anywhere but the desk itself. The screenshots the README shows
are saved as docs/screenshots/serve-*.png.
"""

from __future__ import annotations

import os
import sys

import time
from pathlib import Path

import docx
import pytest

from shailoo.corpus.i18n import text
from shailoo.parsers.read.legacy import find_soffice
from conftest import CHROMIUM, ROOT
from test_serve import DEFECTS, SEED001, SEED001_KY, live_desk, pdf_notes

SHOTS = ROOT / "docs" / "screenshots"
#: Screenshots are rewritten only when missing or asked for (``--update-golden``): the page shows how long the
#: check took, so every run would otherwise change the committed images.
_UPDATE = bool(os.environ.get("SHAILOO_UPDATE_GOLDEN")) or "--update-golden" in sys.argv


def _shot(page, name: str, **kw) -> None:
    path = SHOTS / name
    if _UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), **kw)

if not Path(CHROMIUM).exists():  # the only reason to skip: the HTML report tests fail without it instead
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def desk_page(browser):
    """(page, origin, outside requests, console errors) of a fresh desk and a fresh browser context."""
    with live_desk() as (settings, _):
        origin = f"http://127.0.0.1:{settings.port}"
        context = browser.new_context(accept_downloads=True, locale="ru-RU", viewport={"width": 1280, "height": 900},
                                      extra_http_headers={"Accept-Language": "ru-RU,ru;q=0.9"})
        outside: list[str] = []
        errors: list[str] = []

        def route(r):
            if r.request.url.startswith(origin + "/") or r.request.url in ("about:blank", "about:srcdoc"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        try:
            yield page, origin, outside, errors
        finally:
            context.close()


def test_a_lawyers_session(desk_page, tmp_path):
    page, origin, outside, errors = desk_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(origin + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#submit").inner_text() == text("serve.ui.submit", "ru")
    _shot(page, "serve-upload.png", full_page=True)

    started = time.monotonic()
    page.set_input_files("#files", str(DEFECTS))
    assert DEFECTS.name in page.locator("#chosen").inner_text()  # the script lists the chosen file
    page.click("#submit")
    page.wait_for_url(f"{origin}/review/*")
    report = page.frame_locator("iframe.report")
    findings = report.locator("li.finding")
    findings.first.wait_for()
    review_seconds = time.monotonic() - started
    assert findings.count() == 12
    section = page.locator("section.file")
    assert section.get_attribute("data-status") == "ok"
    assert page.locator(".counts").get_attribute("data-total") == "12"
    assert text("serve.ui.total", "ru", n=12) in page.locator(".counts").inner_text()
    findings.first.scroll_into_view_if_needed()  # the findings, as a lawyer reads them first
    _shot(page, "serve-findings.png")

    with page.expect_download() as d:
        page.click('a.download[data-kind="docx"]')
    assert d.value.suggested_filename == "seed001_defects.reviewed.docx"
    word = tmp_path / d.value.suggested_filename
    d.value.save_as(word)
    assert len(docx.Document(str(word)).comments) == 12

    if find_soffice() is not None:
        started_pdf = time.monotonic()
        with page.expect_download(timeout=120_000) as d:
            page.click('a.download[data-kind="pdf"]')
        pdf = tmp_path / d.value.suggested_filename
        d.value.save_as(pdf)
        assert pdf.name == "seed001_defects.reviewed.pdf"
        assert sum(1 for kind, _ in pdf_notes(pdf) if kind == 1) == 12
        pdf_seconds = time.monotonic() - started_pdf
    else:
        pdf_seconds = None

    page.click('nav.lang-switch a[hreflang="ky"]')
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ky"
    assert text("serve.ui.results", "ky") in page.locator("h1").inner_text()
    assert text("serve.ui.total", "ky", n=12) in page.locator(".counts").inner_text()
    assert text("common.severity.many.error", "ky") in page.locator(".counts").inner_text()

    page.goto(origin + "/?lang=ru")
    page.set_input_files("#file-a", str(SEED001))
    page.set_input_files("#file-b", str(SEED001_KY))
    page.click("#compare-submit")
    page.wait_for_url(f"{origin}/review/*")
    page.frame_locator("iframe.report").locator("tr.pair").first.wait_for()
    assert text("serve.ui.comparison", "ru") in page.locator("h1").inner_text()
    _shot(page, "serve-compare.png")

    assert not errors, errors
    assert not outside, outside
    print(f"\nreview of {DEFECTS.name} through the page: {review_seconds:.1f} s; PDF: "
          f"{'-' if pdf_seconds is None else f'{pdf_seconds:.1f} s'}")


def test_the_upload_form_works_without_javascript(browser):
    with live_desk() as (settings, _):
        origin = f"http://127.0.0.1:{settings.port}"
        context = browser.new_context(java_script_enabled=False, locale="en-US",
                                      extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
        try:
            page = context.new_page()
            page.goto(origin + "/")
            assert page.locator("html").get_attribute("lang") == "en"
            page.set_input_files("#files", [str(DEFECTS), str(FIXTURES_TEXT)])
            page.click("#submit")
            page.wait_for_url(f"{origin}/review/*")
            assert page.locator("section.file").count() == 2
            assert page.locator('section.file[data-status="ok"]').count() == 2
            assert page.locator(".counts").first.get_attribute("data-total") == "12"
        finally:
            context.close()


FIXTURES_TEXT = ROOT / "fixtures" / "text" / "seed001.txt"
