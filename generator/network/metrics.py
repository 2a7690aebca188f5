"""Network metrics: partners, brokers (betweenness), communities, gaps and growth by year.

networkx and numpy are imported inside the functions that use them: `wongrian check`
imports the build pipeline and should not pay for loading them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Mapping

from .graph import SEED, Network

if TYPE_CHECKING:
    import networkx as nx

TOP_FOR_GAPS = 10        # "agencies that never meet": pairs among the N most active agencies


@dataclass(frozen=True)
class YearGrowth:
    """What one BE year added to the network."""

    year: int
    stories: int
    agencies: int                            # agencies named in that year's stories
    areas: int                               # area nodes named in that year's stories
    new_area_ties: tuple[tuple[str, str], ...]
    new_partner_ties: tuple[tuple[str, str], ...]
    total_area_ties: int                     # ties so far, this year included
    total_partner_ties: int


@dataclass(frozen=True)
class Metrics:
    """The network in numbers, keyed by node id."""

    partners: Mapping[str, int]              # agency -> other agencies met in stories
    strength: Mapping[str, int]              # agency -> shared stories summed over partners
    areas_reached: Mapping[str, int]         # agency -> area nodes
    betweenness: Mapping[str, float]         # agency -> normalised betweenness (projection)
    communities: tuple[tuple[str, ...], ...]  # largest first; singletons included
    community_of: Mapping[str, int]          # every node -> community number (1-based)
    lone_tambons: tuple[tuple[str, str], ...]  # (tambon, the only agency that reaches it)
    isolated_agencies: tuple[str, ...]       # agencies never named with another agency
    never_met: tuple[tuple[str, str], ...]   # pairs of most active agencies with no shared story
    growth: tuple[YearGrowth, ...]


def compute_metrics(network: Network) -> Metrics:
    """Degrees, brokers, communities, gaps and growth of a network."""
    import networkx as nx

    graph, proj = network.graph, network.projection
    agencies = [n for n in graph if graph.nodes[n]["type"] == "agency"]
    communities = find_communities(network)
    return Metrics(
        partners={n: proj.degree(n) for n in agencies},
        strength={n: proj.degree(n, weight="weight") for n in agencies},
        areas_reached={n: graph.degree(n) for n in agencies},
        betweenness={n: round(b, 6) for n, b in
                     nx.betweenness_centrality(proj, normalized=True).items()},
        communities=communities,
        community_of=_community_of(network, communities),
        lone_tambons=lone_tambons(graph),
        isolated_agencies=tuple(n for n in agencies if proj.degree(n) == 0),
        never_met=never_met(network),
        growth=growth(network),
    )


def find_communities(network: Network) -> tuple[tuple[str, ...], ...]:
    """Groups of agencies that work together (Louvain on the projection, fixed seed);
    largest first, ties by their first member."""
    import networkx as nx

    proj = network.projection
    if proj.number_of_nodes() == 0:
        return ()
    found = nx.community.louvain_communities(proj, weight="weight", seed=SEED)
    return tuple(sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c)))


def _community_of(network: Network, communities) -> dict[str, int]:
    """Agencies by their community; an area joins the community it shares most stories with."""
    of = {n: i for i, members in enumerate(communities, 1) for n in members}
    graph = network.graph
    for node in graph:
        if graph.nodes[node]["type"] == "area":
            votes: Counter[int] = Counter()
            for other, data in graph[node].items():
                votes[of[other]] += data["weight"]
            if votes:
                of[node] = min(votes, key=lambda c: (-votes[c], c))
    return dict(sorted(of.items()))


def lone_tambons(graph: nx.Graph) -> tuple[tuple[str, str], ...]:
    """Tambons that exactly one agency reaches, with that agency."""
    return tuple((n, next(iter(graph[n]))) for n in graph
                 if graph.nodes[n]["type"] == "area" and graph.nodes[n]["level"] == "tambon"
                 and graph.degree(n) == 1)


def never_met(network: Network, top: int = TOP_FOR_GAPS) -> tuple[tuple[str, str], ...]:
    """Pairs among the `top` agencies with most stories that no story names together."""
    graph, proj = network.graph, network.projection
    agencies = [n for n in graph if graph.nodes[n]["type"] == "agency"]
    active = sorted(agencies, key=lambda n: (-graph.nodes[n]["stories"], n))[:top]
    return tuple((a, b) for a, b in combinations(sorted(active), 2) if not proj.has_edge(a, b))


def growth(network: Network) -> tuple[YearGrowth, ...]:
    """Per BE year: stories, active nodes, and the ties first seen that year."""
    graph, proj = network.graph, network.projection
    rows, area_total, partner_total = [], 0, 0
    for year in network.years:
        new_area = _new_ties(graph, year)
        new_partner = _new_ties(proj, year)
        area_total += len(new_area)
        partner_total += len(new_partner)
        active = [n for n in graph if year in graph.nodes[n]["years"]]
        rows.append(YearGrowth(
            year=year, stories=network.stories_per_year.get(year, 0),
            agencies=sum(1 for n in active if graph.nodes[n]["type"] == "agency"),
            areas=sum(1 for n in active if graph.nodes[n]["type"] == "area"),
            new_area_ties=new_area, new_partner_ties=new_partner,
            total_area_ties=area_total, total_partner_ties=partner_total))
    return tuple(rows)


def _new_ties(graph: nx.Graph, year: int) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((u, v) for u, v, first in graph.edges(data="first_year") if first == year))
