"""site_config.yml: the one file a site owner edits, read into a typed SiteConfig."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problems
from .yamlsource import load_yaml, yaml_error_line

SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "site": {"title": str, "description": str, "url": str, "language": str, "author": str},
    "registries": {"agencies": str, "areas": str, "villages": str},
    "areas": {"provinces": list},
    "repository": {"url": str, "edit_uri": str},
    "build": {"drafts": bool, "newest_on_home": int, "related_stories": int,
              "words_per_minute": int},
    "bundle": {"name": str},
    "privacy": {"public_contacts": list},
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "site": {"title": "วงเรียนรู้", "description": "", "url": "", "language": "th", "author": ""},
    "registries": {"agencies": "agencies.yml", "areas": "areas.yml", "villages": "villages.yml"},
    "areas": {"provinces": ["80"]},
    "repository": {"url": "", "edit_uri": "edit/main/"},
    "build": {"drafts": False, "newest_on_home": 10, "related_stories": 5,
              "words_per_minute": 200},
    "bundle": {"name": "wongrian-offline"},
    "privacy": {"public_contacts": []},
}


@dataclass(frozen=True)
class SiteConfig:
    """Settings from site_config.yml, every section filled with its defaults."""

    root: Path
    site: dict[str, Any] = field(default_factory=dict)
    registries: dict[str, str] = field(default_factory=dict)
    areas: dict[str, Any] = field(default_factory=dict)
    repository: dict[str, str] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)
    bundle: dict[str, Any] = field(default_factory=dict)
    privacy: dict[str, Any] = field(default_factory=dict)

    @property
    def provinces(self) -> list[str]:
        return [str(p) for p in self.areas["provinces"]]

    @property
    def title(self) -> str:
        return self.site["title"]

    def edit_url(self, source: str) -> str:
        """Link to edit a content file in the repository, or '' when none is configured."""
        url = self.repository.get("url", "").rstrip("/")
        if not url:
            return ""
        return f"{url}/{self.repository.get('edit_uri', '').strip('/')}/{source}"


def load_config(root: Path, problems: Problems, name: str = "site_config.yml") -> SiteConfig:
    """Read and check site_config.yml: unknown keys warn, wrong types are errors."""
    path = root / name
    raw: dict[str, Any] = {}
    lines = None
    if path.exists():
        try:
            raw, lines = load_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.error(name, yaml_error_line(exc), "yaml", "cannot parse YAML", "อ่าน YAML ไม่ได้",
                           "check indentation and quotes", "ตรวจการย่อหน้าและเครื่องหมายคำพูด")
        raw = raw or {}
    sections: dict[str, dict[str, Any]] = {}
    for section, keys in SCHEMA.items():
        given = raw.get(section) or {}
        line = lines.line(section) if lines else 0
        merged = dict(DEFAULTS[section])
        for key, value in (given.items() if isinstance(given, dict) else []):
            if key not in keys:
                problems.warn(name, line, f"{section}.{key}", "unknown setting, ignored",
                              "ไม่รู้จักค่าตั้งนี้ จึงข้ามไป")
            elif value is not None and not isinstance(value, keys[key]):
                problems.error(name, line, f"{section}.{key}",
                               f"must be {keys[key].__name__}, got {value!r}",
                               f"ต้องเป็นชนิด {keys[key].__name__} แต่ได้ {value!r}")
            elif value is not None:
                merged[key] = value
        sections[section] = merged
    for section in sorted(set(raw) - set(SCHEMA)):
        problems.warn(name, lines.line(section) if lines else 0, section,
                      "unknown section, ignored", "ไม่รู้จักหมวดนี้ จึงข้ามไป")
    return SiteConfig(root=root, **sections)
