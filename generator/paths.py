"""Where each page lives in the docs tree, and the links between pages as the site spells them."""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from typing import Mapping

from .model import ROLES, Story
from .names import safe_name
from .site import Site


def story_path(story: Story) -> str:
    return _story_path(story.source, story.id)  # (called for every link to a story)


def folders_named_like_pages(sources: list[str], stories: list[Story], problems) -> None:
    """An error for a folder under content/stories named like a story's page there
    (`2008-05-03-x.html/photo.png`): the page and the folder would be one path in the site."""
    pages = {story_path(story)[:-3] + ".html": story.source for story in stories}
    reported = set()
    for source in sources:
        parts = source.removeprefix("content/stories/").split("/")[:-1]
        for end in range(1, len(parts) + 1):
            folder = "/".join(parts[:end])
            page = posixpath.join("story", folder)
            if page in pages and folder not in reported:
                reported.add(folder)
                problems.error(f"content/stories/{folder}", 0, "file",
                               f"this folder has the name of the page of {pages[page]}",
                               f"โฟลเดอร์นี้ชื่อเดียวกับหน้าเว็บของ {pages[page]}",
                               "rename the folder (not ending in .html)",
                               "เปลี่ยนชื่อโฟลเดอร์ (ไม่ลงท้ายด้วย .html)")


@lru_cache(maxsize=1 << 16)
def _story_path(source: str, story_id: str) -> str:
    folder = posixpath.dirname(source).removeprefix("content/stories").strip("/")
    return posixpath.join("story", folder, f"{story_id}.md")


def agency_path(agency_id: str) -> str:
    return f"agency/{safe_name(agency_id)}.md"


def area_path(area_id: str) -> str:
    return f"area/{safe_name(area_id)}.md"


BRIEF_LEVELS = ("province", "amphoe", "tambon")  # areas with a printable brief (brief.py)


def brief_path(area_id: str) -> str:
    """The one-page print view of an area (made by `brief.py`)."""
    return f"area/{safe_name(area_id)}-brief.md"


def tag_path(site: Site, tag: str) -> str:
    return f"tag/{site.tag_slug[tag]}.md"  # tag_slug names are already safe_name()d


def role_path(role: str) -> str:
    return f"role/{ROLES[role]}.md"


def circle_path(circle: str) -> str:
    return f"circle/{circle}.md"


def year_path(year_be: int) -> str:
    return f"year/{year_be}.md"


def series_path(series_id: str) -> str:
    return f"series/{safe_name(series_id)}.md"


@lru_cache(maxsize=1 << 16)
def relative_url(target: str, here: str) -> str:
    """`posixpath.relpath(target, here)` for docs-tree paths, without asking the file system
    for the current folder (it is called for every link of every page)."""
    to = [p for p in target.split("/") if p not in ("", ".")]
    at = [p for p in here.split("/") if p not in ("", ".")]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def html_href(target: str, here: str, anchor: str = "") -> str:
    """A link from page `here` to `target` (docs-tree paths) as the built site spells it, for
    HTML that MkDocs does not rewrite: relative, .md → .html, with `anchor` if given."""
    return href_in(target, posixpath.dirname(here)) + (f"#{anchor}" if anchor else "")


def href_in(target: str, folder: str) -> str:
    """`html_href` from a page in `folder` (`relative_url` remembers its answers)."""
    return relative_url(target[:-3] + ".html" if target.endswith(".md") else target, folder)


_LOCAL_HTML = re.compile(r'href="(?![A-Za-z][A-Za-z0-9+.-]*:|/|#)([^"#?]*?)\.html((?:#[^"]*)?)"')


def story_links(body: str, story: Story, by_source: Mapping[str, Story]) -> str:
    """A story body's links to other story files ("../2006/2006-08-22-….md", which the body
    already points at .html) pointed at those stories' pages, whose names are made from their
    titles, not their file names (`by_source`: the stories by file)."""
    here, page_folder = posixpath.dirname(story.source), posixpath.dirname(story_path(story))

    def point(match: re.Match) -> str:
        source = posixpath.normpath(posixpath.join(here, html.unescape(match.group(1)) + ".md"))
        other = by_source.get(source)
        if other is None:
            return match.group(0)
        return f'href="{html.escape(href_in(story_path(other), page_folder))}{match.group(2)}"'

    return _LOCAL_HTML.sub(point, body)
