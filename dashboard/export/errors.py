"""The one exception type of the export package: an expected problem, worded for the user."""

from __future__ import annotations


class ExportError(RuntimeError):
    """Bad input or a missing tool (e.g. no Chromium). The message is shown as is: no traceback."""
