"""Tables of generated data as the HTML Python-Markdown's `tables` extension makes of a Markdown
table, written directly: a page hands them to MkDocs as prerendered parts (`Renderer.part`),
so that Markdown does not parse hundreds of rows of cells (links in every row made
Python-Markdown's link scan, which rescans the text after every link, the slowest step of the
network and indicator pages)."""

from __future__ import annotations

import html
from typing import Iterable, Sequence

from markupsafe import Markup

from .escape import html_line

_ALIGN = {"r": ' style="text-align: right;"', "c": ' style="text-align: center;"'}


def cell_text(value: object) -> Markup:
    """Plain text for a cell (`escape.html_line`)."""
    return Markup(html_line(value))


def link(href: str, label: object) -> Markup:
    """A link for a cell: `href` relative to the page, already ending in .html."""
    return Markup(f'<a href="{html.escape(href)}">{cell_text(label)}</a>')


def _cells(tag: str, align: str, values: Sequence[object]) -> str:
    return "\n".join(f"<{tag}{_ALIGN.get(align[i:i + 1], '')}>"
                     f"{v if isinstance(v, Markup) else cell_text(v)}</{tag}>"
                     for i, v in enumerate(values))


def thead(align: str, *header: object) -> Markup:
    """A table's head: `align` has one letter per column, "l", "c" or "r"; each cell is
    HTML (`Markup`) or plain text (escaped here)."""
    return Markup(f"<thead>\n<tr>\n{_cells('th', align, header)}\n</tr>\n</thead>")


def tr(align: str, *cells: object) -> Markup:
    """A row of a table's body (cells as for `thead`)."""
    return Markup(f"<tr>\n{_cells('td', align, cells)}\n</tr>")


def table_html(header: Sequence[object], align: str, rows: Iterable[Sequence[object]],
               div_class: str = "") -> Markup:
    """A whole table (as `thead` and `tr` make its parts); `div_class`: inside a `<div>` of it."""
    body = "".join(f"{tr(align, *row)}\n" for row in rows)
    text = f"<table>\n{thead(align, *header)}\n<tbody>\n{body}</tbody>\n</table>"
    return Markup(f'<div class="{html.escape(div_class)}">\n{text}\n</div>' if div_class else text)
