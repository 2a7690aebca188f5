"""Network downloads: one flat graph as GraphML, GEXF, node-link JSON and CSV files.

networkx and numpy are imported inside the functions that use them: `wongrian check`
imports the build pipeline and should not pay for loading them.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TYPE_CHECKING, Iterable, Mapping

from . import xmlwriter
from .graph import Network
from .metrics import Metrics
from ..escape import csv_cell

if TYPE_CHECKING:
    import networkx as nx

NODE_COLUMNS = ("id", "type", "ref", "label", "name_th", "abbr_th", "name_en", "kind", "level",
                "parent", "template", "area", "amphoe", "amphoe_th", "stories", "first_year",
                "last_year", "years", "degree", "partners", "betweenness", "community", "x", "y")
EDGE_COLUMNS = ("source", "target", "source_label", "target_label", "relation", "weight",
                "first_year", "last_year", "years", "stories")
CREATOR = "Wongrian"  # the GEXF file's meta/creator


def years_text(years: Mapping[int, int]) -> str:
    """Per-year counts as text for flat formats: '2549:2 2550:1'."""
    return " ".join(f"{y}:{n}" for y, n in sorted(years.items()))


def export_graph(network: Network, metrics: Metrics,
                 positions: Mapping[str, tuple[float, float]]) -> nx.Graph:
    """One graph for downloads: both relations, every attribute flat (text or numbers)."""
    import networkx as nx

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
    return xmlwriter.graphml(graph)


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF for Gephi, with the stored layout as positions and no 'last modified' date."""
    with_viz = graph.copy()
    for node, data in with_viz.nodes(data=True):
        data["viz"] = {"size": 4.0 + 2.0 * math.sqrt(data["stories"]),
                       "position": {"x": data["x"], "y": -data["y"], "z": 0.0}}
    return xmlwriter.gexf(with_viz, CREATOR)


def to_node_link_json(graph: nx.Graph) -> bytes:
    import networkx as nx

    return (readable_json(nx.node_link_data(graph, edges="edges")) + "\n").encode("utf-8")


def readable_json(data: dict) -> str:
    """JSON of a dict with a line per key, and per item of a list (a node, an edge): as easy
    to read as `indent=`, which makes `json` fall back to its Python encoder (a fifth of a
    second for the network at 2,000 stories)."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def entry(key: str, value) -> str:
        if isinstance(value, list) and value:
            items = ",\n".join(f"  {dump(item)}" for item in value)
            return f" {dump(key)}: [\n{items}\n ]"
        return f" {dump(key)}: {dump(value)}"

    return "{\n" + ",\n".join(entry(str(k), v) for k, v in data.items()) + "\n}" if data else "{}"


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
