"""The words of the download buttons and the "Skapa presentation" page, in Swedish and English.

Kept apart from dashboard/i18n.py so the export UI could be built while that table was being
edited elsewhere; `t` falls back to dashboard.i18n for every key not here, so pages can use one
function for both tables.
"""

from __future__ import annotations

from dashboard import i18n

STRINGS: dict[str, tuple[str, str]] = {
    # Download buttons under every chart
    "dl_png": ("PNG", "PNG"),
    "dl_svg": ("SVG", "SVG"),
    "dl_pdf": ("PDF", "PDF"),
    "dl_xlsx": ("Excel", "Excel"),
    "dl_png_help": ("Bild i dubbel upplösning (för Word och webben)", "Image at double resolution (Word, web)"),
    "dl_svg_help": ("Vektorbild som kan skalas och redigeras", "Vector image that scales and can be edited"),
    "dl_pdf_help": ("Diagrammet som PDF (för tryck)", "The chart as PDF (for print)"),
    "dl_xlsx_help": ("Siffrorna bakom diagrammet, med källa", "The numbers behind the chart, with the source"),
    # The chart's workbook
    "xl_series": ("Serie", "Series"),
    "xl_name": ("Namn", "Name"),
    "xl_value_unit": ("Värde ({unit})", "Value ({unit})"),
    "xl_chart": ("Diagram", "Chart"),
    "xl_selection": ("Urval", "Selection"),
    "xl_source": ("Källa", "Source"),
    "xl_downloaded": ("Nedladdad", "Downloaded"),
    "xl_link": ("Vy i Trappan", "View in Trappan"),
    "xl_data": ("Data", "Data"),
    # Skapa presentation
    "page_presentation": ("Skapa presentation", "Create presentation"),
    "pres_intro": (
        "En bildserie (PowerPoint, 16:9) för nämnden: en bild per nyckeltal med diagram, nyckeltal och "
        "bedömning, plus en Excel-fil med siffrorna bakom varje diagram. Kommun, år, kön, jämförelsegrupp "
        "och språk följer valen i sidomenyn.",
        "A slide deck (PowerPoint, 16:9) for the council: one slide per indicator with chart, key figures "
        "and assessment, plus an Excel file with the numbers behind every chart. Municipality, year, gender, "
        "peer set and language follow the choices in the sidebar.",
    ),
    "pres_view": ("{kommun} · {year} · {gender} · jämfört med {peer}", "{kommun} · {year} · {gender} · vs {peer}"),
    "pres_what": ("Vad ska presentationen visa?", "What should the deck show?"),
    "pres_mode_area": ("Områdets urval: {area}", "The area's headline set: {area}"),
    "pres_mode_kpis": ("Valda nyckeltal", "Chosen indicators"),
    "pres_mode_assessments": ("Sparade självvärderingar", "Saved self-assessments"),
    "pres_area_count": ("{n} nyckeltal i områdets urval.", "{n} indicators in the area's headline set."),
    "pres_area_fallback": (
        "Området har inget urval; de första nyckeltalen med värden år {year} används.",
        "The area has no headline set; its first indicators with values in {year} are used.",
    ),
    "pres_kpis": ("Nyckeltal (i bildernas ordning)", "Indicators (in slide order)"),
    "pres_kpis_none": ("Välj minst ett nyckeltal.", "Choose at least one indicator."),
    "pres_assessments_count": (
        "{n} sparade självvärderingar för {kommun} {year} ({gender}).",
        "{n} saved self-assessments for {kommun} {year} ({gender}).",
    ),
    "pres_assessments_none": (
        "Det finns inga sparade självvärderingar för {kommun} {year} ({gender}). Spara en på sidan "
        "Analystrappan, eller välj områdets urval eller egna nyckeltal.",
        "There are no saved self-assessments for {kommun} {year} ({gender}). Save one on the Analysis "
        "staircase page, or choose the area's headline set or your own indicators.",
    ),
    "pres_build": ("Skapa presentation", "Create presentation"),
    "pres_building": ("Skapar presentationen …", "Creating the deck …"),
    "pres_slide_done": ("{i}. {title}", "{i}. {title}"),
    "pres_done": (
        "Klar: {slides} bilder ({kpis} nyckeltal) på {seconds} s.",
        "Done: {slides} slides ({kpis} indicators) in {seconds} s.",
    ),
    "pres_failed": ("Presentationen kunde inte skapas.", "The deck could not be created."),
    "pres_download_pptx": ("Ladda ner presentationen (.pptx)", "Download the deck (.pptx)"),
    "pres_download_xlsx": ("Ladda ner siffrorna (.xlsx)", "Download the numbers (.xlsx)"),
    "pres_col_slide": ("Bild", "Slide"),
    "pres_col_status": ("Bedömning", "Assessment"),
    "pres_stale": (
        "Valen har ändrats sedan presentationen skapades; skapa den igen för att få med ändringarna.",
        "The choices changed since the deck was created; create it again to include the changes.",
    ),
}


def t(key: str, lang: str = "sv", **values: object) -> str:
    """The text for `key` from this table, else from dashboard.i18n (same placeholders)."""
    pair = STRINGS.get(key)
    if pair is None:
        return i18n.t(key, lang, **values)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
