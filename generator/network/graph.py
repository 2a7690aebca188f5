"""The network stage: agencies and areas as a networkx graph, its metrics, layout and exports.

Pure: everything is computed from the resolved Site model. Nodes are agencies (the concrete
unit where one is known: 'agency:cdd_amphoe-8001', 'agency:sao-800121') and areas
('area:800121'); villages fold into their tambon, and an amphoe or the province is a node
only when a story names it without naming a place inside it. Node and edge insertion is
sorted and every random choice has a fixed seed, so two builds give identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Mapping

import networkx as nx
import numpy as np

from ..escape import csv_cell
from ..model import Agency, Area, Story
from ..site import Site

SEED = 20070310          # layout and community detection
LAYOUT_SIZE = 1000.0     # positions are in a [0, LAYOUT_SIZE] square
MIN_GAP = 0.45          # smallest distance between two nodes, in layout units per node
KK_LIMIT = 250          # larger parts get a seeded spring layout (Kamada–Kawai is O(n²))
TOP_FOR_GAPS = 10        # "agencies that never meet": pairs among the N most active agencies
AGENCY_AREA, AGENCY_AGENCY = "agency-area", "agency-agency"


@dataclass(frozen=True)
class Network:
    """The agency–area graph, the agency–agency projection, and the BE years they span."""

    graph: nx.Graph        # agency and area nodes; agency–area edges
    projection: nx.Graph   # agency nodes; an edge when one story names both agencies
    years: tuple[int, ...]
    stories_per_year: Mapping[int, int]  # stories that name an agency or an area


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


# -- metrics -----------------------------------------------------------------------------------

def compute_metrics(network: Network) -> Metrics:
    """Degrees, brokers, communities, gaps and growth of a network."""
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


# -- layout ------------------------------------------------------------------------------------

def layout(network: Network, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Node positions in a [0, LAYOUT_SIZE] square. Each connected part gets a Kamada–Kawai
    layout (a seeded spring layout when very large), agency–area ties being shorter than
    agency–agency ties; the parts are packed in rows, largest first; rounded so that builds
    are identical."""
    combined = nx.Graph()
    combined.add_nodes_from(network.graph)
    for u, v, w in network.graph.edges(data="weight"):
        pull = 1.0 + math.log2(w)
        combined.add_edge(u, v, weight=pull, distance=1.0 / pull)
    for u, v, w in network.projection.edges(data="weight"):
        pull = 0.25 * (1.0 + math.log2(w))
        combined.add_edge(u, v, weight=pull, distance=1.0 / pull)
    if combined.number_of_nodes() == 0:
        return {}
    parts = sorted((sorted(c) for c in nx.connected_components(combined)),
                   key=lambda c: (-len(c), c[0]))
    boxes = [_part_layout(_part_graph(combined, part), seed) for part in parts]
    return _rescale(_pack(boxes))


def _part_graph(graph: nx.Graph, part: list[str]) -> nx.Graph:
    """A connected part as a graph of its own, nodes and edges in sorted order (a subgraph
    view may iterate in set order, which changes with Python's hash seed)."""
    sub = nx.Graph()
    sub.add_nodes_from(part)
    inside = set(part)
    sub.add_edges_from(sorted((min(u, v), max(u, v), d) for u in part for v, d in graph[u].items()
                              if v in inside and u < v))
    return sub


def _part_layout(part: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """One connected part laid out in a square of side ~sqrt(nodes), corner at (0, 0)."""
    side = math.sqrt(part.number_of_nodes())
    if part.number_of_nodes() == 1:
        return {next(iter(part)): (0.5, 0.5)}
    if part.number_of_nodes() <= KK_LIMIT:  # deterministic: starts from a circle
        pos = nx.kamada_kawai_layout(part, weight="distance")
    else:
        pos = nx.spring_layout(part, weight="weight", seed=seed, iterations=120, method="force")
    xs, ys = [float(p[0]) for p in pos.values()], [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    spread = _spread(np.array([[(float(x) - min(xs)) / span * side,
                                (float(y) - min(ys)) / span * side] for x, y in pos.values()]))
    spread -= spread.min(axis=0) - 0.5
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, spread)}


def _spread(xy: "np.ndarray", gap: float = MIN_GAP, rounds: int = 60) -> "np.ndarray":
    """Push apart nodes closer than `gap` (in units where a part of n nodes is sqrt(n) wide),
    so that dots do not hide each other; deterministic."""
    xy = xy.copy()
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.maximum(np.sqrt((delta ** 2).sum(axis=-1)), 1e-6)
        push = np.clip(gap - dist, 0.0, None) / dist / 2
        np.fill_diagonal(push, 0.0)
        if not push.any():
            break
        xy += (delta * push[..., None]).sum(axis=1)
    return xy


def _pack(boxes: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Place the parts in rows (largest first) inside a roughly square area."""
    sizes = [(max(x for x, _ in b.values()) + 0.5, max(y for _, y in b.values()) + 0.5)
             for b in boxes]
    width = max(max(w for w, _ in sizes), math.sqrt(sum(w * h for w, h in sizes)) * 1.35)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for box, (w, h) in zip(boxes, sizes):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        placed.update({n: (x + px, -(y + py)) for n, (px, py) in box.items()})
        x, row = x + w, max(row, h)
    return placed


def _rescale(pos: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    scale = LAYOUT_SIZE / span if span > 0 else 0.0
    pad_x = (LAYOUT_SIZE - (max(xs) - min(xs)) * scale) / 2
    pad_y = (LAYOUT_SIZE - (max(ys) - min(ys)) * scale) / 2
    return {n: (round((x - min(xs)) * scale + pad_x, 1), round((max(ys) - y) * scale + pad_y, 1))
            for n, (x, y) in sorted(pos.items())}


# -- exports -----------------------------------------------------------------------------------

NODE_COLUMNS = ("id", "type", "ref", "label", "name_th", "abbr_th", "name_en", "kind", "level",
                "parent", "template", "area", "amphoe", "amphoe_th", "stories", "first_year",
                "last_year", "years", "degree", "partners", "betweenness", "community", "x", "y")
EDGE_COLUMNS = ("source", "target", "source_label", "target_label", "relation", "weight",
                "first_year", "last_year", "years", "stories")


def years_text(years: Mapping[int, int]) -> str:
    """Per-year counts as text for flat formats: '2549:2 2550:1'."""
    return " ".join(f"{y}:{n}" for y, n in sorted(years.items()))


def export_graph(network: Network, metrics: Metrics,
                 positions: Mapping[str, tuple[float, float]]) -> nx.Graph:
    """One graph for downloads: both relations, every attribute flat (text or numbers)."""
    out = nx.Graph()
    graph = network.graph
    for node, data in graph.nodes(data=True):
        x, y = positions.get(node, (0.0, 0.0))
        flat = {**data, "years": years_text(data["years"]), "degree": graph.degree(node),
                "community": metrics.community_of.get(node, 0), "x": x, "y": y}
        if data["type"] == "agency":
            flat.update(partners=metrics.partners[node], betweenness=metrics.betweenness[node])
        out.add_node(node, **flat)
    for source in (graph, network.projection):
        for u, v, data in sorted(source.edges(data=True), key=lambda e: (e[0], e[1])):
            out.add_edge(u, v, **{**data, "years": years_text(data["years"]),
                                  "stories": " ".join(data["stories"])})
    return out


def to_graphml(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF for Gephi, with the stored layout as positions and no 'last modified' date."""
    with_viz = graph.copy()
    for node, data in with_viz.nodes(data=True):
        data["viz"] = {"position": {"x": data["x"], "y": -data["y"], "z": 0.0},
                       "size": 4.0 + 2.0 * math.sqrt(data["stories"])}
    buffer = io.BytesIO()
    nx.write_gexf(with_viz, buffer, encoding="utf-8", prettyprint=True)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue())


def to_node_link_json(graph: nx.Graph) -> bytes:
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_csv_nodes(graph: nx.Graph) -> bytes:
    rows = ({"id": n, **d} for n, d in graph.nodes(data=True))
    return _csv(NODE_COLUMNS, rows)


def to_csv_edges(graph: nx.Graph) -> bytes:
    labels = dict(graph.nodes(data="label"))
    rows = ({"source": u, "target": v, "source_label": labels[u], "target_label": labels[v], **d}
            for u, v, d in graph.edges(data=True))
    return _csv(EDGE_COLUMNS, rows)


def _csv(columns: tuple[str, ...], rows: Iterable[dict]) -> bytes:
    """CSV with a UTF-8 byte-order mark, so that spreadsheet programs read Thai correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
