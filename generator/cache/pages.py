"""The page stage of a warm build: when only story bodies changed since the last build, the
pages of those stories are rendered again and every other page comes from `.cache/build/`.

A story's body (and its word count) shows on its own page only, and in the search index;
everything else a page shows comes from the front matter, the registries, the data files, the
config and the code. Those make the page tree's "shape" key: the same key means the same
pages, and the same network and indicator pages and sections, except for the pages of the
stories whose body changed. The tree is kept as those features left it; the search index,
which reads the bodies, is made again (from grams kept per text, see `search/memo.py`).
"""

from __future__ import annotations

import copy
import hashlib
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from .. import body
from ..forked import FORK_STORIES, Ends, Fork, batches, can_fork, release_memory
from ..model import Story
from ..pages import (BODIES_AT_ONCE, Docs, Renderer, render_bodies_of, render_docs, story_page,
                     story_pages, story_path)
from ..site import Site
from ..timings import stage
from .build import BuildCache
from .carry import carry_page
from .keys import code_version
from .signed import dump_signed, load_signed, worth_rewriting

T = TypeVar("T")
U = TypeVar("U")

FILE = "pages.pickle"


def shape_key(root: Path, stories: Iterable[Story]) -> str:
    """A hash of everything pages are made of except story bodies: code, config, every content
    file outside content/stories, and each published story's front matter (as checked: a
    site's `stories`, or `site.published_stories` of the checked ones)."""
    digest = hashlib.sha256(code_version().encode())
    content = root / "content"
    others = [path for top in (content.iterdir() if content.is_dir() else ())
              if top.name != "stories" for path in (top, *top.rglob("*"))]
    for path in sorted([root / "site_config.yml", *others]):
        if path.is_file() and not path.is_symlink():
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
            digest.update(path.read_bytes())
    for story in stories:
        fields = {**vars(story), "body": "", "words": 0}  # as `replace(story, body="", words=0)`
        digest.update(repr(fields).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def body_key(story) -> str:
    return hashlib.sha1(story.body.encode("utf-8", "surrogatepass")).hexdigest()


def make_docs(site: Site, store: BuildCache | None, shape: str,
              body_features: bool = True, saves: list[Callable[[], None]] | None = None) -> Docs:
    """Every page and file of the docs tree (as `build.make_docs`), from the cache where it
    holds them: with the saved shape, the tree as the features that read no story body
    (network, indicators) left it is loaded, the pages of stories whose body changed are made
    again (keeping what those features had added to them), and only the features that read
    bodies (search) run again (unless not `body_features`: the caller runs them). With
    `saves`, the tree is saved to the cache when the caller runs what it added there."""
    from ..build import BODY_FEATURES, FEATURES, make_docs as make, run_features, start_ahead

    saved = _load(store, shape) if store else None
    if saved is None:
        features = [f for f in FEATURES if f not in BODY_FEATURES]
        forks: dict = {}  # the features' copies, started once the other pages are made
        try:
            docs = make(site, lambda s: _render(s, store, lambda made: forks.update(
                start_ahead(site, made, features))), features=False)
            base = dict(docs.pages)
            run_features(site, docs, features, BODY_FEATURES, forks or None)
        finally:
            for fork in forks.values():  # (unless joined: the pages failed)
                fork.stop()
        shaped, rendered = _snapshot(docs, base), len(site.stories)
    else:
        with stage("pages"):
            docs, shaped, rendered = _restore(site, saved)
    if body_features:
        run_features(site, docs, BODY_FEATURES)
        release_memory()  # what the search index freed (hundreds of MB at 10,000 stories)
    if store and (saved is None or worth_rewriting(rendered, len(site.stories))):
        save = partial(_save, store, shape, shaped, site)  # else: the few edited pages are
        if saves is None:                                   # made again next time
            save()
        else:
            saves.append(save)
    return docs


def _render(site: Site, store: BuildCache | None,
            ready: Callable[[Docs], None] = lambda docs: None) -> Docs:
    """Every page, with the story bodies the last build rendered; `ready(docs)` once the
    pages but the stories' are made, when a forked copy shares the story pages."""
    body.used.clear()
    if store:
        body.memo.update(store.load_bodies())
    docs = _render_in_two(site, ready) if can_fork() and len(site.stories) >= FORK_STORIES \
        else render_docs(site)
    if store:
        store.save_bodies({key: body.memo[key] for key in sorted(body.used)})
        body.memo.clear()  # kept in the cache file: not held through the rest of the build
    return docs


def _snapshot(docs: Docs, base: dict[str, str]) -> dict:
    """The tree as plain data, with the page-stage text of the story pages features changed."""
    return {"pages": dict(docs.pages), "files": dict(docs.files), "nav": copy.deepcopy(docs.nav),
            "css": list(docs.css), "js": list(docs.js), "extra": dict(docs.extra),
            "base": {p: t for p, t in base.items() if p.startswith("story/") and docs.pages[p] != t}}


def _restore(site: Site, saved: dict) -> tuple[Docs, dict, int]:
    """The saved tree, with the pages of stories whose body changed made again (and how many)."""
    docs = Docs(pages=dict(saved["pages"]), files=dict(saved["files"]),
                nav=copy.deepcopy(saved["nav"]), css=list(saved["css"]), js=list(saved["js"]),
                extra=dict(saved["extra"]))
    base, renderer, rendered = dict(saved["base"]), None, 0
    for story in site.stories:
        if saved["bodies"].get(story.id) != body_key(story):
            rendered += 1
            renderer = renderer or Renderer(site)
            page = story_page(site, renderer, story)
            old = saved["pages"].get(page.path)
            docs.pages[page.path] = carry_page(page.text, base.pop(page.path, old), old)
            if docs.pages[page.path] != page.text:
                base[page.path] = page.text
    shaped = _snapshot(docs, {})
    shaped["base"] = base
    return docs, shaped, rendered


def _render_in_two(site: Site, ready: Callable[[Docs], None]) -> Docs:
    """`render_docs`, with the story pages (and their bodies, most of the stage's work) shared
    with a forked copy of this process (`stories_in_two`); `ready(docs)` is called with the
    other pages once this process made its story pages, before it waits for the copy's."""
    def pages(numbers: Iterable[int]) -> dict[str, str]:
        renderer = Renderer(site)
        return {page.path: page.text for page in
                (story_page(site, renderer, site.stories[n]) for n in numbers)}

    docs, made = stories_in_two(
        len(site.stories), pages, lambda: render_docs(site, exclude=(story_pages,)),
        before=lambda numbers: render_bodies_of(site.stories[n] for n in numbers), ready=ready)
    for path in (story_path(story) for story in site.stories):
        docs.add(path, made[path])
    return docs


def stories_in_two(count: int, pages: Callable[[Iterable[int]], dict[str, T]],
                   meanwhile: Callable[[], U],
                   before: Callable[[list[int]], None] = lambda numbers: None,
                   ready: Callable[[U], None] = lambda made: None,
                   ) -> tuple[U, dict[str, T]]:
    """Story pages 0 … count-1 shared with a forked copy of this process: the copy makes
    `pages` of stories taken from the oldest and sends them back with the story bodies it
    rendered, while this process runs `meanwhile()` (the other pages), then makes `pages` of
    stories from the newest until the two meet (`forked.Ends`). The stories are taken
    BODIES_AT_ONCE at a time, `before(numbers)` (their bodies rendered together) first.
    `ready(what meanwhile made)` runs before this process waits for the copy's pages (and
    their trip through the pipe). Returns (what `meanwhile` made, the pages both made)."""
    batched = batches(range(count), BODIES_AT_ONCE)
    groups = Ends(len(batched))

    def numbers(front: bool) -> Iterator[int]:
        for group in groups.take(front):
            before(list(batched[group]))
            yield from batched[group]

    worker = Fork(lambda: (pages(numbers(False)), {key: body.memo[key] for key in body.used}))
    try:
        made = meanwhile()
        ours = pages(numbers(True))
        ready(made)
        theirs, memo = worker.join()
    finally:
        worker.stop()  # unless joined (a page failed here)
        groups.close()
    body.memo.update(memo)
    body.used.update(memo)
    return made, {**theirs, **ours}


def _load(store: BuildCache, shape: str) -> dict | None:
    try:
        saved = load_signed(store.folder / FILE)
    except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
        return None
    return saved if isinstance(saved, dict) and saved.get("shape") == shape else None


def _save(store: BuildCache, shape: str, shaped: dict, site: Site) -> None:
    saved = {"shape": shape, **shaped, "bodies": {story.id: body_key(story) for story in site.stories}}
    dump_signed(store.folder / FILE, saved)
