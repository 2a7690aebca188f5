"""A Site that records what is read from it, and what changed between two Sites.

A read is (field, key): `site.by_tag["x"]` is ("by_tag", "x"). Stories come out as views
that record each attribute read as (field, (story id, attribute)), so a page that lists a
story's title does not depend on its body. Iterating or measuring a whole field is
(field, ALL). A change is recorded the same way, and a page is made again when one of its
reads is among the changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any, Iterator

from ..model import Story
from ..site import Site

ALL = "*"  # a read of a whole field (iteration, length), or a change anywhere in it
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

    def item(self, index: int):
        """The item at `index` as iterating reaches it: a read of that item only (for a page
        made per item, when the items are shared out rather than iterated)."""
        found = tuple.__getitem__(self, index)
        self._log.append((self._name, found.id))
        return _view(self._name, found, self._log)

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
