"""Network layout: node positions in a square, identical from build to build.

networkx and numpy are imported inside the functions that use them: `wongrian check`
imports the build pipeline and should not pay for loading them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Mapping

from .graph import SEED, Network

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

LAYOUT_SIZE = 1000.0     # positions are in a [0, LAYOUT_SIZE] square
MIN_GAP = 0.45          # smallest distance between two nodes, in layout units per node
KK_LIMIT = 250          # larger parts get a seeded spring layout (Kamada–Kawai is O(n²))
DENSE_LIMIT = 2000      # parts up to this size: the dense force layout (arrays of n² numbers)
ITERATIONS = 120


def layout(network: Network, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Node positions in a [0, LAYOUT_SIZE] square. Each connected part gets a Kamada–Kawai
    layout (a seeded spring layout when very large), agency–area ties being shorter than
    agency–agency ties; the parts are packed in rows, largest first; rounded so that builds
    are identical."""
    import networkx as nx

    combined = nx.Graph()
    combined.add_nodes_from(network.graph)
    for u, v, w in network.graph.edges(data="weight"):
        pull = 1.0 + math.log2(w)
        combined.add_edge(u, v, weight=pull, distance=1.0 / pull)
    for u, v, w in network.projection.edges(data="weight"):
        pull = 0.25 * (1.0 + math.log2(w))
        combined.add_edge(u, v, weight=pull, distance=1.0 / pull)
    if combined.number_of_nodes() == 0:
        return {}
    parts = sorted((sorted(c) for c in nx.connected_components(combined)),
                   key=lambda c: (-len(c), c[0]))
    boxes = [_part_layout(_part_graph(combined, part), seed) for part in parts]
    return _rescale(_pack(boxes))


def _part_graph(graph: nx.Graph, part: list[str]) -> nx.Graph:
    """A connected part as a graph of its own, nodes and edges in sorted order (a subgraph
    view may iterate in set order, which changes with Python's hash seed)."""
    import networkx as nx

    sub = nx.Graph()
    sub.add_nodes_from(part)
    inside = set(part)
    sub.add_edges_from(sorted((min(u, v), max(u, v), d) for u in part for v, d in graph[u].items()
                              if v in inside and u < v))
    return sub


def _part_layout(part: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """One connected part laid out in a square of side ~sqrt(nodes), corner at (0, 0)."""
    import networkx as nx
    import numpy as np

    side = math.sqrt(part.number_of_nodes())
    if part.number_of_nodes() == 1:
        return {next(iter(part)): (0.5, 0.5)}
    if part.number_of_nodes() <= KK_LIMIT:  # deterministic: starts from a circle
        pos = nx.kamada_kawai_layout(part, weight="distance")
    else:
        pos = force_layout(part, seed)
    xs, ys = [float(p[0]) for p in pos.values()], [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    spread = _spread(np.array([[(float(x) - min(xs)) / span * side,
                                (float(y) - min(ys)) / span * side] for x, y in pos.values()]))
    spread -= spread.min(axis=0) - 0.5
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, spread)}


def force_layout(part: nx.Graph, seed: int, iterations: int = ITERATIONS) -> dict:
    """`nx.spring_layout(part, weight="weight", seed=seed, iterations=iterations,
    method="force")` as networkx computes it below 500 nodes (dense Fruchterman–Reingold,
    `networkx.drawing.layout._fruchterman_reingold`), for parts of up to DENSE_LIMIT nodes:
    from 500 nodes networkx switches to a sparse version that loops over the rows in Python,
    7.2 s for the 634-node part of the 10,000-story corpus (the dense one: about 1 s)."""
    import networkx as nx
    import numpy as np

    if part.number_of_nodes() > DENSE_LIMIT:
        return nx.spring_layout(part, weight="weight", seed=seed, iterations=iterations,
                                method="force")
    adjacency = nx.to_numpy_array(part, weight="weight")
    nodes = len(adjacency)
    pos = np.random.RandomState(seed).rand(nodes, 2)
    k = np.sqrt(1.0 / nodes)
    t = max(max(pos.T[0]) - min(pos.T[0]), max(pos.T[1]) - min(pos.T[1])) * 0.1
    dt = t / (iterations + 1)
    displacement = np.empty((nodes, 2))
    for _ in range(iterations):
        delta = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
        dx, dy = delta[..., 0], delta[..., 1]
        distance = np.sqrt(dx * dx + dy * dy)  # `norm(delta, axis=-1)`, without its copies
        np.clip(distance, 0.01, None, out=distance)
        force = k * k / distance**2 - adjacency * distance / k
        displacement[:, 0] = np.einsum("ij,ij->i", dx, force)  # `einsum("ijk,ij->ik", …)`
        displacement[:, 1] = np.einsum("ij,ij->i", dy, force)  # a column at a time: faster
        length = np.clip(np.linalg.norm(displacement, axis=-1), a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        pos += delta_pos
        t -= dt
        if np.linalg.norm(delta_pos) / nodes < 1e-4:
            break
    return dict(zip(part, nx.rescale_layout(pos)))


def _spread(xy: "np.ndarray", gap: float = MIN_GAP, rounds: int = 60) -> "np.ndarray":
    """Push apart nodes closer than `gap` (in units where a part of n nodes is sqrt(n) wide),
    so that dots do not hide each other; deterministic. Each round looks only at the pairs
    closer than `gap` (`close_pairs`): the rest push nothing."""
    import numpy as np

    xy = xy.copy()
    n = len(xy)
    for _ in range(rounds):
        pairs = close_pairs(xy, gap)
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = xy[i] - xy[j]
        dist = np.maximum(np.sqrt((delta ** 2).sum(axis=1)), 1e-6)
        push = np.clip(gap - dist, 0.0, None) / dist / 2
        if not push.any():
            break
        move = delta * push[:, None]  # i moves away from j by it, j away from i by as much
        for axis in (0, 1):
            xy[:, axis] += np.bincount(i, move[:, axis], n) - np.bincount(j, move[:, axis], n)
    return xy


def close_pairs(xy: "np.ndarray", gap: float) -> "np.ndarray":
    """The pairs (i, j), i < j, of points no farther apart than `gap`, in order: the points
    sorted by x, each is compared with those after it up to `gap` further right (a few per
    point in a spread-out layout). What scipy's k-d tree finds (`query_pairs`), without
    importing scipy.spatial (a third of a second)."""
    import numpy as np

    order = np.argsort(xy[:, 0], kind="stable")
    sorted_x = xy[order, 0]
    ends = np.searchsorted(sorted_x, sorted_x + gap, side="right")
    counts = ends - np.arange(len(xy)) - 1  # the points after each, within `gap` in x
    first = np.repeat(np.arange(len(xy)), counts)
    second = first + 1 + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    i, j = order[first], order[second]
    delta = xy[i] - xy[j]
    close = (delta * delta).sum(axis=1) <= gap * gap
    pairs = np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1)[close]
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def _pack(boxes: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Place the parts in rows (largest first) inside a roughly square area."""
    sizes = [(max(x for x, _ in b.values()) + 0.5, max(y for _, y in b.values()) + 0.5)
             for b in boxes]
    width = max(max(w for w, _ in sizes), math.sqrt(sum(w * h for w, h in sizes)) * 1.35)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for box, (w, h) in zip(boxes, sizes):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        placed.update({n: (x + px, -(y + py)) for n, (px, py) in box.items()})
        x, row = x + w, max(row, h)
    return placed


def _rescale(pos: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    scale = LAYOUT_SIZE / span if span > 0 else 0.0
    pad_x = (LAYOUT_SIZE - (max(xs) - min(xs)) * scale) / 2
    pad_y = (LAYOUT_SIZE - (max(ys) - min(ys)) * scale) / 2
    return {n: (round((x - min(xs)) * scale + pad_x, 1), round((max(ys) - y) * scale + pad_y, 1))
            for n, (x, y) in sorted(pos.items())}
