"""Write findings back into the reviewer's own Word file, as one Word comment per finding.

``review_docx(src, dest, notes)`` opens ``src`` with python-docx, reads it with the project's own
DOCX reader on the *same* XML tree (``shailoo.parsers.read.docx.read_docx(path, package=...)`` keeps each
paragraph's ``w:p`` and each cell's ``w:tc``), so that a finding's provenance (table, row) and cell
role lead to the exact element it is about, anchors a comment there and saves to ``dest``. Nothing
else in the document changes: no text is added, removed or moved (an empty cell gets an empty run to
hold the comment range, which adds no text).

Where a comment goes:

* a note with ``table``/``row`` and a ``cell`` role: that cell of that row (the role's column from
  the table's header, as ``shailoo.parsers.interpret.tables.find_header`` assigns it);
* with ``table``/``row`` and no role (or a role the table has no column for): the row's first cell
  that has text;
* with only a text offset ``start`` (prose): the paragraph whose span holds it;
* otherwise (a missing row, a document-wide problem): the title paragraph.

``finding_notes(report, lang)`` turns a ``FindingsReport`` (or a ``ComparisonReport``) into notes written
for the lawyer reading the draft, in the report's language::

    [SH106] Ошибка — Напечатанная дата не совпадает с расчётом срока
    <the finding's message>
    Ожидается: 19.09.2022; Напечатано: 24.09.2022
    Норма: Закон КР «О выборах депутатов местных кенешей», ст.13 ч.1, ред. от 14.07.2011
    Источник значения: практика ЦИК, а не текст закона (…)

(the severity word and the rule's title from the catalogue, dates as DD.MM.YYYY, the act by its title:
``shailoo.outputs.present``). The comment sits on the row it is about, so it names no row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from shailoo.corpus.i18n import text
from shailoo.errors import InputError
from shailoo.outputs.present import date_text, grade_text, provision_text, rule_title, severity_word
from shailoo.parsers import read as readers  # by module: detect_format is looked up per call (test_read_once counts)
from shailoo.parsers.interpret.tables import find_header

AUTHOR = "shailoo"
INITIALS = "sh"


@dataclass
class Note:
    """One comment to add: its text and where it belongs (see the module docstring for the order)."""

    text: str
    table: Optional[int] = None
    row: Optional[int] = None
    cell: Optional[str] = None
    start: Optional[int] = None


@dataclass
class Placement:
    """Where a note ended up: ``where`` is ``cell``, ``row``, ``paragraph`` or ``title``; ``role`` the
    column role of the cell (``None`` for paragraphs); ``comment_id`` the Word comment id."""

    note: Note
    where: str
    comment_id: int
    table: Optional[int] = None
    row: Optional[int] = None
    role: Optional[str] = None
    col: Optional[int] = None


@dataclass
class Review:
    """The result of ``review_docx``: one placement per note, in the notes' order."""

    path: str
    placements: list[Placement] = field(default_factory=list)


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def finding_lines(f, lang: str) -> list[str]:
    """The lines of the Word comment of finding ``f`` in ``lang`` (see the module docstring): the head
    (``word.comment.head``: code, severity word, rule title), the message, what was expected and what is
    printed (dates as DD.MM.YYYY), the provision (``present.provision_text``) and the evidence grade."""
    lines = [text("word.comment.head", lang, code=f.code, severity=_capital(severity_word(f.severity, lang)),
                  title=rule_title(f.code, lang)), f.message]
    parts = [f"{text(f'word.comment.{k}', lang)}: {date_text(v)}"
             for k, v in (("expected", f.expected), ("found", f.found)) if v is not None]
    if parts:
        lines.append("; ".join(parts))
    provision = provision_text(f.statute, lang)
    if provision:
        lines.append(f"{text('word.comment.provision', lang)}: {provision}")
    grade = grade_text(f, lang)  # the evidence of a statute finding: statute text, CEC practice, …
    if grade:
        lines.append(grade)
    return lines


def finding_notes(report, lang: str = "ru") -> list[Note]:
    """One note per finding of ``report`` (a ``shailoo.rules.findings.FindingsReport`` or a comparison),
    worded in ``lang`` (``finding_lines``), placed on the finding's row, cell or paragraph."""
    notes = []
    for f in report.findings:
        lines = finding_lines(f, lang)
        p = f.provenance
        on_row = f.activity is not None and p is not None and p.table is not None and p.row is not None
        notes.append(Note(text="\n".join(lines), table=p.table if on_row else None, row=p.row if on_row else None,
                          cell=f.cell if on_row else None,
                          start=p.start if (p is not None and not on_row) else None))
    return notes


def open_document(path: str, limits=None):
    """The python-docx ``Document`` of ``path``; ``InputError`` (exit 2) when it is not a DOCX Word opens.

    The file's format is sniffed once and the package opened once; only a file python-docx refuses is
    opened again, by the DOCX reader, for its precise one-line reason.
    """
    import docx
    from docx.oxml.ns import qn

    # on call: loads lxml, which a check without Word comments never needs
    from shailoo.parsers.read.docx import _open

    fmt = readers.detect_format(path, limits)  # missing / unreadable / empty: the usual one-line reason
    if fmt != "docx":
        raise InputError(path, f"Word comments need a DOCX file, this is {fmt.upper()}; "
                               "use --format html (works for every input) or save the file as DOCX")
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx refuses e.g. macro-enabled .docm content types
        _open(str(path))  # the reader's precise reason for a damaged, encrypted or non-Word package
        raise InputError(path, f"python-docx cannot open it for writing comments ({type(e).__name__}: {e})") from None
    if document.element.tag != qn("w:document"):
        _open(str(path))  # "its main part is not WordprocessingML"
    return document


@dataclass
class WordFile:
    """A DOCX opened once for Word comments: python-docx's ``document`` (commented and saved by
    ``review_docx``) and ``raw``, the reader's finalized blocks of that same XML tree (each paragraph
    and cell keeps its element), which ``shailoo.parsers.parse_raw`` interprets."""

    path: str
    document: object
    raw: object


def open_word(path: str, limits=None) -> WordFile:
    """Open ``path`` for Word comments and read it, once (``open_document``, then
    ``shailoo.parsers.read.docx.read_docx`` on the opened package), within ``limits``
    (``shailoo.settings.Limits``; default limits when None). ``InputError`` (exit 2) when it is not a
    usable DOCX."""
    # on call: loads lxml, which a check without Word comments never needs
    from shailoo.parsers.read.docx import read_docx

    document = open_document(path, limits)
    return WordFile(path=str(path), document=document,
                    raw=read_docx(str(path), package=document, limits=limits).finalize())


def review_docx(src: str, dest: str, notes: list[Note], title: Optional[str] = None,
                word: Optional[WordFile] = None) -> Review:
    """Copy ``src`` to ``dest`` with one Word comment per note (author «shailoo»); return the placements.

    ``title``: the document title as parsed (``DocumentInfo.title``), to find the title paragraph for
    notes with no place of their own. ``word``: ``src`` already opened and read by ``open_word`` (the
    caller parsed it from those blocks), used instead of opening it again; its document receives the
    comments, so give each ``WordFile`` to one review. Raises ``InputError`` for a file that is not a
    usable DOCX.
    """
    from docx.text.run import Run

    word = word or open_word(src)
    document, raw = word.document, word.raw
    tables = list(raw.tables())
    paragraphs = [p for p in raw.paragraphs() if p.element is not None]
    roles_of: dict[int, list] = {}
    review = Review(path=str(dest))

    def runs_of(elements) -> list:
        """Every run of the given ``w:p`` elements (in hyperlinks and insertions too), in order; an
        empty run is added to the first paragraph when there is none to hold the comment."""
        from docx.oxml.ns import qn

        r_tag, p_tag = qn("w:r"), qn("w:p")
        runs = []
        paras = []
        for el in elements:
            ps = [el] if el.tag == p_tag else list(el.iter(p_tag))
            paras.extend(ps)
            for p in ps:
                # Runs of this paragraph only (not of a nested table's paragraphs, met separately).
                runs.extend(r for r in p.iter(r_tag) if _owning_paragraph(r, p_tag) is p)
        if not runs and paras:
            runs.append(paras[0].add_r())
        return [Run(r, None) for r in runs]

    def title_paragraph():
        want = _squash(title or "")
        texts = [(p, _squash(p.text)) for p in paragraphs if p.text.strip()]
        for p, t in texts:
            if want and t and t in want:
                return p
        return texts[0][0] if texts else (paragraphs[0] if paragraphs else None)

    def place(note: Note):
        if note.table is not None and note.row is not None and 0 <= note.table < len(tables):
            t = tables[note.table]
            if 0 <= note.row < len(t.rows):
                row = t.rows[note.row]
                if note.table not in roles_of:
                    roles_of[note.table] = find_header(t)[1] or []
                roles = roles_of[note.table]
                if note.cell and note.cell in roles:
                    col = roles.index(note.cell)
                    if col < len(row.cells) and row.cells[col].element is not None:
                        return "cell", [row.cells[col].element], note.cell, col
                for i, c in enumerate(row.cells):
                    if not c.merged and c.text.strip() and c.element is not None:
                        return "row", [c.element], (roles[i] if i < len(roles) else None), i
        if note.start is not None:
            for p in paragraphs:
                if p.start <= note.start < max(p.end, p.start + 1):
                    return "paragraph", [p.element], None, None
        p = title_paragraph()
        if p is not None:
            return "title", [p.element], None, None
        first = next((c for t in tables for r in t.rows for c in r.cells if c.element is not None), None)
        if first is None:
            raise InputError(src, "the document has no paragraph or table to attach comments to")
        return "title", [first.element], None, None

    for note in notes:
        where, elements, role, col = place(note)
        runs = runs_of(elements)
        comment = document.add_comment(runs, text=note.text, author=AUTHOR, initials=INITIALS)
        review.placements.append(Placement(note=note, where=where, comment_id=comment.comment_id,
                                           table=note.table if where in ("cell", "row") else None,
                                           row=note.row if where in ("cell", "row") else None, role=role, col=col))
    try:
        document.save(str(dest))
    except OSError as e:
        raise InputError(str(dest), f"cannot be written ({e.strerror or e})") from None
    return review


def _owning_paragraph(el, p_tag):
    node = el.getparent()
    while node is not None and node.tag != p_tag:
        node = node.getparent()
    return node


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()
