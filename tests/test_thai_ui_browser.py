"""Thai everywhere a reader looks (issue 12): the visible text of one page of every kind, in
Chromium, holds no Latin word but codes, grades, formats and file names. What contributors and
the registries wrote (story bodies and titles, English names marked `lang="en"`) is content,
not interface, and is left out."""

from __future__ import annotations

import re

import pytest

from test_a11y_browser import PAGES, open_page, served  # noqa: F401 - `served` is a fixture

pytestmark = pytest.mark.browser

# Latin words the interface may show: grades, formats and standards, licence codes, the names
# of the software credited or suggested (proper names have no Thai form), the network's "KM".
ALLOWED = {"A", "B", "C", "A4", "CSV", "JSON", "GraphML", "GEXF", "PDF", "Atom", "SVG", "PNG",
           "Excel", "KM", "CC", "BY", "SA", "NC", "ND", "MIT", "ISC", "BSD", "Apache", "D3",
           "Cytoscape", "Gephi", "yEd", "networkx", "thaiaddress", "Sarabun", "Material",
           "MkDocs", "GeoThai", "UTF"}
CONTENT = ", ".join([
    ".wr-body", ".wr-stories", "[lang=en]", "code", "pre", "kbd",  # what contributors wrote
    "[data-wr-search-list]",  # search results: story titles and snippets
    ".wr-source",             # a data file's name, as its owner named it
])
VISIBLE_TEXT = """(skip) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest(skip) || !node.textContent.trim()) continue;
        if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        out.push(node.textContent);
    }
    return out.join(" ");
}"""
_FILE = re.compile(r"[\w./-]+\.(?:csv|xlsx|xml|json|graphml|gexf|pdf|png|svg|zip|md|html|js|yml)\b")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def latin_words(text: str) -> set[str]:
    """The Latin words of `text` outside file names and addresses."""
    return set(_WORD.findall(_FILE.sub(" ", _URL.sub(" ", text))))


def test_latin_words_outside_file_names_are_found():
    assert latin_words("ดาวน์โหลด edges.csv (CSV) content/registry/areas.yml ที่ https://x.org/a "
                       "Permanent link") == \
        {"CSV", "Permanent", "link"}


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_english_interface_text(browser, served, kind):  # noqa: F811
    page = open_page(browser, served, kind, "desktop")
    try:
        words = latin_words(page.evaluate(VISIBLE_TEXT, CONTENT))
    finally:
        page.close()
    assert words - ALLOWED == set(), kind
