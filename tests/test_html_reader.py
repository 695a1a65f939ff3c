"""The HTML reader: decoding, cleaning, paragraphs, table grids and cell text."""

from __future__ import annotations

import os

import pytest

import shailoo.parsers
from shailoo.parsers.read.blocks import Paragraph, Table
from shailoo.parsers.read.html import html_fragment_to_text, read_html
from shailoo.errors import InputError


def write(tmp_path, body: str, name: str = "page.html", encoding: str = "utf-8", raw: bytes | None = None):
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else body.encode(encoding))
    return str(path)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def only_table(doc) -> Table:
    tables = list(doc.tables())
    assert len(tables) == 1
    return tables[0]


def grid(table: Table) -> list[list[tuple[str, bool]]]:
    return [[(c.text, c.merged) for c in row.cells] for row in table.rows]


# --- tables -------------------------------------------------------------------------------------------


def test_rowspan_colspan_make_a_real_grid(tmp_path):
    html = page("""
      <table>
        <tr><td rowspan="2">A</td><td colspan="2">B</td><td>C</td></tr>
        <tr><td>D</td><td rowspan="2" colspan="2">E</td></tr>
        <tr><td>F</td><td>G</td></tr>
      </table>""")
    table = only_table(read_html(write(tmp_path, html)))
    assert grid(table) == [
        [("A", False), ("B", False), ("", True), ("C", False)],
        [("", True), ("D", False), ("E", False), ("", True)],
        [("F", False), ("G", False), ("", True), ("", True)],
    ]
    a, b = table.rows[0].cells[0], table.rows[0].cells[1]
    assert (a.rowspan, a.colspan, b.rowspan, b.colspan) == (2, 1, 1, 2)
    e = table.rows[1].cells[2]
    assert (e.rowspan, e.colspan) == (2, 2)
    assert [c.col for c in table.rows[2].cells] == [0, 1, 2, 3]
    assert table.n_cols == 4 and all(len(r.cells) == 4 for r in table.rows)
    assert all(r.page is None for r in table.rows) and table.page is None


def test_short_rows_are_padded_and_spans_are_clipped(tmp_path):
    html = page("""
      <table>
        <tr><td>1</td><td>2</td><td>3</td></tr>
        <tr><td rowspan="9">x</td></tr>
        <tr></tr>
      </table>""")
    table = only_table(read_html(write(tmp_path, html)))
    assert grid(table) == [
        [("1", False), ("2", False), ("3", False)],
        [("x", False), ("", False), ("", False)],
        [("", True), ("", False), ("", False)],
    ]
    assert table.rows[1].cells[0].rowspan == 2  # clipped to the rows that exist


def test_th_row_and_thead_are_header_rows(tmp_path):
    html = page("""
      <table>
        <thead><tr><td>№</td><td>Мероприятие</td></tr></thead>
        <tbody>
          <tr><th>1</th><th>2</th></tr>
          <tr><td>1.</td><td>Опубликовать</td></tr>
          <tr><th>№</th><th>Мероприятие</th></tr>
          <tr><th>Раздел</th><td>row header only</td></tr>
        </tbody>
      </table>""")
    table = only_table(read_html(write(tmp_path, html)))
    assert [r.header for r in table.rows] == [True, True, False, False]
    # the repeated copy of the header further down is dropped
    assert [r.texts() for r in table.rows][2:] == [["1.", "Опубликовать"], ["Раздел", "row header only"]]


def test_cell_paragraphs_bold_and_lists_become_lines(tmp_path):
    html = page("""
      <table><tr>
        <td><p><b>2.1. Усовершенствование</b> сервисности.</p>
            <p>1. Обеспечение открытости.</p><p>   </p></td>
        <td>Проведение обсуждений:
            <ul style="list-style-type: none">
              <li>- организация дебатов,</li>
              <li>в СМИ, <i>ТВ</i>, радио.</li>
              <li>1) уже пронумеровано</li>
            </ul>
            2. Внесение изменений</td>
        <td><ol><li>первый</li><li>второй</li></ol></td>
        <td>строка<br>вторая<br/><br>третья</td>
      </tr></table>""")
    cells = only_table(read_html(write(tmp_path, html))).rows[0].cells
    assert cells[0].text == "2.1. Усовершенствование сервисности.\n1. Обеспечение открытости."
    assert cells[1].text == (
        "Проведение обсуждений:\n- организация дебатов,\n- в СМИ, ТВ, радио.\n1) уже пронумеровано\n"
        "2. Внесение изменений"
    )
    assert cells[2].text == "1. первый\n2. второй"
    assert cells[3].text == "строка\nвторая\nтретья"


def test_nested_table_is_kept_and_its_text_appended(tmp_path):
    html = page("""
      <table>
        <tr><td>1</td><td>Сроки:<table><tr><td>2023</td><td>2024</td></tr>
                                   <tr><td>I кв.</td><td>II кв.</td></tr></table></td></tr>
        <tr><td>2</td><td>x</td></tr>
        <tr><td>3</td><td>y</td></tr>
      </table>""")
    doc = read_html(write(tmp_path, html))
    table = only_table(doc)
    cell = table.rows[0].cells[1]
    assert cell.text == "Сроки:\n2023 | 2024\nI кв. | II кв."
    assert len(cell.nested) == 1
    assert grid(cell.nested[0]) == [[("2023", False), ("2024", False)], [("I кв.", False), ("II кв.", False)]]
    assert len(table.rows) == 3


def test_layout_table_around_a_data_table_is_unwrapped(tmp_path):
    html = page("""
      <table><tr><td>
        <h1>План</h1>
        <table><tr><td>1</td><td>a</td></tr><tr><td>2</td><td>b</td></tr></table>
      </td></tr></table>""")
    doc = read_html(write(tmp_path, html))
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].style == "heading"
    assert grid(only_table(doc)) == [[("1", False), ("a", False)], [("2", False), ("b", False)]]


def test_script_inside_a_cell_is_removed(tmp_path):
    html = page("""
      <table><tr><td>до<script>document.write("<b>evil</b>")</script> после<style>td{}</style></td>
      <td><noscript>включите JS</noscript>текст<!-- comment --></td></tr></table>""")
    cells = only_table(read_html(write(tmp_path, html))).rows[0].cells
    assert cells[0].text == "до после"
    assert cells[1].text == "текст"


def test_ordered_list_numbering_follows_the_markup():
    assert html_fragment_to_text('<ol type="a"><li>x</li><li>y</li></ol>') == "a. x\nb. y"
    assert html_fragment_to_text('<ol reversed><li>x</li><li>y</li></ol>') == "2. x\n1. y"
    assert html_fragment_to_text('<ol start="4"><li>x</li><li value="9">y</li><li>z</li></ol>') == "4. x\n9. y\n10. z"
    assert html_fragment_to_text('<ul><li><p>в абзаце</p></li><li>г. Бишкек</li><li>10.07.2023</li></ul>') == (
        "- в абзаце\n- г. Бишкек\n- 10.07.2023")
    assert html_fragment_to_text("<ul><li>• есть</li><li>а) есть</li><li>2.1. есть</li></ul>") == "• есть\nа) есть\n2.1. есть"


# --- paragraphs ---------------------------------------------------------------------------------------


def test_paragraphs_headings_lists_and_removed_chrome(tmp_path):
    html = page(
        """
        <nav>Меню сайта</nav>
        <h2>КАЛЕНДАРНЫЙ  ПЛАН</h2>
        <p>Первая строка<br>вторая   строка</p>
        <div>Текст div<p>вложенный p</p>хвост div</div>
        <ul><li>пункт<ul><li>подпункт</li></ul></li></ul>
        <ol start="3"><li>третий</li></ol>
        <p style="display:none">скрыто</p>
        <script>var x = "<p>не текст</p>";</script>
        <footer>© ЦИК</footer>""",
        head="<title>Заголовок окна</title><style>p { color: red }</style>",
    )
    doc = read_html(write(tmp_path, html))
    got = [(p.text, p.style, p.level) for p in doc.paragraphs()]
    assert got == [
        ("КАЛЕНДАРНЫЙ ПЛАН", "heading", 2),
        ("Первая строка\nвторая строка", "normal", 0),
        ("Текст div", "normal", 0),
        ("вложенный p", "normal", 0),
        ("хвост div", "normal", 0),
        ("- пункт", "list", 0),
        ("- подпункт", "list", 1),
        ("3. третий", "list", 0),
    ]
    assert all(p.page is None for p in doc.paragraphs())
    assert doc.format == "html" and doc.pages is None


def test_entities_and_nbsp_are_decoded(tmp_path):
    html = page("<p>ЦИК&nbsp;КР &laquo;Шайлоо&raquo; &amp; &#1178;&#x44b;&nbsp;&nbsp;&nbsp;рг&shy;ыз</p>"
                "<table><tr><td>a&nbsp;&lt;b&gt;</td></tr></table>")
    doc = read_html(write(tmp_path, html))
    assert next(doc.paragraphs()).text == "ЦИК КР «Шайлоо» & Қы ргыз"
    assert only_table(doc).rows[0].cells[0].text == "a <b>"


# --- encodings ----------------------------------------------------------------------------------------

CYR = "Центральная комиссия по выборам и проведению референдумов"


def test_cp1251_with_meta_charset(tmp_path):
    html = page(f"<p>{CYR}</p>", head='<meta charset="windows-1251">')
    doc = read_html(write(tmp_path, html, encoding="cp1251"))
    assert doc.encoding == "cp1251"
    assert next(doc.paragraphs()).text == CYR


def test_cp1251_with_http_equiv(tmp_path):
    html = page(f"<p>{CYR}</p>", head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
    doc = read_html(write(tmp_path, html, encoding="cp1251"))
    assert doc.encoding == "cp1251" and next(doc.paragraphs()).text == CYR


def test_cp1251_without_any_declaration(tmp_path):
    doc = read_html(write(tmp_path, page(f"<p>{CYR}</p>"), encoding="cp1251"))
    assert doc.encoding == "cp1251"
    assert next(doc.paragraphs()).text == CYR


def test_utf8_without_declaration_and_with_bom(tmp_path):
    doc = read_html(write(tmp_path, page(f"<p>{CYR} ө ү ң</p>")))
    assert doc.encoding == "utf-8" and next(doc.paragraphs()).text == f"{CYR} ө ү ң"
    raw = b"\xef\xbb\xbf" + page(f"<p>{CYR}</p>", head='<meta charset="windows-1251">').encode()
    doc = read_html(write(tmp_path, "", name="bom.html", raw=raw))
    assert doc.encoding == "utf-8" and next(doc.paragraphs()).text == CYR


def test_utf16_with_bom(tmp_path):
    raw = page(f"<p>{CYR}</p>").encode("utf-16")  # with BOM
    doc = read_html(write(tmp_path, "", raw=raw))
    assert doc.encoding.startswith("utf-16") and next(doc.paragraphs()).text == CYR


def test_declared_utf8_but_actually_cp1251(tmp_path):
    html = page(f"<p>{CYR}</p>", head='<meta charset="utf-8">')
    doc = read_html(write(tmp_path, html, encoding="cp1251"))
    assert doc.encoding == "cp1251" and next(doc.paragraphs()).text == CYR
    assert any("UTF-8" in w for w in doc.warnings)


def test_declared_cp1251_but_actually_utf8(tmp_path):
    html = page(f"<p>{CYR}</p>", head='<meta charset="windows-1251">')
    doc = read_html(write(tmp_path, html))
    assert doc.encoding == "utf-8" and next(doc.paragraphs()).text == CYR
    assert doc.warnings


# --- bad input ----------------------------------------------------------------------------------------


def test_binary_junk_is_an_input_error(tmp_path):
    junk = bytes(range(256)) * 8 + os.urandom(2048)
    with pytest.raises(InputError, match="binary"):
        read_html(write(tmp_path, "", name="junk.html", raw=junk))


@pytest.mark.parametrize("raw", [
    b"   \n  ",
    b"<html><head><title>t</title></head><body><!-- nothing --></body></html>",
    b"<html><body><script>alert(1)</script><p>&nbsp;</p></body></html>",
])
def test_page_without_text_is_an_input_error(tmp_path, raw):
    with pytest.raises(InputError) as err:
        read_html(write(tmp_path, "", name="empty.html", raw=raw))
    assert "\n" not in str(err.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_html(str(tmp_path / "nope.html"))


def test_deep_nesting_does_not_crash(tmp_path):
    doc = read_html(write(tmp_path, page("<div>" * 300 + "глубоко" + "</div>" * 300)))
    assert next(doc.paragraphs()).text == "глубоко"
    with pytest.raises(InputError, match="nested too deeply"):
        read_html(write(tmp_path, page("<div>" * 1500 + "x"), name="deeper.html"))


# --- fragments (escaped markup inside a text cell) -----------------------------------------------------


def test_fragment_from_seed_003():
    cell = ('<p><b>2.1. Усовершенствование сервисности и технологического обеспечения выборов.</b></p> '
            '<p>1. Обеспечение открытости, достоверности, прозрачности информации.</p> '
            '<p>2. Расширение возможности доступа к информации.</p>')
    assert html_fragment_to_text(cell) == (
        "2.1. Усовершенствование сервисности и технологического обеспечения выборов.\n"
        "1. Обеспечение открытости, достоверности, прозрачности информации.\n"
        "2. Расширение возможности доступа к информации."
    )
    cell = ('1. Проведение обсуждений: <ul style="list-style-type: none"> <li>- организация дебатов.</li> '
            '<li>- в СМИ, ТВ.</li> </ul> 2. Внесение изменений.')
    assert html_fragment_to_text(cell) == "1. Проведение обсуждений:\n- организация дебатов.\n- в СМИ, ТВ.\n2. Внесение изменений."
    cell = '<ol style="list-style-type: none"> <li>Созданы 70 локаций.</li> <li>Подписаны меморандумы.</li> </ol>'
    assert html_fragment_to_text(cell) == "- Созданы 70 локаций.\n- Подписаны меморандумы."
    assert html_fragment_to_text("на всех этапах <b>рассмотрения законов;</b> Обеспечение <u>(далее - МВРГ).</u>") == (
        "на всех этапах рассмотрения законов; Обеспечение (далее - МВРГ).")


def test_fragment_plain_text_and_non_markup_angle_brackets():
    assert html_fragment_to_text("") == ""
    assert html_fragment_to_text("  ЦИК\u00a0КР   до 10 дней  ") == "ЦИК КР до 10 дней"
    assert html_fragment_to_text("строка 1\n\n  строка 2 ") == "строка 1\nстрока 2"
    assert html_fragment_to_text("срок <= 10 дней, a < b") == "срок <= 10 дней, a < b"
    assert html_fragment_to_text("R&D &laquo;x&raquo;") == "R&D «x»"
    assert html_fragment_to_text("a<script>x()</script>b<br>c") == "ab\nc"
    # deeper than Python's recursion: the words survive
    assert html_fragment_to_text("<b>" * 1200 + "x y") == "x y"


# --- end to end ---------------------------------------------------------------------------------------


def test_read_end_to_end_spans_are_consistent(tmp_path):
    html = page("""
      <h1>Календарный план</h1>
      <p>мероприятий по подготовке выборов</p>
      <table>
        <tr><th>№</th><th>Мероприятие</th><th>Срок</th></tr>
        <tr><td>1.</td><td><p>Опубликовать</p><ul><li>решение</li></ul></td><td rowspan="2">не позднее 10 дней</td></tr>
        <tr><td>2.</td><td colspan="1">Образовать&nbsp;комиссии</td></tr>
      </table>
      <p>Председатель</p>""", head='<meta charset="windows-1251">')
    path = write(tmp_path, html, name="plan.htm", encoding="cp1251")
    assert shailoo.parsers.read.detect_format(path) == "html"
    doc = shailoo.parsers.read.read(path)
    assert doc.format == "html" and doc.encoding == "cp1251" and doc.path == path
    table = only_table(doc)
    assert table.rows[0].header and not table.rows[1].header
    assert table.rows[1].cells[1].text == "Опубликовать\n- решение"
    assert table.rows[2].cells[2].merged
    for p in doc.paragraphs():
        assert doc.text[p.start:p.end] == p.text
    for row in table.rows:
        for cell in row.cells:
            assert cell.start >= 0
            assert doc.text[cell.start:cell.end] == cell.text
    assert doc.text.startswith("Календарный план\nмероприятий")
