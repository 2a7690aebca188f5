"""Indicator readings from data files (CSV, XLSX) and story front matter, checked row by row;
personal data (names, phone and ID-card numbers) rejects the whole file."""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path
from typing import Any, Mapping

from .model import (COLUMNS, COUNTS, FILE_COLUMNS, GRADED, HEADER, INDICATORS_DIR, IndicatorError,
                    IndicatorReading, PERSONAL_HEADERS, PERSONAL_VALUES, Table)
from .values import (cell_text, parse_count, parse_grade, parse_period, parse_whole,
                     resolve_amphoe, resolve_tambon, resolve_unit, resolve_village)
from ..areas import AreaResolver, ResolveError
from ..dates import fiscal_year
from ..errors import Problems
from ..files import walk
from ..load import UNSEEN, control_lines
from ..model import Story
from ..thai import squash

# -- data files --------------------------------------------------------------------------------

def data_paths(root: Path, problems: Problems | None = None) -> list[Path]:
    """Every file under content/indicators, in a stable order (links out of content/ and
    editors' lock and backup files left out: see files.walk)."""
    return walk(root, root / INDICATORS_DIR, problems if problems is not None else Problems())


MAX_ROWS, MAX_COLUMNS = 100_000, 200  # a data file of more is refused (a sheet can declare
# 1,048,576 × 16,384 cells in a file of 5 KB, and a reader would fill them all in)


class TooBig(ValueError):
    """A data file with more than MAX_ROWS rows."""


class NoValue(ValueError):
    """A sheet's formula cell without the value a spreadsheet program saves beside it."""

    def __init__(self, row: int, column: str):
        super().__init__(f"{column}{row}")
        self.row, self.column = row, column


def read_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    """(spreadsheet row number, cells) of a CSV (UTF-8, BOM accepted) or the first XLSX sheet,
    at most MAX_ROWS rows (`TooBig`) and, of a sheet, MAX_COLUMNS columns, each formula with
    its saved value (`NoValue`)."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl.utils

        values = _sheet_rows(path, data_only=True)
        # A formula saved without its value (a file a script wrote, not a spreadsheet program)
        # reads as a blank cell: any blank cell is looked up among the formulas (`NoValue`).
        if any(cell is None for _, row in values for cell in row):
            for (number, row), (_, written) in zip(values, _sheet_rows(path, data_only=False)):
                for column, (value, formula) in enumerate(zip(row, written)):
                    if value is None and isinstance(formula, str) and formula.startswith("="):
                        raise NoValue(number, openpyxl.utils.get_column_letter(column + 1))
        return values
    text = path.read_bytes().decode("utf-8-sig")
    return _at_most(csv.reader(io.StringIO(text, newline="")))


def _sheet_rows(path: Path, data_only: bool) -> list[tuple[int, tuple[Any, ...]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        sheet = book.worksheets[0]
        # What a sheet declares (<dimension>) need not be what it holds: too much filled every
        # row in to the declared width, too little dropped the rows past it. Read as it is, each
        # row as long as its last cell.
        sheet.reset_dimensions()
        return _at_most(row[:MAX_COLUMNS] for row in sheet.iter_rows(min_row=1, values_only=True))
    finally:
        book.close()


def _at_most(rows) -> list[tuple[int, tuple[Any, ...]]]:
    found = []
    for number, row in enumerate(rows, 1):
        if number > MAX_ROWS:
            raise TooBig(f"more than {MAX_ROWS:,} rows")
        found.append((number, tuple(row)))
    return found


def visible_cells(source: str, rows, problems: Problems) -> bool:
    """False (with an error per row, up to a few) when cells hold control or text-direction
    characters: a note or a header is published as written, into pages and CSV files."""
    found = ((number, next((m for c in cells if isinstance(c, str) for m in [UNSEEN.search(c)] if m),
                           None)) for number, cells in rows)
    return control_lines(source, found, ("in a cell", "ในช่องข้อมูล"), problems,
                         "delete it (often pasted from another program) and save the file again",
                         "ลบออก (มักติดมาจากการคัดลอกจากโปรแกรมอื่น) แล้วบันทึกไฟล์ใหม่")


def read_table(path: Path, root: Path, problems: Problems, rows=None) -> Table | None:
    """A data file as a Table: comment rows (# …) first, then the header, then data rows;
    `rows` replaces `read_rows`."""
    source = path.relative_to(root).as_posix()
    try:
        rows = (rows or read_rows)(path)
    except UnicodeDecodeError:
        problems.error(source, 0, "file", "not UTF-8 text", "ไฟล์ไม่ใช่ข้อความ UTF-8",
                       'in Excel: Save As → "CSV UTF-8 (Comma delimited)"',
                       'ใน Excel: บันทึกเป็น → "CSV UTF-8 (Comma delimited)"')
        return None
    except TooBig:
        problems.error(source, MAX_ROWS + 1, "file", f"more than {MAX_ROWS:,} rows",
                       f"มีข้อมูลเกิน {MAX_ROWS:,} แถว", "split the data into files of fewer rows, "
                       "or delete the empty rows at the end of the sheet",
                       "แบ่งข้อมูลเป็นหลายไฟล์ หรือลบแถวว่างท้ายตาราง")
        return None
    except NoValue as exc:
        problems.error(source, exc.row, "file", f"cell {exc.column}{exc.row} holds a formula "
                       "without its value (the file was written by a program, not saved by a "
                       "spreadsheet)", f"ช่อง {exc.column}{exc.row} มีสูตรแต่ไม่มีค่าที่คำนวณแล้ว",
                       "open the file in Excel or LibreOffice and save it again, or type the value",
                       "เปิดไฟล์ใน Excel หรือ LibreOffice แล้วบันทึกใหม่ หรือพิมพ์ค่าแทนสูตร")
        return None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        problems.error(source, 0, "file", f"cannot read the spreadsheet ({type(exc).__name__})",
                       "เปิดไฟล์ตารางไม่ได้", "save it again as .xlsx or CSV UTF-8",
                       "บันทึกใหม่เป็น .xlsx หรือ CSV UTF-8")
        return None
    if not visible_cells(source, rows, problems):
        return None
    rows = [(n, cells) for n, cells in rows if any(cell_text(c) for c in cells)]
    notes = [n for n, cells in rows if cell_text(cells[0]).startswith("#")]
    data = [(n, cells) for n, cells in rows if n not in notes]
    if not data:
        problems.error(source, 0, "file", "no header row", "ไม่มีแถวหัวตาราง",
                       "the first row names the columns, e.g. ปีงบประมาณ,ตำบล,หมู่,คณะผู้นำ",
                       "แถวแรกเป็นชื่อคอลัมน์ เช่น ปีงบประมาณ,ตำบล,หมู่,คณะผู้นำ")
        return None
    note = next((", ".join(cell_text(c) for c in cells if cell_text(c)).lstrip("# ")
                 for n, cells in rows if n in notes), "")
    (header_row, header), body = data[0], data[1:]
    width = max((i + 1 for i, c in enumerate(header) if cell_text(c)), default=0)
    for number, cells in body:
        extra = [i for i, c in enumerate(cells[width:], width) if cell_text(c)]
        if extra:
            problems.warn(source, number, "file", f"{len(extra)} cell(s) right of the last "
                          "column header are ignored", f"ข้อมูล {len(extra)} ช่องทางขวาของหัวคอลัมน์สุดท้ายถูกข้ามไป",
                          "give the column a header, or delete the cells",
                          "ตั้งชื่อหัวคอลัมน์นั้น หรือลบข้อมูลในช่องนั้นออก")
    return Table(source, note, header_row, tuple(cell_text(h) for h in header), tuple(body))


def personal_kind(header: str) -> tuple[str, str] | None:
    """(English, Thai) kind of personal data a column header names, if any."""
    key = re.sub(r"[\s.]+", "_", squash(header)).strip("_")
    for en, th, pattern in PERSONAL_HEADERS:
        if pattern.fullmatch(key) or pattern.fullmatch(key.replace("_", "")):
            return en, th
    return None


def _personal_error(problems: Problems, source: str, row: int, column: str,
                    kind: tuple[str, str], what: tuple[str, str], story: bool = False) -> None:
    whole = ("this reading", "รายการนี้") if story else ("the file", "ไฟล์นี้")
    problems.error(source, row, column, f"{what[0]} {kind[0]}; personal data is never published, "
                   f"so {whole[0]} is rejected",
                   f"{what[1]}{kind[1]} ซึ่งเป็นข้อมูลส่วนบุคคล จึงไม่รับ{whole[1]}",
                   "publish only totals per village or larger: delete it",
                   "เผยแพร่ได้เฉพาะข้อมูลรวมระดับหมู่บ้านขึ้นไป: ลบออก")


def map_columns(table: Table, problems: Problems) -> dict[str, int] | None:
    """Field → column index from the header; None when the file must be rejected."""
    columns: dict[str, int] = {}
    rejected = False
    for index, header in enumerate(table.header):
        if not header:
            continue
        fld = HEADER.get(squash(header))
        kind = personal_kind(header)
        if kind and not fld:
            _personal_error(problems, table.source, table.header_row, header, kind,
                            ("this column holds", "คอลัมน์นี้เป็น"))
            rejected = True
        elif fld in columns:
            problems.error(table.source, table.header_row, header,
                           f'a second column for {fld} (also "{table.header[columns[fld]]}")',
                           f'คอลัมน์ซ้ำ (ซ้ำกับ "{table.header[columns[fld]]}")',
                           "keep one of the two columns", "เก็บไว้คอลัมน์เดียว")
        elif fld and fld != "area":
            columns[fld] = index
        else:
            rejected |= _unknown_column(table, index, header, problems)
    for fld in ("period", "tambon"):
        if fld not in columns:
            name = COLUMNS[fld][0]
            problems.error(table.source, table.header_row, name, f'missing column "{name}" ({fld})',
                           f'ไม่มีคอลัมน์ "{name}"', f'add a column "{name}"', f'เพิ่มคอลัมน์ "{name}"')
            rejected = True
    return None if rejected else columns


def _unknown_column(table: Table, index: int, header: str, problems: Problems) -> bool:
    """Warn about a column nobody reads; reject the file when its values are personal data."""
    for row, cells in table.rows:
        value = cell_text(cells[index]) if index < len(cells) else ""
        for en, th, pattern in PERSONAL_VALUES:
            if pattern.search(value):
                _personal_error(problems, table.source, row, header, (en, th),
                                ("a value in this column looks like", "ค่าในคอลัมน์นี้ดูเหมือน"))
                return True
    close = difflib.get_close_matches(squash(header), list(HEADER), n=1, cutoff=0.7)
    hint = (f'did you mean "{close[0]}"?', f'หมายถึง "{close[0]}" หรือไม่') if close else (
        "known columns: " + ", ".join(COLUMNS[f][0] for f in FILE_COLUMNS),
        "คอลัมน์ที่ใช้ได้: " + ", ".join(COLUMNS[f][0] for f in FILE_COLUMNS))
    problems.warn(table.source, table.header_row, header, "unknown column, ignored",
                  "ไม่รู้จักคอลัมน์นี้ จึงข้ามไป", *hint)
    return False


class RowChecker:
    """Reads the fields of one row or story item, reporting each bad value where it is."""

    def __init__(self, source: str, line: int, problems: Problems, label=lambda f: f):
        self.source, self.line, self.problems, self.label = source, line, problems, label
        self.failed = False

    def get(self, fld: str, parse, value: Any):
        try:
            return parse(value)
        except (IndicatorError, ResolveError) as exc:
            self.problems.error(self.source, self.line, self.label(fld), exc.en, exc.th,
                                exc.hint_en, exc.hint_th)
            self.failed = True
            return None

    def reading(self, area: str | None, level: str, values: Mapping[str, Any],
                story: str | None = None, default_period: int | None = None):
        """Check period, grades, counts and cohort; the reading, or None after reporting."""
        period = (default_period if values.get("period") in (None, "") and default_period
                  else self.get("period", parse_period, values.get("period")))
        grades = tuple((f, g) for f in GRADED if f in values
                       for g in [self.get(f, parse_grade, values[f])] if g)
        counts = tuple((f, n) for f in COUNTS if f in values
                       for n in [self.get(f, parse_count, values[f])] if n is not None)
        cohort = None
        if cell_text(values.get("cohort")):
            cohort = self.get("cohort", lambda v: parse_whole(v, ("cohort", "รุ่น"), 1, 99),
                              values["cohort"])
        if self.failed or area is None or period is None:
            return None
        if not grades and not counts:
            self.problems.warn(self.source, self.line, self.label("period"),
                               "no grades or counts in this row", "แถวนี้ไม่มีระดับหรือจำนวน")
        return IndicatorReading(area, level, period, grades, counts, self.source, self.line,
                                cohort, story)


def check_table(table: Table, areas: AreaResolver, problems: Problems) -> list[IndicatorReading]:
    """The readings of a data file; every bad cell reported as path:row: column."""
    columns = map_columns(table, problems)
    if columns is None:
        return []
    readings = []
    for row, cells in table.rows:
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        check = RowChecker(table.source, row, problems, lambda f: table.header[columns[f]])
        amphoe = check.get("amphoe", lambda v: resolve_amphoe(areas, v), values.get("amphoe"))
        tambon = None if check.failed else check.get(
            "tambon", lambda v: resolve_tambon(areas, v, amphoe), values["tambon"])
        area, level = tambon, "tambon"
        if tambon and cell_text(values.get("moo")):
            area, level = check.get("moo", lambda v: resolve_village(areas, tambon, v),
                                    values["moo"]), "village"
        reading = check.reading(area, level, values)
        if reading:
            readings.append(reading)
    return readings


def check_story_readings(story: Story, lines: tuple[int, ...], areas: AreaResolver,
                         problems: Problems) -> list[IndicatorReading]:
    """Readings in a story's `indicators:` front matter (period defaults to the story's FY)."""
    readings = []
    for index, item in enumerate(story.indicators):
        line = lines[index] if index < len(lines) else 0
        label = lambda f: f"indicators.{f}"  # noqa: E731
        if not isinstance(item, dict):
            problems.error(story.source, line, "indicators",
                           "each reading must be a mapping like {area: …, period: 2552, leaders: A}",
                           "แต่ละรายการต้องเขียนแบบ {area: …, period: 2552, leaders: A}")
            continue
        values = _story_values(item, story.source, line, problems)
        if values is None:
            continue
        check = RowChecker(story.source, line, problems, label)
        area = check.get("area", lambda v: resolve_unit(areas, v), values.get("area"))
        level = areas.areas[area].level if area else "village"
        reading = check.reading(area, level, values, story.id, fiscal_year(story.date))
        if reading:
            readings.append(reading)
    return readings


def _story_values(item: dict, source: str, line: int, problems: Problems) -> dict[str, Any] | None:
    """Fields of a front-matter reading; None when a key names personal data."""
    values: dict[str, Any] = {"area": ""}
    rejected = False
    for key, value in item.items():
        fld = HEADER.get(squash(str(key)))
        kind = personal_kind(str(key))
        if fld and fld not in ("tambon", "amphoe", "moo"):
            values[fld] = value
        elif kind:
            _personal_error(problems, source, line, f"indicators.{key}", kind,
                            ("this key holds", "ช่องนี้เป็น"), story=True)
            rejected = True
        else:
            problems.warn(source, line, f"indicators.{key}", "unknown key, ignored",
                          "ไม่รู้จักช่องนี้ จึงข้ามไป", "keys: area, period, " + ", ".join(
                              (*GRADED, *COUNTS, "cohort")), "ใช้ area, period และชื่อคอลัมน์ของตาราง")
    return None if rejected else values
