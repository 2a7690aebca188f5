"""A Markdown extension that skips inline patterns on text none of them can match.

Python-Markdown's inline stage tries each of its ~14 patterns on every run of text, in
Python, one after the other: 40 % of the time it spends on a story body, whose paragraphs
are mostly plain Thai prose. Every built-in pattern needs a certain character to match (a
backtick, a backslash, `[`, `<`, `&`, two spaces before a line break, or a delimiter such as
`*` and `_`), so one search for those characters tells that none can: the text is then left
as it is, which is what the patterns would have done. A pattern this table does not know (an
extension's own) is searched for with its own expression, so the answer stays exact.

`tests/test_markdown_inline.py` renders many texts with and without the extension and
compares them byte for byte.
"""

from __future__ import annotations

import re

from markdown import inlinepatterns as ip
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# Python-Markdown's patterns, by their expression: what each needs to find to match at all.
NEEDS: dict[str, str] = {
    ip.BACKTICK_RE: "`",          # both of its branches end at a backtick
    ip.ESCAPE_RE: "\\",
    ip.LINK_RE: "[", ip.REFERENCE_RE: "[", ip.IMAGE_LINK_RE: "[", ip.IMAGE_REFERENCE_RE: "[",
    ip.AUTOLINK_RE: "<", ip.AUTOMAIL_RE: "<", ip.HTML_RE: "<",
    ip.ENTITY_RE: "&",
    ip.LINE_BREAK_RE: "  \n",
}
NEEDS[r"\[\^([^\]]*)\]"] = "["  # the footnotes extension's reference, "[^1]" (its own
# expression in `FootnoteExtension.extendMarkdown`; another version's is searched for as is)
_DELIMITERS = getattr(ip, "DelimiterProcessor", ())  # Python-Markdown 3.11 and later


def needed(patterns) -> tuple[re.Pattern | None, list[re.Pattern]]:
    """(one expression for what the known patterns need, the unknown patterns' own)."""
    needs, others = set(), []
    for pattern in patterns:
        source = getattr(pattern, "pattern", None)
        if isinstance(pattern, _DELIMITERS) and pattern.tokens:
            needs.update(pattern.tokens)  # it matches its delimiters, nothing else
        elif isinstance(source, str) and source in NEEDS:
            needs.add(NEEDS[source])
        else:
            others.append(pattern.getCompiledRegExp())
    known = re.compile("|".join(map(re.escape, sorted(needs)))) if needs else None
    return known, others


class QuickInlineProcessor(InlineProcessor):
    """The stock inline stage, which returns a text at once when no pattern can match it."""

    def run(self, tree, ancestors=None):
        self._known, self._others = needed(self.inlinePatterns)  # the patterns of this document
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString) or (
                not (self._known and self._known.search(data))
                and not any(other.search(data) for other in self._others)):
            return data  # what the patterns would give back: nothing in it is theirs
        return super()._InlineProcessor__handleInline(data, patternIndex)


class QuickInline(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)  # replaces the stock


def makeExtension(**kwargs) -> QuickInline:
    return QuickInline(**kwargs)
