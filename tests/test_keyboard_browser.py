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
    "tambon-brief": "area/800121-brief.html",
}

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
    """Press Tab until focus comes round again; yields a handle on each element reached."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        page.evaluate(SETTLED)
        handle = page.evaluate_handle("document.activeElement")
        if page.evaluate("e => e === document.body", handle):
            continue
        if any(page.evaluate("([a, b]) => a === b", [handle, old]) for old in seen[:1]):
            return
        seen.append(handle)
        yield handle
    raise AssertionError(f"more than {MAX_TABS} Tab stops")


@pytest.mark.parametrize("kind", list(FOCUS_PAGES))
def test_every_tab_stop_shows_visible_focus(browser, site_url, kind):
    """For every element Tab reaches: a ring (outline of 2 px or more) is drawn while it is
    focused, and its look changes when focus moves on (so the ring is the focus's own)."""
    page = new_page(browser, site_url + FOCUS_PAGES[kind])
    try:
        if kind == "network":
            page.wait_for_selector("#wr-network[data-ready='1']")
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
        assert count >= 5
        assert not unseen, "\n".join(unseen)
    finally:
        page.close()
