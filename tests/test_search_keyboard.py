"""The search overlay and the keyboard in real Chromium: Tab stays inside while it is open,
Escape closes it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_tab_stays_in_the_open_search_and_escape_closes_it(browser, sample_site, http_root):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(http_root(sample_site.out_dir) + "index.html?q=" + "บัญชีครัวเรือน")
    page.wait_for_selector("[data-wr-search-list] a")
    page.focus("[data-wr-search-query]")
    inside = []
    for _ in range(8):
        page.keyboard.press("Tab")
        inside.append(page.evaluate("!!document.activeElement.closest('[data-wr-search]')"))
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        inside.append(page.evaluate("!!document.activeElement.closest('[data-wr-search]')"))
    assert all(inside)
    page.keyboard.press("Escape")
    assert page.evaluate("!document.getElementById('__search').checked")
    context.close()
