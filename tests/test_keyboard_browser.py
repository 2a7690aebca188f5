"""Keyboard alone, in real Chromium: every Tab stop shows a visible focus indicator, and every
interactive graph or map has a keyboard path (the network's search, graph and lists, the ego
networks' lists, the potential map's year tabs)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 400  # a page with more stops than this fails, which is a finding in itself
FOCUS_PAGES = {  # kind -> address in the sample site
    "home": "index.html",
    "story": "story/2008/2008-01-16-ngop-yudi-misuk-kap-klakai-khun-amnuai-amphoe.html",
    "agency": "agency/sao-800121.html",
    "tambon": "area/800121.html",
    "network": "network/index.html",
    "potential-map": "indicators/index.html",
    "component": "indicators/leaders.html",
    "tambon-brief": "area/800121-brief.html",
    "search": "index.html?q=%E0%B8%97%E0%B9%88%E0%B8%B2%E0%B8%8B%E0%B8%B1%E0%B8%81",  # ท่าซัก
}
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}

# The look of the focused element (and of the labels of a visually hidden radio or checkbox,
# which show its focus), as comparable text; `el` is the element in question.
LOOK = """el => {
    const parts = [el, ...(el.labels ? Array.from(el.labels) : [])];
    return parts.map(p => {
        const s = getComputedStyle(p);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' ');
    }).join(' | ');
}"""
# Transitions (a skip link fading in) run to their end before a look is taken.
SETTLED = """() => Promise.race([
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
    new Promise(done => setTimeout(done, 1000))])"""
# Whether the focused element or one of its labels draws a ring a reader can see.
RING = """el => [el, ...(el.labels ? Array.from(el.labels) : [])].some(p => {
    const s = getComputedStyle(p), r = p.getBoundingClientRect();
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
        && !/rgba\\(.*, 0\\)$/.test(s.outlineColor);
    return ring && r.width > 2 && r.height > 2 && parseFloat(s.opacity) > 0.5;
})"""


@pytest.fixture(scope="module")
def site_url(sample_site, http_root):
    return http_root(sample_site.out_dir)


def new_page(browser, url: str, width: int = 1366, height: int = 768):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    return page


def describe(page) -> str:
    return page.evaluate("""() => { const e = document.activeElement;
        return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
            (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') +
            ' ' + (e.getAttribute('href') || e.getAttribute('aria-label') || e.textContent || '')
            .trim().slice(0, 40); }""")


def tab_stops(page):
    """Press Tab until focus comes to an element it has been on; yields each element reached
    (a handle), once."""
    page.evaluate("window.wrTabSeen = new WeakSet()")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        page.evaluate(SETTLED)
        handle = page.evaluate_handle("document.activeElement")
        if page.evaluate("e => e === document.body", handle):
            continue
        if page.evaluate("e => wrTabSeen.has(e) || !wrTabSeen.add(e)", handle):
            return
        yield handle
    raise AssertionError(f"more than {MAX_TABS} Tab stops")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", list(FOCUS_PAGES))
def test_every_tab_stop_shows_visible_focus(browser, site_url, kind, viewport):
    """For every element Tab reaches: a ring (outline of 2 px or more) is drawn while it is
    focused, and its look changes when focus moves on (so the ring is the focus's own)."""
    page = new_page(browser, site_url + FOCUS_PAGES[kind], *VIEWPORTS[viewport])
    try:
        if kind == "network":
            page.wait_for_selector("#wr-network.wr-on")
        if kind == "search":
            page.wait_for_selector("[data-wr-search-list] li a")
        unseen, count, previous = [], 0, None
        for handle in tab_stops(page):
            name = describe(page)
            focused, ring = page.evaluate(LOOK, handle), page.evaluate(RING, handle)
            if previous is not None:
                before, prev_name, prev_look = previous
                if page.evaluate(LOOK, before) == prev_look:
                    unseen.append(f"{prev_name}: looks the same unfocused")
            if not ring:
                unseen.append(f"{name}: no visible ring ({focused})")
            previous = (handle, name, focused)
            count += 1
        assert count >= (2 if kind == "search" else 5)  # the open search holds Tab inside
        assert not unseen, "\n".join(unseen)
    finally:
        page.close()


def test_search_results_show_focus_when_reached_by_arrows(browser, site_url):
    """In the open search, the arrow keys walk the results (they are out of the Tab order)."""
    page = new_page(browser, site_url + FOCUS_PAGES["search"])
    try:
        page.wait_for_selector("[data-wr-search-list] li a")
        page.focus("[data-wr-search-query]")
        links = page.locator("[data-wr-search] a").count()
        for _ in range(min(links, 8)):
            page.keyboard.press("ArrowDown")
            page.evaluate(SETTLED)
            focused = page.evaluate_handle("document.activeElement")
            assert page.evaluate("e => e.matches('[data-wr-search] a')", focused)
            assert page.evaluate(RING, focused), describe(page)
    finally:
        page.close()


def tab_to(page, selector: str) -> int:
    """Press Tab until the element `selector` has focus; how many presses it took."""
    for count in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"{selector} is not reached by Tab")


def reached_hrefs(page) -> set[str]:
    """The absolute addresses (without #fragment) of every link Tab reaches on the page."""
    found = set()
    for handle in tab_stops(page):
        href = page.evaluate("e => e.href || ''", handle)
        if href:
            found.add(href.split("#")[0])
    return found


def test_network_search_by_keyboard_highlights_centres_and_announces(browser, site_url):
    page = new_page(browser, site_url + FOCUS_PAGES["network"])
    try:
        page.wait_for_selector("#wr-network[data-ready='1']")
        tab_to(page, "#wr-search")
        page.keyboard.type("ท่าซัก")
        page.keyboard.press("Enter")
        page.wait_for_function("!window.wrNetwork.cy.animated()")
        hits = page.evaluate("window.wrNetwork.cy.nodes('.hit').map(n => n.data('label'))")
        assert len(hits) >= 2 and all("ท่าซัก" in h for h in hits)
        # the matches are in the middle of the graph's box
        off = page.evaluate("""() => { const cy = window.wrNetwork.cy, b = cy.nodes('.hit')
            .renderedBoundingBox(); return [Math.abs((b.x1 + b.x2) / 2 - cy.width() / 2),
            Math.abs((b.y1 + b.y2) / 2 - cy.height() / 2)]; }""")
        assert off[0] < 40 and off[1] < 40
        said = page.locator("#wr-announce")
        assert said.get_attribute("aria-live") == "polite"
        assert said.inner_text().startswith(f"พบ {len(hits)} จุด") and hits[0] in said.inner_text()
        # the next Tab stops are the matches' links
        page.keyboard.press("Tab")
        while page.evaluate("!document.activeElement.closest('#wr-found')"):
            page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.textContent")
        assert "ท่าซัก" in first
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/network/" not in url)
    finally:
        page.close()


def test_network_graph_steps_node_to_node_by_arrow_keys(browser, site_url):
    page = new_page(browser, site_url + FOCUS_PAGES["network"])
    try:
        page.wait_for_selector("#wr-network[data-ready='1']")
        tab_to(page, "#wr-graph")
        assert page.evaluate(RING, page.evaluate_handle("document.activeElement"))
        assert page.get_attribute("#wr-graph", "aria-describedby") == "wr-keys"
        page.keyboard.press("ArrowRight")
        node = "window.wrNetwork.cy.nodes('.focus')"
        first = page.evaluate(f"{node}.map(n => [n.data('label'), n.position('x')])")
        assert len(first) == 1
        assert page.inner_text("#wr-announce").startswith(first[0][0])
        page.keyboard.press("ArrowRight")
        second = page.evaluate(f"{node}.map(n => [n.data('label'), n.position('x')])")
        assert len(second) == 1 and second[0][1] > first[0][1]
        assert page.inner_text("#wr-announce").startswith(second[0][0])
        size = page.evaluate(f"parseFloat({node}[0].renderedStyle('font-size'))")
        assert size >= 12  # the node in focus is labelled, legibly
        zoom = page.evaluate("window.wrNetwork.cy.zoom()")
        page.keyboard.press("+")
        assert page.evaluate("window.wrNetwork.cy.zoom()") > zoom
        url = page.evaluate(f"window.WR_NETWORK.nodes[{node}[0].data('i')].url")
        page.keyboard.press("Enter")
        page.wait_for_url("**/" + url.lstrip("./"))
    finally:
        page.close()


def test_network_filters_work_by_keyboard(browser, site_url):
    page = new_page(browser, site_url + FOCUS_PAGES["network"])
    try:
        page.wait_for_selector("#wr-network[data-ready='1']")
        before = page.get_attribute("#wr-network", "data-visible")
        tab_to(page, "#wr-amphoe")
        page.keyboard.press("ArrowDown")  # a closed select changes its value on an arrow key
        page.wait_for_function(f"document.getElementById('wr-network').dataset.visible !== '{before}'")
        assert page.evaluate("document.getElementById('wr-amphoe').value") != ""
        tab_to(page, "#wr-reset")
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.getElementById('wr-network').dataset.visible === '{before}'")
    finally:
        page.close()


def test_network_on_a_phone_opens_by_keyboard(browser, site_url):
    page = new_page(browser, site_url + FOCUS_PAGES["network"], 390, 844)
    try:
        page.wait_for_selector("#wr-network.wr-net-phone")
        tab_to(page, "#wr-net-open")
        page.keyboard.press("Enter")
        page.wait_for_selector("#wr-network[data-ready='1']")
        assert page.evaluate("document.activeElement.id") == "wr-graph"
        page.keyboard.press("ArrowDown")
        assert page.evaluate("window.wrNetwork.cy.nodes('.focus').length") == 1
    finally:
        page.close()


@pytest.mark.parametrize("address", [FOCUS_PAGES["agency"], FOCUS_PAGES["tambon"], "area/8001.html"])
@pytest.mark.parametrize("width", [1366, 390])
def test_every_ego_network_node_is_a_link_tab_reaches(browser, site_url, address, width):
    """The ego drawings' nodes are out of the Tab order (tabindex -1): the lists on the page
    are the keyboard's way to the same pages, so every node's page must be among them."""
    page = new_page(browser, site_url + address, width, 844)
    try:
        figure = "figure.wr-ego" if width > 700 else "figure.wr-ego-phone"
        assert page.locator(figure).is_visible()
        drawn = set(page.evaluate(f"""Array.from(document.querySelectorAll(
            '{figure} a[data-node]:not(.wr-centre)'), a => new URL(a.getAttribute('href'), location.href).href.split('#')[0])"""))
        assert len(drawn) >= 3
        assert drawn <= reached_hrefs(page)
    finally:
        page.close()


def test_potential_map_years_switch_by_keyboard(browser, site_url):
    page = new_page(browser, site_url + FOCUS_PAGES["potential-map"])
    try:
        tabs = page.locator("#map ~ .wr-tabs").first
        panels = tabs.locator(".wr-tab-panel")
        shown = lambda: [panels.nth(i).is_visible() for i in range(panels.count())]  # noqa: E731
        assert shown()[-1] and sum(shown()) == 1
        tab_to(page, "#map ~ .wr-tabs .wr-tab-input")
        focused = page.evaluate_handle("document.activeElement")
        assert page.evaluate("e => e.checked", focused)  # Tab lands on the year shown
        assert page.evaluate(RING, focused)              # and its label shows the ring
        page.keyboard.press("ArrowLeft")
        assert shown()[-2] and sum(shown()) == 1
        assert page.evaluate(RING, page.evaluate_handle("document.activeElement"))
        page.keyboard.press("ArrowRight")
        assert shown()[-1] and sum(shown()) == 1
    finally:
        page.close()


def test_every_map_cell_is_a_link_tab_reaches(browser, site_url):
    """The map's cells are out of the Tab order; the table under the map reaches the same
    area pages."""
    page = new_page(browser, site_url + FOCUS_PAGES["potential-map"])
    try:
        drawn = set(page.evaluate("""Array.from(document.querySelectorAll(
            '#map ~ .wr-tabs .wr-tab-panel:last-child svg a'), a => new URL(a.getAttribute('href'), location.href).href.split('#')[0])"""))
        assert len(drawn) >= 5
        assert drawn <= reached_hrefs(page)
    finally:
        page.close()
