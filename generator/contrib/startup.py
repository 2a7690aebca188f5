"""What lets `wongrian serve` start in seconds: the caches a build leaves, and its own.

- The site a `wongrian build` published into the same folder is served as it is, when the
  content has not changed since: MkDocs then renders nothing at start (see
  `engine.LiveBuild.attach`), only what later saves change.
- Every Markdown page, with what it read from the Site (`incremental.Rendered`), is kept in
  `.cache/serve/pages.pickle` when serve stops: the next start renders only the pages that
  read a story whose body changed since (the other pages' inputs make the `shape_key`).
- Stories come from the check cache (`.cache/check/`) and the search index's grams from
  the build's (`.cache/build/search.bin`), as in a warm build.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from . import incremental as inc
from .tracking import site_changes
from ..cache.pages import body_key, shape_key
from ..pages import Docs
from ..paths import story_path
from ..site import Site, build_site
from ..cache.signed import dump_signed, ignored_by_git, load_signed
from ..cache.build import CACHE, BuildCache
from ..cache.keys import code_version, content_fingerprint

FOLDER = Path(".cache") / "serve"
PAGES = "pages.pickle"


def render_pages(root: Path, site: Site) -> tuple[Docs, inc.TrackingRenderer, str]:
    """`incremental.render_pages` for a whole site, starting from the pages kept by the last
    serve when they have the same shape; returns the shape key too (for `save_pages`)."""
    shape = shape_key(root, site.stories)
    saved = load_signed(root / FOLDER / PAGES)
    if not (isinstance(saved, dict) and saved.get("shape") == shape):
        return (*render_in_two(site), shape)
    previous = {path: inc.Rendered(text, frozenset(reads))
                for path, (text, reads) in saved["pages"].items()}
    return (*inc.render_pages(site, previous, body_changes(site, saved["bodies"])), shape)


def render_in_two(site: Site) -> tuple[Docs, inc.TrackingRenderer]:
    """`incremental.render_pages(site)` with the story pages shared with a forked copy of this
    process (`forked.Ends`, as the build's page stage does): the copy takes stories from the
    oldest and sends back their pages with what each read, while this process renders the
    other pages, then takes stories from the newest until the two meet. Each story page reads
    its own story as when the stories are iterated, without the read of the whole list that
    iterating adds to the first one (a story added or removed is a page added or removed)."""
    from ..forked import FORK_STORIES, can_fork
    from ..cache.pages import stories_in_two
    from ..pages import render_bodies_of, story_page, story_pages

    if len(site.stories) < FORK_STORIES or not can_fork():
        return inc.render_pages(site)
    this: list[inc.TrackingRenderer] = []  # this process's renderer, once `meanwhile` made it

    def meanwhile() -> Docs:
        docs, renderer = inc.render_pages(site, exclude=(story_pages,))
        this.append(renderer)
        return docs

    def pages(numbers) -> dict[str, inc.Rendered]:
        renderer = this[0] if this else inc.tracking_renderer(site)  # the copy: its own
        tracked = renderer.site
        paths = [story_page(tracked, renderer, tracked.stories.item(n)).path for n in numbers]
        return {path: renderer.pages[path] for path in paths}

    docs, made = stories_in_two(
        len(site.stories), pages, meanwhile,
        before=lambda numbers: render_bodies_of(site.stories[n] for n in numbers))
    renderer = this[0]
    renderer.pages.update(made)
    for path in (story_path(story) for story in site.stories):
        docs.add(path, made[path].text)
    return docs, renderer


def body_changes(site: Site, bodies: dict[str, str]) -> set:
    """The changes (as `tracking.site_changes` gives them) of the stories whose body differs
    from `bodies` (story id → `body_key`); the rest of the site has the same shape."""
    changed = {s.id for s in site.stories if bodies.get(s.id) != body_key(s)}
    if not changed:
        return set()
    before = tuple(replace(s, body="\0", words=-1) if s.id in changed else s for s in site.stories)
    old = build_site(site.config, site.registry, list(before), site.related)
    return site_changes(replace(old, indicators=site.indicators), site)


def save_pages(root: Path, shape: str, rendered: dict, site: Site) -> None:
    """Keep the pages (with their reads) for the next start."""
    folder = root / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignored_by_git(root / ".cache")
        dump_signed(folder / PAGES, {
            "shape": shape, "pages": {p: (r.text, r.reads) for p, r in rendered.items()},
            "bodies": {s.id: body_key(s) for s in site.stories}})
    except OSError:  # a read-only project still serves; it only starts slower next time
        pass


def load_build_memos(root: Path) -> None:
    """The story bodies the last build rendered, and the search index's grams of every text
    it indexed."""
    from .. import body
    from ..search import memo

    body.memo.update(BuildCache(root).load_bodies())
    memo.load(root / CACHE / "search.bin", code_version())


def link_docs(root: Path, tree: dict[str, bytes], docs_dir: Path) -> set[str]:
    """Hard-link into `docs_dir` the files of `tree` (docs-tree path → bytes) that the build
    cache's docs tree holds with the same bytes; returns their paths. (Both sides replace
    their files, never rewrite them, so neither changes the other's.)"""
    store = BuildCache(root)
    if not store.acquire(create=False):
        return set()
    linked: set[str] = set()
    try:
        known, folders = store.state.docs if store.intact() else {}, set()
        for rel, data in tree.items():
            if known.get(rel) != hashlib.sha1(data).hexdigest():
                continue
            target = docs_dir / rel
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            try:
                os.link(store.docs_dir / rel, target, follow_symlinks=False)
            except OSError:
                continue
            linked.add(rel)
    finally:
        store.release()
    return linked


def is_published(root: Path, out: Path) -> bool:
    """Whether `out` holds what `wongrian build` made of the project's content as it is now."""
    store = BuildCache(root)
    if not store.acquire(create=False):
        return False
    try:
        return store.unchanged(content_fingerprint(root), out) is not None
    finally:
        store.release()


def unpublish(root: Path) -> None:
    """Make the build cache forget which folder it published (serve is about to write into
    it: the next build checks that folder's pages again)."""
    store = BuildCache(root)
    if not store.acquire(create=False):
        return
    try:
        if store.state.published:
            store.state.published = {}
            store.save()
    finally:
        store.release()
