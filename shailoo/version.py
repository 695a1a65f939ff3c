"""The installed distribution's version (``0.0.0+source`` in a tree that was never installed)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("shailoo")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
