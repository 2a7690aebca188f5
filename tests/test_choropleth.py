"""The schematic potential map's geometry: cells, outline, amphoe boundaries, labels."""

from __future__ import annotations

import math
import random

import pytest

from generator.indicators import choropleth


def inside(point, poly) -> bool:
    """Point in a convex polygon (either orientation)."""
    signs = {math.copysign(1, (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0]))
             for a, b in zip(poly, [*poly[1:], poly[0]])}
    return len(signs) == 1


@pytest.fixture(scope="module")
def grid():
    rng = random.Random(7)
    points = {f"t{i:02d}": (x * 30 + rng.uniform(-6, 6), y * 30 + rng.uniform(-6, 6))
              for i, (x, y) in enumerate((x, y) for x in range(6) for y in range(5))}
    group = {code: "west" if points[code][0] < 75 else "east" for code in points}
    return points, group, choropleth.tessellate(points, group)


def test_every_point_gets_a_cell_that_contains_it(grid):
    points, _, tess = grid
    assert set(tess.cells) == set(points)
    for code, poly in tess.cells.items():
        assert len(poly) >= 3 and inside(points[code], poly), code


def test_cells_do_not_overlap(grid):
    points, _, tess = grid
    for code, poly in tess.cells.items():
        _, centre = choropleth.polygon_area_centroid(poly)
        owners = [c for c, other in tess.cells.items() if inside(centre, other)]
        assert owners == [code]


def test_boundaries_separate_groups_and_the_outline_closes_the_union(grid):
    points, group, tess = grid
    assert tess.boundaries and tess.outline
    for a, b in tess.boundaries:  # every boundary edge lies between a west and an east point
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        nearest = sorted(points, key=lambda c: math.dist(points[c], middle))[:2]
        assert {group[c] for c in nearest} == {"west", "east"}
    ends = [p for segment in tess.outline for p in segment]
    for point in ends:  # a closed outline: each end meets another segment's end (the discs are
        # 40-gons, so two cells' outlines meet where a ridge leaves them within half a unit)
        assert sum(math.dist(point, q) < 0.5 for q in ends) >= 2


def test_fit_moves_everything_into_the_frame(grid):
    _, _, tess = grid
    moved, (width, height) = choropleth.fit(tess, 5)
    corners = [p for poly in moved.cells.values() for p in poly]
    assert min(x for x, _ in corners) == pytest.approx(5)
    assert min(y for _, y in corners) == pytest.approx(5)
    assert max(x for x, _ in corners) == pytest.approx(width - 5)


def test_labels_never_overlap_and_the_biggest_comes_first():
    wanted = [(f"อำเภอที่{i}", (100 + 3 * i, 100), 10 - i) for i in range(6)]
    placed = choropleth.place_labels(wanted, 13, (400, 300))
    assert placed[0][0] == "อำเภอที่0"
    boxes = []
    for text, (x, y) in placed:
        half = choropleth.text_width(text, 13) / 2
        box = (x - half, y - 13, x + half, y)
        assert all(box[2] <= o[0] or box[0] >= o[2] or box[3] <= o[1] or box[1] >= o[3] for o in boxes)
        boxes.append(box)


def test_thai_marks_above_and_below_take_no_width():
    assert choropleth.text_width("ทุ่งสง", 10) == choropleth.text_width("ทงสง", 10)
