"""Where the names go in a scatter chart: beside their point, never on top of another name.

Why by hand: Plotly places a text label at a fixed position relative to its marker and does not
avoid collisions, so outliers near each other printed their names over one another. Here each label
(the chosen municipality first, then the outliers farthest from the line) tries positions around its
point, nearest first, and takes the one that stays inside the plot, overlaps no name already placed
and no labelled point, and covers the fewest other points. A label with no free position is left
out (its name is in the hover text and in the outlier list under the chart).

The geometry is in pixels of a nominal plot area (PLOT_W × PLOT_H, what a 1000-px-wide chart of
600 px height leaves for the axes); a wider plot only spreads the points further apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PLOT_W, PLOT_H = 800.0, 340.0
CHAR_W, LINE_H, PAD = 7.2, 18.0, 6.0  # DejaVu Sans 12 px: average advance per character
POINT_R = 6.0  # a labelled point's marker radius, kept free of names
RN_BOX = (PLOT_W - 140.0, 0.0, PLOT_W, 28.0)  # "r = 0,52, n = 290" in the top right corner


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left or other.right <= self.left or self.bottom <= other.top or other.bottom <= self.top
        )

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class Placed:
    """A label drawn `dx`, `dy` pixels (Plotly's ax/ay: y grows downwards) from its point at x, y."""

    key: str
    text: str
    x: float
    y: float
    dx: float
    dy: float
    box: Box


def label_width(text: str) -> float:
    return CHAR_W * len(text) + 2 * PAD


def _offsets(width: float) -> list[tuple[float, float]]:
    """Candidate centre offsets, nearest ring first: above, below, right, left, the four diagonals."""
    out = []
    for ring in (1.0, 2.0, 3.2):
        v = LINE_H / 2 + 8 * ring
        h = width / 2 + 8 * ring
        out += [(0, -v), (0, v), (h, 0), (-h, 0), (h, -v), (-h, -v), (h, v), (-h, v)]
    return out


def to_pixels(
    x: np.ndarray, y: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = x_range, y_range
    px = (np.asarray(x, dtype=float) - x0) / ((x1 - x0) or 1.0) * PLOT_W
    py = (1.0 - (np.asarray(y, dtype=float) - y0) / ((y1 - y0) or 1.0)) * PLOT_H
    return px, py


def place_labels(
    points: pd.DataFrame,
    labels: pd.DataFrame,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> tuple[list[Placed], list[str]]:
    """points: x, y of every point drawn; labels: key, text, x, y in priority order. Returns the
    placed labels and the keys of those that found no free position."""
    px_all, py_all = to_pixels(points["x"].to_numpy(), points["y"].to_numpy(), x_range, y_range)
    lx, ly = to_pixels(labels["x"].to_numpy(), labels["y"].to_numpy(), x_range, y_range)
    labelled = [Box(a - POINT_R, b - POINT_R, a + POINT_R, b + POINT_R) for a, b in zip(lx, ly)]
    taken: list[Box] = [Box(*RN_BOX)]
    placed: list[Placed] = []
    left_out: list[str] = []
    for i, row in enumerate(labels.itertuples(index=False)):
        width = label_width(str(row.text))
        best: tuple[float, float, float, Box] | None = None
        for rank, (dx, dy) in enumerate(_offsets(width)):
            cx, cy = lx[i] + dx, ly[i] + dy
            box = Box(cx - width / 2, cy - LINE_H / 2, cx + width / 2, cy + LINE_H / 2)
            if not box.inside(PLOT_W, PLOT_H) or any(box.overlaps(b) for b in taken + labelled):
                continue
            covered = int(
                ((px_all > box.left) & (px_all < box.right) & (py_all > box.top) & (py_all < box.bottom)).sum()
            )
            cost = covered * 3 + rank * 0.5
            if best is None or cost < best[0]:
                best = (cost, dx, dy, box)
        if best is None:
            left_out.append(str(row.key))
            continue
        _, dx, dy, box = best
        taken.append(box)
        placed.append(Placed(str(row.key), str(row.text), float(row.x), float(row.y), dx, dy, box))
    return placed, left_out
