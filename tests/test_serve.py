"""``shailoo serve``: the legal department's review desk, through FastAPI's TestClient and a live server.

What a lawyer relies on: the findings of each uploaded draft (12 for ``seed001_defects.docx``), the
reviewed Word file with the same comments in the same cells as ``shailoo check --format docx``, a PDF
that keeps them, every word in the chosen language. What keeps confidential drafts safe: the desk
answers only to its own host name and port (DNS rebinding), asks for a token off the loopback, refuses
forms from other sites, sends a strict Content-Security-Policy, escapes every value from a document,
bounds what one upload may cost (size, pages, ZIP bombs: the file's one-line reason on the page, the
other files still checked) and removes its temporary folder on shutdown.
"""

from __future__ import annotations

import ctypes
import io
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import docx
import httpx
import pytest
from docx.oxml.ns import qn
from pydantic import ValidationError

from shailoo import cli
from shailoo.apps.serve.app import accept_language, create_app, host_ok, server
from shailoo.apps.serve.settings import ServeSettings, is_loopback
from shailoo.corpus.i18n import text
from shailoo.parsers.read.legacy import find_soffice
from conftest import FIXTURES
from test_limits import docx_bomb, docx_empty_paragraphs, minimal_pdf
from test_review_docx import comment_sites, grid_position, header_text_at

with warnings.catch_warnings():  # Starlette asks for httpx2 under its TestClient; httpx is what it runs on here
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

DEFECTS = FIXTURES / "docx" / "seed001_defects.docx"
SEED001 = FIXTURES / "docx" / "seed001.docx"
SEED001_KY = FIXTURES / "docx" / "seed001_ky.docx"
BASE = "http://127.0.0.1:8765"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --------------------------------------------------------------------------- helpers (the browser tests use them too)


def pdf_notes(path) -> list[tuple[int, str]]:
    """(PDF annotation subtype, its /Contents) of every annotation of every page (PDFium: 1 = Text, 16 = Popup)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            for k in range(raw.FPDFPage_GetAnnotCount(page)):
                annot = raw.FPDFPage_GetAnnot(page, k)
                n = raw.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
                buf = ctypes.create_string_buffer(n)
                raw.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), n)
                out.append((raw.FPDFAnnot_GetSubtype(annot), buf.raw[: max(n - 2, 0)].decode("utf-16-le")))
                raw.FPDFPage_CloseAnnot(annot)
    finally:
        pdf.close()
    return out


def comments(path) -> list[str]:
    """The text of each Word comment of ``path``, by comment id."""
    d = docx.Document(str(path))
    return [c.text for c in sorted(d.comments, key=lambda c: c.comment_id)]


def placed(path) -> list[tuple]:
    """Where each comment of ``path`` sits: (table, row, grid column, column header) of its cell, or the
    paragraph's text for a comment on the document's text."""
    out = []
    for cid, node in sorted(comment_sites(path).items()):
        if node.tag == qn("w:tc"):
            t, r, col = grid_position(node)
            out.append((t, r, col, header_text_at(node.getparent().getparent(), col)))
        else:
            out.append(("".join(x.text or "" for x in node.iter(qn("w:t"))),))
    return out


def upload(client, paths_or_pairs, url="/review", field="files", **data):
    """POST files (paths, or (name, bytes) pairs) to the desk; the final response (redirects followed)."""
    files = []
    for item in paths_or_pairs:
        if isinstance(item, tuple):
            files.append((field, item))
        else:
            files.append((field, (Path(item).name, Path(item).read_bytes())))
    data.setdefault("form_key", client.app.state.desk.form_key)
    return client.post(url, files=files, data=data, follow_redirects=True)


def sections(html: str) -> dict[str, str]:
    """file name -> the markup of its ``section.file`` on the results page."""
    out = {}
    for m in re.finditer(r'<section class="file card".*?</section>', html, re.S):
        name = re.search(r'<h2 class="file-name">(.*?)</h2>', m.group(0), re.S).group(1)
        out[name] = m.group(0)
    return out


def link(section: str, kind: str) -> str:
    return re.search(rf'data-kind="{kind}" href="([^"]+)"', section).group(1)


@contextmanager
def live_desk(**fields):
    """The desk served by uvicorn in a thread on a free loopback port: yields (settings, server)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    settings = ServeSettings(port=sock.getsockname()[1], **fields)
    srv = server(settings)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the desk did not start"
        time.sleep(0.02)
    try:
        yield settings, srv
    finally:
        srv.should_exit = True
        thread.join(20)
        sock.close()


@pytest.fixture
def client():
    app = create_app(ServeSettings())
    with TestClient(app, base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def defects_review():
    """The results of one upload of seed001_defects.docx (ru): (client, results html, its section)."""
    app = create_app(ServeSettings())
    with TestClient(app, base_url=BASE) as c:
        r = upload(c, [DEFECTS], review_lang="ru")
        assert r.status_code == 200, r.text[:500]
        yield c, r.text, sections(r.text)[DEFECTS.name]


# --------------------------------------------------------------------------- the findings and the downloads


def test_the_defects_draft_shows_its_12_findings_counted_by_severity(defects_review):
    c, html, sec = defects_review
    assert 'data-status="ok"' in sec
    assert 'data-total="12"' in sec and text("serve.ui.total", "ru", n=12) in sec
    counts = {s: int(n) for s, n in re.findall(r'class="count" data-severity="(\w+)" data-count="(\d+)"', sec)}
    assert set(counts) == {"error", "warning", "info"} and sum(counts.values()) == 12
    for s in ("error", "warning", "info"):
        assert text(f"common.severity.many.{s}", "ru") in sec
    report = c.get(re.search(r'<iframe class="report" src="([^"]+)"', sec).group(1))
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert len(re.findall(r'<li class="finding"', report.text)) == 12
    assert "frame-ancestors 'self'" in report.headers["content-security-policy"]


def test_the_reviewed_docx_has_the_comments_of_check_format_docx(defects_review, tmp_path):
    c, _, sec = defects_review
    r = c.get(link(sec, "docx"))
    assert r.status_code == 200 and r.headers["content-type"] == DOCX_TYPE
    assert "seed001_defects.reviewed.docx" in r.headers["content-disposition"]
    got = tmp_path / "desk.docx"
    got.write_bytes(r.content)
    want = tmp_path / "cli.docx"
    code = cli.main(["check", str(DEFECTS), "--format", "docx", "-o", str(want), "--lang", "ru"],
                    out=io.StringIO(), err=io.StringIO())
    assert code in (0, 1) and want.exists()
    assert len(comments(got)) == 12
    assert comments(got) == comments(want)
    assert placed(got) == placed(want)
    assert sum(1 for p in placed(got) if len(p) == 4) >= 10  # nearly all sit in a table cell


def test_the_pdf_keeps_the_comments(defects_review, tmp_path):
    c, _, sec = defects_review
    r = c.get(link(sec, "pdf"))
    if find_soffice() is None:  # the page says what to do instead
        assert r.status_code == 503 and text("serve.error.pdf_converter", "ru") in r.text
        return
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf", r.text[:300]
    assert r.content.startswith(b"%PDF")
    path = tmp_path / "reviewed.pdf"
    path.write_bytes(r.content)
    notes = [body for kind, body in pdf_notes(path) if kind == 1]  # Text annotations: the comments
    assert len(notes) == 12
    docx_r = c.get(link(sec, "docx"))
    (tmp_path / "reviewed.docx").write_bytes(docx_r.content)
    squash = lambda s: " ".join(s.split())  # noqa: E731
    assert sorted(map(squash, notes)) == sorted(map(squash, comments(tmp_path / "reviewed.docx")))
    assert c.get(link(sec, "pdf")).content == r.content  # made once, then served as it is


def test_the_html_report_downloads_as_a_file(defects_review):
    c, _, sec = defects_review
    r = c.get(link(sec, "html"))
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert "seed001_defects.report.html" in r.headers["content-disposition"]
    assert len(re.findall(r'<li class="finding"', r.text)) == 12


def test_a_text_input_gets_its_report_and_no_word_file(client):
    r = upload(client, [FIXTURES / "text" / "seed001.txt"])
    sec = sections(r.text)["seed001.txt"]
    assert 'data-status="ok"' in sec and 'data-kind="html"' in sec
    assert 'data-kind="docx"' not in sec and 'data-kind="pdf"' not in sec
    assert text("serve.ui.no_docx", "ru") in sec


def test_election_day_and_kind_reach_the_rules(client):
    r = upload(client, [DEFECTS], election_day="25.09.2022", election_kind="local_kenesh", election_type="regular")
    sec = sections(r.text)[DEFECTS.name]
    assert 'data-status="ok"' in sec
    total = int(re.search(r'data-total="(\d+)"', sec).group(1))
    assert total != 12  # another election day moves every term


@pytest.mark.parametrize("day", ["31.02.2022", "19/09/2022", "tomorrow"])
def test_a_bad_election_day_is_refused_with_its_message(client, day):
    r = upload(client, [DEFECTS], election_day=day)
    assert r.status_code == 422
    assert text("serve.error.bad_date", "ru", value=day) in r.text.replace("&#34;", '"')
    assert not client.app.state.desk.reviews


def test_iso_election_day_is_accepted(client):
    r = upload(client, [DEFECTS], election_day="2022-09-19")
    assert r.status_code == 200 and 'data-status="ok"' in r.text


def test_no_file_chosen(client):
    r = client.post("/review", files=[("files", ("", b""))],
                    data={"election_day": "", "form_key": client.app.state.desk.form_key})
    assert r.status_code == 422 and text("serve.error.no_files", "ru") in r.text
    assert 'href="/?lang=ky"' in r.text  # the language switch leads to a page, not to the form's address


def test_compare_russian_and_kyrgyz_versions(client, tmp_path):
    files = [("a", (SEED001.name, SEED001.read_bytes())), ("b", (SEED001_KY.name, SEED001_KY.read_bytes()))]
    r = client.post("/compare", files=files, follow_redirects=True,
                    data={"mode": "auto", "review_lang": "ru", "form_key": client.app.state.desk.form_key})
    assert r.status_code == 200
    assert text("serve.ui.comparison", "ru") in r.text
    sec = sections(r.text)[SEED001_KY.name]
    assert 'data-status="ok"' in sec
    n = int(re.search(r'data-total="(\d+)"', sec).group(1))
    report = client.get(re.search(r'<iframe class="report" src="([^"]+)"', sec).group(1))
    assert report.status_code == 200 and 'class="pair"' in report.text
    assert len(re.findall(r'<li class="finding"', report.text)) == n
    d = client.get(link(sec, "docx"))
    assert d.status_code == 200 and "seed001_ky.compared.docx" in d.headers["content-disposition"]
    (tmp_path / "b.docx").write_bytes(d.content)
    assert len(comments(tmp_path / "b.docx")) == n


def test_compare_needs_two_files(client):
    r = client.post("/compare", files=[("a", (SEED001.name, SEED001.read_bytes()))],
                    data={"mode": "auto", "form_key": client.app.state.desk.form_key})
    assert r.status_code == 422 and text("serve.error.two_files", "ru") in r.text


# --------------------------------------------------------------------------- bad files, limits


def broken_docx() -> bytes:
    return DEFECTS.read_bytes()[:3000]  # a ZIP cut short


def test_a_broken_file_and_a_good_one_in_one_upload(client):
    r = upload(client, [("broken.docx", broken_docx()), DEFECTS])
    secs = sections(r.text)
    assert 'data-status="failed"' in secs["broken.docx"]
    reason = re.search(r'<p class="problem" role="alert">(.*?)</p>', secs["broken.docx"], re.S).group(1)
    assert text("serve.ui.not_checked", "ru") in reason and "\n" not in reason.strip()
    assert "ZIP" in reason  # the reader's own reason, on one line
    assert 'data-total="12"' in secs[DEFECTS.name]


def test_an_empty_file(client):
    r = upload(client, [("empty.docx", b""), DEFECTS])
    secs = sections(r.text)
    assert text("serve.error.empty", "ru") in secs["empty.docx"]
    assert 'data-total="12"' in secs[DEFECTS.name]


@pytest.mark.parametrize("make, limit, maximum", [
    (docx_bomb, "max_part_bytes", "67\u00a0108\u00a0864"),
    (lambda p: docx_empty_paragraphs(p, declared=60 << 20), "max_elements", "1\u00a0000\u00a0000"),
], ids=["2.2GB-of-spaces", "2.2GB-of-empty-paragraphs-declared-60MB"])
def test_a_zip_bomb_gives_its_reason_and_the_other_files_still_run(client, tmp_path, make, limit, maximum):
    bomb = make(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 4_000_000
    started = time.monotonic()
    r = upload(client, [bomb, DEFECTS])
    assert time.monotonic() - started < 60
    secs = sections(r.text)
    assert 'data-status="failed"' in secs["bomb.docx"]
    assert text(f"serve.error.limit.{limit}", "ru", maximum=maximum) in secs["bomb.docx"]
    assert 'data-total="12"' in secs[DEFECTS.name]


def test_a_pdf_over_the_page_limit(tmp_path):
    pdf = minimal_pdf(tmp_path / "long.pdf", pages=12)
    with TestClient(create_app(ServeSettings(max_pages=10)), base_url=BASE) as c:
        r = upload(c, [pdf, DEFECTS])
    secs = sections(r.text)
    assert text("serve.error.limit.max_pages", "ru", value="12", maximum="10") in secs["long.pdf"]
    assert 'data-total="12"' in secs[DEFECTS.name]


def test_an_oversized_file_is_refused_with_the_message_and_the_others_run():
    big = b"PK\x03\x04" + b"\0" * (1 << 20)
    with TestClient(create_app(ServeSettings(max_upload_bytes=1 << 20)), base_url=BASE) as c:
        r = upload(c, [("big.docx", big), DEFECTS])
        folder = c.app.state.desk.folder
        assert not list(folder.rglob("*big*")) and not [p for p in folder.rglob("*") if p.is_file()
                                                         and p.stat().st_size > (1 << 20)]
    secs = sections(r.text)
    assert text("serve.error.too_large", "ru", mb="1") in secs["big.docx"]
    assert 'data-total="12"' in secs[DEFECTS.name]


def test_an_upload_past_every_limit_is_refused_before_it_is_read():
    with TestClient(create_app(ServeSettings(max_upload_bytes=1 << 20, max_files=2)), base_url=BASE) as c:
        r = upload(c, [("a.txt", b"x" * (2 << 20)), ("b.txt", b"x" * (2 << 20)), ("c.txt", b"x")])
        assert r.status_code == 413
        assert text("serve.error.too_big", "ru", files=2, mb=1) in r.text
        r = upload(c, [("a.txt", b"x"), ("b.txt", b"x"), ("c.txt", b"x")])
        assert r.status_code == 413 and text("serve.error.too_many_files", "ru", files=2) in r.text
        assert not c.app.state.desk.reviews


def test_not_a_form(client):
    r = client.post("/review", content=b"hello", headers={"content-type": "text/plain"})
    assert r.status_code == 400 and text("serve.error.not_a_form", "ru") in r.text


# --------------------------------------------------------------------------- escaping


def docx_with_script(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Календарный план мероприятий по подготовке и проведению выборов")
    t = d.add_table(rows=3, cols=4)
    for i, h in enumerate(["№", "Содержание мероприятий", "Сроки исполнения", "Ответственные"]):
        t.rows[0].cells[i].text = h
    for r, (n, what) in enumerate([("1.", "<script>alert(1)</script>"), ("2.", "<img src=x onerror=alert(2)>")], 1):
        for i, v in enumerate([n, what, "Не позднее 31 сентября 2022 года", "ЦИК"]):
            t.rows[r].cells[i].text = v
    d.save(str(path))
    return path


def test_a_script_in_a_cell_and_in_a_file_name_is_shown_escaped(client, tmp_path):
    doc = docx_with_script(tmp_path / "x.docx")
    name = '<img src=x onerror=alert("name")>.docx'
    r = upload(client, [(name, doc.read_bytes())])
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "&lt;img src=x onerror=alert(&#34;name&#34;)&gt;.docx" in r.text
    sec = next(iter(sections(r.text).values()))
    assert 'data-status="ok"' in sec
    report = client.get(re.search(r'<iframe class="report" src="([^"]+)"', sec).group(1))
    assert "<script>alert(1)" not in report.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in report.text
    assert "<img src=x" not in report.text
    assert "'unsafe-inline'" not in report.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert 'sandbox="allow-scripts"' in r.text  # the framed report runs in an origin of its own


# --------------------------------------------------------------------------- language


def test_the_language_switch(client):
    r = client.get("/?lang=ky")
    assert '<html lang="ky">' in r.text and text("serve.ui.submit", "ky") in r.text
    assert text("serve.ui.title", "ky") in r.text and text("serve.ui.submit", "ru") not in r.text
    assert 'hreflang="ru"' in r.text and 'hreflang="en"' in r.text
    again = client.get("/")  # remembered
    assert '<html lang="ky">' in again.text
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="ru">' in client.get("/?lang=ru").text


def test_results_in_kyrgyz(client):
    r = upload(client, [DEFECTS], review_lang="ky")
    ky = client.get(str(r.url) + "?lang=ky")
    sec = sections(ky.text)[DEFECTS.name]
    assert text("serve.ui.total", "ky", n=12) in sec
    for s in ("error", "warning", "info"):
        assert text(f"common.severity.many.{s}", "ky") in sec
    report = client.get(re.search(r'<iframe class="report" src="([^"]+)"', sec).group(1))
    assert '<html lang="ky">' in report.text


@pytest.mark.parametrize("header, lang", [
    ("ky-KG,ky;q=0.9,ru;q=0.8", "ky"), ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"), ("en-US,en;q=0.9", "en"),
    ("de-DE,de;q=0.9", "ru"), ("ru;q=0.5, en;q=0.8", "en"), ("de, ky;q=0.3", "ky"), ("", "ru"),
])
def test_accept_language_decides_the_default(client, header, lang):
    r = client.get("/", headers={"accept-language": header})
    assert f'<html lang="{lang}">' in r.text


def test_accept_language_parser():
    assert accept_language("ky-KG") == "ky"
    assert accept_language("en;q=0, ru;q=0.1") == "ru"
    assert accept_language("fr") is None and accept_language(None) is None


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("host, ok", [
    ("127.0.0.1:8765", True), ("localhost:8765", True), ("[::1]:8765", True),
    ("evil.example", False), ("evil.example:8765", False), ("127.0.0.1:9999", False), ("127.0.0.1", False),
    ("", False), ("127.0.0.1:8765@evil.example", False),
])
def test_host_names(host, ok):
    assert host_ok(host, ServeSettings()) is ok


def test_the_host_header_is_checked(client):
    r = client.get("/", headers={"host": "evil.example"})
    assert r.status_code == 400
    assert r.text == text("serve.error.host", "ru", host="evil.example") + "\n"
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200
    assert upload(client, [DEFECTS]).status_code == 200


def test_a_raw_request_with_another_host_is_refused():
    with live_desk() as (settings, _):
        with socket.create_connection(("127.0.0.1", settings.port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: evil.example\r\nAccept-Language: en\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400")
        assert body.decode() == text("serve.error.host", "en", host="evil.example") + "\n"
        ok = httpx.get(f"http://127.0.0.1:{settings.port}/")
        assert ok.status_code == 200


def test_security_headers_and_no_outside_address(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    for part in ("default-src 'none'", "frame-ancestors 'self'", "form-action 'self'", "base-uri 'none'",
                 "script-src 'sha256-"):
        assert part in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"
    assert "server" not in r.headers
    assert not re.search(r'(src|href|action)="(https?:)?//', r.text)
    assert "http://" not in r.text and "https://" not in r.text
    miss = client.get("/nowhere")
    assert miss.status_code == 404 and miss.headers["content-security-policy"].startswith("default-src 'none'")


def test_a_form_from_another_site_is_refused(client):
    r = client.post("/review", files=[("files", (DEFECTS.name, DEFECTS.read_bytes()))],
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and text("serve.error.origin", "ru") in r.text
    r = client.post("/review", files=[("files", (DEFECTS.name, DEFECTS.read_bytes()))],
                    headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    assert not client.app.state.desk.reviews
    r = client.post("/review", files=[("files", (DEFECTS.name, DEFECTS.read_bytes()))],  # no key: not our form
                    headers={"origin": "null"})
    assert r.status_code == 403 and text("serve.error.origin", "ru") in r.text
    assert client.post(f"/review/{'x' * 22}/delete", data={"form_key": "guess"}).status_code == 403
    assert not client.app.state.desk.reviews
    r = client.post("/review", files=[("files", (DEFECTS.name, DEFECTS.read_bytes()))], follow_redirects=True,
                    data={"form_key": client.app.state.desk.form_key},
                    headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200 and 'data-total="12"' in r.text
    assert upload(client, [DEFECTS]).status_code == 200


def test_a_token_is_required_off_the_loopback():
    with pytest.raises(ValidationError, match="token"):
        ServeSettings(host="0.0.0.0")
    s = ServeSettings.secure(host="0.0.0.0")
    assert s.token and len(s.token) >= 24 and s.url().endswith(f"/?token={s.token}")
    assert ServeSettings.secure().token is None and is_loopback("127.0.0.2") and not is_loopback("10.0.0.1")
    s = ServeSettings(host="192.0.2.10", token="a-long-enough-key")
    with TestClient(create_app(s), base_url="http://192.0.2.10:8765") as c:
        r = c.get("/")
        assert r.status_code == 403 and text("serve.error.token", "ru") in r.text
        assert c.get("/?token=wrong-key-123").status_code == 403
        r = c.get("/?token=a-long-enough-key&lang=en", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/?lang=en"
        assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
        assert c.get("/").status_code == 200  # the cookie carries it now
        assert upload(c, [DEFECTS]).status_code == 200
        c.cookies.clear()
        assert c.get("/", headers={"authorization": "Bearer a-long-enough-key"}).status_code == 200
        assert c.get("/").status_code == 403


def test_a_token_on_the_loopback_is_required_too():
    with TestClient(create_app(ServeSettings(token="loopback-key")), base_url=BASE) as c:
        assert c.get("/").status_code == 403
        assert c.get("/?token=loopback-key").status_code == 200


def test_the_temporary_folder_is_removed_on_shutdown_and_by_the_delete_button():
    app = create_app(ServeSettings())
    with TestClient(app, base_url=BASE) as c:
        folder = app.state.desk.folder
        r = upload(c, [DEFECTS])
        rid = str(r.url).rsplit("/", 1)[1]
        review = folder / rid
        assert review.is_dir() and any(review.iterdir())
        gone = c.post(f"/review/{rid}/delete", data={"form_key": app.state.desk.form_key}, follow_redirects=True)
        assert gone.status_code == 200 and text("serve.ui.deleted", "ru") in gone.text
        assert not review.exists()
        assert c.get(f"/review/{rid}").status_code == 404
        assert text("serve.error.not_found", "ru") in c.get(f"/review/{rid}/1/reviewed.docx").text
        upload(c, [DEFECTS])
        assert folder.is_dir() and any(folder.iterdir())
    assert not folder.exists()


def test_old_reviews_are_removed():
    app = create_app(ServeSettings(keep_reviews=2))
    with TestClient(app, base_url=BASE) as c:
        firsts = [str(upload(c, [FIXTURES / "text" / "seed001.txt"]).url).rsplit("/", 1)[1] for _ in range(3)]
        assert c.get(f"/review/{firsts[0]}").status_code == 404
        assert all(c.get(f"/review/{rid}").status_code == 200 for rid in firsts[1:])
        assert len([p for p in app.state.desk.folder.iterdir()]) == 2


def test_the_desk_answers_while_a_file_is_checked(monkeypatch):
    from shailoo.apps.serve.desk import Desk

    slow = Desk.check_file

    def check_file(self, *a, **kw):
        time.sleep(2)
        return slow(self, *a, **kw)

    monkeypatch.setattr(Desk, "check_file", check_file)
    with live_desk() as (settings, srv):
        base = f"http://127.0.0.1:{settings.port}"
        done = {}

        def post():
            with httpx.Client(base_url=base, timeout=60) as h:
                done["r"] = h.post("/review", files=[("files", (DEFECTS.name, DEFECTS.read_bytes()))],
                                   data={"form_key": srv.config.app.state.desk.form_key})

        t = threading.Thread(target=post)
        t.start()
        time.sleep(0.5)
        started = time.monotonic()
        assert httpx.get(base + "/", timeout=10).status_code == 200
        assert time.monotonic() - started < 1.5
        t.join(60)
        assert done["r"].status_code == 303


# --------------------------------------------------------------------------- the command line


def test_serve_is_in_the_help(capsys):
    assert cli.main(["serve", "--help"], out=io.StringIO(), err=io.StringIO()) == 0
    out = capsys.readouterr().out
    for opt in ("--host", "--port", "--token", "--open", "--lang", "--max-upload-mb", "--max-pages"):
        assert opt in out


def test_a_busy_port_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        err = io.StringIO()
        assert cli.main(["serve", "--port", str(port), "--lang", "en"], out=io.StringIO(), err=err) == 2
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shailoo: error: port") and "--port N" in lines[0]


def test_bad_options_are_one_line():
    err = io.StringIO()
    assert cli.main(["serve", "--port", "70000"], out=io.StringIO(), err=err) == 2
    assert err.getvalue().count("\n") == 1 and "port" in err.getvalue()


def test_the_command_prints_one_line_serves_and_cleans_up_on_ctrl_c(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "shailoo", "serve", "--port", str(port), "--lang", "ru"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env={**__import__("os").environ, "TMPDIR": str(tmp)})
    try:
        line = proc.stderr.readline().decode()
        assert line == text("serve.cli.listening", "ru", url=f"http://127.0.0.1:{port}/") + "\n"
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert r.status_code == 200 and '<html lang="ru">' in r.text
        key = re.search(r'name="form_key" value="([^"]+)"', r.text).group(1)
        r = httpx.post(f"http://127.0.0.1:{port}/review", files=[("files", (DEFECTS.name, DEFECTS.read_bytes()))],
                       data={"form_key": key}, timeout=60)
        assert r.status_code == 303
        assert [p.name for p in tmp.iterdir() if p.name.startswith("shailoo-serve-")]
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert out == b"" and err == b""  # that one line, nothing more
    assert not [p for p in tmp.iterdir() if p.name.startswith("shailoo-serve-")]
