"""Static SVG drawings of the network, drawn at build time: shown without JavaScript, in print
and in the offline bundle. Pure: data in, SVG text out; numbers are rounded for stable output."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from xml.sax import saxutils

from ..escape import xml_chars

def escape(text: str) -> str:
    """Text in SVG (XML): escaped, and without the characters XML forbids (U+FFFE, U+0000 …),
    which would make the file unreadable."""
    return saxutils.escape(xml_chars(text))


def quoteattr(text: str) -> str:
    """An attribute value in SVG, quoted, likewise."""
    return saxutils.quoteattr(xml_chars(text))


COLOURS = {"agency": "#1b6e3a", "area": "#e08a1e", "centre": "#0b3d91"}
EGO_WIDTH, EGO_HEIGHT, EGO_RADIUS = 800, 540, 185
NETWORK_MARGIN = 60
NETWORK_LABELS = 40   # the whole-network SVG labels only its biggest nodes


@dataclass(frozen=True)
class Dot:
    """One node as drawn: its id, short label, hover text, type, link and weight."""

    node: str
    label: str
    title: str
    type: str          # "agency" or "area"
    href: str
    weight: int        # stories: shared with the ego, or the node's own
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Ego:
    """An ego network: a node, its neighbours (strongest first) and the ties among them."""

    centre: Dot
    alters: tuple[Dot, ...]
    ties: tuple[tuple[int, int, int], ...]   # (alter index, alter index, stories)
    hidden: int = 0                          # neighbours left out to keep the drawing legible


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _node(dot: Dot, x: float, y: float, radius: float, kind: str, label: str | None,
          anchor: str = "middle", lx: float = 0.0, ly: float = 0.0, focusable: bool = True) -> str:
    shape = (f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(radius)}" fill="{COLOURS[kind]}"/>'
             if dot.type == "agency" or kind == "centre" else
             f'<rect x="{_num(x - radius)}" y="{_num(y - radius)}" width="{_num(2 * radius)}" '
             f'height="{_num(2 * radius)}" rx="3" fill="{COLOURS[kind]}"/>')
    text = "" if label is None else (
        f'<text x="{_num(lx)}" y="{_num(ly)}" text-anchor="{anchor}">{escape(label)}</text>')
    extra = " wr-centre" if kind == "centre" else ""
    # In a page, the lists next to the drawing are the keyboard's way to the same pages.
    keys = "" if focusable else ' tabindex="-1"'  # its name is its <title>
    return (f'<a href={quoteattr(dot.href)} class="wr-node wr-{dot.type}{extra}"{keys} '
            f'data-node={quoteattr(dot.node)}><title>{escape(dot.title)}</title>{shape}{text}</a>')


def _radius(weight: int, largest: int) -> float:
    return 5.0 + 11.0 * math.sqrt(weight / largest) if largest else 6.0


def _place(index: int, count: int) -> tuple[float, float, float]:
    """Position and angle of alter `index` on the ring, starting at the top, clockwise."""
    angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
    return (EGO_WIDTH / 2 + EGO_RADIUS * math.cos(angle),
            EGO_HEIGHT / 2 + EGO_RADIUS * math.sin(angle), angle)


def _label_at(x: float, y: float, angle: float, radius: float) -> tuple[str, float, float]:
    dx, dy = math.cos(angle), math.sin(angle)
    lx, ly = x + dx * (radius + 6), y + dy * (radius + 6) + 4
    if abs(dx) < 0.08:  # at the top or the bottom: centre the label above or below
        return "middle", x, y + (radius + 16 if dy > 0 else -(radius + 6))
    return ("start" if dx > 0 else "end"), lx, ly


def text_width(text: str, size: float) -> float:
    """About how wide a line of text is drawn: Thai vowels and tone marks above or below a
    letter take no width of their own; a letter about 0.6 of the font size."""
    return 0.6 * size * sum(1 for c in text if unicodedata.category(c) != "Mn")


def _span(labels: list[tuple[str, float, str]], size: float) -> tuple[float, float]:
    """Left and right edge of the drawing with its labels ((anchor, x, text) each), at least
    the ring's own box: the view is widened so that no long name is cut at its edge."""
    left, right = 0.0, float(EGO_WIDTH)
    for anchor, x, text in labels:
        width = text_width(text, size)
        start = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        left, right = min(left, start - 4), max(right, start + width + 4)
    return left, right


def ego_svg(ego: Ego, title: str) -> str:
    """The ego network as an SVG element: the node in the middle, neighbours on a ring,
    line width = shared stories; every node is a link with a hover title."""
    largest = max([a.weight for a in ego.alters] or [1])
    spots = [_place(i, len(ego.alters)) for i in range(len(ego.alters))]
    cx, cy = EGO_WIDTH / 2, EGO_HEIGHT / 2
    labels = [(*_label_at(x, y, angle, _radius(a.weight, largest))[:2], f"{a.label} · {a.weight}")
              for a, (x, y, angle) in zip(ego.alters, spots)]
    left, right = _span([*labels, ("middle", cx, ego.centre.label)], 15)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="{_num(left)} 0 {_num(right - left)} {EGO_HEIGHT}" '
             f'class="wr-ego-svg" role="group" aria-label={quoteattr(title)} '
             f'font-size="15"><title>{escape(title)}</title>',
             '<g class="wr-ties" stroke="#9aa5b1" stroke-opacity="0.5">']
    for i, j, weight in ego.ties:
        (x1, y1, _), (x2, y2, _) = spots[i], spots[j]
        parts.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                     f'stroke-width="{_num(min(4.0, 0.6 + 0.4 * weight))}"/>')
    parts.append('</g><g class="wr-spokes" stroke="#52606d" stroke-opacity="0.7">')
    for alter, (x, y, _) in zip(ego.alters, spots):
        parts.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" '
                     f'stroke-width="{_num(min(9.0, 1.0 + 1.5 * math.sqrt(alter.weight)))}"/>')
    parts.append('</g><g class="wr-nodes" fill="currentColor">')
    for alter, (x, y, angle) in zip(ego.alters, spots):
        radius = _radius(alter.weight, largest)
        anchor, lx, ly = _label_at(x, y, angle, radius)
        parts.append(_node(alter, x, y, radius, alter.type, f"{alter.label} · {alter.weight}",
                           anchor, lx, ly, focusable=False))
    parts.append(_node(ego.centre, cx, cy, 18, "centre", ego.centre.label, "middle", cx, cy + 38,
                       focusable=False))
    parts.append("</g></svg>")
    return "".join(parts)


PHONE_WIDTH, PHONE_ROW = 360, 30


def ego_phone_svg(ego: Ego, title: str) -> str:
    """The same ego network for a narrow screen, drawn at the size it is shown (labels 14 px):
    the node on the left, its neighbours in a column, strongest first, line width = stories."""
    rows = len(ego.alters)
    height = max(rows * PHONE_ROW + 16, 70)
    cx, cy, ax = 26, height / 2, 118
    largest = max([a.weight for a in ego.alters] or [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PHONE_WIDTH} {_num(height)}" '
             f'class="wr-ego-phone-svg" role="group" aria-label={quoteattr(title)} font-size="14">'
             f"<title>{escape(title)}</title>",
             '<g class="wr-spokes" stroke="#52606d" stroke-opacity="0.7">']
    spots = [(ax, 8 + PHONE_ROW * i + PHONE_ROW / 2) for i in range(rows)]
    for alter, (x, y) in zip(ego.alters, spots):
        parts.append(f'<line x1="{cx}" y1="{_num(cy)}" x2="{x}" y2="{_num(y)}" '
                     f'stroke-width="{_num(min(7.0, 1.0 + 1.2 * math.sqrt(alter.weight)))}"/>')
    parts.append('</g><g class="wr-nodes" fill="currentColor">')
    for alter, (x, y) in zip(ego.alters, spots):
        radius = min(_radius(alter.weight, largest), 11.0)
        parts.append(_node(alter, x, y, radius, alter.type, f"{alter.label} · {alter.weight}",
                           "start", x + 16, y + 5, focusable=False))
    parts.append(_node(ego.centre, cx, cy, 14, "centre", None, focusable=False))
    parts.append("</g></svg>")
    return "".join(parts)


def network_svg(dots: list[Dot], edges: list[tuple[int, int, int]], size: float,
                title: str) -> str:
    """The whole network at its stored layout, as a standalone SVG file (the no-JavaScript
    picture of the network page). Edges are drawn as one path per width class."""
    full = size + 2 * NETWORK_MARGIN
    largest = max([d.weight for d in dots] or [1])
    labelled = {d.node for d in sorted(dots, key=lambda d: (-d.weight, d.node))[:NETWORK_LABELS]}
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(full)} {_num(full)}" '
             f'width="{_num(full)}" height="{_num(full)}" font-size="14" role="img">',
             f"<title>{escape(title)}</title>",
             '<style>text{font-family:Sarabun,"Noto Sans Thai",Loma,sans-serif;'
             "paint-order:stroke;stroke:#fff;stroke-width:3px;fill:#1f2933}</style>",
             f'<rect width="{_num(full)}" height="{_num(full)}" fill="#fff"/>']
    for lo, hi, width in ((1, 1, 0.6), (2, 2, 1.2), (3, 4, 2.0), (5, 10**9, 3.2)):
        path = "".join(f"M{_num(dots[i].x + NETWORK_MARGIN)} {_num(dots[i].y + NETWORK_MARGIN)}"
                       f"L{_num(dots[j].x + NETWORK_MARGIN)} {_num(dots[j].y + NETWORK_MARGIN)}"
                       for i, j, w in edges if lo <= w <= hi)
        if path:
            parts.append(f'<path d="{path}" fill="none" stroke="#7b8794" '
                         f'stroke-opacity="0.45" stroke-width="{width}"/>')
    for dot in dots:
        x, y = dot.x + NETWORK_MARGIN, dot.y + NETWORK_MARGIN
        radius = _radius(dot.weight, largest)
        label = dot.label if dot.node in labelled else None
        parts.append(_node(dot, x, y, radius, dot.type, label, "middle", x, y - radius - 4))
    parts.append("</svg>\n")
    return "".join(parts)
