"""The checks, one module per family: ``general`` (dates, owners, numbering, totals), ``statute_rules``
(the statute knowledge base), ``pairs`` (two versions of a document). Each module's ``@rule``
decorators register its rules when it is imported; ``shailoo.rules.catalog`` imports all of them.

This ``__init__`` imports nothing: a module that needs one helper of a check module (``rules.compare``
uses ``statute_rules``' act titles) must not pull every other check module, and their imports, in."""
