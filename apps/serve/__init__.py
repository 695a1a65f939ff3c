"""``shailoo serve``: the legal department's review desk, a small web application on this computer.

Lawyers who review draft plans in Word open it in their browser, drop the drafts in, and read the
findings (the HTML report of ``shailoo check``), then download the draft with one Word comment per
finding, its PDF with the comments kept, or the report. It can also compare two versions (Russian and
Kyrgyz, or two drafts). ``settings`` holds ``ServeSettings``; ``desk`` does the work in a temporary
folder; ``uploads`` reads the forms as they arrive; ``app`` is the FastAPI application and ``run``.

Nothing here prints; the command line (``shailoo/cli.py``) says where the desk listens.
"""

from shailoo.apps.serve.settings import ServeSettings, is_loopback

__all__ = ["ServeSettings", "is_loopback"]
