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
from typing import Any, Iterator

import jinja2

from ..errors import Problems
from ..load import RawStory, read_story
from ..model import Story
from ..privacy import Allowed, scan_story
from ..pages import Docs, Page, Renderer, render_docs
from ..registry import Resolvers
from ..site import Site
from ..site import _keys as related_keys  # the keys that make two stories candidates
from ..site import related_stories
from ..stories import check_story

ALL = "*"  # a read of a whole field (iteration, length), or a change anywhere in it


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


def _replay(found: Problems, into: Problems) -> None:
    into.errors.extend(found.errors)
    into.warnings.extend(found.warnings)


class StoryCache:
    """Story files read, checked and scanned once per content; pass `read`, `check` and
    `scan` to `check_project`. Valid while the registries and the config stay the same."""

    def __init__(self) -> None:
        self.files: dict[str, _Cached] = {}
        self.reads = self.checks = 0  # how many files were really read / checked

    def read(self, path: Path, root: Path, problems: Problems) -> RawStory | None:
        source = path.relative_to(root).as_posix()
        try:
            info = path.stat()
        except OSError:  # gone since the folder was listed: read_story reports it
            return read_story(path, root, problems)
        stat = (info.st_mtime_ns, info.st_size)
        entry = self.files.get(source)
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
            entry.story = check_story(raw, resolvers, entry.checked)
            self.checks += 1
        _replay(entry.checked, problems)
        return entry.story

    def scan(self, raw: RawStory, allowed: Allowed, problems: Problems) -> None:
        entry = self.files.get(raw.source)
        if entry is None or entry.raw is not raw:  # not read through this cache
            return scan_story(raw, allowed, problems)
        if entry.scanned is None or entry.scanned[0] != allowed:
            found = Problems()
            scan_story(raw, allowed, found)
            entry.scanned = (allowed, found)
        _replay(entry.scanned[1], problems)

    def keep_only(self, sources: set[str]) -> None:
        """Forget files that no longer exist."""
        for source in set(self.files) - sources:
            del self.files[source]


# -- related stories -----------------------------------------------------------------------

def update_related(old: Site, stories: tuple[Story, ...], limit: int) -> dict[str, tuple[str, ...]]:
    """The related stories of every published story, given the site before the edit: only
    stories sharing a key with a changed story can rank differently, so only they are ranked."""
    new = {s.id: s for s in stories}
    changed = {i for i in old.story.keys() | new.keys() if old.story.get(i) != new.get(i)}
    touched = {key for i in changed for s in (old.story.get(i), new.get(i)) if s
               for key in related_keys(s)}
    again = {i for i in changed if i in new}
    again |= {s.id for s in stories if not touched.isdisjoint(related_keys(s))}
    fresh = related_stories(stories, limit, only=again) if again else {}
    return {s.id: fresh[s.id] if s.id in again else old.related[s.id] for s in stories}


# -- a Site that records what is read from it ------------------------------------------------
#
# A read is (field, key): `site.by_tag["x"]` is ("by_tag", "x"). Stories come out as views
# that record each attribute read as (field, (story id, attribute)), so a page that lists a
# story's title does not depend on its body. Iterating or measuring a whole field is
# (field, ALL). A change is recorded the same way, and a page is made again when one of its
# reads is among the changes.

STORY_ATTRS = frozenset([f.name for f in fields(Story)] +
                        [n for n, v in vars(Story).items() if isinstance(v, property)])


class Reads:
    """The reads from a tracked Site since the last `take()`."""

    def __init__(self) -> None:
        self.log: list[tuple[str, Any]] = []

    def take(self) -> frozenset:
        found = frozenset(self.log)
        self.log.clear()
        return found


class StoryView:
    """A story as pages see it: each attribute read is recorded."""

    __slots__ = ("_story", "_name", "_log")

    def __init__(self, name: str, story: Story, log: list):
        self._story, self._name, self._log = story, name, log

    def __getattr__(self, attr: str):
        story = self._story
        self._log.append((self._name, (story.id, attr if attr in STORY_ATTRS else ALL)))
        return getattr(story, attr)

    def __eq__(self, other) -> bool:
        self._log.append((self._name, (self._story.id, ALL)))
        return self._story == (other._story if isinstance(other, StoryView) else other)

    __hash__ = None


def _view(name: str, value: Any, log: list) -> Any:
    return StoryView(name, value, log) if isinstance(value, Story) else value


class TrackedMapping(Mapping):
    """A read-only mapping that records each key read, and ALL for any whole-field read."""

    __slots__ = ("_name", "_data", "_log")

    def __init__(self, name: str, data: Mapping, log: list):
        self._name, self._data, self._log = name, data, log

    def __getitem__(self, key):
        self._log.append((self._name, key))
        return _view(self._name, self._data[key], self._log)

    def get(self, key, default=None):
        self._log.append((self._name, key))
        return _view(self._name, self._data.get(key, default), self._log)

    def __contains__(self, key) -> bool:
        self._log.append((self._name, key))
        return key in self._data

    def __iter__(self) -> Iterator:
        return iter(_Reading(self, lambda key: key))

    def __len__(self) -> int:
        self._log.append((self._name, ALL))
        return len(self._data)

    def keys(self):
        return _Reading(self, lambda key: key)

    def items(self):
        return _Reading(self, lambda key: (key, _view(self._name, self._data[key], self._log)))

    def values(self):
        return _Reading(self, lambda key: _view(self._name, self._data[key], self._log))


class _Reading:
    """A view of a tracked mapping: iterating records ALL, then each key as it is reached
    (a page made per entry depends on that entry)."""

    __slots__ = ("_mapping", "_make")

    def __init__(self, mapping: TrackedMapping, make):
        self._mapping, self._make = mapping, make

    def __iter__(self) -> Iterator:
        name, data, log = self._mapping._name, self._mapping._data, self._mapping._log
        log.append((name, ALL))
        for key in data:
            log.append((name, key))
            yield self._make(key)

    def __len__(self) -> int:
        return len(self._mapping)

    def __contains__(self, item) -> bool:
        return item in list(self)


class TrackedItems(tuple):
    """A tuple of objects with an `id` (the stories): iterating records ALL, then each item
    as it is reached (a page made per item depends on that item only)."""

    def __new__(cls, name: str, items: tuple, log: list):
        self = super().__new__(cls, items)
        self._name, self._log = name, log
        return self

    def __iter__(self) -> Iterator:
        self._log.append((self._name, ALL))
        for item in tuple.__iter__(self):
            self._log.append((self._name, item.id))
            yield _view(self._name, item, self._log)

    def __getitem__(self, index):
        self._log.append((self._name, ALL))
        found = tuple.__getitem__(self, index)
        if isinstance(index, slice):
            return tuple(_view(self._name, item, self._log) for item in found)
        return _view(self._name, found, self._log)

    def __len__(self) -> int:
        self._log.append((self._name, ALL))
        return tuple.__len__(self)

    def __contains__(self, item) -> bool:
        self._log.append((self._name, ALL))
        return tuple.__contains__(self, item._story if isinstance(item, StoryView) else item)


class TrackedObject:
    """Any other field (config, registry, indicators): every attribute read is a whole read."""

    __slots__ = ("_name", "_value", "_log")

    def __init__(self, name: str, value: Any, log: list):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, attr: str):
        self._log.append((self._name, ALL))
        return getattr(self._value, attr)


def _is_items(value: Any) -> bool:
    return isinstance(value, tuple) and all(hasattr(item, "id") for item in value)


def track_site(site: Site, reads: Reads) -> Site:
    """The same Site, with every field recording its reads into `reads`."""
    wrapped = {}
    for f in fields(site):
        value = getattr(site, f.name)
        if isinstance(value, Mapping):
            wrapped[f.name] = TrackedMapping(f.name, value, reads.log)
        elif _is_items(value):
            wrapped[f.name] = TrackedItems(f.name, value, reads.log)
        elif value is not None and not isinstance(value, (str, int, float, bool, tuple)):
            wrapped[f.name] = TrackedObject(f.name, value, reads.log)
    return replace(site, **wrapped)


_NONE = object()


def _entry_changes(key: Any, before: Any, after: Any) -> set:
    """The change keys of one entry: per attribute for a story that stayed, else the entry."""
    if isinstance(before, Story) and isinstance(after, Story):
        return {(key, a) for a in STORY_ATTRS if getattr(before, a) != getattr(after, a)} | {(key, ALL)}
    return {key, (key, ALL)}


def _changed_entries(before: Mapping, after: Mapping) -> set:
    changes: set = set()
    for key in before.keys() | after.keys():
        old, new = before.get(key, _NONE), after.get(key, _NONE)
        if old is not new and old != new:
            changes |= _entry_changes(key, old, new)
    return changes


def site_changes(old: Site, new: Site) -> set[tuple[str, Any]]:
    """What differs between two sites, as the reads it would invalidate."""
    changes: set[tuple[str, Any]] = set()
    for f in fields(new):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before is after:
            continue
        if isinstance(after, Mapping) and isinstance(before, Mapping):
            keys = _changed_entries(before, after)
        elif _is_items(after) and _is_items(before):
            keys = _changed_entries({i.id: i for i in before}, {i.id: i for i in after})
            keys |= {ALL} if [i.id for i in before] != [i.id for i in after] else set()
        else:
            keys = {ALL} if before != after else set()
        changes |= {(f.name, k) for k in keys} | ({(f.name, ALL)} if keys else set())
    return changes


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


def render_pages(site: Site, previous: Mapping[str, Rendered] | None = None,
                 changes: set | None = None) -> tuple[Docs, TrackingRenderer]:
    """The base docs tree (pages and feed, no features); with `previous` and `changes`, pages
    that read nothing changed keep their previous text without being rendered."""
    from ..build import make_docs

    reads = Reads()
    renderer = TrackingRenderer(track_site(site, reads), reads, previous, changes)
    docs = make_docs(renderer.site, render=lambda s: render_docs(s, renderer=renderer),
                     features=False)
    return docs, renderer


def run_features(site: Site, base: Docs) -> Docs:
    """The full docs tree: a copy of the base tree with every feature applied."""
    from ..build import FEATURES

    docs = replace(base, **{f.name: copy.copy(getattr(base, f.name)) for f in fields(base)})
    for feature in FEATURES:
        feature(site, docs)
    return docs


def carry_features(old_base: Docs, old_full: Docs, base: Docs) -> Docs:
    """The new base tree with what features had added before the edit: sections appended to
    a page stay appended, feature pages and files stay (until the features run again)."""
    pages = {}
    for path, text in base.pages.items():
        before, after = old_base.pages.get(path), old_full.pages.get(path)
        stem = before.rstrip("\n") if before is not None else None
        if before is None or after is None or after == before or not after.startswith(stem):
            pages[path] = text
        else:
            pages[path] = text.rstrip("\n") + after[len(stem):]
    pages.update({p: t for p, t in old_full.pages.items()
                  if p not in old_base.pages and p not in base.pages})
    files = dict(base.files)
    files.update({p: d for p, d in old_full.files.items()
                  if p not in old_base.files and p not in base.files})
    return replace(old_full, pages=pages, files=files)


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
    config = (old.nav, old.css, old.js) != (new.nav, new.css, new.js)
    return DocsChange(pages, files, removed, config)
