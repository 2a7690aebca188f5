"""Light pages in real Chromium: no page asks for sitemap.xml (Material's language selector did,
for every <link rel="alternate"> feed link), over http and from file://; the feed links stay."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["index.html", "area/800121.html", "area/8001.html", "agency/cdd.html",
         "network/index.html", "indicators/index.html", "year/index.html"]


def requests_of(browser, base: str) -> tuple[list[str], int]:
    """Every URL the pages asked for, and how many feed links the last page has after load."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    for path in PAGES:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    feeds = page.evaluate("document.querySelectorAll('link[rel=alternate]').length")
    context.close()
    return seen, feeds


def test_no_page_requests_the_sitemap_over_http(browser, sample_site, http_root):
    seen, feeds = requests_of(browser, http_root(sample_site.out_dir))
    assert len(seen) > len(PAGES)
    assert [u for u in seen if "sitemap" in u] == []
    assert feeds == 1  # the site feed is back in <head> once Material has looked


def test_no_page_requests_the_sitemap_from_file(browser, sample_site):
    seen, _ = requests_of(browser, sample_site.out_dir.as_uri() + "/")
    assert [u for u in seen if "sitemap" in u] == []


def test_area_page_with_a_feed_keeps_both_feed_links(browser, sample_site, http_root):
    context = browser.new_context()
    page = context.new_page()
    page.goto(http_root(sample_site.out_dir) + "area/800121.html")
    page.wait_for_load_state("networkidle")
    hrefs = page.evaluate("[...document.querySelectorAll('head link[rel=alternate]')]"
                          ".map(l => l.getAttribute('href'))")
    context.close()
    assert hrefs[0] == "../feed.xml" and hrefs[1].startswith("../feeds/area/")
