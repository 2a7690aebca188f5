"""The Site: published stories and every index the pages need, computed once, purely."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, Iterable, Mapping, Sized

from .agencies import local_unit
from .config import SiteConfig
from .model import Agency, Area, Registry, Story
from .names import safe_name
from .thai import ascii_slug

if TYPE_CHECKING:
    from .indicators.model import IndicatorData


@dataclass(frozen=True)
class Site:
    """Everything the page stage reads. Index values are story ids, newest first."""

    config: SiteConfig
    registry: Registry
    stories: tuple[Story, ...]
    story: Mapping[str, Story]
    agencies: Mapping[str, Agency]
    areas: Mapping[str, Area]
    by_agency: Mapping[str, tuple[str, ...]]
    by_area: Mapping[str, tuple[str, ...]]        # the area and all its descendants
    by_tag: Mapping[str, tuple[str, ...]]
    tag_slug: Mapping[str, str]
    by_role: Mapping[str, tuple[str, ...]]
    by_circle: Mapping[str, tuple[str, ...]]
    by_year: Mapping[int, tuple[str, ...]]        # BE year
    by_series: Mapping[str, tuple[str, ...]]      # ordered by part
    related: Mapping[str, tuple[str, ...]]
    indicators: IndicatorData | None = None      # readings and cohorts (generator.indicators.model)

    def stories_of(self, ids: tuple[str, ...] | list[str]) -> list[Story]:
        return [self.story[i] for i in ids]

    def area_chain(self, area_id: str) -> list[Area]:
        """The area's ancestors from the province down, then the area itself."""
        return [*self.registry.ancestors(area_id), self.areas[area_id]]


def build_site(config: SiteConfig, registry: Registry, stories: list[Story],
               related: Mapping[str, tuple[str, ...]] | None = None) -> Site:
    """Index the published stories (drafts only when the config builds drafts); `related`
    is given when it was already computed (`wongrian serve` updates it per edit)."""
    published = published_stories(config, stories)
    agencies = _agencies_with_local_units(registry, published)
    index: dict[str, dict] = {name: defaultdict(list) for name in
                              ("agency", "area", "tag", "role", "circle", "year", "series")}
    for story in published:  # newest first, so every list is newest first
        for agency_id in story.agencies:
            index["agency"][agency_id].append(story.id)
        for area_id in {a.id for area in story.areas for a in
                        [*registry.ancestors(area), registry.areas[area]]}:
            index["area"][area_id].append(story.id)
        for tag in story.tags:
            index["tag"][tag].append(story.id)
        for role in story.roles:
            index["role"][role].append(story.id)
        index["circle"][story.circle].append(story.id)
        index["year"][story.year_be].append(story.id)
        if story.series:
            index["series"][story.series.id].append(story.id)
    by_id = {s.id: s for s in published}
    series = {k: tuple(sorted(v, key=lambda i: by_id[i].series.part))  # type: ignore[union-attr]
              for k, v in index["series"].items()}
    freeze = lambda d: {k: tuple(v) for k, v in sorted(d.items())}  # noqa: E731
    return Site(
        config=config, registry=registry, stories=published, story=by_id, agencies=agencies,
        areas=registry.areas, by_agency=freeze(index["agency"]), by_area=freeze(index["area"]),
        by_tag=freeze(index["tag"]), tag_slug=tag_slugs(index["tag"]),
        by_role=freeze(index["role"]), by_circle=freeze(index["circle"]),
        by_year=freeze(index["year"]), by_series=dict(sorted(series.items())),
        related=related_stories(published, config.build["related_stories"])
        if related is None else related,
    )


def published_stories(config: SiteConfig, stories: Iterable[Story]) -> tuple[Story, ...]:
    """The stories a site shows: drafts only when the config builds drafts."""
    return tuple(s for s in stories if config.build["drafts"] or not s.draft)


def _agencies_with_local_units(registry: Registry, stories: tuple[Story, ...]) -> dict[str, Agency]:
    """Registry agencies plus every local unit a story names (and the units they belong to)."""
    agencies = dict(registry.agencies)
    wanted = sorted({a for s in stories for a in s.agencies if a not in agencies})
    while wanted:
        unit_id = wanted.pop()
        template_id, area_id = unit_id.rsplit("-", 1)
        unit = local_unit(registry.agencies[template_id], registry.areas[area_id],
                          registry.agencies, registry.ancestors(area_id))
        agencies[unit_id] = unit
        if unit.parent and unit.parent not in agencies:
            wanted.append(unit.parent)
    return dict(sorted(agencies.items()))


def tag_slugs(tags: Mapping[str, Sized]) -> dict[str, str]:
    """A unique ASCII slug per tag (`tags`: each tag's stories): romanised, and never a name
    Windows refuses (CON → con-). Tags whose slugs collide ("แผนชุมชน", "แผน ชุมชน") are told
    apart by a number: the tag of the most stories keeps the plain slug (a new near-duplicate
    does not take an old tag's address), and a number is never one another tag's slug has
    ("แผนชุมชน 2")."""
    groups: dict[str, list[str]] = defaultdict(list)
    for tag in tags:
        groups[ascii_slug(tag, max_words=8) or "tag"].append(tag)
    taken = {safe_name(base) for base in groups}
    slugs: dict[str, str] = {}
    for base, group in sorted(groups.items()):
        group.sort(key=lambda tag: (-len(tags[tag]), tag))
        slugs[group[0]] = safe_name(base)
        number = 1
        for tag in group[1:]:
            number += 1
            while safe_name(f"{base}-{number}") in taken:
                number += 1
            slugs[tag] = safe_name(f"{base}-{number}")
            taken.add(slugs[tag])
    return slugs


WEIGHTS = {"series": 4, "agency": 2, "area": 2}
COMMON = 64  # a tag of at least one story in COMMON is kept as a byte per story


def _keys(story: Story) -> list[tuple[str, str]]:
    series = [("series", story.series.id)] if story.series else []
    return [*series, *(("agency", a) for a in story.agencies), *(("area", a) for a in story.areas)]


def related_stories(stories: tuple[Story, ...], limit: int,
                    only: Collection[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Per story, the stories sharing most series/agencies/areas (weighted); shared tags break
    ties, then the newest, then the id. Tags only rank candidates: they are too common to
    find them. `only`: rank just these ids. Scores are added up with numpy over a story's
    candidates only (a story in a big amphoe has thousands of them, but an array as long as
    the corpus for every story would make the whole O(stories²): 0.75 s at 10,000)."""
    import numpy as np

    count = len(stories)
    index = {s.id: n for n, s in enumerate(stories)}  # 0 = newest: the order breaks ties
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, story in enumerate(stories):
        for key in _keys(story):
            members[key].append(n)
    groups = {}  # key: (stories, how often each names it × the key's weight)
    for key, found in members.items():  # (a story may name an agency twice)
        who, times = np.unique(np.array(found, np.int64), return_counts=True)
        groups[key] = (who, times * WEIGHTS[key[0]])
    tagged: dict[str, list[int]] = defaultdict(list)
    for n, story in enumerate(stories):
        for tag in set(story.tags):
            tagged[tag].append(n)
    # a tag of many stories: a byte per story, 1 where the story has it (at most COMMON × tags
    # per story such tags); a rarer tag: the numbers of its stories
    common: dict[str, np.ndarray] = {}
    rare = {tag: np.array(found, np.int64) for tag, found in tagged.items()
            if len(found) * COMMON < count}
    for tag in tagged.keys() - rare.keys():
        common[tag] = np.zeros(count, np.uint8)
        common[tag][tagged[tag]] = 1
    newest_first = count - np.arange(count, dtype=np.int64)  # higher is newer
    related = {}
    total = np.zeros(count, np.int64)  # a story's scores, set and cleared on its candidates
    slot = np.zeros(count, np.int64)   # where a candidate was last seen among them
    mark = np.zeros(count, np.int64)   # how many of a story's rare tags each story has (cleared)
    for story in stories if only is None else [s for s in stories if s.id in only]:
        keys = [groups[key] for key in _keys(story)]
        named = np.concatenate([who for who, _ in keys]) if keys else np.zeros(0, np.int64)
        for who, weight in keys:
            total[who] += weight
        slot[named] = np.arange(len(named))  # each candidate once, without sorting
        found = named[(slot[named] == np.arange(len(named))) & (named != index[story.id])]
        score = total[found]
        total[named] = 0
        tags = set(story.tags)
        rare_tags = tags & rare.keys()
        for tag in rare_tags:
            mark[rare[tag]] += 1
        shared = mark[found]
        for tag in rare_tags:
            mark[rare[tag]] = 0
        for tag in tags - rare_tags:  # the common ones
            shared += common[tag][found]
        rank = (score * (len(tags) + 1) + shared) * (count + 1) + newest_first[found]
        if len(found) > limit:
            top = np.argpartition(-rank, limit - 1)[:limit]
            found, rank = found[top], rank[top]
        best = found[np.argsort(-rank, kind="stable")]
        related[story.id] = tuple(stories[n].id for n in best.tolist())
    return related
