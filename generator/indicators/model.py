"""Indicators, the model: grades A/B/C and counts per village or tambon and fiscal year,
the columns they are read from, and the readings, cohorts and tables that carry them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..thai import squash

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
