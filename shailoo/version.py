"""shailoo's version: the one place it is written (``pyproject.toml`` reads it from here when the
package is built). A literal, not ``importlib.metadata.version``: reading the installed metadata took a
tenth of the start-up of a command."""

__version__ = "0.1.0"
