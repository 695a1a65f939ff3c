"""``shailoo convert`` and ``shailoo query``: many files into one queryable store."""
