"""Applications, one per user task: ``review`` (check and compare commands), ``convert`` (archives
into a store), ``track`` (action plans and progress reports), ``parse``, ``statutes``, ``schema``."""

if __name__ != "shailoo.apps":  # pragma: no cover - the folder imported under its bare name
    # The repository's folders are installed as ``shailoo.*`` only (pyproject's package-dir). Imported
    # as a top-level package (the repository root on sys.path), it would be a second copy of every
    # module, with its own registries and caches, and could shadow another distribution's package.
    raise ImportError(f"import this package as 'shailoo.apps', not {__name__!r} (pip install -e . from the repository)")
