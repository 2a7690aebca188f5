"""Tables of generated data as the HTML Python-Markdown's `tables` extension makes of a Markdown
table, written directly: a page hands them to MkDocs as prerendered parts (`Renderer.part`),
so that Markdown does not parse hundreds of rows of cells (links in every row made
Python-Markdown's link scan, which rescans the text after every link, the slowest step of the
network and indicator pages)."""

from __future__ import annotations

import html
from typing import Iterable, Sequence

from markupsafe import Markup

from .escape import one_line

_RIGHT = ' style="text-align: right;"'


def cell_text(value: object) -> Markup:
    """Plain text for a cell (on one line, escaped as Python-Markdown escapes text)."""
    return Markup(html.escape(one_line(value), quote=False))


def link(href: str, label: object) -> Markup:
    """A link for a cell: `href` relative to the page, already ending in .html."""
    return Markup(f'<a href="{html.escape(href)}">{cell_text(label)}</a>')


def table_html(header: Sequence[object], align: str, rows: Iterable[Sequence[object]],
               div_class: str = "") -> Markup:
    """A table: `header` and cells are HTML (`Markup`) or plain text (escaped here); `align` one
    letter per column, "r" for right-aligned; `div_class`: the table inside a `<div>` of it."""
    def cells(tag: str, values: Sequence[object]) -> str:
        return "\n".join(f"<{tag}{_RIGHT if align[i:i + 1] == 'r' else ''}>"
                         f"{v if isinstance(v, Markup) else cell_text(v)}</{tag}>"
                         for i, v in enumerate(values))

    body = "".join(f"<tr>\n{cells('td', row)}\n</tr>\n" for row in rows)
    text = (f"<table>\n<thead>\n<tr>\n{cells('th', header)}\n</tr>\n</thead>\n"
            f"<tbody>\n{body}</tbody>\n</table>")
    return Markup(f'<div class="{html.escape(div_class)}">\n{text}\n</div>' if div_class else text)
