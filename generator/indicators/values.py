"""Reading indicator values: grades, counts, fiscal years and area references, each
checked with an English and Thai message (`IndicatorError`) when it cannot be read."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

from .model import GRADES, IndicatorError, THAI_DIGITS, UNIT_LEVELS
from ..areas import AreaResolver
from ..dates import BE_OFFSET, BE_RANGE, CE_RANGE, DateError, fiscal_year, parse_date
from ..thai import clean

# -- reading values ----------------------------------------------------------------------------

def cell_text(value: Any) -> str:
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
    text = unicodedata.normalize("NFKC", cell_text(value)).upper()
    if text in ("", "-"):
        return None
    if text in GRADES:
        return text
    raise IndicatorError(f'grade "{cell_text(value)}" is not A, B or C',
                         f'ระดับ "{cell_text(value)}" ไม่ใช่ A, B หรือ C',
                         "write A, B or C, or leave the cell empty when not assessed",
                         "เขียน A, B หรือ C หรือเว้นว่างถ้าไม่ได้ประเมิน")


def parse_count(value: Any) -> int | None:
    """A whole number ≥ 0 ('1,234', '๑๒', 12.0 from a spreadsheet); empty → None."""
    text = cell_text(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "")
    if text in ("", "-"):
        return None
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        raise IndicatorError(f'count "{cell_text(value)}" is not a number',
                             f'จำนวน "{cell_text(value)}" ไม่ใช่ตัวเลข',
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
        raise _period_is_date(cell_text(value)[:10], value if isinstance(value, dt.date) else None)
    raw = cell_text(value)
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


_THAI_WORD = "".join(map(chr, range(0x0E01, 0x0E4F))) + ". "  # what may come before a number


def parse_whole(value: Any, what: tuple[str, str], low: int, high: int) -> int:
    """A number in [low, high], written bare or after a Thai word ('หมู่ 4', 'ม.4', 'รุ่นที่ 2');
    not after a sign or another letter ('-1', 'x5')."""
    text = cell_text(value).translate(THAI_DIGITS)
    found = re.fullmatch(r"(\d+)(\.0+)?", text.strip().lstrip(_THAI_WORD))
    if not found or not low <= int(found.group(1)) <= high:
        raise IndicatorError(f'{what[0]} "{text}" is not a number from {low} to {high}',
                             f'{what[1]} "{text}" ไม่ใช่ตัวเลข {low}–{high}',
                             f"write a number such as {low}", f"เขียนเป็นตัวเลข เช่น {low}")
    return int(found.group(1))


# -- areas -------------------------------------------------------------------------------------

def resolve_amphoe(areas: AreaResolver, amphoe: Any) -> str | None:
    """An amphoe by DOPA code or by name ('เมือง', 'อ.ทุ่งสง'); None when not given."""
    text = re.sub(r"^(อำเภอ|อ\.)\s*", "", cell_text(amphoe))
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
    text = cell_text(tambon)
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
    if not cell_text(ref):
        raise IndicatorError("missing area", "ไม่ได้ระบุพื้นที่", 'add e.g. "area: หมู่ 4 ต.โมคลาน อ.ท่าศาลา"',
                             'เพิ่ม เช่น "area: หมู่ 4 ต.โมคลาน อ.ท่าศาลา"')
    code = areas.resolve(cell_text(ref))
    area = areas.areas[code]
    if area.level not in UNIT_LEVELS:
        raise IndicatorError(f"{area.label} is neither a village nor a tambon; readings are for one "
                             "village or one tambon",
                             f'{area.label} ไม่ใช่หมู่บ้านหรือตำบล ผลประเมินให้รายหมู่บ้านหรือรายตำบล',
                             'write e.g. "หมู่ 4 ต.โมคลาน อ.ท่าศาลา" or "ต.ท่าซัก อ.เมือง"',
                             'เขียน เช่น "หมู่ 4 ต.โมคลาน อ.ท่าศาลา" หรือ "ต.ท่าซัก อ.เมือง"')
    return code
