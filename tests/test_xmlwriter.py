"""The GraphML and GEXF writers of the network downloads write what networkx's writers write
(byte for byte), and a document every XML reader accepts when names hold characters XML
does not allow."""

from __future__ import annotations

import io
import math
import re
from xml.etree import ElementTree

import networkx as nx
import pytest

from generator.network import export as net_export, graph as net_graph
from generator.network import layout as net_layout, metrics as net_metrics
from generator.network import xmlwriter

CREATOR = "ผู้เขียน & co"
ODD = "ชื่อ <b>&amp;\"'\n\tท้าย"


def networkx_graphml(graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def networkx_gexf(graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True)
    text = re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue())
    return text.replace(f"NetworkX {nx.__version__}".encode(), CREATOR.replace("&", "&amp;").encode())


def odd_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("bare")
    graph.add_node(ODD, label=ODD, count=3, share=0.25, flag=True, empty="", big=float("inf"))
    graph.add_node(7, label="เจ็ด", share=float("nan"))
    graph.add_edge(ODD, "bare", weight=2, relation=ODD, low=float("-inf"))
    graph.add_edge(7, "bare")
    graph.add_edge(7, ODD, weight=0.5, flag=False, key="k")
    graph.graph["about"] = "กราฟ"
    return graph


def with_viz(graph: nx.Graph) -> nx.Graph:
    graph = graph.copy()
    for n, (_, data) in enumerate(graph.nodes(data=True)):
        if n % 2 == 0:
            data["viz"] = {"size": 4.5, "position": {"x": n * 1.5, "y": -2.0, "z": 0.0}}
    return graph


GRAPHS = {
    "empty": nx.Graph,
    "directed": lambda: nx.DiGraph([(1, 2), (2, 3)]),
    "path": lambda: nx.path_graph(6),
    "odd": odd_graph,
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_graphml_is_what_networkx_writes(name):
    graph = GRAPHS[name]()
    assert xmlwriter.graphml(graph) == networkx_graphml(graph)


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("viz", [False, True])
def test_gexf_is_what_networkx_writes(name, viz):
    graph = with_viz(GRAPHS[name]()) if viz else GRAPHS[name]()
    assert xmlwriter.gexf(graph, CREATOR) == networkx_gexf(graph)


@pytest.mark.parametrize("built", ["sample_site", "hostile_site"])
def test_the_site_network_exports_are_what_networkx_writes(built, request):
    network = net_graph.build_network(request.getfixturevalue(built).site)
    export = net_export.export_graph(network, net_metrics.compute_metrics(network),
                                     net_layout.layout(network))
    assert export.number_of_nodes() > 5
    assert net_export.to_graphml(export) == networkx_graphml(export)
    viz = export.copy()
    for _, data in viz.nodes(data=True):
        data["viz"] = {"size": 4.0 + 2.0 * math.sqrt(data["stories"]),
                       "position": {"x": data["x"], "y": -data["y"], "z": 0.0}}
    ours = net_export.to_gexf(export)
    assert ours.replace(b"<creator>Wongrian<", CREATOR.replace("&", "&amp;").encode().join(
        [b"<creator>", b"<"])) == networkx_gexf(viz)


def test_characters_xml_does_not_allow_are_replaced():
    graph = nx.Graph()
    graph.add_node("a\x00b", label="c\x1bd\ud800", note="e\x0bf")
    graph.add_edge("a\x00b", "z", relation="g\x7fh\x01")
    for document in (xmlwriter.graphml(graph), xmlwriter.gexf(graph, "x\x02")):
        root = ElementTree.fromstring(document)
        values = {n.text for n in root.iter() if n.text} | {
            v for n in root.iter() for v in n.attrib.values()}
        assert "a\ufffdb" in values and "g\x7fh\ufffd" in values
    assert nx.read_graphml(io.BytesIO(xmlwriter.graphml(graph))).nodes["a\ufffdb"]["note"] == "e\ufffdf"


def test_unsupported_values_are_refused():
    graph = nx.Graph()
    graph.add_node("a", when=[1, 2])
    with pytest.raises(TypeError):
        xmlwriter.graphml(graph)
    with pytest.raises(TypeError):
        xmlwriter.gexf(graph, "x")
    graph = nx.Graph()
    graph.add_node("a", start=2549)
    with pytest.raises(TypeError):
        xmlwriter.gexf(graph, "x")
    graph = nx.Graph(id="g1")
    with pytest.raises(TypeError):
        xmlwriter.graphml(graph)
