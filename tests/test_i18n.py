"""The one i18n layer: every key has a Swedish and an English text with the same placeholders."""

from __future__ import annotations

import string

import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders():
    bad = [k for k, (sv, en) in i18n.STRINGS.items() if not sv or not en or _fields(sv) != _fields(en)]
    assert bad == []


def test_lookup_fills_placeholders_and_shows_unknown_keys():
    assert i18n.t("rank_of", "sv", rank=177, n=290) == "177 av 290"
    assert i18n.t("rank_of", "en", rank=177, n=290) == "177 of 290"
    assert i18n.t("no_such_key", "en") == "no_such_key"
