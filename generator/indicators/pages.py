"""Indicator pages: the province potential map, a page per component, a summary on every area
page, readings on the stories that carry them, and a CSV file for every table."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import svg
from .maps import MapFrame, map_frame, year_tabs
from .data import (COLUMNS, COMPONENT_TH, COMPONENTS, COUNT_TH, COUNTS, GRADED, GRADES,
                         Assessment, IndicatorData, IndicatorReading, Rollup, Tally, csv_bytes,
                         readings_csv, roll_up)
from ..model import Area
from ..pages import Docs, Renderer, area_path, md_escape, story_path
from ..site import Site

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "pages"
INDEX = "indicators/index.md"
CSV_DIR = "indicators/csv"
READINGS_CSV = f"{CSV_DIR}/readings.csv"  # every reading, in the data-file format
ASSETS = {"indicators.css": "assets/wongrian/indicators.css",
          "indicators.js": "assets/wongrian/indicators.js"}
SHORT = {"leaders": "คณะผู้นำ", "plan": "แผนแม่บทชุมชน", "centre": "ศูนย์เรียนรู้",
         "finance": "การเงินและสวัสดิการ", "health": "สุขภาวะและมาตรฐาน", "overall": "ภาพรวม"}
NUMBERED = {c: (f"{i}. {SHORT[c]}" if c in COMPONENTS else SHORT[c])
            for i, c in enumerate(GRADED, 1)}
NOUN = {"village": "หมู่บ้าน", "tambon": "ตำบล"}


def component_path(component: str) -> str:
    return f"indicators/{component}.md"


def html_href(here: str, target: str, anchor: str = "") -> str:
    """A link for raw HTML (which MkDocs does not rewrite): relative, .md → .html."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    rel = rel[:-3] + ".html" if rel.endswith(".md") else rel
    return rel + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class DataTable:
    """A table shown as Markdown and offered as CSV (raw values; the CSV may have more columns)."""

    name: str
    header: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    align: str                    # one letter per column: l or r
    csv_header: tuple[str, ...]
    csv_rows: tuple[tuple[Any, ...], ...]
    sortable: bool = False

    @property
    def path(self) -> str:
        return f"{CSV_DIR}/{self.name}"


class View:
    """What the indicator templates read: tallies, tables and charts, built on demand."""

    def __init__(self, site: Site, data: IndicatorData, rollup: Rollup, docs: Docs):
        self.site, self.data, self.rollup, self.docs = site, data, rollup, docs
        self.tables: dict[str, DataTable] = {}
        self.by_area: dict[str, list[Assessment]] = defaultdict(list)
        self.sources: dict[tuple[str, int, str], set[str]] = defaultdict(set)
        self.story_ids: dict[str, set[str]] = defaultdict(set)
        for assessment in rollup.assessments.values():
            for area in self.chain(assessment.unit):
                self.by_area[area].append(assessment)
                for reading in assessment.readings:
                    self.sources[(area, assessment.period, assessment.level)].add(
                        _source_name(reading))
                    if reading.story:
                        self.story_ids[area].add(reading.story)
        self.points = {a.id: a.point for a in site.areas.values()
                       if a.level == "tambon" and a.point}
        self._frame: MapFrame | None = None

    def chain(self, area_id: str) -> list[str]:
        return [a.id for a in self.site.area_chain(area_id)]

    # -- links and labels ----------------------------------------------------------------------
    def unit_target(self, code: str) -> tuple[str, str]:
        """(page, anchor) showing a unit's readings: its own page, else its tambon's table."""
        if area_path(code) in self.docs.pages:
            return area_path(code), "indicators"
        return area_path(self.site.areas[code].parent or code), f"u-{code}"

    def unit_link(self, code: str, here: str, label: str | None = None) -> str:
        page, anchor = self.unit_target(code)
        target = posixpath.relpath(page, posixpath.dirname(here) or ".")
        return f"[{md_escape(label or self.full_label(code))}]({target}#{anchor})"

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

    # -- tallies -------------------------------------------------------------------------------
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

    # -- tables --------------------------------------------------------------------------------
    def table(self, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
              cells: Sequence[Sequence[str]] | None = None, align: str = "",
              csv_header: Sequence[str] | None = None, csv_rows: Sequence[Sequence[Any]] | None = None,
              sortable: bool = False) -> DataTable:
        if name in self.tables:
            raise ValueError(f"two tables want the CSV name {name}")
        shown = cells if cells is not None else [[_cell(v) for v in row] for row in rows]
        table = DataTable(name, tuple(header), tuple(tuple(r) for r in shown),
                          (align or "l" * len(header)).ljust(len(header), "r"),
                          tuple(csv_header or header), tuple(tuple(r) for r in (csv_rows or rows)),
                          sortable)
        self.tables[name] = table
        return table

    def components_table(self, area: str, level: str) -> DataTable:
        """Grade counts per component: the newest period shown, every period in the CSV."""
        series = [t for t in self.rollup.series(area, level) if t.assessed]
        latest = series[-1]
        header = ("องค์ประกอบ", "A", "B", "C", "ประเมิน", "ร้อยละ A", "ขยับขึ้น", "ลดลง", "คงเดิม")
        rows = [_component_row(latest, c) for c in GRADED]
        csv_rows = [(str(t.period), *_component_row(t, c)) for t in series for c in GRADED]
        return self.table(f"area-{area}-{level}-components.csv", header, rows, align="lrrrrrrrr",
                          csv_header=("ปีงบประมาณ", *header), csv_rows=csv_rows)

    def periods_table(self, area: str, level: str, prefix: str = "area") -> DataTable:
        header = ("ปีงบประมาณ", "ประเมิน", "คาดไว้", "ครบถ้วน", "นอกทะเบียนรุ่น",
                  "A", "B", "C", "ขยับขึ้น", "ลดลง")
        rows = []
        for t in self.rollup.series(area, level):
            a, b, c = t.grades["overall"]
            rows.append((str(t.period), t.assessed, t.expected or None, _share(t.completeness),
                         t.outside if t.expected else None, a, b, c,
                         t.up.get("overall") if t.previous else None,
                         t.down.get("overall") if t.previous else None))
        return self.table(f"{prefix}-{area}-{level}-periods.csv", header, rows, align="l" + "r" * 9)

    def counts_table(self, area: str, level: str) -> DataTable:
        series = [t for t in self.rollup.series(area, level) if t.assessed]
        header = ("รายการ", *(f"ปี {t.period}" for t in series))
        rows = [(COUNT_TH[c], *(t.sums.get(c) for t in series)) for c in COUNTS]
        cells = [[COUNT_TH[c], *(_count_cell(t, c, NOUN[level]) for t in series)] for c in COUNTS]
        return self.table(f"area-{area}-{level}-counts.csv", header, rows, cells,
                          align="l" + "r" * len(series))

    def children_table(self, area: str, level: str, here: str) -> DataTable:
        """The child areas' newest tallies, each linking to the child's summary."""
        header = ("พื้นที่", "ปีงบประมาณ", "ประเมิน", "คาดไว้", "ครบถ้วน", "A", "B", "C", "ร้อยละ A")
        rows, cells = [], []
        for child in self.site.registry.children(area):
            tally = self.latest(child.id, level) or next(iter(self.rollup.series(child.id, level)), None)
            if tally is None:
                continue
            a, b, c = tally.grades["overall"]
            row = (child.label, str(tally.period), tally.assessed, tally.expected or None,
                   _share(tally.completeness), a, b, c, _share(tally.share("overall", "A")))
            rows.append(row)
            link = posixpath.relpath(area_path(child.id), posixpath.dirname(here))
            cells.append([f"[{md_escape(child.label)}]({link}#indicators)", *map(_cell, row[1:])])
        return self.table(f"area-{area}-{level}-children.csv", header, rows, cells,
                          align="lrrrrrrrr", sortable=len(rows) > 5)

    def units_in(self, area: str, level: str) -> list[str]:
        """Units of one level with readings inside an area, by code."""
        return sorted({a.unit for a in self.by_area.get(area, ()) if a.level == level})

    def units_table(self, name: str, units: Iterable[str], here: str,
                    short: bool = False) -> DataTable:
        """Each unit's grades per period, with where each reading came from (provenance)."""
        header = ("หน่วย", "ปีงบประมาณ", *(SHORT[c] for c in GRADED), "ที่มา")
        csv_header = ("รหัส", "หน่วย", "ปีงบประมาณ", *(COLUMNS[c][0] for c in GRADED),
                      *(COLUMNS[c][0] for c in COUNTS), "ที่มา")
        rows, shown, cells = [], [], []
        for code in units:
            label = self.site.areas[code].name_th if short else self.full_label(code)
            for period in self.rollup.periods:
                found = self.rollup.assessments.get((code, period))
                if found is None:
                    continue
                grades = [found.grades.get(c) for c in GRADED]
                where = "; ".join(_source_name(r, with_row=True) for r in found.readings)
                rows.append((code, label, str(period), *grades, *(found.counts.get(c) for c in COUNTS),
                             where))
                shown.append((label, str(period), *grades, where))
                anchor = f'<span id="u-{code}"></span>' if not any(r[0] == code for r in rows[:-1]) else ""
                cells.append([anchor + md_escape(label), str(period),
                              *(g or "–" for g in grades), self.provenance(found, here)])
        return self.table(name, header, shown, cells, align="lr" + "l" * 7,
                          csv_header=csv_header, csv_rows=rows, sortable=len(rows) > 8)

    def story_table(self, story, readings: Sequence[IndicatorReading], here: str) -> DataTable:
        """The readings a story carries, each linking to where the unit's results are shown."""
        fields = [f for f in (*GRADED, *COUNTS) if any(f in r.fields for r in readings)]
        header = ("พื้นที่", "ปีงบประมาณ", *(SHORT.get(f) or COUNT_TH[f] for f in fields))
        rows, cells = [], []
        for r in readings:
            values = {**dict(r.grades), **dict(r.counts)}
            row = (self.full_label(r.area), str(r.period), *(values.get(f) for f in fields))
            rows.append(row)
            cells.append([self.unit_link(r.area, here), *map(_cell, row[1:])])
        return self.table(f"story-{story.id}.csv", header, rows, cells,
                          align="lr" + "r" * len(fields))

    def provenance(self, assessment: Assessment, here: str) -> str:
        parts = []
        for reading in assessment.readings:
            if reading.story and reading.story in self.site.story:
                story = self.site.story[reading.story]
                link = posixpath.relpath(story_path(story), posixpath.dirname(here))
                parts.append(f"[บันทึก {story.date.day}/{story.date.month}/{story.year_be}]"
                             f"({link}#indicators)")
            else:
                parts.append(md_escape(_source_name(reading, with_row=True)))
        return "; ".join(parts)

    # -- charts --------------------------------------------------------------------------------
    def bars_figure(self, tally: Tally, area: Area) -> str:
        """Stacked A/B/C bars per component for one area and period, with its caption."""
        noun = NOUN[tally.level]
        title = f"ระดับ A B C รายองค์ประกอบ {noun}ใน{area.label} ปีงบประมาณ {tally.period}"
        drawing = svg.grade_bars([(NUMBERED[c], tally.grades[c]) for c in GRADED], title)
        return self.figure(drawing, f"<b>ปีงบประมาณ {tally.period}</b> · จำนวน{noun}ในแต่ละระดับ "
                                    f"รายองค์ประกอบ · {self.source_note(area.id, [tally.period], tally.level)}")

    def trend_figure(self, area: Area, level: str) -> str:
        """One stacked column of the overall grade per period."""
        series = self.rollup.series(area.id, level)
        title = f"ระดับภาพรวมของ{NOUN[level]}ใน{area.label} แต่ละปีงบประมาณ"
        drawing = svg.trend_columns([(str(t.period), t.grades["overall"]) for t in series], title)
        span = f"{series[0].period}–{series[-1].period}" if len(series) > 1 else str(series[0].period)
        note = self.source_note(area.id, [t.period for t in series], level)
        return self.figure(drawing, f"<b>ปีงบประมาณ {span}</b> · ระดับภาพรวมของ{NOUN[level]} · {note}")

    def map_figure(self, period: int, component: str, level: str, here: str) -> str:
        """The potential map of one period: share of A (villages) or the grade (tambons)."""
        marks = {}
        for code in self.points:
            tally = self.rollup.tally(code, period, level)
            if not tally or not tally.graded(component):
                continue
            a, graded = tally.grades[component][0], tally.graded(component)
            href = html_href(here, area_path(code), "indicators")
            if level == "village":
                title = (f"{self.full_label(code)}: ระดับ A {a} จาก {graded} หมู่บ้าน "
                         f"({svg.pct(a, graded)}) ปีงบประมาณ {period}")
                marks[code] = svg.Mark(svg.share_fill(a / graded), title, href)
            else:
                grade = GRADES[[i for i, n in enumerate(tally.grades[component]) if n][0]]
                marks[code] = svg.Mark(svg.GRADE_FILL[grade],
                                       f"{self.full_label(code)}: ระดับ {grade} ปีงบประมาณ {period}", href)
        legend = svg.SHARE_LEGEND if level == "village" else svg.GRADE_LEGEND
        what = ("สัดส่วนหมู่บ้านระดับ A" if level == "village" else "ระดับของตำบล")
        title = f"แผนที่ศักยภาพ {what} องค์ประกอบ{SHORT[component]} ปีงบประมาณ {period}"
        frame = self.map_frame()
        drawing = svg.potential_map(frame.tessellation, frame.size, marks, frame.labels, title,
                                    f"{component}-{level}-{period}") + svg.map_legend(legend)
        caption = (f"<b>ปีงบประมาณ {period}</b> · {what} ({SHORT[component]}) · {len(marks)} ตำบล "
                   f"· {svg.SCHEMATIC}: แต่ละช่องคือพื้นที่ที่ใกล้จุดของตำบลนั้นที่สุด เส้นหนาแบ่งอำเภอ "
                   f"ลายเส้นทแยงคือไม่มีข้อมูล · ตารางใต้แผนที่มีข้อมูลชุดเดียวกัน"
                   f"<br>{self.source_note(self.site.registry.provinces[0], [period], level)}")
        return f'<figure class="wr-figure wr-map-figure">{drawing}<figcaption>{caption}</figcaption></figure>'

    def map_tabs(self, component: str, level: str, here: str) -> str:
        """One large map, the year chosen by tabs (no JavaScript)."""
        panels = [(str(p), self.map_figure(p, component, level, here))
                  for p in self.map_periods(level)]
        return year_tabs(f"wr-map-{component}-{level}", panels)

    def map_frame(self) -> MapFrame:
        """The cells and labels shared by every map, computed on first use."""
        if self._frame is None:
            areas = self.site.areas
            amphoe_of = {code: areas[code].parent for code in self.points if areas[code].parent}
            names = {a.id: (a.name_th if not a.name_th.startswith("เมือง") else "เมือง")
                     for a in areas.values() if a.level == "amphoe"}
            self._frame = map_frame(self.points, amphoe_of, names)
        return self._frame

    def map_periods(self, level: str) -> list[int]:
        """Periods in which some unit of this level was assessed."""
        province = self.site.registry.provinces[0]
        return [t.period for t in self.rollup.series(province, level) if t.assessed]

    def unplaced(self, level: str, here: str) -> str:
        """A line naming the tambons with data that have no map point, so none goes unseen."""
        lines = []
        for period in self.map_periods(level):
            found = [a for a in self.site.areas.values() if a.level == "tambon"
                     and a.id not in self.points
                     and (t := self.rollup.tally(a.id, period, level)) is not None and t.assessed]
            links = [f"[{md_escape(self.full_label(a.id))}]"
                     f"({posixpath.relpath(area_path(a.id), posixpath.dirname(here))}#indicators)"
                     for a in found]
            if links:
                lines.append(f"ปี {period}: " + ", ".join(links))
        return ("ตำบลที่มีข้อมูลแต่ไม่มีพิกัดบนแผนที่ (อยู่ในตารางด้านล่าง) — " + "; ".join(lines)
                if lines else "")

    def figure(self, drawing: str, caption: str) -> str:
        return f'<figure class="wr-figure">{drawing}<figcaption>{caption}</figcaption></figure>'

    # -- overview and component pages -----------------------------------------------------------
    def map_table(self, component: str, level: str, here: str) -> DataTable:
        """The map's data for people who do not read maps: every tambon with data, by period."""
        periods = self.rollup.periods
        tambons = [a for a in self.site.areas.values() if a.level == "tambon"
                   and any((t := self.rollup.tally(a.id, p, level)) and t.graded(component)
                           for p in periods)]
        per = ("ประเมิน", "A", "ร้อยละ A") if level == "village" else ("ระดับ",)
        header = ("ตำบล", "อำเภอ", *(f"{h} {p}" for p in periods for h in per))
        rows, cells = [], []
        for tambon in tambons:
            values: list[Any] = []
            for period in periods:
                t = self.rollup.tally(tambon.id, period, level)
                graded = t.graded(component) if t else 0
                a = t.grades[component][0] if t else 0
                if level == "village":
                    values += [graded or None, a if graded else None,
                               _share(a / graded) if graded else None]
                else:
                    values.append(_grade_of(t, component) if graded else None)
            amphoe = self.site.areas[tambon.parent or ""]
            rows.append((tambon.label, amphoe.label, *values))
            link = posixpath.relpath(area_path(tambon.id), posixpath.dirname(here))
            cells.append([f"[{md_escape(tambon.label)}]({link}#indicators)", amphoe.label,
                          *map(_cell, values)])
        name = f"{posixpath.basename(here)[:-3]}-map-{component}-{level}.csv"
        return self.table(name, header, rows, cells, align="ll" + "r" * (len(header) - 2),
                          sortable=True)

    def ranking(self, component: str, level: str, area_level: str, period: int,
                here: str) -> DataTable | None:
        """Areas of one level ranked by share of A (then fewer C, then name) for one period."""
        found = []
        for area in (a for a in self.site.areas.values() if a.level == area_level):
            t = self.rollup.tally(area.id, period, level)
            if t and t.graded(component):
                a, b, c = t.grades[component]
                found.append((-(a / t.graded(component)), c / t.graded(component), area.label,
                              area, t))
        if not found:
            return None
        header = ("อันดับ", "พื้นที่", "ประเมิน", "A", "B", "C", "ร้อยละ A", "ขยับขึ้น", "ลดลง")
        rows, cells = [], []
        for rank, (_, _, _, area, t) in enumerate(sorted(found, key=lambda f: f[:3]), 1):
            row = (rank, self.full_label(area.id), t.graded(component), *t.grades[component],
                   _share(t.share(component, "A")),
                   t.up.get(component, 0) if t.previous else None,
                   t.down.get(component, 0) if t.previous else None)
            rows.append(row)
            link = posixpath.relpath(area_path(area.id), posixpath.dirname(here))
            cells.append([str(rank), f"[{md_escape(row[1])}]({link}#indicators)", *map(_cell, row[2:])])
        name = f"rank-{component}-{level}-{area_level}-{period}.csv"
        return self.table(name, header, rows, cells, align="rl" + "r" * 7, sortable=True)

    def amphoe_table(self, here: str) -> DataTable:
        """Every amphoe with village data: assessed / expected and share of A, per period."""
        periods = self.rollup.periods
        header = ("อำเภอ", *(f"{h} {p}" for p in periods for h in ("ประเมิน", "คาดไว้", "ร้อยละ A")))
        rows, cells = [], []
        for amphoe in (a for a in self.site.areas.values() if a.level == "amphoe"):
            series = {t.period: t for t in self.rollup.series(amphoe.id, "village")}
            if not series:
                continue
            values: list[Any] = []
            for p in periods:
                t = series.get(p)
                values += [t.assessed if t else None, (t.expected or None) if t else None,
                           _share(t.share("overall", "A")) if t else None]
            rows.append((amphoe.label, *values))
            link = posixpath.relpath(area_path(amphoe.id), posixpath.dirname(here))
            cells.append([f"[{md_escape(amphoe.label)}]({link}#indicators)", *map(_cell, values)])
        return self.table("amphoe.csv", header, rows, cells, align="l" + "r" * (len(header) - 1),
                          sortable=True)

    def cohorts_table(self) -> DataTable:
        periods = self.rollup.periods
        header = ("รุ่น", "ชื่อ", "เริ่มปีงบประมาณ", "หน่วย",
                  *(f"ประเมิน {p}" for p in periods))
        rows = []
        for cohort in self.data.cohorts:
            assessed = [sum((u, p) in self.rollup.assessments for u in cohort.units)
                        if p >= cohort.since else None for p in periods]
            rows.append((cohort.number, cohort.name, str(cohort.since), len(cohort.units), *assessed))
        return self.table("cohorts.csv", header, rows, align="rlrr" + "r" * len(periods))

    def sources_table(self, here: str) -> DataTable:
        counts: dict[str, int] = defaultdict(int)
        for reading in self.data.readings:
            if not reading.story:
                counts[reading.source] += 1
        rows = [(posixpath.basename(src), n, self.data.notes.get(src, "")) for src, n in sorted(counts.items())]
        return self.table("sources.csv", ("ไฟล์ข้อมูล", "แถว", "หมายเหตุในไฟล์"), rows, align="lrl")


def _source_name(reading: IndicatorReading, with_row: bool = False) -> str:
    if reading.story:
        return f"บันทึก {reading.story}" if with_row else f"story:{reading.story}"
    name = posixpath.basename(reading.source)
    return f"{name}:{reading.line}" if with_row else name


def _component_row(t: Tally, component: str) -> tuple:
    a, b, c = t.grades[component]
    moved = t.previous is not None
    return (NUMBERED[component], a, b, c, a + b + c, _share(t.share(component, "A")),
            t.up.get(component, 0) if moved else None, t.down.get(component, 0) if moved else None,
            t.same.get(component, 0) if moved else None)


class Percent(int):
    """A whole percentage: shown as '34%' in a table, written as 34 in its CSV."""

    __str__ = int.__repr__


def _share(value: float | None) -> Percent | None:
    """A share as a whole percentage (half up), None when undefined."""
    return None if value is None else Percent(int(100 * value + 0.5))


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, Percent):
        return f"{int(value)}%"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return md_escape(value)


def _count_cell(t: Tally, count: str, noun: str) -> str:
    if count not in t.sums:
        return "–"
    note = "" if t.reported[count] == t.assessed else f" ({t.reported[count]} {noun}ที่รายงาน)"
    return f"{t.sums[count]:,}{note}"


def _grade_of(t: Tally | None, component: str) -> str | None:
    if not t:
        return None
    for grade, n in zip(GRADES, t.grades[component]):
        if n:
            return grade
    return None


# -- the feature -------------------------------------------------------------------------------

def published(data: IndicatorData, site: Site) -> IndicatorData:
    """Readings of unpublished (draft) stories are left out."""
    return replace(data, readings=tuple(r for r in data.readings
                                        if r.story is None or r.story in site.story))


def feature(site: Site, docs: Docs) -> None:
    """Add the indicator pages, area and story sections, CSV files, assets and the nav entry."""
    data = published(site.indicators or IndicatorData(), site)
    view = View(site, data, roll_up(data, site.registry), docs)
    renderer = Renderer(site)
    renderer.env.globals.update(ix=view, GRADED=GRADED, COMPONENTS=COMPONENTS, SHORT=SHORT,
                                NUMBERED=NUMBERED, COMPONENT_TH=COMPONENT_TH, NOUN=NOUN,
                                INDEX=INDEX, component_path=component_path, html_href=html_href)
    docs.add(INDEX, renderer.render("indicator_index.md.j2", INDEX).text)
    for component in GRADED:
        path = component_path(component)
        docs.add(path, renderer.render("indicator_component.md.j2", path, component=component).text)
    add_sections(site, docs, renderer, data)
    docs.files[READINGS_CSV] = readings_csv(data.readings, site.registry)
    for table in view.tables.values():
        docs.files[table.path] = csv_bytes(table.csv_header, table.csv_rows)
    for source, target in ASSETS.items():
        docs.files[target] = (TEMPLATES / source).read_bytes()
    docs.css.append(ASSETS["indicators.css"])
    docs.js.append(ASSETS["indicators.js"])
    docs.nav.append({"ตัวชี้วัด": INDEX})


def add_sections(site: Site, docs: Docs, renderer: Renderer, data: IndicatorData) -> None:
    """The indicator section of every area page, and of every story that carries readings."""
    for area in site.areas.values():
        if area_path(area.id) in docs.pages:
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
