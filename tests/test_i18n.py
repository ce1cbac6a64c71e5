"""The one i18n layer: every key has a Swedish and an English text with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

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


def _unfilled_lookups(source: str) -> list[tuple[int, str, list[str]]]:
    """t("key", lang) calls in `source` that leave placeholders of the key empty — t() returns the
    template as it is without values, so '{green}' would reach a reader. A lookup whose result is
    .format()-ed right away fills them there."""
    tree = ast.parse(source)
    formatted = {
        id(node.func.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"):
            continue
        if not node.args or not isinstance(node.args[0], ast.Constant) or id(node) in formatted:
            continue
        key = node.args[0].value
        given = {k.arg for k in node.keywords}
        if key not in i18n.STRINGS or None in given:  # **values: filled by the caller
            continue
        missing = sorted(_fields(i18n.STRINGS[key][0]) - given)
        if missing:
            found.append((node.lineno, key, missing))
    return found


def test_no_lookup_leaves_a_placeholder_empty():
    root = Path(__file__).resolve().parents[1]
    files = [p for d in ("analysis", "dashboard", "loaders", "store", "i18n") for p in (root / d).rglob("*.py")]
    bad = {str(p.relative_to(root)): found for p in files if (found := _unfilled_lookups(p.read_text("utf-8")))}
    assert bad == {}


def test_the_placeholder_check_finds_an_empty_one():
    assert _unfilled_lookups('t("rank_of", lang)\nt("rank_of", lang).format(rank=1, n=2)\n') == [
        (1, "rank_of", ["n", "rank"])
    ]
