"""The page stage of a warm build: when only story bodies changed since the last build, the
pages of those stories are rendered again and every other page comes from `.cache/build/`.

A story's body (and its word count) shows on its own page only; everything else a page shows
comes from the front matter, the registries, the data files, the config and the code. Those
make the page tree's "shape" key: the same key means the same pages, except for the stories
whose body changed. The features (network, indicators, search) run afterwards as usual.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from . import body
from .forked import Fork, can_fork
from .pages import (Docs, Renderer, render_docs, story_page, story_pages,
                    story_path)
from .site import Site
from .warm import BuildCache, code_version, dump_signed, load_signed

FILE = "pages.pickle"
FORK_STORIES = 200  # stories before a second process pays for its fork


def shape_key(root: Path, site: Site) -> str:
    """A hash of everything pages are made of except story bodies: code, config, every content
    file outside content/stories, and each story's front matter (as checked)."""
    digest = hashlib.sha256(code_version().encode())
    content = root / "content"
    for path in sorted([root / "site_config.yml", *content.rglob("*")]):
        if path.is_file() and not path.is_symlink() and "stories" not in path.relative_to(root).parts[1:2]:
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
            digest.update(path.read_bytes())
    for story in site.stories:
        digest.update(repr(replace(story, body="", words=0)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def body_key(story) -> str:
    return hashlib.sha1(story.body.encode("utf-8", "surrogatepass")).hexdigest()


def render_pages(site: Site, store: BuildCache | None, shape: str) -> Docs:
    """Every page of the site (as `render_docs`), from the cache where it holds them."""
    saved = _load(store, shape) if store else None
    if saved is None:
        body.used.clear()
        if store:
            body.memo.update(store.load_bodies())  # story bodies rendered last time
        docs = _render_in_two(site) if can_fork() and len(site.stories) >= FORK_STORIES \
            else render_docs(site)
        if store:
            store.save_bodies({key: body.memo[key] for key in sorted(body.used)})
    else:
        docs = Docs(pages=dict(saved["pages"]), extra=dict(saved["extra"]))
        renderer = Renderer(site)
        for story in site.stories:
            if saved["bodies"].get(story.id) != body_key(story):
                page = story_page(site, renderer, story)
                docs.pages[page.path] = page.text
    if store and (saved is None or docs.pages != saved["pages"]):
        _save(store, shape, docs, site)
    return docs


def _render_in_two(site: Site) -> Docs:
    """`render_docs`, with every other story page (and its body) rendered by a forked copy of
    this process: story bodies are most of the stage's work."""
    def work(stories) -> tuple[dict[str, str], dict[str, str]]:
        renderer = Renderer(site)
        pages = {page.path: page.text for page in
                 (story_page(site, renderer, story) for story in stories)}
        return pages, {key: body.memo[key] for key in body.used}

    worker = Fork(lambda: work(site.stories[1::2]))
    docs = render_docs(site, exclude=(story_pages,))
    ours, _ = work(site.stories[::2])
    theirs, memo = worker.join()
    body.memo.update(memo)
    body.used.update(memo)
    for path in (story_path(story) for story in site.stories):
        docs.add(path, ours[path] if path in ours else theirs[path])
    return docs


def _load(store: BuildCache, shape: str) -> dict | None:
    try:
        saved = load_signed(store.folder / FILE)
    except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
        return None
    return saved if isinstance(saved, dict) and saved.get("shape") == shape else None


def _save(store: BuildCache, shape: str, docs: Docs, site: Site) -> None:
    saved = {"shape": shape, "pages": docs.pages, "extra": docs.extra,
             "bodies": {story.id: body_key(story) for story in site.stories}}
    dump_signed(store.folder / FILE, saved)
