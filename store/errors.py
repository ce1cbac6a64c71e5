"""The store's one exception type for expected problems (in its own module so every store module can
raise it without import cycles; `store.db.StoreError` is the same class)."""

from __future__ import annotations


class StoreError(RuntimeError):
    """An expected problem with the store, worded for the person who ran the command."""
