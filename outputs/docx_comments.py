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

``finding_notes(report, lang)`` turns a ``FindingsReport`` into notes (code, rule, severity, message,
expected/found, provision, in the report's language); ``shailoo.rules.compare`` makes notes of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from shailoo.errors import InputError

AUTHOR = "shailoo"
INITIALS = "sh"

#: Labels of the comment lines, per language.
LABELS = {
    "expected": {"ru": "Ожидается", "ky": "Күтүлгөн", "en": "Expected"},
    "found": {"ru": "Напечатано", "ky": "Басылган", "en": "Found"},
    "provision": {"ru": "Норма", "ky": "Норма", "en": "Provision"},
    "severity": {
        "error": {"ru": "ошибка", "ky": "ката", "en": "error"},
        "warning": {"ru": "предупреждение", "ky": "эскертүү", "en": "warning"},
        "info": {"ru": "замечание", "ky": "эскертме", "en": "note"},
    },
}


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


def finding_notes(report, lang: str = "ru") -> list[Note]:
    """One note per finding of ``report`` (a ``shailoo.rules.findings.FindingsReport``), worded in ``lang``."""
    from shailoo.rules.check import _statute

    notes = []
    for f in report.findings:
        sev = LABELS["severity"][f.severity][lang]
        lines = [f"{f.code} {f.rule} ({sev})", f.message]
        if f.expected is not None or f.found is not None:
            parts = []
            if f.expected is not None:
                parts.append(f"{LABELS['expected'][lang]}: {f.expected}")
            if f.found is not None:
                parts.append(f"{LABELS['found'][lang]}: {f.found}")
            lines.append("; ".join(parts))
        provision = _statute(f, lang).strip(" ()")
        if provision:
            lines.append(f"{LABELS['provision'][lang]}: {provision}")
        p = f.provenance
        on_row = f.activity is not None and p is not None and p.table is not None and p.row is not None
        notes.append(Note(text="\n".join(lines), table=p.table if on_row else None, row=p.row if on_row else None,
                          cell=f.cell if on_row else None,
                          start=p.start if (p is not None and not on_row) else None))
    return notes


def open_document(path: str):
    """The python-docx ``Document`` of ``path``; ``InputError`` (exit 2) when it is not a DOCX Word opens."""
    from shailoo.parsers.read import detect_format
    from shailoo.errors import read_input

    read_input(path, 8)  # missing / unreadable / empty: the usual one-line reason
    fmt = detect_format(path)
    if fmt != "docx":
        raise InputError(path, f"Word comments need a DOCX file, this is {fmt.upper()}; "
                               "use --format html (works for every input) or save the file as DOCX")
    # The reader gives the precise reason for a damaged, encrypted or non-Word ZIP.
    from shailoo.parsers.read.docx import _open

    _open(path)
    import docx

    try:
        return docx.Document(path)
    except Exception as e:  # python-docx refuses e.g. macro-enabled .docm content types
        raise InputError(path, f"python-docx cannot open it for writing comments ({type(e).__name__}: {e})") from None


def review_docx(src: str, dest: str, notes: list[Note], title: Optional[str] = None) -> Review:
    """Copy ``src`` to ``dest`` with one Word comment per note (author «shailoo»); return the placements.

    ``title``: the document title as parsed (``DocumentInfo.title``), to find the title paragraph for
    notes with no place of their own. Raises ``InputError`` for a file that is not a usable DOCX.
    """
    from docx.text.run import Run

    from shailoo.parsers.read.docx import read_docx
    from shailoo.parsers.interpret.tables import find_header

    document = open_document(src)
    raw = read_docx(src, package=document).finalize()
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
