"""The network graph on a small hand-checked site: nodes, weights, metrics, layout, exports.

The fixture (years are BE):
  s1 2549  พช.อำเภอเมือง, อบต.ท่าซัก           ต.ท่าซัก
  s2 2550  พช.อำเภอเมือง, อบต.ท่าซัก, กศน.อำเภอเมือง   หมู่ 3 ต.ท่าซัก (folds into ต.ท่าซัก)
  s3 2550  มวล., พช.อำเภอเมือง                  ต.ไม้เรียง
  s4 2551  มวล., ธ.ก.ส.                         ต.ไม้เรียง
  s5 2551  ธ.ก.ส.                               อ.เมือง + ต.ท่าซัก (the amphoe is dropped)
  s6 2551  มวล.                                 ต.กลาย
  s7 2551  (no agencies, no areas)
  s8 2551  สสจ.  ต.ไม้เรียง  — a draft: not in the graph
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from generator.network import export as net_export, graph as net_graph
from generator.network import layout as net_layout, metrics as net_metrics
from generator.build import check_project, make_site
from tests.conftest import story_text

CDD, SAO, DOLE = "agency:cdd_amphoe-8001", "agency:sao-800121", "agency:dole_amphoe-8001"
MWL, BAAC = "agency:walailak", "agency:baac"
THA_SAK, MAI_RIANG, KLAI = "area:800121", "area:800405", "area:800802"

STORIES = {
    "s1": ("2006-08-22", ["พช.อำเภอเมือง", "อบต.ท่าซัก"], ["ต.ท่าซัก อ.เมือง"]),
    "s2": ("2007-03-10", ["พช.อำเภอเมือง", "อบต.ท่าซัก", "กศน.อำเภอเมือง"], ["หมู่ 3 ต.ท่าซัก อ.เมือง"]),
    "s3": ("2007-06-01", ["มวล.", "พช.อำเภอเมือง"], ["ต.ไม้เรียง อ.ฉวาง"]),
    "s4": ("2008-01-15", ["มวล.", "ธ.ก.ส."], ["ต.ไม้เรียง อ.ฉวาง"]),
    "s5": ("2008-05-09", ["ธ.ก.ส."], ["อ.เมือง", "ต.ท่าซัก อ.เมือง"]),
    "s6": ("2008-07-01", ["มวล."], ["ต.กลาย อ.ท่าศาลา"]),
    "s7": ("2008-08-01", [], []),
}


def story_files(stories: dict) -> dict[str, str]:
    files = {}
    for slug, (date, agencies, areas) in stories.items():
        files[f"content/stories/{date[:4]}/{date}-{slug}.md"] = story_text(
            title=f"เรื่อง {slug}", date=date, agencies=agencies, areas=areas)
    return files


@pytest.fixture
def fixture_site(tmp_site):
    files = story_files(STORIES)
    files["content/stories/2008/2008-09-01-s8.md"] = story_text(
        title="ร่าง", date="2008-09-01", agencies=["สสจ."], areas=["ต.ไม้เรียง อ.ฉวาง"], draft="true")
    return make_site(check_project(tmp_site(files)))


@pytest.fixture
def network(fixture_site):
    return net_graph.build_network(fixture_site)


@pytest.fixture
def metrics(network):
    return net_metrics.compute_metrics(network)


def story_id(site, slug):
    return next(s.id for s in site.stories if s.source.endswith(f"-{slug}.md"))


def test_nodes_are_concrete_agencies_and_tambons(network):
    graph = network.graph
    assert sorted(graph) == sorted([CDD, SAO, DOLE, MWL, BAAC, THA_SAK, MAI_RIANG, KLAI])
    assert "agency:ppho" not in graph          # named only in a draft
    assert "area:8001" not in graph            # named only next to a tambon inside it
    tha_sak = graph.nodes[THA_SAK]
    assert (tha_sak["type"], tha_sak["level"], tha_sak["amphoe"], tha_sak["stories"]) == \
        ("area", "tambon", "8001", 3)
    sao = graph.nodes[SAO]
    assert (sao["name_th"], sao["abbr_th"], sao["kind"], sao["level"], sao["area"]) == \
        ("องค์การบริหารส่วนตำบลท่าซัก", "อบต.ท่าซัก", "local_government", "tambon", "800121")
    assert sao["template"] == "sao" and sao["amphoe_th"] == "เมืองนครศรีธรรมราช"
    assert graph.nodes[CDD]["parent"] == "cdd_province"
    assert graph.nodes[CDD]["stories"] == 3 and graph.nodes[MWL]["years"] == {2550: 1, 2551: 2}


def test_agency_area_edges_have_weights_years_and_evidence(fixture_site, network):
    graph = network.graph
    weights = {tuple(sorted((u, v))): w for u, v, w in graph.edges(data="weight")}
    assert weights == {
        (CDD, THA_SAK): 2, (SAO, THA_SAK): 2, (DOLE, THA_SAK): 1, (BAAC, THA_SAK): 1,
        (CDD, MAI_RIANG): 1, (MWL, MAI_RIANG): 2, (BAAC, MAI_RIANG): 1, (MWL, KLAI): 1,
    }
    edge = graph.edges[CDD, THA_SAK]
    assert (edge["first_year"], edge["last_year"], edge["relation"]) == (2549, 2550, "agency-area")
    assert edge["stories"] == tuple(sorted(story_id(fixture_site, s) for s in ("s1", "s2")))


def test_projection_counts_shared_stories(network):
    proj = network.projection
    weights = {tuple(sorted((u, v))): w for u, v, w in proj.edges(data="weight")}
    assert weights == {(CDD, SAO): 2, (CDD, DOLE): 1, (DOLE, SAO): 1, (CDD, MWL): 1,
                       (BAAC, MWL): 1}
    assert proj.edges[CDD, SAO]["years"] == {2549: 1, 2550: 1}


def test_degrees_and_betweenness_order(metrics):
    assert metrics.partners == {BAAC: 1, CDD: 3, DOLE: 2, MWL: 2, SAO: 2}
    assert metrics.areas_reached == {BAAC: 2, CDD: 2, DOLE: 1, MWL: 2, SAO: 1}
    assert metrics.strength[CDD] == 4
    # cdd lies on the only paths between {sao, dole} and {walailak, baac}: 4 of 6 pairs;
    # walailak on the paths from baac to the three others: 3 of 6.
    assert metrics.betweenness[CDD] == pytest.approx(4 / 6, abs=1e-6)
    assert metrics.betweenness[MWL] == pytest.approx(3 / 6, abs=1e-6)
    assert metrics.betweenness[SAO] == metrics.betweenness[DOLE] == metrics.betweenness[BAAC] == 0


def test_communities_gaps_and_isolates(metrics):
    assert metrics.communities == ((CDD, DOLE, SAO), (BAAC, MWL))
    assert metrics.community_of[THA_SAK] == 1 and metrics.community_of[KLAI] == 2
    assert metrics.lone_tambons == ((KLAI, MWL),)
    assert metrics.isolated_agencies == ()
    assert metrics.never_met == ((BAAC, CDD), (BAAC, DOLE), (BAAC, SAO), (DOLE, MWL), (SAO, MWL))


def test_growth_per_year(metrics):
    rows = [(y.year, y.stories, len(y.new_area_ties), len(y.new_partner_ties), y.total_area_ties,
             y.total_partner_ties) for y in metrics.growth]
    assert rows == [(2549, 1, 2, 1, 2, 1), (2550, 2, 3, 3, 5, 4), (2551, 3, 3, 1, 8, 5)]
    assert metrics.growth[2].new_partner_ties == ((BAAC, MWL),)
    assert metrics.growth[0].agencies == 2 and metrics.growth[2].areas == 3


def test_layout_is_deterministic_and_inside_the_square(network):
    first, second = net_layout.layout(network), net_layout.layout(network)
    assert first == second and set(first) == set(network.graph)
    assert all(0 <= x <= net_layout.LAYOUT_SIZE and 0 <= y <= net_layout.LAYOUT_SIZE for x, y in first.values())
    assert len(set(first.values())) == len(first)  # no two nodes on the same spot


def exported(network, metrics):
    return net_export.export_graph(network, metrics, net_layout.layout(network))


def test_graphml_and_gexf_parse_back_with_all_attributes(network, metrics, tmp_path):
    export = exported(network, metrics)
    for name, data, read in (("x.graphml", net_export.to_graphml(export), nx.read_graphml),
                             ("x.gexf", net_export.to_gexf(export), nx.read_gexf)):
        (tmp_path / name).write_bytes(data)
        back = read(tmp_path / name)
        assert sorted(back) == sorted(export), name
        assert back.number_of_edges() == export.number_of_edges() == 13
        node = back.nodes[SAO]
        assert node["name_th"] == "องค์การบริหารส่วนตำบลท่าซัก" and node["label"] == "อบต.ท่าซัก"
        assert int(node["stories"]) == 2 and node["years"] == "2549:1 2550:1"
        assert float(node["betweenness"]) == 0 and int(node["community"]) == 1
        edge = back.edges[CDD, THA_SAK]
        assert edge["relation"] == "agency-area" and float(edge["weight"]) == 2
        assert len(edge["stories"].split()) == 2 and int(edge["first_year"]) == 2549
    assert b"lastmodifieddate" not in net_export.to_gexf(export)


def test_node_link_json_and_csv(network, metrics):
    export = exported(network, metrics)
    text = net_export.to_node_link_json(export).decode("utf-8")
    back = nx.node_link_graph(json.loads(text), edges="edges")
    assert dict(back.nodes(data=True)) == dict(export.nodes(data=True))
    assert json.loads(text) == nx.node_link_data(export, edges="edges")
    lines = text.splitlines()  # readable: a line per node and per edge
    assert len(lines) == export.number_of_nodes() + export.number_of_edges() + 9
    assert "ต.ท่าซัก" in text  # Thai as it is, not \\u escapes
    assert back.edges[MWL, BAAC]["relation"] == "agency-agency"
    nodes_csv = net_export.to_csv_nodes(export)
    assert nodes_csv.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(nodes_csv.decode("utf-8-sig"))))
    assert len(rows) == 8 and tuple(rows[0]) == net_export.NODE_COLUMNS
    assert next(r for r in rows if r["id"] == THA_SAK)["label"] == "ต.ท่าซัก"
    edges = list(csv.DictReader(io.StringIO(net_export.to_csv_edges(export).decode("utf-8-sig"))))
    assert len(edges) == 13
    assert {(e["source_label"], e["target_label"]) for e in edges if e["target"] == KLAI} == \
        {("มวล.", "ต.กลาย")}


def test_exports_are_byte_identical_between_builds(fixture_site):
    def all_bytes():
        net = net_graph.build_network(fixture_site)
        export = exported(net, net_metrics.compute_metrics(net))
        return [f(export) for f in (net_export.to_graphml, net_export.to_gexf, net_export.to_node_link_json,
                                    net_export.to_csv_nodes, net_export.to_csv_edges)]
    assert all_bytes() == all_bytes()


def test_empty_site_gives_an_empty_network(tmp_site):
    site = make_site(check_project(tmp_site()))
    network = net_graph.build_network(site)
    metrics = net_metrics.compute_metrics(network)
    assert network.graph.number_of_nodes() == 0 and network.years == ()
    assert metrics.communities == () and metrics.growth == () and net_layout.layout(network) == {}
    export = exported(network, metrics)
    assert nx.read_graphml(io.BytesIO(net_export.to_graphml(export))).number_of_nodes() == 0


def test_single_isolated_agency(tmp_site):
    files = story_files({"a": ("2008-01-01", ["มวล."], [])})
    network = net_graph.build_network(make_site(check_project(tmp_site(files))))
    metrics = net_metrics.compute_metrics(network)
    assert list(network.graph) == [MWL] and network.graph.number_of_edges() == 0
    assert metrics.isolated_agencies == (MWL,) and metrics.communities == ((MWL,),)
    assert metrics.betweenness == {MWL: 0.0}
    assert net_layout.layout(network) == {MWL: (net_layout.LAYOUT_SIZE / 2, net_layout.LAYOUT_SIZE / 2)}


LAYOUT_SCRIPT = """
import networkx as nx
from generator.network import graph as net_graph, layout as net_layout
big, small = nx.Graph(), nx.Graph()
for i in range(12):
    big.add_node(f"agency:a{i:02d}", type="agency")
for n in ("area:1", "area:2", "agency:z1", "agency:z2"):
    big.add_node(n, type="area" if n.startswith("area") else "agency")
for i in range(12):
    big.add_edge(f"agency:a{i:02d}", f"agency:a{(i + 1) % 12:02d}", weight=1 + i % 3)
big.add_edge("agency:z1", "area:1", weight=2)
big.add_edge("agency:z2", "area:2", weight=1)
big.add_edge("agency:z1", "area:2", weight=1)
print(sorted(net_layout.layout(net_graph.Network(big, small, (), {})).items()))
"""


def test_layout_does_not_depend_on_the_hash_seed():
    """Two processes with different PYTHONHASHSEEDs lay out the same graph identically."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    outputs = {subprocess.run([sys.executable, "-c", LAYOUT_SCRIPT], capture_output=True,
                              text=True, check=True, cwd=root,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def _dense_spread(xy, gap, rounds):
    """The spread as first written: every pair of nodes, every round (O(n²) memory)."""
    import numpy as np

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


def test_spread_pushes_close_nodes_apart_as_the_all_pairs_version_did():
    import numpy as np

    rng = np.random.default_rng(7)
    xy = rng.random((300, 2)) * 6  # crowded: many pairs closer than the gap
    xy[5] = xy[6]                  # and two on the same spot (they stay: no direction to push)
    for rounds in (1, 5, 60):
        assert np.allclose(net_layout._spread(xy, rounds=rounds),
                           _dense_spread(xy, net_layout.MIN_GAP, rounds), atol=1e-9, rtol=0)
    spread = net_layout._spread(xy)
    close = lambda p: (np.sqrt(((p[:, None] - p[None]) ** 2).sum(-1)) + np.eye(len(p)) * 9  # noqa: E731
                       < net_layout.MIN_GAP * 0.5).sum()
    assert close(spread) < close(xy) / 5


@pytest.mark.parametrize("seed", range(12))
def test_close_pairs_are_the_pairs_a_kd_tree_finds(seed):
    """`close_pairs` (no scipy.spatial import in the network's process) against scipy's
    k-d tree: spread-out, crowded and piled-up points, at the gap and on it."""
    import numpy as np
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed)
    nodes = int(rng.integers(1, 700))
    xy = rng.random((nodes, 2)) * np.sqrt(nodes) * [0.1, 1.0, 4.0][seed % 3]
    if seed % 4 == 0:
        xy[: nodes // 2] = xy[0]                        # many on one spot
    if nodes > 1:
        xy[-1] = xy[0] + [net_layout.MIN_GAP, 0.0]      # on the gap: both must agree
    got = net_layout.close_pairs(xy, net_layout.MIN_GAP)
    expected = cKDTree(xy).query_pairs(net_layout.MIN_GAP, output_type="ndarray")
    assert sorted(map(tuple, got.tolist())) == sorted(map(tuple, expected.tolist()))
    assert got.tolist() == sorted(got.tolist())         # in order: sums are the same each build
    assert all(i < j for i, j in got.tolist())


def _weighted_random_graph(nodes: int, p: float, seed: int) -> nx.Graph:
    graph = nx.gnp_random_graph(nodes, p, seed=seed)
    for u, v in graph.edges:
        graph[u][v]["weight"] = 1.0 + (u * v) % 5
    return graph


@pytest.mark.parametrize("nodes", [260, 499])
def test_force_layout_is_networkx_spring_layout_below_500_nodes(nodes):
    import numpy as np

    graph = _weighted_random_graph(nodes, 4.0 / nodes, seed=nodes)
    expected = nx.spring_layout(graph, weight="weight", seed=42, iterations=120, method="force")
    got = net_layout.force_layout(graph, 42)
    assert list(got) == list(expected)
    assert all(np.array_equal(got[n], expected[n]) for n in graph)


def test_force_layout_stays_dense_from_500_nodes():
    """networkx's sparse version (from 500 nodes) loops over rows in Python: the same dense
    algorithm is used up to DENSE_LIMIT, deterministic, in networkx's [-1, 1] square."""
    import numpy as np

    graph = _weighted_random_graph(520, 4.0 / 520, seed=1)
    first, again = net_layout.force_layout(graph, 42), net_layout.force_layout(graph, 42)
    assert all(np.array_equal(first[n], again[n]) for n in graph)
    values = np.array(list(first.values()))
    assert np.isfinite(values).all() and np.abs(values).max() == pytest.approx(1.0)
    assert len({tuple(np.round(v, 6)) for v in values}) == 520  # no two nodes on one spot
