"""The checks: importing this package registers every rule (``shailoo.rules.catalog``)."""
