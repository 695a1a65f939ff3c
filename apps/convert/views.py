"""Views of a conversion store for common questions, and the ready questions of ``shailoo query --example``.

The views are created with the tables (``shailoo.apps.convert.engine.Store``), so a researcher opening the
``.duckdb`` file in any DuckDB client has them:

``deadlines``        every term of every activity with its document's election, kind and language,
                     the owners (ids) and the citations («local_kenesh_law 12.1») of the row;
``owner_activities`` owners (body ids) by number of activities, per document kind;
``findings_by_rule`` findings by rule, severity and election year;
``file_status``      the manifest by status.

``EXAMPLES`` holds the questions of ``shailoo query --example NAME``; ``{name}`` placeholders are
filled from ``--param name=value`` as bound parameters, never pasted into the SQL.
"""

from __future__ import annotations

VIEWS = {
    "deadlines": """
        SELECT d.doc_id, d.path, d.kind AS document_kind, d.language, d.election_day,
               year(d.election_day) AS election_year, a.activity, a.number, a.text,
               t.kind AS term_kind, t.raw AS term, t.n, t.unit, t.direction, t.anchor, t.bound,
               t.date, t.end_date, t.computed, t.last_day,
               (SELECT string_agg(DISTINCT b.body_id, ', ' ORDER BY b.body_id) FROM bodies b
                 WHERE b.doc_id = a.doc_id AND b.activity = a.activity) AS owners,
               (SELECT string_agg(c.act || ' ' || c.article || coalesce('.' || c.part, ''), '; ')
                  FROM citations c WHERE c.doc_id = a.doc_id AND c.activity = a.activity
                   AND c.article IS NOT NULL) AS citations
          FROM terms t
          JOIN activities a ON a.doc_id = t.doc_id AND a.activity = t.activity
          JOIN documents d ON d.doc_id = t.doc_id""",
    "owner_activities": """
        SELECT b.body_id, any_value(b.name) AS name, d.kind AS document_kind,
               count(DISTINCT (b.doc_id, b.activity)) AS activities, count(DISTINCT b.doc_id) AS documents
          FROM bodies b JOIN documents d ON d.doc_id = b.doc_id
         GROUP BY b.body_id, d.kind""",
    "findings_by_rule": """
        SELECT f.code, f.rule, f.severity, year(d.election_day) AS election_year, count(*) AS findings,
               count(DISTINCT f.doc_id) AS documents
          FROM findings f JOIN documents d ON d.doc_id = f.doc_id
         GROUP BY ALL""",
    "file_status": """
        SELECT status, count(*) AS files, sum(size) AS bytes, sum(pages) AS pages FROM files GROUP BY status""",
}

#: name -> (description, SQL with $name parameters, default parameters)
EXAMPLES: dict[str, tuple[str, str, dict[str, str]]] = {
    "deadlines-citing": (
        "every deadline citing an article (--param article=12, optional --param act=local_kenesh_law), "
        "across elections",
        """SELECT dl.election_day, dl.document_kind, dl.path, dl.number, dl.term, dl.computed, dl.citations
             FROM deadlines dl
            WHERE EXISTS (SELECT 1 FROM citations c WHERE c.doc_id = dl.doc_id AND c.activity = dl.activity
                            AND c.article = $article AND ($act = '' OR c.act = $act))
            ORDER BY dl.election_day NULLS LAST, dl.path, dl.activity""",
        {"article": "12", "act": ""},
    ),
    "owners": (
        "owners by number of activities",
        """SELECT body_id, any_value(name) AS name, sum(activities) AS activities, sum(documents) AS documents
             FROM owner_activities GROUP BY body_id ORDER BY activities DESC, body_id""",
        {},
    ),
    "findings": (
        "findings by rule and election year (convert with --check)",
        """SELECT election_year, code, rule, severity, sum(findings) AS findings, sum(documents) AS documents
             FROM findings_by_rule GROUP BY ALL ORDER BY election_year NULLS LAST, findings DESC, code""",
        {},
    ),
    "files": (
        "the manifest by status: every input accounted for",
        "SELECT * FROM file_status ORDER BY status",
        {},
    ),
}


def create_views(con) -> None:
    """Create (or replace) every view of ``VIEWS`` on the DuckDB connection ``con``."""
    for name, sql in VIEWS.items():
        con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')
