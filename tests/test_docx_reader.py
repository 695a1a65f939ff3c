"""Tests of the DOCX reader: grid building, automatic numbering, paragraph styles, bad input.

Every input is built here with python-docx; where python-docx has no API (numbering definitions,
gridBefore, tblHeader, content controls, revisions) the XML is edited directly.
"""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import shailoo.parsers
from shailoo.parsers.read.blocks import Paragraph, Table
from shailoo.parsers.read.docx import read_docx
from shailoo.errors import InputError

W = nsdecls("w")


# ------------------------------------------------------------------------------------------- helpers


def save(doc, tmp_path, name="doc.docx") -> str:
    path = str(tmp_path / name)
    doc.save(path)
    return path


def add_abstract(doc, abstract_id: int, levels, extra: str = "") -> None:
    """Add a w:abstractNum; ``levels`` is a list of (numFmt, lvlText, start[, lvl extra xml])."""
    lvls = []
    for i, spec in enumerate(levels):
        fmt, text, start = spec[:3]
        more = spec[3] if len(spec) > 3 else ""
        lvls.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{more}<w:lvlText w:val="{text}"/></w:lvl>'
        )
    xml = f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{extra}{"".join(lvls)}</w:abstractNum>'
    doc.part.numbering_part.element.insert(0, parse_xml(xml))


def add_num(doc, num_id: int, abstract_id: int, start_override: dict[int, int] | None = None) -> None:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{val}"/></w:lvlOverride>'
        for lvl, val in (start_override or {}).items()
    )
    xml = f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
    doc.part.numbering_part.element.append(parse_xml(xml))


def number(paragraph, num_id: int, ilvl: int | None = 0):
    """Give a python-docx paragraph direct numbering (w:numPr)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def tables(doc) -> list[Table]:
    return list(doc.tables())


def paragraphs(doc) -> list[Paragraph]:
    return list(doc.paragraphs())


# --------------------------------------------------------------------------------------------- grid


def test_horizontal_merge_has_colspan_and_no_repeat(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    merged = t.cell(0, 0).merge(t.cell(0, 2))
    merged.text = "Раздел 1"
    for i, text in enumerate(["1.", "Мероприятие", "Срок"]):
        t.cell(1, i).text = text
    path = save(d, tmp_path)

    (table,) = tables(read_docx(path))
    r0, r1 = table.rows
    assert [c.text for c in r0.cells] == ["Раздел 1", "", ""]
    assert (r0.cells[0].colspan, r0.cells[0].merged) == (3, False)
    assert [c.merged for c in r0.cells[1:]] == [True, True]
    assert [c.col for c in r0.cells] == [0, 1, 2]
    assert r1.texts() == ["1.", "Мероприятие", "Срок"]
    assert [c.merged for c in r1.cells] == [False, False, False]


def test_vertical_merge_has_rowspan_and_no_repeat(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "ЦИК"
    for i in range(3):
        t.cell(i, 1).text = f"строка {i}"
    path = save(d, tmp_path)
    # python-docx repeats the merged value in every covered slot; the reader must not.
    assert [docx.Document(path).tables[0].cell(i, 0).text for i in range(3)] == ["ЦИК"] * 3

    (table,) = tables(read_docx(path))
    col0 = [r.cells[0] for r in table.rows]
    assert [c.text for c in col0] == ["ЦИК", "", ""]
    assert col0[0].rowspan == 3 and not col0[0].merged
    assert [c.merged for c in col0[1:]] == [True, True]
    assert [r.cells[1].text for r in table.rows] == ["строка 0", "строка 1", "строка 2"]


def test_block_merge_spans_both_ways(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 1)).text = "X"
    t.cell(2, 2).text = "Y"
    (table,) = tables(read_docx(save(d, tmp_path)))
    origin = table.rows[0].cells[0]
    assert (origin.text, origin.colspan, origin.rowspan) == ("X", 2, 2)
    covered = [(r, c) for r in range(2) for c in range(2) if table.rows[r].cells[c].merged]
    assert covered == [(0, 1), (1, 0), (1, 1)]
    assert all(len(r.cells) == 3 for r in table.rows)
    assert table.rows[2].texts() == ["", "", "Y"]
    assert not any(c.merged for c in table.rows[2].cells)


def test_grid_before_and_after_are_filled(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for i in range(3):
        t.cell(0, i).text = f"h{i}"
    tr = t.rows[1]._tr
    tcs = tr.tc_lst
    tr.remove(tcs[0])
    tr.remove(tcs[2])
    tcs[1].p_lst[0].append(parse_xml(f'<w:r {W}><w:t>mid</w:t></w:r>'))
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:gridBefore {W} w:val="1"/>'))
    tr_pr.append(parse_xml(f'<w:gridAfter {W} w:val="1"/>'))
    (table,) = tables(read_docx(save(d, tmp_path)))
    row = table.rows[1]
    assert row.texts() == ["", "mid", ""]
    assert [c.col for c in row.cells] == [0, 1, 2]
    assert not any(c.merged for c in row.cells)


def test_short_row_is_padded_to_table_width(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.rows[1]._tr.remove(t.rows[1]._tr.tc_lst[2])  # a row missing its last cell, no gridAfter
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert [len(r.cells) for r in table.rows] == [3, 3]
    assert table.rows[1].cells[2].col == 2


def test_cell_paragraphs_breaks_and_tabs(tmp_path):
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "  первый абзац  "
    cell.add_paragraph("")  # empty paragraph: skipped
    p = cell.add_paragraph()
    p.add_run("строка")
    p.add_run().add_break()
    p.add_run("перенос\tтаб")
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert table.rows[0].cells[0].text == "первый абзац\nстрока\nперенос таб"


def test_nested_table_kept_and_flattened(tmp_path):
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1."
    host = outer.cell(0, 1)
    host.paragraphs[0].text = "Сроки:"
    inner = host.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "до"
    inner.cell(0, 1).text = "10 дней"
    inner.cell(1, 0).text = "после"
    inner.cell(1, 1).text = "5 дней"
    (table,) = tables(read_docx(save(d, tmp_path)))
    cell = table.rows[0].cells[1]
    assert cell.text.startswith("Сроки:\n")
    assert "до | 10 дней" in cell.text and "после | 5 дней" in cell.text
    assert len(cell.nested) == 1
    assert cell.nested[0].rows[1].texts() == ["после", "5 дней"]
    assert len(list(read_docx(save(d, tmp_path, "b.docx")).tables())) == 1  # nested is not top-level


def test_header_row_marked_and_physical_copy_dropped(tmp_path):
    d = docx.Document()
    head = ["№", "Мероприятие", "Срок"]
    rows = [head, ["1", "Образование ОИК", "до 20 июля"], head, ["2", "Регистрация", "до 1 августа"]]
    t = d.add_table(rows=len(rows), cols=3)
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            t.cell(r, c).text = text
    t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W}/>"))
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert [r.texts()[0] for r in table.rows] == ["№", "1", "2"]
    assert [r.header for r in table.rows] == [True, False, False]


def test_identical_data_rows_are_not_dropped(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Город", "Время"
    for r in (1, 2):
        t.cell(r, 0).text, t.cell(r, 1).text = "Бишкек", "10:00"
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert len(table.rows) == 3


# ---------------------------------------------------------------------------------------- numbering


def numbered_table(d, num_id, n, ilvls=None):
    t = d.add_table(rows=n, cols=2)
    for r in range(n):
        number(t.cell(r, 0).paragraphs[0], num_id, (ilvls or [0] * n)[r])
        t.cell(r, 1).text = f"пункт {r}"
    return t


def test_auto_numbering_in_table_cells_continues_across_rows(tmp_path):
    d = docx.Document()
    add_abstract(d, 100, [("decimal", "%1.", 1)])
    add_num(d, 100, 100)
    numbered_table(d, 100, 4)
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert [r.cells[0].text for r in table.rows] == ["1.", "2.", "3.", "4."]


def test_multilevel_numbering_and_restart_of_deeper_level(tmp_path):
    d = docx.Document()
    add_abstract(d, 101, [("decimal", "%1.", 1), ("decimal", "%1.%2.", 1), ("lowerLetter", "%3)", 1)])
    add_num(d, 101, 101)
    numbered_table(d, 101, 7, ilvls=[0, 0, 1, 1, 2, 0, 1])
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert [r.cells[0].text for r in table.rows] == ["1.", "2.", "2.1.", "2.2.", "a)", "3.", "3.1."]


def test_start_override_restarts_and_shared_abstract_continues(tmp_path):
    d = docx.Document()
    add_abstract(d, 102, [("decimal", "%1.", 1)])
    add_num(d, 102, 102)
    add_num(d, 103, 102)  # same abstract, no override: continues the list
    add_num(d, 104, 102, start_override={0: 1})  # restart at 1
    for num_id, text in [(102, "а"), (102, "б"), (103, "в"), (104, "г"), (104, "д")]:
        number(d.add_paragraph(text), num_id)
    assert [p.text for p in paragraphs(read_docx(save(d, tmp_path)))] == ["1. а", "2. б", "3. в", "1. г", "2. д"]


def test_body_and_table_share_one_counter(tmp_path):
    d = docx.Document()
    add_abstract(d, 105, [("decimal", "%1.", 1)])
    add_num(d, 105, 105)
    number(d.add_paragraph("в тексте"), 105)
    numbered_table(d, 105, 2)
    number(d.add_paragraph("после таблицы"), 105)
    doc = read_docx(save(d, tmp_path))
    assert [p.text for p in paragraphs(doc)] == ["1. в тексте", "4. после таблицы"]
    assert [r.cells[0].text for r in tables(doc)[0].rows] == ["2.", "3."]


def test_number_formats_legal_bullets_and_lvl_restart(tmp_path):
    d = docx.Document()
    add_abstract(d, 106, [
        ("upperRoman", "%1.", 1),
        ("decimal", "%1.%2.", 1, '<w:isLgl/>'),
        ("bullet", "\uf0b7", 1),
        ("russianLower", "%4)", 1, '<w:lvlRestart w:val="0"/>'),
        ("none", "", 1),
    ])
    add_num(d, 106, 106)
    plan = [(0, "a"), (1, "b"), (3, "c"), (0, "d"), (3, "e"), (2, "f"), (4, "g")]
    for ilvl, text in plan:
        number(d.add_paragraph(text), 106, ilvl)
    got = [p.text for p in paragraphs(read_docx(save(d, tmp_path)))]
    # isLgl shows level 1 as «1.1.» not «I.1.»; level 3 never restarts, so «б)» after «II.».
    assert got == ["I. a", "1.1. b", "а) c", "II. d", "б) e", "• f", "g"]


def test_numbering_from_paragraph_style(tmp_path):
    d = docx.Document()
    # The default template's «List Number» style carries w:numPr: numbering comes from the style.
    for text in ("первый", "второй"):
        d.add_paragraph(text, style="List Number")
    d.add_paragraph("обычный")
    paras = paragraphs(read_docx(save(d, tmp_path)))
    assert [p.text for p in paras] == ["1. первый", "2. второй", "обычный"]
    assert [p.style for p in paras] == ["list", "list", "normal"]


def test_style_linked_level_and_based_on_chain(tmp_path):
    d = docx.Document()
    add_abstract(d, 107, [("decimal", "Статья %1.", 1), ("decimal", "%2)", 1)])
    add_num(d, 107, 107)
    styles = d.styles.element
    styles.append(parse_xml(
        f'<w:style {W} w:type="paragraph" w:styleId="Art"><w:name w:val="Article"/>'
        f'<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="107"/></w:numPr></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {W} w:type="paragraph" w:styleId="ArtSub"><w:name w:val="Article sub"/>'
        f'<w:basedOn w:val="Art"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'))
    for style, text in [("Art", "Общие"), ("ArtSub", "часть"), ("ArtSub", "часть"), ("Art", "Сроки")]:
        d.add_paragraph(text).style = d.styles[{"Art": "Article", "ArtSub": "Article sub"}[style]]
    got = [p.text for p in paragraphs(read_docx(save(d, tmp_path)))]
    assert got == ["Статья 1. Общие", "1) часть", "2) часть", "Статья 2. Сроки"]


def test_num_id_zero_switches_style_numbering_off(tmp_path):
    d = docx.Document()
    number(d.add_paragraph("без номера", style="List Number"), 0, None)
    assert [p.text for p in paragraphs(read_docx(save(d, tmp_path)))] == ["без номера"]


def test_covered_cell_numbering_is_not_counted(tmp_path):
    d = docx.Document()
    add_abstract(d, 108, [("decimal", "%1.", 1)])
    add_num(d, 108, 108)
    t = d.add_table(rows=3, cols=1)
    for r in range(3):
        number(t.cell(r, 0).paragraphs[0], 108)
    t.rows[0].cells[0]._tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {W} w:val="restart"/>'))
    t.rows[1].cells[0]._tc.get_or_add_tcPr().append(parse_xml(f"<w:vMerge {W}/>"))
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert [r.cells[0].text for r in table.rows] == ["1.", "", "2."]
    assert table.rows[0].cells[0].rowspan == 2 and table.rows[1].cells[0].merged


# ------------------------------------------------------------------------------------------ styles


def test_paragraph_styles_headings_title_and_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("КАЛЕНДАРНЫЙ ПЛАН", style="Title")
    d.add_heading("Глава 1", level=1)
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_heading("1.1 Сроки", level=2)
    d.add_table(rows=1, cols=1).cell(0, 0).text = "ячейка"
    d.add_paragraph("Текст после таблицы")
    doc = read_docx(save(d, tmp_path))
    kinds = [(type(b).__name__, getattr(b, "style", None), getattr(b, "level", None)) for b in doc.blocks]
    assert kinds == [
        ("Paragraph", "title", 0),
        ("Paragraph", "heading", 1),
        ("Paragraph", "heading", 2),
        ("Table", None, None),
        ("Paragraph", "normal", 0),
    ]
    assert doc.format == "docx" and doc.pages is None
    assert all(b.page is None for b in doc.blocks)


def test_localized_heading_style_name(tmp_path):
    d = docx.Document()
    d.styles.element.append(parse_xml(
        f'<w:style {W} w:type="paragraph" w:styleId="1"><w:name w:val="Заголовок 3"/></w:style>'))
    p = d.add_paragraph("Раздел")
    p._p.get_or_add_pPr().get_or_add_pStyle().val = "1"
    (para,) = paragraphs(read_docx(save(d, tmp_path)))
    assert (para.style, para.level) == ("heading", 3)


def test_content_control_revisions_hidden_text_and_fields(tmp_path):
    d = docx.Document()
    d.add_paragraph("до")
    body = d.element.body
    sdt = parse_xml(
        f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>в контроле</w:t></w:r></w:p>'
        f"</w:sdtContent></w:sdt>")
    body.insert(len(body) - 1, sdt)  # before w:sectPr
    p = d.add_paragraph()
    p._p.append(parse_xml(
        f'<w:r {W}><w:t xml:space="preserve">итог: </w:t></w:r>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>удалено</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="a"><w:r><w:t>вставлено</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:r {W}><w:rPr><w:vanish/></w:rPr><w:t>скрыто</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:instrText> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:t> 7</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'))
    texts = [b.text for b in paragraphs(read_docx(save(d, tmp_path)))]
    assert texts == ["до", "в контроле", "итог: вставлено 7"]


# ------------------------------------------------------------------------------------------ garbage


def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert str(path) in str(err.value) and "empty" in str(err.value)
    assert err.value.exit_code == 2


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert str(path) in str(err.value) and "word/document.xml" in str(err.value)


def test_other_office_zip_is_not_a_docx(tmp_path):
    path = tmp_path / "book.docx"  # an .xlsx-like package renamed
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"))
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert str(path) in str(err.value) and "not a Word document" in str(err.value)


def test_truncated_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("текст " * 500)
    good = save(d, tmp_path, "good.docx")
    data = open(good, "rb").read()
    for i, cut in enumerate((len(data) // 2, len(data) - 30, 200)):
        path = tmp_path / f"cut{i}.docx"
        path.write_bytes(data[:cut])
        with pytest.raises(InputError) as err:
            read_docx(str(path))
        assert str(path) in str(err.value)
        with pytest.raises(InputError):
            shailoo.parsers.read.read(path)


def test_corrupt_member_xml(tmp_path):
    d = docx.Document()
    d.add_paragraph("x")
    good = save(d, tmp_path, "good.docx")
    path = tmp_path / "badxml.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><unclosed>" if item.filename == "word/document.xml" else data)
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert str(path) in str(err.value)


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "random.docx"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert str(path) in str(err.value)


def test_encrypted_ole_container(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 500)
    with pytest.raises(InputError) as err:
        read_docx(str(path))
    assert str(path) in str(err.value) and "password" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError):
        read_docx(str(tmp_path / "nope.docx"))


# -------------------------------------------------------------------------------------- end to end


def test_parsers_read_spans_are_consistent(tmp_path):
    d = docx.Document()
    add_abstract(d, 109, [("decimal", "%1.", 1)])
    add_num(d, 109, 109)
    d.add_heading("Календарный план", level=1)
    t = d.add_table(rows=4, cols=3)
    t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W}/>"))
    for c, text in enumerate(["№", "Мероприятие", "Срок"]):
        t.cell(0, c).text = text
    t.cell(1, 0).merge(t.cell(1, 2)).text = "Раздел I"
    for r in (2, 3):
        number(t.cell(r, 0).paragraphs[0], 109)
        t.cell(r, 1).text = f"Мероприятие {r}\nвторая строка"
    t.cell(2, 2).merge(t.cell(3, 2)).text = "не позднее 10 дней"
    d.add_paragraph("Председатель ЦИК")
    path = save(d, tmp_path)

    doc = shailoo.parsers.read.read(path)
    assert doc.format == "docx"
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert doc.text[block.start:block.end] == block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    assert doc.text[cell.start:cell.end] == cell.text
    (table,) = tables(doc)
    assert [r.cells[0].text for r in table.rows] == ["№", "Раздел I", "1.", "2."]
    assert table.rows[2].cells[2].rowspan == 2 and table.rows[3].cells[2].merged
    assert "1.\tМероприятие 2" in doc.text


# ------------------------------------------------------------------------------- wrappers and boxes

_BOX_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def test_text_box_read_once_after_its_paragraph(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("якорь")
    box = '<w:txbxContent><w:p><w:r><w:t>в рамке</w:t></w:r></w:p></w:txbxContent>'
    p._p.append(parse_xml(
        f'<w:r {W} {_BOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f'<a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
        f'</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
        f'{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.add_paragraph("дальше")
    assert [b.text for b in paragraphs(read_docx(save(d, tmp_path)))] == ["якорь", "в рамке", "дальше"]


def test_rows_and_cells_inside_content_controls(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            t.cell(r, c).text = f"{r}{c}"
    tbl = t._tbl
    tr = t.rows[1]._tr
    sdt = parse_xml(f"<w:sdt {W}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tbl.replace(tr, sdt)
    sdt[1].append(tr)  # the second row now sits inside a row-level content control
    tc = tr.tc_lst[1]
    cell_sdt = parse_xml(f"<w:sdt {W}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tr.replace(tc, cell_sdt)
    cell_sdt[1].append(tc)
    (table,) = tables(read_docx(save(d, tmp_path)))
    assert [r.texts() for r in table.rows] == [["00", "01"], ["10", "11"]]


def test_macro_enabled_docm_is_read(tmp_path):
    d = docx.Document()
    d.add_paragraph("макрос")
    good = save(d, tmp_path, "good.docx")
    path = tmp_path / "macro.docm"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(main.encode(), macro.encode())
            dst.writestr(item, data)
    assert [b.text for b in paragraphs(shailoo.parsers.read.read(path))] == ["макрос"]
