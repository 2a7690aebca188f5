"""SVG charts drawn at build time for the indicator pages: stacked A/B/C bars, a trend per
period and the potential map. No JavaScript; Thai labels; every colour also has a text label
or outline, so the charts stay readable in print and in grey."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Iterable, Mapping, Sequence

GRADES = ("A", "B", "C")
GRADE_FILL = {"A": "#1b7837", "B": "#7fbf7b", "C": "#fde0c5"}  # dark, mid, light in grey too
GRADE_INK = {"A": "#ffffff", "B": "#000000", "C": "#000000"}
SHARE_FILLS = ("#f7fcf5", "#c7e9c0", "#74c476", "#238b45", "#00441b")  # 0–19 … 80–100 % A
NO_DATA = "#9e9e9e"
FONT = 'font-family="Sarabun, sans-serif"'


def _svg(width: float, height: float, title: str, body: Iterable[str], cls: str) -> str:
    """One inline SVG element on a single line run (no blank lines inside Markdown)."""
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" role="img" {FONT}>'
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
    """A bar split into A, B and C parts, each labelled when it is wide enough."""
    total, parts, offset = sum(counts), [], 0.0
    for grade, count in zip(GRADES, counts):
        if not count:
            continue
        size = (width if horizontal else height) * count / total
        box = (x + offset, y, size, height) if horizontal else (x, y + height - offset - size, width, size)
        parts.append(f'<rect x="{box[0]:.1f}" y="{box[1]:.1f}" width="{box[2]:.1f}" '
                     f'height="{box[3]:.1f}" fill="{GRADE_FILL[grade]}" stroke="#333" stroke-width="0.6">'
                     f"<title>{grade}: {count} ({pct(count, total)})</title></rect>")
        room = size >= (34 if horizontal else 15)
        if room:
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2 + 4
            parts.append(_text(cx, cy, f"{grade} {count}", 11, "middle", GRADE_INK[grade]))
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
            body.append(_text(label_w + 4, y + 15, "ไม่ได้ประเมิน", 11, fill="#555"))
        body.append(_text(label_w + bar_w + 6, y + 15, f"{sum(counts)} หน่วย", 11, fill="#333"))
    height = 12 + len(rows) * row_h + 18
    body.append(_legend(label_w, height - 14, [(GRADE_FILL[g], f"ระดับ {g}") for g in GRADES]))
    return _svg(label_w + bar_w + 70, height, title, body, "wr-chart wr-bars")


def trend_columns(columns: Sequence[tuple[str, Sequence[int]]], title: str) -> str:
    """One 100 % stacked column per period (A at the bottom), with the number assessed on top."""
    col_w, gap, height, top = 46, 22, 150, 18
    body = []
    for index, (label, counts) in enumerate(columns):
        x = 10 + index * (col_w + gap)
        if sum(counts):
            body += _segments(x, top, col_w, height, counts, horizontal=False)
        body.append(_text(x + col_w / 2, top - 5, f"{sum(counts)} หน่วย", 10, "middle", "#333"))
        body.append(_text(x + col_w / 2, top + height + 15, label, 11, "middle"))
    width = 20 + len(columns) * (col_w + gap)
    return _svg(max(width, 120), top + height + 24, title, body, "wr-chart wr-trend")


def _legend(x: float, y: float, items: Sequence[tuple[str, str]], step: float = 78) -> str:
    parts = []
    for index, (fill, label) in enumerate(items):
        left = x + index * step
        if fill == "none":  # the no-data ring of the map
            parts.append(f'<circle cx="{left + 6:.1f}" cy="{y - 3:.1f}" r="3" fill="none" '
                         f'stroke="{NO_DATA}" stroke-width="1"/>')
        else:
            parts.append(f'<rect x="{left:.1f}" y="{y - 9:.1f}" width="12" height="12" fill="{fill}" '
                         'stroke="#333" stroke-width="0.6"/>')
        parts.append(_text(left + 16, y + 1, label, 11))
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

    def __init__(self, points: Iterable[tuple[float, float]], width: float = 300, pad: float = 12):
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


def potential_map(points: Mapping[str, tuple[float, float]], marks: Mapping[str, Mark],
                  labels: Sequence[tuple[str, tuple[float, float]]], title: str,
                  legend: Sequence[tuple[str, str]]) -> str:
    """Every tambon point of the province; tambons with data are coloured, linked marks."""
    proj = Projection(points.values())
    body = []
    for code, point in sorted(points.items()):
        if code in marks:
            continue
        x, y = proj.xy(point)
        body.append(f'<circle class="wr-nodata" cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="none" '
                    f'stroke="{NO_DATA}" stroke-width="0.8"/>')
    for code, mark in sorted(marks.items()):
        x, y = proj.xy(points[code])
        circle = (f'<circle class="wr-mark" data-area="{code}" cx="{x:.1f}" cy="{y:.1f}" r="5" '
                  f'fill="{mark.fill}" stroke="#222" stroke-width="0.8"><title>{escape(mark.title)}'
                  "</title></circle>")
        body.append(f'<a href="{escape(mark.href)}">{circle}</a>' if mark.href else circle)
    for text, point in labels:
        x, y = proj.xy(point)
        body.append(f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="9" text-anchor="middle" '
                    f'fill="#333" stroke="#fff" stroke-width="2.2" paint-order="stroke">'
                    f"{escape(text)}</text>")
    rows = [legend[i:i + 3] for i in range(0, len(legend), 3)]
    for index, row in enumerate([*rows, [("none", "ไม่มีข้อมูล")]]):
        body.append(_legend(proj.pad, proj.height + 14 + 16 * index, row, 92))
    height = proj.height + 16 * (len(rows) + 1) + 10
    return _svg(proj.width, height, title, body, "wr-chart wr-map")
