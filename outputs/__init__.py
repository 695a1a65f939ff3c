"""Writers of results for people and tools: text lines, SARIF, the HTML report, Word comments,
the terminal table, with their templates. They format what ``shailoo.rules`` found; they decide nothing."""

if __name__ != "shailoo.outputs":  # pragma: no cover - the folder imported under its bare name
    # The repository's folders are installed as ``shailoo.*`` only (pyproject's package-dir). Imported
    # as a top-level package (the repository root on sys.path), it would be a second copy of every
    # module, with its own registries and caches, and could shadow another distribution's package.
    raise ImportError(f"import this package as 'shailoo.outputs', not {__name__!r} (pip install -e . from the repository)")
