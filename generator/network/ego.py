"""Ego networks: on every agency and area page, the node and its strongest neighbours."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .graph import Network, agency_node, area_node, amphoe_of, node_ref
from .svg import Dot, Ego, ego_phone_svg, ego_svg
from .views import INDEX, KIND_TH, NodeView, dot
from .. import prerendered
from ..body import heading_html
from ..model import AREA_LEVEL_TH, Story
from ..pages import Docs
from ..paths import agency_path, area_path, html_href
from ..site import Site

if TYPE_CHECKING:
    import networkx as nx

EGO_LIMIT = 24  # neighbours drawn on an ego network; the page lists them all
KEPT_LIMIT = 4096  # sections `keep_sections()` remembers before it starts afresh

_kept: dict[tuple, str] | None = None


def keep_sections() -> None:
    """Remember each ego section by what it is drawn from, for the life of the process:
    `wongrian serve` runs the features again after every save (in forked children, which
    inherit what its first run drew), and an edit changes few of the egos."""
    global _kept
    if _kept is None:
        _kept = {}


def kept_sections() -> dict[tuple, str] | None:
    """What `keep_sections()` remembers in this process (None: it is off)."""
    return _kept


def keep(sections: dict[tuple, str] | None) -> None:
    """Remember the sections a forked copy drew (its `kept_sections()`), where this process
    remembers sections."""
    if _kept is not None and sections:
        if len(_kept) + len(sections) > KEPT_LIMIT:
            _kept.clear()
        _kept.update(sections)


def ego_sections(site: Site, docs: Docs, network: Network,
                 views: dict[str, NodeView]) -> list[tuple[str, str]]:
    """An ego-network section for the end of every agency page and area page of `docs`:
    (page, section)."""
    sections = []
    for agency_id, agency in site.agencies.items():
        path = agency_path(agency_id)
        if path in docs.pages:
            ego = agency_ego(site, network, views, agency_id, path)
            sections.append((path, _section(ego, path, agency.label,
                                            "template" if agency.placeholder else "agency")))
    within = _area_nodes_within(site, network.graph)
    for area_id, area in site.areas.items():
        path = area_path(area_id)
        if path in docs.pages:
            ego = area_ego(site, network, views, area_id, within.get(area_id, ()), path)
            sections.append((path, _section(ego, path, area.label, "area")))
    return sections


def _section(ego: Ego | None, here: str, name: str, kind: str) -> str:
    """`ego_section`, from what `keep_sections()` remembers where it is on."""
    if _kept is None:
        return ego_section(ego, here, name, kind)
    key = (ego, here, name, kind)
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= KEPT_LIMIT:
            _kept.clear()
        found = _kept[key] = ego_section(ego, here, name, kind)
    return found


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
    alters = tuple(dot(order[n], weights[n], here, shared=True) for n in shown)
    return Ego(dot(views[node], views[node].stories, here), alters, tuple(ties),
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
    alters = tuple(dot(views[n], weights[n], here, shared=True) for n in shown)
    return Ego(centre, alters, tuple(ties), len(weights) - len(shown))


def ego_section(ego: Ego | None, here: str, name: str, kind: str) -> str:
    """The section with the ego network (inline SVG) or a note why there is none, as HTML
    handed to MkDocs as one part (see `prerendered.py`). `name` comes from the registry: it
    is escaped here, never read as Markdown or HTML."""
    more = (f' (<a href="{html.escape(html_href(INDEX, here))}">ดูเครือข่ายทั้งหมด</a>)')
    head = heading_html(2, "network", "เครือข่ายความร่วมมือ")
    shown = html.escape(name, quote=False)
    if ego is None and kind == "template":  # "อบต. (แต่ละตำบล)": each one has its own
        text = (f"<p><em>{shown} เป็นประเภทหน่วยงาน เครือข่ายแสดงอยู่ที่หน้าของหน่วยงานในแต่ละพื้นที่ "
                f"(รายการด้านบน)</em>{more}</p>")
    elif ego is None:
        what = "หน่วยงานหรือพื้นที่" if kind == "agency" else "หน่วยงาน"
        text = f"<p><em>ยังไม่มีบันทึกที่ระบุ{what}ร่วมกับ {shown} จึงยังไม่มีเครือข่ายให้แสดง</em>{more}</p>"
    else:
        if kind != "area":
            intro = (f"หน่วยงาน (วงกลมสีเขียว) และพื้นที่ (สี่เหลี่ยมสีส้ม) ที่อยู่ในบันทึกเดียวกับ {shown}; "
                     "ตัวเลขและความหนาของเส้น = จำนวนบันทึกที่มีร่วมกัน นับแบบเดียวกับรายการพื้นที่และหน่วยงานด้านบน "
                     "(หมู่บ้านที่บันทึกระบุจึงแยกจากตำบลของหมู่บ้าน ต่างจากภาพเครือข่ายทั้งหมดที่รวมไว้ในตำบล) "
                     "เส้นจางคือความเชื่อมโยงระหว่างกันเอง")
        else:
            intro = (f"หน่วยงานที่ปรากฏในบันทึกของ {shown}; ตัวเลขและความหนาของเส้น = จำนวนบันทึก "
                     "เส้นจางคือหน่วยงานที่ทำงานร่วมกันในพื้นที่นี้")
        hidden = f" แสดง {len(ego.alters)} อันดับแรกจาก {len(ego.alters) + ego.hidden}" if ego.hidden else ""
        text = (f"<p>{intro}{hidden}{more}</p>\n"
                f'<figure class="wr-ego">{ego_svg(ego, f"เครือข่ายของ {name}")}</figure>\n'
                f'<figure class="wr-ego-phone">{ego_phone_svg(ego, f"เครือข่ายของ {name}")}</figure>')
    parts: dict[str, str] = {}
    return prerendered.attach(prerendered.hold(parts, f"{head}\n{text}"), parts)
