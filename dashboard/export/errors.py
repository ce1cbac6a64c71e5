"""The one exception type of the export package: an expected problem, worded for the user."""

from __future__ import annotations

from i18n import Worded


class ExportError(Worded, RuntimeError):
    """Bad input or a missing tool (e.g. no Chromium), shown without a traceback: an i18n key and
    its values (i18n/errors.py), worded in the reader's language (`text(lang)`, str() in Swedish)."""
