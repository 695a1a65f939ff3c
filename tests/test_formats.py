"""The same document in text, DOCX, PDF and HTML gives the same activities and header facts."""

from __future__ import annotations

from functools import lru_cache

import pytest

import shailoo
from conftest import FIXTURES


def _ws(s: str) -> str:
    return " ".join(s.split())


def summary(doc):
    """What must agree across formats: the typed values, with white space normalised."""
    info = doc.document
    head = (info.kind, info.language, info.election_day, info.approved.number if info.approved else None,
            info.approved.date if info.approved else None, info.period, tuple(info.sections))
    acts = [(a.kind, a.number, a.path, tuple(a.section), _ws(a.text),
             tuple(sorted((k, _ws(v)) for k, v in a.cells.items()))) for a in doc.activities]
    return head, acts


@lru_cache(maxsize=None)
def parsed(path: str):
    return shailoo.parse(FIXTURES / path)


PAIRS = [
    ("text/seed000.txt", "docx/seed000.docx"),
    ("text/seed000.txt", "pdf/seed000.pdf"),
    ("text/seed001.txt", "docx/seed001.docx"),
    ("text/seed001.txt", "pdf/seed001.pdf"),
    ("text/seed004.txt", "docx/seed004.docx"),
    ("text/seed004.txt", "pdf/seed004.pdf"),
    ("text/seed002.txt", "docx/seed002.docx"),
    ("text/seed003.txt", "html/seed003.html"),
    ("text/seed003.txt", "docx/seed003.docx"),
]


@pytest.mark.parametrize("a,b", PAIRS, ids=[f"{a}~{b}" for a, b in PAIRS])
def test_same_activities_in_every_format(a, b):
    if not (FIXTURES / b).exists():
        pytest.skip(f"fixture {b} not built")
    head_a, acts_a = summary(parsed(a))
    head_b, acts_b = summary(parsed(b))
    assert head_a == head_b
    assert len(acts_a) == len(acts_b)
    for x, y in zip(acts_a, acts_b):
        assert x == y


def test_pdf_rows_split_by_page_breaks_carry_both_pages():
    doc = parsed("pdf/seed001.pdf")
    split = [a for a in doc.activities if len(a.provenance.pages) > 1]
    assert len(split) >= 3
    for a in split:
        assert a.provenance.pages == [a.provenance.page, a.provenance.page + 1]
