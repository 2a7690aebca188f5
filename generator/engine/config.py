"""The MkDocs configuration Wongrian writes for a generated docs tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..body import CONFIGS, EXTENSIONS, TOC_CONFIG
from ..config import SiteConfig

THEME_DIR = Path(__file__).resolve().parent.parent.parent / "theme" / "overrides"
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
                  extra_js: list[str] = (), extra: dict[str, str] | None = None) -> dict[str, Any]:
    """The MkDocs configuration for a generated docs tree; `extra` goes to the theme (the
    footer's data date)."""
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
            "features": ["navigation.tabs", "navigation.top", "toc.follow"],
            # colours in assets/wongrian/wongrian.css: Material's green fails WCAG AA contrast
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        },
        "extra_css": ["assets/wongrian/wongrian.css", "assets/wongrian/print.css", *extra_css],
        "extra_javascript": ["assets/wongrian/wongrian.js", *extra_js],
        "markdown_extensions": [
            *({e: CONFIGS[e]} if e in CONFIGS else e for e in EXTENSIONS if e != "toc"),
            {"toc": {**TOC_CONFIG, "slugify": SLUGIFY}},
        ],
        "plugins": [],  # no Material search: Wongrian indexes Thai itself (search/pages.py)
        "nav": [*NAV, *extra_nav],
        "not_in_nav": "/**\n",
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "warn"}},
        "extra": {"generator": False, "wongrian": {
            "edit_base": config.edit_url(""), "licence": site.get("licence", ""),
            "join_url": config.join_url(), "guide_url": config.guide_url(),
            "data_date": (extra or {}).get("data_date", "")}},
    }


def write_mkdocs_yml(cfg: dict[str, Any], path: Path) -> Path:
    """Write the config as YAML, with the Python slugify tag MkDocs resolves itself."""
    text = yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)
    text = text.replace(f"'{SLUGIFY}'", SLUGIFY)
    path.write_text(text, encoding="utf-8")
    return path
