"""The one module that talks to MkDocs: write mkdocs.yml for a docs tree and build it.

Material 9 is in maintenance until 2027-05 and its successor reads the same config, so
everything engine-specific stays here.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable

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


# -- live builds (wongrian serve) --------------------------------------------------------------

class LiveBuild:
    """A MkDocs build kept in memory: after one full `build()`, `update()` rebuilds only the
    pages and files given. Every file it writes equals what a full build would write."""

    def __init__(self, config_file: Path):
        from mkdocs.config import load_config

        self.config = load_config(str(config_file))
        self.capture = _capture_plugin()
        self.config.plugins["wongrian/live"] = self.capture
        self.epoch: int | None = None

    def build(self, build_epoch: int) -> list[str]:
        """The full build, with MkDocs' own `build()`; its state is kept for `update()`."""
        from mkdocs.commands.build import build

        self.epoch = build_epoch
        with _collecting(build_epoch) as warnings:
            build(self.config)
        return warnings

    def update(self, changed: Iterable[str], removed: Iterable[str], build_epoch: int) -> list[str]:
        """Rebuild the docs-tree files in `changed` (new or modified; pages are rendered in the
        order given) and drop `removed`."""
        from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
        from mkdocs.utils import get_build_date

        config, capture = self.config, self.capture
        with _collecting(build_epoch) as warnings:
            changed = list(changed)
            reshaped = self._remove(sorted(removed)) | self._add(sorted(changed))
            if build_epoch != self.epoch:
                self.epoch, reshaped = build_epoch, True
                for file in capture.files.documentation_pages():
                    file.page.update_date = get_build_date()
            files = [capture.files.get_file_from_path(path) for path in changed]
            pages = [f.page for f in files if f.is_documentation_page()]
            for file in files:
                if not file.is_documentation_page():
                    file.copy_file()
            for template in sorted(config.theme.static_templates) if reshaped else ():
                _build_theme_template(template, capture.env, capture.files, config, capture.nav)
            self._build_pages(pages, _populate_page, _build_page)
            if pages or reshaped:
                config.plugins.on_post_build(config=config)
        return warnings

    def _build_pages(self, pages: list, populate_page, build_page) -> None:
        """Render pages one by one (unchanged pages are populated already, and a page's HTML
        does not depend on another page's content); the search index keeps the others'."""
        config, capture = self.config, self.capture
        doc_files = capture.files.documentation_pages()
        index = _search_index(config)
        if index is not None:
            index.entries, capture.seen = [], 0
        for page in pages:
            populate_page(page, config, capture.files)
            build_page(page, config, doc_files, capture.nav, capture.env)
            page.validate_anchor_links(files=capture.files,
                                       log_level=config.validation.links.anchors)
        if index is not None:
            index.entries = [e for f in doc_files for e in capture.entries.get(f.src_uri, ())]

    def _add(self, paths: list[str]) -> bool:
        """Register new docs-tree files in the order a full build walks them."""
        from mkdocs.structure.files import File, Files, file_sort_key, set_exclusions
        from mkdocs.structure.pages import Page

        config, files = self.config, self.capture.files
        new = [File(p, config.docs_dir, config.site_dir, config.use_directory_urls)
               for p in paths if files.get_file_from_path(p) is None]
        if not new:
            return False
        set_exclusions(new, config)
        for file in new:
            if file.is_documentation_page():
                Page(None, file, config)
        docs = sorted([f for f in files if f.src_dir == config.docs_dir] + new, key=file_sort_key)
        self.capture.files = Files(docs + [f for f in files if f.src_dir != config.docs_dir])
        return True

    def _remove(self, paths: list[str]) -> bool:
        """Forget removed docs-tree files and delete their output (and emptied folders)."""
        files, site_dir = self.capture.files, Path(self.config.site_dir)
        gone = [f for f in map(files.get_file_from_path, paths) if f is not None]
        folders = set()
        for file in gone:
            files.remove(file)
            self.capture.entries.pop(file.src_uri, None)
            target = Path(file.abs_dest_path)
            target.unlink(missing_ok=True)
            folders.add(target.parent)
        for folder in sorted(folders, key=lambda f: -len(f.parts)):
            while folder != site_dir and folder.is_relative_to(site_dir) and folder.is_dir() \
                    and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return bool(gone)


def _search_index(config):
    """The search plugin's index (Material's or MkDocs'), if the site has one."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def _capture_plugin():
    """A MkDocs plugin that keeps what a build computed once (files, nav, theme environment)
    and each page's search-index entries, so that single pages can be rebuilt later."""
    from mkdocs.plugins import BasePlugin

    class Capture(BasePlugin):
        def __init__(self):
            self.files = self.nav = self.env = None
            self.entries: dict[str, list] = {}
            self.seen = 0

        def on_files(self, files, *, config):
            self.files = files
            return files

        def on_nav(self, nav, *, config, files):
            self.nav = nav
            return nav

        def on_env(self, env, *, config, files):
            self.env = env
            return env

        def on_page_context(self, context, *, page, config, nav):
            index = _search_index(config)
            if index is not None:  # runs after the search plugin's own on_page_context
                self.entries[page.file.src_uri] = index.entries[self.seen:]
                self.seen = len(index.entries)
            return context

    return Capture()


@contextmanager
def _collecting(build_epoch: int):
    """MkDocs' warnings while the block runs, with the pinned build date."""
    os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch)
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield warnings
    finally:
        logger.removeHandler(handler)
