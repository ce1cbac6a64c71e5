"""Words for how new the numbers are: the line on every page and a KPI's latest year with a value."""

from __future__ import annotations

from dashboard import cached, ui
from i18n import t
from store.currency import Currency


def currency_text(c: Currency, lang: str) -> str:
    """'Värden t.o.m. 2022 · Kolada-kopia 2024-08-31', plus the newest fetch when there was one."""
    year = "–" if c.last_year is None else str(c.last_year)
    date = "–" if c.copy_date is None else c.copy_date.isoformat()
    text = t("currency_line", lang, year=year, date=date)
    if c.fetched_date is not None:
        text += " · " + t("currency_fetched", lang, date=c.fetched_date.isoformat())
    return text


def page_line(lang: str) -> str:
    return currency_text(cached.data_currency(), lang)


def kpi_last_year(kpi_id: str, lang: str) -> str:
    """'senaste år med värde 2022' (any municipality, any gender), or that none is loaded."""
    info = cached.kpi_info(kpi_id)
    if info is None or ui.is_missing(info["last_year"]):
        return t("kpi_no_values_yet", lang)
    return t("kpi_last_year", lang, year=int(info["last_year"]))
