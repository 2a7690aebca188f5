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

from .body import EXTENSIONS, TOC_CONFIG
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
            *(e for e in EXTENSIONS if e != "toc"), {"toc": {**TOC_CONFIG, "slugify": SLUGIFY}},
        ],
        "plugins": [],  # no Material search: Wongrian indexes Thai itself (search/pages.py)
        "nav": [*NAV, *extra_nav],
        "not_in_nav": "/**\n",
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "warn"}},
        "extra": {"generator": False, "wongrian": {
            "edit_base": config.edit_url(""), "licence": site.get("licence", ""),
            "join_url": config.join_url(), "data_date": (extra or {}).get("data_date", "")}},
    }


def write_mkdocs_yml(cfg: dict[str, Any], path: Path) -> Path:
    """Write the config as YAML, with the Python slugify tag MkDocs resolves itself."""
    text = yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)
    text = text.replace(f"'{SLUGIFY}'", SLUGIFY)
    path.write_text(text, encoding="utf-8")
    return path


def run_mkdocs(config_file: Path, build_epoch: int, dirty: bool = False) -> list[str]:
    """Build the site in this process; returns MkDocs' warnings. Output is reproducible.
    `dirty`: render only pages whose Markdown is newer than their HTML (a warm cache, whose
    files are replaced, never rewritten in place: the published site may share them)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch)  # no "now" in sitemap.xml and gzip
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(config_file))
        config.plugins["wongrian/body-toc"] = _body_toc_plugin()
        with _atomic_writes():
            build(config, dirty=dirty)
    finally:
        logger.removeHandler(handler)
    return [w for w in warnings if "'dirty' build" not in w]


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
        self.config.plugins["wongrian/body-toc"] = _body_toc_plugin()
        self.epoch: int | None = None
        self.stale: set[str] = set()  # pages last rendered by a forked process (not in memory)

    def build(self, build_epoch: int) -> list[str]:
        """The full build, with MkDocs' own `build()`; its state is kept for `update()`."""
        from mkdocs.commands.build import build

        self.epoch = build_epoch
        with _collecting(build_epoch) as warnings:
            build(self.config)
        return warnings

    def update(self, changed: Iterable[str], removed: Iterable[str], build_epoch: int,
               restyled: Iterable[str] = ()) -> list[str]:
        """Rebuild the docs-tree files in `changed` (new or modified; pages are rendered in the
        order given) and drop `removed`; pages in `restyled` only go through the theme again
        (after `restyle()`: their Markdown did not change)."""
        from mkdocs.commands.build import _build_theme_template
        from mkdocs.utils import get_build_date

        config, capture = self.config, self.capture
        with _collecting(build_epoch) as warnings, _atomic_writes():
            changed = list(changed)
            reshaped = self._remove(sorted(removed)) | self._add(sorted(changed))
            if build_epoch != self.epoch:
                self.epoch, reshaped = build_epoch, True
                for file in capture.files.documentation_pages():
                    file.page.update_date = get_build_date()
            files = [capture.files.get_file_from_path(path) for path in changed]
            pages = [f.page for f in files if f.is_documentation_page()]
            restyled = [f.page for f in map(capture.files.get_file_from_path, restyled)
                        if f is not None and f.is_documentation_page() and f.page not in pages]
            reshaped |= bool(restyled)
            for file in files:
                if not file.is_documentation_page():
                    file.copy_file()
            for template in sorted(config.theme.static_templates) if reshaped else ():
                _build_theme_template(template, capture.env, capture.files, config, capture.nav)
            self._build_pages(pages, True, warnings)
            self._build_pages(restyled, False, warnings)
            if pages or reshaped:
                config.plugins.on_post_build(config=config)
        return warnings

    def restyle(self, config_file: Path) -> list[str]:
        """Take the extra CSS and JavaScript of a rewritten mkdocs.yml; returns every page,
        since each page's <head> names them (pass them to `update` as `restyled`)."""
        from mkdocs.config import load_config

        fresh = load_config(str(config_file))
        for key in ("extra_css", "extra_javascript", "extra"):  # extra: the footer's data date
            self.config[key] = fresh[key]
        return [f.src_uri for f in self.capture.files.documentation_pages()]

    def _build_pages(self, pages: list, populate: bool, warnings: list[str]) -> None:
        """Render pages one by one (unchanged pages are populated already, and a page's HTML
        does not depend on another page's content); the search index keeps the others'.
        Many pages are shared with a forked process, so that both cores work."""
        from mkdocs.commands.build import _build_page, _populate_page

        config, capture = self.config, self.capture
        doc_files = capture.files.documentation_pages()
        index = _search_index(config)

        def render(page) -> None:
            if populate or page.file.src_uri in self.stale:
                _populate_page(page, config, capture.files)
                self.stale.discard(page.file.src_uri)
            _build_page(page, config, doc_files, capture.nav, capture.env)
            page.validate_anchor_links(files=capture.files,
                                       log_level=config.validation.links.anchors)

        if index is None and hasattr(os, "fork") and _markdown_size(pages) > PARALLEL_BYTES:
            self.stale |= _render_in_two(pages, render, warnings)
            return
        if index is not None:
            index.entries, capture.seen = [], 0
        for page in pages:
            render(page)
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


PARALLEL_BYTES = 150_000  # Markdown to render before a second process pays for its fork


def _markdown_size(pages: list) -> int:
    return sum(os.path.getsize(p.file.abs_src_path) for p in pages if p.file.abs_src_path)


def _render_in_two(pages: list, render, warnings: list[str]) -> set[str]:
    """Render `pages` here and in a forked copy of this process, split by Markdown size.
    The copy only writes HTML files, so this process keeps older in-memory versions of its
    pages: their paths are returned (to be populated again before any later use)."""
    halves: tuple[list, list] = ([], [])
    for page in sorted(pages, key=lambda p: -_markdown_size([p])):
        min(halves, key=_markdown_size).append(page)
    order = {id(p): n for n, p in enumerate(pages)}
    ours, theirs = (sorted(h, key=lambda p: order[id(p)]) for h in halves)
    worker = _Fork(lambda: [render(p) for p in theirs], warnings)
    try:
        for page in ours:
            render(page)
    finally:
        worker.join()
    return {p.file.src_uri for p in theirs}


class _Fork:
    """Run `work` in a forked child; `join()` waits and takes the child's MkDocs warnings."""

    def __init__(self, work, warnings: list[str]):
        import pickle
        import traceback
        import warnings as python_warnings

        self.warnings, before = warnings, len(warnings)
        read, write = os.pipe()
        with python_warnings.catch_warnings():  # threads: the child only renders and exits
            python_warnings.simplefilter("ignore", DeprecationWarning)
            self.pid = os.fork()
        if self.pid == 0:
            os.close(read)
            try:
                work()
                payload = pickle.dumps(("ok", warnings[before:]))
            except BaseException:  # noqa: BLE001 - sent to the parent
                payload = pickle.dumps(("error", traceback.format_exc()))
            with os.fdopen(write, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(write)
        self.read = read

    def join(self) -> None:
        import pickle

        with os.fdopen(self.read, "rb") as source:
            data = source.read()
        os.waitpid(self.pid, 0)
        status, value = pickle.loads(data) if data else ("error", "the rendering process died")
        if status != "ok":
            raise RuntimeError(f"rendering pages in a second process failed:\n{value}")
        self.warnings.extend(value)


def _search_index(config):
    """The search plugin's index (Material's or MkDocs'), if the site has one."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


BODY_MARK = '<div class="wr-body">'


def _body_toc_plugin():
    """A MkDocs plugin that adds the headings of a story body (embedded as sanitised HTML,
    which MkDocs' own table of contents does not see) to the page's table of contents."""
    from mkdocs.plugins import BasePlugin

    class BodyToc(BasePlugin):
        def on_page_content(self, html, *, page, config, files):
            if BODY_MARK in html:
                page.toc = _toc_of(html)
            return html

    return BodyToc()


def _toc_of(html: str):
    """The table of contents of a page's HTML: every heading with an id, nested by level."""
    from html import escape

    from mkdocs.structure.toc import get_toc
    from selectolax.lexbor import LexborHTMLParser

    tokens: list[dict] = []
    stack: list[dict] = []
    for node in LexborHTMLParser(html).css("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"):
        for link in node.css("a.headerlink"):
            link.decompose()
        level = int(node.tag[1])
        token = {"level": level, "id": node.attributes["id"],
                 "name": escape(node.text(deep=True).strip()), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return get_toc(tokens)


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
def _atomic_writes():
    """Each output file is replaced in one step while the site is being served, so that a
    reader never gets half a page."""
    from mkdocs import utils

    saved = utils.write_file, utils.copy_file
    utils.write_file, utils.copy_file = _write_atomic, _copy_atomic
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = saved


def _write_atomic(content: bytes, output_path: str) -> None:
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    temporary = f"{output_path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as out:
        out.write(content)
    os.replace(temporary, output_path)


def _copy_atomic(source_path: str, output_path: str) -> None:
    if os.path.isdir(output_path):
        output_path = os.path.join(output_path, os.path.basename(source_path))
    with open(source_path, "rb") as source:
        _write_atomic(source.read(), output_path)


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
