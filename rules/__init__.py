"""The rules engine over parsed documents: the registry of rules (``registry``, ``catalog``), the
context a rule sees (``context``), the engine that runs them (``engine``), the checks themselves
(``checks/``), the statute knowledge base (``statutes``), and the library entry points ``check``
and ``compare``. No output formatting and no argument handling live here."""

if __name__ != "shailoo.rules":  # pragma: no cover - the folder imported under its bare name
    # The repository's folders are installed as ``shailoo.*`` only (pyproject's package-dir). Imported
    # as a top-level package (the repository root on sys.path), it would be a second copy of every
    # module, with its own registries and caches, and could shadow another distribution's package.
    raise ImportError(f"import this package as 'shailoo.rules', not {__name__!r} (pip install -e . from the repository)")
