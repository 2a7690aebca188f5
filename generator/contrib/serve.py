"""`wongrian serve`: build once, serve on localhost, and after each save update only what the
edit changed (see `incremental`), so that it shows within a second even at 2,000 stories.

A save of a story goes through three steps: (1) the changed file is read and checked again,
the model and the Markdown pages it touches are made again, and MkDocs renders the pages
whose text changed; (2) the features (network, indicators, search) run again in a child
process; (3) the pages they changed are rendered in small batches between saves. A change
to the configuration, a registry or the theme rebuilds everything.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from . import incremental as inc
from . import startup
from .background import FeatureJob
from .tracking import site_changes
from .watch import serve_site
from ..files import linked_assets
from ..names import temporary_name
from ..output import OutputError, add_wait_argument, check_site_folder, claim
from ..pages import Docs, Renderer

STORIES = "content/stories/"
INCREMENTAL = (STORIES, "content/indicators/")  # anything else rebuilds everything
BATCH = 12  # feature pages rendered between two looks for new saves
SHOW_FIRST = 3  # up to this many edited stories get their own page shown before the rest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=port_number, default=8000,
                        help="port on 127.0.0.1, 1-65535 (default 8000)")
    parser.add_argument("--out", default=None, help="folder to build into (default: site/)")
    add_wait_argument(parser)


def port_number(text: str) -> int:
    """A TCP port for argparse: a whole number from 1 to 65535."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port from 1 to 65535 | "
                                         "พอร์ตต้องเป็นตัวเลข 1 ถึง 65535")
    return int(text)


@dataclass(frozen=True)
class Report:
    """What one update did."""

    seconds: float
    pages: int          # Markdown pages rendered through MkDocs
    files: int          # other files written
    full: bool = False  # a full build


class Preview:
    """The live site: `start()` builds everything, `refresh()` applies one edit."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root.resolve(), out.resolve()
        self.work = Path(tempfile.mkdtemp(prefix="wongrian-serve-"))
        self.docs_dir = self.work / "docs"
        self.pending: set[str] = set()  # docs paths written but not yet rendered by MkDocs
        self.restyled: set[str] = set()  # pages whose <head> must name new CSS/JavaScript
        self.job: FeatureJob | None = None
        self.ready = False
        self.assets: dict[str, tuple[int, int]] = {}
        self.wrote = False  # whether anything was written into `out` yet

    # -- full builds ------------------------------------------------------------------------

    def publish(self) -> Report:
        """`wongrian build` into `out`, from the build cache (about a second when nothing
        changed): the site is served from then on, while `start()` gets ready for saves."""
        from ..build import build

        started = time.perf_counter()
        result = build(self.root, self.out)
        return Report(time.perf_counter() - started, result.pages, 0, True)

    def start(self) -> Report:
        """Check and render the whole site into memory, and into `out` unless `out` holds the
        build of this very content already (raises ContentErrors). The caches a build and the
        last serve left are used (see `startup`)."""
        from ..build import DocsTree, make_site
        from ..cache.check import CheckCache
        from ..check import check_project
        from ..engine import LiveBuild
        from ..network.ego import keep_sections

        started = time.perf_counter()
        self.cancel_features()
        keep_sections()  # the features run after every save: most ego networks stay the same
        self.ready, self.assets, cache = False, {}, inc.StoryCache(CheckCache(self.root))
        startup.load_build_memos(self.root)
        try:
            checked = check_project(self.root, **cache.hooks())
        finally:
            cache.close_disk()
        site = make_site(checked)
        base, renderer, _ = startup.render_pages(self.root, site)
        _add_editor(base, checked)
        full = inc.run_features(site, base)
        shutil.rmtree(self.docs_dir, ignore_errors=True)
        linked = startup.link_docs(self.root, DocsTree(full, {}), self.docs_dir)
        self._write(full, (full.pages.keys() | full.files.keys()) - linked)
        self.assets = self._copy_assets(linked_assets(site.stories, checked.assets))  # as build
        live = LiveBuild(self._mkdocs_yml(checked.config, full))
        if startup.is_published(self.root, self.out):
            self.warnings = live.attach(_epoch(site))  # `out` holds these pages already
        else:
            self._writing()
            self.warnings = live.build(_epoch(site))
        _warm_up()
        self.cache, self.checked, self.site, self.live = cache, checked, site, live
        self.rendered, self.base, self.full, self.pending = renderer.pages, base, full, set()
        self.ready, self.restyled = True, set()
        return Report(time.perf_counter() - started, len(full.pages), len(full.files), True)

    def _mkdocs_yml(self, config, full) -> Path:
        from ..engine import mkdocs_config, write_mkdocs_yml

        cfg = mkdocs_config(config, self.docs_dir, self.out, full.nav, full.css, full.js, full.extra)
        return write_mkdocs_yml(cfg, self.work / "mkdocs.yml")

    def close(self) -> None:
        """Stop the features, keep the pages for the next start, remove the work folder."""
        from ..cache.pages import shape_key

        self.cancel_features()
        if self.ready:
            startup.save_pages(self.root, shape_key(self.root, self.site.stories), self.rendered,
                               self.site)
        shutil.rmtree(self.work, ignore_errors=True)

    # -- one edit -----------------------------------------------------------------------------

    def refresh(self, changed: Iterable[str]) -> Report:
        """Apply saved changes (paths relative to the project); raises ContentErrors."""
        if not self.ready or any(not path.startswith(INCREMENTAL) for path in changed):
            return self.start()
        started = time.perf_counter()
        self.cancel_features()
        with collector_paused():  # a full collection of the preview's heap takes ~0.15 s
            checked, site = self._remodel()
            shown = self._show_first(site, changed)
        base, renderer = inc.render_pages(site, self.rendered, site_changes(self.site, site))
        _add_editor(base, checked)
        full = inc.carry_features(self.base, self.full, base)
        change = inc.diff_docs(self.full, full)
        if change.config:
            return self.start()
        assets = self._copy_assets(linked_assets(site.stories, self.checked.assets))
        written = set(change.written) | {p for p, s in assets.items() if self.assets.get(p) != s}
        gone = set(change.removed) | (self.assets.keys() - assets.keys())
        appeared = {p for p in change.files if p not in self.full.files} | (assets.keys() - self.assets.keys())
        written |= _mentioning(full, appeared | (gone - set(self.full.pages)), set(change.pages))
        done = {p for p, text in shown.items() if full.pages.get(p) == text}  # shown already
        written -= done
        self._write(full, set(change.written) - done)
        for path in change.removed:
            (self.docs_dir / path).unlink(missing_ok=True)
        self._render(written, gone, site)
        self.site, self.base, self.full, self.rendered, self.assets = site, base, full, renderer.pages, assets
        self.start_features()
        written |= shown.keys()
        pages = sum(1 for p in written if p.endswith(".md"))
        return Report(time.perf_counter() - started, pages, len(written) - pages)

    def _remodel(self):
        """The project checked again (changed files only) and the new site."""
        from ..build import check_project, make_site

        checked = check_project(self.root, **self.cache.hooks())
        self.cache.keep_only({s.source for s in checked.stories})
        fresh = make_site(checked, related={})
        limit = checked.config.build["related_stories"]
        site = replace(fresh, related=inc.update_related(self.site, fresh.stories, limit))
        self.checked = checked
        return checked, site

    def _show_first(self, site, changed: Iterable[str]) -> dict[str, str]:
        """The pages of the edited stories, rendered before anything else (the listings and
        links they change follow): returns their docs-tree text, as the features left it."""
        from ..pages import story_page

        sources = {path for path in changed if path.endswith(".md")}
        stories = [s for s in site.stories if s.source in sources]
        if not stories or len(stories) > SHOW_FIRST:
            return {}
        renderer = Renderer(site)
        renderer.env.bytecode_cache = inc.BYTECODE
        shown = {}
        for story in stories:
            page = story_page(site, renderer, story)
            text = inc.carry_page(page.path, page.text, self.base, self.full)
            if text != self.full.pages.get(page.path):
                shown[page.path] = text
        if shown:
            self._write(Docs(pages=shown), shown)
            self._render(set(shown), set(), site)
        return shown

    def _render(self, written: set[str], gone: set[str], site) -> None:
        """MkDocs renders the written pages, smallest first: the edited story shows first,
        the long listings last."""
        self._writing()
        self.pending -= written | gone
        self.restyled -= written | gone
        size = lambda p: len(self.full.pages.get(p, ""))  # noqa: E731
        self.warnings = self.live.update(sorted(written, key=lambda p: (size(p), p)), gone,
                                         _epoch(site))

    # -- features ------------------------------------------------------------------------------

    def start_features(self) -> None:
        """Run the features on the current site in a child process (inline where there is no
        fork); their changes are picked up by `poll_features()`."""
        from ..build import FEATURES

        if not FEATURES:
            return
        self.job = FeatureJob(self.site, self.base, self.full)
        if not self.job.forked:
            self.poll_features(wait=True)

    def cancel_features(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def poll_features(self, wait: bool = False) -> bool:
        """Take the features' result if it is ready; True when it was taken."""
        if self.job is None:
            return False
        result = self.job.result(wait)
        if result is None:
            return False
        self.job = None
        sent, change = result
        if change.config and sent.nav != self.full.nav:
            self.start()
            return True
        keep = lambda old: {p: v for p, v in old.items() if p not in change.removed}  # noqa: E731
        full = replace(sent, pages={**keep(self.full.pages), **sent.pages},
                       files={**keep(self.full.files), **sent.files})
        self._write(full, set(change.written))
        for path in change.removed:
            (self.docs_dir / path).unlink(missing_ok=True)
        self.full = full
        self.pending |= set(change.written)
        if change.config:  # new CSS or JavaScript (e.g. a search index named by its hash)
            self.restyled = set(self.live.restyle(self._mkdocs_yml(self.checked.config, full)))
        if change.removed:
            self._render(set(), set(change.removed), self.site)
        return True

    def render_pending(self, batch: int = BATCH) -> int:
        """Copy the files the features changed and render up to `batch` of their pages
        (then pages that only need new CSS or JavaScript, more at a time); returns how many
        pages are left."""
        files = {p for p in self.pending if not p.endswith(".md")}
        chosen = files | set(sorted(self.pending - files)[:batch])
        if chosen:
            self._render(chosen, set(), self.site)
        elif self.restyled:
            restyle = sorted(self.restyled)[: batch * 10]
            self.restyled -= set(restyle)
            self._writing()
            self.live.update([], [], _epoch(self.site), restyled=restyle)
        return len(self.pending) + len(self.restyled)

    def settle(self) -> None:
        """Wait for the features and render everything they changed (tests, benchmarks)."""
        self.poll_features(wait=True)
        while self.render_pending(max(len(self.pending), len(self.restyled) // 10, 1)):
            pass

    def _writing(self) -> None:
        """Before the first write into `out`: it stops being the build's published output."""
        if not self.wrote:
            startup.unpublish(self.root)
            self.wrote = True

    # -- files ---------------------------------------------------------------------------------

    def _write(self, docs, paths: Iterable[str]) -> None:
        """Write docs-tree files, each replaced in one step (some are hard links to the build
        cache's docs tree, which must not change)."""
        for rel in sorted(paths):
            target = self.docs_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = docs.pages[rel].encode("utf-8") if rel in docs.pages else docs.files[rel]
            temporary = target.with_name(temporary_name(target.name))
            temporary.write_bytes(data)
            os.replace(temporary, target)

    def _copy_assets(self, paths: list[Path]) -> dict[str, tuple[int, int]]:
        """The checked files next to the stories go beside their pages (as in a full build)."""
        folder = self.root / STORIES
        assets = {}
        for path in paths:
            rel = "story/" + path.relative_to(folder).as_posix()
            info = path.stat()
            assets[rel] = (info.st_mtime_ns, info.st_size)
            if self.assets.get(rel) != assets[rel]:
                (self.docs_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, self.docs_dir / rel)
        for rel in self.assets.keys() - assets.keys():
            (self.docs_dir / rel).unlink(missing_ok=True)
        return assets


@contextmanager
def collector_paused():
    """Python's garbage collector held off while the block runs: the urgent part of a save
    (the edited story's page) does not wait for a full collection, which comes right after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _warm_up() -> None:
    """Load the word segmenter and the romaniser now (the stories came from the check cache):
    the first save is then as quick as the next."""
    from ..thai import ascii_slug, count_words

    count_words("วงเรียนรู้")
    ascii_slug("วงเรียนรู้")


def _add_editor(docs, checked) -> None:
    """The web editor's files at admin/, as in a build."""
    from ..editor.admin import admin_files

    if checked.config.editor["enabled"]:
        docs.files.update(admin_files(checked.config, checked.resolvers))


def _epoch(site) -> int:
    from ..build import build_epoch

    return build_epoch(site)


def _mentioning(docs, paths: set[str], already: set[str]) -> set[str]:
    """Pages that link to a file that appeared or went away (their links change in MkDocs)."""
    names = {Path(p).name for p in paths if not p.endswith(".md")}
    if not names:
        return set()
    return {p for p, text in docs.pages.items() if p not in already and any(n in text for n in names)}


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "site"
    try:
        check_site_folder(out, root)
        with claim(out, args.wait, "wongrian serve"):  # serve writes into out/: no build may swap it
            return serve_site(root, out, args.port)
    except OutputError as exc:
        print(f"not serving: {exc}", flush=True)
        return 1


COMMAND = ("serve", "preview the site on localhost; a saved story shows within a second",
           add_arguments, run)
