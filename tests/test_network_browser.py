"""The network page in real Chromium, over http and from file://, with no request leaving
the machine: nodes drawn, filters applied, search, and a click that lands on a node's page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def open_network(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#wr-network[data-ready='1']", timeout=20000)


def visible(page) -> int:
    return int(page.get_attribute("#wr-network", "data-visible"))


def own_requests_only(page) -> list[str]:
    # Material's repository widget asks api.github.com for star counts on every page; that
    # belongs to the theme set-up, not to the network page, which must ask for nothing else.
    return [u for u in page.external_requests if not u.startswith("https://api.github.com/")]


def click_node(page, node_id: str) -> None:
    """Zoom onto a node on the canvas and click it with the mouse, on a spot where no other
    node lies on top of it (asked of cytoscape's own hit test)."""
    x, y = page.evaluate("""id => {
        const cy = window.wrNetwork.cy, n = cy.getElementById(id), r = cy.renderer();
        cy.zoom(3); cy.center(n);
        const p = n.renderedPosition(), half = n.renderedWidth() / 2;
        const spots = [[0, 0], [.5, 0], [-.5, 0], [0, .5], [0, -.5], [.35, .35], [-.35, -.35],
                       [.35, -.35], [-.35, .35], [.8, 0], [-.8, 0], [0, .8], [0, -.8]];
        for (const [dx, dy] of spots) {
          const x = p.x + dx * half, y = p.y + dy * half;
          const hit = r.findNearestElement((x - cy.pan().x) / cy.zoom(),
                                           (y - cy.pan().y) / cy.zoom(), true, false);
          if (hit && hit.id() === id) { return [x, y]; }
        }
        return [p.x, p.y]; }""", node_id)
    box = page.locator("#wr-graph").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_network_page_over_http(sample_site, http_root, offline_page):
    page = offline_page
    open_network(page, http_root(sample_site.out_dir) + "network/index.html")
    rows = page.locator("#wr-node-list tr[data-node]").count()
    assert page.evaluate("window.wrNetwork.cy.nodes().length") == rows > 50
    assert visible(page) == rows
    assert page.evaluate("window.wrNetwork.cy.getElementById('area:800121').length") == 1

    page.select_option("#wr-amphoe", "8001")
    in_amphoe = visible(page)
    assert 0 < in_amphoe < rows
    assert page.locator("#wr-node-list tr[data-node='area:800405']").is_hidden()
    assert page.locator("#wr-node-list tr[data-node='area:800121']").is_visible()
    page.select_option("#wr-from", "2552")
    assert visible(page) < in_amphoe
    page.click("#wr-reset")
    assert visible(page) == rows
    page.click("#wr-play")  # growth playback: starts with the first year alone, a year a step
    page.click("#wr-play")  # stop
    assert page.input_value("#wr-from") == "2549" and page.input_value("#wr-to") in ("2549", "2550")
    assert visible(page) < rows
    page.click("#wr-reset")
    page.check("#wr-links")  # agency–agency ties are added on demand
    assert page.evaluate("window.wrNetwork.cy.edges('.link').filter(e => !e.hasClass('off')).length") > 50

    page.fill("#wr-search", "ท่าซัก")
    page.press("#wr-search", "Enter")
    assert "ต.ท่าซัก" in page.locator("#wr-found").inner_text()
    assert page.evaluate("window.wrNetwork.cy.$('node.hit').length") >= 2  # ต.ท่าซัก, อบต.ท่าซัก

    page.wait_for_function("!window.wrNetwork.cy.animated()")  # the search zooms onto its hits
    click_node(page, "area:800121")
    page.wait_for_url("**/area/800121.html")
    assert page.locator("figure.wr-ego svg").count() == 1
    assert own_requests_only(page) == []


def test_network_page_from_file(sample_site, offline_page):
    page = offline_page
    open_network(page, (sample_site.out_dir / "network" / "index.html").as_uri())
    assert visible(page) > 50
    page.select_option("#wr-kind", "local_government")
    kinds = page.evaluate("""() => window.wrNetwork.cy.nodes('.agency')
        .filter(n => !n.hasClass('off')).map(n => window.WR_NETWORK.nodes[n.data('i')].kind)""")
    assert kinds and set(kinds) == {"local_government"}
    areas = page.evaluate("window.wrNetwork.cy.nodes('.area').filter(n => !n.hasClass('off')).length")
    assert 0 < areas < page.evaluate("window.wrNetwork.cy.nodes('.area').length")
    click_node(page, "agency:sao-800405")
    page.wait_for_url("**/agency/sao-800405.html")
    assert page.url.startswith("file://")
    assert own_requests_only(page) == []


def test_printing_fits_the_whole_drawing_to_the_paper(sample_site, offline_page):
    """The page is laid out again at the paper's width: every node stays inside the drawing."""
    page = offline_page
    page.set_viewport_size({"width": 1400, "height": 900})
    open_network(page, (sample_site.out_dir / "network" / "index.html").as_uri())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 990})
    outside = """() => { const cy = window.wrNetwork.cy, w = cy.width(), h = cy.height();
        return cy.nodes(':visible').filter(n => { const b = n.renderedBoundingBox();
          return b.x1 < -1 || b.y1 < -1 || b.x2 > w + 1 || b.y2 > h + 1; }).length; }"""
    page.evaluate("window.dispatchEvent(new Event('resize'))")
    page.wait_for_timeout(200)
    assert page.evaluate(outside) > 0  # (what the printout showed before the fit)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(outside) == 0
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1400, "height": 900})
    zoom = page.evaluate("window.wrNetwork.cy.zoom()")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("window.wrNetwork.cy.zoom()") != zoom   # the reader's view is back


def test_node_list_is_reachable_by_keyboard(sample_site, offline_page):
    page = offline_page
    open_network(page, (sample_site.out_dir / "network" / "index.html").as_uri())
    link = page.locator("#wr-node-list tr[data-node='agency:sao-800121'] a")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/agency/sao-800121.html")
