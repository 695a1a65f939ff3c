"""The command line from a source checkout: ``python cli.py ARGS`` is ``shailoo ARGS``.

The command line itself is ``shailoo/cli.py`` (installed as ``shailoo.cli``, entry point ``shailoo``);
this file only lets the repository's top level keep the ``cli.py`` of the project's layout. It is not
installed.
"""

import sys

from shailoo.cli import main

if __name__ == "__main__":
    sys.exit(main())
