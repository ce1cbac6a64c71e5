"""Swedish number formatting for the dashboard's tables and chart labels.

The one formatter lives in analysis.format (shared with the CLI, the narrative and the exports);
this module re-exports it so dashboard code has one import, whichever layer owns the rule.
"""

from __future__ import annotations

try:
    from analysis.format import fmt_number, fmt_signed
except ImportError:  # pragma: no cover - only until the analysis package is merged
    import math

    def fmt_number(x: float | None, decimals: int = 1, lang: str = "sv") -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "–"
        text = f"{x:,.{decimals}f}"
        if lang == "en":
            return text
        return text.replace(",", " ").replace(".", ",").replace("-", "−")

    def fmt_signed(x: float | None, decimals: int = 1, lang: str = "sv") -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "–"
        sign = "+" if x > 0 else ""
        return sign + fmt_number(x, decimals, lang)


__all__ = ["fmt_number", "fmt_signed"]
