"""Tests of ``shailoo.parsers.read.pdf``: real PDFs made from Word documents by LibreOffice, plus hand-built ones.

The LibreOffice fixtures are built once per session from a python-docx document shaped like a CEC
calendar plan: landscape A4, a header row marked «repeat as header row», Cyrillic (and Kyrgyz) text,
rows long enough to break across pages (one longer than two pages), full-width merged section rows,
a running header and a page-number footer. Tests needing them are skipped when soffice is missing.
Bad-input tests (junk, truncated, encrypted, scanned) also run on PDFs written byte by byte here.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from shailoo.parsers.read.blocks import Table
from shailoo.parsers.read.pdf import read_pdf
from shailoo.errors import InputError, ScannedError

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: cannot make PDF fixtures from DOCX"
)

HEADER = ["№", "Содержание мероприятий", "Сроки исполнения", "Ответственные за исполнение"]
RUNNING_HEADER = "Календарный план выборов депутатов местных кенешей 2022 года"
TITLE = "КАЛЕНДАРНЫЙ ПЛАН"
SUBTITLE = (
    "основных организационно-практических мероприятий по подготовке и проведению выборов депутатов "
    "Майданского айылного кенеша Кадамжайского района Баткенской области Кыргызской Республики"
)
SIGNATURE = "Председатель Центральной комиссии по выборам и проведению референдумов"
SECTIONS = [
    "Информационное обеспечение выборов",
    "Работа со списками избирателей",
    "Выдвижение и регистрация кандидатов",
    "Финансирование выборов",
]
WORDS = (
    "избирательные комиссии кандидатов политических партий выборов депутатов голосования "
    "календарных дней со дня официального опубликования решения о назначении ЦИК территориальные "
    "участковые список избирателей средства массовой информации представление сведений агитации "
    "протокол итогов бюллетеней реестр заявлений наблюдателей аккредитация шайлоочулардын "
    "тизмеси шайлоо комиссиялары үгүт өткөрүү күнү ыйгарым укуктуу өкүлдөр мөөнөт "
    "организационно-практических интернет-изданий 2-недельный ч.2 ст.13 Закона (далее-СМИ)"
).split()


def norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------
# Fixture documents


def plan_rows() -> list[tuple[str, list[list[str]]]]:
    """The source table: ("section", [[title]]) or ("row", [cell paragraphs for each of 4 columns])."""
    rng = random.Random(20221009)

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    rows: list[tuple[str, list[list[str]]]] = []
    # A first row without a number, right under the header (as in the 001 plan): not a continuation.
    rows.append(("row", [[""], ["Обращение ЦИК к избирателям и участникам избирательного процесса"],
                         ["После назначения выборов"], ["ЦИК", "Информационный отдел"]]))
    number = 0
    for s, section in enumerate(SECTIONS):
        rows.append(("section", [[section]]))
        for j in range(8):
            number += 1
            length = rng.randint(8, 40)
            if j % 4 == 3:
                length = 110
            if s == 2 and j == 4:
                length = 560  # taller than two pages: split over three
            content = text(length)
            deadline = [f"Не позднее {rng.randint(2, 60)} календарных дней " + text(rng.randint(3, 12))]
            if s == 1 and j == 2:
                deadline = []  # a genuinely empty cell
            responsible = [text(rng.randint(1, 6)) for _ in range(rng.choice([1, 1, 2, 3]))]
            rows.append(("row", [[f"{number}."], [content], deadline or [""], responsible]))
    return rows


def build_docx(path: Path, rows, running: bool = True) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, margin, Mm(20))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    if running:
        sec.header.paragraphs[0].text = RUNNING_HEADER
        footer = sec.footer.paragraphs[0]
        footer.add_run("- ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        run.append(t)
        field.append(run)
        footer._p.append(field)
        footer.add_run(" -")
    title = doc.add_paragraph()
    title.add_run(TITLE).bold = True
    doc.add_paragraph(SUBTITLE)

    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.autofit = False
    widths = [Mm(15), Mm(110), Mm(70), Mm(62)]
    header = table.add_row()
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for i, text in enumerate(HEADER):
        header.cells[i].text = text
    for kind, cells in rows:
        row = table.add_row()
        if kind == "section":
            merged = row.cells[0].merge(row.cells[3])
            merged.text = cells[0][0]
            continue
        for i, paragraphs in enumerate(cells):
            cell = row.cells[i]
            cell.text = paragraphs[0]
            for extra in paragraphs[1:]:
                cell.add_paragraph(extra)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i] if len(row.cells) == 4 else sum(widths, Mm(0))
    doc.add_paragraph(SIGNATURE)
    doc.save(str(path))


def soffice_pdf(docx: Path, outdir: Path, profile: Path, export: str = "pdf") -> Path:
    cmd = [
        SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
        "--convert-to", export, "--outdir", str(outdir), str(docx),
    ]
    subprocess.run(cmd, check=True, timeout=90, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdf = outdir / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not write {pdf}"
    return pdf


@pytest.fixture(scope="session")
def lo_docs(tmp_path_factory):
    """PDFs converted by LibreOffice: the plan, behind an open password, with an owner password only."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make PDF fixtures from DOCX")
    base = tmp_path_factory.mktemp("pdf_reader")
    profile = base / "lo_profile"
    rows = plan_rows()
    docx = base / "plan.docx"
    build_docx(docx, rows)
    plain = soffice_pdf(docx, base / "plain", profile)
    locked = soffice_pdf(docx, base / "locked", profile, export=(
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    ))
    owner_only = soffice_pdf(docx, base / "owner", profile, export=(
        'pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},'
        '"PermissionPassword":{"type":"string","value":"owner"}}'
    ))
    return {"rows": rows, "docx": docx, "pdf": plain, "locked": locked, "owner_only": owner_only, "dir": base}


@pytest.fixture(scope="session")
def plan(lo_docs):
    return read_pdf(str(lo_docs["pdf"]))


def hand_pdf(pages: list[bytes], cropbox=None, trailer_extra: bytes = b"", extra_objs=()) -> bytes:
    """A minimal PDF, byte by byte: 300×200 pt pages drawing ``pages`` content streams, Helvetica as /F1."""
    objs: dict[int, bytes] = {}
    kids = []
    num = 4
    crop = b"/CropBox [%s]" % " ".join(str(v) for v in cropbox).encode() if cropbox else b""
    for content in pages:
        kids.append(num)
        objs[num] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] %s "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (crop, num + 1)
        )
        objs[num + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        num += 2
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    for obj in extra_objs:
        objs[num] = obj
        num += 1
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        out += b"%010d 00000 n \n" % offsets[k]
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer_extra, xref)
    return bytes(out)


def text_op(x: float, y: float, s: str, size: int = 10) -> bytes:
    return b"BT /F1 %d Tf %g %g Td (%s) Tj ET\n" % (size, x, y, s.encode("latin-1"))


GRID = (  # a 2×2 ruled table: x 20|150|280, y (PDF, bottom-up) 40|100|160
    b"0.8 w 20 40 m 280 40 l S 20 100 m 280 100 l S 20 160 m 280 160 l S "
    b"20 40 m 20 160 l S 150 40 m 150 160 l S 280 40 m 280 160 l S\n"
)
CELLS = (
    text_op(25, 140, "Alpha") + text_op(155, 140, "Beta") + text_op(25, 80, "Gamma") + text_op(155, 80, "Delta")
)


def scan_page_pdf(path: Path, pages: int = 1) -> Path:
    """An image-only PDF, as a scanner makes: text drawn into a bitmap, no text layer."""
    from PIL import Image, ImageDraw

    images = []
    for n in range(pages):
        img = Image.new("RGB", (1169, 827), "white")
        draw = ImageDraw.Draw(img)
        draw.rectangle((80, 120, 1090, 700), outline="black", width=3)
        for y in range(150, 680, 40):
            draw.text((100, y), f"SCANNED LINE {n} {y}", fill="black")
        images.append(img)
    images[0].save(path, "PDF", resolution=100.0, save_all=True, append_images=images[1:])
    return path


# --------------------------------------------------------------------------------------------------
# The LibreOffice plan


def source_rows(rows) -> list[list[str]]:
    out = []
    for kind, cells in rows:
        if kind == "section":
            out.append([norm(cells[0][0])])
        else:
            out.append([norm(" ".join(paragraphs)) for paragraphs in cells])
    return out


@needs_soffice
def test_plan_is_one_table_between_paragraphs(plan, lo_docs):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(lo_docs["pdf"]))
    n_pages = len(pdf)
    pdf.close()
    assert plan.format == "pdf"
    assert plan.pages == n_pages and n_pages >= 5
    assert plan.scanned_pages == [] and plan.warnings == []
    kinds = ["T" if isinstance(b, Table) else "P" for b in plan.blocks]
    assert kinds.count("T") == 1, kinds
    texts = [norm(b.text) for b in plan.paragraphs()]
    assert texts[:2] == [TITLE, SUBTITLE]
    assert texts[-1] == SIGNATURE
    assert kinds.index("T") == 2 and kinds[-1] == "P"
    assert plan.blocks[0].style == "heading"  # bold title


@needs_soffice
def test_rows_match_source_after_stitching(plan, lo_docs):
    table = next(plan.tables())
    expected = source_rows(lo_docs["rows"])
    body = [r for r in table.rows if not r.header]
    assert len(body) == len(expected)
    for row, want in zip(body, expected):
        got = [norm(c.text) for c in row.cells if not c.merged]
        assert got == want, f"row {row.index} (page {row.page})"
    assert table.n_cols == 4 and all(len(r.cells) == 4 for r in table.rows)


@needs_soffice
def test_repeated_header_dropped_and_marked(plan):
    table = next(plan.tables())
    headers = [r for r in table.rows if r.header]
    assert len(headers) == 1 and table.rows[0].header
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert sum(1 for r in table.rows if [norm(c.text) for c in r.cells] == HEADER) == 1
    assert table.rows[0].page == 1 and table.page == 1


@needs_soffice
def test_rows_split_by_page_breaks_are_stitched(plan):
    table = next(plan.tables())
    split = [r for r in table.rows if len(r.pieces) > 1]
    assert len(split) >= 2, "the fixture should have rows broken across pages"
    assert max(len(r.pieces) for r in table.rows) >= 3  # the row taller than two pages
    for row in split:
        pages = [p for p, _ in row.pieces]
        assert pages == sorted(pages) and pages[0] == row.page and len(set(pages)) == len(pages)
    # Row pages never go back; a piece after a page break starts there.
    pages = [r.page for r in table.rows]
    assert pages == sorted(pages) and pages[-1] >= 5
    assert any(r.page_break_before for r in table.rows)
    for r in table.rows:
        if r.page_break_before:
            assert r.cells[0].text.strip(), "a continuation piece was left unstitched"
    # The unnumbered first row sits under the header on page 1: no page break, not stitched.
    first = table.rows[1]
    assert first.cells[0].text == "" and not first.page_break_before
    assert norm(first.cells[1].text).startswith("Обращение ЦИК")


@needs_soffice
def test_section_rows_are_full_width_merges(plan):
    table = next(plan.tables())
    sections = [r for r in table.rows if r.cells[0].colspan > 1]
    assert [r.cells[0].text for r in sections] == SECTIONS
    for r in sections:
        assert r.cells[0].colspan == 4 and not r.cells[0].merged
        assert all(c.merged and c.text == "" for c in r.cells[1:])
        assert [c.col for c in r.cells] == [0, 1, 2, 3]
    # Genuinely empty cells are not merges.
    empty = [c for r in table.rows for c in r.cells if not c.merged and not c.text]
    assert empty and all(c.colspan == 1 for c in empty)


@needs_soffice
def test_cell_paragraphs_and_wrapped_lines(plan):
    table = next(plan.tables())
    first = table.rows[1]
    # Two Word paragraphs in one cell: joined by a newline; wrapped lines inside them by spaces.
    assert first.cells[3].text == "ЦИК\nИнформационный отдел"
    long_cells = [c.text for r in table.rows for c in r.cells if len(c.text) > 500]
    assert long_cells and all("\n" not in t for t in long_cells)
    # Compound words broken at their hyphen stay whole.
    all_text = " ".join(c.text for r in table.rows for c in r.cells)
    assert "организационно- практических" not in all_text
    assert "интернет- изданий" not in all_text
    assert "өткөрүү" in all_text and "шайлоочулардын" in all_text


@needs_soffice
def test_running_header_and_page_numbers_dropped(plan):
    texts = [norm(p.text) for p in plan.paragraphs()]
    assert RUNNING_HEADER not in " ".join(texts)
    assert not any(t.strip("-– ").isdigit() for t in texts), texts
    assert len(texts) == 3


@needs_soffice
def test_read_finalizes_offsets(lo_docs):
    from shailoo.parsers.read import read
    doc = read(lo_docs["pdf"])
    table = next(doc.tables())
    cell = table.rows[2].cells[0]
    assert doc.text[cell.start:cell.end] == cell.text
    assert doc.text.startswith(TITLE + "\n")


@needs_soffice
def test_password_protected_pdf_is_input_error(lo_docs):
    path = str(lo_docs["locked"])
    with pytest.raises(InputError) as err:
        read_pdf(path)
    assert err.value.exit_code == 2
    assert "password-protected" in str(err.value) and path in str(err.value)


@needs_soffice
def test_owner_password_only_pdf_is_read(lo_docs):
    # Restricting permissions without an open password encrypts the file, but it opens: read it.
    doc = read_pdf(str(lo_docs["owner_only"]))
    assert len(next(doc.tables()).rows) == len(plan_rows()) + 1


@needs_soffice
def test_truncated_real_pdf_is_input_error(lo_docs, tmp_path):
    data = lo_docs["pdf"].read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as err:
        read_pdf(str(cut))
    assert str(cut) in str(err.value) and "truncated" in str(err.value)


@needs_soffice
def test_scan_of_real_pages_is_scanned_error(lo_docs, tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(lo_docs["pdf"]))
    images = [pdf[i].render(scale=100 / 72).to_pil().convert("RGB") for i in range(2)]
    pdf.close()
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, "PDF", resolution=100.0, save_all=True, append_images=images[1:])
    with pytest.raises(ScannedError) as err:
        read_pdf(str(scan), ocr="never")
    assert err.value.exit_code == 3
    assert str(err.value) == f"{scan}: no text layer: the PDF is a scan (2 pages); OCR is switched off"


def test_pages_released_one_by_one(tmp_path, monkeypatch):
    # pdfplumber keeps every page's objects until the page is closed (hundreds of MiB on a 220-page
    # file): each page must be closed before the next one is parsed.
    from pdfplumber.page import Page

    events: list[tuple[str, int]] = []
    close, parse = Page.close, Page.parse_objects

    def traced_close(self):
        events.append(("close", self.page_number))
        close(self)

    def traced_parse(self):
        events.append(("parse", self.page_number))
        return parse(self)

    monkeypatch.setattr(Page, "close", traced_close)
    monkeypatch.setattr(Page, "parse_objects", traced_parse)
    path = tmp_path / "three.pdf"
    path.write_bytes(hand_pdf([GRID + CELLS] * 3))
    read_pdf(str(path), engine="pdfplumber")
    assert events[:6] == [("parse", 1), ("close", 1), ("parse", 2), ("close", 2), ("parse", 3), ("close", 3)]
    assert [e for e in events if e[0] == "parse"] == [("parse", 1), ("parse", 2), ("parse", 3)]


# --------------------------------------------------------------------------------------------------
# Hand-built PDFs (no LibreOffice needed)


def test_clipped_and_cropped_text_is_dropped(tmp_path):
    # "HIDDEN" is drawn straddling the border under row 1 and clipped to row 1: only its tops show.
    hidden = b"q 20 100 130 60 re W n " + text_op(60, 96, "HIDDEN") + b"Q\n"
    outside = text_op(25, 188, "OUTSIDE")  # above the crop box
    below = text_op(25, 20, "Plain text under the table.")
    path = tmp_path / "clip.pdf"
    path.write_bytes(hand_pdf([GRID + CELLS + hidden + outside + below], cropbox=(0, 0, 300, 180)))
    doc = read_pdf(str(path))
    (table,) = list(doc.tables())
    assert [r.texts() for r in table.rows] == [["Alpha", "Beta"], ["Gamma", "Delta"]]
    assert [p.text for p in doc.paragraphs()] == ["Plain text under the table."]
    assert "OUTSIDE" not in doc.finalize().text


def test_merged_cells_from_ruling(tmp_path):
    # 3 columns × 3 rows; row 1 is one cell over all columns, column 0 of rows 2-3 is one cell.
    grid = (
        b"0.8 w 20 40 m 280 40 l S 20 100 m 280 100 l S 20 130 m 280 130 l S 20 160 m 280 160 l S "
        b"20 40 m 20 160 l S 280 40 m 280 160 l S 100 40 m 100 130 l S 200 40 m 200 130 l S "
        b"100 70 m 200 70 l S\n"
    )
    text = (
        text_op(25, 140, "Section heading") + text_op(25, 110, "No") + text_op(105, 110, "What")
        + text_op(205, 110, "When") + text_op(25, 80, "Tall") + text_op(105, 80, "first")
        + text_op(105, 50, "second") + text_op(205, 80, "later")
    )
    path = tmp_path / "merge.pdf"
    path.write_bytes(hand_pdf([grid + text]))
    (table,) = list(read_pdf(str(path)).tables())
    assert table.n_cols == 3 and len(table.rows) == 4
    sec = table.rows[0].cells
    assert (sec[0].text, sec[0].colspan, sec[0].merged) == ("Section heading", 3, False)
    assert all(c.merged and c.text == "" for c in sec[1:])
    tall = table.rows[2].cells[0]
    assert (tall.text, tall.rowspan) == ("Tall", 2)
    assert [c.text for c in table.rows[1].cells] == ["No", "What", "When"]
    assert (table.rows[2].cells[2].text, table.rows[2].cells[2].rowspan) == ("later", 2)
    below = table.rows[3].cells
    assert below[0].merged and below[2].merged and below[1].text == "second" and not below[1].merged


def test_framed_paragraph_is_not_a_table(tmp_path):
    box = b"0.8 w 20 120 m 280 120 l S 20 160 m 280 160 l S 20 120 m 20 160 l S 280 120 m 280 160 l S\n"
    path = tmp_path / "box.pdf"
    path.write_bytes(hand_pdf([text_op(20, 180, "Heading") + box + text_op(25, 135, "A framed note")]))
    doc = read_pdf(str(path))
    assert list(doc.tables()) == []
    assert [p.text for p in doc.paragraphs()] == ["Heading", "A framed note"]


def test_page_numbers_and_repeated_footer_dropped(tmp_path):
    pages = []
    for n in range(1, 5):
        pages.append(
            text_op(20, 185, "Calendar plan, draft") + text_op(20, 100, f"Body text of page {n}.")
            + text_op(140, 8, f"- {n} -")
        )
    pages[2] = pages[2].replace(b"(- 3 -)", b"(Page 3 of 4)")
    path = tmp_path / "running.pdf"
    path.write_bytes(hand_pdf(pages))
    doc = read_pdf(str(path))
    assert [p.text for p in doc.paragraphs()] == [f"Body text of page {n}." for n in range(1, 5)]
    assert [p.page for p in doc.paragraphs()] == [1, 2, 3, 4]


def test_paragraphs_from_lines(tmp_path):
    lines = (
        text_op(20, 180, "Short title")
        + text_op(20, 150, "This line is long enough to reach the right edge of")
        + text_op(20, 138, "the text column and wraps.")
        + text_op(20, 110, "A new paragraph after a gap.")
    )
    path = tmp_path / "para.pdf"
    path.write_bytes(hand_pdf([lines]))
    texts = [p.text for p in read_pdf(str(path)).paragraphs()]
    assert texts == [
        "Short title",
        "This line is long enough to reach the right edge of the text column and wraps.",
        "A new paragraph after a gap.",
    ]


def test_paragraph_cut_by_page_break_is_joined(tmp_path):
    page1 = (
        text_op(20, 150, "A paragraph that starts on the first page and is long")
        + text_op(20, 138, "enough to fill the whole line up to the right margin of")
    )
    page2 = text_op(20, 180, "the column, then goes on here.") + text_op(20, 150, "Next one.")
    path = tmp_path / "cut.pdf"
    path.write_bytes(hand_pdf([page1, page2]))
    paras = list(read_pdf(str(path)).paragraphs())
    assert [p.text for p in paras] == [
        "A paragraph that starts on the first page and is long enough to fill the whole line up to "
        "the right margin of the column, then goes on here.",
        "Next one.",
    ]
    assert [p.page for p in paras] == [1, 2]


def test_header_only_piece_before_page_break(tmp_path):
    # The table starts at the foot of page 1 with its header alone; page 2 repeats the header.
    header = text_op(25, 140, "No") + text_op(155, 140, "Text")
    one_row = (
        b"0.8 w 20 130 m 280 130 l S 20 160 m 280 160 l S "
        b"20 130 m 20 160 l S 150 130 m 150 160 l S 280 130 m 280 160 l S\n"
    )
    page2 = GRID + header + text_op(25, 80, "1.") + text_op(155, 80, "row")
    path = tmp_path / "hdr.pdf"
    path.write_bytes(hand_pdf([one_row + header, page2]))
    (table,) = list(read_pdf(str(path)).tables())
    assert [r.texts() for r in table.rows] == [["No", "Text"], ["1.", "row"]]
    assert [r.header for r in table.rows] == [True, False]


def test_table_continues_on_next_page(tmp_path):
    header = text_op(25, 140, "No") + text_op(155, 140, "Text")
    page1 = GRID + header + text_op(25, 80, "1.") + text_op(155, 80, "first part")
    page2 = GRID + header + text_op(155, 80, "second part")
    page3 = GRID + header + text_op(25, 80, "2.") + text_op(155, 80, "next row")
    path = tmp_path / "cont.pdf"
    path.write_bytes(hand_pdf([page1, page2, page3]))
    (table,) = list(read_pdf(str(path)).tables())
    assert [r.texts() for r in table.rows] == [
        ["No", "Text"], ["1.", "first part second part"], ["2.", "next row"]
    ]
    assert [r.header for r in table.rows] == [True, False, False]
    assert [r.page for r in table.rows] == [1, 1, 3]
    assert table.rows[1].pieces == [(1, 1), (2, 2)]
    assert table.rows[2].page_break_before


def test_different_tables_on_consecutive_pages_stay_apart(tmp_path):
    other = (  # three columns: not the same table
        b"0.8 w 20 40 m 280 40 l S 20 160 m 280 160 l S 20 40 m 20 160 l S 100 40 m 100 160 l S "
        b"200 40 m 200 160 l S 280 40 m 280 160 l S 20 100 m 280 100 l S\n"
    )
    path = tmp_path / "two.pdf"
    path.write_bytes(hand_pdf([GRID + CELLS, other + text_op(25, 140, "x") + text_op(25, 80, "y")]))
    tables = list(read_pdf(str(path)).tables())
    assert [t.n_cols for t in tables] == [2, 3] and [t.page for t in tables] == [1, 2]


def test_some_pages_scanned(tmp_path):
    import pypdfium2 as pdfium

    text = tmp_path / "text.pdf"
    text.write_bytes(hand_pdf([text_op(20, 100, "Page one"), text_op(20, 100, "Page three")]))
    scan = scan_page_pdf(tmp_path / "scan.pdf")
    merged = pdfium.PdfDocument.new()
    src_text, src_scan = pdfium.PdfDocument(str(text)), pdfium.PdfDocument(str(scan))
    merged.import_pages(src_text, [0])
    merged.import_pages(src_scan, [0])
    merged.import_pages(src_text, [1])
    out = tmp_path / "mixed.pdf"
    merged.save(str(out))
    for d in (merged, src_text, src_scan):
        d.close()
    doc = read_pdf(str(out), ocr="never")
    assert doc.pages == 3 and doc.scanned_pages == [2]
    assert [p.text for p in doc.paragraphs()] == ["Page one", "Page three"]
    assert any("text layer" in w and "page(s) 2 " in w for w in doc.warnings)


def test_image_only_pdf_is_scanned_error(tmp_path):
    path = scan_page_pdf(tmp_path / "scan.pdf", pages=3)
    with pytest.raises(ScannedError) as err:
        read_pdf(str(path), ocr="never")
    assert "no text layer" in str(err.value) and "(3 pages)" in str(err.value) and str(path) in str(err.value)


def test_encrypt_dictionary_needing_password_is_input_error(tmp_path):
    # Standard security handler, RC4 40-bit, with O/U entries no empty password matches.
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    ident = b"<00112233445566778899aabbccddeeff>"
    path = tmp_path / "locked.pdf"
    path.write_bytes(hand_pdf([text_op(20, 100, "secret")], extra_objs=[encrypt],
                              trailer_extra=b"/Encrypt 6 0 R /ID [%s %s]" % (ident, ident)))
    with pytest.raises(InputError) as err:
        read_pdf(str(path))
    assert "password-protected" in str(err.value) and str(path) in str(err.value)


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("junk.pdf", b"%PDF-1.4\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)), "PDF"),
        ("hello.pdf", b"%PDF-1.7\nhello world\n", "PDF"),
        ("empty.pdf", b"", "empty"),
        ("text.pdf", b"just some text, not a PDF\n", "not a PDF"),
        ("nopages.pdf", None, "no pages"),
        ("half.pdf", "half", "truncated"),
    ],
)
def test_bad_input_is_input_error(tmp_path, name, data, fragment):
    path = tmp_path / name
    if data is None:
        data = hand_pdf([])  # an empty page tree, and no page object to fall back on
    elif data == "half":
        full = hand_pdf([GRID + CELLS + text_op(20, 20, "tail text " * 10)] * 3)
        data = full[: len(full) // 2]
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_pdf(str(path))
    message = str(err.value)
    assert message.startswith(f"{path}: ") and fragment in message and "\n" not in message
    assert err.value.exit_code == 2


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_pdf(str(tmp_path / "absent.pdf"))


def test_library_code_prints_nothing(tmp_path, capsys):
    path = tmp_path / "t.pdf"
    path.write_bytes(hand_pdf([GRID + CELLS]))
    read_pdf(str(path))
    with pytest.raises(InputError):
        bad = tmp_path / "bad.pdf"
        bad.write_bytes(b"%PDF-1.4\ngarbage")
        read_pdf(str(bad))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_in_memory_scan_helper_has_no_text():
    # Guard for the scan fixtures themselves: Pillow writes image-only PDFs.
    import pdfplumber

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(buf, "PDF")
    buf.seek(0)
    with pdfplumber.open(buf) as pdf:
        assert pdf.pages[0].chars == [] and pdf.pages[0].images
