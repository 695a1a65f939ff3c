"""The checks: importing this package registers every rule (``shailoo.rules.catalog`` lists them)."""

from shailoo.rules.checks import general, pairs, statute_rules  # noqa: F401  (each module registers its rules)
