"""The typed model every stage after loading sees: agencies, areas, stories, the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

ROLES = {  # Thai role word -> ASCII slug for its page
    "คุณเอื้อ": "khun-uea",
    "คุณอำนวย": "khun-amnuai",
    "คุณกิจ": "khun-kit",
    "คุณลิขิต": "khun-likhit",
    "คุณประสาน": "khun-prasan",
    "วิทยากรกระบวนการ": "process-trainer",
}
ROLE_MEANING = {
    "คุณเอื้อ": "ผู้สนับสนุน หัวหน้าหน่วยงาน ผู้บริหารที่เอื้อให้เกิดการเรียนรู้",
    "คุณอำนวย": "ผู้อำนวยการเรียนรู้ ออกแบบและดำเนินวงเรียนรู้",
    "คุณกิจ": "ผู้ปฏิบัติ แกนนำและสมาชิกในชุมชน",
    "คุณลิขิต": "ผู้จดบันทึกสิ่งที่วงได้เรียนรู้",
    "คุณประสาน": "ผู้ประสานงานระหว่างหน่วยงานและเครือข่าย",
    "วิทยากรกระบวนการ": "ผู้ฝึกและนำกระบวนการเรียนรู้",
}
CIRCLES = {  # circle level -> Thai label
    "province": "ระดับจังหวัด",
    "zone": "ระดับโซน",
    "amphoe": "ระดับอำเภอ",
    "tambon": "ระดับตำบล",
    "village": "ระดับหมู่บ้าน",
}
CIRCLE_WORDS = {"จังหวัด": "province", "โซน": "zone", "อำเภอ": "amphoe",
                "ตำบล": "tambon", "หมู่บ้าน": "village"}
AREA_LEVELS = ("province", "amphoe", "tambon", "village")
AREA_LEVEL_TH = {"province": "จังหวัด", "amphoe": "อำเภอ", "tambon": "ตำบล", "village": "หมู่บ้าน"}
AGENCY_LEVELS = ("national", "region", "province", "amphoe", "tambon", "village")
AGENCY_LEVEL_TH = {"national": "ระดับชาติ", "region": "ระดับภาค", "province": "ระดับจังหวัด",
                   "amphoe": "ระดับอำเภอ", "tambon": "ระดับตำบล", "village": "ระดับหมู่บ้าน"}


@dataclass(frozen=True)
class Area:
    """An administrative unit: province, amphoe, tambon (DOPA code) or village (tambon + หมู่)."""

    id: str
    level: str
    name_th: str
    name_en: str
    parent: str | None
    aliases: tuple[str, ...] = ()
    point: tuple[float, float] | None = None  # (lat, lon), approximate

    @property
    def label(self) -> str:
        """Thai label with its level prefix: 'ต.ท่าซัก', 'อ.เมืองนครศรีธรรมราช'."""
        prefix = {"province": "จ.", "amphoe": "อ.", "tambon": "ต.", "village": ""}[self.level]
        return prefix + self.name_th


@dataclass(frozen=True)
class Agency:
    """An agency, or a local unit of a templated agency bound to one area (sao@800121)."""

    id: str
    name_th: str
    abbr_th: str
    level: str | None
    kind: str
    name_en: str = ""
    abbr_en: str = ""
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    renamed: tuple[tuple[str, int], ...] = ()  # (former name, last BE year it was used)
    holders: tuple[str, ...] = ()  # office holders written for the office: นายอำเภอ…
    head_title: str = ""
    note: str = ""          # for maintainers, never published
    public_note: str = ""   # Thai, shown on the agency page
    status: str = ""
    template: str | None = None   # for a local unit: the id of its templated agency
    area: str | None = None       # for a local unit: the area it belongs to
    placeholder: str | None = None  # for a template: "amphoe" or "tambon"

    @property
    def label(self) -> str:
        """Display name: a template reads 'องค์การบริหารส่วนตำบล (แต่ละตำบล)'."""
        if not self.placeholder:
            return self.name_th
        each = {"amphoe": "แต่ละอำเภอ", "tambon": "แต่ละตำบล"}[self.placeholder]
        return self.name_th.replace("{" + self.placeholder + "}", "").strip() + f" ({each})"

    @property
    def label_en(self) -> str:
        """English name: a template's reads 'Subdistrict Administrative Organization (each
        subdistrict)'; '' when there is none."""
        if not self.placeholder or not self.name_en:
            return self.name_en
        each = {"amphoe": "each district", "tambon": "each subdistrict"}[self.placeholder]
        return " ".join(self.name_en.replace("{" + self.placeholder + "}", "").split()) + f" ({each})"


@dataclass(frozen=True)
class SeriesRef:
    """A story's place in a multi-part series."""

    id: str
    part: int
    total: int
    title: str = ""


@dataclass(frozen=True)
class Story:
    """One learning-circle story with every reference resolved to a canonical id."""

    id: str                    # ASCII, "<iso-date>-<slug>"; also the page name
    source: str                # path of the Markdown file, relative to the project
    title: str
    date: dt.date
    circle: str
    roles: tuple[str, ...]
    author: str
    agencies: tuple[str, ...]
    areas: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    body: str
    words: int
    series: SeriesRef | None = None
    draft: bool = False
    updated: dt.date | None = None
    origin: str = ""           # e.g. "gotoknow:180345"
    review: bool = False
    indicators: tuple[Any, ...] = ()  # raw `indicators:` items, checked by indicators/tables.py
    body_line: int = 1         # line of the body's first line in the source file
    indicator_lines: tuple[int, ...] = ()  # line of each `indicators:` item

    @property
    def year_be(self) -> int:
        return self.date.year + 543


@dataclass(frozen=True)
class Registry:
    """Canonical agencies and areas, with the lookup tables references resolve through."""

    agencies: Mapping[str, Agency]
    areas: Mapping[str, Area]
    provinces: tuple[str, ...]
    village_counts: Mapping[str, int] = field(default_factory=dict)
    village_names: Mapping[str, str] = field(default_factory=dict)

    def children(self, area_id: str) -> list[Area]:
        """Direct children of an area, by code."""
        return sorted((a for a in self.areas.values() if a.parent == area_id), key=lambda a: a.id)

    def ancestors(self, area_id: str) -> list[Area]:
        """Parents of an area from the province down, excluding the area itself."""
        chain: list[Area] = []
        parent = self.areas[area_id].parent
        while parent:
            chain.append(self.areas[parent])
            parent = self.areas[parent].parent
        return chain[::-1]
