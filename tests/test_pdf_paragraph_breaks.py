"""Where a PDF's running text breaks into paragraphs (``parsers/read/pdf.py``: ``_hard_break``).

Geometry of a real case: the Kyrgyz токтом 088 (fixtures/wild/pdf/088_…pdf, made by LibreOffice from
its DOCX): 12-pt lines, 13.8 pt apart inside a paragraph (a 1.8-pt gap between one line's bottom and
the next one's top), 19.8 pt between paragraphs (6 pt of paragraph spacing), every line full to the
right margin, the points printed «1. », «2.Бекитилген», «3 .Ушул»."""

import pytest

import shailoo
from shailoo.parsers.read.pdf import _Line, _hard_break

from conftest import FIXTURES

RIGHT = 538.0  # the text column's right edge
BASE = 1.8  # the gap between the lines of one paragraph


def line(text: str, top: float, x1: float = RIGHT - 2.0, size: float = 12.0) -> _Line:
    return _Line(text=text, x0=56.8, x1=x1, top=top, bottom=top + size, size=size, bold=0.0,
                 first_w=60.0, space_w=3.0)


@pytest.mark.parametrize("spacing", [5.95, 6.0, 8.0, 12.0])  # 0.21 cm (LibreOffice), 6 pt, Word's 8 pt, 12 pt
def test_paragraph_spacing_after_12pt_lines_breaks(spacing):
    prev = line("1. Куршаб айылдык кеңешинин 2018-жылга иш планы атайын тиркемеге ылайык бектилсин", 188.0)
    nxt = line("жагы Куршаб айылдык кеңешинин туруктуу комиссияларына", 188.0 + 12.0 + BASE + spacing)
    assert _hard_break(prev, nxt, RIGHT, BASE)


@pytest.mark.parametrize("jitter", [-0.4, 0.0, 0.4, 1.0])
def test_wrapped_lines_of_one_paragraph_do_not_break(jitter):
    prev = line("Куршаб айылдык кеңешинин 2018-жылга иш планын бекитүү жөнүндө маселени айылдык", 120.9)
    nxt = line("кеңешинин туруктуу комиссияларынын иш планынын негизинде алдын ала карап, талкуулап",
               120.9 + 13.8 + jitter)
    assert not _hard_break(prev, nxt, RIGHT, BASE)


@pytest.mark.parametrize("opening", ["2.Бекитилген Куршаб айылдык кеңешинин", "3 .Ушул токтомдун аткарылышын",
                                     "2. Бекитилген", "4) Ушул"])
def test_a_point_number_after_a_sentence_end_breaks(opening):
    prev = line("1. Куршаб айылдык кеңешинин 2018-жылга иш планы атайын тиркемеге ылайык бектилсин.", 188.1)
    assert _hard_break(prev, line(opening, 188.1 + 13.8), RIGHT, BASE)


@pytest.mark.parametrize("prev_text, opening", [
    # a number inside a sentence that wraps: not a new point
    ("в размере", "2.5 млн сомов из республиканского бюджета"),
    ("не позднее чем за", "10 дней до дня голосования"),
    # a point number, but the line above does not end a sentence
    ("согласно пункту", "2.Положения о порядке"),
])
def test_a_number_that_continues_the_sentence_does_not_break(prev_text, opening):
    prev = line(f"текст, который занимает всю строку до правого поля, {prev_text}", 300.0)
    assert not _hard_break(prev, line(opening, 300.0 + 13.8), RIGHT, BASE)


def test_the_pdf_of_toktom_088_gives_its_three_points_with_owners():
    # the expectations of fixtures/wild/expected.jsonl for 088, read from the document
    doc = shailoo.parse(FIXTURES / "wild" / "pdf" / "088_ky_resolution_kurshab_ayil_kenesh_toktom47_workplan_2018.pdf")
    assert [a.text.split()[0] for a in doc.activities] == ["Куршаб", "Бекитилген", "Ушул"]
    owners = [a.cells.get("executor") or a.cells.get("responsible") for a in doc.activities]
    assert owners[1].startswith("Куршаб айылдык кеңешинин туруктуу комиссияларына")
    assert owners[2] == "айылдык кеңештин төрагасына"
