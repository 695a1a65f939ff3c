"""The council's exports (issue 20): a letter per executor (``track executors``, DOCX and HTML) and the
summary for a council meeting (``track meeting``, DOCX and PDF).

The store holds the four plans of ``fixtures/track/portfolio/expected.yaml`` (seed 003's and the three
invented ones) with their reports, loaded through the command line. Every figure the tests compare with
comes from that file, written by hand: the per-executor counts and statuses of a plan at a date, the
per-plan, per-body and portfolio totals, the changes between two dates (the hand-written statuses of
both dates compared). The words (status names, headings) are the message catalogue's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import unquote

import docx
import pytest
import yaml

from shailoo.cli import main
from shailoo.corpus.i18n import text
from conftest import ROOT

PORTFOLIO = ROOT / "fixtures" / "track" / "portfolio"
EXPECTED = yaml.safe_load((PORTFOLIO / "expected.yaml").read_text(encoding="utf-8"))
PLANS = {p["key"]: p for p in EXPECTED["plans"]}
STATUSES = ("done", "in_progress", "not_started", "no_report")
COUNTS = ("measures", *STATUSES, "overdue")
KARAKOL, MINFIN, SALYK = "plan_karakol_2024-2025_ru.docx", "plan_minfin_2024-2026_ru.docx", "plan_salyk_2024-2026_ky.docx"


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(*argv) -> tuple[str, str]:
    code, out, err = run(*argv)
    assert code == 0, err
    return out, err


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(the store, plan key → plan id)."""
    db = tmp_path_factory.mktemp("exports") / "council.duckdb"
    ids = {}
    for p in EXPECTED["plans"]:
        out, _ = ok("track", "add-plan", ROOT / p["file"], "--db", db, "--lang", "en")
        ids[p["key"]] = out.rsplit("--plan ", 1)[1].strip()
    for p in EXPECTED["plans"]:
        for r in p["reports"]:
            ok("track", "add-report", ROOT / r["file"], "--as-of", _dmy(r["as_of"]), "--db", db,
               "--plan", ids[p["key"]])
    return db, ids


def _paragraphs(d) -> list[str]:
    return [p.text for p in d.paragraphs]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def _all_text(d) -> str:
    return "\n".join(_paragraphs(d) + ["\t".join(row) for t in d.tables for row in _rows(t)])


def _wrote(err: str, lang: str) -> list[str]:
    """The files the command named on stderr («shailoo: записано: PATH»)."""
    head = text("common.cli.wrote", lang, path="\0").split("\0")[0]
    lines = err.splitlines()
    assert all(line.startswith(head) for line in lines), err
    return [line[len(head):] for line in lines]


# --------------------------------------------------------------------------- letters, DOCX

LETTER_CASES = [(KARAKOL, "2025-08-01", "ru"), (MINFIN, "2025-02-01", "ru"), (SALYK, "2026-02-01", "ky"),
                (KARAKOL, "2026-02-01", "en")]


@pytest.fixture(scope="module")
def docx_letters(store, tmp_path_factory):
    db, ids = store
    out = {}
    for key, as_of, lang in LETTER_CASES:
        folder = tmp_path_factory.mktemp("letters") / "out"
        _, err = ok("track", "executors", "--plan", ids[key], "--as-of", _dmy(as_of), "--db", db, "-o", folder,
                    "--lang", lang)
        out[(key, as_of, lang)] = (folder, err)
    return out


@pytest.mark.parametrize("key,as_of,lang", LETTER_CASES)
def test_one_docx_letter_per_executor_with_the_hand_written_counts(docx_letters, key, as_of, lang):
    folder, err = docx_letters[(key, as_of, lang)]
    exp = PLANS[key]["as_of"][as_of]
    want = {e["executor"]: e for e in exp["by_executor"]}
    files = sorted(folder.iterdir())
    assert len(files) == len(want) and all(f.suffix == ".docx" for f in files)
    # every file written is named on stderr, once
    assert sorted(Path(p) for p in _wrote(err, lang)) == files
    seen = set()
    to = text("track.export.to", lang, name="\0").split("\0")[0]
    for f in files:
        d = docx.Document(str(f))
        paras = _paragraphs(d)
        name = next(p for p in paras if p.startswith(to))[len(to):]
        assert name in want, (f.name, name)
        seen.add(name)
        # the heading, the plan as printed and the day
        assert paras[0] == text("track.export.council", lang)
        assert text("track.export.plan", lang, title=PLANS[key]["title"]) in paras
        assert text("track.export.body", lang, body=PLANS[key]["body"]) in paras
        assert text("track.export.as_of", lang, date=_dmy(as_of)) in paras
        # the counts table equals the hand-written per-executor counts
        counts, measures = d.tables[0], d.tables[1]
        head, values = _rows(counts)
        assert head == [text("track.ui.measures", lang), *(text(f"track.status.{s}", lang) for s in STATUSES),
                        text("track.ui.overdue", lang)]
        assert [int(v) for v in values] == [want[name][k] for k in COUNTS], name
        # one row per measure, each with the status the hand-written statuses give (when listed)
        rows = _rows(measures)[1:]
        assert len(rows) == want[name]["measures"]
        statuses = exp.get("statuses")
        for row in rows:
            number = row[0].rstrip(".")
            if statuses:
                assert row[3].startswith(text(f"track.status.{statuses[number]}", lang)), (name, row)
            # a measure of the hand-written overdue list is marked overdue
            if number in exp["overdue"]:
                assert row[4] != text("track.export.none", lang), (name, row)
        late = [r[0].rstrip(".") for r in rows if r[0].rstrip(".") in exp["overdue"]]
        sentence = next(p for p in paras if p.startswith(text("track.export.overdue_sentence", lang, date=_dmy(as_of),
                                                                   items="\0").split("\0")[0])
                        or p == text("track.export.no_overdue", lang, date=_dmy(as_of)))
        for n in late:
            assert f"{n} (" in sentence, (name, sentence)
        assert bool(late) == (want[name]["overdue"] > 0)
    assert seen == set(want)


def test_letter_terms_as_printed_and_what_the_last_report_said(docx_letters):
    folder, _ = docx_letters[(KARAKOL, "2025-08-01", "ru")]
    d = docx.Document(str(folder / "Финансовое_управление_мэрии.docx"))
    rows = {r[0].rstrip("."): r for r in _rows(d.tables[1])[1:]}
    # «Срок исполнения» as printed, with its last day (expected.yaml: term, planned_end)
    terms = {m["measure"]: m for m in PLANS[KARAKOL]["measures"]}
    for n, row in rows.items():
        assert row[2] == f"{terms[n]['term']} (до {_dmy(terms[n]['planned_end'])})", row
    # 2.3 moved back (done → in progress) on 20.07.2025; the status says so
    assert rows["2.3"][3] == "в процессе (откат назад: было «исполнено»)"
    # what the last report said, then its date
    assert all(re.search(r"\S \(\d\d\.\d\d\.\d{4}\)$", row[5]) for row in rows.values()), rows
    # a plan with year columns (salyk): the years whose column is filled, with the last day
    folder, _ = docx_letters[(SALYK, "2026-02-01", "ky")]
    terms = {m["measure"]: m for m in PLANS[SALYK]["measures"]}
    for f in folder.iterdir():
        for row in _rows(docx.Document(str(f)).tables[1])[1:]:
            m = terms[row[0].rstrip(".")]
            years = m["term"]
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            assert row[2] == f"{span} ({_dmy(m['planned_end'])} чейин)", row


def test_ky_letters_speak_kyrgyz(docx_letters):
    folder, _ = docx_letters[(SALYK, "2026-02-01", "ky")]
    for f in folder.iterdir():
        body = _all_text(docx.Document(str(f)))
        for word in ("Кимге:", "абалы боюнча", "Аткаруучунун чаралары", "Бардык чаралар"):
            assert word in body, (f.name, word)
        for word in ("Кому:", "По состоянию на", "Всего мер"):
            assert word not in body, (f.name, word)


def test_letter_is_a4_times_new_roman_12(docx_letters):
    folder, _ = docx_letters[(MINFIN, "2025-02-01", "ru")]
    d = docx.Document(str(next(folder.iterdir())))
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 12


# --------------------------------------------------------------------------- letters, HTML, in Chromium


@pytest.fixture(scope="module")
def html_letters(store, tmp_path_factory):
    db, ids = store
    folder = tmp_path_factory.mktemp("html") / "letters"
    _, err = ok("track", "executors", "--plan", ids[MINFIN], "--as-of", "01.08.2025", "--db", db, "-o", folder,
                "-f", "html")
    return folder, err


def test_html_letters_open_in_chromium_without_errors(browser, html_letters):
    folder, err = html_letters
    want = {e["executor"]: e for e in PLANS[MINFIN]["as_of"]["2025-08-01"]["by_executor"]}
    files = sorted(folder.iterdir())
    assert len(files) == len(want) and all(f.suffix == ".html" for f in files)
    assert sorted(Path(p) for p in _wrote(err, "ru")) == files
    context = browser.new_context(offline=True)
    try:
        for f in files:
            page = context.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(unquote(r.url)))
            page.goto(f.as_uri())
            page.wait_for_load_state("load")
            name = page.inner_text("#to").split(": ", 1)[1]
            counts = {k: int(page.inner_text(f'#counts td[data-count="{k}"]')) for k in COUNTS}
            assert counts == {k: want[name][k] for k in COUNTS}, name
            assert page.locator("tr.measure").count() == want[name]["measures"]
            assert page.evaluate("document.scripts.length") == 0
            assert errors == [], (f.name, errors)
            assert requests == [unquote(f.as_uri())], requests
            page.close()
    finally:
        context.close()


def test_html_letter_escapes_and_names_are_safe(store):
    """A hostile executor name: escaped in the page, harmless as a file name."""
    from shailoo.apps.track.exports import letter_html, letters, safe_name
    from shailoo.apps.track.store import TrackStore, status

    db, ids = store
    with TrackStore(str(db), read_only=True) as s:
        st = status(s, ids[MINFIN], dt.date(2025, 8, 1), "ru")
    evil = '<script>alert(1)</script> ../..\\CON: "x" *?|'
    m = st.measures[0]
    refs = [r.model_copy(update={"name": evil}) for r in m.executor_refs]
    st.measures[0] = m.model_copy(update={"executor_refs": refs})
    letter = next(x for x in letters(None, None, st.as_of, "ru", st=st) if x.name == evil)
    page = letter_html(letter)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    stem = safe_name(letter.name)
    assert not set('<>:"/\\|?*') & set(stem) and stem == "script_alert(1)_script_.._.._CON_x"


def test_safe_names():
    from shailoo.apps.track.exports import NAME_MAX, safe_name

    taken: set[str] = set()
    assert safe_name("Аппарат мэрии", taken) == "Аппарат_мэрии"
    # unique without regard to case (Windows and macOS): the same name, in other letters' case
    assert safe_name("аппарат МЭРИИ", taken) == "аппарат_МЭРИИ_2"
    assert safe_name("Аппарат  мэрии", taken) == "Аппарат_мэрии_3"
    assert safe_name("Отдел", taken) == "Отдел"
    assert safe_name("CON") == "_CON" and safe_name("nul.txt") == "_nul.txt" and safe_name("COM1") == "_COM1"
    assert safe_name(" ... ") == "executor" and safe_name("a\x00b\nc") == "a_b_c"
    assert safe_name("МП «Тазалык»") == "МП_«Тазалык»"
    long = safe_name("Представительство " * 20)
    assert len(long) <= NAME_MAX and not long.endswith("_") and long.endswith("Представительство")


# --------------------------------------------------------------------------- the meeting


MEETING_DATES = ["2025-08-01", "2026-02-01"]


@pytest.fixture(scope="module")
def meetings(store, tmp_path_factory):
    db, _ = store
    folder = tmp_path_factory.mktemp("meeting")
    out = {}
    for as_of in MEETING_DATES:
        for lang in ("ru", "ky"):
            path = folder / f"meeting_{as_of}_{lang}.docx"
            _, err = ok("track", "meeting", "--as-of", _dmy(as_of), "--db", db, "-o", path, "--lang", lang)
            assert _wrote(err, lang) == [str(path)]
            out[(as_of, lang)] = path
    return out


def _totals_rows(d, lang) -> dict[str, list[int]]:
    rows = _rows(d.tables[0])
    assert rows[0][2:] == [text("track.ui.measures", lang), *(text(f"track.status.{s}", lang) for s in STATUSES),
                           text("track.ui.overdue", lang)]
    return {r[0]: [int(v) for v in r[2:]] for r in rows[1:]}


@pytest.mark.parametrize("as_of", MEETING_DATES)
@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_meeting_totals_per_plan_body_and_all(meetings, as_of, lang):
    d = docx.Document(str(meetings[(as_of, lang)]))
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (297, 210)  # A4, turned for the tables
    totals = _totals_rows(d, lang)
    for p in PLANS.values():
        want = p["as_of"][as_of]["totals"]
        assert totals[p["title"]] == [want[k] for k in COUNTS], p["key"]
    want = EXPECTED["portfolio"][as_of]
    assert totals[text("track.export.total", lang)] == [want[k] for k in COUNTS]
    bodies = {r[0]: r for r in _rows(d.tables[1])[1:]}
    assert sorted(bodies) == sorted(EXPECTED["bodies"])
    for name, key in EXPECTED["bodies"].items():
        want = PLANS[key]["as_of"][as_of]["totals"]
        assert [int(v) for v in bodies[name][1:]] == [1, *(want[k] for k in COUNTS)]


def test_meeting_ky_speaks_kyrgyz(meetings):
    body = _all_text(docx.Document(str(meetings[("2026-02-01", "ky")])))
    for word in ("Кеңештин 01.02.2026 отурумуна карата маалымат", "Пландар боюнча жыйынтык", "Бардыгы",
                 "аткарылды", "Мөөнөтү өткөндөр аткаруучулар боюнча", "Абалы начарлады"):
        assert word in body, word
    for word in ("Сводка к заседанию", "Итоги по планам", "Всего", "Статус ухудшился"):
        assert word not in body, word


def _changes(statuses_then: dict, statuses_now: dict) -> set[str]:
    return {n for n in statuses_now if statuses_then[n] != statuses_now[n]}


def test_meeting_changes_since_the_last_meeting_and_overdue_and_signals(store, tmp_path):
    db, _ = store
    path = tmp_path / "m.docx"
    ok("track", "meeting", "--as-of", "01.08.2025", "--since", "01.02.2025", "--db", db, "-o", path)
    d = docx.Document(str(path))
    paras = _paragraphs(d)
    blocks = list(d.element.body.iterchildren())
    # per plan: its title, the line «Изменения статуса с 01.02.2025 по 01.08.2025:», then the table
    tables = {t._tbl: t for t in d.tables}
    for key in (MINFIN, SALYK, KARAKOL):
        title = PLANS[key]["title"]
        i = next(k for k, el in enumerate(blocks) if el.tag.endswith("}p") and el.xpath("string(.)") == title
                 and k > 0 and blocks[k + 1].xpath("string(.)").startswith("Изменения статуса с 01.02.2025"))
        rows = _rows(tables[blocks[i + 2]])[1:]
        want = _changes(PLANS[key]["as_of"]["2025-02-01"]["statuses"], PLANS[key]["as_of"]["2025-08-01"]["statuses"])
        assert {r[0] for r in rows} == want, key
        for r in rows:
            n = r[0]
            assert r[3] == text(f"track.status.{PLANS[key]['as_of']['2025-02-01']['statuses'][n]}", "ru")
            assert r[4] == text(f"track.status.{PLANS[key]['as_of']['2025-08-01']['statuses'][n]}", "ru")
        # the regressions planted (expected.yaml signals) are marked
        back = {g["measure"] for g in PLANS[key]["signals"]["regressions"] if "2025-02-01" < g["report"] <= "2025-08-01"}
        assert {r[0] for r in rows if r[5] == "откат назад"} == back, key
    # overdue by executor: each plan's executors with overdue measures, with the hand-written counts
    for key in (MINFIN, SALYK, KARAKOL):
        late = {e["executor"]: e["overdue"] for e in PLANS[key]["as_of"]["2025-08-01"]["by_executor"] if e["overdue"]}
        found = {}
        for t in d.tables:
            rows = _rows(t)
            if rows[0][:2] == ["Исполнитель", "Просрочено мер"]:
                found.update({r[0]: int(r[1]) for r in rows[1:] if int(r[1])})
        for name, n in late.items():
            assert found.get(name) == n, (key, name)
    # the signals: the planted regressions, silences and done-without-result of the three new plans
    body = "\n".join(paras + ["\t".join(r) for t in d.tables for r in _rows(t)])
    for key in (MINFIN, KARAKOL):
        for g in PLANS[key]["signals"]["regressions"]:
            assert f"№ {g['measure']}: статус ухудшился" in body
    assert "Статус ухудшился" in paras and "Нет сведений два отчётных цикла" in paras


def test_meeting_pdf_has_the_same_totals(store, tmp_path):
    import pypdfium2 as pdfium

    db, _ = store
    path = tmp_path / "meeting.pdf"
    _, err = ok("track", "meeting", "--as-of", "01.02.2026", "--db", db, "-o", path, "-f", "pdf")
    assert _wrote(err, "ru") == [str(path)]
    pdf = pdfium.PdfDocument(str(path))
    try:
        body = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    finally:
        pdf.close()
    want = EXPECTED["portfolio"]["2026-02-01"]
    assert "Сводка к заседанию совета 01.02.2026" in body
    assert "Всего " + " ".join(str(want[k]) for k in COUNTS) in body
    for p in PLANS.values():
        t = p["as_of"]["2026-02-01"]["totals"]
        assert " ".join(str(t[k]) for k in COUNTS) in body, p["key"]


def test_meeting_refusals(store, tmp_path, monkeypatch):
    db, _ = store
    code, out, err = run("track", "meeting", "--as-of", "01.02.2025", "--since", "01.02.2025", "--db", db,
                         "-o", tmp_path / "m.docx")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "--since" in err
    assert not (tmp_path / "m.docx").exists()
    # without LibreOffice: the one-line error, exit 4, no file
    import shailoo.outputs.pdf_export as pdf_export

    monkeypatch.setattr(pdf_export, "find_soffice", lambda: None)
    code, out, err = run("track", "meeting", "--as-of", "01.02.2025", "--db", db, "-o", tmp_path / "m.pdf", "-f", "pdf")
    assert code == 4 and out == "" and len(err.splitlines()) == 1 and "LibreOffice" in err, err
    assert list(tmp_path.iterdir()) == []


def test_executors_of_every_plan_each_in_its_folder(store, tmp_path):
    db, _ = store
    _, err = ok("track", "executors", "--as-of", "01.02.2025", "--db", db, "-o", tmp_path / "all", "-f", "html")
    folders = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(folders) == len(PLANS)
    assert "Министерство_финансов_Кыргызской_Республики" in folders and "Мэрия_города_Каракол" in folders
    karakol = tmp_path / "all" / "Мэрия_города_Каракол"
    assert len(list(karakol.iterdir())) == len(PLANS[KARAKOL]["as_of"]["2025-02-01"]["by_executor"])
    assert len(_wrote(err, "ru")) == sum(1 for _ in (tmp_path / "all").rglob("*.html"))
