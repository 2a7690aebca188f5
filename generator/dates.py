"""Dates as people write them (CE or Buddhist Era, ISO or Thai), and Thai BE display."""

from __future__ import annotations

import datetime as dt
import re

from .thai import clean

BE_OFFSET = 543
CE_RANGE = range(1950, 2101)
BE_RANGE = range(CE_RANGE.start + BE_OFFSET, CE_RANGE.stop + BE_OFFSET)

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, (full, abbr, en) in enumerate(zip(MONTHS_TH, MONTHS_TH_ABBR, MONTHS_EN), 1):
        table[full] = number
        table[abbr.replace(".", "")] = number  # "พ.ค." and "พ.ค" and "พค" all match
        table[en] = number
    for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december"), 1):
        table[name] = number
    return table


MONTHS = _month_table()

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TEXT = re.compile(
    r"^(?:วันที่\s*)?(\d{1,2})\s*([^\d\s,]+?)\s*,?\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{2}|\d{4})$"
)


class DateError(ValueError):
    """A date that cannot be read; carries English and Thai messages and a hint."""

    def __init__(self, en: str, th: str, hint_en: str = "", hint_th: str = ""):
        super().__init__(en)
        self.en, self.th, self.hint_en, self.hint_th = en, th, hint_en, hint_th


FORMS_HINT = ('write 2008-05-03, 2551-05-03, "3 พฤษภาคม 2551" or "3 พ.ค. 51"',
              'เขียนเป็น 2008-05-03, 2551-05-03, "3 พฤษภาคม 2551" หรือ "3 พ.ค. 51"')


def ce_year(year: int, two_digit: bool = False) -> int:
    """The Common-Era year of a CE or BE year, judged by its size; two digits mean 25xx BE."""
    if two_digit:
        year += 2500
    if year in CE_RANGE:
        return year
    if year in BE_RANGE:
        return year - BE_OFFSET
    raise DateError(
        f"year {year} fits neither era (CE {CE_RANGE.start}–{CE_RANGE.stop - 1} "
        f"or BE {BE_RANGE.start}–{BE_RANGE.stop - 1})",
        f"ปี {year} ไม่ใช่ทั้ง ค.ศ. และ พ.ศ. ที่เป็นไปได้",
        "check the year", "ตรวจปีอีกครั้ง")


def parse_date(value: object) -> dt.date:
    """Read a date written as ISO CE, ISO BE, Thai text (full or short month) or English
    text; a two-digit year is BE after a Thai month ("3 พ.ค. 51"), CE after an English one
    ("3 May 08")."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _make(value.year, value.month, value.day, False)
    text = re.sub(r"\s+", " ", clean(str(value))).strip()
    match = ISO.match(text)
    if match:
        year, month, day = map(int, match.groups())
        return _make(year, month, day, False)
    match = TEXT.match(text)
    if not match:
        raise DateError(f'cannot read the date "{text}"', f'อ่านวันที่ "{text}" ไม่ได้', *FORMS_HINT)
    day, month_name, year = match.groups()
    month = MONTHS.get(month_name.replace(".", "").lower())
    if month is None:
        raise DateError(f'unknown month "{month_name}" in "{text}"',
                        f'ไม่รู้จักชื่อเดือน "{month_name}" ใน "{text}"', *FORMS_HINT)
    if len(year) == 2 and month_name.isascii():  # "3 May 08": an English date is CE
        return _make(2000 + int(year), month, int(day), False)
    return _make(int(year), month, int(day), len(year) == 2)


def _make(year: int, month: int, day: int, two_digit: bool) -> dt.date:
    year = ce_year(year, two_digit)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"no such day: {day}/{month}/{year + BE_OFFSET} BE",
                        f"ไม่มีวันที่ {day}/{month}/{year + BE_OFFSET}",
                        "check the day and month", "ตรวจวันและเดือน") from None


def be_year(date: dt.date) -> int:
    """The Buddhist-Era year of a date."""
    return date.year + BE_OFFSET


def thai_date(date: dt.date) -> str:
    """'3 พฤษภาคม 2551'."""
    return f"{date.day} {MONTHS_TH[date.month - 1]} {be_year(date)}"


def thai_date_short(date: dt.date) -> str:
    """'3 พ.ค. 2551'."""
    return f"{date.day} {MONTHS_TH_ABBR[date.month - 1]} {be_year(date)}"


def thai_month(year_be: int, month: int) -> str:
    """'พฤษภาคม 2551'."""
    return f"{MONTHS_TH[month - 1]} {year_be}"


def fiscal_year(date: dt.date) -> int:
    """Thai government fiscal year (BE) a date falls in: 1 Oct – 30 Sep, named by its end."""
    return be_year(date) + (1 if date.month >= 10 else 0)
