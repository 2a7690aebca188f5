"""A MkDocs build kept in memory for `wongrian serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import parallel
from .converter import one_converter
from ..forked import can_fork
from .plugins import prerendered_plugin, capture_plugin, search_index
from .run import atomic_writes, build, collecting


class LiveBuild:
    """A MkDocs build kept in memory: after one full `build()`, `update()` rebuilds only the
    pages and files given. Every file it writes equals what a full build would write."""

    def __init__(self, config_file: Path):
        from mkdocs.config import load_config

        self.config = load_config(str(config_file))
        self.capture = capture_plugin()
        self.config.plugins["wongrian/live"] = self.capture
        self.config.plugins["wongrian/prerendered"] = prerendered_plugin()
        self.epoch: int | None = None
        self.stale: set[str] = set()  # pages last rendered by a forked process (not in memory)

    def build(self, build_epoch: int) -> list[str]:
        """The full build (with both cores, see `run.build`); its state is kept for
        `update()`, and the pages the second process rendered are populated when next used."""
        self.epoch = build_epoch
        with collecting(build_epoch) as warnings, one_converter():
            self.stale = build(self.config, keep=True)
        return warnings

    def attach(self, build_epoch: int) -> list[str]:
        """As `build()`, for a site folder that holds this very build already (a `wongrian
        build` of the same docs tree): MkDocs reads the nav and renders nothing; each page
        is read and rendered when it changes. (Where MkDocs must see every page, for anchor
        checks or its own search index, it builds everything.)"""
        self.epoch = build_epoch
        with collecting(build_epoch) as warnings:
            self.stale = build(self.config, keep=True, render=False)
        return warnings

    def update(self, changed: Iterable[str], removed: Iterable[str], build_epoch: int,
               restyled: Iterable[str] = ()) -> list[str]:
        """Rebuild the docs-tree files in `changed` (new or modified; pages are rendered in the
        order given) and drop `removed`; pages in `restyled` only go through the theme again
        (after `restyle()`: their Markdown did not change)."""
        from mkdocs.commands.build import _build_theme_template
        from mkdocs.utils import get_build_date

        config, capture = self.config, self.capture
        with collecting(build_epoch) as warnings, atomic_writes(), one_converter():
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
        index = search_index(config)

        def render(batch: list) -> None:
            for page in batch:
                if populate or page.file.src_uri in self.stale:
                    _populate_page(page, config, capture.files)
                    self.stale.discard(page.file.src_uri)
                _build_page(page, config, doc_files, capture.nav, capture.env)
                page.validate_anchor_links(files=capture.files,
                                           log_level=config.validation.links.anchors)

        if index is None and can_fork() and parallel.markdown_size(pages) > parallel.PARALLEL_BYTES:
            self.stale |= parallel.render_in_two(pages, render, warnings)
            return
        if index is not None:
            index.entries, capture.seen = [], 0
        render(pages)
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

