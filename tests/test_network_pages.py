"""The network pages, ego-network SVGs and downloads (on the graph fixture and the sample site)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.network import pages as network_pages
from generator.build import build, check_project, make_site
from generator.pages import render_docs
from tests.conftest import story_text
from tests.test_graph import BAAC, CDD, DOLE, MWL, SAO, STORIES, THA_SAK, story_files

SVG = "{http://www.w3.org/2000/svg}"


def docs_for(site):
    """The docs tree with the network feature, each page with its parts in place (as MkDocs
    puts them back: `prerendered.py`)."""
    from generator import prerendered

    docs = render_docs(site)
    network_pages.feature(site, docs)
    docs.pages.update({path: prerendered.restore(*prerendered.detach(text))
                       for path, text in docs.pages.items()})
    return docs


@pytest.fixture
def docs(tmp_site):
    return docs_for(make_site(check_project(tmp_site(story_files(STORIES)))))


def table_rows(html: str) -> list[list[str]]:
    """The cells of each body row of the HTML tables in `html` (their inner HTML)."""
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for row in re.findall(r"<tr>\n(<td.*?)</tr>", html, re.S)]


def ego_nodes(page: str) -> list[str]:
    """The data-node ids in the one inline SVG of a page; the SVG must be well-formed XML."""
    found = re.findall(r'<figure class="wr-ego">(<svg .*?</svg>)</figure>', page, re.S)
    assert len(found) == 1
    root = ET.fromstring(found[0])
    return [a.get("data-node") for a in root.iter(f"{SVG}a")]


def test_feature_adds_pages_files_nav_and_css(docs):
    assert {"network/index.md", "network/metrics.md", "network/growth.md"} <= set(docs.pages)
    assert {"network/graph-data.js", "network/network.svg", "network/wongrian-network.graphml",
            "network/wongrian-network.gexf", "network/wongrian-network.json", "network/nodes.csv",
            "network/edges.csv"} <= set(docs.files)
    assert {"เครือข่าย": "network/index.md"} in docs.nav
    assert "assets/network/network.css" in docs.css
    assert docs.files["network/edges.csv"].startswith("\ufeff".encode("utf-8"))


def test_graph_data_script_sets_a_global(docs):
    text = docs.files["network/graph-data.js"].decode("utf-8")
    assert text.startswith("window.WR_NETWORK = ") and text.endswith(";\n")
    data = json.loads(text[len("window.WR_NETWORK = "):-2])
    assert len(data["nodes"]) == 8 and len(data["edges"]) == 8 and len(data["links"]) == 5
    assert data["years"] == [2549, 2550, 2551]
    sao = next(n for n in data["nodes"] if n["id"] == SAO)
    assert sao["url"] == "../agency/sao-800121.html" and sao["yr"] == [2549, 1, 2550, 1]
    assert "อบต.ท่าซัก" in sao["q"] and sao["label"] == "อบต.ท่าซัก"
    assert ["8001", "อ.เมืองนครศรีธรรมราช"] in data["filters"]["amphoe"]
    assert ["local_government", "องค์กรปกครองส่วนท้องถิ่น"] in data["filters"]["kind"]


def test_agency_page_gets_its_ego_network(docs):
    page = docs.pages["agency/sao-800121.md"]
    assert '<h2 id="network">เครือข่ายความร่วมมือ<a class="headerlink" href="#network"' in page
    nodes = ego_nodes(page)
    # itself and one step out; the village s2 names is its own neighbour, as in the list of areas
    assert sorted(nodes) == sorted([SAO, THA_SAK, "area:80012103", CDD, DOLE])
    assert 'href="../area/800121.html"' in page and "ต.ท่าซัก · 1" in page and "หมู่ 3 · 1" in page


def test_area_pages_get_ego_networks_tambon_and_amphoe(docs):
    assert sorted(ego_nodes(docs.pages["area/800121.md"])) == sorted(
        ["area:800121", CDD, SAO, DOLE, BAAC])
    # the amphoe gathers its tambons' stories: s1, s2 and s5
    assert sorted(ego_nodes(docs.pages["area/8001.md"])) == sorted(
        ["area:8001", CDD, SAO, DOLE, BAAC])
    assert "พช.อำเภอเมืองนครศรีธรรมราช · 2" in docs.pages["area/8001.md"]


def test_pages_without_a_network_say_so(docs):
    assert "ยังไม่มีบันทึกที่ระบุหน่วยงานหรือพื้นที่ร่วมกับ กระทรวงมหาดไทย" in docs.pages["agency/moi.md"]
    assert "<svg" not in docs.pages["agency/moi.md"]
    assert "ยังไม่มีบันทึกที่ระบุหน่วยงานร่วมกับ ต.ท่าวัง" in docs.pages["area/800102.md"]


def test_whole_network_svg_has_a_node_per_entity(docs):
    root = ET.fromstring(docs.files["network/network.svg"])
    nodes = [a.get("data-node") for a in root.iter(f"{SVG}a")]
    assert sorted(nodes) == sorted([CDD, SAO, DOLE, MWL, BAAC, THA_SAK, "area:800405",
                                    "area:800802"])


def test_network_page_lists_every_node_and_loads_local_scripts(docs):
    page = docs.pages["network/index.md"]
    assert page.count("<tr data-node=") == 8
    assert "| พื้นที่ (ในจำนวนนี้เป็นตำบล 3 แห่ง) | 3 แห่ง |" in page  # อบต. units are not tambons
    # the graph's scripts are loaded by netload.js when the graph is wanted (not on a phone)
    assert '<script src="../assets/network/netload.js"></script>' in page
    assert ('data-scripts="../assets/network/cytoscape.min.js graph-data.js '
            '../assets/network/network.js ../assets/network/netkeys.js"') in page
    assert '<script src="../assets/network/cytoscape.min.js"></script>' not in page
    assert "http" not in "".join(re.findall(r'<script src="([^"]+)"', page))
    assert "บันทึก 1 เรื่องไม่ได้ระบุหน่วยงานหรือพื้นที่" in page  # s7
    assert '<img class="wr-net-static" src="network.svg"' in page   # the no-JavaScript picture


def test_metrics_page_explains_and_ranks(docs):
    page = docs.pages["network/metrics.md"]
    for words in ("ตัวเชื่อม", "**ความหมาย:**", "กลุ่มความร่วมมือ", "ตำบลที่มีหน่วยงานเดียวเข้าถึง",
                  "หน่วยงานที่ไม่เคยพบกัน"):
        assert words in page
    brokers = table_rows(page.split("{ #brokers }")[1].split("{ #communities }")[0])
    assert "cdd_amphoe-8001" in brokers[0][0] and "walailak" in brokers[1][0] and len(brokers) == 2
    assert brokers[0][1:] == ["0.667", "1"]
    lone = page.split("{ #lone-tambons }")[1]
    assert '<a href="../area/800802.html">ต.กลาย</a>' in lone and "(มวล.)" in lone
    for section in ("most-connected", "communities", "never-met"):  # each a table with rows
        assert table_rows(page.split(f"{{ #{section} }}")[1].split("\n## ")[0]), section


def test_growth_page_counts_new_ties(docs):
    page = docs.pages["network/growth.md"]
    assert ['<a href="#y2550">2550</a>', "2", "4", "2", "3", "3", "5", "4"] in table_rows(page)
    assert "## พ.ศ. 2551 { #y2551 }" in page
    assert "หน่วยงานที่ได้ทำงานร่วมกันเป็นครั้งแรก** (1 คู่)" in page


def test_empty_site_builds_and_explains_in_thai(tmp_site, tmp_path):
    root = tmp_site()
    result = build(root, tmp_path / "out")
    html = (result.out_dir / "network" / "index.html").read_text(encoding="utf-8")
    assert "ยังไม่มีบันทึกที่เผยแพร่ จึงยังไม่มีเครือข่ายให้แสดง" in html
    assert 'id="wr-graph"' not in html and "cytoscape" not in html
    assert (result.out_dir / "network" / "wongrian-network.graphml").exists()


def test_single_isolated_node_and_storyless_references(tmp_site):
    files = story_files({"a": ("2008-01-01", ["มวล."], [])})
    docs = docs_for(make_site(check_project(tmp_site(files))))
    assert "เครือข่ายนี้ยังมีเพียงจุดเดียว" in docs.pages["network/index.md"]
    assert "ยังไม่มีบันทึกที่ระบุหน่วยงานหรือพื้นที่ร่วมกับ มหาวิทยาลัยวลัยลักษณ์" in \
        docs.pages["agency/walailak.md"]


def test_stories_naming_nothing(tmp_site):
    files = {"content/stories/2008/2008-01-01-a.md": story_text(agencies=[], areas=[])}
    docs = docs_for(make_site(check_project(tmp_site(files))))
    assert "ยังไม่มีเรื่องใดระบุหน่วยงานหรือพื้นที่" in docs.pages["network/index.md"]
    assert "<script" not in docs.pages["network/index.md"]


def test_sample_site_network_html(sample_site):
    out = sample_site.out_dir
    html = HTMLParser((out / "network" / "index.html").read_text(encoding="utf-8"))
    assert html.css_first("#wr-graph") is not None and html.css_first("#wr-amphoe") is not None
    assert len(html.css("#wr-node-list tr[data-node]")) > 50
    assert any(a.text(strip=True) == "เครือข่าย" for a in html.css(".md-tabs a"))
    assert (out / "assets" / "network" / "cytoscape.min.js").exists()
    assert (out / "assets" / "network" / "LICENSE-cytoscape.txt").exists()
    agency = HTMLParser((out / "agency" / "sao-800121.html").read_text(encoding="utf-8"))
    svg = agency.css_first("figure.wr-ego svg.wr-ego-svg")
    assert svg is not None and len(svg.css("a[data-node]")) > 3
    ET.fromstring(svg.html)  # still well-formed after Markdown


LISTS_ABOVE = {"agency": ("areas", "partners"), "area": ("agencies",)}


def listed_counts(html, ids: tuple[str, ...]) -> dict[str, int]:
    """Link target -> story count, from the page's lists under the headings `ids`."""
    found = {}
    for heading in ids:
        items = html.css(f"h2#{heading} + ul > li")
        for li in items:
            found[li.css_first("a").attributes["href"]] = int(re.search(r"(\d+) เรื่อง", li.text())[1])
    return found


def drawn_counts(svg) -> dict[str, int]:
    """Link target -> story count, from an ego drawing's neighbours ("label · n")."""
    return {a.attributes["href"]: int(a.css_first("text").text().rsplit(" · ", 1)[1])
            for a in svg.css("a[data-node]") if "wr-centre" not in a.attributes["class"]}


@pytest.mark.parametrize("kind", sorted(LISTS_ABOVE))
def test_sample_site_ego_counts_agree_with_the_lists_above(sample_site, kind):
    """The ego drawing counts what the page's lists count (issue 12: ต.ท่าซัก · 6 on the
    drawing against 5 stories + หมู่ 5 · 1 in the list): the same neighbours, the same
    numbers, and the drawing says how many it leaves out."""
    checked = 0
    for path in sorted((sample_site.out_dir / kind).glob("*.html")):
        html = HTMLParser(path.read_text(encoding="utf-8"))
        svg, phone = html.css_first("figure.wr-ego svg"), html.css_first("figure.wr-ego-phone svg")
        if svg is None:
            continue
        listed, drawn = listed_counts(html, LISTS_ABOVE[kind]), drawn_counts(svg)
        assert drawn and drawn == {k: listed.get(k) for k in drawn}, path.name
        assert drawn_counts(phone) == drawn, path.name
        section = html.css_first("h2#network + p").text()
        if len(drawn) < len(listed):
            assert f"อันดับแรกจาก {len(listed)}" in section, path.name
        else:
            assert len(drawn) == len(listed), path.name
        checked += 1
    assert checked >= 10


def test_graph_work_done_elsewhere_gives_the_same_docs(tmp_site, monkeypatch):
    """With `ahead` running in a second process (the graph's results and the ego networks),
    the feature takes what it made: the same docs tree as when it does everything itself. The
    ego sections the copy drew are kept where this process keeps them (`wongrian serve`)."""
    from generator.network import ego

    site = make_site(check_project(tmp_site(story_files(STORIES))))
    alone = render_docs(site)
    network_pages.feature(site, alone)
    joined = []
    monkeypatch.setattr(ego, "_kept", None)

    class Pending:
        def join(self):
            joined.append(1)
            with monkeypatch.context() as copy:  # the copy keeps sections of its own
                copy.setattr(ego, "_kept", {})
                return network_pages.ahead(site, before)

    shared = render_docs(site)
    before = render_docs(site)
    network_pages.feature(site, shared, Pending())
    assert joined == [1] and ego.kept_sections() is None
    assert shared.pages == alone.pages and list(shared.pages) == list(alone.pages)
    assert shared.files == alone.files and list(shared.files) == list(alone.files)
    assert (shared.nav, shared.css, shared.js) == (alone.nav, alone.css, alone.js)
    ego.keep_sections()
    network_pages.feature(site, render_docs(site), Pending())
    from generator.paths import agency_path, area_path

    pages = sum(agency_path(a) in before.pages for a in site.agencies) + \
        sum(area_path(a) in before.pages for a in site.areas)
    assert len(ego.kept_sections()) == pages > 10  # one section per agency and area page


def test_kept_ego_sections_equal_drawn_ones_and_are_not_drawn_again(tmp_site, monkeypatch):
    from dataclasses import replace

    from generator.network import ego

    checked = check_project(tmp_site(story_files(STORIES)))
    site = make_site(checked)
    drawn = docs_for(site).pages
    monkeypatch.setattr(ego, "_kept", None)
    ego.keep_sections()
    assert docs_for(site).pages == drawn
    calls = []
    monkeypatch.setattr(ego, "ego_svg", lambda *a: calls.append(a) or "")
    assert docs_for(site).pages == drawn and calls == []  # every ego from what was kept
    gone = next(s for s in checked.stories if s.agencies)
    docs_for(make_site(replace(checked, stories=[s for s in checked.stories if s is not gone])))
    assert 0 < len(calls) < len(drawn)  # the egos it changed are drawn, and only those


def test_the_ego_drawing_is_widened_so_that_no_long_name_is_cut():
    from generator.network.svg import Dot, Ego, ego_svg, text_width

    long = "สำนักงานเกษตรอำเภอเมืองนครศรีธรรมราช"
    alters = tuple(Dot(f"n{i}", long if i == 6 else f"ก{i}", "", "agency", "#", 1) for i in range(8))
    svg = ego_svg(Ego(Dot("c", "กลาง", "", "agency", "#", 1), alters, ()), "ภาพ")
    left, _, width, _ = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    label = re.search(rf'<text x="([-\d.]+)" y="[-\d.]+" text-anchor="end">{long} · 1</text>', svg)
    assert label and float(label.group(1)) - text_width(f"{long} · 1", 15) >= left
    assert left < 0 and width > 800


def test_the_whole_network_svg_is_well_formed_xml_whatever_a_name_holds():
    """network.svg is a standalone XML file: a U+FFFE or U+FFFF in a registry name (a YAML
    escape writes them; the registries' control-character check does not cover them) made it
    unreadable."""
    from xml.etree import ElementTree

    from generator.network.svg import Dot, network_svg

    dots = [Dot("agency:x", "ก\ufffeข\uffff", "ก\ufffe <&> \"'", "agency", "agency/x.html", 5, 10, 10),
            Dot("area:800121", "ท่าซัก", "ท่าซัก", "area", "area/800121.html", 1, 50, 50)]
    svg = network_svg(dots, [(0, 1, 1)], 100, "เครือข่าย\uffff")
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert root.find("{http://www.w3.org/2000/svg}title").text == "เครือข่าย"
    assert "กข" in svg and "\ufffe" not in svg
