"""Grammars that find typed values in text: dates, terms (deadlines), the election calendar, sessions,
bodies (owners) and citations. They know words only through ``shailoo.corpus``; they know nothing of
tables or formats."""

from __future__ import annotations


def clear_caches() -> None:
    """Forget every result the grammars remember per text (bodies, citations, terms, normal forms).

    Results never depend on what was remembered, only on the text: this is for tests that prove it,
    and for benchmarks that time the grammars from nothing. Loaded pipelines and compiled grammars
    are kept.
    """
    from shailoo import normalize
    from shailoo.parsers.extract import bodies
    from shailoo.parsers.extract import citations
    from shailoo.parsers.extract import terms # on call: the grammars load spaCy

    for cached in (bodies._found, bodies._owners, bodies._analyse, bodies._doc, bodies._alias_key_of,
                   citations._readings, citations.act_by_title, normalize._norm_cached, normalize._norm_ws_cached):
        cached.cache_clear()
    terms.clear_cache()
