"""Areas: the official gazetteer (geothai) for the site's provinces, and reading area references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import geothai

from .model import Area
from .spelling import nearest
from .thai import squash


class ResolveError(ValueError):
    """A reference that does not resolve: English and Thai message plus a hint."""

    def __init__(self, en: str, th: str, hint_en: str = "", hint_th: str = ""):
        super().__init__(en)
        self.en, self.th, self.hint_en, self.hint_th = en, th, hint_en, hint_th


def gazetteer_areas(provinces: Iterable[str], aliases: Mapping[str, list[str]],
                    points: Mapping[str, tuple[float, float]]) -> dict[str, Area]:
    """Province, amphoe and tambon of the given provinces, from geothai, keyed by DOPA code."""
    areas: dict[str, Area] = {}

    def add(code: str, level: str, th: str, en: str, parent: str | None) -> None:
        areas[code] = Area(code, level, th, en, parent, tuple(aliases.get(code, ())),
                           points.get(code))

    for pcode in provinces:
        province = geothai.province(pcode)
        if province is None:
            raise ValueError(f"unknown province code {pcode!r} in site_config.yml")
        add(province.code, "province", province.name_th, province.name_en, None)
        for district in geothai.districts(pcode):
            add(district.code, "amphoe", district.name_th, district.name_en, pcode)
            for sub in geothai.subdistricts(district.code):
                add(sub.code, "tambon", sub.name_th, sub.name_en, district.code)
    return _with_amphoe_points(areas)


def _with_amphoe_points(areas: dict[str, Area]) -> dict[str, Area]:
    """Give each amphoe (and province) the mean point of its tambon, where it has none."""
    from dataclasses import replace

    for level, child_level in (("amphoe", "tambon"), ("province", "amphoe")):
        for area in [a for a in areas.values() if a.level == level and a.point is None]:
            pts = [a.point for a in areas.values()
                   if a.parent == area.id and a.level == child_level and a.point]
            if pts:
                point = (round(sum(p[0] for p in pts) / len(pts), 4),
                         round(sum(p[1] for p in pts) / len(pts), 4))
                areas[area.id] = replace(area, point=point)
    return areas


def village_areas(tambon: Area, count: int, names: Mapping[str, str]) -> list[Area]:
    """The villages (หมู่ 1..count) of a tambon, coded <tambon code><2-digit number>."""
    villages = []
    for number in range(1, count + 1):
        code = f"{tambon.id}{number:02d}"
        name = f"หมู่ {number}" + (f" บ้าน{names[code]}".replace("บ้านบ้าน", "บ้าน")
                                   if code in names else "")
        villages.append(Area(code, "village", name, f"Moo {number}", tambon.id))
    return villages


MARKERS = re.compile(r"(จังหวัด|จ\.|อำเภอ|อ\.|ตำบล|ต\.|หมู่ที่|หมู่|ม\.)")
MARKER_LEVEL = {"จังหวัด": "province", "จ.": "province", "อำเภอ": "amphoe", "อ.": "amphoe",
                "ตำบล": "tambon", "ต.": "tambon", "หมู่ที่": "village", "หมู่": "village",
                "ม.": "village"}


@dataclass(frozen=True)
class AreaReference:
    """The parts of a written area reference."""

    bare: str = ""
    province: str = ""
    amphoe: str = ""
    tambon: str = ""
    village: str = ""


def parse_area_reference(text: str) -> AreaReference:
    """Split 'หมู่ 3 ต.ท่าซัก อ.เมือง' into its levels; text before any marker is `bare`."""
    parts = MARKERS.split(str(text).strip())
    found = {"bare": parts[0].strip()}
    for marker, value in zip(parts[1::2], parts[2::2]):
        found[MARKER_LEVEL[marker]] = value.strip()
    return AreaReference(**found)


class AreaResolver:
    """Turns area references (names with or without levels, DOPA codes) into area ids."""

    def __init__(self, areas: Mapping[str, Area], village_counts: Mapping[str, int]):
        self.areas = areas
        self.village_counts = village_counts
        self.by_name: dict[tuple[str, str], list[str]] = {}
        for area in areas.values():
            if area.level == "village":
                continue
            for name in (area.name_th, *area.aliases):
                name = MARKERS.sub("", name) if area.level != "province" else name
                self.by_name.setdefault((area.level, squash(name)), []).append(area.id)

    def resolve(self, ref: object, levels: tuple[str, ...] = ("province", "amphoe", "tambon",
                                                              "village")) -> str:
        """The id of the one area `ref` names, or ResolveError saying why not."""
        text = str(ref).strip()
        if re.fullmatch(r"\d+", text):
            return self._by_code(text)
        parts = parse_area_reference(text)
        if parts.village:
            return self._village(parts, text)
        area_id = self._named(parts, text, levels)
        return area_id

    def _by_code(self, code: str) -> str:
        if code in self.areas:
            return code
        if len(code) == 8 and code[:6] in self.areas:
            count = self.village_counts.get(code[:6])
            if count and 1 <= int(code[6:]) <= count:
                return code
            return self._no_village(code[:6], int(code[6:]))
        hint = _abolished_hint(code)
        raise ResolveError(f'unknown area code "{code}"', f'ไม่รู้จักรหัสพื้นที่ "{code}"',
                           hint[0] or "write a DOPA code of this site's provinces (e.g. 800121)",
                           hint[1] or "ใช้รหัสกรมการปกครองของจังหวัดในเว็บนี้ (เช่น 800121)")

    def _named(self, parts: AreaReference, text: str, levels: tuple[str, ...]) -> str:
        scope = None
        if parts.province:
            scope = self._one("province", parts.province, text, None)
        if parts.amphoe:
            scope = self._one("amphoe", parts.amphoe, text, scope)
        tambon = parts.tambon or (parts.bare if parts.amphoe else "")
        if tambon:
            return self._one("tambon", tambon, text, scope)
        if parts.bare:
            wanted = tuple(lv for lv in ("tambon", "amphoe", "province") if lv in levels)
            return self._one(wanted, parts.bare, text, scope)
        if scope:
            return scope
        raise ResolveError(f'empty area reference "{text}"', f'ไม่ได้ระบุพื้นที่ "{text}"',
                           'write e.g. "ต.ท่าซัก อ.เมือง"', 'เขียน เช่น "ต.ท่าซัก อ.เมือง"')

    def _one(self, levels: str | tuple[str, ...], name: str, text: str, scope: str | None) -> str:
        levels = (levels,) if isinstance(levels, str) else levels
        ids = [i for lv in levels for i in self.by_name.get((lv, squash(name)), [])]
        if scope:
            ids = [i for i in ids if self._within(i, scope)]
        ids = sorted(set(ids))
        if len(ids) == 1:
            return ids[0]
        if ids:
            labels = ", ".join(f"{self.full_label(i)} ({i})" for i in ids)
            example = self.full_label(ids[0])
            raise ResolveError(
                f'area "{text}" matches {len(ids)} units: {labels}',
                f'พื้นที่ "{text}" ตรงกับ {len(ids)} แห่ง: {labels}',
                f'add the amphoe, e.g. "{example}", or write the DOPA code',
                f'ระบุอำเภอด้วย เช่น "{example}" หรือใช้รหัสพื้นที่')
        raise self._unknown(name, text, levels, scope)

    def _unknown(self, name: str, text: str, levels: tuple[str, ...], scope: str | None):
        names = {self.areas[i].name_th: i for (lv, _), ids in self.by_name.items()
                 if lv in levels for i in ids if not scope or self._within(i, scope)}
        close = nearest(name, sorted(names))
        where = f" in {self.areas[scope].label}" if scope else ""
        where_th = f" ใน{self.areas[scope].label}" if scope else ""
        if close:
            sugg = ", ".join(f'"{self.full_label(names[c])}"' for c in close)
            return ResolveError(f'unknown area "{text}"{where}', f'ไม่รู้จักพื้นที่ "{text}"{where_th}',
                                f"did you mean {sugg}?", f"หมายถึง {sugg} หรือไม่")
        return ResolveError(f'unknown area "{text}"{where}', f'ไม่รู้จักพื้นที่ "{text}"{where_th}',
                            "check the spelling against the official name, or write the DOPA code",
                            "ตรวจตัวสะกดกับชื่อทางการ หรือใช้รหัสพื้นที่")

    def _village(self, parts: AreaReference, text: str) -> str:
        number = re.match(r"\s*(\d+)", parts.village)
        if not number:
            raise ResolveError(f'village number missing in "{text}"', f'ไม่มีเลขหมู่ใน "{text}"',
                               'write e.g. "หมู่ 3 ต.ท่าซัก อ.เมือง"', 'เขียน เช่น "หมู่ 3 ต.ท่าซัก อ.เมือง"')
        rest = AreaReference(bare=parts.bare, province=parts.province, amphoe=parts.amphoe,
                             tambon=parts.tambon or parts.village[number.end():].strip())
        tambon = self._named(rest, text, ("tambon",))
        if self.areas[tambon].level != "tambon":
            raise ResolveError(f'a village needs its tambon: "{text}"', f'ระบุตำบลของหมู่บ้านด้วย: "{text}"',
                               'write e.g. "หมู่ 3 ต.ท่าซัก อ.เมือง"', 'เขียน เช่น "หมู่ 3 ต.ท่าซัก อ.เมือง"')
        return self._by_code(f"{tambon}{int(number.group(1)):02d}")

    def _no_village(self, tambon: str, number: int) -> str:
        label = self.full_label(tambon)
        count = self.village_counts.get(tambon)
        if count:
            raise ResolveError(f"{label} has villages 1–{count}, not หมู่ {number}",
                               f"{label} มีหมู่ 1–{count} ไม่มีหมู่ {number}",
                               "check the village number", "ตรวจเลขหมู่")
        raise ResolveError(f"no villages of {label} are listed", f"ยังไม่มีรายชื่อหมู่บ้านของ{label}",
                           "add the tambon to content/registry/villages.yml",
                           "เพิ่มตำบลนี้ใน content/registry/villages.yml")

    def _within(self, area_id: str, scope: str) -> bool:
        while area_id:
            if area_id == scope:
                return True
            area_id = self.areas[area_id].parent or ""
        return False

    def full_label(self, area_id: str) -> str:
        """'ต.ปากแพรก อ.ทุ่งสง' — the area with its amphoe, for messages."""
        area = self.areas[area_id]
        if area.level in ("tambon", "village") and area.parent:
            return f"{area.label} {self.full_label(area.parent)}"
        return area.label


def _abolished_hint(code: str) -> tuple[str, str]:
    from geothai.abolished import abolished_areas

    for old in abolished_areas():
        if old.code == code:
            if old.successors:
                new = ", ".join(old.successors)
                return (f"{old.name_th} ({code}) was abolished on {old.abolished_on}; write {new}",
                        f"รหัส {code} ({old.name_th}) ยกเลิกเมื่อ {old.abolished_on} ใช้รหัส {new}")
            return (f"{old.name_th} ({code}) was abolished on {old.abolished_on} and has no "
                    "successor; write the tambon it now belongs to",
                    f"รหัส {code} ({old.name_th}) ยกเลิกเมื่อ {old.abolished_on} "
                    "ให้ใช้ตำบลที่พื้นที่นี้สังกัดในปัจจุบัน")
    return "", ""
