"""Views of a conversion store for common questions, and the ready questions of ``shailoo query --example``.

The views are created with the tables (``shailoo.apps.convert.engine.Store``), so a researcher opening the
``.duckdb`` file in any DuckDB client has them:

``deadlines``        every term of every activity with its document's election, kind and language,
                     the owners (ids) and the citations («local_kenesh_law 12.1») of the row;
``owner_activities`` owners (body ids) by number of activities, per document kind;
``findings_by_rule`` findings by rule, severity and election year;
``file_status``      the manifest by status;
``activities_flat``  one row per activity with scalar columns only, for spreadsheets: the section as
                     text, the first term's text, kind, first printed date and computed date, the
                     owners and citations joined (also a sheet of the XLSX target and a file of the
                     CSV one, ``SHEET_VIEWS``).

``EXAMPLES`` holds the questions of ``shailoo query --example NAME``; ``$name`` parameters are
filled from ``--param name=value`` as bound parameters, never pasted into the SQL; a required one is
never defaulted.
"""

from __future__ import annotations

from typing import Optional

VIEWS = {
    "deadlines": """
        SELECT d.doc_id, d.path, d.kind AS document_kind, d.language, d.election_day,
               year(d.election_day) AS election_year, a.activity, a.number, a.text,
               t.kind AS term_kind, t.raw AS term, t.n, t.unit, t.direction, t.anchor, t.bound,
               t.date, t.end_date, t.computed, t.last_day, t.printed, t.printed_date,
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
    "activities_flat": """
        SELECT a.doc_id, d.path AS document, d.kind AS document_kind, d.language, d.election_day,
               a.activity, a.kind, a.number, nullif(array_to_string(a.section, ' / '), '') AS section, a.text,
               a.term_text, t.kind AS term_kind,
               (SELECT min_by(x.printed_date, x.term) FROM terms x
                 WHERE x.doc_id = a.doc_id AND x.activity = a.activity AND x.printed_date IS NOT NULL)
                 AS printed_date,
               (SELECT min_by(x.computed, x.term) FROM terms x
                 WHERE x.doc_id = a.doc_id AND x.activity = a.activity AND x.computed IS NOT NULL) AS computed,
               a.owner_text,
               (SELECT string_agg(coalesce(b.name, b.raw), '; ' ORDER BY b.body) FROM bodies b
                 WHERE b.doc_id = a.doc_id AND b.activity = a.activity) AS owners,
               (SELECT string_agg(c.act || ' ' || c.article || coalesce('.' || c.part, ''), '; ' ORDER BY c.citation)
                  FROM citations c WHERE c.doc_id = a.doc_id AND c.activity = a.activity
                   AND c.article IS NOT NULL) AS citations,
               a.page
          FROM activities a
          JOIN documents d ON d.doc_id = a.doc_id
          LEFT JOIN terms t ON t.doc_id = a.doc_id AND t.activity = a.activity AND t.term = 0""",
}

#: What each view answers (``shailoo schema --tables``).
VIEW_DOCS = {
    "deadlines": "every term of every activity with its document's election, kind and language, the owners' "
                 "ids and the citations of the row",
    "owner_activities": "owners (body ids) by number of activities and documents, per document kind",
    "findings_by_rule": "findings by rule, severity and election year",
    "file_status": "the manifest by status",
    "activities_flat": "one row per activity, scalar columns only (for spreadsheets; a sheet of the XLSX "
                       "target, a file of the CSV one): the section as text, the first term's text and "
                       "kind, the first printed and computed dates of its terms, the owners' names and the "
                       "citations joined",
}

#: Views written beside the tables into the targets spreadsheets open (CSV, XLSX).
SHEET_VIEWS = ("activities_flat",)

#: name -> (description, SQL with $name parameters, its parameters: name -> (default, what it is)). A
#: parameter whose default is None is required: ``query`` refuses the example without it, naming it; an
#: optional one's default is shown by ``--example list``. Nothing is filled in silently.
EXAMPLES: dict[str, tuple[str, str, dict[str, tuple[Optional[str], str]]]] = {
    "deadlines-citing": (
        "every deadline citing an article, across elections",
        """SELECT dl.election_day, dl.document_kind, dl.path, dl.number, dl.term, dl.computed, dl.citations
             FROM deadlines dl
            WHERE EXISTS (SELECT 1 FROM citations c WHERE c.doc_id = dl.doc_id AND c.activity = dl.activity
                            AND c.article = $article AND ($act = '' OR c.act = $act))
            ORDER BY dl.election_day NULLS LAST, dl.path, dl.activity""",
        {"article": (None, "the article's number, e.g. 12"),
         "act": ("", "the act's id, e.g. local_kenesh_law; default: every act")},
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
