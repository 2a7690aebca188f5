"""What the network's pages show about each node, and links between pages."""

from __future__ import annotations

from dataclasses import dataclass

from .graph import Network
from .metrics import Metrics
from .svg import Dot
from ..model import AGENCY_LEVEL_TH, AREA_LEVEL_TH
from ..paths import agency_path, area_path, html_href

INDEX = "network/index.md"  # the whole network's page
KIND_TH = {
    "ministry": "กระทรวง", "department": "กรม", "provincial_office": "สำนักงานระดับจังหวัด",
    "district_office": "สำนักงานระดับอำเภอ", "local_government": "องค์กรปกครองส่วนท้องถิ่น",
    "hospital": "โรงพยาบาล", "university": "มหาวิทยาลัย", "public_org": "องค์การมหาชน",
    "state_fund": "กองทุนและแหล่งทุนของรัฐ", "foundation": "มูลนิธิ", "network": "เครือข่าย",
    "unit": "หน่วยงานอื่น", "area": "พื้นที่",
}


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


def dot(view: NodeView, weight: int, here: str, x: float = 0.0, y: float = 0.0,
         shared: bool = False) -> Dot:
    about = f"ร่วมกัน {weight} เรื่อง" if shared else f"บันทึก {view.stories} เรื่อง"
    title = f"{view.name}{f' ({view.label})' if view.label != view.name else ''} — {about}"
    return Dot(view.node, view.label, title, view.type, html_href(view.path, here), weight, x, y)
