"""Chart images through kaleido and Debian's chromium: sizes, texts, formats, one session."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import ChartText, trend_chart
from dashboard.export import images
from dashboard.export.errors import ExportError
from tests.export_samples import has_chromium, png_size

CAPTION = "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"


needs_chromium = pytest.mark.skipif(not has_chromium(), reason="ingen Chromium på den här maskinen")


def _figure() -> go.Figure:
    # Örebro N15419 T 2016-2020 (hand-checked in the snapshot), the dashboard's trend chart
    series = pd.DataFrame(
        {
            "municipality_id": "1880",
            "title": "Örebro",
            "year": [2016, 2017, 2018, 2019, 2020],
            "value": [74.8, 72.8, 65.6, 69.6, 68.2],
        }
    )
    text = ChartText("Elever i åk 9 som uppnått betygskriterierna", "Örebro · 2019 · Totalt · Riket", CAPTION)
    fig = trend_chart(series, "1880", text, unit="%")
    fig.update_yaxes(tickformat=".1f", dtick=2.5)
    return fig


@pytest.fixture(scope="module")
def rendered():
    """PNG, SVG and PDF of one figure, from one browser session."""
    return images.figure_images(_figure(), width=1000, height=560)


@needs_chromium
def test_png_is_rendered_at_twice_the_size(rendered):
    assert png_size(rendered["png"]) == (2000, 1120)


@needs_chromium
@pytest.mark.parametrize(
    "text",
    [
        CAPTION,
        "Elever i åk 9 som uppnått betygskriterierna",
        "Örebro · 2019 · Totalt · Riket",
        "67,5",  # a y tick with the decimal comma
        "2019",  # years as whole numbers (not 2,019 or 2019.0)
    ],
)
def test_svg_carries_title_subtitle_caption_and_decimal_comma(rendered, text):
    assert text in rendered["svg"].decode("utf-8")


@needs_chromium
def test_pdf_is_a_pdf(rendered):
    assert rendered["pdf"].startswith(b"%PDF")


@needs_chromium
def test_a_batch_comes_back_in_order():
    jobs = [images.ImageJob(_figure(), fmt, 400, 300) for fmt in ("svg", "png", "pdf")]
    out = images.render_images(jobs)
    assert [out[0][:4], out[1][:4], out[2][:4]] == [b"<svg", b"\x89PNG", b"%PDF"]


def test_no_chromium_is_a_plain_swedish_error(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(images, "_DEBIAN_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ExportError, match="kräver webbläsaren Chromium"):
        images.figure_image(_figure())


def test_a_wrong_browser_path_is_named(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    with pytest.raises(ExportError, match="BROWSER_PATH pekar på /nonexistent/chrome"):
        images.chromium_path()


def test_unknown_format_is_refused():
    with pytest.raises(ExportError, match="Okänt bildformat 'gif'"):
        images.render_images([images.ImageJob(_figure(), "gif")])
