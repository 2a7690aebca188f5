"""The indicator charts and the potential map, as inline SVG figures with their captions."""

from __future__ import annotations

import posixpath

from . import svg
from .maps import MapFrame, site_frame, year_tabs
from .lookup import NOUN, NUMBERED, SHORT, IndicatorIndex
from .model import GRADED, GRADES
from .rollup import Tally
from ..escape import html_text
from ..model import Area
from ..pages import md_escape
from ..paths import area_path, html_href


class Figures:
    """The figures the indicator templates ask for."""

    def __init__(self, ix: IndicatorIndex):
        self.ix = ix
        self._frame: MapFrame | None = None

    def bars_figure(self, tally: Tally, area: Area) -> str:
        """Stacked A/B/C bars per component for one area and period, with its caption."""
        noun = NOUN[tally.level]
        title = f"ระดับ A B C รายองค์ประกอบ {noun}ใน{area.label} ปีงบประมาณ {tally.period}"
        drawing = svg.grade_bars([(NUMBERED[c], tally.grades[c]) for c in GRADED], title)
        return self.figure(drawing, f"<b>ปีงบประมาณ {tally.period}</b> · จำนวน{noun}ในแต่ละระดับ "
                                    f"รายองค์ประกอบ · {self.source_note(area.id, [tally.period], tally.level)}")

    def trend_figure(self, area: Area, level: str) -> str:
        """One stacked column of the overall grade per period."""
        series = self.ix.rollup.series(area.id, level)
        title = f"ระดับภาพรวมของ{NOUN[level]}ใน{area.label} แต่ละปีงบประมาณ"
        drawing = svg.trend_columns([(str(t.period), t.grades["overall"]) for t in series], title)
        span = f"{series[0].period}–{series[-1].period}" if len(series) > 1 else str(series[0].period)
        note = self.source_note(area.id, [t.period for t in series], level)
        return self.figure(drawing, f"<b>ปีงบประมาณ {span}</b> · ระดับภาพรวมของ{NOUN[level]} · {note}")

    def map_figure(self, period: int, component: str, level: str, here: str) -> str:
        """The potential map of one period: share of A (villages) or the grade (tambons)."""
        marks = {}
        for code in self.ix.points:
            tally = self.ix.rollup.tally(code, period, level)
            if not tally or not tally.graded(component):
                continue
            a, graded = tally.grades[component][0], tally.graded(component)
            href = html_href(area_path(code), here, "indicators")
            if level == "village":
                title = (f"{self.ix.full_label(code)}: ระดับ A {a} จาก {graded} หมู่บ้าน "
                         f"({svg.pct(a, graded)}) ปีงบประมาณ {period}")
                marks[code] = svg.Mark(svg.share_fill(a / graded), title, href)
            else:
                grade = GRADES[[i for i, n in enumerate(tally.grades[component]) if n][0]]
                marks[code] = svg.Mark(svg.GRADE_FILL[grade],
                                       f"{self.ix.full_label(code)}: ระดับ {grade} ปีงบประมาณ {period}", href)
        legend = svg.SHARE_LEGEND if level == "village" else svg.GRADE_LEGEND
        what = ("สัดส่วนหมู่บ้านระดับ A" if level == "village" else "ระดับของตำบล")
        title = f"แผนที่ศักยภาพ {what} องค์ประกอบ{SHORT[component]} ปีงบประมาณ {period}"
        frame = self.map_frame()
        drawing = svg.potential_map(frame.tessellation, frame.size, marks, frame.labels, title,
                                    f"{component}-{level}-{period}") + svg.map_legend(legend)
        caption = (f"<b>ปีงบประมาณ {period}</b> · {what} ({SHORT[component]}) · {len(marks)} ตำบล "
                   f"· {svg.SCHEMATIC}: แต่ละช่องคือพื้นที่ที่ใกล้จุดของตำบลนั้นที่สุด เส้นหนาแบ่งอำเภอ "
                   f"ลายเส้นทแยงคือไม่มีข้อมูล · ตารางใต้แผนที่มีข้อมูลชุดเดียวกัน"
                   f"<br>{self.source_note(self.ix.site.registry.provinces[0], [period], level)}")
        return f'<figure class="wr-figure wr-map-figure">{drawing}<figcaption>{caption}</figcaption></figure>'

    def map_tabs(self, component: str, level: str, here: str) -> str:
        """One large map, the year chosen by tabs (no JavaScript)."""
        panels = [(str(p), self.map_figure(p, component, level, here))
                  for p in self.ix.map_periods(level)]
        return year_tabs(f"wr-map-{component}-{level}", panels)

    def map_frame(self) -> MapFrame:
        """The cells and labels shared by every map, computed on first use."""
        if self._frame is None:
            self._frame = site_frame(self.ix.site.areas)
        return self._frame

    def unplaced(self, level: str, here: str) -> str:
        """A line naming the tambons with data that have no map point, so none goes unseen."""
        lines = []
        for period in self.ix.map_periods(level):
            found = [a for a in self.ix.site.areas.values() if a.level == "tambon"
                     and a.id not in self.ix.points
                     and (t := self.ix.rollup.tally(a.id, period, level)) is not None and t.assessed]
            links = [f"[{md_escape(self.ix.full_label(a.id))}]"
                     f"({posixpath.relpath(area_path(a.id), posixpath.dirname(here))}#indicators)"
                     for a in found]
            if links:
                lines.append(f"ปี {period}: " + ", ".join(links))
        return ("ตำบลที่มีข้อมูลแต่ไม่มีพิกัดบนแผนที่ (อยู่ในตารางด้านล่าง) — " + "; ".join(lines)
                if lines else "")

    def source_note(self, area: str, periods: list[int], level: str) -> str:
        """`IndicatorIndex.source_note` for a caption: data files' names are a contributor's."""
        return html_text(self.ix.source_note(area, periods, level))

    def figure(self, drawing: str, caption: str) -> str:
        return f'<figure class="wr-figure">{drawing}<figcaption>{caption}</figcaption></figure>'
