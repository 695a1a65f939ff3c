"""The terminal table of ``shailoo parse --format table``: a document's activities, readable at a glance."""

from __future__ import annotations

from shailoo.errors import printable


def format_table(doc, width: int = 160) -> str:
    """A readable terminal table of the activities of ``doc`` (a ``ParsedDocument``), under a line of
    its header facts and above a line of counts (rich renders it; plain text when not a TTY)."""
    import io

    from rich.console import Console
    from rich.table import Table

    info = doc.document
    buf = io.StringIO()
    # markup=False: cell text is the document's, never rich markup («[/bold]» would raise, «[link=…]»
    # would become a link); control characters are written as escapes (see _short).
    console = Console(file=buf, width=width, force_terminal=False, markup=False)
    head = f"{printable(doc.source.path)} — {info.kind}, {info.language}"
    if info.election_day:
        head += f", election day {info.election_day.isoformat()}"
    if info.approved and info.approved.number:
        head += f", approved № {info.approved.number}"
        if info.approved.date:
            head += f" of {info.approved.date.isoformat()}"
    console.print(head)
    t = Table(show_lines=False)
    roles = [r for r in ("term", "responsible", "executor", "place", "participants") if r in info.columns]
    for col in ["№", "section", "text", *roles]:
        t.add_column(col, overflow="fold")
    for a in doc.activities:
        t.add_row(a.number or "", a.section[-1] if a.section else "", _short(a.text, 70),
                  *[_short(a.cells.get(r, ""), 45) for r in roles])
    console.print(t)
    console.print(f"{len(doc.activities)} activities, {len(info.sections)} sections, "
                  f"{len(doc.paragraphs)} paragraphs")
    return buf.getvalue()


def _short(s: str, n: int) -> str:
    s = printable(" ".join(s.split()))
    return s if len(s) <= n else s[: n - 1] + "…"
