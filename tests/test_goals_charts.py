"""The goal charts: the children's colours per goal as numbers on the bars and words in the legend,
the sunburst with a status word in every sector, and titles from a sheet kept as text."""

from __future__ import annotations

from analysis.goals import GoalNode, IndicatorResult, roll_up
from dashboard.charts import ChartText
from dashboard.goal_charts import children_chart, tree_sunburst

TREE = (
    GoalNode("V", None, "vision", "Vision <b>fet</b> <a href='http://example.invalid'>länk</a>"),
    GoalNode("G1", "V", "goal", "Mål ett"),
    GoalNode("a", "G1", "indicator", kpi_id="K1"),
    GoalNode("b", "G1", "indicator", kpi_id="K2"),
    GoalNode("G2", "V", "goal", "Mål ett"),  # the same title twice
)
JUDGED = {
    "a": IndicatorResult("a", "K1", "T", 2022, 1.0, True, "green", "own_target"),
    "b": IndicatorResult("b", "K2", "T", 2022, None, None, "white", "no_value"),
}
TEXT = ChartText("Färgerna", "Leksand, helår 2022", "Källa: Kolada", "sv")


def test_children_chart_counts_and_words():
    fig = children_chart(roll_up(TREE, JUDGED), TEXT)
    assert [tr.name for tr in fig.data] == ["Grön", "Gul", "Röd", "Vit"]
    green, white = fig.data[0], fig.data[3]
    # rows: V (G1 green? no: G1 has 1 green + 1 white → green), G1, G2 (nothing under it: white)
    assert list(green.x) == [1, 1, 0] and list(white.x) == [1, 1, 0]
    assert list(green.text) == ["1", "1", ""]
    labels = list(green.y)
    # shortened to 46 characters first, then '<' and '>' written as entities: shown, never read as tags
    assert labels[0] == "Vision &lt;b&gt;fet&lt;/b&gt; &lt;a href='http://example.inv…"
    assert labels[1:] == ["\u00a0\u00a0\u00a0↳ Mål ett", "\u00a0\u00a0\u00a0↳ Mål ett (G2)"]


def test_sunburst_has_a_status_word_in_every_sector():
    fig = tree_sunburst(roll_up(TREE, JUDGED), TEXT, {"a": "Maten", "b": "Väntetid"})
    sun = fig.data[0]
    assert list(sun.ids) == ["V", "G1", "a", "b", "G2"]
    assert list(sun.parents) == ["", "V", "G1", "G1", "V"]
    assert list(sun.customdata) == ["Grön", "Grön", "Grön", "Vit", "Vit"]
    assert "<b>" not in sun.labels[0]
