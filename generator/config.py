"""site_config.yml: the one file a site owner edits, read into a typed SiteConfig."""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from .errors import Problems
from .files import readable
from .yamlsource import Lines, load_yaml_file, yaml_error_line, yaml_error_text

SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "site": {"title": str, "description": str, "url": str, "language": str, "author": str,
             "licence": str},
    "registries": {"agencies": str, "areas": str, "villages": str},
    "areas": {"provinces": list},
    "repository": {"url": str, "edit_uri": str},
    "build": {"drafts": bool, "newest_on_home": int, "related_stories": int,
              "words_per_minute": int, "max_file_mb": int, "max_story_kb": int,
              "max_title_chars": int, "max_summary_chars": int},
    "bundle": {"name": str},
    "editor": {"enabled": bool, "backend": str, "repo": str, "branch": str, "base_url": str,
               "auth_endpoint": str, "editorial_workflow": bool, "local_backend": bool,
               "local_backend_port": int, "max_file_mb": int},
    "privacy": {"public_contacts": list},
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "site": {"title": "วงเรียนรู้", "description": "", "url": "", "language": "th", "author": "",
             "licence": "เนื้อหาเผยแพร่ภายใต้สัญญาอนุญาตครีเอทีฟคอมมอนส์ แบบแสดงที่มา 4.0 สากล "
                        "(CC BY 4.0): นำไปใช้ แก้ไข และเผยแพร่ต่อได้ โดยระบุที่มา"},
    "registries": {"agencies": "agencies.yml", "areas": "areas.yml", "villages": "villages.yml"},
    "areas": {"provinces": ["80"]},
    "repository": {"url": "", "edit_uri": "edit/main/"},
    "build": {"drafts": False, "newest_on_home": 10, "related_stories": 5,
              "words_per_minute": 200, "max_file_mb": 10, "max_story_kb": 2048,
              "max_title_chars": 200, "max_summary_chars": 500},
    "bundle": {"name": "wongrian-offline"},
    "editor": {"enabled": False, "backend": "github", "repo": "", "branch": "main", "base_url": "",
               "auth_endpoint": "", "editorial_workflow": True, "local_backend": False,
               "local_backend_port": 8081, "max_file_mb": 2},
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
    editor: dict[str, Any] = field(default_factory=dict)
    privacy: dict[str, Any] = field(default_factory=dict)

    @property
    def provinces(self) -> list[str]:
        return [str(p) for p in self.areas["provinces"]]

    @property
    def title(self) -> str:
        return self.site["title"]

    def join_url(self) -> str:
        """Where a new writer starts: the web editor when it is on, else the contributing guide
        in the repository; '' when neither exists."""
        return "admin/index.html" if self.editor.get("enabled") else self.guide_url()

    def guide_url(self) -> str:
        """The contributors' guide in the repository, on the branch stories are written to;
        '' without a repository."""
        url = self.repository.get("url", "").rstrip("/")
        return f"{url}/blob/{self.editor.get('branch') or 'main'}/CONTRIBUTING.md" if url else ""

    def edit_url(self, source: str) -> str:
        """Link to edit a content file in the repository, or '' when none is configured."""
        url = self.repository.get("url", "").rstrip("/")
        if not url:
            return ""
        return f"{url}/{self.repository.get('edit_uri', '').strip('/')}/{quote(source)}"  # (x#1.md)


def load_config(root: Path, problems: Problems, name: str = "site_config.yml") -> SiteConfig:
    """Read and check site_config.yml: unknown keys warn, wrong types are errors."""
    path = root / name
    raw: dict[str, Any] = {}
    lines = None
    if readable(path, root, problems, within=""):  # a link out of the project is an error
        try:
            raw, lines = load_yaml_file(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            problems.error(name, 0, "file", "not UTF-8 text", "ไฟล์ไม่ใช่ข้อความ UTF-8",
                           "save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")
        except yaml.YAMLError as exc:
            problems.error(name, yaml_error_line(exc), "yaml", *yaml_error_text(
                exc, 0, "อ่าน YAML ไม่ได้", "check indentation and quotes",
                "ตรวจการย่อหน้าและเครื่องหมายคำพูด"))
    if raw is not None and not isinstance(raw, dict):
        problems.error(name, 1, "yaml", "the file must be sections of key: value lines",
                       "ไฟล์ต้องเป็นหมวดของบรรทัดแบบ ชื่อ: ค่า")
    raw = raw if isinstance(raw, dict) else {}
    sections: dict[str, dict[str, Any]] = {}
    for section, keys in SCHEMA.items():
        given = raw.get(section) or {}
        line = lines.line(section) if lines else 0
        at = lines.nested.get(section, Lines(start=line)) if lines else Lines(start=0)
        merged = dict(DEFAULTS[section])
        if not isinstance(given, dict):
            problems.error(name, line, section, f"must be a section of key: value lines, got "
                           f"{reprlib.repr(given)}", f"ต้องเป็นหมวดของบรรทัดแบบ ชื่อ: ค่า แต่ได้ "
                           f"{reprlib.repr(given)}", "indent its settings under it",
                           "เขียนค่าตั้งของหมวดนี้โดยย่อหน้าไว้ใต้ชื่อหมวด")
        for key, value in (given.items() if isinstance(given, dict) else []):
            wanted = keys.get(key)
            if wanted is None:
                problems.warn(name, at.line(key), f"{section}.{key}", "unknown setting, ignored",
                              "ไม่รู้จักค่าตั้งนี้ จึงข้ามไป")
            elif value is not None and (not isinstance(value, wanted)
                                        or isinstance(value, bool) and wanted is not bool):
                problems.error(name, at.line(key), f"{section}.{key}",
                               f"must be {wanted.__name__}, got {reprlib.repr(value)}",
                               f"ต้องเป็นชนิด {wanted.__name__} แต่ได้ {reprlib.repr(value)}")
            elif value is not None and _bad_value(f"{section}.{key}", value, name, at.line(key),
                                                  problems):
                pass  # reported; the default stays
            elif value is not None:
                merged[key] = value
        sections[section] = merged
    _check_editor(sections["editor"], sections["repository"], name,
                  lines.line("editor") if lines else 0, problems, sections["build"]["max_file_mb"])
    for section in sorted(set(raw) - set(SCHEMA)):
        problems.warn(name, lines.line(section) if lines else 0, section,
                      "unknown section, ignored", "ไม่รู้จักหมวดนี้ จึงข้ามไป")
    return SiteConfig(root=root, **sections)


RANGES = {"build.newest_on_home": (1, 100), "build.related_stories": (0, 50),
          "build.words_per_minute": (20, 2000), "build.max_file_mb": (1, 1024),
          "build.max_story_kb": (1, 65536), "build.max_title_chars": (10, 10000),
          "build.max_summary_chars": (10, 10000), "editor.local_backend_port": (1, 65535),
          "editor.max_file_mb": (1, 100)}
URLS = ("site.url", "repository.url", "editor.base_url", "editor.auth_endpoint")


def _bad_value(key: str, value: Any, name: str, line: int, problems: Problems) -> bool:
    """Report a value of the right type that cannot work (a number out of range, an address
    that is not http(s), a language the theme does not speak, an unknown province); True if
    reported."""
    low, high = RANGES.get(key, (None, None))
    if low is not None and not low <= value <= high:
        problems.error(name, line, key, f"{value} is out of range", f"ค่า {value} อยู่นอกช่วงที่ใช้ได้",
                       f"use a whole number from {low} to {high}", f"ใช้จำนวนเต็มตั้งแต่ {low} ถึง {high}")
        return True
    if key in URLS and value.strip() and not re.fullmatch(r"https?://[^\s\"'<>`]+", value.strip()):
        problems.error(name, line, key, f"{reprlib.repr(value)} is not a web address",
                       f"{reprlib.repr(value)} ไม่ใช่ที่อยู่เว็บ",
                       "write it in full, starting with https://", "เขียนให้ครบ ขึ้นต้นด้วย https://")
        return True
    if key == "site.language" and value not in _theme_languages():
        problems.error(name, line, key, f'the theme has no language "{value}"',
                       f'ธีมไม่มีภาษา "{value}"', 'use "th" (or another language code of '
                       'mkdocs-material, e.g. "en")', 'ใช้ "th" (หรือรหัสภาษาอื่นของ mkdocs-material เช่น "en")')
        return True
    if key == "areas.provinces":
        import geothai

        unknown = [code for code in value if geothai.province(str(code)) is None]
        if unknown or not value:
            problems.error(name, line, key, f"unknown province code(s) {reprlib.repr(unknown)}",
                           f"ไม่รู้จักรหัสจังหวัด {reprlib.repr(unknown)}",
                           "use two-digit DOPA codes, e.g. \"80\" for Nakhon Si Thammarat",
                           "ใช้รหัสจังหวัดสองหลักของกรมการปกครอง เช่น \"80\" คือนครศรีธรรมราช")
            return True
    return False


@lru_cache(maxsize=1)
def _theme_languages() -> frozenset[str]:
    """The language codes mkdocs-material has a partial for (`partials/languages/<code>.html`)."""
    from importlib.util import find_spec

    spec = find_spec("material")
    folder = Path(spec.origin).parent / "templates" / "partials" / "languages" if spec and spec.origin else None
    found = frozenset(p.stem for p in folder.glob("*.html")) if folder and folder.is_dir() else None
    return found or frozenset({"th", "en"})


EDITOR_BACKENDS = ("github", "gitlab", "gitea", "git-gateway")


def _check_editor(editor: dict[str, Any], repository: dict[str, str], name: str, line: int,
                  problems: Problems, published_mb: int) -> None:
    """An enabled web editor needs a known backend and a repository to commit to, and may not
    take files larger than `wongrian check` publishes (build.max_file_mb)."""
    if not editor["enabled"]:
        return
    if editor["backend"] not in EDITOR_BACKENDS:
        problems.error(name, line, "editor.backend", f'unknown backend "{editor["backend"]}"',
                       f'ไม่รู้จัก backend "{editor["backend"]}"', "use one of: " + ", ".join(EDITOR_BACKENDS),
                       "ใช้หนึ่งใน: " + ", ".join(EDITOR_BACKENDS))
    github = "github.com/" in repository.get("url", "")
    if not (editor["repo"] or editor["local_backend"] or github and editor["backend"] == "github"):
        problems.error(name, line, "editor.repo", "the web editor needs a repository (owner/name)",
                       "หน้าแก้ไขบนเว็บต้องรู้ที่เก็บ (ชื่อบัญชี/ชื่อที่เก็บ)",
                       "set editor.repo, or repository.url to a github.com address",
                       "ใส่ editor.repo หรือใส่ repository.url เป็นที่อยู่ github.com")
    if editor["max_file_mb"] < 1:
        problems.error(name, line, "editor.max_file_mb", "must be at least 1", "ต้องไม่น้อยกว่า 1")
    elif editor["max_file_mb"] > published_mb:
        problems.error(name, line, "editor.max_file_mb",
                       f"{editor['max_file_mb']} MB is more than build.max_file_mb "
                       f"({published_mb} MB): check would refuse the files the editor takes",
                       f"{editor['max_file_mb']} MB มากกว่า build.max_file_mb ({published_mb} MB) "
                       "ไฟล์ที่หน้าแก้ไขรับไว้จะตรวจไม่ผ่าน", f"set it to at most {published_mb}",
                       f"ตั้งไม่เกิน {published_mb}")
