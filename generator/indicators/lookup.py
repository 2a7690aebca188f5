"""What the indicator pages know per area: readings and their sources by area, links and
labels of units, and the tallies worth showing; with the names the pages share."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from typing import Iterable

from .model import COMPONENTS, GRADED, IndicatorData, IndicatorReading
from .rollup import Assessment, Rollup, Tally
from ..pages import Docs
from ..paths import area_path
from ..site import Site

SHORT = {"leaders": "คณะผู้นำ", "plan": "แผนแม่บทชุมชน", "centre": "ศูนย์เรียนรู้",
         "finance": "การเงินและสวัสดิการ", "health": "สุขภาวะและมาตรฐาน", "overall": "ภาพรวม"}
NUMBERED = {c: (f"{i}. {SHORT[c]}" if c in COMPONENTS else SHORT[c])
            for i, c in enumerate(GRADED, 1)}
NOUN = {"village": "หมู่บ้าน", "tambon": "ตำบล"}


def component_path(component: str) -> str:
    return f"indicators/{component}.md"


class IndicatorIndex:
    """Readings indexed by every area that contains their unit, for the pages to look up."""

    def __init__(self, site: Site, data: IndicatorData, rollup: Rollup, docs: Docs):
        self.site, self.data, self.rollup = site, data, rollup
        self.area_pages = frozenset(p for p in docs.pages if p.startswith("area/"))  # (not
        # `docs`: an index lives in cycles, and would keep every page until the collector runs)
        self.by_area: dict[str, list[Assessment]] = defaultdict(list)
        self.sources: dict[tuple[str, int, str], set[str]] = defaultdict(set)
        self.story_ids: dict[str, set[str]] = defaultdict(set)
        for assessment in rollup.assessments.values():
            for area in self.chain(assessment.unit):
                self.by_area[area].append(assessment)
                for reading in assessment.readings:
                    self.sources[(area, assessment.period, assessment.level)].add(
                        source_name(reading))
                    if reading.story:
                        self.story_ids[area].add(reading.story)
        self.points = {a.id: a.point for a in site.areas.values()
                       if a.level == "tambon" and a.point}

    def chain(self, area_id: str) -> list[str]:
        return [a.id for a in self.site.area_chain(area_id)]

    def unit_target(self, code: str) -> tuple[str, str]:
        """(page, anchor) showing a unit's readings: its own page, else its tambon's table."""
        if area_path(code) in self.area_pages:
            return area_path(code), "indicators"
        return area_path(self.site.areas[code].parent or code), f"u-{code}"

    def full_label(self, code: str) -> str:
        area = self.site.areas[code]
        if area.level == "village":
            return f"{area.name_th} {self.site.areas[area.parent or ''].label}"
        return area.label + (f" {self.site.areas[area.parent].label}"
                             if area.level == "tambon" and area.parent else "")

    def source_note(self, area: str, periods: Iterable[int], level: str) -> str:
        """'ที่มา: a.csv, b.xlsx, บันทึก 2 เรื่อง' for the readings behind a figure."""
        found = set().union(*(self.sources.get((area, p, level), set()) for p in periods))
        files = sorted(n for n in found if not n.startswith("story:"))
        stories = len(found) - len(files)
        return "ที่มา: " + (", ".join([*files, *([f"บันทึก {stories} เรื่อง"] if stories else [])]) or "—")

    def stories_for(self, area: str):
        ids = self.story_ids.get(area, set())
        return [s for s in self.site.stories if s.id in ids]

    def notes(self) -> list[str]:
        return sorted({n for n in self.data.notes.values() if n})

    def has_data(self, area: str) -> bool:
        return any(t.assessed for lv in self.rollup.levels(area) for t in self.rollup.series(area, lv))

    def levels(self, area: str) -> list[str]:
        return [lv for lv in self.rollup.levels(area)
                if any(t.assessed for t in self.rollup.series(area, lv))]

    def latest(self, area: str, level: str) -> Tally | None:
        found = [t for t in self.rollup.series(area, level) if t.assessed]
        return found[-1] if found else None

    def expected_only(self, area: str) -> int:
        """Units expected in the newest period when nothing was assessed yet."""
        counts = [t.expected for lv in self.rollup.levels(area) for t in self.rollup.series(area, lv)]
        return max(counts, default=0)

    def units_in(self, area: str, level: str) -> list[str]:
        """Units of one level with readings inside an area, by code."""
        return sorted({a.unit for a in self.by_area.get(area, ()) if a.level == level})

    def map_periods(self, level: str) -> list[int]:
        """Periods in which some unit of this level was assessed."""
        province = self.site.registry.provinces[0]
        return [t.period for t in self.rollup.series(province, level) if t.assessed]

    def amphoe_labels(self) -> list[tuple[str, tuple[float, float]]]:
        return [(a.name_th if not a.name_th.startswith("เมือง") else "เมือง", a.point)
                for a in self.site.areas.values() if a.level == "amphoe" and a.point]


def source_name(reading: IndicatorReading, with_row: bool = False) -> str:
    if reading.story:
        return f"บันทึก {reading.story}" if with_row else f"story:{reading.story}"
    name = posixpath.basename(reading.source)
    return f"{name}:{reading.line}" if with_row else name
