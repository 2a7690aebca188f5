"""GraphML and GEXF for the network downloads, written as text in one pass.

The documents are those networkx's writers make (`write_graphml`, `write_gexf` with
`prettyprint`: same elements, attributes, ids, order and indentation), without building an
ElementTree of 200,000 elements first: a third to a fifth of the time. One difference:
characters XML does not allow (control characters, lone surrogates) become U+FFFD, where
ElementTree would write them as they are and make a file no reader accepts. Simple graphs
(`nx.Graph`, `nx.DiGraph`) with text, integer, float or boolean attributes; the attributes
networkx gives a meaning of its own beyond those the exports use are refused (TypeError).
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Iterable

GRAPHML_NS = ('xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"')
GEXF_NS = ('xmlns="http://www.gexf.net/1.2draft" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
           'version="1.2"')
VIZ_NS = 'xmlns:viz="http://www.gexf.net/1.2draft/viz"'
DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"

# GraphML and GEXF names of Python value types (as networkx names them)
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTRIBUTE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
              "\n": "&#10;", "\t": "&#09;"}
_ATTRIBUTE_CHARS = re.compile('[&<>"\r\n\t]')
_TEXT_CHARS = re.compile("[&<>]")


def text(value: str) -> str:
    """Element text, escaped as ElementTree escapes it."""
    value = _NOT_XML.sub("\ufffd", value)
    return _TEXT_CHARS.sub(lambda m: _ATTRIBUTE[m.group()], value) \
        if _TEXT_CHARS.search(value) else value


def attribute(value: str) -> str:
    """An attribute's value, escaped as ElementTree escapes it (in double quotes)."""
    value = _NOT_XML.sub("\ufffd", value)
    return _ATTRIBUTE_CHARS.sub(lambda m: _ATTRIBUTE[m.group()], value) \
        if _ATTRIBUTE_CHARS.search(value) else value


def xml_type(value: Any) -> str:
    try:
        return _TYPES[type(value)]
    except KeyError:
        raise TypeError(f"a graph attribute of type {type(value).__name__} cannot be "
                        f"written as GraphML or GEXF") from None


def _element(out: list[str], indent: str, open_tag: str, name: str, children: list[str]) -> None:
    """`open_tag` (without its ">") with `children` (whole lines) one level deeper."""
    if children:
        out.append(f"{indent}{open_tag}>")
        out.extend(children)
        out.append(f"{indent}</{name}>")
    else:
        out.append(f"{indent}{open_tag} />")


def _document(root_open: str, root: str, lines: list[str]) -> bytes:
    return (DECLARATION + root_open + ">\n" + "\n".join(lines) + f"\n</{root}>\n").encode("utf-8")


# -- GraphML -----------------------------------------------------------------------------------

def graphml(graph) -> bytes:
    """`nx.write_graphml(graph, encoding="utf-8", prettyprint=True)`'s document."""
    keys: dict[tuple[str, str, str], str] = {}
    key_lines: list[str] = []

    def data(scope: str, items: Iterable[tuple[Any, Any]], indent: str) -> list[str]:
        lines = []
        for name, value in items:
            name, kind = str(name), xml_type(value)
            key = keys.get((name, kind, scope))
            if key is None:
                key = keys[name, kind, scope] = f"d{len(keys)}"
                key_lines.append(f'  <key id="{key}" for="{scope}" attr.name="{attribute(name)}" '
                                 f'attr.type="{kind}" />')
            value = text(str(value))
            lines.append(f'{indent}<data key="{key}">{value}</data>' if value
                         else f'{indent}<data key="{key}" />')
        return lines

    _refuse(graph.graph, ("id", "node_default", "edge_default"), "graph")
    about = data("graph", graph.graph.items(), "    ")  # keys first, the elements last
    body: list[str] = []
    for node, values in graph.nodes(data=True):
        _element(body, "    ", f'<node id="{attribute(str(node))}"', "node",
                 data("node", values.items(), "      "))
    for u, v, values in graph.edges(data=True):
        _element(body, "    ", f'<edge source="{attribute(str(u))}" target="{attribute(str(v))}"',
                 "edge", data("edge", values.items(), "      "))
    body += about
    lines = key_lines[::-1]  # networkx puts each new key first
    edges = "directed" if graph.is_directed() else "undirected"
    _element(lines, "  ", f'<graph edgedefault="{edges}"', "graph", body)
    return _document(f"<graphml {GRAPHML_NS}", "graphml", lines)


# -- GEXF --------------------------------------------------------------------------------------

_NODE_FIELDS = ("id", "label", "pid", "start", "end", "parents", "spells", "viz")
_EDGE_FIELDS = ("id", "label", "weight", "type", "start", "end", "spells", "viz")


def gexf(graph, creator: str) -> bytes:
    """`nx.write_gexf(graph, encoding="utf-8", prettyprint=True)`'s document (version
    1.2draft), with `creator` in its meta element and no date of writing. Of the special
    node and edge attributes, `label`, `viz` (size and position) and an edge's `weight` are
    written; others (`pid`, `start`, `end`, `spells`, ...) are refused."""
    attributes: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    declared: dict[str, list[str]] = {"node": [], "edge": []}
    ids = itertools.count()  # one count for node and edge attributes

    def attvalues(scope: str, items: Iterable[tuple[Any, Any]]) -> list[str]:
        lines = []
        for name, value in items:
            name, kind = "networkx_key" if name == "key" else str(name), xml_type(value)
            key = attributes[scope].get(name)
            if key is None:
                key = attributes[scope][name] = str(next(ids))
                declared[scope].append(f'      <attribute id="{key}" title="{attribute(name)}" '
                                       f'type="{kind}" />')
            lines.append(f'          <attvalue for="{key}" value="{attribute(_gexf_value(value))}" />')
        return ["        <attvalues>", *lines, "        </attvalues>"] if lines else []

    viz = False
    nodes: list[str] = []
    for node, values in graph.nodes(data=True):
        _refuse(values, ("pid", "start", "end", "parents", "spells"), "node")
        children = _viz(values.get("viz"))
        viz = viz or bool(children)
        node_id, label = str(values.get("id", node)), str(values.get("label", node))
        rest = ((k, v) for k, v in values.items() if k not in _NODE_FIELDS)
        _element(nodes, "      ", f'<node id="{attribute(node_id)}" label="{attribute(label)}"',
                 "node", children + attvalues("node", rest))
    edges: list[str] = []
    for n, (u, v, values) in enumerate(graph.edges(data=True)):
        _refuse(values, ("id", "label", "type", "start", "end", "spells", "viz"), "edge")
        weight = f' weight="{attribute(str(values["weight"]))}"' if "weight" in values else ""
        source = attribute(str(graph.nodes[u].get("id", u)))
        target = attribute(str(graph.nodes[v].get("id", v)))
        rest = ((k, val) for k, val in values.items() if k not in _EDGE_FIELDS)
        _element(edges, "      ", f'<edge source="{source}" target="{target}" id="{n}"{weight}',
                 "edge", attvalues("edge", rest))
    graph_lines: list[str] = []
    for scope in ("edge", "node"):  # networkx puts each new attributes element first
        if declared[scope]:
            _element(graph_lines, "    ", f'<attributes mode="static" class="{scope}"',
                     "attributes", declared[scope])
    _element(graph_lines, "    ", "<nodes", "nodes", nodes)
    _element(graph_lines, "    ", "<edges", "edges", edges)
    edge_kind = "directed" if graph.is_directed() else "undirected"
    name = attribute(str(graph.graph.get("name", "")))
    lines = ["  <meta>", f"    <creator>{text(creator)}</creator>", "  </meta>"]
    _element(lines, "  ", f'<graph defaultedgetype="{edge_kind}" mode="static" name="{name}"',
             "graph", graph_lines)
    return _document(f"<gexf {VIZ_NS + ' ' if viz else ''}{GEXF_NS}", "gexf", lines)


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    written = str(value)
    if type(value) is float:
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(written, written)
    return written


def _viz(viz: dict | None) -> list[str]:
    """A node's size and position (the parts of networkx's `viz` the exports use)."""
    if not viz:
        return []
    unknown = set(viz) - {"size", "position"}
    if unknown:
        raise TypeError(f"viz {sorted(unknown)} is not written")
    lines = []
    if viz.get("size") is not None:
        lines.append(f'        <viz:size value="{attribute(str(viz["size"]))}" />')
    position = viz.get("position")
    if position is not None:
        x, y, z = (attribute(str(position.get(axis))) for axis in "xyz")
        lines.append(f'        <viz:position x="{x}" y="{y}" z="{z}" />')
    return lines


def _refuse(values: dict, fields: tuple[str, ...], scope: str) -> None:
    found = [f for f in fields if f in values]
    if found:
        raise TypeError(f"{scope} attributes {found} are not written by these writers")
