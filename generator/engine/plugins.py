"""The MkDocs plugins Wongrian adds: story bodies in the table of contents, and a capture of
what a build computed (for `wongrian serve`)."""

from __future__ import annotations

import re
from html import escape


def search_index(config):
    """The search plugin's index (Material's or MkDocs'), if the site has one."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def prerendered_plugin():
    """A MkDocs plugin for the parts of a page Wongrian rendered itself (`prerendered.py`):
    taken off the Markdown before MkDocs renders it, put back into the HTML after; the table
    of contents of a page with a heading in a part (a story's title and body, every agency and
    area page, the ego network's section) is made from its HTML: Markdown saw none of those
    headings."""
    from mkdocs.plugins import BasePlugin

    from ..prerendered import detach, restore

    HEADING = re.compile(r"<h[1-6]\b[^>]*\sid=")  # (the toc lists headings with an id)

    class Prerendered(BasePlugin):
        def __init__(self):
            self.parts: dict[int, dict[str, str]] = {}
            self.headed: set[int] = set()  # pages with a heading in a part

        def on_page_markdown(self, markdown, *, page, config, files):
            markdown, parts = detach(markdown)
            self.parts[id(page)] = parts
            if any(HEADING.search(part) for part in parts.values()):
                self.headed.add(id(page))
            return markdown

        def on_page_content(self, html, *, page, config, files):
            html = restore(html, self.parts.pop(id(page), {}))
            if id(page) in self.headed:
                self.headed.discard(id(page))
                page.toc = _toc_of(html)
            return html

    return Prerendered()


_HEADINGS = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S | re.I)
# A heading as Wongrian and the toc extension write one: an id, plain text (nothing that
# parsing would change: no tag, character reference, CR or NUL) and perhaps its permalink.
_PLAIN_HEADING = re.compile(
    r'<h([1-6]) id="([^"&\r\0]*)">([^<&\r\0]*)'
    r'(?:<a class="headerlink" href="#[^"&<>\r\0]*" title="[^"&<>\r\0]*"'
    r'(?: rel="noopener noreferrer")?>(?:&para;|\u00b6)</a>)?</h\1>')


def _toc_of(html: str):
    """The table of contents of a page's HTML: every heading with an id, nested by level."""
    from mkdocs.structure.toc import get_toc

    tokens: list[dict] = []
    stack: list[dict] = []
    for level, anchor, name in _headings(html):
        token = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return get_toc(tokens)


def _headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, text as HTML) of each heading with an id. Only the headings are parsed (a
    heading holds no heading), not the whole page; and only when one of them is more than
    plain text (`_PLAIN_HEADING`): the others are read as they are, as parsing reads them."""
    found = [m.group(0) for m in _HEADINGS.finditer(html)]
    plain = [_PLAIN_HEADING.fullmatch(heading) for heading in found]
    if all(plain):
        return [(int(m.group(1)), m.group(2), escape(m.group(3).strip())) for m in plain]
    return _parsed_headings("".join(found))


def _parsed_headings(headings: str) -> list[tuple[int, str, str]]:
    """`_headings` of these headings, parsed as HTML (their permalinks left out)."""
    from selectolax.lexbor import LexborHTMLParser

    found = []
    for node in LexborHTMLParser(headings).css("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"):
        for link in node.css("a.headerlink"):
            link.decompose()
        found.append((int(node.tag[1]), escape(node.attributes["id"] or ""),  # as the plain
                      escape(node.text(deep=True).strip())))  # headings' ids: still escaped
    return found


def nav_memo_plugin():
    """A MkDocs plugin giving the theme `nav_memo(kind, page, nav, whole)`: Material's
    navigation and tabs (theme/overrides/partials/nav.html and tabs.html), the header around
    the page's title (partials/header.html), and the styles, scripts, config and footer blocks
    (theme/overrides/main.html), rendered once per folder
    for the pages outside the nav (stories, agencies, areas: every page of a folder gets the
    same HTML, whose links are relative), and for each page of the nav. For one build: the
    nav does not change while it runs."""
    import posixpath

    from mkdocs.plugins import BasePlugin

    class NavMemo(BasePlugin):
        def on_env(self, env, *, config, files):
            rendered: dict[tuple[str, str], str] = {}
            in_nav: dict[int, set[int]] = {}  # `page in nav.pages` compares titles and files

            def nav_memo(kind, page, nav, whole):
                pages = in_nav.get(id(nav))
                if pages is None:
                    pages = in_nav[id(nav)] = {id(p) for p in nav.pages}
                if page is None or id(page) in pages:  # a nav page: its own item is active
                    return whole()
                key = (kind, posixpath.dirname(page.url))
                if key not in rendered:
                    rendered[key] = whole()
                return rendered[key]

            env.globals["nav_memo"] = nav_memo
            return env

    return NavMemo()


def capture_plugin():
    """A MkDocs plugin that keeps what a build computed once (files, nav, theme environment)
    and each page's search-index entries, so that single pages can be rebuilt later."""
    from mkdocs.plugins import BasePlugin

    class Capture(BasePlugin):
        def __init__(self):
            self.files = self.nav = self.env = None
            self.entries: dict[str, list] = {}
            self.seen = 0

        def on_files(self, files, *, config):
            self.files = files
            return files

        def on_nav(self, nav, *, config, files):
            self.nav = nav
            return nav

        def on_env(self, env, *, config, files):
            self.env = env
            return env

        def on_page_context(self, context, *, page, config, nav):
            index = search_index(config)
            if index is not None:  # runs after the search plugin's own on_page_context
                self.entries[page.file.src_uri] = index.entries[self.seen:]
                self.seen = len(index.entries)
            return context

    return Capture()

