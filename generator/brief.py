"""The printable area brief: for the province, every amphoe and every tambon, one A4 page an
official can take to a circle meeting (grades per component with the trend, completeness, the
newest stories, the active agencies, the data date and the page's address)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, fields
from typing import Iterable, Iterator

from .indicators.lookup import NOUN, NUMBERED
from .indicators.model import GRADED, GRADES, IndicatorData
from .indicators.pages import published
from .indicators.rollup import Rollup, Tally, roll_up
from .model import Agency, Area, Story
from .pages import Page, Renderer
from .paths import BRIEF_LEVELS, area_path, brief_path
from .site import Site

STORIES = 6        # newest stories on a brief
AGENCIES = 8       # most active agencies on a brief
CHILDREN = 8       # most active child areas on a brief
SUMMARY_CHARS = 110  # about one printed line


@dataclass(frozen=True)
class Trend:
    """A change against the previous assessment: an arrow (▲ ▼ ●, or empty) and Thai text."""

    arrow: str
    text: str

    @property
    def kind(self) -> str:
        return {"▲": "up", "▼": "down", "●": "same"}.get(self.arrow, "none")


@dataclass(frozen=True)
class GradeRow:
    """One component: A/B/C counts (or the unit's own grade), share of A and the trend."""

    label: str
    counts: tuple[int, int, int]
    share_a: int | None          # whole percent of graded units
    grade: str | None            # the unit's own grade (when the area is the unit)
    before: str | None           # its grade in the previous assessment
    trend: Trend


@dataclass(frozen=True)
class GradeBlock:
    """The newest assessment of one kind of unit (village or tambon) inside an area."""

    level: str
    own: bool                    # the area itself is the assessed unit
    period: int
    previous: int | None         # the period compared with
    assessed: int
    expected: int
    completeness: int | None     # whole percent of the units the cohorts expected
    rows: tuple[GradeRow, ...]


@dataclass(frozen=True)
class Brief:
    """Everything one printed area brief shows."""

    area: Area
    chain: tuple[Area, ...]
    data_date: dt.date | None
    story_count: int
    stories: tuple[Story, ...]
    agency_count: int
    agencies: tuple[tuple[Agency, int], ...]
    children: tuple[tuple[Area, int], ...]
    grades: tuple[GradeBlock, ...]
    address: str                 # where the brief is on the web
    full_address: str            # the area page it summarises


# -- pure parts --------------------------------------------------------------------------------

def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The text on one line, cut to about `limit` characters (never inside a Thai cluster:
    vowels and tone marks above or below stay with their consonant)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = limit
    while end > 0 and unicodedata.category(text[end]) in ("Mn", "Mc"):
        end -= 1
    return text[:end].rstrip() + "…"


def percent(value: float | None) -> int | None:
    """A share (0–1) as a whole percentage, half up (as the indicator pages round)."""
    return None if value is None else int(100 * value + 0.5)


def share_trend(now: int | None, before: int | None, up: int | None, down: int | None) -> Trend:
    """The change of the share of A between two assessments, with the units that moved."""
    if now is None or before is None:
        return Trend("", "ไม่มีผลปีก่อนให้เทียบ")
    moved = f" (ขยับขึ้น {up} ลดลง {down})" if up is not None and down is not None else ""
    if now > before:
        return Trend("▲", f"A เพิ่มจาก {before}%{moved}")
    if now < before:
        return Trend("▼", f"A ลดจาก {before}%{moved}")
    return Trend("●", f"A คงที่ {now}%{moved}")


def grade_trend(now: str | None, before: str | None) -> Trend:
    """The change of one unit's grade (A is best)."""
    if now is None or before is None:
        return Trend("", "ไม่มีผลปีก่อนให้เทียบ")
    step = GRADES.index(before) - GRADES.index(now)
    if step > 0:
        return Trend("▲", f"ดีขึ้นจาก {before}")
    if step < 0:
        return Trend("▼", f"ลดลงจาก {before}")
    return Trend("●", f"คงเดิม ({before})")


def tally_block(series: list[Tally]) -> GradeBlock:
    """The newest tally of an area's units, compared with the one before it."""
    latest = series[-1]
    before = series[-2] if len(series) > 1 else None
    adjacent = before is not None and before.period == latest.previous  # moves are counted then
    rows = []
    for component in GRADED:
        now = percent(latest.share(component, "A"))
        then = percent(before.share(component, "A")) if before else None
        up = latest.up.get(component, 0) if adjacent else None
        down = latest.down.get(component, 0) if adjacent else None
        rows.append(GradeRow(NUMBERED[component], latest.grades[component], now, None, None,
                             share_trend(now, then, up, down)))
    return GradeBlock(latest.level, False, latest.period, before.period if before else None,
                      latest.assessed, latest.expected, percent(latest.completeness), tuple(rows))


def own_block(rollup: Rollup, unit: str, level: str) -> GradeBlock | None:
    """The unit's own newest grades (a tambon assessed as a whole), against its previous ones."""
    found = [rollup.assessments[(unit, p)] for p in rollup.periods if (unit, p) in rollup.assessments]
    if not found:
        return None
    latest = found[-1]
    before = found[-2] if len(found) > 1 else None
    rows = []
    for component in GRADED:
        now = latest.grades.get(component)
        then = before.grades.get(component) if before else None
        counts = tuple(int(now == g) for g in GRADES)
        rows.append(GradeRow(NUMBERED[component], counts, None, now, then, grade_trend(now, then)))  # type: ignore[arg-type]
    tally = rollup.tally(unit, latest.period, level)
    return GradeBlock(level, True, latest.period, before.period if before else None, 1,
                      tally.expected if tally else 0,
                      percent(tally.completeness) if tally else None, tuple(rows))


def grade_blocks(rollup: Rollup, area: Area) -> tuple[GradeBlock, ...]:
    """One block per kind of unit assessed inside the area (villages first, then tambons)."""
    blocks = []
    for level in rollup.levels(area.id):
        if area.level == level:
            block = own_block(rollup, area.id, level)
        else:
            series = [t for t in rollup.series(area.id, level) if t.assessed]
            block = tally_block(series) if series else None
        if block:
            blocks.append(block)
    return tuple(blocks)


def ranked(ids: Iterable[str]) -> list[tuple[str, int]]:
    """(id, how many stories) most first, then by id."""
    return sorted(Counter(ids).items(), key=lambda item: (-item[1], item[0]))


def reading_stories(site: Site, rollup: Rollup) -> dict[str, set[str]]:
    """For every area, the stories that carry an indicator reading inside it."""
    found: dict[str, set[str]] = {}
    for (unit, _), assessment in rollup.assessments.items():
        ids = {r.story for r in assessment.readings if r.story}
        if ids:
            for area in site.area_chain(unit):
                found.setdefault(area.id, set()).update(ids)
    return found


def data_date(site: Site, stories: list[Story], carried: Iterable[str]) -> dt.date | None:
    """The date the brief's data stands at: its newest story or story carrying a reading;
    else the site's newest story (no clock is read: the same content gives the same page)."""
    dates = [s.updated or s.date for s in stories]
    dates += [site.story[i].date for i in sorted(carried) if i in site.story]
    return max(dates or [s.updated or s.date for s in site.stories], default=None)


def web_address(site: Site, path: str) -> str:
    """The page's address on the web (site url + path), or its path when no url is set."""
    html = path[:-3] + ".html" if path.endswith(".md") else path
    base = (site.config.site.get("url") or "").strip()
    return (base.rstrip("/") + "/" + html) if base else html


def make_brief(site: Site, rollup: Rollup, area: Area, carried: Iterable[str] = ()) -> Brief:
    """The brief of one area (pure); `carried`: the stories with readings inside it."""
    stories = site.stories_of(site.by_area.get(area.id, ()))
    agencies = ranked(a for s in stories for a in s.agencies)
    children = [(site.areas[i], n) for i, n in
                ranked(i for s in stories for i in _children_named(site, s, area.id))]
    return Brief(area, tuple(site.area_chain(area.id)), data_date(site, stories, carried),
                 len(stories), tuple(stories[:STORIES]), len(agencies),
                 tuple((site.agencies[i], n) for i, n in agencies[:AGENCIES]),
                 tuple(children[:CHILDREN]), grade_blocks(rollup, area),
                 web_address(site, brief_path(area.id)), web_address(site, area_path(area.id)))


def _children_named(site: Site, story: Story, parent: str) -> set[str]:
    """The direct children of `parent` a story concerns (through any area it names)."""
    found = set()
    for area_id in story.areas:
        chain = [a.id for a in site.area_chain(area_id)]
        if parent in chain[:-1]:
            found.add(chain[chain.index(parent) + 1])
    return found


def indicator_data(site: Site) -> IndicatorData:
    """The site's indicator data as a plain IndicatorData (`wongrian serve` wraps it to record
    reads, and `dataclasses.replace` needs the real thing)."""
    data = site.indicators
    if data is None:
        return IndicatorData()
    return IndicatorData(**{f.name: getattr(data, f.name) for f in fields(IndicatorData)})


# -- the pages ---------------------------------------------------------------------------------

def brief_pages(site: Site, r: Renderer) -> Iterator[Page]:
    """A brief for the province, every amphoe and every tambon (a page maker: `wongrian serve`
    renders a brief again when a story, an index or the indicator data it read changes)."""
    rollup = roll_up(published(indicator_data(site), site), site.registry)
    carried = reading_stories(site, rollup)
    for area in site.areas.values():
        if area.level in BRIEF_LEVELS:
            if site.indicators is not None:
                site.indicators.readings  # noqa: B018 (a read `wongrian serve` records per page)
            brief = make_brief(site, rollup, area, carried.get(area.id, ()))
            path = brief_path(area.id)
            yield r.render("area_brief.md.j2", path, brief=brief, NOUN=NOUN, shorten=shorten)
