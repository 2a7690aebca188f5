"""Indicator roll-ups (pure): village → tambon → amphoe → province with completeness and
change between periods; and the readings as CSV for download."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .model import COLUMNS, COUNTS, GRADED, GRADES, IndicatorData, IndicatorReading, UNIT_LEVELS
from ..escape import csv_cell
from ..model import Registry

# -- roll-ups (pure) ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    """A unit's merged grades and counts for one period, and the readings they came from."""

    unit: str
    level: str
    period: int
    grades: Mapping[str, str]
    counts: Mapping[str, int]
    readings: tuple[IndicatorReading, ...]


@dataclass(frozen=True)
class Tally:
    """One area, one period, one kind of unit: grade counts, sums, completeness and change."""

    area: str
    period: int
    level: str                                  # the units counted: village or tambon
    assessed: int
    expected: int                               # units of the cohorts due this period
    expected_assessed: int
    grades: Mapping[str, tuple[int, int, int]]  # component -> (A, B, C)
    sums: Mapping[str, int]
    reported: Mapping[str, int]                 # units that reported each count
    previous: int | None = None
    up: Mapping[str, int] = field(default_factory=dict)
    down: Mapping[str, int] = field(default_factory=dict)
    same: Mapping[str, int] = field(default_factory=dict)

    def graded(self, component: str) -> int:
        return sum(self.grades.get(component, (0, 0, 0)))

    def share(self, component: str, grade: str) -> float | None:
        """Share of graded units with `grade` (0–1), None when nobody was graded."""
        total = self.graded(component)
        return self.grades[component][GRADES.index(grade)] / total if total else None

    @property
    def completeness(self) -> float | None:
        return self.expected_assessed / self.expected if self.expected else None

    @property
    def outside(self) -> int:
        """Assessed units that no cohort of this period expects."""
        return self.assessed - self.expected_assessed


@dataclass(frozen=True)
class Rollup:
    """Every assessment and every tally, keyed for the page stage."""

    periods: tuple[int, ...]
    assessments: Mapping[tuple[str, int], Assessment]
    tallies: Mapping[tuple[str, int, str], Tally]

    def tally(self, area: str, period: int, level: str = "village") -> Tally | None:
        return self.tallies.get((area, period, level))

    def series(self, area: str, level: str = "village") -> list[Tally]:
        """The area's tallies for every period with data, oldest first."""
        return [t for p in self.periods if (t := self.tallies.get((area, p, level)))]

    def levels(self, area: str) -> list[str]:
        return [lv for lv in UNIT_LEVELS if any((area, p, lv) in self.tallies for p in self.periods)]


def merge_readings(readings: Iterable[IndicatorReading]) -> dict[tuple[str, int], Assessment]:
    """One assessment per unit and period (readings of one unit give disjoint fields)."""
    groups: dict[tuple[str, int], list[IndicatorReading]] = defaultdict(list)
    for reading in readings:
        groups[(reading.area, reading.period)].append(reading)
    return {key: Assessment(key[0], group[0].level, key[1],
                            {f: g for r in group for f, g in r.grades},
                            {f: n for r in group for f, n in r.counts},
                            tuple(sorted(group, key=lambda r: (r.source, r.line))))
            for key, group in sorted(groups.items())}


class _Acc:
    def __init__(self):
        self.assessed = self.expected = self.expected_assessed = 0
        self.grades = {c: [0, 0, 0] for c in GRADED}
        self.sums: dict[str, int] = defaultdict(int)
        self.reported: dict[str, int] = defaultdict(int)
        self.moves = {kind: defaultdict(int) for kind in ("up", "down", "same")}

    def add(self, assessment: Assessment) -> None:
        self.assessed += 1
        for component, grade in assessment.grades.items():
            self.grades[component][GRADES.index(grade)] += 1
        for name, number in assessment.counts.items():
            self.sums[name] += number
            self.reported[name] += 1

    def freeze(self, area: str, period: int, level: str, previous: int | None) -> Tally:
        moves = {k: {c: v[c] for c in GRADED if c in v} for k, v in self.moves.items()}
        return Tally(area, period, level, self.assessed, self.expected, self.expected_assessed,
                     {c: tuple(v) for c, v in self.grades.items()},  # type: ignore[misc]
                     {c: self.sums[c] for c in COUNTS if c in self.sums},
                     {c: self.reported[c] for c in COUNTS if c in self.reported},
                     previous, moves["up"], moves["down"], moves["same"])


def roll_up(data: IndicatorData, registry: Registry) -> Rollup:
    """Tallies for every area (the unit and all its ancestors), period and kind of unit."""
    assessments = merge_readings(data.readings)
    periods = tuple(sorted({p for _, p in assessments}))
    previous = dict(zip(periods, (None, *periods)))
    chains: dict[str, list[str]] = {}
    chain = lambda u: chains.get(u) or chains.setdefault(  # noqa: E731
        u, [a.id for a in registry.ancestors(u)] + [u])
    acc: dict[tuple[str, int, str], _Acc] = defaultdict(_Acc)
    for (unit, period), assessment in assessments.items():
        for area in chain(unit):
            acc[(area, period, assessment.level)].add(assessment)
        before = assessments.get((unit, previous[period] or 0))
        for kind, component in _moves(before, assessment):
            for area in chain(unit):
                acc[(area, period, assessment.level)].moves[kind][component] += 1
    for cohort in data.cohorts:
        for unit in cohort.units:
            level = registry.areas[unit].level
            for period in (p for p in periods if p >= cohort.since):
                for area in chain(unit):
                    tally = acc[(area, period, level)]
                    tally.expected += 1
                    tally.expected_assessed += (unit, period) in assessments
    tallies = {key: a.freeze(*key, previous[key[1]]) for key, a in sorted(acc.items())}
    return Rollup(periods, assessments, tallies)


def _moves(before: Assessment | None, now: Assessment) -> list[tuple[str, str]]:
    """(up|down|same, component) for each component graded in both periods."""
    if before is None:
        return []
    moves = []
    for component in GRADED:
        old, new = before.grades.get(component), now.grades.get(component)
        if old and new:
            step = GRADES.index(old) - GRADES.index(new)
            moves.append(("up" if step > 0 else "down" if step < 0 else "same", component))
    return moves


# -- writing -----------------------------------------------------------------------------------

def csv_bytes(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file Excel opens with Thai intact: UTF-8 with BOM, CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(header))
    writer.writerows([["" if v is None else csv_cell(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def readings_csv(readings: Iterable[IndicatorReading], registry: Registry) -> bytes:
    """Readings in the data-file format (village or tambon totals only), readable back in."""
    header = [COLUMNS[f][0] for f in ("period", "tambon", "moo", "cohort", *GRADED, *COUNTS)]
    rows = []
    for r in sorted(readings, key=lambda r: (r.period, r.area, r.source, r.line)):
        grades, counts = dict(r.grades), dict(r.counts)
        tambon = r.area if r.level == "tambon" else registry.areas[r.area].parent
        moo = int(r.area[6:]) if r.level == "village" else None
        rows.append([r.period, tambon, moo, r.cohort, *(grades.get(f) for f in GRADED),
                     *(counts.get(f) for f in COUNTS)])
    return csv_bytes(header, rows)
