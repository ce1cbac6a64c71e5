"""Council exports: chart images (PNG/SVG/PDF), a 16:9 PPTX deck and the Excel data behind it.

No streamlit in here: the CLI (`python -m dashboard.export`), the benchmarks and the tests run
without it. What the dashboard calls (all return bytes; all raise ExportError with a Swedish
message that can be shown as is):

    from dashboard.export.content import DeckRequest
    from dashboard.export.build import build_deck, build_workbook, build_files, build_chart
    from dashboard.export.images import figure_image, figure_images, ImageSession, ImageJob

    req = DeckRequest(municipality_id="1880", year=2019, area_id="grundskola",   # or kpi_ids=(...,)
                      kpi_ids=(), from_assessments=False, gender="T", peer_key="liknande", lang="sv",
                      maps=False, map_kpis=())   # maps: each KPI's map of Sweden after its slide
    # KPIs without a value for the year get no slide: Deck.left_out names them, Deck.note words them
    build_deck(con, req) -> bytes            # "Skapa presentation": the .pptx
    build_workbook(con, req) -> bytes        # the .xlsx with one sheet per chart + "Källor"
    build_files(con, req, workbook=True) -> DeckFiles   # .deck, .pptx, .xlsx from one pass
    build_chart(con, req, fmt) -> bytes      # one KPI's trend chart with title, subtitle, caption
    figure_image(fig, fmt="png") -> bytes    # any go.Figure: PNG at 2× scale, SVG or PDF
    figure_images(fig) -> {"png": …, "svg": …, "pdf": …}   # three formats, one browser start
    ImageSession(tabs=2)                     # a long-lived Chromium: .submit(ImageJob(fig, fmt)) -> Future[bytes]
    figure_table(fig) -> DataFrame; workbook_bytes([Sheet(...)], sources) -> bytes  # any chart's data

Every image of a deck is rendered in ONE Chromium session (kaleido's batch API); see images.py.
"""
