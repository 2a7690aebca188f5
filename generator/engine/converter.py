"""One Markdown converter for all of MkDocs' pages, reset between them.

MkDocs (1.6) makes a new `markdown.Markdown` for every page it renders, loading and
registering every extension again: 0.2 ms a page, half a second of CPU at 2,000 stories and
two seconds at 10,000. Python-Markdown's own way to convert many documents is one instance
and `reset()` between them (every extension of the site resets its state there). `_render`
below is MkDocs' `Page.render` with that one change; the per-page processors MkDocs registers
replace the last page's (same names). `tests/test_mkdocs_shortcuts.py` checks that the sample
site is the same, byte for byte, as with MkDocs' own `Page.render`.

A page whose Markdown is only the placeholders of parts Wongrian rendered itself (a story
page: `prerendered.py`) is not converted at all: its HTML is the placeholders, as
Python-Markdown would give them, with no heading, link or anchor for MkDocs to see.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager

_converters: dict[int, object] = {}  # id of the config -> markdown.Markdown (one per block)


@contextmanager
def one_converter():
    """While the block runs, MkDocs' pages are rendered with one converter per process."""
    from mkdocs.structure.pages import Page

    saved = Page.render
    Page.render = _render
    try:
        yield
    finally:
        Page.render = saved
        _converters.clear()


def _converter(config):
    import markdown

    md = _converters.get(id(config))
    if md is None:
        md = _converters[id(config)] = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    return md


_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_PLACEHOLDER = re.compile(r"<!-- wr:part [0-9a-f]+ -->")


def parts_only(markdown: str) -> list[str] | None:
    """The placeholders of Markdown made of them alone, each a block of its own (between
    blank lines, not indented), else None."""
    blocks = _BLANK_LINES.split(markdown.strip("\n"))
    return blocks if all(_PLACEHOLDER.fullmatch(b) for b in blocks) else None


def _render(self, config, files) -> None:
    """`mkdocs.structure.pages.Page.render` (1.6) on the process's converter."""
    from mkdocs.structure import pages as mk
    from mkdocs.structure.toc import get_toc

    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    placeholders = parts_only(self.markdown)
    if placeholders is not None:  # what Python-Markdown makes of them, without its work
        self.content, self.toc = "\n\n".join(placeholders), get_toc([])
        self._title_from_render, self.present_anchor_ids = None, set()
        if mk.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}
        return
    md = _converter(config)
    md.reset()
    raw_html_ext = mk._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = mk._ExtractAnchorsTreeprocessor(self.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = mk._RelativePathTreeprocessor(self.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mk._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    self.content = md.convert(self.markdown)
    self.toc = get_toc(getattr(md, "toc_tokens", []))
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = (extract_anchors_ext.present_anchor_ids
                               | raw_html_ext.present_anchor_ids)
    if mk.log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relative_path_ext.links_to_anchors
