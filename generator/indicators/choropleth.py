"""The geometry of the schematic potential map: one cell per tambon point (a Voronoi
tessellation, each cell cut to a disc around its point so that the union follows where the
tambons are), the province outline and the amphoe boundaries as the edges between cells, and
amphoe labels that do not collide. We have points, not boundaries: the map says so.

Pure: points in (already projected to SVG x/y), polygons and segments out."""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

if TYPE_CHECKING:
    from scipy.spatial import Voronoi

Point = tuple[float, float]
Segment = tuple[Point, Point]
DISC_SIDES = 40


@dataclass(frozen=True)
class Tessellation:
    """Cells (convex polygons) by tambon code, and the lines drawn over them."""

    cells: Mapping[str, tuple[Point, ...]]
    outline: tuple[Segment, ...]     # the edge of the union of all cells
    boundaries: tuple[Segment, ...]  # edges between cells of different amphoe


def fit(tess: Tessellation, pad: float) -> tuple[Tessellation, tuple[float, float]]:
    """The tessellation moved so that it starts `pad` from the top left, and its frame size."""
    corners = [p for poly in tess.cells.values() for p in poly]
    if not corners:
        return tess, (2 * pad, 2 * pad)
    left, top = min(x for x, _ in corners), min(y for _, y in corners)
    right, bottom = max(x for x, _ in corners), max(y for _, y in corners)
    dx, dy = pad - left, pad - top
    move = lambda p: (p[0] + dx, p[1] + dy)  # noqa: E731
    moved = Tessellation({c: tuple(map(move, poly)) for c, poly in tess.cells.items()},
                         tuple((move(a), move(b)) for a, b in tess.outline),
                         tuple((move(a), move(b)) for a, b in tess.boundaries))
    return moved, (right - left + 2 * pad, bottom - top + 2 * pad)


def tessellate(points: Mapping[str, Point], group: Mapping[str, str],
               reach: float = 2.4) -> Tessellation:
    """Voronoi cells of `points`, each cut to a disc of `reach` times the median distance
    between neighbouring points; `group` (code -> amphoe) decides which edges are boundaries."""
    codes = sorted(points)
    if not codes:
        return Tessellation({}, (), ())
    xy = np.array([points[c] for c in codes], dtype=float)
    radius = _disc_radius(xy, reach)
    vor = _voronoi(xy) if len(xy) >= 3 else None
    cells = {code: _cell(xy, vor, index, radius) for index, code in enumerate(codes)}
    cells = {code: poly for code, poly in cells.items() if len(poly) >= 3}
    outline, boundaries = _edges(codes, xy, cells, group)
    return Tessellation(cells, tuple(outline), tuple(boundaries))


def _disc_radius(xy: np.ndarray, reach: float) -> float:
    from scipy.spatial import cKDTree  # imported when a map is drawn (half a second)

    if len(xy) < 2:
        return 20.0
    distances, _ = cKDTree(xy).query(xy, k=2)
    return float(reach * np.median(distances[:, 1])) or 20.0


def _cell(xy: np.ndarray, vor: Voronoi | None, index: int, radius: float) -> tuple[Point, ...]:
    """The Voronoi cell of point `index` cut to the disc around it (both convex)."""
    centre = tuple(xy[index])
    disc = [(centre[0] + radius * math.cos(2 * math.pi * k / DISC_SIDES),
             centre[1] + radius * math.sin(2 * math.pi * k / DISC_SIDES)) for k in range(DISC_SIDES)]
    region = _voronoi_region(xy, vor, index)
    return tuple(_clip(disc, region)) if region else tuple(disc)


def _voronoi(xy: np.ndarray) -> Voronoi:
    """Voronoi of the points plus four far corners, so that every real cell is finite."""
    from scipy.spatial import Voronoi

    span = float(np.ptp(xy, axis=0).max()) or 1.0
    low, high = xy.min(axis=0) - 10 * span, xy.max(axis=0) + 10 * span
    far = np.array([[low[0], low[1]], [low[0], high[1]], [high[0], low[1]], [high[0], high[1]]])
    return Voronoi(np.vstack([xy, far]))


def _voronoi_region(xy: np.ndarray, vor: Voronoi | None, index: int) -> list[Point]:
    if vor is None:
        return []
    region = vor.regions[vor.point_region[index]]
    if not region or -1 in region:
        return []
    centre = xy[index]
    corners = [tuple(vor.vertices[v]) for v in region]
    return sorted(corners, key=lambda p: math.atan2(p[1] - centre[1], p[0] - centre[0]))


def _clip(subject: Sequence[Point], clipper: Sequence[Point]) -> list[Point]:
    """Sutherland–Hodgman: `subject` cut to the convex polygon `clipper` (counter-clockwise
    in y-down SVG coordinates, as sorted by angle)."""
    output = list(subject)
    for k in range(len(clipper)):
        a, b = clipper[k], clipper[(k + 1) % len(clipper)]
        inside = lambda p: (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0  # noqa: E731
        points, output = output, []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    output.append(_crossing(previous, current, a, b))
                output.append(current)
            elif inside(previous):
                output.append(_crossing(previous, current, a, b))
        if not output:
            break
    return output


def _crossing(p: Point, q: Point, a: Point, b: Point) -> Point:
    """Where the segment p–q crosses the line a–b."""
    d1 = (q[0] - p[0], q[1] - p[1])
    d2 = (b[0] - a[0], b[1] - a[1])
    denominator = d1[0] * d2[1] - d1[1] * d2[0]
    if denominator == 0:
        return q
    t = ((a[0] - p[0]) * d2[1] - (a[1] - p[1]) * d2[0]) / denominator
    return (p[0] + t * d1[0], p[1] + t * d1[1])


def _edges(codes: list[str], xy: np.ndarray, cells: Mapping[str, tuple[Point, ...]],
           group: Mapping[str, str]) -> tuple[list[Segment], list[Segment]]:
    """Each cell edge is either shared with the neighbour as far away as the cell's own point
    (a Voronoi ridge) or on the outline; shared edges between amphoe are boundaries."""
    from scipy.spatial import cKDTree

    tree, index = cKDTree(xy), {c: i for i, c in enumerate(codes)}
    scale = float(np.ptp(xy, axis=0).max()) or 1.0
    outline, boundaries = [], []
    for code, poly in sorted(cells.items()):
        own = xy[index[code]]
        for a, b in zip(poly, poly[1:] + poly[:1]):
            if math.dist(a, b) < 1e-9 * scale:
                continue
            middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            here = math.dist(middle, own)
            distances, neighbours = tree.query(middle, k=min(3, len(codes)))
            other = [codes[n] for d, n in zip(np.atleast_1d(distances), np.atleast_1d(neighbours))
                     if codes[n] != code and abs(d - here) < 1e-6 * scale]
            if not other:
                outline.append((a, b))
            elif code < other[0] and group.get(code) != group.get(other[0]):
                boundaries.append((a, b))
    return outline, boundaries


def polygon_area_centroid(poly: Sequence[Point]) -> tuple[float, Point]:
    """Area and centroid of a simple polygon (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(poly, [*poly[1:], poly[0]]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return 0.0, poly[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def group_centres(cells: Mapping[str, Sequence[Point]],
                  group: Mapping[str, str]) -> dict[str, tuple[float, Point]]:
    """Each group's total area and area-weighted centre."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for code, poly in cells.items():
        if code not in group:
            continue
        area, (x, y) = polygon_area_centroid(poly)
        total = sums[group[code]]
        total[0] += area
        total[1] += area * x
        total[2] += area * y
    return {g: (a, (sx / a, sy / a)) for g, (a, sx, sy) in sums.items() if a > 0}


def text_width(text: str, size: float) -> float:
    """An estimate of a label's width: Thai vowel and tone marks above or below take no room."""
    spacing = sum(1 for ch in text if unicodedata.category(ch) != "Mn")
    return 0.58 * size * spacing


def place_labels(wanted: Sequence[tuple[str, Point, float]], size: float,
                 frame: tuple[float, float]) -> list[tuple[str, Point]]:
    """Greedy label placement: biggest first, at its centre or nudged up, down, left or right;
    a label that fits nowhere is left out (its amphoe is in the table under the map)."""
    placed: list[tuple[float, float, float, float]] = []
    result = []
    height = size * 1.25
    for text, (x, y), _weight in sorted(wanted, key=lambda w: (-w[2], w[0])):
        width = text_width(text, size) + 4
        for dx, dy in ((0, 0), (0, -height), (0, height), (width / 2, 0), (-width / 2, 0),
                       (0, -2 * height), (0, 2 * height)):
            cx = min(max(x + dx, width / 2 + 2), frame[0] - width / 2 - 2)
            cy = min(max(y + dy, height), frame[1] - 4)
            box = (cx - width / 2, cy - height * 0.8, cx + width / 2, cy + height * 0.2)
            if all(box[2] <= o[0] or box[0] >= o[2] or box[3] <= o[1] or box[1] >= o[3]
                   for o in placed):
                placed.append(box)
                result.append((text, (cx, cy)))
                break
    return result
