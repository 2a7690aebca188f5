"""Indicator pages: the province potential map, a page per component, a summary on every area
page, readings on the stories that carry them, and a CSV file for every table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from . import maps
from .figures import Figures
from .listings import CSV_DIR, Tables
from .lookup import NOUN, NUMBERED, SHORT, IndicatorIndex, component_path
from .maps import MapFrame
from .model import COMPONENTS, COMPONENT_TH, GRADED, IndicatorData, IndicatorReading
from .rollup import csv_bytes, readings_csv, roll_up
from ..pages import AREA_SUMMARY_SLOT, Docs, Renderer
from ..paths import area_path, story_path
from ..site import Site

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "pages"
INDEX = "indicators/index.md"
READINGS_CSV = f"{CSV_DIR}/readings.csv"  # every reading, in the data-file format
ASSETS = {"indicators.css": "assets/wongrian/indicators.css",
          "indicators.js": "assets/wongrian/indicators.js"}


# -- the feature -------------------------------------------------------------------------------

def published(data: IndicatorData, site: Site) -> IndicatorData:
    """Readings of unpublished (draft) stories are left out."""
    return replace(data, readings=tuple(r for r in data.readings
                                        if r.story is None or r.story in site.story))


def feature(site: Site, docs: Docs, ahead: Pending | None = None) -> None:
    """Add the indicator pages, area and story sections, CSV files, assets and the nav entry;
    `ahead`: `ahead(site, docs)` running in a second process."""
    if ahead is not None:
        maps.keep(ahead.join())
    data = published(site.indicators or IndicatorData(), site)
    ix = IndicatorIndex(site, data, roll_up(data, site.registry), docs)
    tables = Tables(ix)
    renderer = Renderer(site)
    renderer.env.globals.update(ix=ix, tables=tables, figures=Figures(ix), GRADED=GRADED,
                                COMPONENTS=COMPONENTS, SHORT=SHORT, NUMBERED=NUMBERED,
                                COMPONENT_TH=COMPONENT_TH, NOUN=NOUN,
                                INDEX=INDEX, component_path=component_path)
    docs.add(INDEX, renderer.render("indicator_index.md.j2", INDEX).text)
    for component in GRADED:
        path = component_path(component)
        docs.add(path, renderer.render("indicator_component.md.j2", path, component=component).text)
    add_sections(site, docs, renderer, data)
    docs.files[READINGS_CSV] = readings_csv(data.readings, site.registry)
    for table in tables.tables.values():
        docs.files[table.path] = csv_bytes(table.csv_header, table.csv_rows)
    for source, target in ASSETS.items():
        docs.files[target] = (TEMPLATES / source).read_bytes()
    docs.css.append(ASSETS["indicators.css"])
    docs.js.append(ASSETS["indicators.js"])
    docs.nav.append({"ตัวชี้วัด": INDEX})


def ahead(site: Site, docs: Docs) -> dict[tuple, MapFrame]:
    """The potential map's frame, if there is data to map (for a forked copy, beside the
    build's other work: its cells need scipy.spatial, a third of a second to import)."""
    if site.indicators and site.indicators.readings:
        maps.site_frame(site.areas)
    return maps.kept()


class Pending(Protocol):
    """Work running elsewhere (`forked.Fork`)."""

    def join(self) -> dict[tuple, MapFrame]:
        ...


feature.stage = "indicator pages"  # type: ignore[attr-defined] (not the data's "indicators")
feature.ahead = ahead  # type: ignore[attr-defined]
feature.early = True  # type: ignore[attr-defined] (reads only the page stage's area pages)


def add_sections(site: Site, docs: Docs, renderer: Renderer, data: IndicatorData) -> None:
    """The grades under every area page's title and its indicator section at the end; and the
    section of every story that carries readings."""
    for area in site.areas.values():
        if area_path(area.id) in docs.pages:
            docs.fill(area_path(area.id), AREA_SUMMARY_SLOT, renderer.render(
                "indicator_summary.md.j2", area_path(area.id), area=area).text)
            docs.append(area_path(area.id), renderer.render(
                "indicator_area.md.j2", area_path(area.id), area=area).text)
    by_story: dict[str, list[IndicatorReading]] = defaultdict(list)
    for reading in data.readings:
        if reading.story:
            by_story[reading.story].append(reading)
    for story in site.stories:
        if story.id in by_story:
            docs.append(story_path(story), renderer.render(
                "indicator_story.md.j2", story_path(story), story=story,
                readings=by_story[story.id]).text)
