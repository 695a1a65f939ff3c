"""The web layer of ``shailoo serve``: a FastAPI application over ``shailoo.apps.serve.desk.Desk``.

Routes (every page in the interface language: ``?lang=ru|ky|en``, remembered in a cookie, else the
browser's ``Accept-Language``, else ``ServeSettings.lang``):

* ``GET /``: the upload page: a plain form (``POST /review``, works without JavaScript) with a file
  input that takes several files and drops; the election day, kind and type; the language of the
  findings; a second form (``POST /compare``) with two file fields to compare two versions;
* ``POST /review`` → ``303 /review/{id}``: the results: for each file its findings counted by
  severity (the catalogue's words) and the HTML report (``shailoo.outputs.html.format_html``) in a
  sandboxed ``<iframe>`` (``/review/{id}/{n}/report.html``), or the file's one-line reason; downloads:
  ``/review/{id}/{n}/reviewed.docx``, ``…/reviewed.pdf`` (made on first request, comments kept),
  ``…/report.html?download=1``; ``POST /review/{id}/delete`` removes the review's files;
* ``POST /compare`` → ``303 /review/{id}``: the comparison (``format_comparison_html``) and, when the
  version under review is a DOCX, that version with one comment per difference (and its PDF).

Safety, checked on every request before any route runs (``guard``): the ``Host`` header must name the
desk (``127.0.0.1``, ``localhost`` or ``--host``, with its port: a DNS-rebinding page is refused with
400); with a token, the request must carry it (``?token=`` once, then an HttpOnly SameSite=Strict
cookie; 403 otherwise); a POST from another site is refused (403: its ``Sec-Fetch-Site`` or ``Origin``
says so, or it lacks the key every form of the desk carries). Every answer has a
Content-Security-Policy (pages: ``default-src 'none'``, inline style, the one script by its hash, frames
from the desk only; ``frame-ancestors 'self'``), ``X-Content-Type-Options: nosniff``,
``Referrer-Policy: no-referrer`` and ``Cache-Control: no-store`` (the drafts are confidential: no copy in
the browser's cache). Nothing is fetched from anywhere: no CDN, font or analytics.

Work runs in a worker thread (``run_in_threadpool``), at most ``ServeSettings.workers`` reviews at once,
so the desk answers while a long file is read. The library prints nothing: ``run`` serves until
interrupted and the command line says what there is to say.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import socket
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from shailoo.apps.serve.desk import Desk, FileResult, Problem, Review, election_options, parse_day
from shailoo.apps.serve.settings import WILDCARDS, ServeSettings, is_loopback
from shailoo.apps.serve.uploads import UploadRefused, read_form
from shailoo.corpus.i18n import LANGS, group, text
from shailoo.outputs.html import script_hash, stylesheet
from shailoo.rules.election import KINDS, LEVELS, TYPES
from shailoo.rules.findings import SEVERITIES
from shailoo.version import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOKEN_COOKIE = "shailoo_token"
LANG_COOKIE = "shailoo_lang"
#: The election kinds offered on the page (``unknown`` is what «as the document says» leaves open).
KIND_CHOICES = tuple(k for k in KINDS if k != "unknown") + LEVELS
MODES = ("auto", "language", "draft")
#: Headers every answer carries.
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store", "X-Frame-Options": "SAMEORIGIN",
                "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Resource-Policy": "same-origin"}
#: The policy of an answer that is not a page of the desk (downloads, messages).
PLAIN_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


# --------------------------------------------------------------------------- static parts


@lru_cache(maxsize=1)
def _static() -> tuple[str, str]:
    """(style, script) of the desk's pages: base.css + serve.css, and serve.js (the project's own text)."""
    css = stylesheet(TEMPLATES / "serve.css")
    js = (TEMPLATES / "serve.js").read_text(encoding="utf-8")
    if "</script" in js.lower():
        raise ValueError("serve.js must not contain a closing </script>")
    return css, js


def page_csp(script: str) -> str:
    """The policy of a desk page: its inline style and its one script, frames (the reports) and forms
    from the desk only, framed by the desk only."""
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash(script)}; img-src data:; "
            "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")


def report_csp(html: str) -> str:
    """The policy of an HTML report served by the desk: the report's own (its ``<meta>``), framed by the desk only."""
    m = _META_CSP.search(html[:4000])
    own = m.group(1).replace("&#39;", "'").replace("&quot;", '"') if m else "default-src 'none'; style-src 'unsafe-inline'"
    return own + "; frame-ancestors 'self'"


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


# --------------------------------------------------------------------------- language


def accept_language(header: Optional[str]) -> Optional[str]:
    """The first of ky, ru, en that ``Accept-Language`` prefers (by its ``q``), or None."""
    best: tuple[float, int, Optional[str]] = (0.0, 0, None)
    for i, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        code = {"kir": "ky", "rus": "ru", "eng": "en"}.get(code, code)
        if code not in LANGS:
            continue
        q = 1.0
        m = re.search(r"q\s*=\s*([0-9.]+)", params)
        if m:
            try:
                q = float(m.group(1))
            except ValueError:
                q = 0.0
        if q > best[0] or (q == best[0] and best[2] is None):
            best = (q, -i, code)
    return best[2] if best[0] > 0 else None


def page_lang(request: Request, settings: ServeSettings) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get(LANG_COOKIE)
    if c in LANGS:
        return c
    return accept_language(request.headers.get("accept-language")) or settings.lang


# --------------------------------------------------------------------------- the application


def allowed_hosts(settings: ServeSettings) -> set[str]:
    """The names a request's ``Host`` may carry (before the port)."""
    names = {"127.0.0.1", "localhost", "[::1]", settings.url_host.lower()}
    if not is_loopback(settings.host):
        names.add(settings.host.lower() if ":" not in settings.host else f"[{settings.host.strip('[]').lower()}]")
    return names


def host_ok(host_header: str, settings: ServeSettings) -> bool:
    """Whether ``Host`` names the desk: an allowed name and the desk's port (a wildcard bind, reached
    by whatever name the network gives it and protected by its token, checks the port only)."""
    h = (host_header or "").strip().lower()
    m = re.fullmatch(r"(\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?", h)
    if not m:
        return False
    name, port = m.group(1), int(m.group(2) or 80)
    if port != settings.port:
        return False
    return settings.host.strip("[]") in WILDCARDS or name in allowed_hosts(settings)


def create_app(settings: Optional[ServeSettings] = None, config=None) -> FastAPI:
    """The desk's application (``app.state.desk`` holds its reviews and temporary folder, removed when
    the application shuts down). ``config``: the rule settings (``shailoo.rules.config.load_config``)."""
    settings = settings or ServeSettings()
    desk = Desk(settings, config)
    gate = asyncio.Semaphore(settings.workers)
    css, js = _static()
    csp = page_csp(js)
    meta_csp = csp.replace("; frame-ancestors 'self'", "")  # ignored (and reported) in a <meta>

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            yield
        finally:
            desk.close()

    app = FastAPI(title="shailoo", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    app.state.settings = settings

    def render(name: str, request: Request, lang: str, status: int = 200, **context) -> HTMLResponse:
        ui = group("serve.ui", lang)
        here = request.url.path if request.method == "GET" else "/"  # a form's address is no page to link to
        switch = [(code, text(f"common.language.{code}", code), f"{here}?{urlencode({'lang': code})}")
                  for code in LANGS]
        html = _environment().get_template(name).render(
            lang=lang, ui=ui, t=lambda key, **kw: text(key, lang, **kw), version=__version__,
            style=Markup(css), script=Markup(js), csp=Markup(meta_csp), switch=switch, settings=settings,
            minutes=int(settings.keep_minutes), form_key=desk.form_key, **context)
        response = HTMLResponse(html, status_code=status)
        response.headers["Content-Security-Policy"] = csp
        if request.query_params.get("lang") in LANGS:
            response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict", path="/")
        return response

    def message(request: Request, key: str, status: int, **params) -> HTMLResponse:
        lang = page_lang(request, settings)
        return render("message.html.j2", request, lang, status=status, message=text(f"serve.error.{key}", lang, **params))

    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = request.headers.get("host", "")
        if not host_ok(host, settings):  # DNS rebinding: another name pointing at this computer
            lang = accept_language(request.headers.get("accept-language")) or settings.lang
            response: Response = PlainTextResponse(text("serve.error.host", lang, host=host[:100]) + "\n",
                                                   status_code=400)
        elif settings.token and not _has_token(request, settings.token):
            response = message(request, "token", 403)
        elif settings.token and request.method == "GET" and request.query_params.get("token"):
            # the key in the address once: into a cookie, out of the address bar and the history
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            response = RedirectResponse(request.url.path + (f"?{urlencode(rest)}" if rest else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="strict", path="/")
        elif request.method == "POST" and not _same_origin(request, settings):
            response = message(request, "origin", 403)
        else:
            response = await call_next(request)
        for k, v in SAFE_HEADERS.items():
            response.headers.setdefault(k, v)
        response.headers.setdefault("Content-Security-Policy", PLAIN_CSP)
        return response

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request):
        lang = page_lang(request, settings)
        return render("desk.html.j2", request, lang, **_choices(lang), review_lang=lang, problems=[])

    async def _received(request: Request, kind: str, max_files: int):
        """(page language, the new review, its form) of an upload, or the page refusing it (too large, or a
        form that did not come from the desk); a refused upload leaves nothing behind."""
        lang = page_lang(request, settings)
        review = desk.new_review(kind, lang)
        try:
            form = await read_form(request, review.folder, settings.max_upload_bytes, max_files)
        except UploadRefused as e:
            desk.delete(review.id)
            return lang, review, _refused(request, lang, e.reason)
        if not desk.form_key_ok(form.fields.get("form_key")):
            desk.delete(review.id)
            return lang, review, message(request, "origin", 403)
        review.lang = form.fields.get("review_lang") if form.fields.get("review_lang") in LANGS else lang
        return lang, review, form

    @app.post("/review")
    async def post_review(request: Request):
        lang, review, form = await _received(request, "check", settings.max_files)
        if isinstance(form, HTMLResponse):
            return form
        files = form.files_of("files")
        problems = []
        calendar, options = {}, {"statutes": None, "election_kind": None, "jurisdiction": None}
        day = form.fields.get("election_day", "")
        try:
            if parse_day(day):
                calendar["election_day"] = parse_day(day)
        except ValueError:
            problems.append(Problem("bad_date", {"value": day.strip()[:40]}))
        try:
            options["election_kind"] = election_options(_choice(form.fields.get("election_kind"), KIND_CHOICES),
                                                        _choice(form.fields.get("election_type"), TYPES))
        except ValueError as e:
            problems.append(Problem("bad_kind", {"reason": str(e)}))
        if not files:
            problems.append(Problem("no_files"))
        if problems:
            desk.delete(review.id)
            return render("desk.html.j2", request, lang, status=422, **_choices(lang), review_lang=review.lang,
                          problems=[p.text(lang) for p in problems])
        async with gate:
            for i, up in enumerate(files, 1):
                review.files.append(await run_in_threadpool(desk.check_file, review, i, up, calendar, options))
        return RedirectResponse(f"/review/{review.id}", status_code=303)

    @app.post("/compare")
    async def post_compare(request: Request):
        lang, review, form = await _received(request, "compare", 2)
        if isinstance(form, HTMLResponse):
            return form
        a, b = form.files_of("a"), form.files_of("b")
        if len(a) != 1 or len(b) != 1:
            desk.delete(review.id)
            return render("desk.html.j2", request, lang, status=422, **_choices(lang), review_lang=review.lang,
                          problems=[text("serve.error.two_files", lang)])
        mode = _choice(form.fields.get("mode"), MODES)
        async with gate:
            await run_in_threadpool(desk.compare_files, review, a[0], b[0], None if mode in (None, "auto") else mode)
        return RedirectResponse(f"/review/{review.id}", status_code=303)

    @app.get("/review/{rid}", response_class=HTMLResponse)
    async def show(request: Request, rid: str):
        lang = page_lang(request, settings)
        review = desk.get(rid)
        if review is None:
            return message(request, "not_found", 404)
        return render("results.html.j2", request, lang, review=review, files=[_file_view(review, f, lang)
                                                                                for f in review.files])

    @app.post("/review/{rid}/delete")
    async def delete(request: Request, rid: str):
        form = await request.form(max_files=0, max_fields=4, max_part_size=1024)
        if not desk.form_key_ok(form.get("form_key")):
            return message(request, "origin", 403)
        desk.delete(rid)
        lang = page_lang(request, settings)
        return render("message.html.j2", request, lang, message=text("serve.ui.deleted", lang))

    @app.get("/review/{rid}/{index}/{name}")
    async def download(request: Request, rid: str, index: int, name: str):
        review = desk.get(rid)
        res = review.file(index) if review is not None else None
        if res is None or res.problem is not None:
            return message(request, "not_found", 404)
        stem = res.stem
        if name == "report.html" and res.report is not None and res.report.exists():
            html = res.report.read_text(encoding="utf-8")
            headers = {"Content-Security-Policy": report_csp(html)}
            if request.query_params.get("download"):
                suffix = ".compare.html" if review.kind == "compare" else ".report.html"
                return FileResponse(res.report, media_type="text/html; charset=utf-8", filename=stem + suffix,
                                    headers=headers)
            return HTMLResponse(html, headers=headers)
        if name == "reviewed.docx" and res.docx is not None and res.docx.exists():
            suffix = ".compared.docx" if review.kind == "compare" else ".reviewed.docx"
            return FileResponse(res.docx, filename=stem + suffix, media_type=
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if name == "reviewed.pdf" and res.docx is not None:
            async with gate:
                made = await run_in_threadpool(desk.pdf_of, res)
            if made.problem is not None:
                return message(request, made.problem.key, 503, **made.problem.params)
            suffix = ".compared.pdf" if review.kind == "compare" else ".reviewed.pdf"
            return FileResponse(made.path, filename=stem + suffix, media_type="application/pdf")
        return message(request, "not_found", 404)

    def _refused(request: Request, lang: str, reason: str) -> HTMLResponse:
        key = reason if reason in ("too_big", "too_many_files", "not_a_form") else "not_a_form"
        status = 413 if key in ("too_big", "too_many_files") else 400
        return render("desk.html.j2", request, lang, status=status, **_choices(lang), review_lang=lang,
                      problems=[text(f"serve.error.{key}", lang, files=settings.max_files,
                                     mb=settings.max_upload_bytes // (1 << 20))])

    return app


def _has_token(request: Request, token: str) -> bool:
    given = (request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)
             or request.headers.get("authorization", "").removeprefix("Bearer ").strip())
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def _same_origin(request: Request, settings: ServeSettings) -> bool:
    """Whether a POST may come from the desk's own pages, by its headers: refused when the browser says
    it comes from another site (``Sec-Fetch-Site``) or names another origin. ``Origin: null`` (what a
    browser sends under ``Referrer-Policy: no-referrer``) and no ``Origin`` pass here: the form's key
    (``Desk.form_key``), which another site cannot read, decides then."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin in (None, "null"):
        return True
    parts = urlsplit(origin)
    return parts.scheme == "http" and host_ok(parts.netloc, settings)


def _choice(value: Optional[str], allowed: tuple[str, ...]) -> Optional[str]:
    return value if value in allowed else None


def _choices(lang: str) -> dict:
    """The options of the page's selects, worded in ``lang``."""
    return {
        "kinds": [(k, text(f"serve.kind.{k}", lang)) for k in KIND_CHOICES],
        "types": [(k, text(f"serve.type.{k}", lang)) for k in TYPES],
        "modes": [(k, text(f"serve.mode.{k}", lang)) for k in MODES],
        "langs": [(code, text(f"common.language.{code}", code)) for code in LANGS],
    }


def _file_view(review: Review, f: FileResult, lang: str) -> dict:
    base = f"/review/{review.id}/{f.index}"
    return {
        "f": f, "problem": f.problem.text(lang) if f.problem else "",
        "counts": [(s, text(f"common.severity.many.{s}", lang), f.counts.get(s, 0)) for s in SEVERITIES],
        "report": f"{base}/report.html" if f.report else "",
        "report_download": f"{base}/report.html?download=1" if f.report else "",
        "docx": f"{base}/reviewed.docx" if f.docx else "",
        "pdf": f"{base}/reviewed.pdf" if f.docx else "",
        "seconds": f"{f.seconds:.1f}".replace(".", text("serve.ui.decimal", lang)),
    }


# --------------------------------------------------------------------------- running it


def bind(settings: ServeSettings) -> socket.socket:
    """A listening socket at ``settings.host:port`` (OSError when the port is taken or the host unknown)."""
    family = socket.AF_INET6 if ":" in settings.host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.host.strip("[]"), settings.port))
        sock.listen(64)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def server(settings: ServeSettings, config=None):
    """A ``uvicorn.Server`` of the desk (quiet: no log lines; the caller says what there is to say)."""
    import uvicorn

    app = create_app(settings, config)
    cfg = uvicorn.Config(app, log_level="error", access_log=False, lifespan="on", server_header=False,
                         date_header=False, timeout_graceful_shutdown=5, log_config=None)
    return uvicorn.Server(cfg)


def run(settings: ServeSettings, sock: socket.socket, config=None, ready=None) -> None:
    """Serve on ``sock`` (``bind``) until interrupted (Ctrl+C); the desk's folder is removed on the way
    out. ``ready()`` is called once the desk answers (from another thread)."""
    import threading

    srv = server(settings, config)
    if ready is not None:
        def wait() -> None:
            import time

            while not srv.started and not srv.should_exit:
                time.sleep(0.05)
            if srv.started:
                ready()
        threading.Thread(target=wait, daemon=True).start()
    try:
        srv.run(sockets=[sock])
    finally:
        srv.config.app.state.desk.close()
