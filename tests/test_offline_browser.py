"""The offline bundle in real Chromium: unzipped into a folder whose name has Thai letters and
spaces, opened from file:// with every other request aborted and counted (there must be none);
and the same checks over http against the built site."""

from __future__ import annotations

import zipfile
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

FIRST = {  # query -> the page that must come first (stories first; entity pages are a group)
    "ไม้เรียง": "story/2006/2006-10-19-pha-khun-kit-tha-sak-pai-rian.html",
    "ควนเกย": "story/2008/2008-06-21-kongthun-sawatdikan-wan-la-bat-tambon.html",
    "ตลาดนัดความรู้": "story/2007/2007-12-08-tlatnatkhwamru-chumchon-insi-pi-2550.html",
    "อยูดีมีสุข": "story/2008/2008-01-16-ngop-yudi-misuk-kap-klakai-khun-amnuai-amphoe.html",
}


@pytest.fixture(scope="module")
def unpacked(sample_bundle, tmp_path_factory):
    """The bundle unzipped under 'ศูนย์การเรียนรู้ ชุมชน ท่าซัก/'; returns its index.html."""
    where = tmp_path_factory.mktemp("usb") / "ศูนย์การเรียนรู้ ชุมชน ท่าซัก"
    with zipfile.ZipFile(sample_bundle.path) as archive:
        archive.extractall(where)
    [folder] = where.iterdir()
    return folder / "index.html"


def watch_failures(page) -> list[str]:
    """Scripts, styles, images and fonts that did not load (the page's own files).

    A load cut short because the test navigated away (net::ERR_ABORTED, e.g. a search shard
    still in flight when Enter opens the first result) is not a missing file."""
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}")
            if r.resource_type in ("script", "stylesheet", "image", "font")
            and r.failure != "net::ERR_ABORTED" else None)
    return failed


def browse(page, home: str) -> None:
    """Home → a story → one of its agencies → one of that agency's areas."""
    page.goto(home)
    page.click(".wr-stories a[href^='story/']")
    page.wait_for_url("**/story/**")
    assert page.locator(".wr-facts").count() == 1
    page.click(".wr-facts a[href*='agency/']")
    page.wait_for_url("**/agency/**")
    page.click("article a[href*='area/']")
    page.wait_for_url("**/area/**")
    assert page.locator("article h1").count() == 1


def search_box(page) -> None:
    """Type in the header box: results show title, kind, BE date, area and a marked snippet."""
    page.fill("[data-wr-search-query]", "บัญชีครัวเรือน ท่าซัก")
    page.wait_for_selector("[data-wr-search-list] li .wr-search-snippet mark")
    item = page.locator("[data-wr-search-list] li").first
    assert item.locator("h1 mark").count() >= 1
    facts = item.locator(".wr-search-facts").inner_text()
    assert facts.startswith("บันทึก · ") and "25" in facts and "ท่าซัก" in facts
    assert "รายการ" in page.locator("[data-wr-search-meta]").inner_text()
    page.fill("[data-wr-search-query]", "ทาซัก")   # a place: its stories first, its page in the group
    page.wait_for_function("""() => {
        const a = document.querySelector('[data-wr-search-entities] a');
        return a && a.href.endsWith('area/800121.html'); }""")
    group = page.locator("[data-wr-search-entities] a.wr-search-entity")
    assert 1 <= group.count() <= 3
    assert "/story/" in page.locator("[data-wr-search-list] li a").first.get_attribute("href")
    page.press("[data-wr-search-query]", "Enter")   # opens the first story
    page.wait_for_url("**/story/**")
    page.goto(page.url.split("/story/")[0] + "/index.html?q=" + quote("พช."))
    page.wait_for_function("""() => {
        const a = document.querySelector('[data-wr-search-entities] a');
        return a && a.href.endsWith('agency/cdd.html'); }""")


def first_results(page) -> dict[str, str]:
    return page.evaluate("""async queries => {
        const out = {};
        for (const q of queries) {
          const r = await wongrianSearch.query(q);
          out[q] = r.results.length ? r.results[0].doc.url : null;
        }
        return out; }""", list(FIRST))


def graph_and_charts(page, root: str) -> None:
    page.goto(root + "network/index.html")
    page.wait_for_selector("#wr-network[data-ready='1']", timeout=20000)
    assert page.evaluate("window.wrNetwork.cy.nodes().length") > 50
    page.goto(root + "indicators/index.html")
    charts = page.locator("figure.wr-figure svg")
    assert charts.count() >= 3
    box = charts.first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    assert page.evaluate("document.querySelectorAll('figure.wr-figure svg rect, figure.wr-figure svg path').length") > 10


def sarabun_in_use(page) -> dict:
    return page.evaluate("""async () => {
        await document.fonts.ready;
        const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Sarabun');
        const probe = document.createElement('span');
        probe.textContent = 'วงเรียนรู้คุณอำนวยตำบลท่าซัก';
        probe.style.cssText = 'position:absolute;left:0;top:0;white-space:nowrap;font-size:40px';
        document.body.appendChild(probe);
        const width = family => { probe.style.fontFamily = family; return probe.getBoundingClientRect().width; };
        const result = {
          loaded: faces.filter(f => f.status === 'loaded').map(f => f.unicodeRange),
          body: getComputedStyle(document.body).fontFamily,
          check: document.fonts.check('16px Sarabun', 'ท่าซัก'),
          sarabun: width('Sarabun'), inherited: width(''), system: width('Garuda, Loma, sans-serif'),
        };
        probe.remove();
        return result; }""")


def check_site(page, root: str) -> None:
    failed = watch_failures(page)
    browse(page, root + "index.html")
    search_box(page)
    assert first_results(page) == {q: url for q, url in FIRST.items()}
    font = sarabun_in_use(page)
    assert font["body"].startswith('"Sarabun"') or font["body"].startswith("Sarabun")
    assert font["check"] and any("E01" in r.upper() for r in font["loaded"])  # the Thai subset
    assert abs(font["inherited"] - font["sarabun"]) < 0.5   # the page's Thai is set in Sarabun
    assert abs(font["system"] - font["sarabun"]) > 2        # …not in a system font (fonts-thai-tlwg)
    graph_and_charts(page, root)
    assert failed == []
    assert page.external_requests == []


def test_bundle_from_file_with_thai_folder_name(unpacked, offline_page):
    assert " " in str(unpacked) and "ศูนย์" in str(unpacked)
    check_site(offline_page, unpacked.parent.as_uri() + "/")


def test_site_over_http(sample_site, http_root, offline_page):
    check_site(offline_page, http_root(sample_site.out_dir))
