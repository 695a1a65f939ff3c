"""Flat memory (issue 22): ``shailoo parse`` annotates and writes a document's activities a chunk at a
time and its mentions a line of text at a time (``shailoo.parsers.parse_stream``,
``Interpretation``, ``apps.parse.write_json_stream``), the same characters as
``ParsedDocument.to_json``; a document that fails half-way is taken out of the file written."""

from __future__ import annotations

import datetime as dt
import gc
import io
import json

import pytest

import shailoo
from shailoo import cli
from shailoo.apps import parse as parse_app
from shailoo.model import Activity, Mention
from shailoo.parsers import parse_stream
from shailoo.parsers.interpret import document as document_module
from shailoo.parsers.interpret.annotate import DocumentRefs, body_and_citation_mentions, find_mentions
from shailoo.parsers.interpret.document import Interpretation
from shailoo.parsers.read import read
from shailoo.parsers.read.blocks import Paragraph
from conftest import FIXTURES

#: one document of each kind and format: event schedule, calendar plan (DOCX, PDF), action plan (with
#: warnings), report, resolution, HTML, and a news text with no activity
DOCUMENTS = ["docx/seed000.docx", "docx/seed001.docx", "pdf/seed001.pdf", "text/seed003.txt", "docx/seed004.docx",
             "text/resolution_ru.txt", "html/seed003.html", "wild/012_ky_news_utrk_jk2021_candidates.txt"]


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_streamed_json_is_to_json_of_the_document(name):
    path = FIXTURES / name
    doc = shailoo.parse(path)
    for indent in (2, None):
        out = io.StringIO()
        with parse_stream(path) as stream:
            parse_app.write_json_stream(stream, out, indent)
        assert out.getvalue() == doc.to_json(indent=indent)


def test_the_streamed_json_with_an_election_day_given():
    """The election day given replaces the document's (a warning, written last) before the activities'
    terms are resolved against it."""
    path = FIXTURES / "docx" / "seed001.docx"
    calendar = {"election_day": dt.date(2022, 10, 16)}
    doc = shailoo.parse(path, calendar=dict(calendar))
    assert doc.warnings
    out = io.StringIO()
    with parse_stream(path, calendar=dict(calendar)) as stream:
        parse_app.write_json_stream(stream, out, 2)
    assert out.getvalue() == doc.to_json()


@pytest.mark.parametrize("name", ["docx/seed001.docx", "text/seed003.txt", "text/resolution_ru.txt"])
def test_chunks_change_nothing(name):
    """Each activity is annotated on its own: a chunk of 3 gives what the whole list gives."""
    raw = read(FIXTURES / name)
    whole = Interpretation(raw).document()
    run_ = Interpretation(read(FIXTURES / name))
    chunks = list(run_.activities(3))
    assert all(len(c) <= 3 for c in chunks)
    assert [a for c in chunks for a in c] == whole.activities


@pytest.mark.parametrize("name", ["docx/seed001.docx", "text/seed003.txt", "text/resolution_ky.txt"])
def test_the_mentions_line_by_line_are_the_mentions_sorted(name):
    """Found a line at a time and merged, the mentions are both finders' lists sorted by span (the
    dates' first where two have one span), as they were found whole."""
    run_ = Interpretation(read(FIXTURES / name))
    refs = DocumentRefs.of(run_.ctx, run_.info)
    whole = find_mentions(run_.ctx, run_.info) + body_and_citation_mentions(run_.ctx, refs)
    whole.sort(key=lambda m: (m.start, m.end))
    assert list(run_.mentions()) == whole and whole


def test_parse_stream_lets_the_tables_go():
    with parse_stream(FIXTURES / "docx" / "seed001.docx") as stream:
        assert stream.raw.blocks and all(isinstance(b, Paragraph) for b in stream.raw.blocks)
        assert stream.count == 77


def _plan_text(tmp_path, rows: int):
    """A text plan of ``rows`` rows: seed 001's header, then its rows again and again, numbered on."""
    lines = (FIXTURES / "text" / "seed001.txt").read_text(encoding="utf-8").split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("№\t"))
    body = [line.split("\t", 1)[1] for line in lines[head + 1:] if line[:1].isdigit() and "\t" in line]
    out = lines[:head + 1] + [f"{i + 1}.\t{body[i % len(body)]}" for i in range(rows)]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_what_is_held_while_writing_stays_flat(tmp_path, monkeypatch):
    """While the JSON is written, the annotated activities alive are at most a chunk's, and the mentions
    at most a chunk's and a line's: what was written is let go."""
    path = _plan_text(tmp_path, 1500)
    name = str(path)
    counts = {"activities": 0, "mentions": 0}

    class Watching(io.StringIO):
        def write(self, text):
            if len(text) > 10_000:  # a chunk of records: count what is alive
                # this document's (other tests may keep documents of their own alive)
                live = gc.get_objects()
                counts["activities"] = max(counts["activities"], sum(
                    1 for o in live if type(o) is Activity and o.term is not None and o.provenance.file == name))
                counts["mentions"] = max(counts["mentions"], sum(
                    1 for o in live if type(o) is Mention and o.provenance.file == name))
            return super().write(text)

    out = Watching()
    with parse_stream(path) as stream:
        parse_app.write_json_stream(stream, out, 2)
    doc = json.loads(out.getvalue())
    chunk = parse_app._CHUNK
    assert len(doc["activities"]) == 1500 and len(doc["mentions"]) > 4 * chunk
    assert 0 < counts["activities"] <= chunk
    assert 0 < counts["mentions"] <= chunk + 50


def test_a_document_that_fails_half_way_is_taken_out_of_the_file(tmp_path, monkeypatch):
    good, bad = FIXTURES / "text" / "seed000.txt", FIXTURES / "docx" / "seed001.docx"
    real = Interpretation.mentions

    def failing(self):
        if self.raw.path == str(bad):
            yield from list(real(self))[:3]
            raise ZeroDivisionError("on purpose")
        yield from real(self)

    monkeypatch.setattr(Interpretation, "mentions", failing)
    out_file = tmp_path / "out.json"
    code, _, err = run("parse", good, bad, good, "-o", out_file)
    assert code == 70 and "internal error" in err and "ZeroDivisionError" in err
    docs = json.loads(out_file.read_text(encoding="utf-8"))
    assert [d["source"]["path"] for d in docs] == [str(good), str(good)]
    code, _, _ = run("parse", bad, good, "-o", out_file)
    assert code == 70 and [d["source"]["path"] for d in json.loads(out_file.read_text(encoding="utf-8"))] == [str(good)]
    out_file.unlink()
    code, _, _ = run("parse", bad, "-o", out_file)
    assert code == 70 and not out_file.exists()
    code, _, _ = run("parse", good, bad, "--format", "jsonl", "-o", out_file)
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert code == 70 and len(lines) == 1 and json.loads(lines[0])["source"]["path"] == str(good)


def test_a_header_changed_while_the_activities_are_written_is_an_error(monkeypatch):
    """What is written before the activities must be what the document says after them."""
    real = Interpretation.activities

    def changing(self, chunk=None):
        yield from real(self, chunk)
        self.info.title = (self.info.title or "") + " (changed)"

    monkeypatch.setattr(Interpretation, "activities", changing)
    with pytest.raises(RuntimeError, match="changed while its activities were written"):
        with parse_stream(FIXTURES / "docx" / "seed001.docx") as stream:
            parse_app.write_json_stream(stream, io.StringIO(), 2)


def test_interpret_is_the_interpretation_whole():
    raw = read(FIXTURES / "docx" / "seed004.docx")
    assert document_module.interpret(raw) == Interpretation(read(FIXTURES / "docx" / "seed004.docx")).document()
