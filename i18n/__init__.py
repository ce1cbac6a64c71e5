"""Every word a user reads, in Swedish (default) and English: one layer for the dashboard, the
exports, the analysis CLI's reports and the loaders' messages.

Why one layer that every package may import: analysis returns codes and numbers, and the same code
must read the same on a page, a slide, in Markdown and in JSON. The table is split into modules by
where the words are used (`app`, `export`, …, one `STRINGS` dict each) only so that parallel work
does not edit one file; `t` looks a key up in all of them, and a key defined twice is an error at
import.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGS = ("sv", "en")


def _collect() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        table = getattr(importlib.import_module(f"{__name__}.{info.name}"), "STRINGS", {})
        twice = sorted(set(merged) & set(table))
        if twice:
            raise ValueError(f"i18n: keys defined twice ({info.name}): {', '.join(twice[:10])}")
        merged.update(table)
    return merged


STRINGS: dict[str, tuple[str, str]] = _collect()


def t(key: str, lang: str = "sv", **values: object) -> str:
    """The text for `key` in `lang` ('sv' or 'en'), with `{name}` placeholders filled. An unknown
    key is returned as it is, so a missing translation shows as a visible key, not a crash."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
