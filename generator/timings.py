"""Where a build's time goes: `with stage("pages"):` around each step, a table at the end.

Stages are recorded only while a `collect()` block is open (`wongrian build --timings`);
otherwise `stage` costs one attribute look-up. Stages may nest; the table indents them.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

# Thai names of the stages the pipeline reports; other names are shown as they are.
STAGE_TH = {
    "config": "อ่านการตั้งค่า",
    "registry": "อ่านทะเบียนหน่วยงานและพื้นที่",
    "load": "อ่านไฟล์บันทึก",
    "read ahead": "อ่านและตรวจบันทึกใหม่ล่วงหน้า",
    "check": "ตรวจบันทึก",
    "indicators": "อ่านข้อมูลตัวชี้วัด",
    "site": "จัดทำดัชนีของเว็บ",
    "pages": "สร้างหน้า Markdown",
    "network": "เครือข่าย",
    "indicator pages": "หน้าตัวชี้วัด",
    "search grams": "ตัดคำค้นของบันทึกล่วงหน้า",
    "search": "ดัชนีค้นหา",
    "write": "เขียนไฟล์",
    "mkdocs": "MkDocs สร้างหน้าเว็บ",
    "link": "เชื่อมหน้าเว็บจากแคช",
    "swap": "สลับเว็บใหม่เข้าที่",
    "total": "รวม",
}


@dataclass
class Timings:
    """Stages in the order they ended: (name, depth, seconds)."""

    stages: list[tuple[str, int, float]] = field(default_factory=list)
    depth: int = 0

    def table(self, total: float | None = None) -> str:
        """A plain-text table, stage by stage, in English and Thai."""
        total = total if total is not None else sum(s for _, d, s in self.stages if d == 0)
        rows = [("stage", "ขั้นตอน", "seconds", "%")]
        for name, depth, seconds in _in_start_order(self.stages):
            share = f"{100 * seconds / total:.0f}" if total > 0 else "-"
            rows.append(("  " * depth + name, STAGE_TH.get(name, name), f"{seconds:.2f}", share))
        rows.append(("total", STAGE_TH["total"], f"{total:.2f}", "100"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d:>{widths[3]}}"
                 for a, b, c, d in rows]
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(lines)


def _in_start_order(stages: list[tuple[str, int, float]]) -> list[tuple[str, int, float]]:
    """Stages are recorded when they end (inner first); show each parent before its parts."""
    ordered: list[tuple[str, int, float]] = []
    waiting: list[tuple[str, int, float]] = []
    for entry in stages:
        inner = [w for w in waiting if w[1] > entry[1]]
        waiting = [w for w in waiting if w[1] <= entry[1]]
        if entry[1] == 0:
            ordered += [entry, *inner]
        else:
            waiting += [entry, *inner]
    return ordered + waiting


_active: Timings | None = None


@contextmanager
def collect() -> Iterator[Timings]:
    """Record every `stage` run inside this block."""
    global _active
    outer, _active = _active, Timings()
    try:
        yield _active
    finally:
        _active = outer


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage `name` (when a `collect()` block is open)."""
    timings = _active
    if timings is None:
        yield
        return
    started = time.perf_counter()
    timings.depth += 1
    try:
        yield
    finally:
        timings.depth -= 1
        timings.stages.append((name, timings.depth, time.perf_counter() - started))
