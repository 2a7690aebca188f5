"""Incremental rebuilds for `wongrian serve`: what one edit changes, and nothing more.

- Story files are read, checked and scanned for personal data once per content
  (`StoryCache`): a save re-reads and re-checks (and re-counts the words of) only the file
  that changed.
- Related stories are ranked again only for the stories that share a key with an edited one.
- Pages are pure functions of the Site. A tracked Site records what each page read (which
  story, which index key); after an edit only the pages that read a changed value are
  rendered again, and only those whose Markdown text changed go on to MkDocs.
- Features (network, indicators, search) run after that, on the new Site; until they have,
  a re-rendered page keeps the sections the features had appended to it.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

import jinja2

from .tracking import Reads, track_site
from ..cache import carry
from ..cache.check import CheckCache
from ..errors import Problems
from ..files import relative
from ..load import RawStory, read_story
from ..model import Story
from ..privacy import Allowed, scan_story
from ..pages import Docs, Page, Renderer, list_item, render_docs
from ..registry import Resolvers
from ..sanitize import warn_dropped_markup
from ..site import Site, related_stories
from ..site import _keys as related_keys  # the keys that make two stories candidates
from ..stories import check_story


# -- story files ---------------------------------------------------------------------------

@dataclass
class _Cached:
    stat: tuple[int, int]
    digest: bytes
    raw: RawStory | None
    read: Problems
    story: Story | None = None
    checked: Problems | None = None
    scanned: tuple[Allowed, Problems] | None = None
    marked: Problems | None = None


def _replay(found: Problems, into: Problems) -> None:
    into.errors.extend(found.errors)
    into.warnings.extend(found.warnings)


class StoryCache:
    """Story files read, checked and scanned once per content; pass `hooks()` to
    `check_project`. Valid while the registries and the config stay the same. Given the
    persistent check cache (`disk`), the first reading of each file comes from it."""

    def __init__(self, disk: CheckCache | None = None) -> None:
        self.files: dict[str, _Cached] = {}
        self.reads = self.checks = 0  # how many files were really read / checked
        self.disk = disk  # while set, files new to this cache come from the check cache

    def hooks(self) -> dict:
        """The hooks to pass to `check_project` (with the check cache's for the rest)."""
        extra = {"rows": self.disk.rows, "ahead": self.disk.ahead} if self.disk else {}
        return {"read": self.read, "check": self.check, "scan": self.scan, "markup": self.markup,
                **extra}

    def close_disk(self) -> None:
        """Save what the check cache learnt, and go on without it."""
        if self.disk is not None:
            self.disk.save()
            self.disk = None

    def read(self, path: Path, root: Path, problems: Problems) -> RawStory | None:
        source = relative(path, root)
        try:
            info = path.stat()
        except OSError:  # gone since the folder was listed: read_story reports it
            return read_story(path, root, problems)
        stat = (info.st_mtime_ns, info.st_size)
        entry = self.files.get(source)
        if entry is None and self.disk is not None:
            found = Problems()
            raw = self.disk.read(path, root, found)
            kept = self.disk.used.get(source)
            if kept is not None and kept.raw is raw:
                entry = self.files[source] = _Cached(stat, kept.digest, raw, found)
                self.reads += 1
        if entry is None or entry.stat != stat:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            if entry is None or entry.digest != digest:
                found = Problems()
                entry = _Cached(stat, digest, read_story(path, root, found), found)
                self.reads += 1
            entry.stat = stat
            self.files[source] = entry
        _replay(entry.read, problems)
        return entry.raw

    def check(self, raw: RawStory, resolvers: Resolvers, problems: Problems) -> Story | None:
        entry = self.files.get(raw.source)
        if entry is None or entry.raw is not raw:  # not read through this cache
            return check_story(raw, resolvers, problems)
        if entry.checked is None:
            entry.checked = Problems()
            kept = self.disk.used.get(raw.source) if self.disk is not None else None
            entry.story = self.disk.check(raw, resolvers, entry.checked) \
                if kept is not None and kept.raw is raw else check_story(raw, resolvers, entry.checked)
            self.checks += 1
        _replay(entry.checked, problems)
        return entry.story

    def scan(self, raw: RawStory, allowed: Allowed, problems: Problems) -> None:
        entry = self.files.get(raw.source)
        if entry is None or entry.raw is not raw:  # not read through this cache
            return scan_story(raw, allowed, problems)
        if entry.scanned is None or entry.scanned[0] != allowed:
            found = Problems()
            kept = self.disk.used.get(raw.source) if self.disk is not None else None
            if kept is not None and kept.raw is raw:
                self.disk.scan(raw, allowed, found)
            else:
                scan_story(raw, allowed, found)
            entry.scanned = (allowed, found)
        _replay(entry.scanned[1], problems)

    def markup(self, raws: list[RawStory], problems: Problems) -> None:
        """`sanitize.warn_dropped_markup`, once per content of each file."""
        for raw in raws:
            entry = self.files.get(raw.source)
            if entry is None or entry.raw is not raw:  # not read through this cache
                warn_dropped_markup([raw], problems)
                continue
            if entry.marked is None:
                entry.marked = Problems()
                kept = self.disk.used.get(raw.source) if self.disk is not None else None
                if kept is not None and kept.raw is raw:
                    self.disk.markup([raw], entry.marked)
                else:
                    warn_dropped_markup([raw], entry.marked)
            _replay(entry.marked, problems)

    def keep_only(self, sources: set[str]) -> None:
        """Forget files that no longer exist."""
        for source in set(self.files) - sources:
            del self.files[source]


# -- related stories -----------------------------------------------------------------------

def update_related(old: Site, stories: tuple[Story, ...], limit: int) -> dict[str, tuple[str, ...]]:
    """The related stories of every published story, given the site before the edit: only
    stories sharing a key with a changed story can rank differently, so only they are ranked.
    A story changes the ranking only through its date, keys and tags (a body edit does not)."""
    new = {s.id: s for s in stories}
    changed = {i for i in old.story.keys() | new.keys() if old.story.get(i) is not new.get(i)
               and _ranked_by(old.story.get(i)) != _ranked_by(new.get(i))}
    touched = {key for i in changed for s in (old.story.get(i), new.get(i)) if s
               for key in related_keys(s)}
    again = {i for i in changed if i in new}
    if touched:
        again |= {s.id for s in stories if not touched.isdisjoint(related_keys(s))}
    fresh = related_stories(stories, limit, only=again) if again else {}
    return {s.id: fresh[s.id] if s.id in again else old.related[s.id] for s in stories}


def _ranked_by(story: Story | None) -> tuple | None:
    """What `related_stories` reads of a story: its place in the order, keys and tags."""
    if story is None:
        return None
    return story.date, story.id, tuple(related_keys(story)), frozenset(story.tags)


# -- pages -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    """A page's Markdown and what it read from the Site to make it."""

    text: str
    reads: frozenset


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept across renderers (keyed by the template's source checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


BYTECODE = _MemoryBytecode()


class TrackingRenderer(Renderer):
    """Renders a page only when it is new or read something that changed; otherwise gives
    the previous text. Records what every rendered page read."""

    def __init__(self, site: Site, reads: Reads, previous: Mapping[str, Rendered] | None = None,
                 changes: set | None = None):
        super().__init__(site)
        self.env.bytecode_cache = BYTECODE
        self.reads, self.previous, self.changes = reads, previous or {}, changes
        self.pages: dict[str, Rendered] = {}
        self.rendered: list[str] = []

    def render(self, template: str, path: str, **context) -> Page:
        before = self.reads.take()
        old = self.previous.get(path)
        if old is not None and self.changes is not None and old.reads.isdisjoint(self.changes):
            self.pages[path] = old
            return Page(path, old.text)
        page = super().render(template, path, **context)
        self.pages[path] = Rendered(page.text, before | self.reads.take())
        self.rendered.append(path)
        return page

    def _item(self, story: Story) -> tuple[str, str]:
        """Made again for every listing, so that each page records what it reads of a story."""
        return list_item(self.site, story)


def tracking_renderer(site: Site, previous: Mapping[str, Rendered] | None = None,
                      changes: set | None = None) -> TrackingRenderer:
    """A renderer of `site` (tracked: `renderer.site`) that records what each page reads."""
    reads = Reads()
    return TrackingRenderer(track_site(site, reads), reads, previous, changes)


def render_pages(site: Site, previous: Mapping[str, Rendered] | None = None,
                 changes: set | None = None, exclude=()) -> tuple[Docs, TrackingRenderer]:
    """The base docs tree (pages and feed, no features, none of the `exclude`d page makers');
    with `previous` and `changes`, pages that read nothing changed keep their previous text
    without being rendered."""
    from ..build import make_docs

    renderer = tracking_renderer(site, previous, changes)
    docs = make_docs(renderer.site, features=False,
                     render=lambda s: render_docs(s, renderer=renderer, exclude=exclude))
    return docs, renderer


def run_features(site: Site, base: Docs) -> Docs:
    """The full docs tree: a copy of the base tree with every feature applied (as a build runs
    them: the network's graph work in a forked copy while the search grams are cut)."""
    from ..build import FEATURES, run_features as run

    docs = replace(base, **{f.name: copy.copy(getattr(base, f.name)) for f in fields(base)})
    run(site, docs, FEATURES)
    return docs


def carry_features(old_base: Docs, old_full: Docs, base: Docs) -> Docs:
    """The new base tree with what features had added before the edit: sections appended to
    a page stay appended, feature pages and files stay (until the features run again)."""
    pages = {path: carry_page(path, whole, old_base, old_full) for path, whole in base.pages.items()}
    pages.update({p: t for p, t in old_full.pages.items()
                  if p not in old_base.pages and p not in base.pages})
    files = dict(base.files)
    files.update({p: d for p, d in old_full.files.items()
                  if p not in old_base.files and p not in base.files})
    return replace(old_full, pages=pages, files=files, extra=base.extra)


def carry_page(path: str, whole: str, old_base: Docs, old_full: Docs) -> str:
    """One page of `carry_features`: its new text with what features had added to it."""
    return carry.carry_page(whole, old_base.pages.get(path), old_full.pages.get(path))


@dataclass(frozen=True)
class DocsChange:
    """What differs between two docs trees: paths written (new or changed) and removed."""

    pages: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    config: bool = False  # nav, CSS or JavaScript changed: MkDocs must start over

    @property
    def written(self) -> tuple[str, ...]:
        return self.pages + self.files


def diff_docs(old: Docs, new: Docs) -> DocsChange:
    """The pages and files of `new` that are new or different, and those that are gone."""
    pages = tuple(sorted(p for p, t in new.pages.items() if old.pages.get(p) != t))
    files = tuple(sorted(p for p, d in new.files.items() if old.files.get(p) != d))
    removed = tuple(sorted((old.pages.keys() - new.pages.keys()) | (old.files.keys() - new.files.keys())))
    config = (old.nav, old.css, old.js, old.extra) != (new.nav, new.css, new.js, new.extra)
    return DocsChange(pages, files, removed, config)
