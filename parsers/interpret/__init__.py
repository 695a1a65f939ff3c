"""Interpretation: from a reader's blocks to the typed document (``shailoo.model``).

``document.interpret`` is the orchestrator; ``context``, ``header``, ``tables``, ``action_plan`` and
``prose`` understand the layout; ``annotate`` runs the grammars of ``shailoo.parsers.extract``.
"""
