"""Loading the registries in content/registry/: agencies, areas, villages, map points."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .agencies import AgencyResolver, agency_from_entry, check_agency_entries
from .areas import AreaResolver, gazetteer_areas, village_areas
from .config import SiteConfig
from .errors import Problems
from .model import Agency, Registry
from .thai import add_words
from .files import readable, source_of
from .yamlsource import load_yaml_file, yaml_error_line, yaml_error_text


@dataclass(frozen=True)
class Resolvers:
    """The registry together with the resolvers that read references against it."""

    registry: Registry
    agencies: AgencyResolver
    areas: AreaResolver


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
    """Read the registry files named in the site config; errors go to `problems`."""
    folder = root / "content" / "registry"
    rel = lambda name: (folder / name).relative_to(root).as_posix()  # noqa: E731

    area_data, _ = _read(folder / config.registries["areas"], root, problems)
    points_data, _ = _read(folder / "area-points.yml", root, problems)
    aliases = {str(k): list(v or []) for k, v in ((area_data or {}).get("aliases") or {}).items()}
    points = {str(k): (float(v[0]), float(v[1]))
              for k, v in ((points_data or {}).get("points") or {}).items()}
    areas = gazetteer_areas(config.provinces, aliases, points)

    village_data, _ = _read(folder / config.registries["villages"], root, problems)
    counts, names = {}, {}
    for code, info in ((village_data or {}).get("tambon") or {}).items():
        code = str(code)
        if code not in areas or areas[code].level != "tambon":
            problems.error(rel(config.registries["villages"]), 0, "tambon",
                           f'"{code}" is not a tambon code of this site', f'"{code}" ไม่ใช่รหัสตำบลในเว็บนี้',
                           "use a 6-digit DOPA tambon code", "ใช้รหัสตำบล 6 หลัก")
            continue
        counts[code] = int((info or {}).get("count") or 0)
        for number, name in ((info or {}).get("names") or {}).items():
            names[f"{code}{int(number):02d}"] = str(name)
    for code, count in counts.items():
        for village in village_areas(areas[code], count, names):
            areas[village.id] = village

    agency_data, lines = _read(folder / config.registries["agencies"], root, problems)
    entries = list((agency_data or {}).get("agencies") or [])
    for index, fld, en, th in check_agency_entries(entries):
        line = lines.item("agencies", index) if lines else 0
        problems.error(rel(config.registries["agencies"]), line, fld, en, th)
    agencies: dict[str, Agency] = {}
    for entry in entries:
        if isinstance(entry, dict) and entry.get("id") and entry.get("name_th"):
            agencies[entry["id"]] = agency_from_entry(entry)
    ambiguous = {str(k): list(v or []) for k, v in
                 ((agency_data or {}).get("ambiguous_aliases") or {}).items()}

    add_words(name for a in agencies.values() for name in (a.name_th, *a.aliases)
              if "{" not in name)
    add_words(a.name_th for a in areas.values() if a.level != "village")
    registry = Registry(agencies=agencies, areas=areas, provinces=tuple(config.provinces),
                        village_counts=counts, village_names=names)
    area_resolver = AreaResolver(areas, counts)
    return Resolvers(registry, AgencyResolver(agencies, area_resolver, ambiguous), area_resolver)
