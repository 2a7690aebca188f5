"""Accessibility of the built sample site in real Chromium: axe-core (vendored from npm, see
tests/vendor/axe-core/SOURCE.md) reports no violation of any impact on one page of every
kind, on a desktop and on a phone, and no page scrolls sideways."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
PAGES = {  # kind -> address in the sample site
    "home": "index.html",
    "story": "story/2008/2008-01-16-ngop-yudi-misuk-kap-klakai-khun-amnuai-amphoe.html",
    "agency": "agency/cdd.html",
    "tambon": "area/800121.html",
    "amphoe": "area/8001.html",
    "province": "area/80.html",
    "network": "network/index.html",
    "potential-map": "indicators/index.html",
    "component": "indicators/leaders.html",
    "tag": "tag/banchi-khruaruean.html",
    "year": "year/2551.html",
    "search": "index.html?q=%E0%B8%97%E0%B9%88%E0%B8%B2%E0%B8%8B%E0%B8%B1%E0%B8%81",  # ท่าซัก
    "404": "404.html",
    "province-brief": "area/80-brief.html",
    "amphoe-brief": "area/8001-brief.html",
    "tambon-brief": "area/800121-brief.html",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(sample_site, tmp_path_factory):
    """The built sample site over http on a free loopback port, under the path of its
    configured address (404.html links to /wongrian/...); yields the site's base address."""
    prefix = urlsplit(sample_site.site.config.site["url"]).path.strip("/")
    root = tmp_path_factory.mktemp("served")
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix).symlink_to(sample_site.out_dir, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"
    server.shutdown()
    server.server_close()


def test_every_page_kind_exists(sample_site):
    for kind, address in PAGES.items():
        assert (sample_site.out_dir / address.split("?")[0]).is_file(), kind


def open_page(browser, base: str, kind: str, viewport: str):
    width, height = VIEWPORTS[viewport]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(base + PAGES[kind])
    page.wait_for_load_state("load")
    if kind == "search":
        page.wait_for_selector("[data-wr-search-list] li a")
    if kind == "network":
        page.wait_for_selector(".wr-network.wr-on, .wr-net-phone", state="attached")
    page.evaluate("document.fonts.ready")
    return page


def axe_violations(page) -> list[str]:
    """One line per violation: rule id, impact, and the first few offending nodes."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '')
                .replace(/\\s+/g, ' ').slice(0, 160))}));
    }""")
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): " + " | ".join(v["nodes"][:3])
            for v in result]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing(browser, served, kind, viewport):
    page = open_page(browser, served, kind, viewport)
    try:
        assert axe_violations(page) == []
    finally:
        page.close()


@pytest.mark.parametrize("kind", [k for k in PAGES if k.endswith("-brief")])
def test_axe_finds_nothing_on_a_brief_as_printed(browser, served, kind):
    """The briefs are made for paper: axe-core runs on them with print styles applied too."""
    page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    try:
        page.emulate_media(media="print")
        page.goto(served + PAGES[kind])
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        assert page.evaluate("matchMedia('print').matches")
        assert axe_violations(page) == []
    finally:
        page.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_sideways_scroll(browser, served, kind, viewport):
    page = open_page(browser, served, kind, viewport)
    try:
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{kind}: page is {widths[0]} px wide in {widths[1]} px"
    finally:
        page.close()


# -- legible graphs, maps and tables -----------------------------------------------------------

def test_network_labels_are_legible_with_a_legend_and_a_gentle_search(browser, served):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(served + "network/index.html")
        page.wait_for_selector("#wr-network[data-ready='1']")
        page.wait_for_function("window.wrNetwork.cy.nodes('.lab').length > 0")
        sizes = page.evaluate("""window.wrNetwork.cy.nodes('.lab').map(
            n => parseFloat(n.renderedStyle('font-size')))""")
        assert len(sizes) >= 10 and min(sizes) >= 12
        assert page.locator("#wr-legend li").count() >= 2
        start = page.evaluate("window.wrNetwork.cy.zoom()")
        page.fill("#wr-search", "ท่าซัก")
        page.press("#wr-search", "Enter")
        page.wait_for_function("!window.wrNetwork.cy.animated()")
        assert page.evaluate("window.wrNetwork.cy.zoom()") <= 2.5 * start + 1e-6
        assert page.evaluate("window.wrNetwork.cy.nodes('.hit').length") >= 2
        assert page.evaluate("window.wrNetwork.cy.nodes('.dim').length") > 10
    finally:
        page.close()


def test_network_on_a_phone_opens_with_the_list(browser, served):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(served + "network/index.html")
        page.wait_for_selector("#wr-network.wr-net-phone")
        assert page.locator("#wr-graph").is_hidden() and page.locator("#wr-net-open").is_visible()
        page.click("#wr-net-open")
        page.wait_for_selector("#wr-network[data-ready='1']")
        assert page.locator("#wr-graph").is_visible()
    finally:
        page.close()


def test_map_years_are_tabs_that_work_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(served + "indicators/index.html")
        tabs = page.locator("#map ~ .wr-tabs").first
        panels = tabs.locator(".wr-tab-panel")
        assert [panels.nth(i).is_visible() for i in range(panels.count())][-1] is True
        tabs.locator("label").first.click()
        shown = [panels.nth(i).is_visible() for i in range(panels.count())]
        assert shown[0] and sum(shown) == 1
    finally:
        context.close()


def test_wide_tables_scroll_by_keyboard_with_a_cue(browser, served):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(served + PAGES["tambon"])
        region = page.locator(".md-typeset__scrollwrap.wr-scroll[role=region][tabindex='0']").first
        region.wait_for()
        assert region.get_attribute("aria-label").startswith("ตาราง ")
        assert page.locator(".wr-scroll + .wr-scroll-hint").count() >= 1
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.activeElement.scrollLeft > 0")
    finally:
        page.close()
