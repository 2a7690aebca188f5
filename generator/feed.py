"""Atom feeds: the site's newest stories, and one feed per agency and per area (tambon,
amphoe, province) so a reader can follow a place or an office.

Built with ElementTree, so every string from content is escaped by the XML library; no
build-time clock (a feed's `updated` is its newest story's date), so rebuilding changes
nothing; ids are the page URLs when the site has a URL, else stable `urn:uuid:` names.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import uuid
from typing import Callable, Iterable
from xml.etree import ElementTree as ET

from .dates import thai_date
from .escape import xml_chars
from .model import Story
from .names import safe_name
from .site import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 30
FEED_LEVELS = ("province", "amphoe", "tambon")
ENTRIES_KEPT = 100_000  # entries remembered between builds of one process
_ENTRIES: dict[tuple, str] = {}


def html_path(md_path: str) -> str:
    return md_path[:-3] + ".html"


def agency_feed_path(agency_id: str) -> str:
    return f"feeds/agency/{safe_name(agency_id)}.xml"


def area_feed_path(area_id: str) -> str:
    return f"feeds/area/{safe_name(area_id)}.xml"


def _text(value: object) -> str:
    return xml_chars(value)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


class FeedWriter:
    """Writes the Atom feeds of one site; `story_path` gives a story's docs-tree page."""

    def __init__(self, site: Site, story_path: Callable[[Story], str]):
        self.site = site
        self.story_path = story_path
        url = site.config.site.get("url") or ""
        self.base = url.rstrip("/") + "/" if url else ""
        self.author = site.config.site.get("author") or site.config.title
        newest = max((s.updated or s.date for s in site.stories), default=dt.date(1970, 1, 1))
        self.newest = newest
        self.entries: dict[tuple[str, str], str] = {}  # (story id, feed folder) → entry XML

    def href(self, target: str, feed_path: str) -> str:
        """A link from the feed file to a docs-tree file: absolute with a site URL, else relative."""
        if self.base:
            return self.base + target
        return posixpath.relpath(target, posixpath.dirname(feed_path) or ".")

    def ident(self, target: str) -> str:
        """A stable id: the page URL, or a name-based UUID of the site title and the path."""
        if self.base:
            return self.base + target
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"wongrian:{self.site.config.title}:{target}"))

    def render(self, path: str, title: str, page: str, stories: Iterable[Story],
               subtitle: str = "") -> bytes:
        """One feed file at docs-tree `path` for the page `page` (a docs-tree .md path)."""
        stories = list(stories)[:FEED_SIZE]
        feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "th"})
        _add(feed, "title", title)
        if subtitle:
            _add(feed, "subtitle", subtitle)
        _add(feed, "link", rel="self", type="application/atom+xml", href=self.href(path, path))
        _add(feed, "link", rel="alternate", type="text/html", href=self.href(html_path(page), path))
        _add(feed, "id", self.ident(html_path(page)))
        latest = max((s.updated or s.date for s in stories), default=self.newest)
        _add(feed, "updated", _stamp(latest))
        _add(_add(feed, "author"), "name", self.author)
        _add(feed, "generator", "Wongrian")
        entries = []
        for story in stories:  # an entry is the same in every feed of one folder: made once
            key = (story.id, posixpath.dirname(path))
            if key not in self.entries:
                self.entries[key] = self._entry_text(story, path)
            entries.append(self.entries[key])
        _indent_head(feed)
        head = ET.tostring(feed, encoding="unicode").removesuffix("</feed>")
        text = '<?xml version="1.0" encoding="utf-8"?>\n' + head + "".join(entries) + "</feed>\n"
        return text.encode("utf-8")

    def _entry_text(self, story: Story, path: str) -> str:
        """An entry's XML, kept across builds in one process (`wongrian serve` makes the
        feeds again after every save: only entries whose inputs changed are written again)."""
        key = (self.base, self.author, self.site.config.title, posixpath.dirname(path),
               self.story_path(story), story.title, story.date, story.updated, story.author,
               story.summary, tuple(story.tags))
        text = _ENTRIES.get(key)
        if text is None:
            if len(_ENTRIES) > ENTRIES_KEPT:
                _ENTRIES.clear()
            text = _ENTRIES[key] = "  " + ET.tostring(self._entry(story, path), encoding="unicode") + "\n"
        return text

    def _entry(self, story: Story, path: str) -> ET.Element:
        page = html_path(self.story_path(story))
        entry = ET.Element("entry")
        _add(entry, "title", story.title)
        _add(entry, "link", rel="alternate", type="text/html", href=self.href(page, path))
        _add(entry, "id", self.ident(page))
        _add(entry, "published", _stamp(story.date))
        _add(entry, "updated", _stamp(story.updated or story.date))
        _add(_add(entry, "author"), "name", story.author or self.author)
        summary = f"{thai_date(story.date)} — {story.summary or story.title}"
        _add(entry, "summary", summary, type="text")
        for tag in story.tags:
            _add(entry, "category", term=tag)
        ET.indent(entry, space="  ", level=1)
        return entry


def _indent_head(feed: ET.Element) -> None:
    """Line breaks and indents for the feed's own children (entries come indented)."""
    feed.text = "\n  "
    children = list(feed)
    for child in children:
        child.tail = "\n  "
        if child.tag == "author":
            ET.indent(child, space="  ", level=1)
    if children:
        children[-1].tail = "\n"


def render_feed(site: Site, story_path: Callable[[Story], str]) -> str:
    """The site's feed (feed.xml): its newest stories."""
    writer = FeedWriter(site, story_path)
    return writer.render("feed.xml", site.config.title, "index.md", site.stories,
                         site.config.site.get("description", "")).decode("utf-8")


def render_feeds(site: Site, story_path: Callable[[Story], str]) -> dict[str, bytes]:
    """Every feed file of the docs tree: the site's, one per agency, one per area level page."""
    writer = FeedWriter(site, story_path)
    files = {"feed.xml": render_feed(site, story_path).encode("utf-8")}
    for agency in site.agencies.values():
        path = agency_feed_path(agency.id)
        files[path] = writer.render(
            path, f"บันทึกวงเรียนรู้ของ{agency.label} — {site.config.title}",
            f"agency/{agency.id}.md", site.stories_of(site.by_agency.get(agency.id, ())))
    for area in site.areas.values():
        if area.level in FEED_LEVELS:
            path = area_feed_path(area.id)
            files[path] = writer.render(
                path, f"บันทึกวงเรียนรู้ {_area_title(site, area.id)} — {site.config.title}",
                f"area/{area.id}.md", site.stories_of(site.by_area.get(area.id, ())))
    return files


def _area_title(site: Site, area_id: str) -> str:
    """'ต.ท่าซัก อ.เมืองนครศรีธรรมราช': the area with its amphoe, so tambon names do not clash."""
    return " ".join(a.label for a in reversed(site.area_chain(area_id)) if a.level != "province") \
        or site.areas[area_id].label
