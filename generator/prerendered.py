"""HTML that passes MkDocs' Markdown by: parts of a page Wongrian renders itself (a story's
sanitised body, lists of stories) leave a placeholder in the page's Markdown and travel at its
end; the engine's plugin takes them off before Markdown and puts them back after.

Python-Markdown spends most of a build parsing HTML it did not need to read (a story body is
HTML already) and link lists it could not make faster; a placeholder costs it nothing. What
travels this way is HTML made by code (escaped) or by the sanitiser, never Markdown text from
content/, so it is as safe as it was before it travelled.
"""

from __future__ import annotations

import json

SECTION = "\n<!-- wr:prerendered -->\n"  # after it, until the end: the page's parts, as JSON


def placeholder(number: int) -> str:
    """Where part `number` goes: an HTML comment block of its own, which Markdown keeps."""
    return f"\n\n<!-- wr:part {number} -->\n\n"


def attach(markdown: str, parts: list[str]) -> str:
    """A page's Markdown with its parts at the end (unchanged when there are none)."""
    if not parts:
        return markdown
    return markdown.rstrip("\n") + "\n" + SECTION + json.dumps(parts, ensure_ascii=False) + "\n"


def split(text: str) -> tuple[str, str]:
    """(the Markdown, the parts' section as written, or "")."""
    at = text.rfind(SECTION)
    if at < 0:
        return text, ""
    return text[:at], text[at:]


def detach(text: str) -> tuple[str, list[str]]:
    """(the Markdown, its parts)."""
    markdown, section = split(text)
    return markdown, json.loads(section[len(SECTION):]) if section else []


def restore(html: str, parts: list[str]) -> str:
    """Put each part where its placeholder came out of Markdown; a placeholder missing or
    doubled is a bug in a template, not something to render around."""
    for number, part in enumerate(parts):
        mark = placeholder(number).strip()
        if html.count(mark) != 1:
            raise ValueError(f"pre-rendered part {number} has {html.count(mark)} places in the page")
        html = html.replace(mark, part, 1)
    return html
