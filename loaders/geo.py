"""Make the map's boundaries in data/geo/ from the shared GeoJSON (a developer's one-off, like
loaders/snapshot.py): `python -m loaders.geo [../shared/geo]`.

The project never reads ../shared at run time; the dashboard draws data/geo/kommuner.geojson and
data/geo/lansgranser.geojson, made here once and committed. Why not simplify each polygon on its
own: neighbouring municipalities would then get different versions of their common border, and
the map would show slivers and gaps. Instead the rings are cut into arcs where the set of
municipalities sharing a border changes (the source is topologically clean: a shared border has
the same vertices in both polygons), each arc is simplified ONCE (Douglas–Peucker) and both
neighbours use the same result. The county borders are drawn from the same arcs (see
county_borders), so they lie on the municipal borders.

Steps: read the 290 municipalities → cut rings into arcs → simplify each arc → rebuild the
polygons (dropping rings that collapse, never a municipality's largest; exteriors clockwise) → round to 3 decimals
(≤ 60 m) → write both files.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from store.db import DATA_DIR

GEO_DIR = DATA_DIR / "geo"
SHARED_GEO = DATA_DIR.parents[1] / "shared" / "geo"
TOLERANCE = 0.004  # degrees (≈ 450 m north–south, 220 m east–west at 60° N): sharp at county zoom
DECIMALS = 3
NEAR = 0.01  # degrees: an edge this close to another county's edge is the county border (≈ 1 km)

Point = tuple[float, float]


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    """Distance from p to segment a–b, in degrees with longitude shrunk by cos(latitude)."""
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], p[0] * k, p[1]
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    u = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + u * dx), py - (ay + u * dy))


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The classic line simplification, iterative; keeps both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _polygons(geometry: dict) -> list[list[list[Point]]]:
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    return [[[(float(x), float(y)) for x, y in ring] for ring in poly] for poly in polys]


def _segment(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


class Topology:
    """Which municipalities share each segment, and the simplified version of every arc."""

    def __init__(self, features: dict[str, list[list[list[Point]]]], tolerance: float) -> None:
        self.owners: dict[tuple[Point, Point], frozenset[str]] = {}
        by_segment: dict[tuple[Point, Point], set[str]] = defaultdict(set)
        for mid, polys in features.items():
            for poly in polys:
                for ring in poly:
                    for a, b in zip(ring, ring[1:]):
                        by_segment[_segment(a, b)].add(mid)
        self.owners = {s: frozenset(m) for s, m in by_segment.items()}
        self.tolerance = tolerance
        self._simplified: dict[tuple[Point, ...], list[Point]] = {}
        self.arcs: dict[tuple[Point, ...], frozenset[str]] = {}  # every arc once, with its owners

    def simplified(self, arc: tuple[Point, ...]) -> list[Point]:
        return self._simplified[arc]

    def _owner(self, a: Point, b: Point) -> frozenset[str]:
        return self.owners[_segment(a, b)]

    def simplify_ring(self, ring: list[Point]) -> list[Point]:
        """The ring with each of its arcs replaced by the arc's one simplified version."""
        pts = ring[:-1] if ring[0] == ring[-1] else ring
        n = len(pts)
        owners = [self._owner(pts[i], pts[(i + 1) % n]) for i in range(n)]
        cuts = [i for i in range(n) if owners[i] != owners[i - 1]]
        if not cuts:  # an island or a ring shared along its whole length: one closed arc
            arc = self._arc([*pts, pts[0]], owners[0], closed=True)
            return arc
        out: list[Point] = []
        for j, start in enumerate(cuts):
            end = cuts[(j + 1) % len(cuts)]
            idx = range(start, end + 1) if end > start else [*range(start, n), *range(0, end + 1)]
            arc = self._arc([pts[i % n] for i in idx], owners[start], closed=False)
            out += arc[:-1]
        return [*out, out[0]]

    def _arc(self, points: list[Point], owners: frozenset[str], closed: bool) -> list[Point]:
        key = tuple(points)
        reverse = tuple(reversed(points))
        canonical = min(key, reverse) if not closed else _rotate_closed(points)
        if canonical not in self._simplified:
            simplified = _simplify_closed(list(canonical), self.tolerance) if closed else None
            if simplified is None:
                simplified = douglas_peucker(list(canonical), self.tolerance)
            self._simplified[canonical] = simplified
            self.arcs[canonical] = owners
        result = self._simplified[canonical]
        if closed:
            return _align_closed(result, points)
        return result if canonical == key else list(reversed(result))


def _rotate_closed(points: list[Point]) -> tuple[Point, ...]:
    """A closed ring in one canonical form (smallest point first, fixed direction), so the two
    rings that share a whole closed border (an enclave) simplify it the same way."""
    ring = points[:-1]
    i = ring.index(min(ring))
    forward = ring[i:] + ring[:i]
    backward = [forward[0], *reversed(forward[1:])]
    best = min(forward, backward)
    return (*best, best[0])


def _simplify_closed(points: list[Point], tolerance: float) -> list[Point]:
    """A closed ring: split at the point farthest from the start, simplify both halves."""
    ring = points[:-1]
    if len(ring) <= 3:
        return points
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker([*ring[far:], ring[0]], tolerance)
    return first[:-1] + second


def _align_closed(simplified: list[Point], original: list[Point]) -> list[Point]:
    """The canonical closed arc in the original ring's direction (orientation matters to GeoJSON)."""
    if len(simplified) < 4:
        return simplified
    if _signed_area(simplified) * _signed_area(original) < 0:
        simplified = list(reversed(simplified))
    return simplified


def _signed_area(ring: Sequence[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def _wound(ring: list[list[float]], sign: int) -> list[list[float]]:
    """The ring turning the way d3-geo (Plotly.js) reads it: exterior clockwise (sign −1), holes
    anticlockwise. The source follows RFC 7946 (the opposite), which d3 would fill inside out."""
    return ring if _signed_area(ring) * sign > 0 else list(reversed(ring))


def _rounded(ring: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def county_borders(
    topo: Topology, features: dict[str, list[list[list[Point]]]], county: dict[str, str]
) -> list[list[list[float]]]:
    """The lines between counties: arcs two municipalities of different counties share, and the
    stretches of a municipality's own edge that run along another county's edge. Why the second:
    the source shares borders within a county, but along many county borders the two sides were
    drawn separately (Södertälje–Trosa: no common vertex, the lines 0–300 m apart), so those
    stretches belong to one municipality each; a coast, unlike them, has no other county near."""
    near: dict[tuple[int, int], set[str]] = defaultdict(set)
    for mid, polys in features.items():
        for poly in polys:
            for ring in poly:
                for x, y in ring:
                    near[(math.floor(x / NEAR), math.floor(y / NEAR))].add(county[mid])

    def other_county_near(p: Point, own: str) -> bool:
        i, j = math.floor(p[0] / NEAR), math.floor(p[1] / NEAR)
        return any(near.get((i + di, j + dj), set()) - {own} for di in (-1, 0, 1) for dj in (-1, 0, 1))

    lines = []
    for arc, owners in topo.arcs.items():
        simplified = topo.simplified(arc)
        if len(owners) == 2 and len({county[m] for m in owners}) == 2:
            lines.append(_rounded(simplified))
        elif len(owners) == 1:
            own = county[next(iter(owners))]
            run: list[Point] = []
            for p in [*simplified, None]:
                if p is not None and other_county_near(p, own):
                    run.append(p)
                    continue
                if len(run) >= 2:
                    lines.append(_rounded(run))
                run = []
    return lines


def simplify(source: dict, tolerance: float = TOLERANCE) -> tuple[dict, dict]:
    """(municipalities, county borders) as GeoJSON dicts; see the module docstring."""
    features = {f["properties"]["id"]: _polygons(f["geometry"]) for f in source["features"]}
    county = {f["properties"]["id"]: f["properties"]["lan_code"] for f in source["features"]}
    topo = Topology(features, tolerance)
    out = []
    for mid, polys in sorted(features.items()):
        kept = []
        largest = max(range(len(polys)), key=lambda i: abs(_signed_area(polys[i][0])))
        for i, poly in enumerate(polys):
            rings = [_rounded(topo.simplify_ring(ring)) for ring in poly]
            if len(rings[0]) < 4:
                if i != largest:
                    continue  # a skerry smaller than the tolerance
                rings[0] = _rounded(poly[0])
            kept.append([_wound(rings[0], -1), *(_wound(r, 1) for r in rings[1:] if len(r) >= 4)])
        geometry = (
            {"type": "Polygon", "coordinates": kept[0]}
            if len(kept) == 1
            else {"type": "MultiPolygon", "coordinates": kept}
        )
        out.append({"type": "Feature", "id": mid, "properties": {"lan": county[mid]}, "geometry": geometry})
    borders = county_borders(topo, features, county)
    municipalities = {"type": "FeatureCollection", "features": out}
    counties = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": borders}}
        ],
    }
    return municipalities, counties


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", type=Path, default=SHARED_GEO, help="the shared geo/ folder")
    ap.add_argument("--out", type=Path, default=GEO_DIR)
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = ap.parse_args(argv)
    source = json.loads((args.shared / "swedish_municipalities.geojson").read_text(encoding="utf-8"))
    municipalities, counties = simplify(source, args.tolerance)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("kommuner.geojson", municipalities), ("lansgranser.geojson", counties)):
        path = args.out / name
        path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path}: {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
