"""The pipeline, top to bottom: load → validate → model → pages → MkDocs → swap into site/."""

from __future__ import annotations

import calendar
import hashlib
import shutil
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Mapping

from .cache.check import check_with_cache
from .check import Checked, check_project  # stages 1–5: config, registry, stories, indicators
from .editor.admin import admin_files
from .engine import mkdocs_config, run_mkdocs, write_mkdocs_yml
from .errors import ContentError
from .files import STORIES_DIR, linked_assets
from .forked import FORK_STORIES, Fork, can_fork, release_memory
from .indicators.pages import feature as indicator_feature
from .network import store as network_store
from .model import Story
from .network.pages import feature as network_feature
from .output import WAIT, check_site_folder, claim, swap_in, work_dir
from .cache.pages import make_docs as cached_docs, shape_key
from .pages import Changes, Docs, render_docs
from .search.documents import kept_for as search_kept_for
from .search.pages import (FOLDER as SEARCH_FOLDER, Beside as SearchBeside,
                           feature as search_feature, hook as search_hook,
                           index_folder as search_folder, write_files)
from .site import Site, build_site, published_stories
from .cache.slugs import save_slugs
from .timings import stage
from .cache.build import BuildCache, link_tree
from .cache.keys import code_version


@dataclass
class BuildResult:
    site: Site | None  # None when the build found nothing changed (see `cache/build.py`)
    out_dir: Path
    pages: int
    warnings: list[ContentError]
    engine_warnings: list[str]
    stories: int = 0


def make_site(checked: Checked, related=None) -> Site:
    """The indexed site model (pure); `related` as in `build_site`."""
    site = build_site(checked.config, checked.resolvers.registry, checked.stories, related)
    return replace(site, indicators=checked.indicators)


# Features add pages, files, nav sections and assets to the docs tree, in this order.
FEATURES: list[Callable[[Site, Docs], None]] = [network_feature, indicator_feature,
                                               search_feature]  # search last: indexes the pages
BODY_FEATURES = FEATURES[2:]  # the features that read story bodies (they come last)


def make_docs(site: Site, render: Callable[[Site], Docs] = render_docs,
              features: bool = True) -> Docs:
    """Every generated page and file of the docs tree (pure). `wongrian serve` passes a
    `render` that re-renders only changed pages, and runs the features later."""
    with stage("pages"):
        docs = render(site)  # (and the feeds)
    run_features(site, docs, FEATURES if features else [])
    return docs


def run_features(site: Site, docs: Docs, features: list[Callable[[Site, Docs], None]],
                 later: list[Callable[[Site, Docs], None]] = (),
                 forks: dict[Callable, Fork] | None = None) -> None:
    """Run the features in order. A feature's `ahead(site, docs)` (work on the site and the
    page stage's pages: the network's graph and ego networks, the indicator map's frame)
    starts first in a forked copy of this process, the second core (`forks`: copies started
    earlier by `start_ahead`). This one meanwhile runs the `prepare(site)` of these and the
    `later` features (the stories' search grams) and the `early` features (the indicators:
    they read only the page stage's pages, and their changes are applied in their turn), then
    the features in order, each given its copy (`join()`)."""
    forks = start_ahead(site, docs, features) if forks is None else forks
    early: dict[Callable, Changes] = {}
    try:
        for feature in [*features, *later] if forks else []:
            if hasattr(feature, "prepare"):
                with stage(getattr(feature.prepare, "stage", _feature_name(feature))):
                    feature.prepare(site)
        for feature in features if forks else []:
            if getattr(feature, "early", False):
                with stage(_feature_name(feature)):
                    early[feature] = Changes(docs)
                    feature(site, early[feature], *([forks[feature]] if feature in forks else []))
        for feature in features:
            if feature in early:
                early[feature].apply(docs)
                continue
            with stage(_feature_name(feature)):
                if feature in forks:
                    feature(site, docs, forks[feature])  # takes the results when it needs them
                    release_memory()  # what preparing and receiving the results freed
                else:
                    feature(site, docs)
    finally:
        for fork in forks.values():  # a copy whose results were not taken (an error here)
            fork.stop()


def start_ahead(site: Site, docs: Docs, features: list[Callable[[Site, Docs], None]]
                ) -> dict[Callable, Fork]:
    """The `ahead(site, docs)` of these features, each started in a forked copy (none for a
    small site, or where processes cannot fork). An `ahead` reads the site and the pages other
    than the stories' (the page stage may still be making those)."""
    if not (can_fork() and len(site.stories) >= FORK_STORIES):
        return {}
    return {f: Fork(partial(f.ahead, site, docs)) for f in features if hasattr(f, "ahead")}


def _feature_name(feature: Callable) -> str:
    """The stage a feature's time is shown under: its `stage`, or its package's name."""
    return getattr(feature, "stage", feature.__module__.split(".")[-2])


def story_assets(root: Path, assets: list[Path]) -> dict[str, bytes]:
    """The checked files next to stories, at their place beside the story pages (as bytes: a
    link in content/ never becomes a link in the site)."""
    folder = root / STORIES_DIR
    return {(Path("story") / path.relative_to(folder)).as_posix(): path.read_bytes()
            for path in assets}


class DocsTree(Mapping):
    """Every file of the docs tree MkDocs builds (pages, generated files, the search index's
    files, story assets), as bytes made when read: the tree is never held twice (Markdown
    text and its UTF-8), nor the search index's texts (made file by file).

    `once`: the tree is read once, file by file (`_publish` writes it): each page and
    generated file is let go of (taken out of `docs`) as it is read, and their memory goes
    back to the system every RELEASE_EVERY of them, not after the last (270 MB at 10,000
    stories, while the search index's copy is at its largest)."""

    RELEASE_EVERY = 1000

    def __init__(self, docs: Docs, assets: dict[str, bytes], search: Mapping[str, bytes] = {},
                 once: bool = False):
        self.sources = (docs.pages, docs.files, search, assets)
        self.kinds = {**dict.fromkeys(docs.pages, 0), **dict.fromkeys(docs.files, 1),
                      **dict.fromkeys(search, 2), **dict.fromkeys(assets, 3)}  # later kinds win
        self.once, self.taken = once, 0

    def __getitem__(self, rel: str) -> bytes:
        kind = self.kinds[rel]
        if self.once and kind < 2:
            data = self.sources[kind].pop(rel)
            self.taken += 1
            if self.taken % self.RELEASE_EVERY == 0:
                release_memory()
        else:
            data = self.sources[kind][rel]
        return data.encode("utf-8") if kind == 0 else data

    def __iter__(self) -> Iterator[str]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    def made_from(self, rel: str) -> str | None:
        """What the search index's file `rel` was made from (`search.pages.write_files`)."""
        search = self.sources[2]
        return search.made_from(rel) if self.kinds.get(rel) == 2 and hasattr(search, "made_from") \
            else None


def write_tree(tree: Mapping[str, bytes], docs_dir: Path) -> None:
    for rel in sorted(tree):
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(tree[rel])


def build_epoch(site: Site) -> int:
    """A fixed 'build time' for MkDocs: the newest story's date (reproducible output)."""
    if not site.stories:
        return 0
    newest = max(s.updated or s.date for s in site.stories)
    return calendar.timegm(newest.timetuple())


def build(root: Path, out_dir: Path | None = None, strict: bool = False,
          keep: Callable[[Story], bool] | None = None, cache: bool = True,
          wait: float = WAIT, store: BuildCache | None = None, scope: str = "") -> BuildResult:
    """Build the whole site into `out_dir` (default site/), atomically; `keep` picks stories
    (`scope` names what they are, for the home page: "อ.ท่าศาลา").
    With `cache`, the build reuses `.cache/build/` (see `cache/build.py`): unchanged content costs a
    hash of the content, a changed story the pages it shows on. Waits up to `wait` seconds for
    another build of the same folder (then OutputBusy; OutputRefused: `check_site_folder`).
    `store`: the project's cache, whose `reuse` found something to build (`wongrian build`
    asks it before importing this module)."""
    root = root.resolve()
    out_dir = (out_dir or root / "site").resolve()
    check_site_folder(out_dir, root)  # (OutputRefused: a folder a build must not replace)
    store = store or (BuildCache(root) if cache and keep is None else None)
    try:
        summary = store.reuse(out_dir, strict, wait) if store and not store.fingerprint else None
        if summary:
            return BuildResult(None, out_dir, summary["pages"],
                               [ContentError(**w) for w in summary["warnings"]], [],
                               summary["stories"])
        result = _build(root, out_dir, strict, keep, store, wait, scope)
        if store and store.held:
            store.record(store.fingerprint, out_dir, {
                "pages": result.pages, "stories": result.stories,
                "warnings": [asdict(w) for w in result.warnings]})
        return result
    finally:
        if store:
            store.release()


def _build(root: Path, out_dir: Path, strict: bool, keep, store: BuildCache | None,
           wait: float, scope: str = "") -> BuildResult:
    checked = check_with_cache(check_project, root, strict, enabled=store is not None)  # 1–5.
    if store and not (store.held or store.acquire()):
        store = None  # another build holds the cache: this one builds everything afresh
    if keep:  # a subset of the stories, e.g. one amphoe's offline bundle
        checked.stories = [s for s in checked.stories if keep(s)]
        checked.config = replace(checked.config, site={**checked.config.site, "scope": scope})
    published = published_stories(checked.config, checked.stories)
    checked.assets = linked_assets(published, checked.assets)  # not a draft's pictures
    # the page tree's shape: what pages are made of, besides story bodies (see cache/pages.py)
    shape = shape_key(root, published) if store else ""
    with stage("site"):                                   # 6. the indexed model
        site = make_site(checked, store.load_related(shape) if store else None)
    if store:
        store.save_related(shape, site.related)          #    related stories, by the shape
        save_slugs(root)                                  #    with the tags' slugs
    # the search index is made by a forked copy while this process writes the tree and runs
    # MkDocs: when only bodies changed, from the memo while the pages load; else once they are made
    beside, search = None, {}
    two = store is not None and can_fork() and len(site.stories) >= FORK_STORIES
    if two:
        store.load_search_head()
        if search_kept_for(site, shape):
            beside = SearchBeside(site, store.folder / "search-staged", shape,
                                  load=store.load_search, published=store.published,
                                  made=store.made)
    try:
        if store and not beside:
            store.load_search()                           #    search grams of unchanged texts
        saves: list[Callable[[], None]] = []  # the page tree kept for the next build
        with network_store.disabled(store is None):      # (--no-cache: no kept layout either)
            docs = cached_docs(site, store, shape, body_features=False, saves=saves)  # 7.
        if two and not beside:
            beside = SearchBeside(site, store.folder / "search-staged", shape,
                                  published=store.published, made=store.made, pages=docs.pages,
                                  let_go=(saves, docs.files))  # (the copy needs neither)
        while saves:  # (while the copy makes the search index, when there is one)
            saves.pop(0)()  # (let go once done: a save holds the page tree, 300 MB at 10,000)
        if beside:
            search_hook(docs)
        else:
            release_memory()  # the page stage's copies, before the search index's arrays
            with stage("search"):
                search = search_folder(site, docs.pages, shape)  # the search index
                search_hook(docs)
            release_memory()  # what the search index freed (hundreds of MB at 10,000 stories)
            if store:
                store.save_search()
        handed = [docs, search]  # handed over: `_publish` drops them before MkDocs
        del docs, search
        return _publish(root, out_dir, checked, site, handed, store, beside, wait)
    finally:
        if beside:
            beside.close()


def _publish(root: Path, out_dir: Path, checked: Checked, site: Site, handed: list,
             store: BuildCache | None, beside: SearchBeside | None, wait: float) -> BuildResult:
    """MkDocs renders the docs tree and the search index's files (`handed`: [Docs, the index's
    files], taken out of the list so that they can be let go), and the new site takes the old
    one's place (8–9)."""
    search = handed.pop()
    docs = handed.pop()
    if checked.config.editor["enabled"]:  # the web editor at admin/ (the bundle leaves it out)
        docs.files.update(admin_files(checked.config, checked.resolvers))
    tree, pages = DocsTree(docs, story_assets(root, checked.assets), search, once=True), \
        len(docs.pages)
    search = None
    later = SEARCH_FOLDER if beside else ""
    with claim(out_dir, wait):                            # one build at a time; clean up killed ones
        work = work_dir(out_dir)
        try:
            if store:  # 8. MkDocs renders what changed since the cached build
                cfg = mkdocs_config(checked.config, store.docs_dir, store.site_dir, docs.nav,
                                    docs.css, docs.js, docs.extra)
                config_file = write_mkdocs_yml(cfg, work / "mkdocs.yml")
                key = hashlib.sha256((config_file.read_text("utf-8") + code_version()).encode())
                with stage("write"):
                    dirty = store.sync(key.hexdigest(), tree, later)
                docs = tree = None  # MkDocs reads the files: the tree is not needed any more
                release_memory()
                with stage("mkdocs"):
                    engine_warnings = run_mkdocs(config_file, build_epoch(site), dirty=dirty)
                with stage("link"):  # the search folder after the copy made it
                    link_tree(store.site_dir, work / "site", leave_out=later)
                if beside:
                    with stage("search"):
                        written = beside.join()
                        if not dirty and beside.skipped(written):  # the tree was made afresh:
                            # the files the copy found in place are gone
                            store.load_search()
                            written = write_files(search_folder(site, {}, beside.shape),
                                                  beside.staged)
                        store.sync_folder(later, beside.staged, *written)
                        link_tree(store.site_dir / later, work / "site" / later)
                store.seal()  # (what the published site shares with the cache)
            else:     # 8. MkDocs renders everything in a fresh folder
                with stage("write"):
                    write_tree(tree, work / "docs")
                cfg = mkdocs_config(checked.config, work / "docs", work / "site", docs.nav,
                                    docs.css, docs.js, docs.extra)
                docs = tree = None
                release_memory()
                with stage("mkdocs"):
                    engine_warnings = run_mkdocs(write_mkdocs_yml(cfg, work / "mkdocs.yml"),
                                                 build_epoch(site))
            with stage("swap"):
                swap_in(work / "site", out_dir)           # 9. the new site takes the old one's place
        finally:
            shutil.rmtree(work, ignore_errors=True)       # with the old site, after a swap
    return BuildResult(site, out_dir, pages, checked.warnings, engine_warnings,
                       len(site.stories))
