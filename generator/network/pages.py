"""The network feature: the เครือข่าย pages, an ego-network SVG on every agency and area page,
the page's graph data (a script, so that it loads from file://) and the downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .ego import ego_sections, keep, kept_sections
from .export import (export_graph, to_csv_edges, to_csv_nodes, to_gexf, to_graphml,
                     to_node_link_json)
from .graph import Network, build_network
from .layout import LAYOUT_SIZE, layout
from .metrics import TOP_FOR_GAPS, Metrics, compute_metrics
from .store import remembered
from .svg import network_svg
from .views import INDEX, KIND_TH, NodeView, dot, node_views
from ..escape import script_json
from ..model import AGENCY_LEVEL_TH
from ..pages import Docs, Renderer
from ..paths import html_href
from ..site import Site

if TYPE_CHECKING:
    import networkx as nx

GROWTH_LIMIT = 30  # new ties listed per year and kind on the growth page
DOWNLOADS = (  # file, format, what it is for
    ("wongrian-network.graphml", "GraphML", "เปิดด้วย Gephi, Cytoscape, yEd หรือ networkx"),
    ("wongrian-network.gexf", "GEXF", "เปิดด้วย Gephi (มีตำแหน่งจุดตามภาพนี้)"),
    ("wongrian-network.json", "JSON (จุดและเส้น)", "สำหรับโปรแกรม เช่น networkx หรือ D3"),
    ("nodes.csv", "CSV รายชื่อจุด", "เปิดด้วยโปรแกรมตารางคำนวณ (UTF-8)"),
    ("edges.csv", "CSV รายการเส้น", "เปิดด้วยโปรแกรมตารางคำนวณ (UTF-8)"),
)


def feature(site: Site, docs: Docs, ahead: Pending | None = None) -> None:
    """Add the network pages, files, ego networks, nav entry and stylesheet to the docs;
    `ahead`: `ahead(site, docs)` running in a second process (the build's other work goes on
    in this one meanwhile)."""
    if ahead is not None:
        network, (metrics, files), egos, kept = ahead.join()  # (the graph: unpickled in a
        keep(kept)                                              # tenth of the time to build it)
        views = node_views(network, metrics)
    else:
        network = build_network(site)
        metrics, files = _results(site, network)
        views = node_views(network, metrics)
        egos = ego_sections(site, docs, network, views)
    renderer = Renderer(site)
    for page in network_pages(site, renderer, network, metrics, views):
        docs.add(page.path, page.text)
    docs.files.update(files)
    for path, section in egos:
        docs.append(path, section)
    docs.nav.append({"เครือข่าย": INDEX})
    docs.css.append("assets/network/network.css")


class Pending(Protocol):
    """Work running elsewhere (`forked.Fork`)."""

    def join(self) -> tuple[Network, tuple[Metrics, dict[str, bytes]], list[tuple[str, str]],
                            dict | None]:
        ...


def ahead(site: Site, docs: Docs) -> tuple[Network, tuple[Metrics, dict[str, bytes]],
                                           list[tuple[str, str]], dict | None]:
    """The work of `feature` that takes most of its time, on the site and the agency and area
    pages of `docs` (the build runs it in a second process, beside other features): the
    graph, its metrics, layout and files, the ego networks, and the ego sections kept
    (`ego.kept_sections`, for `wongrian serve`)."""
    network = build_network(site)
    metrics, files = _results(site, network)
    egos = ego_sections(site, docs, network, node_views(network, metrics))
    return network, (metrics, files), egos, kept_sections()


def _results(site: Site, network: Network) -> tuple[Metrics, dict[str, bytes]]:
    return remembered(site.config.root, network, lambda: graph_results(network),
                      _results_shape)  # the same graph as last build: kept ones


feature.ahead = ahead  # type: ignore[attr-defined]


def graph_results(network: Network) -> tuple[Metrics, dict[str, bytes]]:
    """What depends on the graph alone, and takes most of the time: metrics, layout, files."""
    metrics = compute_metrics(network)
    return metrics, network_files(network, metrics, layout(network), node_views(network, metrics))


def _results_shape(kept: object) -> bool:
    return (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], Metrics)
            and isinstance(kept[1], dict)
            and all(isinstance(k, str) and isinstance(v, bytes) for k, v in kept[1].items()))


def notes(site: Site, network: Network) -> list[str]:
    """Plain-Thai sentences on why the network is empty or small, if it is."""
    graph = network.graph
    if not site.stories:
        return ["ยังไม่มีบันทึกที่เผยแพร่ จึงยังไม่มีเครือข่ายให้แสดง "
                "เมื่อมีบันทึกที่ระบุหน่วยงานและพื้นที่ ภาพเครือข่ายจะปรากฏที่นี่"]
    if graph.number_of_nodes() == 0:
        return [f"มีบันทึก {len(site.stories)} เรื่อง แต่ยังไม่มีเรื่องใดระบุหน่วยงานหรือพื้นที่ "
                "จึงยังไม่มีเครือข่ายให้แสดง"]
    said = []
    if graph.number_of_nodes() == 1:
        said.append("เครือข่ายนี้ยังมีเพียงจุดเดียว ยังไม่มีหน่วยงานหรือพื้นที่อื่นให้เชื่อมถึง")
    elif graph.number_of_edges() == 0:
        said.append("ยังไม่มีเส้นเชื่อม: ยังไม่มีบันทึกที่ระบุทั้งหน่วยงานและพื้นที่ในเรื่องเดียวกัน")
    unseen = len(site.stories) - sum(network.stories_per_year.values())
    if unseen:
        said.append(f"บันทึก {unseen} เรื่องไม่ได้ระบุหน่วยงานหรือพื้นที่ จึงไม่อยู่ในเครือข่าย")
    return said


# -- pages -------------------------------------------------------------------------------------

def network_pages(site: Site, r: Renderer, network: Network, metrics: Metrics,
                  views: dict[str, NodeView]):
    graph = network.graph
    counts = {
        "agencies": sum(1 for v in views.values() if v.type == "agency"),
        "areas": sum(1 for v in views.values() if v.type == "area"),
        "tambons": sum(1 for _, d in graph.nodes(data=True)
                       if d["type"] == "area" and d["level"] == "tambon"),
        "area_ties": graph.number_of_edges(),
        "partner_ties": network.projection.number_of_edges(),
        "stories": sum(network.stories_per_year.values()),
    }
    rows = sorted(views.values(), key=lambda v: (v.type, v.label, v.node))
    common = dict(views=views, counts=counts, years=network.years, notes=notes(site, network))
    yield r.render("network.md.j2", INDEX, rows=rows, downloads=DOWNLOADS,
                   href=lambda v: html_href(v.path, INDEX), **common)
    yield r.render("network_metrics.md.j2", "network/metrics.md", m=metrics_tables(site, network,
                                                                                    metrics, views),
                   **common)
    yield r.render("network_growth.md.j2", "network/growth.md", growth=metrics.growth,
                   limit=GROWTH_LIMIT, **common)


def metrics_tables(site: Site, network: Network, metrics: Metrics,
                   views: dict[str, NodeView]) -> dict:
    """The rows of every table on the numbers page, in display order."""
    agencies = [v for v in views.values() if v.type == "agency"]
    connected = sorted(agencies, key=lambda v: (-v.partners, -v.stories, v.node))
    brokers = sorted((v for v in agencies if metrics.betweenness[v.node] > 0),
                     key=lambda v: (-metrics.betweenness[v.node], v.node))
    tambons = [a for a in site.areas.values() if a.level == "tambon"]
    return {
        "connected": connected[:20],
        "brokers": [(v, metrics.betweenness[v.node]) for v in brokers[:20]],
        "groups": [[views[n] for n in c] for c in metrics.communities if len(c) > 1],
        "alone": [views[n] for c in metrics.communities if len(c) == 1 for n in c],
        "lone_tambons": [(views[t], views[a]) for t, a in metrics.lone_tambons],
        "tambons_total": len(tambons),
        "tambons_without": sum(1 for a in tambons if not site.by_area.get(a.id)),
        "isolated": [views[n] for n in metrics.isolated_agencies],
        "never_met": [(views[a], views[b]) for a, b in metrics.never_met],
        "top": TOP_FOR_GAPS,
    }


# -- files -------------------------------------------------------------------------------------

def network_files(network: Network, metrics: Metrics, positions, views) -> dict[str, bytes]:
    """The page's graph data, the no-JavaScript picture, and the downloads."""
    export = export_graph(network, metrics, positions)
    return {
        "network/graph-data.js": graph_data_js(network, positions, views).encode("utf-8"),
        "network/network.svg": whole_network_svg(network, positions, views).encode("utf-8"),
        "network/wongrian-network.graphml": to_graphml(export),
        "network/wongrian-network.gexf": to_gexf(export),
        "network/wongrian-network.json": to_node_link_json(export),
        "network/nodes.csv": to_csv_nodes(export),
        "network/edges.csv": to_csv_edges(export),
    }


def graph_data_js(network: Network, positions, views: dict[str, NodeView]) -> str:
    """The interactive graph's data as a script setting `window.WR_NETWORK`."""
    graph = network.graph
    order = list(graph)
    index = {n: i for i, n in enumerate(order)}
    nodes = []
    for node in order:
        data, view = graph.nodes[node], views[node]
        x, y = positions[node]
        nodes.append({
            "id": node, "t": view.type, "label": view.label, "name": view.name,
            "kind": data["kind"], "level": data["level"], "amphoe": data["amphoe"],
            "info": " · ".join(p for p in (view.kind_th, view.level_th, view.amphoe_th and
                                           "อ." + view.amphoe_th) if p),
            "x": x, "y": y, "c": view.community, "yr": _years(data["years"]),
            "url": html_href(view.path, INDEX),
            "q": " ".join(sorted({data["label"], data["name_th"], data["abbr_th"], data["ref"]})),
        })
    ties = lambda src: [[index[u], index[v], _years(y)] for u, v, y in src.edges(data="years")]  # noqa: E731
    data = {"nodes": nodes, "edges": ties(graph), "links": ties(network.projection),
            "years": list(network.years), "filters": filter_options(graph)}
    text = script_json(data, separators=(",", ":"), sort_keys=True)
    return f"window.WR_NETWORK = {text};\n"


def _years(years) -> list[int]:
    """Per-year counts, flat: [year, count, year, count, ...]."""
    return [v for item in sorted(years.items()) for v in item]


def filter_options(graph: nx.Graph) -> dict[str, list[list[str]]]:
    """Values for the page's filters, with Thai labels, in display order."""
    amphoe = {(d["amphoe"], d["amphoe_th"]) for _, d in graph.nodes(data=True) if d["amphoe"]}
    agencies = [d for _, d in graph.nodes(data=True) if d["type"] == "agency"]
    kinds = sorted({d["kind"] for d in agencies}, key=lambda k: (KIND_TH.get(k, k), k))
    levels = [lv for lv in AGENCY_LEVEL_TH if any(d["level"] == lv for d in agencies)]
    return {
        "amphoe": [[code, "อ." + name] for code, name in sorted(amphoe, key=lambda a: (a[1], a[0]))],
        "kind": [[k, KIND_TH.get(k, k)] for k in kinds],
        "level": [[lv, AGENCY_LEVEL_TH[lv]] for lv in levels]
                 + ([["", "ไม่ระบุระดับ"]] if any(not d["level"] for d in agencies) else []),
    }


def whole_network_svg(network: Network, positions, views: dict[str, NodeView]) -> str:
    order = list(network.graph)
    index = {n: i for i, n in enumerate(order)}
    dots = [dot(views[n], views[n].stories, "network/network.svg", *positions[n]) for n in order]
    edges = [(index[u], index[v], w) for u, v, w in network.graph.edges(data="weight")]
    return network_svg(dots, edges, LAYOUT_SIZE, "เครือข่ายหน่วยงานและพื้นที่")


