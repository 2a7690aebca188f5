"""Indicators: grades A/B/C and counts per village or tambon and fiscal year, read from data
files (CSV, XLSX) and story front matter, checked row by row, and rolled up purely
village → tambon → amphoe → province with completeness and change between periods."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from ..areas import AreaResolver, ResolveError
from ..dates import BE_OFFSET, BE_RANGE, CE_RANGE, DateError, fiscal_year, parse_date
from ..errors import Problems
from ..escape import csv_cell
from ..model import Registry, Story
from ..thai import clean, squash
from ..yamlsource import Lines, load_yaml, yaml_error_line

INDICATORS_DIR = Path("content") / "indicators"
COHORTS_FILE = Path("content") / "registry" / "cohorts.yml"
DATA_SUFFIXES = (".csv", ".xlsx")
IGNORED_SUFFIXES = (".md", ".txt")

COMPONENTS = ("leaders", "plan", "centre", "finance", "health")
GRADED = (*COMPONENTS, "overall")
GRADES = ("A", "B", "C")
COUNTS = ("households_accounts", "learning_centres", "savings_groups", "savings_members",
          "welfare_funds", "circles")
UNIT_LEVELS = ("village", "tambon")

COMPONENT_TH = {
    "leaders": "คณะผู้นำที่มีคุณภาพและมีการสืบทอด",
    "plan": "แผนแม่บทชุมชนที่มีคุณภาพ จากบัญชีครัวเรือนและข้อมูลหมู่บ้าน",
    "centre": "ศูนย์เรียนรู้เศรษฐกิจพอเพียงที่มีประสิทธิภาพ",
    "finance": "องค์กรการเงินและสวัสดิการชุมชนที่บูรณาการ",
    "health": "มาตรฐานสุขภาวะและมาตรฐานชุมชน",
    "overall": "ระดับภาพรวมที่คณะประเมินให้",
}
COUNT_TH = {
    "households_accounts": "ครัวเรือนที่ทำบัญชีครัวเรือน",
    "learning_centres": "ศูนย์เรียนรู้",
    "savings_groups": "กลุ่มออมทรัพย์",
    "savings_members": "สมาชิกกลุ่มออมทรัพย์",
    "welfare_funds": "กองทุนสวัสดิการ",
    "circles": "วงเรียนรู้ที่จัด",
}
# Every column a data file may have: field -> accepted headers; the first is the one we write.
COLUMNS: dict[str, tuple[str, ...]] = {
    "period": ("ปีงบประมาณ", "ปีงบ", "period", "fiscal_year"),
    "tambon": ("ตำบล", "รหัสตำบล", "tambon"),
    "amphoe": ("อำเภอ", "amphoe"),
    "moo": ("หมู่", "หมู่ที่", "moo", "village"),
    "cohort": ("รุ่น", "รุ่นที่", "cohort"),
    "leaders": ("คณะผู้นำ", "ผู้นำ", "leaders"),
    "plan": ("แผนแม่บทชุมชน", "แผนแม่บท", "plan"),
    "centre": ("ศูนย์เรียนรู้เศรษฐกิจพอเพียง", "ศูนย์เรียนรู้", "centre", "center"),
    "finance": ("การเงินและสวัสดิการ", "การเงิน", "finance"),
    "health": ("สุขภาวะและมาตรฐานชุมชน", "สุขภาวะ", "health"),
    "overall": ("ระดับภาพรวม", "ภาพรวม", "overall"),
    "households_accounts": ("ครัวเรือนทำบัญชี", "ครัวเรือนที่ทำบัญชี", "households_accounts"),
    "learning_centres": ("จำนวนศูนย์เรียนรู้", "learning_centres"),
    "savings_groups": ("กลุ่มออมทรัพย์", "จำนวนกลุ่มออมทรัพย์", "savings_groups"),
    "savings_members": ("สมาชิกกลุ่มออมทรัพย์", "สมาชิกออมทรัพย์", "savings_members"),
    "welfare_funds": ("กองทุนสวัสดิการ", "welfare_funds"),
    "circles": ("วงเรียนรู้ที่จัด", "จำนวนวงเรียนรู้", "circles"),
    "area": ("พื้นที่", "area"),  # story front matter only
}
HEADER = {squash(name): fld for fld, names in COLUMNS.items() for name in names}
FILE_COLUMNS = tuple(f for f in COLUMNS if f != "area")

# Headers that name personal or household-level data (matched on the squashed header).
PERSONAL_HEADERS = (
    ("names", "ชื่อคน", re.compile(r"^(ชื่อ|name|ชื่อ-?(นาม)?สกุล|นามสกุล|(first|last|full|sur)_?name"
                                   r"|ชื่อ(ผู้|หัวหน้|สมาชิก).*|หัวหน้าครัวเรือน|ผู้ตอบ.*|ผู้ให้ข้อมูล.*)$")),
    ("ID-card numbers", "เลขบัตรประชาชน",
     re.compile(r".*(บัตรประชาชน|เลขประจำตัว|citizen_?id|national_?id|id_?card).*|^(pid|เลขบัตร)$")),
    ("phone numbers", "เบอร์โทรศัพท์", re.compile(r".*(โทรศัพท์|เบอร์|มือถือ|phone|mobile).*|^(tel|โทร)$")),
    ("addresses or households", "ที่อยู่หรือรายครัวเรือน",
     re.compile(r".*(บ้านเลขที่|ที่อยู่|address|house_?(no|number|id)|household_?(id|head|name)"
                r"|รหัสบ้าน|รหัสครัวเรือน).*")),
    ("e-mail or LINE ids", "อีเมลหรือไลน์", re.compile(r".*(อีเมล|e-?mail|line_?id|ไลน์).*")),
)
PERSONAL_VALUES = (  # searched inside free text, e.g. "ติดต่อ 081-234-5678"
    ("an ID-card number", "เลขบัตรประชาชน",
     re.compile(r"(?<!\d)(\d{13}|\d-\d{4}-\d{5}-\d{2}-\d)(?![\d-])")),
    ("a phone number", "เบอร์โทรศัพท์",
     re.compile(r"(?<![\d-])(0[2-9]\d{7,8}|0\d{1,2}-\d{3}-\d{3,4})(?![\d-])")),
)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class IndicatorError(ValueError):
    """A value that cannot be read: English and Thai message plus a hint."""

    def __init__(self, en: str, th: str, hint_en: str = "", hint_th: str = ""):
        super().__init__(en)
        self.en, self.th, self.hint_en, self.hint_th = en, th, hint_en, hint_th


# -- the model ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorReading:
    """One unit's grades and counts for one fiscal year, from one data row or one story item."""

    area: str                              # a village or tambon id
    level: str                             # "village" or "tambon"
    period: int                            # fiscal year BE
    grades: tuple[tuple[str, str], ...]    # (component, A|B|C), only those given
    counts: tuple[tuple[str, int], ...]    # (count field, number), only those given
    source: str                            # file, relative to the project
    line: int                              # spreadsheet row, or line of the story item
    cohort: int | None = None
    story: str | None = None               # story id, for a reading in front matter

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.grades) + tuple(f for f, _ in self.counts)


@dataclass(frozen=True)
class Cohort:
    """A cohort (รุ่น) of units expected to be assessed every fiscal year from `since` on."""

    number: int
    name: str
    since: int
    units: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorData:
    """Every valid reading, the cohort registry, and each data file's note (first # line)."""

    readings: tuple[IndicatorReading, ...] = ()
    cohorts: tuple[Cohort, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A data file as rows of cells, each row with its spreadsheet row number."""

    source: str
    note: str
    header_row: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


# -- reading values ----------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A cell as clean text; plain ASCII (most cells: codes, grades, numbers) skips Thai rules."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.strip() if text.isascii() else _clean_thai(text)


@lru_cache(maxsize=4096)
def _clean_thai(text: str) -> str:
    return clean(text).strip()


def parse_grade(value: Any) -> str | None:
    """'A', 'b', ' C ' → the grade; empty or '-' → None (not assessed)."""
    text = unicodedata.normalize("NFKC", _text(value)).upper()
    if text in ("", "-"):
        return None
    if text in GRADES:
        return text
    raise IndicatorError(f'grade "{_text(value)}" is not A, B or C',
                         f'ระดับ "{_text(value)}" ไม่ใช่ A, B หรือ C',
                         "write A, B or C, or leave the cell empty when not assessed",
                         "เขียน A, B หรือ C หรือเว้นว่างถ้าไม่ได้ประเมิน")


def parse_count(value: Any) -> int | None:
    """A whole number ≥ 0 ('1,234', '๑๒', 12.0 from a spreadsheet); empty → None."""
    text = _text(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "")
    if text in ("", "-"):
        return None
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        raise IndicatorError(f'count "{_text(value)}" is not a number',
                             f'จำนวน "{_text(value)}" ไม่ใช่ตัวเลข',
                             "write a whole number such as 12, or leave the cell empty",
                             "เขียนเป็นตัวเลขจำนวนเต็ม เช่น 12 หรือเว้นว่างไว้")
    number = float(text)
    if not number.is_integer():
        raise IndicatorError(f"count {text} is not a whole number", f"จำนวน {text} ไม่ใช่จำนวนเต็ม",
                             "counts are whole numbers", "จำนวนนับต้องเป็นจำนวนเต็ม")
    if number < 0:
        raise IndicatorError(f"count {int(number)} is negative", f"จำนวน {int(number)} ติดลบ",
                             "counts are 0 or more", "จำนวนต้องเป็น 0 ขึ้นไป")
    return int(number)


def _fy_span(year_be: int) -> tuple[str, str]:
    start, end = year_be - BE_OFFSET - 1, year_be - BE_OFFSET
    return (f"{year_be} (1 Oct {start} – 30 Sep {end})",
            f"{year_be} (1 ต.ค. {year_be - 1} – 30 ก.ย. {year_be})")


def parse_period(value: Any) -> int:
    """A Thai fiscal year in the Buddhist Era: 2551, '2551', 'ปีงบประมาณ 2551'."""
    if isinstance(value, (dt.date, dt.datetime)):
        raise _period_is_date(_text(value)[:10], value if isinstance(value, dt.date) else None)
    raw = _text(value)
    text = re.sub(r"^(ปีงบประมาณ|ปีงบ|งบ|พ\.ศ\.|fy)\s*", "", raw.translate(THAI_DIGITS).lower())
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if year in BE_RANGE:
            return year
        if year in CE_RANGE:
            early, late = _fy_span(year + BE_OFFSET), _fy_span(year + BE_OFFSET + 1)
            raise IndicatorError(f"period {year} is a CE year, not a Buddhist-Era fiscal year",
                                 f"ปี {year} เป็น ค.ศ. ไม่ใช่ปีงบประมาณ พ.ศ.",
                                 f"write {early[0]} or {late[0]}", f"เขียน {early[1]} หรือ {late[1]}")
    if not raw:
        raise IndicatorError("missing period", "ไม่ได้ระบุปีงบประมาณ", *_period_hint())
    try:
        date = parse_date(raw)
    except DateError:
        raise IndicatorError(f'period "{raw}" is not a fiscal year in BE',
                             f'"{raw}" ไม่ใช่ปีงบประมาณ พ.ศ.', *_period_hint()) from None
    raise _period_is_date(raw, date)


def _period_hint() -> tuple[str, str]:
    span = _fy_span(2551)
    return (f"write the fiscal year as four BE digits, e.g. {span[0]}",
            f"เขียนปีงบประมาณ พ.ศ. 4 หลัก เช่น {span[1]}")


def _period_is_date(raw: str, date: dt.date | None) -> IndicatorError:
    year = fiscal_year(date) if date else None
    return IndicatorError(f'period "{raw}" is a date, not a fiscal year',
                          f'"{raw}" เป็นวันที่ ไม่ใช่ปีงบประมาณ',
                          f"its fiscal year is {year}" if year else _period_hint()[0],
                          f"วันนี้อยู่ในปีงบประมาณ {year}" if year else _period_hint()[1])


def parse_whole(value: Any, what: tuple[str, str], low: int, high: int) -> int:
    """A number in [low, high], written bare or after a word ('หมู่ 4', 'รุ่นที่ 2')."""
    text = _text(value).translate(THAI_DIGITS)
    found = re.fullmatch(r"\D*?(\d+)(\.0+)?", text)
    if not found or not low <= int(found.group(1)) <= high:
        raise IndicatorError(f'{what[0]} "{text}" is not a number from {low} to {high}',
                             f'{what[1]} "{text}" ไม่ใช่ตัวเลข {low}–{high}',
                             f"write a number such as {low}", f"เขียนเป็นตัวเลข เช่น {low}")
    return int(found.group(1))


# -- areas -------------------------------------------------------------------------------------

def resolve_amphoe(areas: AreaResolver, amphoe: Any) -> str | None:
    """An amphoe by DOPA code or by name ('เมือง', 'อ.ทุ่งสง'); None when not given."""
    text = re.sub(r"^(อำเภอ|อ\.)\s*", "", _text(amphoe))
    if not text:
        return None
    code = areas.resolve(text if re.fullmatch(r"\d+", text) else f"อ.{text}")
    if areas.areas[code].level != "amphoe":
        raise IndicatorError(f'"{text}" is {areas.areas[code].label}, not an amphoe',
                             f'"{text}" คือ {areas.areas[code].label} ไม่ใช่อำเภอ',
                             "write the amphoe name or its 4-digit code", "เขียนชื่ออำเภอหรือรหัส 4 หลัก")
    return code


def resolve_tambon(areas: AreaResolver, tambon: Any, amphoe: str | None = None) -> str:
    """A tambon by DOPA code or by name, inside `amphoe` (an amphoe id) when one is given."""
    text = _text(tambon)
    if not text:
        raise IndicatorError("missing tambon", "ไม่ได้ระบุตำบล", "write the tambon code or name",
                             "เขียนรหัสหรือชื่อตำบล")
    if re.fullmatch(r"\d+", text):
        code = areas.resolve(text)
    else:
        name = re.sub(r"^(ตำบล|ต\.)\s*", "", text)
        scope = f" อ.{areas.areas[amphoe].name_th}" if amphoe else ""
        code = areas.resolve(f"ต.{name}{scope}", levels=("tambon",))
    area = areas.areas[code]
    if area.level != "tambon":
        raise IndicatorError(f'"{text}" is {area.label}, not a tambon',
                             f'"{text}" คือ {area.label} ไม่ใช่ตำบล',
                             "write the 6-digit tambon code or the tambon name",
                             "เขียนรหัสตำบล 6 หลักหรือชื่อตำบล")
    if amphoe and area.parent != amphoe:
        where = areas.areas[amphoe].label
        raise IndicatorError(f"{areas.full_label(code)} ({code}) is not in {where}",
                             f"{areas.full_label(code)} ({code}) ไม่ได้อยู่ใน {where}",
                             "check the tambon code and the amphoe", "ตรวจรหัสตำบลและอำเภอ")
    return code


def resolve_village(areas: AreaResolver, tambon: str, moo: Any) -> str:
    """The village หมู่ `moo` of a tambon; ResolveError when the tambon has no such หมู่."""
    number = parse_whole(moo, ("village number", "หมู่"), 1, 99)
    return areas.resolve(f"{tambon}{number:02d}")


def resolve_unit(areas: AreaResolver, ref: Any) -> str:
    """A story's `area:`: any reference that names one village or one tambon."""
    if not _text(ref):
        raise IndicatorError("missing area", "ไม่ได้ระบุพื้นที่", 'add e.g. "area: หมู่ 4 ต.โมคลาน อ.ท่าศาลา"',
                             'เพิ่ม เช่น "area: หมู่ 4 ต.โมคลาน อ.ท่าศาลา"')
    code = areas.resolve(_text(ref))
    area = areas.areas[code]
    if area.level not in UNIT_LEVELS:
        raise IndicatorError(f"{area.label} is neither a village nor a tambon; readings are for one "
                             "village or one tambon",
                             f'{area.label} ไม่ใช่หมู่บ้านหรือตำบล ผลประเมินให้รายหมู่บ้านหรือรายตำบล',
                             'write e.g. "หมู่ 4 ต.โมคลาน อ.ท่าศาลา" or "ต.ท่าซัก อ.เมือง"',
                             'เขียน เช่น "หมู่ 4 ต.โมคลาน อ.ท่าศาลา" หรือ "ต.ท่าซัก อ.เมือง"')
    return code


# -- data files --------------------------------------------------------------------------------

def data_paths(root: Path) -> list[Path]:
    """Every file under content/indicators, in a stable order."""
    folder = root / INDICATORS_DIR
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def read_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    """(spreadsheet row number, cells) of a CSV (UTF-8, BOM accepted) or the first XLSX sheet."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [(n, tuple(r)) for n, r in enumerate(book.worksheets[0].iter_rows(
                min_row=1, values_only=True), 1)]
        finally:
            book.close()
    text = path.read_bytes().decode("utf-8-sig")
    return list(enumerate((tuple(r) for r in csv.reader(io.StringIO(text, newline=""))), 1))


def read_table(path: Path, root: Path, problems: Problems) -> Table | None:
    """A data file as a Table: comment rows (# …) first, then the header, then data rows."""
    source = path.relative_to(root).as_posix()
    try:
        rows = read_rows(path)
    except UnicodeDecodeError:
        problems.error(source, 0, "file", "not UTF-8 text", "ไฟล์ไม่ใช่ข้อความ UTF-8",
                       'in Excel: Save As → "CSV UTF-8 (Comma delimited)"',
                       'ใน Excel: บันทึกเป็น → "CSV UTF-8 (Comma delimited)"')
        return None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        problems.error(source, 0, "file", f"cannot read the spreadsheet ({type(exc).__name__})",
                       "เปิดไฟล์ตารางไม่ได้", "save it again as .xlsx or CSV UTF-8",
                       "บันทึกใหม่เป็น .xlsx หรือ CSV UTF-8")
        return None
    rows = [(n, cells) for n, cells in rows if any(_text(c) for c in cells)]
    notes = [n for n, cells in rows if _text(cells[0]).startswith("#")]
    data = [(n, cells) for n, cells in rows if n not in notes]
    if not data:
        problems.error(source, 0, "file", "no header row", "ไม่มีแถวหัวตาราง",
                       "the first row names the columns, e.g. ปีงบประมาณ,ตำบล,หมู่,คณะผู้นำ",
                       "แถวแรกเป็นชื่อคอลัมน์ เช่น ปีงบประมาณ,ตำบล,หมู่,คณะผู้นำ")
        return None
    note = next((", ".join(_text(c) for c in cells if _text(c)).lstrip("# ")
                 for n, cells in rows if n in notes), "")
    (header_row, header), body = data[0], data[1:]
    return Table(source, note, header_row, tuple(_text(h) for h in header), tuple(body))


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
        value = _text(cells[index]) if index < len(cells) else ""
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


class _Row:
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
        if _text(values.get("cohort")):
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
        check = _Row(table.source, row, problems, lambda f: table.header[columns[f]])
        amphoe = check.get("amphoe", lambda v: resolve_amphoe(areas, v), values.get("amphoe"))
        tambon = None if check.failed else check.get(
            "tambon", lambda v: resolve_tambon(areas, v, amphoe), values["tambon"])
        area, level = tambon, "tambon"
        if tambon and _text(values.get("moo")):
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
        check = _Row(story.source, line, problems, label)
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


# -- cohorts -----------------------------------------------------------------------------------

def load_cohorts(root: Path, areas: AreaResolver, registry: Registry,
                 problems: Problems) -> tuple[Cohort, ...]:
    """content/registry/cohorts.yml: which villages and tambons each cohort expects."""
    path = root / COHORTS_FILE
    source = COHORTS_FILE.as_posix()
    if not path.exists():
        return ()
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.error(source, yaml_error_line(exc), "yaml", f"cannot parse YAML: {exc}",
                       "อ่าน YAML ไม่ได้", "check indentation and quotes", "ตรวจการย่อหน้าและเครื่องหมายคำพูด")
        return ()
    entries = (data or {}).get("cohorts") or {}
    if not isinstance(entries, dict):
        problems.error(source, lines.line("cohorts"), "cohorts", "cohorts must be a mapping "
                       "{1: {name, since, villages, tambons}}", "cohorts ต้องเป็นแบบ {1: {...}}")
        return ()
    cohorts, owner = [], {}
    block = lines.nested.get("cohorts", Lines())
    for key, entry in entries.items():
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
    check = _Row(source, lines.start, problems, lambda f: f"cohorts.{key}.{f}")
    number = check.get("number", lambda v: parse_whole(v, ("cohort", "รุ่น"), 1, 99), key)
    since = check.get("since", parse_period, entry.get("since"))
    units: list[str] = []
    for fld, levels in (("villages", ("village", "tambon")), ("tambons", ("tambon",))):
        for index, ref in enumerate(entry.get(fld) or []):
            row = _Row(source, lines.item(fld, index), problems, lambda f: f"cohorts.{key}.{f}")
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
    name = _text(entry.get("name")) or f"รุ่นที่ {number}"
    return Cohort(number, name, since, tuple(dict.fromkeys(u for u in units if u)))


def _raise_no_villages(label: str) -> None:
    raise IndicatorError(f"no villages of {label} are listed", f"ยังไม่มีรายชื่อหมู่บ้านของ{label}",
                         "add the tambon to content/registry/villages.yml, or list it under tambons:",
                         "เพิ่มตำบลนี้ใน content/registry/villages.yml หรือใส่ไว้ใต้ tambons:")


def _raise_not_tambon(label: str) -> None:
    raise IndicatorError(f"{label} is a village, not a tambon", f"{label} เป็นหมู่บ้าน ไม่ใช่ตำบล",
                         "list villages under villages:", "ใส่หมู่บ้านไว้ใต้ villages:")


# -- the whole check stage ---------------------------------------------------------------------

def load_indicators(root: Path, resolvers, stories: Iterable[Story],
                    problems: Problems) -> IndicatorData:
    """Read, check and cross-check every reading and the cohort registry; problems collected."""
    areas, registry = resolvers.areas, resolvers.registry
    cohorts = load_cohorts(root, areas, registry, problems)
    readings: list[IndicatorReading] = []
    notes: dict[str, str] = {}
    for path in data_paths(root):
        source = path.relative_to(root).as_posix()
        if path.suffix.lower() in IGNORED_SUFFIXES or path.name.startswith("."):
            continue
        if path.suffix.lower() not in DATA_SUFFIXES:
            problems.error(source, 0, "file", f'"{path.suffix}" files are not read',
                           f'ไม่อ่านไฟล์ชนิด "{path.suffix}"', "save the sheet as .xlsx or CSV UTF-8",
                           "บันทึกตารางเป็น .xlsx หรือ CSV UTF-8")
            continue
        table = read_table(path, root, problems)
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
