"""A Markdown extension that skips block processors' tests on blocks they cannot match.

Python-Markdown asks each block processor in turn whether it takes a block, and most ask with
a regular expression searched over the whole block: a heading needs `#`, a quote `>`, a
definition `:`, a rule three of `-`, `_` or `*`, a setext heading a line of `=` or `-`, a table
`|`, an admonition `!!!` (or an indented block that continues one). A paragraph of Thai prose
has none of them, yet these searches were a third of the time spent on a story body. Each
test below is first asked whether the block holds what its processor needs; when it does not,
the answer is no, as the processor's own test would have said.

Only processors of exactly these classes are wrapped, and the regular-expression ones only
while their expression is the one this table was written for (Python-Markdown 3.11): another
version's processors are asked as they are. `tests/test_markdown_blocks.py` renders many
texts with and without the extension and compares them byte for byte.
"""

from __future__ import annotations

from markdown import blockprocessors as bp
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.tables import TableProcessor

# class -> (the expression its test uses, as written in Python-Markdown 3.11, or None when
# its test splits the block itself; what the block must contain, one of them at least)
NEEDS: dict[type, tuple[str | None, tuple[str, ...]]] = {
    bp.HashHeaderProcessor: (r'(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)',
                             ("#",)),
    bp.SetextHeaderProcessor: (r'^.*?\n(?:=+|-+)[ ]*(\n|$)', ("\n=", "\n-")),
    bp.HRProcessor: (r'^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))'
                     r'(?P=atomicgroup)[ ]*$', ("-", "_", "*")),
    bp.BlockQuoteProcessor: (r'(^|\n)[ ]{0,3}>[ ]?(.*)', (">",)),
    DefListProcessor: (r'(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)', (":",)),
    TableProcessor: (None, ("|",)),  # a header row of two cells, or rows with a border
}
ADMONITION_RE = r'(?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$)'


def _expression(processor) -> str | None:
    found = getattr(processor, "SEARCH_RE", None) or getattr(processor, "RE", None)
    return getattr(found, "pattern", found)


def quick_test(processor):
    """`processor.test` that first looks for what the processor needs, or None when this table
    does not know the processor."""
    kind = type(processor)
    test = processor.test
    if kind is AdmonitionProcessor:
        if _expression(processor) != ADMONITION_RE:
            return None
        indent = " " * processor.tab_length

        def admonition(parent, block: str) -> bool:
            # a new one needs "!!!"; one continued (its parse_content) an indented block,
            # unless its test has just found the sibling and its run has not used it yet
            if "!!!" in block or block.startswith(indent) or processor.current_sibling is not None:
                return test(parent, block)
            return False

        return admonition
    if kind not in NEEDS:
        return None
    expression, needs = NEEDS[kind]
    if expression is not None and _expression(processor) != expression:
        return None

    if len(needs) == 1:
        need = needs[0]

        def quick(parent, block: str) -> bool:
            return need in block and test(parent, block)
    else:
        def quick(parent, block: str) -> bool:  # (a loop: `any` with a generator costs more)
            for need in needs:
                if need in block:
                    return test(parent, block)
            return False

    return quick


class QuickBlocks(Extension):
    def extendMarkdown(self, md) -> None:
        for processor in md.parser.blockprocessors:
            quick = quick_test(processor)
            if quick is not None:
                processor.test = quick


def makeExtension(**kwargs) -> QuickBlocks:
    return QuickBlocks(**kwargs)
