"""HTML that passes MkDocs' Markdown by: parts of a page Wongrian renders itself (a story's
sanitised body, lists of stories, the SVG figures the features add) leave a placeholder in the
page's Markdown and travel at its end; the engine's plugin takes them off before Markdown and
puts them back after.

Python-Markdown spends most of a build parsing HTML it did not need to read (a story body is
HTML already, an ego network is 40 kB of SVG) and link lists it could not make faster; a
placeholder costs it nothing. What travels this way is HTML made by code (escaped) or by the
sanitiser, never Markdown text from content/, so it is as safe as it was before it travelled.

A part is named by a hash of its HTML, so sections of a page made apart (the page, then what
each feature appends) each bring their own parts: a page ends with one parts section per
piece that had parts, and taking them off merges them.
"""

from __future__ import annotations

import hashlib
import json
import re

SECTION = "\n<!-- wr:prerendered -->\n"  # from the first one to the end: the parts, as JSON
_MARK = re.compile(r"<!-- wr:part [0-9a-f]+ -->")


def key(html: str) -> str:
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def placeholder(name: str) -> str:
    """Where part `name` goes: an HTML comment block of its own, which Markdown keeps."""
    return f"\n\n<!-- wr:part {name} -->\n\n"


def hold(parts: dict[str, str], html: str) -> str:
    """Keep `html` in `parts`; returns its placeholder."""
    name = key(html)
    parts[name] = html
    return placeholder(name)


def attach(markdown: str, parts: dict[str, str]) -> str:
    """A page's Markdown with its parts at the end (unchanged when there are none)."""
    if not parts:
        return markdown
    return markdown.rstrip("\n") + "\n" + SECTION + json.dumps(parts, ensure_ascii=False) + "\n"


def split(text: str) -> tuple[str, str]:
    """(the Markdown, the parts' sections as written, or "")."""
    at = text.find(SECTION)
    if at < 0:
        return text, ""
    return text[:at], text[at:]


def detach(text: str) -> tuple[str, dict[str, str]]:
    """(the Markdown, its parts)."""
    markdown, sections = split(text)
    parts: dict[str, str] = {}
    for section in sections.split(SECTION)[1:]:
        parts.update(json.loads(section))
    return markdown, parts


def append(text: str, more: str) -> str:
    """A page's text with `more` (a section, with its own parts or not) at the end of its
    Markdown; the parts of both stay at the end."""
    markdown, sections = split(text)
    added, more_sections = split(more)
    return markdown.rstrip("\n") + "\n\n" + added.strip("\n") + "\n" + sections + more_sections


def fill(text: str, slot: str, more: str) -> str:
    """A page's text with `more` in place of `slot` (its parts at the end)."""
    markdown, sections = split(text)
    added, more_sections = split(more)
    return markdown.replace(slot, added.strip("\n"), 1) + sections + more_sections


def restore(html: str, parts: dict[str, str]) -> str:
    """Put each part where its placeholder came out of Markdown; a part without a place, or a
    place without its part, is a bug in a template, not something to render around."""
    for name, part in parts.items():
        mark = placeholder(name).strip()
        if mark not in html:
            raise ValueError(f"pre-rendered part {name} has no place in the page")
        html = html.replace(mark, part)
    if "<!-- wr:part " in html:
        left = _MARK.search(html)
        if left is not None:
            raise ValueError(f"{left.group(0)} has no part")
    return html
