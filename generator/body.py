"""Story bodies: Markdown → HTML with the site's extensions → the one sanitiser. The page
template embeds the result, so nothing a contributor writes reaches a page unsanitised."""

from __future__ import annotations

import hashlib
import re
from typing import Iterable
from xml.etree import ElementTree

import markdown
from markdown.extensions.toc import TocTreeprocessor

from .escape import md_text
from .sanitize import sanitize_html
from .thai import heading_slug

PERMALINK_TITLE = "ลิงก์ถาวรของหัวข้อนี้"
SLUGIFY = "generator.thai.heading_slug"
# The Markdown extensions of every page (engine/config.py gives MkDocs the same list).
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "def_list", "fenced_code", "toc",
              "footnotes", "generator.engine.inline", "generator.engine.blocks"]  # the last two
# only make the others faster
TOC_CONFIG = {"permalink": True, "permalink_title": PERMALINK_TITLE}
CONFIGS = {"footnotes": {"BACKLINK_TITLE": "กลับไปที่อ้างอิงเชิงอรรถที่ %d"}}  # (English by default)
TEMPLATE_IDS = ("related", "indicators")  # ids the story template gives its own headings

_converter: markdown.Markdown | None = None
# Rendered bodies by the hash of what shapes them: filled from and saved to the build cache
# (`cache.build.BuildCache.load_bodies`), so a warm build renders only new or edited bodies.
memo: dict[str, str] = {}
used: set[str] = set()


def _markdown() -> markdown.Markdown:
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(
            extensions=EXTENSIONS,
            extension_configs={**CONFIGS, "toc": {**TOC_CONFIG, "slugify": heading_slug}})
        toc = _converter.treeprocessors["toc"]
        if type(toc) is TocTreeprocessor:  # (another version's or an extension's: as it is)
            toc.__class__ = BodyToc
    return _converter


class BodyToc(TocTreeprocessor):
    """The toc extension's heading ids and permalinks, for a story body: its table of contents
    (the converter's `toc`, which nothing reads: the page's own is made from its headings) is
    built only where the body asks for it in its text (`[TOC]`). Building it was a tenth of
    the time spent converting a body."""

    def run(self, doc: ElementTree.Element) -> None:
        # `replace_marker` replaces an element whose whole text is the marker, nothing else
        self.asked = bool(self.marker) and any(
            element.text and self.marker in element.text for element in doc.iter())
        super().run(doc)

    def build_toc_div(self, toc_list: list) -> ElementTree.Element:
        return super().build_toc_div(toc_list) if self.asked else ElementTree.Element("div")

    def replace_marker(self, root: ElementTree.Element, elem: ElementTree.Element) -> None:
        if self.asked:
            super().replace_marker(root, elem)


def render_body(body: str, taken: Iterable[str] = ()) -> str:
    """A story body as sanitised HTML; heading ids in `taken` (the page's own) get a suffix."""
    taken = _taken(taken)
    key = _key(body, taken)
    used.add(key)
    if key not in memo:
        _render({key: (body, taken)})
    return memo[key]


def render_bodies(bodies: Iterable[tuple[str, Iterable[str]]]) -> None:
    """`render_body` of each (body, taken) into the memo, one step at a time for all of them
    (Markdown, then the sanitiser, then ids and links): running the same code many times in a
    row is faster than body by body (the processor's caches stay warm)."""
    todo: dict[str, tuple[str, list[str]]] = {}
    for body, taken in bodies:
        taken = _taken(taken)
        key = _key(body, taken)
        if key not in memo:
            todo[key] = (body, taken)
    _render(todo)


def _render(todo: dict[str, tuple[str, list[str]]]) -> None:
    """Each (body, taken) of `todo` rendered into the memo under its key."""
    converter = _markdown()
    converted = []
    for body, _ in todo.values():
        converter.reset()
        converted.append(converter.convert(body))
    clean = [sanitize_html(html) for html in converted]
    for (key, (_, taken)), html in zip(todo.items(), clean):
        memo[key] = _page_links(_rename_ids(html, set(taken)))


def _taken(taken: Iterable[str]) -> list[str]:
    return sorted({*TEMPLATE_IDS, *taken})


def _key(body: str, taken: list[str]) -> str:
    return hashlib.sha1("\0".join([body, *taken]).encode("utf-8", "surrogatepass")).hexdigest()


_MD_LINK = re.compile(r'href="(?![A-Za-z][A-Za-z0-9+.-]*:|/|#)([^"#?]*?)\.md((?:#[^"]*)?)"')


def _page_links(html: str) -> str:
    """Relative links to Markdown pages point at their HTML, as MkDocs does for its pages."""
    return _MD_LINK.sub(r'href="\1.html\2"', html)


def story_ids(title: str) -> set[str]:
    """The ids the story page's template uses around the body (its title heading's)."""
    return {title_id(title)}


def title_id(title: str) -> str:
    """The id of a story page's title heading (as the toc extension makes it)."""
    return heading_slug(title) or "_1"


def title_heading(title: str) -> str:
    """A story page's title heading, as Python-Markdown makes it of `# {md_text(title)}` with
    the site's toc extension (the page hands it to MkDocs as HTML; tested against it)."""
    return heading_html(1, title_id(title), str(md_text(title)).strip())


def heading_html(level: int, anchor: str, text: str) -> str:
    """A heading with its permalink, as the site's toc extension writes one (`text`: HTML)."""
    return (f'<h{level} id="{anchor}">{text}<a class="headerlink" href="#{anchor}" '
            f'title="{PERMALINK_TITLE}">&para;</a></h{level}>')


_ID = re.compile(r'(\sid="|\shref="#)([^"]*)"')


def _rename_ids(html: str, taken: set[str]) -> str:
    found = set(re.findall(r'\sid="([^"]*)"', html))
    clash = found & taken
    if not clash:
        return html
    new, used = {}, found | taken
    for old in sorted(clash):
        number = 1
        while f"{old}_{number}" in used:
            number += 1
        new[old] = f"{old}_{number}"
        used.add(new[old])
    return _ID.sub(lambda m: f'{m.group(1)}{new.get(m.group(2), m.group(2))}"', html)
