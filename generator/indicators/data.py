"""The indicator check stage: the cohort registry, every data file and story reading, read,
checked and cross-checked (duplicates, cohorts); problems collected."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

import yaml

from .model import (COHORTS_FILE, COLUMNS, Cohort, DATA_SUFFIXES, IGNORED_SUFFIXES, IndicatorData,
                    IndicatorError, IndicatorReading)
from .tables import RowChecker, check_story_readings, check_table, data_paths, read_table
from .values import cell_text, parse_period, parse_whole, resolve_unit
from ..areas import AreaResolver
from ..errors import Problems
from ..model import Registry, Story
from ..files import readable
from ..load import unseen_error
from ..yamlsource import Lines, load_yaml_file, yaml_error_line, yaml_error_text

# -- cohorts -----------------------------------------------------------------------------------

def load_cohorts(root: Path, areas: AreaResolver, registry: Registry,
                 problems: Problems) -> tuple[Cohort, ...]:
    """content/registry/cohorts.yml: which villages and tambons each cohort expects."""
    path = root / COHORTS_FILE
    source = COHORTS_FILE.as_posix()
    if not readable(path, root, problems):  # missing, or a link out of content/ (an error)
        return ()
    try:
        data, lines = load_yaml_file(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.error(source, 0, "file", "not UTF-8 text", "ไฟล์ไม่ใช่ข้อความ UTF-8",
                       "save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")
        return ()
    except yaml.YAMLError as exc:
        problems.error(source, yaml_error_line(exc), "yaml", *yaml_error_text(
            exc, 0, "อ่าน YAML ไม่ได้", "check indentation and quotes",
            "ตรวจการย่อหน้าและเครื่องหมายคำพูด"))
        return ()
    entries = (data or {}).get("cohorts") or {} if isinstance(data, (dict, type(None))) else None
    if not isinstance(entries, dict):
        problems.error(source, lines.line("cohorts"), "cohorts", "cohorts must be a mapping "
                       "{1: {name, since, villages, tambons}}", "cohorts ต้องเป็นแบบ {1: {...}}")
        return ()
    cohorts, owner = [], {}
    block = lines.nested.get("cohorts", Lines())
    for key, entry in entries.items():
        if not isinstance(entry or {}, dict) or any(
                not isinstance(entry.get(f) or [], list) for f in ("villages", "tambons")):
            problems.error(source, block.line(str(key)), f"cohorts.{key}", "a cohort must be "
                           "name:, since:, and villages: or tambons: as lists (- code or name)",
                           "รุ่นต้องมี name:, since: และ villages: หรือ tambons: เป็นรายการ (- รหัสหรือชื่อ)")
            continue
        cohort = _cohort(key, entry or {}, block.nested.get(str(key), Lines(block.line(str(key)))),
                         source, areas, registry, problems)
        for unit in cohort.units if cohort else ():
            if unit in owner:
                problems.error(source, block.line(str(key)), f"cohorts.{key}",
                               f"{areas.full_label(unit)} ({unit}) is also in cohort {owner[unit]}",
                               f"{areas.full_label(unit)} ({unit}) อยู่ในรุ่นที่ {owner[unit]} แล้ว",
                               "a unit belongs to one cohort", "หน่วยหนึ่งอยู่ได้รุ่นเดียว")
            owner.setdefault(unit, cohort.number)
        if cohort:
            cohorts.append(cohort)
    return tuple(sorted(cohorts, key=lambda c: c.number))


def _cohort(key: Any, entry: dict, lines: Lines, source: str, areas: AreaResolver,
            registry: Registry, problems: Problems) -> Cohort | None:
    check = RowChecker(source, lines.start, problems, lambda f: f"cohorts.{key}.{f}")
    number = check.get("number", lambda v: parse_whole(v, ("cohort", "รุ่น"), 1, 99), key)
    since = check.get("since", parse_period, entry.get("since"))
    units: list[str] = []
    for fld, levels in (("villages", ("village", "tambon")), ("tambons", ("tambon",))):
        for index, ref in enumerate(entry.get(fld) or []):
            row = RowChecker(source, lines.item(fld, index), problems, lambda f: f"cohorts.{key}.{f}")
            code = row.get(fld, lambda v: resolve_unit(areas, v), ref)
            if code and areas.areas[code].level not in levels:
                row.get(fld, _raise_not_tambon, areas.full_label(code))
            elif code and fld == "villages" and areas.areas[code].level == "tambon":
                units += [c.id for c in registry.children(code)] or [
                    row.get(fld, _raise_no_villages, areas.full_label(code)) or ""]
            elif code:
                units.append(code)
            check.failed |= row.failed
    if check.failed or number is None or since is None:
        return None
    name = cell_text(entry.get("name")) or f"รุ่นที่ {number}"
    unseen = unseen_error(name, "in the name", "ในชื่อรุ่น")
    if unseen:
        problems.error(source, lines.line("name"), f"cohorts.{key}.name", *unseen)
    return Cohort(number, name, since, tuple(dict.fromkeys(u for u in units if u)))


def _raise_no_villages(label: str) -> None:
    raise IndicatorError(f"no villages of {label} are listed", f"ยังไม่มีรายชื่อหมู่บ้านของ{label}",
                         "add the tambon to content/registry/villages.yml, or list it under tambons:",
                         "เพิ่มตำบลนี้ใน content/registry/villages.yml หรือใส่ไว้ใต้ tambons:")


def _raise_not_tambon(label: str) -> None:
    raise IndicatorError(f"{label} is a village, not a tambon", f"{label} เป็นหมู่บ้าน ไม่ใช่ตำบล",
                         "list villages under villages:", "ใส่หมู่บ้านไว้ใต้ villages:")


# -- the whole check stage ---------------------------------------------------------------------

def load_indicators(root: Path, resolvers, stories: Iterable[Story], problems: Problems,
                    rows=None) -> IndicatorData:
    """Read, check and cross-check every reading and the cohort registry; problems collected.
    `rows` replaces `tables.read_rows` (the check cache passes a cached one)."""
    areas, registry = resolvers.areas, resolvers.registry
    cohorts = load_cohorts(root, areas, registry, problems)
    readings: list[IndicatorReading] = []
    notes: dict[str, str] = {}
    for path in data_paths(root, problems):
        source = path.relative_to(root).as_posix()
        if path.suffix.lower() in IGNORED_SUFFIXES or path.name.startswith("."):
            continue
        if path.suffix.lower() not in DATA_SUFFIXES:
            problems.error(source, 0, "file", f'"{path.suffix}" files are not read',
                           f'ไม่อ่านไฟล์ชนิด "{path.suffix}"', "save the sheet as .xlsx or CSV UTF-8",
                           "บันทึกตารางเป็น .xlsx หรือ CSV UTF-8")
            continue
        table = read_table(path, root, problems, rows)
        if table:
            notes[table.source] = table.note
            readings += check_table(table, areas, problems)
    for story in sorted(stories, key=lambda s: s.source):
        readings += check_story_readings(story, story.indicator_lines, areas, problems)
    readings = check_duplicates(readings, areas, problems)
    check_cohorts(readings, cohorts, problems)
    return IndicatorData(tuple(readings), cohorts, dict(sorted(notes.items())))


def check_duplicates(readings: list[IndicatorReading], areas: AreaResolver,
                     problems: Problems) -> list[IndicatorReading]:
    """One value per unit, period and field: a second one is an error naming both places."""
    seen: dict[tuple[str, int, str], IndicatorReading] = {}
    kept = []
    for reading in readings:
        clash: dict[IndicatorReading, list[str]] = defaultdict(list)
        for fld in reading.fields:
            other = seen.setdefault((reading.area, reading.period, fld), reading)
            if other is not reading:
                clash[other].append(fld)
        for other, fields in clash.items():
            names = ", ".join(COLUMNS[f][0] for f in fields)
            label = f"{areas.full_label(reading.area)} ({reading.area})"
            column = f"indicators.{fields[0]}" if reading.story else COLUMNS[fields[0]][0]
            problems.error(reading.source, reading.line, column,
                           f"duplicate reading of {label} for {reading.period} ({names}); "
                           f"also at {other.source}:{other.line}",
                           f"ผลประเมินซ้ำของ {label} ปี {reading.period} ({names}) "
                           f"ซ้ำกับ {other.source}:{other.line}",
                           "keep one row per unit and period", "ให้มีแถวเดียวต่อหน่วยต่อปี")
        if not clash:
            kept.append(reading)
    return kept


def check_cohorts(readings: list[IndicatorReading], cohorts: tuple[Cohort, ...],
                  problems: Problems) -> None:
    """A reading's cohort, when written, must agree with content/registry/cohorts.yml."""
    owner = {u: c.number for c in cohorts for u in c.units}
    for reading in readings:
        listed = owner.get(reading.area)
        if reading.cohort and listed and reading.cohort != listed:
            column = "indicators.cohort" if reading.story else COLUMNS["cohort"][0]
            problems.error(reading.source, reading.line, column,
                           f"cohort {reading.cohort} here, but {COHORTS_FILE.as_posix()} lists "
                           f"this unit in cohort {listed}",
                           f"ระบุรุ่นที่ {reading.cohort} แต่ทะเบียนรุ่นระบุรุ่นที่ {listed}",
                           "correct the cohort here or in the registry",
                           "แก้รุ่นในแถวนี้หรือในทะเบียนรุ่น")
