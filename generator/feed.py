"""An Atom feed of the newest stories, with Thai titles and summaries; no build-time clock."""

from __future__ import annotations

import datetime as dt

from .dates import thai_date
from .escape import xml_text as escape
from .site import Site

FEED_SIZE = 30


def html_path(md_path: str) -> str:
    return md_path[:-3] + ".html"


def render_feed(site: Site, story_path) -> str:
    """Atom XML; `updated` is the newest story's date, so rebuilding changes nothing."""
    base = site.config.site.get("url", "").rstrip("/") + "/" if site.config.site.get("url") else ""
    stories = site.stories[:FEED_SIZE]
    newest = stories[0].updated or stories[0].date if stories else dt.date(1970, 1, 1)
    entries = []
    for story in stories:
        link = base + html_path(story_path(story))
        summary = story.summary or story.title
        entries.append(
            "  <entry>\n"
            f"    <title>{escape(story.title)}</title>\n"
            f'    <link href="{escape(link)}"/>\n'
            f"    <id>{escape(link or story.id)}</id>\n"
            f"    <updated>{(story.updated or story.date).isoformat()}T00:00:00+07:00</updated>\n"
            f"    <published>{story.date.isoformat()}T00:00:00+07:00</published>\n"
            f"    <author><name>{escape(story.author or site.config.site.get('author', ''))}</name></author>\n"
            f"    <summary>{escape(thai_date(story.date) + ' — ' + summary)}</summary>\n"
            + "".join(f'    <category term="{escape(t)}"/>\n' for t in story.tags)
            + "  </entry>\n")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="th">\n'
        f"  <title>{escape(site.config.title)}</title>\n"
        f"  <subtitle>{escape(site.config.site.get('description', ''))}</subtitle>\n"
        f'  <link href="{escape(base)}feed.xml" rel="self"/>\n'
        f'  <link href="{escape(base)}"/>\n'
        f"  <id>{escape(base or 'urn:wongrian:' + site.config.title)}</id>\n"
        f"  <updated>{newest.isoformat()}T00:00:00+07:00</updated>\n"
        + "".join(entries) + "</feed>\n")
