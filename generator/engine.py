"""The one module that talks to MkDocs: write mkdocs.yml for a docs tree and build it.

Material 9 is in maintenance until 2027-05 and its successor reads the same config, so
everything engine-specific stays here.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import yaml

from .config import SiteConfig

THEME_DIR = Path(__file__).resolve().parent.parent / "theme" / "overrides"
SLUGIFY = "!!python/name:generator.thai.heading_slug"

NAV = [  # sections only: listing every story in the nav makes MkDocs quadratic
    {"หน้าแรก": "index.md"},
    {"บันทึก": "year/index.md"},
    {"หน่วยงาน": "agency/index.md"},
    {"พื้นที่": "area/index.md"},
    {"บทบาท": "role/index.md"},
    {"ระดับวง": "circle/index.md"},
    {"ป้ายกำกับ": "tag/index.md"},
    {"ชุดบันทึก": "series/index.md"},
]


def mkdocs_config(config: SiteConfig, docs_dir: Path, site_dir: Path,
                  extra_nav: list[dict[str, str]] = (), extra_css: list[str] = (),
                  extra_js: list[str] = ()) -> dict[str, Any]:
    """The MkDocs configuration for a generated docs tree."""
    site = config.site
    return {
        "site_name": site["title"],
        "site_description": site.get("description", ""),
        "site_author": site.get("author", ""),
        "site_url": site.get("url") or None,
        "repo_url": config.repository.get("url") or None,
        "edit_uri": "",
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": False,  # pages open from file:// (offline bundle) as well
        "strict": False,
        "theme": {
            "name": "material",
            "custom_dir": str(THEME_DIR),
            "language": site.get("language", "th"),
            "font": False,  # no Google Fonts: the Thai font is bundled (assets/fonts)
            "features": ["navigation.tabs", "navigation.top", "toc.follow", "search.highlight"],
            "palette": {"scheme": "default", "primary": "green", "accent": "orange"},
        },
        "extra_css": ["assets/wongrian/wongrian.css", *extra_css],
        "extra_javascript": list(extra_js),
        "markdown_extensions": [
            "admonition", "attr_list", "md_in_html", "tables", "def_list",
            {"toc": {"permalink": True, "slugify": SLUGIFY}},
        ],
        "plugins": [],  # no Material search: Wongrian indexes Thai itself (search_pages.py)
        "nav": [*NAV, *extra_nav],
        "not_in_nav": "/**\n",
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "warn"}},
        "extra": {"generator": False, "wongrian": {"edit_base": config.edit_url("")}},
    }


def write_mkdocs_yml(cfg: dict[str, Any], path: Path) -> Path:
    """Write the config as YAML, with the Python slugify tag MkDocs resolves itself."""
    text = yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)
    text = text.replace(f"'{SLUGIFY}'", SLUGIFY)
    path.write_text(text, encoding="utf-8")
    return path


def run_mkdocs(config_file: Path, build_epoch: int) -> list[str]:
    """Build the site in this process; returns MkDocs' warnings. Output is reproducible."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch)  # no "now" in sitemap.xml and gzip
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(load_config(str(config_file)))
    finally:
        logger.removeHandler(handler)
    return warnings


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())
