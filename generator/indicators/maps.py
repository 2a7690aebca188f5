"""The potential map's frame, drawn once per build: tambon points projected, their cells, and
amphoe labels placed; and the year tabs (radio buttons and CSS, no JavaScript) that show one
large map at a time."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Mapping, Sequence

from . import choropleth
from .svg import LABEL_SIZE, Projection
from ..model import Area

Point = tuple[float, float]


@dataclass(frozen=True)
class MapFrame:
    """Everything every potential map shares: size, cells and amphoe labels."""

    size: tuple[float, float]
    tessellation: choropleth.Tessellation
    labels: tuple[tuple[str, Point], ...]


def map_frame(points: Mapping[str, tuple[float, float]], amphoe_of: Mapping[str, str],
              amphoe_names: Mapping[str, str]) -> MapFrame:
    """Project the tambon points (lat, lon), tessellate them, and place the amphoe labels."""
    if not points:
        return MapFrame((600.0, 100.0), choropleth.Tessellation({}, (), ()), ())
    projection = Projection(points.values())
    xy = {code: projection.xy(point) for code, point in points.items()}
    tess, size = choropleth.fit(choropleth.tessellate(xy, amphoe_of), 6)
    centres = choropleth.group_centres(tess.cells, amphoe_of)
    wanted = [(amphoe_names[g], centre, area) for g, (area, centre) in centres.items()
              if g in amphoe_names]
    return MapFrame(size, tess, tuple(choropleth.place_labels(wanted, LABEL_SIZE, size)))


_frames: dict[tuple, MapFrame] = {}  # the last frame, by what it was made of


def site_frame(areas: Mapping[str, Area]) -> MapFrame:
    """The frame of a site's map: every tambon with a point, grouped and labelled by amphoe;
    drawn once (a forked copy may have drawn it: `keep`). Only the last frame is kept
    (`wongrian serve` draws one again after an edit of the areas)."""
    points, amphoe_of, names = _frame_inputs(areas)
    key = tuple(sorted(points.items())), tuple(sorted(amphoe_of.items())), \
        tuple(sorted(names.items()))
    if key not in _frames:
        keep({key: map_frame(points, amphoe_of, names)})
    return _frames[key]


def kept() -> dict[tuple, MapFrame]:
    """The frame kept (by what it was made of), for a forked copy to send back."""
    return dict(_frames)


def keep(frames: dict[tuple, MapFrame]) -> None:
    """Keep the frame `kept()` gave (in the process that forked the copy)."""
    if frames:
        _frames.clear()
        _frames.update(frames)


def _frame_inputs(areas: Mapping[str, Area]) -> tuple[dict, dict, dict]:
    points = {a.id: a.point for a in areas.values() if a.level == "tambon" and a.point}
    amphoe_of = {code: areas[code].parent for code in points if areas[code].parent}
    names = {a.id: (a.name_th if not a.name_th.startswith("เมือง") else "เมือง")
             for a in areas.values() if a.level == "amphoe"}
    return points, amphoe_of, names


def year_tabs(name: str, panels: Sequence[tuple[str, str]], legend: str = "ปีงบประมาณ") -> str:
    """Tabs made of radio buttons (the keyboard moves between years with the arrow keys) and
    CSS in indicators.css; the newest year is shown first. One line of HTML for Markdown."""
    panels = list(panels)[-12:]  # indicators.css has rules for twelve tabs
    if not panels:
        return ""
    if len(panels) == 1:
        return f'<div class="wr-map-large">{panels[0][1]}</div>'
    inputs, panes = [], []
    for index, (label, html) in enumerate(panels):
        ident = f"{name}-{index}"
        checked = " checked" if index == len(panels) - 1 else ""
        inputs.append(f'<input type="radio" class="wr-tab-input" name="{escape(name)}" '
                      f'id="{escape(ident)}"{checked}><label for="{escape(ident)}">{escape(label)}</label>')
        panes.append(f'<div class="wr-tab-panel">{html}</div>')
    return (f'<div class="wr-tabs wr-map-large" role="group" aria-label="{escape(legend)}">'
            f'<span class="wr-tabs-legend" aria-hidden="true">{escape(legend)}:</span>'
            + "".join(inputs) + '<div class="wr-tab-panels">' + "".join(panes) + "</div></div>")
