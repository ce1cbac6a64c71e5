"""Mönster's scatter: names placed without overlap (dashboard/scatter_labels.py), whole axis titles,
a title naming both KPIs, and data text shown as text. Örebro 2019, N15419 (x) against N01984 (y,
invånare 25–64 år med förgymnasial utbildning): 290 municipalities, r = −0,58; the ten outliers
farthest from the line start with Filipstad (1782) and Gnosjö (0617)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from analysis.patterns import Scatter, scatter
from dashboard import charts, scatter_labels
from dashboard.charts import ChartText

X_TITLE = "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor,  andel (%) (N15419)"
Y_TITLE = "Invånare 25-64 år med förgymnasial utbildning, andel (%) (N01984)"


def no_overlaps(boxes: list[scatter_labels.Box]) -> bool:
    return not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_a_cluster_of_names_gets_positions_that_do_not_overlap():
    # five labelled points within a few pixels of each other: Plotly's "top center" would stack them
    pts = pd.DataFrame({"x": [50.0, 50.2, 50.4, 49.8, 50.1, 0.0, 100.0], "y": [50.0, 50.3, 49.8, 50.1, 50.5, 0, 100]})
    labels = pd.DataFrame(
        {"key": list("abcde"), "text": ["Örebro", "Lindesberg", "Kumla", "Hallsberg", "Askersund"]}
    ).assign(x=pts["x"][:5].to_numpy(), y=pts["y"][:5].to_numpy())
    placed, left_out = scatter_labels.place_labels(pts, labels, (0.0, 100.0), (0.0, 100.0))
    assert [p.key for p in placed] + left_out == list("abcde") and placed[0].key == "a"
    assert no_overlaps([p.box for p in placed] + [scatter_labels.Box(*scatter_labels.RN_BOX)])
    assert all(p.box.inside(scatter_labels.PLOT_W, scatter_labels.PLOT_H) for p in placed)


def test_a_name_with_no_room_is_left_out_not_overlapped():
    pts = pd.DataFrame({"x": [1.0, 1.0], "y": [1.0, 1.0]})
    labels = pd.DataFrame({"key": ["a", "b"], "text": ["Ö" * 200, "Kumla"], "x": [1.0, 1.0], "y": [1.0, 1.0]})
    placed, left_out = scatter_labels.place_labels(pts, labels, (0.0, 2.0), (0.0, 2.0))
    assert ([p.key for p in placed], left_out) == (["b"], ["a"])  # 200 characters fit nowhere


@pytest.fixture(scope="module")
def orebro(full_store) -> Scatter:
    return scatter(full_store, "N15419", "N01984", 2019, "T", "1880", ("0580", "0581"))


def test_orebro_and_the_ten_outliers_are_named_without_overlap(orebro):
    x_range, y_range = charts._padded(orebro.points["x"]), charts._padded(orebro.points["y"])
    placed = charts._placed_labels(orebro, 10, x_range, y_range)
    assert [p.text for p in placed][:3] == ["Örebro", "Filipstad", "Gnosjö"] and len(placed) == 11
    assert no_overlaps([p.box for p in placed])


def test_axis_titles_are_whole_and_the_title_names_both(orebro):
    text = ChartText(title="N01984\nmot N15419", x_title=X_TITLE, y_title=Y_TITLE)
    fig = charts.scatter_chart(orebro, text)
    assert fig.layout.xaxis.title.text.replace("<br>", " ") == X_TITLE  # 110 characters: one line
    assert fig.layout.yaxis.title.text.replace("<br>", " ") == Y_TITLE
    assert "<br>" in fig.layout.yaxis.title.text  # wrapped, not cut
    named = [a.text for a in fig.layout.annotations if a.showarrow]
    assert named[:2] == ["Örebro", "Filipstad"] and len(named) == 11
    assert fig.layout.margin.t == 42 + 56 + 22  # the second title line moves the legend down


def test_names_and_titles_from_data_stay_text():
    pts = pd.DataFrame(
        {
            "municipality_id": ["1", "2", "3", "4"],
            "title": ["<b>Fet</b>", "B", "C", "D"],
            "x": [1.0, 2.0, 3.0, 4.0],
            "y": [1.0, 2.0, 3.0, 4.0],
            "role": ["self", "other", "other", "other"],
            "outlier": [False] * 4,
        }
    )
    fig = charts.scatter_chart(Scatter(pts, 1.0, 1.0, 4, 1.0, 0.0), ChartText("t", x_title="<i>x</i> & y"))
    assert [a.text for a in fig.layout.annotations if a.showarrow] == ["&lt;b&gt;Fet&lt;/b&gt;"]
    assert fig.layout.xaxis.title.text == "&lt;i&gt;x&lt;/i&gt; &amp; y"
