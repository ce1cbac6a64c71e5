"""The maps' county zoom ("Zooma till län") is part of the shareable URL (`lan`), like every other
choice: a copied link reopens the zoom, and the zoom follows the person from Översikt to Nyckeltal.

Hand-checked: Örebro län is county 0018; its municipalities lie between 58,6° and 59,9° N, so the
zoomed map shows latitudes 58,59–60,17 (the county's box padded by 4 %, dashboard/maps.view_box).
"""

from __future__ import annotations

import json

import pytest

from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture

ZOOM = "Zooma till län"


def zoom_box(at):
    return next(s for s in at.selectbox if s.label == ZOOM)


def map_latitudes(at) -> list[float]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    geo = next(s["layout"]["geo"] for s in specs if "geo" in s["layout"])
    return [round(x, 2) for x in geo["lataxis"]["range"]]


def test_link_with_county_opens_the_map_zoomed(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419", lan="0018")
    assert zoom_box(at).value == "0018"
    assert map_latitudes(at) == [58.59, 60.17]
    assert at.query_params["lan"] in ("0018", ["0018"])  # kept in the address bar from the first run


def test_choosing_a_county_writes_it_into_the_url(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419")
    assert zoom_box(at).value == "sverige" and "lan" not in at.query_params
    zoom_box(at).set_value("0003").run()
    assert at.query_params["lan"] in ("0003", ["0003"])


def test_whole_country_again_drops_the_county_from_the_url(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419", lan="0018")
    zoom_box(at).set_value("sverige").run()
    assert "lan" not in at.query_params
    assert at.query_params["kommun"] in ("1880", ["1880"])


def test_zoom_follows_to_nyckeltal(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419", lan="0018")
    at.switch_page("views/2_Nyckeltal.py").run()
    assert zoom_box(at).value == "0018"
    assert map_latitudes(at) == [58.59, 60.17]


@pytest.mark.parametrize("bad", ["9999", "<b>x</b>", "0018;drop"])
def test_unknown_county_in_the_url_shows_all_of_sweden(app_store_path, monkeypatch, bad):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419", lan=bad)
    assert not at.exception and zoom_box(at).value == "sverige"
    assert "lan" not in at.query_params
