"""Agencies and areas named in free text (pure): every name the registries know, matched
longest first on whole words, so that "สำนักงานพัฒนาชุมชนอำเภอเมือง" is one local unit and
not also "พัฒนาชุมชน". A name that means more than one agency or area is reported, not
guessed. A place name written without ต./อ./จ. counts only when it is an official name
that is not also an everyday word. Used by the GotoKnow importer to suggest `agencies` and
`areas`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..registry import Resolvers
from ..thai import squash, words

AREA_MARKERS = {"province": ("จังหวัด", "จ."), "amphoe": ("อำเภอ", "อ."), "tambon": ("ตำบล", "ต.")}
MIN_BARE = 3  # a name written without ต./อ./จ. must be an official name, not a common word


@dataclass(frozen=True)
class Mention:
    """A name found in the text and what it can mean (one id, or several when ambiguous)."""

    written: str
    ids: tuple[str, ...]
    first: int  # where it first occurs (for ordering)


@dataclass(frozen=True)
class Mentions:
    agencies: tuple[Mention, ...]
    areas: tuple[Mention, ...]

    def found(self, kind: str) -> list[Mention]:
        return [m for m in getattr(self, kind) if len(m.ids) == 1]

    def ambiguous(self, kind: str) -> list[Mention]:
        return [m for m in getattr(self, kind) if len(m.ids) > 1]


class MentionFinder:
    """The names of one project's registries, ready to be found in texts."""

    def __init__(self, resolvers: Resolvers):
        self.resolvers = resolvers

    @cached_property
    def names(self) -> dict[tuple[str, str], tuple[frozenset[str], str]]:
        """(squashed name, kind) → (ids, name as the registry writes it), longest first."""
        table: dict[tuple[str, str], tuple[set[str], str]] = {}

        def add(kind: str, name: str, ids) -> None:
            table.setdefault((squash(name), kind), (set(), name))[0].update(ids)

        for key, ids in self.resolvers.agencies.names.items():
            if not key.isascii():
                add("agencies", self.resolvers.agencies.shown.get(key, key), ids)
        for name, unit in self._local_units():
            add("agencies", name, {unit})
        for name, ids in self._area_names():
            add("areas", name, ids)
        ordered = sorted(table.items(), key=lambda kv: (-len(kv[0][0]), kv[0]))
        return {k: (frozenset(ids), shown) for k, (ids, shown) in ordered}

    def _local_units(self):
        """Template prefix + place name: 'อบต.' + 'ท่าซัก' → sao-800121."""
        areas = self.resolvers.registry.areas
        by_level = [(level, name, area_id) for (level, name), ids in
                    self.resolvers.areas.by_name.items() for area_id in ids]
        for prefix, template_id in self.resolvers.agencies.prefixes:
            level = self.resolvers.registry.agencies[template_id].placeholder
            for area_level, name, area_id in by_level:
                if area_level == level and not prefix.isascii():
                    yield prefix + name, f"{template_id}-{areas[area_id].id}"

    def _area_names(self):
        """Official names and aliases, with level markers; bare only for long official names."""
        areas = self.resolvers.registry.areas
        for (level, name), ids in self.resolvers.areas.by_name.items():
            for marker in AREA_MARKERS[level]:
                yield marker + name, ids
            if _distinctive(name) and any(areas[i].name_th == name for i in ids):
                yield name, ids
            if level == "tambon":
                for amphoe_name, amphoe_ids in self._amphoe_names():
                    inside = [i for i in ids if areas[i].parent in amphoe_ids]
                    for t_marker in AREA_MARKERS["tambon"]:
                        for a_marker in AREA_MARKERS["amphoe"]:
                            if inside:
                                yield t_marker + name + a_marker + amphoe_name, inside

    def _amphoe_names(self):
        return [(name, set(ids)) for (level, name), ids in self.resolvers.areas.by_name.items()
                if level == "amphoe"]

    def find(self, text: str) -> Mentions:
        """Every registry name in `text`, longest first, on word boundaries; agencies and
        areas are matched separately (an agency's name often holds an area's)."""
        squashed = squash(text)
        edges = _word_edges(text, squashed)
        taken = {"agencies": [False] * len(squashed), "areas": [False] * len(squashed)}
        found: dict[tuple[str, str], Mention] = {}
        for (key, kind), (ids, shown) in self.names.items():
            start = squashed.find(key)
            while start >= 0:
                end = start + len(key)
                if start in edges and end in edges and not any(taken[kind][start:end]):
                    taken[kind][start:end] = [True] * len(key)
                    found.setdefault((kind, key), Mention(shown, tuple(sorted(ids)), start))
                start = squashed.find(key, start + 1)
        ordered = sorted(found.items(), key=lambda kv: kv[1].first)
        return Mentions(tuple(m for (kind, _), m in ordered if kind == "agencies"),
                        tuple(m for (kind, _), m in ordered if kind == "areas"))


def _word_edges(text: str, squashed: str) -> set[int]:
    """Offsets in the squashed text where a word starts or ends (by either dictionary:
    "ท้องถิ่นอำเภอเมือง" is one agency word, and also holds the area อำเภอเมือง)."""
    edges = {0, len(squashed)}
    for site_words in (True, False):  # with and without the registry names as words
        at = 0
        for token in words(text, site_words=site_words):
            token = squash(token)
            found = squashed.find(token, at)
            if found >= 0:
                edges.update((found, found + len(token)))
                at = found + len(token)
    return edges


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _distinctive(name: str) -> bool:
    """A place name that is not also an everyday word ("ฉลอง" is both: celebrate)."""
    return len(name) >= MIN_BARE and name not in _common_words()
