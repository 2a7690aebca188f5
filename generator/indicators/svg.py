"""SVG charts drawn at build time for the indicator pages: stacked A/B/C bars, a trend per
period and the potential map. No JavaScript; Thai labels; every colour also has a text label
or outline, so the charts stay readable in print and in grey."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

if TYPE_CHECKING:
    from .choropleth import Tessellation

GRADES = ("A", "B", "C")
GRADE_FILL = {"A": "#1b7837", "B": "#7fbf7b", "C": "#fde0c5"}  # dark, mid, light in grey too
GRADE_INK = {"A": "#ffffff", "B": "#000000", "C": "#000000"}
SHARE_FILLS = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#00441b")  # 0–19 … 80–100 % A
FONT = 'font-family="Sarabun, sans-serif"'


def _svg(width: float, height: float, title: str, body: Iterable[str], cls: str,
         role: str = "img") -> str:
    """One inline SVG element on a single line run (no blank lines inside Markdown); a
    drawing with links inside is a named group rather than an image."""
    name = f' aria-label="{escape(title)}"' if role == "group" else ""
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" role="{role}"{name} {FONT}>'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, size: float = 12, anchor: str = "start",
          fill: str = "#000", bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}"{weight}>{escape(text)}</text>')


def pct(part: int, whole: int) -> str:
    """'34%' (rounded half up), or '–' when there is nothing to divide."""
    return f"{math.floor(100 * part / whole + 0.5)}%" if whole else "–"


def _segments(x: float, y: float, width: float, height: float,
              counts: Sequence[int], horizontal: bool = True) -> list[str]:
    """A bar split into A, B and C parts, each labelled when it is wide enough (every text
    of a chart is at least 12 units: 12 px where the chart is drawn at its own size)."""
    total, parts, offset = sum(counts), [], 0.0
    for grade, count in zip(GRADES, counts):
        if not count:
            continue
        size = (width if horizontal else height) * count / total
        box = (x + offset, y, size, height) if horizontal else (x, y + height - offset - size, width, size)
        parts.append(f'<rect x="{box[0]:.1f}" y="{box[1]:.1f}" width="{box[2]:.1f}" '
                     f'height="{box[3]:.1f}" fill="{GRADE_FILL[grade]}" stroke="#333" stroke-width="0.6">'
                     f"<title>{grade}: {count} ({pct(count, total)})</title></rect>")
        room = size >= (38 if horizontal else 16)
        if room:
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2 + 4
            parts.append(_text(cx, cy, f"{grade} {count}", 12, "middle", GRADE_INK[grade]))
        offset += size
    return parts


def grade_bars(rows: Sequence[tuple[str, Sequence[int]]], title: str) -> str:
    """Horizontal stacked bars, one per component: label, A/B/C parts, number graded."""
    label_w, bar_w, row_h = 150, 400, 26
    body = []
    for index, (label, counts) in enumerate(rows):
        y = 6 + index * row_h
        body.append(_text(label_w - 8, y + 15, label, 12, "end"))
        if sum(counts):
            body += _segments(label_w, y, bar_w, row_h - 6, counts)
        else:
            body.append(_text(label_w + 4, y + 15, "ไม่ได้ประเมิน", 12, fill="#555"))
        body.append(_text(label_w + bar_w + 6, y + 15, f"{sum(counts)} หน่วย", 12, fill="#333"))
    height = 12 + len(rows) * row_h + 18
    body.append(_legend(label_w, height - 14, [(GRADE_FILL[g], f"ระดับ {g}") for g in GRADES]))
    return _svg(label_w + bar_w + 76, height, title, body, "wr-chart wr-bars")


def trend_columns(columns: Sequence[tuple[str, Sequence[int]]], title: str) -> str:
    """One 100 % stacked column per period (A at the bottom), with the number assessed on top."""
    col_w, gap, height, top = 46, 22, 150, 18
    body = []
    for index, (label, counts) in enumerate(columns):
        x = 10 + index * (col_w + gap)
        if sum(counts):
            body += _segments(x, top, col_w, height, counts, horizontal=False)
        body.append(_text(x + col_w / 2, top - 5, f"{sum(counts)} หน่วย", 12, "middle", "#333"))
        body.append(_text(x + col_w / 2, top + height + 16, label, 12, "middle"))
    width = 20 + len(columns) * (col_w + gap)
    return _svg(max(width, 120), top + height + 24, title, body, "wr-chart wr-trend")


def _legend(x: float, y: float, items: Sequence[tuple[str, str]], step: float = 78) -> str:
    parts = []
    for index, (fill, label) in enumerate(items):
        left = x + index * step
        parts.append(f'<rect x="{left:.1f}" y="{y - 10:.1f}" width="14" height="14" fill="{fill}" '
                     'stroke="#333" stroke-width="0.6"/>')
        parts.append(_text(left + 18, y + 2, label, 12))
    return "".join(parts)


def share_fill(share: float) -> str:
    """Fill for a share of A in [0, 1]: five bins of 20 points."""
    return SHARE_FILLS[min(4, int(share * 5 + 1e-9))]


SHARE_LEGEND = [(fill, f"{20 * i}–{20 * i + 19 if i < 4 else 100}%") for i, fill in enumerate(SHARE_FILLS)]
GRADE_LEGEND = [(GRADE_FILL[g], f"ระดับ {g}") for g in GRADES]


@dataclass(frozen=True)
class Mark:
    """One tambon on the map: its fill, its tooltip and the page it links to."""

    fill: str
    title: str
    href: str = ""


class Projection:
    """Longitude/latitude to SVG x/y for a frame around all points (same frame for every map)."""

    def __init__(self, points: Iterable[tuple[float, float]], width: float = 600, pad: float = 24):
        lats, lons = zip(*points)
        self.lat0, self.lon0, self.lat1 = min(lats), min(lons), max(lats)
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span = (max(lons) - self.lon0) * self.k or 1.0
        self.scale, self.pad = (width - 2 * pad) / span, pad
        self.width, self.height = width, (self.lat1 - self.lat0) * self.scale + 2 * pad

    def xy(self, point: tuple[float, float]) -> tuple[float, float]:
        lat, lon = point
        return (self.pad + (lon - self.lon0) * self.k * self.scale,
                self.pad + (self.lat1 - lat) * self.scale)


def _path(points: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"


def _segments_path(segments: Sequence[tuple[tuple[float, float], tuple[float, float]]]) -> str:
    return "".join(f"M{a[0]:.1f} {a[1]:.1f}L{b[0]:.1f} {b[1]:.1f}" for a, b in segments)


SCHEMATIC = "แผนที่แผนภาพ (ไม่ใช่ขอบเขตจริง)"
LABEL_SIZE = 18  # amphoe labels: about 16 px in the 36rem-wide map of a desktop, 10 px on a phone


def potential_map(tess: "Tessellation", size: tuple[float, float], marks: Mapping[str, Mark],
                  labels: Sequence[tuple[str, tuple[float, float]]], title: str,
                  uid: str) -> str:
    """A schematic choropleth: one cell per tambon, filled by its class or hatched when it has
    no data; amphoe boundaries and the province outline drawn over the cells; amphoe labels.
    Cells are links for the mouse only (tabindex -1): the table under the map is the way in
    for the keyboard and screen readers."""
    width, height = size
    hatch = f"wr-hatch-{uid}"
    body = [f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" stroke-width="1.2"/></pattern></defs>']
    for code, poly in sorted(tess.cells.items()):
        mark = marks.get(code)
        if mark is None:
            body.append(f'<path class="wr-nodata" d="{_path(poly)}" fill="url(#{hatch})" '
                        'stroke="#ffffff" stroke-width="0.5"/>')
            continue
        cell = (f'<path class="wr-mark" data-area="{code}" d="{_path(poly)}" fill="{mark.fill}" '
                f'stroke="#ffffff" stroke-width="0.5"><title>{escape(mark.title)}</title></path>')
        body.append(f'<a href="{escape(mark.href)}" tabindex="-1" aria-label="{escape(mark.title)}">'
                    f"{cell}</a>" if mark.href else cell)
    body.append(f'<path class="wr-amphoe-lines" d="{_segments_path(tess.boundaries)}" fill="none" '
                'stroke="#333333" stroke-width="1.2" stroke-linecap="round"/>')
    body.append(f'<path class="wr-outline" d="{_segments_path(tess.outline)}" fill="none" '
                'stroke="#1a1a1a" stroke-width="1.8" stroke-linecap="round"/>')
    for text, (x, y) in labels:
        body.append(f'<text class="wr-amphoe-label" x="{x:.1f}" y="{y:.1f}" font-size="{LABEL_SIZE}" '
                    'text-anchor="middle" fill="#111111" '
                    f'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
                    f"{escape(text)}</text>")
    body.append(_text(8, height + 18, SCHEMATIC, 16, fill="#333333"))
    return _svg(width, height + 26, title, body, "wr-chart wr-map", role="group")


def map_legend(legend: Sequence[tuple[str, str]]) -> str:
    """The map's key as HTML under the drawing, so that it keeps its size on a phone."""
    items = [f'<li><svg class="wr-key" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" '
             f'height="1" fill="{fill}"/></svg>{escape(label)}</li>' for fill, label in legend]
    items.append('<li><span class="wr-key wr-key-nodata"></span>ไม่มีข้อมูล</li>')
    return f'<ul class="wr-map-legend" aria-label="คำอธิบายสี">{"".join(items)}</ul>'
