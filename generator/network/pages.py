"""The network feature: the เครือข่าย pages, an ego-network SVG on every agency and area page,
the page's graph data (a script, so that it loads from file://) and the downloads."""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .export import (export_graph, to_csv_edges, to_csv_nodes, to_gexf, to_graphml,
                     to_node_link_json)
from .graph import Network, agency_node, area_node, amphoe_of, build_network, node_ref
from .layout import LAYOUT_SIZE, layout
from .metrics import TOP_FOR_GAPS, Metrics, compute_metrics
from .. import prerendered
from ..escape import script_json
from ..model import AGENCY_LEVEL_TH, AREA_LEVEL_TH, Story
from .store import remembered
from .svg import Dot, Ego, ego_phone_svg, ego_svg, network_svg
from ..pages import Docs, Renderer, agency_path, area_path
from ..site import Site

if TYPE_CHECKING:
    import networkx as nx

INDEX = "network/index.md"
EGO_LIMIT = 24  # neighbours drawn on an ego network; the page lists them all
GROWTH_LIMIT = 30  # new ties listed per year and kind on the growth page
KIND_TH = {
    "ministry": "กระทรวง", "department": "กรม", "provincial_office": "สำนักงานระดับจังหวัด",
    "district_office": "สำนักงานระดับอำเภอ", "local_government": "องค์กรปกครองส่วนท้องถิ่น",
    "hospital": "โรงพยาบาล", "university": "มหาวิทยาลัย", "public_org": "องค์การมหาชน",
    "state_fund": "กองทุนและแหล่งทุนของรัฐ", "foundation": "มูลนิธิ", "network": "เครือข่าย",
    "unit": "หน่วยงานอื่น", "area": "พื้นที่",
}
DOWNLOADS = (  # file, format, what it is for
    ("wongrian-network.graphml", "GraphML", "เปิดด้วย Gephi, Cytoscape, yEd หรือ networkx"),
    ("wongrian-network.gexf", "GEXF", "เปิดด้วย Gephi (มีตำแหน่งจุดตามภาพนี้)"),
    ("wongrian-network.json", "JSON (จุดและเส้น)", "สำหรับโปรแกรม เช่น networkx หรือ D3"),
    ("nodes.csv", "CSV รายชื่อจุด", "เปิดด้วยโปรแกรมตารางคำนวณ (UTF-8)"),
    ("edges.csv", "CSV รายการเส้น", "เปิดด้วยโปรแกรมตารางคำนวณ (UTF-8)"),
)


@dataclass(frozen=True)
class NodeView:
    """What pages show about one node."""

    node: str
    type: str
    label: str
    name: str
    path: str          # the node's page in the docs tree
    kind_th: str
    level_th: str
    amphoe_th: str
    stories: int
    degree: int        # areas an agency reaches, or agencies that reach an area
    partners: int      # agencies met (agencies only)
    community: int


def feature(site: Site, docs: Docs, ahead: Pending | None = None) -> None:
    """Add the network pages, files, ego networks, nav entry and stylesheet to the docs;
    `ahead`: `ahead(site)` running in a second process. While it still runs, this one
    computes the metrics itself and draws the ego networks."""
    network = build_network(site)
    if ahead is not None and not ahead.ready():
        metrics = compute_metrics(network)  # as the copy computes them (deterministic)
    else:
        metrics, files = ahead.join() if ahead is not None else _results(site, network)
        ahead = None
    views = node_views(network, metrics)
    egos = ego_sections(site, docs, network, views)
    if ahead is not None:
        files = ahead.join()[1]
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

    def ready(self) -> bool: ...
    def join(self) -> tuple[Metrics, dict[str, bytes]]: ...


def ahead(site: Site) -> tuple[Metrics, dict[str, bytes]]:
    """The work of `feature` that depends on the site alone, and takes most of its time (the
    build runs it in a second process, beside other features)."""
    return _results(site, build_network(site))


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


# -- views -------------------------------------------------------------------------------------

def node_views(network: Network, metrics: Metrics) -> dict[str, NodeView]:
    graph = network.graph
    views = {}
    for node, data in graph.nodes(data=True):
        is_agency = data["type"] == "agency"
        name = data["name_th"] if is_agency else data["label"] + (
            f" อ.{data['amphoe_th']}" if data["level"] in ("tambon", "village") else "")
        views[node] = NodeView(
            node=node, type=data["type"], label=data["label"], name=name,
            path=agency_path(data["ref"]) if is_agency else area_path(data["ref"]),
            kind_th=KIND_TH.get(data["kind"], data["kind"]),
            level_th=(AGENCY_LEVEL_TH if is_agency else AREA_LEVEL_TH).get(data["level"], ""),
            amphoe_th=data["amphoe_th"], stories=data["stories"], degree=graph.degree(node),
            partners=metrics.partners.get(node, 0), community=metrics.community_of.get(node, 0))
    return views


def html_href(target: str, here: str) -> str:
    """A link from page `here` to page `target` (docs paths) as the built site spells it."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


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
    dots = [_dot(views[n], views[n].stories, "network/network.svg", *positions[n]) for n in order]
    edges = [(index[u], index[v], w) for u, v, w in network.graph.edges(data="weight")]
    return network_svg(dots, edges, LAYOUT_SIZE, "เครือข่ายหน่วยงานและพื้นที่")


def _dot(view: NodeView, weight: int, here: str, x: float = 0.0, y: float = 0.0,
         shared: bool = False) -> Dot:
    about = f"ร่วมกัน {weight} เรื่อง" if shared else f"บันทึก {view.stories} เรื่อง"
    title = f"{view.name}{f' ({view.label})' if view.label != view.name else ''} — {about}"
    return Dot(view.node, view.label, title, view.type, html_href(view.path, here), weight, x, y)


# -- ego networks ------------------------------------------------------------------------------

def ego_sections(site: Site, docs: Docs, network: Network,
                 views: dict[str, NodeView]) -> list[tuple[str, str]]:
    """An ego-network section for the end of every agency page and area page of `docs`:
    (page, section)."""
    sections = []
    for agency_id, agency in site.agencies.items():
        path = agency_path(agency_id)
        if path in docs.pages:
            ego = agency_ego(site, network, views, agency_id, path)
            sections.append((path, ego_section(ego, path, agency.name_th, "agency")))
    within = _area_nodes_within(site, network.graph)
    for area_id, area in site.areas.items():
        path = area_path(area_id)
        if path in docs.pages:
            ego = area_ego(site, network, views, area_id, within.get(area_id, ()), path)
            sections.append((path, ego_section(ego, path, area.label, "area")))
    return sections


def _strongest(weights: dict[str, int], views: dict[str, NodeView]) -> list[str]:
    return sorted(weights, key=lambda n: (-weights[n], views[n].type, views[n].label, n))


def agency_ego(site: Site, network: Network, views: dict[str, NodeView], agency_id: str,
               here: str) -> Ego | None:
    """An agency, the areas named in its stories and the agencies it meets (edge = shared
    stories), and the ties among those neighbours. Areas are counted as the agency page's
    list of areas counts them (`named_places`), so a village is its own neighbour and not
    folded into its tambon as in the whole network."""
    graph, proj = network.graph, network.projection
    node = agency_node(agency_id)
    if node not in graph:
        return None
    weights = named_places(site, site.stories_of(site.by_agency.get(agency_id, ())))
    weights.update({n: d["weight"] for n, d in proj[node].items()})
    if not weights:
        return None
    order = {n: views.get(n) or _area_view(site, n) for n in weights}
    shown = _strongest(weights, order)[:EGO_LIMIT]
    spot = {n: i for i, n in enumerate(shown)}
    ties = sorted({(min(spot[u], spot[v]), max(spot[u], spot[v]), near[v]["weight"])
                   for src in (graph, proj) for u in shown if u in src
                   for near in [src.adj[u]] for v in near if v in spot})  # among those shown
    alters = tuple(_dot(order[n], weights[n], here, shared=True) for n in shown)
    return Ego(_dot(views[node], views[node].stories, here), alters, tuple(ties),
               len(weights) - len(shown))


def named_places(site: Site, stories: list[Story]) -> dict[str, int]:
    """Area node id -> stories naming that very area (the agency page's "พื้นที่ที่ทำงาน")."""
    return dict(Counter(area_node(a) for s in stories for a in s.areas))


def _area_view(site: Site, node: str) -> NodeView:
    """A view of an area the whole network folds away (a village: its tambon stands for it)."""
    area = site.areas[node_ref(node)]
    amphoe = amphoe_of(site, area.id)
    amphoe_th = amphoe.name_th if amphoe else ""
    inner = area.level in ("tambon", "village") and amphoe_th
    return NodeView(node=node, type="area", label=area.label,
                    name=area.label + (f" อ.{amphoe_th}" if inner else ""), path=area_path(area.id),
                    kind_th=KIND_TH["area"], level_th=AREA_LEVEL_TH.get(area.level, ""),
                    amphoe_th=amphoe_th, stories=len(site.by_area.get(area.id, ())), degree=0,
                    partners=0, community=0)


def _area_nodes_within(site: Site, graph: nx.Graph) -> dict[str, tuple[str, ...]]:
    """For every area id, the graph's area nodes that lie in it (itself included); a village
    maps to its tambon's node."""
    within: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        if data["type"] == "area":
            for area in site.area_chain(data["ref"]):
                within[area.id].append(node)
    for area in site.areas.values():
        if area.level == "village" and area.parent in site.areas:
            within[area.id] = list(within.get(area.parent, ()))
    return {k: tuple(v) for k, v in within.items()}


def area_ego(site: Site, network: Network, views: dict[str, NodeView], area_id: str,
             nodes: tuple[str, ...], here: str) -> Ego | None:
    """An area and the agencies named in its stories (edge = stories), with the ties among
    those agencies inside this area."""
    inside = set(site.by_area.get(area_id, ()))
    found: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        near = network.graph.adj[node]  # keys, then values: a view's items() is slow
        for agency in near:
            found[agency] |= inside.intersection(near[agency]["stories"])
    weights = {a: len(s) for a, s in found.items() if s}
    if not weights:
        return None
    shown = _strongest(weights, views)[:EGO_LIMIT]
    spot = {n: i for i, n in enumerate(shown)}
    proj = network.projection
    ties = sorted((spot[u], spot[v], n) for u in shown if u in proj
                  for near in [proj.adj[u]] for v in near if v in spot and spot[u] < spot[v]
                  for n in [len(inside.intersection(near[v]["stories"]))] if n)
    area = site.areas[area_id]
    centre = Dot(area_node(area_id), area.label, f"{area.label} — บันทึก {len(inside)} เรื่อง",
                 "area", html_href(area_path(area_id), here), len(inside))
    alters = tuple(_dot(views[n], weights[n], here, shared=True) for n in shown)
    return Ego(centre, alters, tuple(ties), len(weights) - len(shown))


def ego_section(ego: Ego | None, here: str, name: str, kind: str) -> str:
    """The Markdown section with the ego network (inline SVG, handed to MkDocs as parts: see
    `prerendered.py`) or a note why there is none."""
    link = posixpath.relpath(INDEX, posixpath.dirname(here))
    head = "## เครือข่ายความร่วมมือ { #network }\n\n"
    if ego is None:
        what = "หน่วยงานหรือพื้นที่" if kind == "agency" else "หน่วยงาน"
        return (head + f"*ยังไม่มีบันทึกที่ระบุ{what}ร่วมกับ {name} จึงยังไม่มีเครือข่ายให้แสดง* "
                f"([ดูเครือข่ายทั้งหมด]({link}))\n")
    if kind == "agency":
        intro = (f"หน่วยงาน (วงกลมสีเขียว) และพื้นที่ (สี่เหลี่ยมสีส้ม) ที่อยู่ในบันทึกเดียวกับ {name}; "
                 "ตัวเลขและความหนาของเส้น = จำนวนบันทึกที่มีร่วมกัน นับแบบเดียวกับรายการพื้นที่และหน่วยงานด้านบน "
                 "(หมู่บ้านที่บันทึกระบุจึงแยกจากตำบลของหมู่บ้าน ต่างจากภาพเครือข่ายทั้งหมดที่รวมไว้ในตำบล) "
                 "เส้นจางคือความเชื่อมโยงระหว่างกันเอง")
    else:
        intro = (f"หน่วยงานที่ปรากฏในบันทึกของ {name}; ตัวเลขและความหนาของเส้น = จำนวนบันทึก "
                 "เส้นจางคือหน่วยงานที่ทำงานร่วมกันในพื้นที่นี้")
    more = f" แสดง {len(ego.alters)} อันดับแรกจาก {len(ego.alters) + ego.hidden}" if ego.hidden else ""
    parts: dict[str, str] = {}
    svg = prerendered.hold(parts, f'<figure class="wr-ego">{ego_svg(ego, f"เครือข่ายของ {name}")}</figure>')
    phone = prerendered.hold(parts, f'<figure class="wr-ego-phone">'
                                    f'{ego_phone_svg(ego, f"เครือข่ายของ {name}")}</figure>')
    return prerendered.attach(head + f"{intro}{more} ([ดูเครือข่ายทั้งหมด]({link}))\n\n"
                              f"{svg.strip()}\n\n{phone.strip()}\n", parts)
