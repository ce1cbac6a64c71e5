"""The architecture's arrows: dashboard → analysis → store ← loaders. analysis/ is computation over
what store/ reads (no database driver, no Streamlit, no HTTP); nothing imports dashboard; loaders
never import analysis. Checked on the source's import statements."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported(package: str) -> dict[str, set[str]]:
    """file → the top-level modules its import statements name (lazy imports inside functions too)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("analysis", {"duckdb", "streamlit", "requests", "urllib3", "sqlalchemy", "dashboard"}),
        ("store", {"dashboard", "analysis", "loaders", "streamlit"}),
        ("loaders", {"dashboard", "analysis", "streamlit"}),
        ("i18n", {"dashboard", "analysis", "store", "loaders"}),
    ],
)
def test_a_layer_imports_nothing_above_it(package, forbidden):
    bad = {f: sorted(names & forbidden) for f, names in imported(package).items() if names & forbidden}
    assert bad == {}
