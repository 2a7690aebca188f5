"""Loading the registries in content/registry/: agencies, areas, villages, map points."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .agencies import AgencyResolver, agency_from_entry, check_agency_entries
from .areas import AreaResolver, gazetteer_areas, village_areas
from .config import DEFAULTS, SiteConfig
from .errors import Problems
from .model import Agency, Registry
from .thai import add_words
from .files import readable, source_of
from .registry_shapes import Shapes, agency_entries, area_aliases, area_points, villages
from .yamlsource import load_yaml_file, yaml_error_line, yaml_error_text


@dataclass(frozen=True)
class Resolvers:
    """The registry together with the resolvers that read references against it."""

    registry: Registry
    agencies: AgencyResolver
    areas: AreaResolver


DEFAULT_FILES = set(DEFAULTS["registries"].values())  # may be missing: an empty registry


def _read(path: Path, root: Path, problems: Problems) -> tuple[Any, Any]:
    """A registry file's data and lines; (None, None) when it is missing or broken."""
    rel = source_of(path, root)
    if not readable(path, root, problems):  # a link out of content/ is an error, not read
        return None, None
    try:
        return load_yaml_file(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.error(rel, 0, "file", "not UTF-8 text", "ไฟล์ไม่ใช่ข้อความ UTF-8",
                       "save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")
    except yaml.YAMLError as exc:
        problems.error(rel, yaml_error_line(exc), "yaml", *yaml_error_text(
            exc, 0, "อ่าน YAML ไม่ได้", "check indentation and quotes",
            "ตรวจการย่อหน้าและเครื่องหมายคำพูด"))
    return None, None


def load_registry(root: Path, config: SiteConfig, problems: Problems) -> Resolvers:
    """Read the registry files named in the site config; errors go to `problems` (a part of a
    file of the wrong shape is reported and left out: `registry_shapes`)."""
    folder = root / "content" / "registry"
    rel = lambda name: source_of(folder / name, root)  # noqa: E731 (a name may be absolute)

    def read(name: str, named: bool = True) -> tuple[Any, Shapes]:
        path, reported = folder / name, len(problems.errors)
        data, lines = _read(path, root, problems)
        if named and len(problems.errors) == reported and not os.path.lexists(path) \
                and name not in DEFAULT_FILES:
            problems.error(rel(name), 0, "file", "the registry file that site_config.yml names "
                           "does not exist", "ไม่มีไฟล์ทะเบียนที่ระบุไว้ใน site_config.yml",
                           "create it, or correct its name under registries:",
                           "สร้างไฟล์นั้น หรือแก้ชื่อไฟล์ในหมวด registries:")
        return data, Shapes(rel(name), lines, problems)

    aliases = area_aliases(*read(config.registries["areas"]))
    points = area_points(*read("area-points.yml", named=False))
    areas = gazetteer_areas(config.provinces, aliases, points)

    counts, names = {}, {}
    for code, info in villages(*read(config.registries["villages"])).items():
        if code not in areas or areas[code].level != "tambon":
            problems.error(rel(config.registries["villages"]), 0, "tambon",
                           f'"{code}" is not a tambon code of this site', f'"{code}" ไม่ใช่รหัสตำบลในเว็บนี้',
                           "use a 6-digit DOPA tambon code", "ใช้รหัสตำบล 6 หลัก")
            continue
        counts[code] = info["count"]
        names.update({f"{code}{number:02d}": name for number, name in info["names"].items()})
    for code, count in counts.items():
        for village in village_areas(areas[code], count, names):
            areas[village.id] = village

    agency_data, shapes = read(config.registries["agencies"])
    entries, ambiguous = agency_entries(agency_data, shapes)
    for index, fld, en, th in check_agency_entries(entries):
        problems.error(rel(config.registries["agencies"]), shapes.lines.item("agencies", index),
                       fld, en, th)
    agencies: dict[str, Agency] = {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("id") and entry.get("name_th"):
            agencies[entry["id"]] = agency_from_entry(entry)

    add_words(name for a in agencies.values() for name in (a.name_th, *a.aliases)
              if "{" not in name)
    add_words(a.name_th for a in areas.values() if a.level != "village")
    registry = Registry(agencies=agencies, areas=areas, provinces=tuple(config.provinces),
                        village_counts=counts, village_names=names)
    area_resolver = AreaResolver(areas, counts)
    return Resolvers(registry, AgencyResolver(agencies, area_resolver, ambiguous), area_resolver)
