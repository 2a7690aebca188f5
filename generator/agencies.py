"""Agencies: the registry's canonical agencies and reading the names people write for them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any, Mapping

from .areas import AreaResolver, ResolveError
from .model import AGENCY_LEVELS, Agency, Area
from .spelling import scored
from .thai import ascii_slug, squash

PLACEHOLDER = re.compile(r"\{(amphoe|tambon)\}")
REGISTRY_FILE = "content/registry/agencies.yml"


def renamed_from_entry(entry: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    """`former: [{name: สกย., until: 2558}]` as ((name, year), …); bad items are skipped
    (check_agency_entries reports them)."""
    found = []
    for item in entry.get("former") or ():
        if isinstance(item, dict) and item.get("name") and isinstance(item.get("until"), int):
            found.append((str(item["name"]), item["until"]))
    return tuple(found)


def agency_from_entry(entry: Mapping[str, Any]) -> Agency:
    """An Agency from one registry entry (already checked for required keys)."""
    aliases = tuple(str(a) for a in entry.get("aliases_th") or ())
    renamed = renamed_from_entry(entry)
    holders = tuple(str(h) for h in entry.get("holders_th") or ())
    names = " ".join((entry["name_th"], *aliases, *holders, *(n for n, _ in renamed)))
    holder = PLACEHOLDER.search(names)
    return Agency(
        id=entry["id"], name_th=entry["name_th"],
        abbr_th=PLACEHOLDER.sub("", aliases[0]) if aliases else "",
        level=entry.get("level"), kind=entry.get("kind") or "unit",
        name_en=entry.get("name_en") or "", abbr_en=entry.get("abbr_en") or "",
        parent=entry.get("parent"), aliases=aliases + tuple(entry.get("misspellings_th") or ()),
        former=tuple(str(a) for a in entry.get("former_th") or ()) + tuple(n for n, _ in renamed),
        renamed=renamed, holders=holders, head_title=entry.get("head_title") or "", note=entry.get("note") or "",
        public_note=entry.get("public_note") or "",
        status=entry.get("status") or "",
        placeholder=holder.group(1) if holder else None,
    )


def local_unit(template: Agency, area: Area, agencies: Mapping[str, Agency],
               ancestors: list[Area]) -> Agency:
    """The concrete unit of a templated agency in one area: อบต. + ต.ท่าซัก = sao-800121."""
    fill = {"amphoe": area.name_th, "tambon": area.name_th}
    fill_en = {"amphoe": area.name_en, "tambon": area.name_en}
    parent = template.parent
    parent_agency = agencies.get(parent or "")
    if parent_agency and parent_agency.placeholder:
        bound = [a for a in ancestors if a.level == parent_agency.placeholder]
        parent = f"{parent}-{bound[0].id}" if bound else parent
    abbr = template.abbr_th + ("" if template.abbr_th.endswith(area.name_th) else area.name_th)
    return replace(
        template, id=f"{template.id}-{area.id}", name_th=template.name_th.format(**fill),
        name_en=template.name_en.format(**fill_en), abbr_th=abbr, parent=parent,
        aliases=(), former=(), renamed=(), holders=(), template=template.id, area=area.id, placeholder=None,
    )


class AgencyResolver:
    """Reads agency references: ids, names, abbreviations, former names, misspellings, and
    local units written as a template prefix plus a place ('พช.อำเภอเมือง', 'อบต.ท่าซัก')."""

    def __init__(self, agencies: Mapping[str, Agency], areas: AreaResolver,
                 ambiguous: Mapping[str, list[str]]):
        self.agencies = agencies
        self.areas = areas
        self.names: dict[str, set[str]] = {}
        self.shown: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        for agency in agencies.values():
            for name in (agency.id, agency.name_th, *agency.aliases, *agency.former,
                         *agency.holders):
                if name != agency.id and (PLACEHOLDER.search(name) or agency.placeholder):
                    prefix = PLACEHOLDER.split(name)[0]
                    if prefix and agency.placeholder:
                        self.prefixes.append((squash(prefix), agency.id))
                if not PLACEHOLDER.search(name):
                    self._add(name, agency.id)
        for name, ids in ambiguous.items():
            self.names.setdefault(squash(name), set()).update(ids)
            self.shown.setdefault(squash(name), name)
        self.prefixes = sorted(set(self.prefixes), key=lambda p: (-len(p[0]), p))
        self.dotless: dict[str, set[str]] = {}  # 'ธกส' finds ธ.ก.ส. when it means one agency
        for name_key, ids in self.names.items():
            self.dotless.setdefault(name_key.replace(".", ""), set()).update(ids)
        self.dotless = {k: v for k, v in self.dotless.items() if len(v) == 1 and "." not in k}

    def _add(self, name: str, agency_id: str) -> None:
        key = squash(name)
        self.names.setdefault(key, set()).add(agency_id)
        self.shown.setdefault(key, name)

    def resolve(self, ref: object) -> str:
        """The id of the agency `ref` names (a local unit id where a place is given)."""
        text = str(ref).strip()
        key = squash(text)
        local = re.fullmatch(r"([a-z0-9_]+)-(\d+)", text)
        if local and local.group(1) in self.agencies and local.group(2) in self.areas.areas:
            template, area = self.agencies[local.group(1)], self.areas.areas[local.group(2)]
            if template.placeholder == area.level:
                return text
        ids = self.names.get(key) or self.dotless.get(key.replace(".", ""))
        if ids and len(ids) == 1:
            return next(iter(ids))
        if ids:
            raise self._ambiguous(text, sorted(ids))
        failure: ResolveError | None = None
        for prefix, agency_id in self.prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                rest = text_after(text, prefix)
                level = self.agencies[agency_id].placeholder
                try:
                    area_id = self.areas.resolve(rest, levels=(level,))
                except ResolveError as exc:
                    failure = failure or exc
                    continue
                if self.areas.areas[area_id].level == level:
                    return f"{agency_id}-{area_id}"
        if failure and ("matches" in failure.en):
            raise ResolveError(f'agency "{text}": {failure.en}', f'หน่วยงาน "{text}": {failure.th}',
                               failure.hint_en, failure.hint_th)
        raise self._unknown(text, key)

    def _ambiguous(self, text: str, ids: list[str]) -> ResolveError:
        labels = ", ".join(f"{PLACEHOLDER.sub('…', self.agencies[i].name_th)} ({i})" for i in ids)
        return ResolveError(f'agency "{text}" can mean {len(ids)} agencies: {labels}',
                            f'"{text}" หมายถึงได้ {len(ids)} หน่วยงาน: {labels}',
                            "write the full name or the id", "เขียนชื่อเต็มหรือรหัสหน่วยงาน")

    def _unknown(self, text: str, key: str) -> ResolveError:
        entry = registry_line(text, set(self.agencies))
        add_en = f"if it is a new agency, add this line to {REGISTRY_FILE}: {entry}"
        add_th = f"ถ้าเป็นหน่วยงานใหม่ เพิ่มบรรทัดนี้ใน {REGISTRY_FILE}: {entry}"
        close = self.nearest(text)
        if close:
            sugg = ", ".join(f'"{c}"' for c in close)
            return ResolveError(f'unknown agency "{text}"', f'ไม่รู้จักหน่วยงาน "{text}"',
                                f"did you mean {sugg}? {add_en}", f"หมายถึง {sugg} หรือไม่ {add_th}")
        return ResolveError(f'unknown agency "{text}"', f'ไม่รู้จักหน่วยงาน "{text}"',
                            f"check the spelling; {add_en}", f"ตรวจตัวสะกด {add_th}")

    def nearest(self, text: str, n: int = 3) -> list[str]:
        """The names nearest to `text` in Thai spelling, local units ('อบต.ปากพูน') included."""
        found = [(d, n, name) for d, n, name in
                 scored(text, [self.shown[k] for k in sorted(self.shown)])]
        key = squash(text)
        for prefix, agency_id in self.prefixes:
            for typed, start in ((key, prefix), (key.replace(".", ""), prefix.replace(".", ""))):
                if typed.startswith(start) and len(typed) > len(start):
                    level = self.agencies[agency_id].placeholder
                    names = sorted({a.name_th for a in self.areas.areas.values() if a.level == level})
                    found += [(d, n + len(prefix), prefix + name)
                              for d, n, name in scored(typed[len(start):], names)]
                    break
        chosen: dict[str, str] = {}
        for _, _, name in sorted(found):
            meaning = ",".join(sorted(self.names.get(squash(name), {name})))
            chosen.setdefault(meaning, name)
        return list(chosen.values())[:n]


def registry_line(text: str, taken: set[str]) -> str:
    """A one-line YAML entry for an unknown agency name, with an unused ASCII id."""
    base = re.sub(r"[^a-z0-9]+", "_", ascii_slug(text).lower()).strip("_") or "new_agency"
    agency_id, number = base, 2
    while agency_id in taken:
        agency_id, number = f"{base}_{number}", number + 1
    name = json.dumps(text, ensure_ascii=False)
    return f"- {{id: {agency_id}, name_th: {name}, status: unverified}}"


def text_after(text: str, prefix_key: str) -> str:
    """The part of `text` after the characters that make up `prefix_key` (spaces ignored)."""
    taken = 0
    for index, char in enumerate(text):
        if taken == len(prefix_key):
            return text[index:].strip()
        if not char.isspace():
            taken += 1
    return ""


MAX_ID = 80  # characters of an agency id


def check_agency_entries(entries: list[Any]) -> list[tuple[int, str, str, str]]:
    """Problems in the registry's agency list: (index, field, english, thai)."""
    problems = []
    ids = [e.get("id") for e in entries if isinstance(e, dict)]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append((index, "agencies", "each agency must be a mapping", "แต่ละหน่วยงานต้องเป็นชุดข้อมูล"))
            continue
        for key in ("id", "name_th"):
            if not entry.get(key):
                problems.append((index, key, f"missing {key}", f"ไม่มี {key}"))
        if entry.get("id") and not re.fullmatch(r"[a-z0-9_]+", str(entry["id"])):
            problems.append((index, "id", f'id "{entry["id"]}" must be lower-case ASCII (a-z, 0-9, _)',
                             f'รหัส "{entry["id"]}" ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _'))
        elif len(str(entry.get("id") or "")) > MAX_ID:  # the agency page's file name
            length = len(str(entry["id"]))
            problems.append((index, "id", f"id is {length} characters, over the limit of {MAX_ID}",
                             f"รหัสยาว {length} ตัวอักษร เกินกำหนด {MAX_ID} ตัวอักษร"))
        if ids.count(entry.get("id")) > 1:
            problems.append((index, "id", f'duplicate id "{entry.get("id")}"', f'รหัสซ้ำ "{entry.get("id")}"'))
        if entry.get("level") not in (*AGENCY_LEVELS, None):
            problems.append((index, "level", f'unknown level "{entry["level"]}"', f'ไม่รู้จักระดับ "{entry["level"]}"'))
        problems += [(index, "former", en, th) for en, th in _former_problems(entry)]
        if entry.get("parent") and entry["parent"] not in ids:
            problems.append((index, "parent", f'unknown parent "{entry["parent"]}"', f'ไม่รู้จักหน่วยงานแม่ "{entry["parent"]}"'))
    return problems


def _former_problems(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each `former` item must be {name: …, until: <Buddhist-Era year>}."""
    problems = []
    for item in entry.get("former") or ():
        year = item.get("until") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not item.get("name"):
            problems.append(("each former name needs name: and until: (e.g. {name: สกย., until: 2558})",
                             "ชื่อเดิมแต่ละชื่อต้องมี name: และ until: (เช่น {name: สกย., until: 2558})"))
        elif not isinstance(year, int) or not 2400 <= year <= 2700:
            problems.append((f'until: {year!r} is not a Buddhist-Era year (e.g. 2558)',
                             f'until: {year!r} ไม่ใช่ปี พ.ศ. (เช่น 2558)'))
    return problems
