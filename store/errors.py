"""The store's exception types for expected problems (in their own module so every store module can
raise them without import cycles; `store.db.StoreError` is the same class). Both carry an i18n
message (a key of i18n/messages.py and its values): `str()` is the Swedish sentence for the CLIs and
the load history, `text(lang)` the words for a page in the session's language."""

from __future__ import annotations

from i18n import Worded


class StoreError(Worded, RuntimeError):
    """An expected problem with the store (missing, busy, unreadable), for the person who ran the
    command: `StoreError("store_missing", path=p)`."""


class InvalidInput(Worded, ValueError):
    """A write refused before anything was written: a value a person gave that cannot be stored
    (a direction without a reason, an unknown target, an own peer set without members)."""
