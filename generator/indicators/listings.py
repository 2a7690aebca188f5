"""The indicator tables: each shown as HTML on a page and offered as a CSV file."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from markupsafe import Markup

from .lookup import NOUN, NUMBERED, SHORT, IndicatorIndex, source_name
from .model import COLUMNS, COUNTS, COUNT_TH, GRADED, GRADES, IndicatorReading
from .rollup import Assessment, Tally
from ..htmltable import cell_text, link, table_html
from ..paths import area_path, html_href, story_path

CSV_DIR = "indicators/csv"


@dataclass(frozen=True)
class DataTable:
    """A table shown as HTML and offered as CSV (raw values; the CSV may have more columns);
    `cells` are HTML."""

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

    def html(self) -> Markup:
        """The table as a page shows it (in a `<div class="wr-table">`)."""
        return table_html(self.header, self.align, self.cells,
                          "wr-table wr-sortable" if self.sortable else "wr-table")


class Tables:
    """The tables the indicator templates ask for; every one is kept for its CSV file."""

    def __init__(self, ix: IndicatorIndex):
        self.ix = ix
        self.tables: dict[str, DataTable] = {}

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
        series = [t for t in self.ix.rollup.series(area, level) if t.assessed]
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
        for t in self.ix.rollup.series(area, level):
            a, b, c = t.grades["overall"]
            rows.append((str(t.period), t.assessed, t.expected or None, _share(t.completeness),
                         t.outside if t.expected else None, a, b, c,
                         t.up.get("overall") if t.previous else None,
                         t.down.get("overall") if t.previous else None))
        return self.table(f"{prefix}-{area}-{level}-periods.csv", header, rows, align="l" + "r" * 9)

    def counts_table(self, area: str, level: str) -> DataTable:
        series = [t for t in self.ix.rollup.series(area, level) if t.assessed]
        header = ("รายการ", *(f"ปี {t.period}" for t in series))
        rows = [(COUNT_TH[c], *(t.sums.get(c) for t in series)) for c in COUNTS]
        cells = [[COUNT_TH[c], *(_count_cell(t, c, NOUN[level]) for t in series)] for c in COUNTS]
        return self.table(f"area-{area}-{level}-counts.csv", header, rows, cells,
                          align="l" + "r" * len(series))

    def children_table(self, area: str, level: str, here: str) -> DataTable:
        """The child areas' newest tallies, each linking to the child's summary."""
        header = ("พื้นที่", "ปีงบประมาณ", "ประเมิน", "คาดไว้", "ครบถ้วน", "A", "B", "C", "ร้อยละ A")
        rows, cells = [], []
        for child in self.ix.site.registry.children(area):
            tally = self.ix.latest(child.id, level) or next(iter(self.ix.rollup.series(child.id, level)), None)
            if tally is None:
                continue
            a, b, c = tally.grades["overall"]
            row = (child.label, str(tally.period), tally.assessed, tally.expected or None,
                   _share(tally.completeness), a, b, c, _share(tally.share("overall", "A")))
            rows.append(row)
            cells.append([link(html_href(area_path(child.id), here, "indicators"), child.label),
                          *map(_cell, row[1:])])
        return self.table(f"area-{area}-{level}-children.csv", header, rows, cells,
                          align="lrrrrrrrr", sortable=len(rows) > 5)

    def units_table(self, name: str, units: Iterable[str], here: str,
                    short: bool = False) -> DataTable:
        """Each unit's grades per period, with where each reading came from (provenance)."""
        header = ("หน่วย", "ปีงบประมาณ", *(SHORT[c] for c in GRADED), "ที่มา")
        csv_header = ("รหัส", "หน่วย", "ปีงบประมาณ", *(COLUMNS[c][0] for c in GRADED),
                      *(COLUMNS[c][0] for c in COUNTS), "ที่มา")
        rows, shown, cells = [], [], []
        for code in units:
            label = self.ix.site.areas[code].name_th if short else self.ix.full_label(code)
            for period in self.ix.rollup.periods:
                found = self.ix.rollup.assessments.get((code, period))
                if found is None:
                    continue
                grades = [found.grades.get(c) for c in GRADED]
                where = "; ".join(source_name(r, with_row=True) for r in found.readings)
                rows.append((code, label, str(period), *grades, *(found.counts.get(c) for c in COUNTS),
                             where))
                shown.append((label, str(period), *grades, where))
                anchor = f'<span id="u-{code}"></span>' if not any(r[0] == code for r in rows[:-1]) else ""
                cells.append([Markup(anchor) + cell_text(label), str(period),
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
            row = (self.ix.full_label(r.area), str(r.period), *(values.get(f) for f in fields))
            rows.append(row)
            page, anchor = self.ix.unit_target(r.area)
            cells.append([link(html_href(page, here, anchor), row[0]), *map(_cell, row[1:])])
        return self.table(f"story-{story.id}.csv", header, rows, cells,
                          align="lr" + "r" * len(fields))

    def provenance(self, assessment: Assessment, here: str) -> Markup:
        """Where an assessment's readings came from: links to stories, names of data files."""
        parts = []
        for reading in assessment.readings:
            if reading.story and reading.story in self.ix.site.story:
                story = self.ix.site.story[reading.story]
                parts.append(link(html_href(story_path(story), here, "indicators"),
                                  f"บันทึก {story.date.day}/{story.date.month}/{story.year_be}"))
            else:
                parts.append(cell_text(source_name(reading, with_row=True)))
        return Markup("; ").join(parts)

    def map_table(self, component: str, level: str, here: str) -> DataTable:
        """The map's data for people who do not read maps: every tambon with data, by period."""
        periods = self.ix.rollup.periods
        tambons = [a for a in self.ix.site.areas.values() if a.level == "tambon"
                   and any((t := self.ix.rollup.tally(a.id, p, level)) and t.graded(component)
                           for p in periods)]
        per = ("ประเมิน", "A", "ร้อยละ A") if level == "village" else ("ระดับ",)
        header = ("ตำบล", "อำเภอ", *(f"{h} {p}" for p in periods for h in per))
        rows, cells = [], []
        for tambon in tambons:
            values: list[Any] = []
            for period in periods:
                t = self.ix.rollup.tally(tambon.id, period, level)
                graded = t.graded(component) if t else 0
                a = t.grades[component][0] if t else 0
                if level == "village":
                    values += [graded or None, a if graded else None,
                               _share(a / graded) if graded else None]
                else:
                    values.append(_grade_of(t, component) if graded else None)
            amphoe = self.ix.site.areas[tambon.parent or ""]
            rows.append((tambon.label, amphoe.label, *values))
            cells.append([link(html_href(area_path(tambon.id), here, "indicators"), tambon.label),
                          amphoe.label,
                          *map(_cell, values)])
        name = f"{posixpath.basename(here)[:-3]}-map-{component}-{level}.csv"
        return self.table(name, header, rows, cells, align="ll" + "r" * (len(header) - 2),
                          sortable=True)

    def ranking(self, component: str, level: str, area_level: str, period: int,
                here: str) -> DataTable | None:
        """Areas of one level ranked by share of A (then fewer C, then name) for one period."""
        found = []
        for area in (a for a in self.ix.site.areas.values() if a.level == area_level):
            t = self.ix.rollup.tally(area.id, period, level)
            if t and t.graded(component):
                a, b, c = t.grades[component]
                found.append((-(a / t.graded(component)), c / t.graded(component), area.label,
                              area, t))
        if not found:
            return None
        header = ("อันดับ", "พื้นที่", "ประเมิน", "A", "B", "C", "ร้อยละ A", "ขยับขึ้น", "ลดลง")
        rows, cells = [], []
        for rank, (_, _, _, area, t) in enumerate(sorted(found, key=lambda f: f[:3]), 1):
            row = (rank, self.ix.full_label(area.id), t.graded(component), *t.grades[component],
                   _share(t.share(component, "A")),
                   t.up.get(component, 0) if t.previous else None,
                   t.down.get(component, 0) if t.previous else None)
            rows.append(row)
            cells.append([str(rank), link(html_href(area_path(area.id), here, "indicators"), row[1]),
                          *map(_cell, row[2:])])
        name = f"rank-{component}-{level}-{area_level}-{period}.csv"
        return self.table(name, header, rows, cells, align="rl" + "r" * 7, sortable=True)

    def amphoe_table(self, here: str) -> DataTable:
        """Every amphoe with village data: assessed / expected and share of A, per period."""
        periods = self.ix.rollup.periods
        header = ("อำเภอ", *(f"{h} {p}" for p in periods for h in ("ประเมิน", "คาดไว้", "ร้อยละ A")))
        rows, cells = [], []
        for amphoe in (a for a in self.ix.site.areas.values() if a.level == "amphoe"):
            series = {t.period: t for t in self.ix.rollup.series(amphoe.id, "village")}
            if not series:
                continue
            values: list[Any] = []
            for p in periods:
                t = series.get(p)
                values += [t.assessed if t else None, (t.expected or None) if t else None,
                           _share(t.share("overall", "A")) if t else None]
            rows.append((amphoe.label, *values))
            cells.append([link(html_href(area_path(amphoe.id), here, "indicators"), amphoe.label),
                          *map(_cell, values)])
        return self.table("amphoe.csv", header, rows, cells, align="l" + "r" * (len(header) - 1),
                          sortable=True)

    def cohorts_table(self) -> DataTable:
        periods = self.ix.rollup.periods
        header = ("รุ่น", "ชื่อ", "เริ่มปีงบประมาณ", "หน่วย",
                  *(f"ประเมิน {p}" for p in periods))
        rows = []
        for cohort in self.ix.data.cohorts:
            assessed = [sum((u, p) in self.ix.rollup.assessments for u in cohort.units)
                        if p >= cohort.since else None for p in periods]
            rows.append((cohort.number, cohort.name, str(cohort.since), len(cohort.units), *assessed))
        return self.table("cohorts.csv", header, rows, align="rlrr" + "r" * len(periods))

    def sources_table(self, here: str) -> DataTable:
        counts: dict[str, int] = defaultdict(int)
        for reading in self.ix.data.readings:
            if not reading.story:
                counts[reading.source] += 1
        rows = [(posixpath.basename(src), n, self.ix.data.notes.get(src, "")) for src, n in sorted(counts.items())]
        return self.table("sources.csv", ("ไฟล์ข้อมูล", "แถว", "หมายเหตุในไฟล์"), rows, align="lrl")


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


def _cell(value: Any) -> Markup:
    """A value as its table cell shows it (HTML)."""
    if value is None:
        return Markup("–")
    if isinstance(value, Percent):
        return Markup(f"{int(value)}%")
    if isinstance(value, int) and not isinstance(value, bool):
        return Markup(f"{value:,}")
    return cell_text(value)


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
