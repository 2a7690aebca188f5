"""The network stage: agencies and areas as a networkx graph (the model; see `metrics`,
`layout` and `export` for what is computed from it).

Pure: everything is computed from the resolved Site model. Nodes are agencies (the concrete
unit where one is known: 'agency:cdd_amphoe-8001', 'agency:sao-800121') and areas
('area:800121'); villages fold into their tambon, and an amphoe or the province is a node
only when a story names it without naming a place inside it. Node and edge insertion is
sorted and every random choice has a fixed seed, so two builds give identical files.
networkx and numpy are imported inside the functions that use them: `wongrian check`
imports the build pipeline and should not pay for loading them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Iterable, Mapping

from ..model import Agency, Area, Story
from ..site import Site

if TYPE_CHECKING:
    import networkx as nx

SEED = 20070310          # layout and community detection
AGENCY_AREA, AGENCY_AGENCY = "agency-area", "agency-agency"


@dataclass(frozen=True)
class Network:
    """The agency–area graph, the agency–agency projection, and the BE years they span."""

    graph: nx.Graph        # agency and area nodes; agency–area edges
    projection: nx.Graph   # agency nodes; an edge when one story names both agencies
    years: tuple[int, ...]
    stories_per_year: Mapping[int, int]  # stories that name an agency or an area


# -- ids and places ----------------------------------------------------------------------------

def agency_node(agency_id: str) -> str:
    return f"agency:{agency_id}"


def area_node(area_id: str) -> str:
    return f"area:{area_id}"


def node_ref(node: str) -> str:
    """The model id inside a node id: 'agency:sao-800121' -> 'sao-800121'."""
    return node.split(":", 1)[1]


def amphoe_of(site: Site, area_id: str | None) -> Area | None:
    """The amphoe an area lies in (itself for an amphoe), or None."""
    if not area_id or area_id not in site.areas:
        return None
    return next((a for a in site.area_chain(area_id) if a.level == "amphoe"), None)


def story_places(site: Site, story: Story) -> tuple[str, ...]:
    """The area ids a story's graph edges go to: villages become their tambon, and a named
    area that contains another named area is dropped (the most specific places win)."""
    places = set()
    for area_id in story.areas:
        area = site.areas[area_id]
        places.add(area.parent if area.level == "village" and area.parent else area_id)
    inner = {a.id for p in places for a in site.registry.ancestors(p)}
    return tuple(sorted(places - inner))


# -- building ----------------------------------------------------------------------------------

def build_network(site: Site) -> Network:
    """The graph of agencies and areas from the site's published stories."""
    import networkx as nx

    stories = sorted(site.stories, key=lambda s: (s.date, s.id))  # oldest first
    graph, projection = nx.Graph(), nx.Graph()
    agency_years = _years_by(stories, lambda s: s.agencies)
    area_years = _years_by(stories, lambda s: story_places(site, s))
    for agency_id in sorted(agency_years):
        attrs = agency_attributes(site, site.agencies[agency_id], agency_years[agency_id])
        graph.add_node(agency_node(agency_id), **attrs)
        projection.add_node(agency_node(agency_id), **attrs)
    for area_id in sorted(area_years):
        graph.add_node(area_node(area_id), **area_attributes(site, site.areas[area_id],
                                                             area_years[area_id]))
    pairs = ((s, agency_node(a), area_node(p)) for s in stories for a in sorted(set(s.agencies))
             for p in story_places(site, s))
    _add_edges(graph, pairs, AGENCY_AREA)
    partner_pairs = ((s, agency_node(a), agency_node(b)) for s in stories
                     for a, b in combinations(sorted(set(s.agencies)), 2))
    _add_edges(projection, partner_pairs, AGENCY_AGENCY)
    named = [s for s in stories if s.agencies or s.areas]
    per_year = dict(sorted(Counter(s.year_be for s in named).items()))
    return Network(graph, projection, tuple(per_year), per_year)


def _years_by(stories: list[Story], keys) -> dict[str, dict[int, int]]:
    years: dict[str, Counter[int]] = defaultdict(Counter)
    for story in stories:
        for key in set(keys(story)):
            years[key][story.year_be] += 1
    return {k: dict(sorted(v.items())) for k, v in years.items()}


def _add_edges(graph: nx.Graph, pairs: Iterable[tuple[Story, str, str]], relation: str) -> None:
    evidence: dict[tuple[str, str], list[Story]] = defaultdict(list)
    for story, u, v in pairs:
        evidence[(u, v)].append(story)
    for (u, v), stories in sorted(evidence.items()):
        years = dict(sorted(Counter(s.year_be for s in stories).items()))
        graph.add_edge(u, v, relation=relation, weight=len(stories), first_year=min(years),
                       last_year=max(years), years=years,
                       stories=tuple(sorted(s.id for s in stories)))


def agency_attributes(site: Site, agency: Agency, years: Mapping[int, int]) -> dict:
    """Node attributes of an agency: names, codes, level, parent, area, counts."""
    amphoe = amphoe_of(site, agency.area)
    return {
        "type": "agency", "ref": agency.id, "label": agency.abbr_th or agency.name_th,
        "name_th": agency.name_th, "abbr_th": agency.abbr_th, "name_en": agency.name_en,
        "kind": agency.kind, "level": agency.level or "", "parent": agency.parent or "",
        "template": agency.template or "", "area": agency.area or "",
        "amphoe": amphoe.id if amphoe else "", "amphoe_th": amphoe.name_th if amphoe else "",
        "stories": sum(years.values()), "first_year": min(years), "last_year": max(years),
        "years": dict(years),
    }


def area_attributes(site: Site, area: Area, years: Mapping[int, int]) -> dict:
    """Node attributes of an area: names, code, level, parent and amphoe, counts."""
    amphoe = amphoe_of(site, area.id)
    return {
        "type": "area", "ref": area.id, "label": area.label, "name_th": area.name_th,
        "abbr_th": "", "name_en": area.name_en, "kind": "area", "level": area.level,
        "parent": area.parent or "", "template": "", "area": area.id,
        "amphoe": amphoe.id if amphoe else "", "amphoe_th": amphoe.name_th if amphoe else "",
        "stories": sum(years.values()), "first_year": min(years), "last_year": max(years),
        "years": dict(years),
    }
